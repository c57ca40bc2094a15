"""Constructions of conflict and crisis news, each as a sentence of our own: the people counted in a
phrase ("thousands of X supporters"), a preposition the parser left bare, a body named in front of its
troops, a leader's forces, groups placed by where they are based, places inside a participant's own
clause, the target of a threatened strike, exchanges between two parties, events counted ("dozens of
air strikes"), attacks claimed by a group, a name the parser takes for a modal or a month ("Theresa
May"), threats and seizures, other senses of war, funding and business, domestic targets, coalitions,
accusations made by saying a party is responsible, and a state's force used on people protesting."""

from __future__ import annotations

import pytest

from .test_diplomacy_constructions import codes
from .test_roles import coded, dyads


@pytest.mark.parametrize("text, dyad", [
    # the people counted in a phrase are read like any other phrase
    ("Egyptian security forces fired tear gas at thousands of Muslim Brotherhood supporters in Cairo.",
     ("EGY", "EGY", "17")),
    # "opened fire on [protesters marching]": the parser hangs the noun on the participle
    # (soldiers firing on protesters: violent repression, see below)
    ("Nigerian soldiers opened fire on Shi'ite protesters marching in Abuja.", ("NGA", "NGA", "17")),
    # a body named before its troops owns them; a place inside the target's clause is not where the act was
    ("Venezuelan National Guard troops fired tear gas at opposition supporters trying to bring aid across "
     "the border from Colombia.", ("VEN", "VEN", "17")),
    # the threatened act's own target is threatened
    ("North Korea threatened to launch a pre-emptive nuclear strike against the United States.",
     ("PRK", "USA", "13")),
    # events counted stand where the event noun would
    ("Russian warplanes carried out dozens of air strikes against rebel positions.", ("RUS", "*", "19")),
    ("Israeli jets launched a wave of air strikes on Hamas targets in Gaza.", ("ISR", "PSE", "19")),
    # a claimed attack is the claimer's
    ("A suicide bombing claimed by the Taliban killed 12 Afghan soldiers in Kabul.", ("AFG", "AFG", "18")),
    # a time phrase between the verb and its infinitive: the infinitive is still what is threatened
    ("Russia threatened on Monday to impose sanctions on Ukraine.", ("RUS", "UKR", "13")),
    # retaliation promised, the act unnamed, against the party the complement names
    ("China vowed to retaliate against the United States.", ("CHN", "USA", "13")),
    ("Moon Jae-in warned that his government would take countermeasures against Japan.", ("KOR", "JPN", "13")),
    # the common noun before a ship's name says what was seized
    ("Iran's Revolutionary Guards seized the oil tanker Stena Impero in the Strait of Hormuz.", ("IRN", "*", "17")),
    # the senses kept (see test_other_senses_are_no_events_of_that_kind)
    ("Russia launched a war against Georgia.", ("RUS", "GEO", "19")),
    ("Turkey did business with Iran despite the embargo.", ("TUR", "IRN", "06")),
    ("Saudi Arabia financed Pakistan during the crisis.", ("SAU", "PAK", "07")),
    # a state and its bodies coerce their own people unless the text names others
    ("Iranian authorities imposed a near-total internet shutdown on Saturday.", ("IRN", "IRN", "17")),
    ("Turkey declared a state of emergency on Wednesday.", ("TUR", "TUR", "17")),
    # people protest to their own government unless the text or the story names another party
    ("Hundreds of thousands of Tunisian public sector workers went on strike on Thursday.", ("TUN", "TUN", "14")),
    # "handed over 24 sailors": "over" is the verb's particle, not "more than"
    ("Russia handed over 24 Ukrainian sailors to Kiev on Saturday.", ("RUS", "UKR", "08")),
    # a claim of responsibility is aimed where the act claimed was done
    ("Islamic State claimed responsibility for the attack in Kabul on Saturday.", ("Islamic State", "AFG", "01")),
    # a threat naming no one else is aimed at whose act it is conditioned on
    ("Iran warned it would close the Strait of Hormuz if the United States blocked its oil exports.",
     ("IRN", "USA", "13")),
    ("Iran's Revolutionary Guards threatened on Thursday to block the Strait of Hormuz if the United States "
     "tried to halt Iranian oil exports.", ("IRN", "USA", "13")),
    # a ship flagged in a state is that state's, as far as acts on it go
    ("Iran seized a British-flagged tanker in the Strait of Hormuz on Friday.", ("IRN", "GBR", "17")),
    # a group's things are the group's ("Houthi positions")
    ("Saudi jets struck Houthi positions on Thursday.", ("SAU", "YEM", "19")),
    # a state's court sentencing people the text does not place sentences its own people
    ("An Egyptian court sentenced 75 people to death on Saturday.", ("EGY", "EGY", "11")),
    # a territory with a code of its own governs itself as far as events go
    ("Hundreds of thousands of protesters marched through central Hong Kong on Sunday.", ("HKG", "HKG", "14")),
    # a state's forces fighting at home fight some of its own
    ("Syrian government forces shelled several villages in Idlib province on Sunday.", ("SYR", "SYR", "19")),
    ("Iraqi forces launched an offensive near Mosul on Monday.", ("IRQ", "IRQ", "19")),
    # the leader of a coalition owns it
    ("At least 106 people were killed when air strikes by the Saudi-led coalition hit a crowded market in "
     "Mastaba in Yemen's northern Hajjah province.", ("SAU", "YEM", "19")),
    # drills a leader orders
    ("Putin ordered surprise combat readiness drills involving 150,000 troops in western Russia on Wednesday.",
     ("RUS", "*", "15")),
    ("Pakistan handed back a captured Indian air force pilot at the Wagah border crossing on Friday.",
     ("PAK", "IND", "08")),
    # saying a party is responsible for an act accuses it
    ("Pompeo said Iran was responsible for the attacks on two tankers.", ("USA", "IRN", "11")),
    ("Theresa May said Moscow was culpable for the nerve agent attack.", ("GBR", "RUS", "11")),
])
def test_conflict_constructions(pipeline, text, dyad):
    # ("*": any target)
    found = dyads(pipeline, text)
    assert any(source == dyad[0] and (dyad[1] == "*" or target == dyad[1]) and root == dyad[2]
               for source, target, root in found), found


def test_a_leaders_forces_are_his_states(pipeline):
    found = dyads(pipeline, "The United States fired missiles at a Syrian air base over a chemical attack that "
                            "Washington blamed on President Bashar al-Assad's forces.")
    assert ("USA", "SYR", "11") in found, found
    assert ("USA", "USA", "11") not in found, found


def test_a_group_placed_by_where_it_is_based_belongs_there(pipeline):
    for verb in ("sheltering", "based"):
        found = dyads(pipeline, f"Pakistan blamed the attack on militants {verb} in Afghanistan.")
        assert ("PAK", "AFG", "11") in found, (verb, found)


def test_an_exchange_of_prisoners_goes_both_ways(pipeline):
    found = dyads(pipeline, "Russia and Ukraine exchanged 35 prisoners each on Saturday.")
    assert ("RUS", "UKR", "08") in found and ("UKR", "RUS", "08") in found, found


@pytest.mark.parametrize("text", [
    "Prime Minister Theresa May condemned Russia on Wednesday.",
    "Britain expelled diplomats over the poisoning, which Prime Minister Theresa May blamed on Russia.",
])
def test_theresa_may_is_a_name_not_a_modal(pipeline, text):
    assert ("GBR", "RUS", "11") in dyads(pipeline, text)


def test_the_modal_may_still_makes_a_possibility(pipeline):
    # lower case "may" is the modal: a possibility, not an act
    assert not any(root == "11" for _, _, root in dyads(pipeline, "Russia may condemn Britain next week."))


@pytest.mark.parametrize("text, dyad", [
    ("The European Union imposed a new package of sanctions on Russia on Monday.", ("IGOEEU", "RUS", "16")),
    ("Saudi Arabia and its allies issued a list of demands to Qatar.", ("SAU", "QAT", "10")),
])
def test_a_counted_measure_keeps_its_target(pipeline, text, dyad):
    found = {(s if s != "European Union" else "IGOEEU", t, r) for s, t, r in dyads(pipeline, text)}
    assert dyad in found, found


def test_calling_someone_to_thank_them_is_the_callers_thanks(pipeline):
    # the complement's own pronoun object is the one called, so the caller thanks
    found = dyads(pipeline, "Putin telephoned Trump on Sunday to thank him for the information.")
    assert ("RUS", "USA", "05") in found and ("USA", "RUS", "05") not in found, found
    # an object-control verb still makes its object act
    assert ("RUS", "USA", "02") in dyads(pipeline, "Putin urged Trump to release them.")


def test_suicide_bombers_are_no_air_force(pipeline):
    readings = coded_text(pipeline, "ANKARA, Oct 10 (Reuters) - Two suicide bombers struck a peace rally in Ankara on "
                                    "Saturday, killing 95 people in the deadliest attack on Turkish soil.")
    assert readings, "the bombing is coded"
    assert not any(r.cameo.code == "195" or "MIL" in r.source.sector for r in readings), \
        [(r.source.code, r.cameo.code) for r in readings]
    # the agency that filed the story is no actor of it: the bombers are the story's country's, not Britain's
    assert not any(r.source.country == "GBR" for r in readings), [(r.source.code, r.cameo.code) for r in readings]


def coded_text(pipeline, text: str, published: str = "2015-10-10"):
    result = pipeline.code_text(text, doc_id="conflict-construction", published=published)
    return result.readings


def test_a_purpose_clause_after_a_time_phrase_is_no_complement_of_other_verbs(pipeline):
    # "deployed troops on Monday to protect": a purpose, the deployment itself is the act
    found = dyads(pipeline, "Russia deployed troops on Monday to protect Crimea.")
    assert any(root == "15" for _, _, root in found), found


@pytest.mark.parametrize("text, root", [
    ("China said the United States had launched the largest trade war in economic history.", "19"),
    ("New Zealand and Senegal sponsored the U.N. resolution on settlements.", "07"),
    ("Turkey said its pilots had simply done their duty in defending Turkish airspace.", "06"),
])
def test_other_senses_are_no_events_of_that_kind(pipeline, text, root):
    assert not any(r == root for _, _, r in dyads(pipeline, text))


def test_summoning_an_envoy_to_protest_is_the_summoners_protest(pipeline):
    found = dyads(pipeline, "China summoned U.S. Ambassador Terry Branstad on Sunday to lodge a 'strong protest' "
                            "over Meng's arrest in Canada.")
    assert not any(source == "USA" and root == "11" for source, _, root in found), found


def test_a_protest_abroad_is_not_to_the_protesters_own_government(pipeline):
    found = dyads(pipeline, "Some 1,500 ethnic Albanians marched Sunday in downtown Istanbul to protest the killings "
                            "of ethnic Albanians by Serb police.")
    assert not any(source == "ALB" and target == "ALB" for source, target, _ in found), found


def test_theresa_may_does_not_date_the_act_in_may(pipeline):
    readings = coded_text(pipeline, "Theresa May said Moscow was culpable for the nerve agent attack.",
                          published="2018-03-14")
    assert readings and all(r.event_date == "2018-03-14" for r in readings), \
        [(r.cameo.code, r.event_date) for r in readings]
    # the month still dates what happened in it
    readings = coded_text(pipeline, "In May, Russia expelled 23 British diplomats.", published="2018-03-14")
    assert readings and all(r.event_date == "2017-05" for r in readings), [r.event_date for r in readings]


def test_a_thing_responsible_is_no_accusation(pipeline):
    assert not any(root == "11" for _, _, root in dyads(pipeline, "He said the weather was responsible for the delay."))


@pytest.mark.parametrize("text", [
    "Nigerian soldiers opened fire on Shi'ite protesters marching in Abuja.",
    "Sudanese security forces opened fire on a protest sit-in in Khartoum on Monday, killing at least 30 people.",
    "Egyptian security forces stormed two protest camps in Cairo on Wednesday, killing hundreds of people.",
])
def test_a_states_force_used_on_people_protesting_is_violent_repression(pipeline, text):
    assert any(code == "175" for _, _, code in codes(pipeline, text)), codes(pipeline, text)


@pytest.mark.parametrize("text, root", [
    # the same acts aimed at fighters are force
    ("Syrian troops shelled rebel positions in Idlib.", "19"),
    ("Nigerian soldiers opened fire on Boko Haram fighters near Maiduguri.", "19"),
])
def test_force_on_fighters_stays_force(pipeline, text, root):
    found = codes(pipeline, text)
    assert any(code.startswith(root) for _, _, code in found) and not any(code == "175" for _, _, code in found)


def test_armed_men_harming_at_home_harm_their_state(pipeline):
    found = dyads(pipeline, "Two female suicide bombers blew themselves up at a crowded market in the northeastern "
                            "Nigerian city of Maiduguri on Tuesday, killing at least 30 people.")
    assert ("NGA", "NGA", "18") in found, found


@pytest.mark.parametrize("text, expected", [
    ("U.N. investigators said on Monday that Myanmar soldiers had committed mass killings of Rohingya Muslims.",
     ("IGOUNO", "MMR", "112")),
    ("Human Rights Watch said Saudi-led coalition air strikes had killed dozens of civilians in Yemen.",
     ("NGOHRW", "SAU", "112")),
])
def test_a_monitor_reporting_a_harm_accuses_its_doer(pipeline, text, expected):
    from .test_roles import coded
    found = {(r.source.code, r.target.country if r.target else None, r.cameo.code[:3]) for r in coded(pipeline, text)}
    assert expected in found, found


@pytest.mark.parametrize("text", [
    # a harm whose doer the report does not name accuses no one
    "At least 75 people were killed and 1,643 wounded there, Red Cross officials said.",
    # nor does a report of cooperation
    "The United Nations said Russia had agreed to talks.",
])
def test_a_report_naming_no_doer_or_no_harm_is_no_accusation(pipeline, text):
    assert not any(code.startswith("112") for _, _, code in codes(pipeline, text)), codes(pipeline, text)


@pytest.mark.parametrize("text, dyad", [
    # the place is told of the ones harmed ("churches in Nigeria"), not of the act: it is still where
    # the harm was done, and so the state harmed
    ("Suicide bombers attacked two churches in Nigeria on Sunday, killing 30 people.", ("NGA", "NGA", "18")),
    # a foreign group harming people abroad harms the state where they are
    ("Somali militants stormed a shopping centre in Nairobi on Saturday, killing 12 people.", ("SOM", "KEN", "18")),
])
def test_the_place_of_the_ones_harmed_is_where_the_harm_was_done(pipeline, text, dyad):
    found = dyads(pipeline, text)
    assert dyad in found, found


def test_a_place_told_of_a_participant_does_not_place_a_statement(pipeline):
    # "the murder in Berlin" places the murder, not the protest against the ruling on it
    found = dyads(pipeline, "Iranian students protested on Thursday against a German court ruling on the murder "
                            "of four dissidents in Berlin.")
    assert not any(root == "14" and target == "DEU" and source == "DEU" for source, target, root in found), found


@pytest.mark.parametrize("text, code", [
    # force used during a protest on people bearing no arms is repression, whatever they are called
    ("Israeli troops shot dead dozens of Palestinians during mass protests along the border fence on Monday.", "175"),
    ("Kenyan police killed three people at a rally in Nairobi on Monday.", "175"),
    # fighters killed during a protest are fought, not repressed
    ("Israeli troops killed two Hamas gunmen during protests along the Gaza border on Monday.", "190"),
])
def test_force_in_a_protest_on_unarmed_people_is_repression(pipeline, text, code):
    found = codes(pipeline, text)
    assert any(c == code for _, _, c in found), found
    if code != "175":
        assert not any(c == "175" for _, _, c in found), found


@pytest.mark.parametrize("text, code", [
    # a killing whose subject is the act that killed, with no one named behind it: that act's code,
    # aimed at the ones killed
    ("The shelling of residential districts in the Ukrainian city of Donetsk killed five civilians on Sunday.", "194"),
    ("An air strike killed 12 civilians in Idlib on Monday.", "195"),
    ("A car bomb killed 12 people in Baghdad on Monday.", "183"),
])
def test_a_killing_by_an_unattributed_act_takes_the_acts_code(pipeline, text, code):
    found = codes(pipeline, text)
    assert any(c.startswith(code) and target is not None for _, target, c in found), found
    assert not any(c == "180" for _, _, c in found), found


@pytest.mark.parametrize("text, dyad", [
    # "in what X called ...": the name X gives the act told before is aimed at its doer
    ("Israel bombed a school in Gaza on Monday, in what the United Nations called a war crime.",
     ("IGOUNO", "ISR", "1124")),
    ("A U.S. air strike hit a hospital in Kunduz on Saturday, in what Medecins Sans Frontieres condemned as a "
     "violation of international law.", ("NGOMSF", "USA", "111")),
    # "a move X described as ...", the summary hung on the act's object
    ("Russia sent a convoy of trucks into eastern Ukraine on Friday, a move Ukraine described as a direct "
     "invasion.", ("UKR", "RUS", "1123")),
])
def test_naming_an_act_told_before_is_aimed_at_its_doer(pipeline, text, dyad):
    found = {(r.source.code, r.target.code if r.target else None, r.cameo.code) for r in coded(pipeline, text)}
    assert any(s.startswith(dyad[0]) and t and t.startswith(dyad[1]) and c == dyad[2] for s, t, c in found), found


def test_a_territorys_armed_group_at_home_is_not_aimed_at_the_territory(pipeline):
    found = dyads(pipeline, "Israel accused Hamas after Hamas violated the ceasefire in Gaza.")
    assert not any(source == "PSE" and target == "PSE" for source, target, _ in found), found


def test_fighters_are_people_not_aircraft(pipeline):
    found = codes(pipeline, "Taliban fighters attacked a police checkpoint in Kunduz province overnight.")
    assert any(c == "190" for _, _, c in found) and not any(c == "195" for _, _, c in found), found


def test_a_killing_in_a_war_of_history_is_background(pipeline):
    # a war named with a capital is one of history; a war going on is written in lower case
    found = codes(pipeline, "North Korea returned the remains of U.S. soldiers killed in the Korean War on Friday.")
    assert not any(c.startswith("18") or c.startswith("19") for _, _, c in found), found
    found = codes(pipeline, "Two soldiers were killed in the Syrian war on Monday.")
    assert any(c.startswith("18") or c.startswith("19") for _, _, c in found), found
