"""Whole-site operations: extract every article into catalogs, build every localized article.
They return reports (data); the CLI renders them. One bad article never stops the others."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.plurals import get_plural

from . import __version__
from .catalog import Catalog, Entry
from .checks import Severity, check_catalog
from .config import Config, web_code
from .document import Article, decode, parse, render
from .errors import CatalogError, I18nError
from .fsutil import BackgroundWriter, read_bytes
from .merge import merge
from .pofile import parse_catalog, read_catalog_text, render_entries, render_header

DATE_FORMAT = "%Y-%m-%d %H:%M%z"


@dataclass
class ExtractReport:
    articles: int = 0
    units: int = 0
    templates_written: int = 0
    catalogs_written: int = 0
    errors: list[I18nError] = field(default_factory=list)


@dataclass
class ArticleOutcome:
    article: str
    status: str  # "written", "unchanged", "skipped", "failed", "stale", "pruned"
    reason: str = ""
    translated: float = 100.0  # percentage of units with a usable translation


@dataclass
class BuildReport:
    lang: str
    outcomes: list[ArticleOutcome] = field(default_factory=list)
    errors: list[I18nError] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def site_path(config: Config, path: Path) -> str:
    """A path as shown to people and in `#:` locations: relative to the site root."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def internal_error(config: Config, article: str, exc: Exception) -> I18nError:
    """An unexpected failure on one article, reported like bad input so the others go on."""
    return I18nError(f"internal error ({type(exc).__name__}: {exc}); please report it", site_path(config, config.source_root / article))


def load_article(config: Config, article: str) -> Article:
    path = config.source_root / article
    shown = site_path(config, path)
    try:
        data = read_bytes(path)
    except OSError as exc:
        raise I18nError(f"cannot read: {exc.strerror}", shown) from None
    return parse(decode(data, shown), shown, config.prose_keys, config.markdown_keys)


def template_entries(article: Article) -> list[Entry]:
    """One entry per distinct (msgctxt, msgid), in document order, with every location."""
    entries: dict[tuple[str | None, str], Entry] = {}
    for placed in article.units:
        unit = placed.unit
        entry = entries.get(placed.key)
        if entry is None:
            entries[placed.key] = Entry(
                msgid=unit.msgid,
                msgctxt=placed.key[0],
                locations=[(article.path, unit.line)],
                comments=[unit.kind],
            )
        else:
            entry.locations.append((article.path, unit.line))
            if unit.kind not in entry.comments:
                entry.comments.append(unit.kind)
    return list(entries.values())


def _template_header(config: Config, created: str) -> dict[str, str]:
    return {
        "Project-Id-Version": config.project_name,
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
    header["Language-Team"], header["Plural-Forms"] = _language_fields(lang)
    for owned in ("PO-Revision-Date", "Last-Translator", "Language-Team", "Plural-Forms"):
        if old.get(owned):
            header[owned] = old[owned]
    return header


@functools.cache  # Babel's locale lookups cost more than the rest of a catalog's header
def _language_fields(lang: str) -> tuple[str, str]:
    """A new catalog's Language-Team and Plural-Forms."""
    return f"{Locale.parse(lang).english_name} <LL@li.org>", get_plural(lang).plural_forms


def _written(config: Config, writer: BackgroundWriter, paths: list[Path], errors: list[I18nError]) -> list[bool | I18nError]:
    """Once the writer is done: whether each file changed, or the error, naming the file, when
    writing failed (also added to `errors`)."""
    results: list[bool | I18nError] = []
    for path in paths:
        changed = writer.changed[path]
        if isinstance(changed, OSError):
            errors.append(I18nError(f"cannot write: {changed.strerror or changed}", site_path(config, path)))
            results.append(errors[-1])
        else:
            results.append(changed)
    return results


def extract_article(
    config: Config,
    article: str,
    report: ExtractReport,
    now: str,
    writer: BackgroundWriter,
    templates: list[Path],
    catalogs: list[Path],
) -> None:
    source = load_article(config, article)
    entries = template_entries(source)
    report.units += len(entries)
    template_path = config.template_path(article)
    shown = site_path(config, template_path)
    existing = read_catalog_text(template_path, shown)
    created = now
    if existing is not None:
        try:
            created = parse_catalog(existing, shown).header.get("POT-Creation-Date", now)
        except CatalogError:
            pass  # a broken template is ours to regenerate
    template = Catalog(header=_template_header(config, created), entries=entries, header_comment=_header_comment(config, article))
    entries_text = render_entries(entries)
    text = render_header(template) + entries_text
    if text != existing and created != now:  # content changed: date it now
        template.header["POT-Creation-Date"] = now
        text = render_header(template) + entries_text
    writer.write_unless_same(template_path, text, existing)
    templates.append(template_path)
    for lang in config.languages:
        try:
            path, text, existing = _updated_catalog(config, article, lang, template, entries_text)
        except I18nError as exc:
            report.errors.append(exc)
        else:
            writer.write_unless_same(path, text, existing)
            catalogs.append(path)


def _header_comment(config: Config, article: str) -> str:
    return f"Translations of {site_path(config, config.source_root / article)}\nGenerated by i18npub; edit msgstr lines only."


def _updated_catalog(
    config: Config, article: str, lang: str, template: Catalog, template_text: str
) -> tuple[Path, str, str | None]:
    """The catalog's path, its new text (the template merged into the existing catalog) and its
    text as it was (None: no catalog yet). `template_text` is the template's rendered entries,
    which a catalog with no translation yet repeats."""
    path = config.catalog_path(lang, article)
    shown = site_path(config, path)
    existing = read_catalog_text(path, shown)
    if existing is None:  # nothing to merge: the template's entries as they are
        catalog = Catalog(_catalog_header(template.header, {}, lang), template.entries, template.header_comment)
        return path, render_header(catalog) + template_text, None
    old = parse_catalog(existing, shown)
    catalog = merge(old, template.entries, _catalog_header(template.header, old.header, lang))
    entries = template_text if catalog.entries == template.entries else render_entries(catalog.entries)
    return path, render_header(catalog) + entries, existing


def extract_site(config: Config, articles: list[str] | None = None) -> ExtractReport:
    report = ExtractReport()
    now = dt.datetime.now(dt.timezone.utc).astimezone().strftime(DATE_FORMAT)
    templates: list[Path] = []
    catalogs: list[Path] = []
    with BackgroundWriter() as writer:
        for article in articles if articles is not None else config.articles():
            report.articles += 1
            try:
                extract_article(config, article, report, now, writer, templates, catalogs)
            except I18nError as exc:
                report.errors.append(exc)
            except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the site
                report.errors.append(internal_error(config, article, exc))
    report.templates_written = sum(r is True for r in _written(config, writer, templates, report.errors))
    report.catalogs_written = sum(r is True for r in _written(config, writer, catalogs, report.errors))
    return report


def article_translations(catalog: Catalog | None, include_fuzzy: bool) -> dict[tuple[str | None, str], str]:
    return catalog.translations(include_fuzzy) if catalog is not None else {}


def _publishing_errors(config: Config, catalog: Catalog, shown: str, include_fuzzy: bool) -> int:
    """Check errors in the entries this build would publish (`shown`: the catalog's site path)."""
    published = Catalog(entries=[e for e in catalog.entries if e.translated or (include_fuzzy and e.fuzzy and e.msgstr)])
    findings = check_catalog(published, shown, config.allowed_domains, errors_only=True)
    return sum(1 for f in findings if f.severity is Severity.ERROR)


def build_article(
    config: Config,
    article: str,
    lang: str,
    include_fuzzy: bool,
    min_translated: float,
    force: bool,
    writer: BackgroundWriter,
    writes: list[tuple[ArticleOutcome, Path]],
) -> ArticleOutcome:
    """The article's outcome; a "written" one is final only once its write is done (`writes`)."""
    source = load_article(config, article)
    catalog_path = config.catalog_path(lang, article)
    shown = site_path(config, catalog_path)
    text = read_catalog_text(catalog_path, shown)
    catalog = parse_catalog(text, shown) if text is not None else None
    translations = article_translations(catalog, include_fuzzy)
    keys = {p.key for p in source.units}
    done = sum(1 for k in keys if k in translations)
    percent = 100.0 * done / len(keys) if keys else 100.0
    if percent < min_translated:
        return ArticleOutcome(article, "skipped", f"{percent:.0f} % translated, below {min_translated:g} %", percent)
    errors = _publishing_errors(config, catalog, shown, include_fuzzy) if catalog and not force else 0
    if errors:
        return ArticleOutcome(article, "skipped", f"{errors} check errors (see `i18npub check`; --force publishes)", percent)
    added = {config.lang_key: web_code(lang), config.translation_key: _translation_ref(article)}
    output = config.output_root(lang) / article
    outcome = ArticleOutcome(article, "written", "", percent)
    writer.write_if_changed(output, render(source, translations, added))
    writes.append((outcome, output))
    return outcome


def _translation_ref(article: str) -> str:
    """The value shared by every language version of an article: its source path, no extension."""
    return article.rsplit(".", 1)[0] if "." in article.rsplit("/", 1)[-1] else article


def build_site(
    config: Config,
    lang: str,
    include_fuzzy: bool = False,
    min_translated: float | None = None,
    articles: list[str] | None = None,
    force: bool = False,
    prune: bool = False,
) -> BuildReport:
    """Build every article (or those named). An earlier output that no longer qualifies, or
    whose source is gone, is reported as stale, and removed with `prune`."""
    report = BuildReport(lang)
    threshold = config.min_translated if min_translated is None else min_translated
    sources = config.articles()
    writes: list[tuple[ArticleOutcome, Path]] = []
    with BackgroundWriter() as writer:
        for article in articles if articles is not None else sources:
            try:
                report.outcomes.append(build_article(config, article, lang, include_fuzzy, threshold, force, writer, writes))
            except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the site
                error = exc if isinstance(exc, I18nError) else internal_error(config, article, exc)
                report.errors.append(error)
                report.outcomes.append(ArticleOutcome(article, "failed", str(error), 0.0))
    for (outcome, _), written in zip(writes, _written(config, writer, [path for _, path in writes], report.errors)):
        if isinstance(written, I18nError):
            outcome.status, outcome.reason = "failed", str(written)
        elif not written:
            outcome.status = "unchanged"
    output_root = config.output_root(lang)
    stale = [o for o in report.outcomes if o.status in ("skipped", "failed") and (output_root / o.article).exists()]
    if articles is None:
        stale += [ArticleOutcome(a, "skipped", "its source is gone") for a in _orphans(config, lang, set(sources))]
    for outcome in stale:
        if prune:
            (output_root / outcome.article).unlink()
        report.outcomes.append(ArticleOutcome(outcome.article, "pruned" if prune else "stale", outcome.reason))
    return report


def _orphans(config: Config, lang: str, sources: set[str]) -> list[str]:
    """Built articles whose source was removed: ours when a catalog for them remains."""
    root = config.output_root(lang)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        article = path.relative_to(root).as_posix()
        if path.suffix in (".md", ".markdown") and article not in sources and config.catalog_path(lang, article).exists():
            found.append(article)
    return found
