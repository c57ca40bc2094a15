"""The event coder: sentences -> readings, with actors, factuality, date, place, quote and counts.

For every trigger (a verb or an event noun that a pattern names) the matcher finds the source and
target phrases in the parse; the coder maps them to the actors already resolved and emits one
reading per (source, target) dyad. A sentence with no pattern yields nothing: there is no fallback
code. Date, place, factuality and quote come from the mentions found before this stage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..actors import DocActors
from ..actors.context import AGENT_PARTICIPLES, COUNT_NOUNS
from ..knowledge.ontology import Ontology
from ..knowledge.patterns import PatternSet
from ..quotes import indirect_quote
from ..records import Actor, CleanDoc, Place, PlaceMention, Quote, Reading, TimeExpr
from .arguments import (
    AUTHORING_PARTICIPLES,
    agents,
    brokered_parties,
    contact_clause_subjects,
    drafters,
    expand_conjuncts,
    infinitive_objects,
    is_passive,
    lemma,
    object_candidates,
    prep_objects,
    subjects,
    summarised_act_doers,
)
from .background import matter_of_inquiry, too_old, years_before
from .casualties import count_casualties
from .declared import declared
from .discourse import SPORTS_ROOTS, sports_stories, story_topics, topic_target
from .factuality import announcing_verb, factuality_of
from .hosting import HOSTED_CODES, HOSTING_CODE, hosts_of
from .matching import VISIT_CODES, Trigger, TriggerMatcher, governing_chain
from .occurrence import accidental, asked_for, prevented, proposed, toll, wished
from .placing import one_country_placed, place_modifier
from .repression import repression_code
from .requests import demanded, time_for
from .sides import (
    GUESSED_BASES,
    ActorRef,
    Dyad,
    merge_key,
    own_state,
    partners,
    same_side,
    sense_filter,
    split_phrases,
)

VIOLENT_ROOTS = {"18", "19", "20"}
# Roots whose readings carry the sentence's counts of killed and injured, and of arrested people.
HARM_ROOTS = VIOLENT_ROOTS | {"14", "17"}
ARREST_ROOTS = {"17"}
# "Albania and Italy patched up their differences": coordinated parties of a cooperative act with no
# other target act on each other.
MUTUAL_ROOTS = {"04", "06"}
# Acts whose noun's "anti-X" modifier names their target: disapproval, rejection, threats, protests, riots.
STANCE_TARGET_ROOTS = {"11", "12", "13", "14", "18"}
# Nouns naming a part of a group, which acts as the group ("a rebel faction", "the armed wing of X").
PART_NOUNS = {"faction", "wing", "splinter", "offshoot", "cell", "branch", "unit", "element", "member", "leadership",
              "supporter", "loyalist", "remnant", "partisan", "follower"}
FOLLOWER_NOUNS = {"supporter", "loyalist", "partisan", "follower"}
# ... and these codes of 03 and 05: intent to meet or cooperate, relations, agreements. Praise, support,
# pledges and apologies are one-way: "a position which China and Russia supported" is no act between them.
MUTUAL_CODES = {"030", "0311", "0312", "036", "050", "054", "055", "056", "057"}
# A plain statement (010 make statement, 011 decline comment) to no one is not coded by default; the
# specific comments (pessimism, optimism, denial, sympathy ... 012-019) are, with or without a target.
PLAIN_STATEMENTS = {"01", "010", "011"}
# Material acts with no target named take the state where the sentence places them as target.
PLACE_TARGET_ROOTS = {"06", "07", "15", "17", "18", "19", "20"}
# Acts (a plain statement excepted) with no target named in the sentence or its place take the story's
# topic state (discourse.py).
DISCOURSE_TARGET_ROOTS = {f"{n:02d}" for n in range(1, 21)}
# Acts between two parties other than the source (mediation): one topic state is not their target.
BETWEEN_PARTIES = {"045"}
# Coordinated parties of a mutual act ("A and B met") act on each other pairwise up to this many;
# beyond, each party is read once, towards the first other party named.
MAX_PAIRWISE_PARTIES = 3
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
# Words that count people: "thousands of Kurds", "dozens of Palestinians", "some 50,000 of them".
QUANTITY_WORDS = COUNT_NOUNS | {"hundred", "thousand", "dozen", "crowd", "crowds", "groups", "many", "some", "most"}
OWN_FORCE_SECTORS = {"MIL", "GOV", "COP", "SPY"}
# Violent acts whose perpetrator the text does not name ("Tueni was killed in a car bomb blast", "a
# blast damaged the U.S. embassy"): coded with an unidentified source when the victim is named, as
# expert coders do (settings: events.unidentified_perpetrators).
UNATTRIBUTED_ROOTS = {"18", "20"}
# Acts only a state's police do (arrest or detain, seize goods): passive with no agent or place named,
# they are the police's of the story's state.
HOME_AGENT_CODES = ("173", "1711")
# "the wounded hostages", "chat with the wounded": a participle naming or describing people, not an act
PARTICIPLE_AS_NOUN = {"amod", "pobj", "dobj", "nsubj", "nsubjpass", "compound", "appos"}
# Texts that speak for their authors ("the resolution called on ...", "a motion presented by X urged ...").
DOCUMENT_NOUNS = {"resolution", "motion", "draft", "statement", "declaration", "communique", "communiqué", "report",
                  "letter", "text", "bill", "proposal", "memorandum", "note", "petition"}
# Acts done in words (statements, appeals, intents, praise, demands, criticism, rejections, threats).
VERBAL_ROOTS = {"01", "02", "03", "05", "10", "11", "12", "13"}
UNIDENTIFIED = Actor(id="unidentified", name="Unidentified perpetrator", kind="unknown")
# Coercion by a state or its police, forces, government or courts that, with no one else named in the text
# or the story, falls on its own people.
DOMESTIC_ROOTS = {"17"}
DOMESTIC_SECTORS = {"COP", "GOV", "MIL", "JUD", "SPY"}
# People who protest to their own government when the text names no other party.
PROTESTING_SECTORS = {"CVL", "OPP", "LAB", "EDU", "REL", "HLH", "MED"}
OWNER_DEPS = ("poss", "compound", "amod", "nmod")
# Acts that are declarations whatever their condition: "offered aid if it cooperates" (03), "warned of
# strikes if Iraq does not back down" (13) are made; a hypothetical act of another kind is not an event.
DECLARATION_ROOTS = {"03", "13"}
# Acts whose "from" phrase is a place, not who did them ("the withdrawal from Iraq", "an attack from Gaza").
PLACE_FROM_ROOTS = {"08", "15", "16", "17", "18", "19", "20"}
# Force postures: troops sent or massed towards another state.
POSTURE_ROOTS = {"15"}
# "signed an accord to supply Egypt with wheat": agreements and intents whose counterpart is the
# object of the act agreed on or intended.
INFINITIVE_TARGET_ROOTS = {"03", "05"}
# Meetings and agreements, whose place is often a third country's venue: it does not tell whose
# story-guessed rebels or police took part, as the place of a clash does ("clashed with militia in Basra").
VENUE_ROOTS = {"04", "05"}
# Reactions in words: to an act summed up by a noun ("a move Taipei condemned"), they are to its doer.
REACTION_ROOTS = {"01", "02", "05", "10", "11", "12", "13"}
# Rejections and criticism of a text are aimed at whoever drafted it, when the text says so.
DRAFTER_TARGET_ROOTS = {"11", "12"}
# Agreeing with someone, a view shared (CAMEO 019).
SHARED_VIEW_CODE = "019"
# Nouns for a state's executive that, unowned ("the government"), are the source's own.
EXECUTIVE_NOUNS = {"government", "authorities", "cabinet"}


def _idle_weapon(trigger: Trigger, dyads: list[Dyad], kept: list[tuple[Trigger, list[Dyad]]]) -> bool:
    """An event noun with no one behind it and no one hit, whose killing verb is coded on its own."""
    if not trigger.pattern.is_noun or not all(source is UNIDENTIFIED and target is None
                                              for (source, _), target in dyads):
        return False
    return any(_absorbed(other.token, {trigger.token.i, trigger.anchor.i}, {trigger.token.i})
               for other, _ in kept if other.pattern.absorbed)


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


class EventCoder:
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

    def actors_of(self, tokens: Sequence[Token], actors: DocActors, owners: bool = False,
                  quote_speaker: Actor | None = None) -> list[ActorRef]:
        """The actors the phrases name; with `owners`, the owner of a thing ("Hamas targets" -> Hamas)."""
        out: list[ActorRef] = []
        seen: set[str] = set()

        def add(actor: Actor, text: str) -> None:
            if actor.id not in seen:
                seen.add(actor.id)
                out.append((actor, text))

        for token in split_phrases(tokens):
            phrases = expand_conjuncts(token)
            named_appositive = any(p.dep_ == "appos" and (actors.at(p) or actors.latent_at(p)) for p in phrases)
            for conj in phrases:
                if named_appositive and conj.i == token.i and not (actors.at(conj) or actors.latent_at(conj)):
                    continue  # "a fellow NATO member, Turkey": the appositive names the actor, not the owner
                mention = actors.at(conj) or actors.latent_at(conj)
                if mention is not None and mention.actors:
                    for actor in mention.actors:
                        add(actor, mention.text)
                    continue
                held = [m for o in prep_objects(conj, ("of",)) for ap in o.children if ap.dep_ == "appos"
                        for m in [actors.at(ap)] if m is not None and any(a.kind == "person" for a in m.actors)] \
                    if conj.pos_ == "NOUN" else []
                if held:
                    # "The presidential candidate of France's Socialist Party, Segolene Royal, arrived":
                    # the parser hangs the name on the owner; it names the holder of the office
                    for actor in held[0].actors:
                        add(actor, held[0].text)
                    continue
                if conj.lower_ in FIRST_PERSON and quote_speaker is not None:
                    add(quote_speaker, conj.text)  # "we exchanged notes", said the minister
                    continue
                if lemma(conj) in PART_NOUNS:
                    # "a breakaway rebel faction", "the military wing of Hamas", "members of the
                    # opposition": a part of a group acts as that group
                    parts = [c for c in conj.children if c.dep_ in ("compound", "amod", "poss", "nmod")] \
                        + prep_objects(conj, ("of",))
                    named = [m for c in parts for m in [actors.at(c)] if m is not None and m.actors]
                    # the modifier nearest the noun names the group ("a Kenyan opposition faction")
                    named = sorted(named, key=lambda m: -m.head)[:1]
                    for mention in named:
                        for actor in mention.actors:
                            if actor.kind == "person" and lemma(conj) in FOLLOWER_NOUNS and actor.country \
                                    and self.state_actor is not None:
                                # "Gbagbo partisans": a leader's followers are his country's people, not him
                                actor = self.state_actor(actor.country, ("CVL",)) or actor
                            add(actor, mention.text)
                    if named:
                        continue
                if conj.lower_ in QUANTITY_WORDS or conj.pos_ == "NUM":
                    # "thousands of Kurds demonstrated": the people counted act
                    # ("thousands of Muslim Brotherhood supporters": the counted phrase is read as any other)
                    counted = self.actors_of(prep_objects(conj, ("of",)), actors, owners, quote_speaker)
                    for actor, text in counted:
                        add(actor, text)
                    if counted:
                        continue
                if conj.pos_ == "NOUN" and self.matcher.candidates(conj):
                    # "a suicide bombing claimed by the Taliban killed 12 soldiers": who claimed or carried
                    # out the event did what it did
                    authors = [m for acl in conj.children if acl.dep_ == "acl" and lemma(acl) in AUTHORING_PARTICIPLES
                               for o in agents(acl) for m in [actors.at(o)] if m is not None and m.actors]
                    for mention in authors[:1]:
                        for actor in mention.actors:
                            add(actor, mention.text)
                    if authors:
                        continue
                if lemma(conj) in DOCUMENT_NOUNS:
                    # "a motion presented by the Netherlands called on Tehran to ...": its author speaks
                    authors = [m for acl in conj.children if acl.dep_ == "acl" for agent in acl.children
                               if agent.dep_ == "agent" for o in agent.children if o.dep_ == "pobj"
                               for m in [actors.at(o)] if m is not None and m.actors]
                    for mention in authors[:1]:
                        for actor in mention.actors:
                            add(actor, mention.text)
                    if authors:
                        continue
                for owner, text in self._owners(conj, actors, deep=owners):
                    add(owner, text)
        return out

    def _owners(self, token: Token, actors: DocActors, deep: bool) -> list[ActorRef]:
        """Actors named inside a phrase that is not itself an actor: its modifiers, then (for targets)
        its "of"/"in" complements and, for an event noun, the event's agent."""
        found: list[ActorRef] = []
        for child in token.lefts:
            # "rebuffed US calls": a request parsed as a clause has its owner as subject
            if child.dep_ in OWNER_DEPS or (child.dep_ == "nsubj" and token.pos_ == "VERB"):
                # "U.S. and British objections": each of coordinated owners (actors_of drops repeats)
                owners = [child] + [c for c in child.conjuncts if child.i < c.i < token.i]
                if child.dep_ == "amod" and child.lower_ in AGENT_PARTICIPLES:
                    # "the Saudi-led decision", "an Egyptian-drafted resolution": the participle's agent
                    owners += [c for c in child.children if c.dep_ in ("npadvmod", "compound", "nmod")]
                for owner in owners:
                    mention = actors.at(owner)
                    if mention is not None and mention.actors and mention.head != token.i:
                        found.extend((a, mention.text) for a in mention.actors)
        if deep:  # "the steps the United States has taken": the subject of a contact clause did it
            found += [(a, m.text) for s in contact_clause_subjects(token) for m in [actors.at(s)]
                      if m is not None for a in m.actors]
        if found or not deep:
            return found
        complements = ("of", "in", "near", "across")
        if self.matcher.candidates(token) and token.pos_ in ("NOUN", "PROPN"):
            # "condemned the attack by rebels": the target of the condemnation is the attacker;
            # "welcomed the resumption of ties with X", "welcomed talks between A and B": the parties
            # of a cooperative event (never the victim of a violent one)
            # "the sanctions imposed by Washington": the agent of a participle describing the event too
            described = [a for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN" for a in agents(c)]
            # "brushed aside the criticism from Washington", "declined the request from Austria": "from"
            # names the one who spoke or asked (for a withdrawal or an attack it is a place)
            event = self.matcher.match(token, governed=True)
            speakers = prep_objects(token, ("from",)) if event is not None and event.code[:2] not in PLACE_FROM_ROOTS \
                else []
            for agent in prep_objects(token, ("by",)) + described + speakers:
                mention = actors.at(agent) or actors.latent_at(agent)  # "from Washington": the government
                if mention is not None:
                    found.extend((a, mention.text) for a in mention.actors)
            if not found and event is not None and event.code[:2] < "09":
                found = self.actors_of(event.targets or event.sources, actors)
            if found or event is not None:
                return found
            # "camps in Afghanistan": a word some event pattern knows ("protest camps") that is no event
            # here is placed like any thing ("the return of Elian" is still an act, Elian not its party)
            complements = ("in", "near", "across")
        # "a craft belonging to the Sierra Leone Navy", "assets owned by the Iranian state"
        owned = [o for acl in token.children if acl.dep_ == "acl" and lemma(acl) in ("belong", "own")
                 for o in prep_objects(acl, ("to",)) + agents(acl)]
        pobjs = prep_objects(token, complements) + owned
        # "camps in Afghanistan and a chemical plant in Sudan": the parser hangs the second thing on the
        # first one's place; the place of that thing is named too
        pobjs += [place for pobj in pobjs for thing in pobj.conjuncts if thing.i > pobj.i and thing.pos_ == "NOUN"
                  and actors.at(thing) is None for place in prep_objects(thing, ("in",))]
        for pobj in pobjs:
            mention = actors.at(pobj)
            if mention is not None and mention.actors:
                found.extend((a, mention.text) for a in mention.actors)
        return found

    # ------------------------------------------------------------------ triggers of a sentence

    def _statement_subject(self, verb: Token, source: Actor, actors: DocActors) -> ActorRef | None:
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
        found: dict[str, ActorRef] = {}
        for clause in clauses:
            for token in clause.subtree:
                mention = actors.at(token)
                for actor in mention.actors if mention is not None else ():
                    if actor.kind in ("state", "territory", "organization") and not same_side(source, actor) \
                            and actor.country != source.country:
                        found.setdefault(actor.country or actor.id, (actor, mention.text))
        return next(iter(found.values())) if len(found) == 1 else None

    def _in_place(self, actor: Actor, placed: Place | None) -> Actor:
        """An actor whose country came from the story ("rebels", "police") belongs to the country where
        the sentence places the act, when that is another."""
        if actor.country_basis != "story" or placed is None or not placed.country or placed.country == actor.country \
                or actor.kind == "person" or self.state_actor is None:
            return actor
        moved = self.state_actor(placed.country, actor.sector)
        return replace(moved, country_basis="place") if moved is not None else actor

    def _placed_state(self, country: str, sector: tuple[str, ...] = ()) -> Actor | None:
        """The state (or one of its sectors) an act falls on because of where it is done or who does it,
        marked as found by place."""
        actor = self.state_actor(country, sector) if self.state_actor else None
        return replace(actor, country_basis="place") if actor is not None else None

    def _role_ok(self, trigger: Trigger, actors: DocActors) -> bool:
        """A pattern with a source sense fires only for a source of that type."""
        pattern = trigger.pattern
        if not (pattern.subject_role or pattern.not_source_role):
            return True
        return bool(sense_filter(self.actors_of(trigger.sources, actors), pattern.subject_role,
                                  pattern.not_source_role))

    def _dyads(self, trigger: Trigger, actors: DocActors, speaker: Actor | None) -> list[Dyad]:
        source_tokens = trigger.sources
        if trigger.pattern.is_noun and trigger.code[:2] in VIOLENT_ROOTS:
            source_tokens = [t for t in source_tokens if not place_modifier(t, actors)]
        sources = self.actors_of(source_tokens, actors, quote_speaker=speaker)
        if trigger.pattern.is_noun and trigger.code[:2] in VIOLENT_ROOTS and len(sources) > 1 \
                and any(not s[0].country_basis for s in sources):
            # "Hezbollah guerrilla attacks": the modifiers name one party; a role noun among them whose
            # country is only the story's guess is that party's, not another side
            sources = [s for s in sources if s[0].country_basis not in GUESSED_BASES]
        if not sources and trigger.unsaid_agent:
            # "Lavrov said there will be an agreement": the speaker's side is the party that says so
            reported = indirect_quote(trigger.anchor, actors)
            if reported is not None and reported.speaker is not None and reported.speaker_text:
                sources = [(reported.speaker, reported.speaker_text)]
        pattern = trigger.pattern
        if pattern.subject_role or (pattern.not_source_role and sources):
            sources = sense_filter(sources, pattern.subject_role, pattern.not_source_role)
            if not sources:
                return []  # another sense of the word: the next pattern may fit
        if not sources and trigger.code.startswith(HOME_AGENT_CODES) and not pattern.is_noun \
                and is_passive(trigger.anchor) and actors.home[0] and self.state_actor:
            # "He was detained Wednesday": arrests, expulsions and seizures with no agent or place named
            # are the work of the authorities where the story is (the dateline's state first)
            state = self.state_actor(actors.home[0], ("COP",))
            if state is not None:
                sources = [(replace(state, country_basis=actors.home[1]), "")]
        unattributed = not sources and self.unidentified_perpetrators and trigger.code[:2] in UNATTRIBUTED_ROOTS \
            and pattern.target != "none" and (pattern.is_noun or trigger.anchor.dep_ not in PARTICIPLE_AS_NOUN)
        if unattributed:
            # the victim is the one the act names, not an owner found deeper in its phrase ("wiped out the
            # morning session of the Test between India and Sri Lanka" has no victim)
            victims = self.actors_of(trigger.targets, actors, quote_speaker=speaker)
            if not victims and any(self.actors_of([t], actors, owners=True) for t in trigger.targets):
                return []
            sources = [(UNIDENTIFIED, "")]
        # A PETRARCH pattern's target ("any") is the first phrase after the verb that names an actor
        # (with its conjuncts), not every actor of the verb phrase ("condemned an attack by X in Y": X)
        first = pattern.target == "any"
        own = {s[0].country for s in sources if s[0].country}  # the sources' own countries
        targets = self._targets(trigger.targets, actors, speaker, first, sources)
        if not targets and len(own) == 1 and self.state_actor is not None \
                and any(unowned_government(t) for t in trigger.targets):
            # "Japan's lower house called on the government to ...", "the opposition urged the government to
            # resign": a government no one's is the source's own
            state = self.state_actor(next(iter(own)), ("GOV",))
            targets = [(state, "the government")] if state is not None else []
        if trigger.code[:2] in POSTURE_ROOTS and any(t[0].country and t[0].country not in own for t in targets):
            # "troops will be sent to Albania" misparsed with "in Rome": a force sent abroad is no
            # posture towards its own state
            targets = [t for t in targets if not t[0].country or t[0].country not in own]
        if pattern.target != "none" and trigger.code[:2] in INFINITIVE_TARGET_ROOTS \
                and all(any(same_side(s[0], t[0]) for s in sources) for t in targets):
            # "signed an accord to supply Egypt with wheat": the counterpart is whom the act agreed on
            # is done to, when the trigger itself names no other party
            extra = self.actors_of(infinitive_objects(trigger.anchor, *trigger.targets), actors,
                                   quote_speaker=speaker)
            # "agreed to withdraw Russian troops": a thing of a party's own country is no counterpart
            targets += [t for t in extra if t not in targets and t[0].country not in own]
        if pattern.target == "clause":
            # "Upton warned they would take action": the source's own side in the clause is no target
            targets = [t for t in targets if not any(own_state(s[0], t[0]) for s in sources)]
        if trigger.fallback_targets and targets and all(any(own_state(s[0], t[0]) for s in sources) for t in targets):
            targets = []  # "rebuffed Martin's criticisms of US policies": the source's own state is no target
        if not targets and trigger.fallback_targets:
            targets = self._targets(trigger.fallback_targets, actors, speaker, first, sources)
            # "Greece promised 700 troops": forces or officials whose owner the text leaves unnamed are
            # the source's own, not the story's country's ("expelled two Indian diplomats" names it)
            # (a guess of the source's own country stands: "parliament sacked Foreign Minister X")
            targets = [t for t in targets if t[0].country_basis not in GUESSED_BASES
                       or not set(t[0].sector) & OWN_FORCE_SECTORS or t[0].country in own]
            if trigger.pattern.content_parties:
                # only other states and territories named in the content are counterparts
                targets = [t for t in targets if t[0].kind in ("state", "territory") and not t[0].sector
                           and (t[0].country is None or t[0].country not in own)]
        if trigger.code[:2] in REACTION_ROOTS:
            # "China launched exercises, a move Taipei condemned": the reaction is to the act's doer
            doers = [t for t in self.actors_of(summarised_act_doers(trigger.anchor), actors, quote_speaker=speaker)
                     if not any(same_side(s[0], t[0]) for s in sources)]
            targets = doers or targets
        if trigger.code[:2] in DRAFTER_TARGET_ROOTS:
            # "vetoed a U.S.-drafted Security Council resolution": the veto is aimed at the drafter
            texts = [*trigger.targets, *trigger.fallback_targets]
            drafted = [t for t in self.actors_of(drafters(texts), actors, quote_speaker=speaker)
                       if not any(same_side(s[0], t[0]) for s in sources)]
            targets = drafted or targets
        if trigger.code in BETWEEN_PARTIES and all(any(same_side(s[0], t[0]) for s in sources) for t in targets):
            # "signed a ceasefire after talks brokered by the OSCE": the mediator's parties are those of the deal
            targets = [t for t in self.actors_of(brokered_parties(trigger.anchor), actors, quote_speaker=speaker)
                       if not any(same_side(s[0], t[0]) for s in sources)]
        if len(sources) > 1:
            # "US, S. Korea hope for peace talks": a party of the subject is no target of its partner
            source_ids = {s[0].id for s in sources}
            targets = [t for t in targets if t[0].id not in source_ids
                       or (t[1] or "").lower() in ("each other", "one another")]
        if pattern.target_role or pattern.not_target_role:
            # a sense is chosen by the targets named ("spoke to reporters" is no consultation); with none
            # named, coordinated subjects may still act on each other ("Bush and Gorbachev spoke")
            if targets:
                targets = sense_filter(targets, pattern.target_role, pattern.not_target_role)
                if not targets:
                    return []
            elif len(sources) < 2:
                return []
        dyads: list[Dyad] = []
        mutual = trigger.pattern.symmetric or trigger.symmetric or trigger.code[:2] in MUTUAL_ROOTS or trigger.code in MUTUAL_CODES \
            or lemma(trigger.anchor) in self.reciprocal_verbs
        if trigger.pattern.target_required and not trigger.pattern.symmetric and not trigger.symmetric:
            mutual = False  # "France and Germany examined the proposal": only "with X" names a counterpart
        if mutual and not targets and len(sources) > 1 and trigger.code not in VISIT_CODES:
            # (travellers to nowhere named do not visit each other: "Greece and Italy are expected")
            for a in sources:
                others = [b for b in sources if partners(a[0], b[0])]
                if len(sources) > MAX_PAIRWISE_PARTIES:
                    # "Britain, China, France, Russia, the US and Germany huddled": one reading per party,
                    # towards the first named other, not every pair (30 readings for one meeting)
                    others = others[:1]
                dyads.extend((a, b) for b in others)
            return dyads
        if trigger.pattern.is_noun and trigger.code[:2] in STANCE_TARGET_ROOTS:
            # "anti-American protests", "anti-French riots in Abidjan": the state the stance is against
            # (before a place the preposition names)
            opposed = [(m.actors[0], m.text) for c in trigger.token.lefts for m in [actors.opposed.get(c.i)] if m]
            opposed = [t for t in opposed if not any(same_side(s[0], t[0]) for s in sources)]
            targets = opposed or targets
        if not targets and trigger.code in VISIT_CODES and actors.home[1] == "dateline" and self.state_actor \
                and any(c.dep_ == "advmod" and c.lower_ == "here" for c in trigger.anchor.children):
            # "KUALA LUMPUR (AFP) - The Pakistani army chief arrived here Wednesday": the dateline's state
            state = self.state_actor(actors.home[0])
            if state is not None:
                targets = [(replace(state, country_basis="dateline"), "here")]
        if not targets and trigger.code in VISIT_CODES and self.state_actor is not None:
            # "during Putin's visit to Shanghai", "a trip to Hiroshima": a place no actor names is in a state
            own = {s[0].country for s in sources}
            states = {actors.place_countries.get(t.i) for t in trigger.targets} - own - {None}
            targets = [(state, t.text) for t in trigger.targets for state in [self.state_actor(
                actors.place_countries.get(t.i))] if state is not None and state.country in states][:1] \
                if len(states) == 1 else []
        if trigger.pattern.target_required and not targets and not trigger.about_event:
            return []
        for source in sources:
            kept = [t for t in targets if not same_side(source[0], t[0])]
            if not kept and not (targets and trigger.pattern.target_required):
                # no target, or only the source's own side ("Thailand declared martial law in Bangkok")
                dyads.append((source, None))
            for target in kept:
                dyads.append((source, target))
        return dyads

    def _targets(self, tokens: Sequence[Token], actors: DocActors, speaker: Actor | None,
                 first: bool, sources: list[ActorRef]) -> list[ActorRef]:
        """The target actors of the phrases; with `first`, those of the first phrase (in text order)
        that names someone other than the sources, a phrase that names its actor preferred to one
        whose country is only the story's ("fired artillery shells at Seoul": Seoul)."""
        own = {s[0].country for s in sources if s[0].country}

        def own_people(token: Token, found: list[ActorRef]) -> bool:
            # "A and B warned their populations about X": the sources' own people are not their target
            return bool(found) and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children) \
                and all(t[0].country in own for t in found)

        if not first:
            tokens = [t for t in tokens
                      if not own_people(t, self.actors_of([t], actors, owners=True, quote_speaker=speaker))]
            return self.actors_of(tokens, actors, owners=True, quote_speaker=speaker)
        guessed: list[ActorRef] = []
        for token in sorted(tokens, key=lambda t: t.i):
            found = self.actors_of([token], actors, owners=True, quote_speaker=speaker)
            if not any(not same_side(s[0], t[0]) for s in sources for t in found) and sources:
                continue
            if own_people(token, found):
                continue
            if all(t[0].country_basis for t in found):
                guessed = guessed or found
                continue
            return found
        return guessed

    def triggers(self, sent: Span, actors: DocActors | None = None,
                 speaker_of=None) -> list[tuple[Trigger, list[Dyad]]]:
        """The triggers of a sentence that name actors, each with its dyads."""
        actors = actors if actors is not None else DocActors(sent.doc)
        accepted: list[tuple[Trigger, list[Dyad]]] = []
        for token in sent:
            if token.pos_ not in ("VERB", "AUX", "NOUN", "PROPN"):
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
        # A verb pattern that required this noun as its object already coded it ("sign an agreement").
        consumed |= {o.i for trigger, _ in accepted if not trigger.pattern.is_noun and trigger.pattern.objects
                     for o in object_candidates(trigger.token, trigger.pattern.particles)}
        kept = [(t, d) for t, d in accepted if t.token.i not in consumed]
        # "Israel and Hamas agreed to a ceasefire": agreeing to an act coded on its own noun is that act,
        # not a view shared (019)
        noun_anchors = {t.anchor.i for t, _ in kept if t.pattern.is_noun and t.anchor.i != t.token.i}
        kept = [(t, d) for t, d in kept if not (t.code == SHARED_VIEW_CODE and t.token.i in noun_anchors)]
        # "a soldier was killed by a roadside bomb": a weapon with no one named behind it or hit by it
        # does not absorb the killing, which names the victim
        kept = [(t, d) for t, d in kept if not _idle_weapon(t, d, kept)]
        violent = {t.token.i for t, _ in kept if t.code[:2] in VIOLENT_ROOTS}
        violent |= {t.anchor.i for t, _ in kept if t.code[:2] in VIOLENT_ROOTS}
        violent_nouns = {t.token.i for t, _ in kept if t.code[:2] in VIOLENT_ROOTS and t.pattern.is_noun}
        out = []
        for trigger, dyads in kept:
            if trigger.pattern.absorbed and _absorbed(trigger.token, violent, violent_nouns):
                continue
            out.append((trigger, dyads))
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
            # A paired code (PETRARCH's [032:033]) also codes the target's act towards the source.
            found = found + [(replace(trigger, code=trigger.pattern.reverse_code), [(t, s) for s, t in dyads if t])
                             for trigger, dyads in found if trigger.pattern.reverse_code and any(t for _, t in dyads)]
            if locating is not None:
                found = found + [(replace(trigger, code=HOSTING_CODE), hosts) for trigger, dyads in found
                                 if trigger.code in HOSTED_CODES and (hosts := hosts_of(trigger, dyads, locating, places))]
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
                                       self.patterns.classes.get("protesting_people", ()))
                date = dating(trigger.anchor, factuality) if dating else None
                if said_later and factuality == "asserted" and dating and date is not None and date.basis == "text":
                    # "Qian will visit the US next week, a spokesman said Tuesday": the intent is
                    # expressed when said (CODING.md dates a promise by the promise), not next week
                    said = dating(announcing_verb(trigger.anchor), factuality)
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
                        or years_before(trigger.anchor, self.max_days_before_publication):
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
                    source = self._in_place(source, home)
                    target = self._in_place(target, home) if target is not None else None
                    if target is None and placed is not None and cameo.root in PLACE_TARGET_ROOTS \
                            and placed.country and placed.country != source.country and self.state_actor:
                        # "US warplanes bombed positions near Mosul": the state where the act took place
                        target = self.state_actor(placed.country)
                        target_text = place[1] if target is not None else None
                    where = placed or sentence_place
                    if target is None and where is not None and cameo.root in VIOLENT_ROOTS and self.state_actor \
                            and set(source.sector) & OWN_FORCE_SECTORS and where.country == source.country:
                        # "Syrian forces shelled villages in Idlib", "Iraqi forces launched an offensive near
                        # Mosul": a state's forces fighting at home fight some of its own
                        target = self._placed_state(where.country)
                    if target is None and where is not None and cameo.root in HARM_ROOTS and self.state_actor \
                            and source.country_basis == "place" and where.country == source.country:
                        # "an insurgent detonated himself near Kirkuk, killing three officers": the
                        # insurgent is Iraq's because the blast is there, and so are those it harms
                        target = self._placed_state(where.country)
                    if target is None and cameo.root in DOMESTIC_ROOTS and source.country and not is_headline \
                            and (set(source.sector) & DOMESTIC_SECTORS or (source.kind == "state" and not source.sector)) \
                            and (placed is None or placed.country in (None, source.country)) and self.state_actor:
                        # "police raided two homes", "Iranian authorities imposed an internet shutdown", "Turkey
                        # declared a state of emergency": a state and its bodies coerce their own people unless the
                        # text names others (a headline names few: its body gives the parties)
                        target = self._placed_state(source.country, ("CVL",))
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
                            and cameo.code not in PLAIN_STATEMENTS and cameo.code not in BETWEEN_PARTIES:
                        topic = topic_target(topics.get(story_index), source.country)
                        state = self.state_actor(topic) if topic else None
                        # "France, Germany and Japan decided not to support it", "Indian and Pakistani
                        # officials condemned the attack": the story's topic state is no counterpart of an
                        # act it or its government takes part in ("Polish and Laotian students called
                        # for elections": Laos's students may address Laos)
                        if state is not None and not same_side(source, state) \
                                and not any(same_side(other, state) and not set(other.sector) - OWN_FORCE_SECTORS
                                            for (other, _), _ in dyads):
                            target = replace(state, country_basis="discourse")
                    if target is None and cameo.root == "14" and source.country and not is_headline \
                            and set(source.sector) & PROTESTING_SECTORS \
                            and all(p is None or p.country in (None, source.country) for p in (placed, sentence_place)) \
                            and self.state_actor:
                        # "Tunisian workers went on strike", "thousands of Algerians marched": people protest to
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
        return list(readings.values())


def _absorbed(token: Token, violent: set[int], violent_nouns: set[int]) -> bool:
    """A killing verb inside a violent event coded above it, or whose subject is the event noun."""
    if any(verb.i in violent for verb in governing_chain(token)):
        return True
    found, _ = subjects(token)
    return any(s.i in violent_nouns for s in found)


def unowned_government(token: Token) -> bool:
    """'the government' with nothing saying whose (no possessor, demonym or name)."""
    return lemma(token) in EXECUTIVE_NOUNS and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) \
        and not any(c.dep_ in ("poss", "amod", "compound", "nmod") or (c.dep_ == "prep" and c.lower_ in ("of", "in"))
                    for c in token.children)


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
