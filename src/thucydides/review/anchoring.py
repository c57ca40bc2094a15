"""Anchors: where in a document a correction points, independent of reading ids.

An anchor names the document, the sentence (its text and document offsets, with its story and
sentence index) and the trigger (its word and document offsets), plus what the coder read there
when the researcher judged it (dyad and code). After a `recode` the corrections find their readings
again by these: same document, same sentence (offsets, else text), a trigger over the same span
(else the same word), and among several such readings the one whose dyad and code agree best.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import duckdb

from .corrections import Correction

READING_FIELDS = ("reading_id", "event_id", "doc_id", "reading_index", "story_index", "sentence_index",
                  "evidence_text", "doc_start", "doc_end", "trigger", "source_id", "target_id", "cameo_code")


def trigger_span(text: str, start: int, end: int, trigger: str | None) -> tuple[int, int] | None:
    """The trigger word's document offsets inside its sentence text[start:end] (the store keeps the
    word, not its offset): the first whole-word match, else the first match ignoring case."""
    if not trigger or start is None or end is None:
        return None
    sentence = text[start:end]
    for flags in (0, re.IGNORECASE):
        match = re.search(rf"(?<!\w){re.escape(trigger)}(?!\w)", sentence, flags)
        if match:
            return start + match.start(), start + match.end()
    return None


def _sentence_span(reading: dict[str, Any], doc_text: str) -> tuple[int, int] | None:
    if reading.get("doc_start") is not None and reading.get("doc_end") is not None:
        return int(reading["doc_start"]), int(reading["doc_end"])
    text = reading.get("evidence_text") or ""
    found = doc_text.find(text) if text else -1
    return (found, found + len(text)) if found >= 0 else None


def reading_anchor(reading: dict[str, Any], doc_text: str) -> dict[str, Any]:
    """The anchor of a stored reading (a row of the readings table)."""
    span = _sentence_span(reading, doc_text) or (None, None)
    trigger = trigger_span(doc_text, span[0], span[1], reading.get("trigger")) if span[0] is not None else None
    return {
        "doc_id": reading["doc_id"],
        "story_index": reading.get("story_index"),
        "sentence_index": reading.get("sentence_index"),
        "sentence": {"text": reading.get("evidence_text") or "", "start": span[0], "end": span[1]},
        "trigger": {"text": reading.get("trigger") or "", "start": trigger[0] if trigger else None,
                    "end": trigger[1] if trigger else None},
        "reading": {"source_id": reading.get("source_id"), "target_id": reading.get("target_id"),
                    "code": reading.get("cameo_code"), "reading_id": reading.get("reading_id")},
    }


def sentence_anchor(doc: dict[str, Any], sentence_index: int, sentence: tuple[int, int], story_index: int | None,
                    trigger: str) -> dict[str, Any]:
    """The anchor of an event the coder missed: a sentence of the document and its trigger word, which
    must occur in it (THU-E403 otherwise)."""
    from ..errors import Codes, QueryError

    text = doc.get("text") or ""
    start, end = sentence
    trigger = (trigger or "").strip()
    found = trigger_span(text, start, end, trigger)
    if found is None:
        raise QueryError(Codes.E403, f"the trigger {trigger!r} is not a word of the sentence chosen")
    return {
        "doc_id": doc["doc_id"],
        "story_index": story_index,
        "sentence_index": sentence_index,
        "sentence": {"text": text[start:end], "start": start, "end": end},
        "trigger": {"text": text[found[0]:found[1]], "start": found[0], "end": found[1]},
        "reading": {},
    }


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def match_score(anchor: dict[str, Any], reading: dict[str, Any], doc_text: str) -> float | None:
    """How well a reading fits an anchor; None when it is not at the anchor's sentence and trigger."""
    sentence = anchor.get("sentence") or {}
    span = _sentence_span(reading, doc_text)
    same_offsets = span is not None and span == (sentence.get("start"), sentence.get("end"))
    if not same_offsets and _norm(reading.get("evidence_text")) != _norm(sentence.get("text")):
        return None
    trigger = anchor.get("trigger") or {}
    score = 0.0
    found = trigger_span(doc_text, span[0], span[1], reading.get("trigger")) if span else None
    if found is not None and trigger.get("start") is not None and same_offsets:
        if not (found[0] < trigger["end"] and trigger["start"] < found[1]):
            return None
        score += 0.5 if found == (trigger["start"], trigger["end"]) else 0.0
    elif _norm(reading.get("trigger")) != _norm(trigger.get("text")):
        return None
    read = anchor.get("reading") or {}
    if read:
        score += 2.0 * (reading.get("source_id") == read.get("source_id") and
                        reading.get("target_id") == read.get("target_id"))
        score += 1.0 * (reading.get("cameo_code") == read.get("code"))
    return score


@dataclass
class Resolution:
    """Which reading each correction in force points at now, and the ones that point nowhere."""

    matched: dict[str, dict[str, Any]] = field(default_factory=dict)  # correction key -> reading row
    orphans: list[Correction] = field(default_factory=list)
    added: list[Correction] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)  # doc_id -> doc_id, path, text, published
    coded_too: set[str] = field(default_factory=set)  # added events the coder reads at the same trigger

    def by_reading(self) -> dict[str, Correction]:
        keys = {c.key: c for c in self.corrections}
        return {row["reading_id"]: keys[key] for key, row in self.matched.items()}

    def status(self, correction: Correction) -> str:
        if correction.key in self.matched:
            return "applied"
        return "added" if correction.is_added and correction in self.added else "orphaned"


def resolve(conn: duckdb.DuckDBPyConnection, corrections: list[Correction], catalog: str = "") -> Resolution:
    """Find each correction's reading in the database (`catalog`: the database's own name, to read its
    tables past any overlay of corrected views)."""
    prefix = f'"{catalog}".main.' if catalog else ""
    result = Resolution(corrections=list(corrections))
    doc_ids = sorted({c.doc_id for c in corrections if c.doc_id})
    if doc_ids:
        marks = ", ".join("?" * len(doc_ids))
        found = conn.execute(
            f"SELECT doc_id, path, text, published, headline, source FROM {prefix}documents WHERE doc_id IN ({marks})",
            doc_ids).fetchall()
        for doc_id, path, text, published, headline, source in found:
            result.docs[doc_id] = {"doc_id": doc_id, "path": path, "text": text or "", "published": published,
                                   "headline": headline, "source": source}
        cursor = conn.execute(
            f"SELECT {', '.join(READING_FIELDS)} FROM {prefix}readings WHERE doc_id IN ({marks}) "
            "ORDER BY doc_id, reading_index", doc_ids)
        readings = [dict(zip(READING_FIELDS, row, strict=True)) for row in cursor.fetchall()]
    else:
        readings = []
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in readings:
        by_doc.setdefault(row["doc_id"], []).append(row)
    taken: set[str] = set()
    for correction in corrections:
        text = result.docs.get(correction.doc_id, {}).get("text", "")
        if correction.is_added:  # needs its document only (gone: nothing to anchor on)
            (result.added if correction.doc_id in result.docs else result.orphans).append(correction)
            if any(match_score(correction.anchor, row, text) is not None for row in by_doc.get(correction.doc_id, [])):
                result.coded_too.add(correction.key)  # the coder (now) reads an event at this trigger too
            continue
        best, best_score = None, -1.0
        for row in by_doc.get(correction.doc_id, []):
            if row["reading_id"] in taken:
                continue
            score = match_score(correction.anchor, row, text)
            if score is not None and score > best_score:
                best, best_score = row, score
        if best is None:
            result.orphans.append(correction)
        else:
            taken.add(best["reading_id"])
            result.matched[correction.key] = best
    return result
