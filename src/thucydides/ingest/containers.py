"""Files holding many documents: RSS/Atom feeds, JSONL/JSON and CSV (WARC: warc.py).

Each reader yields RawDoc or Reject records and never raises for bad input: a bad record becomes a
Reject naming the file and the record's "#line" (JSONL, CSV) or entry index (feeds, JSON arrays),
and the reader goes on with the next record. Lines and rows are read through `streams.Buffer`, so
no line, row or cell above its cap (limits.py) is ever held whole; blank lines cost next to nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import re
import time
from collections.abc import Iterator
from typing import IO, Any

from ..errors import Codes
from ..records import RawDoc, Reject
from .decode import decode_bytes
from .fields import FieldMap
from .limits import DEFAULT_LIMITS, Limits
from .streams import Buffer, CapExceeded, CompressedDataError, Overlong

Output = Iterator[RawDoc | Reject]
_TAG = re.compile(r"<[a-zA-Z!/][^>]*>")


def content_hash(text: str) -> str:
    # lone surrogates (from JSON escapes) must not raise here: the record is rejected after
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def normalise_date(value: str | None) -> str | None:
    from ..clean.dates import normalise_iso

    try:
        return normalise_iso(value)
    except Exception:  # noqa: BLE001 - a date no parser can read is no date, not a lost record
        return None


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(?:!doctype\s+html|html|head|body|article|p|div|br)\b", text[:5000], re.I))


_TEXT_FIELDS = ("doc_id", "text", "html", "url", "source", "title", "published")


def checked(item: RawDoc | Reject) -> Iterator[RawDoc | Reject]:
    """A document fit to store: lone surrogates (from JSON escapes) reject it; NUL characters are
    removed, and a partial reject after the document says how many."""
    if not isinstance(item, RawDoc):
        yield item
        return
    values = {f: getattr(item, f) for f in _TEXT_FIELDS if getattr(item, f) is not None}
    for field, value in values.items():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            yield Reject(item.path, Codes.E101, f"invalid text in {field}: a lone surrogate "
                         f"({value[exc.start]!r}) at character {exc.start}", doc_id=item.doc_id.encode(
                             "utf-8", "replace").decode("utf-8"))
            return
    nuls = {f: v.count("\x00") for f, v in values.items() if "\x00" in v}
    if not nuls:
        yield item
        return
    changes: dict[str, Any] = {f: values[f].replace("\x00", "") for f in nuls}
    if not changes.get("doc_id", item.doc_id):
        changes["doc_id"] = item.path
    if "text" in nuls or "html" in nuls:
        html = changes.get("html", item.html)
        changes["content_hash"] = content_hash(html if html is not None else changes.get("text", item.text) or "")
    doc = dataclasses.replace(item, **changes)
    yield doc
    yield Reject(item.path, Codes.E103, f"{sum(nuls.values())} NUL characters removed from the "
                 f"{', '.join(sorted(nuls))} (binary bytes in text)", doc_id=doc.doc_id, status="partial")


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
    language = _feed_language(parsed)
    for index, entry in enumerate(parsed.entries, start=1):
        where = f"{path}#{index}"
        try:
            yield _feed_entry(entry, where, outlet, max_bytes, language)
        except Exception as exc:  # noqa: BLE001 - one odd entry is one reject, the feed goes on
            yield Reject(where, Codes.E108, f"malformed feed entry: {type(exc).__name__}: {str(exc)[:300]}")


def _feed_language(parsed: Any) -> tuple[str | None, str | None]:
    """(language, basis) for entries too short to detect: the feed's declared language ("feed"),
    else the language of all its entries' text together ("file"), else (None, None)."""
    declared = (parsed.feed.get("language") or "").strip()
    if declared:
        return declared, "feed"
    from ..clean.language import MIN_PROBABILITY, detect_language

    text = "\n".join(f"{e.get('title') or ''}\n{_TAG.sub(' ', e.get('summary') or '')}" for e in parsed.entries)
    language, probability = detect_language(text[:20_000])
    return (language, "file") if language and probability >= MIN_PROBABILITY else (None, None)


def _feed_entry(
    entry: Any, where: str, outlet: str | None, max_bytes: int,
    feed_language: tuple[str | None, str | None] = (None, None),
) -> RawDoc | Reject:
    doc_id = entry.get("id") or entry.get("link") or where
    contents = entry.get("content") or []
    body = (contents[0].get("value") if contents else None) or entry.get("summary") or ""
    title = (entry.get("title") or "").strip() or None
    if not body.strip() and not title:
        return Reject(where, Codes.E102, "feed entry has no title, summary or content", doc_id=doc_id)
    detail = (contents[0] if contents else None) or entry.get("summary_detail") or {}
    language, language_basis = (detail.get("language"), "feed") if detail.get("language") else feed_language
    if len(body.encode("utf-8", "surrogatepass")) > max_bytes:
        return Reject(where, Codes.E104, f"feed entry larger than the cap of {max_bytes} bytes", doc_id=doc_id)
    published = normalise_date(entry.get("published") or entry.get("updated"))
    if published is None and (entry.get("published_parsed") or entry.get("updated_parsed")):
        parsed_time = entry.get("published_parsed") or entry.get("updated_parsed")
        published = time.strftime("%Y-%m-%dT%H:%M+00:00", parsed_time)
    is_html = bool(_TAG.search(body))
    return RawDoc(
        doc_id=doc_id,
        path=where,
        format="feed",
        text=html_to_text(body) if is_html else body.strip(),
        # a full article in the feed goes through HTML extraction; a summary stays text
        html=body if is_html and len(body) > 2000 and "<p" in body.lower() else None,
        url=entry.get("link"),
        source=outlet,
        title=title,
        published=published,
        published_basis="feed" if published else None,
        # a title-only entry is a document too: its title is its text (clean makes it the headline)
        content_hash=content_hash(body or title or ""),
        language=language,
        language_basis=language_basis if language else None,
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
    if len(content.encode("utf-8", "surrogatepass")) > max_bytes:
        return Reject(where, Codes.E104, f"record larger than the cap of {max_bytes} bytes", doc_id=doc_id)
    published = normalise_date(fields.get(record, "published"))
    language = _record_language(record)
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
        language=language,
        language_basis="record" if language else None,
    )


def _record_language(record: dict) -> str | None:
    """The language a record declares in a "language" / "lang" field, if any."""
    for name in ("language", "lang"):
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def read_jsonl(
    stream: IO[bytes] | Any, path: str, fields: FieldMap, max_bytes: int, limits: Limits = DEFAULT_LIMITS
) -> Output:
    """One JSON object per line; a bad line is rejected with its number and the rest go on."""
    buf = Buffer(stream)
    cap = max(limits.max_line_bytes, 1)
    while True:
        try:
            found = buf.next_nonblank(cap)
        except CompressedDataError as exc:
            yield Reject(f"{path}#{buf.line}", Codes.E106, f"truncated or corrupt compressed file: {exc.message}")
            return
        except CapExceeded as exc:
            yield Reject(f"{path}#{buf.line}", exc.code, f"{exc.message} (stopped in line {buf.line})",
                         status="partial")
            return
        if found is None:
            return
        number, line = found
        where = f"{path}#{number}"
        if isinstance(line, Overlong):
            yield Reject(where, Codes.E104, f"line of {line.length} bytes, above the cap of {cap} bytes")
            continue
        yield _json_line(line, where, fields, max_bytes)


def _json_line(line: bytes, where: str, fields: FieldMap, max_bytes: int) -> RawDoc | Reject:
    try:
        record = json.loads(line)
    except RecursionError:
        return Reject(where, Codes.E109, "not a JSON object: nested too deeply")
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, integers of too many digits
        return Reject(where, Codes.E109, f"not a JSON object: {str(exc)[:300]}")
    return record_to_doc(record, where, "jsonl", fields, max_bytes)


def read_json_array(data: bytes, path: str, fields: FieldMap, max_bytes: int) -> Output:
    try:
        records = json.loads(data)
    except RecursionError:
        yield Reject(path, Codes.E109, "not valid JSON: nested too deeply")
        return
    except ValueError as exc:
        yield Reject(path, Codes.E109, f"not valid JSON: {str(exc)[:300]}")
        return
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list):
        yield Reject(path, Codes.E109, f"JSON {type(records).__name__}, not an object or an array of objects")
        return
    for index, record in enumerate(records, start=1):
        yield record_to_doc(record, f"{path}#{index}", "jsonl", fields, max_bytes)


class _RowTooLong(Exception):
    pass


class _CsvLines:
    """The lines of a CSV stream as text for csv.reader: blank lines between rows skipped cheaply, a
    row above the cap skipped whole (to the line where its quotes close) and raised as _RowTooLong."""

    def __init__(self, buf: Buffer, encoding: str, cap: int):
        self.buf = buf
        self.encoding = encoding
        self.cap = cap
        self.start_line = 1
        self.undecodable: str | None = None
        self._size = 0
        self._quotes = 0

    def new_row(self) -> None:
        self._size = self._quotes = 0
        self.undecodable = None

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        if self._size == 0:
            found = self.buf.next_nonblank(self.cap)
            if found is None:
                raise StopIteration
            self.start_line, line = found
        else:
            line = self.buf.readline(max(self.cap - self._size, 1), b'"')
            if line is None:
                raise StopIteration
        if isinstance(line, Overlong) or self._size + len(line) > self.cap:
            self._size += line.length if isinstance(line, Overlong) else len(line)
            self._quotes += line.count if isinstance(line, Overlong) else line.count(b'"')
            self.finish_row()
            raise _RowTooLong(self._size)
        self._size += len(line)
        self._quotes += line.count(b'"')
        try:
            return line.decode(self.encoding)
        except UnicodeDecodeError as exc:
            self.undecodable = f"cannot decode line {self.buf.line - 1} as {self.encoding}: {exc}"
            return line.decode(self.encoding, "replace")

    def finish_row(self) -> None:
        """Skip the rest of a row left inside a quoted cell (odd number of quotes so far)."""
        while self._quotes % 2:
            line = self.buf.readline(self.cap, b'"')
            if line is None:
                return
            self._size += line.length if isinstance(line, Overlong) else len(line)
            self._quotes += line.count if isinstance(line, Overlong) else line.count(b'"')


def read_csv(
    stream: IO[bytes] | Any,
    path: str,
    fields: FieldMap,
    max_bytes: int,
    head: bytes,
    limits: Limits = DEFAULT_LIMITS,
) -> Output:
    """A CSV/TSV table with a header row; a bad row is rejected with its line and the rest go on."""
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a cut multi-byte character at the end of the sample is still UTF-8
        if exc.start < len(head) - 4:
            encoding = "cp1252"
    sample = head[:65536].decode(encoding, "replace")
    delimiter = "\t" if path.lower().endswith((".tsv", ".tsv.gz")) else _sniff_delimiter(sample)
    csv.field_size_limit(max(limits.max_field_bytes, 131072))
    lines = _CsvLines(Buffer(stream), encoding, max(limits.max_header_bytes, 1))
    reader = csv.reader(lines, delimiter=delimiter)
    header: list[str] | None = None
    while True:
        lines.new_row()
        try:
            row = next(reader)
        except StopIteration:
            if header is None:
                yield Reject(path, Codes.E102, "empty CSV file")
            return
        except _RowTooLong as exc:
            what = "header row" if header is None else "row"
            yield Reject(f"{path}#{lines.start_line}", Codes.E104,
                         f"CSV {what} of {exc.args[0]}+ bytes, above the cap of {lines.cap} bytes")
            if header is None:
                return
            continue
        except csv.Error as exc:
            lines.finish_row()
            code = Codes.E104 if "field limit" in str(exc) else Codes.E109
            yield Reject(f"{path}#{lines.start_line}", code, f"unparseable CSV row: {exc}")
            if header is None:
                return
            continue
        except CompressedDataError as exc:
            yield Reject(f"{path}#{lines.buf.line}", Codes.E106, f"truncated or corrupt compressed file: {exc.message}")
            return
        except CapExceeded as exc:
            yield Reject(f"{path}#{lines.buf.line}", exc.code, f"{exc.message} (stopped in line {lines.buf.line})",
                         status="partial")
            return
        where = f"{path}#{lines.start_line}"
        if header is None:
            header = [h.strip() for h in row]
            if lines.undecodable:
                yield Reject(where, Codes.E101, f"unreadable CSV header: {lines.undecodable}")
                return
            lines.cap = max(limits.max_line_bytes, 1)
            continue
        if lines.undecodable:
            yield Reject(where, Codes.E101, lines.undecodable)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield Reject(where, Codes.E109, f"row has {len(row)} cells, the header {len(header)}")
            continue
        yield record_to_doc(dict(zip(header, row, strict=False)), where, "csv", fields, max_bytes)


def _sniff_delimiter(sample: str) -> str:
    first_line = sample.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def decode_document(data: bytes, path: str) -> str:
    """Decode a whole single-document file (raises InputError with the code)."""
    return decode_bytes(data, path=path)
