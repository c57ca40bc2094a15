"""What runs on a Dask worker: one Pipeline per process, and the task that codes one partition.

The spaCy model and the knowledge files are loaded on the worker, once per process, from the
settings the client sends (a few strings): never pickled from the client, which would ship a
gigabyte per task. `PipelineLoader` (a WorkerPlugin) starts loading them when a worker joins, so the
first partition does not pay for it, and the client asks every worker what it codes with before
the first task (engine.check_workers): a broken environment fails at start, not hours in.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from distributed import WorkerPlugin

from .. import __version__
from ..errors import Codes, ModelError
from ..pipeline import Pipeline
from ..records import RawDoc, Reject
from . import partitions as partitions_module
from .partitions import Partition
from .shards import ShardWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobConfig:
    """How every worker builds its Pipeline and codes: sent with each task (small, plain data)."""

    model: str | None = None
    dictionaries: tuple[str, ...] = ()
    settings_file: str | None = None
    published: str | None = None
    coder_version: str = ""  # what the workers must report; empty until the first one has
    settings_digest: str = ""

    @property
    def pipeline_key(self) -> tuple:
        return (self.model, self.dictionaries, self.settings_file)

    @property
    def fingerprint(self) -> str:
        """What makes two codings of the same input equal: names shards, so a re-run reuses them."""
        return json.dumps([self.coder_version, self.settings_digest, self.published, self.model])


def settings_digest(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()[:16]


_PIPELINES: dict[tuple, Pipeline] = {}
_LOADING = threading.Lock()  # one load per process, whether the plugin or a task asks first


def worker_pipeline(job: JobConfig) -> Pipeline:
    """This process's Pipeline for `job` (loaded on first use, then kept)."""
    with _LOADING:
        pipeline = _PIPELINES.get(job.pipeline_key)
        if pipeline is None:
            pipeline = Pipeline(model=job.model, dictionaries=job.dictionaries, settings_file=job.settings_file)
            _warm_up(pipeline)
            _PIPELINES[job.pipeline_key] = pipeline
    return pipeline


class PipelineLoader(WorkerPlugin):
    """Starts loading the Pipeline on every worker as it joins (now, or later: scaled up, restarted)."""

    name = "thucydides-pipeline"

    def __init__(self, job: JobConfig):
        self.job = job

    def setup(self, worker: Any) -> None:
        # In a thread, so the worker stays responsive (heartbeats, a cluster closing) while the model
        # loads; a task that comes first waits on the lock, and a load that fails is tried again by
        # the first task, which then reports the error.
        threading.Thread(target=self._load, name="thucydides-pipeline-load", daemon=True).start()

    def _load(self) -> None:
        try:
            worker_pipeline(self.job)
        except Exception:  # noqa: BLE001 - reported by the first task that needs the pipeline
            log.warning("loading the pipeline failed on this worker", exc_info=True)


WARM_UP_TEXT = ("MOSCOW, Aug. 11 -- Russia sent more troops to Georgia on Monday, the defence ministry in "
                "Moscow said, while the United Nations urged both sides to agree a ceasefire soon.")


def _warm_up(pipeline: Pipeline) -> None:
    """Code and serialise one short text, so the parts loaded on first use (the gazetteer, the
    language model, the date parser, the Parquet writer) load now: the first partition then costs
    what the others do, and the per-partition timings measure coding."""
    writer = ShardWriter(None, partition_key="warm-up", coder_version=pipeline.coder_version)
    writer.add(pipeline.code_text(WARM_UP_TEXT, doc_id="warm-up"))
    writer.close()


def describe_worker(job: JobConfig) -> dict[str, str]:
    """What a worker would code with: compared across workers and with the client's settings."""
    pipeline = worker_pipeline(job)
    return {
        "coder_version": pipeline.coder_version,
        "model": pipeline.model_name,
        "thucydides": __version__,
        "settings_digest": settings_digest(pipeline.settings),
        "host": socket.gethostname(),
    }


class DoneSet:
    """(doc_id, content_hash) pairs already in the store for this coder version, as sorted 16-byte
    digests: a million documents take 16 MB on each worker, sent once (broadcast) per run."""

    def __init__(self, digests: np.ndarray):
        self.digests = digests

    @staticmethod
    def digest(doc_id: str, content_hash: str) -> bytes:
        return hashlib.blake2b(f"{doc_id}\x00{content_hash}".encode("utf-8", "surrogatepass"), digest_size=16).digest()

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> DoneSet:
        digests = np.array(sorted(cls.digest(d, h) for d, h in pairs), dtype="S16")
        return cls(digests)

    def __len__(self) -> int:
        return len(self.digests)

    def __contains__(self, pair: tuple[str, str]) -> bool:
        key = np.array([self.digest(*pair)], dtype="S16")
        at = int(np.searchsorted(self.digests, key)[0])
        return at < len(self.digests) and self.digests[at] == key[0]


@dataclass
class ShardInfo:
    """What a task reports back: where its shard is (or its bytes), counts and timings."""

    index: int
    key: str
    path: str | None = None
    data: bytes | None = None
    records: int = 0
    skipped_done: int = 0
    seconds: float = 0.0  # the whole task on the worker
    write_seconds: float = 0.0  # of which turning records into Parquet
    worker: str = ""
    reused: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def code_partition(partition: Partition, job: JobConfig, done: DoneSet | None, target: str | None) -> ShardInfo:
    """Read, code and write one partition (the Dask task). `target`: the shard's path, or None to
    return the shard as bytes. Records already done are left out and counted."""
    started = time.perf_counter()
    pipeline = worker_pipeline(job)
    if job.coder_version and pipeline.coder_version != job.coder_version:
        raise ModelError(
            Codes.E201,
            f"this worker codes with {pipeline.coder_version}, the run with {job.coder_version}: install the "
            "same Thucydides version and dictionary files on every worker",
            socket.gethostname(),
        )
    if job.settings_digest and settings_digest(pipeline.settings) != job.settings_digest:
        raise ModelError(Codes.E201, "this worker reads other settings than the client: give --settings a file "
                                     "every worker can read", socket.gethostname())
    info = ShardInfo(partition.index, partition.key(job.fingerprint), path=target,
                     worker=f"{socket.gethostname()}:{os.getpid()}")
    max_bytes = int(pipeline.settings["pipeline"]["max_document_bytes"])

    def not_done(items: Iterable[RawDoc | Reject]) -> Iterator[RawDoc | Reject]:
        for item in items:
            if done is not None and isinstance(item, RawDoc) and (item.doc_id, item.content_hash) in done:
                info.skipped_done += 1
            else:
                yield item

    # looked up on the module at call time, so tests can slow one partition down on one worker
    records = partitions_module.read_partition(partition, max_bytes=max_bytes)
    writer = ShardWriter(target, partition_key=info.key, coder_version=pipeline.coder_version)
    try:
        for record in pipeline.process(not_done(records), job.published):
            write_started = time.perf_counter()
            writer.add(record)
            info.write_seconds += time.perf_counter() - write_started
        write_started = time.perf_counter()
        info.data = writer.close()
        info.write_seconds += time.perf_counter() - write_started
    except BaseException:
        writer.abort()
        raise
    info.records = writer.count
    info.seconds = time.perf_counter() - started
    return info


def shard_path(out_dir: str | Path, key: str) -> str:
    return str(Path(out_dir) / "shards" / f"{key}.parquet")
