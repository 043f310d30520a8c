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

from ..errors import CatalogError
from .catalog import Catalog, Entry

WRAP_WIDTH = 79  # what msgmerge and msgcat use, so their output and ours agree
# gettext wraps file names that hold spaces in Unicode isolates so `#:` stays splittable
_FSI, _PDI = "\u2068", "\u2069"
# a quoted string, written as an unrolled loop: `"(?:[^"\\]|\\.)*"` costs an alternation per character
_QUOTED = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_KEYWORD_LINE = re.compile(r"(msgctxt|msgid|msgstr|msgid_plural|msgstr\[\d+\])?[ \t]*(" + _QUOTED + r")[ \t]*\r?$")
_STRING = re.compile(r"(" + _QUOTED + r")[ \t]*\r?$")
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPED = re.compile(r"\\(.)")


def _unescape(inner: str) -> str:
    if "\\" not in inner:
        return inner
    if _quotes_only_escaped(inner):  # as in `{:target=\"_blank\"}`
        return inner.replace('\\"', '"')
    return _ESCAPED.sub(_unescaped, inner)


def _quotes_only_escaped(inner: str) -> bool:
    """Whether every backslash in a string's content escapes a quote."""
    return inner.count("\\") == inner.count('\\"')


def _unescaped(match: re.Match[str]) -> str:
    return _UNESCAPES.get(match.group(1), match.group(1))


def _keyword(line: str) -> str:
    """The keyword a line starts with, when it is followed by a space; else ""."""
    if line.startswith("msgid "):
        return "msgid"
    if line.startswith("msgstr "):
        return "msgstr"
    if line.startswith("msgctxt "):
        return "msgctxt"
    return ""


def _plain_string(text: str, start: int = 0) -> str | None:
    """The decoded content of `text[start:]` when it is exactly one quoted string whose only
    escapes are quotes, as most lines are: three counts instead of a regex scan. None means: use
    the regex."""
    if len(text) - start < 2 or text[start] != '"' or text[-1] != '"':
        return None
    inner = text[start + 1 : -1]
    if "\\" not in inner:  # one scan for a single character; counting `\\"` is slower
        return None if '"' in inner else inner
    if inner.count('"') == inner.count('\\"') and _quotes_only_escaped(inner):
        return inner.replace('\\"', '"')
    return None


# an entry as read: its decoded strings per field (an escape never spans two quoted strings, so
# each is decoded alone), its `#:` lines and whether it is obsolete
_Draft = tuple[Entry, dict[str, list[str]], list[str], bool]


def parse_catalog(text: str, path: Path | str) -> Catalog:
    """Parse PO text; a syntax error becomes a CatalogError naming `path` and the line.

    One loop with local state and no inner functions, as this is most of `build`'s time (and
    mypyc turns the locals an inner function shares into attributes). An entry's strings are
    decoded line by line and collected per field; entries are completed once the file is read."""
    drafts: list[_Draft] = []
    parts: dict[str, list[str]] = {}  # field -> decoded string contents of the current entry
    entry: Entry | None = None
    current: list[str] | None = None  # where continuation strings go
    references: list[str] = []  # `#:` lines, parsed together: a wrap may split a file name
    has_msgstr = False
    obsolete = False
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        first = line[:1]
        if first == '"':
            content = _plain_string(line)
            if content is None:
                match = _STRING.match(line)
                if match is None or current is None:
                    raise CatalogError("unterminated string" if current is not None else "string without a keyword", path, number)
                content = _unescape(match.group(1)[1:-1])
            elif current is None:
                raise CatalogError("string without a keyword", path, number)
            current.append(content)
            continue
        blank = not line or line.isspace()
        line_obsolete = not blank and line.startswith("#~")
        if line_obsolete:
            line = line[2:].lstrip(" ")
            if not line:
                continue
            first = line[:1]
        if entry is not None and has_msgstr and (blank or first == "#" or line.startswith(("msgctxt", "msgid "))):
            drafts.append((entry, parts, references, obsolete))
            entry, current, has_msgstr, obsolete, parts, references = None, None, False, False, {}, []
        if blank:
            continue
        if entry is None:
            entry = Entry(msgid="", lineno=number)
        obsolete = obsolete or line_obsolete
        if first == "#":
            kind = line[:2]
            if kind == "#|":
                match = _KEYWORD_LINE.match(line[2:].lstrip())
                if match is None or match.group(1) not in (None, "msgctxt", "msgid"):
                    raise CatalogError("unreadable previous message (#|)", path, number)
                if match.group(1) is None:
                    if current is None or current is not parts.get("previous_msgid", parts.get("previous_msgctxt")):
                        raise CatalogError("string without a keyword", path, number)
                    current.append(_unescape(match.group(2)[1:-1]))
                else:
                    current = parts.setdefault("previous_" + match.group(1), [])
                    current.append(_unescape(match.group(2)[1:-1]))
            elif kind == "#.":
                entry.comments.append(line[2:].strip())
            elif kind == "#:":
                references.append(line[2:].strip())
            elif kind == "#,":
                entry.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
            else:
                entry.translator_comments.append(line[2:] if line.startswith("# ") else line[1:])
            continue
        keyword = _keyword(line)
        content = _plain_string(line, len(keyword) + 1) if keyword else None
        if content is None:
            match = _KEYWORD_LINE.match(line)
            if match is None:
                raise CatalogError("unterminated string" if '"' in line else f"unexpected line {line[:30]!r}", path, number)
            named: str | None = match.group(1)
            content = _unescape(match.group(2)[1:-1])
            if named is None:
                if current is None:
                    raise CatalogError("string without a keyword", path, number)
                current.append(content)
                continue
            keyword = named
        if keyword.startswith(("msgid_plural", "msgstr[")):
            raise CatalogError("plural messages are not supported in article catalogs", path, number)
        if keyword == "msgstr":
            if "msgid" not in parts:
                raise CatalogError("msgstr without msgid", path, number)
            has_msgstr = True
        elif "msgid" in parts:
            raise CatalogError("incomplete message (msgid without msgstr)", path, entry.lineno)
        current = parts.setdefault(keyword, [])
        current.append(content)
    if entry is not None:
        if not has_msgstr:
            raise CatalogError("incomplete message (msgid without msgstr)", path, entry.lineno)
        drafts.append((entry, parts, references, obsolete))
    entries = [_completed(draft) for draft in drafts]
    header: dict[str, str] = {}
    header_comment: list[str] = []
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None and not entries[0].obsolete:
        header, header_comment = _header_fields(entries[0].msgstr), entries.pop(0).translator_comments
    seen: set[tuple[str | None, str]] = set()
    for item in entries:
        if not item.obsolete:
            if item.key in seen:
                raise CatalogError(f"duplicate message definition {item.msgid[:40]!r}", path, item.lineno)
            seen.add(item.key)
    return Catalog(header=header, entries=entries, header_comment="\n".join(header_comment))


def _completed(draft: _Draft) -> Entry:
    """The entry with the strings and locations read for it."""
    entry, parts, references, obsolete = draft
    for name, pieces in parts.items():
        value = pieces[0] if len(pieces) == 1 else "".join(pieces)
        if name == "msgid":
            entry.msgid = value
        elif name == "msgstr":
            entry.msgstr = value
        elif name == "msgctxt":
            entry.msgctxt = value
        elif name == "previous_msgid":
            entry.previous_msgid = value
        else:
            entry.previous_msgctxt = value
    entry.obsolete = obsolete
    entry.locations = _locations(" ".join(references)) if references else []
    return entry


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


_SPACE = re.compile(r"\s")


def _isolate(path: str) -> str:
    if " " not in path and path.isprintable():  # every other whitespace character is unprintable
        return path
    return f"{_FSI}{path}{_PDI}" if _SPACE.search(path) else path


def render_catalog(catalog: Catalog) -> str:
    """The PO text of `catalog`: header, active entries in order, then obsolete ones. Written by
    hand rather than through polib, whose wrapping dominated extract's run time; the layout is
    gettext's (msgmerge/msgcat at width 79)."""
    return render_header(catalog) + render_entries(catalog.entries)


def render_header(catalog: Catalog) -> str:
    out: list[str] = []
    for line in catalog.header_comment.split("\n") if catalog.header_comment else []:
        out.append(f"# {line}".rstrip() if line else "#")
    out.append('msgid ""')
    out.append('msgstr ""')
    out.extend(f'"{_escape(f"{key}: {value}")}\\n"' for key, value in catalog.header.items())
    return "\n".join(out) + "\n"


def render_entries(entries: list[Entry]) -> str:
    """What follows the header: each entry after a blank line, the obsolete ones last."""
    out: list[str] = []
    for entry in [e for e in entries if not e.obsolete] + [e for e in entries if e.obsolete]:
        out.append("")
        _render_entry(entry, out)
    return "\n".join(out) + "\n" if out else ""


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
    if text.isprintable():  # no control character: only backslashes and quotes, by C loops
        return text.replace("\\", "\\\\").replace('"', '\\"')
    return _TO_ESCAPE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return _ESCAPES[match.group(0)]


def _field(prefix: str, keyword: str, text: str) -> list[str]:
    """`keyword "text"`, or `keyword ""` and continuation lines: after each newline, and at
    spaces so that no line passes the width."""
    if text.find("\n", 0, len(text) - 1) < 0:  # one line, perhaps ending with its newline
        chunks = [_escape(text)]
        single = f'{prefix}{keyword} "{chunks[0]}"'
        if len(single) <= WRAP_WIDTH:
            return [single]
    else:  # gettext breaks after "\n" only (not at U+2028 or NEL, as splitlines would)
        pieces = text.split("\n")
        chunks = [_escape(piece + "\n") for piece in pieces[:-1]]
        if pieces[-1]:
            chunks.append(_escape(pieces[-1]))
    lines = [f'{prefix}{keyword} ""']
    room = WRAP_WIDTH - len(prefix) - 2
    for chunk in chunks:
        start, length = 0, len(chunk)
        while length - start > room:
            space = chunk.rfind(" ", start, start + room)
            if space < 0:  # one long word: gettext does not break it either
                space = chunk.find(" ", start + room)
            cut = space + 1 if space >= 0 else length
            lines.append(f'{prefix}"{chunk[start:cut]}"')
            start = cut
        if start < length:
            lines.append(f'{prefix}"{chunk[start:]}"')
    return lines
