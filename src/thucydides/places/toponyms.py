"""Place names in a parsed document, resolved to gazetteer entries, and the place of an event.

Finding: spaCy's GPE, LOC and FAC entities; an entity spaCy gave another label when the same
words are a place elsewhere in the document ("one sense per discourse", both ways), or when they
name a region, division or country of the gazetteer (the model calls "Caucasus" NORP or ORG); the
place an organisation is named after ("[Texas] Department of Health", "University of [Georgia]");
and capitalised proper-noun runs the model missed that the gazetteer knows as a country, division,
region or town of 20,000 people. Never places: demonyms ("Georgian", "Russians"), adjectives, and
the common words of extra.yaml alone ("North", "Police"). A name the gazetteer lacks is placed in
the place named inside it ("North Texas", "Port of Los Angeles"), streets excepted.

Resolving: each name's candidates are scored, in log10 units of population, by

* priors: population, feature (a country or capital over a town of the same name; a division's
  summed population is discounted, it is rarely what a bare name means), and a penalty for a match
  on one of a town's historical or foreign names;
* the countries in play: the document's actors (``context_countries``), their neighbours, and the
  dateline;
* the other places of the document, weighted by how likely each of their readings is (three
  rounds): same country, same first-level division ("Georgia" beside "Atlanta" is the US state),
  within 150 km of each other;
* "City, Region" in the text ("Paris, Texas", "Alexandria, La.") decides outright.

A place used as an actor ("Moscow recognized", "Washington warned") is marked ``is_actor``: it
overlaps an actor mention resolved by metonymy, or it is the subject or agent of a verb.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from thucydides.places.gazetteer import Candidate, Gazetteer, default_gazetteer, distance_km, name_key
from thucydides.records import ActorMention, Place, PlaceMention

# ---------------------------------------------------------------- scoring weights (log10 units)

PRIOR_BY_FEATURE = {
    "PCLI": 1.5,  # a country name means the country far more often than a town named after it
    "PPLC": 1.0,
    "ADM1": -0.5,  # summed populations overstate how often a bare name means the division
    "ADM2": -1.0,
    "CONT": 1.0,
}
OWN_ENTRY_PRIOR = 0.5  # entries of extra.yaml or a user file: someone chose to add them
MIN_OWN_ENTRY_BASE = 5.0  # seas and regions have no population
ALTERNATE_NAME_PENALTY = 1.5
ACTOR_COUNTRY = 2.0
NEIGHBOUR_COUNTRY = 0.5
DATELINE_COUNTRY = 1.5
DATELINE_ADMIN1 = 1.5
DOC_COUNTRY = 1.5
DOC_ADMIN1 = 2.0
NEARBY = 1.0
NEARBY_KM = 150.0
QUALIFIED = 6.0  # "Paris, Texas"
ROUNDS = 3
MAX_CANDIDATES = 12  # per name, by prior: enough for "Springfield", cheap for context scoring

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
OTHER_LABELS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Prepositions that put an event somewhere or aim it at somewhere.
LOCATIVE_PREPS = frozenset(
    {
        "in", "at", "near", "inside", "outside", "across", "throughout", "within", "around", "into",
        "from", "against", "toward", "towards", "to", "over", "off", "along", "on", "onto", "upon",
        "beyond", "between", "among", "through", "via", "past", "nearby",
    }
)  # fmt: skip
NOUN_TARGET_PREPS = frozenset({"of"})  # "the bombing of Gori", "the invasion of Georgia"
NAME_CONNECTORS = frozenset({"of", "de", "del", "da", "al", "el", "la", "le", "upon", "on"})
DIRECTION_WORDS = frozenset(
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
        "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
        "southeastern", "southwestern", "upper", "lower", "greater", "downtown", "metro", "rural",
    }
)  # fmt: skip
STREET_WORDS = frozenset(
    {
        "street", "st", "road", "rd", "avenue", "ave", "drive", "dr", "boulevard", "blvd", "lane", "ln",
        "highway", "hwy", "way", "parkway", "pkwy", "court", "ct", "place", "pl", "terrace", "circle",
        "trail", "pike", "turnpike", "expressway", "freeway", "bridge", "square", "row", "alley",
    }
)  # fmt: skip
MONTHS = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$|^\d", re.IGNORECASE)


@dataclass
class _Mention:
    span: Span | None  # None for a name outside the document (a dateline)
    text: str
    candidates: list[Candidate]
    priors: list[float]
    qualifier: Candidate | None = None  # the region after a comma: "Paris, Texas"
    probs: list[float] = field(default_factory=list)

    @property
    def key(self) -> str:
        return name_key(self.text)


# ---------------------------------------------------------------- public API


def find_places(
    doc: Doc,
    actor_mentions: Sequence[ActorMention],
    context_countries: Collection[str] = (),
    dateline: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[PlaceMention]:
    """Every place name in `doc`, resolved with the document's context; offsets are `doc`'s.

    `context_countries` are ISO3 codes of the document's actors; `dateline` is the story's dateline
    text ("MOSCOW", "ATLANTA, Ga."). A name the gazetteer does not know gets ``place=None``.
    """
    gazetteer = gazetteer or default_gazetteer()
    spans = _place_spans(doc, gazetteer)
    spans += _states_the_model_missed(doc, actor_mentions, spans, gazetteer)
    mentions = [_mention(span, gazetteer) for span in spans]
    mentions = [m for m in mentions if m is not None]
    _attach_qualifiers(doc, mentions, gazetteer)
    dateline_place = resolve_dateline(dateline, context_countries, gazetteer) if dateline else None
    _resolve(mentions, set(context_countries), dateline_place, gazetteer)
    states = _states_named(actor_mentions)
    out = []
    for mention in mentions:
        best = _best(mention)
        place = best.place if best else None
        state = states.get((mention.span.start_char, mention.span.end_char))
        if state and (place is None or place.country != state and place.country not in context_countries):
            # "declared a state of emergency across Zaire" (1997): a name the actor dictionary knows as
            # a state is that state, not a namesake province (Zaire, Angola) the gazetteer ranks first in
            # a country the story's actors do not name ("Georgia" in a US story stays the US state)
            own = gazetteer.country(state)
            place = own.place if own is not None else place
        out.append(
            PlaceMention(
                text=mention.text,
                start=mention.span.start_char,
                end=mention.span.end_char,
                place=place,
                is_actor=_is_actor(mention.span, actor_mentions),
                token_start=mention.span.start,
                token_end=mention.span.end,
            )
        )
    return out


def resolve_dateline(
    dateline: str | None, context_countries: Collection[str] = (), gazetteer: Gazetteer | None = None
) -> Place | None:
    """The place of a dateline: "MOSCOW", "TBILISI, Georgia", "ATLANTA, Ga. (AP) --", "Moscow, Sept. 9"."""
    if not dateline or not dateline.strip():
        return None
    head = re.split(r"\s+[-\u2013\u2014]+\s*|\(|\s--|:", dateline.strip(), maxsplit=1)[0]
    parts = [p.strip() for p in head.split(",") if p.strip() and not MONTHS.match(p.strip())]
    if not parts:
        return None
    return resolve_name(parts[0], context_countries, gazetteer, qualifiers=parts[1:])


def resolve_name(
    name: str,
    context_countries: Collection[str] = (),
    gazetteer: Gazetteer | None = None,
    qualifiers: Sequence[str] = (),
) -> Place | None:
    """The most likely place a bare name refers to, given the countries in play and any qualifying
    region names or abbreviations ("Paris" with qualifiers ["Texas"] or ["Tex."])."""
    gazetteer = gazetteer or default_gazetteer()
    candidates = sorted(gazetteer.candidates(name), key=_prior, reverse=True)[:MAX_CANDIDATES]
    if not candidates:
        return None
    mention = _Mention(None, name, candidates, [_prior(c) for c in candidates])
    for part in qualifiers:
        mention.qualifier = gazetteer.abbreviation(part) or _region_named(part, gazetteer)
        if mention.qualifier:
            break
    _resolve([mention], set(context_countries), None, gazetteer)
    best = _best(mention)
    return best.place if best else None


def locate_event(
    trigger: Token,
    doc: Doc,
    place_mentions: Sequence[PlaceMention],
    dateline_place: Place | None = None,
    gazetteer: Gazetteer | None = None,
) -> tuple[Place, str, str] | None:
    """Where the event of `trigger` happened: (place, text, basis) or None.

    basis "preposition": a place under a locative or target preposition governed by the trigger
    ("attack against South Ossetia", "talks in Moscow", "withdraw ... near South Ossetia"); "object":
    the trigger's direct object is a place ("shelled Tskhinvali"); "dateline": nothing in the sentence,
    so the dateline's country (a coarser place than the dateline city: the reporter was there, the
    event need not be). A place used as an actor ("Moscow recognized") is never a location.
    """
    by_token = _mentions_by_token(place_mentions)
    for token, basis in _location_slots(trigger):
        found = _place_under(token, by_token, whole_phrase=basis == "preposition")
        if found is not None:
            return found.place, found.text, basis  # type: ignore[return-value]
    if dateline_place is None:
        return None
    return _coarser(dateline_place, gazetteer), dateline_place.name, "dateline"


# ---------------------------------------------------------------- finding names


def _place_spans(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    spans: list[Span] = []
    place_votes: Counter[str] = Counter()
    other_votes: Counter[str] = Counter()
    ents = doc.ents  # once: spaCy builds a new Span for every entity on each access
    trimmed = [_trim(ent) for ent in ents]
    for ent, span in zip(ents, trimmed, strict=True):
        if span is None:
            continue
        if ent.label_ in PLACE_LABELS:
            place_votes[name_key(span.text)] += 1
        elif ent.label_ in OTHER_LABELS:
            other_votes[name_key(span.text)] += 1
    known = {key: bool(_own(key, gazetteer)) for key in place_votes | other_votes}
    for ent, span in zip(ents, trimmed, strict=True):
        if span is None or ent.label_ not in PLACE_LABELS:
            continue
        key = name_key(span.text)
        # One sense per discourse, both ways: a name the gazetteer does not know, tagged a person or
        # an organisation more often than a place, is not a place anywhere in the document.
        if other_votes[key] > place_votes[key] and not known[key]:
            continue
        spans.append(span)
    for ent, trimmed_ent in zip(ents, trimmed, strict=True):
        span = trimmed_ent if ent.label_ in OTHER_LABELS else None
        if span is None or gazetteer.is_demonym(span.text):
            continue
        key = name_key(span.text)
        # ... and a name the gazetteer knows, tagged a place somewhere in the document, is a place
        # everywhere in it ("Gainesville" once GPE, twice PERSON).
        if place_votes[key] and known[key]:
            spans.append(span)
        elif ent.label_ in ("NORP", "ORG") and any(
            c.feature_class != "P" and not c.alternate for c in gazetteer.candidates(span.text)
        ):
            spans.append(span)  # a region, division or country the model took for a group ("Caucasus")
        elif ent.label_ == "ORG":
            inner = _place_in_name(span, gazetteer, set(place_votes))
            if inner is not None:
                spans.append(inner)
    spans.extend(_gazetteer_spans(doc, gazetteer, {i for ent in ents for i in range(ent.start, ent.end)}))
    spans = [s for s in spans if s.text[:1].isupper()]  # "meth", "n't": tagger noise
    spans.sort(key=lambda s: s.start)
    return spans


def _states_the_model_missed(doc: Doc, actor_mentions: Sequence[ActorMention], spans: Sequence[Span],
                             gazetteer: Gazetteer) -> list[Span]:
    """States the actor dictionary named where the model saw no place ("in central Mali", tagged a person):
    a state's name is a place too."""
    covered = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for mention in actor_mentions:
        if mention.how != "dictionary" or not mention.actors \
                or not all(a.kind == "state" and not a.sector for a in mention.actors):
            continue
        span = doc[mention.token_start:mention.token_end]
        if span and span[0].lower_ == "the":
            span = span[1:]
        if span and not any(i in covered for i in range(span.start, span.end)) and _own(name_key(span.text), gazetteer):
            found.append(span)
    return found


def _own(key: str, gazetteer: Gazetteer) -> list[Candidate]:
    return [c for c in gazetteer.candidates(key) if not c.alternate] if gazetteer.has_key(key) else []


def _dateline_like(span: Span) -> bool:
    """ "BEIRUT (AP) -", "COLUMBUS, Ohio": a capitalised name opening a line, then punctuation."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return span.text.isupper() and after is not None and after.text[:1] in ",-(\u2013\u2014:"


def _place_in_name(span: Span, gazetteer: Gazetteer, place_keys: set[str]) -> Span | None:
    """The place an organisation is named after: "[Texas] Department of State Health Services",
    "University of [Georgia]", "[U.S.] Supreme Court". The organisation stays an actor elsewhere;
    the place is only where it belongs."""
    doc = span.doc
    prefixes = [doc[span.start : end] for end in range(min(span.end - 1, span.start + 4), span.start, -1)]
    for piece in prefixes:
        if _is_common(piece, gazetteer) or gazetteer.is_demonym(piece.text):
            continue
        key = name_key(piece.text)
        own = [c for c in gazetteer.candidates(piece.text) if not c.alternate]
        if key in place_keys or any(c.feature_class != "P" for c in own):
            return piece
    ofs = [t.i for t in span if t.lower_ == "of" and t.i + 1 < span.end]
    if ofs:
        tail = doc[ofs[-1] + 1 : span.end]
        key = name_key(tail.text)
        if not _is_common(tail, gazetteer) and (key in place_keys or _plausible_fill(tail, gazetteer)):
            return tail
    return None


def _is_common(span: Span, gazetteer: Gazetteer) -> bool:
    """Ordinary capitalised words that also name some town ("Police", "Union", "North")."""
    return not span.text[:1].isupper() or gazetteer.is_common_word(span.text)


def _trim(span: Span) -> Span | None:
    """Drop a leading "the" and a trailing possessive: "the Persian Gulf's" -> "Persian Gulf"."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _gazetteer_spans(doc: Doc, gazetteer: Gazetteer, taken: set[int]) -> list[Span]:
    """Capitalised proper-noun runs the model did not tag and the gazetteer knows well."""
    spans = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in taken or not _may_start_name(token):
            i += 1
            continue
        found = None
        for end in range(min(len(doc), i + 5), i, -1):
            if any(j in taken for j in range(i, end)) or not _name_tokens(doc[i:end]):
                continue
            span = doc[i:end]
            if gazetteer.has_key(name_key(span.text)) and _plausible_fill(span, gazetteer):
                found = span
                break
        if found is not None:
            spans.append(found)
            i = found.end
        else:
            i += 1
    return spans


def _may_start_name(token: Token) -> bool:
    return token.text[:1].isupper() and token.pos_ == "PROPN" and not token.is_stop


def _name_tokens(span: Span) -> bool:
    """Capitalised words, with lowercase connectors inside ("Gulf of Aden"), last one a proper noun."""
    if span[-1].pos_ != "PROPN" or not span[-1].text[:1].isupper():
        return False
    return all(t.text[:1].isupper() or t.lower_ in NAME_CONNECTORS or t.text in ("-", "'") for t in span)


def _plausible_fill(span: Span, gazetteer: Gazetteer) -> bool:
    if gazetteer.is_demonym(span.text) or MONTHS.match(span.text) or _is_common(span, gazetteer):
        return False
    if len(span) == 1 and span[0].is_sent_start and not _dateline_like(span):
        return False  # a capitalised first word says nothing about being a name
    candidates = gazetteer.candidates(span.text)
    own = [c for c in candidates if not c.alternate]
    if not own:
        return False
    # A bare word the tagger missed is a place when the gazetteer's reading is a big one: a country,
    # a division, one of our regions, or a town of 20,000 people; single capitalised words are
    # otherwise too often surnames ("Jackson") or ordinary words at a sentence start.
    return any(c.feature_class != "P" or c.population >= 20000 for c in own)


# ---------------------------------------------------------------- mentions and qualifiers


# Lower-case words after a name that make it a country's division ("Borno state", "Helmand province").
DIVISION_WORDS = {"state", "province", "region", "governorate", "district", "prefecture", "oblast", "county"}


def _mention(span: Span, gazetteer: Gazetteer) -> _Mention | None:
    if gazetteer.is_demonym(span.text):
        return None
    if len(span) == 1 and span[0].tag_ in ("JJ", "JJR", "JJS") and span.text not in gazetteer:
        return None  # adjectives are not places ("Georgian troops")
    if gazetteer.is_common_word(span.text):
        return None
    candidates = gazetteer.candidates(span.text)
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if following is not None and following.lower_ in DIVISION_WORDS:
        # "Borno state", "Idlib province": a division, not the Italian village or the town of that name
        divisions = [c for c in gazetteer.candidates(f"{span.text} {following.text}") + candidates
                     + gazetteer.candidates(f"Al {span.text}")  # "Anbar province": Al Anbar
                     if c.feature_class == "A"]
        candidates = divisions or candidates
    if not candidates:
        candidates = _candidates_within(span, gazetteer)
    candidates = sorted(candidates, key=_prior, reverse=True)[:MAX_CANDIDATES]
    return _Mention(span=span, text=span.text, candidates=candidates, priors=[_prior(c) for c in candidates])


def _candidates_within(span: Span, gazetteer: Gazetteer) -> list[Candidate]:
    """For a name the gazetteer lacks, the place it lies in, named inside it: "North Texas" and
    "eastern Ukraine" are in Texas and Ukraine, "Port of Los Angeles" and "Mount Pleasant Civic
    Center" in those cities; "W.Va" and "Ga." are states. A street is not in the place it is named
    after ("Washington Drive")."""
    abbreviation = gazetteer.abbreviation(span.text) if "." in span.text else None
    if abbreviation is not None:
        return [abbreviation]
    if len(span) > 1 and span[0].lower_ in DIRECTION_WORDS:
        return gazetteer.candidates(span[1:].text)
    if len(span) > 1 and span[-1].lower_.rstrip(".") not in STREET_WORDS:
        inner = _place_in_name(span, gazetteer, set())
        if inner is not None:
            return gazetteer.candidates(inner.text)
    return []


def _attach_qualifiers(doc: Doc, mentions: list[_Mention], gazetteer: Gazetteer) -> None:
    """ "Paris, Texas", "Alexandria, La.", "Gori, Georgia": the second name qualifies the first."""
    by_start = {m.span.start: m for m in mentions}
    for mention in list(mentions):
        comma = mention.span.end
        if comma + 1 >= len(doc) or doc[comma].text != ",":
            continue
        following = by_start.get(comma + 1)
        if following is not None:
            regions = [c for c in following.candidates if c.place.precision in ("admin1", "country")]
            abbreviation = gazetteer.abbreviation(following.text)
            qualifier = abbreviation or (max(regions, key=_prior) if regions else None)
            if qualifier is not None:
                mention.qualifier = qualifier
                if abbreviation:
                    following.candidates, following.priors = [abbreviation], [_prior(abbreviation)]
            continue
        token = doc[comma + 1]
        abbreviation = gazetteer.abbreviation(token.text) if token.text[:1].isupper() else None
        if abbreviation is not None:
            mention.qualifier = abbreviation
            span = doc[token.i : token.i + 1]
            mentions.append(_Mention(span, span.text, [abbreviation], [_prior(abbreviation)]))
    mentions.sort(key=lambda m: m.span.start)


def _region_named(text: str, gazetteer: Gazetteer) -> Candidate | None:
    regions = [c for c in gazetteer.candidates(text) if c.place.precision in ("admin1", "country")]
    return max(regions, key=_prior) if regions else None


# ---------------------------------------------------------------- resolution


def _prior(candidate: Candidate) -> float:
    score = math.log10(candidate.population + 1)
    if not candidate.source.startswith(("geonames", "divisions")):
        score = max(score, MIN_OWN_ENTRY_BASE) + OWN_ENTRY_PRIOR
    score += PRIOR_BY_FEATURE.get(candidate.feature_code, 0.0)
    if candidate.alternate:
        score -= ALTERNATE_NAME_PENALTY
    return score


# The grid that finds the points near a place: cells of POINT_CELL degrees; a point further than
# NEARBY_KM in latitude is more than _NEARBY_DEG degrees away (6371.0088 km radius: 111.19 km a degree).
POINT_CELL = 2.0
_NEARBY_DEG = NEARBY_KM / 111.19 + 0.01


class _Summaries:
    """What every distinct name of a document says (countries, admin1s, points, weighted by its
    readings' probabilities), indexed once a round so that each name's context (what the *other*
    names say) costs time in proportion to what it asks, not to the document's size."""

    def __init__(self, summaries: dict[str, tuple[dict, dict, list]]):
        self.countries: dict[str, list[tuple[float, str]]] = {}  # country -> its two largest (mass, key)
        self.admin1s: dict[tuple[str | None, str], list[tuple[str, float]]] = defaultdict(list)  # in order
        self.points: list[tuple[float, float, float, str]] = []  # lat, lon, weight, key; in order
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for key, (countries, admin1s, points) in summaries.items():
            for country, mass in countries.items():
                top = self.countries.setdefault(country, [])
                top.append((mass, key))
                top.sort(key=lambda entry: -entry[0])
                del top[2:]
            for admin1, mass in admin1s.items():
                self.admin1s[admin1].append((key, mass))
            for lat, lon, weight in points:
                self.cells[self._cell(lat, lon)].append(len(self.points))
                self.points.append((lat, lon, weight, key))

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / POINT_CELL), math.floor(lon / POINT_CELL)

    def near(self, lat: float, lon: float) -> list[int]:
        """Indexes of the points that may lie within NEARBY_KM of (lat, lon): a superset, in order."""
        if not self.points:
            return []
        widest = min(90.0, abs(lat) + _NEARBY_DEG)
        # Two points at most `widest` degrees from the equator and dl apart in longitude lie at least
        # 2R asin(cos(widest) sin(dl / 2)) apart: beyond that dl none is near.
        ratio = math.sin(NEARBY_KM / (2 * 6371.0088)) / max(math.cos(math.radians(widest)), 1e-12)
        if ratio >= 1.0 or len(self.points) < 64:
            return list(range(len(self.points)))
        half = math.degrees(2 * math.asin(ratio)) + 0.01
        if half >= 180.0:
            return list(range(len(self.points)))
        rows = range(math.floor((lat - _NEARBY_DEG) / POINT_CELL), math.floor((lat + _NEARBY_DEG) / POINT_CELL) + 1)
        first, last = math.floor((lon - half) / POINT_CELL), math.floor((lon + half) / POINT_CELL)
        wrap = round(360.0 / POINT_CELL)
        columns = {c % wrap for c in range(first, last + 1)} | {c % wrap - wrap for c in range(first, last + 1)}
        found = [i for row in rows for column in columns for i in self.cells.get((row, column), ())]
        return sorted(found)


class _Context:
    """One name's context: what the document's other names say (see _Summaries)."""

    def __init__(self, key: str, summaries: _Summaries):
        self.key = key
        self._summaries = summaries
        self._admin1s: dict[tuple[str | None, str], float] = {}

    def country(self, country: str) -> float:
        for mass, key in self._summaries.countries.get(country, ()):
            if key != self.key:
                return max(0.0, mass)
        return 0.0

    def admin1(self, admin1: tuple[str | None, str]) -> float:
        if admin1 not in self._admin1s:
            total = 0.0
            for key, mass in self._summaries.admin1s.get(admin1, ()):
                if key != self.key:
                    total += mass
            self._admin1s[admin1] = total
        return self._admin1s[admin1]

    def near(self, lat: float, lon: float) -> float:
        """The weight of the other names' points within NEARBY_KM of (lat, lon)."""
        points = self._summaries.points
        total = 0.0
        for i in self._summaries.near(lat, lon):
            p_lat, p_lon, weight, key = points[i]
            if key != self.key and distance_km(lat, lon, p_lat, p_lon) < NEARBY_KM:
                total += weight
        return total


def _resolve(
    mentions: list[_Mention], actor_countries: set[str], dateline: Place | None, gazetteer: Gazetteer
) -> None:
    neighbours = set().union(*(gazetteer.neighbours(c) for c in actor_countries)) - actor_countries
    contexts: dict[str, _Context] = {}
    for round_number in range(ROUNDS):
        # Repeated names share candidates and context: score them once per round.
        shared: dict[tuple[str, tuple[Place, ...]], list[float]] = {}
        for mention in mentions:
            places = tuple(c.place for c in mention.candidates)
            scores = shared.get((mention.key, places))
            if scores is None:
                context = contexts.get(mention.key) if round_number else None
                scores = [
                    prior + _context_score(c, actor_countries, neighbours, dateline, context)
                    for c, prior in zip(mention.candidates, mention.priors, strict=True)
                ]
                shared[(mention.key, places)] = scores
            if mention.qualifier is not None:
                region = mention.qualifier.place
                scores = [s + QUALIFIED * _inside(p, region) for s, p in zip(scores, places, strict=True)]
            mention.probs = _softmax(scores)
        if len(mentions) < 2:
            break
        contexts = _document_contexts(mentions)


def _context_score(
    candidate: Candidate,
    actor_countries: set[str],
    neighbours: set[str],
    dateline: Place | None,
    context: _Context | None,
) -> float:
    place = candidate.place
    score = 0.0
    countries = {place.country, *candidate.contested_with} - {None}
    if countries & actor_countries:
        score += ACTOR_COUNTRY
    elif countries & neighbours:
        score += NEIGHBOUR_COUNTRY
    if dateline is not None and dateline.country and dateline.country in countries:
        score += DATELINE_COUNTRY
        if dateline.admin1 and place.admin1 == dateline.admin1 and place.precision != "country":
            score += DATELINE_ADMIN1
    if context is not None:
        score += DOC_COUNTRY * min(1.0, max((context.country(c) for c in countries), default=0.0))
        if place.precision in ("city", "region", "admin1", "point") and place.admin1:
            score += DOC_ADMIN1 * min(1.0, context.admin1((place.country, place.admin1)))
        if place.lat is not None and place.lon is not None and place.precision != "country":
            score += NEARBY * min(1.0, context.near(place.lat, place.lon))
    return score


def _inside(place: Place, region: Place) -> bool:
    if region.precision == "country":
        return place.country == region.country and place.precision != "country"
    return place.country == region.country and place.admin1 == region.admin1 and place.precision != "admin1"


def _document_contexts(mentions: list[_Mention]) -> dict[str, _Context]:
    """For each name, what the *other* names of the document say: readings weighted by probability.

    Each distinct name speaks once (a qualified mention, "Paris, Texas", for all of its repeats).
    """
    representative: dict[str, _Mention] = {}
    for mention in mentions:
        if mention.key not in representative or mention.qualifier is not None:
            representative[mention.key] = mention
    summaries = _Summaries({key: _summary(mention) for key, mention in representative.items()})
    return {key: _Context(key, summaries) for key in representative}


def _summary(
    mention: _Mention,
) -> tuple[dict[str, float], dict[tuple[str | None, str], float], list[tuple[float, float, float]]]:
    countries: dict[str, float] = defaultdict(float)
    admin1s: dict[tuple[str | None, str], float] = defaultdict(float)
    points = []
    for candidate, prob in zip(mention.candidates, mention.probs, strict=True):
        place = candidate.place
        if place.country:
            countries[place.country] += prob
        if place.admin1:
            admin1s[(place.country, place.admin1)] += prob
        if (
            prob > 0.1
            and place.lat is not None
            and place.lon is not None
            and place.precision in ("city", "point")
        ):
            points.append((place.lat, place.lon, prob))
    return countries, admin1s, points


def _softmax(scores: list[float]) -> list[float]:
    if not scores:
        return []
    top = max(scores)
    weights = [10 ** (s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


def _best(mention: _Mention) -> Candidate | None:
    if not mention.candidates:
        return None
    best = max(range(len(mention.candidates)), key=lambda i: (mention.probs[i], mention.priors[i]))
    return mention.candidates[best]


# ---------------------------------------------------------------- actors and event locations


def _states_named(actor_mentions: Sequence[ActorMention]) -> dict[tuple[int, int], str | None]:
    """The ISO3 of each state the actor dictionary reads, by the (start, end) of its words."""
    return {(m.start, m.end): m.actors[0].country for m in actor_mentions
            if m.how == "dictionary" and len(m.actors) == 1 and m.actors[0].kind == "state" and not m.actors[0].sector}


def _is_actor(span: Span, actor_mentions: Sequence[ActorMention]) -> bool:
    for actor in actor_mentions:
        if actor.how == "metonymy" and actor.start < span.end_char and span.start_char < actor.end:
            return True
    root = span.root
    while root.dep_ == "conj" and root.head is not root:  # "Russia and Georgia signed"
        root = root.head
    if root.dep_ in SUBJECT_DEPS and root.head.pos_ == "VERB":
        return True
    return root.dep_ == "pobj" and root.head.dep_ == "agent"  # "attacked by Russia"


def _mentions_by_token(place_mentions: Sequence[PlaceMention]) -> dict[int, PlaceMention]:
    by_token = {}
    for mention in place_mentions:
        if mention.is_actor or mention.place is None:
            continue
        for i in range(mention.token_start, max(mention.token_end, mention.token_start + 1)):
            by_token[i] = mention
    return by_token


def _location_slots(trigger: Token) -> list[tuple[Token, str]]:
    """Tokens whose subtree may hold the event's place, nearest first, with the basis they give."""
    slots: list[tuple[Token, str]] = []
    holders = [trigger]
    # "launched an attack against X": the light verb's object carries the event's arguments, and a
    # noun trigger's verb ("held talks in Moscow") carries its place.
    holders += [c for c in trigger.children if c.dep_ in ("dobj", "attr") and c.pos_ == "NOUN"]
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "nsubjpass", "nsubj"):
        holders.append(trigger.head)
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS | (
                NOUN_TARGET_PREPS if holder.pos_ in ("NOUN", "PROPN") else frozenset()
            ):
                slots.extend((obj, "preposition") for obj in child.children if obj.dep_ in ("pobj", "pcomp"))
            elif child.dep_ == "dobj" and holder is trigger:
                slots.append((child, "object"))
    return slots


NESTED_LOCATIVES = {"in", "at", "near", "inside", "outside", "around", "across", "into"}


def _place_under(token: Token, by_token: dict[int, PlaceMention], whole_phrase: bool) -> PlaceMention | None:
    """The first place in the phrase headed by `token`; a direct object counts only if it is one
    ("shelled Tskhinvali", not "recognized the two regions of Georgia")."""
    if token.i in by_token:
        return by_token[token.i]
    if not whole_phrase:
        return None
    # "fired tear gas at supporters trying to bring aid from Colombia": a clause inside the phrase tells
    # what the participant did, and where that was, not where this event was
    inside = [t for t in sorted(token.subtree, key=lambda t: t.i) if t.i in by_token and not _in_clause(t, token)]
    # "talks with officials from the two regions of Georgia in Moscow": a place under a locative
    # preposition says where; one under "of" only describes another noun.
    for descendant in inside:
        if descendant.head.dep_ == "prep" and descendant.head.lower_ in NESTED_LOCATIVES:
            return by_token[descendant.i]
    return by_token[inside[0].i] if inside else None


CLAUSE_DEPS = {"acl", "relcl", "advcl", "ccomp", "xcomp"}


def _in_clause(token: Token, top: Token) -> bool:
    """Whether a clause lies between `token` and the phrase head `top` above it."""
    while token.i != top.i and token.head.i != token.i:
        if token.dep_ in CLAUSE_DEPS:
            return True
        token = token.head
    return False


def _coarser(place: Place, gazetteer: Gazetteer | None) -> Place:
    """The country of a dateline city: where the event most likely was, without claiming the city."""
    if place.precision in ("country", "region") or not place.country:
        return place
    country = (gazetteer or default_gazetteer()).country(place.country)
    return country.place if country else place
