"""Stances and threats of web and broadcast news, each as a sentence of our own: a stance stated with an
adjective ("was critical of"), force a side says it will use (a threat), a warning that another will face
a measure, missiles fired at something no actor names, a response made with arms, a place named after a
person, a backer that does not own what it backs, a part of a place overrun, a ceasefire ignored, a past
act told to date another, a speaker's act the parser hung in the reported clause, a denial answering the
accusation beside it, troops that are their sender's own, a meeting between a named pair, a division
named without its article, a speaker's "he", a capital that sends a protest, a threat aimed through its
condition, a clause of its own before a warning, a demand on a day, a blacklist, a judgement of an act the
sentence tells (aimed at its doer), an angry reaction, a mistake said to be made, the one a statement
prompted."""

from __future__ import annotations

import pytest

from .test_roles import coded, dyads


@pytest.mark.parametrize("text, dyad", [
    # a stance stated with a predicative adjective
    ("The Dutch opposition leader has been highly critical of Moscow.", ("NLD", "RUS", "11")),
    ("Austria is strongly opposed to the Hungarian plan.", ("AUT", "HUN", "11")),
    ("The Kremlin was furious at the Estonian decision.", ("RUS", "EST", "11")),
    ("Chile was pleased with Peru's response.", ("CHL", "PER", "05")),
    # force a side says it will use is a threat, made when said
    ("Egypt said it would strike Ethiopia's dam.", ("EGY", "ETH", "13")),
    # a warning that another will face a measure threatens it with the measure
    ("Ottawa warned that Riyadh would face tough sanctions.", ("CAN", "SAU", "13")),
    ("Athens warned that Ankara would face grave consequences.", ("GRC", "TUR", "13")),
    # missiles fired at something no actor names are an attack, not a test
    ("Iran launched missiles at two bases in Iraq on Wednesday.", ("IRN", "IRQ", "19")),
    # a response made with arms is that attack
    ("Armenia responded with artillery shells on villages in western Azerbaijan.", ("ARM", "AZE", "19")),
    # a part of a place overrun is the place; a ceasefire ignored is violated
    ("Rebel fighters overran much of the Malian town of Kidal on Monday.", ("MLI", "MLI", "19")),
    ("Sudanese troops ignored a ceasefire with South Sudan on Sunday.", ("SDN", "SSD", "19")),
    # a capital after "from" sends what the noun names
    ("Mexico's decision drew a sharp protest from Washington.", ("USA", "MEX", "11")),
    # a threat aimed through its condition
    ("Iranian Foreign Minister Mohammad Javad Zarif warned that Tehran might be forced to act if Paris "
     "persisted with the sanctions.", ("IRN", "FRA", "13")),
    # a demand made on a day of the one the demanded clause names
    ("The UN Security Council demanded on Monday that Myanmar immediately halt all military operations.",
     ("UN Security Council", "MMR", "10")),
    # a judgement of an act the sentence tells is aimed at its doer
    ("Indian jets shot down a Pakistani drone over Kashmir, and Islamabad called the downing a hostile act.",
     ("PAK", "IND", "11")),
    ("Moscow demanded an apology after Dutch police detained a Russian diplomat in The Hague, calling the "
     "incident a gross violation of the Vienna Convention.", ("RUS", "NLD", "11")),
    # an angry reaction; a mistake said to be made
    ("Seoul reacted angrily to the Japanese prime minister's visit.", ("KOR", "JPN", "11")),
    ("Washington responded that Tehran had made a very big mistake.", ("USA", "IRN", "11")),
    # the one a statement prompted does what it was prompted to
    ("Ottawa imposed new tariffs, prompting President Donald Trump to brand Canada's prime minister dishonest.",
     ("USA", "CAN", "11")),
    # an attacker the text does not name is the group that claims the attack, or the one the sentence blames
    ("A suicide bomber blew himself up at a checkpoint in Kandahar on Monday, killing 12 police officers, in "
     "an attack claimed by the Pakistani Taliban.", ("PAK", "AFG", "18")),
    # the ones a group runs are that group's
    ("The Houthi-run authorities blamed the Saudi-led coalition.", ("YEM", "SAU", "11")),
    # a charge brushed aside is denied to the one who made it; a denial answers the accuser beside it
    ("Ankara accused Athens of arming its islands, a charge the Greek government brushed aside.",
     ("GRC", "TUR", "01")),
    ("The Sudanese government blamed the Rapid Support Forces, who denied responsibility.", ("SDN", "SDN", "01")),
    # an armed group's account of its own attack claims it
    ("Somalia's al-Shabab militants said they had launched the attack on the army base in Baidoa.",
     ("SOM", "SOM", "01")),
    # a guest hosted visits its host; leaders named together shaking hands meet
    ("Japanese Prime Minister Shinzo Abe hosted Indian Prime Minister Narendra Modi in Tokyo on Monday.",
     ("IND", "JPN", "04")),
    ("The Serbian and Kosovar presidents shook hands in Brussels.", ("XKX", "SRB", "04")),
    # a threat answering an act against the threatener's side is aimed at the one who did it
    ("France expelled two Iranian diplomats on Monday, and Iran's foreign ministry vowed to respond in kind.",
     ("IRN", "FRA", "13")),
    # a harm made conditional on another's conduct is a threat to the one it names
    ("The Chinese president warned on Monday that he would destroy Taiwan's economy if Taipei declared "
     "independence.", ("CHN", "TWN", "13")),
    # listed for sanctions, sanctions extended
    ("The US Commerce Department added the Chinese firm ZTE to its entity list.", ("USA", "CHN", "16")),
    ("EU leaders agreed on Friday to extend economic sanctions against Belarus.", ("European Union", "BLR", "16")),
])
def test_a_construction_codes_its_dyad(pipeline, text, dyad):
    found = dyads(pipeline, text)
    assert dyad in found, found


def test_an_act_judged_that_the_sentence_does_not_tell_blames_no_one(pipeline):
    assert not any(r.cameo.root == "11" for r in coded(pipeline, "The Iraqi government called the bombing a "
                                                                 "cowardly act."))


def test_a_stance_adjective_needs_a_party_and_a_predicative_use(pipeline):
    assert not coded(pipeline, "Officials in Lima said they were happy to help.")
    assert not any(r.cameo.root == "11" for r in coded(
        pipeline, "Denmark announced it would put forward a motion critical of Beijing."))


def test_a_threat_of_force_is_asserted_and_made_when_said(pipeline):
    readings = coded(pipeline, "Egypt will strike Ethiopia's dam, the Egyptian foreign minister said on Monday.",
                     published="2021-06-09")
    threats = [r for r in readings if r.cameo.root == "13"]
    assert threats and threats[0].factuality == "asserted" and threats[0].event_date == "2021-06-07", \
        [(r.cameo.code, r.factuality, r.event_date) for r in readings]
    assert not any(r.cameo.root == "19" for r in readings)


def test_missiles_fired_into_the_sea_are_a_test(pipeline):
    readings = coded(pipeline, "North Korea fired two ballistic missiles into the sea on Sunday.")
    assert [r.cameo.code for r in readings] == ["150"], [(r.cameo.code, r.pattern_id) for r in readings]


def test_a_place_named_after_a_king_is_no_government(pipeline):
    readings = coded(pipeline, "Houthi rebels fired a missile towards Riyadh's King Khalid International Airport.")
    targets = [r.target for r in readings if r.cameo.root == "19"]
    assert targets and all(t is not None and t.country == "SAU" for t in targets), targets


def test_a_backer_does_not_own_what_it_backs(pipeline):
    readings = coded(pipeline, "Ankara warned the Iranian-backed militia in northern Iraq that an offensive was imminent.")
    threats = [r for r in readings if r.cameo.root == "13"]
    assert threats and threats[0].target is not None and threats[0].target.country == "IRQ", \
        [(r.cameo.code, r.target and r.target.code) for r in readings]


def test_a_past_act_told_to_date_another_happened(pipeline):
    readings = coded(pipeline, "The prisoners would be freed next week, two days after Ethiopian jets bombed "
                               "rebel positions in Tigray.")
    strikes = [r for r in readings if r.cameo.root == "19"]
    assert strikes and strikes[0].factuality == "asserted", [(r.cameo.code, r.factuality) for r in readings]


def test_a_speakers_act_hung_in_the_reported_clause(pipeline):
    readings = coded(pipeline, "British Foreign Secretary Dominic Raab said there was no evidence it came from "
                               "Libya and blamed Syria, which rejected the accusation.")
    blame = [r for r in readings if r.cameo.root == "11"]
    assert blame and blame[0].source.country == "GBR", [(r.cameo.code, r.source.code) for r in readings]
    denials = [r for r in readings if r.cameo.code == "016"]
    assert denials and denials[0].target is not None and denials[0].target.country == "GBR", \
        [(r.cameo.code, r.target and r.target.code) for r in denials]


def test_troops_sent_are_no_target_of_their_sender(pipeline):
    readings = coded(pipeline, "The Pentagon will send about 1,500 additional troops to the Middle East.")
    assert readings and all(r.target is None or r.target.country != "USA" for r in readings), \
        [(r.cameo.code, r.target and r.target.code) for r in readings]


def test_a_meeting_between_leaders_is_the_named_pairs(pipeline):
    found = dyads(pipeline, "Kenyan President Uhuru Kenyatta and Tanzanian President John Magufuli held the "
                            "first formal meeting between leaders of their countries in a decade.")
    assert ("KEN", "TZA", "04") in found and ("TZA", "KEN", "04") in found, found
    assert not any(s == t for s, t, _ in found), found


def test_a_division_named_without_its_arabic_article(pipeline):
    readings = coded(pipeline, "Islamic State fighters seized parts of Anbar province.")
    assert readings and readings[0].target is not None and readings[0].target.country == "IRQ", \
        [(r.cameo.code, r.target and r.target.code) for r in readings]


def test_a_speakers_he_is_the_speaker(pipeline):
    readings = coded(pipeline, "Washington recognised the opposition leader, prompting Bolivian President Evo "
                               "Morales to announce he was cutting diplomatic ties with Washington.")
    cuts = [r for r in readings if r.cameo.code == "161"]
    assert cuts and cuts[0].source.country == "BOL", [(r.cameo.code, r.source.code) for r in readings]


def test_a_clause_of_its_own_before_a_warning_is_not_warned(pipeline):
    readings = coded(pipeline, "China's foreign ministry lashed out at Britain on Wednesday, a day after Foreign "
                               "Secretary Jeremy Hunt warned of serious consequences if Beijing failed to honour "
                               "the agreement.")
    criticism = [r for r in readings if r.cameo.root == "11"]
    assert criticism and criticism[0].source.country == "CHN", \
        [(r.cameo.code, r.source.code, r.pattern_id) for r in readings]


def test_verbal_attacks_are_no_fighting(pipeline):
    readings = coded(pipeline, "Paris recalled its ambassador to Rome, citing baseless attacks by Italian leaders.")
    assert not any(r.cameo.root == "19" for r in readings), [(r.cameo.code, r.pattern_id) for r in readings]
