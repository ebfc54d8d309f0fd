"""Settings, each declared once as (name, default, help).

Load order: packaged defaults, then a user TOML file (``UNDERCURRENT_CONFIG``),
then ``UNDERCURRENT_*`` environment variables, then command-line flags.
Nothing deep in a stage reads ``os.environ``: stages receive a Settings.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

# (name, default, help)
SETTINGS_SPEC: tuple[tuple[str, Any, str], ...] = (
    ("db_url", "sqlite:///undercurrent.db", "Database URL: a SQLite file or postgresql+psycopg://user@host/db."),
    ("model", "auto", "spaCy pipeline: 'auto' (md when installed, else sm), 'md', 'sm' or a path."),
    ("batch_size", 16, "Documents per nlp.pipe batch."),
    ("processes", 1, "Processes for the NLP stage."),
    ("max_doc_bytes", 20 * 1024 * 1024, "Files larger than this many bytes are refused."),
    ("near_dup_threshold", 0.8, "Jaccard similarity (MinHash estimate) above which two documents share a story cluster."),
    ("minhash_perm", 128, "MinHash permutations; more is more exact and slower."),
    ("shingle_words", 5, "Words per shingle for near-duplicate detection."),
    ("languages", "en", "Comma-separated languages that are analysed; others are stored and skipped."),
    ("date_conflict_days", 90, "Claimed and inferred writing dates further apart than this are a conflict."),
    ("user_dictionaries", "", "Comma-separated paths of extra actor dictionaries (YAML or CSV)."),
    ("max_ingest_bytes_http", 2 * 1024 * 1024, "Largest body POST /api/v1/documents accepts."),
    ("allowed_hosts", "", "Comma-separated host names the web server also answers to (its DNS name, a proxy's)."),
)

_ENV_PREFIX = "UNDERCURRENT_"


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str = "sqlite:///undercurrent.db"
    model: str = "auto"
    batch_size: int = 16
    processes: int = 1
    max_doc_bytes: int = 20 * 1024 * 1024
    near_dup_threshold: float = 0.8
    minhash_perm: int = 128
    shingle_words: int = 5
    languages: str = "en"
    date_conflict_days: int = 90
    user_dictionaries: str = ""
    max_ingest_bytes_http: int = 2 * 1024 * 1024
    allowed_hosts: str = ""

    @property
    def language_set(self) -> frozenset[str]:
        return frozenset(x.strip() for x in self.languages.split(",") if x.strip())

    def with_(self, **changes: Any) -> "Settings":
        """A copy with the given non-None values changed (flags override)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, value: Any, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            return str(value).lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: {value!r} is not a valid {type(default).__name__}") from exc


def load_settings(env: dict[str, str] | None = None, **flags: Any) -> Settings:
    """Build Settings from defaults, the user file, the environment and flags.

    Example:
        >>> load_settings(env={}, batch_size=4).batch_size
        4
    """
    env = dict(os.environ) if env is None else env
    defaults = {name: default for name, default, _ in SETTINGS_SPEC}
    values: dict[str, Any] = dict(defaults)
    cfg_path = env.get(_ENV_PREFIX + "CONFIG")
    if cfg_path:
        path = Path(cfg_path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
        for key, value in data.items():
            if key not in defaults:
                raise ConfigError(f"settings file {path}: unknown setting {key!r}")
            values[key] = _coerce(key, value, defaults[key])
    for name, default in defaults.items():
        raw = env.get(_ENV_PREFIX + name.upper())
        if raw is not None and raw != "":
            values[name] = _coerce(name, raw, default)
    if "UNDERCURRENT_DB_URL" not in env and env.get("UNDERCURRENT_DB"):
        values["db_url"] = env["UNDERCURRENT_DB"]
    for key, value in flags.items():
        if value is not None:
            if key not in defaults:
                raise ConfigError(f"unknown setting {key!r}")
            values[key] = _coerce(key, value, defaults[key])
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in values.items() if k in known})


def db_url_from(value: str | None) -> str | None:
    """Accept a bare file path where a URL is expected ("demo.db" -> sqlite:///demo.db)."""
    if value is None:
        return None
    if "://" in value:
        return value
    return f"sqlite:///{value}"
