"""The blind-written sentence gold of gold/sentences/: well formed, codes the CAMEO table knows, roots that
agree with their codes, and a scorer that counts a hit and a miss."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from thucydides.knowledge import Knowledge

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "gold" / "sentences").glob("*.jsonl"))
FACTUALITY = {"asserted", "negated", "intended", "hypothetical", "future", "reported_claim"}


def test_there_are_development_and_held_out_files():
    names = {f.name for f in FILES}
    assert any(n.startswith("modern-dev-") for n in names) and any(n.startswith("modern-held-") for n in names)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_sentence_is_well_formed(path):
    cameo = Knowledge.load().ontology
    ids = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert row["id"] not in ids, row["id"]
        ids.add(row["id"])
        assert row["text"].strip() and len(row["published"]) == 10
        for event in row["events"]:
            assert event["code"].startswith(event["root"]), (row["id"], event)
            assert cameo.cameo(event["root"]) is not None, (row["id"], event)
            assert event["factuality"] in FACTUALITY, (row["id"], event)


def test_the_scorer_counts_a_hit_and_a_miss(pipeline):
    spec = importlib.util.spec_from_file_location("sentence_gold", ROOT / "benchmarks" / "sentence_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = [{"id": "t1", "published": "2018-03-14", "text": "Britain expelled 23 Russian diplomats on Wednesday.",
             "events": [{"source": "GBR", "target": "RUS", "code": "161", "root": "16", "factuality": "asserted"},
                        {"source": "RUS", "target": "GBR", "code": "111", "root": "11", "factuality": "asserted"}]}]
    totals = {k: Counter() for k in ("gold", "found", "emitted", "right", "causes")}
    module.score_file(pipeline, rows, False, totals)
    assert totals["found"]["16"] == 1 and totals["gold"]["11"] == 1 and totals["found"]["11"] == 0
    assert sum(totals["right"].values()) == 1
