"""CSV and JSON downloads of the events table: exactly the rows the page shows (same filters, order
and page), or with all=1 every matching row, streamed in Arrow batches so memory stays flat.

JSON is a list of event records as `thucydides export` writes them; CSV has the export's flat
columns, lists and structs as JSON text.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
from fastapi import Request
from fastapi.responses import Response, StreamingResponse

from ..errors import Codes, QueryError, StoreError
from ..store import query
from ..store.exports import shape_native
from . import data, filters
from .facets import resolve_actors
from .filters import SORTS, EventFilters, Paging
from .ui import WebUI, api_error

BATCH_ROWS = 5_000


def _json_default(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _flatten(batch: pa.RecordBatch) -> pa.RecordBatch:
    """CSV has no nested types: lists and structs become JSON text."""
    columns = []
    for column, type_ in zip(batch.columns, batch.schema.types, strict=True):
        if pa.types.is_nested(type_):
            column = pa.array(
                [None if v is None else json.dumps(v, ensure_ascii=False, default=_json_default)
                 for v in column.to_pylist()],
                pa.string(),
            )
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def _flat_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([
        pa.field(f.name, pa.string() if pa.types.is_nested(f.type) else f.type) for f in schema
    ])


def csv_chunks(reader: pa.RecordBatchReader) -> Iterator[bytes]:
    header = io.BytesIO()
    pa_csv.write_csv(_flat_schema(reader.schema).empty_table(), header)
    yield header.getvalue()
    options = pa_csv.WriteOptions(include_header=False)
    for batch in reader:
        if batch.num_rows:
            out = io.BytesIO()
            pa_csv.write_csv(pa.Table.from_batches([_flatten(batch)]), out, write_options=options)
            yield out.getvalue()


def json_chunks(reader: pa.RecordBatchReader) -> Iterator[bytes]:
    yield b"["
    first = True
    for batch in reader:
        for row in batch.to_pylist():
            record = shape_native(row)
            text = json.dumps(record, ensure_ascii=False, default=_json_default)
            yield (("\n" if first else ",\n") + text).encode("utf-8")
            first = False
    yield b"\n]\n"


def events_download(ui: WebUI, request: Request, fmt: str) -> Response:
    params = request.query_params
    try:
        chosen = EventFilters.from_params(params)
        paging = Paging.from_params(params)
        sort = filters.sort_of(params)
    except QueryError as error:
        return api_error(400, error.code, error.message)
    everything = params.get("all") == "1"
    limit, offset = (None, 0) if everything else (paging.per_page, paging.offset)
    try:
        store = ui.open()
    except StoreError as error:
        status = 503 if error.code in (Codes.E301, Codes.E303) else 400
        return api_error(status, error.code, error.message)
    try:
        chosen, _ = resolve_actors(store, chosen)
        where = chosen.where()
        builder = data.flat_events_sql if fmt == "csv" else data.native_events_sql
        reader = query.fetch_reader(store.conn, builder(where, SORTS[sort], limit, offset), where.params, BATCH_ROWS)
    except QueryError as error:
        store.close()
        return api_error(400, error.code, error.message)
    except BaseException:
        store.close()
        raise
    chunks = csv_chunks(reader) if fmt == "csv" else json_chunks(reader)

    def stream() -> Iterator[bytes]:
        # The database stays open while the rows stream, and is closed however the download ends.
        try:
            yield from chunks
        finally:
            store.close()

    part = "all" if everything else f"page{paging.page}"
    name = f"thucydides-events-{date.today().isoformat()}-{part}.{fmt}"
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return StreamingResponse(stream(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
