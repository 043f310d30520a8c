"""Atomic file writes: a reader sees the old file or the new one, never half of one.

A file is written under a temporary name beside it, then renamed over it. Temporary names are
short (`.i18npub-tmp-<pid>-<n>`, whatever the length of the file's name) and start with
`TEMP_PREFIX`, so that the temporaries of a killed run are recognised and removed by the next
(`remove_stale_temporaries`). A writer holds an `flock` on its temporary until the rename: the
kernel drops it when the writer dies, so a temporary that can be locked is one nobody is writing.
A temporary about to be swapped with a file another program may be saving is renamed first to
say which inode is ours, which file it replaces and what it holds (`…-swapped-<inode>-<hash of
the name>-<hash of the content>`): what a killed run left under such a name that is not ours is
that program's file, and goes back in its place if ours is still there as we wrote it.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import hashlib
import itertools
import json
import os
import re
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from ..errors import UsageError

TEMP_PREFIX = ".i18npub-tmp-"
# a temporary about to be swapped: the inode of the file written, which file it was swapped with, and what it wrote
_SWAPPED = re.compile(r"-swapped-([0-9]+)-([0-9a-f]{8})-([0-9a-f]{8})$")

_UMASK = os.umask(0)
os.umask(_UMASK)
_TEMP_NUMBERS = itertools.count()  # next() is atomic under the GIL: unique names across threads


class ChangedMeanwhile(Exception):
    """The file no longer holds what the caller read: someone else wrote it in between."""

    def __init__(self, path: Path):
        super().__init__(f"{path} changed since it was read")
        self.path = path


def read_bytes(path: Path) -> bytes:
    """The file's bytes, in four system calls where `Path.read_bytes` makes nine: while the
    background writer runs, each one is a wait for the GIL."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return _read_all(fd, os.fstat(fd).st_size)
    finally:
        os.close(fd)


def _read_all(fd: int, size: int) -> bytes:
    """The rest of an open file, expected to hold `size` bytes."""
    chunks = [os.read(fd, size + 1)]
    if len(chunks[0]) > size:  # it grew, or does not know its size: read on to the end
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    return b"".join(chunks)


def write_atomic(path: Path, text: str, mode: int | None = None) -> None:
    """Write `text` (UTF-8, newlines untranslated) to `path` through a temporary file and a rename;
    with the permissions `mode`, else the replaced file's (or what a plain open() would give)."""
    _replace(path, text.encode("utf-8"), _mode_for(path) if mode is None else mode)


def _replace(path: Path, data: bytes, mode: int, still: Callable[[Path], bool] | None = None, existed: bool = True) -> None:
    """`data` into a temporary file beside `path`, then renamed over it. Plain `os` calls: each
    system call is a wait for the GIL when the background writer makes it. `still(at)` tells
    whether the file at `at` is the one the caller read (`existed`: there was one): asked once
    the temporary is written, False leaves the file as it is and raises `ChangedMeanwhile` (see
    `_swap_unless_changed` for the instant between that question and the rename)."""
    tmp, fd = _create_temporary(path.parent, mode)
    ours = os.fstat(fd).st_ino
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if still is None:
                os.replace(tmp, path)
            elif not still(path):
                raise ChangedMeanwhile(path)
            elif existed:
                # the name says which file is ours: one swapped out under it is another's (see `_put_back`)
                marked = tmp.with_name(f"{tmp.name}-swapped-{ours}-{_short_hash(os.fsencode(path.name))}-{_short_hash(data)}")
                os.rename(tmp, marked)
                tmp = marked
                _swap_unless_changed(tmp, path, still, ours)
            else:
                _rename_unless_created(tmp, path)
        finally:
            os.close(fd)  # only now: the lock on the temporary lasts until it has its real name
    except BaseException:
        _leave_as_found(tmp, path, ours)
        raise


def _swap_unless_changed(tmp: Path, path: Path, still: Callable[[Path], bool], ours: int) -> None:
    """`tmp` (the inode `ours`) renamed over `path`, which `still` found as the caller read it an
    instant ago. Where the system can (Linux), the two names are swapped in one step and what was
    swapped out is asked about again: a file another program saved in that instant goes back in
    its place (and the newer one, should it have saved once more meanwhile), and
    ChangedMeanwhile is raised. Elsewhere the rename is plain, and a save in that instant is lost."""
    try:
        exchanged = _rename_with(_RENAME_EXCHANGE, tmp, path)
    except FileNotFoundError:  # removed since the caller read it
        _rename_unless_created(tmp, path)
        return
    if not exchanged:
        os.replace(tmp, path)
        return
    if still(tmp):  # swapped out: what the caller read, so nobody saved in between
        os.unlink(tmp)
        return
    _put_back(tmp, path, ours)
    raise ChangedMeanwhile(path)


def _rename_unless_created(tmp: Path, path: Path) -> None:
    """`tmp` renamed to `path`, where the caller found no file: a file created there meanwhile is
    never replaced (ChangedMeanwhile)."""
    try:
        if not _rename_with(_RENAME_NOREPLACE, tmp, path):
            os.replace(tmp, path)
    except FileExistsError:
        raise ChangedMeanwhile(path) from None


def _put_back(swapped: Path, path: Path, ours: int) -> None:
    """Another program's file, swapped out under the name `swapped` when ours (the inode `ours`)
    took its place at `path`, back in its place, and ours removed; if it saved once more over
    ours since, its newest file stays and the older goes."""
    _rename_with(_RENAME_EXCHANGE, swapped, path)
    if os.stat(swapped).st_ino != ours:
        _rename_with(_RENAME_EXCHANGE, swapped, path)
    os.unlink(swapped)


def _leave_as_found(tmp: Path, path: Path, ours: int) -> None:
    """After a write failed or was interrupted: its temporary removed, or, if another program's
    file was swapped out under the temporary's name, that file put back."""
    try:
        if os.stat(tmp).st_ino == ours:
            os.unlink(tmp)
        else:
            _put_back(tmp, path, ours)
    except FileNotFoundError:
        pass


_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2  # renameat2's flags
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM}  # by the system or the file system


def _rename_with(flag: int, source: Path, target: Path) -> bool:
    """`source` renamed to `target` by Linux's renameat2 with `flag`: False where the system or
    the file system cannot (nothing was renamed); OSError as renameat2 fails otherwise."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flag) == 0:
        return True
    import ctypes

    number = ctypes.get_errno()
    if number in _UNSUPPORTED:
        return False
    raise OSError(number, os.strerror(number), str(target))


_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """The C library's renameat2 (glibc 2.28 and later), or None."""
    import ctypes  # here: only a command that saves over a file a person may be editing needs it

    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
    if function is not None:
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function


def _create_temporary(folder: Path, mode: int) -> tuple[Path, int]:
    """A new temporary file in `folder` (created if missing), open for writing and locked."""
    while True:
        tmp = folder / f"{TEMP_PREFIX}{os.getpid()}-{next(_TEMP_NUMBERS)}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)
            continue
        except FileExistsError:  # left by a killed run whose pid was ours: take the next number
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass  # a file system without locks: the sweep then keeps its hands off (see there)
        return tmp, fd


def remove_stale_temporaries(folders: Iterable[Path]) -> int:
    """Remove the temporaries that killed runs left in `folders` (not in their subfolders):
    those that nobody holds locked. One killed as it swapped itself with another program's save
    (see `_swap_unless_changed`) left that save under its name: it goes back in its place while
    the file there is the one that run wrote, as it wrote it; else both stay (both are someone's).
    Returns how many temporaries were removed."""
    removed = 0
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue  # not made yet, or not a folder
        for name in names:
            if name.startswith(TEMP_PREFIX) and _remove_if_unheld(folder, name):
                removed += 1
    return removed


def _remove_if_unheld(folder: Path, name: str) -> bool:
    path = os.path.join(folder, name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False  # gone already, or not a file of ours
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        inode = os.fstat(fd).st_ino
    except OSError:
        return False  # its writer is alive (or locks are not supported here: leave it)
    finally:
        os.close(fd)
    marked = _SWAPPED.search(name)
    if marked is None or int(marked[1]) == inode:
        os.unlink(path)
        return True
    target = next((entry.path for entry in os.scandir(folder) if _short_hash(os.fsencode(entry.name)) == marked[2]), None)
    if target is None or not _still_ours(target, int(marked[1]), marked[3]):
        return False  # gone, or saved over or edited since: both files are someone's, left as they are
    _put_back(Path(path), Path(target), int(marked[1]))
    return True


def _still_ours(path: str, inode: int, content: str) -> bool:
    """Whether the file at `path` is the one a killed run wrote, as it wrote it."""
    try:
        return os.stat(path).st_ino == inode and _short_hash(read_bytes(Path(path))) == content
    except OSError:
        return False


def _short_hash(data: bytes) -> str:
    return hashlib.blake2s(data, digest_size=4).hexdigest()


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a plain open() would give."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return _NEW_FILE_MODE


_NEW_FILE_MODE = 0o666 & ~_UMASK


def write_if_changed(path: Path, text: str) -> bool:
    """Write atomically unless the file already holds exactly `text`; return whether it wrote."""
    data = text.encode("utf-8")
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        mode = _NEW_FILE_MODE
    else:
        try:
            status = os.fstat(fd)
            # a file of another size differs; one that does not know its size (/proc) is read
            if status.st_size in (len(data), 0) and _read_all(fd, len(data)) == data:
                return False
            mode = status.st_mode & 0o7777
        finally:
            os.close(fd)
    _replace(path, data, mode)
    return True


def write_unless_same(path: Path, text: str, existing: str | None, decode: Callable[[bytes], str] = bytes.decode) -> bool:
    """Write `text` (UTF-8) atomically unless `existing`, the file's text as the caller read it
    and decoded it with `decode` (None: there was no file), is `text`; return whether it wrote.
    The caller's `text` is made from `existing`: if the file no longer holds it (another program
    saved it meanwhile), nothing is written and `ChangedMeanwhile` is raised, for the caller to
    start again from the file as it is now."""
    if text == existing:
        return False
    _replace(path, text.encode("utf-8"), _mode_for(path) if existing is not None else _NEW_FILE_MODE,
             lambda at: _holds(at, existing, decode), existed=existing is not None)
    return True


def _holds(path: Path, text: str | None, decode: Callable[[bytes], str]) -> bool:
    """Whether the file at `path` holds `text`, decoded with `decode` (None: there is no file)."""
    try:
        data = read_bytes(path)
    except FileNotFoundError:
        return text is None
    try:
        return text is not None and decode(data) == text
    except Exception:  # noqa: BLE001 - what the caller cannot decode is not what it read
        return False


class BackgroundWriter:
    """`write_if_changed` on one background thread, so that creating files overlaps with preparing
    the next ones: on some disks creating a file costs as much as building an article, and its
    system calls release the GIL. At most `pending` texts wait in memory. Leaving the `with` block
    waits for every write; `changed` then maps each path to whether the file changed, or to the
    OSError that stopped it, or to `ChangedMeanwhile`."""

    def __init__(self, pending: int = 64):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="i18npub-writer")
        self._slots = threading.BoundedSemaphore(pending)
        self.changed: dict[Path, bool | OSError | ChangedMeanwhile] = {}

    def write_if_changed(self, path: Path, text: str) -> None:
        self._slots.acquire()
        self._executor.submit(self._write, write_if_changed, path, text)

    def write_unless_same(self, path: Path, text: str, existing: str | None, decode: Callable[[bytes], str] = bytes.decode) -> None:
        self._slots.acquire()
        self._executor.submit(self._write, write_unless_same, path, text, existing, decode)

    def _write(self, write: Callable[..., bool], path: Path, *args: object) -> None:
        try:
            self.changed[path] = write(path, *args)
        except (OSError, ChangedMeanwhile) as exc:
            self.changed[path] = exc
        finally:
            self._slots.release()

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._executor.shutdown(wait=True)


def read_pairs_file(path: Path, shape: str) -> list[dict[str, str]]:
    """A pairs file: a JSON list of objects with the string members "source" and "translated"
    (`shape` says what they name, for the messages). Raises UsageError naming the item."""
    try:
        data = json.loads(read_bytes(path))
    except OSError as exc:
        raise UsageError(f"cannot read the pairs file: {exc.strerror or exc}", path) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"the pairs file is not JSON: {exc}", path) from None
    if not isinstance(data, list):
        raise UsageError(f"the pairs file must hold a JSON list of {shape} objects", path)
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("source", "translated")):
            raise UsageError(f"item {number} is not a {shape} object", path)
    return data


class ImmediateWriter(BackgroundWriter):
    """The background writer's interface, writing at once on the caller's thread: for the worker
    processes of a parallel run (a process that forks must have no other thread running, and
    the workers already keep every core busy)."""

    def __init__(self) -> None:
        self.changed = {}

    def write_if_changed(self, path: Path, text: str) -> None:
        self._write(write_if_changed, path, text)

    def write_unless_same(self, path: Path, text: str, existing: str | None, decode: Callable[[bytes], str] = bytes.decode) -> None:
        self._write(write_unless_same, path, text, existing, decode)

    def _write(self, write: Callable[..., bool], path: Path, *args: object) -> None:
        try:
            self.changed[path] = write(path, *args)
        except (OSError, ChangedMeanwhile) as exc:
            self.changed[path] = exc

    def __exit__(self, *exc_info: object) -> None:
        pass
