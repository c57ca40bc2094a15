"""Stances stated with a predicative adjective: "the opposition leader has been highly critical of Moscow"
(CAMEO 111), "Germany is strongly opposed to the Turkish plan" (110), "Japan was pleased with China's
response" (051). The adjective names the act; the subject of its copula is the source and the object of
the pattern's prepositions the target. The copula carries tense, negation and the date ("was not critical
of"), so it is the trigger's anchor.

Only the predicative use is read: "a motion critical of China" describes a text, whose sponsor the
sentence may not name.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..knowledge.patterns import Pattern, PatternSet
from .arguments import COPULAS, lemma, patients, prep_objects, subjects
from .trigger import Trigger

# Verbs that link a subject to the state an adjective names ("is", "remains", "has become", "seemed").
LINKING_VERBS = COPULAS | {"seem", "appear", "grow", "stay", "sound", "look", "feel"}


def adjective_candidates(token: Token, patterns: PatternSet) -> list[Pattern]:
    """The adjective patterns of a word used predicatively: an adjective ("critical") or a participle
    read as one ("opposed", "pleased")."""
    if token.pos_ not in ("ADJ", "VERB") or (token.pos_ == "VERB" and token.tag_ != "VBN"):
        return []
    found = patterns.by_adjective.get(token.lower_)
    return list(found) if found and linking_verb(token) is not None else []


def linking_verb(word: Token) -> Token | None:
    """The verb that states the adjective of its subject: the copula it complements ("has been
    critical of"), or the participle itself when it has its own "be" ("is opposed to")."""
    if word.dep_ == "acomp" and lemma(word.head) in LINKING_VERBS:
        return word.head
    if word.tag_ == "VBN" and any(c.dep_ == "auxpass" and lemma(c) == "be" for c in word.children) \
            and not any(c.dep_ == "agent" for c in word.children):  # "was opposed by Osgiliath": a passive
        return word
    return None


def adjective_trigger(word: Token, pattern: Pattern) -> Trigger | None:
    """The stance the predicative adjective states, from the copula's subject to the objects of the
    pattern's prepositions."""
    verb = linking_verb(word)
    if verb is None:
        return None
    sources = patients(word) if verb is word else subjects(verb)[0]
    targets = prep_objects(word, pattern.preps)
    if not targets and verb is not word:  # "was furious at the decision": the parser hangs "at" on "was"
        targets = [t for t in prep_objects(verb, pattern.preps) if t.i > word.i]
    return Trigger(pattern, word, verb, list(sources), targets, pattern.code, words=word.text)
