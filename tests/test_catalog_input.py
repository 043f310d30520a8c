"""Catalogs as translators' tools leave them: any charset gettext reads, no file ever silently
replaced, and no churn: a catalog whose entries an extract does not change keeps its bytes,
whichever tool saved it last."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from i18npub.core.plurals import plural_forms_problem
from i18npub.core.pofile import decode_catalog, parse_catalog
from i18npub.errors import CatalogError
from sites import ARTICLE, make_site, run

HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset={charset}\\n"\n\nmsgid "Été"\nmsgstr "Summer — œuvre"\n'


def translated_site(tmp_path: Path) -> Path:
    """A site whose catalog has translations, a fuzzy entry with its previous msgid, a
    translator's comment and an obsolete entry: what a catalog looks like after some work."""
    make_site(tmp_path, {"a.md": ARTICLE})
    run(tmp_path, "extract")
    po_path = tmp_path / "locales/en/a.po"
    po = polib.pofile(str(po_path))
    for number, entry in enumerate(po):
        entry.msgstr = f"Translation number {number}, long enough to be wrapped by every tool that wraps at sixty"
        entry.tcomment = "checked"
    po.save()
    source = tmp_path / "content/fr/a.md"
    source.write_text(ARTICLE.replace("qui sera modifié", "qui a été modifié").replace("Troisième paragraphe, qui sera supprimé.\n", ""), encoding="utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    catalog = parse_catalog(po_path.read_text(encoding="utf-8"), "a.po")
    assert any(e.fuzzy and e.previous_msgid for e in catalog.entries) and any(e.obsolete for e in catalog.entries)
    return tmp_path


def polib_save(path: Path) -> None:
    polib.pofile(str(path)).save()  # polib's own layout: wrapped at 78


def msgcat_60(path: Path) -> None:
    subprocess.run(["msgcat", "--width=60", "-o", str(path), str(path)], check=True)


def translate_toolkit_save(path: Path) -> None:
    factory = pytest.importorskip("translate.storage.factory")
    store = factory.getobject(str(path))
    store.savefile(str(path))


needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None, reason="gettext is not installed")


@pytest.mark.parametrize(
    ("save", "own_layout"),
    # Translate Toolkit wraps as gettext does, so its file is ours byte for byte here
    [(polib_save, True), pytest.param(msgcat_60, True, marks=needs_gettext), (translate_toolkit_save, False)],
)
def test_a_catalog_saved_by_another_tool_keeps_its_bytes(tmp_path: Path, save, own_layout: bool) -> None:
    site = translated_site(tmp_path)
    po_path, pot_path = site / "locales/en/a.po", site / "locales/templates/a.pot"
    ours = po_path.read_bytes()
    for path in (po_path, pot_path):
        save(path)
    before = {path: path.read_bytes() for path in (po_path, pot_path)}
    assert (before[po_path] != ours) == own_layout
    result = run(site, "extract")
    assert result.exit_code == 0 and "0 templates and 0 catalogs written" in result.output
    assert {path: path.read_bytes() for path in before} == before


def test_a_header_only_change_is_no_change(tmp_path: Path) -> None:
    site = translated_site(tmp_path)
    po_path = site / "locales/en/a.po"
    text = po_path.read_text(encoding="utf-8")
    edited = text.replace("POT-Creation-Date: ", "POT-Creation-Date: 1999-01-01 00:00+0000 was ").replace("X-Generator: i18npub", "X-Generator: Poedit 3.4, i18npub")
    po_path.write_text(edited, encoding="utf-8")
    assert run(site, "extract").exit_code == 0
    assert po_path.read_text(encoding="utf-8") == edited


@needs_gettext
def test_what_extract_writes_is_what_msgcat_writes(tmp_path: Path) -> None:
    site = translated_site(tmp_path)
    for path in (site / "locales/en/a.po", site / "locales/templates/a.pot"):
        rewritten = subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout
        assert rewritten == path.read_bytes(), path


@pytest.mark.parametrize("content", [b"", b"\n\n", b"# only a comment\n"])
def test_an_empty_catalog_is_an_error_and_is_never_replaced(tmp_path: Path, content: bytes) -> None:
    make_site(tmp_path, {"a.md": ARTICLE, "b.md": ARTICLE})
    run(tmp_path, "extract")
    for name in ("locales/en/a.po", "locales/templates/b.pot"):
        (tmp_path / name).write_bytes(content)
    result = run(tmp_path, "extract")
    assert result.exit_code == 1
    assert "locales/en/a.po" in result.output and "locales/templates/b.pot" in result.output
    for name in ("locales/en/a.po", "locales/templates/b.pot"):
        assert (tmp_path / name).read_bytes() == content


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [("ISO-8859-1", "latin-1"), ("ISO-8859-15", "iso-8859-15"), ("windows-1252", "cp1252"), ("CP1252", "cp1252"), ("UTF-8", "utf-8"), ("utf-8", "utf-8-sig")],
)
def test_any_charset_gettext_reads_is_read(charset: str, encoding: str) -> None:
    text = HEADER.format(charset=charset)
    if encoding == "iso-8859-15":
        text = text.replace("—", "-")
    elif encoding == "latin-1":
        text = text.replace("—", "-").replace("œ", "oe")
    [entry] = parse_catalog(decode_catalog(text.encode(encoding), "a.po"), "a.po").entries
    assert entry.msgid == "Été" and entry.msgstr == text.split('msgstr "')[-1][:-2]


def test_a_catalog_in_another_charset_is_written_back_in_utf8(tmp_path: Path) -> None:
    make_site(tmp_path, {"a.md": ARTICLE})
    run(tmp_path, "extract")
    po_path = tmp_path / "locales/en/a.po"
    po = polib.pofile(str(po_path))
    po.metadata["Content-Type"] = "text/plain; charset=ISO-8859-1"
    po[0].msgstr = "Un titre traduit, déjà"
    po_path.write_bytes(po.__unicode__().encode("latin-1"))
    latin = po_path.read_bytes()
    assert run(tmp_path, "extract").exit_code == 0 and po_path.read_bytes() == latin  # unchanged: left alone
    (tmp_path / "content/fr/a.md").write_text(ARTICLE + "\nUn nouveau paragraphe.\n", encoding="utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    text = po_path.read_bytes().decode("utf-8")
    assert "charset=UTF-8" in text and 'msgstr "Un titre traduit, déjà"' in text


def test_an_unknown_charset_is_an_error_naming_it() -> None:
    with pytest.raises(CatalogError) as caught:
        decode_catalog(HEADER.format(charset="KLINGON-8").encode("utf-8"), "a.po")
    assert "KLINGON-8" in str(caught.value) and caught.value.path == "a.po"


def test_bytes_the_charset_cannot_hold_are_an_error_with_their_line() -> None:
    data = HEADER.format(charset="UTF-8").encode("utf-8").replace("Été".encode("utf-8"), "Été".encode("latin-1"))
    with pytest.raises(CatalogError) as caught:
        decode_catalog(data, "a.po")
    assert caught.value.line == 6 and "not valid UTF-8" in caught.value.message


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("nplurals=x; plural=n != 1;", "nplurals=x"),
        ("nplurals=2;", "no plural="),
        ("plural=n != 1;", "no nplurals="),
        ("nplurals=2; plural=n !=;", "incomplete"),
        ("nplurals=2; plural=(n > 1;", "expected ')'"),
        ("nplurals=2; plural=n ? 1;", "expected ':'"),
        ("nplurals=2; plural=m != 1;", "unexpected 'm"),
    ],
)
def test_an_unusable_plural_forms_header_is_an_error(value: str, problem: str) -> None:
    text = f'msgid ""\nmsgstr ""\n"Plural-Forms: {value}\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "a.po")
    assert problem in caught.value.message and caught.value.line == 1


@pytest.mark.parametrize(
    "value",
    ["nplurals=1; plural=0;", "nplurals=2; plural=(n > 1);", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
     "nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=!(n == 1)"],
)
def test_usable_plural_forms_pass(value: str) -> None:
    assert plural_forms_problem(value) is None
