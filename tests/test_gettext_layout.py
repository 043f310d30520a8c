"""Our catalogs are laid out exactly as GNU gettext lays them out: msgcat and msgmerge (0.21)
give back our bytes, for the corpus's catalogs and for generated entries with long lines, runs of
spaces, escapes, tabs, very long words and any assigned Unicode character."""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, corpus_articles
from i18npub.core.catalog import Catalog, Entry
from i18npub.core.linebreak import line_breaks
from i18npub.core.merge import merge
from i18npub.core.pofile import parse_catalog, render_catalog
from sites import make_site, run

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None, reason="gettext is not installed")
HEADER = {"Project-Id-Version": "test", "Language": "en", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8"}


def msgcat(text: str, *options: str) -> str:
    result = subprocess.run(["msgcat", *options, "-"], input=text.encode("utf-8"), capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def corpus_site(tmp_path: Path) -> Path:
    articles = {p.relative_to(CORPUS).as_posix(): p.read_bytes() for p in corpus_articles()}
    site = make_site(tmp_path, articles)
    assert run(site, "extract").exit_code == 0
    return site


@pytest.mark.skipif(not corpus_articles(), reason="the shared corpus is absent")
def test_msgcat_leaves_every_corpus_catalog_as_we_wrote_it(tmp_path: Path) -> None:
    site = corpus_site(tmp_path)
    catalogs = sorted((site / "locales").rglob("*.po*"))
    assert len(catalogs) == 2 * len(corpus_articles())
    for path in catalogs:
        text = path.read_text(encoding="utf-8")
        assert msgcat(text) == text, path


# text as translators and articles hold it: any assigned character (gettext keeps control
# characters other than the escaped ones as they are, but a PO line cannot hold them all, so
# they are left out), with tabs, newlines, quotes, backslashes, runs of spaces and long words
CHARACTERS = st.characters(blacklist_categories=["Cs", "Cn", "Cc", "Co"]) | st.sampled_from(["\n", "\t", '"', "\\", " ", "-", "/"])
PIECES = st.text(CHARACTERS, max_size=12) | st.text("abcdé", min_size=60, max_size=120) | st.sampled_from([" " * 5, "\n", "\\n", "%s", "  "])
WORDS = st.lists(PIECES, max_size=25).map("".join)


@st.composite
def entries(draw) -> Entry:
    msgstr = draw(WORDS)
    return Entry(
        msgid=draw(WORDS.filter(bool)),
        msgstr=msgstr,
        msgctxt=draw(st.none() | st.text("abc0123456789#:[]", min_size=1, max_size=90)),
        locations=draw(st.lists(st.tuples(st.text("abc/-.é", max_size=40).map("content/".__add__), st.integers(0, 99999)), max_size=6)),
        comments=draw(st.lists(st.sampled_from(["paragraph", "front matter: title", " spaced ", ""]), max_size=2)),
        translator_comments=draw(st.lists(st.text("abc dé", max_size=30), max_size=2)),
        flags=draw(st.sampled_from([[], ["fuzzy"]])),
        previous_msgid=draw(st.none() | WORDS),
        obsolete=draw(st.booleans()) and bool(msgstr),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(entries(), min_size=1, max_size=6, unique_by=lambda e: e.key))
def test_msgcat_leaves_any_catalog_as_we_wrote_it(items: list[Entry]) -> None:
    for entry in items:
        if entry.obsolete:  # msgmerge's obsolete entries have no location nor extracted comment
            entry.locations, entry.comments = [], []
    text = render_catalog(Catalog(header=HEADER, entries=items))
    assert msgcat(text) == text
    assert render_catalog(parse_catalog(text, "x.po")) == text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(WORDS.filter(bool), st.booleans()), min_size=1, max_size=6, unique_by=lambda t: t[0]))
def test_msgmerge_of_our_catalog_with_our_template_gives_our_merge(tmp_path_factory, items) -> None:
    """Messages kept (translated or not) and a translated one gone (obsolete): msgmerge without
    fuzzy matching and our merge agree on the content, so their layouts must agree too."""
    folder = tmp_path_factory.mktemp("merge")
    template = [Entry(msgid, locations=[("a.md", n + 1)], comments=["paragraph"]) for n, (msgid, _) in enumerate(items)]
    old = [Entry(e.msgid, e.msgid.upper() if translated else "", locations=[("a.md", 1)]) for e, (_, translated) in zip(template, items)]
    old.append(Entry("\x01 gone", "parti", locations=[("a.md", 9)], comments=["paragraph"], translator_comments=["note"]))
    (folder / "t.pot").write_text(render_catalog(Catalog(HEADER, template)), encoding="utf-8")
    (folder / "a.po").write_text(render_catalog(Catalog(HEADER, old)), encoding="utf-8")
    merged = subprocess.run(["msgmerge", "--quiet", "--previous", "--no-fuzzy-matching", str(folder / "a.po"), str(folder / "t.pot")],
                            capture_output=True, check=True).stdout.decode("utf-8")
    assert merged == render_catalog(merge(Catalog(HEADER, old), template, HEADER))


@pytest.mark.parametrize(
    "location",
    ["a\nb.md", "a\rb.md", "tab\there.md", "x\u2028y.md", "nul\x00.md", "isolate\u2068.md", "a b.md", "./a.md", "#: c.md", "é:12.md"],
)
def test_any_location_text_writes_a_readable_reference(location: str) -> None:
    catalog = Catalog(HEADER, [Entry("x", locations=[(location, 3), ("b.md", 4)])])
    text = render_catalog(catalog)
    again = parse_catalog(text, "x.po")
    assert again.entries[0].msgid == "x" and again.entries[0].locations[-1] == ("b.md", 4)
    assert render_catalog(again) == text
    assert msgcat(text) == text or " " in location  # gettext 0.21 splits names at spaces


def _libunistring():
    try:
        library = ctypes.CDLL(ctypes.util.find_library("unistring") or "libunistring.so.2")
    except OSError:
        return None
    library.u8_width_linebreaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                            ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    return library


LIBUNISTRING = _libunistring()


@pytest.mark.skipif(LIBUNISTRING is None, reason="libunistring (gettext's line breaking) is absent")
@settings(max_examples=300, deadline=None)
@given(st.text(CHARACTERS, max_size=80), st.integers(3, 40), st.integers(0, 10))
def test_line_breaks_are_libunistrings(text: str, room: int, start: int) -> None:
    """Our line breaking against the C function msgcat calls, on any assigned characters."""
    data = text.encode("utf-8")
    result = ctypes.create_string_buffer(len(data))
    LIBUNISTRING.u8_width_linebreaks(data, len(data), room, start, 0, None, b"UTF-8", result)
    offsets = list(accumulate((len(char.encode("utf-8")) for char in text), initial=0))
    theirs = [index for index, offset in enumerate(offsets[:-1]) if result.raw[offset] == 2]  # UC_BREAK_POSSIBLE
    assert line_breaks(text, room, start, set()) == theirs
