"""`import`: fill a language's catalogs from the translations people already wrote, so that a site
adopting the tool keeps their work.

Each source article is aligned with its human version (`core.align`); a confident pairing
becomes a translated entry, an uncertain one a fuzzy entry whose translator comment says why,
and units without counterpart are reported, never invented. A translation already in the
catalog (reviewed or fuzzy) is never replaced: it is reported as kept. An article without a
catalog yet is extracted first (`extract`'s own run, for that article).

Pairs come from the command line (an article and its translation; or an article holding its
translation after a given line), from a folder of translations (each paired with its source by
the translation key, `ref`, or else by its path in the folder, as Hugo pairs versions), or
from a pairs file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..core.align import Piece, Proposal, align_articles, pieces, quoted, split_offset
from ..core.article import Article, decode
from ..core.catalog import SITE_CONTEXT, SLUG_CONTEXT, Catalog, Entry, Key
from ..core.frontmatter import load_yaml, locate
from ..core.pofile import parse_catalog
from ..errors import I18nError, SourceError, UsageError
from ..site.catalogs import Change, read_catalog_text, save_changes
from ..site.config import ARTICLE_SUFFIXES
from ..site.files import read_bytes, read_pairs_file
from ..site.layout import SITE_CATALOG, Site
from . import extract as extract_module
from .build import _translation_ref as translation_ref  # the value a translation key pairs by
from .report import ArticleResult, Outcome, SiteReport

IMPORT_MARK = "i18npub-import:"  # starts the translator comment of an uncertain entry


@dataclass
class ImportOptions:
    """What to import: one of an `article` with its `translation`, an `article` whose own text
    holds its translation from the line starting with `split_at`, a `folder` of translations, or
    a `pairs` file."""

    lang: str
    article: str | None = None  # relative to the source folder, as on the command line
    translation: Path | None = None
    split_at: str | None = None
    folder: Path | None = None
    pairs: Path | None = None
    dry_run: bool = False  # report, write nothing


@dataclass(frozen=True)
class Pair:
    article: str  # relative to the source folder
    translation: Path | None  # None: in the article itself, from `split_at`


@dataclass
class UnitAt:
    """A unit of the report: where it is, its kind and its text."""

    line: int
    kind: str
    text: str


@dataclass
class Filled:
    """An entry the import filled, or would have filled."""

    key: Key
    lines: list[int]  # of its units in the source (none for the slug)
    text: str
    from_lines: list[int]  # in the translation
    reasons: list[str]  # why it is fuzzy; empty when translated


@dataclass
class ArticleImport:
    article: str
    translation: str  # the human version, as shown (the article itself for a split)
    catalog: str  # as shown
    filled: list[Filled] = field(default_factory=list)
    kept: list[Filled] = field(default_factory=list)  # had a translation already: left as it was
    missing: list[Filled] = field(default_factory=list)  # no such entry: the catalog is older than the article
    unmatched_source: list[UnitAt] = field(default_factory=list)
    unmatched_target: list[UnitAt] = field(default_factory=list)
    merged: list[tuple[UnitAt, int]] = field(default_factory=list)  # a unit whose translation is in the entry of the unit at this line
    same: int = 0  # optional values (slug, links) the translation keeps as they are
    translated_part: int = 0  # a split: the source's units in the translation's part, left alone
    extracted: bool = False  # the catalog was created first
    written: bool = False

    @property
    def translated(self) -> list[Filled]:
        return [f for f in self.filled if not f.reasons]

    @property
    def fuzzy(self) -> list[Filled]:
        return [f for f in self.filled if f.reasons]


@dataclass
class ImportReport(SiteReport):
    lang: str = ""
    dry_run: bool = False
    imports: list[ArticleImport] = field(default_factory=list)


def import_site(site: Site, options: ImportOptions) -> ImportReport:
    """Import every pair the options name. Raises UsageError for options that name nothing to
    import; an article that fails is reported and the others go on."""
    lang = site.config.check_language(options.lang)
    report = ImportReport(lang=lang, dry_run=options.dry_run)
    for pair in pairs_of(site, options, report):
        try:
            done = _import(site, lang, pair, options)
        except UsageError:
            raise
        except I18nError as exc:
            report.fail(pair.article, exc)
            continue
        except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the site
            report.fail(pair.article, site.internal_error(pair.article, exc))
            continue
        report.imports.append(done)
        outcome = Outcome.WRITTEN if done.written else Outcome.UNCHANGED
        report.results.append(ArticleResult(pair.article, outcome, units=len(done.filled), done=len(done.filled)))
    return report


# --- Pairs ------------------------------------------------------------------------------------


def pairs_of(site: Site, options: ImportOptions, report: ImportReport) -> list[Pair]:
    """The pairs the options name; translations that pair with no article are reported as
    skipped. Raises UsageError when the options do not name one thing to import."""
    forms = [options.translation is not None, options.split_at is not None, options.folder is not None, options.pairs is not None]
    if sum(forms) != 1 or (options.article is None) != (options.folder is not None or options.pairs is not None):
        raise UsageError("give an article and its translation, an article and --split-at, --from FOLDER, or --pairs FILE")
    if options.article is not None:
        article = site.resolve([options.article])[0]
        return [Pair(article, _existing(options.translation) if options.translation else None)]
    if options.pairs is not None:
        return _listed(site, options.pairs)
    assert options.folder is not None
    return _paired_in(site, _existing(options.folder), report)


def _existing(path: Path) -> Path:
    if not path.exists():
        raise UsageError("no such file or folder", path)
    return path


def _paired_in(site: Site, folder: Path, report: ImportReport) -> list[Pair]:
    """Each article of `folder` with the source whose translation key has the same value, or
    else the source at the same path (Hugo's pairing); sources without their own key have the
    value `build` gives their translations."""
    if not folder.is_dir():
        raise UsageError("not a folder", folder)
    key = site.config.front_matter.translation_key
    by_key: dict[str, str] = {}
    articles = set(site.articles())
    if key:
        for article in sorted(articles):
            try:
                value = _key_value(site, site.source_path(article), key)
            except I18nError as exc:
                report.errors.append(exc)
                continue
            by_key.setdefault(value if value is not None else translation_ref(article), article)
    pairs = []
    for path in _articles_in(folder):
        relative = path.relative_to(folder).as_posix()
        try:
            value = _key_value(site, path, key) if key else None
        except I18nError as exc:
            report.fail(site.shown(path), exc)
            continue
        article = by_key.get(value) if value is not None else (relative if relative in articles else None)
        if article is None:
            why = f"its {key} {value!r} names no article" if value is not None else "no translation key, and no article at its path"
            report.results.append(ArticleResult(site.shown(path), Outcome.SKIPPED, why))
        else:
            pairs.append(Pair(article, path))
    return pairs


def _articles_in(folder: Path) -> list[Path]:
    found = []
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(parent) / name for name in sorted(files) if name.endswith(ARTICLE_SUFFIXES)]
    return found


def _key_value(site: Site, path: Path, key: str) -> str | None:
    """The value of the top-level `key` of the article at `path`'s front matter, if any."""
    shown = site.shown(path)
    text = _read_text(path, shown)
    front_matter = locate(text, shown)
    if front_matter is None:
        return None
    data = load_yaml(text[front_matter.start : front_matter.end], shown)
    value = data.get(key) if isinstance(data, dict) else None
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def _read_text(path: Path, shown: str) -> str:
    try:
        return decode(read_bytes(path), shown)
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", shown) from None


def _listed(site: Site, path: Path) -> list[Pair]:
    """The pairs file: a JSON list of {"source": ARTICLE, "translated": PATH}, the article
    relative to the source folder, the translation relative to the pairs file's folder."""
    pairs = []
    for number, item in enumerate(read_pairs_file(path, '{"source": ARTICLE, "translated": PATH}'), 1):
        translation = path.parent / PurePosixPath(item["translated"])
        if not translation.is_file():
            raise UsageError(f"item {number}: no file {item['translated']!r} beside the pairs file", path)
        pairs.append(Pair(site.resolve([item["source"]])[0], translation))
    return pairs


# --- One pair ---------------------------------------------------------------------------------


def _read_translation(site: Site, path: Path, text: str | None = None) -> Article:
    """A human translation, read as the site reads its articles."""
    shown = site.shown(path)
    return site.read_article(_read_text(path, shown) if text is None else text, shown)


def _translation_slug(site: Site, translation: Article, path: Path, article: str) -> str | None:
    """The human version's slug, as the generator reads it from its file name or permalink, for
    a file standing where the source does."""
    if not (site.generator.slugs and site.config.front_matter.slug):
        return None
    folder = article.rpartition("/")[0]
    return site.generator.slug(f"{folder}/{path.name}".lstrip("/"), site.page_data(translation))


def _import(site: Site, lang: str, pair: Pair, options: ImportOptions) -> ArticleImport:
    source = site.load_article(pair.article)
    if pair.translation is None:
        assert options.split_at is not None
        cut = split_offset(source.text, options.split_at, source.body_start)
        if cut is None:
            raise UsageError(f"no line starts with {options.split_at!r} in the body", source.path)
        first_line = source.text.count("\n", 0, cut) + 1
        # the translation's part alone, at its own lines: what precedes it becomes blank lines
        translation = _read_translation(site, site.source_path(pair.article), "\n" * (first_line - 1) + source.text[cut:])
        ours = pieces(source, end=cut)
        shown, slugs = f"{source.path}, from line {first_line}", (None, None)
    else:
        translation = _read_translation(site, pair.translation)
        ours = pieces(source)
        shown = translation.path
        slugs = (source.slug, _translation_slug(site, translation, pair.translation, pair.article))
    has_front_matter = translation.front_matter is not None or translation.toml
    alignment = align_articles(ours, pieces(translation), site.policy, slugs, has_front_matter)

    path = site.catalog_path(lang, pair.article)
    result = ArticleImport(pair.article, shown, site.shown(path))
    result.translated_part = len(source.units) - len(ours)
    site.check_writable(path, catalog=True)
    text = read_catalog_text(path, result.catalog)
    if text is None and options.dry_run:  # what extract would write, kept in memory
        catalog = Catalog(entries=extract_module.template_entries(source))
    else:
        if text is None:
            extracted = extract_module.extract_site(site, [pair.article])
            if extracted.errors:
                raise extracted.errors[0]
            result.extracted = True
            text = read_catalog_text(path, result.catalog) or ""
        catalog = parse_catalog(text, result.catalog)
    site_wide = [p for p in alignment.proposals if p.key[0] == SITE_CONTEXT]
    filled = _fill(catalog, [p for p in alignment.proposals if p not in site_wide], result)
    _save(path, result.catalog, text, catalog, filled, result, options.dry_run)
    if site_wide:  # the site-wide values: filled in the site catalog (as extract made it)
        site_path = site.catalog_path(lang, SITE_CATALOG)
        site_shown = site.shown(site_path)
        site.check_writable(site_path, catalog=True)
        site_text = read_catalog_text(site_path, site_shown)
        site_catalog = parse_catalog(site_text, site_shown) if site_text is not None else Catalog()
        filled = _fill(site_catalog, site_wide, result, lambda key: (None, key[1]))
        _save(site_path, site_shown, site_text, site_catalog, filled, result, options.dry_run)
    result.unmatched_source = [_unit(p) for p in alignment.unmatched_source]
    result.unmatched_target = [_unit(p) for p in alignment.unmatched_target]
    result.merged = [(_unit(piece), proposal.source[0].line) for piece, proposal in alignment.merged]
    result.same = len(alignment.same)
    return result


def _save(path: Path, shown: str, text: str | None, catalog: Catalog, filled: list[tuple[Change, Filled]],
          result: ArticleImport, dry_run: bool) -> None:
    """Save what the import filled in one catalog; a translation someone saved meanwhile is
    kept: never overwritten by an import."""
    dropped: set[Key] = set()
    if filled and not dry_run:
        saved = save_changes(path, shown, text, catalog, [change for change, _ in filled])
        dropped = {c.after.key for c in saved.dropped}
        result.written = result.written or len(dropped) < len(filled)
    for change, unit in filled:
        (result.kept if change.after.key in dropped else result.filled).append(unit)


def _fill(catalog: Catalog, proposals: list[Proposal], result: ArticleImport,
          keyed: Callable[[Key], Key] = lambda key: key) -> list[tuple[Change, Filled]]:
    """Fill the catalog's untranslated entries from the proposals (`keyed`: the key of a
    proposal's unit in this catalog); return the changes made, each with what it filled."""
    entries = {e.key: e for e in catalog.active}
    changes = []
    for proposal in proposals:
        key = keyed(proposal.key)
        filled = Filled(key, [p.line for p in proposal.source], proposal.text, [p.line for p in proposal.target], proposal.reasons)
        entry = entries.get(key)
        if entry is None:
            result.missing.append(filled)
        elif entry.msgstr:
            result.kept.append(filled)
        else:
            change = Change.starting(entry)
            _write(entry, proposal.text, proposal.reasons)
            changes.append((change, filled))
    return changes


def _write(entry: Entry, text: str, reasons: list[str]) -> None:
    entry.msgstr = text
    if reasons:
        entry.fuzzy = True
        entry.translator_comments.append(f"{IMPORT_MARK} uncertain ({'; '.join(reasons)})")


def _unit(piece: Piece) -> UnitAt:
    return UnitAt(piece.line, piece.kind, piece.text)


# --- Rendering --------------------------------------------------------------------------------


def import_report_text(report: ImportReport) -> str:
    lines = []
    for done in report.imports:
        lines.append(f"{done.article} <- {done.translation}" + (" (catalog extracted first)" if done.extracted else ""))
        lines.append(
            f"  {len(done.translated)} translated, {len(done.fuzzy)} fuzzy, {len(done.kept)} kept; "
            f"without counterpart: {len(done.unmatched_source)} in the source, {len(done.unmatched_target)} in the translation"
            + (f"; {done.translated_part} units of the source in the translation's part, left alone" if done.translated_part else "")
        )
        for filled in done.fuzzy:
            lines.append(f"  fuzzy {_where(filled)}: {'; '.join(filled.reasons)}")
        for filled in done.kept:
            lines.append(f"  kept {_where(filled)}: already translated; the translation's {quoted(filled.text)} left out")
        for filled in done.missing:
            lines.append(f"  not in {done.catalog} {_where(filled)}: run `i18npub extract` first")
        for unit, line in done.merged:
            lines.append(f"  merged: line {unit.line} ({unit.kind}) is translated with line {line}")
        for unit in done.unmatched_source:
            lines.append(f"  no counterpart in the translation: line {unit.line} ({unit.kind}) {quoted(unit.text)}")
        for unit in done.unmatched_target:
            lines.append(f"  no counterpart in the source: {done.translation}:{unit.line} ({unit.kind}) {quoted(unit.text)}")
    for result in report.results:
        if result.outcome is Outcome.SKIPPED:
            lines.append(f"skipped {result.article}: {result.reason}")
    translated = sum(len(d.translated) for d in report.imports)
    fuzzy = sum(len(d.fuzzy) for d in report.imports)
    written = sum(1 for d in report.imports if d.written)
    lines.append(
        f"{report.lang}: {len(report.imports)} articles imported, {translated} units translated, {fuzzy} fuzzy; "
        + ("dry run, nothing written" if report.dry_run else f"{written} catalogs written")
        + (f"; {len(report.errors)} errors" if report.errors else "")
    )
    return "\n".join(lines) + "\n"


def _where(filled: Filled) -> str:
    if filled.key[0] == SLUG_CONTEXT:
        return "slug"
    return "line " + ", ".join(str(n) for n in filled.lines) if filled.lines else "?"
