"""`build`: every article translated enough into its localized version, by splicing the usable
translations into the source text, where the site's generator publishes it.

Two passes. The first decides, for every article, whether it is published (translated enough,
no check error, nothing unsafe) and where: its file and its URL, from the generator's rules and
the translated slug. The second writes the published ones, with their internal links pointed at
the translations the first pass found and their headings keeping their source ids. What earlier
builds wrote and this one no longer does is reported as stale (and removed with `prune`): the
record of each build's pages (`.i18npub-cache/pages-<lang>.json`) says what they were, and lets
`audit` pair the built pages.

Incremental: the site record (`site.record`, one per language and preview) keeps, for each
article, its first pass's decision and what its output was made from: its source, its catalog,
the output itself, and the answers its internal links got from the other articles' plans (the
URL of each page and file it links to, whether a page it names has a translation). An article
whose files are as on record, under the same configuration and options, keeps its decision
unread; its output is written again only when one of those answers changed (another article's
translated slug, a translation published or withdrawn). On a large site both passes run on every
core (`pool`): the second pass's workers are forked once the first pass's plan is complete.
"""

from __future__ import annotations

import json
import posixpath
import re
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..core.article import Article, Finish, Spliced, article_findings, finished, spliced
from ..core.catalog import Catalog, Entry, Key, translated_share
from ..core.checks import Finding, Policy, Severity, normalized_url
from ..core.languages import web_code
from ..core.links import Targets, localize_links, localized_file, names_documents
from ..core.permalinks import page_key
from ..core.pofile import parse_catalog
from ..errors import CatalogError, I18nError, OutputError
from ..site.catalogs import SiteWide, read_catalog_file, site_wide_entries, unread_site_wide
from ..site.config import ARTICLE_SUFFIXES, Config
from ..site.files import BackgroundWriter, ImmediateWriter, write_if_changed
from ..site.layout import Site
from ..site.record import Record, digest, site_context
from . import pool
from .check import checked_findings, compared_entries, last_check
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


@dataclass(frozen=True)
class Checked:
    """What `check` found in an article's catalog (`check.catalog_findings`: the glossary's policy,
    every entry with a translation), and the entries it compared."""

    entries: list[Entry]
    findings: list[Finding]

    def errors_with(self, entries: list[Entry]) -> list[Finding] | None:
        """The errors of `entries` spliced in, when they are the ones compared (a build that uses
        every translated entry: none fuzzy, none left out), else None. They are the errors
        `article_findings` gives with `errors_only`: that leaves out only warnings, and the
        glossary only warns."""
        if len(entries) != len(self.entries) or any(a is not b for a, b in zip(entries, self.entries)):
            return None
        return [f for f in self.findings if f.severity is Severity.ERROR]


def publishing_problems(source: Article, entries: list[Entry], shown: str, force: bool, policy: Policy,
                        checked: Checked | None = None) -> str | None:
    """Why an article may not be published with these entries, or None. Safety findings (see
    `core.checks`) keep it out whatever the options; other check errors unless `force`. What
    `checked` says of these very entries is not found again."""
    findings = checked.errors_with(entries) if checked is not None else None
    if findings is None:
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
    fallback: str | None = None  # why its translation is not published, when its source is written in its place


def publication(source: Article, catalog: Catalog | None, shown: str, config: Config, options: BuildOptions,
                policy: Policy, kept_untranslated: str | None, checked: Checked | None = None) -> Publication:
    """The one decision of "published or not": translated enough (`min_translated`), then no
    check error that keeps it out; `build` takes it and `status` reports it.

    With jekyll-polyglot, an article that is not published but names another with `{% link %}`
    is written untranslated in its place. Polyglot drops a document's source from a language's
    build once its translation is there, so the source served in that language (polyglot's own
    fallback) would name a document that is gone, and stop the site's whole build; written by
    the build, its links lead to the translations. For the same reason, an article that the
    site's layouts name so (`kept_untranslated`: why, from `Site.kept_untranslated`) is not published."""
    published = _publication(source, catalog, shown, config, options, policy, checked)
    if kept_untranslated:
        return Publication(published.translations, published.share, kept_untranslated)
    if published.refusal and config.generator == "polyglot" and names_documents(source.text[source.body_start :]):
        return Publication({}, published.share, None, fallback=published.refusal)
    return published


def _publication(source: Article, catalog: Catalog | None, shown: str, config: Config, options: BuildOptions, policy: Policy,
                 checked: Checked | None) -> Publication:
    translations, used = usable_translations(source, catalog, options.include_fuzzy, config.build.outdated)
    share = translated_share(source.counted_keys, translations)
    threshold = config.build.min_translated if options.min_translated is None else options.min_translated
    if share < threshold:
        return Publication(translations, share, f"{share:.0f} % translated, below {threshold:g} %")
    return Publication(translations, share, publishing_problems(source, used, shown, options.force, policy, checked))


@dataclass
class _Plan:
    """An article this build publishes: where, and with what."""

    result: ArticleResult
    output: str  # its file, site-relative (as the records and reports name it)
    url: str | None
    slug: str | None
    added: dict[str, str] = field(default_factory=dict)
    source_url: str | None = None  # the source page's, for the record of pages
    document: tuple[str, str] | None = None  # its source file → its translation's file (site-relative)

    def to_json(self, site: Site) -> dict[str, Any]:
        return {"output": self.output, "url": self.url, "slug": self.slug, "added": self.added,
                "source_url": self.source_url, "document": self.document}

    @classmethod
    def from_json(cls, site: Site, result: ArticleResult, data: dict[str, Any]) -> _Plan:
        document = data["document"]
        return cls(result, data["output"], data["url"], data["slug"], data["added"], data["source_url"],
                   tuple(document) if document else None)


@dataclass
class _Lookups:
    """What an article's output took from the other articles' plans: the answer to each lookup
    its internal links made. The output stays right as long as every answer is the same."""

    pages: dict[str, str | None] = field(default_factory=dict)  # page key → translation URL ("": none, None: not a page)
    documents: dict[str, str | None] = field(default_factory=dict)  # source file → translation's file
    names: dict[str, list[bool]] = field(default_factory=dict)  # article name → [is an article, has a translation]
    files: dict[str, str | None] = field(default_factory=dict)  # a file's URL path → its version in the language


@dataclass
class _Rendered:
    """An output handed to the writer: what its text was made from and what its links found."""

    output: str  # site-relative
    digest: str
    localized: int = 0
    untranslated: int = 0
    lookups: _Lookups = field(default_factory=_Lookups)
    changed: bool | OSError | None = None  # once written: whether the file changed, or why not


@dataclass
class _Decided:
    """The first pass on one article: its result, its plan when it is published, its source
    page's URL, the digests of the source and catalog it read (None: it stays off the record),
    its output when it was written at once (the plain generator), or else the article with its
    translations spliced in, which the second pass finishes once every article's URL is known."""

    result: ArticleResult
    plan: _Plan | None = None
    source_url: str | None = None
    used: dict[str, str | None] | None = None
    rendered: _Rendered | None = None
    spliced: Spliced | None = None
    error: I18nError | None = None
    collided: bool = False  # its output is another article's: decided again next time


class _Build:
    def __init__(self, site: Site, options: BuildOptions):
        self.site = site
        self.options = options
        self.config = site.config
        self.plans: dict[str, _Plan] = {}
        self.outputs: dict[str, str] = {}  # each planned output → its article
        self.pages: dict[str, str] = {}  # page key of a source page → its translation's URL ("" if none)
        self.documents: dict[str, str] = {}  # source file (site-relative) → its translation's file
        self.sources = set(site.articles())
        self.translated: set[str] = set()  # the articles with a translation: this build's and earlier ones'
        self.site_error: CatalogError | None = None  # the site-wide catalog cannot be read: its values stay
        self.site_wide = self._site_catalog()
        self.last_check = self._last_check()

    # --- pass 1: what is published, where ---------------------------------------------------

    def decide(self, article: str, writer: BackgroundWriter) -> _Decided:
        """Whether and where the article is published; without internal links to point at the
        other pages' translations (the plain generator knows no URLs), written at once."""
        try:
            return self._decide(article, writer)
        except I18nError as exc:
            return _Decided(ArticleResult(article, Outcome.FAILED, str(exc), error=exc), error=exc)
        except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the site
            error = self.site.internal_error(article, exc)
            return _Decided(ArticleResult(article, Outcome.FAILED, str(error), error=error), error=error)

    def _decide(self, article: str, writer: BackgroundWriter) -> _Decided:
        site, options = self.site, self.options
        data = site.read_source(article)
        source = site.parse_article(article, data)
        catalog, catalog_digest = self.catalog(article)
        shown = site.shown(site.catalog_path(options.lang, article))
        used = {site.shown(site.source_path(article)): digest(data), shown: catalog_digest} | self.site_wide.used()
        published = publication(source, catalog, shown, self.config, options, site.policy, site.kept_untranslated.get(article),
                                self.checked(article, used, source, catalog))
        translations = published.translations
        result = ArticleResult(article, Outcome.WRITTEN, units=len(source.counted_keys), translated=published.share)
        page_data = site.page_data(source)
        source_url = site.url(article, self.config.source_lang, page_data)
        decided = _Decided(result, source_url=source_url, used=used)
        if published.refusal:
            result.outcome, result.reason = Outcome.SKIPPED, published.refusal
            return decided
        if published.fallback:
            result.reason = f"{published.fallback}: its source is written in its place, untranslated (see `status`)"
        slug = translations.get(source.slug_key) if source.slug_key else None
        if slug == source.slug:
            slug = None
        added = {}
        if site.lang_key:
            added[site.lang_key] = web_code(options.lang)
        translation_key = self.config.front_matter.translation_key
        if translation_key and not (source.document and translation_key in source.document.keys):
            added[translation_key] = _translation_ref(article)  # a source's own value pairs the versions already
        added |= site.generator.front_matter(article, options.lang, page_data, slug if site.generator.slugs else None)
        output = site.output_path(options.lang, article, slug, preview=options.include_fuzzy)
        document = (site.shown(site.source_path(article)), site.shown(site.output_path(options.lang, article, slug)))
        decided.plan = _Plan(result, site.shown(output), site.url(article, options.lang, page_data, slug), slug, added, source_url, document)
        translated = spliced(source, translations, self.heading_style)
        if self.links:
            decided.spliced = translated
        else:
            decided.rendered = self.render(translated, decided.plan, writer)
        return decided

    def apply(self, decided: _Decided) -> None:
        """The article's decision into the site's plan (in article order, as pages may share a key)."""
        key = page_key(decided.source_url) if decided.source_url is not None else None
        if key is not None:
            self.pages.setdefault(key, "")
        plan = decided.plan
        if plan is None:
            return
        article = plan.result.article
        taken = self.outputs.setdefault(plan.output, article)
        if taken != article:  # two translated slugs alike: the first article keeps the file
            plan.result.outcome = Outcome.SKIPPED
            plan.result.reason = f"its translation would be {plan.output}, as {taken}'s is: give it another slug"
            decided.plan, decided.collided = None, True
            return
        self.plans[article] = plan
        self.translated.add(article)
        if key is not None and plan.url is not None:
            self.pages[key] = plan.url
        if plan.document:
            self.documents[plan.document[0]] = plan.document[1]

    def catalog(self, article: str) -> tuple[Catalog | None, str | None]:
        """The article's catalog in this language, with the site-wide values' entries, and the
        digest of its file (None: none)."""
        catalog, file_digest = self._read_catalog(article)
        if catalog is not None:
            catalog.entries += self.site_wide.entries
        return catalog, file_digest

    def _last_check(self) -> Record | None:
        """The record of the last `check` in this language, whose findings a build of the very
        files it read takes rather than find them again (a preview's drafts were not all checked)."""
        if self.options.include_fuzzy:
            return None
        try:
            return last_check(self.site, self.options.lang)
        except I18nError:  # its glossary cannot be read: `check` says why, and this build finds its own
            return None

    def checked(self, article: str, used: dict[str, str | None], source: Article, catalog: Catalog | None) -> Checked | None:
        """What the last `check` found in the article's catalog, when it read the bytes this build
        read (source, catalog, site-wide catalog) under the same settings, else None."""
        findings = checked_findings(self.last_check, article, used)
        if findings is None or catalog is None:
            return None
        own = catalog.entries[: len(catalog.entries) - len(self.site_wide.entries)]
        return Checked(compared_entries(own, source, self.site_wide), findings)

    def _site_catalog(self) -> SiteWide:
        try:
            return site_wide_entries(self.site, self.options.lang)
        except CatalogError as exc:
            self.site_error = exc
            return unread_site_wide(self.site, self.options.lang)

    def _read_catalog(self, name: str) -> tuple[Catalog | None, str | None]:
        path = self.site.catalog_path(self.options.lang, name)
        shown = self.site.shown(path)
        read = read_catalog_file(path, shown)
        if read is None:
            return None, None
        text, data = read
        return parse_catalog(text, shown), digest(data)

    # --- pass 2: the pages written -----------------------------------------------------------

    @property
    def links(self) -> bool:
        """Whether pages' internal links are pointed at the translations (the generator knows
        its pages' URLs), which needs every article's plan before any is written."""
        return self.site.generator.heading_style is not None

    @property
    def heading_style(self) -> str | None:
        """How translated headings keep their source ids, when the site wants them kept."""
        return self.site.generator.heading_style if self.config.build.heading_ids else None

    def write(self, article: str, writer: BackgroundWriter, translated: Spliced | None = None) -> _Rendered | I18nError:
        """The second pass: the article (spliced again unless `translated`, when its decision
        came from the record) written with its links localized."""
        try:
            if translated is None:
                source = self.site.load_article(article)
                translations = usable_translations(source, self.catalog(article)[0], self.options.include_fuzzy, self.config.build.outdated)[0]
                translated = spliced(source, translations, self.heading_style)
            return self.render(translated, self.plans[article], writer)
        except I18nError as exc:
            return exc

    def render(self, translated: Spliced, plan: _Plan, writer: BackgroundWriter) -> _Rendered:
        site = self.site
        finish = Finish()
        rendered = _Rendered(plan.output, "")
        path = site.root / plan.output
        if self.links:
            article = plan.result.article
            page_url = plan.source_url or "/"
            finish.rewrite_links = lambda text: self.localized(text, article, page_url, plan.url or page_url, rendered)
            # a front-matter link (a PDF to download) leads where a link in the text would
            finish.rewrite_url = lambda url: self.resolve(url, page_url, rendered.lookups) or url
        site.check_writable(path)
        text = finished(translated, plan.added, finish)
        rendered.digest = digest(text.encode("utf-8"))
        writer.write_if_changed(path, text)
        rendered.changed = writer.changed.get(path)  # known at once when written at once
        return rendered

    def localized(self, text: str, article: str, page_url: str, translation_url: str, rendered: _Rendered) -> str:
        seen = rendered.lookups
        found = localize_links(text, Targets(
            page=lambda url: self.resolve(url, page_url, seen),
            document=lambda path: self.resolve_document(path, seen),
            rebase=lambda url: rebased(url, page_url, translation_url),
            reference=lambda path: self.resolve_reference(path, article, seen),
        ))
        rendered.localized += found.localized
        rendered.untranslated += len(found.untranslated)
        return found.text

    def resolve(self, url: str, page_url: str, seen: _Lookups) -> str | None:
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
        target = None
        if key is not None:
            target = seen.pages[key] = self.pages.get(key)
        if target is None:  # not a page: perhaps a file the site has in this language too
            if not self.config.build.localized_files or not absolute.startswith(base + "/"):
                return None
            path = urlsplit(absolute).path
            target = seen.files[path] = self.localized_file(path)
            if target is None:
                return None
        if not target:
            return ""
        if parts.scheme or parts.netloc:
            origin = urlsplit(site_url)
            target = f"{origin.scheme}://{origin.netloc}{target}"
        return target + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")

    def localized_file(self, path: str) -> str | None:
        """The URL path of the language's version of the site's file at `path`
        (`build.localized_files`), when the site has that file."""
        pattern = self.config.build.localized_files
        candidate = localized_file(path, pattern, web_code(self.options.lang)) if pattern else None
        if candidate is None or candidate == path:
            return None
        found = self.site.root / self.site.generator.static_dir / candidate.lstrip("/")
        return candidate if found.is_file() and self.site.root.resolve() in found.resolve().parents else None

    def resolve_document(self, path: str, seen: _Lookups) -> str | None:
        """`{% link _actualites/x.md %}`: the translation's file, when there is one."""
        name = path.strip("/")
        target = seen.documents[name] = self.documents.get(name)
        return target

    def resolve_reference(self, ref: str, article: str, seen: _Lookups) -> str | None:
        """Hugo's `ref "path"` in `article`: the source language when the path names an article
        that has no translation in this language (Hugo would find no page and stop), else None."""
        path = ref.partition("#")[0].strip()
        if not path:
            return None
        folder = article.rpartition("/")[0]
        for base in [path.lstrip("/")] if path.startswith("/") else [posixpath.join(folder, path), path]:
            base = posixpath.normpath(base)
            for name in (base, *(base + suffix for suffix in ARTICLE_SUFFIXES), f"{base}/index.md", f"{base}/_index.md"):
                known = seen.names[name] = self.name_state(name)
                if known[0]:
                    return None if known[1] else web_code(self.config.source_lang).lower()
        return None

    def name_state(self, name: str) -> list[bool]:
        return [name in self.sources, name in self.translated]

    def same_lookups(self, seen: _Lookups) -> bool:
        """Whether every lookup an earlier output made gets the same answer from this plan."""
        return (all(self.pages.get(key) == target for key, target in seen.pages.items())
                and all(self.documents.get(name) == target for name, target in seen.documents.items())
                and all(self.name_state(name) == state for name, state in seen.names.items())
                and all(self.localized_file(path) == target for path, target in seen.files.items()))


def rebased(url: str, page_url: str, translation_url: str) -> str | None:
    """A relative URL of the source page (`../img/x.png`) as a root-relative one, when the
    translation is served from another folder and the same relative URL would lead elsewhere.
    Decided on the URL as a browser reads it (entities decoded, `\\` for `/`); one whose result
    a browser would read as starting with `//`, another host, stays relative, as on the source page."""
    parts = urlsplit(normalized_url(url))
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/") or "{{" in url or "{%" in url:
        return None  # absolute, root-relative, this very page, or the generator's to resolve
    if page_url[: page_url.rfind("/") + 1] == translation_url[: translation_url.rfind("/") + 1]:
        return None
    written = re.sub(r"[\t\n\r]", "", url.strip()).replace("\\", "/")  # entities stay as written: it goes back into an attribute
    target = urlsplit(urljoin("http://site.invalid" + page_url, written))
    result = target.path + (f"?{target.query}" if target.query else "") + (f"#{target.fragment}" if target.fragment else "")
    return None if normalized_url(result).startswith("//") else result


def _translation_ref(article: str) -> str:
    """The value shared by every language version of an article: its source path, no extension."""
    return article.rsplit(".", 1)[0] if "." in article.rsplit("/", 1)[-1] else article


def record_path(site: Site, lang: str, preview: bool = False) -> Path:
    return site.root / RECORD_DIR / f"{'preview-' if preview else ''}pages-{lang}.json"


def read_record(site: Site, lang: str, preview: bool = False) -> dict[str, dict[str, Any]]:
    """The pages an earlier build wrote: article → {output, url, source_url, moved}."""
    try:
        data = json.loads(record_path(site, lang, preview).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    pages = data.get("pages") if isinstance(data, dict) else None
    return pages if isinstance(pages, dict) else {}


@pool.whole_site_run()
def build_site(site: Site, options: BuildOptions, articles: list[str] | None = None) -> BuildReport:
    """Build every article (or those named). An earlier output that no longer qualifies, or
    whose source is gone, is reported as stale, and removed with `prune`."""
    report = BuildReport(lang=options.lang)
    run = _Build(site, options)
    if run.site_error:
        report.errors.append(run.site_error)
    chosen = site.resolve(articles)
    chosen_set = set(chosen)
    earlier = read_record(site, options.lang, options.include_fuzzy)
    for article, page in earlier.items():  # pages this build does not rebuild stay linkable
        if article in chosen_set:
            continue
        if page.get("source_url") and page.get("url") and (key := page_key(str(page["source_url"]))):
            run.pages[key] = str(page["url"])
        run.translated.add(article)
    record = Record(site.root, f"build-{'preview-' if options.include_fuzzy else ''}{options.lang}", {
        "config": site_context(site), "min_translated": options.min_translated, "force": options.force,
    })

    # pass 1: every article's decision, from the record or made afresh, applied in article order
    decisions = {article: _recorded_decision(site, article, recorded) for article in chosen
                 if (recorded := record.unchanged(article)) is not None}
    todo = [article for article in chosen if article not in decisions]
    workers = pool.processes(len(todo))
    if workers:
        immediate = ImmediateWriter()
        decisions |= zip(todo, pool.run_parallel(lambda article: run.decide(article, immediate), todo, workers))
    else:
        with BackgroundWriter() as writer:
            decisions |= {article: run.decide(article, writer) for article in todo}
        for article in todo:
            output = decisions[article].rendered  # pass 1's (no links to localize), written in the background
            if output is not None and output.changed is None:
                output.changed = writer.changed.get(site.root / output.output)
    for article in chosen:
        run.apply(decisions[article])

    # pass 2: outputs whose links found the same answers are as on record; the others written
    rendered: dict[str, _Rendered | I18nError] = {}
    if run.links:
        stale_links = [a for a in run.plans if (r := decisions[a].rendered) is None or not run.same_lookups(r.lookups)]
        workers = pool.processes(len(stale_links))
        if workers:
            immediate = ImmediateWriter()
            # the workers, forked now, find each article's spliced text in `decisions`
            rendered = dict(zip(stale_links, pool.run_parallel(lambda article: run.write(article, immediate, decisions[article].spliced),
                                                               stale_links, workers)))
        else:
            with BackgroundWriter() as writer:
                rendered = {article: run.write(article, writer, decisions[article].spliced) for article in stale_links}
            for done in rendered.values():
                if isinstance(done, _Rendered) and done.changed is None:
                    done.changed = writer.changed.get(site.root / done.output)
        for article in stale_links:
            decisions[article].spliced = None  # written: the memory back

    for article in chosen:
        decided = decisions[article]
        if decided.error is not None:
            report.fail(article, decided.error)
            record.forget(article)
        else:
            report.results.append(decided.result)
    for article, plan in run.plans.items():
        output = rendered.get(article, decisions[article].rendered)
        if isinstance(output, I18nError):
            plan.result.outcome, plan.result.reason, plan.result.error = Outcome.FAILED, str(output), output
            report.errors.append(output)
            continue
        assert output is not None
        report.links_localized += output.localized
        report.links_untranslated += output.untranslated
        if isinstance(output.changed, OSError):
            error = OutputError(f"cannot write: {output.changed.strerror or output.changed}", plan.output)
            report.errors.append(error)
            plan.result.outcome, plan.result.reason, plan.result.error = Outcome.FAILED, str(error), error
        elif not output.changed:
            plan.result.outcome = Outcome.UNCHANGED
    for article in chosen:
        _store(site, record, decisions[article], rendered.get(article))
    if articles is None:
        record.keep_only(chosen_set)
    record.save()
    _stale(site, options, run, earlier, chosen_set, articles is None, report)
    _save_record(site, options, run, earlier)
    return report


def _recorded_decision(site: Site, article: str, recorded: dict[str, Any]) -> _Decided:
    """An article's first pass and its output as the record has them (written: as it is now)."""
    result = ArticleResult(article, Outcome(recorded["outcome"]), recorded["reason"], recorded["units"], recorded["translated"])
    decided = _Decided(result, source_url=recorded["source_url"])
    if recorded.get("plan") is not None:
        decided.plan = _Plan.from_json(site, result, recorded["plan"])
        output = recorded["output"]
        lookups = _Lookups(**output["lookups"])
        decided.rendered = _Rendered(decided.plan.output, output["digest"], output["localized"], output["untranslated"], lookups, changed=False)
    return decided


def _store(site: Site, record: Record, decided: _Decided, rendered: _Rendered | I18nError | None) -> None:
    """Put on record what an article's decision and output were made from, when this run made
    either afresh; one that failed stays off the record."""
    result = decided.result
    output = rendered if rendered is not None else decided.rendered
    if result.outcome is Outcome.FAILED or decided.collided or isinstance(output, I18nError):
        record.forget(result.article)
        return
    used = decided.used
    if used is None:  # the decision is on record: only the output may have been written again
        entry = record.entries.get(result.article)
        if rendered is None or entry is None:
            return
        used = {path: fingerprint.digest if fingerprint else None for path, fingerprint in entry.files.items()}
    data: dict[str, Any] = {"outcome": result.outcome.value if result.outcome is Outcome.SKIPPED else Outcome.WRITTEN.value,
                            "reason": result.reason, "units": result.units, "translated": result.translated,
                            "source_url": decided.source_url, "plan": None}
    if decided.plan is not None and output is not None:
        data["plan"] = decided.plan.to_json(site)
        data["output"] = {"digest": output.digest, "localized": output.localized, "untranslated": output.untranslated,
                          "lookups": dataclasses.asdict(output.lookups)}
        used = {**used, output.output: output.digest}
    record.store(result.article, used, data)


def _stale(site: Site, options: BuildOptions, run: _Build, earlier: dict[str, dict[str, str | None]], chosen: set[str], whole_site: bool, report: BuildReport) -> None:
    """Outputs of earlier builds that this one did not write again: their article is no longer
    published (or its file moved, a new slug) or is gone."""
    sources = set(site.articles())
    written = {plan.output for plan in run.plans.values()}
    for article, page in sorted(earlier.items()):
        if article not in chosen and not (whole_site and article not in sources):
            continue
        for shown in _earlier_outputs(page):
            if shown in written:
                continue
            output = site.root / shown
            if not output.is_file():
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


def _earlier_outputs(page: dict[str, Any]) -> list[str]:
    """The files earlier builds wrote for an article: its last output, and those it wrote before
    its file moved (a new slug) that no prune has removed yet."""
    return [str(f) for f in [page.get("output"), *(page.get("moved") or [])] if f]


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
    pages = {a: p for a, p in earlier.items()
             if a not in run.plans and p.get("output") and (site.root / str(p["output"])).is_file()}
    for article, plan in run.plans.items():
        if plan.result.outcome is Outcome.FAILED:
            continue
        source_url = plan.source_url if plan.url is not None else None
        output = plan.output
        pages[article] = {"output": output, "url": plan.url, "source_url": source_url}
        moved = [f for f in _earlier_outputs(earlier.get(article, {})) if f != output and (site.root / f).is_file()]
        if moved:  # stale until pruned, however many builds come first
            pages[article]["moved"] = moved
    record = {"tool": f"i18npub {__version__}", "lang": options.lang, "pages": dict(sorted(pages.items()))}
    path = record_path(site, options.lang, options.include_fuzzy)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(path, json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
