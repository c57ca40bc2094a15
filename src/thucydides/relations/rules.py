"""Relation rules: data/relations.yaml (and users' files on top), loaded and validated.

Each relation type names its states and the changes that open, change or close them; a change is
keyed on CAMEO code prefixes and the pattern id that fired, with text tests on the trigger words
and the evidence sentence where the code alone is ambiguous (CAMEO puts recognition and
establishing relations both under 054). Every error names the file and line (THU-E202).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from ..knowledge.datafiles import load_yaml

ENV_VAR = "THUCYDIDES_RELATIONS"  # user rule files, separated by os.pathsep
PACKAGE_FILE = "thucydides/data/relations.yaml"
NO_STATE = "none"  # in `from`: the pair has no state yet
KINDS = {"state", "territory", "organization", "group", "person", "unknown"}
FACTUALITIES = {"asserted", "negated", "intended", "future", "hypothetical", "reported_claim"}

RELATION_FIELDS = {
    "id", "description", "directed", "states", "contradictions", "sides", "changes", "quiet", "levels",
    "level_states", "disabled",
}
CHANGE_FIELDS = {
    "id", "to", "codes", "patterns", "trigger", "evidence", "unless", "source", "target", "from",
    "pending", "presupposes", "no_target", "pairs_from", "swap", "level", "disabled", "note",
}
FILTER_FIELDS = {"kinds", "sectors", "not_sectors"}
SETTINGS = {"state_sectors", "conflict_window_days"}


@dataclass(frozen=True)
class ActorFilter:
    """Kinds and sectors an actor must have (empty: any), and sectors it must not have."""

    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    not_sectors: tuple[str, ...] = ()

    def accepts(self, kind: str, sectors: Sequence[str]) -> bool:
        if self.kinds and kind not in self.kinds:
            return False
        if any(s in self.not_sectors for s in sectors):
            return False
        return not self.sectors or any(s in self.sectors for s in sectors)


@dataclass(frozen=True)
class PairsFrom:
    """For readings naming no target: the pairs of `relation` in one of `states` on that day."""

    relation: str
    states: tuple[str, ...]


@dataclass(frozen=True)
class ChangeRule:
    id: str
    relation: str
    to: str
    codes: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    trigger: re.Pattern | None = None
    evidence: re.Pattern | None = None
    unless: re.Pattern | None = None
    source: ActorFilter = ActorFilter()
    target: ActorFilter = ActorFilter()
    from_states: tuple[str, ...] = ()  # empty: any state, or none
    pending: bool = False
    presupposes: str | None = None
    pairs_from: PairsFrom | None = None  # set when no_target is "document"
    swap: bool = False
    level: str | None = None
    source_file: str = ""
    line: int = 0

    def matches(self, code: str, pattern_id: str | None, trigger: str | None, sentence: str) -> bool:
        """Does a reading with this code, pattern, trigger and sentence make (or announce) this change?"""
        return any(code.startswith(prefix) for prefix in self.codes) and self.reads(pattern_id, trigger, sentence)

    def reads(self, pattern_id: str | None, trigger: str | None, sentence: str) -> bool:
        """The pattern and text tests of `matches`, for a reading whose code is already known to match."""
        if self.unless is not None and self.unless.search(sentence or ""):
            return False
        if pattern_id and any(fnmatch.fnmatchcase(pattern_id, glob) for glob in self.patterns):
            return True
        if self.trigger is None and self.evidence is None:
            return not self.patterns
        if self.trigger is not None and not self.trigger.search(trigger or ""):
            return False
        return self.evidence is None or bool(self.evidence.search(sentence or ""))


@dataclass(frozen=True)
class Quiet:
    """An open state that ends by itself after `days` without a change confirming it."""

    days: int
    from_states: tuple[str, ...]
    to: str


@dataclass(frozen=True)
class RelationType:
    id: str
    description: str
    directed: bool
    states: tuple[str, ...]
    changes: tuple[ChangeRule, ...]
    contradictions: frozenset[frozenset[str]] = frozenset()
    side_a: ActorFilter = ActorFilter()
    side_b: ActorFilter = ActorFilter()
    quiet: Quiet | None = None
    levels: tuple[tuple[str, re.Pattern], ...] = ()
    level_states: tuple[str, ...] = ()
    source_file: str = ""
    line: int = 0

    def contradicts(self, first: str, second: str) -> bool:
        return bool(self.contradictions) and frozenset((first, second)) in self.contradictions

    def level_in(self, sentence: str) -> str | None:
        for name, regex in self.levels:
            if regex.search(sentence or ""):
                return name
        return None

    def depends_on(self) -> set[str]:
        return {c.pairs_from.relation for c in self.changes if c.pairs_from and c.pairs_from.relation != self.id}


@dataclass
class RelationRules:
    relations: dict[str, RelationType] = field(default_factory=dict)
    state_sectors: tuple[str, ...] = ("GOV", "MIL", "COP", "JUD", "LEG", "SPY")
    conflict_window_days: int = 0
    files: list[str] = field(default_factory=list)

    def ordered(self) -> list[RelationType]:
        """Relations in file order, each after the relations its `pairs_from` reads."""
        done: list[str] = []
        visiting: set[str] = set()

        def visit(rel_id: str) -> None:
            if rel_id in done:
                return
            if rel_id in visiting:
                relation = self.relations[rel_id]
                raise DataFileError(relation.source_file, f"relation {rel_id}: pairs_from forms a cycle",
                                    relation.line)
            visiting.add(rel_id)
            for other in sorted(self.relations[rel_id].depends_on()):
                visit(other)
            visiting.discard(rel_id)
            done.append(rel_id)

        for rel_id in self.relations:
            visit(rel_id)
        return [self.relations[r] for r in done]

    def code_prefixes(self) -> list[str]:
        return sorted({p for r in self.relations.values() for c in r.changes for p in c.codes})


# ------------------------------------------------------------------ YAML with line numbers


def _read(text: str, path: str) -> dict:
    data = load_yaml(text, path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DataFileError(path, "expected a mapping with `relations:` (and optionally `settings:`)")
    unknown = set(data) - {"relations", "settings", "__line__"}
    if unknown:
        raise DataFileError(path, f"unknown top-level key(s) {sorted(unknown)}", data["__line__"])
    return data


def _strings(value: Any, path: str, line: int, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str | int) and not isinstance(value, bool):
        return (str(value),)
    if isinstance(value, list) and all(isinstance(v, str | int) and not isinstance(v, bool) for v in value):
        return tuple(str(v) for v in value)
    raise DataFileError(path, f"{name} must be a string or a list of strings", line)


def _regex(value: Any, path: str, line: int, name: str) -> re.Pattern | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DataFileError(path, f"{name} must be a regular expression (a string)", line)
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as exc:
        raise DataFileError(path, f"{name} is not a valid regular expression: {exc}", line) from exc


def _filter(value: Any, path: str, line: int, name: str) -> ActorFilter:
    if value is None:
        return ActorFilter()
    if not isinstance(value, dict):
        raise DataFileError(path, f"{name} must be a mapping with `kinds`, `sectors` and/or `not_sectors`", line)
    line = value.get("__line__", line)
    unknown = set(value) - FILTER_FIELDS - {"__line__"}
    if unknown:
        raise DataFileError(path, f"{name}: unknown field(s) {sorted(unknown)}", line)
    kinds = _strings(value.get("kinds"), path, line, f"{name}.kinds")
    bad = set(kinds) - KINDS
    if bad:
        raise DataFileError(path, f"{name}.kinds: unknown kind(s) {sorted(bad)} (known: {sorted(KINDS)})", line)
    def sectors(key: str) -> tuple[str, ...]:
        return tuple(s.upper() for s in _strings(value.get(key), path, line, f"{name}.{key}"))

    return ActorFilter(kinds, sectors("sectors"), sectors("not_sectors"))


def _check_fields(item: Any, allowed: set[str], path: str, line: int, what: str) -> dict:
    if not isinstance(item, dict):
        raise DataFileError(path, f"each {what} must be a mapping", line)
    unknown = set(item) - allowed - {"__line__"}
    if unknown:
        raise DataFileError(path, f"{what} {item.get('id', '?')}: unknown field(s) {sorted(unknown)}",
                            item.get("__line__", line))
    return item


def _parse_change(item: dict, relation_id: str, path: str, known_codes: set[str] | None) -> ChangeRule:
    line = item.get("__line__", 0)
    cid = item.get("id")
    if not cid or not isinstance(cid, str):
        raise DataFileError(path, f"relation {relation_id}: a change without an id", line)
    where = f"change {relation_id}.{cid}"
    to = item.get("to")
    if not isinstance(to, str) or not to:
        raise DataFileError(path, f"{where}: `to` (the state it opens) is required", line)
    raw_codes = item.get("codes")
    if isinstance(raw_codes, int) or (isinstance(raw_codes, list) and any(isinstance(c, int) for c in raw_codes)):
        raise DataFileError(path, f"{where}: codes must be quoted (\"054\"): YAML reads 054 as a number and "
                            "drops its leading zero; 2-4 digits, not a CAMEO code as written", line)
    codes = _strings(raw_codes, path, line, f"{where}: codes")
    if not codes:
        raise DataFileError(path, f"{where}: `codes` (CAMEO code prefixes) is required", line)
    for code in codes:
        if not code.isdigit() or not 2 <= len(code) <= 4:
            raise DataFileError(path, f"{where}: {code!r} is not a CAMEO code (2-4 digits, quoted)", line)
        if known_codes is not None and code not in known_codes:
            raise DataFileError(path, f"{where}: unknown CAMEO code {code}", line)
    no_target = item.get("no_target")
    if no_target not in (None, "document"):
        raise DataFileError(path, f"{where}: no_target must be 'document'", line)
    pairs_from = None
    raw_pairs = item.get("pairs_from")
    if raw_pairs is not None and no_target is None:
        raise DataFileError(path, f"{where}: pairs_from needs no_target: document", line)
    if no_target == "document":
        if raw_pairs is None:
            pairs_from = PairsFrom(relation_id, ())  # filled with the relation's open states later
        elif isinstance(raw_pairs, dict) and isinstance(raw_pairs.get("relation"), str):
            pairs_from = PairsFrom(raw_pairs["relation"],
                                   _strings(raw_pairs.get("states"), path, line, f"{where}: pairs_from.states"))
        else:
            raise DataFileError(path, f"{where}: pairs_from must be {{relation: ID, states: [...]}}", line)
    for flag in ("pending", "swap"):
        if not isinstance(item.get(flag, False), bool):
            raise DataFileError(path, f"{where}: {flag} must be true or false", line)
    return ChangeRule(
        id=cid,
        relation=relation_id,
        to=to,
        codes=codes,
        patterns=_strings(item.get("patterns"), path, line, f"{where}: patterns"),
        trigger=_regex(item.get("trigger"), path, line, f"{where}: trigger"),
        evidence=_regex(item.get("evidence"), path, line, f"{where}: evidence"),
        unless=_regex(item.get("unless"), path, line, f"{where}: unless"),
        source=_filter(item.get("source"), path, line, f"{where}: source"),
        target=_filter(item.get("target"), path, line, f"{where}: target"),
        from_states=_strings(item.get("from"), path, line, f"{where}: from"),
        pending=item.get("pending", False),
        presupposes=item.get("presupposes"),
        pairs_from=pairs_from,
        swap=item.get("swap", False),
        level=item.get("level"),
        source_file=path,
        line=line,
    )


def _parse_relation(item: dict, path: str, known_codes: set[str] | None,
                    base: RelationType | None) -> RelationType | None:
    line = item.get("__line__", 0)
    rid = item.get("id")
    if not rid or not isinstance(rid, str):
        raise DataFileError(path, "a relation without an id", line)
    if item.get("disabled") is True:
        return None
    if base is None:
        for required in ("directed", "states", "changes"):
            if required not in item:
                raise DataFileError(path, f"relation {rid}: `{required}` is required", line)
    changes: dict[str, ChangeRule] = {c.id: c for c in base.changes} if base else {}
    raw_changes = item.get("changes") or []
    if not isinstance(raw_changes, list):
        raise DataFileError(path, f"relation {rid}: changes must be a list", line)
    for raw in raw_changes:
        raw = _check_fields(raw, CHANGE_FIELDS, path, line, "change")
        if raw.get("disabled") is True:
            changes.pop(str(raw.get("id")), None)
            continue
        change = _parse_change(raw, rid, path, known_codes)
        changes[change.id] = change
    directed = item.get("directed", base.directed if base else False)
    if not isinstance(directed, bool):
        raise DataFileError(path, f"relation {rid}: directed must be true or false", line)
    states = _strings(item["states"], path, line, f"relation {rid}: states") if "states" in item else base.states
    contradictions = base.contradictions if base else frozenset()
    if "contradictions" in item:
        raw = item["contradictions"] or []
        if not isinstance(raw, list) or not all(isinstance(p, list) and len(p) == 2 for p in raw):
            raise DataFileError(path, f"relation {rid}: contradictions must be a list of state pairs", line)
        contradictions = frozenset(frozenset(str(s) for s in pair) for pair in raw)
    sides = item.get("sides") or {}
    if not isinstance(sides, dict) or set(sides) - {"a", "b", "__line__"}:
        raise DataFileError(path, f"relation {rid}: sides must be a mapping with `a` and `b`", line)
    side_a = _filter(sides["a"], path, line, f"relation {rid}: sides.a") if "a" in sides else (
        base.side_a if base else ActorFilter())
    side_b = _filter(sides["b"], path, line, f"relation {rid}: sides.b") if "b" in sides else (
        base.side_b if base else ActorFilter())
    quiet = base.quiet if base else None
    if "quiet" in item:
        quiet = _parse_quiet(item["quiet"], rid, path, line)
    levels = base.levels if base else ()
    if "levels" in item:
        raw = item["levels"] or {}
        if not isinstance(raw, dict):
            raise DataFileError(path, f"relation {rid}: levels must map level names to expressions", line)
        levels = tuple((str(name), _regex(expr, path, line, f"relation {rid}: levels.{name}"))
                       for name, expr in raw.items() if name != "__line__")
    level_states = _strings(item["level_states"], path, line, f"relation {rid}: level_states") if (
        "level_states" in item) else (base.level_states if base else ())
    relation = RelationType(
        id=rid,
        description=str(item.get("description", base.description if base else "")).strip(),
        directed=directed,
        states=states,
        changes=tuple(changes.values()),
        contradictions=contradictions,
        side_a=side_a,
        side_b=side_b,
        quiet=quiet,
        levels=levels,
        level_states=level_states,
        source_file=path,
        line=line,
    )
    # Doc-scoped changes of the relation itself read the pairs in its open states (those a quiet
    # period or an ending change leaves): default them to every state but the change's own.
    fixed = tuple(
        replace(c, pairs_from=PairsFrom(rid, tuple(s for s in states if s != c.to)))
        if c.pairs_from and c.pairs_from.relation == rid and not c.pairs_from.states else c
        for c in relation.changes
    )
    return replace(relation, changes=fixed)


def _parse_quiet(value: Any, rid: str, path: str, line: int) -> Quiet | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("days"), int) or value["days"] < 1:
        raise DataFileError(path, f"relation {rid}: quiet must be {{days: N, from: [...], to: STATE}}", line)
    to = value.get("to")
    if not isinstance(to, str):
        raise DataFileError(path, f"relation {rid}: quiet.to must name a state", line)
    return Quiet(value["days"], _strings(value.get("from"), path, line, f"relation {rid}: quiet.from"), to)


def _validate(relation: RelationType, path: str) -> None:
    states = set(relation.states)
    where = f"relation {relation.id}"
    if not states:
        raise DataFileError(path, f"{where}: states must not be empty", relation.line)

    def known(state: str | None, what: str, line: int, allow_none: bool = False) -> None:
        if state is None or state in states or (allow_none and state == NO_STATE):
            return
        raise DataFileError(path, f"{where}: {what} names unknown state {state!r} (states: "
                                  f"{', '.join(relation.states)})", line)

    for pair in relation.contradictions:
        for state in pair:
            known(state, "contradictions", relation.line)
    for state in relation.level_states:
        known(state, "level_states", relation.line)
    if relation.quiet:
        known(relation.quiet.to, "quiet.to", relation.line)
        for state in relation.quiet.from_states:
            known(state, "quiet.from", relation.line)
    for change in relation.changes:
        known(change.to, f"change {change.id}: to", change.line)
        known(change.presupposes, f"change {change.id}: presupposes", change.line)
        for state in change.from_states:
            known(state, f"change {change.id}: from", change.line, allow_none=True)
        if change.level is not None and change.level not in dict(relation.levels):
            raise DataFileError(path, f"{where}: change {change.id}: unknown level {change.level!r}", change.line)


def _validate_references(rules: RelationRules) -> None:
    for relation in rules.relations.values():
        for change in relation.changes:
            if change.pairs_from is None:
                continue
            other = rules.relations.get(change.pairs_from.relation)
            if other is None:
                raise DataFileError(change.source_file, f"change {relation.id}.{change.id}: pairs_from names "
                                    f"unknown relation {change.pairs_from.relation!r}", change.line)
            bad = set(change.pairs_from.states) - set(other.states)
            if bad:
                raise DataFileError(change.source_file, f"change {relation.id}.{change.id}: pairs_from.states "
                                    f"{sorted(bad)} are not states of {other.id}", change.line)
    rules.ordered()  # raises on a pairs_from cycle


def load_rules_text(text: str, path: str, rules: RelationRules, known_codes: set[str] | None = None) -> None:
    """Layer one rule file over `rules` (settings override, relations update or add by id)."""
    data = _read(text, path)
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise DataFileError(path, "settings must be a mapping", data.get("__line__"))
    unknown = set(settings) - SETTINGS - {"__line__"}
    if unknown:
        raise DataFileError(path, f"unknown setting(s) {sorted(unknown)}", settings.get("__line__"))
    if "state_sectors" in settings:
        rules.state_sectors = tuple(s.upper() for s in _strings(settings["state_sectors"], path,
                                                                 settings["__line__"], "state_sectors"))
    if "conflict_window_days" in settings:
        days = settings["conflict_window_days"]
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise DataFileError(path, "conflict_window_days must be a whole number >= 0", settings["__line__"])
        rules.conflict_window_days = days
    raw_relations = data.get("relations") or []
    if not isinstance(raw_relations, list):
        raise DataFileError(path, "relations must be a list", data.get("__line__"))
    seen: set[str] = set()
    for item in raw_relations:
        item = _check_fields(item, RELATION_FIELDS, path, data.get("__line__", 0), "relation")
        rid = item.get("id")
        if rid in seen:
            raise DataFileError(path, f"relation {rid} is defined twice in this file", item.get("__line__"))
        seen.add(rid)
        relation = _parse_relation(item, path, known_codes, rules.relations.get(rid))
        if relation is None:
            rules.relations.pop(rid, None)
            continue
        _validate(relation, path)
        rules.relations[rid] = relation
    rules.files.append(path)


def _known_codes() -> set[str]:
    from ..knowledge.ontology import default_ontology

    codes = set(default_ontology().codes())
    return codes | {code[:2] for code in codes}


def load_rules(extra_files: Sequence[str | Path] = (), *, use_env: bool = True,
               known_codes: set[str] | None = None) -> RelationRules:
    """The package rules, then $THUCYDIDES_RELATIONS's files, then `extra_files`, validated."""
    known = known_codes if known_codes is not None else _known_codes()
    rules = RelationRules()
    text = resources.files("thucydides").joinpath("data", "relations.yaml").read_text(encoding="utf-8")
    load_rules_text(text, PACKAGE_FILE, rules, known)
    files = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p] if use_env else []
    for extra in [*files, *extra_files]:
        path = Path(extra)
        try:
            user_text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(str(path), f"cannot read relation rules: {exc}") from exc
        load_rules_text(user_text, str(path), rules, known)
    _validate_references(rules)
    return rules


@lru_cache(maxsize=1)
def default_rules() -> RelationRules:
    """The package rules alone (no user files), loaded once per process."""
    return load_rules(use_env=False)
