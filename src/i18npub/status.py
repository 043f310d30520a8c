"""Site-wide reports over the catalogs: translation status and check findings.

`load_catalogs` is the only function here that reads files; the reports are computed from what
it returns, and rendered as text, JSON or a self-contained HTML page by pure functions.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from .catalog import Catalog, Entry
from .checks import Finding, Severity, check_catalog, error_count, is_checked, word_count
from .config import Config
from .errors import CatalogError
from .pofile import read_catalog
from .project import site_path

if TYPE_CHECKING:
    from rich.table import Table

UNREADABLE_CODE = "unreadable-catalog"


@dataclass(frozen=True)
class CatalogSlot:
    """The catalog of one article in one language, as found on disk."""

    lang: str
    article: str
    po_file: str  # relative to the site root, for display
    catalog: Catalog | None  # None when missing or unreadable
    error: CatalogError | None = None  # why it could not be read
    from_template: bool = False  # no PO yet: `catalog` is the article's POT (all untranslated)


def load_catalogs(config: Config, languages: list[str]) -> list[CatalogSlot]:
    """Every (language, article) catalog, in language then article order; failures are kept."""
    slots = []
    articles = config.articles()
    for lang in languages:
        for article in articles:
            path = config.catalog_path(lang, article)
            shown = site_path(config, path)
            template = config.template_path(article)
            try:
                if path.exists():
                    slots.append(CatalogSlot(lang, article, shown, read_catalog(path, shown)))
                elif template.exists():
                    slots.append(CatalogSlot(lang, article, shown, read_catalog(template, site_path(config, template)), from_template=True))
                else:
                    slots.append(CatalogSlot(lang, article, shown, None))
            except CatalogError as exc:
                slots.append(CatalogSlot(lang, article, shown, None, exc))
    return slots


# ---------------------------------------------------------------------------------------------
# Check report

@dataclass
class CheckReport:
    findings: list[Finding]
    catalogs: int  # catalogs read and checked
    entries_checked: int

    @property
    def errors(self) -> int:
        return error_count(self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def unreadable_finding(slot: CatalogSlot) -> Finding:
    assert slot.error is not None
    return Finding(
        slot.error.path or slot.po_file, slot.error.line or 0, "", "", None,
        UNREADABLE_CODE, Severity.ERROR, f"The catalog cannot be read: {slot.error.message}.",
    )


def check_report(slots: list[CatalogSlot], allowed_domains: list[str]) -> CheckReport:
    findings: list[Finding] = []
    catalogs = entries = 0
    for slot in slots:
        if slot.error:
            findings.append(unreadable_finding(slot))
        elif slot.catalog is not None and not slot.from_template:
            catalogs += 1
            entries += sum(1 for e in slot.catalog.entries if is_checked(e))
            findings.extend(check_catalog(slot.catalog, slot.po_file, allowed_domains))
    return CheckReport(findings, catalogs, entries)


def check_report_json(report: CheckReport) -> str:
    data = {
        "findings": [asdict(f) for f in report.findings],
        "totals": {
            "errors": report.errors,
            "warnings": report.warnings,
            "catalogs": report.catalogs,
            "entries_checked": report.entries_checked,
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def check_report_text(report: CheckReport) -> str:
    lines = []
    for f in report.findings:
        where = f"{f.po_file}:{f.line}" if f.line else f.po_file
        source = f" (source: {f.location})" if f.location else ""
        lines.append(f"{where}: {f.severity} [{f.code}] {f.message}{source}")
        if f.msgid:
            first = f.msgid.split("\n")[0]
            cut = len(first) > 100 or first != f.msgid
            lines.append(f"    msgid: {first[:100]}{'…' if cut else ''}")
    lines.append(
        f"{report.errors} error(s), {report.warnings} warning(s) "
        f"in {report.entries_checked} translated entries of {report.catalogs} catalog(s)."
    )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Status report

@dataclass
class Figures:
    """Units and source words by state; fuzzy entries are machine drafts awaiting review."""

    translated_units: int = 0
    translated_words: int = 0
    fuzzy_units: int = 0
    fuzzy_words: int = 0
    untranslated_units: int = 0
    untranslated_words: int = 0
    check_errors: int = 0
    unreadable: int = 0  # catalogs that could not be read

    @property
    def total_units(self) -> int:
        return self.translated_units + self.fuzzy_units + self.untranslated_units

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent_done(self) -> float:
        """Translated (reviewed) units out of all units, as `build --min-translated` counts them."""
        if self.unreadable:
            return 0.0
        return 100.0 * self.translated_units / self.total_units if self.total_units else 100.0

    @property
    def words_to_translate(self) -> int:
        return self.untranslated_words

    @property
    def words_to_review(self) -> int:
        return self.fuzzy_words

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return {
            "units": {
                "translated": self.translated_units,
                "fuzzy": self.fuzzy_units,
                "untranslated": self.untranslated_units,
                "total": self.total_units,
            },
            "words": {
                "translated": self.translated_words,
                "fuzzy": self.fuzzy_words,
                "untranslated": self.untranslated_words,
                "total": self.total_words,
            },
            "percent_done": round(self.percent_done, 1),
            "words_to_translate": self.words_to_translate,
            "words_to_review": self.words_to_review,
            "check_errors": self.check_errors,
            "unreadable_catalogs": self.unreadable,
        }


def entry_state(entry: Entry) -> str:
    if not entry.msgstr:
        return "untranslated"
    return "fuzzy" if entry.fuzzy else "translated"


def catalog_figures(catalog: Catalog, check_errors: int = 0) -> Figures:
    figures = Figures(check_errors=check_errors)
    for entry in catalog.active:
        state = entry_state(entry)
        setattr(figures, f"{state}_units", getattr(figures, f"{state}_units") + 1)
        setattr(figures, f"{state}_words", getattr(figures, f"{state}_words") + word_count(entry.msgid))
    return figures


def translated_percent(catalog: Catalog, include_fuzzy: bool = False) -> float:
    """Percentage of an article's units that are translated (fuzzy drafts too when asked);
    an article with no unit counts as complete."""
    active = catalog.active
    if not active:
        return 100.0
    done = sum(1 for e in active if e.msgstr and (include_fuzzy or not e.fuzzy))
    return 100.0 * done / len(active)


@dataclass
class ArticleStatus:
    lang: str
    article: str
    po_file: str
    figures: Figures
    problem: str | None = None  # catalog missing or unreadable


@dataclass
class StatusReport:
    articles: list[ArticleStatus]
    languages: dict[str, Figures] = field(default_factory=dict)
    totals: Figures = field(default_factory=Figures)

    @property
    def unreadable(self) -> int:
        return self.totals.unreadable


def status_report(slots: list[CatalogSlot], allowed_domains: list[str]) -> StatusReport:
    report = StatusReport(articles=[])
    for slot in slots:
        problem = None
        if slot.error:
            figures, problem = Figures(unreadable=1), str(slot.error)
        elif slot.catalog is None:
            figures, problem = Figures(), "not extracted yet (no catalog or template)"
        else:
            errors = 0 if slot.from_template else error_count(check_catalog(slot.catalog, slot.po_file, allowed_domains))
            figures = catalog_figures(slot.catalog, errors)
            if slot.from_template:
                problem = "no catalog for this language yet (counted from the template)"
        report.articles.append(ArticleStatus(slot.lang, slot.article, slot.po_file, figures, problem))
        report.languages.setdefault(slot.lang, Figures()).add(figures)
        report.totals.add(figures)
    return report


def status_json(report: StatusReport) -> str:
    data = {
        "articles": [
            {"lang": a.lang, "article": a.article, "po_file": a.po_file, **a.figures.as_dict(), "problem": a.problem}
            for a in report.articles
        ],
        "languages": {lang: f.as_dict() for lang, f in report.languages.items()},
        "totals": report.totals.as_dict(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


STATUS_COLUMNS = [
    "Language", "Article", "Done", "Translated", "Fuzzy", "Untranslated",
    "Words to translate", "Words to review", "Check errors",
]


def _row(lang: str, article: str, f: Figures) -> list[str]:
    def state(units: int, words: int) -> str:
        return f"{units} ({words} w)"

    return [
        lang, article, f"{f.percent_done:.1f}%",
        state(f.translated_units, f.translated_words),
        state(f.fuzzy_units, f.fuzzy_words),
        state(f.untranslated_units, f.untranslated_words),
        str(f.words_to_translate), str(f.words_to_review), str(f.check_errors),
    ]


def status_rows(report: StatusReport) -> list[list[str]]:
    """The table's rows: articles of each language, that language's total, then the grand total."""
    rows = []
    for lang, figures in report.languages.items():
        for a in report.articles:
            if a.lang == lang:
                row = _row(lang, a.article, a.figures)
                if a.problem:
                    row[1] += f" ({a.problem})"
                rows.append(row)
        rows.append(_row(lang, "all articles", figures))
    if len(report.languages) > 1:
        rows.append(_row("all", "all articles", report.totals))
    return rows


def status_text(report: StatusReport) -> str:
    """A plain-text table, for pipes and logs."""
    rows = [STATUS_COLUMNS, *status_rows(report)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(STATUS_COLUMNS))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows) + "\n"


def status_table(report: StatusReport) -> Table:
    """A rich table for terminals (rich comes with typer)."""
    from rich.table import Table

    table = Table(*STATUS_COLUMNS)
    for row in status_rows(report):
        table.add_row(*row, style="bold" if row[1] == "all articles" else None)
    return table


_HTML_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: middle; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 2px solid #888; }
.bar { display: flex; width: 14rem; height: .9rem; background: #e5e5e5; border-radius: .2rem; overflow: hidden; }
.bar span { display: block; height: 100%; }
.translated { background: #2e8540; } .fuzzy { background: #f0ad4e; } .untranslated { background: #e5e5e5; }
.legend span { display: inline-block; width: .9rem; height: .9rem; vertical-align: middle; margin: 0 .3rem 0 1rem; }
.problem { color: #a00; font-size: .9em; } .errors { color: #a00; font-weight: bold; }
"""


def _bar(f: Figures) -> str:
    total = f.total_units or 1
    parts = "".join(
        f'<span class="{cls}" style="width:{100 * n / total:.2f}%"></span>'
        for cls, n in (("translated", f.translated_units), ("fuzzy", f.fuzzy_units))
        if n
    )
    label = (
        f"{f.translated_units} translated, {f.fuzzy_units} to review, "
        f"{f.untranslated_units} untranslated out of {f.total_units} units"
    )
    return f'<div class="bar" role="img" aria-label="{html.escape(label)}" title="{html.escape(label)}">{parts}</div>'


def _html_row(lang: str, article: str, f: Figures, problem: str | None, total: bool) -> str:
    e = html.escape
    note = f'<div class="problem">{e(problem)}</div>' if problem else ""
    errors = f'<span class="errors">{f.check_errors}</span>' if f.check_errors else "0"
    return (
        f'<tr{" class=total" if total else ""}><td>{e(lang)}</td><td>{e(article)}{note}</td>'
        f"<td>{_bar(f)}</td><td class=n>{f.percent_done:.1f}%</td>"
        f"<td class=n>{f.translated_units}</td><td class=n>{f.fuzzy_units}</td><td class=n>{f.untranslated_units}</td>"
        f"<td class=n>{f.words_to_translate}</td><td class=n>{f.words_to_review}</td><td class=n>{errors}</td></tr>"
    )


def status_html(report: StatusReport, title: str = "Translation status") -> str:
    """A self-contained page (inline CSS, no script, no network) with a progress bar per row."""
    rows = []
    for lang, figures in report.languages.items():
        rows += [_html_row(a.lang, a.article, a.figures, a.problem, False) for a in report.articles if a.lang == lang]
        rows.append(_html_row(lang, "all articles", figures, None, True))
    if len(report.languages) > 1:
        rows.append(_html_row("all", "all articles", report.totals, None, True))
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Language", "Article", "Progress", "Done", "Translated units", "Fuzzy units",
                  "Untranslated units", "Words to translate", "Words to review", "Check errors")
    )
    t = report.totals
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{_HTML_STYLE}</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>{t.translated_units} of {t.total_units} units translated ({t.percent_done:.1f}%);
{t.words_to_translate} words left to translate and {t.words_to_review} to review; {t.check_errors} check error(s).</p>
<p class="legend"><span class="translated"></span>translated<span class="fuzzy"></span>fuzzy (to review)<span class="untranslated"></span>untranslated</p>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""
