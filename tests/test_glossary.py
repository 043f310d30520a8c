"""The site's terminology: the glossary file, finding terms, masking them for machine drafts,
and `check`'s glossary warnings; acceptance through the LLM, LibreTranslate and DeepL fakes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from mt_fakes import FakeDeepL, FakeLibre, FakeOpenAI, Modes
from sites import make_site, run

from i18npub.core.glossary import Term, Terms, parse_csv, parse_tbx
from i18npub.core.masking import mask
from i18npub.errors import ConfigError
from i18npub.core.pofile import render_catalog
from i18npub.site.catalogs import read_catalog
from i18npub.site.config import load_config
from i18npub.site.layout import Site
from i18npub.stages.check import check_site
from i18npub.stages.translate import TranslateOptions, translate_site

KEPT = ["DINUM", "FranceConnect", "Tchap", "Etalab", "ProConnect"]
FIXED = {
    "Note aux rédactions": "Note to editors",
    "communiqué de presse": "press release",
    "administration numérique": "digital government",
    "feuille de route": "roadmap",
    "service public": "public service",
}
GLOSSARY_CSV = "fr,en,note\n" + "".join(f"{term},,do not translate\n" for term in KEPT) + "".join(f'"{s}",{t},\n' for s, t in FIXED.items())

ARTICLE = """---
title: La feuille de route de la DINUM
chapeau-text: Un communiqué de presse sur [FranceConnect](https://franceconnect.gouv.fr/){:target="_blank"}.
---

## Note aux rédactions

La **DINUM** publie sa feuille de route : Tchap, ProConnect et FranceConnect au service public.

Feuille de route d'Etalab pour l'administration numérique, voir [le site d'Etalab](https://www.etalab.gouv.fr).

* Un service public numérique avec `Tchap` et Tchap.
* Communiqué de presse de la DINUM et d'Etalab.

Contact : [DINUM](mailto:presse@dinum.gouv.fr)
"""


# --- the file ---------------------------------------------------------------------------------


def test_a_glossary_file_reads_terms_kept_and_fixed_per_language() -> None:
    text = "\ufefffr;en;de;note\nDINUM;;;un sigle\nNote aux rédactions;Note to editors;Hinweis für Redaktionen;\nTchap;Tchap;;\nfeuille de route;roadmap;;\n\n"
    glossary = parse_csv(text, "fr", "glossary.csv")
    assert glossary.terms("en").terms == (
        Term("DINUM"), Term("Note aux rédactions", "Note to editors"), Term("Tchap"), Term("feuille de route", "roadmap"),
    )
    # a row with other translations sets no rule for a language it leaves empty
    assert glossary.terms("de").terms == (Term("DINUM"), Term("Note aux rédactions", "Hinweis für Redaktionen"))
    assert parse_csv("term\nDINUM\nEtalab\n", "fr", "g.csv").terms("en").terms == (Term("DINUM"), Term("Etalab"))


@pytest.mark.parametrize(("text", "line", "words"), [
    ("", 1, "empty"),
    ("en,fr\nx,y\n", 1, "first column must hold the source language's terms"),
    ("fr,en,colour\nx,y,z\n", 1, "'colour' is neither a language code nor 'note'"),
    ("fr,en,en\nx,y,z\n", 1, "two columns for 'en'"),
    ("fr,en\nDINUM,\nTchap,\nDINUM,\n", 4, "'DINUM' is already on line 2"),
    ("fr,en\n,orphan\n", 2, "without a term"),
    ("fr,en\na,b,c\n", 2, "3 cells for 2 columns"),
])
def test_a_bad_glossary_file_is_an_error_naming_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError, match=words) as caught:
        parse_csv(text, "fr", "glossary.csv")
    assert caught.value.path == "glossary.csv" and caught.value.line == line


def test_the_glossary_path_is_checked(tmp_path: Path) -> None:
    make_site(tmp_path, {"a.md": ARTICLE})
    toml = tmp_path / "i18npub.toml"
    toml.write_text(toml.read_text().replace('path = ""', 'path = "missing.csv"'))
    result = run(tmp_path, "check")
    assert result.exit_code == 2 and "missing.csv: cannot read the glossary" in result.output
    toml.write_text(toml.read_text().replace("missing.csv", "glossary.xlsx"))
    (tmp_path / "glossary.xlsx").write_text("cells")
    result = run(tmp_path, "check")
    assert result.exit_code == 2 and "not a .csv or .tbx file" in result.output
    toml.write_text(toml.read_text().replace("glossary.xlsx", "glossary.tbx"))
    (tmp_path / "glossary.tbx").write_text("<martif>\n<text>\n<body>", encoding="utf-8")
    result = run(tmp_path, "check")
    assert result.exit_code == 2 and "glossary.tbx:3: invalid TBX: no element found" in result.output


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="fr"><text><body>
<termEntry id="c1">
  <descrip type="definition">La direction interministérielle du numérique</descrip>
  <langSet xml:lang="fr"><tig><term>DINUM</term></tig></langSet>
</termEntry>
<termEntry id="c2">
  <langSet xml:lang="fr"><tig><term>Note aux rédactions</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>Note to editors</term></tig></langSet>
  <langSet xml:lang="de"><ntig><termGrp><term>Hinweis für Redaktionen</term></termGrp></ntig></langSet>
</termEntry>
<termEntry id="c3">
  <langSet xml:lang="fr"><tig><term>Tchap</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>Tchap</term></tig></langSet>
</termEntry>
<termEntry id="c4">
  <langSet xml:lang="fr"><tig><term>feuille
    de route</term></tig><tig><term>plan de route</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>roadmap</term></tig></langSet>
</termEntry>
</body></text></martif>
"""


def test_a_tbx_file_says_what_the_same_csv_says() -> None:
    csv_text = "fr;en;de\nDINUM;;\nNote aux rédactions;Note to editors;Hinweis für Redaktionen\nTchap;Tchap;\nfeuille de route;roadmap;\n"
    tbx, csv = parse_tbx(TBX.encode("utf-8"), "fr", "g.tbx"), parse_csv(csv_text, "fr", "g.csv")
    for lang in ("en", "de"):
        assert tbx.terms(lang) == csv.terms(lang)
    assert [e.line for e in tbx.entries] == [3, 7, 12, 16]


@pytest.mark.parametrize(("text", "line", "words"), [
    ('<martif>\n<termEntry><langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry></martif>', 2, "without a term in the source language"),
    ('<martif>\n<termEntry><langSet xml:lang="fr"><tig><term>x</term></tig></langSet></termEntry>\n'
     '<termEntry><langSet xml:lang="fr"><tig><term>x</term></tig></langSet></termEntry></martif>', 3, "'x' is already on line 2"),
    ('<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY a "aaaa">]><m>&a;</m>', 2, "declares entities"),
    ("<martif>\n<termEntry>\n</martif>", 3, "invalid TBX: mismatched tag"),
])
def test_a_bad_tbx_file_is_an_error_naming_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError, match=words) as caught:
        parse_tbx(text.encode("utf-8"), "fr", "g.tbx")
    assert caught.value.path == "g.tbx" and caught.value.line == line


# --- finding and masking terms ------------------------------------------------------------------


def test_terms_match_whole_words_the_longest_first_and_capitalized_when_written_lower_case() -> None:
    terms = Terms((Term("Etalab"), Term("mission Etalab", "Etalab mission"), Term("feuille de route", "roadmap")))
    found = terms.find("La mission\nEtalab, Etalabs et Feuille de route ; la feuille de route.")
    assert [(f.text, f.output) for f in found] == [
        ("mission\nEtalab", "Etalab mission"), ("Feuille de route", "Roadmap"), ("feuille de route", "roadmap"),
    ]
    assert not Terms((Term("DINUM"),)).find("la Dinum et DINUMS")  # as written, and whole words only


def test_masked_terms_come_back_as_the_glossary_says_whatever_the_engine_does() -> None:
    terms = Terms((Term("DINUM"), Term("Note aux rédactions", "Note to editors")))
    masked = mask("La **DINUM** : voir la Note aux rédactions et [DINUM](https://dinum.gouv.fr).", terms)
    assert masked.render() == "La [X0X] : voir la [X1X] et [X2X]."
    assert masked.unmask("The [x0x] : see the [X1X] and [ X2X ].") == "The **DINUM** : see the Note to editors and [DINUM](https://dinum.gouv.fr)."
    heading = mask("Note aux rédactions", terms)
    assert not heading.has_prose and heading.assemble({}) == "Note to editors"  # nothing left to send
    in_markup = mask("`DINUM` et https://DINUM.fr", terms)  # code and URLs are syntax already
    assert [t.text for t in in_markup.tokens] == ["`DINUM`", "https://DINUM.fr"]


# --- acceptance -----------------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path):
    make_site(tmp_path, {"revue.md": ARTICLE})
    (tmp_path / "glossary.csv").write_text(GLOSSARY_CSV, encoding="utf-8")
    toml = tmp_path / "i18npub.toml"
    toml.write_text(toml.read_text().replace('path = ""', 'path = "glossary.csv"'))
    assert run(tmp_path, "extract").exit_code == 0
    config = load_config(tmp_path)
    config.translate.backoff = 0.01
    return config


def drafts(config) -> list[tuple[str, str]]:
    catalog = read_catalog(config.root / "locales" / "en" / "revue.po")
    return [(e.msgid, e.msgstr) for e in catalog.active]


def assert_terminology_kept(config) -> None:
    """Every unit drafted, every term kept and every fixed translation used (in ASCII, where the
    fakes write everything else in full-width letters), and `check` has nothing to say."""
    pairs = drafts(config)
    assert pairs and all(msgstr for _, msgstr in pairs)
    text = "\n".join(msgstr for _, msgstr in pairs)
    for term in KEPT:
        assert term in text
    for source, target in FIXED.items():
        assert target in text or target.capitalize() in text
        assert source not in text and source.capitalize() not in text
    assert not [f for f in check_site(Site(config), ["en"]).findings if f.code == "glossary"]


def test_llm_drafts_keep_the_terms_and_use_the_fixed_translations_given_in_the_prompt(site) -> None:
    with FakeOpenAI(Modes(mangle={"pad_tokens", "case"})) as fake:
        report = translate_site(Site(site), TranslateOptions(lang="en", provider="openai", url=fake.url + "/v1", model="m"))
    assert report.stopped is None and not report.rejected
    assert_terminology_kept(site)
    glossaries = [json.loads(b["messages"][1]["content"]).get("glossary", {}) for b in fake.bodies]
    sent = {term: target for glossary in glossaries for term, target in glossary.items()}
    forms = {**FIXED, **{s[0].upper() + s[1:]: t[0].upper() + t[1:] for s, t in FIXED.items()}}  # as the texts write them
    assert sent.items() <= forms.items() and {s.lower() for s in sent} == {s.lower() for s in FIXED}
    assert not any(term in text for term in KEPT for text in fake.received)  # masked: the model cannot change them


def test_llm_drafts_that_ignore_the_glossary_are_redone_with_the_terms_masked(site) -> None:
    with FakeOpenAI(follows_glossary=False) as fake:
        report = translate_site(Site(site), TranslateOptions(lang="en", provider="openai", url=fake.url + "/v1", model="m"))
    assert report.stopped is None and not report.rejected
    assert_terminology_kept(site)
    comments = [c for e in read_catalog(site.root / "locales" / "en" / "revue.po").active for c in e.translator_comments]
    assert any("pieces=yes" in c for c in comments)


def test_libre_drafts_mask_every_term_and_put_the_fixed_translations_back(site) -> None:
    with FakeLibre(Modes(mangle={"pad_tokens", "link_space"})) as fake:
        report = translate_site(Site(site), TranslateOptions(lang="en", provider="libre", url=fake.url))
    assert report.stopped is None and not report.rejected
    assert_terminology_kept(site)
    sent = "\n".join(fake.received)
    assert not any(term in sent for term in KEPT) and not any(s in sent or s.capitalize() in sent for s in FIXED)


def test_deepl_drafts_use_one_glossary_made_once_for_the_fixed_translations(site, monkeypatch) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "k:fx")
    with FakeDeepL(Modes(key="k:fx")) as fake:
        report = translate_site(Site(site), TranslateOptions(lang="en", provider="deepl", url=fake.url))
        assert report.stopped is None and not report.rejected
        assert_terminology_kept(site)
        [glossary] = fake.glossaries.values()
        assert glossary["source_lang"] == "fr" and glossary["target_lang"] == "en"
        assert glossary["entries"]["Note aux rédactions"] == "Note to editors"
        assert glossary["entries"]["Feuille de route"] == "Roadmap"  # the capitalized form too
        assert all(body["glossary_id"] == glossary["glossary_id"] for body in fake.bodies)
        shutil.rmtree(site.root / ".i18npub-cache")
        translate_site(Site(site), TranslateOptions(lang="en", provider="deepl", url=fake.url, retranslate_fuzzy=True))
    assert len(fake.glossaries) == 1  # found again, not made twice


def test_check_warns_where_a_translation_ignores_the_glossary(site) -> None:
    with FakeLibre() as fake:
        translate_site(Site(site), TranslateOptions(lang="en", provider="libre", url=fake.url))
    po = site.root / "locales" / "en" / "revue.po"
    catalog = read_catalog(po)
    for entry in catalog.active:
        entry.msgstr = entry.msgstr.replace("Note to editors", "Note for the press").replace("**DINUM**", "**the directorate**")
    po.write_text(render_catalog(catalog), encoding="utf-8")
    result = run(site.root, "check", "--lang", "en")
    assert result.exit_code == 0, result.output  # warnings
    lines = [line for line in result.output.splitlines() if "[glossary]" in line]
    assert len(lines) == 2 and all(line.startswith("locales/en/revue.po:") and ": warning [glossary]" in line for line in lines)
    assert any("translates “Note aux rédactions” as “Note to editors”" in line for line in lines)
    assert any("keeps “DINUM” as written" in line for line in lines)
    findings = json.loads(run(site.root, "check", "--format", "json").output)["findings"]
    assert sorted(f["code"] for f in findings if f["code"] == "glossary") == ["glossary", "glossary"]
