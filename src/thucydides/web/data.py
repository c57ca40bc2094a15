"""Read-only queries behind the pages: each takes a Store opened for one request and returns
plain dataclasses (or rows as dicts) for a template or an API response.

Actors are grouped by their country when they have one, else by their own id (the same key as
the store's stats and merge key), so "Russian troops" and "Moscow" count towards RUS, and South
Ossetia, which has no ISO3, stays XSO. Every value reaches SQL as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from ..errors import Codes, QueryError
from ..store import Store, query
from ..store.exports import reading_nested_columns, shape_native
from .filters import SORTS, EventFilters

SOURCE_KEY = "coalesce(source_country, source_id)"
TARGET_KEY = "coalesce(target_country, target_id)"
FREQUENCIES = ("auto", "day", "week", "month", "year")
# The finest period that keeps a chart readable: at most this many bars.
MAX_PERIODS = 240


class NotFound(Exception):
    """An id that is not in the database: the page answers 404."""


def rows(store: Store, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    return query.fetch_table(store.conn, sql, params).to_pylist()


def scalar(store: Store, sql: str, params: list[Any] | None = None) -> Any:
    # fetchall, not fetchone: DuckDB refuses further work on a connection with an unfinished result.
    found = store.conn.execute(sql, params or []).fetchall()
    return found[0][0] if found else None


# ------------------------------------------------------------------ names


def actor_names(store: Store) -> dict[str, str]:
    """Display names by actor key: an actor id's own name, and a country code's state name."""
    names: dict[str, str] = {}
    for row in rows(store, "SELECT actor_id, name, kind, country FROM actors ORDER BY actor_id"):
        names.setdefault(row["actor_id"], row["name"])
    # A country key takes the name of the state itself when present, else of any actor of it.
    for row in rows(
        store,
        "SELECT country, arg_min(name, CASE WHEN actor_id = country THEN 0 WHEN kind = 'state' THEN 1 ELSE 2 END)"
        " AS name FROM actors WHERE country IS NOT NULL GROUP BY country",
    ):
        names.setdefault(row["country"], row["name"])
    return names


# ------------------------------------------------------------------ overview


@dataclass
class Overview:
    documents: dict[str, int]
    events: int
    readings: int
    rejects: int
    first_day: date | None
    last_day: date | None
    text_dated: int
    undated: int
    quad_totals: dict[int, int]
    located: int
    runs: list[dict[str, Any]]
    casualties: dict[str, int] = field(default_factory=dict)  # killed, injured, arrested, events

    @property
    def total_documents(self) -> int:
        return sum(self.documents.values())

    @property
    def text_dated_share(self) -> float | None:
        return self.text_dated / self.events if self.events else None


def overview(store: Store, filters: EventFilters | None = None) -> Overview:
    """What the database holds; the event figures within `filters` (the overview's time brush)."""
    where = (filters or EventFilters()).where()
    docs = {row["status"]: row["n"] for row in rows(store, "SELECT status, count(*) AS n FROM documents GROUP BY 1")}
    summary = rows(
        store,
        f"""SELECT count(*) AS events, min(event_day) AS first_day, max(event_day) AS last_day,
                  count(*) FILTER (WHERE date_basis = 'text') AS text_dated,
                  count(*) FILTER (WHERE event_day IS NULL) AS undated,
                  count(*) FILTER (WHERE location_lat IS NOT NULL) AS located,
                  coalesce(CAST(sum(killed) AS BIGINT), 0) AS killed,
                  coalesce(CAST(sum(injured) AS BIGINT), 0) AS injured,
                  coalesce(CAST(sum(arrested) AS BIGINT), 0) AS arrested,
                  count(*) FILTER (WHERE coalesce(killed, 0) + coalesce(injured, 0) + coalesce(arrested, 0) > 0)
                      AS casualty_events
           FROM events {where.sql()}""",
        where.params,
    )[0]
    quads = {row["quad_class"]: row["n"] for row in rows(
        store, f"SELECT quad_class, count(*) AS n FROM events {where.sql()} GROUP BY 1 ORDER BY 1", where.params
    )}
    runs = rows(
        store,
        "SELECT run_id, started_at, finished_at, status, coder_version FROM runs ORDER BY started_at DESC LIMIT 5",
    )
    return Overview(
        documents=docs,
        events=summary["events"],
        readings=scalar(store, "SELECT count(*) FROM readings"),
        rejects=scalar(store, "SELECT count(*) FROM rejects"),
        first_day=summary["first_day"],
        last_day=summary["last_day"],
        text_dated=summary["text_dated"],
        undated=summary["undated"],
        quad_totals=quads,
        located=summary["located"],
        runs=runs,
        casualties={name: summary[name] for name in ("killed", "injured", "arrested", "casualty_events")},
    )


def choose_frequency(first: date | None, last: date | None, wanted: str = "auto") -> str:
    """The period a chart uses: the one asked for unless it makes far too many bars (then the
    next coarser one that fits), or with "auto" the finest that fits MAX_PERIODS bars."""
    if wanted not in FREQUENCIES:
        raise QueryError(Codes.E403, f"freq must be one of {', '.join(FREQUENCIES)}, not {wanted!r}")
    span = (last - first).days + 1 if first and last else 1
    bars = {"day": span, "week": span / 7, "month": span / 30.4, "year": span / 365.25}
    order = ["day", "week", "month", "year"]
    candidates = order if wanted == "auto" else order[order.index(wanted):]
    most = MAX_PERIODS if wanted == "auto" else MAX_PERIODS * 8
    for freq in candidates:
        if bars[freq] <= most:
            return freq
    return "year"


def period_start(day: date, freq: str) -> date:
    if freq == "week":
        return day - timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    if freq == "year":
        return day.replace(month=1, day=1)
    return day


def next_period(day: date, freq: str) -> date:
    if freq == "day":
        return day + timedelta(days=1)
    if freq == "week":
        return day + timedelta(days=7)
    if freq == "month":
        return date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


def all_periods(first: date, last: date, freq: str) -> list[date]:
    """Every period from first to last, so gaps show as gaps and not as neighbours."""
    periods, current = [], period_start(first, freq)
    while current <= last:
        periods.append(current)
        current = next_period(current, freq)
    return periods


@dataclass
class Timeline:
    freq: str
    normalised: bool
    periods: list[date]
    values: dict[int, list[float]]  # quad class -> one value per period
    documents: list[int]  # documents reporting events of each period (the normaliser; 0 when raw)
    span: Span | None = None


@dataclass
class Span:
    """The days a timeline covers: what was asked for (since, until), else the bulk of the events,
    so one back-reference ("since 1967") does not stretch the axis over forty years. Events outside
    it are counted and linked, not hidden."""

    first: date
    last: date
    data_first: date
    data_last: date
    before: int  # matching dated events before `first`
    after: int
    chosen: bool  # the span was asked for (since or until)

    @property
    def day_before(self) -> date:
        """The last day before the span (what `until` lists the events before it)."""
        return self.first - timedelta(days=1)

    @property
    def day_after(self) -> date:
        return self.last + timedelta(days=1)


BULK = (0.01, 0.99)
# Beyond the percentiles, a day further from the middle half than this many interquartile ranges
# (at least FENCE_DAYS) is an outlier too: with 40 events the 1st percentile is the earliest one.
FENCE_IQR = 3
FENCE_DAYS = 31


def event_span(store: Store, filters: EventFilters) -> Span | None:
    """The timeline's span: since/until when given, else the 1st to 99th percentile of the matching
    events' days, narrowed to the fences around their middle half."""
    where = filters.where()
    where.add("event_day IS NOT NULL")
    found = rows(
        store,
        f"""SELECT min(event_day) AS first, max(event_day) AS last,
                   quantile_disc(event_day, {BULK[0]}) AS low, quantile_disc(event_day, {BULK[1]}) AS high,
                   quantile_disc(event_day, 0.25) AS q1, quantile_disc(event_day, 0.75) AS q3
            FROM events {where.sql()}""",
        where.params,
    )[0]
    if found["first"] is None:
        return None
    fence = timedelta(days=max(FENCE_IQR * (found["q3"] - found["q1"]).days, FENCE_DAYS))
    low = max(found["low"], found["q1"] - fence)
    high = min(found["high"], found["q3"] + fence)
    # The axis starts and ends on real events: the first and last inside the fences.
    inside = rows(
        store,
        f"""SELECT min(event_day) FILTER (WHERE event_day >= ?) AS low,
                   max(event_day) FILTER (WHERE event_day <= ?) AS high FROM events {where.sql()}""",
        [low, high, *where.params],
    )[0]
    first = query.parse_day(filters.since, "since") if filters.since else (inside["low"] or found["first"])
    last = query.period_end(filters.until, "until") if filters.until else (inside["high"] or found["last"])
    if last < first:
        first, last = last, first
    outside = rows(
        store,
        f"""SELECT count(*) FILTER (WHERE event_day < ?) AS before, count(*) FILTER (WHERE event_day > ?) AS after
            FROM events {where.sql()}""",
        [first, last, *where.params],
    )[0]
    return Span(first, last, found["first"], found["last"], outside["before"], outside["after"],
                bool(filters.since or filters.until))


def timeline(store: Store, freq: str = "auto", normalised: bool = False,
             filters: EventFilters | None = None, span: Span | None = None) -> Timeline:
    """Events per period stacked by QuadClass; normalised: per document that reports events of the
    period, so a week that many outlets covered does not look more violent only for that. The axis
    covers `span` (by default the bulk of the matching events: event_span)."""
    filters = filters or EventFilters()
    span = span or event_span(store, filters)
    where = filters.where()
    where.add("event_day IS NOT NULL")
    if span is not None:
        where.add("event_day BETWEEN ? AND ?", span.first, span.last)
    chosen = choose_frequency(span.first if span else None, span.last if span else None, freq)
    if span is None:
        return Timeline(chosen, normalised, [], {q: [] for q in (1, 2, 3, 4)}, [])
    periods = all_periods(span.first, span.last, chosen)
    index = {p: i for i, p in enumerate(periods)}
    values = {q: [0.0] * len(periods) for q in (1, 2, 3, 4)}
    period_sql = f"CAST(date_trunc('{chosen}', event_day) AS DATE)"
    for row in rows(store, f"SELECT {period_sql} AS period, quad_class, count(*) AS n FROM events "
                    f"{where.sql()} GROUP BY ALL", where.params):
        if row["quad_class"] in values and row["period"] in index:
            values[row["quad_class"]][index[row["period"]]] = float(row["n"])
    documents = [0] * len(periods)
    if not normalised:
        return Timeline(chosen, normalised, periods, values, documents, span)
    # The events' own list of reports, unnested, is faster than joining event_sources.
    for row in rows(
        store,
        f"SELECT period, count(DISTINCT report.doc_id) AS n FROM (SELECT {period_sql} AS period, "
        f"unnest(sources) AS report FROM events {where.sql()}) GROUP BY 1",
        where.params,
    ):
        if row["period"] in index:
            documents[index[row["period"]]] = row["n"]
    for series in values.values():
        for i, n in enumerate(documents):
            series[i] = series[i] / n if n else 0.0
    return Timeline(chosen, normalised, periods, values, documents, span)


CASUALTIES = ("killed", "injured", "arrested")
CASUALTY_SUMS = ", ".join(f"CAST(sum({name}) AS BIGINT) AS {name}" for name in CASUALTIES)


def _reach(store: Store, keys_sql: str, where: query.Where, names: tuple[str, ...]) -> dict[tuple, dict[str, int]]:
    """Distinct articles and outlets reporting the events of each group (`keys_sql` names the
    columns `names`): an article reporting four events of a dyad counts once, not four times."""
    found = rows(
        store,
        f"""SELECT {", ".join(names)}, count(DISTINCT report.doc_id) AS articles,
                   count(DISTINCT coalesce(report.outlet, '')) AS outlets
            FROM (SELECT {keys_sql}, unnest(sources) AS report FROM events {where.sql()}) GROUP BY ALL""",
        where.params,
    )
    return {tuple(row[n] for n in names): {"articles": row["articles"], "outlets": row["outlets"]} for row in found}


def dyad_totals(store: Store, filters: EventFilters | None = None) -> list[dict[str, Any]]:
    """Events per (source, target) key, target None for events without one: one scan of the
    events gives the top actors, the top dyads and the network alike; a second gives the distinct
    articles and outlets of each pair."""
    where = (filters or EventFilters()).where()
    found = rows(
        store,
        f"""SELECT {SOURCE_KEY} AS source, {TARGET_KEY} AS target, count(*) AS events,
                   sum(goldstein) AS goldstein_sum, min(event_day) AS first_day, max(event_day) AS last_day,
                   {CASUALTY_SUMS}
            FROM events {where.sql()} GROUP BY ALL""",
        where.params,
    )
    reach = _reach(store, f"{SOURCE_KEY} AS source, {TARGET_KEY} AS target", where, ("source", "target"))
    for row in found:
        row.update(reach.get((row["source"], row["target"]), {"articles": 0, "outlets": 0}))
    return found


def actor_reach(store: Store, filters: EventFilters | None = None) -> dict[str, dict[str, int]]:
    """Distinct articles and outlets reporting each actor key's events (as source or target)."""
    where = (filters or EventFilters()).where()
    keys = f"unnest(list_distinct(list_filter([{SOURCE_KEY}, {TARGET_KEY}], lambda k: k IS NOT NULL))) AS actor"
    inner = f"SELECT {keys}, sources FROM events {where.sql()}"
    found = rows(
        store,
        f"""SELECT actor, count(DISTINCT report.doc_id) AS articles,
                   count(DISTINCT coalesce(report.outlet, '')) AS outlets
            FROM (SELECT actor, unnest(sources) AS report FROM ({inner})) GROUP BY ALL""",
        where.params,
    )
    return {row["actor"]: {"articles": row["articles"], "outlets": row["outlets"]} for row in found}


def top_actors(store: Store, limit: int = 12, filters: EventFilters | None = None,
               totals: list[dict[str, Any]] | None = None, *, reach: bool = True) -> list[dict[str, Any]]:
    """Actors by the number of events they take part in, as source or target (once per event),
    with (when `reach`) the distinct articles and outlets that report them."""
    found: dict[str, dict[str, Any]] = {}
    for row in totals if totals is not None else dyad_totals(store, filters):
        sides = [("source", row["source"])]
        if row["target"] is not None and row["target"] != row["source"]:
            sides.append(("target", row["target"]))
        for side, key in sides:
            if key is None:
                continue
            actor = found.setdefault(key, {"actor": key, "events": 0, "as_source": 0, "goldstein_sum": 0.0})
            actor["events"] += row["events"]
            actor["goldstein_sum"] += row["goldstein_sum"] or 0.0
            if side == "source":
                actor["as_source"] += row["events"]
    ranked = sorted(found.values(), key=lambda a: (-a["events"], a["actor"]))[:limit]
    reached = actor_reach(store, filters) if reach and ranked else {}
    for actor in ranked:
        actor["goldstein_mean"] = actor.pop("goldstein_sum") / actor["events"]
        if reach:
            actor.update(reached.get(actor["actor"], {"articles": 0, "outlets": 0}))
    return ranked


# Orderings of /dyads (column headers); ties by events, then by the pair.
DYAD_SORTS: dict[str, Any] = {
    "-events": lambda d: -d["events"],
    "events": lambda d: d["events"],
    "-articles": lambda d: -d["articles"],
    "articles": lambda d: d["articles"],
    "-outlets": lambda d: -d["outlets"],
    "outlets": lambda d: d["outlets"],
    "goldstein": lambda d: d["goldstein_mean"],
    "-goldstein": lambda d: -d["goldstein_mean"],
    "-killed": lambda d: -(d["killed"] or 0),
    "killed": lambda d: d["killed"] or 0,
    "-last": lambda d: -(d["last_day"] or date.min).toordinal(),
    "last": lambda d: (d["last_day"] or date.max).toordinal(),
    "-first": lambda d: -(d["first_day"] or date.min).toordinal(),
    "first": lambda d: (d["first_day"] or date.max).toordinal(),
    "source": lambda d: d["source"],
    "-source": lambda d: tuple(-ord(c) for c in d["source"]),
    "target": lambda d: d["target"],
    "-target": lambda d: tuple(-ord(c) for c in d["target"]),
}
DEFAULT_DYAD_SORT = "-events"


def top_dyads(store: Store, limit: int = 12, filters: EventFilters | None = None, offset: int = 0,
              totals: list[dict[str, Any]] | None = None, sort: str = DEFAULT_DYAD_SORT) -> list[dict[str, Any]]:
    """Directed dyads (busiest first, or by `sort`: DYAD_SORTS), with their mean Goldstein score."""
    found = [dict(row) for row in (totals if totals is not None else dyad_totals(store, filters))
             if row["target"] is not None and row["source"] is not None]
    for dyad in found:
        dyad["goldstein_mean"] = (dyad.pop("goldstein_sum") or 0.0) / dyad["events"]
    key = DYAD_SORTS[sort]
    found.sort(key=lambda d: (key(d), -d["events"], d["source"], d["target"]))
    return found[offset : offset + limit]


def count_dyads(store: Store, filters: EventFilters | None = None,
                totals: list[dict[str, Any]] | None = None) -> int:
    found = totals if totals is not None else dyad_totals(store, filters)
    return sum(1 for row in found if row["target"] is not None and row["source"] is not None)


# ------------------------------------------------------------------ events

EVENT_LIST_COLUMNS = """event_id, event_day, event_date, date_precision, date_basis, doc_id, sentence_index,
    source_id, source_name, source_text, source_country, target_id, target_name, target_text, target_country,
    cameo_code, cameo_name, cameo_root, plover_type, quad_class, goldstein, factuality, location_name,
    location_country, evidence_text, trigger, num_articles, num_sources, num_mentions"""


def count_events(store: Store, filters: EventFilters) -> int:
    where = filters.where()
    return scalar(store, f"SELECT count(*) FROM events {where.sql()}", where.params)


@dataclass
class PageKeys:
    """The events of one page: their ids, and the span of their days."""

    ids: list[str]
    days: list[date | None]


def page_ids(store: Store, where: query.Where, order: str, limit: int, offset: int) -> PageKeys:
    """The ids of one page: sorting two columns, not whole rows, keeps deep pages fast."""
    found = rows(store, f"SELECT event_id, event_day FROM events {where.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
                 [*where.params, limit, offset])
    return PageKeys([row["event_id"] for row in found], [row["event_day"] for row in found])


def ids_where(keys: PageKeys) -> query.Where:
    """Those rows again, whole. The day range lets DuckDB skip row groups outside it (events are
    written roughly in date order); the ids pick the rows."""
    where = query.Where()
    if not keys.ids:
        where.add("FALSE")
        return where
    where.add(f"event_id IN ({', '.join('?' * len(keys.ids))})", *keys.ids)
    if all(day is not None for day in keys.days):
        where.add("event_day BETWEEN ? AND ?", min(keys.days), max(keys.days))
    return where


def event_rows(store: Store, filters: EventFilters, sort: str, limit: int, offset: int) -> list[dict[str, Any]]:
    where = ids_where(page_ids(store, filters.where(), SORTS[sort], limit, offset))
    return rows(store, f"SELECT {EVENT_LIST_COLUMNS} FROM events {where.sql()} ORDER BY {SORTS[sort]}",
                where.params)


def native_events_sql(where: query.Where, order: str, limit: int | None, offset: int) -> str:
    """Events exactly as `thucydides export` writes them (the schema's nested form, counts and
    sources), in the order the page shows them."""
    columns = ", ".join(reading_nested_columns(False))
    return (
        f"SELECT {columns}, reading_id, num_mentions, num_articles, num_sources, first_reported, "
        f"last_reported, sources FROM (SELECT * FROM events {where.sql()} ORDER BY {order}"
        f"{query.paging(limit, offset)}) ORDER BY {order}"
    )


def flat_events_sql(where: query.Where, order: str, limit: int | None, offset: int) -> str:
    """The flat columns of `thucydides export --format csv`, in the page's order."""
    return f"SELECT * EXCLUDE (event_day) FROM events {where.sql()} ORDER BY {order}{query.paging(limit, offset)}"


def event_records(store: Store, filters: EventFilters, sort: str, limit: int, offset: int) -> list[dict[str, Any]]:
    """One page of events as `thucydides export` writes them."""
    where = ids_where(page_ids(store, filters.where(), SORTS[sort], limit, offset))
    found = rows(store, native_events_sql(where, SORTS[sort], None, 0), where.params)
    return [shape_native(row) for row in found]


@dataclass
class EventDetail:
    event: dict[str, Any]
    record: dict[str, Any]
    sources: list[dict[str, Any]]
    readings: list[dict[str, Any]]


def event_detail(store: Store, event_id: str) -> EventDetail:
    found = rows(store, "SELECT * FROM events WHERE event_id = ?", [event_id])
    if not found:
        raise NotFound(f"no event {event_id!r}")
    where = query.Where()
    where.add("event_id = ?", event_id)
    record = shape_native(rows(store, native_events_sql(where, SORTS["date"], 1, 0), where.params)[0])
    sources = rows(
        store,
        """SELECT s.*, d.headline, d.status AS document_status
           FROM event_sources s LEFT JOIN documents d ON d.doc_id = s.doc_id
           WHERE s.event_id = ? ORDER BY coalesce(s.published, '9999'), s.doc_id, s.reading_index""",
        [event_id],
    )
    readings = rows(
        store,
        """SELECT reading_id, doc_id, reading_index, sentence_index, evidence_text, trigger, source_text,
                  source_id, target_text, target_id, cameo_code, factuality, event_date, date_expression,
                  mentions, pattern_id, coder_version
           FROM readings WHERE event_id = ? ORDER BY doc_id, reading_index""",
        [event_id],
    )
    return EventDetail(found[0], record, sources, readings)


# ------------------------------------------------------------------ dyads


@dataclass
class Direction:
    source: str
    target: str
    events: int
    articles: int
    goldstein_mean: float | None
    first_day: date | None
    last_day: date | None
    quads: dict[int, int]
    codes: list[dict[str, Any]]
    outlets: int = 0
    casualties: dict[str, int | None] = field(default_factory=dict)
    cooperation: list[float] = field(default_factory=list)  # Goldstein sums > 0 per period
    conflict: list[float] = field(default_factory=list)  # Goldstein sums < 0 per period


@dataclass
class DyadDetail:
    a: str
    b: str
    actors: dict[str, list[dict[str, Any]]]  # key -> the stored actors it covers
    forward: Direction
    backward: Direction
    freq: str
    periods: list[date]
    events: list[dict[str, Any]]
    total: int


def dyad_detail(store: Store, a: str, b: str, freq: str = "auto", limit: int = 100,
                filters: EventFilters | None = None, sort: str = "-date") -> DyadDetail:
    """Both directions of a dyad in three scans: totals by code, the Goldstein series, the events."""
    base = replace(filters or EventFilters(), dyad=None)
    forward = query.event_filters(dyad=(a, b))
    backward = query.event_filters(dyad=(b, a))
    forward_sql = " AND ".join(f"({c})" for c in forward.conditions)
    backward_sql = " AND ".join(f"({c})" for c in backward.conditions)
    where = base.where()
    where.add(f"({forward_sql}) OR ({backward_sql})", *forward.params, *backward.params)
    side = f"CASE WHEN {forward_sql} THEN 'forward' ELSE 'backward' END"
    by_code = rows(
        store,
        f"""SELECT {side} AS side, quad_class, cameo_code, any_value(cameo_name) AS cameo_name, count(*) AS events,
                   sum(goldstein) AS goldstein_sum, min(event_day) AS first_day, max(event_day) AS last_day,
                   {CASUALTY_SUMS}
            FROM events {where.sql()} GROUP BY ALL""",
        [*forward.params, *where.params],
    )
    # The CASE in the select list takes its parameters before the WHERE clause's.
    reach = _reach(store, f"{side} AS side", query.Where(where.conditions, [*forward.params, *where.params]),
                   ("side",))
    directions = {"forward": _direction(a, b, by_code, "forward"), "backward": _direction(b, a, by_code, "backward")}
    for name, direction in directions.items():
        found = reach.get((name,), {"articles": 0, "outlets": 0})
        direction.articles, direction.outlets = found["articles"], found["outlets"]
    if not by_code and base.is_empty() and not (_known_actor(store, a) and _known_actor(store, b)):
        raise NotFound(f"no events between {a!r} and {b!r}")  # a filter may empty a real dyad: not a 404
    days = [row[key] for row in by_code for key in ("first_day", "last_day") if row[key] is not None]
    chosen = choose_frequency(min(days) if days else None, max(days) if days else None, freq)
    periods = all_periods(min(days), max(days), chosen) if days else []
    index = {p: i for i, p in enumerate(periods)}
    for direction in directions.values():
        direction.cooperation = [0.0] * len(periods)
        direction.conflict = [0.0] * len(periods)
    for row in rows(
        store,
        f"""SELECT {side} AS side, CAST(date_trunc('{chosen}', event_day) AS DATE) AS period,
                   coalesce(sum(goldstein) FILTER (WHERE goldstein > 0), 0) AS cooperation,
                   coalesce(sum(goldstein) FILTER (WHERE goldstein < 0), 0) AS conflict
            FROM events {where.sql()} AND event_day IS NOT NULL GROUP BY ALL""",
        [*forward.params, *where.params],
    ):
        i = index.get(row["period"])
        if i is not None:
            directions[row["side"]].cooperation[i] = float(row["cooperation"])
            directions[row["side"]].conflict[i] = float(row["conflict"])
    events = event_rows_where(store, where, SORTS[sort], limit)
    actors = {key: _actors_of(store, key) for key in (a, b)}
    total = directions["forward"].events + directions["backward"].events
    return DyadDetail(a, b, actors, directions["forward"], directions["backward"], chosen, periods, events, total)


def _direction(source: str, target: str, by_code: list[dict[str, Any]], side: str) -> Direction:
    mine = [row for row in by_code if row["side"] == side]
    events = sum(row["events"] for row in mine)
    quads: dict[int, int] = {}
    codes: dict[str, dict[str, Any]] = {}
    for row in mine:
        quads[row["quad_class"]] = quads.get(row["quad_class"], 0) + row["events"]
        code = codes.setdefault(row["cameo_code"], {"cameo_code": row["cameo_code"], "cameo_name": row["cameo_name"],
                                                    "quad_class": row["quad_class"], "events": 0, "sum": 0.0})
        code["events"] += row["events"]
        code["sum"] += row["goldstein_sum"] or 0.0
    top = sorted(codes.values(), key=lambda c: (-c["events"], c["cameo_code"]))[:8]
    for code in top:
        code["goldstein"] = code.pop("sum") / code["events"]
    firsts = [row["first_day"] for row in mine if row["first_day"]]
    lasts = [row["last_day"] for row in mine if row["last_day"]]
    casualties = {name: _sum_or_none(row[name] for row in mine) for name in CASUALTIES}
    return Direction(
        source, target, events, 0,
        sum(row["goldstein_sum"] or 0.0 for row in mine) / events if events else None,
        min(firsts) if firsts else None, max(lasts) if lasts else None, quads, top, casualties=casualties,
    )


def _sum_or_none(values: Any) -> int | None:
    """A sum of stated counts; None when no event states one (unknown is not zero)."""
    stated = [v for v in values if v is not None]
    return sum(stated) if stated else None


def event_rows_where(store: Store, where: query.Where, order: str, limit: int) -> list[dict[str, Any]]:
    chosen = ids_where(page_ids(store, where, order, limit, 0))
    return rows(store, f"SELECT {EVENT_LIST_COLUMNS} FROM events {chosen.sql()} ORDER BY {order}", chosen.params)


def _actors_of(store: Store, key: str) -> list[dict[str, Any]]:
    return rows(
        store,
        """SELECT actor_id, name, kind, country, sector, code, contested_with, title FROM actors
           WHERE lower(actor_id) = lower(?) OR lower(country) = lower(?) OR lower(code) = lower(?)
           ORDER BY actor_id = country DESC, actor_id LIMIT 12""",
        [key, key, key],
    )


def _known_actor(store: Store, key: str) -> bool:
    return bool(_actors_of(store, key))


# ------------------------------------------------------------------ network


@dataclass
class Network:
    nodes: list[dict[str, Any]]  # actor, events
    edges: list[dict[str, Any]]  # source, target, events, goldstein_mean, articles


def network(store: Store, filters: EventFilters, max_nodes: int = 40, min_events: int = 1) -> Network:
    """The busiest actors and the directed dyads among them: RUS -> GEO and GEO -> RUS are two edges."""
    totals = dyad_totals(store, filters)
    actors = top_actors(store, max_nodes, totals=totals, reach=False)
    keys = {row["actor"] for row in actors}
    edges = []
    for row in totals:
        source, target = row["source"], row["target"]
        if source not in keys or target not in keys or source == target or row["events"] < min_events:
            continue
        edges.append({"source": source, "target": target, "events": row["events"], "articles": row["articles"],
                      "goldstein_mean": (row["goldstein_sum"] or 0.0) / row["events"]})
    edges.sort(key=lambda e: (-e["events"], e["source"], e["target"]))
    return Network(actors, edges)


def day_span(store: Store) -> tuple[date | None, date | None]:
    found = rows(store, "SELECT min(event_day) AS first, max(event_day) AS last FROM events")[0]
    return found["first"], found["last"]
