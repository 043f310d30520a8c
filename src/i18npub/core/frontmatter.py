"""YAML front matter: finding prose values with their source positions, and writing translated
values back in their original style. The only module that imports PyYAML.

PyYAML's composer gives every scalar its style and exact character offsets, so a value can be
replaced in place while every other byte (keys, order, comments, quoting) stays as it was.
A translated value keeps the source's layout (same folds, same quotes) when it can; otherwise
it is re-encoded in the same style, and quoted whenever the plain form would not read back as
the same string (a French ` : ` in a plain scalar, say).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

from ..errors import SourceError

try:  # libyaml is much faster; the pure-Python loader gives the same marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_OPENING = re.compile(r"---[ \t]*\r?\n")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)")
FOLD_WIDTH = 80  # libyaml's best width
_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |:$| #|\s$|\t|[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


@dataclass
class FrontMatter:
    """Where the front matter sits in the article: text[start:end] is the YAML, and the body
    starts at `body`, after the closing `---` line."""

    start: int
    end: int
    body: int
    first_line: int  # line number of text[start] in the article


@dataclass
class FrontMatterValue:
    """A scalar at a configured prose path."""

    path: str  # e.g. "une-ou-diaporama[].alternative-textuelle"
    value: str  # decoded
    style: str  # "", "'", '"', "|", ">"
    start: int  # offsets in the article text
    end: int
    line: int
    column: int
    indent: int  # indentation of continuation lines when the value is re-folded


def locate(text: str, path: str) -> FrontMatter | None:
    """Find a YAML front matter at the start of `text` (after an optional BOM)."""
    offset = 1 if text.startswith("\ufeff") else 0
    opening = _OPENING.match(text, offset)
    if not opening:
        return None
    closing = _closing_line(text, opening.end())
    if not closing:
        raise SourceError("front matter is not closed by a `---` line", path, 1)
    return FrontMatter(opening.end(), closing.start(), closing.end(), 2)


def _closing_line(text: str, line: int) -> re.Match[str] | None:
    """The first `---` or `...` line from `line`, a line start. Candidates are found by str.find:
    a pattern anchored at line starts would be tried at every character."""
    while True:
        match = _CLOSING.match(text, line)
        if match:
            return match
        candidates = [found for found in (text.find("\n---", line), text.find("\n...", line)) if found >= 0]
        if not candidates:
            return None
        line = min(candidates) + 1


def compose(text: str, fm: FrontMatter, path: str) -> yaml.Node | None:
    try:
        return yaml.compose(text[fm.start : fm.end], Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = fm.first_line + mark.line if mark else fm.first_line
        raise SourceError(f"invalid YAML front matter: {exc.problem or exc.context}", path, line) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML front matter: {exc}", path, fm.first_line) from None


Scalar = tuple[str, str, str, int, int]  # path, tag, value, start and end offsets in the front matter


def read(text: str, fm: FrontMatter, keys: list[str], path: str) -> tuple[list[FrontMatterValue], list[Scalar]]:
    """The prose values (scalars at the paths in `keys`) and every scalar, from one parse."""
    root = compose(text, fm, path)
    return _prose_values(root, fm, keys), _scalars(root)


def _prose_values(root: yaml.Node | None, fm: FrontMatter, keys: list[str]) -> list[FrontMatterValue]:
    """The scalars whose path is listed in `keys`, in document order."""
    found: list[FrontMatterValue] = []
    if root is not None:
        _visit_prose(root, "", 2, set(keys), fm, found)
    return found


# the walks are module functions rather than closures, which mypyc compiles to slower calls
def _visit_prose(
    node: yaml.Node, node_path: str, indent: int, wanted: set[str], fm: FrontMatter, found: list[FrontMatterValue]
) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = f"{node_path}.{key.value}" if node_path else str(key.value)
                _visit_prose(value, child, key.start_mark.column + 2, wanted, fm, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _visit_prose(item, node_path + "[]", item.start_mark.column + 2, wanted, fm, found)
    elif isinstance(node, yaml.ScalarNode) and node_path in wanted and node.tag.endswith(":str"):
        found.append(
            FrontMatterValue(
                node_path,
                node.value,
                node.style or "",
                fm.start + node.start_mark.index,
                fm.start + node.end_mark.index,
                fm.first_line + node.start_mark.line,
                node.start_mark.column,
                indent,
            )
        )


def plain_or_quoted(value: str) -> str:
    """A one-line scalar for keys the tool writes."""
    return value if _plain_reads_back(value) else quoted(value)


# first characters of the values YAML reads as something else than a string (bool, number, null,
# date, merge key): PyYAML's own table of implicit types, keyed by first character
_TYPED_FIRST_CHARACTERS = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)  # CSafeLoader's and SafeLoader's


_PLAIN_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")  # what a plain scalar cannot start with


def _plain_reads_back(value: str) -> bool:
    """Whether `value` written as a plain scalar reads back as the same string."""
    if value and value.isprintable() and value[0] not in _TYPED_FIRST_CHARACTERS:
        # `_PLAIN_UNSAFE` by string tests: in printable text the only whitespace is the space,
        # and there is no tab, line break or control character
        return not (value[0] in _PLAIN_INDICATORS or value[-1] in " :" or ": " in value or " #" in value)
    return bool(value) and not _PLAIN_UNSAFE.search(value) and _reads_back(value, value)


# --- decoding a scalar's source into pieces ------------------------------------------------------


@dataclass(slots=True)
class _Piece:
    start: int  # offsets in the scalar's source
    end: int
    decoded: str
    literal: bool  # decoded == source, character for character


_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}


_BLANKS = " \t\r\n"
_BACKSLASH_ESCAPE = re.compile(r"\\(?:[\r\n][ \t\r\n]*|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)


def _flow_specials(source: str, style: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of what is not a literal run in `source[lo:hi]`, left to right: folds (a run of blanks
    holding a line break), and `''` (single-quoted) or backslash escapes (double-quoted). Found
    from their literal characters by str.find: a pattern starting with a blank would be tried at
    every character (the tests keep that pattern, as the definition)."""
    spans: list[tuple[int, int]] = []
    pos = lo
    while pos < hi:
        fold = source.find("\n", pos, hi)
        if fold >= 0:
            while fold > pos and source[fold - 1] in _BLANKS:
                fold -= 1
        escape = source.find("''" if style == "'" else "\\", pos, hi) if style else -1
        if escape >= 0 and (fold < 0 or escape < fold):
            match = _BACKSLASH_ESCAPE.match(source, escape, hi) if style == '"' else None
            if style == '"' and match is None:  # a backslash with nothing after it: literal
                pos = escape + 1
                continue
            end = match.end() if match is not None else escape + 2
            spans.append((escape, end))
            pos = end
        elif fold >= 0:
            end = fold
            while end < hi and source[end] in _BLANKS:
                end += 1
            spans.append((fold, end))
            pos = end
        else:
            break
    return spans


def _flow_pieces(source: str, style: str) -> list[_Piece]:
    """Pieces of a plain, single- or double-quoted scalar: literal runs, folds and escapes."""
    lo, hi = (1, len(source) - 1) if style in ("'", '"') else (0, len(source))
    pieces: list[_Piece] = []
    literal_from = lo
    for start, end in _flow_specials(source, style, lo, hi):
        if start > literal_from:
            pieces.append(_Piece(literal_from, start, source[literal_from:start], True))
        token = source[start:end]
        if token[0] != "\\" and token != "''":  # a fold: one break reads as a space
            breaks = token.count("\n")
            decoded = " " if breaks == 1 else "\n" * (breaks - 1)
        elif token == "''":
            decoded = "'"
        elif token[1] in "\r\n":  # escaped line break: joins lines without a space
            decoded = ""
        elif token[1] in "xuU":
            decoded = chr(int(token[2:], 16))
        else:
            decoded = _ESCAPES[token[1]]
        pieces.append(_Piece(start, end, decoded, False))
        literal_from = end
    if hi > literal_from:
        pieces.append(_Piece(literal_from, hi, source[literal_from:hi], True))
    return pieces


def _block_pieces(source: str, value: str) -> list[_Piece]:
    """Pieces of a literal (`|`) block scalar: indentation and header are not literal."""
    header_end = source.find("\n") + 1
    pieces = [_Piece(0, header_end, "", False)]
    lines = source[header_end:].split("\n")
    indent = min((len(x) - len(x.lstrip(" ")) for x in lines if x.strip()), default=0)
    pos = header_end
    for number, line in enumerate(lines):
        body = line[indent:] if len(line) >= indent else ""
        body_start = pos + len(line) - len(body)
        if body_start > pos:
            pieces.append(_Piece(pos, body_start, "", False))
        content = body[:-1] if body.endswith("\r") else body
        if content:
            pieces.append(_Piece(body_start, body_start + len(content), content, True))
        if content != body:
            pieces.append(_Piece(body_start + len(content), body_start + len(body), "", False))
        pos += len(line)
        if number < len(lines) - 1:
            pieces.append(_Piece(pos, pos + 1, "\n", True))
            pos += 1
    # chomping: turn surplus trailing newlines into non-literal pieces until the value matches
    decoded = "".join(p.decoded for p in pieces)
    for piece in reversed(pieces):
        if decoded == value or len(decoded) <= len(value):
            break
        if piece.decoded == "\n":
            piece.decoded, piece.literal = "", False
            decoded = decoded[:-1] if decoded.endswith("\n") else decoded
    return pieces


def _pieces(source: str, item: FrontMatterValue) -> list[_Piece] | None:
    if item.style == "|":
        pieces = _block_pieces(source, item.value)
    elif item.style == ">":
        return None
    else:
        pieces = _flow_pieces(source, item.style)
    return pieces if "".join(p.decoded for p in pieces) == item.value else None


# --- encoding a translated value -------------------------------------------------------------------


def _escape_single(text: str) -> str:
    return text.replace("'", "''")


# non-printable characters, and those YAML 1.1 reads as line breaks (NEL, LS, PS)
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\ufeff\u2028\u2029]")


def _escape_double(text: str) -> str:
    """JSON's escapes are YAML's; YAML also wants DEL, C1 controls, BOMs and NEL/LS/PS escaped."""
    escaped = json.dumps(text, ensure_ascii=False)[1:-1]
    if escaped.isprintable():  # the pattern's characters are all unprintable: spare its scan
        return escaped
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", escaped)


def _keep_layout(source: str, item: FrontMatterValue, new: str) -> str | None:
    """The source with its literal runs replaced by `new`'s characters at the same offsets: folds,
    escapes and quotes kept. Possible only when `new` lines up with the old value."""
    pieces = _pieces(source, item)
    if pieces is None or len(new) != len(item.value):
        return None
    out = []
    offset = 0
    for piece in pieces:
        part = new[offset : offset + len(piece.decoded)]
        offset += len(piece.decoded)
        if not piece.literal:
            if part != piece.decoded:
                return None
            out.append(source[piece.start : piece.end])
        elif item.style == "'":
            out.append(_escape_single(part))
        elif item.style == '"':
            out.append(_escape_double(part))
        else:
            out.append(part)
    head = source[: pieces[0].start] if pieces else ""
    tail = source[pieces[-1].end :] if pieces else ""
    return head + "".join(out) + tail


# a space between two non-spaces, spelt to start with the space: the engine then jumps from one
# space to the next instead of trying the lookbehind at every character
_SINGLE_SPACE = re.compile(r" (?<=\S )(?=\S)")


def _fold(text: str, first_column: int, indent: int, width: int, eol: str) -> str:
    """Fold at single spaces the way libyaml (Jekyll's and Siteleaf's emitter) does: a space
    becomes a line break once the line has passed `width` columns."""
    words = _SINGLE_SPACE.split(text)
    lines: list[str] = []
    current = words[0]
    column = first_column + len(current)
    for word in words[1:]:
        if column > width:
            lines.append(current)
            current, column = word, indent + len(word)
        else:
            current = f"{current} {word}"
            column += 1 + len(word)
    lines.append(current)
    return (eol + " " * indent).join(lines)


def _fold_paragraphs(text: str, first_column: int, indent: int, eol: str) -> str:
    """Fold a quoted scalar's text where line breaks stand for newlines (n newlines: n+1 breaks),
    as libyaml writes single-quoted multi-paragraph values."""
    core = text.rstrip("\n")
    trailing = len(text) - len(core)
    out = []
    column = first_column
    for index, piece in enumerate(re.split(r"(\n+)", core)):
        if index % 2:
            out.append(eol * (len(piece) + 1) + " " * indent)
            column = indent
        else:
            out.append(_fold(piece, column, indent, FOLD_WIDTH, eol))
    return "".join(out) + (eol * (trailing + 1) if trailing else "")


def _re_encode(source: str, item: FrontMatterValue, new: str, eol: str, style: str) -> str:
    """`new` written in `style`, folded like the source (one line stays one line)."""
    if style == "|":
        header = source[: source.find("\n") + 1]
        block_indent = " " * item.indent
        tail = source[len(source.rstrip("\r\n")) :]
        lines = new.rstrip("\n").split("\n")
        return header + eol.join(block_indent + x if x else "" for x in lines) + tail
    multi_line = "\n" in source
    if style == '"':
        body = _escape_double(new)
        return '"' + (_fold(body, item.column + 1, item.indent, FOLD_WIDTH, eol) if multi_line else body) + '"'
    if style == "" and "\n" not in new:
        return _fold(new, item.column, item.indent, FOLD_WIDTH, eol) if multi_line else new
    if "\n" not in new and not multi_line:
        return "'" + _escape_single(new) + "'"
    if re.search(r"^\n|[ \t]\n|\n[ \t]", new):  # spaces around a newline do not survive folding
        return quoted(new)
    return "'" + _fold_paragraphs(_escape_single(new), item.column + 1, item.indent, eol) + "'"


def encode(text: str, item: FrontMatterValue, new: str) -> str:
    """Source text for `new` at `item`'s place: same layout when possible, else the same style,
    else a quoted form. The caller checks the result by reading the YAML back (`verify`)."""
    source = text[item.start : item.end]
    kept = _keep_layout(source, item, new)
    if kept is not None:
        return kept
    eol = "\r\n" if "\r\n" in source else "\n"
    style = item.style
    if style == "" and not _plain_reads_back(new):
        style = "'"
    if style == ">":
        style = '"'
    return _re_encode(source, item, new, eol, style)


def quoted(new: str) -> str:
    """The last resort: a double-quoted scalar, always valid YAML."""
    return '"' + _escape_double(new) + '"'


def _reads_back(encoded: str, expected: str) -> bool:
    try:
        return yaml.load(encoded, Loader=_Loader) == expected
    except yaml.YAMLError:
        return False


def scalars(text: str, fm: FrontMatter, path: str) -> list[Scalar]:
    return _scalars(compose(text, fm, path))


def _scalars(root: yaml.Node | None) -> list[Scalar]:
    """Every scalar of the front matter as (path, tag, value, start, end), in document order: what
    a rewrite must leave unchanged apart from the values it meant to change. A mapping's keys have
    the path `<mapping path>{}`, and each key is followed by its value."""
    found: list[Scalar] = []
    if root is not None:
        _visit_scalars(root, "", found)
    return found


def _visit_scalars(node: yaml.Node, node_path: str, found: list[Scalar]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found.append((node_path + "{}", key.tag, str(key.value), key.start_mark.index, key.end_mark.index))
            _visit_scalars(value, f"{node_path}.{key.value}" if node_path else str(key.value), found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _visit_scalars(item, node_path + "[]", found)
    elif isinstance(node, yaml.ScalarNode):
        found.append((node_path, node.tag, node.value, node.start_mark.index, node.end_mark.index))


def load_yaml(text: str, path: str) -> object:
    """A YAML document's data (a generator's configuration file), errors named with the line."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SourceError(f"invalid YAML: {exc.problem or exc.context}", path, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML: {exc}", path) from None
