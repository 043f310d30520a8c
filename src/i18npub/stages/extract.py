"""`extract`: every article into its template (POT) and one catalog (PO) per language, merged with
what translators already did, msgmerge-style. A file is written only when its content changes
(`same_content`), so a catalog last saved by another tool keeps its bytes until its entries change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..core.article import Article
from ..core.catalog import SITE_CONTEXT, Catalog, Entry, Key
from ..core.languages import english_name, plural_forms
from ..core.merge import merge
from ..core.pofile import decode_catalog, parse_catalog, render_catalog, render_entries, render_header, written_flags
from ..errors import I18nError, OutputError
from ..site.catalogs import read_catalog_file
from ..site.files import BackgroundWriter, ChangedMeanwhile, ImmediateWriter, write_unless_same
from ..site.layout import SITE_CATALOG, Site
from ..site.record import Record, digest, site_context
from . import pool
from .report import ArticleResult, Outcome, SiteReport

DATE_FORMAT = "%Y-%m-%d %H:%M%z"


@dataclass
class ExtractReport(SiteReport):
    templates_written: int = 0
    catalogs_written: int = 0

    @property
    def units(self) -> int:
        return sum(r.units for r in self.results)


def template_entries(article: Article) -> list[Entry]:
    """One entry per distinct key, in document order, with every location; the site-wide
    values are the site catalog's (`site_terms`)."""
    entries: dict[Key, Entry] = {}
    for placed in article.units:
        if placed.key[0] != SITE_CONTEXT:
            _add(entries, placed.key, placed.unit.msgid, placed.unit.kind, article.path, placed.unit.line)
    if article.slug_key is not None:
        context, slug = article.slug_key
        entries[article.slug_key] = Entry(msgid=slug, msgctxt=context, locations=[(article.path, 1)], comments=[SLUG_COMMENT])
    return list(entries.values())


def _add(entries: dict[Key, Entry], key: Key, msgid: str, kind: str, where: str, line: int) -> None:
    entry = entries.get(key)
    if entry is None:
        entries[key] = Entry(msgid=msgid, msgctxt=key[0], locations=[(where, line)], comments=[kind])
        return
    if (where, line) not in entry.locations:  # twice on one line (two equal table cells): gettext writes it once
        entry.locations.append((where, line))
    if kind not in entry.comments:
        entry.comments.append(kind)


Term = tuple[str, str, int]  # a site-wide value where an article has it: its text, kind and line


def article_terms(article: Article) -> list[Term]:
    return [(p.unit.msgid, p.unit.kind, p.unit.line) for p in article.units if p.key[0] == SITE_CONTEXT]


def site_terms_entries(terms: list[tuple[str, list[Term]]]) -> list[Entry]:
    """The site-wide catalog's template: each value once (without context: it is the only kind
    of text there), in the order the articles first have it, with every place it is in."""
    entries: dict[Key, Entry] = {}
    for where, found in terms:
        for msgid, kind, line in found:
            _add(entries, (None, msgid), msgid, kind, where, line)
    return list(entries.values())


SLUG_COMMENT = "slug: the last part of this page's URL; optional (untranslated, the page keeps it)"


def _template_header(project: str, created: str) -> dict[str, str]:
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"i18npub {__version__}",
    }


def _catalog_header(template: dict[str, str], old: dict[str, str], lang: str) -> dict[str, str]:
    """msgmerge's rule: the template's fields, but what translators own comes from the old PO."""
    header = dict(template)
    # as msginit does: a new catalog is dated, and has no translator yet
    header["PO-Revision-Date"] = template["POT-Creation-Date"]
    header["Last-Translator"] = ""
    header["Language"] = lang
    header["Language-Team"] = f"{english_name(lang)} <LL@li.org>"
    header["Plural-Forms"] = plural_forms(lang)
    for owned in ("PO-Revision-Date", "Last-Translator", "Language-Team", "Plural-Forms"):
        if old.get(owned):
            header[owned] = old[owned]
    # and the fields its editors added (Poedit's `X-Poedit-…`), which msgmerge keeps
    return header | {name: value for name, value in old.items() if name not in header}


def _header_comment(site: Site, article: str) -> str:
    what = f"the values of {', '.join(site.config.front_matter.site_keys)} in every article" if article == SITE_CATALOG else site.shown(site.source_path(article))
    return f"Translations of {what}\nGenerated by i18npub; edit msgstr lines only."


def same_content(old: Catalog, new: Catalog) -> bool:
    """Whether writing `new` over `old` would change nothing that matters, whatever tool laid
    `old` out: the same entries in the same order with the same fields (line numbers aside), and
    the same Language and Plural-Forms. The rest of the header follows the entries: dates,
    generator and project name change only when the file is written for its entries, as
    msgmerge --update leaves a file alone when only POT-Creation-Date would change."""
    return (
        [_essence(e) for e in old.entries] == [_essence(e) for e in new.entries]
        and all(old.header.get(key) == new.header.get(key) for key in _HEADER_FIELDS_THAT_MATTER)
    )


_HEADER_FIELDS_THAT_MATTER = ("Language", "Plural-Forms")


def _essence(entry: Entry) -> tuple:
    """What of an entry a file holds (its flags as gettext writes them; its extracted comments
    whatever their lines, which some editors wrap)."""
    return (entry.msgctxt, entry.msgid, entry.msgstr, entry.obsolete, entry.locations, " ".join(entry.comments).split(),
            entry.translator_comments, written_flags(entry), entry.previous_msgctxt, entry.previous_msgid)


@dataclass
class _Texts:
    """What extract writes for one article: each file's new text and its text as read (None: no
    such file yet); the errors of the catalogs it could not update; its number of units; the
    digest of each file's content as this run leaves it, unless someone else writes it (what
    the record keeps: site-relative path → digest)."""

    units: int
    files: dict[Path, tuple[str, str | None]]
    errors: list[I18nError]
    used: dict[str, str]
    terms: list[Term]


@dataclass
class _Done:
    """One article extracted: its result, its errors, what it wrote, and what the record keeps
    (None: it stays off the record, to be done again next time)."""

    result: ArticleResult
    errors: list[I18nError]
    templates_written: int = 0
    catalogs_written: int = 0
    used: dict[str, str] | None = None
    terms: list[Term] = field(default_factory=list)  # its site-wide values


class _Extraction:
    """One run over the site: the files it hands the writer, to learn afterwards which changed."""

    REWRITES = 3  # attempts at a catalog that a translator's editor keeps saving meanwhile

    def __init__(self, site: Site, now: str, writer: BackgroundWriter):
        self.site = site
        self.now = now
        self.writer = writer
        self.site_entries: list[Entry] = []  # the site-wide catalog's template, once gathered

    def article(self, article: str) -> tuple[_Texts, ArticleResult] | _Done:
        """The article's files handed to the writer (see `settle` once it is done), or why not."""
        try:
            texts = self._texts(article)
        except I18nError as exc:
            return _failed(article, exc)
        except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the site
            return _failed(article, self.site.internal_error(article, exc))
        for path, (text, existing) in texts.files.items():
            self.writer.write_unless_same(path, text, existing, self._decoder(path))
        return texts, ArticleResult(article, Outcome.UNCHANGED, units=texts.units)

    def whole(self, article: str) -> _Done:
        """The article extracted and written (the writer writes at once)."""
        handed = self.article(article)
        return handed if isinstance(handed, _Done) else self.settle(*handed)

    def _decoder(self, path: Path) -> Callable[[bytes], str]:
        return lambda data: decode_catalog(data, self.site.shown(path))  # needed only when the file changed meanwhile

    def _texts(self, article: str) -> _Texts:
        """The article's template, then its catalogs; a file whose content would not change is
        left alone. A template or catalog that cannot be read stops the article (for a
        template) or that catalog, and is never overwritten."""
        if article == SITE_CATALOG:
            return self._catalog_texts(article, self.site_entries, {}, [])
        data = self.site.read_source(article)
        source = self.site.parse_article(article, data)
        used = {self.site.shown(self.site.source_path(article)): digest(data)}
        return self._catalog_texts(article, template_entries(source), used, article_terms(source))

    def _catalog_texts(self, article: str, entries: list[Entry], used: dict[str, str], terms: list[Term]) -> _Texts:
        site = self.site
        template_path = site.template_path(article)
        site.check_writable(template_path, catalog=True)
        shown = site.shown(template_path)
        existing_text, existing_data, existing = _read(template_path, shown)
        created = existing.header.get("POT-Creation-Date", self.now) if existing is not None else self.now
        template = Catalog(
            header=_template_header(site.config.project_name, created),
            entries=entries,
            header_comment=_header_comment(site, article),
        )
        rendered: list[str] = []  # the template's entries as text, which an untranslated catalog repeats

        def text(catalog: Catalog) -> str:
            if catalog.entries != template.entries:
                return render_catalog(catalog)
            if not rendered:
                rendered.append(render_entries(template.entries))
            return render_header(catalog) + rendered[0]

        texts = _Texts(len(template.entries), {}, [], used, terms)
        if existing is None or not same_content(existing, template):
            template.header["POT-Creation-Date"] = self.now
            texts.files[template_path] = (text(template), existing_text)
        texts.used[shown] = _digest_of(texts.files.get(template_path), existing_data)
        for lang in site.config.languages:
            path = site.catalog_path(lang, article)
            shown = site.shown(path)
            try:
                (read_text, read_data), catalog = self._updated_catalog(path, shown, lang, template)
            except I18nError as exc:
                texts.errors.append(exc)
                continue
            if catalog is not None:
                texts.files[path] = (text(catalog), read_text)
            texts.used[shown] = _digest_of(texts.files.get(path), read_data)
        return texts

    def _updated_catalog(self, path: Path, shown: str, lang: str, template: Catalog) -> tuple[tuple[str | None, bytes | None], Catalog | None]:
        """The catalog's text and bytes as read (None: no catalog yet), and what to write
        there: the template merged into the existing catalog, or None when that would change
        nothing."""
        self.site.check_writable(path, catalog=True)
        text, data, old = _read(path, shown)
        if old is None:  # nothing to merge: the template's entries as they are
            return (None, None), Catalog(_catalog_header(template.header, {}, lang), template.entries, template.header_comment)
        catalog = merge(old, template.entries, _catalog_header(template.header, old.header, lang))
        return (text, data), None if same_content(old, catalog) else catalog

    def _rewrite(self, article: str, path: Path) -> bool | I18nError:
        """Write again a file that changed on disk after it was read (a translator saved it):
        merged afresh with what it holds now. Whether it changed, or why it could not be written."""
        shown = self.site.shown(path)
        for _ in range(self.REWRITES):
            try:
                texts = self._texts(article)
            except I18nError as exc:
                return exc
            if path not in texts.files:  # nothing to change any more, or it cannot be read now
                return next((e for e in texts.errors if e.path == shown), False)
            try:
                return write_unless_same(path, *texts.files[path], self._decoder(path))
            except ChangedMeanwhile:
                continue
            except OSError as exc:
                return OutputError(f"cannot write: {exc.strerror or exc}", shown)
        return OutputError("changed on disk during every attempt to update it; run extract again", shown)

    def settle(self, texts: _Texts, result: ArticleResult) -> _Done:
        """Once the writer has written the article's files: which changed, which could not be
        written. A file someone else saved meanwhile is merged afresh, and keeps the article off
        the record."""
        done = _Done(result, list(texts.errors), used=None if texts.errors else texts.used, terms=texts.terms)
        for path in texts.files:
            changed = self.writer.changed[path]
            if isinstance(changed, ChangedMeanwhile):
                changed = self._rewrite(result.article, path)
                done.used = None
            if isinstance(changed, OSError):
                changed = OutputError(f"cannot write: {changed.strerror or changed}", self.site.shown(path))
            if isinstance(changed, I18nError):
                done.errors.append(changed)
                result.outcome, result.reason, result.error = Outcome.FAILED, str(changed), changed
                done.used = None
            elif changed:
                result.done += 1
                if path.suffix == ".pot":
                    done.templates_written += 1
                else:
                    done.catalogs_written += 1
                if result.outcome is Outcome.UNCHANGED:
                    result.outcome = Outcome.WRITTEN
        return done


def _failed(article: str, error: I18nError) -> _Done:
    return _Done(ArticleResult(article, Outcome.FAILED, str(error), error=error), [error])


def _digest_of(written: tuple[str, str | None] | None, read: bytes | None) -> str | None:
    """The digest of a file's content once written (`written`: its new text), or as read."""
    if written is not None:
        return digest(written[0].encode("utf-8"))
    return digest(read) if read is not None else None


def _read(path: Path, shown: str) -> tuple[str | None, bytes | None, Catalog | None]:
    """The text, bytes and catalog at `path`, None when there is none; one that cannot be read
    is an error."""
    read = read_catalog_file(path, shown)
    if read is None:
        return None, None, None
    text, data = read
    return text, data, parse_catalog(text, shown)


@pool.whole_site_run()
def extract_site(site: Site, articles: list[str] | None = None) -> ExtractReport:
    """Extract every article (or those named). An article whose source, template and catalogs
    are as the last run left them, under the same configuration, is not read again (see
    `site.record`); on a large site the others are done on every core (see `pool`)."""
    report = ExtractReport()
    now = dt.datetime.now(dt.timezone.utc).astimezone().strftime(DATE_FORMAT)
    chosen = site.resolve(articles)
    record = Record(site.root, "extract", {"config": site_context(site)})
    recorded = {article: result for article in chosen if (result := record.unchanged(article)) is not None}
    todo = [article for article in chosen if article not in recorded]
    workers = pool.processes(len(todo))
    if workers:
        run = _Extraction(site, now, ImmediateWriter())
        done = dict(zip(todo, pool.run_parallel(run.whole, todo, workers)))
    else:
        with BackgroundWriter() as writer:
            run = _Extraction(site, now, writer)
            handed = {article: run.article(article) for article in todo}
        done = {article: h if isinstance(h, _Done) else run.settle(*h) for article, h in handed.items()}
    for article in chosen:
        if article in recorded:
            report.results.append(ArticleResult(article, Outcome.UNCHANGED, units=recorded[article]["units"]))
            continue
        outcome = done[article]
        report.results.append(outcome.result)
        report.errors += outcome.errors
        report.templates_written += outcome.templates_written
        report.catalogs_written += outcome.catalogs_written
        record.store(article, outcome.used, {"units": outcome.result.units, "terms": outcome.terms})
    if articles is None:
        record.keep_only(set(chosen))
    record.save()
    if site.site_terms and articles is None:
        terms = [(site.shown(site.source_path(a)), [tuple(t) for t in recorded[a]["terms"]] if a in recorded else done[a].terms)
                 for a in chosen]
        _extract_site_terms(site, now, site_terms_entries(terms), report)
    return report


def _extract_site_terms(site: Site, now: str, entries: list[Entry], report: ExtractReport) -> None:
    """The site-wide catalog, from every article's site-wide values (see `site_keys`). An article
    that failed gives none: its values stay as the last run left them in the catalog when
    another article has them, else they become obsolete, as they would for an article."""
    run = _Extraction(site, now, ImmediateWriter())
    run.site_entries = entries
    outcome = run.whole(SITE_CATALOG)
    report.errors += outcome.errors
    report.templates_written += outcome.templates_written
    report.catalogs_written += outcome.catalogs_written
