"""Cutting the inputs into partitions, and reading one partition exactly as `ingest.read` would.

A partition is the unit of work a Dask worker codes and the unit a failure retries: a run of whole
files (small pages grouped so the scheduler handles thousands of tasks, not millions), one large
file alone (a WARC file is never split: its records cannot be found without reading it), or a byte
range of a large uncompressed JSON Lines file, cut at line ends.

The invariant everything else rests on: reading every partition in order yields the same records,
with the same doc_ids, paths and "#line"/"#offset" suffixes, as `ingest.read(paths)` on one machine.
A JSONL range therefore carries the number of its first line, counted when the file is planned.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..errors import Codes
from ..ingest import FieldMap, _walk, detect_format, read_file
from ..ingest.containers import checked, read_jsonl
from ..ingest.decode import binary_kind
from ..ingest.languages import sample_language, with_language
from ..records import RawDoc, Reject

# About 1,000 news articles of plain text, or a few hundred HTML pages: minutes of coding on one
# core, so a lost worker costs little, while the scheduler sees a few thousand tasks per million.
DEFAULT_PARTITION_BYTES = 8_000_000
DEFAULT_FILES_PER_PARTITION = 500
_COMPRESSED_MAGIC = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")
_SCAN_BLOCK = 1 << 22


@dataclass(frozen=True)
class Unit:
    """A whole input file, or a byte range of a JSON Lines file (`end` set), named as ingest names it."""

    path: str  # str(Path) as `ingest.read` walks it: what doc_ids and reject paths begin with
    size: int = 0
    mtime_ns: int = 0
    start: int = 0
    end: int | None = None  # None: the whole file
    first_line: int = 1  # number of the range's first line in the file (JSONL "#line" suffixes)

    @property
    def label(self) -> str:
        return self.path if self.end is None else f"{self.path}@{self.start}-{self.end}"


@dataclass(frozen=True)
class Partition:
    """Consecutive inputs coded by one task; `reject` is an input that cannot even be opened."""

    index: int
    units: tuple[Unit, ...] = ()
    reject: Reject | None = None
    cwd: str = field(default_factory=os.getcwd)  # where relative paths were given (the client's)

    @property
    def label(self) -> str:
        if self.reject is not None:
            return self.reject.path
        if len(self.units) == 1:
            return self.units[0].label
        return f"{self.units[0].label} .. {self.units[-1].label} ({len(self.units)} files)"

    @property
    def nbytes(self) -> int:
        return sum((u.end if u.end is not None else u.size) - u.start for u in self.units)

    def key(self, job_fingerprint: str = "") -> str:
        """Names the shard: same inputs (size, mtime, range) coded the same way -> same key."""
        spec = [dataclasses.astuple(u) for u in self.units]
        digest = hashlib.sha256(json.dumps([spec, job_fingerprint]).encode("utf-8"))
        return digest.hexdigest()[:24]


# ------------------------------------------------------------------ planning


def plan_partitions(
    paths: Iterable[str | Path],
    *,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    min_partitions: int = 1,
) -> list[Partition]:
    """The inputs in `ingest.read` order, cut into partitions of about `partition_bytes` each.

    `min_partitions` shrinks the partitions of a small corpus so that every worker gets some (a
    corpus of 10 MB on 8 workers is cut in about that many pieces, not in one of 8 MB and one of 2).
    """
    if partition_bytes < 1 or files_per_partition < 1 or min_partitions < 1:
        raise ValueError("partition_bytes, files_per_partition and min_partitions must be positive")
    cwd = os.getcwd()
    found = [item if isinstance(item, Reject) else _unit(item) for item in _walk(list(paths))]
    total = sum(u.size for u in found if isinstance(u, Unit))
    if min_partitions > 1:
        partition_bytes = max(1, min(partition_bytes, -(-total // min_partitions)))
    partitions: list[Partition] = []
    group: list[Unit] = []
    group_bytes = 0

    def close_group() -> None:
        nonlocal group_bytes
        if group:
            partitions.append(Partition(len(partitions), tuple(group), cwd=cwd))
            group.clear()
            group_bytes = 0

    for unit in found:
        if isinstance(unit, Reject):
            close_group()
            partitions.append(Partition(len(partitions), reject=unit, cwd=cwd))
            continue
        if unit.size >= partition_bytes:
            close_group()
            for piece in split_jsonl(unit, partition_bytes) if unit.size > partition_bytes else [unit]:
                partitions.append(Partition(len(partitions), (piece,), cwd=cwd))
            continue
        if group_bytes + unit.size > partition_bytes:
            close_group()
        group.append(unit)
        group_bytes += unit.size
        if len(group) >= files_per_partition:
            close_group()
    close_group()
    return partitions


def _unit(path: Path) -> Unit:
    try:
        stat = path.stat()
    except OSError:
        return Unit(str(path))  # ingest rejects it with the reason when the worker reads it
    return Unit(str(path), size=stat.st_size, mtime_ns=stat.st_mtime_ns)


def split_jsonl(unit: Unit, partition_bytes: int) -> list[Unit]:
    """Byte ranges of an uncompressed JSON Lines file, cut after a newline; else the file whole.

    Only a file `ingest` reads line by line is cut (first bytes detected as JSON Lines, first line a
    whole object, not compressed, not binary); every other file is read whole, as ingest would.
    """
    try:
        with open(unit.path, "rb") as handle:
            head = handle.read(65536)
            if not _line_delimited(head, unit.path):
                return [unit]
            return list(_ranges(handle, unit, partition_bytes))
    except OSError:
        return [unit]


def _line_delimited(head: bytes, path: str) -> bool:
    if head.startswith(_COMPRESSED_MAGIC) or binary_kind(head) is not None:
        return False
    suffix = Path(path).suffix.lower()
    if detect_format(head, "jsonl" if suffix in (".jsonl", ".ndjson", ".json") else None) != "jsonl":
        return False
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False  # a pretty-printed JSON document, or a first line longer than the head


def _ranges(handle: IO[bytes], unit: Unit, partition_bytes: int) -> Iterator[Unit]:
    """Cut points every `partition_bytes` (moved to the next line end), with line numbers counted."""
    start, line, position = 0, 1, 0
    newlines = 0  # newlines in [start, position)
    handle.seek(0)
    while True:
        target = start + partition_bytes
        if target >= unit.size:
            yield dataclasses.replace(unit, start=start, end=unit.size, first_line=line)
            return
        while position < target:  # count whole blocks up to the target
            block = handle.read(min(_SCAN_BLOCK, target - position))
            if not block:
                break
            newlines += block.count(b"\n")
            position += len(block)
        cut = _next_line_end(handle, position)
        if cut is None or cut >= unit.size:
            yield dataclasses.replace(unit, start=start, end=unit.size, first_line=line)
            return
        handle.seek(position)
        newlines += handle.read(cut - position).count(b"\n")
        yield dataclasses.replace(unit, start=start, end=cut, first_line=line)
        start, position, line, newlines = cut, cut, line + newlines, 0


def _next_line_end(handle: IO[bytes], position: int) -> int | None:
    """Offset just after the first newline at or after `position`."""
    handle.seek(position)
    offset = position
    while block := handle.read(1 << 16):
        found = block.find(b"\n")
        if found >= 0:
            return offset + found + 1
        offset += len(block)
    return None


# ------------------------------------------------------------------ reading


def read_partition(
    partition: Partition, *, max_bytes: int, fields: FieldMap | None = None
) -> Iterator[RawDoc | Reject]:
    """The records of a partition, named as `ingest.read` on the client's machine names them."""
    if partition.reject is not None:
        yield partition.reject
        return
    for unit in partition.units:
        yield from read_unit(unit, partition.cwd, max_bytes=max_bytes, fields=fields)


def read_unit(unit: Unit, cwd: str, *, max_bytes: int, fields: FieldMap | None = None) -> Iterator[RawDoc | Reject]:
    # A worker started elsewhere (a cluster node) may sit in another folder: open the file by its
    # absolute path, then give records the names the client's relative path gives them.
    opened = unit.path
    if not os.path.isabs(opened) and os.path.realpath(os.getcwd()) != os.path.realpath(cwd):
        opened = str(Path(cwd) / unit.path)
    if unit.end is None:
        records: Iterable[RawDoc | Reject] = read_file(opened, max_bytes=max_bytes, fields=fields)
        line_shift = 0
    else:
        records = _read_range(unit, opened, max_bytes, fields or FieldMap())
        line_shift = unit.first_line - 1
    if opened == unit.path and not line_shift:
        yield from records
        return
    for record in records:
        yield _renamed(record, str(Path(opened)), unit.path, line_shift)


def _read_range(unit: Unit, opened: str, max_bytes: int, fields: FieldMap) -> Iterator[RawDoc | Reject]:
    try:
        handle = open(opened, "rb")
    except OSError as exc:
        yield Reject(unit.path, Codes.E105, f"cannot read file: {exc.strerror or exc}")
        return
    with handle:
        assert unit.end is not None
        # the language of records too short to tell theirs: the file's first records taken together,
        # as ingest reads it from the whole file (ingest/languages.py)
        first = read_jsonl(handle, str(Path(opened)), fields, max_bytes)
        language = sample_language(i for r in first for i in checked(r))
        first.close()
        handle.seek(unit.start)
        # numbered from 1 by the reader; _renamed shifts the numbers to the file's
        for record in read_jsonl(_RangeStream(handle, unit.end), str(Path(opened)), fields, max_bytes):
            yield from checked(with_language(record, language))


class _RangeStream:
    """A binary stream that ends at byte `end` of the file (what `read_jsonl` calls on it)."""

    def __init__(self, handle: IO[bytes], end: int):
        self.handle = handle
        self.end = end

    def readline(self, limit: int = -1) -> bytes:
        left = self.end - self.handle.tell()
        if left <= 0:
            return b""
        return self.handle.readline(left if limit is None or limit < 0 else min(limit, left))

    def read(self, size: int = -1) -> bytes:
        left = self.end - self.handle.tell()
        if left <= 0:
            return b""
        return self.handle.read(left if size is None or size < 0 else min(size, left))


def _renamed(record: RawDoc | Reject, opened: str, shown: str, line_shift: int) -> RawDoc | Reject:
    def rename(value: str | None) -> str | None:
        if value is None or not (value == opened or value.startswith(opened + "#")):
            return value
        suffix = value[len(opened):]
        if line_shift and suffix[1:].isdigit():
            suffix = f"#{int(suffix[1:]) + line_shift}"
        return shown + suffix

    return dataclasses.replace(record, path=rename(record.path), doc_id=rename(record.doc_id))


def describe(partitions: Sequence[Partition]) -> dict[str, int]:
    """Counts for the log line that opens a run."""
    return {
        "partitions": len(partitions),
        "files": len({u.path for p in partitions for u in p.units}),
        "bytes": sum(p.nbytes for p in partitions),
    }
