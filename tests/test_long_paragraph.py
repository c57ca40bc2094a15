"""Huge paragraphs (issue 19, item 3): a paragraph over settings.toml annotate.max_paragraph_chars is
parsed in pieces cut at a line break, sentence or clause end (else a space), and the parsed Doc's text
is still exactly CleanDoc.text, so every offset stays right. The speed of it is
benchmarks/long_paragraph.py's."""

from __future__ import annotations

import pytest
import spacy

from thucydides.parsing import MAX_CHUNK_CHARS, paragraph_texts, parse_documents, split_long
from thucydides.records import CleanDoc, Paragraph, Story
from thucydides.settings import load_settings


def one_paragraph_doc(text: str) -> CleanDoc:
    return CleanDoc(doc_id="long", path="long.txt", text=text, stories=[Story(0, None, 0, len(text), 0)],
                    paragraphs=[Paragraph(0, 0, len(text))])


def test_the_cap_is_a_setting_with_the_documented_default():
    assert load_settings()["annotate"]["max_paragraph_chars"] == MAX_CHUNK_CHARS


def test_pieces_end_at_sentences_then_clauses_then_spaces_and_rejoin_exactly():
    sentences = "Troops crossed the border at dawn, the ministry said. " * 100
    clauses = "protesters marched, police watched, shops closed; " * 100  # no sentence end anywhere
    words = "word " * 1000
    for text, end in ((sentences, ". "), (clauses, (", ", "; ")), (words, " ")):
        pieces = split_long(text, 500)
        assert "".join(pieces) == text
        assert all(0 < len(p) <= 500 for p in pieces)
        assert all(p.endswith(end) for p in pieces[:-1])
    unbroken = "x" * 1234  # nowhere to cut: cut anyway
    assert [len(p) for p in split_long(unbroken, 500)] == [500, 500, 234]


def test_a_long_paragraph_is_parsed_in_pieces_under_the_cap_with_offsets_kept():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    marker = "Tbilisi"
    body = "".join(f"Report {i} says the talks in {marker} went on, and more talks followed. " for i in range(400))
    doc = one_paragraph_doc(body + "\n\nA last short paragraph.")
    cap = 1_000
    pieces = paragraph_texts(doc, cap)
    assert len(pieces) > len(doc.text) // cap and all(len(p) <= cap for p in pieces)
    assert "".join(pieces) == doc.text
    ((clean, parsed),) = list(parse_documents(nlp, [doc], max_chars=cap))
    assert clean is doc and parsed.text == doc.text
    for token in parsed:
        assert doc.text[token.idx: token.idx + len(token.text)] == token.text
    found = [t.idx for t in parsed if t.text == marker]
    expected, at = [], doc.text.find(marker)
    while at >= 0:
        expected.append(at)
        at = doc.text.find(marker, at + 1)
    assert found == expected and len(found) == 400


@pytest.mark.slow
def test_the_pipeline_codes_a_long_paragraph_with_right_offsets(pipeline):
    assert pipeline.max_paragraph_chars == load_settings()["annotate"]["max_paragraph_chars"]
    sentence = ("Russian troops shelled the Georgian town of Gori on Friday, and Georgia accused Russia of "
                "aggression. ")
    text = sentence * (3 * pipeline.max_paragraph_chars // len(sentence))  # three caps, one paragraph
    result = pipeline.code_text(text, doc_id="long")
    assert result.doc.text == text.strip() or result.doc.text == text
    assert result.readings
    for reading in result.readings:
        start = reading.doc_offset
        assert result.doc.text[start: start + len(reading.evidence_text)] == reading.evidence_text
