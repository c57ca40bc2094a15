"""`thucydides run --workers N`: the pipeline in N worker processes, the store written by this one.

    from thucydides.runner import run_parallel
    summary = run_parallel(["news/"], "news.duckdb", workers=4)

Each worker loads the spaCy model and the knowledge files once (processes are started with
forkserver where the platform has it, else spawn, so no half-initialised state is inherited), then
cleans, parses and codes small tasks of documents. This process reads the inputs as a stream, skips
documents already done, keeps a bounded number of tasks in flight (memory does not grow with the
corpus), takes results back in input order, links near-duplicates and writes batches to the store:
DuckDB has a single writer, and writing in input order keeps a killed run resumable exactly like a
single-process one (runner.store_run is shared by both).

A document that raises is rejected by the worker's pipeline (THU-E130) and the batch goes on; a
document that kills its worker outright (a crash in native code, the kernel's out-of-memory killer)
is found by re-running its task one document at a time in a fresh pool, and rejected alone.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from . import errors
from .errors import Codes, ThucydidesError
from .records import DocResult, RawDoc, Reject

log = logging.getLogger(__name__)

# A task is a few documents: enough to fill spaCy batches and amortise the hand-over, few enough
# that N workers finish together at the end of a run and that results come back in small steps.
DOCS_PER_TASK = 16
CHARS_PER_TASK = 400_000  # a few very large pages make a task of their own
TASKS_IN_FLIGHT_PER_WORKER = 4  # results return in order: a slow task must not leave the others idle

Task = list[RawDoc | Reject]
PipelineFactory = Callable[..., Any]


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker needs to build its pipeline (sent once, at start-up)."""

    model: str | None = None
    dictionaries: tuple[str, ...] = ()
    settings_file: str | None = None
    published: str | None = None
    factory: PipelineFactory | None = None  # a top-level callable returning a Pipeline (tests)


# ---------------------------------------------------------------------- inside a worker

_pipeline: Any = None
_startup_error: tuple[str, str, str, str | None] | None = None
_published: str | None = None
_all_started: Any = None  # a Barrier the N workers meet at once loaded (see WorkerPool.describe)

# How long the workers wait for each other to load the model before going on anyway.
STARTUP_TIMEOUT_S = 300


def _start_worker(config: WorkerConfig, all_started: Any) -> None:
    """Load the pipeline once per process; a failure is kept and reported by the first task."""
    global _pipeline, _startup_error, _published, _all_started
    _all_started = all_started
    # Ctrl-C goes to the whole process group: the parent handles it and shuts the workers down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _published = config.published
    try:
        if config.factory is not None:
            _pipeline = config.factory(model=config.model, dictionaries=config.dictionaries,
                                       settings_file=config.settings_file)
        else:
            from .pipeline import Pipeline

            _pipeline = Pipeline(model=config.model, dictionaries=config.dictionaries,
                                 settings_file=config.settings_file)
    except ThucydidesError as exc:
        _startup_error = (type(exc).__name__, exc.code, exc.message, exc.path)


def _check_started() -> None:
    if _startup_error is not None:
        raise RemoteError(*_startup_error)


def _describe() -> tuple[str, str]:
    """The worker's coder version and model name (the parent records them on the run).

    Each worker waits here until all have loaded: a waiting worker takes no other task, so the N
    calls WorkerPool.describe makes reach N different workers and return once every one is ready.
    """
    _check_started()
    try:
        _all_started.wait(STARTUP_TIMEOUT_S)
    except threading.BrokenBarrierError:
        pass  # a worker died or is very slow to load: go on with the ones ready
    return _pipeline.coder_version, _pipeline.model_name


def _code_task(task: Task) -> list[DocResult | Reject]:
    _check_started()
    try:
        return list(_pipeline.process(task, _published))
    except ThucydidesError as exc:
        raise RemoteError(type(exc).__name__, exc.code, exc.message, exc.path) from None


class RemoteError(Exception):
    """A ThucydidesError raised in a worker, in a form that pickles (theirs take other arguments)."""

    def __init__(self, kind: str, code: str, message: str, path: str | None):
        super().__init__(kind, code, message, path)
        self.kind, self.code, self.message, self.path = kind, code, message, path

    def rebuild(self) -> ThucydidesError:
        """The original error class with its code, message and path."""
        cls = getattr(errors, self.kind, ThucydidesError)
        if not (isinstance(cls, type) and issubclass(cls, ThucydidesError)):
            cls = ThucydidesError
        error = cls.__new__(cls)
        ThucydidesError.__init__(error, self.code, self.message, self.path)
        return error


# ---------------------------------------------------------------------- in the parent


def tasks_of(items: Iterable[RawDoc | Reject], docs_per_task: int = DOCS_PER_TASK,
             chars_per_task: int = CHARS_PER_TASK) -> Iterator[Task]:
    """Group the input stream into tasks, in order (rejects from reading travel with their neighbours)."""
    task: Task = []
    chars = 0
    for item in items:
        task.append(item)
        if isinstance(item, RawDoc):
            chars += len(item.text or "") + len(item.html or "")
        if len(task) >= docs_per_task or chars >= chars_per_task:
            yield task
            task, chars = [], 0
    if task:
        yield task


class WorkerPool:
    """N worker processes, each with its own pipeline; `code` maps an input stream to results in order."""

    def __init__(self, workers: int, config: WorkerConfig, *, docs_per_task: int = DOCS_PER_TASK):
        if workers < 1:
            raise ThucydidesError(Codes.E403, f"workers must be at least 1, got {workers}")
        self.workers = workers
        self.config = config
        self.docs_per_task = docs_per_task
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=self._context, initializer=_start_worker,
                initargs=(self.config, self._context.Barrier(self.workers)))
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _restart(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def describe(self) -> tuple[str, str]:
        """Start every worker and wait until each has loaded its pipeline; their (coder_version,
        model_name). Raises a worker's start-up error (a model not installed, a bad dictionary)."""
        try:
            pool = self._pool()
            answers = [future.result() for future in [pool.submit(_describe) for _ in range(self.workers)]]
            return answers[0]
        except RemoteError as exc:
            raise exc.rebuild() from None
        except BrokenProcessPool as exc:
            raise ThucydidesError(Codes.E201, f"a worker process died while loading the pipeline: {exc}") from None

    def code(self, items: Iterable[RawDoc | Reject]) -> Iterator[DocResult | Reject]:
        """Results for `items`, one per item, in input order; at most workers x TASKS_IN_FLIGHT_PER_WORKER
        tasks in flight."""
        in_flight: deque[tuple[Task, Future]] = deque()
        limit = self.workers * TASKS_IN_FLIGHT_PER_WORKER
        tasks = tasks_of(items, self.docs_per_task)
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < limit:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                else:
                    in_flight.append((task, self._submit(task)))
            if not in_flight:
                return
            task, future = in_flight.popleft()
            try:
                yield from future.result()
            except RemoteError as exc:
                raise exc.rebuild() from None
            except BrokenProcessPool:
                # Some document killed a worker; every task still queued failed with it. Re-run them
                # one document at a time in fresh pools so only the culprit is rejected.
                retry = [task] + [queued for queued, _ in in_flight]
                in_flight.clear()
                self._restart()
                for queued in retry:
                    for item in queued:
                        yield from self._code_alone(item)

    def _submit(self, task: Task) -> Future:
        try:
            return self._pool().submit(_code_task, task)
        except BrokenProcessPool:
            self._restart()
            return self._pool().submit(_code_task, task)

    def _code_alone(self, item: RawDoc | Reject) -> list[DocResult | Reject]:
        if isinstance(item, Reject):
            return [item]
        try:
            return self._submit([item]).result()
        except RemoteError as exc:
            raise exc.rebuild() from None
        except BrokenProcessPool:
            self._restart()
            log.warning("a worker process died on %s; rejected", item.path)
            return [Reject(path=item.path, code=Codes.E130, doc_id=item.doc_id,
                           message="pipeline failed on this document: its worker process died "
                                   "(a crash in native code or out of memory)")]
