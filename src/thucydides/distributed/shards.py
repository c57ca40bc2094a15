"""Parquet shards: what one partition produced, written by a worker and read back by the merge.

One row per result or reject, in input order. A few flat columns let anyone look at shards with a
Parquet reader (`SELECT kind, code, count(*) FROM 'shards/*.parquet' GROUP BY ALL`); the record
itself travels as JSON and is rebuilt into the same dataclass by the merge. The decoding follows the
dataclasses' type hints, so a field added to records.py travels without a change here, and a shard
is plain data: reading one never runs code (unlike a pickle).
"""

from __future__ import annotations

import dataclasses
import json
import os
import types
import typing
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Codes, StoreError
from ..records import DocResult, Reject

SHARD_FORMAT = "1"
METADATA_KEY = b"thucydides.shard"
SCHEMA = pa.schema(
    [
        ("seq", pa.int32()),  # position in the partition's input order
        ("kind", pa.string()),  # result | reject
        ("doc_id", pa.string()),
        ("path", pa.string()),
        ("content_hash", pa.string()),
        ("status", pa.string()),  # document status, or the reject's (rejected | skipped)
        ("code", pa.string()),  # THU-E... for rejects
        ("n_readings", pa.int32()),
        ("record", pa.string()),  # the DocResult or Reject as JSON
    ]
)
ROWS_PER_GROUP = 64


# ------------------------------------------------------------------ records <-> JSON


def encode_record(record: DocResult | Reject) -> str:
    return json.dumps(dataclasses.asdict(record), ensure_ascii=False, separators=(",", ":"))


def decode_record(kind: str, text: str) -> DocResult | Reject:
    cls = DocResult if kind == "result" else Reject
    return _build(cls, json.loads(text))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(kind: Any, value: Any) -> Any:
    """`value` (decoded JSON) as an instance of the type hint `kind`."""
    if value is None:
        return None
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = _hints(kind)
        return kind(**{f.name: _build(hints[f.name], value[f.name])
                       for f in dataclasses.fields(kind) if f.init and f.name in value})
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return _build(options[0], value) if len(options) == 1 else value
    if origin is list:
        return [_build(args[0], item) for item in value]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], item) for item in value)
        return tuple(_build(a, item) for a, item in zip(args, value, strict=True))
    if origin is dict:
        return {key: _build(args[1], item) for key, item in value.items()}
    if kind is float and isinstance(value, int):
        return float(value)
    return value


# ------------------------------------------------------------------ writing


class ShardWriter:
    """Writes one partition's records to `target` (atomically: a shard is whole or absent), or to
    memory when `target` is None (no shared folder: the shard goes back to the client as bytes)."""

    def __init__(self, target: str | Path | None, *, partition_key: str, coder_version: str):
        self.target = str(target) if target is not None else None
        meta = {"format": SHARD_FORMAT, "partition": partition_key, "coder_version": coder_version}
        self.schema = SCHEMA.with_metadata({METADATA_KEY: json.dumps(meta).encode("utf-8")})
        if self.target is None:
            self._sink: Any = pa.BufferOutputStream()
            self._temp = None
        else:
            Path(self.target).parent.mkdir(parents=True, exist_ok=True)
            self._temp = f"{self.target}.{uuid.uuid4().hex[:8]}.tmp"
            self._sink = self._temp
        self._writer = pq.ParquetWriter(self._sink, self.schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self.count = 0

    def add(self, record: DocResult | Reject) -> None:
        if isinstance(record, Reject):
            row = {"kind": "reject", "doc_id": record.doc_id, "path": record.path, "content_hash": None,
                   "status": record.status, "code": record.code, "n_readings": 0}
        else:
            doc = record.doc
            row = {"kind": "result", "doc_id": doc.doc_id, "path": doc.path, "content_hash": doc.content_hash,
                   "status": doc.status, "code": None, "n_readings": len(record.readings)}
        row["seq"] = self.count
        row["record"] = encode_record(record)
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def close(self) -> bytes | None:
        """Finish the shard: its bytes when written to memory, else None once it is in place."""
        self._flush()
        self._writer.close()
        if self.target is None:
            return self._sink.getvalue().to_pybytes()
        os.replace(self._temp, self.target)
        return None

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            if self._temp and os.path.exists(self._temp):
                os.remove(self._temp)


# ------------------------------------------------------------------ reading


def _open(source: str | Path | bytes) -> pq.ParquetFile:
    where = "<shard in memory>" if isinstance(source, bytes) else str(source)
    try:
        return pq.ParquetFile(pa.BufferReader(source) if isinstance(source, bytes) else str(source))
    except (OSError, pa.ArrowInvalid) as exc:
        raise StoreError(Codes.E303, f"cannot read the shard: {exc}", where) from exc


def shard_metadata(source: str | Path | bytes) -> dict[str, str]:
    """format, partition key and coder version of a shard (THU-E303 when it is not one)."""
    meta = (_open(source).schema_arrow.metadata or {}).get(METADATA_KEY)
    if meta is None:
        where = "<shard in memory>" if isinstance(source, bytes) else str(source)
        raise StoreError(Codes.E303, "not a Thucydides shard (no shard metadata)", where)
    return json.loads(meta)


def read_shard(source: str | Path | bytes, batch_rows: int = ROWS_PER_GROUP) -> Iterator[list[DocResult | Reject]]:
    """The shard's records, rebuilt, in input order, `batch_rows` at a time."""
    shard = _open(source)
    meta = shard_metadata(source)
    if meta.get("format") != SHARD_FORMAT:
        raise StoreError(Codes.E302, f"shard format {meta.get('format')!r}; this version reads "
                                     f"{SHARD_FORMAT!r}", None if isinstance(source, bytes) else str(source))
    for batch in shard.iter_batches(batch_size=batch_rows, columns=["kind", "record"]):
        kinds, texts = batch.column(0).to_pylist(), batch.column(1).to_pylist()
        yield [decode_record(kind, text) for kind, text in zip(kinds, texts, strict=True)]
