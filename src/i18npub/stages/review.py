"""Review of what waits for a person, article by article: drafts (a machine's, or msgmerge's
guess for a new text) and outdated entries (approved, then their source changed); and the
acceptance of drafts in bulk, by rule.

The session talks through a `Terminal` (a line reader, a writer, and optionally a one-key reader
and an external editor), so that it runs the same on a TTY and with answers from a pipe. Every
decision is checked before it is saved, as `check` and `build` read it (spliced into its
article): a translation with a safety finding is never saved, one with another error only when
the reviewer confirms it. A saved translation carries who approved it and when
(`# reviewed: NAME DATE`) in place of the draft's note (`# i18npub-draft: provider=…`), and is
written at once, atomically, so quitting or a crash loses nothing already decided. Each save
takes the site lock for that moment only (a session lasts as long as a person takes) and merges
the decision with the file as it is then: a translator's editor may have saved it meanwhile.
"""

from __future__ import annotations

import os
import re
import select
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ParamSpec, TypeVar

try:  # POSIX terminals; elsewhere answers are lines
    import termios
    import tty
except ImportError:
    termios = tty = None  # type: ignore[assignment]

from ..core.article import Article
from ..core.catalog import DRAFT_MARK, REVIEWED_MARK, Catalog, Entry, Key, State
from ..core.checks import Finding, Policy, Severity, check_entry, is_checked
from ..core.pofile import parse_catalog
from ..core.textdiff import plain_diff, word_diff
from ..errors import CatalogError, I18nError, LockError, OutputError, UsageError
from ..site.catalogs import Change, SiteWide, read_catalog_text, save_changes
from ..site.layout import SITE_CATALOG, Site
from ..site.lock import DEFAULT_WAIT, writing
from .check import findings_in_article, readable_site_wide

END_OF_TEXT = "."  # a line holding only this ends an inline edit
ESCAPED_END = ".."  # stands for a line holding only "."
CONTEXT_CHARS = 160
NOTE = "#~"  # starts the lines of an editor buffer that are notes, removed when it is saved

ACTIONS = {
    "a": "accept", "accept": "accept",
    "e": "edit", "edit": "edit",
    "s": "skip", "skip": "skip",
    "r": "reject", "reject": "reject",
    "q": "quit", "quit": "quit",
}
PROMPT = "[a]ccept  [e]dit  [s]kip  [r]eject  [q]uit  [?] help > "
HELP = (
    "accept: the draft becomes the translation (fuzzy cleared); edit: write the translation "
    "yourself; skip: decide later; reject: drop the draft (the entry becomes untranslated); "
    "quit: stop here (decisions so far are saved)."
)
YES = ("y", "yes")
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Terminal:
    read_line: Callable[[], str | None]  # one line without its newline; None at end of input
    write: Callable[[str], None]  # text as is (add your own newlines)
    editor: Callable[[str], str | None] | None = None  # edits a text; None when cancelled
    read_key: Callable[[], str | None] | None = None  # one key press, without Enter; None at end of input

    def ask(self, prompt: str) -> str | None:
        """The answer to `prompt`: one key where keys can be read, a line otherwise."""
        self.write(prompt)
        if self.read_key is None:
            answer = self.read_line()
            if answer is None:
                self.write("\n")
            return answer
        key = self.read_key()
        self.write((key if key is not None and key.isprintable() else "") + "\n")  # keys are not echoed
        return key


@dataclass(frozen=True)
class Reviewer:
    name: str
    date: str  # ISO 8601

    def note(self, rules: Iterable[str] = ()) -> str:
        """The translator comment of a translation this person approved (by rule, in bulk)."""
        rules = " ".join(rules)
        return f"{REVIEWED_MARK} {self.name} {self.date}" + (f" (in bulk: {rules})" if rules else "")


def reviewer_name(given: str | None, folder: Path) -> str | None:
    """Who reviews: `given` (--reviewer), else git's user.name as seen from `folder`, else $USER."""
    for name in (given, _git_user_name(folder), os.environ.get("USER")):
        name = " ".join((name or "").split())  # one line in a comment
        if name:
            return name
    return None


def _git_user_name(folder: Path) -> str | None:
    try:
        done = subprocess.run(["git", "config", "user.name"], cwd=folder, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None  # no git
    return done.stdout.strip() if done.returncode == 0 else None


@dataclass
class ReviewResult:
    accepted: int = 0
    edited: int = 0
    rejected: int = 0
    skipped: int = 0
    remaining: int = 0  # entries still to review in the selected articles
    unreadable: list[I18nError] = field(default_factory=list)


# --- Decisions on entries ----------------------------------------------------------------------


def approved(entry: Entry, text: str, note: str) -> Entry:
    """The entry with `text` as its reviewed translation, and `note` (who, when) in place of the
    draft's note and of any earlier approval's."""
    return replace(
        entry,
        msgstr=text,
        flags=[f for f in entry.flags if f != "fuzzy"],
        previous_msgid=None,  # the old source no longer matters
        previous_msgctxt=None,
        translator_comments=_without_marks(entry.translator_comments) + [note],
    )


def rejected(entry: Entry) -> Entry:
    """The entry untranslated: its draft dropped, with the note that vouched for it."""
    return replace(
        entry, msgstr="", flags=[f for f in entry.flags if f != "fuzzy"], previous_msgid=None, previous_msgctxt=None,
        translator_comments=_without_marks(entry.translator_comments),
    )


def _without_marks(comments: list[str]) -> list[str]:
    return [c for c in comments if not c.startswith((DRAFT_MARK, REVIEWED_MARK))]


_DRAFT_FIELD = re.compile(r"(\w+)=(\S+)")


def draft_fields(entry: Entry) -> dict[str, str]:
    """The `key=value` fields of a machine draft's note (`i18npub-draft: provider=memory
    date=… match=100% from=…`); none for other entries."""
    note = next((c for c in entry.translator_comments if c.startswith(DRAFT_MARK)), None)
    return dict(_DRAFT_FIELD.findall(note[len(DRAFT_MARK) :])) if note is not None else {}


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


# --- The catalogs under review ------------------------------------------------------------------


_PENDING = (State.FUZZY, State.OUTDATED)


@dataclass
class _Article:
    site: Site
    name: str
    path: Path
    po_file: str  # as shown
    text: str  # the file's text, as last read or written
    catalog: Catalog  # parsed from `text`
    source: Article | None  # None when it cannot be read: entries are then checked alone
    site_wide: SiteWide  # the site-wide catalog, whose entries the article uses are checked with its own
    wait: float  # how long a save may wait for the site lock, in seconds

    @property
    def policy(self) -> Policy:
        return self.site.policy

    def pending(self) -> list[Key]:
        """What waits for a person: drafts and outdated entries, in document order."""
        return [e.key for e in self.catalog.active if e.state in _PENDING]

    def entry(self, key: Key) -> Entry | None:
        """The entry of `key` if it still waits for a person in the file as it is now, read
        again when someone saved it since."""
        text = read_catalog_text(self.path, self.po_file)
        if text is not None and text != self.text:
            self.text, self.catalog = text, parse_catalog(text, self.po_file)
        return next((e for e in self.catalog.active if e.key == key and e.state in _PENDING), None)

    def findings(self, entry: Entry) -> list[Finding]:
        """`entry`'s findings as `check` reports them: spliced into its article with the
        catalog's other translations (and the site-wide ones it uses)."""
        if self.source is None:
            return check_entry(entry, self.policy, self.po_file)
        others = [e for e in self.catalog.entries if e.key != entry.key]
        found = findings_in_article(self.source, [*others, entry], self.po_file, self.policy, self.site_wide)
        return [f for f in found if f.po_file == self.po_file and (f.msgctxt, f.msgid) == entry.key]

    def all_findings(self) -> dict[Key, list[Finding]]:
        checked = [e for e in self.catalog.entries if is_checked(e)]
        if self.source is None:
            found = [f for e in checked for f in check_entry(e, self.policy, self.po_file)]
        else:
            found = [f for f in findings_in_article(self.source, checked, self.po_file, self.policy, self.site_wide) if f.po_file == self.po_file]
        by_key: dict[Key, list[Finding]] = {}
        for finding in found:
            by_key.setdefault((finding.msgctxt, finding.msgid), []).append(finding)
        return by_key

    def save(self, changes: list[Change]) -> list[Change]:
        """Save `changes` onto the file as it is now, under the site lock; return those dropped
        because someone changed their entries meanwhile (their version is kept)."""
        with writing(self.site, "review", self.wait):
            saved = save_changes(self.path, self.po_file, None, None, changes)
        self.text, self.catalog = saved.text, parse_catalog(saved.text, self.po_file)  # fresh line numbers
        return saved.dropped


def _load(site: Site, lang: str, names: list[str], unreadable: list[I18nError], write: Callable[[str], None], wait: float) -> list[_Article]:
    loaded = []
    site_wide = readable_site_wide(site, lang)
    for name in names:
        path = site.catalog_path(lang, name)
        po_file = site.shown(path)
        try:
            site.check_writable(path, catalog=True)
            text = read_catalog_text(path, po_file)
            if text is None:
                continue
            catalog = parse_catalog(text, po_file)
        except I18nError as exc:
            unreadable.append(exc)
            write(f"error: {exc} (skipped)\n")
            continue
        source = None  # the site-wide catalog has no article: its entries are checked alone
        try:
            source = site.load_article(name) if name != SITE_CATALOG else None
        except I18nError as exc:
            write(f"note: {exc}: its entries are checked alone\n")
        loaded.append(_Article(site, name, path, po_file, text, catalog, source, site_wide, wait))
    return loaded


# --- One by one -------------------------------------------------------------------------------


def review(site: Site, lang: str, articles: list[str], term: Terminal, reviewer: Reviewer, wait: float = DEFAULT_WAIT) -> ReviewResult:
    """`wait`: how long each save may wait for the site lock, in seconds."""
    result = ReviewResult()
    loaded = _load(site, lang, articles, result.unreadable, term.write, wait)
    total = sum(len(a.pending()) for a in loaded)
    term.write(f"{total} entr{'y' if total == 1 else 'ies'} to review in {lang} (drafts and outdated translations).\n")
    done = 0
    for article in loaded:
        keys = article.pending()
        for index, key in enumerate(keys, 1):
            try:
                action = _review_entry(article, key, f"{index}/{len(keys)}", term, reviewer)
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


def _review_entry(article: _Article, key: Key, position: str, term: Terminal, reviewer: Reviewer) -> str:
    """Show one entry, apply the reviewer's decision once it passes the checks, save; return
    "accepted", "edited", "rejected", "skip" or "quit". An entry someone else decided on
    meanwhile is skipped."""
    entry = article.entry(key)
    if entry is None:
        return "skip"
    findings = article.findings(entry)
    term.write(_render_entry(article, position, entry, findings))
    own_text = None  # the reviewer's text when it could not be saved: the next edit starts from it
    while True:
        answer = term.ask(PROMPT)
        if answer is None:
            return "quit"
        action = ACTIONS.get(answer.strip().lower())
        if action is None:
            term.write(f"{HELP}\n" if answer.strip() in ("?", "h", "help") else "Please answer a, e, s, r or q (? for help).\n")
            continue
        if action in ("skip", "quit"):
            return action
        if action == "reject":
            saved = _decide(article, entry, rejected(entry), term)
            if saved is None:
                continue
            return "rejected" if saved else "skip"
        text = entry.msgstr
        if action == "edit":
            text = _edit(own_text if own_text is not None else entry.msgstr, article, position, entry, findings, term)
            if not text:
                term.write("Edit cancelled: the draft is unchanged.\n")
                continue
            own_text = text
        decided = approved(entry, text, reviewer.note())
        found = article.findings(decided)
        if not _may_save(found, term):
            if action == "edit":
                term.write("Your text is kept: [e]dit starts from it.\n")
            continue
        saved = _decide(article, entry, decided, term)
        if saved is None:
            continue
        if not saved:
            return "skip"
        for finding in found if action == "edit" else []:
            term.write(f"  note: {finding.severity} [{finding.code}] {finding.message}\n")
        return "accepted" if action == "accept" else "edited"


def _decide(article: _Article, entry: Entry, decided: Entry, term: Terminal) -> bool | None:
    """Save the decision: True when saved, False when someone changed the entry meanwhile (their
    version is kept), None when it could not be written now (the reviewer may answer again)."""
    try:
        dropped = article.save([Change(entry, decided)])
    except (LockError, OutputError) as exc:
        term.write(f"Not saved: {exc.message}. Answer again to retry.\n")
        return None
    if dropped:
        term.write("Not saved: someone changed this entry in the file meanwhile; their version is kept.\n")
        return False
    return True


def _may_save(findings: list[Finding], term: Terminal) -> bool:
    """Whether a translation with these findings is saved: never with a safety finding; with
    other errors when the reviewer confirms."""
    unsafe = [f for f in findings if f.safety]
    if unsafe:
        term.write("Not saved: this translation could make the page unsafe, which no one can accept:\n")
        term.write("".join(f"    {f.severity} [{f.code}] {f.message}\n" for f in unsafe))
        term.write("Edit it or reject it.\n")
        return False
    errors = _errors(findings)
    if not errors:
        return True
    term.write(f"This translation has {len(errors)} check error(s):\n")
    term.write("".join(f"    {f.severity} [{f.code}] {f.message}\n" for f in errors))
    answer = term.ask("Save it all the same? [y/N] ")
    return answer is not None and answer.strip().lower() in YES


def _edit(text: str, article: _Article, position: str, entry: Entry, findings: list[Finding], term: Terminal) -> str | None:
    if term.editor is not None:
        saved = term.editor(edit_buffer(text, _buffer_notes(article, position, entry, findings)))
        return None if saved is None else text_of_buffer(saved, text)
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


# --- What the reviewer sees -----------------------------------------------------------------------


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CONTEXT_CHARS else text[: CONTEXT_CHARS - 1] + "…"


def _indent(text: str, prefix: str = "    ") -> str:
    return "".join(f"{prefix}{line}\n" for line in text.split("\n"))


def _neighbour(label: str, entry: Entry) -> str:
    state = " (fuzzy)" if entry.fuzzy else ""
    translation = _short(entry.msgstr) + state if entry.msgstr else "(untranslated)"
    return f"  {label}: {_short(entry.msgid)}\n        → {translation}\n"


def _heading(article: _Article, position: str, entry: Entry) -> str:
    kind = entry.comments[0] if entry.comments else "unit"
    where = ", ".join(f"{p}:{n}" for p, n in entry.locations) or "unknown"
    return f"{article.name} [{position}] {kind} — {article.po_file}:{entry.lineno} (source {where})"


def _what_it_is(entry: Entry) -> str:
    if entry.previous_msgid is None:
        return "draft"
    return "translation approved for the previous source" if entry.state is State.OUTDATED else "draft, made for the previous source"


def _render_entry(article: _Article, position: str, entry: Entry, findings: list[Finding]) -> str:
    entries = article.catalog.active
    index = entries.index(entry)
    parts = [f"\n== {_heading(article, position, entry)}\n"]
    if index > 0:
        parts.append(_neighbour("before", entries[index - 1]))
    if entry.msgctxt:
        parts.append(f"  context: {entry.msgctxt}\n")
    parts.append("  source:\n" + _indent(entry.msgid))
    if entry.previous_msgid is not None:
        parts.append("  changed in the source ([-removed-] {+added+}):\n" + _indent(plain_diff(word_diff(entry.previous_msgid, entry.msgid))))
    parts.append(f"  {_what_it_is(entry)}:\n" + _indent(entry.msgstr))
    notes = entry.comments[1:] + entry.translator_comments
    if notes:
        parts.append("  notes:\n" + "".join(f"    {c}\n" for c in notes))
    if findings:
        parts.append("  checks:\n" + "".join(f"    {f.severity} [{f.code}] {f.message}\n" for f in findings))
    if index + 1 < len(entries):
        parts.append(_neighbour("after", entries[index + 1]))
    return "".join(parts)


def _buffer_notes(article: _Article, position: str, entry: Entry, findings: list[Finding]) -> list[str]:
    lines = [
        "-" * 60,
        f"Write the translation above. Lines starting with {NOTE} are notes, removed when you save;",
        "save an empty text to cancel the edit.",
        _heading(article, position, entry),
        "",
        "source:",
        *_indent(entry.msgid, "  ").splitlines(),
    ]
    if entry.previous_msgid is not None:
        lines += ["previous source:", *_indent(entry.previous_msgid, "  ").splitlines()]
        lines += ["changed in the source ([-removed-] {+added+}):", *_indent(plain_diff(word_diff(entry.previous_msgid, entry.msgid)), "  ").splitlines()]
    if findings:
        lines += ["checks of the draft:", *(f"  {f.severity} [{f.code}] {f.message}" for f in findings)]
    return lines


def _has_note_line(text: str) -> bool:
    return any(line.startswith(NOTE) for line in text.split("\n"))


def edit_buffer(text: str, notes: list[str]) -> str:
    """What the editor opens: the text, then the notes on lines starting with `#~`. A text with a
    line of its own starting with `#~` gets no notes, so that saving cannot take any of it away."""
    if _has_note_line(text):
        return text + "\n"
    return text + "\n" + "".join(f"{NOTE} {line}".rstrip() + "\n" for line in notes)


def text_of_buffer(saved: str, text: str) -> str:
    """The translation in a saved buffer that was `edit_buffer(text, …)`: without the note lines,
    and without the line breaks an editor leaves around it (a unit never starts or ends with one)."""
    lines = saved.split("\n")
    if not _has_note_line(text):
        lines = [line for line in lines if not line.startswith(NOTE)]
    return "\n".join(lines).strip("\r\n")


# --- On a terminal ---------------------------------------------------------------------------------


def external_editor(command: str) -> Callable[[str], str | None]:
    """An editor callback running `command` (e.g. $EDITOR, "code -w") on a temporary .md file."""

    def edit(text: str) -> str | None:
        fd, name = tempfile.mkstemp(prefix="i18npub-review-", suffix=".md")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            if subprocess.run([*shlex.split(command), name], check=False).returncode != 0:
                return None
            with open(name, encoding="utf-8", newline="") as handle:
                return handle.read()
        finally:
            os.unlink(name)

    return edit


class KeyInput:
    """Single key presses from the terminal `fd`, in cbreak mode for the whole session: no Enter
    needed, and keys typed ahead are neither echoed twice nor lost; Ctrl-C still interrupts
    (cbreak, not raw). Lines typed and editors get the terminal's own mode back (`cooked`)."""

    def __init__(self, fd: int):
        self.fd = fd
        self.saved = termios.tcgetattr(fd)

    def __enter__(self) -> KeyInput:
        tty.setcbreak(self.fd, termios.TCSANOW)  # not the default TCSAFLUSH: keys typed ahead are kept
        return self

    def __exit__(self, *exc: object) -> None:
        termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)

    def read_key(self) -> str | None:
        """One key: a letter (beyond ASCII too), or a key's whole sequence (an arrow, Escape);
        None for Ctrl-D."""
        data = os.read(self.fd, 1)
        if data and data[0] >= 0xC0:  # the first byte of a letter beyond ASCII: the others follow
            data += os.read(self.fd, 1 if data[0] < 0xE0 else 2 if data[0] < 0xF0 else 3)
        elif data == b"\x1b":  # a sequence's bytes come together: take what is already there
            while select.select([self.fd], [], [], 0.05)[0]:
                data += os.read(self.fd, 32)
        return None if data in (b"", b"\x04") else data.decode("utf-8", "replace")

    def cooked(self, function: Callable[P, R]) -> Callable[P, R]:
        """`function`, run with the terminal in its own mode."""

        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)
            try:
                return function(*args, **kwargs)
            finally:
                tty.setcbreak(self.fd, termios.TCSANOW)

        return run


def key_input(fd: int) -> KeyInput | None:
    """Key presses from the terminal `fd`; None where the platform has no termios."""
    return KeyInput(fd) if termios is not None else None


# --- In bulk -------------------------------------------------------------------------------------

RULES = "memory-exact, clean or provider=NAME"


@dataclass(frozen=True)
class Rule:
    """Which drafts a bulk acceptance takes: `memory-exact` (the translation memory's exact
    matches), `clean` (no finding at all, warnings included) or `provider=NAME`."""

    text: str

    @classmethod
    def parse(cls, text: str) -> Rule:
        text = text.strip()
        if text in ("memory-exact", "clean") or re.fullmatch(r"provider=\S+", text):
            return cls(text)
        raise UsageError(f"unknown rule {text!r} for --accept (use {RULES})")

    def takes(self, entry: Entry, findings: list[Finding]) -> bool:
        fields = draft_fields(entry)
        if self.text == "memory-exact":
            return fields.get("provider") == "memory" and fields.get("match") == "100%"
        if self.text == "clean":
            return not findings
        return fields.get("provider") == self.text.removeprefix("provider=")


@dataclass
class Held:
    """A draft the rules took that has check errors: left for a person to review."""

    po_file: str
    entry: Entry
    errors: list[Finding]


@dataclass
class BulkPlan:
    rules: list[Rule]
    chosen: list[tuple[_Article, list[Key]]] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    unreadable: list[I18nError] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(keys) for _, keys in self.chosen)


def plan_bulk(site: Site, lang: str, articles: list[str], rules: list[Rule], write: Callable[[str], None], wait: float = DEFAULT_WAIT) -> BulkPlan:
    """The drafts every rule takes, in the given articles. Outdated entries are never taken (a
    person must see what changed in the source), nor a draft with a check error."""
    plan = BulkPlan(rules)
    for article in _load(site, lang, articles, plan.unreadable, write, wait):
        findings = article.all_findings()
        keys = []
        for entry in article.catalog.active:
            found = findings.get(entry.key, [])
            if entry.state is not State.FUZZY or not all(rule.takes(entry, found) for rule in rules):
                continue
            if _errors(found):
                plan.held.append(Held(article.po_file, entry, _errors(found)))
            else:
                keys.append(entry.key)
        if keys:
            plan.chosen.append((article, keys))
    return plan


def bulk_plan_text(plan: BulkPlan, lang: str) -> str:
    rules = " and ".join(r.text for r in plan.rules)
    lines = [f"{_drafts(plan.count)} in {lang} match{'es' if plan.count == 1 else ''} {rules}:"]
    lines += [f"  {article.name}: {len(keys)}" for article, keys in plan.chosen]
    if plan.held:
        lines.append(f"{len(plan.held)} more match but have check errors, and are left for review one by one:")
        for held in plan.held:
            first = held.errors[0]
            lines.append(f"  {held.po_file}:{held.entry.lineno}: {first.severity} [{first.code}] {first.message}")
    return "\n".join(lines) + "\n"


def _drafts(count: int) -> str:
    return f"{count} draft{'' if count == 1 else 's'}"


def accept_planned(plan: BulkPlan, reviewer: Reviewer) -> int:
    """Accept the planned drafts, one catalog written per article; return how many (a draft
    someone changed meanwhile is left as they saved it)."""
    note = reviewer.note(r.text for r in plan.rules)
    accepted = 0
    for article, keys in plan.chosen:
        wanted = set(keys)
        changes = [Change(e, approved(e, e.msgstr, note)) for e in article.catalog.active if e.key in wanted]
        accepted += len(changes) - len(article.save(changes))
    return accepted
