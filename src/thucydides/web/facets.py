"""What the filters need from the database: actors named the way people name them, the counts
beside each filter value (facets), and stats over the web's own filters.

An actor is asked for by id, code or country (RUS, RUSGOV, person:sergei-lavrov), by name
("Russia" means what RUS means: the state and everyone of it) or by part of a name ("Lavrov"
finds the actors so named). What a value was read as is said on the page; a value matching no
known actor is said too, never silently answered with nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..store import Store, query
from .data import rows, top_actors
from .filters import QUAD_NAMES, EventFilters, cameo_roots


def _key(row: dict[str, Any]) -> str:
    """The key an actor is counted under: a state by its country, anyone else by their id."""
    if row["country"] and (row["actor_id"] == row["country"] or row["kind"] == "state"):
        return row["country"]
    return row["actor_id"]


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def resolve_actors(store: Store, filters: EventFilters) -> tuple[EventFilters, list[dict[str, Any]]]:
    """The filters with each actor value resolved to the actor keys it stands for, and what each
    was read as: {"term", "keys", "names", "how"} (how: code, name, partial or unknown)."""
    if not filters.actor:
        return filters, []
    resolved, notes = [], []
    for term in filters.actor:
        exact = rows(
            store,
            "SELECT actor_id FROM actors WHERE lower(actor_id) = lower(?) OR lower(code) = lower(?) "
            "OR lower(country) = lower(?) LIMIT 1",
            [term, term, term],
        )
        if exact:
            resolved.append((term,))
            notes.append({"term": term, "keys": [term], "names": [], "how": "code"})
            continue
        how = "name"
        found = rows(store, "SELECT actor_id, name, kind, country FROM actors WHERE lower(name) = lower(?) "
                     "ORDER BY actor_id", [term])
        if not found and len(term) >= 3:
            how = "partial"
            found = rows(
                store,
                "SELECT actor_id, name, kind, country FROM actors WHERE name ILIKE ? ESCAPE '\\' "
                "OR actor_id ILIKE ? ESCAPE '\\' ORDER BY length(name), actor_id LIMIT 25",
                [_like(term), _like(term)],
            )
        if not found:
            resolved.append((term,))
            notes.append({"term": term, "keys": [term], "names": [], "how": "unknown"})
            continue
        keys = list(dict.fromkeys(_key(row) for row in found))
        resolved.append(tuple(keys))
        notes.append({"term": term, "keys": keys, "names": [row["name"] for row in found], "how": how})
    return replace(filters, actor_keys=tuple(resolved)), notes


def suggest_actors(store: Store, text: str, limit: int = 12) -> list[dict[str, Any]]:
    """Actors whose id, code, country or name contains `text`, best matches first."""
    text = text.strip()
    if not text:
        return []
    found = rows(
        store,
        """SELECT actor_id, name, kind, country, code, title FROM actors
           WHERE name ILIKE ? ESCAPE '\\' OR actor_id ILIKE ? ESCAPE '\\' OR code ILIKE ? ESCAPE '\\'
              OR lower(country) = lower(?)
           ORDER BY lower(name) = lower(?) DESC, lower(actor_id) = lower(?) DESC,
                    starts_with(lower(name), lower(?)) DESC, kind = 'state' DESC, length(name), actor_id
           LIMIT ?""",
        [_like(text), _like(text), _like(text), text, text, text, text, limit],
    )
    return [{"key": _key(row), **row} for row in found]


# ------------------------------------------------------------------ facets

FACET_COLUMNS = {"quad_class": "quad_class", "root": "cameo_root", "factuality": "factuality",
                 "plover": "plover_type"}


def facets(store: Store, filters: EventFilters, actors: int = 10) -> dict[str, list[dict[str, Any]]]:
    """Counts beside each filter value, Datasette-style. A facet whose values combine with OR
    (roots, QuadClasses ...) counts under every other filter but its own, so its other values
    show what adding them gives; actors (which combine with AND) count under all the filters."""
    out: dict[str, list[dict[str, Any]]] = {}
    roots = dict(cameo_roots())
    for name, column in FACET_COLUMNS.items():
        where = replace(filters, **{name: ()}).where()
        found = rows(store, f"SELECT {column} AS value, count(*) AS n FROM events {where.sql()} "
                     f"GROUP BY 1 HAVING {column} IS NOT NULL ORDER BY n DESC, value", where.params)
        values = []
        for row in found:
            value = str(row["value"])
            label = QUAD_NAMES.get(row["value"], value) if name == "quad_class" else (
                f"{value} {roots.get(value, '')}".strip() if name == "root" else value.replace("_", " "))
            values.append({"value": value, "label": label, "count": row["n"],
                           "selected": filters.has(name, value)})
        out[name] = values
    chosen = set(filters.actor)
    top = top_actors(store, actors, filters, reach=False)
    out["actor"] = [{"value": row["actor"], "label": row["actor"], "count": row["events"],
                     "selected": row["actor"] in chosen} for row in top]
    return out


# ------------------------------------------------------------------ stats


def stats(store: Store, filters: EventFilters, freq: str, by: str | None) -> list[dict[str, Any]]:
    """Counts per period and group, as `thucydides stats` gives them, over the web's filters."""
    return query.select_stats_where(store.conn, filters.where(), freq, by).to_pylist()
