"""The DuckDB schema: column lists shared by the writer and the exports, and named migrations.

Every schema change is a named function appended to MIGRATIONS and recorded in the
``schema_migrations`` table when applied (the sqlite-utils way), so an older database is
upgraded in place and a database written by a newer Thucydides is refused (THU-E302)
instead of being silently misread. docs/SCHEMA.md documents every table and column.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import duckdb

from ..errors import Codes, StoreError

# ------------------------------------------------------------------ shared column lists

ACTOR_FIELDS: list[tuple[str, str]] = [
    ("id", "VARCHAR"),
    ("name", "VARCHAR"),
    ("text", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("country", "VARCHAR"),
    ("sector", "VARCHAR[]"),
    ("code", "VARCHAR"),
    ("contested_with", "VARCHAR[]"),
    ("title", "VARCHAR"),
    ("country_basis", "VARCHAR"),  # migration 0004: story | dateline | place, when the country was inferred
]


def actor_columns(prefix: str) -> list[tuple[str, str]]:
    return [(f"{prefix}_{name}", sql_type) for name, sql_type in ACTOR_FIELDS]


# One reading, flattened: what `readings` stores and what `events` copies from the earliest
# report. Flat columns (not STRUCTs) so SQL users write `source_country`, and DuckDB keeps
# min/max statistics on every column the queries filter on.
READING_COLUMNS: list[tuple[str, str]] = [
    ("reading_id", "VARCHAR"),  # Reading.event_id: stable hash of (doc, sentence, trigger, dyad)
    ("event_id", "VARCHAR"),  # the merged event this reading belongs to
    ("merge_key", "VARCHAR"),
    ("doc_id", "VARCHAR"),
    ("reading_index", "INTEGER"),  # position in DocResult.readings: unique with doc_id
    ("story_index", "INTEGER"),
    ("sentence_index", "INTEGER"),
    ("evidence_text", "VARCHAR"),
    ("evidence_start", "INTEGER"),
    ("evidence_end", "INTEGER"),
    ("doc_start", "INTEGER"),
    ("doc_end", "INTEGER"),
    ("trigger", "VARCHAR"),
    ("published", "VARCHAR"),
    ("event_date", "VARCHAR"),
    ("event_day", "DATE"),  # first day of event_date, for date filters and stats
    ("date_range", "VARCHAR[]"),
    ("date_precision", "VARCHAR"),
    ("date_basis", "VARCHAR"),
    ("date_expression", "VARCHAR"),
    *actor_columns("source"),
    *actor_columns("target"),
    ("cameo_code", "VARCHAR"),
    ("cameo_root", "VARCHAR"),
    ("cameo_name", "VARCHAR"),
    ("goldstein", "DOUBLE"),
    ("quad_class", "INTEGER"),
    ("plover_type", "VARCHAR"),
    ("plover_mode", "VARCHAR"),
    ("plover_contexts", "VARCHAR[]"),
    ("factuality", "VARCHAR"),
    ("location_name", "VARCHAR"),
    ("location_text", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_admin1", "VARCHAR"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("location_geonameid", "BIGINT"),
    ("location_precision", "VARCHAR"),
    ("location_feature", "VARCHAR"),
    ("mentions", "INTEGER"),
    ("quote_text", "VARCHAR"),
    ("quote_start", "INTEGER"),
    ("quote_end", "INTEGER"),
    ("quote_cue", "VARCHAR"),
    ("quote_speaker_start", "INTEGER"),
    ("quote_speaker_end", "INTEGER"),
    *actor_columns("quote_speaker"),  # quote_speaker_text is Quote.speaker_text
    ("pattern_id", "VARCHAR"),
    ("coder_version", "VARCHAR"),
    ("killed", "INTEGER"),
    ("injured", "INTEGER"),
    ("arrested", "INTEGER"),
]

READING_TABLE_COLUMNS = READING_COLUMNS + [("record_json", "JSON")]

EVENT_AGGREGATE_COLUMNS: list[tuple[str, str]] = [
    ("num_mentions", "BIGINT"),
    ("num_articles", "BIGINT"),
    ("num_sources", "BIGINT"),
]
# Added by migration 0002: kept apart so the 0001 DDL stays what version 1 really was.
EVENT_REPORT_SPAN_COLUMNS: list[tuple[str, str]] = [
    ("first_reported", "VARCHAR"),
    ("last_reported", "VARCHAR"),
]
# Added by migration 0003: every report of the event, earliest first, kept with the event so that
# reading an event (export, web page) needs no aggregation over event_sources.
SOURCE_ENTRY_FIELDS: list[tuple[str, str]] = [
    ("doc_id", "VARCHAR"),
    ("outlet", "VARCHAR"),
    ("url", "VARCHAR"),
    ("published", "VARCHAR"),
    ("story_index", "INTEGER"),
    ("sentence_index", "INTEGER"),
    ("reading_id", "VARCHAR"),
    ("mentions", "INTEGER"),
    ("source", "VARCHAR"),  # the reading's source actor id
    ("target", "VARCHAR"),
    ("duplicate_of", "VARCHAR"),
]
SOURCES_TYPE = "STRUCT(" + ", ".join(f'"{n}" {t}' for n, t in SOURCE_ENTRY_FIELDS) + ")[]"
EVENT_SOURCES_LIST_COLUMNS: list[tuple[str, str]] = [("sources", SOURCES_TYPE)]
EVENT_COLUMNS = (
    READING_COLUMNS + EVENT_AGGREGATE_COLUMNS + EVENT_REPORT_SPAN_COLUMNS + EVENT_SOURCES_LIST_COLUMNS
)

DOCUMENT_COLUMNS: list[tuple[str, str]] = [
    ("doc_id", "VARCHAR PRIMARY KEY"),
    ("path", "VARCHAR"),
    ("url", "VARCHAR"),
    ("format", "VARCHAR"),
    ("status", "VARCHAR"),
    ("reason", "VARCHAR"),
    ("language", "VARCHAR"),
    ("headline", "VARCHAR"),
    ("author", "VARCHAR"),
    ("source", "VARCHAR"),
    ("outlet", "VARCHAR"),  # source, else the URL's host: what num_sources counts
    ("published", "VARCHAR"),
    ("published_basis", "VARCHAR"),
    ("dateline", "VARCHAR"),
    ("section", "VARCHAR"),
    ("captions", "VARCHAR[]"),
    ("content_hash", "VARCHAR"),
    ("coder_version", "VARCHAR"),
    ("duplicate_of", "VARCHAR"),
    ("text", "VARCHAR"),
    ("n_readings", "INTEGER"),
    ("run_id", "VARCHAR"),
    ("written_at", "TIMESTAMP"),
    ("language_basis", "VARCHAR"),  # migration 0006: detected | html-lang | feed | record | file
]

STORY_COLUMNS = [
    ("doc_id", "VARCHAR"),
    ("story_index", "INTEGER"),
    ("headline", "VARCHAR"),
    ("start_char", "INTEGER"),
    ("end_char", "INTEGER"),
    ("body_start", "INTEGER"),
]
PARAGRAPH_COLUMNS = [
    ("doc_id", "VARCHAR"),
    ("paragraph_index", "INTEGER"),
    ("story_index", "INTEGER"),
    ("start_char", "INTEGER"),
    ("end_char", "INTEGER"),
    ("is_headline", "BOOLEAN"),
    ("mentions", "INTEGER"),
]
SENTENCE_COLUMNS = [
    ("doc_id", "VARCHAR"),
    ("sentence_index", "INTEGER"),
    ("start_char", "INTEGER"),
    ("end_char", "INTEGER"),
]
ACTOR_MENTION_COLUMNS = [
    ("doc_id", "VARCHAR"),
    ("mention_index", "INTEGER"),
    ("text", "VARCHAR"),
    ("start_char", "INTEGER"),
    ("end_char", "INTEGER"),
    ("head", "INTEGER"),
    ("how", "VARCHAR"),
    ("token_start", "INTEGER"),
    ("token_end", "INTEGER"),
    ("actor_ids", "VARCHAR[]"),
]
ACTOR_TABLE_COLUMNS = [
    ("actor_id", "VARCHAR PRIMARY KEY"),
    ("name", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("country", "VARCHAR"),
    ("sector", "VARCHAR[]"),
    ("code", "VARCHAR"),
    ("contested_with", "VARCHAR[]"),
    ("title", "VARCHAR"),
    ("updated_run", "VARCHAR"),
]
TIME_COLUMNS = [
    ("doc_id", "VARCHAR"),
    ("time_index", "INTEGER"),
    ("text", "VARCHAR"),
    ("start_char", "INTEGER"),
    ("end_char", "INTEGER"),
    ("value", "VARCHAR"),
    ("precision", "VARCHAR"),
    ("date_range", "VARCHAR[]"),
    ("kind", "VARCHAR"),
    ("token_start", "INTEGER"),
    ("token_end", "INTEGER"),
]
PLACE_COLUMNS = [
    ("doc_id", "VARCHAR"),
    ("place_index", "INTEGER"),
    ("text", "VARCHAR"),
    ("start_char", "INTEGER"),
    ("end_char", "INTEGER"),
    ("is_actor", "BOOLEAN"),
    ("name", "VARCHAR"),  # null when the toponym could not be resolved
    ("country", "VARCHAR"),
    ("admin1", "VARCHAR"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("geonameid", "BIGINT"),
    ("precision", "VARCHAR"),
    ("feature", "VARCHAR"),
    ("token_start", "INTEGER"),
    ("token_end", "INTEGER"),
]
QUOTE_COLUMNS = [
    ("doc_id", "VARCHAR"),
    ("quote_index", "INTEGER"),
    ("text", "VARCHAR"),
    ("start_char", "INTEGER"),
    ("end_char", "INTEGER"),
    ("speaker_id", "VARCHAR"),
    ("speaker_text", "VARCHAR"),
    ("cue", "VARCHAR"),
    ("speaker_start", "INTEGER"),
    ("speaker_end", "INTEGER"),
]
EVENT_SOURCE_COLUMNS = [
    ("event_id", "VARCHAR"),
    ("doc_id", "VARCHAR"),  # the reporting document (a near-duplicate reports its original's events)
    ("reading_doc_id", "VARCHAR"),  # the document whose reading this is
    ("reading_index", "INTEGER"),
    ("reading_id", "VARCHAR"),
    ("outlet", "VARCHAR"),
    ("url", "VARCHAR"),
    ("published", "VARCHAR"),
    ("story_index", "INTEGER"),
    ("sentence_index", "INTEGER"),
    ("mentions", "INTEGER"),
    ("source_id", "VARCHAR"),
    ("target_id", "VARCHAR"),
    ("duplicate_of", "VARCHAR"),  # set when the document counts through its original's reading
]
REJECT_COLUMNS = [
    ("path", "VARCHAR"),
    ("code", "VARCHAR"),
    ("message", "VARCHAR"),
    ("doc_id", "VARCHAR"),
    ("status", "VARCHAR"),
    ("language", "VARCHAR"),
    ("run_id", "VARCHAR"),
    ("rejected_at", "TIMESTAMP"),
]
RUN_COLUMNS = [
    ("run_id", "VARCHAR PRIMARY KEY"),
    ("started_at", "TIMESTAMP"),
    ("finished_at", "TIMESTAMP"),
    ("coder_version", "VARCHAR"),
    ("thucydides_version", "VARCHAR"),
    ("settings", "JSON"),
    ("counts", "JSON"),
    ("status", "VARCHAR"),  # running | finished | interrupted (see RUN_PROCESS_COLUMNS)
]
# Added by migration 0005: the process that ran it, so that a run killed without a chance to finish
# (SIGKILL, power loss) is marked "interrupted" by the next writer instead of staying "running".
RUN_PROCESS_COLUMNS: list[tuple[str, str]] = [
    ("pid", "BIGINT"),
    ("host", "VARCHAR"),
    ("process_start", "VARCHAR"),  # the process's start (Linux: boot id and start tick), against pid reuse
]

# Tables holding rows of one document each, replaced as a whole when the document is rewritten.
PER_DOCUMENT_TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": DOCUMENT_COLUMNS,
    "stories": STORY_COLUMNS,
    "paragraphs": PARAGRAPH_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "actor_mentions": ACTOR_MENTION_COLUMNS,
    "time_expressions": TIME_COLUMNS,
    "places": PLACE_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "readings": READING_TABLE_COLUMNS,
}


def column_names(columns: list[tuple[str, str]]) -> list[str]:
    return [name for name, _ in columns]


def _create(conn: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]]) -> None:
    body = ",\n  ".join(f'"{name}" {sql_type}' for name, sql_type in columns)
    conn.execute(f"CREATE TABLE {table} (\n  {body}\n)")


# ------------------------------------------------------------------ migrations


def m0001_initial(conn: duckdb.DuckDBPyConnection) -> None:
    """Every table of version 1."""
    _create(conn, "store_settings", [("key", "VARCHAR PRIMARY KEY"), ("value", "JSON")])
    _create(conn, "runs", RUN_COLUMNS)
    for table, columns in PER_DOCUMENT_TABLES.items():
        _create(conn, table, columns)
    _create(conn, "actors", ACTOR_TABLE_COLUMNS)
    _create(conn, "events", READING_COLUMNS + EVENT_AGGREGATE_COLUMNS)
    _create(conn, "event_sources", EVENT_SOURCE_COLUMNS)
    _create(conn, "rejects", REJECT_COLUMNS)


def m0002_event_report_span(conn: duckdb.DuckDBPyConnection) -> None:
    """When an event was first and last reported (publication dates of its sources), like GDELT's
    DATEADDED: lets users find what is new since their last export."""
    for name, sql_type in EVENT_REPORT_SPAN_COLUMNS:
        conn.execute(f"ALTER TABLE events ADD COLUMN {name} {sql_type}")
    conn.execute(
        """
        UPDATE events SET first_reported = span.first_reported, last_reported = span.last_reported
        FROM (SELECT event_id, min(published) AS first_reported, max(published) AS last_reported
              FROM event_sources GROUP BY event_id) AS span
        WHERE events.event_id = span.event_id
        """
    )


def m0003_event_sources_list(conn: duckdb.DuckDBPyConnection) -> None:
    """The list of an event's reports (document, outlet, URL, sentence), stored with the event."""

    conn.execute(f"ALTER TABLE events ADD COLUMN sources {SOURCES_TYPE}")
    conn.execute(
        f"""
        UPDATE events SET sources = agg.sources
        FROM (SELECT event_id, {sources_list_sql()} AS sources FROM event_sources GROUP BY event_id) AS agg
        WHERE events.event_id = agg.event_id
        """
    )


def m0004_actor_country_basis(conn: duckdb.DuckDBPyConnection) -> None:
    """Where an actor's country came from when the text did not name it (police, rebels, people named
    without a country): `<prefix>_country_basis` beside every `<prefix>_country` of an actor."""
    tables = [row[0] for row in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
    for table in tables:
        columns = {row[0] for row in conn.execute(f'DESCRIBE "{table}"').fetchall()}
        for column in sorted(columns):
            if column.endswith("_contested_with"):
                prefix = column[: -len("_contested_with")]
                conn.execute(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{prefix}_country_basis" VARCHAR')


def m0005_run_process(conn: duckdb.DuckDBPyConnection) -> None:
    """Which process ran each run (pid, host, process start), to tell a killed run from a live one."""
    for name, sql_type in RUN_PROCESS_COLUMNS:
        conn.execute(f"ALTER TABLE runs ADD COLUMN IF NOT EXISTS {name} {sql_type}")


def m0006_document_language_basis(conn: duckdb.DuckDBPyConnection) -> None:
    """Where a document's language came from: detected | html-lang | feed | record | file (a text too
    short to detect takes its source's declared language, else its feed's or file's)."""
    conn.execute("ALTER TABLE documents ADD COLUMN IF NOT EXISTS language_basis VARCHAR")


Migration = tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]
MIGRATIONS: list[Migration] = [
    ("0001_initial", m0001_initial),
    ("0002_event_report_span", m0002_event_report_span),
    ("0003_event_sources_list", m0003_event_sources_list),
    ("0004_actor_country_basis", m0004_actor_country_basis),
    ("0005_run_process", m0005_run_process),
    ("0006_document_language_basis", m0006_document_language_basis),
]
SCHEMA_VERSION = len(MIGRATIONS)


def one(conn: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row of a query, or None.

    Fetches every row: DuckDB 2 refuses further work on a connection whose last result was
    left unfinished, which fetchone() does.
    """
    found = conn.execute(sql, params or []).fetchall()
    return found[0] if found else None


def applied_migrations(conn: duckdb.DuckDBPyConnection) -> list[str]:
    if not is_thucydides(conn):
        return []
    return [row[0] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY version").fetchall()]


def is_thucydides(conn: duckdb.DuckDBPyConnection) -> bool:
    """True for a database Thucydides created (it has schema_migrations), False for any other."""
    return bool(one(
        conn,
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = 'schema_migrations' AND table_schema = 'main'",
    )[0])


def user_tables(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view in the database (to tell an empty file from someone else's database)."""
    return [row[0] for row in conn.execute(
        "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]


def pending_migrations(conn: duckdb.DuckDBPyConnection, path: str) -> list[Migration]:
    """Migrations still to apply; THU-E302 when the database knows migrations this version does not."""
    applied = applied_migrations(conn)
    known = [name for name, _ in MIGRATIONS]
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise StoreError(
            Codes.E302,
            f"database schema is newer than this Thucydides (it has migration(s) {', '.join(unknown)}; "
            f"this version knows up to {known[-1]}): upgrade Thucydides to read it",
            path,
        )
    return [migration for migration in MIGRATIONS if migration[0] not in applied]


def migrate(conn: duckdb.DuckDBPyConnection, path: str, upto: int | None = None) -> list[str]:
    """Apply pending migrations (up to version `upto`, for tests of old databases); returns their names.

    Each migration runs in its own transaction with its schema_migrations row, so a
    killed upgrade leaves the database at the last complete version.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(name VARCHAR PRIMARY KEY, version INTEGER, applied_at TIMESTAMP)"
    )
    done = []
    for name, function in pending_migrations(conn, path):
        version = [known for known, _ in MIGRATIONS].index(name) + 1
        if upto is not None and version > upto:
            break
        conn.execute("BEGIN TRANSACTION")
        try:
            function(conn)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [name, version, datetime.now(UTC).replace(tzinfo=None)],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done.append(name)
    return done


def sources_list_sql() -> str:
    """Aggregate over event_sources rows: the event's reports, earliest first.

    Sorting a list of (sort key, entry) pairs and dropping the keys runs about twice as fast in
    DuckDB as an ordered aggregate over many small groups.
    """
    entry = ", ".join(
        f"{name} := {column}"
        for name, column in zip(
            column_names(SOURCE_ENTRY_FIELDS),
            [
                "doc_id",
                "outlet",
                "url",
                "published",
                "story_index",
                "sentence_index",
                "reading_id",
                "mentions",
                "source_id",
                "target_id",
                "duplicate_of",
            ],
            strict=True,
        )
    )
    key = (
        "struct_pack(p := coalesce(published, '9999'), d := doc_id, r := reading_doc_id, i := reading_index)"
    )
    return (
        f"list_transform(list_sort(list(struct_pack(k := {key}, e := struct_pack({entry})))), lambda x: x.e)"
    )
