"""Queries over the store: filtered events and readings, documents, time-series stats, read-only SQL.

Every filter becomes a parameterised SQL condition (values never enter the SQL text);
argument errors are THU-E403, refused SQL THU-E401.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import Codes, QueryError

FACTUALITIES = ("asserted", "negated", "intended", "future", "hypothetical", "reported_claim")
TABLES = ("events", "readings")
FREQUENCIES = ("day", "week", "month", "year")
STATS_GROUPS = ("quad_class", "dyad", "root", "code", "factuality", "country", None)
DOC_STATUSES = ("ok", "rejected", "skipped", "duplicate")


def fetch_table(conn: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pa.Table:
    """A query's rows as an Arrow table (through a relation: no extra copy; DuckDB 2 names)."""
    relation = conn.sql(sql, params=params or None)
    method = getattr(relation, "to_arrow_table", None) or relation.arrow
    return method()


def fetch_reader(
    conn: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None, batch_rows: int
) -> pa.RecordBatchReader:
    """A query's rows as a stream of Arrow batches, so exports run in constant memory."""
    relation = conn.sql(sql, params=params or None)
    method = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
    return method(batch_rows)


@dataclass
class Where:
    """Conditions joined by AND, with their positional parameters."""

    conditions: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def sql(self) -> str:
        return ("WHERE " + " AND ".join(f"({c})" for c in self.conditions)) if self.conditions else ""


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | int | float):
        return [value]
    return list(value)


def parse_day(value: Any, name: str) -> date:
    """A YYYY-MM-DD / YYYY-MM / YYYY argument (or a date) as its first day."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match:
        raise QueryError(Codes.E403, f"{name} must be a date YYYY-MM-DD (or YYYY-MM, YYYY), not {value!r}")
    year, month, day = match.groups()
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise QueryError(Codes.E403, f"{name} {value!r} is not a calendar date: {error}") from None


def _period_end(value: Any, name: str) -> date:
    """Last day an `until` argument covers ("2008-09" covers the whole of September)."""
    first = parse_day(value, name)
    text = str(value).strip() if not isinstance(value, date) else value.isoformat()
    if len(text) == 4:
        return date(first.year, 12, 31)
    if len(text) == 7:
        following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return first


def period_end(value: Any, name: str) -> date:
    """The last day a YYYY[-MM[-DD]] argument covers."""
    return _period_end(value, name)


def parse_dyad(dyad: Any) -> tuple[str, str]:
    """("RUS", "GEO"), "RUS>GEO", "RUS,GEO" or "RUS-GEO" (when neither side contains '-')."""
    if isinstance(dyad, list | tuple) and len(dyad) == 2:
        return str(dyad[0]), str(dyad[1])
    if isinstance(dyad, str):
        for separator in (">", ","):
            if separator in dyad:
                parts = dyad.split(separator)
                break
        else:
            parts = dyad.split("-")
        if len(parts) == 2 and all(p.strip() for p in parts):
            return parts[0].strip(), parts[1].strip()
    raise QueryError(Codes.E403, f"dyad must be SOURCE>TARGET (e.g. RUS>GEO), not {dyad!r}")


def _actor_match(prefix: str) -> str:
    """An actor matches by id, code, country or name, case-insensitively."""
    return (
        f"(lower({prefix}_id) = lower(?) OR lower({prefix}_code) = lower(?) "
        f"OR lower({prefix}_country) = lower(?) OR lower({prefix}_name) = lower(?))"
    )


def event_filters(
    *,
    table: str = "events",
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
) -> Where:
    """The WHERE clause over `events` or `readings` for the filters users pass (see Store.events)."""
    if table not in TABLES:
        raise QueryError(Codes.E403, f"table must be one of {TABLES}, not {table!r}")
    where = Where()
    # On events, actor and text also look at every merged reading, not only the earliest report,
    # so "Netanyahu" finds the event whose first report said "Israel".
    for name in _values(actor):
        condition = f"{_actor_match('source')} OR {_actor_match('target')}"
        params = [name] * 8
        if table == "events":
            condition += f" OR event_id IN (SELECT event_id FROM readings WHERE {_actor_match('source')} OR {_actor_match('target')})"
            params += [name] * 8
        where.add(condition, *params)
    if dyad is not None:
        source, target = parse_dyad(dyad)
        condition = f"{_actor_match('source')} AND {_actor_match('target')}"
        params = [source] * 4 + [target] * 4
        if table == "events":
            condition = f"({condition}) OR event_id IN (SELECT event_id FROM readings WHERE {condition})"
            params = params * 2
        where.add(condition, *params)
    countries = [str(c).upper() for c in _values(country)]
    if countries:
        marks = ", ".join("?" * len(countries))
        where.add(f"source_country IN ({marks}) OR target_country IN ({marks})", *countries, *countries)
    codes = [str(c) for c in _values(code)]
    for c in codes:
        if not re.fullmatch(r"\d{2,4}", c):
            raise QueryError(Codes.E403, f"CAMEO code must be 2 to 4 digits, not {c!r}")
    if codes:
        where.add(" OR ".join("starts_with(cameo_code, ?)" for _ in codes), *codes)
    roots = [f"{int(r):02d}" if str(r).isdigit() else str(r) for r in _values(root)]
    for r in roots:
        if not re.fullmatch(r"\d{2}", r):
            raise QueryError(Codes.E403, f"CAMEO root must be 2 digits (01-20), not {r!r}")
    if roots:
        where.add(f"cameo_root IN ({', '.join('?' * len(roots))})", *roots)
    quads = []
    for q in _values(quad_class):
        try:
            quads.append(int(q))
        except (TypeError, ValueError):
            raise QueryError(Codes.E403, f"quad_class must be 1, 2, 3 or 4, not {q!r}") from None
        if quads[-1] not in (1, 2, 3, 4):
            raise QueryError(Codes.E403, f"quad_class must be 1, 2, 3 or 4, not {q!r}")
    if quads:
        where.add(f"quad_class IN ({', '.join('?' * len(quads))})", *quads)
    if since is not None:
        where.add("event_day >= ?", parse_day(since, "since"))
    if until is not None:
        where.add("event_day <= ?", _period_end(until, "until"))
    facts = [str(f) for f in _values(factuality)]
    for f in facts:
        if f not in FACTUALITIES:
            raise QueryError(Codes.E403, f"factuality must be one of {FACTUALITIES}, not {f!r}")
    if facts:
        where.add(f"factuality IN ({', '.join('?' * len(facts))})", *facts)
    for name in _values(place):
        where.add(
            "lower(location_name) = lower(?) OR lower(location_admin1) = lower(?) "
            "OR lower(location_country) = lower(?) OR lower(location_text) = lower(?)",
            *[name] * 4,
        )
    for words in _values(text):
        condition = "evidence_text ILIKE ?"
        params = [f"%{_escape_like(str(words))}%"]
        if table == "events":
            condition += " OR event_id IN (SELECT event_id FROM readings WHERE evidence_text ILIKE ?)"
            params *= 2
        where.add(condition.replace("ILIKE ?", "ILIKE ? ESCAPE '\\'"), *params)
    doc_ids = [str(d) for d in _values(doc_id)]
    if doc_ids:
        marks = ", ".join("?" * len(doc_ids))
        if table == "events":
            where.add(f"event_id IN (SELECT event_id FROM event_sources WHERE doc_id IN ({marks}))", *doc_ids)
        else:
            where.add(f"doc_id IN ({marks})", *doc_ids)
    event_ids = [str(e) for e in _values(event_id)]
    if event_ids:
        where.add(f"event_id IN ({', '.join('?' * len(event_ids))})", *event_ids)
    return where


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# The largest LIMIT or OFFSET DuckDB takes (a signed 64-bit integer).
MAX_ROWS = 2**63 - 1


def paging(limit: Any, offset: Any) -> str:
    """LIMIT/OFFSET text from validated integers."""
    try:
        offset_value = int(offset or 0)
        limit_value = None if limit is None else int(limit)
    except (TypeError, ValueError, OverflowError):
        raise QueryError(
            Codes.E403, f"limit and offset must be integers, not {limit!r}, {offset!r}"
        ) from None
    if offset_value < 0 or (limit_value is not None and limit_value < 0):
        raise QueryError(Codes.E403, "limit and offset must not be negative")
    if offset_value > MAX_ROWS or (limit_value is not None and limit_value > MAX_ROWS):
        raise QueryError(Codes.E403, f"limit and offset must be at most {MAX_ROWS}")
    text = f" LIMIT {limit_value}" if limit_value is not None else ""
    return text + (f" OFFSET {offset_value}" if offset_value else "")


def order_by(table: str, alias: str = "") -> str:
    if table == "events":
        return f"ORDER BY {alias}event_day NULLS LAST, {alias}event_id"
    return f"ORDER BY {alias}doc_id, {alias}reading_index"


def select_events(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    limit: Any,
    offset: Any,
    columns: Sequence[str] | None = None,
    **filters: Any,
) -> pa.Table:
    where = event_filters(table=table, **filters)
    if columns is None:
        drop = ", record_json" if table == "readings" else ""
        selected = f"* EXCLUDE (event_day{drop})"
    else:
        # Asking for the few columns a page shows is many times faster than every column.
        known = {row[0] for row in conn.execute(f"DESCRIBE {table}").fetchall()}
        unknown = [c for c in columns if c not in known]
        if unknown or not columns:
            raise QueryError(Codes.E403, f"unknown {table} column(s) {unknown}; see docs/SCHEMA.md")
        selected = ", ".join(f'"{c}"' for c in columns)
    query = f"SELECT {selected} FROM {table} {where.sql()} {order_by(table)}{paging(limit, offset)}"
    return fetch_table(conn, query, where.params)


def document_filters(
    *,
    status: Any = None,
    source: Any = None,
    since: Any = None,
    until: Any = None,
    text: Any = None,
    doc_id: Any = None,
    run_id: Any = None,
) -> Where:
    where = Where()
    statuses = [str(s) for s in _values(status)]
    for s in statuses:
        if s not in DOC_STATUSES:
            raise QueryError(Codes.E403, f"status must be one of {DOC_STATUSES}, not {s!r}")
    if statuses:
        where.add(f"status IN ({', '.join('?' * len(statuses))})", *statuses)
    sources = [str(s) for s in _values(source)]
    if sources:
        marks = ", ".join("?" * len(sources))
        where.add(
            f"lower(source) IN ({marks}) OR lower(outlet) IN ({marks})", *[s.lower() for s in sources] * 2
        )
    if since is not None:
        where.add("published >= ?", parse_day(since, "since").isoformat())
    if until is not None:
        # published is ISO text: everything on the last day sorts below the next day.
        end = _period_end(until, "until")
        where.add("published < ?", date.fromordinal(end.toordinal() + 1).isoformat())
    for words in _values(text):
        where.add(
            "text ILIKE ? ESCAPE '\\' OR headline ILIKE ? ESCAPE '\\'", *[f"%{_escape_like(str(words))}%"] * 2
        )
    doc_ids = [str(d) for d in _values(doc_id)]
    if doc_ids:
        where.add(f"doc_id IN ({', '.join('?' * len(doc_ids))})", *doc_ids)
    if run_id is not None:
        where.add("run_id = ?", str(run_id))
    return where


def reject_filters(
    *,
    status: Any = None,
    source: Any = None,
    since: Any = None,
    until: Any = None,
    text: Any = None,
    doc_id: Any = None,
    run_id: Any = None,
) -> Where:
    """Which rejected inputs a documents export adds: rejects have no source, date or text, so
    filtering on those leaves them out."""
    where = Where()
    if source is not None or since is not None or until is not None or text is not None:
        where.add("FALSE")
    statuses = [str(s) for s in _values(status)]
    if statuses:
        where.add(f"r.status IN ({', '.join('?' * len(statuses))})", *statuses)
    doc_ids = [str(d) for d in _values(doc_id)]
    if doc_ids:
        where.add(f"r.doc_id IN ({', '.join('?' * len(doc_ids))})", *doc_ids)
    if run_id is not None:
        where.add("r.run_id = ?", str(run_id))
    return where


def select_documents(
    conn: duckdb.DuckDBPyConnection, limit: Any, offset: Any, include_text: bool, **filters: Any
) -> pa.Table:
    where = document_filters(**filters)
    drop = "" if include_text else " EXCLUDE (text)"
    query = f"SELECT *{drop} FROM documents {where.sql()} ORDER BY doc_id{paging(limit, offset)}"
    return fetch_table(conn, query, where.params)


_GROUPS = {
    "quad_class": ["quad_class"],
    "root": ["cameo_root"],
    "code": ["cameo_code"],
    "factuality": ["factuality"],
    "country": ["coalesce(source_country, source_id) AS source"],
    "dyad": [
        "coalesce(source_country, source_id) AS source",
        "coalesce(target_country, target_id, '-') AS target",
    ],
    None: [],
}


def _check_stats(freq: str, by: str | None) -> None:
    if freq not in FREQUENCIES:
        raise QueryError(Codes.E403, f"freq must be one of {FREQUENCIES}, not {freq!r}")
    if by not in _GROUPS:
        raise QueryError(Codes.E403, f"by must be one of {STATS_GROUPS}, not {by!r}")


def select_stats(
    conn: duckdb.DuckDBPyConnection, freq: str, by: str | None, table: str, **filters: Any
) -> pa.Table:
    """Counts per period and group: events, mentions, articles, Goldstein sum and mean."""
    _check_stats(freq, by)
    return select_stats_where(conn, event_filters(table=table, **filters), freq, by, table)


def select_stats_where(
    conn: duckdb.DuckDBPyConnection, where: Where, freq: str, by: str | None, table: str = "events"
) -> pa.Table:
    """select_stats over conditions already made (`where`, which gains `event_day IS NOT NULL`)."""
    _check_stats(freq, by)
    where.add("event_day IS NOT NULL")
    groups = _GROUPS[by]
    keys = ["period", *[g.split(" AS ")[-1] for g in groups]]
    selected = ", ".join([f"CAST(date_trunc('{freq}', event_day) AS DATE) AS period", *groups])
    mentions, articles = ("num_mentions", "num_articles") if table == "events" else ("mentions", "1")
    query = f"""
        SELECT {selected}, count(*) AS events, CAST(sum({mentions}) AS BIGINT) AS mentions,
               CAST(sum({articles}) AS BIGINT) AS articles,
               sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean
        FROM {table} {where.sql()}
        GROUP BY ALL ORDER BY {", ".join(keys)}
    """
    return fetch_table(conn, query, where.params)


# ------------------------------------------------------------------ read-only SQL

_ALLOWED_STATEMENTS = {"SELECT"}


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
               "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
MIN_MEMORY_LIMIT = 16 * 10**6
MAX_MEMORY_LIMIT = 10**15


def parse_size(value: Any, name: str = "memory limit") -> int:
    """Bytes in a size such as "2GB", "500MB", "1.5GiB" (DuckDB's units: KB = 1000, KiB = 1024)."""
    match = _SIZE.fullmatch(str(value).strip())
    if not match:
        raise QueryError(Codes.E403, f"{name} must be a size such as 500MB or 2GB, not {value!r}")
    size = int(float(match[1]) * _SIZE_UNITS[(match[2] or "b").lower()])
    if not MIN_MEMORY_LIMIT <= size <= MAX_MEMORY_LIMIT:
        raise QueryError(Codes.E403, f"{name} must be between 16MB and 1PB, not {value!r}")
    return size


def _collect(conn: duckdb.DuckDBPyConnection, sql: str, max_bytes: int | None) -> pa.Table:
    """A statement's rows, streamed, refused (THU-E405) as soon as they pass `max_bytes`."""
    reader = fetch_reader(conn, sql, None, 65_536)
    batches, size = [], 0
    try:
        for batch in reader:
            size += batch.nbytes
            if max_bytes is not None and size > max_bytes:
                raise QueryError(
                    Codes.E405,
                    f"SQL stopped at its memory limit: the result passed {max_bytes:,} bytes (setting "
                    "sql.memory_limit, or --memory-limit); add a LIMIT or aggregate, or use `thucydides export`",
                )
            batches.append(batch)
    finally:
        reader.close()
    return pa.Table.from_batches(batches, schema=reader.schema)


def run_sql(
    conn: duckdb.DuckDBPyConnection,
    query: str,
    writable: bool,
    *,
    time_limit: float | None = None,
    memory_limit: str | None = None,
) -> pa.Table:
    """Run one or more SELECT statements and return the last result.

    Three guards, each enough alone for what it covers: only SELECT statements pass; the
    connection has external access disabled (no files, ATTACH, COPY, extensions); and on a
    writable store the query runs in a transaction that is always rolled back. Two limits bound
    what a query may cost: `time_limit` seconds (THU-E404: a timer interrupts the query) and
    `memory_limit` (THU-E405: DuckDB's memory limit while it runs, and the size of its result).
    """
    if not isinstance(query, str) or not query.strip():
        raise QueryError(Codes.E403, "empty SQL query")
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as error:
        raise QueryError(Codes.E403, f"SQL does not parse: {error}") from None
    if not statements:
        raise QueryError(Codes.E403, "empty SQL query")
    for statement in statements:
        kind = statement.type.name
        if kind not in _ALLOWED_STATEMENTS:
            raise QueryError(
                Codes.E401,
                f"read-only SQL: {kind} statements are refused (only SELECT queries run here)",
            )
    if time_limit is not None and not 0 < time_limit <= 10**6:
        raise QueryError(Codes.E403, f"the SQL time limit must be between 0 and 1000000 seconds, not {time_limit}")
    max_bytes = parse_size(memory_limit) if memory_limit else None
    stopped = threading.Event()
    guard = threading.Lock()
    finished = False

    def stop() -> None:
        with guard:
            if not finished:
                stopped.set()
                conn.interrupt()

    timer = threading.Timer(time_limit, stop) if time_limit else None
    if max_bytes is not None:  # DuckDB's limit is per database instance: back to its default after
        conn.execute(f"SET memory_limit = '{max_bytes}B'")
    if writable:
        conn.execute("BEGIN TRANSACTION")
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        result = None
        for statement in statements:
            result = _collect(conn, statement.query, max_bytes)
        assert result is not None
        return result
    except QueryError:
        raise
    except (duckdb.Error, OSError, pa.ArrowException) as error:
        if stopped.is_set():
            raise QueryError(
                Codes.E404,
                f"SQL stopped at its time limit of {time_limit:g} s (setting sql.time_limit_seconds, or "
                "--time-limit); narrow the query (WHERE, LIMIT) or raise the limit",
            ) from None
        if isinstance(error, duckdb.OutOfMemoryException) or "out of memory" in str(error).lower():
            raise QueryError(
                Codes.E405,
                f"SQL stopped at its memory limit of {memory_limit} (setting sql.memory_limit, or "
                f"--memory-limit): {str(error).splitlines()[0]}",
            ) from None
        if isinstance(error, duckdb.PermissionException):
            raise QueryError(
                Codes.E401, f"read-only SQL: file and network access are refused ({error})"
            ) from None
        if not isinstance(error, duckdb.Error):
            raise
        message = str(error)
        if "read-only" in message.lower() or "read only" in message.lower():
            raise QueryError(Codes.E401, f"read-only SQL: {message}") from None
        raise QueryError(Codes.E403, f"SQL failed: {message}") from None
    finally:
        with guard:
            finished = True
        if timer is not None:
            timer.cancel()
        if writable:
            conn.execute("ROLLBACK")
        if max_bytes is not None:
            conn.execute("RESET memory_limit")
