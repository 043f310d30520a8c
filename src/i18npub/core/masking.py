"""Keep Markdown syntax away from machine translation: mask, unmask tolerantly, validate.

Pure text in, text out. `mask(unit)` cuts a unit (raw Markdown, possibly several lines) into
prose and *spans* of syntax: the tokens of `markup.tokenize` (link targets, attribute lists,
inline HTML, inline code, Liquid, entities, emphasis markers, URLs, line breaks…). Adjacent spans merge into one *token*; the
engine sees `[X0X]`-style tokens (plain engines) or `<x id="0"/>` (XML engines such as DeepL).

`Masked.unmask(output)` puts the tokens back, tolerating what engines do to them (spaces
inside or around, case, full-width brackets) and copying each token's attachment to the
surrounding words from the source, so `** bold **` or `[text ](url)` cannot come back.
`check(source, draft)` then compares the syntax of both texts: a draft passes only if it has
exactly the source's spans. `Masked.pieces()` gives the prose between tokens for the
fallback of translating each piece alone.

Glossary terms (`core.glossary`) given to `mask` are masked too, outside the syntax: a term kept
as written comes back as it is, a term with a fixed translation comes back translated.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from ..errors import DraftError
from .glossary import Terms
from .markup import Kind, tokenize

MASK_VERSION = "1"  # part of MT cache keys: bump when masked texts change shape


class Style(Enum):
    PLAIN = "plain"  # `[X3X]`: for engines that translate plain text
    XML = "xml"  # `<x id="3"/>` with escaped prose: for engines with XML tag handling


@dataclass(frozen=True)
class Span:
    """One piece of syntax in the source: what it is, and its exact text."""

    kind: str
    text: str


@dataclass(frozen=True)
class Token:
    """Adjacent spans masked as one unit, with what touched it in the source on each side:
    "space" (then `ws_before`/`ws_after` hold that whitespace), "word" (a letter or digit),
    "punct", "edge" (start or end of the unit), or "own" (the token carries its whitespace).
    `output` is what the draft gets in its place: its text, with any glossary term translated."""

    text: str
    ws_before: str
    ws_after: str
    before: str
    after: str
    output: str


PLAIN_TOKEN = re.compile(r"[\[［]\s*[XxＸｘ]\s*([0-9０-９]+)\s*[XxＸｘ]\s*[\]］]")
_XML_TOKEN = re.compile(
    r"<\s*x\s+id\s*=\s*[\"']?\s*([0-9]+)\s*[\"']?\s*/?\s*>(?:\s*<\s*/\s*x\s*>)?", re.IGNORECASE
)
_XML_ESCAPES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&"}
_XML_UNESCAPE = re.compile("|".join(_XML_ESCAPES))


def spans(text: str) -> list[tuple[int, int, Span]]:
    """Every span of syntax in `text` as (start, end, span), in order: the markup tokens, a line
    break with the blanks before it (an engine would drop them)."""
    found: list[tuple[int, int, Span]] = []
    for token in tokenize(text):
        start = token.start
        if token.kind is Kind.NEWLINE:
            floor = found[-1][1] if found else 0
            while start > floor and text[start - 1] in " \t":
                start -= 1
        found.append((start, token.end, Span(token.kind.name.lower(), text[start : token.end])))
    return found


def skeleton(text: str) -> Counter[Span]:
    """The syntax of `text`, as a multiset: two texts with the same skeleton differ only in prose."""
    return Counter(span for _, _, span in spans(text))


@dataclass(frozen=True)
class Masked:
    """A unit cut into prose and tokens: `parts` alternates prose, token, prose, …, prose."""

    source: str
    lead: str  # whitespace before the first character, put back as is
    trail: str
    parts: tuple[str, ...]
    tokens: tuple[Token, ...]
    syntax: Counter[Span]  # the source's skeleton, for `check`

    @property
    def has_prose(self) -> bool:
        """Whether anything here is worth sending to an engine (a letter outside the syntax)."""
        return any(ch.isalpha() for part in self.parts[::2] for ch in part)

    def render(self, style: Style = Style.PLAIN) -> str:
        out: list[str] = []
        for i, part in enumerate(self.parts):
            if i % 2:
                out.append(f"[X{i // 2}X]" if style is Style.PLAIN else f'<x id="{i // 2}"/>')
            else:
                out.append(_xml_escape(part) if style is Style.XML else part)
        return "".join(out)

    def unmask(self, output: str, style: Style = Style.PLAIN) -> str:
        """Put the tokens back into an engine's output. Raises DraftError when a token is missing,
        repeated or unknown."""
        pattern = PLAIN_TOKEN if style is Style.PLAIN else _XML_TOKEN
        segments: list[str] = []
        ids: list[int] = []
        last = 0
        for m in pattern.finditer(output):
            segments.append(output[last : m.start()])
            ids.append(int(unicodedata.normalize("NFKC", m.group(1))))
            last = m.end()
        segments.append(output[last:])
        counts = Counter(ids)
        problems = [f"placeholder {i} missing" for i in range(len(self.tokens)) if counts[i] == 0]
        problems += [f"placeholder {i} repeated" for i, n in counts.items() if n > 1 and i < len(self.tokens)]
        problems += [f"unknown placeholder {i}" for i in counts if i >= len(self.tokens)]
        if problems:
            raise DraftError("; ".join(problems))
        if style is Style.XML:
            segments = [_XML_UNESCAPE.sub(lambda m: _XML_ESCAPES[m.group()], s) for s in segments]
        out: list[str] = []
        for k, segment in enumerate(segments):
            before = self.tokens[ids[k - 1]] if k > 0 else None
            after = self.tokens[ids[k]] if k < len(ids) else None
            out.append(_fit(segment, before, after))
            if after is not None:
                out.append(after.output)
        return self.lead + "".join(out) + self.trail

    def pieces(self) -> list[str]:
        """The prose between tokens, stripped: what the fallback translates one by one."""
        return [part.strip() for part in self.parts[::2]]

    def assemble(self, translated: dict[str, str]) -> str:
        """The unit with each prose piece replaced by `translated[piece]` (pieces without letters
        are kept as they are), tokens and surrounding whitespace in source order."""
        out: list[str] = [self.lead]
        for i, part in enumerate(self.parts):
            if i % 2:
                out.append(self.tokens[i // 2].output)
                continue
            core = part.strip()
            if not core:
                out.append(part)
                continue
            head = part[: len(part) - len(part.lstrip())]
            tail = part[len(part.rstrip()) :]
            out.append(head + translated.get(core, core) + tail)
        out.append(self.trail)
        return "".join(out)


def _fit(segment: str, before: Token | None, after: Token | None) -> str:
    """A prose segment between two tokens (None at the ends) with the whitespace touching each
    token made to follow the source: no space where the source glued the token to the same kind
    of character (a word, punctuation), the source's whitespace where it had some."""
    core = segment.strip()
    if not core:
        both_spaced = before is not None and after is not None and before.after == after.before == "space"
        return before.ws_after if both_spaced and before is not None else ""
    head = "" if before is None else _side(segment[: len(segment) - len(segment.lstrip())], before.after, before.ws_after, core[0])
    tail = "" if after is None else _side(segment[len(segment.rstrip()) :], after.before, after.ws_before, core[-1])
    return head + core + tail


def _side(engine_ws: str, touch: str, source_ws: str, neighbour: str) -> str:
    if touch == "own":
        return ""
    if touch == "space":
        # the engine may double or drop a space; dropping it is only harmful between words
        return source_ws if engine_ws or neighbour.isalnum() else ""
    if touch == _touch(neighbour):  # glued in the source to a character of this kind: padding
        return ""
    return engine_ws  # a different neighbour: the engine moved the token, keep its spacing


def _touch(ch: str) -> str:
    return "word" if ch.isalnum() else "punct"


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mask(text: str, terms: Terms = Terms()) -> Masked:
    """`text` cut into prose and tokens: its syntax, and the occurrences of `terms` in its prose."""
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :] if core else ""
    merged: list[list[int]] = []  # [start, end] of tokens, adjacent spans joined
    found = spans(core)
    outputs: dict[int, tuple[int, str]] = {}  # a term's start → (its end, what the draft gets)
    for term in terms.find(core):
        if not any(start < term.end and term.start < end for start, end, _ in found):
            outputs[term.start] = (term.end, term.output)
    for start, end in sorted([(s, e) for s, e, _ in found] + [(s, e) for s, (e, _) in outputs.items()]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[str] = []
    tokens: list[Token] = []
    last = 0
    for start, end in merged:
        parts.append(core[last:start])
        parts.append(core[start:end])
        prose_before, prose_after = core[last:start], core[end:]
        ws_before = prose_before[len(prose_before.rstrip()) :]
        ws_after = prose_after[: len(prose_after) - len(prose_after.lstrip())]
        token_text = core[start:end]
        tokens.append(
            Token(
                text=token_text,
                ws_before=ws_before,
                ws_after=ws_after,
                before=_context(token_text[0], ws_before, prose_before[-1:]),
                after=_context(token_text[-1], ws_after, prose_after[:1]),
                output=_with_terms(core, start, end, outputs),
            )
        )
        last = end
    parts.append(core[last:])
    syntax = Counter(span for _, _, span in found)
    return Masked(source=text, lead=lead, trail=trail, parts=tuple(parts), tokens=tuple(tokens), syntax=syntax)


def _with_terms(text: str, start: int, end: int, outputs: dict[int, tuple[int, str]]) -> str:
    """`text[start:end]` with the glossary terms inside it replaced by what drafts get."""
    out: list[str] = []
    at = start
    for term_start in sorted(s for s in outputs if start <= s < end):
        term_end, output = outputs[term_start]
        out += [text[at:term_start], output]
        at = term_end
    out.append(text[at:end])
    return "".join(out)


def _context(edge: str, ws: str, neighbour: str) -> str:
    if edge.isspace():
        return "own"
    if ws:
        return "space"
    return _touch(neighbour) if neighbour else "edge"


def check(source: str, draft: str, syntax: Counter[Span] | None = None) -> list[str]:
    """What is wrong with `draft` as a translation of `source`, as far as syntax goes: [] if
    nothing. The draft must hold exactly the source's spans (in any order). `syntax` is the
    source's skeleton when the caller has it already (`Masked.syntax`)."""
    if source.strip() and not draft.strip():
        return ["empty translation"]
    problems: list[str] = []
    if draft.count("] (") > source.count("] ("):
        problems.append("link broken by a space: '] ('")
    if PLAIN_TOKEN.search(draft) and not PLAIN_TOKEN.search(source):
        problems.append("placeholder left in the text")
    want = skeleton(source.strip()) if syntax is None else syntax
    got = skeleton(draft.strip())
    for span in sorted((want - got).elements(), key=lambda s: (s.kind, s.text)):
        problems.append(f"{span.kind} {span.text!r} lost" + (" (padded?)" if span.kind == "emphasis" else ""))
    for span in sorted((got - want).elements(), key=lambda s: (s.kind, s.text)):
        problems.append(f"{span.kind} {span.text!r} added")
    if source[: len(source) - len(source.lstrip())] != draft[: len(draft) - len(draft.lstrip())]:
        problems.append("leading whitespace changed")
    if source[len(source.rstrip()) :] != draft[len(draft.rstrip()) :]:
        problems.append("trailing whitespace changed")
    return problems
