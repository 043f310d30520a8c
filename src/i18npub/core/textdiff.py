"""What changed between two versions of a text, word by word: what a reviewer reads to see how a
source changed under its translation (msgmerge's previous msgid → the msgid). Pure functions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum

# words, runs of spaces, and every other character alone: a changed comma is a changed comma
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


class Op(Enum):
    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """`old` turned into `new` as pieces kept, removed and added, in reading order (a replaced
    run reads removed, then added); joining the SAME and ADDED pieces gives `new` back, the SAME
    and REMOVED ones `old`."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []

    def add(op: Op, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if pieces and pieces[-1].op is op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add(Op.SAME, a[i1:i2])
        else:
            add(Op.REMOVED, a[i1:i2])
            add(Op.ADDED, b[j1:j2])
    return pieces


def plain_diff(pieces: list[Piece]) -> str:
    """The changes in git's `--word-diff=plain` notation: `[-removed-]` and `{+added+}`."""
    marks = {Op.SAME: ("", ""), Op.REMOVED: ("[-", "-]"), Op.ADDED: ("{+", "+}")}
    return "".join(marks[p.op][0] + p.text + marks[p.op][1] for p in pieces)
