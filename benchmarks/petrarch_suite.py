"""Measure the event coder on PETRARCH2's unit-test suite (../shared/peer-suites/petrarch2/).

The suite is a measuring stick, never training data: it is read from ../shared at run time and
nothing of it is copied into the project. Its actors are mostly fictional (Arnor = ARN, Gondor =
GON), so its own actor and agent dictionaries are layered on the knowledge base with
``--dictionary`` (the PETRARCH importer in thucydides/petrarch.py reads them). Its expected codes
come from PETRARCH's verb dictionary and sometimes disagree with the CAMEO codebook, which this
project follows, so the full-code share understates agreement on meaning.

Printed figures, over the sentences in the suite's <Include> categories (less those whose only coding
is an error marker such as bad_input_parse or storydiscard: tests of PETRARCH's own input handling):
- the share of expected (source, target, code) triples produced at full code and at root level;
- the share of expected (source, target) dyads produced with any code: the suite's verb
  dictionary gives many verbs test codes unrelated to the codebook ("condemn" 122, "restore ties"
  064, even "904" or "174L"), so this is the figure that measures argument structure and actors;
- the share of its no-event sentences left uncoded;
- precision, recall and F1 by the rule the suite's README states for PETRARCH2 (F1 0.54):
  (source, target, CAMEO root) triples, a source or target matching on its first three letters;
  a reading without a target counts only where the suite's require_dyad switch is off.

With the suite's verb dictionary imported (the default; --no-petrarch-verbs codes with our patterns
only), the expected codes are the dictionary's own, so the README figures measure role assignment.
Also printed: the share of produced (source, target) dyads that are expected.

    python benchmarks/petrarch_suite.py [--suite DIR] [--show-misses N] [--category C] [--no-petrarch-verbs]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SUITE = ROOT.parent / "shared" / "peer-suites" / "petrarch2"


@dataclass
class Record:
    id: str
    category: str
    date: str | None
    text: str
    expected: list[tuple[str, str, str]]
    no_events: bool
    require_dyad: bool
    produced: list[tuple[str, str, str]] = field(default_factory=list)


def read_records(suite: Path) -> list[Record]:
    """The <Sentence> records in file order, with the require_dyad switch in force for each."""
    text = (suite / "PETR.UnitTest.records.xml").read_text(encoding="utf-8", errors="replace")
    include = set(re.search(r"<Include>(.*?)</Include>", text, re.S).group(1).split())
    records: list[Record] = []
    require_dyad = True
    # <Config> elements between sentences change switches for what follows: read the file in order.
    for match in re.finditer(r"<Config\s+option=\"(\w+)\"\s+value=\"(\w+)\"|<Sentence\b.*?</Sentence>", text, re.S):
        if match.group(1):
            if match.group(1) == "require_dyad":
                require_dyad = match.group(2).lower() == "true"
            continue
        element = ET.fromstring(re.sub(r"<Parse>.*?</Parse>", "", match.group(0), flags=re.S))
        category = element.get("category", "")
        if category not in include:
            continue
        raw_date = element.get("date") or ""
        date = f"{raw_date[:4]}-{raw_date[4:6]}-{raw_date[6:8]}" if re.fullmatch(r"\d{8}", raw_date) else None
        sentence = " ".join((element.findtext("Text") or "").split())
        expected = []
        no_events = False
        codings = element.findall("EventCoding")
        if codings and all(c.get("error") for c in codings):
            continue  # a test of PETRARCH's input handling (bad parse, discarded story), with no coding
        for coding in codings:
            if (coding.get("noevents") or "").lower() == "true":
                no_events = True
                continue
            expected.append((coding.get("sourcecode", ""), coding.get("targetcode", ""), coding.get("eventcode", "")))
        records.append(Record(element.get("id", "?"), category, date, sentence, expected, no_events and not expected,
                              require_dyad))
    return records


def actor_code(actor) -> str:
    if actor is None:
        return "---"
    return (actor.code or actor.country or "---").upper()


def code_records(records: list[Record], suite: Path, verbs: bool = True) -> float:
    from thucydides.pipeline import Pipeline

    dictionaries = [str(suite / "PETR.Validate.actors.txt"), str(suite / "PETR.Validate.agents.txt")]
    if verbs:
        dictionaries.append(str(suite / "PETR.Validate.verbs.txt"))  # read by knowledge/petrarch_verbs.py
    pipeline = Pipeline(dictionaries=dictionaries, language_check=False)
    start = time.perf_counter()
    for record in records:
        result = pipeline.code_text(record.text, doc_id=record.id, published=record.date, no_clean=True)
        for reading in getattr(result, "readings", []):
            if record.require_dyad and reading.target is None:
                continue
            record.produced.append((actor_code(reading.source), actor_code(reading.target), reading.cameo.code))
    return time.perf_counter() - start


def _key(triple: tuple[str, str, str], level: str) -> tuple[str, str, str]:
    source, target, code = triple
    if level == "root":
        return source[:3], target[:3], code[:2]
    return source[:3], target[:3], code


def score(records: list[Record]) -> dict[str, float]:
    expected = produced = hit_full = hit_root = matched_emitted = hit_dyad = 0
    dyads_produced = dyads_expected_hit = 0
    no_event_total = no_event_clean = passed = 0
    for record in records:
        if record.no_events:
            no_event_total += 1
            no_event_clean += not record.produced
            passed += not record.produced
            continue
        want_full = {_key(t, "full") for t in record.expected}
        want_root = {_key(t, "root") for t in record.expected}
        got_full = {_key(t, "full") for t in record.produced}
        got_root = {_key(t, "root") for t in record.produced}
        expected += len(want_root)
        hit_full += len(want_full & got_full)
        hit_root += len(want_root & got_root)
        got_dyads = {(s, t) for s, t, _ in got_root}
        hit_dyad += sum((s, t) in got_dyads for s, t, _ in want_root)
        want_dyads = {(s, t) for s, t, _ in want_root}
        dyads_produced += len(got_dyads)
        dyads_expected_hit += len(got_dyads & want_dyads)
        produced += len(got_root)
        matched_emitted += len(got_root & want_root)
        passed += want_root <= got_root and got_root <= want_root
    precision = matched_emitted / produced if produced else 0.0
    recall = hit_root / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": len(records), "expected": expected, "full_share": hit_full / expected if expected else 0.0,
        "root_share": recall, "dyad_share": hit_dyad / expected if expected else 0.0,
        "dyad_precision": dyads_expected_hit / dyads_produced if dyads_produced else 0.0,
        "no_event_total": no_event_total,
        "no_event_share": no_event_clean / no_event_total if no_event_total else 0.0,
        "precision": precision, "recall": recall, "f1": f1, "emitted": produced, "passed": passed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--show-misses", type=int, default=0, help="print up to N records that differ")
    parser.add_argument("--category", help="only records of this category")
    parser.add_argument("--no-petrarch-verbs", dest="verbs", action="store_false",
                        help="code with our own verb patterns only, not the suite's verb dictionary")
    args = parser.parse_args(argv)
    if not (args.suite / "PETR.UnitTest.records.xml").exists():
        print(f"suite not found in {args.suite} (it lives in ../shared, outside a user's clone)")
        return 1
    records = read_records(args.suite)
    if args.category:
        records = [r for r in records if r.category == args.category]
    seconds = code_records(records, args.suite, verbs=args.verbs)
    figures = score(records)
    print(f"PETRARCH2 unit-test suite: {figures['records']} records, {figures['expected']} expected triples, "
          f"{figures['no_event_total']} no-event sentences ({seconds:.1f} s); verbs: "
          f"{'the suite PETR.Validate.verbs.txt' if args.verbs else 'ours only'}")
    print(f"  expected triples produced, full code:  {figures['full_share']:.3f}")
    print(f"  expected triples produced, root level: {figures['root_share']:.3f}")
    print(f"  expected dyads produced, any code:     {figures['dyad_share']:.3f}   (the suite's verb codes are "
          "its own test values, often not CAMEO's)")
    print(f"  produced dyads that are expected:      {figures['dyad_precision']:.3f}")
    print(f"  no-event sentences left uncoded:       {figures['no_event_share']:.3f}")
    print(f"  README rule (root, 3-letter actors):   precision {figures['precision']:.3f}  "
          f"recall {figures['recall']:.3f}  F1 {figures['f1']:.3f}   (PETRARCH2: 0.72 / 0.44 / 0.54)")
    print(f"  records coded exactly (root level):    {figures['passed']} of {figures['records']}")
    shown = 0
    for record in records:
        if shown >= args.show_misses:
            break
        want = {_key(t, "root") for t in record.expected}
        got = {_key(t, "root") for t in record.produced}
        if want == got:
            continue
        shown += 1
        print(f"\n{record.id} [{record.category}] {record.text}")
        print(f"   expected {sorted(record.expected)}")
        print(f"   produced {sorted(set(record.produced))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
