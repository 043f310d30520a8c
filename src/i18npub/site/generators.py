"""The site generators a site is published with, and what each needs of a translation: where its
file goes, the URL it gets, the front-matter keys it needs, how headings get their ids.

- `plain`: no generator known: `content/fr/…` → `content/{lang}/…` (the `output_dir` setting).
- `jekyll`: collections and pages at the site root; a translation goes inside its collection
  under the language's folder (`_actualites/en/…`, `en/page.md`) with a `permalink` in the
  language's URL space (`/en/actualites/<slug>/`), computed from the collection's pattern or the
  source's own `permalink`.
- `polyglot`: Jekyll with jekyll-polyglot: the same files, with the source's URL as permalink
  and `lang:`; polyglot serves them under `/en/…` and rewrites the site's own links.
- `hugo`: the language's content folder (or `name.en.md` beside the source when the site
  translates by file name): the same path, which is how Hugo pairs the versions.

The generators' own settings are read from their configuration files (`_config.yml`,
`hugo.toml`…) each time, so that i18npub follows the site when it changes.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from ..core import permalinks
from ..core.links import named_documents, variable_links
from ..core.checks import HUGO_QUIET_SHORTCODES, attribute_print, hugo_script_print, script_print, template_prints_translations
from ..core.article import toml_block
from ..core.frontmatter import load_yaml, locate
from ..core.tomlmatter import toml_data
from ..core.languages import web_code
from ..errors import ConfigError, SourceError

ARTICLE_SUFFIXES = (".md", ".markdown")
GENERATORS = ("plain", "jekyll", "polyglot", "hugo")
JEKYLL_CONFIG = "_config.yml"
CONFIG_NAME = "i18npub.toml"
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json")
# what Jekyll never publishes, besides what `_config.yml` excludes
_ARTICLE_PATH = re.compile(r"[\w.~/-]+\.(?:md|markdown)\b")  # a path that may name a document
JEKYLL_NEVER = ["_site/**", "_layouts/**", "_includes/**", "_data/**", "_sass/**", "_plugins/**", "vendor/**",
                "node_modules/**", ".*/**", "Gemfile*", "README*", "LICENSE*", "CHANGELOG*"]


@dataclass
class PageData:
    """What a generator reads of a source article's front matter to know its URL."""

    permalink: str | None = None
    slug: str | None = None
    url: str | None = None  # Hugo's explicit URL
    date: dt.date | None = None
    categories: list[str] = field(default_factory=list)
    title: str = ""

    @classmethod
    def of(cls, data: dict[str, Any]) -> PageData:
        def text(key: str) -> str | None:
            value = data.get(key)
            return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None

        date = data.get("date")
        if isinstance(date, dt.datetime):
            date = date.date()
        categories = data.get("categories") or []
        if isinstance(categories, str):
            categories = categories.split()
        return cls(
            permalink=text("permalink"), slug=text("slug"), url=text("url"),
            date=date if isinstance(date, dt.date) else None,
            categories=[str(c) for c in categories if isinstance(c, (str, int))] if isinstance(categories, list) else [],
            title=text("title") or "",
        )


class Generator:
    """The plain generator, and what the others share: `url` is an article's URL in a language
    (the source's or a target's; None when the generator is not known), `output_path` where its
    translation goes, `front_matter` the keys the translation needs."""

    name = "plain"
    heading_style: str | None = None  # "kramdown", "goldmark": the ids a translated heading must keep
    slugs = False  # whether an article's slug (its URL's last part) is translatable
    static_dir = ""  # the folder (in the site root) whose files the site serves at its root
    keys_fold_case = False  # whether the generator reads front-matter keys whatever their case

    def __init__(self, root: Path, source_dir: str, output_dir: str, source_lang: str, languages: list[str]):
        self.root = root
        self.source_dir = source_dir
        self.output_dir = output_dir
        self.source_lang = source_lang
        self.languages = languages
        self.site_url = ""
        # what the site's own variables print in an article's template code, by name (`site.url`
        # for Jekyll's `{{ site.url }}`, `site.params.x` for what Hugo's `{{< param "x" >}}` falls back
        # to); one it does not hold is not known, and the checks read the code as printing anything
        self.site_values: dict[str, str] = {}
        self.quiet_templates: frozenset[str] = frozenset()  # see `core.checks.Policy.quiet_templates`
        # where its templates print inside script what a translation may have written, as it is
        # ("file:line", see `core.checks.script_print`; "" where they do not)
        self.script_print = ""
        # where they print inside an HTML tag what a translation may have written, unescaped (see
        # `core.checks.attribute_print`; Hugo's templates escape by context)
        self.attribute_print = ""
        # (file, article, why): files other than articles may name an article so that its
        # translation would stop the site's build (see PolyglotGenerator, and Site.kept_untranslated)
        self.named_by_templates: list[tuple[str, str, str]] = []

    def default_include(self) -> list[str]:
        return ["**/*.md", "**/*.markdown"]

    def _where(self, file: Path, text: str, offset: int) -> str:
        """`file:line` of `offset` in `text` (the file's, as the reading that found it has it)."""
        shown = file.relative_to(self.root).as_posix() if file.is_relative_to(self.root) else str(file)
        return f"{shown}:{text.count(chr(10), 0, offset) + 1}"

    def default_exclude(self) -> list[str]:
        return []

    def is_article(self, source_root: Path, path: str) -> bool:
        return True

    def url(self, article: str, lang: str, data: PageData, slug: str | None) -> str | None:
        return None

    def slug(self, article: str, data: PageData) -> str | None:
        """The last part of the article's URL, which a translation may change (None: no such
        thing for this generator)."""
        return None

    def output_path(self, article: str, lang: str, slug: str | None) -> str:
        return f"{self.output_dir.format(lang=web_code(lang))}/{article}".lstrip("/")

    def front_matter(self, article: str, lang: str, data: PageData, slug: str | None) -> dict[str, str]:
        return {}


def _with_slug(name: str, slug: str | None) -> str:
    """A file name with its slug part replaced (a date prefix and the extension kept)."""
    if not slug:
        return name
    stem, dot, ext = name.rpartition(".")
    basename, _ = permalinks.jekyll_basename(name)
    prefix = stem[: len(stem) - len(basename)]
    return f"{prefix}{slug}{dot}{ext}"


class JekyllGenerator(Generator):
    name = "jekyll"
    heading_style = "kramdown"
    slugs = True

    def __init__(self, root: Path, source_dir: str, output_dir: str, source_lang: str, languages: list[str]):
        super().__init__(root, source_dir, output_dir, source_lang, languages)
        settings = self.settings = read_jekyll_config(root)
        baseurl = str(settings.get("baseurl") or "").strip("/")
        self.baseurl = "/" + baseurl if baseurl else ""
        self.site_url = str(settings.get("url") or "").rstrip("/") + self.baseurl if settings.get("url") else ""
        self.permalink_style = str(settings.get("permalink") or "date")
        self.collections_dir = str(settings.get("collections_dir") or "").strip("/")
        raw = settings.get("collections") or {}
        if isinstance(raw, list):
            raw = {name: {} for name in raw}
        self.collections: dict[str, dict[str, Any]] = {
            str(name): meta if isinstance(meta, dict) else {} for name, meta in (raw.items() if isinstance(raw, dict) else [])
        }
        posts = dict(self.collections.get("posts", {}))
        posts.setdefault("output", True)
        posts.setdefault("permalink", permalinks.PERMALINK_STYLES.get(self.permalink_style, self.permalink_style))
        self.collections["posts"] = posts
        kramdown = settings.get("kramdown") if isinstance(settings.get("kramdown"), dict) else {}
        markdown = str(settings.get("markdown") or "kramdown").lower()
        # Jekyll reads kramdown with its GFM parser unless told otherwise: ids differ
        self.heading_style = (None if markdown != "kramdown" or kramdown.get("auto_ids") is False
                              else "gfm" if str(kramdown.get("input") or "GFM").lower() == "gfm" else "kramdown")
        # another configuration file beside it is one `jekyll build --config` may layer over it
        layered = any(path.name != JEKYLL_CONFIG for path in root.glob("_config*") if path.suffix in (".yml", ".yaml", ".toml"))
        self.site_values = {} if layered else {f"site.{name}": value for name, value in printed_values(settings).items()
                                               if name.partition(".")[0] not in self.computed_site_variables()}
        texts = self._template_texts()
        self.script_print = self._first_print(script_print, texts)
        self.attribute_print = self._first_print(attribute_print, texts)
        self.quiet_templates = self._quiet_includes(texts)

    def _first_print(self, finder: Callable[[str, Iterable[str], str], int | None], texts: dict[Path, str] | None) -> str:
        """Where the site's templates `texts` (see `_template_texts`) first print what a
        translation may have written where `finder` (`core.checks.script_print`,
        `attribute_print`) looks, or "". Liquid escapes nothing; Hugo's templates do, by context.
        A theme whose files are not found here (a remote one, a gem not installed) may print
        anything there."""
        if texts is None:
            return f"of the theme {self.settings.get('remote_theme') or self.settings.get('theme')}, whose files are not found here,"
        every = "\n".join(texts.values())
        for template, text in texts.items():
            offset = finder(text, self.collections, every)
            if offset is not None:  # the line, in the entity-decoded text the offset is of (`<script>` holds no line break)
                return self._where(template, html.unescape(text), offset)
        return ""

    def _quiet_includes(self, texts: dict[Path, str] | None) -> frozenset[str]:
        """The includes (by the name `{% include %}` gives them) whose templates, the site's or its
        theme's, print nothing of a page (see `core.checks.template_prints_translations`); none
        while the theme's files are not found."""
        if texts is None:
            return frozenset()
        folders = {str(self.settings.get("includes_dir") or "_includes"), "_includes"}  # the site's, its theme's
        by_name: dict[str, list[str]] = {}
        for template, text in texts.items():
            folder = next((i for i, part in enumerate(template.parts) if part in folders), None)
            if folder is not None:
                by_name.setdefault("/".join(template.parts[folder + 1 :]).lower(), []).append(text)  # one for names alike but for case
        return frozenset(name for name, found in by_name.items()
                         if not any(template_prints_translations(text, False, self.site_values) for text in found))

    def _template_texts(self) -> dict[Path, str] | None:
        """The site's layouts and includes, its theme's, and the pages Jekyll renders, each as
        its text (a script file that Jekyll renders, with front matter, is script whole); None
        when the site's theme's files are not found here."""
        theme = self.settings.get("remote_theme") or self.settings.get("theme")
        theme_dir = _theme_folder(str(theme), self.root) if self.settings.get("theme") and not self.settings.get("remote_theme") else None
        if theme and theme_dir is None:
            return None
        templates = self._templates(with_documents=False)
        if theme_dir is not None:
            templates += sorted(p for folder in ("_layouts", "_includes") for p in (theme_dir / folder).rglob("*") if p.is_file())
        return {t: (f"<script>{text}" if t.suffix in (".js", ".mjs") else text)
                for t in templates for text in [t.read_text(encoding="utf-8", errors="replace")]}

    def _templates(self, with_documents: bool = True) -> list[Path]:
        """What Jekyll renders with Liquid: layouts, includes, and the files with front matter
        (pages, and the collections' documents unless `with_documents` is False: HTML or
        Markdown, feeds, scripts, text files; the articles among them are left out by
        `Site.kept_untranslated`)."""
        found = []
        for folder in (self.settings.get("layouts_dir") or "_layouts", self.settings.get("includes_dir") or "_includes"):
            found += sorted(p for p in (self.root / str(folder)).rglob("*") if p.is_file())
        skipped = {"vendor", "node_modules", *(str(x).strip("/") for x in self.settings.get("exclude") or []),
                   *(web_code(lang) for lang in self.languages)}
        collections = {self.folder(name) for name in self.collections} if with_documents else set()
        for folder, dirs, files in os.walk(self.root):
            top = folder == str(self.root)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (top and d in skipped)
                             and (not d.startswith("_") or (top and d in collections)))
            for name in sorted(files):
                path = Path(folder) / name
                if _has_front_matter(path):
                    found.append(path)
        return found

    def computed_site_variables(self) -> set[str]:
        """The `site.x` that Jekyll computes rather than reads from `_config.yml` (its SiteDrop's,
        and each collection's documents)."""
        return {"time", "pages", "posts", "related_posts", "static_files", "html_pages", "collections", "documents",
                "categories", "tags", "data", "config", *self.collections}

    def folder(self, collection: str) -> str:
        return f"{self.collections_dir}/_{collection}".lstrip("/")

    def collection_of(self, article: str) -> tuple[str, str] | None:
        """(collection, path inside its folder) of a document; None for a page."""
        for name in self.collections:
            folder = self.folder(name) + "/"
            if article.startswith(folder):
                return name, article[len(folder) :]
        return None

    def default_include(self) -> list[str]:
        # the documents of the collections that are published, and the pages
        folders = [self.folder(name) for name, meta in self.collections.items() if meta.get("output")]
        return [f"{folder}/**" for folder in folders] + ["**/*.md", "**/*.markdown"]

    def default_exclude(self) -> list[str]:
        excluded = [str(x).strip("/") + ("/**" if not any(c in str(x) for c in "*?") else "") for x in self.settings.get("exclude") or []]
        unpublished = [f"{self.folder(name)}/**" for name, meta in self.collections.items() if not meta.get("output")]
        # translations live under their language's folder: never sources
        outputs = [f"{web_code(lang)}/**" for lang in self.languages]
        outputs += [f"{self.folder(name)}/{web_code(lang)}/**" for name in self.collections for lang in self.languages]
        return JEKYLL_NEVER + excluded + unpublished + outputs

    def is_article(self, source_root: Path, path: str) -> bool:
        """A file outside the collections is a page only when it has front matter."""
        if self.collection_of(path) is not None:
            return True
        if any(part.startswith("_") for part in PurePosixPath(path).parts[:-1]):
            return False
        try:
            with open(source_root / path, "rb") as handle:
                return handle.read(7).removeprefix(b"\xef\xbb\xbf").startswith(b"---")
        except OSError:
            return False

    def page_url(self, article: str, data: PageData, slug: str | None) -> str:
        """The article's URL in the source language's URL space, its slug replaced."""
        document = self.collection_of(article)
        if document is None:
            if data.permalink:
                return permalinks.jekyll_url(_with_last_segment(data.permalink, slug), {})
            folder, _, name = article.rpartition("/")
            return permalinks.jekyll_page_url("/".join(p for p in (folder, _with_slug(name, slug)) if p), self.permalink_style)
        collection, inside = document
        placeholders = permalinks.jekyll_document_placeholders(collection, inside, slug or data.slug, data.date, data.categories)
        if data.permalink:
            return permalinks.jekyll_url(_with_last_segment(data.permalink, slug), placeholders)
        template = str(self.collections[collection].get("permalink") or permalinks.jekyll_suffixed("/:collection/:path", self.permalink_style))
        template = permalinks.PERMALINK_STYLES.get(template, template)
        if slug:
            folder = inside.rpartition("/")[0]
            placeholders["path"] = "/" + "/".join(p for p in (folder, slug) if p)
        return permalinks.jekyll_url(template, placeholders)

    def slug(self, article: str, data: PageData) -> str | None:
        if data.permalink:
            last = data.permalink.rstrip("/").rpartition("/")[2].rsplit(".", 1)[0]
            return last if last and ":" not in last else None
        basename = permalinks.jekyll_basename(article.rpartition("/")[2])[0]
        if self.collection_of(article) is None and basename == "index":
            return None  # a folder's index page: its URL is the folder's
        return data.slug or basename

    def url(self, article: str, lang: str, data: PageData, slug: str | None) -> str | None:
        url = self.page_url(article, data, slug)
        return self.baseurl + (url if lang == self.source_lang else "/" + web_code(lang) + url)

    def output_path(self, article: str, lang: str, slug: str | None) -> str:
        code = web_code(lang)
        folder, _, name = article.rpartition("/")
        name = _with_slug(name, slug)
        document = self.collection_of(article)
        if document is None:
            return "/".join(p for p in (code, folder, name) if p)
        collection, inside = document
        return "/".join(p for p in (self.folder(collection), code, inside.rpartition("/")[0], name) if p)

    def front_matter(self, article: str, lang: str, data: PageData, slug: str | None) -> dict[str, str]:
        return {"permalink": "/" + web_code(lang) + self.page_url(article, data, slug)}


def _with_last_segment(permalink: str, slug: str | None) -> str:
    """A permalink with its last segment (the slug) replaced."""
    if not slug:
        return permalink
    trailing = permalink.endswith("/")
    head, _, last = permalink.rstrip("/").rpartition("/")
    ext = "." + last.rsplit(".", 1)[1] if "." in last and not trailing else ""
    return f"{head}/{slug}{ext}" + ("/" if trailing else "")


class PolyglotGenerator(JekyllGenerator):
    """jekyll-polyglot pairs a page's language versions by their `permalink`: a translation has
    the source's URL and `lang:`, and polyglot serves it under `/en/…` and rewrites the site's
    own links in it (its 1.5 release, Debian's, cannot give a translation a URL of its own:
    there is no translatable slug)."""

    name = "polyglot"
    slugs = False

    def __init__(self, root: Path, source_dir: str, output_dir: str, source_lang: str, languages: list[str]):
        super().__init__(root, source_dir, output_dir, source_lang, languages)
        # once a document's translation is there, polyglot drops its source from that language's
        # build, and a layout, include or page naming it with `{% link %}` stops Jekyll (in
        # its default parallel mode, silently: no page of that language is written)
        templates = {template: template.read_text(encoding="utf-8", errors="replace") for template in self._templates()}
        variable = next((self._where(t, text, at[0]) for t, text in templates.items() if (at := variable_links(text))), None)
        if variable is not None:  # which documents, Liquid decides: any path the templates or the data hold
            data = self.root / str(self.settings.get("data_dir") or "_data")
            templates |= {file: file.read_text(encoding="utf-8", errors="replace") for file in sorted(data.rglob("*")) if file.is_file()}
        for template, text in templates.items():
            found = named_documents(text)
            if variable is not None:
                found += [(m.group(), m.start()) for m in _ARTICLE_PATH.finditer(text)]
            for path, offset in found:
                article = path.removeprefix(source_dir.strip("/") + "/") if source_dir else path
                where = self._where(template, text, offset)
                how = f"{where} names it with {{% link %}}" if variable is None else \
                    f"{where} names it, and {variable} names documents with {{% link {{{{ … }}}} %}}"
                self.named_by_templates.append((template.relative_to(root).as_posix(), article, (
                    f"{how}, which jekyll-polyglot cannot resolve once its translation is there (it drops the source from "
                    f"that language's build, and Jekyll stops): link by URL there, with relative_url, and polyglot leads "
                    f"each language to its own page")))

    def computed_site_variables(self) -> set[str]:
        """Jekyll's, and what polyglot sets for each language it builds (`lang_vars` too)."""
        lang_vars = self.settings.get("lang_vars")
        return super().computed_site_variables() | {"active_lang", "default_lang", "languages", "lang",
                                                    *(map(str, lang_vars) if isinstance(lang_vars, list) else [])}

    def output_path(self, article: str, lang: str, slug: str | None) -> str:
        return super().output_path(article, lang, None)

    def front_matter(self, article: str, lang: str, data: PageData, slug: str | None) -> dict[str, str]:
        return {"permalink": self.page_url(article, data, None)}


class HugoGenerator(Generator):
    name = "hugo"
    heading_style = "goldmark"
    slugs = True
    static_dir = "static"
    keys_fold_case = True  # `Title:` is the title, `Image: {Alt: …}` `image.alt`

    def __init__(self, root: Path, source_dir: str, output_dir: str, source_lang: str, languages: list[str]):
        super().__init__(root, source_dir, output_dir, source_lang, languages)
        settings = {str(k).lower(): v for k, v in read_hugo_config(root).items()}
        self.settings = settings
        self.language_settings = {
            str(code).lower(): {str(k).lower(): v for k, v in meta.items()}
            for code, meta in (settings.get("languages") or {}).items()
            if isinstance(meta, dict)
        }
        self.default_language = str(settings.get("defaultcontentlanguage") or "en").lower()
        self.default_in_subdir = bool(settings.get("defaultcontentlanguageinsubdir"))
        self.permalinks = {str(k): str(v) for k, v in (settings.get("permalinks") or {}).items() if isinstance(v, str)}
        self.lower = not settings.get("disablepathtolower")
        base = urlsplit(str(settings.get("baseurl") or ""))
        self.site_url = f"{base.scheme}://{base.netloc}{base.path}".rstrip("/") if base.netloc else ""
        self.base_path = base.path.rstrip("/")
        # a language's own settings may override a param (under its `params`, or directly before 0.112)
        overridden = {str(key).lower() for meta in self.language_settings.values()
                      for key in [*meta, *(meta.get("params") if isinstance(meta.get("params"), dict) else {})]}
        params = settings.get("params") if isinstance(settings.get("params"), dict) else {}
        # a page's param comes from the site's only where no configuration folder (one per
        # environment) may override them, and no section cascades params down to its pages
        cascaded = self._cascaded_keys()
        self.site_values = {} if (root / "config").is_dir() or cascaded is None else {
            f"site.params.{name.lower()}": value for name, value in printed_values(params).items()
            if name.partition(".")[0].lower() not in overridden | cascaded}
        self.script_print = self._script_print()
        self.quiet_templates = self._quiet_shortcodes()

    def _quiet_shortcodes(self) -> frozenset[str]:
        """The shortcodes whose templates (the site's and its themes', every output format's) are
        found and print nothing of a page (see `core.checks.template_prints_translations`); none
        where modules or a missing theme may hold others (see `_script_print`)."""
        if self._unread_templates():
            return frozenset()
        themes_dir = self.root / str(self.settings.get("themesdir") or "themes")
        layouts = [self.root / str(self.settings.get("layoutdir") or "layouts")]
        layouts += [theme / "layouts" for theme in sorted(themes_dir.glob("*")) if theme.is_dir()]
        folders = [folder for layout in layouts for folder in (layout / "shortcodes", layout / "_internal" / "shortcodes")]
        by_name: dict[str, list[str]] = {}
        for folder in folders:
            for template in (p for p in sorted(folder.rglob("*")) if p.is_file()):
                name = template.relative_to(folder).as_posix().split(".")[0].lower()  # Hugo lowercases templates' names
                by_name.setdefault(name, []).append(template.read_text(encoding="utf-8", errors="replace"))
        quiet = {name for name, found in by_name.items() if not any(template_prints_translations(text, True, self.site_values) for text in found)}
        return frozenset(quiet | (HUGO_QUIET_SHORTCODES - by_name.keys()))

    def _unread_templates(self) -> str:
        """What holds templates of the site that are not read here ("of the theme x, whose files
        are not found here,", modules or mounts), or "" when every one is."""
        # the configuration folder's files: `hugo.toml` (or `config.toml`) holds settings, others one setting each (`module.toml`)
        files = [p for p in sorted((self.root / "config").rglob("*")) if p.suffix in (".toml", ".yaml", ".yml", ".json")]
        configs = [self.settings] + [{str(k).lower(): v for k, v in _read_config_file(p).items()} if p.stem in ("hugo", "config")
                                     else {p.stem.lower(): True} for p in files]
        if any("module" in config for config in configs):
            return "of the Hugo modules or mounts this site has, whose files are not read here,"
        themes_dir = self.root / str(self.settings.get("themesdir") or "themes")
        named = [config.get("theme") or [] for config in configs]
        for theme in (t for themes in named for t in ([themes] if isinstance(themes, str) else themes)):
            if not (themes_dir / str(theme)).is_dir():
                return f"of the theme {theme}, whose files are not found here,"
        return ""

    def _script_print(self) -> str:
        """Where the site's layouts (shortcodes, partials, render hooks included), its themes'
        (every folder of the themes' folder: a theme may name components of its own), or their
        scripts run as templates (a `.js` layout or asset) first print what a translation may
        have written where Hugo's escaping does not keep it out of script (see
        `core.checks.hugo_script_print`), or "". Hugo modules and mounts, whose files are not
        read here, and a theme that is not there, may print anything there."""
        unread = self._unread_templates()
        if unread:
            return unread
        themes_dir = self.root / str(self.settings.get("themesdir") or "themes")
        folders = [self.root / str(self.settings.get("layoutdir") or "layouts"), self.root / "assets"]
        folders += [theme / part for theme in sorted(themes_dir.glob("*")) if theme.is_dir() for part in ("layouts", "assets")]
        for template in (p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()):
            script = template.suffix in (".js", ".mjs")
            if template.parent.name != "layouts" and "assets" in template.parts and not script:
                continue  # an asset other than a script is no template that prints into one
            text = template.read_text(encoding="utf-8", errors="replace")
            offset = hugo_script_print(text, script)
            if offset is not None:
                return self._where(template, text, offset)
        return ""

    def _cascaded_keys(self) -> set[str] | None:
        """The keys (lower case) that the configuration's or a section's `_index` page's `cascade`
        (in any language's content folder) gives pages they may not hold themselves, its `params`'
        too; None where one cannot be read here (it may give any)."""
        cascades = [self.settings.get("cascade")]
        folders = {self.root / str(self.settings.get("contentdir") or "content")}
        folders |= {self.root / str(meta["contentdir"]) for meta in self.language_settings.values() if meta.get("contentdir")}
        for folder in folders:
            for path in folder.rglob("_index.*"):
                try:
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    return None
                if _CASCADE_KEY.search(text):
                    data = _front_matter_data(text, path.name)
                    if data is None:
                        return None
                    cascades.append(next((value for key, value in data.items() if str(key).lower() == "cascade"), None))
        keys: set[str] = set()
        for cascade in cascades:
            for values in cascade if isinstance(cascade, list) else [cascade]:
                if values is None:
                    continue
                if not isinstance(values, dict):
                    return None
                for key, value in values.items():
                    keys.add(str(key).lower())
                    if str(key).lower() == "params" and isinstance(value, dict):
                        keys |= {str(name).lower() for name in value}
        return keys

    def content_dir(self, lang: str) -> str | None:
        meta = self.language_settings.get(web_code(lang).lower()) or self.language_settings.get(lang.lower()) or {}
        value = meta.get("contentdir")
        return str(value).strip("/") if value else None

    @property
    def by_file_name(self) -> bool:
        """Whether the site translates by file name (`x.en.md` beside `x.md`), not by folder."""
        return not any(self.content_dir(lang) for lang in [self.source_lang, *self.languages])

    def default_exclude(self) -> list[str]:
        if not self.by_file_name:
            return []
        return [f"**/*.{web_code(lang)}.{ext}" for lang in self.languages for ext in ("md", "markdown")]

    def prefix(self, lang: str) -> str:
        if lang.lower() == self.default_language and not self.default_in_subdir:
            return self.base_path
        return f"{self.base_path}/{web_code(lang).lower()}"

    def _stem(self, name: str) -> tuple[str, str]:
        stem, _, ext = name.rpartition(".")
        for code in [self.source_lang, *self.languages]:
            stem = stem.removesuffix("." + web_code(code))
        return stem, ext

    def url(self, article: str, lang: str, data: PageData, slug: str | None) -> str | None:
        if data.url and not slug:
            return self.prefix(lang) + "/" + data.url.strip("/") + "/"
        *folders, name = PurePosixPath(article).parts
        stem, _ = self._stem(name)
        sections = [permalinks.hugo_path(f, self.lower) for f in folders]
        if stem == "_index":
            return self.prefix(lang) + "/" + "".join(f"{s}/" for s in sections)
        if stem == "index" and folders:  # a leaf bundle: the folder is the page
            stem = folders[-1]
            sections = sections[:-1]
        pattern = self.permalinks.get(folders[0]) if folders else None
        return permalinks.hugo_url(self.prefix(lang), "/".join(sections), stem, slug or data.slug, data.title, pattern, data.date, self.lower)

    def slug(self, article: str, data: PageData) -> str | None:
        if data.url:
            return None  # an explicit URL is the translator's own to give (through `url`)
        *folders, name = PurePosixPath(article).parts
        stem, _ = self._stem(name)
        if stem == "_index":
            return None
        pattern = self.permalinks.get(folders[0]) if folders else None
        if pattern and ":slug" not in pattern:
            return None  # the section's URLs do not take the slug (`:filename`, `:title`)
        if pattern and ":slugorfilename" not in pattern and not data.slug:
            return permalinks.hugo_path(data.title, self.lower) or None  # `:slug` falls back to the title
        return data.slug or (folders[-1] if stem == "index" and folders else stem)

    def output_path(self, article: str, lang: str, slug: str | None) -> str:
        if not self.by_file_name:
            return f"{self.content_dir(lang) or 'content/' + web_code(lang)}/{article}"
        folder, _, name = article.rpartition("/")
        stem, ext = self._stem(name)
        return "/".join(p for p in (self.source_dir.strip("/"), folder, f"{stem}.{web_code(lang)}.{ext}") if p and p != ".")

    def front_matter(self, article: str, lang: str, data: PageData, slug: str | None) -> dict[str, str]:
        """The translated slug; without one, the source's, so that a URL that comes from the
        title (`:slug` falls back to it) stays the source's and does not follow the translation.
        A source's own `url`, which Hugo takes as it is, gets the language's prefix."""
        if data.url:
            return {"url": self.prefix(lang)[len(self.base_path) :] + "/" + data.url.lstrip("/")}
        if slug:
            return {"slug": slug}
        *folders, _ = PurePosixPath(article).parts
        pattern = self.permalinks.get(folders[0]) if folders else None
        if not data.slug and not data.url and pattern and ":slug" in pattern:
            return {"slug": permalinks.hugo_path(data.title, self.lower)}
        return {}


def _theme_folder(theme: str, root: Path) -> Path | None:
    """The installed gem of a Jekyll theme, in the site's bundle or where RubyGems installs them
    (its newest version), or None."""
    folders = [root / "vendor/bundle/ruby", Path.home() / ".local/share/gem/ruby", Path.home() / ".gem/ruby",
               Path("/var/lib/gems"), Path("/usr/local/lib/ruby/gems"), Path("/usr/lib/ruby/gems"),
               Path("/usr/share/rubygems-integration"), Path("/usr/lib/x86_64-linux-gnu/rubygems-integration")]
    folders += [Path(p) for p in os.environ.get("GEM_PATH", "").split(":") + [os.environ.get("GEM_HOME", "")] if p]
    found = [gem for folder in folders for gem in folder.glob(f"*/gems/{theme}-[0-9]*") if gem.is_dir()]
    found += [gem for folder in folders for gem in folder.glob(f"gems/{theme}-[0-9]*") if gem.is_dir()]
    return max(found, key=lambda gem: [int(n) if n.isdigit() else 0 for n in re.split(r"[.-]", gem.name[len(theme) + 1 :])], default=None)


def _front_matter_data(text: str, name: str) -> dict[str, Any] | None:
    """What a page's YAML or TOML front matter holds, or None where it cannot be read here."""
    try:
        if (fm := locate(text, name)) is not None:
            data = load_yaml(text[fm.start : fm.end], name)
        elif (block := toml_block(text, name)) is not None:
            data = toml_data(text, block[0], block[1], name)
        else:
            return None
    except SourceError:
        return None
    return data if isinstance(data, dict) else None


# `cascade` as a key of YAML, TOML or JSON front matter (Hugo's keys are case-insensitive)
_CASCADE_KEY = re.compile(r"^[ \t]*(?:\[{1,2}[ \t]*cascade\b|\"?cascade\"?[ \t]*[:=])|\"cascade\"[ \t]*:", re.M | re.I)


def printed_values(settings: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """A configuration's values that template code prints as they are, by their dotted path
    (`author.name`): strings, and integers (a float's text differs between Ruby and Go); lists and
    other values are left out."""
    found = {}
    for key, value in settings.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            found |= printed_values(value, name + ".")
        elif isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
            found[name] = str(value)
    return found


def _has_front_matter(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(7).removeprefix(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False


def read_jekyll_config(root: Path) -> dict[str, Any]:
    path = root / JEKYLL_CONFIG
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), str(path))
    except OSError as exc:
        raise ConfigError(f"cannot read the Jekyll configuration: {exc.strerror}", path) from None
    except SourceError as exc:
        raise ConfigError(exc.message, path, exc.line) from None
    return data if isinstance(data, dict) else {}


def hugo_config_path(root: Path) -> Path | None:
    return next((root / name for name in HUGO_CONFIGS if (root / name).is_file()), None)


def read_hugo_config(root: Path) -> dict[str, Any]:
    path = hugo_config_path(root)
    if path is None:
        raise ConfigError("no Hugo configuration (hugo.toml, hugo.yaml, config.toml…)", root)
    return _read_config_file(path)


def _read_config_file(path: Path) -> dict[str, Any]:
    """A Hugo configuration file's settings (TOML, JSON or YAML). Raises ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = load_yaml(text, str(path))
    except SourceError as exc:
        raise ConfigError(exc.message, path, exc.line) from None
    except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read the Hugo configuration: {exc}", path) from None
    return data if isinstance(data, dict) else {}


def detect(root: Path) -> str:
    """The generator of the site at `root`: polyglot when `_config.yml` loads jekyll-polyglot,
    jekyll with a `_config.yml`, hugo with a Hugo configuration, plain otherwise."""
    if (root / JEKYLL_CONFIG).is_file():
        settings = read_jekyll_config(root)
        plugins = [str(p) for p in (settings.get("plugins") or []) + (settings.get("gems") or [])]
        return "polyglot" if "jekyll-polyglot" in plugins else "jekyll"
    if hugo_config_path(root) is not None:
        return "hugo"
    return "plain"


@dataclass
class Layout:
    """What `init` writes for a site's generator."""

    generator: str = "plain"
    source_dir: str = ""  # "" : content/<source language>
    locales_dir: str = "locales"  # a folder the generator does not publish
    lang_key: str = "lang"
    translation_key: str = "ref"
    heading_ids: bool = False
    notes: list[str] = field(default_factory=list)  # what the user should know (written as comments)


def generator_layout(root: Path, name: str, source_lang: str, languages: list[str]) -> Layout:
    """The configuration that makes `name` publish the site at `root` with no editing."""
    if name == "plain":
        return Layout()
    if name in ("jekyll", "polyglot"):
        settings = read_jekyll_config(root)
        notes = []
        if not settings.get("url"):
            notes.append("_config.yml has no `url`: absolute links to the site cannot be recognised as internal")
        if name == "polyglot":
            known = [str(x) for x in settings.get("languages") or []]
            missing = [web_code(x) for x in [source_lang, *languages] if web_code(x) not in known and x not in known]
            if missing:
                notes.append(f"add {', '.join(missing)} to `languages` in _config.yml, or polyglot will not build them")
        if CONFIG_NAME not in [str(x).strip("/") for x in settings.get("exclude") or []]:
            notes.append(f"add {CONFIG_NAME} to `exclude` in _config.yml, or Jekyll publishes it")
        # Jekyll publishes every folder whose name starts with neither `_` nor `.`: the
        # catalogs (and their drafts) would be on the site
        return Layout(name, ".", "_locales", "lang", "ref", True, notes)
    if name == "hugo":
        generator = HugoGenerator(root, "", "", source_lang, languages)
        notes = [f"add [languages.{web_code(x)}] to the Hugo configuration" for x in [source_lang, *languages]
                 if web_code(x).lower() not in generator.language_settings and x.lower() not in generator.language_settings]
        # Hugo pairs the versions by their path, which a translation keeps: no key to write (a
        # `translationKey` made of the path would unpair `_index.md` pages, keyed by their section)
        return Layout("hugo", generator.content_dir(source_lang) or "content", "locales", "", "", True, notes)
    raise ConfigError(f"unknown generator {name!r} (known: {', '.join(GENERATORS)})")


def make_generator(name: str, root: Path, source_dir: str, output_dir: str, source_lang: str, languages: list[str]) -> Generator:
    classes = {"plain": Generator, "jekyll": JekyllGenerator, "polyglot": PolyglotGenerator, "hugo": HugoGenerator}
    if name not in classes:
        raise ConfigError(f"unknown generator {name!r} (known: {', '.join(GENERATORS)})")
    return classes[name](root, source_dir, output_dir, source_lang, languages)
