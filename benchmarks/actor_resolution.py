"""Actor resolution speed in mentions/s, spaCy excluded, and what the mentions are.

Corpus: the article texts of ../shared/dev-data/geoparsing-lgl/lgl.xml, parsed once; the timed
part is `ActorResolver.resolve` alone. Also prints how the mentions were resolved (dictionary,
apposition, modifier, description, pronoun, metonymy, unknown) and the knowledge-base load time.

    python benchmarks/actor_resolution.py [--docs N] [--repeat R]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from coding_throughput import LGL, read_texts  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not LGL.exists():
        print(f"corpus not found: {LGL} (../shared is outside a user's clone)")
        return 1
    from thucydides.actors import ActorResolver
    from thucydides.clean import clean_plain
    from thucydides.knowledge.actorkb import ActorKB
    from thucydides.parsing import load_model, parse_documents

    nlp = load_model(None)
    start = time.perf_counter()
    kb = ActorKB.load()
    resolver = ActorResolver(kb, nlp)
    load_seconds = time.perf_counter() - start
    docs = [clean_plain(doc_id, text, day) for doc_id, text, day in read_texts(args.docs)]
    parsed = list(parse_documents(nlp, docs))
    best = float("inf")
    mentions = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        mentions = [m for clean, d in parsed for m in resolver.resolve(d, (clean.published or "")[:10] or None).mentions]
        best = min(best, time.perf_counter() - start)
    tokens = sum(len(d) for _, d in parsed)
    print(f"corpus: {len(parsed)} LGL articles, {tokens} tokens; KB + matcher load {load_seconds:.2f} s "
          f"({len(kb)} entries)")
    print(f"actor resolution: {len(mentions) / best:,.0f} mentions/s, {tokens / best:,.0f} tokens/s, "
          f"{len(parsed) / best:,.1f} docs/s ({len(mentions)} mentions in {best:.2f} s)")
    how = Counter(m.how for m in mentions)
    print("  resolved by: " + ", ".join(f"{k} {v}" for k, v in how.most_common()))
    kinds = Counter(a.kind for m in mentions for a in m.actors)
    print("  actor kinds: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
