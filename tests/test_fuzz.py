"""Fuzzing (issue 19, item 6): random and mutated bytes into every reader and into the cleaner.

Each property asserts one outcome: documents, rejects (coded THU-E1xx), never an exception. Seeds
are small valid files of each format; mutations flip, cut, insert and repeat bytes, and compress
the result. Examples stay few and small so the file runs in well under a minute.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thucydides.clean import clean
from thucydides.errors import InputError
from thucydides.ingest import FieldMap, Limits, read
from thucydides.ingest.containers import read_csv, read_feed, read_json_array, read_jsonl
from thucydides.ingest.warc import read_warc
from thucydides.records import CleanDoc, RawDoc, Reject

FUZZ = settings(max_examples=80, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TINY = Limits(max_line_bytes=2000, max_field_bytes=1000, max_header_bytes=600, max_feed_bytes=20_000,
              max_decompressed_bytes=200_000, max_compression_ratio=50, ratio_after_bytes=20_000)


def _warc(url: str, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nContent-Length: {len(http)}\r\n\r\n"
    return head.encode() + http + b"\r\n\r\n"


PAGE = b"<html><head><title>T</title></head><body><p>Talks resumed in Geneva on Monday, officials said.</p></body></html>"
SEEDS = {
    "a.warc": _warc("http://x/1", PAGE) + _warc("http://x/2", PAGE.replace(b"Geneva", b"Vienna")),
    "b.jsonl": b'{"id": "1", "text": "Talks resumed."}\n{"id": "2", "html": "<p>Second</p>"}\n\n{"id": 3}\n',
    "c.csv": b'id,text,title\n1,"Talks resumed, officials said.",T\n2,"two\nlines",U\n',
    "d.rss": b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><guid>1</guid>'
             b"<title>Talks</title><description>Talks resumed.</description></item></channel></rss>",
    "e.html": PAGE,
    "f.txt": "Talks resumed in Gen\u00e8ve on Monday.\n\nOfficials said so.".encode(),
    "g.json": b'[{"id": "1", "text": "One."}, {"id": "2", "text": "Two."}]',
}
NAMES = sorted(SEEDS)
COMPRESSORS = {"": lambda b: b, ".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(max_size=40) | st.sampled_from(
                [b"\x00", b"\n" * 50, b"WARC/1.0\r\n", b"\r\n\r\n", b'"', b"\\ud800", b"[" * 3000, b"\xff\xfe"]))
        elif kind == "repeat":
            data[at:at] = bytes(data[at:at + draw(st.integers(1, 30))]) * draw(st.integers(2, 50))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 20))]
    return bytes(data)


def assert_outcomes(items, nul_free: bool = True) -> list:
    """Documents and coded rejects only; documents fit to store (read() removes NULs)."""
    items = list(items)
    for item in items:
        assert isinstance(item, (RawDoc, Reject)), item
        if isinstance(item, Reject):
            assert item.code.startswith("THU-E1") and item.path and item.message
        else:
            assert item.doc_id and item.content_hash
            for value in (item.text, item.html, item.title, item.doc_id):
                assert value is None or not nul_free or "\x00" not in value
    return items


def read_bytes(name: str, data: bytes, limits: Limits | None = None) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return assert_outcomes(read([path], limits=limits))


@FUZZ
@given(name=st.sampled_from(NAMES), compression=st.sampled_from(sorted(COMPRESSORS)), data=st.data())
def test_mutated_files_give_documents_or_rejects(name, compression, data):
    payload = data.draw(mutated(SEEDS[name]))
    if data.draw(st.booleans()):
        payload = COMPRESSORS[compression](payload)
    else:
        payload = data.draw(mutated(COMPRESSORS[compression](payload)))
    read_bytes(name + compression, payload, TINY if data.draw(st.booleans()) else None)


@FUZZ
@given(name=st.sampled_from(NAMES + ["h", "i.gz", "j.warc.gz"]),
       prefix=st.sampled_from([b"", b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b"BZh9", b"{", b"[", b"<rss>", b"\xff\xfe"]),
       body=st.binary(max_size=3000))
def test_random_bytes_give_documents_or_rejects(name, prefix, body):
    read_bytes(name, prefix + body)


@FUZZ
@given(data=st.data())
def test_each_container_reader_on_mutated_streams(data):
    limits = TINY if data.draw(st.booleans()) else Limits()
    fields = FieldMap()
    warc = data.draw(mutated(SEEDS["a.warc"]))
    assert_outcomes(read_warc(io.BytesIO(warc), "x.warc", 5000, limits), nul_free=False)
    lines = data.draw(mutated(SEEDS["b.jsonl"]))
    assert_outcomes(read_jsonl(io.BytesIO(lines), "x.jsonl", fields, 5000, limits))
    table = data.draw(mutated(SEEDS["c.csv"]))
    assert_outcomes(read_csv(io.BytesIO(table), "x.csv", fields, 5000, table[:65536], limits), nul_free=False)
    assert_outcomes(read_feed(data.draw(mutated(SEEDS["d.rss"])), "x.rss", 5000), nul_free=False)
    assert_outcomes(read_json_array(data.draw(mutated(SEEDS["g.json"])), "x.json", fields, 5000),
                    nul_free=False)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), html=st.booleans())
def test_cleaner_gives_a_document_or_a_coded_rejection(data, html):
    seed = SEEDS["e.html"] if html else SEEDS["f.txt"]
    text = data.draw(mutated(seed)).decode("utf-8", "replace")
    text += data.draw(st.text(max_size=200))
    raw = RawDoc(doc_id="d", path="d", format="html" if html else "text", html=text if html else None,
                 text=None if html else text, title=data.draw(st.none() | st.text(max_size=50)),
                 published=data.draw(st.none() | st.text(max_size=30)), content_hash="h")
    try:
        doc = clean(raw, language_check=False)
    except InputError as exc:
        assert exc.code.startswith("THU-E1")
        return
    assert isinstance(doc, CleanDoc)


def test_seeds_are_read_as_documents():
    for name in NAMES:
        items = read_bytes(name, SEEDS[name])
        assert any(isinstance(i, RawDoc) for i in items), name
    assert json.loads(SEEDS["g.json"])  # the seeds themselves are valid
