"""Events: code each sentence's events from the dependency parse with the pattern dictionary.

    arguments.py   who acts and who is acted on (subjects, objects, passives, control, relatives)
    matching.py    which pattern a verb or event noun fires (particles, objects, support verbs,
                   governing verbs whose code comes from the act they govern)
    coder.py       triggers -> actors -> readings (factuality, date, place, quote, counts)
    casualties.py  counts of people killed, injured and arrested

A sentence with no pattern yields nothing: there is no fallback code.
"""

from __future__ import annotations

from .casualties import count_casualties
from .coder import EventCoder, EventDate, EventPlace, stable_id
from .matching import TriggerMatcher
from .sides import same_side
from .trigger import Trigger

__all__ = [
    "EventCoder", "EventDate", "EventPlace", "Trigger", "TriggerMatcher", "count_casualties", "same_side",
    "stable_id",
]
