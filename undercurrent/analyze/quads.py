"""PLOVER quads (verbal/material x cooperation/conflict) from ontology/quads.yaml."""

from __future__ import annotations

from functools import lru_cache

from ..errors import ConfigError
from ..ontology.loader import load_yaml, require_keys


@lru_cache(maxsize=1)
def quad_table() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(key, label, description, event types) for each quad, in display order."""
    data = load_yaml("quads.yaml")
    out = []
    seen: set[str] = set()
    for key, entry in data["quads"].items():
        require_keys(entry, ("label", "description", "types"), f"quads.yaml:{key}")
        types = tuple(entry["types"])
        if seen & set(types):
            raise ConfigError(f"quads.yaml: {key} repeats an event type of another quad")
        seen |= set(types)
        out.append((key, entry["label"], entry["description"], types))
    return tuple(out)


def quad_of(event_type: str) -> str | None:
    """The quad key of a PLOVER event type, or None for an unknown type.

    Example:
        >>> quad_of("SANCTION")
        'material_conflict'
    """
    for key, _label, _desc, types in quad_table():
        if event_type in types:
            return key
    return None


def measure_types() -> tuple[str, ...]:
    """Event types that count as a third party's measure against a state of the pair."""
    return tuple(load_yaml("quads.yaml")["measures"])
