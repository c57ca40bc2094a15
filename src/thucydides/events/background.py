"""History, not news: acts a story dates, or places by "N years after", further back than the limit set
in settings (events.max_days_before_publication). "The 1947 war" is background to a story; the coder
leaves such acts out rather than report them as events of the story's days."""

from __future__ import annotations

import datetime as _dt

from spacy.tokens import Token

from ..times.values import NUMBER_WORDS
from .arguments import lemma

# Days in a unit of "five years after ...", "two decades since ...".
YEAR_UNITS = {"year": 365, "decade": 3650, "century": 36500}
BACKGROUND_MARKS = {"after", "since"}


def too_old(basis: str, event_date: str | None, date_range: tuple[str | None, str | None] | None,
            published_day: str | None, max_days: int) -> bool:
    """A date read from the text whose last possible day lies more than `max_days` before publication."""
    if not max_days or basis != "text" or not published_day:
        return False
    last = (date_range[1] if date_range and date_range[1] else None) or event_date
    if not last:
        return False
    return (_dt.date.fromisoformat(published_day) - last_day(last)).days > max_days


def years_before(verb: Token, max_days: int) -> bool:
    """"restored ties five years after crowds trashed its embassy": an act a clause places further back
    than the background limit, counted from the act it precedes."""
    if not max_days or verb.dep_ != "advcl" \
            or not any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in verb.children):
        return False
    for span in verb.children:
        unit = YEAR_UNITS.get(lemma(span))
        if span.dep_ != "npadvmod" or unit is None:
            continue
        counts = [c for c in span.children if c.dep_ == "nummod"]
        count = NUMBER_WORDS.get(counts[0].lower_) if counts else 1
        if counts and counts[0].text.isdigit():
            count = int(counts[0].text)
        if count is not None and count * unit > max_days:
            return True
    return False


def last_day(value: str) -> _dt.date:
    """The last day a date of day, month or year precision can mean ("1990" -> 1990-12-31)."""
    if len(value) == 4:
        return _dt.date(int(value), 12, 31)
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        following = _dt.date(year + (month == 12), month % 12 + 1, 1)
        return following - _dt.timedelta(days=1)
    return _dt.date.fromisoformat(value[:10])
