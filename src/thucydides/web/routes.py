"""The routes: one function per page, each building its template's context from the store."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response

from ..errors import Codes, QueryError
from ..store import Store, query
from . import charts, data, documents, downloads, facets, filters, places
from .filters import EventFilters, Paging
from .ui import WebUI, jsonable

FILTER_HELP = {
    "actor": "actor id, code, country or name, on either side (RUS, person:sergei-lavrov, Georgia)",
    "dyad": "SOURCE>TARGET, e.g. RUS>GEO",
    "country": "ISO 3166-1 alpha-3 on either side",
    "code": "CAMEO code prefix, 2 to 4 digits (19, 190, 0871)",
    "root": "CAMEO root, 01 to 20",
    "plover": "PLOVER event type (ASSAULT, AGREE, ...)",
    "quad_class": "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict",
    "factuality": "asserted, negated, intended, future, hypothetical or reported_claim",
    "since": "first event day, YYYY[-MM[-DD]]",
    "until": "last event day, YYYY[-MM[-DD]]",
    "place": "location name, admin1 or country",
    "q": "words in the evidence sentence",
    "doc_id": "events reported by this document",
    "at": "LAT,LON of a map point (3 decimals): the events the map counts there",
    "precision": "how precisely the place is known: city, region, country (centroid) or dateline",
}
# Filters that take several values (root=18&root=19; actors must all take part, the others any).
MULTI_HELP = " (repeat for several values)"


def event_params(
    actor: Annotated[list[str] | None, Query(description=FILTER_HELP["actor"] + MULTI_HELP)] = None,
    dyad: str | None = Query(None, description=FILTER_HELP["dyad"]),
    country: Annotated[list[str] | None, Query(description=FILTER_HELP["country"] + MULTI_HELP)] = None,
    code: Annotated[list[str] | None, Query(description=FILTER_HELP["code"] + MULTI_HELP)] = None,
    root: Annotated[list[str] | None, Query(description=FILTER_HELP["root"] + MULTI_HELP)] = None,
    plover: Annotated[list[str] | None, Query(description=FILTER_HELP["plover"] + MULTI_HELP)] = None,
    quad_class: Annotated[list[str] | None, Query(description=FILTER_HELP["quad_class"] + MULTI_HELP)] = None,
    factuality: Annotated[list[str] | None, Query(description=FILTER_HELP["factuality"] + MULTI_HELP)] = None,
    since: str | None = Query(None, description=FILTER_HELP["since"]),
    until: str | None = Query(None, description=FILTER_HELP["until"]),
    place: Annotated[list[str] | None, Query(description=FILTER_HELP["place"] + MULTI_HELP)] = None,
    q: str | None = Query(None, description=FILTER_HELP["q"]),
    doc_id: Annotated[list[str] | None, Query(description=FILTER_HELP["doc_id"] + MULTI_HELP)] = None,
    at: str | None = Query(None, description=FILTER_HELP["at"]),
    precision: str | None = Query(None, description=FILTER_HELP["precision"]),
) -> dict[str, Any]:
    """The event filters, declared one by one so the OpenAPI document lists them."""
    values = locals()
    return {name: value for name, value in values.items() if value is not None}


EventParams = Annotated[dict[str, Any], Depends(event_params)]


def _params(request: Request) -> Any:
    """The query string with every value of a repeated key (root=18&root=19)."""
    return request.query_params


def scope(store: Store, params: Any, **cleared: Any) -> tuple[EventFilters, list[dict[str, Any]]]:
    """The event filters of a request, actors resolved (facets.resolve_actors), some cleared."""
    chosen = EventFilters.from_params(params)
    if cleared:
        chosen = replace(chosen, **cleared)
    return facets.resolve_actors(store, chosen)


def add_routes(app: FastAPI, ui: WebUI) -> None:  # noqa: C901 - one nested function per route
    hidden = {"include_in_schema": False, "response_model": None}

    # -------------------------------------------------------------- overview

    @app.api_route("/", methods=["GET", "HEAD"], **hidden)
    def overview_page(request: Request) -> Response:
        params = _params(request)

        def build(store: Store) -> dict[str, Any]:
            freq = filters.choice(params, "freq", data.FREQUENCIES, "auto")
            normalised = filters.choice(params, "norm", ("raw", "docs"), "raw") == "docs"
            chosen, notes = scope(store, params)
            summary = data.overview(store, chosen)
            span = data.event_span(store, chosen)
            line = data.timeline(store, freq, normalised, chosen, span)
            totals = ui.remember(("dyad_totals", chosen), lambda: data.dyad_totals(store, chosen))
            base = chosen.without("since", "until", "quad_class")

            def link(first: Any, last: Any, quad: int) -> str:
                return "/events?" + filters.query_string(base + [("since", first.isoformat()),
                                                                 ("until", last.isoformat()),
                                                                 ("quad_class", quad)])

            chart = charts.stacked_bars(
                line.periods, line.values, line.freq, filters.QUAD_NAMES,
                unit="events per document" if normalised else "events", whole=not normalised, link=link,
            )
            return {
                "summary": summary,
                "timeline": line,
                "span": span,
                "chart": chart,
                "brush": charts.brush_periods(line.periods, line.freq),
                "freq": freq,
                "norm": "docs" if normalised else "raw",
                "filters": chosen,
                "actor_notes": notes,
                "actors": data.top_actors(store, 12, chosen, totals=totals),
                "dyads": data.top_dyads(store, 12, totals=totals),
                "names": data.actor_names(store),
            }

        return ui.page(request, "overview.html", build)

    # -------------------------------------------------------------- events

    @app.api_route("/events", methods=["GET", "HEAD"], **hidden)
    def events_page(request: Request) -> Response:
        params = _params(request)

        def build(store: Store) -> dict[str, Any]:
            context: dict[str, Any] = {"filters": EventFilters(), "paging": Paging(), "sort": filters.DEFAULT_SORT,
                                       "events": [], "total": 0, "error": None, "status": 200,
                                       "raw": {key: params.getlist(key) for key in params}, "facets": {},
                                       "actor_notes": []}
            try:
                chosen, notes = scope(store, params)
                paging = Paging.from_params(params)
                sort = filters.sort_of(params)
            except QueryError as error:
                # Keep the form with what was typed, and say what is wrong with it.
                context.update(error=error.message, status=400)
                return _events_form(store, context)
            total = ui.remember(("events", chosen), lambda: data.count_events(store, chosen))
            context.update(
                filters=chosen, paging=paging, sort=sort, total=total, actor_notes=notes,
                events=data.event_rows(store, chosen, sort, paging.per_page, paging.offset),
                facets=ui.remember(("facets", chosen), lambda: facets.facets(store, chosen)),
            )
            return _events_form(store, context)

        return ui.page(request, "events.html", build)

    def _events_form(store: Store, context: dict[str, Any]) -> dict[str, Any]:
        context.update(
            options=filters.form_options(), page_sizes=filters.PAGE_SIZES,
            names=data.actor_names(store),
            db_events=ui.remember(("events", EventFilters()), lambda: data.count_events(store, EventFilters())),
        )
        return context

    @app.api_route("/events.csv", methods=["GET", "HEAD"], **hidden)
    def events_csv(request: Request) -> Response:
        return downloads.events_download(ui, request, "csv")

    @app.api_route("/events.json", methods=["GET", "HEAD"], **hidden)
    def events_json(request: Request) -> Response:
        return downloads.events_download(ui, request, "json")

    @app.api_route("/events/{event_id}", methods=["GET", "HEAD"], **hidden)
    def event_page(request: Request, event_id: str) -> Response:
        def build(store: Store) -> dict[str, Any]:
            detail = data.event_detail(store, event_id)
            return {"detail": detail, "event": detail.event, "names": data.actor_names(store),
                    "others": documents.sentence_triggers(store, detail.event),
                    "record_json": json.dumps(jsonable(detail.record), indent=2, ensure_ascii=False)}

        return ui.page(request, "event.html", build)

    # -------------------------------------------------------------- documents

    @app.api_route("/documents", methods=["GET", "HEAD"], **hidden)
    def documents_page(request: Request) -> Response:
        params = _params(request)

        def build(store: Store) -> dict[str, Any]:
            chosen = _document_filters(params)
            paging = Paging.from_params(params)
            sort = filters.sort_of(params, documents.DOCUMENT_SORTS, documents.DEFAULT_DOCUMENT_SORT)
            total = documents.count_documents(store, **chosen)
            return {
                "documents": documents.document_rows(store, paging.per_page, paging.offset, sort, **chosen),
                "total": total, "paging": paging, "chosen": chosen, "sort": sort,
                "statuses": query.DOC_STATUSES, "page_sizes": filters.PAGE_SIZES,
                "rejects": data.scalar(store, "SELECT count(*) FROM rejects"),
            }

        return ui.page(request, "documents.html", build)

    @app.api_route("/documents/{doc_id:path}", methods=["GET", "HEAD"], **hidden)
    def document_page(request: Request, doc_id: str) -> Response:
        focus = filters.text(_params(request), "event")

        def build(store: Store) -> dict[str, Any]:
            names = data.actor_names(store)
            return {"detail": documents.document_detail(store, doc_id, names), "names": names,
                    "kinds": documents.KINDS, "kind_labels": documents.KIND_LABELS, "focus_event": focus}

        return ui.page(request, "document.html", build)

    @app.api_route("/rejects", methods=["GET", "HEAD"], **hidden)
    def rejects_page(request: Request) -> Response:
        params = _params(request)

        def build(store: Store) -> dict[str, Any]:
            paging = Paging.from_params(params)
            found, total = documents.reject_rows(store, paging.per_page, paging.offset)
            return {"rejects": found, "total": total, "paging": paging}

        return ui.page(request, "rejects.html", build)

    # -------------------------------------------------------------- dyads, network, map

    @app.api_route("/dyads", methods=["GET", "HEAD"], **hidden)
    def dyads_page(request: Request) -> Response:
        params = _params(request)

        def build(store: Store) -> dict[str, Any]:
            chosen, notes = scope(store, params, dyad=None)
            paging = Paging.from_params(params)
            sort = filters.sort_of(params, data.DYAD_SORTS, data.DEFAULT_DYAD_SORT)
            totals = ui.remember(("dyad_totals", chosen), lambda: data.dyad_totals(store, chosen))
            return {
                "dyads": data.top_dyads(store, paging.per_page, offset=paging.offset, totals=totals, sort=sort),
                "total": data.count_dyads(store, totals=totals), "paging": paging, "filters": chosen,
                "sort": sort, "actor_notes": notes, "names": data.actor_names(store),
                "options": filters.form_options(),
            }

        return ui.page(request, "dyads.html", build)

    @app.api_route("/dyads/{a}/{b}", methods=["GET", "HEAD"], **hidden)
    def dyad_page(request: Request, a: str, b: str) -> Response:
        params = _params(request)

        def build(store: Store) -> dict[str, Any]:
            freq = filters.choice(params, "freq", data.FREQUENCIES, "auto")
            chosen, notes = scope(store, params, dyad=None)
            sort = filters.sort_of(params)
            detail = data.dyad_detail(store, a, b, freq, filters=chosen, sort=sort)
            return {
                "detail": detail, "names": data.actor_names(store), "freq": freq, "filters": chosen, "sort": sort,
                "actor_notes": notes,
                "forward_chart": charts.diverging_bars(detail.periods, detail.forward.cooperation,
                                                       detail.forward.conflict, detail.freq),
                "backward_chart": charts.diverging_bars(detail.periods, detail.backward.cooperation,
                                                        detail.backward.conflict, detail.freq),
            }

        return ui.page(request, "dyad.html", build)

    @app.api_route("/network", methods=["GET", "HEAD"], **hidden)
    def network_page(request: Request) -> Response:
        params = _params(request)

        def build(store: Store) -> dict[str, Any]:
            chosen, notes = scope(store, params)
            size = filters.integer(params, "nodes", 30, 2, 150)
            least = filters.integer(params, "min_events", 1, 1)
            found = data.network(store, chosen, size, least)
            names = data.actor_names(store)
            return {"drawing": charts.network_drawing(found.nodes, found.edges, names), "filters": chosen,
                    "nodes": size, "min_events": least, "names": names, "actor_notes": notes}

        return ui.page(request, "network.html", build)

    @app.api_route("/map", methods=["GET", "HEAD"], **hidden)
    def map_page(request: Request) -> Response:
        params = _params(request)

        def build(store: Store) -> dict[str, Any]:
            chosen, notes = scope(store, params, at=None, precision=None)
            found = places.map_data(store, chosen)
            sort = filters.sort_of(params, places.PLACE_SORTS, places.DEFAULT_PLACE_SORT)
            first, last = data.day_span(store)
            return {"map": found, "points": found.points, "without": found.without, "filters": chosen,
                    "sort": sort, "places": places.sort_places(found.points, sort),
                    "first_day": first, "last_day": last, "actor_notes": notes,
                    "precision_labels": filters.PRECISION_LABELS}

        return ui.page(request, "map.html", build)

    @app.api_route("/ledger", methods=["GET", "HEAD"], **hidden)
    def ledger_page(request: Request) -> Response:
        if not ui.has_ledger:
            return ui.message(request, 404, "No ledger",
                              "This Thucydides has no relations module (`thucydides relations`).")
        params = _params(request)

        def build(store: Store) -> dict[str, Any]:
            chosen = {
                "as_of": filters.text(params, "as_of"),
                "actor": filters.text(params, "actor"),
                "relation_type": filters.text(params, "type"),
                "history": params.get("history") == "1",
            }
            found, types = ui.ledger(store, **chosen)
            return {"rows": found, "types": types, "names": data.actor_names(store), **chosen}

        return ui.page(request, "ledger.html", build)

    # -------------------------------------------------------------- JSON API

    @app.api_route("/api", methods=["GET", "HEAD"], **hidden)
    def api_page(request: Request) -> Response:
        spec = app.openapi()
        endpoints = []
        for path, methods in spec["paths"].items():
            for method, operation in methods.items():
                parameters = operation.get("parameters", [])
                # Endpoints taking the event filters list them once, in a table of their own.
                filtered = any(p["name"] == "dyad" for p in parameters)
                endpoints.append({
                    "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""), "event_filters": filtered,
                    "parameters": [p for p in parameters if not (filtered and p["name"] in FILTER_HELP)],
                })
        return ui.render(request, "api.html", {"endpoints": endpoints, "filter_help": FILTER_HELP})

    @app.get("/api/events", summary="Events (merged readings), filtered and paginated")
    def api_events(
        request: Request,
        chosen: EventParams,
        sort: str = Query(filters.DEFAULT_SORT, description=", ".join(filters.SORTS)),
        limit: str = Query("100", description=f"rows to return, 0 to {filters.API_MAX_LIMIT}"),
        offset: str = Query("0", description="rows to skip"),
    ) -> Response:
        """Event records exactly as `thucydides export` writes them (native layout), and the number of
        events matching the filters."""

        def build(store: Store) -> dict[str, Any]:
            event_filters, _ = scope(store, request.query_params)
            count, skip = filters.api_paging({"limit": limit, "offset": offset})
            order = filters.sort_of({"sort": sort})
            return {
                "events": data.event_records(store, event_filters, order, count, skip),
                "total": ui.remember(("events", event_filters), lambda: data.count_events(store, event_filters)),
                "limit": count, "offset": skip,
            }

        return ui.api(request, build)

    @app.get("/api/events/{event_id}", summary="One event, with every source that reports it")
    def api_event(request: Request, event_id: str) -> Response:
        return ui.api(request, lambda store: {"event": data.event_detail(store, event_id).record})

    @app.get("/api/documents", summary="Documents, filtered and paginated")
    def api_documents(
        request: Request,
        status: str | None = Query(None, description="ok, duplicate, skipped or rejected"),
        source: str | None = Query(None, description="outlet"),
        since: str | None = Query(None, description="first publication day, YYYY[-MM[-DD]]"),
        until: str | None = Query(None, description="last publication day, YYYY[-MM[-DD]]"),
        q: str | None = Query(None, description="words in the headline or text"),
        limit: str = Query("100", description=f"rows to return, 0 to {filters.API_MAX_LIMIT}"),
        offset: str = Query("0", description="rows to skip"),
    ) -> Response:
        """doc_id, headline, source, published and status of each document."""

        def build(store: Store) -> dict[str, Any]:
            chosen = _document_filters({"status": status or "", "source": source or "", "since": since or "",
                                        "until": until or "", "q": q or ""})
            count, skip = filters.api_paging({"limit": limit, "offset": offset})
            found = documents.document_rows(store, count, skip, documents.DEFAULT_DOCUMENT_SORT, **chosen)
            keep = ("doc_id", "headline", "source", "published", "status", "url", "duplicate_of", "n_readings")
            return {"documents": [{k: row[k] for k in keep} for row in found],
                    "total": documents.count_documents(store, **chosen), "limit": count, "offset": skip}

        return ui.api(request, build)

    @app.get("/api/documents/{doc_id:path}", summary="One document: metadata, text and annotations")
    def api_document(request: Request, doc_id: str) -> Response:
        def build(store: Store) -> dict[str, Any]:
            detail = documents.document_detail(store, doc_id, data.actor_names(store))
            return {"document": detail.doc, "readings": detail.readings, "duplicates": detail.duplicates,
                    "rejects": detail.rejects}

        return ui.api(request, build)

    @app.get("/api/dyads", summary="Directed dyads by number of events")
    def api_dyads(
        request: Request,
        chosen: EventParams,
        sort: str = Query(data.DEFAULT_DYAD_SORT, description=", ".join(data.DYAD_SORTS)),
        limit: str = Query("100", description=f"rows to return, 0 to {filters.API_MAX_LIMIT}"),
        offset: str = Query("0", description="rows to skip"),
    ) -> Response:
        """source and target (country, else actor id), events, distinct articles and outlets, mean Goldstein,
        casualties stated (killed, injured, arrested), first and last day."""

        def build(store: Store) -> dict[str, Any]:
            event_filters, _ = scope(store, request.query_params, dyad=None)
            count, skip = filters.api_paging({"limit": limit, "offset": offset})
            order = filters.sort_of({"sort": sort}, data.DYAD_SORTS, data.DEFAULT_DYAD_SORT)
            totals = data.dyad_totals(store, event_filters)
            return {"dyads": data.top_dyads(store, count, offset=skip, totals=totals, sort=order),
                    "total": data.count_dyads(store, totals=totals), "limit": count, "offset": skip}

        return ui.api(request, build)

    @app.get("/api/stats", summary="Counts per period and group")
    def api_stats(
        request: Request,
        chosen: EventParams,
        freq: str = Query("day", description="day, week, month or year"),
        by: str = Query("quad_class", description="quad_class, dyad, root, code, factuality, country or none"),
    ) -> Response:
        """Events, mentions, articles and the Goldstein sum and mean per period (and group)."""

        def build(store: Store) -> dict[str, Any]:
            event_filters, _ = scope(store, request.query_params)
            found = facets.stats(store, event_filters, freq, None if by == "none" else by)
            return {"stats": found, "total": len(found), "freq": freq, "by": by}

        return ui.api(request, build)

    @app.get("/api/actors", summary="Actors by number of events")
    def api_actors(
        request: Request,
        chosen: EventParams,
        limit: str = Query("100", description=f"rows to return, 0 to {filters.API_MAX_LIMIT}"),
    ) -> Response:
        """Actor keys (country, else actor id) with their name, events, events as source, mean Goldstein and
        the distinct articles and outlets reporting them."""

        def build(store: Store) -> dict[str, Any]:
            event_filters, _ = scope(store, request.query_params)
            count, _ = filters.api_paging({"limit": limit, "offset": "0"})
            names = data.actor_names(store)
            found = data.top_actors(store, count, event_filters)
            for row in found:
                row["name"] = names.get(row["actor"])
            return {"actors": found, "total": len(found)}

        return ui.api(request, build)

    @app.get("/api/actors/suggest", summary="Actors whose id, code or name contains some text")
    def api_suggest(
        request: Request,
        q: str = Query("", description="part of an id, code or name (Lavrov, RUS, Georgia)"),
    ) -> Response:
        """key (what the actor filter counts it under), actor_id, name, kind, country, code and title."""

        def build(store: Store) -> dict[str, Any]:
            if len(q) > 200:
                raise QueryError(Codes.E403, "q is longer than 200 characters")
            found = facets.suggest_actors(store, q)
            return {"actors": found, "total": len(found)}

        return ui.api(request, build)

    @app.get("/api/status", summary="What the database holds")
    def api_status(request: Request) -> Response:
        """Rows per table and documents per status, the event date span and the latest runs."""

        def build(store: Store) -> dict[str, Any]:
            summary = data.overview(store)
            return {"counts": store.counts(), "first_day": summary.first_day, "last_day": summary.last_day,
                    "text_dated_share": summary.text_dated_share, "runs": summary.runs,
                    "schema_version": store.schema_version}

        return ui.api(request, build)


def _document_filters(params: dict[str, str]) -> dict[str, Any]:
    chosen = {name: filters.text(params, name) for name in ("status", "source", "since", "until")}
    chosen["text"] = filters.text(params, "q")
    chosen = {k: v for k, v in chosen.items() if v is not None}
    query.document_filters(**chosen)  # validates: THU-E403 on a bad status or date
    return chosen
