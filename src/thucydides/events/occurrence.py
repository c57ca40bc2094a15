"""Acts a sentence names that no one has done: wished ("the desire to join"), asked of someone
("urged Iran to suspend"), guarded against ("protect X from attack"), put forward as an option
("favours withdrawing troops"), deaths no one caused ("killed in a plane crash", tolls "since" a day);
and the readiness that makes an act an intent or a refusal ("willing to negotiate", "not prepared to
withdraw"). The coder drops the first kinds and recodes the last.
"""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import is_verb, lemma

# Nouns of wish, ability or attempt: the act in their to-infinitive is not coded as happening or announced.
ATTITUDE_NOUNS = {"desire", "wish", "willingness", "readiness", "eagerness", "intention", "hope", "bid", "attempt",
                  "effort", "need", "ability", "determination", "reluctance", "unwillingness", "failure", "chance",
                  "opportunity", "right", "aspiration", "ambition", "drive", "quest", "urge", "temptation", "time"}

# Verbs and nouns whose complement is an act asked of someone, not done: "persuading Iran to suspend
# enrichment", "demands that it halt enrichment" ("forced X to withdraw" is done, so "force" is not here).
REQUEST_VERBS = {"urge", "ask", "call", "press", "pressure", "persuade", "request", "appeal", "implore", "beg",
                 "encourage", "invite", "order", "instruct", "tell", "push", "demand", "advise", "exhort",
                 "lobby", "prod", "nudge", "entreat", "plead", "petition", "insist", "require", "recommend",
                 "propose", "suggest"}

PREVENTING_VERBS = {"protect", "shield", "save", "prevent", "deter", "guard", "defend", "spare", "stop", "keep",
                    "dissuade", "discourage", "bar", "ban", "prohibit", "block", "restrain", "insulate", "safeguard"}

REQUEST_NOUNS = {"demand", "call", "request", "appeal", "plea", "ultimatum", "order", "pressure", "push",
                 "proposal", "suggestion", "recommendation", "insistence", "requirement", "condition", "invitation"}

# Adjectives whose to-infinitive is an act the subject expresses its readiness for, or its refusal of.
READINESS_ADJECTIVES = {"willing", "ready", "prepared", "eager", "determined", "keen", "open", "poised"}

UNREADINESS_ADJECTIVES = {"unwilling", "reluctant", "loath"}

# Verbs whose gerund complement is an option put forward, not an act done: "Rumsfeld favours withdrawing
# troops", "the panel will recommend pulling out".
PROPOSING_VERBS = {"favour", "favor", "recommend", "propose", "suggest", "advocate", "consider", "envisage",
                   "contemplate", "mull", "weigh", "study", "discuss", "debate", "explore", "examine"}


def readiness_of(verb: Token) -> str | None:
    """"intent" for an act in the to-infinitive of a readiness adjective ("willing to negotiate", "ready
    to provide aid"), "refuse" when the readiness is denied ("not prepared to", "unwilling to")."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.pos_ != "ADJ" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    word = head.lemma_.lower()
    if word in UNREADINESS_ADJECTIVES:
        return "refuse"
    if word not in READINESS_ADJECTIVES:
        return None
    negated = any(c.dep_ == "neg" for c in list(head.children) + list(head.head.children))
    return "refuse" if negated else "intent"


def wished(verb: Token) -> bool:
    """A verb in the to-infinitive of an attitude noun ("the desire to join", "an attempt to mediate")."""
    return verb.pos_ in ("VERB", "AUX") and verb.dep_ in ("acl", "xcomp", "relcl") \
        and verb.head.pos_ == "NOUN" and verb.head.lemma_.lower() in ATTITUDE_NOUNS \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def proposed(verb: Token) -> bool:
    """A gerund under a verb of proposing ("favours placing trainers with Iraqi units, withdrawing
    troops"): an option discussed, which no one has done."""
    if verb.tag_ != "VBG":
        return False
    while verb.dep_ in ("conj", "advcl") and verb.head.tag_ == "VBG" and verb.head.i != verb.i:
        verb = verb.head  # "favours placing trainers ..., withdrawing troops"
    return verb.dep_ in ("xcomp", "dobj", "ccomp", "pcomp") and is_verb(verb.head) \
        and lemma(verb.head) in PROPOSING_VERBS


def prevented(token: Token) -> bool:
    """An act something guards against: "to protect Iraqi Kurds from air attack by Baghdad", "prevented
    the rebels from attacking", "deter China from invading". No such act took place."""
    if token.dep_ not in ("pobj", "pcomp") or token.head.lower_ != "from":
        return False
    verb = token.head.head
    return is_verb(verb) and lemma(verb) in PREVENTING_VERBS


def asked_for(verb: Token) -> bool:
    """A verb whose act is asked of someone: "persuading Iran to suspend enrichment", "UN demands that it
    halt enrichment". Where a request pattern fires it codes the request and consumes the act; where none
    does, the act still did not happen."""
    if verb.pos_ not in ("VERB", "AUX") or verb.head.i == verb.i:
        return False
    head = verb.head
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in REQUEST_VERBS:
        if verb.dep_ == "xcomp":
            return True
        # "demanded that Iran halt": a subjunctive (bare) verb, or one under "should"
        return verb.dep_ == "ccomp" and head.lemma_.lower() != "tell" and (
            verb.tag_ == "VB" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            or any(c.dep_ == "aux" and c.lower_ == "should" for c in verb.children))
    return head.pos_ == "NOUN" and head.lemma_.lower() in REQUEST_NOUNS and verb.dep_ in ("acl", "ccomp", "relcl") \
        and (verb.tag_ == "VB" or any(c.dep_ in ("aux", "mark") and c.lower_ in ("should", "that", "to")
                                      for c in verb.children)) \
        and not any(c.dep_ == "nsubj" and c.lower_ in ("which", "that") for c in verb.children)


REFLEXIVES = {"himself", "herself", "themselves", "itself", "myself", "ourselves", "yourself"}


def accidental(verb: Token, accidents: frozenset[str]) -> bool:
    """A killing or wounding that no one did: "killed in a plane crash", "were killed when two helicopters
    crashed", "killed himself". `accidents` is the data class of accident words (nouns and verbs:
    crash, sinking, earthquake, capsize, ...)."""
    if any(c.dep_ == "dobj" and c.lower_ in REFLEXIVES for c in verb.children):
        return True
    # "A fire killed 12", "An avalanche swept the slopes, killing 12", "Typhoon Haiyan smashed into the
    # Philippines, killing 10,000": the one doing it is a disaster
    doer = verb.head if verb.dep_ in ("advcl", "conj") and verb.tag_ == "VBG" and is_verb(verb.head) else verb
    for subject in (c for c in doer.children if c.dep_ == "nsubj"):
        if any(lemma(w) in accidents for w in (subject, *(c for c in subject.children if c.dep_ == "compound"))):
            return True
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "by", "during", "after"):
            if any(o.dep_ == "pobj" and lemma(o) in accidents for o in child.children):
                return True
        if child.dep_ == "advcl" and is_verb(child) and lemma(child) in accidents \
                and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "after", "as") for m in child.children):
            return True
    return False


def toll(verb: Token) -> bool:
    """A count of the dead or wounded over a stretch of time, not an act: "At least 26 Israeli soldiers
    have been killed in south Lebanon since the offensive", "1,000 people have been killed so far this
    year". A present-perfect killing or wounding with a "since" phrase or clause, or "so far"."""
    if not any(c.dep_ == "aux" and c.lower_ in ("have", "has") for c in verb.children):
        return False
    return any((c.dep_ == "prep" and c.lower_ == "since")
               or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children))
               or (c.dep_ == "advmod" and c.lower_ == "far" and any(f.lower_ == "so" for f in c.children))
               for c in verb.children)
