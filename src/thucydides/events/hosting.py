"""Meetings that are also a visit hosted: one held where the counterpart is at home is the host's act
towards the visitor as well (CAMEO 043), as expert coders read "Tillerson held talks with Lavrov in Moscow"."""

from __future__ import annotations

from collections.abc import Sequence

from ..records import PlaceMention
from .arguments import expand_conjuncts
from .sides import Dyad
from .trigger import Trigger

# A meeting held in the counterpart's country is also the host's act towards the visitor (CAMEO 043):
# "Tillerson held talks with Lavrov in Moscow" is Russia hosting the US as well.
# A text signed by both sides where one is at home is a meeting there too ("signed an accord in Kampala").
HOSTED_CODES = {"040", "046", "057"}
HOSTING_CODE = "043"
# ... and the visitor's act towards its host (CAMEO 042): expert coders list the visit with the hosting.
VISIT_CODE = "042"
TRAVEL_VERBS = {"fly", "travel", "go", "come", "arrive", "head", "jet", "rush", "return"}
TRAVEL_NOUNS = {"stopover", "stop", "trip", "visit", "tour", "journey"}


def hosts_of(trigger: Trigger, dyads: list[Dyad], locating, places: Sequence[PlaceMention]) -> list[Dyad]:
    """The hosts of a meeting held where its counterpart is at home, each towards its visitor: "met
    Erdogan in Ankara", "talks with Lavrov in Moscow", "flew to Benghazi to meet Haftar", "Levy arrived
    here for talks with Turkish leaders" under an Ankara dateline."""
    host = _meeting_place(trigger, places)
    if host is None and any(t.lower_ == "here" and t.dep_ == "advmod" for t in trigger.anchor.sent):
        place = locating(trigger.token)  # the dateline is where the reporter is; "here" puts the meeting there
        host = place[0].country if place is not None and place[2] == "dateline" else None
    if host is None:
        return []
    return [(target, source) for source, target in dyads
            if target is not None and target[0].country == host and source[0].country != host
            and (source[0].country or source[0].code)]


def _meeting_place(trigger: Trigger, places: Sequence[PlaceMention]) -> str | None:
    """The country of a place "in" or "at" the meeting, or in its counterpart's phrase ("talks with
    Lavrov in Moscow"), or where the traveller went to meet ("flew to Benghazi to meet Haftar")."""
    anchor = trigger.anchor
    holders = {trigger.token.i, anchor.i}
    for word in (trigger.token, anchor):
        # the counterpart's phrase: "met Lavrov in Moscow", "talks with Lavrov in Moscow"
        counterparts = [c for c in word.children if c.dep_ == "dobj"]
        counterparts += [o for c in word.children if c.dep_ == "prep" and c.lower_ == "with"
                         for o in c.children if o.dep_ == "pobj"]
        holders |= {t.i for c in counterparts for t in expand_conjuncts(c)}
    travel: set[int] = set()  # the journey the meeting was the purpose of: "flew to", "made a stopover in"
    journey = None
    if anchor.dep_ in ("advcl", "xcomp") and anchor.head.i != anchor.i:
        journey = anchor.head
    elif trigger.token.dep_ == "pobj" and trigger.token.head.lower_ in ("for", "during"):
        journey = trigger.token.head.head  # "flew to Tirana for talks with Fino"
    if journey is not None:
        if journey.lemma_ in TRAVEL_VERBS:
            travel.add(journey.i)
        travel |= {c.i for c in journey.children if c.dep_ == "dobj" and c.lemma_ in TRAVEL_NOUNS}
    for mention in places:
        if mention.place is None or mention.place.country is None:
            continue
        token = anchor.doc[mention.token_start]
        owner = False
        while token.dep_ in ("compound", "poss") and token.head.i != token.i:
            owner = owner or token.dep_ == "poss"
            token = token.head  # "at Havana's Palace of the Revolution": a place, though it owns one
        if mention.is_actor and not owner:
            continue
        prep = token.head if token.dep_ == "pobj" else None
        if prep is None:
            continue
        if prep.lower_ in ("in", "at") and prep.head.i in holders:
            return mention.place.country
        if prep.head.i in travel and prep.lower_ in ("to", "in", "into"):
            return mention.place.country
    return None
