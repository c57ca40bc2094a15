"""Gazetteer load time, memory and lookup speed.

    .venv/bin/python benchmarks/gazetteer_load.py

Each scenario runs in a fresh interpreter so its memory figure is its own:

* cold: the package sources read and indexed from scratch (what the first run on a machine pays;
  the disk cache is disabled);
* cached: the index read from the disk cache (every later run);
then lookups per second: of names not looked up before (every 50th key of the index; each builds
its Candidate records) and of a news-like mix of names looked up again and again (memoised), and the
sizes of the index. Memory is the growth of the process's resident set (VmRSS) and its peak
(VmHWM) over the interpreter with the package imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NAMES = [
    "Moscow", "Georgia", "South Ossetia", "Tbilisi", "Paris", "Springfield", "the Black Sea", "U.S.",
    "Tripoli", "Alexandria", "Kiev", "Rapides Parish", "Middle East", "Gaza", "Xqzzyville", "Washington",
]  # fmt: skip


def _memory_kib() -> dict[str, int]:
    status = Path("/proc/self/status").read_text()
    return {
        key: int(line.split()[1])
        for line in status.splitlines()
        for key in ("VmRSS", "VmHWM")
        if line.startswith(key + ":")
    }


def scenario(name: str, cache_dir: str) -> dict[str, float]:
    sys.path.insert(0, str(REPO / "src"))
    from thucydides.places.gazetteer import Gazetteer

    before = _memory_kib()
    started = time.perf_counter()
    gazetteer = Gazetteer(cache_dir=cache_dir)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    size = len(gazetteer)  # builds or reads the index
    indexed = time.perf_counter() - started
    after = _memory_kib()
    base = gazetteer._layers()[0]
    distinct = list(base.keys)[::50]  # every 50th name key: first lookups, nothing memoised
    started = time.perf_counter()
    for key in distinct:
        gazetteer.candidates(key)
    first_lookups = len(distinct) / (time.perf_counter() - started)
    started = time.perf_counter()
    rounds = 2000
    for _ in range(rounds):
        for place_name in NAMES:
            gazetteer.candidates(place_name)
    lookups = rounds * len(NAMES) / (time.perf_counter() - started)
    return {
        "scenario": name,
        "load_s": loaded,
        "index_s": indexed,
        "rss_mib": (after["VmRSS"] - before["VmRSS"]) / 1024,
        "peak_mib": after["VmHWM"] / 1024,
        "first_lookups_per_s": first_lookups,
        "lookups_per_s": lookups,
        "places": size,
        "names": len(base.keys),
    }


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--scenario":
        print(json.dumps(scenario(sys.argv[2], sys.argv[3])))
        return 0
    with tempfile.TemporaryDirectory() as cache:
        results = []
        for name, cache_dir in (("cold", ""), ("build+write cache", cache), ("cached", cache)):
            out = subprocess.run(
                [sys.executable, __file__, "--scenario", name, cache_dir],
                capture_output=True,
                text=True,
                check=True,
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(
        f"{'scenario':20s} {'load':>7s} {'index':>7s} {'RSS +MiB':>9s} {'peak MiB':>9s} "
        f"{'new names/s':>12s} {'repeated/s':>11s}"
    )
    for r in results:
        print(
            f"{r['scenario']:20s} {r['load_s']:6.2f}s {r['index_s']:6.2f}s {r['rss_mib']:9.0f} {r['peak_mib']:9.0f} "
            f"{r['first_lookups_per_s']:12.0f} {r['lookups_per_s']:11.0f}"
        )
    print(f"{results[-1]['places']} places, {results[-1]['names']} distinct name keys")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
