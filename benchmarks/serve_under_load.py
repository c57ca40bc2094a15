"""The web UI while a run writes, and the run while the UI is busy (issue 19, item 4).

    .venv/bin/python benchmarks/serve_under_load.py [--seed 60] [--docs 40] [--seconds 20]
                                                    [--batch 10] [--json FILE]

A database is seeded with `--seed` articles of ../shared/dev-data/geoparsing-lgl (a real run), then
`thucydides serve` answers HTTP clients in this process's threads, in five phases:

  idle-10     10 clients, each sending one request a second, no run
  idle-50     50 clients sending requests back to back, no run
  run-alone   `thucydides run` over `--docs` new articles, no clients: the run's throughput
  run-10      the same run over other articles with the 10 clients of one request a second
  run-50      the same with the 50 back-to-back clients

Each client cycles through the UI's pages and API (`--paths`). Printed per phase: requests answered
per second, median and 95th-percentile latency, timeouts (no answer within `--timeout`) and non-200
answers; for the run phases the run's documents per second (the run's own clock, model loading
excluded) and its change against run-alone, with the processor seconds the run used (model loading
included) and the server used: when the run's processor seconds stay put while its wall time grows,
the loss is processor contention, not waiting for the database. `run opening-s` is the time the run
spent opening the database for its turns and reads (waiting for readers to finish included): what
sharing the file costs the run, apart from sharing the processor. `--batch` documents per commit (the default 50 in
settings.toml; smaller here so readers meet many write turns in a short benchmark). The issue's
target: during a run, median latency at 10 clients under 1 s with no timeouts, and the run losing
under 20% of its throughput to them. On a machine whose cores are shared with the run, the 50
back-to-back clients take processor time from the run as well: the load average is printed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LGL = ROOT.parent / "shared" / "dev-data" / "geoparsing-lgl" / "lgl.xml"
THUCYDIDES = [sys.executable, "-m", "thucydides.cli"]
# `thucydides run`, writing what its write turns cost (store/windows.py STATS) to $TURN_STATS at exit.
RUN_WITH_STATS = [sys.executable, "-c", "import atexit, json, os, sys\n"
                  "from thucydides.store import windows\n"
                  "atexit.register(lambda: open(os.environ['TURN_STATS'], 'w').write(json.dumps(windows.STATS)))\n"
                  "from thucydides.cli import main\n"
                  "sys.argv[0] = 'thucydides'\n"
                  "main()"]
PATHS = ["/", "/events", "/api/events?limit=20", "/api/documents", "/documents", "/api/stats"]


def write_articles(folder: Path, texts: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True)
    for doc_id, text in texts:
        (folder / f"{doc_id}.txt").write_text(text)
    return folder


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), out.get("PYTHONPATH", "")])
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(db: Path, folder: Path, settings: Path) -> subprocess.Popen:
    log = (folder.parent / f"{folder.name}.log").open("w")  # a file: a full pipe would stall the run
    return subprocess.Popen([*RUN_WITH_STATS, "run", str(folder), "--db", str(db), "--settings", str(settings), "-q"],
                            env=env() | {"TURN_STATS": str(folder.parent / f"{folder.name}.turns.json")},
                            stdout=subprocess.DEVNULL, stderr=log, text=True)


def turn_stats(folder: Path) -> dict:
    path = folder.parent / f"{folder.name}.turns.json"
    return json.loads(path.read_text()) if path.exists() else {}


def run_log(folder: Path) -> str:
    return (folder.parent / f"{folder.name}.log").read_text(errors="replace")[-3000:]


def wait_with_cpu(child: subprocess.Popen) -> float:
    """Wait for a child; its processor seconds (user + system, model loading included)."""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def cpu_seconds(pid: int) -> float:
    """Processor seconds a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def last_run_rate(db: Path) -> tuple[float, int, float]:
    """Documents per second of the database's latest run, by its own clock; (rate, documents, seconds)."""
    sys.path.insert(0, str(ROOT / "src"))
    from thucydides.store import open as open_store

    with open_store(db) as store:
        runs = store.runs().to_pylist()
    counts = json.loads(runs[-1]["counts"])
    return counts["documents"] / counts["seconds"], counts["documents"], counts["seconds"]


class Clients:
    """`n` client threads; `interval` seconds between one client's requests (0: back to back)."""

    def __init__(self, port: int, n: int, interval: float, paths: list[str], timeout: float):
        self.port, self.n, self.interval, self.paths, self.timeout = port, n, interval, paths, timeout
        self.latencies: list[float] = []
        self.timeouts = 0
        self.errors: dict[str, int] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(n)]

    def _client(self, index: int) -> None:
        k = index
        next_at = time.monotonic() + (self.interval * index / self.n if self.interval else 0)
        while not self._stop.is_set():
            if self.interval:
                delay = next_at - time.monotonic()
                if delay > 0 and self._stop.wait(delay):
                    return
                next_at += self.interval
            path = self.paths[k % len(self.paths)]
            k += 1
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                conn.close()
                status = response.status
            except TimeoutError:
                with self._lock:
                    self.timeouts += 1
                continue
            except OSError as error:
                with self._lock:
                    self.errors[type(error).__name__] = self.errors.get(type(error).__name__, 0) + 1
                continue
            elapsed = time.monotonic() - started
            with self._lock:
                if not self._stop.is_set():
                    self.latencies.append(elapsed)
                if status != 200:
                    self.errors[str(status)] = self.errors.get(str(status), 0) + 1

    def start(self) -> None:
        self.started = time.monotonic()
        for thread in self._threads:
            thread.start()

    def stop(self) -> dict:
        self._stop.set()
        seconds = time.monotonic() - self.started
        for thread in self._threads:
            thread.join(timeout=self.timeout + 5)
        lat = sorted(self.latencies)
        return {
            "requests_per_s": round(len(lat) / seconds, 2),
            "median_s": round(statistics.median(lat), 3) if lat else None,
            "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 3) if lat else None,
            "answered": len(lat),
            "timeouts": self.timeouts,
            "errors": self.errors,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=60, help="articles in the database before the phases")
    parser.add_argument("--docs", type=int, default=40, help="articles per run phase")
    parser.add_argument("--seconds", type=float, default=20, help="seconds of the idle phases")
    parser.add_argument("--batch", type=int, default=10, help="documents per commit")
    parser.add_argument("--timeout", type=float, default=10, help="a client gives up after this many seconds")
    parser.add_argument("--paths", default=",".join(PATHS))
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    if not LGL.exists():
        sys.exit(f"{LGL} is absent: this benchmark needs ../shared/dev-data")
    paths = args.paths.split(",")
    root = ET.parse(LGL).getroot()
    texts = [(a.get("docid"), a.findtext("text") or "") for a in root.iter("article")]
    needed = args.seed + 3 * args.docs
    texts = [t for t in texts if len(t[1]) > 200][:needed]
    if len(texts) < needed:
        sys.exit(f"only {len(texts)} articles: lower --seed or --docs")

    work = Path(tempfile.mkdtemp(prefix="serve-load-"))
    figures: dict[str, dict] = {}
    server = None
    try:
        db = work / "news.duckdb"
        settings = work / "settings.toml"
        settings.write_text(f"[pipeline]\ndocs_per_commit = {args.batch}\n")
        folders = [write_articles(work / "seed", texts[: args.seed])]
        for i in range(3):
            start = args.seed + i * args.docs
            folders.append(write_articles(work / f"run{i}", texts[start: start + args.docs]))
        print(f"seeding {args.seed} articles ...", flush=True)
        seed = run(db, folders[0], settings)
        wait_with_cpu(seed)
        if seed.returncode != 0:
            sys.exit(run_log(folders[0]))

        port = free_port()
        # The server's log goes to a file: a pipe nobody reads would fill and stall the server.
        server_log = (work / "server.log").open("w")
        server = subprocess.Popen([*THUCYDIDES, "serve", "--db", str(db), "--port", str(port)], env=env(),
                                  stdout=server_log, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the server did not start: " + (work / "server.log").read_text()[-3000:])
                time.sleep(0.2)

        def idle(name: str, n: int, interval: float) -> None:
            load, server_cpu = os.getloadavg()[0], cpu_seconds(server.pid)
            clients = Clients(port, n, interval, paths, args.timeout)
            clients.start()
            time.sleep(args.seconds)
            figures[name] = clients.stop() | {"server_cpu_s": round(cpu_seconds(server.pid) - server_cpu, 1),
                                              "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}
            print(name, figures[name], flush=True)

        def during_run(name: str, folder: Path, n: int, interval: float) -> None:
            load, server_cpu = os.getloadavg()[0], cpu_seconds(server.pid)
            clients = Clients(port, n, interval, paths, args.timeout) if n else None
            if clients:
                clients.start()
            child = run(db, folder, settings)
            run_cpu = wait_with_cpu(child)
            if child.returncode != 0:
                print(f"{name}: the run FAILED: {run_log(folder)}", flush=True)
            out = clients.stop() if clients else {}
            rate, docs, seconds = last_run_rate(db)
            turns = turn_stats(folder)
            out |= {"run_docs_per_s": round(rate, 3), "run_documents": docs, "run_seconds": round(seconds, 1),
                    "run_cpu_s": round(run_cpu, 1), "run_turns": turns.get("write_turns"),
                    "run_opening_s": round(turns.get("open_seconds", 0.0), 2),
                    "run_in_turns_s": round(turns.get("turn_seconds", 0.0), 2), "server_cpu_s": round(cpu_seconds(server.pid) - server_cpu, 1),
                    "run_exit": child.returncode, "load_before": round(load, 2),
                    "load_after": round(os.getloadavg()[0], 2)}
            out["run_docs_per_cpu_s"] = round(docs / run_cpu, 3) if run_cpu else None
            if "run-alone" in figures:
                alone = figures["run-alone"]
                base = alone["run_docs_per_s"]
                out["run_throughput_change"] = f"{100 * (rate - base) / base:+.1f}%"
                # What sharing the database cost the run: its extra time opening the file (waiting for
                # readers to close), against the whole time of the run alone.
                extra = out["run_opening_s"] - alone["run_opening_s"]
                out["run_sharing_cost"] = f"{100 * extra / alone['run_seconds']:+.1f}%"
            figures[name] = out
            print(name, out, flush=True)

        idle("idle-10", 10, 1.0)
        idle("idle-50", 50, 0.0)
        during_run("run-alone", folders[1], 0, 0.0)
        during_run("run-10", folders[2], 10, 1.0)
        during_run("run-50", folders[3], 50, 0.0)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            log = (work / "server.log").read_text(errors="replace")
            failures = [line for line in log.splitlines() if " 500" in line or "Error" in line]
            if failures:
                print(f"server log: {len(failures)} error lines, the last ones:", *failures[-8:], sep="\n  ")
        shutil.rmtree(work, ignore_errors=True)

    print("\nphase       req/s   median   p95     timeouts  non-200   run docs/s  vs alone  run cpu-s  server cpu-s"
          "  run opening-s  sharing cost")
    for name, f in figures.items():
        errors = sum(f.get("errors", {}).values())
        print(f"{name:<10} {f.get('requests_per_s', '-')!s:>6} {f.get('median_s', '-')!s:>8} "
              f"{f.get('p95_s', '-')!s:>7} {f.get('timeouts', '-')!s:>9} {errors if 'errors' in f else '-'!s:>8} "
              f"{f.get('run_docs_per_s', '-')!s:>11} {f.get('run_throughput_change', '-'):>9} "
              f"{f.get('run_cpu_s', '-')!s:>10} {f.get('server_cpu_s', '-')!s:>13} {f.get('run_opening_s', '-')!s:>14} "
              f"{f.get('run_sharing_cost', '-'):>13}")
    run10 = figures.get("run-10", {})
    if run10.get("median_s") is not None:
        change = (run10["run_docs_per_s"] / figures["run-alone"]["run_docs_per_s"] - 1) * 100
        ok = run10["median_s"] < 1 and run10["timeouts"] == 0 and change > -20
        print(f"\ntarget (run-10: median < 1 s, no timeouts, run losing < 20%): {'met' if ok else 'NOT met'} "
              f"(median {run10['median_s']} s, {run10['timeouts']} timeouts, run {change:+.1f}% by the wall clock; "
              f"sharing the database cost it {run10['run_sharing_cost']}, its documents per processor-second "
              f"{run10['run_docs_per_cpu_s']} against {figures['run-alone']['run_docs_per_cpu_s']} alone; "
              f"load average {run10['load_before']}-{run10['load_after']} on {os.cpu_count()} cores)")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
