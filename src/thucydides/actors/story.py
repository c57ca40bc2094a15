"""The story's own country, for the actors the text gives none: police, rebels and protesters take the
country most named among the story's actors; named people and national bodies with no country take the
dateline's first (`country_basis` says which); a body whose own phrase names a town takes the town's country
once the places are found ("Hamburg police"). Also the states a stance is against ("anti-American
protests"), kept for the coder as the target of a protest.

A mixin of ActorResolver: it uses the resolver's knowledge base (`kb`), the generic role nouns found
while resolving (`_generic`), the national bodies (`_national_bodies`) and role lookup (`_role_at`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.attrs import LOWER
from spacy.strings import get_string_id

from ..records import Actor, PlaceMention
from .context import (
    SPEAKER_NOUNS,
    DocActors,
    _countryless_person,
    _disambiguate,
    _introduced_by_role,
    _mention,
    _us_state_cues,
    _with_country,
)

# Verbs whose subject speaks where the sentence says ("told reporters in Beijing", "said in Moscow").
SPEAKING_VERBS = {"say", "tell", "add", "declare", "announce", "state", "brief", "insist", "stress", "warn",
                  "explain", "confirm", "deny"}
_ANTI = get_string_id("anti")


def _of_a_people(noun) -> bool:
    """'other Arab leaders', 'other Western diplomats': people of a region or people that names no state
    (a state's demonym would have resolved them), set apart from the ones named before, are not the
    story's country's ("Shiite militia" alone may well be)."""
    modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound")]
    return any(c.ent_type_ == "NORP" for c in modifiers) and any(c.lower_ == "other" for c in modifiers)


def _owned_role_nouns(result: DocActors) -> dict[str, list[tuple[int, Actor]]]:
    """Role nouns the text gave one owner ("Iranian war veterans", "Kenyan police"), by the noun's lemma,
    in the order of the text."""
    doc = result.doc
    owned: dict[str, list[tuple[int, Actor]]] = {}
    for mention in result.mentions:
        if mention.how == "modifier" and len(mention.actors) == 1 and mention.actors[0].sector:
            owned.setdefault(doc[mention.head].lemma_.lower(), []).append((mention.head, mention.actors[0]))
    return owned


def _definite_again(noun) -> bool:
    """'the veterans', 'these protesters': a definite role noun with no owner or count of its own, which
    names again people named before ("up to 700 troops", "the force's troops" are others)."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in noun.children) \
        and not any(c.dep_ in ("poss", "nummod") for c in noun.children)


class StoryCountry:
    def _opposed_states(self, result: DocActors) -> None:
        """'anti-American protests', 'anti-French riots': the state a stance is against, kept apart
        from the mentions (it acts in nothing) for the coder to take as the target of a protest."""
        doc = result.doc
        # The words two after an "anti", found in one read of the words' lower-case ids (making a Token
        # of every word and of the two before it cost more than the rest of this stage)
        for start in [i for i, lower in enumerate(doc.to_array(LOWER).tolist()) if lower == _ANTI]:
            if start + 2 >= len(doc):
                continue
            token = doc[start + 2]
            if doc[start + 1].text not in ("-", "–") or doc[start].lower_ != "anti" or not token.text[:1].isupper():
                continue
            entries = self.kb.demonyms(token.text) or [e for e in self.kb.lookup(token.text) if e.kind == "state"]
            if entries:
                entry = _disambiguate(entries, result)
                result.opposed[token.i] = _mention(token.i, token.i + 1, token.i, (entry.actor(),), "stance", doc)

    def story_country(self, result: DocActors, dateline: str | None = None) -> tuple[str | None, str | None]:
        """The country most named among the document's actors (first named wins a tie), else the
        dateline's country; with the basis ("story" or "dateline")."""
        counts: dict[str, int] = {}
        for mention in result.mentions:
            if result.in_dateline(mention) or mention.how in ("description", "thing-owner"):
                # "ANKARA, Oct 10 (Reuters) -": the agency that filed the story is in nothing; "the
                # country" counts the state it stands for once already
                continue
            for actor in mention.actors:
                if actor.country and actor.kind in ("state", "territory", "person", "group", "organization") \
                        and not actor.country_basis:
                    counts[actor.country] = counts.get(actor.country, 0) + 1
        if counts:
            return max(counts, key=lambda c: counts[c]), "story"  # dicts keep first-named order for ties
        reported_from = self.dateline_country(dateline)
        return reported_from, ("dateline" if reported_from else None)

    def dateline_country(self, dateline: str | None) -> str | None:
        """The state of the dateline's place ("TEHRAN, April 17 (AFP)" -> IRN), else None."""
        if not dateline:
            return None
        place = dateline.split(",")[0].strip()
        entry = self.kb.metonym(place.title()) or next(iter(self.kb.lookup(place.title())), None)
        # a territory with its own code counts too ("TAIPEI", "HONG KONG", "GAZA"): its people are its own
        return entry.country if entry is not None and entry.kind in ("state", "territory") else None

    def _place_in_story(self, result: DocActors, dateline: str | None) -> None:
        """Police, rebels and protesters with no country named take the story's; people and national bodies
        with none take the dateline's, else the story's."""
        country, basis = self.story_country(result, dateline)
        reported_from = self.dateline_country(dateline)
        result.home = (reported_from, "dateline") if reported_from else (country, basis)
        entry = self.kb.entry(country) if country else None
        if entry is None:
            result.unplaced = [(token.i, start, tuple(role.sectors)) for token, role, start in self._generic
                               if result.at(token) is None and not _of_a_people(token)]
            return
        home = self.kb.entry(reported_from) if reported_from else None
        owned = _owned_role_nouns(result)
        described: dict[int, Actor] = {}  # a role's people just described again, for the "they" that follows
        for token, role, start in self._generic:
            if result.at(token) is not None or _of_a_people(token):
                continue
            before = [actor for head, actor in owned.get(token.lemma_.lower(), ()) if head < token.i] \
                if _definite_again(token) else []
            if token.lower_ == "they" and id(role) in described:
                before = [described[id(role)]]  # "... war veterans staged a sit-in. They began": the same people
            if before:
                # "Iranian war veterans staged a sit-in ... The veterans": the ones the text gave a country
                # ("context", as the story's guesses: a repeat is no new naming for the story's topics)
                result.add(_mention(start, token.i + 1, token.i, (before[-1],), "context", token.doc))
                described[id(role)] = before[-1]
                continue
            here = home is not None and token.lemma_.lower() in SPEAKER_NOUNS  # speaks where the reporter is
            actor = (home if here else entry).actor(sector=tuple(role.sectors))
            actor = replace(actor, country_basis="dateline" if here else basis)
            result.add(_mention(start, token.i + 1, token.i, (actor,), "context", token.doc))
        def countryless(actor: Actor) -> bool:
            return _countryless_person(actor) or (actor.id in self._national_bodies and not actor.country)

        # A named person or national body the text gives no country: the dateline's country first. Wire
        # stories quote officials where the reporter is; on the development gold set this is right more
        # often than the story's most named country (which is as often the other side of the act).
        if reported_from:
            country, basis = reported_from, "dateline"
        introduced = _introduced_by_role(result, lambda t: getattr(self._role_at(t), "title", None))
        spoke_in = self._spoke_in(result, countryless)

        def placed(actor: Actor) -> tuple[str, str]:
            if actor.id in introduced:
                return introduced[actor.id], "role"
            if actor.id in spoke_in:
                return spoke_in[actor.id], "place"
            return country, basis

        for i, mention in enumerate(result.mentions):
            if not any(countryless(a) for a in mention.actors):
                continue
            actors = tuple(_with_country(a, *placed(a)) if countryless(a) else a for a in mention.actors)
            result.replace_mention(i, replace(mention, actors=actors))

    def place_bodies(self, result: DocActors, places: Sequence[PlaceMention]) -> None:
        """'Hamburg police', 'Karachi prosecutors': a body the story gave its country whose own phrase
        names a town the gazetteer places (the places stage, run after this one) belongs to that town's
        country. Called by the pipeline with the document's place mentions."""
        for i, mention in enumerate(result.mentions):
            if mention.how != "context":
                continue
            countries = {p.place.country for p in places if p.place is not None and p.place.country
                         and mention.start <= p.start and p.end <= mention.end}
            entry = self.kb.entry(next(iter(countries))) if len(countries) == 1 else None
            if entry is None or entry.kind not in ("state", "territory"):
                continue
            actors = tuple(replace(entry.actor(sector=a.sector), country_basis="place")
                           if a.country_basis and a.country != entry.country else a for a in mention.actors)
            result.replace_mention(i, replace(mention, actors=actors))
        if result.unplaced:
            self._place_by_places(result, places)

    def _place_by_places(self, result: DocActors, places: Sequence[PlaceMention]) -> None:
        """A story that names no state ("Security forces killed five militants in a gunfight in Indian
        Kashmir"): its police, rebels and protesters belong where its places are, when most of them lie
        in one country."""
        doc = result.doc
        counts = Counter(p.place.country for p in places if p.place is not None and p.place.country
                         and not _us_state_cues(doc[p.token_start:p.token_end]))  # "the state of Georgia"
        ranked = counts.most_common(2)
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return
        entry = self.kb.entry(ranked[0][0])
        if entry is None or entry.kind not in ("state", "territory"):
            return
        for head, start, sectors in result.unplaced:
            if result.at(doc[head]) is None:
                actor = replace(entry.actor(sector=sectors), country_basis="place")
                result.add(_mention(start, head + 1, head, (actor,), "context", doc))
        result.unplaced = []
        result.mentions.sort(key=lambda m: (m.token_start, m.head))

    def _spoke_in(self, result: DocActors, countryless) -> dict[str, str]:
        """People the text gives no country who speak in a capital ("Foreign Ministry spokesman Cui Tiankai
        told reporters in Beijing", "said in Moscow"): the capital's state, first such mention wins. A
        spokesman briefs where their government sits, whatever the dateline's place."""
        doc = result.doc
        out: dict[str, str] = {}
        for mention in result.mentions:
            people = [a for a in mention.actors if countryless(a) and a.id not in out]
            head = doc[mention.head]
            if not people or head.dep_ != "nsubj" or head.head.lemma_.lower() not in SPEAKING_VERBS:
                continue
            verb = head.head
            holders = [verb] + [o for o in verb.children if o.dep_ in ("dobj", "dative")]
            for prep in (p for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ == "in"):
                for place in (o for o in prep.children if o.dep_ == "pobj" and o.pos_ == "PROPN"):
                    name = doc[place.left_edge.i: place.i + 1].text
                    state = self.kb.metonym(name) or self.kb.metonym(place.text)
                    if state is not None and state.kind == "state" and state.country:
                        for person in people:
                            out[person.id] = state.country
        return out
