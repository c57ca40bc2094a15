"""Whose role noun is this? The owner of "Russian troops", "Russia's army", "officials from X", "its
troops", "the Saudi-led coalition", "militants based in Pakistan": the modifiers, possessors and owner
prepositions that give a role noun its state or organisation. A mixin of ActorResolver (which supplies
`kb`, `_demonym`, `_role_at` and the document's prepositions `_preps`, `_located`: index_preps)."""

from __future__ import annotations

from spacy.tokens import Token

from ..knowledge.actorkb import KBEntry
from ..records import Actor
from .context import (
    BODY_NOUNS,
    GROUP_POSSESSIVES,
    HEAD_NOUNS,
    DocActors,
    _clause_owner,
    _disambiguate,
    _last_group,
    _last_person_of,
    stance_prefixed,
)
from .roles import _country_code

# Prepositions that attach an owner to a role noun ("officials from X", "the army of X").
OWNER_PREPOSITIONS = ("of", "from", "in")
# Participles placing a group, whose place names its country ("militants based in Pakistan").
LOCATED_PARTICIPLES = {"based", "stationed", "sheltering", "hiding", "operating", "holed", "entrenched", "camped",
                       "positioned", "active"}


# Participles after a hyphen that tie a group to a named one without making it that one ("Islamic
# State-linked militants", "al Qaeda-inspired fighters").
ASSOCIATION_PARTICIPLES = {"linked", "inspired", "affiliated", "allied", "aligned", "leaning", "influenced",
                           "backed", "supported", "sponsored", "funded", "armed", "trained"}


def index_preps(doc) -> tuple[dict[int, list[Token]], dict[int, list[Token]]]:
    """Once per document: every token's prepositions by the token's index, and the "in"/"from"
    prepositions of the located participles hanging on each token ("militants based in Pakistan"),
    both in document order (the order of `token.children`). `_owner_preps` runs for every noun of the
    text; reading each noun's children there was a large part of resolving actors."""
    preps: dict[int, list[Token]] = {}
    participles = []
    for token in doc:
        if token.head.i == token.i:
            continue
        if token.dep_ == "prep":
            preps.setdefault(token.head.i, []).append(token)
        elif token.dep_ == "acl" and token.lower_ in LOCATED_PARTICIPLES:
            participles.append(token)
    located: dict[int, list[Token]] = {}
    for participle in participles:
        for prep in preps.get(participle.i, []):
            if prep.lower_ in ("in", "from"):
                located.setdefault(participle.head.i, []).append(prep)
    return preps, located


def _owner_preps(token: Token, preps: dict[int, list[Token]], located: dict[int, list[Token]]) -> list[Token]:
    """Prepositions that may name the owner of a role noun: its own ("officials from X"), else one the
    parser attached to the noun before it ("talks with officials from X", "from X" hanging on "talks").
    `preps`, `located`: the document's prepositions, indexed once (index_preps)."""
    own = preps.get(token.i, [])
    if not own:
        # "fighters sheltering in Afghanistan", "militants based in Pakistan": where they are says whose
        own = located.get(token.i, [])
    if not own and token.dep_ == "conj":
        # "talks with Kadhafi and government officials from Uganda": the parser hangs the "from" that
        # follows the role noun on the first conjunct, or on what that conjunct depends on
        first = token
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        holders = [first] + ([first.head.head] if first.dep_ == "pobj" and first.head.dep_ == "prep" else [])
        later = [p for h in holders for p in preps.get(h.i, []) if p.i > token.i and p.lower_ == "from"]
        if later:
            return later
    if own or token.dep_ != "pobj" or token.head.dep_ != "prep":
        return own
    governor = token.head.head
    return [c for c in preps.get(governor.i, []) if c.i > token.i]


class RoleOwners:
    def _owner_of(self, token: Token, names, result: DocActors):
        """Whose role noun is this? ('Russian troops', "Russia's army", 'officials from X', 'its troops')."""
        coordinated = self._coordinated_demonyms(token)
        if coordinated:
            return coordinated, "modifier"
        singular_definite = token.tag_ in ("NN", "NNP") and any(c.lower_ == "the" for c in token.lefts) \
            and token.lemma_.lower() not in BODY_NOUNS and token.lower_ not in BODY_NOUNS
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
                entry = self._entry_for_modifier(child, names, result)
                if entry is not None:
                    if singular_definite and isinstance(entry, KBEntry):
                        person = _last_person_of(result, token.i, entry.country or entry.code)
                        if person is not None:
                            return [person], "description"
                    entries = [entry] if not isinstance(entry, list) else list(entry)
                    # "Eriadori and Calenardhon leaders": one role noun, several owners
                    for conj in child.conjuncts:
                        more = self._entry_for_modifier(conj, names, result) if conj.i < token.i else None
                        if more is not None and not isinstance(more, list) and more not in entries:
                            entries.append(more)
                    return entries, "modifier"
        for child in _owner_preps(token, self._preps, self._located):
            if child.lower_ in OWNER_PREPOSITIONS:
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    entries = []
                    # "officials from Fornost and Gondor": every coordinated owner
                    for owner in [pobj] + [c for c in pobj.conjuncts if c.i > pobj.i]:
                        inner = result.at(owner)
                        if inner is None:
                            named = names.get(owner.i)
                            if named and named[1]:
                                entry = _disambiguate(named[1], result)
                                if entry not in entries:
                                    entries.append(entry)
                                continue
                            # "the leader of Iraq's largest Shiite party": the owner's own owner
                            for modifier in owner.children:
                                if modifier.dep_ in ("poss", "amod", "compound", "nmod") and modifier.i < owner.i:
                                    entry = self._entry_for_modifier(modifier, names, result)
                                    if isinstance(entry, KBEntry) and (entry.kind in ("state", "territory") or _country_code(entry)) \
                                            and entry not in entries:
                                        entries.append(entry)
                                        break
                            continue
                        for actor in inner.actors:
                            if token.lemma_.lower() in HEAD_NOUNS and actor.sector and actor.kind in ("state", "territory") \
                                    and actor not in entries:
                                entries.append(actor)  # "the leader of the Serbian opposition" acts for it
                                continue
                            entry = self._entry_of_actor(actor)
                            if entry is not None and entry not in entries:
                                entries.append(entry)
                    if entries:
                        return entries, "modifier"
        head = token.head
        if token.dep_ == "compound" and head.i > token.i and not getattr(self._role_at(token), "equipment", False):
            # "an Israeli army post": the parser hangs the demonym on the thing; it owns the role noun
            # (a weapon there names a kind of thing: "Iran's missile programme")
            for child in head.lefts:
                if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < token.i:
                    entry = self._entry_for_modifier(child, names, result)
                    if isinstance(entry, KBEntry):
                        # ("thing-owner": the demonym is a mention of its own; the story counts it once)
                        return [entry], "thing-owner"
        if token.dep_ == "conj" and head.i < token.i and head.pos_ == "NOUN" and self._role_at(head) is not None:
            # "Danish media and government", "Russian troops and police": the modifier before the
            # first of coordinated role nouns describes them all
            for child in head.lefts:
                if child.dep_ in ("amod", "compound", "poss", "nmod"):
                    entry = self._entry_for_modifier(child, names, result)
                    if isinstance(entry, KBEntry):
                        return [entry], "modifier"
        return None

    def _coordinated_demonyms(self, token: Token) -> list[KBEntry]:
        """'talks with Greek and other European officials': the parser makes the first demonym a noun
        and the role noun its conjunct; the demonyms before the role noun are its owners."""
        if token.dep_ != "conj" or token.head.i > token.i or token.tag_ not in ("NNS", "NNPS"):
            return []
        first = token.head
        demonyms = [first, *(c for c in first.conjuncts if c.i < token.i)]
        if first.tag_ in ("NNS", "NNPS") or any(c.dep_ not in ("cc", "punct", "conj") for c in first.children):
            return []  # "Greeks and officials", "Greek ships and officials": a phrase of its own
        entries: list[KBEntry] = []
        for word in demonyms:
            entry = self._demonym(word)
            if entry is None or entry.kind not in ("state", "territory"):
                return []
            if entry not in entries:
                entries.append(entry)
        for child in token.lefts:  # "Greek and Turkish officials" parsed the same way
            entry = self._demonym(child)
            if child.dep_ == "amod" and entry is not None and entry.kind in ("state", "territory") \
                    and entry not in entries:
                entries.append(entry)
        return entries

    def _entry_for_modifier(self, child: Token, names, result: DocActors):
        if child.lower_ in GROUP_POSSESSIVES:
            # "Russia said it would withdraw its troops": the subject of the clause owns them
            owners = _clause_owner(child, result) or _last_group(result, child, plural=child.lower_ == "their")
            actor = owners[0] if owners else None
            if actor is not None and actor.kind == "person":
                return None
            return self._entry_of_actor(actor) if actor else None
        if stance_prefixed(child):
            return None  # "the anti-Damascus cabinet", "pro-Russian forces": a stance, not an owner
        entry = self._demonym(child)  # "Russian", "North Korean"
        if entry is not None:
            return entry
        named = names.get(child.i)
        if named and named[1]:
            end = named[0].end
            if end + 1 < len(child.doc) and child.doc[end].text in ("-", "–") \
                    and child.doc[end + 1].lower_ in ASSOCIATION_PARTICIPLES:
                return None  # "Islamic State-linked militants": a local group tied to it, not the group itself
            return _disambiguate(named[1], result)
        if (child.tag_ == "VBN" or child.lower_ == "run") and child.lower_ in ("led", "controlled", "run", "ruled", "dominated"):
            # "NATO-led forces", "the Saudi-led coalition": the leader owns them ("Moscow-backed rebels",
            # "the UN-backed government" are their own country's: a backer is a supporter, not an owner)
            for agent in child.children:
                if agent.dep_ in ("npadvmod", "compound", "nmod") and agent.pos_ in ("PROPN", "ADJ"):
                    named = names.get(agent.i)
                    if named and named[1]:
                        return _disambiguate(named[1], result)
                    leader = self._demonym(agent)  # "the Saudi-led coalition", "the Houthi-run authorities"
                    if leader is not None and (leader.kind in ("state", "territory") or child.lower_ == "run"):
                        return leader
        mention = result.at(child) if child.dep_ in ("compound", "nmod", "poss") and child.pos_ != "PRON" else None
        if mention is not None and mention.head == child.i:
            # "Venezuelan National Guard troops": a body already named in front of the role noun owns it;
            # "President Assad's forces": a state's leader's forces are the state's (a group's leader's
            # are the group's: its code is no state's)
            # ("the west African country's air force": a state a description names again owns it too)
            owners = [a for a in mention.actors if a.country and not a.country_basis and (
                a.kind != "person" if child.dep_ != "poss"
                else a.kind == "person" and a.code == f"{a.country}GOV" or a.kind == "state" and mention.how == "description")]
            if len(owners) == 1:
                return self._entry_of_actor(owners[0]) if owners[0].kind != "person" else self.kb.entry(owners[0].country)
        return None

    def _entry_of_actor(self, actor: Actor) -> KBEntry | None:
        for entry in self.kb.lookup(actor.name):
            return entry
        # sector actors (RUSMIL) and people belong to their state's entry
        return self.kb.entry(actor.country) if actor.country else None
