"""Internal links that follow the language: in a translated page, a link to another page of the
same site is pointed at that page's translation. Pure: the pages' URLs come in as a function.

The links are found by the one tokenizer (`markup`): Markdown link targets and reference
definitions, autolinks, `href`s of HTML tags, and Jekyll's `{% link path %}` tags. Each URL is
given to `resolve`, which answers the URL to write instead, or None to leave it as it is; the
fragment and the query of a link are kept.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .markup import Kind, tokenize

_LIQUID_LINK = re.compile(r"(\{%-?\s*link\s+)(\S+)(\s*-?%\})")


@dataclass
class Localized:
    text: str
    localized: int = 0  # links pointed at a translation
    untranslated: list[str] = field(default_factory=list)  # links to pages without one: kept


# what a resolver answers: the new URL, or "" for a page of the site that has no translation
# (the link stays), or None for anything else (an asset, another site)
Resolve = Callable[[str], str | None]


def localize_links(text: str, resolve: Resolve, resolve_document: Resolve | None = None) -> Localized:
    """`text` (Markdown with raw HTML and Liquid) with its internal links localized."""
    result = Localized(text)
    edits: list[tuple[int, int, str]] = []

    def visit(start: int, end: int, url: str, escape: bool = False) -> None:
        answer = resolve(url)
        if answer is None:
            return
        if not answer:
            result.untranslated.append(url)
            return
        result.localized += 1
        edits.append((start, end, html.escape(answer, quote=True) if escape else answer))

    for token in tokenize(text, lines=False):
        if token.kind in (Kind.LINK_END, Kind.DEFINITION, Kind.AUTOLINK) and token.url:
            skip = {Kind.LINK_END: 2, Kind.DEFINITION: token.text.find("]:") + 2, Kind.AUTOLINK: 1}[token.kind]
            offset = token.text.find(token.url, skip)
            if offset >= 0:
                visit(token.start + offset, token.start + offset + len(token.url), token.url)
        elif token.kind is Kind.TAG and not token.closing:
            for attribute in token.attributes:
                if attribute.name == "href" and attribute.value:
                    visit(attribute.start, attribute.end, html.unescape(attribute.value), escape=True)
        elif token.kind is Kind.LIQUID and resolve_document is not None:
            match = _LIQUID_LINK.fullmatch(token.text)
            if match:
                answer = resolve_document(match.group(2))
                if answer:
                    result.localized += 1
                    edits.append((token.start + match.start(2), token.start + match.end(2), answer))
    out, pos = [], 0
    for start, end, new in sorted(edits):
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    result.text = "".join(out)
    return result
