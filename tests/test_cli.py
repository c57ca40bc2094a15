"""The command line as users drive it: run, events, export, code, annotate, eval, explain."""

from __future__ import annotations

import json
from importlib import resources

import duckdb
import jsonschema
import pytest
from click.testing import CliRunner

from thucydides.cli import EXIT_REJECTS, main

from .conftest import EXAMPLE, EXAMPLE_GOLD

pytestmark = pytest.mark.slow

SCHEMA = json.loads(resources.files("thucydides").joinpath("schema", "event.schema.json").read_text())


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def example_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "t.duckdb"
    result = invoke("run", EXAMPLE, "--db", db, "--quiet")
    assert result.exit_code == 0, result.output
    return db


def count(db, table):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_run_twice_adds_nothing(example_db):
    events, readings, documents = count(example_db, "events"), count(example_db, "readings"), count(
        example_db, "documents")
    assert events >= 8 and documents == 1
    again = invoke("run", EXAMPLE, "--db", example_db, "--quiet")
    assert again.exit_code == 0
    assert "1 already" in again.output or "already in" in again.output
    assert (count(example_db, "events"), count(example_db, "readings"), count(example_db, "documents")) == (
        events, readings, documents)


def test_events_prints_a_table_and_filters(example_db):
    result = invoke("events", "--db", example_db)
    assert result.exit_code == 0
    assert "South Ossetia" in result.output and "Georgia" in result.output
    only_fights = invoke("events", "--db", example_db, "--root", "19", "--format", "jsonl")
    rows = [json.loads(line) for line in only_fights.output.splitlines() if line.strip()]
    assert rows and all(r["cameo"]["root"] == "19" for r in rows)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_formats(example_db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    result = invoke("export", "--db", example_db, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if fmt == "jsonl":
        for line in out.read_text().splitlines():
            jsonschema.validate(json.loads(line), SCHEMA)


def test_bad_files_are_rejected_with_reasons_and_the_rest_goes_through(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "good.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "b.duckdb"
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == EXIT_REJECTS
    assert "empty.txt" in result.output and "binary.txt" in result.output
    assert count(db, "rejects") == 2
    assert count(db, "readings") > 0


def test_code_reads_stdin_and_writes_schema_valid_readings():
    result = invoke("code", "--no-clean", "--published", "2008-09-09",
                    input="Moscow recognized South Ossetia and Abkhazia as independent states on August 26.")
    assert result.exit_code == 0, result.output
    readings = [json.loads(line) for line in result.output.splitlines()]
    assert {r["target"]["name"] for r in readings} == {"South Ossetia", "Abkhazia"}
    for reading in readings:
        jsonschema.validate(reading, SCHEMA)
        assert reading["doc_id"] == "stdin"
        assert reading["event_date"] == "2008-08-26"
        assert reading["source"]["country"] == "RUS"


def test_code_jsonl_input_reports_bad_lines_and_goes_on(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": "Georgian troops attacked South Ossetia on Friday.",
                    "published": "2008-08-09"}) + "\nnot json\n"
        + json.dumps({"id": "b", "text": "Nothing happened here at all.", "published": "2008-08-09"}) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["code", "--no-clean", "--input", str(source)])
    assert result.exit_code == 0
    readings = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["doc_id"] for r in readings] == ["a"]
    assert readings[0]["event_date"] == "2008-08-08"
    assert "line2" in result.output


def test_code_no_event_no_output():
    result = invoke("code", "--no-clean", input="The weather in Moscow was mild and sunny.")
    assert result.exit_code == 0
    assert result.output.strip() == ""


def test_annotate_writes_offsets_into_the_cleaned_text():
    result = invoke("annotate", "--published", "2008-09-09", input=EXAMPLE.read_text(encoding="utf-8"))
    assert result.exit_code == 0
    record = json.loads(result.output)
    text = record["text"]
    assert [s["headline"] for s in record["stories"]] == [
        "Russia establishes diplomatic ties with South Ossetia, Abkhazia",
        "FM: Russian troops to stay in Abkhazia, South Ossetia",
    ]
    for key in ("actors", "times", "places", "quotes"):
        assert record[key], key
        for item in record[key]:
            assert text[item["start"]:item["end"]] == item["text"]
    two_regions = [a for a in record["actors"] if a["text"] == "the two regions"]
    assert {a["name"] for a in two_regions} == {"South Ossetia", "Abkhazia"}


def test_eval_reports_recall_and_precision():
    result = invoke("eval", EXAMPLE_GOLD)
    assert result.exit_code == 0
    assert "required events found: 8/8" in result.output
    assert "precision" in result.output


def test_explain_shows_patterns_and_readings():
    result = invoke("explain", "Georgian troops launched an attack against South Ossetia on August 8.",
                    "--published", "2008-09-09")
    assert result.exit_code == 0
    assert "N-attack" in result.output and "FIRED" in result.output
    assert "Georgia -> South Ossetia" in result.output
