"""The language of a file's records, for records too short to tell their own.

A JSONL or CSV record that declares no language (no "language"/"lang" field) gets the language of
the file's records taken together, with ``language_basis="file"``; cleaning uses it only when the
record's own text is too short to detect. The first records are held back until enough text is
seen (at most HOLD records), then everything streams.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from ..records import RawDoc, Reject

HOLD = 50  # records held back at most while the file's language is not known
SAMPLE_LETTERS = 2000  # letters of text enough to tell the file's language
FORMATS = ("jsonl", "csv")


def with_file_language(items: Iterable[RawDoc | Reject]) -> Iterator[RawDoc | Reject]:
    held: list[RawDoc | Reject] = []
    sample: list[str] = []
    letters = 0
    language: str | None = None
    decided = False
    for item in items:
        if decided or not isinstance(item, RawDoc) or item.format not in FORMATS:
            if not held:
                yield with_language(item, language)
                continue
            held.append(item)
            continue
        held.append(item)
        text = item.text or item.title or ""
        sample.append(text[:SAMPLE_LETTERS])
        letters += sum(ch.isalpha() for ch in text[:SAMPLE_LETTERS])
        if letters >= SAMPLE_LETTERS or len(held) >= HOLD:
            language, decided = _detect("\n".join(sample)), True
            yield from (with_language(h, language) for h in held)
            held = []
    if held:
        language = _detect("\n".join(sample)) if sample else None
        yield from (with_language(h, language) for h in held)


def sample_language(items: Iterable[RawDoc | Reject]) -> str | None:
    """The language `with_file_language` gives a file's records, read from the file's first records
    (for a reader that sees only part of the file: a Dask partition)."""
    sample: list[str] = []
    letters = held = 0
    for item in items:
        if not isinstance(item, RawDoc) or item.format not in FORMATS:
            held += 1 if held else 0
            continue
        held += 1
        text = item.text or item.title or ""
        sample.append(text[:SAMPLE_LETTERS])
        letters += sum(ch.isalpha() for ch in text[:SAMPLE_LETTERS])
        if letters >= SAMPLE_LETTERS or held >= HOLD:
            break
    return _detect("\n".join(sample)) if sample else None


def _detect(text: str) -> str | None:
    from ..clean.language import MIN_PROBABILITY, detect_language

    found, probability = detect_language(text)
    return found if found and probability >= MIN_PROBABILITY else None


def with_language(item: RawDoc | Reject, language: str | None) -> RawDoc | Reject:
    if language and isinstance(item, RawDoc) and item.format in FORMATS and item.language is None:
        return dataclasses.replace(item, language=language, language_basis="file")
    return item
