"""The one model of the markup these articles use: a tokenizer of kramdown (inline and line-start
syntax), raw HTML and Liquid, shared by the segmenter, the checks, the build's verification and
the masking of machine translation.

`tokenize(text)` returns the markup tokens of a text in order; whatever lies between them is
prose. It reads kramdown as kramdown does where that matters (code spans cannot cross a blank
line, an attribute list runs to the first `}`, `###Titre` is a heading), and is conservative
where parsers disagree: an unclosed tag or comment swallows the rest of its paragraph (or text),
so nothing after it counts as prose. `tokenize(text, markdown=False)` is the same text seen as
raw HTML (inside an HTML block kramdown does not read Markdown): only tags, comments, entities
and Liquid, which a code span or an escape would otherwise hide. `tokenize(text, exposed=True)`
is the Markdown with nothing hiding any of it: code spans, code blocks, tags and unclosed
attribute lists are not read, link targets and titles do not cross a line break, so what
they hold is, `[text][ref]` is no reference (without a definition of `ref`, kramdown reads
`[ref]` afresh), and only blank lines end a paragraph.

No code span, link, tag or attribute list crosses a line that ends kramdown's paragraph: a blank
line (form feeds are blanks), a `^` line, a block attribute list, a definition, a line that
starts with a block-level tag, a setext underline below a paragraph's first line, a fence line;
and a heading's line ends its block. Whatever a span would seem to hide past such a line is live
on the page, so it is read as such. Where kramdown's reading depends on more than the line
(inside lists, after indentation), the line ends the paragraph: a translation can then hide
nothing that the page shows.

Every search for a closing delimiter goes through `_Finder`, which remembers its last answer,
so that a run of openers without a closer costs one scan, not one scan each: the tokenizer is
linear in the length of its input, whatever that input is.
"""

from __future__ import annotations

import bisect
import re
from enum import Enum
from typing import NamedTuple

# HTML elements that end a unit; any other tag (<b>, <a>, <br>, <img>, <span>…) stays in the text
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe legend li
    main menu nav ol p section summary table tbody td tfoot th thead title tr ul video audio
    source track object embed noscript canvas picture""".split()
)
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# elements whose content is not markup: kept whole, as one token
RAW_ELEMENTS = frozenset({"script", "style", "pre", "textarea"})
# Liquid blocks whose content is not output text
LIQUID_BLOCKS = frozenset({"comment", "highlight"})  # Liquid's, and Hugo's shortcode of the same name
_SHORTCODE_NAME = re.compile(r"\{\{([<%])\s*([\w-]+)")
# the attributes of a tag that hold text a reader sees or hears
TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "aria-description", "placeholder"})
# the named parameters of a Hugo shortcode or a Jekyll include that hold text a page shows
TRANSLATABLE_PARAMETERS = frozenset({"alt", "title", "caption", "description"})


class Kind(Enum):
    CODE = "code span"
    FENCE = "code block"
    LIQUID = "Liquid tag"
    LIQUID_BLOCK = "Liquid block"
    ATTRIBUTES = "attribute list"  # kramdown {:…}, {#id}, {.class}; goldmark {name="value"}
    UNCLOSED_ATTRIBUTES = "unclosed attribute list"  # `{:target="_blank")`: text for kramdown
    EXTENSION = "kramdown extension"  # {::comment}…{:/comment}, {::nomarkdown}, {::options /}
    COMMENT = "HTML comment"
    DECLARATION = "HTML declaration"  # <!DOCTYPE …>, <![CDATA[ …, <?…>
    TAG = "HTML tag"
    RAW_ELEMENT = "HTML element"  # <script>…</script> and the other RAW_ELEMENTS
    ENTITY = "entity"
    AUTOLINK = "autolink"  # <https://…>, <name@example.org>
    LINK_OPEN = "link"  # the `[` or `![` of a link or image whose end was found
    LINK_END = "link target"  # `](target "title")`
    REFERENCE = "link reference"  # `][name]`
    FOOTNOTE = "footnote"  # [^1]
    DEFINITION = "reference definition"  # a `[name]: target "title"` line
    FOOTNOTE_DEFINITION = "footnote definition"  # the `[^1]:` opening a footnote's text
    ABBREVIATION = "abbreviation"  # the `*[ABBR]:` opening an abbreviation's expansion
    URL = "URL"  # a bare URL
    EMAIL = "e-mail address"
    ESCAPE = "escape"  # \*
    EMPHASIS = "emphasis"  # a run of * _ ~~ that can open or close emphasis
    PIPE = "table pipe"
    HARD_BREAK = "hard line break"  # the two spaces or the backslash before a line break
    NEWLINE = "line break"  # \n, \r\n or a lone \r
    LINE_PREFIX = "line start"  # quote markers, list marker, heading hashes, indentation
    BROKEN = "unclosed markup"  # a tag, comment or declaration that never ends; a lone {{ or {%


class Attribute(NamedTuple):
    name: str  # lower case
    value: str | None  # as written, None when the attribute has no value
    start: int  # offsets of the value in the tokenized text (inside the quotes); -1 without value
    end: int
    quote: str  # '"', "'" or "" (unquoted)


class Token(NamedTuple):
    kind: Kind
    start: int
    end: int
    text: str
    name: str = ""  # tag name (lower case), Liquid tag or extension name
    closing: bool = False  # </tag>
    attributes: tuple[Attribute, ...] = ()
    url: str = ""  # where a link, image, autolink, definition or bare URL leads (mailto: for addresses)
    image: bool = False  # LINK_OPEN and LINK_END of an image
    title: tuple[int, int] | None = None  # a link's or definition's title text (translatable)

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)


class _Finder:
    """`str.find` that remembers its last answer for each needle: scanning goes left to right, so
    an answer found (or not found) from an earlier position still holds from a later one."""

    def __init__(self, text: str):
        self._text = text
        self._last: dict[str, int] = {}

    def find(self, needle: str, start: int) -> int:
        found = self._last.get(needle)
        if found is not None and (found == -1 or found >= start):
            return found
        found = self._text.find(needle, start)
        self._last[needle] = found
        return found


class _Searcher:
    """The same for regular expressions: their next match from a position, remembered."""

    def __init__(self, text: str):
        self._text = text
        self._last: dict[re.Pattern[str], re.Match[str] | None] = {}

    def search(self, pattern: re.Pattern[str], start: int) -> re.Match[str] | None:
        if pattern in self._last:
            found = self._last[pattern]
            if found is None or found.start() >= start:
                return found
        found = pattern.search(self._text, start)
        self._last[pattern] = found
        return found


# Where a handler may act. Each starts with a character class, which the regular expression
# engine skips to fast. With line tokens, every line break and every character a handler looks at.
_MARKDOWN_START = re.compile(r"[`<{&\\\[\]!*_~\n\r|:.@$]")
_HTML_START = re.compile(r"[<{&\n\r]")
# Without line tokens, only where a handler finds something: a tokenizer's loop costs more per
# character it stops at than the engine's test of the character's neighbours.
_MARKDOWN_TOKEN_START = re.compile(
    r"""[`<{&\\\[\]!*_~\n\r|:.@$]
    (?: (?<=[^:.\n\r])                # acted on wherever it stands
      | (?<=:)(?=//)                  # a bare URL's scheme ends here
      | (?<=[wW]{3}\.)                # www.
      | (?<=[\n\r])(?=[^A-Za-z\n\r])  # a line that may start with syntax (neither a letter nor an empty line)
      | (?<=[ ][ ][\n\r])             # a hard break's spaces end here
    )""",
    re.X,
)
_HTML_TOKEN_START = re.compile(r"[<{&]")
_BLANK_LINE = re.compile(r"\n[ \t\f\v]*(?=\r?\n|\r)|\r[ \t\f\v]*(?=\r)")  # kramdown's blanks: form feeds too
# kramdown's span-level HTML elements (and script, for its paragraph ends): a line they start is
# the paragraph's, where any other tag at a line's start ends it and opens an HTML block
SPAN_ELEMENTS = """a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q rb
    rbc rp rt rtc ruby samp select small span strong sub sup tt u var script""".split()


class _LinePattern:
    """A pattern that each line is tested against from its start: after a `\n`, a `\r\n` or a
    lone `\r` (kramdown reads it as a line break too)."""

    def __init__(self, body: str, flags: int = 0):
        self.first = re.compile(body, flags)
        self.after_break = re.compile(rf"(?:\r\n?|\n)(?={body})", flags)
        # the engine finds a lone `\n` much faster than any of several characters: for a text
        # without carriage returns (most), the same search
        self.after_newline = re.compile(rf"\n(?={body})", flags)

    def lines(self, text: str) -> list[tuple[int, str]]:
        """Where the lines that the pattern matches start, each with the name of the group it
        matched."""
        found = [(0, match.lastgroup or "")] if (match := self.first.match(text)) else []
        search = self.after_break if "\r" in text else self.after_newline
        return found + [(m.end(), m.lastgroup or "") for m in search.finditer(text)]


# what a line is for kramdown's block parser, when it matters to a paragraph: one that ends it
# (its PARAGRAPH_END), a setext underline, an ATX heading (each ends it when it starts a block)
_BLOCK_LINES = _LinePattern(
    r"""(?:[ \t]*>)*[ \t]*                     # container prefixes
    (?: (?P<end> \^[ \t\f\v]*(?:[\n\r]|\Z)                          # the end-of-block marker
               | \{:(?![:/])(?:\\\}|[^}])*\}[ \t\f\v]*(?:[\n\r]|\Z)   # a block attribute list
               | :[\t|\ ]                                           # a definition
               | </?(?!(?:SPAN)\b)[A-Za-z_:] )                      # an HTML block's tag
      | (?P<setext> [-=]+[ \t\f\v]*(?:[\n\r]|\Z) )
      | (?P<atx> \#{1,6}(?:[ \t]|[\n\r]|\Z) )
    )""".replace("SPAN", "|".join(SPAN_ELEMENTS)),
    re.X | re.A,  # as Ruby reads `\b`: ASCII
)
LINE_BREAK = re.compile(r"\r\n?|\n")
_FENCE_LINE = re.compile(r"^[ \t>]*(`{3,}|~{3,})", re.M)
_BACKTICKS = re.compile(r"`+")
# containers hold blocks (a definition may follow a list marker): quote, list and definition markers
_CONTAINERS = re.compile(r"(?:[ \t]*>|[ \t]*(?:[*+-]|\d{1,9}[.)]|:)[ \t]+)*[ \t]*")
_HEADING_HASHES = re.compile(r"#{1,6}[ \t]*")
_QUOTES_AND_SPACES = re.compile(r"(?:[ \t]*>)*[ \t]*")
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})")
_DEFINITION = re.compile(r"\[(?!\^)([^\]\n\r]+)\]:[ \t]*(<[^<>\n\r]*>|[^\s]*)([^\n\r]*)")  # names may hold `[`
# a footnote's name is kramdown's: ASCII letters, digits, `_` and `-` (Ruby's \w is ASCII)
_FOOTNOTE_NAME = r"[A-Za-z0-9_][A-Za-z0-9_-]*"
_FOOTNOTE_DEFINITION = re.compile(rf"\[\^{_FOOTNOTE_NAME}\]:")
_ABBREVIATION = re.compile(r"\*\[[^\[\]\n\r]+\]:")
_FOOTNOTE = re.compile(rf"\[\^{_FOOTNOTE_NAME}\]")
_AUTOLINK = re.compile(r"<(?:([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)|([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+))>")
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9:_.-]*")
_ATTRIBUTE_NAME = re.compile(r"[^\s/>][^\s/>=]*")
_UNQUOTED_VALUE = re.compile(r"[^\s>]+")
_SPACES = re.compile(r"[ \t\n\r\f]*")
_LINE_BLANKS = re.compile(r"[ \t]*")
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")
_UNCLOSED_ATTRIBUTES = re.compile(r"\{: ?[^\s{}]*")
# `{#id}`, `{.class}`, and goldmark's `{ name="value" }` (Hugo reads it after a heading)
_SHORT_ATTRIBUTES = re.compile(r"\{[ \t]*(?:[#.][\w-]|[A-Za-z_:][\w:.-]*[ \t]*=)[^{}\n\r]*\}")
_LIQUID_NAME = re.compile(r"\{%-?\s*(\w+)")
_INCLUDES = frozenset({"include", "include_relative"})  # Jekyll's tags that take named parameters
# one argument of a shortcode or an include, as Hugo and Jekyll read it: `name="value"` or a value
# alone, quoted (a backslash escapes the quote inside; Hugo reads no single quotes, nor a line
# break inside quotes), raw between backticks (Hugo's) or bare
_TEMPLATE_ARGUMENT = re.compile(r"""\s*(?:([\w-]+)[ \t]*=[ \t]*)?(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`[^`]*`|[^\s"'`=]+)""")
_EXTENSION_NAME = re.compile(r"\{::(\w+)")
_DESTINATION_RUN = re.compile(r"[^ \t\n\r\f\v(){]+")  # kramdown's blanks are these
_TITLE_ENDS = {q: re.compile(q + r"[ \t\n\r\f\v]*\)") for q in ('"', "'")}
_URL_BODY = re.compile(r"(?:[^\s<>\[\]\"{]++|\{(?![{%]))++")  # up to template code (a generator runs it first)
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_URL_TAIL = ".,;:!?'»"
_MAX_PAREN_DEPTH = 4  # nesting of parentheses in a link target (its own included); bounded so each scan is short
_UNFOLLOWED = -1  # a link target nested deeper: unclosed markup


def _is_punct(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()


def _flanking(run: str, before: str, after: str) -> bool:
    """Whether a delimiter run can open or close emphasis (CommonMark's flanking rules)."""
    left = not after.isspace() and (not _is_punct(after) or before.isspace() or _is_punct(before))
    right = not before.isspace() and (not _is_punct(before) or after.isspace() or _is_punct(after))
    if run[0] == "_":  # intraword underscores (snake_case) are text
        return (left and not before.isalnum()) or (right and not after.isalnum())
    return left or right


class _Tokenizer:
    def __init__(self, text: str, markdown: bool, lines: bool, exposed: bool = False):
        self.text = text
        self.markdown = markdown
        self.lines = lines
        self.exposed = exposed
        self.tokens: list[Token] = []
        self.finder = _Finder(text)
        self.searcher = _Searcher(text)
        self.last_end = 0  # end of the last token: nothing may start before it
        self.content_start = 0  # where the current line's content starts, after its prefix
        self.brackets: list[tuple[int, bool]] = []  # open `[` / `![` waiting for their end
        # paragraph limits, which code spans, links, attribute lists and tags do not cross: blank
        # lines; and for Markdown with its hiding, fence lines and kramdown's other paragraph ends
        limits = [m.start() for m in _BLANK_LINE.finditer(text)]
        if ("```" in text or "~~~" in text) and not exposed:
            limits += [m.start() for m in _FENCE_LINE.finditer(text)]
        if markdown and not exposed:
            limits += _paragraph_ends(text)
        self.limits = sorted(limits)
        runs: dict[int, list[int]] = {}
        if markdown and not exposed and "`" in text:
            for m in _BACKTICKS.finditer(text):
                runs.setdefault(len(m.group()), []).append(m.start())
        self.backtick_runs = runs

    # --- helpers ---------------------------------------------------------------------------

    def limit(self, pos: int) -> int:
        """Where the paragraph holding `pos` ends (a blank line or a fence line), or the end."""
        index = bisect.bisect_right(self.limits, pos)
        return self.limits[index] if index < len(self.limits) else len(self.text)

    def line_end(self, pos: int) -> int:
        """Where the line holding `pos` ends (its `\n` or `\r`), or the end of the text."""
        ends = [i for i in (self.finder.find("\n", pos), self.finder.find("\r", pos)) if i != -1]
        return min(ends) if ends else len(self.text)

    def emit(self, kind: Kind, start: int, end: int, **fields: object) -> int:
        self.tokens.append(Token(kind, start, end, self.text[start:end], **fields))  # type: ignore[arg-type]
        if end > self.last_end:
            self.last_end = end
        return end

    # --- the scan --------------------------------------------------------------------------

    def run(self) -> list[Token]:
        text = self.text
        if self.lines:
            starts = _MARKDOWN_START if self.markdown else _HTML_START
        else:
            starts = _MARKDOWN_TOKEN_START if self.markdown else _HTML_TOKEN_START
        pos = self.line_start(0) if self.markdown else 0
        limit_index = 0
        while True:
            match = starts.search(text, pos)
            if match is None:
                break
            i = match.start()
            while limit_index < len(self.limits) and self.limits[limit_index] < i:
                limit_index += 1
                self.brackets.clear()  # links do not cross paragraphs
            pos = self.dispatch(text[i], i)
        self.tokens.sort(key=lambda t: t.start)
        return self.tokens

    def dispatch(self, c: str, i: int) -> int:
        """Handle the character at `i`; return where scanning goes on."""
        if c == "\n" or c == "\r":
            return self.newline(i)
        if c == "<":
            return self.angle(i)
        if c == "{":
            return self.brace(i)
        if c == "&":
            match = _ENTITY.match(self.text, i)
            return self.emit(Kind.ENTITY, i, match.end()) if match else i + 1
        if not self.markdown:
            return i + 1
        if c == "`":
            return self.backticks(i)
        if c == "\\":
            return self.backslash(i)
        if c == "[" or c == "!":
            return self.bracket_open(i)
        if c == "]":
            return self.bracket_close(i)
        if c in "*_~":
            return self.delimiters(i)
        if c == "|":
            return self.emit(Kind.PIPE, i, i + 1)
        if c == "$":
            return self.math(i)
        return self.url_or_email(c, i)

    def newline(self, i: int) -> int:
        text = self.text
        end = i + 2 if text.startswith("\r\n", i) else i + 1
        if self.markdown:  # spaces after the line's content (not its prefix alone) break it
            spaces = i
            while spaces > max(self.last_end, self.content_start) and text[spaces - 1] == " ":
                spaces -= 1
            if i - spaces >= 2:
                self.emit(Kind.HARD_BREAK, spaces, i)
        if self.lines:
            self.emit(Kind.NEWLINE, i, end)
        return self.line_start(end) if self.markdown else end

    def line_start(self, pos: int) -> int:
        """Line-start syntax: fences, container prefixes, definitions, heading prefixes. A
        footnote definition's text is blocks, as a line's own: `[^1]: [name]: url` defines a link."""
        text = self.text
        while True:
            self.content_start = pos
            first = text[pos : pos + 1]
            if first.isalpha() or first in ("\n", "\r", ""):  # none of that starts a blank line or a letter: most lines
                return pos
            fence = None if self.exposed else _FENCE_OPEN.match(text, _QUOTES_AND_SPACES.match(text, pos).end())
            if fence:
                return self.fence(pos, fence.start(), fence.group(1))
            body = _CONTAINERS.match(text, pos).end()
            if body == len(text) and text[body - 1 : body] in ("*", "+", "-"):
                body -= 1  # a lone marker at the very end is text
            c = text[body : body + 1]
            heading = _HEADING_HASHES.match(text, body) if c == "#" else None
            self.content_start = heading.end() if heading else body
            if c == "[":
                match = _FOOTNOTE_DEFINITION.match(text, body)
                if match:
                    self.prefix(pos, body)
                    self.emit(Kind.FOOTNOTE_DEFINITION, body, match.end())
                    pos = _LINE_BLANKS.match(text, match.end()).end()
                    continue
                match = _DEFINITION.match(text, body)
                if match:
                    self.prefix(pos, body)
                    target = match.group(2)
                    title = self.definition_title(match.start(3), match.end(3))
                    return self.emit(Kind.DEFINITION, body, match.end(), url=target.strip("<>"), title=title)
            elif c == "*":
                match = _ABBREVIATION.match(text, body)
                if match:
                    self.prefix(pos, body)
                    return self.emit(Kind.ABBREVIATION, body, match.end())
            return self.prefix(pos, self.content_start)

    def prefix(self, start: int, end: int) -> int:
        """A line's prefix (a token with `lines`); scanning goes on after it."""
        if end > start and self.lines:
            self.emit(Kind.LINE_PREFIX, start, end)
        return end

    def definition_title(self, start: int, end: int) -> tuple[int, int] | None:
        rest = self.text[start:end]
        stripped = rest.strip()
        if len(stripped) >= 2 and stripped[0] + stripped[-1] in ('""', "''", "()"):
            offset = start + rest.index(stripped)
            return (offset + 1, offset + len(stripped) - 1)
        return None

    def fence(self, line: int, body: int, marker: str) -> int:
        closing = re.compile(rf"^[ \t>]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*(?=\r?\n|\r|\Z)", re.M)
        after = self.line_end(body)
        match = self.searcher.search(closing, after) if after < len(self.text) else None
        end = match.end() if match else len(self.text)
        self.emit(Kind.FENCE, line, end)
        return end

    def backticks(self, i: int) -> int:
        run = _BACKTICKS.match(self.text, i).end() - i
        starts = self.backtick_runs.get(run, [])
        index = bisect.bisect_right(starts, i)
        if index < len(starts) and starts[index] < self.limit(i):
            return self.emit(Kind.CODE, i, starts[index] + run)
        return i + run

    def math(self, i: int) -> int:
        """kramdown's math, `$$…$$` inline or as a block: shown as code is (MathJax reads it), so
        a translation keeps it as a code span."""
        if not self.text.startswith("$$", i) or self.exposed:
            return i + 1
        end = self.finder.find("$$", i + 2)
        if end == -1 or end >= self.limit(i):
            return i + 2
        return self.emit(Kind.CODE, i, end + 2)

    def backslash(self, i: int) -> int:
        nxt = self.text[i + 1 : i + 2]
        if nxt in ("\n", "\r"):
            return self.emit(Kind.HARD_BREAK, i, i + 1)
        if nxt and nxt in _PUNCTUATION:
            return self.emit(Kind.ESCAPE, i, i + 2)
        return i + 1

    def angle(self, i: int) -> int:
        text = self.text
        if text.startswith("<!--", i):
            end = self.finder.find("-->", i + 4)
            if end == -1:
                return self.emit(Kind.BROKEN, i, len(text))
            return self.emit(Kind.COMMENT, i, end + 3)
        nxt = text[i + 1 : i + 2]
        if nxt in ("!", "?"):
            end = self.finder.find(">", i + 2)
            if end == -1 or end >= self.limit(i):
                return self.emit(Kind.BROKEN, i, self.limit(i))
            return self.emit(Kind.DECLARATION, i, end + 1)
        if self.markdown:
            match = _AUTOLINK.match(text, i)
            if match:  # an address links to mailto:, as kramdown writes it
                return self.emit(Kind.AUTOLINK, i, match.end(), url=match.group(1) or "mailto:" + match.group(2))
        closing = nxt == "/"
        name = _TAG_NAME.match(text, i + 2 if closing else i + 1)
        if name is None or self.exposed:
            return i + 1
        return self.tag(i, name, closing)

    def tag(self, start: int, name_match: re.Match[str], closing: bool) -> int:
        text = self.text
        limit = self.limit(start)
        name = name_match.group().lower()
        pos = name_match.end()
        attributes: list[Attribute] = []
        while True:
            pos = _SPACES.match(text, pos).end()
            while pos < limit and text[pos] == "/":
                pos = _SPACES.match(text, pos + 1).end()
            if pos >= limit:
                return self.emit(Kind.BROKEN, start, limit)
            if text[pos] == ">":
                pos += 1
                break
            attribute_name = _ATTRIBUTE_NAME.match(text, pos)
            if attribute_name is None:  # a lone `=`: part of the next name, as HTML reads it
                pos += 1
                continue
            pos = attribute_name.end()
            after = _SPACES.match(text, pos).end()
            if text[after : after + 1] != "=":
                attributes.append(Attribute(attribute_name.group().lower(), None, -1, -1, ""))
                continue
            pos = _SPACES.match(text, after + 1).end()
            quote = text[pos : pos + 1]
            if quote in ('"', "'"):
                close = self.finder.find(quote, pos + 1)
                if close == -1 or close >= limit:
                    return self.emit(Kind.BROKEN, start, limit)
                attributes.append(Attribute(attribute_name.group().lower(), text[pos + 1 : close], pos + 1, close, quote))
                pos = close + 1
            else:
                value = _UNQUOTED_VALUE.match(text, pos)
                end = value.end() if value else pos
                attributes.append(Attribute(attribute_name.group().lower(), text[pos:end], pos, end, ""))
                pos = end
        if name in RAW_ELEMENTS and not closing and not text[start:pos].endswith("/>"):
            closer = self.searcher.search(re.compile(rf"</{name}\s*>", re.I), pos)
            if closer is None:
                return self.emit(Kind.BROKEN, start, len(text))
            return self.emit(Kind.RAW_ELEMENT, start, closer.end(), name=name, attributes=tuple(attributes))
        return self.emit(Kind.TAG, start, pos, name=name, closing=closing, attributes=tuple(attributes))

    def brace(self, i: int) -> int:
        text = self.text
        two = text[i : i + 2]
        if two == "{{":
            end = self.finder.find("}}", i + 2)
            if end == -1:
                return self.emit(Kind.BROKEN, i, i + 2)
            shortcode = _SHORTCODE_NAME.match(text, i)
            if shortcode and shortcode.group(2).lower() in LIQUID_BLOCKS:  # Hugo's `{{< highlight go >}}…{{< /highlight >}}`
                closer = self.searcher.search(re.compile(rf"\{{\{{[<%]\s*/\s*{shortcode.group(2)}\s*[>%]\}}\}}"), end + 2)
                if closer is None:
                    return self.emit(Kind.BROKEN, i, len(text))
                return self.emit(Kind.LIQUID_BLOCK, i, closer.end(), name=shortcode.group(2).lower())
            if shortcode is None:
                return self.emit(Kind.LIQUID, i, end + 2)
            parameters = _template_parameters(text, shortcode.end(), end - 1, quotes='"')
            return self.emit(Kind.LIQUID, i, end + 2, name=shortcode.group(2).lower(), attributes=parameters)
        if two == "{%":
            end = self.finder.find("%}", i + 2)
            if end == -1:
                return self.emit(Kind.BROKEN, i, i + 2)
            name_match = _LIQUID_NAME.match(text, i)
            name = name_match.group(1).lower() if name_match else ""
            if name in LIQUID_BLOCKS:
                closer = self.searcher.search(re.compile(rf"\{{%-?\s*end{name}\s*-?%\}}"), end + 2)
                if closer is None:
                    return self.emit(Kind.BROKEN, i, len(text))
                return self.emit(Kind.LIQUID_BLOCK, i, closer.end(), name=name)
            parameters = _template_parameters(text, name_match.end(), end, quotes="\"'") if name in _INCLUDES else ()
            return self.emit(Kind.LIQUID, i, end + 2, name=name, attributes=parameters)
        if not self.markdown:
            return i + 1
        if two == "{:":
            return self.attribute_list(i)
        match = _SHORT_ATTRIBUTES.match(text, i)
        if match:
            return self.emit(Kind.ATTRIBUTES, i, match.end())
        return i + 1

    def attribute_list(self, i: int) -> int:
        text = self.text
        end = self.finder.find("}", i + 2)
        if end == -1 or end >= self.limit(i):
            if self.exposed:
                return i + 2
            return self.emit(Kind.UNCLOSED_ATTRIBUTES, i, _UNCLOSED_ATTRIBUTES.match(text, i).end())
        if text.startswith("{::", i):  # an extension: {::name …/}, or {::name}…{:/name}
            name_match = _EXTENSION_NAME.match(text, i)
            name = name_match.group(1) if name_match else ""
            if name == "comment" and not text[i:end].endswith("/"):
                closer = self.searcher.search(re.compile(r"\{:/(?:comment)?\}"), end + 1)
                if closer is None:
                    return self.emit(Kind.BROKEN, i, len(text))
                return self.emit(Kind.EXTENSION, i, closer.end(), name=name)
            return self.emit(Kind.EXTENSION, i, end + 1, name=name)
        if text.startswith("{:/", i):
            return self.emit(Kind.EXTENSION, i, end + 1)
        return self.emit(Kind.ATTRIBUTES, i, end + 1)

    def bracket_open(self, i: int) -> int:
        text = self.text
        if text[i] == "!":
            if text[i + 1 : i + 2] != "[":
                return i + 1
            self.brackets.append((i, True))
            return i + 2
        if text[i + 1 : i + 2] == "^":
            match = _FOOTNOTE.match(text, i)
            if match:
                return self.emit(Kind.FOOTNOTE, i, match.end())
        self.brackets.append((i, False))
        return i + 1

    def bracket_close(self, i: int) -> int:
        text = self.text
        nxt = text[i + 1 : i + 2]
        end = None
        if nxt == "(":
            end, url, title = self.destination(i + 2)
        elif nxt == "[" and self.brackets:  # `][ref]` with no `[` before it is text, as kramdown reads it
            if self.exposed:  # kramdown reads `[ref]` afresh, a link's text, when no `[ref]:` defines it
                self.brackets.pop()
                return i + 1
            close = self.finder.find("]", i + 2)
            if close != -1 and close < self.line_end(i):
                end, url, title = close + 1, text[i + 2 : close], None
        opener = self.brackets.pop() if self.brackets else None
        if end is None:
            return i + 1
        if end == _UNFOLLOWED:
            return self.emit(Kind.BROKEN, i, self.limit(i))
        image = opener is not None and opener[1]
        if opener is not None:
            self.tokens.append(Token(Kind.LINK_OPEN, opener[0], opener[0] + (2 if image else 1), "![" if image else "[", image=image))
        kind = Kind.LINK_END if nxt == "(" else Kind.REFERENCE
        return self.emit(kind, i, end, url=url, image=image, title=title)

    def destination(self, pos: int) -> tuple[int | None, str, tuple[int, int] | None]:
        """A link's `(target "title")` from just after its `(`, read as kramdown reads it: the
        target runs, over spaces and line breaks, to the `)` that balances the `(` or to a blank
        before a quote, which opens the title. Returns (end, target, title span); end is None
        when it is not a link, and _UNFOLLOWED when the parentheses nest deeper than the
        tokenizer follows (so that each scan stays short)."""
        text = self.text
        limit = self.limit(pos)
        if self.exposed:  # a line it crosses may end kramdown's paragraph, and start a definition
            limit = min(limit, self.line_end(pos))
        if text[pos : pos + 1] == "<":  # `(<target>)`, the target on one line
            close = self.finder.find(">", pos + 1)
            if close == -1 or close > self.line_end(pos):
                return None, "", None
            url = text[pos + 1 : close]
            if text[close + 1 : close + 2] == ")":
                return close + 2, url, None
            quote = _SPACES.match(text, close + 1, limit).end()
            return self.titled(quote, url, limit) if text[quote : quote + 1] in ('"', "'") else (None, "", None)
        start, depth = pos, 1
        while pos < limit:
            run = _DESTINATION_RUN.match(text, pos, limit)
            if run:
                pos = run.end()
                continue
            c = text[pos]
            if c == "(":
                depth += 1
                if depth > _MAX_PAREN_DEPTH:
                    return _UNFOLLOWED, "", None
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return pos + 1, text[start:pos].strip(), None
            elif c == "{" and text[pos + 1 : pos + 2] in ("{", "%"):
                # Liquid runs before kramdown: `{{ site.baseurl }}/x` is one target
                close = self.finder.find("}}" if text[pos + 1] == "{" else "%}", pos + 2)
                if close == -1 or close >= limit:
                    return None, "", None
                pos = close + 1
            elif c != "{" and depth == 1 and text[pos + 1 : pos + 2] in ('"', "'"):  # a blank before a title
                return self.titled(pos + 1, text[start:pos].strip(), limit)
            pos += 1
        return None, "", None

    def titled(self, quote: int, url: str, limit: int) -> tuple[int | None, str, tuple[int, int] | None]:
        """The link whose title opens with the quote at `quote`: the title runs to the first
        same quote followed by `)` (kramdown's `(["'])(.+?)\\1\\s*?\\)`)."""
        closer = self.searcher.search(_TITLE_ENDS[self.text[quote]], quote + 2)
        if closer is None or closer.end() > limit:
            return None, "", None
        return closer.end(), url, (quote + 1, closer.start())

    def delimiters(self, i: int) -> int:
        text = self.text
        c = text[i]
        end = i + 1
        while end < len(text) and text[end] == c:
            end += 1
        run = text[i:end]
        if c == "~" and len(run) < 2:
            return end
        before = text[i - 1] if i > 0 else " "
        after = text[end] if end < len(text) else " "
        if _flanking(run, before, after):
            return self.emit(Kind.EMPHASIS, i, end)
        return end

    def url_or_email(self, c: str, i: int) -> int:
        text = self.text
        if c == ":" and text.startswith("//", i + 1):
            for scheme in ("https", "http", "ftp"):
                start = i - len(scheme)
                if start >= self.last_end and text[start:i].lower() == scheme and not (start and text[start - 1].isalnum()):
                    return self.bare_url(start, i + 3)
        elif c == "." and i >= 3 and text[i - 3 : i].lower() == "www":
            start = i - 3
            # autolinking extensions (GFM's, Hugo's goldmark) link one after a blank, `*`, `_`, `~` or `(`
            if start >= self.last_end and not (start and (text[start - 1].isalnum() or text[start - 1] in ".-/")):
                return self.bare_url(start, i + 1)
        elif c == "@":  # as autolinking extensions read addresses: ASCII only
            start = i
            while start > self.last_end and (text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] in "._+-")):
                start -= 1
            domain = _EMAIL_DOMAIN.match(text, i + 1)
            if start < i and domain:
                return self.emit(Kind.EMAIL, start, domain.end(), url="mailto:" + text[start : domain.end()])
        return i + 1

    def bare_url(self, start: int, body: int) -> int:
        match = _URL_BODY.match(self.text, body)
        end = match.end() if match else body
        url = self.text[start:end]
        while url and (url[-1] in _URL_TAIL or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]
        if len(url) <= body - start:  # nothing after the scheme
            return body
        # `www.…` leads where autolinking extensions send it
        target = "http://" + url if url[:4].lower() == "www." else url
        return self.emit(Kind.URL, start, start + len(url), url=target)


def _paragraph_ends(text: str) -> list[int]:
    """Where the lines that end kramdown's paragraph (besides blank lines) start: what its block
    parser would start a new block at, whatever a code span or a tag seems to hold across them. A
    heading's line is a block of its own when it starts one: before a setext underline whose line
    above is such, and after an ATX heading's line."""
    if "\n" not in text and "\r" not in text:
        return []  # one line (most units): it can end no paragraph inside it
    ends = []
    for start, kind in _BLOCK_LINES.lines(text):
        if kind == "end":
            ends.append(start)
        elif kind == "setext" and start and _starts_block(text, _previous_line(text, start)):
            ends.append(start)
        elif kind == "atx" and _starts_block(text, start):
            ends.append(_next_line(text, start))
    return ends


def _previous_line(text: str, start: int) -> int:
    """The start of the line before the one starting at `start` (> 0)."""
    before = start - 2 if text.startswith("\r\n", start - 2) else start - 1
    return max(text.rfind("\n", 0, before), text.rfind("\r", 0, before)) + 1


def _next_line(text: str, pos: int) -> int:
    """The start of the line after the one holding `pos`, or the end of the text."""
    match = LINE_BREAK.search(text, pos)
    return match.end() if match else len(text)


def _starts_block(text: str, line: int) -> bool:
    """Whether the line starting at `line` starts a block: the text's first, or one after a blank line."""
    return line == 0 or not text[_previous_line(text, line) : line].strip(" \t\f\v\r\n")


def _template_parameters(text: str, start: int, end: int, quotes: str) -> tuple[Attribute, ...]:
    """The named parameters, quoted with one of `quotes`, of the shortcode or include whose
    arguments lie in text[start:end] (a delimiter's `-` or `>` may end them), each value's offsets
    inside its quotes; the rest of the arguments is read to know where each one ends."""
    parameters = []
    pos = start
    while (argument := _TEMPLATE_ARGUMENT.match(text, pos, end)) and argument.end() > pos:
        pos = argument.end()
        name, group = argument.group(1), 2 if argument.group(2) is not None else 3
        quote = '"' if group == 2 else "'"
        if name is not None and argument.group(group) is not None and quote in quotes:
            parameters.append(Attribute(name.lower(), argument.group(group), argument.start(group), argument.end(group), quote))
    return tuple(parameters)


def tokenize(text: str, markdown: bool = True, lines: bool = True, exposed: bool = False) -> list[Token]:
    """The markup tokens of `text`, in order, not overlapping (see the module's docstring).
    Without `lines`, no token for line breaks and line prefixes: what a whole article's reading
    needs, where they are many and say nothing (hard breaks are tokens either way)."""
    return _Tokenizer(text, markdown, lines, exposed).run()


def prose_spans(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """The stretches of `text` between tokens."""
    spans = []
    pos = 0
    for token in tokens:
        if token.start > pos:
            spans.append((pos, token.start))
        pos = max(pos, token.end)
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def has_letters(text: str, tokens: list[Token] | None = None) -> bool:
    """Whether `text` holds a letter outside its markup: something to translate."""
    if tokens is None:
        tokens = tokenize(text)
    return any(any(c.isalpha() for c in text[s:e]) for s, e in prose_spans(text, tokens))
