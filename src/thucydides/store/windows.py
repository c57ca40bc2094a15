"""A run's writes in short turns: the database is open for writing only while a batch commits.

`thucydides run` and `recode` write through StoreWindows instead of holding one Store for the whole
run, so readers (CLI, web UI, API) open the file read-only between commits and see the last
committed batch, and a run can start while the UI serves (store/locking.py has the protocol). Each
batch is still one transaction and a document counts as done only once committed, so a run killed
at any moment resumes cleanly, as before.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..errors import Codes, StoreError
from ..records import CleanDoc, DocResult, Reject
from .api import Store
from .identity import StoredVersion, stored_versions

# How long a run waits for readers to finish before its write turn (a download streaming a large
# export keeps the file open while it streams).
WRITE_WAIT_SECONDS = 300.0
# What this process's turns cost, for benchmarks/serve_under_load.py: write turns and read openings,
# seconds spent opening the file (waiting for readers or a write turn included), seconds holding write
# turns (what readers may wait for).
STATS = {"write_turns": 0, "reads": 0, "open_seconds": 0.0, "turn_seconds": 0.0}


class StoreWindows:
    """The parts of a Store a run uses, each opening the database for its own short turn.

    An in-memory database cannot be reopened, so it is held open throughout.
    """

    def __init__(self, path: str | Path, wait: float = WRITE_WAIT_SECONDS):
        self.path = str(path)
        self.wait = wait
        self._held = Store.open(self.path) if self.path == ":memory:" else None
        self._run_id: str | None = None
        self._finished = False

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store, writable, for one turn. A turn that fails leaves its run marked interrupted
        (Store.close); one that succeeds leaves it under way for the next turn."""
        if self._held is not None:
            yield self._held
            return
        started = time.perf_counter()
        store = Store.open(self.path, wait=self.wait)
        opened = time.perf_counter()
        try:
            if self._run_id is not None and not self._finished:
                store.attach_run(self._run_id)
            yield store
            store.detach_runs()
        finally:
            store.close()
            STATS["write_turns"] += 1
            STATS["open_seconds"] += opened - started
            STATS["turn_seconds"] += time.perf_counter() - opened

    @contextmanager
    def reading(self) -> Iterator[Store]:
        if self._held is not None:
            yield self._held
            return
        started = time.perf_counter()
        with Store.open(self.path, read_only=True, wait=self.wait) as store:
            STATS["reads"] += 1
            STATS["open_seconds"] += time.perf_counter() - started
            yield store

    # -------------------------------------------------------------- what a run calls

    def start_run(self, settings: dict, coder_version: str) -> str:
        """Start the run; THU-E301 while a run of another process writes the database: runs take
        turns with readers, not with each other (two runs could both code an id as free)."""
        with self.writing() as store:
            others = runs_elsewhere(store)
            if others:
                raise StoreError(Codes.E301, f"another `thucydides run` is writing this database ({others[0]}); "
                                             "try again when it finishes", self.path)
            self._run_id = store.start_run(settings, coder_version)
        return self._run_id

    def stored_versions(self, doc_ids: Sequence[str]) -> dict[str, StoredVersion]:
        """doc_id -> the stored version (identity.stored_versions), in one read turn."""
        if not doc_ids:
            return {}
        with self.reading() as store:
            return stored_versions(store.conn, doc_ids)

    def write_batch(self, results: Sequence[DocResult], rejects: Sequence[Reject], run_id: str) -> None:
        with self.writing() as store:
            store.write_batch(results, rejects, run_id)

    def finish_run(self, run_id: str, counts: dict) -> None:
        with self.writing() as store:
            store.finish_run(run_id, counts)
            self._finished = True

    def clean_docs(self, statuses: Sequence[str] = ("ok", "duplicate")) -> list[CleanDoc]:
        with self.reading() as store:
            return list(store.clean_docs(statuses=statuses))

    def close(self) -> None:
        """End the run: one still under way (an error, Ctrl+C) is marked interrupted."""
        if self._held is not None:
            self._held.close()
            self._held = None
            return
        if self._run_id is not None and not self._finished:
            self._finished = True
            try:
                store = Store.open(self.path, wait=self.wait)
            except StoreError:  # cannot reach it now: the next writer marks the run instead
                return
            store.attach_run(self._run_id)
            store.close()  # marks it interrupted


def runs_elsewhere(store: Store) -> list[str]:
    """Runs still "running" in other processes. Opening the store for writing has already marked
    the runs whose process is gone as interrupted, so these are under way."""
    rows = store.conn.execute("SELECT run_id, pid, host FROM runs WHERE status = 'running'").fetchall()
    here, me = socket.gethostname(), os.getpid()
    return [f"{run_id}, process {pid} on {host}" for run_id, pid, host in rows if not (host == here and pid == me)]
