"""Segmentation of kramdown Markdown (with raw HTML) into translatable units, and splicing.

A unit is a list of spans of the host text; its msgid is the spans joined by "\\n". Everything
between and around the spans (container prefixes such as `> ` or list markers, line endings,
HTML block tags, attribute lists, code) belongs to the skeleton and is copied byte for byte by
`splice`. Extraction and build share this one traversal, so they cannot drift apart.

The segmenter is line-based on purpose: kramdown is not CommonMark (`###Titre` is a heading,
Markdown goes on after a closing `</figure>` on the same line), and a parser that re-renders
cannot give back the author's bytes.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .markup import BLOCK_TAGS, TRANSLATABLE_ATTRIBUTES, TRANSLATABLE_PARAMETERS, VOID_TAGS, Kind, Token, tokenize

# what the segmenter never looks into: code, comments, raw elements, Liquid comments and
# highlighted code, unclosed constructs (kramdown's comment and option extensions too; the
# content of `{::nomarkdown}` and `{% raw %}` is visible text)
_SKIPPED = frozenset({Kind.FENCE, Kind.COMMENT, Kind.RAW_ELEMENT, Kind.LIQUID_BLOCK, Kind.DECLARATION, Kind.BROKEN})


def _skipped(token: Token) -> bool:
    if token.kind is Kind.EXTENSION:
        return token.name == "comment" or (token.text.startswith("{::") and token.text.endswith("/}"))
    return token.kind in _SKIPPED
_QUOTE = re.compile(r" {0,3}>[ ]?")
_LIST_MARKER = re.compile(r"([ \t]*)([*+-]|\d{1,9}[.)])([ \t]+)(?=\S)")
_FOOTNOTE_DEF = re.compile(r" {0,3}\[\^[^\]]+\]:[ \t]*")
_DEFINITION = re.compile(r" {0,3}:[ \t]+(?=\S)")  # kramdown definition list
_LINK_DEF = re.compile(r" {0,3}\[[^\]]+\]:")
_HEADING = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]*")
_RULE = re.compile(r" {0,3}(?:(?:[-*_][ \t]*){3,}|=+[ \t]*)$")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_TABLE_SEPARATOR = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_BLOCK_IAL = re.compile(r"[ \t]*\{:")
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|(?<=[^#\s])#+[ \t]*$")


@dataclass(slots=True)
class Unit:
    """A translatable piece of text and where it sits in its host text."""

    spans: list[tuple[int, int]]
    kind: str
    line: int
    joiner: str = "\n"  # written between translated lines beyond the source's line count
    # "markdown"; "text" for attribute and plain front-matter values; "parameter" for a shortcode's or an include's
    syntax: str = "markdown"
    msgid: str = ""
    quote: str = ""  # the quote around an attribute value or a parameter, which its translation must escape
    contents: tuple[int, int] | None = None  # a heading's whole text on its line (what ids are made from)

    def separators(self, host: str) -> list[str]:
        return [host[e:s] for (_, e), (s, _) in zip(self.spans, self.spans[1:])]


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the text: its text on its line (`start`, `end`, closing hashes and id
    included), where its last line ends (the underline's, for a setext heading), and its kind."""

    start: int
    end: int
    last_line_end: int
    atx: bool


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first character
    end: int  # offset after the content (before "\r\n" or "\n")
    eol: str  # the line ending, "" on the last line without one


def _lines(text: str) -> list[_Line]:
    lines = []
    pos = 0
    length = len(text)
    while pos <= length:
        nl = text.find("\n", pos)
        if nl == -1:
            if pos < length:
                lines.append(_Line(pos, length, ""))
            break
        end = nl - 1 if nl > pos and text[nl - 1] == "\r" else nl
        lines.append(_Line(pos, end, text[end : nl + 1]))
        pos = nl + 1
    return lines


@dataclass
class _Boundaries:
    """Regions of the host that are never prose (skip) or end a unit (block tags)."""

    skip: list[tuple[int, int]] = field(default_factory=list)
    tags: list[tuple[int, int, str, bool]] = field(default_factory=list)  # start, end, name, closing
    described: list[Token] = field(default_factory=list)  # tags with a quoted `alt`, `title`, `aria-label`…


def _find_boundaries(tokens: list[Token]) -> _Boundaries:
    found = _Boundaries()
    for token in tokens:
        if _skipped(token):
            found.skip.append((token.start, token.end))
        elif token.kind is Kind.TAG:
            if token.name in BLOCK_TAGS:
                found.tags.append((token.start, token.end, token.name, token.closing))
            if any(a.name in TRANSLATABLE_ATTRIBUTES and a.quote for a in token.attributes):
                found.described.append(token)
        elif token.kind is Kind.LIQUID and any(a.name in TRANSLATABLE_PARAMETERS for a in token.attributes):
            found.described.append(token)
    return found


def _inside(pos: int, regions: list[tuple[int, int]]) -> bool:
    """Whether `pos` falls in one of `regions`, which are sorted and do not overlap."""
    index = bisect.bisect_right(regions, (pos, sys.maxsize)) - 1
    return index >= 0 and regions[index][0] <= pos < regions[index][1]


def _strip_quotes(content: str) -> str:
    pos = 0
    while match := _QUOTE.match(content, pos):
        pos = match.end()
    return content[pos:]


class _Edges:
    """The tokens that start or end at each offset: what a unit's edges may shed."""

    def __init__(self, tokens: list[Token]):
        self.by_start = {t.start: t for t in tokens}
        self.by_end = {t.end: t for t in tokens}
        self.tokens = tokens
        self.starts = [t.start for t in tokens]


def _leading_junk(token: Token) -> bool:
    """Markup a unit's start sheds: `<br>`, attribute lists, Liquid tags."""
    return (
        (token.kind is Kind.TAG and token.name == "br")
        or token.kind is Kind.ATTRIBUTES
        or (token.kind is Kind.LIQUID and token.text.startswith("{%"))
    )


def _trailing_junk(token: Token) -> bool:
    """Markup a unit's end sheds: the same, an unclosed attribute list, a heading id."""
    return _leading_junk(token) or token.kind is Kind.UNCLOSED_ATTRIBUTES


class _Builder:
    """Collects units while walking the lines."""

    def __init__(self, text: str, base_line: int, line_starts: list[int], edges: _Edges):
        self.text = text
        self.base_line = base_line
        self.line_starts = line_starts
        self.edges = edges
        self.units: list[Unit] = []
        self.headings: list[Heading] = []  # every heading, unit or not
        self.open: Unit | None = None
        self.open_continues = False  # whether a following plain line may join the open unit
        self.open_depth = 0  # blockquote depth of the open unit

    def line_of(self, pos: int) -> int:
        return self.base_line + max(bisect.bisect_right(self.line_starts, pos) - 1, 0)

    def start(
        self, start: int, end: int, kind: str, joiner: str, continues: bool, depth: int = 0, contents: tuple[int, int] | None = None
    ) -> None:
        self.close()
        self.open = Unit([(start, end)], kind, 0, joiner, contents=contents)  # its line is set when it closes
        self.open_continues = continues
        self.open_depth = depth

    def extend(self, start: int, end: int) -> None:
        assert self.open is not None
        self.open.spans.append((start, end))

    def close(self) -> None:
        unit, self.open = self.open, None
        if unit is None:
            return
        trimmed = _trim(self.text, unit.spans, self.edges, heading=unit.kind == "heading")
        if not trimmed:
            return
        unit.spans = trimmed
        if self.has_letters(trimmed):
            unit.msgid = "\n".join([self.text[s:e] for s, e in trimmed])
            unit.line = self.line_of(trimmed[0][0])
            self.units.append(unit)

    def has_letters(self, spans: list[tuple[int, int]]) -> bool:
        """Whether a letter lies in the spans outside every token: something to translate."""
        text, edges = self.text, self.edges
        for start, end in spans:
            pos = start
            index = bisect.bisect_left(edges.starts, start)
            # a token that began before the span may still cover its start
            if index and edges.tokens[index - 1].end > start:
                pos = edges.tokens[index - 1].end
            while pos < end:
                token = edges.tokens[index] if index < len(edges.tokens) else None
                stop = min(end, token.start) if token is not None else end
                if any(c.isalpha() for c in text[pos:stop]):
                    return True
                if token is None or token.start >= end:
                    break
                pos = max(pos, token.end)
                index += 1
        return False

    def single(self, start: int, end: int, kind: str, joiner: str = " ", contents: tuple[int, int] | None = None) -> None:
        self.start(start, end, kind, joiner, continues=False, contents=contents)
        self.close()


def _trim(text: str, spans: list[tuple[int, int]], edges: _Edges, heading: bool = False) -> list[tuple[int, int]]:
    """Shed whitespace, <br> and attribute lists at the unit's two ends (and a heading's `#`s)."""
    spans = list(spans)
    while spans:
        s, e = spans[0]
        while s < e:
            if text[s].isspace():
                s += 1
                continue
            token = edges.by_start.get(s)
            if token is None or token.end > e or not _leading_junk(token):
                break
            s = token.end
        if s < e:
            spans[0] = (s, e)
            break
        spans.pop(0)
    while spans:
        s, e = spans[-1]
        if heading and "#" in text[s:e]:  # both forms of a heading's closing sequence hold a `#`
            e = s + len(_HEADING_CLOSE.sub("", text[s:e]))
        e = _without_trailing_junk(text, s, e, edges)
        if heading and e > s:
            closed = s + len(_HEADING_CLOSE.sub("", text[s:e]).rstrip())
            if closed != e:  # `## Titre ## {#id}`: the hashes were before the junk
                e = closed
        if s < e:
            spans[-1] = (s, e)
            break
        spans.pop()
    # inner lines keep their trailing spaces (hard breaks) but not their leading indentation
    result = []
    for i, (s, e) in enumerate(spans):
        if i:
            while s < e and text[s] in " \t":
                s += 1
        if s < e:
            result.append((s, e))
    return result


def _without_trailing_junk(text: str, s: int, e: int, edges: _Edges) -> int:
    """Where text[s:e] ends once the whitespace, <br>, attribute lists and Liquid tags it ends
    with are shed."""
    while e > s:
        if text[e - 1].isspace():
            e -= 1
            continue
        token = edges.by_end.get(e)
        if token is None or token.start < s or not _trailing_junk(token):
            break
        e = token.start
    return e


def segment(text: str, base_line: int = 1, headings: list[Heading] | None = None, tokens: list[Token] | None = None) -> list[Unit]:
    """The units of a Markdown text, in document order. `base_line` is the line of text[0].
    `headings`, when given, receives every heading, whether it is a unit or not (what
    generators make heading ids from); `tokens` the text's markup tokens (without line tokens)."""
    lines = _lines(text)
    found = tokenize(text, lines=False)
    if tokens is not None:
        tokens.extend(found)
    tokens = found
    bounds = _find_boundaries(tokens)
    builder = _Builder(text, base_line, [line.start for line in lines], _Edges(tokens))
    html_stack: list[str] = []
    in_table = False
    skip_iter = iter(bounds.skip)
    next_skip = next(skip_iter, None)
    tags = bounds.tags
    tag_index = 0
    consumed = 0  # end of the last skip region or tag, which may run over several lines
    for number, line in enumerate(lines):
        pos = max(line.start, consumed)
        touched = pos > line.start  # the line starts inside a tag or skipped region
        has_text = False
        while pos < line.end:
            while next_skip is not None and next_skip[1] <= pos:
                next_skip = next(skip_iter, None)
            while tag_index < len(tags) and tags[tag_index][1] <= pos:
                tag_index += 1
            cut, boundary = line.end, None
            if next_skip is not None and next_skip[0] < cut:
                cut, boundary = max(next_skip[0], pos), "skip"
            if tag_index < len(tags) and tags[tag_index][0] < cut:
                cut, boundary = max(tags[tag_index][0], pos), "tag"
            if cut > pos and text[pos:cut].strip():
                has_text = True
                parent = html_stack[-1] if html_stack else None
                next_line = lines[number + 1] if number + 1 < len(lines) else None
                in_table = _classify(text, pos, cut, line, touched, builder, parent, in_table, next_line)
            if boundary is None:
                break
            builder.close()
            touched = True
            if boundary == "skip":
                assert next_skip is not None
                pos = consumed = next_skip[1]
            else:
                _, tag_end, name, closing = tags[tag_index]
                _track_html(html_stack, name, closing)
                pos = consumed = tag_end
                tag_index += 1
        if not has_text and not touched:  # a blank line ends blocks, tables and HTML context
            builder.close()
            in_table = False
            html_stack.clear()
    builder.close()
    covered = [span for unit in builder.units for span in unit.spans]
    builder.units.extend(_attribute_units(covered, bounds.described, builder))
    builder.units.sort(key=lambda u: u.spans[0][0])
    if headings is not None:
        headings.extend(builder.headings)
    return builder.units


def _track_html(stack: list[str], name: str, closing: bool) -> None:
    if closing:
        if name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name) :]
    elif name not in VOID_TAGS:
        stack.append(name)


def _classify(
    text: str,
    start: int,
    end: int,
    line: _Line,
    follows_boundary: bool,
    builder: _Builder,
    html_parent: str | None,
    in_table: bool,
    next_line: _Line | None,
) -> bool:
    """Handle one text part of a line; returns whether a table is still open."""
    content = text[start:end]
    if not content or content.isspace():
        return in_table
    pos = 0
    depth = 0  # blockquote nesting
    item = False
    marked = not content[0].isalpha()  # no container prefix or block marker starts with a letter
    # Each pattern below may start with blanks, then needs one character: a pattern is only
    # tried when the first non-blank character is its own (most lines are none of these).
    while marked:
        first = _first_visible(content, pos)
        match = _QUOTE.match(content, pos) if first == ">" else None
        if match:
            pos, depth = match.end(), depth + 1
            continue
        match = _LIST_MARKER.match(content, pos) if first in "*+-" or first.isdigit() else None
        if match and not _RULE.match(content, pos):
            pos, item = match.end(), True
            continue
        if first == "[":
            match = _FOOTNOTE_DEF.match(content, pos)
        elif first == ":":
            match = _DEFINITION.match(content, pos)
        else:
            match = None
        if match:
            pos, item = match.end(), True
            continue
        break
    rest = content[pos:]
    body_start = start + pos
    eol = line.eol or "\n"
    continuation = eol + _continuation_prefix(content[:pos]) if pos else eol
    html_kind = f"HTML <{html_parent}>" if html_parent else None

    if marked:
        if not rest or rest.isspace():
            builder.close()
            return in_table
        first = _first_visible(rest, 0)
        # rules, setext lines, kramdown's end of block
        if not item and ((first in "-*_=" and _RULE.match(rest)) or (first == "^" and rest.strip() == "^")):
            if _SETEXT.match(rest) and builder.open is not None and builder.open.kind == "paragraph" and len(builder.open.spans) == 1:
                builder.open.kind = "heading"
                builder.open.contents = builder.open.spans[0]
                builder.headings.append(Heading(*builder.open.spans[0], line.end, atx=False))
            builder.close()
            return False
        if (first == "{" and _BLOCK_IAL.match(rest)) or (not item and first == "[" and _LINK_DEF.match(rest)):
            builder.close()
            return in_table
        heading = _HEADING.match(rest) if first == "#" and not item else None
        if heading:
            contents = (body_start + heading.end(), line.end)
            builder.headings.append(Heading(*contents, line.end, atx=True))
            builder.single(body_start + heading.end(), end, "heading", contents=contents)
            return False
    if "|" in rest and (
        rest.lstrip().startswith("|") or in_table or (next_line is not None and _is_table_separator(text, next_line))
    ):
        builder.close()
        if not _TABLE_SEPARATOR.match(rest):
            for cell_start, cell_end in _cells(text, body_start, end):
                builder.single(cell_start, cell_end, "table cell")
        return True
    if item:
        kind = html_kind or "list item"
        builder.start(body_start, end, kind, continuation, continues=True, depth=depth)
        return False
    if (
        builder.open is not None
        and builder.open_continues
        and not follows_boundary
        and depth in (0, builder.open_depth)  # same container, or a lazy continuation
    ):
        builder.extend(body_start, end)
        return False
    kind = html_kind or ("blockquote" if depth else "paragraph")
    builder.start(body_start, end, kind, continuation, continues=True, depth=depth)
    return False


def _first_visible(text: str, pos: int) -> str:
    """The first character from `pos` that is not a space or a tab ("" if none)."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return text[pos : pos + 1]


@functools.lru_cache(maxsize=256)  # few distinct prefixes: `> `, `* `, `  - `, `1. `…
def _continuation_prefix(prefix: str) -> str:
    """Container prefix for added lines: quote markers kept, list markers turned into spaces."""
    out = []
    pos = 0
    while pos < len(prefix):
        match = _QUOTE.match(prefix, pos)
        if match:
            out.append(match.group(0))
            pos = match.end()
            continue
        out.append(" " if prefix[pos] != "\t" else "\t")
        pos += 1
    return "".join(out)


def _is_table_separator(text: str, line: _Line) -> bool:
    content = _strip_quotes(text[line.start : line.end])
    return "-" in content and "|" in content and bool(_TABLE_SEPARATOR.match(content))


def _cells(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Spans of a table row's cells, split at pipes outside inline code and escapes."""
    row = text[start:end]
    pipes = []
    i = 0
    in_code = False
    while i < len(row):
        c = row[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            in_code = not in_code
        elif c == "|" and not in_code:
            pipes.append(i)
        i += 1
    bounds = [-1, *pipes, len(row)]
    for a, b in zip(bounds, bounds[1:]):
        cell_start, cell_end = start + a + 1, start + b
        if cell_end > cell_start:
            yield cell_start, cell_end


def _attribute_units(covered: list[tuple[int, int]], described: list[Token], builder: _Builder) -> list[Unit]:
    """The text attributes (`alt`, `title`, `aria-label`…) of the `described` tags, and the text
    parameters of the described shortcodes and includes (`caption="…"`), outside text units."""
    covered = sorted(covered)
    text = builder.text
    units = []
    for token in described:
        if _inside(token.start, covered):
            continue
        parameters = token.kind is Kind.LIQUID
        for attribute in token.attributes:
            if attribute.name not in (TRANSLATABLE_PARAMETERS if parameters else TRANSLATABLE_ATTRIBUTES) or not attribute.quote:
                continue
            value = text[attribute.start : attribute.end]
            start = attribute.start + len(value) - len(value.lstrip())
            end = attribute.end - (len(value) - len(value.rstrip()))
            if end > start and any(c.isalpha() for c in value):
                line = builder.line_of(attribute.start)
                if parameters:
                    kind = parameter_kind(token, attribute.name)
                    msgid = unescaped_parameter(text[start:end], attribute.quote)
                    units.append(Unit([(start, end)], kind, line, " ", "parameter", msgid, attribute.quote))
                else:
                    units.append(Unit([(start, end)], f"HTML <{token.name}> {attribute.name}", line, " ", "text", text[start:end], attribute.quote))
    return units


def parameter_kind(token: Token, parameter: str) -> str:
    """The kind of a shortcode's or an include's parameter unit: `shortcode figure: caption`, `include: alt`."""
    return f"{'shortcode ' * token.text.startswith('{{')}{token.name}: {parameter}"


def is_parameter_kind(kind: str) -> bool:
    return _PARAMETER_KIND.fullmatch(kind) is not None


_PARAMETER_KIND = re.compile(rf"(?:shortcode [\w-]+|include\w*): (?:{'|'.join(sorted(TRANSLATABLE_PARAMETERS))})")


def plain_unit(text: str, kind: str, line: int) -> list[Unit]:
    """A whole plain-text value as one unit (surrounding whitespace left out)."""
    stripped = text.strip()
    if not stripped or not any(c.isalpha() for c in stripped):
        return []
    start = len(text) - len(text.lstrip())
    return [Unit([(start, start + len(stripped))], kind, line, "\n", "text", stripped)]


def splice(
    host: str,
    units: list[Unit],
    translate: Callable[[Unit], str | None],
    insertions: dict[int, str] | None = None,
    placements: dict[int, tuple[int, int]] | None = None,
) -> str:
    """`host` with every unit that `translate` answers replaced, and the `insertions` (offset →
    text, outside the units) made; all other bytes kept. `placements`, when given, receives where
    each translated unit landed in the result (by `id(unit)`)."""
    edits: list[tuple[int, int, str, Unit | None]] = [(at, at, text, None) for at, text in (insertions or {}).items()]
    for unit in units:
        translation = translate(unit)
        if translation is not None:
            laid_out = _lay_out(encoded(translation, unit), unit.separators(host), unit.joiner)
            edits.append((unit.spans[0][0], unit.spans[-1][1], laid_out, unit))
    out = []
    pos = length = 0
    for start, end, text, unit in sorted(edits, key=lambda e: e[:2]):
        out.append(host[pos:start])
        length += start - pos
        if unit is not None and placements is not None:
            placements[id(unit)] = (length, length + len(text))
        out.append(text)
        length += len(text)
        pos = end
    out.append(host[pos:])
    return "".join(out)


_LINE_BREAKS = re.compile(r"\r\n?")
_ATTRIBUTE_ESCAPES = {'"': "&quot;", "'": "&#39;"}


def encoded(translation: str, unit: Unit) -> str:
    """A translation as its place in the host needs it: every line break a `\n` (the source's
    own line endings are put back by `_lay_out`), and inside a quoted value the quote escaped, so
    that nothing a translator writes can end the value: an attribute's by an entity, a
    shortcode's or an include's parameter by a backslash (which Hugo and Jekyll take out again)."""
    if "\r" in translation:
        translation = _LINE_BREAKS.sub("\n", translation)
    if unit.syntax == "parameter":
        translation = translation.replace(unit.quote, "\\" + unit.quote)
    elif unit.quote:
        translation = translation.replace(unit.quote, _ATTRIBUTE_ESCAPES[unit.quote])
    return translation


def unescaped_parameter(value: str, quote: str) -> str:
    """A shortcode's or an include's quoted parameter as Hugo and Jekyll read it: the quote
    escaped inside it is the quote (no other backslash escapes anything)."""
    return value.replace("\\" + quote, quote)


def _lay_out(translation: str, separators: list[str], joiner: str) -> str:
    """Translated lines joined with the source's own separators (line ending + prefix)."""
    lines = translation.split("\n")
    if len(lines) == 1:
        return translation
    pieces = [lines[0]]
    for i, line in enumerate(lines[1:]):
        pieces.append(separators[i] if i < len(separators) else joiner)
        pieces.append(line)
    return "".join(pieces)
