"""Event nouns as triggers: the support verb that carries them ("held talks", "launched an offensive"),
their sources (owners, "by" agents, the clause they frame) and targets. Mixed into TriggerMatcher
(matching.py)."""

from __future__ import annotations

from spacy.tokens import Token

from ..knowledge.patterns import Pattern
from .aims import POSTURE_ROOTS, posture_aims
from .arguments import (
    AUTHORING_PARTICIPLES,
    OBJECT_DEPS,
    agents,
    children,
    is_verb,
    lemma,
    prep_objects,
    subjects,
    verb_lemmas,
)
from .phrases import phrase_matches
from .trigger import Trigger

NOUN_MODIFIER_DEPS = {"poss", "amod", "compound", "nmod"}
# Consultation and cooperation nouns in a purpose or time phrase belong to the clause's subject.
PURPOSE_NOUN_ROOTS = {"03", "04", "05", "06"}
PURPOSE_PREPS = {"for", "after", "before", "during", "following", "at", "in"}
# Nouns whose "for" phrase names what is wanted ("a proposal for peace talks", "hopes for a summit").
WANTING_NOUNS = {"proposal", "call", "plan", "bid", "demand", "push", "hope", "appeal", "request", "preparation",
                 "need", "idea", "offer", "initiative", "condition", "prospect", "pressure", "support",
                 "plea", "campaign", "drive", "effort", "suggestion", "recommendation", "chance", "opportunity"}
# "on his first visit to Pakistan": a journey one is on frames the clause's act too.
TRAVEL_NOUNS = {"visit", "trip", "tour", "journey", "stopover"}
# "in defiance of the sanctions", "in protest at the verdict": a manner phrase whose act is the clause subject's.
MANNER_NOUN_ROOTS = {"12", "14"}
MANNER_NOUNS = {"defiance", "violation", "breach", "contravention", "protest", "disregard"}
# Visits (CAMEO 042 make, 043 host): a place-name modifier is the destination ("a Washington visit").
VISIT_CODES = {"042", "043"}
PLACE_ENTITIES = {"GPE", "LOC", "FAC"}
# Support verbs whose subject receives the act ("received a call / a visit / an invitation from X").
RECEIVING_VERBS = {"receive", "get", "accept"}
# Nouns naming the start or the going on of an event, which stand in for it before a support verb.
ONSET_NOUNS = {"opening", "launch", "launching", "start", "beginning", "resumption", "continuation", "reopening",
               "establishment", "setting"}
# Nouns counting events, which stand in for them before a support verb ("carried out dozens of air strikes").
SERIES_NOUNS = {"dozens", "dozen", "hundreds", "scores", "series", "wave", "spate", "string", "number", "round",
                "couple", "handful", "flurry", "succession", "campaign", "list", "set", "package", "raft", "slew"}


class NounTriggers:
    """Triggers on event nouns; mixed into TriggerMatcher, whose __init__ sets the patterns."""

    @staticmethod
    def _support_verb(noun: Token, pattern: Pattern) -> Token | None:
        """The light verb that carries an event noun ("launched an attack", "agreed to a truce")."""
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" \
                and (head.head.lemma_.lower() in ONSET_NOUNS or head.head.lower_ in SERIES_NOUNS):
            # "announced the opening of an investigation", "carried out dozens of air strikes": the onset or
            # counting noun stands where the event noun would
            return NounTriggers._support_verb(head.head, pattern)
        if noun.dep_ == "attr" and lemma(head) == "be" and any(c.dep_ == "expl" for c in head.children):
            return head  # "there will be an agreement": the event exists, its agent is unsaid
        if noun.dep_ in ("dobj", "obj", "nsubjpass", "attr", "oprd") and is_verb(head):
            head_lemmas = verb_lemmas(head)
            for verb_words in pattern.support_verbs:
                if verb_words[0] not in head_lemmas:
                    continue
                if len(verb_words) > 1 and not any(
                    c.lower_ == verb_words[1] for c in head.children if c.dep_ in ("prt", "prep", "advmod")
                ):
                    continue
                return head
        if noun.dep_ == "pobj" and head.dep_ in ("prep", "agent") and is_verb(head.head):
            verb = head.head
            carrier_lemmas = verb_lemmas(verb)
            for verb_words in pattern.support_verbs:
                if verb_words[0] in carrier_lemmas and len(verb_words) > 1 and verb_words[1] == head.lower_:
                    return verb
            # "following talks with X": a participial preposition whose clause has a subject
            if head.lower_ == "following" and ("follow",) in pattern.support_verbs:
                return verb
        return None

    def _noun_trigger(self, noun: Token, pattern: Pattern, governed: bool = False) -> Trigger | None:
        if pattern.objects and not any(phrase_matches(o, pattern.objects) for o in prep_objects(noun, ("of",))):
            return None  # "the resumption of diplomatic ties": the noun needs its "of" complement
        if pattern.not_objects and any(phrase_matches(o, pattern.not_objects) for o in prep_objects(noun, ("of",))):
            return None
        if pattern.not_modifiers and any(c.lemma_.lower() in pattern.not_modifiers or c.lower_ in pattern.not_modifiers
                                         for c in noun.children if c.dep_ in ("amod", "compound", "nmod")):
            return None  # "a trade war", "a legal battle": another sense of the noun
        if pattern.modifiers and not any(c.lemma_.lower() in pattern.modifiers or c.lower_ in pattern.modifiers
                                         for c in noun.children if c.dep_ in ("amod", "det", "predet", "compound")):
            return None  # "similar steps", not any steps
        support = self._support_verb(noun, pattern)
        sources: list[Token] = []
        # "in a July 25 phone call, Trump asked Zelensky ...", "during a state visit to Beijing": a meeting
        # that frames the clause's act
        clause_verb = _framed_verb(noun) if support is None and pattern.code[:2] in PURPOSE_NOUN_ROOTS else None
        # ("we are in agreement": a bare noun in such a phrase is a state of affairs, not a meeting)
        framing = clause_verb is not None and (pattern.standalone or any(
            c.dep_ in ("det", "poss", "amod", "compound", "nummod", "nmod") for c in noun.children))
        if support is not None:
            found, agentive = subjects(support)
            sources = found if agentive else []
        elif not (pattern.standalone or governed or framing):
            return None
        # "during a Washington visit", "begins Turkey visit": a place name modifying a visit is where it goes
        destinations = [c for c in noun.lefts if c.dep_ == "compound" and c.ent_type_ in PLACE_ENTITIES] \
            if pattern.code[:3] in VISIT_CODES else []
        if not sources:
            # "a Georgian attack", "Russia's offensive", "the Russian-brokered ceasefire", "an attack by X"
            sources = [c for c in noun.lefts if c.dep_ in NOUN_MODIFIER_DEPS and c.pos_ in ("PROPN", "ADJ", "NOUN")
                       or c.dep_ == "poss" and c.lower_ in ("its", "their")]  # "its occupation of Kuwait"
            sources += prep_objects(noun, ("by",))
            # "drone attacks claimed by the Houthis", "a bomb planted by PKK militants": the author
            sources += [a for acl in noun.children if acl.dep_ == "acl" and lemma(acl) in AUTHORING_PARTICIPLES
                        for a in agents(acl)]
            # "India-Pakistan talks", "Israeli-Palestinian negotiations": the first of a hyphenated pair
            # hangs on the second
            sources += [c for m in list(sources) for c in m.children if c.dep_ in NOUN_MODIFIER_DEPS
                        and c.i + 2 == m.i and c.doc[c.i + 1].text in ("-", "–") and c not in sources]
            sources = [c for c in sources if c not in destinations]
        summarised = _summarised_clause(noun) if not sources and support is None else None
        if summarised is not None:
            # "destroyers sailed through the Taiwan Strait, a show of force likely to anger Beijing": a noun
            # after a comma that sums up the clause before it names the clause's act; its doers are the
            # clause's (and whom it is aimed at, the one it is said to anger or be aimed at)
            found, agentive = subjects(summarised)
            sources = found if agentive else []
            # ("likely to anger Tokyo", "aimed at Taiwan", "meant to intimidate Seoul")
            described = ([noun.head] if noun.dep_ == "nsubj" else []) + children(noun, {"amod", "acl"})
            effects = described + [x for d in described for x in children(d, {"xcomp"})]
            summary_targets = [o for e in effects for o in children(e, {"dobj"}) + prep_objects(e, ("at", "against"))]

        if framing:
            # "a lavish state visit", "a July 25 phone call": a common adjective or a date names no party
            sources = [c for c in sources if not (c.pos_ == "ADJ" and c.text.islower()) and c.ent_type_ != "DATE"]
        if framing and all(c.pos_ == "NOUN" and c.dep_ == "compound" for c in sources):
            # "Prodi flew to Tirana for talks with Fino", "Putin said after a telephone discussion with X":
            # a meeting in a purpose or time phrase is held by the clause's subject (a common-noun
            # modifier, "telephone", names the means, not a party)
            found, agentive = subjects(clause_verb)
            sources = (found if agentive else []) or sources
        if support is None and pattern.code[:2] in PURPOSE_NOUN_ROOTS and noun.dep_ == "pobj" and not sources \
                and noun.head.dep_ == "prep" and noun.head.head.pos_ == "ADJ" and noun.head.head.dep_ == "acomp":
            # "he was very satisfied with discussions with Chaowalit": the talks of the one satisfied
            found, agentive = subjects(noun.head.head.head)
            sources = found if agentive else []
        if support is None and pattern.code[:2] in MANNER_NOUN_ROOTS and noun.dep_ == "pobj" \
                and noun.head.lower_ == "in" and is_verb(noun.head.head) \
                and noun.lemma_.lower() in MANNER_NOUNS and not sources:
            # "Bashir left Libya in defiance of UN sanctions", "walked out in protest": the manner of the
            # clause's act is its subject's
            verb = noun.head.head
            for _ in range(3):  # "flew pilgrims home in defiance of": the subject may sit a verb higher
                found, agentive = subjects(verb)
                if found or verb.head.i == verb.i:
                    break
                verb = verb.head
            sources = found if agentive else []
        preps = pattern.preps
        targets = prep_objects(noun, preps)
        if "of" in preps and "from" in preps:
            # "the withdrawal of Russia's forces from the country": with a "from" phrase, the "of" phrase is
            # what the act moves, not whom it is aimed at
            targets = prep_objects(noun, ("from",)) or targets
        for complement in prep_objects(noun, ("of",)) if pattern.objects else ():
            # "the resumption of ties with X": the preposition hangs on the complement
            targets = targets or prep_objects(complement, preps)
        if not targets and support is not None:
            targets = prep_objects(support, preps)
            if not targets and pattern.target == "object":
                targets = [d for d in children(support, {"dative"}) if d.pos_ in ("PROPN", "NOUN", "PRON")]
        targets = targets or destinations or (summary_targets if summarised is not None else [])
        if not targets and framing and pattern.code[:3] not in VISIT_CODES:
            # "in a phone call, Trump asked Zelensky to ...": the one the framed act is addressed to
            targets = [o for o in children(clause_verb, OBJECT_DEPS | {"dative"})
                       if o.pos_ in ("PROPN", "PRON") or o.ent_type_ == "PERSON"]
        if pattern.target == "none":
            targets = []
        content: list[Token] = []
        if not targets and support is not None and pattern.code[:2] in POSTURE_ROOTS:
            content = posture_aims(support)  # "ordered a mobilisation in response to Russia's build-up"
        if pattern.content_parties and not targets:
            # "an agreement that will create a legal base for troops on the territories of the republics"
            content = [t for t in noun.subtree if t.i != noun.i and t.pos_ in ("PROPN", "NOUN")
                       and t.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass")]
        if not targets and not content and support is None and pattern.code[:2] in ("18", "19", "20") \
                and noun.dep_ == "nsubj" and is_verb(noun.head):
            # "drone attacks knocked out half of Saudi Arabia's oil output": the owner named of what the act hit
            content = [p for o in children(noun.head, OBJECT_DEPS) for t in [o, *prep_objects(o, ("of",))]
                       for p in children(t, {"poss"})]
        if support is not None and lemma(support) in RECEIVING_VERBS:
            # "Modi received a telephone call from Trump": the caller is the source, the receiver the target
            senders = (prep_objects(noun, ("from", "of")) or prep_objects(support, ("from",))
                       or [c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")])
            if senders:
                receivers = subjects(support)[0]
                sources, targets = senders, receivers
        symmetric = pattern.symmetric
        if "between" in preps:
            # "talks between Hamas and Fatah" are theirs, whoever holds or hosts them
            between = prep_objects(noun, ("between", "among"))
            if not between and noun.dep_ in ("nsubj", "nsubjpass") and is_verb(noun.head):
                between = prep_objects(noun.head, ("between", "among"))  # "talks were held between A and B"
            if len(between) == 1 and between[0].tag_ == "NNS" and not between[0].conjuncts \
                    and not any(c.dep_ in ("poss", "amod", "compound") for c in between[0].children) \
                    and prep_objects(between[0], ("of",)) \
                    and (len(sources) > 1 or any(s.conjuncts for s in sources)):
                # "Obama and Castro held the first meeting between leaders of their countries": the named
                # pair, not the plural noun that describes them
                targets, symmetric = [], True
            elif between:
                sources, targets, symmetric = between, [], True
        anchor = support or summarised or noun
        words = f"{support.text} … {noun.text}" if support is not None else noun.text
        if support is not None and support.i < noun.i and support.i + 4 >= noun.i:
            words = noun.doc[support.i : noun.i + 1].text
        unsaid = support is not None and lemma(support) == "be"
        return Trigger(pattern, noun, anchor, sources, targets, pattern.code, words=words, symmetric=symmetric,
                       unsaid_agent=unsaid, fallback_targets=content, summary=summarised is not None)


def _summarised_clause(noun: Token) -> Token | None:
    """The verb of the clause a noun set off after it by a comma sums up ("sailed through the strait, a
    show of force"): the comma hangs on that verb, and the noun phrase starts with "a" or "an"."""
    start = noun.left_edge
    if start.i < 2 or start.lower_ not in ("a", "an") or start.nbor(-1).text != ",":
        return None
    verb = start.nbor(-1).head
    return verb if is_verb(verb) and verb.i < noun.i else None


def _framed_verb(noun: Token) -> Token | None:
    """The verb whose act a meeting noun in a purpose or time phrase frames: "flew to Tirana for talks",
    "praised Xi as a special man during a state visit" (the phrase hung on a noun of the verb's phrase)."""
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep" or not (
            noun.head.lower_ in PURPOSE_PREPS or noun.head.lower_ == "on" and noun.lemma_.lower() in TRAVEL_NOUNS):
        return None
    head = noun.head.head
    if noun.head.lower_ == "for" and head.pos_ == "NOUN" and lemma(head) in WANTING_NOUNS:
        return None  # "their proposal for peace talks", "calls for talks": talks wanted, not held
    for _ in range(3):
        if is_verb(head):
            return head
        if head.dep_ not in ("pobj", "dobj", "attr") or head.head.i == head.i:
            return None
        head = head.head if head.dep_ != "pobj" else head.head.head
    return None
