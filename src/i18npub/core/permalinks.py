"""Page URLs as the site generators compute them (Jekyll's permalinks, Hugo's paths), and the
normalization that lets a link found in an article be recognised as a link to one of the site's
pages. Pure functions: the generators' settings come in as arguments."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit

# --- Jekyll -----------------------------------------------------------------------------------

_DATE_FILENAME = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)$")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_SAFE_PATH = re.compile(r"^[a-zA-Z0-9./-]+$")


def _is_mark_letter_digit(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "ML" or category == "Nd"


def jekyll_slugify(text: str, mode: str = "default", cased: bool = False) -> str:
    """Jekyll's `Utils.slugify` in its default and pretty modes: every run of characters other
    than letters, marks and digits (pretty: and `._~!$&'()+,;=@`) becomes one hyphen, a hyphen
    at either end goes, and the case is lowered unless `cased`."""
    keep = "._~!$&'()+,;=@" if mode == "pretty" else ""
    out: list[str] = []
    for char in text:
        if _is_mark_letter_digit(char) or char in keep:
            out.append(char)
        elif not out or out[-1] != "-":
            out.append("-")
    slug = "".join(out).removeprefix("-").removesuffix("-")
    return slug if cased else slug.lower()


def jekyll_escape(value: str) -> str:
    """A placeholder's value as Jekyll writes it into a URL (percent-encoding what a path may not
    hold as is)."""
    if not value or _SAFE_PATH.match(value):
        return value
    return quote(value, safe="/!$&'()*+,;=:@-._~%").replace("#", "%23")


def jekyll_url(template: str, placeholders: dict[str, str]) -> str:
    """A URL from a permalink template such as `/actualites/:title/`."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        for key in (name, name.rstrip("_")):
            if key in placeholders:
                return jekyll_escape(placeholders[key])
        return match.group(0)

    url = "/" + _PLACEHOLDER.sub(value, template)
    url = url.replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def jekyll_basename(name: str) -> tuple[str, dt.date | None]:
    """A document's file name without its extension and date prefix, and that date."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    match = _DATE_FILENAME.match(stem)
    if match:
        try:
            return match.group(2), dt.date.fromisoformat(_padded_date(match.group(1)))
        except ValueError:
            return match.group(2), None
    return stem, None


def _padded_date(text: str) -> str:
    year, month, day = text.split("-")
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def jekyll_document_placeholders(collection: str, path_in_collection: str, slug: str | None, date: dt.date | None, categories: list[str]) -> dict[str, str]:
    """The placeholders of a collection document (Jekyll's `UrlDrop`). `path_in_collection` is
    the file's path inside the collection folder, `slug` its `slug` front-matter value."""
    folder, _, name = path_in_collection.rpartition("/")
    basename, file_date = jekyll_basename(name)
    date = date or file_date
    placeholders = {
        "collection": collection,
        "path": "/" + path_in_collection.rsplit(".", 1)[0].rstrip("."),
        "name": jekyll_slugify(basename),
        "title": jekyll_slugify(slug, "pretty", cased=True) if slug else jekyll_slugify(basename, "pretty", cased=True),
        "slug": jekyll_slugify(slug) if slug else jekyll_slugify(basename),
        "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        "slugified_categories": "/".join(dict.fromkeys(jekyll_slugify(c) for c in categories)),
        "output_ext": ".html",
    }
    if date:
        placeholders |= {
            "year": date.strftime("%Y"), "month": date.strftime("%m"), "day": date.strftime("%d"),
            "i_month": str(date.month), "i_day": str(date.day), "short_year": date.strftime("%y"),
            "y_day": date.strftime("%j"),
        }
    return placeholders


def jekyll_suffixed(template: str, style: str) -> str:
    """`Utils.add_permalink_suffix`: a template ended as the site's permalink style wants."""
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none") or style.endswith(":output_ext"):
        return template + ":output_ext"
    return template + "/" if style.endswith("/") else template


PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def jekyll_page_url(path: str, style: str) -> str:
    """The URL of a page (a file outside collections) without a `permalink`."""
    folder, _, name = path.rpartition("/")
    basename = name.rsplit(".", 1)[0]
    if basename == "index":
        return jekyll_url("/:path/", {"path": folder})
    return jekyll_url(jekyll_suffixed("/:path/:basename", style), {"path": folder, "basename": basename, "output_ext": ".html"})


# --- Hugo -------------------------------------------------------------------------------------


def hugo_path(text: str, lower: bool = True) -> str:
    """Hugo's path sanitizing (`MakePathSanitized`): letters, digits, marks and `./\\_#+~@-`
    kept, a run of spaces becomes a hyphen unless one is beside it already (none at the start
    or the end), anything else dropped; lower case unless the site says otherwise."""
    out: list[str] = []
    hyphen = False
    for char in text:
        allowed = char.isalpha() or unicodedata.category(char) in ("Nd", "Mn", "Mc", "Me") or char in "./\\_#+~@-"
        if allowed:
            if hyphen and char != "-" and out[-1] != "-":  # never a hyphen beside another
                out.append("-")
            hyphen = False
            out.append(char)
        elif out and char.isspace():
            hyphen = True
    path = "".join(out)
    return path.lower() if lower else path


def hugo_url(language_prefix: str, section_path: str, filename: str, slug: str | None, title: str, pattern: str | None, date: dt.date | None, lower: bool = True) -> str:
    """A page's URL under its language's prefix (`/en`, or "" for the language at the root):
    `pattern` (from `[permalinks]`: `:slug` is the slug or else the title, `:filename` the file's
    name) or `/<section path>/<slug or file name>/`."""
    if pattern:
        values = {
            "slug": slug or hugo_path(title, lower), "title": hugo_path(title, lower), "filename": hugo_path(filename, lower),
            "slugorfilename": slug or hugo_path(filename, lower), "section": section_path.split("/")[0], "sections": section_path,
        }
        if date:
            values |= {"year": date.strftime("%Y"), "month": date.strftime("%m"), "day": date.strftime("%d")}
        path = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), pattern)
    else:
        path = "/" + "/".join(p for p in (section_path, slug or hugo_path(filename, lower)) if p) + "/"
    return re.sub(r"/{2,}", "/", language_prefix + "/" + path.lstrip("/"))


# --- recognising a link -----------------------------------------------------------------------


def page_key(url: str, site_url: str = "") -> str | None:
    """The path a link leads to on this site, decoded, without `index.html`, an `.html` ending
    or the trailing slash, to look it up among the site's pages; None when the link leads
    elsewhere (another host, a mailto:) or is relative (resolve it against its page first)."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc:
        site = urlsplit(site_url)
        if not site.netloc or parts.netloc.lower().removeprefix("www.") != site.netloc.lower().removeprefix("www."):
            return None
    elif not parts.path.startswith("/"):
        return None
    path = unquote(parts.path)
    path = re.sub(r"/index\.html?$", "/", path)
    path = re.sub(r"\.html?$", "", path)
    return path.rstrip("/") or "/"
