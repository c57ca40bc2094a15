"""Actors in text: people with role and country, coreference, metonymy, ambiguous names, unknown
named actors. Each ambiguity the project promises to handle has a test for both of its readings."""

from __future__ import annotations

import pytest

from thucydides.actors import ActorResolver, DocActors

pytestmark = pytest.mark.slow

PUBLISHED = "2008-09-09"


def mentions(pipeline, text: str) -> list[tuple[str, tuple[str, ...], str]]:
    """(text, actor codes or ids, how) of every mention."""
    result = pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)
    return [(m.text, tuple(a.code or a.id for a in m.actors), m.how) for m in result.actors]


def actors_named(pipeline, text: str, words: str) -> list[tuple[str, ...]]:
    return [codes for text_, codes, _how in mentions(pipeline, text) if text_.endswith(words)]


def countries(pipeline, text: str) -> set[str]:
    result = pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)
    return {a.country for m in result.actors for a in m.actors if a.country}


# ---------------------------------------------------------------- people


@pytest.mark.parametrize(
    "text, name",
    [
        ("Russian Foreign Minister Sergei Lavrov arrived in Paris.", "Sergei Lavrov"),
        ("Sergei Lavrov, Russia's foreign minister, arrived in Paris.", "Sergei Lavrov"),
        ("King Abdullah of Jordan met Egyptian officials.", "Abdullah"),
        ("Zorgan Petrov, the Russian ambassador, protested.", "Zorgan Petrov"),
    ],
)
def test_people_get_role_and_country_from_their_modifiers(pipeline, text, name):
    result = pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)
    (person,) = {a for m in result.actors for a in m.actors if a.kind == "person" and a.name == name}
    assert person.country in ("RUS", "JOR")
    assert "GOV" in person.sector


def test_surname_description_and_pronoun_corefer(pipeline):
    text = ("Russian Foreign Minister Sergei Lavrov spoke in Moscow. Lavrov said talks would go on. "
            "The top Russian diplomat added that he was pleased.")
    result = pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)
    forms = {m.text: m.actors[0].name for m in result.actors if m.actors[0].kind == "person"}
    assert forms.get("Lavrov") == "Sergei Lavrov"
    assert forms.get("The top Russian diplomat") == "Sergei Lavrov"
    assert forms.get("he") == "Sergei Lavrov"


def test_his_counterpart_takes_the_country_it_names(pipeline):
    result = pipeline.code_text(
        "Russian President Dmitry Medvedev and his French counterpart Nicolas Sarkozy met on Monday.",
        doc_id="test", published=PUBLISHED, no_clean=True)
    people = {a.name: a.country for m in result.actors for a in m.actors if a.kind == "person"}
    assert people == {"Dmitry Medvedev": "RUS", "Nicolas Sarkozy": "FRA"}


def test_a_plural_description_stands_for_the_actors_it_counts(pipeline):
    text = "Russia recognized South Ossetia and Abkhazia. Moscow sent troops to the two regions."
    regions = actors_named(pipeline, text, "the two regions")
    assert regions and set(regions[0]) == {"XSO", "XAB"}


def test_a_plural_counted_by_a_larger_number_stands_for_no_one(pipeline):
    # "forty three countries" is not the three named before ("three" is part of a larger number)
    text = "France, Britain and New Zealand met. Forty three countries have now signed the treaty."
    assert not actors_named(pipeline, text, "Forty three countries")
    assert not actors_named(pipeline, "France, Britain and New Zealand met. The 43 nations signed.", "The 43 nations")


def test_a_definite_plural_stands_for_the_last_group_named_together(pipeline):
    text = "Russia recognized South Ossetia and Abkhazia. Moscow will sign treaties with the republics."
    republics = actors_named(pipeline, text, "the republics")
    assert republics and set(republics[0]) == {"XSO", "XAB"}
    assert not actors_named(pipeline, "The regions were quiet.", "The regions")


def test_it_and_its_stand_for_the_clause_subject(pipeline):
    found = mentions(pipeline, "Russia said it would withdraw its troops.")
    assert ("it", ("RUS",), "pronoun") in found
    assert ("its troops", ("RUSMIL",), "modifier") in found


def test_placeholder_it_is_no_actor(pipeline):
    found = mentions(pipeline, "Russia sent troops. It is absolutely necessary, Lavrov said.")
    assert not any(text == "It" for text, _codes, _how in found)


def test_number_agreement_of_its(pipeline):
    found = mentions(pipeline, "Arnor protested after Georgian crowds burned its embassy.")
    assert not any(text == "its embassy" and codes and codes[0].startswith("GEO") for text, codes, _ in found)


def person_named(pipeline, text: str, name: str, published: str = PUBLISHED):
    result = pipeline.code_text(text, doc_id="test", published=published, no_clean=True)
    return next(a for m in result.actors for a in m.actors if a.kind == "person" and a.name == name)


@pytest.mark.parametrize(
    "text, name, code, country",
    [
        # a known head of an international body, in office: its code, and no story country guessed
        ("Polish officials met in Warsaw. Ban Ki-moon urged Poland to act.", "Ban Ki-moon", "IGOUNO", None),
        # a title naming a company or an organisation: the person acts for it
        ("Ukraine said on Monday that Gazprom chief executive Zorgan Petrov had threatened Kiev.",
         "Zorgan Petrov", "RUSBUSGZP", "RUS"),
        ("Kenya's leaders met. OPEC Secretary-General Ivan Zorgovich warned Kenya.", "Ivan Zorgovich",
         "IGOOPC", None),
        # an apposition naming the body someone heads, not the place its mission goes to
        ("Ivan Zorgovich, head of the OSCE mission to Albania, met Italian officials.", "Ivan Zorgovich",
         "IGOOSC", None),
        # a former national title gives way to the body the person now heads
        ("Ivan Zorgovich, the former Austrian chancellor heading the OSCE mission, met Italian officials.",
         "Ivan Zorgovich", "IGOOSC", None),
    ],
)
def test_a_person_acts_for_the_organisation_their_title_names(pipeline, text, name, code, country):
    person = person_named(pipeline, text, name)
    assert (person.code, person.country, person.country_basis) == (code, country, None)


def test_an_ambiguous_organisation_name_in_a_title_gives_no_country(pipeline):
    person = person_named(pipeline, "Indian officials met. United Front leader Ivan Zorgovich spoke.",
                          "Ivan Zorgovich")
    assert person.country == "IND" and person.country_basis == "story"


def test_a_stance_towards_a_capital_is_not_ownership(pipeline):
    codes = actors_named(pipeline, "Lebanese officials do not recognise the anti-Damascus cabinet.", "cabinet")
    assert all("SYRGOV" not in c for c in codes)


def test_a_demonym_coordinated_with_a_role_noun_owns_it(pipeline):
    # the parser makes "Thai" a noun with "officials" as its conjunct; the officials are Thai, and the
    # phrase starts at the demonym, where the talks' "with" attaches
    result = pipeline.code_text("Indian officials met on Monday. The envoy went on to Bangkok for talks with "
                                "Thai and other Asian officials.", doc_id="test", published=PUBLISHED, no_clean=True)
    found = [m for m in result.actors if m.text.endswith("officials") and "Asian" in m.text]
    assert found and found[0].text.startswith("Thai")
    assert [a.code for a in found[0].actors] == ["THAGOV"]


@pytest.mark.parametrize("phrase, code", [("The British government", "GBRGOV"), ("The British army", "GBRMIL")])
def test_a_definite_body_is_the_body_not_a_person_named_before(pipeline, phrase, code):
    text = f"British Foreign Secretary Zorgan Petrov spoke on Monday. {phrase} protested on Tuesday."
    result = pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)
    (found,) = [m for m in result.actors if m.text == phrase]
    assert [(a.kind, a.code) for a in found.actors] == [("state", code)]


def test_a_relative_pronoun_is_the_noun_its_clause_describes(pipeline):
    # "with whom" is Zorgan Petrov; the "he" inside that clause is someone else (Putin, named before)
    text = "Vladimir Putin praised Zorgan Petrov, the Ruritanian envoy, with whom he held talks on Friday."
    result = pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)
    forms = {m.text: m.actors[0].name for m in result.actors}
    assert forms.get("whom") == "Zorgan Petrov"
    assert forms.get("he") == "Vladimir Putin"
    # where the relative pronoun is the clause's subject, a pronoun further in may be the same person
    text = "Vladimir Putin praised Zorgan Petrov, who said that he would resign."
    result = pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)
    assert {m.text: m.actors[0].name for m in result.actors}.get("he") == "Zorgan Petrov"


def test_a_pronoun_in_an_opening_phrase_looks_ahead_to_the_subject(pipeline):
    text = ("Vladimir Putin arrived on Monday. After his talks with Putin in Moscow, Zorgan Petrov criticised "
            "Georgia.")
    result = pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)
    assert [m.actors[0].name for m in result.actors if m.text == "his"] == ["Zorgan Petrov"]


@pytest.mark.parametrize("name, published, code", [("Helmut Kohl", "1997-04-17", "DEUGOV"),
                                                   ("Boutros Boutros-Ghali", "1995-06-01", "IGOUNO")])
def test_office_holders_of_the_1990s_are_known(pipeline, name, published, code):
    person = person_named(pipeline, f"Russian officials met. {name} spoke on Monday.", name, published)
    assert (person.code, person.country_basis) == (code, None)


def test_a_director_general_is_no_military_general(pipeline):
    person = person_named(pipeline, "Israeli Director General Zorgan Petrov said Israel would act.", "Zorgan Petrov")
    assert person.code == "ISRGOV"


# ---------------------------------------------------------------- metonymy


def test_a_capital_that_acts_is_the_government(pipeline):
    assert ("Moscow", ("RUSGOV",), "metonymy") in mentions(pipeline, "Moscow recognized the two regions.")


def test_a_capital_where_something_happens_is_a_place(pipeline):
    found = mentions(pipeline, "Lavrov held talks with Sarkozy in Moscow.")
    assert not any(text == "Moscow" for text, _codes, _how in found)


def test_a_capital_as_a_target_is_the_government(pipeline):
    result = pipeline.code_text("Moscow criticized Washington.", doc_id="t", published=PUBLISHED, no_clean=True)
    assert [(r.source.code, r.target.code) for r in result.readings] == [("RUSGOV", "USAGOV")]


# ---------------------------------------------------------------- ambiguous names


def test_georgia_the_country(pipeline):
    assert "GEO" in countries(pipeline, "Russian troops entered Georgia near Tbilisi.")


@pytest.mark.parametrize("text", [
    "The governor of Georgia met voters in Atlanta on Tuesday.",
    "Georgia Governor Sonny Perdue signed the budget.",
    "The storm hit Savannah, Georgia, on Monday.",
    "Lawmakers in the state of Georgia passed the bill.",
])
def test_georgia_the_us_state_is_not_the_country(pipeline, text):
    assert "GEO" not in countries(pipeline, text)


def test_congo_alone_is_the_drc_and_brazzaville_is_the_republic(pipeline):
    assert "COD" in countries(pipeline, "Rebels attacked a town in eastern Congo near Goma.")
    assert countries(pipeline, "The Republic of Congo closed its border.") == {"COG"}


def test_niger_and_nigeria_are_different_states(pipeline):
    assert countries(pipeline, "Niger closed its border with Nigeria.") == {"NER", "NGA"}
    assert "NER" not in countries(pipeline, "Niger Delta militants attacked an oil platform in Nigeria.")
    assert "NER" not in countries(pipeline, "Water levels fell in Lake Chad and the River Niger.")


def test_turkey_the_country_and_turkey_the_bird(pipeline):
    assert countries(pipeline, "Turkey shelled Kurdish positions in northern Iraq.") >= {"TUR"}
    assert countries(pipeline, "We ate turkey and potatoes on Thanksgiving.") == set()


def test_chad_the_country_and_chad_the_person(pipeline):
    assert countries(pipeline, "Chad closed its border with Sudan.") == {"TCD", "SDN"}
    found = mentions(pipeline, "Chad Johnson criticized the coach.")
    assert "TCD" not in {code for _t, codes, _h in found for code in codes}
    assert any(text == "Chad Johnson" for text, _codes, _how in found)


def test_jordan_the_country_and_jordan_the_person(pipeline):
    assert "JOR" in countries(pipeline, "King Abdullah of Jordan met Egyptian officials in Amman.")
    found = mentions(pipeline, "Michael Jordan praised the team. Jordan said he was proud.")
    assert all(codes and not codes[0].startswith("JOR") for _t, codes, _h in found)
    assert [text for text, _codes, _how in found].count("Jordan") == 1


# ---------------------------------------------------------------- unknown named actors


def test_unknown_organisations_are_kept_with_a_guess(pipeline):
    found = {text: (codes, how) for text, codes, how in mentions(
        pipeline, "Acme Corporation sued the Kenyan government.")}
    assert found["Acme Corporation"] == (("BUS",), "unknown")
    result = pipeline.code_text("The Zorgian Liberation Front attacked government troops.", doc_id="t",
                                published=PUBLISHED, no_clean=True)
    front = [a for m in result.actors for a in m.actors if a.id.startswith("org:")]
    assert front and front[0].name == "Zorgian Liberation Front"
    assert [r.source.name for r in result.readings] == ["Zorgian Liberation Front"]


def test_unknown_person_takes_the_story_country_and_says_so(pipeline):
    text = "Ukraine's government met on Monday. Ivan Zorgovich criticized Russia."
    result = pipeline.code_text(text, doc_id="t", published=PUBLISHED, no_clean=True)
    (reading,) = [r for r in result.readings if r.source.name == "Ivan Zorgovich"]
    assert reading.source.kind == "person" and reading.source.country == "UKR"
    assert reading.source.country_basis == "story"
    assert reading.target.code == "RUS"


def test_unknown_person_with_no_story_country_has_none(pipeline):
    result = pipeline.code_text("Ivan Zorgovich spoke.", doc_id="t", published=PUBLISHED, no_clean=True)
    people = [a for m in result.actors for a in m.actors if a.kind == "person"]
    assert people and people[0].country is None


@pytest.mark.parametrize("sentence, phrase, code", [
    ("Treasurer Zorgan Petrov said the report would be with Cabinet next week.", "Cabinet", "AUSGOV"),
    ("The World Council of Agronomists criticised the plan.", "The World Council of Agronomists", None),
])
def test_an_unknown_state_body_takes_the_story_country(pipeline, sentence, phrase, code):
    text = f"Australian officials met on Monday. {sentence}"
    result = pipeline.code_text(text, doc_id="t", published=PUBLISHED, no_clean=True)
    (found,) = [m for m in result.actors if m.text == phrase]
    assert found.actors[0].country == (code[:3] if code else None)
    if code:
        assert found.actors[0].code == code and found.actors[0].country_basis == "story"


# ---------------------------------------------------------------- bad input


def test_empty_and_punctuation_only_documents(pipeline):
    for text in ("", "  ", "...", "?!"):
        result = pipeline.code_text(text, doc_id="t", published=PUBLISHED, no_clean=True)
        assert getattr(result, "actors", []) == []


def test_doc_actors_lookups_on_an_empty_document(pipeline):
    doc = pipeline.nlp("")
    resolver = ActorResolver(pipeline.knowledge.kb, pipeline.nlp)
    found = resolver.resolve(doc)
    assert isinstance(found, DocActors) and found.mentions == [] and found.countries() == set()


def test_bracketed_acronym_and_its_later_uses_are_the_named_organisation(pipeline):
    text = ("The Kenya Wildlife Service (KWS) met the Chilean National Energy Board (NEB) "
            "on Monday. The KWS later criticised the NEB.")
    found = mentions(pipeline, text)
    by_text = {}
    for text_, codes, _how in found:
        by_text.setdefault(text_, set()).add(codes)
    assert len(by_text["KWS"]) == 1 and by_text["KWS"] <= {c for t, c, _ in found if "Wildlife" in t}
    assert len(by_text["NEB"]) == 1 and by_text["NEB"] <= {c for t, c, _ in found if "Energy Board" in t}
    readings = pipeline.code_text(text, doc_id="t", published=PUBLISHED, no_clean=True).readings
    assert not any(r.target is not None and r.source.id == r.target.id for r in readings)
    assert readings and all(r.source.country in ("KEN", "CHL") for r in readings)


def test_a_bracketed_word_that_abbreviates_nothing_is_not_an_alias(pipeline):
    found = mentions(pipeline, "The Kenya Wildlife Service (UNESCO) met on Monday.")
    assert not any(text_ == "UNESCO" and how == "acronym" for text_, _codes, how in found)


def test_an_opening_they_continues_the_last_sentences_subject_not_the_last_plural_named(pipeline):
    text = ("Dozens of war veterans staged a sit-in on Thursday in front of the Dutch embassy in Baghdad to "
            "protest arms sales to Iran by Dutch firms. They began their protest on Wednesday.")
    result = pipeline.code_text(text, doc_id="t", published=PUBLISHED, no_clean=True)
    they = [m for m in result.actors if m.text == "They"]
    assert they and all("BUS" not in a.sector for a in they[0].actors)
    assert all(a.sector == ("CVL",) for a in they[0].actors)


@pytest.mark.parametrize("text, country", [
    ("North Korean officials met Chinese officials.", "PRK"),
    ("South African troops crossed the border.", "ZAF"),
    ("Sri Lankan troops crossed the border.", "LKA"),
    ("North Korean spokesman Kim Myong Gil told reporters the talks were off.", "PRK"),
])
def test_a_demonym_of_two_words_names_its_state(pipeline, text, country):
    result = pipeline.code_text(text, doc_id="t", published=PUBLISHED, no_clean=True)
    first = next(m for m in result.actors if m.actors and m.actors[0].sector)
    assert first.actors[0].country == country


def test_ambiguous_country_in_a_list_of_states_is_the_state(pipeline):
    # "Atlanta, Georgia" is a US state; "Egypt, Jordan and Israel" a list of countries
    result = pipeline.code_text("Egypt, Jordan and Israel met in Cairo on Monday.", doc_id="list",
                                published="2018-03-22", no_clean=True)
    assert "JOR" in {a.country for m in result.actors for a in m.actors}
    assert "JOR" in {r.source.country for r in result.readings}


@pytest.mark.parametrize("title, iso3", [("New Zealand Foreign Minister", "NZL"), ("South African President", "ZAF"),
                                         ("United States Ambassador", "USA"), ("Saudi Arabian Defence Minister", "SAU")])
def test_country_of_several_words_in_a_title_is_the_persons(pipeline, title, iso3):
    result = pipeline.code_text(f"Norway said on Monday that {title} John Smithers had arrived in Oslo.",
                                doc_id="title", published="2018-03-22", no_clean=True)
    people = [a for m in result.actors for a in m.actors if a.kind == "person"]
    found = {(a.country, a.country_basis) for a in people}
    assert (iso3, None) in found, found


def test_european_negotiators_are_the_european_unions(pipeline):
    result = pipeline.code_text("Talks were held in Geneva between Iranian and European negotiators.", doc_id="eu",
                                published="2018-03-22", no_clean=True)
    assert {(r.source.name, r.target.name) for r in result.readings if r.target} >= {("Iran", "European Union")}


@pytest.mark.parametrize("text", [
    "Paris Mayor Zorgan Lefevre criticized Israel. Israeli officials said Israel was right. Israel was calm.",
    "The mayor of Paris, Zorgan Lefevre, criticized Israel. Israeli officials said Israel was right.",
])
def test_a_capital_in_a_title_places_the_office_in_its_state(pipeline, text):
    # not the story's most named country: the title says where the office is
    person = person_named(pipeline, text, "Zorgan Lefevre")
    assert (person.country, person.country_basis) == ("FRA", None)


def test_a_spokesman_speaking_in_a_capital_is_of_its_state(pipeline):
    import json
    from pathlib import Path

    import jsonschema

    text = ("WASHINGTON, April 24 (AFP) - Foreign Ministry spokesman Zhao Lifan told reporters in Beijing "
            "that Japan must apologise.\n\nUS officials met on Wednesday.")
    result = pipeline.code_text(text, doc_id="test", published="1997-04-24")
    person = next(a for m in result.actors for a in m.actors if a.name == "Zhao Lifan")
    assert (person.country, person.country_basis) == ("CHN", "place")  # not the dateline's United States
    schema = json.loads((Path(__file__).resolve().parents[1] / "src/thucydides/schema/event.schema.json").read_text())
    assert any(r.source.name == "Zhao Lifan" and r.target and r.target.country == "JPN" for r in result.readings)
    for reading in result.readings:
        jsonschema.validate(reading.to_dict(), schema)


@pytest.mark.parametrize("text, words, country", [
    # an unknown group described in apposition as local is the story's; a demonym there names its state
    ("Suicide bombers struck three churches in Sri Lanka on Sunday, in attacks the government blamed on a "
     "little-known local Islamist group, National Thowheed Jamath.", "National Thowheed Jamath", "LKA"),
    ("Police blamed the attack on Jamaat Ansar Bait, a Sri Lankan group.", "Jamaat Ansar Bait", "LKA"),
])
def test_an_unknown_group_takes_the_country_its_description_gives(pipeline, text, words, country):
    result = pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)
    found = [a.country for m in result.actors if m.text.endswith(words) for a in m.actors]
    assert found == [country], [(m.text, [a.country for a in m.actors]) for m in result.actors]


def test_a_name_with_a_lower_case_arabic_article_is_still_a_name(pipeline):
    found = mentions(pipeline, "Officials blamed the attack on the al-Shabaab militant group.")
    assert any(text == "al-Shabaab" and codes[0].startswith("SOM") for text, codes, _ in found), found


def test_a_story_that_names_no_state_places_its_protesters_by_its_places(pipeline):
    found = countries(pipeline, "Thousands of protesters marched through central Algiers on Sunday to demand the "
                                "resignation of the president.")
    assert "DZA" in found, found
