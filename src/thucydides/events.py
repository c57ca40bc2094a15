"""Events: code each sentence's events from the dependency parse with the pattern dictionary.

For every trigger (a verb or an event noun that a pattern names) the coder finds the source and
target phrases in the parse (subject, object, prepositional target, passive "by" agent, subjects
inherited through coordination and control verbs), maps them to the actors already resolved, and
emits one reading per (source, target) dyad. A sentence with no pattern yields nothing: there is no
fallback code. Date, place, factuality and quote come from the mentions found before this stage.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .actors import DocActors
from .factuality import factuality_of
from .ontology import Ontology
from .patterns import Pattern, PatternSet
from .records import Actor, CleanDoc, Place, PlaceMention, Quote, Reading, TimeExpr

SPEECH_LEMMAS = {"say", "tell", "add", "state", "declare", "announce", "note", "stress", "insist"}
SUBJECT_DEPS = {"nsubj", "csubj"}
# "A and B agreed to X": each agrees with the other.
MUTUAL_INTENT_VERBS = {"agree"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}


@dataclass
class Trigger:
    """A pattern that fired on a token, with the argument tokens it found."""

    pattern: Pattern
    token: Token  # the word the pattern names (verb or event noun)
    anchor: Token  # the verb that carries tense/negation/date (the support verb for nouns)
    sources: list[Token]
    targets: list[Token]
    code: str
    intended: bool = False
    words: str = ""
    symmetric: bool = False


def stable_id(*parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:16]


def expand_conjuncts(token: Token) -> list[Token]:
    """A phrase and the phrases coordinated with it ("South Ossetia and Abkhazia", "A, B")."""
    out = [token]
    for child in token.children:
        if child.dep_ in ("conj", "appos") and child.pos_ in ("PROPN", "NOUN", "PRON"):
            out.extend(expand_conjuncts(child))
    return out


def _children(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod")
    )


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _phrase_matches(token: Token, phrases: Sequence[str]) -> bool:
    """Does the noun at `token` (with its compounds) match one of the (possibly multiword) phrases?"""
    lemma = _lemma(token)
    for phrase in phrases:
        words = phrase.split()
        if words[-1] != lemma and words[-1] != token.lower_:
            continue
        if len(words) == 1:
            return True
        left = [c for c in token.lefts if c.dep_ in ("compound", "amod")]
        left_words = [c.lower_ for c in left] + [_lemma(c) for c in left]
        if all(w in left_words for w in words[:-1]):
            return True
    return False


class EventCoder:
    def __init__(self, ontology: Ontology, patterns: PatternSet, coder_version: str = ""):
        self.ontology = ontology
        self.patterns = patterns
        self.coder_version = coder_version

    # ------------------------------------------------------------------ arguments

    def subjects(self, verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
        """Subject phrases of a verb and whether they are its agents (False = patient of a passive)."""
        passive = _is_passive(verb)
        if passive:
            agents = [p for a in _children(verb, {"agent"}) for p in _children(a, {"pobj"})]
            if agents:
                return agents, True
        subjects = _children(verb, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        if subjects:
            subject = subjects[0]
            if subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                subject = verb.head
            return [subject], not passive
        if depth < 4 and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
            inherited, agentive = self.subjects(verb.head, depth + 1)
            if passive and inherited:
                return inherited, False
            return inherited, agentive
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return [verb.head], not passive
        if verb.dep_ == "amod" and verb.tag_ == "VBN":
            # "France-brokered": the hyphenated noun is the agent of the participle
            agents = [c for c in verb.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN"]
            return agents, True
        return [], True

    @staticmethod
    def prep_objects(token: Token, preps: Sequence[str]) -> list[Token]:
        out = []
        for prep in token.children:
            if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
                if any(c.dep_ == "neg" for c in prep.children):
                    continue  # "but not from the two regions"
                out.extend(_children(prep, {"pobj"}))
        return out

    def patients(self, verb: Token) -> list[Token]:
        """The grammatical subject of a passive verb, inherited through coordination when it has none."""
        own = _children(verb, PASSIVE_SUBJECT_DEPS)
        if own:
            return own
        if verb.dep_ == "conj" and verb.head is not verb:
            return _children(verb.head, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
            return [verb.head]  # "the troops driven out by ..."
        return []

    def _verb_trigger(self, verb: Token, pattern: Pattern) -> Trigger | None:
        if pattern.particles:
            particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "advmod")}
            if not particles & set(pattern.particles):
                return None
        passive = _is_passive(verb)
        subjects, agentive = self.subjects(verb)
        sources = subjects if agentive else []
        objects = _children(verb, {"dobj", "obj"})
        patients = self.patients(verb) if passive else []
        if pattern.objects:
            if not any(_phrase_matches(o, pattern.objects) for o in objects or patients):
                return None
        if pattern.intent:
            return self._intent_trigger(verb, pattern, sources)
        targets: list[Token] = []
        if pattern.target == "object" and not pattern.objects:
            targets = patients if passive else objects
        if pattern.target != "none" and not targets and pattern.preps:
            targets = self.prep_objects(verb, pattern.preps)
            for obj in objects:
                targets = targets or self.prep_objects(obj, pattern.preps)
        if pattern.target == "none":
            targets = []
        words = " ".join([verb.text] + [c.text for c in verb.children if c.dep_ == "prt"])
        return Trigger(pattern, verb, verb, sources, targets, pattern.code, words=words)

    def _intent_trigger(self, verb: Token, pattern: Pattern, sources: list[Token]) -> Trigger | None:
        """'agree / promise / pledge to <act>': the intent code follows the embedded act."""
        acts = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
        acts += [c for act in acts for c in act.conjuncts if c.pos_ in ("VERB", "AUX") and c.i > act.i]
        code, targets, words = None, [], verb.text
        for act in acts:
            inner = self.match_verb(act, allow_intent=False)
            if inner is not None:
                code = self.patterns.intent_code(inner.code) or pattern.code
                targets = inner.targets
                words = f"{verb.text} to {inner.words}"
                break
        if code is None:
            if not acts or _lemma(verb) not in ("agree", "promise", "pledge", "vow", "offer", "commit"):
                return None
            code = pattern.code
            words = f"{verb.text} to {acts[0].text}"
        if not targets:
            targets = self.prep_objects(verb, ("with", "to"))
        trigger = Trigger(pattern, verb, verb, sources, targets, code, words=words,
                          symmetric=_lemma(verb) in MUTUAL_INTENT_VERBS)
        trigger.consumed = acts  # type: ignore[attr-defined]
        return trigger

    def match_verb(self, verb: Token, allow_intent: bool = True) -> Trigger | None:
        candidates = self.patterns.by_verb.get(_lemma(verb), ())
        if any(c.dep_ == "xcomp" for c in verb.children):
            # "agreed to withdraw": the control reading comes before "agree with"
            candidates = sorted(candidates, key=lambda p: not p.intent)
        for pattern in candidates:
            if pattern.intent and not allow_intent:
                continue
            trigger = self._verb_trigger(verb, pattern)
            if trigger is not None:
                return trigger
        return None

    def match_noun(self, noun: Token) -> Trigger | None:
        candidates = self.patterns.by_noun.get(_lemma(noun), ()) or self.patterns.by_noun.get(noun.lower_, ())
        for pattern in candidates:
            if not _phrase_matches(noun, pattern.lemmas):
                continue
            trigger = self._noun_trigger(noun, pattern)
            if trigger is not None:
                return trigger
        return None

    def _noun_trigger(self, noun: Token, pattern: Pattern) -> Trigger | None:
        head = noun.head
        support = None
        if noun.dep_ in ("dobj", "obj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            for verb_words in pattern.support_verbs:
                if _lemma(head) != verb_words[0]:
                    continue
                if len(verb_words) > 1 and not any(c.lower_ == verb_words[1] for c in head.children):
                    continue
                support = head
                break
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            # "following talks with X": a participial preposition whose clause has a subject
            if head.lower_ in ("following", "after", "during", "in") and "follow" in {
                v[0] for v in pattern.support_verbs
            }:
                support = head.head
        sources: list[Token] = []
        targets: list[Token] = []
        if support is not None:
            subjects, agentive = self.subjects(support)
            sources = subjects if agentive else []
        elif not pattern.standalone:
            return None
        if not sources:
            # "a Georgian attack", "Russia's offensive", "the Russian-brokered ceasefire"
            for child in noun.lefts:
                if child.dep_ in ("poss", "amod", "compound", "nmod") and child.pos_ in ("PROPN", "ADJ", "NOUN"):
                    sources = [child]
                    break
            for prep in self.prep_objects(noun, ("by",)):
                sources = [prep]
        preps = pattern.preps
        targets = self.prep_objects(noun, preps)
        if not targets and support is not None:
            targets = self.prep_objects(support, preps)
        if "between" in preps and not sources:
            between = self.prep_objects(noun, ("between",))
            if between:
                sources, targets = between, []
        anchor = support or noun
        words = f"{support.text} … {noun.text}" if support is not None else noun.text
        if support is not None and support.i + 3 >= noun.i:
            words = noun.doc[support.i : noun.i + 1].text
        return Trigger(pattern, noun, anchor, sources, targets, pattern.code, words=words)

    # ------------------------------------------------------------------ sentences

    def triggers(self, sent: Span) -> list[Trigger]:
        found: list[Trigger] = []
        consumed: set[int] = set()
        for token in sent:
            trigger = None
            if token.pos_ in ("VERB", "AUX") and token.i not in consumed:
                trigger = self.match_verb(token)
            elif token.pos_ in ("NOUN", "PROPN"):
                trigger = self.match_noun(token)
            if trigger is None:
                continue
            for act in getattr(trigger, "consumed", ()):
                consumed.add(act.i)
                found = [t for t in found if t.token.i != act.i]
            found.append(trigger)
        # A verb pattern that required this noun as its object already coded it ("sign an agreement").
        objects_used = {o.i for t in found if not t.pattern.is_noun and t.pattern.objects
                        for o in t.token.children if o.dep_ in ("dobj", "nsubjpass")}
        return [t for t in found if not (t.pattern.is_noun and t.token.i in objects_used)
                and t.token.i not in consumed]

    def actors_of(self, tokens: Sequence[Token], actors: DocActors) -> list[tuple[Actor, str]]:
        out: list[tuple[Actor, str]] = []
        seen: set[str] = set()
        for token in tokens:
            for conj in expand_conjuncts(token):
                mention = actors.at(conj)
                if mention is None:
                    continue
                for actor in mention.actors:
                    if actor.id not in seen:
                        seen.add(actor.id)
                        out.append((actor, mention.text))
        return out

    def code(
        self,
        doc: Doc,
        clean: CleanDoc,
        actors: DocActors,
        times: Sequence[TimeExpr] = (),
        places: Sequence[PlaceMention] = (),
        quotes: Sequence[Quote] = (),
        published_day: str | None = None,
        dating=None,
        locating=None,
    ) -> list[Reading]:
        """All readings of one document, repeats within the document merged with `mentions` counted."""
        readings: dict[tuple, Reading] = {}
        for sentence_index, sent in enumerate(doc.sents):
            if not sent.text.strip():
                continue
            story = clean.story_at(sent.start_char)
            paragraph = clean.paragraph_at(sent.start_char)
            story_index = story.index if story else 0
            story_start = story.start if story else 0
            is_headline = bool(paragraph and paragraph.is_headline)
            repeats = paragraph.mentions if paragraph else 1
            casualties = count_casualties(sent.text)
            for trigger in self.triggers(sent):
                dyads = self._dyads(trigger, actors)
                if not dyads:
                    continue
                factuality = trigger.pattern.factuality or factuality_of(trigger.anchor, trigger.intended)
                date = dating(trigger.anchor, factuality) if dating else None
                place = locating(trigger.token) if locating else None
                quote = _quote_at(quotes, sent.start_char, sent.end_char)
                cameo = self.ontology.cameo(trigger.code)
                for (source, source_text), target_pair in dyads:
                    target, target_text = target_pair if target_pair else (None, None)
                    key = (_dyad_key(source), _dyad_key(target), trigger.code,
                           date.event_date if date else published_day)
                    text = sent.text.rstrip()
                    evidence_start = sent.start_char - story_start
                    reading = readings.get(key)
                    if reading is not None:
                        reading.mentions += repeats
                        if reading_is_headline(reading, clean) and not is_headline:
                            _move_evidence(reading, sentence_index, text, evidence_start, sent.start_char,
                                           trigger.words)
                        continue
                    readings[key] = Reading(
                        event_id=stable_id(clean.doc_id, sentence_index, trigger.words, source.id,
                                           target.id if target else ""),
                        doc_id=clean.doc_id,
                        story_index=story_index,
                        sentence_index=sentence_index,
                        evidence_text=text,
                        evidence_start=evidence_start,
                        evidence_end=evidence_start + len(text),
                        trigger=trigger.words,
                        source=source,
                        source_text=source_text,
                        target=target,
                        target_text=target_text,
                        cameo=cameo,
                        plover=self.ontology.plover(trigger.code),
                        factuality=factuality,
                        event_date=date.event_date if date else published_day,
                        date_precision=date.precision if date else ("day" if published_day else "unknown"),
                        date_basis=date.basis if date else ("publication" if published_day else "none"),
                        date_expression=date.expression if date else None,
                        date_range=date.range if date else None,
                        published=clean.published,
                        location=place[0] if place else None,
                        location_text=place[1] if place else None,
                        mentions=repeats,
                        quote=quote,
                        pattern_id=trigger.pattern.id,
                        coder_version=self.coder_version,
                        killed=casualties.get("killed") if cameo.root in ("18", "19", "20") else None,
                        injured=casualties.get("injured") if cameo.root in ("18", "19", "20") else None,
                        arrested=casualties.get("arrested") if cameo.root == "17" else None,
                        doc_offset=sent.start_char,
                    )
        return list(readings.values())

    def _dyads(self, trigger: Trigger, actors: DocActors):
        sources = self.actors_of(trigger.sources, actors)
        if trigger.pattern.subject_role:
            sources = [s for s in sources if trigger.pattern.subject_role in s[0].sector]
        targets = self.actors_of(trigger.targets, actors)
        dyads = []
        if (trigger.pattern.symmetric or trigger.symmetric) and not targets and len(sources) > 1:
            for a in sources:
                for b in sources:
                    if a[0].id != b[0].id and not _same_side(a[0], b[0]):
                        dyads.append((a, b))
            return dyads
        for source in sources:
            if not targets:
                dyads.append((source, None))
            for target in targets:
                if _same_side(source[0], target[0]):
                    continue
                dyads.append((source, target))
        return dyads


def _same_side(a: Actor, b: Actor) -> bool:
    if a.id == b.id:
        return True
    return bool(a.country) and a.country == b.country and a.kind != "person" and b.kind != "person"


def _dyad_key(actor: Actor | None) -> str:
    if actor is None:
        return ""
    return actor.country or actor.id


def reading_is_headline(reading: Reading, clean: CleanDoc) -> bool:
    paragraph = clean.paragraph_at(reading.doc_offset)
    return bool(paragraph and paragraph.is_headline)


def _move_evidence(reading: Reading, sentence_index: int, text: str, start: int, doc_offset: int,
                   trigger: str) -> None:
    """Keep the body's sentence as evidence rather than the headline's."""
    reading.sentence_index = sentence_index
    reading.evidence_text = text
    reading.evidence_start = start
    reading.evidence_end = start + len(text)
    reading.doc_offset = doc_offset
    reading.trigger = trigger


def _quote_at(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    for quote in quotes:
        if quote.start < end and start < quote.end:
            return quote
    return None


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100,
}
_COUNT = r"(\d[\d,]*|" + "|".join(NUMBER_WORDS) + r")"
_PEOPLE = r"(?:\s+(?:[a-z-]+\s+){0,2}?(?:people|persons|civilians|soldiers|troops|police(?:men)?|officers|militants|" \
          r"rebels|fighters|children|women|men|protesters|demonstrators|residents|villagers|members|others|" \
          r"workers|students|suspects|journalists|pilgrims|policemen))?"
CASUALTY_RES = {
    "killed": re.compile(_COUNT + _PEOPLE + r"\s+(?:were\s+|was\s+|have been\s+|had been\s+)?"
                         r"(?:killed|dead|died|slain|shot dead)", re.I),
    "injured": re.compile(_COUNT + _PEOPLE + r"\s+(?:were\s+|was\s+|have been\s+)?(?:injured|wounded|hurt)", re.I),
    "arrested": re.compile(_COUNT + _PEOPLE + r"\s+(?:were\s+|was\s+|have been\s+)?(?:arrested|detained)", re.I),
}
KILLING_VERB_RE = re.compile(r"(?:killed|killing|kill|wounded|wounding|injuring|injured|arrested|detained)\s+"
                             + _COUNT + _PEOPLE, re.I)


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def count_casualties(sentence: str) -> dict[str, int]:
    """Counts of people killed, injured and arrested that a sentence states."""
    out: dict[str, int] = {}
    for kind, pattern in CASUALTY_RES.items():
        match = pattern.search(sentence)
        if match:
            value = _number(match.group(1))
            if value is not None:
                out[kind] = value
    for match in KILLING_VERB_RE.finditer(sentence):
        verb = match.group(0).split()[0].lower()
        kind = "killed" if verb.startswith("kill") else "arrested" if verb[:3] in ("arr", "det") else "injured"
        value = _number(match.group(1))
        if value is not None:
            out.setdefault(kind, value)
    return out


@dataclass(frozen=True)
class EventDate:
    event_date: str | None
    precision: str
    basis: str
    expression: str | None = None
    range: tuple[str | None, str | None] | None = None


@dataclass(frozen=True)
class EventPlace:
    place: Place
    text: str
