"""PETRARCH verb dictionaries read into event patterns (knowledge/petrarch_verbs.py)."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from tests.conftest import shared_or_skip
from thucydides.errors import DataFileError
from thucydides.knowledge import PATTERN_FILE_LOADERS, Knowledge, classify_data_file, petrarch
from thucydides.knowledge.actorkb import ActorKB
from thucydides.knowledge.ontology import Ontology
from thucydides.knowledge.patterns import load_patterns
from thucydides.knowledge.petrarch_verbs import parse_verbs, verb_lemmas

# Our own entries, in PETRARCH's verb format (not taken from any PETRARCH dictionary).
VERBS = """\
<!-- A hand-written verb dictionary -->
&PARLEY          # a synset
+PEACE TALKS
+NEGOTIATIONS

--- SCOLD  [111] ---
SCOLD            # alone: 111
- * FOR LYING  [112]   # words after the verb
- NEVER *  [013]       # a word before it

--- RESUME  [---] ---
RESUME           # alone: no event
- * &PARLEY  [036]

--- EMBRACE  [042:043] ---
EMBRACE

--- SNUB  [19ZZ] ---   # a test code our CAMEO table lacks
SNUB

--- SUPPOSE  [023] ---
SUPPOSE

--- CELEBRATE  [---] ---
CELEBRATE
- * NEW_YEAR IN ^ +  [043]    # "^" skips a phrase: the target is the one after it

--- VOICE  [---] ---
VOICE
- * HOPES  [024]

--- CONCEDE  [---] ---
CONCEDE
- * HARDLY_SAFE  [112]  # words that run on into the verb's clause
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def verbs_pipeline(tmp_path_factory):
    from thucydides.pipeline import Pipeline

    path = write(tmp_path_factory.mktemp("verbs"), "my.verbs.txt", VERBS)
    return Pipeline(dictionaries=[str(path)], language_check=False)


def triples(pipeline, text):
    result = pipeline.code_text(text, doc_id="t", no_clean=True)
    return {(r.source.country, r.target.country if r.target else None, r.cameo.code) for r in result.readings}


def test_reads_families_synsets_and_markers(tmp_path):
    families = {f.name: f for f in parse_verbs(write(tmp_path, "v.txt", VERBS))}
    assert families["SCOLD"].code == "111"
    assert families["RESUME"].code is None
    assert families["EMBRACE"].code == "042" and families["EMBRACE"].reverse_code == "043"
    words = [e.words for e in families["RESUME"].patterns[0].elements if e.kind == "word"]
    assert words == [("peace talks", "negotiations")]
    assert verb_lemmas("CALLED")[:2] == ("called", "call") and verb_lemmas("SAID") == ("say",)


def test_file_is_routed_to_the_patterns(tmp_path):
    path = write(tmp_path, "v.txt", VERBS)
    assert petrarch.detect(path) == "verbs"
    assert classify_data_file(path) == "patterns"
    knowledge = Knowledge.load([path])
    scold = [p for p in knowledge.patterns.by_verb["scold"] if p.exclusive]
    assert {p.code for p in scold} == {"111", "112", "013"}
    embrace = next(p for p in knowledge.patterns.by_verb["embrace"])
    assert embrace.reverse_code == "043"
    # the foreign code loads, with null Goldstein and QuadClass and a note
    cameo = knowledge.ontology.cameo("19ZZ")
    assert cameo.foreign and cameo.root == "19" and cameo.goldstein is None and cameo.quad_class is None
    assert "not in the CAMEO table" in cameo.note
    assert knowledge.ontology.plover("19ZZ") is None
    with pytest.raises(DataFileError, match="verb dictionary"):
        ActorKB.load([path])


def test_codes_sentences_with_the_imported_verbs(verbs_pipeline):
    assert ("FRA", "DEU", "111") in triples(verbs_pipeline, "France scolded Germany on Monday.")
    assert ("FRA", "DEU", "112") in triples(verbs_pipeline, "France scolded Germany for lying about the budget.")
    assert ("FRA", "DEU", "013") in triples(verbs_pipeline, "France has never scolded Germany.")
    assert ("FRA", "DEU", "036") in triples(verbs_pipeline, "France resumed peace talks with Germany.")
    assert not {t for t in triples(verbs_pipeline, "France resumed its work.") if t[2] == "036"}
    assert ("FRA", "DEU", "042") in triples(verbs_pipeline, "France embraced Germany.")
    # the pattern's words lie in the verb's clause: the clause's subject is the actor of the phrase
    assert ("FRA", "DEU", "112") in triples(verbs_pipeline, "France conceded that Germany is hardly safe to visit.")
    # a bare verb: the clause's subject too, unless the clause holds an act of its own
    assert ("FRA", "DEU", "023") in triples(verbs_pipeline, "France supposes that Germany can cope with the floods.")
    assert ("FRA", "DEU", "023") not in triples(verbs_pipeline, "France supposes that Germany scolded Spain.")
    assert ("FRA", "DEU", "043") in triples(verbs_pipeline, "France celebrated New Year in Lyon with the leaders "
                                                            "of Germany.")
    # the content clause of the object: "voiced hopes that X could be persuaded"
    assert ("FRA", "DEU", "024") in triples(verbs_pipeline, "France voiced hopes on Monday that Germany could be "
                                                            "persuaded by the arguments of Spain.")


def test_foreign_code_reading_is_flagged_and_valid(verbs_pipeline):
    result = verbs_pipeline.code_text("Chile snubbed Peru on Tuesday.", doc_id="t", no_clean=True)
    reading = next(r for r in result.readings if r.cameo.code == "19ZZ")
    assert (reading.source.country, reading.target.country) == ("CHL", "PER")
    assert reading.cameo.foreign and reading.cameo.goldstein is None and reading.plover is None
    record = reading.to_dict()
    assert record["cameo"]["foreign"] is True and record["cameo"]["quad_class"] is None
    schema = json.loads(resources.files("thucydides").joinpath("schema", "event.schema.json").read_text())
    jsonschema.validate(record, schema)
    record["cameo"]["foreign"] = False  # a CAMEO code must be digits with a Goldstein score
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema)


@pytest.mark.parametrize("text, line, message", [
    ("--- SCOLD [111] ---\nSCOLD\n- * FOR LYING\n", 3, "no \\[code\\]"),
    ("- * FOR LYING [112]\n", 1, "before any"),
    ("--- SCOLD [111] ---\nSCOLD\n- FOR LYING [112]\n", 3, "exactly one"),
    ("--- SCOLD [111] ---\nSCOLD\n- * &NOSUCH [112]\n", 3, "unknown synset"),
    ("<!-- x -->\n--- SCOLD [111 ---\nSCOLD\n", 2, "unbalanced|invalid"),
    ("--- SCOLD [1] ---\nSCOLD\n", 1, "no two-digit root"),
])
def test_malformed_file_names_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, "bad.verbs.txt", text)
    with pytest.raises(DataFileError, match=message) as info:
        load_patterns([path], known_codes=set(Ontology.load().codes()), file_loaders=PATTERN_FILE_LOADERS)
    assert f"bad.verbs.txt:{line}" in str(info.value)


def test_petrarch2_validation_verbs_load():
    path = shared_or_skip("peer-suites", "petrarch2", "PETR.Validate.verbs.txt")
    assert classify_data_file(path) == "patterns"
    knowledge = Knowledge.load([path])
    imported = [p for p in knowledge.patterns.patterns.values() if p.exclusive]
    assert len(imported) > 400
    assert {"174L", "1717"} <= knowledge.patterns.foreign_codes
    assert knowledge.ontology.cameo("174L").goldstein is None
    assert knowledge.ontology.cameo("064").goldstein is not None  # CAMEO codes keep their table rows


@pytest.mark.slow
def test_petrarch2_suite_with_its_own_dictionaries_reaches_the_issue_figures():
    """The figures issues 15 and 20 ask of PETRARCH2's unit suite with its actors, agents and verbs
    imported: README-rule F1 above PETRARCH2's 0.54, at least 0.85 of the expected (source, target)
    dyads produced, at least 0.7 of the produced dyads expected (benchmarks/petrarch_suite.py prints
    them all)."""
    import importlib.util
    import sys
    from pathlib import Path

    suite = shared_or_skip("peer-suites", "petrarch2")
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "petrarch_suite.py"
    spec = importlib.util.spec_from_file_location("petrarch_suite", script)
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    records = bench.read_records(suite)
    bench.code_records(records, suite)
    figures = bench.score(records)
    assert figures["f1"] > 0.54, figures
    assert figures["dyad_share"] >= 0.85, figures
    assert figures["dyad_precision"] >= 0.7, figures
