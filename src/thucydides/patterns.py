"""Event patterns: triggers -> CAMEO codes, loaded from YAML files (package files, then user files).

A pattern is keyed on a verb lemma or an event-noun lemma; every pattern has an id that is recorded on
each reading it produces. A later file's pattern with the same id replaces the earlier one, so users
override by id and add by new ids. Fields (see data/patterns/README.md):

    id:          unique id, recorded as Reading.pattern_id
    code:        CAMEO code
    verb:        lemma(s) of a verbal trigger              } exactly one of verb / noun
    noun:        lemma(s) of an event noun                 }
    particle:    the verb needs one of these particles/adverbs ("pull out", "drive out")
    object:      the verb needs a direct object (or passive subject) with one of these lemmas
    verbs:       for nouns: support verbs whose subject is the source ("launch an attack")
    standalone:  for nouns: may fire without a support verb (source from a modifier: "a Russian attack")
    preps:       prepositions whose object is the target ("against", "with", "on")
    target:      object | prep | none  (default: object when the verb takes one, else prep)
    symmetric:   coordinated subjects act on each other ("A and B agreed", "talks between A and B")
    intent:      a control verb ("agree/promise to X"): the code comes from X's pattern via the intent map
    factuality:  force a factuality (e.g. "reported_claim" for the object of "accuse ... of")
    subject_role: only fire when the subject is this kind of actor (e.g. "MIL")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import DataFileError

FIELDS = {
    "id", "code", "verb", "noun", "particle", "object", "verbs", "standalone", "preps", "target",
    "symmetric", "intent", "factuality", "subject_role", "note", "examples", "negative",
}
TARGETS = {"object", "prep", "none"}


@dataclass(frozen=True)
class Pattern:
    id: str
    code: str
    lemmas: tuple[str, ...]
    is_noun: bool
    particles: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    support_verbs: tuple[tuple[str, ...], ...] = ()  # each a verb lemma + optional particle
    standalone: bool = True
    preps: tuple[str, ...] = ()
    target: str = "object"
    symmetric: bool = False
    intent: bool = False
    factuality: str | None = None
    subject_role: str | None = None
    source_file: str = ""
    line: int = 0

    @property
    def specificity(self) -> int:
        """More constrained patterns win over looser ones on the same trigger."""
        return 2 * bool(self.objects) + 2 * bool(self.particles) + bool(self.preps) + len(self.code)


@dataclass
class PatternSet:
    patterns: dict[str, Pattern] = field(default_factory=dict)
    by_verb: dict[str, list[Pattern]] = field(default_factory=dict)
    by_noun: dict[str, list[Pattern]] = field(default_factory=dict)
    intent_map: dict[str, str] = field(default_factory=dict)  # act code prefix -> intent code
    data_files: list[Path] = field(default_factory=list)

    def index(self) -> None:
        self.by_verb.clear()
        self.by_noun.clear()
        for pattern in self.patterns.values():
            table = self.by_noun if pattern.is_noun else self.by_verb
            for lemma in pattern.lemmas:
                table.setdefault(lemma, []).append(pattern)
        for table in (self.by_verb, self.by_noun):
            for lemma in table:
                table[lemma].sort(key=lambda p: -p.specificity)

    def intent_code(self, act_code: str) -> str | None:
        """The CAMEO 03x code that expresses intent to do `act_code` (longest prefix wins)."""
        for length in (4, 3, 2):
            code = self.intent_map.get(act_code[:length])
            if code:
                return code
        return None


def _as_tuple(value, path: str, line: int, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip().lower(),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip().lower() for v in value)
    raise DataFileError(path, f"field {name!r} must be a string or a list of strings", line)


def _parse_pattern(item: dict, path: str, line: int, known_codes) -> Pattern:
    unknown = set(item) - FIELDS
    if unknown:
        raise DataFileError(path, f"unknown field(s) {sorted(unknown)}", line)
    pid = item.get("id")
    code = str(item.get("code", "")).strip()
    if not pid or not isinstance(pid, str):
        raise DataFileError(path, "pattern without an id", line)
    if not code.isdigit() or len(code) not in (2, 3, 4):
        raise DataFileError(path, f"pattern {pid}: code {code!r} is not a CAMEO code", line)
    if known_codes is not None and code not in known_codes:
        raise DataFileError(path, f"pattern {pid}: unknown CAMEO code {code}", line)
    has_verb, has_noun = "verb" in item, "noun" in item
    if has_verb == has_noun:
        raise DataFileError(path, f"pattern {pid}: give exactly one of 'verb' or 'noun'", line)
    lemmas = _as_tuple(item.get("verb") or item.get("noun"), path, line, "verb/noun")
    target = item.get("target")
    objects = _as_tuple(item.get("object"), path, line, "object")
    if target is None:
        target = "prep" if (has_noun or objects) else "object"
    if target not in TARGETS:
        raise DataFileError(path, f"pattern {pid}: target must be one of {sorted(TARGETS)}", line)
    support = tuple(tuple(v.split()) for v in _as_tuple(item.get("verbs"), path, line, "verbs"))
    return Pattern(
        id=pid,
        code=code,
        lemmas=lemmas,
        is_noun=has_noun,
        particles=_as_tuple(item.get("particle"), path, line, "particle"),
        objects=objects,
        support_verbs=support,
        standalone=bool(item.get("standalone", True)),
        preps=_as_tuple(item.get("preps"), path, line, "preps"),
        target=target,
        symmetric=bool(item.get("symmetric", False)),
        intent=bool(item.get("intent", False)),
        factuality=item.get("factuality"),
        subject_role=item.get("subject_role"),
        source_file=path,
        line=line,
    )


class _LineLoader(yaml.SafeLoader):
    """Records the line of every mapping so errors can name it."""


def _construct_mapping(loader, node, deep=False):
    mapping = loader.construct_mapping(node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# YAML 1.1 reads on/off/yes/no as booleans; in patterns they are particles and prepositions ("call on").
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_pattern_file(text: str, path: str, patterns: PatternSet, known_codes=None) -> None:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DataFileError(path, f"not valid YAML: {exc}", (line + 1) if line is not None else None) from exc
    if data is None:
        return
    if isinstance(data, dict) and ("patterns" in data or "intent_map" in data):
        for key, value in (data.get("intent_map") or {}).items():
            if key == "__line__":
                continue
            patterns.intent_map[str(key)] = str(value)
        items = data.get("patterns") or []
    else:
        items = data
    if not isinstance(items, list):
        raise DataFileError(path, "expected a list of patterns (or a mapping with 'patterns')")
    for item in items:
        if not isinstance(item, dict):
            raise DataFileError(path, "each pattern must be a mapping")
        line = item.pop("__line__", 0)
        pattern = _parse_pattern(item, path, line, known_codes)
        patterns.patterns[pattern.id] = pattern


def load_patterns(extra_files: Sequence[str | Path] = (), known_codes=None) -> PatternSet:
    patterns = PatternSet()
    folder = resources.files("thucydides").joinpath("data", "patterns")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            load_pattern_file(entry.read_text(encoding="utf-8"), f"thucydides/data/patterns/{entry.name}",
                              patterns, known_codes)
            patterns.data_files.append(Path(str(entry)))
    for extra in extra_files:
        path = Path(extra)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(str(path), f"cannot read pattern file: {exc}") from exc
        load_pattern_file(text, str(path), patterns, known_codes)
        patterns.data_files.append(path)
    patterns.index()
    return patterns


@lru_cache(maxsize=1)
def default_patterns() -> PatternSet:
    return load_patterns()
