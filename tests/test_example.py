"""The bundled example page end to end: its gold annotation is the acceptance test of the machinery."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from thucydides.evaluate import load_gold, score
from thucydides.views import actor_mention_records

from .conftest import EXAMPLE_GOLD

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scored(example_result):
    gold = load_gold(EXAMPLE_GOLD)
    readings = [r.to_dict() for r in example_result.readings]
    quotes = [{"text": q.text, "speaker": q.speaker.as_dict() if q.speaker else None}
              for q in example_result.quotes]
    return score(gold, readings, quotes, actor_mention_records(example_result))


def test_all_required_events_found(scored):
    missing = [m["id"] for m in scored.misses]
    assert scored.required_found == scored.required, f"missed {missing}"


def test_precision_at_least_point_eight(scored):
    assert scored.precision >= 0.8, scored.unmatched
    assert not scored.too_many


def test_all_quotes_with_their_speaker(scored):
    assert scored.quotes_found == scored.quotes, scored.quote_results


def test_every_gold_actor_form_resolved(scored):
    missing = [a for a in scored.actor_results if not a["ok"]]
    assert not missing


def test_readings_validate_against_the_schema(example_result):
    schema = json.loads(resources.files("thucydides").joinpath("schema", "event.schema.json").read_text())
    assert example_result.readings
    for reading in example_result.readings:
        jsonschema.validate(reading.to_dict(), schema)


def test_repeated_attack_paragraph_is_one_reading_with_two_mentions(example_result):
    attacks = [r for r in example_result.readings if r.cameo.root in ("18", "19")
               and r.source.country == "GEO"]
    assert len(attacks) == 1
    assert attacks[0].mentions == 2
    assert attacks[0].event_date == "2008-08-08"
    assert attacks[0].date_basis == "text"


def test_recognition_goes_to_both_territories_not_to_georgia(example_result):
    recognitions = [r for r in example_result.readings if r.cameo.code == "054"
                    and r.event_date == "2008-08-26"]
    targets = {r.target.name for r in recognitions}
    assert targets == {"South Ossetia", "Abkhazia"}
    for reading in recognitions:
        assert reading.source.country == "RUS"
        assert reading.target.country is None
        assert reading.target.contested_with == ("GEO",)
        assert reading.target.code != "GEO"


def test_evidence_offsets_point_into_the_story_text(example_result):
    doc = example_result.doc
    for reading in example_result.readings:
        story = doc.story_text(reading.story_index)
        assert story[reading.evidence_start:reading.evidence_end] == reading.evidence_text
        assert doc.text[reading.doc_offset:reading.doc_offset + len(reading.evidence_text)] == reading.evidence_text


FACTUALITIES = {"asserted", "negated", "intended", "future", "hypothetical", "reported_claim"}


def test_every_reading_names_its_pattern_trigger_and_factuality(example_result):
    for reading in example_result.readings:
        assert reading.pattern_id and reading.trigger
        assert reading.factuality in FACTUALITIES
        assert reading.trigger.split()[0] in reading.evidence_text


def test_the_caption_is_not_coded(example_result):
    caption = "makes a statement on the results of the talks"
    assert not any(caption in r.evidence_text for r in example_result.readings)


def test_the_promise_is_an_asserted_intent_dated_by_its_day(example_result):
    promises = [r for r in example_result.readings if r.cameo.code == "0356" and r.event_date == "2008-08-12"]
    assert promises and all(r.source.country == "RUS" and r.factuality == "asserted" for r in promises)


def test_an_announced_agreement_is_the_speakers_side_and_future(example_result):
    """'Lavrov said that there will be "an agreement ..." in the next few days'."""
    agreements = [r for r in example_result.readings if r.cameo.code == "057"]
    assert agreements and all(r.source.country == "RUS" and r.factuality == "future" for r in agreements)
    assert all(r.date_range and r.date_range[0] > "2008-09-09" for r in agreements)
    assert all(r.quote is not None and r.quote.speaker.name == "Sergei Lavrov" for r in agreements)


def test_troops_staying_is_future(example_result):
    stays = [r for r in example_result.readings if r.trigger == "stay"]
    assert all(r.factuality == "future" for r in stays)


def _km(lat1, lon1, lat2, lon2):
    from math import asin, cos, radians, sin, sqrt

    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 6371 * 2 * asin(sqrt(a))


def test_the_attack_is_placed_in_south_ossetia_and_the_talks_in_moscow(example_result):
    attack = next(r for r in example_result.readings if r.pattern_id == "N-attack")
    assert attack.location.name == "South Ossetia"
    assert _km(attack.location.lat, attack.location.lon, 42.33, 43.97) < 50  # Tskhinvali region
    talks = [r for r in example_result.readings if r.cameo.code == "040"]
    assert talks and {r.target.name for r in talks} == {"South Ossetia", "Abkhazia"}
    for reading in talks:
        assert reading.location.name == "Moscow" and reading.location.precision == "city"
        assert _km(reading.location.lat, reading.location.lon, 55.7558, 37.6173) < 50
