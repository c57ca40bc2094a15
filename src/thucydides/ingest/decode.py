"""Bytes to text: declared and detected encodings, binary content, plausibility of the result."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import Codes, InputError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Magic numbers of binary formats people drop into news folders by mistake.
BINARY_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"RIFF": "RIFF media (WebP/WAV/AVI)",
    b"\x00\x00\x01\x00": "icon",
    b"ID3": "MP3 audio",
    b"\x7fELF": "executable",
    b"MZ": "executable",
    b"SQLite format 3\x00": "SQLite database",
    b"PAR1": "Parquet file",
}
UNSUPPORTED_MAGIC = {
    b"%PDF": "PDF document (extract its text first)",
    b"PK\x03\x04": "ZIP archive (DOCX/EPUB/ZIP: unpack it first)",
    b"\xd0\xcf\x11\xe0": "legacy Office document",
    b"{\\rtf": "RTF document",
}
_DECLARED = [
    re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I),
    re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']""", re.I),
]
# The WHATWG encoding standard reads these labels as windows-1252; pages that say latin-1 mean it.
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
# Share of characters that may be control, private-use or stray symbols in real text.
MAX_ODD_SHARE = 0.02
# charset-normalizer's language coherence below which its guess is not taken.
MIN_COHERENCE = 0.05
_LATIN_SIBLINGS = {"cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "cp1257", "iso8859_9", "cp1254",
                   "mac_roman", "cp850", "cp437"}


def binary_kind(head: bytes) -> tuple[str, str] | None:
    """(error code, what it is) when `head` (the first bytes of a file) is not text."""
    for magic, name in UNSUPPORTED_MAGIC.items():
        if head.startswith(magic):
            return Codes.E111, name
    for magic, name in BINARY_MAGIC.items():
        if head.startswith(magic):
            return Codes.E103, name
    if any(head.startswith(bom) for bom, _ in _BOMS) or utf16_without_bom(head):
        return None  # UTF-16/32 text holds NUL bytes
    if b"\x00" in head[:8192]:
        return Codes.E103, "binary content (NUL bytes)"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text without a byte-order mark (mostly Latin script: one
    byte of each pair is NUL, the other almost never), else None."""
    sample = head[:4096]
    if b"\x00" not in sample:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8 or any(sample.startswith(bom) for bom, _ in _BOMS):
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(even)
    even_nul, odd_nul = even.count(0) / half, odd.count(0) / half
    if odd_nul > 0.4 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def declared_encoding(head: bytes) -> str | None:
    """The charset an HTML meta tag or XML declaration names, when Python knows it."""
    for pattern in _DECLARED:
        m = pattern.search(head[:4096])
        if m:
            name = m.group(1).decode("ascii", "replace").lower()
            return _known(name)
    return None


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header."""
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    return _known(m.group(1).lower()) if m else None


def _known(name: str) -> str | None:
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# controls (C0 but tab and line breaks, DEL, C1), private use, lone surrogates, U+FFFD
_ODD = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff\ufffd]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def odd_share(text: str) -> float:
    """Share of characters real text rarely holds: controls, private use, surrogates, U+FFFD."""
    sample = text[:200_000]
    return len(_ODD.findall(sample)) / len(sample) if sample else 0.0


def _symbol_share(text: str) -> float:
    """Share of characters that are non-ASCII symbols, not letters: what mojibake is made of."""
    sample = text[:200_000]
    if not sample or sample.isascii():
        return 0.0
    non_ascii = _NON_ASCII.findall(sample)
    symbols = sum(1 for ch in non_ascii if not unicodedata.category(ch).startswith(("L", "M", "Z", "P")))
    return symbols / len(sample)


def _plausible(text: str) -> bool:
    return odd_share(text) <= MAX_ODD_SHARE and _symbol_share(text) <= MAX_ODD_SHARE


def decode_bytes(data: bytes, *, declared: str | None = None, path: str | None = None) -> str:
    """Decode `data`: BOM, then UTF-8, the declared charset, a detected one, windows-1252.

    Each candidate must decode strictly and give plausible text; none does -> InputError(THU-E101).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(Codes.E101, f"invalid {encoding} text after its byte-order mark: {exc}", path) from exc
    utf16 = utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
            if _plausible(text):
                return text
        except UnicodeDecodeError:
            pass
    candidates = ["utf-8"]
    for name in (declared and _known(declared.lower()), declared_encoding(data)):
        if name and name not in candidates:
            candidates.append(name)
    tried = []
    for encoding in candidates:
        tried.append(encoding)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            return text
    detected = _detect(data)
    if detected is not None and detected[0] not in _LATIN_SIBLINGS:
        encoding, text = detected
        tried.append(encoding)
        if _plausible(text):
            return text
    # English pages in a legacy encoding are windows-1252 far more often than any Latin sibling
    if "cp1252" not in tried:
        tried.append("cp1252")
        try:
            text = data.decode("cp1252")
            if _plausible(text):
                return text
        except UnicodeDecodeError:
            pass
    raise InputError(Codes.E101, f"cannot decode bytes as text (tried {', '.join(tried)})", path)


def _detect(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer comes with requests/trafilatura
        return None
    best = from_bytes(data[:1_000_000]).best()
    # no language recognised in the decoded text (coherence 0): a guess, not a detection
    if best is None or best.chaos > 0.3 or best.coherence < MIN_COHERENCE:
        return None
    try:
        return best.encoding, data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
