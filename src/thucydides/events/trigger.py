"""A trigger: a pattern that fired on a token, with the argument tokens it found (matching.py finds
them, parties.py resolves their parties, coder.py reads them into readings)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..knowledge.patterns import Pattern


@dataclass
class Trigger:
    """A pattern that fired on a token, with the argument tokens it found."""

    pattern: Pattern
    token: Token  # the word the pattern names (verb or event noun)
    anchor: Token  # the verb that carries tense/negation/date (the support verb for nouns)
    sources: list[Token]
    targets: list[Token]
    code: str
    words: str = ""
    symmetric: bool = False
    consumed: list[Token] = field(default_factory=list)  # governed acts coded through this trigger
    act: Trigger | None = None  # the governed act, when a pattern matched it
    unsaid_agent: bool = False  # "there will be an agreement": reported speech may name the agent
    about_event: bool = False  # the object is an act ("deplored the bomb blasts"): its author may be unsaid
    fallback_targets: list[Token] = field(default_factory=list)  # tried when `targets` name no actor
    summary: bool = False  # a noun summing up the clause before it ("..., a show of force"): anchor is its verb
