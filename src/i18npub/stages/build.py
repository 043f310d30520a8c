"""`build`: every article translated enough into its localized version, by splicing the usable
translations into the source text. Outputs that no longer qualify are reported (and pruned)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.article import render
from ..core.catalog import Catalog, translated_share
from ..core.checks import Severity, check_catalog
from ..core.languages import web_code
from ..core.pofile import parse_catalog
from ..errors import I18nError, OutputError
from ..site.catalogs import read_catalog_text
from ..site.files import BackgroundWriter
from ..site.layout import Site
from .report import ArticleResult, Outcome, SiteReport


@dataclass
class BuildOptions:
    lang: str
    include_fuzzy: bool = False
    min_translated: float | None = None  # None: the configuration's
    force: bool = False  # publish despite check errors
    prune: bool = False  # remove stale outputs


@dataclass
class BuildReport(SiteReport):
    lang: str = ""


def _publishing_errors(site: Site, catalog: Catalog, shown: str, include_fuzzy: bool) -> int:
    """Check errors in the entries this build would publish (`shown`: the catalog's site path)."""
    published = Catalog(entries=[e for e in catalog.entries if e.state.usable(include_fuzzy)])
    findings = check_catalog(published, shown, site.config.build.allowed_domains, errors_only=True)
    return sum(1 for f in findings if f.severity is Severity.ERROR)


def _translation_ref(article: str) -> str:
    """The value shared by every language version of an article: its source path, no extension."""
    return article.rsplit(".", 1)[0] if "." in article.rsplit("/", 1)[-1] else article


class _Build:
    def __init__(self, site: Site, options: BuildOptions, writer: BackgroundWriter):
        self.site = site
        self.options = options
        self.writer = writer
        self.threshold = site.config.build.min_translated if options.min_translated is None else options.min_translated
        self.writes: list[ArticleResult] = []  # "written" results, final once the writer is done

    def article(self, article: str) -> ArticleResult:
        site, options = self.site, self.options
        source = site.load_article(article)
        catalog_path = site.catalog_path(options.lang, article)
        shown = site.shown(catalog_path)
        text = read_catalog_text(catalog_path, shown)
        catalog = parse_catalog(text, shown) if text is not None else None
        translations = catalog.translations(options.include_fuzzy) if catalog is not None else {}
        keys = [p.key for p in source.units]
        percent = translated_share(keys, translations)
        result = ArticleResult(article, Outcome.WRITTEN, units=len(set(keys)), translated=percent)
        if percent < self.threshold:
            result.outcome, result.reason = Outcome.SKIPPED, f"{percent:.0f} % translated, below {self.threshold:g} %"
            return result
        errors = _publishing_errors(site, catalog, shown, options.include_fuzzy) if catalog and not options.force else 0
        if errors:
            result.outcome, result.reason = Outcome.SKIPPED, f"{errors} check errors (see `i18npub check`; --force publishes)"
            return result
        fm = site.config.front_matter
        added = {fm.lang_key: web_code(options.lang), fm.translation_key: _translation_ref(article)}
        output = site.output_path(options.lang, article)
        site.check_folder(output.parent)
        self.writer.write_if_changed(output, render(source, translations, added))
        self.writes.append(result)
        return result

    def settle(self, report: BuildReport) -> None:
        for result in self.writes:
            path = self.site.output_path(self.options.lang, result.article)
            changed = self.writer.changed[path]
            if isinstance(changed, OSError):
                error = OutputError(f"cannot write: {changed.strerror or changed}", self.site.shown(path))
                report.errors.append(error)
                result.outcome, result.reason, result.error = Outcome.FAILED, str(error), error
            elif not changed:
                result.outcome = Outcome.UNCHANGED


def build_site(site: Site, options: BuildOptions, articles: list[str] | None = None) -> BuildReport:
    """Build every article (or those named). An earlier output that no longer qualifies, or
    whose source is gone, is reported as stale, and removed with `prune`."""
    report = BuildReport(lang=options.lang)
    site.check_folder(site.config.output_root(options.lang))  # a wrong output_dir stops it at once
    sources = site.articles()
    with BackgroundWriter() as writer:
        run = _Build(site, options, writer)
        for article in site.resolve(articles):
            try:
                report.results.append(run.article(article))
            except I18nError as exc:
                report.fail(article, exc)
            except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the site
                report.fail(article, site.internal_error(article, exc))
    run.settle(report)
    stale = [
        (r.article, r.reason)
        for r in report.results
        if r.outcome in (Outcome.SKIPPED, Outcome.FAILED) and site.output_path(options.lang, r.article).exists()
    ]
    if not articles:
        stale += [(a, "its source is gone") for a in _orphans(site, options.lang, set(sources))]
    for article, reason in stale:
        if options.prune:
            try:
                _remove(site, site.output_path(options.lang, article))
            except OutputError as exc:
                report.fail(article, exc)
                continue
        report.results.append(ArticleResult(article, Outcome.PRUNED if options.prune else Outcome.STALE, reason))
    return report


def _remove(site: Site, output: Path) -> None:
    site.check_folder(output.parent)
    try:
        output.unlink()
    except OSError as exc:
        raise OutputError(f"cannot remove: {exc.strerror}", site.shown(output)) from None


def _orphans(site: Site, lang: str, sources: set[str]) -> list[str]:
    """Built articles whose source was removed: ours when a catalog for them remains."""
    root = site.config.output_root(lang)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        article = path.relative_to(root).as_posix()
        if path.suffix in (".md", ".markdown") and article not in sources and site.catalog_path(lang, article).exists():
            found.append(article)
    return found
