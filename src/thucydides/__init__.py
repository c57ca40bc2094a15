"""Thucydides: political event data from news (who did what to whom, when, where, according to whom).

The public API:

    code(text, published=None, ...) -> list[Reading]     code one text (no database)
    annotate(text, published=None, ...) -> DocResult     actors, times, places, quotes and readings
    Pipeline(model=None, dictionaries=())                the same for batches (loads spaCy once)
    run(paths, db) / recode(db)                          process inputs into a DuckDB store
    open(db) -> Store                                    read-only access: .events(...), .stats(), .sql()
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Pipeline", "annotate", "code", "open", "recode", "run", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .pipeline import Pipeline
    from .records import DocResult, Reading


@lru_cache(maxsize=4)
def _pipeline(model: str | None, dictionaries: tuple[str, ...]):
    from .pipeline import Pipeline

    return Pipeline(model=model, dictionaries=dictionaries)


def annotate(text: str, published: str | None = None, *, doc_id: str = "text", clean: bool = True,
             model: str | None = None, dictionaries: tuple[str, ...] = ()) -> DocResult:
    """Everything read from one text; raises errors.InputError when the text is rejected."""
    from .errors import InputError
    from .records import Reject

    result = _pipeline(model, tuple(dictionaries)).code_text(
        text, doc_id=doc_id, published=published, no_clean=not clean
    )
    if isinstance(result, Reject):
        raise InputError(result.code, result.message, result.path)
    return result


def code(text: str, published: str | None = None, *, doc_id: str = "text", clean: bool = True,
         model: str | None = None, dictionaries: tuple[str, ...] = ()) -> list[Reading]:
    """The event readings of one text."""
    return annotate(text, published, doc_id=doc_id, clean=clean, model=model, dictionaries=dictionaries).readings


def __getattr__(name: str):
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    if name in ("run", "recode"):
        from . import runner

        return getattr(runner, name)
    if name == "open":
        from .store import open as open_store

        return open_store
    raise AttributeError(name)
