"""The fast path of line breaking (`simple_line_breaks`, regular expressions over simple text)
against the rules as written (`line_breaks_by_rules`): on any text, it either declines or breaks
exactly where the rules break, and a catalog renders to the same bytes either way. French prose
takes it. (Both are checked against libunistring and msgcat in test_gettext_layout.py.)"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pytest import MonkeyPatch

from i18npub.core import pofile
from i18npub.core.catalog import Catalog, Entry
from i18npub.core.linebreak import line_breaks, line_breaks_by_rules, simple_line_breaks
from i18npub.core.linebreak_table import CLASSES

HEADER = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}


def _class_samples() -> list[str]:
    """The first and last character of each run of the table, so every class is there, and its
    neighbours where it changes."""
    starts = [int(pair.split(":")[0], 16) for pair in CLASSES.split()]
    codes = {code for start, following in zip(starts, [*starts[1:], 0x110000]) for code in (start, following - 1)}
    return sorted(chr(code) for code in codes if not 0xD800 <= code <= 0xDFFF)


EVERY_CLASS = _class_samples()
# what French prose and its PO escapes are made of
PROSE = (
    "abcdefghijklmnopqrstuvwxyzéèêëàâîïôöùûüçœæÿABCDEÉÈÀÇŒ0123456789"
    " ,.;:!?'’\"«»“”‘„()[]{}-–—…%€$£/\\*+=&#@_|~<>°§"
    "\u00a0\u202f\u2009"  # no-break space, narrow no-break space, thin space
)
PROSE_WORDS = st.text(PROSE, min_size=1, max_size=14) | st.text("abcdéè", min_size=40, max_size=120) | st.sampled_from(
    ["\\n", "\\t", '\\"', "\\\\", "  ", " " * 6, "l’État", "« guillemets »", "aujourd’hui", "https://www.numerique.gouv.fr/a-b"]
)
# and what goes beyond simple text: marks, joiners, separators, wide characters, flags, Hebrew
BEYOND = st.sampled_from(EVERY_CLASS) | st.sampled_from(
    [
        "e\u0301", "\u0300", "\u200d", "\u200b", "\u2060", "\u00ad", "\t", "\u2028", "\u2029", "\u0085",
        "中文字", "。", "「引用」", "『」", "〝〞", "‚‛‟‹›", "👍🏽", "👨\u200d👩\u200d👧", "🇫🇷🇩🇪🇮", "☺", "⌚",
        "אב־ג", "א-ב", "한국어", "\u1100\u1161\u11a8", "ไทย", "\u0627\u0644\u0639",
    ]
)
PROSE_TEXT = st.lists(PROSE_WORDS, max_size=30).map("".join)
ANY_TEXT = st.lists(PROSE_WORDS | BEYOND | st.text(st.characters(blacklist_categories=["Cs"]), max_size=6), max_size=30).map("".join)
# a line end anywhere, as in a narrow column, or where a PO line ends
ROOMS = st.integers(1, 40) | st.integers(70, 78)


@st.composite
def prohibitions(draw, text: str) -> set[int]:
    return draw(st.sets(st.integers(0, max(len(text) - 1, 0)), max_size=len(text) // 4))


@given(ANY_TEXT, ROOMS, st.integers(0, 12), st.data())
def test_the_fast_path_declines_or_breaks_as_the_rules_do(text: str, room: int, start: int, data) -> None:
    prohibited = data.draw(prohibitions(text))
    assert simple_line_breaks(text, room, start, prohibited) in (None, line_breaks_by_rules(text, room, start, prohibited))


@given(st.tuples(PROSE_TEXT, BEYOND, PROSE_TEXT).map("".join), ROOMS, st.integers(0, 12), st.data())
def test_the_fast_path_declines_or_breaks_as_the_rules_do_next_to_other_characters(text: str, room: int, start: int, data) -> None:
    prohibited = data.draw(prohibitions(text))
    assert simple_line_breaks(text, room, start, prohibited) in (None, line_breaks_by_rules(text, room, start, prohibited))


@given(PROSE_TEXT, ROOMS, st.integers(0, 12), st.data())
def test_french_prose_takes_the_fast_path(text: str, room: int, start: int, data) -> None:
    prohibited = data.draw(prohibitions(text))
    assert simple_line_breaks(text, room, start, prohibited) == line_breaks_by_rules(text, room, start, prohibited)


def test_every_character_the_fast_path_takes_breaks_as_the_rules_say() -> None:
    taken = [char for char in map(chr, range(0x110000)) if not 0xD800 <= ord(char) <= 0xDFFF and simple_line_breaks(char, 1, 0, set()) is not None]
    assert "é" in taken and "’" in taken and "\u202f" in taken
    for char in taken:
        text = f"a{char}b {char} {char}{char}  ({char}) «{char}» 1{char}2 -{char}-a {char}/{char}\u2010x \\{char}{char}"
        for room in (3, 7, 12):
            assert simple_line_breaks(text, room, 0, set()) == line_breaks_by_rules(text, room, 0, set()), (char, room)


def test_text_beyond_simple_text_breaks_by_the_rules() -> None:
    for text in ["e\u0301", "a\u200db", "a\u2028b", "中", "🇫🇷", "א-ב", "a\tb", "soft\u00adhyphen", "\u2060x"]:
        text = f"{text} x" * 30
        assert simple_line_breaks(text, 10, 0, set()) in (None, line_breaks_by_rules(text, 10, 0, set())), text
        assert line_breaks(text, 10, 0, set()) == line_breaks_by_rules(text, 10, 0, set())


# messages as articles give them: paragraphs, several lines, escapes, and other scripts now and then
MESSAGES = st.lists(PROSE_TEXT | ANY_TEXT | st.just("\n"), min_size=1, max_size=6).map("".join)


@settings(max_examples=60)
@given(st.lists(st.tuples(MESSAGES, MESSAGES), min_size=1, max_size=4, unique_by=lambda pair: pair[0]))
def test_a_catalog_renders_the_same_by_the_rules_alone(messages: list[tuple[str, str]]) -> None:
    catalog = Catalog(HEADER, [Entry(msgid, msgstr, previous_msgid=msgstr or None, flags=["fuzzy"]) for msgid, msgstr in messages])
    text = pofile.render_catalog(catalog)
    with MonkeyPatch.context() as patch:
        patch.setattr(pofile, "line_breaks", line_breaks_by_rules)
        assert pofile.render_catalog(catalog) == text

