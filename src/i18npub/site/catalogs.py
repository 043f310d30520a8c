"""Catalog files on disk: reading them (the text is `core.pofile`'s business) and saving them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.catalog import Catalog
from ..core.pofile import decode_catalog, parse_catalog, render_catalog
from ..errors import CatalogError, OutputError
from .files import read_bytes, write_atomic

if TYPE_CHECKING:
    from .layout import Site


def read_catalog_text(path: Path, shown: Path | str) -> str | None:
    """A catalog file's text, decoded by its header's charset, or None when there is no such file.
    Errors name `shown`."""
    try:
        data = read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", shown) from None
    return decode_catalog(data, shown)


def read_catalog(path: Path, shown: Path | str | None = None) -> Catalog:
    shown = path if shown is None else shown
    text = read_catalog_text(path, shown)
    if text is None:
        raise CatalogError("cannot read: No such file or directory", shown)
    return parse_catalog(text, shown)


def save_catalog(path: Path, catalog: Catalog, shown: Path | str) -> None:
    try:
        write_atomic(path, render_catalog(catalog))
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", shown) from None


@dataclass(frozen=True)
class CatalogSlot:
    """The catalog of one article in one language, as found on disk."""

    lang: str
    article: str
    po_file: str  # relative to the site root, for display
    catalog: Catalog | None  # None when missing or unreadable
    error: CatalogError | None = None  # why it could not be read
    from_template: bool = False  # no PO yet: `catalog` is the article's POT (all untranslated)


def load_catalogs(site: Site, languages: list[str]) -> list[CatalogSlot]:
    """Every (language, article) catalog, in language then article order; failures are kept."""
    slots = []
    articles = site.articles()
    for lang in languages:
        for article in articles:
            path = site.catalog_path(lang, article)
            shown = site.shown(path)
            template = site.template_path(article)
            try:
                if path.exists():
                    slots.append(CatalogSlot(lang, article, shown, read_catalog(path, shown)))
                elif template.exists():
                    slots.append(CatalogSlot(lang, article, shown, read_catalog(template, site.shown(template)), from_template=True))
                else:
                    slots.append(CatalogSlot(lang, article, shown, None))
            except CatalogError as exc:
                slots.append(CatalogSlot(lang, article, shown, None, exc))
    return slots
