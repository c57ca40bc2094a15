"""The misses of the coder on a gold set, by cause: what to fix first.

    .venv/bin/python benchmarks/gold_misses.py gold/newswire/dev [--show]

Codes every gold file's document and classifies each required gold event that no reading matches, by
what was read from the sentence holding its evidence:
  no reading       nothing was coded from that sentence, split by why:
    unknown actor      the gold source or target names a country no actor of the sentence resolves to
    no pattern         the actors are there, but no pattern of the gold's root matches any word
    pattern unfired    a pattern of the gold's root matches some word, yet no reading came of it
                       (roles, sense, factuality or other filters)
  wrong code       a reading with the gold's source and target but another CAMEO root (wrong sense)
  missing target   the right root and source, no target
  wrong actor      the right root, but another source or target
  wrong date       the right root, source and target, a date outside the tolerance
  evidence unfound the evidence text was not found in the document (cannot say)
Then the readings that match no gold event, by what the gold says of their sentence:
  nothing coded here   the annotator coded no event in that sentence (a spurious reading)
  other root           the sentence holds gold events, none of the reading's root (wrong sense)
  other actors         a gold event of the reading's root, with another source or target
  other date           a gold event of the reading's root and actors, another date
  repeat               the gold event it fits is already matched by another reading
Last, the readings whose root and date fit a gold event, by how their source's and target's countries
were found (named in the text, or guessed from the story, the dateline, the place or the discourse) and
whether they have the gold's source and target: which guess fails most.
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


def why_nothing(pipeline, event: dict, result, span: tuple[int, int]) -> str:
    """Split a sentence that gave no reading: an actor the KB could not resolve, no pattern, or neither."""
    from thucydides.evaluate import actor_matches

    named = [actor for mention in result.actors if span[0] <= mention.start < span[1] for actor in mention.actors]
    for role in ("source", "target"):
        wanted = event.get(role, "*")
        if wanted not in ("*", None, "") and not any(actor_matches(wanted, a.as_dict()) for a in named):
            return "no reading: unknown actor"
    sentence = pipeline.nlp(result.doc.text[span[0]:span[1]])
    roots = set(event.get("cameo_roots") or [])
    if any(not roots or trigger.code[:2] in roots for token in sentence for trigger in pipeline.coder.matcher.matches(token)):
        return "no reading: pattern unfired"
    return "no reading: no pattern"


def roles_by_basis(gold: dict, readings: list[dict]) -> Counter[tuple[str, str, bool]]:
    from thucydides.evaluate import _actors_match, _root_and_date_match

    out: Counter[tuple[str, str, bool]] = Counter()
    for reading in readings:
        fitting = [ev for ev in gold["events"] if _root_and_date_match(ev, reading)]
        if not fitting:
            continue
        right = any(_actors_match(ev, reading) for ev in fitting)
        for role in ("source", "target"):
            actor = reading.get(role)
            basis = "no actor" if not actor else actor.get("country_basis") or "named"
            out[(role, basis, right)] += 1
    return out


def classify_extras(gold: dict, result, readings: list[dict], text: str, show) -> Counter[str]:
    from thucydides.evaluate import (
        _actors_match,
        _date_matches,
        _max_matching,
        _root_matches,
        reading_matches,
    )

    events = gold["events"]
    edges = {g: [r for r, reading in enumerate(readings) if reading_matches(ev, reading, "root")]
             for g, ev in enumerate(events)}
    matched = _max_matching([g for g, ev in enumerate(events) if ev.get("required")], edges, {})
    matched.update(_max_matching([g for g, ev in enumerate(events) if not ev.get("required")], edges,
                                 {r: g for g, r in matched.items()}))
    used = set(matched.values())
    spans = []
    for event in events:
        start = text.find((event.get("evidence") or "")[:40]) if event.get("evidence") else -1
        spans.append(next(((a, b) for a, b in result.sentences if a <= start < b), None) if start >= 0 else None)
    causes: Counter[str] = Counter()
    for r, reading in enumerate(readings):
        if r in used:
            continue
        offset = reading["evidence"]["doc_start"]
        here = [ev for ev, span in zip(events, spans, strict=True) if span and span[0] <= offset < span[1]]
        if any(r in edges[g] for g in edges):
            cause = "repeat"
        elif not here:
            cause = "nothing coded here"
        elif not any(_root_matches(ev, reading) for ev in here):
            cause = "other root"
        elif not any(_root_matches(ev, reading) and _actors_match(ev, reading) for ev in here):
            cause = "other actors"
        elif not any(_date_matches(ev, reading) for ev in here):
            cause = "other date"
        else:
            cause = "repeat"
        causes[cause] += 1
        if show:
            print(f"EXTRA {cause:<19} {show}: {reading['source'].get('name')}->{(reading.get('target') or {}).get('name')} "
                  f"{reading['cameo']['code']} | {reading['evidence']['text'][:120]}")
    return causes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--show", action="store_true", help="print each miss with its sentence")
    parser.add_argument("--data", action="append", default=[], help="folder of the gold documents")
    args = parser.parse_args()
    from thucydides.clean.page import dateline_length
    from thucydides.evaluate import code_gold_documents, score
    from thucydides.pipeline import Pipeline

    pipeline = Pipeline()
    files = sorted(Path(args.folder).glob("*.gold.json"))
    causes: Counter[str] = Counter()
    extras: Counter[str] = Counter()
    bases: Counter[tuple[str, str, bool]] = Counter()
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
            evidence = event.get("evidence") or ""
            evidence = evidence[dateline_length(evidence):].lstrip()  # "ROME, April 1 (AFP) - Italian troops ..."
            start = text.find(evidence[:40]) if evidence else -1
            span = next(((a, b) for a, b in result.sentences if a <= start < b), None) if start >= 0 else None
            if span is None:
                cause = "evidence unfound"
                found = []
            else:
                found = [r.to_dict() for r in result.readings if span[0] <= r.doc_offset < span[1]]
                cause = classify(event, found)
                if cause == "no reading":
                    cause = why_nothing(pipeline, event, result, span)
            causes[cause] += 1
            if args.show:
                print(f"{cause:<24} {gold_file.name}: {event['id']} {event.get('source')}->{event.get('target')} "
                      f"{event.get('cameo_roots')} | {(text[span[0]:span[1]] if span else '')[:140]}")
        extras.update(classify_extras(gold, result, readings, text, args.show and gold_file.name))
        bases.update(roles_by_basis(gold, readings))
    missed_total = sum(causes.values())
    print(f"{len(files)} gold files: {missed_total} of {total} required events missed")
    for cause, count in causes.most_common():
        print(f"  {count:4d}  {cause}")
    print(f"{sum(extras.values())} readings match no gold event")
    for cause, count in extras.most_common():
        print(f"  {count:4d}  {cause}")
    print("readings with a fitting root and date, by how a country was found: right roles / all")
    for role in ("source", "target"):
        for basis in sorted({b for r, b, _ in bases if r == role}):
            right, wrong = bases[(role, basis, True)], bases[(role, basis, False)]
            print(f"  {role:<6} {basis:<10} {right:4d} / {right + wrong:<4d}")


if __name__ == "__main__":
    main()
