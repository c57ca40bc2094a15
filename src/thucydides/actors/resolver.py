"""Actor resolution: find who is named in a parsed document and resolve each phrase to a canonical actor.

Resolution works on the dependency parse, phrase by phrase, in text order, with a document memory:
- dictionary names (states, territories, organisations, known people) via a PhraseMatcher;
- people with role and country from their modifiers and appositions ("Russian Foreign Minister Sergei
  Lavrov", "France's President Nicolas Sarkozy", "his French counterpart Nicolas Sarkozy"), merged by
  name across the document so a bare "Lavrov" gets the same country;
- role nouns with a country modifier ("Russian troops" -> RUSMIL, "officials from X" -> XGOV);
- coreference: definite descriptions ("the top Russian diplomat"), plural descriptions that stand for
  several actors ("the two regions"), personal pronouns of people ("he"), possessives ("its troops");
- metonymy: a capital or seat of government in an actor position ("Moscow recognized") is that
  state's government; elsewhere ("talks in Moscow") it is a place, not an actor.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.attrs import LOWER
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..knowledge.actorkb import ActorKB, KBEntry
from ..records import Actor, ActorMention
from .context import (
    AGENT_ADJECTIVES,
    AGENT_PARTICIPLES,
    COUNT_NOUNS,
    DOCUMENT_HEADS,
    EXPLETIVE_HEADS,
    GEOGRAPHIC_HEADS,
    GEOGRAPHIC_PREFIXES,
    GROUP_POSSESSIVES,
    GROUP_PRONOUNS,
    MODIFIER_DEPS,
    ORGANISATION_NOUNS,
    ORGANISATION_SECTOR_WORDS,
    PERSON_PRONOUNS,
    PLURAL_NOUN_KINDS,
    RELATIVE_PRONOUNS,
    SHIP_PREFIXES,
    SPEAKER_NOUNS,
    STATE_EPITHETS,
    DocActors,
    PersonInfo,
    _clause_owner,
    _clause_subject_people,
    _clause_verb,
    _clean_name,
    _disambiguate,
    _entity_span,
    _in_actor_position,
    _last_actor,
    _last_actors,
    _last_group,
    _last_named_group,
    _last_subject_person,
    _last_titled_person,
    _looks_like_name,
    _main_clause_person,
    _mention,
    _opening_clause_subject,
    _other_than_described,
    _plural_count,
    _relative_clause_head,
    _right_edge_of_phrase,
    _speaker_person,
    _storm_name,
    _surname_known,
    _us_state_cues,
    slug,
    stance_prefixed,
)
from .descriptions import described_state
from .owners import OWNER_PREPOSITIONS, RoleOwners, _owner_preps, index_preps
from .people_nouns import CROWD_ACTS, acting_subject, handed_over, plural_people
from .roles import PersonRoles, _country_code, entry_actors
from .story import SPEAKING_VERBS, StoryCountry
from .unknown_names import guess_unknown_name

# Sectors of a state's own bodies: an unknown body so named ("Cabinet", "the Supreme Court") with no
# country in its name belongs to the story's country, unless its name says it is international.
STATE_SECTORS = {"GOV", "LEG", "JUD", "MIL", "COP", "SPY"}
INTERNATIONAL_WORDS = {"world", "international", "global", "european", "african", "asian", "arab", "islamic",
                       "united", "regional", "commonwealth", "atlantic", "pacific", "inter-american"}
# Plural descriptions that stand for the parties to something, whatever body acted for them ("the two
# sides" after "Israeli and Palestinian negotiators met").
SIDE_NOUNS = {"side", "party"}
# "The government said ...", "talks between the government and the rebels": a state's own body acting
# with no owner named is the story's country's, as "the authorities" are (a place in the sentence moves
# it: "In Havana, the government ..."); owning a thing ("the administration's support") it is more
# often the speaker's own than the story's, so it is left unresolved there.
STORY_BODIES = {"government", "regime", "administration", "cabinet", "junta", "ministry", "presidency"}
# Role nouns that stand for a body of people of the story's country when no owner is named ("police
# arrested 40 protesters", "the rebels", "the opposition"); a singular role of one person ("the
# minister") is not among them: it describes someone named before.
GENERIC_SECTORS = {"COP", "MIL", "REB", "OPP", "CVL", "UAF", "REF", "LAB", "EDU", "CRM", "SPY", "JUD", "LEG"}
_GROUP_PRONOUN_IDS = frozenset(get_string_id(word) for word in GROUP_PRONOUNS | GROUP_POSSESSIVES)


def _named_by_last_word(result: DocActors, word: Token) -> ActorMention | None:
    """The last organisation mentioned whose name ends in `word` ("the Commission", "the Council")."""
    wanted = word.lower_
    for mention in reversed(result.mentions):
        if mention.token_start >= word.i:
            continue
        names = [a for a in mention.actors if a.kind == "organization"]
        if names and all(a.name.split()[-1].lower() == wanted or mention.text.split()[-1].lower() == wanted
                         for a in names):
            return mention
    return None


# Where a lone demonym with "a" stands for a person ("a Palestinian stabbed", "killed an Iraqi").
ARGUMENT_DEPS_OF_PEOPLE = {"nsubj", "nsubjpass", "dobj", "pobj"}
# "a British-flagged tanker", "US-made jets", "a Ugandan-born physician": the state a thing or person comes
# from, which does nothing in the story ("Iranian-backed", "US-led" name actors and are kept).
ORIGIN_PARTICIPLES = {"flagged", "made", "built", "registered", "born", "designed", "manufactured", "owned",
                      "educated", "trained", "style", "type", "class", "origin", "speaking"}
# ... but a ship or a plane flagged, registered, owned or operated there is that state's, as far as acts on
# it go ("Iran seized a British-flagged tanker": an act against Britain).
OWNERSHIP_PARTICIPLES = {"flagged", "registered", "owned", "operated"}
# "the Clinton administration", "the Blair government": the leader's state's government.
GOVERNMENT_NOUNS = {"administration", "government", "regime", "cabinet"}


def _counted_people(token: Token) -> bool:
    """A plural people noun with a count: "13,000 Albanians", "hundreds of Kurds", "some 50 Iraqis"."""
    if any(c.dep_ == "nummod" for c in token.children):
        return True
    return token.head.lower_ == "of" and token.head.head.lower_ in COUNT_NOUNS


class ActorResolver(PersonRoles, StoryCountry, RoleOwners):
    """Resolves actor mentions in parsed documents against an ActorKB."""

    def __init__(self, kb: ActorKB, nlp):
        self.kb = kb
        self._surnames: dict[str, str] = {}
        self._names: dict = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns: dict[str, set[str]] = {}
        for phrase, kind in kb.phrases():
            if kind in ("name", "metonym", "person") and phrase.strip():
                patterns.setdefault(kind, set()).add(phrase)
        for kind, phrases in patterns.items():
            self.matcher.add(kind, [nlp.make_doc(p) for p in sorted(phrases)])

    # ------------------------------------------------------------------ entry point

    def resolve(self, doc: Doc, published: str | None = None, dateline: str | None = None) -> DocActors:
        result = DocActors(doc)
        self._generic: list[tuple[Token, object, int]] = []
        self._national_bodies: set[str] = set()
        self._acronyms: dict[str, tuple] = {}  # "FCC" -> the actors of "the Federal Communications Commission (FCC)"
        names = self._dictionary_spans(doc)
        self._add_titled_names(doc, names)
        self._names = names
        people = self._collect_people(doc, names, published)
        done: set[int] = set()
        preps, located = index_preps(doc)
        self._preps, self._located = preps, located

        def visit(token: Token) -> None:
            if token.i in done or (token.i in result.by_token and token.i not in result.by_head):
                return
            done.add(token.i)
            # "officials from the two regions", "the totality of the country's air force": owners first
            for owner in (c for c in token.lefts if c.dep_ == "poss"):
                visit(owner)
            for prep in _owner_preps(token, preps, located):
                if prep.lower_ in OWNER_PREPOSITIONS:
                    for owner in prep.children:
                        if owner.dep_ == "pobj":
                            for each in [owner] + [c for c in owner.conjuncts if c.i > owner.i]:
                                visit(each)
            mention = self._mention_for(token, doc, names, people, result)
            if mention is not None:
                result.add(mention)

        for token in doc:
            if token.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM"):
                visit(token)
        self._place_in_story(result, dateline)
        self._pronouns_after_story(result, people)
        self._opposed_states(result)
        return result

    def _pronouns_after_story(self, result: DocActors, people: dict[str, PersonInfo]) -> None:
        """'Tamil rebels said they attacked a navy base': rebels, police and protesters take their country
        from the story only once the whole text is read, so a group pronoun that stands for them is
        resolved again then, with the mentions back in text order."""
        result.mentions.sort(key=lambda m: (m.token_start, m.head))
        self._generic = []  # a sentence-opening "they" was placed with the story already
        doc = result.doc
        # the words that may be such pronouns, found in one read of the words' lower-case ids rather
        # than by making a Token of every word
        for i in [i for i, lower in enumerate(doc.to_array(LOWER).tolist()) if lower in _GROUP_PRONOUN_IDS]:
            token = doc[i]
            if token.pos_ != "PRON" or token.lower_ not in GROUP_PRONOUNS | GROUP_POSSESSIVES \
                    or result.at(token) is not None:
                continue
            mention = self._pronoun_mention(token, result, people)
            if mention is not None and any(a.country_basis in ("story", "dateline") for a in mention.actors):
                result.add(mention)
        result.mentions.sort(key=lambda m: (m.token_start, m.head))

    # ------------------------------------------------------------------ dictionary names

    def _dictionary_spans(self, doc: Doc) -> dict[int, tuple[Span, list[KBEntry], str]]:
        """Longest non-overlapping dictionary matches, keyed by every token they cover."""
        matches = []
        for match_id, start, end in self.matcher(doc):
            kind = doc.vocab.strings[match_id]
            span = doc[start:end]
            if not _looks_like_name(span):
                continue
            matches.append((start, end, kind, span))
        matches.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: dict[int, tuple[Span, list[KBEntry], str]] = {}
        person_ents = [ent for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1]
        person_words = {t.text for ent in person_ents for t in ent if t.text[:1].isupper()}
        for start, end, kind, span in matches:
            if any(i in taken for i in range(start, end)):
                continue
            if kind != "person" and not self._names_an_actor(span, person_ents, person_words):
                continue
            text = span.text
            if kind == "metonym":
                entry = self.kb.metonym(text)
                entries = [entry] if entry else []
            elif kind == "person":
                person = self.kb.person(text)
                entries = []
                if person is not None and self._other_person(span, person_ents, person):
                    continue  # "Anna Merkel" is not Angela Merkel
                if person is not None:
                    taken_person = (span, [], "person")
                    for i in range(start, end):
                        taken[i] = taken_person
                    continue
            else:
                entries = self.kb.lookup(text)
            if not entries:
                continue
            for i in range(start, end):
                taken[i] = (span, entries, kind)
        return taken

    def _other_person(self, span: Span, person_ents: list[Span], person) -> bool:
        """A known surname inside a longer name whose other words are not the known person's: the name
        of someone else ("Anna Merkel")."""
        for ent in person_ents:
            if not (ent.start <= span.start and span.end <= ent.end) or len(ent) <= len(span):
                continue
            full = _clean_name(self._without_title(ent).text)
            if len(full.split()) <= len(span.text.split()):
                continue
            found = self.kb.person(full)
            return found is None or found.id != person.id
        return False

    def _names_an_actor(self, span: Span, person_ents: list[Span], person_words: set[str]) -> bool:
        """False when a dictionary name is part of something else: a person's name ("Michael Jordan",
        "Chad Johnson", a later bare "Jordan"), a geographic name ("Niger Delta", "Lake Chad") or, for
        names the KB marks ambiguous, a US state ("Georgia Governor", "Atlanta, Georgia")."""
        for ent in person_ents:
            end = ent.end
            while end > ent.start and (ent.doc[end - 1].is_punct or ent.doc[end - 1].lower_ in ("'s", "'")):
                end -= 1  # "Caras Galadhon's": the name and its possessive ending are the name
            if ent.start <= span.start and span.end <= end and (ent.start, end) != (span.start, span.end) \
                    and not (span.end == end and all(t.lower_ in STATE_EPITHETS for t in ent.doc[ent.start:span.start])
                             and any(e.kind == "state" or _country_code(e) for e in self.kb.lookup(span.text))):
                return False  # ("Tiny Qatar condemned ...": an epithet before a state's name names no person)
        doc = span.doc
        root = span.root
        if root.dep_ == "appos" and root.ent_type_ == "PERSON" and root.head.pos_ == "NOUN" \
                and self.kb.role(root.head.lemma_.lower()) is not None:
            return False  # "Ithilen's minister Calimehtar": the name of the one in office, not a state's
        after = doc[span.end] if span.end < len(doc) else None
        before = doc[span.start - 1] if span.start > 0 else None
        if after is not None and after.lower_ in GEOGRAPHIC_HEADS and after.text[:1].isupper():
            return False
        if before is not None and before.lower_ in GEOGRAPHIC_PREFIXES and before.text[:1].isupper():
            return False
        entries = self.kb.lookup(span.text)
        if not entries or not all(e.ambiguous for e in entries):
            return True
        if len(span) == 1 and span.text in person_words:
            return False  # "Jordan said ..." after "Michael Jordan"
        return not _us_state_cues(span)

    # ------------------------------------------------------------------ people

    # ------------------------------------------------------------------ one phrase

    def _mention_for(self, token: Token, doc: Doc, names, people, result: DocActors) -> ActorMention | None:
        if token.pos_ not in ("NOUN", "PROPN", "PRON", "ADJ", "NUM"):
            return None
        named = names.get(token.i)
        if named is not None:
            span, entries, kind = named
            if token.i != span.root.i and span.root.i in range(span.start, span.end):
                return None  # the span is handled at its root
            if kind == "person":
                return self._person_mention(span, people, result)
            return self._named_mention(span, entries, kind, doc, result)
        # a known surname names the person again, even where the tagger takes an unfamiliar one for a common
        # noun ("Yoo will exchange views")
        surname = _surname_known(token, people, self) and (
            token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass")))
        if (token.ent_type_ == "PERSON" and not self._role_word(token)) or surname:
            span = _entity_span(token, doc)
            if span.root.i != token.i or _storm_name(span):
                return None
            return self._person_mention(span, people, result)
        if token.pos_ == "PRON":
            return self._pronoun_mention(token, result, people)
        demonym = self._demonym_mention(token, result) or self._leader_government(token, doc, result) \
            or self._drafter_mention(token, result)
        if demonym is not None:
            return demonym
        if token.pos_ in ("NOUN", "PROPN"):
            return (self._appositive_organisation(token, doc, names, result)
                    or self._nominal_mention(token, doc, names, result) or self._unknown_mention(token, doc, result))
        return None

    def _leader_government(self, token: Token, doc: Doc, result: DocActors) -> ActorMention | None:
        """'the Clinton administration', 'the Blair government', 'the Mobutu regime': the government of the
        leader's state (the leader named before, else the one state all people of that name served)."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in GOVERNMENT_NOUNS:
            return None
        leaders = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == token.i - 1]
        if not leaders:
            return None
        named = result.at(leaders[0])
        countries = {a.country for a in named.actors if a.kind == "person" and a.country} if named else set()
        if not countries:
            countries = {role.country for person in self.kb.persons(leaders[0].text) for role in person.roles
                         if role.country}
        entry = self.kb.entry(next(iter(countries))) if len(countries) == 1 else None
        if entry is None:
            return None
        start = leaders[0].left_edge.i
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
        return _mention(start, token.i + 1, token.i, (entry.actor(sector=("GOV",)),), "metonymy", doc)

    def _appositive_organisation(self, token: Token, doc: Doc, names, result: DocActors) -> ActorMention | None:
        """'the press group Article 19', 'the rights watchdog Foo': an organisation named in apposition to
        a noun that says what it is; never a person, whatever the tagger thought of the name."""
        if token.lemma_.lower() not in ORGANISATION_NOUNS or token.pos_ != "NOUN":
            return None
        names_after = [c for c in token.children if c.dep_ in ("appos", "compound") and c.i > token.i
                       and c.left_edge.i == token.i + 1 and doc[token.i + 1].text[:1].isupper()]
        if not names_after:
            return None
        name_head = names_after[0]
        if any(names.get(t.i) is not None for t in name_head.subtree):
            return None  # a name the dictionary knows resolves as itself
        name_span = doc[name_head.left_edge.i: name_head.right_edge.i + 1]
        while len(name_span) and name_span[-1].is_punct:
            name_span = name_span[:-1]
        if not name_span:
            return None
        words = [t for t in doc[token.left_edge.i: token.i + 1]]
        sector = next((ORGANISATION_SECTOR_WORDS[t.lower_] for t in reversed(words)
                       if t.lower_ in ORGANISATION_SECTOR_WORDS), None)
        country = None
        for word in words:
            entry = self._demonym(word)
            if entry is not None and entry.kind in ("state", "territory"):
                country = entry.country or entry.code
                break
        name = _clean_name(name_span.text)
        code = ((country or "") + (sector or "")) or None
        actor = Actor(id="org:" + slug(name), name=name, kind="organization", country=country,
                      sector=(sector,) if sector else (), code=code)
        start = min([token.i] + [t.i for c in token.lefts if c.dep_ in MODIFIER_DEPS for t in c.subtree])
        return _mention(start, name_span.end, token.i, (actor,), "apposition", doc)

    def _role_word(self, token: Token) -> bool:
        """A one-word "person" the tagger found in a role phrase ("Riot police", "Border guards")."""
        ent = _entity_span(token, token.doc)
        if len(ent) != 1 or token.i + 1 >= len(token.doc):
            return False
        after = token.doc[token.i + 1]
        return self.kb.role(f"{token.lower_} {after.lower_}") is not None or (
            self.kb.role(after.lemma_.lower()) is not None and token.dep_ in ("compound", "amod"))

    def _demonym_mention(self, token: Token, result: DocActors) -> ActorMention | None:
        """'a Russian attack', 'Georgian positions', 'Palestinians protested': the state a demonym
        names, where no role noun takes it ("Russian troops" is one phrase, handled at "troops")."""
        if token.pos_ not in ("ADJ", "PROPN", "NOUN") or not token.text[:1].isupper():
            return None
        entries = self._demonyms(token)
        if not entries:
            return None
        doc = token.doc
        if token.i + 2 < len(doc) and doc[token.i + 1].text in ("-", "–") \
                and doc[token.i + 2].lower_ in ORIGIN_PARTICIPLES:
            thing = doc[token.i + 2].head
            entry = _disambiguate(entries, result)
            if doc[token.i + 2].lower_ in OWNERSHIP_PARTICIPLES and thing.pos_ == "NOUN" \
                    and thing.ent_type_ != "PERSON" and self._role_at(thing) is None and entry.kind == "state":
                return _mention(token.i, token.i + 3, token.i, (entry.actor(),), "modifier", doc)
            return None  # "a Ugandan-born physician", "a Russian-made missile": where a thing is from
        head = token.head
        paired = token.i + 2 == head.i and token.doc[token.i + 1].text in ("-", "–") and head.pos_ in ("ADJ", "PROPN")
        if paired:
            pass  # "Israeli-Palestinian talks", "Sino-Japanese summit": one of a hyphenated pair of parties
        elif token.dep_ in ("amod", "compound", "nmod") or (
                token.dep_ == "conj" and head.dep_ in ("amod", "compound", "nmod") and head.i < token.i):
            if token.dep_ == "conj":
                head = head.head  # "U.S. and British objections": the second of coordinated owners
            if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ == "PERSON":
                return None
            if self._role_at(head) is not None or (head.lemma_.lower() in PLURAL_NOUN_KINDS and _plural_count(head)):
                return None  # "Russian troops", "the two Georgian breakaway regions"
            if head.pos_ == "PROPN" and head.text[:1].isupper() and head.ent_type_ not in ("", "NORP"):
                return None  # part of a name: "the Russian Orthodox Church", "Syrian Observatory"
        elif (token.tag_ in ("NN", "NNP") or (token.pos_ == "ADJ" and token.dep_ in ARGUMENT_DEPS_OF_PEOPLE)) \
                and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
            # "a Palestinian stabbed two soldiers", "an Iraqi was arrested": one person of that nation
            entry = _disambiguate(entries, result)
            if entry.kind not in ("state", "territory"):
                return None
            return _mention(token.left_edge.i, token.i + 1, token.i, (entry.actor(sector=("CVL",)),), "modifier",
                            token.doc)
        elif not (token.pos_ in ("NOUN", "PROPN") and plural_people(token)):
            return None  # a plural people noun acts ("Palestinians protested"); other uses do not
        entry = _disambiguate(entries, result)
        if entry.kind not in ("state", "territory") \
                and not (entry.kind == "group" and token.dep_ in ("amod", "compound", "nmod")):
            return None  # ("Houthi positions": a group's things are the group's)
        if plural_people(token) and (_counted_people(token) or (
                token.dep_ == "nsubj" and token.head.lemma_.lower() in CROWD_ACTS)):
            # "13,000 Albanians have arrived in Italy", "hundreds of Kurds", "Georgians protested outside
            # parliament": people of that nation, not it
            return _mention(token.i, token.i + 1, token.i, (entry.actor(sector=("CVL",)),), "modifier", token.doc)
        return _mention(token.i, token.i + 1, token.i, (entry.actor(),), "modifier", token.doc)

    def _drafter_mention(self, token: Token, result: DocActors) -> ActorMention | None:
        """The state that wrote a text or led an act, named in front of the participle: "an Egyptian-drafted
        resolution", "a U.S.-drafted resolution" (one token to the tokenizer), "the Saudi-led decision to
        sever ties". A drafter is the party a veto or a rejection of its text is aimed at."""
        doc = token.doc
        if "-" in token.text and token.lower_.rsplit("-", 1)[1] in AGENT_PARTICIPLES:
            prefix, noun = token.text.rsplit("-", 1)[0], token.head
        elif token.i + 2 < len(doc) and doc[token.i + 1].text in ("-", "–") \
                and doc[token.i + 2].lower_ in AGENT_PARTICIPLES and token.pos_ in ("ADJ", "PROPN"):
            prefix, noun = token.text, doc[token.i + 2].head
        else:
            return None
        if noun.pos_ != "NOUN" or self._role_at(noun) is not None:
            return None  # "the Saudi-led coalition", "Iranian-backed militias": the role noun's owner (owners.py)
        if stance_prefixed(token):
            return None
        entries = self._demonyms(token) if prefix == token.text else []
        entries = entries or [e for e in self.kb.lookup(prefix) if e.kind in ("state", "territory")]
        entry = _disambiguate(entries, result) if entries else None
        if entry is None or entry.kind not in ("state", "territory"):
            return None
        return _mention(token.i, token.i + 1, token.i, (entry.actor(),), "modifier", doc)

    def _role_at(self, token: Token):
        doc = token.doc
        lemma = token.lemma_.lower()
        if token.i > 0:
            two = self.kb.role(f"{doc[token.i - 1].lemma_.lower()} {lemma}")
            if two is not None:
                return two
        return self.kb.role(lemma) or self.kb.role(token.lower_)

    def _unknown_mention(self, token: Token, doc: Doc, result: DocActors) -> ActorMention | None:
        """A named organisation the knowledge base does not know: kept with its text and the best
        guess of country (a demonym or country name inside it) and sector (its words), not dropped."""
        if token.ent_type_ != "ORG" or token.pos_ != "PROPN" or token.lower_ in GEOGRAPHIC_HEADS:
            return None
        ent = _entity_span(token, doc)
        if ent.root.i != token.i or len(ent) > 8:
            return None
        acronym = self._acronym_mention(ent, result)
        if acronym is not None:
            return acronym
        words = [t for t in ent if not t.is_punct and t.lower_ not in ("the", "of", "for", "and")]
        if len(words) == 1 and (earlier := _named_by_last_word(result, words[0])) is not None:
            # "The UN Human Rights Commission condemned ... The Commission demanded": the body named before
            return _mention(ent.start, ent.end, token.i, earlier.actors, "description", doc)
        if not words or any(self.kb.person(t.text) for t in words):
            return None
        if any(t.lower_ in GEOGRAPHIC_HEADS or t.lower_ in GEOGRAPHIC_PREFIXES for t in words):
            return None  # "the River Niger" is a place
        if words[-1].lower_ in DOCUMENT_HEADS:
            return None  # "the Patriot Act", "the Oslo Accords": a text, not a body
        guess = guess_unknown_name(self.kb, words, token, self._role_at)
        if guess is None:
            return None  # "King Khalid International Airport" with no owner named: a place, not a body
        country, sectors, named_by_head, local = guess
        name = _clean_name(ent.text)
        if name.lower().startswith("the "):
            name = name[4:]
        code = ((country or "") + "".join(sectors[:1])) or None
        actor = Actor(id="org:" + slug(name), name=name, kind="organization", country=country,
                      sector=tuple(sectors[:1]), code=code)
        if country is None and named_by_head and sectors[0] in STATE_SECTORS \
                and not any(t.lower_ in INTERNATIONAL_WORDS for t in words):
            # "Cabinet", "the Supreme Court", "the Interior Ministry": a state body of the story's country
            self._national_bodies.add(actor.id)
        if country is None and local:
            self._national_bodies.add(actor.id)  # "a local group": the story's country, as a national body's
        return _mention(ent.start, ent.end, token.i, (actor,), "unknown", doc)

    def _acronym_mention(self, ent: Span, result: DocActors) -> ActorMention | None:
        """"The Federal Communications Commission (FCC) ... the FCC": an acronym in brackets right after a
        name whose capitalised words it abbreviates, and its later uses, are that name's actor."""
        text = ent.text
        if len(ent) != 1 or not (2 <= len(text) <= 8 and text.isupper() and text.isalpha()):
            return None
        doc = ent.doc
        if text in self._acronyms:
            return _mention(ent.start, ent.end, ent.root.i, self._acronyms[text], "acronym", doc)
        if ent.start < 2 or ent.end >= len(doc) or doc[ent.start - 1].text != "(" or doc[ent.end].text != ")":
            return None
        named = result.at(doc[ent.start - 2])
        if named is None or not named.actors:
            return None
        initials = "".join(w[0] for w in doc[named.token_start:named.token_end].text.replace("-", " ").split()
                           if w[:1].isupper() and w.lower() != "the")
        if not _abbreviates(text, initials):
            return None
        self._acronyms[text] = named.actors
        return _mention(ent.start, ent.end, ent.root.i, named.actors, "acronym", doc)

    def _named_mention(self, span: Span, entries, kind, doc: Doc, result: DocActors) -> ActorMention | None:
        entry = _disambiguate(entries, result)
        root = span.root
        if kind == "metonym" and entry.kind != "state" and not _in_actor_position(root):
            return None  # "raided homes in Brussels": the city, not the body seated there
        if entry.kind == "state" and kind == "metonym":
            if not _in_actor_position(root):
                actor = entry.actor(sector=("GOV",))
                actor = replace(actor, name=entry.name)
                result.latent[root.i] = _mention(span.start, span.end, root.i, (actor,), "metonymy", doc)
                return None
            actor = entry.actor(sector=("GOV",))
            actor = replace(actor, name=entry.name)
            how = "metonymy"
        else:
            # Demonyms modifying a role noun are handled at the role noun ("Russian troops").
            if root.dep_ in ("amod",) and root.head.pos_ == "NOUN":
                return None
            if root.dep_ == "compound" and self.kb.role(root.head.lemma_.lower()):
                return None
            # "Bree Prime Minister Romendacil", "Hamas leader X" for a name the dictionary codes:
            # a title before it gives the sector.
            titles = [t for c in root.children if c.dep_ == "compound" and c.i < span.start for t in c.subtree]
            # A prefix role ("MSF Arnor": a PETRARCH "[NGO~]" agent) goes before the code, states too.
            roles = {t.i: self._role_at(t) for t in titles}
            prefixes = [r for r in roles.values() if r is not None and r.prefix]
            plain = [t for t in titles if not (roles[t.i] is not None and roles[t.i].prefix)]
            role = self._describe(plain)[1] if plain and entry.kind != "state" else ()
            # a compound entry names each of its members; a null entry names no actor
            return _mention(span.start, span.end, root.i, entry_actors(entry, prefixes, role), "dictionary", doc)
        return _mention(span.start, span.end, root.i, (actor,), how, doc)

    def _person_mention(self, span: Span, people, result: DocActors) -> ActorMention | None:
        navy = SHIP_PREFIXES.get(span[0].text)
        entry = self.kb.entry(navy) if navy else None
        if entry is not None and len(span) > 1:
            # "USS George Washington" is a ship of the US Navy, not a person
            return _mention(span.start, span.end, span.root.i, (entry.actor(sector=("MIL",)),), "dictionary", span.doc)
        span = self._without_title(span)
        full = _clean_name(span.text)
        if not full:
            return None
        key = full if full in people else self._surnames.get(full, full)
        info = people.get(key) or PersonInfo(name=full)
        actor = info.actor(self.kb)
        # The phrase includes its title and country words ("Russian Foreign Minister Sergei Lavrov").
        root = span.root
        start = min([span.start] + [t.i for c in root.children if c.i < span.start and c.dep_ in MODIFIER_DEPS
                                    for t in c.subtree])
        head = root
        if root.dep_ == "appos" and root.head.pos_ == "NOUN" and self.kb.role(root.head.lemma_.lower()):
            head = root.head
            start = min(start, head.left_edge.i)
        return _mention(start, span.end, head.i, (actor,), "apposition" if head.i != root.i else "dictionary",
                        span.doc)

    def _pronoun_mention(self, token: Token, result: DocActors,
                         people: dict[str, PersonInfo]) -> ActorMention | None:
        lower = token.lower_
        if lower in RELATIVE_PRONOUNS and token.tag_ in ("WP", "WDT", "WP$") \
                and (described := _relative_clause_head(token)) is not None:
            # "Kohl, with whom he had talks": the relative pronoun is the noun its clause describes
            antecedent = result.at(described)
            if antecedent is not None and antecedent.actors:
                return _mention(token.i, token.i + 1, token.i, antecedent.actors, "relative", token.doc)
            return None
        if lower in PERSON_PRONOUNS:
            ahead = _opening_clause_subject(token)
            if ahead is not None and ahead.ent_type_ == "PERSON" and ahead.pos_ == "PROPN":
                # "Speaking after his talks with Kohl, Yeltsin said": the pronoun looks ahead
                found = self._person_mention(_entity_span(ahead, token.doc), people, result)
                if found is not None:
                    return _mention(token.i, token.i + 1, token.i, found.actors, "pronoun", token.doc)
            main = _speaker_person(token, result) or _main_clause_person(token, result)
            if main is not None:
                # "Mobutu offered to meet Kabila, although he dismissed ...": the subject goes on
                return _mention(token.i, token.i + 1, token.i, (main,), "pronoun", token.doc)
            # "Kohl, with whom he had talks": not the person the relative clause describes
            other = _other_than_described(token)
            owner = result.at(other) if other is not None else None
            person = _last_subject_person(result, token) if owner is None else None
            person = person or _last_actor(result, token.i, {"person"},
                                           (owner.actors if owner else ()) + _clause_subject_people(token, result))
            if person is not None:
                return _mention(token.i, token.i + 1, token.i, (person,), "pronoun", token.doc)
            if token.dep_ == "poss":
                # "The Saudi crown prince, on his first visit to Pakistan, signed ...": an office-holder the
                # text describes but does not name, subject of the clause, owns what "his" owns
                subject = self._titled_subject(token, result)
                if subject is not None:
                    return _mention(token.i, token.i + 1, token.i, subject.actors, "pronoun", token.doc)
        if lower in GROUP_POSSESSIVES and token.dep_ == "poss" and token.head.pos_ == "NOUN" \
                and self._role_at(token.head) is None:
            # "Iraq will use its occupation of Kuwait": the clause's subject owns the act (owned role nouns,
            # "its troops", take their owner at the noun); "possessive", not "pronoun": it names no one
            # again for the story's topic count
            owners = [a for a in _clause_owner(token, result) if a.kind != "person"]
            if owners:
                return _mention(token.i, token.i + 1, token.i, tuple(owners), "possessive", token.doc)
        pending = self._pending_subject(token) if lower == "they" else None
        if pending is not None:
            # "War veterans staged a sit-in ... They began their protest": the people the last sentence
            # was about, whose country the story gives once it is read
            self._generic.append((token, pending, token.i))
            return None
        if lower in GROUP_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            agentive = any(c.dep_ == "acomp" and c.lemma_.lower() in AGENT_ADJECTIVES for c in token.head.children)
            if lower == "it" and token.dep_ == "nsubj" and not agentive and (
                token.head.lemma_.lower() in EXPLETIVE_HEADS
                or any(c.dep_ in ("ccomp", "csubj") and c.i > token.head.i for c in token.head.children)
                and token.head.lemma_.lower() in ("be", "seem", "appear")
            ):
                return None  # "it is necessary", "it seems that ..."
            actors = _clause_owner(token, result) or _last_group(result, token, plural=lower != "it")
            if actors:
                return _mention(token.i, token.i + 1, token.i, tuple(actors), "pronoun", token.doc)
        return None

    def _titled_subject(self, token: Token, result: DocActors) -> ActorMention | None:
        """The mention of the clause subject when it is one office-holder described by a title ("the crown
        prince", "the foreign minister")."""
        subject = next((c for c in _clause_verb(token).children if c.dep_ == "nsubj"), None)
        if subject is None or subject.tag_ != "NN" or not getattr(self._role_at(subject), "title", None):
            return None
        mention = result.at(subject)
        return mention if mention is not None and len(mention.actors) == 1 else None

    def _pending_subject(self, token: Token):
        """For a sentence-opening "they", the role of the last sentence's subject when that subject is
        people whose country is still to come from the story ("Dozens of war veterans")."""
        sent_start = token.sent.start
        if sent_start == 0 or token.dep_ not in ("nsubj", "nsubjpass") or token.i - sent_start > 1:
            return None
        subject = next((c for c in token.doc[sent_start - 1].sent.root.children if c.dep_ in ("nsubj", "nsubjpass")),
                       None)
        if subject is None:
            return None
        heads = [subject] + [o for p in subject.children if p.dep_ == "prep" and p.lower_ == "of"
                             for o in p.children if o.dep_ == "pobj"]
        for generic, role, _start in self._generic:
            if generic in heads:
                return role
        return None

    def _nominal_mention(self, token: Token, doc: Doc, names, result: DocActors) -> ActorMention | None:
        lemma = token.lemma_.lower()
        # Role noun, possibly two words ("foreign minister", "security forces").
        role = None
        start_role = token.i
        if token.i > 0:
            role = self.kb.role(f"{doc[token.i - 1].lemma_.lower()} {lemma}") or self.kb.role(
                f"{doc[token.i - 1].lower_} {token.lower_}"
            )
            if role is not None:
                start_role = token.i - 1
        role = role or self.kb.role(lemma) or self.kb.role(token.lower_)
        plural_kinds = PLURAL_NOUN_KINDS.get(lemma)
        count = _plural_count(token)
        definite = any(c.lower_ in ("the", "both", "these", "those") for c in token.lefts)
        if plural_kinds and (count or (definite and count is None)) and token.tag_ in ("NNS", "NNPS"):
            actors = []
            for kinds in plural_kinds:
                # "the two regions": the last two; "the republics": the last group named together
                if count:
                    # ("the two leaders" refers back to people named; "five ministers from X" names new ones)
                    actors = _last_actors(result, token.i, kinds, count, bodies=lemma in SIDE_NOUNS, people=definite)
                else:
                    actors = _last_named_group(result, token.i, kinds)
                if actors:
                    break
            if actors:
                return _mention(token.left_edge.i, _right_edge_of_phrase(token) + 1, token.i, tuple(actors),
                                "description", doc)
        # "the country", "the kingdom", "the Islamic Republic": a state named before (descriptions.py)
        described = described_state(self.kb, token, result) if role is None else None
        if described is not None:
            return described
        if role is None or (role.equipment and handed_over(token)):
            return None
        if role.equipment and token.dep_ == "compound" and token.head.i > token.i \
                and any(c.dep_ in ("amod", "poss", "nmod", "compound") and c.i < token.i
                        and self._entry_for_modifier(c, names, result) is not None for c in token.head.lefts):
            return None  # "North Korean missile exports": a kind of thing its owner names, no forces
        if token.dep_ == "compound" and token.head.i == token.i + 1 \
                and self.kb.role(f"{token.lower_} {token.head.lemma_.lower()}") is not None:
            return None  # "fighter" in "fighter jets": a word of the longer role the next noun reads
        if token.dep_ == "compound" and token.head.pos_ == "PROPN":
            return None  # a title inside a name ("Foreign Minister Sergei Lavrov"): the person's phrase
        if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in token.children):
            return None  # "his French counterpart Nicolas Sarkozy": handled with the person
        if token.dep_ == "appos" and token.head.i < token.i:
            # "Franz Vranitzky, the former Austrian chancellor": the title describes the person named
            described = result.at(token.head)
            people = tuple(a for a in described.actors if a.kind == "person") if described else ()
            if people:
                return _mention(token.left_edge.i, token.i + 1, token.i, people, "apposition", doc)
        owners = self._owner_of(token, names, result)
        if owners is None and token.tag_ in ("NN", "NNP") and any(c.lower_ == "the" for c in token.lefts) \
                and token.dep_ != "compound" and getattr(role, "title", None):
            # "the president said": the person with that title named before, or the last person named
            # when the sectors agree
            modifiers = tuple(c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod") and c.is_lower)
            person = _last_titled_person(result, token.i, lemma, tuple(role.sectors), modifiers)
            if person is not None:
                return _mention(token.left_edge.i, token.i + 1, token.i, (person,), "description", doc)
        if owners is None and role.subject_only and not acting_subject(token):
            return None  # "killing 40 people": no one the story can place
        if owners is None:
            # "the top Russian diplomat": a definite singular description of a person seen before.
            if set(role.sectors) & GENERIC_SECTORS or (token.tag_ in ("NNS", "NNPS") and role.sectors) \
                    or (lemma in STORY_BODIES and any(c.lower_ == "the" for c in token.lefts)
                        and (token.dep_ in ("nsubj", "nsubjpass")
                             or token.dep_ == "pobj" and token.head.lower_ in ("between", "with"))) \
                    or (lemma in SPEAKER_NOUNS and token.tag_ == "NN" and token.dep_ == "nsubj"
                        and token.head.lemma_.lower() in SPEAKING_VERBS):
                start = min(start_role, min((t.i for c in token.lefts if c.dep_ in MODIFIER_DEPS
                                             for t in c.subtree), default=token.i))
                self._generic.append((token, role, start))
            return None
        entries, how = owners
        # "An MSF Arnor diplomat": a prefix role among the modifiers goes before the owner's code
        prefixes = [r for c in token.lefts if c.dep_ in ("compound", "amod", "nmod") for t in c.subtree
                    if (r := self._role_at(t)) is not None and r.prefix]
        actors = []
        for owner in entries:
            if isinstance(owner, Actor):  # a person described again
                actors.append(owner)
                continue
            actors.extend(entry_actors(owner, [*prefixes, role]))  # each member of a compound owner
        if not actors:
            return None
        start = min(start_role, min((t.i for c in token.lefts if c.dep_ in MODIFIER_DEPS for t in c.subtree),
                                    default=token.i))
        if self._coordinated_demonyms(token):
            start = min(start, token.head.i)  # "Greek and other European officials"
        return _mention(start, token.i + 1, token.i, tuple(actors), how, doc)


def _abbreviates(acronym: str, initials: str) -> bool:
    """The acronym's letters appear, in order, among the initials, the first letter among the first two
    ("FCC" of "US Federal Communications Commission")."""
    if acronym[0] not in initials[:2]:
        return False
    at = 0
    for letter in acronym:
        at = initials.find(letter, at)
        if at < 0:
            return False
        at += 1
    return True

