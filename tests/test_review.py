from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest
from sites import run
from quality_site import Unit, make_site

from i18npub.site.config import load_config
from i18npub.site.layout import Site
from i18npub.stages.review import Reviewer, Terminal, edit_buffer, external_editor, key_input, review, text_of_buffer

MEMORY = "i18npub-draft: provider=memory date=2024-01-01 match=100% from=locales/en/old.po:12"
DEEPL = "i18npub-draft: provider=deepl date=2024-01-01"
SITE = {
    "guide.md": [
        Unit("Guide de l'usager", "User guide", kind="heading"),
        Unit("Un texte à accepter", "A text to accept", fuzzy=True, note=MEMORY),
        Unit("Un texte à corriger", "A text to fix", fuzzy=True, kind="list item", note=DEEPL),
        Unit("Un [lien](/x) à rejeter", "A link to reject", fuzzy=True, note=MEMORY),  # lost its link: an error
        Unit("Un texte à laisser", "A text to leave", fuzzy=True),
        Unit("Le dernier texte", "The last text", fuzzy=True),
    ],
    "news.md": [Unit("Une actualité", "A news item", fuzzy=True, note=DEEPL)],
}
ANA = Reviewer("Ana Lopez", "2024-05-06")
DATE = re.compile(r"(# reviewed: .*?) \d{4}-\d\d-\d\d")


def undated(text: str) -> str:
    """The catalog with the review dates (today's, from the CLI) replaced by a fixed one."""
    return DATE.sub(r"\1 DATE", text)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    make_site(tmp_path, SITE)
    po = tmp_path / "locales/en/guide.po"
    # approved, then the source changed: an outdated entry, reviewed too
    po.write_text(po.read_text().replace('#, fuzzy\nmsgid "Le dernier texte"', '#, fuzzy\n#| msgid "Le texte final"\nmsgid "Le dernier texte"'))
    return tmp_path


def lines_of(*answers: str):
    feed = iter(answers)
    return lambda: next(feed, None)


def session(site: Path, terminal: Terminal, articles: list[str] | None = None):
    config = load_config(site)
    return review(Site(config), "en", articles or Site(config).articles(), terminal, ANA)


def test_review_from_a_pipe_leaves_exactly_the_expected_catalog(site: Path):
    guide, news = site / "locales/en/guide.po", site / "locales/en/news.po"
    before_guide, before_news = guide.read_text(), news.read_text()
    answers = "\n".join([
        "x",  # not an action: asked again
        "a",  # accept "Un texte à accepter"
        "e",  # edit "Un texte à corriger": two lines, then the terminator
        "A text",
        "..",
        ".",
        "r",  # reject the draft that lost its link
        "s",  # skip
        "q",  # quit before the outdated entry and before news.md
    ]) + "\n"
    result = run(site, "review", "--lang", "en", "--reviewer", "Ana  Lopez", input=answers)
    assert result.exit_code == 0, result.output
    expected = (
        before_guide
        .replace(f'# {MEMORY}\n#. paragraph\n#: guide.md:4\n#, fuzzy\n', "# reviewed: Ana Lopez DATE\n#. paragraph\n#: guide.md:4\n")
        .replace(
            f'# {DEEPL}\n#. list item\n#: guide.md:6\n#, fuzzy\nmsgid "Un texte à corriger"\nmsgstr "A text to fix"',
            '# reviewed: Ana Lopez DATE\n#. list item\n#: guide.md:6\nmsgid "Un texte à corriger"\nmsgstr ""\n"A text\\n"\n"."',
        )
        .replace(f'# {MEMORY}\n#. paragraph\n#: guide.md:8\n#, fuzzy\n', "#. paragraph\n#: guide.md:8\n")
        .replace('msgid "Un [lien](/x) à rejeter"\nmsgstr "A link to reject"', 'msgid "Un [lien](/x) à rejeter"\nmsgstr ""')
    )
    assert expected.count("reviewed: Ana Lopez DATE") == 2
    assert undated(guide.read_text()) == expected
    assert news.read_text() == before_news
    assert "Please answer" in result.output
    assert "[link-target]" in result.output  # the rejected draft's finding was shown
    assert "1 accepted, 1 edited, 1 rejected, 1 skipped; 3 left to review." in result.output


def test_review_shows_context_and_ends_at_end_of_input(site: Path):
    result = run(site, "review", "--lang", "en", "--reviewer", "Ana", "news.md", input="")
    assert result.exit_code == 0
    assert "1 entry to review in en" in result.output
    assert "source:\n    Une actualité\n" in result.output and "draft:\n    A news item\n" in result.output
    assert "0 accepted, 0 edited, 0 rejected, 0 skipped; 1 left to review." in result.output
    result = run(site, "review", "--lang", "en", "--reviewer", "Ana", "guide", input="s\na\n")
    assert "before: Un texte à accepter\n        → A text to accept (fuzzy)" in result.output
    assert "after: Un [lien](/x) à rejeter" in result.output


def test_outdated_entries_are_reviewed_with_what_changed_in_the_source(site: Path):
    out = io.StringIO()
    result = session(site, Terminal(lines_of("s", "s", "s", "s", "a"), out.write), ["guide.md"])
    assert result.accepted == 1
    assert (
        "  source:\n    Le dernier texte\n"
        "  changed in the source ([-removed-] {+added+}):\n    Le {+dernier +}texte[- final-]\n"
        "  translation approved for the previous source:\n    The last text\n"
    ) in out.getvalue()
    text = (site / "locales/en/guide.po").read_text()
    assert '# reviewed: Ana Lopez 2024-05-06\n#. paragraph\n#: guide.md:12\nmsgid "Le dernier texte"\nmsgstr "The last text"\n' in text


def test_a_draft_with_an_error_is_saved_only_when_confirmed(site: Path):
    po = site / "locales/en/guide.po"
    out = io.StringIO()
    # the draft that lost its link: accept, refuse to save, accept again and confirm
    session(site, Terminal(lines_of("s", "s", "a", "n", "a", "y", "q"), out.write), ["guide.md"])
    assert out.getvalue().count("This translation has 1 check error(s):\n    error [link-target]") == 2
    assert out.getvalue().count("Save it all the same? [y/N] ") == 2
    assert '# reviewed: Ana Lopez 2024-05-06\n#. paragraph\n#: guide.md:8\nmsgid "Un [lien](/x) à rejeter"\nmsgstr "A link to reject"\n' in po.read_text()


def test_an_unsafe_translation_is_never_saved(site: Path):
    po = site / "locales/en/news.po"
    before = po.read_text()
    out = io.StringIO()
    unsafe = "A [news item](https://evil.example/) <script>alert(1)</script>"
    seen = []

    def editor(buffer: str) -> str:  # the second edit starts from the reviewer's own text
        seen.append(buffer.split("\n")[0])
        return unsafe + "\n" + buffer
    result = session(site, Terminal(lines_of("e", unsafe, ".", "y", "e", "y", "q"), out.write), ["news.md"])
    assert result.edited == 0
    assert "Not saved: this translation could make the page unsafe" in out.getvalue()
    assert "Save it all the same" not in out.getvalue()
    assert po.read_text() == before
    result = session(site, Terminal(lines_of("e", "e", "q"), out.write, editor), ["news.md"])
    assert seen == ["A news item", unsafe]
    assert po.read_text() == before


def test_the_editor_buffer_holds_the_notes_and_saving_strips_them(site: Path, tmp_path_factory):
    bin_dir = tmp_path_factory.mktemp("bin")
    seen = bin_dir / "seen.txt"
    script = bin_dir / "fake-editor"
    # the reviewer writes a heading line and a line starting with "#~" of their own above the notes
    script.write_text(
        f"#!{sys.executable}\nimport shutil, sys\nshutil.copy(sys.argv[1], {str(seen)!r})\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write('# The last text\\nof all\\n\\n' + text.split('\\n', 1)[1])\n"
    )
    script.chmod(0o755)
    result = session(site, Terminal(lines_of("s", "s", "s", "s", "e", "q"), io.StringIO().write, external_editor(str(script))), ["guide.md"])
    assert result.edited == 1
    buffer = seen.read_text(encoding="utf-8")
    assert buffer.startswith("The last text\n#~ ---")
    assert all(line.startswith("#~") for line in buffer.split("\n")[1:-1]) and buffer.endswith("\n")
    for shown in ("#~ source:\n#~   Le dernier texte\n", "#~ previous source:\n#~   Le texte final\n",
                  "#~ changed in the source ([-removed-] {+added+}):\n#~   Le {+dernier +}texte[- final-]\n",
                  "#~ guide.md [5/5] paragraph — locales/en/guide.po:"):
        assert shown in buffer
    assert 'msgid "Le dernier texte"\nmsgstr ""\n"# The last text\\n"\n"of all"\n' in (site / "locales/en/guide.po").read_text()


def test_buffer_notes_never_take_away_the_translators_text():
    notes = ["source:", "  Un texte", "", "error [x] y"]
    for text in ("# A heading", "Line one\n#~ not a note\nline three", "#~", "\n"):
        buffer = edit_buffer(text, notes)
        assert text_of_buffer(buffer, text) == text.strip("\n")
    buffer = edit_buffer("A text", notes)
    assert buffer == "A text\n#~ source:\n#~   Un texte\n#~\n#~ error [x] y\n"
    assert text_of_buffer("\nAn edited\n  text\n\n" + buffer.split("\n", 1)[1], "A text") == "An edited\n  text"
    assert text_of_buffer("#~ only notes left\n", "A text") == ""  # an empty text: the edit is cancelled


def test_decisions_are_checked_in_their_article(site: Path):
    # the catalog calls the unit a paragraph; the article has it as its title, which a line break breaks
    make_site(site, {"titled.md": [Unit("Un titre", "A\ntitle", fuzzy=True)]})
    (site / "content/fr/titled.md").write_text("---\ntitle: Un titre\n---\n\nUn texte.\n", encoding="utf-8")
    out = io.StringIO()
    result = session(site, Terminal(lines_of("a", "n", "q"), out.write), ["titled.md"])
    assert "checks:\n    error [front-matter]" in out.getvalue()
    assert "This translation has 1 check error(s):\n    error [front-matter]" in out.getvalue()
    assert result.accepted == 0 and "#, fuzzy" in (site / "locales/en/titled.po").read_text()


def test_cancelled_edits_change_nothing(site: Path):
    po = site / "locales/en/news.po"
    before = po.read_text()
    result = run(site, "review", "--lang", "en", "--reviewer", "Ana", "news.md", input="e\n.\ne\nunfinished\n")
    assert result.exit_code == 0
    assert result.output.count("Edit cancelled") == 2
    assert po.read_text() == before


def test_usage_errors(site: Path, monkeypatch):
    for args in (["nope.md"], ["--lang", "de"], ["--accept", "everything"], ["--dry-run"], ["--yes"]):
        assert run(site, "review", "--reviewer", "Ana", *([] if "--lang" in args else ["--lang", "en"]), *args, input="").exit_code == 2, args
    assert run(site, "review", input="").exit_code == 2  # no language
    # nobody to name in the review notes
    monkeypatch.delenv("USER", raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    result = run(site, "review", "--lang", "en", input="a\n")
    assert result.exit_code == 2 and "--reviewer" in result.output
    monkeypatch.setenv("USER", "ana")
    result = run(site, "review", "--lang", "en", "news.md", input="a\n")
    assert result.exit_code == 0 and "# reviewed: ana " in (site / "locales/en/news.po").read_text()


def test_unreadable_catalogs_are_reported_and_the_others_reviewed(site: Path):
    (site / "locales/en/guide.po").write_text('msgid "a"\nmsgstr "b"\nnonsense\n', encoding="utf-8")
    result = run(site, "review", "--lang", "en", "--reviewer", "Ana", input="a\n")
    assert result.exit_code == 1
    assert "locales/en/guide.po:3" in result.output
    assert "1 accepted" in result.output  # news.md was still reviewed


def test_every_decision_is_saved_at_once(site: Path):
    answers = iter(["a"])

    def read_line() -> str | None:
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None  # the reviewer's session dies mid-way

    with pytest.raises(KeyboardInterrupt):
        session(site, Terminal(read_line, io.StringIO().write))
    text = (site / "locales/en/guide.po").read_text()
    assert '#, fuzzy\nmsgid "Un texte à accepter"' not in text and 'msgstr "A text to accept"' in text
    assert '#, fuzzy\nmsgid "Un texte à corriger"' in text


def test_single_keys_answer_where_keys_can_be_read(site: Path):
    keys = iter(["\x1b[A", "?", "a"])  # an arrow key is no answer

    def no_lines() -> str | None:
        raise AssertionError("answers are keys here")
    out = io.StringIO()
    result = session(site, Terminal(no_lines, out.write, read_key=lambda: next(keys, None)), ["news.md"])
    assert result.accepted == 1
    assert "> \nPlease answer" in out.getvalue()  # not printable: not echoed
    assert "> ?\naccept: the draft becomes" in out.getvalue() and "> a\n" in out.getvalue()


def test_keys_are_read_one_by_one_and_the_terminal_restored():
    pty = pytest.importorskip("pty")
    termios = pytest.importorskip("termios")
    leader, follower = pty.openpty()
    try:
        before = termios.tcgetattr(follower)
        with key_input(follower) as keys:
            os.write(leader, "éa".encode())  # no Enter: canonical mode would wait for one
            assert (keys.read_key(), keys.read_key()) == ("é", "a")  # typed ahead: two answers
            os.write(leader, b"\x1b[A")
            assert keys.read_key() == "\x1b[A"  # an arrow's whole sequence: one answer, not three
            os.write(leader, b"\x04")
            assert keys.read_key() is None  # Ctrl-D
            assert keys.cooked(lambda: termios.tcgetattr(follower))() == before  # lines and editors: the terminal's own mode
            assert termios.tcgetattr(follower) != before
        assert termios.tcgetattr(follower) == before
    finally:
        os.close(leader)
        os.close(follower)


def test_edit_through_an_external_editor(site: Path, tmp_path_factory):
    script = tmp_path_factory.mktemp("bin") / "fake-editor"
    script.write_text('#!/bin/sh\nprintf "A news item, reviewed\\n" > "$1"\n')
    script.chmod(0o755)
    result = session(site, Terminal(lines_of("e"), io.StringIO().write, external_editor(str(script))), ["news.md"])
    assert (result.edited, result.remaining) == (1, 0)
    assert 'msgid "Une actualité"\nmsgstr "A news item, reviewed"\n' in (site / "locales/en/news.po").read_text()
    assert external_editor("false")("draft") is None  # an editor that fails cancels the edit


# --- In bulk ---------------------------------------------------------------------------------------


def test_bulk_acceptance_counts_asks_then_accepts(site: Path):
    guide, news = site / "locales/en/guide.po", site / "locales/en/news.po"
    before = guide.read_text()
    dry = run(site, "review", "--lang", "en", "--accept", "memory-exact", "--dry-run")
    assert dry.exit_code == 0
    assert dry.output.startswith("1 draft in en matches memory-exact:\n  guide.md: 1\n")
    # the other exact match lost its link: left for a person
    assert "1 more match but have check errors, and are left for review one by one:\n  locales/en/guide.po:29: error [link-target]" in dry.output
    assert "Dry run: nothing written." in dry.output and guide.read_text() == before
    declined = run(site, "review", "--lang", "en", "--reviewer", "Ana", "--accept", "memory-exact", input="n\n")
    assert "Accept this draft as reviewed by Ana? [y/N] " in declined.output and "Nothing accepted." in declined.output
    assert guide.read_text() == before
    accepted = run(site, "review", "--lang", "en", "--reviewer", "Ana", "--accept", "memory-exact", input="y\n")
    assert accepted.exit_code == 0 and "1 accepted." in accepted.output
    assert undated(guide.read_text()) == before.replace(
        f'# {MEMORY}\n#. paragraph\n#: guide.md:4\n#, fuzzy\n', "# reviewed: Ana DATE (in bulk: memory-exact)\n#. paragraph\n#: guide.md:4\n"
    )
    by_provider = run(site, "review", "--lang", "en", "--reviewer", "Ana", "--accept", "provider=deepl", "--yes")
    assert by_provider.output.startswith("2 drafts in en match provider=deepl:\n  guide.md: 1\n  news.md: 1\n")
    assert "# reviewed: Ana" in news.read_text() and "#, fuzzy" not in news.read_text()


def test_bulk_rules_combine_and_never_take_outdated_entries(site: Path):
    po = site / "locales/en/guide.po"
    po.write_text(po.read_text().replace('msgstr "A text to leave"', 'msgstr "A text to leave, 42"'))  # a warning: numbers
    both = run(site, "review", "--lang", "en", "--accept", "provider=memory", "--accept", "clean", "--dry-run")
    assert both.output.startswith("1 draft in en matches provider=memory and clean:\n  guide.md: 1\n")
    clean = run(site, "review", "--lang", "en", "--reviewer", "Ana", "--accept", "clean", "--yes")
    # the memory draft and the DeepL ones; not the draft with a warning, nor the outdated entry
    assert clean.output.startswith("3 drafts in en match clean:\n  guide.md: 2\n  news.md: 1\n"), clean.output
    text = po.read_text()
    assert '#, fuzzy\nmsgid "Un texte à laisser"' in text and '#, fuzzy\n#| msgid "Le texte final"\nmsgid "Le dernier texte"' in text
    assert text.count("(in bulk: clean)") == 2


def test_a_new_draft_replaces_the_note_of_who_approved_the_old_text(tmp_path: Path):
    make_site(tmp_path, {"a.md": [Unit("Un texte revu", "A reviewed text", fuzzy=True, note="reviewed: Ana 2024-01-01")]})
    po = tmp_path / "locales/en/a.po"
    po.write_text(po.read_text().replace("#, fuzzy\n", '#, fuzzy\n#| msgid "Un texte"\n'))  # outdated
    assert run(tmp_path, "translate", "--lang", "en", "--provider", "pseudo", "--retranslate-fuzzy").exit_code == 0
    text = po.read_text()
    assert "# i18npub-draft: provider=pseudo" in text and "reviewed:" not in text
