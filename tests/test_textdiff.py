from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from i18npub.core.textdiff import Op, plain_diff, word_diff

texts = st.lists(st.sampled_from(list("ab é,.\n") + ["mot", "texte", "[lien](/x)"]), max_size=20).map("".join)


@given(texts, texts)
def test_the_diff_holds_both_texts(old: str, new: str):
    pieces = word_diff(old, new)
    assert "".join(p.text for p in pieces if p.op is not Op.ADDED) == old
    assert "".join(p.text for p in pieces if p.op is not Op.REMOVED) == new
    assert all(a.op is not b.op for a, b in zip(pieces, pieces[1:]))  # runs merged


def test_words_and_punctuation_change_whole():
    assert plain_diff(word_diff("Un texte à valider, vite.", "Un texte à accepter vite !")) == (
        "Un texte à [-valider,-]{+accepter+} vite[-.-]{+ !+}"
    )
    assert plain_diff(word_diff("même texte", "même texte")) == "même texte"
