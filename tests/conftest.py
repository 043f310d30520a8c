"""Shared test helpers: fixture and corpus locations, and the reversible pseudo-translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# property tests (test_properties.py, test_yaml_forms.py) run the same examples on every run
settings.register_profile("ci", derandomize=True, max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "articles"
SHARED = HERE.parent.parent / "shared"
CORPUS = SHARED / "corpus" / "numerique-gouv" / "fr"
SEED = SHARED / "seed"
REPO_SEED = HERE.parent / "content" / "fr"
# the real site's image alternative texts, which its configuration adds to the defaults (as the
# bundled i18npub.toml does): the fixtures reproduce them
SITE_ALT_KEYS = ["une.alternative-textuelle", "une-ou-diaporama[].alternative-textuelle"]

FULL_WIDTH = {c: chr(ord(c) - ord("A") + 0xFF21) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
FULL_WIDTH.update({c: chr(ord(c) - ord("a") + 0xFF41) for c in "abcdefghijklmnopqrstuvwxyz"})
BACK = {v: k for k, v in FULL_WIDTH.items()}
# what a careful translator leaves alone: link targets, tags, attribute lists, Liquid, code, URLs
PROTECTED = re.compile(
    r"\]\([^)]*\)|\]\[[^\]]*\]|^\s*\[[^\]]+\]:.*$|<[^>\n]*>|\{:[^}]*\}|\{\{.*?\}\}|\{%.*?%\}"
    r"|`[^`\n]*`|https?://\S+|&[#\w]+;",
    re.M,
)


def pseudo(text: str) -> str:
    out, last = [], 0
    for match in PROTECTED.finditer(text):
        out.append("".join(FULL_WIDTH.get(c, c) for c in text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append("".join(FULL_WIDTH.get(c, c) for c in text[last:]))
    return "".join(out)


def unpseudo(text: str) -> str:
    return "".join(BACK.get(c, c) for c in text)


def articles_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file())


def read_exact(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def corpus_articles() -> list[Path]:
    return articles_in(CORPUS) if CORPUS.is_dir() else []


def shared_params(paths: list[Path], root: Path):
    if not paths:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{root} is absent"))]
    return [pytest.param(p, id=str(p.relative_to(root))) for p in paths]
