"""`check`: every translated or fuzzy entry of the site compared with its source; findings as
text or JSON. The comparison itself is `core.checks`; this stage gathers and renders."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..core.article import Article, article_findings
from ..core.checks import Finding, Policy, Severity, check_catalog, error_count, is_checked
from ..errors import I18nError
from ..site.catalogs import CatalogSlot, read_slot
from ..site.glossary import read_glossary
from ..site.layout import SITE_CATALOG, Site
from ..site.record import Record, digest, site_context
from . import pool

UNREADABLE_CODE = "unreadable-catalog"


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


def check_site(site: Site, languages: list[str]) -> CheckReport:
    """Every catalog of these languages checked against its article: the entries' findings and
    the net over the assembled article (see `core.article.article_findings`), the site's
    glossary included. A catalog whose files (its source, the catalog or, while it has none, its
    template) are as the last check found them, under the same settings and glossary, keeps its
    recorded findings (see `site.record`)."""
    glossary = read_glossary(site.config)
    policies = {lang: replace(site.config.policy, glossary=glossary.terms(lang)) for lang in languages}
    report = CheckReport([], 0, 0)
    context = site_context(site)
    articles = site.catalog_names(None)
    sources: dict[str, tuple[Article | I18nError, bytes | None]] = {}  # each read once for every language, in-process
    for lang in languages:
        record = Record(site.root, f"check-{lang}", {"config": context, "policy": digest(repr(policies[lang]).encode("utf-8"))})
        recorded = {article: result for article in articles if (result := record.unchanged(article)) is not None}
        todo = [article for article in articles if article not in recorded]
        workers = pool.processes(len(todo))
        if workers:
            checked = pool.run_parallel(lambda article: _check_slot(site, lang, article, policies[lang], {}), todo, workers)
        else:
            checked = [_check_slot(site, lang, article, policies[lang], sources) for article in todo]
        for article, (result, used) in zip(todo, checked):
            recorded[article] = result
            if used is None:
                record.forget(article)
            else:
                record.store(article, used, result)
        for article in articles:
            result = recorded[article]
            report.findings.extend(Finding(**{**f, "severity": Severity(f["severity"])}) for f in result["findings"])
            report.catalogs += result["catalogs"]
            report.entries_checked += result["entries"]
        record.keep_only(set(articles))
        record.save()
    return report


def _check_slot(site: Site, lang: str, article: str, policy: Policy,
                sources: dict[str, tuple[Article | I18nError, bytes | None]]) -> tuple[dict[str, Any], dict[str, str | None] | None]:
    """The findings on one catalog, as the record keeps them, and the digests of the files they
    come from (None: a file could not be read, the catalog stays off the record)."""
    slot, read = read_slot(site, lang, article)
    used: dict[str, str | None] | None = {path: digest(data) if data is not None else None for path, data in read.items()}
    result: dict[str, Any] = {"findings": [], "catalogs": 0, "entries": 0}
    if slot.error:
        result["findings"] = [asdict(unreadable_finding(slot))]
        if slot.error.path not in read:  # it could not be read at all (not merely parsed)
            used = None
    elif slot.catalog is not None and not slot.from_template and article == SITE_CATALOG:  # no article: entries alone
        checked = [e for e in slot.catalog.entries if is_checked(e)]
        result = {"findings": [asdict(f) for f in check_catalog(slot.catalog, slot.po_file, policy)], "catalogs": 1, "entries": len(checked)}
    elif slot.catalog is not None and not slot.from_template:
        if article not in sources:
            try:
                data = site.read_source(article)
            except I18nError as exc:
                sources[article] = exc, None
            else:
                try:
                    sources[article] = site.parse_article(article, data), data
                except I18nError as exc:
                    sources[article] = exc, data
        source, data = sources[article]
        if data is None or used is None:
            used = None  # the source cannot be read now: checked again next time
        else:
            used[site.shown(site.source_path(article))] = digest(data)
        checked = [e for e in slot.catalog.entries if is_checked(e)]
        if isinstance(source, I18nError):  # the source is unreadable: the entries alone
            findings = check_catalog(slot.catalog, slot.po_file, policy)
        else:
            findings = article_findings(source, checked, slot.po_file, policy)
        result = {"findings": [asdict(f) for f in findings], "catalogs": 1, "entries": len(checked)}
    return result, used


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


