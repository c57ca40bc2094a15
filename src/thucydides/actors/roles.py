"""Combining a knowledge-base entry with the role nouns that describe it.

- a compound entry (a PETRARCH "[FRO/BIL/SAM]" code) stands for each of its members: "the Shire"
  is three actors, "the Shire's government" three governments;
- a null entry (a dictionary's "[---]") is a known phrase that names no actor;
- a role whose code is a prefix (a PETRARCH "[NGO~]" agent) goes before the actor's code instead
  of after it: "MSF" + Arnor -> NGOARN, and with "diplomat" -> NGOARNGOV.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..knowledge.actorkb import KBEntry, RoleEntry
from ..records import Actor


def entry_actors(entry: KBEntry, roles: Iterable[RoleEntry | None] = (), sector: Sequence[str] = (),
                 title: str | None = None) -> tuple[Actor, ...]:
    """The actors an entry names with these roles: one per member of a compound entry, none for a
    null entry; suffix sectors after the entry's code, prefix roles' sectors before it."""
    kept = [r for r in roles if r is not None]
    suffix = tuple(dict.fromkeys((*sector, *(s for r in kept if not r.prefix for s in r.sectors))))
    prefix = tuple(dict.fromkeys(s for r in kept if r.prefix for s in r.sectors))
    title = title or next((r.title for r in kept if r.title and not r.prefix), None)
    if entry.members:
        members = entry.members
    elif entry.kind == "null":
        return ()
    else:
        members = (entry,)
    return tuple(with_prefix(member.actor(suffix, title), prefix) for member in members)


def with_prefix(actor: Actor, prefix: Sequence[str]) -> Actor:
    """The actor with sectors put before its code ("NGO" + ARN -> NGOARN)."""
    if not prefix:
        return actor
    lead = "".join(prefix)
    if (actor.code or "").startswith(lead):
        return actor
    return replace(actor, id=lead + actor.id, code=lead + (actor.code or ""),
                   sector=tuple(prefix) + tuple(s for s in actor.sector if s not in prefix))
