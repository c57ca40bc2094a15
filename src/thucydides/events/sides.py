"""Who is on which side: the tags a pattern's senses test, one actor and its own organs, the phrases
the parser split, the key readings merge on."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ..records import Actor

ActorRef = tuple[Actor, str]
# A source and its target, if any, each with the words that named it.
Dyad = tuple[ActorRef, ActorRef | None]

# Sectors a sense excludes as bodies of people (troops, police): their titled officers still act as officials.
COLLECTIVE_SECTORS = {"MIL", "COP", "UAF"}

# Countries an actor takes from the story or the dateline rather than from the text around it.
GUESSED_BASES = ("story", "dateline")

# Actors of a country that are not its state: they act on it, and it on them.
CHALLENGER_SECTORS = {"OPP", "REB", "INS", "SEP", "UAF"}
# Armed challengers: the ones of them that fight.
ARMED_CHALLENGER_SECTORS = CHALLENGER_SECTORS - {"OPP", "SEP"}
# A state's own forces and officials: the ones who use its force.
OWN_FORCE_SECTORS = {"MIL", "GOV", "COP", "SPY"}


def actor_tags(actor: Actor) -> set[str]:
    """What a pattern's sense constraints test: the actor's sectors and its kind ("STATE" for a state
    named as such, with no sector)."""
    tags = set(actor.sector)
    if actor.kind != "state":
        tags.add(actor.kind.upper())
    elif not tags:
        tags.add("STATE")
    return tags


def sense_filter(refs: list[ActorRef], required: Sequence[str], excluded: Sequence[str]) -> list[ActorRef]:
    out = []
    for ref in refs:
        tags = actor_tags(ref[0])
        if required and not tags & set(required):
            continue
        if excluded and tags & set(excluded) and not (ref[0].title and tags & set(excluded) <= COLLECTIVE_SECTORS):
            continue  # a titled individual ("a Pakistani military chief") is an official, not the body
        out.append(ref)
    return out


def split_phrases(tokens: Sequence[Token]) -> list[Token]:
    """The phrases, with the pieces of one phrase that the parser split: adjacent subjects of one verb
    ("Old foes Gondor and Osgiliath have ...", "Lions, tigers, and Gondor welcomed") and a
    coordination attached as a modifier of the last conjunct ("Fornost and the evil Gondor")."""
    out: list[Token] = []
    for token in tokens:
        group = [token]
        if token.dep_ in ("nsubj", "nsubjpass"):
            siblings = sorted((c for c in token.head.children if c.dep_ == token.dep_), key=lambda c: c.i)
            at = siblings.index(token)
            start = end = at
            while start > 0 and siblings[start - 1].right_edge.i + 1 == siblings[start].left_edge.i:
                start -= 1
            while end + 1 < len(siblings) and siblings[end].right_edge.i + 1 == siblings[end + 1].left_edge.i:
                end += 1
            group = siblings[start:end + 1]
        for piece in list(group):
            group += [c for c in piece.lefts if c.dep_ in ("nmod", "compound") and c.pos_ in ("PROPN", "NOUN")
                      and any(g.dep_ == "cc" for g in c.subtree)]
        out.extend(t for t in group if t not in out)
    return out


def same_side(a: Actor, b: Actor) -> bool:
    """One actor and itself, or a state and its own organs ("Russia" and "Russian troops").

    Two different organs of one state are different sides ("Egyptian police arrested opposition
    activists"), and so are two people.
    """
    if a.id == b.id:
        return True
    if a.kind == "person" or b.kind == "person":
        return False
    if not a.country or a.country != b.country:
        return False
    if not a.sector or not b.sector:
        # a state and its own organs are one side; its opposition or rebels are not
        # ("Iran's opposition called for a boycott of the elections in Iran"); rebels whose country is
        # only the story's guess are not set against the state they may well be fighting for
        guessed = a.country_basis in GUESSED_BASES or b.country_basis in GUESSED_BASES
        return guessed or not (set(a.sector) | set(b.sector)) & CHALLENGER_SECTORS
    return set(a.sector) == set(b.sector)


def partners(a: Actor, b: Actor) -> bool:
    """Two parties coordinated in a mutual act ("Ukraine and pro-Russian separatists signed a ceasefire"):
    the coordination says they are two sides, even where the challenger's country is the story's guess."""
    if not same_side(a, b) and not (a.country and a.country == b.country and set(a.sector) == set(b.sector)):
        return True  # ("the Tanzanian President, John Magufuli": one office named twice is no pair)
    return a.id != b.id and a.country == b.country and set(a.sector) != set(b.sector) and _challenged(a, b)


def own_state(source: Actor, target: Actor) -> bool:
    """The target is the source itself or the plain state the source is named for ("U.S. Ambassador
    Wilkins" and "US policies")."""
    return same_side(source, target) or (
        target.kind == "state" and not target.sector and bool(source.country) and source.country == target.country
        and not source.country_basis and not target.country_basis)


def dyad_key(actor: Actor | None) -> str:
    if actor is None:
        return ""
    return actor.country or actor.id


def merge_key(source: Actor, target: Actor | None) -> tuple[str, str, str]:
    """What readings of one act merge on: the two countries, and within one country which side acts
    when a challenger takes part ("Kiir and Machar signed": the government's act and the rebels' are two)."""
    side = ""
    if target is not None and source.country and source.country == target.country and _challenged(source, target):
        side = "/".join(sorted(source.sector))
    return dyad_key(source), dyad_key(target), side


def _challenged(a: Actor, b: Actor) -> bool:
    """Is one of the two a challenger of a state (rebels, opposition, separatists)?"""
    return bool((set(a.sector) | set(b.sector)) & CHALLENGER_SECTORS)
