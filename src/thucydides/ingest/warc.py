"""WARC files, plain or gzipped: every `response` or `resource` record with an HTML body.

The reader frames records itself, with caps, and hands each whole record to warcio to parse (WARC and
HTTP headers, chunked and compressed bodies). Framing checks each record's Content-Length against what
follows it: a record whose length is wrong is one reject, and reading resynchronises on the next
record header, whether the length fell short (the rest of the record is skipped) or ran past the
next record (which is read again from its header). A bad record, an oversize header, junk between
records or a corrupt gzip member is one reject with its offset, and the reader goes on; a file cut
short keeps every record before the cut.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import IO, Any

from ..errors import Codes, InputError
from ..records import RawDoc, Reject
from .containers import content_hash, looks_like_html, normalise_date
from .decode import charset_of, decode_bytes
from .limits import DEFAULT_LIMITS, Limits
from .streams import Buffer, CapExceeded, CompressedDataError, Overlong

Output = Iterator[RawDoc | Reject]
_NEXT_RECORD = b"\r\n\r\nWARC/1."
_RETAIN_CAP = 64 << 20  # bytes kept after a next-record header found inside a record, for re-reading


def read_warc(
    stream: IO[bytes] | Any,
    path: str,
    max_bytes: int,
    limits: Limits = DEFAULT_LIMITS,
    where: Callable[[int], str] = str,
) -> Output:
    """Every page record of a WARC stream; `where` names a stream offset (gzip: member offsets)."""
    buf = Buffer(stream)
    while True:
        start = buf.offset
        try:
            found = _next_record(buf, path, max_bytes, limits, lambda offset: f"{path}#{where(offset)}")
        except (CompressedDataError, CapExceeded) as exc:
            what = "truncated or corrupt compressed WARC: " if isinstance(exc, CompressedDataError) else ""
            yield Reject(f"{path}#{where(start)}", exc.code, what + exc.message,
                         status="partial" if isinstance(exc, CapExceeded) else "rejected")
            if not exc.resumable:
                return
            buf.discard_buffered()  # what came out of the broken member so far
            continue
        if found is None:
            return
        yield from found


def _next_record(
    buf: Buffer, path: str, max_bytes: int, limits: Limits, name: Callable[[int], str]
) -> list[RawDoc | Reject] | None:
    """The outcome of the next record (an empty list for a record that holds no page), None at the end."""
    start = buf.offset
    cap = limits.max_header_bytes
    line = buf.readline(cap)
    if line is None:
        return None
    if isinstance(line, Overlong):
        skipped = line.length + buf.skip_to_line_start(b"WARC/")
        return [Reject(name(start), Codes.E104, f"a line of {line.length} bytes where a WARC record should start "
                                                f"(header cap {cap} bytes): {skipped} bytes skipped to the next record")]
    if not line.strip():
        return []
    if not line.startswith(b"WARC/"):
        skipped = len(line) + buf.skip_to_line_start(b"WARC/")
        return [Reject(name(start), Codes.E107, f"malformed WARC: {skipped} bytes that are no record skipped "
                                                "to the next record header")]
    lines = [line]
    size = len(line)
    while True:
        header_line = buf.readline(cap - size) if size < cap else Overlong(0)
        if header_line is None:
            return [Reject(name(start), Codes.E107, "malformed WARC record: the file ends inside its header")]
        if isinstance(header_line, Overlong):
            buf.skip_to_line_start(b"WARC/")
            return [Reject(name(start), Codes.E104, f"WARC record header larger than the cap of {cap} bytes: "
                                                    "skipped to the next record")]
        lines.append(header_line)
        size += len(header_line)
        if not header_line.strip():
            break
    headers = _headers(lines[1:])
    declared = headers.get("content-length")
    if declared is None or not declared.strip().isdigit():
        buf.skip_to_line_start(b"WARC/")
        return [Reject(name(start), Codes.E107,
                       f"malformed WARC record: Content-Length is {declared!r}, not a number of bytes")]
    length = int(declared)
    page = headers.get("warc-type", "").lower() in ("response", "resource")
    keep = max_bytes + limits.max_header_bytes if page else 0
    kept, consumed, marker_at, retained = buf.read_block(length, keep, _NEXT_RECORD, max(_RETAIN_CAP, keep))
    if consumed < length or not _ends_record(buf):
        return [_bad_length(buf, name(start), length, consumed, marker_at, retained)]
    if not page:
        return []
    found = _page(b"".join(lines) + kept, length > keep, max_bytes, name(start))
    return [] if found is None else [found]


def _headers(lines: list[bytes]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for raw in lines:
        key, sep, value = raw.decode("utf-8", "replace").partition(":")
        if sep:
            headers.setdefault(key.strip().lower(), value.strip())
    return headers


def _ends_record(buf: Buffer) -> bool:
    """Whether only line breaks, then the next record header or the end, follow a record's content."""
    look = buf.peek(4096)  # a stream error here is raised by the next read, and names the next record
    if look.startswith((b"\r\n\r\n", b"\n\n")):
        return True  # the record's own end: junk after it is the next reject's business
    rest = look.lstrip(b"\r\n")
    return not rest or rest.startswith(b"WARC/")


def _bad_length(buf: Buffer, where: str, length: int, consumed: int, marker_at: int | None,
                retained: bytes | None) -> Reject:
    if marker_at is not None:
        # the record runs past the next record's header: read that record again from its header
        if retained is not None:
            buf.unread(retained[4:])
        else:
            buf.skip_to_line_start(b"WARC/")
        return Reject(where, Codes.E107, f"malformed WARC record: its Content-Length {length} runs past the next "
                                         f"record, which starts {marker_at + 4} bytes into its content")
    if consumed < length:
        return Reject(where, Codes.E107, f"truncated WARC record: {consumed} of its {length} content bytes")
    skipped = buf.skip_to_line_start(b"WARC/")
    return Reject(where, Codes.E107, f"malformed WARC record: {skipped} bytes follow its Content-Length {length} "
                                     "before the next record (the length is wrong)")


def _page(record_bytes: bytes, cut: bool, max_bytes: int, where: str) -> RawDoc | Reject | None:
    """The page in one whole record (warcio parses it), a Reject, or None for records that hold no page."""
    from warcio.recordloader import ArcWarcRecordLoader

    url = None
    try:
        record = ArcWarcRecordLoader().parse_record_stream(io.BytesIO(record_bytes), known_format="warc")
        url = record.rec_headers.get_header("WARC-Target-URI")
        if record.http_headers is not None:
            status = record.http_headers.get_statuscode()
            if status and not status.startswith("2"):
                return None  # redirects and errors carry no article
            content_type = record.http_headers.get_header("Content-Type")
        else:
            content_type = record.rec_headers.get_header("Content-Type")
        if content_type and not re.search(r"html|xml", content_type, re.I):
            return None  # images, scripts, style sheets: not pages
        if cut:
            return Reject(where, Codes.E104, f"record body larger than the cap of {max_bytes} bytes", doc_id=url)
        body = record.content_stream().read(max_bytes + 1)
        warc_date = record.rec_headers.get_header("WARC-Date")
    except Exception as exc:  # noqa: BLE001 - warcio raises many types on broken records; one record, one reject
        return Reject(where, Codes.E107, f"malformed WARC record: {type(exc).__name__}: {str(exc)[:300]}", doc_id=url)
    if len(body) > max_bytes:
        return Reject(where, Codes.E104, f"record body larger than the cap of {max_bytes} bytes", doc_id=url)
    if not body.strip():
        return Reject(where, Codes.E102, "empty response body", doc_id=url)
    try:
        html = decode_bytes(body, declared=charset_of(content_type))
    except InputError as exc:
        return Reject(where, exc.code, exc.message, doc_id=url)
    if not content_type and not looks_like_html(html):
        return None
    published = normalise_date(warc_date)
    return RawDoc(
        doc_id=url or where,
        path=where,
        format="warc",
        html=html,
        url=url,
        published=published,
        published_basis="warc-date" if published else None,
        content_hash=content_hash(html),
    )
