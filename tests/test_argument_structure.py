"""Who did what to whom where the parse hides it, each as a sentence of our own: two verbs sharing one
object, a participle that is passive though it has no auxiliary, a comma-bounded participle after its
noun, a "with" clause that names no partner, a weapon that names a kind of thing, a name the tagger does
not know for a person's, talks that are only proposed, an occupation that goes on."""

from __future__ import annotations

import pytest

from .test_roles import coded, dyads


def test_two_verbs_joined_before_one_object_share_it(pipeline):
    readings = coded(pipeline, "Taliban fighters killed or wounded several Afghan policemen in Kunduz on Monday.")
    assert any(r.cameo.root == "18" and r.target is not None and r.target.code == "AFGCOP" for r in readings), \
        [(r.cameo.code, r.source.code, r.target.code if r.target else None) for r in readings]


def test_a_verb_with_its_own_preposition_keeps_no_shared_object(pipeline):
    readings = coded(pipeline, "Ukrainian troops withdrew from the town and shelled Russian positions on Monday.")
    withdrawals = [r for r in readings if r.cameo.root == "08"]
    assert all(r.target is None or r.target.country != "RUS" for r in withdrawals), \
        [(r.cameo.code, r.target.code if r.target else None) for r in withdrawals]


@pytest.mark.parametrize("text, country", [
    ("Two Indian soldiers were reported killed in Kashmir on Saturday.", "IND"),
    ("Three Syrian soldiers were reported killed near Idlib on Friday.", "SYR"),
])
def test_a_bare_participle_after_a_passive_report_is_passive(pipeline, text, country):
    # the ones killed did not kill: no reading makes them the source of a killing
    readings = coded(pipeline, text)
    assert not any(r.cameo.root in ("18", "19") and r.source.country == country for r in readings), \
        [(r.cameo.code, r.source.code) for r in readings]


def test_a_participle_set_off_by_commas_says_what_was_done_to_its_noun(pipeline):
    readings = coded(pipeline, "Nine drug traffickers, also accused of armed robbery, have been hanged in "
                               "southeastern Iran.")
    assert not any(r.cameo.root == "11" and r.source.code == "IRNCRM" for r in readings), \
        [(r.cameo.code, r.source.code) for r in readings]


def test_a_with_clause_names_no_partner(pipeline):
    found = dyads(pipeline, "The United States moved to block Iranian oil exports, with Britain and France "
                            "among the countries backing the move.")
    assert ("USA", "IRN", "16") in found, found
    assert not any(source == "USA" and target in ("GBR", "FRA") and root == "16" for source, target, root in found)


def test_a_weapon_in_a_thing_its_owner_names_is_no_forces(pipeline):
    readings = coded(pipeline, "Japanese officials voiced concern about North Korean missile tests on Friday.")
    assert readings and all(r.target is not None and r.target.country == "PRK" for r in readings), \
        [(r.cameo.code, r.target.code if r.target else None) for r in readings]


def test_a_name_with_a_title_beside_it_is_a_person(pipeline):
    readings = coded(pipeline, "Qadir Baloch Nawaz, chairman of Pakistan's senate defence committee, held "
                               "talks with Egyptian President Abdel Fattah al-Sisi and said he invited him to "
                               "visit Islamabad.")
    sources = {(r.cameo.root, r.source.country) for r in readings}
    assert ("04", "PAK") in sources and ("03", "PAK") in sources, \
        [(r.cameo.code, r.source.code, r.target.code if r.target else None) for r in readings]


def test_talks_only_proposed_are_not_held(pipeline):
    assert not any(root == "04" for _, _, root in dyads(
        pipeline, "Japan and South Korea are still waiting for China's answer to their joint proposal for "
                  "trilateral talks."))
    assert ("JPN", "KOR", "04") in dyads(pipeline, "Japan flew its foreign minister to Seoul for talks with "
                                                   "South Korea.")


def test_an_occupation_that_goes_on_is_no_act_of_the_day(pipeline):
    assert not any(root == "19" for _, _, root in dyads(
        pipeline, "The minister compared Russia's occupation of Crimea with Turkey's occupation of northern "
                  "Cyprus."))
    found = dyads(pipeline, "Russia began its occupation of Crimea on Thursday.")
    assert ("RUS", "Crimea", "19") in found, found


def test_going_into_talks_is_holding_them(pipeline):
    readings = coded(pipeline, "The Turkish foreign minister went straight into talks with his Greek "
                               "counterpart on Monday.")
    assert any(r.cameo.root == "04" and r.factuality == "asserted" for r in readings), \
        [(r.cameo.code, r.factuality) for r in readings]


def test_the_phrase_after_out_of_is_the_verbs(pipeline):
    assert ("USA", None, "16") in dyads(pipeline, "The United States pulled out of the Paris climate agreement "
                                                  "on Wednesday.")
    assert ("RUS", "SYR", "08") in dyads(pipeline, "Russian troops pulled out of Syria on Friday.")


def test_a_state_described_again_owns_the_forces_it_has(pipeline):
    found = dyads(pipeline, "Ivory Coast bombed a French base in Bouake on Saturday. In retaliation, France "
                            "destroyed the totality of the west African country's small air force.")
    assert ("FRA", "CIV", "19") in found, found


def test_a_demonym_in_a_places_name_describes_no_state(pipeline):
    found = coded(pipeline, "The ruling party of the Indian Ocean island criticised the government on Monday. "
                            "The Indian Ocean island's opposition party criticised it too.")
    assert not any(r.source.country == "IND" for r in found), [(r.source.code, r.cameo.code) for r in found]


def test_a_warning_of_ones_own_response_to_any_act_is_a_threat(pipeline):
    assert any(r.cameo.root == "13" for r in coded(
        pipeline, "Iranian President Hassan Rouhani warned that his country would respond to any attack on its "
                  "oil tankers."))


def test_resolve_shown_is_no_show_of_force(pipeline):
    assert not any(root == "15" for _, _, root in dyads(
        pipeline, "The German chancellor said Macron had shown strength in the talks."))
    assert ("RUS", None, "15") in dyads(pipeline, "Russia flexed its military muscle on Sunday.")


@pytest.mark.parametrize("text, aimed_at", [
    ("Turkey moved tanks to the Syrian border on Sunday.", "SYR"),
    ("NATO deployed battalions to the Baltic states to deter Russia.", "RUS"),
    ("The United States deployed 1,500 more troops to the Middle East amid tensions with Iran.", "IRN"),
])
def test_a_build_up_of_force_faces_its_purpose_or_frontier(pipeline, text, aimed_at):
    assert any(root == "15" and target == aimed_at for _, target, root in dyads(pipeline, text)), \
        dyads(pipeline, text)


def test_a_build_up_with_no_aim_named_has_no_target(pipeline):
    assert ("RUS", None, "15") in dyads(pipeline, "Russia massed troops near the border.")


def test_a_noun_summing_up_the_clause_before_it_names_that_act(pipeline):
    readings = coded(pipeline, "Two Chinese warships sailed through the Tsugaru Strait on Sunday, a show of force "
                               "likely to anger Tokyo.")
    assert any(r.cameo.root == "15" and r.source.country == "CHN" and r.target is not None
               and r.target.country == "JPN" for r in readings), \
        [(r.cameo.code, r.source.code, r.target.code if r.target else None) for r in readings]


def test_a_noun_summing_up_a_clause_coded_already_is_not_coded_again(pipeline):
    readings = coded(pipeline, "Israeli jets struck targets near Damascus on Sunday, an attack Syria condemned.")
    assert len([r for r in readings if r.cameo.root == "19"]) == 1, [(r.cameo.code, r.pattern_id) for r in readings]


def test_agreeing_with_a_partner_on_terms_settles_them(pipeline):
    assert ("GRC", "MKD", "05") in dyads(pipeline, "Greece agreed with North Macedonia on a new name for the "
                                                   "country.")
    roots = {root for _, _, root in dyads(pipeline, "Britain agreed with the European Union on a Brexit deal on "
                                                    "Thursday.")}
    assert roots == {"05"}, roots  # the deal reached, no intent to settle
    assert ("FRA", "DEU", "01") in dyads(pipeline, "France agreed with Germany on the need for reform.")


def test_a_court_that_acquits_lets_the_accused_go(pipeline):
    readings = coded(pipeline, "A Turkish court acquitted a German journalist of terrorism charges on Tuesday.")
    assert any(r.cameo.root == "08" and r.source.country == "TUR" and r.target is not None
               and r.target.country == "DEU" for r in readings), [(r.cameo.code, r.source.code) for r in readings]


def test_a_pledge_to_help_a_state_is_aimed_at_it(pipeline):
    assert ("IGOWBK", "PAK", "03") in {(r.source.code, r.target.country if r.target else None, r.cameo.root)
                                       for r in coded(pipeline, "The World Bank promised $2 billion to help "
                                                                "Pakistan recover from the floods.")}


@pytest.mark.parametrize("text, source, aimed_at", [
    ("Russia will station Iskander missiles in Kaliningrad, a senior lawmaker said on Monday, in response to "
     "NATO's military build-up in Eastern Europe.", "RUS", "IGONAT"),
    ("Ukraine ordered a partial mobilisation of its armed forces on Monday in response to Russia's military "
     "build-up in Crimea.", "UKR", "RUS"),
])
def test_a_build_up_in_response_to_anothers_faces_it(pipeline, text, source, aimed_at):
    found = {(r.source.country, r.target.code if r.target else None, r.cameo.root) for r in coded(pipeline, text)}
    assert (source, aimed_at, "15") in found, found


def test_what_a_withdrawal_moves_is_not_whom_it_leaves(pipeline):
    found = dyads(pipeline, "Putin ordered the withdrawal of Russian forces from Syria on Monday.")
    assert ("RUS", "SYR", "08") in found and ("RUS", "RUS", "08") not in found, found


def test_the_one_a_sentence_blames_did_the_harm_it_tells(pipeline):
    readings = coded(pipeline, "At least 30 people were killed in a suspected chemical attack on a village near "
                               "Hama on Sunday, rescue workers said, blaming Syrian government forces.")
    harms = [r for r in readings if r.cameo.root in ("18", "19", "20")]
    assert harms and all(r.source.country == "SYR" for r in harms), [(r.cameo.code, r.source.code) for r in harms]
    assert len(harms) == 1, [(r.cameo.code, r.pattern_id) for r in harms]  # the killing is the attack's


def test_a_group_tied_to_a_named_one_is_not_that_one(pipeline):
    found = dyads(pipeline, "Philippine troops battled Islamic State-linked militants in the southern city of "
                            "Marawi on Friday.")
    assert ("PHL", "PHL", "19") in found, found


def test_the_subject_of_a_participle_the_parser_made_a_clause_does_the_next_verb(pipeline):
    readings = coded(pipeline, "Three Chadian soldiers were killed when gunmen linked to Boko Haram ambushed "
                               "a Chadian army patrol near Lake Chad.")
    assert any(r.cameo.root == "19" and r.pattern_id == "V-attack-physical" for r in readings), \
        [(r.cameo.code, r.pattern_id, r.source.code) for r in readings]


@pytest.mark.parametrize("text, dyad", [
    # the first of two predicates after "called" is the one named, where the parser made it a predicate
    ("Venezuelan President Nicolas Maduro called Colombian President Ivan Duque a puppet of the United States.",
     ("VEN", "COL", "11")),
    # an "in" phrase of manner names no target
    ("Jordan recalled its ambassador from Israel on Tuesday in protest at the killing.", ("JOR", "ISR", "16")),
    # missile batteries are military aid
    ("The United States sent two Patriot missile batteries to Saudi Arabia.", ("USA", "SAU", "07")),
    # a named thing the knowledge base does not know belongs to its owner
    ("Iran's Revolutionary Guards seized the British-flagged oil tanker Stena Impero in the Strait of Hormuz on "
     "Friday.", ("IRN", "GBR", "17")),
])
def test_a_construction_codes_its_dyad(pipeline, text, dyad):
    found = dyads(pipeline, text)
    assert dyad in found, found


@pytest.mark.parametrize("text, dyad", [
    ("Canada said it was deeply disappointed by Saudi Arabia's decision to expel its ambassador.",
     ("CAN", "SAU", "11")),
    ("China was angered by the American arms sale to Taiwan.", ("CHN", "USA", "11")),
    ("Greece agreed with North Macedonia on a new border crossing.", ("GRC", "MKD", "05")),
])
def test_a_side_disappointed_or_agreeing_codes_its_dyad(pipeline, text, dyad):
    found = dyads(pipeline, text)
    assert dyad in found, found


def test_what_angers_a_side_is_not_its_doer(pipeline):
    assert not any(root == "11" and source == "USA" for source, _, root in dyads(
        pipeline, "China was angered by the American arms sale to Taiwan."))


def test_agreeing_that_sides_will_act_settles_terms_and_agreeing_on_a_judgement_does_not(pipeline):
    assert ("GRC", "TUR", "05") in dyads(pipeline, "Greece and Turkey agreed on Monday that they would restore "
                                                   "direct flights.")
    assert not any(root == "05" for _, _, root in dyads(pipeline, "The Greek papers all agreed on Monday that "
                                                                  "the visitors had been lucky."))
