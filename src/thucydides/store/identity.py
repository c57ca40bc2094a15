"""Which versions of documents the store holds under given doc_ids: what a run needs to tell a
document already done from a different record that reuses its id (runner.skip_done)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import duckdb
import pyarrow as pa


class StoredVersion(NamedTuple):
    content_hash: str
    coder_version: str
    path: str


def stored_versions(conn: duckdb.DuckDBPyConnection, doc_ids: Iterable[str]) -> dict[str, StoredVersion]:
    """doc_id -> the stored document's content hash, coder version and path, for those stored."""
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    conn.register("_identity_ids", pa.table({"doc_id": pa.array(ids, pa.string())}))
    try:
        found = conn.execute(
            "SELECT doc_id, content_hash, coder_version, path FROM documents "
            "WHERE doc_id IN (SELECT doc_id FROM _identity_ids)"
        ).fetchall()
    finally:
        conn.unregister("_identity_ids")
    return {row[0]: StoredVersion(row[1] or "", row[2] or "", row[3] or "") for row in found}
