"""What a noun of people or of weapons stands for where it stands: a nation's plural name as the subject of
what crowds do is its people ("Algerians protested"), "people" act only as a clause's subject ("thousands
of people marched", never "killing 40 people"), and weapons handed over, fired or placed are things, not
the forces using them ("to send fighter jets"). Helpers of the resolver (resolver.py)."""

from __future__ import annotations

from spacy.tokens import Token


def plural_people(token: Token) -> bool:
    """A plural people noun, also where the tagger took it for a singular name ("Georgians" as NNP)."""
    return token.tag_ in ("NNS", "NNPS") or (token.tag_ == "NNP" and token.text.endswith(("ans", "is", "ers")))


# What crowds do: a nation's plural name as their subject is its people ("Georgians protested").
CROWD_ACTS = {"protest", "demonstrate", "march", "rally", "riot", "flee", "gather", "mourn", "celebrate", "picket"}
# Verbs of handing weapons over, firing, placing or making them: what they move is a thing, not the forces
# that use it ("to send fighter jets", "fired anti-tank missiles at a post", "deployed tanks").
WEAPON_HANDLING_VERBS = {"send", "supply", "deliver", "provide", "sell", "give", "ship", "buy", "purchase", "acquire",
                         "transfer", "donate", "order", "export", "import", "equip", "arm", "receive", "procure",
                         "offer", "pledge", "promise", "lease", "lend", "fire", "launch", "use", "test", "deploy",
                         "station", "move", "build", "develop", "produce", "manufacture", "possess"}


def handed_over(token: Token) -> bool:
    """A weapon handed over, fired or placed ("to send fighter jets", "tanks were delivered", "supplied it
    with drones", "fired missiles at a post").
    ("sell Egypt fighter jets": the small model makes the one it goes to a compound, which owns it then.)"""
    if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children):
        return False
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "with":
        head = head.head
    elif token.dep_ not in ("dobj", "nsubjpass"):
        return False
    return head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in WEAPON_HANDLING_VERBS


def acting_subject(token: Token) -> bool:
    """The active subject of a clause, or the people a counted subject counts ("Tens of thousands of people
    marched"; "40 people were killed" names the ones harmed)."""
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i != token.head.i \
            and (token.head.head.pos_ == "NUM" or token.head.head.tag_ == "NNS"):
        token = token.head.head
    return token.dep_ == "nsubj"
