"""Deictic expressions resolved against the anchor: today, two days ago, last week, the next few days..."""

from __future__ import annotations

import datetime as dt
import re

from .values import (
    _DAY_WORDS,
    _FEW,
    _FEW_SPAN_DAYS,
    _NARRATIVE_NEXT_DAY,
    _NUM,
    _UNIT,
    FUTURE,
    PAST,
    TimeValue,
    _add_months,
    _day,
    _month,
    _number,
    _range,
    _Reject,
    _shift,
    _unit,
    _week,
    _weekday_candidates,
    _window,
    _year,
)


def _relative(s: str, anchor: dt.date | None, tense: str) -> TimeValue | None:
    """Deictic expressions: today, two days ago, last week, earlier this month, the next few days..."""
    if s in _DAY_WORDS:
        return _day(anchor + dt.timedelta(days=_DAY_WORDS[s]), "relative") if anchor else None
    if s in _NARRATIVE_NEXT_DAY:
        if tense != FUTURE:
            raise _Reject(s)
        return _day(anchor + dt.timedelta(days=1), "relative") if anchor else None
    m = re.fullmatch(rf"({_NUM}|{_FEW}) ({_UNIT}) (ago|from now|earlier|later|before|after|hence)", s)
    if m:
        return _ago(m[1], _unit(m[2]), m[3], anchor, tense)
    m = re.fullmatch(rf"(?:in|within|over|during|for|throughout)?\s?(?:the )?(next|coming|following|past|last|previous|"
                     rf"recent) ({_NUM} |{_FEW} )?({_UNIT})", s)
    # "last week" is the calendar week before this one; "the last week" the seven days up to the anchor.
    # A bare "last 24 hours" is left alone: "last" there is as often the verb ("will last 24 hours").
    if m and m[1] == "last" and s.startswith("last"):
        m = None
    if m and m[1] == "previous" and not m[2] and not m[3].endswith("s"):
        return _calendar_unit(None, "last", _unit(m[3]), anchor, tense)  # "the previous year" = last year
    if m and (m[2] or m[3].endswith("s") or s.startswith(("the", "in", "over", "within", "during", "for"))):
        return _span_window(m[1], m[2], _unit(m[3]), m[3].endswith("s"), anchor, tense)
    m = re.fullmatch(rf"(?:the )?({_UNIT}) (ahead|to come)", s)
    if m and m[1].endswith("s"):
        return _span_window("next", None, _unit(m[1]), True, anchor, tense)
    m = re.fullmatch(
        r"(?:(early|late|mid-?|earlier|later|the end of|the beginning of|the start of|the middle of|end-)\s*)?"
        r"(last|this|next|past|previous|coming|this past|this coming) (week|month|year|weekend)", s
    )
    if m:
        return _calendar_unit(m[1], m[2], m[3], anchor, tense)
    value = _quarter(s, anchor, tense)
    if value is not None:
        return value
    if s == "the weekend":  # "over the weekend": the one the tense points to, like "this weekend"
        return _calendar_unit(None, "this", "weekend", anchor, tense)
    m = re.fullmatch(r"(?:the end|the beginning|the start|the middle) of the (week|month|year)", s)
    if m:
        return _calendar_unit(None, "this", m[1], anchor, tense)
    return None


_QUARTER_NUMBERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                    "final": 4, "last": 4}


def _quarter(s: str, anchor: dt.date | None, tense: str) -> TimeValue | None:
    """Calendar quarters as ranges: "last quarter", "the third quarter of 2017", "q3 2017"."""
    m = re.fullmatch(r"(last|this|next|the current|the previous|the next|the past) quarter", s)
    if m:
        if anchor is None:
            return None
        step = {"last": -1, "the previous": -1, "the past": -1, "this": 0, "the current": 0, "next": 1,
                "the next": 1}[m[1]]
        first = _add_months(dt.date(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 1), 3 * step)
        return _range(first, _add_months(first, 3) - dt.timedelta(days=1), "relative")
    m = re.fullmatch(r"(?:the )?(first|1st|second|2nd|third|3rd|fourth|4th|final|last) quarter"
                     r"(?: of (\d{4}|this year|last year|next year))?|q([1-4])(?: (\d{4}))?", s)
    if not m:
        return None
    number = _QUARTER_NUMBERS[m[1]] if m[1] else int(m[3])
    year_text = m[2] or m[4]
    if year_text and year_text.isdigit():
        year = int(year_text)
    elif anchor is None:
        return None
    else:
        year = anchor.year + {"last year": -1, "next year": 1}.get(year_text or "", 0)
    first = dt.date(year, 3 * number - 2, 1)
    kind = "date" if year_text and year_text.isdigit() else "relative"
    return _range(first, _add_months(first, 3) - dt.timedelta(days=1), kind)


def _ago(count: str, unit: str, direction: str, anchor: dt.date | None, tense: str) -> TimeValue | None:
    if direction in ("earlier", "before") and unit == "day" and (_number(count) or 0) in (1, 2) and tense != "future":
        # "a day earlier", "two days before": like "the day before", news counts back from its own day
        direction = "ago"
    if direction in ("earlier", "later", "before", "after"):
        raise _Reject("relative to a narrated time")  # "three days later": later than what we do not know
    if anchor is None:
        return None
    sign = -1 if direction == "ago" else 1
    n = _number(count)
    if n is None:  # "a few weeks ago": two to six units back
        unit_days = {"day": 1, "week": 7, "month": 30, "year": 365}.get(unit)
        if unit_days is None:
            return None
        near, far = anchor + dt.timedelta(days=sign * 2 * unit_days), anchor + dt.timedelta(days=sign * 6 * unit_days)
        return _range(min(near, far), max(near, far), "relative")
    if unit in ("hour", "minute", "second", "night"):
        hours = n * (24 if unit == "night" else 1) if unit in ("hour", "night") else 0
        return _day(anchor + dt.timedelta(days=sign * (hours // 24)), "relative")
    if unit in ("decade", "century"):
        return _year(anchor.year + sign * n * (10 if unit == "decade" else 100), "relative")
    day = _shift(anchor, sign * n, unit if unit != "weekend" else "week")
    if unit == "day":
        return _day(day, "relative")
    if unit in ("week", "weekend"):
        return _range(*_week(day), "relative")
    if unit == "month":
        return _month(day.year, day.month, "relative")
    return _year(day.year, "relative")


def _span_window(direction: str, count: str | None, unit: str, plural: bool, anchor: dt.date | None, tense: str):
    if direction == "following" and tense != FUTURE:
        raise _Reject("the following days of a narrated time")
    if anchor is None:
        return None
    n = _number(count) if count else None
    ahead = direction in ("next", "coming", "following")
    if unit in ("hour", "minute", "second"):
        return _window(anchor, 0, 1, "vague-future") if ahead else _window(anchor, -1, 0, "relative")
    if unit == "weekend":
        unit = "week"
    if n is None and not plural:
        n = 1  # "the past week": the seven days up to the anchor
    if n is None:
        if unit not in _FEW_SPAN_DAYS:
            return None
        span = _FEW_SPAN_DAYS[unit]
        return _window(anchor, 1, span, "vague-future") if ahead else _window(anchor, -span, 0, "relative")
    if unit in ("decade", "century"):
        n, unit = n * (10 if unit == "decade" else 100), "year"
    if ahead:
        return _range(anchor + dt.timedelta(days=1), _shift(anchor, n, unit), "vague-future")
    return _range(_shift(anchor, -n, unit), anchor, "relative")


def _calendar_unit(modifier: str | None, det: str, unit: str, anchor: dt.date | None, tense: str):
    if anchor is None:
        return None
    step = {"last": -1, "past": -1, "previous": -1, "this past": -1, "this": 0, "next": 1, "coming": 1,
            "this coming": 1}[det]
    modifier = (modifier or "").strip().rstrip("-")
    if unit == "month":
        day = _add_months(anchor.replace(day=1), step)
        return _month(day.year, day.month, "relative")
    if unit == "year":
        return _year(anchor.year + step, "relative")
    if unit == "weekend":
        saturdays = [c[0] for c in _weekday_candidates(5, anchor)]
        if step < 0:
            saturday = max(d for d in saturdays if d + dt.timedelta(days=1) < anchor)
        elif step > 0:
            saturday = min(d for d in saturdays if d > anchor)
        elif tense == PAST:
            saturday = max(d for d in saturdays if d <= anchor)
        else:
            saturday = min(d for d in saturdays if d + dt.timedelta(days=1) >= anchor)
        return _range(saturday, saturday + dt.timedelta(days=1), "relative")
    monday, sunday = _week(anchor + dt.timedelta(days=7 * step))
    kind = "vague-future" if step > 0 else "relative"
    if modifier == "earlier" and step == 0:
        return _range(monday, max(monday, anchor - dt.timedelta(days=1)), kind)
    if modifier == "later" and step == 0:
        return _range(min(sunday, anchor + dt.timedelta(days=1)), sunday, kind)
    if modifier in ("early", "the beginning of", "the start of"):
        return _range(monday, monday + dt.timedelta(days=2), kind)
    if modifier in ("late", "the end of", "end"):
        return _range(monday + dt.timedelta(days=3), sunday, kind)
    if modifier in ("mid", "the middle of"):
        return _range(monday + dt.timedelta(days=1), monday + dt.timedelta(days=3), kind)
    return _range(monday, sunday, kind)
