"""Acts a speaker asks of others, stated as what they should do: "Now is the time for Taiwan to open its
markets," Johanns said (an appeal); "Israel must withdraw from Gaza," Rice said (a demand). The act is
not done; the speaker's request is the event, coded from the act through the pattern set's act maps
(`appeal` and `demand` in 00-maps.yaml), towards the ones asked.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ..knowledge.patterns import PatternSet
from ..records import Actor
from .arguments import OBLIGATION_MODALS, is_verb, lemma
from .sides import same_side
from .trigger import Trigger

# "must withdraw", "should release", "ought to stop" (arguments.OBLIGATION_MODALS), "has to end", "needs to leave"
OBLIGATION_VERBS = {"have", "need"}
# "the treaty parties must acknowledge that ...": what others must say is an opinion, not a demand coded
SAYING_ROOTS = {"01"}


def time_for(patterns: PatternSet, trigger: Trigger, dyads: list, speaker: Actor | None) -> tuple[Trigger, list]:
    """An act someone says it is time for others to do is the speaker's appeal to them, coded from the
    act ("time for Taiwan to open its markets": an appeal for economic cooperation)."""
    verb = trigger.anchor
    if speaker is None or verb.dep_ != "relcl" or verb.head.lemma_.lower() != "time" \
            or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return trigger, dyads
    code = patterns.act_code("appeal", trigger.code) or "020"
    asked = [source for source, _ in dyads if not same_side(source[0], speaker)]
    appeal = replace(trigger, code=code, anchor=verb.head)  # the noun is no wished act: not filtered
    return appeal, [((speaker, speaker.name), source) for source in asked]


def obliged(verb: Token) -> bool:
    """The act is stated as an obligation, not negated: "Israel must withdraw", "Iran should release the
    sailors", "Syria has to stop interfering"."""
    if not is_verb(verb) or any(c.dep_ == "neg" for c in verb.children):
        return False
    if any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and is_verb(head) and lemma(head) in OBLIGATION_VERBS \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
        and not any(c.dep_ == "neg" for c in head.children)


def demanded(patterns: PatternSet, trigger: Trigger, dyads: list, speaker: Actor | None) -> tuple[Trigger, list]:
    """What a speaker says another side must do is the speaker's demand of it ("Israel must withdraw
    from Gaza," Rice said: the United States demands a withdrawal of Israel, CAMEO 10, asserted).
    A side saying what it must do itself states an intent, left to the act's own coding."""
    if speaker is None or trigger.code[:2] in SAYING_ROOTS or not obliged(trigger.anchor):
        return trigger, dyads
    asked = [source for source, _ in dyads if not same_side(source[0], speaker)]
    if not asked:
        return trigger, dyads
    code = patterns.act_code("demand", trigger.code) or "100"
    demand = replace(trigger, code=code, pattern=replace(trigger.pattern, factuality="asserted"))
    return demand, [((speaker, speaker.name), source) for source in asked]
