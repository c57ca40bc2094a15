"""The relation ledger: the state of relations between actors, as of any date.

    from thucydides import relations
    rows = relations.relation_states("news.duckdb", as_of="2008-09-10", actor="RUS")
    rows = relations.states_of_readings(readings, relation_type="recognition")   # no database
    relations.print_relations(rows, "table")                                     # or "jsonl", "csv"

Relation types (recognition, diplomatic relations, armed conflict, ceasefire, agreements, military
presence, sanctions, membership) and the events that open, change or close them are rules in
data/relations.yaml; user files are layered on top (`rule_files=`, or $THUCYDIDES_RELATIONS).
Only asserted events change a state; promised, expected and conditional ones are pending changes;
negated ones never change anything; contradictory reports are kept and flagged. Every state cites
its events, documents and sentences. docs/RELATIONS.md describes the rules and the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..records import Reading
from .engine import RelationLedger
from .reports import RelActor, Report, relation_actor, reports_from_store
from .rules import RelationRules, default_rules, load_rules
from .view import ledger_rows, parse_day, print_relations

__all__ = [
    "RelActor", "RelationLedger", "RelationRules", "Report", "build_ledger", "default_rules", "load_rules",
    "ledger_rows", "parse_day", "print_relations", "relation_actor", "relation_states", "states_of_readings",
]


def _rules(rules: RelationRules | None, rule_files: Sequence[str | Path]) -> RelationRules:
    if rules is not None:
        return rules
    return load_rules(rule_files)


def build_ledger(reports: Iterable[Report], rules: RelationRules | None = None) -> RelationLedger:
    """Every relation's timeline from reports (Report.from_reading / Report.from_row)."""
    ledger = RelationLedger(rules or load_rules())
    ledger.add_reports(reports)
    return ledger


def relation_states(
    db: Any,
    *,
    as_of: Any = None,
    actor: str | None = None,
    pair: Sequence[str] | None = None,
    relation_type: str | None = None,
    history: bool = False,
    rules: RelationRules | None = None,
    rule_files: Sequence[str | Path] = (),
) -> list[dict[str, Any]]:
    """The state of relations in a database (a path or an open Store), one row per relation and pair.

    as_of: YYYY-MM-DD (default: after the latest event); actor: id, code, ISO3 or name on either side;
    pair: two actors, either order; relation_type: a relation id (recognition, diplomatic-relations,
    armed-conflict, ceasefire, agreement, military-presence, sanctions, membership); history: every
    state each pair has been in, not only the one on `as_of`.
    """
    from ..store import Store

    chosen = _rules(rules, rule_files)
    parse_day(as_of)  # a bad date fails before the database is read
    if isinstance(db, Store):
        ledger = build_ledger(reports_from_store(db, chosen.code_prefixes()), chosen)
    else:
        with Store.open(db, read_only=True) as store:
            ledger = build_ledger(reports_from_store(store, chosen.code_prefixes()), chosen)
    return ledger_rows(ledger, as_of=as_of, actor=actor, pair=pair, relation_type=relation_type, history=history)


def states_of_readings(
    readings: Iterable[Reading | Report],
    *,
    as_of: Any = None,
    actor: str | None = None,
    pair: Sequence[str] | None = None,
    relation_type: str | None = None,
    history: bool = False,
    rules: RelationRules | None = None,
    rule_files: Sequence[str | Path] = (),
) -> list[dict[str, Any]]:
    """The same rows from readings in memory (e.g. `thucydides.code(text)`), without a database."""
    reports = (r if isinstance(r, Report) else Report.from_reading(r) for r in readings)
    ledger = build_ledger(reports, _rules(rules, rule_files))
    return ledger_rows(ledger, as_of=as_of, actor=actor, pair=pair, relation_type=relation_type, history=history)
