"""Incremental runs and parallel runs give exactly what a cold, in-process run gives (extract,
build, check and status).

Three copies of a small Jekyll site (its pages link to each other, so a build's outputs depend on
the other articles' plans) go through the same scripted edits: a translator's work, a source
edited, a catalog edited, a translated slug changed, the configuration changed, outputs deleted
or edited by hand, a same-size edit that keeps the old modification time, a catalog and an
article deleted. After each edit every copy runs extract, build, build --include-fuzzy, check and
status: one with its records (incremental), one without (its records removed first: cold), one
incremental with the pool forced on every command. Their files and reports must be the same.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from i18npub.core.pofile import render_catalog
from i18npub.site.catalogs import read_catalog
from i18npub.site.config import load_config
from i18npub.site.layout import Site
from i18npub.site import record as record_module
from i18npub.site.record import RECORD_DIR, Record, digest, site_context
from i18npub.stages import pool
from i18npub.stages import build as build_module
from i18npub.stages import check as check_module
from i18npub.stages.build import BuildOptions, build_site
from i18npub.stages.check import check_site
from i18npub.stages.extract import extract_site
from i18npub.stages.status import site_status, status_json

from sites import run

JEKYLL_CONFIG = """url: https://exemple.gouv.fr
collections:
  actualites:
    output: true
    permalink: /actualites/:title/
exclude: [i18npub.toml]
"""

ARTICLES = {
    "a.md": "---\ntitle: L'article A\n---\n\n## Un intertitre\n\nVoir [l'article B](/actualites/b/) et [C]({% link _actualites/c.md %}).\n\nUn second paragraphe.\n",
    "b.md": "---\ntitle: L'article B\n---\n\nLe texte de B, qui renvoie à [A](https://exemple.gouv.fr/actualites/a/).\n",
    "c.md": "---\ntitle: L'article C\n---\n\nLe texte de C.\n\n## Une section\n\nLire [A](../a/#un-intertitre).\n",
}


def make_jekyll_site(root: Path) -> Path:
    (root / "_actualites").mkdir(parents=True)
    (root / "_config.yml").write_text(JEKYLL_CONFIG, encoding="utf-8")
    for name, text in ARTICLES.items():
        (root / "_actualites" / name).write_text(text, encoding="utf-8")
    assert run(root, "init", "--source-lang", "fr", "--lang", "en").exit_code == 0
    return root


def catalog_path(root: Path, article: str) -> Path:
    return root / "_locales" / "en" / "_actualites" / f"{article}.po"


def edit_catalog(root: Path, article: str, change: Callable) -> None:
    """A translator's editor: the catalog read, `change(entry)` for each entry, saved."""
    path = catalog_path(root, article)
    catalog = read_catalog(path)
    for entry in catalog.entries:
        change(entry)
    path.write_text(render_catalog(catalog), encoding="utf-8")


def translate_all(root: Path) -> None:
    def translate(entry) -> None:
        if entry.msgctxt == "slug":
            entry.msgstr = entry.msgid + "-en"
        elif not entry.msgstr:
            entry.msgstr = "EN " + entry.msgid
    for article in ("a", "b", "c"):
        edit_catalog(root, article, translate)


def set_slug(root: Path, article: str, slug: str) -> None:
    edit_catalog(root, article, lambda e: setattr(e, "msgstr", slug) if e.msgctxt == "slug" else None)


def draft(root: Path) -> None:
    def change(entry) -> None:
        if entry.msgid == "Un second paragraphe.":
            entry.msgstr, entry.flags = "A draft", [*entry.flags, "fuzzy"]
    edit_catalog(root, "a", change)


def same_size_edit_keeping_mtime(root: Path) -> None:
    path = root / "_actualites" / "b.md"
    status = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Le texte", "Le teXte"), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


def output(root: Path, article: str) -> Path:
    return root / "_actualites" / "en" / f"{article}-en.md"


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def set_setting(root: Path, old: str, new: str) -> None:
    path = root / "i18npub.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("first run", lambda root: None),
    ("everything translated", translate_all),
    ("nothing changed", lambda root: None),
    ("a source edited", lambda root: append(root / "_actualites" / "a.md", "\nUn paragraphe ajouté.\n")),
    ("the new unit translated", translate_all),
    ("a catalog edited by a translator", lambda root: edit_catalog(root, "b", lambda e: setattr(e, "msgstr", e.msgstr.replace("EN", "In English:")))),
    ("B's slug translated again", lambda root: set_slug(root, "b", "the-b-article")),
    ("a draft", draft),
    ("the configuration changed", lambda root: set_setting(root, "heading_ids = true", "heading_ids = false")),
    ("an output deleted", lambda root: output(root, "c").unlink()),
    ("an output edited by hand", lambda root: append(output(root, "a"), "edited by hand\n")),
    ("a same-size edit keeping the mtime", same_size_edit_keeping_mtime),
    ("a catalog deleted", lambda root: catalog_path(root, "c").unlink()),
    ("an article deleted", lambda root: (root / "_actualites" / "c.md").unlink()),
]


def reports(root: Path, prune: bool) -> dict:
    """What every command reports, as plain data."""
    def results(report) -> list:
        return [(r.article, r.outcome, r.reason, r.units, r.translated, r.done, str(r.error)) for r in report.results]
    site = Site(load_config(root))
    extract = extract_site(site)
    out = {"extract": (results(extract), [str(e) for e in extract.errors], extract.templates_written, extract.catalogs_written)}
    for preview in (False, True):
        site = Site(load_config(root))
        build = build_site(site, BuildOptions("en", include_fuzzy=preview, prune=prune))
        out[f"build preview={preview}"] = (results(build), [str(e) for e in build.errors], build.links_localized, build.links_untranslated)
    check = check_site(Site(load_config(root)), ["en"])
    out["check"] = ([dataclasses.astuple(f) for f in check.findings], check.catalogs, check.entries_checked)
    out["status"] = status_json(site_status(Site(load_config(root)), ["en"]))
    return out


_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*$', re.M)


def files(root: Path) -> dict[str, bytes]:
    """The site's files, without the records (the cold copy has none) and with the catalogs'
    dates blanked (the copies may run in different minutes)."""
    return {p.relative_to(root).as_posix(): _DATES.sub(rb'"\1: -', p.read_bytes())
            for p in sorted(root.rglob("*"))
            if p.is_file() and not (p.parent.name == RECORD_DIR and p.name.startswith("records-"))}


def cold(root: Path) -> None:
    for record in (root / RECORD_DIR).glob("records-*.json"):
        record.unlink()


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="a pool needs two cores")
def test_incremental_and_parallel_runs_give_what_a_cold_run_gives(tmp_path, monkeypatch):
    incremental = make_jekyll_site(tmp_path / "incremental")
    from_scratch = tmp_path / "cold"
    parallel = tmp_path / "parallel"
    shutil.copytree(incremental, from_scratch)
    shutil.copytree(incremental, parallel)
    a_outputs = []
    for number, (name, edit) in enumerate(EDITS):
        prune = number == len(EDITS) - 1
        expected = None
        for root in (from_scratch, incremental, parallel):
            edit(root)
            if root is from_scratch:
                cold(root)
            monkeypatch.setattr(pool, "PARALLEL_FROM", 0 if root is parallel else 10**9)
            got = reports(root, prune)
            if expected is None:
                expected = got, files(from_scratch)
                continue
            assert got == expected[0], f"{name}: {root.name}'s reports differ from a cold run's"
            assert files(root) == expected[1], f"{name}: {root.name}'s files differ from a cold run's"
        a_outputs.append(output(incremental, "a").read_text(encoding="utf-8") if output(incremental, "a").exists() else "")
    # the runs did what the edits called for: A links to B's translation, at its new slug once
    # B's changed; the outputs of articles no longer published are pruned
    assert "(/en/actualites/b-en/)" in a_outputs[2]
    assert "(/en/actualites/the-b-article/)" in a_outputs[6] and "the-b-article" not in a_outputs[5]
    assert not output(incremental, "c").exists()


def test_a_no_op_run_reads_no_article(tmp_path, monkeypatch):
    """Once on record, an unchanged article is not read again, by any command."""
    root = make_jekyll_site(tmp_path / "site")
    extract_site(Site(load_config(root)))
    translate_all(root)
    for _ in range(2):
        reports(root, prune=False)
    monkeypatch.setattr(Site, "read_source", lambda self, name: pytest.fail(f"{name} was read again"))
    first = reports(root, prune=False)
    assert [r[1].value for r in first["extract"][0]] == ["unchanged"] * 3
    assert [r[1].value for r in first["build preview=False"][0]] == ["unchanged"] * 3


def test_the_tool_s_code_changed_under_its_version_makes_every_article_read_again(tmp_path, monkeypatch):
    """An editable install, or another commit checked out: same version, other code."""
    package = tmp_path / "package"
    shutil.copytree(Path(record_module.__file__).parents[1], package, ignore=shutil.ignore_patterns("__pycache__"))
    before = record_module.code_stamp(package)
    os.utime(package / "site" / "record.py", ns=(0, 1_000_000_000))
    assert record_module.code_stamp(package) != before

    root = make_jekyll_site(tmp_path / "site")
    extract_site(Site(load_config(root)))
    reports(root, prune=False)
    monkeypatch.setattr(record_module, "tool_identity", lambda: "0.1.0 other code")
    read: list[str] = []
    monkeypatch.setattr(Site, "read_source", lambda self, name, read_source=Site.read_source: read.append(name) or read_source(self, name))
    extract_site(Site(load_config(root)))
    assert len(read) == 3


def forget_builds(root: Path) -> None:
    for record in (root / RECORD_DIR).glob("records-build-*"):
        record.unlink()


def _findings_counted(monkeypatch) -> list[str]:
    """The articles whose findings a build or a status finds itself, as it finds them."""
    counted: list[str] = []
    real = build_module.article_findings
    for module in (build_module, check_module):
        monkeypatch.setattr(module, "article_findings", lambda article, *args, **kwargs: counted.append(article.path) or real(article, *args, **kwargs))
    return counted


def test_build_and_status_take_the_findings_of_the_last_check_of_the_very_files_they_read(tmp_path, monkeypatch):
    """After `check`, a build with no record of its own (its options changed, its outputs gone)
    publishes what a build that checks everything again publishes, and a status reports what it
    reports, without checking again the catalogs `check` read as they are; one edited since is
    checked again."""
    checked = make_jekyll_site(tmp_path / "checked")
    extract_site(Site(load_config(checked)))
    translate_all(checked)
    edit_catalog(checked, "a", lambda e: setattr(e, "msgstr", "See article B and [C]({% link _actualites/c.md %}).") if e.msgid.startswith("Voir") else None)
    edit_catalog(checked, "b", lambda e: setattr(e, "msgstr", e.msgstr + ' <img src=x onerror="alert(1)">') if e.msgid.startswith("Le texte") else None)
    edit_catalog(checked, "c", lambda e: setattr(e, "msgstr", "In 2024, the text of C.") if e.msgid == "Le texte de C." else None)  # a warning
    unchecked = tmp_path / "unchecked"
    shutil.copytree(checked, unchecked)
    monkeypatch.setattr(pool, "PARALLEL_FROM", 10**9)
    check = check_site(Site(load_config(checked)), ["en"])
    assert {(Path(f.po_file).stem, f.code) for f in check.findings if f.severity.value == "error"} == {("a", "link-target"), ("b", "unsafe-html")}
    assert ("c", "numbers") in {(Path(f.po_file).stem, f.code) for f in check.findings}
    # what build and status read of it: the errors alone (a site's warnings may be many)
    site = Site(load_config(checked))
    errors = check_module.check_record(site, "en", site.policy, site_context(site), errors=True)
    assert {a: [f["code"] for f in e.result["findings"]] for a, e in errors.entries.items()} == {
        "_actualites/a.md": ["link-target"], "_actualites/b.md": ["unsafe-html"], "_actualites/c.md": []}

    counted = _findings_counted(monkeypatch)
    for force in (False, True):
        got = {}
        for root in (checked, unchecked):
            forget_builds(root)
            build = build_site(Site(load_config(root)), BuildOptions("en", force=force))
            got[root.name] = [(r.article, r.outcome, r.reason) for r in build.results], files(root)
        assert got["checked"] == got["unchecked"]
        assert [outcome.value for _, outcome, _ in got["checked"][0]] == (["skipped", "skipped", "written"] if not force else ["written", "skipped", "written"])
    assert sorted(counted) == sorted(2 * ["_actualites/a.md", "_actualites/b.md", "_actualites/c.md"])  # the unchecked site's builds alone

    counted.clear()
    statuses = {root.name: status_json(site_status(Site(load_config(root)), ["en"])) for root in (checked, unchecked)}
    assert statuses["checked"] == statuses["unchecked"] and "unsafe translation" in statuses["checked"]
    assert sorted(counted) == ["_actualites/a.md", "_actualites/b.md", "_actualites/c.md"]

    counted.clear()
    edit_catalog(checked, "c", lambda e: setattr(e, "msgstr", e.msgstr + " <script>alert(1)</script>") if e.msgid == "Le texte de C." else None)
    forget_builds(checked)
    build = build_site(Site(load_config(checked)), BuildOptions("en"))
    assert counted == ["_actualites/c.md"]
    assert [(r.article, r.outcome.value) for r in build.results][2] == ("_actualites/c.md", "skipped")

    # a check record whose findings were taken out by hand (or made on another machine) is none
    check_site(Site(load_config(checked)), ["en"])
    record = checked / RECORD_DIR / "records-check-errors-en.json"
    seal, _, text = record.read_text(encoding="utf-8").partition(" ")
    data = json.loads(text)
    for entry in data["articles"].values():
        entry["result"]["findings"] = []
    record.write_text(f"{seal} {json.dumps(data)}\n", encoding="utf-8")
    forget_builds(checked)
    build = build_site(Site(load_config(checked)), BuildOptions("en", force=True))
    assert [r.outcome.value for r in build.results][:3] == ["written", "skipped", "skipped"]


# --- the record's journal -------------------------------------------------------------------


def _record_site(root: Path, articles: int) -> list[str]:
    """Files for a record to fingerprint: one per article."""
    names = [f"a{i}.md" for i in range(articles)]
    for name in names:
        (root / name).write_text(f"{name}\n")
    return names


def _stored(root: Path, names: list[str], result: dict) -> Record:
    record = Record(root, "test", {})
    for name in names:
        record.store(name, {name: digest((root / name).read_bytes())}, result)
    record.save()
    return record


def test_a_run_that_redid_a_few_articles_appends_them_to_the_journal(tmp_path):
    names = _record_site(tmp_path, 20)
    _stored(tmp_path, names, {"n": 1})
    whole = (tmp_path / RECORD_DIR / "records-test.json").read_bytes()
    _stored(tmp_path, names[:2], {"n": 2})
    assert (tmp_path / RECORD_DIR / "records-test.json").read_bytes() == whole
    journal = (tmp_path / RECORD_DIR / "records-test.changes").read_text().splitlines()
    assert len(journal) == 2  # the two entries
    again = Record(tmp_path, "test", {})
    assert [again.unchanged(name) for name in names] == [{"n": 2}] * 2 + [{"n": 1}] * 18


def test_a_journaled_entry_may_hold_any_character(tmp_path):
    names = _record_site(tmp_path, 20)
    _stored(tmp_path, names, {"n": 1})
    _stored(tmp_path, names[:1], {"title": "Ligne\u2028séparée\x85 ici"})  # JSON leaves these as they are
    again = Record(tmp_path, "test", {})
    assert again.unchanged("a0.md") == {"title": "Ligne\u2028séparée\x85 ici"} and not again.whole


def test_a_journal_that_grew_to_half_the_record_is_folded_into_it(tmp_path):
    names = _record_site(tmp_path, 20)
    _stored(tmp_path, names, {"n": 1})
    for round_ in range(2, 12):
        _stored(tmp_path, names[:2], {"n": round_})
        if not (tmp_path / RECORD_DIR / "records-test.changes").exists():
            break
    else:
        pytest.fail("the journal was never folded into the record")
    assert json.loads((tmp_path / RECORD_DIR / "records-test.json").read_text().partition(" ")[2])["articles"]["a0.md"]["result"] == {"n": round_}
    again = Record(tmp_path, "test", {})
    assert again.unchanged("a0.md") == {"n": round_} and again.unchanged("a5.md") == {"n": 1}


def test_on_a_site_with_site_wide_values_build_and_status_take_the_findings_of_check_too(tmp_path, monkeypatch):
    """`check` compares an article with the site-wide entries it uses, as `build` splices them
    in: a build or a status after it finds nothing again, and publishes what one with no check
    record does; an edit of the site-wide catalog has them compared again."""
    from test_site_terms import SITE_PO, terms_site, translate, translate_articles

    roots = {name: terms_site(tmp_path / name) for name in ("checked", "unchecked")}
    for root in roots.values():
        translate_articles(root)
        translate(root / SITE_PO, {"Numérique": "Digital", "Données": '<img src=x onerror="alert(1)">'})
    monkeypatch.setattr(pool, "PARALLEL_FROM", 10**9)
    check_site(Site(load_config(roots["checked"])), ["en"])
    counted = _findings_counted(monkeypatch)
    got = {}
    for name, root in roots.items():
        build = build_site(Site(load_config(root)), BuildOptions("en", force=True))
        got[name] = [(r.article, r.outcome, r.reason) for r in build.results], status_json(site_status(Site(load_config(root)), ["en"]))
    assert got["checked"] == got["unchecked"]
    assert [outcome.value for _, outcome, _ in got["checked"][0]] == ["skipped", "skipped"]  # both use the unsafe value
    assert sorted(counted) == sorted(2 * ["content/fr/a.md", "content/fr/b.md"])  # the unchecked site's build and status alone

    counted.clear()
    translate(roots["checked"] / SITE_PO, {"Données": "Data"})
    forget_builds(roots["checked"])
    build = build_site(Site(load_config(roots["checked"])), BuildOptions("en"))
    assert [r.outcome.value for r in build.results] == ["written", "written"] and sorted(counted) == ["content/fr/a.md", "content/fr/b.md"]


def test_lines_appended_by_a_run_that_read_an_earlier_record_are_not_read(tmp_path):
    """A run that read the record under one configuration, and saves after another run wrote it
    whole under another one (and a third started a journal): its lines are not the record's."""
    names = _record_site(tmp_path, 20)
    _stored(tmp_path, names, {"n": 1})
    _stored(tmp_path, names[2:3], {"n": 1.5})  # a journal
    slow = Record(tmp_path, "test", {})
    slow.store(names[0], {names[0]: digest((tmp_path / names[0]).read_bytes())}, {"n": "old setting"})
    newer = Record(tmp_path, "test", {"setting": "new"})
    for name in names:
        newer.store(name, {name: digest((tmp_path / name).read_bytes())}, {"n": 2})
    newer.save()
    third = Record(tmp_path, "test", {"setting": "new"})
    third.store(names[1], {names[1]: digest((tmp_path / names[1]).read_bytes())}, {"n": 3})
    third.save()
    slow.save()  # it read the record before, and appends to the journal the third run started
    again = Record(tmp_path, "test", {"setting": "new"})
    assert [again.unchanged(name) for name in names[:3]] == [{"n": 2}, {"n": 3}, {"n": 2}]
    assert again.whole  # the line that is not its own is folded away by the next save


def test_a_record_not_sealed_on_this_machine_is_no_record(tmp_path, monkeypatch):
    """What a record or a journal line says is taken up only under this machine's seal: not once
    edited by hand, nor when it comes from another machine (committed to the site's repository)."""
    names = _record_site(tmp_path, 5)
    _stored(tmp_path, names, {"n": 1})
    _stored(tmp_path, names[:1], {"n": 2})  # in the journal
    path = tmp_path / RECORD_DIR / "records-test.json"
    journal = path.with_suffix(".changes")
    record, lines = path.read_text(), journal.read_text()
    assert [Record(tmp_path, "test", {}).unchanged(name) for name in names[:2]] == [{"n": 2}, {"n": 1}]

    journal.write_text(lines.replace('{"n":2}', '{"n":3}'))  # the line's seal kept
    assert [Record(tmp_path, "test", {}).unchanged(name) for name in names[:2]] == [{"n": 1}, {"n": 1}]
    path.write_text(record.replace('{"n":1}', '{"n":3}'))
    assert [Record(tmp_path, "test", {}).unchanged(name) for name in names[:2]] == [None, None]

    path.write_text(record)
    journal.write_text(lines)
    monkeypatch.setattr(record_module, "machine_key", lambda: bytes(32))  # another machine's
    assert [Record(tmp_path, "test", {}).unchanged(name) for name in names[:2]] == [None, None]


def test_the_key_that_seals_the_records_is_the_user_s_alone_and_outside_the_site(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    path = cache / "i18npub" / "record-key"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    record_module.machine_key.cache_clear()
    try:
        key = record_module.machine_key()
        assert path.stat().st_mode & 0o777 == 0o600 and bytes.fromhex(path.read_text()) == key
        record_module.machine_key.cache_clear()
        assert record_module.machine_key() == key  # the next run's
        # a key others may read (one a checkout wrote), or one half made by a run killed meanwhile, is replaced
        for planted, mode in (("00" * 32 + "\n", 0o644), ("", 0o600)):
            path.write_text(planted)
            path.chmod(mode)
            record_module.machine_key.cache_clear()
            made = record_module.machine_key()
            assert made not in (None, key, bytes(32)) and bytes.fromhex(path.read_text()) == made
            assert path.stat().st_mode & 0o777 == 0o600

        monkeypatch.setenv("XDG_CACHE_HOME", "cache")  # relative: ignored, as the specification says
        assert record_module.key_file() == Path.home() / ".cache" / "i18npub" / "record-key"

        site = tmp_path / "site"
        site.mkdir()
        names = _record_site(site, 2)
        for cache_home in (tmp_path / "not-a-folder", site / ".cache"):  # none can be kept; one inside the site
            (tmp_path / "not-a-folder").write_text("")
            monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
            record_module.machine_key.cache_clear()
            _stored(site, names, {"n": 1})
            assert [Record(site, "test", {}).unchanged(name) for name in names] == [None, None]
    finally:
        record_module.machine_key.cache_clear()  # the tests after take the user's key again


def test_a_journal_cut_short_or_beside_another_record_is_not_trusted(tmp_path):
    names = _record_site(tmp_path, 20)
    _stored(tmp_path, names, {"n": 1})
    _stored(tmp_path, names[:2], {"n": 2})
    journal = tmp_path / RECORD_DIR / "records-test.changes"
    lines = journal.read_text().splitlines(keepends=True)
    journal.write_text(lines[0] + lines[1][: len(lines[1]) // 2])  # a kill in the last line
    again = Record(tmp_path, "test", {})
    assert [again.unchanged(name) for name in names[:3]] == [{"n": 2}, {"n": 1}, {"n": 1}]
    (tmp_path / RECORD_DIR / "records-test.json").unlink()  # a new record, the old journal left beside it
    _stored(tmp_path, names[5:], {"n": 3})
    journal.write_text("".join(lines))
    again = Record(tmp_path, "test", {})
    assert [again.unchanged(name) for name in names[:2]] == [None, None]
    again.save()  # a journal it cannot read is folded away
    assert not journal.exists()
