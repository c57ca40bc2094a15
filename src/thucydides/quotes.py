"""Quotes: direct and partial quotations with their speaker, cue verb and offsets.

A quotation is text between paired quote marks inside one paragraph. Its speaker is the subject of
the speech verb outside the quote marks in the sentence where the quote closes ('..., Lavrov said'),
else in the sentence where it opens ('Lavrov said: "..."'), or the object of "according to",
resolved through the actor mentions, so "the top Russian diplomat said" and "he said" give the
person they stand for.

Indirect speech ("Lavrov said that Russia will ...") has no quote marks: `indirect_quote` gives the
clause a speech verb reports, with its speaker, so an event coded inside it carries who said so.
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


def _according_to(sent: Span, inside: range) -> Token | None:
    """'..., according to Lavrov': the object of "according to" outside the quotation."""
    for token in sent:
        if token.lower_ == "to" and token.idx not in inside and token.i > 0 and token.nbor(-1).lower_ == "according":
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


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


def find_quotes(doc: Doc, actors: DocActors, text: str | None = None) -> list[Quote]:
    """The quotations of `doc` with their speakers. `text` is `doc.text` when the caller has it
    already (spaCy rebuilds it from every token on each access)."""
    quotes: list[Quote] = []
    text = doc.text if text is None else text
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
                source = _according_to(sent, inside)
                if source is not None:
                    mention = actors.at(source)
                    speaker, speaker_token, cue = (mention.actors[0] if mention and mention.actors else None,
                                                   source, "according to")
                    if speaker is not None:
                        break
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


# Clause links through which a speech verb reports an act ("said that Russia will withdraw",
# "said Russia had agreed to withdraw").
_REPORTED_LINKS = {"ccomp", "xcomp", "conj", "advcl"}


def indirect_quote(token: Token, actors: DocActors) -> Quote | None:
    """The reported clause around `token` and its speaker, when a speech verb governs it.

    "Lavrov said that Russia will recognize Abkhazia": for "recognize", the quote is "Russia will
    recognize Abkhazia" with speaker Lavrov and cue "said". None when no speech verb governs the
    token or its speaker names no actor.
    """
    current = token
    for _ in range(5):
        if current.dep_ not in _REPORTED_LINKS or current.head.i == current.i:
            return None
        governor = current.head
        if current.dep_ == "ccomp" and governor.pos_ in ("VERB", "AUX") and governor.lemma_.lower() in SPEECH_VERBS:
            speaker, speaker_token = _speaker(governor, actors)
            if speaker is None or speaker_token is None:
                return None
            clause = [t for t in current.subtree if not (t.dep_ == "mark" and t.head.i == current.i)]
            first = min(clause, key=lambda t: t.i)
            last = max(clause, key=lambda t: t.i)
            start, end = first.idx, last.idx + len(last.text)
            mention = actors.at(speaker_token)
            return Quote(
                # the span's text, not doc.text[...]: spaCy rebuilds doc.text from every token
                text=token.doc[first.i: last.i + 1].text,
                start=start,
                end=end,
                speaker=speaker,
                speaker_text=mention.text if mention else speaker_token.text,
                cue=governor.text,
                speaker_start=mention.start if mention else None,
                speaker_end=mention.end if mention else None,
            )
        current = governor
    return None
