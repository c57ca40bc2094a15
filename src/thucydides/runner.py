"""Running the pipeline into the store: `thucydides run` and `thucydides recode` as Python functions.

A document already stored with the same content hash and coder version is skipped, and results are
committed in batches (one transaction each), in input order, so a run killed at any moment resumes
cleanly. `store_run` is the part shared with the multi-process runner (`run_parallel` below, its
workers in parallel.py): it reads the inputs, skips what is done, links near-duplicates and writes;
only the coding step differs. The database is open for writing only while a batch commits
(store/windows.py), so readers see every committed batch and can read between commits.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import ingest
from .clean import NearDuplicateIndex
from .errors import Codes, StoreError, ThucydidesError
from .pipeline import Pipeline
from .records import DocResult, RawDoc, Reject
from .store.identity import StoredVersion
from .store.windows import StoreWindows

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    run_id: str = ""
    documents: int = 0
    coded: int = 0
    skipped_done: int = 0
    skipped_language: int = 0
    duplicates: int = 0
    rejected: int = 0
    renamed: int = 0  # records kept under a derived id: another record of different content held theirs
    readings: int = 0
    seconds: float = 0.0
    rejects: list[Reject] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "coded": self.coded,
            "already_done": self.skipped_done,
            "not_english": self.skipped_language,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "renamed": self.renamed,
            "readings": self.readings,
            "seconds": round(self.seconds, 2),
        }


Progress = Callable[[RunSummary], None]
# Turns a stream of inputs into results, one per input and in input order (Pipeline.process does).
Coder = Callable[[Iterable[RawDoc | Reject]], Iterator[DocResult | Reject]]

# How many inputs share one "already done?" query: one round trip per group instead of per document.
DONE_QUERY_GROUP = 64
# How much of a content hash a run remembers per document it has read, to tell repeats from reuses.
SEEN_HASH_CHARS = 16


def skip_done(items: Iterable[RawDoc | Reject], store: StoreWindows, coder_version: str,
              summary: RunSummary) -> Iterator[RawDoc | Reject]:
    """The inputs not yet committed with this content and coder version, in order (lazily, by group).

    A record whose id another stored (or earlier) record of different content holds keeps a derived
    id (`derived_id`), with a warning and a "renamed" reject row after it; the same content under the
    same id is done, whichever file it came from.
    """
    group: list[RawDoc | Reject] = []
    seen: dict[str, str] = {}  # this run's documents so far: kept id -> start of the content hash

    def release() -> Iterator[RawDoc | Reject]:
        docs = [i for i in group if isinstance(i, RawDoc)]
        stored = store.stored_versions([d.doc_id for d in docs]
                                       + [derived_id(d.doc_id, d.content_hash) for d in docs])
        for item in group:
            if not isinstance(item, RawDoc):
                yield item
                continue
            kept, note = _identify(item, stored, seen, coder_version)
            if kept is None:
                summary.skipped_done += 1
                continue
            seen[kept.doc_id] = kept.content_hash[:SEEN_HASH_CHARS]
            yield kept
            if note is not None:
                log.warning("%s: %s", note.path, note.message)
                yield note
        group.clear()

    for item in items:
        group.append(item)
        if len(group) >= DONE_QUERY_GROUP:
            yield from release()
    yield from release()


def derived_id(doc_id: str, content_hash: str) -> str:
    """The id a record keeps when another record of different content holds its own: id~hash."""
    return f"{doc_id}~{content_hash[:12]}"


def _identify(doc: RawDoc, stored: dict[str, StoredVersion], seen: dict[str, str],
              coder_version: str) -> tuple[RawDoc | None, Reject | None]:
    """(the document under the id it is kept by, or None when done; a "renamed" note or None).

    `seen` maps this run's ids so far to a prefix of their content hash (small: runs are long)."""
    own, alternative = doc.doc_id, derived_id(doc.doc_id, doc.content_hash)
    short = doc.content_hash[:SEEN_HASH_CHARS]
    for candidate in (own, alternative):
        if seen.get(candidate) == short:
            return None, None  # the same content twice in one run
        version = stored.get(candidate)
        if version is not None and version.content_hash == doc.content_hash:
            if version.coder_version == coder_version:
                return None, None
            if candidate == own:
                return doc, None
            break  # recoded under its derived id: the note is written again with it
    holder = stored.get(own)
    if own in seen:
        where = "an earlier record of this run"
    elif holder is not None and holder.path != doc.path:
        where = holder.path
    else:
        return doc, None  # a free id, or a new version of the same record
    note = Reject(doc.path, Codes.E113, f"record id {own!r} is already used by different content ({where}): "
                  f"kept as {alternative!r}", doc_id=alternative, status="renamed")
    return dataclasses.replace(doc, doc_id=alternative), note


def mark_duplicate(result: DocResult, index: NearDuplicateIndex) -> None:
    """Link a near-copy of an earlier document of this run to it (the first one seen is canonical).

    Done on results, after coding, so it runs in input order in the process that writes, whichever
    process coded the document; coding does not depend on it.
    """
    doc = result.doc
    if doc.status != "ok":
        return
    canonical = index.check_and_add(doc)
    if canonical and canonical != doc.doc_id:
        doc.status = "duplicate"
        doc.duplicate_of = canonical


def store_run(
    paths: Sequence[str | Path],
    db: str | Path,
    *,
    code: Coder,
    settings: dict[str, Any],
    coder_version: str,
    run_settings: dict[str, Any],
    progress: Progress | None = None,
) -> RunSummary:
    """Read `paths`, skip done documents, code the rest with `code`, write results in batches."""
    summary = RunSummary()
    started = time.perf_counter()
    chunk_size = int(settings["pipeline"]["docs_per_commit"])
    # Open for writing only while a batch commits: readers see each committed batch meanwhile.
    store = StoreWindows(db)
    try:
        run_id = store.start_run(run_settings, coder_version)
        summary.run_id = run_id
        inputs = ingest.read([str(p) for p in paths], max_bytes=int(settings["pipeline"]["max_document_bytes"]),
                             limits=ingest.Limits.from_settings(settings))
        index = NearDuplicateIndex(threshold=float(settings["clean"]["near_duplicate_threshold"]))
        results: list[DocResult] = []
        rejects: list[Reject] = []
        pending_ids: set[str] = set()

        def flush() -> None:
            if results or rejects:
                store.write_batch(results, rejects, run_id)
                results.clear()
                rejects.clear()
                pending_ids.clear()
                if progress:
                    summary.seconds = time.perf_counter() - started
                    progress(summary)

        for item in code(skip_done(inputs, store, coder_version, summary)):
            if isinstance(item, Reject) and item.status == "renamed":
                summary.renamed += 1  # a note about the document before it, not an input
                rejects.append(item)
                continue
            summary.documents += 1
            if isinstance(item, Reject):
                summary.rejected += 1
                summary.rejects.append(item)
                rejects.append(item)
            else:
                mark_duplicate(item, index)
                count_result(item, summary)
                # The same doc_id twice in one run (a file named twice, a feed repeating an id): the
                # later one replaces the earlier, as it would across batches; one batch holds one.
                if item.doc.doc_id in pending_ids:
                    flush()
                pending_ids.add(item.doc.doc_id)
                results.append(item)
            if len(results) + len(rejects) >= chunk_size:
                flush()
        flush()
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary.as_dict())
    finally:
        store.close()
    return summary


def run(
    paths: Sequence[str | Path],
    db: str | Path = "thucydides.duckdb",
    *,
    pipeline: Pipeline | None = None,
    model: str | None = None,
    dictionaries: Sequence[str] = (),
    published: str | None = None,
    settings_file: str | None = None,
    progress: Progress | None = None,
    workers: int = 1,
) -> RunSummary:
    """Process files and folders into the store: in this process, or with `workers` > 1 in that
    many worker processes (`run_parallel`), with the same results."""
    if workers > 1:
        if pipeline is not None:
            raise ThucydidesError(Codes.E403, "a Pipeline object runs in this process only: give the model, "
                                              "dictionaries and settings file instead when workers > 1")
        return run_parallel(paths, db, workers=workers, model=model, dictionaries=dictionaries,
                            published=published, settings_file=settings_file, progress=progress)
    pipeline = pipeline or Pipeline(model=model, dictionaries=dictionaries, settings_file=settings_file)
    return store_run(
        paths, db,
        code=lambda items: pipeline.process(items, published),
        settings=pipeline.settings,
        coder_version=pipeline.coder_version,
        run_settings=run_record(paths, pipeline.model_name, dictionaries, published, pipeline.settings),
        progress=progress,
    )


def run_record(paths: Sequence[str | Path], model_name: str, dictionaries: Sequence[str],
               published: str | None, settings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """What the runs table records about a run's configuration."""
    return {"paths": [str(p) for p in paths], "model": model_name, "dictionaries": list(dictionaries),
            "published": published, "settings": settings, **extra}


def count_result(result: DocResult, summary: RunSummary) -> None:
    """Add one result to the summary's counts (coded, duplicates, not English, readings)."""
    status = result.doc.status
    if status == "skipped":
        summary.skipped_language += 1
    elif status == "duplicate":
        summary.duplicates += 1
        summary.readings += len(result.readings)
    else:
        summary.coded += 1
        summary.readings += len(result.readings)


_count = count_result  # the name distributed/engine.py imports


def recode(
    db: str | Path,
    *,
    pipeline: Pipeline | None = None,
    model: str | None = None,
    dictionaries: Sequence[str] = (),
    progress: Progress | None = None,
) -> RunSummary:
    """Re-run annotation and coding over stored clean documents with the current dictionaries.

    Results carry the new coder version; the old ones stay in the store, distinguishable by theirs.
    A missing database is THU-E303 (before the model loads), never a new empty one.
    """
    if str(db) != ":memory:" and not Path(db).exists():
        raise StoreError(Codes.E303, "database file not found (recode works on a database `run` wrote)", str(db))
    pipeline = pipeline or Pipeline(model=model, dictionaries=dictionaries)
    summary = RunSummary()
    started = time.perf_counter()
    store = StoreWindows(db)
    try:
        run_id = store.start_run({"recode": True, "dictionaries": list(dictionaries)}, pipeline.coder_version)
        docs = [d for d in store.clean_docs() if d.status in ("ok", "duplicate")]
        batch: list[DocResult] = []
        rejects: list[Reject] = []
        for item in pipeline.process(docs):
            summary.documents += 1
            if isinstance(item, Reject):
                summary.rejected += 1
                rejects.append(item)
            else:
                count_result(item, summary)
                batch.append(item)
            if len(batch) + len(rejects) >= pipeline.chunk_size:
                store.write_batch(batch, rejects, run_id)
                batch, rejects = [], []
                if progress:
                    progress(summary)
        if batch or rejects:
            store.write_batch(batch, rejects, run_id)
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary.as_dict())
    finally:
        store.close()
    return summary


def print_progress(summary: RunSummary) -> None:
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    print(
        f"\r{summary.documents} documents ({summary.coded} coded, {summary.rejected} rejected, "
        f"{summary.skipped_done} already done) {summary.readings} readings  {rate:.1f} docs/s",
        end="",
        file=sys.stderr,
        flush=True,
    )


def run_parallel(
    paths: Sequence[str | Path],
    db: str | Path = "thucydides.duckdb",
    *,
    workers: int = 2,
    model: str | None = None,
    dictionaries: Sequence[str] = (),
    published: str | None = None,
    settings_file: str | None = None,
    progress: Progress | None = None,
    docs_per_task: int | None = None,
    pipeline_factory=None,
) -> RunSummary:
    """`runner.run` with the pipeline in `workers` processes: same documents, readings and store rows.

    `pipeline_factory` (a top-level callable taking model, dictionaries and settings_file) replaces
    the Pipeline class in the workers.
    """
    from .parallel import DOCS_PER_TASK, WorkerConfig, WorkerPool  # worker processes never import the store
    from .settings import load_settings

    settings = load_settings(settings_file)
    config = WorkerConfig(model=model, dictionaries=tuple(str(d) for d in dictionaries),
                          settings_file=settings_file, published=published, factory=pipeline_factory)
    with WorkerPool(workers, config, docs_per_task=docs_per_task or DOCS_PER_TASK) as pool:
        coder_version, model_name = pool.describe()
        return store_run(
            paths, db,
            code=pool.code,
            settings=settings,
            coder_version=coder_version,
            run_settings=run_record(paths, model_name, dictionaries, published, settings, workers=workers),
            progress=progress,
        )
