"""Time expressions and event dating: what the text says about when, anchored on the publication day.

    normalise(text, anchor, tense="past") -> TimeValue | None    one expression, our rules then dateparser
    find_time_expressions(doc, published) -> list[TimeExpr]     spaCy DATE/TIME + our patterns, normalised
    tense_of(token) -> "past" | "present" | "future"            from a verb's auxiliaries and head
    governing_time(trigger, times, doc) -> TimeExpr | None      the expression that dates an event trigger
    anchor_from_published(published) -> date | None             "2008-09-09T21:16" -> date(2008, 9, 9)

The conventions for vague and relative expressions are in `normalise`'s module docstring.
"""

from __future__ import annotations

import datetime as dt

from .extract import clause_of, find_time_expressions, governing_time, tense_of
from .normalise import FUTURE, PAST, PRESENT, TENSES, YEAR_SLACK_DAYS, TimeValue, normalise


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
    "clause_of",
    "find_time_expressions",
    "governing_time",
    "normalise",
    "tense_of",
]
