"""PO/POT files as text: a strict reader and a writer in GNU gettext's own layout.

Reading decodes any charset gettext accepts (`decode_catalog`), accepts whatever layout Poedit,
Lokalize, Weblate, polib or msgcat produced, and refuses what gettext refuses (unterminated
strings, stray lines, duplicate messages, a Plural-Forms gettext cannot use) with the line, so
that a broken catalog is never silently truncated and then overwritten.

Writing produces, byte for byte, what msgcat and msgmerge of gettext 0.21 write for the same
catalog (so that running them, or an editor built on them, changes nothing): strings wrapped at
79 columns where Unicode allows a line break (`linebreak`), never inside an escape, a long word
left whole; `#:` references wrapped by their length in bytes; `#, fuzzy` only on a translated
message; obsolete messages last, and only those with a translation. Always in UTF-8, with the
header's charset saying so.

polib stays the tests' independent reader: it accepts broken strings without a word
(`msgstr "x` reads as empty).
"""

from __future__ import annotations

import codecs
import functools
import re
import sys
from pathlib import Path

from ..errors import CatalogError
from .catalog import FUZZY, Catalog, Entry
from .linebreak import line_breaks
from .plurals import plural_forms_problem

WRAP_WIDTH = 79  # what msgmerge and msgcat use, so their output and ours agree
# gettext (from 0.22) wraps file names that hold spaces in Unicode isolates so `#:` stays splittable
_FSI, _PDI = "\u2068", "\u2069"

# ----------------------------------------------------------------------------- decoding


def decode_catalog(data: bytes, path: Path | str) -> str:
    """The text of a PO file, decoded by the charset its header declares (UTF-8 when it declares
    none, the template placeholder `CHARSET`, or starts with a UTF-8 byte order mark)."""
    if data.startswith(codecs.BOM_UTF8):
        data, charset = data[len(codecs.BOM_UTF8) :], "UTF-8"
    else:
        charset = _declared_charset(data) or "UTF-8"
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        raise CatalogError(f"unknown charset {charset!r} in the header", path) from None
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as exc:
        raise CatalogError(f"not valid {charset}", path, data[: exc.start].count(b"\n") + 1) from None


_CHARSET = re.compile(rb'charset=([^\s"\\]+)')


def _declared_charset(data: bytes) -> str | None:
    """The charset of the header's Content-Type, looked for in the header entry: the first
    paragraph, when it holds `msgid ""`. Decoding needs it before the text can be read."""
    first = data.lstrip().split(b"\n\n", 1)[0]
    match = _CHARSET.search(first) if b'msgid ""' in first else None
    if match is None or match.group(1) == b"CHARSET":
        return None
    return match.group(1).decode("ascii", "replace")


# ----------------------------------------------------------------------------- reading

# a quoted string, written as an unrolled loop: `"(?:[^"\\]|\\.)*"` costs an alternation per character
_QUOTED = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]*(?=\")")
_ESCAPE = re.compile(r"\\(.)")
_UNESCAPED = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def parse_catalog(text: str, path: Path | str) -> Catalog:
    """Parse PO text; a syntax error becomes a CatalogError naming `path` and the line."""
    entries = _Reader(path).read(text)
    if not entries:
        raise CatalogError("empty catalog: no header and no message", path, 1)
    header: dict[str, str] = {}
    header_comment: list[str] = []
    first = entries[0]
    if first.msgid == "" and first.msgctxt is None and not first.obsolete:
        header, header_comment = _header_fields(first.msgstr), entries.pop(0).translator_comments
        problem = plural_forms_problem(header["Plural-Forms"]) if header.get("Plural-Forms") else None
        if problem is not None:
            raise CatalogError(problem, path, first.lineno)
    seen: set[tuple[str | None, str]] = set()
    for entry in entries:
        if not entry.obsolete:
            if entry.key in seen:
                raise CatalogError(f"duplicate message definition {entry.msgid[:40]!r}", path, entry.lineno)
            seen.add(entry.key)
    return Catalog(header=header, entries=entries, header_comment="\n".join(header_comment))


class _Reader:
    """PO text to entries, one method per kind of line. An entry is complete once it has its
    msgstr, and ends where the next one begins (its first comment or keyword); blank lines end
    nothing, as in gettext's grammar. Strings are decoded line by line (an escape never spans
    two quoted strings) and joined when the entry ends."""

    def __init__(self, path: Path | str):
        self.path = path
        self.entries: list[Entry] = []
        self.number = 0  # the line being read
        self._start_entry()

    def read(self, text: str) -> list[Entry]:
        for self.number, line in enumerate(text.split("\n"), 1):
            self._line(line)
        if self.entry is not None:
            self._end_entry()
        return self.entries

    def _error(self, message: str, line: int | None = None) -> CatalogError:
        return CatalogError(message, self.path, line or self.number)

    # the entry being read
    def _start_entry(self) -> None:
        self.entry: Entry | None = None
        self.strings: dict[str, list[str]] = {}  # field -> its decoded quoted strings
        self.references: list[str] = []  # `#:` lines, parsed together: a wrap may split a file name
        self.field: str | None = None  # the field a continuation string belongs to

    def _part(self) -> Entry:
        """The entry a comment, a `#|` line, a msgctxt or a msgid belongs to: a new one after a
        complete entry; after a msgid still waiting for its msgstr, an error."""
        if "msgid" in self.strings:
            if "msgstr" not in self.strings:
                raise self._error("incomplete message (msgid without msgstr)", self.entry.lineno if self.entry else None)
            self._end_entry()
        if self.entry is None:
            self.entry = Entry(msgid="", lineno=self.number)
        return self.entry

    def _end_entry(self) -> None:
        entry = self.entry
        assert entry is not None
        if "msgstr" not in self.strings:
            raise self._error("incomplete message (msgid without msgstr)", entry.lineno)
        for name, pieces in self.strings.items():
            setattr(entry, name, "".join(pieces))
        entry.locations = _locations(" ".join(self.references))
        self.entries.append(entry)
        self._start_entry()

    # one method per kind of line
    def _line(self, line: str) -> None:
        if line[:1] in (" ", "\t"):  # gettext reads indented lines too
            line = line.lstrip(" \t")
        if line.startswith('"'):
            self._continuation(line, previous=False)
        elif line.startswith("#~"):
            self._obsolete(line[2:])
        elif line.startswith("#|"):
            self._previous(line[2:].lstrip())
        elif line.startswith("#"):
            self._comment(line)
        elif line.strip():
            self._keyword(line, obsolete=False)
        # else a blank line: it separates entries, but the next comment or keyword ends one

    def _continuation(self, line: str, previous: bool) -> None:
        """A quoted string continuing the field above it: msgid, msgstr and msgctxt lines are
        continued by bare strings, `#|` lines by `#|` strings."""
        content = self._string(line)
        if self.field is None or self.field.startswith("previous_") != previous:
            raise self._error("string without a keyword")
        self.strings[self.field].append(content)

    def _obsolete(self, rest: str) -> None:
        """`#~ msgid "…"`, `#~ "…"`, `#~| msgid "…"`: an obsolete entry's lines."""
        if rest.startswith("|"):
            self._previous(rest[1:].lstrip())
            return
        rest = rest.lstrip()
        if rest.startswith('"'):
            self._continuation(rest, previous=False)
        elif rest:
            self._keyword(rest, obsolete=True)

    def _previous(self, rest: str) -> None:
        """`#| msgctxt "…"`, `#| msgid "…"` or `#| "…"`: what a fuzzy entry's source was."""
        if rest.startswith('"'):
            self._continuation(rest, previous=True)
            return
        match = _KEYWORD.match(rest)
        if match is None or match.group(1) not in ("msgctxt", "msgid"):
            raise self._error("unreadable previous message (#|)")
        self._part()
        self._open_field("previous_" + match.group(1), rest[match.end() :])

    def _comment(self, line: str) -> None:
        entry = self._part()
        self.field = None
        kind = line[1:2]
        if kind == ".":  # extracted comment; gettext drops the one space after the mark
            entry.comments.append(_after_space(line[2:]))
        elif kind == ":":
            self.references.append(line[2:].strip())
        elif kind == ",":
            entry.flags.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
        else:  # a translator's comment
            entry.translator_comments.append(_after_space(line[1:]))

    def _keyword(self, line: str, obsolete: bool) -> None:
        match = _KEYWORD.match(line)
        if match is None:
            raise self._error("unterminated string" if '"' in line else f"unexpected line {line[:30]!r}")
        keyword, rest = match.group(1), line[match.end() :]
        if keyword.startswith(("msgid_plural", "msgstr[")):
            raise self._error("plural messages are not supported in article catalogs")
        if keyword == "msgstr":
            if "msgid" not in self.strings:
                raise self._error("msgstr without msgid")
        else:
            self._part().obsolete = obsolete
        self._open_field(keyword, rest)

    def _open_field(self, name: str, rest: str) -> None:
        content = self._string(rest)
        if name in self.strings:
            raise self._error(f"a second {name.replace('_', ' ')}")
        self.strings[name] = [content]
        self.field = name

    def _string(self, text: str) -> str:
        """The content of the one quoted string `text` holds (spaces may follow it)."""
        if "\x04" in text:
            raise self._error("the control character U+0004 (EOT), which gettext reads as the end of a context")
        text = text.rstrip(" \t\r")
        inner = text[1:-1]
        if len(text) >= 2 and text[-1] == '"' and "\\" not in inner and '"' not in inner:
            return inner
        if _QUOTED.fullmatch(text) is None:
            raise self._error("unterminated string")
        try:
            return _ESCAPE.sub(_unescaped, inner)
        except KeyError as exc:
            raise self._error(f"unknown escape sequence \\{exc.args[0]}") from None


def _unescaped(match: re.Match[str]) -> str:
    return _UNESCAPED[match.group(1)]


def _after_space(text: str) -> str:
    return text[1:] if text.startswith(" ") else text


def _header_fields(text: str) -> dict[str, str]:
    fields = {}
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


_LOCATION = re.compile(r"\u2068([^\u2069]*)\u2069(?::(\d+))?|(\S+)")


def _locations(text: str) -> list[tuple[str, int]]:
    """`#:` references: `path:line` separated by spaces, a path with spaces in U+2068…U+2069."""
    if _FSI not in text:
        return [_location(reference) for reference in text.split()]
    result = []
    for match in _LOCATION.finditer(text):
        if match.group(3) is not None:
            result.append(_location(match.group(3)))
        else:
            result.append((match.group(1), int(match.group(2) or 0)))
    return result


def _location(reference: str) -> tuple[str, int]:
    path, _, line = reference.rpartition(":")
    return (path, int(line)) if path and line.isdigit() else (reference, 0)


# ----------------------------------------------------------------------------- writing


def render_catalog(catalog: Catalog) -> str:
    """The PO text of `catalog`, as msgcat would write it: header, active entries in order,
    then obsolete ones."""
    return render_header(catalog) + render_entries(catalog.entries)


def render_header(catalog: Catalog) -> str:
    """The header entry: the comment, then the fields as a translation of the empty msgid."""
    fields = "".join(f"{key}: {_utf8(key, value)}\n" for key, value in catalog.header.items())
    comment = _comment_lines("#", catalog.header_comment.split("\n")) if catalog.header_comment else []
    return "\n".join([*comment, *_written_header_fields(fields)]) + "\n"


@functools.lru_cache(maxsize=64)
def _written_header_fields(fields: str) -> tuple[str, ...]:
    # a run writes the same header fields into every catalog of a language: wrapped once
    return (*_field("", "msgid", ""), *_field("", "msgstr", fields))


def _utf8(key: str, value: str) -> str:
    """A header value as written: the text we write is UTF-8, so the Content-Type says so."""
    return _CONTENT_CHARSET.sub("charset=UTF-8", value) if key == "Content-Type" else value


_CONTENT_CHARSET = re.compile(r"charset=\S+")


def render_entries(entries: list[Entry]) -> str:
    """What follows the header: each entry after a blank line, the obsolete ones last (those
    without a translation are dropped, as gettext drops them)."""
    active = [e for e in entries if not e.obsolete]
    obsolete = [e for e in entries if e.obsolete and e.msgstr]
    return "".join("\n" + "\n".join(_entry_lines(entry)) + "\n" for entry in active + obsolete)


def _entry_lines(e: Entry) -> list[str]:
    prefix = "#~ " if e.obsolete else ""
    lines = _comment_lines("#", e.translator_comments) + _comment_lines("#.", e.comments)
    if e.locations:
        lines.extend(_reference_lines(e.locations))
    flags = written_flags(e)
    if flags:
        lines.append("#, " + ", ".join(flags))
    previous = "#~| " if e.obsolete else "#| "
    wrap = NO_WRAP not in e.flags
    if e.previous_msgctxt is not None:
        lines.extend(_field(previous, "msgctxt", e.previous_msgctxt, wrap))
    if e.previous_msgid is not None:
        lines.extend(_field(previous, "msgid", e.previous_msgid, wrap))
    if e.msgctxt is not None:
        lines.extend(_field(prefix, "msgctxt", e.msgctxt, wrap))
    lines.extend(_field(prefix, "msgid", e.msgid, wrap))
    lines.extend(_field(prefix, "msgstr", e.msgstr, wrap))
    return lines


NO_WRAP = "no-wrap"  # an entry's flag: gettext writes its strings unwrapped (cut only after each newline)


def _comment_lines(mark: str, comments: list[str]) -> list[str]:
    """`# comment` lines; a comment holding newlines takes several, as gettext writes them."""
    return [f"{mark} {line}" if line else mark for comment in comments for line in comment.split("\n")]


def written_flags(e: Entry) -> list[str]:
    """An entry's flags as gettext writes them: fuzzy first, and only on a translated entry
    (msgcat drops it elsewhere)."""
    others = [flag for flag in e.flags if flag != FUZZY]
    return [FUZZY, *others] if e.fuzzy and e.msgstr else others


def _reference_lines(locations: list[tuple[str, int]]) -> list[str]:
    """`#:` lines as gettext 0.21 writes them: each (file, line) once, wrapped at the spaces between
    references (and so inside a name that holds spaces) when the next one would pass 79 columns,
    counted in bytes."""
    references = [f"{_reference_name(path)}:{line}" if line else _reference_name(path) for path, line in dict.fromkeys(locations)]
    words = " ".join(references).split(" ")
    lines, current, column = [], "#:", 2
    for word in words:
        size = len(word.encode("utf-8")) + 1
        if column > 2 and column + size > WRAP_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += " " + word
        column += size
    lines.append(current)
    return lines


def _reference_name(path: str) -> str:
    """A file name as a reference: in isolates when it holds a space, so that it reads back whole;
    any other whitespace or control character (a newline would end the `#:` line) becomes U+FFFD."""
    name = path if path.isprintable() else "".join(char if char == " " or char.isprintable() else "\ufffd" for char in path)
    while name.startswith("./"):  # gettext drops it
        name = name[2:]
    return f"{_FSI}{name}{_PDI}" if " " in name else name


# the escapes gettext writes; every other character, control characters included, is written as it is
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
_TO_ESCAPE = re.compile(r'[\\"\a\b\f\n\r\t\v]')
_ESCAPED_PAIR = re.compile(r"\\.")


def _field(prefix: str, keyword: str, text: str, wrap: bool = True) -> list[str]:
    """`prefix keyword "text"` as gettext's `wrap()` writes it: the text cut after each newline
    into portions, each escaped and wrapped (unless not `wrap`) so that no line passes 79
    columns (a line may only break where Unicode allows it, never inside an escape nor just
    before a final `\\n`). When the text takes more than one line, the first is `keyword ""`."""
    if not text:  # every msgstr of a template: what the wrapping below gives, without it
        return [f'{prefix}{keyword} ""']
    # the closing quote, and the prefix and opening quote of each line
    room = WRAP_WIDTH - 1 - (len(prefix) + 1) if wrap else sys.maxsize
    after_keyword = len(keyword) + 1  # where a text written on the keyword's line starts
    lines: list[str] = []
    first = True
    portions = _portions(text)
    for number, portion in enumerate(portions, 1):
        escaped = _TO_ESCAPE.sub(lambda match: _ESCAPES[match.group()], portion)
        # no break between an escape's backslash and its letter
        prohibited = {m.start() + 1 for m in _ESCAPED_PAIR.finditer(escaped)} if len(escaped) > len(portion) else set()
        if portion.endswith("\n"):
            prohibited.add(len(escaped) - 2)
        breaks = line_breaks(escaped, room, 0, prohibited)
        # a text that takes several lines starts on the line after `keyword ""`; one that breaks
        # from column 0 breaks after the keyword too, and one that does not may not fit there
        if first and escaped and (number < len(portions) or after_keyword > room or breaks or line_breaks(escaped, room, after_keyword, prohibited)):
            lines.append(f'{prefix}{keyword} ""')
            first = False
        head = f"{prefix}{keyword} " if first else prefix
        first = False
        for begin, end in zip([0, *breaks], [*breaks, len(escaped)]):
            lines.append(f'{head}"{escaped[begin:end]}"')
            head = prefix
    return lines


def _portions(text: str) -> list[str]:
    """`text` cut after each newline (only "\\n": gettext does not treat U+2028 or NEL so)."""
    pieces = text.split("\n")
    portions = [piece + "\n" for piece in pieces[:-1]]
    return portions + [pieces[-1]] if pieces[-1] or not portions else portions
