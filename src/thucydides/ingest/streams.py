"""Bounded streams: decompression with caps, and a line/record buffer that never holds more than a cap.

`Decompressed` reads gzip (many members), bzip2 and xz with a bounded output per read, hands out every
byte that decompressed before a cut or corruption, and stops at the caps of `Limits` (decompressed
size, compression ratio). `Buffer` cuts a binary stream into lines or blocks without ever reading a
whole oversize line into memory, skips runs of blank lines at C speed and can push bytes back (the
WARC reader resynchronises with it).
"""

from __future__ import annotations

import bisect
import bz2
import lzma
import re
import zlib
from dataclasses import dataclass
from typing import IO, Any

from ..errors import Codes, InputError
from .limits import DEFAULT_LIMITS, Limits

CHUNK = 1 << 14  # compressed bytes per read: small, as each gzip member end copies what is left
BLOCK = 1 << 20
MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz"}
_GZIP_MEMBER = b"\x1f\x8b\x08"
_NONBLANK = re.compile(rb"[^ \t\r\n\f\v]")


def compression_of(magic: bytes) -> str | None:
    for prefix, name in MAGIC.items():
        if magic.startswith(prefix):
            return name
    return None


class CompressedDataError(InputError):
    """A cut or corrupt compressed stream; `resumable` when reading goes on at the next gzip member."""

    def __init__(self, message: str, resumable: bool = False):
        super().__init__(Codes.E106, message)
        self.resumable = resumable


class CapExceeded(InputError):
    """A cap of `Limits` reached: what came before stands; the rest is not read, or (`resumable`, a
    gzip member of a WARC file) reading goes on at the next member."""

    def __init__(self, message: str, resumable: bool = False):
        super().__init__(Codes.E104, message)
        self.resumable = resumable


class Decompressed:
    """The decompressed bytes of `raw` as a readable stream, each read bounded by its size."""

    def __init__(self, raw: IO[bytes], kind: str, limits: Limits = DEFAULT_LIMITS, resync: bool = False):
        self.raw = raw
        self.kind = kind
        self.limits = limits
        self.resync = resync and kind == "gzip"
        self.raw_read = 0  # compressed bytes read from `raw`
        self.out_pos = 0  # decompressed bytes handed out
        self.members: list[tuple[int, int]] = []  # (compressed offset, decompressed offset) per member
        self._input = b""
        self._input_at = 0  # compressed offset of _input[0] (exact for gzip)
        self._dec: Any = None
        self._fatal: InputError | None = None  # raised by every read from now on
        self._once: InputError | None = None  # raised by the next read only (a member skipped)
        self._done = False

    # ------------------------------------------------------------ reading

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = BLOCK
        if self._fatal is not None:
            raise self._fatal
        if self._once is not None:
            once, self._once = self._once, None
            raise once
        while not self._done:
            out = self._step(size)
            if out:
                return self._capped(out)
        return b""

    def close(self) -> None:
        self.raw.close()

    def where(self, offset: int) -> str:
        """A decompressed offset named for users: the compressed offset of its gzip member ("+n" inside it)."""
        if self.kind != "gzip" or not self.members:
            return str(offset)
        index = bisect.bisect_right(self.members, offset, key=lambda m: m[1]) - 1
        raw_start, out_start = self.members[max(index, 0)]
        return str(raw_start) if offset == out_start else f"{raw_start}+{offset - out_start}"

    # ------------------------------------------------------------ internals

    def _more_input(self) -> bool:
        data = self.raw.read(CHUNK)
        self.raw_read += len(data)
        if not data:
            return False
        self._input += data
        return True

    def _new_decompressor(self) -> Any:
        if self.kind == "gzip":
            return zlib.decompressobj(31)
        if self.kind == "bzip2":
            return bz2.BZ2Decompressor()
        return lzma.LZMADecompressor()

    def _step(self, size: int) -> bytes:
        if self._dec is None:
            if not self._input and not self._more_input():
                self._done = True
                return b""
            if not self._input.strip(b"\x00"):
                self._input_at += len(self._input)  # NUL padding after the last member
                self._input = b""
                return b""
            if self.members and compression_of(self._input[:6]) != self.kind and len(self._input) >= 6:
                return self._fail(f"{len(self._input)}+ bytes after the end of the {self.kind} data")
            self._dec = self._new_decompressor()
            self.members.append((self._input_at, self.out_pos))
        if not self._input and self._needs_input() and not self._more_input():
            out = self._flush_tail(size)
            if out:
                return out
            self._dec = None
            return self._fail(f"truncated {self.kind} data: the file ends inside compressed data")
        try:
            out = self._decompress(size)
        except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError) as exc:
            self._dec = None
            return self._fail(f"corrupt {self.kind} data at byte {self._input_at}: {exc}")
        return out

    def _needs_input(self) -> bool:
        if self.kind == "gzip":
            return True  # zlib's pending input lives in _input (unconsumed_tail)
        return bool(self._dec.needs_input)

    def _decompress(self, size: int) -> bytes:
        dec = self._dec
        if self.kind == "gzip":
            given = self._input
            out = dec.decompress(given, size)
            left = dec.unused_data if dec.eof else dec.unconsumed_tail
            self._input_at += len(given) - len(left)
            self._input = left
        else:
            given = self._input if dec.needs_input else b""
            out = dec.decompress(given, size)
            self._input_at += len(given)
            self._input = b""
            if dec.eof:
                self._input = dec.unused_data
                self._input_at -= len(self._input)
        if dec.eof:
            self._dec = None
        return out

    def _flush_tail(self, size: int) -> bytes:
        try:
            return self._dec.decompress(b"", size) if self.kind == "gzip" else b""
        except Exception:  # noqa: BLE001 - nothing more to salvage
            return b""

    def _fail(self, message: str) -> bytes:
        if self.resync and self._skip_to_next_member():
            raise CompressedDataError(message + "; reading goes on at the next gzip member", resumable=True)
        self._fatal = CompressedDataError(message)
        raise self._fatal

    def _skip_to_next_member(self) -> bool:
        """Drop input up to the next gzip member header (after the broken one's first byte)."""
        self._dec = None
        skip = 1 if self._input.startswith(_GZIP_MEMBER) else 0
        while True:
            found = self._input.find(_GZIP_MEMBER, skip)
            if found >= 0:
                self._input_at += found
                self._input = self._input[found:]
                return True
            keep = len(_GZIP_MEMBER) - 1
            drop = max(len(self._input) - keep, 0)
            self._input_at += drop
            self._input = self._input[drop:]
            skip = 0
            if not self._more_input():
                self._done = True
                return False

    def _capped(self, out: bytes) -> bytes:
        """`out`, cut at the decompressed-size cap; a cap reached fails the next read (what came
        before it is handed out first)."""
        cap = self.limits.max_decompressed_bytes
        if cap and self.out_pos + len(out) > cap:
            out = out[: max(cap - self.out_pos, 0)]
            self._fatal = CapExceeded(f"decompressed size above the cap of {cap} bytes: the rest is not read")
        self.out_pos += len(out)
        ratio = self.limits.max_compression_ratio
        produced, used = self.out_pos, self.raw_read
        if self.resync and self.members:  # members are separate records: each is judged alone
            produced, used = self.out_pos - self.members[-1][1], self.raw_read - self.members[-1][0]
        if ratio and produced > self.limits.ratio_after_bytes and produced > ratio * max(used, 1):
            message = (f"compression bomb: {produced} bytes out of {used} compressed, above the cap of "
                       f"{ratio} to 1")
            if self.resync and self._skip_to_next_member():
                self._once = CapExceeded(message + "; reading goes on at the next gzip member", resumable=True)
            else:
                self._fatal = CapExceeded(message + ": the rest is not read")
        if not out:
            raise self._fatal or CapExceeded("decompressed size cap")
        return out


@dataclass(frozen=True)
class Overlong:
    """A line longer than its cap, discarded unread: how long it was."""

    length: int
    count: int = 0  # occurrences of the byte readline was asked to count in the discarded line


class Buffer:
    """Lines and blocks of a binary stream (anything with read(n)), holding at most a cap of a line."""

    def __init__(self, stream: Any, block: int = BLOCK):
        self.stream = stream
        self.block = block
        self.buf = bytearray()
        self.pos = 0
        self.base = 0  # stream offset of buf[0]
        self.line = 1  # number of the line holding the next unread byte
        self.eof = False
        self._after_newline = True
        self._pending: InputError | None = None  # a stream error met by peek, raised by the next read

    @property
    def offset(self) -> int:
        return self.base + self.pos

    def _fill(self) -> bool:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            raise pending
        if self.eof:
            return False
        data = self.stream.read(self.block)
        if not data:
            self.eof = True
            return False
        if self.pos:
            del self.buf[: self.pos]
            self.base += self.pos
            self.pos = 0
        self.buf += data
        return True

    def _consume(self, n: int) -> None:
        if n <= 0:
            return
        self.line += self.buf.count(b"\n", self.pos, self.pos + n)
        self.pos += n
        self._after_newline = self.buf[self.pos - 1] == 0x0A

    def readline(self, cap: int, count: bytes = b"") -> bytes | Overlong | None:
        """The next line with its newline (the last may lack one), Overlong past `cap` (counting the
        `count` bytes it held), None at the end."""
        scanned = 0
        while True:
            nl = self.buf.find(b"\n", self.pos + scanned)
            if nl >= 0:
                n = nl + 1 - self.pos
                if n > cap:
                    counted = self.buf.count(count, self.pos, nl + 1) if count else 0
                    self._consume(n)
                    return Overlong(n, counted)
                line = bytes(self.buf[self.pos : nl + 1])
                self._consume(n)
                return line
            available = len(self.buf) - self.pos
            if available > cap:
                return self._discard_line(count)
            scanned = available
            if not self._fill():
                if not available:
                    return None
                line = bytes(self.buf[self.pos :])
                self._consume(len(line))
                return line

    def _discard_line(self, count: bytes) -> Overlong:
        total = counted = 0
        while True:
            nl = self.buf.find(b"\n", self.pos)
            n = (nl + 1 - self.pos) if nl >= 0 else len(self.buf) - self.pos
            total += n
            counted += self.buf.count(count, self.pos, self.pos + n) if count else 0
            self._consume(n)
            if nl >= 0 or not self._fill():
                return Overlong(total, counted)

    def next_nonblank(self, cap: int) -> tuple[int, bytes | Overlong] | None:
        """(line number, line) of the next line holding more than white space; blank runs cost little."""
        while True:
            found = _NONBLANK.search(self.buf, self.pos)
            if found is not None:
                start = self.buf.rfind(b"\n", self.pos, found.start()) + 1
                self._consume(start - self.pos if start > self.pos else 0)
                number = self.line
                line = self.readline(cap)
                return None if line is None else (number, line)
            # all blank: keep a trailing run of spaces (it may lead the next line), unless it is huge
            last = self.buf.rfind(b"\n", self.pos)
            end = last + 1 if last >= 0 else self.pos
            if len(self.buf) - end > 65536:
                end = len(self.buf)
            self._consume(end - self.pos)
            if not self._fill():
                return None

    def discard_buffered(self) -> None:
        """Drop what is buffered: after a broken gzip member, the bytes read from it so far."""
        self._consume(len(self.buf) - self.pos)
        self._after_newline = True

    def peek(self, n: int) -> bytes:
        """Up to `n` bytes ahead, unread; a stream error on the way is kept for the next read."""
        try:
            while len(self.buf) - self.pos < n and self._fill():
                pass
        except InputError as exc:
            self._pending = exc
        return bytes(self.buf[self.pos : self.pos + n])

    def read_block(
        self, length: int, keep: int, marker: bytes, retain_cap: int
    ) -> tuple[bytes, int, int | None, bytes | None]:
        """Consume `length` bytes (fewer at the end): (the first `keep` of them, how many, where `marker`
        first occurs in them, the bytes from that occurrence on when at most `retain_cap`)."""
        kept = bytearray()
        consumed = 0
        marker_at: int | None = None
        retained: bytearray | None = None
        tail = b""
        while consumed < length:
            if self.pos >= len(self.buf) and not self._fill():
                break
            take = min(length - consumed, len(self.buf) - self.pos)
            chunk = bytes(self.buf[self.pos : self.pos + take])
            if len(kept) < keep:
                kept += chunk[: keep - len(kept)]
            if marker_at is None:
                window = tail + chunk
                found = window.find(marker)
                if found >= 0:
                    marker_at = consumed - len(tail) + found
                    retained = bytearray(window[found:])
                else:
                    tail = window[-(len(marker) - 1) :]
            elif retained is not None:
                retained = None if len(retained) + take > retain_cap else retained + chunk
            self._consume(take)
            consumed += take
        if retained is not None and len(retained) > retain_cap:
            retained = None
        return bytes(kept), consumed, marker_at, None if retained is None else bytes(retained)

    def unread(self, data: bytes) -> None:
        """Put `data` back in front of the next unread byte (it was read from just before it)."""
        self.buf = bytearray(data) + self.buf[self.pos :]
        self.base = self.base + self.pos - len(data)
        self.pos = 0
        self.line -= data.count(b"\n")
        self._after_newline = True

    def skip_to_line_start(self, prefix: bytes) -> int:
        """Discard bytes up to the next line that starts with `prefix`; how many were discarded."""
        skipped = 0
        while True:
            if len(self.buf) - self.pos < len(prefix) + 1:
                self._fill()
            if self._after_newline and self.buf.startswith(prefix, self.pos):
                return skipped
            found = self.buf.find(b"\n" + prefix, self.pos)
            if found >= 0:
                n = found + 1 - self.pos
                self._consume(n)
                return skipped + n
            n = max(len(self.buf) - self.pos - len(prefix), 0)
            self._consume(n)
            skipped += n
            if not self._fill():
                rest = len(self.buf) - self.pos
                self._consume(rest)
                return skipped + rest
