"""Ledger -> rows (one per relation and pair, as of a date, or every span with history) -> table, JSONL, CSV."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from typing import Any, TextIO

from ..errors import Codes, QueryError
from .engine import Observation, RelationLedger, Span, Timeline
from .reports import RelActor, Report


def parse_day(value: Any, name: str = "as_of") -> date | None:
    """A date argument: None, a date, or an ISO day (YYYY-MM-DD); THU-E403 otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise QueryError(Codes.E403, f"{name}: {value!r} is not a date (YYYY-MM-DD)")


def _actor_matches(actor: RelActor, query: str) -> bool:
    wanted = query.strip().casefold()
    return wanted in {(v or "").casefold() for v in (actor.id, actor.code, actor.country, actor.name)}


def _evidence(reports: list[Report]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for report in sorted(reports, key=lambda r: (r.event_day or date.min, r.doc_id, r.sentence_index)):
        if report.reading_id in seen:
            continue
        seen.add(report.reading_id)
        out.append(report.evidence())
    return out


def _expected(obs: Observation) -> tuple[str | None, list[str | None] | None]:
    report = obs.reports[0]
    if report.date_range:
        first, last = report.date_range
        return first, [first, last]
    if report.factuality in ("future", "hypothetical"):
        return report.event_date, None
    return None, None  # a promise is dated by when it was made; it names no date for the act


def _pending_entry(obs: Observation, at: date | None) -> dict[str, Any]:
    expected, expected_range = _expected(obs)
    last = expected_range[1] if expected_range else expected
    overdue = bool(at and last and last[:10] < at.isoformat())
    return {
        "change": obs.rule.id,
        "state": obs.rule.to,
        "announced": obs.day.isoformat(),
        "expected": expected,
        "expected_range": expected_range,
        "factuality": sorted({r.factuality for r in obs.reports}),
        "overdue": overdue,
        "evidence": _evidence(obs.reports),
    }


def open_pending(timeline: Timeline, at: date | None) -> list[dict[str, Any]]:
    """Changes announced by `at` and neither made nor overtaken by another change since."""
    out = []
    for obs in sorted(timeline.pending, key=lambda o: o.day):
        if at is not None and obs.day > at:
            continue
        if obs.rule.from_states:
            span = timeline.span_on(obs.day)
            if (span.state if span else "none") not in obs.rule.from_states:
                continue
        if any(obs.day < span.since and (at is None or span.since <= at) for span in timeline.spans):
            continue
        out.append(_pending_entry(obs, at))
    return out


def _claims(timeline: Timeline, at: date | None) -> list[dict[str, Any]]:
    return [
        {"change": obs.rule.id, "state": obs.rule.to, "date": obs.day.isoformat(), "evidence": _evidence(obs.reports)}
        for obs in sorted(timeline.claims, key=lambda o: o.day)
        if at is None or obs.day <= at
    ]


def _row(timeline: Timeline, span: Span | None, at: date | None, pending: list, claims: list) -> dict[str, Any]:
    return {
        "relation": timeline.relation.id,
        "directed": timeline.relation.directed,
        "actor_a": timeline.a.as_dict(),
        "actor_b": timeline.b.as_dict(),
        "state": span.state if span else None,
        "level": span.level if span else None,
        "since": span.since.isoformat() if span else None,
        "since_basis": span.basis if span else None,
        "until": span.until.isoformat() if span and span.until else None,
        "change": span.change if span else None,
        "ended_by": span.ended_by if span else None,
        "evidence": _evidence(span.reports) if span else [],
        "pending": pending,
        "conflict": bool(span and span.conflicts),
        "conflicts": span.conflicts if span else [],
        "claims": claims,
        "as_of": at.isoformat() if at else None,
    }


def ledger_rows(
    ledger: RelationLedger,
    *,
    as_of: Any = None,
    actor: str | None = None,
    pair: tuple[str, str] | list[str] | None = None,
    relation_type: str | None = None,
    history: bool = False,
) -> list[dict[str, Any]]:
    at = parse_day(as_of)
    ledger.close(at)
    relation_ids = [r.id for r in ledger.rules.ordered()]
    if relation_type:
        wanted = relation_type.strip().lower()
        if wanted not in relation_ids:
            raise QueryError(Codes.E403, f"unknown relation type {relation_type!r} (known: {', '.join(relation_ids)})")
        relation_ids = [wanted]
    if pair is not None and len(pair) != 2:
        raise QueryError(Codes.E403, "pair takes two actors")
    order = {rid: i for i, rid in enumerate(r.id for r in ledger.rules.relations.values())}
    rows: list[dict[str, Any]] = []
    for rid in sorted(relation_ids, key=lambda r: order.get(r, 0)):
        for (_a, _b), timeline in sorted(ledger.timelines.get(rid, {}).items()):
            if actor and not (_actor_matches(timeline.a, actor) or _actor_matches(timeline.b, actor)):
                continue
            if pair and not (
                (_actor_matches(timeline.a, pair[0]) and _actor_matches(timeline.b, pair[1]))
                or (_actor_matches(timeline.a, pair[1]) and _actor_matches(timeline.b, pair[0]))
            ):
                continue
            rows.extend(_timeline_rows(timeline, at, history))
    return rows


def _timeline_rows(timeline: Timeline, at: date | None, history: bool) -> list[dict[str, Any]]:
    spans = [s for s in timeline.spans if at is None or s.since <= at]
    current = timeline.span_on(at) if at else (spans[-1] if spans else None)
    pending = open_pending(timeline, at)
    claims = _claims(timeline, at)
    if history:
        rows = [_row(timeline, span, at, pending if span is current else [], claims if span is current else [])
                for span in spans]
        if current is None and (pending or claims):
            rows.append(_row(timeline, None, at, pending, claims))
        return rows
    if current is None and not pending and not claims:
        return []
    return [_row(timeline, current, at, pending, claims)]


# ------------------------------------------------------------------ printing

CSV_COLUMNS = [
    "relation", "actor_a_id", "actor_a_name", "actor_b_id", "actor_b_name", "state", "level", "since",
    "since_basis", "until", "change", "conflict", "pending", "evidence",
]


def _csv_record(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "relation": row["relation"],
        "actor_a_id": row["actor_a"]["id"],
        "actor_a_name": row["actor_a"]["name"],
        "actor_b_id": row["actor_b"]["id"],
        "actor_b_name": row["actor_b"]["name"],
        "state": row["state"] or "",
        "level": row["level"] or "",
        "since": row["since"] or "",
        "since_basis": row["since_basis"] or "",
        "until": row["until"] or "",
        "change": row["change"] or "",
        "conflict": "true" if row["conflict"] else "false",
        "pending": json.dumps(row["pending"], ensure_ascii=False) if row["pending"] else "",
        "evidence": json.dumps(row["evidence"], ensure_ascii=False),
    }


def _pending_summary(pending: list[dict[str, Any]]) -> str:
    parts = []
    for item in pending:
        when = item["expected"] or "?"
        if item["expected_range"]:
            first, last = item["expected_range"]
            when = f"{first or '?'}..{last or ''}"
        parts.append(f"{item['change']}→{item['state']} ({when})")
    return "; ".join(parts)


def print_relations(rows: list[dict[str, Any]], fmt: str = "table", file: TextIO | None = None) -> None:
    """Write rows as an aligned table, JSON lines or CSV."""
    out = file or sys.stdout
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(_csv_record(row))
        return
    if fmt != "table":
        raise QueryError(Codes.E403, f"unknown format {fmt!r} (table, jsonl, csv)")
    if not rows:
        out.write("no relation states (run `thucydides run` first, or try another --as-of)\n")
        return
    header = ["RELATION", "A", "B", "STATE", "SINCE", "UNTIL", "EVIDENCE", "PENDING", "FLAGS"]
    table = [header]
    for row in rows:
        arrow = "→" if row["directed"] else "–"
        state = row["state"] or "-"
        if row["level"]:
            state += f" ({row['level']})"
        since = row["since"] or ""
        if row["since_basis"] == "attested":
            since = f"≤{since}"
        flags = []
        if row["conflict"]:
            flags.append(f"conflicting reports ({len(row['conflicts'])})")
        if row["claims"]:
            flags.append(f"claims ({len(row['claims'])})")
        docs = {e["doc_id"] for e in row["evidence"]}
        table.append([
            row["relation"], f"{row['actor_a']['name']} {arrow}", row["actor_b"]["name"], state, since,
            row["until"] or "", f"{len(row['evidence'])} in {len(docs)} doc(s)", _pending_summary(row["pending"]),
            ", ".join(flags),
        ])
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for line in table:
        out.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() + "\n")
