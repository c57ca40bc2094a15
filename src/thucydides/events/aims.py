"""Whom an act is aimed at when its own phrases name no target: the counterpart of a relation named
inside a phrase ("called for peace with Ankara"), the partners of the act a purpose clause serves ("met
Putin to discuss"), the aim of a show or build-up of force ("moved tanks to the Syrian border", "deployed
battalions to deter Russia", "amid tensions with Iran"). Helpers of the matcher and the parties (matching.py, parties.py)."""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import children, lemma, prep_objects

# Appeals, intentions, demands and protests about a relation name their counterpart inside it: "called
# for a peaceful resolution to the battle with Ankara", "demonstrated in favour of peace with Turkey" (a
# posture too, through posture_aims: "deployed more troops amid tensions with Iran").
NESTED_PARTNER_ROOTS = {"02", "03", "10", "12", "14", "16"}
PARTNER_NOUNS = {"peace", "war", "battle", "conflict", "dispute", "talk", "dialogue", "negotiation", "reconciliation",
                 "agreement", "deal", "settlement", "truce", "ceasefire", "cease-fire", "relation", "tie", "fight",
                 "struggle", "confrontation", "normalization", "normalisation", "cooperation", "accord", "treaty",
                 "union", "reunification", "unification", "independence", "autonomy", "separation", "secession",
                 "visit", "exchange", "contact", "tension", "standoff", "stand-off", "row", "feud", "rivalry"}
PARTNER_PREPS = {"with", "against", "from"}
# Shows and build-ups of force (CAMEO 15) are aimed at the one their purpose or their frontier names.
POSTURE_ROOTS = {"15"}
# Verbs of a purpose clause whose object is the one a posture is aimed at ("to deter Russia").
AIMING_VERBS = {"deter", "counter", "confront", "pressure", "intimidate", "warn", "threaten", "contain", "face",
                "fight", "repel", "check", "discourage", "dissuade", "signal", "challenge", "menace"}
# Nouns of an "in" phrase that makes a posture the answer to another's act ("in response to NATO's build-up").
ANSWER_NOUNS = {"response", "retaliation", "reaction", "reply", "answer"}
# Nouns of a frontier whose owner a posture faces ("moved tanks to the Syrian border").
FRONTIER_NOUNS = {"border", "frontier", "boundary", "coast", "waters", "doorstep"}


def nested_partners(verb: Token) -> list[Token]:
    """The counterpart of a relation named in the verb's prepositional phrases or object ("peace with
    Ankara", "independence from Indonesia", "the war against Iraq")."""
    found = []
    for phrase in verb.children:
        if phrase.dep_ not in ("prep", "dobj", "xcomp"):
            continue
        for token in phrase.subtree:
            if token.dep_ == "pobj" and token.head.lower_ in PARTNER_PREPS and token.head.head.lemma_.lower() in PARTNER_NOUNS:
                found.append(token)
    return found


def purpose_partners(verb: Token) -> list[Token]:
    """The partners named by the act a to-infinitive of purpose serves: its object and "with" phrases
    ("held contacts with the North Koreans to discuss", "met Putin to discuss")."""
    if verb.dep_ not in ("advcl", "xcomp") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return []
    head = verb.head
    objects = [c for c in head.children if c.dep_ == "dobj"]
    return prep_objects(head, ("with",)) + [o for obj in objects for o in [obj, *prep_objects(obj, ("with",))]]


def posture_aims(verb: Token) -> list[Token]:
    """Whom a show or build-up of force faces: the object of its purpose ("deployed battalions to deter
    Russia", "to counter Iranian threats"), the owner of the frontier it goes to ("moved tanks to the
    Syrian border") or the one whose act it answers ("in response to NATO's build-up", hung on the verb
    or on the one saying it)."""
    found = [o for clause in verb.children if clause.dep_ in ("advcl", "xcomp") and lemma(clause) in AIMING_VERBS
             and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
             for o in children(clause, {"dobj"})]
    for place in prep_objects(verb, ("to", "near", "along", "on", "at", "toward", "towards")):
        if lemma(place) in FRONTIER_NOUNS:
            found += [c for c in place.children if c.dep_ in ("amod", "compound", "poss") and c.i < place.i
                      and c.pos_ in ("ADJ", "PROPN")]
    # "in response to NATO's military build-up": the one whose act it answers
    answering = [verb] + ([verb.head] if verb.dep_ == "ccomp" and verb.head.pos_ == "VERB" else [])
    for phrase in (c for v in answering for c in v.children):
        if phrase.dep_ == "prep" and phrase.lower_ == "in":
            found += [o for n in children(phrase, {"pobj"}) if lemma(n) in ANSWER_NOUNS
                      for o in prep_objects(n, ("to", "for", "against"))]
    return found + [t for t in nested_partners(verb) if t not in found]  # "amid tensions with Iran"
