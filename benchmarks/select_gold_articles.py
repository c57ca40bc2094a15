"""Choose the newswire articles of the development gold set, by a rule that never runs the coder.

Rule: among the 1,056 articles of ../shared/dev-data/newswire/, those whose first two paragraphs
name two or more distinct states (a name, alias, demonym or capital from the package's
countries.yaml, matched as whole words, case-sensitive on the first letter), in a random order
fixed by the seed; the first half of the chosen list is the development part, the second the sealed
part. Prints one line per article: part, document path, id.

    .venv/bin/python benchmarks/select_gold_articles.py [--count 64] [--seed 20261204]
    .venv/bin/python benchmarks/select_gold_articles.py --extend 40   # more development articles
"""

from __future__ import annotations

import argparse
import json
import random
import re
from importlib import resources
from pathlib import Path

import yaml

NEWSWIRE = Path(__file__).resolve().parents[1].parent / "shared" / "dev-data" / "newswire"
FILES = ("tbaq.jsonl", "gigaword-sample.jsonl")
GOLD_SELECTION = Path(__file__).resolve().parents[1] / "gold" / "newswire" / "SELECTION.txt"


def state_names() -> dict[str, str]:
    text = resources.files("thucydides").joinpath("data/actors/countries.yaml").read_text("utf-8")
    names: dict[str, str] = {}
    for entry in yaml.safe_load(text)["countries"]:
        words = [entry["name"], *entry.get("aliases", []), *entry.get("demonyms", []), *entry.get("capitals", [])]
        for word in words:
            word = word["name"] if isinstance(word, dict) else word
            if len(word) > 3 and word[0].isupper():
                names[word] = entry["id"]
    return names


def states_named(text: str, pattern: re.Pattern, names: dict[str, str]) -> set[str]:
    return {names[m.group(1)] for m in pattern.finditer(text)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=64)
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--extend", type=int, default=0,
                        help="list N more articles after the first --count, all for the development part")
    args = parser.parse_args()
    names = state_names()
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")s?\b")
    eligible = []
    for name in FILES:
        for line in (NEWSWIRE / name).read_text("utf-8").splitlines():
            record = json.loads(line)
            lead = "\n\n".join(record["text"].split("\n\n")[:2])
            if len(states_named(lead, pattern, names)) >= 2:
                eligible.append(f"newswire/{name}#{record['id']}")
    random.Random(args.seed).shuffle(eligible)
    chosen = eligible[: args.count]
    print(f"# {len(eligible)} eligible articles; seed {args.seed}")
    if args.extend:
        # A later extension of the development part: the first articles in the same seeded order
        # that are in no earlier list (gold/newswire/SELECTION*.txt), so no part changes (the actor
        # dictionaries grew since those lists were drawn, so the eligible set is not quite the same).
        taken = {word for listing in sorted(GOLD_SELECTION.parent.glob("SELECTION*.txt"))
                 for word in listing.read_text("utf-8").split()}
        fresh = [doc for doc in eligible if doc not in taken]
        for doc in fresh[: args.extend]:
            print("dev", doc)
        return
    for i, doc in enumerate(chosen):
        part = "dev" if i < len(chosen) // 2 else "sealed"
        print(part, doc)


if __name__ == "__main__":
    main()
