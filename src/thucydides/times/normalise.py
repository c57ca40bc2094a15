"""Normalise English time expressions against an anchor day (the publication date).

`normalise(text, anchor, tense)` returns a `TimeValue` (TIMEX3-style value, precision, range, kind) or
None when the text is not something we date (decades, ages, "three days later" in a narrative...).
Our own rules run first; dateparser is a fallback, used only for texts that name a month or carry a
numeric date, because on anything else it answers confidently and wrongly ("three days" becomes a
day three days before the anchor).

Choices a user can rely on (each has rows in tests/data/time_expressions.tsv):
- Weekdays: past tense takes the latest such day on or before the anchor (the anchor itself when it
  is that weekday), future the first on or after it, present the nearest. "last Tuesday" is the
  latest strictly before the anchor, "next Monday" the first strictly after.
- A month-day without a year takes the year that puts it on or before anchor + YEAR_SLACK_DAYS
  (past), on or after anchor - YEAR_SLACK_DAYS (future), or nearest (present). A bare month works
  the same way with no slack.
- Weeks are ISO weeks (Monday to Sunday). "last week", "this week", "next week" and "N weeks ago"
  are ranges (precision "range", value = first day).
- Vague futures are ranges: "in the next few days" / "in the coming days" = [anchor+1, anchor+7],
  "... weeks" = [anchor+1, anchor+42], "... months" = [anchor+1, anchor+183], "... years" = [anchor+1,
  anchor + 5 years]; "soon" = [anchor, anchor+30], "shortly" = [anchor, anchor+7], "in the near
  future" = [anchor, anchor+90]; "in the foreseeable future", "indefinitely", and "for a long time"
  said of the future are open-ended [anchor, None].
- Vague pasts are ranges ending at the anchor: "recently" = [anchor-30, anchor], "in recent days" /
  "the past few days" = [anchor-7, anchor], weeks 42 days, months 183 days, years 5 years.
- Durations ("for three days", "two years", "a long time" in the past) are not dates: kind
  "duration", value None, precision "unknown". Clock times ("21:16", "9 a.m.") alone are kind
  "time", value None; with a day ("9 a.m. Tuesday") the day is the value.
- Whenever precision is "range", value is the first day of the range (the anchor for open ones).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .relative import _ago, _relative
from .values import (
    _FEW,
    _MONTH,
    _NUM,
    _PART_OF_DAY,
    _UNIT,
    _WEEKDAY,
    FUTURE,
    MONTHS,
    OPEN_IF_FUTURE,
    PAST,
    PRESENT,
    TENSES,
    VAGUE_PHRASES,
    WEEKDAYS,
    YEAR_SLACK_DAYS,
    TimeValue,
    _add_months,
    _day,
    _duration,
    _month,
    _month_end,
    _number,
    _pick,
    _range,
    _Reject,
    _shift,
    _unit,
    _weekday_candidates,
    _window,
    _year,
)

__all__ = ["FUTURE", "PAST", "PRESENT", "TENSES", "YEAR_SLACK_DAYS", "TimeValue", "normalise", "normalise_or_refuse"]

_SIGNALS = (
    "as early as", "as late as", "as of", "no later than", "not later than", "on", "at", "by", "during",
    "throughout", "until", "till", "through", "from", "since", "between", "in", "within", "over", "for",
    "around", "about", "before", "after", "starting", "beginning", "effective",
)
_SIGNAL_RE = re.compile(r"^(" + "|".join(sorted(_SIGNALS, key=len, reverse=True)).replace(" ", r"\s") + r")\s+(.+)$")
_MODIFIER_RE = re.compile(
    r"^(?:(?:very\s)?early|late|mid-?|earlier|later|the (?:end|beginning|start|middle|first half|second half) of"
    r"|end-|the (?:first|last) (?:days|week|weeks) of)\s*(?=\S)"
)
_TIME_OF_DAY_RE = re.compile(
    r"\b(?:\d{1,2}(?::\d{2}){1,2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?|\d{3,4}\s*(?:gmt|utc|hrs|hours)"
    r"|noon|midday|midnight|o'clock|local time|gmt|utc|[ecmp][sd]t|cest?|msk|ist)(?=\W|$)"
)
_PART_OF_DAY_RE = re.compile(r"\b(?:the\s)?" + _PART_OF_DAY + r"(?:\sof)?\b")

# ---------------------------------------------------------------- calendar expressions


@dataclass
class _Parts:
    """Calendar fields read from the text; the missing ones are filled from the anchor and the tense."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    det: str | None = None  # last | next | this, for weekdays


def _two_digit_year(year: int, anchor: dt.date | None) -> int:
    pivot = (anchor.year % 100 + 10) if anchor else 30
    return 2000 + year if year <= pivot else 1900 + year


def _calendar_parts(s: str, anchor: dt.date | None, bare_day: bool = False) -> _Parts | None:
    """Fields of an absolute or calendar expression ("Sept 9 2008", "8 august", "tuesday", "2008")."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:t[\d:.+z-]*)?", s)
    if m:
        return _Parts(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{4})/(\d{1,2})/(\d{1,2})", s)
    if m:
        return _Parts(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", s)
    if m:  # US order unless the first number cannot be a month
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        year = _two_digit_year(year, anchor) if len(m[3]) == 2 else year
        return _Parts(year, b, a) if a > 12 else _Parts(year, a, b)
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", s)
    if m:  # dotted dates are day-first wherever they are written
        return _Parts(int(m[3]), int(m[2]), int(m[1]))
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m and int(m[2]) <= int(m[1]) % 100:  # "2008-05"; "2006-08" in running text is years (see _as_range)
        return _Parts(int(m[1]), int(m[2]))
    m = re.fullmatch(rf"({_MONTH}) (\d{{1,2}})(?: (\d{{4}}))?", s)
    if m:
        return _Parts(int(m[3]) if m[3] else None, MONTHS[m[1]], int(m[2]))
    m = re.fullmatch(rf"(\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?", s)
    if m:
        return _Parts(int(m[3]) if m[3] else None, MONTHS[m[2]], int(m[1]))
    m = re.fullmatch(rf"({_MONTH})(?: of)? (\d{{4}})", s)
    if m:
        return _Parts(int(m[2]), MONTHS[m[1]])
    m = re.fullmatch(rf"(?:(last|next|this|this coming|coming|this past|past) )?({_MONTH})", s)
    if m:
        return _Parts(month=MONTHS[m[2]], det=m[1])
    m = re.fullmatch(r"(1[89]\d\d|2[01]\d\d)", s)
    if m:
        return _Parts(int(m[1]))
    m = re.fullmatch(rf"(?:(last|next|this|this coming|coming|this past|past) )?({_WEEKDAY})", s)
    if m:
        return _Parts(weekday=WEEKDAYS[m[2]], det=m[1])
    m = re.fullmatch(rf"({_WEEKDAY}) (.+)", s)
    if m:  # "tuesday september 9": the date decides, the weekday only repeats it
        inner = _calendar_parts(m[2], anchor)
        if inner and inner.month is not None:
            return inner
    if bare_day:
        m = re.fullmatch(r"(\d{1,2})", s)
        if m and 1 <= int(m[1]) <= 31:
            return _Parts(day=int(m[1]))
    return None

def _resolve_parts(p: _Parts, anchor: dt.date | None, tense: str) -> TimeValue | None:
    try:
        if p.year is not None and p.month is not None and p.day is not None:
            return _day(dt.date(p.year, p.month, p.day), "date")
        if p.year is not None and p.month is not None:
            if not 1 <= p.month <= 12:
                return None
            return _month(p.year, p.month, "date")
        if p.year is not None:
            return _year(p.year, "date")
    except ValueError:
        return None
    if anchor is None:
        return None
    if p.month is not None and p.day is not None:
        candidates = []
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                day = dt.date(year, p.month, p.day)
            except ValueError:
                continue
            candidates.append((day, day, day))
        chosen = _pick(candidates, anchor, tense, YEAR_SLACK_DAYS)
        return _day(chosen[2], "date") if chosen else None
    if p.month is not None:
        candidates = [
            (dt.date(y, p.month, 1), _month_end(y, p.month), y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        ]
        if p.det in ("last", "past", "this past"):
            candidates = [c for c in candidates if c[1] < anchor.replace(day=1)]
            chosen = max(candidates, key=lambda c: c[0]) if candidates else None
        elif p.det in ("next", "coming", "this coming"):
            candidates = [c for c in candidates if c[0] > anchor]
            chosen = min(candidates, key=lambda c: c[0]) if candidates else None
        else:
            chosen = _pick(candidates, anchor, tense, 0)
        return _month(chosen[2], p.month, "date") if chosen else None
    if p.day is not None:
        candidates = []
        for months in (-1, 0, 1):
            first = _add_months(anchor.replace(day=1), months)
            try:
                day = first.replace(day=p.day)
            except ValueError:
                continue
            candidates.append((day, day, day))
        chosen = _pick(candidates, anchor, tense, 3)
        return _day(chosen[2], "date") if chosen else None
    if p.weekday is not None:
        candidates = _weekday_candidates(p.weekday, anchor)
        if p.det in ("last", "past", "this past"):
            chosen = max((c for c in candidates if c[0] < anchor), key=lambda c: c[0])
        elif p.det in ("next", "coming", "this coming"):
            chosen = min((c for c in candidates if c[0] > anchor), key=lambda c: c[0])
        else:
            chosen = _pick(candidates, anchor, tense, 0)
        return _day(chosen[2], "weekday") if chosen else None
    return None

# ---------------------------------------------------------------- ranges


_RANGE_SEPARATOR = re.compile(r"\s*(?:-|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b|\band\b)\s*")


def _as_range(s: str, anchor: dt.date | None, tense: str, allow_and: bool) -> TimeValue | None:
    """'august 8 to august 12', '8-12 august', 'between 8 and 12 august', 'from monday to wednesday'."""
    for sep in _RANGE_SEPARATOR.finditer(s):
        word = sep.group().strip()
        if word == "and" and not allow_and:
            continue
        left, right = s[: sep.start()].strip(), s[sep.end() :].strip()
        if not left or not right:
            continue
        short_year = re.fullmatch(r"(\d{4})-(\d{2})", s)
        if short_year and word == "-":  # "2006-08", "the 2008-09 season": a span of years
            first_year = int(short_year[1])
            last_year = first_year // 100 * 100 + int(short_year[2])
            return _range(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31), "range")
        lp = _calendar_parts(left, anchor, bare_day=True)
        rp = _calendar_parts(right, anchor, bare_day=True)
        if lp and rp:
            value = _resolve_calendar_range(lp, rp, anchor, tense)
            if value is not None:
                return value
        if word != "-":  # "from today to friday": any two expressions in order
            try:
                first, last = _normalise_core(left, anchor, tense), _normalise_core(right, anchor, tense)
            except _Reject:
                continue
            first_bounds = first.bounds() if first else None
            last_bounds = last.bounds() if last else None
            if first_bounds and last_bounds and first_bounds[0] and last_bounds[1]:
                if first_bounds[0] <= last_bounds[1]:
                    return _range(first_bounds[0], last_bounds[1], "range")
    return None


def _resolve_calendar_range(lp: _Parts, rp: _Parts, anchor: dt.date | None, tense: str) -> TimeValue | None:
    """Resolve the side the tense points to first (the end in the past, the start in the future), then
    put the other side next to it: "august 30 to september 2" never spans a year backwards."""
    # a bare day borrows the month of the other side: "8-12 august", "august 8-12"
    if lp.month is None and lp.weekday is None and lp.day is not None:
        if rp.month is None:
            return None
        lp.month = rp.month
    if rp.month is None and rp.weekday is None and rp.day is not None:
        if lp.month is None:
            return None
        rp.month = lp.month
    if (lp.weekday is None) != (rp.weekday is None) or (lp.day is None) != (rp.day is None):
        return None  # "monday to august 12", "august to september 9": left to the general rule
    if lp.year is not None and rp.year is None and rp.month is not None:
        rp.year = lp.year + (1 if (rp.month, rp.day or 0) < (lp.month or 0, lp.day or 0) else 0)
    if rp.year is not None and lp.year is None and lp.month is not None:
        lp.year = rp.year - (1 if (lp.month, lp.day or 0) > (rp.month or 0, rp.day or 0) else 0)
    forward = tense == FUTURE
    first, second = (lp, rp) if forward else (rp, lp)
    fixed = _resolve_parts(first, anchor, tense)
    fixed_bounds = fixed.bounds() if fixed else None
    if not fixed_bounds:
        return None
    if second.weekday is not None:
        days = _weekday_candidates(second.weekday, fixed_bounds[0])
        other = (min(c[0] for c in days if c[0] >= fixed_bounds[0]) if forward
                 else max(c[0] for c in days if c[0] <= fixed_bounds[0]))
        other_bounds = (other, other)
    else:
        if second.year is None and second.month is not None:
            second.year = fixed_bounds[0].year
            later = (second.month, second.day or 0) > (fixed_bounds[0].month, fixed_bounds[0].day if second.day else 0)
            if forward and not later and (second.month, second.day or 0) != (fixed_bounds[0].month, fixed_bounds[0].day):
                second.year += 1
            elif not forward and later:
                second.year -= 1
        other_value = _resolve_parts(second, anchor, tense)
        other_bounds = other_value.bounds() if other_value else None
        if not other_bounds:
            return None
    start, end = (fixed_bounds[0], other_bounds[1]) if forward else (other_bounds[0], fixed_bounds[1])
    if start > end:
        return None
    return _range(start, end, "range")


# ---------------------------------------------------------------- the entry point


def _clean(text: str) -> str:
    s = text.lower().strip()
    s = s.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'").replace("\u00a0", " ")
    s = re.sub(r"[()\[\],;\"]", " ", s)
    s = re.sub(r"\b([a-z]{3,5})\.", r"\1", s)  # "sept." -> "sept", leaving "a.m." alone
    s = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", s)
    s = re.sub(rf"\b(\d{{1,2}}) of ({_MONTH})\b", r"\1 \2", s)
    s = re.sub(r"\s*-\s*(?=\d)", "-", s)
    s = re.sub(r"(?<=\d)\s*-\s*", "-", s)
    s = re.sub(r"\s+", " ", s).strip(" .:!?'")
    s = re.sub(r"'s$", "", s)
    return s


def normalise(text: str, anchor: dt.date | None, tense: str = PAST) -> TimeValue | None:
    """Normalise one time expression against `anchor` (the publication day); None if not a date.

    `tense` is the tense of the governing verb ("past" | "present" | "future"): it decides which way
    an underspecified date ("Tuesday", "August 8", "in September") is resolved. Absolute dates resolve
    without an anchor; relative ones need it and return None when `anchor` is None.
    """
    return normalise_or_refuse(text, anchor, tense)[0]


@lru_cache(maxsize=1 << 14)
def normalise_or_refuse(text: str, anchor: dt.date | None, tense: str = PAST) -> tuple[TimeValue | None, bool]:
    """`normalise`, also saying whether the text was refused as a whole ("three days later", "the 1990s").

    A refused text should not be cut down to a part that would pass ("three days"); an unrecognised one
    may be. The answer depends on the arguments alone (TimeValue is frozen), so it is remembered:
    extraction asks about the same text more than once, and stories of one day share expressions.
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES}, not {tense!r}")
    s = _clean(text)
    if not s:
        return None, False
    try:
        value = _normalise_core(s, anchor, tense)
    except _Reject:
        return None, True
    except (ValueError, OverflowError):  # "in 99999 years": past the calendar's end, not a date to us
        return None, True
    if value is None:
        value = _dateparser_fallback(s, anchor, tense)
    return value, False


def _normalise_core(s: str, anchor: dt.date | None, tense: str) -> TimeValue | None:
    if s in VAGUE_PHRASES:
        kind, first, last = VAGUE_PHRASES[s]
        return _window(anchor, first, last, kind) if anchor else None
    if s in OPEN_IF_FUTURE:
        if tense == FUTURE:
            return _window(anchor, 0, None, "vague-future") if anchor else None
        return _duration()
    value = _relative(s, anchor, tense)
    if value is not None:
        return value
    if re.fullmatch(r"(?:the )?(?:'|\d{2})?\d0s|(?:the )?\w+ (?:century|centuries|decade)", s):
        raise _Reject("decades and centuries are out of scope")
    if re.search(r"\byears?[- ]old\b|\bold\b|\bannual\b|\bage\b", s):
        raise _Reject("an age or a frequency")
    m = _SIGNAL_RE.match(s)
    if m:
        return _with_signal(m[1].replace("\u00a0", " "), m[2], anchor, tense)
    parts = _calendar_parts(s, anchor)
    if parts is not None:
        value = _resolve_parts(parts, anchor, tense)
        if value is None:  # "august 32", or "august 8" with no anchor: no guessing by dateparser either
            raise _Reject(s)
        return value
    if _is_duration(s):
        return _duration()
    value = _as_range(s, anchor, tense, allow_and=False)
    if value is not None:
        return value
    stripped = _strip_time_of_day(s)
    if stripped != s:
        if not stripped:
            return TimeValue(None, "unknown", None, "time")
        return _normalise_core(stripped, anchor, tense)
    m = _MODIFIER_RE.match(s)
    if m:
        return _normalise_core(s[m.end() :].strip(" -"), anchor, tense)
    m = re.fullmatch(r"the (\d{1,2})", s)
    if m:
        parts = _calendar_parts(m[1], anchor, bare_day=True)
        return _resolve_parts(parts, anchor, tense) if parts else None
    return None


def _with_signal(signal: str, rest: str, anchor: dt.date | None, tense: str) -> TimeValue | None:
    if signal in ("between", "from"):
        value = _as_range(rest, anchor, tense, allow_and=signal == "between")
        if value is not None:
            return value
    if signal == "since":
        inner = _normalise_core(rest, anchor, tense)
        if inner is None or inner.bounds() is None or anchor is None:
            return inner
        if inner.bounds()[0] > anchor:
            return inner  # "since 2008" read against an earlier day: no range that ends before it begins
        return _range(inner.bounds()[0], anchor, "range")
    if signal == "within" and _is_duration(rest):
        m = re.fullmatch(rf"(?:the next )?({_NUM}) ({_UNIT})", rest)
        if m and anchor:
            return _range(anchor, _shift(anchor, _number(m[1]) or 1, _unit(m[2])), "vague-future")
    if signal == "in" and tense != PAST:
        m = re.fullmatch(rf"({_NUM}) ({_UNIT})", rest)
        if m:
            return _ago(m[1], _unit(m[2]), "from now", anchor, tense)
    return _normalise_core(rest, anchor, tense)


def _is_duration(s: str) -> bool:
    return bool(
        re.fullmatch(
            rf"(?:(?:about|nearly|almost|more than|less than|over|some|at least|up to|another|the last|the past|"
            rf"the first|the full|a full|a whole|an entire|all|the whole) )?(?:{_NUM}|{_FEW}|\d+[.,]\d+)?(?: and a half)?"
            rf"(?: more| long| straight| consecutive)? ?{_UNIT}(?: long| straight| running| more| and a half)?",
            s,
        )
        or re.fullmatch(rf"(?:{_NUM}|\d+)-{_UNIT}(?:-long)?", s)
        or s in ("a long time", "a while", "some time", "all day", "all night", "round the clock")
    )


def _strip_time_of_day(s: str) -> str:
    if s in ("the morning", "the evening", "the night"):
        return s
    out = _TIME_OF_DAY_RE.sub(" ", s)
    out = _PART_OF_DAY_RE.sub(" ", out)
    out = re.sub(r"\s+", " ", out).strip()
    if out == s:
        return s
    # connectors left dangling once the clock time is gone: "at 9 am on tuesday" -> "tuesday"
    while True:
        trimmed = re.sub(r"^(?:at|on|of|around|about|shortly|just|before|after|in|the|early|late)\b\s*", "", out)
        trimmed = re.sub(r"\s*\b(?:at|on|of|around|about|in|the)$", "", trimmed).strip()
        if trimmed == out:
            return out
        out = trimmed


_DATEPARSER_WORTHY = re.compile(rf"\b{_MONTH}\b|\d{{1,4}}[/.-]\d{{1,2}}")


def _dateparser_fallback(s: str, anchor: dt.date | None, tense: str) -> TimeValue | None:
    """dateparser for absolute forms our rules miss; only where a month or a numeric date is named."""
    if not _DATEPARSER_WORTHY.search(s) or _is_duration(s):
        return None
    if anchor is None and not re.search(r"\b\d{4}\b", s):
        return None  # dateparser would fill the missing year from today's date
    from dateparser.date import DateDataParser  # imported late: it costs a quarter second

    settings = {"PREFER_DATES_FROM": "future" if tense == FUTURE else "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day, 12)
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(s)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input; we treat them as "no date"
        return None
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return _year(day.year, "date")
    if data.period == "month":
        return _month(day.year, day.month, "date")
    return _day(day, "date")
