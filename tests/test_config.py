"""i18npub.toml: strict reading (unknown keys, wrong types, bad patterns), language codes as
written, generator detection in `init`, and --version."""

from __future__ import annotations

from pathlib import Path

import pytest
from sites import make_site, run

from i18npub import __version__
from i18npub.core.languages import normalize_language
from i18npub.errors import ConfigError, UsageError
from i18npub.site.config import config_from_dict

BASE = {"source_lang": "fr", "languages": ["en"]}


def load(**settings: object) -> None:
    config_from_dict({**BASE, **settings}, Path("/site/i18npub.toml"))


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"source_dri": "content/fr"}, "unknown setting 'source_dri'; did you mean 'source_dir'?"),
        ({"build": {"allowed_domain": []}}, "unknown setting 'build.allowed_domain'; did you mean 'build.allowed_domains'?"),
        ({"build": {"allowed_domains": "evil.example"}}, "'build.allowed_domains' must be a list of strings"),
        ({"languages": "en"}, "'languages' must be a list of strings"),
        ({"translate": {"timeout": "30"}}, "'translate.timeout' must be a number, not '30'"),
        ({"translate": {"parallel": True}}, "'translate.parallel' must be an integer, not True"),
        ({"build": 3}, "'build' must be a table"),
        ({"output_dir": "content/{lang}/{0}"}, "'output_dir' may only use the placeholders {lang}, not 0"),
        ({"output_dir": "content/{lang"}, "'output_dir' is not a valid pattern"),
        ({"generator": "gatsby"}, "'generator' must be one of plain, jekyll, polyglot, hugo"),
        ({"build": {"localized_files": "{dir}/{name}.{language}{ext}"}}, "'build.localized_files' may only use the placeholders {dir}, {ext}, {lang}, {name}, not language"),
        ({"build": {"localized_files": "{dir}/{name}-en{ext}"}}, "'build.localized_files' must hold {lang}"),
        ({"build": {"outdated": "never"}}, "'build.outdated' must be one of keep, source, unpublish"),
        ({"languages": []}, "no target language"),
        ({"languages": ["fr"]}, "the source language is also a target language"),
    ],
)
def test_a_wrong_setting_is_an_error_naming_its_key(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=None) as raised:
        load(**settings)
    assert message in str(raised.value) and raised.value.exit_code == 2


def test_language_codes_are_kept_as_written_or_refused_with_the_code_to_use() -> None:
    assert normalize_language("pt-BR") == normalize_language("pt_br") == "pt_BR"
    assert normalize_language("zh-Hant-TW") == "zh_Hant_TW"
    with pytest.raises(UsageError, match="did you mean 'en-US'"):
        normalize_language("eng")
    with pytest.raises(UsageError, match="did you mean 'en-GB'"):
        normalize_language("en-UK")
    with pytest.raises(UsageError, match="unknown language code 'xx'"):
        normalize_language("xx")


def test_init_refuses_a_code_babel_would_change(tmp_path: Path) -> None:
    (tmp_path / "content/fr").mkdir(parents=True)
    result = run(tmp_path, "init", "--source-lang", "fr", "--lang", "eng")
    assert result.exit_code == 2 and "did you mean 'en-US'" in result.output
    assert not (tmp_path / "i18npub.toml").exists()


def test_init_detects_the_generator(tmp_path: Path) -> None:
    jekyll = tmp_path / "jekyll"
    (jekyll / "_actualites").mkdir(parents=True)
    (jekyll / "_config.yml").write_text("url: https://example.org\ncollections:\n  actualites:\n    output: true\n", encoding="utf-8")
    assert "(jekyll)" in run(jekyll, "init", "--source-lang", "fr", "--lang", "en").output
    hugo = tmp_path / "hugo"
    (hugo / "content/fr").mkdir(parents=True)
    (hugo / "hugo.toml").write_text('[languages.fr]\ncontentDir = "content/fr"\n[languages.en]\ncontentDir = "content/en"\n', encoding="utf-8")
    assert "(hugo)" in run(hugo, "init", "--source-lang", "fr", "--lang", "en").output
    assert 'source_dir = "content/fr"' in (hugo / "i18npub.toml").read_text(encoding="utf-8")
    forced = run(hugo, "init", "--source-lang", "fr", "--lang", "en", "--generator", "plain", "--force")
    assert "(plain)" in forced.output


def test_init_keeps_the_catalogs_and_the_configuration_off_a_jekyll_site(tmp_path: Path) -> None:
    """Jekyll publishes every folder not named `_…` or `.…`: the catalogs go in `_locales`, and
    init says to exclude i18npub.toml until _config.yml does."""
    (tmp_path / "_config.yml").write_text("title: Site\n", encoding="utf-8")
    result = run(tmp_path, "init", "--source-lang", "fr", "--lang", "en")
    assert 'locales_dir = "_locales"' in (tmp_path / "i18npub.toml").read_text(encoding="utf-8")
    assert "note: add i18npub.toml to `exclude` in _config.yml" in result.output
    (tmp_path / "_config.yml").write_text("title: Site\nexclude: [i18npub.toml]\n", encoding="utf-8")
    assert "i18npub.toml to `exclude`" not in run(tmp_path, "init", "--source-lang", "fr", "--lang", "en", "--force").output


def test_version(tmp_path: Path) -> None:
    result = run(tmp_path, "--version")
    assert result.exit_code == 0 and result.output.strip() == f"i18npub {__version__}"


def test_an_unknown_article_is_a_usage_error_in_every_command(tmp_path: Path) -> None:
    make_site(tmp_path)
    for command in (["extract"], ["build", "--lang", "en"], ["translate", "--lang", "en", "--provider", "pseudo"], ["review", "--lang", "en"]):
        result = run(tmp_path, *command, "nope.md")
        assert result.exit_code == 2 and "no article 'nope.md'" in result.output, command
