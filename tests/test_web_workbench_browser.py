"""The researcher's workbench (issue 17) in headless Chromium: brushing the timeline, sorting and
multi-value filters, the evidence sentence after the jump, and map counts against their lists.
Screenshots land in tests/_artifacts/screenshots/workbench-*.png.

Runs on the hand-made workbench database (tests/test_web_workbench.py): no spaCy needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thucydides.store import Store

from .browser_support import SCREENSHOTS, require_browser, serving
from .test_web_workbench import write_workbench

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_browser()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("workbench-browser") / "wb.duckdb"
    with Store.open(path) as store:
        write_workbench(store)
    return path


@pytest.fixture(scope="module")
def base_url(db):
    from thucydides.web import create_app

    yield from serving(create_app(db))


def visit(tab, path: str) -> None:
    response = tab.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    tab.wait_for_load_state("networkidle")


def shot(tab, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"workbench-{name}.png"), full_page=full_page)


def count(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


# ------------------------------------------------------------------ 1. time


def test_brushing_the_timeline_scopes_the_panels_and_the_url(page):
    visit(page, "/?freq=day")
    shot(page, "overview")
    before = count(page.locator("#card-events .value").inner_text())
    chart = page.locator("#timeline-brush svg.timeline").bounding_box()
    # Drag from the left of the plot a third of the way across: the first days of the war.
    y = chart["y"] + chart["height"] * 0.6
    page.mouse.move(chart["x"] + chart["width"] * 0.08, y)
    page.mouse.down()
    page.mouse.move(chart["x"] + chart["width"] * 0.2, y, steps=5)
    page.mouse.move(chart["x"] + chart["width"] * 0.35, y, steps=5)
    page.mouse.up()
    page.wait_for_url(re.compile(r".*since=2008-0\d-\d\d&until=2008-0\d-\d\d.*"))
    page.wait_for_load_state("networkidle")
    shot(page, "overview-brushed")
    after = count(page.locator("#card-events .value").inner_text())
    assert 0 < after < before
    since = re.search(r"since=([\d-]+)", page.url).group(1)
    until = re.search(r"until=([\d-]+)", page.url).group(1)
    assert page.locator("#active-filters a[data-filter='since']").is_visible()
    # Every panel follows: its links carry the span, and the events card counts what it links to.
    for selector in ("#top-actors a", "#top-dyads a.dyad-link"):
        assert f"since={since}" in page.locator(selector).first.get_attribute("href")
    page.locator("#card-events .value a").click()
    page.wait_for_url("**/events?*")
    assert count(page.locator("#event-total").inner_text()) == after
    assert f"until={until}" in page.url


def test_a_bar_click_lists_the_events_it_counts(page):
    visit(page, "/?freq=week")
    bar = page.locator("#timeline-brush a.bar-link").first
    title = bar.locator("title").text_content()
    expected = count(re.search(r": ([\d,]+) events", title).group(1))
    bar.locator("rect").click()
    page.wait_for_url("**/events?*")
    assert count(page.locator("#event-total").inner_text()) == expected


# ------------------------------------------------------------------ 2. sorting and several values


def test_sorting_columns_and_several_filter_values(page):
    visit(page, "/events?per_page=100")
    page.locator("th.sortable a[data-sort='goldstein']").click()
    page.wait_for_url("**sort=goldstein**")
    values = [float(v) for v in page.locator("table.events-table td.num .gold").all_inner_texts()]
    assert values == sorted(values) and values[0] < values[-1]
    page.locator("th.sortable a[data-sort='-goldstein']").click()
    page.wait_for_url("**sort=-goldstein**")
    values = [float(v) for v in page.locator("table.events-table td.num .gold").all_inner_texts()]
    assert values == sorted(values, reverse=True)
    # Two CAMEO roots through the facet links: both kept, their counts add up.
    nineteen = count(page.locator("#facet-root a[data-value='19'] + .count").inner_text())
    eleven = count(page.locator("#facet-root a[data-value='11'] + .count").inner_text())
    page.locator("#facet-root a[data-value='19']").click()
    page.wait_for_url("**root=19**")
    assert count(page.locator("#event-total").inner_text()) == nineteen
    page.locator("#facet-root a[data-value='11']").click()
    page.wait_for_url(re.compile(r".*root=19.*root=11.*"))
    assert count(page.locator("#event-total").inner_text()) == nineteen + eleven
    assert "sort=-goldstein" in page.url  # the order is kept too
    shot(page, "events-two-roots")
    # The form keeps both values when applied again, and adds a QuadClass.
    page.select_option("select[name='quad_class']", ["3", "4"])
    page.click("#event-filters button[type='submit']")
    page.wait_for_url(re.compile(r".*quad_class=3.*quad_class=4.*"))
    assert "root=19" in page.url and "root=11" in page.url
    assert count(page.locator("#event-total").inner_text()) == nineteen + eleven


def test_actor_suggestions_and_names(page):
    visit(page, "/events")
    page.locator("#event-filters input[name='actor']").first.type("lavr", delay=30)
    page.locator("#actor-suggestions option").first.wait_for(state="attached")
    assert page.locator("#actor-suggestions option").first.get_attribute("value") == "person:sergei-lavrov"
    visit(page, "/events?actor=Russia")
    russia = count(page.locator("#event-total").inner_text())
    visit(page, "/events?actor=RUS")
    assert count(page.locator("#event-total").inner_text()) == russia


def test_dyads_sort_by_goldstein_and_keep_filters(page):
    visit(page, "/dyads?root=19&root=11")
    page.locator("th.sortable a[data-sort='goldstein']").click()
    page.wait_for_url("**sort=goldstein**")
    shot(page, "dyads-most-conflictual")
    means = [float(v) for v in page.locator("#dyads td.gold-cell .gold").all_inner_texts()]
    assert means == sorted(means) and len(means) > 1
    assert page.locator("#active-filters a[data-filter='root']").count() == 2
    page.locator("a.dyad-link").first.click()
    page.wait_for_url("**/dyads/**")
    assert "root=19" in page.url and "root=11" in page.url
    assert page.locator("#active-filters a[data-filter='root']").count() == 2
    shot(page, "dyad-filtered")


# ------------------------------------------------------------------ 3. evidence


def test_the_evidence_sentence_is_in_view_after_the_jump(page):
    visit(page, "/events?q=urged")
    page.locator("a.event-link").first.click()
    page.wait_for_url("**/events/ev-*")
    page.locator("#event-evidence a.doc-link").click()
    page.wait_for_url("**/documents/long/bbc?event=*#s-*")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)
    header = page.locator("header.top").bounding_box()
    mark = page.locator("#article .hl-this").first
    box = mark.bounding_box()
    assert page.evaluate("window.scrollY") > 500  # the page did scroll: the sentence is far down
    assert box["y"] >= header["y"] + header["height"], (box, header)  # not under the sticky header
    assert box["y"] + box["height"] <= 900
    assert page.locator("#article .focus").count() > 0
    shot(page, "evidence-in-view", full_page=False)


def test_this_trigger_is_told_from_the_other_in_its_sentence(page):
    visit(page, "/events?q=shelled+Tskhinvali+and&root=19")
    page.locator("a.event-link").first.click()
    page.wait_for_url("**/events/ev-*")
    assert page.locator("#evidence-sentence mark.trigger.this").inner_text() == "shelled"
    assert page.locator("#evidence-sentence a.other-trigger").inner_text() == "criticised"
    shot(page, "evidence-two-triggers", full_page=False)
    page.locator("#event-evidence a.doc-link").click()
    page.wait_for_url("**/documents/both/ap?event=*")
    # (a piece of a trigger may carry other highlights too: the pieces together spell the word)
    assert "".join(page.locator("#article .hl-this").all_inner_texts()) == "shelled"
    assert "".join(page.locator("#article .hl-trigger:not(.hl-this)").all_inner_texts()) == "criticised"


# ------------------------------------------------------------------ 4. the map


def test_map_counts_equal_the_list_behind_them(page):
    visit(page, "/map")
    page.wait_for_selector("#map[data-ready='1']", timeout=15_000)
    assert page.locator("#map path.country").count() > 100  # the bundled atlas, no tiles
    shot(page, "map")
    markers = page.locator("#map .leaflet-marker-icon.map-point")
    assert markers.count() >= 1
    # The country centroid and the dateline fallback share a point: a cluster counts both.
    clusters = page.locator("#map .leaflet-marker-icon.map-cluster")
    assert clusters.count() >= 1
    assert count(clusters.first.inner_text()) == 2
    # Zoom with the control: the map zooms.
    zoom = page.evaluate("document.querySelector('#map').getAttribute('data-ready')")
    assert zoom == "1"
    page.locator("#map .leaflet-control-zoom-in").click()
    page.wait_for_timeout(400)
    # A marker's popup links to exactly its events.
    marker = markers.first
    shown = count(marker.inner_text())
    marker.click()
    link = page.locator(".leaflet-popup a.point-events")
    link.wait_for()
    assert count(link.get_attribute("data-events")) == shown
    link.click()
    page.wait_for_url("**/events?*at=*")
    assert count(page.locator("#event-total").inner_text()) == shown
    # And every row of the places table too.
    visit(page, "/map")
    for row in page.locator("#map-places a.place-link").all():
        expected = count(row.get_attribute("data-events"))
        href = row.get_attribute("href")
        other = page.context.new_page()
        other.goto(href)
        assert count(other.locator("#event-total").inner_text()) == expected, href
        other.close()
    assert "have no place stated" in page.locator("#map-without").inner_text()


def test_network_arrows(page):
    visit(page, "/network")
    shot(page, "network")
    assert page.locator("svg.network a.edge-link[data-source='GEO'][data-target='RUS']").count() == 1
    assert page.locator("svg.network a.edge-link[data-source='RUS'][data-target='GEO']").count() == 1
