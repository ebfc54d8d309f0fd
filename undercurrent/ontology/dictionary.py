"""The dated actor dictionary: who held which office when.

The packaged facts live in ``actors.yaml`` (see its header for the schema).
Users add their own people with YAML files of the same shape or with CSV
files, one row per role, with a header line and these columns::

    name,aliases,country,title,organization,sector,start,end[,office]

``aliases`` is semicolon-separated ("Sergey Shoigu;Sergei Shoygu"),
``country`` an ISO3 code or empty for international officials, ``start``
and ``end`` are YYYY-MM-DD, YYYY-MM or YYYY (``end`` empty while in office),
and the optional ``office`` column holds semicolon-separated office keys
(``defence_minister``). Rows with the same name form one person. A user
person whose name matches a packaged one adds aliases and roles to it.

Example:
    >>> d = ActorDictionary.load()
    >>> d.holder("defence_minister", "RUS", "2023-03-21").name
    'Sergei Shoigu'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..records import Role
from .countries import normalise_country
from .loader import load_yaml
from .names import family_name, fold_name

PACKAGED_FILE = "actors.yaml"

@lru_cache(maxsize=1)
def sectors() -> frozenset[str]:
    """The sector vocabulary of DOMAIN.md, as sectors.yaml declares and describes it."""
    return frozenset(load_yaml("sectors.yaml")["sectors"])

CSV_COLUMNS = ("name", "aliases", "country", "title", "organization", "sector", "start", "end")

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_OFFICE_RE = re.compile(r"^[a-z][a-z0-9_]*$")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class RoleKey:
    """What the dictionary knows about a role beyond :class:`Role`.

    ``offices`` are the keys ``holder`` answers to, ``body`` the international
    organisation of the office (EU, NATO, UN), ``known_to`` the last date an
    open-ended role is known to have been held.
    """

    offices: tuple[str, ...] = ()
    body: str | None = None
    known_to: str | None = None


@dataclass(frozen=True, slots=True)
class DictionaryPerson:
    """One person with every dated role the dictionary knows of.

    ``roles`` and ``role_keys`` are parallel: ``role_keys[i]`` belongs to ``roles[i]``.
    The status of each stored role is "current" when open-ended, else "former";
    use :meth:`ActorDictionary.roles_as_of` for the status on another date.
    """

    key: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    roles: tuple[Role, ...]
    role_keys: tuple[RoleKey, ...] = ()
    surname: str | None = None


# --------------------------------------------------------------------------- dates


def _day_bounds(value: str) -> tuple[date, date]:
    """First and last day covered by a YYYY, YYYY-MM or YYYY-MM-DD prefix."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    day = date(parts[0], parts[1], parts[2])
    return day, day


def _clean_date(value: Any, where: str, field: str, required: bool) -> str | None:
    """Normalise a YAML/CSV date to an ISO prefix, raising ConfigError when invalid."""
    if value is None or value == "":
        if required:
            raise ConfigError(f"{where}: {field} is required (YYYY-MM-DD, YYYY-MM or YYYY)")
        return None
    text = value.isoformat() if isinstance(value, date) else str(value).strip()
    if not _DATE_RE.match(text):
        raise ConfigError(f"{where}: {field} {text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    try:
        _day_bounds(text)
    except ValueError as exc:
        raise ConfigError(f"{where}: {field} {text!r} is not a calendar date ({exc})") from exc
    return text


def role_interval(role: Role, key: RoleKey | None = None) -> tuple[date, date | None]:
    """Days a role covers: first day held and last day held (None while open-ended).

    A day-precise ``end`` is the hand-over day and belongs to the successor,
    so the last day held is the day before. ``known_to`` closes an open role.
    """
    start = _day_bounds(role.start)[0] if role.start else date.min
    if role.end:
        lo, hi = _day_bounds(role.end)
        return start, (lo - timedelta(days=1) if len(role.end) == 10 else hi)
    if key is not None and key.known_to:
        return start, _day_bounds(key.known_to)[1]
    return start, None


def _overlaps(role: Role, key: RoleKey, when: str) -> bool:
    if not _DATE_RE.match(when):
        raise ValueError(f"date {when!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    lo, hi = _day_bounds(when)
    start, last = role_interval(role, key)
    return start <= hi and (last is None or lo <= last)


def _role_answers(role: Role, key: RoleKey, kind: str, query: str) -> bool:
    """Whether a role is the office, sector or title asked for."""
    if kind == "office":
        return query in key.offices
    if kind == "sector":
        return role.sector == query
    return name_key(role.title or "") == name_key(query)


def role_status(role: Role, when: str) -> str:
    """Status of a role relative to a date: current, former or incoming.

    Example:
        >>> r = Role(title="President", start="2014-06-07", end="2019-05-20")
        >>> role_status(r, "2020-01-01")
        'former'
    """
    lo, hi = _day_bounds(when)
    start, last = role_interval(role)
    if start > hi:
        return "incoming"
    if last is not None and last < lo:
        return "former"
    return "current"


# --------------------------------------------------------------------------- names


def name_key(text: str) -> str:
    """The one fold of personal names (:func:`undercurrent.ontology.names.fold_name`).

    Example:
        >>> name_key("Recep Tayyip Erdoğan") == name_key("Recep Tayyip Erdogan")
        True
        >>> name_key("Kim Jong-un")
        'kim jong un'
    """
    return fold_name(text)


def _slug(text: str) -> str:
    return name_key(text).replace(" ", "_").replace("'", "")


def _surnames(person: DictionaryPerson) -> set[str]:
    """Surname keys of a person, from the explicit surname or each spelling of the name."""
    if person.surname:
        return {name_key(person.surname)}
    return {family_name(full, person.country) for full in (person.name, *person.aliases) if len(full.split()) > 1}


# --------------------------------------------------------------------------- loading


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _parse_role(entry: dict, country: str | None, where: str) -> tuple[Role, RoleKey]:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: a role must be a mapping, got {entry!r}")
    for field in ("title", "sector", "start"):
        if not entry.get(field):
            raise ConfigError(f"{where}: role {entry!r} lacks {field}")
    sector = entry["sector"]
    if sector not in sectors():
        raise ConfigError(f"{where}: unknown sector {sector!r}; use one of {', '.join(sorted(sectors()))}")
    start = _clean_date(entry.get("start"), where, "start", required=True)
    end = _clean_date(entry.get("end"), where, "end", required=False)
    known_to = _clean_date(entry.get("known_to"), where, "known_to", required=False)
    if end and _day_bounds(end)[1] < _day_bounds(start)[0]:
        raise ConfigError(f"{where}: role {entry['title']!r} ends ({end}) before it starts ({start})")
    if known_to and (end or _day_bounds(known_to)[1] < _day_bounds(start)[0]):
        raise ConfigError(f"{where}: known_to {known_to} needs an open role (end: null) that starts before it")
    offices = tuple(str(o) for o in _as_list(entry.get("office")))
    for office in offices:
        if not _OFFICE_RE.match(office):
            raise ConfigError(f"{where}: office key {office!r} must be lower_snake_case")
    role = Role(
        title=str(entry["title"]),
        organization=entry.get("organization"),
        country=country,
        sector=sector,
        status="current" if end is None else "former",
        start=start,
        end=end,
        source="dictionary",
    )
    return role, RoleKey(offices=offices, body=entry.get("body"), known_to=known_to)


def _parse_person(entry: Any, source: str) -> DictionaryPerson:
    if not isinstance(entry, dict) or not entry.get("name"):
        raise ConfigError(f"{source}: entry {entry!r} lacks a name")
    name = str(entry["name"]).strip()
    where = f"{source}: {name}"
    if "country" not in entry:
        raise ConfigError(f"{where}: country is required (ISO3 code, or null for international officials)")
    country = entry["country"] or None
    if country is not None and normalise_country(str(country), kinds=("name",)) != country:
        raise ConfigError(f"{where}: unknown country code {country!r}; add it to countries.yaml first")
    raw_roles = entry.get("roles")
    if not raw_roles or not isinstance(raw_roles, list):
        raise ConfigError(f"{where}: roles must be a non-empty list")
    pairs = [_parse_role(r, country, where) for r in raw_roles]
    return DictionaryPerson(
        key=_slug(name),
        name=name,
        aliases=tuple(str(a) for a in _as_list(entry.get("aliases"))),
        country=country,
        roles=tuple(p[0] for p in pairs),
        role_keys=tuple(p[1] for p in pairs),
        surname=entry.get("surname"),
    )


def parse_people(data: Any, source: str) -> tuple[DictionaryPerson, ...]:
    """Validate a parsed YAML document (``people:`` list) into people.

    Raises:
        ConfigError: naming the file and entry of the first invalid fact.
    """
    if not isinstance(data, dict) or not isinstance(data.get("people"), list):
        raise ConfigError(f"{source}: expected a mapping with a 'people' list")
    people = [_parse_person(e, source) for e in data["people"]]
    seen: set[str] = set()
    for person in people:
        if person.key in seen:
            raise ConfigError(f"{source}: {person.name} is listed twice; merge the entries")
        seen.add(person.key)
    return tuple(people)


def _read_csv(path: Path) -> tuple[DictionaryPerson, ...]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ConfigError(f"{path}: CSV lacks columns {', '.join(missing)}; expected {','.join(CSV_COLUMNS)}")
        grouped: dict[str, dict] = {}
        for line, row in enumerate(reader, start=2):
            name = (row.get("name") or "").strip()
            if not name:
                raise ConfigError(f"{path}:{line}: name is empty")
            person = grouped.setdefault(
                name, {"name": name, "aliases": [], "country": (row.get("country") or "").strip() or None, "roles": []}
            )
            person["aliases"].extend(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
            person["roles"].append(
                {
                    "title": (row.get("title") or "").strip(),
                    "organization": (row.get("organization") or "").strip() or None,
                    "sector": (row.get("sector") or "").strip(),
                    "start": (row.get("start") or "").strip(),
                    "end": (row.get("end") or "").strip() or None,
                    "office": [o.strip() for o in (row.get("office") or "").split(";") if o.strip()],
                }
            )
    for person in grouped.values():
        person["aliases"] = list(dict.fromkeys(person["aliases"]))
    return parse_people({"people": list(grouped.values())}, str(path))


def read_user_file(path: str | Path) -> tuple[DictionaryPerson, ...]:
    """People from a user YAML (same shape as actors.yaml) or CSV file.

    Raises:
        ConfigError: when the file is missing, of an unknown type or invalid.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"actor dictionary file {path} does not exist")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
        return parse_people(data, str(path))
    raise ConfigError(f"{path}: actor dictionary files must end in .yaml, .yml or .csv")


@lru_cache(maxsize=1)
def packaged_people() -> tuple[DictionaryPerson, ...]:
    """The validated people of the packaged actors.yaml (parsed once per process)."""
    return parse_people(load_yaml(PACKAGED_FILE), PACKAGED_FILE)


def _merge(base: DictionaryPerson, extra: DictionaryPerson) -> DictionaryPerson:
    aliases = tuple(dict.fromkeys((*base.aliases, *extra.aliases)))
    return replace(
        base,
        aliases=aliases,
        roles=base.roles + extra.roles,
        role_keys=base.role_keys + extra.role_keys,
        country=base.country or extra.country,
    )


# --------------------------------------------------------------------------- lookups


class ActorDictionary:
    """Dated people and offices, searchable by name, office and date.

    Build it with :meth:`load`; the packaged part is parsed once per process.
    """

    def __init__(self, people: tuple[DictionaryPerson, ...]) -> None:
        self.people = people
        self._by_key = {p.key: p for p in people}
        self._full: dict[str, set[str]] = {}
        self._surname: dict[str, set[str]] = {}
        for person in people:
            for full in (person.name, *person.aliases):
                self._full.setdefault(name_key(full), set()).add(person.key)
            for surname in _surnames(person):
                self._surname.setdefault(surname, set()).add(person.key)
        self._offices = {o for p in people for k in p.role_keys for o in k.offices}

    @classmethod
    def load(cls, extra_paths: tuple[str, ...] = ()) -> ActorDictionary:
        """The packaged dictionary merged with user YAML or CSV files.

        A user person with the same name as a packaged one (or an earlier
        user file's) adds aliases and roles to it.

        Example:
            >>> ActorDictionary.load().find("Shoygu").name
            'Sergei Shoigu'
        """
        merged = {p.key: p for p in packaged_people()}
        for path in extra_paths:
            for person in read_user_file(path):
                merged[person.key] = _merge(merged[person.key], person) if person.key in merged else person
        return cls(tuple(merged.values()))

    def __len__(self) -> int:
        return len(self.people)

    def find(self, name: str) -> DictionaryPerson | None:
        """The one person a name refers to, or None when unknown or ambiguous.

        Full names and aliases match case- and diacritic-insensitively; a
        surname alone matches only when no other person in the dictionary
        bears it.

        Example:
            >>> ActorDictionary.load().find("Li") is None
            True
        """
        key = name_key(name)
        if not key:
            return None
        keys = self._full.get(key) or self._surname.get(key) or set()
        return self._by_key[next(iter(keys))] if len(keys) == 1 else None

    def _person(self, person_or_name: DictionaryPerson | str) -> DictionaryPerson | None:
        if isinstance(person_or_name, DictionaryPerson):
            return person_or_name
        return self.find(person_or_name)

    def roles_as_of(self, person_or_name: DictionaryPerson | str, when: str | None) -> tuple[Role, ...]:
        """Roles held on a date (an ISO prefix), or the latest roles when ``when`` is None.

        Roles held on the date come back with status "current". Without a
        date, the open-ended roles ("current"), else the last ones held ("former").

        Example:
            >>> [r.title for r in ActorDictionary.load().roles_as_of("Shoigu", "2023-03-21")]
            ['Minister of Defence']
        """
        person = self._person(person_or_name)
        if person is None:
            return ()
        pairs = list(zip(person.roles, person.role_keys))
        if when is not None:
            return tuple(replace(r, status="current") for r, k in pairs if _overlaps(r, k, when))
        open_roles = tuple(replace(r, status="current") for r, _ in pairs if r.end is None)
        if open_roles:
            return open_roles
        last = max(_day_bounds(r.end)[1] for r, _ in pairs if r.end)
        return tuple(replace(r, status="former") for r, _ in pairs if r.end and _day_bounds(r.end)[1] == last)

    def holder(self, title_or_sector: str, country: str, when: str) -> DictionaryPerson | None:
        """Who held an office in a country (or international body) on a date.

        ``title_or_sector`` is an office key (``defence_minister``), else a
        sector (``finance``), else a title ("Minister of Defence"). ``country``
        is an ISO3 code, a country name, or a body key (EU, NATO, UN). Returns
        None when nobody or more than one person matches.

        Example:
            >>> ActorDictionary.load().holder("foreign_minister", "CHN", "2023-03-21").name
            'Qin Gang'
        """
        code = normalise_country(country, kinds=("name", "demonym")) or country
        query = title_or_sector.strip()
        kind = "office" if query in self._offices else "sector" if query in sectors() else "title"
        found = {
            person.key
            for person in self.people
            for role, key in zip(person.roles, person.role_keys)
            if (role.country == code or key.body == code)
            and _role_answers(role, key, kind, query)
            and _overlaps(role, key, when)
        }
        return self._by_key[next(iter(found))] if len(found) == 1 else None
