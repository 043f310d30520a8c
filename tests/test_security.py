"""Acceptance tests of translation safety: malicious translations (tests/security_attacks.py) of
every class in every kind of unit, against `check`, `build` and what a browser would get.

Each attack is the translation of one unit of a copy of tests/fixtures/security/article.md,
whose other units are translated by themselves. For each:
1. `check` reports an error for it, and a safety error where it could harm;
2. `build` keeps the article out (with `--force` too, for safety errors);
3. the proof: the page an unchecked build would produce, rendered by real kramdown (its own
   parser and GFM, Jekyll's default) and read by an HTML5 parser, really is harmful where the
   attack is declared live; and whatever `build` did publish has no script-capable element,
   event handler, unsafe URL scheme, foreign host, Liquid or front-matter key that the source
   page lacks.

One site holds an article per attack, so the CLI runs a handful of times and kramdown once per
parser (one Ruby process, JSON in and out). The page model: the body and `chapeau-text` go
through kramdown (`markdownify`), the title is printed as it is, as Jekyll templates do with `{{ page.title }}`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import html5lib
import polib
import pytest
import yaml
from ada_url import URL

from conftest import CORPUS, HERE, SITE_ALT_KEYS, corpus_articles, pseudo, read_exact
from security_attacks import CHAPEAU, UNIT_KINDS, Expect, Payload, attacks
from sites import make_site, run

from i18npub.core.article import Article, parse, render
from i18npub.core.catalog import Entry, Key
from i18npub.core.checks import SAFETY_CODES, check_entry
from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS, render_config

FIXTURE = HERE / "fixtures" / "security" / "article.md"
SITE_HOST = "www.numerique.gouv.fr"
PAGE_URL = f"https://{SITE_HOST}/actualites/article/"
# the unit attacked for each kind: the first of that kind, but the list item that the host's
# `{:target="_blank"}` follows and a table cell of the body
UNIT_INDEX = {"list item": -1, "table cell": 2}
CONTROL = "control.md"  # every unit translated by itself: must be published, harmless


@dataclass(frozen=True)
class Attack:
    payload: Payload
    kind: str

    @property
    def id(self) -> str:
        return f"{self.payload.klass}: {self.payload.name} | {self.kind}"

    @property
    def live(self) -> bool:
        return self.kind in self.payload.live


# I18NPUB_ATTACKS=all tries every payload in every kind of unit it is meant for (a few minutes)
ATTACKS = [Attack(payload, kind) for payload, kind in attacks(full=os.environ.get("I18NPUB_ATTACKS") == "all")]
ARTICLES = {attack: f"a{number:03d}.md" for number, attack in enumerate(ATTACKS)}


def source_article(text: str) -> Article:
    return parse(text, "article.md", DEFAULT_PROSE_KEYS, DEFAULT_MARKDOWN_KEYS)


def attacked_key(article: Article, kind: str) -> Key:
    keys = [p.key for p in article.units if p.unit.kind == kind]
    return keys[UNIT_INDEX.get(kind, 0)]


# --- the page a reader gets -----------------------------------------------------------------

@cache
def kramdown_parsers() -> tuple[str, ...]:
    """The kramdown input parsers to read pages with: kramdown's own, and GFM (Jekyll's default)
    when kramdown-parser-gfm is installed; none without ruby and kramdown."""
    def loads(*libraries: str) -> bool:
        return subprocess.run(["ruby", *(f"-r{lib}" for lib in libraries), "-e", ""], capture_output=True).returncode == 0

    if shutil.which("ruby") is None or not loads("kramdown", "json"):
        return ()
    return ("kramdown", "GFM") if loads("kramdown", "kramdown-parser-gfm") else ("kramdown",)


def kramdown(documents: list[str], parser: str = "kramdown") -> list[str]:
    """The HTML of each document, by one Ruby process."""
    script = f'puts JSON.generate(JSON.parse(STDIN.read).map {{ |d| Kramdown::Document.new(d, input: "{parser}").to_html }})'
    libraries = ["-rkramdown", "-rjson"] + (["-rkramdown-parser-gfm"] if parser == "GFM" else [])
    done = subprocess.run(["ruby", *libraries, "-e", script], input=json.dumps(documents),
                          capture_output=True, text=True, check=True, timeout=600)  # kramdown can loop (a form feed)
    return json.loads(done.stdout)


@dataclass
class Page:
    """A built article as a reader gets it: its front matter, title, chapeau and body."""

    keys: tuple[str, ...]
    title: str
    chapeau: str
    body: str

    @classmethod
    def of(cls, text: str, chapeau_key: str = CHAPEAU.split(": ")[1]) -> Page:
        match = re.match(r"---\r?\n(.*?\r?\n)---\r?\n", text, re.S)
        assert match, "the front matter is gone"
        front_matter = yaml.safe_load(match.group(1))
        return cls(tuple(front_matter), str(front_matter.get("title", "")), str(front_matter.get(chapeau_key, "")), text[match.end() :])


SCRIPT_CAPABLE = set("""script iframe frame frameset object embed applet style base meta link form input button
    svg math template portal noscript xmp plaintext isindex""".split())
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href", "ping",
                  "background", "cite", "codebase", "longdesc", "lowsrc", "dynsrc", "usemap", "manifest", "icon"}
SAFE_SCHEMES = {"http:", "https:", "mailto:", "tel:"}


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [c.split()[0] for c in value.split(",") if c.split()]
    if name == "style":
        return [m.group(2) for m in re.finditer(r"url\(\s*(['\"]?)(.*?)\1\s*\)", value, re.I | re.S)]
    if name == "content":  # <meta http-equiv=refresh content="0;url=…">
        match = re.search(r"url\s*=\s*(\S+)", value, re.I)
        return [match.group(1)] if match else []
    return [value] if name in URL_ATTRIBUTES else []


def _url_harm(url: str) -> list[tuple[str, str]]:
    """An URL as a browser resolves it (WHATWG, by ada): an unsafe scheme, or a host not the site's."""
    try:
        resolved = URL(url, base=PAGE_URL)
    except ValueError:
        return []
    if resolved.protocol not in SAFE_SCHEMES:
        return [("scheme", resolved.protocol)]
    if resolved.protocol == "mailto:":  # an address without a domain (`mailto:a#b@c`, to "a") has no host
        host = resolved.pathname.rpartition("@")[2] if "@" in resolved.pathname else ""
    else:
        host = resolved.hostname
    return [("host", host.lower())] if host and _site_of(host) != _site_of(SITE_HOST) else []


def _site_of(host: str) -> str:
    """`www.a.fr`, `a.fr` and `a.fr.` (the root's dot) are one site."""
    return host.lower().rstrip(".").removeprefix("www.")


def html_harm(html: str) -> Counter[tuple[str, str]]:
    """What a page can run, load or send readers to: script-capable elements, event handlers,
    unsafe schemes (counted), foreign hosts (once each)."""
    found: Counter[tuple[str, str]] = Counter()
    hosts = set()
    for element in html5lib.parse(html, namespaceHTMLElements=False).iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        tag = element.tag.rpartition("}")[2].lower()
        if tag in SCRIPT_CAPABLE:
            found["element", tag] += 1
        for name, value in element.attrib.items():
            name = (name[1] if isinstance(name, tuple) else name).lower()
            if name.startswith("on"):
                found["event handler", name] += 1
            for url in _urls(name, value):
                for harm in _url_harm(url):
                    if harm[0] == "host":
                        hosts.add(harm)
                    else:
                        found[harm] += 1
    found.update(hosts)
    return found


# a Liquid tag, or an opener left unclosed (which stops the build)
LIQUID_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\{%", re.S)
# the fixture's include, and its text, which Jekyll reads with a backslash before a quote taken out
FIGURE_INCLUDE = re.compile(r'\{% include figure\.html src="[^"]*" caption="((?:[^"\\]|\\.)*)" %\}')


def included(body: str) -> str:
    """The body once Jekyll has run its includes: `_includes/figure.html` prints its caption as
    it is, as `{{ include.caption }}` does."""
    return FIGURE_INCLUDE.sub(lambda m: "<figure><figcaption>" + m.group(1).replace('\\"', '"') + "</figcaption></figure>", body)


def page_harm(page: Page, chapeau_html: str, body_html: str) -> Counter[tuple[str, str]]:
    # Jekyll runs the Liquid of the body: an include's text is its data, not its code
    tags = [FIGURE_INCLUDE.sub("{% include figure.html caption=… %}", tag) for tag in LIQUID_TAG.findall(page.body)]
    return built_page_harm(page, f"<h1>{page.title}</h1>{chapeau_html}{body_html}", tags)


def built_page_harm(page: Page, html: str, template_tags: list[str]) -> Counter[tuple[str, str]]:
    """The harm of a page whose generator wrote `html` and ran these template tags (Liquid, Hugo's
    shortcodes: each once, blanks aside, as one repeated runs the same code), and of the
    page's front-matter keys."""
    found = html_harm(html)
    found.update(("template tag", tag) for tag in {" ".join(tag.split()) for tag in template_tags})
    found.update(("front-matter key", key) for key in page.keys if key not in ("lang", "ref"))
    return +found


def render_pages(pages: list[Page]) -> list[Counter[tuple[str, str]]]:
    """The harm of each page as the worst of its readings by each kramdown parser."""
    harms: list[Counter[tuple[str, str]]] = [Counter() for _ in pages]
    for parser in kramdown_parsers():
        html = kramdown([doc for page in pages for doc in (page.chapeau, included(page.body))], parser)
        for i, page in enumerate(pages):
            harms[i] |= page_harm(page, html[2 * i], html[2 * i + 1])
    return harms


# --- the site of attacks -------------------------------------------------------------------

@dataclass
class Outcome:
    check_exit: int
    errors: dict[str, list[str]]  # article -> codes of its error findings
    published: dict[str, str]  # article -> text, built without --force
    forced: dict[str, str]  # built with --force
    unchecked: dict[str, str]  # what a build without checks would write
    source: str
    would_publish: set[str]  # the articles `status` says build publishes


def _translate(site: Path, article: str, translations: dict[Key, str], note: str = "") -> None:
    path = site / "locales" / "en" / (article.rsplit(".", 1)[0] + ".po")
    catalog = polib.pofile(str(path))
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        entry.msgstr = translations.get(key, entry.msgid)
        if key in translations and note:
            entry.tcomment = note
    catalog.save(str(path))


def _outputs(site: Path) -> dict[str, str]:
    folder = site / "content" / "en"
    return {p.name: read_exact(p) for p in folder.glob("*.md")} if folder.is_dir() else {}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory) -> Outcome:
    source = read_exact(FIXTURE)
    article = source_article(source)
    site = make_site(tmp_path_factory.mktemp("attacks"), {name: source for name in [CONTROL, *ARTICLES.values()]})
    assert run(site, "extract").exit_code == 0
    unchecked = {}
    for attack, name in ARTICLES.items():
        key = attacked_key(article, attack.kind)
        translation = attack.payload.translation(key[1])
        _translate(site, name, {key: translation}, attack.payload.note)
        unchecked[name] = render(article, {p.key: p.key[1] for p in article.units} | {key: translation}, {})
    _translate(site, CONTROL, {})
    checked = run(site, "check", "--format", "json")
    errors: dict[str, list[str]] = {}
    for finding in json.loads(checked.output)["findings"]:
        if finding["severity"] == "error":
            errors.setdefault(Path(finding["po_file"]).stem + ".md", []).append(finding["code"])
    status = json.loads(run(site, "status", "--lang", "en", "--format", "json").output)
    would_publish = {Path(a["source_file"]).name for a in status["articles"] if a["would_publish"]}
    run(site, "build", "--lang", "en")
    published = _outputs(site)
    run(site, "build", "--lang", "en", "--force")
    return Outcome(checked.exit_code, errors, published, _outputs(site), unchecked, source, would_publish)


@pytest.fixture(scope="module")
def harm(outcome: Outcome) -> dict[str, Counter[tuple[str, str]]]:
    """The harm of every page in question, by name ("source", "unchecked:aNNN.md",
    "published:aNNN.md", "forced:aNNN.md"), all rendered by one kramdown run."""
    if not kramdown_parsers():
        pytest.skip("ruby with kramdown is not installed")
    texts = {"source": outcome.source}
    for prefix, pages in (("unchecked", outcome.unchecked), ("published", outcome.published), ("forced", outcome.forced)):
        texts.update({f"{prefix}:{name}": text for name, text in pages.items()})
    return dict(zip(texts, render_pages([Page.of(text) for text in texts.values()])))


def test_the_control_article_is_published_and_clean(outcome: Outcome, harm) -> None:
    """The harness itself: translated by themselves, the units pass and are published."""
    assert CONTROL not in outcome.errors
    assert CONTROL in outcome.published
    assert harm[f"published:{CONTROL}"] == harm["source"]


def test_check_exits_1_on_the_attacks(outcome: Outcome) -> None:
    assert outcome.check_exit == 1


def test_there_are_attacks_enough() -> None:
    assert len(ATTACKS) >= 100
    assert {a.kind for a in ATTACKS} == UNIT_KINDS


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.id)
def test_check_reports_the_attack(attack: Attack, outcome: Outcome) -> None:
    codes = outcome.errors.get(ARTICLES[attack], [])
    if attack.payload.expect is Expect.SAFETY:
        assert SAFETY_CODES & set(codes), f"no safety error; errors: {codes}"
    elif attack.payload.expect is Expect.ERROR:
        assert codes, "no error"


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.id)
def test_build_keeps_the_attack_out(attack: Attack, outcome: Outcome) -> None:
    name = ARTICLES[attack]
    if attack.payload.expect is Expect.SAFETY:
        assert name not in outcome.published and name not in outcome.forced
    elif attack.payload.expect is Expect.ERROR:
        assert name not in outcome.published


def test_status_says_what_build_publishes(outcome: Outcome) -> None:
    """`status` takes build's decision from the findings it counts (`build.Checked`), where
    build finds them afresh: the two agree on every attack."""
    assert outcome.would_publish == set(outcome.published)
    assert CONTROL in outcome.would_publish and len(outcome.would_publish) < len(ARTICLES) / 2


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.id)
def test_what_build_publishes_is_harmless(attack: Attack, outcome: Outcome, harm) -> None:
    name = ARTICLES[attack]
    for prefix in ("published", "forced"):
        if f"{prefix}:{name}" in harm:
            assert harm[f"{prefix}:{name}"] - harm["source"] == Counter(), f"{prefix} build"


@pytest.mark.parametrize("attack", [a for a in ATTACKS if a.live], ids=lambda a: a.id)
def test_the_attack_is_real_without_the_checks(attack: Attack, harm) -> None:
    assert harm[f"unchecked:{ARTICLES[attack]}"] - harm["source"] != Counter()


def test_the_harm_oracle_sees_what_it_looks_for() -> None:
    seen = html_harm(
        '<p><a href="java&#9;script:alert(1)">a</a><a href="\\\\evil.example/x">b</a><a href="http:evil.example">c</a>'
        '<img src="/x.png" srcset="https://evil.example/y.png 2x" onerror="x()"><svg></svg>'
        '<a href="mailto:x@evil.example">d</a><a href="https:relative">e</a><a href="//www.numerique.gouv.fr/">f</a></p>'
    )
    assert seen == Counter({("scheme", "javascript:"): 1, ("host", "evil.example"): 1, ("event handler", "onerror"): 1, ("element", "svg"): 1})


# --- legitimate translations ---------------------------------------------------------------

# Sources that show markup as code (a security article's example), and translations that get
# kramdown to pair the backticks otherwise, so that the example is live on the page: a line that
# ends kramdown's paragraph inside a span, backticks added or moved, or a context where code
# spans do not hold. (What the source shows as code grants a translation nothing once it changes
# the unit's markup: `checks._Allowlist.freed`.)
SCRIPT, JS_LINK, FOREIGN = "<script>alert(1)</script>", "[clic](javascript:alert(1))", '<a href="https://evil.example/">ici</a>'


def _shown(example: str) -> str:
    return f"Ne collez jamais `{example}` dans une page."


FREEING = {
    **{f"paragraph end {line!r}": (_shown(SCRIPT), f"`Never\n{line}\npaste` the code `{SCRIPT}` into a page.")
       for line in ["^", "---", "===", "\f", "{: .x}", "<div>", ": a definition"]},
    "lone backtick": (_shown(SCRIPT), f"Never paste ` this` `{SCRIPT}` into a page."),
    "lone backtick first": (_shown(JS_LINK), f"` this` `{JS_LINK}` into a page."),
    "longer run": (_shown(SCRIPT), f"Never paste `a``` {SCRIPT} ` into a page."),
    "line kramdown joins back": (_shown(SCRIPT), f"Never `paste\n<:x `{SCRIPT}` into a page."),
    "definition below": (_shown(SCRIPT), f"Never `paste\nthis` `{SCRIPT}` into a page.\n: def"),
    "GFM quote line": (_shown(SCRIPT), f"Never `paste\n> this` `{SCRIPT}` into a page."),
    "GFM list line": (_shown(SCRIPT), f"Never `paste\n- this` `{SCRIPT}` into a page."),
    "heading without a space": (_shown(SCRIPT), f"#Never `paste\nthis` `{SCRIPT}` into a page."),
    "stray bracket": (_shown(JS_LINK), f"Never paste ][{JS_LINK} into a page."),
    "unclosed fence": (_shown(SCRIPT), f"```{SCRIPT} never paste this."),
    "unclosed attribute list": (_shown(SCRIPT), f"Never paste {{:{SCRIPT} into a page."),
    "HTML block": (_shown(SCRIPT), f"<div>Never paste `{SCRIPT}` into a page.</div>"),
    "a host shown as code": (_shown(FOREIGN), "Never paste [this](https://evil.example/login) into a page."),
    "a tag name kramdown reads": (_shown(SCRIPT), f"<é>Never paste `{SCRIPT}` into a page.</é>"),
    "a letter number as tag name": (_shown(SCRIPT), f"Never paste:\n<Ⅰ>`{SCRIPT}`</Ⅰ>"),
    "an attribute eats the opener": ('Ne collez jamais `"><script>alert(1)</script>` dans un formulaire.',
                                     'Never paste <é a="`"><script>alert(1)</script>` into a form.</é>'),
    "<< read as «, so a tag opens none": (f'Si a < b, voir <span title="`">x</span> et `{SCRIPT}`.',
                                        f'If a b, see <<span title="`">x</span> and `{SCRIPT}`.'),
    "inline math eats the opener": (f"Lancez `echo $$` puis ne collez jamais `{SCRIPT}`.", f"Run $$`echo $$` then never paste `{SCRIPT}`."),
}


@pytest.mark.parametrize("name", FREEING)
def test_markup_a_source_shows_as_code_cannot_be_freed(name: str) -> None:
    source, translation = FREEING[name]
    parser = "GFM" if name.startswith("GFM") else "kramdown"  # GFM is Jekyll's default
    if parser in kramdown_parsers():  # the attack is real: the page has what the source's lacks
        source_html, translation_html = kramdown([source, translation], parser)
        assert html_harm(translation_html) - html_harm(source_html)
    assert any(f.safety for f in check_entry(Entry(msgid=source, msgstr=translation)))
    faithful = source.replace("Ne collez jamais", "Never paste").replace("dans une page", "into a page")
    assert not any(f.safety for f in check_entry(Entry(msgid=source, msgstr=faithful)))


# Markup the tokenizer read as something that hides it, where kramdown reads it live: a bracket in
# what looked like a footnote's name, a reference that nothing defines (kramdown reads its `[ref]`
# afresh), a link target that a GFM list line cuts off from its link. Under every reading, the
# plain-text net (`checks.unsafe_text_added`) counts what a translation writes that may run.
MISREAD = {
    "a bracket in a footnote's name": ("Un lien.", "A link.\n[^1[clic](javascript:alert(1))]: "),
    "a reference nothing defines": ("*[HTML]: HyperText Markup Language", "*[HTML][clic](javascript:alert(1)): HyperText"),
    "GFM list line inside a link": ("Lisez [le guide](/guide/) avant.", "Read [the gui\n- de](/x[clic](javascript:alert(1))y/) first."),
}


@pytest.mark.parametrize("name", MISREAD)
def test_markup_the_tokenizer_misreads_is_still_caught(name: str) -> None:
    source, translation = MISREAD[name]
    parser = "GFM" if name.startswith("GFM") else "kramdown"
    if parser in kramdown_parsers():  # the attack is real
        source_html, translation_html = kramdown([source, translation], parser)
        assert html_harm(translation_html) - html_harm(source_html)
    assert any(f.safety for f in check_entry(Entry(msgid=source, msgstr=translation)))


# What Hugo's goldmark (CommonMark) reads otherwise than kramdown, where a source shows markup as
# code: a line that holds one tag alone opens an HTML block, so do its block elements kramdown
# takes for span ones (`<option>`), a list item's text moved right takes the indented code below in,
# a table splits code spans at its pipes, and a backslash escape in a link target is undone.
IMG = "<img src=x onerror=alert()>"
GOLDMARK = {
    "a tag alone on a line": (f"Le mot <b>important</b> : `{IMG}` est un exemple\nde code.",
                              {f"Le mot <b>important</b> : `{IMG}` est un exemple\nde code.": f"<b>\nThe important</b> word: `{IMG}` is an example."}),
    "a block element kramdown spans": (f"Choisissez une <option>valeur</option> dans la liste,\npar exemple `{IMG}`.",
                                       {f"Choisissez une <option>valeur</option> dans la liste,\npar exemple `{IMG}`.":
                                        f"Choose a\n<option>value</option> from the list, for example `{IMG}`."}),
    "a list item's text moved right": (f"- Exemple :\n\n      {IMG}", {"Exemple :": "   Example:"}),
    "a table made of prose pipes": (f"Menus A | B\net --- | --- séparent,\n`echo '{IMG}' | tee a.html` crée la page.",
                                    {f"Menus A | B\net --- | --- séparent,\n`echo '{IMG}' | tee a.html` crée la page.":
                                     f"Menus A | B, separated by\n--- | ---\n`echo '{IMG}' | tee a.html` creates the page."}),
    "a backslash escape in a target": ('Voir [le plan]({{< ref "plan" >}}).',
                                       {'Voir [le plan]({{< ref "plan" >}}).': 'See [the map](javascript\\:alert()//{{< ref "plan" >}}).'}),
}


@pytest.mark.parametrize("name", GOLDMARK)
def test_what_goldmark_would_make_live_is_kept_out(name: str, tmp_path: Path) -> None:
    body, translations = GOLDMARK[name]
    assert published_despite_check(tmp_path, {"article.md": body}, translations) == []


# Markup a translation moves out of a Liquid tag's pair that shows it (Jekyll does not run the
# Liquid `raw` holds), and pairs written out of order, which stop the site's build.
PAIRS = {
    "out of a raw": ("Exemple : {% raw %}{% include badge.html %}{% endraw %} ici.",
                     "Example: {% include badge.html %}{% raw %}{% endraw %} here."),
    "a raw pair swapped": ("Écrivez {% raw %}{{ page.title }}{% endraw %} ici.", "Write {% endraw %}{{ page.title }}{% raw %} here."),
    "a branch swapped": ('Le widget est {% if site.w %}<a href="javascript:alert(1)">actif</a>{% else %}désactivé{% endif %} ici.',
                         'The widget is {% if site.w %}off{% else %}<a href="javascript:alert(1)">on</a>{% endif %} here.'),
    "a raw pair left open": ("Exemple : {% raw %}texte{% endraw %} ici.", "Example: {% raw %}text here."),
    "an if pair swapped": ("Ouvert {% if site.title %}le samedi{% endif %} aussi.", "Open {% endif %}on Saturdays{% if site.title %} too."),
}


@pytest.mark.parametrize("body", [f"Le code {{{{< highlight html >}}}}{IMG}{{{{< /highlight >}}}} ici.",
                                  f"Le code {{{{< highlight html >}}}}{IMG} {IMG}{{{{< /highlight >}}}} ici.",
                                  f"Le code {{{{% highlight html %}}}}{IMG}{{{{% / highlight %}}}} ici.",
                                  f"Le code {{% highlight html %}}{IMG}{{% endhighlight %}} ici."])
def test_what_a_highlight_shows_is_in_no_unit(body: str) -> None:
    """Hugo's `highlight` shortcode, as Liquid's tag, holds code that the page shows: none of it
    is offered for translation, so no translation can move it out, or close the pair early."""
    article = parse(f"---\ntitle: Test\n---\n\n{body}\n", "a.md", [], [])
    assert [p.unit.msgid for p in article.units] == ["Le code", "ici."]


@pytest.mark.parametrize("name", PAIRS)
def test_markup_moved_across_a_liquid_or_shortcode_pair_is_kept_out(name: str, tmp_path: Path) -> None:
    source, translation = PAIRS[name]
    assert published_despite_check(tmp_path, {"article.md": source}, {source: translation}) == []


def published_despite_check(tmp_path: Path, bodies: dict[str, str], translations: dict[str, str]) -> list[str]:
    """A plain site of these articles (name → body under a `Test` title), every unit translated
    as `translations` says (by source text; the others as they are): `check` must fail, and the
    articles that `build --force` still publishes are returned."""
    site = make_site(tmp_path, {name: f"---\ntitle: Test\n---\n\n{body}\n" for name, body in bodies.items()})
    run(site, "extract")
    for name in bodies:
        catalog = polib.pofile(str(site / "locales" / "en" / name.replace(".md", ".po")))
        for entry in catalog:
            entry.msgstr = translations.get(entry.msgid, entry.msgid)
        catalog.save()
    assert run(site, "check", "--lang", "en").exit_code == 1
    run(site, "build", "--lang", "en", "--force")
    return sorted(f.name for f in (site / "content" / "en").glob("*.md"))


def test_build_keeps_out_the_pages_that_free_what_a_source_shows_as_code(tmp_path: Path) -> None:
    bodies = {f"a{number:02d}.md": FREEING[name][0] for number, name in enumerate(FREEING)}
    assert published_despite_check(tmp_path, bodies, dict(FREEING.values())) == []


# Articles whose translated units open an HTML block before another unit's code example, or
# before a code block, or make an indented code block a list item's or a definition's text:
# kramdown then reads the example as markup, live on the page. No unit alone frees it.
WRAPPING = {
    "div around it": (["Introduction.", _shown(SCRIPT), "Fin."], ["<div>Introduction.", _shown(SCRIPT), "End.</div>"]),
    "a tag name kramdown reads": (["Introduction.", _shown(SCRIPT), "Fin."], ["<é>Introduction.", _shown(SCRIPT), "End.</é>"]),
    "an inline tag moved to the start": (['Note :<font color="red"> lisez ceci.', _shown(SCRIPT)],
                                         ['<font color="red">Read this. Note:', _shown(SCRIPT)]),
    "an inline tag moved to a line's start": (["Voir <font color=red>ceci et la suite.", _shown(SCRIPT), "Fin.</font>"],
                                              ["See\n<font color=red>this and more.", _shown(SCRIPT), "End.</font>"]),
    "a custom element moved to the start": (["Voir<x-note> la note.", _shown(SCRIPT)], ["<x-note>See the note.", _shown(SCRIPT)]),
    "a tag made of the text's < and >": (["Utilisez a < b et b > c ici.", _shown(SCRIPT)], ["<div>Use a b and b c here.", _shown(SCRIPT)]),
    "a list marker before indented code": (["Bonjour le monde.", f"    {SCRIPT}", "Fin."], ["- Hello world.", None, "End."]),
    "a definition before indented code": (["Bonjour le monde.", '    <div onclick="alert(1)">x</div>', "Fin."],
                                          ["Hello\n: world.", None, "End."]),
    "before a fenced block": (['Note :<font color="red"> lisez ceci.', f"```html\n{SCRIPT}\n```"],
                              ['<font color="red">Read this. Note:', None]),
}


@pytest.mark.parametrize("name", WRAPPING)
def test_units_that_open_an_html_block_before_code_are_kept_out(name: str, tmp_path: Path) -> None:
    units, translations = WRAPPING[name]
    source_body = "\n\n".join(units)
    translated_body = "\n\n".join(t if t is not None else u for u, t in zip(units, translations))
    if kramdown_parsers():  # the attack is real
        source_html, translated_html = kramdown([source_body, translated_body])
        assert html_harm(translated_html) - html_harm(source_html)
    chosen = {source: translation for source, translation in zip(units, translations) if translation is not None}
    assert published_despite_check(tmp_path, {"article.md": source_body}, chosen) == []


# Articles where a translation changes, by what kramdown reads at a line's start, the block that
# another unit's example lies in: an HTML block opened inside a list item, or one that never ends
# (kramdown ends it only at an end tag written exactly, after its opener), a list item or a
# footnote that takes the indented code block below in.
FONT = '<font color="red">Attention</font> : lisez ceci.'
REBLOCKING = {
    "a block tag moved to a list item's start": (f'- Voir <font color="red">ceci, à lire.\n\n  {_shown(SCRIPT)}</font>',
                                                 {'Voir <font color="red">ceci, à lire.': '<font color="red">See this, read it.'}),
    "a list marker before a pipe": (f"Bonjour le monde.\n\n    {SCRIPT}", {"Bonjour le monde.": "-|Hello world."}),
    "an end tag kramdown does not read": (f"{FONT}\n\n{_shown(SCRIPT)}", {FONT: '<font color="red">Warning</font/>: read this.'}),
    "an end tag moved before its opener": (f"Intro\n{FONT}\n\n{_shown(SCRIPT)}", {f"Intro\n{FONT}": 'Intro</font>\n<font color="red">Warning: read this.'}),
    "a footnote made before indented code": (f"Voir [la doc](https://a.fr).\n\nLisez [le guide](https://b.fr).\n\n    {SCRIPT}",
                                            {"Voir [la doc](https://a.fr).": "See the doc[^1].", "Lisez [le guide](https://b.fr).": "[^1]: Read the guide."}),
    "a heading's underline above a definition": ("Un paragraphe\n[x]: javascript:alert(1)\n\nVoir [x].", {"Un paragraphe": "A paragraph\n==="}),
    "an indented paragraph after a footnote": (f'Une note[^1].\n\n[^1]: Le texte de la note.\n\nExemple :\n\n    {SCRIPT}',
                                               {"Exemple :": "    Example:"}),
}


@pytest.mark.parametrize("name", REBLOCKING)
def test_units_that_change_the_block_of_another_unit_s_code_are_kept_out(name: str, tmp_path: Path) -> None:
    body, translations = REBLOCKING[name]
    body += "\n\nFin."
    if kramdown_parsers():  # the attack is real
        translated = body
        for source, translation in translations.items():
            translated = translated.replace(source, translation)
        source_html, translated_html = kramdown([body, translated])
        assert html_harm(translated_html) - html_harm(source_html)
    assert published_despite_check(tmp_path, {"article.md": body}, translations) == []


@pytest.mark.parametrize("code, translation", [
    ('Une <img src="a.png" onerror="alert(1)"> photo', 'A\n\n<img src="b.png" onerror="alert(1)"> photo'),
    ("[x](https://evil.example/a)", "x\n\n[y](https://evil.example/b)"),
])
def test_a_blank_line_cannot_end_an_indented_code_block_from_inside(code: str, translation: str, tmp_path: Path) -> None:
    """An indented code line with text is a unit; a blank line in its translation would end the
    code block, and what follows would be live on the page."""
    source_body = f"Exemple :\n\n    {code}\n\nFin."
    if kramdown_parsers():  # the attack is real
        translated_body = f"Example:\n\n    {translation}\n\nEnd."
        source_html, translated_html = kramdown([source_body, translated_body])
        assert html_harm(translated_html) - html_harm(source_html)
    chosen = {"Exemple :": "Example:", code: translation, "Fin.": "End."}
    assert published_despite_check(tmp_path, {"article.md": source_body}, chosen) == []


def test_the_pseudo_translated_corpus_has_no_check_error(tmp_path: Path) -> None:
    """The 45 shared articles, every unit translated by the reversible pseudo-translation that
    a careful translator's work looks like to the checks: `check` finds no error."""
    paths = corpus_articles()
    if not paths:
        pytest.skip(f"{CORPUS} is absent")
    site = make_site(tmp_path, {str(p.relative_to(CORPUS)): read_exact(p) for p in paths})
    (site / "i18npub.toml").write_text(render_config("fr", ["en"], prose_keys=DEFAULT_PROSE_KEYS + SITE_ALT_KEYS), encoding="utf-8")
    assert run(site, "extract").exit_code == 0
    for po in (site / "locales" / "en").rglob("*.po"):
        catalog = polib.pofile(str(po))
        for entry in catalog:
            entry.msgstr = pseudo(entry.msgid)
        catalog.save(str(po))
    checked = run(site, "check", "--format", "json")
    totals = json.loads(checked.output)["totals"]
    errors = [f for f in json.loads(checked.output)["findings"] if f["severity"] == "error"]
    assert totals["catalogs"] == len(paths)
    assert errors == [] and checked.exit_code == 0


# --- the slug and link entries -------------------------------------------------------------

POST = "_posts/2024-03-01-bilan.md"
POST_TEXT = "---\ntitle: Un bilan\nfile: /uploads/bilan.pdf\n---\nDu texte.\n"


@pytest.mark.parametrize(("context", "translation"), [
    ("slug", "../../../index"),  # the site's home page, written by a translation of another
    ("slug", "../en-bilan"),
    ("slug", "a/b"),
    ("link", '/uploads/bilan-en.pdf" onmouseover="alert(1)'),  # templates print it in href="…"
    ("link", "/uploads/bilan-en.pdf'><script>alert(1)</script>"),
    ("link", "javascript:alert(1)"),
    ("link", "//evil.example/bilan.pdf"),
])
def test_a_slug_or_link_entry_cannot_write_elsewhere_or_end_its_attribute(tmp_path: Path, context: str, translation: str) -> None:
    """A Jekyll post's slug names its translation's file and URL, its link value (a PDF) goes
    into a template's `href`: a translation of either that could harm is a safety error, and
    `build --force` writes nothing."""
    (tmp_path / "_config.yml").write_text("exclude: [i18npub.toml]\n", encoding="utf-8")
    (tmp_path / POST).parent.mkdir()
    (tmp_path / POST).write_text(POST_TEXT, encoding="utf-8")
    assert run(tmp_path, "init", "--source-lang", "fr", "--lang", "en").exit_code == 0
    config = tmp_path / "i18npub.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("link_keys = []", 'link_keys = ["file"]', 1), encoding="utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    po_path = tmp_path / "_locales" / "en" / POST.replace(".md", ".po")
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.msgstr = translation if entry.msgctxt == context else entry.msgid if entry.msgctxt else "En: " + entry.msgid
    catalog.save(str(po_path))
    checked = run(tmp_path, "check", "--format", "json")
    codes = {f["code"] for f in json.loads(checked.output)["findings"] if f["severity"] == "error"}
    assert checked.exit_code == 1 and SAFETY_CODES & codes, codes
    site_files = {p for p in tmp_path.rglob("*") if p.is_file() and not p.relative_to(tmp_path).parts[0].startswith(("_locales", ".i18npub"))}
    run(tmp_path, "build", "--lang", "en", "--force")
    assert {p for p in tmp_path.rglob("*") if p.is_file() and not p.relative_to(tmp_path).parts[0].startswith(("_locales", ".i18npub"))} == site_files
