"""Write the ingest/clean test corpus: good files of every format and bad inputs.

The files are generated (some are binary or compressed) so nothing opaque sits in the repository.
Tests call `make_fixtures(tmp_dir)`; `python tests/data/make_fixtures.py [DIR]` writes them to DIR
(default: this folder, as bad/ and formats/) to look at by hand.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

ARTICLE_PARAGRAPHS = [
    "GENEVA - Negotiators from both sides met on Monday for a third round of talks on a ceasefire, "
    "the mediators said in a statement released after the meeting.",
    "The talks, hosted by the Swiss government, focused on the withdrawal of heavy weapons from the "
    "front line and on the exchange of prisoners held since the spring.",
    "\"We have made progress, but a great deal of work remains,\" the chief mediator told reporters "
    "outside the conference hall, adding that a fourth round was planned.",
    "Both delegations agreed to meet again next month, according to a joint communique that was "
    "circulated to journalists late in the evening.",
    "Observers said the agreement to keep talking was itself a sign that the two governments wanted "
    "to avoid a return to the fighting that killed hundreds last year.",
]
HEADLINE = "Ceasefire talks resume in Geneva"

ARTICLE_HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{HEADLINE} | The Daily Example</title>
<meta property="og:title" content="{HEADLINE}">
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2021-03-15T09:30:00+01:00">
<link rel="canonical" href="https://news.example.org/world/ceasefire-talks">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>{HEADLINE}</h1>
<p class="byline">By Jane Doe</p>
{"".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm hits coast</a></li><li><a href="/b">Markets fall</a></li></ul></aside>
<footer><p>Copyright 2021 The Daily Example. All rights reserved.</p></footer>
</body></html>
"""

NO_TEXT_HTML = """<!DOCTYPE html><html><head><title>Loading</title>
<script>var app = {start: function () { return 1; }};</script></head>
<body><div id="app"></div><nav><a href="/">Home</a> <a href="/news">News</a></nav></body></html>
"""

TEXT_PAGE = "\n".join(
    [
        "NEWS> Asia",
        HEADLINE,
        "(Reuters)",
        "Published: 2021-03-15 09:30 GMT",
        "",
        *[p + "\n" for p in ARTICLE_PARAGRAPHS],
        "Share | Print | Email",
    ]
)

LATIN1_TEXT = (
    "Le ministre a déclaré lundi que les négociations reprendraient à Genève.\n\n"
    "The minister’s statement — issued in Paris — said talks would resume on Monday in Geneva, "
    "where both delegations had met in the spring. Café owners near the hall said it was busy.\n"
)

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example.org/</link>
<description>World news</description>
<item><title>Talks resume in Geneva</title><link>https://wire.example.org/1</link>
<guid isPermaLink="false">wire-0001</guid><pubDate>Mon, 15 Mar 2021 08:30:00 GMT</pubDate>
<description>Negotiators met on Monday for a third round of ceasefire talks, the mediators said.</description></item>
<item><title>Prisoners exchanged</title><link>https://wire.example.org/2</link>
<pubDate>Tue, 16 Mar 2021 10:00:00 +0100</pubDate>
<description>&lt;p&gt;The two sides &lt;b&gt;exchanged&lt;/b&gt; forty prisoners on Tuesday.&lt;/p&gt;</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Example</title><id>urn:example:feed</id>
<updated>2021-03-15T10:00:00Z</updated>
<entry><title>Envoy recalled</title><id>urn:example:entry:1</id><link href="https://atom.example.org/1"/>
<updated>2021-03-15T10:00:00Z</updated>
<content type="html">&lt;p&gt;The government recalled its ambassador for consultations on Monday.&lt;/p&gt;</content></entry>
</feed>
"""


def _records() -> list[dict]:
    return [
        {"id": "rec-1", "text": "\n\n".join(ARTICLE_PARAGRAPHS), "title": HEADLINE,
         "url": "https://news.example.org/1", "published": "2021-03-15T09:30:00Z", "source": "Example Wire"},
        {"id": "rec-2", "html": ARTICLE_HTML, "url": "https://news.example.org/2"},
        {"text": "Short wire item: the envoy arrived in Geneva on Monday.", "date": "2021-03-16"},
    ]  # fmt: skip


def _warc_bytes(gzipped: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)

    def response(url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": "2021-03-15T10:11:12Z"},
        )  # fmt: skip
        writer.write_record(record)

    writer.write_record(writer.create_warc_record("urn:warcinfo", "warcinfo", payload=io.BytesIO(b"software: test")))
    response("https://news.example.org/world/ceasefire-talks", ARTICLE_HTML.encode(), "text/html; charset=utf-8")
    response("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    response("https://news.example.org/moved", b"", "text/html", status="301 Moved Permanently")
    latin = ARTICLE_HTML.replace("Geneva", "Genève").replace('charset="utf-8"', 'charset="iso-8859-1"')
    response("https://news.example.org/latin", latin.encode("cp1252"), "text/html; charset=iso-8859-1")
    return buffer.getvalue()


def make_fixtures(root: Path) -> Path:
    """Write formats/ and bad/ under `root`; return `root`."""
    formats, bad = root / "formats", root / "bad"
    formats.mkdir(parents=True, exist_ok=True)
    bad.mkdir(parents=True, exist_ok=True)

    (formats / "page.txt").write_text(TEXT_PAGE, encoding="utf-8")
    (formats / "latin1.txt").write_bytes(LATIN1_TEXT.encode("cp1252"))
    (formats / "article.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (formats / "article.html.gz").write_bytes(gzip.compress(ARTICLE_HTML.encode()))
    (formats / "no-extension").write_text(ARTICLE_HTML, encoding="utf-8")  # HTML found by content
    (formats / "crawl.warc").write_bytes(_warc_bytes(gzipped=False))
    (formats / "crawl.warc.gz").write_bytes(_warc_bytes(gzipped=True))
    (formats / "wire.rss").write_text(RSS, encoding="utf-8")
    (formats / "wire.atom").write_text(ATOM, encoding="utf-8")
    records = _records()
    jsonl = "".join(json.dumps(r) + "\n" for r in records)
    (formats / "records.jsonl").write_text(jsonl, encoding="utf-8")
    (formats / "records.jsonl.gz").write_bytes(gzip.compress(jsonl.encode()))
    (formats / "records.csv").write_text(
        "story_id,body,headline,day\n"
        f'c-1,"{ARTICLE_PARAGRAPHS[0]}\n\n{ARTICLE_PARAGRAPHS[1]}",{HEADLINE},2021-03-15\n'
        'c-2,"The envoy arrived, as planned, in Geneva on Monday.",Envoy arrives,2021-03-16\n',
        encoding="utf-8",
    )

    (bad / "empty.txt").write_bytes(b"")
    (bad / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (bad / "nuls.txt").write_bytes(b"some text\x00\x00\x00 with NUL bytes\x00")
    # bytes that are text in no encoding: invalid UTF-8, undefined in windows-1252, C1 controls
    (bad / "undecodable.txt").write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC3, 0x28, 0xFF, 0x85, 0x9F]) * 40)
    whole = gzip.compress(TEXT_PAGE.encode() * 20)
    (bad / "truncated.txt.gz").write_bytes(whole[: len(whole) // 2])
    (bad / "malformed.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: not-a-number\r\n\r\n<html>hello</html>\r\n\r\n"
    )
    (bad / "not-xml.rss").write_text("this is {not} an RSS feed, just words\n", encoding="utf-8")
    (bad / "no-main-text.html").write_text(NO_TEXT_HTML, encoding="utf-8")
    (bad / "mixed.jsonl").write_text(
        json.dumps({"id": "good-1", "text": ARTICLE_PARAGRAPHS[0]}) + "\n"
        + "{this is not json}\n"
        + json.dumps({"id": "no-text", "title": "A record without text"}) + "\n"
        + json.dumps({"id": "good-2", "text": ARTICLE_PARAGRAPHS[1]}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    (bad / "oversize.txt").write_text(("A long paragraph about talks in Geneva. " * 50 + "\n\n") * 30, encoding="utf-8")
    return root


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    make_fixtures(target)
    print(f"fixtures written under {target}")
