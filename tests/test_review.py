"""Corrections that feed back (issue 17, item 6): the corrections file beside the database, anchors that
survive a recode, corrections applied in queries and exports (a `corrected` column), gold files labelled
"reviewed, not blind" that the evaluator reads, the CLI, and review mode's safety (off by default,
loopback only, CSRF token and Origin check, everything escaped).

Databases are built from hand-made DocResults (tests/store_fakes.py): no spaCy. The browser test
(tests/test_review_browser.py) does the same through Chromium on the example article, with a real recode.
"""

from __future__ import annotations

import csv
import json
import re
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from thucydides.cli import main
from thucydides.errors import QueryError, ThucydidesError
from thucydides.evaluate import load_gold, score
from thucydides.review import LABEL, CorrectionStore, corrections_path, export_gold, open_corrected
from thucydides.review.anchoring import reading_anchor, sentence_anchor
from thucydides.review.values import find_actor
from thucydides.store import Store
from thucydides.store.query import fetch_table

from .store_fakes import apology, ossetia

pytest.importorskip("fastapi")
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx.*", category=UserWarning)
    from fastapi.testclient import TestClient  # noqa: E402

from thucydides.web import create_app  # noqa: E402

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def write(path: Path, results, coder_version: str = "test-1") -> None:
    with Store.open(path) as store:
        run_id = store.start_run({"test": True}, coder_version)
        store.write_batch(results, [], run_id)
        store.finish_run(run_id, {})


def recoded(result, suffix: str = "v2", drop_sentence: int | None = None):
    """The same document as a changed coder reads it: new reading ids (and, with drop_sentence, no
    reading in that sentence any more)."""
    readings = [replace(r, event_id=f"{r.event_id}-{suffix}", coder_version=f"test-{suffix}")
                for r in result.readings if r.sentence_index != drop_sentence]
    return replace(result, readings=readings)


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "news.duckdb"
    write(path, [ossetia("oss-1"), apology("apology/ap", "AP")])
    return path


def doc_and_readings(db: Path, doc_id: str = "oss-1"):
    with Store.open(db, read_only=True) as store:
        doc = fetch_table(store.conn, "SELECT * FROM documents WHERE doc_id = ?", [doc_id]).to_pylist()[0]
        readings = fetch_table(store.conn, "SELECT * FROM readings WHERE doc_id = ? ORDER BY reading_index",
                               [doc_id]).to_pylist()
        sentences = store.conn.execute("SELECT sentence_index, start_char, end_char FROM sentences "
                                       "WHERE doc_id = ? ORDER BY 1", [doc_id]).fetchall()
    return doc, readings, sentences


def review_some(db: Path) -> CorrectionStore:
    """Right: the recognition; corrected: the ceasefire (code, target, date); wrong: the attack; added:
    Lavrov's statement to Georgia."""
    book = CorrectionStore(db)
    doc, readings, sentences = doc_and_readings(db)
    by_code = {r["cameo_code"]: r for r in readings}
    with Store.open(db, read_only=True) as store:
        france, georgia, russia = (find_actor(store.conn, name) for name in ("France", "GEO", "RUS"))
    book.append("right", reading_anchor(by_code["054"], doc["text"]), note="as read")
    book.append("fix", reading_anchor(by_code["0871"], doc["text"]),
                {"code": "0874", "target": france, "event_date": "2008-08-13", "factuality": "intended"},
                note=XSS)
    book.append("wrong", reading_anchor(by_code["190"], doc["text"]), note="not in this story")
    index, start, end = sentences[2]
    book.append("add", sentence_anchor(doc, index, (start, end), 0, "said"),
                {"code": "012", "source": russia, "target": georgia,
                 "event_date": "2008-09-09"}, note="missed")
    return book


def events_of(db: Path, apply: bool = True) -> dict[str, dict]:
    with open_corrected(db, apply=apply) as store:
        rows = store.events(doc_id="oss-1").to_pylist()
    return {r["cameo_code"]: r for r in rows}


# ------------------------------------------------------------------ the file


def test_the_file_lives_beside_the_database_and_the_latest_verdict_wins(db):
    book = CorrectionStore(db)
    assert book.path == corrections_path(db) == Path(str(db) + ".corrections.jsonl")
    assert not book.exists() and book.effective() == []
    doc, readings, _ = doc_and_readings(db)
    anchor = reading_anchor(readings[0], doc["text"])
    assert anchor["trigger"]["text"] == "established"
    assert doc["text"][anchor["trigger"]["start"]:anchor["trigger"]["end"]] == "established"
    first = book.append("wrong", anchor)
    second = book.append("right", anchor, note="on second thought")
    assert first.key == second.key  # the anchor, not an id, is the key
    assert [(c.action, c.note) for c in book.effective()] == [("right", "on second thought")]
    book.withdraw(second.key)
    assert book.effective() == []
    assert len(book.path.read_text().splitlines()) == 3  # an append-only log: nothing is lost


def test_a_damaged_line_is_an_error_not_a_silent_loss(db):
    corrections_path(db).write_text('{"id": "c-1", "action": "right"\n')
    with pytest.raises(QueryError, match="line 1"):
        CorrectionStore(db).effective()


def test_bad_values_are_refused(db):
    from thucydides.review.values import check_code, check_date, check_factuality

    for check, value in ((check_code, "999"), (check_date, "2008-13-01"), (check_date, "Tuesday"),
                         (check_factuality, "maybe")):
        with pytest.raises(QueryError):
            check(value)
    doc, _, sentences = doc_and_readings(db)
    index, start, end = sentences[1]
    with pytest.raises(QueryError, match="not a word of the sentence"):
        sentence_anchor(doc, index, (start, end), 0, "invaded")


# ------------------------------------------------------------------ applied in queries and exports


def test_corrections_are_applied_in_queries_with_a_column_saying_so(db):
    raw = events_of(db, apply=False)
    assert set(raw) == {"054", "010", "0871", "190"} and "corrected" not in raw["054"]
    review_some(db)
    events = events_of(db)
    assert set(events) == {"054", "010", "0874", "012"}  # 190 judged wrong is gone; 012 added
    assert events["054"]["corrected"] == "confirmed"
    assert events["010"]["corrected"] is None
    fixed = events["0874"]
    assert (fixed["corrected"], fixed["target_id"], fixed["event_date"], fixed["factuality"]) == \
        ("changed", "FRA", "2008-08-13", "intended")
    assert fixed["cameo_root"] == "08" and fixed["plover_type"] == "RETREAT"
    added = events["012"]
    assert added["corrected"] == "added" and (added["source_id"], added["target_id"]) == ("RUS", "GEO")
    assert added["trigger"] == "said" and added["evidence_text"].startswith("Lavrov said")
    assert events_of(db, apply=False) == raw  # the database itself is untouched
    with open_corrected(db) as store:
        readings = store.readings(doc_id="oss-1").to_pylist()
        assert sorted(r["corrected"] or "-" for r in readings) == ["-", "added", "changed", "confirmed"]
        assert store.events(dyad="RUS>FRA").num_rows == 1  # filters see the corrected values
        assert store.events(doc_id="oss-1", root="19").num_rows == 0


def test_exports_carry_the_corrections(db, tmp_path):
    review_some(db)
    runner = CliRunner()
    out = tmp_path / "events.jsonl"
    result = runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = {r["cameo"]["code"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records["0874"]["corrected"] == "changed" and records["0874"]["target"]["id"] == "FRA"
    assert records["012"]["corrected"] == "added" and "190" not in records
    assert records["055"]["corrected"] is None
    flat = tmp_path / "events.csv"
    assert runner.invoke(main, ["export", "--db", str(db), "--format", "csv", "-o", str(flat)]).exit_code == 0
    rows = list(csv.DictReader(flat.open(encoding="utf-8")))
    assert {r["cameo_code"]: r["corrected"] for r in rows}["0874"] == "changed"
    readings = tmp_path / "readings.jsonl"
    assert runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl", "--table", "readings",
                                "-o", str(readings)]).exit_code == 0
    by_code = {r["cameo"]["code"]: r for r in map(json.loads, readings.read_text().splitlines())}
    assert by_code["012"]["corrected"] == "added" and by_code["0874"]["factuality"] == "intended"
    raw = tmp_path / "raw.jsonl"
    assert runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl", "--no-corrections",
                                "-o", str(raw)]).exit_code == 0
    assert "190" in {json.loads(line)["cameo"]["code"] for line in raw.read_text().splitlines()}
    printed = runner.invoke(main, ["events", "--db", str(db), "--format", "jsonl"])
    assert '"corrected": "added"' in printed.output


# ------------------------------------------------------------------ surviving a recode


def test_corrections_survive_a_recode_that_changes_reading_ids(db):
    review_some(db)
    before = events_of(db)
    write(db, [recoded(ossetia("oss-1"))], coder_version="test-v2")
    _, readings, _ = doc_and_readings(db)
    assert all(r["reading_id"].endswith("-v2") for r in readings)
    after = events_of(db)
    assert set(after) == set(before)
    assert {k: v["corrected"] for k, v in after.items()} == {k: v["corrected"] for k, v in before.items()}
    printed = CliRunner().invoke(main, ["corrections", "orphans", "--db", str(db)]).output
    assert "0 orphaned correction(s)" in printed and not any(line.startswith("orphaned") for line in printed.splitlines())


def test_corrections_left_without_a_reading_are_listed(db):
    review_some(db)
    ceasefire_sentence = 3
    write(db, [recoded(ossetia("oss-1"), drop_sentence=ceasefire_sentence)], coder_version="test-v2")
    CorrectionStore(db).append("add", {"doc_id": "no-longer-stored", "sentence_index": 1,
                                        "sentence": {"text": "Gone.", "start": 0, "end": 5},
                                        "trigger": {"text": "Gone", "start": 0, "end": 4}},
                               {"code": "010", "source": {"id": "RUS", "name": "Russia", "country": "RUS"}})
    events = events_of(db)
    assert "0874" not in events and "0871" not in events  # nothing to apply it to
    result = CliRunner().invoke(main, ["corrections", "orphans", "--db", str(db)])
    assert result.exit_code == 0
    assert "orphaned" in result.output and "declared" in result.output
    listed = CliRunner().invoke(main, ["corrections", "list", "--db", str(db), "--json"])
    statuses = sorted(json.loads(line)["status"] for line in listed.output.splitlines())
    assert statuses == ["added", "applied", "applied", "orphaned", "orphaned"]
    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    page = client.get("/corrections").text
    assert 'id="orphans"' in page and "declared" in page.split('id="orphans"')[1].split("</section>")[0]
    assert "the coder reads an event at this trigger too" in page  # the added statement: 'said' is coded


# ------------------------------------------------------------------ gold


def test_corrections_export_as_gold_that_the_evaluator_reads(db, tmp_path):
    review_some(db)
    result = CliRunner().invoke(main, ["corrections", "export-gold", "--db", str(db), "-o", str(tmp_path / "gold")])
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "gold").glob("*.gold.json"))
    assert len(files) == 1
    gold = load_gold(files[0])
    assert gold["annotator"] == LABEL == "reviewed, not blind" and gold["blind"] is False
    assert gold["document"] == "inputs/oss-1.txt"
    by_review = {e["review"]: e for e in gold["events"]}
    assert by_review["corrected"]["cameo_codes"] == ["0874"] and by_review["corrected"]["target"] == "FRA"
    assert by_review["added"]["cameo_roots"] == ["01"] and by_review["added"]["trigger"] == "said"
    assert by_review["not reviewed"]["required"] is False
    assert [r["code"] for r in gold["rejected"]] == ["190"]
    # The corrected readings score perfectly against it; the coder's raw output does not.
    with open_corrected(db) as store:
        corrected = list(store.records("readings", doc_id="oss-1"))
    with open_corrected(db, apply=False) as store:
        raw = list(store.records("readings", doc_id="oss-1"))
    assert score(gold, corrected).recall == 1.0 and score(gold, corrected).precision == 1.0
    coder = score(gold, raw)
    assert coder.recall < 1.0 and coder.precision < 1.0
    assert {m["id"] for m in coder.misses} == {by_review["corrected"]["id"], by_review["added"]["id"]}
    assert export_gold(db, tmp_path / "none", ["apology/ap"]) == []


# ------------------------------------------------------------------ the web UI


def post(client, path: str, data: dict, **headers):
    return client.post(path, data=data, headers={"Origin": "http://127.0.0.1", **headers}, follow_redirects=False)


def token_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_review_mode_is_off_by_default(db):
    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    assert client.get("/corrections").status_code == 200
    assert "serve --review" in client.get("/corrections").text
    assert client.get("/review/documents/oss-1").status_code == 404
    assert client.post("/review/verdict", data={"verdict": "wrong"}).status_code in (404, 405)
    assert not corrections_path(db).exists()


def test_review_mode_is_local_only(db):
    with pytest.raises(ThucydidesError, match="loopback"):
        create_app(db, allowed_hosts=["news.example.org"], review=True)
    from thucydides.web import serve

    with pytest.raises(ThucydidesError, match="127.0.0.1"):
        serve(db, host="0.0.0.0", port=0, review=True)
    client = TestClient(create_app(db, review=True), base_url="http://evil.example.org")
    assert client.get("/review/documents/oss-1").status_code == 400  # Host check


def test_review_forms_write_corrections_and_refuse_cross_site_requests(db):
    client = TestClient(create_app(db, review=True), base_url="http://127.0.0.1")
    page = client.get("/review/documents/oss-1")
    assert page.status_code == 200 and page.text.count('class="panel review-reading') == 4
    token = token_of(page.text)
    _, readings, _ = doc_and_readings(db)
    attack = next(r for r in readings if r["cameo_code"] == "190")
    verdict = {"csrf_token": token, "doc_id": "oss-1", "reading_id": attack["reading_id"], "verdict": "fix",
               "code": "190", "source": "GEO", "target": "RUS", "event_date": "2008-08-07",
               "factuality": "asserted", "note": XSS}
    # Cross-site: no token, a wrong token, another origin, a cross-site fetch: refused, nothing written.
    assert post(client, "/review/verdict", {**verdict, "csrf_token": ""}).status_code == 403
    assert post(client, "/review/verdict", {**verdict, "csrf_token": "x" * 43}).status_code == 403
    assert post(client, "/review/verdict", verdict, Origin="http://evil.example.org").status_code == 403
    assert post(client, "/review/verdict", verdict, Origin="null").status_code == 403
    assert post(client, "/review/verdict", verdict, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert not corrections_path(db).exists()
    answer = post(client, "/review/verdict", verdict)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/review/documents/oss-1#r-")
    [correction] = CorrectionStore(db).effective()
    assert correction.action == "fix" and set(correction.changes) == {"target", "event_date"}
    assert correction.changes["target"]["id"] == "RUS"
    added = post(client, "/review/add", {"csrf_token": token, "doc_id": "oss-1", "sentence": "2", "trigger": "said",
                                          "code": "012", "source": "RUS", "target": "GEO", "event_date": "",
                                          "factuality": "asserted", "note": "missed"})
    assert added.status_code == 303
    bad = post(client, "/review/add", {"csrf_token": token, "doc_id": "oss-1", "sentence": "2", "trigger": "bombed",
                                        "code": "190", "source": "RUS"})
    assert bad.status_code == 400 and "not a word of the sentence" in bad.text
    events = events_of(db)
    assert events["190"]["target_id"] == "RUS" and events["190"]["corrected"] == "changed"
    assert events["012"]["event_date"] == "2008-09-09"  # undated: the publication day
    # Everything from the article and the note is escaped on both pages.
    for path in ("/corrections", "/review/documents/oss-1"):
        text = client.get(path).text
        assert "<script>window.__xss" not in text and "&lt;script&gt;window.__xss=1" in text, path
    # The corrected event page and list show the correction; the gold file downloads.
    assert client.get("/events", params={"dyad": "GEO>RUS"}).text.count("event-link") >= 1
    gold = client.get("/corrections/gold/oss-1")
    assert gold.status_code == 200 and gold.json()["annotator"] == LABEL
    # Withdrawing takes a verdict back.
    withdraw = post(client, "/review/withdraw", {"csrf_token": token, "key": correction.key, "back": "//evil"})
    assert withdraw.status_code == 303 and withdraw.headers["location"] == "/corrections"
    assert events_of(db)["190"]["corrected"] is None


def test_an_event_loses_the_reports_judged_wrong_and_goes_with_the_last(tmp_path):
    db = tmp_path / "apology.duckdb"
    write(db, [apology("apology/reuters", "Reuters"), apology("apology/ap", "AP"), apology("apology/aa", "Anadolu")])
    with open_corrected(db) as store:
        [event] = store.events(dyad="ISR>TUR").to_pylist()
    assert (event["num_articles"], event["num_sources"]) == (3, 3)
    book = CorrectionStore(db)
    for number, doc_id in enumerate(("apology/ap", "apology/reuters", "apology/aa")):
        doc, [reading], _ = doc_and_readings(db, doc_id)
        book.append("wrong", reading_anchor(reading, doc["text"]))
        with open_corrected(db) as store:
            found = store.events(dyad="ISR>TUR").to_pylist()
        if number < 2:
            [event] = found
            assert event["num_articles"] == event["num_sources"] == len(event["sources"]) == 2 - number
            assert doc_id not in {s["doc_id"] for s in event["sources"]}
        else:
            assert found == []
