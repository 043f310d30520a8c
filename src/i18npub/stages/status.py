"""`status`: units and words translated, fuzzy and untranslated, per language and article, as
text, JSON or a self-contained HTML page, computed from the catalogs by pure functions."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.catalog import Catalog, State, percent
from ..core.checks import Policy, check_catalog, error_count, word_count
from ..site.catalogs import CatalogSlot

if TYPE_CHECKING:
    from rich.table import Table



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
        return percent(self.translated_units, self.total_units)

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


def catalog_figures(catalog: Catalog, check_errors: int = 0) -> Figures:
    figures = Figures(check_errors=check_errors)
    for entry in catalog.active:
        state = "fuzzy" if entry.state is State.OUTDATED else entry.state.value  # both await a person
        setattr(figures, f"{state}_units", getattr(figures, f"{state}_units") + 1)
        setattr(figures, f"{state}_words", getattr(figures, f"{state}_words") + word_count(entry.msgid))
    return figures


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


def status_report(slots: list[CatalogSlot], policy: Policy) -> StatusReport:
    report = StatusReport(articles=[])
    for slot in slots:
        problem = None
        if slot.error:
            figures, problem = Figures(unreadable=1), str(slot.error)
        elif slot.catalog is None:
            figures, problem = Figures(), "not extracted yet (no catalog or template)"
        else:
            errors = 0 if slot.from_template else error_count(check_catalog(slot.catalog, slot.po_file, policy))
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
