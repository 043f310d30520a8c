"""The site lock: one command at a time writes a site's catalogs and outputs.

`extract`, `translate` and `build` hold it for their whole run (the CLI takes it around them),
`review` for each save (a session lasts as long as a person takes, and must not keep `build`
waiting); `check` and `status` only read, and `init` writes only i18npub.toml, which commands
read once at their start. A command that finds the lock taken waits up to `wait` seconds, then
stops with a `LockError` naming the holder.

The lock is an `flock` on `.i18npub.lock` in the site root: the kernel releases it when its
holder exits, however it exits, so a killed command never leaves a stale lock. The file itself
stays (removing it would let two commands lock two different files); the holder writes its
command and pid into it, for the message of the one who waits.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LockError
from .files import remove_stale_temporaries

if TYPE_CHECKING:
    from .layout import Site

LOCK_NAME = ".i18npub.lock"
DEFAULT_WAIT = 10.0  # seconds
_POLL = 0.05  # seconds between attempts while waiting


@contextmanager
def site_lock(root: Path, command: str, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the lock of the site at `root` for the `with` block, on behalf of `command`."""
    path = root / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise LockError(f"cannot open the site lock: {exc.strerror}", path) from None
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd, path):
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
                who = f" ({holder})" if holder else ""
                raise LockError(f"another i18npub{who} is writing this site; try again when it is done, or wait longer with --wait", root)
            time.sleep(_POLL)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{command}, pid {os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # a killed holder leaves its name: the next holder overwrites it
    finally:
        os.close(fd)  # releases the lock


def _try_lock(fd: int, path: Path) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:  # e.g. a network file system without locks
        raise LockError(f"cannot lock the site: {exc.strerror}", path) from None
    return True


@contextmanager
def writing(site: Site, command: str, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the site lock, having first removed the temporaries that killed commands left in the
    folders commands write (see `files`: those no living writer holds)."""
    with site_lock(site.root, command, wait):
        remove_stale_temporaries(site.written_folders())
        yield
