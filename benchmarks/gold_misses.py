"""The misses of the coder on a gold set, by cause: what to fix first.

    .venv/bin/python benchmarks/gold_misses.py gold/newswire/dev [--show]

Codes every gold file's document and classifies each required gold event that no reading matches, by
what was read from the sentence holding its evidence:
  no reading       nothing was coded from that sentence (no pattern, or no actor it could resolve)
  wrong code       a reading with the gold's source and target but another CAMEO root (wrong sense)
  missing target   the right root and source, no target
  wrong actor      the right root, but another source or target
  wrong date       the right root, source and target, a date outside the tolerance
  evidence unfound the evidence text was not found in the document (cannot say)
Counts only, unless --show (which prints each miss with its sentence: do not use it on a sealed set).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def classify(event: dict, readings: list[dict]) -> str:
    from thucydides.evaluate import _date_matches, actor_matches

    roots = event.get("cameo_roots") or []
    if not readings:
        return "no reading"
    source_ok = [r for r in readings if actor_matches(event.get("source", "*"), r.get("source"))]
    both_ok = [r for r in source_ok if actor_matches(event.get("target", "*"), r.get("target"))]
    in_root = [r for r in readings if not roots or r["cameo"]["root"] in roots]
    if not in_root:
        return "wrong code" if both_ok else "no reading of that kind"
    if any(r in both_ok for r in in_root):
        return "wrong date" if not any(_date_matches(event, r) for r in in_root if r in both_ok) else "matched elsewhere"
    if any(r in source_ok and not r.get("target") for r in in_root):
        return "missing target"
    return "wrong actor"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--show", action="store_true", help="print each miss with its sentence")
    parser.add_argument("--data", action="append", default=[], help="folder of the gold documents")
    args = parser.parse_args()
    from thucydides.evaluate import code_gold_documents, score
    from thucydides.pipeline import Pipeline

    pipeline = Pipeline()
    files = sorted(Path(args.folder).glob("*.gold.json"))
    causes: Counter[str] = Counter()
    total = 0
    for gold_file, gold, result in code_gold_documents(pipeline, files, args.data):
        readings = [r.to_dict() for r in result.readings]
        missed = {m["id"] for m in score(gold, readings).misses}
        text = result.doc.text
        for event in gold["events"]:
            if not event.get("required"):
                continue
            total += 1
            if event["id"] not in missed:
                continue
            start = text.find((event.get("evidence") or "")[:40]) if event.get("evidence") else -1
            span = next(((a, b) for a, b in result.sentences if a <= start < b), None) if start >= 0 else None
            if span is None:
                cause = "evidence unfound"
                found = []
            else:
                found = [r.to_dict() for r in result.readings if span[0] <= r.doc_offset < span[1]]
                cause = classify(event, found)
            causes[cause] += 1
            if args.show:
                print(f"{cause:<24} {gold_file.name}: {event['id']} {event.get('source')}->{event.get('target')} "
                      f"{event.get('cameo_roots')} | {(text[span[0]:span[1]] if span else '')[:140]}")
    missed_total = sum(causes.values())
    print(f"{len(files)} gold files: {missed_total} of {total} required events missed")
    for cause, count in causes.most_common():
        print(f"  {count:4d}  {cause}")


if __name__ == "__main__":
    main()
