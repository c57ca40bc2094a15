"""States named again by a description: "the country", "the kingdom", "the emirate", "the Gulf state", "the
island", "the Islamic Republic". Wire copy names a state once and then describes it ("Saudi Arabia closed
its land border with the emirate", "Washington would reimpose sanctions on the Islamic Republic"); the
description stands for the last state named that fits it.

What fits comes from the knowledge base: the `described_as` words of countries.yaml and territories.yaml
("kingdom", "emirate", "island"; "Gulf", "Balkan" in front of a noun; whole descriptions such as "Jewish
state"). The nouns any state fits are here, as grammar.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import ActorMention
from .context import GEOGRAPHIC_HEADS, DocActors, _mention

# Nouns any state fits: "the country" after "Ukraine" is Ukraine. "State" alone is too often a US state
# or the state as an institution ("state media"): it needs a word that says which ("the Gulf state").
ANY_STATE_NOUNS = {"country", "nation", "republic"}
QUALIFIED_STATE_NOUNS = {"state"}
# Words in front that make the description not the one named before: "the other country", "the host
# nation", "the whole country" (everywhere in it), "the first country to ...".
NOT_ANAPHORIC = {"other", "another", "first", "second", "third", "only", "last", "same", "host", "home", "next",
                 "whole", "entire", "each", "every", "any", "third-party", "donor", "member", "mother"}
# Nouns of a state's relation to another, with the other as owner: "its neighbour" is the last state named
# that is not the owner's.
RELATION_NOUNS = {"neighbour", "neighbor", "rival", "arch-rival", "archrival", "foe", "arch-foe", "archenemy",
                  "enemy", "adversary", "nemesis"}
# "across the country", "in the kingdom": where something happens, not a party to it.
PLACE_PREPOSITIONS = {"in", "across", "throughout", "around", "inside", "within", "over", "all"}
# How far back an unspecific description ("the country") looks: its sentence and the one before.
ANY_STATE_WINDOW = 1


def described_state(kb, token: Token, result: DocActors) -> ActorMention | None:
    """The mention of the state a definite description stands for, or None when the noun is no such
    description or no state named before fits it."""
    if token.tag_ not in ("NN", "NNP") or token.dep_ == "compound" or not _in_party_position(kb, token):
        return None
    lefts = list(token.lefts)
    owner = next((c for c in lefts if c.dep_ == "poss"), None)
    if owner is not None and token.lemma_.lower() in RELATION_NOUNS:
        return _related_state(kb, token, owner, result)
    determiner = next((c for c in lefts if c.dep_ == "det"), None)
    if determiner is None or determiner.lower_ != "the" or owner is not None \
            or any(c.dep_ in ("relcl", "acl") or (c.dep_ == "prep" and c.lower_ == "of") for c in token.children):
        return None  # "its territory", "the country that ...", "the state of emergency", "the Kingdom of Spain"
    modifiers = token.doc[determiner.i + 1:token.i]
    if any(t.lower_ in NOT_ANAPHORIC or t.like_num or result.at(t) is not None for t in modifiers):
        return None  # "the other country"; "the Iranian nation" is named by its demonym
    fits = _fitting(kb, token, determiner)
    if fits is None:
        return None
    candidates, whole = fits
    # ("the Indian Ocean island": a demonym in a place's name names no state)
    named = {e.id for t in modifiers if t.nbor(1).lower_ not in GEOGRAPHIC_HEADS
             for e in kb.demonyms(t.text) if e.kind in ("state", "territory")}
    if named:
        # "the Irish Republic", "the Iranian nation": the description names its state itself
        entry = kb.entry(next(iter(named))) if len(named) == 1 else None
        if entry is None:
            return None
        return _mention(determiner.i, token.i + 1, token.i, (entry.actor(),), "description", token.doc)
    state = _last_fitting(kb, result, token, candidates)
    if state is None and whole and candidates is not None and len(candidates) == 1:
        entry = kb.entry(next(iter(candidates)))  # "the Jewish state": one state is described so
        state = entry.actor() if entry is not None else None
    if state is None:
        return None
    return _mention(determiner.i, token.i + 1, token.i, (state,), "description", token.doc)


def _related_state(kb, token: Token, owner: Token, result: DocActors) -> ActorMention | None:
    """"India withdrew Pakistan's trade status and vowed to isolate its neighbour", "Saudi Arabia ...
    accusing its smaller Gulf neighbour": the last state named, in this sentence or the one before, that
    is not the owner's."""
    mention = result.at(owner)
    owners = {a.country for a in mention.actors if a.country} if mention is not None else set()
    if not owners:
        return None  # whose neighbour is not known
    if any(t.like_num or t.lower_ in NOT_ANAPHORIC for t in token.doc[owner.i + 1:token.i]):
        return None  # "its two neighbours", "its other neighbour"
    candidates: frozenset[str] | None = None
    for t in token.doc[owner.i + 1:token.i]:
        fits = kb.described(t.text)
        if fits is not None:
            candidates = fits if candidates is None else candidates & fits
    state = _last_fitting(kb, result, token, candidates, exclude=owners)
    if state is None:
        return None
    return _mention(owner.i, token.i + 1, token.i, (state,), "description", token.doc)


def _in_party_position(kb, token: Token) -> bool:
    """A description a party can be: not a place ("across the country") or part of one ("the eastern half
    of the country"); "of the country" only after a role ("the president of the country")."""
    if token.dep_ != "pobj":
        return True
    preposition = token.head
    if preposition.lower_ in PLACE_PREPOSITIONS:
        return False
    return preposition.lower_ != "of" or kb.role(preposition.head.lemma_.lower()) is not None


def _fitting(kb, token: Token, determiner: Token) -> tuple[frozenset[str] | None, bool] | None:
    """(the ids a description fits, None for any state; whether a whole description matched, "Islamic
    Republic", rather than its words), or None for a noun phrase that describes no state."""
    doc = token.doc
    for start in range(determiner.i + 1, token.i):
        found = kb.described(doc[start:token.i + 1].text)
        if found is not None:
            return found, True
    lemma = token.lemma_.lower()
    fits = kb.described(token.text)
    if fits is None and lemma not in ANY_STATE_NOUNS | QUALIFIED_STATE_NOUNS:
        return None
    # the words in front narrow it ("the Gulf state", "the oil-rich kingdom"); others say nothing of which
    for start in range(determiner.i + 1, token.i):
        for end in range(start + 1, token.i + 1):
            narrowing = kb.described(doc[start:end].text)
            if narrowing is not None:
                fits = narrowing if fits is None else fits & narrowing
    if fits is None and lemma in QUALIFIED_STATE_NOUNS:
        return None  # "the state" alone
    return fits, False


def _last_fitting(kb, result: DocActors, token: Token, candidates: frozenset[str] | None,
                  exclude: set[str] | None = None):
    """The last state named before the token that the description fits (any state for None),
    not the one that acts on it ("The United States imposed sanctions on the country": not the United
    States). An unspecific description looks back one sentence and gives up where two states were named
    together ("Iran and Iraq ... the country")."""
    doc = token.doc
    acting = _acting_countries(result, token) | (exclude or set())
    window = 0
    if candidates is None or exclude:
        first = token.sent
        for _ in range(ANY_STATE_WINDOW):
            first = doc[first.start - 1].sent if first.start > 0 else first
        window = first.start
    for mention in reversed(result.mentions):
        if mention.head >= token.i or mention.token_start < window:
            continue
        if doc[mention.head].dep_ in ("amod", "compound", "nmod"):
            continue  # "the Rwandan border": a word about something else names no antecedent
        states = {a.country for a in mention.actors if a.kind in ("state", "territory") and a.country
                  and not a.country_basis and (candidates is None or a.country in candidates)
                  and (not a.sector or (a.sector == ("GOV",) and doc[mention.head].pos_ == "PROPN"))}
        states -= acting
        if not states:
            continue
        conjoined = [c for c in doc[mention.head].conjuncts if result.by_head.get(c.i) is not None]
        if len(states) > 1 or (conjoined and candidates is None):
            return None  # which one is not said
        entry = kb.entry(next(iter(states)))
        return entry.actor() if entry is not None else None
    return None


def _acting_countries(result: DocActors, token: Token) -> set[str]:
    """The countries of the subject of the clause a non-subject description is in."""
    if token.dep_ in ("nsubj", "nsubjpass"):
        return set()
    verb = token.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    while True:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or verb.dep_ not in ("xcomp", "conj", "acomp") or verb.head.i == verb.i:
            break
        # "wants to move through the country", "will be able to use ... and move", "closed ... and cut
        # ties with": the subject of the verb it hangs on
        verb = verb.head
    countries: set[str] = set()
    for subject in subjects:
        mention = result.at(subject)
        if mention is not None:
            countries |= {a.country for a in mention.actors if a.country}
    return countries
