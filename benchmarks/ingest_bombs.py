"""Peak memory and time of ingest on hostile compressed inputs (issue 19), each read in a fresh process.

    python benchmarks/ingest_bombs.py [--scale 1.0] [--keep DIR]

Bombs (full size at --scale 1):
  csv-field    a .csv.gz holding one 2 GB field between two good rows (about 2 MB compressed)
  warc-header  a .warc.gz with a 1 GB header line between two good records
  jsonl-line   a .jsonl.gz with a 2 GB line between two good records
  blank-bz2    a .jsonl.bz2 of 2 GB of blank lines (about 1.5 KB compressed)
  xz-text      a .txt.xz of 2 GB of one letter
  warc-body    a .warc.gz whose HTML record body is Content-Encoding: gzip of 1 GB

With --no-ratio the compression-ratio cap is off, so the line, field, header and body caps alone
must bound memory (each bomb is then read to its end). Prints, per bomb: compressed size, documents and rejects read, the reject codes, the peak resident
memory of the reading process (ru_maxrss) and the seconds it took. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import bz2
import json
import lzma
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

MB = 1 << 20
BLOCK = b"A" * MB


def _gzip_stream(parts: list[tuple[bytes, int]]) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = []
    for data, repeat in parts:
        out.extend(comp.compress(data) for _ in range(repeat))
    out.append(comp.flush())
    return b"".join(out)


def _warc(url: str, n: int) -> bytes:
    body = f"<html><body><p>Story {n}: talks resumed in Geneva on Monday.</p></body></html>".encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nContent-Length: {len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def make(kind: str, folder: Path, scale: float) -> Path:
    gb = max(int(1024 * scale), 1)  # megabytes in a "GB"
    if kind == "csv-field":
        path = folder / "field.csv.gz"
        path.write_bytes(_gzip_stream([(b'id,text\n1,good one\n2,"', 1), (BLOCK, 2 * gb), (b'"\n3,good two\n', 1)]))
    elif kind == "warc-header":
        path = folder / "header.warc.gz"
        bomb = _gzip_stream([(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ", 1), (BLOCK, gb), (b"\r\n\r\n", 1)])
        path.write_bytes(zlib_gzip(_warc("http://x/1", 1)) + bomb + zlib_gzip(_warc("http://x/2", 2)))
    elif kind == "jsonl-line":
        path = folder / "line.jsonl.gz"
        first = json.dumps({"id": "a", "text": "One."}).encode() + b"\n"
        last = b"\n" + json.dumps({"id": "b", "text": "Two."}).encode() + b"\n"
        path.write_bytes(_gzip_stream([(first + b'{"id": "big", "text": "', 1), (BLOCK, 2 * gb), (b'"}' + last, 1)]))
    elif kind == "blank-bz2":
        path = folder / "blank.jsonl.bz2"
        comp = bz2.BZ2Compressor(9)
        parts = [comp.compress(b'{"id": "a", "text": "One."}\n')]
        parts.extend(comp.compress(b"\n" * MB) for _ in range(2 * gb))
        parts.append(comp.compress(b'{"id": "b", "text": "Two."}\n'))
        parts.append(comp.flush())
        path.write_bytes(b"".join(parts))
    elif kind == "xz-text":
        path = folder / "letter.txt.xz"
        comp = lzma.LZMACompressor()
        parts = [comp.compress(BLOCK) for _ in range(2 * gb)]
        parts.append(comp.flush())
        path.write_bytes(b"".join(parts))
    elif kind == "warc-body":
        path = folder / "body.warc.gz"
        body = _gzip_stream([(b"<html><body><p>", 1), (b" " * MB, gb), (b"</p></body></html>", 1)])
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        head = f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/b\r\nContent-Length: {len(http)}\r\n\r\n"
        path.write_bytes(zlib_gzip(head.encode() + http + b"\r\n\r\n") + zlib_gzip(_warc("http://x/2", 2)))
    else:
        raise SystemExit(f"unknown bomb {kind}")
    return path


def zlib_gzip(data: bytes) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    return comp.compress(data) + comp.flush()


CHILD = """
import json, resource, sys, time
from thucydides.ingest import Limits, read
from thucydides.records import RawDoc
limits = Limits(**json.loads(sys.argv[2]))
started = time.perf_counter()
docs, codes = 0, []
for item in read([sys.argv[1]], limits=limits):
    if isinstance(item, RawDoc):
        docs += 1
    else:
        codes.append(item.code + " " + item.message[:70])
print(json.dumps({"docs": docs, "rejects": codes, "seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BOMBS = ["csv-field", "warc-header", "jsonl-line", "blank-bz2", "xz-text", "warc-body"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = the sizes above")
    parser.add_argument("--only", nargs="*", choices=BOMBS)
    parser.add_argument("--keep", help="folder to write the bombs into (kept)")
    parser.add_argument("--no-ratio", action="store_true",
                        help="turn the compression-ratio cap off: only the line, field, header and size caps act")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bombs-"))
    folder.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), os.environ.get("PYTHONPATH", "")])}
    baseline = subprocess.run([sys.executable, "-c", "import resource; from thucydides.ingest import read; "
                               "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"],
                              capture_output=True, text=True, env=env, check=True)
    print(f"baseline (python + thucydides.ingest imported): {float(baseline.stdout):.0f} MB")
    print(f"{'bomb':<12} {'file':>10} {'docs':>5} {'peak MB':>8} {'seconds':>8}  rejects")
    for kind in args.only or BOMBS:
        started = time.perf_counter()
        path = make(kind, folder, args.scale)
        made = time.perf_counter() - started
        limits = json.dumps({"max_compression_ratio": 0} if args.no_ratio else {})
        out = subprocess.run([sys.executable, "-c", CHILD, str(path), limits], capture_output=True, text=True,
                             env=env)
        if out.returncode:
            print(f"{kind:<12} failed: {out.stderr[-500:]}")
            continue
        found = json.loads(out.stdout)
        size = path.stat().st_size
        print(f"{kind:<12} {size / 1024:>8.1f}KB {found['docs']:>5} {found['peak_mb']:>8.0f} "
              f"{found['seconds']:>8.1f}  {found['rejects']}  (made in {made:.0f}s)")
        if not args.keep:
            path.unlink()


if __name__ == "__main__":
    main()
