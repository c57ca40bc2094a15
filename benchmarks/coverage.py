"""Where the vocabulary is thin: sentences that name two or more political actors and get no reading.

    .venv/bin/python benchmarks/coverage.py [--limit N] [--sample 3] [--top 40] [--json FILE]

Corpus: every article of ../shared/dev-data/newswire/ (1,056 wire and broadcast stories); the
benchmark says so and stops when ../shared is absent. Each article goes through the whole pipeline
(its title, date and source as `thucydides run` reads them). A sentence counts when it names two or
more distinct political actors (states, territories, organisations, groups, and people with a
country), told apart by actor id; it is "uncovered" when no reading comes from it. Prints the share of
uncovered sentences, then the uncovered sentences grouped by the lemma of their main verb (the
sentence root, else its first verb), largest group first, with a sample of each, so the missing
vocabulary shows. No gold is involved: this measures coverage, not correctness. The articles of the
sealed part of the development gold set (gold/newswire/SELECTION.txt) and of the held-out extension
(gold/newswire/dev-extension-10) are left out, so that reading the samples never shows their sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSWIRE = ROOT.parent / "shared" / "dev-data" / "newswire"
sys.path.insert(0, str(ROOT / "src"))

SELECTION = ROOT / "gold" / "newswire" / "SELECTION.txt"
POLITICAL_KINDS = {"state", "territory", "organization", "group"}


def political_ids(mentions) -> set[str]:
    ids = set()
    for mention in mentions:
        for actor in mention.actors:
            if actor.kind in POLITICAL_KINDS or (actor.kind == "person" and actor.country):
                ids.add(actor.id)
    return ids


def main_verb(nlp_doc) -> str:
    for sent in nlp_doc.sents:
        if sent.root.pos_ in ("VERB", "AUX"):
            return sent.root.lemma_.lower()
        for token in sent:
            if token.pos_ == "VERB":
                return token.lemma_.lower()
    return "(no verb)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--sample", type=int, default=3, help="sentences shown per verb")
    parser.add_argument("--top", type=int, default=40, help="verbs shown")
    parser.add_argument("--json", help="write the figures and groups to this file")
    args = parser.parse_args()
    if not NEWSWIRE.is_dir():
        print(f"{NEWSWIRE} not found: the coverage measure needs ../shared/dev-data/newswire; stopping.")
        return
    from thucydides.pipeline import Pipeline
    from thucydides.records import Reject

    pipeline = Pipeline()
    files = [str(p) for p in sorted(NEWSWIRE.glob("*.jsonl"))]
    sealed = {line.split("#", 1)[1] for line in SELECTION.read_text("utf-8").splitlines() if line.startswith("sealed ")}
    # the held-out extension (scored only, never read) is left out as well
    for gold in (ROOT / "gold" / "newswire" / "dev-extension-10").glob("*.gold.json"):
        sealed.add(str(json.loads(gold.read_text("utf-8")).get("document", "")).split("#", 1)[-1])
    raws = [r for r in pipeline.read(files) if not isinstance(r, Reject) and r.doc_id not in sealed]
    if args.limit:
        raws = raws[: args.limit]
    started = time.perf_counter()
    sentences = with_actors = uncovered_count = 0
    uncovered: list[str] = []
    for result in pipeline.process(raws):
        if isinstance(result, Reject):
            continue
        covered = {r.doc_offset for r in result.readings}
        text = result.doc.text
        for start, end in result.sentences:
            sentences += 1
            mentions = [m for m in result.actors if start <= m.start < end]
            if len(political_ids(mentions)) < 2:
                continue
            with_actors += 1
            if start not in covered:
                uncovered_count += 1
                uncovered.append(text[start:end].strip())
    elapsed = time.perf_counter() - started
    groups: dict[str, list[str]] = defaultdict(list)
    for sentence, doc in zip(uncovered, pipeline.nlp.pipe(uncovered, batch_size=64), strict=True):
        groups[main_verb(doc)].append(sentence)
    ranked = Counter({verb: len(found) for verb, found in groups.items()}).most_common()
    share = uncovered_count / with_actors if with_actors else 0.0
    print(f"{len(raws)} articles (the {len(sealed)} sealed and held-out gold articles left out), {sentences} sentences in {elapsed:.0f} s; {with_actors} name two or more "
          f"political actors; {uncovered_count} of them ({share:.1%}) get no reading")
    print(f"uncovered sentences by main verb (top {args.top} of {len(ranked)}):")
    for verb, count in ranked[: args.top]:
        print(f"{count:5d}  {verb}")
        for sentence in groups[verb][: args.sample]:
            print(f"         - {sentence[:160]}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "articles": len(raws), "sentences": sentences, "with_two_actors": with_actors,
            "uncovered": uncovered_count, "uncovered_share": round(share, 4),
            "by_verb": [{"verb": v, "count": c, "sample": groups[v][: args.sample]} for v, c in ranked],
        }, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
