"""Language identification with py3langid (its model ships inside the package: nothing is downloaded)."""

from __future__ import annotations

from functools import lru_cache

# Fewer letters than this say too little about the language: such documents are not skipped.
MIN_LETTERS = 120
# Below this probability the guess is not trusted and the document is kept.
MIN_PROBABILITY = 0.6


@lru_cache(maxsize=1)
def _identifier():
    from py3langid import langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


def _enough_letters(text: str) -> bool:
    """At least MIN_LETTERS letters (counting stops there: a story has them in its first lines)."""
    count = 0
    for ch in text:
        if ch.isalpha():
            count += 1
            if count >= MIN_LETTERS:
                return True
    return False


def preload() -> None:
    """Load the identifier's model now (about half a second), not on the first document with enough text."""
    _identifier()


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability), or (None, 0.0) when the text is too short to tell."""
    if not _enough_letters(text):
        return None, 0.0
    language, probability = _identifier().classify(text[:20_000])
    return str(language), float(probability)


def is_non_english(text: str) -> tuple[bool, str | None]:
    """(skip it?, detected language). Only a confident, non-English guess on enough text skips."""
    language, probability = detect_language(text)
    if language is None:
        return False, None
    if language != "en" and probability >= MIN_PROBABILITY:
        return True, language
    return False, language if probability >= MIN_PROBABILITY else None
