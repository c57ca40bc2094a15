"""Phrases of a pattern matched at a word: a noun with its compounds and modifiers ("humanitarian aid"),
a hyphenated word ("cease-fire"), a noun with its "of" complement ("letter of apology"). Used by the
matcher and the event-noun triggers (matching.py, nouns.py, repression.py)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Token

from .arguments import lemma


@lru_cache(maxsize=4096)
def _phrase_index(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases by their last word, each as the words before it ("humanitarian aid" -> aid:
    ("humanitarian",)): split once, not on every call (the phrase lists are the patterns' tuples)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        # "letter of apology": the head "letter" with an "of" complement, kept after a "of" marker word
        head, _, complement = phrase.partition(" of ")
        words = head.split()
        index.setdefault(words[-1], []).append(tuple(words[:-1]) + ((OF_MARK, *complement.split()) if complement else ()))
    return {last: tuple(before) for last, before in index.items()}


OF_MARK = "\x00of"  # separates a phrase's words before its head from the words of its "of" complement


def _of_complement_matches(token: Token, words: tuple[str, ...]) -> bool:
    """'letter of apology': the noun has an "of" phrase whose noun (with its modifiers) is `words`."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and words[-1] in (obj.lower_, lemma(obj)):
                    left = {c.lower_ for c in obj.lefts} | {lemma(c) for c in obj.lefts}
                    if all(w in left for w in words[:-1]):
                        return True
    return False


def phrase_match_length(token: Token, phrases: Sequence[str]) -> int:
    """The number of words of the longest phrase the noun at `token` (with its compounds and
    modifiers) matches: "humanitarian aid" -> 2 for ["aid", "humanitarian aid"]; 0 for none."""
    index = _phrase_index(tuple(phrases))
    candidates = index.get(lemma(token), ()) + (index.get(token.lower_, ()) if token.lower_ != lemma(token) else ())
    if not candidates and token.tag_ == "NNPS" and token.lower_.endswith("s"):
        candidates = index.get(token.lower_[:-1], ())  # "45,000 Marines": a capitalised plural keeps its -s lemma
    if not candidates and token.ent_type_ == "PERSON":
        # "sacked Foreign Minister Boris Tarasyuk": a named person is matched by the title before the name
        for title in reversed([c for c in token.lefts if c.dep_ == "compound" and c.ent_type_ != "PERSON"]):
            found = phrase_match_length(title, phrases)
            if found:
                return found
        return 0
    if not candidates:
        hyphenated = hyphen_word(token)
        candidates = index.get(hyphenated, ()) if hyphenated else ()
    else:
        hyphenated = hyphen_word(token)
        if hyphenated and hyphenated in index:
            candidates = candidates + index[hyphenated]
    best = 0
    left_words: set[str] | None = None
    for before in candidates:
        complement: tuple[str, ...] = ()
        if OF_MARK in before:
            cut = before.index(OF_MARK)
            before, complement = before[:cut], before[cut + 1:]
            if not _of_complement_matches(token, complement):
                continue
        if len(before) + 1 + len(complement) <= best:
            continue
        if not before:
            best = max(best, 1 + len(complement))
            continue
        if left_words is None:
            left = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
            left_words = {c.lower_ for c in left} | {lemma(c) for c in left}
        if all(w in left_words for w in before):
            best = len(before) + 1 + len(complement)
    return best


def phrase_matches(token: Token, phrases: Sequence[str]) -> bool:
    """Does the noun at `token` (with its compounds and modifiers) match one of the phrases?"""
    return phrase_match_length(token, phrases) > 0


def hyphen_word(token: Token) -> str:
    """The whole hyphenated word a token ends ("cease-fire", "pull-out"), lower case, else ''."""
    doc = token.doc
    i = token.i
    parts = [token.lower_]
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        parts[:0] = [doc[i - 2].lower_, "-"]
        i -= 2
    return "".join(parts) if len(parts) > 1 else ""
