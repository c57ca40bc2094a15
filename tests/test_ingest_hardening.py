"""Issue 19, ingest half: no input loses other inputs, exhausts memory or hangs a run.

One test per failure found by probing: record ids reused across files, one bad record losing the
records after it, oversize fields, lines and headers (compressed or not), compression bombs, FIFOs,
blank-line bombs, NUL bytes and UTF-16 without a byte-order mark. Caps are set small here so the
tests assert behaviour and caps, not timings; benchmarks/ingest_bombs.py measures the full sizes.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import os
import zlib
from pathlib import Path

import duckdb
import pytest

from thucydides.errors import Codes
from thucydides.ingest import Limits, read
from thucydides.records import RawDoc, Reject
from thucydides.runner import derived_id, store_run
from thucydides.settings import load_settings

from .store_fakes import Coded, news_result

SMALL = Limits(max_line_bytes=100_000, max_field_bytes=50_000, max_header_bytes=4096, max_feed_bytes=1_000_000,
               max_decompressed_bytes=50_000_000, max_compression_ratio=100, ratio_after_bytes=1_000_000)


def docs(items) -> list[RawDoc]:
    return [i for i in items if isinstance(i, RawDoc)]


def rejects(items) -> list[Reject]:
    return [i for i in items if isinstance(i, Reject)]


def tail(path: str) -> str:
    return path.rpartition("#")[2]


# ---------------------------------------------------------------- identity (item 1)


def fake_code(items):
    for item in items:
        if not isinstance(item, RawDoc):
            yield item
            continue
        result = news_result(item.doc_id, [Coded(item.text.strip())], headline=item.text.strip()[:60],
                             content_hash=item.content_hash)
        result.doc.path = item.path  # the pipeline keeps the input's path
        yield result


def run_fake(paths, db):
    settings = load_settings()
    return store_run(paths, db, code=fake_code, settings=settings, coder_version="hardening-test", run_settings={})


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_same_id_different_content_in_two_files_keeps_both(tmp_path):
    a = jsonl(tmp_path / "a.jsonl", [{"id": f"r{i}", "text": f"Story {i} from the first file."} for i in range(7)])
    b = jsonl(tmp_path / "b.jsonl", [{"id": f"r{i}", "text": f"Story {i} from the second file."} for i in range(6)])
    db = tmp_path / "t.duckdb"
    summary = run_fake([a, b], db)
    assert summary.coded == 13 and summary.renamed == 6 and summary.rejected == 0
    with duckdb.connect(str(db), read_only=True) as conn:
        stored = dict(conn.execute("SELECT doc_id, path FROM documents").fetchall())
        notes = conn.execute("SELECT path, code, doc_id, status FROM rejects ORDER BY path").fetchall()
    assert len(stored) == 13
    assert stored["r0"] == f"{a}#1"  # the first keeps its own id
    renamed = [d for d in stored if "~" in d]
    assert len(renamed) == 6 and all(stored[d].startswith(str(b)) for d in renamed)
    assert len(notes) == 6 and {n[1] for n in notes} == {Codes.E113} and {n[3] for n in notes} == {"renamed"}
    assert {n[2] for n in notes} == set(renamed)
    # a second run: everything is already done, nothing renamed again, nothing lost
    again = run_fake([a, b], db)
    assert again.skipped_done == 13 and again.coded == 0 and again.renamed == 0


def test_same_id_within_one_file_and_identical_content_across_files(tmp_path):
    a = jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": "One story."}, {"id": "x", "text": "Another story."}])
    b = jsonl(tmp_path / "b.jsonl", [{"id": "x", "text": "One story."}])  # identical content: already done
    summary = run_fake([a, b], tmp_path / "t.duckdb")
    assert summary.coded == 2 and summary.renamed == 1 and summary.skipped_done == 1
    assert derived_id("x", "0123456789abcdef") == "x~0123456789ab"


def test_a_reused_id_does_not_delete_another_files_rejects(tmp_path):
    a = jsonl(tmp_path / "a.jsonl", [{"id": "x", "title": "no text here"}])  # rejected, doc_id x
    db = tmp_path / "t.duckdb"
    run_fake([a], db)
    b = jsonl(tmp_path / "b.jsonl", [{"id": "x", "text": "A story."}])
    run_fake([b], db)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT path, code FROM rejects").fetchall() == [(f"{a}#1", Codes.E109)]


def test_an_edited_record_replaces_its_earlier_version(tmp_path):
    path = jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": "First version."}])
    db = tmp_path / "t.duckdb"
    run_fake([path], db)
    jsonl(path, [{"id": "x", "text": "Corrected version."}])
    summary = run_fake([path], db)
    assert summary.coded == 1 and summary.renamed == 0
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT doc_id FROM documents").fetchall() == [("x",)]


# ---------------------------------------------------------------- record isolation (item 2)


def test_deeply_nested_and_invalid_surrogate_jsonl_lines_are_one_reject_each(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Good one."}),
        "[" * 200_000 + "]" * 200_000,
        '{"id": "s", "text": "bad \\ud800 surrogate"}',
        '{"id": "t", "title": "\\udfff", "text": "surrogate in the title"}',
        json.dumps({"id": "b", "text": "Good two."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read([path]))
    assert [d.doc_id for d in docs(items)] == ["a", "b"]
    assert [(tail(r.path), r.code) for r in rejects(items)] == [("2", Codes.E109), ("3", Codes.E101),
                                                               ("4", Codes.E101)]
    assert "nested" in rejects(items)[0].message and "surrogate" in rejects(items)[1].message


def test_bad_csv_row_and_feed_entry_are_isolated(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_bytes(b'id,text\n1,good one\n2,one,cell,too,many\n3,"' + b"x\n" * 60_000 + b'"\n4,good two\n')
    items = list(read([path], limits=SMALL))
    assert [d.doc_id for d in docs(items)] == ["1", "4"]
    assert [(tail(r.path), r.code) for r in rejects(items)] == [("3", Codes.E109), ("4", Codes.E104)]
    feed = tmp_path / "wire.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
                    '<item><guid>1</guid><description>One.</description><pubDate>Mon, 99 Foo 2021</pubDate></item>'
                    '<item><guid>2</guid><description>&lt;p&gt;Breaks the extractor&lt;/p&gt;</description></item>'
                    '<item><guid>3</guid><description>Three.</description></item></channel></rss>')
    from thucydides.ingest import containers

    def broken(fragment):
        raise RuntimeError("extractor broke")

    monkeypatch.setattr(containers, "html_to_text", broken)
    items = list(read([feed]))
    assert [d.doc_id for d in docs(items)] == ["1", "3"]
    assert [(tail(r.path), r.code) for r in rejects(items)] == [("2", Codes.E108)]


def warc_record(url: str, body: bytes, length_delta: int = 0) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2021-03-15T10:11:12Z\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + length_delta}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def page(n: int) -> bytes:
    return f"<html><body><p>Story number {n}: talks resumed in Geneva on Monday.</p></body></html>".encode()


@pytest.mark.parametrize("delta", [+150, +5000, -20])
def test_warc_record_with_a_wrong_length_does_not_swallow_the_next(tmp_path, delta):
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_record("http://x/1", page(1)) + warc_record("http://x/2", page(2), delta)
                     + warc_record("http://x/3", page(3)) + warc_record("http://x/4", page(4)))
    items = list(read([path]))
    urls = [d.url for d in docs(items)]
    assert urls == ["http://x/1", "http://x/3", "http://x/4"]
    (bad,) = rejects(items)
    assert bad.code == Codes.E107 and tail(bad.path).isdigit() and "Content-Length" in bad.message


def test_junk_between_warc_records_is_one_reject(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_record("http://x/1", page(1)) + b"garbage line\r\nmore garbage\r\n"
                     + warc_record("http://x/2", page(2)))
    items = list(read([path]))
    assert [d.url for d in docs(items)] == ["http://x/1", "http://x/2"]
    assert [r.code for r in rejects(items)] == [Codes.E107]


def test_small_truncated_warc_gz_keeps_its_complete_records(tmp_path):
    members = [gzip.compress(warc_record(f"http://x/{n}", page(n))) for n in range(3)]
    data = b"".join(members)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - len(members[-1]) // 2])
    items = list(read([path]))
    assert [d.url for d in docs(items)] == ["http://x/0", "http://x/1"]
    (cut,) = rejects(items)
    assert cut.code == Codes.E106 and tail(cut.path) == str(len(members[0]) + len(members[1]))
    assert [tail(d.path) for d in docs(items)] == ["0", str(len(members[0]))]


def test_corrupt_gzip_member_in_a_warc_is_skipped(tmp_path):
    members = [gzip.compress(warc_record(f"http://x/{n}", page(n))) for n in range(3)]
    broken = bytearray(members[1])
    broken[20:40] = b"\x00" * 20
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(members[0] + bytes(broken) + members[2])
    items = list(read([path]))
    assert [d.url for d in docs(items)] == ["http://x/0", "http://x/2"]
    assert [r.code for r in rejects(items)] == [Codes.E106]


# ---------------------------------------------------------------- caps (item 3)


def gzip_of(parts, repeat: int) -> bytes:
    """gzip of parts[0] + parts[1] * repeat + parts[2], compressed in a stream (never held whole)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [comp.compress(parts[0])]
    out.extend(comp.compress(parts[1]) for _ in range(repeat))
    out.append(comp.compress(parts[2]))
    out.append(comp.flush())
    return b"".join(out)


def test_csv_gz_with_a_huge_field_is_capped(tmp_path):
    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(gzip_of((b'id,text\n1,good\n2,"', b"A" * 65536, b'"\n3,after\n'), 100))  # 6.5 MB field
    items = list(read([path], limits=Limits(max_line_bytes=1_000_000, max_field_bytes=500_000)))
    assert [d.doc_id for d in docs(items)] == ["1", "3"]
    (big,) = rejects(items)
    assert big.code == Codes.E104 and tail(big.path) == "3" and "cap" in big.message


def test_compression_bomb_stops_at_the_ratio_cap(tmp_path):
    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(gzip_of((b'id,text\n1,good\n2,"', b"A" * 65536, b'"\n3,after\n'), 400))  # 26 MB
    items = list(read([path], limits=SMALL))
    assert [d.doc_id for d in docs(items)] == ["1"]
    assert [r.code for r in rejects(items)][-1] == Codes.E104
    assert "compression bomb" in rejects(items)[-1].message and rejects(items)[-1].status == "partial"


def test_decompressed_size_cap(tmp_path):
    lines = b"".join(json.dumps({"id": f"r{i}", "text": f"Story {i} " + "w" * 300}).encode() + b"\n"
                     for i in range(2000))
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(lines))
    items = list(read([path], limits=Limits(max_decompressed_bytes=100_000)))
    assert 100 < len(docs(items)) < 400
    assert rejects(items)[-1].code == Codes.E104 and "decompressed size" in rejects(items)[-1].message


def test_warc_gz_with_a_huge_header_line_is_capped(tmp_path):
    body = gzip_of((b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ", b"J" * 65536, b"\r\n\r\n"), 100)
    path = tmp_path / "header.warc.gz"
    path.write_bytes(gzip.compress(warc_record("http://x/0", page(0))) + body
                     + gzip.compress(warc_record("http://x/2", page(2))))
    items = list(read([path], limits=Limits(max_header_bytes=4096)))
    assert [d.url for d in docs(items)] == ["http://x/0", "http://x/2"]
    (big,) = rejects(items)
    assert big.code == Codes.E104 and "header" in big.message
    # the ratio cap judges each gzip member (record) alone: the bomb is skipped, the next record read
    items = list(read([path], limits=SMALL))
    assert [d.url for d in docs(items)] == ["http://x/0", "http://x/2"]
    (bomb,) = rejects(items)
    assert bomb.code == Codes.E104 and "compression bomb" in bomb.message


def test_oversize_jsonl_line_compressed_or_not(tmp_path):
    record = json.dumps({"id": "big", "text": "word " * 50_000}).encode() + b"\n"
    data = b'{"id": "a", "text": "One."}\n' + record + b'{"id": "b", "text": "Two."}\n'
    for name, payload in (("plain.jsonl", data), ("packed.jsonl.gz", gzip.compress(data)),
                          ("packed.jsonl.bz2", bz2.compress(data))):
        (tmp_path / name).write_bytes(payload)
        items = list(read([tmp_path / name], limits=SMALL))
        assert [d.doc_id for d in docs(items)] == ["a", "b"], name
        assert [(tail(r.path), r.code) for r in rejects(items)] == [("2", Codes.E104)], name


def test_blank_line_bz2_is_read_cheaply_and_capped(tmp_path):
    comp = bz2.BZ2Compressor(9)
    parts = [comp.compress(b'{"id": "a", "text": "One."}\n')]
    parts.extend(comp.compress(b"\n" * (1 << 20)) for _ in range(200))  # 200 MB of blank lines
    parts.append(comp.compress(b'{"id": "b", "text": "Two."}\n'))
    parts.append(comp.flush())
    path = tmp_path / "blank.jsonl.bz2"
    path.write_bytes(b"".join(parts))
    assert path.stat().st_size < 5000
    items = list(read([path]))  # default caps: the ratio cap stops it
    assert [d.doc_id for d in docs(items)] == ["a"]
    assert rejects(items)[-1].code == Codes.E104
    # without the ratio cap every line is still read, the blank ones in bulk
    items = list(read([path], limits=Limits(max_compression_ratio=0)))
    assert [d.doc_id for d in docs(items)] == ["a", "b"]
    assert docs(items)[1].path.endswith(f"#{200 * (1 << 20) + 2}")


def test_fifo_and_other_special_files_are_skipped_unopened(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text("Talks resumed.", encoding="utf-8")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    items = list(read([tmp_path]))  # would block forever on the FIFO if it were opened
    assert [Path(d.path).name for d in docs(items)] == ["ok.txt"]
    found = {Path(r.path).name: r for r in rejects(items)}
    assert set(found) == {"pipe.txt", "zero.txt"} and {r.code for r in found.values()} == {Codes.E105}
    assert "FIFO" in found["pipe.txt"].message and "device" in found["zero.txt"].message
    (direct,) = list(read([tmp_path / "pipe.txt"]))
    assert direct.code == Codes.E105


# ---------------------------------------------------------------- the rest: NUL bytes, UTF-16


def test_nul_after_the_first_8kb_is_removed_and_recorded(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Talks resumed in Geneva. " * 400 + b"\x00\x00" + b"The end.")
    doc, note = list(read([path]))
    assert isinstance(doc, RawDoc) and "\x00" not in doc.text and doc.text.endswith("Geneva. The end.")
    assert note.status == "partial" and note.code == Codes.E103 and note.path == doc.path
    assert "2 NUL" in note.message
    record = tmp_path / "nul.jsonl"
    record.write_text(json.dumps({"id": "n\u0000", "text": "A\u0000B", "title": "T\u0000"}) + "\n")
    doc, note = list(read([record]))
    assert (doc.doc_id, doc.text, doc.title) == ("n", "AB", "T") and note.status == "partial"


def test_utf16_without_bom_is_decoded(tmp_path):
    text = "Talks resumed in Geneva on Monday. Les négociations ont repris.\n" * 20
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        (doc,) = list(read([path]))
        assert isinstance(doc, RawDoc) and doc.text == text, encoding
    html = "<html><body><p>Talks resumed in Geneva.</p></body></html>"
    (tmp_path / "page.html").write_bytes(html.encode("utf-16-le"))
    (doc,) = list(read([tmp_path / "page.html"]))
    assert doc.format == "html" and doc.html == html


def test_utf16_without_bom_pretty_printed_json_object_is_one_document(tmp_path):
    # read as a UTF-16 container, then once more as UTF-16 from its UTF-8 copy: THU-E109 before
    text = json.dumps({"id": "p1", "text": "Talks resumed in Geneva on Monday, officials said."}, indent=1)
    assert text.count("\n") == 3  # four lines: the object's braces and its two members
    found = {}
    for encoding in ("utf-8", "utf-16-le"):
        path = tmp_path / encoding / "story.json"
        path.parent.mkdir()
        path.write_bytes(text.encode(encoding))
        (found[encoding],) = list(read([path]))
    utf8, utf16 = found["utf-8"], found["utf-16-le"]
    assert isinstance(utf8, RawDoc) and isinstance(utf16, RawDoc), utf16
    assert (utf16.doc_id, utf16.format, utf16.text, utf16.content_hash) == (
        utf8.doc_id, utf8.format, utf8.text, utf8.content_hash)


def test_readers_take_limits_from_settings():
    settings = load_settings()
    assert Limits.from_settings(settings) == Limits()  # the dataclass defaults are the settings'
    changed = Limits.from_settings({"ingest": {**settings["ingest"], "max_line_bytes": 10}})
    assert changed.max_line_bytes == 10


def test_stream_buffer_pushback_and_line_numbers():
    from thucydides.ingest.streams import Buffer, Overlong

    buf = Buffer(io.BytesIO(b"one\n\n\n  two\n" + b"x" * 50 + b"\nthree"), block=7)
    assert buf.next_nonblank(100) == (1, b"one\n")
    assert buf.next_nonblank(100) == (4, b"  two\n")
    assert buf.readline(10) == Overlong(51)
    assert (buf.line, buf.readline(10)) == (6, b"three")
    assert buf.readline(10) is None
