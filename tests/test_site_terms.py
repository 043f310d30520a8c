"""Values that repeat across the site (`front_matter.site_keys`: categories, tags) are translated
once, in the site-wide catalog, and every article's translation takes them from there; links to
a file the site also has in the language (`build.localized_files`) lead to that file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from sites import make_site, run

ARTICLES = {
    "a.md": "---\ntitle: Premier\ncategories:\n  - Numérique\n  - Données\n---\nCorps du premier.\n",
    "b.md": "---\ntitle: Second\ncategories: [Données]\ntags: Numérique\n---\nCorps du second.\n",
}
SITE_PO = "locales/en/_site.po"


def terms_site(root: Path) -> Path:
    make_site(root, ARTICLES)
    config = root / "i18npub.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_keys = []", 'site_keys = ["categories", "tags"]'), encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    return root


def translate(path: Path, translations: dict[str, str]) -> None:
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = translations.get(entry.msgid, entry.msgstr)
    po.save()


def translate_articles(root: Path) -> None:
    translate(root / "locales/en/a.po", {"Premier": "First", "Corps du premier.": "Body of the first."})
    translate(root / "locales/en/b.po", {"Second": "Second", "Corps du second.": "Body of the second."})


def test_each_value_is_one_entry_of_the_site_catalog_with_every_place_it_is_in(tmp_path: Path) -> None:
    site = terms_site(tmp_path)
    po = polib.pofile(str(site / SITE_PO))
    assert [(e.msgid, e.occurrences) for e in po] == [
        ("Numérique", [("content/fr/a.md", "4"), ("content/fr/b.md", "4")]),
        ("Données", [("content/fr/a.md", "5"), ("content/fr/b.md", "3")]),
    ]
    assert (site / "locales/templates/_site.pot").is_file()
    article_msgids = {e.msgid for name in ("a", "b") for e in polib.pofile(str(site / f"locales/en/{name}.po"))}
    assert article_msgids == {"Premier", "Corps du premier.", "Second", "Corps du second."}
    again = run(site, "extract")
    assert "0 templates and 0 catalogs written" in again.output


def test_an_edited_article_updates_the_site_catalog_and_keeps_its_translations(tmp_path: Path) -> None:
    site = terms_site(tmp_path)
    translate(site / SITE_PO, {"Numérique": "Digital", "Données": "Data"})
    source = site / "content/fr/b.md"
    source.write_text(source.read_text(encoding="utf-8").replace("tags: Numérique", "tags: Open data"), encoding="utf-8")
    assert run(site, "extract").exit_code == 0
    po = polib.pofile(str(site / SITE_PO))
    entries = {e.msgid: e for e in po}
    assert entries["Numérique"].msgstr == "Digital" and entries["Numérique"].occurrences == [("content/fr/a.md", "4")]
    assert entries["Données"].msgstr == "Data" and entries["Open data"].msgstr == ""


def test_every_translation_takes_the_values_from_the_site_catalog(tmp_path: Path) -> None:
    site = terms_site(tmp_path)
    translate_articles(site)
    result = run(site, "build", "--lang", "en")
    assert "en: 2 written" in result.output, result.output  # untranslated values do not hold an article back
    assert "  - Numérique\n  - Données\n" in (site / "content/en/a.md").read_text(encoding="utf-8")
    translate(site / SITE_PO, {"Numérique": "Digital", "Données": "Data"})
    result = run(site, "build", "--lang", "en")
    assert "en: 2 written" in result.output, result.output  # the site catalog changed: both again
    assert "categories:\n  - Digital\n  - Data\n" in (site / "content/en/a.md").read_text(encoding="utf-8")
    assert "categories: [Data]\ntags: Digital\n" in (site / "content/en/b.md").read_text(encoding="utf-8")


def test_an_unsafe_site_wide_translation_is_an_error_at_its_line_and_is_never_published(tmp_path: Path) -> None:
    site = terms_site(tmp_path)
    translate_articles(site)
    translate(site / SITE_PO, {"Données": '<img src=x onerror="alert(1)">'})
    checked = run(site, "check")
    assert checked.exit_code == 1
    assert re.search(r"locales/en/_site\.po:\d+: error \[unsafe-html\]", checked.output), checked.output
    built = run(site, "build", "--lang", "en", "--force")
    assert "en: 0 written" in built.output and not (site / "content/en").exists()
    assert _would_publish(site) == {"a.md": False, "b.md": False}  # status tells what build did
    translate(site / SITE_PO, {"Données": "Data"})
    assert _would_publish(site) == {"a.md": True, "b.md": True}  # the site catalog changed: every status again
    assert "en: 2 written" in run(site, "build", "--lang", "en").output


def _would_publish(site: Path) -> dict[str, bool]:
    rows = json.loads(run(site, "status", "--lang", "en", "--format", "json").output)["articles"]
    return {row["article"]: row["would_publish"] for row in rows if row["article"] != "_site"}


def test_translate_review_and_status_take_the_site_catalog_too(tmp_path: Path) -> None:
    site = terms_site(tmp_path)
    assert run(site, "translate", "--lang", "en", "--provider", "pseudo").exit_code == 0
    drafts = [e for e in polib.pofile(str(site / SITE_PO)) if e.msgstr]
    assert len(drafts) == 2 and all(e.fuzzy for e in drafts)
    reviewed = run(site, "review", "--lang", "en", "--accept", "provider=pseudo", "--yes", "--reviewer", "Ana")
    assert reviewed.exit_code == 0 and "locales/en/_site.po" not in reviewed.output
    assert not any(e.fuzzy for e in polib.pofile(str(site / SITE_PO)))
    status = run(site, "status", "--format", "json")
    assert '"Site-wide values (categories, tags)"' in status.output


def test_a_link_to_a_file_the_site_has_in_the_language_leads_to_it(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "url: https://exemple.gouv.fr\ncollections:\n  actualites:\n    output: true\n    permalink: /actualites/:title/\nexclude: [i18npub.toml]\n",
        encoding="utf-8")
    (tmp_path / "_actualites").mkdir()
    (tmp_path / "_actualites/a.md").write_text(
        "---\ntitle: Le rapport\nfichier: /uploads/rapport.pdf\n---\n\nLire [le rapport](/uploads/rapport.pdf) et "
        "[l'annexe](https://exemple.gouv.fr/uploads/annexe.pdf#p2).\n", encoding="utf-8")
    (tmp_path / "uploads").mkdir()
    for name in ("rapport.pdf", "rapport-en.pdf", "annexe.pdf"):
        (tmp_path / "uploads" / name).write_bytes(b"%PDF")
    assert run(tmp_path, "init", "--source-lang", "fr", "--lang", "en").exit_code == 0
    config = tmp_path / "i18npub.toml"
    text = config.read_text(encoding="utf-8").replace("link_keys = []", 'link_keys = ["fichier"]')
    config.write_text(text.replace('localized_files = ""', 'localized_files = "{dir}/{name}-{lang}{ext}"'), encoding="utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    po_path = tmp_path / "_locales/en/_actualites/a.po"
    translate(po_path, {"Le rapport": "The report",
                        "Lire [le rapport](/uploads/rapport.pdf) et [l'annexe](https://exemple.gouv.fr/uploads/annexe.pdf#p2).":
                        "Read [the report](/uploads/rapport.pdf) and [the annex](https://exemple.gouv.fr/uploads/annexe.pdf#p2)."})
    assert "en: 1 written" in run(tmp_path, "build", "--lang", "en").output
    [page] = (tmp_path / "_actualites/en").glob("*.md")
    text = page.read_text(encoding="utf-8")
    assert "fichier: /uploads/rapport-en.pdf\n" in text and "[the report](/uploads/rapport-en.pdf)" in text
    assert "[the annex](https://exemple.gouv.fr/uploads/annexe.pdf#p2)" in text  # no English annex: it stays
    (tmp_path / "uploads/annexe-en.pdf").write_bytes(b"%PDF")  # the English annex arrives: the page follows
    assert "en: 1 written" in run(tmp_path, "build", "--lang", "en").output
    assert "[the annex](https://exemple.gouv.fr/uploads/annexe-en.pdf#p2)" in page.read_text(encoding="utf-8")


def test_import_fills_the_site_catalog_with_the_human_versions_values(tmp_path: Path) -> None:
    site = terms_site(tmp_path)
    human = tmp_path / "human" / "a-en.md"
    human.parent.mkdir()
    human.write_text("---\ntitle: First\ncategories:\n  - Digital\n  - Data\n---\nBody of the first.\n", encoding="utf-8")
    result = run(site, "import", "--lang", "en", "a.md", str(human))
    assert result.exit_code == 0, result.output
    assert {e.msgid: e.msgstr for e in polib.pofile(str(site / SITE_PO))} == {"Numérique": "Digital", "Données": "Data"}
    assert {e.msgid: e.msgstr for e in polib.pofile(str(site / "locales/en/a.po"))} == {"Premier": "First", "Corps du premier.": "Body of the first."}
    again = run(site, "import", "--lang", "en", "a.md", str(human))  # nothing left to fill, nothing overwritten
    assert again.exit_code == 0 and {e.msgid: e.msgstr for e in polib.pofile(str(site / SITE_PO))}["Données"] == "Data"


def test_check_finds_what_a_site_wide_translation_does_in_each_article_as_build_splices_it(tmp_path: Path) -> None:
    """A site-wide value that is harmless alone (`script:alert(1)//`) but that an article's body
    prints right after its own text (`java{{ page.rubrique }}`) is an error of `check`, at the line
    of the unit that prints it, as it is a reason for `build` not to publish that article."""
    body = "Corps du second, [lien](java{{ page.rubrique }})."
    make_site(tmp_path, {**ARTICLES, "b.md": f"---\ntitle: Second\nrubrique: Numérique\n---\n{body}\n"})
    config = tmp_path / "i18npub.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_keys = []", 'site_keys = ["categories", "rubrique"]'), encoding="utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    translate_articles(tmp_path)
    translate(tmp_path / "locales/en/b.po", {body: "Body of the second, [link](java{{ page.rubrique }})."})
    translate(tmp_path / SITE_PO, {"Numérique": "script:alert(1)//", "Données": "Data"})
    checked = run(tmp_path, "check")
    assert checked.exit_code == 1, checked.output
    lines = [line for line in checked.output.splitlines() if ": error [" in line]
    assert len(lines) == 1 and re.match(r"locales/en/b\.po:\d+: error \[unsafe-url\]", lines[0]), checked.output
    built = run(tmp_path, "build", "--lang", "en", "--force")
    assert "en: 1 written" in built.output and "unsafe translation" in built.output, built.output
    assert _would_publish(tmp_path) == {"a.md": True, "b.md": False}


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
@pytest.mark.parametrize(("body", "value"), [
    ("Corps, [lien](java{{ page.tags }}).", "script:alert(1)//"),
    ("Corps, [lien](java{{ page.tags }}).", "script :alert(1)//"),  # Jekyll splits a string of tags into words
    ('Corps, [lien](java{{ page.tags | join: "" }}).', "script:alert(1)//"),
    ('<a href="java{{ page.tags }}">→</a>', "script:alert(1)//"),  # a body with no unit at all prints it too
])
def test_a_tag_printed_after_the_body_s_own_text_makes_no_script_url_on_the_built_page(tmp_path: Path, body: str, value: str) -> None:
    """Jekyll prints a page's tags joined: right after the author's `java`, a tag translated
    `script:…` is a script URL on the page Jekyll builds, unless `build` keeps it out, as it does."""
    (tmp_path / "_config.yml").write_text("collections:\n  actualites:\n    output: true\n    permalink: /:collection/:name/\n"
                                          "exclude: [i18npub.toml, locales, _locales]\n", encoding="utf-8")
    (tmp_path / "_actualites").mkdir()
    (tmp_path / "_actualites/a.md").write_text(f"---\ntitle: Premier\ntags: Numérique\n---\n{body}\n", encoding="utf-8")
    assert run(tmp_path, "init", "--source-lang", "fr", "--lang", "en").exit_code == 0
    config = tmp_path / "i18npub.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_keys = []", 'site_keys = ["tags"]'), encoding="utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    translated = body.replace("Corps", "Body").replace("lien", "link")
    translate(tmp_path / "_locales/en/_actualites/a.po", {"Premier": "First", body: translated})
    translate(tmp_path / "_locales/en/_site.po", {"Numérique": value})
    assert run(tmp_path, "check").exit_code == 1
    assert "0 written" in run(tmp_path, "build", "--lang", "en", "--force").output
    # the proof: the page an unchecked build would write, and what Jekyll makes of it
    (tmp_path / "_actualites/unchecked.md").write_text(f"---\ntitle: First\ntags: {value}\n---\n{translated}\n", encoding="utf-8")
    built = subprocess.run(["jekyll", "build", "-s", str(tmp_path), "-d", str(tmp_path / "_site")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert 'href="javaNumérique"' in (tmp_path / "_site/actualites/a/index.html").read_text(encoding="utf-8")
    assert 'href="javascript:alert(1)//"' in (tmp_path / "_site/actualites/unchecked/index.html").read_text(encoding="utf-8")


def test_review_holds_a_draft_that_a_site_wide_translation_makes_unsafe_in_its_article(tmp_path: Path) -> None:
    """`review --accept` takes no draft with a check error, and the errors are `check`'s: a body
    draft that prints a site-wide value translated `script:…` right after `java` is held."""
    body = "Corps du second, [lien](java{{ page.rubrique }})."
    make_site(tmp_path, {**ARTICLES, "b.md": f"---\ntitle: Second\nrubrique: Numérique\n---\n{body}\n"})
    config = tmp_path / "i18npub.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_keys = []", 'site_keys = ["categories", "rubrique"]'), encoding="utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    translate(tmp_path / SITE_PO, {"Numérique": "script:alert(1)//"})
    po = polib.pofile(str(tmp_path / "locales/en/b.po"))
    for entry in po:
        entry.msgstr, entry.flags = {body: "Body of the second, [link](java{{ page.rubrique }}).", "Second": "Second"}[entry.msgid], ["fuzzy"]
        entry.tcomment = "i18npub-draft: provider=pseudo date=2026-12-03"
    po.save()
    reviewed = run(tmp_path, "review", "--lang", "en", "--accept", "provider=pseudo", "--yes", "--reviewer", "Ana")
    assert "unsafe-url" in reviewed.output, reviewed.output
    held = {e.msgid: e.fuzzy for e in polib.pofile(str(tmp_path / "locales/en/b.po"))}
    assert held == {"Second": False, body: True}


@pytest.mark.parametrize(("template", "refused"), [
    ('<sup><a href="#note-{{ include.n }}">{{ include.n }}</a></sup>\n', False),  # prints nothing of the page
    ("<sup>{{ page.title | upcase }}</sup>\n", True),
    ('{% include other.html %}\n', True),  # what another include prints is not read here
])
def test_an_include_beside_the_text_counts_as_its_template_reads_the_page(tmp_path: Path, template: str, refused: bool) -> None:
    """A footnote's include right after a word (`décret{% include note.html n=1 %}`) prints what
    its template prints: a site's include that reads nothing of the page grants the word beside
    it, one that prints the translated title (or that calls another) does not."""
    (tmp_path / "_config.yml").write_text("collections:\n  actualites:\n    output: true\nexclude: [i18npub.toml, _locales]\n", encoding="utf-8")
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes/note.html").write_text(template, encoding="utf-8")
    (tmp_path / "_actualites").mkdir()
    body = "Le décret{% include note.html n=1 %} s'applique."
    (tmp_path / "_actualites/a.md").write_text(f"---\ntitle: Premier\n---\n{body}\n", encoding="utf-8")
    assert run(tmp_path, "init", "--source-lang", "fr", "--lang", "en").exit_code == 0
    assert run(tmp_path, "extract").exit_code == 0
    translate(tmp_path / "_locales/en/_actualites/a.po", {"Premier": "First", body: "The decree{% include note.html n=1 %} applies."})
    checked = run(tmp_path, "check")
    assert (checked.exit_code == 1) is refused, checked.output
