"""HTML documents as browsers parse them (the WHATWG algorithm), through selectolax's Lexbor
engine: the only module that imports selectolax, on first use, so that commands that never read
HTML do not load it.

The parse follows the standard in what matters for safety: character references decoded in
attribute values, SVG and MathML content, `<template>` contents, and the scripting flag, which
decides whether `<noscript>` holds markup (a browser without scripts) or text (one with)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True)
class Element:
    name: str  # lower case for HTML; SVG's own case kept (foreignObject, animateMotion)
    attributes: tuple[tuple[str, str], ...]  # in document order, decoded; an attribute without value has ""
    text: str  # the text directly inside: what a script or a style element runs
    in_template: bool  # inside a <template>'s contents, which are not part of the document tree


def elements(html: bytes | str, scripting: bool) -> list[Element]:
    """Every element of the document in tree order, each template's contents right after it.
    Bytes are decoded as a browser would without HTTP headers: a byte-order mark, then a
    `<meta charset>` in the first 1024 bytes, else UTF-8."""
    from selectolax.lexbor import LexborHTMLParser

    document = LexborHTMLParser(html, encoding=isinstance(html, bytes), scripting=scripting)
    return list(_walk(document.root, in_template=False)) if document.root is not None else []


def _walk(top, in_template: bool) -> Iterator[Element]:
    for node in top.traverse(include_text=False):
        if not node.is_element_node:
            continue
        attributes = tuple((name, value or "") for name, value in node.attributes.items())
        yield Element(node.tag, attributes, node.text(deep=False), in_template)
        if node.tag == "template":
            for contents in node.template_fragments():
                yield from _walk(contents, in_template=True)
