"""`translate`: fill a language's untranslated entries with machine drafts, site-wide.

Every draft is written fuzzy, with a translator comment naming the provider and the date, so
nothing machine-made is published before a person accepts it. Reviewed entries (non-fuzzy,
non-empty) are never touched; fuzzy ones are redrafted only on request. Each draft is unmasked
and checked against its source's syntax and the site's glossary; when the check fails, the prose
between the syntax is translated piece by piece (every glossary term masked) and reassembled; a
draft that still fails is reported, not written.

The glossary's terms are masked as the provider's `term_masking` says: terms to keep as written
for every engine; terms with a fixed translation go to engines that take a glossary (DeepL,
language models), and are masked and put back translated for the others. Providers that can use
context (language models) are told each text's article, title and neighbouring units.

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
from ..core.checks import Markup, Policy, check_entry
from ..core.glossary import Terms
from ..core.masking import Masked, Style, check, mask
from ..core.pofile import parse_catalog
from ..errors import CatalogError, DraftError, I18nError, ProviderError, UsageError
from ..mt import PROVIDERS, Context, ProviderSettings, Reviewed, TermMasking, Translation, make_provider
from ..mt.engine import CACHE_DIR, Cache, DraftOptions, DraftStats, Drafter
from ..site.catalogs import Change, read_catalog, read_catalog_text, save_changes
from ..site.config import TranslateSettings
from ..site.glossary import read_glossary
from ..site.layout import Site


Progress = Callable[[int, int], None]  # (units done, units in all: estimated until all catalogs are read)


@dataclass
class TranslateOptions:
    lang: str
    provider: str = ""  # "" : the configured one
    url: str = ""  # "" : the configured one
    model: str = ""  # "" : the configured one
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
class Undrafted:
    """A unit the provider gave no translation for, and why (a model refused it, or left it out
    of its reply): reported; a rerun asks again."""

    path: str
    line: int
    msgid: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: no draft ({self.reason})"


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
    undrafted: list[Undrafted] = field(default_factory=list)
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
    def undrafted(self) -> list[Undrafted]:
        return [u for a in self.articles for u in a.undrafted]

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
    text: str | None  # the text `catalog` was parsed from; None once a save merged others' work
    units: list[_Unit] = field(default_factory=list)
    waiting: int = 0  # units without an answer yet
    changes: list[Change] = field(default_factory=list)  # drafts not saved yet

    def save(self) -> None:
        """Save the drafts made so far onto the catalog as it is on disk now: drafts for entries
        someone translated meanwhile are dropped (and not counted)."""
        if not self.changes:
            return
        report = self.report
        try:
            saved = save_changes(report.catalog, report.shown, self.text, self.catalog, self.changes)
        except I18nError as exc:
            report.error, report.drafted = exc, report.drafted - len(self.changes)
        else:
            report.drafted -= len(saved.dropped)
            self.text = None if saved.merged else saved.text
        self.changes = []


def provider_settings(settings: TranslateSettings, url: str, model: str, glossary: Terms) -> ProviderSettings:
    """What the providers need from the configuration: keys are read from the environment
    variables it names, here and nowhere else."""
    # a configuration written before a provider existed names no variable for it: its default
    variables = {**TranslateSettings().key_env, **settings.key_env}
    keys = {name: os.environ.get(variable) or None for name, variable in variables.items()}
    keys.setdefault("microsoft_region", os.environ.get("MICROSOFT_TRANSLATOR_REGION") or None)
    return ProviderSettings(url or settings.url, settings.timeout, keys, settings.memory_threshold, model or settings.model, glossary)


def translate_site(site: Site, options: TranslateOptions, progress: Progress | None = None) -> TranslateReport:
    config = site.config
    lang = config.check_language(options.lang)
    name = options.provider or config.translate.provider
    if name not in PROVIDERS:
        raise UsageError(f"unknown provider {name!r} (known: {', '.join(PROVIDERS)})")
    report = TranslateReport(lang=lang, provider=name, dry_run=options.dry_run)
    articles = site.catalog_names(options.articles)
    glossary = read_glossary(config).terms(lang)
    reviewed = _reviewed(site, lang) if name == "memory" else None
    settings = provider_settings(config.translate, options.url, options.model, glossary)
    provider = make_provider(name, settings, config.source_lang, lang, reviewed)
    masked_terms = {TermMasking.ALL: glossary, TermMasking.KEPT: glossary.kept, TermMasking.NONE: Terms()}[provider.term_masking]
    documents = _documents(site, lang, articles, report, options.retranslate_fuzzy, masked_terms)
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
            _Run(drafter, name, progress, len(articles), config.policy, glossary, masked_terms).run(documents, report)
    finally:
        if cache is not None:
            cache.close()
    return report


def _documents(
    site: Site, lang: str, articles: list[str], report: TranslateReport, redo_fuzzy: bool, terms: Terms
) -> Iterator[_Document]:
    """The catalogs to draft, read one at a time as the run asks for them."""
    for article in articles:
        path = site.catalog_path(lang, article)
        shown = site.shown(path)
        article_report = ArticleReport(article=article, catalog=path, shown=shown)
        report.articles.append(article_report)
        try:
            site.check_writable(path, catalog=True)
            text = read_catalog_text(path, shown)
            if text is None:
                raise CatalogError("no catalog: run `i18npub extract` first", shown)
            catalog = parse_catalog(text, shown)
        except I18nError as exc:  # reported and skipped: never overwritten
            article_report.error = exc
            continue
        document = _Document(article_report, catalog, text)
        for entry in catalog.entries:
            if entry.obsolete or not entry.msgid or (entry.msgstr and not (redo_fuzzy and entry.fuzzy)):
                continue
            document.units.append(_Unit(document, entry, mask(entry.msgid, terms)))
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


def _draft_problems(unit: _Unit, draft: str, policy: Policy, glossary: Terms) -> list[str]:
    """Why a draft may not be written: its markup is not exactly its source's, it fails a check
    that a translator's text would fail too, or it ignores the glossary."""
    problems = check(unit.entry.msgid, draft, unit.masked.syntax)
    if not problems:
        candidate = Entry(unit.entry.msgid, draft, unit.entry.msgctxt, comments=list(unit.entry.comments), flags=["fuzzy"])
        problems = [f"{f.code}: {f.message}" for f in check_entry(candidate, policy, errors_only=True)]
    if not problems and glossary:
        missing = glossary.missing(Markup.of(unit.entry.msgid).prose, Markup.of(draft).prose)
        problems = [f"glossary: {f.output!r} missing" for f in missing]
    return problems


def _contexts(document: _Document, style: Style, terms: Terms) -> dict[str, Context]:
    """Where each of the document's units to draft stands: its article's title and the units
    with prose around it (masked as they would be sent), by the unit's masked text."""
    title = next((e.msgid for e in document.catalog.entries if "front matter: title" in map(str.lower, e.comments) and not e.obsolete), "")
    pending = {id(unit.entry): unit.masked for unit in document.units}
    sequence: list[tuple[Entry, str]] = []  # the units with prose, in the catalog's order
    for entry in document.catalog.entries:
        if entry.obsolete or not entry.msgid:
            continue
        masked = pending.get(id(entry)) or mask(entry.msgid, terms)
        if masked.has_prose:
            sequence.append((entry, masked.render(style)))
    contexts: dict[str, Context] = {}
    for index, (entry, text) in enumerate(sequence):
        if id(entry) in pending and text not in contexts:
            before = sequence[index - 1][1] if index > 0 else ""
            after = sequence[index + 1][1] if index + 1 < len(sequence) else ""
            contexts[text] = Context(document.report.article, title, index, before, after)
    return contexts


class _Run:
    def __init__(
        self, drafter: Drafter, provider: str, progress: Progress | None, articles: int, policy: Policy, glossary: Terms, masked: Terms
    ):
        self.policy = policy
        self.glossary = glossary  # the rules every draft must follow
        self.masked = masked  # the terms masked in the first pass (the piece pass masks them all)
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
        contexts: dict[str, Context] = {}  # filled as the catalogs are read

        def groups() -> Iterator[list[str]]:
            """The new texts of each catalog, as the drafter asks for them."""
            for document in documents:
                self.documents.append(document)
                self.units += len(document.units)
                if self.drafter.provider.uses_context:
                    for text, context in _contexts(document, style, self.masked).items():
                        contexts.setdefault(text, context)
                group: list[str] = []
                for unit in document.units:
                    if not unit.masked.has_prose:  # nothing to translate: the source, its fixed terms translated
                        self._accept(unit, unit.masked.assemble({}), "copied=no-prose")
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

        self.drafter.run(groups(), done, contexts)

    def _first_result(self, unit: _Unit, result: Translation) -> None:
        if result.text is None:
            self._none(unit, result.note)
            return
        try:
            draft = unit.masked.unmask(result.text, self.drafter.provider.style)
            problems = _draft_problems(unit, draft, self.policy, self.glossary)
        except DraftError as exc:
            problems = [str(exc)]
        if not problems:
            self._accept(unit, draft, result.note)
        elif self.drafter.provider.local:  # a memory match whose syntax does not fit: no match
            unit.doc.report.unmatched += 1
            self._tick()
        else:
            unit.failed = problems

    def _none(self, unit: _Unit, reason: str) -> None:
        """No translation came for the unit: a memory's lack of match, or a refusal (`reason`)."""
        report = unit.doc.report
        if reason:
            report.undrafted.append(Undrafted(report.shown, unit.entry.lineno, unit.entry.msgid, reason))
        else:
            report.unmatched += 1
        self._tick()

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
                    masked = mask(piece, self.glossary)
                    pieces.setdefault(masked.render(style), masked)
        # a piece made only of glossary terms needs no request
        translated = {piece.source: piece.assemble({}) for piece in pieces.values() if not piece.has_prose}
        refused: dict[str, str] = {}  # piece → why it has no translation

        def done(text: str, result: Translation) -> None:
            piece = pieces[text]
            if result.text is None:
                refused[piece.source] = result.note
                return
            try:
                translated[piece.source] = piece.unmask(result.text, style)
            except DraftError:
                pass  # the unit's check below reports it

        try:
            self.drafter.run([[text for text, piece in pieces.items() if piece.has_prose]], done)
        finally:
            for unit in failed:
                self._settle(unit, translated, refused)

    def _settle(self, unit: _Unit, translated: dict[str, str], refused: dict[str, str]) -> None:
        wanted = [p for p in unit.masked.pieces() if any(ch.isalpha() for ch in p)]
        reasons = [refused[p] for p in wanted if p in refused]
        if reasons:
            self._none(unit, reasons[0])
            unit.failed = []
            return
        if not all(p in translated for p in wanted):
            return  # stopped before all its pieces came back: a rerun finishes it
        draft = unit.masked.assemble(translated)
        problems = _draft_problems(unit, draft, self.policy, self.glossary)
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
        unit.doc.changes.append(Change.starting(entry))
        entry.msgstr = draft
        entry.fuzzy = True
        mark = f"{DRAFT_MARK} provider={self.provider} date={self.today}" + (f" {note}" if note else "")
        # a new draft replaces the note of the text it replaces: an earlier draft's, or who approved it
        entry.translator_comments = [c for c in entry.translator_comments if not c.startswith((DRAFT_MARK, REVIEWED_MARK))] + [mark]
        unit.doc.report.drafted += 1
        self._tick()

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            # catalogs are read as the run goes: until the last, the total is an estimate
            read = len(self.documents)
            total = self.units if read >= self.articles else max(self.units * self.articles // max(read, 1), self.done)
            self.progress(self.done, total)
