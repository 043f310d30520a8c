"""Publish policy in build: completeness threshold, check errors, summary, stale outputs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib

from sites import ARTICLE, make_site, run


def translate(site: Path, article: str, share: float, mangle=None) -> None:
    path = site / "locales" / "en" / (article.rsplit(".", 1)[0] + ".po")
    po = polib.pofile(str(path))
    entries = [e for e in po if not e.obsolete]
    for entry in entries[: round(len(entries) * share)]:
        entry.msgstr = (mangle or (lambda m: "EN " + m))(entry.msgid)
    po.save(str(path))


def test_half_translated_article_is_skipped_and_the_summary_says_why(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"full.md": ARTICLE, "half.md": ARTICLE.replace("Premier", "Un premier")})
    run(site, "extract")
    translate(site, "full.md", 1.0)
    translate(site, "half.md", 0.5)
    result = run(site, "build", "--lang", "en", "--min-translated", "80")
    assert result.exit_code == 0
    assert "skipped half.md: 50 % translated, below 80 %" in result.output
    assert "en: 1 written, 0 unchanged, 1 skipped, 0 failed" in result.output
    assert (site / "content/en/full.md").is_file() and not (site / "content/en/half.md").exists()


def test_check_errors_block_publication_unless_forced(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    run(site, "extract")
    translate(site, "article.md", 1.0, lambda m: "EN " + m.replace("**", "", 1))  # unbalanced emphasis: an error
    result = run(site, "build", "--lang", "en")
    assert "skipped article.md: 1 check errors" in result.output
    assert not (site / "content/en/article.md").exists()
    forced = run(site, "build", "--lang", "en", "--force")
    assert "en: 1 written" in forced.output and (site / "content/en/article.md").is_file()


def test_unsafe_translations_are_never_published(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    run(site, "extract")
    translate(site, "article.md", 1.0, lambda m: "EN " + m.replace("https://exemple.gouv.fr/", "https://evil.example/"))
    for options in ([], ["--force"], ["--force", "--include-fuzzy"]):
        result = run(site, "build", "--lang", "en", *options)
        assert "skipped article.md: 1 unsafe translation(s) (new-domain" in result.output
        assert not (site / "content/en/article.md").exists()


def test_stale_output_is_reported_then_pruned(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    run(site, "extract")
    translate(site, "article.md", 1.0)
    assert "1 written" in run(site, "build", "--lang", "en").output
    (site / "content/fr/article.md").write_text(ARTICLE + "\nUn paragraphe ajouté.\n", encoding="utf-8")
    run(site, "extract")
    stale = run(site, "build", "--lang", "en")
    assert "stale article.md:" in stale.output and "1 stale outputs left (--prune removes them)" in stale.output
    assert (site / "content/en/article.md").exists()
    pruned = run(site, "build", "--lang", "en", "--prune")
    assert "1 stale outputs removed" in pruned.output
    assert not (site / "content/en/article.md").exists()


def test_markup_a_translation_opens_and_the_source_closes_is_caught(tmp_path: Path) -> None:
    """`[link](/x){:onclick="alert(1)" ` is harmless alone (an unclosed attribute list is text),
    but the source's own `{:target="_blank"}` after it closes it: kramdown then gives the link
    an onclick. The check of the assembled article catches it, in `check` and in `build`."""
    site = make_site(tmp_path, {"a.md": 'Voir [lien](/x){:target="_blank"}\n'})
    run(site, "extract")
    translate(site, "a.md", 1.0, lambda m: 'See [link](/x){:onclick="alert(1)" ')
    checked = run(site, "check")
    assert checked.exit_code == 1 and "error [unsafe-markup]" in checked.output
    for options in ([], ["--force"]):
        built = run(site, "build", "--lang", "en", *options)
        assert "skipped a.md: 1 unsafe translation(s) (unsafe-markup" in built.output
        assert not (site / "content/en/a.md").exists()


def test_a_page_whose_slug_changed_stays_stale_until_pruned_however_many_builds_come_first(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "jekyll", site)
    assert run(site, "build", "--lang", "en").exit_code == 0
    old = site / "_actualites/en/new-opening-hours.md"
    assert old.is_file()
    po = site / "_locales/en/_actualites/nouveaux-horaires-des-mediatheques.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "new-opening-hours"', 'msgstr "library-opening-hours"'), encoding="utf-8")
    for _ in range(2):  # the second build writes nothing, and still knows the old page
        result = run(site, "build", "--lang", "en")
        assert "stale _actualites/nouveaux-horaires-des-mediatheques.md: its file moved" in result.output, result.output
    assert run(site, "build", "--lang", "en", "--prune").exit_code == 0
    assert not old.is_file() and (site / "_actualites/en/library-opening-hours.md").is_file()
    assert "stale" not in run(site, "build", "--lang", "en").output


def test_two_articles_translated_to_the_same_slug_do_not_share_a_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "jekyll", site)
    po = site / "_locales/en/_actualites/la-boite-a-livres-du-parc.po"
    text = po.read_text(encoding="utf-8")
    slug = re.search(r'msgctxt "slug"\nmsgid "[^"]*"\nmsgstr "([^"]*)"', text)
    po.write_text(text[: slug.start(1)] + "new-opening-hours" + text[slug.end(1):], encoding="utf-8")
    for _ in range(2):  # and the same the next time, on record or not
        result = run(site, "build", "--lang", "en")
        assert "skipped _actualites/nouveaux-horaires-des-mediatheques.md: its translation would be " \
            "_actualites/en/new-opening-hours.md, as _actualites/la-boite-a-livres-du-parc.md's is" in result.output, result.output
    page = (site / "_actualites/en/new-opening-hours.md").read_text(encoding="utf-8")
    assert "ref: _actualites/la-boite-a-livres-du-parc" in page
