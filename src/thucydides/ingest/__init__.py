"""Ingest: files and folders in, RawDoc records (or coded Rejects) out, streamed.

`read(paths)` walks files and folders (recursively, in sorted order, hidden files skipped),
opens gzip/bz2/xz transparently and detects each file's format by its content (the extension
only breaks ties and names what a broken file was meant to be):

* WARC / WARC.gz: every `response` record with an HTML body (warcio, streamed);
* RSS / Atom feeds: one RawDoc per entry (feedparser);
* JSONL, JSON arrays and CSV/TSV: one RawDoc per record, fields named by a `FieldMap`;
* HTML pages and plain-text pages: one RawDoc per file.

Bad input never raises out of `read()`: it yields a `Reject` with a THU-E1xx code, the path (with
"#offset" or "#line" inside containers) and the reason, then goes on with the rest. One bad record
is one reject; caps (limits.py, the [ingest] settings) bound what any line, row, header or
decompressed file may cost, and what a cap drops is a reject too. Files that are not regular files
(FIFOs, devices, sockets) are rejected without being opened. NUL characters are removed from what
is read, recorded as a partial reject (status "partial") after the document.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import Codes, InputError
from ..records import RawDoc, Reject
from .containers import (
    checked,
    content_hash,
    looks_like_html,
    read_csv,
    read_feed,
    read_json_array,
    read_jsonl,
)
from .decode import binary_kind, decode_bytes, utf16_without_bom
from .fields import FieldMap
from .languages import with_file_language
from .limits import DEFAULT_LIMITS, Limits
from .streams import Decompressed, compression_of
from .warc import read_warc

__all__ = ["read", "read_file", "detect_format", "FieldMap", "Limits", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 5_000_000
HEAD_BYTES = 65536
_COMPRESSION_ERRORS = (EOFError, zlib.error, OSError)
_SPECIAL = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
            stat.S_IFBLK: "a block device"}
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)
_EXT_HINTS = {
    ".warc": "warc", ".arc": "warc", ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "csv",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text",
}  # fmt: skip


def read(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fields: FieldMap | None = None,
    limits: Limits | None = None,
) -> Iterator[RawDoc | Reject]:
    """RawDoc for every document in `paths` (files or folders), Reject for every bad input."""
    fields = fields or FieldMap()
    for path in _walk(paths):
        if isinstance(path, Reject):
            yield path
        else:
            yield from read_file(path, max_bytes=max_bytes, fields=fields, limits=limits)


def _special_kind(path: Path) -> str | None:
    """What a path that is no regular file is (a FIFO, socket, device), without opening it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # opening it names the error
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return _SPECIAL.get(stat.S_IFMT(mode), "not a regular file")


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
        elif path.is_symlink():
            yield Reject(str(path), Codes.E105, "broken symbolic link")
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


def _open_regular(path: Path) -> IO[bytes]:
    """The file opened for reading; a FIFO, socket or device is refused before any read (a FIFO
    swapped in after the check is opened non-blocking, so it cannot hang the run)."""
    kind = _special_kind(path)
    if kind is not None:
        raise InputError(Codes.E105, f"not a regular file ({kind}): skipped unread", str(path))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = _SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
        raise InputError(Codes.E105, f"not a regular file ({kind}): skipped unread", str(path))
    return os.fdopen(fd, "rb")


def _read_all(stream: Any, size: int) -> tuple[bytes, InputError | None]:
    """Up to `size` bytes, and the error that stopped reading early (the bytes before it stand)."""
    parts: list[bytes] = []
    got = 0
    try:
        while got < size:
            data = stream.read(min(size - got, 1 << 20))
            if not data:
                break
            parts.append(data)
            got += len(data)
    except InputError as exc:
        return b"".join(parts), exc
    return b"".join(parts), None


def _open(path: Path, limits: Limits) -> tuple[Any, bytes, str | None]:
    """The file as a binary stream (decompressed), its first bytes, and the compression used."""
    raw = _open_regular(path)
    magic = raw.read(8)
    raw.seek(0)
    compression = compression_of(magic)
    if compression is None:
        head = raw.read(HEAD_BYTES)
        raw.seek(0)
        return raw, head, None
    head, error = _read_all(Decompressed(raw, compression, limits), HEAD_BYTES)
    if error is not None and not head:
        raw.close()
        raise InputError(error.code, f"truncated or corrupt {compression} file: {error.message}", str(path))
    raw.seek(0)
    return Decompressed(raw, compression, limits, resync=True), head, compression


def read_file(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fields: FieldMap | None = None,
    limits: Limits | None = None,
) -> Iterator[RawDoc | Reject]:
    """Every document in one file; never raises for bad input."""
    path = Path(path)
    name = str(path)
    fields = fields or FieldMap()
    limits = limits or DEFAULT_LIMITS
    try:
        stream, head, compression = _open(path, limits)
    except InputError as exc:
        yield Reject(name, exc.code, exc.message)
        return
    except OSError as exc:
        yield Reject(name, Codes.E105, f"cannot read file: {exc.strerror or exc}")
        return
    try:
        # checked before the file's language is sampled: a rejected record must not sway it
        items = _read_stream(stream, head, path, compression, max_bytes, fields, limits)
        yield from with_file_language(i for item in items for i in checked(item))
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
    stream: Any, head: bytes, path: Path, compression: str | None, max_bytes: int, fields: FieldMap,
    limits: Limits,
) -> Iterator[RawDoc | Reject]:
    name = str(path)
    if not head.strip():
        yield Reject(name, Codes.E102, "empty file" if not head else "file holds only white space")
        return
    utf16 = utf16_without_bom(head)
    sniffed = head.decode(utf16, "replace").encode("utf-8") if utf16 else head
    fmt = detect_format(sniffed, _extension_hint(path))
    binary = None if fmt == "warc" or utf16 else binary_kind(head)  # WARC records may carry images
    if binary is not None:
        yield Reject(name, binary[0], f"not a text document: {binary[1]}")
        return
    if utf16 and fmt not in ("html", "text", "feed", "json"):
        # a container in UTF-16: read it whole (capped) as UTF-8, record by record as usual
        data, error = _read_all(stream, max_bytes + 1)
        if len(data) > max_bytes:
            yield Reject(name, Codes.E104, f"UTF-16 file larger than the cap of {max_bytes} bytes")
            return
        stream, compression, utf16 = io.BytesIO(data.decode(utf16, "replace").encode("utf-8")), None, None
        head = stream.getvalue()[:HEAD_BYTES]
        if error is not None:
            yield Reject(name, error.code, error.message)
    if fmt == "warc":
        if not head.lstrip().startswith(b"WARC/"):
            yield Reject(name, Codes.E107, "not a WARC file: it does not start with a WARC/1.x record header")
            return
        where = stream.where if isinstance(stream, Decompressed) else str
        yield from read_warc(stream, name, max_bytes, limits, where)
    elif fmt == "jsonl" and not _is_pretty_json(head):
        yield from read_jsonl(stream, name, fields, max_bytes, limits)
    elif fmt == "csv":
        yield from read_csv(stream, name, fields, max_bytes, head, limits)
    else:
        cap = max_bytes if fmt in ("html", "text") else max(limits.max_feed_bytes, max_bytes)
        data, error = _read_all(stream, cap + 1)
        if error is not None:
            yield Reject(name, error.code, error.message)
            return
        if len(data) > cap:
            what = "decompressed file" if compression else "file"
            yield Reject(name, Codes.E104, f"{what} larger than the cap of {cap} bytes")
            return
        if fmt == "feed":
            if utf16:
                data = data.decode(utf16, "replace").encode("utf-8")
                data = re.sub(rb"""(<\?xml[^>]*encoding=["'])[^"']*""", rb"\1utf-8", data, count=1)
            if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                yield Reject(name, Codes.E108, "malformed feed: the file is not XML")
                return
            yield from read_feed(data, name, max_bytes)
        elif fmt in ("json", "jsonl"):
            yield from read_json_array(data.decode(utf16, "replace").encode("utf-8") if utf16 else data,
                                       name, fields, max_bytes)
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
