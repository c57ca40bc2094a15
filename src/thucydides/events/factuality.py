"""Factuality of a coded act, read from the clause around its trigger (CODING.md, "Factuality").

asserted | negated | intended | future | hypothetical | reported_claim. The rules look at the
trigger's own clause first, then the clauses that govern it (an act inside "accused X of ..." is a
reported claim; one under "if" is hypothetical; one under "expected to" is future), because that is
where English marks modality. An event noun looks at its own modifiers ("no attack", "an alleged
attack", "a planned offensive") and at the claims that govern it.
"""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import OBLIGATION_MODALS, REPORTER_ACTS

FUTURE_AUX = {"will", "shall", "'ll", "wo", "gonna"}
HYPOTHETICAL_AUX = {"could", "might", "may", "should", "ought", "must"}
CONDITIONAL_AUX = {"would", "'d"}
CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
# Marks of a clause that tells when or why, whose own past tense states a fact whatever the modality of the
# clause it hangs on ("a pilot captured when Pakistan shot down his jet would be released").
FACT_MARKS = {"when", "after", "before", "because", "since", "as", "while"}
NEGATIONS = {"not", "n't", "never", "no", "nor"}
# Governing words whose complement is future: "expected to attack", "set to sign", "due to visit".
FUTURE_GOVERNORS = {
    "expect", "set", "due", "likely", "plan", "schedule", "poise", "go", "prepare", "about", "bound",
    "slate", "intend", "aim", "ready", "will",
}
# Governing words whose complement is wanted or considered, not done.
HYPOTHETICAL_GOVERNORS = {
    "want", "hope", "seek", "wish", "consider", "mull", "weigh", "propose", "suggest", "fear", "risk",
    "try", "attempt", "possible", "able", "unable", "willing", "prefer", "ask", "urge", "call", "demand",
    "threaten", "warn", "need", "recommend", "hopeful", "optimistic", "confident", "pessimistic", "doubtful",
    "skeptical", "sceptical", "plot", "conspire", "scheme",
}
# Governing words that, with the act as their object, perform it: "called a strike", "called a
# ceasefire" (but "called for a strike" asks for one).
PERFORMING_SUPPORTS = {"call"}
NEGATING_GOVERNORS = {"fail", "refuse", "decline", "reject", "stop", "cease", "halt", "avoid", "deny"}
CLAIM_GOVERNORS = {"accuse", "allege", "claim", "charge", "blame", "suspect", "deny", "rumor", "rumour"}
CLAIM_ADVERBS = {"allegedly", "purportedly", "supposedly", "reputedly"}
SPEECH_LEMMAS = {"say", "tell", "announce", "state", "declare", "add", "report", "confirm", "indicate",
                 "insist", "promise", "vow", "pledge", "warn", "signal", "predict", "believe", "think", "expect"}
NOUN_FUTURE = {"planned", "upcoming", "proposed", "scheduled", "impending", "expected", "imminent",
               "forthcoming", "looming", "prospective", "intended", "future", "next"}
# Prepositions of time: the act in their phrase is told as background of the clause, not as its content.
TIME_PREPOSITIONS = {"after", "before", "during", "since", "upon", "on", "following", "while", "when", "ahead"}
NOUN_HYPOTHETICAL = {"possible", "potential", "would-be", "hypothetical", "feared", "threatened"}
NOUN_CLAIMED = {"alleged", "suspected", "purported", "supposed", "claimed", "reported"}
# Clause links followed upwards when looking for a governing modality. A relative clause keeps its
# own modality ("the pact in which Moscow promised ..." is not governed by the main clause).
CLAUSE_LINKS = {"xcomp", "ccomp", "advcl", "conj", "pcomp"}
NOUN_LINKS = {"dobj", "pobj", "nsubjpass", "attr", "oprd"}


def _clause_head(token: Token) -> Token:
    """For an event noun, the verb whose clause it sits in ("launched an attack" -> launched)."""
    while token.pos_ not in ("VERB", "AUX") and token.dep_ != "ROOT" and token.head.i != token.i:
        token = token.head
    return token


def _has_conditional(verb: Token) -> bool:
    """The clause has an 'if' clause of its own ("if X, Russia would attack")."""
    return any(c.dep_ == "advcl" and any(m.lower_ in CONDITIONAL_MARKS for m in c.children if m.dep_ == "mark")
               for c in verb.children)


def _under_speech(verb: Token) -> bool:
    """A clause reported by a speech verb ("Russia said it would withdraw")."""
    return verb.dep_ in ("ccomp", "conj") and verb.head.lemma_.lower() in SPEECH_LEMMAS or (
        verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and verb.head.head.lemma_.lower() in SPEECH_LEMMAS
    )


def announcing_verb(verb: Token) -> Token:
    """The speech verb that reports this clause ("will visit ..., a spokesman said Tuesday": said), else
    the clause's own root: its time expression dates the saying, not the act said."""
    token = verb
    while token.head.i != token.i and token.dep_ in CLAUSE_LINKS | {"relcl"}:
        token = token.head
        if token.lemma_.lower() in SPEECH_LEMMAS:
            return token
    return token


def _own_markers(verb: Token) -> str | None:
    children = list(verb.children)
    lowers = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "mark", "preconj")}
    if any(c.dep_ == "neg" for c in children) or lowers & {"never", "neither", "nor"}:
        return "negated"
    for subject in children:
        # "Neither Russia nor Georgia attacked", "No country recognized ...", "will release no prisoners"
        if subject.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                (c.dep_ == "preconj" and c.lower_ == "neither") or (c.dep_ == "det" and c.lower_ == "no")
                for c in subject.children):
            return "negated"
    if verb.dep_ == "pcomp" and verb.head.lower_ == "without":
        return "negated"  # "travelled to Saudi Arabia without violating the embargo"
    if lowers & CONDITIONAL_MARKS:
        return "hypothetical"
    if "until" in lowers and verb.dep_ == "advcl" and verb.tag_ in ("VBZ", "VBP"):
        return "hypothetical"  # "to strangle Iraq until it retreats from Kuwait": a condition, not yet met
    if lowers & FUTURE_AUX:
        return "hypothetical" if _has_conditional(verb) else "future"
    if lowers & CONDITIONAL_AUX:
        # "said it would withdraw": the future of reported speech; elsewhere a conditional
        return "future" if _under_speech(verb) and not _has_conditional(verb) else "hypothetical"
    if lowers & HYPOTHETICAL_AUX:
        return "hypothetical"
    if lowers & CLAIM_ADVERBS:
        return "reported_claim"
    if _has_conditional(verb):
        return "hypothetical"
    # "is going to attack", "is to visit", headline "Russia to withdraw troops"
    if verb.dep_ == "xcomp" and verb.head.lemma_ in ("go", "be") and any(
            c.lower_ == "to" for c in children if c.dep_ == "aux"):
        if verb.head.lemma_ == "be" or verb.head.tag_ == "VBG":
            return "future"
    if verb.dep_ not in ("xcomp", "advcl", "relcl", "acl", "pcomp") and verb.tag_ == "VB" \
            and any(c.lower_ == "to" and c.dep_ == "aux" for c in children) \
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in children):
        return "future"  # headline style: "Russia to withdraw troops"
    if verb.dep_ == "advcl" and verb.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in children) \
            and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in children):
        return "intended"  # a purpose ("sent troops to protect civilians"), or a parse of "calls ... to suspend"
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ == "VB" \
            and any(c.lower_ == "to" and c.dep_ == "aux" for c in children):
        copula = verb.head.head
        if verb.head.dep_ == "attr" and copula.lemma_ in ("be", "become") and copula.tag_ in ("VBD", "VBN", "VBZ"):
            return None  # "became the first country to recognize X", "is the first leader to visit": done
        return "future"  # "FM: Russian troops to stay in Abkhazia" (a headline parsed as a noun phrase)
    return None


def _noun_markers(noun: Token) -> str | None:
    for child in noun.children:
        lower = child.lower_
        if child.dep_ == "neg" or (lower == "no" and child.dep_ == "det"):
            return "negated"
        if lower == "any" and child.dep_ == "det":
            return "hypothetical"  # "opposed any forced displacement", "would respond to any attack"
        if child.dep_ in ("amod", "compound", "advmod"):
            if lower in NOUN_CLAIMED:
                return "reported_claim"
            if lower in NOUN_FUTURE:
                return "future"
            if lower in NOUN_HYPOTHETICAL:
                return "hypothetical"
    return None


def _governed(current: Token) -> str | None:
    """Modality from the clauses above `current` (an event noun first climbs to its verb)."""
    first = True
    for _ in range(8):
        if current.dep_ == "acl" and current.tag_ == "VBG" and current.head.dep_ == "pobj":
            # "hopeful of Poland joining the bank": the parser hangs the gerund on its subject
            current, first = current.head, True
        links = CLAUSE_LINKS | (NOUN_LINKS if first and current.pos_ in ("NOUN", "PROPN") else set())
        first = False
        if current.dep_ not in links or current.head.i == current.i:
            return None
        link = current.dep_
        governor = current.head
        told_at = link == "advcl" and any(c.dep_ == "mark" and c.lower_ in FACT_MARKS for c in current.children) \
            or governor.dep_ == "prep" and governor.lower_ in TIME_PREPOSITIONS
        if told_at and current.tag_ == "VBD":
            return None  # "would be released, two days after warplanes struck": a past act told to date another
        if governor.dep_ == "prep" and link in ("pcomp", "pobj"):
            if governor.lower_ == "without":
                return "negated"  # "left without an agreement"
            # "accused X of bombing": go through the preposition to the verb; "After meeting Li, Scholz
            # warned against ...": a time phrase is no complement of the verb it hangs on
            link = "advcl" if governor.lower_ in TIME_PREPOSITIONS else "pcomp"
            governor = governor.head
        lemma = governor.lemma_.lower()
        if link in ("xcomp", "pcomp", "ccomp", "advcl", "dobj", "pobj") and lemma in CLAIM_GOVERNORS:
            return "reported_claim"
        if link in ("xcomp", "pcomp") and lemma in NEGATING_GOVERNORS:
            return "negated"
        if link in ("xcomp", "dobj") and lemma in FUTURE_GOVERNORS:
            return "future"  # "expected to attack", "plans an offensive"
        if link in ("xcomp", "pcomp", "ccomp") and lemma in HYPOTHETICAL_GOVERNORS:
            return "hypothetical"
        if link == "advcl" and any(c.lower_ in CONDITIONAL_MARKS for c in current.children if c.dep_ == "mark"):
            return "hypothetical"
        if link in ("conj", "xcomp", "ccomp", "advcl") and governor.pos_ in ("VERB", "AUX") \
                and not (link == "conj" and current.lemma_.lower() in REPORTER_ACTS
                         and any(a.dep_ == "aux" and a.lower_ in OBLIGATION_MODALS for a in governor.children)):
            # ("said Greece should stop ... and warned that ...": the warning is the speaker's, not obliged)
            marker = _own_markers(governor)
            if marker in ("future", "hypothetical", "reported_claim"):
                return marker
            if marker == "negated" and link in ("xcomp", "conj") and not _coordinated_after_but(current):
                return "negated"
        if governor.dep_ == "ROOT" and governor.pos_ in ("VERB", "AUX"):
            return None
        current = governor
    return None


def _coordinated_after_but(token: Token) -> bool:
    """'did not attack but shelled': the negation of the first verb does not reach the second."""
    return token.dep_ == "conj" and any(c.lower_ in ("but", "yet") for c in token.head.children if c.dep_ == "cc")


def factuality_of(trigger: Token, intended: bool = False, noun: Token | None = None) -> str:
    """The factuality of the act signalled by `trigger` (a verb, or an event noun).

    `noun` is the event noun when `trigger` is its support verb ("launched no attack").
    """
    if noun is not None:
        marker = _noun_markers(noun)
        if marker is not None:
            return marker
        support = trigger.lemma_.lower()
        own = _own_markers(trigger)
        if own is None and support in FUTURE_GOVERNORS and not (support == "go" and trigger.tag_ != "VBG"):
            return "future"  # "plans an offensive", "is preparing an attack" (but "went into talks" did)
        if own is None and support in HYPOTHETICAL_GOVERNORS \
                and not (support in PERFORMING_SUPPORTS and noun.dep_ in ("dobj", "nsubjpass")):
            return "hypothetical"
    if trigger.pos_ in ("NOUN", "PROPN"):
        marker = _noun_markers(trigger)
        if marker is not None:
            return marker
        governed = _governed(trigger)
        return governed if governed in ("reported_claim", "negated") else ("intended" if intended else "asserted")
    verb = _clause_head(trigger)
    own = _own_markers(verb)
    if own is not None:
        return own
    if intended:
        return "intended"
    return _governed(verb) or "asserted"
