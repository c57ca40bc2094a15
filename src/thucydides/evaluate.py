"""Evaluation against gold files in the format of ../shared/gold/*.gold.json.

The gold file's `matching` field states the rules; this module implements them: a reading matches a
gold event when its CAMEO root is allowed, its source and target match (country, name or code,
case-insensitive; "*" matches anything), and its date lies within the tolerance (a month-precision
date matches when the gold day is in that month; a reading with a date range matches when the range
contains the gold day). Each gold event is matched at most once, required ones first (a maximum
matching, so one greedy choice cannot starve a later gold event).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .errors import Codes, QueryError


@dataclass
class GoldResult:
    gold_file: str
    required: int = 0
    required_found: int = 0
    emitted: int = 0
    emitted_matched: int = 0
    quotes: int = 0
    quotes_found: int = 0
    actors_forms: int = 0
    actors_forms_found: int = 0
    too_many: bool = False
    hits: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    quote_results: list[dict[str, Any]] = field(default_factory=list)
    actor_results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.required_found / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.emitted_matched / self.emitted if self.emitted else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold_file": self.gold_file,
            "recall_required": round(self.recall, 4),
            "required_found": self.required_found,
            "required": self.required,
            "precision": round(self.precision, 4),
            "emitted": self.emitted,
            "emitted_matched": self.emitted_matched,
            "quotes_found": self.quotes_found,
            "quotes": self.quotes,
            "actor_forms_found": self.actors_forms_found,
            "actor_forms": self.actors_forms,
            "too_many_events": self.too_many,
            "hits": self.hits,
            "misses": self.misses,
            "unmatched": self.unmatched,
            "quote_results": self.quote_results,
            "actor_results": self.actor_results,
        }


def load_gold(path: str | Path) -> dict[str, Any]:
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise QueryError(Codes.E402, f"cannot read gold file: {exc}", str(path)) from exc
    if not isinstance(gold, dict) or "events" not in gold or "document" not in gold:
        raise QueryError(Codes.E402, "gold file needs 'document' and 'events'", str(path))
    return gold


def gold_document_path(gold_path: str | Path, gold: dict[str, Any]) -> Path:
    """The gold's document, relative to the working directory or to any folder above the gold file."""
    relative = Path(gold["document"])
    candidates = [relative] + [parent / relative for parent in Path(gold_path).resolve().parents]
    candidates += [Path(gold_path).resolve().parent / relative.name,
                   Path(gold_path).resolve().parent.parent / relative.name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise QueryError(Codes.E402, f"gold document {relative} not found", str(gold_path))


def actor_matches(gold_actor: Any, actor: dict[str, Any] | None) -> bool:
    options = gold_actor if isinstance(gold_actor, list) else [gold_actor]
    for option in options:
        if option == "*":
            return True
        if actor is None or option is None:
            continue
        wanted = str(option).lower()
        for key in ("country", "name", "code"):
            value = actor.get(key)
            if value and str(value).lower() == wanted:
                return True
    return False


def _date_matches(gold_event: dict[str, Any], reading: dict[str, Any]) -> bool:
    gold_day = date.fromisoformat(gold_event["date"])
    tolerance = timedelta(days=int(gold_event.get("date_tolerance_days", 0)))
    date_range = reading.get("date_range")
    if date_range:
        # an open end is unbounded: compare without arithmetic on date.min/date.max (it would overflow)
        after_first = not date_range[0] or date.fromisoformat(date_range[0]) - tolerance <= gold_day
        before_last = not date_range[1] or gold_day <= date.fromisoformat(date_range[1]) + tolerance
        if after_first and before_last:
            return True
    value = reading.get("event_date")
    if not value:
        return False
    if len(value) == 7:
        return value == gold_day.isoformat()[:7]
    if len(value) == 4:
        return value == str(gold_day.year)
    return abs(date.fromisoformat(value) - gold_day) <= tolerance


def reading_matches(gold_event: dict[str, Any], reading: dict[str, Any]) -> bool:
    roots = gold_event.get("cameo_roots") or []
    if roots and reading["cameo"]["root"] not in roots:
        return False
    if not actor_matches(gold_event.get("source", "*"), reading.get("source")):
        return False
    if not actor_matches(gold_event.get("target", "*"), reading.get("target")):
        return False
    return _date_matches(gold_event, reading)


def _max_matching(golds: list[int], edges: dict[int, list[int]], taken: dict[int, int]) -> dict[int, int]:
    """Augmenting-path bipartite matching: gold index -> reading index (readings in `taken` are used)."""
    match_of_reading = dict(taken)

    def augment(g: int, seen: set[int]) -> bool:
        for r in edges.get(g, []):
            if r in seen:
                continue
            seen.add(r)
            if r not in match_of_reading or (match_of_reading[r] in golds and augment(match_of_reading[r], seen)):
                match_of_reading[r] = g
                return True
        return False

    for g in golds:
        augment(g, set())
    return {g: r for r, g in match_of_reading.items() if g in golds}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("“", '"').replace("”", '"')).strip().lower()


def score(gold: dict[str, Any], readings: Sequence[dict[str, Any]], quotes: Sequence[dict[str, Any]] = (),
          actor_mentions: Sequence[dict[str, Any]] = (), gold_file: str = "") -> GoldResult:
    result = GoldResult(gold_file=gold_file)
    events = gold["events"]
    edges = {g: [r for r, reading in enumerate(readings) if reading_matches(ev, reading)]
             for g, ev in enumerate(events)}
    required = [g for g, ev in enumerate(events) if ev.get("required")]
    optional = [g for g, ev in enumerate(events) if not ev.get("required")]
    matched = _max_matching(required, edges, {})
    matched.update(_max_matching(optional, edges, {r: g for g, r in matched.items()}))
    result.required = len(required)
    result.required_found = sum(1 for g in required if g in matched)
    result.emitted = len(readings)
    result.emitted_matched = len(matched)
    result.too_many = len(readings) > int(gold.get("max_events", 10**9))
    for g, event in enumerate(events):
        entry = {"id": event.get("id"), "required": bool(event.get("required"))}
        if g in matched:
            reading = readings[matched[g]]
            entry.update(
                code=reading["cameo"]["code"],
                factuality=reading["factuality"],
                factuality_ok=_factuality_ok(event, reading),
                code_ok=(not event.get("cameo_codes")) or reading["cameo"]["code"] in event["cameo_codes"],
                date=reading.get("event_date"),
                evidence=reading["evidence"]["text"][:100],
            )
            result.hits.append(entry)
        elif event.get("required"):
            entry["evidence"] = event.get("evidence")
            result.misses.append(entry)
    used = set(matched.values())
    for r, reading in enumerate(readings):
        if r not in used:
            result.unmatched.append(_describe(reading))
    _score_quotes(gold, quotes, result)
    _score_actors(gold, actor_mentions, result)
    return result


def _factuality_ok(event: dict[str, Any], reading: dict[str, Any]) -> bool | None:
    wanted = event.get("factuality")
    if wanted is None:
        return None
    wanted = wanted if isinstance(wanted, list) else [wanted]
    return reading["factuality"] in wanted


def _describe(reading: dict[str, Any]) -> dict[str, Any]:
    target = reading.get("target") or {}
    return {
        "source": reading["source"].get("name"),
        "target": target.get("name"),
        "code": reading["cameo"]["code"],
        "date": reading.get("event_date"),
        "factuality": reading.get("factuality"),
        "trigger": reading["evidence"].get("trigger"),
    }


def _score_quotes(gold: dict[str, Any], quotes: Sequence[dict[str, Any]], result: GoldResult) -> None:
    for gold_quote in gold.get("quotes", []):
        result.quotes += 1
        start = _norm(gold_quote["starts_with"])
        found = None
        for quote in quotes:
            if _norm(quote["text"]).startswith(start):
                found = quote
                break
        speaker = ((found or {}).get("speaker") or {}).get("name")
        ok = bool(found) and bool(speaker) and _norm(speaker) == _norm(gold_quote["speaker"])
        result.quotes_found += ok
        result.quote_results.append({"starts_with": gold_quote["starts_with"][:60], "found": bool(found),
                                     "speaker": speaker, "ok": ok})


def _score_actors(gold: dict[str, Any], mentions: Sequence[dict[str, Any]], result: GoldResult) -> None:
    if not mentions:
        return
    for gold_actor in gold.get("actors", []):
        for form in gold_actor.get("written_as", []):
            text = re.sub(r"\s*\(.*\)\s*$", "", form).strip()
            result.actors_forms += 1
            ok = False
            for mention in mentions:
                said, wanted = _norm(mention["text"]), _norm(text)
                if said != wanted and not said.endswith(wanted) and not (said and said in wanted):
                    continue
                if _norm(mention.get("name") or "") == _norm(gold_actor["name"]) or (
                    gold_actor.get("country") and mention.get("country") == gold_actor["country"]
                    and gold_actor["name"] not in {m.get("name") for m in mentions if m.get("kind") == "person"}
                ):
                    ok = True
                    break
            result.actors_forms_found += ok
            result.actor_results.append({"actor": gold_actor["name"], "form": text, "ok": ok})


def format_result(result: GoldResult) -> str:
    lines = [
        f"gold: {result.gold_file}",
        f"  required events found: {result.required_found}/{result.required} (recall {result.recall:.2f})",
        f"  precision: {result.emitted_matched}/{result.emitted} = {result.precision:.2f}"
        + ("  (more readings than max_events: FAIL)" if result.too_many else ""),
        f"  quotes with the right speaker: {result.quotes_found}/{result.quotes}",
    ]
    if result.actors_forms:
        lines.append(f"  actor forms resolved: {result.actors_forms_found}/{result.actors_forms}")
    for hit in result.hits:
        flag = "" if hit.get("factuality_ok") in (True, None) else " (factuality differs)"
        lines.append(f"  HIT  {hit['id']:<22} {hit['code']:<5} {hit['date']} {hit['factuality']}{flag}")
    for miss in result.misses:
        lines.append(f"  MISS {miss['id']:<22} {miss.get('evidence') or ''}")
    for extra in result.unmatched:
        lines.append(f"  EXTRA {extra['source']} -> {extra['target']} {extra['code']} {extra['date']} "
                     f"({extra['trigger']})")
    for quote in result.quote_results:
        if not quote["ok"]:
            lines.append(f"  QUOTE MISS {quote['starts_with']!r} speaker={quote['speaker']}")
    for actor in result.actor_results:
        if not actor["ok"]:
            lines.append(f"  ACTOR MISS {actor['actor']}: {actor['form']!r}")
    return "\n".join(lines)
