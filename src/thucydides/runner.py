"""Running the pipeline into the store: `thucydides run` and `thucydides recode` as Python functions.

A document already stored with the same content hash and coder version is skipped, and results are
committed in batches (one transaction each), so a run killed at any moment resumes cleanly.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .clean import NearDuplicateIndex
from .pipeline import Pipeline
from .records import CleanDoc, DocResult, RawDoc, Reject
from .store import Store


@dataclass
class RunSummary:
    run_id: str = ""
    documents: int = 0
    coded: int = 0
    skipped_done: int = 0
    skipped_language: int = 0
    duplicates: int = 0
    rejected: int = 0
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
            "readings": self.readings,
            "seconds": round(self.seconds, 2),
        }


Progress = Callable[[RunSummary], None]


def _mark_duplicates(items: Iterable[RawDoc | Reject | CleanDoc], pipeline: Pipeline, published: str | None,
                     index: NearDuplicateIndex):
    """Clean here (not in the pipeline) so near-duplicates can be linked before coding."""
    for item in items:
        if isinstance(item, RawDoc):
            item = pipeline.clean(item, published)
        if isinstance(item, CleanDoc) and item.status == "ok":
            canonical = index.check_and_add(item)
            if canonical and canonical != item.doc_id:
                item.status = "duplicate"
                item.duplicate_of = canonical
        yield item


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
) -> RunSummary:
    pipeline = pipeline or Pipeline(model=model, dictionaries=dictionaries, settings_file=settings_file)
    summary = RunSummary()
    started = time.perf_counter()
    store = Store.open(db)
    try:
        run_id = store.start_run(
            {"paths": [str(p) for p in paths], "model": pipeline.model_name,
             "dictionaries": list(dictionaries), "published": published, "settings": pipeline.settings},
            pipeline.coder_version,
        )
        summary.run_id = run_id

        def fresh(items):
            for item in items:
                if isinstance(item, RawDoc) and store.is_done(item.doc_id, item.content_hash,
                                                              pipeline.coder_version):
                    summary.skipped_done += 1
                    continue
                yield item

        index = NearDuplicateIndex(threshold=float(pipeline.settings["clean"]["near_duplicate_threshold"]))
        stream = _mark_duplicates(fresh(pipeline.read([str(p) for p in paths])), pipeline, published, index)
        results: list[DocResult] = []
        rejects: list[Reject] = []

        def flush() -> None:
            if results or rejects:
                store.write_batch(results, rejects, run_id)
                results.clear()
                rejects.clear()
                if progress:
                    summary.seconds = time.perf_counter() - started
                    progress(summary)

        for item in pipeline.process(stream):
            summary.documents += 1
            if isinstance(item, Reject):
                summary.rejected += 1
                summary.rejects.append(item)
                rejects.append(item)
            else:
                _count(item, summary)
                results.append(item)
            if len(results) + len(rejects) >= pipeline.chunk_size:
                flush()
        flush()
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary.as_dict())
    finally:
        store.close()
    return summary


def _count(result: DocResult, summary: RunSummary) -> None:
    status = result.doc.status
    if status == "skipped":
        summary.skipped_language += 1
    elif status == "duplicate":
        summary.duplicates += 1
        summary.readings += len(result.readings)
    else:
        summary.coded += 1
        summary.readings += len(result.readings)


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
    """
    pipeline = pipeline or Pipeline(model=model, dictionaries=dictionaries)
    summary = RunSummary()
    started = time.perf_counter()
    store = Store.open(db)
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
                _count(item, summary)
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
