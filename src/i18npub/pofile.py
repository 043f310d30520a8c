"""PO/POT files as text: a strict reader and a deterministic writer.

Reading accepts whatever wrapping Poedit, Lokalize, Weblate or msgcat produced, and refuses what
gettext refuses (unterminated strings, stray lines, duplicate messages) with the line, so that a
broken catalog is never silently truncated and then overwritten. Writing is deterministic (same
catalog, same bytes) in gettext's layout, so catalogs do not churn in git.

Both were first done with polib, which stays the tests' independent reader: it accepts broken
strings without a word (`msgstr "x` reads as empty) and was three quarters of `build`'s time.
"""

from __future__ import annotations

import re
from pathlib import Path

from .catalog import Catalog, Entry
from .errors import CatalogError

WRAP_WIDTH = 79  # what msgmerge and msgcat use, so their output and ours agree
# gettext wraps file names that hold spaces in Unicode isolates so `#:` stays splittable
_FSI, _PDI = "\u2068", "\u2069"
_KEYWORD_LINE = re.compile(r'(msgctxt|msgid|msgstr|msgid_plural|msgstr\[\d+\])?[ \t]*("(?:[^"\\]|\\.)*")[ \t]*\r?$')
_STRING = re.compile(r'("(?:[^"\\]|\\.)*")[ \t]*\r?$')
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPED = re.compile(r"\\(.)")


def _unquote(quoted: str) -> str:
    if "\\" not in quoted:
        return quoted[1:-1]
    return _ESCAPED.sub(lambda m: _UNESCAPES.get(m.group(1), m.group(1)), quoted[1:-1])


class _Reader:
    """gettext's PO grammar, one line at a time."""

    def __init__(self, path: Path | str):
        self.path = path
        self.entries: list[Entry] = []
        self.header: dict[str, str] = {}
        self.header_comment: list[str] = []
        self.current: Entry | None = None
        self.field: str | None = None  # the field continuation strings extend
        self.seen_msgstr = False
        self.references: list[str] = []  # `#:` lines, parsed together: a wrap may split a name

    def fail(self, message: str, line: int) -> None:
        raise CatalogError(message, self.path, line)

    def entry(self, number: int) -> Entry:
        if self.current is None or self.seen_msgstr:
            self.finish()
            self.current = Entry(msgid="", lineno=number)
            self.current.msgid = None  # type: ignore[assignment]  # not seen yet
            self.seen_msgstr = False
        return self.current

    def finish(self) -> None:
        entry = self.current
        if entry is None:
            return
        if entry.msgid is None or not self.seen_msgstr:
            self.fail("incomplete message (msgid without msgstr)", entry.lineno)
        entry.locations = _locations(" ".join(self.references))
        self.references = []
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete and not self.header and not self.entries:
            self.header = _header_fields(entry.msgstr)
            self.header_comment = entry.translator_comments
        else:
            self.entries.append(entry)
        self.current = None

    def feed(self, line: str, number: int) -> None:
        if line[:1] == '"' and self.field is not None and self.current is not None:  # the usual case
            match = _STRING.match(line)
            if not match:
                self.fail("unterminated string", number)
            setattr(self.current, self.field, getattr(self.current, self.field) + _unquote(match.group(1)))
            return
        if not line.strip():
            if self.current is not None and self.seen_msgstr:
                self.finish()
            return
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip(" ")
            if not line:
                return
        if line.startswith("#"):
            self.comment(line, number, obsolete)
            return
        match = _KEYWORD_LINE.match(line)
        if not match:
            self.fail("unterminated string" if '"' in line else f"unexpected line {line[:30]!r}", number)
        keyword, value = match.group(1), _unquote(match.group(2))
        if keyword is None:
            if self.field is None or self.current is None:
                self.fail("string without a keyword", number)
            setattr(self.current, self.field, getattr(self.current, self.field) + value)
            return
        if keyword.startswith(("msgid_plural", "msgstr[")):
            self.fail("plural messages are not supported in article catalogs", number)
        if keyword != "msgstr" and self.current is not None and self.current.msgid is not None and not self.seen_msgstr:
            self.fail("incomplete message (msgid without msgstr)", self.current.lineno)
        entry = self.entry(number) if keyword != "msgstr" else self.current
        if entry is None or (keyword == "msgstr" and entry.msgid is None):
            self.fail("msgstr without msgid", number)
        assert entry is not None
        entry.obsolete = obsolete
        if keyword == "msgstr":
            self.seen_msgstr = True
        setattr(entry, keyword, value)
        self.field = keyword

    def comment(self, line: str, number: int, obsolete: bool) -> None:
        entry = self.entry(number)
        kind, rest = line[:2], line[2:].strip() if len(line) > 1 else ""
        if kind == "#|":
            match = _KEYWORD_LINE.match(line[2:].lstrip())
            if not match or match.group(1) not in (None, "msgctxt", "msgid"):
                self.fail("unreadable previous message (#|)", number)
            name = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid"}.get(match.group(1) or "")
            value = _unquote(match.group(2))
            if name is None:
                name = self.field if self.field and self.field.startswith("previous_") else None
                if name is None:
                    self.fail("string without a keyword", number)
                value = (getattr(entry, name) or "") + value
            setattr(entry, name, value)
            self.field = name
        elif kind == "#.":
            entry.comments.append(rest)
        elif kind == "#:":
            self.references.append(rest)
        elif kind == "#,":
            entry.flags.extend(f.strip() for f in rest.split(",") if f.strip())
        else:
            entry.translator_comments.append(line[2:] if line.startswith("# ") else line[1:])
        entry.obsolete = entry.obsolete or obsolete

    def catalog(self) -> Catalog:
        self.finish()
        seen: set[tuple[str | None, str]] = set()
        for entry in self.entries:
            if not entry.obsolete:
                if entry.key in seen:
                    self.fail(f"duplicate message definition {entry.msgid[:40]!r}", entry.lineno)
                seen.add(entry.key)
        return Catalog(header=self.header, entries=self.entries, header_comment="\n".join(self.header_comment))


def _header_fields(text: str) -> dict[str, str]:
    fields = {}
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def parse_catalog(text: str, path: Path | str) -> Catalog:
    """Parse PO text; a syntax error becomes a CatalogError naming `path` and the line."""
    reader = _Reader(path)
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        reader.feed(line, number)
    return reader.catalog()


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


_LOCATION = re.compile(r"\u2068([^\u2069]*)\u2069(?::(\d+))?|(\S+)")


def _locations(text: str) -> list[tuple[str, int]]:
    """`#:` references: `path:line` separated by spaces, a path with spaces in U+2068…U+2069."""
    result = []
    for match in _LOCATION.finditer(text):
        if match.group(3) is not None:
            path, _, line = match.group(3).rpartition(":")
            if not path or not line.isdigit():
                path, line = match.group(3), ""
        else:
            path, line = match.group(1), match.group(2) or ""
        result.append((path, int(line) if line else 0))
    return result


_SPACE = re.compile(r"\s")


def _isolate(path: str) -> str:
    return f"{_FSI}{path}{_PDI}" if _SPACE.search(path) else path


def render_catalog(catalog: Catalog) -> str:
    """The PO text of `catalog`: header, active entries in order, then obsolete ones. Written by
    hand rather than through polib, whose wrapping dominated extract's run time; the layout is
    gettext's (msgmerge/msgcat at width 79)."""
    out: list[str] = []
    for line in catalog.header_comment.split("\n") if catalog.header_comment else []:
        out.append(f"# {line}".rstrip() if line else "#")
    out.append('msgid ""')
    out.append('msgstr ""')
    out.extend(f'"{_escape(f"{key}: {value}")}\\n"' for key, value in catalog.header.items())
    for entry in [e for e in catalog.entries if not e.obsolete] + [e for e in catalog.entries if e.obsolete]:
        out.append("")
        _render_entry(entry, out)
    return "\n".join(out) + "\n"


def _render_entry(e: Entry, out: list[str]) -> None:
    out.extend(f"# {c}".rstrip() if c else "#" for c in e.translator_comments)
    out.extend(f"#. {c}".rstrip() for c in e.comments)
    if e.locations and not e.obsolete:
        out.extend(_wrap_words("#:", [f"{_isolate(p)}:{n}" if n else _isolate(p) for p, n in e.locations]))
    if e.flags:
        out.append("#, " + ", ".join(e.flags))
    prefix = "#~ " if e.obsolete else ""
    if e.previous_msgctxt is not None and not e.obsolete:
        out.extend(_field("#| ", "msgctxt", e.previous_msgctxt))
    if e.previous_msgid is not None and not e.obsolete:
        out.extend(_field("#| ", "msgid", e.previous_msgid))
    if e.msgctxt is not None:
        out.extend(_field(prefix, "msgctxt", e.msgctxt))
    out.extend(_field(prefix, "msgid", e.msgid))
    out.extend(_field(prefix, "msgstr", e.msgstr))


def _wrap_words(start: str, words: list[str]) -> list[str]:
    lines, current = [], start
    for word in words:
        if current != start and len(current) + 1 + len(word) > WRAP_WIDTH:
            lines.append(current)
            current = start
        current += " " + word
    lines.append(current)
    return lines


# the escapes polib reads back
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_TO_ESCAPE = re.compile(r'[\\"\n\t\r\b\f\v]')


def _escape(text: str) -> str:
    return _TO_ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text)


def _field(prefix: str, keyword: str, text: str) -> list[str]:
    """`keyword "text"`, or `keyword ""` and continuation lines: after each newline, and at
    spaces so that no line passes the width."""
    chunks = [_escape(c) for c in text.splitlines(keepends=True)] if "\n" in text[:-1] else [_escape(text)]
    single = f'{prefix}{keyword} "{chunks[0]}"' if chunks else f'{prefix}{keyword} ""'
    if len(chunks) <= 1 and len(single) <= WRAP_WIDTH:
        return [single]
    lines = [f'{prefix}{keyword} ""']
    room = WRAP_WIDTH - len(prefix) - 2
    for chunk in chunks:
        while len(chunk) > room:
            cut = chunk.rfind(" ", 0, room) + 1
            if cut <= 0:  # one long word: gettext does not break it either
                cut = chunk.find(" ", room) + 1 or len(chunk)
            lines.append(f'{prefix}"{chunk[:cut]}"')
            chunk = chunk[cut:]
        if chunk:
            lines.append(f'{prefix}"{chunk}"')
    return lines
