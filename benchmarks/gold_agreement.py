"""Agreement between two blind annotations of the same articles: what bounds any coder's score.

    .venv/bin/python benchmarks/gold_agreement.py [gold/newswire/sealed gold/newswire/sealed-second]

For every article annotated in both folders, each annotator's events are scored as if they were the
other's readings, with the gold files' own matching rules (country + CAMEO root, date tolerance, "*"),
and again at the full-code level: the share of annotator A's required events that B also lists,
and the reverse. Prints totals only (the sealed articles are never shown sentence by sentence).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    from thucydides.evaluate import agreement, load_gold

    first = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "gold" / "newswire" / "sealed"
    second = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "gold" / "newswire" / "sealed-second"
    pairs = [(first / p.name, p) for p in sorted(second.glob("*.gold.json")) if (first / p.name).exists()]
    if not pairs:
        print(f"no article annotated in both {first} and {second}")
        return
    for level in ("root", "code"):
        totals = {"a_required": 0, "a_required_found_by_b": 0, "b_required": 0, "b_required_found_by_a": 0}
        for a, b in pairs:
            for key, value in agreement(load_gold(a), load_gold(b), level).items():
                totals[key] += value
        a_in_b = totals["a_required_found_by_b"] / totals["a_required"] if totals["a_required"] else 0.0
        b_in_a = totals["b_required_found_by_a"] / totals["b_required"] if totals["b_required"] else 0.0
        f1 = 2 * a_in_b * b_in_a / (a_in_b + b_in_a) if a_in_b + b_in_a else 0.0
        print(f"{len(pairs)} articles, level {level}: A's required events listed by B "
              f"{totals['a_required_found_by_b']}/{totals['a_required']} = {a_in_b:.2f}; B's required listed by A "
              f"{totals['b_required_found_by_a']}/{totals['b_required']} = {b_in_a:.2f}; F1-style agreement {f1:.2f}")


if __name__ == "__main__":
    main()
