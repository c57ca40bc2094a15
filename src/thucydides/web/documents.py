"""A stored document as a person reads it: its paragraphs cut into segments, each carrying the
annotations that cover it (actor mentions, time expressions, places, quotes, event triggers).

Annotations overlap and nest (an actor inside a quote, a place that is also an actor), so the
text is cut at every annotation boundary and each piece lists all the annotations over it; the
template gives each kind its own colour. Text always reaches the page through Jinja's escaping.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..review.anchoring import trigger_span
from ..store import Store, query
from .data import NotFound, rows, scalar

KINDS = ("actor", "time", "place", "quote", "trigger")
KIND_LABELS = {
    "actor": "actor mention",
    "time": "time expression",
    "place": "place",
    "quote": "quote",
    "trigger": "event trigger",
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    title: str
    link: str | None = None  # the event a trigger belongs to


@dataclass
class Segment:
    text: str
    kinds: tuple[str, ...]
    title: str
    sentence: int | None
    event_id: str | None = None
    first: bool = False  # the sentence begins here: the piece carries its anchor
    event_ids: tuple[str, ...] = ()  # every event whose trigger covers the piece

    @property
    def css(self) -> str:
        return " ".join(["hl", *(f"hl-{kind}" for kind in self.kinds)]) if self.kinds else ""


@dataclass
class Block:
    kind: str  # headline | paragraph
    story_index: int
    segments: list[Segment]
    mentions: int = 1


@dataclass
class DocumentDetail:
    doc: dict[str, Any]
    blocks: list[Block]
    counts: dict[str, int]
    readings: list[dict[str, Any]]
    reported: list[dict[str, Any]]  # events this document reports through its original's readings
    duplicates: list[dict[str, Any]]
    original: dict[str, Any] | None
    rejects: list[dict[str, Any]]
    stories: list[dict[str, Any]] = field(default_factory=list)


def _actor_spans(store: Store, doc_id: str, names: dict[str, str]) -> list[Span]:
    spans = []
    for row in rows(
        store, "SELECT start_char, end_char, text, how, actor_ids FROM actor_mentions WHERE doc_id = ?", [doc_id]
    ):
        who = ", ".join(f"{names.get(a, a)} ({a})" for a in row["actor_ids"] or []) or "unresolved"
        spans.append(Span(row["start_char"], row["end_char"], "actor", f"actor: {who}; by {row['how']}"))
    return spans


def _time_spans(store: Store, doc_id: str) -> list[Span]:
    spans = []
    for row in rows(
        store,
        "SELECT start_char, end_char, value, precision, kind, date_range FROM time_expressions WHERE doc_id = ?",
        [doc_id],
    ):
        value = row["value"] or "unresolved"
        if row["date_range"]:
            value += f" (range {row['date_range'][0] or '?'} to {row['date_range'][1] or 'open'})"
        spans.append(Span(row["start_char"], row["end_char"], "time", f"time: {value}; {row['precision']}"))
    return spans


def _place_spans(store: Store, doc_id: str) -> list[Span]:
    spans = []
    for row in rows(
        store, "SELECT start_char, end_char, name, country, admin1, is_actor FROM places WHERE doc_id = ?", [doc_id]
    ):
        where = ", ".join(p for p in (row["name"], row["admin1"], row["country"]) if p) or "not resolved"
        role = "; used as an actor" if row["is_actor"] else ""
        spans.append(Span(row["start_char"], row["end_char"], "place", f"place: {where}{role}"))
    return spans


def _quote_spans(store: Store, doc_id: str) -> list[Span]:
    spans = []
    for row in rows(
        store, "SELECT start_char, end_char, speaker_text, speaker_id, cue FROM quotes WHERE doc_id = ?", [doc_id]
    ):
        speaker = row["speaker_text"] or row["speaker_id"] or "unknown speaker"
        spans.append(Span(row["start_char"], row["end_char"], "quote", f"quote: {speaker} ({row['cue'] or 'no cue'})"))
    return spans


# Where a reading's trigger word sits in its sentence: one rule for the pages and the review anchors.
trigger_offset = trigger_span


def _trigger_spans(text: str, readings: list[dict[str, Any]]) -> list[Span]:
    spans = []
    for row in readings:
        if row["doc_start"] is None or row["doc_end"] is None:
            continue
        found = trigger_offset(text, row["doc_start"], row["doc_end"], row["trigger"])
        if found is None:
            continue
        dyad = f"{row['source_text'] or row['source_id']} → {row['target_text'] or row['target_id'] or '-'}"
        title = f"event: {row['cameo_code']} {row['cameo_name']}; {dyad}; {row['factuality']}"
        spans.append(Span(found[0], found[1], "trigger", title, row["event_id"]))
    return spans


def segment(text: str, start: int, end: int, spans: list[Span], sentence_starts: list[int]) -> list[Segment]:
    """Cut text[start:end] at every span and sentence boundary; each piece lists the spans over it
    and the sentence it belongs to (`sentence_starts[i]` is where sentence i begins)."""
    inside = [s for s in spans if s.start < end and s.end > start and s.end > s.start]
    points = {start, end, *(p for p in sentence_starts if start < p < end)}
    for s in inside:
        points.add(max(start, s.start))
        points.add(min(end, s.end))
    cuts = sorted(points)
    pieces = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        over = [s for s in inside if s.start <= left and s.end >= right]
        kinds = tuple(k for k in KINDS if any(s.kind == k for s in over))
        sentence = bisect_right(sentence_starts, left) - 1
        events = tuple(dict.fromkeys(s.link for s in over if s.kind == "trigger" and s.link))
        pieces.append(Segment(
            text[left:right], kinds, "\n".join(dict.fromkeys(s.title for s in over)),
            sentence if sentence >= 0 else None, events[0] if events else None,
            first=sentence >= 0 and sentence_starts[sentence] == left, event_ids=events,
        ))
    return pieces


def document_detail(store: Store, doc_id: str, names: dict[str, str]) -> DocumentDetail:
    found = rows(store, "SELECT * FROM documents WHERE doc_id = ?", [doc_id])
    if not found:
        raise NotFound(f"no document {doc_id!r}")
    doc = found[0]
    text = doc.get("text") or ""
    readings = rows(
        store,
        """SELECT event_id, reading_index, sentence_index, doc_start, doc_end, trigger, evidence_text,
                  source_id, source_name, source_text, target_id, target_name, target_text, cameo_code,
                  cameo_name, quad_class, goldstein, plover_type, factuality, event_date, date_basis,
                  date_expression, location_name, mentions
           FROM readings WHERE doc_id = ? ORDER BY reading_index""",
        [doc_id],
    )
    spans = [
        *_actor_spans(store, doc_id, names),
        *_time_spans(store, doc_id),
        *_place_spans(store, doc_id),
        *_quote_spans(store, doc_id),
        *_trigger_spans(text, readings),
    ]
    counts = {kind: sum(1 for s in spans if s.kind == kind) for kind in KINDS}
    # Readings name their sentence by index: a sentence's index is its position in this list.
    sentence_starts = [r["start_char"] for r in rows(
        store, "SELECT start_char FROM sentences WHERE doc_id = ? ORDER BY sentence_index", [doc_id]
    )]
    paragraphs = rows(
        store,
        "SELECT story_index, start_char, end_char, is_headline, mentions FROM paragraphs WHERE doc_id = ? "
        "ORDER BY start_char",
        [doc_id],
    )
    if not paragraphs and text:
        # No stored paragraphs (a document kept without them): blank lines still separate them.
        paragraphs = [
            {"story_index": 0, "start_char": m.start(), "end_char": m.end(), "is_headline": False, "mentions": 1}
            for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text)
        ]
    blocks = [
        Block(
            "headline" if p["is_headline"] else "paragraph",
            p["story_index"] or 0,
            segment(text, p["start_char"], p["end_char"], spans, sentence_starts),
            p["mentions"] or 1,
        )
        for p in paragraphs
    ]
    reported = rows(
        store,
        """SELECT s.event_id, s.reading_doc_id, e.cameo_code, e.cameo_name, e.quad_class, e.event_date,
                  e.source_name, e.target_name, e.evidence_text
           FROM event_sources s JOIN events e USING (event_id)
           WHERE s.doc_id = ? AND s.reading_doc_id <> s.doc_id ORDER BY e.event_day, s.event_id""",
        [doc_id],
    )
    duplicates = rows(
        store,
        "SELECT doc_id, headline, source, published, status FROM documents WHERE duplicate_of = ? ORDER BY doc_id",
        [doc_id],
    )
    original = None
    if doc.get("duplicate_of"):
        hits = rows(store, "SELECT doc_id, headline, source, published FROM documents WHERE doc_id = ?",
                    [doc["duplicate_of"]])
        original = dict(hits[0], missing=False) if hits else {"doc_id": doc["duplicate_of"], "missing": True}
    rejects = rows(store, "SELECT path, code, message, status, language, run_id, rejected_at FROM rejects "
                   "WHERE doc_id = ? ORDER BY path", [doc_id])
    stories = rows(store, "SELECT story_index, headline FROM stories WHERE doc_id = ? ORDER BY story_index", [doc_id])
    return DocumentDetail(doc, blocks, counts, readings, reported, duplicates, original, rejects, stories)


# ------------------------------------------------------------------ one event's sentence


@dataclass
class Piece:
    text: str
    kind: str  # "" | this | other
    title: str = ""
    event_id: str | None = None


def sentence_triggers(store: Store, event: dict[str, Any]) -> list[dict[str, Any]]:
    """The other readings of the event's evidence sentence (same document and sentence), with
    their triggers: a sentence may hold several events."""
    return rows(
        store,
        """SELECT event_id, trigger, cameo_code, cameo_name, source_name, target_name FROM readings
           WHERE doc_id = ? AND sentence_index = ? AND event_id <> ? AND trigger IS NOT NULL
           ORDER BY reading_index""",
        [event["doc_id"], event["sentence_index"], event["event_id"]],
    )


def mark_triggers(text: str, trigger: str | None, others: list[dict[str, Any]]) -> list[Piece]:
    """The sentence cut around its triggers: this event's ("this") and the other events' ("other")."""
    spans: list[tuple[int, int, str, str, str | None]] = []
    mine = trigger_offset(text, 0, len(text), trigger)
    if mine is not None:
        spans.append((*mine, "this", "this event's trigger", None))
    for row in others:
        found = trigger_offset(text, 0, len(text), row["trigger"])
        if found is None or any(found[0] < end and found[1] > start for start, end, *_ in spans):
            continue
        title = f"another event: {row['cameo_code']} {row['cameo_name']} ({row['source_name'] or '?'} → " \
                f"{row['target_name'] or '–'})"
        spans.append((*found, "other", title, row["event_id"]))
    spans.sort()
    pieces, at = [], 0
    for start, end, kind, title, event_id in spans:
        if start > at:
            pieces.append(Piece(text[at:start], ""))
        pieces.append(Piece(text[start:end], kind, title, event_id))
        at = end
    if at < len(text) or not pieces:
        pieces.append(Piece(text[at:], ""))
    return pieces


# ------------------------------------------------------------------ lists

DOCUMENT_LIST_COLUMNS = "doc_id, headline, source, outlet, published, status, reason, n_readings, duplicate_of, url"
# Orderings of /documents (its column headers); each ends on doc_id so pages never overlap.
DOCUMENT_SORTS = {
    "-published": "published DESC NULLS LAST, doc_id",
    "published": "published NULLS LAST, doc_id",
    "headline": "headline NULLS LAST, doc_id",
    "-headline": "headline DESC NULLS LAST, doc_id",
    "outlet": "coalesce(source, outlet) NULLS LAST, doc_id",
    "-outlet": "coalesce(source, outlet) DESC NULLS LAST, doc_id",
    "status": "status, doc_id",
    "-status": "status DESC, doc_id",
    "-readings": "n_readings DESC NULLS LAST, doc_id",
    "readings": "n_readings NULLS LAST, doc_id",
}
DEFAULT_DOCUMENT_SORT = "-published"


def count_documents(store: Store, **filters: Any) -> int:
    where = query.document_filters(**filters)
    return scalar(store, f"SELECT count(*) FROM documents {where.sql()}", where.params)


def document_rows(store: Store, limit: int, offset: int, sort: str = DEFAULT_DOCUMENT_SORT,
                  **filters: Any) -> list[dict[str, Any]]:
    where = query.document_filters(**filters)
    return rows(
        store,
        f"SELECT {DOCUMENT_LIST_COLUMNS} FROM documents {where.sql()} "
        f"ORDER BY {DOCUMENT_SORTS[sort]} LIMIT ? OFFSET ?",
        [*where.params, limit, offset],
    )


def reject_rows(store: Store, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    total = scalar(store, "SELECT count(*) FROM rejects")
    found = rows(
        store,
        "SELECT r.path, r.code, r.message, r.doc_id, r.status, r.language, r.run_id, r.rejected_at, "
        "d.doc_id IS NOT NULL AS has_document FROM rejects r LEFT JOIN documents d ON d.doc_id = r.doc_id "
        "ORDER BY r.rejected_at DESC, r.path LIMIT ? OFFSET ?",
        [limit, offset],
    )
    return found, total
