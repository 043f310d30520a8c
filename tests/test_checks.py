from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sites import run
from test_markup import TEXTS as MARKUP_TEXTS
from quality_site import Unit, make_site

from i18npub.core import checks
from i18npub.core.catalog import Catalog, Entry
from i18npub.core.checks import Markup, Policy, Severity, check_catalog, check_entry, emphasis_counts, numbers, word_count


def codes(msgid: str, msgstr: str, kind: str = "paragraph", fuzzy: bool = False, allowed=(), note: str = "") -> set[str]:
    entry = Entry(msgid=msgid, msgstr=msgstr, comments=[kind], flags=["fuzzy"] if fuzzy else [],
                  translator_comments=[note] if note else [])
    return {f.code for f in check_entry(entry, Policy(allowed_domains=tuple(allowed)))}


# Each case: source, translation, codes expected (exactly).
CASES = [
    # correct translations: nothing to report
    ("Voir le [guide](https://a.fr/g){:target=\"_blank\"}.", "See the [guide](https://a.fr/g){:target=\"_blank\"}.", set()),
    ("Lire [la note](/n \"Titre\") et ![un logo](/l.png).", "Read [the note](/n \"Title\") and ![a logo](/l.png).", set()),
    ("Un **texte** et *un autre*<br>fin", "A **text** and *another*<br>end", set()),
    ("Bonjour <span lang=\"en\">hello</span> {{ site.title }}", "Hi <span lang=\"en\">hello</span> {{site.title}}", set()),
    ("Tapez `ls -l` dans {% raw %}le terminal", "Type `ls -l` in {% raw %}the terminal", set()),
    ("Il y a 1 000 habitants en 2024.", "There are 1,000 inhabitants in 2024.", set()),
    ("Voir https://a.fr/x.", "See https://a.fr/x.", set()),
    ("la variable ma_variable_longue", "the variable ma_variable_longue", set()),
    ("Lien cassé [ici](/x){:target\"_blank\"}", "Broken link [here](/x){:target\"_blank\"}", set()),
    ("Un **mot**", "A `word`", {"emphasis"} - {"emphasis"}),  # formatting may change: a code span added
    ("[a](/x){:target=\"_blank\")", "[a](/x)", set()),  # an unclosed attribute list is text for kramdown
    # links
    ("Voir [le guide](https://a.fr/g).", "See [the guide](https://b.com/g).", {"link-target", "new-domain"}),
    ("Voir [le guide](/g).", "See the guide.", {"link-target"}),
    ("Voir [le guide](/g).", "See [](/g) the guide.", {"link-text"}),
    ("Voir [le guide] (/g).", "See [the guide](/g).", {"link-added"}),
    ("Voir [le guide](/fr/g).", "See [the guide](/en/g).", {"link-changed"}),  # another page of the site: a warning
    ("Site : <https://a.fr>", "Site: <https://b.fr>", {"link-target", "new-domain"}),
    ("Écrire à <contact@a.fr>", "Write to <phish@evil.example>", {"link-target", "new-domain"}),  # autolinks to mailto:
    ("Voir le site.", "See the site www.evil.example", {"new-domain"}),  # autolinkers send www. to http://
    ("Voir <a href=\"https://a.fr\">ici</a>", "See <a href=\"https://a.fr\" onclick=\"x()\">here</a>", {"html-tag", "unsafe-html"}),
    # images
    ("![logo](/a.png)", "![logo](/b.png)", {"link-changed"}),
    ("![logo](/a.png)", "logo", {"image"}),
    ("<img src=\"/a.png\" alt=\"logo\">", "<img src=\"/a.png\" alt=\"the logo\">", set()),
    # attribute lists: compared verbatim, and none may be added
    ("Texte\n{: .encadre}", "Text", {"ial"}),
    ("[a](/x){:target\"_blank\"}", "[a](/x){:target=\"_blank\"}", {"ial", "unsafe-markup"}),
    ("Texte", "Text {: onclick=\"alert(1)\"}", {"unsafe-markup"}),
    ("Texte", "Text {:\nonmouseover=\"alert(1)\"}", {"unsafe-markup"}),
    ("Texte", "Text {:onmouseover=\"alert(1)\" data-x=\"{\"}", {"unsafe-markup"}),
    # code and Liquid
    ("Tapez `ls`", "Type `dir`", {"inline-code"}),
    ("Bonjour {{ page.name }}", "Hello {{ page.title }}", {"liquid", "unsafe-markup"}),
    ("Bonjour", "Hello {% include evil.html %}", {"unsafe-markup"}),
    ("Bonjour", "Hello {% include evil.html", {"unsafe-markup"}),
    ("Bonjour", "Hello `{{ site.secret }}`", {"unsafe-markup"}),  # Liquid runs inside code spans too
    ("[a]({{ site.baseurl }}/x)", "[a]({{ site.baseurl }}/y)", {"link-changed"}),
    # HTML tags
    ("Un <b>mot</b>", "A word", {"html-tag"}),
    ("Un <span lang=\"en\">mot</span>", "A <span lang=\"de\">word</span>", {"html-tag"}),
    ("Un mot", "A <b>word</b>", {"html-tag"}),
    ("Un mot", "A <span style=\"background:url(//evil.example/x)\">word</span>", {"unsafe-html", "new-domain", "html-tag"}),
    ("Un mot", "A `<img src=x onerror=alert(1)>`", {"unsafe-html"}),  # live inside an HTML block
    ("Un mot", "A \\<img src=x onerror=alert(1)>", {"unsafe-html", "numbers"}),
    ("Un mot", "A word <img src=x onerror=alert(1)//", {"unsafe-markup"}),
    ("Un mot", "A word<!--><img src=x onerror=alert(1)>-->", {"unsafe-markup"}),
    ("Un mot", "A word <!-- note -->", {"unsafe-markup"}),
    # the comment its text seems to be, too, had the tag been broken (see the exposed reading)
    ("<img src=\"/a.png\" alt=\"logo\">", "<img src=\"/a.png\" alt=\"<!--\" onmouseover=\"alert(1)\" title=\"-->\">", {"html-tag", "unsafe-html", "unsafe-markup"}),
    # reference definitions
    ("Voir [x][r]", "See [x][r]\n\n[r]: javascript:alert(1)", {"unsafe-markup", "unsafe-url"}),
    ("Voir [x][r]", "See [x][r]\n\n[r]: //evil.example/", {"unsafe-markup", "new-domain"}),
    ("Voir [x][r]", "See [x][r]\n\n[r]: http:evil.example", {"unsafe-markup", "new-domain"}),
    ("Voir [x]", "See [x]\n\n* [x]: javascript:alert(1)", {"unsafe-markup", "unsafe-url"}),  # list items hold blocks
    ("Voir [x]", "See [x]\n\n: [x]: javascript:alert(1)", {"unsafe-markup", "unsafe-url"}),  # so do definitions
    ("Voir [x][a[b]", "See [x][a[b]\n\n[a[b]: javascript:alert(1)", {"unsafe-markup", "unsafe-url"}),  # names may hold [
    # line breaks
    ("ligne un<br>ligne deux", "line one line two", {"line-breaks"}),
    ("ligne un  \nligne deux", "line one\nline two", {"line-breaks"}),
    # emphasis
    ("Un **mot** important", "An important **word", {"emphasis"}),
    ("Un *mot* important", "An important *word", {"emphasis"}),
    ("2 * 3 = 6", "2 * 3 = 6", set()),  # nothing to translate
    # harmful additions
    ("Bonjour", "Hello<script>alert()</script>", {"unsafe-html"}),
    ("Bonjour", "Hello <iframe src=\"https://x.org\"></iframe>", {"unsafe-html", "new-domain"}),
    ("Voir [ici](/x)", "See [here](javascript:alert(1))", {"link-target", "unsafe-url"}),
    ("Voir [ici](/x)", "See [here](JavaScript&#58;alert(1))", {"link-target", "unsafe-url"}),
    ("Voir [ici](/x)", "See [here](java&#9;script:alert(1))", {"link-target", "unsafe-url"}),
    ("Voir [ici](/x)", "See [here]( javascript:alert(1) )", {"link-target", "unsafe-url"}),
    ("Voir [ici](/x)", "See [here](javascript:alert(1)\n)", {"link-target", "unsafe-url"}),  # a target crosses lines
    ("Voir [ici](/x)", "See [here](javascript:alert((((1)))))", {"link-target", "unsafe-markup"}),  # too deep to follow
    ("Voir [ici](/x \"Le titre\")", "See [here](/x \"The\ntitle\")", set()),  # a title crosses lines too
    # what a code span, a tag's text, a fence line or an unclosed attribute list seems to hide is read
    # too: kramdown's paragraph ends at a line of ^ or of a form feed, a fence line is text in one
    ("Un mot", "A `word\n^\n[x]: javascript:alert(1)\n^\n[x]`", {"unsafe-markup", "unsafe-url"}),
    ("Un mot", "A `word\n\x0c\n[x]: javascript:alert(1)\n\x0c\n[x]`", {"unsafe-markup", "unsafe-url"}),
    ("Un <abbr title=\"x\">mot</abbr>", "A <abbr title=\"y\n^\n[x]: javascript:alert(1)\n^\n\">word</abbr> [x]", {"html-tag", "unsafe-markup", "unsafe-url"}),
    ("Un mot", "One\n\nword", {"unsafe-markup"}),  # a blank line ends the unit's block (a code block's, say)
    # a domain the source only shows (as code, or on lines that may be an indented code block) is none it links to
    ("Voir `<a href=\"https://b.fr\">` [c](/d)", "See `<a href=\"https://b.fr\">` [c](https://b.fr/x)", {"link-target", "new-domain"}),
    ("Voir [c](/d)\n\n    <a href=\"https://b.fr\">x</a>", "See [c](https://b.fr/x)\n\n    <a href=\"https://b.fr\">x</a>", {"link-target", "new-domain"}),
    ("Un mot", "One\n \t\nword", {"unsafe-markup"}),
    ("Un mot", "A word\n~~~\n[x](javascript:alert(1))", {"markup-added", "unsafe-url", "unsafe-markup"}),
    ("Un [mot](/x)", "A [word](/x){:onclick=\"alert(1)\"\n~~~\n}", {"markup-added", "unsafe-markup"}),
    ("Un mot", "A word {:[x](javascript:alert(1))", {"unsafe-url"}),
    ("Tapez un lien", "Type a link `[x](/y)`", set()),  # code may show harmless markup
    ("Voir [ici](/x)", "See [here](\\\\evil.example/x)", {"link-target", "new-domain"}),
    ("Voir ![x](/x.png)", "See ![x](data:image/svg+xml;base64,AAAA)", {"image", "unsafe-url"}),
    ("Voir [ici](https://a.fr/x) ou https://b.fr", "See [here](https://b.fr/x) or https://a.fr", {"link-changed"}),
    ("Voir {{ site.title }}", "See {{ site.title -}}", {"liquid", "unsafe-markup"}),  # `-` strips the blanks after it (a code block's)
    # what may run, counted in the plain text whatever the tokenizer reads (in code too)
    ("Un mot", "A `javascript:alert(1)` word", {"unsafe-url"}),
    ("Un mot", "A word onclick=alert()", {"unsafe-html"}),
    ("Voir le site.", "See `https://evil.example/x`.", {"new-domain"}),
    # a template may print a plain value inside an attribute (`alt="{{ page.image.alt }}"`)
    ("Une carte", 'Map" srcset="//ｅｖｉｌ．ｅｘａｍｐｌｅ/b.png', {"unsafe-html", "new-domain"}),  # fullwidth: a host to a browser
    ("Une carte", 'Map" style="background:url(x)', {"unsafe-html"}),
    ("Et/ou", "And//or", set()),  # a path, not a host
    ("Une carte", 'Map" x\tonload="alert()"', {"unsafe-html"}),  # a tab separates attributes
    ("Un site", "A mirror_www.evil.example/x site", {"new-domain"}),  # autolinking extensions link after `_`
    ("Un site", "A site //!@evil.example/x", {"new-domain"}),  # `!` is the URL's user
    ("Le texte.", "The\x0ctext.", {"unsafe-markup"}),
    ("Une note", "A note\n===", {"unsafe-markup"}),  # a block started on a later line: a kept `[x]: url` below is live
    ("Un\ndeux", "One in\n2024. Two", {"numbers"}),  # no list can start there  # kramdown loops on one at an indented line's start
    # CSS has escapes and URLs of its own: a tag's style is not a URL that may change
    ('Voir <span style="margin:4px">x</span>.', 'See <span style="margin:4px;background:url(\\2f\\2f evil.example/a.png)">x</span>.',
     {"html-tag", "unsafe-html"}),
    ("Voir `javascript:void(0)` et `<script>`", "See `javascript:void(0)` and `<script>`", set()),
    ("Données : 3 jeux, métadonnées:x", "Data: 3 sets, metadata:x", set()),
    # warnings
    ('<a href="/r.pdf" aria-label="Le rapport (PDF)">Lire</a>', '<a href="/r.pdf" aria-label="The report (PDF)">Read</a>', set()),
    ('<a href="/r.pdf" aria-label="Le rapport">Lire</a>', '<a href="/r.pdf" aria-label="The <b>report</b>">Read</a>', {"html-tag", "unsafe-html"}),
    ("Il y a 12 ministères.", "There are 13 ministries.", {"numbers"}),
    ("Bonjour le monde", "Bonjour le monde", {"same-as-source"}),
    (" Bonjour", "Hello", {"whitespace"}),
    ("Une phrase assez longue pour juger de la longueur du texte traduit.", "A sentence.", {"length"}),
]


@pytest.mark.parametrize(("msgid", "msgstr", "expected"), CASES)
def test_check_codes(msgid, msgstr, expected):
    assert codes(msgid, msgstr) == expected


def test_list_items_keep_their_lines_and_cells_stay_on_one_line():
    assert codes("un\ndeux", "one two", kind="list item") == {"line-breaks"}
    assert codes("un\ndeux", "one\ntwo", kind="list item") == set()
    assert codes("un\ndeux", "one two") == set()  # a paragraph may be reflowed
    assert codes("cellule", "a\ncell", kind="table cell") == {"line-breaks"}


@pytest.mark.parametrize("kind", ["shortcode figure: caption", "include: alt"])
def test_a_parameter_keeps_its_quotes_closable_and_adds_no_angle_bracket(kind):
    assert codes("Les lieux \"de quartier\"", 'The "neighbourhood" places', kind) == set()
    assert codes("Le chemin C:\\dossier", "The path C:\\folder", kind) == set()  # a backslash alone is read as written
    assert codes("Le plan", "The map\\", kind) == {"unsafe-markup"}  # it would escape the closing quote
    assert codes("Le plan", 'The \\"map', kind) == {"unsafe-markup"}  # Hugo drops every backslash once a quote is escaped
    assert codes("Le plan", "The < map", kind) == {"unsafe-html"}
    assert "unsafe-html" in codes("Le plan", "The &lt;b&gt; map", kind)
    assert codes("Le plan", "The map }} here", kind) >= {"unsafe-markup"}
    assert codes("Le plan", "The map\\", "HTML <img> alt") == set()  # an attribute's value ends at its quote alone
    assert codes("Le plan", "The net\\`s map", kind) == {"unsafe-markup"}  # Hugo refuses to build on `\``
    assert codes("Le plan", "The map \\\\ here", kind) == {"unsafe-markup"}  # Hugo reads no `\\` as one backslash
    assert codes("Le plan", "The map\\here", kind) == {"unsafe-markup"}  # a backslash the source does not write


ATTRIBUTED = Policy(printed_in_attribute="_includes/figure.html:1")


@pytest.mark.parametrize(("template", "prints"), [
    ('<img src="/a.png" alt="{{ include.alt }}">', True),
    ("<meta property='og:title' content='{{ page.title }}'>", True),
    ("<h1 title={{ page.title }}>x</h1>", True),  # unquoted: a blank ends the value
    ("<div {{ page.attributes }}>", True),
    ('<img alt="{% include title.html %}">', True),  # an include prints what it prints
    ('<img alt="{% cycle page.title %}">', True),
    ('<img data-zoom=">" alt="{{ page.title }}">', True),  # a quoted `>` ends no tag
    ('<img {% if site.documents.size > 0 %}class="a"{% endif %} alt="{{ page.title }}">', True),  # nor a Liquid one
    ("<img alt={{ page.title | escape }}>", True),  # unquoted: escaped, a blank still ends the value
    ("<img alt=Map:{{ page.title | escape }}>", True),
    ("<img title={% if page.title %}{{ page.title | escape }}{% endif %}>", True),
    ("<{{ page.title }} class=x></div>", True),  # the tag's name
    ('{% for post in site.posts %}<a href="{{ post.url | relative_url }}" hreflang="{{ post.lang }}">{% endfor %}', False),
    ('<time datetime="{{ page.date | date: "%Y-%m-%d" }}">', False),
    ('<img alt="{{ page.title | escape }}">', False),  # quotes as entities
    ('<a href="{{ page.url }}">{{ page.title }}</a>', False),  # i18npub writes the URL; the title is text
    ('<meta content="{{ site.description }}">', False),  # the configuration
    ("<title>{{ page.title }}</title>", False),
])
def test_a_template_that_prints_translated_text_inside_a_tag_is_found(template: str, prints: bool) -> None:
    assert (checks.attribute_print(template, ["actualites"]) is not None) is prints


@pytest.mark.parametrize("kind", ["front matter: title", "paragraph", "include: caption"])
def test_a_text_printed_inside_a_tag_cannot_end_its_attribute(kind):
    """`<meta content="{{ page.title }}">`: a quote ends the value, and whatever attribute follows
    is the tag's (`x-init`, `hx-on:…` run where Alpine or htmx is loaded)."""
    def refused(msgstr: str) -> bool:
        return "unsafe-html" in {f.code for f in check_entry(Entry(msgid="Un titre l'a", msgstr=msgstr, comments=[kind]), ATTRIBUTED) if f.safety}

    assert refused('A title" x x-init="alert(document.domain)" x="')
    assert refused("A title' hx-on:click='alert(1)'")
    assert refused("A title x-init=alert(1) it's")  # unquoted, its one quote kept
    assert refused("A title &quot; x x-init=&quot;alert(1)")  # entities, as a browser reads them
    assert not refused("The title’s “new” look, it's")  # typographic quotes; the source's `'` kept
    # kramdown prints the body's prose quotes as typographic ones, a code span's as they are
    paragraph = Entry(msgid='Des horaires dits "d’été" (une heure = 60 minutes).',
                      msgstr="The `x\" x-init=alert(document.domain) y` hours (one hour is 60 minutes).", comments=["paragraph"])
    assert "unsafe-html" in {f.code for f in check_entry(paragraph, ATTRIBUTED) if f.safety}
    prose = Entry(msgid="Des horaires d’été.", msgstr='The "summer" hours.', comments=["paragraph"])
    assert not any(f.safety for f in check_entry(prose, ATTRIBUTED))
    assert not any(f.safety for f in check_entry(Entry(msgid="Un titre", msgstr='A "new" title', comments=[kind]), Policy()))


def test_a_shortcode_inside_a_paragraph_keeps_its_parameters_read_alike():
    """Hugo reads `\\"` in a quoted parameter as a backslash then an escaped quote; the tokenizer
    would end the value there: a parameter whose backslashes do more than escape its quote is
    compared as written."""
    source = 'Le samedi {{< tip title="horaires du samedi" >}}.'
    assert codes(source, 'On Saturday {{< tip title="Saturday hours" >}}.') == set()
    assert "liquid" in codes(source, 'On Saturday {{< tip title="Saturday hours\\\\" >}}.')
    # `{{% %}}` renders what the shortcode prints as Markdown: its parameters keep their markup
    markdown = source.replace("<", "%").replace(">", "%")
    assert "liquid" in codes(markdown, 'On Saturday {{% tip title="[call](tel:+33899) hours" %}}.')
    assert codes(markdown, 'On Saturday {{% tip title="Saturday hours" %}}.') == set()


def test_untranslated_text_left_in_a_fuzzy_draft():
    source = "Le programme de transformation numérique de l'État avance vite cette année."
    assert codes(source, source, fuzzy=True) == {"untranslated-fuzzy"}
    half = "The programme de transformation numérique de l'État avance vite this year."
    assert codes(source, half, fuzzy=True) == {"untranslated-fuzzy"}
    assert codes(source, half) == set()  # reviewed: the translator chose to keep it
    assert codes(source, "The State's digital transformation programme moves fast this year.", fuzzy=True) == set()


def test_allowed_domains_and_their_subdomains():
    assert codes("[a](https://a.fr)", "[a](https://b.org)", allowed=["b.org"]) == {"link-changed"}
    assert codes("[a](https://a.fr)", "[a](https://www.b.org)", allowed=["b.org"]) == {"link-changed"}
    assert codes("[a](https://a.fr)", "[a](https://x.b.org)", allowed=["b.org"]) == {"link-changed"}
    assert "new-domain" in codes("[a](https://a.fr)", "[a](https://notb.org)", allowed=["b.org"])
    assert codes("[a](https://www.a.fr/x)", "[a](https://a.fr/x)") == {"link-changed"}


def test_the_site_s_own_pages_may_be_linked():
    entry = Entry(msgid="[a](https://a.fr)", msgstr="[a](https://www.site.gouv.fr/en/a/)", comments=["paragraph"])
    assert {f.code for f in check_entry(entry, Policy(site_hosts=("site.gouv.fr",)))} == {"link-changed"}
    assert "new-domain" in {f.code for f in check_entry(entry)}


def test_translator_comment_silences_codes_but_not_safety_ones():
    assert codes("Il y a 12 ministères.", "There are 13 ministries.", note="i18npub: ignore numbers") == set()
    found = codes("[a](https://a.fr)", "[a](https://b.org)", note="i18npub: ignore link-target, new-domain")
    assert found == {"new-domain"}
    found = codes("Bonjour", "Hello <img src=x onerror=alert(1)>", note="i18npub: ignore unsafe-html, html-tag")
    assert found == {"unsafe-html"}
    assert codes("Voir [x](/x)", "See", note="i18npub: ignore link-target") == set()


def test_only_entries_with_a_translation_are_checked():
    assert check_entry(Entry(msgid="Voir [x](/x)", msgstr="")) == []
    assert check_entry(Entry(msgid="Voir [x](/x)", msgstr="See", obsolete=True)) == []
    assert check_entry(Entry(msgid="Voir [x](/x)", msgstr="See", flags=["fuzzy"]))


def test_finding_carries_context():
    entry = Entry(msgid="Voir [x](/x)", msgstr="See", msgctxt="menu", locations=[("guide.md", 7)], lineno=42)
    [finding] = check_catalog(Catalog(entries=[entry]), "locales/en/guide.po")
    assert finding == checks.Finding(
        "locales/en/guide.po", 42, "guide.md:7", "Voir [x](/x)", "menu", "link-target", Severity.ERROR,
        finding.message,
    )
    assert "/x" in finding.message


def test_the_registry_runs_added_checks(monkeypatch):
    def shouting(c: checks.CheckInput):
        if c.entry.msgstr.isupper():
            yield checks.warning("shouting", "Do not shout.")

    monkeypatch.setattr(checks, "CHECKS", [*checks.CHECKS, shouting])
    assert codes("Bonjour tout le monde", "HELLO EVERYONE") == {"shouting"}


def test_markup_record():
    m = Markup.of("**[![alt](/i.png)](https://a.fr){:target=\"_blank\"}** `x` <br/> 2 * 3")
    assert m.br_count == 1
    assert emphasis_counts(m) == Counter({"**": 2})
    assert codes("un", "one\rtwo", kind="heading") == {"line-breaks"}  # a carriage return is a line break too
    assert numbers("1 000,5 et 2 024 et 12 mars 2024") == ["10005", "2024", "12", "2024"]
    assert word_count("Voir [le guide](https://a.fr/very/long/url){:target=\"_blank\"}") == 3


# An identity translation never has an error, whatever the markup.
FRAGMENTS = st.sampled_from([
    "mot", " ", "\n", "  \n", "**", "*", "_", "`code`", "[lien](/x)", "![img](/i.png)", "{: .c}",
    "{:target\"_blank\"}", "{{ x }}", "{% y %}", "<b>", "</b>", "<br>", "https://a.fr/x", "12", "1 000",
    "<a href=\"https://b.fr\">", "(", ")", "[", "]", "\\*", "l'État",
])


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(FRAGMENTS, max_size=12).map("".join), st.sampled_from(["paragraph", "list item", "heading"]))
def test_identity_translation_has_no_error(text, kind):
    entry = Entry(msgid=text, msgstr=text, comments=[kind])
    assert [f for f in check_entry(entry) if f.severity is Severity.ERROR] == []


@given(MARKUP_TEXTS, MARKUP_TEXTS)
def test_another_view_finds_nothing_where_the_translation_holds_nothing_it_alone_sees(source: str, target: str) -> None:
    """The raw and the exposed views are compared (and the source read their ways) only when the
    translation holds a token of theirs that Markdown's reading does not see: without one, the
    comparison reports nothing."""
    allowlist = checks._Allowlist(Markup.of(source), Markup.of(target), Policy(), {"paragraph"})
    markdown_spans = {(t.start, t.end) for t in allowlist.target.tokens}
    for view, kinds in (("raw", checks._RAW_KINDS), ("exposed", checks._UNSAFE_KINDS | checks._LINK_KINDS)):
        source_tokens, target_tokens = getattr(allowlist.source, view), getattr(allowlist.target, view)
        if all(t.kind not in kinds or (t.start, t.end) in markdown_spans for t in target_tokens):
            assert list(allowlist.compare(source_tokens, target_tokens, hidden=kinds)) == []


# ---------------------------------------------------------------------------------------------
# `i18npub check` on a whole site

GOOD = {
    "guide.md": [
        Unit("Guide de l'usager", "User guide", kind="heading"),
        Unit("Consultez [le portail](https://www.numerique.gouv.fr/services/){:target=\"_blank\"} pour **tout** savoir.",
             "See [the portal](https://www.numerique.gouv.fr/services/){:target=\"_blank\"} to learn **everything**."),
        Unit("Première ligne<br>seconde ligne", "First line<br>second line"),
        Unit("Un premier point\navec une suite", "A first point\nwith a follow-up", kind="list item"),
        Unit("Écrivez à <a href=\"mailto:contact@numerique.gouv.fr\">l'équipe</a>.",
             "Write to <a href=\"mailto:contact@numerique.gouv.fr\">the team</a>."),
        Unit("Lire [la charte](/charte/ \"La charte\")", "Read [the charter](/charte/ \"The charter\")"),
    ],
    "news.md": [
        Unit("Actualités", "News", kind="heading"),
        Unit("Le **programme** compte 15 projets.", "The **programme** has 15 projects."),
        Unit("Voir la [vidéo](https://www.dailymotion.com/video/x1){:target=\"_blank\"}.",
             "Watch the [video](https://www.dailymotion.com/video/x1){:target=\"_blank\"}."),
        Unit("Une [démarche](/demarches/){:target\"_blank\"} simple", "A simple [procedure](/demarches/){:target\"_blank\"}",
             fuzzy=True),
    ],
}




def test_check_passes_on_a_correct_site(tmp_path):
    make_site(tmp_path, GOOD)
    result = run(tmp_path, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["findings"] == []
    assert data["totals"] == {"errors": 0, "warnings": 0, "catalogs": 2, "entries_checked": 10}
    assert run(tmp_path, "check", "--lang", "en").exit_code == 0


def test_check_names_every_injected_fault(tmp_path):
    bad = {name: [Unit(u.msgid, u.msgstr, u.kind, u.fuzzy) for u in units] for name, units in GOOD.items()}
    faults = {  # (article, index): (new translation, expected code)
        ("guide.md", 1): ("See [the portal](https://www.example.com/services/){:target=\"_blank\"} to learn **everything**.", "new-domain"),
        ("news.md", 2): ("Watch the [video](https://www.dailymotion.com/video/x1).", "ial"),
        ("news.md", 0): ("News<script>fetch('//x.io')</script>", "unsafe-html"),
        ("guide.md", 5): ("Read [the charter](javascript:alert(1) \"The charter\")", "unsafe-url"),
        ("news.md", 1): ("The **programme has 15 projects.", "emphasis"),
        ("guide.md", 2): ("First line second line", "line-breaks"),
    }
    for (article, index), (text, _) in faults.items():
        bad[article][index].msgstr = text
    lines = make_site(tmp_path, bad)
    result = run(tmp_path, "check", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    po = {"guide.md": "locales/en/guide.po", "news.md": "locales/en/news.po"}
    expected = {(po[a], lines[a][i]) for a, i in faults}
    assert {(f["po_file"], f["line"]) for f in errors} == expected
    for (article, index), (_, code) in faults.items():
        assert (po[article], lines[article][index], code) in {(f["po_file"], f["line"], f["code"]) for f in errors}
    assert data["totals"]["errors"] == len(errors)
    text = run(tmp_path, "check")
    assert text.exit_code == 1
    assert f"locales/en/news.po:{lines['news.md'][1]}: error [emphasis]" in text.output


def test_check_reports_unreadable_catalogs_and_goes_on(tmp_path):
    lines = make_site(tmp_path, {**GOOD, "news.md": GOOD["news.md"][:1] + [Unit("Voir [x](/x)", "See")]})
    (tmp_path / "locales/en/guide.po").write_text('msgid "a"\nmsgstr "b"\nnonsense\n', encoding="utf-8")
    result = run(tmp_path, "check", "--format", "json")
    assert result.exit_code == 1
    found = {(f["po_file"], f["line"], f["code"]) for f in json.loads(result.output)["findings"]}
    assert ("locales/en/news.po", lines["news.md"][1], "link-target") in found
    assert any(po == "locales/en/guide.po" and code == "unreadable-catalog" and line for po, line, code in found)


def test_check_usage_and_configuration_errors(tmp_path):
    make_site(tmp_path, GOOD)
    assert run(tmp_path, "check", "--lang", "de").exit_code == 2
    assert run(tmp_path, "check", "--format", "xml").exit_code == 2
    assert run(tmp_path / "locales", "check").exit_code == 0  # finds the config in a parent
    (tmp_path / "i18npub.toml").write_text("nonsense = [", encoding="utf-8")
    assert run(tmp_path, "check").exit_code == 2


def test_front_matter_value_keeps_its_line_structure() -> None:
    from i18npub.core.catalog import Entry
    from i18npub.core.checks import check_entry

    title = Entry("Un titre", "A title\nover two lines", comments=["front matter: title"])
    assert [f.code for f in check_entry(title)] == ["front-matter"]
    body = Entry("Un paragraphe", "A paragraph\nover two lines", comments=["paragraph"])
    assert "front-matter" not in [f.code for f in check_entry(body)]


@pytest.mark.parametrize(
    ("slug", "accepted"),
    [
        ("the-page-title", True),
        ("a" * checks.MAX_SLUG_BYTES, True),
        ("a" * (checks.MAX_SLUG_BYTES + 1), False),
        ("é" * (checks.MAX_SLUG_BYTES // 2 + 1), False),  # bytes, not characters, fill a file name
        ("the/page", False),
        ("the page", False),
        ("the..page", False),
        ("The-Page", False),
    ],
)
def test_a_slug_is_one_a_url_and_a_file_name_can_hold(slug: str, accepted: bool) -> None:
    entry = Entry(msgid="la-page", msgstr=slug, msgctxt="slug", comments=["slug"])
    assert ({f.code for f in check_entry(entry, Policy())} == set()) == accepted


@pytest.mark.parametrize("slug", ["../../index", "the/page", "..", ".hidden", "the\\page", "the\x00page"])
def test_a_slug_that_could_name_another_file_is_a_safety_error(slug: str) -> None:
    entry = Entry(msgid="la-page", msgstr=slug, msgctxt="slug", comments=["slug"])
    assert "unsafe-url" in {f.code for f in check_entry(entry, Policy())}


@pytest.mark.parametrize(("link", "safe"), [
    ("/uploads/guide-en.pdf", True),
    ("/uploads/guide.pdf\" onmouseover=\"alert(1)", False),
    ("/uploads/guide.pdf'onmouseover='alert(1)", False),
    ("/uploads/guide.pdf><script>alert(1)</script>", False),
    ("/uploads/guide en.pdf", False),
])
def test_a_link_value_is_an_address_alone(link: str, safe: bool) -> None:
    """Templates print it in `href="…"`: nothing in it may end the attribute."""
    entry = Entry(msgid="/uploads/guide.pdf", msgstr=link, msgctxt="link", comments=["front matter: file"])
    assert ("unsafe-url" not in {f.code for f in check_entry(entry, Policy())}) == safe


@pytest.mark.parametrize(("source", "link", "safe"), [
    ("assets/photo.jpg", "assets/photo-en.jpg", True), ("/assets/photo.jpg", "/en/assets/photo.jpg", True),
    ("assets/photo.jpg", "/evil.example/photo.jpg", False),  # `{{ site.baseurl }}/{{ page.image }}`: `//evil.example`
    ("/assets/photo.jpg", ".evil.example/photo.jpg", False),  # `{{ site.url }}{{ page.image }}`: another host
    ("assets/photo.jpg", "\\evil.example/photo.jpg", False),  # `/\\evil.example` is `//evil.example` to a browser
    ("/assets/photo.jpg", "/\\evil.example/photo.jpg", False),
])
def test_a_link_value_starts_as_its_source_does(source: str, link: str, safe: bool) -> None:
    """Templates print it after what they choose: what it starts with may make a host of it."""
    entry = Entry(msgid=source, msgstr=link, msgctxt="link", comments=["front matter: image"])
    assert (not any(f.safety for f in check_entry(entry, Policy()))) == safe


def test_a_link_value_may_keep_what_its_source_holds() -> None:
    entry = Entry(msgid="/uploads/mon guide.pdf", msgstr="/uploads/my guide.pdf", msgctxt="link", comments=["front matter: file"])
    assert {f.code for f in check_entry(entry, Policy())} == {"link-changed"}


# The plain-text net, read the readable way: one search per pattern over the whole text. The net
# searches from literals and skips texts that hold none of them; on any text it finds the same.
_NET_PIECES = st.sampled_from([
    "a", "x", "on", "click", "style", "srcset", "src", "href", "data", "java", "script", ":", "=", " ", "\t", "\n", "/", "\\",
    "//", "<", "<script", "<svg", ">", "&", "&#61;", "&colon;", "&#47;", "https:", "http:", "ftp:", "@", ".", "%65", "ｅ",
    "．", "-", "_", "www.", "WWW.", "[::1]", "'", '"', "é", "evil.example", "a.fr", "a" * 60, "!", "(", ")", "%", "=", "»",
    "ferh", "mailto:", "\\=", "{%", "%}", "{{", "}}", "{{ x }}", "{% if a %}", "scr", "ipt>", "ww", "{%-", "-%}", "{{-", "-}}",
    "{{ site.url }}", "*", "`", "[", "](x)", "<b>", "{: x }", "![", "](a_(b))", "\r\n", "  ", "<!--", "-->", "。",
])
_NET_TEXTS = st.lists(_NET_PIECES, max_size=30).map("".join)


def _net_read_plainly(text: str) -> checks._PlainText:
    found = _net_read_one_way(text)
    # what whitespace control (`{%-`, `-%}`) strips goes with them
    template_code = r"(?:[ \t\r\n\f\v]*(?=\{[%{]-))?(?:\{%.*?%\}|\{\{.*?\}\})(?:(?<=.-%\}|.-\}\})[ \t\r\n\f\v]*)?"
    if not re.search(template_code, text, re.S):
        return found
    joined = _net_read_one_way(re.sub(template_code, "", text, flags=re.S))
    words = [w for w in re.sub(template_code, "\x00", text, flags=re.S).split() if "\x00" in w]
    beside = Counter(("unsafe-html", f"{c} beside Liquid or a shortcode") for w in words for c in re.findall(r"[<=/\\&@]|:(?=\S)|[.。．｡](?=\w)", w))
    continued: Counter = Counter()
    spans = list(re.finditer(template_code, text, re.S))
    for previous, m in zip([None, *spans], spans):
        code = re.sub(r"\s+", "", m.group())
        joins = (previous is None or previous.end() != m.start()) and m.start()
        if joins and text[m.start() - 1] in "<&./@:=\\":
            continued["unsafe-html", f"{text[m.start() - 1]} right before {code}"] += 1
        elif joins and text[m.start() - 1].isalnum():
            continued["unsafe-html", f"a letter or digit right before {code}"] += 1
        after = re.match(r"[^\s/?#\\)\]\"'`<>|^]*", text[m.end() :]).group()
        if "url" in code.lower() and re.search(r"[^\W_]|\{", after):
            continued["unsafe-html", f"{text[m.end()]} right after {code}"] += 1
    return checks._PlainText(found.runnable | joined.runnable | beside | continued, found.hosts | joined.hosts)


def _net_read_one_way(text: str) -> checks._PlainText:
    tag_text = checks.html.unescape(text).lower().replace("。", ".").replace("．", ".").replace("｡", ".")
    readings = checks._readings(tag_text)
    # as `markdownify | strip_html` leaves it: no image, tag, attribute list, link target,
    # delimiter, bracket nor backslash
    target = r"(?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])"
    stripped = re.sub(r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)|!\[[^\]]*\]" + target
                      + r"?|<[^>]*>|\{:[^}]*\}|\]" + target + r"|[*_~`\[\]\\]", "", tag_text, flags=re.S)
    schemes = [Counter(m.group() for m in re.finditer(r"(?<![a-z0-9+.-])(?:(?:java|vb|live)script:|data:(?=\S))", r))
               for r in readings + checks._readings(stripped)]
    names = "|".join(sorted(checks._LOADING_ATTRIBUTES))
    # each as it is and with its lines joined, as `strip_newlines` prints it (a hard break's blanks
    # or backslash go with the line's end: `strip_html` takes out the `<br />` they make)
    tag_readings = [j for t in (tag_text, re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", tag_text), stripped)
                    for j in (t, re.sub(r"(?:[ \t]{2,}|\\)?\r?\n", "", t))]
    attributes = [Counter(m.group(1) + "=" for m in re.finditer(rf"(?<![\w:-])(on[a-z]+|{names})\s*=", r)) for r in tag_readings]

    tags = re.finditer(rf"<({'|'.join(sorted(checks.SCRIPT_CAPABLE))})(?![\w-])", text, re.I)
    most: Counter[str] = Counter()
    for found in schemes:
        most |= found
    runnable = Counter({("unsafe-url", k): v for k, v in most.items()})
    for found in attributes:
        runnable |= Counter({("unsafe-html", k): v for k, v in found.items()})
    runnable.update(("unsafe-html", m.group().lower()) for m in tags)
    label_then_dot = r"(?=[^\s/?#\\\"'`<>.]+\.)"
    patterns = [r"(?<![\w.~%/-])//+" + checks._AUTHORITY, r"(?:https|http|ftp):/*" + checks._AUTHORITY,
                r"www\." + label_then_dot + checks._AUTHORITY, r"@(?=[^\s/?#\\\"'`<>.@]+(?:\.[^\s/?#\\\"'`<>.@]|>))" + checks._AUTHORITY,
                r"mailto:[^?#\s\"'`<>@]*@([^?#\s\"'`<>]+)"]
    authorities = [m.group(1) for r in readings for pattern in patterns for m in re.finditer(pattern, r)]
    return checks._PlainText(runnable, {host for a in authorities if (host := checks._host(a))})


@settings(max_examples=1000)
@given(_NET_TEXTS)
def test_the_plain_text_net_finds_what_one_search_per_pattern_finds(text: str) -> None:
    found = checks._PlainText.of(text)
    assert found == _net_read_plainly(text)
    assert not found or checks._MAY_HOLD_ANY.search(text)  # the texts it skips hold nothing


@pytest.mark.parametrize("msgstr", [
    # Hugo's linkify reads a `www.` host with `%` escapes, which the browser decodes; goldmark
    # reads no link where kramdown reads one whose title changed, so the www address is live
    'Voir le [site](https://www.a.fr/h "a" www.%65vil.example ").',
    "Voir le [site](https://www.a.fr/h www.%65vil.example).",
    # a host holds what a domain may hold: `=` does not end it
    "Voir le [site](https://www.a.fr/h) et www.a.fr=.evil.example.",
    "Voir le [site](https://www.a.fr/h) et https://a.fr=.evil.example/.",
])
def test_the_net_reads_hosts_as_linkify_and_the_browser_do(msgstr: str) -> None:
    assert "new-domain" in codes("Voir le [site](https://www.a.fr/h).", msgstr)


@pytest.mark.parametrize("alt", [
    # jekyll-polyglot rewrites `ferh="?/…"` into `href="/…"` as text: in an alt, the quote it
    # writes ends the attribute, and what follows is one; kramdown undoes the `\=` escape
    "La carte ferh=/onload\\=alert(1)//",
    "La carte href\\=/onload\\=alert(1)//",
    "La carte ferh=/style\\=background:url(x);x:",
])
def test_the_net_counts_attributes_polyglot_writes_and_escaped_ones(alt: str) -> None:
    found = codes("![La carte](/plan.svg)", f"![{alt}](/plan.svg)")
    assert "unsafe-html" in found


@pytest.mark.parametrize(("msgstr", "code"), [
    ('A plain\\" on*focus*=\\"alert(2)\\" description.', "unsafe-html"),  # `markdownify | strip_html` in an attribute
    ("A first on<b>mouse</b>over=alert(1) paragraph.", "unsafe-html"),
    ("A [first](/x) on`click`=alert(1) and on[mouse](/y)over=alert(2).", "unsafe-html"),
    ("A link to java*script*:alert(1) here.", "unsafe-url"),
    ('A first\\" on![](/photo.jpg)mouseover=\\"alert(1)// paragraph.', "unsafe-html"),  # an image goes whole, `alt` too
    ('A first\\" [on](https://fr.wikipedia.org/wiki/Lyon_(ville))mouseover=\\"alert(1)//', "unsafe-html"),
    ('A first\\" on\nmouseover=\\"alert(1)// paragraph.', "unsafe-html"),  # `strip_newlines` joins the lines
    ('A first\\" on  \nmouseover=\\"alert(1)// paragraph.', "unsafe-html"),  # a hard break is `<br />`, stripped
    ('A first\\" on<!-- a -> b -->mouseover=\\"alert(1)//', "unsafe-html"),  # `strip_html` takes a comment out whole
])
def test_the_net_reads_the_text_as_rendering_then_stripping_tags_leaves_it(msgstr: str, code: str) -> None:
    problems = checks.unsafe_text_added("Une description simple de la page.", msgstr, Policy())
    assert code in [p.code for p in problems]


def test_markup_that_stripping_tags_takes_out_of_prose_adds_nothing() -> None:
    msgid = "Le *grand* [rendez-vous](https://a.fr/x){:target=\"_blank\"} : on y va, `x = 1`."
    msgstr = "The *big* [meeting](https://a.fr/x){:target=\"_blank\"}: on we go, `x = 1`."
    assert checks.unsafe_text_added(msgid, msgstr, Policy()) == []


@pytest.mark.parametrize("added", ["www.a.fr=.evil.example", "https://a.fr=.evil.example/", "x@a.fr+.evil.example"])
def test_the_net_reads_a_host_whole_where_a_browser_does(added: str) -> None:
    # `=` or `+` may stand in a domain: the name is another one, under evil.example
    problems = checks.unsafe_text_added("Voir https://a.fr.", f"See https://a.fr and {added}.", Policy())
    assert [p.code for p in problems] == ["new-domain"]


@pytest.mark.parametrize("added", [
    "</@evil>",  # CommonMark's autolink: `mailto:/@evil`, one label is a domain
    "<x@evil>", "<mailto:x@evil>", "[us](mailto:a/b@evil)", '<a href="mailto:x@evil?cc=y">us</a>',
])
def test_the_net_reads_the_mail_addresses_goldmark_links_single_label_ones_too(added: str) -> None:
    problems = checks.unsafe_text_added("Écrivez-nous.", f"Write to {added} us.", Policy())
    assert "new-domain" in [p.code for p in problems]


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("Rendez-vous à 10h.", "See you @ 10am, or @10am, and follow @numerique_gouv or @fs0c131y for news."),
    ("Le compte @fs0c131y indique une faille.", "The account @fs0c131y reports a flaw."),
    ("Suivez-nous.", "Follow @numerique_gouv."),  # goldmark links no address whose domain ends at a dot
    ("Écrivez à contact@numerique.gouv.fr.", "Write to contact@numerique.gouv.fr."),
    ("Vous aimez cet article ? [Partagez-le](mailto:?subject=%C3%80%20lire).", "Like it? [Share it](mailto:?subject=To%20read)."),
])
def test_an_at_sign_in_prose_names_no_host(msgid: str, msgstr: str) -> None:
    assert checks.unsafe_text_added(msgid, msgstr, Policy()) == []


HUGO_HIGHLIGHT = "Le code {{< highlight html >}}https://evil.example/x{{< /highlight >}} ici."
JEKYLL_HIGHLIGHT = "Le code {% highlight html %}https://evil.example/x{% endhighlight %} ici."


@pytest.mark.parametrize("msgid", [HUGO_HIGHLIGHT, JEKYLL_HIGHLIGHT])
def test_a_host_the_source_shows_only_in_a_highlight_is_no_host_it_links_to(msgid: str) -> None:
    kept = msgid.replace("Le code", "The code").replace("ici", "here")
    assert codes(msgid, kept) == set()
    assert "new-domain" in codes(msgid, kept.replace("here.", "here (https://evil.example/)."))


def test_markup_moved_out_of_a_highlight_that_ends_with_an_address_is_refused() -> None:
    # the address once ran on into the closer's `{{`, and no pair was seen: Hugo ran the script
    msgid = "Le code {{< highlight html >}}<script>alert(1)</script> https://a.fr/x{{< /highlight >}} ici."
    msgstr = "<script>alert(1)</script> The code {{< highlight html >}} https://a.fr/x{{< /highlight >}} here."
    assert "unsafe-markup" in codes(msgid, msgstr)


def test_the_net_reads_a_host_without_the_prose_punctuation_after_it() -> None:
    assert checks.unsafe_text_added("Voir «https://a.fr».", "See «https://a.fr»; and (www.a.fr), (https://a.fr!)", Policy()) == []


@pytest.mark.parametrize("msgstr", [
    "Restocked every week <{% assign relecture = true %}script>alert(1)//.",
    "Restocked every week <{% if page.maj %}, last on {{ page.maj }}{% endif %}script>alert(1)//.",
    "Restocked every week <{{ page.note }}meta http-equiv=refresh content='0;url=/en/'>.",
    "Restocked every week <{{< note >}}script>alert(1)//.",  # Hugo: the shortcode's placeholder joins them too
    # one branch taken, the other not: no reading that takes every tag out, or every block, shows it
    "Restocked every week <s{% if page.maj %}cr{% else %}zz{% endif %}ipt>alert(1)//.",
    "Restocked every week <s{% if page.maj %} {% else %}cr{% endif %}ipt>alert(1)//.",
    "Restocked every week < {%- assign relecture = true -%} script>alert(1)//.",  # whitespace control strips the blanks
    "Restocked every week < \n{{- page.note }}script>alert(1)//.",
])
def test_the_net_reads_a_text_with_its_liquid_taken_out(msgstr: str) -> None:
    """Liquid runs before kramdown: a tag or output that prints nothing joins what stands on
    each side of it, and `<` before it with `script>` after it is a live element."""
    liquid = re.findall(r"\{%.*?%\}|\{\{.*?\}\}", msgstr)
    msgid = "Réapprovisionnée chaque semaine" + "".join(liquid) + "."
    assert "unsafe-html" in codes(msgid, msgstr)


def test_liquid_in_a_translation_as_its_source_has_it_passes() -> None:
    msgid = "Voir [la page]({{ site.baseurl }}/page.html) et {% if page.maj %}la mise à jour du {{ page.maj }}{% endif %}."
    msgstr = "See [the page]({{ site.baseurl }}/page.html) and {% if page.maj %}the update of {{ page.maj }}{% endif %}."
    assert codes(msgid, msgstr) == set()


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("Voir le [programme]({{ site.url }}/assets/programme.pdf).", "See the [programme]({{ site.url }}-evil.example/assets/p)."),
    ("Voir le [programme]({{ site.url }}/assets/programme.pdf).", "See the [programme]({{ site.url }}: @evil。example/assets/p)."),
    ("Vous lisez <strong>{{ page.title }}</strong>.", "You are reading <strong>this</strong>. <{{ page.title }}>"),
    ("Lisez {{ page.title }} ici.", "Read www.{{ page.title }}.example here."),
    ("Voir le [programme]({{ site.url }}/assets/programme.pdf).", "See the [programme]({{ site.url }}\u3002evil\u3002example/p)."),
    ("Voir le [programme]({{ site.url }}/assets/programme.pdf).", "See the [programme]({{ site.url }}!x.evil.example/p)."),
    # the title, translated `script:alert(1)//`, is printed after `java`
    ("[Partagez-le](mailto:?subject={{ page.title }}).", "[Share it](java{{ page.title }})."),
    ('[Partagez-le](mailto:?subject={{< param "title" >}}).', '[Share it](java{{< param "title" >}}).'),
])
def test_the_net_refuses_text_joined_to_what_a_template_prints(msgid: str, msgstr: str) -> None:
    # `{{ site.url }}` prints the site's address, `{{ page.title }}` the translated title
    assert codes(msgid, msgstr) & checks.SAFETY_CODES


@pytest.mark.parametrize("title", ["The book box in the park <", "script>fetch('//evil.example/p') //", "A &lt; B"])
def test_a_value_printed_as_it_is_holds_no_lone_angle_bracket(title: str) -> None:
    # a layout, or the body's `{{ page.title }}`, prints it beside text that would make it markup
    assert "unsafe-html" in codes("Une boîte à livres au parc", title, kind="front matter: title")


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("Rédigé par {{ page.auteur }}", "Written by {{ page.auteur }}."),
    ("Le taux atteint {{ page.taux }} % cette année.", "The rate reaches {{ page.taux }}% this year."),
    ("Rendez-vous le {{ page.jour }} mai.", "See you on May {{ page.jour }}th."),
    ("Le tarif est de {{ page.tarif }} €.", "The fee is €{{ page.tarif }}."),
    ("Ouvert de {{ page.debut }} à {{ page.fin }}.", "Open {{ page.debut }}-{{ page.fin }}."),
    ("Les {{ page.nombre }} livres", "The {{ page.nombre }}-odd books"),
    ("Horaires de {{ page.lieu }} : voir ici.", "Opening hours of {{ page.lieu }}: see here."),
    ("Lire [la page]({% link a.md %}) : ici.", "Read [the page]({% link a.md %}): here."),
    ("Le {{ page.count }}e livre.", "The {{ page.count }}th book."),
])
def test_french_and_english_typography_around_liquid_passes(msgid: str, msgstr: str) -> None:
    assert not codes(msgid, msgstr) & checks.SAFETY_CODES


@pytest.mark.parametrize("msgstr", ["{% -assign relecture = true -%}", "{%- assign relecture = true %}", "{%- assign relecture = true- %}"])
def test_liquid_whitespace_control_is_part_of_the_tag(msgstr: str) -> None:
    assert "liquid" in codes("Chaque semaine {%- assign relecture = true -%}.", f"Every week {msgstr}.")


def test_a_run_of_at_signs_is_read_in_one_pass() -> None:
    # each `@` read its label on to the next dot, which may hold `@`: 100 000 took a minute
    assert checks.unsafe_text_added("x", "@" * 100_000 + " @a" * 30_000, Policy()) == []


def test_a_run_of_mail_urls_is_read_in_one_pass() -> None:
    # each `mailto:` read its address's name on to the next `@`, past the other `mailto:`: 15 000 took ten seconds
    assert checks.unsafe_text_added("x", "mailto:" * 15_000 + "mailto:a" * 15_000, Policy()) == []


SITE = Policy(site_values={"site.url": "https://mediatheques.villebois.example", "site.version": "2.4",
                           "site.params.catalogue": "https://catalogue.villebois.example"})


def _article_safety(body: str, translated_body: str, title: str, front_matter: str = "", policy: Policy = SITE,
                    values: dict[str, str] | None = None) -> set[str]:
    """The safety codes of an article's findings, its body and title translated (and the
    front matter's `values`, source → translation)."""
    from i18npub.core.article import article_findings, parse
    from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS

    article = parse(f"---\ntitle: Une boîte à livres\n{front_matter}---\n\n{body}\n", "a.md", DEFAULT_PROSE_KEYS, DEFAULT_MARKDOWN_KEYS)
    translations = {"Une boîte à livres": title, body: translated_body, **(values or {})}
    entries = [Entry(msgid=p.key[1], msgstr=translations.get(p.key[1], p.key[1]), msgctxt=p.key[0], comments=[p.unit.kind]) for p in article.units]
    findings = article_findings(article, entries, "a.po", policy)
    return {f.code for f in findings if f.safety}


@pytest.mark.parametrize("front_matter", ['image:\n  alt: Une photo\n"image.alt": Une image\n', '"image.alt": Une image\nimage:\n  alt: Une photo\n'])
@pytest.mark.parametrize("code", ["{{ page.image.alt }}", '{{< param "image.alt" >}}'])
def test_a_name_two_values_share_is_read_with_each_of_them(front_matter: str, code: str) -> None:
    """Jekyll prints the nested value, Hugo's `param` the flat one first: whichever the
    translation makes a script of is read."""
    body, translated = f"Voir <{code}>la photo</{code}>.", f"See <{code}>fetch(1)</{code}>."
    assert _article_safety(body, translated, "A book box", front_matter, values={"Une photo": "script", "Une image": "photo"})
    assert _article_safety(body, translated, "A book box", front_matter, values={"Une photo": "photo", "Une image": "script"})
    assert not _article_safety(body, translated, "A book box", front_matter, values={"Une photo": "photo", "Une image": "picture"})


SHARE = "Vous aimez cet article ? [Partagez-le](mailto:?subject=%C3%80%20lire%20:%20{{ page.title }})."


@pytest.mark.parametrize(("body", "translated_body", "title"), [
    # the body's Liquid prints the translated title: together they write a script scheme
    (SHARE, "Like it? [Share it](java{{ page.title }}).", "script:alert(1)//"),
    (SHARE, "Like it? [Share it](java\t{{ page.title }}).", "script:alert(1)//"),  # a browser drops the tab
    (SHARE, "Like it? [Share it]({{ page.title }}script: alert(1)).", "Java"),
    (SHARE.replace("{{ page.title }}", '{{< param "title" >}}'), 'Like it? [Share it](java{{< param "title" >}}).', "script:alert(1)//"),
    # `{{ site.url }}` prints the site's address, which what follows continues
    ("Le [programme]({{ site.url }}/p.pdf) est en ligne.", "The [programme]({{ site.url }}\t.evil.example/p.pdf) is online.", "A book box"),
])
def test_what_the_body_s_liquid_prints_of_other_units_is_checked_with_it(body: str, translated_body: str, title: str) -> None:
    assert _article_safety(body, translated_body, title)


def test_a_faithful_translation_printing_the_title_passes() -> None:
    assert _article_safety(SHARE, "Like it? [Share it](mailto:?subject=%C3%80%20lire%20:%20{{ page.title }}).", "A book box") == set()


# an article's values that its body prints: the page's (`prix: 12`…) and the site's (`SITE`)
VALUES = "prix: 12\nheure: 9\njour: 3\nmois: 5\n"


@pytest.mark.parametrize(("body", "translated_body"), [
    ("{{ page.prix }} € par an", "{{ page.prix }}€/year"),
    ("Rendez-vous sur {{ site.url }} !", "Visit {{ site.url }}!"),
    ("Rendez-vous sur {{ site.url }} : tout y est", "Visit {{ site.url }}: it's all there"),
    ("Dès {{ page.heure }} h", "From {{ page.heure }}:00"),
    ("à {{ page.heure }} h 30", "at {{ page.heure }}.30"),
    ("Le {{ page.jour }}/{{ page.mois }}", "On {{ page.mois }}/{{ page.jour }}"),
    ("Version {{ site.version }}", "Version {{ site.version }}.1"),
    ("Voir le [catalogue]({{< param \"catalogue\" >}}/recherche) !", "See the [catalogue]({{< param \"catalogue\" >}}/recherche)!"),
    # a date's format, localized
    ('Publié le {{ page.date | date: "%d/%m/%Y" }}.', 'Published on {{ page.date | date: "%m/%d/%Y" }}.'),
    ("Publié le {{ page.date | date: '%-d %B %Y' }}.", "Published on {{ page.date | date: '%B %-d, %Y' }}."),
])
def test_what_stands_beside_a_printed_value_is_read_with_it(body: str, translated_body: str) -> None:
    """Where the article says what its template code prints, the net reads the printed text:
    punctuation beside a known value is what it is."""
    assert _article_safety(body, translated_body, "A book box", VALUES) == set()


@pytest.mark.parametrize(("body", "translated_body", "title"), [
    # the printed value joined to what stands beside it
    ("[Partagez-le]({{ page.title }}).", "[Share it](//{{ page.title }}/x).", "evil.example"),
    ("Lisez {{ page.title }} ici.", "Read www.{{ page.title }} here.", "evil.example"),
    ("[Partagez-le](mailto:?subject={{ page.title }}).", "[Share it](java {{- page.title }}).", "script:alert(1)//"),
    ("Version {{ site.version }}", "Version //{{ site.version }}.evil.example", "A book box"),
    ("[Le programme]({{ site.url }}/p.pdf).", "[The programme]({{ site.url }}!x.evil.example/p.pdf).", "A book box"),
    ("[Le programme]({{ site.url }}/p.pdf).", "[The programme]({{ site.url }}:x@evil.example/p.pdf).", "A book box"),
    ("[Le programme]({{ site.url }}/p.pdf).", "[The programme]({{ site.url }}-evil.example/p.pdf).", "A book box"),
    ("[Le programme]({{ site.url }}/p.pdf).", "[The programme]({{ site.url }}\u3002evil\u3002example/p.pdf).", "A book box"),
    ('[Le catalogue]({{< param "catalogue" >}}/r).', '[The catalogue]({{< param "catalogue" >}}%2eevil%2eexample/r).', "A book box"),
    # what is printed is not known: what stands beside it counts (an include's parameter, an
    # assigned variable, the site's data, a value a filter changes, one the front matter lacks
    # (`defaults` may set it), one the generator computes)
    ("{{ include.prix }} € par an", "{{ include.prix }}€/year", "A book box"),
    ("{{ prix }} € par an", "{{ prix }}€/year", "A book box"),
    ("Plus de {{ site.data.stats.prets }} prêts", "Over {{ site.data.stats.prets }}.evil.example loans", "A book box"),
    ("{{ page.prix | plus: 1 }} € par an", "{{ page.prix | plus: 1 }}€/year", "A book box"),
    ("{{ page.tarif }} € par an", "{{ page.tarif }}€/year", "A book box"),
    ("[Ici]({{ page.url }}).", "[Here]({{ page.url }}.evil.example).", "A book box"),
    ("Réapprovisionnée {% if page.maj %}souvent{% endif %}.", "Restocked <s{% if page.maj %}cr{% else %}zz{% endif %}ipt>alert(1)//.", "A book box"),
    # a date's format may change only into one that prints a date
    ('Le {{ page.date | date: "%d/%m/%Y" }}.', 'On {{ page.date | date: "<script>" }}.', "A book box"),
    ('Le {{ page.date | date: "%d/%m/%Y" }}.', 'On {{ page.date | date: "%d javascript:" }}.', "A book box"),
    ('Le {{ page.date | date: "%d/%m/%Y" }}.', 'On {{ page.date | date: "%%2e%d" }}.', "A book box"),
    ('Le {{ page.date | date: "%d/%m/%Y" }}.', 'On {{ page.date | date: "%d" | prepend: "x" }}.', "A book box"),
    # nor into one whose names or numbers make a host
    ('[Ce mois-ci]({{ page.date | date: "/%Y/%m/" }}).', '[This month]({{ page.date | date: "//%B%A.%P" }}).', "A book box"),
    ('[Ce mois-ci]({{ page.date | date: "/%Y/%m/" }}).', '[This month]({{ page.date | date: "//%-d.%-m.%-H.%-M" }}).', "A book box"),
    ('[Ce mois-ci]({{ page.date | date: "/%Y/%m/" }}).', '[This month]({{ page.date | date: "/%D/" }}).', "A book box"),
])
def test_what_joins_a_printed_value_or_one_not_known_is_refused(body: str, translated_body: str, title: str) -> None:
    assert _article_safety(body, translated_body, title, VALUES)


# the site's URL as `_config.yml` has it for development: a port hides what follows from a host
DEVELOPMENT = Policy(site_values={"site.url": "http://localhost:4000", "site.params.siteurl": "http://localhost:1313",
                                  "site.accueil": "http://localhost:4000/", "site.params.accueil": "//localhost:1313"})


@pytest.mark.parametrize(("body", "translated_body"), [
    ("Voir <{{ site.url }}>.", "See <{{ site.url }}.evil.example>."),
    ('Voir <{{< param "siteurl" >}}>.', 'See <{{< param "siteurl" >}}.evil.example>.'),
    ("Voir <{{ site.url }}/a>.", "See <{{ site.url }}-evil.example/a>."),
    # a value that is a URL, whatever its name
    ("Voir <{{ site.accueil }}>.", "See <{{ site.accueil }}.evil.example>."),
    ('Voir <{{% param "accueil" %}}>.', 'See <{{% param "accueil" %}}.evil.example>.'),
])
def test_what_continues_a_printed_url_is_refused_whatever_the_configuration_says(body: str, translated_body: str) -> None:
    """The site may be built with another URL than the one on record (a layered configuration,
    an environment's): what joins its host is refused even where the printed text names none."""
    assert _article_safety(body, translated_body, "A book box", policy=DEVELOPMENT)


def test_a_page_s_own_key_hides_the_site_s_param() -> None:
    """Hugo's `param` falls back to the site's params only when the page has no such key: a list
    the page holds prints what the checks do not know."""
    body, translated = '[Le catalogue]({{< param "catalogue" >}}/r).', '[The catalogue]({{< param "catalogue" >}}/r.html).'
    assert _article_safety(body, translated, "A book box", "catalogue: [a, b]\n")
    assert not _article_safety(body, translated, "A book box")


@pytest.mark.parametrize(("text", "expected"), [
    ("{{ page.prix }} € et {{page.heure}} h", "12 € et 9 h"),
    ("à\n  {{- page.heure -}}  h", "à9h"),  # whitespace control strips the blanks
    ('{{< param "Catalogue" >}} et {{% param catalogue %}}', "https://c.example et https://c.example"),  # Hugo's keys ignore case
    ("{{ page.Prix }}, {{ page.prix | plus: 1 }}, {{ site.data.x }}", "{{ page.Prix }}, {{ page.prix | plus: 1 }}, {{ site.data.x }}"),
])
def test_template_code_prints_the_values_it_is_known_to_print(text: str, expected: str) -> None:
    from i18npub.core.article import printed

    values = {"page.prix": "12", "page.heure": "9", "param catalogue": "https://c.example"}
    assert printed(text, values) == expected


def test_a_site_wide_value_not_among_the_entries_prints_what_is_not_known() -> None:
    """Read without the site-wide catalog (as `review` reads an article's), a category the site's
    catalog translates (as `script:…`, say) is not known, and what stands beside it counts."""
    from i18npub.core.article import article_findings, parse
    from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS

    body = "Rubrique {{ page.rubrique }} : à lire"
    article = parse(f"---\ntitle: Un titre\nrubrique: Lecture\n---\n\n{body}\n", "a.md", DEFAULT_PROSE_KEYS, DEFAULT_MARKDOWN_KEYS,
                    site_keys=["rubrique"])
    entries = [Entry(msgid=body, msgstr="Section java{{ page.rubrique }}: read", comments=["paragraph"])]
    assert {f.code for f in article_findings(article, entries, "a.po", SITE) if f.safety}
    entries.append(Entry(msgid="Lecture", msgstr="Reading", msgctxt="site", comments=["front matter: rubrique"]))
    assert not {f.code for f in article_findings(article, entries, "a.po", SITE) if f.safety}


@pytest.mark.parametrize(("body", "unsafe"), [
    ("Voir [le lien](java{{ page.tags }}).", True),  # Jekyll makes the tags' array: not the text as written
    ("Voir [le lien](java{{ page.tags | join: '' }}).", True),
    ("Voir [le lien](java{{ page.title | strip }}).", True),
    ("Voir [le lien]({% for t in page.tags %}//{{ t }}{% endfor %}).", True),
    ("Voir [le lien]({% assign t = page.tags | first %}java{{ t }}).", True),
    ("Voir [le lien]({{ page.tags | first }}script:alert(1)).", True),
    ("Voir [le lien](java{% include tag.html %}).", True),  # an include may read the page
    ("Voir [le lien](java{{< param `tags` >}}).", True),  # a shortcode's template may too
    ("{% liquid assign t = page.title %}Voir [le lien](java{{ t }}).", True),
    ('{% capture "t" %}{{ page.title | strip }}{% endcapture %}Voir [le lien](java{{ t }}).', True),
    ('Voir <a href="java\t{{ page.title | strip }}">le lien</a>.', True),  # a browser drops the tab
    ('Voir <a href= "{{ page.title | strip }}\nscript:alert(1)">le lien</a>.', True),  # and a line break in an attribute
    ("Voici la carte :\n{% include figure.html caption=\"La carte\" %}", False),  # outside a tag, a line break parts them
    ("Voir [le lien](java{{ site['actualites'] | map: 'title' | last }}).", True),  # the site's pages' titles
    ("Voir [le lien](java{% include_relative note.html %}).", True),  # a file beside the page, not the include
    ("{% include vars.html %}Voir [le lien](java{{ titre }}).", True),  # an include's assignment reaches the page
    ('{% include vars.html %}Voir [le lien](java{{ "" | append: titre }}).', True),
    ("{% include vars.html %}Voir [le lien](java{% echo titre %}).", True),
    ("{% include note.html %}Voir [le lien](java{{ site.baseurl }}).", False),  # one that prints nothing of the page assigns nothing
    ("Voir [le lien](java{{ page.previous.title }}).", True),  # the collection's other pages
    ("Voir {{ page.tags | first }} et {{ page.title | upcase }} : ici.", False),  # apart, it prints only what it prints
    ("Voir {% if page.maj %}la mise à jour{% endif %}.", False),  # a choice prints nothing
    ('<a href="{{ page.rapport | relative_url }}">Télécharger</a>', False),  # no unit holds a file's path
    ('[Les archives]({{ site.baseurl }}/archives/{{ page.date | date: "%Y" }}/)', False),
    ("[Partager](https://www.linkedin.com/sharing/share-offsite/?url={{ site.url }}{{ page.url }})", False),
    ("Le décret{% include note.html n=1 %} s'applique.", False),  # its template prints nothing of the page
    ('<div class="video">{{< youtube dQw4w9WgXcQ >}}</div>', False),  # Hugo's own
])
def test_what_stands_beside_code_that_may_print_a_translation_counts_in_the_translation_alone(body: str, unsafe: bool) -> None:
    """Template code whose output is not known but may hold what a translation wrote (a filter
    on a page's value, a loop over it, an include, a shortcode) grants nothing to what stands right
    beside it in the source: a tag translated `script:…` after the body's own `java` is a script
    URL on the built page, whatever the source printed there."""
    from i18npub.core.article import article_findings, parse
    from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS

    article = parse(f"---\ntitle: Un titre\ntags: Numérique\n---\n\n{body}\n", "a.md", DEFAULT_PROSE_KEYS, DEFAULT_MARKDOWN_KEYS,
                    site_keys=["tags"])
    entries = [Entry(msgid="Un titre", msgstr="A title", comments=["front matter: title"]),
               Entry(msgid="Numérique", msgstr="script:alert(1)//", msgctxt="site", comments=["front matter: tags"])]
    policy = dataclasses.replace(SITE, quiet_templates=SITE.quiet_templates | {"note.html"})
    assert bool({f.code for f in article_findings(article, entries, "a.po", policy) if f.safety}) is unsafe


@pytest.mark.parametrize(("template", "hugo", "prints"), [
    ('<sup><a href="#n{{ include.n }}">{{ include.n }}</a></sup>', False, False),
    ("{{ page.title | upcase }}", False, True),
    ("{% assign titre = page.title %}", False, True),  # the page's text may print it then
    ('{% include autre.html %}', False, True),
    ('<span class="note">{{ .Get 0 }}</span>', True, False),
    ("{{ .Inner }}", True, True),
    ('{{ partial "titre.html" . }}', True, True),
    ('{{ with site.GetPage "/actualites/z" }}{{ .LinkTitle }}{{ end }}', True, True),
    ("{{ $p := .Page }}{{ $p.Title }}", True, True),
])
def test_a_template_prints_translations_when_it_reads_anything_but_its_call(template: str, hugo: bool, prints: bool) -> None:
    from i18npub.core.checks import template_prints_translations

    assert template_prints_translations(template, hugo, {}) is prints


def test_a_hugo_param_of_a_page_whose_front_matter_is_not_read_is_not_known() -> None:
    """TOML front matter is left as it is, unread: the page may hold the key, which hides the site's."""
    from i18npub.core.article import article_findings, parse
    from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS

    body = '[Le catalogue]({{< param "catalogue" >}}/r).'
    article = parse(f'+++\ntitle = "Un titre"\ncatalogue = "x"\n+++\n\n{body}\n', "a.md", DEFAULT_PROSE_KEYS, DEFAULT_MARKDOWN_KEYS)
    entries = [Entry(msgid=body, msgstr='[The catalogue]({{< param "catalogue" >}}/r.html).', comments=["paragraph"])]
    assert {f.code for f in article_findings(article, entries, "a.po", SITE) if f.safety}


# --- what the site's templates print inside script ---------------------------------------------

@pytest.mark.parametrize("template", [
    "<script>var t = '{{ page.title }}';</script>",
    "<script>var t = '{{ page.title | escape }}';</script>",  # keeps `\\` and backticks
    "<script>var t = '{{ page.title | uri_escape }}';</script>",  # keeps `'`
    "<script>var t = '{{ site.title | append: page.title }}';</script>",  # a filter's argument is printed too
    "{% if page.title %}{% assign t = page.title %}{% else %}{% assign t = site.title %}{% endif %}<script>'{{ t }}'</script>",
    "{% capture t %}{{ site.title }}{% endcapture %}<script>'{{ t }}'</script>",
    "<script>{% include share.js %}</script>",  # the include's text is script
    "<button {% if page.share %}onclick=\"share('{{ page.title }}')\"{% endif %}>",  # Liquid among a tag's attributes
    "<a href=\"&#106;avascript:go('{{ page.title }}')\">x</a>",
    "<iframe srcdoc=\"<script>'{{ page.title }}'</script>\"></iframe>",
    "<script>var s = `Lire {{ page.title }}`;</script>",
    "{% for doc in site.actualites %}<script>'{{ doc.title }}'</script>{% endfor %}",
    "gtag('config', 'G-1', {page_title: '{{ page.title }}'});\n</script>",  # a script an include opened
    "<script>{% include_cached share.html %}</script>",
    "<div x-data=\"{ title: '{{ page.title }}' }\" @click=\"go('{{ page.lead }}')\"></div>",  # what frameworks evaluate
    "<script>'{{ page.title | slugify: \"pretty\" }}'</script>",  # `pretty` keeps `'`
    "<button onclick='share({{ page.title | jsonify }})'>",  # `&#34` in it is a quote there
    "<script>'{{ paginator.posts.first.title }}'</script>",
    "<script>'{{ share_text }}'</script>",  # assigned a page's value in another file
])
def test_a_template_that_prints_a_page_s_text_inside_script_as_it_is_is_found(template: str) -> None:
    layout = "{% assign share_text = page.title %}{% include share.html %}"
    assert checks.script_print(template, ["actualites"], layout) is not None


@pytest.mark.parametrize("template", [
    "<script>var t = {{ page.title | jsonify }}, u = '{{ page.url }}', l = '{{ page.lang }}', d = '{{ page.date | date: \"%Y\" }}';</script>",
    "{% assign ga = site.google_analytics %}<script>gtag('config', '{{ ga }}'); var n = {{ site.posts | size }};</script>",
    "<p title=\"{{ page.title }}\">{{ content }}</p><a onclick=\"track('{{ page.url | url_encode }}')\">x</a>",
    '<script type="application/ld+json">{"headline": "{{ page.title }}"}</script>',  # data, not script
    "<script>var s = '{{ page.title | slugify }}';</script>",
])
def test_a_template_that_prints_no_translated_text_inside_script_is_not(template: str) -> None:
    assert checks.script_print(template, ["actualites"]) is None


SCRIPTED = Policy(printed_in_script="_includes/analytics.html:3")


@pytest.mark.parametrize(("msgid", "msgstr", "kind"), [
    ("Un titre", "A title'});alert(document.domain);//", "front matter: title"),
    ("Un titre", 'A title";alert(document.cookie);//', "front matter: title"),
    ("Un titre", "A title \\", "front matter: title"),  # escapes the string's end: what follows is code
    ("Un titre", "A title ${alert(document.domain)}", "front matter: title"),  # a template literal
    ("Un titre", "A title &#39;-alert(1)-&#39;", "front matter: title"),  # an attribute's entities are read first
    ("L'équipe présente son travail.", "The team presents $$';alert(document.domain);//$$ its work.", "paragraph"),
    ("L'équipe présente son travail.", "The team presents `'`;alert(1);// its work.", "paragraph"),
    # the source's quote, which kramdown prints `’`, moved into an autolink, whose text it prints as it is
    ("L'équipe présente <https://a.fr/x>.", "The team presents <https://a.fr/x';alert(1)//>.", "paragraph"),
    ("Le forfait à 10 $ par mois", "The ${alert(document.domain)} plan at 10 a month", "front matter: title"),  # the source's `$`
    ("Ranger le dossier C:\\Temp", "Cleaning the Temp folder \\", "front matter: title"),  # its backslash, at the end
    ("Un titre", "A title &#39in alert(1))//", "front matter: title"),  # a browser reads `&#39i` as `'i`
    ("Le dossier C:\\'Temp'", "The folder 'Temp'", "front matter: title"),  # its escaped quote left bare
    # the source's own quote and parentheses, moved: `'Les … d'horaires (1er avril)'` is a syntax error, this a call
    ("Les médiathèques changent d'horaires (1er avril)", "New hours 1';alert(document.domain)//", "front matter: title"),
    # the source's own quotes, or its line breaks, kept, with code put where they end the string
    ('Les lieux "de quartier"', 'The places "; alert(document.domain); "nearby', "include: caption"),
    ("Ouverts jusqu'à 20 heures", "Open until 8 pm'; alert(document.domain); //", "front matter: title"),
    ("Les lieux de quartier", "The places */ alert(document.domain); /* nearby", "include: caption"),  # a comment's end
    ("Les lieux de quartier", "The places\u2028alert(document.domain)\u2028nearby", "include: caption"),  # ends a // comment
    ("Les lieux\nde quartier", "The places\nlocation = name", "front matter: description"),  # a value printed in a // comment
])
def test_a_translation_that_does_not_keep_its_source_s_quotes_where_templates_print_into_script_is_refused(
        msgid: str, msgstr: str, kind: str) -> None:
    entry = Entry(msgid=msgid, msgstr=msgstr, comments=[kind])
    assert "unsafe-html" in {f.code for f in check_entry(entry, SCRIPTED) if f.safety}
    assert not any(f.safety for f in check_entry(entry, Policy()))  # harmless where no template prints it so


@pytest.mark.parametrize(("msgid", "msgstr", "kind"), [
    ("L'État s'engage", "The State's commitment, it's so", "front matter: title"),  # the source's quotes, in its order
    ("Un « titre »", "The “new” title’s look", "front matter: title"),  # typographic quotes end no string
    ("L'équipe présente son travail.", "The team's work.", "paragraph"),
    ("Le rapport (PDF) est en ligne", "The report (PDF) is online (see below)", "paragraph"),  # nothing to end a string with
    ("Le rapport est\nen ligne", "The report (PDF) is\nonline", "paragraph"),  # the body's lines are printed as its rendered HTML
    ("Télécharger l'application", "Download the app", "paragraph"),  # a quote fewer ends no string
    ("Comment l'utiliser ? « Simple »", "How do I use it? “Simple”", "front matter: title"),
])
def test_a_translation_that_keeps_its_source_s_quotes_may_be_printed_into_script(msgid: str, msgstr: str, kind: str) -> None:
    assert check_entry(Entry(msgid=msgid, msgstr=msgstr, comments=[kind]), SCRIPTED) == []


def test_a_title_the_article_s_own_raw_html_prints_in_a_tag_cannot_end_its_attribute() -> None:
    body = '<div class="plan" id="{{ page.title }}"></div>\n\nUn paragraphe.'
    translated = '<div class="plan" id="{{ page.title }}"></div>\n\nA paragraph.'
    assert "unsafe-html" in _article_safety(body, translated, 'A book box" x-init="alert(document.domain)')
    assert not _article_safety(body, translated, "A “book box”")


def test_a_title_the_article_s_own_script_prints_cannot_end_its_string() -> None:
    body = '<script>var s = "{{ page.title }}";</script>\n\nUn paragraphe.'
    translated = '<script>var s = "{{ page.title }}";</script>\n\nA paragraph.'
    assert "unsafe-html" in _article_safety(body, translated, 'A book box";alert(document.cookie);//')
    assert not _article_safety(body, translated, "A “book box”")


@pytest.mark.parametrize(("template", "prints"), [
    ("<script>const s = `Lire « {{ .Title }} »`;</script>", True),  # a template literal: Hugo's Go reads none
    ("<script>var t = '{{ .Title }}';</script>", False),  # html/template escapes it for the string
    ('<button onclick="navigator.share({ text: `{{ .Title }}` })">x</button>', True),
    ('<button onclick="share(\'{{ .Title }}\')">x</button>', False),
    ('<div x-data="{ t: \'{{ .Title }}\', open: false }"></div>', True),  # a framework evaluates it
    ('<button data-hx-on:click="console.log(\'{{ .Title }}\')">x</button>', True),
    ('<div x-data="{ t: \'{{ .Site.Title }}\' }"></div>', False),  # the site's configuration
    ('<div x-data="{ t: \'{{ block "jstitle" . }}{{ end }}\' }"></div>', True),  # another template prints there
    ('<a href="javascript:share(\'{{ .Title }}\')">x</a>', True),  # the browser decodes the percent-encoding
    ('{{ printf "<script>var t = \'%s\';</script>" .Title | safeHTML }}', True),
    ('<div style="background: {{ .Params.caption | safeCSS }}"></div>', True),
    ('<button data-x=">" onclick="share(`{{ .Title }}`)">x</button>', True),  # a quoted `>` ends no tag  # CSS escapes (`\\2f\\2f`) reach another host
    ("<script>var t = '{{ .Title | safeJS }}';</script>", True),
    ("<script>var t = {{ .Title | jsonify | safeJS }};</script>", False),
    ("<h1>{{ .Title | safeHTML }}</h1>", True),  # what it prints as it is, the site's other templates may build script of
    ('{{ $s := printf "<scr" .Title }}{{ $s | safeHTML }}', True),
    ('{{ .Content | replaceRE "(<h[1-9] id=\\"([^\\"]+)\\".+)(</h[1-9]+>)" "${1}<a href=\\"#${2}\\">#</a>${3}" | safeHTML }}', False),
    ('{{ print "}}<script>var t = \'" .Title "\';" | safeHTML }}', True),  # a `}}` in a string ends no action
    ('<button aria-label="Suivant &gt;" @click="share(\'{{ .Title }}\')">x</button>', True),
    ("<script>var t = {{ \"`\" | safeJS }}{{ .Title }}{{ \"`\" | safeJS }};</script>", True),
    ('<a href="&#106;avascript:share(\'{{ .Title }}\')">x</a>', True),
    ('<script type="application/ld+json">{"headline": {{ .Title }}}</script>', False),
    ('<a title="{{ .Title }}" data-title="{{ .Title }}" style="color: {{ .Params.c }}">x</a>', True),  # data- may be a framework's
    ('<a title="{{ .Title }}" href="{{ .Permalink }}">x</a>', False),
])
def test_what_a_hugo_template_prints_where_its_escaping_does_not_keep_it_out_of_script(template: str, prints: bool) -> None:
    assert (checks.hugo_script_print(template) is not None) == prints


def test_a_hugo_script_template_is_script_whole() -> None:
    """A `.js` layout (rendered as plain text) or an asset run as a template escapes nothing."""
    assert checks.hugo_script_print("var t = '{{ .Title }}';", script=True) == 9
    assert checks.hugo_script_print("var u = '{{ .Site.BaseURL }}';", script=True) is None
