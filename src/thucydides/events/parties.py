"""Who did it to whom: the parties of a trigger, read from the grammar around it (subjects, objects,
prepositions, owners, the parties of a mutual act, a text's drafter, a mediator's parties) and resolved to
actors. The coder (coder.py) reads each sentence's triggers with these parties into readings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from ..actors import DocActors
from ..actors.context import AGENT_PARTICIPLES, COUNT_NOUNS, HEAD_NOUNS
from ..quotes import indirect_quote
from ..records import Actor, Place
from .aims import purpose_partners
from .arguments import (
    AUTHORING_PARTICIPLES,
    DOCUMENT_NOUNS,
    agents,
    brokered_parties,
    condition_subjects,
    contact_clause_subjects,
    drafters,
    expand_conjuncts,
    infinitive_objects,
    is_passive,
    lemma,
    occasion_doers,
    prep_objects,
    subjects,
    summarised_act_doers,
)
from .nouns import VISIT_CODES
from .placing import place_modifier
from .sides import (
    GUESSED_BASES,
    OWN_FORCE_SECTORS,
    ActorRef,
    Dyad,
    own_state,
    partners,
    same_side,
    sense_filter,
    split_phrases,
)
from .trigger import Trigger

VIOLENT_ROOTS = {"18", "19", "20"}
# Participles that say who holds a place ("rebel-held", "Houthi-controlled", "Taliban-run").
HOLDING_VERBS = {"hold", "control", "occupy", "run", "dominate"}
# "Albania and Italy patched up their differences": coordinated parties of a cooperative act with no
# other target act on each other.
MUTUAL_ROOTS = {"04", "06"}
# Acts whose noun's "anti-X" modifier names their target: disapproval, rejection, threats, protests, riots.
STANCE_TARGET_ROOTS = {"11", "12", "13", "14", "18"}
# Nouns naming a part of a group, which acts as the group ("a rebel faction", "the armed wing of X").
PART_NOUNS = {"faction", "wing", "splinter", "offshoot", "cell", "branch", "unit", "element", "member", "leadership",
              "supporter", "loyalist", "remnant", "partisan", "follower"}
FOLLOWER_NOUNS = {"supporter", "loyalist", "partisan", "follower"}
# Nouns of one who leads or speaks for a body the actor dictionaries may not pair with a role: "the head of
# the U.N. nuclear watchdog", "the chief of the Pakistani army", "a spokesman for the ministry" act as it.
# ... of those, the ones whose "for" phrase names the body ("an envoy for Syria" is no envoy of Syria's).
SPEAKING_FOR_NOUNS = {"spokesman", "spokeswoman", "spokesperson"}
# ... and these codes of 03 and 05: intent to meet or cooperate, relations, agreements. Praise, support,
# pledges and apologies are one-way: "a position which China and Russia supported" is no act between them.
MUTUAL_CODES = {"030", "0311", "0312", "036", "050", "054", "055", "056", "057"}
# Acts between two parties other than the source (mediation): one topic state is not their target.
BETWEEN_PARTIES = {"045"}
# Coordinated parties of a mutual act ("A and B met") act on each other pairwise up to this many;
# beyond, each party is read once, towards the first other party named.
MAX_PAIRWISE_PARTIES = 3
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
# Words that count people: "thousands of Kurds", "dozens of Palestinians", "some 50,000 of them".
QUANTITY_WORDS = COUNT_NOUNS | {"hundred", "thousand", "dozen", "crowd", "crowds", "groups", "many", "some", "most"}
# Nouns of an accusation, whose author a denial answers.
ACCUSATION_NOUNS = {"accusation", "allegation", "charge", "claim", "assertion", "insinuation"}
# Shares of a body that act for it: "the majority in parliament", "a minority of the deputies".
SHARE_WORDS = {"majority", "minority"}
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
# Verbs of putting out a text: an unsigned text says what the one who put it out says.
ISSUING_VERBS = {"release", "issue", "publish", "present", "submit", "table", "circulate", "send", "deliver", "adopt",
                 "unveil", "put"}
UNIDENTIFIED = Actor(id="unidentified", name="Unidentified perpetrator", kind="unknown")
OWNER_DEPS = ("poss", "compound", "amod", "nmod")
# Acts whose "from" phrase is a place, not who did them ("the withdrawal from Iraq", "an attack from Gaza").
PLACE_FROM_ROOTS = {"08", "15", "16", "17", "18", "19", "20"}
# Force postures: troops sent or massed towards another state.
POSTURE_ROOTS = {"15"}
# "signed an accord to supply Egypt with wheat": agreements and intents whose counterpart is the
# object of the act agreed on or intended.
INFINITIVE_TARGET_ROOTS = {"03", "05"}
# Reactions in words: to an act summed up by a noun ("a move Taipei condemned"), they are to its doer.
REACTION_ROOTS = {"01", "02", "05", "10", "11", "12", "13"}
# Rejections and criticism of a text are aimed at whoever drafted it, when the text says so.
DRAFTER_TARGET_ROOTS = {"11", "12"}
# Threats and warnings, aimed at whose act they are conditioned on when they name no one else.
THREAT_ROOTS = {"13"}
# Nouns for a state's executive that, unowned ("the government"), are the source's own.
EXECUTIVE_NOUNS = {"government", "authorities", "cabinet"}


class PartyFinder:
    """The parties of triggers; mixed into EventCoder, whose __init__ sets matcher, state_actor and the settings."""

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
                if mention is not None and mention.actors and owners and mention.how == "unknown" \
                        and conj.pos_ == "PROPN" and any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in conj.children):
                    # "seized the British-flagged oil tanker Stena Impero": a thing's name the knowledge base
                    # does not know; the thing's owner is the party
                    found = [ref for c in conj.children if c.dep_ == "compound" and c.pos_ == "NOUN"
                             for ref in self._owners(c, actors, deep=False)]
                    if found:
                        for actor, text in found:
                            add(actor, text)
                        continue
                holders = [m for a in conj.children if a.dep_ == "amod" and lemma(a) in HOLDING_VERBS
                           for c in a.children if c.dep_ in ("npadvmod", "compound", "nmod")
                           for m in [actors.at(c)] if m is not None and m.actors]
                if holders and (mention is None or mention.how == "unknown" or not mention.actors):
                    # "pounded rebel-held eastern Ghouta": a place the knowledge base does not know, held by
                    # those the hyphened word names
                    for actor in holders[0].actors:
                        add(actor, holders[0].text)
                    continue
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
                if lemma(conj) in HEAD_NOUNS and conj.pos_ == "NOUN":
                    preps = ("of", "for") if lemma(conj) in SPEAKING_FOR_NOUNS else ("of",)
                    led = [m for o in prep_objects(conj, preps) for m in [actors.at(o)] if m is not None and m.actors]
                    for actor in led[0].actors if led else ():
                        add(actor, led[0].text)
                    if led:
                        continue
                if conj.lower_ in QUANTITY_WORDS or conj.pos_ == "NUM" or conj.lower_ in SHARE_WORDS:
                    # "thousands of Kurds demonstrated": the people counted act
                    # ("thousands of Muslim Brotherhood supporters": the counted phrase is read as any other;
                    # "the pro-Russian majority in Ukraine's parliament sacked ...": the body acts)
                    preps = ("of", "in") if conj.lower_ in SHARE_WORDS else ("of",)
                    counted = self.actors_of(prep_objects(conj, preps), actors, owners, quote_speaker)
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
                    if not authors and conj.dep_ == "dobj" and lemma(conj.head) in ISSUING_VERBS \
                            and not self._owners(conj, actors, deep=False):
                        # "Amnesty released a report accusing Syria of torture": the one who issued it
                        authors = [m for s in subjects(conj.head)[0] for m in [actors.at(s)] if m is not None and m.actors]
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

    def _accuser(self, sent: Span, source: Actor, actors: DocActors) -> ActorRef | None:
        """Whom a denial answers when its sentence names the accusation's author ("Iran denied any
        involvement, with Zarif saying U.S. accusations amounted to ...", "calling British allegations
        absurd"): the one actor named on an accusation noun, not on the denier's side."""
        found: dict[str, ActorRef] = {}
        for noun in sent:
            if noun.pos_ != "NOUN" or noun.lemma_.lower() not in ACCUSATION_NOUNS:
                continue
            owners = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
            owners += prep_objects(noun, ("by", "from"))
            for owner in owners:
                mention = actors.at(owner)
                for actor in mention.actors if mention is not None else ():
                    if not same_side(source, actor) and (actor.country or actor.id) != (source.country or source.id):
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
        if trigger.code[:2] in VIOLENT_ROOTS and sources and all(
                s[0].country_basis in ("place", *GUESSED_BASES) and s[0].kind not in ("person", "organization")
                for s in sources):
            # "A suicide bomber rammed a car into a convoy ..., in an attack claimed by Jaish-e-Mohammed": an
            # attacker the text does not name is the one the sentence blames or that claims it
            sources = self.actors_of(blamed(trigger.anchor.sent), actors, quote_speaker=speaker) or sources
        if not sources and trigger.code[:2] in VIOLENT_ROOTS:
            # "40 people were killed in a chemical attack, rescue workers said, blaming government forces",
            # "a truck bomb ..., which officials blamed on al-Shabaab": the one the sentence blames
            sources = self.actors_of(blamed(trigger.anchor.sent), actors, quote_speaker=speaker)
            if not sources:
                # "four soldiers were killed when militants ambushed their patrol": the ambushers killed them
                sources = self.actors_of(occasion_doers(trigger.anchor), actors, quote_speaker=speaker)
        unattributed = not sources and self.unidentified_perpetrators and (
            trigger.code[:2] in UNATTRIBUTED_ROOTS
            # "the shelling of residential districts killed five civilians": fighting that does harm
            or trigger.code[:2] == "19" and pattern.is_noun and trigger.token.dep_ == "nsubj"
            and trigger.token.head.pos_ == "VERB") \
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
        if not targets and trigger.fallback_targets \
                and not (pattern.target == "prep" and pattern.symmetric and len(sources) > 1):
            # ("Merkel and Macron discussed Iran by telephone": partners named together speak to each
            # other; what they discuss is no counterpart)
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
        def others(tokens: Sequence[Token]) -> list[ActorRef]:
            """The actors the phrases name that are not on a source's side."""
            return [t for t in self.actors_of(tokens, actors, quote_speaker=speaker)
                    if not any(same_side(s[0], t[0]) for s in sources)]

        if trigger.code[:2] in REACTION_ROOTS:
            # "China launched exercises, a move Taipei condemned": the reaction is to the act's doer
            targets = others(summarised_act_doers(trigger.anchor)) or targets
        if not targets and trigger.code[:2] in THREAT_ROOTS:
            # "warned it would close the Strait of Hormuz if the United States blocked its oil exports"
            targets = others(condition_subjects(trigger.anchor))
        if trigger.code[:2] in DRAFTER_TARGET_ROOTS:
            # "vetoed a U.S.-drafted Security Council resolution": the veto is aimed at the drafter
            targets = others(drafters([*trigger.targets, *trigger.fallback_targets])) or targets
        if trigger.code in BETWEEN_PARTIES and all(any(same_side(s[0], t[0]) for s in sources) for t in targets):
            # "signed a ceasefire after talks brokered by the OSCE": the mediator's parties are those of the deal
            targets = others(brokered_parties(trigger.anchor))
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
        if mutual and not targets and len(sources) > 1:
            # "US and South Korean officials held contacts with the North Koreans to discuss peace": the
            # purpose is pursued with the partner of the act it serves, not between the subjects
            targets = others(purpose_partners(trigger.anchor))
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
            countries = {actors.place_countries.get(t.i) for t in trigger.targets} - {s[0].country for s in sources}
            countries.discard(None)
            if len(countries) == 1:
                country = countries.pop()
                state = self.state_actor(country)
                place = next(t for t in trigger.targets if actors.place_countries.get(t.i) == country)
                targets = [(state, place.text)] if state is not None else []
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


def unowned_government(token: Token) -> bool:
    """'the government' with nothing saying whose (no possessor, demonym or name)."""
    return lemma(token) in EXECUTIVE_NOUNS and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) \
        and not any(c.dep_ in ("poss", "amod", "compound", "nmod") or (c.dep_ == "prep" and c.lower_ in ("of", "in"))
                    for c in token.children)


def blamed(sent) -> list[Token]:
    """The one a sentence blames for what it tells, when it blames one: "..., rescue workers said, blaming
    Syrian government forces", "a truck bomb ..., which officials blamed on al-Shabaab"."""
    found = []
    for token in sent:
        word = token.lemma_.lower()
        if word == "claim" and token.tag_ == "VBN" and token.dep_ == "acl":
            # "in an attack claimed by Jaish-e-Mohammed": the claimant did it, by its own account
            found += [o for a in token.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        if word == "be" and any(c.dep_ == "prep" and c.lower_ == "behind" for c in token.children) \
                and not any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in token.children):
            # "officials said National Thowheeth Jama'ath was behind the bombings"
            found += [c for c in token.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN")]
        if word != "blame" or token.pos_ != "VERB":
            continue
        if token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "conj", "acl"):
            found += [o for o in token.children if o.dep_ == "dobj"]
        elif token.dep_ in ("relcl", "acl") and any(t.lower_ == "which" for t in sent[:token.i - sent.start]):
            found += prep_objects(token, ("on",))  # (the small model may hang "which officials blamed" on a noun)
        elif token.dep_ == "conj" and not prep_objects(token, ("for",)):
            # "air strikes killed 140 people, and the Houthi-run authorities blamed the Saudi-led coalition"
            found += [o for o in token.children if o.dep_ == "dobj" and o.pos_ in ("PROPN", "NOUN")]
    return found if len(found) == 1 else []
