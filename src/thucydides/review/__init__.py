"""Corrections that feed back: a researcher's verdicts on readings, kept beside the database.

    from thucydides.review import CorrectionStore, open_corrected, export_gold
    book = CorrectionStore("news.duckdb")               # news.duckdb.corrections.jsonl
    with open_corrected("news.duckdb") as store:        # read-only, corrections applied
        store.events(...)                               # a `corrected` column says which rows changed
    export_gold("news.duckdb", "gold/reviewed")         # gold files `thucydides eval` reads

corrections.py (the file), anchoring.py (finding readings again after a recode), values.py (what
a researcher types), apply.py (the corrected views), gold.py (gold files). The web pages are in
thucydides/web/review.py; the CLI is `thucydides corrections` and `thucydides serve --review`.
"""

from .anchoring import Resolution, resolve
from .apply import install, open_corrected
from .corrections import Correction, CorrectionStore, corrections_path
from .gold import LABEL, export_gold

__all__ = ["Correction", "CorrectionStore", "LABEL", "Resolution", "corrections_path", "export_gold", "install",
           "open_corrected", "resolve"]
