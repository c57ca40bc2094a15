"""Throughput of `--engine dask` on LGL article texts: 1 and N local workers beside the single process.

    .venv/bin/python benchmarks/dask_throughput.py [--limit 120] [--workers 1,2] [--format jsonl|txt]

Writes the first `--limit` article texts of ../shared/dev-data/geoparsing-lgl/lgl.xml (588 local news
articles) to a temporary folder (one JSON Lines file, cut into byte ranges, or one .txt file per
article), then runs the same corpus, each into a fresh database:

* the single-process path (`runner.run`, the model loaded once beforehand, not timed);
* `run_dask` on a LocalCluster of 1, then N worker processes (one thread each).

It prints documents per second (coding and merge; the cluster's start and model loading apart),
whether each Dask database holds the same documents, readings and events as the single-process one,
and the engine's overhead per partition: the scheduler's round trip (measured on tiny partitions),
turning a partition's records into a Parquet shard on the worker, and merging a shard on the client.

Figures depend on the machine: print the core count and load average with them, and compare only
runs of the same invocation.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LGL = SHARED / "dev-data" / "geoparsing-lgl" / "lgl.xml"


def write_corpus(folder: Path, limit: int, fmt: str) -> tuple[list[Path], int]:
    """The first `limit` LGL articles as inputs; returns the paths and the text bytes."""
    articles = ET.parse(LGL).getroot().findall("article")[:limit]
    total = 0
    if fmt == "jsonl":
        path = folder / "lgl.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for article in articles:
                text = article.findtext("text") or ""
                total += len(text.encode("utf-8"))
                record = {"id": f"lgl-{article.get('docid')}", "title": article.findtext("title"),
                          "url": article.findtext("url"), "source": article.findtext("domain"),
                          "published": (article.findtext("dltime") or "")[:10] or None, "text": text}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return [path], total
    texts = folder / "lgl"
    texts.mkdir()
    for article in articles:
        text = article.findtext("text") or ""
        total += len(text.encode("utf-8"))
        (texts / f"{article.get('docid')}.txt").write_text(text, encoding="utf-8")
    return [texts], total


def table_rows(db: Path) -> dict[str, list]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as conn:
        return {
            "documents": conn.execute("SELECT * EXCLUDE (run_id, written_at) FROM documents ORDER BY doc_id").fetchall(),
            "readings": conn.execute("SELECT * FROM readings ORDER BY doc_id, reading_index").fetchall(),
            "events": conn.execute("SELECT * FROM events ORDER BY event_id").fetchall(),
        }


def sameness(db: Path, reference_db: Path) -> str:
    """"yes", or which tables differ and by how many rows, and whether the coder version moved (a data
    file edited between the runs, in a tree others are editing, changes results legitimately)."""
    got, expected = table_rows(db), table_rows(reference_db)
    differing = [f"{name} ({len(set(rows) ^ set(expected[name]))} rows)" for name, rows in got.items()
                 if rows != expected[name]]
    if not differing:
        return "yes"
    return "NO: " + ", ".join(differing) + ("; coder versions differ" if versions(db) != versions(reference_db) else "")


def versions(db: Path) -> set[str]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as conn:
        return {row[0] for row in conn.execute("SELECT DISTINCT coder_version FROM documents").fetchall()}


def round_trip(workers: int, scratch: Path, partitions: int = 40) -> float:
    """Seconds per partition the engine adds around a task: tiny partitions (one short text each) on a
    cluster whose model is loaded, elapsed time minus the tasks' own time, per partition."""
    from thucydides.distributed import run_dask

    folder = scratch / "tiny"
    folder.mkdir()
    for index in range(partitions):
        (folder / f"{index:03d}.txt").write_text(f"Officials met in Ankara on Monday ({index}).\n")
    summary = run_dask([folder], scratch / "tiny.duckdb", workers=workers, files_per_partition=1)
    task_seconds = sum(entry.get("seconds", 0.0) for entry in summary.partition_log)
    return (summary.seconds * workers - task_seconds) / max(1, summary.partitions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=120, help="articles to process (588 in all)")
    parser.add_argument("--workers", default="1,2", help="Dask worker counts to run, comma-separated")
    parser.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    parser.add_argument("--partition-bytes", type=int, default=None,
                        help="target partition size (default: the engine's, shrunk to 4 per worker)")
    args = parser.parse_args()
    if not LGL.exists():
        print(f"{LGL} not found: this benchmark reads ../shared/dev-data (absent in a user's clone)",
              file=sys.stderr)
        return 2

    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    from thucydides.distributed import DEFAULT_PARTITION_BYTES, run_dask
    from thucydides.distributed.worker import _warm_up as warm_up
    from thucydides.pipeline import Pipeline
    from thucydides.runner import run

    worker_counts = [int(n) for n in args.workers.split(",") if n.strip()]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start "
          "(other jobs may share the cores)")
    with tempfile.TemporaryDirectory(prefix="thucydides-dask-bench-") as scratch_name:
        scratch = Path(scratch_name)
        paths, text_bytes = write_corpus(scratch, args.limit, args.format)
        print(f"corpus: {args.limit} LGL articles, {text_bytes / 1e6:.2f} MB of text, as {args.format}")

        started = time.perf_counter()
        pipeline = Pipeline()
        warm_up(pipeline)  # as each Dask worker does: lazily loaded parts load before the clock starts
        load_seconds = time.perf_counter() - started
        single = run(paths, scratch / "single.duckdb", pipeline=pipeline)
        print(f"\n{'engine':<22}{'docs':>6}{'docs/s':>9}{'coding s':>10}{'start s':>9}{'partitions':>12}  same as single")
        print(f"{'single process':<22}{single.documents:>6}{single.documents / single.seconds:>9.2f}"
              f"{single.seconds:>10.1f}{load_seconds:>9.1f}{'-':>12}  -")
        del pipeline
        runs = {}
        for workers in worker_counts:
            db = scratch / f"dask-{workers}.duckdb"
            options = {"partition_bytes": args.partition_bytes or DEFAULT_PARTITION_BYTES}
            summary = run_dask(paths, db, workers=workers, **options)
            runs[workers] = summary
            print(f"{f'dask, {workers} worker(s)':<22}{summary.documents:>6}{summary.documents / summary.seconds:>9.2f}"
                  f"{summary.seconds:>10.1f}{summary.startup_seconds:>9.1f}{summary.partitions:>12}  "
                  f"{sameness(db, scratch / 'single.duckdb')}")

        print("\nengine overhead per partition:")
        for workers, summary in runs.items():
            logged = [e for e in summary.partition_log if "seconds" in e]
            records = sum(e["records"] for e in logged) or 1
            task = sum(e["seconds"] for e in logged)
            write = sum(e["write_seconds"] for e in logged)
            print(f"  {workers} worker(s): {len(logged)} partitions of ~{records / max(1, len(logged)):.0f} documents; "
                  f"Parquet shard on the worker {1000 * write / max(1, len(logged)):.0f} ms "
                  f"({100 * write / task:.1f}% of task time), merge on the client "
                  f"{1000 * summary.merge_seconds / max(1, summary.partitions):.0f} ms "
                  f"({1000 * summary.merge_seconds / records:.1f} ms per document; overlaps coding)")
            if logged:
                print(f"    task seconds per partition: median {statistics.median(e['seconds'] for e in logged):.2f}, "
                      f"max {max(e['seconds'] for e in logged):.2f}")
        trip = round_trip(max(worker_counts), scratch)
        print(f"  scheduler round trip (tiny partitions, {max(worker_counts)} worker(s)): {1000 * trip:.0f} ms")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
