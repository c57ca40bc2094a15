"""Exports: native JSONL/CSV/Parquet, GDELT and PLOVER layouts, --no-text, documents and quotes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import jsonschema
import pandas as pd
import pyarrow.parquet as pq
import pytest

from thucydides.errors import Codes, QueryError
from thucydides.records import Reject
from thucydides.store import Store, export

from .store_fakes import apology, news_result, ossetia

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "src/thucydides/schema/event.schema.json").read_text()
)
RESULTS = [
    ossetia("o1"),
    ossetia("o2", "TASS"),
    apology("a1", "Xinhua"),
    apology("a2", "Reuters", source="person:netanyahu"),
    apology("a3", "AP"),
    news_result("d1", [], status="duplicate", duplicate_of="a1", outlet="China Daily"),
    news_result("s1", [], status="skipped", outlet="Le Monde"),
]
EVIDENCE = {r.evidence_text for result in RESULTS for r in result.readings}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "news.duckdb"
    with Store.open(path) as store:
        run = store.start_run({}, "test-1")
        store.write_batch(RESULTS, [Reject("feed.xml#line=7", Codes.E109, "record has no text")], run)
        store.finish_run(run, {})
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def db_events(db: Path) -> list[dict]:
    with Store.open(db, read_only=True) as store:
        return store.events().to_pylist()


def test_native_jsonl_events_follow_the_schema_with_merge_counts(db, tmp_path):
    out = tmp_path / "events.jsonl"
    assert export(db, out=out) == len(db_events(db))
    records = read_jsonl(out)
    for record in records:
        jsonschema.validate(record, SCHEMA)
    (apology_event,) = [r for r in records if r["cameo"]["code"] == "055"]
    assert (apology_event["num_sources"], apology_event["num_articles"], apology_event["num_mentions"]) == (
        4,
        4,
        4,
    )
    assert {s["doc_id"] for s in apology_event["sources"]} == {"a1", "a2", "a3", "d1"}
    assert next(s for s in apology_event["sources"] if s["doc_id"] == "d1")["duplicate_of"] == "a1"
    assert apology_event["doc_id"] == "a1"  # earliest (same time: by doc_id), an own reading
    assert apology_event["event_id"].startswith("ev-")


def test_native_jsonl_readings_are_exactly_reading_to_dict(db, tmp_path):
    out = tmp_path / "readings.jsonl"
    export(db, table="readings", out=out)
    expected = [
        r.to_dict() for result in sorted(RESULTS, key=lambda r: r.doc.doc_id) for r in result.readings
    ]
    assert read_jsonl(out) == expected


def test_parquet_round_trip_equals_the_database_events(db, tmp_path):
    out = tmp_path / "events.parquet"
    export(db, format="parquet", out=out)
    relation = duckdb.sql(
        f"""SELECT event_id, doc_id, evidence.text AS evidence_text, evidence.doc_start AS doc_start,
                   source.id AS source_id, source.country AS source_country, source.sector AS source_sector,
                   target.id AS target_id, target.contested_with AS target_contested_with,
                   cameo.code AS cameo_code, cameo.goldstein AS goldstein, cameo.quad_class AS quad_class,
                   plover.type AS plover_type, location.lat AS location_lat, quote.text AS quote_text,
                   event_date, date_range, num_mentions, num_articles, num_sources, len(sources) AS n_sources
            FROM read_parquet('{out}') ORDER BY event_id"""
    )
    names = [column[0] for column in relation.description]
    from_parquet_flat = [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
    events = sorted(db_events(db), key=lambda e: e["event_id"])
    assert len(from_parquet_flat) == len(events) == 5
    for flat, event in zip(from_parquet_flat, events, strict=True):
        assert flat.pop("n_sources") >= event["num_articles"]
        assert flat == {name: event[name] for name in flat}
    frame = pd.read_parquet(out)
    assert sorted(frame["event_id"]) == [e["event_id"] for e in events]
    # Parquet and JSONL carry the same records.
    jsonl = tmp_path / "events.jsonl"
    export(db, out=jsonl)
    from_parquet = pq.read_table(out).to_pylist()
    for record in from_parquet:  # fixed Parquet columns: unset optional actor keys are null/empty
        for actor in (record["source"], record["target"], (record["quote"] or {}).get("speaker")):
            if actor is not None:
                if not actor["contested_with"]:
                    del actor["contested_with"]
                if actor["title"] is None:
                    del actor["title"]
                if actor.get("country_basis") is None:
                    actor.pop("country_basis", None)
    assert from_parquet == read_jsonl(jsonl)


def test_readings_parquet_has_nested_types(db, tmp_path):
    out = tmp_path / "readings.parquet"
    n = export(db, table="readings", format="parquet", out=out)
    table = pq.read_table(out)
    assert table.num_rows == n == sum(len(r.readings) for r in RESULTS)
    assert str(table.schema.field("source").type).startswith("struct<name: string, text: string, id: string")
    assert str(table.schema.field("date_range").type) == "list<element: string>"


def test_csv_flattens_nested_fields_as_json(db, tmp_path):
    out = tmp_path / "events.csv"
    n = export(db, format="csv", out=out)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == n
    row = next(r for r in rows if r["cameo_code"] == "055")
    assert row["source_country"] == "ISR" and row["num_sources"] == "4"
    assert len(json.loads(row["sources"])) == 4
    assert json.loads(row["source_sector"]) == []
    sos = next(r for r in rows if r["cameo_code"] == "190")
    assert json.loads(sos["target_contested_with"]) == ["GEO"]


def test_gdelt_layout(db, tmp_path):
    """GDELT 2.0's 61 columns with a header in csv (tests/test_export_layouts.py reads tsv by position)."""
    out = tmp_path / "events.gdelt.csv"
    export(db, format="csv", layout="gdelt", out=out)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows[0]) == 61 and list(rows[0])[:2] == ["GLOBALEVENTID", "SQLDATE"]
    assert list(rows[0])[-2:] == ["DATEADDED", "SOURCEURL"]
    ceasefire = next(r for r in rows if r["EventCode"] == "0871")
    assert (ceasefire["SQLDATE"], ceasefire["EventBaseCode"], ceasefire["EventRootCode"]) == (
        "20080812",
        "087",
        "08",
    )
    assert (ceasefire["Actor1CountryCode"], ceasefire["Actor2Name"], ceasefire["QuadClass"]) == (
        "RUS",
        "GEORGIA",
        "2",
    )
    recognition = next(r for r in rows if r["EventCode"] == "054")
    # Place countries are FIPS 10-4 codes in GDELT: Russia is RS.
    assert (recognition["ActionGeo_FeatureID"], recognition["ActionGeo_CountryCode"]) == ("524901", "RS")
    assert (recognition["ActionGeo_Type"], recognition["ActionGeo_FullName"]) == ("4", "Moscow, Russia")
    assert (recognition["NumMentions"], recognition["NumSources"]) == ("4", "2")
    assert recognition["SOURCEURL"] == "https://news.example.org/o1"
    assert recognition["DATEADDED"] == "20080909211600"
    assert recognition["GLOBALEVENTID"].isdigit()
    # A territory without an ISO code carries its own actor code, not Georgia's.
    assert (recognition["Actor2Code"], recognition["Actor2CountryCode"]) == ("SOS", "SOS")
    # Readings in the same layout: one row per reading; our ids only with extra.
    n = export(db, table="readings", format="jsonl", layout="gdelt", out=tmp_path / "r.jsonl")
    assert n == sum(len(r.readings) for r in RESULTS)
    assert all(r["NumArticles"] == 1 and "MergedEventId" not in r for r in read_jsonl(tmp_path / "r.jsonl"))
    export(db, table="readings", format="jsonl", layout="gdelt", out=tmp_path / "r.jsonl", extra=True)
    assert all(r["MergedEventId"].startswith("ev-") for r in read_jsonl(tmp_path / "r.jsonl"))


def test_plover_layout_leaves_out_codes_without_plover(db, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    n = export(db, layout="plover", out=out)
    records = read_jsonl(out)
    assert n == len(records) == len([e for e in db_events(db) if e["plover_type"] is not None])
    assert {r["event_type"] for r in records} == {"AGREE", "RETREAT", "ASSAULT", "CONCEDE"}
    concede = next(r for r in records if r["event_type"] == "CONCEDE")
    assert (concede["actor"]["country"], concede["recipient"]["country"], concede["num_sources"]) == (
        "ISR",
        "TUR",
        4,
    )
    assert concede["mode"] == "apologize" and concede["date"] == "2010-05-31"


@pytest.mark.parametrize("table", ["events", "readings"])
@pytest.mark.parametrize("layout", ["native", "gdelt", "icews", "plover"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "parquet"])
def test_no_text_drops_sentences_and_quotes_but_keeps_ids_and_offsets(db, tmp_path, table, layout, fmt):
    out = tmp_path / f"out.{fmt}"
    extra = {"extra": True} if layout in ("gdelt", "icews") else {}  # their text is in our extra columns
    n = export(db, table=table, format=fmt, layout=layout, out=out, no_text=True, **extra)
    assert n > 0
    if fmt == "parquet":
        content = json.dumps(pq.read_table(out).to_pylist(), default=str)
    else:
        content = out.read_text(encoding="utf-8")
    assert not [sentence for sentence in EVIDENCE if sentence in content]
    assert "o1" in content  # document ids stay
    with_text = tmp_path / f"with-text.{fmt}"
    export(db, table=table, format=fmt, layout=layout, out=with_text, **extra)
    if fmt != "parquet":
        assert any(sentence in with_text.read_text(encoding="utf-8") for sentence in EVIDENCE)


def test_no_text_native_records_keep_offsets(db, tmp_path):
    out = tmp_path / "r.jsonl"
    export(db, table="readings", out=out, no_text=True)
    first = read_jsonl(out)[0]
    assert "text" not in first["evidence"] and first["evidence"]["doc_start"] > 0
    assert first["event_id"].startswith("rd-")


def test_documents_export_includes_rejected_inputs_and_stories(db, tmp_path):
    out = tmp_path / "docs.jsonl"
    n = export(db, table="documents", out=out)
    records = read_jsonl(out)
    assert n == len(records) == len(RESULTS) + 1
    by_id = {r["doc_id"] or r["path"]: r for r in records}
    o1 = by_id["o1"]
    assert o1["captions"] == ["Lavrov speaks in Moscow."]
    assert o1["stories"][0]["headline"] == "Russia establishes diplomatic ties with South Ossetia"
    assert "Moscow declared a ceasefire" in o1["stories"][0]["text"]
    assert (by_id["d1"]["status"], by_id["d1"]["duplicate_of"]) == ("duplicate", "a1")
    assert by_id["s1"]["status"] == "skipped"
    rejected = by_id["feed.xml#line=7"]
    assert rejected["status"] == "rejected" and rejected["reason"].startswith(Codes.E109)
    # --no-text: no story text, no captions; ids and URLs stay.
    export(db, table="documents", out=out, no_text=True)
    content = out.read_text(encoding="utf-8")
    assert "Moscow declared a ceasefire" not in content and "Lavrov speaks" not in content
    assert "https://news.example.org/o1" in content
    # Filters: status and rejects together.
    assert export(db, table="documents", out=out, status="rejected") == 1
    assert export(db, table="documents", out=tmp_path / "d.parquet", format="parquet") == n
    assert export(db, table="documents", out=tmp_path / "d.csv", format="csv") == n


def test_quotes_export(db, tmp_path):
    out = tmp_path / "quotes.jsonl"
    assert export(db, table="quotes", out=out) == 2
    quote = read_jsonl(out)[0]
    assert quote["speaker"]["id"] == "RUS" and quote["text"].startswith("Lavrov said")
    export(db, table="quotes", out=out, no_text=True)
    assert "text" not in read_jsonl(out)[0]


def test_filtered_export_and_stdout(db, tmp_path, capsys):
    assert export(db, out="-", dyad="RUS>GEO") == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["cameo"]["code"] == "0871"
    assert export(db, out="-", format="csv", code="055") == 1
    assert "GLOBALEVENTID" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "kwargs",
    [
        {"format": "xml"},
        {"table": "actors"},
        {"layout": "cameo"},
        {"table": "documents", "layout": "gdelt"},
        {"table": "quotes", "layout": "icews"},
        {"layout": "plover", "extra": True},
        {"format": "parquet", "out": "-"},
        {"since": "yesterday"},
    ],
)
def test_bad_export_arguments(db, tmp_path, kwargs):
    kwargs.setdefault("out", tmp_path / "x")
    with pytest.raises(QueryError) as error:
        export(db, **kwargs)
    assert error.value.code == Codes.E403


def test_records_are_the_native_export_as_dicts(db, tmp_path):
    out = tmp_path / "events.jsonl"
    export(db, out=out, root="05")
    with Store.open(db, read_only=True) as store:
        assert list(store.records(root="05")) == read_jsonl(out)
        readings = list(store.records("readings", doc_id="a2", no_text=True))
        assert [r["event_id"] for r in readings] == [r.event_id for r in RESULTS[3].readings]
        assert "text" not in readings[0]["evidence"]
        assert len(list(store.records(limit=2))) == 2
        with pytest.raises(QueryError):
            list(store.records("documents"))
