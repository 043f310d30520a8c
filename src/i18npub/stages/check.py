"""`check`: every translated or fuzzy entry of the site compared with its source; findings as
text or JSON. The comparison itself is `core.checks`; this stage gathers and renders."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..core.article import Article, article_findings
from ..core.checks import Finding, Policy, Severity, check_catalog, error_count, is_checked
from ..core.catalog import Entry
from ..core.glossary import Glossary
from ..errors import CatalogError, I18nError
from ..site.catalogs import CatalogSlot, ReadSource, SiteWide, read_slot_and_source, site_wide_entries, unread_site_wide
from ..site.glossary import read_glossary
from ..site.layout import Site
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


@pool.whole_site_run()
def check_site(site: Site, languages: list[str]) -> CheckReport:
    """Every catalog of these languages checked against its article: the entries' findings and
    the net over the assembled article (see `core.article.article_findings`), the site's
    glossary included. A catalog whose files (its source, the catalog or, while it has none, its
    template) are as the last check found them, under the same settings and glossary, keeps its
    recorded findings (see `site.record`). The errors are also kept on a record of their own, for
    `build` and `status` (see `check_record`). An article's findings include those of the
    site-wide catalog's entries it uses, as `build` splices them in (each finding once in the
    report, whichever articles it is found in)."""
    glossary = read_glossary(site.config)
    policies = {lang: check_policy(site, glossary, lang) for lang in languages}
    report = CheckReport([], 0, 0)
    context = site_context(site)
    articles = site.catalog_names(None)
    sources: dict[str, ReadSource] = {}  # each read once for every language, in-process
    for lang in languages:
        record = check_record(site, lang, policies[lang], context)
        errors = check_record(site, lang, policies[lang], context, errors=True)
        site_wide = readable_site_wide(site, lang)
        recorded = {article: result for article in articles if (result := record.unchanged(article)) is not None}
        todo = [article for article in articles if article not in recorded]
        checked = pool.each(lambda article, read: _check_slot(site, lang, article, policies[lang], site_wide, read), todo, sources)
        for article, (result, used) in zip(todo, checked):
            recorded[article] = result
            record.store(article, used, result)
        found: dict[Finding, None] = {}
        for article in articles:
            result = recorded[article]
            found.update(dict.fromkeys(recorded_findings(result)))
            report.catalogs += result["catalogs"]
            report.entries_checked += result["entries"]
            errors.keep(article, record.entries.get(article), {"findings": [f for f in result["findings"] if f["severity"] == "error"]})
        report.findings.extend(found)
        for kept in (record, errors):
            kept.keep_only(set(articles))
            kept.save()
    return report


def readable_site_wide(site: Site, lang: str) -> SiteWide:
    """The site-wide catalog in `lang`, or none when it cannot be read (`check` and `status` say
    why on its own row, and `build` leaves the values as they are)."""
    try:
        return site_wide_entries(site, lang)
    except CatalogError:
        return unread_site_wide(site, lang)


def check_policy(site: Site, glossary: Glossary, lang: str) -> Policy:
    """What `check` holds the catalogs of `lang` to: the site's policy, with the glossary's terms."""
    return replace(site.policy, glossary=glossary.terms(lang))


def check_record(site: Site, lang: str, policy: Policy, context: str, errors: bool = False) -> Record:
    """The record of `check` in `lang` under `policy` (the site's, with the glossary's terms) and
    the site's `context` (`site.record.site_context`); with `errors`, the record of its errors
    alone, which `build` and `status` read (they count no warning, and a site's warnings may be
    many)."""
    name = f"check-errors-{lang}" if errors else f"check-{lang}"
    return Record(site.root, name, {"config": context, "policy": digest(repr(policy).encode("utf-8"))})


def last_check(site: Site, lang: str) -> Record:
    """The record of the errors the site's last `check` in `lang` found, as a check run now would
    take it up: under the same settings and glossary (see `check_site`), or else empty."""
    policy = check_policy(site, read_glossary(site.config), lang)
    return check_record(site, lang, policy, site_context(site), errors=True)


def checked_findings(record: Record | None, article: str, used: dict[str, str | None] | None) -> list[Finding] | None:
    """The errors `check` found in the catalog of `article`, when the `record` of its errors says
    it read the very bytes that `used` names (see `Record.result_made_of`), else None."""
    result = record.result_made_of(article, used) if record is not None else None
    return None if result is None else recorded_findings(result)


def recorded_findings(result: dict[str, Any]) -> list[Finding]:
    """The findings of one catalog, as a record of `check` keeps them."""
    return [Finding(**{**f, "severity": Severity(f["severity"])}) for f in result["findings"]]


def _check_slot(site: Site, lang: str, article: str, policy: Policy, site_wide: SiteWide,
                sources: dict[str, ReadSource]) -> tuple[dict[str, Any], dict[str, str | None] | None]:
    """The findings on one catalog, as the record keeps them, and the digests of the files they
    come from (None: a file could not be read, the catalog stays off the record)."""
    slot, source, used = read_slot_and_source(site, lang, article, sources, site_wide)
    if slot.error:
        return {"findings": [asdict(unreadable_finding(slot))], "catalogs": 0, "entries": 0}, used
    if slot.catalog is None or slot.from_template:
        return {"findings": [], "catalogs": 0, "entries": 0}, used
    findings = catalog_findings(slot, source, policy, site_wide)
    checked = sum(1 for e in slot.catalog.entries if is_checked(e))
    return {"findings": [asdict(f) for f in findings], "catalogs": 1, "entries": checked}, used


def catalog_findings(slot: CatalogSlot, source: Article | I18nError | None, policy: Policy, site_wide: SiteWide) -> list[Finding]:
    """What `check` finds in a catalog: its entries, with the site-wide ones the article uses,
    spliced into their article (`compared_entries`); the entries alone when there is no article to
    splice them into (the site-wide catalog, an unreadable source); nothing in a template."""
    if slot.catalog is None or slot.from_template:
        return []
    if not isinstance(source, Article):
        return check_catalog(slot.catalog, slot.po_file, policy)
    return findings_in_article(source, slot.catalog.entries, slot.po_file, policy, site_wide)


def findings_in_article(source: Article, entries: list[Entry], po_file: str, policy: Policy, site_wide: SiteWide) -> list[Finding]:
    """The findings of a catalog's `entries` spliced into their article with the site-wide ones
    it uses (`compared_entries`); those on a site-wide entry name the site-wide catalog."""
    found = article_findings(source, compared_entries(entries, source, site_wide), po_file, policy, other_files=site_wide.files())
    return [site_wide.as_filed(f) for f in found]


def compared_entries(entries: list[Entry], source: Article, site_wide: SiteWide) -> list[Entry]:
    """The entries `check` compares in an article: those of its catalog (`entries`) with a
    translation, then the site-wide catalog's it uses."""
    return [e for e in entries if is_checked(e)] + site_wide.used_in(source)


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


