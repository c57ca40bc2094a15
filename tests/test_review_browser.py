"""Review mode in headless Chromium (issue 17, item 6): a researcher corrects a reading and adds an event
the coder missed on the example article; both show in the export and in the gold file that
`thucydides eval` reads back, and both survive a `recode`. Screenshots land in
tests/_artifacts/screenshots/ (review-*.png).

Uses Debian's chromium through Playwright (never `playwright install`); skipped, with the reason,
where either is missing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from thucydides.cli import main
from thucydides.review import LABEL, CorrectionStore
from thucydides.store import Store

from .browser_support import ROOT, SCREENSHOTS, require_browser, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE_DOC = "examples/xinhua-2008-09-09-russia-south-ossetia-abkhazia.txt"
NOTE = '<b onmouseover="window.__xss=1">checked</b> against the wire'

require_browser()


@pytest.fixture(scope="module")
def db(tmp_path_factory, example_result) -> Path:
    """The example article as the pipeline codes it, stored as `thucydides run` would (its path as id)."""
    path = tmp_path_factory.mktemp("review-browser") / "review.duckdb"
    example = replace(
        example_result,
        doc=replace(example_result.doc, doc_id=EXAMPLE_DOC, path=EXAMPLE_DOC),
        readings=[replace(r, doc_id=EXAMPLE_DOC) for r in example_result.readings],
    )
    with Store.open(path) as store:
        run_id = store.start_run({"test": "review-browser"}, "test-1")
        store.write_batch([example], [], run_id)
        store.finish_run(run_id, {"documents": 1})
    return path


@pytest.fixture(scope="module")
def base_url(db):
    from thucydides.web import create_app

    yield from serving(create_app(db, review=True))


def shot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def exported(db: Path, tmp_path: Path, name: str) -> dict[str, dict]:
    out = tmp_path / f"{name}.jsonl"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return {r["event_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def test_a_correction_and_an_added_event_reach_the_export_and_the_gold_and_survive_a_recode(
        page, db, tmp_path, pipeline):
    # The corrections page, in review mode, opens a document for review.
    response = page.goto("/corrections")
    assert response.status == 200
    assert page.locator("nav a[href='/corrections']").inner_text() == "Review"
    page.fill("#review-start input[name='doc_id']", EXAMPLE_DOC)
    page.click("#review-start button[type='submit']")
    page.wait_for_url("**/review/documents/**")
    readings = page.locator("section.review-reading")
    assert readings.count() > 0
    shot(page, "review-document")

    # Correct the first reading: another code, a note full of markup.
    first = readings.first
    anchor_id = first.get_attribute("id")
    old_code = first.locator("input[name='code']").input_value()
    new_code = "0874" if old_code != "0874" else "0871"
    first.locator("input[name='verdict'][value='fix']").check()
    first.locator("input[name='code']").fill(new_code)
    first.locator("input[name='note']").fill(NOTE)
    with page.expect_navigation():
        first.locator("button[type='submit']", has_text="Save").click()
    assert page.url.endswith(f"#{anchor_id}")
    corrected = page.locator(f"#{anchor_id}")
    assert "corrected" in corrected.locator(".review-status").inner_text()
    assert NOTE in corrected.inner_text()  # shown as text, never as markup
    assert page.evaluate("window.__xss") is None

    # Add the event the coder may have missed: Russian forces drove the Georgian troops out.
    form = page.locator("#add-form")
    option = form.locator("select[name='sentence'] option", has_text="Georgian troops launched").first
    form.locator("select[name='sentence']").select_option(option.get_attribute("value"))
    form.locator("input[name='trigger']").fill("driven")
    form.locator("input[name='code']").fill("190")
    form.locator("input[name='source']").fill("Russia")
    form.locator("input[name='target']").fill("GEO")
    form.locator("input[name='event_date']").fill("2008-08-08")
    form.locator("input[name='note']").fill("repelled: the coder has no reading here")
    with page.expect_navigation():
        form.locator("button[type='submit']").click()
    assert page.locator("#added .added-event").count() == 1
    shot(page, "review-document-corrected")

    book = CorrectionStore(db)
    [fix, added] = book.effective()
    assert (fix.action, fix.changes["code"], added.action) == ("fix", new_code, "add")

    # The corrections page lists both, applied; the added event has its own page.
    page.goto("/corrections")
    assert page.locator("#corrections-total").inner_text() == "2"
    assert page.locator("#orphans-total").inner_text() == "0"
    shot(page, "review-corrections")
    page.locator("tr.correction-row[data-action='add'] a", has_text="added").click()
    page.wait_for_url("**/events/ev-review-*")
    assert "Use conventional military force" in page.locator("main h1").inner_text() or \
        page.locator("main").inner_text().count("190") > 0

    # The export carries both, with the column saying so.
    events = exported(db, tmp_path, "before")
    changed = [e for e in events.values() if e.get("corrected") == "changed"]
    added_rows = [e for e in events.values() if e.get("corrected") == "added"]
    assert [e["cameo"]["code"] for e in changed] == [new_code]
    assert len(added_rows) == 1 and added_rows[0]["evidence"]["trigger"] == "driven"
    assert (added_rows[0]["source"]["country"], added_rows[0]["target"]["id"]) == ("RUS", "GEO")

    # The gold file downloads from the page and `thucydides eval` reads it back.
    page.goto("/corrections")
    with page.expect_download() as download:
        page.locator("a.gold-link").first.click()
    gold_path = tmp_path / "gold" / "review.gold.json"
    gold_path.parent.mkdir()
    download.value.save_as(gold_path)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert gold["annotator"] == LABEL and gold["blind"] is False and gold["document"] == EXAMPLE_DOC
    reviewed = {e["review"]: e for e in gold["events"] if e["required"]}
    assert reviewed["corrected"]["cameo_codes"] == [new_code]
    assert reviewed["added"]["cameo_roots"] == ["19"] and reviewed["added"]["source"] == "RUS"
    result = CliRunner().invoke(main, ["eval", str(gold_path), "--data", str(ROOT), "--json"])
    assert result.exit_code == 0, result.output
    scored = json.loads(result.output[result.output.index("{"):])
    [file_result] = scored["files"]
    assert file_result["annotator"] == LABEL
    assert file_result["required"] == 2  # the corrected reading and the added event
    judged = {h["id"] for h in file_result["hits"]} | {m["id"] for m in file_result["misses"]}
    assert {reviewed["corrected"]["id"], reviewed["added"]["id"]} <= judged

    # A recode rewrites every reading; the corrections find theirs again.
    from thucydides.runner import recode

    recode(db, pipeline=pipeline)
    after = exported(db, tmp_path, "after")
    assert [e["cameo"]["code"] for e in after.values() if e.get("corrected") == "changed"] == [new_code]
    assert [e["evidence"]["trigger"] for e in after.values() if e.get("corrected") == "added"] == ["driven"]
    orphans = CliRunner().invoke(main, ["corrections", "orphans", "--db", str(db)])
    assert "0 orphaned correction(s)" in orphans.output
    page.goto("/corrections")
    assert page.locator("#corrections-total").inner_text() == "2"
    assert page.locator("#orphans-total").inner_text() == "0"
    assert page.locator("tr.correction-row.status-applied").count() == 1
    shot(page, "review-corrections-after-recode")
    page.goto(f"/review/documents/{EXAMPLE_DOC}")
    assert page.locator("section.review-reading.reviewed").count() == 1
    out = tmp_path / "gold-after"
    assert CliRunner().invoke(main, ["corrections", "export-gold", "--db", str(db), "-o", str(out)]).exit_code == 0
    [again] = list(out.glob("*.gold.json"))
    assert {e["review"] for e in json.loads(again.read_text())["events"] if e["required"]} == {"corrected", "added"}


def test_a_form_posted_from_another_site_is_refused(browser, base_url, db):
    """A page elsewhere cannot make corrections: the browser sends its own Origin and no token."""
    before = len(CorrectionStore(db).effective())
    context = browser.new_context()
    tab = context.new_page()
    evil = ('<form id="f" method="post" action="' + base_url + '/review/verdict">'
            '<input name="verdict" value="wrong"><input name="doc_id" value="' + EXAMPLE_DOC + '"></form>')
    tab.set_content(evil)
    with tab.expect_navigation():
        tab.evaluate("document.getElementById('f').submit()")
    assert "Request refused" in tab.content()
    context.close()
    assert len(CorrectionStore(db).effective()) == before
