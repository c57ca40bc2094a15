"""The corrections file: a researcher's verdicts on readings and the events they added, kept beside the
database (`<db>.corrections.jsonl`) and never inside it (the database stays read-only for the UI,
and `thucydides run` stays its only writer).

The file is an append-only log, one JSON object a line, so nothing a researcher did is ever lost:

    {"id": "c-...", "at": "2026-12-04T17:40:00", "action": "fix", "key": "...", "anchor": {...},
     "changes": {"code": "190", "target": {...}, "event_date": "2008-08-08", "factuality": "asserted"},
     "note": "..."}

action: "right" (the reading is right), "wrong" (no such event), "fix" (right event, wrong details:
`changes` holds the corrected fields), "add" (an event the coder missed, anchored on its sentence
and trigger) or "withdraw" (takes back the latest record with the same key). The latest record of
a key wins. A verdict's key is its anchor (document, sentence, trigger span and the reading it was
given on), never a reading id: reading ids change when the coder changes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import Codes, QueryError

SUFFIX = ".corrections.jsonl"
ACTIONS = ("right", "wrong", "fix", "add", "withdraw")
VERDICTS = ("right", "wrong", "fix")
FACTUALITY = ("asserted", "negated", "intended", "future", "hypothetical", "reported_claim")
CHANGE_FIELDS = ("code", "source", "target", "event_date", "factuality")
MAX_NOTE = 4000


def corrections_path(db: str | Path) -> Path:
    """Where the corrections of the database at `db` live: beside it, `<db>.corrections.jsonl`."""
    return Path(str(db) + SUFFIX)


@dataclass
class Correction:
    id: str
    at: str
    action: str
    key: str
    anchor: dict[str, Any]
    changes: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "action": self.action, "key": self.key, "anchor": self.anchor,
                "changes": self.changes, "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Correction:
        return cls(id=str(data["id"]), at=str(data.get("at") or ""), action=str(data["action"]),
                   key=str(data["key"]), anchor=dict(data.get("anchor") or {}),
                   changes=dict(data.get("changes") or {}), note=str(data.get("note") or ""))

    @property
    def doc_id(self) -> str:
        return str(self.anchor.get("doc_id") or "")

    @property
    def is_added(self) -> bool:
        return self.action == "add"


def anchor_key(anchor: dict[str, Any]) -> str:
    """A verdict's key: the document, sentence, trigger span and what the coder read there (its dyad
    and code), so two readings sharing one trigger ("with South Ossetia and Abkhazia") stay apart."""
    sentence = anchor.get("sentence") or {}
    trigger = anchor.get("trigger") or {}
    read = anchor.get("reading") or {}
    parts = [anchor.get("doc_id"), sentence.get("start"), sentence.get("end"), trigger.get("start"),
             trigger.get("end"), (trigger.get("text") or "").lower(), read.get("source_id"), read.get("target_id"),
             read.get("code")]
    return "v-" + hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:20]


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


class CorrectionStore:
    """The corrections file of one database: append records, read the effective corrections."""

    def __init__(self, db: str | Path):
        self.db = str(db)
        self.path = corrections_path(db)

    def exists(self) -> bool:
        return self.path.is_file()

    def records(self) -> Iterator[Correction]:
        """Every record in the file, oldest first (a line that cannot be read is an error, never skipped:
        a researcher's work must not vanish silently)."""
        if not self.exists():
            return
        with self.path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                    record = Correction.from_dict(data)
                except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                    raise QueryError(Codes.E402, f"corrections file line {number} cannot be read: {exc}",
                                     str(self.path)) from exc
                yield record

    def effective(self) -> list[Correction]:
        """The corrections in force: the latest record of each key, withdrawn ones left out, in the order
        they were first made."""
        latest: dict[str, Correction] = {}
        for record in self.records():
            if record.action == "withdraw":
                latest.pop(record.key, None)
            else:
                latest.pop(record.key, None)  # re-inserted: a changed verdict moves to the end
                latest[record.key] = record
        return list(latest.values())

    def append(self, action: str, anchor: dict[str, Any], changes: dict[str, Any] | None = None, note: str = "",
               key: str | None = None) -> Correction:
        """Add one record (a verdict, an added event or a withdrawal) and return it."""
        if action not in ACTIONS:
            raise QueryError(Codes.E403, f"action must be one of {ACTIONS}, not {action!r}")
        note = (note or "").strip()
        if len(note) > MAX_NOTE:
            raise QueryError(Codes.E403, f"a note has at most {MAX_NOTE} characters")
        changes = dict(changes or {})
        unknown = set(changes) - set(CHANGE_FIELDS)
        if unknown:
            raise QueryError(Codes.E403, f"unknown fields to correct: {sorted(unknown)}")
        if action == "add":
            key = key or "a-" + secrets.token_hex(8)
        elif key is None:
            key = anchor_key(anchor)
        record = Correction(id="c-" + secrets.token_hex(8), at=_now(), action=action, key=key, anchor=anchor,
                            changes=changes, note=note)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(record.as_dict(), ensure_ascii=False, sort_keys=True)
        line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        with self.path.open("a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.write(line + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return record

    def withdraw(self, key: str, note: str = "") -> Correction:
        known = {c.key: c for c in self.effective()}
        if key not in known:
            raise QueryError(Codes.E403, f"no correction {key!r} in force")
        return self.append("withdraw", known[key].anchor, note=note, key=key)
