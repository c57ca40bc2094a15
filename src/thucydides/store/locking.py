"""Taking turns on one database file: short write turns for the one writing process, readers between them.

DuckDB lets one process write a file and, while it does, no other process open it at all; a process
that reads it blocks every writer. So `thucydides run` opens the database for writing only while a
batch commits (a *write turn*), and readers (CLI, web UI, API) open it read-only per command or
request, between turns. Two locks keep them from starving each other:

- the turnstile, an advisory `flock` on the file `<database>.lock` beside the database: a writer holds
  it exclusively for its whole turn; a reader takes it shared for an instant before opening the
  database, so no new reader starts while a writer waits, and readers already reading finish;
- DuckDB's own file lock, which the writer then retries until those readers have closed.

A reader that finds a turn in progress waits for it (up to its `wait`), then reads the last committed
state; nothing ever reads a half-written batch. `flock` locks belong to the open file, so a process
killed in a turn releases it at once. Where the lock file cannot be made (a read-only folder) or
flock does not exist, DuckDB's lock alone decides, with the same retries.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: DuckDB's own lock and retries only
    fcntl = None  # type: ignore[assignment]

# How long a reader waits by default for a write turn to end (a turn is one batch commit: normally
# well under a second) before it reports the database busy (THU-E301).
READ_WAIT_SECONDS = 10.0
# Between attempts to take a lock that is held.
POLL_SECONDS = 0.01

_held: dict[str, int] = {}  # write turns this process holds, by lock path
_held_guard = threading.Lock()


def lock_path(db: str | Path) -> str:
    return str(db) + ".lock"


def _key(db: str | Path) -> str:
    return os.path.realpath(lock_path(db))


def held_here(db: str | Path) -> bool:
    """True while this process holds a write turn on `db` (a reader here would wait for itself)."""
    with _held_guard:
        return _held.get(_key(db), 0) > 0


def _flock(fd: int, mode: int, deadline: float) -> bool:
    """Take `mode` on fd, polling until `deadline` (time.monotonic()); False when it stayed held."""
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)


class WriteTurn:
    """An exclusive write turn on a database file; release() (or the process ending) ends it."""

    def __init__(self, db: str | Path, fd: int | None):
        self.db = str(db)
        self._fd = fd
        self._key = _key(db)
        with _held_guard:
            _held[self._key] = _held.get(self._key, 0) + 1

    def release(self) -> None:
        if self._fd is None and self._key is None:
            return
        with _held_guard:
            left = _held.get(self._key, 0) - 1
            if left > 0:
                _held[self._key] = left
            else:
                _held.pop(self._key, None)
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
        self._fd = None
        self._key = None  # type: ignore[assignment]


def take_write_turn(db: str | Path, wait: float = 0.0) -> WriteTurn | None:
    """Wait up to `wait` seconds for the turnstile of `db`; None when another writer kept it.

    Without flock, or where the lock file cannot be created, the turn holds no file lock (DuckDB's
    lock still refuses a second writer).
    """
    if fcntl is None or held_here(db):  # a second writer Store of this process shares its turn,
        return WriteTurn(db, None)       # as it shares DuckDB's database instance
    try:
        fd = os.open(lock_path(db), os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        return WriteTurn(db, None)
    if not _flock(fd, fcntl.LOCK_EX, time.monotonic() + wait):
        os.close(fd)
        return None
    return WriteTurn(db, fd)


def wait_for_read_turn(db: str | Path, deadline: float) -> bool:
    """Wait (until `deadline`, time.monotonic()) while a writer holds its turn on `db`; True once
    none does. Readers never create the lock file: without one, no writer is taking turns."""
    if fcntl is None or held_here(db):
        return True
    try:
        fd = os.open(lock_path(db), os.O_RDONLY)
    except OSError:
        return True
    try:
        if not _flock(fd, fcntl.LOCK_SH, deadline):
            return False
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)
