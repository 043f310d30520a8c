"""`translate` against fake services on 127.0.0.1: drafts, safety, throughput, failures, resume."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mt_fakes import FakeDeepL, FakeGoogle, FakeLibre, FakeMicrosoft, FakeMyMemory, Modes, unmap
from typer.testing import CliRunner

from i18npub.core.catalog import Catalog, Entry
from i18npub.cli import app
from i18npub.site.config import Config, init_config, load_config
from i18npub.errors import AuthError, ProviderError, QuotaError, UsageError
from i18npub.mt import engine
from i18npub.core.pofile import render_catalog
from i18npub.site.catalogs import read_catalog
from i18npub.site.layout import Site
from i18npub.core.catalog import DRAFT_MARK
from i18npub.stages.translate import TranslateOptions, translate_site

UNITS = [
    "Voir la section [instanciation](Instanciation.md) si vous **souhaitez** décliner.",
    'Selon [une étude BrailleNet](http://www.braillenet.org/a(b).odt){:target=(_"blank")}, début 2014.',
    'La loi [« Handicap »](https://www.legifrance.gouv.fr/a.do?c=J){:target="_blank") du 11 février 2005.',
    "**[Résorption bidonvilles](https://e.gouv.fr/x.html)** : par [Laure Dubuc](https://e.gouv.fr/l.html)",
    "Contacter `opensource @ data.gouv.fr` pour toute question&nbsp;: <br> merci.",
    "Première ligne  \nseconde ligne avec {{ page.title }} et {% include note.html %}",
    "FSF : https://www.gnu.org/licenses/license-list.fr.html (en excluant les licences) ;",
    '<b>Important</b> : lire <a href="https://x.fr/a">le guide</a> avant.',
    "Le référentiel compte 3 familles : A, AA et *AAA*.",
    "Principes d’ouverture des codes sources",
    "{: .lien-important}",
    "2019",
]


def make_site(root: Path, articles: dict[str, list[Entry]]) -> Config:
    init_config(root, "fr", ["en"])
    for name, entries in articles.items():
        source = root / "content" / "fr" / f"{name}.md"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("texte\n", encoding="utf-8")
        catalog = Catalog(header={"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}, entries=entries)
        path = root / "locales" / "en" / f"{name}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_catalog(catalog), encoding="utf-8")
    config = load_config(root)
    config.translate.backoff = 0.01
    config.translate.timeout = 2.0
    return config


def entries(texts: list[str]) -> list[Entry]:
    return [Entry(msgid=t, locations=[("a.md", i + 1)]) for i, t in enumerate(texts)]


def catalog_of(config: Config, name: str) -> Catalog:
    return read_catalog(config.root / "locales" / "en" / f"{name}.po")


def libre(config: Config, fake: FakeLibre, **options: object) -> object:
    return translate_site(Site(config), TranslateOptions(lang="en", provider="libre", url=fake.url, **options))  # type: ignore[arg-type]


def assert_faithful_drafts(catalog: Catalog, provider: str) -> None:
    """Every draft is fuzzy, names the provider, and is the source once the letters are mapped back."""
    for entry in catalog.active:
        assert entry.fuzzy, entry.msgid
        assert any(c.startswith(f"{DRAFT_MARK} provider={provider} date=") for c in entry.translator_comments)
        assert unmap(entry.msgstr) == entry.msgid


def test_drafts_are_fuzzy_commented_and_keep_the_markup_despite_mangling(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS)})
    modes = Modes(mangle={"pad_tokens", "case", "link_space", "pad_emphasis", "url_letters"})
    with FakeLibre(modes) as fake:
        report = libre(config, fake)
    assert report.stopped is None and not report.rejected
    assert report.drafted == report.pending == len(UNITS)
    assert_faithful_drafts(catalog_of(config, "a"), "libre")
    # one request for the whole batch; units without prose were never sent
    assert fake.requests == 1 and fake.batches == [len(UNITS) - 2]
    assert not any("http" in t or "target" in t or "**" in t for t in fake.received)


def test_a_dropped_placeholder_falls_back_to_piece_by_piece(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS)})
    with FakeLibre(Modes(mangle={"drop_token", "pad_tokens"})) as fake:
        report = libre(config, fake)
    assert not report.rejected and report.drafted == len(UNITS)
    catalog = catalog_of(config, "a")
    assert_faithful_drafts(catalog, "libre")
    pieced = [e for e in catalog.active if any("pieces=yes" in c for c in e.translator_comments)]
    assert len(pieced) >= 5  # every unit with two placeholders or more went through the fallback


def test_a_draft_that_breaks_markup_is_reported_and_not_written(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:3])})
    with FakeLibre(Modes(mangle={"add_emphasis"})) as fake:
        report = libre(config, fake)
    assert report.drafted == 0 and len(report.rejected) == 3
    assert "emphasis '**' added" in str(report.rejected[0]) and "a.po:" in str(report.rejected[0])
    assert all(not e.msgstr for e in catalog_of(config, "a").active)


def test_reviewed_entries_are_never_touched_and_fuzzy_ones_only_on_request(tmp_path: Path) -> None:
    reviewed = Entry(msgid="Bonjour le monde", msgstr="Hello world")
    old_draft = Entry(msgid="Au revoir", msgstr="Bye", flags=["fuzzy"], translator_comments=["a human note"])
    config = make_site(tmp_path, {"a": [reviewed, old_draft, Entry(msgid="Merci beaucoup")]})
    with FakeLibre() as fake:
        libre(config, fake)
        catalog = catalog_of(config, "a")
        assert [e.msgstr for e in catalog.active] == ["Hello world", "Bye", "Ｍｅｒｃｉ ｂｅａｕｃｏｕｐ"]
        assert not catalog.active[0].fuzzy and catalog.active[0].translator_comments == []
        libre(config, fake, retranslate_fuzzy=True)
    catalog = catalog_of(config, "a")
    assert catalog.active[0].msgstr == "Hello world" and not catalog.active[0].fuzzy
    redrafted = catalog.active[1]
    assert redrafted.msgstr == "Ａｕ ｒｅｖｏｉｒ" and redrafted.fuzzy
    assert redrafted.translator_comments[0] == "a human note" and redrafted.translator_comments[1].startswith(DRAFT_MARK)


def test_identical_texts_are_sent_once_and_a_rerun_sends_nothing(tmp_path: Path) -> None:
    same_prose = ["Lire [la suite](https://a.fr/1)", "Lire [la suite](https://b.fr/2){:target=\"_blank\"}"]
    config = make_site(tmp_path, {"a": entries(UNITS + same_prose), "b": entries(UNITS[:5])})
    with FakeLibre() as fake:
        first = libre(config, fake)
        assert len(fake.received) == len(set(fake.received)) == len(UNITS) - 2 + 1
        assert first.stats.cache_hits == 0
        fake.reset_counts()
        second = libre(config, fake)  # nothing left to draft
        assert fake.requests == 0 and second.pending == 0
        third = libre(config, fake, retranslate_fuzzy=True)  # everything again: all from the cache
    assert fake.requests == 0 and third.drafted == third.pending == len(UNITS) + 2 + 5
    assert third.stats.hit_rate == 1.0
    assert_faithful_drafts(catalog_of(config, "a"), "libre")
    assert (tmp_path / ".i18npub-cache" / "mt.sqlite3").is_file()


def test_a_run_that_fails_midway_keeps_its_drafts_and_a_rerun_finishes(tmp_path: Path) -> None:
    articles = {f"art{n}": entries([f"Phrase numéro {n}-{i} du texte." for i in range(60)]) for n in range(4)}
    config = make_site(tmp_path, articles)
    config.translate.parallel = 1
    config.translate.retries = 1
    modes = Modes(fail_after=3, fail_status=500)  # 50 texts per request: dies in the second article
    with FakeLibre(modes) as fake:
        report = libre(config, fake)
        assert isinstance(report.stopped, ProviderError) and "gave up after 2 tries" in str(report.stopped)
        assert report.drafted == 150
        drafted = {}
        for name in articles:
            catalog = catalog_of(config, name)  # valid PO, drafts so far included
            drafted[name] = [e.msgid for e in catalog.active if e.msgstr]
            assert all(unmap(e.msgstr) == e.msgid and e.fuzzy for e in catalog.active if e.msgstr)
        assert [len(d) for d in drafted.values()] == [60, 60, 30, 0]
        modes.fail_after = None
        fake.reset_counts()
        rerun = libre(config, fake)
    assert rerun.stopped is None and rerun.drafted == 90
    assert not set(fake.received) & {t for d in drafted.values() for t in d}  # nothing sent twice
    for name in articles:
        assert_faithful_drafts(catalog_of(config, name), "libre")


def test_429_then_success_is_retried(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:4])})
    with FakeLibre(Modes(fail_first=2, fail_status=429)) as fake:
        report = libre(config, fake)
    assert report.stopped is None and report.stats.retries == 2 and fake.requests == 3
    assert_faithful_drafts(catalog_of(config, "a"), "libre")


def test_a_slow_reply_times_out_and_is_retried(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:4])})
    config.translate.timeout = 0.2
    with FakeLibre(Modes(delay=0.6, slow_first=1)) as fake:
        report = libre(config, fake)
    assert report.stopped is None and report.stats.retries == 1
    assert_faithful_drafts(catalog_of(config, "a"), "libre")


def test_a_server_that_never_answers_in_time_stops_the_run(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:4])})
    config.translate.timeout = 0.1
    config.translate.retries = 1
    with FakeLibre(Modes(delay=0.3)) as fake:
        report = libre(config, fake)
    assert "no answer within 0.1 s" in str(report.stopped) and report.drafted == 0


@pytest.mark.parametrize(("modes", "key", "error", "words"), [
    (Modes(key="secret"), None, AuthError, "get an API key"),
    (Modes(key="secret"), "wrong-key", AuthError, "Invalid API key"),
    (Modes(quota=True), None, QuotaError, "limits violations"),
])
def test_auth_and_quota_errors_stop_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            modes: Modes, key: str | None, error: type, words: str) -> None:
    if key:
        monkeypatch.setenv("LIBRETRANSLATE_API_KEY", key)
    config = make_site(tmp_path, {"a": entries(UNITS), "b": entries(UNITS)})
    with FakeLibre(modes) as fake:
        report = libre(config, fake)
    assert isinstance(report.stopped, error) and words in str(report.stopped)
    assert fake.requests == 1  # no retry
    assert "wrong-key" not in str(report.stopped)


def test_the_key_is_sent_in_the_body_and_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "s3cr3t-key")
    config = make_site(tmp_path, {"a": entries(UNITS)})
    with FakeLibre(Modes(key="s3cr3t-key")) as fake:
        report = libre(config, fake)
    assert report.stopped is None and report.drafted == len(UNITS)
    for path in [*tmp_path.rglob("*.po"), tmp_path / "i18npub.toml"]:
        assert "s3cr3t" not in path.read_text(encoding="utf-8")


def test_dry_run_counts_per_article_and_writes_nothing(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS), "b": entries(UNITS[:2] + ["Autre chose"])})
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.po")}
    with FakeLibre() as fake:
        report = libre(config, fake, dry_run=True)
    assert fake.requests == 0 and not (tmp_path / ".i18npub-cache").exists()
    assert before == {p: p.read_bytes() for p in tmp_path.rglob("*.po")}
    a, b = report.articles
    assert (a.pending, b.pending) == (len(UNITS), 3)
    assert a.chars > 300 and b.chars == len("Autre chose")  # shared texts count for the first article


def test_parallel_requests_and_rate_limit(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries([f"Texte {i}." for i in range(400)])})  # 8 requests of 50
    config.translate.parallel = 4
    with FakeLibre(Modes(delay=0.3)) as fake:  # slow answers: the requests overlap
        libre(config, fake)
    assert fake.requests == 8 and fake.most_in_flight == 4
    config.translate.rate_limit = 10.0  # at most one request every 0.1 s
    slots = []
    real_wait = engine._RateLimiter.wait

    def recorded(limiter, stop):
        slots.append(real_wait(limiter, stop))
        return slots[-1]

    with FakeLibre() as fake, pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine._RateLimiter, "wait", recorded)
        libre(config, fake, retranslate_fuzzy=True)  # cached: no request
        assert fake.requests == 0
        shutil.rmtree(config.root / ".i18npub-cache")
        libre(config, fake, retranslate_fuzzy=True)
    # each request was let go a tenth of a second after the one before (when each thread then
    # woke is the machine's business: a busy one wakes them late)
    gaps = [later - earlier for earlier, later in zip(sorted(slots), sorted(slots)[1:])]
    assert fake.requests == len(slots) == 8 and min(gaps) >= 0.1 - 1e-9


def test_unreadable_catalog_is_reported_and_left_alone(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:2]), "b": entries(UNITS[:2])})
    broken = tmp_path / "locales" / "en" / "b.po"
    text = 'msgid "x"\nmsgstr "y"\n\nmsgid "z\n'
    broken.write_text(text, encoding="utf-8")
    with FakeLibre() as fake:
        report = libre(config, fake)
    assert report.drafted == 2 and len(report.errors) == 1
    assert str(report.errors[0]) == "locales/en/b.po:4: unterminated string"  # named relative to the site
    assert broken.read_text(encoding="utf-8") == text


def test_unknown_provider_or_language_is_a_configuration_error(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:1])})
    with pytest.raises(UsageError, match="unknown provider"):
        translate_site(Site(config), TranslateOptions(lang="en", provider="babelfish"))
    with pytest.raises(UsageError, match="not configured"):
        translate_site(Site(config), TranslateOptions(lang="de", provider="pseudo"))
    with pytest.raises(UsageError, match="needs the server"):
        translate_site(Site(config), TranslateOptions(lang="en", provider="libre"))


def test_named_articles_only(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:2]), "b": entries(UNITS[:2])})
    report = translate_site(Site(config), TranslateOptions(lang="en", provider="pseudo", articles=["b.md"]))
    assert [a.article for a in report.articles] == ["b.md"]
    assert all(not e.msgstr for e in catalog_of(config, "a").active)
    with pytest.raises(UsageError, match="no article"):
        translate_site(Site(config), TranslateOptions(lang="en", provider="pseudo", articles=["zz.md"]))


# --- other providers -------------------------------------------------------------------------


def test_deepl_batches_with_xml_tag_handling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "k:fx")
    config = make_site(tmp_path, {"a": entries(UNITS)})
    with FakeDeepL(Modes(key="k:fx")) as fake:
        report = translate_site(Site(config), TranslateOptions(lang="en", provider="deepl", url=fake.url))
    assert report.stopped is None and report.drafted == len(UNITS)
    assert_faithful_drafts(catalog_of(config, "a"), "deepl")
    body = fake.bodies[0]
    assert body["tag_handling"] == "xml" and body["ignore_tags"] == ["x"] and body["target_lang"] == "EN-US"
    assert fake.requests == 1 and any('<x id="0"/>' in t for t in fake.received)


@pytest.mark.parametrize(("modes", "key", "error"), [
    (Modes(key="right"), "wrong", AuthError),
    (Modes(quota=True), "k", QuotaError),
])
def test_deepl_auth_and_quota(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modes: Modes, key: str, error: type) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", key)
    config = make_site(tmp_path, {"a": entries(UNITS)})
    with FakeDeepL(modes) as fake:
        report = translate_site(Site(config), TranslateOptions(lang="en", provider="deepl", url=fake.url))
    assert isinstance(report.stopped, error) and fake.requests == 1


def test_deepl_without_a_key_refuses_to_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    config = make_site(tmp_path, {"a": entries(UNITS)})
    with pytest.raises(AuthError, match="DEEPL|deepl"):
        translate_site(Site(config), TranslateOptions(lang="en", provider="deepl", url="http://127.0.0.1:9"))


def test_deepl_429_then_success(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "k")
    config = make_site(tmp_path, {"a": entries(UNITS[:3])})
    with FakeDeepL(Modes(fail_first=1, fail_status=429)) as fake:
        report = translate_site(Site(config), TranslateOptions(lang="en", provider="deepl", url=fake.url))
    assert report.stopped is None and report.stats.retries == 1 and fake.requests == 2


def test_google_through_deep_translator(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS)})
    config.translate.rate_limit = 1000.0
    with FakeGoogle(Modes(mangle={"pad_tokens"}, fail_first=1, fail_status=429)) as fake:
        report = translate_site(Site(config), TranslateOptions(lang="en", provider="google", url=fake.url + "/m"))
    assert report.stopped is None and report.stats.retries == 1
    assert fake.texts == len(UNITS) - 2  # one text per request: the page takes one
    assert_faithful_drafts(catalog_of(config, "a"), "google")


def test_google_requests_get_a_timeout(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS[:1])})
    config.translate.timeout = 0.1
    config.translate.retries = 0
    config.translate.rate_limit = 1000.0
    with FakeGoogle(Modes(delay=0.4)) as fake:
        report = translate_site(Site(config), TranslateOptions(lang="en", provider="google", url=fake.url + "/m"))
    assert "no answer within 0.1 s" in str(report.stopped)


def test_mymemory_splits_long_texts_and_stops_on_its_quota_warning(tmp_path: Path) -> None:
    long_unit = " ".join(f"Phrase [numéro {i}](https://x.fr/{i}) assez longue pour remplir." for i in range(20))
    config = make_site(tmp_path, {"a": entries([long_unit, "Bonjour"])})
    config.translate.rate_limit = 1000.0
    with FakeMyMemory() as fake:
        report = translate_site(Site(config), TranslateOptions(lang="en", provider="mymemory", url=fake.url + "/get"))
        assert report.stopped is None and report.stats.splits == 1
        assert all(len(t.encode()) <= 500 for t in fake.received) and fake.texts > 2
        assert_faithful_drafts(catalog_of(config, "a"), "mymemory")
        fake.modes.quota = True
        fake.reset_counts()
        again = translate_site(Site(config), TranslateOptions(lang="en", provider="mymemory", url=fake.url + "/get",
                                                        retranslate_fuzzy=True, articles=[]))
    assert again.stopped is None and fake.requests == 0  # all cached
    shutil.rmtree(config.root / ".i18npub-cache")
    with FakeMyMemory(Modes(quota=True)) as fake:
        report = translate_site(Site(config), TranslateOptions(lang="en", provider="mymemory", url=fake.url + "/get",
                                                         retranslate_fuzzy=True))
    assert isinstance(report.stopped, QuotaError) and "MYMEMORY WARNING" in str(report.stopped)
    assert_faithful_drafts(catalog_of(config, "a"), "mymemory")  # the earlier drafts are intact


def test_microsoft_through_deep_translator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSOFT_TRANSLATOR_KEY", "ms-key")
    config = make_site(tmp_path, {"a": entries(UNITS)})
    with FakeMicrosoft(Modes(key="ms-key", fail_first=1, fail_status=429)) as fake:
        report = translate_site(Site(config), TranslateOptions(lang="en", provider="microsoft", url=fake.url))
    assert report.stopped is None and report.stats.retries == 1
    assert_faithful_drafts(catalog_of(config, "a"), "microsoft")
    monkeypatch.setenv("MICROSOFT_TRANSLATOR_KEY", "bad")
    shutil.rmtree(config.root / ".i18npub-cache")
    with FakeMicrosoft(Modes(key="ms-key")) as fake:
        report = translate_site(Site(config), TranslateOptions(lang="en", provider="microsoft", url=fake.url,
                                                         retranslate_fuzzy=True))
    assert isinstance(report.stopped, AuthError) and fake.requests <= config.translate.parallel  # those in flight


# --- offline providers -----------------------------------------------------------------------


def test_memory_reuses_reviewed_translations_with_the_new_syntax(tmp_path: Path) -> None:
    done = [
        Entry(msgid="Lire [la suite](https://a.fr/1)", msgstr="Read [more](https://a.fr/1)", lineno=3),
        Entry(msgid="Le référentiel compte trois familles de critères.", msgstr="The standard has three families of criteria."),
    ]
    todo = ["Lire [la suite](https://b.fr/2){:target=\"_blank\"}", "Le référentiel compte quatre familles de critères.", "Rien à voir ici"]
    config = make_site(tmp_path, {"done": done, "todo": entries(todo)})
    report = translate_site(Site(config), TranslateOptions(lang="en", provider="memory"))
    exact, close, none = catalog_of(config, "todo").active
    assert exact.msgstr == 'Read [more](https://b.fr/2){:target="_blank"}' and exact.fuzzy
    assert "match=100% from=locales/en/done.po:" in exact.translator_comments[0]
    assert close.msgstr == "The standard has three families of criteria." and close.fuzzy
    assert "match=9" in close.translator_comments[0]
    assert not none.msgstr and report.articles[1].unmatched == 1


def test_pseudo_is_reversible(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"a": entries(UNITS)})
    report = translate_site(Site(config), TranslateOptions(lang="en", provider="pseudo"))
    assert report.drafted == len(UNITS) and report.stats.requests == 0
    assert_faithful_drafts(catalog_of(config, "a"), "pseudo")


# --- command line ----------------------------------------------------------------------------


def test_cli_translate_and_clear_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_site(tmp_path, {"a": entries(UNITS)})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    with FakeLibre() as fake:
        result = runner.invoke(app, ["translate", "--lang", "en", "--provider", "libre", "--url", fake.url, "--dry-run"])
        assert result.exit_code == 0 and "a.md: 12 units" in result.output and fake.requests == 0
        result = runner.invoke(app, ["translate", "--lang", "en", "--provider", "libre", "--url", fake.url])
    assert result.exit_code == 0, result.output
    assert "12 of 12 units drafted (fuzzy)" in result.output and "drafting: 12/12 units" in result.output
    with FakeLibre(Modes(quota=True)) as fake:
        result = runner.invoke(app, ["translate", "--lang", "en", "--provider", "libre", "--url", fake.url,
                                     "--retranslate-fuzzy"])
    assert result.exit_code == 0  # everything came from the cache: the quota does not matter
    shutil.rmtree(tmp_path / ".i18npub-cache")
    with FakeLibre(Modes(quota=True)) as fake:
        result = runner.invoke(app, ["translate", "--lang", "en", "--provider", "libre", "--url", fake.url,
                                     "--retranslate-fuzzy"])
    assert result.exit_code == 1
    assert "error: stopped:" in result.output and "limits violations" in result.output and "run again" in result.output
