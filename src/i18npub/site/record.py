"""What a command's earlier runs made of each article, so that the next run redoes only what
changed: for each article, the files it was made from (and the ones it wrote), each as it was
then, and what the command found. An article whose files are all as on record, under the same
configuration, options and tool (its version and its code), gets its recorded result back
without being read.

A file is "as on record" when its size, modification time and status-change time are those
recorded (the last is set by the system, so an edit that puts the old mtime back shows), or, when
they are not (or when the recorded time was too close to the moment it was taken to be trusted, the
"racy" case git knows: a later write within the same clock tick keeps the time), when its
content has the recorded digest. A fingerprint's digest is always of the bytes the command
used (read, or written); its status is taken when the article goes on record, at the end of the
run, and a file changed since the run started (by the run, or by someone else's save in between)
is recorded as racy: the next run compares its content, so such a save is never taken for what
the command saw. (The cost: the first run after one that wrote many files reads them back once.)

Records live in `.i18npub-cache/` at the site root (`records-<name>.json`, with the journal of
the entries redone since it was written whole: see `Record`); a record that cannot be read is no
record (the run does everything, and writes a new one).

A record decides what a run does not do again, checking translations among it (a build takes
the errors of `check`'s): so each record, and each line of its journal, is sealed with a key
that never leaves the machine (`machine_key`, kept outside every site: `site_key`). A record
brought from elsewhere (committed to the site's repository, say, or edited by hand) is no record.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import __version__
from .files import write_atomic

if TYPE_CHECKING:
    from .layout import Site

RECORD_DIR = ".i18npub-cache"
# a modification time this close to the moment it was taken may hide a later write of the same
# tick (coarse file-system clocks; FAT's is 2 s): such a file is compared by content
RACY_NS = 2_000_000_000


@functools.cache
def tool_identity() -> str:
    """The tool's version and its code as installed: code changed under the same version (an
    editable install, a checkout of another commit) makes no record trusted."""
    return f"{__version__} {code_stamp(Path(__file__).resolve().parents[1])}"


def code_stamp(package: Path) -> str:
    """A digest of the Python files under `package`: their names, sizes and modification times."""
    stamps = [f"{path.relative_to(package)} {path.stat().st_size} {path.stat().st_mtime_ns}" for path in sorted(package.rglob("*.py"))]
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()[:16]


def key_file() -> Path:
    """Where this user's key is kept: in XDG's cache folder (an absolute `$XDG_CACHE_HOME`; the
    specification ignores a relative one), else in `~/.cache`."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "i18npub" / "record-key"


@functools.cache
def machine_key() -> bytes | None:
    """The key that seals this machine's records (at `key_file`), made once; a file there that is
    not one (half made by a run killed meanwhile, a link, a file that others may read or write or
    that is not this user's) is replaced. None where none can be kept."""
    try:
        path = key_file()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = _read_key(path)
        if key is None:  # a new one, whole or not at all, for this user alone
            write_atomic(path, secrets.token_bytes(32).hex() + "\n", mode=0o600)
            key = _read_key(path)
        return key
    except (OSError, RuntimeError, KeyError):  # no home folder, or none that can be written
        return None


def _read_key(path: Path) -> bytes | None:
    """The key at `path`, if it is one: 32 bytes in hexadecimal, in a regular file (not a link)
    that belongs to this user and that no one else may read or write."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o077:
            return None
        text = handle.read(100)
    try:
        key = bytes.fromhex(text.decode("ascii").strip())
    except ValueError:
        return None
    return key if len(key) == 32 else None


def site_key(root: Path) -> bytes:
    """The key that seals the records of the site at `root`: this machine's, unless it is kept
    inside the site, where the site's own files (a checkout) could have put it beside a forged
    record; then, as where none can be kept, one of this run's own (no record is taken up)."""
    key = machine_key()
    if key is None or key_file().resolve().is_relative_to(root.resolve()):
        return secrets.token_bytes(32)
    return key


def _seal(text: str, key: bytes) -> str:
    return hashlib.blake2b(text.encode("utf-8"), key=key, digest_size=16).hexdigest()


def _sealed(text: str, key: bytes) -> str:
    """`text` (JSON, one line) as a record keeps it: after its seal and a space."""
    return f"{_seal(text, key)} {text}\n"


def _unsealed(line: str, key: bytes) -> str | None:
    """The JSON text of a sealed line, or None when its seal is not the key's for it."""
    seal, _, text = line.partition(" ")
    return text if hmac.compare_digest(seal, _seal(text, key)) else None


class Fingerprint(NamedTuple):
    """A file as a command saw it; a tuple, as the record stores it (JSON's array)."""

    size: int
    mtime_ns: int
    ctime_ns: int  # set by the system at every change, even one that puts the old mtime back
    digest: str  # of the content
    racy: bool  # modified too close to the moment it was taken: compare the content

    @classmethod
    def of(cls, data: bytes, status: os.stat_result) -> Fingerprint:
        """The fingerprint of `data`, the content of a file whose status is `status` (taken
        before reading it, or once it was written)."""
        racy = max(status.st_mtime_ns, status.st_ctime_ns) >= time.time_ns() - RACY_NS
        return cls(status.st_size, status.st_mtime_ns, status.st_ctime_ns, digest(data), racy)

    def same_status(self, status: os.stat_result) -> bool:
        return not self.racy and (status.st_size, status.st_mtime_ns, status.st_ctime_ns) == (self.size, self.mtime_ns, self.ctime_ns)


ABSENT = None  # the fingerprint of a file that was not there: it must still not be there


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(path: str) -> Fingerprint | None:
    """The file as it is now (None when there is none)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except (FileNotFoundError, NotADirectoryError):
        return ABSENT
    try:
        status = os.fstat(fd)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return Fingerprint.of(b"".join(chunks), status)
    finally:
        os.close(fd)


def current(path: str, recorded: Fingerprint | None) -> tuple[bool, Fingerprint | None]:
    """Whether the file at `path` is the one on record (by its status when that can be trusted,
    else by its content), and its fingerprint now when it had to be read to know."""
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return recorded is ABSENT, ABSENT
    if recorded is ABSENT or status.st_size != recorded.size:
        return False, recorded
    if recorded.same_status(status):
        return True, recorded
    now = fingerprint(path)
    return now is not None and now.digest == recorded.digest, now


@dataclass
class Entry:
    """One article's record: the fingerprints of its files (by site-relative path) and its result."""

    files: dict[str, Fingerprint | None]
    result: dict[str, Any]


class Record:
    """The record of one command (and language) on one site, valid for one `context`: the
    configuration, the options and the tool version. Entries are replaced as articles are
    redone; `save` writes back what changed.

    The record is a file of every entry (`records-<name>.json`) and a journal of the entries
    redone since (`records-<name>.changes`, a JSON line each), so that a run that redid a few
    articles writes a few lines rather than the whole record again; once the journal has grown
    to half the record, the next save writes the record whole and starts a new journal. Each
    line names the record it extends (its `generation`, new at every whole write): a line of
    another record's (left beside one written meanwhile, or appended by a run that read an
    earlier record, under another configuration perhaps) is not read, nor is a line cut short
    by a kill; either way the next save writes the record whole. None of this can mislead a
    run: every entry is checked against the files it names, under this record's context."""

    def __init__(self, root: Path, name: str, context: dict[str, Any]):
        self.path = root / RECORD_DIR / f"records-{name}.json"
        self.journal = self.path.with_suffix(".changes")
        self.prefix = os.path.join(root, "")  # the site's root and a separator: what a recorded path is appended to
        self.started_ns = time.time_ns()
        self.context = {"tool": tool_identity(), **context}
        self.key = site_key(root)
        self.entries: dict[str, Entry] = {}
        self.redone: set[str] = set()  # articles whose entry changed (or went) since the record was read
        self.whole = False  # the record is to be written whole (none, another context, unreadable)
        self.generation: str | None = None
        self._sizes = (0, 0)  # of the record and of its journal, as read
        self._load()

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
            data = json.loads(_unsealed(text.removesuffix("\n"), self.key) or "null")
            if data.get("context") != self.context:
                self.whole = True
                return
            self.entries = {article: _entry(entry) for article, entry in data["articles"].items()}
            self.generation = str(data["generation"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self.entries, self.whole = {}, True
            return
        self._sizes = (len(text), self._replay())

    def _replay(self) -> int:
        """Apply the journal's lines that extend this record; returns its size. A journal with
        others (another record's, cut short, not sealed here) is folded away by the next save,
        which writes the record whole."""
        try:
            text = self.journal.read_text(encoding="utf-8")
        except FileNotFoundError:
            return 0
        except (OSError, ValueError):
            self.whole = True
            return 0
        for line in text.split("\n")[:-1]:  # only "\n" ends a line: JSON leaves U+2028 in strings; the last piece is cut short, or empty
            try:
                generation, article, entry = json.loads(_unsealed(line, self.key) or "null")
                if generation == self.generation:
                    if entry is None:
                        self.entries.pop(str(article), None)
                    else:
                        self.entries[str(article)] = _entry(entry)
                    continue
            except (ValueError, TypeError, KeyError, AttributeError):
                pass
            self.whole = True  # another record's line, or one cut short by a kill or not sealed here: the next save folds it away
        if not text.endswith("\n"):
            self.whole = True  # its last line was cut short
        return len(text)

    def unchanged(self, article: str) -> dict[str, Any] | None:
        """The recorded result of `article` when every file it was made from is as on record."""
        entry = self.entries.get(article)
        if entry is None:
            return None
        refreshed = {}
        for path, recorded in entry.files.items():
            try:
                same, now = current(self.prefix + path, recorded)
            except OSError:  # cannot be read now: the command will say why
                return None
            if not same:
                return None
            refreshed[path] = now
        if refreshed != entry.files:  # read to be sure: its status is trusted from now on
            entry.files = refreshed
            self.redone.add(article)
        return entry.result

    def result_made_of(self, article: str, used: dict[str, str | None] | None) -> dict[str, Any] | None:
        """The recorded result of `article` when it was made of the very bytes another command
        read, `used` (each file's digest, None: no file; see `store`), else None."""
        entry = self.entries.get(article)
        if entry is None or used is None or {path: f and f.digest for path, f in entry.files.items()} != used:
            return None
        return entry.result

    def store(self, article: str, used: dict[str, str | None] | None, result: dict[str, Any]) -> None:
        """Record what `article` was made from: `used` maps each file (site-relative) to the
        digest of the content the command read or wrote there (None: there was no file; `used`
        None: a file could not be read, and the article stays off the record). Only
        the files' status is taken now: a file changed since this run started (by this run, or
        by someone else's save in between) is recorded as racy, so the next run compares its
        content with the digest of what this one used; a file that appeared or went away leaves
        the article off the record."""
        if used is None:
            self.forget(article)
            return
        files: dict[str, Fingerprint | None] = {}
        for path, used_digest in used.items():
            try:
                status = os.stat(self.prefix + path)
            except (FileNotFoundError, NotADirectoryError):
                status = None
            except OSError:
                self.forget(article)
                return
            if (status is None) != (used_digest is None):
                self.forget(article)
                return
            if status is None or used_digest is None:
                files[path] = ABSENT
                continue
            racy = max(status.st_mtime_ns, status.st_ctime_ns) >= self.started_ns - RACY_NS
            files[path] = Fingerprint(status.st_size, status.st_mtime_ns, status.st_ctime_ns, used_digest, racy)
        if self.entries.get(article) != (entry := Entry(files, result)):
            self.entries[article] = entry
            self.redone.add(article)

    def keep(self, article: str, made_from: Entry | None, result: dict[str, Any]) -> None:
        """Record `result` for `article` as made of the files another record's entry names, as
        that record has them (None: it has none, and neither has this one)."""
        if made_from is None:
            self.forget(article)
        elif self.entries.get(article) != (entry := Entry(made_from.files, result)):
            self.entries[article] = entry
            self.redone.add(article)

    def forget(self, article: str) -> None:
        if self.entries.pop(article, None) is not None:
            self.redone.add(article)

    def keep_only(self, articles: set[str]) -> None:
        """Drop the entries of articles that are gone."""
        for article in [a for a in self.entries if a not in articles]:
            self.forget(article)

    def save(self) -> None:
        if not self.whole and not self.redone:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record_size, journal_size = self._sizes
        lines = "" if self.whole else "".join(
            _sealed(json.dumps([self.generation, a, _entry_json(self.entries.get(a))], ensure_ascii=False, separators=(",", ":")), self.key)
            for a in sorted(self.redone))
        if self.whole or journal_size + len(lines) > record_size // 2:
            self._save_whole()
        else:
            _append(self.journal, lines)
            self._sizes = (record_size, journal_size + len(lines))
        self.redone.clear()

    def _save_whole(self) -> None:
        self.generation = secrets.token_hex(8)
        text = _sealed(json.dumps({
            "context": self.context,
            "generation": self.generation,
            "articles": {article: _entry_json(e) for article, e in sorted(self.entries.items())},
        }, ensure_ascii=False, separators=(",", ":")), self.key)
        write_atomic(self.path, text)
        try:
            self.journal.unlink()
        except FileNotFoundError:
            pass
        self.whole, self._sizes = False, (len(text), 0)


def _entry(data: dict[str, Any]) -> Entry:
    return Entry({p: None if f is None else Fingerprint(*f) for p, f in data["files"].items()}, data["result"])


def _entry_json(entry: Entry | None) -> dict[str, Any] | None:
    return None if entry is None else {"files": entry.files, "result": entry.result}


def _append(path: Path, text: str) -> None:
    """`text` at the end of the file, in one write: lines that two runs append at once do not
    mix, and a kill leaves at most the last line cut short."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        view = memoryview(text.encode("utf-8"))
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def site_context(site: Site) -> str:
    """A digest of everything in the configuration that can change what a command makes of an
    article: i18npub.toml's settings (the site's folder name too, the default project name) and
    the generator's own configuration (Jekyll's _config.yml, Hugo's), as read, and what it
    keeps untranslated (the documents jekyll-polyglot's layouts name) and what the checks take its
    template code to print (`site_values`, which a section's cascade also decides) and where its
    templates print inside script or a tag (`script_print`, `attribute_print`)."""
    settings = dataclasses.asdict(site.config)
    settings["root"] = site.config.project_name
    generator = getattr(site.generator, "settings", None)
    kept = site.kept_untranslated
    return digest(repr((settings, type(site.generator).__name__, generator, site.generator.site_values,
                           site.generator.script_print, site.generator.attribute_print, kept)).encode("utf-8"))
