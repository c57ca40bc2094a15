"""The coder on blind-written sentences of 2013-2019 news, each coded by an expert beforehand.

    .venv/bin/python benchmarks/sentence_gold.py gold/sentences/modern-held-*.jsonl
    .venv/bin/python benchmarks/sentence_gold.py gold/sentences/modern-dev-conflict.jsonl --show

The files in gold/sentences/ (README there) hold sentences written and coded by helpers who never saw
the coder's output: realistic wire and web sentences about real states, groups and office-holders of
2013-2019, with the events an expert CAMEO coder would list (source, target, code, factuality). The
gold sets of gold/newswire/ are 1990-2006 wire copy; these measure the vocabulary and roles of the
news the issues describe. A sentence is coded on its own (no story around it).

Scoring, at country + CAMEO root like the gold rule of gold/newswire: a reading matches a gold event of
its root whose source and target it matches (a country code, or an organisation the knowledge base
names by that code or alias, as `thucydides eval` matches actors); a gold target of null matches any
target. Each gold event and each reading is matched at most once. Gold events that are only
hypothetical are not required (the coder does not code supposed acts by default).

Prints recall and precision, the misses by cause (no reading in the sentence, readings of other roots
only, the root with other actors) and a table per root. --show prints every miss and every reading
that matches nothing, with its sentence: use it on the development files only, never on the held-out
ones.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any


def matches(gold: Any, actor: dict[str, Any] | None) -> bool:
    from thucydides.evaluate import actor_matches

    if gold is None:
        return True
    return actor_matches(gold, actor)


def score_file(pipeline, rows: list[dict[str, Any]], show: bool, totals: dict[str, Counter]) -> None:
    for row in rows:
        result = pipeline.code_text(row["text"], doc_id=row["id"], published=row["published"], no_clean=True)
        readings = [r.to_dict() for r in getattr(result, "readings", [])]
        used: set[int] = set()
        for event in row["events"]:
            if event.get("factuality") == "hypothetical":
                continue
            root = str(event["root"]).zfill(2)
            totals["gold"][root] += 1
            hit = next((i for i, r in enumerate(readings) if i not in used and r["cameo"]["code"][:2] == root
                        and matches(event["source"], r["source"]) and matches(event.get("target"), r.get("target"))),
                       None)
            if hit is not None:
                used.add(hit)
                totals["found"][root] += 1
                continue
            same_root = any(r["cameo"]["code"][:2] == root for r in readings)
            cause = "the root, other actors" if same_root else ("other roots only" if readings else "no reading")
            totals["causes"][cause] += 1
            if show:
                print(f"MISS {cause:22s} {row['id']} {event['source']}->{event.get('target')} {event['code']}"
                      f" | {row['text'][:160]}")
        for i, reading in enumerate(readings):
            root = reading["cameo"]["code"][:2]
            totals["emitted"][root] += 1
            if i in used:
                totals["right"][root] += 1
            elif show:
                target = (reading.get("target") or {}).get("code")
                print(f"EXTRA {row['id']} {reading['source']['code']}->{target} {reading['cameo']['code']}"
                      f" {reading['factuality']} {reading.get('pattern_id')} | {row['text'][:160]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="every miss and wrong reading (development files only)")
    args = parser.parse_args(argv)
    from thucydides.pipeline import Pipeline

    pipeline = Pipeline()
    totals: dict[str, Counter] = {k: Counter() for k in ("gold", "found", "emitted", "right", "causes")}
    sentences = 0
    for path in args.files:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        sentences += len(rows)
        score_file(pipeline, rows, args.show, totals)
    gold, found = sum(totals["gold"].values()), sum(totals["found"].values())
    emitted, right = sum(totals["emitted"].values()), sum(totals["right"].values())
    print(f"{sentences} sentences: recall {found}/{gold} = {found / max(gold, 1):.3f}, "
          f"precision {right}/{emitted} = {right / max(emitted, 1):.3f}")
    print("misses: " + ", ".join(f"{k} {v}" for k, v in totals["causes"].most_common()))
    print("root  gold found  emitted right")
    for root in sorted(set(totals["gold"]) | set(totals["emitted"])):
        print(f"{root}    {totals['gold'][root]:4d} {totals['found'][root]:5d}  {totals['emitted'][root]:7d}"
              f" {totals['right'][root]:5d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
