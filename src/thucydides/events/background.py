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


# Nouns and verbs whose "into", "over", "of" phrase names a past act as their matter: "the probe into the
# murder of Hariri", "a report on the Hariri killing", "accused of ordering the killings", "acquitted of
# his wife's murder".
INQUIRY_NOUNS = {"probe", "inquiry", "enquiry", "investigation", "report", "trial", "case", "hearing",
                 "commission", "charge", "verdict", "evidence", "suspect", "investigator", "prosecution",
                 "testimony", "findings", "finding", "role", "involvement", "responsibility", "complicity"}
ACCUSATION_WORDS = {"accuse", "acquit", "convict", "suspect", "charge", "try", "blame", "implicate", "clear",
                    "indict", "guilty", "innocent", "responsible", "involved", "investigate", "probe"}
INQUIRY_PREPS = {"into", "over", "on", "of", "about", "for", "in", "behind"}


def matter_of_inquiry(noun: Token) -> bool:
    """An act named as what an inquiry, trial or accusation is about: told as a past matter, not reported
    as news (unless its own phrase gives it a day: "the probe into the February 14 murder")."""
    if any(t.ent_type_ in ("DATE", "TIME") for t in noun.subtree):
        return False
    prep = noun.head
    if noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in INQUIRY_PREPS:
        governor = prep.head
    elif noun.dep_ == "dobj" and noun.head.dep_ in ("pcomp", "xcomp"):  # "accused of ordering the killings"
        return matter_of_inquiry(noun.head)
    elif noun.dep_ == "pcomp" and prep.dep_ == "prep" and prep.lower_ in INQUIRY_PREPS:
        governor = prep.head
    else:
        return False
    if prep.lower_ == "into" and any(o.i < prep.i and lemma(o) in INQUIRY_NOUNS for p in governor.children
                                     if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"):
        return True  # "cooperated with a UN probe into the murder": the parser hangs "into" on the verb
    return lemma(governor) in INQUIRY_NOUNS or lemma(governor) in ACCUSATION_WORDS


# Prepositions that put an act inside a war: "killed in the Korean War", "died during the Second World War".
WAR_PREPS = {"in", "during"}


def in_named_war(verb: Token, max_days: int) -> bool:
    """"the remains of U.S. soldiers killed in the Korean War": an act inside a war the text names with a
    capital ("the Korean War", "the Gulf War", "World War Two"), a war of history (a war going on is
    written in lower case: "killed in the Syrian war")."""
    if not max_days:
        return False
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in WAR_PREPS:
            continue
        for war in prep.children:
            if war.dep_ == "pobj" and (war.text == "War" or (
                    war.pos_ in ("PROPN", "NUM") and any(t.text == "War" for t in war.lefts))):
                return True
    return False
