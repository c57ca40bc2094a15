"""Actor knowledge base: load time, memory and lookups per second.

    .venv/bin/python benchmarks/actor_lookup.py [--rounds 5] [--lookups 200000]

Prints one figure per line. Lookups mix hits and misses, names with "the", possessives, acronyms,
accents and case variants, as a resolver would send them; the phrase-key cache is cleared first so
the first pass over the mix pays for normalisation.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from pathlib import Path

from thucydides.knowledge.actorkb import ActorKB, phrase_key
from thucydides.knowledge.datafiles import read_yaml_cached

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "peer-suites" / "petrarch2"

NAMES = ["Russia", "the United States", "U.S.", "us", "Georgia", "South Ossetia", "Côte d’Ivoire",
         "Russia's", "UN", "WHO", "who", "Narnia", "the Kremlin", "DRC", "NATO", "Hamas", "Burma"]
DEMONYMS = ["Russian", "Russians", "Georgian", "South Ossetian", "Abkhaz", "Congolese", "Martian"]
METONYMS = ["Moscow", "the Kremlin", "Tbilisi", "Washington", "Pentagon", "Atlantis"]
ROLES = ["foreign minister", "troops", "officials", "police", "spokesman", "president", "wizard"]
PEOPLE = ["Sergei Lavrov", "Lavrov", "Medvedev", "Bush", "Nicolas Sarkozy", "John Doe"]


def time_load(rounds: int, files: list[Path], cold: bool = True) -> tuple[float, float]:
    """Median and best load time; cold: YAML parsed again each round (a new process's first load)."""
    times = []
    for _ in range(rounds):
        gc.collect()
        if cold:
            read_yaml_cached.cache_clear()
        start = time.perf_counter()
        ActorKB.load(files)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def memory() -> tuple[float, float]:
    gc.collect()
    read_yaml_cached.cache_clear()
    tracemalloc.start()
    kb = ActorKB.load()
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kb
    return retained / 2**20, peak / 2**20


def lookups_per_second(kb: ActorKB, total: int) -> dict[str, float]:
    calls = {
        "lookup": (kb.lookup, NAMES), "demonym": (kb.demonym, DEMONYMS), "metonym": (kb.metonym, METONYMS),
        "role": (kb.role, ROLES), "person": (kb.person, PEOPLE),
    }
    out = {}
    for name, (method, phrases) in calls.items():
        phrase_key.cache_clear()
        work = (phrases * (total // len(phrases) + 1))[:total]
        start = time.perf_counter()
        for phrase in work:
            method(phrase)
        out[name] = total / (time.perf_counter() - start)
    phrase_key.cache_clear()
    start = time.perf_counter()
    for i in range(total):
        phrase_key(f"Phrase number {i}")  # every key new: the uncached normalisation cost
    out["phrase_key (uncached)"] = total / (time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lookups", type=int, default=200_000)
    args = parser.parse_args()

    median, best = time_load(args.rounds, [])
    print(f"load package KB (parse + build): median {median * 1000:.0f} ms, best {best * 1000:.0f} ms "
          f"({args.rounds} rounds)")
    median, best = time_load(args.rounds, [], cold=False)
    print(f"reload with parsed files cached: median {median * 1000:.0f} ms, best {best * 1000:.0f} ms")
    retained, peak = memory()
    print(f"memory: {retained:.1f} MiB retained after load, {peak:.1f} MiB peak while loading (tracemalloc)")
    kb = ActorKB.load()
    phrases = list(kb.phrases())
    print(f"size: {len(kb)} entries, {sum(1 for _ in kb.people())} people, "
          f"{sum(1 for _ in kb.roles())} roles, {len(phrases)} matcher phrases")
    for name, rate in lookups_per_second(kb, args.lookups).items():
        print(f"{name}: {rate:,.0f} calls/s")
    if SUITE.exists():
        files = [SUITE / "PETR.Validate.actors.txt", SUITE / "PETR.Validate.agents.txt"]
        median, best = time_load(args.rounds, files)
        print(f"load package KB + PETRARCH suite dictionaries: median {median * 1000:.0f} ms")


if __name__ == "__main__":
    main()
