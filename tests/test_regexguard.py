"""regexguard: a first-character lookahead never changes what a pattern finds."""

from __future__ import annotations

import re

from thucydides.clean.rules import load_rules
from thucydides.events.casualties import CASUALTY_RES
from thucydides.regexguard import first_char_guard, guarded, guarded_alternatives
from thucydides.times.extract import _OWN_PATTERNS

TEXTS = [
    "Early next week, the talks resumed. Yesterday 12 people were killed; late last year... 3:15 on 2008-08-07",
    "He said on the 7th that for the foreseeable future Mid-August (AP Photo/John Doe) REUTERS/Jane Roe.",
    "yearly earlier Ꮶelvin ſoon K\u212a ß Sunday, Aug. 9 between March 3 and April 5, 2009 in 1999 12/31/08",
    "",
]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def test_guard_classes():
    assert first_char_guard(r"\bfoo|bar") in ("(?=[bf])", "(?=[fb])")
    assert first_char_guard(r"(?i:abc)") == "(?=(?i:[a]))"
    assert first_char_guard(r"\d+x") == r"(?=[\d])"
    assert first_char_guard(r"a?") == ""  # may match the empty string: no guard
    assert first_char_guard(r".x") == ""  # any character: no guard
    assert first_char_guard(r"[^a]x") == ""
    assert first_char_guard(r"(?i)abc") == ""  # global flags stay first


def test_same_matches():
    patterns = [*_OWN_PATTERNS, r"(?:[Ee]arly\s+)?\bnext\s+week", r"x*y", r"(?<=\bon )the\s+\d+"]
    combined = re.compile("|".join(f"(?:{p})" for p in _OWN_PATTERNS))
    fast = re.compile(guarded_alternatives(_OWN_PATTERNS))
    for text in TEXTS:
        assert _spans(combined, text) == _spans(fast, text)
        for p in patterns:
            for flags in (0, re.I):
                assert _spans(re.compile(p, flags), text) == _spans(re.compile(guarded(p, flags), flags), text)
    for patterns_of_kind in CASUALTY_RES.values():
        for compiled in patterns_of_kind:
            assert compiled.pattern.startswith("(?=") and compiled.flags & re.I
    for credit in load_rules().caption_credit:
        assert credit.pattern.startswith("(?=")
