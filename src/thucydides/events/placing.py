"""Where a sentence puts its act, for the actors whose country it decides: the one country a
sentence's places of location lie in ("clashed with militia in Basra"), and the modifiers of a violent
event noun that say where rather than who ("the Nairobi attack")."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..actors import DocActors
from ..records import Place, PlaceMention

# Where a sentence says it happens: "in the southern city of Basra", "west of Baghdad", "near Mosul"
# ("aid to Baghdad" names a party, not a place).
WHERE_PREPS = {"in", "at", "near", "inside", "outside", "around", "across", "throughout", "within"}

# A place under "of" one of these nouns locates too: "the southern city of Basra", "west of Baghdad".
WHERE_NOUNS = {"city", "town", "village", "province", "region", "district", "capital", "port", "outskirts",
               "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "area"}

# Arcs that make a phrase describe a participant rather than where the act is.
ARGUMENT_DEPS = {"dobj", "nsubj", "nsubjpass", "attr", "appos", "dative", "poss", "oprd"}


def describes_argument(token: Token) -> bool:
    """The phrase holding `token` describes a participant ("protesting a ruling on the murder in Berlin"):
    its place is that of something else, not of the sentence's act."""
    while token.head.i != token.i:
        token = token.head
        if token.dep_ in ARGUMENT_DEPS:
            return True
    return False


def one_country_placed(sent: Span, places: Sequence[PlaceMention], actors: DocActors,
                       arguments: bool = False) -> Place | None:
    """The place of a sentence whose places of location ("in Basra", "west of Baghdad") all lie in one
    country, else None; a name inside an actor's phrase ("the US military") is no place. With
    `arguments`, a place that describes a participant counts too ("struck churches in Sri Lanka": where
    the ones harmed are is where the harm was done)."""
    doc = sent.doc
    named = [(m.start, m.end) for m in actors.mentions if sent.start_char <= m.start < sent.end_char]
    inside = []
    for m in places:
        if m.place is None or not m.place.country or not sent.start_char <= m.start < sent.end_char \
                or m.token_end <= m.token_start:
            continue
        root = doc[m.token_start:m.token_end].root
        head = root.head
        if (m.is_actor or any(a <= m.start < b for a, b in named)) and not (
                arguments and head.dep_ == "prep" and head.lower_ in WHERE_PREPS):
            continue  # (a state named after "in" is where a harm is done: "churches in Sri Lanka")
        if head.dep_ == "prep" and (head.lower_ in WHERE_PREPS or head.lower_ == "of" and head.head.lower_ in WHERE_NOUNS) \
                and (arguments or not describes_argument(root)):
            inside.append(m.place)
    return inside[0] if inside and len({p.country for p in inside}) == 1 else None


def place_modifier(token: Token, actors: DocActors) -> bool:
    """A modifier of a violent event noun that says where, not who: a state's or capital's name ("the
    Kenya bombing", "the Nairobi attack") or a state's building ("the Kenya embassy bombing"). A
    demonym ("an Israeli attack"), an abbreviation used as one ("US strikes") and a force ("rebel
    attack", "army offensive") say who."""
    if token.dep_ != "compound":
        return False
    if token.pos_ == "PROPN":
        name = token
    elif token.pos_ == "NOUN":
        name = next((c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
        if name is None:
            return False
    else:
        return False
    if name.text.replace(".", "").isupper():
        return False
    mention = actors.at(token) or actors.at(name) or actors.latent_at(name)
    return bool(mention and mention.actors) and all(
        a.kind == "state" and set(a.sector) <= {"GOV"} for a in mention.actors)
