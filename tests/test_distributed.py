"""The Dask engine: partitions read like ingest, shards round-trip, merges are idempotent, and a run on a
LocalCluster (two worker processes) leaves the store exactly as the single-process run does, even when
a worker is killed mid-partition."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from thucydides import ingest
from thucydides.distributed import (
    decode_record,
    encode_record,
    load_jobqueue_config,
    merge_shards,
    plan_partitions,
    read_partition,
    read_shard,
    slurm_cluster,
)
from thucydides.distributed.engine import write_manifest
from thucydides.distributed.shards import ShardWriter, shard_metadata
from thucydides.distributed.worker import DoneSet, JobConfig, shard_path
from thucydides.errors import Codes, DataFileError, StoreError
from thucydides.records import Reject

from .conftest import EXAMPLE
from .store_fakes import apology, ossetia

MAX_BYTES = 5_000_000


def jsonl_lines() -> list[str]:
    records = [
        {"id": "wire-1", "text": "Israel apologised to Turkey on Friday. Turkey welcomed it.", "published": "2013-03-22"},
        {"text": "The United Nations urged both sides to observe the ceasefire.", "published": "2013-03-22"},
        "this line is not JSON",
        "",
        {"title": "a record without any text"},
        {"url": "https://example.org/mali", "text": "France sent troops to Mali on Friday.", "published": "2013-01-11"},
        {"text": "Police arrested 12 protesters in Cairo on Monday.", "published": "2013-03-18"},
    ]
    return [json.dumps(r) if isinstance(r, dict) else r for r in records]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Text files, a JSON Lines file with bad lines, a gzipped one, an empty file, a pretty JSON file."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("Russia recognised Abkhazia on Tuesday.\n\nGeorgia protested.\n")
    (root / "sub" / "b.txt").write_text("Turkey recalled its ambassador from Israel on Monday.\n")
    (root / "c.jsonl").write_text("\n".join(jsonl_lines()) + "\n")
    with gzip.open(root / "d.jsonl.gz", "wt") as handle:
        handle.write("\n".join(jsonl_lines()[:2]) + "\n")
    (root / "empty.txt").write_text("")
    (root / "pretty.json").write_text(json.dumps([{"text": "Egypt closed the border crossing."}], indent=2))
    return root


def records_of(partitions) -> list:
    return [r for p in partitions for r in read_partition(p, max_bytes=MAX_BYTES)]


# ------------------------------------------------------------------ partitions


def test_partitions_read_exactly_what_ingest_reads(corpus: Path):
    partitions = plan_partitions([corpus, corpus / "missing.txt"], partition_bytes=120, files_per_partition=2)
    assert records_of(partitions) == list(ingest.read([corpus, corpus / "missing.txt"]))
    ranges = [u for p in partitions for u in p.units if u.end is not None]
    assert len(ranges) >= 3 and {u.path for u in ranges} == {str(corpus / "c.jsonl")}
    firsts = [u.first_line for u in ranges]
    assert firsts[0] == 1 and firsts == sorted(set(firsts))
    # the gzipped JSONL and the pretty JSON are read whole, never cut
    whole = {u.path for p in partitions for u in p.units if u.end is None}
    assert {str(corpus / "d.jsonl.gz"), str(corpus / "pretty.json")} <= whole
    assert partitions[-1].reject is not None and partitions[-1].reject.code == Codes.E105


def test_small_files_are_grouped(corpus: Path):
    one = plan_partitions([corpus], partition_bytes=10_000_000)
    assert len(one) == 1 and len(one[0].units) == 6
    pairs = plan_partitions([corpus], partition_bytes=10_000_000, files_per_partition=2)
    assert [len(p.units) for p in pairs] == [2, 2, 2]
    # a small corpus is still cut so that every worker gets work
    assert len(plan_partitions([corpus], partition_bytes=10_000_000, min_partitions=3)) >= 3
    with pytest.raises(ValueError):
        plan_partitions([corpus], partition_bytes=0)


def test_worker_in_another_folder_names_records_as_the_client(corpus: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    partitions = plan_partitions(["corpus"], partition_bytes=150)
    expected = list(ingest.read(["corpus"]))
    elsewhere = tmp_path / "worker-cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # relative paths no longer resolve here
    got = records_of(partitions)
    assert got == expected
    assert got[0].doc_id == "corpus/a.txt"


# ------------------------------------------------------------------ shards


def test_records_survive_the_json_round_trip():
    result = ossetia("doc-1")
    result.readings[0] = dataclasses.replace(result.readings[0], date_range=("2008-09-09", None), killed=3)
    again = decode_record("result", encode_record(result))
    assert again == result
    assert isinstance(again.readings[0].source.sector, tuple) and isinstance(again.sentences[0], tuple)
    assert again.readings[0].location.lat == result.readings[0].location.lat
    reject = Reject("x.txt#3", Codes.E109, "not a JSON object", doc_id=None)
    assert decode_record("reject", encode_record(reject)) == reject


def test_shard_is_written_whole_or_not_at_all(tmp_path: Path):
    target = tmp_path / "shards" / "k.parquet"
    writer = ShardWriter(target, partition_key="k", coder_version="v1")
    writer.add(apology("a", "Reuters"))
    writer.abort()
    assert not target.exists() and not list(target.parent.iterdir())
    writer = ShardWriter(target, partition_key="k", coder_version="v1")
    records = [apology(f"a{i}", "Reuters") for i in range(70)] + [Reject("bad.txt", Codes.E102, "empty file")]
    for record in records:
        writer.add(record)
    assert writer.close() is None
    assert shard_metadata(target) == {"format": "1", "partition": "k", "coder_version": "v1"}
    assert [r for batch in read_shard(target) for r in batch] == records
    in_memory = ShardWriter(None, partition_key="k", coder_version="v1")
    in_memory.add(records[0])
    assert [r for batch in read_shard(in_memory.close()) for r in batch] == records[:1]


def test_a_file_that_is_not_a_shard_is_refused(tmp_path: Path):
    garbage = tmp_path / "x.parquet"
    garbage.write_bytes(b"not parquet at all")
    with pytest.raises(StoreError) as error:
        list(read_shard(garbage))
    assert error.value.code == Codes.E303
    import pyarrow as pa
    import pyarrow.parquet as pq

    plain = tmp_path / "plain.parquet"
    pq.write_table(pa.table({"a": [1]}), plain)
    with pytest.raises(StoreError, match="not a Thucydides shard"):
        shard_metadata(plain)


def test_done_set_membership():
    done = DoneSet.from_pairs([("a", "h1"), ("b", "h2")])
    assert ("a", "h1") in done and ("b", "h2") in done
    assert ("a", "h2") not in done and ("c", "h1") not in done and len(done) == 2
    assert ("a", "h1") not in DoneSet.from_pairs([])


def fake_shards_folder(out: Path, groups: list[list]) -> None:
    """A shards folder as run_dask(merge=False) leaves it, from hand-built results."""
    from thucydides.distributed.partitions import Partition, Unit
    from thucydides.settings import load_settings

    job = JobConfig(coder_version="test-1")
    partitions = [Partition(i, (Unit(f"inputs/part{i}.txt", size=1),)) for i in range(len(groups))]
    write_manifest(out, partitions, job, {"settings": load_settings(), "paths": ["inputs"]})
    for partition, records in zip(partitions, groups, strict=True):
        key = partition.key(job.fingerprint)
        writer = ShardWriter(shard_path(out, key), partition_key=key, coder_version="test-1")
        for record in records:
            writer.add(record)
        writer.close()


def test_merging_twice_adds_nothing(tmp_path: Path):
    out = tmp_path / "run"
    fake_shards_folder(out, [[ossetia("o1"), apology("a1", "Reuters")],
                             [apology("a2", "AP"), Reject("inputs/bad.txt", Codes.E102, "empty file")]])
    db = tmp_path / "news.duckdb"
    first = merge_shards(out, db)
    # a2 repeats a1 (same story, another outlet): linked as its near-duplicate, as in a single run
    assert (first.documents, first.coded, first.duplicates, first.rejected, first.skipped_done) == (4, 2, 1, 1, 0)

    def contents():
        with duckdb.connect(str(db), read_only=True) as conn:
            return [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in
                    ("documents", "readings", "events", "rejects")]

    before = contents()
    again = merge_shards(out, db)
    assert again.coded == 0 and again.skipped_done == 3
    assert contents() == before
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT num_articles FROM events WHERE cameo_code = '055'").fetchone()[0] == 2


def test_missing_shard_becomes_a_reject(tmp_path: Path):
    out = tmp_path / "run"
    fake_shards_folder(out, [[apology("a1", "Reuters")], [apology("a2", "AP")]])
    for shard in sorted((out / "shards").iterdir())[:1]:
        shard.unlink()
    summary = merge_shards(out, tmp_path / "news.duckdb")
    assert summary.coded == 1 and summary.rejected == 1
    assert summary.rejects[0].code == Codes.E130 and "no shard" in summary.rejects[0].message
    with pytest.raises(StoreError):
        merge_shards(tmp_path / "nowhere", tmp_path / "news.duckdb")


class FakeFuture:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class FakeClient:
    """Workers that report what they code with, as check_workers asks them."""

    def __init__(self, reports: dict[str, dict]):
        self.reports = reports

    def wait_for_workers(self, n):
        pass

    def scheduler_info(self):
        return {"workers": {address: {} for address in self.reports}}

    def submit(self, function, job, *, workers, **kw):
        return FakeFuture(self.reports[workers[0]])


def test_workers_that_code_differently_stop_the_run():
    from thucydides.distributed.engine import check_workers
    from thucydides.errors import ModelError

    job = JobConfig(settings_digest="s1")
    same = {"coder_version": "0.1+abc", "model": "en_sm", "settings_digest": "s1"}
    assert check_workers(FakeClient({"w1": same, "w2": dict(same)}), job) == same
    with pytest.raises(ModelError, match="workers differ") as error:
        check_workers(FakeClient({"w1": same, "w2": same | {"coder_version": "0.1+def"}}), job)
    assert error.value.code == Codes.E201
    with pytest.raises(ModelError, match="other settings"):
        check_workers(FakeClient({"w1": same | {"settings_digest": "s2"}}), job)


@pytest.mark.slow
def test_the_task_codes_a_partition_and_skips_done_documents(pipeline, corpus: Path):
    from thucydides.distributed import worker

    job = JobConfig()
    worker._PIPELINES[job.pipeline_key] = pipeline  # the session's pipeline stands in for a worker's
    try:
        (partition,) = plan_partitions([corpus / "a.txt", corpus / "sub" / "b.txt", corpus / "empty.txt"])
        info = worker.code_partition(partition, job, None, None)
        records = [r for batch in read_shard(info.data) for r in batch]
        assert info.records == 3 and [type(r).__name__ for r in records] == ["DocResult", "DocResult", "Reject"]
        done = DoneSet.from_pairs([(records[0].doc.doc_id, records[0].doc.content_hash)])
        again = worker.code_partition(partition, job, done, None)
        assert again.skipped_done == 1 and again.records == 2
        with pytest.raises(worker.ModelError, match="install the same"):
            worker.code_partition(partition, dataclasses.replace(job, coder_version="0.0.0+other"), None, None)
    finally:
        worker._PIPELINES.pop(job.pipeline_key, None)


# ------------------------------------------------------------------ SLURM config


def test_slurm_job_script_from_our_config():
    cluster = slurm_cluster(queue="standard", account="polsci", walltime="02:00:00")
    try:
        script = cluster.job_script()
    finally:
        cluster.close()
    assert "#SBATCH -p standard" in script and "#SBATCH -A polsci" in script
    assert "#SBATCH -t 02:00:00" in script and "#SBATCH --cpus-per-task=8" in script
    assert "--nworkers 8" in script and "--nthreads 1" in script  # one thread per worker process
    assert "/bin/activate" in script and "--death-timeout 120" in script


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("slurm:\n  cores: 8\n  procesess: 8\n", "unknown SLURMCluster option 'procesess'", 3),
        ("slurm:\n  cores: 8\n  processes: 3\n", "multiple of processes", 3),
        ("slurm:\n  cores: eight\n", "positive whole number", 2),
        ("slurm: [cores, 8]\n", "slurm:", 1),
        ("slurm:\n  cores: 8\n   memory: 2GB\n", "not valid YAML", 3),
    ],
)
def test_bad_cluster_config_names_file_and_line(tmp_path: Path, text: str, message: str, line: int):
    config = tmp_path / "jobqueue.yaml"
    config.write_text(text)
    with pytest.raises(DataFileError, match=message) as error:
        load_jobqueue_config(config)
    assert error.value.code == Codes.E202 and error.value.path == f"{config}:{line}"


# ------------------------------------------------------------------ on a LocalCluster


def write_corpus(root: Path) -> Path:
    """A small corpus with what the merge must get right: order-dependent near-duplicates, a JSONL
    file cut into ranges, rejects, a non-English page."""
    root.mkdir()
    (root / "01-example.txt").write_text(EXAMPLE.read_text(encoding="utf-8"))
    story = ("Turkey recalled its ambassador from Israel on Monday after the raid on the aid flotilla, "
             "the foreign ministry in Ankara said.\n\nIsrael expressed regret over the deaths.\n")
    (root / "02-story.txt").write_text(story)
    (root / "03-copy.txt").write_text(story.replace("Monday", "Monday,"))  # a near-duplicate of 02
    (root / "04-wire.jsonl").write_text("\n".join(jsonl_lines()) + "\n")
    (root / "05-empty.txt").write_text("")
    (root / "06-french.txt").write_text(
        "Le gouvernement français a annoncé lundi l'envoi de troupes supplémentaires au Mali, "
        "selon un communiqué du ministère de la Défense publié à Paris.\n")
    return root


def table_rows(db: Path) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return {
            "documents": conn.execute("SELECT * EXCLUDE (run_id, written_at) FROM documents ORDER BY doc_id").fetchall(),
            "readings": conn.execute("SELECT * FROM readings ORDER BY doc_id, reading_index").fetchall(),
            "events": conn.execute("SELECT * FROM events ORDER BY event_id").fetchall(),
            "rejects": conn.execute("SELECT * EXCLUDE (run_id, rejected_at) FROM rejects ORDER BY path").fetchall(),
            "coder_versions": conn.execute("SELECT DISTINCT coder_version FROM documents").fetchall(),
        }


def assert_same_store(db: Path, expected: dict[str, list]) -> None:
    got = table_rows(db)
    # said apart: data files edited between the two runs change results legitimately
    assert got["coder_versions"] == expected["coder_versions"], "the knowledge files changed between runs"
    assert got == expected


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    yield local
    local.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory, pipeline):
    """The corpus run through the single-process path: what every Dask run must leave."""
    from thucydides.runner import run

    root = write_corpus(tmp_path_factory.mktemp("dask") / "corpus")
    db = root.parent / "single.duckdb"
    summary = run([root], db, pipeline=pipeline)
    assert summary.duplicates == 1 and summary.skipped_language == 1 and summary.rejected == 3
    return root, table_rows(db), summary


def run_on(cluster, root: Path, db: Path, **kw):
    from thucydides.distributed import run_dask

    return run_dask([root], db, cluster=cluster, **{"partition_bytes": 200, "files_per_partition": 2, **kw})


@pytest.mark.slow
def test_dask_run_leaves_what_the_single_process_run_leaves(cluster, reference, tmp_path: Path, capsys):
    root, expected, single = reference
    seen = []
    db = tmp_path / "dask.duckdb"
    summary = run_on(cluster, root, db, progress=lambda s: seen.append(s.partitions_done))
    assert summary.partitions > 4 and seen == list(range(1, summary.partitions + 1))
    assert "Dask dashboard: http" in capsys.readouterr().err
    assert_same_store(db, expected)
    assert summary.as_dict() | {"seconds": 0} == single.as_dict() | {"seconds": 0} | {
        "partitions": summary.partitions, "partitions_failed": 0, "shards_reused": 0}
    # run again: every document is done, skipped on the workers, nothing is written twice
    again = run_on(cluster, root, db)
    assert again.coded == 0 and again.skipped_done == single.coded + single.duplicates + single.skipped_language
    assert_same_store(db, expected)


@pytest.mark.slow
def test_shards_folder_resumes_and_merges_later(cluster, reference, tmp_path: Path):
    root, expected, _ = reference
    out = tmp_path / "shards-run"
    first = run_on(cluster, root, tmp_path / "unused.duckdb", out_dir=out, merge=False)
    assert first.partitions_failed == 0 and len(list((out / "shards").glob("*.parquet"))) == first.partitions - 0
    resumed = run_on(cluster, root, tmp_path / "dask.duckdb", out_dir=out)
    assert resumed.shards_reused == first.partitions  # nothing coded again
    assert_same_store(tmp_path / "dask.duckdb", expected)
    merged = merge_shards(out, tmp_path / "later.duckdb")
    assert_same_store(tmp_path / "later.duckdb", expected)
    assert merge_shards(out, tmp_path / "later.duckdb").coded == 0 and merged.coded > 0


def install_hook(action: str, label: str, marker: str = "") -> None:
    """On a worker: make read_partition `sleep` (once, leaving its pid in `marker`) or `fail` on the
    partition labelled `label`; `restore` puts the original back."""
    from thucydides.distributed import partitions as module

    original = getattr(module.read_partition, "original", module.read_partition)
    if action == "restore":
        module.read_partition = original
        return

    def hooked(partition, **kw):
        if partition.label == label:
            if action == "fail":
                raise RuntimeError("disk on fire")
            if not os.path.exists(marker):
                Path(marker + ".tmp").write_text(str(os.getpid()))
                os.replace(marker + ".tmp", marker)
                time.sleep(120)
        return original(partition, **kw)

    hooked.original = original
    module.read_partition = hooked


@pytest.fixture
def hook(cluster):
    from distributed import Client

    with Client(cluster) as client:
        # cloudpickle sends functions of an importable module by reference; these go by value
        import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
        hooked: set[str] = set()
        try:
            yield lambda *args: hooked.update(client.run(install_hook, *args))
        finally:
            # only where it was installed: a worker restarted after a kill has no hook, and is
            # still loading its model (no need to wait for it)
            alive = hooked & set(client.scheduler_info()["workers"])
            client.run(install_hook, "restore", "", workers=sorted(alive), on_error="ignore")
            cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


@pytest.mark.slow
def test_failed_partition_becomes_rejects_with_the_reason(cluster, reference, hook, tmp_path: Path):
    root, expected, _ = reference
    hook("fail", str(root / "02-story.txt"))
    summary = run_on(cluster, root, tmp_path / "dask.duckdb", files_per_partition=1)
    assert summary.partitions_failed == 1
    failed = [r for r in summary.rejects if r.code == Codes.E130]
    assert [r.path for r in failed] == [str(root / "02-story.txt")] and "disk on fire" in failed[0].message
    rows = table_rows(tmp_path / "dask.duckdb")
    assert {d[0] for d in rows["documents"]} == {d[0] for d in expected["documents"]} - {str(root / "02-story.txt")}


@pytest.mark.slow
def test_worker_killed_mid_partition_loses_and_duplicates_nothing(cluster, reference, hook, tmp_path: Path):
    root, expected, _ = reference
    marker = tmp_path / "slow-worker.pid"
    hook("sleep", str(root / "02-story.txt"), str(marker))
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(run_on(cluster, root, tmp_path / "dask.duckdb",
                                                                   files_per_partition=1)))
    thread.start()
    deadline = time.monotonic() + 90
    while not marker.exists() and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.exists(), "the hooked partition never started"
    os.kill(int(marker.read_text()), signal.SIGKILL)
    thread.join(180)
    assert outcome, "the run did not finish"
    summary = outcome[0]
    assert summary.partitions_failed == 0 and not [r for r in summary.rejects if r.code == Codes.E130]
    assert_same_store(tmp_path / "dask.duckdb", expected)
