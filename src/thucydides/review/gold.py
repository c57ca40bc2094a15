"""Corrections as gold files in the format of ../shared/gold/ (`thucydides eval` reads them back),
one per reviewed document, labelled "reviewed, not blind": the reviewer saw the coder's output, so
these files measure how far the coder is from a corrected reading, not from a blind annotation.

Events of the file: readings judged right (as read), readings corrected (as corrected) and events
added, all required; readings nobody judged are listed as optional (they neither help recall nor
hurt precision); readings judged wrong are left out (so a coder that reads them again loses
precision) and listed under `rejected`.
"""

from __future__ import annotations

import calendar
import json
import re
from pathlib import Path
from typing import Any

from ..store import Store
from .anchoring import Resolution
from .apply import catalog_of, change_row
from .corrections import Correction, CorrectionStore

LABEL = "reviewed, not blind"
MATCHING = (
    "An emitted reading matches a gold event when its CAMEO root is in cameo_roots, its source and target each "
    "match (a gold actor, or any of a list of them, matches an emitted actor whose country, name or code equals "
    "it, case-insensitive; '*' matches anything, including null), and its event_date lies within "
    "date_tolerance_days of date (a month-precision date matches if the gold day lies in that month; a reading "
    "with a date_range matches if the range contains the gold day, whatever its event_date). Each gold event is "
    "matched at most once, required ones first. Recall counts 'required' events; emitted readings that match no "
    "gold event (required or optional) count against precision; more than max_events readings fails the file. "
    "factuality (one value or a list of acceptable ones) and cameo_codes are reported, not required."
)
GOLD_FIELDS = ("reading_id", "doc_id", "reading_index", "sentence_index", "evidence_text", "trigger", "event_date",
               "published", "cameo_code", "cameo_root", "factuality", "source_id", "source_name", "source_country",
               "source_code", "target_id", "target_name", "target_country", "target_code", "corrected")


def gold_actor(row: dict[str, Any], role: str) -> str:
    """The gold form of an actor: its country, else its code, else its name; '*' for none."""
    for part in ("country", "code", "name"):
        if row.get(f"{role}_{part}"):
            return str(row[f"{role}_{part}"])
    return "*"


def gold_date(value: str | None, published: str | None) -> tuple[str | None, int]:
    """A gold day and tolerance for a reading's date: a month or year reaches over all its days."""
    value = value or (published or "")[:10] or None
    if not value:
        return None, 0
    if len(value) == 4:
        return f"{value}-01-01", 364 + calendar.isleap(int(value))
    if len(value) == 7:
        year, month = (int(p) for p in value.split("-"))
        return f"{value}-01", calendar.monthrange(year, month)[1] - 1
    return value[:10], 0


def gold_event(row: dict[str, Any], event_id: str, required: bool, review: str, note: str = "") -> dict[str, Any]:
    day, tolerance = gold_date(row.get("event_date"), row.get("published"))
    event = {
        "id": event_id, "required": required, "review": review, "source": gold_actor(row, "source"),
        "target": gold_actor(row, "target"), "cameo_roots": [row["cameo_root"]], "cameo_codes": [row["cameo_code"]],
        "date": day, "date_tolerance_days": tolerance, "factuality": row.get("factuality"),
        "evidence": row.get("evidence_text"), "trigger": row.get("trigger"),
    }
    if note:
        event["note"] = note
    return event


def document_reference(doc: dict[str, Any]) -> str:
    """What a gold file's `document` says: the input file, or `container#record` for a record in one."""
    path = str(doc.get("path") or doc["doc_id"])
    if "#" in path:
        return f"{path.split('#', 1)[0]}#{doc['doc_id']}"
    return path


def _label(actor_key: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", actor_key).strip("-").lower()[:24] or "x"


def gold_for_document(store: Store, doc_id: str, resolution: Resolution) -> dict[str, Any] | None:
    """The gold file of one reviewed document (None when nothing in it was reviewed). `store` is read
    without its overlay: the coder's own readings, corrected here from `resolution`."""
    catalog = catalog_of(store.conn)
    main = f'"{catalog}".main'
    corrections = [c for c in resolution.corrections if c.doc_id == doc_id]
    if not corrections:
        return None
    docs = store.conn.execute(f"SELECT doc_id, path, published, headline FROM {main}.documents WHERE doc_id = ?",
                              [doc_id]).fetchall()
    if not docs:
        return None
    doc = dict(zip(("doc_id", "path", "published", "headline"), docs[0], strict=True))
    fields = [f for f in GOLD_FIELDS if f != "corrected"]
    readings = [dict(zip(fields, row, strict=True)) for row in store.conn.execute(
        f"SELECT {', '.join(fields)} FROM {main}.readings WHERE doc_id = ? ORDER BY reading_index", [doc_id]
    ).fetchall()]
    by_reading = {row["reading_id"]: c for c in corrections
                  if (row := resolution.matched.get(c.key)) is not None}
    events, rejected, used = [], [], set()

    def unique(base: str) -> str:
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        return name

    for row in readings:
        correction = by_reading.get(row["reading_id"])
        base = f"{row['cameo_code']}-{_label(gold_actor(row, 'source'))}-{_label(gold_actor(row, 'target'))}"
        if correction is None:
            events.append(gold_event(row, unique(f"coded-{base}"), False, "not reviewed"))
        elif correction.action == "wrong":
            rejected.append({"trigger": row["trigger"], "code": row["cameo_code"], "source": gold_actor(row, "source"),
                             "target": gold_actor(row, "target"), "evidence": row["evidence_text"],
                             "note": correction.note})
        else:
            changed = change_row(row, correction.changes if correction.action == "fix" else {}, "")
            review = "right" if correction.action == "right" else "corrected"
            events.append(gold_event(changed, unique(f"{review}-{changed['cameo_code']}-"
                                                     f"{_label(gold_actor(changed, 'source'))}-"
                                                     f"{_label(gold_actor(changed, 'target'))}"),
                                     True, review, correction.note))
    for correction in corrections:
        if correction.is_added:
            row = added_gold_row(correction, doc)
            events.append(gold_event(row, unique(f"added-{row['cameo_code']}-{_label(gold_actor(row, 'source'))}-"
                                                 f"{_label(gold_actor(row, 'target'))}"),
                                     True, "added", correction.note))
    orphans = [c for c in resolution.orphans if c.doc_id == doc_id and not c.is_added]
    gold = {
        "document": document_reference(doc),
        "about": f"Corrections of the coder's readings of {doc.get('headline') or doc_id!r} made in "
                 "`thucydides serve --review`. Reviewed, not blind: the reviewer saw the coder's output.",
        "annotator": LABEL,
        "blind": False,
        "published": (doc.get("published") or "")[:10] or None,
        "matching": MATCHING,
        "max_events": max(40, 3 * len(events)),
        "events": [e for e in events if e["date"] is not None],
        "rejected": rejected,
    }
    if orphans:
        gold["orphaned_corrections"] = [{"id": c.id, "action": c.action, "trigger": c.anchor.get("trigger"),
                                         "sentence": (c.anchor.get("sentence") or {}).get("text"), "note": c.note}
                                        for c in orphans]
    return gold


def added_gold_row(correction: Correction, doc: dict[str, Any]) -> dict[str, Any]:
    anchor = correction.anchor
    row = {"evidence_text": (anchor.get("sentence") or {}).get("text"), "trigger": (anchor.get("trigger") or {}).get("text"),
           "published": doc.get("published"), "factuality": "asserted",
           "event_date": correction.changes.get("event_date")}
    return change_row(row, {k: v for k, v in correction.changes.items() if k != "event_date"}, "added")


def gold_file_name(doc_id: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(doc_id.split("#")[-1]).name or doc_id).strip("._") or "document"
    return f"{stem[:120]}.reviewed.gold.json"


def export_gold(db: str | Path, out_dir: str | Path, doc_ids: list[str] | None = None) -> list[Path]:
    """Write one gold file per reviewed document into `out_dir`; returns the files written."""
    from ..store import open as open_store
    from .anchoring import resolve

    book = CorrectionStore(db)
    corrections = book.effective()
    out = Path(out_dir)
    written: list[Path] = []
    with open_store(db) as store:
        resolution = resolve(store.conn, corrections, catalog_of(store.conn))
        wanted = doc_ids or sorted({c.doc_id for c in corrections})
        for doc_id in wanted:
            gold = gold_for_document(store, doc_id, resolution)
            if gold is None:
                continue
            out.mkdir(parents=True, exist_ok=True)
            path = out / gold_file_name(doc_id)
            path.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            written.append(path)
    return written
