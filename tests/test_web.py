"""The web UI through its HTTP interface (no browser): pages, API, downloads, safety, empty states.

The database is built from hand-made DocResults (tests/store_fakes.py), so no spaCy is needed;
tests/test_web_browser.py drives the same pages in Chromium on the example article too.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
with warnings.catch_warnings():  # starlette's notice about its test client's HTTP library
    warnings.filterwarnings("ignore", message=".*httpx.*", category=UserWarning)
    from fastapi.testclient import TestClient  # noqa: E402

from thucydides.errors import Codes  # noqa: E402
from thucydides.records import Reject  # noqa: E402
from thucydides.store import Store  # noqa: E402
from thucydides.web import create_app  # noqa: E402
from thucydides.web.documents import Span, segment, trigger_offset  # noqa: E402
from thucydides.web.ui import page_window, safe_link  # noqa: E402

from .store_fakes import Coded, apology, news_result, ossetia  # noqa: E402

XSS_SENTENCE = '<script>window.__xss=1</script> <img src=x onerror="window.__xss=2"> attacked Georgia.'
XSS_HEADLINE = "<script>window.__xss=3</script><img src=x onerror=window.__xss=4>"
XSS_OUTLET = '<b onmouseover="window.__xss=6">Evil</b>'


def write_fixture_documents(store: Store) -> None:
    """Stories covering every page: a rich story, one event reported by three outlets, a
    near-duplicate, a rejected input, and an article whose every field carries script."""
    run_id = store.start_run({"test": True}, "test-1")
    store.write_batch(
        [
            ossetia("oss-1", "Xinhua"),
            apology("apology/reuters", "Reuters"),
            apology("apology/ap", "AP", source="person:netanyahu"),
            apology("apology/anadolu", "Anadolu"),
            news_result(
                "oss-1-copy", [Coded("Russia established diplomatic relations with South Ossetia.")],
                status="duplicate", duplicate_of="oss-1", headline="Russia establishes ties (copy)",
            ),
            news_result(
                "xss#1", [Coded(XSS_SENTENCE, "RUS", "GEO", "190", "2008-08-09", place=True)],
                headline=XSS_HEADLINE, outlet=XSS_OUTLET, url="javascript:window.__xss=5",
                published="2008-08-10T08:00",
            ),
        ],
        [Reject("inputs/broken.bin", Codes.E103, "binary content", doc_id="broken-1")],
        run_id,
    )
    store.finish_run(run_id, {"documents": 6})


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    with Store.open(path) as store:
        write_fixture_documents(store)
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db), base_url="http://127.0.0.1", raise_server_exceptions=False)


def event_id_of(db: Path, **filters) -> str:
    with Store.open(db, read_only=True) as store:
        return store.events(**filters).column("event_id")[0].as_py()


# ------------------------------------------------------------------ pages


@pytest.mark.parametrize(
    "path",
    ["/", "/?freq=week&norm=docs", "/events", "/documents", "/rejects", "/dyads", "/dyads/RUS/GEO",
     "/network", "/map", "/api", "/documents/oss-1", "/documents/xss%231"],
)
def test_every_page_answers(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "Traceback" not in response.text


def test_overview_counts_documents_events_and_dates(client):
    page = client.get("/").text
    assert "6 documents" in page
    assert "2008-08-08" in page  # first event day
    assert 'class="bar q4"' in page and 'class="bar q1"' in page  # stacked QuadClass bars
    assert "/dyads/ISR/TUR" in page  # the apology, the busiest dyad, is linked


def test_events_filters_select_the_same_rows_as_the_store(client, db):
    page = client.get("/events", params={"dyad": "ISR>TUR"}).text
    assert '<strong id="event-total">1</strong>' in page
    with Store.open(db, read_only=True) as store:
        assert store.events(dyad="ISR>TUR").num_rows == 1
    page = client.get("/events", params={"quad_class": "4", "country": "GEO"}).text
    assert '<strong id="event-total">2</strong>' in page
    page = client.get("/events", params={"plover": "assault"}).text
    assert '<strong id="event-total">2</strong>' in page
    page = client.get("/events", params={"q": "apologised"}).text
    assert '<strong id="event-total">1</strong>' in page


@pytest.mark.parametrize(
    "params, message",
    [({"since": "last tuesday"}, "since must be a date"), ({"quad_class": "7"}, "quad_class"),
     ({"plover": "HUG"}, "PLOVER type"), ({"page": "0"}, "page"), ({"code": "abc"}, "CAMEO code")],
)
def test_bad_filters_answer_400_and_keep_the_form(client, params, message):
    response = client.get("/events", params=params)
    assert response.status_code == 400
    assert message in response.text
    assert 'id="filter-error"' in response.text and '<form class="filters"' in response.text


def test_event_page_lists_every_reporting_document(client, db):
    event_id = event_id_of(db, dyad="ISR>TUR")
    page = client.get(f"/events/{event_id}").text
    for doc_id in ("apology/reuters", "apology/ap", "apology/anadolu"):
        assert f'href="/documents/{doc_id}?event={event_id}#s-1"' in page
    assert "Reported by 3 documents" in page


def test_document_page_highlights_every_kind_and_links_duplicates(client):
    page = client.get("/documents/oss-1").text
    for kind in ("actor", "time", "place", "quote", "trigger"):
        assert f"hl-{kind}" in page
    assert 'id="s-1"' in page  # sentence anchors for links from events
    assert "/documents/oss-1-copy" in page  # its near-duplicate
    copy = client.get("/documents/oss-1-copy").text
    assert "near-duplicate of" in copy and 'href="/documents/oss-1"' in copy


def test_document_ids_with_slashes_and_hashes_round_trip(client):
    assert client.get("/documents/apology/reuters").status_code == 200
    listing = client.get("/documents").text
    assert 'href="/documents/xss%231"' in listing


def test_rejects_are_listed(client):
    page = client.get("/rejects").text
    assert "inputs/broken.bin" in page and "THU-E103" in page


def test_dyad_page_shows_both_directions(client):
    page = client.get("/dyads/RUS/GEO").text
    assert page.count('class="panel direction"') == 2
    assert "goldstein-series" in page
    assert 'Moscow <mark class="trigger">declared</mark> a ceasefire' in page


def test_network_edges_open_their_dyad(client):
    page = client.get("/network").text
    assert 'class="edge-link" href="/dyads/' in page
    assert "<circle" in page


def test_map_page_ships_points_and_the_offline_atlas(client):
    page = client.get("/map").text
    start = page.index('<script type="application/json" id="map-data">') + len(
        '<script type="application/json" id="map-data">'
    )
    points = json.loads(page[start : page.index("</script>", start)])
    assert any(p["name"] == "Moscow" for p in points)
    assert "/static/vendor/leaflet/leaflet.js" in page
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in page
    assert client.get("/static/vendor/world-atlas/countries-50m.json").status_code == 200
    assert "http://" not in page.split("<footer>")[0].replace("http://127.0.0.1", "")


# ------------------------------------------------------------------ not found and errors


@pytest.mark.parametrize("path", ["/events/ev-nope", "/documents/nope", "/dyads/NOPE/NADA", "/no-such-page"])
def test_unknown_ids_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.text


def test_api_unknown_ids_are_404_json(client):
    response = client.get("/api/events/ev-nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_internal_errors_are_logged_not_shown(client, monkeypatch, caplog):
    from thucydides.web import data

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(data, "overview", explode)
    with caplog.at_level(logging.ERROR, logger="thucydides.web"):
        response = client.get("/")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert "secret internals" in caplog.text


# ------------------------------------------------------------------ API


def test_api_events_are_export_records_with_total(client, db):
    body = client.get("/api/events", params={"dyad": "ISR>TUR"}).json()
    assert body["total"] == 1
    record = body["events"][0]
    assert record["cameo"]["code"] == "055" and record["num_articles"] == 3
    assert {s["doc_id"] for s in record["sources"]} == {"apology/reuters", "apology/ap", "apology/anadolu"}
    assert record["evidence"]["text"].endswith("apologised to Turkey for the raid.")


def test_api_events_paginate(client):
    first = client.get("/api/events", params={"limit": 2, "sort": "date"}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2, "sort": "date"}).json()
    assert first["total"] == second["total"] >= 4
    ids = [e["event_id"] for e in first["events"] + second["events"]]
    assert len(set(ids)) == 4


@pytest.mark.parametrize(
    "path, params",
    [("/api/events", {"limit": "5000"}), ("/api/events", {"since": "yesterday"}),
     ("/api/events", {"limit": "many"}), ("/api/documents", {"status": "lost"})],
)
def test_api_bad_arguments_are_400_with_a_code(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == Codes.E403


def test_api_documents_dyads_stats_actors(client):
    documents = client.get("/api/documents").json()
    assert documents["total"] == 6
    assert set(documents["documents"][0]) >= {"doc_id", "headline", "source", "published", "status"}
    assert client.get("/api/documents", params={"status": "duplicate"}).json()["total"] == 1
    dyads = {(d["source"], d["target"]): d for d in client.get("/api/dyads").json()["dyads"]}
    assert dyads["RUS", "GEO"]["events"] == 2
    assert dyads["ISR", "TUR"]["events"] == 1 and dyads["ISR", "TUR"]["articles"] == 3
    stats = client.get("/api/stats", params={"freq": "month"}).json()
    assert sum(row["events"] for row in stats["stats"]) == client.get("/api/events").json()["total"]
    actors = client.get("/api/actors").json()
    assert actors["actors"][0]["actor"] == "RUS" and actors["actors"][0]["name"] == "Russia"
    assert client.get("/api/documents/oss-1").json()["document"]["headline"].startswith("Russia establishes")


def test_openapi_documents_the_api_and_the_api_page_lists_it(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/documents", "/api/dyads", "/api/stats"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"dyad", "actor", "quad_class", "since", "limit", "offset", "q"} <= names
    assert "/api/events" in client.get("/api").text


# ------------------------------------------------------------------ downloads


def test_csv_download_is_exactly_the_page_shown(client):
    params = {"per_page": "2", "page": "2", "sort": "date"}
    page = client.get("/events", params=params).text
    shown = [line.split('href="/events/')[1].split('"')[0] for line in page.splitlines()
             if 'class="event-link" href="/events/' in line]
    response = client.get("/events.csv", params=params)
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["event_id"] for r in rows] == shown and len(shown) == 2
    records = client.get("/events.json", params=params).json()
    assert [r["event_id"] for r in records] == shown


def test_download_all_and_empty_downloads(client):
    everything = client.get("/events.json", params={"all": "1"}).json()
    assert len(everything) == client.get("/api/events").json()["total"]
    empty = client.get("/events.csv", params={"q": "no such words anywhere"})
    assert empty.status_code == 200
    assert empty.text.splitlines()[0].startswith('"reading_id"')  # a header, no rows
    assert len(empty.text.splitlines()) == 1
    assert client.get("/events.csv", params={"since": "nonsense"}).status_code == 400


# ------------------------------------------------------------------ safety


def test_article_values_are_escaped_everywhere(client, db):
    event_id = event_id_of(db, doc_id="xss#1")
    pages = [client.get(p).text for p in (
        "/", "/events", "/documents", "/documents/xss%231", f"/events/{event_id}", "/dyads/RUS/GEO", "/map",
        "/network",
    )]
    for page in pages:
        # The payloads are there as text, never as markup: no tag from an article survives.
        assert "<script>window" not in page and "<img" not in page and "<b " not in page
    document = pages[3]
    assert "&lt;script&gt;window.__xss=3&lt;/script&gt;" in document
    assert 'href="javascript:' not in document  # an article's javascript: URL is shown, not linked


def test_every_response_forbids_inline_script(client):
    for path in ("/", "/events", "/api/events", "/documents/oss-1", "/no-such-page"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "object-src 'none'" in policy


def test_other_host_names_are_refused(db):
    # A page elsewhere cannot read the database through a name that resolves to 127.0.0.1.
    client = TestClient(create_app(db), base_url="http://attacker.example")
    assert client.get("/api/events").status_code == 400


def test_the_database_is_never_written(db, client):
    before = db.stat().st_mtime_ns, db.stat().st_size
    for path in ("/", "/events", "/api/events", "/events.csv", "/documents/oss-1", "/network", "/map"):
        client.get(path)
    assert (db.stat().st_mtime_ns, db.stat().st_size) == before
    assert client.post("/api/events").status_code == 405


def test_no_sql_endpoint_exists(client):
    spec = client.get("/openapi.json").json()
    assert not any("sql" in path for path in spec["paths"])
    assert client.get("/api/sql", params={"q": "SELECT 1"}).status_code == 404


# ------------------------------------------------------------------ missing, empty and locked databases


def test_no_database_says_how_to_make_one(tmp_path):
    missing = tmp_path / "none.duckdb"
    client = TestClient(create_app(missing), base_url="http://127.0.0.1")
    response = client.get("/")
    assert response.status_code == 503
    assert "No database yet" in response.text and "thucydides run" in response.text
    assert client.get("/api/events").json()["error"]["code"] == Codes.E303
    assert not missing.exists()  # reading never creates it


def test_empty_database_has_clear_empty_states(tmp_path):
    path = tmp_path / "empty.duckdb"
    Store.open(path).close()
    client = TestClient(create_app(path), base_url="http://127.0.0.1")
    assert "This database is empty" in client.get("/").text
    for page in ("/events", "/documents", "/network", "/map", "/dyads"):
        response = client.get(page)
        assert response.status_code == 200
        assert 'class="empty"' in response.text
    assert client.get("/api/events").json() == {"events": [], "total": 0, "limit": 100, "offset": 0}


def test_locked_database_serves_the_last_page_shown_and_says_so(tmp_path):
    path = tmp_path / "busy.duckdb"
    with Store.open(path) as store:
        write_fixture_documents(store)
    client = TestClient(create_app(path), base_url="http://127.0.0.1")
    assert client.get("/").status_code == 200  # shown once before the run starts
    assert client.get("/api/events").status_code == 200
    with Store.open(path):  # a writer holds the database, as `thucydides run` does
        cached = client.get("/")
        assert cached.status_code == 200
        assert "A run is writing this database" in cached.text and "6 documents" in cached.text
        assert client.get("/api/events").headers.get("x-thucydides-stale-since")
        never_shown = client.get("/events?country=FRA")
        assert never_shown.status_code == 503
        assert "A run is writing this database" in never_shown.text
        assert client.get("/api/documents").json()["error"]["code"] == Codes.E301
    assert "A run is writing" not in client.get("/").text


def test_new_runs_show_up_at_once(tmp_path):
    path = tmp_path / "growing.duckdb"
    with Store.open(path) as store:
        write_fixture_documents(store)
    client = TestClient(create_app(path), base_url="http://127.0.0.1")
    before = client.get("/api/events").json()["total"]
    assert f'<strong id="event-total">{before}</strong>' in client.get("/events").text
    with Store.open(path) as store:
        run_id = store.start_run({}, "test-2")
        later = news_result("later", [Coded("France criticised Russia.", "FRA", "RUS", "111", "2010-06-01")])
        store.write_batch([later], [], run_id)
        store.finish_run(run_id, {})
    # Counts are remembered between pages, but never across a change of the database.
    assert client.get("/api/events").json()["total"] == before + 1
    assert f'<strong id="event-total">{before + 1}</strong>' in client.get("/events").text


# ------------------------------------------------------------------ helpers


def test_timeline_normalised_by_the_documents_reporting_each_day(db):
    from datetime import date

    from thucydides.web import data
    from thucydides.web.filters import EventFilters

    # The whole span asked for (by default the axis leaves the 2010 outlier out: test_web_workbench).
    span = EventFilters(since="2008-08-08", until="2010-05-31")
    with Store.open(db, read_only=True) as store:
        raw = data.timeline(store, "day", normalised=False, filters=span)
        per_document = data.timeline(store, "day", normalised=True, filters=span)
    day = raw.periods.index(date(2010, 5, 31))  # the apology: one event, three reports
    assert raw.values[1][day] == 1
    assert per_document.values[1][day] == pytest.approx(1 / 3)
    assert per_document.documents[day] == 3
    assert len(raw.periods) == (date(2010, 5, 31) - date(2008, 8, 8)).days + 1  # gaps are kept


def test_segments_cut_overlapping_annotations():
    text = "Lavrov said Moscow will act."
    spans = [Span(0, 28, "quote", "q"), Span(12, 18, "actor", "a"), Span(12, 18, "place", "p")]
    pieces = segment(text, 0, len(text), spans, [0])
    assert "".join(p.text for p in pieces) == text
    moscow = next(p for p in pieces if p.text == "Moscow")
    assert moscow.kinds == ("actor", "place", "quote")
    assert pieces[0].first and pieces[0].sentence == 0


def test_trigger_offsets_prefer_whole_words():
    text = "The attacker attacked the attack."
    assert trigger_offset(text, 0, len(text), "attacked") == (13, 21)
    assert trigger_offset(text, 0, len(text), "attack") == (26, 32)
    assert trigger_offset(text, 0, len(text), "missing") is None


def test_page_window_and_safe_links():
    assert page_window(1, 1) == [1]
    assert page_window(5, 20) == [1, None, 3, 4, 5, 6, 7, None, 20]
    assert safe_link("https://example.org/a") == "https://example.org/a"
    assert safe_link("javascript:alert(1)") is None and safe_link(" data:text/html,x") is None
