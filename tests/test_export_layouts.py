"""The GDELT 2.0 and ICEWS export layouts (issue 18): read back by position the way existing loaders
read GDELT's and ICEWS's files, the example article's events in the right columns, the tsv format,
--extra, the country and sector tables, and the docs pages' column lists."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from thucydides.errors import Codes, QueryError
from thucydides.store import Store, export
from thucydides.store.layouts import EXTRA_COLUMNS, countries, int_id, read_tsv, sectors, timestamp_digits
from thucydides.store.layouts_gdelt import GDELT_NAMES
from thucydides.store.layouts_icews import ICEWS_NAMES

from .store_fakes import Coded, news_result, ossetia

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "thucydides" / "data"

# The column lists exactly as issue 18 gives them (GDELT 2.0's event table, the ICEWS event files).
ISSUE_GDELT = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]
ISSUE_ICEWS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
]


@pytest.fixture(scope="module")
def example_db(tmp_path_factory, example_result) -> Path:
    """The example article (Russia recognises South Ossetia and Abkhazia), coded into a fresh store."""
    path = tmp_path_factory.mktemp("layouts") / "example.duckdb"
    with Store.open(path) as store:
        run = store.start_run({}, "test")
        store.write_batch([example_result], [], run)
        store.finish_run(run, {})
    return path


@pytest.fixture(scope="module")
def fake_db(tmp_path_factory) -> Path:
    """Hand-made stories: one with tabs and line breaks inside its fields."""
    path = tmp_path_factory.mktemp("layouts") / "fake.duckdb"
    messy = news_result(
        "m1",
        [
            Coded("Russia\tcriticized France\nfor the raid.", "RUS", "FRA", "111", "2010-05-31"),
            Coded("Israel apologised to Turkey last August.", "ISR", "TUR", "055", "2009-08"),
            Coded("The United Nations criticized Israel.", "IGOUNO", "ISR", "111"),
        ],
        outlet="Daily\tNews",
        url="https://news.example.org/a\tb",
        published="2010-06-01T02:30+04:00",
        headline="Russia criticizes France",
    )
    with Store.open(path) as store:
        run = store.start_run({}, "test")
        store.write_batch([ossetia("o1"), messy], [], run)
        store.finish_run(run, {})
    return path


def db_table(db: Path, table: str) -> list[dict]:
    with Store.open(db, read_only=True) as store:
        return store.events(table=table).to_pylist()


def read_gdelt(path: Path) -> pd.DataFrame:
    """As a GDELT loader reads GDELT's files: by position, no header, every field a string."""
    return pd.read_csv(path, sep="\t", header=None, names=ISSUE_GDELT, dtype=str, keep_default_na=False,
                       quoting=csv.QUOTE_NONE)


def one(frame: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for name, value in where.items():
        mask &= frame[name] == value
    rows = frame[mask]
    assert len(rows) == 1, (where, rows.to_dict("records"))
    return rows.iloc[0]


# ------------------------------------------------------------------ GDELT


def test_gdelt_column_list_is_the_issues():
    assert GDELT_NAMES == ISSUE_GDELT and len(ISSUE_GDELT) == 61


def test_gdelt_tsv_read_by_position_finds_the_example_events(example_db, tmp_path):
    out = tmp_path / "events.gdelt.tsv"
    n = export(example_db, format="tsv", layout="gdelt", out=out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert n == len(lines) == len(db_table(example_db, "events"))
    assert all(line.count("\t") == 60 for line in lines)  # 61 fields, no header line
    frame = read_gdelt(out)
    assert frame["GLOBALEVENTID"].str.fullmatch(r"\d+").all()

    # Russia recognises South Ossetia (lead paragraph, 9 September 2008).
    recognition = one(frame, EventCode="054", Actor2Code="XSO", SQLDATE="20080909")
    assert (recognition["MonthYear"], recognition["Year"], recognition["FractionDate"]) == (
        "200809", "2008", "2008.6822")
    assert (recognition["Actor1Code"], recognition["Actor1Name"], recognition["Actor1CountryCode"]) == (
        "RUS", "RUSSIA", "RUS")
    # A territory carries its own code, never Georgia's (GEO, GG).
    assert (recognition["Actor2CountryCode"], recognition["Actor2Geo_CountryCode"]) == ("XSO", "XSO")
    assert (recognition["EventBaseCode"], recognition["EventRootCode"], recognition["QuadClass"]) == (
        "054", "05", "1")
    assert float(recognition["GoldsteinScale"]) == 6.0
    assert recognition["IsRootEvent"] == "1"
    # ActionGeo in FIPS: Russia is RS (ISO's RUS), a country-level match of type 1.
    assert (recognition["ActionGeo_Type"], recognition["ActionGeo_CountryCode"],
            recognition["ActionGeo_ADM1Code"], recognition["ActionGeo_FullName"]) == ("1", "RS", "RS", "Russia")
    assert recognition["ActionGeo_ADM2Code"] == "" and recognition["AvgTone"] == ""
    assert 50 < float(recognition["ActionGeo_Lat"]) < 70 and 30 < float(recognition["ActionGeo_Long"]) < 110
    assert (recognition["Actor1Geo_CountryCode"], recognition["Actor2Geo_FullName"]) == ("RS", "South Ossetia")
    assert recognition["DATEADDED"] == "20080909211600"
    assert recognition["SOURCEURL"] == "Xinhua"  # a document without a URL cites its outlet, as GDELT does

    # Lavrov's consultations: a later paragraph, in Moscow (a world city, type 4), a government agent.
    consult = one(frame, EventCode="040", Actor2Code="XSOGOV")
    assert (consult["IsRootEvent"], consult["Actor1Type1Code"], consult["Actor2Type1Code"]) == ("0", "GOV", "GOV")
    assert (consult["Actor1Name"], consult["Actor2CountryCode"]) == ("SERGEI LAVROV", "XSO")
    assert (consult["ActionGeo_Type"], consult["ActionGeo_CountryCode"], consult["ActionGeo_FeatureID"]) == (
        "4", "RS", "524901")
    assert consult["ActionGeo_FullName"].startswith("Moscow") and consult["ActionGeo_ADM1Code"] == ""
    assert abs(float(consult["ActionGeo_Lat"]) - 55.75) < 0.1

    # Georgia's attack on South Ossetia on 8 August: the place is the territory itself.
    attack = one(frame, EventCode="190", Actor1Code="GEOMIL")
    assert (attack["SQLDATE"], attack["QuadClass"], float(attack["GoldsteinScale"])) == ("20080808", "4", -10.0)
    assert (attack["Actor1CountryCode"], attack["Actor1Type1Code"]) == ("GEO", "MIL")
    assert (attack["ActionGeo_Type"], attack["ActionGeo_CountryCode"], attack["ActionGeo_FullName"]) == (
        "1", "XSO", "South Ossetia")

    # A range ("from now on", "next week") gives its first day.
    stay = one(frame, EventCode="150", Actor2Code="XAB")
    assert stay["SQLDATE"] == "20080909" and stay["ActionGeo_CountryCode"] == "XAB"
    visits = frame[frame["EventCode"] == "057"]
    assert set(visits["SQLDATE"]) == {"20080910"}


def test_globaleventid_is_a_stable_63_bit_integer_of_our_event_id(example_db, tmp_path):
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    export(example_db, format="tsv", layout="gdelt", out=first, extra=True)
    export(example_db, format="tsv", layout="gdelt", out=second)
    ids = [int(line.split("\t")[0]) for line in first.read_text().splitlines()]
    assert ids == [int(line.split("\t")[0]) for line in second.read_text().splitlines()]
    assert len(set(ids)) == len(ids) and all(0 <= i < 2**63 for i in ids)
    event_ids = [line.split("\t")[61] for line in first.read_text().splitlines()]  # EventId, first extra
    assert ids == [int_id(event_id) for event_id in event_ids]
    assert sorted(event_ids) == sorted(e["event_id"] for e in db_table(example_db, "events"))


def test_gdelt_readings_are_one_row_per_reading(example_db, tmp_path):
    out = tmp_path / "readings.gdelt.tsv"
    n = export(example_db, table="readings", format="tsv", layout="gdelt", out=out)
    frame = read_gdelt(out)
    assert n == len(frame) == len(db_table(example_db, "readings"))
    assert set(frame["NumArticles"]) == {"1"}


def test_extra_columns_only_with_extra_and_after_gdelts(example_db, tmp_path):
    plain, extra = tmp_path / "plain.csv", tmp_path / "extra.csv"
    export(example_db, format="csv", layout="gdelt", out=plain)
    export(example_db, format="csv", layout="gdelt", out=extra, extra=True)
    plain_frame = pd.read_csv(plain, dtype=str, keep_default_na=False)
    extra_frame = pd.read_csv(extra, dtype=str, keep_default_na=False)
    assert list(plain_frame.columns) == ISSUE_GDELT  # csv keeps a header
    assert list(extra_frame.columns) == ISSUE_GDELT + [c.name for c in EXTRA_COLUMNS]
    assert extra_frame[ISSUE_GDELT].equals(plain_frame)
    row = extra_frame[extra_frame["EventCode"] == "040"].iloc[0]
    assert row["DatePrecision"] == "day" and "Lavrov" in row["Evidence"]
    no_text = tmp_path / "no-text.csv"
    export(example_db, format="csv", layout="gdelt", out=no_text, extra=True, no_text=True)
    assert "Evidence" not in pd.read_csv(no_text, nrows=0).columns
    with pytest.raises(QueryError) as error:
        export(example_db, format="csv", out=tmp_path / "n.csv", extra=True)  # native has its own columns
    assert error.value.code == Codes.E403


def test_gdelt_parquet_and_jsonl_carry_gdelt_types(example_db, tmp_path):
    out = tmp_path / "events.parquet"
    n = export(example_db, format="parquet", layout="gdelt", out=out)
    table = pq.read_table(out)
    assert table.num_rows == n and table.schema.names == ISSUE_GDELT
    assert str(table.schema.field("GLOBALEVENTID").type) == "int64"
    assert str(table.schema.field("ActionGeo_Lat").type) == "double"
    export(example_db, format="jsonl", layout="gdelt", out=tmp_path / "e.jsonl")
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert [list(r) for r in records[:1]] == [ISSUE_GDELT]
    assert [r["GLOBALEVENTID"] for r in records] == table.column("GLOBALEVENTID").to_pylist()


def test_tsv_turns_tabs_and_line_breaks_inside_fields_into_spaces(fake_db, tmp_path):
    out = tmp_path / "fake.tsv"
    n = export(fake_db, format="tsv", layout="gdelt", out=out, extra=True)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == n
    width = len(ISSUE_GDELT) + len(EXTRA_COLUMNS)
    assert all(line.count("\t") == width - 1 for line in lines[:-1])
    frame = pd.read_csv(out, sep="\t", header=None, names=ISSUE_GDELT + [c.name for c in EXTRA_COLUMNS],
                        dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    messy = one(frame, EventCode="111", Actor1Code="RUS")
    assert messy["Evidence"] == "Russia criticized France for the raid."
    assert messy["SOURCEURL"] == "https://news.example.org/a b"
    assert messy["Outlet"] == "Daily News"
    assert messy["DATEADDED"] == "20100531223000"  # 02:30 at +04:00 is 22:30 UTC the day before
    # The same export as csv keeps the text as it is, quoted.
    export(fake_db, format="csv", layout="gdelt", out=tmp_path / "fake.csv", extra=True)
    with (tmp_path / "fake.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert next(r for r in rows if r["Actor1Code"] == "RUS" and r["EventCode"] == "111")["Evidence"] == "Russia\tcriticized France\nfor the raid."


def test_gdelt_dates_lead_paragraph_and_organisations(fake_db, tmp_path):
    out = tmp_path / "fake.tsv"
    export(fake_db, format="tsv", layout="gdelt", out=out)
    frame = read_gdelt(out)
    # A month gives its first day.
    apology = one(frame, EventCode="055")
    assert (apology["SQLDATE"], apology["MonthYear"], apology["FractionDate"]) == ("20090801", "200908", "2009.5781")
    # The story's first body paragraph is the lead: the o1 recognition is a root event, the ceasefire not.
    assert (one(frame, EventCode="054")["IsRootEvent"], one(frame, EventCode="0871")["IsRootEvent"]) == ("1", "0")
    assert one(frame, EventCode="111", Actor1Code="RUS")["IsRootEvent"] == "1"
    # An organisation: no country; IGO is its type, UNO its group.
    un = one(frame, EventCode="111", Actor1Code="IGOUNO")
    assert (un["Actor1CountryCode"], un["Actor1Type1Code"], un["Actor1KnownGroupCode"]) == ("", "IGO", "UNO")
    assert (un["Actor1Name"], un["Actor2CountryCode"], un["Actor2KnownGroupCode"]) == ("UNITED NATIONS", "ISR", "")
    # No place in the story: every geo block empty.
    assert all(un[f"{block}_{name}"] == "" for block in ("Actor1Geo", "Actor2Geo", "ActionGeo")
               for name in ("Type", "FullName", "CountryCode", "Lat", "Long", "FeatureID"))


def test_tsv_of_the_native_layout_has_a_header(fake_db, tmp_path):
    out = tmp_path / "native.tsv"
    n = export(fake_db, format="tsv", out=out)
    frame = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    assert len(frame) == n and "event_id" in frame.columns
    assert "Russia criticized France for the raid." in set(frame["evidence_text"])


# ------------------------------------------------------------------ ICEWS


def test_icews_column_list_is_the_issues():
    assert ICEWS_NAMES == ISSUE_ICEWS


def test_icews_tsv_with_header_finds_the_example_readings(example_db, tmp_path):
    out = tmp_path / "events.icews.tsv"
    n = export(example_db, format="tsv", layout="icews", out=out)  # events asked: ICEWS rows are readings
    frame = pd.read_csv(out, sep="\t", dtype={"CAMEO Code": str, "Event Date": str}, quoting=csv.QUOTE_NONE)
    assert list(frame.columns) == ISSUE_ICEWS
    assert n == len(frame) == len(db_table(example_db, "readings"))
    assert frame["Event ID"].is_unique

    recognition = frame[(frame["CAMEO Code"] == "054") & (frame["Event Date"] == "2008-09-09")
                        & (frame["Target Name"] == "South Ossetia")]
    assert len(recognition) == 1
    row = recognition.iloc[0]
    assert (row["Source Name"], row["Source Country"], row["Target Country"]) == (
        "Russia", "Russian Federation", "South Ossetia")  # never Georgia
    assert (row["Event Text"], row["Intensity"], row["Publisher"]) == ("Grant diplomatic recognition", 6.0, "Xinhua")
    assert row["Country"] == "Russian Federation" and 50 < row["Latitude"] < 70

    consult = frame[(frame["CAMEO Code"] == "040") & (frame["Target Sectors"] == "Government")]
    assert len(consult) == 2
    row = consult[consult["Target Country"] == "South Ossetia"].iloc[0]
    assert (row["Source Name"], row["Source Sectors"], row["Target Name"]) == (
        "Sergei Lavrov", "Government", "Government (South Ossetia)")
    assert (row["City"], row["Province"]) == ("Moscow", "Moscow")
    assert abs(row["Latitude"] - 55.75) < 0.1 and abs(row["Longitude"] - 37.62) < 0.1
    assert pd.isna(row["District"])

    attack = frame[(frame["CAMEO Code"] == "190") & (frame["Target Name"] == "South Ossetia")].iloc[0]
    assert (attack["Event Date"], attack["Intensity"]) == ("2008-08-08", -10.0)
    assert (attack["Source Name"], attack["Source Sectors"], attack["Source Country"]) == (
        "Military (Georgia)", "Military", "Georgia")
    assert attack["Country"] == "South Ossetia"

    # One story id per story; sentences numbered from the story's first body sentence.
    assert frame["Story ID"].nunique() == 2
    second_story = frame[frame["CAMEO Code"] == "150"]
    assert set(second_story["Sentence Number"]) == {1}
    assert set(frame[frame["CAMEO Code"] == "150"]["Story ID"]).isdisjoint(set(recognition["Story ID"]))


def test_icews_extra_and_readings_table(example_db, tmp_path):
    out = tmp_path / "r.icews.csv"
    n = export(example_db, table="readings", format="csv", layout="icews", out=out, extra=True)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == ISSUE_ICEWS + [c.name for c in EXTRA_COLUMNS] and len(frame) == n
    assert set(frame["ReadingId"]) == {r["reading_id"] for r in db_table(example_db, "readings")}
    assert all(frame["Event ID"].astype(int) == frame["ReadingId"].map(int_id))


def test_cli_export_tsv_gdelt_and_icews(example_db, tmp_path):
    from thucydides.cli import main

    runner = CliRunner()
    out = tmp_path / "cli.tsv"
    result = runner.invoke(main, ["export", "--db", str(example_db), "--format", "tsv", "--layout", "gdelt",
                                  "--extra", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_gdelt(out).shape[0] == len(out.read_text().splitlines())
    assert out.read_text().splitlines()[0].count("\t") == 60 + len(EXTRA_COLUMNS)
    result = runner.invoke(main, ["export", "--db", str(example_db), "--format", "tsv", "--layout", "icews",
                                  "-o", str(tmp_path / "i.tsv")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "i.tsv").read_text().splitlines()[0].split("\t") == ISSUE_ICEWS


# ------------------------------------------------------------------ data tables


def _actor_entries(name: str) -> list[dict]:
    document = yaml.safe_load((DATA / "actors" / f"{name}.yaml").read_text(encoding="utf-8"))
    return next(v for v in document.values() if isinstance(v, list))


def test_every_country_territory_and_historical_state_has_a_code():
    table = countries()
    ids = [e["id"] for name in ("countries", "territories", "historical-states") for e in _actor_entries(name)]
    assert not [i for i in ids if i not in table]
    codes = [c.fips for c in table.values()]
    assert len(codes) == len(set(codes))
    assert (table["RUS"].fips, table["GEO"].fips, table["GBR"].fips, table["DEU"].fips) == ("RS", "GG", "UK", "GM")


def test_a_territory_never_carries_its_claimants_or_parents_code():
    table = countries()
    for entry in _actor_entries("territories"):
        others = set(entry.get("contested_with") or []) | ({entry["parent"]} if entry.get("parent") else set())
        assert others, entry["id"]
        assert table[entry["id"]].fips not in {table[o].fips for o in others}, entry["id"]
    assert (table["XSO"].fips, table["XKX"].fips, table["TWN"].fips) == ("XSO", "KV", "TW")


def test_every_declared_sector_has_export_names():
    roles = yaml.safe_load((DATA / "actors" / "roles.yaml").read_text(encoding="utf-8"))
    assert set(roles["sectors"]) <= set(sectors())
    assert {s.gdelt for s in sectors().values()} == {"type", "religion"}


def test_data_file_rows_have_every_field(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# comment\nid\tfips\nRUS\tRS\nGEO\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 3"):
        read_tsv(bad)


def test_timestamps_and_ids():
    assert timestamp_digits("2008-09-09T21:16") == 20080909211600
    assert timestamp_digits("2008-09-09") == 20080909000000
    assert timestamp_digits("2008-09-10T01:00:00+03:00") == 20080909220000
    assert timestamp_digits(None) is None
    assert int_id("ev-1") == int_id("ev-1") != int_id("ev-2")
    assert int_id(None) is None


# ------------------------------------------------------------------ docs


def doc_columns(page: str) -> list[str]:
    """Column names from the docs page's column table: the first cell of each row, in backticks."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    section = text.split("## Columns", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| *\d+ *\| *`([^`]+)`", section, flags=re.MULTILINE)


def test_docs_pages_list_the_columns_of_the_issue_and_the_code():
    assert doc_columns("EXPORT-GDELT.md") == ISSUE_GDELT == GDELT_NAMES
    assert doc_columns("EXPORT-ICEWS.md") == ISSUE_ICEWS == ICEWS_NAMES
    for page in ("EXPORT-GDELT.md", "EXPORT-ICEWS.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert all(f"`{c.name}`" in text for c in EXTRA_COLUMNS), page
