"""`build`: every article translated enough into its localized version, by splicing the usable
translations into the source text, where the site's generator publishes it.

Two passes. The first decides, for every article, whether it is published (translated enough,
no check error, nothing unsafe) and where: its file and its URL, from the generator's rules and
the translated slug. The second writes the published ones, with their internal links pointed at
the translations the first pass found and their headings keeping their source ids. What earlier
builds wrote and this one no longer does is reported as stale (and removed with `prune`): the
record of each build's pages (`.i18npub-cache/pages-<lang>.json`) says what they were, and lets
`audit` pair the built pages.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..core.article import Article, Finish, article_findings, render
from ..core.catalog import SLUG_CONTEXT, Catalog, Entry, Key, translated_share
from ..core.checks import Policy
from ..core.languages import web_code
from ..core.links import Targets, localize_links
from ..core.permalinks import page_key
from ..core.pofile import parse_catalog
from ..errors import I18nError, OutputError
from ..site.catalogs import read_catalog_text
from ..site.config import ARTICLE_SUFFIXES, Config
from ..site.files import BackgroundWriter, write_atomic
from ..site.layout import Site
from .report import ArticleResult, Outcome, SiteReport

RECORD_DIR = ".i18npub-cache"


@dataclass
class BuildOptions:
    lang: str
    include_fuzzy: bool = False  # drafts too: a preview, written to the preview folder
    min_translated: float | None = None  # None: the configuration's
    force: bool = False  # publish despite check errors (never despite unsafe ones)
    prune: bool = False  # remove stale outputs


@dataclass
class BuildReport(SiteReport):
    lang: str = ""
    links_localized: int = 0  # internal links pointed at a translation
    links_untranslated: int = 0  # internal links to pages without one, left to the source page


@dataclass
class _Plan:
    """An article this build publishes: where, and with what."""

    result: ArticleResult
    output: Path
    url: str | None
    slug: str | None
    added: dict[str, str] = field(default_factory=dict)


def publishing_problems(source: Article, entries: list[Entry], shown: str, force: bool, policy: Policy) -> str | None:
    """Why an article may not be published with these entries, or None. Safety findings (see
    `core.checks`) keep it out whatever the options; other check errors unless `force`."""
    findings = article_findings(source, entries, shown, policy, errors_only=True)
    unsafe = [f for f in findings if f.safety]
    if unsafe:
        return f"{len(unsafe)} unsafe translation(s) ({', '.join(sorted({f.code for f in unsafe}))}; see `i18npub check`): never published"
    if findings and not force:
        return f"{len(findings)} check errors (see `i18npub check`; --force publishes)"
    return None


def usable_translations(source: Article, catalog: Catalog | None, include_fuzzy: bool, outdated: str) -> tuple[dict[Key, str], list[Entry]]:
    """What this build splices in, and the entries it comes from (the ones to check). An outdated
    unit (approved, then its source changed) keeps its last approved text, shows its source
    text again, or is not usable, as the site's `outdated` setting says."""
    if catalog is None:
        return {}, []
    keys = {p.key for p in source.units} | ({source.slug_key} if source.slug_key else set())
    used = [e for e in catalog.entries if e.key in keys and e.state.usable(include_fuzzy, keep_outdated=outdated == "keep")]
    translations = {e.key: e.msgstr for e in used}
    if outdated == "source" and not include_fuzzy:
        translations |= {e.key: e.msgid for e in catalog.entries if e.key in keys and e.state.name == "OUTDATED"}
    return translations, used


@dataclass
class Publication:
    """What `build` does with an article: the translations it splices in, the share of its units
    translated, and why it is not published (None: it is)."""

    translations: dict[Key, str]
    share: float
    refusal: str | None


def publication(source: Article, catalog: Catalog | None, shown: str, config: Config, options: BuildOptions) -> Publication:
    """The one decision of "published or not": translated enough (`min_translated`), then no
    check error that keeps it out; `build` takes it and `status` reports it."""
    translations, used = usable_translations(source, catalog, options.include_fuzzy, config.build.outdated)
    share = translated_share(source.counted_keys, translations)
    threshold = config.build.min_translated if options.min_translated is None else options.min_translated
    if share < threshold:
        return Publication(translations, share, f"{share:.0f} % translated, below {threshold:g} %")
    return Publication(translations, share, publishing_problems(source, used, shown, options.force, config.policy))


class _Build:
    def __init__(self, site: Site, options: BuildOptions):
        self.site = site
        self.options = options
        self.config = site.config
        self.plans: dict[str, _Plan] = {}
        self.pages: dict[str, str] = {}  # page key of a source page → its translation's URL ("" if none)
        self.documents: dict[str, str] = {}  # source file (site-relative) → its translation's file
        self.sources = set(site.articles())
        self.translated: set[str] = set()  # the articles with a translation: this build's and earlier ones'

    # --- pass 1: what is published, where ---------------------------------------------------

    def plan(self, article: str, writer: BackgroundWriter, report: BuildReport) -> ArticleResult:
        """Decide whether and where the article is published; without internal links to point
        at the other pages' translations (the plain generator knows no URLs), write it at once."""
        site, options = self.site, self.options
        source = site.load_article(article)
        catalog = self.catalog(article)
        shown = site.shown(site.catalog_path(options.lang, article))
        decided = publication(source, catalog, shown, self.config, options)
        translations = decided.translations
        result = ArticleResult(article, Outcome.WRITTEN, units=len(source.counted_keys), translated=decided.share)
        data = site.page_data(source)
        source_url = site.url(article, self.config.source_lang, data)
        if source_url is not None:
            key = page_key(source_url)
            if key is not None:
                self.pages.setdefault(key, "")
        if decided.refusal:
            result.outcome, result.reason = Outcome.SKIPPED, decided.refusal
            return result
        slug = translations.get(source.slug_key) if source.slug_key else None
        if slug == source.slug:
            slug = None
        url = site.url(article, options.lang, data, slug)
        added = {}
        if site.lang_key:
            added[site.lang_key] = web_code(options.lang)
        translation_key = self.config.front_matter.translation_key
        if translation_key and not (source.document and translation_key in source.document.keys):
            added[translation_key] = _translation_ref(article)  # a source's own value pairs the versions already
        added |= site.generator.front_matter(article, options.lang, data, slug if site.generator.slugs else None)
        output = site.output_path(options.lang, article, slug, preview=options.include_fuzzy)
        plan = self.plans[article] = _Plan(result, output, url, slug, added)
        self.translated.add(article)
        if source_url is not None and url is not None and (key := page_key(source_url)) is not None:
            self.pages[key] = url
        self.documents[site.shown(site.source_path(article))] = site.shown(site.output_path(options.lang, article, slug))
        if not self.links:
            self.render(source, translations, plan, writer, report)
        return result

    def catalog(self, article: str) -> Catalog | None:
        path = self.site.catalog_path(self.options.lang, article)
        shown = self.site.shown(path)
        text = read_catalog_text(path, shown)
        return parse_catalog(text, shown) if text is not None else None

    # --- pass 2: the pages written -----------------------------------------------------------

    @property
    def links(self) -> bool:
        """Whether pages' internal links are pointed at the translations (the generator knows
        its pages' URLs), which needs every article's plan before any is written."""
        return self.site.generator.heading_style is not None

    def write(self, article: str, plan: _Plan, writer: BackgroundWriter, report: BuildReport) -> None:
        """The second pass: the article read again, and written with its links localized."""
        source = self.site.load_article(article)
        translations, _ = usable_translations(source, self.catalog(article), self.options.include_fuzzy, self.config.build.outdated)
        self.render(source, translations, plan, writer, report)

    def render(self, source: Article, translations: dict[Key, str], plan: _Plan, writer: BackgroundWriter, report: BuildReport) -> None:
        site = self.site
        finish = Finish(heading_style=site.generator.heading_style if self.config.build.heading_ids else None)
        if self.links:
            article = plan.result.article
            page_url = site.url(article, self.config.source_lang, site.page_data(source)) or "/"
            finish.rewrite_links = lambda text: self.localized(text, article, page_url, plan.url or page_url, report)
        site.check_writable(plan.output)
        writer.write_if_changed(plan.output, render(source, translations, plan.added, finish))

    def localized(self, text: str, article: str, page_url: str, translation_url: str, report: BuildReport) -> str:
        found = localize_links(text, Targets(
            page=lambda url: self.resolve(url, page_url),
            document=self.resolve_document,
            rebase=lambda url: rebased(url, page_url, translation_url),
            reference=lambda path: self.resolve_reference(path, article),
        ))
        report.links_localized += found.localized
        report.links_untranslated += len(found.untranslated)
        return found.text

    def resolve(self, url: str, page_url: str) -> str | None:
        """The URL of the translation of the page a link leads to: None when it is not a page of
        the site, "" when that page has no translation; fragment and query kept, and an
        absolute link stays absolute."""
        site_url = self.site.site_url
        parts = urlsplit(url.strip())
        if not parts.path and not parts.netloc:
            return None  # `#fragment`, `?query`: this very page
        base = site_url or "http://site.invalid"
        absolute = urljoin(base + page_url, url.strip())
        key = page_key(absolute, base)
        if key is None or key not in self.pages:
            return None
        target = self.pages[key]
        if not target:
            return ""
        if parts.scheme or parts.netloc:
            origin = urlsplit(site_url)
            target = f"{origin.scheme}://{origin.netloc}{target}"
        return target + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")

    def resolve_document(self, path: str) -> str | None:
        """`{% link _actualites/x.md %}`: the translation's file, when there is one."""
        return self.documents.get(path.strip("/"))

    def resolve_reference(self, ref: str, article: str) -> str | None:
        """Hugo's `ref "path"` in `article`: the source language when the path names an article
        that has no translation in this language (Hugo would find no page and stop), else None."""
        path = ref.partition("#")[0].strip()
        if not path:
            return None
        folder = article.rpartition("/")[0]
        for base in [path.lstrip("/")] if path.startswith("/") else [posixpath.join(folder, path), path]:
            base = posixpath.normpath(base)
            for name in (base, *(base + suffix for suffix in ARTICLE_SUFFIXES), f"{base}/index.md", f"{base}/_index.md"):
                if name in self.sources:
                    return None if name in self.translated else web_code(self.config.source_lang).lower()
        return None

    def settle(self, writer: BackgroundWriter, report: BuildReport) -> None:
        for plan in self.plans.values():
            changed = writer.changed.get(plan.output)
            if isinstance(changed, OSError):
                error = OutputError(f"cannot write: {changed.strerror or changed}", self.site.shown(plan.output))
                report.errors.append(error)
                plan.result.outcome, plan.result.reason, plan.result.error = Outcome.FAILED, str(error), error
            elif changed is False:
                plan.result.outcome = Outcome.UNCHANGED


def rebased(url: str, page_url: str, translation_url: str) -> str | None:
    """A relative URL of the source page (`../img/x.png`) as a root-relative one, when the
    translation is served from another folder and the same relative URL would lead elsewhere."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/") or "{{" in url or "{%" in url:
        return None  # absolute, root-relative, this very page, or the generator's to resolve
    if page_url[: page_url.rfind("/") + 1] == translation_url[: translation_url.rfind("/") + 1]:
        return None
    target = urlsplit(urljoin("http://site.invalid" + page_url, url.strip()))
    return target.path + (f"?{target.query}" if target.query else "") + (f"#{target.fragment}" if target.fragment else "")


def _translation_ref(article: str) -> str:
    """The value shared by every language version of an article: its source path, no extension."""
    return article.rsplit(".", 1)[0] if "." in article.rsplit("/", 1)[-1] else article


def record_path(site: Site, lang: str, preview: bool = False) -> Path:
    return site.root / RECORD_DIR / f"{'preview-' if preview else ''}pages-{lang}.json"


def read_record(site: Site, lang: str, preview: bool = False) -> dict[str, dict[str, str | None]]:
    """The pages an earlier build wrote: article → {output, url, source_url}."""
    try:
        data = json.loads(record_path(site, lang, preview).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    pages = data.get("pages") if isinstance(data, dict) else None
    return pages if isinstance(pages, dict) else {}


def build_site(site: Site, options: BuildOptions, articles: list[str] | None = None) -> BuildReport:
    """Build every article (or those named). An earlier output that no longer qualifies, or
    whose source is gone, is reported as stale, and removed with `prune`."""
    report = BuildReport(lang=options.lang)
    run = _Build(site, options)
    chosen = site.resolve(articles)
    earlier = read_record(site, options.lang, options.include_fuzzy)
    for article, page in earlier.items():  # pages this build does not rebuild stay linkable
        if article not in chosen and page.get("source_url") and page.get("url") and (key := page_key(str(page["source_url"]))):
            run.pages[key] = str(page["url"])
        if article not in chosen:
            run.translated.add(article)
    with BackgroundWriter() as writer:
        for article in chosen:
            try:
                report.results.append(run.plan(article, writer, report))
            except I18nError as exc:
                run.plans.pop(article, None)
                report.fail(article, exc)
            except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the site
                run.plans.pop(article, None)
                report.fail(article, site.internal_error(article, exc))
        for article, plan in run.plans.items() if run.links else ():
            try:
                run.write(article, plan, writer, report)
            except I18nError as exc:
                plan.result.outcome, plan.result.reason, plan.result.error = Outcome.FAILED, str(exc), exc
                report.errors.append(exc)
    run.settle(writer, report)
    _stale(site, options, run, earlier, set(chosen), articles is None, report)
    _save_record(site, options, run, earlier)
    return report


def _stale(site: Site, options: BuildOptions, run: _Build, earlier: dict[str, dict[str, str | None]], chosen: set[str], whole_site: bool, report: BuildReport) -> None:
    """Outputs of earlier builds that this one did not write again: their article is no longer
    published (or its file moved, a new slug) or is gone."""
    sources = set(site.articles())
    written = {str(plan.output) for plan in run.plans.values()}
    for article, page in sorted(earlier.items()):
        if article not in chosen and not (whole_site and article not in sources):
            continue
        output = site.root / str(page.get("output") or "")
        if not page.get("output") or str(output) in written or not output.is_file():
            continue
        plan_result = next((r for r in report.results if r.article == article), None)
        reason = plan_result.reason if plan_result is not None and plan_result.reason else ("its source is gone" if article not in sources else "its file moved")
        if options.prune:
            try:
                _remove(site, output)
            except OutputError as exc:
                report.fail(article, exc)
                continue
        report.results.append(ArticleResult(article, Outcome.PRUNED if options.prune else Outcome.STALE, reason))


def _remove(site: Site, output: Path) -> None:
    """Remove a stale output: the record names it, and a record can be wrong, so it is checked
    like a file about to be written."""
    site.check_writable(output)
    try:
        output.unlink()
    except OSError as exc:
        raise OutputError(f"cannot remove: {exc.strerror}", site.shown(output)) from None


def _save_record(site: Site, options: BuildOptions, run: _Build, earlier: dict[str, dict[str, str | None]]) -> None:
    # what earlier builds wrote stays on record as long as its file is there (stale until pruned)
    pages = {a: p for a, p in earlier.items() if p.get("output") and (site.root / str(p["output"])).is_file()}
    for article, plan in run.plans.items():
        if plan.result.outcome is Outcome.FAILED:
            continue
        data = site.page_data(site.load_article(article)) if plan.url is not None else None
        source_url = site.url(article, site.config.source_lang, data) if data is not None else None
        pages[article] = {"output": site.shown(plan.output), "url": plan.url, "source_url": source_url}
    record = {"tool": f"i18npub {__version__}", "lang": options.lang, "pages": dict(sorted(pages.items()))}
    path = record_path(site, options.lang, options.include_fuzzy)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
