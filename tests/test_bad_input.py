"""Bad input: a one-line error naming file and line, that article skipped, the others processed,
a non-zero exit; broken catalogs never overwritten; files written atomically."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from i18npub.site import files as fsutil
from sites import ARTICLE, make_site, run

needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
BROKEN_FRONT_MATTER = "---\ntitle: Un titre\ndate: [2024\n---\n\nTexte.\n"


def test_broken_front_matter_is_reported_and_the_rest_extracted(tmp_path: Path) -> None:
    make_site(tmp_path, {"ok.md": ARTICLE, "broken.md": BROKEN_FRONT_MATTER})
    result = run(tmp_path, "extract")
    assert result.exit_code == 1
    assert "error: content/fr/broken.md:4: invalid YAML front matter" in result.output
    assert (tmp_path / "locales/en/ok.po").is_file()
    assert not (tmp_path / "locales/en/broken.po").exists()


def test_unclosed_front_matter(tmp_path: Path) -> None:
    make_site(tmp_path, {"open.md": "---\ntitle: x\n\nTexte.\n"})
    result = run(tmp_path, "extract")
    assert result.exit_code == 1 and "content/fr/open.md:1: front matter is not closed" in result.output


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    make_site(tmp_path, {"ok.md": ARTICLE, "latin1.md": "---\ntitle: x\n---\n\nL'été\n".encode("latin-1")})
    result = run(tmp_path, "extract")
    assert result.exit_code == 1
    assert "error: content/fr/latin1.md:5: not valid UTF-8" in result.output
    assert (tmp_path / "locales/en/ok.po").is_file()
    build = run(tmp_path, "build", "--lang", "en", "--min-translated", "0")
    assert build.exit_code == 1 and "latin1.md:5" in build.output
    assert (tmp_path / "content/en/ok.md").is_file()


@needs_gettext
def test_a_character_no_catalog_can_hold_names_the_line(tmp_path: Path) -> None:
    """U+0004 ends a context for gettext: a catalog holding it is one msgfmt refuses."""
    make_site(tmp_path, {"ok.md": ARTICLE, "eot.md": "---\ntitle: x\n---\n\nUn texte\x04 étrange.\n"})
    result = run(tmp_path, "extract")
    assert result.exit_code == 1 and "error: content/fr/eot.md:5: the control character U+0004" in result.output
    assert not (tmp_path / "locales/en/eot.po").exists()
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(tmp_path / "locales/en/ok.po")], check=True)


def test_a_file_that_cannot_be_written_is_reported_and_the_rest_written(tmp_path: Path, monkeypatch) -> None:
    make_site(tmp_path, {"a.md": ARTICLE, "b.md": ARTICLE})
    replace = fsutil._replace

    def disk_full_for_a_po(path: Path, data: bytes, mode: int, *checks, **how) -> None:
        if path.name == "a.po":
            raise OSError(28, "No space left on device")
        replace(path, data, mode, *checks, **how)

    monkeypatch.setattr(fsutil, "_replace", disk_full_for_a_po)
    result = run(tmp_path, "extract")
    assert result.exit_code == 1 and "error: locales/en/a.po: cannot write: No space left on device" in result.output
    assert "2 templates and 1 catalogs written" in result.output
    assert (tmp_path / "locales/en/b.po").is_file() and not (tmp_path / "locales/en/a.po").exists()
    monkeypatch.undo()
    (tmp_path / "content/en/b.md").mkdir(parents=True)  # in the way of b's output
    build = run(tmp_path, "build", "--lang", "en", "--min-translated", "0")
    assert build.exit_code == 1 and "error: content/en/b.md: cannot write: Is a directory" in build.output
    assert (tmp_path / "content/en/a.md").is_file()


def test_an_unreadable_catalog_is_named_relative_to_the_site(tmp_path: Path) -> None:
    make_site(tmp_path, {"a.md": ARTICLE, "b.md": ARTICLE})
    (tmp_path / "locales/en/a.po").mkdir(parents=True)
    result = run(tmp_path, "extract")
    assert result.exit_code == 1 and "error: locales/en/a.po: cannot read: Is a directory" in result.output
    assert (tmp_path / "locales/en/b.po").is_file()


def test_missing_source_folder_is_a_configuration_error(tmp_path: Path) -> None:
    make_site(tmp_path, {})
    result = run(tmp_path, "extract")
    assert result.exit_code == 2 and "content/fr: source folder not found" in result.output


def test_no_configuration(tmp_path: Path) -> None:
    result = run(tmp_path, "extract")
    assert result.exit_code == 2 and "no i18npub.toml" in result.output


def test_broken_catalog_is_never_overwritten(tmp_path: Path) -> None:
    make_site(tmp_path, {"a.md": ARTICLE, "b.md": ARTICLE})
    run(tmp_path, "extract")
    broken = tmp_path / "locales/en/a.po"
    content = broken.read_text(encoding="utf-8") + '\nmsgid "dangling"\nmsgstr "x\n'
    broken.write_text(content, encoding="utf-8")
    (tmp_path / "content/fr/a.md").write_text(ARTICLE + "\nUn nouveau paragraphe.\n", encoding="utf-8")
    (tmp_path / "content/fr/b.md").write_text(ARTICLE + "\nUn nouveau paragraphe.\n", encoding="utf-8")
    result = run(tmp_path, "extract")
    assert result.exit_code == 1
    line = content.count("\n", 0, content.index('msgstr "x')) + 1
    assert f"error: locales/en/a.po:{line}:" in result.output
    assert broken.read_text(encoding="utf-8") == content
    assert "Un nouveau paragraphe." in (tmp_path / "locales/en/b.po").read_text(encoding="utf-8")
    build = run(tmp_path, "build", "--lang", "en", "--min-translated", "0")
    assert build.exit_code == 1 and f"locales/en/a.po:{line}" in build.output
    assert (tmp_path / "content/en/b.md").is_file()


def test_interrupted_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "catalog.po"
    target.write_text("old", encoding="utf-8")

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        fsutil.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.po"]


def test_read_bytes_reads_whole_files_even_those_without_a_size(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(b"\xef\xbb\xbfun\r\ndeux" * 10000)
    assert fsutil.read_bytes(target) == target.read_bytes()
    assert fsutil.read_bytes(Path("/proc/self/status")).startswith(b"Name:")  # st_size is 0
    with pytest.raises(IsADirectoryError):
        fsutil.read_bytes(tmp_path)


def test_rewritten_files_keep_their_permissions(tmp_path: Path) -> None:
    target = tmp_path / "catalog.po"
    assert fsutil.write_if_changed(target, "un")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o640)
    assert not fsutil.write_if_changed(target, "un")
    assert fsutil.write_if_changed(target, "deux")
    assert target.stat().st_mode & 0o777 == 0o640 and target.read_bytes() == "deux".encode()
    # the same when the caller has read the file already (extract)
    assert not fsutil.write_unless_same(target, "deux", "deux") and target.read_bytes() == b"deux"
    assert fsutil.write_unless_same(target, "trois", "deux")
    assert target.stat().st_mode & 0o777 == 0o640 and target.read_bytes() == b"trois"
    fresh = tmp_path / "sub" / "new.po"
    assert fsutil.write_unless_same(fresh, "un", None)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask and fresh.read_bytes() == b"un"


def test_an_unexpected_failure_on_one_article_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from i18npub.site import layout as project

    make_site(tmp_path, {"a.md": ARTICLE, "b.md": ARTICLE})
    real = project.parse

    def flaky(text, path, *args, **kwargs):
        if path.endswith("a.md"):
            raise ValueError("boom")
        return real(text, path, *args, **kwargs)

    monkeypatch.setattr(project, "parse", flaky)
    result = run(tmp_path, "extract")
    assert result.exit_code == 1
    assert "error: content/fr/a.md: internal error (ValueError: boom); please report it" in result.output
    assert (tmp_path / "locales/en/b.po").is_file()


def _editor_saves(path: Path, text: str) -> None:
    """A save as Poedit makes it: a new file renamed over the old."""
    (path.parent / "poedit-tmp").write_text(text, encoding="utf-8")
    os.replace(path.parent / "poedit-tmp", path)


@pytest.mark.skipif(fsutil._renameat2() is None, reason="no renameat2 here: a save in the rename's instant is lost")
@pytest.mark.parametrize(("existing", "saves"), [("deux", ["saved by a person"]), (None, ["saved by a person"]),
                                                 ("deux", ["saved by a person", "saved once more"])])
def test_a_save_in_the_instant_before_the_rename_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         existing: str | None, saves: list[str]) -> None:
    """A translator's editor knows no lock: a save that lands between the check that the file is
    still what the command read and the rename goes back in its place (the last one, if two do),
    and the command is told to merge again."""
    target = tmp_path / "catalog.po"
    if existing is not None:
        target.write_text(existing, encoding="utf-8")
    real = fsutil._holds
    pending = list(saves)

    def holds_then_a_save(at: Path, text: str | None, decode) -> bool:
        found = real(at, text, decode)
        if pending:  # right after each check, the editor saves
            _editor_saves(target, pending.pop(0))
        return found

    monkeypatch.setattr(fsutil, "_holds", holds_then_a_save)
    with pytest.raises(fsutil.ChangedMeanwhile):
        fsutil.write_unless_same(target, "trois", existing)
    assert target.read_text(encoding="utf-8") == saves[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.po"]


class _Killed(BaseException):
    """A kill, as far as the writer's own code goes: nothing of it runs past this point."""


def _a_save_then_after_the_swap(monkeypatch: pytest.MonkeyPatch, target: Path, then: type[BaseException]) -> None:
    """A translator saves `target` right after the writer's check that it is unchanged; `then`
    is raised when the writer asks about what the swap took out."""
    real = fsutil._holds
    checks = []

    def holds(at: Path, text: str | None, decode) -> bool:
        checks.append(at)
        if len(checks) == 2:
            raise then
        found = real(at, text, decode)
        _editor_saves(target, "saved by a person")
        return found

    monkeypatch.setattr(fsutil, "_holds", holds)


@pytest.mark.skipif(fsutil._renameat2() is None, reason="no renameat2 here: a save in the rename's instant is lost")
@pytest.mark.parametrize("after_the_kill", [None, "saved", "edited in place"])
def test_a_kill_between_the_swap_and_the_put_back_loses_no_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                after_the_kill: str | None) -> None:
    """Killed right after swapping itself with a translator's save, the command leaves that save
    under its temporary name: the next writing command's sweep puts it back, and no temporary
    is left; if the catalog was saved or edited since, both files stay as they are."""
    target = tmp_path / "catalog.po"
    target.write_text("deux", encoding="utf-8")
    _a_save_then_after_the_swap(monkeypatch, target, _Killed)
    monkeypatch.setattr(fsutil, "_leave_as_found", lambda *args: None)  # a killed process cleans nothing up
    with pytest.raises(_Killed):
        fsutil.write_unless_same(target, "trois", "deux")
    assert target.read_text(encoding="utf-8") == "trois"
    left = [p for p in tmp_path.iterdir() if p.name.startswith(fsutil.TEMP_PREFIX)]
    assert [p.read_text(encoding="utf-8") for p in left] == ["saved by a person"]
    if after_the_kill == "saved":
        _editor_saves(target, "saved again after the kill")
    elif after_the_kill == "edited in place":  # the same inode, other bytes
        with open(target, "r+", encoding="utf-8") as file:
            file.write("TROIS")
    newest = target.read_text(encoding="utf-8")

    assert fsutil.remove_stale_temporaries([tmp_path]) == (0 if after_the_kill else 1)
    assert target.read_text(encoding="utf-8") == (newest if after_the_kill else "saved by a person")
    kept = sorted(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())
    assert kept == (sorted([newest, "saved by a person"]) if after_the_kill else ["saved by a person"])


@pytest.mark.skipif(fsutil._renameat2() is None, reason="no renameat2 here: a save in the rename's instant is lost")
def test_an_interrupted_write_puts_back_what_it_swapped_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C right after the swap: the command's own clean-up puts the translator's save back."""
    target = tmp_path / "catalog.po"
    target.write_text("deux", encoding="utf-8")
    _a_save_then_after_the_swap(monkeypatch, target, KeyboardInterrupt)
    with pytest.raises(KeyboardInterrupt):
        fsutil.write_unless_same(target, "trois", "deux")
    assert target.read_text(encoding="utf-8") == "saved by a person"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.po"]
