"""Find time expressions in a parsed document and say which one governs an event trigger.

`find_time_expressions` merges spaCy's DATE/TIME entities with our own patterns for what the model
misses ("for a long time", "soon", "in the foreseeable future", "9/9/2008"), normalises each against
the publication day with the tense of the verb that governs it, and returns `records.TimeExpr`s with
character and token offsets into `doc`.

Durations and bare clock times are returned too (value None, kind "duration"/"time") so a reader can
see them, but they never date an event: `governing_time` skips expressions with neither value nor range.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..records import TimeExpr
from ..regexguard import guarded_alternatives
from .normalise import TimeValue, normalise, normalise_or_refuse
from .values import FUTURE, MONTHS, PAST, PRESENT, VAGUE_PHRASES, WEEKDAYS, _number

# Dependencies that open a clause of their own below their head.
CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "csubj", "csubjpass", "parataxis", "pcomp"}
# Of those, the ones whose clause is subordinate: an expression inside it dates that clause's event,
# not the event of the clause above (a conj is a sibling and may share its neighbour's date).
SUBORDINATE_DEPS = CLAUSE_DEPS - {"ROOT", "conj"}

FUTURE_MODALS = {"will", "shall", "'ll", "wo", "would", "'d", "may", "might", "could", "should", "must"}
# Heads whose to-infinitive names an act still to come: "expected to sign", "agreed to withdraw".
FUTURE_HEADS = {
    "expect", "plan", "schedule", "set", "due", "intend", "aim", "prepare", "promise", "pledge", "vow",
    "agree", "decide", "threaten", "hope", "want", "seek", "offer", "vote", "propose", "likely",
    "about", "poised", "go", "be", "need", "wish", "resolve", "undertake", "commit",
}
# Participles that, after a present-tense "be", put what they govern ahead: "is scheduled for Monday".
SCHEDULED = {"set", "schedule", "slate", "plan", "expect", "due", "timetable", "pencil", "book", "fix"}
# Words before an expression that may change its meaning ("in two days" vs "two days").
SIGNAL_WORDS = {"for", "in", "within", "since", "between", "from", "over", "until", "till", "through", "during"}


def _pattern(texts: Sequence[str]) -> str:
    return "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(texts, key=len, reverse=True))


_MONTH_CAP = "(?:" + "|".join(sorted({m.capitalize() for m in MONTHS}, key=len, reverse=True)) + r")\.?"
_WEEKDAY_CAP = (
    "(?:" + "|".join(d.capitalize() for d in WEEKDAYS if len(d) > 5) + "|"
    + "|".join(d.capitalize() + r"\." for d in WEEKDAYS if len(d) <= 5) + ")"
)
_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|few|several|a\s+couple\s+of)"
_UNITS = r"(?:hour|day|week|month|year|decade)s?"
_MODIFIER = r"(?:(?:[Ee]arly|[Ll]ate|[Mm]id-?|[Ee]arlier|[Ll]ater)\s+(?:on\s+)?)?"
_POD = r"(?:\s+(?:morning|afternoon|evening|night))?"
_DATEISH = (
    r"(?:" + _MONTH_CAP + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}(?:st|nd|rd|th)?(?:\s+" + _MONTH_CAP
    + r")?(?:,?\s+\d{4})?|" + _MONTH_CAP + r"(?:\s+\d{4})?|" + _WEEKDAY_CAP + r"|(?:1[89]|20)\d\d)"
)
# What spaCy's NER tends to miss or cut short; matched on the raw text, merged with the entities.
_OWN_PATTERNS = [
    r"(?i:" + _pattern([*VAGUE_PHRASES, "for a long time", "for a while", "for some time", "for years",
                       "for decades", "for many years", "for a long period", "for the long haul"]) + r")",
    r"(?i:\b(?:today|yesterday|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening)"
    r"|the\s+day\s+(?:before|after)(?:\s+(?:yesterday|tomorrow))?|the\s+previous\s+day)\b)",
    _MODIFIER + r"(?i:\b(?:last|this|next|past|coming)\s+(?:week|month|year|weekend)\b)",
    r"(?i:\b" + _NUMBER + r"\s+" + _UNITS + r"\s+ago\b)",
    r"(?i:\b(?:a|one|two)\s+days?\s+(?:earlier|before)\b)",
    r"(?i:\b(?:in|within|over|for|during)\s+(?:the\s+)?(?:next|coming|past|last|following)\s+(?:"
    + _NUMBER + r"\s+)?" + _UNITS + r")",
    r"(?i:\b(?:in|within)\s+" + _NUMBER + r"\s+" + _UNITS + r")",
    _MODIFIER + r"\b(?:(?:[Ll]ast|[Nn]ext|[Tt]his)\s+)?" + _WEEKDAY_CAP + _POD + r"(?!\w)",
    _MODIFIER + r"\b" + _MONTH_CAP + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*\d{1,2}\b)?(?:,?\s+\d{4})?\b",
    _MODIFIER + r"\b\d{1,2}(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*\d{1,2})?\s+(?:of\s+)?" + _MONTH_CAP + r"(?:,?\s+\d{4})?",
    _MODIFIER + r"\b" + _MONTH_CAP + r"(?:\s+of)?,?\s+\d{4}\b",
    r"\b(?i:from|between)\s+" + _DATEISH + r"\s+(?i:to|and|through|until|till)\s+" + _DATEISH + r"\b",
    r"(?<=\bon )the\s+\d{1,2}(?:st|nd|rd|th)\b(?!\s+(?:century|anniversary|birthday|floor|round|time|day|of))",
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    r"\b(?i:in|since|during|by|until|from|early|late|mid-?)\s+(?:1[89]|20)\d\d\b",
    r"\b\d{1,2}:\d{2}\b",
]
# Each alternative behind a test of its first character (regexguard): the same matches, found
# without trying every alternative at every position of the text.
_OWN_RE = re.compile(guarded_alternatives(_OWN_PATTERNS))


# ---------------------------------------------------------------- clauses and tense


def _is_clause_head(token: Token) -> bool:
    if token.dep_ == "ROOT" or token.head.i == token.i:
        return True
    return token.pos_ in ("VERB", "AUX") and token.dep_ in CLAUSE_DEPS


def clause_of(token: Token) -> Token:
    """The head of the clause `token` belongs to (a verb, or the sentence root of a verbless headline)."""
    while not _is_clause_head(token):
        token = token.head
    return token


def tense_of(token: Token) -> str:
    """"past" | "present" | "future" for a verb or event trigger (nouns take their clause's verb).

    Future: will/shall/would and other modals, "going to", "expected to", "agreed to" (the infinitive of
    a head that looks ahead), a headline's bare to-infinitive ("Russia to withdraw troops").
    Past: a past-tense verb or auxiliary, or a perfect. Present: present-tense verbs and auxiliaries.
    """
    verb = token if token.pos_ in ("VERB", "AUX") else clause_of(token)
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    modals = words & FUTURE_MODALS
    if modals:
        if "have" in words and not modals & {"will", "shall", "'ll", "wo"}:
            return PAST  # "could have attacked"
        return FUTURE
    if verb.lemma_.lower() in SCHEDULED and verb.tag_ == "VBN" and any(a.tag_ in ("VBP", "VBZ") for a in auxes):
        return FUTURE  # "elections are set for June 20", "the vote is scheduled for Monday"
    if verb.lemma_.lower() == "expect" and verb.tag_ == "VBN" and any(a.lower_ in ("was", "were") for a in auxes):
        return FUTURE  # "Ikeda was expected in Lima early Thursday": the reporter's coming Thursday
    has_to = "to" in words
    if has_to and verb.dep_ in ("xcomp", "advcl", "ccomp", "acl", "relcl") and verb.head.i != verb.i:
        head = verb.head
        if head.lemma_.lower() in FUTURE_HEADS or head.lower_ in FUTURE_HEADS:
            return FUTURE
        return tense_of(head)
    if has_to and (verb.dep_ == "ROOT" or verb.head.i == verb.i):
        return FUTURE  # headline: "Russia to withdraw troops"
    tags = {a.tag_ for a in auxes} | {verb.tag_}
    if words & {"has", "have", "had", "'ve", "'s"} and verb.tag_ == "VBN":
        return PAST
    if "VBD" in tags:
        return PAST
    if tags & {"VBP", "VBZ"}:
        return PRESENT
    if verb.tag_ in ("VBN", "VBG", "VB") and verb.dep_ != "ROOT" and verb.head.i != verb.i:
        return tense_of(verb.head)  # reduced clauses take the tense of what they hang from
    return PAST


# ---------------------------------------------------------------- finding expressions


def _candidate_spans(doc: Doc, text: str) -> list[tuple[int, int, bool]]:
    """(start_char, end_char, from_model) of every candidate: spaCy's DATE/TIME and our own matches."""
    spans = [(e.start_char, e.end_char, True) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    spans += [(m.start(), m.end(), False) for m in _OWN_RE.finditer(text)]
    return sorted(spans)


def _token_span(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    # trailing punctuation and possessives are not part of the expression
    while len(span) > 1 and (span[-1].is_punct or span[-1].lower_ in ("'s", "'")):
        span = span[:-1]
    return span


def _with_signal(doc: Doc, span: Span, anchor: dt.date | None, tense: str) -> tuple[Span, TimeValue | None]:
    """Normalise `span`, taking in the word before it when that word changes the value."""
    value = normalise(span.text, anchor, tense)
    if span.start > 0:
        before = doc[span.start - 1]
        if before.lower_ in SIGNAL_WORDS and span[0].lower_ not in SIGNAL_WORDS:
            wider = doc[span.start - 1 : span.end]
            wider_value = normalise(wider.text, anchor, tense)
            if wider_value is not None and wider_value != value:
                return wider, wider_value
    return span, value


def _expression_tense(span: Span) -> str:
    return tense_of(clause_of(span.root))


def _inside_compound(text: str, span: Span) -> bool:
    """A piece of a hyphenated word ("82-year" of "82-year-old") is not an expression of its own.

    `text` is the Doc's text, passed in: spaCy rebuilds `Doc.text` from every token on each access.
    """
    after = text[span.end_char : span.end_char + 1]
    before = text[span.start_char - 1 : span.start_char] if span.start_char else ""
    return after == "-" or (before == "-" and span.start_char > 1 and text[span.start_char - 2].isalnum())


def _best_in_cluster(doc: Doc, cluster: list[tuple[int, int, bool]], anchor: dt.date | None, text: str):
    """One expression for overlapping candidates: their union if it normalises, else the longest that does."""
    start, end = min(c[0] for c in cluster), max(c[1] for c in cluster)
    tries = [(start, end)] + sorted(((c[0], c[1]) for c in cluster), key=lambda c: c[0] - c[1])
    # the model's entities overrun at times ("Sept. 9, 2008 ended"): try them shortened from the right
    for c in cluster:
        if c[2]:
            span = _token_span(doc, c[0], c[1])
            if span is not None:
                tries += [(span.start_char, span[:k].end_char) for k in range(len(span) - 1, 0, -1)]
                tries += [(span[k:].start_char, span.end_char) for k in range(1, len(span))]
    seen = set()
    for s, e in tries:
        if (s, e) in seen:
            continue
        seen.add((s, e))
        span = _token_span(doc, s, e)
        if span is None or _inside_compound(text, span):
            continue
        tense = _expression_tense(span)
        if len(seen) == 1 and normalise_or_refuse(span.text, anchor, tense)[1]:
            return None  # refused whole ("three days later"): none of its parts is a date either
        span, value = _with_signal(doc, span, anchor, tense)
        if value is not None:
            return span, value
    return None


def find_time_expressions(doc: Doc, published: dt.date | None, text: str | None = None) -> list[TimeExpr]:
    """Every time expression of `doc`, normalised against `published` with its governing verb's tense.

    Offsets (characters and tokens) refer to `doc`. With `published` None, only absolute dates get a
    value; relative ones are dropped. Expressions that are not dates in our sense (decades, ages,
    "three days later") are not returned. `text` is `doc.text` when the caller has it already.
    """
    text = doc.text if text is None else text  # once: spaCy rebuilds it from every token on each access
    clusters: list[list[tuple[int, int, bool]]] = []
    for candidate in _candidate_spans(doc, text):
        if clusters and candidate[0] < max(c[1] for c in clusters[-1]):
            clusters[-1].append(candidate)
        else:
            clusters.append([candidate])
    found: list[TimeExpr] = []
    for cluster in clusters:
        best = _best_in_cluster(doc, cluster, published, text)
        if best is None:
            continue
        span, value = best
        if found and span.start_char < found[-1].end:
            continue  # a signal word taken in may reach into the previous expression
        if _surname_may(span):
            continue  # "Theresa May said": a name, not the month
        found.append(
            TimeExpr(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                value=value.value,
                precision=value.precision,
                range=value.range,
                token_start=span.start,
                token_end=span.end,
                kind=value.kind,
            )
        )
    return _merge_clock_times(doc, found, published, text)


def _surname_may(span: Span) -> bool:
    """"Theresa May", "Prime Minister May": the month's name right after a capitalised name or title word,
    with no day or year of its own."""
    if span.text.strip() != "May" or span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return before.text[:1].isupper() and before.is_alpha and before.lower_ not in MONTH_CONTEXT \
        and (before.pos_ == "PROPN" or before.ent_type_ == "PERSON" or span[0].ent_type_ == "PERSON")


# Words that may stand before a bare month name ("In May", "Since May", "Last May").
MONTH_CONTEXT = {"in", "since", "until", "till", "by", "from", "during", "last", "next", "this", "early", "late",
                 "mid", "through", "of", "before", "after", "on", "between", "and", "to"}


_JOINER = re.compile(r"\s*(?:on|at|of|,)?\s*", re.IGNORECASE)


def _merge_clock_times(doc: Doc, found: list[TimeExpr], anchor: dt.date | None, text: str) -> list[TimeExpr]:
    """Join a clock time and the day next to it ("6 a.m. on Thursday", "the night of August 7")."""
    out: list[TimeExpr] = []
    for expr in found:
        previous = out[-1] if out else None
        if (
            previous is not None
            and "time" in (previous.kind, expr.kind)
            and _JOINER.fullmatch(text[previous.end : expr.start])
        ):
            span = doc.char_span(previous.start, expr.end, alignment_mode="expand")
            value = normalise(span.text, anchor, _expression_tense(span)) if span is not None else None
            if span is not None and value is not None and value.value is not None:
                out[-1] = TimeExpr(span.text, span.start_char, span.end_char, value.value, value.precision,
                                   value.range, span.start, span.end, value.kind)
                continue
        out.append(expr)
    return out


# ---------------------------------------------------------------- which expression dates a trigger


def _span_of(doc: Doc, expr: TimeExpr) -> Span | None:
    if expr.token_end > expr.token_start and expr.token_end <= len(doc):
        span = doc[expr.token_start : expr.token_end]
        if span.start_char == expr.start and span.end_char == expr.end:
            return span
    return doc.char_span(expr.start, expr.end, alignment_mode="expand")


# Participles that describe a thing, not an act: "seized a craft belonging to the Navy Friday" dates the
# seizure (the parser hangs the day on the participle).
STATIVE_PARTICIPLES = {"belong", "own", "base", "locate", "register", "flag", "bear", "carry", "contain",
                       # "detained 30 people suspected of links to Islamic State in raids on Tuesday": the
                       # parser hangs the day on the participle that describes the people
                       "suspect", "accuse", "link", "believe", "allege", "tie"}


def _owner(span: Span, trigger: Token) -> tuple[Token, bool, int]:
    """The clause an expression belongs to, whether it hangs from the trigger itself, and how deep."""
    token, depth = span.root, 0
    while True:
        if token.i == trigger.i:
            return clause_of(token), True, depth
        if _is_clause_head(token) and not (span.start <= token.i < span.end) \
                and not (token.dep_ == "acl" and token.lemma_.lower() in STATIVE_PARTICIPLES):
            return token, False, depth
        if token.head.i == token.i:
            return token, False, depth
        token, depth = token.head, depth + 1


NOUN_MODIFIER_DEPS = {"compound", "nmod", "amod", "nummod", "poss", "npadvmod"}


def noun_modified_by(span: Span) -> Token | None:
    """The noun a time expression modifies from inside its phrase ("the 2016 shooting", "the May 2
    bombing", "last year's election"): such an expression dates that noun's event and no other."""
    root = span.root
    head = root.head
    if root.dep_ in NOUN_MODIFIER_DEPS and head.i >= span.end and head.pos_ in ("NOUN", "PROPN") \
            and head.ent_type_ not in ("DATE", "TIME"):
        return head
    return None


# Nouns that carry what someone says or does ("in a statement issued on Monday", "at a news conference
# held on Friday"): the date of the carrier is the date of the act it carries.
CARRIER_NOUNS = {"statement", "interview", "speech", "letter", "message", "communique", "communiqué", "remark",
                 "address", "conference", "briefing", "broadcast", "declaration", "note", "telegram", "meeting",
                 "session", "appearance", "post", "column", "article", "editorial", "report", "announcement"}
CARRIER_PREPS = {"in", "during", "at", "through", "via", "on"}


def _carrier_of(clause: Token, trigger_clause: Token) -> bool:
    """`clause` describes a noun that carries the trigger's act: "[praised] in a statement issued on Monday"."""
    noun = clause.head
    if clause.dep_ != "acl" or noun.i == clause.i or noun.lemma_.lower() not in CARRIER_NOUNS or noun.dep_ != "pobj":
        return False
    prep = noun.head
    return prep.dep_ == "prep" and prep.lower_ in CARRIER_PREPS and clause_of(prep.head).i == trigger_clause.i


def _subordinate_to(clause: Token, top: Token) -> bool:
    """True when `clause` lies below `top` through at least one subordinate (non-conj) clause link."""
    token, subordinate = clause, False
    while token.i != top.i:
        if token.dep_ in SUBORDINATE_DEPS:
            subordinate = True
        if token.head.i == token.i:
            return False  # `top` is not above `clause`
        token = clause_of(token.head)
    return subordinate


SIMULTANEOUS_MARKS = {"when"}
# Expressions that point back from the story's day: never the day of an act still to come.
PAST_POINTING = re.compile(r"\bago\b|^(last|yesterday)\b|\bearlier\b", re.IGNORECASE)


def _simultaneous(clause: Token, top: Token) -> bool:
    """`clause` lies in a "when" clause of `top` (or a clause below it): "killed six insurgents when
    they called in an air strike ... late Saturday" is Saturday's killing."""
    token = clause
    while token.i != top.i and token.head.i != token.i:
        if token.dep_ not in ("advcl", "xcomp", "conj"):
            return False  # "reforms due to start next year": a noun's clause dates that noun
        parent = clause_of(token.head)
        if parent.i == top.i:
            return token.dep_ == "advcl" and any(c.dep_ in ("advmod", "mark") and c.lower_ in SIMULTANEOUS_MARKS
                                                 for c in token.children)
        token = parent
    return False


def _deadline(span: Span) -> bool:
    """"by Friday", "until March", "before the summit": a limit set for the act, not its day."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in ("by", "until", "till", "before")


def _conflicts(trigger_tense: str, expr: TimeExpr, owner_tense: str) -> bool:
    if trigger_tense == PAST and (expr.kind == "vague-future" or owner_tense == FUTURE):
        return True
    return trigger_tense == FUTURE and owner_tense == PAST


def governing_time(trigger: Token, times: Sequence[TimeExpr], doc: Doc | None = None) -> TimeExpr | None:
    """The time expression that dates the event at `trigger`, or None (then the publication day applies).

    In order: an expression in the trigger's own clause (one hanging from the trigger itself first,
    then the shallowest); one in the nearest ancestor clause (walking up through xcomp, conj, relcl,
    advcl, ccomp... to the root); else the nearest in the same sentence, leaving out expressions that
    belong to a clause subordinate to the trigger's (they date that clause's own event) and ones whose
    tense contradicts the trigger's ("said" is not dated by "in the next few days").
    """
    doc = doc if doc is not None else trigger.doc
    described = _time_described(trigger, times)
    if described is not None:
        return described
    sent = trigger.sent
    own_clause = clause_of(trigger)
    future = tense_of(trigger) == FUTURE
    candidates = []
    for expr in times:
        if expr.value is None and expr.range is None:
            continue  # durations and clock times date nothing
        span = _span_of(doc, expr)
        if span is None or not (sent.start <= span.start < sent.end):
            continue
        if span.start <= trigger.i < span.end:
            continue
        noun = noun_modified_by(span)
        if noun is not None and noun.i != trigger.i and not (noun.dep_ == "nsubj" and noun.head.i == trigger.i):
            continue  # "the 2016 shooting": the date of the shooting only ("the Friday explosions killed 110":
            # and of what the shooting itself did)
        if expr.precision == "year" and span.root.dep_ == "pobj" and span.root.head.lower_ == "for":
            continue  # "signed a trade protocol for 1990": the year it is for, not when it was signed
        if future and PAST_POINTING.search(expr.text):
            continue  # "would investigate the genocide nearly four years ago": the past is the genocide's
        owner, direct, depth = _owner(span, trigger)
        if _carrier_of(owner, own_clause):
            owner = own_clause  # "Annan, in a statement issued on Monday, praised Han": Monday's praise
        candidates.append((expr, span, owner, direct, depth))
    if not candidates:
        return None

    def distance(span: Span) -> int:
        return min(abs(span.start - trigger.i), abs(span.end - 1 - trigger.i))

    own = [c for c in candidates if c[3] or c[2].i == own_clause.i]
    if own:
        return min(own, key=lambda c: (not c[3], c[4], distance(c[1])))[0]
    trigger_tense = tense_of(trigger)
    alongside = [c for c in candidates if _simultaneous(c[2], own_clause) and not _deadline(c[1])]
    if alongside:
        return min(alongside, key=lambda c: (c[4], distance(c[1])))[0]
    if trigger_tense == PAST:
        # "refused to resign from his post Sunday": a day in the infinitive of a past act the trigger
        # refused, failed or tried is the day of that act ("agreed to withdraw by Friday" is a deadline)
        inner = [c for c in candidates if c[2].dep_ == "xcomp" and clause_of(c[2].head).i == own_clause.i
                 and c[0].kind != "vague-future" and not _deadline(c[1])]
        if inner:
            return min(inner, key=lambda c: (c[4], distance(c[1])))[0]
    clause = own_clause
    while clause.head.i != clause.i:
        clause = clause_of(clause.head)
        above = [c for c in candidates if c[2].i == clause.i]
        if above:
            return min(above, key=lambda c: (c[4], distance(c[1])))[0]
    rest = [
        c
        for c in candidates
        if not _subordinate_to(c[2], own_clause) and not _conflicts(trigger_tense, c[0], tense_of(c[2]))
    ]
    if rest:
        return min(rest, key=lambda c: distance(c[1]))[0]
    return None


def _time_described(trigger: Token, times: Sequence[TimeExpr]) -> TimeExpr | None:
    """'Since 1989, when it crushed the protests', 'in March, when Russia expelled 23 diplomats': a
    "when" clause right after a time expression tells what happened at that time, so it dates the
    clause's act at that point (never the range a "since" opens)."""
    clause = clause_of(trigger)
    when = next((c for c in clause.children if c.dep_ == "advmod" and c.lower_ == "when" and c.i < clause.i), None)
    if when is None or when.i == clause.sent.start:
        return None
    before = when.i - 1
    if trigger.doc[before].is_punct and before > clause.sent.start:
        before -= 1
    for expr in times:
        if expr.token_end - 1 != before or (expr.value is None and expr.range is None):
            continue
        signal, _, rest = expr.text.partition(" ")
        if not expr.range or signal.lower() not in ("since", "from") or not expr.range[0]:
            return expr
        first = expr.range[0]
        if re.fullmatch(r"(?:early |late |mid-?)?(1[89]|20)\d\d", rest.lower()):
            return replace(expr, value=first[:4], precision="year", range=None)
        if not re.search(r"\b\d{1,2}\b", rest):
            return replace(expr, value=first[:7], precision="month", range=None)
        return replace(expr, value=first, precision="day", range=None)
    return None


OFFSET_UNITS = {"day": 1, "week": 7}


def offset_clause(trigger: Token) -> tuple[Token, int] | None:
    """An act placed by a measured gap from the act it hangs on: "arrived Sunday, three days after
    kicking off a tour in Lebanon" -> (arrived, -3): the tour began three days before Sunday; "two weeks
    before the vote" -> +14. None when the trigger is in no such phrase."""
    token = trigger
    while token.dep_ in ("conj", "xcomp") and token.head.i != token.i:
        token = token.head
    if token.dep_ == "pcomp" and token.head.lower_ in ("after", "before"):
        link, head = token.head, token.head.head  # "after kicking off"
    elif token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("after", "before") for c in token.children):
        link = next(c for c in token.children if c.dep_ == "mark" and c.lower_ in ("after", "before"))
        head = token.head  # "three days after he kicked off"
    else:
        return None
    for measure in list(link.children) + list(token.children):
        unit = OFFSET_UNITS.get(measure.lemma_.lower())
        if measure.dep_ != "npadvmod" or unit is None or measure.i > link.i:
            continue
        counts = [c for c in measure.children if c.dep_ == "nummod"]
        count = _number(counts[0].lower_) if counts else 1
        if count:
            return head, (-1 if link.lower_ == "after" else 1) * count * unit
    return None
