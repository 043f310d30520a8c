"""`check`: every translated or fuzzy entry of the site compared with its source; findings as
text or JSON. The comparison itself is `core.checks`; this stage gathers and renders."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from ..core.article import Article, article_findings
from ..core.checks import Finding, Severity, check_catalog, error_count, is_checked
from ..errors import I18nError
from ..site.catalogs import CatalogSlot, load_catalogs
from ..site.glossary import read_glossary
from ..site.layout import Site

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
    glossary included."""
    findings: list[Finding] = []
    catalogs = entries = 0
    articles: dict[str, Article | I18nError] = {}
    glossary = read_glossary(site.config)
    policies = {lang: replace(site.config.policy, glossary=glossary.terms(lang)) for lang in languages}
    for slot in load_catalogs(site, languages):
        policy = policies[slot.lang]
        if slot.error:
            findings.append(unreadable_finding(slot))
            continue
        if slot.catalog is None or slot.from_template:
            continue
        if slot.article not in articles:
            try:
                articles[slot.article] = site.load_article(slot.article)
            except I18nError as exc:
                articles[slot.article] = exc
        article = articles[slot.article]
        checked = [e for e in slot.catalog.entries if is_checked(e)]
        catalogs += 1
        entries += len(checked)
        if isinstance(article, I18nError):  # the source is unreadable: the entries alone
            findings.extend(check_catalog(slot.catalog, slot.po_file, policy))
        else:
            findings.extend(article_findings(article, checked, slot.po_file, policy))
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


