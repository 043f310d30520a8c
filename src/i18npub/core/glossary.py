"""The site's terminology: terms to keep as written (names: DINUM, FranceConnect) and terms with
one fixed translation per language ("Note aux rédactions" → en "Note to editors"). Pure text in,
text out: `parse_csv` reads a glossary file's text, `Terms` finds one language's terms in a text
(for the masking of machine drafts) and says which of them a translation ignores (for `check`).

A term matches as written, on word boundaries, whatever whitespace separates its words; a term
written with a lower-case first letter also matches capitalized (at the start of a sentence),
and its fixed translation is then capitalized too.

The CSV file has a header row: the first column holds the source-language terms (headed by the
source language's code, or `term`), then one column per target language (`en`, `de`…), and
optionally `note` (for people; ignored). A row whose language cells are all empty is a term to
keep as written in every language; a cell equal to the term keeps it in that language; an empty
cell in a row that has other translations sets no rule for that language.

A TBX file (TermBase eXchange, ISO 30042, as terminology tools export it) says the same with
one `termEntry` per term: its `langSet` in the source language holds the term, the others its
translations (the first `term` of each); an entry with the source's `langSet` alone is a term
to keep as written.
"""

from __future__ import annotations

import csv
import xml.parsers.expat
import functools
import hashlib
import io
import json
import re
from dataclasses import dataclass, field

from ..errors import ConfigError, UsageError
from .languages import normalize_language

NOTE_COLUMN = "note"
TERM_COLUMN = "term"


@dataclass(frozen=True)
class Term:
    source: str
    target: str | None = None  # the fixed translation; None: kept as written

    @property
    def keep(self) -> bool:
        return self.target is None

    def variants(self) -> list[tuple[str, str | None]]:
        """The forms the term matches, each with its translation: the term as written, and
        capitalized when it is written with a lower-case first letter."""
        forms = [(self.source, self.target)]
        if self.source[:1].islower():
            forms.append((_capitalized(self.source), None if self.target is None else _capitalized(self.target)))
        return forms


@dataclass(frozen=True)
class Found:
    """A term where it occurs in a text: `text` as written there, `output` what a translation
    must hold in its place (the term itself, or its fixed translation, capitalized like it)."""

    start: int
    end: int
    term: Term
    text: str
    output: str


@dataclass(frozen=True)
class Terms:
    """One target language's rules, in the glossary's order."""

    terms: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def kept(self) -> Terms:
        """Only the terms kept as written."""
        return Terms(tuple(t for t in self.terms if t.keep))

    @property
    def fixed(self) -> tuple[Term, ...]:
        """The terms with a fixed translation."""
        return tuple(t for t in self.terms if not t.keep)

    @property
    def digest(self) -> str:
        """Identifies the rules, for caches of machine drafts made with them."""
        material = json.dumps([[t.source, t.target] for t in self.terms], ensure_ascii=False)
        return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]

    def find(self, text: str) -> list[Found]:
        """The terms of `text`, left to right, the longest where several start at one place."""
        if not self.terms:
            return []
        pattern, by_words = _matcher(self.terms)
        found = []
        for m in pattern.finditer(text):
            written = m.group()
            term, target = by_words[_words(written)]
            found.append(Found(m.start(), m.end(), term, written, written if target is None else target))
        return found

    def missing(self, source: str, translation: str) -> list[Found]:
        """The terms of `source` whose required form (`Found.output`) `translation` lacks; each
        term once. Pass the texts' prose (markup hidden) so that a term inside a URL counts for
        neither."""
        missing: list[Found] = []
        seen: set[str] = set()
        for found in self.find(source):
            if found.output in seen:
                continue
            seen.add(found.output)
            # a fixed translation may start a sentence or not, whatever the source's case
            if not _pattern_of(found.output, either_case=not found.term.keep).search(translation):
                missing.append(found)
        return missing


def _words(text: str) -> str:
    return " ".join(text.split())


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


@functools.lru_cache(maxsize=4096)
def _pattern_of(phrase: str, either_case: bool = False) -> re.Pattern[str]:
    return re.compile(_alternative(phrase, either_case))


def _alternative(phrase: str, either_case: bool) -> str:
    """A phrase as a pattern: any whitespace between its words, word boundaries at ends that are
    letters or digits, the first letter in either case if asked."""
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    first = phrase[:1]
    if either_case and first.upper() != first.lower():
        body = f"[{re.escape(first.upper())}{re.escape(first.lower())}]" + body[len(re.escape(first)) :]
    head = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    tail = r"(?!\w)" if re.search(r"\w$", phrase) else ""
    return head + body + tail


@functools.lru_cache(maxsize=64)
def _matcher(terms: tuple[Term, ...]) -> tuple[re.Pattern[str], dict[str, tuple[Term, str | None]]]:
    """One pattern for all the terms' forms, and each form (its words) → (term, translation)."""
    by_words: dict[str, tuple[Term, str | None]] = {}
    for term in terms:
        for form, target in term.variants():
            by_words.setdefault(_words(form), (term, target))
    variants = sorted(by_words, key=len, reverse=True)  # the longest first where several start at one place
    return re.compile("|".join(_alternative(v, False) for v in variants)), by_words


@dataclass(frozen=True)
class Entry:
    source: str
    translations: dict[str, str] = field(default_factory=dict)  # language → translation (non-empty)
    line: int = 0


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...] = ()

    def terms(self, lang: str) -> Terms:
        """The rules for translations into `lang` (a gettext code)."""
        out: list[Term] = []
        for entry in self.entries:
            if not entry.translations:
                out.append(Term(entry.source))
            elif lang in entry.translations:
                target = entry.translations[lang]
                out.append(Term(entry.source, None if target == entry.source else target))
        return Terms(tuple(out))


def parse_csv(text: str, source_lang: str, shown: str) -> Glossary:
    """A glossary from a CSV file's text (comma-, semicolon- or tab-separated, as spreadsheets
    export it). Errors are ConfigErrors naming `shown` and the line."""
    text = text.removeprefix("\ufeff")
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(rows, None)
        if header is None:
            raise ConfigError("the glossary is empty: it needs a header row (fr,en,note…)", shown, 1)
        columns = _columns(header, source_lang, shown)
        entries: list[Entry] = []
        where: dict[str, int] = {}
        for row in rows:
            line = rows.line_num
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if len(cells) > len(columns):
                raise ConfigError(f"{len(cells)} cells for {len(columns)} columns", shown, line)
            source = cells[0]
            if not source:
                raise ConfigError("a row without a term in the first column", shown, line)
            if _words(source) in where:
                raise ConfigError(f"{source!r} is already on line {where[_words(source)]}", shown, line)
            where[_words(source)] = line
            translations = {lang: cell for lang, cell in zip(columns[1:], cells[1:]) if lang and cell}
            entries.append(Entry(source, translations, line))
    except csv.Error as exc:
        raise ConfigError(f"invalid CSV: {exc}", shown, rows.line_num) from None
    return Glossary(tuple(entries))


_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"


def parse_tbx(data: bytes, source_lang: str, shown: str) -> Glossary:
    """A glossary from a TBX file's bytes. Errors are ConfigErrors naming `shown` and the line.
    Read with expat, as it comes (entity declarations refused: a glossary needs none)."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    entries: list[Entry] = []
    where: dict[str, int] = {}
    entry_line = 0
    terms: dict[str, str] = {}  # language → its first term, in the entry being read
    lang: str | None = None  # of the langSet being read
    text: list[str] | None = None  # of the term being read

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal entry_line, lang, text
        local = name.rpartition(" ")[2]
        if local in ("termEntry", "conceptEntry"):
            entry_line = parser.CurrentLineNumber
            terms.clear()
        elif local == "langSet" or (local == "langSec" and _XML_LANG in attributes):
            lang = _language(attributes.get(_XML_LANG, ""))
        elif local == "term" and lang is not None and lang not in terms:
            text = []

    def characters(data: str) -> None:
        if text is not None:
            text.append(data)

    def end(name: str) -> None:
        nonlocal text
        local = name.rpartition(" ")[2]
        if local == "term" and text is not None:
            if lang is not None and (term := " ".join("".join(text).split())):
                terms[lang] = term
            text = None
        elif local in ("termEntry", "conceptEntry"):
            source = terms.pop(source_lang, None)
            if source is None:
                raise ConfigError(f"a termEntry without a term in the source language ({source_lang!r})", shown, entry_line)
            if _words(source) in where:
                raise ConfigError(f"{source!r} is already on line {where[_words(source)]}", shown, entry_line)
            where[_words(source)] = entry_line
            entries.append(Entry(source, dict(terms), entry_line))

    def entity(*_: object) -> None:
        raise ConfigError("the glossary declares entities, which a TBX file needs none of", shown, parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ConfigError(f"invalid TBX: {xml.parsers.expat.errors.messages[exc.code]}", shown, exc.lineno) from None
    return Glossary(tuple(entries))


def _columns(header: list[str], source_lang: str, shown: str) -> list[str | None]:
    """The header's languages, in order (None for a note column); the first is the source's."""
    names = [cell.strip() for cell in header]
    first = names[0] if names else ""
    if first.lower() != TERM_COLUMN and _language(first) != source_lang:
        raise ConfigError(f"the first column must hold the source language's terms: head it {source_lang!r} or {TERM_COLUMN!r}, "
                          f"not {first!r}", shown, 1)
    columns: list[str | None] = [source_lang]
    for name in names[1:]:
        if name.lower() == NOTE_COLUMN:
            columns.append(None)
            continue
        lang = _language(name)
        if lang is None:
            raise ConfigError(f"column {name!r} is neither a language code nor {NOTE_COLUMN!r}", shown, 1)
        if lang in columns:
            raise ConfigError(f"two columns for {lang!r}", shown, 1)
        columns.append(lang)
    return columns


def _language(name: str) -> str | None:
    try:
        return normalize_language(name) if name else None
    except UsageError:
        return None
