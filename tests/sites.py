"""Small sites built in a temporary folder, for CLI and workflow tests."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

from i18npub.cli import app

ARTICLE = """---
title: Un titre de test
date: 2024-01-02 10:00:00 +01:00
chapeau-text: 'Le chapeau avec un [lien](https://exemple.gouv.fr/){:target="_blank"}.'
---

## Premier intertitre

Premier paragraphe avec du **gras**.

Deuxième paragraphe, qui sera modifié.

Troisième paragraphe, qui sera supprimé.

* un élément
* un autre élément
"""


@contextmanager
def chdir(path: Path):
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def run(site: Path, *args: str, input: str | None = None):
    """Run the CLI in-process from `site` (with `input` as standard input); returns the click Result."""
    with chdir(site):
        return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


def make_site(root: Path, articles: dict[str, str | bytes] | None = None, langs: tuple[str, ...] = ("en",)) -> Path:
    for name, content in (articles if articles is not None else {"article.md": ARTICLE}).items():
        path = root / "content" / "fr" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    args = ["init", "--source-lang", "fr"]
    for lang in langs:
        args += ["--lang", lang]
    assert run(root, *args).exit_code == 0
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write(root: Path, files: dict[str, str]) -> None:
    """Files of a site, by path relative to its root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
