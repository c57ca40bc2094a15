"""What the ledger reads: one `Report` per reading, from Reading records or from a store's rows,
and the relation actor a reading's actor stands for (RUSMIL, Moscow and Lavrov all act for Russia).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ..records import Actor, Reading


@dataclass(frozen=True)
class RelActor:
    """A side of a relation: a state, territory, organisation, group or person."""

    id: str
    name: str
    kind: str
    country: str | None
    code: str | None
    sectors: tuple[str, ...] = field(default=(), compare=False)  # of an actor not folded into a state

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "country": self.country, "code": self.code}


@dataclass(frozen=True)
class Report:
    """One reading as the ledger needs it: who, what (code, pattern), how sure, when, and where it is said."""

    reading_id: str
    event_id: str
    doc_id: str
    sentence: str
    sentence_index: int
    trigger: str | None
    source: Actor
    target: Actor | None
    code: str
    pattern_id: str | None
    factuality: str
    event_date: str | None
    date_range: tuple[str | None, str | None] | None = None
    published: str | None = None

    @classmethod
    def from_reading(cls, reading: Reading, event_id: str | None = None) -> Report:
        return cls(
            reading_id=reading.event_id,
            event_id=event_id or reading.event_id,
            doc_id=reading.doc_id,
            sentence=reading.evidence_text,
            sentence_index=reading.sentence_index,
            trigger=reading.trigger,
            source=reading.source,
            target=reading.target,
            code=reading.cameo.code,
            pattern_id=reading.pattern_id,
            factuality=reading.factuality,
            event_date=reading.event_date,
            date_range=tuple(reading.date_range) if reading.date_range else None,  # type: ignore[arg-type]
            published=reading.published,
        )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Report:
        """From a `readings` table row (see store/schema.py)."""
        target = _actor_from_row(row, "target") if row.get("target_id") else None
        date_range = row.get("date_range")
        return cls(
            reading_id=row["reading_id"],
            event_id=row.get("event_id") or row["reading_id"],
            doc_id=row["doc_id"],
            sentence=row.get("evidence_text") or "",
            sentence_index=row.get("sentence_index") or 0,
            trigger=row.get("trigger"),
            source=_actor_from_row(row, "source"),
            target=target,
            code=row["cameo_code"],
            pattern_id=row.get("pattern_id"),
            factuality=row.get("factuality") or "asserted",
            event_date=row.get("event_date"),
            date_range=(date_range[0], date_range[1]) if date_range and len(date_range) == 2 else None,
            published=row.get("published"),
        )

    @property
    def event_day(self) -> date | None:
        return first_day(self.event_date) or first_day(self.published)

    @property
    def published_day(self) -> date | None:
        return first_day(self.published)

    def evidence(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "reading_id": self.reading_id,
            "doc_id": self.doc_id,
            "sentence": self.sentence,
            "sentence_index": self.sentence_index,
            "date": self.event_date,
            "factuality": self.factuality,
            "code": self.code,
            "pattern_id": self.pattern_id,
        }


def _actor_from_row(row: dict[str, Any], prefix: str) -> Actor:
    return Actor(
        id=row[f"{prefix}_id"],
        name=row.get(f"{prefix}_name") or row[f"{prefix}_id"],
        kind=row.get(f"{prefix}_kind") or "unknown",
        country=row.get(f"{prefix}_country"),
        sector=tuple(row.get(f"{prefix}_sector") or ()),
        code=row.get(f"{prefix}_code"),
        contested_with=tuple(row.get(f"{prefix}_contested_with") or ()),
        title=row.get(f"{prefix}_title"),
    )


def first_day(value: str | None) -> date | None:
    """The first day of an ISO date of any precision ("2008", "2008-08", "2008-08-26T10:00")."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return None


# ------------------------------------------------------------------ actors of relations


@lru_cache(maxsize=4096)
def _country_name(iso3: str) -> str | None:
    from ..knowledge.actorkb import default_kb

    entry = default_kb().entry(iso3)
    return entry.name if entry is not None else None


def _strip_sectors(value: str | None, sectors: Sequence[str]) -> str | None:
    """XSOMIL -> XSO: the id of the entity whose organ the actor is."""
    if not value:
        return value
    for sector in reversed(sectors):
        if value.endswith(sector) and len(value) > len(sector):
            value = value[: -len(sector)]
    return value


def relation_actor(actor: Actor, state_sectors: Sequence[str]) -> RelActor:
    """The actor a relation is between: a state's organs and officials fold into the state."""
    return _relation_actor(actor, tuple(state_sectors))


@lru_cache(maxsize=65536)
def _relation_actor(actor: Actor, state_sectors: tuple[str, ...]) -> RelActor:
    sectors = tuple(actor.sector)
    organ = all(s in state_sectors for s in sectors)
    if actor.kind == "territory":
        if organ and sectors:
            return RelActor(_strip_sectors(actor.id, sectors) or actor.id, actor.name, "territory",
                            actor.country, _strip_sectors(actor.code, sectors))
        return RelActor(actor.id, actor.name, "territory", actor.country, actor.code, sectors)
    acts_for_state = actor.country and organ and (
        actor.kind == "state" or (sectors and actor.kind in ("person", "organization", "unknown"))
    )
    if acts_for_state:
        name = actor.name if actor.kind == "state" else (_country_name(actor.country) or actor.country)
        return RelActor(actor.country, name, "state", actor.country, actor.country)
    if actor.kind == "state":
        # A state's non-state sector (its opposition, rebels, media): a group of its own.
        return RelActor(actor.id, actor.name, "group", actor.country, actor.code, sectors)
    return RelActor(actor.id, actor.name, actor.kind, actor.country, actor.code, sectors)


# ------------------------------------------------------------------ reading a store

_COLUMNS = [
    "reading_id", "event_id", "doc_id", "sentence_index", "evidence_text", "trigger", "published", "event_date",
    "date_range", "cameo_code", "pattern_id", "factuality",
    *[f"{side}_{name}" for side in ("source", "target")
      for name in ("id", "name", "kind", "country", "sector", "code", "contested_with", "title")],
]


def reports_from_store(store: Any, code_prefixes: Iterable[str], batch: int = 50_000) -> Iterator[Report]:
    """The readings whose code starts with one of `code_prefixes`, streamed in batches."""
    prefixes = sorted(set(code_prefixes))
    if not prefixes:
        return
    where = " OR ".join("starts_with(cameo_code, ?)" for _ in prefixes)
    columns = ", ".join(f'"{c}"' for c in _COLUMNS)
    cursor = store.conn.cursor()  # its own cursor: the caller may query the store while this streams
    try:
        cursor.execute("SET enable_progress_bar = false")
        # No ORDER BY: the ledger orders observations itself, and sorting a large table costs memory.
        relation = cursor.sql(f"SELECT {columns} FROM readings WHERE {where}", params=prefixes)
        for record_batch in relation.to_arrow_reader(batch):
            for row in record_batch.to_pylist():
                yield Report.from_row(row)
    finally:
        cursor.close()
