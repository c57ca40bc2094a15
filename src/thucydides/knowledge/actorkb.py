"""The actor knowledge base: states, territories, organisations, role nouns and people.

Knowledge lives in YAML files under ``data/actors/`` (each file's header documents its fields).
``ActorKB.load(extra_files)`` reads the package files, then the user's files in order: YAML files
in the same format, office-holder ``.csv`` tables (``officeholders.py``) or PETRARCH/TABARI ``.txt``
actor and agent dictionaries (``petrarch.py``). Each file is a layer; a later layer overrides an earlier one:

- an entry whose ``id`` is already known updates it: the scalar fields it sets replace the old
  values, its names, demonyms and capitals are added (and rank first for those phrases);
- a phrase claimed by several entries is returned by ``lookup`` latest layer first, and every
  entry it returns is flagged ``ambiguous``; a role noun or a person id in a later layer replaces.

Phrases are compared on a normalised key (``phrase_key``): accents, curly quotes, dashes, a leading
"the", a trailing possessive and full stops inside acronyms ("U.S." = "US") do not matter; case
does not matter either, except in all-capital tokens ("US", "WHO", "AU"), which only match
all-capital text so that the pronoun "us" or the word "who" never names an actor.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .actor_entries import (
    KBEntry,
    PersonEntry,
    PersonRole,
    RoleEntry,
    RoleOn,
    english_plural,
    is_case_sensitive,
    phrase_key,
)
from .actorkb_build import _Builder

__all__ = [
    "ActorKB", "KBEntry", "PersonEntry", "PersonRole", "RoleEntry", "RoleOn",
    "default_kb", "english_plural", "is_case_sensitive", "load_objects", "phrase_key",
]

# Package files in load order; any other *.yaml in the folder follows, alphabetically.
PACKAGE_ORDER = ("countries", "territories", "organizations", "groups", "roles", "people")
PHRASE_KINDS = ("name", "demonym", "metonym", "role", "person")

# Nouns whose `ActorKB.role` answer is remembered (the resolver asks about most nouns, several times).
ROLE_MEMO_LIMIT = 1 << 16


class ActorKB:
    """Dictionary lookups over every loaded layer; all lookups are O(1) dict hits."""

    def __init__(self) -> None:
        self.data_files: list[Path] = []
        self._entries: dict[str, KBEntry] = {}
        self._index: dict[str, dict[str, tuple[KBEntry, ...]]] = {"name": {}, "demonym": {}, "metonym": {}}
        self._roles: dict[str, RoleEntry] = {}
        self._role_memo: dict[str, RoleEntry | None] = {}  # `role` answers by the noun as given
        self._people: dict[str, PersonEntry] = {}
        self._person_keys: dict[str, tuple[PersonEntry, ...]] = {}
        self._phrases: dict[tuple[str, str], None] = {}  # (display, kind), in order, variants included
        self.sectors: dict[str, str] = {}
        # states and territories whose people's names are written family name first ("Yoo Chong-Ha")
        self.family_name_first: frozenset[str] = frozenset()
        # the words and phrases a story may use for a state it named before ("the kingdom", "the Gulf
        # state", "the Jewish state"): word as written in `described_as` -> the entries it fits
        self.descriptions: dict[str, frozenset[str]] = {}

    # -------------------------------------------------------------- loading

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = (), *, package: bool = True) -> ActorKB:
        """Package files (unless package=False), then user YAML or PETRARCH files; later overrides."""
        files = (package_files() if package else []) + [Path(p) for p in extra_files]
        builder = _Builder()
        for layer, path in enumerate(files):
            builder.read(path, layer)
        kb = cls()
        builder.build_into(kb)
        kb.data_files = files
        return kb

    # -------------------------------------------------------------- lookups

    def _get(self, table: dict[str, Any], phrase: str) -> Any:
        key = phrase_key(phrase)
        hit = table.get(key)
        if hit is None and key != key.lower() and phrase.isupper():
            hit = table.get(key.lower())  # an all-capital headline: "RUSSIA", "SOUTH OSSETIA"
        return hit

    def lookup(self, phrase: str) -> list[KBEntry]:
        """Entries named by a name or alias (not a demonym or capital), best first."""
        return list(self._get(self._index["name"], phrase) or ())

    def demonym(self, word: str) -> KBEntry | None:
        """'Russian'/'Russians' -> Russia; 'South Ossetian' -> South Ossetia."""
        hits = self._get(self._index["demonym"], word)
        return hits[0] if hits else None

    def demonyms(self, word: str) -> list[KBEntry]:
        """Every entry a demonym can stand for ('Congolese': both Congos), best first."""
        return list(self._get(self._index["demonym"], word) or ())

    def metonym(self, phrase: str) -> KBEntry | None:
        """Capitals and seats used for their state: 'Moscow' -> RUS, 'the Kremlin' -> RUS (GOV)."""
        hits = self._get(self._index["metonym"], phrase)
        return hits[0] if hits else None

    def metonyms(self, phrase: str) -> list[KBEntry]:
        return list(self._get(self._index["metonym"], phrase) or ())

    def role(self, noun: str) -> RoleEntry | None:
        """A role noun, singular or plural, multiword ok: 'foreign minister', 'troops'."""
        memo = self._role_memo
        if noun in memo:
            return memo[noun]
        if len(memo) >= ROLE_MEMO_LIMIT:
            memo.clear()  # bounded: memory stays flat in corpus size
        found = memo[noun] = self._roles.get(phrase_key(noun).lower())
        return found

    def described(self, word: str) -> frozenset[str] | None:
        """The states and territories a descriptive word or phrase fits ("emirate" -> QAT, KWT, ARE), None
        for a word no entry is described by. Written with a capital ("Gulf", "Islamic Republic") it must be
        written so in the text; in lower case ("kingdom") any case fits."""
        found = self.descriptions.get(word)
        if found is None and word != word.lower():
            found = self.descriptions.get(word.lower())  # "The Kingdom", a title's capitals
        return found

    def person(self, name: str) -> PersonEntry | None:
        """A person by full name or alias; None when the alias fits several people ('Bush')."""
        hits = self._get(self._person_keys, name)
        return hits[0] if hits and len(hits) == 1 else None

    def persons(self, name: str) -> list[PersonEntry]:
        """Every person a name or alias fits (pick one by date with role_at)."""
        return list(self._get(self._person_keys, name) or ())

    def entry(self, entry_id: str) -> KBEntry | None:
        """An entry by id: 'RUS', 'XSO', 'IGOUNO'."""
        return self._entries.get(entry_id)

    def entries(self) -> Iterator[KBEntry]:
        return iter(self._entries.values())

    def people(self) -> Iterator[PersonEntry]:
        return iter(self._people.values())

    def roles(self) -> Iterator[RoleEntry]:
        """Every role entry once (singular forms)."""
        seen: set[str] = set()
        for role in self._roles.values():
            if not role.plural and role.noun not in seen:
                seen.add(role.noun)
                yield role

    def phrases(self) -> Iterator[tuple[str, str]]:
        """(phrase, kind) for every name, demonym, metonym, role and person name, to build a spaCy
        PhraseMatcher; kind is name|demonym|metonym|role|person. A leading "the" is left out.
        Phrases with an all-capital token ("US") must match case exactly (``is_case_sensitive``);
        checking a LOWER-matcher's hits with ``lookup``/``demonym``/... applies that rule."""
        yield from self._phrases

    def __len__(self) -> int:
        return len(self._entries)


def package_files() -> list[Path]:
    folder = Path(str(resources.files("thucydides").joinpath("data", "actors")))
    found = sorted(folder.glob("*.yaml"))
    rank = {name: i for i, name in enumerate(PACKAGE_ORDER)}
    return sorted(found, key=lambda p: (rank.get(p.stem, len(rank)), p.name))


@lru_cache(maxsize=1)
def default_kb() -> ActorKB:
    """The package knowledge base, loaded once per process."""
    return ActorKB.load()


def load_objects(path: str | Path):
    """A PETRARCH file on its own, as (KBEntry list, PersonEntry list, RoleEntry list)."""
    kb = ActorKB.load([path], package=False)
    return list(kb.entries()), list(kb.people()), list(kb.roles())
