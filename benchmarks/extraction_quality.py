"""Main-text extraction quality on ../shared/dev-data/article-extraction (60 real news pages).

Token-level precision, recall and F1 of our cleaned story text against the gold `articleBody`,
beside trafilatura's own default `extract()` on the same pages. Our figure must be no lower.

    .venv/bin/python benchmarks/extraction_quality.py [--per-page]

Scores are averaged over pages (macro) and also pooled over all tokens (micro). Our text is the
story bodies (`CleanDoc.text` from each story's body_start: headlines are not part of articleBody);
the figure with headlines is printed too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "dev-data" / "article-extraction"
sys.path.insert(0, str(ROOT / "src"))

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def prf(predicted: str, gold: str) -> tuple[float, float, float, int, int, int]:
    p, g = tokens(predicted), tokens(gold)
    common = sum((p & g).values())
    n_p, n_g = sum(p.values()), sum(g.values())
    precision = common / n_p if n_p else 0.0
    recall = common / n_g if n_g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, common, n_p, n_g


def ours(html: str, url: str | None, with_headlines: bool) -> str:
    from thucydides.clean import clean
    from thucydides.errors import InputError
    from thucydides.records import RawDoc

    raw = RawDoc(doc_id=url or "page", path=url or "page", format="html", html=html, url=url)
    try:
        doc = clean(raw, language_check=False)
    except InputError:
        return ""
    if with_headlines:
        return doc.text
    return "\n\n".join(doc.text[story.body_start : story.end] for story in doc.stories)


def trafilatura_default(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-page", action="store_true", help="print each page's F1")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"no dev data at {DATA} (../shared is absent): nothing to measure")
        return 0
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    systems = {
        "thucydides (story bodies)": lambda h, u: ours(h, u, with_headlines=False),
        "thucydides (with headlines)": lambda h, u: ours(h, u, with_headlines=True),
        "trafilatura extract() default": trafilatura_default,
    }
    results: dict[str, list[tuple[float, float, float, int, int, int]]] = {name: [] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    pages = sorted(truth)
    for page_id in pages:
        path = DATA / "html" / f"{page_id}.html.gz"
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        gold = truth[page_id]["articleBody"]
        url = truth[page_id].get("url")
        row = []
        for name, system in systems.items():
            started = time.perf_counter()
            text = system(html, url)
            seconds[name] += time.perf_counter() - started
            score = prf(text, gold)
            results[name].append(score)
            row.append(f"{score[2]:.3f}")
        if args.per_page:
            print(page_id[:12], *row)

    print(f"article-extraction dev set: {len(pages)} pages, token-level scores vs articleBody")
    print(f"{'system':32} {'P':>6} {'R':>6} {'F1':>6}   {'micro P':>7} {'micro R':>7} {'micro F1':>8}  {'s/page':>6}")
    for name, scores in results.items():
        n = len(scores)
        macro = [sum(s[i] for s in scores) / n for i in range(3)]
        common, n_p, n_g = (sum(s[i] for s in scores) for i in (3, 4, 5))
        micro_p, micro_r = common / n_p if n_p else 0.0, common / n_g if n_g else 0.0
        micro_f = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
        print(
            f"{name:32} {macro[0]:6.3f} {macro[1]:6.3f} {macro[2]:6.3f}   "
            f"{micro_p:7.3f} {micro_r:7.3f} {micro_f:8.3f}  {seconds[name] / n:6.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
