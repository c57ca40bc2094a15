"""`thucydides run --engine dask`: partitions coded on a Dask cluster, shards merged into the store.

    plan (client) -> code_partition (workers, one task per partition) -> shard -> merge (client)

The merge takes shards in input order, whatever order they finish in, and does what the
single-process run does between coding and writing (skip documents already done, link
near-duplicates, write batches of `docs_per_commit`), so both paths leave the same documents and
events in the store. A worker that dies mid-partition loses nothing: Dask runs the task again
elsewhere and the shard it writes replaces the half-written one, which never became visible.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import Client, as_completed

from ..clean import NearDuplicateIndex
from ..errors import Codes, ModelError, StoreError
from ..records import DocResult, Reject
from ..runner import RunSummary, mark_duplicate, print_progress, run_record
from ..runner import _count as count_result
from ..settings import ENV_VAR, load_settings
from ..store import Store
from .cluster import dashboard_line, open_client
from .partitions import (
    DEFAULT_FILES_PER_PARTITION,
    DEFAULT_PARTITION_BYTES,
    Partition,
    Unit,
    describe,
    plan_partitions,
)
from .shards import read_shard, shard_metadata
from .worker import (
    DoneSet,
    JobConfig,
    PipelineLoader,
    ShardInfo,
    code_partition,
    describe_worker,
    settings_digest,
    shard_path,
)

log = logging.getLogger(__name__)
MANIFEST = "manifest.json"
PARTITIONS_PER_WORKER = 4


@dataclass
class DaskRunSummary(RunSummary):
    """A RunSummary with the cluster's side of the run."""

    partitions: int = 0
    partitions_done: int = 0
    partitions_failed: int = 0
    shards_reused: int = 0
    startup_seconds: float = 0.0  # cluster start and model loading, before `seconds` starts
    merge_seconds: float = 0.0
    dashboard: str = ""
    partition_log: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**super().as_dict(), "partitions": self.partitions, "partitions_failed": self.partitions_failed,
                "shards_reused": self.shards_reused}


Progress = Callable[[RunSummary], None]


def print_partition_progress(summary: RunSummary) -> None:
    """One status line, rewritten after each partition is merged."""
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    parts = (f"partition {summary.partitions_done}/{summary.partitions}, "
             if isinstance(summary, DaskRunSummary) else "")
    print(f"\r{parts}{summary.documents} documents ({summary.coded} coded, {summary.rejected} rejected, "
          f"{summary.skipped_done} already done) {summary.readings} readings  {rate:.1f} docs/s",
          end="", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ the merge


class StoreMerger:
    """Feeds partitions' records to the store in input order, as `runner.store_run` feeds its own."""

    def __init__(self, store: Store, run_id: str, coder_version: str, settings: dict[str, Any],
                 summary: DaskRunSummary):
        self.store = store
        self.run_id = run_id
        self.coder_version = coder_version
        self.summary = summary
        self.chunk_size = int(settings["pipeline"]["docs_per_commit"])
        self.index = NearDuplicateIndex(threshold=float(settings["clean"]["near_duplicate_threshold"]))
        self.results: list[DocResult] = []
        self.rejects: list[Reject] = []
        self.pending_ids: set[str] = set()

    def merge(self, partition: Partition, outcome: ShardInfo | BaseException | None) -> None:
        """One partition: its shard, the input it could not open, or the error that stopped it."""
        started = time.perf_counter()
        if partition.reject is not None:
            self.add_records([partition.reject])
        elif isinstance(outcome, ShardInfo):
            self.summary.skipped_done += outcome.skipped_done
            for records in read_shard(outcome.data if outcome.data is not None else outcome.path):
                self.add_records(records)
        else:
            self.summary.partitions_failed += 1
            self.add_records(failure_rejects(partition, outcome))
        # No commit at a partition's end: batches stay `docs_per_commit` long whatever the partition
        # size (one transaction per tiny partition would cost more than coding it).
        self.summary.merge_seconds += time.perf_counter() - started

    def add_records(self, records: Sequence[DocResult | Reject]) -> None:
        done = self.store.done_ids([(r.doc.doc_id, r.doc.content_hash) for r in records if isinstance(r, DocResult)],
                                   self.coder_version)
        for record in records:
            if isinstance(record, DocResult) and record.doc.doc_id in done:
                self.summary.skipped_done += 1
                continue
            self.summary.documents += 1
            if isinstance(record, Reject):
                self.summary.rejected += 1
                self.summary.rejects.append(record)
                self.rejects.append(record)
            else:
                mark_duplicate(record, self.index)
                count_result(record, self.summary)
                if record.doc.doc_id in self.pending_ids:  # one batch holds a doc_id once (see store_run)
                    self.flush()
                self.pending_ids.add(record.doc.doc_id)
                self.results.append(record)
            if len(self.results) + len(self.rejects) >= self.chunk_size:
                self.flush()

    def finish(self) -> None:
        started = time.perf_counter()
        self.flush()
        self.summary.merge_seconds += time.perf_counter() - started

    def flush(self) -> None:
        if self.results or self.rejects:
            self.store.write_batch(self.results, self.rejects, self.run_id)
            self.results.clear()
            self.rejects.clear()
            self.pending_ids.clear()


def failure_rejects(partition: Partition, error: BaseException | None) -> list[Reject]:
    """THU-E130 for every input of a partition the cluster could not code (after Dask's retries)."""
    reason = f"{type(error).__name__}: {error}" if error is not None else "no shard was written for it"
    return [Reject(unit.label, Codes.E130, f"partition {partition.index} failed on the cluster ({reason}); "
                                          "run again to retry it") for unit in partition.units]


# ------------------------------------------------------------------ running


def run_dask(
    paths: Sequence[str | Path],
    db: str | Path = "thucydides.duckdb",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    cluster: Any = None,
    out_dir: str | Path | None = None,
    model: str | None = None,
    dictionaries: Sequence[str] = (),
    published: str | None = None,
    settings_file: str | None = None,
    progress: Progress | None = None,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    merge: bool = True,
) -> DaskRunSummary:
    """Code `paths` on a Dask cluster and merge the results into `db`.

    The cluster is `cluster` (a Dask cluster object), else the scheduler at `scheduler` (address or
    scheduler file), else a LocalCluster of `workers` processes on this machine. With `out_dir`,
    shards are written to `out_dir`/shards (a folder workers and this machine share): a run started
    again reuses the shards already there, and `merge=False` leaves the merge to `merge_shards`.
    Without it, shards travel back to this process as bytes.
    """
    if not merge and out_dir is None:
        raise StoreError(Codes.E403, "merge=False needs out_dir: the shards are what is left to merge")
    if progress is print_progress:  # the CLI's line, with the partition count added
        progress = print_partition_progress
    clock = time.perf_counter()
    settings_file = settings_file or os.environ.get(ENV_VAR) or None
    settings = load_settings(settings_file)
    job = JobConfig(
        model=model,
        # workers may start in another folder: they open the client's files by absolute path
        dictionaries=tuple(os.path.abspath(d) for d in dictionaries),
        settings_file=os.path.abspath(settings_file) if settings_file else None,
        published=published,
        settings_digest=settings_digest(settings),
    )
    # opened first: a database another run is writing fails the run before a cluster starts
    store = Store.open(db) if merge else None
    try:
        with open_client(workers=workers, scheduler=scheduler, cluster=cluster) as client:
            dashboard = dashboard_line(client)
            log.info(dashboard)
            if progress is not None:
                print(dashboard, file=sys.stderr, flush=True)
            client.register_plugin(PipelineLoader(job))
            identity = check_workers(client, job)
            job = dataclasses.replace(job, coder_version=identity["coder_version"])
            # a few partitions per worker at least, so a small corpus keeps every worker busy
            slots = max(1, sum(client.nthreads().values()))
            partitions = plan_partitions(paths, partition_bytes=partition_bytes,
                                         files_per_partition=files_per_partition,
                                         min_partitions=PARTITIONS_PER_WORKER * slots)
            summary = DaskRunSummary(partitions=len(partitions), dashboard=dashboard)
            log.info("planned %s", describe(partitions))
            record = run_record(paths, identity["model"], list(dictionaries), published, settings, engine="dask",
                                partitions=len(partitions), scheduler=scheduler or ("given" if cluster else "local"),
                                out_dir=str(out_dir) if out_dir else None)
            if out_dir is not None:
                write_manifest(out_dir, partitions, job, record)
            summary.startup_seconds = time.perf_counter() - clock
            if store is None:
                done = _done_set_of(db, job.coder_version)
                _code_all(client, partitions, job, done, out_dir, summary, progress, merger=None)
                return summary
            summary.run_id = store.start_run(record, job.coder_version)
            merger = StoreMerger(store, summary.run_id, job.coder_version, settings, summary)
            _code_all(client, partitions, job, _done_set(store, job.coder_version), out_dir, summary, progress,
                      merger)
            store.finish_run(summary.run_id, summary.as_dict())
    finally:
        if store is not None:
            store.close()
    return summary


def check_workers(client: Client, job: JobConfig) -> dict[str, str]:
    """Every worker must code as the others do, with the settings this machine reads (THU-E201).

    Asked with one task per worker (not `client.run`, which would stall a worker's event loop while
    its model loads); waits for a first worker to join (a SLURM job may queue a while).
    """
    client.wait_for_workers(1)
    futures = {address: client.submit(describe_worker, job, workers=[address], allow_other_workers=True,
                                      pure=False, key=f"describe_worker-{uuid.uuid4().hex[:8]}")
               for address in client.scheduler_info()["workers"]}
    reports = {address: future.result() for address, future in futures.items()}
    first = next(iter(reports.values()))
    for address, report in reports.items():
        if report["coder_version"] != first["coder_version"] or report["model"] != first["model"]:
            raise ModelError(Codes.E201, f"workers differ: {address} codes with {report['coder_version']} "
                                         f"({report['model']}), another with {first['coder_version']} "
                                         f"({first['model']}); install the same environment everywhere")
        if report["settings_digest"] != job.settings_digest:
            raise ModelError(Codes.E201, f"worker {address} reads other settings than this machine: give "
                                         "--settings a file the workers can read (THUCYDIDES_SETTINGS is "
                                         "not passed on)")
    return first


def _done_set(store: Store, coder_version: str) -> DoneSet | None:
    quoted = coder_version.replace("'", "''")
    table = store.sql(f"SELECT doc_id, content_hash FROM documents WHERE coder_version = '{quoted}'")
    if not table.num_rows:
        return None
    return DoneSet.from_pairs(zip(table.column("doc_id").to_pylist(), table.column("content_hash").to_pylist(),
                                  strict=True))


def _done_set_of(db: str | Path, coder_version: str) -> DoneSet | None:
    if not Path(db).exists():
        return None
    with Store.open(db, read_only=True) as store:
        return _done_set(store, coder_version)


def _code_all(client: Client, partitions: list[Partition], job: JobConfig, done: DoneSet | None,
              out_dir: str | Path | None, summary: DaskRunSummary, progress: Progress | None,
              merger: StoreMerger | None) -> None:
    """Submit every partition not already coded; merge each as soon as all before it are merged."""
    started = time.perf_counter()
    run_token = uuid.uuid4().hex[:8]  # task keys unique per run: a key still known would return old results
    done_future = client.scatter(done, broadcast=True) if done is not None else None
    ready: dict[int, ShardInfo | BaseException | None] = {}
    futures = {}
    submitted_at: dict[int, float] = {}
    for partition in partitions:
        target = shard_path(out_dir, partition.key(job.fingerprint)) if out_dir is not None else None
        if partition.reject is not None:
            ready[partition.index] = None
        elif target is not None and _reusable(target, partition, job):
            ready[partition.index] = ShardInfo(partition.index, partition.key(job.fingerprint), path=target,
                                               reused=True)
            summary.shards_reused += 1
        else:
            future = client.submit(code_partition, partition, job, done_future, target, pure=False, retries=1,
                                   key=f"code_partition-{partition.index:06d}-{run_token}",
                                   priority=-partition.index)
            futures[future] = partition
            submitted_at[partition.index] = time.perf_counter()
    next_index = 0

    def merge_ready() -> None:
        nonlocal next_index
        while next_index in ready:
            partition, outcome = partitions[next_index], ready.pop(next_index)
            if merger is not None:
                merger.merge(partition, outcome)
            elif isinstance(outcome, ShardInfo):
                summary.skipped_done += outcome.skipped_done
            else:
                summary.partitions_failed += partition.reject is None
            summary.partitions_done += 1
            summary.seconds = time.perf_counter() - started
            _log_partition(summary, partition, outcome)
            if progress is not None:
                progress(summary)
            next_index += 1

    merge_ready()
    for future in as_completed(list(futures)):
        partition = futures.pop(future)
        try:
            outcome: ShardInfo | BaseException = future.result()
            outcome.extra["wall_seconds"] = time.perf_counter() - submitted_at[partition.index]
        except Exception as error:  # noqa: BLE001 - KilledWorker after retries, a worker's error: a reject
            log.warning("partition %d (%s) failed: %s", partition.index, partition.label, error)
            outcome = error
        future.release()
        ready[partition.index] = outcome
        merge_ready()
    if merger is not None:
        merger.finish()
    if out_dir is not None:  # left by workers killed while writing (their tasks ran again)
        for leftover in (Path(out_dir) / "shards").glob("*.tmp"):
            leftover.unlink(missing_ok=True)
    summary.seconds = time.perf_counter() - started


def _log_partition(summary: DaskRunSummary, partition: Partition, outcome: Any) -> None:
    entry: dict[str, Any] = {"index": partition.index, "label": partition.label, "bytes": partition.nbytes}
    if isinstance(outcome, ShardInfo):
        entry.update(records=outcome.records, seconds=round(outcome.seconds, 3), reused=outcome.reused,
                     write_seconds=round(outcome.write_seconds, 3), worker=outcome.worker,
                     wall_seconds=round(outcome.extra.get("wall_seconds", 0.0), 3))
    elif isinstance(outcome, BaseException):
        entry["error"] = f"{type(outcome).__name__}: {outcome}"
    summary.partition_log.append(entry)
    log.info("partition %d/%d %s: %s", summary.partitions_done, summary.partitions, partition.label, entry)


def _reusable(target: str, partition: Partition, job: JobConfig) -> bool:
    """A shard from an earlier run of the same inputs, coded the same way."""
    if not os.path.exists(target):
        return False
    try:
        meta = shard_metadata(target)
    except StoreError:
        return False
    return meta.get("partition") == partition.key(job.fingerprint) and meta.get("coder_version") == job.coder_version


# ------------------------------------------------------------------ shards folder


def write_manifest(out_dir: str | Path, partitions: list[Partition], job: JobConfig, record: dict[str, Any]) -> None:
    """What `merge_shards` needs to merge the folder alone: the partitions in order, their shards."""
    folder = Path(out_dir)
    (folder / "shards").mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": 1,
        "coder_version": job.coder_version,
        "job": dataclasses.asdict(job),
        "run": record,
        "partitions": [
            {"index": p.index, "key": p.key(job.fingerprint), "cwd": p.cwd,
             "units": [dataclasses.asdict(u) for u in p.units],
             "reject": dataclasses.asdict(p.reject) if p.reject else None}
            for p in partitions
        ],
    }
    temp = folder / f"{MANIFEST}.tmp"
    temp.write_text(json.dumps(manifest, default=str, indent=1), encoding="utf-8")
    os.replace(temp, folder / MANIFEST)


def merge_shards(out_dir: str | Path, db: str | Path = "thucydides.duckdb", *,
                 progress: Progress | None = None) -> DaskRunSummary:
    """Merge a shards folder (a `run_dask(..., merge=False)`, or a run whose client stopped) into `db`.

    Idempotent: documents already in the store with the same content and coder version are skipped,
    so merging twice adds nothing. A partition without a shard is recorded as a reject (THU-E130).
    """
    folder = Path(out_dir)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(Codes.E303, f"not a shards folder (no readable {MANIFEST}): {exc}", str(folder)) from exc
    coder_version = manifest["coder_version"]
    settings = manifest["run"]["settings"]
    partitions = [
        Partition(p["index"], tuple(Unit(**u) for u in p["units"]),
                  Reject(**p["reject"]) if p["reject"] else None, cwd=p["cwd"])
        for p in manifest["partitions"]
    ]
    summary = DaskRunSummary(partitions=len(partitions))
    started = time.perf_counter()
    with Store.open(db) as store:
        run_id = store.start_run({**manifest["run"], "merged_from": str(folder)}, coder_version)
        summary.run_id = run_id
        merger = StoreMerger(store, run_id, coder_version, settings, summary)
        for partition, entry in zip(partitions, manifest["partitions"], strict=True):
            target = shard_path(folder, entry["key"])
            outcome = None
            if partition.reject is None and os.path.exists(target):
                meta = shard_metadata(target)
                if meta.get("coder_version") == coder_version:
                    outcome = ShardInfo(partition.index, entry["key"], path=target, reused=True)
            merger.merge(partition, outcome)
            summary.partitions_done += 1
            summary.seconds = time.perf_counter() - started
            if progress is not None:
                progress(summary)
        merger.finish()
        store.finish_run(run_id, summary.as_dict())
    return summary
