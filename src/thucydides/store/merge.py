"""Merging readings into events (CODING.md, "Readings and events"), incrementally.

A reading's merge key is computed in SQL when it is written, and the event id is a hash of
that key, so the same report always lands in the same event across runs and machines.
Events are never edited in place: after a batch, the events its documents touched are
recomputed from `event_sources` (one row per reporting document and reading), which keeps a
batch's cost proportional to the batch, not to the store.

A near-duplicate document (status "duplicate", `duplicate_of` set) that was not coded itself
reports its original's readings: it adds a source row per reading, hence one more article (and
outlet, when it is another outlet), never a new event.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import duckdb

from ..errors import Codes, QueryError
from . import schema
from .schema import sources_list_sql

ACTOR_GRAINS = ("country", "code", "id")
CODE_GRAINS = ("code", "base", "root")


@dataclass(frozen=True)
class MergeKey:
    """What makes two readings the same event.

    actors: "country" (default; an actor without a country by its id), "code" (finer: RUSGOV and
    RUSMIL differ; falls back to country, then id) or "id" (finest: the knowledge-base actor).
    code: "code" (the full CAMEO code, default), "base" (3 digits) or "root" (2 digits: coarser).
    window_days: 1 merges same-day readings; N > 1 merges readings whose day falls in the same
    N-day bucket counted from 1970-01-01 (fixed buckets keep event ids stable under incremental
    writes; two reports a day apart can still straddle a boundary). Month- and year-precision
    dates are never bucketed.
    """

    actors: str = "country"
    code: str = "code"
    window_days: int = 1

    def __post_init__(self) -> None:
        if self.actors not in ACTOR_GRAINS:
            raise QueryError(
                Codes.E403, f"merge key actors must be one of {ACTOR_GRAINS}, not {self.actors!r}"
            )
        if self.code not in CODE_GRAINS:
            raise QueryError(Codes.E403, f"merge key code must be one of {CODE_GRAINS}, not {self.code!r}")
        if not isinstance(self.window_days, int) or self.window_days < 1:
            raise QueryError(
                Codes.E403, f"merge key window_days must be a positive integer, not {self.window_days!r}"
            )

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MergeKey:
        return cls(**json.loads(text))


def _actor_sql(prefix: str, grain: str) -> str:
    if grain == "country":
        return f"coalesce({prefix}_country, {prefix}_id)"
    if grain == "code":
        return f"coalesce({prefix}_code, {prefix}_country, {prefix}_id)"
    return f"{prefix}_id"


def merge_key_sql(key: MergeKey) -> str:
    """SQL expression of the merge key over a relation with the readings' flat columns.

    Only validated enum values and an int reach the SQL text.
    """
    code = {"code": "cameo_code", "base": "left(cameo_code, 3)", "root": "cameo_root"}[key.code]
    if key.window_days == 1:
        day = "coalesce(event_date, '')"
    else:
        n = int(key.window_days)
        day = (
            "CASE WHEN event_day IS NOT NULL AND length(event_date) = 10 THEN "
            f"strftime(DATE '1970-01-01' + CAST(floor((event_day - DATE '1970-01-01') / {n}) * {n} AS INTEGER), "
            f"'%Y-%m-%d') || '/{n}d' ELSE coalesce(event_date, '') END"
        )
    source = _actor_sql("source", key.actors)
    target = f"coalesce({_actor_sql('target', key.actors)}, '-')"
    return f"concat_ws('|', {source}, {target}, {code}, {day})"


def event_id_sql(key_sql: str) -> str:
    # 80 bits of sha256: collisions stay improbable (~1e-9) even at billions of events.
    return f"'ev-' || left(sha256({key_sql}), 20)"


def stored_merge_key(conn: duckdb.DuckDBPyConnection) -> MergeKey:
    row = schema.one(conn, "SELECT value FROM store_settings WHERE key = 'merge_key'")
    return MergeKey.from_json(row[0]) if row else MergeKey()


def save_merge_key(conn: duckdb.DuckDBPyConnection, key: MergeKey) -> None:
    conn.execute("INSERT OR REPLACE INTO store_settings VALUES ('merge_key', ?)", [key.to_json()])


# ------------------------------------------------------------------ refreshing events


_SOURCE_COLS = ", ".join(schema.column_names(schema.EVENT_SOURCE_COLUMNS))
_EVENT_COLS = schema.column_names(schema.EVENT_COLUMNS)


def refresh_sources(conn: duckdb.DuckDBPyConnection, docs_relation: str) -> None:
    """Recompute event_sources of the documents listed in `docs_relation` (a table with doc_id).

    Adds the touched event ids (before and after) to the temp table _affected_events.
    """
    conn.execute(
        f"INSERT INTO _affected_events SELECT DISTINCT event_id FROM event_sources "
        f"WHERE doc_id IN (SELECT doc_id FROM {docs_relation})"
    )
    conn.execute(f"DELETE FROM event_sources WHERE doc_id IN (SELECT doc_id FROM {docs_relation})")
    conn.execute(
        f"""
        INSERT INTO event_sources ({_SOURCE_COLS})
        SELECT r.event_id, r.doc_id, r.doc_id, r.reading_index, r.reading_id, d.outlet, d.url,
               coalesce(r.published, d.published), r.story_index, r.sentence_index, r.mentions,
               r.source_id, r.target_id, NULL
        FROM readings r JOIN documents d ON d.doc_id = r.doc_id
        WHERE r.doc_id IN (SELECT doc_id FROM {docs_relation})
        UNION ALL
        SELECT r.event_id, dup.doc_id, r.doc_id, r.reading_index, r.reading_id, dup.outlet, dup.url,
               coalesce(dup.published, r.published), r.story_index, r.sentence_index, r.mentions,
               r.source_id, r.target_id, dup.duplicate_of
        FROM documents dup JOIN readings r ON r.doc_id = dup.duplicate_of
        WHERE dup.doc_id IN (SELECT doc_id FROM {docs_relation})
          AND dup.status = 'duplicate' AND dup.n_readings = 0 AND dup.doc_id <> dup.duplicate_of
        """
    )
    conn.execute(
        f"INSERT INTO _affected_events SELECT DISTINCT event_id FROM event_sources "
        f"WHERE doc_id IN (SELECT doc_id FROM {docs_relation})"
    )


def recompute_events(conn: duckdb.DuckDBPyConnection, affected_relation: str | None) -> None:
    """Rebuild the events listed in `affected_relation` (a table with event_id; None = all)."""
    where = f"WHERE event_id IN (SELECT event_id FROM {affected_relation})" if affected_relation else ""
    conn.execute(f"DELETE FROM events {where}")
    rep_columns = [c for c in schema.column_names(schema.READING_COLUMNS)]
    select_rep = ", ".join(f"r.{c}" for c in rep_columns)
    # The representative is the earliest report: own readings before inherited ones, then by
    # publication (unknown last), document, story, sentence.
    conn.execute(
        f"""
        INSERT INTO events ({", ".join(_EVENT_COLS)})
        WITH agg AS (
            SELECT event_id,
                   sum(mentions) AS num_mentions,
                   count(DISTINCT doc_id) AS num_articles,
                   count(DISTINCT coalesce(outlet, '')) AS num_sources,
                   min(published) AS first_reported,
                   max(published) AS last_reported,
                   arg_min(struct_pack(d := reading_doc_id, i := reading_index),
                           struct_pack(inherited := duplicate_of IS NOT NULL,
                                       published := coalesce(published, '9999'),
                                       d := reading_doc_id, s := story_index,
                                       n := sentence_index, i := reading_index)) AS rep,
                   {sources_list_sql()} AS sources
            FROM event_sources {where}
            GROUP BY event_id
        )
        SELECT {select_rep}, agg.num_mentions, agg.num_articles, agg.num_sources,
               agg.first_reported, agg.last_reported, agg.sources
        FROM agg JOIN readings r ON r.doc_id = agg.rep.d AND r.reading_index = agg.rep.i
        """
    )


def rebuild_all(conn: duckdb.DuckDBPyConnection, key: MergeKey) -> None:
    """Re-key every reading with `key` and rebuild event_sources and events from scratch.

    The caller holds the transaction.
    """
    key_sql = merge_key_sql(key)
    conn.execute(f"UPDATE readings SET merge_key = {key_sql}, event_id = {event_id_sql(key_sql)}")
    conn.execute("DELETE FROM event_sources")
    conn.execute("CREATE OR REPLACE TEMP TABLE _all_docs AS SELECT doc_id FROM documents")
    conn.execute("CREATE OR REPLACE TEMP TABLE _affected_events (event_id VARCHAR)")
    refresh_sources(conn, "_all_docs")
    recompute_events(conn, None)
    conn.execute("DROP TABLE _all_docs")
    conn.execute("DROP TABLE _affected_events")
