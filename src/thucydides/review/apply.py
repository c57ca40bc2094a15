"""Corrections applied to what a read-only connection sees: temporary views named `readings`, `events`
and `event_sources` shadow the stored tables for that connection only, so every query, page and
export reads the corrected data through the SQL it already runs, and the file stays untouched.

In those views a reading or event judged right carries `corrected = 'confirmed'`, one corrected
carries `'changed'` (its code, actors, date or factuality replaced), an event added by a researcher
`'added'`; rows nobody reviewed have NULL. A reading judged wrong is gone, and so is an event all of
whose readings were judged wrong. A corrected reading corrects its event (the event takes the
correction of its representative reading, else of another of its readings); events are not merged
anew, but an event losing reports judged wrong has its reports and counts computed again.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..knowledge.ontology import default_ontology
from ..store import Store
from ..store import open as open_store
from ..store.query import fetch_table
from .anchoring import Resolution, resolve
from .corrections import Correction, CorrectionStore

ACTOR_PARTS = ("id", "name", "text", "kind", "country", "sector", "code", "contested_with", "title", "country_basis")
STATUS = {"right": "confirmed", "fix": "changed", "add": "added"}
OVERLAID = ("readings", "events", "event_sources")


def catalog_of(conn: duckdb.DuckDBPyConnection) -> str:
    return conn.execute("SELECT current_database()").fetchone()[0]


def open_corrected(db: str | Path, *, apply: bool = True) -> Store:
    """The database at `db`, read-only, with its corrections applied (when it has any and `apply`).
    `store.resolution` keeps what install() found (None when nothing was applied)."""
    store = open_store(db)
    store.resolution = None  # type: ignore[attr-defined]
    if apply:
        book = CorrectionStore(db)
        if book.exists():
            try:
                store.resolution = install(store.conn, book.effective())  # type: ignore[attr-defined]
            except BaseException:
                store.close()
                raise
    return store


def _hash(*parts: Any) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def added_ids(correction: Correction) -> tuple[str, str]:
    """The reading id and event id an added event carries (stable: derived from its key)."""
    digest = _hash(correction.key)
    return f"rd-review-{digest}", f"ev-review-{digest}"


# ------------------------------------------------------------------ changing rows


def _precision(value: str) -> str:
    return {4: "year", 7: "month"}.get(len(value), "day")


def _first_day(value: str | None) -> date | None:
    if not value:
        return None
    parts = [int(p) for p in value[:10].split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def change_row(row: dict[str, Any], changes: dict[str, Any], status: str) -> dict[str, Any]:
    """A flat reading or event row with a correction's changes made (a copy)."""
    row = dict(row)
    ontology = default_ontology()
    if changes.get("code"):
        cameo = ontology.cameo(changes["code"])
        plover = ontology.plover(changes["code"])
        row.update(cameo_code=cameo.code, cameo_root=cameo.root, cameo_name=cameo.name, goldstein=cameo.goldstein,
                   quad_class=cameo.quad_class, plover_type=plover.type if plover else None,
                   plover_mode=plover.mode if plover else None,
                   plover_contexts=list(plover.contexts) if plover else None)
    for role in ("source", "target"):
        if role not in changes or (role == "source" and not changes[role]):
            continue
        actor = changes[role]
        same = actor is not None and actor.get("id") == row.get(f"{role}_id")
        for part in ACTOR_PARTS:
            if part == "text":
                value = row.get(f"{role}_text") if same else None
            elif actor is None:
                value = None
            else:
                value = actor.get(part)
                if part in ("sector", "contested_with"):
                    value = list(value or [])
            row[f"{role}_{part}"] = value
    if changes.get("event_date"):
        value = changes["event_date"]
        row.update(event_date=value, event_day=_first_day(value), date_precision=_precision(value),
                   date_basis="review", date_range=None)
    if changes.get("factuality"):
        row["factuality"] = changes["factuality"]
    row["corrected"] = status
    if "record_json" in row and row["record_json"]:
        row["record_json"] = json.dumps(change_record(json.loads(row["record_json"]), row, status),
                                        ensure_ascii=False)
    return row


def _actor_dict(row: dict[str, Any], role: str) -> dict[str, Any] | None:
    if row.get(f"{role}_id") is None:
        return None
    out = {"name": row.get(f"{role}_name"), "text": row.get(f"{role}_text") or row.get(f"{role}_name"),
           "id": row.get(f"{role}_id"), "kind": row.get(f"{role}_kind"), "country": row.get(f"{role}_country"),
           "sector": list(row.get(f"{role}_sector") or []), "code": row.get(f"{role}_code")}
    for extra in ("contested_with", "title", "country_basis"):
        if row.get(f"{role}_{extra}"):
            out[extra] = row[f"{role}_{extra}"]
    return out


def change_record(record: dict[str, Any], row: dict[str, Any], status: str) -> dict[str, Any]:
    """A reading's exported record (Reading.to_dict()) made to agree with its corrected flat row."""
    record.update(
        event_date=row.get("event_date"), date_range=row.get("date_range"), date_precision=row.get("date_precision"),
        date_basis=row.get("date_basis"), factuality=row.get("factuality"),
        source=_actor_dict(row, "source"), target=_actor_dict(row, "target"),
        cameo={"code": row.get("cameo_code"), "root": row.get("cameo_root"), "name": row.get("cameo_name"),
               "goldstein": row.get("goldstein"), "quad_class": row.get("quad_class")},
        plover=({"type": row["plover_type"], "mode": row.get("plover_mode"),
                 "contexts": list(row.get("plover_contexts") or [])} if row.get("plover_type") else None),
        corrected=status,
    )
    return record


def added_row(correction: Correction, doc: dict[str, Any], story_start: int, index: int) -> dict[str, Any]:
    """The reading row of an event a researcher added."""
    anchor = correction.anchor
    sentence = anchor.get("sentence") or {}
    reading_id, event_id = added_ids(correction)
    published = doc.get("published")
    value = correction.changes.get("event_date") or (published[:10] if published else None)
    row: dict[str, Any] = {
        "reading_id": reading_id, "event_id": event_id, "merge_key": "review", "doc_id": correction.doc_id,
        "reading_index": 100_000 + index, "story_index": anchor.get("story_index") or 0,
        "sentence_index": anchor.get("sentence_index"), "evidence_text": sentence.get("text"),
        "evidence_start": sentence["start"] - story_start, "evidence_end": sentence["end"] - story_start,
        "doc_start": sentence.get("start"), "doc_end": sentence.get("end"),
        "trigger": (anchor.get("trigger") or {}).get("text"), "published": published,
        "date_basis": "review" if correction.changes.get("event_date") else ("publication" if value else "none"),
        "date_precision": _precision(value) if value else "unknown", "event_date": value,
        "event_day": _first_day(value), "factuality": "asserted", "mentions": 1, "pattern_id": "review",
        "coder_version": "review",
    }
    changes = {k: v for k, v in correction.changes.items() if k != "event_date"}
    row = change_row(row, changes, "added")
    record = {"event_id": reading_id, "doc_id": correction.doc_id, "story_index": row["story_index"],
              "sentence_index": row["sentence_index"],
              "evidence": {"text": row["evidence_text"], "start": row["evidence_start"], "end": row["evidence_end"],
                           "trigger": row["trigger"], "doc_start": row["doc_start"], "doc_end": row["doc_end"]},
              "published": published, "date_expression": None, "location": None, "mentions": 1, "quote": None,
              "pattern_id": "review", "coder_version": "review", "killed": None, "injured": None, "arrested": None}
    row["record_json"] = json.dumps(change_record(record, row, "added"), ensure_ascii=False)
    return row


def without_reports(event: dict[str, Any], wrong: set[str]) -> dict[str, Any]:
    """An event row without the reports whose readings were judged wrong: its sources list and the
    counts over it (mentions, articles, outlets, first and last reported) computed again."""
    sources = [s for s in event.get("sources") or [] if s.get("reading_id") not in wrong]
    published = sorted(s["published"] for s in sources if s.get("published"))
    return dict(event, sources=sources, num_mentions=sum(s.get("mentions") or 0 for s in sources),
                num_articles=len({s.get("doc_id") for s in sources}),
                num_sources=len({s.get("outlet") or "" for s in sources}),
                first_reported=published[0] if published else None, last_reported=published[-1] if published else None)


# ------------------------------------------------------------------ the overlay


def _rows(conn: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return fetch_table(conn, sql, params).to_pylist()


def _schema(conn: duckdb.DuckDBPyConnection, table: str, corrected: bool = True) -> pa.Schema:
    schema = fetch_table(conn, f"SELECT * FROM {table} LIMIT 0").schema
    return schema.append(pa.field("corrected", pa.string())) if corrected else schema


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values)) or "NULL"


def install(conn: duckdb.DuckDBPyConnection, corrections: list[Correction]) -> Resolution:
    """Apply corrections to this connection's view of the database (see the module's text)."""
    catalog = catalog_of(conn)
    main = f'"{catalog}".main'
    resolution = resolve(conn, corrections, catalog)
    by_reading = resolution.by_reading()
    ids = sorted(by_reading)
    reading_rows = _rows(conn, f"SELECT * FROM {main}.readings WHERE reading_id IN ({_marks(ids)})", ids) if ids else []
    new_readings = []
    for row in reading_rows:
        correction = by_reading[row["reading_id"]]
        if correction.action != "wrong":
            new_readings.append(change_row(row, correction.changes if correction.action == "fix" else {},
                                           STATUS[correction.action]))
    wrong = sorted(r for r, c in by_reading.items() if c.action == "wrong")

    # events touched by a verdict: dropped when every reading is wrong, else corrected by one of them
    event_ids = sorted({row["event_id"] for row in reading_rows if row.get("event_id")})
    new_events: list[dict[str, Any]] = []
    if event_ids:
        members: dict[str, list[str]] = {}
        for reading_id, event_id in conn.execute(
            f"SELECT reading_id, event_id FROM {main}.readings WHERE event_id IN ({_marks(event_ids)}) "
            "ORDER BY doc_id, reading_index", event_ids
        ).fetchall():
            members.setdefault(event_id, []).append(reading_id)
        for event in _rows(conn, f"SELECT * FROM {main}.events WHERE event_id IN ({_marks(event_ids)})", event_ids):
            alive = [r for r in members.get(event["event_id"], []) if r not in wrong]
            if not alive:
                continue
            ordered = [event.get("reading_id"), *alive]
            chosen = next((by_reading[r] for r in ordered if r in by_reading and r in alive), None)
            if len(alive) < len(members.get(event["event_id"], [])):
                event = without_reports(event, set(wrong))
            if chosen is None:
                new_events.append(dict(event, corrected="changed"))  # some reports judged wrong
            else:
                new_events.append(change_row(event, chosen.changes if chosen.action == "fix" else {},
                                             STATUS[chosen.action]))

    # events the coder missed
    added_readings, added_events, added_sources = [], [], []
    if resolution.added:
        docs = sorted({c.doc_id for c in resolution.added})
        stories = {(d, s): start for d, s, start in conn.execute(
            f"SELECT doc_id, story_index, start_char FROM {main}.stories WHERE doc_id IN ({_marks(docs)})", docs
        ).fetchall()}
        outlets = {d: (o, u) for d, o, u in conn.execute(
            f"SELECT doc_id, outlet, url FROM {main}.documents WHERE doc_id IN ({_marks(docs)})", docs).fetchall()}
        for index, correction in enumerate(resolution.added):
            doc = resolution.docs[correction.doc_id]
            story_start = stories.get((correction.doc_id, correction.anchor.get("story_index") or 0), 0) or 0
            row = added_row(correction, doc, story_start, index)
            added_readings.append(row)
            outlet, url = outlets.get(correction.doc_id, (None, None))
            source = {"doc_id": row["doc_id"], "outlet": outlet, "url": url, "published": row["published"],
                      "story_index": row["story_index"], "sentence_index": row["sentence_index"],
                      "reading_id": row["reading_id"], "mentions": 1, "source": row.get("source_id"),
                      "target": row.get("target_id"), "duplicate_of": None}
            event = {k: v for k, v in row.items() if k != "record_json"}
            event.update(num_mentions=1, num_articles=1, num_sources=1, first_reported=row["published"],
                         last_reported=row["published"], sources=[source])
            added_events.append(event)
            added_sources.append({"event_id": row["event_id"], "doc_id": row["doc_id"],
                                  "reading_doc_id": row["doc_id"], "reading_index": row["reading_index"],
                                  "reading_id": row["reading_id"], "outlet": outlet, "url": url,
                                  "published": row["published"], "story_index": row["story_index"],
                                  "sentence_index": row["sentence_index"], "mentions": 1,
                                  "source_id": row.get("source_id"), "target_id": row.get("target_id"),
                                  "duplicate_of": None})

    _temp_table(conn, "_review_readings", _schema(conn, f"{main}.readings"), new_readings + added_readings)
    _temp_table(conn, "_review_events", _schema(conn, f"{main}.events"), new_events + added_events)
    _temp_table(conn, "_review_sources", _schema(conn, f"{main}.event_sources", corrected=False), added_sources)
    _temp_table(conn, "_review_touched", pa.schema([("id", pa.string())]),
                [{"id": i} for i in sorted(set(ids) | set(event_ids))])
    _temp_table(conn, "_review_wrong", pa.schema([("id", pa.string())]), [{"id": i} for i in wrong])
    conn.execute(f"""CREATE OR REPLACE TEMP VIEW readings AS
        SELECT *, CAST(NULL AS VARCHAR) AS corrected FROM {main}.readings
        WHERE reading_id NOT IN (SELECT id FROM temp._review_touched)
        UNION ALL BY NAME SELECT * FROM temp._review_readings""")
    conn.execute(f"""CREATE OR REPLACE TEMP VIEW events AS
        SELECT *, CAST(NULL AS VARCHAR) AS corrected FROM {main}.events
        WHERE event_id NOT IN (SELECT id FROM temp._review_touched)
        UNION ALL BY NAME SELECT * FROM temp._review_events""")
    conn.execute(f"""CREATE OR REPLACE TEMP VIEW event_sources AS
        SELECT * FROM {main}.event_sources
        WHERE reading_id IS NULL OR reading_id NOT IN (SELECT id FROM temp._review_wrong)
        UNION ALL BY NAME SELECT * FROM temp._review_sources""")
    return resolution


def _temp_table(conn: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema, rows: list[dict[str, Any]]) -> None:
    table = pa.Table.from_pylist(rows, schema=schema)
    view = f"{name}_arrow"
    conn.register(view, table)
    try:
        conn.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {view}")
    finally:
        conn.unregister(view)
