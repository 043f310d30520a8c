"""The modules that setup.py compiles with mypyc must type-check: otherwise a regular install
falls back to plain Python without a word, and loses a quarter of its speed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def compiled_modules() -> list[str]:
    """setup.py's COMPILED list, read without running setup.py."""
    for node in ast.parse((ROOT / "setup.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["COMPILED"]:
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py has no COMPILED list")


def test_the_compiled_modules_type_check() -> None:
    api = pytest.importorskip("mypy.api")
    sources = [str(ROOT / "src" / "i18npub" / f"{name}.py") for name in compiled_modules()]
    report, errors, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary", *sources])
    assert status == 0, report + errors
