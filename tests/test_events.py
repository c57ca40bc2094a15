"""The event coder: codes, argument structure, governing verbs, casualties, user patterns, bad files.

Each test codes one or two sentences through the whole pipeline (parse, actors, events) and checks
the readings users see: (source, target, CAMEO code) and the counts. The spaCy pipeline is loaded
once per session (conftest.py).
"""

from __future__ import annotations

import pytest

from thucydides.errors import DataFileError
from thucydides.events import EventCoder, count_casualties
from thucydides.events.casualties import parse_number
from thucydides.knowledge.ontology import Ontology
from thucydides.knowledge.patterns import load_patterns

PUBLISHED = "2008-09-09"


def readings(pipeline, text: str, published: str = PUBLISHED):
    result = pipeline.code_text(text, doc_id="test", published=published, no_clean=True)
    return result.readings


def triples(pipeline, text: str) -> set[tuple[str, str | None, str]]:
    """(source code, target code, CAMEO code) of every reading; a person's code is role + country."""
    return {(r.source.code or r.source.id, (r.target.code or r.target.id) if r.target else None, r.cameo.code)
            for r in readings(pipeline, text)}


# ---------------------------------------------------------------- codes from the dictionary


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, expected",
    [
        # verbs with particles and prepositions
        ("Russia pulled out its troops from Georgia.", ("RUS", "GEO", "0874")),
        ("Ukraine broke off diplomatic ties with Russia.", ("UKR", "RUS", "161")),
        ("Washington called on Moscow to pull out its forces.", ("USAGOV", "RUSGOV", "0256")),
        # verb + object idioms
        ("Russia established diplomatic relations with Abkhazia.", ("RUS", "XAB", "054")),
        ("The European Union imposed sanctions on Iran.", ("IGOEEU", "IRN", "163")),
        ("Pakistan expelled two Indian diplomats.", ("PAK", "INDGOV", "161")),
        ("Japan will provide humanitarian aid to Haiti.", ("JPN", "HTI", "073")),
        ("Japan will provide aid to Haiti.", ("JPN", "HTI", "070")),
        # event nouns with a support verb, and on their own
        ("Georgian troops launched an attack against South Ossetia.", ("GEOMIL", "XSO", "190")),
        ("Russia declared a ceasefire in Georgia.", ("RUS", None, "0871")),
        ("Russian air strikes hit Georgian positions near Gori.", ("RUS", "GEO", "195")),
        ("Israel lodged a formal protest with Egypt.", ("ISR", "EGY", "114")),
        # the instrument makes the code specific
        ("Israeli warplanes attacked Hamas positions.", ("ISRMIL", "PSEHMS", "195")),
        ("Turkish artillery shelled Syria.", ("TURMIL", "SYR", "194")),
    ],
)
def test_dictionary_codes(pipeline, text, expected):
    assert expected in triples(pipeline, text)


@pytest.mark.slow
def test_talks_between_two_states_are_coded_both_ways(pipeline):
    assert triples(pipeline, "The talks between India and Pakistan collapsed.") == {
        ("IND", "PAK", "040"), ("PAK", "IND", "040")}
    # held in Beijing, the talks are also China's hosting of Japan and Japan's visit to China
    assert triples(pipeline, "China and Japan held talks in Beijing on Monday.") == {
        ("CHN", "JPN", "040"), ("JPN", "CHN", "040"), ("CHN", "JPN", "043"), ("JPN", "CHN", "042")}


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Russia and Georgia are neighbours.",
        "The weather was cold in Moscow on Tuesday.",
        "Georgia is a small country in the Caucasus.",
        "",
        "...",
    ],
)
def test_no_recognisable_event_yields_nothing(pipeline, text):
    """No fallback code: a sentence no pattern matches gives no reading."""
    assert readings(pipeline, text) == []


@pytest.mark.slow
def test_a_pattern_needs_a_source_actor(pipeline):
    assert readings(pipeline, "The town was attacked on Monday.") == []


# ---------------------------------------------------------------- argument structure


@pytest.mark.slow
def test_passive_with_a_by_agent(pipeline):
    assert ("RUSMIL", "GEO", "195") in triples(pipeline, "Georgia was attacked by Russian warplanes on Friday.")


@pytest.mark.slow
def test_conjoined_actors_give_one_reading_per_dyad(pipeline):
    assert triples(pipeline, "France and Germany imposed sanctions on Iran and Syria.") == {
        ("FRA", "IRN", "163"), ("FRA", "SYR", "163"), ("DEU", "IRN", "163"), ("DEU", "SYR", "163")}


@pytest.mark.slow
def test_relative_clauses(pipeline):
    assert ("RUS", "GEO", "190") in triples(pipeline, "Russia, which attacked Georgia in August, denied it.")
    assert ("IGOEEU", "IRN", "163") in triples(
        pipeline, "The sanctions that the European Union imposed on Iran hurt its economy.")


@pytest.mark.slow
def test_an_act_with_a_clause_subject_of_its_own_inherits_nothing(pipeline):
    found = triples(pipeline, "Russia said that Georgia attacked South Ossetia.")
    assert ("GEO", "XSO", "190") in found
    assert not any(source == "RUS" and code == "190" for source, _target, code in found)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, expected",
    [
        # subject control: the agreement is coded, the withdrawal through it (CODING.md)
        ("Russia agreed to withdraw its troops from Georgia.", ("RUS", "GEO", "0356")),
        ("Russia threatened to impose sanctions on Georgia.", ("RUS", "GEO", "1312")),
        ("North Korea threatened to attack South Korea.", ("PRK", "KOR", "1384")),
        ("Georgia refused to release the Russian officers.", ("GEO", "RUS", "1243")),
        ("Hamas vowed to retaliate against Israel for the air strikes.", ("PSEHMS", "ISR", "1384")),
        # object control: the governing verb's object is the target
        ("The United Nations urged Russia to withdraw its troops from Georgia.", ("IGOUNO", "RUS", "0256")),
        ("Iran demanded that Britain release its sailors.", ("IRN", "GBR", "1053")),
        ("Eriksson asked Norway to send troops.", None),
    ],
)
def test_governing_verbs_take_their_code_from_the_act(pipeline, text, expected):
    found = triples(pipeline, text)
    if expected is None:
        assert not any(code.startswith(("15", "07")) for _s, _t, code in found)
        return
    assert expected in found
    # the governed act is coded through the governing verb, not again on its own
    assert not any(code[:2] in ("08", "16", "19") and code != expected[2] for _s, _t, code in found)


@pytest.mark.slow
def test_accusation_and_the_alleged_act_are_both_coded(pipeline):
    found = readings(pipeline, "Iran accused Israel of bombing its nuclear site.")
    by_code = {r.cameo.code: r for r in found}
    assert by_code["1123"].factuality == "asserted"
    assert (by_code["1123"].source.code, by_code["1123"].target.code) == ("IRN", "ISR")
    bombing = by_code["195"]
    assert bombing.source.code == "ISR" and bombing.factuality == "reported_claim"


@pytest.mark.slow
def test_a_killing_that_is_the_outcome_of_an_attack_is_that_attack(pipeline):
    found = readings(pipeline, "Israeli jets struck Hamas targets in Gaza, killing 12 people.")
    assert [(r.cameo.code, r.killed) for r in found] == [("195", 12)]
    assert found[0].target.code == "PSEHMS"


@pytest.mark.slow
def test_domestic_dyads_of_two_organs_of_one_state_are_kept(pipeline):
    found = triples(pipeline, "Egyptian police arrested Egyptian opposition activists.")
    assert ("EGYCOP", "EGYOPP", "173") in found


@pytest.mark.slow
def test_a_state_acting_on_its_own_organs_is_no_dyad(pipeline):
    found = triples(pipeline, "Russia withdrew Russian troops.")
    assert not any(target and target.startswith("RUS") for _s, target, _c in found)


# ---------------------------------------------------------------- casualties


@pytest.mark.slow
def test_counts_go_on_violent_and_arrest_readings(pipeline):
    attack = readings(pipeline, "Russian air strikes killed 12 civilians and wounded 30 in Gori, Georgia.")
    assert attack and all(r.killed == 12 and r.injured == 30 for r in attack)
    arrests = readings(pipeline, "Egyptian police arrested 25 protesters in Cairo.")
    # (the protest the arrest tells is coded too, with no counts of its own)
    assert sorted((r.cameo.code, r.arrested, r.killed) for r in arrests) == [("141", None, None), ("173", 25, None)]


@pytest.mark.slow
def test_counts_are_not_put_on_cooperative_readings(pipeline):
    talks = readings(pipeline, "Russia and Georgia held talks after 12 people were killed in clashes.")
    assert all(r.killed is None for r in talks if r.cameo.root == "04")


@pytest.mark.parametrize(
    "sentence, counts",
    [
        ("At least 25 people were killed and more than 40 wounded in the blast.", {"killed": 25, "injured": 40}),
        ("Police arrested twenty-five protesters.", {"arrested": 25}),
        ("The death toll rose to 1,200.", {"killed": 1200}),
        ("The attack left three soldiers dead and a dozen injured.", {"killed": 3, "injured": 12}),
        ("A bomber killed two hundred pilgrims.", {"killed": 200}),
        ("Dozens were killed.", {}),  # vague: no count
        ("He met two officials in 2008.", {}),
        ("", {}),
    ],
)
def test_count_casualties(sentence, counts):
    assert count_casualties(sentence) == counts


@pytest.mark.parametrize("text, value", [("25", 25), ("1,200", 1200), ("twenty-five", 25), ("a dozen", 12),
                                         ("two hundred", 200), ("3 million", 3_000_000), ("many", None)])
def test_parse_number(text, value):
    assert parse_number(text) == value


# ---------------------------------------------------------------- user patterns and bad files


@pytest.fixture(scope="module")
def known_codes():
    return set(Ontology.load().codes())


@pytest.mark.slow
def test_user_pattern_file_adds_and_overrides_by_id(pipeline, tmp_path, known_codes):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "patterns:\n"
        "- {id: my-snub, code: '125', verb: snub, target: object}\n"
        "- {id: V-criticize, code: '110', verb: [criticize, condemn], target: object}\n",
        encoding="utf-8",
    )
    coder = EventCoder(Ontology.load(), load_patterns([user], known_codes=known_codes))
    text = "Russia snubbed Georgia. France condemned Russia."
    doc = pipeline.code_text(text, doc_id="t", published=PUBLISHED, no_clean=True).doc
    from thucydides.parsing import parse_documents

    spacy_doc = next(iter(parse_documents(pipeline.nlp, [doc])))[1]
    actors = pipeline.resolver.resolve(spacy_doc, published=PUBLISHED)
    found = {(r.source.code, r.target.code, r.cameo.code, r.pattern_id)
             for r in coder.code(spacy_doc, doc, actors, published_day=PUBLISHED)}
    assert ("RUS", "GEO", "125", "my-snub") in found
    assert ("FRA", "RUS", "110", "V-criticize") in found


def test_package_patterns_use_known_codes_and_unique_ids(known_codes):
    patterns = load_patterns(known_codes=known_codes)
    assert len(patterns.patterns) > 250
    for family in ("intent", "threat", "refuse", "demand", "appeal", "accuse"):
        assert patterns.act_maps[family], family
    assert patterns.act_code("threat", "163") == "1312"
    assert patterns.act_code("appeal", "0874") == "0256"
    assert patterns.act_code("refuse", "0841") == "1243"
    assert all(v[0] and not v[0].startswith("@") for p in patterns.patterns.values() for v in p.support_verbs)


def test_multiword_event_nouns_are_indexed_by_their_head(known_codes):
    patterns = load_patterns(known_codes=known_codes)
    assert "N-airstrike" in {p.id for p in patterns.by_noun["strike"]}


@pytest.mark.parametrize(
    "content, message",
    [
        ("act_maps:\n  bribe: {'19': '130'}\n", "unknown family"),
        ("act_maps:\n  threat: {'19': '999'}\n", "unknown CAMEO code"),
        ("patterns:\n- {id: x, code: '190', noun: war, verbs: '@nosuchset'}\n", "unknown verb set"),
        ("patterns:\n- {id: x, code: '190', verb: go, governs: hope}\n", "governs must be"),
        ("patterns:\n- {id: x, code: '190', verb: go, factuality: maybe}\n", "factuality must be"),
        ("patterns:\n- {id: x, code: '190', verb: go, symmetric: 'yes'}\n", "must be true or false"),
        ("colours: [red]\n", "unknown section"),
    ],
)
def test_bad_pattern_files_name_the_file(tmp_path, known_codes, content, message):
    user = tmp_path / "bad.yaml"
    user.write_text("# a comment\n" + content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_patterns([user], known_codes=known_codes)
    assert message in str(info.value)
    assert "bad.yaml" in str(info.value) and "THU-E202" in str(info.value)
