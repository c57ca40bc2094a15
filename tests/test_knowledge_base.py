"""The actor KB's breadth and checks: office-holder CSV tables, KB sizes and validation, and the
package data for armed groups, parties, companies and historical states."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from thucydides.cli import main
from thucydides.errors import DataFileError
from thucydides.knowledge import Knowledge, classify_data_file
from thucydides.knowledge.actorkb import ActorKB, default_kb
from thucydides.knowledge.kbcheck import Problem, check_files, check_kb, kb_stats
from thucydides.knowledge.officeholders import looks_like_officeholders, person_slug, read_officeholders

OFFICEHOLDERS = """\
name,aliases,country,office,start,end,sector
Zorgan Petrova,Petrova|Z. Petrova,RUS,Foreign Minister,2001-02-03,2005-06-07,
Zorgan Petrova,,RUS,Prime Minister,2005-06-07,,GOV
Amelie Quernec,Quernec,FRA,Defence Minister,2010,2012-05,GOV|MIL
Jon Ustarroz,,IGOUNO,Secretary-General,2020-01-01T00:00:00Z,,
"""


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return default_kb()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- office-holder CSV


def test_officeholder_csv_becomes_people_with_dated_roles(tmp_path):
    path = write(tmp_path, "officeholders.csv", OFFICEHOLDERS)
    assert looks_like_officeholders(path)
    kb = ActorKB.load([path])
    person = kb.person("Zorgan Petrova")
    assert person is not None and person.id == "person:zorgan-petrova"
    assert kb.person("Petrova") is person and kb.person("Z. Petrova") is person
    assert [(r.title, r.start, r.end) for r in person.roles] == [
        ("Foreign Minister", "2001-02-03", "2005-06-07"), ("Prime Minister", "2005-06-07", None)]
    assert person.actor("2003-01-01").code == "RUSGOV" and person.actor("2003-01-01").title == "Foreign Minister"
    assert person.role_at("2010-01-01").title == "Prime Minister"
    assert person.role_at(None).title == "Prime Minister"  # still in office
    defence = kb.person("Quernec").role_at("2011-06-01")
    assert (defence.code, defence.sectors, defence.start, defence.end) == (
        "FRAGOVMIL", ("GOV", "MIL"), "2010-01-01", "2012-05-01")
    un = kb.person("Jon Ustarroz").role_at("2021-01-01")
    assert (un.entity, un.code, un.start) == ("IGOUNO", "IGOUNOGOV", "2020-01-01")


def test_officeholder_tsv_and_person_slugs(tmp_path):
    path = write(tmp_path, "heads.tsv", OFFICEHOLDERS.replace(",", "\t"))
    assert classify_data_file(path) == "actors"
    assert ActorKB.load([path]).person("Petrova").roles[0].country == "RUS"
    assert person_slug("Édouard Philippe") == "edouard-philippe"
    assert person_slug("Massimo D'Alema") == "massimo-dalema"


@pytest.mark.parametrize("row, line, message", [
    ("Zorgan Petrova,,RUS,Foreign Minister,2001-02-30,,", 3, "ISO date"),
    ("Zorgan Petrova,,RUS,Foreign Minister,yesterday,,", 3, "ISO date"),
    ("Zorgan Petrova,,RUS,,2001-02-03,,", 3, "'office' is empty"),
    ("Zorgan Petrova,,,Foreign Minister,2001,,", 3, "'country' is empty"),
    ("Zorgan Petrova,,RUS,Foreign Minister,2005,2001,", 3, "ends"),
    ("Zorgan Petrova,,RUS,Foreign Minister,2001,,GOVERNMENT", 3, "sector"),
    ("Zorgan Petrova,,ZZZ,Foreign Minister,2001,,", 3, "unknown country"),
])
def test_bad_officeholder_rows_name_file_and_line(tmp_path, row, line, message):
    text = "name,aliases,country,office,start,end,sector\nAmelie Quernec,,FRA,President,2010,,\n" + row + "\n"
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(DataFileError) as err:
        ActorKB.load([path])
    assert f"bad.csv:{line}" in str(err.value) and message in str(err.value)


def test_officeholder_header_is_required_and_other_tables_stay_cameo(tmp_path):
    cameo = write(tmp_path, "codes.tsv", "code\tname\n010\tMake public statement\n")
    assert not looks_like_officeholders(cameo) and classify_data_file(cameo) == "cameo"
    partial = write(tmp_path, "partial.csv", "name,country,office,start\nA,RUS,President,2001\n")
    assert classify_data_file(partial) == "cameo"
    with pytest.raises(DataFileError) as err:
        read_officeholders(partial)
    assert "partial.csv:1" in str(err.value) and "end" in str(err.value)


def test_dictionary_option_layers_an_officeholder_table(tmp_path):
    path = write(tmp_path, "officeholders.csv", OFFICEHOLDERS)
    knowledge = Knowledge.load([path])
    assert knowledge.kb.person("Zorgan Petrova").actor("2006-01-01").code == "RUSGOV"
    assert path in knowledge.kb.data_files
    assert not any(p == path for p in knowledge.ontology.data_files)
    # a table row for someone in the package data replaces that person's roles
    override = write(tmp_path, "putin.csv", "name,aliases,country,office,start,end\n"
                     "Vladimir Putin,,RUS,Mayor,1990,1991,\n")
    putin = ActorKB.load([override]).person("Vladimir Putin")
    assert [r.title for r in putin.roles] == ["Mayor"]


# ---------------------------------------------------------------- sizes and validation


def test_stats_count_every_kind(kb):
    stats = kb_stats(kb)
    counts = stats.counts
    assert counts["states"] == 194 and counts["historical states"] >= 6
    assert counts["companies"] >= 150 and counts["organisations"] > 80
    assert counts["groups"] >= 300 and counts["  armed (REB, UAF)"] >= 150
    assert counts["people"] == len(list(kb.people())) and counts["people's roles"] >= counts["people"]
    assert stats.titles["Foreign Minister"] > 50
    table = stats.table()
    assert "companies" in table and "Foreign Minister" in table


def test_package_kb_validates_without_problems():
    problems = check_files()
    assert problems == [], "\n".join(map(str, problems))
    assert check_kb(default_kb()) == []


BAD_LAYER = """\
groups:
  - id: ZZZGRP
    name: Zorgan Brigade
    country: QQQ
  - id: RUSOPP
    name: Zorgan Opposition Front
    country: RUS
  - id: ZZZDTE
    name: Zorgan Dated Front
    from: 2010-05-01
    to: 2009-01-01
  - id: ZZZNEW
    name: Russia's Zorgan Union
    aliases: [Moldova]
  - id: ZZZNEW
    name: Zorgan Union Again
people:
  - id: zorgan-one
    name: Zorgan Petrov
    roles: [{country: RUS, sector: [GOV], title: President, from: 13-01-2001}]
  - id: zorgan-two
    name: Zorgan Petrov
    roles: [{country: RUS, sector: [GOV], title: President, from: 2001}]
  - id: zorgan-three
    name: Zorgan Ivanov
    roles: [{country: XYZ, sector: [GOV], title: President}]
  - id: zorgan-four
    name: Zorgan Petrov
    roles: [{country: RUS, sector: [GOV], title: President, from: 2001}]
"""


def test_a_bad_layer_yields_every_problem_with_file_and_line(tmp_path):
    path = write(tmp_path, "bad.yaml", BAD_LAYER)
    problems = check_files([path])
    found = {(p.line, p.message.split(" ")[0]) for p in problems}
    assert all(p.path == str(path) for p in problems), problems
    messages = "\n".join(map(str, problems))
    assert (2, "'ZZZGRP':") in found and "country 'QQQ' is not a KB id" in messages      # unknown country
    assert "id 'RUSOPP' reads as RUS + sector OPP" in messages                             # id clash
    assert any(p.line == 8 and "ends (2009-01-01) before it starts" in p.message for p in problems)
    assert any(p.line == 15 and "duplicate id 'ZZZNEW'" in p.message for p in problems)
    assert any("'Moldova' names ZZZNEW (group) and MDA (state)" in p.message for p in problems)
    assert any(p.line == 20 and "must be a date" in p.message for p in problems)           # 2001-13-01
    assert any("zorgan-four: the name 'Zorgan Petrov' is already person:zorgan-one's" in p.message
               for p in problems)
    assert any(p.line == 26 and "unknown country or organisation 'XYZ'" in p.message for p in problems)
    assert str(problems[0]).startswith(f"{path}:")


def test_ambiguous_marks_and_user_overrides_are_not_problems(tmp_path):
    path = write(tmp_path, "fine.yaml", "groups:\n  - id: ZZZNEW\n    name: Zorgan Union\n"
                 "    aliases: [Moldova]\n    ambiguous: [Moldova]\n"
                 "organizations:\n  - id: RUSBUSGZP\n    name: Gazprom PJSC\n")  # a user file may override
    assert check_files([path]) == []


def test_unreadable_files_are_problems_not_crashes(tmp_path):
    broken = write(tmp_path, "broken.yaml", "groups:\n  - id: [\n")
    missing = tmp_path / "missing.yaml"
    problems = check_files([broken, missing])
    assert [p.path for p in problems] == [str(broken), str(missing)]
    assert problems[0].line and "invalid YAML" in problems[0].message
    assert str(Problem("f.yaml", None, "oops")) == "f.yaml: oops"


def test_kb_command_prints_sizes_and_checks(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["kb"])
    assert result.exit_code == 0 and "companies" in result.output and "historical states" in result.output
    assert runner.invoke(main, ["kb", "--check"]).exit_code == 0
    bad = write(tmp_path, "bad.yaml", BAD_LAYER)
    result = runner.invoke(main, ["kb", "--check", "--dictionary", str(bad)])
    assert result.exit_code == 1 and f"{bad}:2:" in result.output
    table = write(tmp_path, "officeholders.csv", OFFICEHOLDERS)
    result = runner.invoke(main, ["kb", "--dictionary", str(table)])
    assert result.exit_code == 0


# ---------------------------------------------------------------- package data


@pytest.mark.parametrize("phrase, country, sector", [
    ("Gazprom", "RUS", "BUS"), ("Saudi Aramco", "SAU", "BUS"), ("Huawei", "CHN", "BUS"),
    ("Petrobras", "BRA", "BUS"), ("Pemex", "MEX", "BUS"), ("NIOC", "IRN", "BUS"), ("Boeing", "USA", "BUS"),
    ("al-Shabaab", "SOM", "REB"), ("the FARC", "COL", "REB"), ("ELN", "COL", "REB"),
    ("Hezbollah", "LBN", None), ("YPG", "SYR", "UAF"), ("Ansar Allah", "YEM", "REB"),
    ("LTTE", "LKA", "REB"), ("Tamil Tigers", "LKA", "REB"), ("Boko Haram", "NGA", "REB"),
    ("ISWAP", "NGA", "REB"), ("Kataib Hezbollah", "IRQ", "UAF"), ("AQAP", "YEM", "REB"),
    ("Sinaloa Cartel", "MEX", "CRM"), ("United Russia", "RUS", "GOV"), ("ZANU-PF", "ZWE", "GOV"),
    ("ANC", "ZAF", "GOV"), ("Chinese Communist Party", "CHN", "GOV"), ("BJP", "IND", None),
    ("PTI", "PAK", None), ("PML-N", "PAK", None), ("Likud", "ISR", None), ("Republican Party", "USA", None),
    ("KDP", "IRQ", None), ("HDP", "TUR", "OPP"),
])
def test_groups_parties_and_companies_resolve(kb, phrase, country, sector):
    entry = kb.lookup(phrase)[0]
    assert entry.country == country, (phrase, entry)
    if sector:
        assert sector in entry.sector, (phrase, entry)


def test_companies_are_organisations_of_a_country(kb):
    companies = [e for e in kb.entries() if e.kind == "organization" and "BUS" in e.sector]
    assert len(companies) >= 150
    for company in companies:
        assert company.country and kb.entry(company.country) and company.code[3:6] == "BUS", company.id
    gazprom = kb.lookup("Gazprom")[0]
    assert gazprom.kind == "organization" and gazprom.actor().code == "RUSBUSGZP"


def test_common_words_do_not_name_companies_or_parties(kb):
    for word in ("Shell", "Total", "Amazon", "Visa", "Congress", "Labour", "Conservatives", "Renaissance", "League",
                 "APC", "DA", "Kalashnikov"):
        assert not any(e.sector and e.sector[0] in ("BUS",) or e.kind == "group" for e in kb.lookup(word)), word
    assert kb.lookup("Shell") == [] and kb.lookup("Royal Dutch Shell")[0].country == "GBR"
    assert kb.lookup("Apple")[0].ambiguous and kb.lookup("Meta")[0].ambiguous
    assert kb.lookup("Emirates")[0].id == "ARE"
    assert kb.lookup("US Congress")[0].id == "USA"


def test_historical_states(kb):
    for phrase in ("Soviet Union", "the Soviet Union", "USSR", "U.S.S.R."):
        assert kb.lookup(phrase)[0].id == "SUN", phrase
    assert kb.demonym("Soviet").id == "SUN" and kb.demonym("Soviets").id == "SUN"
    soviet = kb.entry("SUN")
    assert (soviet.kind, soviet.start, soviet.end) == ("state", "1922-12-30", "1991-12-26")
    assert soviet.actor(("MIL",)).code == "SUNMIL"
    assert kb.lookup("Yugoslavia")[0].id == "YUG" and kb.demonym("Yugoslav").id == "YUG"
    assert kb.lookup("Serbia and Montenegro")[0].id == "SCG"
    assert kb.lookup("Czechoslovakia")[0].id == "CSK" and kb.lookup("East Germany")[0].id == "DDR"
    assert kb.lookup("North Yemen")[0].id == "YAR" and kb.lookup("South Yemen")[0].id == "YMD"
    # renamed states are aliases of today's entry; capitals stay with the successor
    assert kb.lookup("Zaire")[0].id == "COD" and kb.demonym("Zairian").id == "COD"
    assert kb.lookup("Burma")[0].id == "MMR" and kb.lookup("West Germany")[0].id == "DEU"
    assert kb.metonym("Moscow").id == "RUS" and kb.metonym("Kremlin").id == "RUS"
    assert all(e.end is None for e in kb.entries() if e.kind == "state" and e.id in ("RUS", "SRB", "DEU"))


def test_state_dates_are_validated(tmp_path):
    path = write(tmp_path, "old.yaml", "countries:\n  - id: ZZZ\n    iso2: ZZ\n    name: Zorgania\n"
                 "    from: 1990\n    to: 1989-05\n")
    with pytest.raises(DataFileError) as err:
        ActorKB.load([path])
    assert "old.yaml:2" in str(err.value) and "before it starts" in str(err.value)
    bad = write(tmp_path, "bad-date.yaml", "groups:\n  - id: ZZZGRP\n    name: Zorgan Front\n    to: soon\n")
    with pytest.raises(DataFileError) as err:
        ActorKB.load([bad])
    assert "bad-date.yaml:4" in str(err.value) and "must be a date" in str(err.value)
