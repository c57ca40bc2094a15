"""Plausible DocResults built by hand, so store tests need no spaCy and no pipeline.

`news_result(...)` writes a small wire story: a headline and sentences, each optionally coded as
a reading between two actors, with consistent offsets, sentences, actor mentions and a quote.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from thucydides.records import (
    Actor,
    ActorMention,
    CameoCode,
    CleanDoc,
    DocResult,
    Paragraph,
    Place,
    PlaceMention,
    PloverCode,
    Quote,
    Reading,
    Story,
    TimeExpr,
)

ACTORS = {
    "ISR": Actor("ISR", "Israel", "state", "ISR", (), "ISR"),
    "TUR": Actor("TUR", "Turkey", "state", "TUR", (), "TUR"),
    "RUS": Actor("RUS", "Russia", "state", "RUS", (), "RUS"),
    "GEO": Actor("GEO", "Georgia", "state", "GEO", (), "GEO"),
    "FRA": Actor("FRA", "France", "state", "FRA", (), "FRA"),
    "SOS": Actor("SOS", "South Ossetia", "territory", None, (), "SOS", ("GEO",)),
    "IGOUNO": Actor("IGOUNO", "United Nations", "organization", None, ("IGO",), "IGOUNO"),
    "person:netanyahu": Actor(
        "person:netanyahu", "Benjamin Netanyahu", "person", "ISR", ("GOV",), "ISRGOV", (), "Prime Minister"
    ),
    "person:erdogan": Actor(
        "person:erdogan", "Recep Tayyip Erdogan", "person", "TUR", ("GOV",), "TURGOV", (), "Prime Minister"
    ),
    "RUSMIL": Actor("RUSMIL", "Russian military", "organization", "RUS", ("MIL",), "RUSMIL"),
}

CODES = {
    "055": CameoCode("055", "05", "Apologize", 3.5, 1),
    "054": CameoCode("054", "05", "Grant diplomatic recognition", 7.0, 1),
    "0871": CameoCode("0871", "08", "Declare ceasefire", 9.0, 2),
    "190": CameoCode("190", "19", "Use conventional military force", -10.0, 4),
    "111": CameoCode("111", "11", "Criticize or denounce", -2.0, 3),
    "010": CameoCode("010", "01", "Make statement", 0.0, 1),
}
PLOVER = {
    "055": PloverCode("CONCEDE", "apologize", ()),
    "054": PloverCode("AGREE", None, ("diplomatic",)),
    "0871": PloverCode("RETREAT", "ceasefire", ("military",)),
    "190": PloverCode("ASSAULT", None, ("military",)),
    "111": PloverCode("ACCUSE", "disapprove", ()),
    "010": None,
}
MOSCOW = Place("Moscow", "RUS", "Moscow", 55.75, 37.62, 524901, "city", "PPLC")


@dataclass
class Coded:
    """One sentence of a fake story, coded as a reading when `code` is set."""

    text: str
    source: str | None = None
    target: str | None = None
    code: str | None = None
    date: str | None = None
    factuality: str = "asserted"
    mentions: int = 1
    quote: bool = False
    place: bool = False


def stable_id(*parts: object) -> str:
    return "rd-" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def news_result(
    doc_id: str,
    sentences: list[Coded],
    *,
    outlet: str | None = "Xinhua",
    url: str | None = None,
    published: str | None = "2010-05-31T10:00",
    headline: str = "Leaders talk",
    status: str = "ok",
    duplicate_of: str | None = None,
    content_hash: str | None = None,
    coder_version: str = "test-1",
    captions: tuple[str, ...] = (),
    author: str | None = None,
) -> DocResult:
    text_parts = [headline]
    paragraphs = [Paragraph(0, 0, len(headline), True, 1)]
    spans: list[tuple[int, int]] = [(0, len(headline))]
    offset = len(headline) + 2
    for sentence in sentences:
        spans.append((offset, offset + len(sentence.text)))
        paragraphs.append(Paragraph(0, offset, offset + len(sentence.text), False, sentence.mentions))
        text_parts.append(sentence.text)
        offset += len(sentence.text) + 2
    text = "\n\n".join(text_parts)
    doc = CleanDoc(
        doc_id=doc_id,
        path=f"inputs/{doc_id}.txt",
        text=text,
        stories=[Story(0, headline, 0, len(text), len(headline) + 2)],
        paragraphs=paragraphs,
        url=url if url is not None else f"https://news.example.org/{doc_id}",
        source=outlet,
        headline=headline,
        author=author,
        published=published,
        published_basis="page-text" if published else None,
        dateline="MOSCOW",
        section="World",
        captions=list(captions),
        language="en",
        status=status,
        content_hash=content_hash or hashlib.sha256(text.encode()).hexdigest(),
        duplicate_of=duplicate_of,
    )
    result = DocResult(doc=doc, sentences=spans)
    if status != "ok":
        return result
    for index, sentence in enumerate(sentences, start=1):
        start, end = spans[index]
        if sentence.source is None:
            continue
        source = ACTORS[sentence.source]
        target = ACTORS[sentence.target] if sentence.target else None
        source_text = sentence.text.split()[0]
        result.actors.append(
            ActorMention(source_text, start, start + len(source_text), 0, (source,), "dictionary")
        )
        if target is not None:
            result.actors.append(ActorMention(target.name, start, start + 1, 0, (target,), "dictionary"))
        if not sentence.code:
            continue
        quote = None
        if sentence.quote:
            quote = Quote(
                sentence.text, start, end, source, source_text, "said", start, start + len(source_text)
            )
            result.quotes.append(quote)
        place = MOSCOW if sentence.place else None
        if place is not None:
            result.places.append(PlaceMention("Moscow", start, start + 6, place))
        if sentence.date:
            result.times.append(TimeExpr("on Monday", start, start + 9, sentence.date, "day", kind="weekday"))
        trigger = sentence.text.split()[1] if len(sentence.text.split()) > 1 else None
        dyad = f"{source.id}>{target.id if target else '-'}"
        story_offset = doc.stories[0].start
        result.readings.append(
            Reading(
                event_id=stable_id(doc_id, index, trigger, dyad),
                doc_id=doc_id,
                story_index=0,
                sentence_index=index,
                evidence_text=sentence.text,
                evidence_start=start - story_offset,
                evidence_end=end - story_offset,
                trigger=trigger,
                source=source,
                source_text=source_text,
                target=target,
                target_text=target.name if target else None,
                cameo=CODES[sentence.code],
                plover=PLOVER[sentence.code],
                factuality=sentence.factuality,
                event_date=sentence.date or (published[:10] if published else None),
                date_precision="day" if (sentence.date or published) else "unknown",
                date_basis="text" if sentence.date else ("publication" if published else "none"),
                date_expression="on Monday" if sentence.date else None,
                published=published,
                location=place,
                location_text="Moscow" if place else None,
                mentions=sentence.mentions,
                quote=quote,
                pattern_id=f"fake.{sentence.code}",
                coder_version=coder_version,
                doc_offset=start,
            )
        )
    return result


def apology(
    doc_id: str, outlet: str, *, source: str = "ISR", published: str = "2010-05-31T10:00", **kw
) -> DocResult:
    """One outlet's report that Israel (or Netanyahu) apologised to Turkey on 31 May 2010."""
    return news_result(
        doc_id,
        [
            Coded(
                f"{ACTORS[source].name} apologised to Turkey for the raid.",
                source,
                "TUR",
                "055",
                "2010-05-31",
            ),
            Coded("Officials met in Ankara.", None),
        ],
        outlet=outlet,
        published=published,
        headline="Israel apologises to Turkey",
        **kw,
    )


def ossetia(doc_id: str, outlet: str = "Xinhua", **kw) -> DocResult:
    """A richer story: recognition, a quote, a place, a reading without a target, a ceasefire."""
    return news_result(
        doc_id,
        [
            Coded(
                "Russia established diplomatic relations with South Ossetia.",
                "RUS",
                "SOS",
                "054",
                "2008-09-09",
                place=True,
                mentions=2,
            ),
            Coded("Lavrov said the step would bring peace.", "RUS", None, "010", "2008-09-09", quote=True),
            Coded(
                "Moscow declared a ceasefire with Georgia on August 12.", "RUS", "GEO", "0871", "2008-08-12"
            ),
            Coded("Georgian troops attacked South Ossetia.", "GEO", "SOS", "190", "2008-08-08"),
        ],
        outlet=outlet,
        published="2008-09-09T21:16",
        headline="Russia establishes diplomatic ties with South Ossetia",
        captions=("Lavrov speaks in Moscow.",),
        author="Staff reporter",
        **kw,
    )
