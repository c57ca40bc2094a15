"""Exports: events, readings, documents and quotes as JSONL, CSV, TSV or Parquet, in four layouts.

- native: the event schema (../shared/schema/event.schema.json). Readings are exactly
  Reading.to_dict(); events are the earliest report's fields plus num_mentions, num_articles,
  num_sources and sources. Parquet keeps nested types; CSV writes the flat columns with lists as
  JSON strings.
- gdelt: exactly GDELT 2.0's 61 event columns in GDELT's order (layouts_gdelt.py,
  docs/EXPORT-GDELT.md); our own columns follow only with `extra`.
- icews: the 20 columns of the ICEWS event files, one row per reading (layouts_icews.py,
  docs/EXPORT-ICEWS.md); `extra` as for gdelt.
- plover: one PLOVER-style object per event (event_type, mode, contexts, actor, recipient);
  events without a PLOVER type (CAMEO 01, 02) are left out.

`tsv` is tab-separated with tabs and line breaks inside fields turned into spaces and nothing
quoted; it has a header line except in the gdelt layout (GDELT's own files have none, ICEWS's have
one). `csv` always has a header.

`no_text` drops the evidence sentence and quote text (and stories' text and captions for
documents) but keeps ids, offsets and URLs, so the data can be shared without the articles.
Rows stream from DuckDB in Arrow batches: exports never hold the table in memory, and DuckDB
itself touches no file (its external access is off); pyarrow and Python write the output.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..errors import Codes, QueryError
from . import layouts, schema
from . import query as q
from .layouts_gdelt import GDELT_COLUMNS
from .layouts_icews import ICEWS_COLUMNS

EXPORT_TABLES = ("events", "readings", "documents", "quotes")
FORMATS = ("jsonl", "csv", "tsv", "parquet")
LAYOUTS = ("native", "gdelt", "icews", "plover")
BATCH_ROWS = 10_000
# Layouts of fixed columns computed row by row (layouts.py): their column lists.
TABULAR_LAYOUTS = {"gdelt": GDELT_COLUMNS, "icews": ICEWS_COLUMNS}


# ------------------------------------------------------------------ nested SQL pieces


def actor_struct(prefix: str) -> str:
    """An actor in Actor.as_dict() key order (name, text, id, ...), NULL when absent."""
    # Actor.as_dict(text) falls back to the name when the mention's words are unknown.
    fields = ", ".join(
        f"{name} := coalesce({prefix}_text, {prefix}_name)"
        if name == "text"
        else f"{name} := {prefix}_{name}"
        for name in _ACTOR_DICT_ORDER
    )
    return f"CASE WHEN {prefix}_id IS NULL THEN NULL ELSE struct_pack({fields}) END"


_ACTOR_DICT_ORDER = ("name", "text", "id", "kind", "country", "sector", "code", "contested_with", "title",
                     "country_basis")
assert set(_ACTOR_DICT_ORDER) == {name for name, _ in schema.ACTOR_FIELDS}


def reading_nested_columns(no_text: bool, id_column: str = "event_id") -> list[str]:
    """The schema's nested fields, in Reading.to_dict() order, over the flat columns.

    `event_id` is the merged event's id for events and the reading's own id for readings.
    """
    evidence_text = "" if no_text else "text := evidence_text, "
    quote_text = "" if no_text else ", text := quote_text"
    return [
        f"{id_column} AS event_id",
        "doc_id",
        "story_index",
        "sentence_index",
        f'struct_pack({evidence_text}start := evidence_start, "end" := evidence_end, trigger := trigger, '
        "doc_start := doc_start, doc_end := doc_end) AS evidence",
        "published",
        "event_date",
        "date_range",
        "date_precision",
        "date_basis",
        "date_expression",
        f"{actor_struct('source')} AS source",
        f"{actor_struct('target')} AS target",
        "struct_pack(code := cameo_code, root := cameo_root, name := cameo_name, goldstein := goldstein, "
        "quad_class := quad_class) AS cameo",
        "CASE WHEN plover_type IS NULL THEN NULL ELSE struct_pack(type := plover_type, mode := plover_mode, "
        "contexts := plover_contexts) END AS plover",
        "factuality",
        "CASE WHEN location_name IS NULL THEN NULL ELSE struct_pack(name := location_name, "
        "country := location_country, admin1 := location_admin1, lat := location_lat, lon := location_lon, "
        "geonameid := location_geonameid, precision := location_precision, text := location_text) END "
        "AS location",
        "mentions",
        f"CASE WHEN quote_text IS NULL THEN NULL ELSE struct_pack(speaker := {actor_struct('quote_speaker')}"
        f"{quote_text}) END AS quote",
        "pattern_id",
        "coder_version",
        "killed",
        "injured",
        "arrested",
    ]


def _filtered(table: str, where: q.Where, limit: Any, offset: Any) -> str:
    """The rows to export; ordered here only to page (the outer query orders: one sort, not two)."""
    paging = q.paging(limit, offset)
    order = q.order_by(table) if paging else ""
    return f"(SELECT * FROM {table} {where.sql()} {order}{paging})"


def native_events_sql(where: q.Where, no_text: bool, limit: Any, offset: Any) -> str:
    cols = ", ".join(reading_nested_columns(no_text))
    return (
        # `corrected` comes along where thucydides.review overlays corrected views (absent otherwise)
        f"SELECT {cols}, reading_id, num_mentions, num_articles, num_sources, first_reported, last_reported, "
        f"COLUMNS('^(sources|corrected)$') FROM {_filtered('events', where, limit, offset)} {q.order_by('events')}"
    )


def native_readings_sql(where: q.Where, no_text: bool, limit: Any, offset: Any) -> str:
    cols = ", ".join(reading_nested_columns(no_text, id_column="reading_id"))
    return f"SELECT {cols}, event_id AS merged_event_id FROM {_filtered('readings', where, limit, offset)} {q.order_by('readings')}"


def flat_sql(table: str, where: q.Where, no_text: bool, limit: Any, offset: Any) -> str:
    """Flat columns for CSV: the table's own columns (lists, and events' sources, become JSON)."""
    drop = ["event_day"]
    if table == "readings":
        drop.append("record_json")
    if no_text:
        drop += ["evidence_text", "quote_text"]
    select = f"SELECT * EXCLUDE ({', '.join(drop)})"
    return f"{select} FROM {_filtered(table, where, limit, offset)} {q.order_by(table)}"


def _plover_actor(prefix: str) -> str:
    return (
        f"CASE WHEN {prefix}_id IS NULL THEN NULL ELSE struct_pack(name := {prefix}_name, id := {prefix}_id, "
        f"country := {prefix}_country, sectors := {prefix}_sector, code := {prefix}_code, "
        f"text := {prefix}_text) END"
    )


def plover_sql(table: str, where: q.Where, no_text: bool, limit: Any, offset: Any) -> str:
    where = q.Where(list(where.conditions), list(where.params))
    where.add("plover_type IS NOT NULL")
    base = "_base"
    if table == "events":
        counts = "num_mentions, num_sources, num_articles, sources"
        ident = "event_id AS id"
    else:
        counts = "mentions AS num_mentions, 1 AS num_sources, 1 AS num_articles"
        ident = "reading_id AS id, event_id AS merged_event_id"
    text = "" if no_text else ", evidence_text AS text"
    return f"""
        WITH {base} AS {_filtered(table, where, limit, offset)}
        SELECT {ident}, event_date AS date, date_precision, date_range,
          plover_type AS event_type, plover_mode AS mode, coalesce(plover_contexts, []) AS contexts,
          {_plover_actor("source")} AS actor, {_plover_actor("target")} AS recipient,
          cameo_code AS cameo, goldstein AS intensity, factuality,
          CASE WHEN location_name IS NULL THEN NULL ELSE struct_pack(name := location_name,
            country := location_country, admin1 := location_admin1, lat := location_lat, lon := location_lon,
            geonameid := location_geonameid, precision := location_precision) END AS location,
          {counts}, doc_id, story_index, sentence_index, published{text}, coder_version
        FROM {base} {q.order_by(table)}
    """


def documents_sql(no_text: bool, where: q.Where, rejects_where: q.Where, limit: Any, offset: Any) -> str:
    story_text = (
        "" if no_text else ", text := substring(d.text, st.start_char + 1, st.end_char - st.start_char)"
    )
    captions = "CAST([] AS VARCHAR[])" if no_text else "d.captions"
    return f"""
        WITH docs AS (SELECT * FROM documents {where.sql()} ORDER BY doc_id{q.paging(limit, offset)})
        SELECT d.doc_id, d.path, d.url, d.format, d.status, d.reason, d.language, d.headline, d.author, d.source,
          d.published, d.published_basis, d.dateline, d.section, {captions} AS captions,
          coalesce((SELECT list(struct_pack(index := st.story_index, headline := st.headline,
                        start := st.start_char, "end" := st.end_char{story_text}) ORDER BY st.story_index)
                    FROM stories st WHERE st.doc_id = d.doc_id), []) AS stories,
          d.duplicate_of, d.content_hash, d.coder_version, d.run_id, NULL::VARCHAR AS code
        FROM docs d
        UNION ALL BY NAME
        SELECT r.doc_id, r.path, r.status, r.code || ' ' || r.message AS reason, r.language, r.run_id,
          r.code, CAST([] AS VARCHAR[]) AS captions
        FROM rejects r
        WHERE (r.doc_id IS NULL OR r.doc_id NOT IN (SELECT doc_id FROM documents))
          AND {" AND ".join(f"({c})" for c in rejects_where.conditions) or "TRUE"}
        ORDER BY doc_id NULLS LAST, path
    """


def quotes_sql(no_text: bool) -> str:
    text = "" if no_text else "qt.text, "
    return f"""
        SELECT qt.doc_id, qt.quote_index, {text}qt.start_char AS start, qt.end_char AS "end",
          CASE WHEN qt.speaker_id IS NULL THEN NULL ELSE struct_pack(name := a.name, text := qt.speaker_text,
            id := a.actor_id, kind := a.kind, country := a.country, sector := a.sector, code := a.code) END
            AS speaker,
          qt.speaker_text, qt.speaker_start, qt.speaker_end, qt.cue, d.source AS outlet, d.url, d.published
        FROM quotes qt LEFT JOIN actors a ON a.actor_id = qt.speaker_id
        LEFT JOIN documents d ON d.doc_id = qt.doc_id
        ORDER BY qt.doc_id, qt.quote_index
    """


# ------------------------------------------------------------------ JSON shaping


def _prune_actor(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    """Shape an actor like Actor.as_dict(): contested_with and title only when set."""
    if actor is None:
        return None
    if not actor.get("contested_with"):
        actor.pop("contested_with", None)
    if actor.get("title") is None:
        actor.pop("title", None)
    if actor.get("country_basis") is None:
        actor.pop("country_basis", None)
    return actor


def shape_native(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("source", "target"):
        row[key] = _prune_actor(row.get(key))
    if row.get("quote"):
        row["quote"]["speaker"] = _prune_actor(row["quote"].get("speaker"))
    return row


def readings_record_json(
    conn: duckdb.DuckDBPyConnection, where: q.Where, no_text: bool, limit: Any, offset: Any
) -> Iterator[str]:
    """Readings as stored at write time: exactly Reading.to_dict() (text removed for no_text)."""
    sql = f"SELECT record_json FROM {_filtered('readings', where, limit, offset)} {q.order_by('readings')}"
    reader = q.fetch_reader(conn, sql, where.params, BATCH_ROWS)
    for batch in reader:
        for text in batch.column(0).to_pylist():
            if not no_text:
                yield text.translate(_LINE_BREAKS)
                continue
            record = json.loads(text)
            record["evidence"].pop("text", None)
            if record.get("quote"):
                record["quote"].pop("text", None)
            yield json_line(record)


# ------------------------------------------------------------------ writers


@contextmanager
def _text_output(out: str | Path) -> Iterator[IO[str]]:
    if str(out) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        yield handle


# Line separators JSON leaves unescaped but line-based readers split on (Python's splitlines,
# some JavaScript): escaped so that one record is always one line.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False, default=_json_default).translate(_LINE_BREAKS)


def _json_default(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _write_jsonl(
    batches: Iterator[pa.RecordBatch], out: str | Path, shape: Callable[[dict], dict] | None
) -> int:
    count = 0
    with _text_output(out) as handle:
        for batch in batches:
            for row in batch.to_pylist():
                if shape:
                    row = shape(row)
                handle.write(json_line(row))
                handle.write("\n")
                count += 1
    return count


def _csv_ready(batch: pa.RecordBatch) -> pa.RecordBatch:
    """CSV has no nested types: lists and structs become JSON strings."""
    columns = []
    for column, type_ in zip(batch.columns, batch.schema.types, strict=True):
        if pa.types.is_nested(type_):
            column = pa.array(
                [
                    None if v is None else json.dumps(v, ensure_ascii=False, default=_json_default)
                    for v in column.to_pylist()
                ],
                pa.string(),
            )
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def _write_csv(batches: Iterator[pa.RecordBatch], out: str | Path) -> int:
    count = 0
    writer = None
    with _text_output(out) if str(out) == "-" else _binary_output(out) as handle:
        sink = handle.buffer if hasattr(handle, "buffer") else handle
        for batch in batches:
            ready = _csv_ready(batch)
            if writer is None:
                writer = pa_csv.CSVWriter(sink, ready.schema)
            writer.write_batch(ready)
            count += batch.num_rows
        if writer is not None:
            writer.close()
    return count


@contextmanager
def _binary_output(out: str | Path) -> Iterator[IO[bytes]]:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        yield handle


def _write_parquet(reader: pa.RecordBatchReader, out: str | Path) -> int:
    if str(out) == "-":
        raise QueryError(Codes.E403, "Parquet cannot be written to standard output: give a file name")
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with pq.ParquetWriter(path, reader.schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(batch)
            count += batch.num_rows
    return count


def native_records(
    conn: duckdb.DuckDBPyConnection,
    table: str = "events",
    *,
    no_text: bool = False,
    limit: Any = None,
    offset: Any = 0,
    **filters: Any,
) -> Iterator[dict[str, Any]]:
    """Events or readings as the dicts a native JSONL export writes (the event schema), streamed."""
    if table not in ("events", "readings"):
        raise QueryError(Codes.E403, f"records exist for events and readings, not {table!r}")
    where = q.event_filters(table=table, **filters)
    if table == "readings":
        for line in readings_record_json(conn, where, no_text, limit, offset):
            yield json.loads(line)
        return
    for batch in q.fetch_reader(
        conn, native_events_sql(where, no_text, limit, offset), where.params, BATCH_ROWS
    ):
        for row in batch.to_pylist():
            yield shape_native(row)


# ------------------------------------------------------------------ entry point


def export_from(
    conn: duckdb.DuckDBPyConnection,
    *,
    table: str = "events",
    format: str = "jsonl",
    out: str | Path,
    layout: str = "native",
    no_text: bool = False,
    extra: bool = False,
    limit: Any = None,
    offset: Any = 0,
    **filters: Any,
) -> int:
    """Write one table in one format and layout to `out` ("-" = stdout except for parquet); returns rows.

    `extra` appends our own columns to the gdelt and icews layouts. The icews layout always writes
    readings (ICEWS rows are story sentences), whichever of events and readings is asked for.
    """
    if table not in EXPORT_TABLES:
        raise QueryError(Codes.E403, f"export table must be one of {EXPORT_TABLES}, not {table!r}")
    if format not in FORMATS:
        raise QueryError(Codes.E403, f"export format must be one of {FORMATS}, not {format!r}")
    if layout not in LAYOUTS:
        raise QueryError(Codes.E403, f"export layout must be one of {LAYOUTS}, not {layout!r}")
    if layout != "native" and table not in ("events", "readings"):
        raise QueryError(Codes.E403, f"the {layout} layout exists for events and readings, not {table}")
    if extra and layout not in TABULAR_LAYOUTS:
        raise QueryError(Codes.E403, f"extra columns exist for the {' and '.join(TABULAR_LAYOUTS)} layouts only")
    if format == "parquet" and str(out) == "-":
        raise QueryError(Codes.E403, "Parquet cannot be written to standard output: give a file name")

    if layout in TABULAR_LAYOUTS:
        if layout == "icews":
            table = "readings"
        where = q.event_filters(table=table, **filters)
        columns = layouts.chosen_columns(TABULAR_LAYOUTS[layout], extra=extra, no_text=no_text)
        reader = q.fetch_reader(conn, layouts.context_sql(table, where, limit, offset), where.params, BATCH_ROWS)
        rows = layouts.shape_rows(iter(reader), columns)
        return _write_rows(rows, columns, format, out, header=not (format == "tsv" and layout == "gdelt"))

    if table == "documents":
        where = q.document_filters(**filters)
        rejects_where = q.reject_filters(**filters)
        sql = documents_sql(no_text, where, rejects_where, limit, offset)
        params = where.params + rejects_where.params
    elif table == "quotes":
        if filters:
            raise QueryError(Codes.E403, f"quotes export takes no filters (got {sorted(filters)})")
        sql, params = quotes_sql(no_text), []
    else:
        where = q.event_filters(table=table, **filters)
        params = where.params
        if layout == "plover":
            sql = plover_sql(table, where, no_text, limit, offset)
        elif format in ("csv", "tsv"):
            sql = flat_sql(table, where, no_text, limit, offset)
        elif table == "readings" and format == "jsonl":
            return _write_jsonl_lines(readings_record_json(conn, where, no_text, limit, offset), out)
        elif table == "readings":
            sql = native_readings_sql(where, no_text, limit, offset)
        else:
            sql = native_events_sql(where, no_text, limit, offset)

    if table == "events" and layout == "native" and format == "jsonl":
        shape: Callable[[dict], dict] | None = shape_native
    else:
        shape = None
    reader = q.fetch_reader(conn, sql, params, BATCH_ROWS)
    if format == "parquet":
        return _write_parquet(reader, out)
    if format == "csv":
        return _write_csv(iter(reader), out)
    if format == "tsv":
        return _write_tsv_batches(iter(reader), out)
    return _write_jsonl(iter(reader), out, shape)



def _write_jsonl_lines(lines: Iterator[str], out: str | Path) -> int:
    count = 0
    with _text_output(out) as handle:
        for line in lines:
            handle.write(line)
            handle.write("\n")
            count += 1
    return count


# ------------------------------------------------------------------ row writers (gdelt, icews, tsv)

# Characters that would split a TSV field or line: GDELT's files have none inside a field.
_TSV_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\v": " ", "\f": " ", "\x1c": " ",
                             "\x1d": " ", "\x1e": " ", "\x85": " ", "\u2028": " ", "\u2029": " "})


def tsv_field(value: Any) -> str:
    """One TSV cell: empty for null, no tab or line break inside, nothing quoted."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False, default=_json_default)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    return str(value).translate(_TSV_BREAKS)


def _write_tsv_lines(names: list[str] | None, rows: Iterator[tuple], out: str | Path) -> int:
    count = 0
    with _text_output(out) as handle:
        if names is not None:
            handle.write("\t".join(tsv_field(name) for name in names) + "\n")
        for row in rows:
            handle.write("\t".join(tsv_field(value) for value in row))
            handle.write("\n")
            count += 1
    return count


def _write_tsv_batches(batches: Iterator[pa.RecordBatch], out: str | Path) -> int:
    """The native and plover layouts as TSV with a header line (lists and structs as JSON)."""
    first = next(batches, None)
    if first is None:
        return _write_tsv_lines(None, iter(()), out)
    return _write_tsv_lines(first.schema.names, rows_of([first], batches), out)


def rows_of(*groups: Any) -> Iterator[tuple]:
    """The rows of some groups of Arrow batches, as tuples."""
    for group in groups:
        for batch in group:
            yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)


def _write_rows(
    rows: Iterator[tuple], columns: list[layouts.Column], format: str, out: str | Path, *, header: bool
) -> int:
    names = [column.name for column in columns]
    if format == "tsv":
        return _write_tsv_lines(names if header else None, rows, out)
    if format == "csv":
        return _write_csv_rows(names, rows, out)
    if format == "jsonl":
        return _write_jsonl_lines((json_line(dict(zip(names, row, strict=True))) for row in rows), out)
    schema_ = pa.schema([(column.name, column.type) for column in columns])
    return _write_parquet(_row_batches(rows, schema_), out)


def _write_csv_rows(names: list[str], rows: Iterator[tuple], out: str | Path) -> int:
    count = 0
    with _text_output(out) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if v is None else tsv_field(v) if isinstance(v, float) else v for v in row])
            count += 1
    return count


def _row_batches(rows: Iterator[tuple], schema_: pa.Schema) -> pa.RecordBatchReader:
    def batches() -> Iterator[pa.RecordBatch]:
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= BATCH_ROWS:
                yield _batch(chunk, schema_)
                chunk = []
        if chunk:
            yield _batch(chunk, schema_)

    return pa.RecordBatchReader.from_batches(schema_, batches())


def _batch(chunk: list[tuple], schema_: pa.Schema) -> pa.RecordBatch:
    arrays = [pa.array(list(values), type=f.type) for values, f in zip(zip(*chunk, strict=True), schema_, strict=True)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema_)
