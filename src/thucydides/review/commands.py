"""The bodies of `thucydides corrections list | orphans | export-gold` (cli.py holds their options)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..store import open as open_store
from .anchoring import Resolution, resolve
from .apply import catalog_of
from .corrections import Correction, CorrectionStore
from .gold import export_gold


def resolution_of(db: str | Path) -> tuple[CorrectionStore, Resolution]:
    book = CorrectionStore(db)
    with open_store(db) as store:
        return book, resolve(store.conn, book.effective(), catalog_of(store.conn))


def describe(correction: Correction, status: str) -> dict[str, Any]:
    anchor = correction.anchor
    read = anchor.get("reading") or {}
    changes = {}
    for name, value in correction.changes.items():
        changes[name] = (value or {}).get("id") if name in ("source", "target") else value
    return {
        "id": correction.id, "key": correction.key, "at": correction.at, "action": correction.action,
        "status": status, "doc_id": correction.doc_id, "sentence_index": anchor.get("sentence_index"),
        "trigger": (anchor.get("trigger") or {}).get("text"),
        "read": f"{read.get('source_id')}>{read.get('target_id') or '-'} {read.get('code')}" if read else None,
        "changes": changes, "note": correction.note,
    }


def correction_rows(db: str | Path, only_orphans: bool = False) -> list[dict[str, Any]]:
    """Every correction in force with its status (applied, orphaned, added), or the orphans only."""
    _, resolution = resolution_of(db)
    rows = [describe(c, resolution.status(c)) for c in resolution.corrections]
    return [r for r in rows if r["status"] == "orphaned"] if only_orphans else rows


def format_rows(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        changes = ", ".join(f"{k}={v}" for k, v in row["changes"].items())
        lines.append(f"{row['status']:<9} {row['action']:<6} {row['doc_id']} s{row['sentence_index']} "
                     f"{row['trigger']!r} {row['read'] or ''} {changes}".rstrip()
                     + (f"  # {row['note']}" if row["note"] else ""))
    return "\n".join(lines)


def write_gold(db: str | Path, out_dir: str | Path, doc_ids: list[str] | None = None) -> list[Path]:
    return export_gold(db, out_dir, doc_ids)
