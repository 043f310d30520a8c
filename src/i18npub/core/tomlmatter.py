"""Hugo's TOML front matter (between `+++` lines): its string values found where they stand, so
that a translation replaces just them, and keys added without moving anything else.

A line scan finds each key's string (basic or literal, on one line) and each string of an
array, with the route to it (keys, and indexes in arrays and arrays of tables); `tomllib` then
reads the whole block, and only a string that it reads as the scan did is offered for
translation. A multi-line string is left as it is. After a rewrite the block is read again:
each changed value must read back as its translation.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import SourceError
from .frontmatter import FrontMatterValue

Route = tuple[str | int, ...]

_KEY_PART = r"(?:[A-Za-z0-9_-]+|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')"
_KEY = re.compile(rf"[ \t]*({_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*)[ \t]*=[ \t]*")
_KEY_PARTS = re.compile(_KEY_PART)
_TABLE = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*)[ \t]*\]\]?")
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'")
_MULTILINE_OPENING = re.compile(r"\"\"\"|'''")


@dataclass(frozen=True)
class TomlString:
    """A string of the front matter where it stands: its route, its text, and its offsets in
    the article (its quotes included)."""

    route: Route
    value: str
    start: int
    end: int
    line: int
    column: int
    in_array: bool


def read_toml(text: str, start: int, end: int, keys: set[str], path: str, key: Callable[[str], str] = str) -> tuple[list[FrontMatterValue], dict[str, Any]]:
    """The string values whose paths, as `key` gives them, are in `keys` (`title`, `params.alt`,
    `tags[]`, `images[].alt` for an array of tables) of the TOML front matter `text[start:end]`,
    and the data it holds. Raises SourceError when it is not TOML."""
    data = toml_data(text, start, end, path)
    values = []
    for found in strings(text, start, end):
        route_path = path_of(found.route)
        if key(route_path) in keys and _at(data, found.route) == found.value:
            style = found.value and text[found.start]
            values.append(FrontMatterValue(route_path, found.value, style, found.start, found.end, found.line, found.column, 0, found.in_array))
    return values, data


def path_of(route: Route) -> str:
    """A route as the configuration names it: keys joined by dots, `[]` after an array."""
    named = ""
    for step in route:
        named += "[]" if isinstance(step, int) else (f".{step}" if named else step)
    return named


def strings(text: str, start: int, end: int) -> list[TomlString]:
    """Every single-line string of the block `text[start:end]` that is a key's value or an
    array's item, in order."""
    return _scan(text, start, end)[0]


def _scan(text: str, start: int, end: int) -> tuple[list[TomlString], list[int]]:
    """The strings of the block (see `strings`), and where each table header starts."""
    found: list[TomlString] = []
    headers: list[int] = []
    tables: dict[Route, int] = {}  # an array of tables → how many so far
    prefix: Route = ()
    at = start
    while at < end:
        line_end = text.find("\n", at, end)
        line_end = end if line_end == -1 else line_end
        table = _TABLE.match(text, at, line_end)
        key = None if table else _KEY.match(text, at, line_end)
        if table:
            headers.append(at)
            route = _parts(table.group(2))
            if table.group(1) == "[[":
                tables[route] = tables.get(route, -1) + 1
                prefix = (*route, tables[route])
            else:
                prefix = route
        elif key:
            route = (*prefix, *_parts(key.group(1)))
            line_end = _value(text, key.end(), end, route, found)
        at = line_end + 1
    return found, headers


def _value(text: str, at: int, end: int, route: Route, found: list[TomlString]) -> int:
    """Read the value at `at`, adding its strings; returns where its last line ends."""
    if _MULTILINE_OPENING.match(text, at):
        return _line_end(text, _multiline_end(text, at, end), end)
    string = _STRING.match(text, at, end)
    if string:
        found.append(_string(text, string, route, False))
        return _line_end(text, string.end(), end)
    if text.startswith(("[", "{"), at):
        return _compound(text, at, end, route, found)
    return _line_end(text, at, end)


def _compound(text: str, at: int, end: int, route: Route, found: list[TomlString]) -> int:
    """An array or an inline table, across lines and whatever its strings hold: the strings
    directly in an array are added (an inline table's are left as they are); returns where
    its last line ends."""
    depth, index, position = 0, 0, at
    array = text[at] == "["
    while position < end:
        char = text[position]
        if char in "\"'":
            if _MULTILINE_OPENING.match(text, position):
                position = _multiline_end(text, position, end)
                continue
            string = _STRING.match(text, position, end)
            if string is None:
                return _line_end(text, position, end)
            if depth == 1 and array:
                found.append(_string(text, string, (*route, index), True))
            position = string.end()
            continue
        if char == "#":
            position = _line_end(text, position, end)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return _line_end(text, position, end)
        elif char == "," and depth == 1:
            index += 1
        position += 1
    return end


def _multiline_end(text: str, at: int, end: int) -> int:
    """Where the multi-line string opened at `at` (`\"\"\"` or `'''`) ends, its closing quotes
    (and up to two quotes it ends with) included."""
    quotes = text[at : at + 3]
    closing = text.find(quotes, at + 3, end)
    while closing != -1 and quotes == '"""' and _escaped(text, closing):
        closing = text.find(quotes, closing + 1, end)
    if closing == -1:
        return end
    closing += 3
    for _ in range(2):  # up to two quotes may end the string itself (`""""`)
        if closing < end and text[closing] == quotes[0]:
            closing += 1
    return closing


def _string(text: str, match: re.Match[str], route: Route, in_array: bool) -> TomlString:
    line_start = text.rfind("\n", 0, match.start()) + 1
    return TomlString(route, _decoded(match.group()), match.start(), match.end(), text.count("\n", 0, match.start()) + 1,
                      match.start() - line_start + 1, in_array)


def _decoded(literal: str) -> str:
    return tomllib.loads(f"v = {literal}")["v"]


def _parts(key: str) -> Route:
    return tuple(_decoded(part) if part[0] in "\"'" else part for part in _KEY_PARTS.findall(key))


def _escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - backslashes - 1 >= 0 and text[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _line_end(text: str, at: int, end: int) -> int:
    found = text.find("\n", at, end)
    return end if found == -1 else found


def _at(data: Any, route: Route) -> Any:
    for step in route:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def toml_data(text: str, start: int, end: int, path: str) -> dict[str, Any]:
    """What the front matter `text[start:end]` holds. Raises SourceError when it is not TOML."""
    return _load(text[start:end], text.count("\n", 0, start), path)


def _load(block: str, lines_before: int, path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise SourceError(f"invalid TOML front matter: {exc}", path, lines_before + (int(line.group(1)) if line else 1)) from None


def toml_string(value: str) -> str:
    """`value` as a TOML basic string (JSON's escapes are TOML's, but for DEL, which TOML wants escaped)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def rewrite_toml(text: str, start: int, end: int, values: list[FrontMatterValue], changes: dict[int, str],
                 added: dict[str, str], path: str) -> str:
    """The article `text` with, in its front matter `text[start:end]`, the values at the indexes
    of `changes` replaced (`values` as `read_toml` found them) and the `added` keys set at the
    top level: in place where the key has a string already, else before the first table (after
    it, a key would be the table's). Raises SourceError when the block does not read back so."""
    found, headers = _scan(text, start, end)
    routes = {string.start: string.route for string in found}
    top = {string.route[0]: string for string in found if len(string.route) == 1}
    edits = {(values[index].start, values[index].end): toml_string(new) for index, new in changes.items()}
    first_table = headers[0] if headers else end
    eol = "\r\n" if "\r\n" in text[start:end] else "\n"
    lines = ""
    for key, value in added.items():
        if key in top:
            edits[top[key].start, top[key].end] = toml_string(value)  # an added key's value is the one written
        elif not re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text[start:first_table], re.M):  # not a string: the source's stays
            lines += f"{key} = {toml_string(value)}{eol}"
    if lines:
        edits[first_table, first_table] = lines
    result = text
    for (edit_start, edit_end), replacement in sorted(edits.items(), reverse=True):
        result = result[:edit_start] + replacement + result[edit_end:]
    # read back whole: the translations and the added keys where they belong, and nothing else changed
    expected = copy.deepcopy(toml_data(text, start, end, path))
    for route, value in [(routes[values[index].start], new) for index, new in changes.items()] + \
            [((key,), value) for key, value in added.items() if key in top or f"{key} = " in lines]:
        *parents, last = route
        _at(expected, tuple(parents))[last] = value
    grown = len(result) - len(text)
    block = result[start : end + grown]
    # what surrounds the block as it was, its closing line still one (after a line break), and what it holds as expected
    if (not result.startswith(text[:start]) or not result.endswith(text[end:]) or block[-1:] != text[end - 1 : end]
            or _load(block, text.count("\n", 0, start), path) != expected):
        raise SourceError("the translated TOML front matter does not read back as the translation", path, text.count("\n", 0, start) + 1)
    return result
