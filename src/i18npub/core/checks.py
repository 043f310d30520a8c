"""Quality and safety checks: compare each translated or fuzzy entry with its source and return
findings. Pure functions, no I/O.

A translation is untrusted input, so the markup checks are an allowlist, not a denylist: both
texts are read by the one tokenizer (`markup`), three times — as Markdown, as the raw HTML that
the same characters are inside an HTML block, and as Markdown with nothing hidden (what a code
span, a tag's text or a code block seems to hide, which kramdown may read after all: the
tokenizer's docstring says when) — and every piece of markup the translation holds
must be one its source holds: the same tags with the same attributes and values (the text of
`alt` and `title` excepted), the same link and image targets, reference definitions, attribute
lists, Liquid, comments and entities. Only harmless inline formatting may be added (emphasis,
code spans, escapes, line breaks), and what the site's configuration allows (`Policy`). Safety
findings — what could make the page unsafe: script-capable elements, event handlers, URL
schemes other than http, https, mailto, tel and relative ones, new domains, attribute lists,
Liquid, comments, definitions and unclosed constructs the source lacks — cannot be silenced by a
translator's comment, and `build` publishes nothing that has one, even with `--force`.

The other checks (line breaks, emphasis balance, numbers, length…) are listed in `CHECKS`: to
add one, write a function `(CheckInput) -> Iterable[Problem]` and append it there.
docs/checks.md lists every code.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from .catalog import LINK_CONTEXT, OPTIONAL_CONTEXTS, SLUG_CONTEXT, Catalog, Entry
from .glossary import Terms
from .markup import LINE_BREAK, SPAN_ELEMENTS, Kind, Token, TRANSLATABLE_ATTRIBUTES, TRANSLATABLE_PARAMETERS, tokenize
from .segment import is_parameter_kind, unescaped_parameter


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# codes whose findings can make a page unsafe: never silenced by a translator, never published
SAFETY_CODES = frozenset({"unsafe-html", "unsafe-url", "new-domain", "unsafe-markup"})


@dataclass(frozen=True)
class Finding:
    po_file: str
    line: int  # the entry's line in the PO file
    location: str  # first source location, "path:line" ("" when the entry has none)
    msgid: str
    msgctxt: str | None
    code: str
    severity: Severity
    message: str

    @property
    def safety(self) -> bool:
        return self.code in SAFETY_CODES


@dataclass(frozen=True)
class Problem:
    """What a check reports; `check_entry` turns it into a Finding with the entry's context."""

    code: str
    severity: Severity
    message: str


def error(code: str, message: str) -> Problem:
    return Problem(code, Severity.ERROR, message)


def warning(code: str, message: str) -> Problem:
    return Problem(code, Severity.WARNING, message)


# Hugo's own shortcodes that print nothing of a page but what their call gives them (its text
# parameters are read at each call), unless the site has a template of the name
HUGO_QUIET_SHORTCODES = frozenset({"comment", "figure", "gist", "highlight", "instagram", "ref", "relref", "tweet", "twitter",
                                   "vimeo", "x", "youtube"})


@dataclass(frozen=True)
class Policy:
    """What the site's configuration allows a translation beyond its source's markup."""

    allowed_domains: tuple[str, ...] = ()  # link domains a translation may add (and their subdomains)
    site_hosts: tuple[str, ...] = ()  # the site's own domain: its pages may be linked freely
    # what the site's own variables print in an article's template code, by name (`site.url`,
    # `site.params.x`: see `site.generators.Generator.site_values`)
    site_values: Mapping[str, str] = field(default_factory=dict)
    allow_heading_ids: bool = False  # `{#id}` on a translated heading
    glossary: Terms = Terms()  # the site's terminology for the translations' language
    # where the site's templates print inside script what a translation may have written, as it is
    # ("file:line"; see `script_print`): "" where they print nothing so
    printed_in_script: str = ""
    # where they print inside an HTML tag what a translation may have written, unescaped
    # ("file:line"; see `attribute_print`): "" where they print nothing so
    printed_in_attribute: str = ""
    # the front-matter keys of the article in question that hold a unit (lowercased), whose values
    # a translation changes; None: any may (a text read with no article)
    translated_keys: frozenset[str] | None = None
    # the includes and shortcodes (by name, lowercased) whose templates are found and print nothing
    # of a page (see `template_prints_translations`); others may print what a translation wrote
    quiet_templates: frozenset[str] = HUGO_QUIET_SHORTCODES


# ---------------------------------------------------------------------------------------------
# A text's markup, as the tokenizer reads it

_PLACEHOLDER = "\ue000"  # stands for a token in `prose`: no letter, no digit, no space


@dataclass
class Markup:
    """A text's markup as the tokenizer reads it: the text may be a region (`start`, `end`) of a
    host (an article's body, read once as a whole), whose tokens keep the host's offsets. The
    readings other than Markdown's are made when first asked for: most comparisons settle
    without the source's."""

    host: str
    tokens: list[Token]  # read as Markdown
    start: int = 0
    end: int = -1
    around: Markup | None = None  # the whole host's reading, for a region

    def __post_init__(self) -> None:
        if self.end < 0:
            self.end = len(self.host)

    @classmethod
    def of(cls, text: str) -> Markup:
        """A text read alone."""
        return cls(text, tokenize(text, lines=False))

    @functools.cached_property
    def raw(self) -> list[Token]:
        """The text read as raw HTML (inside an HTML block)."""
        if self.around is not None:
            return _touching(self.around.raw, self.start, self.end)
        return tokenize(self.host, markdown=False, lines=False) if _MAY_BE_RAW.search(self.host) else []

    @functools.cached_property
    def exposed(self) -> list[Token]:
        """The text read as Markdown with nothing hidden (code spans, tags… read through)."""
        if self.around is not None:
            return _touching(self.around.exposed, self.start, self.end)
        return _exposed(self.host, self.tokens)

    @functools.cached_property
    def token_spans(self) -> set[tuple[int, int]]:
        """Where the Markdown reading's tokens stand."""
        return {(t.start, t.end) for t in self.tokens}

    def region(self, start: int, end: int) -> Markup:
        """The part of this text from `start` to `end`, with the tokens that touch it."""
        return Markup(self.host, _touching(self.tokens, start, end), start, end, self.around or self)

    @property
    def text(self) -> str:
        return self.host[self.start : self.end]

    @functools.cached_property
    def prose(self) -> str:
        """The text with every token replaced by a placeholder character."""
        pieces, pos = [], self.start
        for token in self.tokens:
            pieces.append(self.host[pos : max(pos, token.start)])
            pieces.append(_PLACEHOLDER)
            pos = max(pos, token.end)
        pieces.append(self.host[pos : self.end] if pos < self.end else "")
        return "".join(pieces)

    def of_kind(self, *kinds: Kind) -> list[Token]:
        return [t for t in self.tokens if t.kind in kinds]


    @property
    def br_count(self) -> int:
        return sum(1 for t in self.tokens if t.kind is Kind.TAG and t.name == "br")

    @property
    def hard_breaks(self) -> int:
        return sum(1 for t in self.tokens if t.kind is Kind.HARD_BREAK)


_MAY_BE_RAW = re.compile(r"[<{&]")  # what the raw reading's tokens start with


def _lines(text: str) -> int:
    """Lines of a text: a carriage return breaks a line too."""
    return 1 + len(LINE_BREAK.findall(text))


# what the reading with nothing hidden reads through; without any, it is the Markdown one
_HIDING = frozenset({Kind.CODE, Kind.FENCE, Kind.TAG, Kind.RAW_ELEMENT, Kind.BROKEN, Kind.UNCLOSED_ATTRIBUTES, Kind.REFERENCE})


def _hides(token: Token) -> bool:
    """Whether the reading with nothing hidden reads through this token: a link target or title
    crossing a line break is one (kramdown's paragraph may end at that line), and a reference
    (which kramdown reads as text, and its `[ref]` as a link's, when nothing defines it)."""
    return token.kind in _HIDING or (token.kind is Kind.LINK_END and LINE_BREAK.search(token.text) is not None)


def _exposed(text: str, tokens: list[Token]) -> list[Token]:
    """The reading with nothing hidden (see `markup.tokenize`): the Markdown reading itself when
    nothing in it hides anything and no fence line ends a paragraph."""
    if "```" in text or "~~~" in text or any(map(_hides, tokens)):
        return tokenize(text, lines=False, exposed=True)
    return tokens


def _touching(tokens: list[Token], start: int, end: int) -> list[Token]:
    """The tokens (sorted, not overlapping) that overlap `start`..`end`, or start there."""
    first = bisect.bisect_right(tokens, start, key=lambda t: t.end) if tokens else 0
    found = []
    for token in tokens[first:]:
        if token.start >= end and not (token.start == start == end):
            break
        if token.end > start or token.start == start:
            found.append(token)
    return found


def visible_text(markdown: str) -> str:
    """The prose of a unit without its markup: what a reader reads (and a translator is paid for)."""
    return Markup.of(markdown).prose.replace(_PLACEHOLDER, " ")


# Words as Unicode's default word boundaries (UAX #29, which Translate Toolkit's pocount uses) cut
# them: letters and digits, joined by `_`; an apostrophe, a colon or a point between two letters
# (l’usager, beta.gouv.fr), a point or a comma between two digits (3,5) join too.
_LETTER = r"[^\W\d_]"
_WORD = re.compile(rf"\w+(?:(?:(?<={_LETTER})[:·.'’‘](?={_LETTER})|(?<=\d)[,;.'’‘](?=\d))\w+)*")


def word_count(markdown: str) -> int:
    """The words a reader reads in a unit: its visible text (no markup), cut into words as UAX #29
    does; a run of underscores alone is no word."""
    return sum(1 for word in _WORD.findall(visible_text(markdown)) if word.strip("_"))


# ---------------------------------------------------------------------------------------------
# URLs

URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "cite", "background", "data", "xlink:href", "ping",
     "longdesc", "codebase", "manifest", "icon", "lowsrc", "dynsrc", "usemap", "srcset"}
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def token_urls(token: Token) -> list[str]:
    """The URLs a token makes the page link to or load."""
    if token.kind in (Kind.LINK_END, Kind.AUTOLINK, Kind.URL, Kind.EMAIL, Kind.DEFINITION):
        return [token.url]
    if token.kind in (Kind.TAG, Kind.RAW_ELEMENT):
        urls = []
        for attribute in token.attributes:
            if attribute.value is None:
                continue
            value = html.unescape(attribute.value)
            if attribute.name == "srcset":
                urls += [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
            elif attribute.name in URL_ATTRIBUTES:
                urls.append(value)
            elif attribute.name == "style":
                urls += _css_urls(value)
        return urls
    return []


def _css_urls(value: str) -> list[str]:
    """The URLs of a style's `url(…)`s: from each `url(` to the next `)`, blanks and quotes
    around it dropped (one scan: a search for the closing quote and blanks backtracked on a
    translation's long runs of blanks)."""
    urls = []
    lowered = value.lower()
    at = lowered.find("url(")
    while at != -1:
        end = value.find(")", at)
        if end == -1:
            break
        url = value[at + 4 : end].strip()
        if len(url) >= 2 and url[0] == url[-1] and url[0] in "'\"":
            url = url[1:-1]
        urls.append(url)
        at = lowered.find("url(", end)
    return urls


def normalized_url(url: str) -> str:
    """A URL as a browser reads it: entities decoded, control characters and spaces at its ends
    and tabs and newlines inside dropped, backslashes taken for slashes, scheme in lower case."""
    url = html.unescape(url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    url = re.sub(r"[\t\n\r]", "", url).replace("\\", "/")
    scheme = _SCHEME.match(url.lower())
    return url.lower()[: scheme.end()] + url[scheme.end() :] if scheme else url


def url_scheme(url: str) -> str | None:
    """The scheme of a URL as a browser reads it, or as CommonMark hands it over (backslash
    escapes undone: `javascript\\:`): the first that has one."""
    match = _SCHEME.match(normalized_url(url)) or _SCHEME.match(normalized_url(_COMMONMARK_ESCAPE.sub(r"\1", url)))
    return match.group(1) if match else None


_COMMONMARK_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation


def url_host(url: str) -> str | None:
    """The host a URL leads to (None: this site's own, a relative URL), `www.` left out."""
    url = normalized_url(url)
    scheme = url_scheme(url)
    if scheme in ("mailto",):
        host = url.partition("@")[2].split("?")[0]
    elif scheme in ("http", "https", "ftp") or url.startswith("//"):
        rest = url[len(scheme) + 1 :] if scheme else url
        authority = rest.lstrip("/").split("/")[0].split("?")[0].split("#")[0]
        host = authority.rpartition("@")[2].split(":")[0]
        if not host:
            return None
    else:
        return None
    host = host.lower().rstrip(".")
    return host.removeprefix("www.") or None


def _domain_allowed(host: str, allowed: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in (a.lower().strip(".").removeprefix("www.") for a in allowed))


# ---------------------------------------------------------------------------------------------
# The allowlist: the translation's markup against its source's

# inline formatting a translation may add or drop freely; `<br>` and hard breaks are counted
# by the line-breaks check, emphasis by the emphasis check
_FORMATTING = frozenset({Kind.EMPHASIS, Kind.ESCAPE, Kind.HARD_BREAK, Kind.NEWLINE, Kind.LINE_PREFIX, Kind.PIPE, Kind.LINK_OPEN, Kind.UNCLOSED_ATTRIBUTES})
_LINK_KINDS = frozenset({Kind.LINK_END, Kind.AUTOLINK, Kind.URL, Kind.EMAIL})
# markup whose addition could change what the page runs, loads or links to elsewhere
_UNSAFE_KINDS = frozenset(
    {Kind.ATTRIBUTES, Kind.EXTENSION, Kind.LIQUID, Kind.LIQUID_BLOCK, Kind.COMMENT, Kind.DECLARATION,
     Kind.BROKEN, Kind.DEFINITION, Kind.RAW_ELEMENT}
)
# what the raw view is for: markup an HTML block makes live though Markdown hides it
_RAW_KINDS = frozenset({Kind.TAG, Kind.RAW_ELEMENT, Kind.COMMENT, Kind.DECLARATION, Kind.BROKEN, Kind.LIQUID, Kind.LIQUID_BLOCK})
SCRIPT_CAPABLE = frozenset(
    """script iframe frame frameset object embed applet style base meta link form svg math template
    portal noscript xmp plaintext isindex""".split()
)
# attributes an added tag may carry, besides URL ones (checked as URLs) and translatable ones
HARMLESS_ATTRIBUTES = frozenset(
    "class id lang dir width height align valign colspan rowspan scope headers abbr start reversed type datetime name rel target".split()
)


def _is_heading_id(token: Token) -> bool:
    return token.kind is Kind.ATTRIBUTES and re.fullmatch(r"\{#[\w-]+\}", token.text) is not None


def _tag_signature(token: Token, blank_urls: bool = False) -> str:
    """A tag as compared: its name and attributes, entity-decoded; the text of `alt` and `title`
    left out (translators translate it) unless it holds `<` or `>`, and with `blank_urls`, URL
    values too (to recognise a tag whose only change is a link target)."""
    parts = [("/" if token.closing else "") + token.name]
    for attribute in token.attributes:
        value = None if attribute.value is None else html.unescape(attribute.value)
        if attribute.name in TRANSLATABLE_ATTRIBUTES and value is not None and not re.search("[<>]", value):
            value = "…"
        elif blank_urls and attribute.name in URL_ATTRIBUTES:  # not `style`: CSS has escapes and URLs of its own
            value = "…"
        parts.append(attribute.name if value is None else f"{attribute.name}={value!r}")
    return "<" + " ".join(parts) + ">"


def _signature(token: Token, text: str, blank_urls: bool = False) -> str:
    if token.kind is Kind.TAG:
        return _tag_signature(token, blank_urls)
    if token.kind in (Kind.LINK_END, Kind.DEFINITION) and token.title is not None:
        start, end = token.title  # a link's title is translatable text
        return token.kind.name + ":" + text[token.start : start] + "…" + text[end : token.end]
    if token.kind is Kind.LIQUID:  # `{{x}}` renders as `{{ x }}`, but `{{ x -}}` strips the blanks after it (a code block's)
        inner = _with_date_format_reduced(_with_text_parameters_blank(token))[2:-2]
        before, after = inner.startswith("-"), inner.endswith("-") and len(inner) > 1
        words = re.sub(r"\s+", " ", inner[before : len(inner) - after].strip())
        return "liquid:" + "-|" * before + words + "|-" * after  # `{% -x` is no whitespace control: Liquid refuses it
    return token.kind.name + ":" + token.text


def _with_text_parameters_blank(token: Token) -> str:
    """A shortcode or an include as compared: the prose of its parameters that translators
    translate (`caption="…"`) left out, their markup kept (a template may print them as Markdown,
    as `{{% %}}` and `markdownify` do), unless it holds `<`, `>` or a backslash other than one
    escaping its quote (Hugo and the tokenizer may read another otherwise)."""
    pieces, at = [], token.start
    for parameter in token.attributes:
        value = parameter.value or ""
        if parameter.name in TRANSLATABLE_PARAMETERS and not re.search("[<>]", value) and "\\" not in value.replace("\\" + parameter.quote, ""):
            markup = " ".join(f"{t.kind.name}:{t.text}" for t in tokenize(unescaped_parameter(value, parameter.quote), lines=False))
            pieces += [token.text[at - token.start : parameter.start - token.start], f"…{markup}…"]
            at = parameter.end
    return "".join(pieces) + token.text[at - token.start :] if pieces else token.text


# a `date` filter's format (Ruby's strftime) made of directives that each print a date's digits,
# names or blanks, and of separators: a translation may localize it (`%d/%m/%Y` → `%m/%d/%Y`,
# `%-d %B %Y` → `%B %-d, %Y`). Its directives, blanks and commas may change; the separators that
# make a URL's parts (`/ . : -`) stay as they are, in their order, or a month's name becomes a host
# (`/%Y/%m/` → `//%B%A.%P`). Not `%n`, `%t`, `%%`, widths, zones, composites (`%D`, `%T`…) nor letters
_DATE_DIRECTIVE = re.compile(r"%[-_0^#]?[aAbBCdeghHIjklLmMNpPsSuUVwWyY]")
_HARMLESS_DATE_FORMAT = re.compile(rf"""(\|\s*date\s*:\s*)(["'])((?:{_DATE_DIRECTIVE.pattern}|[ ,./:-])*)\2""")


def _with_date_format_reduced(code: str) -> str:
    """A Liquid output with its `date` filter's format reduced to what a translation may not
    change (see `_HARMLESS_DATE_FORMAT`), where that format is harmless."""
    def kept(match: re.Match[str]) -> str:
        separators = _DATE_DIRECTIVE.sub("%", match.group(3)).replace(" ", "").replace(",", "")
        return f"{match.group(1)}{match.group(2)}{separators}{match.group(2)}"
    return _HARMLESS_DATE_FORMAT.sub(kept, code) if code.startswith("{{") and "date" in code else code


def _quote(text: str, limit: int = 80) -> str:
    text = text.replace("\n", "⏎")
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _difference(source: Iterable[str], target: Iterable[str]) -> tuple[list[str], list[str]]:
    """(missing from the target, added by the target), multiset-wise, in order of appearance."""
    source, target = list(source), list(target)
    if source == target:
        return [], []
    src, tgt = Counter(source), Counter(target)
    return _in_order(source, src - tgt), _in_order(target, tgt - src)


def _in_order(items: list[str], wanted: Counter[str]) -> list[str]:
    found = []
    for item in items:
        if wanted[item] > 0:
            found.append(item)
            wanted[item] -= 1
    return found


@dataclass
class _Side:
    """One text's comparable tokens, by signature."""

    markup: Markup
    by_signature: dict[str, Token] = field(default_factory=dict)
    signatures: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, markup: Markup, tokens: list[Token], policy: Policy, kinds: set[str]) -> _Side:
        side = cls(markup)
        for token in tokens:
            if not _compared(token, policy, kinds):
                continue
            signature = _signature(token, markup.host)
            side.by_signature.setdefault(signature, token)
            side.signatures.append(signature)
        return side


def _compared(token: Token, policy: Policy, kinds: set[str]) -> bool:
    """Whether the allowlist compares this token: not formatting, a bare `<br>` (counted by the
    line-breaks check) or a heading id the policy allows."""
    if token.kind in _FORMATTING or token.kind is Kind.CODE:
        return False
    if token.kind is Kind.TAG and token.name == "br" and not token.attributes:
        return False
    return not (_is_heading_id(token) and policy.allow_heading_ids and "heading" in kinds)


class _Allowlist:
    """The markup comparison of one entry: yields problems for what the translation adds, drops
    or changes."""

    def __init__(self, source: Markup, target: Markup, policy: Policy, kinds: set[str], whole_host: bool = False):
        self.source, self.target, self.policy = source, target, policy
        self.kinds = kinds
        self.whole_host = whole_host  # whole hosts (an article's body), not one unit's texts: see `markup_kept`
        self.reported_hosts: set[str] = set()

    @functools.cached_property
    def source_hosts(self) -> set[str]:
        """The domains the source links to (not those it only shows, as code, on lines that may be
        an indented code block; a highlight is one token, whose text is no link): a translation may
        link to them too."""
        code = self.maybe_code_spans
        return {host for token in self.source.tokens if not _within(token, code) for host in map(url_host, token_urls(token)) if host}

    @functools.cached_property
    def source_nesting(self) -> _Nesting:
        return _nested(self.source.tokens, self.source.host, self.policy, self.kinds)

    @functools.cached_property
    def maybe_code_spans(self) -> list[tuple[int, int]]:
        """The source's lines that may be an indented code block, in its host's offsets."""
        return [(s + self.source.start, e + self.source.start) for s, e in _maybe_code_lines(self.source.text)]

    @functools.cached_property
    def markup_kept(self) -> bool:
        """Whether the translation keeps its source's frame (`_frame`: what kramdown may read, by
        rules of its own, as opening or closing what hides markup), and for one unit, its Markdown
        reading's tokens, written the same way. A whole host keeps its markup when its frame is
        kept: what one unit changes elsewhere (emphasis, a link's target) cannot reach another's
        code."""
        if _frame(self.source.text) != _frame(self.target.text):
            return False
        return self.whole_host or [(t.kind, t.text) for t in self.source.tokens] == [(t.kind, t.text) for t in self.target.tokens]

    def problems(self) -> Iterator[Problem]:
        for problem, _ in self.problems_with_tokens():
            yield problem

    def problems_with_tokens(self) -> Iterator[tuple[Problem, Token | None]]:
        """Each problem with the translation's token it is about (None for a missing one)."""
        yield from self.compare(self.source.tokens, self.target.tokens)
        yield from self.freed_from_indented_code()
        # the other views report only what the Markdown view does not see (see `compare`): the
        # source is read their ways only when the translation holds some of it
        if self.unseen(self.target.raw, _RAW_KINDS):
            yield from self.compare(self.source.raw, self.target.raw, hidden=_RAW_KINDS)
        if self.unseen(self.target.exposed, _UNSAFE_KINDS | _LINK_KINDS):
            exposed = self.compare(self.source.exposed, self.target.exposed, hidden=_UNSAFE_KINDS | _LINK_KINDS)
            yield from ((p, t) for p, t in exposed if p.code in SAFETY_CODES)
        for problem in self.code_spans():
            yield problem, None
        if "{" in self.source.text:
            yield from self.moved_across_pairs()

    def compare(
        self, source_tokens: list[Token], target_tokens: list[Token], hidden: frozenset[Kind] | None = None
    ) -> Iterator[tuple[Problem, Token | None]]:
        """Problems of the target's tokens against the source's; with `hidden`, those of the
        target's tokens of these kinds that the Markdown view did not see (another view's)."""
        if hidden is not None and not self.markup_kept:
            yield from self.freed(source_tokens, target_tokens, hidden)
            return
        if [(t.kind, t.text) for t in source_tokens] == [(t.kind, t.text) for t in target_tokens]:
            return  # the same markup, written the same way: nothing to compare (most translations)
        src = _Side.of(self.source, source_tokens, self.policy, self.kinds)
        tgt = _Side.of(self.target, target_tokens, self.policy, self.kinds)
        missing, added = _difference(src.signatures, tgt.signatures)
        if not missing and not added:
            return
        missing_tokens = [src.by_signature[s] for s in missing]
        added_tokens = [tgt.by_signature[s] for s in added]
        # another view reports only what the Markdown view did not see as such: markup hidden in a
        # code span, an escape, a tag or a link target (what spans just what a Markdown token
        # spans, an autolink, say, is the same thing read another way)
        if hidden is not None:
            seen = {_signature(t, self.target.host) for t in self.target.tokens}
            added_tokens = [t for t in self.unseen(added_tokens, hidden) if _signature(t, self.target.host) not in seen]
            missing_tokens = []
        changed = self.pair_changes(missing_tokens, added_tokens)
        for old, new in changed:
            for problem in self.changed(old, new):
                yield problem, new
        for token in missing_tokens:
            yield self.missing(token), None
        for token in added_tokens:
            for problem in self.added(token):
                yield problem, token

    def freed(self, source_tokens: list[Token], target_tokens: list[Token], hidden: frozenset[Kind]) -> Iterator[tuple[Problem, Token | None]]:
        """Another view's comparison when the translation did not keep its markup (`markup_kept`).
        What the Markdown view does not see is hidden by delimiters (backticks above all) that
        kramdown may pair otherwise than the tokenizer, or read in an HTML block, once a
        translation moves or adds some: markup that the source shows as code (in a code span or
        block) then grants the translation nothing, and its safety problems are reported as if
        it were added."""
        seen = {_signature(t, self.target.host) for t in self.target.tokens}
        has = {_signature(t, self.source.host) for t in source_tokens}
        code = [(t.start, t.end) for t in self.source.tokens if t.kind in (Kind.CODE, Kind.FENCE)]
        shown = {_signature(t, self.source.host) for t in source_tokens if _within(t, code)}
        for token in self.unseen(target_tokens, hidden):
            signature = _signature(token, self.target.host)
            if signature in seen:
                continue
            for problem in self.added(token):
                if signature not in has:
                    yield problem, token
                elif signature in shown and problem.code in SAFETY_CODES:
                    yield Problem(problem.code, problem.severity, problem.message + _FREED), token

    def freed_from_indented_code(self) -> Iterator[tuple[Problem, Token | None]]:
        """The tokenizer reads lines indented as a code block as Markdown (a list item's
        continuation looks the same): markup the source has on such lines only may be code on its
        page, and grants a translation that does not keep its frame nothing."""
        host, spans = self.source.host, self.maybe_code_spans
        if not spans or self.markup_kept:
            return
        anywhere_else = {_signature(t, host) for t in self.source.tokens if not _within(t, spans)}
        shown = {_signature(t, host) for t in self.source.tokens} - anywhere_else
        for token in self.target.tokens:
            if _signature(token, self.target.host) in shown:
                for problem in self.added(token):
                    if problem.code in SAFETY_CODES:
                        yield Problem(problem.code, problem.severity, problem.message + _FREED), token

    def moved_across_pairs(self) -> Iterator[tuple[Problem, Token | None]]:
        """Markup that a translation moves into or out of a paired Liquid tag or shortcode
        (`{% raw %}…{% endraw %}`, `{{< details >}}…{{< /details >}}`), or pairs it opens
        and closes otherwise: what is shown there is live outside it, and a pair out of order
        stops the site's build."""
        source = self.source_nesting
        if not source.paired:
            return
        target = _nested(self.target.tokens, self.target.host, self.policy, self.kinds)
        moved = Counter(target.placed) - Counter(source.placed)
        kept = source.paired | _BRANCHES
        pairs_kept = [t for t in source.tags if t[0] in kept] == [t for t in target.tags if t[0] in kept]
        if moved or not pairs_kept or target.broken:
            token = target.broken or next((t for t, placed in zip(target.tokens, target.placed) if placed in moved), None)
            yield error("unsafe-markup", "The translation moves markup into or out of a Liquid tag's or a shortcode's pair "
                        "(such as {% raw %}…{% endraw %}), or writes the pair otherwise than its source: what the source "
                        "shows inside it would run on the page, or the site would not build. Keep the pairs as the source has "
                        "them, around the same markup."), token

    def unseen(self, tokens: list[Token], kinds: frozenset[Kind]) -> list[Token]:
        """The tokens of these kinds that stand where no token of the translation's Markdown
        reading does."""
        return [t for t in tokens if t.kind in kinds and (t.start, t.end) not in self.target.token_spans]

    def pair_changes(self, missing: list[Token], added: list[Token]) -> list[tuple[Token, Token]]:
        """Take out of both lists the pairs that are one thing changed: a link whose target moved,
        a tag whose only change is a URL; a lone missing/added pair of the same kind too."""
        pairs = []
        for new in list(added):
            for old in missing:
                same_link = old.kind in _LINK_KINDS and new.kind in _LINK_KINDS and old.image == new.image
                same_tag = (
                    old.kind is Kind.TAG is new.kind
                    and _tag_signature(old, blank_urls=True) == _tag_signature(new, blank_urls=True)
                )
                if same_link or same_tag:
                    pairs.append((old, new))
                    missing.remove(old)
                    added.remove(new)
                    break
        return pairs

    def changed(self, old: Token, new: Token) -> Iterator[Problem]:
        unsafe = list(self.url_problems(new))
        if unsafe:
            yield from unsafe
            yield self.missing(old)
            return
        what = "image" if new.image else "link"
        yield warning(
            "link-changed",
            f"The {what} target {_quote(self.target_url_text(old))} was changed to {_quote(self.target_url_text(new))}: "
            "check that it is the page meant (another page of this site, or an allowed domain).",
        )

    @staticmethod
    def target_url_text(token: Token) -> str:
        urls = token_urls(token)
        return urls[0] if len(urls) == 1 else token.text

    def missing(self, token: Token) -> Problem:
        kind = token.kind
        if kind in (Kind.URL, Kind.EMAIL):  # text for kramdown: losing it is no harm to the page
            return warning("bare-url", f"The address {_quote(token.text)} is missing from the translation.")
        if kind in _LINK_KINDS:
            code = "image" if token.image else "link-target"
        else:
            code = {
                Kind.TAG: "html-tag", Kind.ATTRIBUTES: "ial", Kind.LIQUID: "liquid", Kind.LIQUID_BLOCK: "liquid",
            }.get(kind, "markup-missing")
        return error(code, f"The {kind.value} {_quote(token.text)} is missing from the translation; copy it from the source.")

    def added(self, token: Token) -> Iterator[Problem]:
        unsafe = list(self.url_problems(token))
        yield from unsafe
        kind = token.kind
        if kind is Kind.TAG or kind is Kind.RAW_ELEMENT:
            danger = self.tag_danger(token)
            if danger:
                yield error("unsafe-html", f"The translation adds {danger} ({_quote(token.text)}), which could run code or change the page: remove it.")
            elif not unsafe:
                yield error("html-tag", f"The translation adds the HTML tag {_quote(token.text)}, which the source does not have.")
        elif kind in _UNSAFE_KINDS:
            yield error("unsafe-markup", f"The translation adds the {kind.value} {_quote(token.text)}, which the source does not have: "
                        "it could change what the page runs, loads or links to. Copy the source's markup exactly.")
        elif kind in _LINK_KINDS:
            if not unsafe:
                yield error("link-added", f"The translation adds a link to {_quote(self.target_url_text(token))}, which the source does not have.")
        else:
            yield error("markup-added", f"The translation adds the {kind.value} {_quote(token.text)}, which the source does not have.")

    @staticmethod
    def tag_danger(token: Token) -> str | None:
        if token.name in SCRIPT_CAPABLE:
            return f"a <{token.name}> element"
        for attribute in token.attributes:
            name = attribute.name
            if name.startswith("on"):
                return f"the {name}= event attribute"
            if name in TRANSLATABLE_ATTRIBUTES and attribute.value and re.search("[<>]", attribute.value):
                return f"markup inside its {name}= text"
            if name not in HARMLESS_ATTRIBUTES | URL_ATTRIBUTES | TRANSLATABLE_ATTRIBUTES:
                return f"the {name}= attribute"
        return None

    def url_problems(self, token: Token) -> Iterator[Problem]:
        yield from self.problems_of_urls(token_urls(token))

    def problems_of_urls(self, found: list[str]) -> Iterator[Problem]:
        for url in found:
            scheme = url_scheme(url)
            if scheme is not None and scheme not in SAFE_SCHEMES:
                yield error("unsafe-url", f"The translation adds the URL {_quote(url)}: only http, https, mailto, tel and relative links are allowed.")
                continue
            host = url_host(url)
            if (
                host is None
                or host in self.source_hosts
                or host in self.reported_hosts
                or _domain_allowed(host, self.policy.site_hosts)
                or _domain_allowed(host, self.policy.allowed_domains)
            ):
                continue
            self.reported_hosts.add(host)
            yield error(
                "new-domain",
                f"The translation links to {host} ({_quote(url)}), a site the source does not link to. "
                "If this is intended, add the domain to `allowed_domains` in i18npub.toml.",
            )

    def code_spans(self) -> Iterator[Problem]:
        """A code span may be added (formatting), but those of the source must stay as they are."""
        src = [t.text for t in self.source.of_kind(Kind.CODE)]
        if not src:
            return
        tgt = Counter(t.text for t in self.target.of_kind(Kind.CODE))
        missing = Counter(src) - tgt
        for text in missing.elements():
            yield error("inline-code", f"The code {_quote(text)} is missing from the translation or was changed; code is not translated.")


_DELIMITERS = re.compile(r"[`<>\[\]{}$\\]+")  # runs: kramdown reads some together (`<<` is «)
# what starts a line of a container block: a quote, a list item, a definition, a footnote (kramdown
# takes a tab, a space or a `|` after a marker), whose indented lines below are its text
_CONTAINER_MARKER = r"[ \t]*(?:>|(?:[*+-]|\d{1,9}[.)]|:|\[\^[^\]\n]+\]:)(?=[ \t|]|$))"
_MARKERS_AT_LINE_START = re.compile(rf"^((?:{_CONTAINER_MARKER})*[ \t]*)", re.M)
# a tag (or comment) at a line's start, or a container's: unless it is a span element, kramdown
# ends the paragraph and opens an HTML block there, where no Markdown is read (across blank lines,
# to its end tag, written exactly `</name>`); CommonMark (Hugo's goldmark) does so for its block
# elements, some of which kramdown takes for span elements, and for a line that is one tag alone
_TAG_AT_LINE_START = re.compile(rf"^(?:{_CONTAINER_MARKER})*[ \t|]*<(/?[^\s/>]*)", re.M)
_LONE_TAG_LINE = re.compile(rf"^(?:{_CONTAINER_MARKER})*[ \t]*<(/?[^\s/>]++)[^<>\n]*+>[ \t]*$", re.M)  # possessive: linear
_TAG = re.compile(r"<(/?)([^\s/>]+)([^<>]*)>?")
_COMMONMARK_BLOCK_NAMES = frozenset("""pre script style textarea address article aside base basefont blockquote body caption
    center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6
    head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section
    summary table tbody td tfoot th thead title tr track ul""".split())
_SPAN_NAMES = frozenset(SPAN_ELEMENTS) - _COMMONMARK_BLOCK_NAMES


def _frame(text: str) -> tuple[list[str], ...]:
    """What a translation must keep for what its source shows as code to stay code: its runs of
    delimiters (backticks, paired or not, angle brackets, brackets, braces, `$`, backslashes),
    the tags that may open an HTML block (at a line's start, or alone on their line) and, in
    order, every tag of those elements (their end tags as written: kramdown's block ends only at
    an exact one), each line's container markers and indentation (a list item, a definition or a
    footnote takes the lines indented past its text's column in; an indented block is code), how
    far each block is indented, and each line's table pipes and whether it is a table's delimiter row
    (a table splits code spans at its pipes)."""
    lines = LINE_BREAK.sub("\n", text) if "\r" in text else text
    opening = [name.lower() for name in _TAG_AT_LINE_START.findall(lines) if name.lower().lstrip("/") not in _SPAN_NAMES]
    opening += [name.lower() for name in _LONE_TAG_LINE.findall(lines)] if "<" in lines else []
    blocks = {name.lstrip("/") for name in opening}
    block_tags = [f"</{name}{' '.join(rest.split())}>" if end else f"<{name}"
                  for end, name, rest in _TAG.findall(lines) if name.lower() in blocks] if blocks else []
    markers = [prefix.expandtabs(4) for prefix in _MARKERS_AT_LINE_START.findall(lines)]
    indents = [str(len(indent.expandtabs(4))) for indent in _BLOCK_INDENT.findall(lines)]
    pipes = [f"{line.count('|')}{'-' if _is_delimiter_row(line) else ''}" for line in lines.split("\n")] if "|" in lines else []
    return _DELIMITERS.findall(text), opening, block_tags, markers, indents, pipes


def _is_delimiter_row(line: str) -> bool:
    """A table's `--- | :---:` line: what makes the line above its header row."""
    return "-" in line and "|" in line and not set(line) - set("|-: \t>")


_BLOCK_INDENT = re.compile(r"(?:\A|\n[ \t\f\v]*\n)([ \t]*)(?=[^\s])")  # a block's first line
# a line indented as kramdown's code blocks are, after a blank line: code, unless a list item's
# continuation (which the tokenizer cannot tell apart)
_MAYBE_INDENTED_CODE = re.compile(r"(?:\A|\n[ \t\f\v]*\n)((?:(?: {4}|[ ]{0,3}\t)[^\n]*(?:\n|\Z))+)")


# a Liquid tag's or a Hugo shortcode's name, and whether it closes a pair (`endraw`, `/details`)
_PAIR_TAG = re.compile(r"\{(?:%|\{[<%])-?\s*(/\s*|end)?([A-Za-z_][\w-]*)")
# the tags that end one branch of a pair and start another: markup may not move between them
_BRANCHES = frozenset({"else", "elsif", "when", "break", "continue"})


@dataclass
class _Nesting:
    tags: list[tuple[str, bool]]  # each Liquid tag's or shortcode's name, and whether it closes, in order
    paired: set[str]  # the names of the pairs opened
    tokens: list[Token]  # the markup compared (as `_Side` takes it)
    placed: list[tuple[str, tuple[str, ...]]]  # each one's signature and the pairs around it, outermost first
    broken: Token | None  # a closing tag no pair was open for (or not the innermost's)


def _nested(tokens: list[Token], host: str, policy: Policy, kinds: set[str]) -> _Nesting:
    """Which paired Liquid tags or shortcodes each token stands in. A tag opens a pair when its
    closing tag follows (so `{% include %}` opens none, `{{< details >}}` does when
    `{{< /details >}}` comes after it)."""
    liquid = {id(t): m for t in tokens if t.kind is Kind.LIQUID and (m := _PAIR_TAG.match(t.text))}
    nesting = _Nesting([(m.group(2).lower(), bool(m.group(1))) for m in liquid.values()], set(), [], [], None)
    closers = Counter(name for name, closing in nesting.tags if closing)
    if not closers:  # no pair (most texts): nothing is nested
        return nesting
    stack: list[str] = []
    for token in tokens:
        match = liquid.get(id(token))
        if match and match.group(1):
            name = match.group(2).lower()
            closers[name] -= 1
            if not stack or stack[-1].rstrip("|") != name:
                nesting.broken = nesting.broken or token
                continue
            stack.pop()
        elif match and closers[match.group(2).lower()] > 0:
            stack.append(match.group(2).lower())
            nesting.paired.add(stack[-1])
        elif match and stack and match.group(2).lower() in _BRANCHES:
            stack[-1] += "|"  # the next branch of the innermost pair
        if match or _compared(token, policy, kinds):
            nesting.tokens.append(token)
            nesting.placed.append((_signature(token, host), tuple(stack)))
    return nesting


def _within(token: Token, spans: list[tuple[int, int]]) -> bool:
    """Whether the token lies whole inside one of the spans."""
    return any(start <= token.start and token.end <= end for start, end in spans)


def _maybe_code_lines(text: str) -> list[tuple[int, int]]:
    """Where `text` has lines that may be an indented code block: what kramdown may show as code."""
    if not (text.startswith(("    ", "\t", " \t", "  \t", "   \t")) or "\n    " in text or "\t" in text):
        return []  # no line indented so (most texts): the search below finds none
    return [match.span(1) for match in _MAYBE_INDENTED_CODE.finditer(text)]
_FREED = (" The source shows it as code, but the translation changes the markup around it, so the page may read it"
          " as markup: keep the source's markup (its backticks, <, >, brackets, braces, $ and backslashes) as it is.")


def check_markup(c: CheckInput) -> Iterator[Problem]:
    if _BLANK_LINE.search(c.entry.msgstr) and not _BLANK_LINE.search(c.entry.msgid):
        yield error("unsafe-markup", "The translation holds a blank line, which ends the unit's block: what follows it would be read "
                    "out of the unit's place (a code block's, a list item's, a quote's), as markup the source may only show. "
                    "Keep the translation in one block.")
    if len(_LATER_BLOCK_START.findall(c.entry.msgstr)) > len(_LATER_BLOCK_START.findall(c.entry.msgid)):
        yield error("unsafe-markup", "The translation starts a block on one of its later lines (a heading's underline, a rule, a "
                    "heading, a list item, a quote, a fence), which the source does not: what follows would be read out of the "
                    "paragraph, as markup the source only shows as text (a `[x]: url` line below becomes a link's definition). "
                    "Keep the source's lines.")
    for control in sorted(set(_CONTROL.findall(c.entry.msgstr)) - set(_CONTROL.findall(c.entry.msgid))):
        yield error("unsafe-markup", f"The translation holds the control character U+{ord(control):04X}, which its source does not: "
                    "kramdown reads a form feed or a vertical tab as a blank, and one at the start of an indented line makes it "
                    "loop until the site's build runs out of memory. Remove it.")
    problems = list(_Allowlist(c.source, c.target, c.policy, c.kinds).problems())
    yield from problems
    if not any(p.code in SAFETY_CODES for p in problems):
        yield from unsafe_text_added(c.entry.msgid, c.entry.msgstr, c.policy, c.printed)


# What a page may run or send readers to wherever kramdown reads it as markup, found in the plain
# text with no tokenizer: a translation that writes a script scheme, an attribute that runs or
# loads something (an event handler, `style`, a URL attribute) or a script-capable element more
# often than its source, or the address of a host its source does not name, is refused, whatever
# gap between the tokenizer's reading and kramdown's (or a template's, printing a value inside an
# attribute) it would hide it in. The text is read, entities decoded, as a browser reads a URL
# (tabs and line breaks dropped) and a tag (they separate attributes), with a backslash read as
# `/` and as a CommonMark escape (`_readings`); schemes and attributes are also read in the text
# with its Markdown and tags taken out, as a template's `markdownify | strip_html` prints it into
# an attribute (`on*mouse*over=` is `onmouseover=` then). A host is read as a browser reaches it: percent-decoded and NFKC-mapped
# (fullwidth letters), without its user or port, after `//`, a scheme, `www.` (which autolinking
# extensions link), an address's `@` or a `mailto:` URL's last `@`. Each pattern starts with a
# literal (an attribute's `=`, a tag's `<`, a URL's `:`, `//`, `www.` or `@`), so that a search
# skips the prose between.
_RUNNING_SCHEME = re.compile(r"(?<![a-z0-9+.-])(?:(?:java|vb|live)script:|data:(?=\S))")  # searched in texts that hold one
_AUTHORITY = r"(\[[^\]/?#\s\"'`<>]*\]|[^/?#\s\"'`<>]+)"  # an IPv6 literal's brackets end where a host would
# a label, as Hugo's linkify reads one after `www.` (`%`, `=`, `+`… in it), then a dot; possessive, so
# that a run of `www.` is read in one pass (after `@`, a label holds no `@`: a run of them too)
_LABEL_THEN_DOT = r"(?=[^\s/?#\\\"'`<>.]++\.)"
# a mail address's domain: labels joined by a dot, as autolinking extensions link a bare one
# (goldmark's linkify, GFM's: not `@handle.` at a sentence's end), or one label alone closing an
# autolink, which CommonMark links (`</@evil>` is `mailto:/@evil`); and whatever a `mailto:` URL
# names after its last `@` (`mailto:a/b@evil`), its name read up to the next `mailto:` at most (so
# that a run of them is read in one pass)
_MAIL_LABEL = r"[^\s/?#\\\"'`<>.@]"
_MAIL_DOMAIN = rf"@(?={_MAIL_LABEL}++(?:\.{_MAIL_LABEL}|>))" + _AUTHORITY
_MAILTO_ADDRESS = r":(?<=mailto:)(?:[^?#\s\"'`<>@:]|:(?<!mailto:))*+@([^?#\s\"'`<>]+)"
# `//` after a word (`and//or`, `a//b`) is a path's; a run of slashes is read once, from its start
_ADDRESSES = (re.compile(r"//(?<![\w.~%/-]//)/*+" + _AUTHORITY), re.compile(r":(?:(?<=https:)|(?<=http:)|(?<=ftp:))/*+" + _AUTHORITY),
              re.compile(r"www\." + _LABEL_THEN_DOT + _AUTHORITY), re.compile(_MAIL_DOMAIN), re.compile(_MAILTO_ADDRESS))
# what a domain may hold: WHATWG URL's forbidden domain code points end it (`=`, `+`, `(`… do not)
_HOST_NAME = re.compile(r"[^\x00-\x20#%/:<>?@\[\\\]^|\x7f]*")
# jekyll-polyglot rewrites `ferh="/…"` into `href="/…"` in the built page, text or not
_LOADING_ATTRIBUTES = URL_ATTRIBUTES | {"style", "ferh"}
_EVENT_HANDLER = re.compile(r"on[a-z]+")
_SCRIPT_CAPABLE_TAG = re.compile(rf"<({'|'.join(sorted(SCRIPT_CAPABLE))})(?![\w-])", re.I)
_MAY_HOLD_ANY = re.compile(r"[:=</\\&@]|www\.|\{[{%]", re.I)  # what each of them needs (`&`: an entity may stand for it; Liquid, taken out, joins)


@dataclass
class _PlainText:
    runnable: Counter[tuple[str, str]]  # (code, what) → how often
    hosts: set[str]

    @classmethod
    def of(cls, text: str, printed: str | None = None, policy: Policy | None = None, source: bool = False) -> _PlainText:
        """What `text` writes, read as it is and, where it holds Liquid or shortcodes, with them
        taken out: most print nothing, and join what stands on each side (`<{{ x }}script>`).
        What it prints next to other text is not known, so what stands beside it counts too
        (`_beside_template_code`) — unless `printed` gives the text as its template code prints
        it where that is known (a page's or the site's value, in an article): then that text is
        read too, and what stands beside the code left in it. In a `source`, what stands beside
        code that may print a translation does not count: the translation may make of it what the
        source never was."""
        found = cls._read(text)
        if "{%" in text or "{{" in text:
            spans = _template_spans(text)
            joined = cls._read(_without(text, spans))
            found = cls(found.runnable | joined.runnable, found.hosts | joined.hosts)
            if printed is None or printed == text:
                found.runnable |= _beside_template_code(text, spans, policy, source)
            else:
                also = cls.of(printed, None, policy, source)
                # a URL the configuration gives may be another where the site is built (a layered
                # configuration, an environment's): what continues its host is refused all the same
                found = cls(found.runnable | also.runnable | _continuing_url(text, spans, policy, source), found.hosts | also.hosts)
        return found

    @classmethod
    def _read(cls, text: str) -> _PlainText:
        tag_text = html.unescape(text).lower()
        for dot in _IDNA_DOTS:  # what a browser takes for a host's dots
            if dot in tag_text:
                tag_text = tag_text.replace(dot, ".")
        readings = _readings(tag_text)
        # the text, and with its markup taken out
        texts = [tag_text]
        if _markup_may_join_a_name(tag_text):
            texts.append(_MARKUP_TO_STRIP.sub("", tag_text))
        schemes = readings + [r for text in texts[1:] if "script" in text or "data" in text for r in _readings(text)]
        runnable: Counter[tuple[str, str]] = Counter()
        for reading in schemes:  # the most of any
            if "script:" in reading or "data:" in reading:
                runnable |= Counter(("unsafe-url", m.group()) for m in _RUNNING_SCHEME.finditer(reading))
        # a tag's reading, and kramdown's, which undoes `onload\=` in an image's `alt`
        for reading in (r for text in texts for r in ([text, _COMMONMARK_ESCAPE.sub(r"\1", text)] if "\\" in text else [text])):
            for names in _attribute_names(reading):
                runnable |= Counter(("unsafe-html", name + "=") for name in names)
        if "<" in text:
            runnable.update(("unsafe-html", m.group().lower()) for m in _SCRIPT_CAPABLE_TAG.finditer(text))
        authorities = {authority for reading in readings for pattern in _ADDRESSES for authority in pattern.findall(reading)}
        hosts = {host for authority in authorities if (host := _host(authority))}
        return cls(runnable, hosts)

    def __bool__(self) -> bool:
        return bool(self.runnable or self.hosts)


# what rendering then stripping the tags leaves nothing of: an image (its `alt` too), tags,
# attribute lists, a link's target or reference, emphasis and code delimiters, brackets, escapes'
# backslashes
_LINK_TARGET = r"(?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])"  # `(url)`, one level of parentheses inside, or `[ref]`
_MARKUP_TO_STRIP = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)|!\[[^\]]*\]" + _LINK_TARGET + r"?|<[^>]*>|\{:[^}]*\}|\]" + _LINK_TARGET + r"|[*_~`\[\]\\]", re.S)


_TEMPLATE_CLOSERS = {"{%": "%}", "{{": "}}"}
_LIQUID_BLANKS = " \t\r\n\f\v"


def _template_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` holds Liquid tags and outputs and Hugo's shortcodes (`{% … %}`, `{{ … }}`),
    each from its opening to the first closing after it (one with no closing is none), with the
    blanks that Liquid's whitespace control (`{%-`, `-%}`) strips on either side."""
    spans, at = [], 0
    next_opening = {opening: text.find(opening) for opening in _TEMPLATE_CLOSERS}
    while next_opening:
        opening = min(next_opening, key=next_opening.__getitem__)
        start = next_opening[opening]
        end = text.find(_TEMPLATE_CLOSERS[opening], start + 2) if start != -1 else -1
        if end == -1:  # none, or no closing for it nor for any later one
            del next_opening[opening]
            continue
        at = end + 2
        if text[start + 2 : start + 3] == "-":
            while start and text[start - 1] in _LIQUID_BLANKS:
                start -= 1
        if text[end - 1] == "-" and end - 1 > start + 2:
            while at < len(text) and text[at] in _LIQUID_BLANKS:
                at += 1
        spans.append((start, at))
        for name, position in next_opening.items():
            if position != -1 and position < at:
                next_opening[name] = text.find(name, at)
    return spans


def _without(text: str, spans: list[tuple[int, int]], instead: str = "") -> str:
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], instead]
        at = end
    return "".join(pieces) + text[at:]


# what starts, or sits inside, what the net looks for (a colon before a blank is prose's, not a scheme's)
_JOINABLE = re.compile(r"[<=/\\&@]|:(?=\S)|[.。．｡](?=\w)")
_JOINED_BEFORE = "<&./@:=\\"  # what, right before what a template prints, makes markup or an address of it
_JOINED_AFTER = re.compile(r"[^\W_]*(?::(?=\S)|=)")  # what, right after it, ends a scheme or an attribute's name with it
# what, right after a URL a template prints, is still its host's (a browser's host ends at none of
# these; `:` leads to a user's name)
_CONTINUES_URL = re.compile(r"[^\s/?#\\)\]\"'`<>|^]+")


def _beside_template_code(text: str, spans: list[tuple[int, int]], policy: Policy | None = None,
                          source: bool = False) -> Counter[tuple[str, str]]:
    """What template code may join: each character that may start or sit inside what the net
    looks for, in a word that holds Liquid or a shortcode (blanks inside them do not split it):
    what they print, often nothing or one branch of an `if`, joins the word's pieces, so
    `<s{% if x %}cr{% else %}zz{% endif %}ipt>` may be `<script>`. And what stands right before
    template code, where it makes markup, a scheme or an address of what is printed
    (`<{{ page.title }}` with a title translated as `script>…`, `java{{ page.title }}` with one
    translated as `script:…`, `www.{{ page.title }}`), or right after a URL it prints
    (`{{ site.url }}-evil.example`, `{{ site.url }}。evil。example`, `{{ site.url }}:x@evil.example`
    are other hosts). Where an article says what the code prints, the text as printed is read
    instead, and only the code left in it counts here (see `_PlainText.of`). Code that may print
    a translation (`_printing_translations`: `{{ page.title | upcase }}`, an include) also joins
    what stands right after it (`{{ page.tags | first }}script:`, a tag translated `java`); in a
    `source`, nothing beside it counts."""
    found: Counter[tuple[str, str]] = Counter()
    printing = _printing_translations(text, spans, policy or Policy())
    marked, at = [], 0
    for index, (start, end) in enumerate(spans):
        marked += [text[at:start], _TRANSLATION_MARK if index in printing else _TEMPLATE_MARK]
        at = end
    for word in ("".join(marked) + text[at:]).split():
        if _TRANSLATION_MARK in word and not source:
            found.update(("unsafe-html", f"{m.group()} beside Liquid or a shortcode{_PRINTS_TRANSLATION}") for m in _JOINABLE.finditer(word))
        elif _TEMPLATE_MARK in word and _TRANSLATION_MARK not in word:
            found.update(("unsafe-html", f"{m.group()} beside Liquid or a shortcode") for m in _JOINABLE.finditer(word))
    previous_end = -1
    for index, (start, end) in enumerate(spans):
        code = _code_shown(text, start, end)
        said = _PRINTS_TRANSLATION if index in printing else ""
        # a browser drops the tabs in a URL, and the line breaks too where the code is in a tag's
        # attribute: what stands beyond them joins such code
        dropped = "\t\r\n" if said and _inside_tag(text, start) else "\t"
        before = start
        while said and before and text[before - 1] in dropped:
            before -= 1
        if index in printing and source:
            pass
        elif start != previous_end and before and text[before - 1] in _JOINED_BEFORE:
            found["unsafe-html", f"{text[before - 1]} right before {code}{said}"] += 1
        elif start != previous_end and before and text[before - 1].isalnum():  # `java{{ page.title }}`, a title `script:…`
            found["unsafe-html", f"a letter or digit right before {code}{said}"] += 1
        after = end
        while after < len(text) and text[after] in dropped:
            after += 1
        if said and not source and _JOINED_AFTER.match(text, after):  # `{{ page.tags | first }}script:`, a tag `java`
            found["unsafe-html", f"{text[after]} right after {code}{said}"] += 1
        previous_end = end
    return found + _continuing_url(text, spans, policy, source)


# template code whose output a translation may change: what reads a page's value that holds a
# unit (or the page whole, or what is made of its body: `content`, `excerpt`), the site's pages
# and documents (their titles are translated where the site is built), an include or a shortcode
# given a text parameter (a unit: `caption="…"`), and a variable that the text assigns, captures
# or loops over (from any of these, or from text that a unit holds). Dates, files, addresses and
# the other keys no unit holds print what they print in the source.
_PAGE_READ = re.compile(r"(?<![\w.$-])page(?:\s*\.\s*([\w-]+)|\s*\[\s*[\"']([^\"']+)[\"']\s*\]|(?![\w-]))")
_PAGE_BODY = frozenset({"content", "excerpt", "previous", "next"})  # made of its body, or other pages
_SITE_READ = re.compile(r"(?<![\w.$-])site\s*(?:\.\s*([\w-]+)|\[\s*[\"']([\w-]+)[\"']\s*\]|(\[))|(?<![\w.$-])paginator(?![\w-])")
# the site's variables that hold no page's text (its settings, when `site_values` does not know them, are read as text too)
_SITE_QUIET = frozenset({"url", "baseurl", "data", "time", "static_files", "lang", "active_lang", "languages", "default_lang",
                         "github", "source", "destination", "permalink", "timezone", "encoding"})
# how an include's or a shortcode's call starts, with the name of its template (none: a file beside
# the page's, another's name, `{{ x }}`)
_TEMPLATE_CALL = re.compile(r"\{%-?\s*include_relative\b|\{%-?\s*include\s+([^\s%}]*)|\{\{[<%]-?\s*+(?!/)([^\s>%}]*)")

_HUGO_PARAM = re.compile(r"\{\{[<%]\s*param\s+[\"'`]?([\w.-]+)")  # Hugo's `param`, which prints the page's value
_TEXT_PARAMETER = re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(TRANSLATABLE_PARAMETERS))})\s*=")
# Liquid's tags that print nothing of what they name: they choose, loop, assign (see `_DEFINES`)
_PRINTS_NOTHING = re.compile(r"\{%-?\s*(?:if|elsif|else|endif|unless|endunless|case|when|endcase|for|endfor|break|continue"
                             r"|assign|capture|endcapture|tablerow|endtablerow|comment|endcomment|raw|endraw)(?![\w-])")
# what defines a variable: in a tag, or on a line of `{% liquid %}`'s (a capture's name may be quoted)
_DEFINES = re.compile(r"(?:\{%-?|\bliquid\b|\n)\s*(?:assign|capture|for|tablerow)\s+[\"']?([\w-]+)")


def _inside_tag(text: str, pos: int) -> bool:
    """Whether `pos` stands inside an HTML tag (after its `<name`, before its `>`)."""
    opening = text.rfind("<", 0, pos)
    return opening != -1 and text[opening + 1 : opening + 2].isalpha() and ">" not in text[opening:pos]


def _printing_translations(text: str, spans: list[tuple[int, int]], policy: Policy) -> set[int]:
    """The indexes of the `spans` of template code that may print what a translation wrote."""
    defined = set(_DEFINES.findall(text))
    names = re.compile(rf"(?<![\w.$-])(?:{'|'.join(map(re.escape, sorted(defined)))})(?![\w-])") if defined else None
    def quiet(call: re.Match[str]) -> bool:
        name = call.group(1) or call.group(2)
        return name is not None and name.lower() in policy.quiet_templates

    # an include whose template is not known to print nothing of the page may assign what any
    # later code prints (its assignments reach the page)
    calls = [call for start, _ in spans if (call := _TEMPLATE_CALL.match(text, start))]
    loud_include = any(call.group(0).startswith("{%") and not quiet(call) for call in calls)

    def translated(key: str) -> bool:
        key = key.partition(".")[0].lower()
        return not key or key in _PAGE_BODY or policy.translated_keys is None or key in policy.translated_keys

    def prints_translations(start: int, end: int) -> bool:
        if param := _HUGO_PARAM.match(text, start, end):
            return translated(param.group(1))
        if call := _TEMPLATE_CALL.match(text, start, end):
            if _TEXT_PARAMETER.search(text, start, end) or not quiet(call):
                return True  # else what its arguments name, below
        elif _PRINTS_NOTHING.match(text, start, end):
            return False
        if any(translated(match.group(1) or match.group(2) or "") for match in _PAGE_READ.finditer(text, start, end)):
            return True
        for match in _SITE_READ.finditer(text, start, end):
            name = match.group(1) or match.group(2)
            if name is None or (name not in _SITE_QUIET and f"site.{name}" not in policy.site_values):
                return True
        return loud_include or (names is not None and names.search(text, start, end) is not None)

    return {index for index, (start, end) in enumerate(spans) if prints_translations(start, end)}


def _continuing_url(text: str, spans: list[tuple[int, int]], policy: Policy | None = None,
                    source: bool = False) -> Counter[tuple[str, str]]:
    """What stands right after template code that prints a URL (its name says so, or the site's
    value it names is one: the site may be built with another) and is still that URL's host (see
    `_CONTINUES_URL`), when it names another host: a letter or a digit in it, or more template
    code (punctuation alone, `{{ site.url }}!`, ends no name a browser reaches); in a `source`, not
    where that code may print a translation (see `_beside_template_code`)."""
    found: Counter[tuple[str, str]] = Counter()
    policy = policy or Policy()
    names = _url_names(policy.site_values)
    printing = _printing_translations(text, spans, policy) if source else set()
    for start, end in spans:
        code = text[start:end].lower()
        if (("url" in code or any(name in code for name in names)) and (after := _CONTINUES_URL.match(text, end))
                and _NAMES_MORE.search(after.group())
                and not any(index in printing for index, (s, _) in enumerate(spans) if end <= s < after.end())):
            found["unsafe-html", f"{text[end]} right after {_code_shown(text, start, end)}"] += 1
    return found


_NAMES_MORE = re.compile(r"[^\W_]|\{")
_URL_VALUE = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//|www\.", re.I)


def _url_names(site_values: Mapping[str, str]) -> list[str]:
    """What names, in template code, a site's value that is a URL: `site.accueil`, and for a Hugo
    param its name quoted or not (`param "accueil"`)."""
    names = []
    for name, value in site_values.items():
        if _URL_VALUE.match(value.strip()):
            names.append(name.lower())
            if name.startswith("site.params."):
                names.append(name.removeprefix("site.params.").lower())
    return names


def _code_shown(text: str, start: int, end: int) -> str:
    """Template code as a message names it: without its blanks, a date's format reduced."""
    return re.sub(r"\s+", "", _with_date_format_reduced(text[start:end].strip(_LIQUID_BLANKS)))


_TEMPLATE_MARK = "\x00"  # a control character, which a translation holds only to be refused
_TRANSLATION_MARK = "\x01"  # the same, for code that may print a translation
_PRINTS_TRANSLATION = ", code that may print a translation"  # how what stands beside such code is named


_PERCENT_ESCAPE = re.compile(r"%[0-9a-f]{2}")  # in a lowercased text
_IDNA_DOTS = "。．｡"


def _readings(tag_text: str) -> list[str]:
    """The entity-decoded text as a browser reads a URL (tabs and line breaks dropped) and a tag
    (they separate attributes); with a backslash, each as a browser reads it (`/`) and as
    CommonMark does (an escape, undone). Each reading once: most texts read the same ways."""
    readings = [tag_text.replace("\t", "").replace("\n", "").replace("\r", ""), tag_text]
    if "\\" in tag_text:
        readings = [r.replace("\\", "/") for r in readings] + [_COMMONMARK_ESCAPE.sub(r"\1", r) for r in readings]
    if "%" in tag_text and _PERCENT_ESCAPE.search(tag_text):  # not a percentage's `50 %`
        readings += [urllib.parse.unquote(r).lower() for r in readings]
    return list(dict.fromkeys(readings))


def _attribute_names(text: str) -> tuple[list[str], list[str]]:
    """The names of the attributes that run or load something, each a word before an `=`
    (blanks between): from each `=`, back over the blanks, then over the word; as the text is,
    and with its lines joined as `strip_newlines` joins them (a line break inside the word is
    nothing there: `on⏎mouseover=`)."""
    names: list[str] = []
    joined: list[str] = []
    has_lines = "\n" in text
    at = text.find("=")
    while at != -1:
        end = at
        while end and text[end - 1].isspace():
            end -= 1
        start = _word_start(text, end)
        name = text[start:end]
        if _runs_or_loads(name):
            names.append(name)
        if has_lines:
            pieces = [name]
            while start and text[start - 1] == "\n":  # `\n` and `\r\n` go, a lone `\r` stays, and a hard break's blanks or backslash
                start -= 2 if text[start - 2 : start] == "\r\n" else 1
                start = _hard_break_start(text, start)
                word_start = _word_start(text, start)
                pieces.append(text[word_start:start])
                start = word_start
            whole = "".join(reversed(pieces))
            if _runs_or_loads(whole):
                joined.append(whole)
        at = text.find("=", at + 1)
    return names, joined


def _markup_may_join_a_name(text: str) -> bool:
    """Whether taking the markup out of `text` may make the name of an attribute or a scheme
    that it does not write: markup right before the word before an `=` or a `:` (or between them),
    or an `_` in that word (`on*mouse*over=`, `java<b>script</b>:`, `on_click=`)."""
    for sign in "=:":
        at = text.find(sign)
        while at != -1:
            end = at
            while sign == "=" and end and text[end - 1].isspace():
                end -= 1
            start = _word_start(text, end)
            if (end and text[end - 1] in _STRIPPED_CHARACTERS) or (start and text[start - 1] in _STRIPPED_CHARACTERS) or "_" in text[start:end]:
                return True
            at = text.find(sign, at + 1)
    return False


_STRIPPED_CHARACTERS = frozenset("*_~`[]\\!>)}")  # what the markup taken out ends with (see `_MARKUP_TO_STRIP`)


def _hard_break_start(text: str, end: int) -> int:
    """Where the hard break before a line's end starts (two blanks or more, or a backslash, which
    kramdown prints as `<br />` and `strip_html` takes out), or `end`."""
    start = end
    while start and text[start - 1] in " \t":
        start -= 1
    if end - start >= 2:
        return start
    return end - 1 if end and text[end - 1] == "\\" else end


def _word_start(text: str, end: int) -> int:
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] in "_:-"):
        start -= 1
    return start


def _runs_or_loads(name: str) -> bool:
    return name in _LOADING_ATTRIBUTES or _EVENT_HANDLER.fullmatch(name) is not None


def _host(authority: str) -> str:
    """The host of a URL's authority as a browser reaches it (`www.` left out, as `url_host` does)."""
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    if not host.isascii() or "%" in host:  # what NFKC and percent-decoding would leave as it is (most hosts) is not read again
        host = unicodedata.normalize("NFKC", urllib.parse.unquote(host))
    name = _HOST_NAME.match(host.lower()).group()
    end = len(name)
    while end and not name[end - 1].isalnum():  # prose's punctuation after it (`).`, `»`): no registrable name ends so
        end -= 1
    return name[:end].removeprefix("www.")


def unsafe_text_added(source: str, target: str, policy: Policy, printed: tuple[str, str] | None = None) -> list[Problem]:
    """An error for each script scheme, attribute that runs or loads something, or script-capable
    element that `target` writes more often than `source` does, and for each host it names that
    `source` does not (nor the policy), wherever they stand in it. `printed` are the two texts as
    their template code prints them, where an article says what it prints (see `_PlainText.of`)."""
    source_printed, target_printed = printed or (None, None)
    if source == target and source_printed == target_printed and not _may_print_translations(target, policy):
        return []
    problems = _template_delimiters_changed(source, target)
    if not _MAY_HOLD_ANY.search(target) and not (target_printed and _MAY_HOLD_ANY.search(target_printed)):
        return problems
    after = _PlainText.of(target, target_printed, policy)
    if not after:  # most translations: nothing to compare
        return problems
    before = _PlainText.of(source, source_printed, policy, source=True)
    added = sorted((after.runnable - before.runnable).items())
    problems += [error(code, f"The translation writes {_quote(text)} more often than the source does ({count} more): wherever it "
                      "stands, the page may read it as markup that runs script. Copy the source's code and markup as they are.")
                for (code, text), count in added if not text.endswith(_PRINTS_TRANSLATION)]
    problems += [error(code, f"The source writes {_quote(text.removesuffix(_PRINTS_TRANSLATION))}: its template code prints what a "
                      "translation writes (a front-matter value, through a filter, a loop or an include, whose output is not known "
                      "here), and what stands beside it may make a script's address, markup or another site's address of a "
                      "translated value. No translation of this article is published while the source prints it so: have the "
                      "source print it apart (blanks or punctuation around it), or as a plain `{{ page.key }}`, which is read.")
                 for (code, text), _ in added if text.endswith(_PRINTS_TRANSLATION)]
    for host in sorted(after.hosts - before.hosts):
        if not (_domain_allowed(host, policy.site_hosts) or _domain_allowed(host, policy.allowed_domains)):
            problems.append(error("new-domain", f"The translation writes the address of {host}, a site the source does not name: "
                                  "wherever it stands, the page may link to it. If this is intended, add the domain to "
                                  "`allowed_domains` in i18npub.toml."))
    return problems


# what a Hugo shortcode's template may read of its page, or the site's, or hand to other templates
# (a partial): any field but those of its call (`.Get` its parameters; `.Inner` is text a unit holds)
_HUGO_FIELD = re.compile(r"\.([A-Za-z_]\w*)|\b(site|partial|partialCached|template)\b")
_HUGO_CALL_FIELDS = frozenset({"Get", "Ordinal", "Position", "IsNamedParams", "Name"})


def template_prints_translations(text: str, hugo: bool, site_values: Mapping[str, str]) -> bool:
    """Whether an include's (Liquid) or a shortcode's (Hugo) template may print what a translation
    wrote: it reads its page or the site's pages (another include or shortcode it calls may too),
    or, for an include, assigns what the page's text may print then. Its text parameters are
    known at each call (see `_printing_translations`)."""
    if hugo:
        return any(m.group(2) or m.group(1) not in _HUGO_CALL_FIELDS for m in _HUGO_FIELD.finditer(text))
    return bool(_DEFINES.search(text) or _printing_translations(text, _template_spans(text), Policy(site_values=site_values)))


def _may_print_translations(text: str, policy: Policy) -> bool:
    """Whether `text` holds template code that may print what a translation wrote (see
    `_printing_translations`)."""
    return ("{{" in text or "{%" in text) and bool(_printing_translations(text, _template_spans(text), policy))


_TEMPLATE_DELIMITERS = ("{{", "}}", "{%", "%}", "{{<", ">}}", "{{%", "%}}")  # Liquid's, and Hugo's shortcodes


def _template_delimiters_changed(source: str, target: str) -> list[Problem]:
    """An error when `target` does not write the template delimiters `source` writes, as often:
    the generator reads them before the Markdown, so one dropped, changed or added (a shortcode
    pair split across two units, `> }}`, a `{{%` inside an address) can show the code a pair
    holds live, or stop the site's build."""
    if "{" not in source + target and "}" not in source + target:
        return []
    before, after = ([text.count(d) for d in _TEMPLATE_DELIMITERS] for text in (source, target))
    if before == after:
        return []
    counts = "; ".join(f"{_quote(d)}: {b} in the source, {a} here" for d, b, a in zip(_TEMPLATE_DELIMITERS, before, after) if b != a)
    return [error("unsafe-markup", f"The translation does not write the source's template delimiters ({counts}): the "
                  "generator reads Liquid and shortcodes before the Markdown, and one dropped, changed or added can show the "
                  "code they hold live or stop the site's build. Copy them as the source has them.")]


# a line, after a unit's first, that ends its paragraph in kramdown or CommonMark: a setext
# underline, `^`, a thematic break, an ATX heading, a list item that may interrupt a paragraph, a
# quote, a fence
_LATER_BLOCK_START = re.compile(r"(?:\r\n?|\n)[ \t]{0,3}(?:(?:=+|-+|\^|(?:[-*_][ \t]*){3,})[ \t]*(?=\r|\n|$)"
                                r"|#{1,6}(?:[ \t]|(?=\r|\n|$))|[-+*][ \t]|1[.)][ \t]|>|`{3}|~{3})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # all but tab and the line breaks
_BLANK_LINE = re.compile(r"(?:\r\n?|\n)[ \t\f\v]*(?:\r\n?|\n)")


def unsafe_additions(source: Markup, target: Markup, policy: Policy) -> list[tuple[Problem, Token | None]]:
    """The safety problems of `target` against `source`, whole texts (an article's body), each
    with the token of `target` it is about (to say whose translation it comes from)."""
    allowlist = _Allowlist(source, target, policy, set(), whole_host=True)
    return [(p, t) for p, t in allowlist.problems_with_tokens() if p.code in SAFETY_CODES]


# ---------------------------------------------------------------------------------------------
# The other checks

@dataclass(frozen=True)
class CheckInput:
    entry: Entry
    source: Markup
    target: Markup
    policy: Policy
    kinds: set[str]  # the unit's kinds ("paragraph", "list item", "front matter: title"…)
    printed: tuple[str, str] | None = None  # source and translation as their known template code prints them (in an article)


Check = Callable[[CheckInput], Iterable[Problem]]


def check_link_text(c: CheckInput) -> Iterator[Problem]:
    """A link emptied of its text cannot be seen or clicked."""

    def emptied(markup: Markup) -> list[str]:
        tokens = markup.tokens
        return [b.url for a, b in zip(tokens, tokens[1:]) if a.kind is Kind.LINK_OPEN and b.kind is Kind.LINK_END and a.end == b.start and not a.image]

    with_text = {t.url for t in c.source.of_kind(Kind.LINK_END)} - set(emptied(c.source))
    for url in emptied(c.target):
        if url in with_text:
            yield error("link-text", f"The link to {_quote(url)} has no text left: readers cannot see or click it.")


SINGLE_LINE_KINDS = {"heading", "table cell"}


def check_line_breaks(c: CheckInput) -> Iterator[Problem]:
    s, t = c.source, c.target
    if s.br_count != t.br_count:
        yield error("line-breaks", f"The source has {s.br_count} <br> line break(s), the translation {t.br_count}.")
    if s.hard_breaks != t.hard_breaks:
        yield error(
            "line-breaks",
            f"The source has {s.hard_breaks} hard line break(s) (two spaces or a backslash at the end of a line), "
            f"the translation {t.hard_breaks}.",
        )
    # the lines of the texts as written (a region of the assembled page has the host's prefixes)
    src_lines, tgt_lines = _lines(c.entry.msgid), _lines(c.entry.msgstr)
    if "list item" in c.kinds and src_lines != tgt_lines:
        yield error(
            "line-breaks",
            f"This list item has {src_lines} line(s) in the source and {tgt_lines} in the translation; "
            "in a list, each line break matters (keep the same lines).",
        )
    elif c.kinds & SINGLE_LINE_KINDS and src_lines == 1 and tgt_lines > 1:
        kind = sorted(c.kinds & SINGLE_LINE_KINDS)[0]
        yield error("line-breaks", f"A {kind} must stay on one line: a line break here breaks the page layout.")
    if "table cell" in c.kinds and t.of_kind(Kind.PIPE) and not s.of_kind(Kind.PIPE):
        yield error("line-breaks", "A `|` in a table cell starts a new cell: write `\\|` for a literal bar.")


def emphasis_counts(markup: Markup) -> Counter[str]:
    """How many single and double `*`/`_` delimiters the text has (balanced when all even)."""
    counts: Counter[str] = Counter()
    for token in markup.of_kind(Kind.EMPHASIS):
        char, length = token.text[0], len(token.text)
        if char == "~":
            continue
        counts[char * 2] += length // 2
        counts[char] += length % 2
    return counts


def check_emphasis(c: CheckInput) -> Iterator[Problem]:
    src, tgt = emphasis_counts(c.source), emphasis_counts(c.target)
    names = {"**": "bold", "__": "bold", "*": "italic", "_": "italic"}
    for marker in ("**", "__", "*", "_"):
        if src[marker] % 2 == 0 and tgt[marker] % 2 == 1:
            yield error(
                "emphasis",
                f"The {names[marker]} markers `{marker}` are unbalanced in the translation "
                f"({tgt[marker]} of them): one is missing or extra, so the page would show stray characters.",
            )


# a number starts with a digit that follows none: the pattern starts with the digit (the lookbehind
# after it), so that a search skips the prose between
_NUMBER = re.compile(r"\d(?<!\d\d)(?:\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d*(?:[.,\u00a0\u202f]\d+)*)")


def numbers(prose: str) -> list[str]:
    """Numbers in the prose, separators removed: "1 000,5" and "1,000.5" compare equal."""
    return [re.sub(r"\D", "", n) for n in _NUMBER.findall(prose)]


def check_numbers(c: CheckInput) -> Iterator[Problem]:
    missing, added = _difference(numbers(c.source.prose), numbers(c.target.prose))
    if missing or added:
        parts = []
        if missing:
            parts.append("missing: " + ", ".join(missing))
        if added:
            parts.append("not in the source: " + ", ".join(added))
        yield warning("numbers", f"Numbers differ from the source ({'; '.join(parts)}).")


def _has_words(prose: str) -> bool:
    return bool(re.search(r"[^\W\d_]{2,}", prose))


def check_same_as_source(c: CheckInput) -> Iterator[Problem]:
    if not c.entry.fuzzy and c.entry.msgstr == c.entry.msgid and _has_words(c.source.prose):
        yield warning("same-as-source", "The translation is identical to the source: is it translated?")


def check_whitespace(c: CheckInput) -> Iterator[Problem]:
    src, tgt = c.entry.msgid, c.entry.msgstr
    for side, part in (("Leading", _leading), ("Trailing", _trailing)):
        if part(src) != part(tgt):
            yield warning("whitespace", f"{side} whitespace differs from the source ({part(src)!r} vs {part(tgt)!r}).")


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


LENGTH_MIN_SOURCE = 30  # below this, short labels vary too much between languages to judge
LENGTH_RATIO_RANGE = (0.4, 2.5)


def _visible_length(prose: str) -> int:
    """The prose's length with the tokens' placeholders and each run of blanks as one space."""
    return len(" ".join(prose.replace(_PLACEHOLDER, " ").split()))


def check_length(c: CheckInput) -> Iterator[Problem]:
    src, tgt = _visible_length(c.source.prose), _visible_length(c.target.prose)
    if src < LENGTH_MIN_SOURCE:
        return
    ratio = tgt / src
    low, high = LENGTH_RATIO_RANGE
    if ratio < low:
        yield warning("length", f"The translation is much shorter than the source ({tgt} vs {src} characters): is part of it missing?")
    elif ratio > high:
        yield warning("length", f"The translation is much longer than the source ({tgt} vs {src} characters): is something repeated?")


UNTRANSLATED_RUN = 6  # this many source words in a row, copied into a draft, are likely untranslated


def check_untranslated_fuzzy(c: CheckInput) -> Iterator[Problem]:
    if not c.entry.fuzzy or not _has_words(c.source.prose):
        return
    if c.entry.msgstr == c.entry.msgid:
        yield warning("untranslated-fuzzy", "The draft is the source text itself, untranslated.")
        return
    src = [w.lower() for w in _WORD.findall(c.source.prose)]
    tgt = " " + " ".join(w.lower() for w in _WORD.findall(c.target.prose)) + " "
    for i in range(len(src) - UNTRANSLATED_RUN + 1):
        run = " ".join(src[i : i + UNTRANSLATED_RUN])
        if f" {run} " in tgt:
            yield warning("untranslated-fuzzy", f"The draft still contains source text: {_quote(run)}…")
            return


def check_front_matter(c: CheckInput) -> Iterator[Problem]:
    """`build` writes any front-matter translation as a YAML string (quoted when needed), so it
    cannot make the YAML invalid or change a value's type; what it can do is change the value's
    line structure, which templates print as is (a title over two lines)."""
    if not any(kind.startswith("front matter:") for kind in c.kinds):
        return
    source, target = _lines(c.entry.msgid) - 1, _lines(c.entry.msgstr) - 1
    if source != target:
        yield error(
            "front-matter",
            f"This front-matter value has {source} line break(s) in the source and {target} in the "
            "translation; the site's templates would print them as they are.",
        )
    added = _written_more_often(c.entry, "<>")
    if added:
        yield error("unsafe-html", f"This front-matter value's translation writes {added} more often "
                    "than its source: templates print a value as it is, in the layout and in the body's Liquid "
                    "(`{{ page.title }}`), where what stands beside it would make markup of it. Write it without.")


def check_template_parameter(c: CheckInput) -> Iterator[Problem]:
    """A shortcode's or an include's parameter (`caption="…"`) is printed by the shortcode's or
    the include's template, as it is for all i18npub knows (Jekyll's `{{ include.caption }}`
    escapes nothing); its quotes are escaped by a backslash, which Hugo and Jekyll take out."""
    if not any(map(is_parameter_kind, c.kinds)):
        return
    translation = c.entry.msgstr
    if "\\" in translation and (translation.count("\\") > c.entry.msgid.count("\\") or _ESCAPING_BACKSLASH.search(translation)
                                or '"' in translation or "'" in translation):
        yield error("unsafe-markup", "The translation of this parameter writes a backslash its source does not, or one beside a "
                    "quote, a backtick or another backslash, or at its end: Hugo and Jekyll read a backslash there as "
                    "escaping what follows (the closing quote: what comes after it is read as the shortcode's code), Hugo "
                    "drops every backslash of a value whose quotes are escaped, and refuses one before a backtick. Write it "
                    "without the backslash.")
    added = _written_more_often(c.entry, "<>")
    if added:
        yield error("unsafe-html", f"This parameter's translation writes {added} more often than its source: the shortcode's or "
                    "the include's template prints it as it is, where what stands beside it would make markup of it. "
                    "Write it without.")


_ESCAPING_BACKSLASH = re.compile(r"\\(?:[\\`\"']|\s*\Z)")


def _written_more_often(entry: Entry, characters: str) -> str:
    """Which of `characters` a translation writes more often than its source, entities read, as
    a message names them (“<” and “>”), or "" (`<` and `>`: a lone `<` is text alone, markup
    beside what stands next to it where a template prints it)."""
    return _named(_more_often(entry, characters))


def _more_often(entry: Entry, characters: str) -> list[str]:
    before, after = html.unescape(entry.msgid), html.unescape(entry.msgstr)
    return [char for char in characters if after.count(char) > before.count(char)]


def _named(characters: list[str]) -> str:
    return " and ".join(map(_quote, characters))


def check_printed_in_script(c: CheckInput) -> Iterator[Problem]:
    """Where the site's templates (or the article's own raw HTML) may print a translated text
    inside script as it is (`var t = '{{ page.title }}'`, an `onclick`: see `script_print`), a
    translation must write the quotes, backticks, backslashes, dollars and `*/` of its source,
    entities that stand for them included, in the same order and no more (some of its quotes may
    be left out): one more ends the script's string or comment there (`'`, `` ` ``, `*/`),
    escapes its end (`\\`) or runs code in a template literal (`${…}`); and one that holds any of
    them (or, for a value, a line break) may not write `(`, `)` or `=` at all (where the source's
    own end the string, code would follow). Any text may be printed there: which value a template
    prints, Liquid decides. Their order is kept too, so that one the source spends in prose (which
    kramdown prints `’`) is not spent in code or math (which it prints as it is)."""
    where = c.policy.printed_in_script
    if not where:
        return
    before, after = _js_significant(c.source), _js_significant(c.target)
    if not _keeps_or_drops_quotes(before, after):
        changed = sorted({s for s, _ in after} - {s for s, _ in before}) or sorted({s for s, _ in before} - {s for s, _ in after})
        yield error("unsafe-html", f"The site's template {where} may print translated text inside a script without escaping it, and this "
                    f"translation does not write the source's quotes, backticks, backslashes and dollars as the source does (it has "
                    f"{', '.join(map(_quote, changed)) or 'fewer'}): printed there, it could end the script's string and run what "
                    "follows. Write them as the source does, using typographic quotes (’ “ ”) otherwise, or have the template "
                    "escape what it prints (Liquid's `| jsonify`; in Hugo, no `safeHTML` or `safeJS` and no template literal around it).")
        return
    # with the source's quotes, a translation may still end a string or a comment where the
    # source does (its own quote: `d'horaires (1er avril)` gives `';alert(1)//`), or where a line
    # break ends a `//` comment: what follows is then code, which needs a call or an assignment to
    # do anything. A value is printed as it is; the body's text only as its rendered HTML, where
    # kramdown prints the prose's quotes as typographic ones, and whose lines no template prints in
    # a comment (the source's would make code of its own next line)
    value = _printed_as_is(c.kinds)
    decoded = html.unescape(c.entry.msgstr)
    if value:
        ends = _MAY_END_SCRIPT_TEXT.search(decoded) is not None
        code = [char for char in "()=" if char in decoded]
    else:  # its markup is its source's (the allowlist): code would be in its prose
        ends = any(in_markup or sign == "*/" or sign == "${" for sign, in_markup in after) or _LINE_SEPARATORS.search(decoded) is not None
        prose = html.unescape(c.target.prose)
        code = [char for char in "()=" if char in prose]
    if ends and code:
        yield error("unsafe-html", f"The site's template {where} may print translated text inside a script without escaping it, and this "
                    f"translation writes {_named(code)} beside quotes, a backslash, a line break or `*/`, which "
                    "may end the script's string or comment there (the source's own as well): what follows would run as code. "
                    "Use typographic quotes (’ “ ”), or have the template escape what it prints (Liquid's `| jsonify`).")


_LINE_SEPARATORS = re.compile("[\u2028\u2029]")  # JavaScript's line breaks that no text has by accident
# what may end a script's string or comment in a value: a quote, a backtick, a backslash (escaping
# its end), a line break (JavaScript's four), the end of a comment, a template literal's `${`
_MAY_END_SCRIPT_TEXT = re.compile(r"['\"`\\\n\r\u2028\u2029]|\*/|\$\{")


def check_printed_in_attribute(c: CheckInput) -> Iterator[Problem]:
    """Where the site's templates print a translated text inside an HTML tag unescaped
    (`alt="{{ include.alt }}"`, `content="{{ page.title }}"`: see `attribute_print`), a
    translation may not write `"`, `'` or `=` more often than its source, entities included: a
    quote ends the value there, and with `=` (or after a blank, unquoted) the next attribute is
    the tag's, `x-init=` or `hx-on:click=` running where Alpine or htmx is loaded. Any text may be
    printed there: which value a template prints, Liquid decides."""
    where = c.policy.printed_in_attribute
    if not where:
        return
    if _printed_as_is(c.kinds):
        added = _written_more_often(c.entry, "\"'=")
    else:  # the body, as kramdown renders it: the prose's quotes typographic, those in its markup or entities as they are
        before, after = _raw_quotes(c.source), _raw_quotes(c.target)
        added = _named([char for char in "\"'" if after[char] > before[char]] + _more_often(c.entry, "="))
    if added:
        yield error("unsafe-html", f"The site's template {where} prints translated text inside an HTML tag without escaping it, and this "
                    f"translation writes {added} more often than its source: printed there, it could end "
                    "the attribute and add another that runs script. Use typographic quotes (’ “ ”), or have the template escape "
                    "what it prints (Liquid's `| escape`).")


def _printed_as_is(kinds: set[str]) -> bool:
    """Whether a unit is a value templates print as it is (a front-matter value, a shortcode's or
    an include's parameter), not the body, which they print as its rendered HTML."""
    return any(kind.startswith("front matter:") or is_parameter_kind(kind) for kind in kinds)


def _raw_quotes(markup: Markup) -> Counter[str]:
    """The quotes of a body's text that kramdown prints as they are: in its markup (a code span,
    an autolink), or written as entities."""
    return Counter(quote for sign, in_markup in _js_significant(markup)
                   if (quote := _decoded_sign(sign)) in ('"', "'") and (in_markup or sign.startswith("&")))


def _decoded_sign(sign: str) -> str:
    """A sign of `_js_significant` as a browser reads it (an entity without its `;` too)."""
    return html.unescape(sign + (";" if sign.startswith("&") and not sign.endswith(";") else ""))


def _keeps_or_drops_quotes(before: list[tuple[str, bool]], after: list[tuple[str, bool]]) -> bool:
    """Whether `after` is `before` with none, or only some of its quotes, left out: one fewer
    ends no string where the source does not (a backslash, a `$` or a `*/` left out could)."""
    kept = 0
    for sign in before:
        if kept < len(after) and after[kept] == sign:
            kept += 1
        elif _decoded_sign(sign[0]) not in ("'", '"', "`"):
            return False
    return kept == len(after)


def _js_significant(markup: Markup) -> list[tuple[str, bool]]:
    """What ends or escapes a script's string in a text, in order, each with whether it stands in
    its markup (a code span, a link's target, an autolink, a tag), where kramdown prints it as it
    is (in prose it prints `'` and `"` as typographic quotes); a `$` or a backslash with what
    follows it (`${` opens code in a template literal, a backslash at the end escapes the quote
    after it)."""
    spans = [(t.start, t.end) for t in markup.tokens]
    found = []
    for m in _JS_SIGNIFICANT.finditer(markup.host, markup.start, markup.end):
        sign = m.group().lower()
        if sign in ("$", "\\"):
            sign += markup.host[m.end() : m.end() + 1] if m.end() < markup.end else ""
        found.append((sign, any(start <= m.start() < end for start, end in spans)))
    return found


# what ends or escapes a script's string or comment, or runs code in a template literal, and the
# entities for them (an attribute's are read before its script; a browser reads some without their `;`)
_JS_SIGNIFICANT = re.compile(r"(?:\*|&(?:ast|midast|#0*42|#x0*2a);?)(?:/|&(?:sol|#0*47|#x0*2f);?)|['\"`\\$]|&(?:#0*(?:39|34|96|92|36)(?![0-9])|#x0*(?:27|22|60|5c|24)(?![0-9a-f])|apos|quot|grave|bsol|dollar);?",
                             re.I)
# where a template's text is script, read entity-decoded: a `<script>` element (from the file's
# start when it closes one that another file opened), a `javascript:` URL (up to the tag's end),
# and the value of any attribute but those that hold only text or a URL (event handlers, `srcdoc`,
# and what frameworks evaluate: Alpine's `x-data`, `@click`, htmx's `hx-on`, Vue's `:title`…)
_SCRIPT_REGION = re.compile(r"\A(?:(?!<script\b).)*?</script|<script\b.*?(?:</script|\Z)|javascript:[^>]*", re.I | re.S)
_ATTRIBUTE_VALUE = re.compile(r"(?<![\w:.@-])([@:]?[a-z_][\w:.@-]*)\s*=\s*(\"[^\"]*\"?|'[^']*'?|[^\s>\"']+)", re.I)
_TEXT_ATTRIBUTES = frozenset({"href", "src", "srcset", "title", "alt", "class", "id", "content", "name", "property", "rel", "lang",
                              "hreflang", "type", "value", "datetime", "width", "height", "target", "role", "for", "label",
                              "placeholder", "action", "method", "itemprop", "itemtype", "itemid", "charset", "media", "sizes",
                              "loading", "cite", "dir", "tabindex", "poster", "download", "integrity", "crossorigin",
                              "referrerpolicy", "aria-label", "aria-describedby", "aria-hidden", "aria-current"})
_NOT_SCRIPT_TYPE = re.compile(r"<script\b[^>]*\btype\s*=\s*[\"']?application/(?:ld\+)?json\b", re.I)
_LIQUID_OUTPUT = re.compile(r"\{\{(.*?)\}\}", re.S)
_LIQUID_INCLUDE = re.compile(r"\{%-?\s*(?:include\w*|render)\b", re.I)
_LIQUID_ASSIGN = re.compile(r"\{%-?\s*assign\s+([\w-]+)\s*=(.*?)-?%\}", re.S)
_LIQUID_CAPTURE_OR_LOOP = re.compile(r"\{%-?\s*(?:capture\s+([\w-]+)|for\s+([\w-]+)\s+in\b)")
# the last filter that leaves nothing of a text to end a string with: percent-encoding, a
# number, a date; JSON too inside a `<script>` element (not in an attribute, whose entities are
# read first: `&#34` in it is a quote), a slug in its default modes (`pretty` keeps `'`)
_SAFE_LAST_FILTERS = frozenset({"url_encode", "cgi_escape", "size", "number_of_words", "plus", "minus", "times", "divided_by",
                                "modulo", "round", "ceil", "floor", "abs", "date_to_xmlschema", "date_to_rfc822",
                                "date_to_long_string", "date_to_string", "date"})
_SAFE_SLUG_MODES = frozenset({"", "default", "ascii", "latin"})
_ESCAPING_FILTERS = frozenset({"escape", "xml_escape", "escape_once"})  # `"` and `'` as entities
# what no translation writes: the site's configuration, what Jekyll computes, and the page's values
# that i18npub writes from the source (its URL, language, date, slug of restricted letters)
_SAFE_OBJECTS = frozenset({"jekyll", "forloop"})
_SAFE_PAGE_VALUES = frozenset({"url", "lang", "date", "id", "path", "permalink", "collection", "slug", "dir", "name"})
# `site.` what holds pages and documents: their values
_SITE_PAGES = frozenset({"pages", "posts", "documents", "collections", "html_pages", "categories", "tags", "related_posts",
                         "static_files"})


def attribute_print(template: str, collections: Iterable[str] = (), templates: str = "") -> int | None:
    """Where a Jekyll template (or an article's raw HTML) first prints, inside an HTML tag (an
    attribute's value, quoted or not, or the tag itself), what a translation may have written,
    unescaped: the offset of that output, or of a Liquid tag there that may print (an include, a
    `cycle`: anything but control flow and assignments), or None. Liquid escapes nothing: a quote
    (or a blank, unquoted) there ends the value, and what follows is the tag's next attribute. An
    output is safe that `script_print` finds safe, or, in a quoted value, whose last filter
    escapes quotes (`escape`, `xml_escape`, `escape_once`). Tags are read as a browser reads them:
    a `>` in a quoted value or in Liquid ends none."""
    text = html.unescape(template)
    site_pages = frozenset(_SITE_PAGES | set(collections))
    safe_names = _safe_variables(text, templates, site_pages)
    masked = _LIQUID_ANY.sub(lambda m: m.group()[:2] + "_" * (len(m.group()) - 4) + m.group()[-2:], text)
    starts = []
    for tag in _HTML_TAG.finditer(masked):
        for liquid in _LIQUID_ANY.finditer(text, tag.start(), tag.end()):
            code = liquid.group()
            if code.startswith("{%"):
                name = _LIQUID_TAG_NAME.match(code)
                if name is None or name.group(1).lower() not in _LIQUID_QUIET:
                    starts.append(liquid.start())
                continue
            quoted = _IN_QUOTED_VALUE.search(masked, tag.start(), liquid.start()) is not None
            if not _output_is_safe(code[2:-2], safe_names, site_pages, True, escaped=quoted):
                starts.append(liquid.start())
    return min(starts, default=None)


# a Liquid output or tag; an HTML tag, its quoted values read whole (a `>` there ends nothing)
_LIQUID_ANY = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_HTML_TAG = re.compile(r"<(?:[a-z]|\{[{%])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>?", re.I)  # its name may be printed
_IN_QUOTED_VALUE = re.compile(r"=\s*(?:\"[^\"]*|'[^']*)\Z")  # up to an output: inside a quoted value (an escape keeps it there)
# Liquid tags that print nothing of their own
_LIQUID_QUIET = frozenset({"if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase", "for", "endfor",
                           "assign", "capture", "endcapture", "comment", "endcomment", "break", "continue"})
_LIQUID_TAG_NAME = re.compile(r"\{%-?\s*(\w+)")


def _safe_variables(text: str, templates: str, site_pages: frozenset[str]) -> set[str]:
    """The variables that this text and the site's other templates only ever `assign` safe
    values (Liquid shares variables between a layout and its includes)."""
    own, others = _variables(text, site_pages), _variables(html.unescape(templates), site_pages)
    assigned = {name: own[0].get(name, True) and others[0].get(name, True) for name in own[0].keys() | others[0].keys()}
    return {name for name, safe in assigned.items() if safe and name not in own[1] | others[1]}


def script_print(template: str, collections: Iterable[str] = (), templates: str = "") -> int | None:
    """Where a Jekyll template (or an article's raw HTML) first prints, inside script, what a
    translation may have written (see `_SCRIPT_REGION`; the text is read entity-decoded, as a
    browser reads an attribute): the offset of that output or `{% include %}` (whose file is script
    then), or None. An output is safe whose last filter leaves no quote (`_SAFE_LAST_FILTERS`), or
    whose value and filters' arguments are the site's configuration, literals or what i18npub
    writes from the source (`page.url`, `page.lang`), or a variable only ever `assign`ed such
    values, in this file and in `templates` (the site's others: Liquid shares variables between a
    layout and its includes)."""
    text = html.unescape(template)
    site_pages = frozenset(_SITE_PAGES | set(collections))
    safe_names = _safe_variables(text, templates, site_pages)
    regions = [(m.start(), m.end(), False) for m in _SCRIPT_REGION.finditer(text) if not _NOT_SCRIPT_TYPE.match(text, m.start())]
    regions += [(m.start(2), m.end(2), True) for m in _ATTRIBUTE_VALUE.finditer(text)
                if "{" in m.group(2) and m.group(1).lower() not in _TEXT_ATTRIBUTES]
    starts = []
    for start, end, in_attribute in regions:
        starts += [m.start() for m in _LIQUID_INCLUDE.finditer(text, start, end)]
        starts += [m.start() for m in _LIQUID_OUTPUT.finditer(text, start, end)
                   if not _output_is_safe(m.group(1), safe_names, site_pages, in_attribute)]
    return min(starts, default=None)


def hugo_script_print(template: str, script: bool = False) -> int | None:
    """Where a Hugo template first prints what a translation may have written where Hugo's
    escaping by context does not keep it out of script: the offset of that action, or None.
    html/template escapes what a `<script>` or an event handler prints, but reads no JS template
    literal (the Go that Hugo is built with before 1.20.3: a backtick in the script before an
    action), knows no attribute a framework evaluates (`x-data`, `@click`, `hx-on`, `data-…`:
    what it prints there is only HTML-escaped, and the browser decodes that first) and
    percent-encodes in a `javascript:` URL (which the browser decodes before it runs it). What a
    pipeline marks safe (`safeHTML`, `safeJS`, `htmlUnescape`…) it prints as it is, whatever the
    context: any page value it may hold (a variable, a partial's result, `.Scratch`) counts, but
    the body Hugo rendered (`.Content`), which the checks hold to the source's markup. A `script`
    template (a `.js` one, which Hugo renders as plain text, or an asset run as a template) is
    script whole. A partial or template called in script may print anything."""
    actions = list(_GO_ACTION.finditer(template))
    found = [m.start() for m in actions if _go_prints_unescaped(m.group(1))]
    if script:
        found += [m.start() for m in actions if _go_prints_page_text(m.group(1))]
        return min(found, default=None)
    # the actions blanked out, so that their quotes, strings and `>` neither end nor open a tag,
    # an attribute or a script
    masked = _GO_ACTION.sub(lambda m: "{{" + "_" * (len(m.group()) - 4) + "}}", template)
    regions = []  # (start, end, whether it is unsafe only after a backtick)
    for element in _SCRIPT_ELEMENT.finditer(masked):
        if not _NOT_SCRIPT_TYPE.match(masked, element.start()):
            regions.append((element.start(), element.end(), True))
    scripts = [(start, end) for start, end, _ in regions]
    for tag in _HTML_TAG.finditer(masked):
        if any(start < tag.start() < end for start, end in scripts):
            continue  # `var t = '…'` is no attribute
        for attribute in _ATTRIBUTE_VALUE.finditer(masked, tag.start(), tag.end()):
            name, value = attribute.group(1).lower(), attribute.group(2)
            if "{{" not in value:
                continue
            if _JAVASCRIPT_URL.match(html.unescape(value).lstrip("\"' \t\n")):
                regions.append((attribute.start(2), attribute.end(2), False))
            elif name not in _TEXT_ATTRIBUTES and name != "style":
                regions.append((attribute.start(2), attribute.end(2), name.startswith("on")))
    for start, end, after_backtick in regions:
        for action in actions:
            if start <= action.start() < end and _go_prints_page_text(action.group(1)):
                # a backtick the template writes, or one an action prints (`{{ "`" | safeJS }}`)
                if not after_backtick or "`" in template[start : action.start()]:
                    found.append(action.start())
    return min(found, default=None)


def _go_prints_page_text(action: str) -> bool:
    """Whether a Go template action prints what a page holds (`.Title`, `.Params.x`, `.Inner`,
    `.`, a variable), or a partial: not the site's configuration, a URL or date Hugo computes,
    a literal, nor an action that prints nothing (`if`, `range`, `$x := …`, a comment)."""
    return not _GO_QUIET.match(action) and _go_holds_page_text(action)


def _go_holds_page_text(expression: str) -> bool:
    """Whether an expression may give what a page holds, or calls a template."""
    code = _GO_STRING.sub('""', expression)
    if _GO_CALLS_TEMPLATE.search(code):
        return True
    return any(not _GO_SAFE_REFERENCE.match(reference) for reference in _GO_REFERENCE.findall(code))


def _go_prints_unescaped(action: str) -> bool:
    """Whether an action marks what a page holds safe (`safeJS` unless JSON-encoded first; any
    other, unless all it holds is the body Hugo rendered or the site's configuration), to print
    it or to keep it (`$s := … | safeHTML`, `return`, `with`)."""
    if not _GO_UNESCAPED.search(_GO_SAFE_JS.sub("", action)):  # JSON is safe as script
        return False
    expression = action[_GO_KEPT.match(action).end() :]
    return _go_holds_page_text(_GO_RENDERED_BODY.sub("site.Title", expression))


# an action, to its first `}}` outside its strings
_GO_ACTION = re.compile(r"\{\{-?\s*((?:\"(?:[^\"\\]|\\.)*\"|`[^`]*`|[^\"`}]|\}(?!\}))*?)\s*-?\}\}", re.S)
# what comes before the expression an action keeps rather than prints
_GO_KEPT = re.compile(r"(?:(?:return|with|if|range|else)\s+)*(?:\$\w*\s*(?:,\s*\$\w*\s*)?:?=(?!=)\s*)?")
_GO_RENDERED_BODY = re.compile(r"\$?\.(?:Page\.)?(?:Content|TableOfContents)\b")
_SCRIPT_ELEMENT = re.compile(r"\A(?:(?!<script\b).)*?</script|<script\b.*?(?:</script|\Z)", re.I | re.S)
_JAVASCRIPT_URL = re.compile(r"[\s\x00-\x1f]*j[\s]*a[\s]*v[\s]*a[\s]*s[\s]*c[\s]*r[\s]*i[\s]*p[\s]*t[\s]*:", re.I)
_GO_QUIET = re.compile(r"/\*|(?:if|else|end|range|with|define|break|continue|return)\b|\$\w*\s*:?=(?!=)")
_GO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|\'(?:[^\'\\]|\\.)*\'')
_GO_CALLS_TEMPLATE = re.compile(r"\b(?:partial|partialCached|template|block)\b")
# a field path (`.Title`, `$.Params.x`, `site.Params.x`), a variable, or the dot alone
_GO_REFERENCE = re.compile(r"\$?\w*(?:\.\w+)+|\$\w*|(?<![\w.])\.(?![\w.])")
# what no translation writes: the site's configuration (not its pages, menus or taxonomies) and
# what Hugo computes (URLs, from a slug that the checks hold to letters, digits and `-._~`)
_GO_SAFE_REFERENCE = re.compile(
    r"(?:\$?\.Site|site)\.(?!(?:Pages|RegularPages|AllPages|Sections|Taxonomies|Menus|Home|GetPage|Data)\b)\w"
    r"|(?:hugo|now)\b|\$?\.(?:Page\.)?(?:Permalink|RelPermalink|Lang|Language|Date|PublishDate|Lastmod|ExpiryDate|Kind|Type|Section|"
    r"WordCount|ReadingTime|IsHome|IsPage|IsSection)\b")
_GO_UNESCAPED = re.compile(r"\b(?:safeHTML|safeHTMLAttr|safeJS|safeURL|safeCSS|htmlUnescape)\b")
_GO_SAFE_JS = re.compile(r"\bjsonify\b[^|]*\|\s*safeJS\b")


@functools.lru_cache(maxsize=8)  # the site's other templates, the same for each of them
def _variables(text: str, site_pages: frozenset[str]) -> tuple[dict[str, bool], set[str]]:
    """The variables a text `assign`s, each with whether every value it is assigned is safe in
    script (see `_output_is_safe`), and those it captures or loops over."""
    assigned: dict[str, bool] = {}
    for match in _LIQUID_ASSIGN.finditer(text):
        assigned[match.group(1)] = assigned.get(match.group(1), True) and _output_is_safe(match.group(2), set(), site_pages, False)
    return assigned, {m.group(1) or m.group(2) for m in _LIQUID_CAPTURE_OR_LOOP.finditer(text)}


def _output_is_safe(output: str, safe_names: set[str], site_pages: frozenset[str], in_attribute: bool, escaped: bool = False) -> bool:
    """Whether an output prints nothing a translation wrote that could end a script's string (or,
    `escaped`, an attribute's value: HTML escaping is safe there)."""
    expression, *filters = _split_filters(output.strip().strip("-").strip())
    if filters:
        last, _, argument = filters[-1].partition(":")
        last, argument = last.strip(), argument.strip().strip("'\"").lower()
        if (last in _SAFE_LAST_FILTERS or (last == "jsonify" and not in_attribute) or (escaped and last in _ESCAPING_FILTERS)
                or (last == "slugify" and argument in _SAFE_SLUG_MODES)):
            return True
    values = [expression] + [argument for f in filters for argument in _filter_arguments(f)]
    return all(_value_is_safe(value, safe_names, site_pages) for value in values)


def _split_filters(output: str) -> list[str]:
    """An output's expression and filters, split at the `|` outside quotes."""
    return [part.strip() for part in re.findall(r"(?:\"[^\"]*\"|'[^']*'|[^|\"'])+", output)] or [""]


def _filter_arguments(filter_: str) -> list[str]:
    _, _, arguments = filter_.partition(":")
    return [a.strip() for a in re.findall(r"(?:\"[^\"]*\"|'[^']*'|[^,\"'])+", arguments)] if arguments else []


def _value_is_safe(value: str, safe_names: set[str], site_pages: frozenset[str]) -> bool:
    value = re.sub(r"^[\w-]+\s*:\s*", "", value)  # a named argument's name
    if not value or value[0] in "'\"" or re.fullmatch(r"-?\d+(?:\.\d+)?|true|false|nil|empty|blank", value):
        return True
    name, _, path = value.partition(".")
    first = re.split(r"[.\[]", path)[0] if path else ""
    if name == "site":
        return first not in site_pages
    if name == "page":
        return first in _SAFE_PAGE_VALUES
    if name != "include" and first in _SAFE_PAGE_VALUES and "." not in path:  # another page's, a loop's `post.url`
        return True
    return name in _SAFE_OBJECTS or (not path and name in safe_names)


_SLUG = re.compile(r"[^\W_](?:[\w.~-]*[^\W_])?")
# a slug may name the translation's file: with its extension it must fit a file name (255 bytes)
MAX_SLUG_BYTES = 200


def check_slug(c: CheckInput) -> Iterator[Problem]:
    """A translated slug becomes the last part of the page's URL: it must be one the generators
    keep as it is (lower-case letters and digits, with `-`, `_`, `.` or `~` inside)."""
    if c.entry.msgctxt != SLUG_CONTEXT:
        return
    slug = c.entry.msgstr
    if not _SLUG.fullmatch(slug) or ".." in slug:  # it names a file too: `../../index` would replace another
        yield error("unsafe-url", f"The slug {_quote(slug)} cannot be part of a URL or a file name as it is: use lower-case letters, "
                    "digits and hyphens (no `/`, spaces or `..`), such as “the-page-title”.")
    elif slug != slug.lower():
        yield error("slug", f"The slug {_quote(slug)} has capitals: use lower-case letters, digits and hyphens, such as “the-page-title”.")
    elif len(slug.encode()) > MAX_SLUG_BYTES:
        yield error("slug", f"The slug is {len(slug.encode())} bytes long; a file name holds at most {MAX_SLUG_BYTES} of them "
                    "with its extension: shorten it.")


# characters a URL does not hold (WHATWG URL code points), and which end the HTML attribute a
# template prints a link value in, or the tag itself
_ATTRIBUTE_BREAKERS = re.compile(r"[\s\"'<>`\x00-\x1f\x7f]")


def check_link_value(c: CheckInput) -> Iterator[Problem]:
    """A front-matter value that is a link (a PDF to download) may lead elsewhere on the site, or
    to an allowed domain, in the translation: as safe as a link target, and a URL alone, which
    cannot end the `href="…"` that a template prints it in. Templates print it after what they
    choose (`{{ site.url }}{{ page.image }}`, `{{ site.baseurl }}/{{ page.image }}`), so it must
    start as its source does (with a letter or digit, with one `/`, with `//`…) and hold no
    backslash its source lacks, which a browser reads as `/`: `.evil.example/x` or `/evil.example/x`
    would lead to another host there."""
    if c.entry.msgctxt != LINK_CONTEXT or c.entry.msgstr.strip() == c.entry.msgid.strip():
        return
    source, target = c.entry.msgid.strip(), c.entry.msgstr.strip()
    allowlist = _Allowlist(c.source, c.target, c.policy, c.kinds)
    allowlist.source_hosts = {h for h in [url_host(source)] if h}
    breaking = sorted(set(_ATTRIBUTE_BREAKERS.findall(target) + (["\\"] if "\\" in target else [])) - set(c.entry.msgid))
    problems = list(allowlist.problems_of_urls([target]))
    if breaking:
        problems.append(error("unsafe-url", f"The link {_quote(c.entry.msgstr)} holds {', '.join(map(repr, breaking))}, which a URL cannot: "
                              "printed in a template's `href=\"…\"`, it would end the attribute (a backslash is a `/` to a "
                              "browser). Write the address alone."))
    if _link_start(target) != _link_start(source):
        problems.append(error("unsafe-url", f"The link {_quote(c.entry.msgstr)} does not start as its source {_quote(c.entry.msgid)} does: "
                              "templates print it after the site's address or a `/`, where it would lead to another host. "
                              "Start it as the source does."))
    yield from problems
    if not problems:
        yield warning("link-changed", f"The link {_quote(c.entry.msgid)} was changed to {_quote(c.entry.msgstr)}: check that it is the file meant.")


def _link_start(link: str) -> str:
    """How a link starts, as what a template prints before it joins it: a letter or digit (a
    relative path, or a scheme), one `/`, two, or another character."""
    if link[:1].isalnum():
        return "a"
    return "//" if link.startswith(("//", "/\\")) else link[:1]


def check_glossary(c: CheckInput) -> Iterator[Problem]:
    """The site's terminology (`Policy.glossary`): a term of the source to keep as written, or
    with a fixed translation, that the translation does not have (markup hidden on both sides)."""
    for found in c.policy.glossary.missing(c.source.prose, c.target.prose):
        if found.term.keep:
            yield warning("glossary", f"The glossary keeps {_quote(found.text)} as written, but the translation does not have it.")
        else:
            yield warning("glossary", f"The glossary translates {_quote(found.text)} as {_quote(found.output)}, "
                          "which the translation does not have.")


# the checks of a slug or a link value, which are not text
VALUE_CHECKS: list[Check] = [check_slug, check_link_value]
CHECKS: list[Check] = [
    check_markup,
    check_link_text,
    check_line_breaks,
    check_emphasis,
    check_numbers,
    check_same_as_source,
    check_whitespace,
    check_length,
    check_untranslated_fuzzy,
    check_front_matter,
    check_template_parameter,
    check_printed_in_script,
    check_printed_in_attribute,
    check_glossary,
]
# checks that only ever warn: `build` needs errors only, and skips them
WARNING_CHECKS = frozenset({check_numbers, check_same_as_source, check_whitespace, check_length, check_untranslated_fuzzy,
                            check_glossary})


# ---------------------------------------------------------------------------------------------
# Entries and catalogs

_IGNORE = re.compile(r"i18npub:\s*ignore\s+([\w\s,-]+)")


def ignored_codes(entry: Entry) -> set[str]:
    """Codes silenced by translator comments such as `# i18npub: ignore numbers, length`; the
    safety codes cannot be."""
    codes: set[str] = set()
    for comment in entry.translator_comments:
        for match in _IGNORE.finditer(comment):
            codes.update(c for c in re.split(r"[\s,]+", match.group(1)) if c)
    return codes - SAFETY_CODES


def is_checked(entry: Entry) -> bool:
    """Only translated or fuzzy entries carry a translation to compare."""
    return bool(entry.msgstr) and not entry.obsolete


def check_entry(
    entry: Entry,
    policy: Policy = Policy(),
    po_path: Path | str = "",
    errors_only: bool = False,
    kinds: Iterable[str] | None = None,
    printed: tuple[str, str] | None = None,
) -> list[Finding]:
    """The findings of one entry, its source and translation read alone. `kinds` are the unit's
    kinds as the source article has them (default: the entry's `#.` comments, which a catalog's
    editor could change); `printed`, the two as their template code prints them, where the
    article says (see `CheckInput`)."""
    if not is_checked(entry):
        return []
    kinds = set(entry.comments if kinds is None else kinds)
    return check_texts(entry, Markup.of(entry.msgid), Markup.of(entry.msgstr), policy, kinds, po_path, errors_only, printed)


def check_texts(
    entry: Entry, source: Markup, target: Markup, policy: Policy, kinds: set[str], po_path: Path | str = "", errors_only: bool = False,
    printed: tuple[str, str] | None = None,
) -> list[Finding]:
    """The findings of an entry whose source and translation are read as given: alone, or as
    regions of the article they are spliced into (see `core.article.article_findings`)."""
    given = CheckInput(entry, source, target, policy, kinds, printed)
    ignored = ignored_codes(entry)
    return [
        finding_of(entry, problem, po_path)
        for check in (VALUE_CHECKS if entry.msgctxt in OPTIONAL_CONTEXTS else CHECKS)
        if not (errors_only and check in WARNING_CHECKS)
        for problem in check(given)
        if problem.code not in ignored and not (errors_only and problem.severity is Severity.WARNING)
    ]


def finding_of(entry: Entry, problem: Problem, po_path: Path | str) -> Finding:
    location = f"{entry.locations[0][0]}:{entry.locations[0][1]}" if entry.locations else ""
    return Finding(str(po_path), entry.lineno, location, entry.msgid, entry.msgctxt, problem.code, problem.severity, problem.message)


def check_catalog(catalog: Catalog, po_path: Path | str, policy: Policy = Policy(), errors_only: bool = False) -> list[Finding]:
    return [f for entry in catalog.entries for f in check_entry(entry, policy, po_path, errors_only)]


def error_count(findings: Iterable[Finding]) -> int:
    return sum(1 for f in findings if f.severity is Severity.ERROR)
