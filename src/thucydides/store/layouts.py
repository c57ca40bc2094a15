"""What the GDELT and ICEWS export layouts share: the query that gathers a row's context, columns as
(name, Arrow type, value) triples, and the country and sector tables of data/places/fips.tsv and
data/exports/sectors.tsv.

A layout is a list of `Column`s. Each takes its value from one row of `context_sql`: every column
of the events or readings table (so a column added to the table is available without touching
the query), plus `x_*` fields gathered around it (the document's URL and outlet, the story's lead
paragraph, its first body sentence, the places nearest the actors). Adding a column to a layout is
one `Column(...)` line in its module. docs/EXPORT-GDELT.md and docs/EXPORT-ICEWS.md say where each
value comes from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa

from . import query as q

DATA = Path(__file__).resolve().parents[1] / "data"
COUNTRY_FILE = DATA / "places" / "fips.tsv"
SECTOR_FILE = DATA / "exports" / "sectors.tsv"

# Table columns the layouts never read: heavy (the event's report list, the stored JSON record).
_UNUSED = {"events": ("sources",), "readings": ("record_json",)}


@dataclass(frozen=True)
class Column:
    """One output column: its name, Arrow type (for Parquet) and value from a context row."""

    name: str
    type: pa.DataType
    value: Callable[[dict[str, Any]], Any]
    text: bool = False  # carries article text: left out with no_text


Row = dict[str, Any]


def shape_rows(batches: Iterator[pa.RecordBatch], columns: list[Column]) -> Iterator[tuple]:
    getters = [column.value for column in columns]
    for batch in batches:
        for row in batch.to_pylist():
            yield tuple(get(row) for get in getters)


# ------------------------------------------------------------------ data tables


@dataclass(frozen=True)
class Country:
    id: str
    fips: str
    name: str
    icews_name: str


@dataclass(frozen=True)
class Sector:
    code: str
    gdelt: str  # type | religion
    icews: str
    agent: str


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated data file whose first non-comment line is its header."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(header):
            raise ValueError(f"{path}: row {number} has {len(cells)} fields, not {len(header)}: {line!r}")
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


@cache
def countries() -> dict[str, Country]:
    return {
        row["id"]: Country(row["id"], row["fips"], row["name"], row["icews_name"] or row["name"])
        for row in read_tsv(COUNTRY_FILE)
    }


@cache
def countries_by_name() -> dict[str, Country]:
    return {country.name.casefold(): country for country in countries().values()}


@cache
def sectors() -> dict[str, Sector]:
    return {row["code"]: Sector(row["code"], row["gdelt"], row["icews"], row["agent"]) for row in read_tsv(SECTOR_FILE)}


# ------------------------------------------------------------------ values


def empty(row: Row) -> None:
    """A column the layout has and we never fill."""
    return None


def int_id(text: str | None) -> int | None:
    """A stable 63-bit non-negative integer for one of our string ids (GLOBALEVENTID, ICEWS ids)."""
    if text is None:
        return None
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") >> 1


def timestamp_digits(value: str | None) -> int | None:
    """An ISO date or date-time as YYYYMMDDHHMMSS (UTC when it has an offset; missing parts are 0)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        digits = "".join(ch for ch in value if ch.isdigit())
        return int(digits[:14].ljust(14, "0")) if len(digits) >= 8 else None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return int(moment.strftime("%Y%m%d%H%M%S"))


def actor_country(row: Row, prefix: str) -> str | None:
    """The actor's country code; a territory without an ISO code carries its own id (XSO), never its
    claimant's (../CODING.md)."""
    country = row.get(f"{prefix}_country")
    if country:
        return country
    code = row.get(f"{prefix}_code")
    if row.get(f"{prefix}_kind") == "territory" and code:
        return code[:3]
    return None


def actor_sectors(row: Row, prefix: str, family: str) -> list[str]:
    """The actor's sector codes of one GDELT family (type | religion)."""
    known = sectors()
    return [code for code in row.get(f"{prefix}_sector") or [] if (known[code].gdelt if code in known else "type") == family]


def place_country(country: str | None, name: str | None) -> Country | None:
    """The country of a place: its own, or, for a territory the gazetteer leaves without one (South
    Ossetia), the territory named."""
    if country:
        return countries().get(country)
    if name:
        return countries_by_name().get(name.casefold())
    return None


def country_name(code: str | None, icews: bool = False) -> str | None:
    info = countries().get(code) if code else None
    if info is None:
        return code
    return info.icews_name if icews else info.name


# ------------------------------------------------------------------ the context query

PLACE_FIELDS = ("name", "country", "admin1", "lat", "lon", "geonameid", "precision", "feature")


def _actor_geo_sql(base: str) -> str:
    """The resolved place nearest to each actor's mention inside the evidence sentence (GDELT's rule
    for Actor1Geo/Actor2Geo: the location mentioned closest to the actor), one per (doc, sentence,
    actor)."""
    refs = " UNION ".join(
        f"SELECT DISTINCT doc_id, doc_start, doc_end, {role}_id AS actor_id FROM {base} "
        f"WHERE {role}_id IS NOT NULL AND doc_start IS NOT NULL"
        for role in ("source", "target")
    )
    fields = ", ".join(f"p.{name} AS {name}" for name in PLACE_FIELDS)
    return f"""
        _refs AS ({refs}),
        _actor_geo AS (
          SELECT r.doc_id, r.doc_start, r.doc_end, r.actor_id, {fields}
          FROM _refs r
          JOIN actor_mentions m ON m.doc_id = r.doc_id AND m.start_char >= r.doc_start
            AND m.start_char < r.doc_end AND list_contains(m.actor_ids, r.actor_id)
          JOIN places p ON p.doc_id = r.doc_id AND p.start_char >= r.doc_start AND p.start_char < r.doc_end
            AND p.name IS NOT NULL
          QUALIFY row_number() OVER (PARTITION BY r.doc_id, r.doc_start, r.doc_end, r.actor_id
                                     ORDER BY abs(p.start_char - m.start_char), p.start_char, m.start_char) = 1
        )"""


def context_sql(table: str, where: q.Where, limit: Any, offset: Any) -> str:
    """Every column of `table` (events or readings) for the filtered rows, plus the x_* context.

    x_id (event or reading id), x_merged_event_id, x_reading_id, x_mentions, x_sources, x_articles,
    x_added (first report's publication), x_url, x_outlet, x_paragraphs (the story's paragraphs),
    x_lead_end (end of the story's first body paragraph), x_body_sentence (index of the story's first
    body sentence), g1_* and g2_* (the place nearest to the source and the target).
    """
    paging = q.paging(limit, offset)
    order = q.order_by(table) if paging else ""
    base = f"(SELECT * FROM {table} {where.sql()} {order}{paging})"
    if table == "events":
        ids = ("e.event_id AS x_id, NULL::VARCHAR AS x_merged_event_id, e.reading_id AS x_reading_id, "
               "e.num_mentions AS x_mentions, e.num_sources AS x_sources, e.num_articles AS x_articles, "
               "e.first_reported AS x_added")
    else:
        ids = ("e.reading_id AS x_id, e.event_id AS x_merged_event_id, e.reading_id AS x_reading_id, "
               "e.mentions AS x_mentions, 1 AS x_sources, 1 AS x_articles, e.published AS x_added")
    geo = ", ".join(f"g{n}.{name} AS g{n}_{name}" for n in (1, 2) for name in PLACE_FIELDS)
    return f"""
        WITH _base AS {base},
        _docs AS (SELECT DISTINCT doc_id FROM _base),
        _lead AS (
          SELECT p.doc_id, p.story_index, count(*) AS n_paragraphs,
            min(p.end_char) FILTER (WHERE NOT p.is_headline) AS lead_end
          FROM paragraphs p JOIN _docs USING (doc_id) GROUP BY ALL
        ),
        _body AS (
          SELECT st.doc_id, st.story_index, min(s.sentence_index) AS body_sentence
          FROM stories st JOIN _docs USING (doc_id)
          JOIN sentences s ON s.doc_id = st.doc_id AND s.start_char >= coalesce(st.body_start, st.start_char)
            AND s.start_char < st.end_char
          GROUP BY ALL
        ),
        {_actor_geo_sql("_base")}
        SELECT e.* EXCLUDE ({", ".join(_UNUSED[table])}), {ids},
          d.url AS x_url, d.source AS x_outlet, l.n_paragraphs AS x_paragraphs, l.lead_end AS x_lead_end,
          b.body_sentence AS x_body_sentence,
          {geo}
        FROM _base e
        LEFT JOIN documents d ON d.doc_id = e.doc_id
        LEFT JOIN _lead l ON l.doc_id = e.doc_id AND l.story_index = e.story_index
        LEFT JOIN _body b ON b.doc_id = e.doc_id AND b.story_index = e.story_index
        LEFT JOIN _actor_geo g1 ON g1.doc_id = e.doc_id AND g1.doc_start = e.doc_start
          AND g1.doc_end = e.doc_end AND g1.actor_id = e.source_id
        LEFT JOIN _actor_geo g2 ON g2.doc_id = e.doc_id AND g2.doc_start = e.doc_start
          AND g2.doc_end = e.doc_end AND g2.actor_id = e.target_id
        {q.order_by(table, "e.")}
    """


# ------------------------------------------------------------------ our own columns (--extra)


def field(name: str) -> Callable[[Row], Any]:
    """The value of one context-row field as it is."""
    return lambda row: row.get(name)


# Appended to a GDELT or ICEWS layout only with `extra` (`--extra`). A column added to the events and
# readings tables (a correction flag ...) becomes exportable with one line here.
EXTRA_COLUMNS: list[Column] = [
    Column("EventId", pa.string(), field("x_id")),
    Column("MergedEventId", pa.string(), lambda row: row.get("x_merged_event_id") or row.get("event_id")),
    Column("ReadingId", pa.string(), field("x_reading_id")),
    Column("EventDate", pa.string(), field("event_date")),
    Column("DatePrecision", pa.string(), field("date_precision")),
    Column("DateBasis", pa.string(), field("date_basis")),
    Column("Factuality", pa.string(), field("factuality")),
    Column("PloverType", pa.string(), field("plover_type")),
    Column("PloverMode", pa.string(), field("plover_mode")),
    Column("Actor1Id", pa.string(), field("source_id")),
    Column("Actor2Id", pa.string(), field("target_id")),
    Column("ActionGeo_ISO3", pa.string(), field("location_country")),
    Column("DocId", pa.string(), field("doc_id")),
    Column("StoryIndex", pa.int64(), field("story_index")),
    Column("SentenceIndex", pa.int64(), field("sentence_index")),
    Column("EvidenceStart", pa.int64(), field("evidence_start")),
    Column("EvidenceEnd", pa.int64(), field("evidence_end")),
    Column("Trigger", pa.string(), field("trigger")),
    Column("Evidence", pa.string(), field("evidence_text"), text=True),
    Column("Outlet", pa.string(), field("x_outlet")),
    Column("CoderVersion", pa.string(), field("coder_version")),
]


def chosen_columns(columns: list[Column], *, extra: bool, no_text: bool) -> list[Column]:
    return [c for c in columns + (EXTRA_COLUMNS if extra else []) if not (no_text and c.text)]
