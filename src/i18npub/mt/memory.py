"""Drafts from the site's own reviewed translations: a translation memory.

Sources and translations are compared masked, so two units that differ only in their syntax
(another URL, another attribute list) match exactly, and the reviewed translation is reused with
the new unit's syntax. Exact matches first, then the closest source above the threshold
(difflib's ratio); the score goes into the draft's comment.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..core.masking import PLAIN_TOKEN, mask
from .base import Provider, TermMasking, Translation


@dataclass(frozen=True)
class Reviewed:
    source: str  # msgid
    target: str  # reviewed msgstr
    where: str  # path:line, for the comment


@dataclass(frozen=True)
class _Memory:
    source: str  # masked, whitespace collapsed
    target: str  # masked with the source's placeholder numbers
    where: str


_SPACES = re.compile(r"\s+")


class MemoryProvider(Provider):
    name = "memory"
    local = True
    term_masking = TermMasking.NONE  # reviewed translations follow the glossary, or the draft's check says so

    def __init__(self, reviewed: list[Reviewed], threshold: float):
        self._threshold = threshold
        self._exact: dict[str, _Memory] = {}
        self._by_tokens: dict[int, list[_Memory]] = defaultdict(list)  # close matches need as many placeholders
        for item in reviewed:
            memory = _remember(item)
            if memory is not None and memory.source not in self._exact:
                self._exact[memory.source] = memory
                self._by_tokens[len(PLAIN_TOKEN.findall(memory.source))].append(memory)

    def translate(self, texts: list[str]) -> list[Translation]:
        return [self._lookup(text) for text in texts]

    def _lookup(self, text: str) -> Translation:
        key = _SPACES.sub(" ", text.strip())
        exact = self._exact.get(key)
        if exact is not None:
            return Translation(exact.target, f"match=100% from={exact.where}")
        best, best_score = None, self._threshold
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)
        for memory in self._by_tokens.get(len(PLAIN_TOKEN.findall(key)), []):
            matcher.set_seq1(memory.source)
            if matcher.real_quick_ratio() >= best_score and matcher.quick_ratio() >= best_score:
                score = matcher.ratio()
                if score >= best_score:
                    best, best_score = memory, score
        if best is None:
            return Translation(None)
        return Translation(best.target, f"match={int(best_score * 100)}% from={best.where}")


def _remember(item: Reviewed) -> _Memory | None:
    """The pair masked, with the translation's tokens numbered as the source's; None when the
    translation's syntax is not the source's (such a translation cannot carry other syntax)."""
    source, target = mask(item.source), mask(item.target)
    ids: dict[str, list[int]] = defaultdict(list)
    for i, token in enumerate(source.tokens):
        ids[token.text].append(i)
    parts: list[str] = []
    for i, part in enumerate(target.parts):
        if i % 2 == 0:
            parts.append(part)
        elif ids[part]:
            parts.append(f"[X{ids[part].pop(0)}X]")
        else:
            return None
    if any(ids.values()):
        return None
    return _Memory(_SPACES.sub(" ", source.render().strip()), "".join(parts), item.where)


