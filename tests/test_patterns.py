"""The event pattern dictionary: coverage, validation, user overrides."""

from __future__ import annotations

import pytest

from thucydides.errors import DataFileError
from thucydides.knowledge.ontology import Ontology
from thucydides.knowledge.patterns import load_patterns


@pytest.fixture(scope="module")
def known_codes():
    return set(Ontology.load().codes())


def test_package_patterns_cover_all_twenty_roots(known_codes):
    patterns = load_patterns(known_codes=known_codes)
    roots = {p.code[:2] for p in patterns.patterns.values()}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    assert all(p.id for p in patterns.patterns.values())


def test_intent_map_codes_are_cameo_codes(known_codes):
    patterns = load_patterns(known_codes=known_codes)
    assert patterns.intent_code("0874") == "0356"
    assert patterns.intent_code("040") == "036"
    assert all(code in known_codes for code in patterns.intent_map.values())


def test_particles_that_yaml_reads_as_booleans_stay_words(known_codes):
    patterns = load_patterns(known_codes=known_codes)
    assert patterns.patterns["V-call-on"].particles == ("on", "upon")


def test_user_file_overrides_by_id_and_adds(tmp_path, known_codes):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "patterns:\n"
        "- {id: V-recognize, code: '050', verb: recognize}\n"
        "- {id: my-snub, code: '125', verb: snub}\n",
        encoding="utf-8",
    )
    patterns = load_patterns([user], known_codes=known_codes)
    assert patterns.patterns["V-recognize"].code == "050"
    assert "my-snub" in {p.id for p in patterns.by_verb["snub"]}


@pytest.mark.parametrize(
    "content, message",
    [
        ("- {id: x, code: '999', verb: go}\n", "unknown CAMEO code"),
        ("- {id: x, code: 'abc', verb: go}\n", "is not a CAMEO code"),
        ("- {id: x, code: '190', verb: go, noun: war}\n", "exactly one of"),
        ("- {code: '190', verb: go}\n", "without an id"),
        ("- {id: x, code: '190', verb: go, colour: red}\n", "unknown field"),
        ("- {id: x, code: '190', verb: go\n", "not valid YAML"),
        ("- {id: x, code: '190', verb: go}\n- {id: x, code: '120', verb: refuse}\n", "already used"),
        ("- {id: x, code: '114', verb: summon, passive_from: to}\n", "passive_from must be"),
    ],
)
def test_bad_pattern_files_name_file_and_line(tmp_path, known_codes, content, message):
    user = tmp_path / "bad.yaml"
    user.write_text("# a comment\n" + content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_patterns([user], known_codes=known_codes)
    assert message in str(info.value)
    assert "bad.yaml" in str(info.value)
    assert "THU-E202" in str(info.value)


def test_passive_from_names_its_prepositions(tmp_path, known_codes):
    user = tmp_path / "mine.yaml"
    user.write_text("patterns:\n- {id: my-summon, code: '114', verb: summon, passive_from: [to, at]}\n"
                    "- {id: my-expel, code: '161', verb: expel, passive_from: true}\n", encoding="utf-8")
    patterns = load_patterns([user], known_codes=known_codes)
    assert patterns.patterns["my-summon"].passive_from == ("to", "at")
    assert patterns.patterns["my-expel"].passive_from == ("from",)


def test_eval_accepts_open_ended_ranges_with_a_tolerance():
    from thucydides.evaluate import reading_matches

    gold = {"cameo_roots": ["15"], "source": "*", "target": "*", "date": "2008-09-12",
            "date_tolerance_days": 7}
    reading = {"cameo": {"root": "15"}, "source": {"country": "RUS"}, "target": None,
               "event_date": "2008-09-09", "date_range": ["2008-09-09", None]}
    assert reading_matches(gold, reading)
    reading["date_range"] = [None, "2008-09-01"]
    reading["event_date"] = "2008-09-01"
    assert not reading_matches(gold, reading)
