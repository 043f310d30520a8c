"""Quality checks: compare each translated or fuzzy entry with its source and return findings.

Pure functions, no I/O. The Markdown of a msgid/msgstr is scanned once into a `Markup` record
(links, images, attribute lists, code, Liquid, HTML tags, line breaks, and the remaining prose);
every check then compares the source's record with the translation's. The checks that run are
listed in `CHECKS`: to add one, write a function `(CheckInput) -> Iterable[Problem]` and append
it there. docs/checks.md lists the codes.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from .catalog import Catalog, Entry


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


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


# ---------------------------------------------------------------------------------------------
# Scanning Markdown into its markup and its prose

@dataclass(frozen=True)
class Link:
    text: str | None  # None for <a href>, whose text is outside the tag
    url: str


@dataclass(frozen=True)
class Tag:
    name: str  # lower case
    closing: bool
    attrs: tuple[tuple[str, str], ...]  # (lower-case name, unescaped value), in source order
    raw: str

    def attr(self, name: str) -> str | None:
        return next((v for n, v in self.attrs if n == name), None)


@dataclass
class Markup:
    code: list[str] = field(default_factory=list)
    liquid: list[str] = field(default_factory=list)
    ials: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # Markdown links, autolinks, bare URLs, <a href>
    images: list[str] = field(default_factory=list)  # sources of Markdown images and <img src>
    tags: list[Tag] = field(default_factory=list)
    other_urls: list[str] = field(default_factory=list)  # other URL attributes (action, poster…)
    hard_breaks: int = 0  # two trailing spaces or a backslash before a newline
    prose: str = ""  # the text with all markup replaced by placeholders (private-use characters)

    @property
    def urls(self) -> list[str]:
        return [link.url for link in self.links] + self.images + self.other_urls

    @property
    def br_count(self) -> int:
        return sum(1 for t in self.tags if t.name == "br")


_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# kramdown attribute lists and extensions; malformed ones ({:target"_blank"}, an unclosed
# {:target="_blank") are kept verbatim up to the next space so they still compare
_IAL = re.compile(r"\{:(?:[^{}\n]*\}|[^{}\s]*)|\{#[\w:.-]+\}")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BRACKETED = r"(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*"
_DESTINATION = r"<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*"
_TITLE = r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)"
_IMAGE = re.compile(rf"!\[({_BRACKETED})\]\(\s*({_DESTINATION})(?:\s+({_TITLE}))?\s*\)", re.S)
_LINK = re.compile(rf"\[({_BRACKETED})\]\(\s*({_DESTINATION})(?:\s+({_TITLE}))?\s*\)", re.S)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>")
_ATTR = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\[\]\"'\ue000-\uf8ff]+")
_HARD_BREAK = re.compile(r" {2,}\n|\\\n")
_PLACEHOLDER_START = 0xE000  # tokens are one private-use character each: no digits, no letters

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "cite", "background", "data"}


class _Masker:
    """Replaces matches by placeholder characters and can put them back."""

    def __init__(self) -> None:
        self.originals: list[str] = []

    def token(self, original: str) -> str:
        self.originals.append(original)
        return chr(_PLACEHOLDER_START + len(self.originals) - 1)

    def restore(self, text: str) -> str:
        return re.sub(
            "[\ue000-\uf8ff]",
            lambda m: self.originals[ord(m.group()) - _PLACEHOLDER_START]
            if ord(m.group()) - _PLACEHOLDER_START < len(self.originals)
            else m.group(),
            text,
        )


def scan(text: str) -> Markup:
    """The markup of one unit of Markdown (with inline HTML, kramdown and Liquid)."""
    m = Markup()
    mask = _Masker()

    def take(regex: re.Pattern[str], found: list[str] | None, text: str) -> str:
        def sub(match: re.Match[str]) -> str:
            if found is not None:
                found.append(match.group())
            return mask.token(match.group())

        return regex.sub(sub, text)

    text = take(_CODE, m.code, text)  # first: nothing inside code spans is markup
    text = take(_LIQUID, m.liquid, text)
    text = take(_IAL, m.ials, text)
    text = take(_HTML_COMMENT, None, text)

    def image(match: re.Match[str]) -> str:
        m.images.append(_destination(mask.restore(match.group(2))))
        return mask.token(match.group()) + match.group(1)  # the alt text stays prose

    text = _IMAGE.sub(image, text)

    def link(match: re.Match[str]) -> str:
        m.links.append(Link(mask.restore(match.group(1)).strip(), _destination(mask.restore(match.group(2)))))
        title = " " + match.group(3)[1:-1] if match.group(3) else ""
        return match.group(1) + mask.token(match.group()) + title

    text = _LINK.sub(link, text)

    def autolink(match: re.Match[str]) -> str:
        m.links.append(Link(match.group(1), match.group(1)))
        return mask.token(match.group())

    text = _AUTOLINK.sub(autolink, text)

    def tag(match: re.Match[str]) -> str:
        attrs = tuple(
            (name.lower(), html.unescape(mask.restore(value or "").strip("\"'")))
            for name, value in _ATTR.findall(match.group(3))
        )
        t = Tag(match.group(2).lower(), bool(match.group(1)), attrs, mask.restore(match.group()))
        m.tags.append(t)
        for name, value in attrs:
            if name == "href":
                m.links.append(Link(None, value))
            elif name == "src" and t.name == "img":
                m.images.append(value)
            elif name in URL_ATTRIBUTES:
                m.other_urls.append(value)
        return mask.token(match.group())

    text = _TAG.sub(tag, text)

    def bare(match: re.Match[str]) -> str:
        url = match.group().rstrip(".,;:!?")
        m.links.append(Link(url, mask.restore(url)))
        return mask.token(url) + match.group()[len(url):]

    text = _BARE_URL.sub(bare, text)
    m.hard_breaks = len(_HARD_BREAK.findall(text))
    m.prose = text
    return m


def _destination(raw: str) -> str:
    return raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw


def visible_text(markdown: str) -> str:
    """The prose of a unit without its markup: what a reader reads (and a translator is paid for)."""
    return re.sub("[\ue000-\uf8ff]", " ", scan(markdown).prose)


_WORD = re.compile(r"\w+")


def word_count(markdown: str) -> int:
    return len(_WORD.findall(visible_text(markdown)))


# ---------------------------------------------------------------------------------------------
# The checks

@dataclass(frozen=True)
class CheckInput:
    entry: Entry
    source: Markup
    target: Markup
    allowed_domains: tuple[str, ...]

    @property
    def kinds(self) -> set[str]:
        """The unit's kinds ("paragraph", "list item"…): extract writes them as `#.` comments."""
        return set(self.entry.comments)


Check = Callable[[CheckInput], Iterable[Problem]]


def _quote(text: str, limit: int = 80) -> str:
    text = text.replace("\n", "⏎")
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _difference(source: Iterable[str], target: Iterable[str]) -> tuple[list[str], list[str]]:
    """(missing from the target, added by the target), multiset-wise, in order of appearance."""
    source, target = list(source), list(target)
    if source == target:  # the common case, and much cheaper than two Counters
        return [], []
    src, tgt = Counter(source), Counter(target)
    return list((src - tgt).elements()), list((tgt - src).elements())


def _compare(code: str, what: str, source: list[str], target: list[str]) -> Iterator[Problem]:
    missing, added = _difference(source, target)
    if len(missing) == 1 and len(added) == 1:
        yield error(code, f"The {what} {_quote(missing[0])} was changed to {_quote(added[0])}; keep it exactly as in the source.")
        return
    for item in missing:
        yield error(code, f"The {what} {_quote(item)} is missing from the translation; copy it from the source.")
    for item in added:
        yield error(code, f"The translation adds the {what} {_quote(item)}, which the source does not have.")


def check_links(c: CheckInput) -> Iterator[Problem]:
    yield from _compare("link-target", "link target", [x.url for x in c.source.links], [x.url for x in c.target.links])
    with_text = {x.url for x in c.source.links if x.text}
    for link in c.target.links:
        if link.text == "" and link.url in with_text:
            yield error("link-text", f"The link to {_quote(link.url)} has no text left: readers cannot see or click it.")


def check_images(c: CheckInput) -> Iterator[Problem]:
    yield from _compare("image", "image source", c.source.images, c.target.images)


def check_ials(c: CheckInput) -> Iterator[Problem]:
    """A changed attribute list breaks the page: an error. An unclosed one (`{:target="_blank")`)
    is no attribute list for kramdown, which prints it as text: changing it only warns."""
    closed = [x for x in c.source.ials if x.endswith("}")], [x for x in c.target.ials if x.endswith("}")]
    yield from _compare("ial", "attribute list", *closed)
    unclosed = [x for x in c.source.ials if not x.endswith("}")], [x for x in c.target.ials if not x.endswith("}")]
    for problem in _compare("ial-unclosed", "unclosed attribute list", *unclosed):
        yield warning(problem.code, problem.message)


def check_code(c: CheckInput) -> Iterator[Problem]:
    yield from _compare("inline-code", "code", c.source.code, c.target.code)


def _liquid_key(tag: str) -> str:
    return re.sub(r"\s+", " ", tag[2:-2].strip())  # `{{x}}` and `{{ x }}` render alike


def check_liquid(c: CheckInput) -> Iterator[Problem]:
    src = {_liquid_key(x): x for x in c.source.liquid}
    tgt = {_liquid_key(x): x for x in c.target.liquid}
    missing, added = _difference(map(_liquid_key, c.source.liquid), map(_liquid_key, c.target.liquid))
    yield from _compare("liquid", "Liquid tag", [src[k] for k in missing], [tgt[k] for k in added])


TRANSLATABLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}


def _tag_signature(tag: Tag) -> str:
    # URLs are compared by the link and image checks, translatable attributes may change
    kept = sorted((n, v) for n, v in tag.attrs if n not in TRANSLATABLE_ATTRIBUTES | URL_ATTRIBUTES)
    return ("/" if tag.closing else "") + tag.name + "".join(f" {n}={v}" for n, v in kept)


def check_html_tags(c: CheckInput) -> Iterator[Problem]:
    def signatures(m: Markup) -> tuple[list[str], dict[str, str]]:
        tags = [t for t in m.tags if t.name != "br"]  # <br> is a line break: see check_line_breaks
        return [_tag_signature(t) for t in tags], {_tag_signature(t): t.raw for t in tags}

    src, src_raw = signatures(c.source)
    tgt, tgt_raw = signatures(c.target)
    missing, added = _difference(src, tgt)
    for sig in missing:
        yield error("html-tag", f"The HTML tag {_quote(src_raw[sig])} is missing from the translation.")
    for sig in added:
        yield error("html-tag", f"The translation adds the HTML tag {_quote(tgt_raw[sig])}, which the source does not have.")


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
    src_lines, tgt_lines = c.entry.msgid.count("\n") + 1, c.entry.msgstr.count("\n") + 1
    if "list item" in c.kinds and src_lines != tgt_lines:
        yield error(
            "line-breaks",
            f"This list item has {src_lines} line(s) in the source and {tgt_lines} in the translation; "
            "in a list, each line break matters (keep the same lines).",
        )
    elif c.kinds & SINGLE_LINE_KINDS and src_lines == 1 and tgt_lines > 1:
        kind = sorted(c.kinds & SINGLE_LINE_KINDS)[0]
        yield error("line-breaks", f"A {kind} must stay on one line: a line break here breaks the page layout.")


_ESCAPED = re.compile(r"\\[\\`*_{}\[\]()#+\-.!|<>]")
_LIST_MARKER = re.compile(r"^[ \t]*[*+-][ \t]", re.M)
_DELIMITER_RUN = re.compile(r"\*+|_+")


def emphasis_counts(prose: str) -> Counter[str]:
    """How many single and double `*`/`_` delimiters the prose has (balanced when all even)."""
    text = _LIST_MARKER.sub(" ", _ESCAPED.sub(" ", prose))
    counts: Counter[str] = Counter()
    for run in _DELIMITER_RUN.finditer(text):
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        if before.isspace() and after.isspace():
            continue  # "2 * 3", a lone underscore: not emphasis
        if run.group()[0] == "_" and before.isalnum() and after.isalnum():
            continue  # snake_case: kramdown does not emphasize inside words
        char, length = run.group()[0], len(run.group())
        counts[char * 2] += length // 2
        counts[char] += length % 2
    return counts


def check_emphasis(c: CheckInput) -> Iterator[Problem]:
    src, tgt = emphasis_counts(c.source.prose), emphasis_counts(c.target.prose)
    names = {"**": "bold", "__": "bold", "*": "italic", "_": "italic"}
    for marker in ("**", "__", "*", "_"):
        if src[marker] % 2 == 0 and tgt[marker] % 2 == 1:
            yield error(
                "emphasis",
                f"The {names[marker]} markers `{marker}` are unbalanced in the translation "
                f"({tgt[marker]} of them): one is missing or extra, so the page would show stray characters.",
            )


DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet",
    "style", "base", "meta", "link", "form",
}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
_EVENT_ATTRIBUTE = re.compile(r"on[a-z]+")


def check_unsafe_html(c: CheckInput) -> Iterator[Problem]:
    def dangerous(m: Markup) -> Counter[str]:
        found: Counter[str] = Counter()
        for t in m.tags:
            if not t.closing and t.name in DANGEROUS_TAGS:
                found[f"a <{t.name}> tag"] += 1
            found.update(f"the {n}= attribute" for n, _ in t.attrs if _EVENT_ATTRIBUTE.fullmatch(n))
        return found

    for item in (dangerous(c.target) - dangerous(c.source)).elements():
        yield error("unsafe-html", f"The translation adds {item}, which could run code or change the page: remove it.")


def _scheme_normalized(url: str) -> str:
    # browsers ignore whitespace and control characters in a scheme ("java\tscript:")
    return re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()


def check_unsafe_urls(c: CheckInput) -> Iterator[Problem]:
    source = {_scheme_normalized(u) for u in c.source.urls}
    for url in c.target.urls:
        normalized = _scheme_normalized(url)
        if normalized.startswith(UNSAFE_SCHEMES) and normalized not in source:
            yield error("unsafe-url", f"The translation adds the unsafe URL {_quote(url)}: links must not run code.")


def _host(url: str) -> str | None:
    url = html.unescape(url).strip()
    if not re.match(r"(?i)(https?:)?//", url):
        return None  # relative, mailto:, Liquid-made URLs: no domain to compare
    try:
        host = urlsplit(url if ":" in url.split("/")[0] else "http:" + url).hostname
    except ValueError:
        return None
    # "www." adds no trust: www.example.org and example.org count as one site
    return host.lower().rstrip(".").removeprefix("www.") if host else None


def _domain_allowed(host: str, allowed: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in (a.lower().strip(".") for a in allowed))


def check_new_domains(c: CheckInput) -> Iterator[Problem]:
    source_hosts = {h for h in map(_host, c.source.urls) if h}
    reported: set[str] = set()
    for url in c.target.urls:
        host = _host(url)
        if host and host not in source_hosts and host not in reported and not _domain_allowed(host, c.allowed_domains):
            reported.add(host)
            yield error(
                "new-domain",
                f"The translation links to {host} ({_quote(url)}), a site the source does not link to. "
                "If this is intended, add the domain to `allowed_domains` in i18npub.toml.",
            )


_NUMBER = re.compile(r"(?<!\d)(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,\u00a0\u202f]\d+)*)")


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
    return text[len(text.rstrip()):]


LENGTH_MIN_SOURCE = 30  # below this, short labels vary too much between languages to judge
LENGTH_RATIO_RANGE = (0.4, 2.5)


def _visible_length(prose: str) -> int:
    return len(re.sub(r"[\s\ue000-\uf8ff]+", " ", prose).strip())


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
    source, target = c.entry.msgid.count("\n"), c.entry.msgstr.count("\n")
    if source != target:
        yield error(
            "front-matter",
            f"This front-matter value has {source} line break(s) in the source and {target} in the "
            "translation; the site's templates would print them as they are.",
        )


CHECKS: list[Check] = [
    check_links,
    check_images,
    check_ials,
    check_code,
    check_liquid,
    check_html_tags,
    check_line_breaks,
    check_emphasis,
    check_unsafe_html,
    check_unsafe_urls,
    check_new_domains,
    check_numbers,
    check_same_as_source,
    check_whitespace,
    check_length,
    check_untranslated_fuzzy,
    check_front_matter,
]


# ---------------------------------------------------------------------------------------------
# Entries and catalogs

_IGNORE = re.compile(r"i18npub:\s*ignore\s+([\w\s,-]+)")


def ignored_codes(entry: Entry) -> set[str]:
    """Codes silenced by translator comments such as `# i18npub: ignore numbers, length`."""
    codes: set[str] = set()
    for comment in entry.translator_comments:
        for match in _IGNORE.finditer(comment):
            codes.update(c for c in re.split(r"[\s,]+", match.group(1)) if c)
    return codes


def is_checked(entry: Entry) -> bool:
    """Only translated or fuzzy entries carry a translation to compare."""
    return bool(entry.msgstr) and not entry.obsolete


# checks that only ever warn: `build` needs errors only, and skips them
WARNING_CHECKS = frozenset({check_numbers, check_same_as_source, check_whitespace, check_length, check_untranslated_fuzzy})


# every piece of markup any error check looks at, in order: when source and translation have the
# same sequence, no error check can fire (a superset of what `scan` extracts, so the shortcut is safe)
# Every alternative starts with one literal character (hence `\*\**` for `\*+`, and each URL scheme
# once per case), so that the regex engine jumps from one candidate character to the next instead
# of trying the whole pattern at every position: three times faster on prose.
_URL_TOKENS = "|".join(
    f"{first}(?i:{rest})\\S*"
    for scheme in ("https?:", "ftp:", r"www\.", "javascript:", "data:")
    for first, rest in ((scheme[0], scheme[1:]), (scheme[0].upper(), scheme[1:]))
)
_NON_URL_TOKENS = (
    r"\](?:\([^)]*\)|\[[^\]]*\])?|!\[\]?|\[\]?|<[^>]*>|\{(?::[^}\n]*\}?|#[^}\n]*\}|\{.*?\}\}|%.*?%\})"
    r"|``*[^`]*``*|\*\**|__*|~~|&[#\w]+;|\n"
)
_MARKUP_TOKEN = re.compile(_NON_URL_TOKENS + "|" + _URL_TOKENS, re.S | re.M)
# the same tokens where no URL can be: its scan does not stop at every h, f, w, j and d
_MARKUP_TOKEN_WITHOUT_URLS = re.compile(_NON_URL_TOKENS, re.S | re.M)


def _may_hold_url(text: str) -> bool:
    """Whether a URL token can match in `text`: each scheme ends in a letter and a colon (`ſ` and
    `ı` are letters too, which case-insensitive matching takes for `s` and `i`), and `www.` is
    looked for in any case."""
    colon = text.find(":")
    while colon >= 0:
        if colon and text[colon - 1].isalpha():
            return True
        colon = text.find(":", colon + 1)
    dot = text.find(".", 3)  # lowering only the three characters before each dot: prose has few
    while dot >= 0:
        if text[dot - 3 : dot].lower() == "www":
            return True
        dot = text.find(".", dot + 1)
    return False


def same_markup(source: str, target: str) -> bool:
    tokens = _MARKUP_TOKEN if _may_hold_url(source) or _may_hold_url(target) else _MARKUP_TOKEN_WITHOUT_URLS
    if tokens.findall(source) != tokens.findall(target):
        return False
    # hard breaks are compared apart: a token starting with a space would be tried at every space
    return "\n" not in source or len(_HARD_BREAK.findall(source)) == len(_HARD_BREAK.findall(target))


def check_entry(
    entry: Entry, allowed_domains: Iterable[str] = (), po_path: Path | str = "", errors_only: bool = False
) -> list[Finding]:
    if not is_checked(entry) or (errors_only and same_markup(entry.msgid, entry.msgstr)):
        return []
    given = CheckInput(entry, scan(entry.msgid), scan(entry.msgstr), tuple(allowed_domains))
    ignored = ignored_codes(entry)
    location = f"{entry.locations[0][0]}:{entry.locations[0][1]}" if entry.locations else ""
    return [
        Finding(
            str(po_path), entry.lineno, location, entry.msgid, entry.msgctxt,
            problem.code, problem.severity, problem.message,
        )
        for check in CHECKS
        if not (errors_only and check in WARNING_CHECKS)
        for problem in check(given)
        if problem.code not in ignored
    ]


def check_catalog(
    catalog: Catalog, po_path: Path | str, allowed_domains: Iterable[str] = (), errors_only: bool = False
) -> list[Finding]:
    allowed = tuple(allowed_domains)
    return [f for entry in catalog.entries for f in check_entry(entry, allowed, po_path, errors_only)]


def error_count(findings: Iterable[Finding]) -> int:
    return sum(1 for f in findings if f.severity is Severity.ERROR)
