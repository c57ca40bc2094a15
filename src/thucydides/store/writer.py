"""Writing a batch of DocResults and Rejects in one transaction.

A document counts as done (Store.is_done) only once its rows are committed, and a rewritten
doc_id replaces every row of the old version, so a run killed at any instant and started again
leaves each document exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from ..errors import Codes, StoreError
from ..records import DocResult, Reject
from . import merge, rows, schema

DOC_STATUSES = ("ok", "rejected", "skipped", "duplicate")


def validate_batch(results: Sequence[DocResult], rejects: Sequence[Reject]) -> None:
    """Refuse a malformed batch before anything is written (THU-E403 names the document)."""
    seen: set[str] = set()
    for result in results:
        doc = result.doc
        if not doc.doc_id:
            raise StoreError(Codes.E403, "a document has an empty doc_id", doc.path)
        if doc.doc_id in seen:
            raise StoreError(Codes.E403, f"doc_id {doc.doc_id!r} appears twice in one batch", doc.path)
        seen.add(doc.doc_id)
        if doc.status not in DOC_STATUSES:
            raise StoreError(
                Codes.E403, f"unknown document status {doc.status!r} (expected {DOC_STATUSES})", doc.path
            )
        for reading in result.readings:
            if reading.doc_id != doc.doc_id:
                raise StoreError(
                    Codes.E403,
                    f"reading {reading.event_id!r} names doc_id {reading.doc_id!r} but is written with "
                    f"document {doc.doc_id!r}",
                    doc.path,
                )
            if reading.source is None:
                raise StoreError(Codes.E403, f"reading {reading.event_id!r} has no source actor", doc.path)
    for reject in rejects:
        if not reject.path:
            raise StoreError(Codes.E403, f"a reject ({reject.code}) has no path")


def _insert(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    data: pa.Table,
    columns: list[str],
    computed: dict[str, str] | None = None,
) -> None:
    """INSERT the Arrow table's `columns`, plus `computed` columns given as SQL over them."""
    if data.num_rows == 0:
        return
    name = f"_new_{table}"
    conn.register(name, data)
    try:
        computed = computed or {}
        targets = ", ".join(f'"{c}"' for c in [*columns, *computed])
        values = ", ".join([*(f'"{c}"' for c in columns), *computed.values()])
        conn.execute(f"INSERT INTO {table} ({targets}) SELECT {values} FROM {name}")
    finally:
        conn.unregister(name)


def write_batch(
    conn: duckdb.DuckDBPyConnection,
    results: Sequence[DocResult],
    rejects: Sequence[Reject],
    run_id: str,
    coder_version: str,
    key: merge.MergeKey,
) -> None:
    validate_batch(results, rejects)
    now = datetime.now(UTC).replace(tzinfo=None)
    tables = rows.batch_tables(results, coder_version, run_id, now)
    actors = rows.actors_table(results, run_id)
    reject_rows = rows.rejects_table(rejects, run_id, now)
    doc_ids = pa.table({"doc_id": pa.array([r.doc.doc_id for r in results], pa.string())})
    paths = pa.table(
        {"path": pa.array([r.doc.path for r in results] + [r.path for r in rejects], pa.string())}
    )
    key_sql = merge.merge_key_sql(key)

    conn.execute("BEGIN TRANSACTION")
    try:
        conn.register("_batch_docs", doc_ids)
        conn.register("_batch_paths", paths)
        conn.execute("CREATE OR REPLACE TEMP TABLE _affected_events (event_id VARCHAR)")
        # Child rows exist only beside a documents row, so a batch of new documents (a run's usual
        # case) skips the deletes, a scan of every per-document table each.
        rewritten = schema.one(
            conn, "SELECT count(*) FROM documents WHERE doc_id IN (SELECT doc_id FROM _batch_docs)"
        )[0]
        if rewritten:
            for table in schema.PER_DOCUMENT_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM _batch_docs)")
        # A re-run replaces an input's earlier rejection, and a document now read supersedes it. By
        # path only: another file's record that reuses the doc_id must not delete this one's rejects.
        conn.execute("DELETE FROM rejects WHERE path IN (SELECT path FROM _batch_paths)")
        for table, columns in schema.PER_DOCUMENT_TABLES.items():
            names = schema.column_names(columns)
            computed = None
            if table == "readings":
                names = [n for n in names if n not in ("event_id", "merge_key")]
                computed = {"merge_key": key_sql, "event_id": merge.event_id_sql(key_sql)}
            _insert(conn, table, tables[table], names, computed)
        if actors.num_rows:
            conn.register("_new_actors", actors)
            conn.execute("INSERT OR REPLACE INTO actors SELECT * FROM _new_actors")
            conn.unregister("_new_actors")
        _insert(conn, "rejects", reject_rows, schema.column_names(schema.REJECT_COLUMNS))

        # Documents whose event sources change: the batch, and near-duplicates of it that
        # report through their original's readings.
        conn.execute(
            """
            CREATE OR REPLACE TEMP TABLE _refresh_docs AS
            SELECT doc_id FROM _batch_docs
            UNION
            SELECT doc_id FROM documents
            WHERE status = 'duplicate' AND duplicate_of IN (SELECT doc_id FROM _batch_docs)
            """
        )
        merge.refresh_sources(conn, "_refresh_docs")
        conn.execute(
            "CREATE OR REPLACE TEMP TABLE _affected AS SELECT DISTINCT event_id FROM _affected_events"
        )
        merge.recompute_events(conn, "_affected")
        conn.execute("DROP TABLE _refresh_docs")
        conn.execute("DROP TABLE _affected")
        conn.execute("DROP TABLE _affected_events")
        conn.execute("COMMIT")
    except BaseException:
        try:
            conn.execute("ROLLBACK")
        except duckdb.Error:
            pass  # the connection itself failed; the transaction is gone with it
        raise
    finally:
        for name in ("_batch_docs", "_batch_paths"):
            try:
                conn.unregister(name)
            except duckdb.Error:
                pass
