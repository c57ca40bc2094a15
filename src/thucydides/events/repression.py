"""Force a state uses on people protesting: violent repression (CAMEO 175), as expert coders read
"soldiers opened fire on protesters" or "security forces killed dozens of demonstrators", rather than
the military force or assault the verb alone would code."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from .phrases import phrase_matches
from .sides import OWN_FORCE_SECTORS, Dyad

# The acts so read: assaults (18) and fights (19) by a state's forces or officials (OWN_FORCE_SECTORS).
FORCE_ROOTS = {"18", "19"}
REPRESSION_CODE = "175"


# Prepositions that set an act in a protest: "shot dead dozens of Palestinians during mass protests".
FRAMING_PREPS = ("during", "at", "amid", "amidst")
# Those harmed in a protest who are no protesters: fighters, forces, officials.
ARMED_SECTORS = {"MIL", "COP", "SPY", "REB", "INS", "UAF", "CRM", "GOV"}


def repression_code(code: str, dyads: Sequence[Dyad], aimed_at: Sequence[Token], protesting: Sequence[str],
                    anchor: Token | None = None) -> str:
    """175 where every source is a state's force and the act is aimed at people protesting ("protesters",
    "a sit-in", "protest camps"): every target named so, or with no target actor, the phrase it is aimed
    at, or the act is done during a protest to people who bear no arms; else the code unchanged."""
    if code[:2] not in FORCE_ROOTS or not protesting or not dyads:
        return code
    if not all(set(source[0].sector) & OWN_FORCE_SECTORS for source, _ in dyads):
        return code
    targets = [target for _, target in dyads if target is not None]
    if anchor is not None and _in_protest(anchor, protesting) \
            and not any(set(target[0].sector) & ARMED_SECTORS for target in targets):
        return REPRESSION_CODE
    if targets:
        return REPRESSION_CODE if all(_protesting(text or "", protesting) for _, text in targets) else code
    return REPRESSION_CODE if any(phrase_matches(t, protesting) for t in aimed_at) else code


def _in_protest(anchor: Token, protesting: Sequence[str]) -> bool:
    """The act is set in a protest by a phrase of its own ("during mass protests", "at a rally")."""
    return any(prep.dep_ == "prep" and prep.lower_ in FRAMING_PREPS and phrase_matches(pobj, protesting)
               for prep in anchor.children for pobj in prep.children if pobj.dep_ == "pobj")


def _protesting(text: str, protesting: Sequence[str]) -> bool:
    lowered = text.lower()
    words = {w.strip(".,'\"") for w in lowered.split()}
    words |= {w[:-1] for w in words if w.endswith("s")}
    return any(phrase in words if " " not in phrase else phrase in lowered for phrase in protesting)
