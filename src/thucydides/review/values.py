"""What a researcher types, checked and made into the fields of a correction: a CAMEO code the
codebook knows, an actor (an id, code, ISO3 country or name the database knows, else a new name),
a date (YYYY, YYYY-MM or YYYY-MM-DD) and a factuality value."""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any

import duckdb

from ..errors import Codes, QueryError
from ..knowledge.ontology import default_ontology
from .corrections import FACTUALITY

ACTOR_KEYS = ("id", "name", "kind", "country", "sector", "code", "contested_with", "title")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_code(code: str) -> str:
    code = (code or "").strip()
    if not default_ontology().has(code):
        raise QueryError(Codes.E403, f"{code!r} is not a CAMEO code (e.g. 190, 0871, 054)")
    return code


def check_date(value: str) -> str:
    value = (value or "").strip()
    if not _DATE.fullmatch(value):
        raise QueryError(Codes.E403, f"a date is YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        raise QueryError(Codes.E403, f"{value!r} is not a date: {exc}") from None
    return value


def check_factuality(value: str) -> str:
    value = (value or "").strip()
    if value not in FACTUALITY:
        raise QueryError(Codes.E403, f"factuality is one of {', '.join(FACTUALITY)}, not {value!r}")
    return value


def find_actor(conn: duckdb.DuckDBPyConnection, typed: str, catalog: str = "") -> dict[str, Any] | None:
    """The actor a researcher means: an actor id, code, country or name from the database's actors
    (exact, ignoring case; a state before its agencies), else one of the package's knowledge base,
    else a three-letter country code, else a new actor of that name. None for an empty entry (no actor)."""
    typed = (typed or "").strip()
    if not typed or typed in ("-", "–"):
        return None
    prefix = f'"{catalog}".main.' if catalog else ""
    rows = conn.execute(
        f"""SELECT {', '.join('actor_id' if k == 'id' else k for k in ACTOR_KEYS)},
                   CASE WHEN lower(actor_id) = lower(?) THEN 0 WHEN lower(code) = lower(?) THEN 1
                        WHEN actor_id = country AND lower(country) = lower(?) THEN 2
                        WHEN lower(name) = lower(?) THEN 3 ELSE 4 END AS rank
            FROM {prefix}actors
            WHERE lower(actor_id) = lower(?) OR lower(code) = lower(?) OR lower(name) = lower(?)
               OR (lower(country) = lower(?) AND actor_id = country)
            ORDER BY rank, actor_id LIMIT 1""",
        [typed] * 8,
    ).fetchall()
    if rows:
        found = dict(zip(ACTOR_KEYS, rows[0][: len(ACTOR_KEYS)], strict=True))
        found["sector"] = list(found.get("sector") or [])
        found["contested_with"] = list(found.get("contested_with") or [])
        return found
    known = _knowledge_base_actor(typed)
    if known is not None:
        return known
    if re.fullmatch(r"[A-Za-z]{3}", typed):
        iso = typed.upper()
        return {"id": iso, "name": iso, "kind": "state", "country": iso, "sector": [], "code": iso,
                "contested_with": [], "title": None}
    if len(typed) > 200:
        raise QueryError(Codes.E403, "an actor name has at most 200 characters")
    slug = re.sub(r"[^a-z0-9]+", "-", typed.lower()).strip("-") or "actor"
    return {"id": f"review:{slug}", "name": typed, "kind": "unknown", "country": None, "sector": [],
            "code": None, "contested_with": [], "title": None}


@functools.lru_cache(maxsize=1)
def _actor_kb():
    from ..knowledge.actorkb import ActorKB

    return ActorKB.load()


def _knowledge_base_actor(typed: str) -> dict[str, Any] | None:
    """An actor the package's knowledge base knows by this id, name or person's name (one the
    database has not seen: a researcher may name an actor no article of it named)."""
    kb = _actor_kb()
    entry = kb.entry(typed) or kb.entry(typed.upper())
    if entry is None:
        found = [e for e in kb.lookup(typed.lower()) if e.kind and not e.ambiguous]
        entry = found[0] if len(found) == 1 else None
    actor = entry.actor() if entry is not None and entry.kind else None
    if actor is None:
        person = kb.person(typed) or kb.person(typed.lower())
        actor = person.actor(None) if person is not None else None
    if actor is None:
        return None
    return {"id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country,
            "sector": list(actor.sector), "code": actor.code, "contested_with": list(actor.contested_with),
            "title": actor.title}
