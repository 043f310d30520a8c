"""Internal links that follow the language: in a translated page, a link to another page of the
same site is pointed at that page's translation. Pure: what the links lead to comes in as
functions (`Targets`).

The links are found by the one tokenizer (`markup`): Markdown link and image targets and
reference definitions, autolinks, `href`s and `src`s of HTML tags, Jekyll's `{% link path %}`
tags and Hugo's `ref` and `relref` shortcodes, alone or in a link target. The fragment and the
query of a link are kept.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .markup import Kind, tokenize

_LIQUID_LINK = re.compile(r"(\{%-?\s*link\s+)(\S+)(\s*-?%\})")
# `{{< ref "path" >}}`, `{{% relref path="path" %}}`: the page at `path` in the page's own language
_HUGO_REF = re.compile(r'\{\{([<%])(\s*(?:rel)?ref\s+)(?:"([^"]*)"|path\s*=\s*"([^"]*)")([^<>%]*?)(\s*[>%]\}\})')


@dataclass
class Localized:
    text: str
    localized: int = 0  # links pointed at a translation
    untranslated: list[str] = field(default_factory=list)  # links to pages without one: kept


def _nothing(_: str) -> None:
    return None


@dataclass
class Targets:
    """What the links of a translated page lead to, as the build knows it."""

    # a URL → its translation's URL, "" for a page of the site that has no translation (the
    # link stays), None for anything else (an asset, another site)
    page: Callable[[str], str | None]
    # `{% link path %}`'s path → the translation's file, None when there is none
    document: Callable[[str], str | None] = _nothing
    # a URL that leads to no translation → the URL leading from the translated page where it led
    # from the source page, None when it needs no change
    rebase: Callable[[str], str | None] = _nothing
    # a Hugo `ref` path → the language to take the page in when it has no translation (Hugo
    # finds none and stops), None otherwise
    reference: Callable[[str], str | None] = _nothing


def localize_links(text: str, targets: Targets) -> Localized:
    """`text` (Markdown with raw HTML and Liquid or shortcodes) with its internal links localized."""
    result = Localized(text)
    edits: list[tuple[int, int, str]] = []

    def generator_links(start: int, end: int) -> bool:
        """The generator's own links in text[start:end] (`{% link %}`, `ref`) pointed at the
        translations, or at the source page where there is none; whether there was one (a link
        target written with one is the generator's to resolve)."""
        found = False
        for match in _LIQUID_LINK.finditer(text, start, end):
            found = True
            answer = targets.document(match.group(2))
            if answer:
                result.localized += 1
                edits.append((match.start(2), match.end(2), answer))
        for match in _HUGO_REF.finditer(text, start, end):
            found = True
            opening, name, positional, named, rest, closing = match.groups()
            path = positional if positional is not None else named
            lang = targets.reference(path)
            # named parameters only: Hugo refuses a mix of positional and named ones
            if lang and "lang" not in rest and (named is not None or not rest.strip()):
                result.untranslated.append(path)
                edits.append((match.start(), match.end(), f'{{{{{opening}{name}path="{path}"{rest} lang="{lang}"{closing}'))
        return found

    def visit(start: int, end: int, url: str, attribute_quote: str | None = None) -> None:
        """Point the link at `url`'s translation; in an attribute (`attribute_quote` is its
        quote), the new value is escaped, and quoted where it was not: a blank or `=` in it
        would start another attribute."""
        if generator_links(start, end):
            return
        answer = targets.page(url)
        if answer:
            result.localized += 1
        else:
            if answer == "":
                result.untranslated.append(url)
            answer = targets.rebase(url)
        if answer and attribute_quote is not None:
            escaped = html.escape(answer, quote=True)
            edits.append((start, end, escaped if attribute_quote else f'"{escaped}"'))
        elif answer:
            edits.append((start, end, answer))

    for token in tokenize(text, lines=False):
        if token.kind in (Kind.LINK_END, Kind.DEFINITION, Kind.AUTOLINK) and token.url:
            skip = {Kind.LINK_END: 2, Kind.DEFINITION: token.text.find("]:") + 2, Kind.AUTOLINK: 1}[token.kind]
            offset = token.text.find(token.url, skip)
            if offset >= 0:
                visit(token.start + offset, token.start + offset + len(token.url), token.url)
        elif token.kind is Kind.TAG and not token.closing:
            for attribute in token.attributes:
                if attribute.name in ("href", "src") and attribute.value:
                    visit(attribute.start, attribute.end, html.unescape(attribute.value), attribute.quote)
        elif token.kind is Kind.LIQUID:
            generator_links(token.start, token.end)
    out, pos = [], 0
    for start, end, new in sorted(edits):
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    result.text = "".join(out)
    return result


def named_documents(text: str) -> list[tuple[str, int]]:
    """The files of the site that `text` names with Jekyll's `{% link %}`, each with where."""
    return [(match.group(2), match.start()) for match in _LIQUID_LINK.finditer(text)]


def names_documents(text: str) -> bool:
    """Whether `text` names a file of the site with `{% link %}`, by its path or a variable."""
    return _ANY_LIQUID_LINK.search(text) is not None


def variable_links(text: str) -> list[int]:
    """Where `text` names a file with `{% link {{ variable }} %}`: which one, Liquid decides."""
    return [match.start() for match in _VARIABLE_LIQUID_LINK.finditer(text)]


_ANY_LIQUID_LINK = re.compile(r"\{%-?\s*link\s")
_VARIABLE_LIQUID_LINK = re.compile(r"\{%-?\s*link\s+\{\{")


def localized_file(path: str, pattern: str, lang: str) -> str | None:
    """Where `pattern` (`build.localized_files`: "{dir}/{name}-{lang}{ext}") puts the version in
    `lang` of the file at the URL path `path` ("/uploads/rapport.pdf" → "/uploads/rapport-en.pdf"),
    or None for a path that names no file (a folder)."""
    folder, _, file_name = path.rpartition("/")
    name, dot, ext = file_name.rpartition(".")
    if not file_name or not name:
        name, dot, ext = file_name, "", ""
    if not name:
        return None
    return pattern.format(dir=folder, name=name, ext=dot + ext, lang=lang)
