"""Query-string parameters of the pages and the API, parsed once and validated.

The event filters are the store's (`thucydides.store.query.event_filters`), so the web UI, the
CLI and the Python API select exactly the same rows; the UI adds a PLOVER-type filter, which the
store does not have yet, as one more parameterised condition. Bad values raise THU-E403.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, fields
from urllib.parse import urlencode

from ..errors import Codes, QueryError
from ..knowledge.ontology import default_ontology
from ..store import query

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
API_MAX_LIMIT = 1000
QUAD_NAMES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
FACTUALITIES = query.FACTUALITIES
# Orderings a person can pick; each ends on event_id so pages never overlap or skip rows.
SORTS = {
    "-date": "event_day DESC NULLS LAST, event_id",
    "date": "event_day NULLS LAST, event_id",
    "-articles": "num_articles DESC, event_day DESC NULLS LAST, event_id",
    "goldstein": "goldstein, event_day DESC NULLS LAST, event_id",
}
SORT_LABELS = {
    "-date": "newest first",
    "date": "oldest first",
    "-articles": "most reported",
    "goldstein": "most hostile",
}
DEFAULT_SORT = "-date"


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
    if number < low or (high is not None and number > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise QueryError(Codes.E403, f"{name} must be {bounds}, not {number}")
    return number


@dataclass(frozen=True)
class EventFilters:
    """The event filters of /events, /api/events, the downloads and the charts."""

    actor: str | None = None
    dyad: str | None = None
    country: str | None = None
    code: str | None = None
    root: str | None = None
    plover: str | None = None
    quad_class: str | None = None
    factuality: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    text: str | None = None
    doc_id: str | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> EventFilters:
        values = {f.name: _text(params, f.name) for f in fields(cls)}
        # The search box is called q, like every search box.
        values["text"] = _text(params, "q") or values["text"]
        filters = cls(**values)
        filters.where()  # validate now, so a bad value is reported before any page is built
        return filters

    def store_arguments(self) -> dict[str, str]:
        """Keyword arguments for Store.events / event_filters (the store knows no PLOVER filter)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "plover" and getattr(self, f.name) is not None
        }

    def where(self, table: str = "events") -> query.Where:
        where = query.event_filters(table=table, **self.store_arguments())
        if self.plover is not None:
            if self.plover.upper() not in plover_types():
                raise QueryError(
                    Codes.E403, f"PLOVER type must be one of {', '.join(plover_types())}, not {self.plover!r}"
                )
            where.add("plover_type = ?", self.plover.upper())
        return where

    def items(self) -> list[tuple[str, str]]:
        """The filters that are set, as query-string pairs (text is sent as q)."""
        pairs = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                pairs.append(("q" if f.name == "text" else f.name, value))
        return pairs

    def is_empty(self) -> bool:
        return not self.items()

    def describe(self) -> str:
        return ", ".join(f"{name} = {value}" for name, value in self.items())


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


def sort_of(params: Mapping[str, str]) -> str:
    value = _text(params, "sort") or DEFAULT_SORT
    if value not in SORTS:
        raise QueryError(Codes.E403, f"sort must be one of {', '.join(SORTS)}, not {value!r}")
    return value


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
    """A query string from pairs, with some keys replaced (None drops a key)."""
    items = list(pairs.items()) if isinstance(pairs, Mapping) else list(pairs)
    merged: dict[str, object] = {}
    for key, value in items:
        merged[key] = value
    merged.update(changes)
    kept = [(key, str(value)) for key, value in merged.items() if value is not None and value != ""]
    return urlencode(kept)
