"""The pipeline: wires the stages, loads spaCy and the knowledge files once, streams documents through.

    ingest.read -> clean.clean -> parsing.parse_documents -> actors, times, places, quotes -> events

Each document runs under an error handler: one that fails is recorded as a reject (THU-E130) and the
batch goes on. Documents are processed in chunks so memory stays flat in the corpus size.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc

from . import clean as clean_stage
from . import ingest
from .actors import ActorResolver, DocActors
from .clean.html import HtmlLimits, html_limits
from .errors import Codes, InputError
from .events import EventCoder, EventDate
from .knowledge import Knowledge
from .parsing import MAX_CHUNK_CHARS, load_model, parse_document, parse_documents
from .places import find_places, locate_event, resolve_dateline
from .quotes import find_quotes
from .records import Actor, CleanDoc, DocResult, RawDoc, Reject
from .settings import load_settings
from .times import PAST, filed_day, find_time_expressions, governing_time, offset_clause, tense_of

log = logging.getLogger(__name__)

COMPONENT_CACHE_LIMIT = 200_000  # entries a spaCy component's memo may hold before it is cleared


def published_day(published: str | None) -> str | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).isoformat()
    except ValueError:
        return None


def reference_day(clean_doc: CleanDoc) -> str | None:
    """The day the story's own undated and relative expressions count from: the day its dateline says
    it was filed ("JOHANNESBURG, August 7 (Xinhua) --" stamped August 8), else its publication day."""
    day = published_day(clean_doc.published)
    if day and clean_doc.dateline and clean_doc.stories:
        story = clean_doc.stories[0]
        filed = filed_day(clean_doc.text[story.body_start:story.end], date.fromisoformat(day))
        if filed is not None:
            return filed.isoformat()
    return day


class Pipeline:
    """Loads the model and knowledge once; `process` turns inputs into `DocResult`s and `Reject`s."""

    use_memory_zone = True  # see _memory_zone
    # the HTML size limits of the settings; None (a Pipeline made without __init__) gives the defaults
    limits: HtmlLimits | None = None

    def __init__(
        self,
        model: str | None = None,
        dictionaries: Sequence[str] = (),
        settings_file: str | None = None,
        language_check: bool | None = None,
    ):
        self.settings = load_settings(settings_file)
        self.limits = html_limits(self.settings)
        self.nlp = load_model(model or self.settings["pipeline"]["model"] or None)
        self.knowledge = Knowledge.load(dictionaries)
        clean_stage.preload()  # the language identifier and the HTML extractors, once, before any document
        self.resolver = ActorResolver(self.knowledge.kb, self.nlp)
        self.coder = EventCoder(self.knowledge.ontology, self.knowledge.patterns, self.coder_version,
                                statements_without_target=bool(
                                    self.settings["events"].get("statements_without_target", False)),
                                max_days_before_publication=int(
                                    self.settings["events"].get("max_days_before_publication", 0)),
                                discourse_targets=bool(self.settings["events"].get("discourse_targets", False)),
                                statement_subjects=bool(self.settings["events"].get("statement_subjects", False)),
                                reciprocal_verbs=self.settings["events"].get("reciprocal_verbs", ()),
                                unidentified_perpetrators=bool(
                                    self.settings["events"].get("unidentified_perpetrators", False)),
                                sports_share=float(self.settings["events"].get("sports_share", 0.0)),
                                hypothetical_acts=bool(self.settings["events"].get("hypothetical_acts", False)))
        self.coder.state_actor = self._state_actor

        self.language_check = (
            self.settings["clean"]["language_check"] if language_check is None else language_check
        )
        self.batch_size = int(self.settings["pipeline"]["batch_size"])
        self.max_paragraph_chars = int(self.settings.get("annotate", {}).get("max_paragraph_chars", MAX_CHUNK_CHARS))
        self.chunk_size = int(self.settings["pipeline"]["docs_per_commit"])
        self._in_memory_zone = False

    def _state_actor(self, country: str, sector: tuple[str, ...] = ()) -> Actor | None:
        """The KB's actor for a state (with a sector), for the coder's actors read from an event's place. A
        territory with a country code of its own (Hong Kong, Taiwan, Palestine, Kosovo) governs itself as
        far as events go: "protesters marched through central Hong Kong" address Hong Kong's government."""
        entry = self.knowledge.kb.entry(country)
        if entry is None or not (entry.kind == "state" or (entry.kind == "territory" and entry.country == entry.id)):
            return None
        return entry.actor(sector=sector)

    @property
    def coder_version(self) -> str:
        return self.knowledge.coder_version

    @property
    def model_name(self) -> str:
        return f"{self.nlp.meta.get('lang', 'en')}_{self.nlp.meta.get('name', '?')}-{self.nlp.meta.get('version', '?')}"

    # ------------------------------------------------------------------ entry points

    def read(self, paths: Iterable[str]) -> Iterator[RawDoc | Reject]:
        return ingest.read(paths, max_bytes=int(self.settings["pipeline"]["max_document_bytes"]))

    def clean(self, raw: RawDoc, published: str | None = None) -> CleanDoc | Reject:
        try:
            doc = clean_stage.clean(raw, language_check=self.language_check, limits=self.limits)
        except InputError as exc:
            return Reject(path=raw.path, code=exc.code, message=exc.message, doc_id=raw.doc_id)
        except Exception as exc:  # noqa: BLE001 - a page that breaks the extractor must not stop the batch
            log.debug("cleaning failed on %s\n%s", raw.doc_id, traceback.format_exc())
            return _failure(raw.path, raw.doc_id, "cleaning", exc)
        if published:
            doc = replace(doc, published=published, published_basis="user")
        return doc

    def process(
        self, items: Iterable[RawDoc | Reject | CleanDoc], published: str | None = None
    ) -> Iterator[DocResult | Reject]:
        """Clean (unless given CleanDocs), parse and code, in input order."""
        chunk: list[RawDoc | Reject | CleanDoc] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= self.chunk_size:
                yield from self._process_chunk(chunk, published)
                chunk = []
        if chunk:
            yield from self._process_chunk(chunk, published)

    def process_clean(self, docs: Iterable[CleanDoc]) -> Iterator[DocResult | Reject]:
        return self.process(docs)

    def _process_chunk(self, chunk, published: str | None) -> Iterator[DocResult | Reject]:
        cleaned: list[CleanDoc | Reject] = []
        for item in chunk:
            if isinstance(item, RawDoc):
                cleaned.append(self.clean(item, published))
            elif isinstance(item, CleanDoc) and published:
                cleaned.append(replace(item, published=published, published_basis="user"))
            else:
                cleaned.append(item)
        to_parse = [d for d in cleaned if isinstance(d, CleanDoc) and d.status in ("ok", "duplicate")]
        with self._memory_zone():
            # Each document is coded as soon as its parse comes out of the stream, so only one spaCy
            # batch of parsed Docs is alive at a time, not the whole chunk's.
            parsed = self._parse_safely(to_parse)
            for item in cleaned:
                if isinstance(item, Reject):
                    yield item
                elif isinstance(item, CleanDoc) and item.status in ("ok", "duplicate"):
                    clean_doc, spacy_doc = next(parsed)
                    assert clean_doc is item, "parse_documents keeps input order"
                    yield spacy_doc if isinstance(spacy_doc, Reject) else self._annotate_safely(item, spacy_doc)
                else:
                    yield DocResult(doc=item)

    @contextmanager
    def _memory_zone(self) -> Iterator[None]:
        """spaCy frees the strings and lexemes a chunk added to the vocabulary when the chunk is done.

        Without it the vocabulary grows with every new word of the corpus (names, numbers, typos),
        so memory would grow with corpus size. No Doc, Token or Span may outlive the chunk (results
        hold plain values); zones do not nest, so a chunk started inside another (code_text called
        while iterating `process`) runs in the outer one.
        """
        if not self.use_memory_zone or self._in_memory_zone:
            yield
            return
        self._in_memory_zone = True
        try:
            with self.nlp.memory_zone():
                yield
        finally:
            self._in_memory_zone = False
            # Memo tables of spaCy components (the lemmatizer's) grow with the vocabulary too.
            for _, component in self.nlp.pipeline:
                cache = getattr(component, "cache", None)
                if isinstance(cache, dict) and len(cache) > COMPONENT_CACHE_LIMIT:
                    cache.clear()

    def _parse_safely(self, docs: list[CleanDoc]) -> Iterator[tuple[CleanDoc, Doc | Reject]]:
        """Parse in one stream, in order; should it fail, go on document by document, rejecting the culprit."""
        done = 0
        try:
            for pair in parse_documents(self.nlp, docs, batch_size=self.batch_size,
                                        max_chars=self.max_paragraph_chars):
                done += 1
                yield pair
            return
        except Exception:  # noqa: BLE001 - find the document that broke the batch, keep the others
            log.debug("parsing failed after %d documents, going on one by one\n%s", done, traceback.format_exc())
        for clean_doc in docs[done:]:
            try:
                spacy_doc: Doc | Reject = parse_document(self.nlp, clean_doc, self.max_paragraph_chars)
            except Exception as exc:  # noqa: BLE001
                spacy_doc = _failure(clean_doc.path, clean_doc.doc_id, "parsing", exc)
            yield clean_doc, spacy_doc

    def _annotate_safely(self, clean_doc: CleanDoc, spacy_doc: Doc) -> DocResult | Reject:
        try:
            return self.annotate_parsed(clean_doc, spacy_doc)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            log.debug("pipeline failed on %s\n%s", clean_doc.doc_id, traceback.format_exc())
            return _failure(clean_doc.path, clean_doc.doc_id, "coding", exc)

    # ------------------------------------------------------------------ one parsed document

    def mentions(self, clean_doc: CleanDoc, spacy_doc: Doc, text: str | None = None):
        """Actors, time expressions, places and quotes of one parsed document (`text`: its text,
        when the caller has it: spaCy rebuilds `Doc.text` from every token on each access)."""
        text = spacy_doc.text if text is None else text
        day = reference_day(clean_doc)
        anchor = date.fromisoformat(day) if day else None
        actors = self.resolver.resolve(spacy_doc, published=day, dateline=clean_doc.dateline)
        times = find_time_expressions(spacy_doc, anchor, text)
        countries = actors.countries()
        places = find_places(spacy_doc, actors.mentions, countries, clean_doc.dateline,
                             gazetteer=self.knowledge.gazetteer)
        self.resolver.place_bodies(actors, places)  # "Hamburg police": the town's country, not the story's
        quotes = find_quotes(spacy_doc, actors, text)
        return actors, times, places, quotes

    def annotate_parsed(self, clean_doc: CleanDoc, spacy_doc: Doc) -> DocResult:
        text = spacy_doc.text  # once (see `mentions`)
        actors, times, places, quotes = self.mentions(clean_doc, spacy_doc, text)
        day = reference_day(clean_doc)
        dateline_place = resolve_dateline(clean_doc.dateline, actors.countries()) if clean_doc.dateline else None
        if dateline_place is not None and dateline_place.country and actors.home[1] != "dateline":
            # "MIAMI, Florida": a dateline city the actor dictionaries do not name (they know capitals)
            # is still where the story is; the coder gives it agentless arrests and visits "here"
            actors.home = (dateline_place.country, "dateline")

        def dating(anchor_token, factuality: str) -> EventDate:
            return event_date_for(anchor_token, factuality, times, spacy_doc, day)

        def locating(trigger_token):
            return locate_event(trigger_token, spacy_doc, places, dateline_place)

        readings = self.coder.code(
            spacy_doc, clean_doc, actors, times, places, quotes, day, dating=dating, locating=locating
        )
        sentences = [(s.start_char, s.end_char) for s in spacy_doc.sents if text[s.start_char:s.end_char].strip()]
        return DocResult(
            doc=clean_doc,
            sentences=sentences,
            actors=actors.mentions,
            times=times,
            places=places,
            quotes=quotes,
            readings=readings,
        )

    # ------------------------------------------------------------------ convenience

    def doc_actors(self, spacy_doc: Doc, published: str | None = None) -> DocActors:
        return self.resolver.resolve(spacy_doc, published=published)

    def code_text(self, text: str, *, doc_id: str = "stdin", published: str | None = None,
                  no_clean: bool = False) -> DocResult | Reject:
        if no_clean:
            doc = clean_stage.clean_plain(doc_id, text, published)
            return next(iter(self.process([doc])))
        return next(iter(self.process([raw_from_text(doc_id, text)], published=published)))


def _failure(path: str, doc_id: str | None, stage: str, exc: BaseException) -> Reject:
    """THU-E130: an internal error on one document, recorded so the batch goes on."""
    return Reject(path=path, code=Codes.E130, doc_id=doc_id,
                  message=f"pipeline failed on this document ({stage}): {type(exc).__name__}: {exc}")


def raw_from_text(doc_id: str, text: str, path: str | None = None) -> RawDoc:
    """A document given as a string (stdin, the Python API): HTML when it looks like markup."""
    looks_html = text.lstrip()[:200].lower().startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in text[:2000].lower()
    )
    return RawDoc(
        doc_id=doc_id,
        path=path or doc_id,
        format="html" if looks_html else "text",
        text=None if looks_html else text,
        html=text if looks_html else None,
        content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def event_date_for(anchor_token, factuality: str, times, spacy_doc: Doc, day: str | None) -> EventDate:
    """Date an event from the time expression governing its trigger; else the publication date.

    CODING.md: future and vague expressions get a range whose first day is the event date; with no
    governing expression the publication date is used and `date_basis` says so.
    """
    offset = offset_clause(anchor_token)
    if offset is not None:
        # "arrived Sunday, three days after kicking off a tour": the day of the act it is measured from
        base = event_date_for(offset[0], "asserted", times, spacy_doc, day)
        if base.basis == "text" and base.precision == "day" and base.event_date:
            shifted = date.fromisoformat(base.event_date) + timedelta(days=offset[1])
            return EventDate(shifted.isoformat(), "day", "text", base.expression)
    expr = governing_time(anchor_token, times, spacy_doc)
    if expr is not None and expr.kind == "weekday" and expr.precision == "day" and expr.value and day \
            and expr.value > day and factuality == "asserted" and tense_of(anchor_token) == PAST:
        # "North Korea threatened to cancel the summit on Wednesday": a weekday read with the future of the
        # infinitive it hangs on; a past act told on the publication day was done in the week before
        earlier = date.fromisoformat(expr.value) - timedelta(days=7)
        expr = replace(expr, value=earlier.isoformat())
    if expr is not None and (expr.value or expr.range):
        first = expr.range[0] if expr.range else expr.value
        return EventDate(
            event_date=first if expr.precision == "range" else expr.value,
            precision=expr.precision,
            basis="text",
            expression=expr.text,
            range=expr.range if expr.precision == "range" else None,
        )
    if day is None:
        return EventDate(None, "unknown", "none")
    if factuality == "future":
        return EventDate(day, "range", "publication", None, (day, None))
    return EventDate(day, "day", "publication")
