"""Human words for the codes the report shows (``ontology/labels.yaml``), loaded and checked once."""

from __future__ import annotations

from functools import lru_cache

from ..errors import ConfigError
from ..ontology.loader import load_yaml


@lru_cache(maxsize=1)
def _labels() -> dict:
    data = load_yaml("labels.yaml")
    sectors = set(load_yaml("sectors.yaml")["sectors"])
    missing = sorted(sectors - set(data["sectors"]))
    if missing:
        raise ConfigError(f"labels.yaml: no label for sectors {', '.join(missing)} of sectors.yaml")
    for key, entry in data["sectors"].items():
        if entry["cluster"] not in data["clusters"]:
            raise ConfigError(f"labels.yaml: sector {key} names unknown cluster {entry['cluster']!r}")
    return data


def sector_label(code: str | None) -> str:
    """The words for a sector code.

    Example:
        >>> sector_label("arms_trade")
        'Arms trade'
    """
    if not code:
        return ""
    entry = _labels()["sectors"].get(code)
    return entry["label"] if entry else code.replace("_", " ")


def cluster_of(code: str | None) -> str:
    """The cluster key of a sector (``other`` for an unknown one)."""
    entry = _labels()["sectors"].get(code or "")
    return entry["cluster"] if entry else "other"


def cluster_label(code: str | None) -> str:
    """The cluster label of a sector code, as the agenda charts group them.

    Example:
        >>> cluster_label("space")
        'Defence-industrial'
    """
    return _labels()["clusters"][cluster_of(code)]["label"]


def defence_outcome_words() -> tuple[str, ...]:
    """Word stems that make a declared outcome count as being about defence."""
    return tuple(_labels()["clusters"]["defence_industrial"]["outcome_words"])


def code_label(table: str, code: str | None) -> str:
    """Words for a code of ``directions`` or ``disclosures``; the code itself, spaced, when unlisted."""
    if not code:
        return ""
    return _labels()[table].get(code, code.replace("_", " "))
