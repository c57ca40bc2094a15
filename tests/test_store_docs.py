"""docs/SCHEMA.md documents every table and column of the store (a new column fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thucydides.store import Store, schema

DOC = Path(__file__).resolve().parents[1] / "docs" / "SCHEMA.md"


def documented() -> dict[str, set[str]]:
    """Backticked names per `### \\`table\\`` section of SCHEMA.md."""
    sections: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.fullmatch(r"### `(\w+)`", line.strip())
        if heading:
            current = heading.group(1)
            sections[current] = set()
        elif line.startswith("## "):
            current = None
        elif current:
            sections[current].update(re.findall(r"`(\w+)`", line))
    return sections


@pytest.fixture(scope="module")
def live_tables() -> dict[str, list[str]]:
    with Store.open(":memory:") as store:
        names = [
            row[0]
            for row in store.conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        ]
        return {name: [row[0] for row in store.conn.execute(f"DESCRIBE {name}").fetchall()] for name in names}


def test_every_table_and_column_is_documented(live_tables):
    sections = documented()
    missing = []
    for table, columns in live_tables.items():
        if table not in sections:
            missing.append(table)
            continue
        known = sections[table] | (sections["readings"] if table == "events" else set())
        missing += [f"{table}.{column}" for column in columns if column not in known]
    assert not missing, f"document these in docs/SCHEMA.md: {missing}"


def test_every_migration_is_listed():
    text = DOC.read_text(encoding="utf-8")
    assert all(f"`{name}`" in text for name, _ in schema.MIGRATIONS)
