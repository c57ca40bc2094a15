"""What the actor resolver knows besides the knowledge base: document memory and context rules.

`DocActors` holds a document's actor mentions (and the capitals it saw outside actor positions);
the helpers below decide what a pronoun, a possessive or an ambiguous name stands for from the
document around it. See resolver.py for the resolution itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from ..clean.page import dateline_length
from ..knowledge.actorkb import ActorKB, KBEntry
from ..records import Actor, ActorMention

# Dependency labels of a phrase's own modifiers (its words, as opposed to clauses attached to it).
MODIFIER_DEPS = {"compound", "amod", "poss", "det", "nummod", "nmod", "quantmod", "case", "prep_of"}
# Positions where a capital or seat of government acts rather than locates.
ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "dobj", "dative", "appos", "attr"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
GROUP_POSSESSIVES = {"its", "their"}
GROUP_PRONOUNS = {"it", "they", "them"}
# Verbs whose subject "it" is a placeholder ("it is necessary", "it seems"), not an actor.
EXPLETIVE_HEADS = {"be", "seem", "appear", "happen", "remain", "take", "matter", "mean", "rain", "look"}
# Adjectives that describe an agent: "it was willing to negotiate" names a party, "it is necessary to" does not.
AGENT_ADJECTIVES = {"willing", "unwilling", "ready", "prepared", "determined", "eager", "keen", "reluctant", "able",
                    "unable", "committed", "open", "opposed", "interested", "anxious", "loath", "set", "poised",
                    "resolved", "free", "entitled", "obliged", "obligated", "bound", "disposed", "inclined",
                    # ... and the feelings of a side ("it was deeply disappointed by the decision")
                    "disappoint", "disappointed", "dismayed", "angered", "outraged", "upset", "frustrated",
                    "concerned", "alarmed", "troubled", "disturbed", "offended", "satisfied", "pleased"}
# Head nouns that make a country's name part of a geographic name ("Niger Delta", "Jordan River"),
# and words that precede one ("Lake Chad", "River Niger").
GEOGRAPHIC_HEADS = {"delta", "river", "valley", "basin", "sea", "lake", "mountains", "desert", "gulf", "bay",
                    "strait", "straits", "gorge", "plateau", "creek", "canyon", "falls", "highlands", "ocean",
                    "peninsula", "subcontinent"}
GEOGRAPHIC_PREFIXES = {"lake", "river", "mount", "mt", "gulf", "bay", "sea", "cape"}
# Prefixes of warships' names, which say whose navy the ship is ("USS George Washington", "HMS Duncan").
SHIP_PREFIXES = {"USS": "USA", "USNS": "USA", "HMS": "GBR", "HMAS": "AUS", "HMCS": "CAN", "HMNZS": "NZL",
                 "INS": "IND", "FS": "FRA", "ROKS": "KOR", "JS": "JPN", "TCG": "TUR", "HNLMS": "NLD", "KRI": "IDN",
                 "BRP": "PHL", "RSS": "SGP", "KD": "MYS", "HTMS": "THA", "PNS": "PAK", "SLNS": "LKA", "BNS": "BGD"}
# Epithets a story puts before a state's name, which the tagger folds into a person's name when they open
# a sentence ("Tiny Qatar condemned Egypt", "Landlocked Mali"): the state is named all the same.
STATE_EPITHETS = {"tiny", "small", "big", "large", "neighbouring", "neighboring", "landlocked", "impoverished",
                  "isolated", "secretive", "reclusive", "communist", "evil", "mighty", "poor", "rich", "wealthy",
                  "oil-rich", "gas-rich", "energy-rich", "resource-rich", "mineral-rich", "cash-strapped",
                  "war-torn", "war-ravaged", "nuclear-armed", "strife-torn", "conflict-torn", "debt-ridden",
                  "debt-laden", "crisis-hit", "predominantly", "mostly", "majority-muslim", "muslim-majority",
                  "catholic", "authoritarian", "democratic", "fellow", "nearby", "southern", "northern",
                  "eastern", "western", "central"}
# Head nouns of the names of texts and plans, which act in nothing ("the Hong Kong Human Rights and
# Democracy Act would impose sanctions": the Senate would, through it).
DOCUMENT_HEADS = {"act", "law", "bill", "treaty", "accord", "accords", "agreement", "resolution", "convention",
                  "protocol", "charter", "declaration", "doctrine", "initiative", "plan", "amendment",
                  "constitution", "directive", "memorandum", "pact", "roadmap", "road map"}
# Words next to a name that mark it as a US state rather than a country ("Georgia Governor", "the
# state of Georgia", "Georgia Republicans"); checked only for names the KB marks ambiguous.
US_STATE_CUES = {"governor", "gov.", "senator", "sen.", "legislature", "lawmakers", "county", "republicans",
                 "democrats", "republican", "democratic", "voters", "primary", "runoff", "congressman",
                 "congresswoman", "general assembly", "statehouse", "bulldogs", "tech", "state university",
                 "peach", "district", "secretary of state", "attorney general", "sheriff"}
# Sectors read from the words of an unknown organisation's name, when no role noun names one.
NAME_SECTOR_WORDS = {
    "party": "OPP", "front": "REB", "movement": "OPP", "brigade": "REB", "brigades": "REB", "army": "MIL",
    "militia": "UAF", "corporation": "BUS", "corp": "BUS", "inc": "BUS", "company": "BUS", "group": "BUS",
    "bank": "BUS", "ltd": "BUS", "university": "EDU", "church": "REL", "institute": "EDU", "union": "LAB",
    "foundation": "NGO", "association": "NGO", "council": "GOV", "ministry": "GOV", "agency": "GOV",
    "court": "JUD", "tribunal": "JUD", "news": "MED", "times": "MED", "post": "MED", "tv": "MED",
    "television": "MED", "radio": "MED", "watch": "HRI",
}
# Nouns that introduce an organisation's name in apposition ("the press group Article 19", "the rights
# watchdog Human Rights Watch"), with the sector the words before them give it.
ORGANISATION_NOUNS = {"group", "organisation", "organization", "agency", "watchdog", "company", "firm",
                      "party", "movement", "association", "union", "network", "coalition", "foundation",
                      "institute", "charity", "newspaper", "broadcaster", "website", "daily", "weekly",
                      "outfit", "faction", "militia", "body", "ngo", "think-tank", "tank"}
ORGANISATION_SECTOR_WORDS = {
    "press": "MED", "media": "MED", "news": "MED", "rights": "HRI", "human": "HRI", "aid": "NGO",
    "relief": "NGO", "humanitarian": "NGO", "charity": "NGO", "militant": "REB", "rebel": "REB",
    "armed": "UAF", "insurgent": "REB", "opposition": "OPP", "political": "OPP", "business": "BUS",
    "oil": "BUS", "energy": "BUS", "mining": "BUS", "trade": "LAB", "labour": "LAB", "labor": "LAB",
    "student": "EDU", "religious": "REL", "environmental": "ENV", "green": "ENV", "newspaper": "MED",
    "broadcaster": "MED", "daily": "MED", "weekly": "MED", "website": "MED", "company": "BUS", "firm": "BUS",
    "watchdog": "NGO", "militia": "UAF", "party": "OPP",
}
# Role nouns for bodies rather than people: "the British government", "the Iraqi army" are the body,
# never a person named before (whereas "the top Russian diplomat" may be).
BODY_NOUNS = {"government", "administration", "cabinet", "regime", "junta", "presidency", "authority",
              "ministry", "embassy", "consulate", "mission", "delegation", "military", "army", "navy", "force",
              "forces", "police", "parliament", "legislature", "assembly", "senate", "congress", "court",
              "tribunal", "judiciary", "media", "press", "opposition", "party", "union", "agency", "office",
              "department", "service", "council", "leadership", "public", "population", "church", "mosque"}
# "'Japan must stop,' a foreign ministry spokesman told reporters": an unnamed official who speaks with no
# owner named speaks where the reporter is (the dateline's country), else for the story's country.
SPEAKER_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "official", "diplomat"}
# Nouns for the one who heads or speaks for a body ("the head of its delegation", "Farooq Khan, chairman
# of the joint chiefs"): a person's, with or without an entry of their own among the role nouns.
HEAD_NOUNS = {"head", "chief", "leader", "boss", "director", "chairman", "chairwoman", "chair", "president",
              "secretary-general", "spokesman", "spokeswoman", "spokesperson", "commander", "governor"}
# Participles whose hyphenated agent wrote a text or led an act: "an Egyptian-drafted resolution", "a
# U.S.-drafted resolution", "the Saudi-led decision" (the resolver names the agent; the coder aims a veto
# at a text's drafter and finds whose an act is).
AGENT_PARTICIPLES = {"drafted", "sponsored", "proposed", "authored", "tabled", "written", "submitted",
                     "introduced", "led", "backed", "brokered", "imposed", "initiated"}
# Nouns that count people in "hundreds of Kurds": the people counted are civilians, not their state (the
# coder reads the people counted as the actors: its QUANTITY_WORDS extend these).
COUNT_NOUNS = {"dozens", "scores", "hundreds", "thousands", "tens", "millions", "number", "group", "handful"}
PLURAL_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}
# Plural description nouns and the kinds of actor they can stand for.
# Kinds are tried in order: "the two republics" after Russia and two territories means the territories.
PLURAL_NOUN_KINDS: dict[str, tuple[set[str], ...]] = {
    "region": ({"territory"},),
    "republic": ({"territory"}, {"state"}),
    "territory": ({"territory"},),
    "entity": ({"territory"},),
    "province": ({"territory"},),
    "country": ({"state"},),
    "nation": ({"state"},),
    "state": ({"state"}, {"territory"}),
    "government": ({"state"},),
    "side": ({"state", "territory"}, {"person"}, {"organization", "group"}, {"state", "territory", "organization", "group"}),
    "party": ({"state", "territory"}, {"person"}, {"organization", "group"}, {"state", "territory", "organization", "group"}),
    "leader": ({"person"},),
    "president": ({"person"},),
    "minister": ({"person"},),
}


@dataclass
class PersonInfo:
    """What the document says about one named person, gathered from all of its mentions."""

    name: str
    country: str | None = None
    sectors: tuple[str, ...] = ()
    title: str | None = None
    kb_id: str | None = None
    # The organisation the person acts for when no state is named ("UN Secretary-General Kofi Annan",
    # "Gazprom chairman Alexei Miller"): its code, and its country when it has one (companies, parties).
    org: Actor | None = None

    def actor(self, kb: ActorKB) -> Actor:
        if self.org is not None and (not self.country or self.country == self.org.country):
            return Actor(id=self.kb_id or "person:" + slug(self.name), name=self.name, kind="person",
                         country=self.org.country, sector=self.org.sector, code=self.org.code, title=self.title)
        sector = self.sectors or (("GOV",) if self.title else ())
        code = (self.country or "") + (sector[0] if sector else "") or None
        return Actor(
            id=self.kb_id or "person:" + slug(self.name),
            name=self.name,
            kind="person",
            country=self.country,
            sector=tuple(sector),
            code=code,
            title=self.title,
        )


def acts_for_organisation(actor: Actor) -> bool:
    """A person coded as the international organisation they act for (IGOUNO): no country to guess."""
    return actor.kind == "person" and not actor.country and bool(actor.code) \
        and actor.code != "".join(actor.sector[:1])


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class DocActors:
    """The actor mentions of one document, indexed by the token that heads each phrase."""

    doc: Doc
    mentions: list[ActorMention] = field(default_factory=list)
    by_head: dict[int, ActorMention] = field(default_factory=dict)
    by_token: dict[int, ActorMention] = field(default_factory=dict)
    # The state the story is about, when the text names none for an act: the dateline's state first,
    # else the story's most named; with its basis ("dateline" or "story"). Set by the resolver.
    home: tuple[str | None, str | None] = (None, None)
    # The country of each token of a place name that is no actor ("a visit to Shanghai"), by token
    # index. Set by the pipeline from the place stage, for the coder: a visit goes to the place's state.
    place_countries: dict[int, str] = field(default_factory=dict)
    # Police, rebels, protesters left without a country because the story names no state: (head token,
    # first token, sectors), for the places stage to place ("security forces ... in Indian Kashmir").
    unplaced: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)

    def add(self, mention: ActorMention) -> None:
        self.mentions.append(mention)
        self.by_head[mention.head] = mention
        for i in range(mention.token_start, mention.token_end):
            self.by_token.setdefault(i, mention)

    latent: dict[int, ActorMention] = field(default_factory=dict)
    # "anti-American protests": the state a stance modifier is against, by the token of its name
    opposed: dict[int, ActorMention] = field(default_factory=dict)
    _datelined: dict[int, bool] = field(default_factory=dict, repr=False, compare=False)  # see in_dateline

    def replace_mention(self, index: int, fixed: ActorMention) -> None:
        """Put `fixed` in place of the index-th mention, in the indexes too."""
        mention = self.mentions[index]
        self.mentions[index] = fixed
        self.by_head[fixed.head] = fixed
        for t in range(fixed.token_start, fixed.token_end):
            if self.by_token.get(t) is mention:
                self.by_token[t] = fixed

    def at(self, token: Token) -> ActorMention | None:
        """The mention headed by `token`, or containing it."""
        return self.by_head.get(token.i) or self.by_token.get(token.i)

    def latent_at(self, token: Token) -> ActorMention | None:
        """A capital or seat of government outside an actor position ("called on Moscow to ...",
        "criticized Washington"): a place for the mentions, an actor when a pattern puts it in an
        argument position."""
        return self.latent.get(token.i)

    def countries(self) -> set[str]:
        return {a.country for m in self.mentions for a in m.actors if a.country}

    def in_dateline(self, mention: ActorMention) -> bool:
        """`in_dateline(mention, doc)`, remembered by the mention's first token: a pronoun looking back
        asks it of every earlier mention, and each answer reads the mention's whole sentence."""
        found = self._datelined.get(mention.token_start)
        if found is None:
            found = self._datelined[mention.token_start] = in_dateline(mention, self.doc)
        return found


# ---------------------------------------------------------------------- helpers


STANCE_PREFIXES = {"pro", "anti", "non"}


def stance_prefixed(token: Token) -> bool:
    """'pro-Iranian', 'anti-Syrian': a stance towards a state, not membership of it."""
    doc = token.doc
    if token.lower_.split("-", 1)[0] in STANCE_PREFIXES and "-" in token.text:
        return True
    return (token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ in STANCE_PREFIXES) or (
        token.i >= 1 and doc[token.i - 1].lower_ in STANCE_PREFIXES and doc[token.i - 1].whitespace_ == "")


def _mention(start: int, end: int, head: int, actors, how: str, doc: Doc) -> ActorMention:
    span = doc[start:end]
    return ActorMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        head=head,
        actors=tuple(actors),
        how=how,
        token_start=start,
        token_end=end,
    )


def _us_state_cues(span: Span) -> bool:
    """Words around a name that make it a US state: "the state of Georgia", "Georgia Governor",
    "Georgia Republicans", "Atlanta, Georgia", "Georgia's 6th district"."""
    doc = span.doc
    before = doc[max(0, span.start - 3): span.start]
    if [t.lower_ for t in before][-2:] == ["state", "of"] and "u.s." not in {t.lower_ for t in before}:
        return True
    if span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].ent_type_ == "GPE" \
            and doc[span.start - 2].pos_ == "PROPN" and not (span.root.dep_ == "conj" or any(
                c.dep_ == "conj" for c in span.root.children)):
        return True  # "Atlanta, Georgia"; not a list of states ("Egypt, Jordan and Israel")
    window = doc[span.end: min(len(doc), span.end + 3)]
    words = [t.lower_ for t in window if not t.is_punct and t.lower_ not in ("'s", "’s")]
    for size in (1, 2, 3):
        if " ".join(words[:size]) in US_STATE_CUES:
            return True
    head = span.root.head
    if span.root.dep_ == "pobj" and head.lower_ == "of":
        head = head.head  # "the governor of Georgia"
    return span.root.dep_ in ("compound", "poss", "pobj") and head.lower_ in US_STATE_CUES


# Articles a transliterated Arabic name starts with, in lower case ("al-Shabaab", "el-Sisi", "ash-Shabab").
ARABIC_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "en", "es", "et"}


def _looks_like_name(span: Span) -> bool:
    """Dictionary names must be capitalised in the text (avoids 'turkey', 'chad', 'us')."""
    first = span[0]
    if first.lower_ == "the" and len(span) > 1:
        first = span[1]
    if first.lower_ in ARABIC_ARTICLES and first.i + 2 < span.end and first.nbor(1).text == "-":
        first = first.nbor(2)  # "al-Shabaab", "al-Qaeda": the article is written in lower case
    return first.text[:1].isupper() or first.text.isupper()


def _clean_name(text: str) -> str:
    text = re.sub(r"'s$|’s$", "", text.strip())
    return " ".join(text.split())


_ENTITY_CACHE: dict[int, tuple[Doc, dict[int, Span]]] = {}


def _entity_span(token: Token, doc: Doc) -> Span:
    """The named entity a token is in, else the token alone (entities indexed once per document)."""
    if not token.ent_type_:
        return doc[token.i : token.i + 1]
    cached = _ENTITY_CACHE.get(id(doc))
    if cached is None or cached[0] is not doc:
        _ENTITY_CACHE.clear()  # one document at a time: keep the index small
        cached = (doc, {i: ent for ent in doc.ents for i in range(ent.start, ent.end)})
        _ENTITY_CACHE[id(doc)] = cached
    return cached[1].get(token.i) or doc[token.i : token.i + 1]


# Words before the name of a storm, which the tagger takes for a person's ("Cyclone Idai", "Hurricane Maria").
STORM_WORDS = {"cyclone", "hurricane", "typhoon", "storm", "tropical", "super", "superstorm", "supertyphoon"}


def _person_spans(doc: Doc, names) -> list[Span]:
    spans = [ent for ent in doc.ents if ent.label_ == "PERSON" and not _storm_name(ent)]
    spans += [n[0] for n in {id(v[0]): v for v in names.values() if v[2] == "person"}.values()]
    spans.sort(key=lambda s: s.start)
    return spans


def _storm_name(span: Span) -> bool:
    """'Cyclone Idai', 'Typhoon Haiyan': a storm, not a person (the tagger may leave the storm word out)."""
    first = span.doc[span.start - 1] if span.start > 0 and span[0].lower_ not in STORM_WORDS else span[0]
    return first.lower_ in STORM_WORDS


def _surname_known(token: Token, people, resolver) -> bool:
    return token.text in getattr(resolver, "_surnames", {}) and token.text[:1].isupper()


def _possessive_entry(kb: ActorKB, word: Token) -> KBEntry | None:
    if word.dep_ == "poss" or word.text.endswith(("'s", "’s")):
        found = kb.lookup(_clean_name(word.text))
        return found[0] if found else None
    return None


# What one side sends or directs at another: after "from" or "by", a capital names the sender.
SENT_NOUNS = {"protest", "criticism", "condemnation", "pressure", "call", "warning", "complaint", "response",
              "reaction", "rebuke", "objection", "request", "demand", "appeal", "praise", "message", "letter",
              "invitation", "offer", "threat", "ultimatum", "backlash", "accusation", "censure", "reprimand"}


def _in_actor_position(token: Token) -> bool:
    """A capital acts when it is a subject, an agent, a possessor or the hyphenated agent of an adjective."""
    while token.dep_ == "conj":
        token = token.head
    if token.dep_ in ACTOR_DEPS - {"dobj", "attr"}:
        return True
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return True
    if token.dep_ == "npadvmod" and token.head.tag_ == "VBN":
        return True  # "Moscow-backed"
    if token.dep_ == "pobj" and token.head.lower_ in ("from", "by"):
        sent = token.head.head  # "drew a sharp protest from Tokyo", "drew condemnation from Washington and Brussels"
        return sent.lemma_.lower() in SENT_NOUNS or any(
            c.dep_ == "dobj" and c.lemma_.lower() in SENT_NOUNS for c in sent.children)
    return False


def _disambiguate(entries: list[KBEntry], result: DocActors) -> KBEntry:
    """Prefer the entry whose country is already in play in the document, else the first listed."""
    if len(entries) == 1:
        return entries[0]
    in_play = result.countries()
    for entry in entries:
        if entry.country in in_play:
            return entry
    non_ambiguous = [e for e in entries if not e.ambiguous]
    return (non_ambiguous or entries)[0]


def _clause_verb(token: Token) -> Token:
    """The verb of the clause a word hangs in, up to four heads above it (else the last head reached)."""
    verb = token.head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    return verb


def _clause_owner(token: Token, result: DocActors) -> list[Actor]:
    """The non-person actor a group pronoun stands for when its clause says so: the subject of the
    clause a possessive sits in ("Moscow to pull out its forces"), or the subject of the speech verb
    that reports the pronoun's clause ("Russia said it would ...") or that the pronoun's adverbial
    clause depends on."""
    from ..events.arguments import subjects  # here: the events package imports this package

    verb = _clause_verb(token)
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    candidates: list[Token] = []
    if token.dep_ == "poss":
        found, agentive = subjects(verb)
        candidates.extend(t for t in found if t.i != token.i)
    if verb.dep_ in ("ccomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        # "Russia said it would ...", "Arnor will restore ties ... after crowds trashed its embassy":
        # the subject of the main clause is the likelier antecedent than the nearest name
        found, _ = subjects(verb.head)
        candidates.extend(found)
    singular = token.lower_ in ("it", "its")
    for candidate in candidates:
        if candidate.i == token.i:
            continue
        mention = result.at(candidate) or result.latent_at(candidate)
        if mention is None or not mention.actors or any(a.kind == "person" for a in mention.actors):
            continue
        plural = len(mention.actors) > 1 or token.doc[mention.head].tag_ in ("NNS", "NNPS")
        if singular == plural:
            continue  # "crowds burned its embassy": "its" is not the crowds'
        return list(mention.actors)
    return []


def _last_group(result: DocActors, token: Token, plural: bool) -> list[Actor]:
    """The last state, territory, organisation or group named before the pronoun (the last plural
    phrase for "they"), within the previous sentence."""
    sent_start = token.sent.start
    previous = token.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
    if sent_start > 0 and token.dep_ in ("nsubj", "nsubjpass") and token.i - sent_start <= 1:
        # "Dozens of war veterans staged a sit-in to protest aid by German firms. They began their
        # protest on Wednesday", "Iran said it was halting all dialogue with the EU. It also ruled
        # out ...": a sentence's opening subject continues the last sentence's subject
        subject = _main_subject(token.doc[sent_start - 1].sent)
        for candidate in ([subject] + [o for p in subject.children if p.dep_ == "prep" and p.lower_ == "of"
                                         for o in p.children if o.dep_ == "pobj"]) if subject is not None else ():
            mention = result.at(candidate)
            actors = [a for a in mention.actors if a.kind != "person"] if mention is not None else []
            if actors and (len(mention.actors) > 1 or candidate.tag_ in ("NNS", "NNPS")) == plural:
                return actors
        if plural and subject is not None and subject.tag_ in ("NNS", "NNPS") and result.at(subject) is None \
                and all(result.at(c) is None for c in subject.subtree):
            return []  # "War veterans staged a sit-in ... They": people whose country comes later, not others
    for mention in reversed(result.mentions):
        if mention.head >= token.i or mention.token_start < previous or _bracketed(mention, result):
            continue
        actors = [a for a in mention.actors if a.kind != "person"]
        if not actors:
            continue
        head = token.doc[mention.head]
        is_plural = len(mention.actors) > 1 or head.tag_ in ("NNS", "NNPS")
        if plural != is_plural and not (plural and head.pos_ == "PROPN"):
            continue  # "its" is not the crowds'; "they" may be a named group ("Hamas ... they")
        return actors
    return []


def _bracketed(mention, result: DocActors) -> bool:
    """A name in a dateline ("CAGUAS, Puerto Rico (AP)_ Kidnappers ... they") or in brackets ("the
    National Council of Resistance (NCRI)"): where the story was filed, an agency's tag or a short
    form, never what a pronoun after it stands for."""
    doc = result.doc
    start, end = mention.token_start, mention.token_end
    if 0 < start and end < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")":
        return True
    return result.in_dateline(mention)


def in_dateline(mention, doc) -> bool:
    """A name in the dateline ("ANKARA, Oct 10 (Reuters) -"): where the story was filed and by whom."""
    text = doc[mention.token_start].sent.text.strip()
    return bool(text) and dateline_length(text + " x") >= len(text)


def _main_subject(sent: Span) -> Token | None:
    """The subject of a sentence's main verb."""
    return next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _last_actor(result: DocActors, before: int, kinds: set[str], exclude: tuple[Actor, ...] = ()) -> Actor | None:
    for mention in reversed(result.mentions):
        if mention.head >= before:
            continue
        for actor in mention.actors:
            if actor.kind in kinds and actor not in exclude:
                return actor
    return None


def _last_subject_person(result: DocActors, pronoun: Token) -> Actor | None:
    """For "he"/"she" as a subject, the last person who was a subject in this sentence or the one before
    ("after Richardson met Mobutu ... In between, he met Kabila": Richardson): the subject goes on, an
    object seldom does. None when no person was a subject there."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    doc = pronoun.doc
    sentence = pronoun.sent
    start = doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    for mention in reversed(result.mentions):
        if mention.head >= pronoun.i or mention.head < start:
            continue
        head = doc[mention.head]
        people = [a for a in mention.actors if a.kind == "person"]
        if head.dep_ in ("nsubj", "nsubjpass") and (head.pos_ != "PRON" or mention.how == "relative") \
                and len(people) == 1 \
                and not _other_gender_between(result, people[0], mention.head, pronoun):
            return people[0]
    return None


MASCULINE_PRONOUNS = {"he", "him", "his"}
FEMININE_PRONOUNS = {"she", "her", "hers"}


def _clause_subject_people(pronoun: Token, result: DocActors) -> tuple[Actor, ...]:
    """ "he invited him to visit": an object pronoun is never the subject of its own verb (that would be
    "himself"); the people the subject names are not the ones it stands for."""
    if pronoun.dep_ not in ("dobj", "dative", "pobj"):
        return ()
    verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ == "xcomp":  # "prompting Trump to brand him": Trump brands
        subject = next((c for c in verb.head.children if c.dep_ in ("dobj", "obj") and c.i < verb.i), None)
    mention = result.at(subject) if subject is not None else None
    return tuple(a for a in mention.actors if a.kind == "person") if mention is not None else ()


def _other_gender_between(result: DocActors, person: Actor, start: int, pronoun: Token) -> bool:
    """"Erdogan said he telephoned Merkel before she was to meet Chirac": a pronoun of the other gender
    already stands for this person, so this one does not."""
    other = FEMININE_PRONOUNS if pronoun.lower_ in MASCULINE_PRONOUNS else MASCULINE_PRONOUNS
    return any(start < m.head < pronoun.i and pronoun.doc[m.head].lower_ in other and person in m.actors
               for m in result.mentions)


RELATIVE_PRONOUNS = {"who", "whom", "which", "that", "whose"}


def _relative_clause_head(token: Token) -> Token | None:
    """The noun a relative clause that holds this token describes ("Kohl, with whom he had talks": Kohl)."""
    clause = _relative_clause(token)
    return clause.head if clause is not None else None


def _relative_clause(token: Token) -> Token | None:
    node = token
    for _ in range(6):
        if node.dep_ == "relcl":
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _other_than_described(token: Token) -> Token | None:
    """The noun a person pronoun cannot stand for: the one described by the relative clause it sits in,
    when the relative pronoun is not that clause's subject ("Kohl, with whom he had talks": not Kohl;
    but "Kohl, who said he would stay": Kohl)."""
    clause = _relative_clause(token)
    if clause is None:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in RELATIVE_PRONOUNS for c in clause.children):
        return None
    return clause.head


def _opening_clause_subject(token: Token) -> Token | None:
    """The main clause's subject when the token sits in a phrase or clause before it ("Speaking with
    reporters after his talks, Yeltsin said"): a pronoun there looks ahead to that subject."""
    root = token.sent.root
    subject = next((c for c in root.children if c.dep_ == "nsubj" and c.i > token.i), None)
    if subject is None:
        return None
    branch = token
    while branch.head.i != root.i and branch.head.i != branch.i:
        branch = branch.head
    if branch.i == root.i or branch.i > subject.i or branch.dep_ not in ("advcl", "prep", "npadvmod", "advmod"):
        return None
    if any(t.dep_ in ("nsubj", "nsubjpass") and t.i < token.i for t in branch.subtree):
        return None  # "When Bush arrived, he ...": the opening clause has its own subject before the pronoun
    return subject


def _last_actors(result: DocActors, before: int, kinds: set[str], count: int, bodies: bool = False,
                 people: bool = False) -> list[Actor]:
    """The last `count` actors of these kinds named before; with `bodies`, a state's government or
    forces count for the state, one per country ("Israeli and Palestinian negotiators met ... the two
    sides": the negotiators' sides), else only the states themselves ("the two countries"); with
    `people`, a person counts whatever office they hold ("Abe met Modi ... the two leaders")."""
    seen: dict[str, Actor] = {}
    for mention in reversed(result.mentions):
        if mention.head >= before:
            continue
        for actor in reversed(mention.actors):
            key = (actor.country or actor.id) if bodies else actor.id
            if actor.kind in kinds and (bodies or not actor.sector or (people and actor.kind == "person")) \
                    and key not in seen:
                seen[key] = actor
        if len(seen) >= count:
            break
    if len(seen) < count:
        return []
    return list(seen.values())[:count][::-1]


def _last_named_group(result: DocActors, before: int, kinds: set[str]) -> list[Actor]:
    """The most recent group of two or more actors of these kinds named together ("South Ossetia and
    Abkhazia", "the two regions"): what "the republics" refers back to."""
    doc = result.doc
    for mention in reversed(result.mentions):
        if mention.head >= before:
            continue
        group = [a for a in mention.actors if a.kind in kinds and not a.sector]
        if len(group) < 2:
            # coordinated names are separate mentions: gather the conjuncts of this one's head
            head = doc[mention.head]
            conjuncts = sorted([head, *head.conjuncts], key=lambda t: t.i)
            group = []
            for token in conjuncts:
                other = result.by_head.get(token.i)
                for actor in other.actors if other else ():
                    if actor.kind in kinds and not actor.sector and actor not in group:
                        group.append(actor)
        if len(group) >= 2:
            return group
    return []


def _last_person_of(result: DocActors, before: int, country: str | None) -> Actor | None:
    for mention in reversed(result.mentions):
        if mention.head >= before:
            continue
        for actor in mention.actors:
            if actor.kind == "person" and actor.country == country:
                return actor
    return None


def _plural_count(token: Token) -> int | None:
    """The small number that counts a plural description ("the two regions"); 0 when another number
    counts it ("forty three countries", "43 nations", "some 20 states"): more than the text has named."""
    for child in token.lefts:
        if child.dep_ == "nummod" or child.like_num:
            if child.lower_ in PLURAL_NUMBERS and not any(c.dep_ in ("compound", "quantmod", "nummod")
                                                          for c in child.children):
                return PLURAL_NUMBERS[child.lower_]
            return 0
        if child.lower_ in PLURAL_NUMBERS:
            return PLURAL_NUMBERS[child.lower_]
    return None


def _right_edge_of_phrase(token: Token) -> int:
    """Include an "of X" complement in the phrase ('the two breakaway regions of Georgia')."""
    end = token.i
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            end = max(end, child.right_edge.i)
    return end


# Verbs whose reported clause's "he"/"she" is their own subject ("prompting Maduro to announce he was cutting ties").
SPEAKING_LEMMAS = {"say", "announce", "declare", "insist", "claim", "add", "state", "vow", "promise", "pledge",
                   "deny", "admit", "confirm", "argue", "write", "tweet", "threaten", "warn", "signal"}


def _speaker_person(pronoun: Token, result: DocActors) -> Actor | None:
    """The person whose speech verb reports the clause a subject "he"/"she" opens, when the verb addresses
    no one named ("told Obama he must ..." is ambiguous): the speaker speaks of himself."""
    clause = pronoun.head
    if pronoun.dep_ != "nsubj" or clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SPEAKING_LEMMAS:
        return None
    verb = clause.head
    if any(c.dep_ in ("dobj", "dative") for c in verb.children):
        return None
    from ..events.arguments import subjects  # here: the events package imports this package
    for subject in subjects(verb)[0]:
        mention = result.at(subject)
        people = [a for a in mention.actors if a.kind == "person"] if mention is not None else []
        if people:
            return people[0]
    return None


def _main_clause_person(pronoun: Token, result: DocActors) -> Actor | None:
    """For "he"/"she" as the subject of a clause subordinate or coordinate to the sentence's main clause,
    the main clause's subject when that is one named person: the subject goes on."""
    verb = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ not in ("advcl", "conj") or verb.head.i == verb.i:
        return None
    subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pronoun.i), None)
    if subject is None or (subject.pos_ == "PRON" and subject.lower_ != pronoun.lower_) or subject.pos_ not in ("PROPN", "PRON"):
        return None  # "he telephoned Merkel hours before she was to meet Chirac": she is not he
    mention = result.at(subject)
    people = [a for a in mention.actors if a.kind == "person"] if mention is not None else []
    return people[0] if len(people) == 1 else None


def _last_titled_person(result: DocActors, before: int, noun: str, sectors: tuple[str, ...],
                        modifiers: tuple[str, ...] = ()) -> Actor | None:
    """The person "the foreign minister" describes: the last one whose title has those words, else the
    last person named when the sectors agree and their title does not say otherwise ("Prime Minister"
    Chaowalit is not "the foreign minister")."""
    last_person = None
    for mention in reversed(result.mentions):
        if mention.head >= before:
            continue
        for actor in mention.actors:
            if actor.kind != "person":
                continue
            title = actor.title.lower().split() if actor.title else []
            if noun in title and all(word in title for word in modifiers):
                return actor
            if noun in title and modifiers:
                continue  # another office of the same kind
            if last_person is None:
                last_person = actor
    if last_person is not None and sectors and (set(sectors) & set(last_person.sector)
                                                or (modifiers and not last_person.sector and not last_person.title)):
        return last_person
    return None


def _countryless_person(actor: Actor) -> bool:
    """A person with no country named, who takes the story's: not one acting for an international body."""
    return actor.kind == "person" and not actor.country and not acts_for_organisation(actor)


def _with_country(actor: Actor, country: str, basis: str) -> Actor:
    return replace(actor, country=country, country_basis=basis, code=country + "".join(actor.sector[:1]))


def _introduced_by_role(result: DocActors, titled) -> dict[str, str]:
    """People the text gives no country, first named as the subject of the sentence right after one whose
    subject is an unnamed official of one state: "..., the Polish foreign minister said here Friday.
    Dariusz Rosati told reporters ...". Wire leads quote a role and name its holder next; the person
    is that official (country_basis "role"), not someone of the dateline's state."""
    doc = result.doc
    first: dict[str, ActorMention] = {}
    for mention in result.mentions:
        for actor in mention.actors:
            if _countryless_person(actor):
                first.setdefault(actor.id, mention)
    out: dict[str, str] = {}
    for actor_id, mention in first.items():
        head = doc[mention.head]
        if head.dep_ != "nsubj" or head.sent.start == 0:
            continue
        before = doc[head.sent.start - 1].sent
        countries = {a.country for m in result.mentions if before.start <= m.head < before.end
                     and m.how == "modifier" and doc[m.head].dep_ == "nsubj" and doc[m.head].pos_ == "NOUN"
                     and titled(doc[m.head])
                     for a in m.actors if a.kind == "state" and a.country and a.sector}
        if len(countries) == 1:
            out[actor_id] = countries.pop()
    return out
