"""Time expressions and event dating: what the text says about when, anchored on the publication day.

    normalise(text, anchor, tense="past") -> TimeValue | None    one expression, our rules then dateparser
    find_time_expressions(doc, published) -> list[TimeExpr]     spaCy DATE/TIME + our patterns, normalised
    tense_of(token) -> "past" | "present" | "future"            from a verb's auxiliaries and head
    governing_time(trigger, times, doc) -> TimeExpr | None      the expression that dates an event trigger
    offset_clause(trigger) -> (head, days) | None               "three days after kicking off": the gap
    anchor_from_published(published) -> date | None             "2008-09-09T21:16" -> date(2008, 9, 9)
    filed_day(text, published) -> date | None                   the day a wire dateline says the story was filed

The conventions for vague and relative expressions are in `normalise`'s module docstring.
"""

from __future__ import annotations

import datetime as dt
import re

from .extract import clause_of, find_time_expressions, governing_time, offset_clause, tense_of
from .normalise import FUTURE, PAST, PRESENT, TENSES, YEAR_SLACK_DAYS, TimeValue, normalise
from .values import MONTHS

_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
# "JOHANNESBURG, August 7 (Xinhua) --", "WASHINGTON, April 7, 1997 (AFP) -", "BELFAST, 7 May (AP) -"
_DATELINE_DAY = re.compile(
    r"^\s*[A-Z][A-Za-z.'’ -]{1,40},(?:\s*[A-Z][A-Za-z.'’ -]{1,30},)?\s*"
    rf"(?:(?P<month>{_MONTH_WORDS})\.?\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_WORDS})\.?)"
    r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b", re.I)
# A story filed this many days before its record's publication stamp is dated from its dateline.
DATELINE_LEAD_DAYS = 3


def filed_day(text: str, published: dt.date | None) -> dt.date | None:
    """The day a wire story's dateline gives ("JOHANNESBURG, August 7 (Xinhua) --") when it lies up to
    DATELINE_LEAD_DAYS before the publication stamp (a story filed late at night, stamped next day);
    else None. Undated acts of the story happened on the day it was filed, not the day it was stamped."""
    if published is None:
        return None
    m = _DATELINE_DAY.match(text[:160])
    if not m:
        return None
    month = MONTHS[(m.group("month") or m.group("month2")).lower()]
    day = int(m.group("day") or m.group("day2"))
    year = int(m.group("year")) if m.group("year") else published.year
    try:
        filed = dt.date(year, month, day)
    except ValueError:
        return None
    if filed > published and not m.group("year"):
        try:
            filed = dt.date(year - 1, month, day)
        except ValueError:
            return None
    return filed if 0 <= (published - filed).days <= DATELINE_LEAD_DAYS else None


def anchor_from_published(published: str | None) -> dt.date | None:
    """The anchor day of an ISO 8601 publication stamp ("2008-09-09T21:16", "2008-09-09"); None if absent."""
    if not published or len(published) < 10:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


__all__ = [
    "FUTURE",
    "PAST",
    "PRESENT",
    "TENSES",
    "YEAR_SLACK_DAYS",
    "TimeValue",
    "anchor_from_published",
    "filed_day",
    "clause_of",
    "find_time_expressions",
    "governing_time",
    "normalise",
    "offset_clause",
    "tense_of",
]
