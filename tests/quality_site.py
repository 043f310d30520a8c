"""Small sites for the check/status/review tests: a config, source articles and hand-written
catalogs whose entry lines are known without parsing them back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from i18npub.site.config import render_config

HEADER = '''# Test catalog.
msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
'''


@dataclass
class Unit:
    msgid: str
    msgstr: str = ""
    kind: str = "paragraph"
    fuzzy: bool = False
    note: str = ""  # translator comment


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def po_text(article: str, units: list[Unit]) -> tuple[str, list[int]]:
    """The PO text and the line where each entry starts (its first comment line)."""
    lines = HEADER.splitlines()
    starts = []
    for number, unit in enumerate(units, 1):
        lines.append("")
        starts.append(len(lines) + 1)
        if unit.note:
            lines.append(f"# {unit.note}")
        lines.append(f"#. {unit.kind}")
        lines.append(f"#: {article}:{number * 2}")
        if unit.fuzzy:
            lines.append("#, fuzzy")
        lines.append(f"msgid {quote(unit.msgid)}")
        lines.append(f"msgstr {quote(unit.msgstr)}")
    return "\n".join(lines) + "\n", starts


def make_site(root: Path, catalogs: dict[str, list[Unit]], lang: str = "en") -> dict[str, list[int]]:
    """Write i18npub.toml, content/fr/<article> and locales/<lang>/<stem>.po; return entry lines."""
    (root / "i18npub.toml").write_text(render_config("fr", [lang]), encoding="utf-8")
    lines = {}
    for article, units in catalogs.items():
        source = root / "content" / "fr" / article
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("\n\n".join(u.msgid for u in units) + "\n", encoding="utf-8")
        text, starts = po_text(article, units)
        po = root / "locales" / lang / (article.rsplit(".", 1)[0] + ".po")
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_text(text, encoding="utf-8")
        lines[article] = starts
    return lines
