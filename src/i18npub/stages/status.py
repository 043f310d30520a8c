"""`status`: what is left to do, per language and article (by its title): units and source words
translated, fuzzy (drafts to review), outdated (approved, then the source changed) and
untranslated, check errors, and the article's state: changed since the last extract, a stale
page (built earlier, which `build` would not write now), published...; as text fitted to the
terminal's width, JSON, or a self-contained HTML page (see docs/status.md).

`article_status` is one article in one language (its catalog, its source, the page the last build
recorded: the unit a per-article cache can keep), `summarize` the site's totals, and `site_status`
reads what they need; rendering is pure functions of the report.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import quote

from ..core.article import Article
from ..core.catalog import OPTIONAL_CONTEXTS, Catalog, Key, State, percent
from ..core.checks import Finding, Policy, error_count, word_count
from ..core.languages import english_name
from ..core.textdiff import Op, word_diff
from ..errors import I18nError
from ..site.catalogs import CatalogSlot, ReadSource, SiteWide, read_slot_and_source
from ..site.glossary import read_glossary
from ..site.layout import SITE_CATALOG, Site
from ..site.record import Record, digest, site_context
from . import pool
from .build import BuildOptions, Checked, publication, read_record
from .check import catalog_findings, check_policy, check_record, checked_findings, compared_entries, readable_site_wide

WORD_RULE = (
    "Words are counted in the source text a reader sees: link targets, HTML tags, attribute lists, "
    "Liquid, entities and code are left out, and so are the entries that need no translation (a "
    "slug, a link in the front matter). The text is cut into words at Unicode's word boundaries "
    "(UAX #29, as Translate Toolkit's pocount does): “l’usager”, “3,5” and “beta.gouv.fr” are one "
    "word each, “e-mail” two. pocount counts more: the words it finds in markup (link targets, "
    "attribute lists, Liquid) and the slug, and it cuts a name with points in it apart "
    "(“beta.gouv.fr”: 3 words)."
)


@dataclass
class Figures:
    """Units and source words by state. Units are a catalog's entries, less the optional ones (a
    slug, a link value), as `build --min-translated` counts them."""

    translated_units: int = 0
    translated_words: int = 0
    fuzzy_units: int = 0  # drafts waiting for review
    fuzzy_words: int = 0
    outdated_units: int = 0  # approved, then the source changed: to review again
    outdated_words: int = 0
    untranslated_units: int = 0
    untranslated_words: int = 0
    check_errors: int = 0
    unreadable: int = 0  # catalogs that could not be read
    unreadable_sources: int = 0  # articles that could not be read (build cannot publish them)

    @property
    def total_units(self) -> int:
        return self.translated_units + self.fuzzy_units + self.outdated_units + self.untranslated_units

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.outdated_words + self.untranslated_words

    @property
    def percent_done(self) -> float:
        """Reviewed units out of all units; an outdated unit is not done (though `build` keeps
        publishing its last approved text while `outdated = "keep"`)."""
        if self.unreadable or self.unreadable_sources:
            return 0.0
        return percent(self.translated_units, self.total_units)

    @property
    def words_to_translate(self) -> int:
        return self.untranslated_words

    @property
    def words_to_review(self) -> int:
        return self.fuzzy_words + self.outdated_words

    def count(self, state: State, words: int) -> None:
        name = state.value
        setattr(self, f"{name}_units", getattr(self, f"{name}_units") + 1)
        setattr(self, f"{name}_words", getattr(self, f"{name}_words") + words)

    @classmethod
    def total(cls, figures: list[Figures]) -> Figures:
        return cls(**{name: sum(getattr(f, name) for f in figures) for name in cls.__dataclass_fields__})

    def as_dict(self) -> dict:
        states = ("translated", "fuzzy", "outdated", "untranslated")
        return {
            "units": {**{s: getattr(self, f"{s}_units") for s in states}, "total": self.total_units},
            "words": {**{s: getattr(self, f"{s}_words") for s in states}, "total": self.total_words},
            "percent_done": round(self.percent_done, 1),
            "words_to_translate": self.words_to_translate,
            "words_to_review": self.words_to_review,
            "check_errors": self.check_errors,
            "unreadable_catalogs": self.unreadable,
            "unreadable_sources": self.unreadable_sources,
        }


def catalog_figures(catalog: Catalog, check_errors: int = 0) -> Figures:
    figures = Figures(check_errors=check_errors)
    for entry in catalog.active:
        if entry.msgctxt not in OPTIONAL_CONTEXTS:
            figures.count(entry.state, word_count(entry.msgid))
    return figures


def source_figures(article: Article) -> Figures:
    """An article not extracted yet: every unit of its source untranslated."""
    figures = Figures()
    for msgid in dict.fromkeys(p.key[1] for p in article.units if p.key[0] not in OPTIONAL_CONTEXTS):
        figures.count(State.UNTRANSLATED, word_count(msgid))
    return figures


@dataclass(frozen=True)
class Changed:
    """An outdated unit: what its translation was approved for, and what the source says now."""

    line: int  # the entry's line in the PO file
    previous: str
    source: str


@dataclass
class ArticleStatus:
    """One article in one language: its figures, and what `build` makes of it."""

    lang: str
    article: str  # the path relative to the source folder
    title: str  # the source's title, or its path
    source_file: str  # relative to the site root
    po_file: str
    figures: Figures
    problem: str | None = None  # catalog missing, article or catalog unreadable
    not_extracted: bool = False  # no catalog nor template: counted from the source
    source_changed: bool = False  # its units are not its catalog's: the source changed since the last extract
    not_published: str | None = None  # why `build` would not publish it now (None: it would)
    untranslated: str | None = None  # why its translation is not published, when `build` writes its source in its place
    built_file: str | None = None  # the page the last build wrote, when it is still there
    page_url: str | None = None  # that page's address, as the last build recorded it
    outdated: list[Changed] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        """A page an earlier build wrote is there, and `build` would not write it now."""
        return self.built_file is not None and self.not_published is not None

    @property
    def state(self) -> str:
        """The one word that says most about the article, for a column of the text report."""
        if self.figures.unreadable or self.figures.unreadable_sources:
            return "unreadable"
        if self.not_extracted:
            return "not extracted"
        if self.source_changed:
            return "changed"
        if self.stale:
            return "stale"
        if self.outdated:
            return "outdated"
        if self.untranslated is not None:
            return "untranslated"
        if self.not_published is None:
            return "published" if self.built_file else "ready"
        return ""


@dataclass(frozen=True)
class GonePage:
    """A page an earlier build wrote for an article that is no longer in the source folder."""

    lang: str
    article: str
    output: str  # relative to the site root
    url: str | None


@dataclass
class StatusReport:
    articles: list[ArticleStatus]
    gone: list[GonePage] = field(default_factory=list)
    languages: dict[str, Figures] = field(default_factory=dict)
    totals: Figures = field(default_factory=Figures)
    root: Path = Path(".")  # the site's folder, which the files' paths are relative to

    @property
    def failed(self) -> bool:
        """Whether something could not be read (the exit code is then 1)."""
        return bool(self.totals.unreadable or self.totals.unreadable_sources)

    @property
    def stale(self) -> list[ArticleStatus]:
        return [a for a in self.articles if a.stale]


# --- Gathering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """An article's source as status needs it: its title and file, or why it cannot be read."""

    name: str
    title: str
    shown: str  # its file, relative to the site root
    article: Article | None
    error: I18nError | None = None


def _source(site: Site, name: str, article: Article | I18nError | None) -> Source:
    """The article's source as status needs it: its title and file, or why it cannot be read."""
    if name == SITE_CATALOG:
        keys = ", ".join(site.config.front_matter.site_keys)
        return Source(name, f"Site-wide values ({keys})", site.shown(site.template_path(name)), None)
    shown = site.shown(site.source_path(name))
    if not isinstance(article, Article):
        return Source(name, name, shown, None, article)
    title = " ".join(str(site.page_data(article).title or "").split())
    return Source(name, title or name, shown, article)


@pool.whole_site_run()
def site_status(site: Site, languages: list[str]) -> StatusReport:
    """Every article in these languages (`article_status`), summed per language and in all. An
    article whose source, catalog and template are as the last status found them, under the
    same settings and glossary, keeps its recorded status (see `site.record`); the page the last
    build wrote is looked up afresh."""
    names = site.articles()
    records = {lang: read_record(site, lang) for lang in languages}
    glossary = read_glossary(site.config)
    policies = {lang: check_policy(site, glossary, lang) for lang in languages}
    context = site_context(site)
    site_wide = {lang: readable_site_wide(site, lang) for lang in languages}
    kept = {lang: Record(site.root, f"status-{lang}", {"config": context, "policy": digest(repr(policies[lang]).encode("utf-8")),
                                                        "site-wide": site_wide[lang].file_digest})
            for lang in languages}
    catalogs = names + ([SITE_CATALOG] if site.site_terms else [])
    sources: dict[str, ReadSource] = {}  # each read once for every language, in-process
    articles = []
    for lang in languages:
        record, last_check = kept[lang], check_record(site, lang, policies[lang], context, errors=True)
        statuses = {name: _status_from_json(lang, name, recorded) for name in catalogs
                    if (recorded := record.unchanged(name)) is not None}
        todo = [name for name in catalogs if name not in statuses]
        fresh = pool.each(lambda name, read: _fresh_status(site, lang, name, policies[lang], site_wide[lang], read, last_check),
                          todo, sources)
        for name, (status, used) in zip(todo, fresh):
            statuses[name] = status
            record.store(name, used, _status_json(status))
        for name in catalogs:
            status = statuses[name]
            status.built_file, status.page_url = _built_page(site, records[lang].get(name)) or (None, None)
            articles.append(status)
        record.keep_only(set(catalogs))
        record.save()
    known = set(names)
    gone = [
        GonePage(lang, article, *built)
        for lang, record in records.items()
        for article, page in record.items()
        if article not in known and (built := _built_page(site, page))
    ]
    return summarize(articles, gone, site.root)


def _fresh_status(site: Site, lang: str, name: str, policy: Policy, site_wide: SiteWide, sources: dict[str, ReadSource],
                  last_check: Record) -> tuple[ArticleStatus, dict[str, str | None] | None]:
    """The status of one catalog, and the digests of the files it comes from (None: one could
    not be read, the status stays off the record); with the findings the `last_check` recorded
    when it read these very files."""
    slot, article, used = read_slot_and_source(site, lang, name, sources, site_wide)
    checked = checked_findings(last_check, name, used)
    return article_status(site, slot, _source(site, name, article), None, policy, site_wide, checked), used


def _status_json(status: ArticleStatus) -> dict:
    """What the record keeps of a status: what is not its key (language and article) nor looked up
    afresh (the built page), and no figure or field left at its default, which most are."""
    data = {f.name: getattr(status, f.name) for f in fields(ArticleStatus) if f.name not in _NOT_RECORDED}
    data["figures"] = {name: value for name, value in asdict(status.figures).items() if value}
    data["outdated"] = [asdict(c) for c in status.outdated]
    return {name: value for name, value in data.items() if value != _DEFAULTS.get(name, ...)}


def _status_from_json(lang: str, article: str, data: dict) -> ArticleStatus:
    return ArticleStatus(**{**data, "lang": lang, "article": article, "figures": Figures(**data["figures"]),
                            "outdated": [Changed(**c) for c in data.get("outdated", [])]})


_NOT_RECORDED = {"lang", "article", "built_file", "page_url"}
_DEFAULTS = {f.name: f.default if f.default_factory is MISSING else f.default_factory()
             for f in fields(ArticleStatus) if f.default is not MISSING or f.default_factory is not MISSING}


def summarize(articles: list[ArticleStatus], gone: list[GonePage], root: Path) -> StatusReport:
    report = StatusReport(articles, gone, root=root)
    by_language: dict[str, list[Figures]] = {}
    for status in articles:
        by_language.setdefault(status.lang, []).append(status.figures)
    report.languages = {lang: Figures.total(figures) for lang, figures in by_language.items()}
    report.totals = Figures.total(list(report.languages.values()))
    return report


def _built_page(site: Site, page: dict[str, str | None] | None) -> tuple[str, str | None] | None:
    """The file and the address of a page the build record names, if the file is still there."""
    output = (page or {}).get("output")
    if not output or not os.path.isfile(os.path.join(site.root, output)):
        return None
    url = (page or {}).get("url")
    return output, (f"{site.site_url}{url}" if url and site.site_url else None)


def article_status(site: Site, slot: CatalogSlot, source: Source, built: tuple[str, str | None] | None, policy: Policy,
                   site_wide: SiteWide, recorded: list[Finding] | None = None) -> ArticleStatus:
    """The status of one article in one language, from its catalog, its source and the page the
    last build wrote for it (file and address, if it is still there): check errors as `check`
    counts them with `policy`, publication as `build` decides it, with the site-wide catalog's
    `site_wide` catalog as build splices it in; the findings are those `recorded` (what `check` found in
    these very files), when given."""
    status = ArticleStatus(slot.lang, slot.article, source.title, source.shown, slot.po_file, Figures())
    status.built_file, status.page_url = built or (None, None)
    catalog, article = slot.catalog, source.article
    if slot.error:
        status.figures, status.problem = Figures(unreadable=1), str(slot.error)
        status.not_published = "its catalog cannot be read"
        return status
    if slot.article == SITE_CATALOG:  # no article, no page: what is left to translate there
        if catalog is not None:
            findings = catalog_findings(slot, None, policy, site_wide) if recorded is None else recorded
            status.figures = catalog_figures(catalog, error_count(findings))
        status.not_published = "the site-wide values are published with each article"
        return status
    checked = None
    if catalog is not None:
        findings = catalog_findings(slot, article, policy, site_wide) if recorded is None else recorded
        checked = Checked(compared_entries(catalog.entries, article, site_wide), findings) if article is not None else None
        status.figures = catalog_figures(catalog, error_count(findings))
        status.outdated = [Changed(e.lineno, e.previous_msgid or "", e.msgid) for e in catalog.active if e.state is State.OUTDATED]
        status.source_changed = article is not None and article.counted_keys != counted_keys(catalog)
        if slot.from_template:
            status.problem = "no catalog for this language yet (counted from the template)"
    elif article is not None:
        status.figures, status.not_extracted = source_figures(article), True
        status.problem = "not extracted yet (counted from the source)"
    if article is None:
        status.figures.unreadable_sources = 1
        status.problem = str(source.error) + (" (counted from its catalog)" if catalog is not None else "")
        status.not_published = "its source cannot be read"
    else:
        translations = None if slot.from_template or catalog is None else replace(catalog, entries=catalog.entries + site_wide.entries)
        published = publication(article, translations, slot.po_file, site.config, BuildOptions(slot.lang),
                                site.policy, site.kept_untranslated.get(slot.article), checked)
        status.not_published, status.untranslated = published.refusal, published.fallback
    return status


def counted_keys(catalog: Catalog) -> set[Key]:
    return {e.key for e in catalog.active if e.msgctxt not in OPTIONAL_CONTEXTS}


# --- JSON ------------------------------------------------------------------------------------


def status_json(report: StatusReport) -> str:
    data = {
        "word_count_rule": WORD_RULE,
        "articles": [
            {
                "lang": a.lang, "article": a.article, "title": a.title, "state": a.state,
                "source_file": a.source_file, "po_file": a.po_file, "built_file": a.built_file, "page_url": a.page_url,
                **a.figures.as_dict(),
                "source_changed": a.source_changed, "would_publish": a.not_published is None, "why_not_published": a.not_published,
                "why_untranslated": a.untranslated,
                "stale": a.stale, "problem": a.problem,
                "outdated_entries": [{"line": c.line, "previous_source": c.previous, "source": c.source} for c in a.outdated],
            }
            for a in report.articles
        ],
        "gone": [{"lang": g.lang, "article": g.article, "built_file": g.output, "page_url": g.url} for g in report.gone],
        "languages": {lang: f.as_dict() for lang, f in report.languages.items()},
        "totals": report.totals.as_dict(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- Text ------------------------------------------------------------------------------------


# no character before U+0300 (ASCII, Latin-1, the Latin Extended letters) nor of the General
# Punctuation block (’, –, …; U+2000 to U+2064) is wide or combining
_ONE_CELL_EACH = re.compile("[\x00-\u02ff\u2000-\u2064]*")


@functools.lru_cache(maxsize=65536)  # a report measures each title several times as it fits them
def cells(text: str) -> int:
    """How many terminal columns `text` takes (see `char_cells`)."""
    if _ONE_CELL_EACH.fullmatch(text):  # most of a report: figures, titles in Latin script
        return len(text)
    return sum(char_cells(c) for c in text)


def char_cells(char: str) -> int:
    """Wide (East Asian) characters take two columns, combining ones none, the others one."""
    return 0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1


def clip(text: str, width: int) -> str:
    """`text` in at most `width` columns, ended with an ellipsis when it was cut."""
    if cells(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        if used + char_cells(char) > width - 1:
            break
        kept.append(char)
        used += char_cells(char)
    return "".join(kept) + "…" if width > 0 else ""


def distinct_labels(labels: list[str], width: int) -> list[str]:
    """Each label clipped to `width` columns so that different labels still read differently: a
    label that would read as another's keeps its start and shows, after an ellipsis, where it
    differs from the others; what still reads alike (repeated words in a narrow column) is
    numbered. Equal labels stay equal."""
    shown = [clip(label, width) for label in labels]
    numbers: dict[str, str] = {}  # the last resort: a number per label
    for attempt in range(3):
        groups: dict[str, list[int]] = {}
        for index, text in enumerate(shown):
            groups.setdefault(text, []).append(index)
        clashes = [g for g in groups.values() if len({labels[i] for i in g}) > 1]
        for group in clashes:
            for index in group:
                if attempt < 2:
                    at = max(_common_prefix(labels[index], labels[i]) for i in group if labels[i] != labels[index])
                    shown[index] = _clip_around(labels[index], at, width)
                elif labels[index] != labels[group[0]]:
                    mark = numbers.setdefault(labels[index], f"…{len(numbers) + 2}")
                    shown[index] = clip(labels[index], max(width - cells(mark), 1)).removesuffix("…") + mark
    return shown


def _common_prefix(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def _clip_around(label: str, at: int, width: int) -> str:
    """The start of `label`, an ellipsis, and the text around position `at`, in `width` columns."""
    head = max(1, width // 3)
    rest = width - head - 1  # the ellipsis after the start
    window = label[max(head, at - rest // 2) :]
    start = clip(label[:head], head) if cells(label[:head]) > head else label[:head]
    return start + "…" + clip(window, rest)


@dataclass(frozen=True)
class _Column:
    heading: str
    short: str  # for narrow terminals
    meaning: str  # what the short heading stands for
    value: Callable[[Figures], str]


_COLUMNS = {
    "done": _Column("Done", "Done", "reviewed units out of all units", lambda f: f"{f.percent_done:.1f}%"),
    "translated": _Column("Translated", "Tr", "units translated", lambda f: str(f.translated_units)),
    "fuzzy": _Column("Fuzzy", "Fz", "fuzzy units (drafts to review)", lambda f: str(f.fuzzy_units)),
    "outdated": _Column("Outdated", "Out", "outdated units", lambda f: str(f.outdated_units)),
    "untranslated": _Column("Untranslated", "Untr", "units untranslated", lambda f: str(f.untranslated_units)),
    "to_translate": _Column("Words to translate", "W todo", "words to translate", lambda f: str(f.words_to_translate)),
    "to_review": _Column("Words to review", "W rev", "words to review", lambda f: str(f.words_to_review)),
    "errors": _Column("Check errors", "Err", "check errors", lambda f: str(f.check_errors)),
}
STATE = "State"  # the last column: an article's state (`ArticleStatus.state`), none on totals
# left out, in this order, when the terminal is too narrow
DROP_ORDER = ["translated", "untranslated", "fuzzy", "to_review", "outdated", STATE, "to_translate", "errors"]
MIN_TITLE = 16  # columns the titles need before the figures are abbreviated or left out
GAP = "  "


@dataclass(frozen=True)
class _Row:
    label: str
    figures: Figures
    state: str = ""


@dataclass
class _Table:
    columns: list[str]
    short: bool

    def headings(self) -> list[str]:
        return [c if c == STATE else _COLUMNS[c].short if self.short else _COLUMNS[c].heading for c in self.columns]

    def values(self, row_values: dict[str, str]) -> list[str]:
        return [row_values[c] for c in self.columns]

    def widths(self, widest: dict[str, int]) -> list[int]:
        """Each column's width, from the widest value of each column (`widest_values`)."""
        return [max(cells(h), widest[c]) for c, h in zip(self.columns, self.headings())]

    def cells_needed(self, widest: dict[str, int]) -> int:
        return sum(w + len(GAP) for w in self.widths(widest))

    def line(self, label: str, values: list[str], widths: list[int], title_width: int) -> str:
        """The label, then the figures aligned right and the state left."""
        padded = [v.ljust(w) if c == STATE else v.rjust(w) for c, v, w in zip(self.columns, values, widths)]
        return _pad(label, title_width) + "".join(GAP + v for v in padded)


def _row_values(row: _Row) -> dict[str, str]:
    """A row's text in every column."""
    return {**{name: column.value(row.figures) for name, column in _COLUMNS.items()}, STATE: row.state}


def _widest_values(values: list[dict[str, str]]) -> dict[str, int]:
    """The columns the widest value of each column takes."""
    return {column: max(cells(v[column]) for v in values) for column in (*_COLUMNS, STATE)}


def _layouts() -> list[_Table]:
    """From the widest table to the narrowest."""
    every = [*_COLUMNS, STATE]
    tables = [_Table(every, False), _Table(every, True)]
    for dropped in range(1, len(DROP_ORDER) + 1):
        gone = set(DROP_ORDER[:dropped])
        tables.append(_Table([c for c in every if c not in gone], True))
    return tables


def _labels(articles: list[ArticleStatus]) -> list[str]:
    """Titles, with the path added to a title that two articles share."""
    paths: dict[str, set[str]] = {}
    for a in articles:
        paths.setdefault(a.title, set()).add(a.article)
    return [f"{a.title} ({a.article})" if len(paths[a.title]) > 1 else a.title for a in articles]


def status_text(report: StatusReport, width: int | None = None) -> str:
    """A plain-text table per language: an article per row, by title, then the language's total.
    With a `width` (the terminal's), no line is wider: headings are abbreviated, then columns left
    out (JSON has them all), and titles shortened with an ellipsis, never into another's."""
    totals = [_Row("All articles", f) for f in report.languages.values()] + [_Row("All languages", report.totals)]
    labels = _labels(report.articles)
    rows = [_Row(label, a.figures, a.state) for label, a in zip(labels, report.articles)] + totals
    longest = max(cells(row.label) for row in rows)
    values = [_row_values(row) for row in rows]
    widest = _widest_values(values)
    table = _layouts()[0]
    if width is not None:
        table = next((t for t in _layouts() if t.cells_needed(widest) + min(longest, MIN_TITLE) <= width), _layouts()[-1])
    title_width = longest if width is None else max(1, min(longest, width - table.cells_needed(widest)))
    shown = distinct_labels(labels, title_width)
    widths = table.widths(widest)

    def line(label: str, row_values: dict[str, str]) -> str:
        return table.line(clip(label, title_width), table.values(row_values), widths, title_width)

    lines: list[str] = []
    heading = table.line("Article", table.headings(), widths, title_width)
    for lang, total in report.languages.items():
        if lines:
            lines.append("")
        lines += [f"{english_name(lang)} ({lang})", heading]
        lines += [line(label, row_values) for label, row_values, a in zip(shown, values, report.articles) if a.lang == lang]
        lines.append(line("All articles", _row_values(_Row("All articles", total))))
    if len(report.languages) > 1:
        lines += ["", line("All languages", values[-1])]
    if table.short:
        lines.append("(" + "; ".join(f"{_COLUMNS[c].short}: {_COLUMNS[c].meaning}" for c in table.columns if c in _COLUMNS and c != "done") + ")")
    left_out = len(_COLUMNS) + 1 - len(table.columns)
    if left_out:
        lines.append(f"({left_out} columns left out at this width; --format json has them all)")
    lines += _text_notes(report)
    if width is not None:
        lines = [clip(part, width) for line in lines for part in (textwrap.wrap(line, width, subsequent_indent="    ", break_on_hyphens=False) or [""])]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cells(text))


def _text_notes(report: StatusReport) -> list[str]:
    lines = []
    outdated = [a for a in report.articles if a.outdated]
    if outdated:
        lines += ["", "Outdated (approved, then the source changed; `i18npub review` shows what changed):"]
        lines += [f"  {a.lang} {a.title}: {_units(len(a.outdated))} ({a.po_file}:{', '.join(str(c.line) for c in a.outdated)})" for a in outdated]
    changed = [a for a in report.articles if a.source_changed]
    if changed:
        lines += ["", "Changed (the source changed since the last extract; `i18npub extract` updates the catalogs):"]
        lines += [f"  {a.lang} {a.title} ({a.source_file})" for a in changed]
    untranslated = [a for a in report.articles if a.untranslated]
    if untranslated:
        lines += ["", "Written untranslated (their translation is not published; with jekyll-polyglot the source of a page "
                  "that names another with `{% link %}` would stop the site's build, so `build` writes it in its place):"]
        lines += [f"  {a.lang} {a.title}: {a.untranslated}" for a in untranslated]
    if report.stale or report.gone:
        lines += ["", "Stale pages (written by an earlier build, which `build` would not write now; --prune removes them):"]
        lines += [f"  {a.lang} {a.built_file} ({a.title}): {a.not_published}" for a in report.stale]
        lines += [f"  {g.lang} {g.output} ({g.article}): its source is gone" for g in report.gone]
    problems = [a for a in report.articles if a.problem]
    if problems:
        lines += ["", "Notes:"]
        lines += [f"  {a.lang} {a.title}: {a.problem}" for a in problems]
    return lines


def _units(count: int) -> str:
    return f"{count} unit{'' if count == 1 else 's'}"


# --- HTML ------------------------------------------------------------------------------------

_HTML_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; line-height: 1.4; }
h2 { margin-top: 2.2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: middle; }
th { font-size: .85em; color: #444; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 2px solid #888; }
.path { color: #666; font-size: .8em; overflow-wrap: anywhere; }
.bar { display: flex; width: 10rem; height: .9rem; background: #e5e5e5; border-radius: .2rem; overflow: hidden; }
.bar span { display: block; height: 100%; }
.translated { background: #2e8540; } .fuzzy { background: #f0ad4e; } .outdated { background: #5b7bd5; } .untranslated { background: #e5e5e5; }
.legend span { display: inline-block; width: .9rem; height: .9rem; vertical-align: middle; margin: 0 .3rem 0 1rem; }
.legend span:first-child { margin-left: 0; }
.problem { color: #a00; font-size: .9em; } .errors { color: #a00; font-weight: bold; }
del { background: #fbe3e4; color: #8a1f11; } ins { background: #e6f4ea; color: #1e5e2f; text-decoration: none; }
del + ins { margin-left: .25em; }
th:first-child { width: 28%; }
.change { margin: .4rem 0 .8rem; white-space: pre-wrap; }
.state { font-size: .85em; padding: .1rem .4rem; border-radius: .2rem; background: #eee; white-space: nowrap; }
.state.stale, .state.unreadable, .state.changed { background: #fbe3e4; } .state.outdated { background: #dfe6fa; }
.state.published, .state.ready { background: #e6f4ea; }
footer { margin-top: 2.5rem; color: #555; font-size: .9em; }
"""


def _bar(f: Figures) -> str:
    total = f.total_units or 1
    parts = "".join(
        f'<span class="{cls}" style="width:{100 * n / total:.2f}%"></span>'
        for cls, n in (("translated", f.translated_units), ("outdated", f.outdated_units), ("fuzzy", f.fuzzy_units))
        if n
    )
    label = (
        f"{f.translated_units} translated, {f.outdated_units} outdated, {f.fuzzy_units} fuzzy, "
        f"{f.untranslated_units} untranslated out of {f.total_units} units"
    )
    return f'<div class="bar" role="img" aria-label="{html.escape(label)}" title="{html.escape(label)}">{parts}</div>'


def _href(path: Path, base: Path) -> str:
    return quote(Path(os.path.relpath(path, base)).as_posix())


def _figures_cells(f: Figures) -> str:
    errors = f'<span class="errors">{f.check_errors}</span>' if f.check_errors else "0"
    return (
        f"<td>{_bar(f)}</td><td class=n>{f.percent_done:.1f}%</td>"
        f"<td class=n>{f.translated_units}</td><td class=n>{f.fuzzy_units}</td><td class=n>{f.outdated_units}</td>"
        f"<td class=n>{f.untranslated_units}</td><td class=n>{f.words_to_translate}</td>"
        f"<td class=n>{f.words_to_review}</td><td class=n>{errors}</td>"
    )


_STATE_MEANINGS = {
    "unreadable": "its source or its catalog cannot be read",
    "not extracted": "no catalog yet: `i18npub extract` makes one",
    "changed": "the source changed since the last extract: `i18npub extract` updates the catalog",
    "stale": "the built page is there, but `build` would not write it now",
    "outdated": "approved translations whose source changed since: to review again",
    "untranslated": "`build` writes its source in its place (its translation is not published): with jekyll-polyglot, "
                    "the source of a page that names another with `{% link %}` would stop the site's build",
    "published": "the built page is there, and `build` would publish the article again",
    "ready": "`build` would publish it: not built yet",
}


def _article_row(a: ArticleStatus, report: StatusReport, base: Path) -> str:
    e = html.escape
    links = [f'source: <a href="{e(_href(report.root / a.source_file, base))}">{e(a.source_file)}</a>']
    if a.built_file:
        page = a.page_url or _href(report.root / a.built_file, base)
        links.append(f'built page: <a href="{e(page)}">{e(a.page_url or a.built_file)}</a>')
    state = f'<span class="state {a.state.replace(" ", "-")}" title="{e(_STATE_MEANINGS[a.state])}">{e(a.state)}</span>' if a.state else ""
    notes = [n for n in (a.problem, a.not_published and f"not published: {a.not_published}",
                         a.untranslated and f"translation not published: {a.untranslated}") if n]
    note = "".join(f'<div class="problem">{e(n)}</div>' for n in notes)
    return (
        f'<tr><td>{e(a.title)}<div class="path">{"<br>".join(links)}</div>{note}</td>{_figures_cells(a.figures)}'
        f"<td>{state}</td></tr>"
    )


def _diff_html(previous: str, source: str) -> str:
    tags = {Op.SAME: ("", ""), Op.REMOVED: ("<del>", "</del>"), Op.ADDED: ("<ins>", "</ins>")}
    return "".join(tags[p.op][0] + html.escape(p.text) + tags[p.op][1] for p in word_diff(previous, source))


_HEADINGS = (
    "Article", "Progress", "Done", "Translated", "Fuzzy", "Outdated", "Untranslated",
    "Words to translate", "Words to review", "Check errors", "State",
)


def status_html(report: StatusReport, title: str = "Translation status", base: Path | None = None) -> str:
    """A self-contained page (inline CSS, no script, nothing loaded): per language, a row per
    article with a progress bar, links to its source file (relative to `base`, the folder the page
    is written to) and to its built page; then what changed under outdated translations, and the
    stale outputs."""
    e = html.escape
    base = base or report.root
    head = "".join(f'<th{"" if h in ("Article", "Progress", "State") else " class=n"}>{h}</th>' for h in _HEADINGS)
    sections = []
    for lang, figures in report.languages.items():
        rows = [_article_row(a, report, base) for a in report.articles if a.lang == lang]
        rows.append(f"<tr class=total><td>All articles</td>{_figures_cells(figures)}<td></td></tr>")
        sections.append(
            f"<h2>{e(english_name(lang))} ({e(lang)})</h2>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>"
        )
    outdated = [a for a in report.articles if a.outdated]
    if outdated:
        items = []
        for a in outdated:
            changes = "".join(
                f'<li><span class="path">{e(a.po_file)}:{c.line}</span><div class="change">{_diff_html(c.previous, c.source)}</div></li>'
                for c in a.outdated
            )
            items.append(f"<h3>{e(a.title)} ({e(a.lang)}): {_units(len(a.outdated))}</h3>\n<ul>{changes}</ul>")
        sections.append(
            "<h2>Outdated translations</h2>\n<p>Approved, then the source changed: what changed in the source "
            "(<del>removed</del>, <ins>added</ins>), to review with <code>i18npub review</code>.</p>\n" + "\n".join(items)
        )
    stale = [(a.lang, a.title, a.built_file, a.page_url, a.not_published) for a in report.stale]
    stale += [(g.lang, g.article, g.output, g.url, "its source is gone") for g in report.gone]
    if stale:
        rows = [
            f"<tr><td>{e(lang)}</td><td>{e(title)}</td><td>"
            f'<a href="{e(url or _href(report.root / str(output), base))}">{e(str(output))}</a></td><td>{e(str(why))}</td></tr>'
            for lang, title, output, url, why in stale
        ]
        sections.append(
            "<h2>Stale pages</h2>\n<p>Written by an earlier build, which <code>build</code> would not write now "
            "(<code>build --prune</code> removes them).</p>\n<table>\n<thead><tr><th>Language</th><th>Article</th>"
            "<th>Page</th><th>Why</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
        )
    t = report.totals
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>{_HTML_STYLE}</style>
</head>
<body>
<h1>{e(title)}</h1>
<p>{t.translated_units} of {t.total_units} units translated ({t.percent_done:.1f}%);
{t.words_to_translate} words left to translate and {t.words_to_review} to review; {t.check_errors} check error(s).</p>
<p class="legend"><span class="translated"></span>translated<span class="outdated"></span>outdated (to review again)<span class="fuzzy"></span>fuzzy (drafts to review)<span class="untranslated"></span>untranslated</p>
{chr(10).join(sections)}
<footer>
<p>States: {"; ".join(f"<b>{e(state)}</b>: {e(meaning)}" for state, meaning in _STATE_MEANINGS.items())}.</p>
<p>How words are counted: {e(WORD_RULE)}</p>
</footer>
</body>
</html>
"""
