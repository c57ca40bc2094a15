"""The entries of the actor knowledge base (states, organisations, role nouns, people and their
dated roles) and the normalised phrase keys they are looked up by (see ``actorkb.py``)."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from ..records import Actor

# ------------------------------------------------------------------ phrase keys

_PUNCT = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})
_SPLIT = re.compile(r"[\s_\-]+")
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$", re.IGNORECASE)
_TOKEN_EDGE = ",;:\"()[]!?"


@lru_cache(maxsize=1 << 16)
def phrase_key(text: str) -> str:
    """The lookup key of a phrase: 'The U.S.' -> 'US', 'Côte d’Ivoire' -> "cote d'ivoire"."""
    if text.isascii():
        words = text.split(" ")
        if all(word.isalnum() for word in words):
            # plain words and single spaces (most calls): what the steps below make of them, without them
            if len(words) > 1 and words[0].lower() == "the":
                words = words[1:]
            return " ".join(word if len(word) >= 2 and word.isupper() else word.lower() for word in words)
    text = unicodedata.normalize("NFKD", text.translate(_PUNCT))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).strip().strip(_TOKEN_EDGE)
    text = _POSSESSIVE.sub("", text).replace("&", " and ")
    tokens = [tok.strip(_TOKEN_EDGE) for tok in _SPLIT.split(text)]
    tokens = [tok for tok in tokens if tok]
    if len(tokens) > 1 and tokens[0].lower() == "the":
        tokens = tokens[1:]
    out = []
    for token in tokens:
        bare = token.replace(".", "") if token != "." else token
        if not bare:
            continue
        # All-capital tokens are acronyms and keep their case: "US" is not "us".
        out.append(bare if len(bare) >= 2 and bare.isupper() else bare.lower())
    return " ".join(out)


def is_case_sensitive(phrase: str) -> bool:
    """True when a phrase must match case exactly (it holds an acronym such as "US")."""
    key = phrase_key(phrase)
    return key != key.lower()


_IRREGULAR = {"man": "men", "woman": "women", "person": "people", "child": "children",
              "chief": "chiefs", "staff": "staff", "personnel": "personnel", "police": "police"}


def english_plural(phrase: str) -> str | None:
    """The regular English plural of a noun phrase (its head), or None when it looks plural already."""
    phrase = phrase.strip()
    if " of " in phrase:  # "minister of defence" -> "ministers of defence"
        head, rest = phrase.split(" of ", 1)
        plural = english_plural(head)
        return f"{plural} of {rest}" if plural else None
    words = phrase.split(" ")
    last = words[-1]
    lower = last.lower()
    if lower in _IRREGULAR:
        plural = _IRREGULAR[lower]
    elif lower.endswith("man") and len(lower) > 4:  # spokesman, chairman, congressman
        plural = last[:-3] + "men"
    elif lower.endswith(("men", "people", "children")) or (
        lower.endswith("s") and not lower.endswith(("ss", "us", "is"))
    ):
        return None  # "troops", "forces", "congressmen": already plural
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return " ".join(words[:-1] + [plural])


def demonym_plural(word: str) -> str | None:
    """'Russian' -> 'Russians', 'Iraqi' -> 'Iraqis'; other endings are listed in the data files."""
    return word + "s" if word[-1:] in ("n", "i") else None  # "North Korean" -> "North Koreans" too


# ------------------------------------------------------------------ records


@dataclass(frozen=True)
class KBEntry:
    """A state, territory, organisation or group, as a phrase found it.

    ``ambiguous`` is True when the entry itself is marked ambiguous or when the phrase that found
    it can name something else (another entry, a US state, a person's name, a common word).
    ``implied`` holds the sectors the phrase implies ("the Kremlin" -> GOV, "the Pentagon" -> MIL).
    ``members`` lists the actors of a compound entry (a PETRARCH "[AAA/BBB]" code).
    """

    id: str
    name: str
    kind: str  # state | territory | organization | group | null (a dictionary's "not an actor")
    country: str | None
    code: str | None
    sector: tuple[str, ...] = ()
    contested_with: tuple[str, ...] = ()
    ambiguous: bool = False
    implied: tuple[str, ...] = ()
    parent: str | None = None  # the state a non-contested dependent territory belongs to
    members: tuple[KBEntry, ...] = ()
    note: str | None = field(default=None, compare=False)
    start: str | None = field(default=None, compare=False)  # `from`: when it came into being (ISO)
    end: str | None = field(default=None, compare=False)  # `to` (exclusive): when it ceased to exist

    def actor(self, sector: Sequence[str] = (), title: str | None = None) -> Actor:
        """The records.Actor for this entry; RUS + (MIL,) -> id and code 'RUSMIL', name 'Russia'."""
        extra = tuple(s for s in dict.fromkeys((*self.implied, *sector)) if s not in self.sector)
        suffix = "".join(extra)
        return Actor(
            id=self.id + suffix,
            name=self.name,
            kind=self.kind,
            country=self.country,
            sector=self.sector + extra,
            code=self.code + suffix if self.code else None,
            contested_with=self.contested_with,
            title=title,
        )

    def actors(self, sector: Sequence[str] = (), title: str | None = None) -> tuple[Actor, ...]:
        """One actor, or one per member for a compound entry; none for a 'null' entry."""
        if self.members:
            return tuple(member.actor(sector, title) for member in self.members)
        if self.kind == "null":
            return ()
        return (self.actor(sector, title),)


@dataclass(frozen=True)
class RoleEntry:
    """A role noun ("foreign minister", "troops") and the sectors it gives its country or group.

    ``plural`` says whether the form looked up was the plural one. ``prefix`` comes from PETRARCH
    agents written "[NGO~]": the role's code goes before the actor's code instead of after it.
    """

    noun: str
    sectors: tuple[str, ...]
    title: str | None = None  # the normalised title when the noun precedes a name
    plural: bool = False
    prefix: bool = False
    note: str | None = field(default=None, compare=False)
    equipment: bool = False  # weapons that stand for the forces using them, and are only things when handed over
    subject_only: bool = False  # a noun that names actors only as a clause's subject ("thousands of people marched")

    def apply(self, entry: KBEntry, title: str | None = None) -> Actor:
        """The actor 'entry' + this role: Russia + foreign minister -> RUSGOV."""
        if not self.prefix:
            return entry.actor(self.sectors, title or self.title)
        actor = entry.actor((), title or self.title)
        code = "".join(self.sectors) + (actor.code or "")
        return replace(actor, id="".join(self.sectors) + actor.id, code=code,
                       sector=self.sectors + actor.sector)


@dataclass(frozen=True)
class PersonRole:
    """One date-bounded role of a person: ``start`` inclusive, ``end`` exclusive (ISO dates)."""

    entity: str | None  # the KB id the person acts for (RUS, IGOUNO) or a dictionary's country code
    country: str | None
    sectors: tuple[str, ...]
    title: str | None
    code: str | None  # None: a dictionary's null code, the person is not coded in this span
    start: str | None = None
    end: str | None = None

    def covers(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


class RoleOn(NamedTuple):
    country: str | None
    sectors: tuple[str, ...]
    title: str | None


@dataclass(frozen=True)
class PersonEntry:
    """A person with date-bounded roles; roles are tried in order, the first covering a date wins."""

    id: str  # person:sergei-lavrov
    name: str
    aliases: tuple[str, ...]
    roles: tuple[PersonRole, ...]
    note: str | None = field(default=None, compare=False)

    def role_at(self, date: str | _dt.date | None) -> PersonRole | None:
        """The role held on a date; undated roles are the fallback; no (valid) date: the current one."""
        undated = [role for role in self.roles if role.start is None and role.end is None]
        day = iso_day(date) if date is not None else None
        if day is None:
            open_ended = [role for role in self.roles if role.end is None and role.start is not None]
            if open_ended:
                return max(open_ended, key=lambda role: role.start or "")
            if undated:
                return undated[0]
            dated = [role for role in self.roles if role.end]
            return max(dated, key=lambda role: role.end or "") if dated else None
        for role in self.roles:
            if (role.start or role.end) and role.covers(day):
                return role
        return undated[0] if undated else None

    def role_on(self, date: str | _dt.date | None) -> RoleOn | None:
        """(country, sectors, title) on a date, or None when no role covers it."""
        role = self.role_at(date)
        return RoleOn(role.country, role.sectors, role.title) if role else None

    def actor(self, date: str | _dt.date | None = None) -> Actor | None:
        """The person as an actor on a date (code RUSGOV ...); None when uncoded on that date."""
        role = self.role_at(date)
        if role is None or role.code is None:
            return None
        return Actor(id=self.id, name=self.name, kind="person", country=role.country,
                     sector=role.sectors, code=role.code, title=role.title)


def iso_day(value: str | _dt.date) -> str | None:
    """An ISO day from a date, 'YYYY-MM-DD...', 'YYYY-MM' or 'YYYY' (first day of the period);
    None when the text is not a date."""
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()[:10]
    if re.fullmatch(r"\d{4}", text):
        text += "-01-01"
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None
