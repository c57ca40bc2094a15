"""Typed records exchanged between stages.

Data flows one way: ingest -> clean -> annotate -> mentions -> events -> store.
Every stage reads and writes only these records, so each stage can be run, tested
and replaced alone. Character offsets always refer to ``CleanDoc.text``
unless a field says otherwise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# ---------------------------------------------------------------- ingest


@dataclass(frozen=True)
class RawDoc:
    """One input document as read from a file or a record inside a container file."""

    doc_id: str
    path: str  # the input file, with "#offset" or "#line" for records inside WARC/JSONL/feeds
    format: str  # text | html | warc | feed | jsonl | csv
    text: str | None = None  # decoded plain text (format text, or text fields of records)
    html: str | None = None  # decoded HTML, when the record is a page
    url: str | None = None
    source: str | None = None  # outlet or agency, when the container says
    title: str | None = None
    published: str | None = None  # ISO 8601 from the container (feed, record, WARC header)
    published_basis: str | None = None  # where `published` came from: feed | record | warc-date ...
    content_hash: str = ""  # sha256 of the decoded content: what makes re-runs idempotent
    language: str | None = None  # the language the container declares (feed, record field), if any
    language_basis: str | None = None  # feed | record | file (the other entries of the same feed or file)


@dataclass(frozen=True)
class Reject:
    """An input that could not be processed, with a coded reason (see errors.py)."""

    path: str
    code: str  # THU-E1xx ...
    message: str
    doc_id: str | None = None
    status: str = "rejected"  # rejected | skipped (non-English, ...)
    language: str | None = None


# ---------------------------------------------------------------- clean


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the cleaned text; `mentions` counts its repeats on the page (1 = once)."""

    story_index: int
    start: int
    end: int
    is_headline: bool = False
    mentions: int = 1


@dataclass(frozen=True)
class Story:
    index: int
    headline: str | None
    start: int  # offsets of the whole story (headline included) in CleanDoc.text
    end: int
    body_start: int  # where the story's body begins (after its headline)


@dataclass
class CleanDoc:
    """A document after cleaning: stories, metadata and the clean text all offsets refer to."""

    doc_id: str
    path: str
    text: str
    stories: list[Story]
    paragraphs: list[Paragraph]
    format: str = "text"
    url: str | None = None
    source: str | None = None
    headline: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601, as precise as known ("2008-09-09T21:16")
    published_basis: str | None = None  # page-text | html-meta | feed | record | warc-date | user
    dateline: str | None = None
    section: str | None = None
    captions: list[str] = field(default_factory=list)
    language: str | None = None
    # where `language` came from: detected | html-lang | feed | record | file (the same feed or file's
    # other entries); a text too short to detect takes its source's declared language
    language_basis: str | None = None
    status: str = "ok"  # ok | skipped | duplicate | rejected
    reason: str | None = None
    content_hash: str = ""
    duplicate_of: str | None = None

    def story_text(self, index: int) -> str:
        story = self.stories[index]
        return self.text[story.start : story.end]

    def story_at(self, offset: int) -> Story | None:
        for story in self.stories:
            if story.start <= offset < story.end:
                return story
        return None

    def paragraph_at(self, offset: int) -> Paragraph | None:
        for paragraph in self.paragraphs:
            if paragraph.start <= offset < paragraph.end:
                return paragraph
        return None


# ---------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Actor:
    """A resolved actor: a state, a state's agency or sector, a territory, an organisation, a person."""

    id: str  # knowledge-base id, stable across documents (RUS, RUSMIL, IGOUNO, person:sergei-lavrov)
    name: str  # canonical name
    kind: str  # state | territory | person | organization | group | unknown
    country: str | None = None  # ISO3; null for IGOs and for territories without their own ISO3
    sector: tuple[str, ...] = ()
    code: str | None = None  # CAMEO-style actor code (RUSGOV, GEOMIL, IGOUNO)
    contested_with: tuple[str, ...] = ()
    title: str | None = None  # for people: "Foreign Minister"
    # Where a country inferred from context came from: "story" (the country most named among the
    # story's actors), "dateline" (where the reporter is: weaker) or "place" (where the sentence
    # places the act); None when the text names it.
    country_basis: str | None = None

    def as_dict(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "text": text if text is not None else self.name,
            "id": self.id,
            "kind": self.kind,
            "country": self.country,
            "sector": list(self.sector),
            "code": self.code,
        }
        if self.contested_with:
            out["contested_with"] = list(self.contested_with)
        if self.title:
            out["title"] = self.title
        if self.country_basis:
            out["country_basis"] = self.country_basis
        return out


@dataclass(frozen=True)
class ActorMention:
    """Words in the text that name one or more actors ("the two regions" names two)."""

    text: str
    start: int
    end: int
    head: int  # token index of the phrase's head in the document's spaCy Doc
    actors: tuple[Actor, ...]
    how: str  # dictionary | apposition | modifier | thing-owner ("an Israeli army post") | coreference | metonymy | description | pronoun | unknown | context (country from the story)
    token_start: int = 0
    token_end: int = 0


@dataclass(frozen=True)
class TimeExpr:
    """A time expression normalised against the publication date (TIMEX3-style value)."""

    text: str
    start: int
    end: int
    value: str | None  # YYYY-MM-DD | YYYY-MM | YYYY | None when it cannot be resolved
    precision: str  # day | month | year | range | unknown
    range: tuple[str | None, str | None] | None = None  # first, last day; last None = open-ended
    token_start: int = 0
    token_end: int = 0
    kind: str = "date"  # date | weekday | relative | duration | vague-future | range | time


@dataclass(frozen=True)
class Place:
    """A resolved place (gazetteer entry)."""

    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str = "city"  # point | city | admin1 | country | region
    feature: str | None = None  # GeoNames feature class/code, when known

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
            "precision": self.precision,
        }


@dataclass(frozen=True)
class PlaceMention:
    text: str
    start: int
    end: int
    place: Place | None  # None when the toponym could not be resolved
    is_actor: bool = False  # used as an actor by metonymy ("Moscow recognized")
    token_start: int = 0
    token_end: int = 0


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    speaker: Actor | None
    speaker_text: str | None
    cue: str | None  # the speech verb ("said", "told")
    speaker_start: int | None = None
    speaker_end: int | None = None


# ---------------------------------------------------------------- events


@dataclass(frozen=True)
class CameoCode:
    code: str
    root: str
    name: str
    goldstein: float | None  # None only for a foreign code
    quad_class: int | None
    # A code of an imported dictionary (a PETRARCH verb file's WEIS or test code, kept as written)
    # that the CAMEO table lacks: no Goldstein score or QuadClass, and a note saying so.
    foreign: bool = False
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The schema's cameo object; `foreign` and `note` only for a code the CAMEO table lacks."""
        out = asdict(self)
        if not self.foreign:
            out.pop("foreign")
            out.pop("note")
        return out


@dataclass(frozen=True)
class PloverCode:
    type: str
    mode: str | None
    contexts: tuple[str, ...]


@dataclass
class Reading:
    """One coded event read from one document (see CODING.md: readings and events)."""

    event_id: str
    doc_id: str
    story_index: int
    sentence_index: int
    evidence_text: str
    evidence_start: int  # offsets of the sentence in the story text
    evidence_end: int
    trigger: str | None
    source: Actor
    source_text: str
    target: Actor | None
    target_text: str | None
    cameo: CameoCode
    plover: PloverCode | None
    factuality: str
    event_date: str | None
    date_precision: str
    date_basis: str
    date_expression: str | None = None
    date_range: tuple[str | None, str | None] | None = None
    published: str | None = None
    location: Place | None = None
    location_text: str | None = None
    mentions: int = 1
    quote: Quote | None = None
    pattern_id: str | None = None
    coder_version: str = ""
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    doc_offset: int = 0  # offset of the evidence sentence in CleanDoc.text

    def to_dict(self) -> dict[str, Any]:
        """The exported form: ../shared/schema/event.schema.json (extra fields allowed)."""
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "story_index": self.story_index,
            "sentence_index": self.sentence_index,
            "evidence": {
                "text": self.evidence_text,
                "start": self.evidence_start,
                "end": self.evidence_end,
                "trigger": self.trigger,
                "doc_start": self.doc_offset,
                "doc_end": self.doc_offset + (self.evidence_end - self.evidence_start),
            },
            "published": self.published,
            "event_date": self.event_date,
            "date_range": list(self.date_range) if self.date_range else None,
            "date_precision": self.date_precision,
            "date_basis": self.date_basis,
            "date_expression": self.date_expression,
            "source": self.source.as_dict(self.source_text),
            "target": self.target.as_dict(self.target_text) if self.target else None,
            "cameo": self.cameo.as_dict(),
            "plover": (
                {"type": self.plover.type, "mode": self.plover.mode, "contexts": list(self.plover.contexts)}
                if self.plover
                else None
            ),
            "factuality": self.factuality,
            "location": (
                dict(self.location.as_dict(), text=self.location_text) if self.location else None
            ),
            "mentions": self.mentions,
            "quote": (
                {
                    "speaker": self.quote.speaker.as_dict(self.quote.speaker_text)
                    if self.quote.speaker
                    else None,
                    "text": self.quote.text,
                }
                if self.quote
                else None
            ),
            "pattern_id": self.pattern_id,
            "coder_version": self.coder_version,
            "killed": self.killed,
            "injured": self.injured,
            "arrested": self.arrested,
        }


# ---------------------------------------------------------------- per-document result


@dataclass
class DocResult:
    """Everything the pipeline read from one document: what the store writes in one transaction."""

    doc: CleanDoc
    sentences: list[tuple[int, int]] = field(default_factory=list)  # char spans in doc.text
    actors: list[ActorMention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
