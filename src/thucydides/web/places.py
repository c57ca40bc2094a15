"""The map's data: event locations grouped by point and by how precisely the place is known.

A place is a city (or a point), a region, a country's centroid, or only the dateline's country
(the reporter was there; the sentence names no place). Each is drawn differently, and each point
links to exactly the events it counts (`at=LAT,LON&precision=...`), so the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..store import Store, query
from .data import rows
from .filters import PRECISION_LABELS, PRECISION_SQL, PRECISIONS, EventFilters, query_string


@dataclass
class MapData:
    points: list[dict[str, Any]]
    events: int  # matching events
    located: int
    without: int  # matching events with no place
    by_precision: dict[str, int]
    truncated: bool

    @property
    def without_share(self) -> float | None:
        return self.without / self.events if self.events else None


# Orderings of the places table (its column headers).
PLACE_SORTS = {
    "-events": lambda p: (-p["events"],),
    "events": lambda p: (p["events"],),
    "name": lambda p: ((p["name"] or "").lower(),),
    "-name": lambda p: tuple(-ord(c) for c in (p["name"] or "").lower()),
    "precision": lambda p: (PRECISIONS.index(p["precision"]),),
    "-precision": lambda p: (-PRECISIONS.index(p["precision"]),),
    "country": lambda p: (p["country"] or "",),
    "-country": lambda p: tuple(-ord(c) for c in (p["country"] or "")),
    "-last": lambda p: tuple(-ord(c) for c in (p["last_day"] or "")),
    "last": lambda p: (p["last_day"] or "9999",),
    "first": lambda p: (p["first_day"] or "9999",),
    "-first": lambda p: tuple(-ord(c) for c in (p["first_day"] or "")),
}
DEFAULT_PLACE_SORT = "-events"


def sort_places(points: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    key = PLACE_SORTS[sort]
    return sorted(points, key=lambda p: (key(p), -p["events"], p["lat"], p["lon"]))


def point_filters(filters: EventFilters, point: dict[str, Any]) -> EventFilters:
    """The filters of the events one map point counts."""
    return replace(filters, at=f"{point['lat']},{point['lon']}", precision=point["precision"])


def map_data(store: Store, filters: EventFilters, limit: int = 5000) -> MapData:
    """Event locations with counts per QuadClass and precision, and how many events have none."""
    where = filters.where()
    located = query.Where(list(where.conditions), list(where.params))
    located.add("location_lat IS NOT NULL AND location_lon IS NOT NULL")
    points = rows(
        store,
        f"""SELECT round(location_lat, 3) AS lat, round(location_lon, 3) AS lon, {PRECISION_SQL} AS precision,
                   any_value(location_name) AS name, any_value(location_country) AS country,
                   any_value(location_admin1) AS admin1,
                   count(*) AS events,
                   count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
                   count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4,
                   min(event_day) AS first_day, max(event_day) AS last_day,
                   string_agg(DISTINCT location_text, ' / ') AS texts
            FROM events {located.sql()} GROUP BY 1, 2, 3 ORDER BY events DESC, lat, lon LIMIT ?""",
        [*located.params, limit + 1],
    )
    truncated = len(points) > limit
    points = points[:limit]
    totals = rows(
        store,
        f"""SELECT count(*) AS events, count(*) FILTER (WHERE location_lat IS NOT NULL AND location_lon IS NOT NULL)
                   AS located, {PRECISION_SQL} AS precision
            FROM events {where.sql()} GROUP BY ALL""",
        where.params,
    )
    events = sum(row["events"] for row in totals)
    by_precision = {name: 0 for name in PRECISION_LABELS}
    for row in totals:
        if row["precision"] is not None:
            by_precision[row["precision"]] += row["events"]
    located_count = sum(by_precision.values())
    for point in points:
        point["first_day"] = point["first_day"].isoformat() if point["first_day"] else None
        point["last_day"] = point["last_day"].isoformat() if point["last_day"] else None
        point["href"] = "/events?" + query_string(point_filters(filters, point).items())
        point["label"] = PRECISION_LABELS[point["precision"]]
    return MapData(points, events, located_count, events - located_count, by_precision, truncated)
