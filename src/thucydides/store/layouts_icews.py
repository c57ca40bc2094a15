"""The ICEWS event-file layout (the Dataverse files' 20 columns, in their order): one row per
reading, since ICEWS rows are story sentences. docs/EXPORT-ICEWS.md says where each value comes
from and what is left empty.

Our own columns follow only with `extra`.
"""

from __future__ import annotations

import pyarrow as pa

from .layouts import Column, Row, actor_country, country_name, empty, field, int_id, place_country, sectors


def _event_date(row: Row) -> str | None:
    day = row.get("event_day")
    return None if day is None else day.isoformat()


def _actor_name(prefix: str):
    """The actor's name; a state's or territory's agent is named ICEWS's way: "Military (Russia)"."""

    def value(row: Row) -> str | None:
        name = row.get(f"{prefix}_name")
        codes = row.get(f"{prefix}_sector") or []
        if codes and row.get(f"{prefix}_kind") in ("state", "territory"):
            known = sectors().get(codes[0])
            agent = known.agent if known else codes[0]
            return f"{agent} ({country_name(actor_country(row, prefix)) or name})"
        return name

    return value


def _actor_sectors(prefix: str):
    def value(row: Row) -> str | None:
        known = sectors()
        names = [known[code].icews if code in known else code for code in row.get(f"{prefix}_sector") or []]
        return ",".join(names) or None

    return value


def _actor_country(prefix: str):
    return lambda row: country_name(actor_country(row, prefix), icews=True)


def _story_id(row: Row) -> int | None:
    if row.get("doc_id") is None:
        return None
    return int_id(f"{row['doc_id']}#{row.get('story_index')}")


def _sentence_number(row: Row) -> int | None:
    """1 for the story's first body sentence (the headline is 0)."""
    index, first = row.get("sentence_index"), row.get("x_body_sentence")
    if index is None or first is None:
        return None
    return max(index - first + 1, 0)


def _city(row: Row) -> str | None:
    return row.get("location_name") if row.get("location_precision") in ("city", "point") else None


def _province(row: Row) -> str | None:
    precision = row.get("location_precision")
    if precision in ("city", "point"):
        return row.get("location_admin1")
    return row.get("location_name") if precision == "admin1" else None


def _place_country(row: Row) -> str | None:
    info = place_country(row.get("location_country"), row.get("location_name"))
    return info.icews_name if info else row.get("location_country")


ICEWS_COLUMNS: list[Column] = [
    Column("Event ID", pa.int64(), lambda row: int_id(row.get("x_id"))),
    Column("Event Date", pa.string(), _event_date),
    Column("Source Name", pa.string(), _actor_name("source")),
    Column("Source Sectors", pa.string(), _actor_sectors("source")),
    Column("Source Country", pa.string(), _actor_country("source")),
    Column("Event Text", pa.string(), field("cameo_name")),
    Column("CAMEO Code", pa.string(), field("cameo_code")),
    Column("Intensity", pa.float64(), field("goldstein")),
    Column("Target Name", pa.string(), _actor_name("target")),
    Column("Target Sectors", pa.string(), _actor_sectors("target")),
    Column("Target Country", pa.string(), _actor_country("target")),
    Column("Story ID", pa.int64(), _story_id),
    Column("Sentence Number", pa.int64(), _sentence_number),
    Column("Publisher", pa.string(), field("x_outlet")),
    Column("City", pa.string(), _city),
    Column("District", pa.string(), empty),
    Column("Province", pa.string(), _province),
    Column("Country", pa.string(), _place_country),
    Column("Latitude", pa.float64(), field("location_lat")),
    Column("Longitude", pa.float64(), field("location_lon")),
]
ICEWS_NAMES = [column.name for column in ICEWS_COLUMNS]
assert len(ICEWS_NAMES) == 20 == len(set(ICEWS_NAMES)), ICEWS_NAMES
