"""Values and calendar arithmetic shared by the time rules: `TimeValue`, vocabulary, helpers."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PAST, PRESENT, FUTURE = "past", "present", "future"
TENSES = (PAST, PRESENT, FUTURE)

# A past-tense "September 12" in a story stamped September 9 is far likelier to be a late timestamp or a
# time-zone shift than an event of the year before; a week is about the most such lag we see.
YEAR_SLACK_DAYS = 7


@dataclass(frozen=True)
class TimeValue:
    """A normalised time expression (see the module docstring for the conventions)."""

    value: str | None  # YYYY-MM-DD | YYYY-MM | YYYY | None
    precision: str  # day | month | year | range | unknown
    range: tuple[str | None, str | None] | None = None  # first, last day; last None = open-ended
    kind: str = "date"  # date | weekday | relative | duration | vague-future | range | time

    def bounds(self) -> tuple[dt.date | None, dt.date | None] | None:
        """First and last day covered, or None for durations and bare clock times."""
        if self.precision == "range" and self.range:
            first, last = self.range
            return (dt.date.fromisoformat(first) if first else None, dt.date.fromisoformat(last) if last else None)
        if self.value is None:
            return None
        parts = [int(p) for p in self.value.split("-")]
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day
        if len(parts) == 2:
            return dt.date(parts[0], parts[1], 1), _month_end(parts[0], parts[1])
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)

# ---------------------------------------------------------------- vocabulary

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
    "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12,
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = "(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
_NUM = r"(?:\d+|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + ")"
_FEW = r"(?:a few|few|several|a couple of|couple of|some|many)"
_UNIT = r"(?:second|minute|hour|day|night|week|weekend|month|year|decade|century|centurie)s?"
_PART_OF_DAY = r"(?:morning|afternoon|evening|night|nighttime|daytime|early hours|small hours|dawn|dusk)"

# Vague windows around the anchor, in days: (kind, first offset, last offset or None = open-ended).
_FEW_SPAN_DAYS = {"day": 7, "week": 42, "month": 183, "year": 1826}
VAGUE_PHRASES: dict[str, tuple[str, int, int | None]] = {
    "soon": ("vague-future", 0, 30),
    "very soon": ("vague-future", 0, 14),
    "shortly": ("vague-future", 0, 7),
    "before long": ("vague-future", 0, 30),
    "in the near future": ("vague-future", 0, 90),
    "the near future": ("vague-future", 0, 90),
    "in the not too distant future": ("vague-future", 0, 183),
    "in the foreseeable future": ("vague-future", 0, None),
    "for the foreseeable future": ("vague-future", 0, None),
    "the foreseeable future": ("vague-future", 0, None),
    "in the long term": ("vague-future", 0, None),
    "in the long run": ("vague-future", 0, None),
    "for the long term": ("vague-future", 0, None),
    "for years to come": ("vague-future", 0, None),
    "for decades to come": ("vague-future", 0, None),
    "for a long time to come": ("vague-future", 0, None),
    "for some time to come": ("vague-future", 0, None),
    "indefinitely": ("vague-future", 0, None),
    "in the days ahead": ("vague-future", 1, 7),
    "in the weeks ahead": ("vague-future", 1, 42),
    "in the months ahead": ("vague-future", 1, 183),
    "in the years ahead": ("vague-future", 1, 1826),
    "within days": ("vague-future", 0, 7),
    "within weeks": ("vague-future", 0, 42),
    "within months": ("vague-future", 0, 183),
    "within hours": ("vague-future", 0, 1),
    "recently": ("relative", -30, 0),
    "lately": ("relative", -30, 0),
    "of late": ("relative", -30, 0),
    "in recent days": ("relative", -7, 0),
    "in recent weeks": ("relative", -42, 0),
    "in recent months": ("relative", -183, 0),
    "in recent years": ("relative", -1826, 0),
    "overnight": ("relative", -1, 0),
}
# Phrases that are a duration in the past but an open-ended future when the verb is future tense
# ("troops will stay for a long time").
OPEN_IF_FUTURE = {
    "for a long time", "a long time", "for a while", "for some time", "for years", "for decades",
    "for many years", "for a long period", "for a long period of time", "for the long haul",
}
_DAY_WORDS = {
    "today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0, "earlier today": 0,
    "later today": 0, "this day": 0, "yesterday": -1, "last night": -1, "the day before yesterday": -2,
    "tomorrow": 1, "tomorrow night": 1, "the day after tomorrow": 2, "the day before": -1,
    "the previous day": -1, "the preceding day": -1,
}
# Relative to a narrated day we cannot see: dated only when the tense makes the anchor the reference.
_NARRATIVE_NEXT_DAY = {"the next day", "the following day", "the day after"}
class _Reject(Exception):
    """The text is a time expression we recognise but deliberately do not date (decades, narrative)."""


# ---------------------------------------------------------------- calendar helpers


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: dt.date, n: int, unit: str) -> dt.date:
    if unit == "week":
        return day + dt.timedelta(days=7 * n)
    if unit == "month":
        return _add_months(day, n)
    if unit == "year":
        return _add_months(day, 12 * n)
    return day + dt.timedelta(days=n)


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _day(day: dt.date, kind: str) -> TimeValue:
    return TimeValue(day.isoformat(), "day", None, kind)


def _month(year: int, month: int, kind: str) -> TimeValue:
    return TimeValue(f"{year:04d}-{month:02d}", "month", None, kind)


def _year(year: int, kind: str) -> TimeValue:
    return TimeValue(f"{year:04d}", "year", None, kind)


def _range(first: dt.date | None, last: dt.date | None, kind: str) -> TimeValue:
    return TimeValue(
        first.isoformat() if first else None,
        "range",
        (first.isoformat() if first else None, last.isoformat() if last else None),
        kind,
    )


def _window(anchor: dt.date, first: int, last: int | None, kind: str) -> TimeValue:
    return _range(anchor + dt.timedelta(days=first), None if last is None else anchor + dt.timedelta(days=last), kind)


def _number(word: str) -> int | None:
    word = word.strip()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _unit(word: str) -> str:
    word = word.rstrip("s")
    return "century" if word == "centurie" else word


def _pick(candidates, anchor: dt.date, tense: str, slack: int):
    """Choose among (first, last, payload) candidates the one the tense points to (see module doc)."""
    if tense == PAST:
        limit = anchor + dt.timedelta(days=slack)
        fitting = [c for c in candidates if c[0] <= limit]
        return max(fitting, key=lambda c: c[0]) if fitting else None
    if tense == FUTURE:
        limit = anchor - dt.timedelta(days=slack)
        fitting = [c for c in candidates if c[1] >= limit]
        return min(fitting, key=lambda c: c[0]) if fitting else None

    def distance(c):
        if c[0] <= anchor <= c[1]:
            return 0
        return min(abs((c[0] - anchor).days), abs((c[1] - anchor).days))

    return min(candidates, key=lambda c: (distance(c), c[0])) if candidates else None


def _weekday_candidates(weekday: int, around: dt.date):
    out = []
    for offset in range(-14, 15):
        day = around + dt.timedelta(days=offset)
        if day.weekday() == weekday:
            out.append((day, day, day))
    return out

def _duration() -> TimeValue:
    return TimeValue(None, "unknown", None, "duration")
