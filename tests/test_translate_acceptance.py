"""Issue 3's acceptance on the shared corpus: extract, draft through a LibreTranslate, or a
language model behind an OpenAI-compatible server, that maps letters reversibly and damages
markup, build with the drafts, and compare with the source."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, SHARED, read_exact
from mt_fakes import FakeLibre, FakeOpenAI, Modes, unmap
from typer.testing import CliRunner

from i18npub.stages.build import BuildOptions, build_site
from i18npub.stages.extract import extract_site
from i18npub.site.layout import Site
from i18npub.cli import app
from i18npub.site.config import init_config, load_config
from i18npub.site.catalogs import read_catalog
from i18npub.stages.translate import TranslateOptions, translate_site

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")

DAMAGE = {"pad_tokens", "case", "link_space", "pad_emphasis", "url_letters", "drop_token"}
# each provider's fake, the path of its API under the server's address, and the model to ask for
SERVERS = {
    "libre": (FakeLibre, "", ""),
    "openai": (FakeOpenAI, "/v1", "tiny-llm"),
}


def _options(provider: str, fake, **more: object) -> TranslateOptions:
    _, path, model = SERVERS[provider]
    return TranslateOptions(lang="en", provider=provider, url=fake.url + path, model=model, **more)  # type: ignore[arg-type]


def _roundtrip_tool():  # the shared tool's front-matter comparison, as the acceptance uses it
    spec = importlib.util.spec_from_file_location("roundtrip_check", SHARED / "tools" / "roundtrip_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def site(tmp_path: Path):
    shutil.copytree(CORPUS, tmp_path / "content" / "fr")
    init_config(tmp_path, "fr", ["en"])
    config = load_config(tmp_path)
    config.translate.backoff = 0.01
    assert not extract_site(Site(config)).errors
    return config


@pytest.mark.parametrize("provider", SERVERS)
def test_drafts_through_a_mangling_server_rebuild_byte_faithfully(site, provider: str) -> None:
    with SERVERS[provider][0](Modes(mangle=DAMAGE, drop_every=4)) as fake:
        report = translate_site(Site(site), _options(provider, fake))
        assert report.stopped is None and not report.errors
        assert report.drafted >= 0.99 * report.pending and report.pending > 700
        fake.reset_counts()
        rerun = translate_site(Site(site), _options(provider, fake, retranslate_fuzzy=True))
        assert fake.requests == 0 and rerun.stats.hit_rate == 1.0  # a second run sends nothing
    for po in (site.locales_root / "en").rglob("*.po"):
        assert all(e.fuzzy for e in read_catalog(po).active if e.msgstr)
    build = build_site(Site(site), BuildOptions("en", include_fuzzy=True))
    assert not build.errors
    tool = _roundtrip_tool()
    unfaithful = []
    for source in sorted(p for p in site.source_root.rglob("*") if p.suffix in (".md", ".markdown")):
        built = Site(site).output_path("en", source.relative_to(site.source_root).as_posix(), preview=True)
        text = read_exact(source)
        if tool.drop_added_keys(unmap(read_exact(built)), text) != text:
            unfaithful.append(source.name)
    assert not unfaithful


@pytest.mark.parametrize(("provider", "half", "server"), [("libre", 15, "LibreTranslate at"), ("openai", 25, "tiny-llm at")])
def test_a_run_stopped_halfway_exits_non_zero_and_a_rerun_finishes(site, monkeypatch: pytest.MonkeyPatch,
                                                                    provider: str, half: int, server: str) -> None:
    monkeypatch.chdir(site.root)
    runner = CliRunner()
    toml = site.root / "i18npub.toml"
    toml.write_text(toml.read_text().replace("parallel = 4", "parallel = 1").replace("retries = 4", "retries = 1")
                    .replace("backoff = 1.0", "backoff = 0.01"))
    fake_class, path, model = SERVERS[provider]
    command = ["translate", "--lang", "en", "--provider", provider] + (["--model", model] if model else [])
    with fake_class(Modes(fail_after=half, fail_status=500)) as fake:  # about half of the requests
        result = runner.invoke(app, [*command, "--url", fake.url + path])
        assert result.exit_code == 1
        assert f"error: stopped: {server}" in result.output and "HTTP 500" in result.output
        entries = [e for po in (site.locales_root / "en").rglob("*.po") for e in read_catalog(po).active]
        missing = {e.msgid for e in entries if not e.msgstr}
        assert 200 < len(entries) - len(missing) < len(entries) - 100  # what came back before the failure is saved
        fake.modes.fail_after = None
        fake.reset_counts()
        result = runner.invoke(app, [*command, "--url", fake.url + path])
        assert result.exit_code == 0, result.output
        resent = len(set(fake.received))
    entries = [e for po in (site.locales_root / "en").rglob("*.po") for e in read_catalog(po).active]
    assert all(e.msgstr and e.fuzzy for e in entries)
    assert resent <= len(missing)  # the rerun sent only what was missing
