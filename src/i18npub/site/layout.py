"""Where a site's files are: its articles (chosen by the generator's rules and the `include` and
`exclude` globs), their templates, catalogs and built versions, the pages' URLs, and the one
resolution of article arguments and of the paths shown to people."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.article import Article, decode, parse
from ..core.checks import Policy
from ..core.frontmatter import load_yaml
from ..core.languages import web_code
from ..errors import ConfigError, I18nError, OutputError, SourceError, UsageError
from .config import ARTICLE_SUFFIXES, CONFIG_NAME, Config
from .files import read_bytes
from .generators import Generator, HugoGenerator, PageData, make_generator


# the site-wide catalog's name beside the articles' (locales/<lang>/_site.po): the values of
# `front_matter.site_keys`, translated once for every article
SITE_CATALOG = "_site"


def _stem(article: str) -> str:
    for suffix in ARTICLE_SUFFIXES:
        if article.endswith(suffix):
            return article[: -len(suffix)]
    return article


@functools.lru_cache(maxsize=512)
def _glob(pattern: str) -> re.Pattern[str]:
    """A glob as a pattern over `/`-separated paths: `**` any number of folders, `*` and `?`
    within a name, `[…]` a set; a pattern without `/` matches a name at any depth."""
    pattern = pattern.strip("/")
    if "/" not in pattern:
        pattern = "**/" + pattern
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            end = pattern.index("]", i + 1)
            out.append("[" + pattern[i + 1 : end].replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + "(?:/.*)?")


# what in an article's name cannot go into a catalog's `#:` lines or a Markdown link: control
# characters (Unicode's Cc: newline, tab, escape...), the line and paragraph separators (Zl, Zp),
# and the lone surrogates (Cs) Python keeps for bytes that are not UTF-8
UNSAFE_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _unsafe_characters(name: str) -> list[str]:
    """The characters of an article's name that `UNSAFE_IN_NAMES` refuses, as people read them."""
    return [
        "bytes that are not UTF-8" if "\ud800" <= c <= "\udfff" else f"U+{ord(c):04X}"
        for c in dict.fromkeys(UNSAFE_IN_NAMES.findall(name))
    ]


def matches(path: str, patterns: list[str]) -> bool:
    """Whether a `/`-separated relative path (or a folder holding it) matches one of the globs."""
    return any(_glob(p).fullmatch(path) for p in patterns)


_HUGO_FRONT_MATTER = re.compile(r"[ \t\r\n]*(?:---|\+\+\+|\{|#\+)")  # after blanks: YAML, TOML, JSON, org-mode


def _refuse_front_matter_hugo_reads(text: str, shown: str) -> None:
    """Refuse (SourceError) an article in which Hugo reads a front matter i18npub does not: JSON,
    org-mode's `#+key:` lines, or one after blank lines. Taken for a body, it would be offered to
    translators, and the front matter the build adds would make Hugo print it as text, at another
    page's address."""
    found = _HUGO_FRONT_MATTER.match(text.removeprefix("\ufeff"))
    if found:
        line = text.count("\n", 0, found.end()) + 1
        raise SourceError("Hugo reads a front matter here that i18npub does not (JSON, org-mode, or one after blank lines): "
                          "write it as YAML (---) or TOML (+++) on the file's first line", shown, line)


def _refuse_keys_hugo_folds(article: Article, set_by_build: set[str], shown: str) -> None:
    """Refuse (SourceError) an article whose front matter spells a key that `build` sets
    (`url`, `slug`, the language and translation keys) otherwise than in lower case: Hugo reads
    keys whatever their case, so the translation would hold both, and Hugo would take either
    (`URL = "/x/"` kept as it is would give the English page the French page's address)."""
    if article.document is not None:
        names = list(article.document.keys)
    elif article.toml_data is not None:
        names = [str(name) for name in article.toml_data]
    else:
        return
    for name in names:
        if name != name.lower() and name.lower() in set_by_build:
            found = re.search(rf"^[ \t]*[\"']?{re.escape(name)}[\"']?[ \t]*[:=]", article.text, re.M)
            line = article.text.count("\n", 0, found.start()) + 1 if found else 1
            raise SourceError(f"Hugo reads the key {name} as {name.lower()}, which the translation sets: write it {name.lower()}", shown, line)


@dataclass
class Site:
    config: Config

    def __post_init__(self) -> None:
        config = self.config
        self.generator: Generator = make_generator(
            config.generator, config.root, config.source_dir, config.output_dir, config.source_lang, config.languages
        )
        self._resolved_folders: dict[Path, Path] = {}  # folder → itself, symbolic links followed
        self._catalog_folders: dict[str, Path] = {}  # "templates" or a language → where its catalogs are

    @property
    def root(self) -> Path:
        return self.config.root

    @functools.cached_property
    def source_root(self) -> Path:
        config = self.config
        if config.source_dir:
            return config.root / config.source_dir
        if isinstance(self.generator, HugoGenerator):
            return config.root / (self.generator.content_dir(config.source_lang) or "content")
        if config.generator in ("jekyll", "polyglot"):
            return config.root
        return config.root / f"content/{web_code(config.source_lang)}"

    @property
    def site_url(self) -> str:
        return (self.config.site_url or self.generator.site_url).rstrip("/")

    @property
    def lang_key(self) -> str:
        return self.config.front_matter.lang_key

    @property
    def policy(self) -> Policy:
        """What the checks allow a translation beyond its source's markup, and what the site's own
        variables print."""
        return dataclasses.replace(self.config.policy, site_values=self.generator.site_values, printed_in_script=self.generator.script_print,
                                   printed_in_attribute=self.generator.attribute_print, quiet_templates=self.generator.quiet_templates)

    def shown(self, path: Path) -> str:
        """A path as shown to people and in `#:` locations: relative to the site root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    # --- the articles ---------------------------------------------------------------------

    def _excluded(self) -> list[str]:
        """What is never an article: the generator's and the configuration's exclusions, and the
        folders i18npub writes (catalogs, previews, the plain generator's outputs)."""
        root, source = self.root.resolve(), self.source_root.resolve()
        own = [self.config.locales_dir, self.config.build.preview_dir, ".i18npub-cache", CONFIG_NAME]
        if self.config.generator == "plain":
            own += [self.config.output_dir.format(lang=web_code(lang)) for lang in self.config.languages]
        relative = []
        for folder in own:
            try:
                relative.append((root / folder).resolve().relative_to(source).as_posix() + "/**")
            except ValueError:
                pass  # outside the sources: nothing to exclude
        return self.generator.default_exclude() + self.config.exclude + relative

    @functools.cached_property
    def _articles(self) -> list[str]:
        root = self.source_root
        if not root.is_dir():
            raise UsageError("source folder not found", root)
        include = self.config.include or self.generator.default_include()
        exclude = self._excluded()
        found = []
        for folder, dirs, files in os.walk(root):
            relative = Path(folder).relative_to(root).as_posix()
            prefix = "" if relative == "." else relative + "/"
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not matches(prefix + d, exclude))
            for name in sorted(files):
                path = prefix + name
                if name.endswith(ARTICLE_SUFFIXES) and matches(path, include) and not matches(path, exclude):
                    if self.generator.is_article(root, path):
                        found.append(path)
        refused = [f"{name!r} ({', '.join(unsafe)})" for name in found if (unsafe := _unsafe_characters(name))]
        if refused:
            raise SourceError(f"article names with control characters cannot be translated; rename {'; '.join(refused)}", self.shown(root))
        self._refuse_outputs_among_sources(set(found))
        return sorted(found)

    def _refuse_outputs_among_sources(self, sources: set[str]) -> None:
        """The tool never reads what it writes: a configuration whose outputs could be taken for
        sources is refused."""
        source_root = str(self.source_root.resolve()) + os.sep
        excluded = self._excluded()
        folders: dict[str, str] = {}  # one resolution per folder: a site has few
        for article in sorted(sources):
            for lang in self.config.languages:
                relative = self.generator.output_path(article, lang, None)
                parent, _, name = relative.rpartition("/")
                folder = folders.get(parent)
                if folder is None:
                    folder = folders[parent] = os.path.realpath(os.path.join(self.root, parent))
                resolved = os.path.join(folder, name)
                if not resolved.startswith(source_root):
                    continue
                output = resolved[len(source_root) :].replace(os.sep, "/")
                if output == article or output in sources or not matches(output, excluded):
                    raise ConfigError(
                        f"the translation of {article} ({lang}) would be written to {self.shown(self.root / self.generator.output_path(article, lang, None))}, "
                        "which i18npub would then read as a source: change output_dir, source_dir or exclude",
                        self.root / CONFIG_NAME,
                    )

    @functools.cached_property
    def kept_untranslated(self) -> dict[str, str]:
        """The articles whose translation would stop the site's build, and why: those that a
        file other than an article (a layout, a page i18npub does not translate) names so that
        the generator could no longer find them (see `PolyglotGenerator`). An article's own
        links are `build`'s to resolve."""
        if not self.generator.named_by_templates:  # most sites
            return {}
        articles = {self.shown(self.source_path(article)) for article in self._articles}
        kept: dict[str, str] = {}
        for file, article, why in self.generator.named_by_templates:
            if file not in articles:
                kept.setdefault(article, why)
        return kept

    def articles(self) -> list[str]:
        """Paths of every article relative to the source folder, with '/' separators, sorted."""
        return list(self._articles)

    def resolve(self, wanted: list[str] | None) -> list[str]:
        """The articles named on a command line (relative to the source folder, with or without
        their suffix, or a path to the file), in the order given; all articles when none is."""
        known = self.articles()
        if not wanted:
            return known
        by_name = {name: name for name in known} | {_stem(name): name for name in known}
        chosen: list[str] = []
        for item in wanted:
            name = item.replace("\\", "/")
            candidate = Path(item).resolve()
            if candidate.is_file():
                try:
                    name = candidate.relative_to(self.source_root.resolve()).as_posix()
                except ValueError:
                    pass
            if name not in by_name:
                raise UsageError(f"no article {item!r} in the source folder", self.shown(self.source_root))
            chosen.append(by_name[name])
        return list(dict.fromkeys(chosen))

    @property
    def site_terms(self) -> bool:
        """Whether the site has a site-wide catalog (`front_matter.site_keys`)."""
        return bool(self.config.front_matter.site_keys)

    def catalog_names(self, wanted: list[str] | None) -> list[str]:
        """The catalogs a command on these articles works on: theirs, and the site-wide one
        when the command is for the whole site."""
        chosen = self.resolve(wanted)
        if not self.site_terms or wanted:
            return chosen
        if any(_stem(article) == SITE_CATALOG for article in self.articles()):
            raise ConfigError(f"an article's catalog would be the site-wide catalog {SITE_CATALOG}.po: rename the article", self.root / CONFIG_NAME)
        return chosen + [SITE_CATALOG]

    # --- their files ----------------------------------------------------------------------

    def source_path(self, article: str) -> Path:
        return self.source_root / article

    def template_path(self, article: str) -> Path:
        return self._catalog_folder("templates") / (_stem(article) + ".pot")

    def catalog_path(self, lang: str, article: str) -> Path:
        return self._catalog_folder(lang) / (_stem(article) + ".po")

    def _catalog_folder(self, name: str) -> Path:
        folder = self._catalog_folders.get(name)
        if folder is None:
            folder = self._catalog_folders[name] = self.config.locales_root / name
        return folder

    def output_path(self, lang: str, article: str, slug: str | None = None, preview: bool = False) -> Path:
        relative = self.generator.output_path(article, lang, slug if self.generator.slugs else None)
        return (self.root / self.config.build.preview_dir / relative) if preview else self.root / relative

    def load_article(self, name: str) -> Article:
        return self.parse_article(name, self.read_source(name))

    def read_article(self, text: str, shown: str) -> Article:
        """`text` cut into units as the site reads its articles: the configured front-matter keys,
        whatever their case where the generator reads them so."""
        fm = self.config.front_matter
        return parse(text, shown, fm.prose_keys, fm.markdown_keys, fm.link_keys, site_keys=fm.site_keys,
                     fold_case=self.generator.keys_fold_case)

    def read_source(self, name: str) -> bytes:
        path = self.source_path(name)
        try:
            return read_bytes(path)
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror}", self.shown(path)) from None

    def parse_article(self, name: str, data: bytes) -> Article:
        """The article `name` from its file's bytes `data`."""
        shown = self.shown(self.source_path(name))
        fm = self.config.front_matter
        text = decode(data, shown)
        article = self.read_article(text, shown)
        if isinstance(self.generator, HugoGenerator):
            if article.front_matter is None and not article.toml:
                _refuse_front_matter_hugo_reads(text, shown)
            _refuse_keys_hugo_folds(article, {"url", "slug", fm.lang_key.lower(), fm.translation_key.lower()} - {""}, shown)
        if self.generator.slugs and fm.slug:
            article.slug = self.generator.slug(name, self.page_data(article))
        return article

    # --- writing them safely ---------------------------------------------------------------

    def written_folders(self) -> list[Path]:
        """The folders writing commands write into: those of the catalogs, templates, outputs and
        previews of every article (and of the site-wide catalog), the record and cache folder, and
        the site root (i18npub.toml)."""
        sources: set[str] = {""} if self.site_terms else set()  # an article's catalogs are in its folder's counterpart
        outputs: set[str] = set()  # as the generator places them, relative to the root
        for article in self.articles():
            sources.add(article.rpartition("/")[0])
            for lang in self.config.languages:
                outputs.add(self.generator.output_path(article, lang, None).rpartition("/")[0])
        folders = {self.root, self.root / ".i18npub-cache"}
        for folder in sources:
            folders.add(self.config.locales_root / "templates" / folder)
            folders.update(self.config.locales_root / lang / folder for lang in self.config.languages)
        for folder in outputs:
            folders.add(self.root / folder)
            folders.add(self.root / self.config.build.preview_dir / folder)
        return sorted(folders)

    def check_writable(self, path: Path, catalog: bool = False) -> None:
        """Refuse (OutputError) to write or remove `path` unless the folder it goes into,
        symbolic links followed, is inside the site root; a source is never written, nor anything
        in the locales folder but catalogs."""
        folder = self._resolved_folders.get(path.parent)
        if folder is None:  # one resolution per folder: a site has few
            folder = self._resolved_folders[path.parent] = path.parent.resolve()
        root, locales = self._guarded
        if not folder.is_relative_to(root):
            problem = f"its folder is outside the site root ({folder})"
        elif self._is_source(folder / path.name):
            problem = "it is a source"
        elif not catalog and folder.is_relative_to(locales):
            problem = f"it is in the locales folder ({self.config.locales_dir})"
        else:
            return
        raise OutputError(f"not written: {problem} (see the output and source settings in {CONFIG_NAME})", self.shown(path))

    @functools.cached_property
    def _guarded(self) -> tuple[Path, Path]:
        """The site root and the locales folder, symbolic links followed."""
        return self.root.resolve(), self.config.locales_root.resolve()

    def _is_source(self, path: Path) -> bool:
        """Whether the file at `path` is an article's file, through symbolic or hard links."""
        try:
            status = os.stat(path)
        except OSError:
            return False  # nothing there yet, so no source
        return (status.st_dev, status.st_ino) in self._source_files

    @functools.cached_property
    def _source_files(self) -> frozenset[tuple[int, int]]:
        """Every article's file by device and inode: one `stat` each, where following the
        symbolic links of each path would cost seven."""
        root = str(self.source_root)
        files = set()
        for article in self.articles():
            try:
                status = os.stat(os.path.join(root, article))
            except OSError:
                continue  # gone since the listing: it cannot be written over
            files.add((status.st_dev, status.st_ino))
        return frozenset(files)

    # --- their URLs -----------------------------------------------------------------------

    def page_data(self, article: Article) -> PageData:
        if article.toml_data is not None:
            return PageData.of(article.toml_data)
        if article.front_matter is None:
            return PageData()
        data = load_yaml(article.text[article.front_matter.start : article.front_matter.end], article.path)
        return PageData.of(data if isinstance(data, dict) else {})

    def url(self, article: str, lang: str, data: PageData, slug: str | None = None) -> str | None:
        return self.generator.url(article, lang, data, slug if self.generator.slugs else None)

    def internal_error(self, article: str, exc: Exception) -> I18nError:
        """An unexpected failure on one article, reported like bad input so the others go on."""
        return I18nError(f"internal error ({type(exc).__name__}: {exc}); please report it", self.shown(self.source_path(article)))
