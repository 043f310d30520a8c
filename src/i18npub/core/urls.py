"""URLs as browsers read them (the WHATWG URL standard), through ada-url, the parser Node.js
uses: the only module that imports it, on first use. Python's urllib follows RFC 3986 and
reads differently the tricks that matter here (`java\\tscript:`, `/\\evil.example`, `%2e%2e`,
`https:evil.example`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WebURL:
    href: str  # serialized: scheme and host in lower case, dot segments and blanks removed
    scheme: str  # without the colon
    authority: str  # "scheme://host[:port]"; "" without a host (data:, mailto:) or with credentials
    path: str  # percent-encoded, as serialized
    query: str  # "" or "?…"
    fragment: str  # "" or "#…"


def resolve(value: str, base: str) -> WebURL | None:
    """`value` read against `base` (an absolute URL); None when a browser would find it invalid
    (and so neither follow nor load it)."""
    from ada_url import URL

    try:
        url = URL(value, base=base)
    except ValueError:
        return None
    scheme = url.protocol.removesuffix(":")
    authority = f"{url.protocol}//{url.host}" if url.host and not (url.username or url.password) else ""
    return WebURL(url.href, scheme, authority, url.pathname, url.search, url.hash)
