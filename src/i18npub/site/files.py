"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

_UMASK = os.umask(0)
os.umask(_UMASK)


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


def write_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8, newlines untranslated) to `path` through a temporary file and a rename."""
    _replace(path, text.encode("utf-8"), _mode_for(path))


def _replace(path: Path, data: bytes, mode: int) -> None:
    """`data` into a temporary file beside `path`, then renamed over it. Plain `os` calls: each
    system call is a wait for the GIL when the background writer makes it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


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


def write_unless_same(path: Path, text: str, existing: str | None) -> bool:
    """Write atomically unless `existing`, the file's text as the caller just read it (None: there
    was no file), is `text`; return whether it wrote. Spares reading the file a second time."""
    if text == existing:
        return False
    _replace(path, text.encode("utf-8"), _mode_for(path) if existing is not None else _NEW_FILE_MODE)
    return True


class BackgroundWriter:
    """`write_if_changed` on one background thread, so that creating files overlaps with preparing
    the next ones: on some disks creating a file costs as much as building an article, and its
    system calls release the GIL. At most `pending` texts wait in memory. Leaving the `with` block
    waits for every write; `changed` then maps each path to whether the file changed, or to the
    OSError that stopped it."""

    def __init__(self, pending: int = 64):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="i18npub-writer")
        self._slots = threading.BoundedSemaphore(pending)
        self.changed: dict[Path, bool | OSError] = {}

    def write_if_changed(self, path: Path, text: str) -> None:
        self._slots.acquire()
        self._executor.submit(self._write, write_if_changed, path, text)

    def write_unless_same(self, path: Path, text: str, existing: str | None) -> None:
        self._slots.acquire()
        self._executor.submit(self._write, write_unless_same, path, text, existing)

    def _write(self, write: Callable[..., bool], path: Path, *args: object) -> None:
        try:
            self.changed[path] = write(path, *args)
        except OSError as exc:
            self.changed[path] = exc
        finally:
            self._slots.release()

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._executor.shutdown(wait=True)
