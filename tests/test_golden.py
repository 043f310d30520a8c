"""Golden files: each fixture's template, and the bundled example's English build.
Regenerate after an intended change with `I18NPUB_UPDATE_GOLDEN=1 pytest tests/test_golden.py`
and review the diff."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, HERE, SITE_ALT_KEYS, articles_in, read_exact
from i18npub.core.catalog import Catalog
from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS
from i18npub.core.article import parse
from i18npub.core.pofile import render_catalog
from i18npub.stages.extract import template_entries
from sites import run

GOLDEN = HERE / "golden"
UPDATE = os.environ.get("I18NPUB_UPDATE_GOLDEN") == "1"
REPO = HERE.parent


def compare(actual: str, golden: Path) -> None:
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="")
    assert actual == read_exact(golden)


@pytest.mark.parametrize("path", articles_in(FIXTURES), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_template(path: Path) -> None:
    name = path.relative_to(FIXTURES).as_posix()
    article = parse(read_exact(path), name, DEFAULT_PROSE_KEYS + SITE_ALT_KEYS, DEFAULT_MARKDOWN_KEYS)
    template = render_catalog(Catalog(entries=template_entries(article)))
    compare(template, GOLDEN / "templates" / (re.sub(r"\.(md|markdown)$", "", name) + ".pot"))


def test_bundled_example_builds_the_golden_english_post(tmp_path: Path) -> None:
    for part in ("i18npub.toml", "content/fr", "locales"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    result = run(tmp_path, "build", "--lang", "en")
    assert result.exit_code == 0 and "en: 1 written" in result.output, result.output
    [built] = (tmp_path / "content" / "en").iterdir()
    compare(read_exact(built), GOLDEN / "seed-en.markdown")
    assert run(tmp_path, "check", "--lang", "en").exit_code == 0
