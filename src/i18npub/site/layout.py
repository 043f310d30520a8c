"""Where a site's files are: its articles, their templates, catalogs and built versions, and the
one resolution of article arguments and of the paths shown to people."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..core.article import Article, decode, parse
from ..errors import I18nError, OutputError, SourceError, UsageError
from .config import ARTICLE_SUFFIXES, Config
from .files import read_bytes


def _stem(article: str) -> str:
    for suffix in ARTICLE_SUFFIXES:
        if article.endswith(suffix):
            return article[: -len(suffix)]
    return article


def _unsafe_characters(name: str) -> list[str]:
    """What in an article's name cannot go into a catalog's `#:` lines or a Markdown link:
    control characters (newline, tab, escape...), line and paragraph separators, and bytes
    that are not UTF-8 (which Python keeps as lone surrogates)."""
    return [
        f"U+{ord(c):04X}" if unicodedata.category(c) != "Cs" else "bytes that are not UTF-8"
        for c in dict.fromkeys(name)
        if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs")
    ]


@dataclass
class Site:
    config: Config
    _refusals: dict[tuple[Path, bool], str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def root(self) -> Path:
        return self.config.root

    def shown(self, path: Path) -> str:
        """A path as shown to people and in `#:` locations: relative to the site root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def articles(self) -> list[str]:
        """Paths of every article relative to the source folder, with '/' separators, sorted."""
        root = self.config.source_root
        if not root.is_dir():
            raise UsageError("source folder not found", root)
        names = sorted(
            p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file()
        )
        refused = [f"{name!r} ({', '.join(found)})" for name in names if (found := _unsafe_characters(name))]
        if refused:
            raise SourceError(f"article names with control characters cannot be translated; rename {'; '.join(refused)}", self.shown(root))
        return names

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
                    name = candidate.relative_to(self.config.source_root.resolve()).as_posix()
                except ValueError:
                    pass
            if name not in by_name:
                raise UsageError(f"no article {item!r} in the source folder", self.shown(self.config.source_root))
            chosen.append(by_name[name])
        return list(dict.fromkeys(chosen))

    def source_path(self, article: str) -> Path:
        return self.config.source_root / article

    def template_path(self, article: str) -> Path:
        return self.config.locales_root / "templates" / (_stem(article) + ".pot")

    def catalog_path(self, lang: str, article: str) -> Path:
        return self.config.locales_root / lang / (_stem(article) + ".po")

    def output_path(self, lang: str, article: str) -> Path:
        return self.config.output_root(lang) / article

    def written_folders(self) -> list[Path]:
        """The folders that writing commands write into: the catalogs' and the outputs'."""
        folders = [self.config.locales_root] + [self.config.output_root(lang) for lang in self.config.languages]
        return list(dict.fromkeys(folders))

    def check_folder(self, folder: Path, catalog: bool = False) -> None:
        """Refuse (OutputError) to write or remove files in `folder` unless, symbolic links
        followed, it is inside the site root and outside the source folder (sources are never
        written), and outside the locales folder unless what goes there is a catalog."""
        key = (folder, catalog)
        if key not in self._refusals:  # one check per folder: a site has few
            self._refusals[key] = self._refusal(folder.resolve(), catalog)
        if self._refusals[key]:
            raise OutputError(f"nothing is written here: {self._refusals[key]} (see output_dir and locales_dir in i18npub.toml)", self.shown(folder))

    def _refusal(self, folder: Path, catalog: bool) -> str:
        """Why nothing may be written in `folder` (resolved), or "" when it may."""
        config = self.config
        if not folder.is_relative_to(config.root.resolve()):
            return f"it is outside the site root ({folder})"
        if folder.is_relative_to(config.source_root.resolve()):
            return f"it is in the source folder ({self.shown(config.source_root)})"
        if not catalog and folder.is_relative_to(config.locales_root.resolve()):
            return f"it is in the locales folder ({self.shown(config.locales_root)})"
        return ""

    def load_article(self, article: str) -> Article:
        path = self.source_path(article)
        shown = self.shown(path)
        try:
            data = read_bytes(path)
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror}", shown) from None
        fm = self.config.front_matter
        return parse(decode(data, shown), shown, fm.prose_keys, fm.markdown_keys)

    def internal_error(self, article: str, exc: Exception) -> I18nError:
        """An unexpected failure on one article, reported like bad input so the others go on."""
        return I18nError(f"internal error ({type(exc).__name__}: {exc}); please report it", self.shown(self.source_path(article)))
