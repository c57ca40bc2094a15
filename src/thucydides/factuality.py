"""Factuality of a coded act, read from the clause around its trigger (CODING.md, "Factuality").

asserted | negated | intended | future | hypothetical | reported_claim. The rules look at the
trigger's own clause first, then the clauses that govern it (an act inside "accused X of ..." is a
reported claim; one under "if" is hypothetical), because that is where English marks modality.
"""

from __future__ import annotations

from spacy.tokens import Token

FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "'d"}
CONDITIONAL_MARKS = {"if", "unless"}
FUTURE_GOVERNORS = {"expect", "set", "due", "likely", "plan", "schedule", "poise", "go"}
CLAIM_GOVERNORS = {"accuse", "allege", "claim", "charge", "blame", "suspect"}
CLAIM_ADVERBS = {"allegedly", "purportedly", "supposedly"}
NEGATIONS = {"not", "n't", "never", "no"}
# Clause links followed upwards when looking for a governing modality.
CLAUSE_LINKS = {"xcomp", "ccomp", "advcl", "conj", "pcomp", "relcl", "acl"}


def _clause_head(token: Token) -> Token:
    """For an event noun, the verb whose clause it sits in ("launched an attack" -> launched)."""
    while token.pos_ not in ("VERB", "AUX") and token.dep_ not in ("ROOT",) and token.head is not token:
        token = token.head
    return token


def _own_markers(verb: Token) -> str | None:
    children = list(verb.children)
    lowers = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "mark")}
    if any(c.dep_ == "neg" for c in children) or lowers & {"never"}:
        return "negated"
    if lowers & CONDITIONAL_MARKS:
        return "hypothetical"
    if lowers & FUTURE_AUX:
        return "future"
    if lowers & HYPOTHETICAL_AUX:
        return "hypothetical"
    if lowers & CLAIM_ADVERBS:
        return "reported_claim"
    # "is going to attack": the progressive of "go" with a "to" complement
    if verb.dep_ == "xcomp" and verb.head.lemma_ == "go" and verb.head.tag_ == "VBG":
        return "future"
    return None


def factuality_of(trigger: Token, intended: bool = False) -> str:
    """The factuality of the act signalled by `trigger` (a verb, or an event noun)."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "neg" or c.lower_ == "no" for c in trigger.children):
            return "negated"
    verb = _clause_head(trigger)
    own = _own_markers(verb)
    if own == "negated":
        return "negated"
    if own in ("future", "hypothetical", "reported_claim"):
        return own
    if intended:
        return "intended"
    # Governing clauses: "expected to attack", "accused X of attacking", "if they attack".
    current = verb
    for _ in range(6):
        if current.dep_ not in CLAUSE_LINKS or current.head is current:
            break
        link = current.dep_
        governor = current.head
        if governor.pos_ not in ("VERB", "AUX", "ADJ"):
            governor = _clause_head(governor)
        lemma = governor.lemma_.lower()
        if link in ("xcomp", "pcomp", "ccomp", "advcl") and lemma in CLAIM_GOVERNORS:
            return "reported_claim"
        if link == "xcomp" and lemma in FUTURE_GOVERNORS:
            return "future"
        if link == "advcl" and any(c.lower_ in CONDITIONAL_MARKS for c in current.children):
            return "hypothetical"
        if link == "conj":
            marker = _own_markers(governor)
            if marker in ("future", "hypothetical"):
                return marker
        current = governor
    return "asserted"
