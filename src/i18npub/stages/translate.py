"""`translate`: fill a language's untranslated entries with machine drafts, site-wide.

Every draft is written fuzzy, with a translator comment naming the provider and the date, so
nothing machine-made is published before a person accepts it. Reviewed entries (non-fuzzy,
non-empty) are never touched; fuzzy ones are redrafted only on request. Each draft is unmasked
and checked against its source's syntax; when the check fails, the prose between the syntax is
translated piece by piece and reassembled; a draft that still fails is reported, not written.
Each catalog is saved (atomically) as soon as its drafts are in, so a run that stops loses at
most the requests in flight, and a rerun resumes from the catalogs and the cache.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core.catalog import DRAFT_MARK, REVIEWED_MARK, Catalog, Entry
from ..core.checks import Policy, check_entry
from ..core.masking import MaskError, Masked, check, mask
from ..errors import CatalogError, I18nError, ProviderError, UsageError
from ..mt import PROVIDERS, ProviderSettings, Reviewed, Translation, make_provider
from ..mt.engine import CACHE_DIR, Cache, DraftOptions, DraftStats, Drafter
from ..site.catalogs import read_catalog, save_catalog
from ..site.config import TranslateSettings
from ..site.layout import Site


Progress = Callable[[int, int], None]  # (units done, units in all: estimated until all catalogs are read)


@dataclass
class TranslateOptions:
    lang: str
    provider: str = ""  # "" : the configured one
    url: str = ""  # "" : the configured one
    articles: list[str] = field(default_factory=list)  # relative to the source folder; [] : all
    retranslate_fuzzy: bool = False
    dry_run: bool = False


@dataclass
class Rejected:
    """A draft that would have changed the source's syntax: reported, never written."""

    path: str  # the catalog, as shown to people
    line: int
    msgid: str
    reasons: list[str]

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: draft rejected ({'; '.join(self.reasons)})"


@dataclass
class ArticleReport:
    article: str
    catalog: Path
    shown: str  # the catalog's path as shown to people
    pending: int = 0  # entries to draft
    drafted: int = 0  # drafts written
    unmatched: int = 0  # entries the provider had nothing for (memory)
    chars: int = 0  # dry run: characters that would be sent
    rejected: list[Rejected] = field(default_factory=list)
    error: I18nError | None = None  # catalog missing or unreadable: skipped


@dataclass
class TranslateReport:
    lang: str
    provider: str
    dry_run: bool
    articles: list[ArticleReport] = field(default_factory=list)
    stats: DraftStats = field(default_factory=DraftStats)
    stopped: ProviderError | None = None  # the error that ended the run early

    @property
    def pending(self) -> int:
        return sum(a.pending for a in self.articles)

    @property
    def drafted(self) -> int:
        return sum(a.drafted for a in self.articles)

    @property
    def rejected(self) -> list[Rejected]:
        return [r for a in self.articles for r in a.rejected]

    @property
    def errors(self) -> list[I18nError]:
        return [a.error for a in self.articles if a.error is not None]


@dataclass
class _Unit:
    """An entry to draft, with its masked source."""

    doc: _Document
    entry: Entry
    masked: Masked
    failed: list[str] = field(default_factory=list)  # why the whole-unit draft was refused


@dataclass
class _Document:
    report: ArticleReport
    catalog: Catalog
    units: list[_Unit] = field(default_factory=list)
    waiting: int = 0  # units without an answer yet
    dirty: bool = False

    def save(self) -> None:
        if self.dirty:
            save_catalog(self.report.catalog, self.catalog, self.report.shown)
            self.dirty = False


def provider_settings(settings: TranslateSettings, url: str) -> ProviderSettings:
    """What the providers need from the configuration: keys are read from the environment
    variables it names, here and nowhere else."""
    keys = {name: os.environ.get(variable) or None for name, variable in settings.key_env.items()}
    keys.setdefault("microsoft_region", os.environ.get("MICROSOFT_TRANSLATOR_REGION") or None)
    return ProviderSettings(url or settings.url, settings.timeout, keys, settings.memory_threshold)


def translate_site(site: Site, options: TranslateOptions, progress: Progress | None = None) -> TranslateReport:
    config = site.config
    lang = config.check_language(options.lang)
    name = options.provider or config.translate.provider
    if name not in PROVIDERS:
        raise UsageError(f"unknown provider {name!r} (known: {', '.join(PROVIDERS)})")
    report = TranslateReport(lang=lang, provider=name, dry_run=options.dry_run)
    articles = site.resolve(options.articles)
    documents = _documents(site, lang, articles, report, options.retranslate_fuzzy)
    reviewed = _reviewed(site, lang) if name == "memory" else None
    provider = make_provider(name, provider_settings(config.translate, options.url), config.source_lang, lang, reviewed)
    cache_exists = (site.root / CACHE_DIR).is_dir()
    cache = None if provider.local or (options.dry_run and not cache_exists) else Cache(site.root)
    settings = config.translate
    drafter = Drafter(
        provider,
        config.source_lang,
        lang,
        DraftOptions(settings.parallel, settings.retries, settings.backoff, rate_limit=settings.rate_limit),
        cache,
    )
    report.stats = drafter.stats
    try:
        if options.dry_run:
            _count(list(documents), drafter)
        else:
            _Run(drafter, name, progress, len(articles), config.policy).run(documents, report)
    finally:
        if cache is not None:
            cache.close()
    return report


def _documents(site: Site, lang: str, articles: list[str], report: TranslateReport, redo_fuzzy: bool) -> Iterator[_Document]:
    """The catalogs to draft, read one at a time as the run asks for them."""
    for article in articles:
        path = site.catalog_path(lang, article)
        shown = site.shown(path)
        article_report = ArticleReport(article=article, catalog=path, shown=shown)
        report.articles.append(article_report)
        if not path.is_file():
            article_report.error = CatalogError("no catalog: run `i18npub extract` first", shown)
            continue
        try:
            catalog = read_catalog(path, shown)
        except CatalogError as exc:  # reported and skipped: never overwritten
            article_report.error = exc
            continue
        document = _Document(article_report, catalog)
        for entry in catalog.entries:
            if entry.obsolete or not entry.msgid or (entry.msgstr and not (redo_fuzzy and entry.fuzzy)):
                continue
            document.units.append(_Unit(document, entry, mask(entry.msgid)))
        article_report.pending = len(document.units)
        yield document


def _reviewed(site: Site, lang: str) -> list[Reviewed]:
    """Every reviewed translation of the language, from all its catalogs (unreadable ones are
    reported by the articles they belong to)."""
    reviewed: list[Reviewed] = []
    folder = site.config.locales_root / lang
    for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
        where = site.shown(path)
        try:
            catalog = read_catalog(path, where)
        except CatalogError:
            continue
        reviewed += [Reviewed(e.msgid, e.msgstr, f"{where}:{e.lineno}") for e in catalog.entries if e.translated]
    return reviewed


def _count(documents: list[_Document], drafter: Drafter) -> None:
    """Dry run: how many characters each article would send (a text shared by several articles
    counts for the first)."""
    texts: dict[str, _Document] = {}
    for document in documents:
        for unit in document.units:
            if unit.masked.has_prose:
                texts.setdefault(unit.masked.render(drafter.provider.style), document)
    for text, chars in drafter.unsent(list(texts)).items():
        texts[text].report.chars += chars


def _draft_problems(unit: _Unit, draft: str, policy: Policy) -> list[str]:
    """Why a draft may not be written: its markup is not exactly its source's, or it fails a
    check that a translator's text would fail too."""
    problems = check(unit.entry.msgid, draft, unit.masked.syntax)
    if not problems:
        candidate = Entry(unit.entry.msgid, draft, unit.entry.msgctxt, comments=list(unit.entry.comments), flags=["fuzzy"])
        problems = [f"{f.code}: {f.message}" for f in check_entry(candidate, policy, errors_only=True)]
    return problems


class _Run:
    def __init__(self, drafter: Drafter, provider: str, progress: Progress | None, articles: int, policy: Policy):
        self.policy = policy
        self.documents: list[_Document] = []  # those read so far
        self.drafter = drafter
        self.provider = provider
        self.progress = progress
        self.today = datetime.date.today().isoformat()
        self.articles = articles
        self.units = 0  # units of the catalogs read so far
        self.done = 0

    def run(self, documents: Iterator[_Document], report: TranslateReport) -> None:
        try:
            self._first_pass(documents)
            self._piece_pass()
        except ProviderError as exc:
            report.stopped = exc
        finally:  # whatever happened, the drafts made so far are kept
            for document in self.documents:
                document.save()

    def _first_pass(self, documents: Iterator[_Document]) -> None:
        style = self.drafter.provider.style
        by_text: dict[str, list[_Unit]] = {}  # text → units waiting for it
        finished: dict[str, Translation] = {}  # for units of later catalogs with the same text

        def groups() -> Iterator[list[str]]:
            """The new texts of each catalog, as the drafter asks for them."""
            for document in documents:
                self.documents.append(document)
                self.units += len(document.units)
                group: list[str] = []
                for unit in document.units:
                    if not unit.masked.has_prose:  # nothing to translate: the draft is the source
                        self._accept(unit, unit.entry.msgid, "copied=no-prose")
                        continue
                    text = unit.masked.render(style)
                    if text in finished:
                        self._first_result(unit, finished[text])
                        continue
                    if text not in by_text:
                        by_text[text] = []
                        group.append(text)
                    by_text[text].append(unit)
                    document.waiting += 1
                if document.waiting == 0:
                    document.save()
                yield group

        def done(text: str, result: Translation) -> None:
            finished[text] = result
            for unit in by_text.pop(text):
                self._first_result(unit, result)
                unit.doc.waiting -= 1
                if unit.doc.waiting == 0:  # refused drafts get a second chance later, saved then
                    unit.doc.save()

        self.drafter.run(groups(), done)

    def _first_result(self, unit: _Unit, result: Translation) -> None:
        if result.text is None:
            unit.doc.report.unmatched += 1
            self._tick()
            return
        try:
            draft = unit.masked.unmask(result.text, self.drafter.provider.style)
            problems = _draft_problems(unit, draft, self.policy)
        except MaskError as exc:
            problems = [str(exc)]
        if not problems:
            self._accept(unit, draft, result.note)
        elif self.drafter.provider.local:  # a memory match whose syntax does not fit: no match
            unit.doc.report.unmatched += 1
            self._tick()
        else:
            unit.failed = problems

    def _piece_pass(self) -> None:
        """Units whose draft failed the check: translate the prose between the syntax piece by
        piece, and reassemble in the source's order."""
        failed = [u for d in self.documents for u in d.units if u.failed]
        if not failed:
            return
        style = self.drafter.provider.style
        pieces: dict[str, Masked] = {}
        for unit in failed:
            for piece in unit.masked.pieces():
                if any(ch.isalpha() for ch in piece):
                    pieces.setdefault(mask(piece).render(style), mask(piece))
        translated: dict[str, str] = {}

        def done(text: str, result: Translation) -> None:
            if result.text is not None:
                try:
                    translated[pieces[text].source] = pieces[text].unmask(result.text, style)
                except MaskError:
                    pass  # the unit's check below reports it

        try:
            self.drafter.run([list(pieces)], done)
        finally:
            for unit in failed:
                self._settle(unit, translated)

    def _settle(self, unit: _Unit, translated: dict[str, str]) -> None:
        wanted = [p for p in unit.masked.pieces() if any(ch.isalpha() for ch in p)]
        if not all(p in translated for p in wanted):
            return  # stopped before all its pieces came back: a rerun finishes it
        draft = unit.masked.assemble(translated)
        problems = _draft_problems(unit, draft, self.policy)
        if problems:
            unit.doc.report.rejected.append(
                Rejected(unit.doc.report.shown, unit.entry.lineno, unit.entry.msgid, unit.failed + problems)
            )
            self._tick()
        else:
            self._accept(unit, draft, "pieces=yes")
        unit.failed = []

    def _accept(self, unit: _Unit, draft: str, note: str) -> None:
        entry = unit.entry
        entry.msgstr = draft
        entry.fuzzy = True
        mark = f"{DRAFT_MARK} provider={self.provider} date={self.today}" + (f" {note}" if note else "")
        # a new draft replaces the note of the text it replaces: an earlier draft's, or who approved it
        entry.translator_comments = [c for c in entry.translator_comments if not c.startswith((DRAFT_MARK, REVIEWED_MARK))] + [mark]
        unit.doc.report.drafted += 1
        unit.doc.dirty = True
        self._tick()

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            # catalogs are read as the run goes: until the last, the total is an estimate
            read = len(self.documents)
            total = self.units if read >= self.articles else max(self.units * self.articles // max(read, 1), self.done)
            self.progress(self.done, total)
