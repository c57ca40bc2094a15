"""Query-string parameters of the pages and the API, parsed once and validated.

The event filters are the store's (`thucydides.store.query.event_filters`), so the web UI, the
CLI and the Python API select exactly the same rows; the UI adds a PLOVER-type filter, which the
store does not have yet, as one more parameterised condition. Bad values raise THU-E403.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlencode

from ..errors import Codes, QueryError
from ..knowledge.ontology import default_ontology
from ..store import query

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
API_MAX_LIMIT = 1000
QUAD_NAMES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
FACTUALITIES = query.FACTUALITIES
# Orderings a person can pick (the events table's column headers); each ends on event_id so pages
# never overlap or skip rows.
SORTS = {
    "-date": "event_day DESC NULLS LAST, event_id",
    "date": "event_day NULLS LAST, event_id",
    "-articles": "num_articles DESC, event_day DESC NULLS LAST, event_id",
    "articles": "num_articles, event_day DESC NULLS LAST, event_id",
    "goldstein": "goldstein NULLS LAST, event_day DESC NULLS LAST, event_id",
    "-goldstein": "goldstein DESC NULLS LAST, event_day DESC NULLS LAST, event_id",
    "code": "cameo_code, event_day DESC NULLS LAST, event_id",
    "-code": "cameo_code DESC, event_day DESC NULLS LAST, event_id",
    "quad_class": "quad_class, event_day DESC NULLS LAST, event_id",
    "-quad_class": "quad_class DESC, event_day DESC NULLS LAST, event_id",
    "source": "source_name NULLS LAST, event_day DESC NULLS LAST, event_id",
    "-source": "source_name DESC NULLS LAST, event_day DESC NULLS LAST, event_id",
    "place": "location_name NULLS LAST, event_day DESC NULLS LAST, event_id",
    "-place": "location_name DESC NULLS LAST, event_day DESC NULLS LAST, event_id",
    "-killed": "coalesce(killed, 0) + coalesce(injured, 0) DESC, event_day DESC NULLS LAST, event_id",
}
SORT_LABELS = {
    "-date": "newest first",
    "date": "oldest first",
    "-articles": "most reported",
    "articles": "least reported",
    "goldstein": "most hostile",
    "-goldstein": "most cooperative",
    "code": "CAMEO code",
    "-code": "CAMEO code, descending",
    "quad_class": "QuadClass",
    "-quad_class": "QuadClass, descending",
    "source": "source actor",
    "-source": "source actor, descending",
    "place": "place",
    "-place": "place, descending",
    "-killed": "most casualties",
}
DEFAULT_SORT = "-date"
# Filters that take several values (root=18&root=19): any of them matches, except actors, where
# each value must take part in the event (actor=RUS&actor=GEO: events between the two).
MULTI = ("actor", "country", "code", "root", "plover", "quad_class", "factuality", "place", "doc_id")
# Where a map point's place comes from, coarsest last: a city (or a point), a region (admin1 or a
# named region), a country's centroid, or only the dateline (where the reporter was).
PRECISIONS = ("city", "region", "country", "dateline")
PRECISION_LABELS = {"city": "city or point", "region": "region", "country": "country centroid",
                    "dateline": "dateline only"}
# A dateline fallback stores the dateline city as location_text and its country as the place; a
# place read in the sentence stores words of that sentence.
DATELINE_SQL = ("location_precision = 'country' AND location_text IS NOT NULL "
                "AND strpos(lower(coalesce(evidence_text, '')), lower(location_text)) = 0")
PRECISION_SQL = (
    f"CASE WHEN location_lat IS NULL OR location_lon IS NULL THEN NULL "
    f"WHEN location_precision IN ('city', 'point') THEN 'city' "
    f"WHEN location_precision IN ('admin1', 'region') THEN 'region' "
    f"WHEN {DATELINE_SQL} THEN 'dateline' WHEN location_precision = 'country' THEN 'country' "
    f"ELSE 'city' END"
)


@functools.lru_cache(maxsize=1)
def cameo_roots() -> list[tuple[str, str]]:
    """(root, name) of the 20 CAMEO roots, for the filter form and labels."""
    ontology = default_ontology()
    return [(code, ontology.cameo(code).name) for code in ontology.codes() if len(code) == 2]


@functools.lru_cache(maxsize=1)
def plover_types() -> list[str]:
    ontology = default_ontology()
    found = {ontology.plover(code) for code in ontology.codes()}
    return sorted({row.type for row in found if row is not None})


def form_options() -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices of the events form's menus."""
    return {
        "root": [(code, f"{code} {name}") for code, name in cameo_roots()],
        "plover": [(name, name) for name in plover_types()],
        "quad_class": [(str(q), f"{q} {name}") for q, name in QUAD_NAMES.items()],
        "factuality": [(name, name.replace("_", " ")) for name in FACTUALITIES],
        "precision": list(PRECISION_LABELS.items()),
        "sort": list(SORT_LABELS.items()),
    }


def _text(params: Mapping[str, str], name: str, max_length: int = 200) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > max_length:
        raise QueryError(Codes.E403, f"{name} is longer than {max_length} characters")
    return value


def _integer(params: Mapping[str, str], name: str, default: int, low: int, high: int | None = None) -> int:
    value = _text(params, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise QueryError(Codes.E403, f"{name} must be a whole number, not {value!r}") from None
    high = query.MAX_ROWS if high is None else high  # what DuckDB takes (a 64-bit integer)
    if number < low or number > high:
        raise QueryError(Codes.E403, f"{name} must be between {low} and {high}, not {number}")
    return number


def values_of(params: Mapping[str, Any], name: str) -> list[str]:
    """Every value a query string gives `name` (a MultiDict's getlist, or a list in a dict)."""
    getlist = getattr(params, "getlist", None)
    found = getlist(name) if getlist is not None else params.get(name)
    if found is None:
        return []
    if isinstance(found, str):
        found = [found]
    out = []
    for value in found:
        value = str(value).strip()
        if len(value) > 200:
            raise QueryError(Codes.E403, f"{name} is longer than 200 characters")
        if value and value not in out:
            out.append(value)
    return out


@dataclass(frozen=True)
class EventFilters:
    """The event filters of /events, /api/events, the downloads, the charts and the map."""

    actor: tuple[str, ...] = ()
    dyad: str | None = None
    country: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    root: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    quad_class: tuple[str, ...] = ()
    factuality: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    place: tuple[str, ...] = ()
    text: str | None = None
    doc_id: tuple[str, ...] = ()
    at: str | None = None  # "LAT,LON" of a map point (3 decimals, as the map groups them)
    precision: str | None = None  # city | region | country | dateline
    # What each actor value was resolved to (data.resolve_actors): the actor keys any of which
    # matches. Not part of the URL.
    actor_keys: tuple[tuple[str, ...], ...] | None = field(default=None, repr=False)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> EventFilters:
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "actor_keys":
                continue
            if f.name in MULTI:
                values[f.name] = tuple(values_of(params, f.name))
            else:
                found = values_of(params, f.name)
                values[f.name] = found[-1] if found else None
        # The search box is called q, like every search box.
        found = values_of(params, "q")
        values["text"] = found[-1] if found else values["text"]
        filters = cls(**values)
        filters.where()  # validate now, so a bad value is reported before any page is built
        return filters

    def store_arguments(self) -> dict[str, Any]:
        """Keyword arguments for Store.events / event_filters (the store knows no PLOVER, map
        point or precision filter; actors go as resolved)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("plover", "at", "precision", "actor_keys") or value in (None, ()):
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        if self.actor_keys is not None:
            out.pop("actor", None)
        return out

    def where(self, table: str = "events") -> query.Where:
        where = query.event_filters(table=table, **self.store_arguments())
        for alternatives in self.actor_keys or ():
            # Any of the actors a name stands for ("Lavrov": every actor so named).
            parts = [query.event_filters(table=table, actor=[key]) for key in alternatives]
            where.add(" OR ".join(" AND ".join(f"({c})" for c in p.conditions) for p in parts),
                      *[value for p in parts for value in p.params])
        if self.plover:
            wanted = [p.upper() for p in self.plover]
            for value in wanted:
                if value not in plover_types():
                    raise QueryError(
                        Codes.E403, f"PLOVER type must be one of {', '.join(plover_types())}, not {value!r}"
                    )
            where.add(f"plover_type IN ({', '.join('?' * len(wanted))})", *wanted)
        if self.at is not None:
            lat, lon = parse_point(self.at)
            where.add("round(location_lat, 3) = ? AND round(location_lon, 3) = ?", lat, lon)
        if self.precision is not None:
            if self.precision not in PRECISIONS:
                raise QueryError(Codes.E403, f"precision must be one of {', '.join(PRECISIONS)}, "
                                 f"not {self.precision!r}")
            where.add(f"({PRECISION_SQL}) = ?", self.precision)
        return where

    def items(self) -> list[tuple[str, str]]:
        """The filters that are set, as query-string pairs (text is sent as q)."""
        pairs = []
        for f in fields(self):
            if f.name == "actor_keys":
                continue
            value = getattr(self, f.name)
            name = "q" if f.name == "text" else f.name
            if isinstance(value, tuple):
                pairs.extend((name, v) for v in value)
            elif value is not None:
                pairs.append((name, value))
        return pairs

    def values(self, name: str) -> tuple[str, ...]:
        value = getattr(self, "text" if name == "q" else name)
        return value if isinstance(value, tuple) else (() if value is None else (value,))

    def has(self, name: str, value: object) -> bool:
        return str(value) in self.values(name)

    def toggle(self, name: str, value: object) -> list[tuple[str, str]]:
        """The pairs with one value of a filter added, or removed when it is there (facet links)."""
        value = str(value)
        if self.has(name, value):
            return [(k, v) for k, v in self.items() if not (k == name and v == value)]
        if name not in MULTI:
            return [(k, v) for k, v in self.items() if k != name] + [(name, value)]
        return self.items() + [(name, value)]

    def without(self, *names: str) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.items() if k not in names]

    def is_empty(self) -> bool:
        return not self.items()

    def describe(self) -> str:
        return ", ".join(f"{name} = {value}" for name, value in self.items())


def parse_point(text: str) -> tuple[float, float]:
    try:
        lat, lon = (round(float(part), 3) for part in text.split(","))
    except ValueError:
        raise QueryError(Codes.E403, f"at must be LAT,LON (e.g. 55.75,37.62), not {text!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise QueryError(Codes.E403, f"at must be a latitude and a longitude, not {text!r}")
    return lat, lon


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = DEFAULT_PAGE_SIZE

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Paging:
        per_page = _integer(params, "per_page", DEFAULT_PAGE_SIZE, 1, max(PAGE_SIZES))
        return cls(_integer(params, "page", 1, 1, 10_000_000), per_page)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def pages(self, total: int) -> int:
        return max(1, -(-total // self.per_page))


def api_paging(params: Mapping[str, str], default_limit: int = 100) -> tuple[int, int]:
    """limit and offset of an API call."""
    return (
        _integer(params, "limit", default_limit, 0, API_MAX_LIMIT),
        _integer(params, "offset", 0, 0),
    )


def sort_of(params: Mapping[str, str], allowed: Mapping[str, str] | None = None,
            default: str = DEFAULT_SORT) -> str:
    allowed = SORTS if allowed is None else allowed
    value = _text(params, "sort") or default
    if value not in allowed:
        raise QueryError(Codes.E403, f"sort must be one of {', '.join(allowed)}, not {value!r}")
    return value


def sort_link(current: str, column: str, descending_first: bool = True) -> tuple[str, str]:
    """(the sort a column header links to, the arrow it shows): a second click reverses."""
    if current == column:
        return ("-" + column, "▲")
    if current == "-" + column:
        return (column, "▼")
    return ("-" + column if descending_first else column, "")


def choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = _text(params, name) or default
    if value not in allowed:
        raise QueryError(Codes.E403, f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def integer(params: Mapping[str, str], name: str, default: int, low: int, high: int | None = None) -> int:
    return _integer(params, name, default, low, high)


def text(params: Mapping[str, str], name: str) -> str | None:
    return _text(params, name)


def query_string(pairs: list[tuple[str, object]] | Mapping[str, object], **changes: object) -> str:
    """A query string from pairs (a key may repeat: root=18&root=19), with some keys replaced
    (None drops a key; a list or tuple gives it several values)."""
    items = list(pairs.items()) if isinstance(pairs, Mapping) else list(pairs)
    kept: list[tuple[str, str]] = []
    for key, value in items:
        if key in changes:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        kept.extend((key, str(v)) for v in values if v is not None and v != "")
    for key, value in changes.items():
        values = value if isinstance(value, list | tuple) else [value]
        kept.extend((key, str(v)) for v in values if v is not None and v != "")
    return urlencode(kept)
