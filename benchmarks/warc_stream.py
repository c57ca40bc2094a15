"""Streaming a large WARC through ingest.read(): records per second and peak memory.

    .venv/bin/python benchmarks/warc_stream.py [--records 10000] [--gzip] [--clean 200]

Writes a WARC of N HTML `response` records (plus one request record and one image response per
ten pages, as crawls hold) in a temporary folder, then streams it through `read()`. Memory should
not grow with the file: the peak RSS is printed beside the RSS before reading. `--clean K` also
times `clean()` on the first K documents (trafilatura extraction plus page cleaning).
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PARAGRAPH = (
    "Officials from {n} countries met on Monday in the capital to discuss a ceasefire in the region, "
    "according to a statement issued after the talks, which lasted more than six hours."
)


def page(n: int) -> bytes:
    body = "".join(f"<p>{PARAGRAPH.format(n=n + i)}</p>" for i in range(8))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Talks round {n}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Talks round {n}</h1>{body}"
        f"</article><footer>Copyright 2021 Example</footer></body></html>"
    ).encode()


def write_warc(path: Path, records: int, gzipped: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        for n in range(records):
            url = f"https://news.example.org/story/{n}"
            if n % 10 == 0:
                request = StatusAndHeaders(f"GET /story/{n} HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"{url}.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(2000)), http_headers=image))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page(n)), http_headers=http))


def rss_mib() -> float:
    """Current resident set size (Linux /proc), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000, help="HTML response records (default 10000)")
    parser.add_argument("--gzip", action="store_true", help="write a .warc.gz (per-record gzip members)")
    parser.add_argument("--clean", type=int, default=0, metavar="K", help="also time clean() on K documents")
    args = parser.parse_args()

    from thucydides.ingest import read
    from thucydides.records import RawDoc

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("crawl.warc.gz" if args.gzip else "crawl.warc")
        started = time.perf_counter()
        write_warc(path, args.records, args.gzip)
        print(f"wrote {path.name}: {args.records} HTML responses, {path.stat().st_size / 2**20:.1f} MiB "
              f"in {time.perf_counter() - started:.1f} s")

        rss_before = rss_mib()
        peak_before = peak_rss_mib()
        started = time.perf_counter()
        n_docs = n_rejects = 0
        sample = []
        for item in read([path]):
            if isinstance(item, RawDoc):
                n_docs += 1
                if len(sample) < args.clean:
                    sample.append(item)
            else:
                n_rejects += 1
        seconds = time.perf_counter() - started
        print(f"read(): {n_docs} documents, {n_rejects} rejects in {seconds:.2f} s = {n_docs / seconds:,.0f} records/s")
        print(f"RSS before reading {rss_before:.0f} MiB; peak RSS {peak_rss_mib():.0f} MiB "
              f"(peak before reading {peak_before:.0f} MiB)")
        if n_docs != args.records:
            print(f"ERROR: expected {args.records} documents")
            return 1

        if sample:
            from thucydides.clean import clean

            started = time.perf_counter()
            for raw in sample:
                clean(raw)
            seconds = time.perf_counter() - started
            print(f"clean(): {len(sample)} documents in {seconds:.2f} s = {len(sample) / seconds:,.0f} docs/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
