"""Corrections in the web UI: the corrections page (always), and with `thucydides serve --review` the
review pages where a researcher marks readings right or wrong, corrects them and adds missed events.

Whatever the mode, every page reads the database with its corrections applied (thucydides.review
overlays corrected views on each request's read-only connection). Writing goes to the corrections
file only, and only in review mode, which serves on the loopback interface alone: each form carries
a per-server token, and a request from another origin (Origin / Sec-Fetch-Site) is refused.
"""

from __future__ import annotations

import json
import logging
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from ..errors import Codes, QueryError
from ..review import CorrectionStore
from ..review.anchoring import Resolution, reading_anchor, resolve, sentence_anchor
from ..review.apply import added_ids, catalog_of
from ..review.corrections import FACTUALITY, Correction
from ..review.gold import LABEL, gold_file_name, gold_for_document
from ..review.values import check_code, check_date, check_factuality, find_actor
from ..store import Store
from ..store import open as open_store
from .data import NotFound
from .ui import WebUI, split_trigger

log = logging.getLogger("thucydides.web")

MAX_FORM_BYTES = 64_000
READING_COLUMNS = ("reading_id", "event_id", "doc_id", "reading_index", "story_index", "sentence_index",
                   "evidence_text", "doc_start", "doc_end", "trigger", "event_date", "factuality", "cameo_code",
                   "cameo_name", "source_id", "source_name", "source_text", "target_id", "target_name", "target_text")


def review_url(doc_id: str) -> str:
    return "/review/documents/" + quote(str(doc_id), safe="/")


def add_review(app: FastAPI, ui: WebUI, enabled: bool = False) -> None:  # noqa: C901 - one function per route
    """The corrections page and, when `enabled`, the review pages and the forms' endpoints."""
    book = CorrectionStore(ui.db)
    token = secrets.token_urlsafe(32)
    app.state.review = enabled
    app.state.review_token = token

    # Every read sees the corrections (WebUI.open applies them), and counts remembered for the
    # database are forgotten when the corrections file changes, so a new verdict shows at once.
    ui.env.globals.update(review_mode=enabled, review_url=review_url)

    def context() -> dict[str, Any]:
        return {"review_mode": enabled, "csrf_token": token if enabled else "", "label": LABEL}

    def current(store: Store) -> tuple[list[Correction], Resolution, str]:
        """The corrections in force, as the store opened with them applied resolved them."""
        catalog = catalog_of(store.conn)
        resolution = getattr(store, "resolution", None) or resolve(store.conn, [], catalog)
        return resolution.corrections, resolution, catalog

    # -------------------------------------------------------------- always: the corrections page

    @app.api_route("/corrections", methods=["GET", "HEAD"], include_in_schema=False)
    def corrections_page(request: Request) -> Response:
        def build(store: Store) -> dict[str, Any]:
            effective, resolution, catalog = current(store)
            rows = [_describe(c, resolution) for c in reversed(effective)]
            docs = sorted({c.doc_id for c in effective})
            recent = []
            if enabled:
                recent = store.conn.execute(
                    f'SELECT doc_id, headline, n_readings FROM "{catalog}".main.documents WHERE status = \'ok\' '
                    "ORDER BY published DESC NULLS LAST, doc_id LIMIT 50").fetchall()
            return {**context(), "rows": rows, "orphans": [r for r in rows if r["status"] == "orphaned"],
                    "docs": docs, "recent": recent, "file": str(book.path)}

        return same_origin_referrer(ui.page(request, "review_corrections.html", build))

    @app.api_route("/corrections.jsonl", methods=["GET", "HEAD"], include_in_schema=False)
    def corrections_download(request: Request) -> Response:
        lines = "".join(json.dumps(c.as_dict(), ensure_ascii=False) + "\n" for c in book.effective())
        return Response(lines, media_type="application/x-ndjson", headers={
            "Content-Disposition": f'attachment; filename="{Path(ui.db).name}.corrections.jsonl"'})

    @app.api_route("/corrections/gold/{doc_id:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def gold_download(request: Request, doc_id: str) -> Response:
        with ui.reader() as store:
            _, resolution, _ = current(store)
            gold = gold_for_document(store, doc_id, resolution)
        if gold is None:
            return ui.message(request, 404, "No corrections", f"Nothing in {doc_id!r} has been reviewed.")
        body = json.dumps(gold, indent=2, ensure_ascii=False) + "\n"
        return Response(body, media_type="application/json", headers={
            "Content-Disposition": f'attachment; filename="{gold_file_name(doc_id)}"'})

    if not enabled:
        return

    # -------------------------------------------------------------- review mode only

    @app.api_route("/review", methods=["GET", "HEAD"], include_in_schema=False)
    def review_start(request: Request) -> Response:
        doc_id = (request.query_params.get("doc_id") or "").strip()
        return RedirectResponse(review_url(doc_id) if doc_id else "/corrections", status_code=303)

    @app.api_route("/review/documents/{doc_id:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def review_document(request: Request, doc_id: str) -> Response:
        def build(store: Store) -> dict[str, Any]:
            effective, resolution, catalog = current(store)
            main = f'"{catalog}".main'
            found = store.conn.execute(
                f"SELECT doc_id, headline, source, published, text FROM {main}.documents WHERE doc_id = ?", [doc_id]
            ).fetchall()
            if not found:
                raise NotFound(f"no document {doc_id!r}")
            doc = dict(zip(("doc_id", "headline", "source", "published", "text"), found[0], strict=True))
            readings = [dict(zip(READING_COLUMNS, row, strict=True)) for row in store.conn.execute(
                f"SELECT {', '.join(READING_COLUMNS)} FROM {main}.readings WHERE doc_id = ? ORDER BY reading_index",
                [doc_id]).fetchall()]
            by_reading = resolution.by_reading()
            for row in readings:
                correction = by_reading.get(row["reading_id"])
                row["correction"] = _describe(correction, resolution) if correction else None
            sentences = [{"index": i, "start": s, "end": e, "text": doc["text"][s:e]} for i, s, e in store.conn.execute(
                f"SELECT sentence_index, start_char, end_char FROM {main}.sentences WHERE doc_id = ? "
                "ORDER BY sentence_index", [doc_id]).fetchall()]
            mine = [c for c in effective if c.doc_id == doc_id]
            added = [_describe(c, resolution) for c in mine if c.is_added]
            orphans = [_describe(c, resolution) for c in resolution.orphans if c.doc_id == doc_id]
            doc.pop("text")
            return {**context(), "doc": doc, "readings": readings, "sentences": sentences, "added": added,
                    "orphans": orphans, "factualities": FACTUALITY, "reviewed": bool(mine)}

        return same_origin_referrer(ui.page(request, "review_document.html", build))

    async def form(request: Request) -> dict[str, str]:
        """The posted form, after the cross-site checks: same origin and the server's token."""
        site = request.headers.get("sec-fetch-site")
        origin = request.headers.get("origin")
        host = request.headers.get("host", "")
        if site is not None and site not in ("same-origin", "none"):
            raise _Refused("a request from another site")
        if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
            raise _Refused(f"a request from another origin ({origin})")
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            raise _Refused("a form larger than allowed")
        values = {k: v[0] for k, v in parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True).items()}
        if not secrets.compare_digest(values.get("csrf_token", ""), token):
            raise _Refused("a form without this server's token (reload the page and try again)")
        return values

    def refused(request: Request, error: _Refused) -> Response:
        log.warning("refused %s %s: %s", request.method, request.url.path, error)
        return ui.message(request, 403, "Request refused", f"This server does not accept {error}.")

    def posted(path: str):
        """Register a form post: the cross-site checks first, then the handler with the form's values."""
        def register(handler):
            async def endpoint(request: Request) -> Response:
                try:
                    values = await form(request)
                except _Refused as error:
                    return refused(request, error)
                return handler(values)

            app.post(path, include_in_schema=False)(endpoint)
            return handler
        return register

    @posted("/review/verdict")
    def post_verdict(values: dict[str, str]) -> Response:
        doc_id = values.get("doc_id", "")
        verdict = values.get("verdict", "")
        if verdict not in ("right", "wrong", "fix"):
            raise QueryError(Codes.E403, "choose right, wrong or corrected")
        with open_store(ui.db) as store:  # the stored readings: the corrections are not needed here
            catalog = catalog_of(store.conn)
            main = f'"{catalog}".main'
            found = store.conn.execute(f"SELECT * FROM {main}.readings WHERE reading_id = ? AND doc_id = ?",
                                       [values.get("reading_id", ""), doc_id]).fetchall()
            if not found:
                raise QueryError(Codes.E403, "that reading is no longer in the database (reload the page)")
            names = [d[0] for d in store.conn.description]
            reading = dict(zip(names, found[0], strict=True))
            text = store.conn.execute(f"SELECT text FROM {main}.documents WHERE doc_id = ?", [doc_id]).fetchall()[0][0]
            changes = _changes(store, catalog, values, reading) if verdict == "fix" else {}
            if verdict == "fix" and not changes:
                verdict = "right"
            book.append(verdict, reading_anchor(reading, text or ""), changes, values.get("note", ""))
        return RedirectResponse(f"{review_url(doc_id)}#r-{reading['reading_index']}", status_code=303)

    @posted("/review/add")
    def post_add(values: dict[str, str]) -> Response:
        doc_id = values.get("doc_id", "")
        with open_store(ui.db) as store:
            catalog = catalog_of(store.conn)
            main = f'"{catalog}".main'
            found = store.conn.execute(f"SELECT doc_id, text FROM {main}.documents WHERE doc_id = ?", [doc_id]).fetchall()
            if not found:
                raise QueryError(Codes.E403, f"no document {doc_id!r}")
            doc = {"doc_id": found[0][0], "text": found[0][1] or ""}
            try:
                index = int(values.get("sentence", ""))
            except ValueError:
                raise QueryError(Codes.E403, "choose the sentence of the event") from None
            sentence = store.conn.execute(
                f"SELECT start_char, end_char FROM {main}.sentences WHERE doc_id = ? AND sentence_index = ?",
                [doc_id, index]).fetchall()
            if not sentence:
                raise QueryError(Codes.E403, "no such sentence in the document")
            start, end = sentence[0]
            story = store.conn.execute(
                f"SELECT story_index FROM {main}.stories WHERE doc_id = ? AND start_char <= ? AND end_char >= ? "
                "ORDER BY story_index LIMIT 1", [doc_id, start, end]).fetchall()
            anchor = sentence_anchor(doc, index, (start, end), story[0][0] if story else 0, values.get("trigger", ""))
            if not values.get("code", "").strip() or not values.get("source", "").strip():
                raise QueryError(Codes.E403, "an added event needs a CAMEO code and a source actor")
            changes = _changes(store, catalog, values, None)
            book.append("add", anchor, changes, values.get("note", ""))
        return RedirectResponse(f"{review_url(doc_id)}#added", status_code=303)

    @posted("/review/withdraw")
    def post_withdraw(values: dict[str, str]) -> Response:
        book.withdraw(values.get("key", ""), values.get("note", ""))
        back = values.get("back", "")
        return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/corrections",
                                status_code=303)


class _Refused(Exception):
    pass


def same_origin_referrer(response: Response) -> Response:
    """Pages with forms: under the UI's `no-referrer` policy a browser posts them with `Origin: null`,
    which the Origin check must refuse; `same-origin` lets it name this server (and still tells no
    other site anything)."""
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _changes(store: Store, catalog: str, values: dict[str, str], reading: dict[str, Any] | None) -> dict[str, Any]:
    """The fields a form changes (against `reading`; all those given for an added event)."""
    changes: dict[str, Any] = {}
    reading = reading or {}
    code = values.get("code", "").strip()
    if code and code != reading.get("cameo_code"):
        changes["code"] = check_code(code)
    for role in ("source", "target"):
        typed = values.get(role, "").strip()
        if role not in values:
            continue
        actor = find_actor(store.conn, typed, catalog)
        if actor is None and role == "source":
            if reading:
                continue
            raise QueryError(Codes.E403, "an event needs a source actor")
        if (actor or {}).get("id") != reading.get(f"{role}_id") or not reading:
            if actor is not None or reading.get(f"{role}_id") is not None:
                changes[role] = actor
    day = values.get("event_date", "").strip()
    if day and day != reading.get("event_date"):
        changes["event_date"] = check_date(day)
    factuality = values.get("factuality", "").strip()
    if factuality and factuality != reading.get("factuality"):
        changes["factuality"] = check_factuality(factuality)
    return changes


def _describe(correction: Correction, resolution: Resolution) -> dict[str, Any]:
    """One correction as the pages show it."""
    anchor = correction.anchor
    sentence = (anchor.get("sentence") or {}).get("text") or ""
    trigger = anchor.get("trigger") or {}
    start, end = trigger.get("start"), trigger.get("end")
    s_start = (anchor.get("sentence") or {}).get("start")
    if start is not None and s_start is not None and 0 <= start - s_start <= len(sentence):
        parts = (sentence[: start - s_start], sentence[start - s_start : end - s_start], sentence[end - s_start :])
    else:
        parts = split_trigger(sentence, trigger.get("text"))
    read = anchor.get("reading") or {}
    matched = resolution.matched.get(correction.key)
    changes = []
    for name, value in correction.changes.items():
        if name in ("source", "target"):
            shown = f"{value.get('name')} ({value.get('id')})" if value else "none"
        else:
            shown = str(value)
        changes.append({"field": name, "value": shown})
    return {
        "key": correction.key, "id": correction.id, "at": correction.at, "action": correction.action,
        "doc_id": correction.doc_id, "parts": parts, "note": correction.note, "changes": changes,
        "read": read, "status": resolution.status(correction), "coded_too": correction.key in resolution.coded_too,
        "event_id": added_ids(correction)[1] if correction.is_added else (matched or {}).get("event_id"),
    }

