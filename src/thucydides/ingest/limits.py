"""Caps on what reading one input may cost: line, field, header and decompressed sizes.

Every cap streams: a reader never holds more than a cap's worth of one record, whatever the file
holds, compressed or not. What a cap drops is a (partial) Reject, never silent. The defaults are the
[ingest] section of settings.toml; `Limits.from_settings` reads a user's overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Limits:
    # One JSON Lines line, or one CSV/TSV row (all its physical lines together).
    max_line_bytes: int = 20_000_000
    # One CSV/TSV cell.
    max_field_bytes: int = 10_000_000
    # One WARC record's header block, and the HTTP headers inside it; a CSV header row.
    max_header_bytes: int = 262_144
    # A feed or JSON array file, parsed whole.
    max_feed_bytes: int = 20_000_000
    # The decompressed size of one .gz/.bz2/.xz file (0 = no limit).
    max_decompressed_bytes: int = 20_000_000_000
    # Decompressed bytes per compressed byte above which a file is a compression bomb (0 = no limit),
    # checked once `ratio_after_bytes` bytes are out (text and HTML compress 3 to 20 times).
    max_compression_ratio: int = 200
    ratio_after_bytes: int = 50_000_000

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> Limits:
        section = (settings or {}).get("ingest") or {}
        known = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in section.items() if k in known})


DEFAULT_LIMITS = Limits()
