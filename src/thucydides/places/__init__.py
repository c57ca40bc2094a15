"""Places: an offline gazetteer, toponyms found and resolved in a parsed document, event locations.

``find_places`` lists a document's place names with their resolved places; ``locate_event`` picks the
place of one event; ``resolve_dateline`` reads a dateline. ``Gazetteer`` is the name index they share
(``default_gazetteer()`` is loaded once per process); see gazetteer.py for its sources.
"""

from thucydides.places.gazetteer import Candidate, Gazetteer, default_gazetteer, distance_km, name_key
from thucydides.places.toponyms import find_places, locate_event, resolve_dateline, resolve_name

__all__ = [
    "Candidate",
    "Gazetteer",
    "default_gazetteer",
    "distance_km",
    "find_places",
    "locate_event",
    "name_key",
    "resolve_dateline",
    "resolve_name",
]
