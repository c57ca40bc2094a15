"""Quotes: direct and partial quotations with their speaker, cue verb and offsets.

A quotation is text between paired quote marks inside one paragraph. Its speaker is the subject of
the speech verb outside the quote marks in the sentence where the quote closes ('..., Lavrov said'),
else in the sentence where it opens ('Lavrov said: "..."'), resolved through the actor mentions, so
"the top Russian diplomat said" and "he said" give the person they stand for.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .actors import DocActors
from .records import Actor, Quote

SPEECH_VERBS = {
    "say", "tell", "add", "state", "declare", "announce", "note", "stress", "insist", "warn", "explain",
    "write", "claim", "argue", "reply", "respond", "ask", "quote", "affirm", "emphasize", "emphasise",
    "underline", "remark", "comment", "continue", "conclude", "admit", "acknowledge", "vow", "pledge",
}
QUOTE_RE = re.compile(r'"([^"\n]{2,}?)"|“([^”\n]{2,}?)”|«([^»\n]{2,}?)»')
MIN_QUOTE_WORDS = 3  # shorter quoted strings are scare quotes or titles, not speech


def _sentence_of(doc: Doc, char: int) -> Span | None:
    token = doc.char_span(char, char + 1, alignment_mode="expand")
    if token is None or len(token) == 0:
        return None
    return token[0].sent


def _speech_verb(sent: Span, inside: range) -> Token | None:
    """The speech verb of a sentence that is not itself inside the quotation."""
    best = None
    for token in sent:
        if token.idx in inside:
            continue
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS:
            # prefer the verb nearest the quote, the first found after it otherwise
            if best is None or abs(token.idx - inside.start) < abs(best.idx - inside.start):
                best = token
    return best


def _speaker(verb: Token, actors: DocActors) -> tuple[Actor | None, Token | None]:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.lemma_.lower() == "quote":
        # "news agencies quoted Lavrov as saying"
        subjects = [c for c in verb.children if c.dep_ == "dobj"] or subjects
    for subject in subjects:
        mention = actors.at(subject)
        if mention is not None and mention.actors:
            return mention.actors[0], subject
        return None, subject
    return None, None


def find_quotes(doc: Doc, actors: DocActors) -> list[Quote]:
    quotes: list[Quote] = []
    text = doc.text
    for match in QUOTE_RE.finditer(text):
        group = next(g for g in range(1, 4) if match.group(g) is not None)
        body = match.group(group)
        if len(body.split()) < MIN_QUOTE_WORDS:
            continue
        start, end = match.start(group), match.end(group)
        inside = range(match.start(), match.end())
        speaker, speaker_token, cue = None, None, None
        for char in (end, start):
            sent = _sentence_of(doc, min(char, len(text) - 1))
            if sent is None:
                continue
            verb = _speech_verb(sent, inside)
            if verb is None:
                continue
            speaker, speaker_token = _speaker(verb, actors)
            cue = verb.text
            if speaker is not None:
                break
        stripped = body.rstrip(" ,")
        speaker_span = actors.at(speaker_token) if speaker_token is not None else None
        quotes.append(
            Quote(
                text=stripped,
                start=start,
                end=start + len(stripped),
                speaker=speaker,
                speaker_text=speaker_span.text if speaker_span else (speaker_token.text if speaker_token else None),
                cue=cue,
                speaker_start=speaker_span.start if speaker_span else None,
                speaker_end=speaker_span.end if speaker_span else None,
            )
        )
    return quotes
