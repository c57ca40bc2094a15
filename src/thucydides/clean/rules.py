"""Page-cleaning rules: loaded from data/clean/page_rules.txt, with user files layered on top.

The rules are data so that a user can teach the cleaner a site's furniture without editing code;
the loader validates every entry and names the file and line of a bad one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import DataFileError
from ..regexguard import guarded

REGEX_SECTIONS = ("link_heading", "boilerplate_line", "caption_credit")
LIST_SECTIONS = ("time_label", "agency", "timezone")
_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")


@dataclass
class PageRules:
    link_heading: list[re.Pattern[str]] = field(default_factory=list)
    boilerplate_line: list[re.Pattern[str]] = field(default_factory=list)
    caption_credit: list[re.Pattern[str]] = field(default_factory=list)  # anchored at paragraph end
    time_label: list[str] = field(default_factory=list)
    agency: dict[str, str] = field(default_factory=dict)  # lower-cased name -> name as written
    timezone: dict[str, str] = field(default_factory=dict)  # upper-cased abbreviation -> "+08:00"

    def is_link_heading(self, line: str) -> bool:
        return any(p.fullmatch(line) for p in self.link_heading)

    def is_boilerplate(self, line: str) -> bool:
        return any(p.fullmatch(line) for p in self.boilerplate_line)

    def caption_credit_at_end(self, paragraph: str) -> re.Match[str] | None:
        for pattern in self.caption_credit:
            match = pattern.search(paragraph)
            if match:
                return match
        return None

    def agency_name(self, text: str) -> str | None:
        return self.agency.get(text.strip().lower())


def _parse(text: str, path: str, rules: PageRules) -> None:
    section = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            if section not in REGEX_SECTIONS + LIST_SECTIONS:
                raise DataFileError(path, f"unknown section [{section}]", number)
            continue
        if section is None:
            raise DataFileError(path, "entry before the first [section] line", number)
        if section in REGEX_SECTIONS:
            # a caption credit is searched for at every position of a paragraph: a test of the first
            # character (regexguard) skips the positions where it cannot begin, with the same matches
            source = line if section != "caption_credit" else guarded(rf"\s*(?:{line})\s*$", re.IGNORECASE)
            try:
                pattern = re.compile(source, re.IGNORECASE)
            except re.error as exc:
                raise DataFileError(path, f"bad regular expression in [{section}]: {exc}", number) from exc
            getattr(rules, section).append(pattern)
        elif section == "time_label":
            rules.time_label.append(line.lower())
        elif section == "agency":
            rules.agency[line.lower()] = line
        else:  # timezone: "ABBR +hh:mm", the abbreviation may hold spaces ("Beijing time")
            name, _, offset = line.rpartition(" ")
            if not name or not _OFFSET.match(offset):
                raise DataFileError(path, f"timezone entry must be 'NAME +hh:mm', got {line!r}", number)
            rules.timezone[name.strip().upper()] = offset


@lru_cache(maxsize=8)
def load_rules(extra_files: tuple[str, ...] = ()) -> PageRules:
    """The package rules, then each file of `extra_files` added on top (same format)."""
    rules = PageRules()
    package_file = resources.files("thucydides").joinpath("data/clean/page_rules.txt")
    _parse(package_file.read_text(encoding="utf-8"), "thucydides/data/clean/page_rules.txt", rules)
    for extra in extra_files:
        try:
            text = Path(extra).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(str(extra), f"cannot read rules file: {exc}") from exc
        _parse(text, str(extra), rules)
    # longest time labels first so "last updated" wins over "updated"
    rules.time_label.sort(key=len, reverse=True)
    return rules
