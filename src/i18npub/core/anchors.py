"""Heading ids as the site generators make them, so that a translated heading can keep the id of
its source heading (and every `#fragment` link to it keeps working).

kramdown (with its own parser, or the GFM one that Jekyll uses by default) and goldmark derive
an id from a heading's source text and number the repeats; an explicit id (`## Title {#id}`,
all three syntaxes) replaces the derived one. `heading_ids` gives the
ids of a page's headings in order; `explicit_ids` says which headings of a translated page need
an explicit id to end up with the same ids as the source page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# an explicit id at the end of a heading's text, as kramdown and goldmark read it
_EXPLICIT = re.compile(r"[\t ]\{#([A-Za-z_:][\w:.-]*)\}\s*$")
# goldmark's attributes at the end of a heading's text (Hugo's `{#id .class key="value"}`): one
# block, the last; an id among them (`#id`, `id=…`) replaces the derived one
_GOLDMARK_ATTRIBUTE = r"(?:#[^\s{}#.]+|\.[^\s{}#.]+|[A-Za-z_:][\w:.-]*=(?:\"[^\"]*\"|'[^']*'|[^\s{}\"']+))"
GOLDMARK_ATTRIBUTES = re.compile(rf"[\t ]\{{[\t ]*({_GOLDMARK_ATTRIBUTE}(?:[\t ]+{_GOLDMARK_ATTRIBUTE})*)[\t ]*\}}\s*$")
_GOLDMARK_ID = re.compile(r"(?:^|[\t ])(?:#([^\s{}#.]+)|id=(?:\"([^\"]*)\"|'([^']*)'|([^\s{}\"']+)))")
_CLOSING_HASHES = re.compile(r"(?<!\\)#+\s*$")
_KRAMDOWN_LEADING = re.compile(r"^[^a-zA-Z]+")
_KRAMDOWN_DROPPED = re.compile(r"[^a-zA-Z0-9 -]")


def heading_text(contents: str, style: str) -> tuple[str, str | None]:
    """A heading line's text without its closing hashes and explicit id (goldmark's attributes),
    and that id (None)."""
    contents = contents.rstrip()
    if style == "goldmark":
        attributes = GOLDMARK_ATTRIBUTES.search(contents)
        if attributes is None:
            return _CLOSING_HASHES.sub("", contents).rstrip(), None
        given = _GOLDMARK_ID.search(attributes.group(1))
        return _CLOSING_HASHES.sub("", contents[: attributes.start()].rstrip()).rstrip(), next((g for g in given.groups() if g is not None), None) if given else None
    explicit = _EXPLICIT.search(contents)
    if explicit:
        contents = contents[: explicit.start()].rstrip()
    contents = _CLOSING_HASHES.sub("", contents).rstrip()
    return contents, explicit.group(1) if explicit else None


def kramdown_id(text: str) -> str:
    """kramdown's id for a heading text (its `basic_generate_id`): ASCII letters, digits, spaces
    as hyphens, lower case, from the first letter on; "section" when nothing is left."""
    text = _KRAMDOWN_LEADING.sub("", text)
    text = _KRAMDOWN_DROPPED.sub("", text).replace(" ", "-").lower()
    return text or "section"


def gfm_id(text: str) -> str:
    """The id of kramdown's GFM parser (Jekyll's default input): lower case, only word
    characters (letters, marks, digits, `_`), hyphens, and spaces and tabs as hyphens."""
    out = []
    for char in text.lower():
        if char in " \t":
            out.append("-")
        elif char == "-" or unicodedata.category(char)[0] in "LM" or unicodedata.category(char) in ("Nd", "Pc"):
            out.append(char)
    return "".join(out)


def goldmark_id(text: str) -> str:
    """Hugo's goldmark id ("github" style): letters, digits and `_` in lower case, spaces, tabs
    and hyphens as hyphens, nothing else; "heading" when nothing is left."""
    out = []
    for char in text:
        if char in "- \t":
            out.append("-")
        elif char == "_" or char.isalpha() or unicodedata.category(char) == "Nd":
            out.append(char.lower())
    return "".join(out) or "heading"


def _number_kramdown(ids: list[str | None], derived: list[str]) -> list[str]:
    """kramdown numbers repeats of derived ids only (`x`, `x-1`, `x-2`); explicit ids stand apart."""
    used: dict[str, int] = {}
    result = []
    for explicit, base in zip(ids, derived):
        if explicit is not None:
            result.append(explicit)
        elif base in used:
            used[base] += 1
            result.append(f"{base}-{used[base]}")
        else:
            used[base] = 0
            result.append(base)
    return result


def _number_goldmark(ids: list[str | None], derived: list[str]) -> list[str]:
    """goldmark numbers against every id seen, explicit ones included (`x`, `x-1`…)."""
    seen: set[str] = set()
    result = []
    for explicit, base in zip(ids, derived):
        if explicit is not None:
            chosen = explicit
        else:
            chosen, n = base, 0
            while chosen in seen:
                n += 1
                chosen = f"{base}-{n}"
        seen.add(chosen)
        result.append(chosen)
    return result


STYLES: dict[str, tuple[Callable[[str], str], Callable[[list[str | None], list[str]], list[str]]]] = {
    "kramdown": (kramdown_id, _number_kramdown),
    "gfm": (gfm_id, _number_kramdown),  # its own counter, numbering as kramdown's
    "goldmark": (goldmark_id, _number_goldmark),
}


def heading_ids(style: str, contents: list[str]) -> list[str]:
    """The ids a page's headings get, in order, from each heading's text on its line."""
    derive, number = STYLES[style]
    texts = [heading_text(c, style) for c in contents]
    return number([explicit for _, explicit in texts], [derive(text) for text, _ in texts])


def explicit_ids(style: str, source: list[str], translated: list[str]) -> list[str | None]:
    """For each heading of a translated page (same headings as the source, in order, their text
    translated or not), the explicit id it needs so that every heading keeps its source id, or
    None when the id it would get anyway is already right."""
    wanted = heading_ids(style, source)
    given: list[str | None] = [heading_text(c, style)[1] for c in translated]
    derive, number = STYLES[style]
    derived = [derive(heading_text(c, style)[0]) for c in translated]
    # give an explicit id where the derived one differs, until the page's ids all match (each
    # explicit id can change the numbering of the headings after it)
    while True:
        got = number(given, derived)
        wrong = next((i for i, (a, b) in enumerate(zip(got, wanted)) if a != b), None)
        if wrong is None:
            break
        given[wrong] = wanted[wrong]
    return [g if g is not None and heading_text(c, style)[1] is None else None for g, c in zip(given, translated)]
