"""Masking: what engines see, how their output comes back, and what the check refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18npub.core.masking import Style, check, mask, skeleton
from i18npub.errors import DraftError
from i18npub.mt.pseudo import pseudo, unpseudo

CORPUS = Path("/work/shared/corpus/numerique-gouv/fr")

UNITS = [
    "Voir la section [instanciation](Instanciation.md) si vous **souhaitez** décliner.",
    'selon [une étude](http://x.org/a(b).odt){:target=(_"blank")}, début 2014',
    'la loi [« Handicap »](https://l.fr/a?b=c){:target="_blank") du 11 février',
    "* **[Résorption](https://e.fr/x.html)** : par [Laure](https://e.fr/l.html)",
    "Contacter `opensource @ data.gouv.fr` pour x&nbsp;: <br> y",
    "ligne un  \n  ligne deux {{ page.title }} et {% include note.html %}",
    "FSF : https://www.gnu.org/licenses/license-list.fr.html (en excluant) ;",
    '<b>Important</b> : lire <a href="https://x.fr/a">le guide</a>{:target="blank}',
    "Un lien [ref][1] et une note[^2], un *accent* et __fort__, ~~barré~~.",
    "  espaces autour  ",
    "{: .lien-important}",
    "snake_case et 5*3 * a restent du texte, écrire à <contact@x.fr> ou y@z.fr",
    "Titre {#ancre}",
    "[https://spdx.org/licenses/](https://spdx.org/licenses)",
]


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("style", list(Style))
def test_unmask_of_the_rendering_gives_the_source(unit: str, style: Style) -> None:
    masked = mask(unit)
    assert masked.unmask(masked.render(style), style) == unit
    assert check(unit, unit) == []


def test_engines_see_no_syntax() -> None:
    masked = mask('Voir [la page](https://x.fr/a_b){:target="_blank"} **vite** `code` <br> &nbsp; {{ x }}')
    text = masked.render()
    assert re.sub(r"\[X\d+X\]", "", text) == "Voir la page vite    "
    assert [t.text for t in masked.tokens][:2] == ["[", '](https://x.fr/a_b){:target="_blank"}']


def test_malformed_attribute_lists_are_masked() -> None:
    for ial in ('{:target"_blank"}', '{:target="_blank")', '{:target=(_"blank")}', "{: .text-center .noir}"):
        assert "target" not in mask(f"[lien](u){ial} suite").render()
        assert "text-center" not in mask(f"para {ial}").render()


@pytest.mark.parametrize(
    "damaged",
    [
        "Voir la section [ X0X ]instanciation[x1x] si vous [X2X] souhaitez [X3X] décliner.",
        "Voir la section [X0X] instanciation [X1X] si vous［X2X］souhaitez［Ｘ３Ｘ］décliner.",
        "Voir la section [X0X]instanciation [ x 1 x ] si vous [X2X] souhaitez[X3X] décliner.",
        "Voir la section[X0X]instanciation[X1X]si vous [X2X]souhaitez[X3X]décliner.",
    ],
)
def test_unmask_tolerates_spaces_case_and_full_width(damaged: str) -> None:
    unit = UNITS[0]
    assert mask(unit).unmask(damaged) == unit


def test_unmask_refuses_lost_repeated_or_unknown_tokens() -> None:
    masked = mask(UNITS[0])
    with pytest.raises(DraftError, match="placeholder 3 missing"):
        masked.unmask("Voir [X0X]instanciation[X1X] si vous [X2X]souhaitez décliner.")
    with pytest.raises(DraftError, match="repeated"):
        masked.unmask("[X0X]a[X1X] [X2X]b[X3X] [X3X]")
    with pytest.raises(DraftError, match="unknown placeholder 9"):
        masked.unmask("[X0X]a[X1X] [X2X]b[X3X] [X9X]")


def test_xml_style_escapes_prose_and_tolerates_paired_tags() -> None:
    masked = mask("R&D <b>forte</b> & 3 < 4")
    assert masked.render(Style.XML) == 'R&amp;D <x id="0"/>forte<x id="1"/> &amp; 3 &lt; 4'
    assert masked.unmask('R&amp;D <x id="0"></x>strong<X ID="1" /> &amp; 3 &lt; 4', Style.XML) == "R&D <b>strong</b> & 3 < 4"


def test_reordered_tokens_keep_their_attachment() -> None:
    source = "Le [guide](https://x.fr) est **utile**."
    masked = mask(source)
    draft = masked.unmask("The [X2X] useful [X3X] is the [X0X] guide [X1X].")
    assert draft == "The **useful** is the [guide](https://x.fr)."
    assert check(source, draft) == []


@pytest.mark.parametrize(
    ("draft", "reason"),
    [
        ("See the [section] (Instanciation.md) if you **want** to.", "'] ('"),
        ("See the [section](Instanciation.md) if you ** want ** to.", "emphasis '**' lost (padded?)"),
        ("See the [section](Instanciation.MD) if you **want** to.", "Instanciation.MD"),
        ("See the section if you **want** to.", "lost"),
        ("See the [section](Instanciation.md) if you **want** to `x`.", "code '`x`' added"),
        ("", "empty translation"),
        ("See [X0X] the section", "placeholder left"),
    ],
)
def test_check_refuses_damaged_syntax(draft: str, reason: str) -> None:
    problems = check(UNITS[0], draft)
    assert problems and any(reason in p for p in problems), problems


def test_check_wants_the_same_outer_whitespace() -> None:
    assert check("  a **b**\n", "  x **y**\n") == []
    assert check("  a **b**\n", "x **y**") == ["leading whitespace changed", "trailing whitespace changed"]


def test_pieces_and_assemble() -> None:
    masked = mask("Le [guide](https://x.fr) est **utile**, <br> 2019.")
    assert masked.pieces() == ["Le", "guide", "est", "utile", ",", "2019."]
    translated = {"Le": "The", "guide": "guide", "est": "is", "utile": "useful"}
    assert masked.assemble(translated) == "The [guide](https://x.fr) is **useful**, <br> 2019."


def test_units_without_prose() -> None:
    assert not mask('{: .text-center} <br> [https://x.fr](https://x.fr){:target="_blank"} 2019').has_prose
    assert mask("<b>Oui</b>").has_prose


def _paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*")) if p.suffix in (".md", ".markdown")]
    return [para for text in texts for para in text.split("\n\n") if para.strip()]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_corpus_paragraphs_survive_mask_pseudo_unmask() -> None:
    paragraphs = _paragraphs()
    assert len(paragraphs) > 500
    for para in paragraphs:
        masked = mask(para)
        for style in Style:
            assert masked.unmask(masked.render(style), style) == para
        drafted = masked.unmask(pseudo(masked.render()))
        assert unpseudo(drafted) == para
        assert check(para, drafted) == []


# --- properties ------------------------------------------------------------------------------

WORDS = st.sampled_from(["le", "guide", "Été", "utile", "2019", "l’État", "a", "x", ",", ".", ":", "«", "»", "?"])
SYNTAX = st.sampled_from(
    [
        "[{}](https://x.fr/a_b)",
        '[{}](u.md){{:target="_blank"}}',
        "**{}**",
        "*{}*",
        "_{}_",
        "`{}`",
        "<b>{}</b>",
        "{} <br>",
        "{} &nbsp;",
        "{{{{ page.{} }}}}",
        "{} https://x.fr/{}",
        "{}  \n",
        "{} {{: .encadre}}",
    ]
)


@st.composite
def units(draw: st.DrawFn) -> str:
    out: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        words = " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))
        if draw(st.booleans()):
            out.append(draw(SYNTAX).format(words, words))
        else:
            out.append(words)
    lead = draw(st.sampled_from(["", " ", "  "]))
    return lead + " ".join(out) + draw(st.sampled_from(["", " ", "\n"]))


@settings(derandomize=True, max_examples=300, deadline=None)
@given(units(), st.sampled_from(list(Style)))
def test_property_render_unmask_round_trip(unit: str, style: Style) -> None:
    masked = mask(unit)
    assert masked.unmask(masked.render(style), style) == unit


@settings(derandomize=True, max_examples=300, deadline=None)
@given(units())
def test_property_padded_placeholders_come_back_exactly(unit: str) -> None:
    masked = mask(unit)
    padded = re.sub(r"\[X(\d+)X\]", r" [ x\1X ] ", masked.render())
    assert masked.unmask(padded) == unit


@settings(derandomize=True, max_examples=300, deadline=None)
@given(units())
def test_property_pseudo_draft_keeps_the_skeleton(unit: str) -> None:
    masked = mask(unit)
    draft = masked.unmask(pseudo(masked.render()))
    assert unpseudo(draft) == unit
    assert skeleton(draft) == skeleton(unit)
    assert check(unit, draft) == []
