"""Ingest: files and folders in, RawDoc records (or coded Rejects) out, streamed.

`read(paths)` walks files and folders (recursively, in sorted order, hidden files skipped),
opens gzip/bz2/xz transparently and detects each file's format by its content (the extension
only breaks ties and names what a broken file was meant to be):

* WARC / WARC.gz: every `response` record with an HTML body (warcio, streamed);
* RSS / Atom feeds: one RawDoc per entry (feedparser);
* JSONL, JSON arrays and CSV/TSV: one RawDoc per record, fields named by a `FieldMap`;
* HTML pages and plain-text pages: one RawDoc per file.

Bad input never raises out of `read()`: it yields a `Reject` with a THU-E1xx code, the path (with
"#offset" or "#line" inside containers) and the reason, then goes on with the rest.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..errors import Codes, InputError
from ..records import RawDoc, Reject
from .containers import (
    content_hash,
    looks_like_html,
    read_csv,
    read_feed,
    read_json_array,
    read_jsonl,
    read_warc,
)
from .decode import binary_kind, decode_bytes
from .fields import FieldMap

__all__ = ["read", "read_file", "detect_format", "FieldMap", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 5_000_000
HEAD_BYTES = 65536
_COMPRESSED = {b"\x1f\x8b": ("gzip", gzip.open), b"BZh": ("bzip2", bz2.open), b"\xfd7zXZ\x00": ("xz", lzma.open)}
_COMPRESSION_ERRORS = (EOFError, zlib.error, OSError, lzma.LZMAError)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)
_EXT_HINTS = {
    ".warc": "warc", ".arc": "warc", ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "csv",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text",
}  # fmt: skip


def read(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES, fields: FieldMap | None = None
) -> Iterator[RawDoc | Reject]:
    """RawDoc for every document in `paths` (files or folders), Reject for every bad input."""
    fields = fields or FieldMap()
    for path in _walk(paths):
        if isinstance(path, Reject):
            yield path
        else:
            yield from read_file(path, max_bytes=max_bytes, fields=fields)


def _walk(paths: Iterable[str | Path]) -> Iterator[Path | Reject]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.extend(Path(root) / name for name in files if not name.startswith("."))
            yield from sorted(found)
        elif path.exists():
            yield path
        else:
            yield Reject(str(path), Codes.E105, "no such file or folder")


def _extension_hint(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes if s.lower() not in (".gz", ".bz2", ".xz")]
    return _EXT_HINTS.get(suffixes[-1]) if suffixes else None


def detect_format(head: bytes, hint: str | None = None) -> str:
    """warc | feed | jsonl | json | csv | html | text, from the first bytes of the (decompressed) file."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped.startswith(b"<") and _FEED_ROOT.search(stripped[:4096]) and not re.search(
        rb"<html\b", stripped[:4096], re.I
    ):
        return "feed"
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"["):
        return "json"
    if looks_like_html(stripped[:5000].decode("utf-8", "replace")):
        return "html"
    if hint == "csv":
        return "csv"
    if hint in ("warc", "feed", "jsonl"):
        return hint  # meant to be a container but is not one: its reader rejects it with the right code
    return "text"


def _open(path: Path) -> tuple[IO[bytes], bytes, str | None]:
    """The file as a binary stream (decompressed), its first bytes, and the compression used."""
    raw = path.open("rb")
    magic = raw.read(8)
    raw.seek(0)
    for prefix, (name, opener) in _COMPRESSED.items():
        if magic.startswith(prefix):
            stream = opener(raw)
            try:
                head = stream.read(HEAD_BYTES)
            except _COMPRESSION_ERRORS as exc:
                raw.close()
                raise InputError(Codes.E106, f"truncated or corrupt {name} file: {exc}", str(path)) from exc
            stream.close()
            raw.seek(0)
            return opener(raw), head, name
    head = raw.read(HEAD_BYTES)
    raw.seek(0)
    return raw, head, None


def read_file(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, fields: FieldMap | None = None
) -> Iterator[RawDoc | Reject]:
    """Every document in one file; never raises for bad input."""
    path = Path(path)
    name = str(path)
    fields = fields or FieldMap()
    try:
        stream, head, compression = _open(path)
    except InputError as exc:
        yield Reject(name, exc.code, exc.message)
        return
    except OSError as exc:
        yield Reject(name, Codes.E105, f"cannot read file: {exc.strerror or exc}")
        return
    try:
        yield from _read_stream(stream, head, path, compression, max_bytes, fields)
    except InputError as exc:
        yield Reject(exc.path or name, exc.code, exc.message)
    except _COMPRESSION_ERRORS as exc:
        if compression:
            yield Reject(name, Codes.E106, f"truncated or corrupt {compression} file: {exc}")
        else:
            yield Reject(name, Codes.E105, f"cannot read file: {exc}")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        yield Reject(name, Codes.E130, f"internal error while reading: {type(exc).__name__}: {exc}")
    finally:
        stream.close()


def _read_stream(
    stream: IO[bytes], head: bytes, path: Path, compression: str | None, max_bytes: int, fields: FieldMap
) -> Iterator[RawDoc | Reject]:
    name = str(path)
    if not head.strip():
        yield Reject(name, Codes.E102, "empty file" if not head else "file holds only white space")
        return
    fmt = detect_format(head, _extension_hint(path))
    binary = None if fmt == "warc" else binary_kind(head)  # WARC records may carry images
    if binary is not None:
        yield Reject(name, binary[0], f"not a text document: {binary[1]}")
        return
    if fmt == "warc":
        if not head.lstrip().startswith(b"WARC/"):
            yield Reject(name, Codes.E107, "not a WARC file: it does not start with a WARC/1.x record header")
            return
        if compression == "gzip":
            # warcio reads per-record gzip members itself, so record offsets are file offsets
            stream.close()
            with path.open("rb") as raw:
                yield from read_warc(raw, name, max_bytes)
        else:
            yield from read_warc(stream, name, max_bytes)
    elif fmt == "jsonl" and not _is_pretty_json(head):
        yield from read_jsonl(stream, name, fields, max_bytes)
    elif fmt == "csv":
        yield from read_csv(stream, name, fields, max_bytes, head)
    else:
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            what = "decompressed file" if compression else "file"
            yield Reject(name, Codes.E104, f"{what} larger than the cap of {max_bytes} bytes")
            return
        if fmt == "feed":
            if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                yield Reject(name, Codes.E108, "malformed feed: the file is not XML")
                return
            yield from read_feed(data, name, max_bytes)
        elif fmt in ("json", "jsonl"):
            yield from read_json_array(data, name, fields, max_bytes)
        else:
            yield _single_document(data, name, fmt)


def _is_pretty_json(head: bytes) -> bool:
    """One JSON object spread over many lines, not JSON Lines: its first line is not a whole object."""
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0].strip()
    # a pretty-printer ends the first line with the opening brace or the first member's comma;
    # a broken JSON Lines record rarely does, and must stay a one-line reject
    return first.startswith(b"{") and first.endswith((b"{", b",", b"[")) and len(first) < len(head.strip())


def _single_document(data: bytes, name: str, fmt: str) -> RawDoc | Reject:
    try:
        text = decode_bytes(data, path=name)
    except InputError as exc:
        return Reject(name, exc.code, exc.message)
    if not text.strip():
        return Reject(name, Codes.E102, "file holds no text")
    if fmt == "html":
        url = _canonical_url(text)
        return RawDoc(doc_id=name, path=name, format="html", html=text, url=url, content_hash=content_hash(text))
    return RawDoc(doc_id=name, path=name, format="text", text=text, content_hash=content_hash(text))


def _canonical_url(html: str) -> str | None:
    head = html[:20000]
    for pattern in (
        r"""<link[^>]+rel=["']canonical["'][^>]+href=["']([^"']+)""",
        r"""<link[^>]+href=["']([^"']+)["'][^>]+rel=["']canonical""",
        r"""<meta[^>]+property=["']og:url["'][^>]+content=["']([^"']+)""",
    ):
        m = re.search(pattern, head, re.I)
        if m:
            return m.group(1).strip()
    return None
