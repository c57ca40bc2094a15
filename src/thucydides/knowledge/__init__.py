"""Knowledge: every data file the coder uses, loaded once, with the user's files layered on top.

`--dictionary FILE` takes any of: an event-pattern YAML file (a list of patterns or a mapping with
`patterns:`), a PETRARCH verb dictionary (.txt, read into patterns by petrarch_verbs.py), an actor
YAML file, a PETRARCH actor/agent dictionary (.txt), an office-holder table (.csv/.tsv with the
columns name,aliases,country,office,start,end; see officeholders.py), a CAMEO/PLOVER table
(.tsv) or a gazetteer addition (YAML with `places:`). The coder version names the code version and a
hash of every file in use, the user's too, so results from different dictionaries stay apart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .. import __version__
from ..errors import DataFileError
from .actorkb import ActorKB
from .officeholders import looks_like_officeholders
from .ontology import Ontology
from .patterns import PatternSet, load_patterns
from .petrarch_verbs import load_verb_file, looks_like_verbs

# Pattern files other than YAML, by suffix: PETRARCH verb dictionaries.
PATTERN_FILE_LOADERS = {".txt": load_verb_file}


def classify_data_file(path: Path) -> str:
    """Which knowledge a user file extends: patterns | actors | cameo | places."""
    if not path.exists():
        raise DataFileError(str(path), "dictionary file not found")
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".csv"):
        # an office-holder table (name,aliases,country,office,start,end) extends the actor KB
        return "actors" if looks_like_officeholders(path) else "cameo"
    if suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, ValueError) as exc:  # ValueError: a date such as 2001-13-01
            raise DataFileError(str(path), f"not valid YAML: {exc}") from exc
        if isinstance(data, dict):
            if "patterns" in data or "intent_map" in data:
                return "patterns"
            if "places" in data:
                return "places"
            return "actors"
        if isinstance(data, list) and data and isinstance(data[0], dict) and (
            "verb" in data[0] or "noun" in data[0]
        ):
            return "patterns"
        return "actors"
    if looks_like_verbs(path):
        return "patterns"  # a PETRARCH verb dictionary
    return "actors"  # PETRARCH-style actor and agent .txt dictionaries


@dataclass
class Knowledge:
    ontology: Ontology
    kb: ActorKB
    patterns: PatternSet
    place_files: list[Path] = field(default_factory=list)
    user_files: list[Path] = field(default_factory=list)

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Knowledge:
        groups: dict[str, list[Path]] = {"patterns": [], "actors": [], "cameo": [], "places": []}
        for item in extra_files:
            path = Path(item)
            groups[classify_data_file(path)].append(path)
        ontology = Ontology.load(groups["cameo"])
        patterns = load_patterns(groups["patterns"], known_codes=set(ontology.codes()),
                                 file_loaders=PATTERN_FILE_LOADERS)
        for code in sorted(patterns.foreign_codes):
            ontology.add_foreign(code, "a PETRARCH verb dictionary")
        kb = ActorKB.load(groups["actors"])
        return cls(ontology, kb, patterns, groups["places"], [Path(p) for p in extra_files])

    @cached_property
    def gazetteer(self):
        from ..places import Gazetteer

        return Gazetteer.load(self.place_files)

    def data_files(self) -> list[Path]:
        files = list(self.ontology.data_files) + list(self.patterns.data_files) + list(self.kb.data_files)
        return files + list(self.place_files)

    @cached_property
    def coder_version(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.data_files(), key=lambda p: p.name + str(p)):
            try:
                digest.update(path.name.encode())
                digest.update(Path(path).read_bytes())
            except OSError:
                continue
        return f"{__version__}+{digest.hexdigest()[:12]}"
