"""Load and validate the packaged YAML vocabularies, once per process."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import ConfigError


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """Parse ``undercurrent/ontology/<name>`` (cached; callers must not mutate it)."""
    try:
        text = resources.files("undercurrent.ontology").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"ontology file {name} is missing from the package") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"ontology file {name} is not valid YAML: {exc}") from exc


def require_keys(entry: dict, keys: tuple[str, ...], where: str) -> None:
    """Raise ConfigError naming the file and entry when a required key is absent."""
    missing = [k for k in keys if k not in entry]
    if missing:
        raise ConfigError(f"{where}: entry {entry!r} lacks {', '.join(missing)}")
