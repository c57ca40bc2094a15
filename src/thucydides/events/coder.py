"""The event coder: sentences -> readings, with actors, factuality, date, place, quote and counts.

For every trigger (a verb or an event noun that a pattern names) the matcher finds the source and
target phrases in the parse; parties.py (PartyFinder, mixed in here) maps them to the actors already
resolved, and the coder emits one reading per (source, target) dyad. A sentence with no pattern yields nothing: there is no fallback
code. Date, place, factuality and quote come from the mentions found before this stage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..actors import DocActors
from ..actors.context import HEAD_NOUNS
from ..knowledge.ontology import Ontology
from ..knowledge.patterns import PatternSet
from ..quotes import indirect_quote
from ..records import Actor, CleanDoc, Place, PlaceMention, Quote, Reading, TimeExpr
from .arguments import (
    CONDITION_MARKS,
    agents,
    is_passive,
    lemma,
    object_candidates,
    subjects,
)
from .background import in_named_war, matter_of_inquiry, too_old, years_before
from .casualties import count_casualties
from .declared import CLAIM_RESPONSIBILITY_CODE, claimed_by_speaker, declared
from .discourse import SPORTS_ROOTS, sports_stories, story_topics, topic_target
from .factuality import announcing_verb, factuality_of
from .hosting import HOSTED_CODES, HOSTING_CODE, VISIT_CODE, hosts_of
from .matching import TriggerMatcher, governing_chain
from .nouns import VISIT_CODES
from .occurrence import accidental, asked_for, prevented, proposed, toll, wished
from .parties import BETWEEN_PARTIES, UNIDENTIFIED, VIOLENT_ROOTS, PartyFinder
from .placing import one_country_placed
from .protests import PROTESTING_SECTORS, implied_protests
from .repression import repression_code
from .requests import demanded, time_for
from .sides import (
    ARMED_CHALLENGER_SECTORS,
    CHALLENGER_SECTORS,
    GUESSED_BASES,
    OWN_FORCE_SECTORS,
    ActorRef,
    Dyad,
    merge_key,
    same_side,
)
from .trigger import Trigger

# Roots whose readings carry the sentence's counts of killed and injured, and of arrested people.
HARM_ROOTS = VIOLENT_ROOTS | {"14", "17"}
ARREST_ROOTS = {"17"}
# A plain statement (010 make statement, 011 decline comment) to no one is not coded by default; the
# specific comments (pessimism, optimism, denial, sympathy ... 012-019) are, with or without a target.
PLAIN_STATEMENTS = {"01", "010", "011"}
# Material acts with no target named take the state where the sentence places them as target.
PLACE_TARGET_ROOTS = {"06", "07", "15", "17", "18", "19", "20"}
# Acts (a plain statement excepted) with no target named in the sentence or its place take the story's
# topic state (discourse.py).
DISCOURSE_TARGET_ROOTS = {f"{n:02d}" for n in range(1, 21)}
# Acts done in words (statements, appeals, intents, praise, demands, criticism, rejections, threats).
VERBAL_ROOTS = {"01", "02", "03", "05", "10", "11", "12", "13"}
# Coercion by a state or its police, forces, government or courts that, with no one else named in the text
# or the story, falls on its own people.
DOMESTIC_ROOTS = {"17"}
# ... the easing of it: an amnesty, dissent tolerated (082) by a state's organs, its legislature too; and its
# courts' convictions and sentences (116).
DOMESTIC_CODES = {"082", "116"}
DOMESTIC_SECTORS = OWN_FORCE_SECTORS | {"JUD"}
# Acts that are declarations whatever their condition: "offered aid if it cooperates" (03), "warned of
# strikes if Iraq does not back down" (13) are made; a hypothetical act of another kind is not an event.
DECLARATION_ROOTS = {"03", "13"}
# Meetings and agreements, whose place is often a third country's venue: it does not tell whose
# story-guessed rebels or police took part, as the place of a clash does ("clashed with militia in Basra").
VENUE_ROOTS = {"04", "05"}
# Plural nouns of parties that name a group the text leaves open ("called on Western allies", "urged
# other countries"): the act's target is that group, not the story's topic state.
PARTY_GROUP_NOUNS = {"ally", "partner", "country", "government", "nation", "neighbour", "neighbor", "leader",
                     "state", "power", "donor", "member", "capital", "democracy", "friend"}
# Denying responsibility (CAMEO 016).
DENIAL_CODE = "016"
# Agreeing with someone, a view shared (CAMEO 019).
SHARED_VIEW_CODE = "019"


def _idle_weapon(trigger: Trigger, dyads: list[Dyad], kept: list[tuple[Trigger, list[Dyad]]]) -> bool:
    """An event noun with no one behind it and no one hit, whose killing verb is coded on its own."""
    if not trigger.pattern.is_noun or not all(source is UNIDENTIFIED and target is None
                                              for (source, _), target in dyads):
        return False
    return any(_absorbed(other.token, {trigger.token.i, trigger.anchor.i}, {trigger.token.i})
               for other, _ in kept if other.pattern.absorbed)


def _killed_in_named_act(kept: list[tuple[Trigger, list[Dyad]]]) -> list[tuple[Trigger, list[Dyad]]]:
    """"Mehsud was killed in a U.S. drone strike": a killing with no one named doing it, told as the
    outcome of an act a violent event noun codes, is that act; its victim becomes the act's target."""
    nouns = {t.token.i: n for n, (t, _) in enumerate(kept) if t.pattern.is_noun and t.code[:2] in VIOLENT_ROOTS}
    if not nouns:
        return kept
    kept = list(kept)
    killings = set()
    for n, (trigger, dyads) in enumerate(kept):
        verb = trigger.token
        if not trigger.pattern.absorbed or trigger.pattern.is_noun or not is_passive(verb) or agents(verb):
            continue
        act = next((nouns[o.i] for p in verb.children if p.dep_ == "prep" and p.lower_ in ("in", "during")
                    for o in p.children if o.dep_ == "pobj" and o.i in nouns), None)
        # (its doer unnamed, or the one the sentence blames for the act as well)
        if act is None or not all(source is UNIDENTIFIED or any(source == s for (s, _), _ in kept[act][1])
                                  for (source, _), _ in dyads):
            continue
        killings.add(n)
        victims = [target for _, target in dyads if target is not None]
        noun, noun_dyads = kept[act]
        if victims:
            kept[act] = (noun, [(source, target or victims[0]) for source, target in noun_dyads])
    return [pair for n, pair in enumerate(kept) if n not in killings]


# Roots of acts about another act that leave that act to be coded too (a claim of responsibility).
CLAIM_ROOTS = {"01"}
# Acts whose counterpart a threat in the same sentence is aimed at ("said Washington should stop
# interfering and warned that Beijing would take firm countermeasures").
THREAT_PROMPTING_ROOTS = {"10", "11", "12", "16", "17"}


def _compatriots(a: Actor, b: Actor) -> bool:
    """One side here: a spokesman and his government, a state and its ministries."""
    return same_side(a, b) or bool(a.country) and a.country == b.country \
        and not (set(a.sector) | set(b.sector)) & CHALLENGER_SECTORS


def _unaimed_threat(trigger: Trigger, dyads: list[Dyad]) -> bool:
    return trigger.code[:2] == "13" and all(t is None or _compatriots(s[0], t[0]) for s, t in dyads)


def _condition_subjects(verb: Token) -> list[Token]:
    """The subjects of the if/unless clauses under a threat's verb ("warned that Pyongyang might seek a
    new path if Washington persisted with sanctions")."""
    return [s for clause in verb.subtree if clause.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in clause.children)
            for s in clause.children if s.dep_ in ("nsubj", "nsubjpass")]


def _judged_doers(kept: list[tuple[Trigger, list[Dyad]]]) -> list[tuple[Trigger, list[Dyad]]]:
    """A judgement of an act the sentence tells, whose object names no doer ("Turkish jets shot down a
    Russian warplane, and Putin called the downing a stab in the back"), is aimed at the one who did the
    other act, not on the judge's side; with no such act it is no reading."""
    out = []
    for trigger, dyads in kept:
        if trigger.pattern.doer_target and all(t is None for _, t in dyads):
            doers = [s for other, others in kept if other is not trigger and not other.pattern.doer_target
                     for s, _ in others if not any(_compatriots(s[0], j[0]) for j, _ in dyads)]
            if not doers:
                continue
            dyads = [(judge, doers[0]) for judge, _ in dyads]
        out.append((trigger, dyads))
    return out


def _guest_visits(found: list[tuple[Trigger, list[Dyad]]]) -> list[tuple[Trigger, list[Dyad]]]:
    """The visit (042) of each guest a hosting names ("Macron hosted Putin at Versailles"); an imported
    PETRARCH dictionary's 043 is its own test code, not a hosting."""
    return [(replace(trigger, code=VISIT_CODE), visits) for trigger, dyads in found
            if trigger.code == HOSTING_CODE and not trigger.pattern.exclusive
            and (visits := [(t, s) for s, t in dyads if t is not None])]


def _accuser_beside(found: list[tuple[Trigger, list[Dyad]]], denier: Actor) -> ActorRef | None:
    """The one who accuses the denier in the same sentence ("Pompeo blamed Iran, which rejected the
    accusation"), also one of its own country ("blamed forces loyal to Haftar, who denied responsibility")."""
    return next((s for t, d in found if t.code[:2] == "11" for s, aimed in d
                 if aimed is not None and (same_side(aimed[0], denier) or aimed[0].code == denier.code)
                 and s[0].code != denier.code), None)


def _threats_aimed(kept: list[tuple[Trigger, list[Dyad]]]) -> list[tuple[Trigger, list[Dyad]]]:
    """A threat that names no counterpart, or only its own side ("warned that Beijing would take firm
    countermeasures"), is aimed at the one its source demands of, criticises or punishes in the same
    sentence ("called Japan's decision reckless and warned that his government would respond")."""
    out = []
    for trigger, dyads in kept:
        if _unaimed_threat(trigger, dyads):
            aimed = [t for other, others in kept if other is not trigger and other.code[:2] in THREAT_PROMPTING_ROOTS
                     for s2, t in others if t is not None and not _compatriots(s2[0], t[0])
                     and any(_compatriots(s[0], s2[0]) for s, _ in dyads)]
            # "Germany expelled two Russian diplomats, and Russia's foreign ministry vowed to respond in kind": at
            # the one whose act against the threatener's side the threat answers
            aimed = aimed or [s2 for other, others in kept if other is not trigger and other.code[:2] not in ("01", "13")
                              for s2, t in others if t is not None and not _compatriots(s2[0], t[0])
                              and any(_compatriots(s[0], t[0]) for s, _ in dyads)]
            if aimed:
                dyads = [(s, aimed[0]) for s, _ in dyads]
        out.append((trigger, dyads))
    return out


def _domestic(cameo, source: Actor) -> bool:
    """A state's own coercion (17), or its easing (082, by its legislature too), which falls on its own
    people when no one else is named."""
    own_state = source.kind == "state" and not source.sector
    if cameo.root in DOMESTIC_ROOTS:
        return bool(set(source.sector) & DOMESTIC_SECTORS) or own_state
    if cameo.code in DOMESTIC_CODES:
        return bool(set(source.sector) & (DOMESTIC_SECTORS | {"LEG"})) or own_state
    return False


# Claiming or acknowledging responsibility for an act.
CLAIM_CODE = "015"
# Not read yet (a value read once, when first needed, that may be None).
UNREAD = object()
# Codes of force that name no means: a killing they cause keeps its own code.
GENERIC_FORCE_CODES = {"190", "180", "182", "200"}


def _coded_as_weapon(trigger: Trigger, weapons: list[Trigger]) -> Trigger:
    """A killing verb whose subject is an idle violent event noun takes that noun's code."""
    if not trigger.pattern.absorbed:
        return trigger
    found, _ = subjects(trigger.token)
    for weapon in weapons:
        # (a plain "attack" or "assault" tells no more than the killing: "the attacks on the embassies
        # killed 257 people" were bombings)
        if weapon.code[:2] in VIOLENT_ROOTS and weapon.code not in GENERIC_FORCE_CODES \
                and any(s.i == weapon.token.i for s in found):
            return replace(trigger, code=weapon.code)
    return trigger


def _mentioned_before(trigger: Trigger, dyads: list[Dyad]) -> bool:
    """An undated violent event noun standing alone with "the" and no perpetrator named ("the bombings
    at the US embassies"): a reference back to an act the story or an earlier one told."""
    noun = trigger.token
    return trigger.pattern.is_noun and trigger.anchor.i == noun.i and trigger.code[:2] in VIOLENT_ROOTS \
        and all(source is UNIDENTIFIED for (source, _), _ in dyads) \
        and any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "that", "this") for c in noun.children)


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


def stable_id(*parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:16]


class EventCoder(PartyFinder):
    def __init__(self, ontology: Ontology, patterns: PatternSet, coder_version: str = "",
                 statements_without_target: bool = False, max_days_before_publication: int = 0,
                 discourse_targets: bool = False, statement_subjects: bool = False,
                 reciprocal_verbs: Sequence[str] = (), unidentified_perpetrators: bool = False,
                 sports_share: float = 0.0, hypothetical_acts: bool = False):
        self.ontology = ontology
        self.patterns = patterns
        self.coder_version = coder_version
        self.statements_without_target = statements_without_target  # settings: events
        self.max_days_before_publication = max_days_before_publication
        self.discourse_targets = discourse_targets  # settings: events
        self.statement_subjects = statement_subjects  # settings: events
        self.reciprocal_verbs = frozenset(reciprocal_verbs)  # settings: events
        self.unidentified_perpetrators = unidentified_perpetrators  # settings: events
        # country -> the state's actor (with sectors): set by the pipeline, which holds the KB
        self.state_actor = None
        self.matcher = TriggerMatcher(patterns)
        self.accidents = frozenset(patterns.classes.get("accident", ()))
        self.sports_share = sports_share  # settings: events
        self.hypothetical_acts = hypothetical_acts  # settings: events
        self.sport_words = frozenset(patterns.classes.get("sport", ()))

    # ------------------------------------------------------------------ compatibility helpers

    def match_verb(self, verb: Token) -> Trigger | None:
        return self.matcher.match(verb)

    def match_noun(self, noun: Token) -> Trigger | None:
        return self.matcher.match(noun)

    # ------------------------------------------------------------------ actors of phrases

    def triggers(self, sent: Span, actors: DocActors | None = None,
                 speaker_of=None) -> list[tuple[Trigger, list[Dyad]]]:
        """The triggers of a sentence that name actors, each with its dyads."""
        actors = actors if actors is not None else DocActors(sent.doc)
        accepted: list[tuple[Trigger, list[Dyad]]] = []
        for token in sent:
            if token.pos_ not in ("VERB", "AUX", "NOUN", "PROPN", "ADJ"):
                continue
            speaker = speaker_of(token) if speaker_of else None
            statement = None
            if token.dep_ == "amod" and token.tag_ == "VBN" \
                    and not any(c.dep_ in ("npadvmod", "compound", "nmod") for c in token.children):
                # "the release of 400 imprisoned comrades": a participle describing, not an act
                # ("a France-brokered ceasefire" names who brokered it: that is one)
                continue
            for trigger in self.matcher.matches(token, accepts=lambda t: self._role_ok(t, actors)):
                dyads = self._dyads(trigger, actors, speaker)
                if dyads and trigger.code in PLAIN_STATEMENTS and not any(t for _, t in dyads):
                    # "would talk with the Palestinians about ...": a statement to no one gives way to
                    # another sense of the word that names a counterpart
                    statement = statement or (trigger, dyads)
                    continue
                if dyads:
                    accepted.append((trigger, dyads))
                    break
            else:
                if statement is not None:
                    accepted.append(statement)
        # "Now is the time for Taiwan to open its markets," Johanns said: the speaker asks it of them;
        # "Israel must withdraw," Rice said: the speaker demands it
        for i, (trigger, dyads) in enumerate(accepted):
            speaker = speaker_of(trigger.anchor) if speaker_of else None
            accepted[i] = demanded(self.patterns, *time_for(self.patterns, trigger, dyads, speaker), speaker)
        # "Slovakia's desire to join NATO", "her willingness to meet": an act wished, not done or announced
        accepted = [(t, d) for t, d in accepted
                    if not wished(t.anchor) and not asked_for(t.anchor) and not prevented(t.token)
                    and not proposed(t.anchor)
                    and not (t.pattern.absorbed and (accidental(t.token, self.accidents) or toll(t.token)))]
        consumed = {act.i for trigger, _ in accepted for act in trigger.consumed}
        # A verb pattern that required this noun as its object already coded it ("sign an agreement"), unless
        # it codes another kind of act about it ("drone attacks claimed by the Houthis": the claim, and the
        # attacks themselves)
        consumed |= {o.i for trigger, _ in accepted if not trigger.pattern.is_noun and trigger.pattern.objects
                     and trigger.code[:2] not in CLAIM_ROOTS
                     for o in object_candidates(trigger.token, trigger.pattern.particles, HEAD_NOUNS)}
        kept = [(t, d) for t, d in accepted if t.token.i not in consumed]
        # "jets struck targets near Damascus, an attack Syria condemned": a noun summing up a clause whose
        # verb is coded itself is that act again
        coded_verbs = {t.token.i for t, _ in kept if not t.pattern.is_noun}
        kept = [(t, d) for t, d in kept if not (t.summary and t.anchor.i in coded_verbs)]
        # "Israel and Hamas agreed to a ceasefire": agreeing to an act coded on its own noun is that act,
        # not a view shared (019)
        noun_anchors = {t.anchor.i for t, _ in kept if t.pattern.is_noun and t.anchor.i != t.token.i}
        kept = [(t, d) for t, d in kept if not (t.code == SHARED_VIEW_CODE and t.token.i in noun_anchors)]
        # "a soldier was killed by a roadside bomb": a weapon with no one named behind it or hit by it
        # does not absorb the killing, which names the victim
        idle = [t for t, d in kept if _idle_weapon(t, d, kept)]
        kept = [(t, d) for t, d in kept if t not in idle]
        if idle:
            # "the shelling of residential districts killed five civilians": the killing is the act the
            # noun names (194, not 180), done to those the verb names
            kept = [(_coded_as_weapon(t, idle), d) for t, d in kept]
        kept = _killed_in_named_act(kept)
        violent = {t.token.i for t, _ in kept if t.code[:2] in VIOLENT_ROOTS}
        violent |= {t.anchor.i for t, _ in kept if t.code[:2] in VIOLENT_ROOTS}
        violent_nouns = {t.token.i for t, _ in kept if t.code[:2] in VIOLENT_ROOTS and t.pattern.is_noun}
        out = []
        for trigger, dyads in kept:
            if trigger.pattern.absorbed and _absorbed(trigger.token, violent, violent_nouns):
                continue
            out.append((trigger, dyads))
        return _threats_aimed(self._threats_on_conditions(_judged_doers(out), actors))

    def _threats_on_conditions(self, kept: list[tuple[Trigger, list[Dyad]]],
                               actors: DocActors) -> list[tuple[Trigger, list[Dyad]]]:
        """A threat that names no counterpart is aimed at the one whose act would set it off ("warned that
        Pyongyang might seek a new path if Washington persisted with sanctions")."""
        out = []
        for trigger, dyads in kept:
            conditions = _condition_subjects(trigger.anchor) if _unaimed_threat(trigger, dyads) else []
            aimed = self._dyads(replace(trigger, targets=conditions, fallback_targets=[]), actors, None) \
                if conditions else []
            out.append((trigger, aimed if any(t is not None and not _compatriots(s[0], t[0]) for s, t in aimed)
                        else dyads))
        return out

    # ------------------------------------------------------------------ documents

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
        counted: set[tuple] = set()  # (key, sentence): two triggers of one sentence are one mention
        actors.place_countries = {i: m.place.country for m in places if m.place is not None and m.place.country
                                  and not m.is_actor for i in range(m.token_start, max(m.token_end, m.token_start + 1))}
        previous: Reading | None = None  # the last act read, for "followed suit", "did the same"
        spoke_on: dict[tuple[int, str], EventDate] = {}  # (story, person): the day the story has them speak
        topics = story_topics(clean, actors) if self.discourse_targets and self.state_actor else {}
        sporting = sports_stories(doc, clean, self.sport_words, self.sports_share)

        def quote_for(token: Token) -> Quote | None:
            return _quote_around(quotes, token.idx) or indirect_quote(token, actors)

        def speaker_of(token: Token) -> Actor | None:
            quote = _quote_around(quotes, token.idx)
            return quote.speaker if quote is not None else None

        for sentence_index, sent in enumerate(doc.sents):
            if not sent.text.strip():
                continue
            story = clean.story_at(sent.start_char)
            paragraph = clean.paragraph_at(sent.start_char)
            story_index = story.index if story else 0
            story_start = story.start if story else 0
            is_headline = bool(paragraph and paragraph.is_headline)
            repeats = paragraph.mentions if paragraph else 1
            found = self.triggers(sent, actors, speaker_of)
            if not found:
                continue
            casualties = count_casualties(sent.text)
            sentence_place = one_country_placed(sent, places, actors)
            harm_place: Place | None | object = UNREAD  # read once, when a harm or a claim asks for it

            def harm_where(sent=sent, sentence_place=sentence_place) -> Place | None:
                """Where a harm was done, read from the places of its victims too ("stormed a hotel in
                Bamako"): the sentence's place, else one its arguments name."""
                nonlocal harm_place
                if harm_place is UNREAD:
                    harm_place = sentence_place or one_country_placed(sent, places, actors, arguments=True)
                return harm_place  # type: ignore[return-value]
            # A paired code (PETRARCH's [032:033]) also codes the target's act towards the source.
            found = found + [(replace(trigger, code=trigger.pattern.reverse_code), [(t, s) for s, t in dyads if t])
                             for trigger, dyads in found if trigger.pattern.reverse_code and any(t for _, t in dyads)]
            # "police detained protesters at anti-corruption rallies": the protest is an act of its own
            found = found + implied_protests(found, self.state_actor)
            # "the Houthi rebels said they had launched the attack": the group claims it (015)
            found = found + [(replace(trigger, code=CLAIM_RESPONSIBILITY_CODE, pattern=replace(
                trigger.pattern, factuality="asserted")), claims) for trigger, dyads in found
                if (claims := claimed_by_speaker(trigger, dyads, quote_for(trigger.anchor)))]
            found = found + _guest_visits(found)
            if locating is not None:
                hosted = [(trigger, hosts) for trigger, dyads in found
                          if trigger.code in HOSTED_CODES and (hosts := hosts_of(trigger, dyads, locating, places))]
                found = found + [(replace(trigger, code=HOSTING_CODE), hosts) for trigger, hosts in hosted] \
                    + [(replace(trigger, code=VISIT_CODE), [(v, h) for h, v in hosts]) for trigger, hosts in hosted]
            for trigger, dyads in found:
                code = trigger.code
                if trigger.pattern.anaphoric:
                    if previous is None:
                        continue
                    code = previous.cameo.code
                    if not any(t for _, t in dyads):  # "similar messages were sent to Kenya": its own target
                        target_ref = (previous.target, previous.target_text or "") if previous.target else None
                        dyads = [(s, target_ref) for s, _ in dyads
                                 if target_ref is None or not same_side(s[0], target_ref[0])]
                factuality = trigger.pattern.factuality or factuality_of(trigger.anchor)
                if trigger.token.i != trigger.anchor.i and trigger.pattern.is_noun:
                    factuality = trigger.pattern.factuality or factuality_of(trigger.anchor, noun=trigger.token)
                said_later = factuality == "future"
                quote = quote_for(trigger.anchor)
                code, factuality = declared(trigger, code, factuality, dyads, quote, self.patterns.act_code)
                code = repression_code(code, dyads, [*trigger.targets, *trigger.fallback_targets],
                                       self.patterns.classes.get("protesting_people", ()), trigger.anchor)
                date = dating(trigger.anchor, factuality) if dating else None
                if said_later and factuality == "asserted" and dating and date is not None:
                    # "Qian will visit the US next week, a spokesman said Tuesday": the intent is
                    # expressed when said (CODING.md dates a promise by the promise), not next week
                    said = dating(announcing_verb(trigger.anchor), factuality)
                    if date.basis == "text" or said.basis == "text":
                        date = said if said.expression != date.expression else date
                if date is not None and date.basis == "publication" and trigger.pattern.is_noun:
                    # "an agreement that will create ... in the next few days": a time expression
                    # inside the event noun's own phrase dates it
                    for token in trigger.token.subtree:
                        inner = dating(token, factuality)
                        if inner.basis == "text":
                            date = inner
                            break
                if date is not None and date.basis == "publication" and _mentioned_before(trigger, dyads):
                    continue  # "the bombings", undated, with no one behind them: an act told before, not news
                if trigger.code[:2] in VIOLENT_ROOTS and trigger.pattern.is_noun and matter_of_inquiry(trigger.token):
                    continue  # "the probe into the murder of Hariri": the matter of an inquiry, not news
                if (date is not None and too_old(date.basis, date.event_date, date.range, published_day,
                                                 self.max_days_before_publication)) \
                        or years_before(trigger.anchor, self.max_days_before_publication) \
                        or in_named_war(trigger.anchor, self.max_days_before_publication):
                    continue  # "the 1947 war": history, not news (settings: events.max_days_before_publication)
                place = locating(trigger.token) if locating else None
                cameo = self.ontology.cameo(code)
                if story_index in sporting and cameo.root not in SPORTS_ROOTS:
                    continue  # "hosts Germany meet Costa Rica": a sports report's matches are no events
                if factuality == "hypothetical" and cameo.root not in DECLARATION_ROOTS and not self.hypothetical_acts:
                    continue  # "Iraq could start hostilities": a possibility, no event (settings: events.hypothetical_acts)
                said_by = quote.speaker.id if quote is not None and quote.speaker is not None else None
                if date is not None and date.basis == "publication" and cameo.root in VERBAL_ROOTS \
                        and (story_index, said_by) in spoke_on:
                    # 'Johanns on Sunday voiced satisfaction ... "Now is the time for Taiwan ...," Johanns
                    # added': what a speaker says with no day of its own was said when the story dates them
                    date = spoke_on[(story_index, said_by)]
                harm = cameo.root in HARM_ROOTS
                placed = place[0] if place and (len(place) < 3 or place[2] != "dateline") else None
                for (source, source_text), target_pair in dyads:
                    target, target_text = target_pair if target_pair else (None, None)
                    # "British troops clashed with Shiite militia during a search operation in Basra":
                    # militia, rebels, police the story gave a country belong where the sentence is,
                    # when the act's own phrase names no place and the sentence names one country
                    # (a place that is the act's object, "condemned Israel", is where it is aimed, not done)
                    where_done = placed if place and place[2:3] != ("object",) else None
                    # (talks or a signing in Minsk: a venue, not the parties' home)
                    home = where_done or sentence_place if cameo.root not in VENUE_ROOTS else None
                    if home is None and harm and cameo.root != "14" and source.country_basis in GUESSED_BASES:
                        # "protesters stormed the Swedish embassy in Baghdad and set it on fire": where the
                        # harm was done places the ones the story only guessed (what a protest is against is
                        # no place it is held: "protesting a ruling on the murder in Berlin")
                        home = harm_where()
                    source = self._in_place(source, home)
                    target = self._in_place(target, home) if target is not None else None
                    if target is None and placed is not None and cameo.root in PLACE_TARGET_ROOTS \
                            and placed.country and placed.country != source.country and self.state_actor:
                        # "US warplanes bombed positions near Mosul": the state where the act took place
                        target = self.state_actor(placed.country)
                        target_text = place[1] if target is not None else None
                    where = placed or (harm_where() if harm else sentence_place)
                    if target is None and placed is None and harm and where is not None and where.country \
                            and source.country and where.country != source.country \
                            and cameo.root in PLACE_TARGET_ROOTS and self.state_actor:
                        # "al-Shabaab gunmen stormed a shopping mall in Nairobi": the state where the ones
                        # harmed are
                        target = self.state_actor(where.country)
                        target_text = where.name if target is not None else None
                    if target is None and where is not None and cameo.root in VIOLENT_ROOTS and self.state_actor \
                            and set(source.sector) & OWN_FORCE_SECTORS and where.country == source.country:
                        # "Syrian forces shelled villages in Idlib", "Iraqi forces launched an offensive near
                        # Mosul": a state's forces fighting at home fight some of its own
                        target = self._placed_state(where.country)
                    if target is None and where is not None and cameo.root in HARM_ROOTS and self.state_actor \
                            and where.country == source.country and (
                                source.country_basis in ("place", *GUESSED_BASES)
                                or set(source.sector) & ARMED_CHALLENGER_SECTORS):
                        # "an insurgent detonated himself near Kirkuk, killing three officers": the
                        # insurgent is Iraq's because the blast is there, and so are those it harms;
                        # "suicide bombers struck churches in Sri Lanka": armed men who are no state's forces
                        # harm their own state at home (not a territory: Hamas in Gaza fights Israel, not Gaza)
                        target = self._placed_state(where.country)
                        if target is not None and target.kind == "territory":
                            target = None
                    if target is None and _domestic(cameo, source) and source.country and not is_headline \
                            and (placed is None or placed.country in (None, source.country)) and self.state_actor:
                        # "police raided two homes", "Iranian authorities imposed an internet shutdown", "Turkey
                        # declared a state of emergency": a state and its bodies coerce their own people unless the
                        # text names others (a headline names few: its body gives the parties)
                        target = self._placed_state(source.country, ("CVL",))
                    if target is None and cameo.code == CLAIM_CODE and self.state_actor:
                        # "the Pakistani Taliban claimed responsibility for the bombing in Lahore": a claim is
                        # aimed where the act claimed was done
                        claimed_at = placed or harm_where()
                        if claimed_at is not None and claimed_at.country:
                            target = self._placed_state(claimed_at.country)
                            target_text = claimed_at.name if target is not None else None
                    if target is None and cameo.code == DENIAL_CODE:
                        # "Iran denied any involvement, with Zarif saying U.S. accusations amounted to ...":
                        # a denial answers the accuser the sentence names
                        accuser = self._accuser(trigger.anchor.sent, source, actors) or _accuser_beside(found, source)
                        if accuser is not None:
                            target, target_text = accuser
                    if target is None and cameo.root == "01" and not trigger.pattern.is_noun and self.statement_subjects:
                        # "Kovac said Slovakia's bid was not directed against Russia": a statement is
                        # about the one other state or organisation its reported clause names
                        subject = self._statement_subject(trigger.token, source, actors)
                        if subject is not None:
                            target, target_text = subject
                    if source is UNIDENTIFIED and (target is None or (target_pair is None and not (
                            casualties.get("killed") or casualties.get("injured")))):
                        # an unnamed perpetrator needs a named victim, or people harmed at the place
                        # ("at least four people were killed in an explosion in Dar es Salaam")
                        continue
                    if target is None and topics and cameo.root in DISCOURSE_TARGET_ROOTS \
                            and cameo.code not in PLAIN_STATEMENTS and cameo.code not in BETWEEN_PARTIES \
                            and not any(lemma(t) in PARTY_GROUP_NOUNS and t.tag_ == "NNS" for t in trigger.targets):
                        topic = topic_target(topics.get(story_index), source.country)
                        state = self.state_actor(topic) if topic else None
                        # "France, Germany and Japan decided not to support it", "Indian and Pakistani
                        # officials condemned the attack": the story's topic state is no counterpart of an
                        # act it or its government takes part in ("Polish and Laotian students called
                        # for elections": Laos's students may address Laos)
                        if state is not None and state.kind == "territory" and state.country == source.country \
                                and set(source.sector) & ARMED_CHALLENGER_SECTORS:
                            state = None  # Hamas in a story of Gaza: a territory's armed groups fight others
                        if state is not None and not same_side(source, state) \
                                and not any(same_side(other, state) and not set(other.sector) - OWN_FORCE_SECTORS
                                            for (other, _), _ in dyads):
                            target = replace(state, country_basis="discourse")
                    if target is None and cameo.root == "14" and source.country and not is_headline \
                            and (set(source.sector) & PROTESTING_SECTORS or (source.kind == "state" and not source.sector)) \
                            and all(p is None or p.country in (None, source.country) for p in (placed, sentence_place)) \
                            and self.state_actor:
                        # "Tunisian workers went on strike", "Algerians took to the streets": people protest to
                        # their own government unless the text or the story names another party
                        target = self._placed_state(source.country, ("GOV",))
                    if cameo.code in PLAIN_STATEMENTS and target is not None and target.country_basis in GUESSED_BASES:
                        target = None  # "she told journalists": a statement to someone the text does not place
                    if code[:3] in VISIT_CODES and target is not None and target.kind in ("state", "territory") \
                            and target.country and target.country == source.country:
                        continue  # "Freeh flew to Washington": going home is no visit
                    if target is None and cameo.code in PLAIN_STATEMENTS and not self.statements_without_target:
                        continue  # a statement to no one (settings: events.statements_without_target)
                    key = (*merge_key(source, target), code,
                           date.event_date if date else published_day, factuality)
                    text = sent.text.rstrip()
                    evidence_start = sent.start_char - story_start
                    reading = readings.get(key)
                    if reading is not None and not trigger.pattern.anaphoric:
                        previous = reading
                    if reading is not None:
                        if (key, sentence_index) not in counted:
                            counted.add((key, sentence_index))
                            reading.mentions += repeats
                        if reading_is_headline(reading, clean) and not is_headline:
                            _move_evidence(reading, sentence_index, text, evidence_start, sent.start_char,
                                           trigger.words)
                        continue
                    counted.add((key, sentence_index))
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
                        plover=self.ontology.plover(code),
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
                        killed=casualties.get("killed") if harm else None,
                        injured=casualties.get("injured") if harm else None,
                        arrested=casualties.get("arrested") if cameo.root in ARREST_ROOTS else None,
                        doc_offset=sent.start_char,
                    )
                    undated = (*key[:4], published_day, key[5])
                    told = readings.get(undated) if date is not None and date.basis == "text" and undated != key \
                        else None
                    if told is not None and told.date_basis == "publication" and reading_is_headline(told, clean):
                        # "Liberian officials seize navy craft" (headline), "... seized a craft ... Friday":
                        # the headline told the act the body dates
                        readings[key].mentions += told.mentions
                        del readings[undated]
                    if not trigger.pattern.anaphoric:
                        previous = readings[key]
                    if date is not None and date.basis == "text" and date.precision == "day" \
                            and cameo.root in VERBAL_ROOTS and source.kind == "person" and factuality == "asserted":
                        spoke_on[(story_index, source.id)] = date
        return _statements_with_acts_dropped(list(readings.values()))


def _statements_with_acts_dropped(readings: list[Reading]) -> list[Reading]:
    """"Erdogan told parliament the killing was a savage murder and called on Riyadh to ...": a plain
    statement (010) whose speaker does something else in the same sentence is told by that act."""
    acting = {(r.sentence_index, r.source.id) for r in readings if r.cameo.code not in PLAIN_STATEMENTS}
    return [r for r in readings if r.cameo.code not in PLAIN_STATEMENTS or r.mentions > 1
            or (r.sentence_index, r.source.id) not in acting]


def _absorbed(token: Token, violent: set[int], violent_nouns: set[int]) -> bool:
    """A killing verb inside a violent event coded above it, or whose subject is the event noun."""
    if any(verb.i in violent for verb in governing_chain(token)):
        return True
    found, _ = subjects(token)
    return any(s.i in violent_nouns for s in found)


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


def _quote_around(quotes: Sequence[Quote], offset: int) -> Quote | None:
    for quote in quotes:
        if quote.start <= offset < quote.end:
            return quote
    return None


__all__ = ["EventCoder", "EventDate", "EventPlace", "same_side", "stable_id", "lemma"]
