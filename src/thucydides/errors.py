"""Coded errors, kept in one place so users can search for a message and tests can check the code.

THU-E1xx ingest and cleaning, THU-E2xx models and data files, THU-E3xx store,
THU-E4xx evaluation and queries, THU-W... warnings.
"""

from __future__ import annotations


class Codes:
    # ingest / clean
    E101 = "THU-E101"  # cannot decode bytes with the declared or detected encodings
    E102 = "THU-E102"  # empty input
    E103 = "THU-E103"  # binary content
    E104 = "THU-E104"  # document larger than the configured cap
    E105 = "THU-E105"  # file not found or unreadable
    E106 = "THU-E106"  # truncated or corrupt compressed file
    E107 = "THU-E107"  # malformed WARC record
    E108 = "THU-E108"  # malformed feed
    E109 = "THU-E109"  # JSONL/CSV record not parseable or missing its text
    E110 = "THU-E110"  # HTML with no main text
    E111 = "THU-E111"  # unsupported format
    E112 = "THU-E112"  # HTML page above the [clean] size cap (elements or bytes): not parsed
    E113 = "THU-E113"  # record id already used by a record of different content: kept under id~hash
    E120 = "THU-E120"  # not English: skipped (a status, not a failure)
    E121 = "THU-E121"  # near-duplicate of another document
    E130 = "THU-E130"  # pipeline failed on this document (internal error, recorded, batch goes on)
    # models and data files
    E201 = "THU-E201"  # spaCy pipeline not installed
    E202 = "THU-E202"  # invalid data file (names file and line)
    E203 = "THU-E203"  # unknown CAMEO code
    # store
    E301 = "THU-E301"  # database locked by a running writer
    E302 = "THU-E302"  # database schema newer than this version
    E303 = "THU-E303"  # database file not found
    E304 = "THU-E304"  # not a Thucydides database (a DuckDB file without its tables): refused, left untouched
    # queries / eval
    E401 = "THU-E401"  # read-only SQL: writes and file access are refused
    E402 = "THU-E402"  # invalid gold file
    E403 = "THU-E403"  # invalid argument (date, code, ...)
    E404 = "THU-E404"  # SQL query stopped at its time limit (setting sql.time_limit_seconds)
    E405 = "THU-E405"  # SQL query stopped at its memory limit (setting sql.memory_limit)
    E406 = "THU-E406"  # the web server cannot listen (port in use, address not available)


class ThucydidesError(Exception):
    """Base class: every error carries a code and says which input it concerns."""

    code = "THU-E000"

    def __init__(self, code: str, message: str, path: str | None = None):
        self.code = code
        self.path = path
        self.message = message
        where = f"{path}: " if path else ""
        super().__init__(f"{code} {where}{message}")


class InputError(ThucydidesError):
    """A document or file that cannot be processed; it is rejected, the batch goes on."""


class DataFileError(ThucydidesError):
    """A knowledge file that does not validate (names the file and line)."""

    def __init__(self, path: str, message: str, line: int | None = None):
        where = f"{path}:{line}" if line else path
        super().__init__(Codes.E202, message, where)


class ModelError(ThucydidesError):
    pass


class StoreError(ThucydidesError):
    pass


class QueryError(ThucydidesError):
    pass
