"""The story's topic: its topic states, who an act with no target named is directed at; and whether
it is a sports report (`sports_stories`), whose matches and tours are no political events.

"Hungary ruled out sending troops", in a story about the force bound for Albania, is a refusal towards
Albania; "Russia on Monday welcomed changes to the text" answers the states that wrote it. An expert
coder reads such targets from the story; a sentence-bound coder leaves them empty and the reading is
lost. Here the story's topic is the state its actors belong to most often, the headline weighing more;
an act whose target the sentence leaves unnamed takes the topic state other than its source's own,
when one clearly leads (ties leave the target empty), or, in a domestic story (the source's own state
named far more often than any other), the source's own state. Such a target carries `country_basis`
"discourse", so users can keep or drop it (settings: events.discourse_targets).
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from ..actors import DocActors
from ..records import CleanDoc

# Mentions that name an actor in the text; countries inferred from the story itself ("police" with no
# owner: how == "context") and unknown names would count the topic twice.
NAMING = {"dictionary", "apposition", "modifier", "coreference", "metonymy", "description", "pronoun"}
HEADLINE_WEIGHT = 3
# The leading topic state must be named at least this often (weighted) to serve as a target.
MIN_WEIGHT = 2
# A story whose source's own state is named this many times more often than any other is domestic:
# the act's unnamed target is the source's own state (its government, opposition, people).
DOMESTIC_RATIO = 3


def story_topics(clean: CleanDoc, actors: DocActors) -> dict[int, Counter]:
    """Per story index, the weighted count of each country its actors belong to."""
    topics: dict[int, Counter] = {}
    for mention in actors.mentions:
        if mention.how not in NAMING:
            continue
        story = clean.story_at(mention.start)
        paragraph = clean.paragraph_at(mention.start)
        weight = HEADLINE_WEIGHT if paragraph is not None and paragraph.is_headline else 1
        counts = topics.setdefault(story.index if story else 0, Counter())
        for country in {a.country for a in mention.actors if a.country and not a.country_basis}:
            counts[country] += weight
    return topics


def topic_target(counts: Counter | None, source_country: str | None) -> str | None:
    """The story's leading state other than the source's own, or None when none clearly leads."""
    if not counts:
        return None
    ranked = [(country, n) for country, n in counts.most_common() if country != source_country]
    own = counts.get(source_country, 0) if source_country else 0
    if own >= MIN_WEIGHT and own >= DOMESTIC_RATIO * (ranked[0][1] if ranked else 0):
        return source_country  # a domestic story: "police raided two homes", "vowed not to cave in"
    if not ranked or ranked[0][1] < MIN_WEIGHT:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


# What a sports report may hold that is news: fans protesting or rioting, police arresting them.
SPORTS_ROOTS = {"14", "17", "18"}
MIN_SPORT_WORDS = 5


def sports_stories(doc: Doc, clean: CleanDoc, sport_words: frozenset[str], share: float) -> set[int]:
    """The stories whose words are at least `share` sport words (the `sport` class of 00-topics.yaml)."""
    if not share or not sport_words:
        return set()
    counts: dict[int, list[int]] = {}
    for sent in doc.sents:
        story = clean.story_at(sent.start_char)
        count = counts.setdefault(story.index if story else 0, [0, 0])
        for token in sent:
            if token.is_alpha or "-" in token.text:
                count[0] += token.lower_ in sport_words
                count[1] += 1
    return {index for index, (hits, words) in counts.items() if hits >= MIN_SPORT_WORDS and hits >= share * words}
