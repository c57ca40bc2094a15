"""Event-coding throughput, spaCy excluded: parse once, then time the actors and events stages.

Corpus: the article texts of ../shared/dev-data/geoparsing-lgl/lgl.xml (real local news), read at
run time and never copied. Every document is parsed once with the pipeline's spaCy model; the
timed part is what this project adds on top of the parse:

- actors + events: actor resolution, quotes and the event coder (no dating or geocoding);
- all mention stages + events: `Pipeline.annotate_parsed` (actors, times, places, quotes, events).

    python benchmarks/coding_throughput.py [--docs N] [--repeat R]

Prints sentences/s and documents/s for each, and the parse rate for comparison.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LGL = ROOT.parent / "shared" / "dev-data" / "geoparsing-lgl" / "lgl.xml"
sys.path.insert(0, str(ROOT / "src"))


def read_texts(limit: int) -> list[tuple[str, str, str | None]]:
    """(doc id, text, published day) of the first `limit` LGL articles."""
    xml = LGL.read_text(encoding="utf-8")
    out = []
    for match in re.finditer(r'<article docid="(\d+)">(.*?)</article>', xml, re.S):
        body = match.group(2)
        text = re.search(r"<text><!\[CDATA\[(.*?)\]\]></text>", body, re.S)
        day = re.search(r"<dltime>(\d{4}-\d{2}-\d{2})", body)
        if text and text.group(1).strip():
            out.append((match.group(1), text.group(1), day.group(1) if day else None))
        if len(out) >= limit:
            break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    args = parser.parse_args(argv)
    if not LGL.exists():
        print(f"corpus not found: {LGL} (../shared is outside a user's clone)")
        return 1
    from thucydides.clean import clean_plain
    from thucydides.parsing import parse_documents
    from thucydides.pipeline import Pipeline
    from thucydides.quotes import find_quotes

    pipeline = Pipeline(language_check=False)
    texts = read_texts(args.docs)
    docs = [clean_plain(doc_id, text, day) for doc_id, text, day in texts]
    start = time.perf_counter()
    parsed = list(parse_documents(pipeline.nlp, docs))
    parse_seconds = time.perf_counter() - start
    sentences = sum(1 for _, d in parsed for s in d.sents if s.text.strip())
    tokens = sum(len(d) for _, d in parsed)

    def actors_and_events() -> int:
        found = 0
        for clean, spacy_doc in parsed:
            day = (clean.published or "")[:10] or None
            actors = pipeline.resolver.resolve(spacy_doc, published=day)
            quotes = find_quotes(spacy_doc, actors)
            found += len(pipeline.coder.code(spacy_doc, clean, actors, quotes=quotes, published_day=day))
        return found

    def all_stages() -> int:
        return sum(len(pipeline.annotate_parsed(clean, spacy_doc).readings) for clean, spacy_doc in parsed)

    print(f"corpus: {len(parsed)} LGL articles, {sentences} sentences, {tokens} tokens")
    print(f"spaCy parse (not part of the figures below): {parse_seconds:.1f} s, {tokens / parse_seconds:,.0f} tokens/s")
    all_stages()  # warm caches (gazetteer load, lru caches) outside the timing
    for label, stage in (("actors + events", actors_and_events), ("all mention stages + events", all_stages)):
        best = float("inf")
        readings = 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            readings = stage()
            best = min(best, time.perf_counter() - start)
        print(f"{label:30s} {sentences / best:8,.0f} sentences/s  {len(parsed) / best:7,.1f} docs/s  "
              f"({best:.2f} s, {readings} readings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
