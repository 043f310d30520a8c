"""`translate --provider openai` against an OpenAI-compatible server of our own on 127.0.0.1
(tests/mt_fakes.py's FakeOpenAI): requests, context, replies good and bad, failures, resume."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from mt_fakes import FakeOpenAI, Modes, unmap
from test_translate import UNITS, assert_faithful_drafts, catalog_of, entries, make_site
from typer.testing import CliRunner

from i18npub.cli import app
from i18npub.core.catalog import Entry
from i18npub.core.glossary import Term, Terms
from i18npub.errors import AuthError, ConfigError, ProviderError, QuotaError, RetryableError
from i18npub.mt.openai import OpenAIProvider
from i18npub.site.config import load_config
from i18npub.site.layout import Site
from i18npub.stages.translate import TranslateOptions, translate_site


def llm(config, fake: FakeOpenAI, **options: object):
    options.setdefault("model", "tiny-llm")
    return translate_site(Site(config), TranslateOptions(lang="en", provider="openai", url=fake.url + "/v1", **options))  # type: ignore[arg-type]


def article(texts: list[str], title: str = "Un titre d'article") -> list[Entry]:
    """A catalog as `extract` writes it: the title first, then the body's units."""
    title_entry = Entry(msgid=title, locations=[("a.md", 2)], comments=["front matter: title"])
    return [title_entry] + entries(texts)


def test_drafts_are_fuzzy_and_faithful_with_one_json_request_per_batch(tmp_path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS)})
    with FakeOpenAI(Modes(mangle={"pad_tokens", "case", "link_space", "pad_emphasis", "url_letters"})) as fake:
        report = llm(config, fake)
    assert report.stopped is None and not report.rejected and not report.undrafted
    assert report.drafted == report.pending == len(UNITS)
    assert_faithful_drafts(catalog_of(config, "a"), "openai")
    assert fake.requests == 1 and fake.batches == [len(UNITS) - 2]  # units without prose are not sent
    body = fake.bodies[0]
    assert body["model"] == "tiny-llm" and body["response_format"] == {"type": "json_object"} and body["stream"] is False
    system, user = body["messages"]
    assert system["role"] == "system" and "from French to English" in system["content"] and "JSON" in system["content"]
    assert not any("http" in t or "**" in t for t in fake.received)  # markup travels as placeholders


def test_batches_are_bounded_and_carry_the_title_and_the_neighbouring_units(tmp_path) -> None:
    texts = [f"Phrase numéro {i} du texte, assez longue pour compter." for i in range(50)]
    config = make_site(tmp_path, {"a": article(texts)})
    with FakeOpenAI() as fake:
        report = llm(config, fake)
    assert report.drafted == 51 and max(fake.batches) <= 20 and sum(fake.batches) == 51
    order = ["Un titre d'article", *texts]
    requests = [json.loads(b["messages"][1]["content"]) for b in fake.bodies]  # in the order they arrived
    requests.sort(key=lambda r: order.index(r["excerpts"][0]["units"][0]["text"]))
    first, second = requests[0]["excerpts"], requests[1]["excerpts"]
    assert len(first) == 1 and first[0]["title"] == "Un titre d'article" and "before" not in first[0]
    assert [u["id"] for u in first[0]["units"]] == [str(n) for n in range(1, len(first[0]["units"]) + 1)]
    last_sent = first[0]["units"][-1]["text"]
    assert first[0]["after"] == second[0]["units"][0]["text"]  # the next unit, sent in another request
    assert second[0]["before"] == last_sent and second[0]["title"] == "Un titre d'article"


def test_a_malformed_reply_is_retried(tmp_path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS)})
    with FakeOpenAI(reply="malformed", bad_replies=1) as fake:
        report = llm(config, fake)
    assert report.stopped is None and report.stats.retries == 1 and fake.requests == 2
    assert_faithful_drafts(catalog_of(config, "a"), "openai")


def test_a_model_that_never_answers_json_stops_the_run_saying_so(tmp_path, monkeypatch) -> None:
    make_site(tmp_path, {"a": entries(UNITS)})
    monkeypatch.chdir(tmp_path)
    toml = tmp_path / "i18npub.toml"
    toml.write_text(toml.read_text().replace("retries = 4", "retries = 1").replace("backoff = 1.0", "backoff = 0.01"))
    with FakeOpenAI(reply="malformed") as fake:
        result = CliRunner().invoke(app, ["translate", "--lang", "en", "--provider", "openai", "--url", fake.url + "/v1",
                                          "--model", "tiny-llm"])
    assert result.exit_code == 1 and fake.requests == 2
    assert "the reply is not the JSON asked for: 'Sure! Here are" in result.output and "gave up after 2 tries" in result.output


def test_ids_left_out_get_no_draft_and_a_rerun_asks_only_for_them(tmp_path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:4])})
    with FakeOpenAI(reply="missing") as fake:
        report = llm(config, fake)
        assert report.stopped is None and report.drafted == 3 and len(report.undrafted) == 1
        assert "no draft (left out of the model's reply)" in str(report.undrafted[0])
        left_out = report.undrafted[0].msgid
        assert not next(e for e in catalog_of(config, "a").active if e.msgid == left_out).msgstr
        fake.reply = "json"
        fake.reset_counts()
        rerun = llm(config, fake)
    assert rerun.drafted == 1 and fake.texts == 1  # the others are drafted already; the cache has no gap to fill
    assert_faithful_drafts(catalog_of(config, "a"), "openai")


@pytest.mark.parametrize(("reply", "reason"), [
    ("refusal", "refused by the model: \"I'm sorry, I can't help with that request.\""),
    ("filter", "refused by the server's content filter"),
])
def test_a_refusal_leaves_its_units_undrafted_reported_and_uncached(tmp_path, reply: str, reason: str) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:3])})
    with FakeOpenAI(reply=reply, bad_replies=1) as fake:  # the first request is refused, the next answered
        report = llm(config, fake)
        assert report.stopped is None and report.drafted == 0 and len(report.undrafted) == 3
        assert all(reason in str(u) and "a.po:" in str(u) for u in report.undrafted)
        assert all(not e.msgstr for e in catalog_of(config, "a").active)
        fake.reset_counts()
        rerun = llm(config, fake)
    assert rerun.drafted == 3 and fake.texts == 3  # asked again: a refusal is never cached
    assert_faithful_drafts(catalog_of(config, "a"), "openai")


def test_a_reply_cut_at_the_length_limit_stops_the_run(tmp_path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS)})
    with FakeOpenAI(reply="length") as fake:
        report = llm(config, fake)
    assert isinstance(report.stopped, ProviderError) and not isinstance(report.stopped, RetryableError)
    assert "cut at the model's length limit" in str(report.stopped) and fake.requests == 1


def test_429_is_retried_after_the_pause_the_server_asks_for(tmp_path) -> None:
    with FakeOpenAI(Modes(fail_first=1, fail_status=429), retry_after=2.5) as fake:
        provider = OpenAIProvider(fake.url + "/v1", "tiny-llm", "fr", "en", None, 2.0, Terms())
        with pytest.raises(RetryableError) as caught:
            provider.translate(["Bonjour"])
        assert caught.value.retry_after == 2.5 and "Rate limit reached" in str(caught.value)
    config = make_site(tmp_path, {"a": entries(UNITS[:4])})
    with FakeOpenAI(Modes(fail_first=2, fail_status=429), retry_after=0.01) as fake:
        report = llm(config, fake)
    assert report.stopped is None and report.stats.retries == 2 and fake.requests == 3
    assert_faithful_drafts(catalog_of(config, "a"), "openai")


def test_500_is_retried_then_gives_up(tmp_path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:4])})
    with FakeOpenAI(Modes(fail_first=1, fail_status=500)) as fake:
        report = llm(config, fake)
    assert report.stopped is None and report.stats.retries == 1
    config.translate.retries = 1
    with FakeOpenAI(Modes(fail_first=10, fail_status=503)) as fake:
        report = llm(config, fake, retranslate_fuzzy=True, articles=[])
    assert report.stopped is None and fake.requests == 0  # everything came from the cache
    (tmp_path / ".i18npub-cache" / "mt.sqlite3").unlink()
    with FakeOpenAI(Modes(fail_first=10, fail_status=503)) as fake:
        report = llm(config, fake, retranslate_fuzzy=True)
    assert "HTTP 503" in str(report.stopped) and "gave up after 2 tries" in str(report.stopped)


def test_a_slow_reply_times_out_and_is_retried(tmp_path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:4])})
    config.translate.timeout = 0.2
    with FakeOpenAI(Modes(delay=0.6, slow_first=1)) as fake:
        report = llm(config, fake)
    assert report.stopped is None and report.stats.retries == 1
    config.translate.retries = 1
    with FakeOpenAI(Modes(delay=0.6)) as fake:
        report = llm(config, fake, retranslate_fuzzy=True, model="another-model")
    assert "no answer within 0.2 s" in str(report.stopped)


def test_the_key_is_sent_as_a_bearer_token_and_a_refused_one_stops_at_once(tmp_path, monkeypatch) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS), "b": entries(UNITS[:3])})
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
    with FakeOpenAI(Modes(key="sk-right")) as fake:
        report = llm(config, fake)
    assert isinstance(report.stopped, AuthError) and fake.requests == 1
    assert "HTTP 401" in str(report.stopped) and "translate.key_env.openai" in str(report.stopped)
    assert "sk-wrong" not in str(report.stopped)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-right")
    with FakeOpenAI(Modes(key="sk-right")) as fake:
        report = llm(config, fake)
    assert report.stopped is None and report.drafted == report.pending == len(UNITS) - 2 + 3  # units without prose: the first run
    assert_faithful_drafts(catalog_of(config, "a"), "openai")
    for path in tmp_path.rglob("*.po"):
        assert "sk-right" not in path.read_text(encoding="utf-8")


def test_a_configuration_older_than_the_provider_still_reads_its_key(tmp_path, monkeypatch) -> None:
    make_site(tmp_path, {"a": entries(UNITS[:2])})
    toml = tmp_path / "i18npub.toml"
    toml.write_text(toml.read_text().replace('openai = "OPENAI_API_KEY"\n', ""))
    config = load_config(tmp_path)
    assert "openai" not in config.translate.key_env
    monkeypatch.setenv("OPENAI_API_KEY", "sk-right")
    with FakeOpenAI(Modes(key="sk-right")) as fake:
        report = llm(config, fake)
    assert report.stopped is None and report.drafted == 2


def test_an_address_that_is_not_the_api_says_what_it_must_be(tmp_path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:2])})
    with FakeOpenAI() as fake:
        report = translate_site(Site(config), TranslateOptions(lang="en", provider="openai", url=fake.url, model="m"))
    assert "HTTP 404" in str(report.stopped) and "the URL must be the API's base, such as http://localhost:11434/v1" in str(report.stopped)


def test_an_exhausted_quota_stops_at_once(tmp_path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS)})
    with FakeOpenAI(Modes(quota=True)) as fake:
        report = llm(config, fake)
    assert isinstance(report.stopped, QuotaError) and "exceeded your current quota" in str(report.stopped)
    assert fake.requests == 1


def test_the_model_comes_from_the_option_or_the_configuration_and_is_part_of_the_cache_key(tmp_path, monkeypatch) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:3])})
    with pytest.raises(ConfigError, match="needs a model"):
        translate_site(Site(config), TranslateOptions(lang="en", provider="openai", url="http://127.0.0.1:9/v1"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(AuthError, match="needs a key"):  # OpenAI's own API, without a key
        translate_site(Site(config), TranslateOptions(lang="en", provider="openai", model="gpt-4o-mini"))
    config.translate.model = "configured-model"
    with FakeOpenAI() as fake:
        translate_site(Site(config), TranslateOptions(lang="en", provider="openai", url=fake.url + "/v1"))
        assert {b["model"] for b in fake.bodies} == {"configured-model"}
        fake.reset_counts()
        llm(config, fake, retranslate_fuzzy=True)  # another model: its own drafts
    assert {b["model"] for b in fake.bodies} == {"configured-model", "tiny-llm"} and fake.texts == 3


def test_glossary_terms_reach_the_prompt_only_where_they_occur(tmp_path) -> None:
    glossary = Terms((Term("DINUM"), Term("Note aux rédactions", "Note to editors"), Term("mot absent", "absent word")))
    with FakeOpenAI() as fake:
        provider = OpenAIProvider(fake.url + "/v1", "tiny-llm", "fr", "en", None, 2.0, glossary)
        [result] = provider.translate(["Lire la Note aux rédactions de [X0X]."])
    request = json.loads(fake.bodies[0]["messages"][1]["content"])
    assert request["glossary"] == {"Note aux rédactions": "Note to editors"}
    assert unmap(result.text) == "Lire la Note to editors de [X0X]."


def test_other_commands_do_not_import_the_openai_package() -> None:
    code = "import sys, i18npub.cli, i18npub.stages.translate; print('openai' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
