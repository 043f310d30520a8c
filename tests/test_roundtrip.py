"""Fidelity: with every unit translated by a reversible mapping, the built article maps back to
the source byte for byte; with no translation (or identity), it is the source itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES, SEED, SITE_ALT_KEYS, articles_in, corpus_articles, pseudo, read_exact, shared_params, unpseudo
from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS
from i18npub.core.article import parse, render


def roundtrip(text: str, name: str) -> tuple[str, str, str]:
    article = parse(text, name, DEFAULT_PROSE_KEYS + SITE_ALT_KEYS, DEFAULT_MARKDOWN_KEYS)
    keys = {p.key for p in article.units}
    identity = render(article, {k: k[1] for k in keys}, {})
    untranslated = render(article, {}, {})
    translated = render(article, {k: pseudo(k[1]) for k in keys}, {})
    return identity, untranslated, translated


def assert_faithful(path: Path) -> None:
    text = read_exact(path)
    identity, untranslated, translated = roundtrip(text, path.name)
    assert identity == text
    assert untranslated == text
    assert unpseudo(translated) == text
    if any(c.isascii() and c.isalpha() for c in text):
        assert translated != text, "nothing was translated"


@pytest.mark.parametrize("path", articles_in(FIXTURES), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_roundtrip(path: Path) -> None:
    assert_faithful(path)


@pytest.mark.parametrize("path", shared_params(corpus_articles(), CORPUS))
def test_corpus_roundtrip(path: Path) -> None:
    assert_faithful(path)


@pytest.mark.parametrize("path", shared_params(articles_in(SEED) if SEED.is_dir() else [], SEED))
def test_seed_roundtrip(path: Path) -> None:
    assert_faithful(path)
