"""The best guess of whose a name the knowledge base does not know is, and what kind of body it names:
"the Sri Lankan Tamil Congress" (LKA, a party), "National Thowheed Jamath, a local Islamist group" (the
story's country), "Riyadh's King Khalid International Airport" (a Saudi place, not a government body).
The resolver keeps such a name as an actor of its own with this guess (resolver.py: _unknown_mention).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Token

from .context import NAME_SECTOR_WORDS, stance_prefixed

# Words that place a group described in apposition in the story's own country ("a local Islamist group").
LOCAL_WORDS = {"local", "domestic", "homegrown", "home-grown", "indigenous"}
# Heads of names of places built for use, not bodies that act: a title inside such a name ("King Khalid
# International Airport", "Queen Elizabeth Hospital") names whom it honours, not a government.
FACILITY_HEADS = {"airport", "airfield", "airbase", "hospital", "stadium", "hotel", "mall", "bridge", "street",
                  "avenue", "boulevard", "road", "highway", "square", "mosque", "cathedral", "shrine", "station",
                  "port", "harbour", "harbor", "prison", "jail", "camp", "market", "park", "tower", "dam",
                  "terminal", "crossing", "checkpoint"}


def guess_unknown_name(kb, words: Sequence[Token], token: Token, role_at: Callable[[Token], object]):
    """(country, sectors, named_by_head, local) for an unknown name whose words are `words` and root
    `token`, or None for a place that names no one's body (a facility with no owner named).

    The country: a state or demonym inside the name, else the owner before it ("Riyadh's King Khalid
    International Airport"), else a demonym in a description in apposition ("NTJ, a Sri Lankan group").
    The sector: the last role word of the name (a facility's name has none)."""
    country = None
    for word in words:
        entry = None if stance_prefixed(word) else (kb.demonym(word.text) or next(iter(kb.lookup(word.text)), None))
        if entry is not None and entry.kind in ("state", "territory") and country is None:
            country = entry.country or entry.code
    facility = words[-1].lower_ in FACILITY_HEADS
    if country is None:
        for owner in (c for c in token.children if c.dep_ == "poss"):
            entry = next(iter(kb.lookup(owner.text)), None) or kb.metonym(owner.text)
            if entry is not None and (entry.country or entry.kind in ("state", "territory")):
                country = entry.country or entry.code
    if facility:
        return (country, [], False, False) if country is not None else None
    sectors: list[str] = []
    named_by_head = False
    for word in reversed(words):
        role = kb.role(word.lemma_.lower()) or kb.role(word.lower_)
        if role is not None:
            sectors = list(role.sectors)
        elif word.lower_ in NAME_SECTOR_WORDS:
            sectors = [NAME_SECTOR_WORDS[word.lower_]]
        else:
            continue
        named_by_head = word.i == words[-1].i
        break
    local = False
    if country is None:
        # "a little-known local Islamist group, National Thowheed Jamath", "NTJ, a Sri Lankan group":
        # the description in apposition says whose it is
        described = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if token.dep_ == "appos" and token.head.pos_ == "NOUN":
            described.append(token.head)
        for noun in described:
            for word in noun.lefts:
                entry = kb.demonym(word.text) if word.text[:1].isupper() else None
                if entry is not None and entry.kind in ("state", "territory") and country is None:
                    country = entry.country or entry.code
                local = local or word.lower_ in LOCAL_WORDS
            if not sectors and (role := role_at(noun)) is not None and role.sectors:
                sectors = list(role.sectors)
    return country, sectors, named_by_head, local
