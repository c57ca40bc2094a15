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
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import Codes, QueryError


@dataclass
class GoldResult:
    gold_file: str
    # who made the gold: a blind annotator, or "reviewed, not blind" (corrections of the coder's output)
    annotator: str | None = None
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
    # per CAMEO root: (gold root of each required event, found?) and (root of each reading, matched?)
    required_roots: list[tuple[str, bool]] = field(default_factory=list)
    emitted_roots: list[tuple[str, bool]] = field(default_factory=list)
    # who did what to whom: readings whose root and date fit a gold event, and of those the ones whose
    # source and target fit it too; readings whose root, date and source fit a gold event that names a
    # target, and of those the ones without any target
    right_root: int = 0
    right_roles: int = 0
    target_expected: int = 0
    target_missing: int = 0

    @property
    def recall(self) -> float:
        return self.required_found / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.emitted_matched / self.emitted if self.emitted else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold_file": self.gold_file,
            "annotator": self.annotator,
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
    for event in gold["events"]:
        try:
            gold_period(event)
        except (KeyError, TypeError, ValueError):
            raise QueryError(Codes.E402, f"gold event {event.get('id')!r}: 'date' must be YYYY-MM-DD, YYYY-MM or "
                             f"YYYY, not {event.get('date')!r}", str(path)) from None
    return gold


def gold_period(gold_event: dict[str, Any]) -> tuple[date, date]:
    """The first and last day a gold event's date allows, its tolerance included: an annotator who read
    only "in March" gives "1997-03" (any day of the month), "in 1996" gives "1996"."""
    value = str(gold_event["date"])
    tolerance = timedelta(days=int(gold_event.get("date_tolerance_days", 0)))
    if re.fullmatch(r"\d{4}", value):
        first, last = date(int(value), 1, 1), date(int(value), 12, 31)
    elif re.fullmatch(r"\d{4}-\d{2}", value):
        first = date(int(value[:4]), int(value[5:]), 1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    else:
        first = last = date.fromisoformat(value)
    return first - tolerance, last + tolerance


def gold_document_path(gold_path: str | Path, gold: dict[str, Any], data_dirs: Sequence[str | Path] = ()) -> Path:
    """The gold's document file, relative to the working directory, to `data_dirs`, to any folder above
    the gold file, or to a `shared/dev-data` folder beside one of those (where the development data
    lives). A document "newswire/tbaq.jsonl#ID" names a record inside a container file: this is the file."""
    relative = Path(str(gold["document"]).split("#", 1)[0])
    here = Path(gold_path).resolve()
    bases = [Path.cwd(), *map(Path, data_dirs), *here.parents]
    env = os.environ.get("THUCYDIDES_DEV_DATA")
    if env:
        bases.insert(0, Path(env))
    candidates = [base / relative for base in bases]
    candidates += [base / "shared" / "dev-data" / relative for base in bases]
    candidates += [here.parent / relative.name, here.parent.parent / relative.name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise QueryError(Codes.E402, f"gold document {relative} not found (give its folder with --data)", str(gold_path))


def gold_record_id(gold: dict[str, Any]) -> str | None:
    """The record id of a document inside a container ("newswire/tbaq.jsonl#APW19980911.0475")."""
    document = str(gold["document"])
    return document.split("#", 1)[1] if "#" in document else None


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
        if actor.get("kind") != "state" and any(str(actor.get(k) or "").startswith(known)
                                                for known in _kb_names(str(option)) for k in ("id", "code", "country")):
            # "EU" for the European Union and its foreign ministers (IGOEEUGOV); "UN" for the Security
            # Council (IGOUNOSEC) and for Kofi Annan, who acts for it
            return True
    return False


@lru_cache(maxsize=4096)
def _kb_names(name: str) -> frozenset[str]:
    """The ids of the organisations, groups and territories the KB knows by this name or alias ("EU" ->
    IGOEEU): an annotator writes the name a story uses, which is a name of the actor as much as its full
    name is; a person acting for one is matched through it (their code or country)."""
    from .knowledge.actorkb import default_kb

    return frozenset(entry.id for entry in default_kb().lookup(name) if entry.kind != "state")


def _date_matches(gold_event: dict[str, Any], reading: dict[str, Any]) -> bool:
    first, last = gold_period(gold_event)
    date_range = reading.get("date_range")
    if date_range:
        # an open end is unbounded: compare without arithmetic on date.min/date.max (it would overflow)
        starts_in_time = not date_range[0] or date.fromisoformat(date_range[0]) <= last
        ends_in_time = not date_range[1] or first <= date.fromisoformat(date_range[1])
        if starts_in_time and ends_in_time:
            return True
    value = reading.get("event_date")
    if not value:
        return False
    if len(value) in (4, 7):
        # a month- or year-precision reading matches a gold day inside it, or a gold month or year it overlaps
        period = gold_period({"date": value})
        if len(str(gold_event["date"])) == 10:
            return period[0] <= date.fromisoformat(gold_event["date"]) <= period[1]
        return period[0] <= last and first <= period[1]
    return first <= date.fromisoformat(value) <= last


def reading_matches(gold_event: dict[str, Any], reading: dict[str, Any], level: str = "root") -> bool:
    """Does a reading match a gold event? level "root": country + CAMEO root (the gold file's rule);
    "code": also the full code, one of the gold's `cameo_codes` when it lists them."""
    codes = gold_event.get("cameo_codes") or []
    return (_root_matches(gold_event, reading)
            and not (level == "code" and codes and reading["cameo"]["code"] not in codes)
            and _actors_match(gold_event, reading)
            and _date_matches(gold_event, reading))


def _actors_match(gold_event: dict[str, Any], reading: dict[str, Any]) -> bool:
    return (actor_matches(gold_event.get("source", "*"), reading.get("source"))
            and actor_matches(gold_event.get("target", "*"), reading.get("target")))


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
          actor_mentions: Sequence[dict[str, Any]] = (), gold_file: str = "", level: str = "root") -> GoldResult:
    result = GoldResult(gold_file=gold_file, annotator=gold.get("annotator"))
    events = gold["events"]
    edges = {g: [r for r, reading in enumerate(readings) if reading_matches(ev, reading, level)]
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
    for reading in readings:
        fitting = [ev for ev in events if _root_and_date_match(ev, reading)]
        if fitting:
            result.right_root += 1
            result.right_roles += any(_actors_match(ev, reading) for ev in fitting)
        named = [ev for ev in fitting if ev.get("target", "*") != "*"
                 and actor_matches(ev.get("source", "*"), reading.get("source"))]
        if named:
            result.target_expected += 1
            result.target_missing += not reading.get("target")
    used = set(matched.values())
    for r, reading in enumerate(readings):
        if r not in used:
            result.unmatched.append(_describe(reading))
        result.emitted_roots.append((reading["cameo"]["root"], r in used))
    for g in required:
        result.required_roots.append((_gold_root(events[g]), g in matched))
    _score_quotes(gold, quotes, result)
    _score_actors(gold, actor_mentions, result)
    return result


def _root_and_date_match(gold_event: dict[str, Any], reading: dict[str, Any]) -> bool:
    return _root_matches(gold_event, reading) and _date_matches(gold_event, reading)


def _root_matches(gold_event: dict[str, Any], reading: dict[str, Any]) -> bool:
    roots = gold_event.get("cameo_roots") or []
    return not roots or reading["cameo"]["root"] in roots


def _gold_root(event: dict[str, Any]) -> str:
    roots = event.get("cameo_roots") or [str(c)[:2] for c in event.get("cameo_codes") or []]
    return roots[0] if roots else "--"


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
        f"gold: {result.gold_file}" + (f" ({result.annotator})" if result.annotator else ""),
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


# ------------------------------------------------------------------ many gold files


@dataclass
class Summary:
    """Recall and precision over many gold files, in all and per CAMEO root."""

    level: str
    results: list[GoldResult]

    def totals(self) -> dict[str, Any]:
        required = sum(r.required for r in self.results)
        found = sum(r.required_found for r in self.results)
        emitted = sum(r.emitted for r in self.results)
        matched = sum(r.emitted_matched for r in self.results)
        recall = found / required if required else 0.0
        precision = matched / emitted if emitted else 0.0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        right_root = sum(r.right_root for r in self.results)
        right_roles = sum(r.right_roles for r in self.results)
        expected = sum(r.target_expected for r in self.results)
        missing = sum(r.target_missing for r in self.results)
        return {"level": self.level, "files": len(self.results), "required": required, "required_found": found,
                "recall": round(recall, 4), "emitted": emitted, "emitted_matched": matched,
                "precision": round(precision, 4), "f1": round(f1, 4),
                "right_root": right_root, "right_roles": right_roles,
                "roles_given_root": round(right_roles / right_root, 4) if right_root else None,
                "target_expected": expected, "target_missing": missing,
                "target_missing_share": round(missing / expected, 4) if expected else None}

    def by_root(self) -> list[dict[str, Any]]:
        rows: dict[str, dict[str, int]] = {}
        for result in self.results:
            for root, ok in result.required_roots:
                row = rows.setdefault(root, {"required": 0, "found": 0, "emitted": 0, "matched": 0})
                row["required"] += 1
                row["found"] += ok
            for root, ok in result.emitted_roots:
                row = rows.setdefault(root, {"required": 0, "found": 0, "emitted": 0, "matched": 0})
                row["emitted"] += 1
                row["matched"] += ok
        out = []
        for root in sorted(rows):
            row = rows[root]
            out.append({"root": root, **row,
                        "recall": round(row["found"] / row["required"], 3) if row["required"] else None,
                        "precision": round(row["matched"] / row["emitted"], 3) if row["emitted"] else None})
        return out

    def format(self) -> str:
        t = self.totals()
        lines = [f"{t['files']} gold files, level {self.level}: recall {t['required_found']}/{t['required']} = "
                 f"{t['recall']:.3f}, precision {t['emitted_matched']}/{t['emitted']} = {t['precision']:.3f}, "
                 f"F1 {t['f1']:.3f}",
                 f"roles: of {t['right_root']} readings whose root and date fit a gold event, {t['right_roles']} "
                 f"have its source and target ({_share(t['roles_given_root'])}); of {t['target_expected']} whose "
                 f"gold event names a target, {t['target_missing']} have none ({_share(t['target_missing_share'])})",
                 "root  required found recall  emitted matched precision"]
        for row in self.by_root():
            recall = f"{row['recall']:.2f}" if row["recall"] is not None else "  - "
            precision = f"{row['precision']:.2f}" if row["precision"] is not None else "  - "
            lines.append(f"{row['root']:<5} {row['required']:>8} {row['found']:>5} {recall:>6}  "
                         f"{row['emitted']:>7} {row['matched']:>7} {precision:>9}")
        return "\n".join(lines)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def events_as_readings(gold: dict[str, Any]) -> list[dict[str, Any]]:
    """One annotator's events in the shape of readings, to score another annotator's gold against them
    (inter-annotator agreement): each event's first root, code, source, target and date."""
    out = []
    for event in gold["events"]:
        def actor(value):
            if value in (None, "*"):
                return None
            first = value[0] if isinstance(value, list) else value
            return {"name": str(first), "code": str(first), "country": str(first)}

        codes = event.get("cameo_codes") or []
        root = _gold_root(event)
        out.append({"cameo": {"root": root, "code": codes[0] if codes else root},
                    "source": actor(event.get("source")) or {"name": "*"}, "target": actor(event.get("target")),
                    "event_date": event.get("date"), "date_range": None, "factuality": event.get("factuality"),
                    "evidence": {"text": event.get("evidence") or "", "trigger": event.get("id")},
                    "required": bool(event.get("required"))})
    return out


def agreement(gold_a: dict[str, Any], gold_b: dict[str, Any], level: str = "root") -> dict[str, int]:
    """How far two blind annotations of one document agree: B's required events found among A's events,
    and A's required events found among B's (each as the other's readings, with the same matching rules)."""
    a_in_b = score(gold_b, events_as_readings(gold_a), level=level)
    b_in_a = score(gold_a, events_as_readings(gold_b), level=level)
    return {"a_required": b_in_a.required, "a_required_found_by_b": b_in_a.required_found,
            "b_required": a_in_b.required, "b_required_found_by_a": a_in_b.required_found}


def code_gold_documents(pipeline, gold_files: Sequence[str | Path], data_dirs: Sequence[str | Path] = ()):
    """Code the document of every gold file; yields (gold file, gold, DocResult or Reject).

    A plain document is read as a page; a record inside a container ("newswire/tbaq.jsonl#ID") goes
    through the same reader as `thucydides run` (its title, publication date and source), each container
    read once."""
    from .pipeline import raw_from_text

    containers: dict[Path, dict[str, Any]] = {}
    for gold_file in gold_files:
        gold = load_gold(gold_file)
        path = gold_document_path(gold_file, gold, data_dirs)
        record_id = gold_record_id(gold)
        if record_id is None:
            raw = raw_from_text(path.name, path.read_text(encoding="utf-8"), str(path))
        else:
            if path not in containers:
                containers[path] = {getattr(r, "doc_id", None): r for r in pipeline.read([str(path)])}
            raw = containers[path].get(record_id)
            if raw is None:
                raise QueryError(Codes.E402, f"no record {record_id} in {path}", str(gold_file))
        yield gold_file, gold, next(iter(pipeline.process([raw])))
