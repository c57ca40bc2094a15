"""Property test: any Reading goes through the store and comes back unchanged."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thucydides.records import (
    Actor,
    CameoCode,
    CleanDoc,
    DocResult,
    Place,
    PloverCode,
    Quote,
    Reading,
    Story,
)
from thucydides.store import Store

DOC_ID = "prop-doc"
text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=24)
maybe_text = st.none() | text
offset = st.integers(0, 1_000_000)
maybe_count = st.none() | st.integers(0, 100_000)
iso3 = st.from_regex(r"[A-Z]{3}", fullmatch=True)
iso_date = st.dates().map(lambda d: d.isoformat())
some_date = st.none() | iso_date | iso_date.map(lambda d: d[:7]) | iso_date.map(lambda d: d[:4])

actors = st.builds(
    Actor,
    id=text,
    name=text,
    kind=st.sampled_from(["state", "territory", "person", "organization", "group", "unknown"]),
    country=st.none() | iso3,
    sector=st.lists(st.sampled_from(["GOV", "MIL", "REB", "OPP", "IGO"]), max_size=3).map(tuple),
    code=maybe_text,
    contested_with=st.lists(iso3, max_size=2).map(tuple),
    title=maybe_text,
    country_basis=st.none() | st.sampled_from(["story", "dateline", "place"]),
)
codes = st.builds(
    CameoCode,
    code=st.from_regex(r"[0-9]{2,4}", fullmatch=True),
    root=st.from_regex(r"[0-9]{2}", fullmatch=True),
    name=text,
    goldstein=st.floats(-10, 10, allow_nan=False),
    quad_class=st.integers(1, 4),
)
plovers = st.none() | st.builds(
    PloverCode,
    type=st.sampled_from(["AGREE", "CONSULT", "ASSAULT", "REQUEST"]),
    mode=maybe_text,
    contexts=st.lists(text, max_size=3).map(tuple),
)
places = st.none() | st.builds(
    Place,
    name=text,
    country=st.none() | iso3,
    admin1=maybe_text,
    lat=st.none() | st.floats(-90, 90, allow_nan=False),
    lon=st.none() | st.floats(-180, 180, allow_nan=False),
    geonameid=st.none() | st.integers(0, 2**53),
    precision=st.sampled_from(["point", "city", "admin1", "country", "region"]),
    feature=maybe_text,
)
quotes = st.none() | st.builds(
    Quote,
    text=text,
    start=offset,
    end=offset,
    speaker=st.none() | actors,
    speaker_text=maybe_text,
    cue=maybe_text,
    speaker_start=st.none() | offset,
    speaker_end=st.none() | offset,
)


@st.composite
def readings(draw, index: int) -> Reading:
    start = draw(offset)
    target = draw(st.none() | actors)
    return Reading(
        event_id=draw(text),
        doc_id=DOC_ID,
        story_index=draw(st.integers(0, 5)),
        sentence_index=index,
        evidence_text=draw(text),
        evidence_start=start,
        evidence_end=start + draw(st.integers(1, 500)),
        trigger=draw(maybe_text),
        source=draw(actors),
        source_text=draw(text),
        target=target,
        target_text=draw(text) if target else None,
        cameo=draw(codes),
        plover=draw(plovers),
        factuality=draw(
            st.sampled_from(["asserted", "negated", "intended", "future", "hypothetical", "reported_claim"])
        ),
        event_date=draw(some_date),
        date_precision=draw(st.sampled_from(["day", "month", "year", "range", "unknown"])),
        date_basis=draw(st.sampled_from(["text", "publication", "none"])),
        date_expression=draw(maybe_text),
        date_range=draw(st.none() | st.tuples(st.none() | iso_date, st.none() | iso_date)),
        published=draw(st.none() | iso_date.map(lambda d: d + "T12:00")),
        location=(place := draw(places)),
        location_text=draw(text) if place else None,
        mentions=draw(st.integers(1, 50)),
        quote=draw(quotes),
        pattern_id=draw(maybe_text),
        coder_version=draw(text),
        killed=draw(maybe_count),
        injured=draw(maybe_count),
        arrested=draw(maybe_count),
        doc_offset=draw(offset),
    )


@st.composite
def results(draw) -> DocResult:
    count = draw(st.integers(1, 3))
    doc = CleanDoc(DOC_ID, "prop.txt", "Some text.", [Story(0, None, 0, 10, 0)], [], content_hash=draw(text))
    return DocResult(doc=doc, readings=[draw(readings(i)) for i in range(count)])


def _prune(actor):
    if actor is not None:
        if not actor["contested_with"]:
            del actor["contested_with"]
        if actor["title"] is None:
            del actor["title"]
        if actor.get("country_basis") is None:
            actor.pop("country_basis", None)


@pytest.fixture(scope="module")
def store():
    with Store.open(":memory:") as opened:
        yield opened


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(result=results())
def test_readings_round_trip_through_the_store(store, result):
    run = store.start_run({}, "prop")
    store.write_batch([result], [], run)  # rewrites the same doc_id each time: replaced, not added
    assert store.readings_of(DOC_ID) == result.readings
    expected = [reading.to_dict() for reading in result.readings]
    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "readings.jsonl"
        store.export(table="readings", out=jsonl)
        lines = jsonl.read_text(encoding="utf-8").splitlines()  # splitlines: also U+2028 and the like
        assert [json.loads(line) for line in lines] == expected
        parquet = Path(folder) / "readings.parquet"
        store.export(table="readings", format="parquet", out=parquet)
        records = pq.read_table(parquet).to_pylist()
    for record in records:
        assert record.pop("merged_event_id").startswith("ev-")
        _prune(record["source"])
        _prune(record["target"])
        if record["quote"]:
            _prune(record["quote"]["speaker"])
    assert records == expected
    # The events built from them are consistent with the readings, whatever they hold.
    events = store.events().to_pylist()
    assert sum(e["num_mentions"] for e in events) == sum(r.mentions for r in result.readings)
    assert all(e["num_articles"] == 1 for e in events)
