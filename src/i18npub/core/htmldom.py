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


def parses(html: bytes | str) -> tuple[list[Element], list[Element]]:
    """The document's elements as a browser running scripts sees them, then as one that does not:
    in tree order, each template's contents right after it. The two differ only inside
    `<noscript>`, the one element the scripting flag changes, so a document without one is parsed
    once. Bytes are decoded as a browser would without HTTP headers: a byte-order mark, then a
    `<meta charset>` in the first 1024 bytes, else UTF-8."""
    with_scripts = _elements(_parse(html, scripting=True))
    if not any(e.name == "noscript" for e in with_scripts):
        return with_scripts, with_scripts
    return with_scripts, _elements(_parse(html, scripting=False))


def select(html: bytes | str, selector: str) -> list[Element]:
    """The elements of the document tree (not of template contents) that a CSS selector matches,
    in tree order, as a browser running scripts parses the document."""
    return [_element(node, in_template=False) for node in _parse(html, scripting=True).css(selector)]


def _parse(html: bytes | str, scripting: bool):
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(html, encoding=isinstance(html, bytes), scripting=scripting)


def _elements(document) -> list[Element]:
    return list(_walk(document.root, in_template=False)) if document.root is not None else []


def _walk(top, in_template: bool) -> Iterator[Element]:
    for node in top.traverse(include_text=False):
        if not node.is_element_node:
            continue
        yield _element(node, in_template)
        if node.tag == "template":
            for contents in node.template_fragments():
                yield from _walk(contents, in_template=True)


def _element(node, in_template: bool) -> Element:
    attributes = tuple((name, value or "") for name, value in node.attributes.items())
    return Element(node.tag, attributes, node.text(deep=False), in_template)
