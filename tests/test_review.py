from __future__ import annotations

import io
from pathlib import Path

import pytest
from sites import run
from quality_site import Unit, make_site

from i18npub.site.config import load_config
from i18npub.site.layout import Site
from i18npub.stages.review import Terminal, external_editor, review

SITE = {
    "guide.md": [
        Unit("Guide de l'usager", "User guide", kind="heading"),
        Unit("Un texte à accepter", "A text to accept", fuzzy=True),
        Unit("Un texte à corriger", "A text to fix", fuzzy=True, kind="list item"),
        Unit("Un [lien](/x) à rejeter", "A link to reject", fuzzy=True),
        Unit("Un texte à laisser", "A text to leave", fuzzy=True),
        Unit("Le dernier texte", "The last text", fuzzy=True),
    ],
    "news.md": [Unit("Une actualité", "A news item", fuzzy=True)],
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    make_site(tmp_path, SITE)
    po = tmp_path / "locales/en/guide.po"
    # a msgmerge guess: accepting it must drop the previous source too
    po.write_text(po.read_text().replace('#, fuzzy\nmsgid "Un texte à accepter"', '#, fuzzy\n#| msgid "Un texte à valider"\nmsgid "Un texte à accepter"'))
    return tmp_path


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
        "q",  # quit before the last entry and before news.md
    ]) + "\n"
    result = run(site, "review", "--lang", "en", input=answers)
    assert result.exit_code == 0, result.output
    expected = (
        before_guide
        .replace('#, fuzzy\n#| msgid "Un texte à valider"\nmsgid "Un texte à accepter"', 'msgid "Un texte à accepter"')
        .replace(
            '#, fuzzy\nmsgid "Un texte à corriger"\nmsgstr "A text to fix"',
            'msgid "Un texte à corriger"\nmsgstr ""\n"A text\\n"\n"."',
        )
        .replace('#, fuzzy\nmsgid "Un [lien](/x) à rejeter"\nmsgstr "A link to reject"', 'msgid "Un [lien](/x) à rejeter"\nmsgstr ""')
    )
    assert expected != before_guide
    assert guide.read_text() == expected
    assert news.read_text() == before_news
    assert "Please answer" in result.output
    assert "[link-target]" in result.output  # the rejected draft's finding was shown
    assert "1 accepted, 1 edited, 1 rejected, 1 skipped; 3 fuzzy entries left to review." in result.output


def test_review_shows_context_and_ends_at_end_of_input(site: Path):
    result = run(site, "review", "--lang", "en", "news.md", input="")
    assert result.exit_code == 0
    assert "1 fuzzy entry to review in en." in result.output
    assert "source:\n    Une actualité\n" in result.output and "draft:\n    A news item\n" in result.output
    assert "0 accepted, 0 edited, 0 rejected, 0 skipped; 1 fuzzy entries left to review." in result.output
    result = run(site, "review", "--lang", "en", "guide", input="s\na\n")
    assert "before: Un texte à accepter\n        → A text to accept (fuzzy)" in result.output
    assert "after: Un [lien](/x) à rejeter" in result.output


def test_cancelled_edits_change_nothing(site: Path):
    po = site / "locales/en/news.po"
    before = po.read_text()
    result = run(site, "review", "--lang", "en", "news.md", input="e\n.\ne\nunfinished\n")
    assert result.exit_code == 0
    assert result.output.count("Edit cancelled") == 2
    assert po.read_text() == before


def test_usage_errors(site: Path):
    assert run(site, "review", "--lang", "en", "nope.md", input="").exit_code == 2
    assert run(site, "review", "--lang", "de", input="").exit_code == 2
    assert run(site, "review", input="").exit_code == 2


def test_unreadable_catalogs_are_reported_and_the_others_reviewed(site: Path):
    (site / "locales/en/guide.po").write_text('msgid "a"\nmsgstr "b"\nnonsense\n', encoding="utf-8")
    result = run(site, "review", "--lang", "en", input="a\n")
    assert result.exit_code == 1
    assert "locales/en/guide.po:3" in result.output
    assert "1 accepted" in result.output  # news.md was still reviewed


def test_every_decision_is_saved_at_once(site: Path):
    config = load_config(site)
    answers = iter(["a"])

    def read_line() -> str | None:
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None  # the reviewer's session dies mid-way

    with pytest.raises(KeyboardInterrupt):
        review(Site(config), "en", Site(config).articles(), Terminal(read_line, io.StringIO().write))
    text = (site / "locales/en/guide.po").read_text()
    assert '#, fuzzy\nmsgid "Un texte à accepter"' not in text and 'msgstr "A text to accept"' in text
    assert '#, fuzzy\nmsgid "Un texte à corriger"' in text


def test_edit_through_an_external_editor(site: Path, tmp_path_factory):
    config = load_config(site)
    script = tmp_path_factory.mktemp("bin") / "fake-editor"
    script.write_text('#!/bin/sh\nprintf "A news item, reviewed\\n" > "$1"\n')
    script.chmod(0o755)
    out = io.StringIO()
    lines = iter(["e"])
    result = review(Site(config), "en", ["news.md"], Terminal(lambda: next(lines, None), out.write, external_editor(str(script))))
    assert (result.edited, result.remaining) == (1, 0)
    assert 'msgid "Une actualité"\nmsgstr "A news item, reviewed"\n' in (site / "locales/en/news.po").read_text()
    assert external_editor("false")("draft") is None  # an editor that fails cancels the edit
