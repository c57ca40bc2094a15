"""Text views for the CLI: event tables, plain tables, and the `annotate` JSON record."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from .records import DocResult


def _rows(table: Any) -> list[dict[str, Any]]:
    if hasattr(table, "to_pylist"):
        return table.to_pylist()
    if hasattr(table, "to_dict"):
        return table.to_dict(orient="records")
    return list(table)


def _get(row: dict[str, Any], *path: str) -> Any:
    """A nested field whether the row is nested (source.name) or flat (source_name)."""
    value: Any = row
    for key in path:
        if isinstance(value, dict) and key in value:
            value = value[key]
        else:
            flat = row.get("_".join(path))
            return json.loads(flat) if isinstance(flat, str) and flat[:1] in "[{" else flat
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _actor_label(actor: Any) -> str:
    if isinstance(actor, str):
        try:
            actor = json.loads(actor)
        except json.JSONDecodeError:
            return actor
    if not actor:
        return "-"
    name = actor.get("name") or "?"
    code = actor.get("code")
    return f"{name} [{code}]" if code else name


def _flat_actor(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    nested = row.get(prefix)
    if isinstance(nested, dict):
        return nested
    if isinstance(nested, str) and nested.startswith("{"):
        return json.loads(nested)
    if row.get(f"{prefix}_name") is None:
        return None
    return {"name": row.get(f"{prefix}_name"), "code": row.get(f"{prefix}_code")}


def event_line_fields(row: dict[str, Any]) -> list[str]:
    """date, source, event, target, factuality, mentions, place, evidence — nested or flat rows."""
    cameo = _get(row, "cameo")
    if not isinstance(cameo, dict):
        cameo = {"code": row.get("cameo_code", "?"), "name": row.get("cameo_name", "")}
    location = _get(row, "location")
    place = location.get("name") if isinstance(location, dict) else row.get("location_name")
    evidence = _get(row, "evidence")
    text = evidence.get("text") if isinstance(evidence, dict) else row.get("evidence_text")
    mentions = row.get("num_mentions") or row.get("mentions") or 1
    return [
        str(row.get("event_date") or "?"),
        _actor_label(_flat_actor(row, "source")),
        f"{cameo.get('code', '?')} {cameo.get('name', '')}"[:40],
        _actor_label(_flat_actor(row, "target")),
        str(row.get("factuality") or ""),
        str(mentions),
        place or "",
        (text or "").replace("\n", " "),
    ]


def print_events(table: Any, fmt: str = "table", out=None) -> None:
    out = out or sys.stdout
    rows = _rows(table)
    if fmt != "table":
        print_table(rows, fmt, out)
        return
    if not rows:
        print("no events", file=out)
        return
    header = ["date", "source", "event", "target", "factuality", "n", "place", "evidence"]
    lines = [event_line_fields(r) for r in rows]
    width = max(shutil.get_terminal_size((200, 20)).columns, 160)
    _print_aligned(header, lines, out, width)
    print(f"{len(rows)} events", file=out)


def _print_aligned(header: Sequence[str], lines: Sequence[Sequence[str]], out, width: int) -> None:
    widths = [max(len(header[i]), *(len(line[i]) for line in lines)) for i in range(len(header) - 1)]
    widths = [min(w, 34) for w in widths]
    used = sum(widths) + 2 * len(widths)
    last = max(20, width - used)

    def fmt_line(values: Sequence[str]) -> str:
        cells = [v[:w].ljust(w) for v, w in zip(values[:-1], widths, strict=False)]
        tail = values[-1]
        return "  ".join(cells + [tail[: last - 1] + ("…" if len(tail) > last else "")])

    print(fmt_line(header), file=out)
    print("  ".join("-" * w for w in widths) + "  " + "-" * min(last, 40), file=out)
    for line in lines:
        print(fmt_line(line), file=out)


def print_table(table: Any, fmt: str = "table", out=None) -> None:
    out = out or sys.stdout
    rows = _rows(table)
    if fmt == "jsonl":
        for row in rows:
            print(json.dumps(row, default=str, ensure_ascii=False), file=out)
        return
    columns = list(rows[0].keys()) if rows else []
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([json.dumps(v, default=str) if isinstance(v, (dict, list)) else v for v in row.values()])
        return
    if not rows:
        print("(no rows)", file=out)
        return
    lines = [[_cell(row.get(c)) for c in columns] for row in rows]
    _print_aligned(columns + [""], [line + [""] for line in lines], out, 10_000)
    print(f"{len(rows)} rows", file=out)


def _cell(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return "" if value is None else str(value)


# ---------------------------------------------------------------------- annotate


def actor_mention_records(result: DocResult) -> list[dict[str, Any]]:
    """One record per (mention, actor): a mention that stands for two actors appears twice."""
    out = []
    for mention in result.actors:
        for actor in mention.actors:
            out.append({
                "text": mention.text,
                "start": mention.start,
                "end": mention.end,
                "name": actor.name,
                "id": actor.id,
                "country": actor.country,
                "sector": list(actor.sector),
                "kind": actor.kind,
                "code": actor.code,
                "contested_with": list(actor.contested_with),
                "how": mention.how,
            })
    return out


def annotation_record(result: DocResult) -> dict[str, Any]:
    doc = result.doc
    return {
        "doc_id": doc.doc_id,
        "status": doc.status,
        "language": doc.language,
        "published": doc.published,
        "published_basis": doc.published_basis,
        "headline": doc.headline,
        "source": doc.source,
        "dateline": doc.dateline,
        "section": doc.section,
        "captions": doc.captions,
        "text": doc.text,
        "stories": [
            {"index": s.index, "headline": s.headline, "start": s.start, "end": s.end} for s in doc.stories
        ],
        "sentences": [{"start": s, "end": e} for s, e in result.sentences],
        "actors": actor_mention_records(result),
        "times": [
            {"text": t.text, "start": t.start, "end": t.end, "value": t.value, "precision": t.precision,
             "range": list(t.range) if t.range else None}
            for t in result.times
        ],
        "places": [
            {"text": p.text, "start": p.start, "end": p.end, "is_actor": p.is_actor,
             **({k: v for k, v in p.place.as_dict().items()} if p.place else
                {"name": p.text, "country": None, "lat": None, "lon": None, "geonameid": None})}
            for p in result.places
        ],
        "quotes": [
            {"text": q.text, "start": q.start, "end": q.end, "cue": q.cue,
             "speaker": q.speaker.as_dict(q.speaker_text) if q.speaker else None}
            for q in result.quotes
        ],
        "events": [r.to_dict() for r in result.readings],
    }


def iter_jsonl(rows: Iterable[dict[str, Any]], out=None) -> None:
    out = out or sys.stdout
    for row in rows:
        print(json.dumps(row, ensure_ascii=False, default=str), file=out)
