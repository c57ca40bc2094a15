"""The rule engine: reports -> observations -> a timeline of states per relation and pair.

An observation is what one rule makes of the reports of one day about one pair: a change (only
asserted reports change a state), a pending change (promised, expected, conditional), a denial
(negated) or a claim. Observations are applied in date order, and within a day in rule order, so
the timeline never looks ahead; a state then answers "as of" any date by the span that covers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .reports import RelActor, Report, first_day, relation_actor
from .rules import NO_STATE, ChangeRule, RelationRules, RelationType

PENDING_FACTUALITIES = {"intended", "future", "hypothetical"}


@dataclass
class Observation:
    """The reports of one day that one rule reads as one change of one pair."""

    rule: ChangeRule
    kind: str  # change | pending | negated | claim
    a: RelActor
    b: RelActor | None  # None: names no target, applies to the document's pairs (no_target)
    day: date
    reports: list[Report] = field(default_factory=list)
    basis: str = "event"  # event | attested (the state is presupposed by what was said that day)

    @property
    def docs(self) -> set[str]:
        return {r.doc_id for r in self.reports}

    def latest_published(self) -> str:
        return max((r.published or "" for r in self.reports), default="")


@dataclass
class Span:
    """A pair in one state from `since` until `until` (exclusive; None: still in it)."""

    state: str
    since: date
    change: str
    basis: str = "event"
    level: str | None = None
    until: date | None = None
    reports: list[Report] = field(default_factory=list)
    ended_by: dict[str, Any] | None = None
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    renewed: date | None = None
    opening_docs: set[str] = field(default_factory=set)

    def covers(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)

    @property
    def docs(self) -> set[str]:
        return {r.doc_id for r in self.reports}


@dataclass
class Timeline:
    """Every state one pair has been in for one relation, and what was promised, denied or claimed."""

    relation: RelationType
    a: RelActor
    b: RelActor
    spans: list[Span] = field(default_factory=list)
    pending: list[Observation] = field(default_factory=list)
    negations: list[Observation] = field(default_factory=list)
    claims: list[Observation] = field(default_factory=list)

    @property
    def current(self) -> Span | None:
        return self.spans[-1] if self.spans else None

    def span_on(self, day: date) -> Span | None:
        for span in reversed(self.spans):
            if span.covers(day):
                return span
        return None

    def in_state_on(self, day: date, states: Iterable[str]) -> Span | None:
        """The span in one of `states` that covers `day` or ends on it (a change that day closed it)."""
        wanted = set(states)
        for span in reversed(self.spans):
            if span.state in wanted and span.since <= day and (span.until is None or day <= span.until):
                return span
        return None

    def expire(self, day: date) -> None:
        """Close the current span when the relation's quiet period has passed before `day`."""
        quiet = self.relation.quiet
        span = self.current
        if quiet is None or span is None or span.state not in quiet.from_states or span.until is not None:
            return
        ends = (span.renewed or span.since) + timedelta(days=quiet.days)
        if ends < day:
            span.until = ends
            span.ended_by = {"change": "quiet", "date": ends.isoformat(), "evidence": []}
            self.spans.append(Span(quiet.to, ends, "quiet", basis="quiet", reports=[]))

    def apply(self, obs: Observation, window: int) -> None:
        self.expire(obs.day)
        span = self.current
        rule = obs.rule
        if rule.from_states and (span.state if span else NO_STATE) not in rule.from_states:
            return
        level = rule.level
        if level is None and rule.to in self.relation.level_states:
            level = next((lv for r in obs.reports if (lv := self.relation.level_in(r.sentence))), None)
        if span is not None and span.state == rule.to and (level is None or span.level in (None, level)):
            span.reports.extend(obs.reports)
            span.level = span.level or level
            span.renewed = max(span.renewed or span.since, obs.day)
            return
        if span is not None and self._loses(span, obs, window):
            return
        new = Span(rule.to, obs.day, rule.id, basis=obs.basis, level=level, reports=list(obs.reports),
                   renewed=obs.day, opening_docs=obs.docs)
        if span is not None:
            span.until = obs.day
            span.ended_by = {"change": rule.id, "date": obs.day.isoformat(),
                             "evidence": [r.evidence() for r in obs.reports]}
            if self._contradicts(span, obs, window):
                new.conflicts.append(_conflict(span.state, span.change, span.since, span.reports))
        self.spans.append(new)

    def _contradicts(self, span: Span, obs: Observation, window: int) -> bool:
        return (
            self.relation.contradicts(span.state, obs.rule.to)
            and abs((obs.day - span.since).days) <= window
            and not obs.docs <= span.opening_docs
        )

    def _loses(self, span: Span, obs: Observation, window: int) -> bool:
        """Contradictory reports close together: the state with more documents stands, the other is
        kept as a conflicting report; on a tie the later-published report wins."""
        if not self._contradicts(span, obs, window):
            return False
        standing = len(span.opening_docs), max((r.published or "" for r in span.reports), default="")
        challenger = len(obs.docs), obs.latest_published()
        if challenger >= standing:
            return False
        span.conflicts.append(_conflict(obs.rule.to, obs.rule.id, obs.day, obs.reports))
        return True

    def flag_denials(self) -> None:
        """A negated report of the state a pair is in on that day conflicts with the reports of it."""
        for obs in self.negations:
            span = self.span_on(obs.day)
            if span is not None and span.state == obs.rule.to:
                entry = _conflict(obs.rule.to, obs.rule.id, obs.day, obs.reports)
                entry["report"] = "negated"
                span.conflicts.append(entry)


def _conflict(state: str, change: str, day: date, reports: list[Report]) -> dict[str, Any]:
    return {"state": state, "change": change, "date": day.isoformat(), "report": "contradictory",
            "evidence": [r.evidence() for r in reports]}


# ------------------------------------------------------------------ reports -> observations


def _kind(report: Report, rule: ChangeRule) -> str | None:
    if report.factuality == "negated":
        return "negated"
    if report.factuality == "reported_claim":
        return "claim"
    if report.factuality in PENDING_FACTUALITIES or rule.pending:
        return "pending"
    if report.factuality == "asserted":
        return "change"
    return None


def announced_day(report: Report) -> date | None:
    """When a pending change was announced: the statement's day (its publication at the latest)."""
    days = [d for d in (first_day(report.event_date), report.published_day) if d is not None]
    return min(days) if days else None


class RelationLedger:
    """Builds every relation's timelines from reports, with the rules given."""

    def __init__(self, rules: RelationRules):
        self.rules = rules
        self.timelines: dict[str, dict[tuple[str, str], Timeline]] = {}
        self.horizon: date | None = None
        self._candidates: dict[str, list[tuple[RelationType, tuple[ChangeRule, ...]]]] = {}

    def add_reports(self, reports: Iterable[Report]) -> None:
        observations: dict[str, dict[tuple, Observation]] = {r.id: {} for r in self.rules.relations.values()}
        relations = self.rules.ordered()
        for report in reports:
            day = report.event_day
            if day is None:
                continue
            for moment in (day, report.published_day):
                if moment is not None and (self.horizon is None or moment > self.horizon):
                    self.horizon = moment
            for relation, candidates in self._dispatch(report.code, relations):
                for obs in self._observe(relation, candidates, report, day):
                    key = (obs.rule.id, obs.kind, obs.a.id, obs.b.id if obs.b else None, obs.day, obs.basis)
                    found = observations[relation.id].get(key)
                    if found is None:
                        observations[relation.id][key] = obs
                    elif all(r.reading_id != report.reading_id for r in found.reports):
                        found.reports.append(report)
        for relation in relations:
            self._build(relation, list(observations[relation.id].values()))

    def _dispatch(self, code: str, relations: list[RelationType]) -> list[tuple[RelationType, tuple[ChangeRule, ...]]]:
        """The relations, and their rules, that a CAMEO code can concern (computed once per code)."""
        found = self._candidates.get(code)
        if found is None:
            found = []
            for relation in relations:
                rules = tuple(c for c in relation.changes if any(code.startswith(p) for p in c.codes))
                if rules:
                    found.append((relation, rules))
            self._candidates[code] = found
        return found

    def _observe(self, relation: RelationType, candidates: tuple[ChangeRule, ...], report: Report,
                 day: date) -> list[Observation]:
        rule = next((c for c in candidates if c.reads(report.pattern_id, report.trigger, report.sentence)), None)
        if rule is None:
            return []
        kind = _kind(report, rule)
        if kind is None:
            return []
        if not rule.source.accepts(report.source.kind, report.source.sector):
            return []
        if report.target is not None and not rule.target.accepts(report.target.kind, report.target.sector):
            return []
        if report.target is None and (rule.target.kinds or rule.target.sectors):
            return []
        sectors = self.rules.state_sectors
        first = relation_actor(report.source, sectors)
        second = relation_actor(report.target, sectors) if report.target is not None else None
        if rule.swap:
            if second is None:
                return []
            first, second = second, first
        if second is None:
            if rule.pairs_from is None or kind != "change":
                return []
            return [Observation(rule, kind, first, None, day, [report])]
        pair = self._pair(relation, first, second)
        if pair is None:
            return []
        a, b = pair
        if kind == "pending":
            announced = announced_day(report) or day
            out = [Observation(rule, "pending", a, b, announced, [report])]
            if rule.presupposes and report.factuality in ("future", "intended"):
                presupposed = ChangeRule(id=rule.id, relation=rule.relation, to=rule.presupposes,
                                         codes=rule.codes, line=rule.line, source_file=rule.source_file)
                out.append(Observation(presupposed, "change", a, b, announced, [report], basis="attested"))
            return out
        return [Observation(rule, kind, a, b, day, [report])]

    @staticmethod
    def _pair(relation: RelationType, a: RelActor, b: RelActor) -> tuple[RelActor, RelActor] | None:
        if a.id == b.id:
            return None

        def fits(first: RelActor, second: RelActor) -> bool:
            return relation.side_a.accepts(first.kind, first.sectors) and relation.side_b.accepts(
                second.kind, second.sectors)

        if relation.directed:
            return (a, b) if fits(a, b) else None
        a, b = sorted((a, b), key=lambda actor: actor.id)
        return (a, b) if fits(a, b) or fits(b, a) else None

    def _timeline(self, relation: RelationType, a: RelActor, b: RelActor) -> Timeline:
        pairs = self.timelines.setdefault(relation.id, {})
        key = (a.id, b.id)
        if key not in pairs:
            pairs[key] = Timeline(relation, a, b)
        return pairs[key]

    def _build(self, relation: RelationType, observations: list[Observation]) -> None:
        self.timelines.setdefault(relation.id, {})
        order = {change.id: index for index, change in enumerate(relation.changes)}
        changes = sorted((o for o in observations if o.kind == "change"),
                         key=lambda o: (o.day, order.get(o.rule.id, 0), o.a.id, o.b.id if o.b else "", o.basis))
        window = self.rules.conflict_window_days
        for obs in changes:
            if obs.b is not None:
                self._timeline(relation, obs.a, obs.b).apply(obs, window)
                continue
            for timeline in self._document_pairs(relation, obs):
                timeline.apply(Observation(obs.rule, "change", timeline.a, timeline.b, obs.day, obs.reports),
                               window)
        for obs in observations:
            if obs.kind == "change" or obs.b is None:
                continue
            timeline = self._timeline(relation, obs.a, obs.b)
            {"pending": timeline.pending, "negated": timeline.negations, "claim": timeline.claims}[obs.kind].append(obs)
        for timeline in self.timelines[relation.id].values():
            timeline.flag_denials()

    def _document_pairs(self, relation: RelationType, obs: Observation) -> list[Timeline]:
        """The pairs a target-less report applies to: in the `pairs_from` states that day, with their
        state reported by the same document."""
        assert obs.rule.pairs_from is not None
        source = self.timelines.get(obs.rule.pairs_from.relation, {})
        docs = obs.docs
        out = []
        for _key, other in sorted(source.items()):
            if other.relation.id == relation.id:
                other.expire(obs.day)
            span = other.in_state_on(obs.day, obs.rule.pairs_from.states)
            if span is None or not (span.docs & docs):
                continue
            pair = self._pair(relation, other.a, other.b)
            if pair is not None:
                out.append(self._timeline(relation, *pair))
        return out

    def close(self, day: date | None) -> None:
        """Apply quiet periods up to `day` (the as-of date, or the latest date in the data)."""
        day = day or self.horizon
        if day is None:
            return
        for pairs in self.timelines.values():
            for timeline in pairs.values():
                timeline.expire(day + timedelta(days=1))
