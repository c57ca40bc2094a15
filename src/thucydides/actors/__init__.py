"""Actors: find who is named in a parsed document and resolve each phrase to a canonical actor.

    resolver.py  ActorResolver: dictionary names, people with role and country, role nouns,
                 demonyms, unknown named organisations, pronouns and descriptions
    context.py   DocActors (a document's mentions) and the context rules: coreference,
                 possessives, metonymy, ambiguous names
    roles.py     role nouns combined with knowledge-base entries, and whom a named person acts for
                 (the state or organisation their titles and appositions name)
    owners.py    whose role noun it is: modifiers, possessors and owner prepositions ("Russian
                 troops", "President Assad's forces", "the Saudi-led coalition", "militants based in X")
    story.py     the story's country, for actors the text gives none

`from thucydides.actors import ActorResolver, DocActors` is the public API.
"""

from __future__ import annotations

from .context import DocActors, PersonInfo, slug
from .resolver import ActorResolver

__all__ = ["ActorResolver", "DocActors", "PersonInfo", "slug"]
