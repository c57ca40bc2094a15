"""The store: a DuckDB database of documents, readings, merged events, rejects and runs.

    from thucydides.store import Store, open, export
    with Store.open("news.duckdb") as store:          # writer (one process at a time)
        run_id = store.start_run(settings, coder_version)
        store.write_batch(results, rejects, run_id)   # one transaction per batch
        store.finish_run(run_id, counts)
    open("news.duckdb").events(dyad="RUS>GEO").to_pandas()   # reader
    export("news.duckdb", table="events", format="parquet", out="events.parquet")

Schema and migrations: schema.py and docs/SCHEMA.md; merging readings into events: merge.py.
"""

from .api import Store, documents, events, export, open, sql, stats
from .merge import MergeKey
from .schema import SCHEMA_VERSION

__all__ = ["Store", "MergeKey", "SCHEMA_VERSION", "open", "export", "events", "documents", "stats", "sql"]
