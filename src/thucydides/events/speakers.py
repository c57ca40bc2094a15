"""Who does an act the parser hung inside the reported clause of another's speech: "Pompeo said there was no
evidence it came from Yemen and blamed Iran" (the parser joins "blamed" to "came": "it" blamed no one).
Used by arguments.subjects; it imports nothing from the events package, so no import circle forms.
"""

from __future__ import annotations

from spacy.tokens import Token

# Subjects that cannot do a speaker's act (blame, call for, warn) joined to their clause.
EMPTY_SUBJECTS = {"it", "there", "this", "that", "which"}


def speaker_verb_above(head: Token, attributing: set[str]) -> Token | None:
    """The speech verb whose reported clause holds `head`, a relative or content clause of a thing with no
    agency ("there was no evidence [it came from Yemen]"): its speaker does an act joined to `head`."""
    if not any(s.dep_ in ("nsubj", "expl") and s.lower_ in EMPTY_SUBJECTS for s in head.children):
        return None
    current = head
    for _ in range(6):  # clause links, and the nouns a relative clause hangs on ("evidence [it came]")
        if current.dep_ not in ("relcl", "acl", "ccomp", "attr", "dobj", "nsubj") or current.head.i == current.i:
            return None
        if current.dep_ == "ccomp" and current.head.lemma_.lower() in attributing and current.head.i < current.i:
            return current.head
        current = current.head
    return None


# Participles that tell what a statement set off ("said the deal was flawed, drawing a sharp protest from
# Tokyo"): the parser hangs them on the reported clause; the statement, so its speaker, drew the protest.
REACTION_PARTICIPLES = {"draw", "prompt", "spark", "trigger", "provoke", "earn", "elicit", "anger", "infuriate",
                        "irritate", "upset", "incense", "outrage"}


def reaction_speaker_verb(verb: Token, head: Token, attributing: set[str]) -> Token | None:
    """The speech verb whose statement a reaction participle follows, when the parser hung the participle
    on the reported clause."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or verb.lemma_.lower() not in REACTION_PARTICIPLES:
        return None
    clause = head
    while clause.dep_ == "conj" and clause.head.i != clause.i:  # "was flawed and could not resolve it, drawing"
        clause = clause.head
    if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in attributing and clause.head.i < clause.i < verb.i:
        return clause.head
    return None


# Participles of saying and judging ("..., calling the incident a gross violation"), which the parser may hang
# on the nearest verb, inside a clause that tells when: they belong to the sentence's main clause.
SPEECH_PARTICIPLES = {"say", "call", "accuse", "describe", "brand", "warn", "urge", "denounce", "condemn", "label",
                      "term", "blame", "insist", "add", "argue", "charge", "demand"}
TIME_MARKS = {"after", "before", "when", "as", "while", "since", "once"}


def main_clause_verb(verb: Token, head: Token) -> Token | None:
    """The main clause's verb for a saying participle hung on a time clause ("Putin demanded an apology
    after Dutch police detained a diplomat, calling the incident a gross violation": Putin calls it)."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or verb.lemma_.lower() not in SPEECH_PARTICIPLES:
        return None
    if head.dep_ == "advcl" and head.head.i != head.i and head.i < verb.i \
            and any(c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in head.children):
        return head.head
    return None


def quoted_before(clause: Token) -> bool:
    """Does a clause before its verb open with a quotation mark ('"We will strike," he warned': a
    quotation the verb reports, not a clause of its own)?"""
    first = min(t.i for t in clause.subtree)
    doc = clause.doc
    return any(doc[i].is_quote for i in range(max(first - 1, clause.sent.start), min(first + 1, len(doc))))
