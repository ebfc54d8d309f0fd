"""Scorers that measure undercurrent against public evaluation sets.

Nothing here is run by the pipeline; each scorer takes the path of a data
file and a loaded spaCy pipeline, and returns plain figures.
"""

from .timex import score_tempeval

__all__ = ["score_tempeval"]
