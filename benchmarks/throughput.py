"""Throughput of the whole pipeline against bare spaCy, one and several worker processes, peak memory.

    .venv/bin/python benchmarks/throughput.py [--limit N] [--memory-limit 100] [--workers 1,2]
                                              [--modes bare,pipeline,db,workers,memory] [--json FILE]

Corpus: the real texts of ../shared/dev-data: the 588 article texts of geoparsing-lgl/lgl.xml and the
60 news pages of article-extraction/html (interleaved, a page every ~10 texts), written to a
temporary folder as files. The benchmark says so and stops when ../shared is absent.

Each measurement runs in its own subprocess, so peak RSS figures do not contaminate each other:

  bare       spaCy `nlp.pipe` over the very paragraphs the pipeline parses (cleaned beforehand), with
             the same model, components and batches (paragraphs and characters per batch): the
             ceiling the pipeline is measured against.
  pipeline   Pipeline.process over the files: ingest, clean, parse, actors, times, places, quotes,
             events (no database).
  db         runner.run into a fresh DuckDB file (adds near-duplicates and store writes).
  workers N  the `run --workers N` path into a fresh DuckDB file; worker start-up (each loads the
             model) is timed apart, rates are over the coding itself.
  memory     `db` on the first --memory-limit articles: peak RSS should match the full corpus's
             (memory flat in corpus size).

Model loading is never timed. Rates are per wall-clock second; `cpu-s` is user+system time of the
process and its workers, `cores` = cpu-s / wall-s the processor share the run obtained. On a machine
shared with other jobs wall time inflates and CPU time much less, so both are printed with the load
average at the start and end of each measurement; `/bare` compares articles per second with bare
spaCy's. Sentences and tokens are counted by the bare run (the same paragraphs), articles by each.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_DATA = SHARED / "dev-data"
sys.path.insert(0, str(ROOT / "src"))

MODES = ("bare", "pipeline", "db", "workers", "memory")


# ---------------------------------------------------------------------- corpus


def write_corpus(folder: Path) -> list[Path]:
    """The dev-data texts and pages as files, in a fixed interleaved order; returns their paths."""
    root = ET.parse(DEV_DATA / "geoparsing-lgl" / "lgl.xml").getroot()
    texts = [(a.get("docid"), a.findtext("text") or "") for a in root.iter("article")]
    pages = sorted((DEV_DATA / "article-extraction" / "html").glob("*.html.gz"))
    order: list[tuple[str, object]] = [("text", t) for t in texts]
    step = max(1, len(texts) // max(1, len(pages)))
    for n, page in enumerate(pages):
        order.insert(min(len(order), n * (step + 1)), ("page", page))
    paths = []
    for n, (kind, item) in enumerate(order):
        if kind == "text":
            docid, text = item  # type: ignore[misc]
            path = folder / f"{n:04d}-lgl-{docid}.txt"
            path.write_text(text, encoding="utf-8")
        else:
            path = folder / f"{n:04d}-{item.name}"  # type: ignore[union-attr]
            path.write_bytes(item.read_bytes())  # type: ignore[union-attr]
        paths.append(path)
    return paths


def write_paragraphs(paths: list[Path], out: Path) -> None:
    """What the pipeline hands spaCy: each cleaned document's paragraph texts (one JSON list a line)."""
    from thucydides import ingest
    from thucydides.clean import clean
    from thucydides.errors import InputError
    from thucydides.parsing import paragraph_texts
    from thucydides.records import RawDoc

    with out.open("w", encoding="utf-8") as handle:
        for raw in ingest.read([str(p) for p in paths]):
            if not isinstance(raw, RawDoc):
                continue
            try:
                doc = clean(raw)
            except InputError:
                continue
            if doc.status in ("ok", "duplicate"):
                handle.write(json.dumps(paragraph_texts(doc)) + "\n")


# ---------------------------------------------------------------------- measuring (in a subprocess)


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _proc_children() -> dict[int, int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return parents


def _status_field(pid: int, name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class DescendantWatch:
    """Peak RSS and CPU time of this process's descendants (workers, forkserver), read from /proc.

    Workers started by a forkserver are not our children, so getrusage(RUSAGE_CHILDREN) misses them.
    """

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self.peak_kib: dict[int, int] = {}
        self.cpu_ticks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> DescendantWatch:
        if Path("/proc/self/status").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def sample(self) -> None:
        parents = _proc_children()
        family = {os.getpid()}
        changed = True
        while changed:
            changed = False
            for pid, ppid in parents.items():
                if ppid in family and pid not in family:
                    family.add(pid)
                    changed = True
        family.discard(os.getpid())
        for pid in family:
            self.peak_kib[pid] = max(self.peak_kib.get(pid, 0), _status_field(pid, "VmHWM:"))
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                self.cpu_ticks[pid] = max(self.cpu_ticks.get(pid, 0), int(fields[11]) + int(fields[12]))
            except (OSError, IndexError, ValueError):
                pass

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def cpu_seconds(self) -> float:
        return sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def measure_bare(paragraph_file: Path, batch_size: int) -> dict:
    from thucydides.parsing import load_model, pipe_batches

    docs = [json.loads(line) for line in paragraph_file.read_text(encoding="utf-8").splitlines()]
    texts = [t for paragraphs in docs for t in paragraphs]
    nlp = load_model(None)
    list(nlp.pipe(texts[:5]))  # warm-up, not timed
    load, cpu, started = load_average(), cpu_seconds(), time.perf_counter()
    tokens = sentences = 0
    # The pipeline's batches: `batch_size` paragraphs or parsing.BATCH_CHARS characters.
    for batch in pipe_batches(((text, None) for text in texts), batch_size):
        for doc in nlp.pipe([text for text, _ in batch], batch_size=len(batch)):
            tokens += len(doc)
            sentences += sum(1 for s in doc.sents if s.text.strip())
    return {"articles": len(docs), "paragraphs": len(texts), "tokens": tokens, "sentences": sentences,
            "wall": time.perf_counter() - started, "cpu": cpu_seconds() - cpu, "load": load,
            "load_after": load_average()}


def _warm(pipeline) -> None:
    """One short document, so lazily loaded knowledge (the gazetteer) is not charged to the corpus."""
    pipeline.code_text("Russia said on Monday that its troops left Gori, a town in Georgia.", doc_id="warm-up")


def measure_pipeline(paths: list[Path]) -> dict:
    from thucydides.pipeline import Pipeline
    from thucydides.records import DocResult

    pipeline = Pipeline()
    _warm(pipeline)
    load, cpu, started = load_average(), cpu_seconds(), time.perf_counter()
    articles = sentences = readings = rejected = 0
    for item in pipeline.process(pipeline.read([str(p) for p in paths])):
        if isinstance(item, DocResult):
            articles += 1
            sentences += len(item.sentences)
            readings += len(item.readings)
        else:
            rejected += 1
    return {"articles": articles, "sentences": sentences, "readings": readings, "rejected": rejected,
            "wall": time.perf_counter() - started, "cpu": cpu_seconds() - cpu, "load": load,
            "load_after": load_average()}


def measure_db(paths: list[Path], db: Path) -> dict:
    from thucydides.pipeline import Pipeline
    from thucydides.runner import run

    pipeline = Pipeline()
    _warm(pipeline)
    load, cpu, started = load_average(), cpu_seconds(), time.perf_counter()
    summary = run([str(p) for p in paths], db, pipeline=pipeline)
    return {"articles": summary.documents - summary.rejected, "readings": summary.readings,
            "rejected": summary.rejected, "wall": time.perf_counter() - started, "cpu": cpu_seconds() - cpu,
            "load": load, "load_after": load_average()}


def measure_workers(paths: list[Path], db: Path, workers: int) -> dict:
    from thucydides.parallel import WorkerConfig, WorkerPool
    from thucydides.runner import run_record, store_run
    from thucydides.settings import load_settings

    settings = load_settings(None)
    with DescendantWatch() as watch:
        load, cpu, started = load_average(), cpu_seconds(), time.perf_counter()
        with WorkerPool(workers, WorkerConfig()) as pool:
            coder_version, model_name = pool.describe()
            watch.sample()
            startup = time.perf_counter() - started
            startup_cpu = cpu_seconds() - cpu + watch.cpu_seconds()
            coding_started = time.perf_counter()
            summary = store_run([str(p) for p in paths], db, code=pool.code, settings=settings,
                                coder_version=coder_version,
                                run_settings=run_record(paths, model_name, (), None, settings, workers=workers))
            wall = time.perf_counter() - coding_started
            watch.sample()
            parent_cpu = cpu_seconds() - cpu
        total_cpu = parent_cpu + watch.cpu_seconds()
    worker_peaks = sorted(watch.peak_kib.values(), reverse=True)[:workers]
    return {"articles": summary.documents - summary.rejected, "readings": summary.readings,
            "rejected": summary.rejected, "wall": wall, "startup": startup, "cpu": total_cpu - startup_cpu,
            "parent_cpu": parent_cpu, "load": load, "load_after": load_average(),
            "worker_peak_rss_mib": [round(k / 1024, 1) for k in worker_peaks]}


def child_main(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in json.loads(Path(args.paths_file).read_text())]
    if args.child == "bare":
        result = measure_bare(Path(args.paragraphs), args.batch_size)
    elif args.child == "pipeline":
        result = measure_pipeline(paths)
    elif args.child == "db":
        result = measure_db(paths, Path(args.db))
    else:
        result = measure_workers(paths, Path(args.db), args.workers_n)
    result["peak_rss_mib"] = round(peak_rss_mib(), 1)
    print("RESULT " + json.dumps(result))
    return 0


# ---------------------------------------------------------------------- orchestrating


def run_child(mode: str, paths: list[Path], work: Path, **options) -> dict:
    paths_file = work / f"paths-{len(paths)}.json"
    paths_file.write_text(json.dumps([str(p) for p in paths]))
    command = [sys.executable, __file__, "--child", mode, "--paths-file", str(paths_file)]
    for key, value in options.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"{mode} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def row(label: str, result: dict, bare: dict | None) -> str:
    wall = result["wall"]
    articles = result["articles"]
    same_corpus = bare is not None and "tokens" not in result
    tokens = result.get("tokens") or (bare["tokens"] if same_corpus else 0)
    sentences = result.get("sentences") or (bare["sentences"] if same_corpus else 0)
    rate = articles / wall if wall else 0.0
    ratio = f"{rate / (bare['articles'] / bare['wall']):6.0%}" if same_corpus else "     -"
    workers_rss = result.get("worker_peak_rss_mib")
    rss = f"{result['peak_rss_mib']:5.0f}" + (f" + workers {'/'.join(f'{w:.0f}' for w in workers_rss)}"
                                              if workers_rss else "")
    per_second = (f"{sentences / wall:9.1f} {tokens / wall:8.0f}" if tokens else f"{'-':>9} {'-':>8}")
    return (f"{label:<26} {articles:5d} {rate:8.2f} {per_second} {result['cpu']:7.1f} {wall:7.1f} "
            f"{result['cpu'] / wall:5.2f} {ratio} {result['load']:4.1f}-{result['load_after']:<4.1f} {rss}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (default: all ~648)")
    parser.add_argument("--memory-limit", type=int, default=100,
                        help="the smaller corpus whose peak memory is compared with the whole (default 100)")
    parser.add_argument("--workers", default="1,2", help="worker counts to measure (default 1,2)")
    parser.add_argument("--modes", default=",".join(MODES), help=f"any of {','.join(MODES)}")
    parser.add_argument("--batch-size", type=int, default=None, help="nlp.pipe batch (default: settings)")
    parser.add_argument("--json", default=None, help="also write every figure to this JSON file")
    parser.add_argument("--child", choices=["bare", "pipeline", "db", "workers"], help=argparse.SUPPRESS)
    parser.add_argument("--paths-file", help=argparse.SUPPRESS)
    parser.add_argument("--paragraphs", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--workers-n", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main(args)

    if not DEV_DATA.exists():
        print(f"{DEV_DATA} is absent (../shared is not in this clone): nothing to measure.")
        return 0
    from thucydides.settings import load_settings

    batch_size = args.batch_size or int(load_settings(None)["pipeline"]["batch_size"])
    modes = {m.strip() for m in args.modes.split(",") if m.strip()}
    worker_counts = [int(n) for n in args.workers.split(",") if n.strip()]
    figures: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="thu-throughput-") as tmp:
        work = Path(tmp)
        (work / "corpus").mkdir()
        paths = write_corpus(work / "corpus")[: args.limit]
        paragraphs = work / "paragraphs.jsonl"
        write_paragraphs(paths, paragraphs)
        print(f"corpus: {len(paths)} articles from {DEV_DATA} ({sum(p.suffix == '.txt' for p in paths)} LGL "
              f"texts, {sum(p.suffix == '.gz' for p in paths)} pages); nlp.pipe batch size {batch_size}; "
              f"{os.cpu_count()} CPUs")
        print(f"{'':<26} {'arts':>5} {'arts/s':>8} {'sents/s':>9} {'tok/s':>8} {'cpu-s':>7} {'wall-s':>7} "
              f"{'cores':>5} {'/bare':>6} {'load':>9} peak RSS MiB")
        bare = None
        if "bare" in modes:
            bare = figures["bare"] = run_child("bare", paths, work, paragraphs=paragraphs, batch_size=batch_size)
            print(row("bare spaCy nlp.pipe", bare, None), flush=True)
        if "pipeline" in modes:
            figures["pipeline"] = run_child("pipeline", paths, work)
            print(row("pipeline, no database", figures["pipeline"], bare), flush=True)
        if "db" in modes:
            figures["db"] = run_child("db", paths, work, db=work / "db.duckdb")
            print(row("pipeline + database", figures["db"], bare), flush=True)
        for n in worker_counts if "workers" in modes else []:
            result = figures[f"workers{n}"] = run_child("workers", paths, work, db=work / f"w{n}.duckdb",
                                                        workers_n=n)
            print(row(f"run --workers {n}", result, bare)
                  + f"  (start-up {result['startup']:.1f}s; parent {result['parent_cpu']:.1f} cpu-s)", flush=True)
        if "memory" in modes and args.memory_limit < len(paths):
            small = figures["memory"] = run_child("db", paths[: args.memory_limit], work, db=work / "small.duckdb")
            print(row(f"pipeline + db, first {args.memory_limit}", small, None), flush=True)

    print()
    if bare and "pipeline" in figures:
        ratio = (figures["pipeline"]["articles"] / figures["pipeline"]["wall"]) / (bare["articles"] / bare["wall"])
        cpu_ratio = bare["cpu"] / figures["pipeline"]["cpu"]
        print(f"full pipeline / bare spaCy: {ratio:.0%} of the articles/s ({cpu_ratio:.0%} by CPU time)")
    counts = [n for n in worker_counts if f"workers{n}" in figures]
    if len(counts) > 1:
        one = figures[f"workers{counts[0]}"]
        for n in counts[1:]:
            other = figures[f"workers{n}"]
            speedup = (other["articles"] / other["wall"]) / (one["articles"] / one["wall"])
            print(f"{n} workers / {counts[0]} worker: {speedup:.2f}x articles/s; CPU time per article "
                  f"{other['cpu'] / other['articles']:.3f}s vs {one['cpu'] / one['articles']:.3f}s; cores obtained "
                  f"{other['cpu'] / other['wall']:.2f} vs {one['cpu'] / one['wall']:.2f} (load average "
                  f"{other['load']:.1f} and {one['load']:.1f} on {os.cpu_count()} CPUs: above the CPU count, other "
                  f"jobs were competing)")
    if "memory" in figures and "db" in figures:
        print(f"peak RSS, pipeline + db: {figures['memory']['peak_rss_mib']:.0f} MiB for {args.memory_limit} "
              f"articles, {figures['db']['peak_rss_mib']:.0f} MiB for {len(paths)}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
