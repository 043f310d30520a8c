"""What a translated page can run or load that its source page cannot: the comparison behind
`i18npub audit`, with no I/O (pages come in as HTML and URLs, findings go out).

A page is read as a browser reads it (`htmldom`: parsed, decoded; `urls`: resolved against the
page's own URL or its `<base>`), twice: as a browser running scripts sees it and as one that
does not, since `<noscript>` is text for the first and markup for the second, and markup can
hide in one parse what the other runs. Three things are taken from each parse:

- elements that run code or load something (ACTIVE: script, style, iframe, object, form, svg,
  math, template…), each as a signature: its name, its attributes except human text, language,
  URLs and handlers (those are compared on their own), and the text of script and style;
- event handler attributes (`on…`), by element name, attribute and code;
- URLs (URL attributes, each srcset candidate, CSS url() in style attributes, a refresh's
  target), each either loaded into the page as code, style or a frame, or merely linked to
  (pages, images, media).

Every element signature and handler of the translated page must be in its source page, parse
by parse. A URL must be in the source page too (a loaded one, loaded there), with latitude for
links and media of this site only: a URL naming a page or file of the build, with no query and at
most a plain fragment (`#a-heading`), since translated pages link to translated pages whose
headings get translated ids; or a URL written exactly as the source page writes it, which may
resolve elsewhere from the translation's folder. See docs/audit.md for the reasoning.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable
from urllib.parse import quote, unquote

from ..errors import UsageError
from .css import css_urls
from .htmldom import Element, parses, select
from .urls import WebURL, resolve

# elements that run code, load or embed content, submit data, or change how the page is read
ACTIVE = {
    "script", "style", "link", "base", "meta", "iframe", "frame", "frameset", "object", "embed",
    "applet", "param", "portal", "fencedframe", "form", "template", "noscript", "svg", "math",
    # SVG animation can set any attribute, href and on… included
    "animate", "set", "animatemotion", "animatetransform", "animatecolor", "discard",
}
# meta elements are active when they act on the page (a refresh, a policy, an encoding)
ACTIVE_META = ("http-equiv", "charset")
# attributes that carry human text or a language, which a translation changes
TEXT_ATTRIBUTES = {
    "alt", "title", "label", "placeholder", "aria-label", "aria-description",
    "aria-roledescription", "aria-placeholder", "aria-valuetext", "lang", "xml:lang", "hreflang",
}
# attributes holding one URL, on any element; `data`, `code` and `classid` only where they are URLs
URL_ATTRIBUTES = {
    "href", "xlink:href", "src", "action", "formaction", "poster", "background", "cite",
    "longdesc", "lowsrc", "dynsrc", "icon", "profile", "manifest", "codebase", "xml:base",
}
ELEMENT_URL_ATTRIBUTES = {("object", "data"), ("object", "classid"), ("applet", "code"), ("applet", "object")}
URL_LIST_ATTRIBUTES = {"ping", "archive"}  # several URLs, separated by blanks (applet: commas)
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
# attributes read as CSS, where url() loads: style everywhere, SVG presentation attributes
CSS_ATTRIBUTES = {
    "style", "fill", "stroke", "filter", "clip-path", "mask", "marker-start", "marker-mid",
    "marker-end", "cursor",
}
# URLs fetched as code, style, a document or a frame into the page (the others are links and media)
LOADED = {
    ("script", "src"), ("script", "href"), ("script", "xlink:href"), ("iframe", "src"),
    ("frame", "src"), ("embed", "src"), ("portal", "src"), ("object", "data"),
    ("object", "codebase"), ("object", "classid"), ("object", "archive"), ("applet", "code"),
    ("applet", "codebase"), ("applet", "archive"), ("applet", "object"), ("base", "href"),
    ("html", "manifest"),
}
LOADING_RELS = {"stylesheet", "import", "modulepreload", "manifest"}
MEDIA_PRELOADS = {"image", "font", "audio", "video", "track", "fetch"}  # preloaded, never run
SCRIPT_URL_SCHEMES = {"javascript", "vbscript"}
# script types that are data, never run: JSON; their text (page titles, URLs) is not compared
JSON_TYPE = re.compile(r"\s*(application/json|application/ld\+json|[\w.-]+/[\w.-]+\+json)\s*(;.*)?", re.I | re.S)
ASCII_WHITESPACE = "\t\n\f\r "
PLAIN_FRAGMENT = re.compile(r"[\w.:-]*")  # heading and footnote ids (#fn:1); nothing a script could use
SHOWN_LENGTH = 200
DEFAULT_SITE_URL = "https://site.invalid/"  # pages served from the root of a host that is never linked to


# --- What a page can run or load --------------------------------------------------------------

@dataclass(frozen=True)
class ActiveElement:
    name: str
    signature: tuple  # what is compared: name, attributes, text, and a data block's rank among its like
    shown: str  # the element as findings show it: start tag, then text
    data_block: bool = False  # a JSON script, compared without its text but counted


@dataclass(frozen=True)
class Handler:
    element: str
    attribute: str
    code: str


@dataclass(frozen=True)
class PageURL:
    element: str
    attribute: str
    written: str  # as the page has it, entity-decoded
    url: WebURL
    loaded: bool  # fetched as code, style or a frame into the page


@dataclass
class View:
    """What one parse of a page can run or load."""

    elements: list[ActiveElement] = field(default_factory=list)
    handlers: list[Handler] = field(default_factory=list)
    urls: list[PageURL] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    url: str
    views: tuple[View, View]  # parsed as a browser running scripts, then as one that does not


def read_page(html: bytes | str, url: str) -> Page:
    """A page (served at `url`) as the audit compares it."""
    with_scripts, without = parses(html)
    view = _view(with_scripts, _base_url(with_scripts, url))
    return Page(url, (view, view if without is with_scripts else _view(without, _base_url(without, url))))


def alternates(html: bytes | str, url: str) -> list[tuple[str, WebURL]]:
    """(hreflang in lower case, URL) of each `<link rel="alternate" hreflang href>` of a page."""
    links = select(html, "base[href], link[rel][hreflang][href]")
    base = _base_url(links, url)
    found = []
    for link in links:
        attributes = dict(link.attributes)
        if link.name == "link" and "alternate" in _rels(attributes):
            target = resolve(attributes["href"], base)
            if target is not None:
                found.append((attributes["hreflang"].strip().lower(), target))
    return found


def _base_url(parsed: list[Element], url: str) -> str:
    """The document's base URL: the first <base href> of the document tree, else its own URL."""
    for element in parsed:
        if element.name == "base" and not element.in_template:
            href = dict(element.attributes).get("href")
            if href is not None:
                base = resolve(href, url)
                return base.href if base is not None else url
    return url


def _view(parsed: list[Element], base: str) -> View:
    view = View()
    data_blocks: Counter[tuple] = Counter()
    for element in parsed:
        name = element.name.lower()
        attributes = dict(element.attributes)
        if _is_active(name, attributes):
            active = _active_element(element, name, attributes)
            if active.data_block:  # the text is not compared, so a second block is told by its rank
                data_blocks[active.signature] += 1
                active = replace(active, signature=(*active.signature[:3], data_blocks[active.signature]))
            view.elements.append(active)
        for attribute, value in element.attributes:
            if attribute.startswith("on"):
                view.handlers.append(Handler(element.name, attribute, value))
            for written, loaded in _urls_of(name, attribute, value, attributes):
                url = resolve(written, base)
                if url is not None:  # browsers neither follow nor load an invalid URL
                    view.urls.append(PageURL(element.name, attribute, written, url, loaded))
    return view


def _is_active(name: str, attributes: dict[str, str]) -> bool:
    if name == "meta":
        return any(a in attributes for a in ACTIVE_META) or attributes.get("name", "").strip().lower() == "referrer"
    return name in ACTIVE


def _active_element(element: Element, name: str, attributes: dict[str, str]) -> ActiveElement:
    compared = []
    http_equiv = attributes.get("http-equiv", "").strip().lower() if name == "meta" else ""
    for attribute, value in element.attributes:
        if attribute in TEXT_ATTRIBUTES or attribute.startswith("on") or _holds_urls(name, attribute):
            continue
        if attribute == "content" and http_equiv == "content-language":
            continue  # a language, as lang is
        if attribute == "content" and http_equiv == "refresh":
            refresh = refresh_target(value)
            value = refresh[0] if refresh is not None else value  # its URL is compared as a URL
        compared.append((attribute, value))
    is_json = name == "script" and JSON_TYPE.fullmatch(attributes.get("type", "")) is not None
    text = element.text if name in ("script", "style") and not is_json else ""
    shown = f"<{element.name}" + "".join(
        f' {a}="{v}"' if v else f" {a}" for a, v in ((a, v.replace('"', "&quot;")) for a, v in element.attributes)
    ) + ">" + text
    if len(shown) > SHOWN_LENGTH:
        shown = shown[: SHOWN_LENGTH - 1] + "…"
    return ActiveElement(element.name, (element.name, tuple(sorted(compared)), text, 0), shown, is_json)


def _is_refresh(attributes: dict[str, str]) -> bool:
    return attributes.get("http-equiv", "").strip().lower() == "refresh"


def _rels(attributes: dict[str, str]) -> set[str]:
    return set(attributes.get("rel", "").lower().split())


def _holds_urls(name: str, attribute: str) -> bool:
    return (
        attribute in URL_ATTRIBUTES or (name, attribute) in ELEMENT_URL_ATTRIBUTES
        or attribute in URL_LIST_ATTRIBUTES or attribute in SRCSET_ATTRIBUTES
    )


def _urls_of(name: str, attribute: str, value: str, attributes: dict[str, str]) -> list[tuple[str, bool]]:
    """The URLs (as written) that an attribute holds, each with whether it is loaded."""
    if attribute in URL_ATTRIBUTES or (name, attribute) in ELEMENT_URL_ATTRIBUTES:
        return [(value, _is_loaded(name, attribute, attributes))]
    if attribute in URL_LIST_ATTRIBUTES:
        separators = ASCII_WHITESPACE + ("," if name == "applet" else "")
        loaded = _is_loaded(name, attribute, attributes)
        return [(url, loaded) for url in re.split(f"[{re.escape(separators)}]+", value) if url]
    if attribute in SRCSET_ATTRIBUTES:
        return [(url, False) for url in srcset_urls(value)]
    if attribute in CSS_ATTRIBUTES:
        return [(url, False) for url in css_urls(value)]
    if name == "meta" and attribute == "content" and _is_refresh(attributes):
        refresh = refresh_target(value)
        return [(refresh[1], False)] if refresh is not None and refresh[1] is not None else []
    return []


def _is_loaded(name: str, attribute: str, attributes: dict[str, str]) -> bool:
    if attribute == "xml:base" or (name, attribute) in LOADED:
        return True
    if name == "link" and attribute == "href":
        rels = _rels(attributes)
        preloads_code = "preload" in rels and attributes.get("as", "").strip().lower() not in MEDIA_PRELOADS
        return bool(rels & LOADING_RELS) or preloads_code
    return False


def srcset_urls(value: str) -> list[str]:
    """The candidate URLs of a srcset attribute, split as the HTML standard's algorithm does
    (commas inside a URL are part of it; a descriptor's parentheses may hold commas)."""
    urls = []
    position, end = 0, len(value)
    while True:
        while position < end and (value[position] in ASCII_WHITESPACE or value[position] == ","):
            position += 1
        if position >= end:
            return urls
        start = position
        while position < end and value[position] not in ASCII_WHITESPACE:
            position += 1
        url = value[start:position]
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        position = _skip_descriptors(value, position)


def _skip_descriptors(value: str, position: int) -> int:
    """The position after a candidate's descriptors: past the comma that ends them."""
    end = len(value)
    while position < end and value[position] in ASCII_WHITESPACE:
        position += 1
    state = "descriptor"
    while position < end:
        char = value[position]
        if state == "descriptor":
            if char in ASCII_WHITESPACE:
                state = "after"
            elif char == ",":
                return position + 1
            elif char == "(":
                state = "parentheses"
        elif state == "parentheses":
            if char == ")":
                state = "descriptor"
        elif char not in ASCII_WHITESPACE:  # after a descriptor: the next one starts here
            state = "descriptor"
            continue
        position += 1
    return position


def refresh_target(content: str) -> tuple[str, str | None] | None:
    """A <meta http-equiv=refresh> content read as the HTML standard's declarative refresh:
    (delay, URL as written, or None to reload the page itself), or None when browsers ignore it."""
    end = len(content)
    position = _skip_blanks(content, 0)
    start = position
    while position < end and content[position].isascii() and content[position].isdigit():
        position += 1
    if position == start and (position >= end or content[position] != "."):
        return None
    while position < end and (content[position] == "." or (content[position].isascii() and content[position].isdigit())):
        position += 1
    delay = content[start:position]
    if position < end:
        if content[position] not in ";," + ASCII_WHITESPACE:
            return None
        position = _skip_blanks(content, position)
        if position < end and content[position] in ";,":
            position += 1
        position = _skip_blanks(content, position)
    if position >= end:
        return delay, None
    url = content[position:]
    if content[position] in "Uu":
        if content[position + 1 : position + 2] not in ("R", "r") or content[position + 2 : position + 3] not in ("L", "l"):
            return delay, url
        after = _skip_blanks(content, position + 3)
        if content[after : after + 1] != "=":
            return delay, url
        position = _skip_blanks(content, after + 1)
    quote_mark = content[position : position + 1]
    if quote_mark in ("'", '"'):
        url = content[position + 1 :]
        return delay, url.split(quote_mark, 1)[0]
    return delay, content[position:]


def _skip_blanks(text: str, position: int) -> int:
    while position < len(text) and text[position] in ASCII_WHITESPACE:
        position += 1
    return position


# --- What a source page allows ----------------------------------------------------------------

@dataclass
class Allowed:
    """What one parse of a source page (or of all of them) runs and loads, as sets."""

    signatures: set[tuple] = field(default_factory=set)
    handlers: set[Handler] = field(default_factory=set)
    hrefs: set[str] = field(default_factory=set)  # every URL, resolved
    loaded: set[str] = field(default_factory=set)  # the URLs loaded as code, style or a frame
    written: set[str] = field(default_factory=set)  # the links and media URLs as written

    def add(self, view: View) -> None:
        self.signatures.update(e.signature for e in view.elements)
        self.handlers.update(view.handlers)
        self.hrefs.update(u.url.href for u in view.urls)
        self.loaded.update(u.url.href for u in view.urls if u.loaded)
        self.written.update(u.written for u in view.urls if not u.loaded)


def allowed_by(pages: Iterable[Page]) -> tuple[Allowed, Allowed]:
    """What the pages allow together, per parse (scripting on, off)."""
    allowed = (Allowed(), Allowed())
    for page in pages:
        for view, into in zip(page.views, allowed):
            into.add(view)
    return allowed


# --- The site the pages belong to -------------------------------------------------------------

@dataclass(frozen=True)
class BuiltSite:
    url: str  # where the output folder is served, ending in "/"
    files: frozenset[str]  # every file of the build, as paths relative to the output folder

    @staticmethod
    def at(url: str, files: frozenset[str]) -> BuiltSite:
        """The site served at `url` (http or https, no query or fragment; "" for the default)."""
        parsed = resolve(url or DEFAULT_SITE_URL, "about:blank")  # an opaque base: a relative URL fails
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.authority or parsed.query or parsed.fragment:
            raise UsageError(f"the site URL must be an http or https URL without query or fragment, not {url!r}")
        path = parsed.path if parsed.path.endswith("/") else parsed.path + "/"
        return BuiltSite(parsed.authority + path, files)

    def page_url(self, path: str) -> str:
        """The URL a file of the build is served at (a folder's index.html at the folder's URL)."""
        folder, _, name = path.rpartition("/")
        served = f"{folder}/" if name == "index.html" and folder else "" if name == "index.html" else path
        page = resolve(quote(served), self.url)
        assert page is not None  # a quoted relative path always resolves
        return page.href

    def is_site(self, url: WebURL) -> bool:
        return bool(url.authority) and (url.authority + url.path).startswith(self.url)

    def file_of(self, url: WebURL) -> str | None:
        """The file of the build a URL of this site names, as static servers map them
        (`/x/` → x/index.html; `/x` → x, x.html or x/index.html); None when there is none."""
        if not self.is_site(url):
            return None
        rest = unquote((url.authority + url.path)[len(self.url):])
        candidates = [rest + "index.html"] if rest == "" or rest.endswith("/") else [rest, rest + ".html", rest + "/index.html"]
        return next((c for c in candidates if c in self.files), None)

    def is_built_page(self, url: WebURL) -> bool:
        """A link a translated page may hold of its own: a page or file of the build, with no
        query (which a page's scripts might read) and at most a plain fragment."""
        plain = PLAIN_FRAGMENT.fullmatch(unquote(url.fragment[1:])) is not None
        return not url.query and plain and self.file_of(url) is not None


# --- The comparison -------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    code: str  # element, handler, script-url, data-url, foreign-url, embedded-url, unknown-page
    element: str
    attribute: str | None
    value: str  # the element (start tag, text), the handler's code, or the URL as written
    url: str | None  # the URL resolved
    message: str


def compare(translated: Page, allowed: tuple[Allowed, Allowed], site: BuiltSite, reference: str = "the source page") -> list[Finding]:
    """Everything `translated` can run or load that `allowed` (its source page's, by default)
    does not: one finding per distinct thing, in document order. `reference` names what
    `allowed` comes from, in the findings' messages."""
    findings: dict[Finding, None] = {}
    for view, allows in zip(translated.views, allowed):
        for element in view.elements:
            if element.signature not in allows.signatures:
                findings[_element_finding(element, reference)] = None
        for handler in view.handlers:
            if handler not in allows.handlers:
                findings[Finding(
                    "handler", handler.element, handler.attribute, handler.code, None,
                    f"{handler.attribute} handler on <{handler.element}> not in {reference}",
                )] = None
        for page_url in view.urls:
            finding = _url_finding(page_url, allows, site, reference)
            if finding is not None:
                findings[finding] = None
    return list(findings)


def _element_finding(element: ActiveElement, reference: str) -> Finding:
    if element.data_block:
        message = f"more <{element.name}> data blocks with these attributes than {reference} has"
    else:
        compared = "name, attributes and text" if element.signature[2] else "name and attributes"
        message = f"<{element.name}> not in {reference} (compared: {compared})"
    return Finding("element", element.name, None, element.shown, None, message)


def _url_finding(page_url: PageURL, allows: Allowed, site: BuiltSite, reference: str) -> Finding | None:
    url = page_url.url
    if url.href in (allows.loaded if page_url.loaded else allows.hrefs):
        return None
    if not page_url.loaded and site.is_site(url) and (site.is_built_page(url) or page_url.written in allows.written):
        return None  # a page of the build, or a link the source page writes the same (relative to another folder)
    where = f"{page_url.attribute} of <{page_url.element}>"
    if url.scheme in SCRIPT_URL_SCHEMES:
        code, why = "script-url", f"{url.scheme}: URL (it runs code) in {where}, not in {reference}"
    elif url.scheme == "data":
        code, why = "data-url", f"data: URL (it carries its own content) in {where}, not in {reference}"
    elif site.is_site(url) and page_url.loaded:
        code, why = "embedded-url", f"URL of this site loaded by {where}, not loaded by {reference}"
    elif site.is_site(url):
        reason = "it has a query" if url.query else "its fragment is not a plain name" if site.file_of(url) else "no such file in the build"
        code, why = "unknown-page", f"URL of this site in {where}, not in {reference} and not a page of the build ({reason})"
    else:
        other = url.authority or f"{url.scheme}:"
        code, why = "foreign-url", f"URL outside this site ({other}) in {where}, not in {reference}"
    return Finding(code, page_url.element, page_url.attribute, page_url.written, url.href, why)
