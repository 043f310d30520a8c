"""Catalog files on disk: reading them (the text is `core.pofile`'s business) and saving them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.article import Article
from ..core.catalog import SITE_CONTEXT, Catalog, Entry
from ..core.checks import Finding, is_checked
from ..core.pofile import decode_catalog, parse_catalog, render_catalog
from ..errors import CatalogError, I18nError, OutputError
from .files import ChangedMeanwhile, read_bytes, write_unless_same
from .layout import SITE_CATALOG
from .record import digest

if TYPE_CHECKING:
    from .layout import Site


def read_catalog_text(path: Path, shown: Path | str) -> str | None:
    """A catalog file's text, decoded by its header's charset, or None when there is no such file.
    Errors name `shown`."""
    read = read_catalog_file(path, shown)
    return read[0] if read is not None else None


def read_catalog_file(path: Path, shown: Path | str) -> tuple[str, bytes] | None:
    """A catalog file's text and its bytes, or None when there is no such file."""
    try:
        data = read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", shown) from None
    return decode_catalog(data, shown), data


@dataclass(frozen=True)
class SiteWide:
    """The site-wide catalog of one language as every article's translation takes it: its active
    entries, in the context the articles' site-wide values have (what `build` splices into every
    article along with its own catalog, and `check` and `status` compare so), and its file."""

    entries: list[Entry]
    file: str  # as shown; "" on a site without one
    file_digest: str | None  # None: no file, or none that could be read
    contexts: dict[int, str | None] = dataclasses.field(default_factory=dict)  # each entry's line → its context in the file

    def used(self) -> dict[str, str | None]:
        """What an article's translation is made of here, for a record (see `Record.store`)."""
        return {self.file: self.file_digest} if self.file else {}

    def files(self) -> dict[int, str]:
        """The file of each entry (by `id`), for the findings on it in an article."""
        return {id(entry): self.file for entry in self.entries}

    def as_filed(self, finding: Finding) -> Finding:
        """A finding on one of these entries in an article, as the file has the entry (its context)."""
        if finding.po_file != self.file or finding.line not in self.contexts:
            return finding
        return dataclasses.replace(finding, msgctxt=self.contexts[finding.line])

    def used_in(self, article: Article) -> list[Entry]:
        """The translated or fuzzy entries that `article` has a unit for: the ones to compare there."""
        keys = {placed.key for placed in article.units}
        return [e for e in self.entries if is_checked(e) and e.key in keys]


def site_wide_entries(site: Site, lang: str) -> SiteWide:
    """The site-wide catalog in `lang` (nothing on a site without one, or while it has no file).
    Raises CatalogError when it cannot be read."""
    if not site.site_terms:
        return SiteWide([], "", None)
    path = site.catalog_path(lang, SITE_CATALOG)
    shown = site.shown(path)
    read = read_catalog_file(path, shown)
    if read is None:
        return SiteWide([], shown, None)
    text, data = read
    active = parse_catalog(text, shown).active
    return SiteWide([dataclasses.replace(e, msgctxt=SITE_CONTEXT) for e in active], shown, digest(data), {e.lineno: e.msgctxt for e in active})


def unread_site_wide(site: Site, lang: str) -> SiteWide:
    """The site-wide catalog of a command that could not read it: its values stay as they are, and
    what is made of them stays off the records (the file is there, its digest is not)."""
    return SiteWide([], site.shown(site.catalog_path(lang, SITE_CATALOG)), None)


def read_catalog(path: Path, shown: Path | str | None = None) -> Catalog:
    shown = path if shown is None else shown
    text = read_catalog_text(path, shown)
    if text is None:
        raise CatalogError("cannot read: No such file or directory", shown)
    return parse_catalog(text, shown)


# what a translator (or translate, or review) changes in an entry; the rest is extract's
TRANSLATION_FIELDS = ("msgstr", "flags", "translator_comments", "previous_msgid", "previous_msgctxt")
_SAVE_ATTEMPTS = 3


@dataclass
class Change:
    """What a command did to one entry: the entry as it read it, and as it leaves it."""

    before: Entry
    after: Entry

    @classmethod
    def starting(cls, entry: Entry) -> Change:
        """A change about to be made to `entry` in place: `before` is a copy of it as it is now."""
        return cls(dataclasses.replace(entry, flags=list(entry.flags), translator_comments=list(entry.translator_comments)), entry)


@dataclass
class Saved:
    text: str  # what the file holds now
    dropped: list[Change]  # not applied: on disk the entry is gone, or its translation changed
    merged: bool  # the file had changed: `text` holds work that the caller's catalog lacks


def save_changes(path: Path, shown: str, loaded_text: str | None, catalog: Catalog | None, changes: list[Change]) -> Saved:
    """Save the `changes` a command made to the catalog it read from `path` as `loaded_text`,
    merged with what the file holds now: a translator's editor may have saved it meanwhile.

    A change is applied when its entry is still on disk with the translation it had when read
    (same msgstr, same fuzziness): a draft lands on an entry still untranslated, a review
    decision on the text that was reviewed. Otherwise the other writer's work wins and the
    change is returned as dropped. `catalog` is the caller's catalog with the changes made: when
    the file still holds `loaded_text`, it is written as it is, which spares parsing the file
    again (either None: always merge). Raises CatalogError when the file has gone or no longer
    parses (it is never overwritten then), OutputError when it cannot be written."""
    for _ in range(_SAVE_ATTEMPTS):
        current = read_catalog_text(path, shown)
        if current is None:
            raise CatalogError("removed while i18npub was working on it; its changes are not saved", shown)
        merged = catalog is None or current != loaded_text
        dropped: list[Change] = []
        if merged:
            try:
                theirs = parse_catalog(current, shown)
            except CatalogError as exc:
                raise CatalogError(f"changed meanwhile and cannot be read now, so not saved: {exc.message}", shown, exc.line) from None
            dropped = _apply(theirs, changes)
            text = render_catalog(theirs)
        else:
            text = render_catalog(catalog)
        try:
            write_unless_same(path, text, current, lambda data: decode_catalog(data, shown))
        except ChangedMeanwhile:
            continue  # saved again between our reading and our writing: merge once more
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", shown) from None
        return Saved(text, dropped, merged)
    raise CatalogError("kept changing on disk while i18npub saved it; its changes are not saved", shown)


def _apply(catalog: Catalog, changes: list[Change]) -> list[Change]:
    """Make `changes` to `catalog` (read from disk just now) where they still apply; return the others."""
    entries = {e.key: e for e in catalog.entries if not e.obsolete}
    dropped = []
    for change in changes:
        base, ours = change.before, change.after
        entry = entries.get(ours.key)
        if entry is None or (entry.msgstr, entry.fuzzy) != (base.msgstr, base.fuzzy):
            dropped.append(change)
            continue
        for name in TRANSLATION_FIELDS:
            old, new, theirs = getattr(base, name), getattr(ours, name), getattr(entry, name)
            if new == old:
                continue  # not ours to change: what is on disk stays
            if isinstance(new, list) and theirs != old:  # both changed a list: keep both changes
                new = [x for x in theirs if x in new or x not in old] + [x for x in new if x not in old and x not in theirs]
            setattr(entry, name, new)
    return dropped


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
    articles = site.articles()
    return [read_slot(site, lang, article)[0] for lang in languages for article in articles]


def read_slot(site: Site, lang: str, article: str) -> tuple[CatalogSlot, dict[str, bytes | None]]:
    """The catalog of `article` in `lang` (its template when it has none yet), and the content of
    each file read for it, by site-relative path (None: there was none)."""
    path = site.catalog_path(lang, article)
    shown = site.shown(path)
    template = site.template_path(article)
    read: dict[str, bytes | None] = {}
    try:
        for file, file_shown in ((path, shown), (template, site.shown(template))):
            found = read_catalog_file(file, file_shown)
            read[file_shown] = found[1] if found is not None else None
            if found is not None:
                catalog = parse_catalog(found[0], file_shown)
                return CatalogSlot(lang, article, shown, catalog, from_template=file is template), read
        return CatalogSlot(lang, article, shown, None), read
    except CatalogError as exc:
        return CatalogSlot(lang, article, shown, None, exc), read


# an article as the commands that read it with its catalogs keep it: parsed, or why it cannot be,
# with the bytes it was read from (None: it could not be read)
ReadSource = tuple[Article | I18nError, bytes | None]


def read_slot_and_source(site: Site, lang: str, name: str, sources: dict[str, ReadSource], site_wide: SiteWide
                         ) -> tuple[CatalogSlot, Article | I18nError | None, dict[str, str | None] | None]:
    """The catalog of `name` in `lang` (see `read_slot`) with its article (read once for every
    language through `sources`; None for the site-wide catalog, which has none), and the digest
    of each file they come from, the `site_wide` catalog's included, for a site record (None: one
    could not be read, so what is made of them stays off the record)."""
    slot, read = read_slot(site, lang, name)
    used: dict[str, str | None] | None = {path: digest(data) if data is not None else None for path, data in read.items()}
    if slot.error and slot.error.path not in read:  # it could not be read at all (not merely parsed)
        used = None
    if name == SITE_CATALOG:
        return slot, None, used
    if name not in sources:
        data = None
        try:
            data = site.read_source(name)
            sources[name] = site.parse_article(name, data), data
        except I18nError as exc:
            sources[name] = exc, data
    article, data = sources[name]
    if data is None or used is None:
        used = None
    else:
        used[site.shown(site.source_path(name))] = digest(data)
        used |= site_wide.used()
    return slot, article, used
