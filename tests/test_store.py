"""The store: writing batches, merging readings into events, queries (no spaCy needed)."""

from __future__ import annotations

import json

import pytest

from thucydides.errors import Codes, QueryError, StoreError
from thucydides.records import Reject
from thucydides.store import MergeKey, Store
from thucydides.store import open as open_store

from .store_fakes import Coded, apology, news_result, ossetia


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "news.duckdb") as opened:
        yield opened


def table_rows(store: Store, table: str) -> list[tuple]:
    return store.conn.execute(
        f"SELECT * EXCLUDE (written_at) FROM {table} ORDER BY ALL"
        if table == "documents"
        else f"SELECT * FROM {table} ORDER BY ALL"
    ).fetchall()


def snapshot(store: Store) -> dict[str, list[tuple]]:
    tables = [
        "documents",
        "stories",
        "paragraphs",
        "sentences",
        "actor_mentions",
        "time_expressions",
        "places",
        "quotes",
        "readings",
        "events",
        "event_sources",
        "actors",
    ]
    return {table: table_rows(store, table) for table in tables}


def test_three_outlets_reporting_one_apology_make_one_event_with_three_sources(store):
    run = store.start_run({}, "test-1")
    store.write_batch(
        [apology("a-xinhua", "Xinhua"), apology("a-reuters", "Reuters"), apology("a-ap", "AP")], [], run
    )
    events = store.events(code="055").to_pylist()
    assert len(events) == 1
    event = events[0]
    assert (event["num_sources"], event["num_articles"], event["num_mentions"]) == (3, 3, 3)
    assert (event["source_country"], event["target_country"], event["event_date"]) == (
        "ISR",
        "TUR",
        "2010-05-31",
    )
    # Every reading is kept for audit, each pointing at the merged event.
    readings = store.readings(code="055").to_pylist()
    assert sorted(r["doc_id"] for r in readings) == ["a-ap", "a-reuters", "a-xinhua"]
    assert {r["event_id"] for r in readings} == {event["event_id"]}
    assert len({r["reading_id"] for r in readings}) == 3


def test_person_and_state_readings_merge_by_country_and_event_keeps_all_actors(store):
    run = store.start_run({}, "test-1")
    store.write_batch(
        [apology("n1", "Reuters", source="person:netanyahu"), apology("n2", "AP", source="ISR")], [], run
    )
    (event,) = store.events(code="055").to_pylist()
    assert event["num_articles"] == 2
    sources = (
        store.sql(
            f"SELECT source_id FROM event_sources WHERE event_id = '{event['event_id']}' ORDER BY source_id"
        )
        .column(0)
        .to_pylist()
    )
    assert sources == ["ISR", "person:netanyahu"]
    # Querying by the person finds the event even though the earliest report names the state.
    assert store.events(actor="Benjamin Netanyahu").num_rows == 1
    assert store.events(actor="person:netanyahu", table="readings").num_rows == 1


def test_same_outlet_twice_counts_two_articles_one_source(store):
    run = store.start_run({}, "test-1")
    store.write_batch([apology("x1", "Xinhua"), apology("x2", "Xinhua")], [], run)
    (event,) = store.events(code="055").to_pylist()
    assert (event["num_articles"], event["num_sources"]) == (2, 1)


def test_earliest_report_gives_doc_id_and_evidence(store):
    run = store.start_run({}, "test-1")
    store.write_batch([apology("late", "AP", published="2010-06-01T08:00")], [], run)
    store.write_batch(
        [apology("early", "Reuters", published="2010-05-31T18:00", source="person:netanyahu")], [], run
    )
    (event,) = store.events(code="055").to_pylist()
    assert event["doc_id"] == "early"
    assert event["evidence_text"].startswith("Benjamin Netanyahu apologised")
    assert (event["first_reported"], event["last_reported"]) == ("2010-05-31T18:00", "2010-06-01T08:00")


def test_rewriting_documents_is_idempotent(store):
    run = store.start_run({}, "test-1")
    batch = [apology("a1", "Xinhua"), apology("a2", "Reuters"), ossetia("o1")]
    store.write_batch(batch, [Reject("bad.html", Codes.E110, "no main text")], run)
    before = snapshot(store)
    store.write_batch(batch, [Reject("bad.html", Codes.E110, "no main text")], run)
    store.write_batch(batch[:1], [], run)
    assert snapshot(store) == before
    assert store.rejects().num_rows == 1


def test_rewriting_a_document_replaces_its_readings_and_updates_events(store):
    run = store.start_run({}, "test-1")
    store.write_batch([apology("a1", "Xinhua"), apology("a2", "Reuters")], [], run)
    # a2 is corrected: it now reports a criticism, not an apology.
    corrected = news_result(
        "a2", [Coded("Israel criticised Turkey.", "ISR", "TUR", "111", "2010-05-31")], outlet="Reuters"
    )
    store.write_batch([corrected], [], run)
    (apology_event,) = store.events(code="055").to_pylist()
    assert (apology_event["num_articles"], apology_event["num_sources"]) == (1, 1)
    assert store.events(code="111").num_rows == 1
    assert store.readings(doc_id="a2").num_rows == 1
    # A document rewritten as rejected takes its events with it.
    store.write_batch([news_result("a1", [], status="skipped", outlet="Xinhua")], [], run)
    assert store.events(code="055").num_rows == 0


def test_near_duplicate_counts_as_article_and_source_not_new_event(store):
    run = store.start_run({}, "test-1")
    original = apology("orig", "Xinhua")
    duplicate = news_result(
        "dup", [], outlet="China Daily", status="duplicate", duplicate_of="orig", published="2010-05-31T12:00"
    )
    store.write_batch([original, duplicate], [], run)
    (event,) = store.events(code="055").to_pylist()
    assert (event["num_articles"], event["num_sources"], event["num_mentions"]) == (2, 2, 2)
    assert event["doc_id"] == "orig"
    assert store.events(doc_id="dup").num_rows == 1
    # The original rewritten later still carries its duplicate along.
    store.write_batch([apology("orig", "Xinhua")], [], run)
    (event,) = store.events(code="055").to_pylist()
    assert event["num_articles"] == 2


def test_duplicate_written_before_its_original_is_counted_when_the_original_arrives(store):
    run = store.start_run({}, "test-1")
    store.write_batch(
        [news_result("dup", [], outlet="China Daily", status="duplicate", duplicate_of="orig")], [], run
    )
    assert store.events().num_rows == 0
    store.write_batch([apology("orig", "Xinhua")], [], run)
    (event,) = store.events(code="055").to_pylist()
    assert event["num_articles"] == 2


def test_incremental_batches_equal_a_full_rebuild(store):
    run = store.start_run({}, "test-1")
    store.write_batch([apology("a1", "Xinhua"), ossetia("o1")], [], run)
    store.write_batch([apology("a2", "Reuters", source="person:netanyahu"), ossetia("o2", "TASS")], [], run)
    store.write_batch([news_result("d1", [], status="duplicate", duplicate_of="o1", outlet="RT")], [], run)
    store.write_batch([apology("a1", "Xinhua", published="2010-06-02T09:00")], [], run)
    incremental = (table_rows(store, "events"), table_rows(store, "event_sources"))
    store.rebuild_events()
    assert (table_rows(store, "events"), table_rows(store, "event_sources")) == incremental


def test_merge_key_is_configurable(store):
    run = store.start_run({}, "test-1")
    store.write_batch([apology("n1", "Reuters", source="person:netanyahu"), apology("n2", "AP")], [], run)
    assert store.events(code="055").num_rows == 1
    before_ids = set(store.events().column("event_id").to_pylist())
    store.set_merge_key(MergeKey(actors="code"))  # ISRGOV and ISR now differ
    assert store.events(code="055").num_rows == 2
    store.set_merge_key(MergeKey())
    assert set(store.events().column("event_id").to_pylist()) == before_ids  # ids are stable
    # A 7-day window merges reports of the same apology dated on different days.
    store.write_batch(
        [news_result("n3", [Coded("Israel apologised to Turkey.", "ISR", "TUR", "055", "2010-06-01")])],
        [],
        run,
    )
    assert store.events(code="055").num_rows == 2
    store.set_merge_key(MergeKey(window_days=7))
    assert store.events(code="055").num_rows == 1
    store.set_merge_key(MergeKey(code="root"))
    assert store.events(root="05").num_rows == 2
    with pytest.raises(QueryError) as error:
        MergeKey(actors="planet")
    assert error.value.code == Codes.E403


def test_merge_key_chosen_at_creation_is_kept(tmp_path):
    path = tmp_path / "fine.duckdb"
    Store.open(path, merge_key=MergeKey(actors="id")).close()
    with Store.open(path) as reopened:
        assert reopened.merge_key == MergeKey(actors="id")


def test_is_done_and_done_ids_follow_content_and_coder_version(store):
    result = apology("a1", "Xinhua")
    run = store.start_run({"batch_size": 2}, "test-1")
    assert not store.is_done("a1", result.doc.content_hash, "test-1")
    store.write_batch([result], [], run)
    assert store.is_done("a1", result.doc.content_hash, "test-1")
    assert not store.is_done("a1", "other-hash", "test-1")
    assert not store.is_done("a1", result.doc.content_hash, "test-2")
    assert store.done_ids([("a1", result.doc.content_hash), ("a2", "x")], "test-1") == {"a1"}
    store.finish_run(run, {"documents": 1})
    (row,) = store.runs().to_pylist()
    assert row["status"] == "finished" and json.loads(row["counts"]) == {"documents": 1}
    assert json.loads(row["settings"]) == {"batch_size": 2}


def test_clean_docs_give_back_what_recode_needs(store):
    run = store.start_run({}, "test-1")
    results = [ossetia("o1"), apology("a1", "Xinhua"), news_result("s1", [], status="skipped")]
    store.write_batch(results, [], run)
    docs = {doc.doc_id: doc for doc in store.clean_docs()}
    assert set(docs) == {"a1", "o1"}
    assert docs["o1"] == results[0].doc
    assert docs["o1"].story_text(0) == results[0].doc.story_text(0)
    # A recode with a new coder version resumes: documents it already rewrote are skipped.
    run2 = store.start_run({}, "test-2")
    store.write_batch([results[0]], [], run2)
    assert [doc.doc_id for doc in store.clean_docs(coder_version="test-2")] == ["a1"]


def test_readings_come_back_as_records(store):
    result = ossetia("o1")
    store.write_batch([result], [], store.start_run({}, "test-1"))
    assert store.readings_of("o1") == result.readings


def test_rejects_are_recorded_and_replaced_when_the_input_is_read(store):
    run = store.start_run({}, "test-1")
    store.write_batch(
        [],
        [
            Reject("feed.xml#line=3", Codes.E109, "no text field"),
            Reject("inputs/a1.txt", Codes.E101, "cannot decode"),
        ],
        run,
    )
    rejects = store.rejects(run_id=run).to_pylist()
    assert [(r["path"], r["code"]) for r in rejects] == [
        ("feed.xml#line=3", Codes.E109),
        ("inputs/a1.txt", Codes.E101),
    ]
    store.write_batch([apology("a1", "Xinhua")], [], run)  # its path is inputs/a1.txt
    assert store.rejects().column("path").to_pylist() == ["feed.xml#line=3"]


def test_bad_batches_are_refused_and_write_nothing(store):
    run = store.start_run({}, "test-1")
    good = apology("a1", "Xinhua")
    mismatched = apology("a2", "AP")
    mismatched.readings[0].doc_id = "someone-else"
    with pytest.raises(StoreError) as error:
        store.write_batch([good, mismatched], [], run)
    assert error.value.code == Codes.E403 and "someone-else" in str(error.value)
    with pytest.raises(StoreError):
        store.write_batch([good, apology("a1", "AP")], [], run)  # the same doc_id twice
    with pytest.raises(StoreError):
        store.write_batch([good], [], "run-that-never-started")
    with pytest.raises(StoreError):
        store.write_batch([news_result("z", [], status="lost")], [], run)
    assert store.counts()["documents"] == 0


def test_failed_batch_rolls_back(store, monkeypatch):
    run = store.start_run({}, "test-1")
    store.write_batch([apology("a1", "Xinhua")], [], run)
    before = snapshot(store)
    from thucydides.store import merge

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merge, "recompute_events", explode)
    with pytest.raises(RuntimeError):
        store.write_batch([apology("a1", "Xinhua", published="2011-01-01"), apology("a2", "AP")], [], run)
    assert snapshot(store) == before


def test_event_filters(store):
    run = store.start_run({}, "test-1")
    store.write_batch([ossetia("o1"), apology("a1", "Xinhua"), apology("a2", "Reuters")], [], run)
    assert store.events(dyad="RUS>GEO").column("cameo_code").to_pylist() == ["0871"]
    assert store.events(dyad=("ISR", "TUR")).num_rows == 1
    assert store.events(dyad="GEO-SOS").num_rows == 1
    assert store.events(country="geo").num_rows == 2
    assert store.events(code="08").column("cameo_code").to_pylist() == ["0871"]
    assert store.events(root=[5]).num_rows == 2
    assert store.events(quad_class=4).column("cameo_code").to_pylist() == ["190"]
    assert store.events(since="2008-09", until="2008-09").num_rows == 2
    assert store.events(until="2008-08-10").num_rows == 1
    assert store.events(factuality="asserted").num_rows == 5
    assert store.events(place="Moscow").num_rows == 1
    assert store.events(text="CEASEFIRE").num_rows == 1
    assert store.events(text="100%").num_rows == 0  # LIKE wildcards are literal
    assert store.events(limit=2).num_rows == 2
    assert store.events(limit=2, offset=4).num_rows == 1
    assert store.events(actor="South Ossetia", table="readings").num_rows == 2
    assert store.events().to_pandas().shape[0] == 5
    assert store.events(columns=["event_id", "num_sources"], code="055").column_names == [
        "event_id",
        "num_sources",
    ]


@pytest.mark.parametrize(
    "filters",
    [
        {"since": "last tuesday"},
        {"until": "2008-02-30"},
        {"code": "abc"},
        {"root": "123"},
        {"quad_class": 7},
        {"factuality": "rumoured"},
        {"dyad": "RUS"},
        {"limit": -1},
        {"table": "mentions"},
        {"columns": ["event_id", "password"]},
        {"columns": ["event_id; DROP TABLE events"]},
    ],
)
def test_bad_filters_are_invalid_arguments(store, filters):
    with pytest.raises(QueryError) as error:
        store.events(**filters)
    assert error.value.code == Codes.E403


def test_stats_by_quad_class_and_dyad(store):
    run = store.start_run({}, "test-1")
    store.write_batch([ossetia("o1"), apology("a1", "Xinhua"), apology("a2", "Reuters")], [], run)
    daily = store.stats(freq="day", by="quad_class").to_pylist()
    assert {(str(r["period"]), r["quad_class"], r["events"]) for r in daily} == {
        ("2008-08-08", 4, 1),
        ("2008-08-12", 2, 1),
        ("2008-09-09", 1, 2),
        ("2010-05-31", 1, 1),
    }
    dyads = store.stats(freq="month", by="dyad").to_pylist()
    apology_row = next(r for r in dyads if r["source"] == "ISR")
    assert (apology_row["target"], apology_row["events"], apology_row["mentions"]) == ("TUR", 1, 2)
    assert apology_row["goldstein_sum"] == 3.5
    with pytest.raises(QueryError):
        store.stats(freq="hour")
    with pytest.raises(QueryError):
        store.stats(by="planet")


def test_documents_query(store):
    run = store.start_run({}, "test-1")
    store.write_batch(
        [ossetia("o1"), apology("a1", "Reuters"), news_result("s1", [], status="skipped")], [], run
    )
    assert store.documents(status="skipped").column("doc_id").to_pylist() == ["s1"]
    assert store.documents(source="reuters").column("doc_id").to_pylist() == ["a1"]
    assert store.documents(since="2010-01-01", until="2010-05-31", status="ok").column(
        "doc_id"
    ).to_pylist() == ["a1"]
    assert store.documents(since="2010-06-01").num_rows == 0
    assert "text" not in store.documents().column_names
    assert store.documents(include_text=True, doc_id="o1").column("text")[0].as_py().startswith("Russia")
    with pytest.raises(QueryError):
        store.documents(status="lost")


def test_python_api_open_reads_and_refuses_writes(tmp_path):
    path = tmp_path / "news.duckdb"
    with Store.open(path) as writer:
        writer.write_batch([apology("a1", "Xinhua")], [], writer.start_run({}, "test-1"))
    reader = open_store(path)
    assert reader.read_only
    assert reader.events().to_pandas()["num_articles"].tolist() == [1]
    with pytest.raises(StoreError):
        reader.start_run({}, "x")
    reader.close()


def test_missing_database_for_a_reader_is_e303(tmp_path):
    with pytest.raises(StoreError) as error:
        open_store(tmp_path / "nowhere.duckdb")
    assert error.value.code == Codes.E303
    assert not (tmp_path / "nowhere.duckdb").exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError) as error:
        Store.open(path)
    assert error.value.code == Codes.E303
    assert path.read_text().startswith("these are my notes")
