"""Interactive review of fuzzy entries (machine drafts, msgmerge guesses), article by article.

The session talks through a `Terminal` (a line reader, a writer and an optional external
editor) so that it runs the same on a TTY and with input from a pipe. Every decision is written
at once, atomically, so quitting or a crash loses nothing already decided. Each save takes the
site lock for that moment only (a session lasts as long as a person takes) and merges the
decision with the file as it is then: a translator's editor may have saved it meanwhile.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.catalog import Catalog, Entry, Key, State
from ..core.checks import check_entry
from ..core.pofile import parse_catalog
from ..errors import CatalogError, I18nError, LockError, OutputError
from ..site.catalogs import Change, read_catalog_text, save_changes
from ..site.layout import Site
from ..site.lock import DEFAULT_WAIT, writing

REVIEWED_STATES = (State.FUZZY, State.OUTDATED)  # what a review session shows
END_OF_TEXT = "."  # a line holding only this ends an inline edit
ESCAPED_END = ".."  # stands for a line holding only "."
CONTEXT_CHARS = 160

ACTIONS = {
    "a": "accept", "accept": "accept",
    "e": "edit", "edit": "edit",
    "s": "skip", "skip": "skip",
    "r": "reject", "reject": "reject",
    "q": "quit", "quit": "quit",
}
PROMPT = "[a]ccept  [e]dit  [s]kip  [r]eject  [q]uit > "
HELP = (
    "accept: the draft becomes the translation (fuzzy cleared); edit: write the translation "
    "yourself; skip: decide later; reject: drop the draft (the entry becomes untranslated); "
    "quit: stop here (decisions so far are saved)."
)


@dataclass
class Terminal:
    read_line: Callable[[], str | None]  # one line without its newline; None at end of input
    write: Callable[[str], None]  # text as is (add your own newlines)
    editor: Callable[[str], str | None] | None = None  # edits a text; None when cancelled


@dataclass
class ReviewResult:
    accepted: int = 0
    edited: int = 0
    rejected: int = 0
    skipped: int = 0
    remaining: int = 0  # fuzzy drafts still to review in the selected articles
    unreadable: list[CatalogError] = field(default_factory=list)


@dataclass
class _Article:
    name: str
    path: Path
    shown: str
    text: str  # the file's text, as last read or written
    catalog: Catalog  # parsed from `text`

    def drafts(self) -> list[Key]:
        return [e.key for e in self.catalog.entries if e.state in REVIEWED_STATES]

    def draft(self, key: Key) -> Entry | None:
        """The entry of `key` if it is still a draft in the file as it is now, re-read when
        someone saved it since."""
        text = read_catalog_text(self.path, self.shown)
        if text is not None and text != self.text:
            self.text, self.catalog = text, parse_catalog(text, self.shown)
        return next((e for e in self.catalog.active if e.key == key and e.state in REVIEWED_STATES), None)


def review(site: Site, lang: str, articles: list[str], term: Terminal, wait: float = DEFAULT_WAIT) -> ReviewResult:
    """`wait`: how long each save may wait for the site lock, in seconds."""
    result = ReviewResult()
    loaded = []
    for name in articles:
        path = site.catalog_path(lang, name)
        shown = site.shown(path)
        try:
            site.check_writable(path, catalog=True)
            text = read_catalog_text(path, shown)
            if text is not None:
                loaded.append(_Article(name, path, shown, text, parse_catalog(text, shown)))
        except I18nError as exc:
            result.unreadable.append(exc)
            term.write(f"error: {exc} (skipped)\n")
    total = sum(len(a.drafts()) for a in loaded)
    term.write(f"{total} fuzzy entr{'y' if total == 1 else 'ies'} to review in {lang}.\n")
    done = 0
    for article in loaded:
        keys = article.drafts()
        for index, key in enumerate(keys, 1):
            try:
                action = _review_entry(article, key, f"{index}/{len(keys)}", site, term, wait)
            except CatalogError as exc:  # broken by someone else since: not ours to overwrite
                result.unreadable.append(exc)
                term.write(f"error: {exc} (the rest of this article is skipped)\n")
                break
            if action == "quit":
                result.remaining = total - done
                return result
            if action == "skip":
                result.skipped += 1
            else:
                done += 1
                setattr(result, action, getattr(result, action) + 1)
    result.remaining = total - done
    return result


def _review_entry(article: _Article, key: Key, position: str, site: Site, term: Terminal, wait: float) -> str:
    """Show one draft, apply the reviewer's decision, save; return "accepted", "edited",
    "rejected", "skip" or "quit". A draft someone else decided on meanwhile is skipped."""
    entry = article.draft(key)
    if entry is None:
        return "skip"
    entries = article.catalog.active
    index = entries.index(entry)
    po_file = article.shown
    term.write(_render_entry(article.name, position, po_file, entries, index, site))
    while True:
        term.write(PROMPT)
        answer = term.read_line()
        if answer is None:
            term.write("\n")
            return "quit"
        action = ACTIONS.get(answer.strip().lower())
        if action is None:
            term.write(f"{HELP}\n" if answer.strip() in ("?", "h", "help") else "Please answer a, e, s, r or q (? for help).\n")
            continue
        if action in ("skip", "quit"):
            return action
        decided = dataclasses.replace(entry, flags=list(entry.flags))  # `entry` stays as read
        if action == "edit":
            text = _edit(entry.msgstr, term)
            if not text:
                term.write("Edit cancelled: the draft is unchanged.\n")
                continue
            decided.msgstr = text
        elif action == "reject":
            decided.msgstr = ""
        decided.fuzzy = False
        decided.previous_msgid = decided.previous_msgctxt = None  # the old source no longer matters
        try:
            with writing(site, "review", wait):
                saved = save_changes(article.path, article.shown, None, None, [Change(entry, decided)])
        except (LockError, OutputError) as exc:
            term.write(f"Not saved: {exc.message}. Answer again to retry.\n")
            continue
        article.text, article.catalog = saved.text, parse_catalog(saved.text, article.shown)  # fresh line numbers
        if saved.dropped:
            term.write("Not saved: someone changed this entry in the file meanwhile; their version is kept.\n")
            return "skip"
        for finding in check_entry(decided, site.config.policy, po_file) if action == "edit" else []:
            term.write(f"  note: {finding.severity} [{finding.code}] {finding.message}\n")
        return {"accept": "accepted", "edit": "edited", "reject": "rejected"}[action]


def _edit(draft: str, term: Terminal) -> str | None:
    if term.editor is not None:
        return term.editor(draft)
    term.write(
        f"Type the translation; end with a line holding only {END_OF_TEXT!r} "
        f"(write {ESCAPED_END!r} for a line holding only a dot):\n"
    )
    lines = []
    while True:
        line = term.read_line()
        if line is None:
            return None  # input ended before the terminator: do not save half a text
        if line == END_OF_TEXT:
            return "\n".join(lines)
        lines.append(END_OF_TEXT if line == ESCAPED_END else line)




def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CONTEXT_CHARS else text[: CONTEXT_CHARS - 1] + "…"


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.split("\n"))


def _neighbour(label: str, entry: Entry) -> str:
    state = " (fuzzy)" if entry.fuzzy else ""
    translation = _short(entry.msgstr) + state if entry.msgstr else "(untranslated)"
    return f"  {label}: {_short(entry.msgid)}\n        → {translation}\n"


def _render_entry(article: str, position: str, po_file: str, entries: list[Entry], index: int, site: Site) -> str:
    entry = entries[index]
    kind = entry.comments[0] if entry.comments else "unit"
    where = ", ".join(f"{p}:{n}" for p, n in entry.locations) or "unknown"
    parts = [f"\n== {article} [{position}] {kind} — {po_file}:{entry.lineno} (source {where})\n"]
    if index > 0:
        parts.append(_neighbour("before", entries[index - 1]))
    if entry.msgctxt:
        parts.append(f"  context: {entry.msgctxt}\n")
    if entry.previous_msgid is not None:
        parts.append("  previous source:\n" + _indent(entry.previous_msgid))
    parts.append("  source:\n" + _indent(entry.msgid))
    parts.append("  draft:\n" + _indent(entry.msgstr))
    notes = entry.comments[1:] + entry.translator_comments
    if notes:
        parts.append("  notes:\n" + "".join(f"    {c}\n" for c in notes))
    findings = check_entry(entry, site.config.policy, po_file)
    if findings:
        parts.append("  checks:\n" + "".join(f"    {f.severity} [{f.code}] {f.message}\n" for f in findings))
    if index + 1 < len(entries):
        parts.append(_neighbour("after", entries[index + 1]))
    return "".join(parts)


def external_editor(command: str) -> Callable[[str], str | None]:
    """An editor callback running `command` (e.g. $EDITOR, "code -w") on a temporary .md file."""

    def edit(draft: str) -> str | None:
        fd, name = tempfile.mkstemp(prefix="i18npub-review-", suffix=".md")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(draft + "\n")
            if subprocess.run([*shlex.split(command), name], check=False).returncode != 0:
                return None
            with open(name, encoding="utf-8", newline="") as handle:
                text = handle.read()
        finally:
            os.unlink(name)
        # editors end files with a newline; a unit never does
        return text[:-1] if text.endswith("\n") else text

    return edit
