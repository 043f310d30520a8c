"""`audit`: every translated page of a built site (Jekyll's `_site/`, Hugo's `public/`) compared
with the source-language page it translates, for anything it can run or load that its source
page cannot. The comparison is `core.htmlaudit`; this stage lists the files, pairs the pages,
reads them and renders the report.

Pairing, first rule that applies (docs/audit.md):
1. the pairs file (`--pairs`): {"translated": …, "source": …} paths relative to the output folder;
2. a source page's `<link rel="alternate" hreflang="en" href="…">` naming the translated page
   (only the source side is trusted: a translated page's body could carry such a link);
3. the same path without the language folder (`en/x/index.html` → `x/index.html`, or
   `fr/x/index.html` with `--source-lang fr` when that file exists).
A translated page left unpaired is compared with all source pages together, and reported.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Iterator

from ..core.htmlaudit import BuiltSite, Finding, Page, allowed_by, alternates, compare, read_page
from ..errors import I18nError, SourceError, UsageError
from ..site.files import read_bytes, read_pairs_file

PAGE_SUFFIXES = (".html", ".htm")


class PairedBy(StrEnum):
    PAIRS_FILE = "pairs-file"
    HREFLANG = "hreflang"
    PATH = "path"


@dataclass(frozen=True)
class AuditOptions:
    output_dir: Path
    languages: list[str]  # the translations' languages, which are also their folders (en → en/…)
    source_lang: str | None = None  # the source pages' folder, when they have one
    pairs_file: Path | None = None
    site_url: str = ""  # where the output folder is served; "" for the root of an unnamed host


@dataclass
class PageAudit:
    page: str  # paths relative to the output folder
    source: str | None  # None when no source page was found
    paired_by: PairedBy | None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class AuditReport:
    pages: list[PageAudit]
    source_pages: int
    errors: list[I18nError]  # pages that could not be read

    @property
    def findings(self) -> int:
        return sum(len(p.findings) for p in self.pages)

    @property
    def unpaired(self) -> list[PageAudit]:
        return [p for p in self.pages if p.paired_by is None]


def audit_site(options: AuditOptions) -> AuditReport:
    root = options.output_dir
    if not root.is_dir():
        raise UsageError("output folder not found", root)
    for lang in [*options.languages, *([options.source_lang] if options.source_lang else [])]:
        if not lang or "/" in lang or "\\" in lang or lang in (".", ".."):
            raise UsageError(f"{lang!r} is not a language folder name")
    files = _list_files(root)
    site = BuiltSite.at(options.site_url, files)
    pages = sorted(p for p in files if p.lower().endswith(PAGE_SUFFIXES))
    listed = read_pairs(options.pairs_file, files) if options.pairs_file else {}
    translated = {p for p in pages if p.split("/", 1)[0] in options.languages} | listed.keys()
    if not translated:
        folders = ", ".join(f"{lang}/" for lang in options.languages)
        raise UsageError(f"no translated page: nothing in {folders}" + (" nor in the pairs file" if listed else ""), root)
    sources = [p for p in pages if p not in translated]
    reader = _Reader(root, site)
    pairs = _pair(reader, translated, sources, listed, options)
    # what all source pages allow together, for the pages left unpaired
    everything = allowed_by(reader.pages(sources)) if not translated <= pairs.keys() else None

    audits = []
    for path in sorted(translated):
        source, paired_by = pairs.get(path, (None, None))
        audit = PageAudit(path, source, paired_by)
        audits.append(audit)
        page = reader.page(path)
        if page is None:
            continue
        if source is None:
            audit.findings = compare(page, everything, site, "any source page")
        elif (source_page := reader.page(source)) is not None:
            audit.findings = compare(page, allowed_by([source_page]), site)
    return AuditReport(audits, len(sources), list(reader.errors.values()))


def _pair(reader: _Reader, translated: set[str], sources: list[str], listed: dict[str, str],
          options: AuditOptions) -> dict[str, tuple[str, PairedBy]]:
    """Each translated page's source page, and the rule that found it; unpaired pages are absent."""
    pairs = {t: (s, PairedBy.PAIRS_FILE) for t, s in listed.items() if s in reader.site.files}
    if translated <= pairs.keys():
        return pairs
    claims = _hreflang_claims(reader, sources, translated, options.languages)
    source_set = set(sources)
    for page in sorted(translated - pairs.keys()):
        by_path = _path_partner(page, options, source_set)
        if page in claims:
            pairs[page] = (by_path if by_path in claims[page] else claims[page][0], PairedBy.HREFLANG)
        elif by_path is not None:
            pairs[page] = (by_path, PairedBy.PATH)
    return pairs


class _Reader:
    """Reads the pages of the output folder, recording each unreadable one once."""

    def __init__(self, root: Path, site: BuiltSite):
        self.root = root
        self.site = site
        self.errors: dict[str, I18nError] = {}

    def html(self, path: str) -> bytes | None:
        try:
            return read_bytes(self.root / path)
        except OSError as exc:
            self.errors[path] = SourceError(f"cannot read the page: {exc.strerror or exc}", self.root / path)
            return None

    def page(self, path: str) -> Page | None:
        html = self.html(path)
        return read_page(html, self.site.page_url(path)) if html is not None else None

    def pages(self, paths: list[str]) -> Iterator[Page]:
        """The readable ones among `paths`, one at a time."""
        for path in paths:
            if (page := self.page(path)) is not None:
                yield page


def _hreflang_claims(reader: _Reader, sources: list[str], translated: set[str], languages: list[str]) -> dict[str, list[str]]:
    """For each translated page, the source pages whose hreflang alternates in its language
    name it, in path order."""
    prefixes = [lang.lower() for lang in languages]
    claims: dict[str, list[str]] = {}
    for source in sources:
        html = reader.html(source)
        if html is None:
            continue
        for hreflang, url in alternates(html, reader.site.page_url(source)):
            target = reader.site.file_of(url)
            if target in translated and any(hreflang == p or hreflang.startswith(p + "-") for p in prefixes):
                claims.setdefault(target, []).append(source)
    return claims


def _list_files(root: Path) -> frozenset[str]:
    found = set()
    for folder, _, names in os.walk(root):
        prefix = Path(folder).relative_to(root).as_posix()
        found.update(name if prefix == "." else f"{prefix}/{name}" for name in names)
    return frozenset(found)


def _path_partner(page: str, options: AuditOptions, sources: set[str]) -> str | None:
    folder, _, rest = page.partition("/")
    if folder not in options.languages or not rest:
        return None
    candidates = ([f"{options.source_lang}/{rest}"] if options.source_lang else []) + [rest]
    return next((c for c in candidates if c in sources), None)


def read_pairs(path: Path, files: frozenset[str]) -> dict[str, str]:
    """The pairs file: a JSON list of {"translated": PATH, "source": PATH}, paths relative to the
    output folder. Pairs whose translated page the build did not write are left out."""
    pairs: dict[str, str] = {}
    for number, item in enumerate(read_pairs_file(path, '{"translated": PATH, "source": PATH}'), 1):
        translated, source = (_relative(item[k], path, number) for k in ("translated", "source"))
        if pairs.get(translated, source) != source:
            raise UsageError(f"item {number}: {translated} is already paired with {pairs[translated]}", path)
        if translated in files:
            pairs[translated] = source
    return pairs


def _relative(value: str, path: Path, number: int) -> str:
    parts = PurePosixPath(value).parts
    if not parts or value.startswith("/") or "\\" in value or ".." in parts:
        raise UsageError(f"item {number}: {value!r} is not a path inside the output folder", path)
    return PurePosixPath(*parts).as_posix()


# --- Rendering --------------------------------------------------------------------------------

def audit_report_json(report: AuditReport) -> str:
    data = {
        "findings": [
            {"page": page.page, "source": page.source, **asdict(finding)}
            for page in report.pages for finding in page.findings
        ],
        "pages": [
            {"page": p.page, "source": p.source, "paired_by": p.paired_by, "findings": len(p.findings)}
            for p in report.pages
        ],
        "errors": [str(e) for e in report.errors],
        "totals": {
            "pages": len(report.pages),
            "unpaired": len(report.unpaired),
            "source_pages": report.source_pages,
            "findings": report.findings,
            "errors": len(report.errors),
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def audit_report_text(report: AuditReport) -> str:
    lines = []
    for page in report.pages:
        if page.paired_by is None:
            lines.append(f"{page.page}: warning [unpaired] no source page found; compared with all source pages together")
        for f in page.findings:
            lines.append(f"{page.page}: [{f.code}] {f.message}")
            lines.append(f"    {_visible(f.value)}" + (f"  ({f.url})" if f.url and f.url != f.value else ""))
    by = {kind: sum(1 for p in report.pages if p.paired_by is kind) for kind in PairedBy}
    with_findings = sum(1 for p in report.pages if p.findings)
    lines.append(
        f"{report.findings} finding(s) in {with_findings} of {len(report.pages)} translated page(s); "
        f"paired {by[PairedBy.PAIRS_FILE]} by the pairs file, {by[PairedBy.HREFLANG]} by hreflang, "
        f"{by[PairedBy.PATH]} by path, {len(report.unpaired)} unpaired."
    )
    return "\n".join(lines) + "\n"


def _visible(value: str) -> str:
    """A value on one line, its tabs and line breaks shown (`java\\tscript:`)."""
    return value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
