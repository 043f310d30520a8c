from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from sites import run
from quality_site import Unit, make_site, po_text

from i18npub.core.catalog import Catalog, Entry

SITE = {
    "guide.md": [
        Unit("Guide de l'usager", "User guide", kind="heading"),
        Unit("Un paragraphe de six mots ici.", "A paragraph of six words here."),
        Unit("Une ébauche automatique à relire", "An automatic draft to review", fuzzy=True),
        Unit("Pas encore traduit du tout"),
    ],
    "news.md": [
        Unit("Actualités du mois", "News of the month"),
        Unit("Voir le site officiel", "See the [official site](https://evil.example)"),  # a check error
        Unit("Encore une ébauche", "Another draft", fuzzy=True),
    ],
}




def direct_count(po_path: Path) -> dict:
    """Count a catalog with polib alone: the reference the status report must match (the
    catalogs hold prose without markup, so a word is letters joined by apostrophes)."""
    units = {"translated": 0, "fuzzy": 0, "outdated": 0, "untranslated": 0}
    words = dict(units)
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete:
            continue
        if not entry.msgstr:
            state = "untranslated"
        elif "fuzzy" not in entry.flags:
            state = "translated"
        else:
            state = "outdated" if entry.previous_msgid and "i18npub-draft:" not in entry.tcomment else "fuzzy"
        units[state] += 1
        words[state] += len(re.findall(r"\w+(?:['’]\w+)*", entry.msgid))
    return {"units": units, "words": words}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    make_site(tmp_path, SITE)
    with open(tmp_path / "locales/en/guide.po", "a", encoding="utf-8") as po:  # obsolete: not counted
        po.write('\n#~ msgid "Ancien texte"\n#~ msgstr "Old text"\n')
    return tmp_path


def test_status_json_equals_a_direct_count(site: Path):
    result = run(site, "status", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    totals = {measure: {"translated": 0, "fuzzy": 0, "outdated": 0, "untranslated": 0} for measure in ("units", "words")}
    for row in data["articles"]:
        expected = direct_count(site / row["po_file"])
        for measure in ("units", "words"):
            got = {k: v for k, v in row[measure].items() if k != "total"}
            assert got == expected[measure], (row["article"], measure)
            assert row[measure]["total"] == sum(expected[measure].values())
            for state, n in expected[measure].items():
                totals[measure][state] += n
        units = expected["units"]
        assert row["percent_done"] == round(100 * units["translated"] / sum(units.values()), 1)
        assert row["words_to_translate"] == expected["words"]["untranslated"]
        assert row["words_to_review"] == expected["words"]["fuzzy"] + expected["words"]["outdated"]
    assert [(r["article"], r["check_errors"]) for r in data["articles"]] == [("guide.md", 0), ("news.md", 1)]  # an added link: new-domain
    for figures in (data["totals"], data["languages"]["en"]):
        assert {k: v for k, v in figures["units"].items() if k != "total"} == totals["units"]
        assert {k: v for k, v in figures["words"].items() if k != "total"} == totals["words"]
        assert figures["check_errors"] == 1
        assert figures["percent_done"] == round(100 * 4 / 7, 1)


def test_status_text_is_a_plain_table_of_titles_off_terminal(site: Path, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    result = run(site, "status", "--lang", "en")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "English (en)"
    assert lines[1].split()[:4] == ["Article", "Done", "Translated", "Fuzzy"]
    guide = next(line for line in lines if line.startswith("guide.md "))  # no title: the path
    assert guide.split()[1:] == ["50.0%", "2", "1", "0", "1", "5", "5", "0"]  # 5 words to translate, 5 to review
    news = next(line for line in lines if line.startswith("news.md "))
    assert news.split()[-1] == "1"  # a check error, and no state
    total = next(line for line in lines if line.startswith("All articles "))
    assert "57.1%" in total


def test_status_html_is_self_contained(site: Path):
    result = run(site, "status", "--format", "html", "--output", "report.html")
    assert result.exit_code == 0, result.output
    page = (site / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"<script|<link|src=|url\(|https?://", page)
    assert page.count('class="bar"') == 3  # two articles and the language total
    assert 'style="width:50.00%"' in page  # guide.md: 2 of 4 translated


def test_status_counts_missing_and_unreadable_catalogs(site: Path):
    (site / "content/fr/draft.md").write_text("Brouillon\n", encoding="utf-8")
    template, _ = po_text("draft.md", [Unit("Un brouillon"), Unit("Deux mots")])
    (site / "locales/templates").mkdir(parents=True)
    (site / "locales/templates/draft.pot").write_text(template, encoding="utf-8")
    (site / "content/fr/later.md").write_text("Plus tard\n", encoding="utf-8")
    (site / "content/fr/broken.md").write_text("Cassé\n", encoding="utf-8")
    (site / "locales/en/broken.po").write_text('msgid "a"\nmsgstr "b"\nnonsense\n', encoding="utf-8")
    result = run(site, "status", "--format", "json")
    assert result.exit_code == 1
    rows = {r["article"]: r for r in json.loads(result.stdout)["articles"]}
    assert rows["draft.md"]["units"] == {"translated": 0, "fuzzy": 0, "outdated": 0, "untranslated": 2, "total": 2}
    assert "template" in rows["draft.md"]["problem"]
    later = rows["later.md"]  # not extracted yet: its source's units, none translated
    assert later["units"] == {"translated": 0, "fuzzy": 0, "outdated": 0, "untranslated": 1, "total": 1}
    assert later["words"]["untranslated"] == 2 and later["percent_done"] == 0.0
    assert later["state"] == "not extracted" and "not extracted" in later["problem"]
    assert rows["broken.md"]["unreadable_catalogs"] == 1
    assert re.search(r"locales/en/broken\.po:\d+", rows["broken.md"]["problem"])
    assert rows["guide.md"]["percent_done"] == 50.0  # the others are still counted
