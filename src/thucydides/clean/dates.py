"""Publication timestamps as pages print them, normalised to ISO 8601 as precise as written."""

from __future__ import annotations

import re
from datetime import date, datetime

from .rules import PageRules

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?,?\s+)?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b", re.I),
    re.compile(_WEEKDAY + r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>(?:19|20)\d{2})\b", re.I),
    # day-first numeric dates are ambiguous with month-first ones unless the day is over 12
    re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>(?:19|20)\d{2})\b"),
]
_TIME = re.compile(
    r"(?P<H>\d{1,2})[:.h](?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\.\d+)?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"(?:\s*(?P<tz>Z\b|[+-]\d{2}:?\d{2}\b|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?\b|[A-Z]{1,5}\b|beijing time))?",
    re.I,
)
_TIME_GAP_AFTER = re.compile(r"^(?:\s*(?:[T,|@•·-]|at|\bat\b)?\s*)", re.I)


def _offset(tz: str | None, rules: PageRules) -> str | None:
    if not tz:
        return None
    tz = tz.strip()
    if tz.upper() == "Z":
        return "+00:00"
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", tz)
    if m:
        return f"{m.group(1)}{m.group(2)}:{m.group(3)}"
    m = re.fullmatch(r"(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", tz, re.I)
    if m:
        return f"{m.group(1)}{int(m.group(2)):02d}:{m.group(3) or '00'}"
    return rules.timezone.get(tz.upper())


def _time_from(match: re.Match[str], rules: PageRules) -> tuple[str, str | None] | None:
    hour, minute = int(match.group("H")), int(match.group("M"))
    ampm = (match.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    clock = f"{hour:02d}:{minute:02d}"
    if match.group("S"):
        clock += f":{int(match.group('S')):02d}"
    tz = match.group("tz")
    offset = _offset(tz, rules)
    return clock, offset


def find_timestamp(text: str, rules: PageRules) -> tuple[str, int, int] | None:
    """The first date in `text` (with the time and zone written next to it): (iso, start, end)."""
    best: tuple[date, re.Match[str]] | None = None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
        try:
            day = date(int(groups["y"]), month, int(groups["d"]))
        except ValueError:
            continue
        if best is None or match.start() < best[1].start():
            best = (day, match)
    if best is None:
        return None
    day, match = best
    iso, start, end = day.isoformat(), match.start(), match.end()
    # a time written right after the date ("2008-09-09 21:16"), or right before it ("21:16, Sept 9, 2008")
    gap = _TIME_GAP_AFTER.match(text[end:])
    after = _TIME.match(text, end + (gap.end() if gap else 0))
    before = None
    for candidate in _TIME.finditer(text[:start]):
        if not text[candidate.end() : start].strip(" ,|-") and candidate.end() >= start - 4:
            before = candidate
    for found in (after, before):
        if found is None:
            continue
        parsed = _time_from(found, rules)
        if parsed is None:
            continue
        clock, offset = parsed
        iso = f"{iso}T{clock}{offset or ''}"
        # an unknown word after the time is not a zone and not part of the timestamp
        found_end = found.end() if offset else found.start("tz") if found.group("tz") else found.end()
        start, end = min(start, found.start()), max(end, found_end)
        break
    return iso, start, end


def normalise_iso(value: str | None) -> str | None:
    """A machine timestamp (feed, HTML meta, WARC header, record field) as ISO 8601, or None."""
    if not value:
        return None
    value = str(value).strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        found = find_timestamp(value, load_default_rules())
        return found[0] if found else None
    if parsed.hour == parsed.minute == parsed.second == 0 and len(value) <= 10:
        return parsed.date().isoformat()
    text = parsed.isoformat(timespec="seconds" if parsed.second else "minutes")
    return text


def load_default_rules() -> PageRules:
    from .rules import load_rules

    return load_rules()


# /2019/11/28/, /20191128/, -2019-11-28-: a year, month and day in a row, each a path part or joined
_URL_DATE = re.compile(r"(?<![\d])((?:19|20)\d{2})([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![\d])")


def date_from_url(url: str | None) -> str | None:
    """The publication day a URL's path carries ("https://x.com/2019/11/28/story" -> "2019-11-28")."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]*", "", url, flags=re.I).split("?")[0]
    m = _URL_DATE.search(path)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(3)), int(m.group(4))).isoformat()
    except ValueError:
        return None
