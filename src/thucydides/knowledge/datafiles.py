"""YAML data files with line numbers, shared by every knowledge loader so errors name file and line."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataFileError


class LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line as "__line__" and reads only true/false as
    booleans: YAML 1.1 would turn "on", "off", "yes", "no" (particles, Norway's "NO") into booleans."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML text; a syntax error becomes DataFileError(THU-E202) naming `path` and the line."""
    try:
        return yaml.load(text, Loader=LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        raise DataFileError(path, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from exc


# ------------------------------------------------------------------ strict files: the actor knowledge base

try:  # the C parser is several times faster; the constructors below are Python either way
    _FastLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = yaml.SafeLoader


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int):
        super().__init__(f"duplicate key '{key}'")
        self.line = line


class _StrictLoader(_FastLoader):  # type: ignore[misc, valid-type]
    """Safe loader that records line numbers, refuses duplicate keys, reads only true/false as
    booleans (Norway's ISO code NO stays a string) and leaves dates as text (validated later)."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_strict_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    keys: dict[Any, int] = {}
    for key_node, _value in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
        if key in keys:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        keys[key] = key_node.start_mark.line + 1
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__keys__"] = keys
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_strict_mapping)


def read_yaml(path: Path) -> Any:
    """A YAML file as Python data, strictly: mappings carry '__line__' and '__keys__' (key -> line),
    a duplicate key is an error, dates stay text (the actor knowledge base validates them)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), f"cannot read: {exc}") from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader subclass
    except _DuplicateKey as exc:
        raise DataFileError(str(path), str(exc), exc.line) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DataFileError(str(path), f"invalid YAML: {exc.problem}", mark.line + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise DataFileError(str(path), f"invalid YAML: {exc}") from exc


@lru_cache(maxsize=32)
def read_yaml_cached(path: str, _mtime_ns: int, _size: int) -> Any:
    """Parsed files are reused while unchanged (the builder never mutates them): reloading the
    package layers under a different user file costs only the index building."""
    return read_yaml(Path(path))
