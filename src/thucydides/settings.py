"""Settings: commented defaults in settings.toml inside the package; a user file overrides the keys it sets."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DataFileError

ENV_VAR = "THUCYDIDES_SETTINGS"


def _package_text() -> str:
    return resources.files("thucydides").joinpath("settings.toml").read_text(encoding="utf-8")


def _merge(base: dict[str, Any], override: dict[str, Any], path: str) -> dict[str, Any]:
    out = {section: dict(values) for section, values in base.items()}
    for section, values in override.items():
        if section not in out or not isinstance(values, dict):
            raise DataFileError(path, f"unknown settings section [{section}]")
        for key, value in values.items():
            if key not in out[section]:
                raise DataFileError(path, f"unknown setting {section}.{key}")
            out[section][key] = value
    return out


@lru_cache(maxsize=8)
def load_settings(user_file: str | None = None) -> dict[str, Any]:
    """Package defaults, then `user_file` (or $THUCYDIDES_SETTINGS) on top."""
    settings = tomllib.loads(_package_text())
    user_file = user_file or os.environ.get(ENV_VAR)
    if user_file:
        try:
            override = tomllib.loads(Path(user_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise DataFileError(user_file, f"cannot read settings: {exc}") from exc
        settings = _merge(settings, override, user_file)
    return settings


def documented_settings() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting, help taken from the comment lines above it."""
    rows: list[tuple[str, Any, str]] = []
    defaults = tomllib.loads(_package_text())
    section = ""
    comment: list[str] = []
    for line in _package_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1]
            comment = []
        elif stripped.startswith("#"):
            comment.append(stripped.lstrip("# "))
        elif "=" in stripped:
            key = stripped.split("=", 1)[0].strip()
            rows.append((f"{section}.{key}", defaults[section][key], " ".join(comment)))
            comment = []
        else:
            comment = []
    return rows
