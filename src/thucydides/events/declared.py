"""What a side says it will or will not do, coded as the saying: an intent expressed (CAMEO 03), a
refusal (12) or a threat (13), made now, rather than the act itself in the future.

"Russia said it would withdraw" codes the promise (CODING.md: the promise is the event); "Israel will
not negotiate with Hamas" a refusal; "we will cut supplies unless Kiev pays, Gazprom said" a threat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..records import Quote
from .arguments import conditional, future_negated
from .factuality import CONDITIONAL_AUX, HYPOTHETICAL_AUX
from .matching import WILLING_VERBS
from .occurrence import readiness_of
from .sides import ARMED_CHALLENGER_SECTORS, Dyad, same_side
from .trigger import Trigger

# Harmful acts that, made conditional on the other side's conduct, are threats.
CONDITIONAL_THREAT_ROOTS = {"15", "16", "17", "18", "19", "20"}
# Acts of force that, said by their own side to come, are threats even with no condition ("Israel said it
# would strike Iran's nuclear sites", "vowed that his forces would crush them"): blind expert coders list the
# threat (CAMEO 138x), made when said, not an attack to come.
ANNOUNCED_THREAT_ROOTS = {"18", "19", "20"}
# Cooperative acts that, announced by their own side for the future, are an expressed intent (CAMEO 03).
ANNOUNCED_INTENT_ROOTS = {"04", "05", "06", "07", "08"}
# Cooperative acts whose refusal has a CAMEO 12 code (the refuse act map).
REFUSABLE_ROOTS = {"03", "04", "05", "06", "07", "08"}



def declared(trigger: Trigger, code: str, factuality: str, dyads: Sequence[Dyad], quote: Quote | None,
             act_code: Callable[[str, str], str | None]) -> tuple[str, str]:
    """The code and factuality of an act its own side declares.

    A harm its own side makes conditional on the other's conduct is a threat, and the threat is made
    (asserted). A cooperative act its side says it will do is an intent expressed now (asserted; blind
    expert annotators code it so too), and so is force it says it will use (a threat); another harm its
    side only says it will do stays that act, in the future, and the reporter's own conditional ("if the talks fail, Israel could bomb") stays
    hypothetical. `act_code(family, code)` maps an act to its intent, refusal or threat code.
    """
    if trigger.pattern.target == "condition":
        return code, "asserted"  # "the US would defend Taiwan if China attacked": the warning is made
    if code[:2] == "13" and factuality == "hypothetical" and conditional(trigger.anchor) \
            and not any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX | CONDITIONAL_AUX
                        for c in trigger.anchor.children):  # "Iran could warn ...": the saying itself supposed
        return code, "asserted"  # "warned the US of consequences if it attacked": the condition is the warning's
    if trigger.pattern.governs and code[:2] == "12" and factuality == "negated" \
            and trigger.anchor.lemma_.lower() in WILLING_VERBS:
        return code, "asserted"  # "did not want to meet Kabila": the refusal is made
    readiness = readiness_of(trigger.anchor) if not trigger.pattern.governs else None
    if readiness is not None:
        # "Israel is willing to negotiate with Syria": the readiness is the intent, expressed now;
        # "ready to use force" a threat; "not prepared to withdraw" a refusal
        if readiness == "intent" and code[:2] in CONDITIONAL_THREAT_ROOTS:
            readiness = "threat"
        if code[:2] in REFUSABLE_ROOTS or readiness == "threat":
            mapped = act_code(readiness, code)
            if mapped:
                return mapped, "asserted"
    if code[:2] in REFUSABLE_ROOTS and factuality == "negated" and not trigger.pattern.governs \
            and future_negated(trigger.anchor):
        # "Israel will not negotiate with Hamas": a refusal, made (CAMEO 12)
        refusal = act_code("refuse", code)
        return (refusal, "asserted") if refusal else (code, factuality)
    if code[:2] in ANNOUNCED_INTENT_ROOTS and factuality == "future" and not trigger.pattern.governs \
            and not trigger.unsaid_agent and not conditional(trigger.anchor) and said_by_own_side(quote, dyads):
        # "Gujral said he would improve relations with Pakistan": a side announcing its own
        # cooperative act expresses the intent, now
        intent = act_code("intent", code)
        if intent:
            return intent, "asserted"
    announced = code[:2] in ANNOUNCED_THREAT_ROOTS and factuality == "future"
    if code[:2] not in CONDITIONAL_THREAT_ROOTS or factuality not in ("hypothetical", "future") \
            or trigger.pattern.governs or not (announced or conditional(trigger.anchor)) \
            or not said_by_own_side(quote, dyads):
        return code, factuality
    threat = act_code("threat", code)
    return (threat, "asserted") if threat else (code, factuality)


def said_by_own_side(quote: Quote | None, dyads: Sequence[Dyad]) -> bool:
    """The act is reported by a speaker of its sources' own country (or by a source itself)."""
    speaker = quote.speaker if quote is not None else None
    if speaker is None or not dyads:
        return False
    return all(same_side(source, speaker) or (speaker.country and source.country == speaker.country)
               for (source, _), _ in dyads)


# Harm an armed group says its own side did: the saying claims responsibility (CAMEO 015).
CLAIMED_ROOTS = {"18", "19", "20"}
CLAIM_RESPONSIBILITY_CODE = "015"


def claimed_by_speaker(trigger: Trigger, dyads: Sequence[Dyad], quote: Quote | None) -> list[Dyad]:
    """The claim of responsibility an armed group's account of its own attack makes ("the Houthi rebels said
    they had launched the attack with ten drones", "Islamic State's affiliate said one of its fighters
    detonated explosives"): from the group to the ones attacked; none for a state's forces, whose reports of
    their operations claim nothing."""
    speaker = quote.speaker if quote is not None else None
    if trigger.code[:2] not in CLAIMED_ROOTS or speaker is None or not set(speaker.sector) & ARMED_CHALLENGER_SECTORS:
        return []
    if not any(same_side(source, speaker) for (source, _), _ in dyads):
        return []
    return [((speaker, quote.speaker_text or speaker.name), target) for _, target in dyads[:1]]
