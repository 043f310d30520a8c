"""Aligning an article with the translation people already wrote of it: which unit of the one is
which unit of the other, and how sure that is.

Translations differ in words, not in structure, so the evidence is structure first: each unit's
kind and place (a front-matter value by its key's path), the markup it holds (token signatures
as `checks` compares them: the same link, image, attribute list, code), its numbers, its lines
and its length; the word stems the two share (names, cognates) only break ties. The alignment is
a sequence alignment: dynamic programming over the two lists of units in document order, whose
steps pair one unit with one, skip a unit one side lacks (people drop and add paragraphs), or
pair one unit with two or three consecutive ones (lines a translator merged or split). The same
lattice summed instead of maximised (forward-backward) gives each chosen step its probability
among all the alignments: a step that others could replace is uncertain.

Each step then becomes a proposal for the catalog: confident, or uncertain with its reasons (the
markup differs as `check` would say, the kinds differ, units merged, ambiguous). Pure: no I/O.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .article import Article, Placed
from .catalog import OPTIONAL_CONTEXTS, SLUG_CONTEXT, Entry, Key
from .checks import Markup, Policy, Severity, check_texts, numbers, visible_text
from .checks import _signature as token_signature  # the one definition of "the same markup"
from .markup import Kind, has_letters
from .segment import Unit

BODY = ""  # the stream of the body's units; a front-matter unit's stream is its key's path

# what a translation may add or drop without being another text: formatting (emphasis is
# counted apart, as weak evidence), line structure, and `<br>` (counted with the lines)
_FORMATTING = frozenset({Kind.EMPHASIS, Kind.ESCAPE, Kind.HARD_BREAK, Kind.NEWLINE, Kind.LINE_PREFIX, Kind.PIPE,
                         Kind.LINK_OPEN, Kind.UNCLOSED_ATTRIBUTES})

# --- The weights: log-odds, in nats, that two units are each other's translation -----------------
PAIR = 1.0  # any two units: translations keep most units, in their order
GAP = -1.0  # a unit left without counterpart
MERGE = -1.5  # each unit beyond the first on the side that holds several: dearer than a gap
SAME_KEY = 2.0  # two front-matter values at the same path
KIND_FAMILY = -1.0  # different kinds of one family (a paragraph and a list item)
KIND_OTHER = -3.0  # kinds of different families (a heading and a paragraph)
SAME_COLUMN, OTHER_COLUMN = 1.0, -2.0  # table cells
SAME_MARKUP = 1.0  # each token signature both hold (a link to the same target)
SAME_SHAPE = 0.5  # each token both hold by kind (a link, whatever its target)
OTHER_SHAPE = -0.75  # each token one holds and the other lacks, by kind
SAME_NUMBER, NUMBERS_MAX = 2.0, 4.0
OTHER_NUMBER, OTHER_NUMBERS_MIN = -0.5, -2.0
NUMBERS_DROPPED = -1.5  # numbers, none of them in the other
SAME_EMPHASIS, EMPHASIS_MAX = 0.3, 1.0
SAME_LINES, OTHER_LINE, OTHER_LINES_MIN = 0.5, -0.5, -1.5  # the same for sentences
LENGTH = -2.0  # times the log of the ratio of lengths (smoothed)
LENGTH_SMOOTHING = 20  # characters added to both lengths: short units vary most
STEMS = 3.0  # times the Dice coefficient of the two sets of word stems
MAX_MERGED = 3  # units on the side that holds several
CONFIDENT = 0.9  # the probability under which a step is reported uncertain
MOVED = 3.0  # the score two units left over need to be paired out of order
STEM_LENGTH, STEM_MIN = 5, 4  # stems: the first letters of words of at least this many letters

_STEPS = [(1, 1), (1, 0), (0, 1)] + [(1, k) for k in range(2, MAX_MERGED + 1)] + [(k, 1) for k in range(2, MAX_MERGED + 1)]
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”’)]*(?=\s|$)")
_LAST_SENTENCE_END = re.compile(r"[.!?…][\s\"»”’)]*$")

# check codes about a unit's markup (the others are about its lines, emphasis or words)
_MARKUP_CODES = frozenset({"link-target", "link-added", "link-text", "image", "ial", "inline-code", "liquid", "html-tag",
                           "markup-missing", "markup-added", "unsafe-html", "unsafe-url", "new-domain", "unsafe-markup",
                           "link-changed", "bare-url"})
# warnings that say the two may not be the same text: a changed link target, a lost address
_DOUBTFUL_WARNINGS = frozenset({"link-changed", "bare-url"})


@dataclass(frozen=True)
class Features:
    """What the alignment compares of a unit (or of consecutive units taken together)."""

    signatures: Counter[str]  # its markup tokens, as `checks` tells them apart
    shapes: Counter[str]  # the same tokens by kind only: a link, an image, a <span>, code
    numbers: Counter[str]
    emphasis: int  # emphasis delimiters
    lines: int  # lines holding letters
    sentences: int
    length: int  # visible characters
    stems: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Features:
        markup = Markup.of(text)
        signatures: Counter[str] = Counter()
        shapes: Counter[str] = Counter()
        emphasis = 0
        for token in markup.tokens:
            if token.kind is Kind.EMPHASIS:
                emphasis += 1
            elif token.kind not in _FORMATTING and not (token.kind is Kind.TAG and token.name == "br"):
                signatures[token_signature(token, text)] += 1
                shapes[f"{token.kind.name}:{token.name}{'!' if token.image else ''}"] += 1
        visible = " ".join(visible_text(text).split())
        return cls(
            signatures, shapes, Counter(numbers(markup.prose)), emphasis,
            len(_lines(text)), _sentences(visible), len(visible), frozenset(_stems(visible)),
        )

    def __add__(self, other: Features) -> Features:
        return Features(
            self.signatures + other.signatures, self.shapes + other.shapes, self.numbers + other.numbers,
            self.emphasis + other.emphasis, self.lines + other.lines, self.sentences + other.sentences,
            self.length + other.length, self.stems | other.stems,
        )


def _lines(text: str) -> list[str]:
    """The lines of a unit that hold letters."""
    return [line for line in text.split("\n") if has_letters(line)]


def _sentences(text: str) -> int:
    """Sentences, by their ends (punctuation before a blank or the end), the last one's end optional."""
    if not text:
        return 0
    ends = len(_SENTENCE_END.findall(text))
    return ends if _LAST_SENTENCE_END.search(text) else ends + 1


def _stems(text: str) -> set[str]:
    """The starts of the longer words, without accents or case: what a French word and its
    English cognate (`confidentielle`, `confidential`), or a name in both, have in common."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return {word[:STEM_LENGTH] for word in _WORD.findall(plain) if len(word) >= STEM_MIN}


@dataclass(frozen=True)
class Piece:
    """A unit of one side, as the alignment sees it."""

    placed: Placed
    stream: str  # BODY, or the front-matter path of its value
    line: int  # in its file
    features: Features
    by_line: tuple[Features, ...]  # of each of its lines that hold letters, when there are several
    family: str  # what kinds of unit a translation may turn into each other (see `_family`)
    column: int | None  # a table cell's, counted from 0

    @property
    def text(self) -> str:
        return self.placed.unit.msgid

    @property
    def kind(self) -> str:
        return self.placed.unit.kind


def pieces(article: Article, end: int | None = None) -> list[Piece]:
    """The article's units in document order (front matter first); with `end`, those that start
    before this offset of its text."""
    found: list[Piece] = []
    for placed in article.units:
        unit = placed.unit
        if placed.host is None:
            stream = BODY
            if end is not None and article.body_start + unit.spans[0][0] >= end:
                continue
        else:
            stream = article.values[placed.host].path
        column = None
        if unit.kind == "table cell":  # the cells before it on its row
            column = sum(1 for p in found if p.column is not None and p.placed.unit.line == unit.line and p.stream == stream)
        lines = _lines(unit.msgid)
        by_line = tuple(Features.of(line) for line in lines) if len(lines) > 1 else ()
        found.append(Piece(placed, stream, unit.line, Features.of(unit.msgid), by_line, _family(unit), column))
    return found


def _family(unit: Unit) -> str:
    if unit.syntax == "link":
        return "link"
    if unit.kind == "heading" or re.fullmatch(r"HTML <h[1-6]>", unit.kind) or unit.kind.lower() == "front matter: title":
        return "heading"
    if unit.syntax in ("text", "parameter"):  # an attribute's text, a plain front-matter value, a shortcode's caption
        return "label"
    return "block"  # paragraphs, list items, quotes, cells, Markdown values


# --- The alignment ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """Units of the source paired with units of the translation (one side may be empty: a unit
    without counterpart), and the probability of that pairing among all the alignments; a
    `moved` pair is out of the order of the others (found after the sequence alignment)."""

    source: tuple[Piece, ...]
    target: tuple[Piece, ...]
    probability: float = 1.0
    moved: bool = False


def align(source: list[Piece], target: list[Piece], target_front_matter: bool = True) -> list[Step]:
    """The best alignment of the two lists, as steps. Front-matter values are aligned with the
    values at the same path; values at a path the other side lacks have no counterpart, unless
    the translation has no front matter at all (`target_front_matter`: one written after its
    source in the same file), where the source's values are aligned with the start of its body
    (a title with a first heading)."""
    shared = {p.stream for p in source} & {p.stream for p in target}

    def lane(piece: Piece, ours: bool) -> str | None:
        if piece.stream in shared:
            return piece.stream
        return BODY if piece.stream == BODY or (ours and not target_front_matter) else None

    lanes: dict[str | None, tuple[list[Piece], list[Piece]]] = {}
    for piece in source:
        lanes.setdefault(lane(piece, ours=True), ([], []))[0].append(piece)
    for piece in target:
        lanes.setdefault(lane(piece, ours=False), ([], []))[1].append(piece)
    steps: list[Step] = []
    for name, (ours, theirs) in lanes.items():
        if name is None:
            steps += [Step((p,), ()) for p in ours] + [Step((), (p,)) for p in theirs]
        else:
            scorer = _Scorer(same_key=name != BODY)
            steps += _moved(_sequence(ours, theirs, scorer), scorer)
    return steps


class _Scorer:
    """The score of a step: how much likelier the units it takes are each other's translation
    than not (log-odds), with the features of consecutive units remembered."""

    def __init__(self, same_key: bool):
        self.same_key = same_key
        self._sums: dict[tuple[int, ...], Features] = {}

    def features(self, group: tuple[Piece, ...]) -> Features:
        if len(group) == 1:
            return group[0].features
        key = tuple(id(p) for p in group)
        if key not in self._sums:
            self._sums[key] = self.features(group[:-1]) + group[-1].features
        return self._sums[key]

    def score(self, ours: tuple[Piece, ...], theirs: tuple[Piece, ...]) -> float:
        if not ours or not theirs:
            return GAP * (len(ours) + len(theirs))
        if len(ours) == 1 and len(ours[0].by_line) == len(theirs):  # the translation made a unit of each line
            evidence = sum(_evidence(line, piece.features) for line, piece in zip(ours[0].by_line, theirs))
        elif len(theirs) == 1 and len(theirs[0].by_line) == len(ours):  # the translation made the units its lines
            evidence = sum(_evidence(piece.features, line) for piece, line in zip(ours, theirs[0].by_line))
        else:
            evidence = _evidence(self.features(ours), self.features(theirs), lines=len(ours) == len(theirs) == 1)
        merged = MERGE * (len(ours) + len(theirs) - 2)
        columns = {p.column for p in ours + theirs}
        if None not in columns:
            evidence += SAME_COLUMN if len(columns) == 1 else OTHER_COLUMN
        return PAIR + _kind_score(ours, theirs) + evidence + merged + (SAME_KEY if self.same_key else 0.0)


def _sequence(a: list[Piece], b: list[Piece], scorer: _Scorer) -> list[Step]:
    """Dynamic programming over the two lists: the best path through the lattice of steps
    (Viterbi), and the probability of each of its steps (forward-backward)."""
    n, m = len(a), len(b)
    scores: dict[tuple[int, int, int, int], float] = {}

    def score(i: int, j: int, di: int, dj: int) -> float:
        """The step taking a[i:i+di] and b[j:j+dj]."""
        key = (i, j, di, dj)
        if key not in scores:
            scores[key] = scorer.score(tuple(a[i : i + di]), tuple(b[j : j + dj]))
        return scores[key]

    def moves(i: int, j: int) -> list[tuple[int, int]]:
        return [(di, dj) for di, dj in _STEPS if i + di <= n and j + dj <= m]

    # backward: the best and the total (log-sum) of the paths from (i, j) to the end
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    choice: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    after = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    best[n][m] = after[n][m] = 0.0
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            options = [(score(i, j, di, dj), di, dj) for di, dj in moves(i, j)]
            if not options:
                continue
            value, di, dj = max((s + best[i + di][j + dj], di, dj) for s, di, dj in options)
            best[i][j], choice[i][j] = value, (di, dj)
            after[i][j] = _log_sum([s + after[i + di][j + dj] for s, di, dj in options])
    # forward: the total of the paths from the start to (i, j)
    before = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    before[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if before[i][j] == -math.inf:
                continue
            for di, dj in moves(i, j):
                target = before[i + di][j + dj]
                before[i + di][j + dj] = _log_sum([target, before[i][j] + score(i, j, di, dj)])
    total = after[0][0]
    steps = []
    i = j = 0
    while (i, j) != (n, m):
        move = choice[i][j]
        assert move is not None
        di, dj = move
        probability = math.exp(before[i][j] + score(i, j, di, dj) + after[i + di][j + dj] - total)
        steps.append(Step(tuple(a[i : i + di]), tuple(b[j : j + dj]), min(probability, 1.0)))
        i, j = i + di, j + dj
    return steps


def _moved(steps: list[Step], scorer: _Scorer) -> list[Step]:
    """The steps, with the units left on both sides paired where they are clearly one text out
    of order (list items a translator reordered, a paragraph moved): best pairs first."""
    ours = [s.source[0] for s in steps if not s.target]
    theirs = [s.target[0] for s in steps if not s.source]
    candidates = sorted(((scorer.score((x,), (y,)), i, j) for i, x in enumerate(ours) for j, y in enumerate(theirs)), reverse=True)
    paired: dict[int, Step] = {}  # by id of the source unit
    taken: set[int] = set()
    for value, i, j in candidates:
        if value < MOVED:
            break
        if id(ours[i]) in paired or j in taken:
            continue
        paired[id(ours[i])] = Step((ours[i],), (theirs[j],), moved=True)
        taken.add(j)
    moved_targets = {id(theirs[j]) for j in taken}
    result = []
    for step in steps:
        if not step.target and id(step.source[0]) in paired:
            result.append(paired[id(step.source[0])])  # in the source's order
        elif step.source or id(step.target[0]) not in moved_targets:
            result.append(step)
    return result


def _log_sum(values: list[float]) -> float:
    top = max(values)
    if top == -math.inf:
        return top
    return top + math.log(sum(math.exp(v - top) for v in values))


def _kind_score(ours: tuple[Piece, ...], theirs: tuple[Piece, ...]) -> float:
    """The worst pairing of kinds in a step: the same kind, one family, or not."""
    worst = 0.0
    for x in ours:
        for y in theirs:
            if x.kind != y.kind:
                worst = min(worst, KIND_FAMILY if x.family == y.family else KIND_OTHER)
    return worst


def _evidence(s: Features, t: Features, lines: bool = True) -> float:
    """How much the two look like one text in two languages (without comparing their numbers of
    lines, which units taken together do not keep)."""
    score = SAME_MARKUP * _common(s.signatures, t.signatures)
    common_shapes = _common(s.shapes, t.shapes)
    score += SAME_SHAPE * common_shapes + OTHER_SHAPE * (s.shapes.total() + t.shapes.total() - 2 * common_shapes)
    common_numbers = _common(s.numbers, t.numbers)
    if (s.numbers or t.numbers) and not common_numbers:  # numbers are kept, if sometimes converted (15 h, 3 pm)
        score += NUMBERS_DROPPED
    else:
        other_numbers = s.numbers.total() + t.numbers.total() - 2 * common_numbers
        score += min(SAME_NUMBER * common_numbers, NUMBERS_MAX) + max(OTHER_NUMBER * other_numbers, OTHER_NUMBERS_MIN)
    score += min(SAME_EMPHASIS * min(s.emphasis, t.emphasis), EMPHASIS_MAX)
    if lines:
        score += _same_count(s.lines, t.lines)
    score += _same_count(s.sentences, t.sentences)
    score += LENGTH * abs(math.log((t.length + LENGTH_SMOOTHING) / (s.length + LENGTH_SMOOTHING)))
    if s.stems or t.stems:
        score += STEMS * 2 * len(s.stems & t.stems) / (len(s.stems) + len(t.stems))
    return score


def _same_count(x: int, y: int) -> float:
    return SAME_LINES if x == y else max(OTHER_LINE * abs(x - y), OTHER_LINES_MIN)


def _common(x: Counter[str], y: Counter[str]) -> int:
    return (x & y).total() if x and y else 0


# --- From steps to proposals -----------------------------------------------------------------


@dataclass
class Proposal:
    """A translation for one catalog entry, taken from the human version: `reasons` says why it
    is uncertain (to be written fuzzy), empty when it is confident."""

    key: Key
    text: str
    source: list[Piece]  # the source units it translates (identical texts share one entry)
    target: list[Piece]  # where it comes from in the translation
    reasons: list[str]


@dataclass
class Alignment:
    proposals: list[Proposal]
    unmatched_source: list[Piece]  # no counterpart in the translation
    unmatched_target: list[Piece]  # no counterpart in the source
    merged: list[tuple[Piece, Proposal]]  # source units whose translation another unit's proposal holds
    same: list[Key]  # optional values (slug, links) the translation keeps as they are: nothing to fill


def align_articles(source: list[Piece], target: list[Piece], policy: Policy = Policy(),
                   slugs: tuple[str | None, str | None] = (None, None), target_front_matter: bool = True) -> Alignment:
    """The proposals for the source's catalog from its human translation, and what is left
    over. `slugs` are the two versions' slugs (the last part of their URLs), when known;
    `target_front_matter`: whether the translation has a front matter (see `align`)."""
    steps = align(source, target, target_front_matter)
    result = Alignment([], [], [], [], [])
    by_key: dict[Key, Proposal] = {}
    for step in steps:
        if not step.target:
            result.unmatched_source += step.source
            continue
        if not step.source:
            result.unmatched_target += step.target
            continue
        first = step.source[0]
        text = "\n".join(piece.text for piece in step.target)
        if first.placed.key[0] in OPTIONAL_CONTEXTS and text.strip() == first.text.strip():
            result.same.append(first.placed.key)
            continue
        proposal = Proposal(first.placed.key, text, [first], list(step.target), _reasons(step, text, policy))
        known = by_key.get(proposal.key)
        if known is None:
            by_key[proposal.key] = proposal
            result.proposals.append(proposal)
        else:
            known.source.append(first)
            if known.text != text:
                lines = ", ".join(str(p.line) for p in proposal.target)
                _add(known.reasons, f"the same text has another translation at line {lines}: {quoted(text)}")
        result.merged += [(piece, known or proposal) for piece in step.source[1:]]
    source_slug, target_slug = slugs
    if source_slug and target_slug and source_slug != target_slug:
        key = (SLUG_CONTEXT, source_slug)
        findings = _findings(Entry(source_slug, target_slug, SLUG_CONTEXT), {"slug"}, policy)
        result.proposals.append(Proposal(key, target_slug, [], [], findings))
    elif source_slug and target_slug:
        result.same.append((SLUG_CONTEXT, source_slug))
    # a unit whose text another unit shares is translated through that one's entry
    proposed = {p.key for p in result.proposals} | set(result.same)
    result.unmatched_source = [p for p in result.unmatched_source if p.placed.key not in proposed]
    return result


def _reasons(step: Step, text: str, policy: Policy) -> list[str]:
    source, target = step.source, step.target
    first = source[0]
    reasons: list[str] = []
    if step.moved:
        reasons.append(f"moved: the translation has it out of order, at line {target[0].line}")
    if len(target) > 1:
        reasons.append(f"merged: {len(target)} units of the translation (lines {', '.join(str(p.line) for p in target)})")
    if len(source) > 1:
        reasons.append(f"merged: the translation holds this unit and the next {len(source) - 1} in one "
                       f"(lines {', '.join(str(p.line) for p in source)})")
    kinds = sorted({p.kind for p in target} - {first.kind})
    if kinds and first.family != "link":
        reasons.append(f"kinds differ: {first.kind} here, {' and '.join(kinds)} in the translation")
    entry = Entry(first.text, text, first.placed.key[0])
    reasons += _findings(entry, {first.kind}, policy)
    if step.probability < CONFIDENT and not step.moved:
        ours, theirs = sum((p.features for p in source[1:]), first.features), sum((p.features for p in target[1:]), target[0].features)
        weak = "".join(f"; {point}" for point in _weak_points(ours, theirs))
        reasons.append(f"ambiguous: another unit could be its counterpart (probability {step.probability:.2f}{weak})")
    return reasons


def _findings(entry: Entry, kinds: set[str], policy: Policy) -> list[str]:
    """What `check` would say of this translation that doubts it is this unit's: every error,
    and the warnings of a changed link target or a lost address; only errors for optional
    values (a link value is there to be changed)."""
    optional = entry.msgctxt in OPTIONAL_CONTEXTS
    reasons = []
    for finding in check_texts(entry, Markup.of(entry.msgid), Markup.of(entry.msgstr), policy, kinds):
        if finding.severity is Severity.ERROR or (not optional and finding.code in _DOUBTFUL_WARNINGS):
            message = finding.message.replace("\n", " ").removesuffix(".")
            _add(reasons, f"markup differs: {message}" if finding.code in _MARKUP_CODES else message)
    return reasons


def _weak_points(s: Features, t: Features) -> list[str]:
    """What speaks against a pairing, in words."""
    points = []
    if s.numbers != t.numbers:
        points.append(f"numbers differ: {' '.join(sorted(s.numbers.elements())) or 'none'} / {' '.join(sorted(t.numbers.elements())) or 'none'}")
    ratio = (t.length + LENGTH_SMOOTHING) / (s.length + LENGTH_SMOOTHING)
    if not 0.5 <= ratio <= 2:
        points.append(f"lengths differ: {s.length} / {t.length} characters")
    return points


def _add(reasons: list[str], reason: str) -> None:
    if reason not in reasons:
        reasons.append(reason)


def quoted(text: str, limit: int = 60) -> str:
    """A text in a line of a report: on one line, cut when long."""
    text = text.replace("\n", "⏎")
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def split_offset(text: str, marker: str, start: int) -> int | None:
    """Where the line that starts with `marker` begins (its leading blanks aside), from offset
    `start`: the start of a translation written after its source in the same file."""
    match = re.compile(r"^[ \t]*" + re.escape(marker), re.M).search(text, start)
    return match.start() if match else None

