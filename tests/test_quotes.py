"""Quotes: direct and partial quotations with their speaker (through coreference), and indirect
speech, whose speaker goes with the events coded inside it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

PUBLISHED = "2008-09-09"


def code(pipeline, text: str):
    return pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)


def speakers(pipeline, text: str) -> list[tuple[str | None, str, str | None]]:
    return [(q.speaker.name if q.speaker else None, q.text, q.cue) for q in code(pipeline, text).quotes]


@pytest.mark.parametrize(
    "text, speaker, starts",
    [
        ('"We exchanged notes on the establishment of relations," Lavrov said.', "Sergei Lavrov", "We exchanged"),
        # the speaker written as a description, a pronoun, after "according to"
        ('Russian Foreign Minister Sergei Lavrov spoke on Tuesday. "This will facilitate the promotion of '
         'peace," said the top Russian diplomat.', "Sergei Lavrov", "This will facilitate"),
        ('Sergei Lavrov met reporters. "Russian troops will be there for a long time," he said.',
         "Sergei Lavrov", "Russian troops will"),
        ('"The attack was an act of aggression," according to Georgian President Mikheil Saakashvili.',
         "Mikheil Saakashvili", "The attack was"),
        # the cue before the quotation, and a partial quote inside the sentence
        ('Lavrov said: "Russia will not allow a repeat of the aggression."', "Sergei Lavrov", "Russia will not"),
        ('Lavrov said there will be "an agreement that will create a legal base" soon.', "Sergei Lavrov",
         "an agreement that"),
    ],
)
def test_quote_speaker(pipeline, text, speaker, starts):
    found = speakers(pipeline, text)
    assert any(s == speaker and t.startswith(starts) for s, t, _cue in found), found


def test_scare_quotes_are_not_quotations(pipeline):
    assert speakers(pipeline, 'The "peace" plan was discussed by Lavrov.') == []


def test_unbalanced_quote_marks_do_not_fail(pipeline):
    result = code(pipeline, 'Lavrov said "Russia will recognize Abkhazia.')
    assert result.quotes == []


def test_we_inside_a_quotation_is_the_speakers_side(pipeline):
    result = code(pipeline, '"We will withdraw our troops from Georgia," Russian President Dmitry Medvedev said.')
    # the speaker's side announcing its own withdrawal: the intent to de-escalate, expressed now
    (reading,) = [r for r in result.readings if r.cameo.code == "0356"]
    assert reading.source.country == "RUS" and reading.source.name == "Dmitry Medvedev"
    assert reading.quote is not None and reading.quote.speaker.name == "Dmitry Medvedev"
    assert reading.factuality == "asserted"


def test_indirect_speech_gives_the_speaker_of_the_reported_act(pipeline):
    result = code(pipeline, "Lavrov said that Russia will recognize Abkhazia.")
    (reading,) = [r for r in result.readings if r.cameo.code == "032"]  # Russia's announced intent
    assert reading.source.code == "RUS" and reading.target.name == "Abkhazia"
    assert reading.quote.speaker.name == "Sergei Lavrov"
    assert reading.quote.cue == "said"
    assert reading.quote.text == "Russia will recognize Abkhazia"
    assert result.quotes == []  # indirect speech is not a quotation


def test_an_act_outside_reported_speech_has_no_quote(pipeline):
    result = code(pipeline, "Russia recognized Abkhazia on August 26.")
    assert [r.quote for r in result.readings] == [None]
