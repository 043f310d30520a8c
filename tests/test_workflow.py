"""The core workflow through the CLI, in-process: init, extract, update, build."""

from __future__ import annotations

from pathlib import Path

import polib

from i18npub.site.config import load_config
from sites import ARTICLE, make_site, run, snapshot


def fill(po_path: Path, translate) -> None:
    po = polib.pofile(str(po_path))
    for entry in po:
        if not entry.obsolete:
            entry.msgstr = translate(entry.msgid)
    po.save(str(po_path))


def test_init_writes_config_and_refuses_to_overwrite(tmp_path: Path) -> None:
    make_site(tmp_path, langs=("en", "pt-BR"))
    config = load_config(tmp_path)
    assert config.source_lang == "fr" and config.languages == ["en", "pt_BR"]
    again = run(tmp_path, "init", "--source-lang", "fr", "--lang", "en")
    assert again.exit_code == 2 and "--force" in again.output
    assert run(tmp_path, "init", "--source-lang", "fr", "--lang", "de", "--force").exit_code == 0
    assert load_config(tmp_path).languages == ["de"]


def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "--source-lang", "fr", "--lang", "xx-nope")
    assert result.exit_code == 2 and "unknown language code 'xx-nope'" in result.output
    assert not (tmp_path / "i18npub.toml").exists()


def test_config_is_found_from_a_subfolder(tmp_path: Path) -> None:
    make_site(tmp_path)
    result = run(tmp_path / "content" / "fr", "extract")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "locales" / "templates" / "article.pot").is_file()


def test_extract_writes_templates_and_catalogs_in_sub_folders(tmp_path: Path) -> None:
    make_site(tmp_path, {"_actualites/une actu.markdown": ARTICLE, "page.md": ARTICLE}, langs=("en", "de"))
    assert run(tmp_path, "extract").exit_code == 0
    for path in ("templates/_actualites/une actu.pot", "en/_actualites/une actu.po", "de/page.po"):
        assert (tmp_path / "locales" / path).is_file()
    po = polib.pofile(str(tmp_path / "locales/de/page.po"))
    assert po.metadata["Language"] == "de"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert [e.comment for e in po][:3] == ["front matter: title", "front matter: chapeau-text", "heading"]
    assert po[2].msgid == "Premier intertitre" and po[2].occurrences == [("content/fr/page.md", "7")]


def test_extract_twice_changes_no_byte(tmp_path: Path) -> None:
    make_site(tmp_path)
    run(tmp_path, "extract")
    before = snapshot(tmp_path / "locales")
    result = run(tmp_path, "extract")
    assert "0 templates and 0 catalogs written" in result.output
    assert snapshot(tmp_path / "locales") == before


def test_update_keeps_translations_fuzzy_and_obsolete(tmp_path: Path) -> None:
    make_site(tmp_path)
    run(tmp_path, "extract")
    po_path = tmp_path / "locales/en/article.po"
    fill(po_path, lambda msgid: "EN " + msgid)
    po = polib.pofile(str(po_path))
    po.find("Premier paragraphe avec du **gras**.").tcomment = "checked by Anna"
    po.save(str(po_path))
    source = tmp_path / "content/fr/article.md"
    source.write_text(
        ARTICLE.replace("Deuxième paragraphe, qui sera modifié.", "Deuxième paragraphe, qui a été modifié.")
        .replace("Troisième paragraphe, qui sera supprimé.\n\n", ""),
        encoding="utf-8",
    )
    assert run(tmp_path, "extract").exit_code == 0
    po = polib.pofile(str(po_path))
    kept = po.find("Premier paragraphe avec du **gras**.")
    assert kept.msgstr == "EN Premier paragraphe avec du **gras**." and kept.tcomment == "checked by Anna"
    edited = po.find("Deuxième paragraphe, qui a été modifié.")
    assert "fuzzy" in edited.flags
    assert edited.previous_msgid == "Deuxième paragraphe, qui sera modifié."
    assert edited.msgstr == "EN Deuxième paragraphe, qui sera modifié."
    [gone] = po.obsolete_entries()
    assert gone.msgid == "Troisième paragraphe, qui sera supprimé."
    assert gone.msgstr == "EN Troisième paragraphe, qui sera supprimé."
    # the paragraph comes back: its translation is revived, not lost
    source.write_text(ARTICLE, encoding="utf-8")
    run(tmp_path, "extract")
    po = polib.pofile(str(po_path))
    assert po.find("Troisième paragraphe, qui sera supprimé.").msgstr.startswith("EN ")
    assert not po.obsolete_entries()


def test_build_splices_translations_and_adds_keys(tmp_path: Path) -> None:
    make_site(tmp_path)
    run(tmp_path, "extract")
    fill(tmp_path / "locales/en/article.po", lambda msgid: {
        "Un titre de test": "A test title",
        "Premier intertitre": "First heading",
        "Le chapeau avec un [lien](https://exemple.gouv.fr/){:target=\"_blank\"}.":
            "The standfirst: a [link](https://exemple.gouv.fr/){:target=\"_blank\"}.",
    }.get(msgid, "EN " + msgid))
    result = run(tmp_path, "build", "--lang", "en")
    assert result.exit_code == 0, result.output
    built = (tmp_path / "content/en/article.md").read_text(encoding="utf-8")
    assert built.startswith(
        "---\ntitle: A test title\ndate: 2024-01-02 10:00:00 +01:00\n"
        "chapeau-text: 'The standfirst: a [link](https://exemple.gouv.fr/){:target=\"_blank\"}.'\n"
        "lang: en\nref: article\n---\n\n## First heading\n"
    )
    assert "* EN un élément\n* EN un autre élément\n" in built


def test_untranslated_units_keep_the_source_and_fuzzy_needs_a_flag(tmp_path: Path) -> None:
    make_site(tmp_path)
    run(tmp_path, "extract")
    po_path = tmp_path / "locales/en/article.po"
    po = polib.pofile(str(po_path))
    po.find("Premier intertitre").msgstr = "First heading"
    draft = po.find("Premier paragraphe avec du **gras**.")
    draft.msgstr, draft.flags = "First paragraph in **bold**.", ["fuzzy"]
    po.save(str(po_path))
    assert run(tmp_path, "build", "--lang", "en", "--min-translated", "0").exit_code == 0
    built = (tmp_path / "content/en/article.md").read_text(encoding="utf-8")
    assert "## First heading" in built and "Premier paragraphe avec du **gras**." in built
    run(tmp_path, "build", "--lang", "en", "--min-translated", "0", "--include-fuzzy")
    preview = (tmp_path / ".i18npub-preview/content/en/article.md").read_text(encoding="utf-8")
    assert "First paragraph in **bold**." in preview  # a preview has the drafts, apart
    assert "First paragraph in **bold**." not in (tmp_path / "content/en/article.md").read_text(encoding="utf-8")
