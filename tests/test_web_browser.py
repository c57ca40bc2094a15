"""The web UI in headless Chromium, used as a person would: every page loads without a console
error, overview -> event -> document, a filter, a CSV download, the charts, the map, and an
article full of script that never runs. Screenshots land in tests/_artifacts/screenshots/.

Uses Debian's chromium through Playwright (never `playwright install`); skipped, with the reason,
where either is missing. One browser and one server for the whole module.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from thucydides.store import Store

from .browser_support import SCREENSHOTS, require_browser, serving
from .test_web import XSS_HEADLINE, write_fixture_documents

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE_DOC = "examples/xinhua-2008-09-09-russia-south-ossetia-abkhazia.txt"

require_browser()


@pytest.fixture(scope="module")
def db(tmp_path_factory, example_result) -> Path:
    """The example article as the pipeline codes it, plus the hand-made fixture stories."""
    path = tmp_path_factory.mktemp("browser") / "ui.duckdb"
    # The id `thucydides run` gives it (a path, with a slash); copies: the fixture is shared.
    example = replace(
        example_result,
        doc=replace(example_result.doc, doc_id=EXAMPLE_DOC),
        readings=[replace(r, doc_id=EXAMPLE_DOC) for r in example_result.readings],
    )
    with Store.open(path) as store:
        run_id = store.start_run({"test": "browser"}, "test-1")
        store.write_batch([example], [], run_id)
        store.finish_run(run_id, {"documents": 1})
        write_fixture_documents(store)
    return path


@pytest.fixture(scope="module")
def base_url(db):
    from thucydides.web import create_app

    yield from serving(create_app(db))


def visit(tab, path: str, screenshot: str | None = None):
    response = tab.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    tab.wait_for_load_state("networkidle")
    if screenshot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"), full_page=True)
    return response


PAGES = [
    ("/", "overview"),
    ("/?freq=week&norm=docs", "overview-normalised"),
    ("/events", "events"),
    ("/events?quad_class=4", "events-filtered"),
    (f"/documents/{EXAMPLE_DOC}", "document"),
    ("/documents", "documents"),
    ("/rejects", "rejects"),
    ("/dyads", "dyads"),
    ("/dyads/RUS/GEO", "dyad"),
    ("/network", "network"),
    ("/ledger", "ledger"),
    ("/api", "api"),
    ("/documents/xss%231", "document-with-script"),
]


@pytest.mark.parametrize("path, name", PAGES, ids=[name for _, name in PAGES])
def test_every_page_loads_cleanly(page, path, name):
    visit(page, path, screenshot=name)
    assert page.locator("main h1").first.is_visible()


def test_map_draws_the_bundled_atlas_and_the_points(page):
    visit(page, "/map")
    page.wait_for_selector("#map[data-ready='1']", timeout=15_000)
    assert page.locator("#map path.country").count() > 100  # the bundled atlas, drawn by Leaflet
    markers = page.locator("#map .leaflet-marker-icon")
    assert markers.count() > 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map.png"), full_page=True)
    # Zoom in and out, and back to the whole world: the points stay.
    page.locator("#map .leaflet-control-zoom-in").click()
    page.locator("#map-zoom a[data-zoom='world']").click()
    assert page.locator("#map path.country").count() > 100
    assert markers.count() > 0


def test_overview_to_event_to_document(page):
    visit(page, "/")
    assert page.locator("svg.timeline rect.bar").count() > 0  # the stacked QuadClass chart
    page.locator("#card-events a").click()
    page.wait_for_url("**/events")
    # The example article's first event: Russia establishing diplomatic relations.
    page.locator("tr.event-row", has_text="officially").locator("a.event-link").first.click()
    page.wait_for_url("**/events/ev-*")
    assert page.locator("#event-sources").is_visible()
    page.locator("#event-evidence a.doc-link").click()
    page.wait_for_url("**/documents/**")
    for kind in ("actor", "time", "place", "quote", "trigger"):
        assert page.locator(f"#article .hl-{kind}").count() > 0, kind
    assert page.locator("#article .focus").count() > 0  # the event's sentence is marked
    page.locator("#highlight-key input[data-kind='actor']").uncheck()
    assert "hide-actor" in (page.locator("#article").get_attribute("class") or "")


def test_filter_then_download_exactly_the_rows_shown(page, tmp_path):
    visit(page, "/events")
    page.fill("input[name='country']", "GEO")
    page.select_option("select[name='quad_class']", "4")
    page.click("#event-filters button[type='submit']")
    page.wait_for_url("**/events?*country=GEO*")
    shown = [link.get_attribute("href").rsplit("/", 1)[1] for link in page.locator("a.event-link").all()]
    assert shown and page.locator("#event-total").inner_text() == str(len(shown))
    with page.expect_download() as download:
        page.click("#download-csv")
    saved = tmp_path / "events.csv"
    download.value.save_as(saved)
    with saved.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["event_id"] for row in rows] == shown
    assert all(row["quad_class"] == "4" for row in rows)


def test_a_bad_filter_is_explained_on_the_page(browser, base_url):
    context = browser.new_context(base_url=base_url)
    tab = context.new_page()
    response = tab.goto("/events?since=someday")
    assert response.status == 400
    assert "since must be a date" in tab.locator("#filter-error").inner_text()
    context.close()


def test_network_edge_opens_the_dyad(page):
    visit(page, "/network")
    edges = page.locator("svg.network a.edge-link")
    assert edges.count() > 0
    edges.last.locator("line.hit").click(force=True)  # the heaviest edge is drawn last
    page.wait_for_url("**/dyads/**")
    assert page.locator("svg.goldstein-series").count() >= 1
    assert page.locator(".direction").count() == 2


def test_script_in_an_article_never_runs(page):
    for path in ("/documents/xss%231", "/events", "/documents", "/dyads/RUS/GEO", "/"):
        visit(page, path)
        assert page.evaluate("typeof window.__xss") == "undefined", path
    visit(page, "/documents/xss%231")
    assert page.locator("main h1").inner_text() == XSS_HEADLINE  # shown as text, exactly
    assert page.locator("main img").count() == 0


def test_unknown_document_is_a_404_page(browser, base_url):
    context = browser.new_context(base_url=base_url)
    tab = context.new_page()
    response = tab.goto("/documents/no-such-document")
    assert response.status == 404
    assert "Not found" in tab.locator("main h1").inner_text()
    context.close()
