"""The Store: one DuckDB file holding documents, readings, merged events, rejects and runs.

DuckDB allows one writing process per file and, while it writes, no other process can open
the file at all: a run writes in short turns (windows.py, locking.py), a reader waits for a turn
to end and gets THU-E301 naming the cause, instead of DuckDB's lock error, only when it waited in
vain. Within one process, connections to one file share a single database instance.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .. import __version__
from ..errors import Codes, QueryError, StoreError
from ..records import CleanDoc, DocResult, Reading, Reject
from ..settings import load_settings
from . import exports as export_module
from . import locking, merge, query, rows, schema, writer

_LOCKED_HINT = "is being written by a running `thucydides run`; try again when it finishes"
_FOREIGN_HINT = (
    "not a Thucydides database ({what}): refused, and nothing was written to it; give the file "
    "`thucydides run` wrote (or, to `run`, a new file name)"
)
# Runs started by this process and not yet finished: a writer marks every other "running" run
# whose process is gone as interrupted (see Store._mark_interrupted_runs).
_ACTIVE_RUNS: set[str] = set()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _process_start(pid: int) -> str | None:
    """What tells this process from a later one given the same pid (Linux: boot id and start tick)."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()  # after "pid (command) ": state is field 3
    return f"{boot}:{fields[19]}" if len(fields) > 19 else None


def _process_alive(pid: int, started: str | None) -> bool:
    """Whether the process that recorded (pid, started) on this host still runs."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        pass
    except OSError:
        return False
    try:  # a killed child not yet reaped is a zombie: it runs nothing
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat[stat.rfind(")") + 2:].startswith("Z"):
            return False
    except OSError:
        pass
    now = _process_start(pid)
    return started is None or now is None or now == started


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    # No extension is ever downloaded at run time (json and parquet are built into DuckDB), and
    # the database never reads or writes any file but its own: exports are written by pyarrow,
    # and user SQL cannot reach the file system (this cannot be switched back on).
    config = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "enable_external_access": False,
    }
    try:
        conn = duckdb.connect(path, read_only=read_only, config=config)
    except duckdb.IOException as error:
        message = str(error)
        if "lock" in message.lower():
            raise StoreError(Codes.E301, f"{_LOCKED_HINT} ({message})", path) from None
        if "does not exist" in message.lower():
            raise StoreError(Codes.E303, "database file not found", path) from None
        raise StoreError(Codes.E303, f"cannot open the database: {message}", path) from None
    except duckdb.ConnectionException as error:
        # Same process, same file, other mode: the writer here holds it.
        raise StoreError(Codes.E301, f"{_LOCKED_HINT} (in this process: {error})", path) from None
    except duckdb.Error as error:
        raise StoreError(Codes.E303, f"not a Thucydides database: {error}", path) from None
    # Long statements would otherwise draw a progress bar over the CLI's output.
    conn.execute("SET enable_progress_bar = false")
    return conn


def _connect_waiting(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """_connect, retried for up to `wait` seconds while another process holds the file (store/locking.py):
    a reader waits for the write turn to end, a writer for the readers already reading to close."""
    deadline = time.monotonic() + wait
    while True:
        if read_only and not locking.wait_for_read_turn(path, deadline):
            raise StoreError(Codes.E301, f"{_LOCKED_HINT} (waited {wait:g} s)", path)
        try:
            return _connect(path, read_only=read_only)
        except StoreError as error:
            # The other holder in this process (another mode) would wait for itself: refuse at once.
            here = "(in this process:" in error.message or (read_only and locking.held_here(path))
            if error.code != Codes.E301 or here or time.monotonic() >= deadline:
                raise
        time.sleep(locking.POLL_SECONDS)


def _refuse_foreign(conn: duckdb.DuckDBPyConnection, path: str) -> None:
    """THU-E304 for a DuckDB file Thucydides did not create: its tables are someone else's."""
    if schema.is_thucydides(conn):
        return
    tables = schema.user_tables(conn)
    if tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        what = f"it holds {len(tables)} table(s) of its own: {shown}"
    else:
        what = "an empty DuckDB file"
    raise StoreError(Codes.E304, _FOREIGN_HINT.format(what=what), path)


def _run_is_gone(run_id: str, pid: int | None, host: str | None, started: str | None) -> bool:
    """Whether a run recorded as running has no process left to finish it."""
    if run_id in _ACTIVE_RUNS:
        return False
    if pid is None:  # recorded before runs kept their process (migration 0005): long gone
        return True
    return host == socket.gethostname() and (int(pid) == os.getpid() or not _process_alive(int(pid), started))


def _mark_interrupted_runs(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Mark "interrupted" every run still "running" whose process is gone (killed without a chance to
    finish): a run of this host whose pid no longer runs (or runs another program), and a run
    recorded before runs kept their process. Runs of this process that are under way are kept."""
    stale = [
        run_id
        for run_id, pid, host, started in conn.execute(
            "SELECT run_id, pid, host, process_start FROM runs WHERE status = 'running'"
        ).fetchall()
        if _run_is_gone(run_id, pid, host, started)
    ]
    if stale:
        conn.execute(
            f"UPDATE runs SET status = 'interrupted' WHERE run_id IN ({', '.join('?' * len(stale))})", stale
        )
    return stale


class Store:
    """A Thucydides database. Use Store.open(path) (or thucydides.store.open for reading)."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, path: str, read_only: bool):
        self._conn = conn
        self.path = path
        self.read_only = read_only
        self._run_versions: dict[str, str] = {}
        self._merge_key = merge.stored_merge_key(conn)
        self._turn: locking.WriteTurn | None = None  # a writer's turn on the file, released by close()

    # -------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: str | Path,
        read_only: bool = False,
        merge_key: merge.MergeKey | None = None,
        *,
        create: bool = True,
        wait: float | None = None,
    ) -> Store:
        """Open (creating and migrating when writable) a store.

        A reader gets THU-E303 when the file is missing and THU-E301 while a run writes it; an
        older schema is upgraded first (briefly opening it for writing), a newer one refused
        (THU-E302). A DuckDB file that Thucydides did not create (tables, but not ours) is refused
        (THU-E304) by readers and writers alike, and nothing is written to it. A writer creates a
        missing file unless `create` is False (THU-E303), and marks the runs whose process is gone
        as interrupted. `merge_key` sets how readings merge into events for a new database; use
        set_merge_key to change it on an existing one.

        `wait`: seconds to wait while another process holds the file (store/locking.py): a reader
        waits for a run's write turn to end (default locking.READ_WAIT_SECONDS), a writer for readers
        to finish (default 0: THU-E301 at once); a writer holds its turn until close().
        """
        path = str(path)
        in_memory = path == ":memory:"
        if read_only:
            if in_memory:
                raise StoreError(Codes.E403, "an in-memory database cannot be opened read-only", path)
            if not Path(path).exists():
                raise StoreError(Codes.E303, "database file not found", path)
            wait = locking.READ_WAIT_SECONDS if wait is None else wait
            conn = _connect_waiting(path, True, wait)
            try:
                _refuse_foreign(conn, path)
                if schema.pending_migrations(conn, path):
                    conn.close()
                    cls.open(path, read_only=False, wait=wait).close()  # upgrade in place, then read
                    conn = _connect_waiting(path, True, wait)
            except BaseException:
                conn.close()
                raise
            return cls(conn, path, True)
        if not in_memory and not Path(path).exists():
            if not create:
                raise StoreError(Codes.E303, "database file not found", path)
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        turn = None
        if not in_memory:
            turn = locking.take_write_turn(path, wait or 0.0)
            if turn is None:
                raise StoreError(Codes.E301, f"{_LOCKED_HINT} (another writer holds {locking.lock_path(path)})", path)
        try:
            conn = _connect_waiting(path, False, wait or 0.0)
        except BaseException:
            if turn is not None:
                turn.release()
            raise
        try:
            if schema.user_tables(conn):  # an empty file may become a store; another database never
                _refuse_foreign(conn, path)
            new = not schema.applied_migrations(conn)
            schema.migrate(conn, path)
            if new and merge_key is not None:
                merge.save_merge_key(conn, merge_key)
            _mark_interrupted_runs(conn)
            store = cls(conn, path, False)
        except BaseException:
            conn.close()
            if turn is not None:
                turn.release()
            raise
        store._turn = turn
        return store

    def close(self) -> None:
        if self._conn is not None:
            unfinished = [run_id for run_id in self._run_versions if run_id in _ACTIVE_RUNS]
            if unfinished and not self.read_only:
                # A run that stopped on an error or Ctrl+C: say so instead of "running".
                try:
                    self._conn.execute(
                        f"UPDATE runs SET status = 'interrupted' WHERE status = 'running' "
                        f"AND run_id IN ({', '.join('?' * len(unfinished))})",
                        unfinished,
                    )
                except duckdb.Error:  # a failed transaction: the next writer marks it instead
                    pass
            _ACTIVE_RUNS.difference_update(self._run_versions)
            self._conn.close()
            self._conn = None  # type: ignore[assignment]
        if self._turn is not None:
            self._turn.release()
            self._turn = None

    def detach_runs(self) -> None:
        """Let close() leave this store's runs under way: a run that writes in short turns
        (store/windows.py) goes on in the Store of its next turn."""
        self._run_versions.clear()

    def attach_run(self, run_id: str) -> None:
        """Take on a run started by an earlier Store of this process: close() then marks it
        interrupted unless it was finished (or detached again)."""
        self._coder_version(run_id)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def conn(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection (for the web UI and tests); prefer the methods."""
        if self._conn is None:
            raise StoreError(Codes.E403, "the store is closed", self.path)
        return self._conn

    def _writable(self) -> duckdb.DuckDBPyConnection:
        if self.read_only:
            raise StoreError(Codes.E403, "the store was opened read-only", self.path)
        return self.conn

    @property
    def schema_version(self) -> int:
        return len(schema.applied_migrations(self.conn))

    @property
    def merge_key(self) -> merge.MergeKey:
        return self._merge_key

    # -------------------------------------------------------------- runs and writing

    def start_run(self, settings: dict, coder_version: str) -> str:
        conn = self._writable()
        run_id = f"run-{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        pid = os.getpid()
        conn.execute(
            "INSERT INTO runs (run_id, started_at, finished_at, coder_version, thucydides_version, settings, "
            "counts, status, pid, host, process_start) VALUES (?, ?, NULL, ?, ?, ?, NULL, 'running', ?, ?, ?)",
            [run_id, _now(), coder_version, __version__, json.dumps(settings, default=str, sort_keys=True),
             pid, socket.gethostname(), _process_start(pid)],
        )
        self._run_versions[run_id] = coder_version
        _ACTIVE_RUNS.add(run_id)
        return run_id

    def finish_run(self, run_id: str, counts: dict) -> None:
        conn = self._writable()
        self._coder_version(run_id)
        conn.execute(
            "UPDATE runs SET finished_at = ?, counts = ?, status = 'finished' WHERE run_id = ?",
            [_now(), json.dumps(counts, default=str, sort_keys=True), run_id],
        )
        _ACTIVE_RUNS.discard(run_id)

    def _coder_version(self, run_id: str) -> str:
        if run_id not in self._run_versions:
            row = schema.one(self.conn, "SELECT coder_version FROM runs WHERE run_id = ?", [run_id])
            if row is None:
                raise StoreError(Codes.E403, f"unknown run {run_id!r}: call start_run first", self.path)
            self._run_versions[run_id] = row[0]
        return self._run_versions[run_id]

    def is_done(self, doc_id: str, content_hash: str, coder_version: str) -> bool:
        """True when this exact content was committed by this coder version (skip it on re-runs)."""
        row = schema.one(
            self.conn,
            "SELECT 1 FROM documents WHERE doc_id = ? AND content_hash = ? AND coder_version = ?",
            [doc_id, content_hash, coder_version],
        )
        return row is not None

    def done_ids(self, items: Iterable[tuple[str, str]], coder_version: str) -> set[str]:
        """The doc_ids among (doc_id, content_hash) pairs that is_done: one query for a whole batch."""
        pairs = list(items)
        if not pairs:
            return set()
        table = pa.table({"doc_id": [p[0] for p in pairs], "content_hash": [p[1] for p in pairs]})
        self.conn.register("_candidates", table)
        try:
            found = self.conn.execute(
                "SELECT d.doc_id FROM documents d JOIN _candidates c "
                "ON d.doc_id = c.doc_id AND d.content_hash = c.content_hash WHERE d.coder_version = ?",
                [coder_version],
            ).fetchall()
        finally:
            self.conn.unregister("_candidates")
        return {row[0] for row in found}

    def write_batch(self, results: Sequence[DocResult], rejects: Sequence[Reject], run_id: str) -> None:
        """Write documents (replacing earlier versions of their doc_ids), their rows and rejects, and
        update the events they touch, in one transaction."""
        conn = self._writable()
        writer.write_batch(conn, results, rejects, run_id, self._coder_version(run_id), self._merge_key)

    def set_merge_key(self, key: merge.MergeKey) -> None:
        """Change how readings merge into events and rebuild every event (one transaction)."""
        conn = self._writable()
        conn.execute("BEGIN TRANSACTION")
        try:
            merge.save_merge_key(conn, key)
            merge.rebuild_all(conn, key)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._merge_key = key

    def rebuild_events(self) -> None:
        """Recompute every event from the readings (what incremental writes must always equal)."""
        self.set_merge_key(self._merge_key)

    # -------------------------------------------------------------- reading back

    def clean_docs(
        self, coder_version: str | None = None, statuses: Sequence[str] = ("ok", "duplicate")
    ) -> Iterator[CleanDoc]:
        """Stored documents with their cleaned text, stories and paragraphs, for `recode`.

        With `coder_version`, documents already coded by it are skipped, so a killed recode
        resumes where it stopped. Streams in doc_id order, a few hundred documents at a time.
        """
        last = ""
        marks = ", ".join("?" * len(statuses))
        while True:
            params: list[Any] = [last, *statuses]
            extra = ""
            if coder_version is not None:
                extra = " AND coder_version IS DISTINCT FROM ?"
                params.append(coder_version)
            docs = query.fetch_table(
                self.conn,
                f"SELECT * FROM documents WHERE doc_id > ? AND status IN ({marks}){extra} ORDER BY doc_id LIMIT 200",
                params,
            ).to_pylist()
            if not docs:
                return
            ids = [d["doc_id"] for d in docs]
            stories = self._rows_by_doc("stories", ids)
            paragraphs = self._rows_by_doc("paragraphs", ids)
            for doc in docs:
                yield rows.clean_doc_from_rows(
                    doc, stories.get(doc["doc_id"], []), paragraphs.get(doc["doc_id"], [])
                )
            last = ids[-1]

    def _rows_by_doc(self, table: str, doc_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        marks = ", ".join("?" * len(doc_ids))
        found = query.fetch_table(self.conn, f"SELECT * FROM {table} WHERE doc_id IN ({marks})", doc_ids)
        grouped: dict[str, list[dict[str, Any]]] = {}
        for row in found.to_pylist():
            grouped.setdefault(row["doc_id"], []).append(row)
        return grouped

    def readings_of(self, doc_id: str) -> list[Reading]:
        """The Readings stored for a document, rebuilt as records, in their original order."""
        found = query.fetch_table(
            self.conn, "SELECT * FROM readings WHERE doc_id = ? ORDER BY reading_index", [doc_id]
        )
        return [rows.reading_from_row(row) for row in found.to_pylist()]

    # -------------------------------------------------------------- queries

    def events(
        self,
        *,
        actor: Any = None,
        dyad: Any = None,
        country: Any = None,
        code: Any = None,
        root: Any = None,
        quad_class: Any = None,
        since: Any = None,
        until: Any = None,
        factuality: Any = None,
        place: Any = None,
        text: Any = None,
        doc_id: Any = None,
        event_id: Any = None,
        limit: int | None = None,
        offset: int = 0,
        table: str = "events",
        columns: Sequence[str] | None = None,
    ) -> pa.Table:
        """Merged events (or, with table="readings", readings) matching every filter given.

        actor: id, code, country or name on either side (events: of any merged reading);
        dyad: "SOURCE>TARGET" or a pair; country: ISO3 on either side; code: CAMEO code prefix(es);
        root, quad_class, factuality: one value or a list; since/until: YYYY[-MM[-DD]] on the event
        day; place: location name, admin1 or country; text: words in the evidence sentence;
        doc_id: reported by that document; columns: only these columns (default: all).
        Ordered by event day then id (readings: by document).
        """
        return query.select_events(
            self.conn,
            table,
            limit,
            offset,
            columns,
            actor=actor,
            dyad=dyad,
            country=country,
            code=code,
            root=root,
            quad_class=quad_class,
            since=since,
            until=until,
            factuality=factuality,
            place=place,
            text=text,
            doc_id=doc_id,
            event_id=event_id,
        )

    def records(
        self, table: str = "events", *, no_text: bool = False, **filters: Any
    ) -> Iterator[dict[str, Any]]:
        """Events or readings as event-schema dicts (nested, like the JSONL export), streamed; takes
        the filters, limit and offset of events()."""
        return export_module.native_records(self.conn, table, no_text=no_text, **filters)

    def readings(self, **filters: Any) -> pa.Table:
        return self.events(table="readings", **filters)

    def documents(
        self,
        *,
        status: Any = None,
        source: Any = None,
        since: Any = None,
        until: Any = None,
        text: Any = None,
        doc_id: Any = None,
        run_id: Any = None,
        include_text: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> pa.Table:
        """Documents (metadata; the cleaned text with include_text) matching every filter given."""
        return query.select_documents(
            self.conn,
            limit,
            offset,
            include_text,
            status=status,
            source=source,
            since=since,
            until=until,
            text=text,
            doc_id=doc_id,
            run_id=run_id,
        )

    def rejects(self, run_id: str | None = None, code: str | None = None) -> pa.Table:
        where = query.Where()
        if run_id is not None:
            where.add("run_id = ?", run_id)
        if code is not None:
            where.add("code = ?", code)
        return query.fetch_table(
            self.conn, f"SELECT * FROM rejects {where.sql()} ORDER BY path", where.params
        )

    def runs(self) -> pa.Table:
        """Every run, oldest first. A run still recorded as running whose process is gone (killed
        without a chance to finish) reads as interrupted here, before the next writer records it so."""
        table = query.fetch_table(self.conn, "SELECT * FROM runs ORDER BY started_at")
        statuses = [
            "interrupted" if row["status"] == "running"
            and _run_is_gone(row["run_id"], row["pid"], row["host"], row["process_start"]) else row["status"]
            for row in table.select(["run_id", "status", "pid", "host", "process_start"]).to_pylist()
        ]
        index = table.column_names.index("status")
        return table.set_column(index, "status", pa.array(statuses, pa.string()))

    def stats(
        self, freq: str = "day", by: str | None = "quad_class", table: str = "events", **filters: Any
    ) -> pa.Table:
        """Per period (day, week, month, year) and group (quad_class, dyad, root, code, factuality,
        country or None): events, mentions, articles, goldstein_sum, goldstein_mean."""
        return query.select_stats(self.conn, freq, by, table, **filters)

    def counts(self) -> dict[str, int]:
        """Rows per table, and documents per status: what `thucydides status` prints."""
        out = {}
        for table in [*schema.PER_DOCUMENT_TABLES, "events", "event_sources", "actors", "rejects", "runs"]:
            out[table] = schema.one(self.conn, f"SELECT count(*) FROM {table}")[0]
        for status, n in self.conn.execute(
            "SELECT status, count(*) FROM documents GROUP BY status"
        ).fetchall():
            out[f"documents_{status}"] = n
        return out

    def sql(
        self, query_text: str, *, time_limit: float | None = None, memory_limit: str | None = None
    ) -> pa.Table:
        """Run read-only SQL (SELECT only; no file access); THU-E401 for anything else.

        The query stops with THU-E404 after `time_limit` seconds and with THU-E405 when it (or its
        result) needs more than `memory_limit` ("2GB", "500MB"); the defaults are the settings
        sql.time_limit_seconds and sql.memory_limit (0 or "" for no limit).
        """
        if time_limit is None or memory_limit is None:
            defaults = load_settings().get("sql", {})
            time_limit = defaults.get("time_limit_seconds", 60) if time_limit is None else time_limit
            memory_limit = defaults.get("memory_limit", "2GB") if memory_limit is None else memory_limit
        try:
            seconds = float(time_limit or 0)
        except (TypeError, ValueError):
            raise QueryError(Codes.E403, f"the SQL time limit must be a number of seconds, not {time_limit!r}") from None
        return query.run_sql(
            self.conn, query_text, writable=not self.read_only,
            time_limit=seconds or None, memory_limit=str(memory_limit or "") or None,
        )

    def export(
        self,
        *,
        table: str = "events",
        format: str = "jsonl",
        out: str | Path,
        layout: str = "native",
        no_text: bool = False,
        **filters: Any,
    ) -> int:
        """See thucydides.store.export."""
        return export_module.export_from(
            self.conn, table=table, format=format, out=out, layout=layout, no_text=no_text, **filters
        )


# ------------------------------------------------------------------ module-level API (one per CLI command)


def open(path: str | Path) -> Store:
    """Open a database for reading: `thucydides.open(db).events(...).to_pandas()`."""
    return Store.open(path, read_only=True)


def export(
    db_path: str | Path,
    *,
    table: str = "events",
    format: str = "jsonl",
    out: str | Path,
    layout: str = "native",
    no_text: bool = False,
    **filters: Any,
) -> int:
    """Export a table of the database at `db_path` to `out` (a file, or "-" for stdout); returns rows
    written. Filters are those of Store.events (events, readings) or Store.documents (documents)."""
    with Store.open(db_path, read_only=True) as store:
        return store.export(table=table, format=format, out=out, layout=layout, no_text=no_text, **filters)


def events(db_path: str | Path, **filters: Any) -> pa.Table:
    with Store.open(db_path, read_only=True) as store:
        return store.events(**filters)


def documents(db_path: str | Path, **filters: Any) -> pa.Table:
    with Store.open(db_path, read_only=True) as store:
        return store.documents(**filters)


def stats(db_path: str | Path, freq: str = "day", by: str | None = "quad_class", **filters: Any) -> pa.Table:
    with Store.open(db_path, read_only=True) as store:
        return store.stats(freq=freq, by=by, **filters)


def sql(
    db_path: str | Path, query_text: str, *, time_limit: float | None = None, memory_limit: str | None = None
) -> pa.Table:
    with Store.open(db_path, read_only=True) as store:
        return store.sql(query_text, time_limit=time_limit, memory_limit=memory_limit)


__all__ = ["Store", "open", "export", "events", "documents", "stats", "sql", "QueryError"]
