"""Catalogs are standard: msgfmt --check accepts them, and a catalog re-wrapped by msgcat or by
an editor reads back without losing anything (and our next write does not churn it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, articles_in
from i18npub.core.catalog import Catalog, Entry
from i18npub.errors import CatalogError
from i18npub.core.pofile import parse_catalog, render_catalog
from i18npub.site.catalogs import read_catalog
from sites import make_site, run

needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")


def fixture_site(tmp_path: Path) -> Path:
    articles = {p.relative_to(FIXTURES).as_posix(): p.read_bytes() for p in articles_in(FIXTURES)}
    site = make_site(tmp_path, articles)
    assert run(site, "extract").exit_code == 0
    return site


def essence(catalog: Catalog) -> list[tuple]:
    return [
        (e.msgctxt, e.msgid, e.msgstr, e.flags, e.previous_msgid, e.obsolete, e.comments, e.translator_comments)
        for e in catalog.entries
    ]


@needs_gettext
def test_msgfmt_check_accepts_every_catalog(tmp_path: Path) -> None:
    site = fixture_site(tmp_path)
    catalogs = sorted((site / "locales").rglob("*.po"))
    assert len(catalogs) == len(articles_in(FIXTURES))
    for path in catalogs:
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stderr, (path, result.stderr)
    for path in sorted((site / "locales" / "templates").rglob("*.pot")):
        result = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, (path, result.stderr)


@needs_gettext
def test_msgcat_rewrapped_catalog_reads_back_unchanged(tmp_path: Path) -> None:
    site = fixture_site(tmp_path)
    for path in sorted((site / "locales" / "en").rglob("*.po")):
        po = polib.pofile(str(path))
        for number, entry in enumerate(po):
            entry.msgstr = f"traduction {number}\nsur deux lignes"
            if number % 3 == 0:
                entry.flags.append("fuzzy")
                entry.previous_msgid = "ancien " + entry.msgid
            entry.tcomment = "relu"
        path.write_text(str(po), encoding="utf-8")
        ours = read_catalog(path)
        rewrapped = tmp_path / "rewrapped.po"
        subprocess.run(["msgcat", "--width=40", "-o", str(rewrapped), str(path)], check=True)
        theirs = read_catalog(rewrapped)
        assert essence(theirs) == essence(ours), path
        assert theirs.header == ours.header


def test_unwrapped_editor_output_reads_back_and_is_rewritten_identically(tmp_path: Path) -> None:
    catalog = Catalog(
        header={"Language": "en", "Content-Type": "text/plain; charset=UTF-8"},
        entries=[
            Entry("Une phrase assez longue pour être coupée par le rendu à soixante-dix-neuf colonnes, voilà.", "A long sentence.", locations=[("a.md", 3)], comments=["paragraph"]),
            Entry("ligne un  \nligne deux", "line one  \nline two", flags=["fuzzy"], previous_msgid="ligne"),
            Entry("supprimé", "removed", obsolete=True, translator_comments=["note"]),
        ],
    )
    text = render_catalog(catalog)
    unwrapped = polib.pofile(text, wrapwidth=0)
    again = parse_catalog(unwrapped.__unicode__(), "x.po")
    assert essence(again) == essence(catalog)
    assert render_catalog(again) == text


def polib_view(text: str) -> list[tuple]:
    return [
        (e.msgctxt, e.msgid, e.msgstr, e.flags, e.previous_msgid if not e.obsolete else None, bool(e.obsolete),
         e.comment, e.tcomment, " ".join(f"{p}:{n}" if n else p for p, n in e.occurrences))
        for e in polib.pofile(text)
    ]


def our_view(text: str) -> list[tuple]:
    return [
        (e.msgctxt, e.msgid, e.msgstr, e.flags, e.previous_msgid if not e.obsolete else None, e.obsolete,
         "\n".join(e.comments), "\n".join(e.translator_comments),
         " ".join(f"\u2068{p}\u2069:{n}" if " " in p else f"{p}:{n}" for p, n in e.locations))
        for e in parse_catalog(text, "x.po").entries
    ]


@needs_gettext
def test_our_reader_agrees_with_polib_on_edited_and_rewrapped_catalogs(tmp_path: Path) -> None:
    site = fixture_site(tmp_path)
    for path in sorted((site / "locales" / "en").rglob("*.po")):
        po = polib.pofile(str(path))
        for number, entry in enumerate(po):
            entry.msgstr = f"« traduction » {number} \\ avec \"guillemets\"\net\tune tabulation " * (number % 4)
            if number % 3 == 0:
                entry.flags.append("fuzzy")
                entry.previous_msgid = "ancien " + entry.msgid
            if number % 5 == 0:
                entry.tcomment = "relu par\nAnna"
        for width in (0, 30, 79):
            po.wrapwidth = width
            text = po.__unicode__()
            assert our_view(text) == polib_view(text), (path, width)
        rewrapped = tmp_path / "rewrapped.po"
        path.write_text(po.__unicode__(), encoding="utf-8")
        subprocess.run(["msgcat", "--width=35", "-o", str(rewrapped), str(path)], check=True)
        text = rewrapped.read_text(encoding="utf-8")
        assert our_view(text) == polib_view(text), path


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b\n', 2, "unterminated string"),
        ('msgid "a"\nmsgstr "b"\n"c\n', 3, "unterminated string"),
        ('msgid "a"\nmsgstr "b"\ngarbage\n', 3, "unexpected line"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate message"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 1, "incomplete message"),
        ('msgstr "x"\n', 1, "msgstr without msgid"),
        ('msgid "a"\nmsgstr "b\\\\"c"\n', 2, "unterminated string"),  # `\\` then a bare quote
        ('msgid "a"\nmsgstr ""\n"b"c"\n', 3, "unterminated string"),
        ('msgid "a\\"\nmsgstr "b"\n', 1, "unterminated string"),  # the closing quote is escaped
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3, "a second msgstr"),
        ('msgid "a"\n# comment\nmsgstr "b"\n', 1, "incomplete message"),
        ('msgid "a\\q"\nmsgstr "b"\n', 1, "unknown escape sequence \\q"),
        ('msgid "a"\nmsgstr "b"\n#| "c"\n', 3, "string without a keyword"),
        ('#| msgid "old"\n"c"\nmsgid "a"\nmsgstr "b"\n', 2, "string without a keyword"),
        ('#~ msgid "a"\n#~ msgstr "b"\n#~ "c" d\n', 3, "unterminated string"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n', 2, "plural messages"),
        ("", 1, "empty catalog"),
        ("# a comment, and nothing else\n", 1, "incomplete message"),
        ('msgid "a"\nmsgstr ""\n"b\x04c"\n', 3, "U+0004"),  # gettext's context separator
    ],
)
def test_broken_catalogs_are_refused_with_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "a.po")
    assert caught.value.line == line and message in caught.value.message


@needs_gettext
def test_lines_break_where_msgcat_breaks_them(tmp_path: Path) -> None:
    # a control character takes no column: `msgid "…"` of 80 characters with one fits in 79
    at_the_limit = "Un texte " + "x" * 48 + "\x1f" + " fin de ligne."
    entries = [Entry("un\u2028deux\ntrois"), Entry("un\x85deux\n", "one\u2029two\n"), Entry("ligne 1\nligne 2\n", "line 1\nline 2\n"),
               Entry(at_the_limit), Entry(at_the_limit.replace("\x1f", "\x7f")),
               # an entry flagged `no-wrap` is cut only after its newlines
               Entry("Une ligne " * 12, "A line " * 14 + "\nand a second one", flags=["no-wrap"]),
               Entry("Une phrase " * 10 + "\n", flags=["no-wrap"], previous_msgid="Une autre phrase " * 6)]
    path = tmp_path / "a.po"
    header = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    text = render_catalog(Catalog(header=header, entries=entries))
    path.write_text(text, encoding="utf-8")
    rewritten = subprocess.run(["msgcat", str(path)], check=True, capture_output=True, text=True).stdout
    assert text == rewritten


def test_escapes_read_back() -> None:
    text = 'msgid "a\\"b\\\\c\\n"\nmsgstr ""\n"\\"x\\" \\\\"\n"\\t"\n'
    [entry] = parse_catalog(text, "a.po").entries
    assert (entry.msgid, entry.msgstr) == ('a"b\\c\n', '"x" \\\t')


def test_obsolete_and_previous_lines_read_as_gettext_reads_them() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy\n#| msgctxt "old"\n#| msgid "ab"\n#| "c"\nmsgctxt "new"\nmsgid "abd"\nmsgstr "x"\n\n'
        '# kept\n#, fuzzy\n#~| msgid "p"\n#~ msgid "gone"\n#~ msgstr ""\n#~ "y"\n\n'
        '  msgid "indented"\n  msgstr "z"\n'
    )
    fuzzy, obsolete, indented = parse_catalog(text, "a.po").entries
    assert (fuzzy.previous_msgctxt, fuzzy.previous_msgid, fuzzy.msgctxt, fuzzy.fuzzy) == ("old", "abc", "new", True)
    assert (obsolete.obsolete, obsolete.previous_msgid, obsolete.msgstr, obsolete.translator_comments) == (True, "p", "y", ["kept"])
    assert (indented.msgid, indented.msgstr) == ("indented", "z")


LONG_LINK_KEY = "lien-vers-le-document-complet-au-format-pdf-pour-impression"
ARTICLE_WITH_REPEATS = (f"---\ntitle: Un titre\n{LONG_LINK_KEY}: /docs/guide.pdf\n---\n\n| Oui | Oui |\n| --- | --- |\n| Non | Peut-être |\n\n"
                        "Un paragraphe.\n\nUn ancien paragraphe.\n")


def _polib_save(path: Path) -> None:
    polib.pofile(str(path)).save()  # its default: wrapped at 78 columns, extracted comments too


def _msgcat_save(path: Path) -> None:
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)


@needs_gettext
@pytest.mark.parametrize("save", [_polib_save, _msgcat_save])
def test_a_catalog_saved_by_another_tool_is_left_alone_by_a_run_with_nothing_new(tmp_path: Path, save) -> None:
    """What another tool writes of the same entries (polib wrapping a long `#.` comment, an
    editor's own header fields, msgmerge's `#~|` previous msgid of an obsolete entry), and what
    gettext writes once (a location found twice on one line), is no change: the next extract
    leaves the file as it is, byte for byte; after a real change it keeps the editor's fields."""
    site = make_site(tmp_path, {"a.md": ARTICLE_WITH_REPEATS})
    config = site / "i18npub.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("link_keys = []", f'link_keys = ["{LONG_LINK_KEY}"]'), encoding="utf-8")
    assert run(site, "extract").exit_code == 0
    catalog = site / "locales/en/a.po"
    po = polib.pofile(str(catalog), wrapwidth=0)
    po.find("Un ancien paragraphe.").msgstr = "An old paragraph."  # kept, obsolete, once its paragraph is gone
    po.save()
    source = site / "content/fr/a.md"
    source.write_text(ARTICLE_WITH_REPEATS.replace("\nUn ancien paragraphe.\n", ""), encoding="utf-8")
    assert run(site, "extract").exit_code == 0
    po = polib.pofile(str(catalog), wrapwidth=0)
    po.metadata["X-Poedit-Basepath"] = "../.."
    po.save()
    text = catalog.read_text(encoding="utf-8")
    assert '#~ msgid "Un ancien paragraphe."' in text
    catalog.write_text(text.replace('#~ msgid "Un ancien paragraphe."', '#~| msgid "Un paragraphe ancien."\n#~ msgid "Un ancien paragraphe."'),
                       encoding="utf-8")
    save(catalog)
    saved = catalog.read_bytes()
    assert run(site, "extract").exit_code == 0
    assert catalog.read_bytes() == saved
    source.write_text(ARTICLE_WITH_REPEATS.replace("\nUn ancien paragraphe.\n", "\nUn nouveau paragraphe.\n"), encoding="utf-8")
    assert run(site, "extract").exit_code == 0
    merged = polib.pofile(str(catalog))
    assert merged.metadata["X-Poedit-Basepath"] == "../.." and any(e.msgid == "Un nouveau paragraphe." for e in merged)
    assert [e.occurrences for e in merged if e.msgid == "Oui"] == [[("content/fr/a.md", "6")]]
