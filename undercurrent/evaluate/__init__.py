"""Scorers that measure undercurrent against public evaluation sets.

Nothing here is run by the pipeline; each scorer takes the path of a data
file and a loaded spaCy pipeline, and returns plain figures. Submodules are
imported on first use, so ``python -m undercurrent.evaluate.timex`` runs cleanly.
"""

from __future__ import annotations

from typing import Any

__all__ = ["score_tempeval"]


def __getattr__(name: str) -> Any:
    if name == "score_tempeval":
        from .timex import score_tempeval

        return score_tempeval
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
