from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from conftest import CORPUS, corpus_articles
from quality_site import Unit, make_site, po_text
from sites import ARTICLE, run
from sites import make_site as make_cli_site

from i18npub.core.checks import word_count
from i18npub.stages.status import cells, char_cells

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


# --- A site through its life: built, then its sources changed ----------------------------------


def approve_all(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    for entry in po:
        if not entry.obsolete:
            entry.msgstr = entry.msgstr or f"EN {entry.msgid}"
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save(str(po_path))


def status_rows(site: Path) -> dict[str, dict]:
    result = run(site, "status", "--format", "json")
    assert result.exit_code == 0, result.output
    return {r["article"]: r for r in json.loads(result.stdout)["articles"]}


@pytest.fixture
def built_site(tmp_path: Path) -> Path:
    """Three articles translated, reviewed and built: one to change and extract again (outdated),
    one to change without extracting (changed), one left alone."""
    articles = {name: ARTICLE.replace("Un titre de test", title) for name, title in
                (("edited.md", "Article révisé"), ("grown.md", "Article allongé"), ("same.md", "Article inchangé"))}
    site = make_cli_site(tmp_path, articles)
    assert run(site, "extract").exit_code == 0
    for name in articles:
        approve_all(site / "locales/en" / name.replace(".md", ".po"))
    assert "3 written" in run(site, "build", "--lang", "en").output
    return site


def test_status_says_what_build_would_do_and_what_changed(built_site: Path):
    site = built_site
    rows = status_rows(site)
    assert {a: (r["state"], r["would_publish"], r["built_file"]) for a, r in rows.items()} == {
        "edited.md": ("published", True, "content/en/edited.md"),
        "grown.md": ("published", True, "content/en/grown.md"),
        "same.md": ("published", True, "content/en/same.md"),
    }
    edited = site / "content/fr/edited.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("qui sera modifié", "qui a été modifié"), encoding="utf-8")
    assert run(site, "extract", "edited.md").exit_code == 0
    grown = site / "content/fr/grown.md"
    grown.write_text(grown.read_text(encoding="utf-8") + "\nUn paragraphe ajouté depuis.\n", encoding="utf-8")
    rows = status_rows(site)

    edited_row = rows["edited.md"]  # the approved text is kept (outdated = "keep"): still published
    assert edited_row["state"] == "outdated" and edited_row["units"]["outdated"] == 1
    assert edited_row["percent_done"] < 100 and edited_row["would_publish"] and not edited_row["stale"]
    [change] = edited_row["outdated_entries"]
    assert change["previous_source"] == "Deuxième paragraphe, qui sera modifié." and change["source"] == "Deuxième paragraphe, qui a été modifié."
    assert edited_row["words_to_review"] == 6  # “Deuxième paragraphe, qui a été modifié.”

    grown_row = rows["grown.md"]  # its catalog lacks the new paragraph: build would leave it out
    assert grown_row["state"] == "changed" and grown_row["source_changed"]
    assert not grown_row["would_publish"] and grown_row["stale"] and "below 100 %" in grown_row["why_not_published"]
    assert rows["same.md"]["state"] == "published"

    # what status says build would do is what build does
    built = run(site, "build", "--lang", "en")
    assert "skipped grown.md" in built.output and "stale" in built.output
    assert {a for a, r in rows.items() if r["would_publish"]} == {"edited.md", "same.md"}

    text = run(site, "status").output
    assert "Outdated (approved, then the source changed" in text and "en Article révisé: 1 unit (locales/en/edited.po:" in text
    assert "Changed (the source changed since the last extract" in text and "en Article allongé (content/fr/grown.md)" in text
    assert "en content/en/grown.md (Article allongé): " in text


def test_status_counts_an_unsafe_draft_that_build_leaves_out(tmp_path: Path):
    """A fuzzy draft is checked (its error counts) but not published: the build's decision is
    found with the entries build uses, not taken from the findings status counts."""
    site = make_cli_site(tmp_path, {"article.md": ARTICLE})
    config = site / "i18npub.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("min_translated = 100", "min_translated = 50"), encoding="utf-8")
    assert run(site, "extract").exit_code == 0
    po_path = site / "locales/en/article.po"
    approve_all(po_path)
    po = polib.pofile(str(po_path))
    draft = next(e for e in po if e.msgid == "Premier paragraphe avec du **gras**.")
    draft.msgstr, draft.flags = '<img src=x onerror="alert(1)">', ["fuzzy"]
    po.save(str(po_path))
    [row] = status_rows(site).values()
    assert row["check_errors"] >= 1 and row["would_publish"], row
    built = run(site, "build", "--lang", "en")
    assert "1 written" in built.output and "onerror" not in (site / "content/en/article.md").read_text(encoding="utf-8")


def test_status_html_links_titles_to_their_source_and_built_page(built_site: Path):
    site = built_site
    (site / "reports").mkdir()
    grown = site / "content/fr/grown.md"
    grown.write_text(grown.read_text(encoding="utf-8") + "\nUn paragraphe ajouté depuis.\n", encoding="utf-8")
    assert run(site, "status", "--format", "html", "--output", "reports/status.html").exit_code == 0
    page = (site / "reports/status.html").read_text(encoding="utf-8")
    assert not re.search(r"<script|<link|<img|src=|url\(", page)  # self-contained: nothing loaded
    for title in ("Article révisé", "Article allongé", "Article inchangé"):
        assert f"<td>{title}<div" in page
    hrefs = re.findall(r'<a href="([^"]+)">', page)
    for article in ("edited.md", "grown.md", "same.md"):  # relative to the report's folder
        assert f"../content/fr/{article}" in hrefs and f"../content/en/{article}" in hrefs
        assert (site / "reports" / f"../content/en/{article}").resolve().is_file()
    assert re.search(r'<span class="state changed"[^>]*>changed</span>', page)
    assert "<h2>Stale pages</h2>" in page and "below 100 %" in page
    assert "How words are counted" in page


def test_status_links_the_built_page_at_the_site_address(built_site: Path):
    site = built_site
    record = site / ".i18npub-cache/pages-en.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["pages"]["same.md"]["url"] = "/en/same/"
    record.write_text(json.dumps(data), encoding="utf-8")
    config = site / "i18npub.toml"
    config.write_text('site_url = "https://example.gouv.fr/"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    assert status_rows(site)["same.md"]["page_url"] == "https://example.gouv.fr/en/same/"
    page = run(site, "status", "--format", "html").output
    assert '<a href="https://example.gouv.fr/en/same/">' in page


# --- Fitted to the terminal ----------------------------------------------------------------------

LONG = "Accessibilité numérique : la France rajeunit son référentiel et l’enrichit d’un label, {}"


@pytest.mark.parametrize("columns", [100, 72, 40])
def test_status_text_fits_the_terminal_and_no_two_titles_read_alike(tmp_path: Path, monkeypatch, columns: int):
    articles = {
        "a.md": "---\ntitle: \"" + LONG.format("première partie") + "\"\n---\n\nUn.\n",
        "b.md": "---\ntitle: \"" + LONG.format("seconde partie") + "\"\n---\n\nDeux.\n",
        "c.md": "---\ntitle: Même titre\n---\n\nTrois.\n",
        "d.md": "---\ntitle: Même titre\n---\n\nQuatre.\n",
    }
    site = make_cli_site(tmp_path, articles, langs=("en", "de"))
    assert run(site, "extract").exit_code == 0
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = run(site, "status").output.splitlines()
    assert max(map(len, lines)) <= columns
    for lang in ("English (en)", "German (de)"):
        start = lines.index(lang) + 2
        labels = [line.split("  ")[0] for line in lines[start : start + 4]]
        assert len(set(labels)) == 4, labels  # no two rows read the same
    monkeypatch.delenv("COLUMNS")
    whole = run(site, "status").output  # piped, with no width: whole titles
    assert LONG.format("première partie") in whole and "Même titre (c.md)" in whole


# --- Words, as pocount counts them -------------------------------------------------------------


@pytest.mark.parametrize(("text", "words"), [
    ("L’usager et l'État", 3), ("3,5 % de 1 000 euros", 5), ("un e-mail à beta.gouv.fr", 5),
    ("Voir [le guide](https://a.fr/x){:target=\"_blank\"}", 3), ("<strong>Gras</strong> {{ site.title }}", 1),
    ("fichier_de_test ___ M. Dupont", 3),
])
def test_the_word_rule_stated_in_the_report(text: str, words: int):
    assert word_count(text) == words


@pytest.mark.skipif(not corpus_articles(), reason="the shared corpus is absent")
def test_status_words_are_pocounts_but_for_markup(tmp_path: Path):
    """Words are cut as pocount cuts them (UAX #29), in the text a reader sees: on every corpus
    article the report's words are pocount's word splitter on the units' visible text; on that
    text pocount's own count differs only where a point stands between two non-digits (its
    pre-pass deletes the three characters: “beta.gouv.fr” gives 3 words); and pocount's totals
    are the report's plus the words it finds in markup plus those pieces."""
    pocount = pytest.importorskip("translate.tools.pocount")
    from translate.lang.common import Common

    from i18npub.core.checks import visible_text

    site = make_cli_site(tmp_path, {p.relative_to(CORPUS).as_posix(): p.read_bytes() for p in corpus_articles()})
    assert run(site, "extract").exit_code == 0
    rows = status_rows(site)
    in_markup = dotted = 0
    for article, row in rows.items():
        words = 0
        for unit in pocount.factory.getobject(str(site / row["po_file"])).units:
            if not unit.istranslatable():
                continue
            visible = visible_text(unit.source)
            split = len(Common.words(visible))
            if not re.search(r"\D\.\D", visible):
                assert pocount.wordcount(visible) == split, visible
            words += split
            in_markup += pocount.wordcount(unit.source) - pocount.wordcount(visible)
            dotted += pocount.wordcount(visible) - split
        assert row["words"]["total"] == words, article
    reported = sum(row["words"]["total"] for row in rows.values())
    counted = sum(pocount.calcstats(str(site / row["po_file"]))["untranslatedsourcewords"] for row in rows.values())
    assert counted == reported + in_markup + dotted  # measured: 23586 = 21790 + 1701 + 95
    assert in_markup > 0 and dotted > 0


@given(st.text())
def test_a_text_takes_the_columns_of_its_characters(text: str) -> None:
    assert cells(text) == sum(char_cells(c) for c in text)


def test_every_latin_and_punctuation_character_takes_one_column() -> None:
    # the claim `cells` counts on for most titles, over every such character
    assert {char_cells(chr(c)) for c in [*range(0x300), *range(0x2000, 0x2065)]} == {1}
    assert char_cells("\u0300") == 0
