"""msgmerge semantics on our catalog model: update a translated catalog to a new template.

- an entry whose (msgctxt, msgid) is still there keeps its msgstr, flags and translator comments,
  and takes the template's locations and kind comment;
- a new entry close enough to an old translated one (same similarity measure as difflib, cut-off
  0.6) gets that translation, marked fuzzy, with the old msgid kept as `#| msgid`;
- old translated entries that nothing matched become obsolete (`#~`), and obsolete entries are
  kept, and revived when their text comes back. Untranslated leftovers are dropped: they hold no
  one's work.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from .catalog import Catalog, Entry

SIMILARITY_CUTOFF = 0.6


def merge(old: Catalog, template: list[Entry], header: dict[str, str]) -> Catalog:
    by_key: dict[tuple[str | None, str], Entry] = {}
    for entry in old.entries:
        # an active entry wins over an obsolete one with the same key
        if entry.key not in by_key or by_key[entry.key].obsolete:
            by_key[entry.key] = entry
    used: set[int] = set()
    merged: list[Entry] = []
    unmatched: list[tuple[int, Entry]] = []
    for position, new in enumerate(template):
        previous = by_key.get(new.key)
        if previous is not None:
            used.add(id(previous))
            merged.append(_carry(new, previous))
        else:
            merged.append(_fresh(new))
            unmatched.append((position, new))
    candidates = [e for e in old.entries if e.msgstr and id(e) not in used]
    for position, new in unmatched if candidates else []:
        match = _closest(new, candidates)
        if match is not None:
            used.add(id(match))
            merged[position] = _fuzzy_from(new, match)
    obsolete = [_obsolete(e) for e in old.entries if e.msgstr and id(e) not in used]
    return Catalog(header=header, entries=merged + obsolete, header_comment=old.header_comment)


def _fresh(new: Entry) -> Entry:
    return Entry(
        msgid=new.msgid,
        msgctxt=new.msgctxt,
        locations=list(new.locations),
        comments=list(new.comments),
    )


def _carry(new: Entry, old: Entry) -> Entry:
    return Entry(
        msgid=new.msgid,
        msgstr=old.msgstr,
        msgctxt=new.msgctxt,
        locations=list(new.locations),
        comments=list(new.comments),
        translator_comments=list(old.translator_comments),
        flags=list(old.flags),
        previous_msgid=old.previous_msgid if old.fuzzy else None,
        previous_msgctxt=old.previous_msgctxt if old.fuzzy else None,
    )


def _fuzzy_from(new: Entry, old: Entry) -> Entry:
    entry = _carry(new, old)
    entry.fuzzy = True
    entry.previous_msgid = old.msgid
    entry.previous_msgctxt = old.msgctxt
    return entry


def _obsolete(old: Entry) -> Entry:
    if old.obsolete:  # as it is: msgmerge keeps an obsolete entry's previous msgid
        return replace(old, lineno=0)
    return replace(old, locations=[], comments=[], previous_msgid=None, previous_msgctxt=None, obsolete=True, lineno=0)


def _closest(new: Entry, candidates: list[Entry]) -> Entry | None:
    best, best_score = None, SIMILARITY_CUTOFF
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(new.msgid)
    for candidate in candidates:
        matcher.set_seq1(candidate.msgid)
        if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
            continue
        score = matcher.ratio()
        if score >= best_score and (best is None or score > best_score):
            best, best_score = candidate, score
    return best
