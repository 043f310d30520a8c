"""Where a site's files are: its articles, their templates, catalogs and built versions, and the
one resolution of article arguments and of the paths shown to people."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.article import Article, decode, parse
from ..errors import I18nError, SourceError, UsageError
from .config import ARTICLE_SUFFIXES, Config
from .files import read_bytes


def _stem(article: str) -> str:
    for suffix in ARTICLE_SUFFIXES:
        if article.endswith(suffix):
            return article[: -len(suffix)]
    return article


@dataclass
class Site:
    config: Config

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
        return sorted(
            p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file()
        )

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
