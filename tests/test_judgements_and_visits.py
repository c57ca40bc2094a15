"""Judgements, refusals and visits read from the grammar, each as a sentence of our own: a judgement
given after "as" or after a long object, a reaction to a move summed up by a noun hung on the last noun
of its phrase, a verb joined to a judged clause, a text rejected through its author, a phrasal verb's
day, a meeting or signing where one side is at home (the visit and the hosting), a killing done when
others attacked, an epithet before a state's name, a name in apposition to an office, the leader of a
sector, a name shared by former office-holders, a threat aimed through the sentence's criticism, force
used on protesters (their protest), a place held by a group, a claimed attack, a missile's direction,
a warship's navy."""

from __future__ import annotations

import pytest

from .test_roles import coded, dyads


@pytest.mark.parametrize("text, dyad", [
    # the judgement hangs on "as" ("described X as unacceptable")
    ("Poland on Friday described Belarus's decision as unacceptable.", ("POL", "BLR", "11")),
    # a long object before the judgement: the first of two predicates is the one judged
    ("Polish President Andrzej Duda called Germany's decision to build the pipeline with Russia reckless.",
     ("POL", "DEU", "11")),
    # a move summed up by a noun the parser hung on the last noun of the act's phrase
    ("Belarus approved the sale of tanks to Serbia, a move Croatia described as dangerous.", ("HRV", "BLR", "11")),
    # a text rejected through the one who presented it ("the budget ... presented by")
    ("The Dutch government rejected the plan for the enlarged bloc presented by the Finnish presidency.",
     ("NLD", "FIN", "12")),
    ("Sweden blocked a common EU stance on Belarus on Monday.", ("SWE", "European Union", "12")),
    # an epithet opening a sentence does not hide the state
    ("Tiny Qatar condemned Egypt on Monday.", ("QAT", "EGY", "11")),
    ("Landlocked Mali condemned France on Monday.", ("MLI", "FRA", "11")),
    # a warning of the source's own response is aimed at the one it criticises or makes demands of
    ("Turkish Foreign Ministry spokesman Hami Aksoy said Greece should stop arming its islands and warned that "
     "Ankara would take countermeasures.", ("TUR", "GRC", "13")),
    ("Indian Prime Minister Narendra Modi called Pakistan's decision reckless and warned that his government "
     "would take countermeasures.", ("IND", "PAK", "13")),
    # force used on protesters tells the protest too, from them to their government ...
    ("Belarusian police detained hundreds of opposition supporters at rallies in Minsk on Sunday.",
     ("BLR", "BLR", "14")),
    # ... or to the state whose forces met protesters of another country
    ("Moroccan troops shot dead three Sahrawis during protests along the border wall on Monday.",
     ("ESH", "MAR", "14")),
])
def test_a_construction_codes_its_dyad(pipeline, text, dyad):
    found = dyads(pipeline, text)
    assert dyad in found, found


def test_a_verb_joined_to_a_judged_clause_is_the_speakers_act(pipeline):
    readings = coded(pipeline, "Ukraine said the Russian decision was unacceptable and vowed to retaliate.")
    vows = [r for r in readings if r.cameo.root == "13"]
    assert vows and all(r.source.country == "UKR" for r in vows), \
        [(r.cameo.code, r.source.code) for r in vows]


def test_a_phrasal_verb_on_a_day_is_not_a_prepositional_verb(pipeline):
    readings = coded(pipeline, "Seoul called off the talks with Pyongyang on Saturday.")
    assert not any(r.cameo.root == "02" for r in readings), [(r.cameo.code, r.pattern_id) for r in readings]
    assert any(r.cameo.code == "164" for r in readings), [(r.cameo.code, r.pattern_id) for r in readings]


@pytest.mark.parametrize("text, visitor, host", [
    # a meeting in the counterpart's capital: the visitor visits (042) and the host hosts (043)
    ("Indian Prime Minister Narendra Modi met Chinese President Xi Jinping in Beijing on Monday.", "IND", "CHN"),
    # a text signed in one side's capital
    ("Kenyan President Uhuru Kenyatta and Ugandan President Yoweri Museveni signed a trade accord in Kampala "
     "on Monday.", "KEN", "UGA"),
])
def test_a_meeting_where_one_side_is_at_home_is_a_visit_and_a_hosting(pipeline, text, visitor, host):
    codes = {(r.cameo.code, r.source.country, r.target.country if r.target else None) for r in coded(pipeline, text)}
    assert ("042", visitor, host) in codes, codes
    assert ("043", host, visitor) in codes, codes


def test_a_meeting_in_a_third_country_is_no_visit_between_the_sides(pipeline):
    readings = coded(pipeline, "Indian Prime Minister Narendra Modi met Chinese President Xi Jinping in Geneva on "
                               "Monday.")
    assert not any(r.cameo.code in ("042", "043") and {r.source.country, r.target.country if r.target else None}
                   == {"IND", "CHN"} for r in readings), [(r.cameo.code, r.source.code) for r in readings]


def test_calling_a_decision_something_is_no_phone_call(pipeline):
    readings = coded(pipeline, "Japanese Prime Minister Shinzo Abe called South Korea's decision to end the "
                               "intelligence pact with Tokyo reckless.")
    assert not any(r.cameo.code == "041" for r in readings), [(r.cameo.code, r.pattern_id) for r in readings]


@pytest.mark.parametrize("text, source", [
    # a killing with no agent, done when others attacked: the attackers are its source
    ("Three Malian soldiers were killed on Sunday when jihadists ambushed their convoy near Gao.", "MLI"),
    # ... or when a bomb they planted went off
    ("Two Colombian police officers were killed on Friday when a bomb planted by ELN rebels exploded.", "COL"),
])
def test_a_killing_done_when_others_attacked_is_theirs(pipeline, text, source):
    killings = [r for r in coded(pipeline, text) if r.cameo.root == "18"]
    assert killings and all(r.source.kind != "unknown" and r.source.country == source for r in killings), \
        [(r.cameo.code, r.source.code) for r in killings]


def test_a_name_in_apposition_to_an_office_is_the_office_holders_not_a_states(pipeline):
    found = dyads(pipeline, "Ghana's envoy Jordan met Togo's president on Monday.")
    assert ("GHA", "TGO", "04") in found and not any(source == "JOR" for source, _, _ in found), found


@pytest.mark.parametrize("text, target", [
    # the head of a sector acts for it, and what the head is "of" is no object of the verb
    ("Blinken met the leader of the Belarusian opposition in Vilnius on Monday.", "BLROPP"),
    ("Blinken met three leaders of the Venezuelan opposition on Monday.", "VENOPP"),
])
def test_the_leader_of_a_sector_acts_for_it(pipeline, text, target):
    readings = [r for r in coded(pipeline, text) if r.cameo.root == "04"]
    assert any(r.target is not None and r.target.code == target for r in readings), \
        [(r.cameo.code, r.target.code if r.target else None) for r in readings]


def test_a_name_shared_by_people_of_one_country_none_in_office_keeps_that_country(pipeline):
    # "Bush" in 2012 is neither president Bush in office; both are American, not of the story's state
    readings = coded(pipeline, "Bush criticized Venezuela on Monday.", published="2012-05-02")
    assert readings and all(r.source.country == "USA" for r in readings), \
        [(r.cameo.code, r.source.code) for r in readings]


@pytest.mark.parametrize("text", [
    # a party's name, a protest in words, a clause of its own: no protest in the street
    "Police arrested the leader of the Rally for Democracy on Monday after accusing him of fraud.",
    "Chinese warships entered waters claimed by Vietnam on Monday and Hanoi will file a diplomatic protest.",
])
def test_no_street_protest_where_the_word_is_a_name_or_a_protest_in_words(pipeline, text):
    readings = coded(pipeline, text)
    assert not any(r.cameo.code == "141" for r in readings), [(r.cameo.code, r.pattern_id) for r in readings]


def test_a_place_the_knowledge_base_does_not_know_is_held_by_whom_its_hyphened_word_names(pipeline):
    readings = [r for r in coded(pipeline, "Syrian troops shelled rebel-held Douma on Friday.") if r.cameo.root == "19"]
    assert readings and all(r.target is not None and r.target.code == "SYRREB" for r in readings), \
        [(r.cameo.code, r.target.code if r.target else None) for r in readings]


def test_an_attack_claimed_is_coded_with_the_claim_and_hits_the_owner_of_what_it_destroyed(pipeline):
    found = dyads(pipeline, "Rocket attacks claimed by Somalia's al-Shabaab destroyed much of Kenya's border "
                            "post at Mandera on Sunday.")
    assert ("SOM", "KEN", "19") in found, found
    assert any(root == "01" for _, _, root in found), found


def test_a_missile_fired_toward_a_place_is_an_attack_on_its_state_and_intercepting_it_no_show_of_force(pipeline):
    found = dyads(pipeline, "Ukrainian air defences intercepted a missile fired by Russian forces toward Kiev's "
                            "airport on Sunday.")
    assert ("RUS", "UKR", "19") in found, found
    assert not any(root == "15" for _, _, root in found), found


def test_a_warship_named_with_its_navys_prefix_is_that_navy_not_a_person(pipeline):
    readings = coded(pipeline, "The aircraft carrier USS Nimitz brought helicopters to deliver food to survivors "
                               "in Haiti on Thursday.")
    assert readings and all(r.source.code == "USAMIL" for r in readings), \
        [(r.cameo.code, r.source.code) for r in readings]
