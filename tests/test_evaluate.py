"""Scoring against gold files: records inside JSONL containers, totals per CAMEO root, the full-code
level, who-did-what-to-whom shares, and agreement between two annotations."""

from __future__ import annotations

import json

import pytest

from thucydides.evaluate import Summary, agreement, code_gold_documents, gold_period, reading_matches, score

MATCHING = "see ../shared/gold"


def reading(root: str, code: str, source: str, target: str | None, day: str) -> dict:
    actor = {"name": source, "country": source, "code": source}
    return {"cameo": {"root": root, "code": code}, "source": actor,
            "target": {"name": target, "country": target, "code": target} if target else None,
            "event_date": day, "date_range": None, "factuality": "asserted",
            "evidence": {"text": "", "trigger": "t"}}


GOLD = {"document": "x.txt", "matching": MATCHING, "events": [
    {"id": "expel", "required": True, "source": "GBR", "target": "RUS", "cameo_roots": ["16"],
     "cameo_codes": ["161"], "date": "2018-03-14", "date_tolerance_days": 0},
    {"id": "protest", "required": True, "source": "RUS", "target": "GBR", "cameo_roots": ["11"],
     "cameo_codes": ["111"], "date": "2018-03-15", "date_tolerance_days": 1},
    {"id": "comment", "required": False, "source": "RUS", "target": "*", "cameo_roots": ["01"],
     "date": "2018-03-15", "date_tolerance_days": 1},
]}


def test_levels_root_and_code():
    wrong_code = reading("16", "160", "GBR", "RUS", "2018-03-14")
    assert reading_matches(GOLD["events"][0], wrong_code, "root")
    assert not reading_matches(GOLD["events"][0], wrong_code, "code")


def test_summary_by_root_and_role_shares():
    readings = [reading("16", "161", "GBR", "RUS", "2018-03-14"),   # right
                reading("11", "111", "RUS", None, "2018-03-15"),    # right root and source, no target
                reading("19", "190", "RUS", "GBR", "2018-03-15")]   # nothing like it in the gold
    result = score(GOLD, readings)
    summary = Summary("root", [result])
    totals = summary.totals()
    assert (totals["required_found"], totals["required"], totals["emitted_matched"], totals["emitted"]) == (1, 2, 1, 3)
    assert (totals["right_root"], totals["right_roles"]) == (2, 1)
    assert (totals["target_expected"], totals["target_missing"]) == (2, 1)
    rows = {row["root"]: row for row in summary.by_root()}
    assert rows["16"]["found"] == 1 and rows["11"]["found"] == 0 and rows["19"]["matched"] == 0
    assert "root  required" in summary.format()


def test_agreement_scores_each_annotation_against_the_other():
    other = json.loads(json.dumps(GOLD))
    other["events"][1]["cameo_roots"] = ["12"]  # the second annotator read it as a rejection
    found = agreement(GOLD, other)
    assert found == {"a_required": 2, "a_required_found_by_b": 1, "b_required": 2, "b_required_found_by_a": 1}
    assert agreement(GOLD, GOLD)["a_required_found_by_b"] == 2


def test_gold_document_inside_a_jsonl_container(pipeline, tmp_path):
    records = [{"id": "one", "title": "Britain expels diplomats", "published": "2018-03-15", "source": "Wire",
                "text": "Britain expelled 23 Russian diplomats on Wednesday."},
               {"id": "two", "published": "2018-03-15", "text": "Nothing happened."}]
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "wire.jsonl").write_text("\n".join(map(json.dumps, records)) + "\n", encoding="utf-8")
    gold = dict(GOLD, document="news/wire.jsonl#one")
    gold_file = tmp_path / "gold" / "one.gold.json"
    gold_file.parent.mkdir()
    gold_file.write_text(json.dumps(gold), encoding="utf-8")
    [(name, loaded, result)] = list(code_gold_documents(pipeline, [gold_file], [tmp_path]))
    assert result.doc.doc_id == "one" and result.doc.published.startswith("2018-03-15")
    scored = score(loaded, [r.to_dict() for r in result.readings])
    assert scored.required_found == 1


def test_a_gold_month_matches_any_day_and_the_month_of_that_month():
    # an annotator who read only "in March" writes the month: any reading dated inside it matches
    event = dict(GOLD["events"][0], date="2018-03", date_tolerance_days=0)
    assert reading_matches(event, reading("16", "161", "GBR", "RUS", "2018-03-31"))
    assert reading_matches(event, reading("16", "161", "GBR", "RUS", "2018-03"))
    assert reading_matches(event, reading("16", "161", "GBR", "RUS", "2018"))
    assert not reading_matches(event, reading("16", "161", "GBR", "RUS", "2018-04-01"))
    assert not reading_matches(event, reading("16", "161", "GBR", "RUS", "2018-02"))
    year = dict(event, date="2017")
    assert reading_matches(year, reading("16", "161", "GBR", "RUS", "2017-12-31"))
    assert not reading_matches(year, reading("16", "161", "GBR", "RUS", "2018-01-01"))


def test_a_gold_date_that_is_no_date_is_a_clear_error(tmp_path):
    from thucydides.errors import QueryError
    from thucydides.evaluate import load_gold

    gold_file = tmp_path / "g.gold.json"
    gold_file.write_text(json.dumps(dict(GOLD, events=[dict(GOLD["events"][0], date="last March")])), "utf-8")
    with pytest.raises(QueryError, match="'expel'.*YYYY-MM-DD.*last March"):
        load_gold(gold_file)


def test_missing_record_is_a_clear_error(pipeline, tmp_path):
    from thucydides.errors import QueryError

    (tmp_path / "wire.jsonl").write_text(json.dumps({"id": "a", "text": "x"}) + "\n", encoding="utf-8")
    gold_file = tmp_path / "g.gold.json"
    gold_file.write_text(json.dumps(dict(GOLD, document="wire.jsonl#zzz")), encoding="utf-8")
    with pytest.raises(QueryError, match="no record zzz"):
        list(code_gold_documents(pipeline, [gold_file]))


GOLD_SETS = sorted((__import__("pathlib").Path(__file__).resolve().parents[1] / "gold" / "newswire").glob("*/*.gold.json"))


@pytest.mark.parametrize("path", GOLD_SETS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_development_gold_files_are_well_formed(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert gold["document"].startswith("newswire/") and "#" in gold["document"]
    assert gold["blind"] is True and gold["annotator"]
    for event in gold["events"]:
        assert all(r.isdigit() and len(r) == 2 and 1 <= int(r) <= 20 for r in event["cameo_roots"]), event
        assert all(str(c)[:2] in event["cameo_roots"] for c in event.get("cameo_codes", [])), event
        gold_period(event)  # YYYY-MM-DD, or YYYY-MM / YYYY where the text gives no day
        assert isinstance(event["required"], bool) and int(event.get("date_tolerance_days", 0)) >= 0


def test_development_gold_documents_exist():
    from tests.conftest import shared_or_skip

    folder = shared_or_skip("dev-data", "newswire")
    ids = {json.loads(line)["id"] for f in folder.glob("*.jsonl") for line in f.read_text("utf-8").splitlines()}
    for path in GOLD_SETS:
        assert json.loads(path.read_text("utf-8"))["document"].split("#", 1)[1] in ids, path


def test_gold_actor_may_be_an_alias_the_kb_knows_for_an_organisation():
    from thucydides.evaluate import actor_matches

    eu = {"name": "European Union", "id": "IGOEEU", "kind": "organization", "country": None, "code": "IGOEEU"}
    assert actor_matches("EU", eu)
    assert actor_matches("European Union", eu)
    assert not actor_matches("UN", eu)
    # a state is matched by its code or name only: a capital or demonym is no gold answer
    russia = {"name": "Russia", "id": "RUS", "kind": "state", "country": "RUS", "code": "RUS"}
    assert actor_matches("RUS", russia) and not actor_matches("Moscow", russia)


def test_a_person_acting_for_an_organisation_matches_its_alias():
    from thucydides.evaluate import actor_matches

    annan = {"name": "Kofi Annan", "id": "person:kofi-annan", "kind": "person", "country": None, "code": "IGOUNO"}
    assert actor_matches("UN", annan) and not actor_matches("EU", annan)


def test_an_organ_or_sector_of_an_organisation_matches_its_alias():
    from thucydides.evaluate import actor_matches

    ministers = {"name": "European Union", "id": "IGOEEUGOV", "kind": "organization", "code": "IGOEEUGOV"}
    council = {"name": "UN Security Council", "id": "IGOUNOSEC", "kind": "organization", "code": "IGOUNOSEC"}
    assert actor_matches("EU", ministers) and actor_matches("UN", council) and not actor_matches("EU", council)
