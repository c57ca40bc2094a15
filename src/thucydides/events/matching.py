"""Trigger matching: which pattern a verb or an event noun fires, with the phrases of its arguments.

A verb pattern fires on a verb with the pattern's lemma when its constraints hold (particle, object,
instrument). A noun pattern fires on an event noun: with a support verb ("launched an attack", the
verb's subject is the source) or, when the pattern allows, on its own ("a Russian attack", "the
talks between A and B"); nouns.py (NounTriggers, mixed in here) holds that half. A governing verb ("agreed to withdraw", "threatened to impose sanctions",
"urged Russia to release") takes its code from the act it governs through the pattern set's act maps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from typing import NamedTuple

from spacy.tokens import Token

from ..actors.context import HEAD_NOUNS
from ..knowledge.patterns import Pattern, PatternSet
from .adjectives import adjective_candidates, adjective_trigger
from .aims import NESTED_PARTNER_ROOTS, POSTURE_ROOTS, nested_partners, posture_aims
from .arguments import (
    CONDITION_MARKS,
    FUTURE_MODALS,
    OBJECT_DEPS,
    children,
    conditional,
    controller_object,
    direct_objects,
    instrument_words,
    is_passive,
    is_verb,
    lemma,
    object_candidates,
    patients,
    prep_objects,
    subjects,
    to_nouns,
    verb_lemmas,
)
from .nouns import NounTriggers
from .phrases import hyphen_word, phrase_match_length, phrase_matches
from .speakers import quoted_before
from .trigger import Trigger

# "agree / promise to <an act no pattern knows>" still expresses intent to cooperate.
PLAIN_INTENT_VERBS = {"agree", "promise", "pledge", "vow", "offer", "commit", "undertake"}
# Verbs that commit the speaker to the act in the hearing of others: with a harmful act, a threat.
COMMISSIVE_VERBS = {"promise", "pledge", "vow", "swear", "threaten", "warn"}
# "A and B agreed to X": each agrees with the other.
MUTUAL_VERBS = {"agree"}
# Governed acts are coded through the governing verb (the act itself did not happen), except an
# accusation's or a denial's act, which is coded too, as a reported claim (CODING.md).
NON_CONSUMING = {"accuse", "deny", "allege"}
# Prepositions that introduce a governed act ("accused X of bombing", "called for the release of").
ACT_PREPS = {"of", "for", "to", "from", "on", "with", "against"}
# Prepositions that attach an event to a passive clause ("killed in clashes with", "after a shootout with").
EVENT_PHRASE_PREPS = {"in", "after", "during", "following", "amid"}


# Verbs that demand only with a mandative clause ("insisted that X withdraw"), else assert.
ASSERTING_DEMAND_VERBS = {"insist", "urge", "stress", "maintain"}
MANDATIVE_MODALS = {"should", "must", "shall"}
# Verbs of will whose negation refuses the act ("did not want to meet", "does not intend to withdraw").
WILLING_VERBS = {"want", "wish", "intend", "plan", "agree", "accept", "like"}
# Verbs of saying that demand only with a must/should clause ("said Israel must withdraw"), nothing else
# ("said to have fled" and "said Iran would comply" are no demands).
SAYING_VERBS = {"say", "add", "tell", "declare", "state", "reiterate", "write", "repeat", "restate"}
# What another party must know or admit is an opinion about them, not a demand ("the treaty parties must
# acknowledge that ...", as requests.py leaves out what others must say).
KNOWING_VERBS = {"acknowledge", "understand", "realize", "realise", "know", "remember", "admit", "believe",
                 "think", "say"}


def mandative(clause: Token) -> bool:
    """A clause that says what must be done: a bare verb ("that Iran halt") or should/must."""
    auxiliaries = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in MANDATIVE_MODALS for a in auxiliaries):
        return True
    return clause.tag_ == "VB" and not auxiliaries and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)


# Verbs of taking part whose object is the act governed ("refused to attend the meeting").
TAKING_PART_VERBS = {"attend", "join", "participate", "go", "come", "sit", "enter", "boycott", "skip", "show", "turn",
                     "appear"}
# Modals of a that-clause that make agreeing to it settling terms ("agreed that they would restore ties").
SETTLING_MODALS = FUTURE_MODALS | {"should", "must"}
# Reaching or signing an agreement: agreeing on one is that, not an intent.
AGREEMENT_CODE = "057"
# Acts only a state's authorities do: passive with no agent named, the place where they happened names it.
PLACE_AGENT_ROOTS = {"17"}


# Violent acts whose victims may be named around the deadly event rather than as the verb's object.
HARM_PHRASE_ROOTS = {"18", "19", "20"}


class TriggerMatcher(NounTriggers):
    """Finds the patterns a token fires, most specific first."""

    def __init__(self, patterns: PatternSet):
        self.patterns = patterns
        # Per-token argument lists, reused by every candidate pattern of one token.
        self._memo: dict[tuple, list[Token]] = {}
        self._memo_doc = None  # the Doc itself: an id() may be reused by a later document
        self._memo_i = -1
        # Each sentence's words as (form, lemma) pairs, read once for every context pattern of every verb
        # in it: reading spaCy attributes token by token, per pattern, was the coder's main cost.
        self._forms: dict[int, list[tuple[str, str]]] = {}
        self._forms_doc = None

    def _cached(self, verb: Token, key: tuple, compute) -> list[Token]:
        if verb.doc is not self._memo_doc or verb.i != self._memo_i:
            self._memo.clear()
            self._memo_doc, self._memo_i = verb.doc, verb.i
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def _objects(self, verb: Token, particles) -> list[Token]:
        return self._cached(verb, ("objects", particles), lambda: object_candidates(verb, particles, HEAD_NOUNS))

    def _particles(self, verb: Token) -> set[str]:
        return self._cached(verb, ("particles",), lambda: set(verb_particles(verb)))

    def _instruments(self, verb: Token) -> list[Token]:
        return self._cached(verb, ("instruments",), lambda: list(instrument_words(verb)))

    def _context(self, verb: Token) -> tuple[list[tuple[str, str]], int]:
        """The words of the verb's sentence (sentence_forms) and the verb's place among them."""
        def compute() -> tuple[list[tuple[str, str]], int]:
            sent = verb.sent
            if verb.doc is not self._forms_doc:
                self._forms.clear()
                self._forms_doc = verb.doc
            forms = self._forms.get(sent.start)
            if forms is None:
                forms = self._forms[sent.start] = sentence_forms(sent)
            return forms, verb.i - sent.start
        return self._cached(verb, ("context",), compute)  # type: ignore[return-value]

    def candidates(self, token: Token) -> list[Pattern]:
        stances = adjective_candidates(token, self.patterns)
        if stances:  # "is opposed to the plan": the stance, before the passive of "oppose"
            return stances
        if is_verb(token):
            found = list(self.patterns.by_verb.get(lemma(token), ()))
            if not found and token.lower_ != lemma(token):
                for stem in verb_lemmas(token)[1:]:  # "staged" read as "stag"
                    found = list(self.patterns.by_verb.get(stem, ()))
                    if found:
                        break
            if any(c.dep_ in ("xcomp",) for c in token.children):
                # "agreed to withdraw": the control reading comes before "agree with"
                found.sort(key=lambda p: p.governs is None)
            if token.tag_ == "VBG" and (token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") or (
                    token.dep_ == "ROOT" and token.i == token.sent.start)) \
                    and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "aux") for c in token.children):
                # "Fighting between Azerbaijani and Armenian forces flared": a gerund used as a noun
                found += list(self.patterns.by_noun.get(token.lower_, ()))
            return found
        if token.pos_ in ("NOUN", "PROPN"):
            found = list(self.patterns.by_noun.get(lemma(token), ()))
            if not found and token.lower_ != lemma(token):
                found = list(self.patterns.by_noun.get(token.lower_, ()))
            hyphenated = hyphen_word(token)
            if hyphenated:
                found = list(self.patterns.by_noun.get(hyphenated, ())) + found
            return found
        return []

    def matches(self, token: Token, allow_governing: bool = True, governed: bool = False,
                accepts: Callable[[Trigger], bool] | None = None) -> Iterator[Trigger]:
        """Every pattern that fires on `token`, most specific first.

        `governed`: the token is the act of a governing verb ("threatened sanctions"), so an event
        noun needs no support verb of its own. `accepts` checks what needs the actors (a pattern's
        subject_role) for the act a governing verb governs.
        """
        found: list[tuple[int, int, Trigger]] = []
        for order, pattern in enumerate(self.candidates(token)):
            if pattern.governs and not allow_governing and pattern.governs != "mirror":
                continue  # a mirror ("retaliate for X") is an act with X's code, so it may be governed
            if pattern.is_noun:
                length = phrase_match_length(token, pattern.lemmas)
                if not length:
                    continue
                length += bool(pattern.modifiers)  # "a scathing attack" over "an attack"
                trigger = self._noun_trigger(token, pattern, governed)
            elif pattern.is_adjective:
                trigger = adjective_trigger(token, pattern)
                if trigger is None:
                    continue
                length = 0
            else:
                trigger = self._verb_trigger(token, pattern, accepts)
                if trigger is None:
                    continue
                length = self._verb_match_length(token, pattern)
            if trigger is not None:
                found.append((order, length, trigger))
        if not found:
            return
        # The longer phrase wins ("humanitarian aid" over "aid"), then the candidate order.
        # A governing verb that found its act comes first ("called for a boycott against X").
        control_first = is_verb(token) and any(c.dep_ == "xcomp" for c in token.children)
        found.sort(key=lambda item: (item[2].pattern.target != "condition",
                                     not (item[2].pattern.governs and (item[2].act is not None or control_first)),
                                     -item[1], item[0]))
        for _order, _length, trigger in found:
            yield trigger

    def _holds_act(self, clause: Token) -> bool:
        """Does a clause code an act of its own: its verb or a verb of its clauses ("said Arnor is about to
        restore ties"), not a noun's modifier ("a pleasant place to visit")?"""
        return any(self.match(t, allow_governing=False) is not None for t in clause.subtree
                   if t.pos_ == "VERB" and t.dep_ not in ("acl", "relcl", "amod") and self.candidates(t))

    def _verb_match_length(self, verb: Token, pattern: Pattern) -> int:
        length = 0
        if pattern.objects:
            length = max((phrase_match_length(o, pattern.objects)
                          for o in self._objects(verb, pattern.particles)), default=0)
        if pattern.instruments:
            length = max([length] + [phrase_match_length(w, pattern.instruments) for w in self._instruments(verb)])
        return length

    def match(self, token: Token, allow_governing: bool = True, governed: bool = False,
              accepts: Callable[[Trigger], bool] | None = None) -> Trigger | None:
        for trigger in self.matches(token, allow_governing, governed, accepts):
            if accepts is None or accepts(trigger):
                return trigger
        return None

    # ------------------------------------------------------------------ verbs

    def _verb_trigger(self, verb: Token, pattern: Pattern, accepts=None) -> Trigger | None:
        if pattern.particles and not self._particles(verb) & set(pattern.particles):
            return None
        if pattern.forms and verb.lower_ not in pattern.forms:
            return None
        if (pattern.before or pattern.after) and not context_matches(verb, pattern.before, pattern.after,
                                                                     self._context(verb)):
            return None
        if pattern.objects and not any(
            phrase_matches(o, pattern.objects) for o in self._objects(verb, pattern.particles)
        ):
            return None
        if pattern.not_objects and any(
            phrase_matches(o, pattern.not_objects) for o in self._objects(verb, pattern.particles)
        ):
            return None  # "struck a deal": another sense of the verb
        # per verb, not per candidate pattern (a common verb has dozens): both read the verb's children
        passive = self._cached(verb, ("passive",), lambda: is_passive(verb))
        owned: list[Token] = []  # a passive's subject that names its owner as the source
        if pattern.no_that_clause and any(
                c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                and not any(a.dep_ == "aux" and a.lower_ in SETTLING_MODALS for a in c.children)
                for c in verb.children):
            # "agreed on Saturday that the hosts were lucky": a view shared, no terms settled ("agreed that they
            # would restore ties" settles them)
            return None
        if pattern.intransitive and not passive and any(c.dep_ in ("dobj", "obj", "ccomp") for c in verb.children):
            # "flew 100 pilgrims to Saudi Arabia": a transport, not a journey; "conceded that he had lost",
            # "submitted the document": an admission, a delivery, not a yielding
            return None
        predicates = [c for c in verb.children if c.dep_ == "oprd"]
        predicates += [c for p in predicates for c in p.children if c.dep_ == "conj"]  # "'remnants and fascists'"
        if pattern.predicates and not predicates:
            # "called Turkey's downing of the jet 'a stab in the back'": the parser hangs the name on the object
            predicates = [a for o in children(verb, {"dobj"}) for a in o.children if a.dep_ == "appos"]
        if pattern.predicates:
            # "a move Kiev described as a direct invasion": the name given after "as"
            predicates += [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "as"
                           for o in p.children if o.dep_ == "pobj" or o.dep_ in ("amod", "acomp") and o.pos_ == "ADJ"]
            # ("described the decision as unacceptable": the parser hangs the adjective on "as")
        if pattern.target == "clause" and pattern.predicates:
            # "said the trial was unconstitutional": the predicate of the reported copular clause, whose
            # subject is none of `not_object` ("said the bombing was a crime" blames no one it names)
            predicates += [p for clause in verb.children if clause.dep_ == "ccomp" and lemma(clause) == "be"
                           and not any(c.dep_ == "neg" for c in clause.children)
                           and not any(c.dep_ == "nsubj" and pattern.not_objects and phrase_matches(c, pattern.not_objects)
                                       for c in clause.children)
                           for p in clause.children if p.dep_ in ("acomp", "attr")]
            # "said Moscow had failed to cooperate": the reported clause's own verb
            predicates += [c for c in verb.children if c.dep_ == "ccomp" and c.pos_ == "VERB" and lemma(c) != "be"
                           and not any(n.dep_ == "neg" for n in c.children)]
        if pattern.no_predicate and predicates:
            return None  # "called Bush a liar": a name given, not a call
        if pattern.aimed and not any(o.ent_type_ not in ("DATE", "TIME") and not phrase_matches(o, pattern.not_objects)
                                     for o in prep_objects(verb, pattern.preps)):
            return None  # "fired two missiles into the sea", "fired rockets on Sunday": aimed at nothing
        if pattern.predicates and not any(phrase_matches(w, pattern.predicates) for w in predicates):
            return None
        if pattern.instruments and not any(
            phrase_matches(w, pattern.instruments) for w in self._instruments(verb)
        ):
            return None
        found, agentive = self._cached(verb, ("subjects",), lambda: subjects(verb))
        sources = list(found) if agentive else []  # a fresh list, as subjects() gives one
        if pattern.patient_acts:
            state = verb.dep_ == "acomp" and verb.tag_ == "VBN"  # "said it was deeply disappointed by"
            if not (passive or state) or any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
                return None  # "are expected to deploy troops": the expected act is coded on its own
            # "Ikeda was expected in Lima": Ikeda is the one who comes ("it was deeply disappointed by":
            # the copula's subject is the one in that state)
            sources = subjects(verb.head)[0] if state else patients(verb)
        if passive and not sources and pattern.passive_from:
            sources = prep_objects(verb, pattern.passive_from)  # "were expelled from Canada"
        if passive and not sources:
            # "two Palestinians were killed in clashes with Israeli soldiers", "militants were arrested after
            # a shootout with the police": the other party of the event named around the verb did it
            sources = list(self._cached(verb, ("event_parties",), lambda: self._parties_of_event_phrase(verb)))
        if passive and not sources and pattern.owner_acts and verb.dep_ not in ("acl", "amod") \
                and not any(c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") or c.tag_ == "TO" for c in verb.children):
            # "French troops were sent to Mali": France sent its own troops ("US troops deployed in Iraq",
            # "troops are stationed in Korea" describe where they are, not an act; "wanted the force to be
            # sent" is a wish)
            sources = owned = patients(verb)
        if passive and not sources and pattern.code[:2] in PLACE_AGENT_ROOTS:
            # "ten Vietnamese were arrested in China": the authorities of the place did it
            sources = prep_objects(verb, ("in", "at"))
        if pattern.governs:
            return self._governing_trigger(verb, pattern, sources, accepts)
        # "supplies could be cut if Kiev does not pay, Miller said": a conditional harm with no agent
        # named is the speaker's own threat
        unsaid = passive and not sources and pattern.code[:2] >= "13" and conditional(verb)
        objects = direct_objects(verb)
        targets: list[Token] = []
        fallback: list[Token] = []
        if pattern.target == "object" and not pattern.objects:
            targets = patients(verb) if passive else objects
        if pattern.target == "condition":
            # "would defend Taiwan if China attacked": the one whose act would set it off
            targets = [s for clause in verb.children if clause.dep_ == "advcl"
                       and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in clause.children)
                       for s in clause.children if s.dep_ in ("nsubj", "nsubjpass")]
            if not targets:
                return None
            if pattern.preps:  # "would retaliate against Venezuela ... if they boost output": the one named
                targets = prep_objects(verb, pattern.preps) or targets
        if pattern.target == "clause":
            # "warned that Syria could stir up tension": the subject of the reported clause
            targets = [s for clause in verb.children if clause.dep_ == "ccomp" and is_verb(clause)
                       for s in clause.children if s.dep_ in ("nsubj", "nsubjpass")]
        if pattern.target == "any" and pattern.skip_targets:
            # PETRARCH's "IN ^ +": the phrases after the preposition, less the first ones skipped
            marks = [t for t in verb.subtree if t.i > verb.i and t.dep_ == "prep" and t.lower_ in pattern.preps]
            start = marks[0].i if marks else verb.i
            phrases = [t for t in verb_phrase_nouns(verb) if t.i > start and t.dep_ in ("pobj", "dobj")]
            targets = phrases[pattern.skip_targets:]
        elif pattern.target == "any":
            # PETRARCH's target: the actors of the verb phrase, its object and prepositional objects
            base = patients(verb) if passive else objects
            targets = base + prep_objects(verb, pattern.preps)
            for obj in base:
                targets += prep_objects(obj, pattern.preps)
            if not targets and pattern.after:
                # "vowed to retaliate against the United States", "warned it would take countermeasures against
                # Japan": when the words after the verb carry the act, the complement's own prepositional party
                targets = [o for clause in verb.children if clause.dep_ in ("xcomp", "ccomp") and is_verb(clause)
                           for o in prep_objects(clause, pattern.preps)
                           + [p for d in children(clause, OBJECT_DEPS) for p in prep_objects(d, pattern.preps)]]
            phrase_nouns = self._cached(verb, ("phrase_nouns",), lambda: verb_phrase_nouns(verb))
            fallback = [t for t in phrase_nouns if t not in targets]
            # "allowed that Mordor isn't a really pleasant place", "believes X and Y can cope": the
            # subject of the verb's clause is the phrase's actor, unless the clause holds an act of its own
            # (a pattern of several words reads the clause as its phrase in any case)
            fallback += [s for clause in verb.children if clause.dep_ == "ccomp"
                         and (pattern.after or pattern.before or not self._holds_act(clause))
                         for s in clause.children if s.dep_ in ("nsubj", "nsubjpass") and s not in fallback]
            # "expressed hopes that Osgiliath could be drawn into ...": the content clause of the object
            content = [s for obj in base for clause in obj.children if clause.dep_ in ("acl", "ccomp")
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
                       and not self._holds_act(clause)
                       for s in clause.children if s.dep_ in ("nsubj", "nsubjpass")]
            fallback = content + [t for t in fallback if t not in content]
        if pattern.target != "none" and not targets and pattern.preps:
            targets = prep_objects(verb, pattern.preps)
            for obj in objects + (patients(verb) if passive else []):
                targets = targets or prep_objects(obj, pattern.preps)
                # "imposed a new package of sanctions on Russia", "pledged 6 million pounds in aid for
                # Mozambique": the counted thing's own complement
                for inner in prep_objects(obj, ("of", "in")) if not targets else ():
                    targets = targets or prep_objects(inner, pattern.preps)
        if pattern.target != "none" and not targets and pattern.code[:2] in NESTED_PARTNER_ROOTS:
            fallback += [t for t in nested_partners(verb) if t not in fallback]
        if pattern.target != "none" and pattern.objects and not fallback and pattern.code[:2] not in POSTURE_ROOTS:
            # (troops sent or massed are the sender's own: never the one a posture faces)
            # "expelled two Indian diplomats", "turned down India's offer of talks": the object's owner
            # is the target when the prepositional phrases name no one
            fallback = patients(verb) if passive else objects
        if pattern.code[:2] in HARM_PHRASE_ROOTS and not passive:
            # "attacks at the US embassies killed 257 people", "the bombings killed 259 people, including
            # 12 Americans": whom the deadly event hit, when its dead are not named as actors
            events = [s for s in subjects(verb)[0] if s.pos_ == "NOUN" and self.patterns.by_noun.get(lemma(s))]
            events += [d for e in events for d in e.children if d.dep_ == "appos" and d.ent_type_ == "DATE"]
            fallback = fallback + [t for e in events for t in prep_objects(e, ("at", "on", "against", "targeting"))]
            fallback += [t for o in objects for t in prep_objects(o, ("including",))]
        if pattern.target == "none":
            targets, fallback = [], []
            if pattern.code[:2] in POSTURE_ROOTS:
                # "moved tanks to the Syrian border", "deployed troops to deter Russia": whom the posture
                # faces, though the place it goes to is no target
                fallback = posture_aims(verb)
        elif passive and pattern.passive_from and sources:
            # "were expelled from Canada": Canada is the agent; the ones expelled are the patients
            targets = [t for t in targets if t not in sources]
            fallback = fallback or patients(verb)
        if owned:  # the troops sent are the source's own, never the target
            targets = [t for t in targets if t not in owned]
            fallback = [t for t in fallback if t not in owned]
        if pattern.swap_roles:
            # "X received a pledge from Y", "X was freed from Y": the one named after the verb acts
            givers = prep_objects(verb, pattern.preps or ("from",))
            for obj in objects:
                givers = givers or prep_objects(obj, pattern.preps or ("from",))
            receivers = list(found) if found else (patients(verb) if passive else [])
            sources, targets, fallback = givers, receivers, []
        words = " ".join([verb.text] + [c.text for c in verb.children if c.dep_ == "prt"])
        about_event = pattern.target == "object" and any(
            o.pos_ == "NOUN" and self.patterns.by_noun.get(lemma(o)) for o in objects)
        return Trigger(pattern, verb, verb, sources, targets, pattern.code, words=words,
                       fallback_targets=fallback, about_event=about_event, unsaid_agent=unsaid)

    def _parties_of_event_phrase(self, verb: Token) -> list[Token]:
        for prep in children(verb, {"prep"}):
            if prep.lower_ not in EVENT_PHRASE_PREPS:
                continue
            for event in children(prep, {"pobj"}):
                if event.pos_ == "NOUN" and self.patterns.by_noun.get(lemma(event)):
                    parties = prep_objects(event, ("with", "by"))
                    if parties:
                        return parties
        return []

    def _governed_acts(self, verb: Token, family: str) -> list[Token]:
        """The acts a governing verb governs: its complement clauses and event nouns."""
        if family in ("deny", "allege"):
            # "denied that its warplanes had bombed a hospital": only a clause (a noun denied or reported,
            # "denied the accusations", "denied the attack", has patterns of its own)
            return [c for c in verb.children if c.dep_ == "ccomp" and is_verb(c)]
        if lemma(verb) in SAYING_VERBS:
            # "said Mobutu must quit": only an active clause with a modal of obligation is a demand; "Israel
            # must be wiped off the map" names no one to act, "the soldiers should be on the ground" is a plan
            clauses = [c for c in verb.children if c.dep_ == "ccomp" and is_verb(c) and lemma(c) != "be"
                       and any(a.dep_ == "aux" and a.lower_ in MANDATIVE_MODALS for a in c.children)
                       and not any(a.dep_ in ("auxpass", "nsubjpass") for a in c.children)]
            if lemma(verb) == "tell" and children(verb, OBJECT_DEPS | {"dative"}):
                # "told Washington to stay clear": telling someone to act is demanding it of them
                # ("told Iran to comply or face consequences" is a threat: 13-threaten.yaml)
                clauses += [c for c in verb.children if c.dep_ == "xcomp" and is_verb(c)
                            and any(a.tag_ == "TO" for a in c.children)
                            and not any(lemma(d) in ("face", "suffer", "bear") for d in c.conjuncts)]
            return clauses
        acts = [c for c in verb.children if c.dep_ == "xcomp" and is_verb(c)]
        acts += [c for c in verb.children if c.dep_ == "advcl" and _delayed_infinitive(verb, c)]
        # "ruled out sending troops": the parser often hangs a bare gerund complement as an adverbial
        acts += [c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > verb.i
                 and not any(g.dep_ in ("mark", "nsubj", "nsubjpass") for g in c.children)]
        if family in ("demand", "appeal", "threat", "accuse", "deny"):
            # a clause before the verb is its complement only as a quotation ('"We will strike," he warned');
            # "The ministry lashed out at Britain, a day after Hunt warned of ..." is a clause of its own
            clauses = [c for c in verb.children if c.dep_ == "ccomp" and is_verb(c)
                       and (c.i > verb.i or quoted_before(c))]
            if lemma(verb) in ASSERTING_DEMAND_VERBS:
                # "insisted that Iran halt enrichment" demands; "insisted its program is peaceful" asserts
                clauses = [c for c in clauses if mandative(c)]
            acts += clauses
        for prep in children(verb, {"prep"}):
            if prep.lower_ in ACT_PREPS:
                acts += [c for c in prep.children if c.dep_ in ("pcomp", "pobj") and (is_verb(c) or c.pos_ == "NOUN")]
        acts += [c for c in verb.children if c.dep_ in OBJECT_DEPS and c.pos_ == "NOUN"]
        for act in list(acts):
            acts += [c for c in act.conjuncts if (is_verb(c) or c.pos_ == "NOUN") and c.i > act.i]
        out = []
        for act in acts:
            taking_part = lemma(act) in TAKING_PART_VERBS or (
                lemma(act) == "take" and any(lemma(o) == "part" for o in children(act, OBJECT_DEPS)))
            if is_verb(act) and taking_part:
                # "refused to attend the meeting", "agreed to take part in talks": the event taken part in
                objects = [c for c in act.children if c.dep_ in OBJECT_DEPS and c.pos_ == "NOUN"]
                events = [o for o in objects if lemma(o) != "part"]
                events += [o for head in [act] + objects for p in children(head, {"prep"})
                           if p.lower_ in ("in", "at", "to", "for") for o in children(p, {"pobj"}) if o.pos_ == "NOUN"]
                if events:
                    out += events
                    continue
            out.append(act)
        return out

    def _governing_trigger(self, verb: Token, pattern: Pattern, sources: list[Token],
                           accepts=None) -> Trigger | None:
        """'agreed to withdraw', 'threatened sanctions', 'urged X to release': code from the act."""
        family = pattern.governs or "intent"
        acts = self._governed_acts(verb, family)
        own = [a for a in acts if not is_verb(a) and verb.i in (a.head.i, a.head.head.i)]  # not one taken part in
        if pattern.not_objects and any(phrase_matches(a, pattern.not_objects) for a in own):
            return None  # "asked X for support": a more specific pattern names that act
        controller = None
        for act in acts:
            controller = controller or (controller_object(act) if is_verb(act) else None)
        if lemma(verb) in SAYING_VERBS:
            # "told reporters that the Dalai Lama must cease": the one demanded of is the clause's subject,
            # not the one told
            controller = next((s for a in acts for s in children(a, {"nsubj"})), controller)
        if controller is None and family in ("demand", "appeal") and lemma(verb) not in SAYING_VERBS:
            objects = [o for o in children(verb, OBJECT_DEPS) if o.pos_ in ("PROPN", "PRON")]
            controller = objects[0] if objects else None
        code, inner, targets, words = None, None, [], verb.text
        inner_accepts = None
        if accepts is not None:
            def inner_accepts(t: Trigger) -> bool:  # "workers threatened a strike": the strikers are the subject
                return accepts(t if t.sources else replace(t, sources=sources))
        for act in list(acts):
            inner = self.match(act, allow_governing=False, governed=True, accepts=inner_accepts)
            if inner is None and is_verb(act) and family in ("intent", "allege", "deny"):
                # "agreed to resume talks", "pledged to provide aid", "said soldiers had committed mass
                # killings": a verb no pattern knows whose object is the event noun (the noun's pattern
                # knows the verb as its support)
                for noun in (o for o in children(act, OBJECT_DEPS) if o.pos_ == "NOUN"):
                    inner = self.match(noun, allow_governing=False, governed=True, accepts=inner_accepts)
                    if inner is not None:
                        acts.append(noun)
                        break
            if inner is not None:
                # "vowed to retaliate": a promise to do harm is a threat; a plan to do harm is the
                # harmful act itself, in the future ("plans an offensive")
                harmful = family == "intent" and inner.code[:2] >= "10"
                if harmful and lemma(verb) not in COMMISSIVE_VERBS:
                    return None
                if family == "threat" and inner.code[:2] < "10" and lemma(verb) == "warn":
                    return None  # "warned residents about scams": a warning, not a threat
                table = "threat" if harmful else family
                if family == "intent" and not harmful and (any(c.dep_ == "neg" for c in act.children) or (
                        lemma(verb) in WILLING_VERBS and any(c.dep_ == "neg" for c in verb.children))):
                    # "vowed not to cave in to pressure", "did not want to meet Kabila": a refusal
                    table = "refuse"
                if family == "mirror":
                    code = inner.code  # "retaliated for the sanctions": in kind
                elif family == "intent" and lemma(verb) == "agree" and inner.code == AGREEMENT_CODE \
                        and act.dep_ == "pobj" and act.head.lower_ in ("on", "upon") and table != "refuse":
                    return None  # "agreed on a Brexit deal": the deal is reached, no intent (V-agree-on-terms)
                elif lemma(verb) in SAYING_VERBS and (inner.code[:2] == "01" or lemma(act) in KNOWING_VERBS):
                    return None
                elif lemma(verb) in SAYING_VERBS and any(c.dep_ == "neg" for c in act.children):
                    code = pattern.code  # "said NATO must not expand": a demand, but not of the act named
                else:
                    mapped = self.patterns.act_code(table, inner.code)
                    code = mapped or pattern.code
                    if family == "allege" and (mapped is None or not inner.sources):
                        # "said Russia had agreed to talks": only a harm reported accuses, and only one
                        # whose doer it names ("75 people were killed, Red Cross officials said" accuses no one)
                        return None
                words = f"{verb.text} … {inner.words}" if act.i > verb.i + 3 else verb.doc[verb.i: act.i + 1].text
                if act.i < verb.i:  # "'Mobutu must quit,' he said"
                    words = f"{inner.words} … {verb.text}"
                break
        if inner is None:
            verbal_acts = [a for a in acts if is_verb(a)]
            nominal_acts = [a for a in acts if a.pos_ == "NOUN" and a.dep_ == "pobj"]
            if not verbal_acts and nominal_acts and family in ("demand", "appeal") and lemma(verb) in (
                    "call", "appeal", "demand", "press", "push", "urge", "ask", "plead"):
                # "called for a review of the government's policy": an appeal whatever the act
                addressee = controller if controller is not None else None
                targets = [addressee] if addressee is not None else prep_objects(verb, ("on", "to"))
                return Trigger(pattern, verb, verb, sources, targets, pattern.code,
                               words=f"{verb.text} … {nominal_acts[0].text}", consumed=acts,
                               fallback_targets=[nominal_acts[0]])
            if not verbal_acts and family == "refuse" and any(a.pos_ == "NOUN" for a in acts):
                # "ruled out the early return of German ambassadors": a refusal whatever the thing refused;
                # its owners are whom it is refused to
                nouns = [a for a in acts if a.pos_ == "NOUN"]
                return Trigger(pattern, verb, verb, sources, prep_objects(verb, pattern.preps or ("to",)),
                               pattern.code, words=f"{verb.text} … {nouns[0].text}", consumed=acts,
                               fallback_targets=nouns + [o for n in nouns for o in prep_objects(n, ("of", "for"))])
            if verbal_acts and family in ("demand", "appeal"):
                # "demanded that his government take over security": a demand whatever the act
                if lemma(verb) in SAYING_VERBS and lemma(verbal_acts[0]) in KNOWING_VERBS:
                    return None
                addressee = controller if controller is not None else next(
                    (s for a in verbal_acts for s in subjects(a)[0]), None)
                if addressee is None or addressee in sources:
                    return None  # "an official who asked not to be identified": of his own conduct
                words = f"{verb.text} … {verbal_acts[0].text}" if verbal_acts[0].i > verb.i \
                    else f"{verbal_acts[0].text} … {verb.text}"
                return Trigger(pattern, verb, verb, sources, [addressee], pattern.code, words=words, consumed=acts)
            if verbal_acts and family == "threat" and (lemma(verb) == "threaten" or lemma(verb) == "warn" and any(
                    c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in c.children)
                    for c in verbal_acts[0].children)):
                # "threatened to turn Seoul into a sea of fire": a threat whatever the harm, to the one it names
                # ("warned he would destroy Turkey's economy if Ankara ...": a harm made conditional is one too)
                harmed = [o for a in (verbal_acts[0], *verbal_acts[0].conjuncts) for o in children(a, OBJECT_DEPS)
                          if o.pos_ in ("PROPN", "NOUN")]
                # "threatened to launch a nuclear strike against the United States": the act's own target
                harmed = [t for o in harmed for t in (prep_objects(o, ("against", "on", "upon")) or [o])]
                if harmed:
                    return Trigger(pattern, verb, verb, sources, harmed, pattern.code,
                                   words=f"{verb.text} to {verbal_acts[0].text}", consumed=acts)
            if not verbal_acts or lemma(verb) not in PLAIN_INTENT_VERBS or family != "intent":
                return None
            code = pattern.code
            words = f"{verb.text} to {verbal_acts[0].text}"
            if not prep_objects(verb, pattern.preps or ("with", "to")):
                return None  # "offered to forego their raises": an intent, but towards no one
        if family == "mirror":
            targets = prep_objects(verb, pattern.preps or ("against",)) or inner.targets or inner.fallback_targets
            return Trigger(pattern, verb, verb, sources, targets, code, words=words, consumed=acts, act=inner,
                           fallback_targets=inner.sources)
        if family in ("demand", "appeal"):
            targets = [controller] if controller is not None else (inner.sources if inner else [])
            if not targets and inner is not None:
                targets = inner.targets
            if not targets and inner is not None and inner.token.pos_ == "NOUN":
                # "demanded an apology from Tokyo": the one asked
                targets = prep_objects(verb, ("from",)) or prep_objects(inner.token, ("from",))
        else:
            # the act's own fallback (its object's owner) stays a fallback, checked like any other
            # ("ruled out sending troops": troops the story does not place are not a target)
            targets = inner.targets if inner is not None else []
            if family == "refuse" and inner is not None and inner.token.pos_ == "NOUN":
                # "declined Russia's request", "declined the request from Austria": the one refused asked
                asker = [s for s in inner.sources if s not in sources] or prep_objects(inner.token, ("from", "by"))
                targets = asker or targets
        fallback = prep_objects(verb, pattern.preps or ("with", "to", "against", "on"))
        if not targets and not fallback and inner is not None and family not in ("demand", "appeal", "mirror"):
            fallback = list(inner.fallback_targets)
        if family == "threat":
            # "Pyongyang warned Seoul that it would retaliate": the one warned is the target
            fallback = fallback or [o for o in children(verb, OBJECT_DEPS | {"dative"})
                                    if o.pos_ in ("PROPN", "NOUN", "PRON")]
        if family in ("accuse", "allege"):
            # "Syria was accused by Human Rights Watch of torture": the passive subject is the accused
            accused = patients(verb) if is_passive(verb) else [o for o in children(verb, OBJECT_DEPS)]
            if not accused and inner is not None and any(a.dep_ == "ccomp" for a in acts):
                accused = list(inner.sources)  # "charged that Indian troops killed civilians": the troops
            fallback = accused or fallback
            targets = fallback
        consumed = [] if family in NON_CONSUMING else acts
        return Trigger(pattern, verb, verb, sources, targets, code, words=words,
                       symmetric=lemma(verb) in MUTUAL_VERBS, consumed=consumed, act=inner,
                       fallback_targets=fallback)

    # ------------------------------------------------------------------ nouns

def _delayed_infinitive(verb: Token, clause: Token) -> bool:
    """"threatened on Monday to impose sanctions", "agreed Tuesday to withdraw": a time phrase between the verb
    and its infinitive makes the parser hang the infinitive as a purpose clause; it is the complement."""
    if clause.i < verb.i or not is_verb(clause) or any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in clause.children):
        return False
    to = clause.left_edge
    if to.tag_ != "TO" or to.head.i != clause.i:
        return False
    between = [t for t in verb.doc[verb.i + 1:to.i] if not t.is_punct]
    adverbials = {t.i for c in verb.children if c.dep_ in ("prep", "npadvmod", "advmod") and verb.i < c.i < to.i
                  for t in c.subtree}
    return bool(between) and all(t.i in adverbials for t in between)


# Prepositions that make a prepositional verb with a following object ("call on X", "pull out from X").
# Others ("in", "down", "up", "over") count as particles only when the parser says so ("give in",
# "back down"): "given $200 in the last ten years" is no "give in".
PREPOSITIONAL_PARTICLES = {"on", "upon", "for", "with", "into", "of", "from", "at", "to", "against", "about",
                           "by", "out", "off", "under", "as", "behind", "via", "over"}


def verb_particles(verb: Token) -> list[str]:
    """The particles and prepositions a verb takes as part of a phrasal or prepositional verb."""
    out = []
    phrasal = any(c.dep_ == "prt" for c in verb.children)
    for child in verb.children:
        if child.dep_ in ("prt", "advmod"):
            out.append(child.lower_)
        elif child.dep_ in ("prep", "agent") and child.lower_ in PREPOSITIONAL_PARTICLES and not (
                phrasal and any(o.dep_ == "pobj" and o.ent_type_ in ("DATE", "TIME") for o in child.children)):
            # ("called off the talks on Saturday" is no "call on": a phrasal verb's day is a day)
            out.append(child.lower_)
    if to_nouns(verb):
        out.append("to")  # "agreed to talks": a prepositional verb, whatever the parse
    after = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    if after is not None and after.dep_ == "quantmod" and after.lower_ in ("over", "back") and after.head.like_num:
        out.append(after.lower_)  # "handed over 24 sailors": the parser reads "over 24" as "more than 24"
    return out


def sentence_forms(tokens: Iterable[Token]) -> list[tuple[str, str]]:
    """Each token's lower-case form and lemma, the two things a context word is compared with."""
    return [(t.lower_, lemma(t)) for t in tokens]


def _word_matches(form: tuple[str, str], word: str) -> bool:
    """A context word: the token's form or lemma; a word of five letters or more also matches the
    words it begins (PETRARCH's stems: "CONTRIBUT")."""
    lower, lemma_ = form
    return word == lower or word == lemma_ or (len(word) >= 5 and lower.startswith(word))


class _Item(NamedTuple):
    """One context item, prepared: `words`, an alternative of one word each (found with two set
    tests and one startswith at a position); `phrases`, the item's alternatives as word tuples when
    one has several words (or none), compared word by word."""
    words: frozenset[str]
    stems: tuple[str, ...]  # the words of five letters or more, which also match words they begin
    phrases: tuple[tuple[str, ...], ...] | None


@cache  # keyed by the patterns' own context tuples: bounded by the pattern set
def _sequence_items(items: tuple[str, ...]) -> tuple[_Item, ...]:
    """The items of a pattern's context, split once per pattern rather than at every position tried."""
    out = []
    for item in items:
        alternatives = tuple(tuple(alternative.split()) for alternative in item.split("|"))
        single = [words[0] for words in alternatives if len(words) == 1]
        phrases = None if len(single) == len(alternatives) else alternatives
        out.append(_Item(frozenset(single), tuple(w for w in single if len(w) >= 5), phrases))
    return tuple(out)


def _find_sequence(forms: Sequence[tuple[str, str]], items: Sequence[str]) -> bool:
    """Do the items occur in order in `forms` (sentence_forms)? Each item is alternatives joined by
    "|", each alternative one word or several consecutive words; an item is found at the first
    position where one of its alternatives matches, and the next is looked for after it."""
    position = 0
    size = len(forms)
    for item in _sequence_items(tuple(items)):
        found = None
        if item.phrases is None:
            words, stems = item.words, item.stems
            for start in range(position, size):
                lower, lemma_ = forms[start]
                if lower in words or lemma_ in words or (stems and lower.startswith(stems)):
                    found = start + 1
                    break
        else:
            for start in range(position, size):
                for phrase in item.phrases:  # in order: the first that matches here says where it ends
                    if start + len(phrase) <= size and (not phrase or _word_matches(forms[start], phrase[0])) \
                            and all(_word_matches(forms[start + k], w) for k, w in enumerate(phrase[1:], 1)):
                        found = start + len(phrase)
                        break
                if found is not None:
                    break
        if found is None:
            return False
        position = found
    return True


def context_matches(verb: Token, before: Sequence[str], after: Sequence[str],
                    context: tuple[list[tuple[str, str]], int] | None = None) -> bool:
    """The words a pattern needs before and after its verb, in order, within the verb's sentence.
    `context`: the sentence's sentence_forms and the verb's index in them, when the caller has them."""
    if context is None:
        sent = verb.sent
        context = sentence_forms(sent), verb.i - sent.start
    forms, at = context
    if before and not _find_sequence(forms[:at], before):
        return False
    return not after or _find_sequence(forms[at + 1:], after)


# Links that open a clause of its own: its nouns are not the verb's arguments.
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "csubj", "parataxis", "conj", "mark", "nsubj", "nsubjpass"}


def verb_phrase_nouns(verb: Token) -> list[Token]:
    """The nouns of a verb's phrase after it, in order ("called for a boycott against X", "criticized the
    closure of houses in X"): PETRARCH's target is the first actor there. Nouns inside another clause
    are not the verb's; a participle on a noun ("the roads leading into X") is part of the phrase."""
    out = []
    for token in verb.subtree:
        if token.i <= verb.i or token.pos_ not in ("NOUN", "PROPN"):
            continue
        current, inside = token, True
        while current.i != verb.i:
            if current.dep_ in CLAUSE_DEPS or (is_verb(current) and current.dep_ not in ("acl", "amod")):
                inside = False
                break
            current = current.head
        if inside:
            out.append(token)
    return out


def governing_chain(token: Token, limit: int = 4) -> Iterator[Token]:
    """The verbs above a token through clause links ("struck X, killing 12": killing -> struck)."""
    current = token
    for _ in range(limit):
        if current.dep_ not in ("advcl", "conj", "xcomp", "ccomp", "relcl", "acl", "pcomp", "prep", "pobj") \
                or current.head.i == current.i:
            return
        current = current.head
        yield current


__all__ = ["Trigger", "TriggerMatcher", "governing_chain", "is_passive", "direct_objects"]
