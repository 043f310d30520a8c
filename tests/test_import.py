"""`import`: catalogs filled from translations people already wrote.

The alignment is judged on pairs written for these tests (each one changing one thing a human
translator changes: a unit dropped, added, moved, split or merged, a link localized) and on
the real pairs of ../shared/corpus, whose alignments were established by reading them: every
unit with a counterpart must be paired with it and nothing else, and no pairing that could be
wrong may be confident. Then the command itself: what it writes, what it never touches, how it
pairs the files of a folder, and its exit codes.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import polib
import pytest
from conftest import CORPUS, SHARED, pseudo
from sites import make_site, run

from i18npub.core.align import BODY, Alignment, align_articles, pieces, quoted
from i18npub.core.article import parse, render
from i18npub.core.checks import visible_text
from i18npub.core.frontmatter import load_yaml
from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS

# --- Pairs written for the tests ------------------------------------------------------------

SEASON_FR = """---
title: La saison 2024 du théâtre municipal
---

## Le programme

La saison s'ouvre le 14 septembre avec *Le Misanthrope* de Molière, joué par la compagnie Arlequin.

En octobre, 3 concerts de l'orchestre Berlioz sont prévus. L'un d'eux est gratuit pour les moins de 18 ans.

Le festival de marionnettes revient en février, avec 12 compagnies venues de toute l'Europe.

Les abonnements sont en vente dès le 1er juin au guichet et sur [la billetterie](https://billets.example.org/).

Le théâtre remercie la région Occitanie pour son soutien.
"""

SEASON_EN = """---
title: The 2024 season of the municipal theatre
---

## The programme

The season opens on 14 September with Molière's *The Misanthrope*, played by the Arlequin company.

In October, 3 concerts by the Berlioz orchestra are planned. One of them is free for under-18s.

The puppet festival returns in February, with 12 companies from all over Europe.

Season tickets go on sale from 1 June at the box office and on [the ticketing site](https://billets.example.org/).

The theatre thanks the Occitanie region for its support.
"""

# the source's lines of its units, and those of their counterparts in SEASON_EN
SEASON_LINES = {2: [2], 5: [5], 7: [7], 9: [9], 11: [11], 13: [13], 15: [15]}

PUPPETS_EN = "The puppet festival returns in February, with 12 companies from all over Europe.\n\n"
OCTOBER_EN = "In October, 3 concerts by the Berlioz orchestra are planned. One of them is free for under-18s.\n"
TICKETS_EN = "Season tickets go on sale from 1 June at the box office and on [the ticketing site](https://billets.example.org/).\n"


def align(source: str, translation: str, prose_keys: list[str] = DEFAULT_PROSE_KEYS) -> Alignment:
    ours = parse(source, "fr.md", prose_keys, DEFAULT_MARKDOWN_KEYS)
    theirs = parse(translation, "en.md", prose_keys, DEFAULT_MARKDOWN_KEYS)
    return align_articles(pieces(ours), pieces(theirs), target_front_matter=theirs.front_matter is not None)


def pairing(alignment: Alignment) -> dict[int, list[int]]:
    """Each filled unit's line, with the lines of the translation it was filled from."""
    return {line: [p.line for p in proposal.target] for proposal in alignment.proposals for line in [s.line for s in proposal.source]}


def uncertain(alignment: Alignment) -> dict[int, str]:
    return {p.source[0].line: "; ".join(p.reasons) for p in alignment.proposals if p.reasons}


def test_a_faithful_translation_is_aligned_unit_for_unit_and_confidently() -> None:
    alignment = align(SEASON_FR, SEASON_EN)
    assert pairing(alignment) == SEASON_LINES
    assert uncertain(alignment) == {}
    assert (alignment.unmatched_source, alignment.unmatched_target) == ([], [])


def test_a_dropped_unit_is_reported_and_the_others_keep_their_counterparts() -> None:
    alignment = align(SEASON_FR, SEASON_EN.replace(PUPPETS_EN, ""))
    assert [(p.line, p.kind) for p in alignment.unmatched_source] == [(11, "paragraph")]
    assert pairing(alignment) == {2: [2], 5: [5], 7: [7], 9: [9], 13: [11], 15: [13]}
    assert uncertain(alignment) == {}


def test_an_added_unit_is_reported_and_never_given_to_a_source_unit() -> None:
    note = "Please note: every performance is in French, with surtitles on Friday evenings.\n\n"
    alignment = align(SEASON_FR, SEASON_EN.replace(PUPPETS_EN, PUPPETS_EN + note))
    assert [p.line for p in alignment.unmatched_target] == [13]
    assert pairing(alignment) == {2: [2], 5: [5], 7: [7], 9: [9], 11: [11], 13: [15], 15: [17]}
    assert uncertain(alignment) == {}


def test_a_changed_link_target_makes_the_unit_fuzzy_with_both_targets_in_the_reason() -> None:
    alignment = align(SEASON_FR, SEASON_EN.replace("(https://billets.example.org/)", "(https://billets.example.org/en/)"))
    assert pairing(alignment) == SEASON_LINES
    reasons = uncertain(alignment)
    assert list(reasons) == [13]
    assert reasons[13].startswith("markup differs: The link target “https://billets.example.org/” was changed to “https://billets.example.org/en/”")


def test_a_paragraph_split_in_two_is_filled_with_both_and_fuzzy() -> None:
    split = "In October, 3 concerts by the Berlioz orchestra are planned.\n\nOne of them is free for under-18s.\n"
    alignment = align(SEASON_FR, SEASON_EN.replace(OCTOBER_EN, split))
    assert pairing(alignment) == {2: [2], 5: [5], 7: [7], 9: [9, 11], 11: [13], 13: [15], 15: [17]}
    october = next(p for p in alignment.proposals if p.source[0].line == 9)
    assert october.text == "In October, 3 concerts by the Berlioz orchestra are planned.\nOne of them is free for under-18s."
    assert list(uncertain(alignment)) == [9] and uncertain(alignment)[9].startswith("merged: 2 units of the translation (lines 9, 11)")


def test_two_paragraphs_merged_in_one_fill_the_first_and_report_the_second() -> None:
    merged = PUPPETS_EN.rstrip("\n") + " " + TICKETS_EN
    alignment = align(SEASON_FR, SEASON_EN.replace(PUPPETS_EN + TICKETS_EN, merged))
    assert pairing(alignment) == {2: [2], 5: [5], 7: [7], 9: [9], 11: [11], 15: [13]}
    assert [(piece.line, proposal.source[0].line) for piece, proposal in alignment.merged] == [(13, 11)]
    assert uncertain(alignment)[11].startswith("merged: the translation holds this unit and the next 1 in one (lines 11, 13)")
    assert alignment.unmatched_source == []


PRICES_FR = """Les tarifs :

* plein tarif : 24 euros
* tarif réduit (étudiants, demandeurs d'emploi) : 15 euros
* moins de 12 ans : 8 euros

Réservations au 01 23 45 67 89.
"""

PRICES_EN = """Prices:

* under 12: 8 euros
* full price: 24 euros
* reduced price (students, job seekers): 15 euros

Bookings on +33 1 23 45 67 89.
"""


def test_reordered_list_items_keep_their_own_counterparts_and_the_moved_one_is_fuzzy() -> None:
    alignment = align(PRICES_FR, PRICES_EN)
    assert pairing(alignment) == {1: [1], 3: [4], 4: [5], 5: [3], 7: [7]}
    reasons = uncertain(alignment)
    assert reasons[5] == "moved: the translation has it out of order, at line 3"
    assert set(reasons) <= {1, 5}  # the label before the list has only its place to go by


GUIDE_FR = """---
title: Guide de la salle de lecture
chapeau-text: Tout savoir sur la **salle de lecture** rénovée en 2023.
une:
  alternative-textuelle: La salle vue depuis la mezzanine
---

<figure>
<img src="/img/salle.jpg" alt="Les 120 places de la salle de lecture">
<figcaption>La salle de lecture, ouverte du mardi au samedi.</figcaption>
</figure>

| Espace | Places |
| --- | --- |
| Salle principale | 120 |
| Carrels | 16 |
| Salle de groupe | 8 |

### Règles {#regles}

Le silence est demandé après 18 h.
"""

GUIDE_EN = """---
chapeau-text: All about the **reading room**, renovated in 2023.
title: Guide to the reading room
---

<figure>
<img src="/img/salle.jpg" alt="The 120 seats of the reading room">
<figcaption>The reading room, open from Tuesday to Saturday.</figcaption>
</figure>

| Area | Seats |
| --- | --- |
| Main room | 120 |
| Study carrels | 16 |
| Group room | 8 |

### Rules {#regles}

Silence is requested after 6 pm.
"""


def test_front_matter_values_pair_by_their_path_and_html_units_and_cells_by_their_place() -> None:
    alignment = align(GUIDE_FR, GUIDE_EN, DEFAULT_PROSE_KEYS + ["une.alternative-textuelle"])
    texts = {p.source[0].text: p.text for p in alignment.proposals}
    assert texts == {
        "Guide de la salle de lecture": "Guide to the reading room",
        "Tout savoir sur la **salle de lecture** rénovée en 2023.": "All about the **reading room**, renovated in 2023.",
        "Les 120 places de la salle de lecture": "The 120 seats of the reading room",
        "La salle de lecture, ouverte du mardi au samedi.": "The reading room, open from Tuesday to Saturday.",
        "Espace": "Area", "Places": "Seats", "Salle principale": "Main room", "Carrels": "Study carrels",
        "Salle de groupe": "Group room", "Règles": "Rules", "Le silence est demandé après 18 h.": "Silence is requested after 6 pm.",
    }
    assert uncertain(alignment) == {}
    # the translation has no such key: its value has no counterpart, whatever the body holds
    assert [p.stream for p in alignment.unmatched_source] == ["une.alternative-textuelle"]


def test_a_value_the_translation_lacks_is_never_paired_with_its_body_unless_it_has_no_front_matter() -> None:
    body = "# The 2024 season of the municipal theatre\n" + SEASON_EN.split("---\n", 2)[2]
    with_other_keys = align(SEASON_FR, "---\nlayout: post\n---\n" + body)
    assert [p.line for p in with_other_keys.unmatched_source] == [2]
    assert [p.line for p in with_other_keys.unmatched_target] == [4]
    without = align(SEASON_FR, body)
    assert pairing(without) == {2: [1], 5: [3], 7: [5], 9: [7], 11: [9], 13: [11], 15: [13]}
    assert uncertain(without) == {2: "kinds differ: front matter: title here, heading in the translation"}


def test_a_unit_dropped_next_to_an_added_one_is_never_confidently_given_its_place() -> None:
    """A paragraph dropped where the translator added another: they may be paired (their
    structure is alike), but only as uncertain, since the number of the one is not in the other."""
    dropped_fr = "Les ateliers du samedi ont réuni 1 200 participants.\n\n"
    added_en = "A note for visitors: the café closes during the summer.\n\n"
    ours = SEASON_FR.replace("Le théâtre remercie", dropped_fr + "Le théâtre remercie")
    theirs = SEASON_EN.replace("The theatre thanks", added_en + "The theatre thanks")
    alignment = align(ours, theirs)
    paired = pairing(alignment)
    assert {line: paired[line] for line in paired if line != 15} == {2: [2], 5: [5], 7: [7], 9: [9], 11: [11], 13: [13], 17: [17]}
    assert 15 not in paired or 15 in uncertain(alignment)


# --- The real pairs ---------------------------------------------------------------------------

PARALLEL = SHARED / "corpus" / "numerique-gouv" / "parallel"
TCHAP = PARALLEL / "tchap-resolution-faille-securite-18-avril"
TCHAP_FR = "_communiques/tchap-resolution-le-18-avril-dune-faille-de-securite.markdown"
TCHAP_EN = "tchap-resolution-of-a-security-flaw-on-april-18th.markdown"
# established by reading the two versions: French line -> English lines (the English version
# drops the list item of line 32 and the link to itself of line 68; the English list item of
# line 58 and the paragraph of line 60 are the French list item of line 61, whose lazy lines
# hold "**Origine :**")
TCHAP_LINES = {2: [2], 5: [5], 9: [6], 16: [12], 17: [13], 20: [16], 22: [18], 24: [20], 26: [22], 28: [24], 30: [26],
               34: [29], 36: [32], 38: [35], 40: [37], 44: [41], 47: [44], 49: [46], 51: [48], 53: [50], 55: [52],
               57: [54], 59: [56], 61: [58, 60], 66: [62]}
OPEN_DATA = CORPUS / "_communiques/la-france-a-la-premiere-place-en-matiere-dopen-data-en-europe-pour-la-troisieme-annee-consecutive.markdown"
# the French part's units -> the English part's, by reading (the categories value has none)
OPEN_DATA_LINES = {2: [37], 10: [39], 12: [41], 16: [43], 18: [45], 20: [47, 48, 49], 24: [51], 26: [53, 55], 29: [56],
                   31: [57], 33: [59]}
CORPUS_CONFIG = """
[front_matter]
prose_keys = ["title", "chapeau-text", "categories[]", "files[].nom"]
markdown_keys = ["chapeau-text"]
link_keys = ["files[].file"]

[build]
allowed_domains = ["numerique.gouv.fr"]
"""


def corpus_site(root: Path, articles: dict[str, str]) -> Path:
    """A Jekyll site with the corpus's collection of press releases and its URLs."""
    (root / "_config.yml").write_text(
        "url: https://www.numerique.gouv.fr\nexclude: [i18npub.toml, human]\ncollections:\n"
        "  communiques:\n    output: true\n    permalink: /espace-presse/:title/\n", encoding="utf-8")
    for name, text in articles.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8", newline="")
    assert run(root, "init", "--source-lang", "fr", "--lang", "en").exit_code == 0
    config = (root / "i18npub.toml").read_text(encoding="utf-8")
    config = re.sub(r"\n\[front_matter\]\n(?:[^\[].*\n|\n)*?(?=\n\[)", "", config)  # the defaults, replaced
    config = re.sub(r"\n\[build\]\n(?:[^\[].*\n|\n)*?(?=\n\[)", "", config)
    (root / "i18npub.toml").write_text(config + CORPUS_CONFIG, encoding="utf-8")
    return root


def po_lines(po: polib.POFile) -> dict[int, tuple[str, bool, str]]:
    """Each entry's first source line, with its translation, whether it is fuzzy, and its comment."""
    return {int(e.occurrences[0][1]): (e.msgstr, e.fuzzy, e.tcomment) for e in po if e.msgctxt != "slug" and e.msgstr}


@pytest.mark.skipif(not TCHAP.is_dir(), reason=f"{TCHAP} is absent")
def test_the_parallel_pair_is_aligned_as_people_read_it_and_builds_the_human_prose(tmp_path: Path) -> None:
    french, english = (TCHAP / "fr.md").read_text(encoding="utf-8"), (TCHAP / "en.md").read_text(encoding="utf-8")
    site = corpus_site(tmp_path, {TCHAP_FR: french, f"human/{TCHAP_EN}": english})
    result = run(site, "import", "--lang", "en", TCHAP_FR, f"human/{TCHAP_EN}")
    assert result.exit_code == 0, result.output
    assert "without counterpart: 2 in the source, 0 in the translation" in result.output

    human = pieces(parse(english, "en.md", ["title", "chapeau-text", "categories[]", "files[].nom"], ["chapeau-text"], ["files[].file"]))
    human_text = {p.line: p.text for p in human}
    po = polib.pofile(str(site / "_locales/en" / TCHAP_FR.replace(".markdown", ".po")))
    filled = po_lines(po)
    assert {line: msgstr for line, (msgstr, _, _) in filled.items()} == {
        line: "\n".join(human_text[n] for n in lines) for line, lines in TCHAP_LINES.items()
    }
    assert po.find("slug", by="msgctxt").msgstr == TCHAP_EN.removesuffix(".markdown")
    # fuzzy: the lead, whose link the English version replaced, and the merged list item
    assert sorted(line for line, (_, fuzzy, _) in filled.items() if fuzzy) == [9, 61]
    assert filled[9][2].startswith("i18npub-import: uncertain (markup differs: The link target")

    built = run(site, "build", "--lang", "en", "--include-fuzzy", "--force", "--min-translated", "0")
    assert "1 written" in built.output, built.output
    [page] = (site / ".i18npub-preview").rglob("*.markdown")
    text = page.read_text(encoding="utf-8")
    data = load_yaml(text.split("---\n")[1], "page")
    human_data = load_yaml(english.split("---\n")[1], "en.md")
    assert {k: data[k] for k in ("title", "categories", "files")} == {k: human_data[k] for k in ("title", "categories", "files")}
    # the prose of the lead: `build` points its link to the French page at the page itself, as it
    # localizes every link to a page of the site
    assert visible_text(data["chapeau-text"]) == visible_text(human_data["chapeau-text"])
    body = text.split("---\n", 2)[2]
    assert [p.text for p in human if p.stream == BODY and p.text not in body] == []
    left_in_french = [p.text for p in pieces(parse(french, "fr.md", [], [])) if p.text in body]
    assert left_in_french == [p.text for p in pieces(parse(french, "fr.md", [], [])) if p.line in (32, 68)]


@pytest.mark.skipif(not OPEN_DATA.is_file(), reason=f"{OPEN_DATA} is absent")
def test_an_article_holding_its_translation_after_its_text_is_split_and_aligned(tmp_path: Path) -> None:
    name = "_communiques/" + OPEN_DATA.name
    text = OPEN_DATA.read_text(encoding="utf-8")
    site = corpus_site(tmp_path, {name: text})
    result = run(site, "import", "--lang", "en", name, "--split-at", "# France takes")
    assert result.exit_code == 0, result.output
    assert "14 units of the source in the translation's part, left alone" in result.output
    units = {p.line: p.text for p in pieces(parse(text, "x", ["title", "chapeau-text", "categories[]"], ["chapeau-text"]))}
    po = polib.pofile(str(site / "_locales/en" / name.replace(".markdown", ".po")))
    assert {line: msgstr for line, (msgstr, _, _) in po_lines(po).items()} == {
        line: "\n".join(units[n] for n in lines) for line, lines in OPEN_DATA_LINES.items()
    }
    assert "no counterpart in the translation: line 6 (front matter: categories[]) “Communiqué de presse”" in result.output


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")
@pytest.mark.parametrize("dropped, added", [(0.2, 0.0), (0.0, 0.2)])
def test_real_articles_and_their_pseudo_translations_with_units_dropped_or_added_align_without_error(dropped: float, added: float) -> None:
    """Every unit of the 45 articles translated (letters mapped to full-width ones: no word in
    common, the markup and numbers kept), then a fifth of the translations' units dropped, or as
    many units of other articles slipped in: each unit left must be paired with its own
    translation, or with nothing."""
    keys, markdown_keys = ["title", "chapeau-text", "une-ou-diaporama[].alternative-textuelle"], ["chapeau-text"]
    rng = random.Random(1)
    articles = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".md", ".markdown"))
    intruders = [p for path in articles[::7] for p in pieces(parse(path.read_text(encoding="utf-8"), "x", keys, markdown_keys)) if p.stream == BODY]
    wrong = []
    for path in articles:
        source = parse(path.read_text(encoding="utf-8"), path.name, keys, markdown_keys)
        translated = parse(render(source, {p.key: pseudo(p.unit.msgid) for p in source.units}, {}), path.name, keys, markdown_keys)
        ours, theirs = pieces(source), pieces(translated)
        own = {id(t): s for s, t in zip(ours, theirs, strict=True)}
        kept = []
        for piece in theirs:
            if rng.random() >= dropped:
                kept.append(piece)
            if rng.random() < added and intruders:
                kept.append(intruders.pop(rng.randrange(len(intruders))))
        for proposal in align_articles(ours, kept).proposals:
            if [own.get(id(t)) for t in proposal.target] != [proposal.source[0]]:
                wrong.append((path.name, proposal.source[0].line, proposal.reasons))
    assert wrong == []


# --- The command ------------------------------------------------------------------------------

ARTICLE_FR = SEASON_FR
HUMAN_EN = SEASON_EN.replace(PUPPETS_EN, "").replace("(https://billets.example.org/)", "(https://billets.example.org/en/)")


def po_entries(site: Path, name: str = "saison.po") -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(site / "locales/en" / name))}


def test_import_extracts_first_and_fills_translated_and_fuzzy_entries(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"saison.md": ARTICLE_FR})
    (site / "human").mkdir()
    (site / "human/season.md").write_text(HUMAN_EN, encoding="utf-8")
    result = run(site, "import", "--lang", "en", "saison.md", "human/season.md")
    assert result.exit_code == 0, result.output
    assert (site / "locales/templates/saison.pot").is_file()
    entries = po_entries(site)
    assert entries["Le programme"].msgstr == "The programme" and not entries["Le programme"].fuzzy
    tickets = entries["Les abonnements sont en vente dès le 1er juin au guichet et sur [la billetterie](https://billets.example.org/)."]
    assert tickets.fuzzy and tickets.msgstr.endswith("(https://billets.example.org/en/).")
    assert tickets.tcomment.startswith("i18npub-import: uncertain (markup differs: The link target")
    puppets = entries["Le festival de marionnettes revient en février, avec 12 compagnies venues de toute l'Europe."]
    assert puppets.msgstr == "" and not puppets.fuzzy
    assert result.output.splitlines() == [
        "saison.md <- human/season.md (catalog extracted first)",
        "  5 translated, 1 fuzzy, 0 kept; without counterpart: 1 in the source, 0 in the translation",
        f"  fuzzy line 13: {tickets.tcomment.removeprefix('i18npub-import: uncertain (').removesuffix(')')}",
        f"  no counterpart in the translation: line 11 (paragraph) {quoted(puppets.msgid)}",
        "en: 1 articles imported, 5 units translated, 1 fuzzy; 1 catalogs written",
    ]
    assert run(site, "check", "--lang", "en").exit_code == 0
    again = run(site, "import", "--lang", "en", "saison.md", "human/season.md")
    assert "0 translated, 0 fuzzy, 6 kept" in again.output and "0 catalogs written" in again.output


def test_import_never_replaces_a_translation_already_in_the_catalog(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"saison.md": ARTICLE_FR})
    (site / "season.en.md").write_text(SEASON_EN, encoding="utf-8")
    assert run(site, "extract").exit_code == 0
    po_path = site / "locales/en/saison.po"
    po = polib.pofile(str(po_path))
    po.find("Le programme").msgstr = "Our programme"
    thanks = po.find("Le théâtre remercie la région Occitanie pour son soutien.")
    thanks.msgstr, thanks.flags = "A machine's draft of the thanks.", ["fuzzy"]
    po.save()
    result = run(site, "import", "--lang", "en", "saison.md", "season.en.md")
    assert result.exit_code == 0, result.output
    entries = po_entries(site)
    assert entries["Le programme"].msgstr == "Our programme"
    assert (entries[thanks.msgid].msgstr, entries[thanks.msgid].fuzzy) == ("A machine's draft of the thanks.", True)
    assert "5 translated, 0 fuzzy, 2 kept" in result.output
    assert "  kept line 5: already translated; the translation's “The programme” left out" in result.output


def test_a_dry_run_reports_and_writes_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"saison.md": ARTICLE_FR})
    (site / "season.en.md").write_text(SEASON_EN, encoding="utf-8")
    result = run(site, "import", "--lang", "en", "saison.md", "season.en.md", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "7 translated, 0 fuzzy" in result.output and "dry run, nothing written" in result.output
    assert not (site / "locales").exists()


def test_a_folder_of_translations_pairs_by_translation_key_then_by_path(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"saison.md": ARTICLE_FR, "tarifs/prix.md": PRICES_FR, "autre.md": "---\nref: la-page-autre\n---\n\nUne autre page.\n"})
    human = site / "human"
    (human / "tarifs").mkdir(parents=True)
    (human / "season.md").write_text(SEASON_EN.replace("---\ntitle:", "---\nref: saison\ntitle:", 1), encoding="utf-8")
    (human / "tarifs/prix.md").write_text(PRICES_EN, encoding="utf-8")  # no key: its path pairs it
    (human / "other.md").write_text("---\nref: la-page-autre\n---\n\nAnother page.\n", encoding="utf-8")  # the source's own key
    (human / "stray.md").write_text("---\nref: nowhere\n---\n\nA page without source.\n", encoding="utf-8")
    result = run(site, "import", "--lang", "en", "--from", "human")
    assert result.exit_code == 0, result.output
    assert "skipped human/stray.md: its ref 'nowhere' names no article" in result.output
    assert "en: 3 articles imported" in result.output
    assert po_entries(site, "tarifs/prix.po")["plein tarif : 24 euros"].msgstr == "full price: 24 euros"
    assert po_entries(site, "autre.po")["Une autre page."].msgstr == "Another page."


def test_a_pairs_file_names_each_article_and_its_translation(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"saison.md": ARTICLE_FR})
    (site / "human").mkdir()
    (site / "human/s.md").write_text(SEASON_EN, encoding="utf-8")
    (site / "human/pairs.json").write_text(json.dumps([{"source": "saison.md", "translated": "s.md"}]), encoding="utf-8")
    result = run(site, "import", "--lang", "en", "--pairs", "human/pairs.json")
    assert result.exit_code == 0, result.output
    assert po_entries(site)["Le programme"].msgstr == "The programme"


@pytest.mark.parametrize("args, message", [
    ([], "give an article and its translation, an article and --split-at, --from FOLDER, or --pairs FILE"),
    (["saison.md"], "give an article and its translation"),
    (["saison.md", "season.en.md", "--split-at", "# X"], "give an article and its translation"),
    (["--from", "human", "saison.md"], "give an article and its translation"),
    (["saison.md", "missing.md"], "missing.md: no such file or folder"),
    (["nope.md", "season.en.md"], "no article 'nope.md'"),
    (["saison.md", "--split-at", "# Nowhere"], "no line starts with '# Nowhere' in the body"),
    (["--pairs", "season.en.md"], "the pairs file is not JSON"),
])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    site = make_site(tmp_path, {"saison.md": ARTICLE_FR})
    (site / "season.en.md").write_text(SEASON_EN, encoding="utf-8")
    result = run(site, "import", "--lang", "en", *args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (site / "locales").exists()


def test_a_translation_that_cannot_be_read_fails_alone_with_exit_1(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"saison.md": ARTICLE_FR, "tarifs.md": PRICES_FR})
    human = site / "human"
    human.mkdir()
    (human / "saison.md").write_text("---\ntitle: [broken\n---\n\nText.\n", encoding="utf-8")
    (human / "tarifs.md").write_text(PRICES_EN, encoding="utf-8")
    result = run(site, "import", "--lang", "en", "--from", "human")
    assert result.exit_code == 1
    assert "error: human/saison.md:2: invalid YAML" in result.output
    assert po_entries(site, "tarifs.po")["plein tarif : 24 euros"].msgstr == "full price: 24 euros"


BILINGUAL = """---
title: Ouverture de la médiathèque le dimanche
---

Dès le 3 mars, la médiathèque ouvre aussi le dimanche, de 14 h à 18 h.

Les prêts et les retours y seront possibles, comme les autres jours.

## Opening on Sundays

From 3 March, the library also opens on Sundays, from 2 pm to 6 pm.

Loans and returns will be possible, as on other days.
"""


def test_an_article_with_its_translation_after_a_heading_is_imported_from_its_own_text(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"annonce.md": BILINGUAL})
    result = run(site, "import", "--lang", "en", "annonce.md", "--split-at", "## Opening")
    assert result.exit_code == 0, result.output
    entries = po_entries(site, "annonce.po")
    title = entries["Ouverture de la médiathèque le dimanche"]
    assert (title.msgstr, title.fuzzy) == ("Opening on Sundays", True)
    assert "kinds differ: front matter: title here, heading in the translation" in title.tcomment
    assert entries["Les prêts et les retours y seront possibles, comme les autres jours."].msgstr == "Loans and returns will be possible, as on other days."
    assert entries["Opening on Sundays"].msgstr == ""  # the translation's own part is left alone
    assert result.output.startswith("annonce.md <- content/fr/annonce.md, from line 9 (catalog extracted first)\n")
    assert "3 units of the source in the translation's part, left alone" in result.output
