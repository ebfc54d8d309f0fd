"""Checks across the vocabulary files, run once per process before the first document is read.

Each file validates its own entries when it is loaded; what no single file can see is checked
here: every sector named in organizations.yaml, rosters.yaml and actors.yaml is one that
sectors.yaml declares, every state code there and in names.yaml is one countries.yaml knows,
and every organisation type is one organizations.yaml documents.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from .loader import load_yaml

# Kinds of organisation (the `type` of organizations.yaml; its header says what each is).
ORGANIZATION_TYPES = frozenset({"ministry", "agency", "central_bank", "company", "media", "military", "party",
                                "legislature", "court", "framework", "grouping"})


def cross_file_problems(files: dict[str, Any], is_state: Callable[[str], bool]) -> list[str]:
    """What the vocabulary files say of one another that is not true, one line per problem.

    ``files`` maps a file name to its parsed YAML; ``is_state`` says whether a code is a known state.

    Example:
        >>> files = {"sectors.yaml": {"sectors": {"defense": "..."}}, "organizations.yaml":
        ...          {"organizations": [{"name": "X", "country": "ZZZ", "sector": "arms", "type": "company"}]}}
        >>> cross_file_problems(files, lambda code: code == "RUS")  # doctest: +NORMALIZE_WHITESPACE
        ["organizations.yaml: X: sector 'arms' is not in sectors.yaml",
         "organizations.yaml: X: country 'ZZZ' is not in countries.yaml"]
    """
    sectors = set((files.get("sectors.yaml") or {}).get("sectors") or ())
    out: list[str] = []
    orgs = files.get("organizations.yaml") or {}
    for entry in orgs.get("organizations") or ():
        where = f"organizations.yaml: {entry.get('name')}"
        if entry.get("sector") not in sectors:
            out.append(f"{where}: sector {entry.get('sector')!r} is not in sectors.yaml")
        if entry.get("country") is not None and not is_state(entry["country"]):
            out.append(f"{where}: country {entry['country']!r} is not in countries.yaml")
        if entry.get("type") not in ORGANIZATION_TYPES:
            out.append(f"{where}: type {entry.get('type')!r} is not one of {', '.join(sorted(ORGANIZATION_TYPES))}")
    for entry in orgs.get("generic_types") or ():
        if entry.get("sector") not in sectors:
            out.append(f"organizations.yaml: generic {entry.get('term')!r}: sector {entry.get('sector')!r} is not in sectors.yaml")
    for theme, entry in ((files.get("rosters.yaml") or {}).get("themes") or {}).items():
        for sector in entry.get("sectors") or ():
            if sector not in sectors:
                out.append(f"rosters.yaml: theme {theme}: sector {sector!r} is not in sectors.yaml")
    for code in (files.get("names.yaml") or {}).get("surname_first_countries") or ():
        if not is_state(code):
            out.append(f"names.yaml: surname_first_countries: {code!r} is not in countries.yaml")
    for person in (files.get("actors.yaml") or {}).get("people") or ():
        for role in person.get("roles") or ():
            if role.get("sector") not in sectors:
                out.append(f"actors.yaml: {person.get('name')}: sector {role.get('sector')!r} is not in sectors.yaml")
    return out


@lru_cache(maxsize=1)
def check_vocabulary() -> None:
    """Raise ConfigError listing every cross-file problem of the packaged vocabulary (checked once).

    Example:
        >>> check_vocabulary()  # the packaged files agree
    """
    from .countries import normalise_country

    names = ("sectors.yaml", "organizations.yaml", "rosters.yaml", "names.yaml", "actors.yaml")
    problems = cross_file_problems({n: load_yaml(n) for n in names},
                                   lambda code: normalise_country(code, kinds=("name",)) == code)
    if problems:
        raise ConfigError("the vocabulary files disagree (fix them in undercurrent/ontology/):\n  " + "\n  ".join(problems))
