"""Records <-> table rows: DocResults flattened into Arrow tables, Readings and CleanDocs rebuilt."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from ..records import (
    Actor,
    CameoCode,
    CleanDoc,
    DocResult,
    Paragraph,
    Place,
    PloverCode,
    Quote,
    Reading,
    Reject,
    Story,
)
from . import schema

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "JSON": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()),
}


def arrow_schema(columns: list[tuple[str, str]]) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[sql_type.split(" ")[0]]) for name, sql_type in columns])


def to_arrow(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> pa.Table:
    """Rows as an Arrow table with the table's exact types (so all-null columns keep their type)."""
    names = schema.column_names(columns)
    data = {name: [row.get(name) for row in rows] for name in names}
    return pa.table(data, schema=arrow_schema(columns))


def outlet_of(source: str | None, url: str | None) -> str | None:
    """The outlet num_sources counts: the declared source, else the URL's host without "www."."""
    if source and source.strip():
        return source.strip()
    if url:
        host = urlsplit(url).hostname or ""
        host = host.removeprefix("www.")
        return host or None
    return None


def first_day(value: str | None) -> date | None:
    """First day of an ISO date of any precision (YYYY, YYYY-MM, YYYY-MM-DD); None when unreadable."""
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
    except ValueError:
        return None
    return None


# ------------------------------------------------------------------ records -> rows


def actor_row(prefix: str, actor: Actor | None, text: str | None) -> dict[str, Any]:
    if actor is None:
        return {f"{prefix}_{name}": None for name, _ in schema.ACTOR_FIELDS} | {f"{prefix}_text": text}
    return {
        f"{prefix}_id": actor.id,
        f"{prefix}_name": actor.name,
        f"{prefix}_text": text,
        f"{prefix}_kind": actor.kind,
        f"{prefix}_country": actor.country,
        f"{prefix}_sector": list(actor.sector),
        f"{prefix}_code": actor.code,
        f"{prefix}_contested_with": list(actor.contested_with),
        f"{prefix}_title": actor.title,
        f"{prefix}_country_basis": actor.country_basis,
    }


def reading_row(reading: Reading, index: int) -> dict[str, Any]:
    """One reading as a `readings` row (event_id and merge_key are filled in by SQL, see merge.py)."""
    location = reading.location
    quote = reading.quote
    row: dict[str, Any] = {
        "reading_id": reading.event_id,
        "doc_id": reading.doc_id,
        "reading_index": index,
        "story_index": reading.story_index,
        "sentence_index": reading.sentence_index,
        "evidence_text": reading.evidence_text,
        "evidence_start": reading.evidence_start,
        "evidence_end": reading.evidence_end,
        "doc_start": reading.doc_offset,
        "doc_end": reading.doc_offset + (reading.evidence_end - reading.evidence_start),
        "trigger": reading.trigger,
        "published": reading.published,
        "event_date": reading.event_date,
        "event_day": first_day(reading.event_date),
        "date_range": list(reading.date_range) if reading.date_range else None,
        "date_precision": reading.date_precision,
        "date_basis": reading.date_basis,
        "date_expression": reading.date_expression,
        **actor_row("source", reading.source, reading.source_text),
        **actor_row("target", reading.target, reading.target_text),
        "cameo_code": reading.cameo.code,
        "cameo_root": reading.cameo.root,
        "cameo_name": reading.cameo.name,
        "goldstein": reading.cameo.goldstein,
        "quad_class": reading.cameo.quad_class,
        "plover_type": reading.plover.type if reading.plover else None,
        "plover_mode": reading.plover.mode if reading.plover else None,
        "plover_contexts": list(reading.plover.contexts) if reading.plover else None,
        "factuality": reading.factuality,
        "location_name": location.name if location else None,
        "location_text": reading.location_text,
        "location_country": location.country if location else None,
        "location_admin1": location.admin1 if location else None,
        "location_lat": location.lat if location else None,
        "location_lon": location.lon if location else None,
        "location_geonameid": location.geonameid if location else None,
        "location_precision": location.precision if location else None,
        "location_feature": location.feature if location else None,
        "mentions": reading.mentions,
        "quote_text": quote.text if quote else None,
        "quote_start": quote.start if quote else None,
        "quote_end": quote.end if quote else None,
        "quote_cue": quote.cue if quote else None,
        "quote_speaker_start": quote.speaker_start if quote else None,
        "quote_speaker_end": quote.speaker_end if quote else None,
        **actor_row("quote_speaker", quote.speaker if quote else None, quote.speaker_text if quote else None),
        "pattern_id": reading.pattern_id,
        "coder_version": reading.coder_version,
        "killed": reading.killed,
        "injured": reading.injured,
        "arrested": reading.arrested,
        "record_json": json.dumps(reading.to_dict(), ensure_ascii=False),
    }
    return row


def document_row(doc: CleanDoc, n_readings: int, coder_version: str, run_id: str, now: Any) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "path": doc.path,
        "url": doc.url,
        "format": doc.format,
        "status": doc.status,
        "reason": doc.reason,
        "language": doc.language,
        "language_basis": doc.language_basis,
        "headline": doc.headline,
        "author": doc.author,
        "source": doc.source,
        "outlet": outlet_of(doc.source, doc.url),
        "published": doc.published,
        "published_basis": doc.published_basis,
        "dateline": doc.dateline,
        "section": doc.section,
        "captions": list(doc.captions),
        "content_hash": doc.content_hash,
        "coder_version": coder_version,
        "duplicate_of": doc.duplicate_of,
        "text": doc.text,
        "n_readings": n_readings,
        "run_id": run_id,
        "written_at": now,
    }


def batch_tables(
    results: Sequence[DocResult], coder_version: str, run_id: str, now: Any
) -> dict[str, pa.Table]:
    """Every per-document table's new rows for a batch, as Arrow tables ready to insert."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in schema.PER_DOCUMENT_TABLES}
    for result in results:
        doc = result.doc
        doc_id = doc.doc_id
        rows["documents"].append(document_row(doc, len(result.readings), coder_version, run_id, now))
        rows["stories"].extend(
            {
                "doc_id": doc_id,
                "story_index": story.index,
                "headline": story.headline,
                "start_char": story.start,
                "end_char": story.end,
                "body_start": story.body_start,
            }
            for story in doc.stories
        )
        rows["paragraphs"].extend(
            {
                "doc_id": doc_id,
                "paragraph_index": i,
                "story_index": p.story_index,
                "start_char": p.start,
                "end_char": p.end,
                "is_headline": p.is_headline,
                "mentions": p.mentions,
            }
            for i, p in enumerate(doc.paragraphs)
        )
        rows["sentences"].extend(
            {"doc_id": doc_id, "sentence_index": i, "start_char": start, "end_char": end}
            for i, (start, end) in enumerate(result.sentences)
        )
        rows["actor_mentions"].extend(
            {
                "doc_id": doc_id,
                "mention_index": i,
                "text": m.text,
                "start_char": m.start,
                "end_char": m.end,
                "head": m.head,
                "how": m.how,
                "token_start": m.token_start,
                "token_end": m.token_end,
                "actor_ids": [actor.id for actor in m.actors],
            }
            for i, m in enumerate(result.actors)
        )
        rows["time_expressions"].extend(
            {
                "doc_id": doc_id,
                "time_index": i,
                "text": t.text,
                "start_char": t.start,
                "end_char": t.end,
                "value": t.value,
                "precision": t.precision,
                "date_range": list(t.range) if t.range else None,
                "kind": t.kind,
                "token_start": t.token_start,
                "token_end": t.token_end,
            }
            for i, t in enumerate(result.times)
        )
        rows["places"].extend(_place_row(doc_id, i, m) for i, m in enumerate(result.places))
        rows["quotes"].extend(
            {
                "doc_id": doc_id,
                "quote_index": i,
                "text": q.text,
                "start_char": q.start,
                "end_char": q.end,
                "speaker_id": q.speaker.id if q.speaker else None,
                "speaker_text": q.speaker_text,
                "cue": q.cue,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
            }
            for i, q in enumerate(result.quotes)
        )
        rows["readings"].extend(reading_row(r, i) for i, r in enumerate(result.readings))
    return {table: to_arrow(rows[table], columns) for table, columns in schema.PER_DOCUMENT_TABLES.items()}


def _place_row(doc_id: str, index: int, mention: Any) -> dict[str, Any]:
    place: Place | None = mention.place
    return {
        "doc_id": doc_id,
        "place_index": index,
        "text": mention.text,
        "start_char": mention.start,
        "end_char": mention.end,
        "is_actor": mention.is_actor,
        "name": place.name if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geonameid": place.geonameid if place else None,
        "precision": place.precision if place else None,
        "feature": place.feature if place else None,
        "token_start": mention.token_start,
        "token_end": mention.token_end,
    }


def actors_table(results: Sequence[DocResult], run_id: str) -> pa.Table:
    """Every actor the batch resolved (mentions, readings, quote speakers), one row per id."""
    seen: dict[str, Actor] = {}

    def add(actor: Actor | None) -> None:
        if actor is not None:
            seen[actor.id] = actor

    for result in results:
        for mention in result.actors:
            for actor in mention.actors:
                add(actor)
        for quote in result.quotes:
            add(quote.speaker)
        for reading in result.readings:
            add(reading.source)
            add(reading.target)
            add(reading.quote.speaker if reading.quote else None)
    rows = [
        {
            "actor_id": a.id,
            "name": a.name,
            "kind": a.kind,
            "country": a.country,
            "sector": list(a.sector),
            "code": a.code,
            "contested_with": list(a.contested_with),
            "title": a.title,
            "updated_run": run_id,
        }
        for a in seen.values()
    ]
    return to_arrow(rows, schema.ACTOR_TABLE_COLUMNS)


def rejects_table(rejects: Iterable[Reject], run_id: str, now: Any) -> pa.Table:
    """One row per input path and code (the last of them in a batch wins, as a re-run's would): a
    document's partial or renamed note does not hide a reject of the same path."""
    latest = {(r.path, r.code): r for r in rejects}
    rows = [
        {
            "path": r.path,
            "code": r.code,
            "message": r.message,
            "doc_id": r.doc_id,
            "status": r.status,
            "language": r.language,
            "run_id": run_id,
            "rejected_at": now,
        }
        for r in latest.values()
    ]
    return to_arrow(rows, schema.REJECT_COLUMNS)


# ------------------------------------------------------------------ rows -> records


def actor_from_row(row: dict[str, Any], prefix: str) -> Actor | None:
    if row.get(f"{prefix}_id") is None:
        return None
    return Actor(
        id=row[f"{prefix}_id"],
        name=row[f"{prefix}_name"],
        kind=row[f"{prefix}_kind"],
        country=row[f"{prefix}_country"],
        sector=tuple(row[f"{prefix}_sector"] or ()),
        code=row[f"{prefix}_code"],
        contested_with=tuple(row[f"{prefix}_contested_with"] or ()),
        title=row[f"{prefix}_title"],
        country_basis=row.get(f"{prefix}_country_basis"),
    )


def reading_from_row(row: dict[str, Any]) -> Reading:
    """Rebuild the Reading a `readings` row was written from (the inverse of reading_row)."""
    location = None
    if row["location_name"] is not None:
        location = Place(
            name=row["location_name"],
            country=row["location_country"],
            admin1=row["location_admin1"],
            lat=row["location_lat"],
            lon=row["location_lon"],
            geonameid=row["location_geonameid"],
            precision=row["location_precision"],
            feature=row["location_feature"],
        )
    quote = None
    if row["quote_text"] is not None:
        quote = Quote(
            text=row["quote_text"],
            start=row["quote_start"],
            end=row["quote_end"],
            speaker=actor_from_row(row, "quote_speaker"),
            speaker_text=row["quote_speaker_text"],
            cue=row["quote_cue"],
            speaker_start=row["quote_speaker_start"],
            speaker_end=row["quote_speaker_end"],
        )
    plover = None
    if row["plover_type"] is not None:
        plover = PloverCode(row["plover_type"], row["plover_mode"], tuple(row["plover_contexts"] or ()))
    source = actor_from_row(row, "source")
    assert source is not None  # readings always have a source
    return Reading(
        event_id=row["reading_id"],
        doc_id=row["doc_id"],
        story_index=row["story_index"],
        sentence_index=row["sentence_index"],
        evidence_text=row["evidence_text"],
        evidence_start=row["evidence_start"],
        evidence_end=row["evidence_end"],
        trigger=row["trigger"],
        source=source,
        source_text=row["source_text"],
        target=actor_from_row(row, "target"),
        target_text=row["target_text"],
        cameo=CameoCode(
            row["cameo_code"], row["cameo_root"], row["cameo_name"], row["goldstein"], row["quad_class"]
        ),
        plover=plover,
        factuality=row["factuality"],
        event_date=row["event_date"],
        date_precision=row["date_precision"],
        date_basis=row["date_basis"],
        date_expression=row["date_expression"],
        date_range=tuple(row["date_range"]) if row["date_range"] is not None else None,
        published=row["published"],
        location=location,
        location_text=row["location_text"],
        mentions=row["mentions"],
        quote=quote,
        pattern_id=row["pattern_id"],
        coder_version=row["coder_version"],
        killed=row["killed"],
        injured=row["injured"],
        arrested=row["arrested"],
        doc_offset=row["doc_start"],
    )


def clean_doc_from_rows(
    row: dict[str, Any], stories: list[dict[str, Any]], paragraphs: list[dict[str, Any]]
) -> CleanDoc:
    return CleanDoc(
        doc_id=row["doc_id"],
        path=row["path"],
        text=row["text"] or "",
        stories=[
            Story(s["story_index"], s["headline"], s["start_char"], s["end_char"], s["body_start"])
            for s in sorted(stories, key=lambda s: s["story_index"])
        ],
        paragraphs=[
            Paragraph(p["story_index"], p["start_char"], p["end_char"], p["is_headline"], p["mentions"])
            for p in sorted(paragraphs, key=lambda p: p["paragraph_index"])
        ],
        format=row["format"],
        url=row["url"],
        source=row["source"],
        headline=row["headline"],
        author=row["author"],
        published=row["published"],
        published_basis=row["published_basis"],
        dateline=row["dateline"],
        section=row["section"],
        captions=list(row["captions"] or []),
        language=row["language"],
        language_basis=row.get("language_basis"),
        status=row["status"],
        reason=row["reason"],
        content_hash=row["content_hash"] or "",
        duplicate_of=row["duplicate_of"],
    )
