"""The GDELT 2.0 event-table layout: exactly GDELT's 61 columns, in GDELT's order, with GDELT's
conventions (docs/EXPORT-GDELT.md says where each value comes from and what is left empty).

Our own columns (event ids, date precision, factuality, evidence ...) follow only with `extra`.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from .layouts import (
    PLACE_FIELDS,
    Column,
    Row,
    actor_country,
    actor_sectors,
    empty,
    field,
    int_id,
    place_country,
    sectors,
    timestamp_digits,
)

# ------------------------------------------------------------------ dates


def _day(row: Row) -> date | None:
    return row.get("event_day")


def _sqldate(row: Row) -> int | None:
    day = _day(row)
    return None if day is None else int(day.strftime("%Y%m%d"))


def _month_year(row: Row) -> int | None:
    day = _day(row)
    return None if day is None else day.year * 100 + day.month


def _year(row: Row) -> int | None:
    day = _day(row)
    return None if day is None else day.year


def _fraction_date(row: Row) -> float | None:
    """GDELT's approximation: year + ((month - 1) * 30 + day) / 365."""
    day = _day(row)
    return None if day is None else round(day.year + ((day.month - 1) * 30 + day.day) / 365, 4)


# ------------------------------------------------------------------ actors


def _actor_code(prefix: str):
    return lambda row: row.get(f"{prefix}_code") or row.get(f"{prefix}_country")


def _actor_name(prefix: str):
    def value(row: Row) -> str | None:
        name = row.get(f"{prefix}_name")
        return name.upper() if name else None

    return value


def _known_group(prefix: str):
    """The organisation or group part of a non-state actor's code (IGOUNOSEC -> UNO, YEMAQP -> AQP)."""

    def value(row: Row) -> str | None:
        code = row.get(f"{prefix}_code") or ""
        if row.get(f"{prefix}_kind") in (None, "state", "territory", "person") or len(code) < 6:
            return None
        part = code[3:6]
        return None if part in sectors() else part

    return value


def _sector_slot(prefix: str, family: str, slot: int):
    def value(row: Row) -> str | None:
        found = actor_sectors(row, prefix, family)
        return found[slot] if slot < len(found) else None

    return value


def _actor_columns(n: int, prefix: str) -> list[Column]:
    s = pa.string()
    return [
        Column(f"Actor{n}Code", s, _actor_code(prefix)),
        Column(f"Actor{n}Name", s, _actor_name(prefix)),
        Column(f"Actor{n}CountryCode", s, lambda row: actor_country(row, prefix)),
        Column(f"Actor{n}KnownGroupCode", s, _known_group(prefix)),
        Column(f"Actor{n}EthnicCode", s, empty),
        Column(f"Actor{n}Religion1Code", s, _sector_slot(prefix, "religion", 0)),
        Column(f"Actor{n}Religion2Code", s, _sector_slot(prefix, "religion", 1)),
        Column(f"Actor{n}Type1Code", s, _sector_slot(prefix, "type", 0)),
        Column(f"Actor{n}Type2Code", s, _sector_slot(prefix, "type", 1)),
        Column(f"Actor{n}Type3Code", s, _sector_slot(prefix, "type", 2)),
    ]


# ------------------------------------------------------------------ the event


def _is_root_event(row: Row) -> int | None:
    """1 when the sentence lies in its story's headline or first body paragraph (empty when the
    store has no paragraphs for the story)."""
    start = row.get("doc_start")
    if start is None or not row.get("x_paragraphs"):
        return None
    lead_end = row.get("x_lead_end")
    return 1 if lead_end is None or start < lead_end else 0


def _event_base_code(row: Row) -> str | None:
    code = row.get("cameo_code")
    return code[:3] if code else None


# ------------------------------------------------------------------ places

GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GEO_TYPES = {"Type": pa.int64(), "Lat": pa.float64(), "Long": pa.float64()}


def geo_block(row: Row, prefix: str) -> tuple:
    """GDELT's eight *Geo_ fields for the place in the row's `prefix`_* fields (location, g1, g2)."""
    key = f"_gdelt_geo_{prefix}"
    if key not in row:
        row[key] = _geo_values(**{name: row.get(f"{prefix}_{name}") for name in PLACE_FIELDS})
    return row[key]


def _geo_values(name, country, admin1, lat, lon, geonameid, precision, feature) -> tuple:
    if name is None and lat is None:
        return (None,) * len(GEO_FIELDS)
    info = place_country(country, name)
    fips = info.fips if info else None
    us = country == "USA"
    if precision == "country" or (country is None and info is not None):  # a state, or a territory itself
        geo_type = 1
    elif precision == "admin1":
        geo_type = 2 if us else 5
    elif precision in ("city", "point"):
        geo_type = 3 if us else 4
    else:  # a region or sea: GDELT has no type for it
        geo_type = None
    parts = [name] if name else []
    if admin1 and admin1 != name:
        parts.append(admin1)
    if info and info.name != name:
        parts.append(info.name)
    feature_id = fips if geo_type == 1 else (None if geonameid is None else str(geonameid))
    return (geo_type, ", ".join(parts) or None, fips, fips if geo_type == 1 else None, None, lat, lon, feature_id)


def _geo_columns(block: str, prefix: str) -> list[Column]:
    return [
        Column(f"{block}_{name}", GEO_TYPES.get(name, pa.string()),
               lambda row, i=i: geo_block(row, prefix)[i])
        for i, name in enumerate(GEO_FIELDS)
    ]


# ------------------------------------------------------------------ the layout

GDELT_COLUMNS: list[Column] = [
    Column("GLOBALEVENTID", pa.int64(), lambda row: int_id(row.get("x_id"))),
    Column("SQLDATE", pa.int64(), _sqldate),
    Column("MonthYear", pa.int64(), _month_year),
    Column("Year", pa.int64(), _year),
    Column("FractionDate", pa.float64(), _fraction_date),
    *_actor_columns(1, "source"),
    *_actor_columns(2, "target"),
    Column("IsRootEvent", pa.int64(), _is_root_event),
    Column("EventCode", pa.string(), field("cameo_code")),
    Column("EventBaseCode", pa.string(), _event_base_code),
    Column("EventRootCode", pa.string(), field("cameo_root")),
    Column("QuadClass", pa.int64(), field("quad_class")),
    Column("GoldsteinScale", pa.float64(), field("goldstein")),
    Column("NumMentions", pa.int64(), field("x_mentions")),
    Column("NumSources", pa.int64(), field("x_sources")),
    Column("NumArticles", pa.int64(), field("x_articles")),
    # No tone measure yet: empty, never a constant (docs/EXPORT-GDELT.md).
    Column("AvgTone", pa.float64(), empty),
    *_geo_columns("Actor1Geo", "g1"),
    *_geo_columns("Actor2Geo", "g2"),
    *_geo_columns("ActionGeo", "location"),
    Column("DATEADDED", pa.int64(), lambda row: timestamp_digits(row.get("x_added"))),
    Column("SOURCEURL", pa.string(), lambda row: row.get("x_url") or row.get("x_outlet")),
]
GDELT_NAMES = [column.name for column in GDELT_COLUMNS]
assert len(GDELT_NAMES) == 61 == len(set(GDELT_NAMES)), GDELT_NAMES
