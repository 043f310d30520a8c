"""PO/POT files as text: the only module that imports polib.

Reading accepts whatever wrapping Poedit, Lokalize, Weblate or msgcat produced; writing is
deterministic (same catalog, same bytes) so that catalogs do not churn in git.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from .catalog import Catalog, Entry
from .errors import CatalogError

WRAP_WIDTH = 79  # what msgmerge and msgcat use, so their output and ours agree
_LINE_IN_POLIB_ERROR = re.compile(r"\(line (\d+)\)")
# a keyword or continuation line; its string must be closed (polib silently truncates otherwise)
_STRING_LINE = re.compile(r'^(?:#[~|]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"')
_CLOSED_STRING = re.compile(r'"(?:[^"\\]|\\.)*"\s*$')
# gettext wraps file names that hold spaces in Unicode isolates so `#:` stays splittable
_FSI, _PDI = "\u2068", "\u2069"


def parse_catalog(text: str, path: Path | str) -> Catalog:
    """Parse PO text; a syntax error becomes a CatalogError naming `path` and the line."""
    _check_strings(text, path)
    try:
        po = polib.pofile(text, wrapwidth=WRAP_WIDTH, check_for_duplicates=True, encoding="utf-8")
    except (OSError, ValueError) as exc:
        match = _LINE_IN_POLIB_ERROR.search(str(exc))
        line = int(match.group(1)) if match else None
        message = str(exc).split(" (line")[0].strip() or "cannot parse the catalog"
        raise CatalogError(message, path, line) from None
    header = dict(po.ordered_metadata())
    entries = [_from_polib(e) for e in po]  # polib iterates obsolete entries too
    seen: set[tuple[str | None, str]] = set()
    for entry in entries:
        if not entry.obsolete:
            if entry.key in seen:
                raise CatalogError(f"duplicate message definition {entry.msgid[:40]!r}", path, entry.lineno)
            seen.add(entry.key)
    return Catalog(header=header, entries=entries, header_comment=po.header)


def _check_strings(text: str, path: Path | str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        match = _STRING_LINE.match(line)
        if match and not _CLOSED_STRING.match(line, match.end() - 1):
            raise CatalogError("unterminated string", path, number)


def read_catalog(path: Path) -> Catalog:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError("not valid UTF-8", path, line) from None
    return parse_catalog(text, path)


def _from_polib(e: polib.POEntry) -> Entry:
    return Entry(
        msgid=e.msgid,
        msgstr=e.msgstr,
        msgctxt=e.msgctxt,
        locations=_locations(e.occurrences),
        comments=e.comment.split("\n") if e.comment else [],
        translator_comments=e.tcomment.split("\n") if e.tcomment else [],
        flags=list(e.flags),
        previous_msgid=e.previous_msgid,
        previous_msgctxt=e.previous_msgctxt,
        obsolete=bool(e.obsolete),
        lineno=e.linenum or 0,
    )


def _locations(occurrences: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """polib splits `#:` at spaces, also inside a file name isolated by U+2068…U+2069: rejoin."""
    result: list[tuple[str, int]] = []
    pending: list[str] = []
    for path, line in occurrences:
        token = f"{path}:{line}" if line else path
        if pending or (path.startswith(_FSI) and _PDI not in token):
            pending.append(token)
            if _PDI not in token:
                continue
            path, _, line = " ".join(pending).rpartition(":")
            pending = []
        result.append((_unisolate(path), int(line) if line.isdigit() else 0))
    return result


def _isolate(path: str) -> str:
    return f"{_FSI}{path}{_PDI}" if any(c.isspace() for c in path) else path


def _unisolate(path: str) -> str:
    return path.strip(_FSI + _PDI)


def render_catalog(catalog: Catalog) -> str:
    """The PO text of `catalog`: header, active entries in order, then obsolete ones."""
    po = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8", check_for_duplicates=False)
    po.header = catalog.header_comment
    po.metadata = dict(catalog.header)
    for entry in catalog.entries:
        if not entry.obsolete:
            po.append(_to_polib(entry))
    for entry in catalog.entries:
        if entry.obsolete:
            po.append(_to_polib(entry))
    return str(po).rstrip("\n") + "\n"


def _to_polib(e: Entry) -> polib.POEntry:
    return polib.POEntry(
        msgid=e.msgid,
        msgstr=e.msgstr,
        msgctxt=e.msgctxt,
        occurrences=[] if e.obsolete else [(_isolate(p), str(n) if n else "") for p, n in e.locations],
        comment="\n".join(e.comments),
        tcomment="\n".join(e.translator_comments),
        flags=list(e.flags),
        previous_msgid=e.previous_msgid,
        previous_msgctxt=e.previous_msgctxt,
        obsolete=e.obsolete,
    )
