"""The catalog model: entries, their state, and catalogs, with no I/O (see `pofile` for the text).

An entry's state is derived in one place, `Entry.state`; every stage asks it rather than looking
at msgstr and flags itself, and `published_share` is the one rule of "translated enough".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

FUZZY = "fuzzy"
Key = tuple[str | None, str]  # (msgctxt, msgid): what identifies a message
# contexts of entries that need no translation: left untranslated, the source's stays
SLUG_CONTEXT = "slug"  # the last part of the page's URL
LINK_CONTEXT = "link"  # a front-matter value that is a link (a PDF a translation may localize)
# a front-matter value of `site_keys` (a category): its translation lives in the site-wide catalog
SITE_CONTEXT = "site"
# not needed to publish: untranslated, the source's text stays (a French category, slug or link)
OPTIONAL_CONTEXTS = frozenset({SLUG_CONTEXT, LINK_CONTEXT, SITE_CONTEXT})
DRAFT_MARK = "i18npub-draft:"  # starts the translator comment of a machine draft
REVIEWED_MARK = "reviewed:"  # starts the translator comment naming who approved the translation, and when


class State(Enum):
    UNTRANSLATED = "untranslated"  # no msgstr
    FUZZY = "fuzzy"  # a draft (a machine's, or a guess for a new text) waiting for a person
    OUTDATED = "outdated"  # approved, then its source changed: the old translation, to update
    TRANSLATED = "translated"  # reviewed: what `build` publishes
    OBSOLETE = "obsolete"  # kept (`#~`) for when its text comes back; never used

    def usable(self, include_fuzzy: bool = False, keep_outdated: bool = False) -> bool:
        """Whether an entry in this state is spliced into a built article: a reviewed one; an
        outdated one while the site keeps last approved texts; any draft in a preview."""
        if self is State.TRANSLATED:
            return True
        if self is State.OUTDATED:
            return keep_outdated or include_fuzzy
        return include_fuzzy and self is State.FUZZY


@dataclass(slots=True)
class Entry:
    """One gettext message. `lineno` is where it starts in the PO file it was read from (0 if new)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    locations: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # `#.` extracted comments: the unit's kind
    translator_comments: list[str] = field(default_factory=list)  # `# ` comments, owned by people
    flags: list[str] = field(default_factory=list)
    previous_msgid: str | None = None
    previous_msgctxt: str | None = None
    obsolete: bool = False
    lineno: int = 0

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and FUZZY not in self.flags:
            self.flags.insert(0, FUZZY)
        elif not value and FUZZY in self.flags:
            self.flags.remove(FUZZY)

    @property
    def state(self) -> State:
        if self.obsolete:
            return State.OBSOLETE
        if not self.msgstr:
            return State.UNTRANSLATED
        if not self.fuzzy:
            return State.TRANSLATED
        # msgmerge's mark of a source that changed under a translation: the previous text kept
        machine_draft = any(c.startswith(DRAFT_MARK) for c in self.translator_comments)
        return State.OUTDATED if self.previous_msgid is not None and not machine_draft else State.FUZZY

    @property
    def translated(self) -> bool:
        return self.state is State.TRANSLATED


@dataclass
class Catalog:
    """A PO or POT catalog: header fields in order, then entries in document order."""

    header: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    header_comment: str = ""

    @property
    def active(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    def translations(self, include_fuzzy: bool = False, keep_outdated: bool = False) -> dict[Key, str]:
        """The msgstr of every usable entry, by key."""
        return {e.key: e.msgstr for e in self.entries if e.state.usable(include_fuzzy, keep_outdated)}


def percent(done: int, total: int) -> float:
    """`done` out of `total` as a percentage; nothing to do counts as complete."""
    return 100.0 * done / total if total else 100.0


def translated_share(keys: Iterable[Key], usable: dict[Key, str] | set[Key]) -> float:
    """The percentage of an article's units (`keys`: those that count) that have a usable
    translation: the one rule of "translated enough" that `build --min-translated`, `status`
    and `check` apply."""
    wanted = set(keys)
    return percent(sum(1 for key in wanted if key in usable), len(wanted))
