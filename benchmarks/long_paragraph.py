"""Seconds per MB of text for one huge paragraph against bare spaCy on normal text (issue 19, item 3).

    .venv/bin/python benchmarks/long_paragraph.py [--mb 1.0] [--modes bare,parse,pipeline,normal]
                                                  [--json FILE]

Text: the article texts of ../shared/dev-data/geoparsing-lgl/lgl.xml, in order, until `--mb` MB.

  bare      spaCy `nlp.pipe` over those articles as the pipeline would cut them (paragraphs, batches
            of settings.toml pipeline.batch_size paragraphs and parsing.BATCH_CHARS characters):
            spaCy on normal text, the yardstick
  parse     the same text as ONE paragraph (whitespace runs made single spaces, no line break): the
            annotate stage (parsing.parse_documents, pieces of annotate.max_paragraph_chars) on the
            cleaned document, and the check that the Doc's text is exactly CleanDoc.text
  pipeline  that one-paragraph document through the whole Pipeline.process (clean, parse, actors,
            times, places, quotes, events; no database)
  normal    the articles as separate documents through Pipeline.process: the pipeline's own cost on
            normal text, to tell what a huge paragraph adds from what the pipeline costs anyway

Modes run in the order given and may repeat (`bare,parse,bare`: the first pass over new text grows
spaCy's string store, so a second pass is faster). Printed: seconds, seconds per MB, and each
mode's ratio to the fastest `bare` pass. The issue's target: a 1 MB
paragraph no slower per MB than bare spaCy on normal text, for the paragraph's parsing; the other
stages cost what they cost on normal text (compare `pipeline` with `normal`). The model is loaded
before any timing. Wall-clock figures on a shared machine vary with its load (printed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LGL = ROOT.parent / "shared" / "dev-data" / "geoparsing-lgl" / "lgl.xml"
sys.path.insert(0, str(ROOT / "src"))

MODES = ("bare", "parse", "pipeline", "normal")


def articles(limit_chars: int) -> list[str]:
    root = ET.parse(LGL).getroot()
    out, size = [], 0
    for article in root.iter("article"):
        text = (article.findtext("text") or "").strip()
        if not text:
            continue
        out.append(text)
        size += len(text)
        if size >= limit_chars:
            break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=1.0, help="megabytes (10^6 characters) of text")
    parser.add_argument("--modes", default="bare,parse,pipeline")
    parser.add_argument("--json")
    args = parser.parse_args()
    if not LGL.exists():
        sys.exit(f"{LGL} is absent: this benchmark needs ../shared/dev-data")
    modes = args.modes.split(",")
    unknown = set(modes) - set(MODES)
    if unknown:
        sys.exit(f"unknown modes {unknown}: choose from {MODES}")

    from thucydides.parsing import BATCH_CHARS, paragraph_texts, parse_documents, pipe_batches
    from thucydides.pipeline import Pipeline, raw_from_text
    from thucydides.records import CleanDoc

    chars = int(args.mb * 1_000_000)
    texts = articles(chars)
    paragraph = " ".join(" ".join(t.split()) for t in texts)[:chars]
    pipeline = Pipeline()
    nlp = pipeline.nlp
    cap = pipeline.max_paragraph_chars
    # First-call costs (allocations, caches) out of the timings: a few articles through both paths.
    list(pipeline.process([raw_from_text(f"warm-up{i}", t) for i, t in enumerate(texts[:5])]))
    list(nlp.pipe(texts[:5]))
    figures: dict[str, dict] = {}

    def record(mode: str, seconds: float, size: int, **extra) -> None:
        if mode in figures:  # a mode asked for twice (first-pass effects: spaCy's string store grows)
            mode = f"{mode}#{sum(1 for m in figures if m.split('#')[0] == mode) + 1}"
        figures[mode] = {"seconds": round(seconds, 2), "chars": size,
                         "s_per_mb": round(seconds / (size / 1_000_000), 2), "load": round(os.getloadavg()[0], 2),
                         **extra}
        print(mode, figures[mode], flush=True)

    def run_bare() -> None:
        cleaned = [pipeline.clean(raw_from_text(f"a{i}", t)) for i, t in enumerate(texts)]
        pieces = [p for doc in cleaned if isinstance(doc, CleanDoc) for p in paragraph_texts(doc, cap)]
        size = sum(len(p) for p in pieces)
        started = time.perf_counter()
        tokens = 0
        for batch in pipe_batches(((p, None) for p in pieces), pipeline.batch_size, BATCH_CHARS):
            for doc in nlp.pipe([t for t, _ in batch], batch_size=len(batch)):
                tokens += len(doc)
        record("bare", time.perf_counter() - started, size, paragraphs=len(pieces), tokens=tokens)

    def run_parse() -> None:
        started = time.perf_counter()
        clean = pipeline.clean(raw_from_text("long", paragraph))
        cleaning = time.perf_counter() - started
        assert isinstance(clean, CleanDoc), clean
        pieces = paragraph_texts(clean, cap)
        started = time.perf_counter()
        (_, doc), = list(parse_documents(nlp, [clean], batch_size=pipeline.batch_size, max_chars=cap))
        seconds = time.perf_counter() - started
        assert doc.text == clean.text, "the parsed Doc's text differs from CleanDoc.text"
        record("parse", seconds, len(clean.text), cleaning_s=round(cleaning, 2), pieces=len(pieces),
               longest_piece=max(len(p) for p in pieces), cap=cap, tokens=len(doc), text_exact=True)

    def run_pipeline() -> None:
        started = time.perf_counter()
        (result,) = list(pipeline.process([raw_from_text("long", paragraph)]))
        seconds = time.perf_counter() - started
        readings = len(getattr(result, "readings", []))
        record("pipeline", seconds, len(paragraph), readings=readings, result=type(result).__name__)

    def run_normal() -> None:
        started = time.perf_counter()
        results = list(pipeline.process([raw_from_text(f"n{i}", t) for i, t in enumerate(texts)]))
        seconds = time.perf_counter() - started
        record("normal", seconds, sum(len(t) for t in texts), documents=len(results),
               readings=sum(len(getattr(r, "readings", [])) for r in results))

    for mode in modes:
        {"bare": run_bare, "parse": run_parse, "pipeline": run_pipeline, "normal": run_normal}[mode]()

    bare = [f["s_per_mb"] for mode, f in figures.items() if mode.split("#")[0] == "bare"]
    if bare:
        base = min(bare)  # the fastest bare pass: the strictest yardstick
        print(f"\n{'mode':<10} {'seconds':>8} {'s/MB':>8} {'vs bare spaCy (fastest pass)':>30}")
        for mode, f in figures.items():
            f["ratio_to_bare"] = round(f["s_per_mb"] / base, 2)
            print(f"{mode:<10} {f['seconds']:>8} {f['s_per_mb']:>8} {f['ratio_to_bare']:>29}x")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
