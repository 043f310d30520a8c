"""Property tests (Hypothesis): the round-trip invariants hold on generated documents."""

from __future__ import annotations

import re

import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import pseudo, unpseudo
from i18npub.core.catalog import Catalog, Entry
from i18npub.core.article import parse, render
from i18npub.core.checks import check_entry
from i18npub.errors import SourceError
from i18npub.core.frontmatter import _PLAIN_UNSAFE, _SINGLE_SPACE, _typed_elsewhere, _flow_specials, _closing_line, _plain_reads_back, _reads_back, plain_or_quoted
from i18npub.core.merge import merge
from i18npub.core.pofile import parse_catalog, render_catalog

WORDS = st.sampled_from(
    ["la", "France", "État", "données", "ouvertes", "l’action", "d'un", "**gras**", "*em*", "`code`",
     "[lien](https://ex.gouv.fr/a)", '{:target="_blank"}', "{: .encadre}", "{:target\"_blank\"}",
     "<br>", "<b>fort</b>", '<a href="/x" title="Titre">lien</a>', "{{ site.url }}", "{% if x %}",
     "&nbsp;", "5.servant", "#tag", "|", "<", ">", ":", "«", "»", "\u00a0", "\u0301", "é", "2 000"]
)
TEXT = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
LINE = st.one_of(
    TEXT,
    TEXT.map(lambda t: "## " + t),
    TEXT.map(lambda t: "###" + t),
    TEXT.map(lambda t: "* " + t),
    TEXT.map(lambda t: "1. " + t),
    TEXT.map(lambda t: "> " + t),
    TEXT.map(lambda t: ">" + t),
    TEXT.map(lambda t: "  - " + t),
    TEXT.map(lambda t: "| " + t + " | b |"),
    TEXT.map(lambda t: "<p>" + t + "</p>"),
    TEXT.map(lambda t: "</figure>* " + t),
    TEXT.map(lambda t: '<img src="/a.png" alt="' + t.replace('"', "") + '"/>'),
    TEXT.map(lambda t: t + "  "),
    st.sampled_from(["", " ", "\t", "---", "```", "~~~", "{: .lien-important}", "<div class=\"x\">",
                     "</div>", "<!-- note -->", "{::comment}", "{:/comment}", "|:--|:--:|", "^",
                     "<figure>", "</figure>", "    indenté"]),
)
EOL = st.sampled_from(["\n", "\r\n"])


@st.composite
def _documents(draw) -> str:
    eol = draw(EOL)
    lines = draw(st.lists(LINE, min_size=1, max_size=25))
    body = eol.join(lines) + draw(st.sampled_from(["", eol, eol * 3]))
    if draw(st.booleans()):
        title = draw(TEXT).replace("\r", "")
        style = draw(st.sampled_from([None, "'", '"']))
        dumped = yaml.safe_dump({"title": title}, allow_unicode=True, width=40, default_style=style)
        if style:  # keep the key plain
            dumped = dumped.replace(f"{style}title{style}:", "title:", 1)
        body = "---" + eol + dumped.replace("\n", eol) + "---" + eol + body
    return body


def documents():
    return _documents().filter(no_unclosed_front_matter)


def article_of(text: str):
    return parse(text, "a.md", ["title"], ["chapeau-text"])


def no_unclosed_front_matter(text: str) -> bool:
    """A body that opens with a `---` line and never closes it is a broken front matter."""
    try:
        article_of(text)
    except SourceError:
        return False
    return True


@given(documents())
def test_identity_and_pseudo_translation_give_the_source_back(text: str) -> None:
    article = article_of(text)
    keys = {p.key for p in article.units}
    assert render(article, {}, {}) == text
    assert render(article, {k: k[1] for k in keys}, {}) == text
    assert unpseudo(render(article, {k: pseudo(k[1]) for k in keys}, {})) == text


@given(documents())
def test_units_are_disjoint_ordered_and_hold_letters(text: str) -> None:
    body = [p.unit for p in article_of(text).units if p.host is None]
    spans = [span for unit in body for span in unit.spans]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(any(c.isalpha() for c in unit.msgid) for unit in body)


@given(documents(), st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=5))
def test_any_translation_of_the_title_reads_back(text: str, translations: list[str]) -> None:
    article = article_of(text)
    titles = [p.key for p in article.units if p.host is not None]
    if not titles:
        return
    translation = "".join(translations).strip() or "x"
    built = render(article, {titles[0]: translation}, {"lang": "en"})
    front = yaml.safe_load(built.split("---", 2)[1])
    original = yaml.safe_load(text.split("---", 2)[1])
    # every line break of a translation is written as "\n" (a carriage return counts as one)
    expected = original["title"].replace(titles[0][1], re.sub("\r\n?", "\n", translation), 1)
    assert front == {"title": expected, "lang": "en"}


# gettext strings carry no control characters but newline and tab (polib splits at the others)
MSG = st.text(st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]) | st.sampled_from("\n\t"), max_size=60)


@given(st.lists(st.tuples(MSG.filter(bool), MSG, st.booleans(), st.booleans()), max_size=8, unique_by=lambda t: t[0]))
def test_po_render_parse_round_trip(items) -> None:
    catalog = Catalog(
        header={"Language": "en", "Content-Type": "text/plain; charset=UTF-8"},
        entries=[
            Entry(msgid, msgstr, flags=["fuzzy"] if fuzzy else [], obsolete=obsolete and bool(msgstr),
                  locations=[] if obsolete and msgstr else [("a b.md", 3)], comments=["paragraph"])
            for msgid, msgstr, fuzzy, obsolete in items
        ],
    )
    text = render_catalog(catalog)
    again = parse_catalog(text, "x.po")
    # as gettext writes it, an untranslated entry is never fuzzy
    assert [(e.msgid, e.msgstr, e.fuzzy, e.obsolete) for e in again.entries] == [
        (e.msgid, e.msgstr, e.fuzzy and bool(e.msgstr), e.obsolete) for e in sorted(catalog.entries, key=lambda e: e.obsolete)
    ]
    assert render_catalog(again) == text


@given(documents(), documents())
def test_update_is_idempotent_and_loses_no_translation(first: str, second: str) -> None:
    def template(text: str) -> list[Entry]:
        seen: dict = {}
        for p in article_of(text).units:
            seen.setdefault(p.key, Entry(p.key[1], msgctxt=p.key[0], comments=[p.unit.kind]))
        return list(seen.values())

    translated = merge(Catalog(), template(first), {})
    for entry in translated.entries:
        entry.msgstr = "T:" + entry.msgid
    updated = merge(translated, template(second), {})
    assert merge(updated, template(second), {}) == updated
    kept = {e.msgstr for e in updated.entries if e.msgstr}
    assert {e.msgstr for e in translated.entries} <= kept


ANY_TEXT = st.text(st.characters(blacklist_categories=["Cs"]) | st.sampled_from(list("<>{}[]()*_`#|:-\n\r\t >!&%")), max_size=300)


@given(ANY_TEXT)
def test_any_text_segments_and_rebuilds(text: str) -> None:
    """No input crashes the segmenter, and the splice gives any text back."""
    try:
        article = article_of(text)
    except SourceError:  # a broken front matter is reported, not guessed at
        return
    keys = {p.key for p in article.units}
    assert unpseudo(render(article, {k: pseudo(k[1]) for k in keys}, {})) == unpseudo(text)


# text over several lines, with hard breaks of both spellings (two spaces, a backslash), and bare URLs
LINES_TEXT = st.lists(
    st.one_of(WORDS, st.sampled_from([" ", "\n", "  \n", "\\\n", "https://ex.gouv.fr/a ", "javascript:alert(1) ", "www.ex.fr "])),
    min_size=1, max_size=10,
).map("".join)
CHECKED_TEXT = st.one_of(TEXT, LINES_TEXT)


@given(CHECKED_TEXT, CHECKED_TEXT, st.sampled_from(["paragraph", "list item", "heading", "front matter: title"]))
def test_errors_only_finds_the_errors_and_kept_markup_has_none(source: str, target: str, kind: str) -> None:
    entry = Entry(source, target, comments=[kind])
    full = {f.code for f in check_entry(entry) if f.severity == "error"}
    assert {f.code for f in check_entry(entry, errors_only=True)} == full
    mapped = Entry(source, pseudo(source), comments=[kind])  # markup kept, letters changed
    assert not [f for f in check_entry(mapped, errors_only=True) if f.severity == "error"]


SCALAR_TEXT = st.text(st.characters(blacklist_categories=["Cs"]) | st.sampled_from(list("yYnNoO~-.:#'\"!&*|>%@` \t\n0123")), max_size=12)


@given(SCALAR_TEXT)
def test_a_value_written_plain_reads_back_as_itself(value: str) -> None:
    """The shortcut that spares PyYAML a parse never lets through a value YAML reads otherwise."""
    written = plain_or_quoted(value)
    assert yaml.safe_load(f"key: {written}\n") == {"key": value}
    assert _plain_reads_back(value) == (bool(value) and not _typed_elsewhere(value) and not _PLAIN_UNSAFE.search(value) and _reads_back(value, value))
    if _plain_reads_back(value):
        assert written == value


CLOSING_ANYWHERE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.M)  # what `_closing_line` finds faster
LINES = st.lists(st.sampled_from(["---", "...", "--- ", "---\t", "----", "-- -", "..", "....x", "a: b", "", " ---", "\r"]), max_size=8)


@given(LINES)
def test_the_closing_line_is_the_first_delimiter_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    expected = CLOSING_ANYWHERE.search(text)
    found = _closing_line(text, 0)
    assert (found.span() if found else None) == (expected.span() if expected else None)


@given(st.text(st.sampled_from(list("ab \t\n\u00a0")), max_size=20))
def test_fold_points_are_single_spaces_between_words(text: str) -> None:
    assert _SINGLE_SPACE.split(text) == re.split(r"(?<=\S) (?=\S)", text)


# what `_flow_specials` finds, as patterns: a fold, and `''` or backslash escapes per style
FOLD = r"[ \t\r\n]*\n[ \t\r\n]*"
FLOW_SPECIAL = {
    "": re.compile(FOLD),
    "'": re.compile(FOLD + "|''"),
    '"': re.compile(FOLD + r"|\\(?:[\r\n][ \t\r\n]*|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S),
}
FLOW_SOURCE = st.text(st.sampled_from(list("a \t\r\n'\\xu0F")), max_size=24)


@given(FLOW_SOURCE, st.sampled_from(["", "'", '"']))
def test_flow_specials_are_the_pattern_matches(source: str, style: str) -> None:
    lo, hi = (1, len(source) - 1) if style and len(source) >= 2 else (0, len(source))
    assert _flow_specials(source, style, lo, hi) == [m.span() for m in FLOW_SPECIAL[style].finditer(source, lo, hi)]
