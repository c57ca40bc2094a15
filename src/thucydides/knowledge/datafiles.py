"""YAML data files with line numbers, shared by every knowledge loader so errors name file and line."""

from __future__ import annotations

import re
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
