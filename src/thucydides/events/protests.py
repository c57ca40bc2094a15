"""Protests that a report of their repression tells: "police detained hundreds of protesters at
anti-corruption rallies", "troops shot dead dozens of Palestinians during mass protests". Expert coders
list the protest (CAMEO 141, from the protesters to their government) as well as the force used on it;
the protest has no verb of its own there, so it is read from the repression's sentence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..records import Actor
from .sides import Dyad
from .trigger import Trigger

# Words that say a protest took place where force was used.
PROTEST_WORDS = {"protest", "protester", "protestor", "demonstration", "demonstrator", "rally", "march", "marcher",
                 "sit-in", "picket", "rioter", "riot", "unrest"}
# Acts of force that protests prompt: repression, assault, fighting.
REPRESSION_ROOTS = {"17", "18", "19"}
# Who may be the protesters among the victims: people and groups, not organs of a state (and whom a
# protest with no target is addressed from: the coder sends it to their own government).
PROTESTING_SECTORS = {"CVL", "OPP", "LAB", "EDU", "REL", "HLH", "MED"}
# Modifiers of a protest made by a state in words (CAMEO 114), not in the street.
FORMAL_WORDS = {"diplomatic", "formal", "official", "written", "strong", "strongly-worded", "verbal"}
DEMONSTRATE_CODE = "141"


def implied_protests(found: list[tuple[Trigger, list[Dyad]]],
                     state_actor: Callable[..., Actor | None] | None) -> list[tuple[Trigger, list[Dyad]]]:
    """The protest (141) the first act of force on protesters tells, in a sentence that codes no protest
    itself: from its victims (or the people of the forces' state, where the victims are not named) to the
    state whose forces met them when they are foreign, else to no one named (the coder gives it the
    protesters' own government)."""
    if any(trigger.code[:2] == "14" for trigger, _ in found):
        return []
    out: list[tuple[Trigger, list[Dyad]]] = []
    for trigger, dyads in found:
        if trigger.code[:2] not in REPRESSION_ROOTS:
            continue
        words = [t for t in trigger.anchor.subtree if t.lemma_.lower() in PROTEST_WORDS and _in_the_street(t)]
        if not words:
            continue
        protesters: list[Dyad] = []
        for (source, _), target in dyads:
            if target is not None and set(target[0].sector) & PROTESTING_SECTORS:
                # protesters of another country protest to the state whose forces met them ("Israeli
                # troops shot dead Palestinians during protests along the Gaza fence")
                foreign = target[0].country != source.country and state_actor is not None and source.country
                state = state_actor(source.country) if foreign else None
                protesters.append((target, (state, source.name) if state is not None else None))
            elif source.country and state_actor is not None and (people := state_actor(source.country, ("CVL",))):
                protesters.append(((people, words[0].text), None))
        if protesters:
            out.append((replace(trigger, code=DEMONSTRATE_CODE), protesters[:1]))
            break
    return out



def _in_the_street(word) -> bool:
    """Is the protest word one in the street: not a name ("the Rally for Social Democracy") nor a protest
    in words ("Hanoi will file a diplomatic protest")?"""
    return word.pos_ != "PROPN" and not any(c.lower_ in FORMAL_WORDS for c in word.children)
