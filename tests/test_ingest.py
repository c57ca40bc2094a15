"""Ingest: every format in, RawDoc out; every bad input a coded Reject, the batch going on."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import random
from pathlib import Path

import pytest

from thucydides.clean import clean
from thucydides.errors import Codes, InputError
from thucydides.ingest import FieldMap, detect_format, read
from thucydides.ingest.decode import decode_bytes
from thucydides.records import RawDoc, Reject

HERE = Path(__file__).resolve().parent


def _load_fixture_maker():
    spec = importlib.util.spec_from_file_location("make_fixtures", HERE / "data" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixtures = _load_fixture_maker()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return fixtures.make_fixtures(tmp_path_factory.mktemp("ingest"))


def by_path(items) -> dict[str, RawDoc | Reject]:
    return {item.path: item for item in items}


def docs(items) -> list[RawDoc]:
    return [i for i in items if isinstance(i, RawDoc)]


def rejects(items) -> list[Reject]:
    return [i for i in items if isinstance(i, Reject)]


# ---------------------------------------------------------------- good formats


def test_text_page(corpus):
    (doc,) = list(read([corpus / "formats" / "page.txt"]))
    assert isinstance(doc, RawDoc) and doc.format == "text"
    assert doc.doc_id == doc.path == str(corpus / "formats" / "page.txt")
    assert doc.text == fixtures.TEXT_PAGE
    assert doc.content_hash == hashlib.sha256(fixtures.TEXT_PAGE.encode()).hexdigest()


def test_legacy_encoding_decodes(corpus):
    (doc,) = list(read([corpus / "formats" / "latin1.txt"]))
    assert isinstance(doc, RawDoc) and doc.text == fixtures.LATIN1_TEXT


def test_html_plain_gzipped_and_without_extension(corpus):
    items = list(read([corpus / "formats" / name for name in ("article.html", "article.html.gz", "no-extension")]))
    assert [d.format for d in docs(items)] == ["html", "html", "html"] and not rejects(items)
    for doc in items:
        assert doc.html == fixtures.ARTICLE_HTML
        assert doc.url == "https://news.example.org/world/ceasefire-talks"
        assert doc.content_hash == hashlib.sha256(fixtures.ARTICLE_HTML.encode()).hexdigest()


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_only(corpus, name):
    items = list(read([corpus / "formats" / name]))
    assert not rejects(items)
    urls = [d.url for d in items]
    # the warcinfo record, the PNG and the 301 redirect are not documents
    assert urls == ["https://news.example.org/world/ceasefire-talks", "https://news.example.org/latin"]
    for doc in items:
        assert doc.format == "warc" and doc.doc_id == doc.url
        assert doc.published == "2021-03-15T10:11:12+00:00" and doc.published_basis == "warc-date"
        path, _, offset = doc.path.rpartition("#")
        assert path == str(corpus / "formats" / name) and offset.isdigit()
    assert "Genève" in items[1].html  # decoded with the charset of the HTTP header
    assert clean(items[0]).headline == fixtures.HEADLINE


def test_rss_and_atom_entries(corpus):
    items = list(read([corpus / "formats" / "wire.rss", corpus / "formats" / "wire.atom"]))
    assert not rejects(items)
    first, second, atom = items
    assert (first.doc_id, first.url, first.title, first.source) == (
        "wire-0001", "https://wire.example.org/1", "Talks resume in Geneva", "Example Wire")
    assert first.published == "2021-03-15T08:30:00+00:00" and first.published_basis == "feed"
    assert first.path.endswith("wire.rss#1") and second.path.endswith("wire.rss#2")
    assert second.doc_id == "https://wire.example.org/2"  # no guid: the link
    assert second.text == "The two sides exchanged forty prisoners on Tuesday."  # HTML summary as text
    assert (atom.doc_id, atom.source, atom.format) == ("urn:example:entry:1", "Atom Example", "feed")
    cleaned = clean(first)
    assert cleaned.headline == "Talks resume in Geneva" and cleaned.source == "Example Wire"


@pytest.mark.parametrize("name", ["records.jsonl", "records.jsonl.gz"])
def test_jsonl_records(corpus, name):
    items = list(read([corpus / "formats" / name]))
    assert not rejects(items)
    one, two, three = items
    assert (one.doc_id, one.title, one.url, one.source) == (
        "rec-1", fixtures.HEADLINE, "https://news.example.org/1", "Example Wire")
    assert one.published == "2021-03-15T09:30+00:00" and one.published_basis == "record"
    assert one.path == f"{corpus / 'formats' / name}#1"
    assert two.html == fixtures.ARTICLE_HTML and two.text is None
    assert three.doc_id == f"{corpus / 'formats' / name}#3"  # no id, no URL: derived from path and line
    assert three.published == "2021-03-16"


def test_csv_with_configured_field_names(corpus):
    fields = FieldMap.from_mapping({"id": "story_id", "text": "body", "title": "headline", "published": "day"})
    items = list(read([corpus / "formats" / "records.csv"], fields=fields))
    assert [d.doc_id for d in items] == ["c-1", "c-2"]
    first, second = items
    assert first.text.startswith("GENEVA - Negotiators") and "\n\n" in first.text  # a multi-line cell
    assert first.path.endswith("records.csv#2") and second.path.endswith("records.csv#5")
    assert second.text == "The envoy arrived, as planned, in Geneva on Monday."
    assert (first.published, first.title) == ("2021-03-15", fixtures.HEADLINE)
    # the default field names do not know "story_id": ids come from the path and line
    assert [d.doc_id for d in read([corpus / "formats" / "records.csv"])] == [d.path for d in items]


def test_pretty_printed_json_object_and_array(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"id": "p1", "text": "Talks resumed."}, indent=2))
    (tmp_path / "many.json").write_text(json.dumps([{"id": "a1", "text": "One."}, {"id": "a2", "text": "Two."}], indent=2))
    items = list(read([tmp_path / "one.json", tmp_path / "many.json"]))
    assert [(d.doc_id, d.path.rpartition("/")[2]) for d in items] == [
        ("p1", "one.json#1"), ("a1", "many.json#1"), ("a2", "many.json#2")]


def test_field_map_rejects_unknown_role():
    with pytest.raises(InputError) as err:
        FieldMap.from_mapping({"txt": "body"})
    assert err.value.code == Codes.E403


def test_folder_is_walked_recursively_sorted_and_hidden_files_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for rel in ("b/2.txt", "a.txt", "b/1.txt", ".hidden.txt", ".git/x.txt"):
        (tmp_path / rel).write_text(f"Text of {rel}.", encoding="utf-8")
    assert [Path(d.path).relative_to(tmp_path).as_posix() for d in read([tmp_path])] == ["a.txt", "b/1.txt", "b/2.txt"]


def test_detect_format_by_content():
    assert detect_format(b"WARC/1.0\r\n") == "warc"
    assert detect_format(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert detect_format(b'<feed xmlns="http://www.w3.org/2005/Atom">') == "feed"
    assert detect_format(b'{"id": 1}\n') == "jsonl"
    assert detect_format(b"<!DOCTYPE html><html>") == "html"
    assert detect_format(b"Plain words.\n", hint="html") == "text"
    assert detect_format(b"id,text\n1,hello\n", hint="csv") == "csv"


# ---------------------------------------------------------------- bad input

EXPECTED_REJECTS = {
    "empty.txt": Codes.E102,
    "image.png": Codes.E103,
    "nuls.txt": Codes.E103,
    "undecodable.txt": Codes.E101,
    "truncated.txt.gz": Codes.E106,
    "malformed.warc#0": Codes.E107,
    "not-xml.rss": Codes.E108,
    "mixed.jsonl#2": Codes.E109,
    "mixed.jsonl#3": Codes.E109,
    "oversize.txt": Codes.E104,
}


@pytest.fixture(scope="module")
def bad_batch(corpus):
    # bad files and good ones in one batch: the good ones must still come out
    return list(read([corpus / "bad", corpus / "formats" / "page.txt"], max_bytes=20_000))


def test_every_bad_input_is_a_coded_reject(corpus, bad_batch):
    found = {Path(r.path).name: r for r in rejects(bad_batch)}
    assert {name: r.code for name, r in found.items()} == EXPECTED_REJECTS
    for reject in found.values():
        assert reject.message and reject.status == "rejected"
        assert reject.path.startswith(str(corpus / "bad"))


def test_good_documents_in_a_bad_batch_come_out(bad_batch):
    good = {Path(d.path).name: d for d in docs(bad_batch)}
    assert set(good) == {"mixed.jsonl#1", "mixed.jsonl#4", "no-main-text.html", "page.txt"}
    assert good["mixed.jsonl#1"].doc_id == "good-1" and good["mixed.jsonl#4"].doc_id == "good-2"


def test_no_main_text_html_is_rejected_by_clean(bad_batch):
    (page,) = [d for d in docs(bad_batch) if d.path.endswith("no-main-text.html")]
    with pytest.raises(InputError) as err:
        clean(page)
    assert err.value.code == Codes.E110 and err.value.path == page.path


def test_reject_messages_say_why(bad_batch):
    found = {Path(r.path).name: r.message for r in rejects(bad_batch)}
    assert "PNG" in found["image.png"]
    assert "20000" in found["oversize.txt"]
    assert "no text" in found["mixed.jsonl#3"] and "text" in found["mixed.jsonl#3"]
    assert "gzip" in found["truncated.txt.gz"]


def test_cap_is_configurable(corpus):
    path = corpus / "bad" / "oversize.txt"
    assert isinstance(next(read([path])), RawDoc)  # under the 5 MB default
    assert next(read([path], max_bytes=100)).code == Codes.E104


def test_oversize_record_in_container(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "text": "word " * 500}) + "\n" + json.dumps({"id": "ok", "text": "Fine."}) + "\n")
    items = list(read([path], max_bytes=1000))
    assert [(type(i).__name__, i.path.rpartition("#")[2]) for i in items] == [("Reject", "1"), ("RawDoc", "2")]
    assert items[0].code == Codes.E104


def test_missing_path_is_rejected_and_batch_goes_on(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("Some words.", encoding="utf-8")
    items = list(read([tmp_path / "missing.txt", good]))
    assert items[0].code == Codes.E105 and isinstance(items[1], RawDoc)


def test_truncated_gzip_jsonl_keeps_records_before_the_cut(tmp_path):
    lines = "".join(json.dumps({"id": f"r{i}", "text": f"Record number {i} " * 40}) + "\n" for i in range(300))
    data = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: int(len(data) * 0.6)])
    items = list(read([path]))
    # every whole line before the cut comes out; the cut is one E106 naming the line it fell in
    assert len(items) > 10 and all(isinstance(i, RawDoc) for i in items[:-1])
    assert items[-1].code == Codes.E106 and items[-1].path == f"{path}#{len(items)}"


def test_decode_bytes_prefers_utf8_then_declared_then_cp1252():
    assert decode_bytes("naïve café".encode()) == "naïve café"
    assert decode_bytes("naïve café — ok".encode("cp1252")) == "naïve café — ok"
    html = '<meta charset="koi8-r"><p>Привет, мир. Это проверка кодировки.</p>'
    assert decode_bytes(html.encode("koi8-r")) == html
    with pytest.raises(InputError) as err:
        decode_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC3, 0x28]) * 50, path="x")
    assert err.value.code == Codes.E101 and err.value.path == "x"


def test_read_never_raises_on_random_bytes(tmp_path):
    rng = random.Random(7)
    names = ["a.txt", "b.warc", "c.rss", "d.jsonl", "e.csv", "f.html", "g.gz", "h.warc.gz", "i.json", "j"]
    prefixes = [b"", b"WARC/1.0\r\n", b"<rss>", b'{"id":', b"id,text\n", b"<html>", b"\x1f\x8b", b"\x1f\x8b\x08\x00", b"[", b""]
    for name, prefix in zip(names, prefixes, strict=True):
        (tmp_path / name).write_bytes(prefix + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000))))
    items = list(read([tmp_path]))
    assert items and all(isinstance(i, (RawDoc, Reject)) for i in items)
    assert all(i.code.startswith("THU-E1") for i in rejects(items))
