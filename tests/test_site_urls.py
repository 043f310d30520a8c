"""Where a translation goes, the URL it gets and the keys that pair it with its source, as the
site's generator publishes it."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from sites import run


def test_a_jekyll_index_page_has_no_slug_to_translate(tmp_path: Path) -> None:
    """An index page's URL is its folder's: a slug entry would let a translator move it."""
    (tmp_path / "_config.yml").write_text("exclude: [i18npub.toml]\n", encoding="utf-8")
    for name in ("index.md", "apropos.md", "aide/index.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("---\ntitle: Une page\n---\nDu texte.\n", encoding="utf-8")
    run(tmp_path, "init", "--source-lang", "fr", "--lang", "en")
    run(tmp_path, "extract")
    slugs = {name: [e.msgid for e in polib.pofile(str(tmp_path / "_locales/en" / name)) if e.msgctxt == "slug"]
             for name in ("index.po", "apropos.po", "aide/index.po")}
    assert slugs == {"index.po": [], "apropos.po": ["apropos"], "aide/index.po": []}
    for name in slugs:
        catalog = polib.pofile(str(tmp_path / "_locales/en" / name))
        for entry in catalog:
            entry.msgstr = "A page" if entry.msgid == "Une page" else "Some text." if entry.msgctxt is None else ""
        catalog.save()
    assert run(tmp_path, "build", "--lang", "en").exit_code == 0
    pages = json.loads((tmp_path / ".i18npub-cache/pages-en.json").read_text(encoding="utf-8"))["pages"]
    assert {name: (page["output"], page["url"]) for name, page in pages.items()} == {
        "index.md": ("en/index.md", "/en/"),
        "apropos.md": ("en/apropos.md", "/en/apropos.html"),
        "aide/index.md": ("en/aide/index.md", "/en/aide/"),
    }


def test_a_hugo_slug_entry_is_the_last_part_of_the_url_where_the_url_takes_one(tmp_path: Path) -> None:
    """`:slug` in a section's permalink is the slug or else the title; `:filename` takes no slug;
    without a pattern, the slug or else the file name."""
    (tmp_path / "hugo.toml").write_text('defaultContentLanguage = "fr"\n[languages.fr]\ncontentDir = "content/fr"\n'
                                        '[languages.en]\ncontentDir = "content/en"\n'
                                        '[permalinks]\nnews = "/news/:slug/"\nfiles = "/files/:filename/"\n', encoding="utf-8")
    for name in ("news/titre.md", "files/fiche.md", "pages/page.md"):
        (tmp_path / "content/fr" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content/fr" / name).write_text("---\ntitle: Un Titre\n---\nDu texte.\n", encoding="utf-8")
    run(tmp_path, "init", "--source-lang", "fr", "--lang", "en")
    run(tmp_path, "extract")
    names = ("news/titre.po", "files/fiche.po", "pages/page.po")
    slugs = {name: [e.msgid for e in polib.pofile(str(tmp_path / "locales/en" / name)) if e.msgctxt == "slug"] for name in names}
    assert slugs == {"news/titre.po": ["un-titre"], "files/fiche.po": [], "pages/page.po": ["page"]}
    for name in names:
        catalog = polib.pofile(str(tmp_path / "locales/en" / name))
        for entry in catalog:
            entry.msgstr = {"Un Titre": "A Title", "Du texte.": "Some text.", "un-titre": "a-title", "page": "a-page"}[entry.msgid]
        catalog.save()
    assert run(tmp_path, "build", "--lang", "en").exit_code == 0
    pages = json.loads((tmp_path / ".i18npub-cache/pages-en.json").read_text(encoding="utf-8"))["pages"]
    assert {name: page["url"] for name, page in pages.items()} == {
        "news/titre.md": "/en/news/a-title/", "files/fiche.md": "/en/files/fiche/", "pages/page.md": "/en/pages/a-page/"}


def test_a_translation_keeps_the_source_translation_key_or_gets_the_source_path(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("exclude: [i18npub.toml]\n", encoding="utf-8")
    (tmp_path / "accueil.md").write_text("---\ntitle: Accueil\nref: home\n---\n", encoding="utf-8")
    (tmp_path / "aide.md").write_text("---\ntitle: Aide\n---\n", encoding="utf-8")
    run(tmp_path, "init", "--source-lang", "fr", "--lang", "en")
    run(tmp_path, "extract")
    for name, title in (("accueil", "Home"), ("aide", "Help")):
        catalog = polib.pofile(str(tmp_path / f"_locales/en/{name}.po"))
        next(e for e in catalog if e.msgctxt is None).msgstr = title
        catalog.save()
    assert run(tmp_path, "build", "--lang", "en").exit_code == 0
    assert (tmp_path / "en/accueil.md").read_text(encoding="utf-8") == "---\ntitle: Home\nref: home\nlang: en\npermalink: /en/accueil.html\n---\n"
    assert (tmp_path / "en/aide.md").read_text(encoding="utf-8") == "---\ntitle: Help\nlang: en\nref: aide\npermalink: /en/aide.html\n---\n"


def built_hugo_page(root: Path, config: str, name: str, text: str, title: str) -> str:
    """A Hugo site of one French page, its title translated as `title`, built: the English page."""
    (root / "hugo.toml").write_text(config, encoding="utf-8")
    (root / "content/fr").mkdir(parents=True)
    (root / "content/fr" / name).write_text(text, encoding="utf-8")
    run(root, "init", "--source-lang", "fr", "--lang", "en")
    run(root, "extract")
    catalog = polib.pofile(str(root / "locales/en" / name.replace(".md", ".po")))
    catalog[0].msgstr = title
    catalog.save()
    assert run(root, "build", "--lang", "en").exit_code == 0
    return (root / "content/en" / name).read_text(encoding="utf-8")


def test_a_hugo_translation_is_paired_by_its_path(tmp_path: Path) -> None:
    config = '[languages.fr]\ncontentDir = "content/fr"\n[languages.en]\ncontentDir = "content/en"\n'
    assert built_hugo_page(tmp_path, config, "_index.md", "---\ntitle: Accueil\n---\n", "Home") == "---\ntitle: Home\n---\n"


def test_a_hugo_page_with_its_own_url_gets_it_under_the_language_prefix(tmp_path: Path) -> None:
    """Hugo takes a `url` as it is: the translation's must carry `/en` itself."""
    config = 'defaultContentLanguage = "fr"\n[languages.fr]\ncontentDir = "content/fr"\n[languages.en]\ncontentDir = "content/en"\n'
    page = built_hugo_page(tmp_path, config, "apropos.md", "---\ntitle: À propos\nurl: /a-propos/\n---\n", "About")
    assert page == "---\ntitle: About\nurl: /en/a-propos/\n---\n"
    pages = json.loads((tmp_path / ".i18npub-cache/pages-en.json").read_text(encoding="utf-8"))["pages"]
    assert (pages["apropos.md"]["url"], pages["apropos.md"]["source_url"]) == ("/en/a-propos/", "/a-propos/")
