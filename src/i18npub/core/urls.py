"""URLs as browsers read them (the WHATWG URL standard), through ada-url, the parser Node.js
uses: the only module that imports it, on first use. Python's urllib follows RFC 3986 and
reads differently the tricks that matter here (`java\\tscript:`, `/\\evil.example`, `%2e%2e`,
`https:evil.example`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class WebURL:
    """A parsed URL, known by its serialization: scheme and host in lower case, dot segments,
    tabs and newlines removed. Its parts are read from it when asked for (most comparisons
    need only the serialization)."""

    href: str

    @property
    def scheme(self) -> str:  # without the colon
        return _parts(self.href).scheme

    @property
    def authority(self) -> str:  # "scheme://host[:port]"; "" without a host (data:, mailto:) or with credentials
        return _parts(self.href).authority

    @property
    def path(self) -> str:  # percent-encoded, as serialized
        return _parts(self.href).path

    @property
    def query(self) -> str:  # "" or "?…"
        return _parts(self.href).query

    @property
    def fragment(self) -> str:  # "" or "#…"
        return _parts(self.href).fragment


class _Parts(NamedTuple):
    scheme: str
    authority: str
    path: str
    query: str
    fragment: str


@functools.lru_cache(maxsize=1 << 16)  # a layout's URLs recur on every page
def resolve(value: str, base: str) -> WebURL | None:
    """`value` read against `base` (an absolute URL); None when a browser would find it invalid
    (and so neither follow nor load it)."""
    from ada_url import join_url

    try:
        return WebURL(join_url(base, value))
    except ValueError:
        return None


@functools.lru_cache(maxsize=1 << 16)
def _parts(href: str) -> _Parts:
    from ada_url import URL

    url = URL(href)
    authority = f"{url.protocol}//{url.host}" if url.host and not (url.username or url.password) else ""
    return _Parts(url.protocol.removesuffix(":"), authority, url.pathname, url.search, url.hash)
