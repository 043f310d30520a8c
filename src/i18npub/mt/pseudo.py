"""Pseudo-localization: ASCII letters of the prose become full-width letters (A → Ａ, a → ａ).

Reversible (`unpseudo`), deterministic and offline: it exercises masking, drafting and
rebuilding end to end, and shows in a rendered page which text would still be untranslated.
The mapping is the one of `tools/roundtrip_check.py`, applied outside the masked syntax.
"""

from __future__ import annotations

from ..core.masking import PLAIN_TOKEN
from .base import Provider, Translation

_FULL_WIDTH = {c: chr(ord(c) - ord("A") + 0xFF21) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_FULL_WIDTH.update({c: chr(ord(c) - ord("a") + 0xFF41) for c in "abcdefghijklmnopqrstuvwxyz"})
_TABLE = str.maketrans(_FULL_WIDTH)
_BACK = str.maketrans({v: k for k, v in _FULL_WIDTH.items()})


def pseudo(text: str) -> str:
    """Map the letters of a masked text (plain style), leaving its placeholders alone."""
    out: list[str] = []
    last = 0
    for m in PLAIN_TOKEN.finditer(text):
        out.append(text[last : m.start()].translate(_TABLE))
        out.append(m.group())
        last = m.end()
    out.append(text[last:].translate(_TABLE))
    return "".join(out)


def unpseudo(text: str) -> str:
    return text.translate(_BACK)


class PseudoProvider(Provider):
    name = "pseudo"
    local = True

    def translate(self, texts: list[str]) -> list[Translation]:
        return [Translation(pseudo(text)) for text in texts]
