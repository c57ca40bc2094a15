"""The web UI as a researcher's workbench (issue 17, items 1-5): one test per finding.

A database built by hand (tests/store_fakes.py) with what the findings need: a month of war with
one back-reference to 1967, four events from one article, two triggers in one sentence, a city, a
country centroid and a dateline fallback on the map, a person (Lavrov), and casualties.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import replace
from datetime import date
from html import unescape
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx.*", category=UserWarning)
    from fastapi.testclient import TestClient  # noqa: E402

from thucydides.records import Actor, Place  # noqa: E402
from thucydides.store import Store  # noqa: E402
from thucydides.web import create_app  # noqa: E402

from .store_fakes import ACTORS, CODES, PLOVER, Coded, apology, news_result, stable_id  # noqa: E402

LAVROV = Actor("person:sergei-lavrov", "Sergei Lavrov", "person", "RUS", ("GOV",), "RUSGOV", (), "Foreign Minister")
RUSSIA = Place("Russia", "RUS", None, 61.5, 105.3, 2017370, "country")


def _with_place(result, place: Place, text: str):
    return replace(result, readings=[replace(r, location=place, location_text=text) for r in result.readings])


def workbench_results() -> list:
    """The documents of the workbench database."""
    results = []
    # One article reporting four Russian attacks on Georgia, one with a stated toll.
    war = news_result("war/reuters", [
        Coded("Russia bombed Gori on Friday.", "RUS", "GEO", "190", "2008-08-08"),
        Coded("Russia shelled Tskhinvali again.", "RUS", "GEO", "190", "2008-08-09", place=True),
        Coded("Russia attacked Poti port.", "RUS", "GEO", "190", "2008-08-10"),
        Coded("Russia struck Senaki airbase.", "RUS", "GEO", "190", "2008-08-11"),
    ], outlet="Reuters", published="2008-08-12T09:00", headline="Russian strikes on Georgia")
    war.readings[0] = replace(war.readings[0], killed=12, injured=30)
    war.readings[2] = replace(war.readings[2], arrested=4)
    results.append(war)
    # A sentence holding two events: this one's trigger must be told from the other's.
    both = news_result("both/ap", [Coded("Georgia shelled Tskhinvali and criticised Russia.", "GEO", "SOS", "190",
                                         "2008-08-13")], outlet="AP", published="2008-08-13T10:00")
    other = replace(both.readings[0], event_id=stable_id("both/ap", 1, "criticised", "GEO>RUS"), trigger="criticised",
                    target=ACTORS["RUS"], target_text="Russia", cameo=CODES["111"], plover=PLOVER["111"])
    both.readings.append(other)
    results.append(both)
    # Lavrov, a person: "Lavrov" must find his readings.
    results.append(news_result("lavrov/tass", [Coded("Lavrov criticised Georgia.", "RUS", "GEO", "111", "2008-08-14")],
                               outlet="TASS", published="2008-08-14T08:00"))
    results[-1].readings[0] = replace(results[-1].readings[0], source=LAVROV, source_text="Lavrov")
    # A country-level place read in the sentence, and a dateline fallback (Moscow's country).
    results.append(_with_place(news_result("russia/xinhua", [
        Coded("Russia recognised South Ossetia in Russia.", "RUS", "SOS", "054", "2008-08-26")],
        outlet="Xinhua", published="2008-08-26T12:00"), RUSSIA, "Russia"))
    results.append(_with_place(news_result("dateline/afp", [
        Coded("Russia declared a ceasefire.", "RUS", "GEO", "0871", "2008-08-12")],
        outlet="AFP", published="2008-08-12T18:00"), RUSSIA, "Moscow"))
    # The bulk: a month of reports, and one back-reference to 1967 that must not set the axis.
    for day in range(1, 29):
        results.append(news_result(f"bulk/{day}", [
            Coded("Georgia criticised Russia over the war.", "GEO", "RUS", "111", f"2008-09-{day:02d}")],
            outlet=f"Outlet {day % 5}", published=f"2008-09-{day:02d}T12:00"))
    results.append(news_result("history/1967", [Coded("Israel attacked Egypt's airfields.", "ISR", "TUR", "190",
                                                      "1967-06-05")], outlet="Reuters", published="2008-09-02T12:00"))
    results += [apology("apology/reuters", "Reuters"), apology("apology/ap", "AP", source="person:netanyahu")]
    # A long article whose event is far down the page: the jump to it must clear the sticky header.
    filler = [Coded(f"Paragraph {i} of the long report says nothing coded.") for i in range(60)]
    results.append(news_result("long/bbc", [*filler, Coded("France urged the United Nations to act.", "FRA", "IGOUNO",
                                                           "010", "2008-09-15")], outlet="BBC",
                               published="2008-09-15T12:00", headline="A long report"))
    return results


def write_workbench(store: Store) -> None:
    run_id = store.start_run({"test": "workbench"}, "test-1")
    store.write_batch(workbench_results(), [], run_id)
    store.finish_run(run_id, {})


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("workbench") / "wb.duckdb"
    with Store.open(path) as store:
        write_workbench(store)
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db), base_url="http://127.0.0.1", raise_server_exceptions=False)


def total(client, path: str, **params) -> int:
    response = client.get(path, params=params) if params else client.get(path)
    assert response.status_code == 200, response.text[:400]
    return int(re.search(r'<strong id="event-total">([\d,]+)</strong>', response.text).group(1).replace(",", ""))


def hrefs(page: str, css: str) -> list[str]:
    return [unescape(h) for h in re.findall(rf'class="{css}"[^>]*href="([^"]+)"', page)]


# ------------------------------------------------------------------ 1. time


def test_an_outlier_does_not_set_the_timeline_axis(client):
    page = client.get("/").text
    # 1967 is counted and linked, not drawn: the axis covers the war and its aftermath.
    assert "2008-08-08 to 2008-09-28" in page
    assert 'id="span-before"' in page and "1 event before" in page and "1 event after" in page
    before = unescape(re.search(r'href="([^"]+)" id="span-before"', page).group(1))
    after = unescape(re.search(r'href="([^"]+)" id="span-after"', page).group(1))
    assert total(client, before) == 1 and total(client, after) == 1  # 1967, and the 2010 apology
    assert ">1967" not in page.split('id="timeline"')[1].split("</svg>")[0]


def test_the_brush_scopes_every_panel_and_the_url(client):
    whole = client.get("/").text
    brushed = client.get("/", params={"since": "2008-08-01", "until": "2008-08-31"}).text
    cards = lambda page: re.search(r'id="card-events">.*?<a href="([^"]*)">([\d,]+)</a>', page, re.S).groups()  # noqa: E731
    assert cards(whole)[1] != cards(brushed)[1]
    assert unescape(cards(brushed)[0]) == "/events?since=2008-08-01&until=2008-08-31"
    assert total(client, "/events", since="2008-08-01", until="2008-08-31") == int(cards(brushed)[1])
    # The other panels follow, and their links keep the span.
    actors = brushed.split('id="top-actors"')[1].split("</section>")[0]
    assert "since=2008-08-01&amp;until=2008-08-31" in actors
    dyads = brushed.split('id="top-dyads"')[1].split("</section>")[0]
    assert "/dyads/RUS/GEO?since=2008-08-01&amp;until=2008-08-31" in dyads
    assert 'id="timeline-brush"' in brushed and 'id="timeline-periods"' in brushed
    assert "/static/brush.js" in brushed


def test_timeline_bars_link_to_the_events_they_count(client):
    page = client.get("/", params={"freq": "week"}).text
    bars = re.findall(r'<a class="bar-link" href="([^"]+)"><rect[^>]*><title>[^:]*: ([\d,]+) events', page)
    assert bars
    for href, count in bars:
        assert total(client, unescape(href)) == int(count.replace(",", "")), href


# ------------------------------------------------------------------ 2. facets and filters


def test_actor_names_and_codes_give_the_same_counts(client):
    by_code = total(client, "/events", actor="RUS")
    assert by_code == total(client, "/events", actor="Russia") == total(client, "/events", actor="russia")
    assert client.get("/api/events", params={"actor": "Russia"}).json()["total"] == by_code
    assert client.get("/api/events", params={"actor": "RUS"}).json()["total"] == by_code


def test_a_person_is_found_by_part_of_the_name(client):
    page = client.get("/events", params={"actor": "Lavrov"}).text
    assert '<strong id="event-total">1</strong>' in page
    assert "Sergei Lavrov" in page and "person:sergei-lavrov" in page  # what "Lavrov" was read as
    suggested = client.get("/api/actors/suggest", params={"q": "lavr"}).json()["actors"]
    assert suggested[0]["key"] == "person:sergei-lavrov" and suggested[0]["name"] == "Sergei Lavrov"
    assert client.get("/api/actors/suggest", params={"q": "Russia"}).json()["actors"][0]["key"] == "RUS"


def test_an_unknown_actor_is_said_not_silently_empty(client):
    page = client.get("/events", params={"actor": "Nobody Atall"}).text
    assert '<strong id="event-total">0</strong>' in page
    assert 'data-how="unknown"' in page and "No known actor is called" in page
    page = client.get("/events", params={"actor": "<script>window.x=1</script>", "root": "<b>"}).text
    assert "<script>window.x" not in page and "<b>" not in page  # what was typed comes back as text
    page = client.get("/events", params={"actor": "<img src=x onerror=alert(1)>"}).text
    assert "<img" not in page and "&lt;img src=x" in page


def test_several_values_of_a_filter_all_count(client):
    nineteen, eleven = total(client, "/events", root="19"), total(client, "/events", root="11")
    assert nineteen and eleven
    assert client.get("/events?root=19&root=11").status_code == 200
    assert total(client, "/events", root=["19", "11"]) == nineteen + eleven
    assert client.get("/api/events?root=19&root=11").json()["total"] == nineteen + eleven
    both = total(client, "/events", quad_class=["3", "4"])
    assert both == total(client, "/events", quad_class="3") + total(client, "/events", quad_class="4")
    # Actors must each take part: Russia and Georgia together.
    assert total(client, "/events", actor=["RUS", "GEO"]) < total(client, "/events", actor="RUS")
    page = client.get("/events", params={"root": ["19", "11"]}).text
    assert page.count('data-filter="root"') == 2  # both shown, each removable
    assert 'value="19" selected' in page and 'value="11" selected' in page
    rows = client.get("/events.csv", params={"root": ["19", "11"], "all": "1"}).text.strip().splitlines()
    assert len(rows) - 1 == nineteen + eleven


def test_filter_values_show_their_counts(client):
    page = client.get("/events", params={"root": "19"}).text
    facet = page.split('id="facet-root"')[1].split("</div>")[0]
    counts = dict(re.findall(r'data-value="(\d\d)"[^>]*>.*?</a> <span class="count">([\d,]+)</span>', facet, re.S))
    assert int(counts["19"]) == total(client, "/events", root="19")
    assert int(counts["11"]) == total(client, "/events", root="11")  # what adding it would bring
    quads = page.split('id="facet-quad_class"')[1].split("</div>")[0]
    assert "Material conflict" in quads


def test_event_columns_sort_both_ways(client):
    def goldsteins(sort):
        page = client.get("/events", params={"sort": sort, "per_page": "200"}).text
        return [float(v) for v in re.findall(r'<td class="num"><span class="gold[^"]*">([+-][\d.]+)</span>', page)]

    up, down = goldsteins("goldstein"), goldsteins("-goldstein")
    assert up == sorted(up) and down == sorted(down, reverse=True) and up[0] < up[-1]
    page = client.get("/events", params={"sort": "goldstein", "root": "19"}).text
    header = re.search(r'<th class="num sortable sorted"[^>]*><a href="\?([^"]+)"', page).group(1)
    assert "sort=-goldstein" in header and "root=19" in header  # reverses, keeping the filters


def test_dyads_sort_by_goldstein(client):
    page = client.get("/dyads", params={"sort": "goldstein"}).text
    means = [float(v) for v in re.findall(r'class="num gold-cell"><span class="gold[^"]*">([+-][\d.]+)</span>', page)]
    assert len(means) > 2 and means == sorted(means)
    page = client.get("/dyads", params={"sort": "-goldstein"}).text
    means = [float(v) for v in re.findall(r'class="num gold-cell"><span class="gold[^"]*">([+-][\d.]+)</span>', page)]
    assert means == sorted(means, reverse=True)
    assert client.get("/dyads", params={"sort": "sideways"}).status_code == 400
    # A dyad's own events sort too.
    page = client.get("/dyads/RUS/GEO", params={"sort": "date"}).text
    days = re.findall(r'class="event-link" href="[^"]+">([\d-]+)</a>', page)
    assert len(days) > 2 and days == sorted(days)
    body = client.get("/api/dyads", params={"sort": "goldstein"}).json()["dyads"]
    assert [d["goldstein_mean"] for d in body] == sorted(d["goldstein_mean"] for d in body)


def test_dyads_show_and_keep_their_filters(client):
    page = client.get("/dyads", params={"root": "19", "factuality": "asserted", "since": "2008-08"}).text
    chips = re.findall(r'data-filter="(\w+)"', page)
    assert {"root", "factuality", "since"} <= set(chips)  # shown, even those the form has no box for
    assert '<input type="hidden" name="factuality" value="asserted">' in page  # and kept by the form
    links = hrefs(page, "dyad-link")
    assert links and all("root=19" in h and "factuality=asserted" in h and "since=2008-08" in h for h in links)
    dyad = client.get(links[0]).text
    assert 'data-filter="root"' in dyad
    assert all("root=19" in h for h in re.findall(r'class="direction-events" href="([^"]+)"', dyad))


# ------------------------------------------------------------------ 3. evidence


def test_the_evidence_link_marks_this_event_and_lands_below_the_header(client, db):
    with Store.open(db, read_only=True) as store:
        shelled = store.events(text="shelled Tskhinvali and", root="19").column("event_id")[0].as_py()
        criticised = store.events(text="shelled Tskhinvali and", root="11").column("event_id")[0].as_py()
    page = client.get(f"/events/{shelled}").text
    assert '<mark class="trigger this" title="this event&#39;s trigger">shelled</mark>' in page
    assert f'class="other-trigger" href="/events/{criticised}"' in page  # the other event in the sentence
    link = unescape(re.search(r'class="doc-link" href="([^"]+)">Read it in the document', page).group(1))
    assert link == f"/documents/both/ap?event={shelled}#s-1"
    document = client.get(link.split("#")[0]).text
    mine = re.findall(r'<a class="([^"]*)" href="/events/([^"]+)"', document)
    assert ("hl hl-trigger hl-this", shelled) in [(c, e) for c, e in mine if "hl-trigger" in c]
    assert any(e == criticised and "hl-this" not in c for c, e in mine)
    css = client.get("/static/app.css").text
    assert "scroll-padding-top" in css and "scroll-margin-top" in css


# ------------------------------------------------------------------ 4. the map


def map_points(client, **params) -> list[dict]:
    import json

    page = client.get("/map", params=params).text
    start = page.index('id="map-data">') + len('id="map-data">')
    return json.loads(page[start : page.index("</script>", start)])


def test_map_counts_equal_the_lists_they_link_to(client):
    points = map_points(client)
    assert len(points) >= 3
    for point in points:
        assert total(client, point["href"]) == point["events"], point
    # Moscow (a city) is not the dateline events written "Moscow" and placed at Russia's centroid.
    moscow = next(p for p in points if p["name"] == "Moscow")
    assert moscow["events"] == 1 and moscow["precision"] == "city"
    scoped = map_points(client, root="19")
    assert all(total(client, p["href"]) == p["events"] and "root=19" in p["href"] for p in scoped)


def test_map_tells_city_region_centroid_and_dateline_apart(client):
    kinds = {p["precision"]: p for p in map_points(client)}
    assert {"city", "country", "dateline"} <= set(kinds)
    assert kinds["dateline"]["texts"] == "Moscow" and kinds["dateline"]["name"] == "Russia"
    page = client.get("/map").text
    assert "country centroid" in page and "dateline only" in page
    for sort in ("name", "-name", "precision", "-precision", "country", "-country", "events", "-events",
                 "first", "-first", "last", "-last"):
        assert client.get("/map", params={"sort": sort}).status_code == 200, sort
    rows = re.findall(r'class="place-link"[^>]*>([^<]+)</a>', client.get("/map", params={"sort": "name"}).text)
    assert rows == sorted(rows, key=str.lower)
    assert 'class="map-key precision-dateline"' in page


def test_map_zooms_and_clusters_with_vendored_assets_and_states_what_is_unplaced(client):
    page = client.get("/map").text
    for asset in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css",
                  "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
                  "/static/vendor/leaflet.markercluster/MarkerCluster.css"):
        assert asset in page and client.get(asset).status_code == 200
    events = client.get("/api/events", params={"limit": "0"}).json()["total"]
    placed = sum(p["events"] for p in map_points(client))
    without = events - placed
    assert f'<strong id="map-without">{without} ({round(100 * without / events)}%) have no place stated</strong>' in page


# ------------------------------------------------------------------ 5. right counts


def test_dyad_articles_are_distinct_not_summed(client):
    page = client.get("/dyads/RUS/GEO", params={"until": "2008-08-11"}).text
    assert "4 events in 1 article from 1 outlet" in page  # four events, all from one article
    dyads = {(d["source"], d["target"]): d for d in client.get("/api/dyads").json()["dyads"]}
    assert dyads["GEO", "RUS"]["events"] == 29 and dyads["GEO", "RUS"]["articles"] == 29
    assert dyads["GEO", "RUS"]["outlets"] == 6  # five "Outlet N" and AP
    assert dyads["ISR", "TUR"]["articles"] == 3 and dyads["ISR", "TUR"]["outlets"] == 2  # Reuters twice


def test_actor_articles_and_outlets_are_distinct(client):
    actors = {a["actor"]: a for a in client.get("/api/actors").json()["actors"]}
    assert actors["RUS"]["articles"] == 33 and actors["RUS"]["outlets"] == 10
    page = client.get("/").text.split('id="top-actors"')[1].split("</section>")[0]
    assert "Articles" in page and "Outlets" in page


def test_casualties_show_on_event_dyad_and_overview(client, db):
    with Store.open(db, read_only=True) as store:
        bombed = store.events(text="bombed Gori").column("event_id")[0].as_py()
    event = client.get(f"/events/{bombed}").text
    assert re.search(r'id="event-casualties"><th>Casualties</th><td>12 killed, 30 injured', event)
    dyad = client.get("/dyads/RUS/GEO").text
    assert "Casualties stated: 12 killed, 30 injured, 4 arrested" in dyad
    overview = client.get("/").text.split('id="card-casualties"')[1].split("</div>\n  </div>")[0]
    assert '<div class="value">12</div>' in overview and "30 injured, 4 arrested" in overview
    assert client.get("/dyads", params={"sort": "-killed"}).text.index("/dyads/RUS/GEO") > 0


def test_network_edges_have_a_direction(client):
    page = client.get("/network").text
    edges = set(re.findall(r'class="edge-link" href="[^"]+" data-source="(\w+)" data-target="(\w+)"', page))
    assert ("RUS", "GEO") in edges and ("GEO", "RUS") in edges  # two arrows, one each way
    assert 'marker-end="url(#arrow)"' in page and '<marker id="arrow"' in page


def test_bulk_span_helpers():
    from thucydides.web.charts import brush_periods, period_end

    assert period_end(date(2008, 2, 1), "month") == date(2008, 2, 29)
    assert period_end(date(2008, 8, 4), "week") == date(2008, 8, 10)
    assert brush_periods([date(2008, 8, 1)], "month") == [["2008-08-01", "2008-08-31"]]


@pytest.mark.parametrize("path", ["/events", "/dyads", "/documents", "/map", "/dyads/RUS/GEO"])
def test_every_column_header_sorts_both_ways(client, path):
    page = client.get(path).text
    links = [unescape(h) for h in re.findall(r'<th class="[^"]*sortable[^"]*"[^>]*><a href="([^"]+)"', page)]
    assert len(links) >= 4, path
    for link in links:
        first = client.get(path + link)
        assert first.status_code == 200, link
        again = re.search(r'<th class="[^"]*sorted[^"]*"[^>]*><a href="([^"]+)"', first.text).group(1)
        assert client.get(path + unescape(again)).status_code == 200, again
