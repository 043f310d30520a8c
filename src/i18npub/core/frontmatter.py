"""YAML front matter: finding prose values with their source positions, writing translated values
back, and setting the keys `build` adds. The only module that imports PyYAML.

PyYAML's composer gives every scalar its style and exact character offsets, so a value can be
replaced in place while every other byte (keys, order, comments, quoting) stays as it was.
A translated value keeps the source's layout (same folds, same quotes) when it can; otherwise
it is re-encoded in the same style (a block scalar keeps its header), and quoted whenever that
would not read back as the same string (a French ` : ` in a plain scalar, say). Every rewrite is
then read back (`rewrite`): each translated value must read as its translation and every other
scalar as before, or the value is double-quoted; if even that does not read back, the article
is refused. So a front matter is never written as invalid YAML or with a wrong value.

The forms, and what is decided for each:
- The delimiters (`---`, or `...` to close), a BOM, comments and the file's line endings (LF
  or CRLF) are kept; what is written uses the file's line ending.
- Block scalars (`|`, `>`, chomping `-`/`+`, indentation indicators such as `|2-`): what is
  rewritten is the header and the content lines; the line break after them and any blank lines
  that follow are kept. A folded (`>`) translation is folded again as libyaml would.
- Flow collections (`{title: Titre}`, `images: [{alt: Texte}]`): a plain value there must not
  hold flow indicators (`,[]{}?`), else it is quoted.
- Anchors and tags (`&a`, `!!str`) stay in front of the rewritten value. A translated anchored
  value changes at each of its aliases (`*a`): the author made them the same value. An alias
  is not a unit of its own.
- Duplicate keys are refused at the second one (PyYAML and Jekyll would keep the last silently).
- Keys `build` adds (`lang`, `ref`): a top-level key that holds a single value is rewritten in
  place; the others are appended in block style at the keys' indentation, or inserted inside
  the braces of a flow mapping. A front matter that is not a mapping (a list, a single value),
  or a key that holds a list, a mapping or an alias, is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import yaml

from ..errors import SourceError

try:  # libyaml is much faster, and it is what Jekyll reads with; the pure-Python loader gives the same marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_OPENING = re.compile(r"---[ \t]*\r?\n")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)")
FOLD_WIDTH = 80  # libyaml's best width
_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |:$| #|\s$|\t|[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_FLOW_INDICATORS = frozenset(",[]{}?")  # what ends a plain scalar inside a flow collection
_STR = "tag:yaml.org,2002:str"
ALIAS = "alias"  # the tag recorded for an alias: its value is checked where it is anchored
_BLOCK_HEADER = re.compile(r"[|>]([+-]?)([1-9]?)([+-]?)")


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
    start: int  # offsets in the article text of the scalar itself: no anchor or tag; for a
    end: int  # block scalar, the header and content lines without the line break after them
    line: int
    column: int
    indent: int  # indentation of continuation lines when re-folded; a block scalar's content indentation
    flow: bool  # inside a flow collection


class Scalar(NamedTuple):
    """A scalar of the front matter, or an alias (tag ALIAS, no value)."""

    path: str  # a mapping's keys have the path `<mapping path>{}`
    tag: str
    value: str
    start: int  # offsets in the front matter, as FrontMatterValue's
    end: int


@dataclass
class Slot:
    """The value of a top-level key, where `build` may set the key."""

    holds: str  # "scalar", or what it holds instead: "an alias", "a list", "a mapping"
    start: int  # offsets in the front matter of what a new value replaces: a scalar (as
    end: int  # FrontMatterValue's), or the place of an empty one
    line: int  # the key's line in the article
    before: str = ""  # what a value written there needs before it: a blank, or a `:` too


@dataclass
class Document:
    """What a rewrite needs of the front matter besides its prose values: every scalar (to check
    the rewrite against), and the shape of the top level (to set keys in)."""

    scalars: list[Scalar]
    shape: str  # "block", "flow" (mapping) or "empty"; else what it is: "a list", "a single value"
    keys: dict[str, Slot]  # the top-level keys that are scalars, with their values
    column: int  # block: the column of the top-level keys
    insertion: tuple[int, str]  # flow: offset in the front matter where new entries go, and what precedes them


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


def read(text: str, fm: FrontMatter, keys: set[str], path: str, key: Callable[[str], str] = str) -> tuple[list[FrontMatterValue], Document]:
    """The prose values (string scalars whose paths, as `key` gives them, are in `keys`) and the
    document, from one parse. Raises SourceError for invalid YAML and for a duplicate key."""
    root = compose(text, fm, path)
    walk = _Walk(text, fm, keys, path, root, key)
    if root is not None:
        walk.node(root, "", 2, False)
    return walk.values, walk.document()


def _tokens(source: str) -> list[yaml.Token]:
    return list(yaml.scan(source, Loader=_Loader))


class _Walk:
    """One traversal of the composed front matter: prose values, every scalar, the top-level
    keys, and duplicate keys refused."""

    def __init__(self, text: str, fm: FrontMatter, wanted: set[str], path: str, root: yaml.Node | None, key: Callable[[str], str]):
        self.fm = fm
        self.root = root
        self.source = text[fm.start : fm.end]
        self.wanted = wanted
        self.key = key
        self.path = path
        self.values: list[FrontMatterValue] = []
        self.scalars: list[Scalar] = []
        self.keys: dict[str, Slot] = {}
        self.seen: set[int] = set()  # ids of the nodes walked: meeting one again is meeting an alias
        self.token_starts: dict[int, int] | None = None

    def node(self, node: yaml.Node, node_path: str, indent: int, flow: bool) -> None:
        if id(node) in self.seen:
            self.scalars.append(Scalar(node_path, ALIAS, "", 0, 0))
            return
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node, node_path, indent, flow)
        elif isinstance(node, yaml.MappingNode):
            self.mapping(node, node_path)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self.node(item, node_path + "[]", item.start_mark.column + 2, bool(node.flow_style))

    def mapping(self, node: yaml.MappingNode, node_path: str) -> None:
        met: set[tuple[str, str]] = set()
        flow = bool(node.flow_style)
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if (key.tag, key.value) in met:
                    message = f"duplicate key `{key.value}` in the front matter (YAML keeps only the last one)"
                    raise SourceError(message, self.path, self.fm.first_line + key.start_mark.line)
                met.add((key.tag, key.value))
            child = f"{node_path}.{key.value}" if node_path else str(key.value)
            alias = id(value) in self.seen
            self.node(key, node_path + "{}", 0, flow)
            self.node(value, child, key.start_mark.column + 2, flow)
            if node is self.root and isinstance(key, yaml.ScalarNode):
                self.keys[str(key.value)] = self.slot(key, value, alias, self.fm.first_line + key.start_mark.line)

    def slot(self, key: yaml.ScalarNode, value: yaml.Node, alias: bool, line: int) -> Slot:
        if alias:
            return Slot("an alias", 0, 0, line)
        if not isinstance(value, yaml.ScalarNode):
            return Slot("a list" if isinstance(value, yaml.SequenceNode) else "a mapping", 0, 0, line)
        start, end, _ = self.extent(value)
        between = self.source[key.end_mark.index : start]
        if start < end:
            return Slot("scalar", start, end, line)
        if ":" not in between:  # a key without a value indicator (`{lang}`): write one after it
            return Slot("scalar", key.end_mark.index, key.end_mark.index, line, ": ")
        return Slot("scalar", start, end, line, "" if between[-1].isspace() else " ")

    def scalar(self, node: yaml.ScalarNode, node_path: str, indent: int, flow: bool) -> None:
        start, end, block_indent = self.extent(node)
        self.scalars.append(Scalar(node_path, node.tag, node.value, start, end))
        if self.key(node_path) in self.wanted and node.tag == _STR:
            style = node.style or ""
            self.values.append(
                FrontMatterValue(
                    node_path,
                    node.value,
                    style,
                    self.fm.start + start,
                    self.fm.start + end,
                    self.fm.first_line + node.start_mark.line,
                    node.start_mark.column,
                    block_indent if style in ("|", ">") else indent,
                    flow,
                )
            )

    def extent(self, node: yaml.ScalarNode) -> tuple[int, int, int]:
        """Offsets of the scalar itself in the front matter, and a block scalar's indentation."""
        start, end = node.start_mark.index, node.end_mark.index
        if self.source[start : start + 1] in ("&", "!"):  # an anchor or a tag: the node starts there
            if self.token_starts is None:
                scalars = (t for t in _tokens(self.source) if isinstance(t, yaml.ScalarToken))
                self.token_starts = {t.end_mark.index: t.start_mark.index for t in scalars}
            start = self.token_starts.get(end, end)  # no token: an empty scalar
        if node.style in ("|", ">"):
            return (start, *_block_extent(self.source, start, end, node.value))
        return start, end, 0

    def document(self) -> Document:
        root = self.root
        insertion = (0, "")
        if root is None:
            shape = "empty"
        elif isinstance(root, yaml.MappingNode):
            shape = "flow" if root.flow_style else "block"
            if root.flow_style:
                last = self.keys.get(str(root.value[-1][0].value)) if root.value else None
                insertion = _flow_insertion(self.source, last.end if last and last.start == last.end else 0)
        else:
            shape = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        column = root.start_mark.column if shape == "block" else 0
        return Document(self.scalars, shape, self.keys if shape in ("block", "flow") else {}, column, insertion)


def _block_extent(source: str, start: int, end: int, value: str) -> tuple[int, int]:
    """The end of a block scalar's content lines and their indentation. PyYAML's span,
    source[start:end], goes on over the line breaks and blank lines after the content, up to
    the next token, sometimes into its indentation."""
    header_end = source.find("\n", start, end)
    if header_end < 0:
        return end, 0
    region_end = source.rfind("\n", start, end) + 1
    lines = source[header_end + 1 : region_end].split("\n")[:-1]
    content = [line.removesuffix("\r") for line in lines]
    first = next((line for line in content if line.strip(" ")), None)
    first_value_line = next((line for line in value.split("\n") if line.strip(" ")), "")
    indent = 0
    if first is not None:
        indent = len(first) - len(first.lstrip(" ")) - (len(first_value_line) - len(first_value_line.lstrip(" ")))
    header = _BLOCK_HEADER.match(source, start)
    keep = header is not None and "+" in (header.group(1), header.group(3))
    last = len(content) - 1
    if not keep:  # trailing blank lines (no more than the indentation in spaces) are not the value's
        while last >= 0 and not content[last].strip(" ") and len(content[last]) <= indent:
            last -= 1
    if last < 0:
        return header_end - (1 if source[header_end - 1] == "\r" else 0), indent
    return header_end + 1 + sum(len(line) + 1 for line in lines[:last]) + len(content[last]), indent


def _flow_insertion(source: str, empty_end: int) -> tuple[int, str]:
    """Where new entries go in a top-level flow mapping: after its last entry (after its value
    when that is empty, ending at `empty_end`: `build` may set it), and what must come before
    them there (a comma, unless the mapping is empty or ends with one)."""
    tokens = _tokens(source)
    end = max(i for i, token in enumerate(tokens) if isinstance(token, yaml.FlowMappingEndToken))
    before = tokens[end - 1]
    at = max(before.end_mark.index, empty_end)
    if isinstance(before, yaml.FlowMappingStartToken):
        return at, ""
    if isinstance(before, yaml.FlowEntryToken):
        return at, " "
    if isinstance(before, yaml.ValueToken):  # `{a: }`: libyaml wants a blank between `:` and `,`
        return at, " , "
    return at, ", "


def plain_or_quoted(value: str, flow: bool = False) -> str:
    """A one-line scalar for what the tool writes (in a flow collection when `flow`)."""
    return value if _plain_reads_back(value, flow) else quoted(value)


# first characters of the values YAML reads as something else than a string (bool, number, null,
# date, merge key): PyYAML's own table of implicit types, keyed by first character
_TYPED_FIRST_CHARACTERS = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)  # CSafeLoader's and SafeLoader's


_PLAIN_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")  # what a plain scalar cannot start with
# plain scalars that the generators' YAML 1.1 readers may take for something else than a string
# where PyYAML reads one: Ruby's (Jekyll) reads `:x` as a symbol, which Jekyll refuses, `1,000` and
# `0:30` as numbers, `nULL` and `yEs` as null and true; each of its other types is one word, or a
# time after a date; and Ruby's `^`, `$` match at each line, so any line of a value counts. A
# translation is never written so.
_TYPED_ELSEWHERE = re.compile(r"[:~]|(?i:y|n|yes|no|true|false|on|off|null)$|[-+.\d]\S*$|-?\d{4}-")


def _typed_elsewhere(value: str) -> bool:
    return any(_TYPED_ELSEWHERE.match(line) for line in value.split("\n"))


def _plain_reads_back(value: str, flow: bool = False) -> bool:
    """Whether `value` written as a plain scalar (in a flow collection when `flow`) reads back
    as the same string."""
    if flow and not _FLOW_INDICATORS.isdisjoint(value):
        return False
    if _typed_elsewhere(value):
        return False
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


def _block_pieces(source: str, indent: int) -> list[_Piece]:
    """Pieces of a literal (`|`) block scalar's span: the header, the indentation, the line
    breaks and carriage returns are not literal."""
    header_end = source.find("\n") + 1
    if not header_end:
        return [_Piece(0, len(source), "", False)]
    pieces = [_Piece(0, header_end, "", False)]
    pos = header_end
    lines = source[header_end:].split("\n")
    for number, line in enumerate(lines):
        content = line.removesuffix("\r")
        margin = min(indent, len(content) - len(content.lstrip(" ")))  # a blank line may be shorter
        if margin:
            pieces.append(_Piece(pos, pos + margin, "", False))
        if len(content) > margin:
            pieces.append(_Piece(pos + margin, pos + len(content), content[margin:], True))
        if content != line:
            pieces.append(_Piece(pos + len(content), pos + len(line), "", False))
        pos += len(line)
        if number < len(lines) - 1:
            pieces.append(_Piece(pos, pos + 1, "\n", False))
            pos += 1
    return pieces


def _block_tail(source: str, value: str) -> str:
    """What a block scalar's value holds after its span: the line break that clipping (no
    indicator) or keeping (`+`) chomping reads from the line break after the content."""
    header = _BLOCK_HEADER.match(source)
    strip = header is not None and "-" in (header.group(1), header.group(3))
    return "\n" if not strip and value.endswith("\n") else ""


def _pieces(source: str, item: FrontMatterValue) -> list[_Piece] | None:
    """The pieces of a flow scalar's span or a literal block scalar's, when they decode to the
    value (a block scalar's without its tail)."""
    if item.style == "|":
        pieces = _block_pieces(source, item.indent)
        expected = item.value.removesuffix(_block_tail(source, item.value))
    elif item.style == ">":
        return None
    else:
        pieces = _flow_pieces(source, item.style)
        expected = item.value
    return pieces if "".join(p.decoded for p in pieces) == expected else None


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


def _needs_escapes(text: str) -> bool:
    """Whether `text` holds characters that only a double-quoted scalar can carry as they are."""
    return "\r" in text or _NOT_PRINTABLE.search(text) is not None


def _keep_layout(source: str, item: FrontMatterValue, new: str) -> str | None:
    """The source with its literal runs replaced by `new`'s characters at the same offsets: folds,
    escapes, quotes and a block scalar's lines kept. Possible only when `new` lines up with the
    old value and each run can carry its new characters as they are."""
    pieces = _pieces(source, item)
    if not pieces or len(new) != len(item.value):
        return None
    if item.style == "" and item.flow and not _FLOW_INDICATORS.isdisjoint(new):
        return None  # they would end the plain scalar
    if item.style == "" and new != item.value and _typed_elsewhere(new):
        return None
    if item.style == "|":
        tail = _block_tail(source, item.value)
        if not new.endswith(tail):
            return None
        new = new[: len(new) - len(tail)]
    out = []
    offset = 0
    for piece in pieces:
        part = new[offset : offset + len(piece.decoded)]
        offset += len(piece.decoded)
        if not piece.literal:
            if part != piece.decoded:
                return None
            out.append(source[piece.start : piece.end])
        elif item.style == '"':
            out.append(_escape_double(part))
        elif "\n" in part or _needs_escapes(part):
            return None
        elif item.style == "" and "\t" in part:  # YAML, but not to every reader (PyYAML's own stops at `\t(`)
            return None
        elif item.style == "'":
            out.append(_escape_single(part))
        else:
            out.append(part)
    return source[: pieces[0].start] + "".join(out) + source[pieces[-1].end :]


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
    """`new` written as a flow scalar in `style`, folded like the source (one line stays one line)."""
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


def _block(source: str, item: FrontMatterValue, new: str, eol: str) -> str | None:
    """`new` as a block scalar under the source's header (its indicators and comment kept), at
    the source's indentation; None when that header cannot carry it."""
    header_end = source.find("\n")
    header = source if header_end < 0 else source[:header_end].removesuffix("\r")
    indicators = _BLOCK_HEADER.match(header)
    if indicators is None:
        return None
    chomping = indicators.group(1) or indicators.group(3)
    content = new.removesuffix("\n") if chomping != "-" else new
    if (content == new and chomping != "-") or (content.endswith("\n") and chomping != "+"):
        return None  # clipping reads one final line break, stripping none, keeping at least one
    if not content.strip() or _needs_escapes(content):
        return None
    lines = content.split("\n")
    first = next(line for line in lines if line)
    if first.startswith(" ") and not indicators.group(2):
        return None  # the indentation would be read from that line
    margin = " " * item.indent
    if header.startswith("|"):
        body = [margin + line if line else "" for line in lines]
    else:
        if any(line[:1] in (" ", "\t") for line in lines):
            return None  # more-indented lines are not folded: their line breaks are kept
        body = []
        after_text = False
        for line in lines:
            if line and after_text:
                body.append("")  # between two lines of text, one line break more than the newlines
            body.append(margin + _fold(line, item.indent, item.indent, FOLD_WIDTH, eol) if line else "")
            after_text = after_text or bool(line)
    return header + "".join(eol + line for line in body)


def encode(text: str, item: FrontMatterValue, new: str) -> str:
    """Source text for `new` at `item`'s place: same layout when possible, else the same style,
    else a quoted form. The caller checks the result by reading the YAML back (`rewrite`)."""
    source = text[item.start : item.end]
    kept = _keep_layout(source, item, new)
    if kept is not None:
        return kept
    eol = "\r\n" if "\r\n" in text[item.start : item.end + 2] else "\n"
    if item.style in ("|", ">"):
        return _block(source, item, new, eol) or quoted(new)
    style = item.style
    if style == "" and not _plain_reads_back(new, item.flow):
        style = "'"
    if _needs_escapes(new):
        style = '"'
    return _re_encode(source, item, new, eol, style)


def quoted(new: str) -> str:
    """The last resort: a double-quoted scalar on one line, always valid YAML."""
    return '"' + _escape_double(new) + '"'


def _reads_back(encoded: str, expected: str) -> bool:
    try:
        return yaml.load(encoded, Loader=_Loader) == expected
    except yaml.YAMLError:
        return False


# --- rewriting a front matter ---------------------------------------------------------------------


Edit = tuple[int, int, str]  # replace text[start:end] (offsets in the article) by the string
Expected = tuple[str, str, str]  # a scalar as it must read back: path, tag, value


def block_entries(pairs: list[tuple[str, str]], indent: str, eol: str) -> str:
    """`key: value` lines in block style."""
    return "".join(f"{indent}{plain_or_quoted(key)}: {plain_or_quoted(value)}{eol}" for key, value in pairs)


def rewrite(
    text: str,
    fm: FrontMatter,
    document: Document,
    values: list[FrontMatterValue],
    changes: dict[int, str],
    added: dict[str, str],
    path: str,
) -> str:
    """The article's head, text[:fm.body], with each `values[i]` written as `changes[i]` and the
    `added` keys set. A value whose encoding does not read back is double-quoted; a head that
    still does not read back as intended is refused (SourceError)."""
    if not changes and not added:
        return text[: fm.body]
    key_edits, in_place, appended = _key_edits(text, fm, document, added, path)
    expected, origins = _expected(document, fm, values, changes, in_place, appended)
    written = {i: encode(text, values[i], new) for i, new in changes.items()}

    def attempt() -> tuple[str, list[int] | None]:
        edits = [(values[i].start, values[i].end, new) for i, new in written.items()] + key_edits
        head = _apply(text, fm.body, edits)
        return head, _misread(head, path, expected, origins, list(changes))

    head, failing = attempt()
    if failing:  # an encoding that does not read back: double-quote those values
        written.update({i: quoted(changes[i]) for i in failing})
        head, failing = attempt()
    if failing is not None:
        culprit = values[failing[0]] if failing else None
        what = f"the translation of `{culprit.path}`" if culprit else f"the keys {', '.join(f'`{k}`' for k in added)}"
        raise SourceError(f"cannot write {what} into the front matter as YAML that reads back", path, culprit.line if culprit else fm.first_line)
    return head


def _key_edits(
    text: str, fm: FrontMatter, document: Document, added: dict[str, str], path: str
) -> tuple[list[Edit], dict[tuple[str, int], str], list[tuple[str, str]]]:
    """Edits setting the `added` keys; the values set in place; the keys appended."""
    edits: list[Edit] = []
    in_place: dict[str, str] = {}
    appended: list[tuple[str, str]] = []
    if not added:
        return edits, in_place, appended
    if document.shape not in ("block", "flow", "empty"):
        keys = ", ".join(f"`{key}`" for key in added)
        raise SourceError(f"the front matter is {document.shape}, not a mapping: cannot add {keys}", path, fm.first_line)
    flow = document.shape == "flow"
    for key, value in added.items():
        slot = document.keys.get(key)
        if slot is None:
            appended.append((key, value))
            continue
        if slot.holds != "scalar":
            raise SourceError(f"the front matter's `{key}` holds {slot.holds}: cannot set it to `{value}`", path, slot.line)
        written = plain_or_quoted(value, flow)
        edits.append((fm.start + slot.start, fm.start + slot.end, slot.before + written))
        in_place[key] = value
    if appended and flow:
        at, before = document.insertion
        entries = ", ".join(f"{plain_or_quoted(key, True)}: {plain_or_quoted(value, True)}" for key, value in appended)
        edits.append((fm.start + at, fm.start + at, before + entries))
    elif appended:
        eol = "\r\n" if text[: fm.start].endswith("\r\n") else "\n"
        edits.append((fm.end, fm.end, block_entries(appended, " " * document.column, eol)))
    return edits, in_place, appended


def _expected(
    document: Document,
    fm: FrontMatter,
    values: list[FrontMatterValue],
    changes: dict[int, str],
    in_place: dict[str, str],
    appended: list[tuple[str, str]],
) -> tuple[list[Expected], list[int | None]]:
    """Every scalar as the rewritten front matter must read it, in document order, and for each
    the index of the translated value it is (None for the others)."""
    changed = {(values[i].path, values[i].start - fm.start): i for i in changes}
    expected: list[Expected] = []
    origins: list[int | None] = []
    for scalar in document.scalars:
        where = (scalar.path, scalar.start)
        index = changed.get(where) if scalar.tag != ALIAS else None
        if index is not None:
            expected.append((scalar.path, _STR, changes[index]))
        elif scalar.tag != ALIAS and scalar.path in in_place:  # a top-level key: nested paths are dotted
            expected.append((scalar.path, _STR, in_place[scalar.path]))
        else:
            expected.append((scalar.path, scalar.tag, scalar.value))
        origins.append(index)
    for key, value in appended:
        expected += [("{}", _STR, key), (key, _STR, value)]
        origins += [None, None]
    return expected, origins


def _apply(text: str, end: int, edits: list[Edit]) -> str:
    """text[:end] with the edits made."""
    out = []
    pos = 0
    for start, stop, new in sorted(edits, key=lambda edit: edit[:2]):
        out.append(text[pos:start])
        out.append(new)
        pos = stop
    out.append(text[pos:end])
    return "".join(out)


def _misread(head: str, path: str, expected: list[Expected], origins: list[int | None], changed: list[int]) -> list[int] | None:
    """None when `head` reads back as expected; else the translated values to quote: those that
    read back wrong, or all of them when anything else does."""
    try:
        fm = locate(head, path)
        if fm is None or fm.body != len(head):  # a delimiter line written inside the YAML
            return changed
        document = read(head, fm, [], path)[1]
    except SourceError:
        return changed
    found = [(scalar.path, scalar.tag, scalar.value) for scalar in document.scalars]
    if len(found) != len(expected):
        return changed
    failing = []
    for want, got, origin in zip(expected, found, origins):
        if want != got:
            if origin is None:
                return changed
            failing.append(origin)
    return failing or None


def load_yaml(text: str, path: str) -> object:
    """A YAML document's data (a generator's configuration file), errors named with the line."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SourceError(f"invalid YAML: {exc.problem or exc.context}", path, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML: {exc}", path) from None
