"""Counts of people killed, injured and arrested that a sentence states (CODING.md: casualties).

Numbers are read as digits ("25", "1,200") or words ("twelve", "twenty-five", "two hundred", "a
dozen"), with an optional qualifier ("at least", "more than") and an optional noun for the people
("civilians", "Palestinian protesters"). Vague amounts ("dozens", "scores") give no count.
"""

from __future__ import annotations

import re

from ..regexguard import guarded

UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1000}

_WORD = "|".join(sorted([w for w in UNITS if w not in ("a", "an")] + list(TENS), key=len, reverse=True))
_NUMBER = (rf"(?:\d[\d,]*(?:\.\d+)?(?:\s+(?:hundred|thousand|million))?"
           rf"|(?:(?:{_WORD})(?:[- ](?:{_WORD}))?|a|an)(?:\s+(?:dozen|hundred|thousand))?)")
_QUALIFIER = r"(?:(?:at least|more than|over|about|around|nearly|almost|up to|some|an estimated|roughly)\s+)?"
_COUNT = rf"\b{_QUALIFIER}(?P<n>{_NUMBER})"
_NOUNS = (r"people|persons|person|civilians?|soldiers?|troops|police(?:men|man)?|officers?|militants?|"
          r"rebels?|fighters?|insurgents?|children|child|women|woman|men|man|protesters?|protestors?|"
          r"demonstrators?|residents?|villagers?|members?|others|workers?|students?|suspects?|journalists?|"
          r"pilgrims?|policemen|guards?|worshippers?|passengers?|migrants?|refugees?|activists?|"
          r"gunmen|attackers?|bystanders?|tourists?|Palestinians|Israelis|Afghans|Iraqis|Syrians")
_PEOPLE = rf"(?:\s+(?:[A-Za-z-]+\s+){{0,2}}?(?:{_NOUNS}))?"
_BE = r"(?:\s+(?:were|was|are|is|have been|has been|had been|being|reportedly|also|later)){0,2}"



def _compile(pattern: str) -> re.Pattern[str]:
    """Case-insensitive, behind a test of the first character (regexguard: the same matches, faster)."""
    return re.compile(guarded(pattern, re.I), re.I)


CASUALTY_RES: dict[str, list[re.Pattern[str]]] = {
    "killed": [
        _compile(_COUNT + _PEOPLE + _BE + r"\s+(?:killed|dead|died|slain|shot dead|massacred|executed)\b"),
        _compile(r"\b(?:killed|killing|kills|kill|massacred|slaughtered|shot dead)\s+" + _COUNT),
        _compile(r"\b(?:left|leaving|leaves)\s+" + _COUNT + _PEOPLE + r"\s+dead\b"),
        _compile(r"\bdeath toll\s+(?:\w+\s+){0,3}?(?:to|at|of)\s+" + _COUNT),
    ],
    "injured": [
        _compile(_COUNT + _PEOPLE + _BE + r"\s+(?:injured|wounded|hurt)\b"),
        _compile(r"\b(?:injuring|wounding|injured|wounded|injures|wounds)\s+" + _COUNT),
        _compile(r"\b(?:left|leaving)\s+" + _COUNT + _PEOPLE + r"\s+(?:injured|wounded)\b"),
    ],
    "arrested": [
        _compile(_COUNT + _PEOPLE + _BE + r"\s+(?:arrested|detained|rounded up|taken into custody)\b"),
        _compile(r"\b(?:arrested|arresting|arrests|detained|detaining|detains|rounded up|rounding up)\s+"
                   + _COUNT),
    ],
}


def parse_number(text: str) -> int | None:
    """'25' -> 25, '1,200' -> 1200, 'twenty-five' -> 25, 'two hundred' -> 200, 'a dozen' -> 12."""
    words = text.lower().replace(",", "").replace("-", " ").split()
    if not words:
        return None
    total = 0
    current = 0
    for word in words:
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current += float(word)  # type: ignore[assignment]
        elif word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in MULTIPLIERS or word == "million":
            factor = MULTIPLIERS.get(word, 1_000_000)
            current = (current or 1) * factor
            if factor >= 1000:
                total += current
                current = 0
        else:
            return None
    value = int(total + current)
    return value if value > 0 else None


def count_casualties(sentence: str) -> dict[str, int]:
    """Counts of people killed, injured and arrested that a sentence states (the first of each kind)."""
    out: dict[str, int] = {}
    for kind, patterns in CASUALTY_RES.items():
        best: tuple[int, int] | None = None  # (position, value): the earliest statement wins
        for pattern in patterns:
            for match in pattern.finditer(sentence):
                value = parse_number(match.group("n"))
                if value is None:
                    continue
                if best is None or match.start() < best[0]:
                    best = (match.start(), value)
                break
        if best is not None:
            out[kind] = best[1]
    return out
