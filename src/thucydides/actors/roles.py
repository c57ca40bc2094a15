"""Roles: combining a knowledge-base entry with the role nouns that describe it, and what a person's
titles and appositions say of whom they act for.

- a compound entry (a PETRARCH "[FRO/BIL/SAM]" code) stands for each of its members: "the Shire"
  is three actors, "the Shire's government" three governments;
- a null entry (a dictionary's "[---]") is a known phrase that names no actor;
- a role whose code is a prefix (a PETRARCH "[NGO~]" agent) goes before the actor's code instead
  of after it: "MSF" + Arnor -> NGOARN, and with "diplomat" -> NGOARNGOV;
- a person acts for the state their title names ("Russian Foreign Minister"), else for the
  organisation it names ("Gazprom chairman", "UN envoy", "head of the OSCE mission"); a known
  person in office acts for their office's state or organisation, one out of office keeps the
  country of their nearest office only when the text names no other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..knowledge.actorkb import KBEntry, RoleEntry
from ..records import Actor
from .context import (
    GEOGRAPHIC_HEADS,
    HEAD_NOUNS,
    MODIFIER_DEPS,
    PersonInfo,
    _clean_name,
    _person_spans,
    _possessive_entry,
    _us_state_cues,
    stance_prefixed,
)

# Prepositions whose phrase in an apposition describes the person ("head of", "spokesman for").
DESCRIBING_PREPOSITIONS = ("of", "from", "for")
# Nouns of a stance towards something: their "of" phrase says what a person favours or opposes, not
# whom they act for.
STANCE_HOLDERS = {"proponent", "advocate", "supporter", "critic", "opponent", "champion", "backer", "foe",
                  "admirer", "enemy", "detractor", "sympathiser", "sympathizer"}
# Words that make a title a past one: its country is not whom the person acts for now.
FORMER_WORDS = {"former", "ex", "ex-", "erstwhile", "onetime", "one-time"}


def entry_actors(entry: KBEntry, roles: Iterable[RoleEntry | None] = (), sector: Sequence[str] = (),
                 title: str | None = None) -> tuple[Actor, ...]:
    """The actors an entry names with these roles: one per member of a compound entry, none for a
    null entry; suffix sectors after the entry's code, prefix roles' sectors before it."""
    kept = [r for r in roles if r is not None]
    suffix = tuple(dict.fromkeys((*sector, *(s for r in kept if not r.prefix for s in r.sectors))))
    prefix = tuple(dict.fromkeys(s for r in kept if r.prefix for s in r.sectors))
    title = title or next((r.title for r in kept if r.title and not r.prefix), None)
    if entry.members:
        members = entry.members
    elif entry.kind == "null":
        return ()
    else:
        members = (entry,)
    return tuple(with_prefix(member.actor(suffix, title), prefix) for member in members)


def with_prefix(actor: Actor, prefix: Sequence[str]) -> Actor:
    """The actor with sectors put before its code ("NGO" + ARN -> NGOARN)."""
    if not prefix:
        return actor
    lead = "".join(prefix)
    if (actor.code or "").startswith(lead):
        return actor
    return replace(actor, id=lead + actor.id, code=lead + (actor.code or ""),
                   sector=tuple(prefix) + tuple(s for s in actor.sector if s not in prefix))


def _country_code(entry: KBEntry) -> bool:
    """A dictionary entry coded with a bare country code ("FORNOST [FOR]" in a PETRARCH file): the
    importer cannot tell a country from a group, but its code is a country's."""
    return bool(entry.code) and entry.code == entry.country and not entry.sector and not entry.members


def _describing_words(token: Token) -> list[Token]:
    """The words of an apposition that say who someone is, without the places and parties it mentions
    ("head of the OSCE mission to Albania", "ambassador in Moscow"): "of", "from" and "for" phrases
    describe the person, other prepositional phrases do not."""
    words = [token]
    for child in token.children:
        if child.dep_ == "prep" and (child.lower_ not in DESCRIBING_PREPOSITIONS or token.lemma_.lower() in STANCE_HOLDERS):
            continue  # ("a proponent of NATO accession", "a critic of the Kremlin": a stance, not a post)
        if child.dep_ in ("relcl", "advcl", "punct", "cc") or (child.dep_ == "conj" and child.tag_ != "NN"):
            continue  # "chairman and chief executive" is one description; a list of names is not
        words.extend(_describing_words(child))
    return sorted(words, key=lambda t: t.i)


def _placing_words(token: Token) -> list[Token]:
    """The "in" phrases of an apposition ("a customs officer in Egypt"): a country there is the
    person's only when nothing else in the apposition says whom they act for."""
    found = []
    for t in token.subtree:
        if t.dep_ == "prep" and t.lower_ == "in" and t.head.dep_ != "pobj":
            found.extend(t.subtree)
    return found


def _nearest_role(roles, published: str | None):
    """The role closest in time to the publication day: the last one ended before it, else the first
    to begin after it (the latest role when there is no date)."""
    if not published:
        return roles[-1]
    day = published[:10]
    ended = [r for r in roles if r.end and r.end <= day]
    if ended:
        return max(ended, key=lambda r: r.end)
    return min(roles, key=lambda r: r.start or "")


NATIONALITY_NOUNS = {"citizen", "national", "native", "passport-holder", "subject"}


# Entity types a name the tagger gave one of is no person's, whatever stands beside it.
NOT_PERSON_ENTITIES = {"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "DATE", "TIME"}


class PersonRoles:
    """The people part of the resolver: every named person with role, country or organisation from
    all of their mentions (mixed into ActorResolver, which provides `kb` and the document's names)."""

    kb = None
    _names: dict = {}
    _surnames: dict[str, str] = {}

    def _demonym(self, token: Token) -> KBEntry | None:
        """The state a demonym names ("Russian", "South Korean"), none for a stance ("pro-Russian")."""
        found = self._demonyms(token)
        return found[0] if found else None

    def _demonyms(self, token: Token) -> list[KBEntry]:
        """Every state a demonym may name ("Congolese"; "North Korean", "Sri Lankan" with the word
        before it), none for a stance ("anti-Syrian")."""
        if stance_prefixed(token):
            return []
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if following is not None and following.text[:1].isupper() and following.lower_ in GEOGRAPHIC_HEADS:
            return []  # "the Indian Ocean island", "the Arabian Sea": a place's name, not a people
        if token.i > 0 and token.doc[token.i - 1].text[:1].isupper():
            two = self.kb.demonyms(f"{token.doc[token.i - 1].text} {token.text}")
            if two:
                return two
        if following is not None and token.text[:1].isupper() and following.text[:1].isupper() \
                and token.pos_ in ("ADJ", "PROPN", "NOUN"):
            two = self.kb.demonyms(f"{token.text} {following.text}")  # "Turkish Cypriot officials"
            if two:
                return two
        return self.kb.demonyms(token.text)

    def _add_titled_names(self, doc: Doc, names) -> None:
        """ "Farooq Feroze Khan, chairman of Pakistan's joint chiefs", "Pakistan's army chief, Farooq Khan,":
        a name the tagger does not know for a person's is one when a title of a person stands beside it
        as its apposition; it joins the names found (`names`, by token) as a person's."""
        for head in doc:
            if head.pos_ != "PROPN" or head.dep_ in ("compound", "flat") or head.i in names \
                    or head.ent_type_ in NOT_PERSON_ENTITIES:
                continue
            start = head.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == head.i \
                    and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ not in NOT_PERSON_ENTITIES:
                start -= 1
            span = doc[start:head.i + 1]
            if len(span) < 2 or not all(t.text[:1].isupper() and t.text.isalpha() for t in span) \
                    or any(t.i in names for t in span) or self.kb.role(span[0].lower_) is not None:
                continue
            beside = [c for c in head.children if c.dep_ == "appos" and c.i > head.i]
            if head.dep_ == "appos" and head.head.i < head.i:
                beside.append(head.head)
            if any(t.pos_ == "NOUN" and (t.lemma_.lower() in HEAD_NOUNS or getattr(self.kb.role(t.lemma_.lower()), "title", None))
                   for t in beside):
                for i in range(span.start, span.end):
                    names[i] = (span, [], "person")

    def _collect_people(self, doc: Doc, names, published: str | None) -> dict[str, PersonInfo]:
        """First pass: every named person with what any of their mentions says of role and country."""
        people: dict[str, PersonInfo] = {}
        surnames: dict[str, str] = {}
        out_of_office: dict[str, str | None] = {}
        for span in _person_spans(doc, names):
            span = self._without_title(span)
            full = _clean_name(span.text)
            if not full:
                continue
            # "Kabila" after "Laurent Kabila": the surname is the person the text named, whoever else the
            # knowledge base knows by it (Joseph Kabila), known or not ("Spicer" after "Tim Spicer" is no
            # Sean Spicer)
            named_before = " " not in full and full in surnames
            known = self.kb.person(surnames[full]) if named_before else self.kb.person(full)
            if known is None and published and not named_before:
                # "President Clinton" in 1998: of the people a shared name fits, the one in office that day
                fitting = self.kb.persons(full)
                in_office = [p for p in fitting if p.role_at(published[:10])]
                known = in_office[0] if len(in_office) == 1 else None
                countries = {_nearest_role(p.roles, published).country for p in fitting if p.roles}
                if known is None and not in_office and len(countries) == 1 and None not in countries:
                    # "Bush" in 1997: none of the people the name fits is in office, all are of one country
                    out_of_office.setdefault(full, next(iter(countries)))
            key = full
            if " " not in full and full in surnames:
                key = surnames[full]
            info = people.setdefault(key, PersonInfo(name=key))
            if known is not None:
                info.kb_id = known.id
                info.name = known.name
                role = known.role_at(published[:10] if published else None)
                if role:
                    info.country = info.country or role.country
                    info.sectors = info.sectors or tuple(role.sectors)
                    info.title = info.title or role.title
                    if role.code and info.org is None and (role.country is None or role.entity != role.country):
                        # "Kofi Annan": IGOUNO; "Hassan Nasrallah": Hezbollah's (LBNHZB), not Lebanon's government
                        info.org = self._organisation_actor(role.entity, role.code)
                elif known.roles:
                    # a known person out of office on this date still belongs to their country, unless
                    # the text says whom they act for now
                    out_of_office.setdefault(key, _nearest_role(known.roles, published).country)
            country, sectors, title, org = self._person_modifiers(span)
            if country and not info.country:
                info.country = country
            nationality = self._nationality(span) if known is None else None
            if nationality:
                info.country = nationality  # "Watson, a 46-year old Canadian citizen": said outright
            if sectors and not info.sectors:
                info.sectors = sectors
            if title and not info.title:
                info.title = title
            if org is not None and info.org is None:
                info.org = org
            if known is None and info.org is None and not info.country:
                info.org = self._organisation_introduced(span)
            if " " in full:
                surnames.setdefault(full.split()[-1], key)
                if info.country in self.kb.family_name_first:  # countries.yaml: family_name_first
                    surnames.setdefault(full.split()[0], key)  # "Yoo Chong-Ha" is "Yoo" after
        for key, country in out_of_office.items():
            info = people.get(key)
            if info is not None and not info.country and info.org is None:
                info.country = country
        # A bare surname seen before its full name: fold it into the full name's record.
        for short in [k for k in people if " " not in k and k in surnames and surnames[k] != k]:
            target = people[surnames[short]]
            info = people.pop(short)
            target.country = target.country or info.country
            target.sectors = target.sectors or info.sectors
            target.title = target.title or info.title
            target.org = target.org or info.org
        self._surnames = surnames
        return people

    def _person_modifiers(self, span: Span) -> tuple[str | None, tuple[str, ...], str | None, Actor | None]:
        """Country, sectors, title and the organisation acted for, from the words around a person's name."""
        head = span.root
        words: list[Token] = []
        # Titles and adjectives before the name: compounds of the name's head and their modifiers.
        for child in head.children:
            if child.i < span.start and child.dep_ in MODIFIER_DEPS:
                words.extend(t for t in child.subtree if t.i < span.start)
        # Apposition: "his French counterpart Nicolas Sarkozy", "Sergei Lavrov, Russia's foreign minister".
        if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN"):
            words.extend(t for t in head.head.subtree if t.i < head.head.i + 1 and t.i < span.start)
            # "The mayor of Paris, Bertrand Delanoe": the role's own "of" phrase too
            words.extend(t for t in _describing_words(head.head) if head.head.i < t.i < span.start and t not in words)
            words.sort(key=lambda t: t.i)
        for child in head.children:
            if child.dep_ == "appos":
                words.extend(_describing_words(child))
        country, sectors, title = self._describe(words)
        if country is None:
            # "King Abdullah of Jordan", "President Assad of Syria"
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        phrase = pobj.doc[pobj.left_edge.i: pobj.i + 1].text
                        found = self.kb.lookup(phrase) if pobj.dep_ == "pobj" else []
                        if found and (found[0].kind in ("state", "territory") or _country_code(found[0])):
                            country = found[0].country or found[0].code
        org = self._organisation_in(words)
        if org is not None and country is not None and any(w.lower_ in FORMER_WORDS for w in words):
            country = None  # "the former Austrian chancellor heading the OSCE mission" acts for the OSCE
        if country is None and org is None:
            # "a customs officer in Egypt", but not "head of the OSCE mission in Albania"
            placing = [t for child in head.children if child.dep_ == "appos" for t in _placing_words(child)]
            country = self._describe(placing)[0] if placing else None
        return country, sectors, title, org

    def _organisation_introduced(self, span: Span) -> Actor | None:
        """"..., a UN refugee agency spokeswoman said here. The adults were ..., spokeswoman Pamela O'Toole
        said": a person titled like the unnamed official of an organisation who was the last sentence's
        subject is that official, acting for it (as `_introduced_by_role` does for a state's officials)."""
        head = span.root
        titles = {c.lemma_.lower() for c in head.children if c.dep_ == "compound" and c.i < span.start}
        if head.dep_ != "nsubj" or not titles or head.sent.start == 0:
            return None
        before = span.doc[head.sent.start - 1].sent
        officials = [t for t in before if t.dep_ == "nsubj" and t.pos_ == "NOUN" and t.lemma_.lower() in titles]
        if len(officials) != 1:
            return None
        return self._organisation_in([t for t in officials[0].subtree if t.i < officials[0].i])

    def _nationality(self, span: Span) -> str | None:
        """The country an apposition states outright: "Watson, a 46-year old Canadian citizen"."""
        for child in span.root.children:
            if child.dep_ == "appos" and child.lemma_.lower() in NATIONALITY_NOUNS:
                for modifier in child.children:
                    if modifier.dep_ in ("amod", "compound") and (entry := self._demonym(modifier)) is not None:
                        return entry.country or entry.code
        return None

    def _organisation_in(self, words: Sequence[Token]) -> Actor | None:
        """The organisation a person's title or apposition names ("Gazprom chairman", "EU Commissioner",
        "head of the OSCE mission"): the first known organisation or group among the words."""
        for word in words:
            named = self._names.get(word.i)
            if named is None or named[2] != "name" or not named[1]:
                continue
            entry = named[1][0]
            if entry.kind in ("organization", "group") and not entry.members and entry.code \
                    and not entry.ambiguous and not _country_code(entry):
                return entry.actor()
        return None

    def _organisation_actor(self, entity: str | None, code: str) -> Actor:
        entry = self.kb.entry(entity) if entity else None
        if entry is not None:
            return replace(entry.actor(), code=code)
        return Actor(id=entity or code, name=entity or code, kind="organization", code=code)

    def _describe(self, words: Sequence[Token]) -> tuple[str | None, tuple[str, ...], str | None]:
        country = None
        sectors: tuple[str, ...] = ()
        title_words: list[str] = []
        texts = [w.text for w in words]
        i = 0
        while i < len(words):
            word = words[i]
            # two-word role nouns first ("foreign minister", "prime minister")
            two = " ".join(texts[i : i + 2]) if i + 1 < len(words) else None
            role = self.kb.role(two) if two else None
            if role is not None:
                sectors = sectors or tuple(role.sectors)
                title_words.extend(texts[i : i + 2])
                i += 2
                continue
            role = self.kb.role(word.lemma_.lower()) or self.kb.role(word.text.lower())
            if role is not None and word.pos_ in ("NOUN", "PROPN"):
                sectors = sectors or tuple(role.sectors)
                title_words.append(word.text)
            elif country is None:
                entry = self._demonym(word) or _possessive_entry(self.kb, word)
                named = self._names.get(word.i) if entry is None else None
                if named is not None and len(named[0]) > 1 and named[1] and named[2] == "name":
                    entry = named[1][0]  # "New Zealand Foreign Minister", "Sri Lankan" is a demonym above
                if entry is None and word.pos_ == "PROPN":
                    found = self.kb.lookup(word.text)
                    entry = found[0] if found else None
                    if entry is None:
                        # "Paris Mayor", "the mayor of Paris", "Tel Aviv police chief": a capital places
                        # the office in its state (the office is the city's, not the state's government)
                        pair = f"{words[i - 1].text} {word.text}" if i and words[i - 1].i == word.i - 1 else None
                        entry = (self.kb.metonym(pair) if pair else None) or self.kb.metonym(word.text)
                    if entry is not None and entry.ambiguous and _us_state_cues(word.doc[word.i: word.i + 1]):
                        entry = None  # "Georgia Governor Sonny Perdue"
                if entry is not None and (entry.kind in ("state", "territory") or _country_code(entry)):
                    country = entry.country or entry.code
            i += 1
        title = " ".join(w for w in title_words if w[:1].isupper()) or None
        return country, sectors, title

    def _without_title(self, span: Span) -> Span:
        """'King Abdullah' tagged as one name: the title is a modifier, the name is 'Abdullah'; a
        known person's whole name keeps its title ("Prince of Dol Amroth", "the Dalai Lama")."""
        start = span.start
        if self.kb.person(_clean_name(span.text)) is not None:
            return span
        while start < span.end - 1 and (self.kb.role(span.doc[start].lower_) is not None
                                        or span.doc[start].lower_ in ("the", "'s")):
            start += 1
        return span if start == span.start else span.doc[start:span.end]
