"""The catalog model: entries and catalogs, with no file I/O (see `pofile` for that)."""

from __future__ import annotations

from dataclasses import dataclass, field

FUZZY = "fuzzy"


@dataclass(slots=True, init=False)  # __init__ written out: mypyc compiles it, not dataclasses' one
class Entry:
    """One gettext message. `lineno` is where it starts in the PO file it was read from (0 if new)."""

    msgid: str
    msgstr: str
    msgctxt: str | None
    locations: list[tuple[str, int]]
    comments: list[str]  # `#.` extracted comments: the unit's kind
    translator_comments: list[str]  # `# ` comments, owned by people
    flags: list[str]
    previous_msgid: str | None
    previous_msgctxt: str | None
    obsolete: bool
    lineno: int

    def __init__(
        self,
        msgid: str,
        msgstr: str = "",
        msgctxt: str | None = None,
        locations: list[tuple[str, int]] | None = None,
        comments: list[str] | None = None,
        translator_comments: list[str] | None = None,
        flags: list[str] | None = None,
        previous_msgid: str | None = None,
        previous_msgctxt: str | None = None,
        obsolete: bool = False,
        lineno: int = 0,
    ) -> None:
        self.msgid = msgid
        self.msgstr = msgstr
        self.msgctxt = msgctxt
        self.locations = [] if locations is None else locations
        self.comments = [] if comments is None else comments
        self.translator_comments = [] if translator_comments is None else translator_comments
        self.flags = [] if flags is None else flags
        self.previous_msgid = previous_msgid
        self.previous_msgctxt = previous_msgctxt
        self.obsolete = obsolete
        self.lineno = lineno

    @property
    def key(self) -> tuple[str | None, str]:
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
    def translated(self) -> bool:
        """Reviewed and non-empty: what `build` publishes by default."""
        return bool(self.msgstr) and not self.fuzzy and not self.obsolete


@dataclass
class Catalog:
    """A PO or POT catalog: header fields in order, then entries in document order."""

    header: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    header_comment: str = ""

    @property
    def active(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    @property
    def obsolete(self) -> list[Entry]:
        return [e for e in self.entries if e.obsolete]

    def translations(self, include_fuzzy: bool = False) -> dict[tuple[str | None, str], str]:
        """The msgstr of every usable entry, by (msgctxt, msgid)."""
        return {
            e.key: e.msgstr
            for e in self.entries
            if not e.obsolete and e.msgstr and (include_fuzzy or not e.fuzzy)
        }
