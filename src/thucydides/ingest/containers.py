"""Files holding many documents: WARC, RSS/Atom feeds, JSONL/JSON and CSV.

Each reader yields RawDoc or Reject records and never raises for bad input: a bad record becomes a
Reject naming the file and the record's "#offset" (WARC) or "#line" (JSONL, CSV, feed entry index),
and the reader goes on with the next record where the format allows it.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
import time
import zlib
from collections.abc import Iterator
from typing import IO, Any

from ..errors import Codes, InputError
from ..records import RawDoc, Reject
from .decode import charset_of, decode_bytes
from .fields import FieldMap

Output = Iterator[RawDoc | Reject]
_TAG = re.compile(r"<[a-zA-Z!/][^>]*>")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _normalise_date(value: str | None) -> str | None:
    from ..clean.dates import normalise_iso

    return normalise_iso(value)


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(?:!doctype\s+html|html|head|body|article|p|div|br)\b", text[:5000], re.I))


# ---------------------------------------------------------------- WARC


def read_warc(stream: IO[bytes], path: str, max_bytes: int) -> Output:
    """Every `response` (or `resource`) record with an HTML body, streamed record by record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    iterator = ArchiveIterator(stream, arc2warc=True)
    offset = 0  # where the record being read starts: the end of the last good one
    try:
        for record in iterator:
            # the body must be read before asking for the offset: warcio skips to the end to compute it
            found = _warc_record(record, max_bytes)
            offset = iterator.get_record_offset()
            next_offset = offset + iterator.get_record_length()
            where = f"{path}#{offset}"
            offset = next_offset
            if found is None:
                continue
            if isinstance(found, Reject):
                yield Reject(where, found.code, found.message, doc_id=found.doc_id)
            else:
                yield dataclasses.replace(found, path=where, doc_id=found.doc_id or where)
    except MalformedWarc as exc:
        yield Reject(f"{path}#{offset}", Codes.E107, f"malformed WARC record: {exc}")
    except ArchiveLoadFailed as exc:
        yield Reject(f"{path}#{offset}", Codes.E107, f"malformed WARC record: {str(exc).strip()[:300]}")
    except (EOFError, zlib.error, OSError) as exc:
        yield Reject(f"{path}#{offset}", Codes.E106, f"truncated or corrupt compressed WARC: {exc}")
    except (ValueError, KeyError, IndexError, UnicodeDecodeError) as exc:
        yield Reject(f"{path}#{offset}", Codes.E107, f"malformed WARC record: {type(exc).__name__}: {exc}")


class MalformedWarc(ValueError):
    pass


def _warc_record(record: Any, max_bytes: int) -> RawDoc | Reject | None:
    """The page in one record (path filled in by the caller), a Reject, or None for non-pages."""
    length = record.rec_headers.get_header("Content-Length")
    if length is None or not length.strip().isdigit():
        # warcio reads on with a guessed length; what follows cannot be trusted
        raise MalformedWarc(f"record Content-Length is {length!r}, not a number of bytes")
    if record.rec_type not in ("response", "resource"):
        return None
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status and not status.startswith("2"):
            return None  # redirects and errors carry no article
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    url = record.rec_headers.get_header("WARC-Target-URI")
    if content_type and not re.search(r"html|xml", content_type, re.I):
        return None  # images, scripts, style sheets: not pages
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Reject("", Codes.E104, f"record body larger than the cap of {max_bytes} bytes", doc_id=url)
    if not body.strip():
        return Reject("", Codes.E102, "empty response body", doc_id=url)
    try:
        html = decode_bytes(body, declared=charset_of(content_type))
    except InputError as exc:
        return Reject("", exc.code, exc.message, doc_id=url)
    if not content_type and not looks_like_html(html):
        return None
    warc_date = _normalise_date(record.rec_headers.get_header("WARC-Date"))
    return RawDoc(
        doc_id=url or "",
        path="",
        format="warc",
        html=html,
        url=url,
        published=warc_date,
        published_basis="warc-date" if warc_date else None,
        content_hash=content_hash(html),
    )


# ---------------------------------------------------------------- feeds


def read_feed(data: bytes, path: str, max_bytes: int) -> Output:
    """RSS/Atom entries: title, link, date, summary or content; the outlet is the feed's title."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = parsed.get("bozo_exception") if parsed.bozo else "no entries"
        yield Reject(path, Codes.E108, f"malformed or empty feed: {reason}")
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    for index, entry in enumerate(parsed.entries, start=1):
        where = f"{path}#{index}"
        doc_id = entry.get("id") or entry.get("link") or where
        contents = entry.get("content") or []
        body = (contents[0].get("value") if contents else None) or entry.get("summary") or ""
        if not body.strip():
            yield Reject(where, Codes.E102, "feed entry has no summary or content", doc_id=doc_id)
            continue
        if len(body.encode("utf-8")) > max_bytes:
            yield Reject(where, Codes.E104, f"feed entry larger than the cap of {max_bytes} bytes", doc_id=doc_id)
            continue
        published = _normalise_date(entry.get("published") or entry.get("updated"))
        if published is None and (entry.get("published_parsed") or entry.get("updated_parsed")):
            parsed_time = entry.get("published_parsed") or entry.get("updated_parsed")
            published = time.strftime("%Y-%m-%dT%H:%M+00:00", parsed_time)
        is_html = bool(_TAG.search(body))
        yield RawDoc(
            doc_id=doc_id,
            path=where,
            format="feed",
            text=html_to_text(body) if is_html else body.strip(),
            # a full article in the feed goes through HTML extraction; a summary stays text
            html=body if is_html and len(body) > 2000 and "<p" in body.lower() else None,
            url=entry.get("link"),
            source=outlet,
            title=(entry.get("title") or "").strip() or None,
            published=published,
            published_basis="feed" if published else None,
            content_hash=content_hash(body),
        )


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one block element per paragraph."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on broken markup; fall back to tag stripping
        return _TAG.sub(" ", fragment).strip()
    for element in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote"):
        element.tail = "\n\n" + (element.tail or "")
    text = root.text_content()
    return re.sub(r"\n\s*\n\s*", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


# ---------------------------------------------------------------- records (JSONL, JSON, CSV)


def record_to_doc(record: Any, where: str, fmt: str, fields: FieldMap, max_bytes: int) -> RawDoc | Reject:
    if not isinstance(record, dict):
        return Reject(where, Codes.E109, f"record is a JSON {type(record).__name__}, not an object")
    own_id = fields.get(record, "id")
    url = fields.get(record, "url")
    doc_id = own_id or url or where
    text = fields.get(record, "text")
    html = fields.get(record, "html")
    if text is None and html is None:
        tried = ", ".join(fields.text + fields.html)
        return Reject(where, Codes.E109, f"record has no text (fields tried: {tried})", doc_id=doc_id)
    content = html if html is not None else text or ""
    if len(content.encode("utf-8")) > max_bytes:
        return Reject(where, Codes.E104, f"record larger than the cap of {max_bytes} bytes", doc_id=doc_id)
    published = _normalise_date(fields.get(record, "published"))
    return RawDoc(
        doc_id=doc_id,
        path=where,
        format=fmt,
        text=text,
        html=html,
        url=url,
        source=fields.get(record, "source"),
        title=fields.get(record, "title"),
        published=published,
        published_basis="record" if published else None,
        content_hash=content_hash(content),
    )


def read_jsonl(stream: IO[bytes], path: str, fields: FieldMap, max_bytes: int) -> Output:
    """One JSON object per line; a bad line is rejected with its number and the rest go on."""
    number = 0
    while True:
        try:
            line = stream.readline(max_bytes + 2)
        except (EOFError, zlib.error, OSError) as exc:
            yield Reject(f"{path}#{number + 1}", Codes.E106, f"truncated or corrupt compressed file: {exc}")
            return
        if not line:
            return
        number += 1
        where = f"{path}#{number}"
        if len(line) > max_bytes + 1:
            yield Reject(where, Codes.E104, f"line longer than the cap of {max_bytes} bytes")
            while line and not line.endswith(b"\n"):  # skip the rest of the oversize line
                line = stream.readline(1 << 20)
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Reject(where, Codes.E109, f"not a JSON object: {exc}")
            continue
        yield record_to_doc(record, where, "jsonl", fields, max_bytes)


def read_json_array(data: bytes, path: str, fields: FieldMap, max_bytes: int) -> Output:
    try:
        records = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield Reject(path, Codes.E109, f"not valid JSON: {exc}")
        return
    if isinstance(records, dict):
        records = [records]
    for index, record in enumerate(records, start=1):
        yield record_to_doc(record, f"{path}#{index}", "jsonl", fields, max_bytes)


def read_csv(stream: IO[bytes], path: str, fields: FieldMap, max_bytes: int, head: bytes) -> Output:
    """A CSV/TSV table with a header row; a bad row is rejected with its line and the rest go on."""
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a cut multi-byte character at the end of the sample is still UTF-8
        if exc.start < len(head) - 4:
            encoding = "cp1252"
    text_stream = io.TextIOWrapper(stream, encoding=encoding, newline="")
    sample = head[:65536].decode(encoding, "replace")
    delimiter = "\t" if path.lower().endswith((".tsv", ".tsv.gz")) else _sniff_delimiter(sample)
    csv.field_size_limit(max(max_bytes + 1024, 131072))
    reader = csv.reader(text_stream, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield Reject(path, Codes.E102, "empty CSV file")
        return
    except (csv.Error, UnicodeDecodeError, EOFError, zlib.error, OSError) as exc:
        yield Reject(f"{path}#1", Codes.E109, f"unreadable CSV header: {exc}")
        return
    header = [h.strip() for h in header]
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Reject(f"{path}#{line}", Codes.E109, f"unparseable CSV row: {exc}")
            continue
        except UnicodeDecodeError as exc:
            yield Reject(f"{path}#{line}", Codes.E101, f"cannot decode the rest of the file as {encoding}: {exc}")
            return
        except (EOFError, zlib.error, OSError) as exc:
            yield Reject(f"{path}#{line}", Codes.E106, f"truncated or corrupt compressed file: {exc}")
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield Reject(f"{path}#{line}", Codes.E109, f"row has {len(row)} cells, the header {len(header)}")
            continue
        record = dict(zip(header, row, strict=False))
        yield record_to_doc(record, f"{path}#{line}", "csv", fields, max_bytes)


def _sniff_delimiter(sample: str) -> str:
    first_line = sample.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def decode_document(data: bytes, path: str) -> str:
    """Decode a whole single-document file (raises InputError with the code)."""
    return decode_bytes(data, path=path)
