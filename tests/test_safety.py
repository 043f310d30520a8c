"""Safe on disk: one writing command at a time (the site lock), short temporary names that the
next run cleans up after a kill, article names and output paths checked, and catalog saves that
merge with what a translator's editor saved meanwhile."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path


from i18npub.core.catalog import State
from i18npub.core.pofile import parse_catalog, render_catalog
from i18npub.mt.pseudo import PseudoProvider
from i18npub.site import files as fsutil
from i18npub.site.config import load_config
from i18npub.site.layout import UNSAFE_IN_NAMES, Site
from i18npub.site.lock import site_lock
from i18npub.stages import extract as extract_module
from i18npub.stages.extract import extract_site
from i18npub.stages.review import Reviewer, Terminal, review
from i18npub.stages.translate import DRAFT_MARK, TranslateOptions, translate_site
from quality_site import Unit
from quality_site import make_site as make_catalog_site
from sites import ARTICLE, make_site, run, snapshot

REVIEWER = Reviewer("Ana", "2026-12-01")
ADDED = "\nUn paragraphe ajouté pendant que d'autres travaillent.\n"


def catalog_of(site: Path, article: str = "article.md"):
    return parse_catalog((site / "locales/en" / article.replace(".md", ".po")).read_text(encoding="utf-8"), "x")


def translated(site: Path) -> Path:
    """The site's catalogs drafted, and every draft accepted as a translator would."""
    assert run(site, "extract").exit_code == 0
    assert run(site, "translate", "--lang", "en", "--provider", "pseudo").exit_code == 0
    for po in (site / "locales/en").rglob("*.po"):
        save_as_an_editor(po, lambda catalog: [setattr(e, "flags", []) for e in catalog.entries])
    return site


def save_as_an_editor(path: Path, change) -> None:
    """What Poedit does, knowing nothing of our lock: read, change, write a new file, rename."""
    catalog = parse_catalog(path.read_text(encoding="utf-8"), str(path))
    change(catalog)
    path.with_name(path.name + "~").write_text(render_catalog(catalog), encoding="utf-8")
    os.replace(path.with_name(path.name + "~"), path)


# --- the site lock ----------------------------------------------------------------------------


def test_a_second_writing_command_is_refused_naming_the_first(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    assert run(site, "extract").exit_code == 0
    before = snapshot(site / "locales")
    with site_lock(site, "translate"):
        for command in (["extract"], ["translate", "--lang", "en", "--provider", "pseudo"], ["build", "--lang", "en"]):
            result = run(site, *command, "--wait", "0")
            assert result.exit_code == 1, command
            assert f"another i18npub (translate, pid {os.getpid()}) is writing this site" in result.output
        # reading commands do not wait
        assert run(site, "check").exit_code == 0
        assert run(site, "status", "--format", "json").exit_code == 0
    assert snapshot(site / "locales") == before
    assert not (site / "content/en").exists()


def test_a_waiting_command_runs_once_the_first_is_done(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    held, release = threading.Event(), threading.Event()

    def other_command() -> None:
        with site_lock(site, "build"):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=other_command)
    holder.start()
    held.wait(30)
    threading.Timer(0.3, release.set).start()
    result = run(site, "extract", "--wait", "60")
    holder.join()
    assert result.exit_code == 0 and (site / "locales/en/article.po").is_file()


def test_review_saves_wait_for_the_lock_and_a_refused_save_can_be_retried(tmp_path: Path) -> None:
    make_catalog_site(tmp_path, {"news.md": [Unit("Une actualité", "A news item", fuzzy=True)]})
    po = tmp_path / "locales/en/news.po"
    before = po.read_text()
    other = site_lock(tmp_path, "extract")
    other.__enter__()
    calls = []

    def read_line() -> str | None:
        calls.append(1)
        if len(calls) == 2:  # the other command is done: the reviewer answers again
            other.__exit__(None, None, None)
        return "a" if len(calls) <= 2 else None

    out = io.StringIO()
    config = load_config(tmp_path)
    result = review(Site(config), "en", ["news.md"], Terminal(read_line, out.write), REVIEWER, wait=0)
    assert f"Not saved: another i18npub (extract, pid {os.getpid()}) is writing this site" in out.getvalue()
    assert result.accepted == 1
    assert po.read_text() == before.replace("#, fuzzy\n", "").replace("#. paragraph", "# reviewed: Ana 2026-12-01\n#. paragraph")


KILLED_WRITER = """
import os, sys
from pathlib import Path
from i18npub.site import files
from i18npub.site.lock import site_lock
root = Path(sys.argv[1])
with site_lock(root, "extract"):
    os.replace = lambda *args: os.kill(os.getpid(), 9)  # killed between writing and renaming
    files.write_atomic(root / "locales/en/article.po", "half done")
"""


def test_a_killed_command_leaves_no_lock_and_the_next_removes_its_temporaries(tmp_path: Path, monkeypatch) -> None:
    site = make_site(tmp_path)
    assert run(site, "extract").exit_code == 0
    catalog = (site / "locales/en/article.po").read_bytes()
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(site)], capture_output=True)
    assert killed.returncode == -9
    left = list((site / "locales/en").glob(f"{fsutil.TEMP_PREFIX}*"))
    assert len(left) == 1 and len(left[0].name) < 40

    # meanwhile a live writer that knows no lock (`status --output`) has a temporary of its own
    live = site / "locales/en/report.html"
    renaming, resume = threading.Event(), threading.Event()
    replace = os.replace

    def slow_replace(source, target):
        if Path(target) == live:
            renaming.set()
            resume.wait(30)
        replace(source, target)

    monkeypatch.setattr(os, "replace", slow_replace)
    writer = threading.Thread(target=fsutil.write_atomic, args=(live, "report"))
    writer.start()
    renaming.wait(30)

    result = run(site, "extract", "--wait", "0")
    assert result.exit_code == 0, result.output
    remaining = list((site / "locales/en").glob(f"{fsutil.TEMP_PREFIX}*"))
    resume.set()
    writer.join()
    assert len(remaining) == 1 and remaining[0] != left[0]  # the dead one went, the live one stayed
    assert live.read_text() == "report"
    assert (site / "locales/en/article.po").read_bytes() == catalog
    assert not list(site.rglob(f"{fsutil.TEMP_PREFIX}*"))


# --- names and output paths -------------------------------------------------------------------


def test_long_article_names_are_written(tmp_path: Path) -> None:
    # 237 characters, like the site's longest: a temporary named after the file would not fit
    name = "_communiques/" + ("communique-" * 21)[:228] + ".markdown"
    site = translated(make_site(tmp_path, {name: ARTICLE}))
    result = run(site, "build", "--lang", "en")
    assert result.exit_code == 0 and "1 written" in result.output
    assert (site / "content/en" / name).is_file()


def test_an_output_that_is_a_link_to_a_source_is_not_written(tmp_path: Path) -> None:
    site = translated(make_site(tmp_path, {"a.md": ARTICLE}))
    source = site / "content/fr/a.md"
    before = source.read_bytes()
    (site / "content/en").mkdir(parents=True, exist_ok=True)
    (site / "content/en/a.md").symlink_to(source)
    result = run(site, "build", "--lang", "en")
    assert result.exit_code == 1 and "not written: it is a source" in result.output
    assert source.read_bytes() == before


def test_article_names_with_control_characters_are_refused_by_name(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"ok.md": ARTICLE, "a\tb.md": ARTICLE, "sub/c\nd.md": ARTICLE})
    result = run(site, "extract")
    assert result.exit_code == 1
    assert "article names with control characters" in result.output
    assert "'a\\tb.md' (U+0009)" in result.output and "'sub/c\\nd.md' (U+000A)" in result.output
    assert not (site / "locales").exists()


def test_the_characters_refused_in_names_are_unicodes_control_separator_and_surrogate_ones() -> None:
    refused = {c for c in map(chr, range(sys.maxunicode + 1)) if UNSAFE_IN_NAMES.match(c)}
    assert refused == {c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs")}


def _configure(site: Path, key: str, value: str) -> None:
    config = site / "i18npub.toml"
    lines = [f'{key} = "{value}"' if line.startswith(f"{key} =") else line for line in config.read_text().splitlines()]
    config.write_text("\n".join(lines) + "\n")


def test_build_never_writes_into_the_source_or_locales_folder(tmp_path: Path) -> None:
    # the reported defect: output_dir equal to the source folder replaced the French originals
    # with the English versions, and build said "1 written"
    site = translated(make_site(tmp_path))
    sources, catalogs = snapshot(site / "content/fr"), snapshot(site / "locales")
    for folder in ("content/fr", "content/fr/../fr", "locales", "locales/en"):
        _configure(site, "output_dir", folder)
        for options in ([], ["--prune"]):
            result = run(site, "build", "--lang", "en", *options)
            assert result.exit_code != 0, (folder, result.output)
            assert "1 written" not in result.output and ("not written" in result.output or "read as a source" in result.output)
    assert snapshot(site / "content/fr") == sources and snapshot(site / "locales") == catalogs


def test_outputs_never_go_through_a_symbolic_link_out_of_the_site(tmp_path: Path) -> None:
    site = translated(make_site(tmp_path / "site", {"a.md": ARTICLE, "pages/b.md": ARTICLE}))
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "content/en").symlink_to(outside)
    result = run(site, "build", "--lang", "en")
    assert result.exit_code == 1 and "content/en/a.md: not written: its folder is outside the site root" in result.output
    assert not list(outside.iterdir())
    # a link inside the output folder to the sources: the configuration is refused
    (site / "content/en").unlink()
    (site / "content/en").mkdir()
    (site / "content/en/pages").symlink_to(site / "content/fr/pages")
    sources = snapshot(site / "content/fr")
    result = run(site, "build", "--lang", "en")
    assert result.exit_code == 2 and "read as a source" in result.output
    assert snapshot(site / "content/fr") == sources


def test_prune_never_removes_what_a_wrong_record_names(tmp_path: Path) -> None:
    site = translated(make_site(tmp_path / "site", {"a.md": ARTICLE}))
    assert run(site, "build", "--lang", "en").exit_code == 0
    (site / "content/fr/a.md").write_text(ARTICLE.replace("Premier paragraphe", "Un paragraphe changé"), encoding="utf-8")
    record = site / ".i18npub-cache/pages-en.json"
    record.write_text(record.read_text().replace('"content/en/a.md"', '"content/fr/a.md"'))  # edited by hand, or stale
    sources = snapshot(site / "content/fr")
    result = run(site, "build", "--lang", "en", "--prune")
    assert "content/fr/a.md: not written: it is a source" in result.output
    assert snapshot(site / "content/fr") == sources


# --- saves merge with what others saved meanwhile ---------------------------------------------


def test_translate_keeps_what_extract_and_a_translator_saved_while_it_worked(tmp_path: Path, monkeypatch) -> None:
    site = make_site(tmp_path)
    assert run(site, "extract").exit_code == 0
    po = site / "locales/en/article.po"
    config = load_config(site)
    real = PseudoProvider.translate
    calls = []

    def meanwhile(self, texts):
        if not calls:
            # an author's new paragraph extracted (as when extract was not yet under the lock)...
            with open(site / "content/fr/article.md", "a", encoding="utf-8") as handle:
                handle.write(ADDED)
            extract_site(Site(config))

            # ...and a translator's work saved from an editor
            def translate_two(catalog):
                entries = {e.msgid: e for e in catalog.active}
                entries["Premier intertitre"].msgstr = "First subheading"
                entries["un autre élément"].translator_comments.append("ask the author")

            save_as_an_editor(po, translate_two)
        calls.append(texts)
        return real(self, texts)

    monkeypatch.setattr(PseudoProvider, "translate", meanwhile)
    report = translate_site(Site(config), TranslateOptions(lang="en", provider="pseudo"))
    catalog = catalog_of(site)
    entries = {e.msgid: e for e in catalog.active}
    assert "Un paragraphe ajouté pendant que d'autres travaillent." in entries  # extract's work
    added = entries.pop("Un paragraphe ajouté pendant que d'autres travaillent.")
    assert added.state is State.UNTRANSLATED  # it came after translate read the catalog
    heading, list_item = entries["Premier intertitre"], entries["un autre élément"]
    assert heading.msgstr == "First subheading" and heading.state is State.TRANSLATED
    assert list_item.state is State.FUZZY
    assert list_item.translator_comments[0] == "ask the author" and list_item.translator_comments[1].startswith(DRAFT_MARK)
    drafts = [e for e in catalog.active if e.state is State.FUZZY]
    assert len(drafts) == len(entries) - 1 == report.drafted  # reported: what is on disk


def test_extract_keeps_a_translation_saved_while_it_merged(tmp_path: Path, monkeypatch) -> None:
    site = make_site(tmp_path)
    assert run(site, "extract").exit_code == 0
    po = site / "locales/en/article.po"
    real = extract_module.merge
    calls = []

    def merge_while_the_translator_saves(old, template, header):
        if not calls:
            save_as_an_editor(po, lambda catalog: setattr(catalog.active[0], "msgstr", "A test title"))
        calls.append(1)
        return real(old, template, header)

    monkeypatch.setattr(extract_module, "merge", merge_while_the_translator_saves)
    with open(site / "content/fr/article.md", "a", encoding="utf-8") as handle:
        handle.write(ADDED)
    result = run(site, "extract")
    assert result.exit_code == 0 and "1 catalogs written" in result.output
    assert len(calls) == 2  # merged again, with the file as the translator left it
    entries = {e.msgid: e for e in catalog_of(site).active}
    assert entries["Un titre de test"].msgstr == "A test title"
    assert "Un paragraphe ajouté pendant que d'autres travaillent." in entries


def test_review_decisions_never_overwrite_what_was_saved_meanwhile(tmp_path: Path) -> None:
    make_catalog_site(tmp_path, {"guide.md": [
        Unit("Un texte qu'un autre corrige", "A draft", fuzzy=True),
        Unit("Un texte qu'un autre accepte", "Another draft", fuzzy=True),
        Unit("Un texte à rejeter", "A bad draft", fuzzy=True),
        Unit("Un texte à traduire"),
    ]})
    po = tmp_path / "locales/en/guide.po"

    def in_the_editor(catalog) -> None:
        corrected, accepted, _, untranslated = catalog.active
        corrected.msgstr = "Their correction"
        accepted.fuzzy = False
        untranslated.msgstr = "Their translation"

    answers = iter(["editor saves", "a", "r"])

    def read_line() -> str | None:
        answer = next(answers, None)
        if answer == "editor saves":  # while the first draft is shown
            save_as_an_editor(po, in_the_editor)
            answer = next(answers)
        return answer

    out = io.StringIO()
    result = review(Site(load_config(tmp_path)), "en", ["guide.md"], Terminal(read_line, out.write), REVIEWER)
    assert "Not saved: someone changed this entry in the file meanwhile" in out.getvalue()
    assert (result.accepted, result.rejected) == (0, 1)
    corrected, accepted, rejected, translated = catalog_of(tmp_path, "guide.md").active
    assert (corrected.msgstr, corrected.fuzzy) == ("Their correction", True)
    assert (accepted.msgstr, accepted.fuzzy) == ("Another draft", False)
    assert (rejected.msgstr, rejected.fuzzy) == ("", False)
    assert (translated.msgstr, translated.fuzzy) == ("Their translation", False)


def test_catalogs_in_another_charset_are_updated_not_taken_for_changed(tmp_path: Path) -> None:
    # a translator's tool saved it in ISO-8859-1: extract and translate compare what they read
    # with the file decoded the same way
    site = make_site(tmp_path)
    assert run(site, "extract").exit_code == 0
    po = site / "locales/en/article.po"
    text = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    po.write_bytes(text.replace('msgid "Un titre de test"\nmsgstr ""', 'msgid "Un titre de test"\nmsgstr "Un été"').encode("latin-1"))
    with open(site / "content/fr/article.md", "a", encoding="utf-8") as handle:
        handle.write(ADDED)
    result = run(site, "extract")
    assert result.exit_code == 0 and "1 catalogs written" in result.output, result.output
    assert run(site, "translate", "--lang", "en", "--provider", "pseudo").exit_code == 0
    entries = {e.msgid: e for e in catalog_of(site).active}
    assert entries["Un titre de test"].msgstr == "Un été"
    assert entries["Un paragraphe ajouté pendant que d'autres travaillent."].state is State.FUZZY
