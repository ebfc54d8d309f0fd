"""Shared fixtures. The small English pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    """The small pretrained pipeline (fast and good enough for rule tests)."""
    from undercurrent.nlp import load_nlp

    return load_nlp("sm")


@pytest.fixture(scope="session")
def nlp_md():
    """The medium pipeline, the one users get by default."""
    from undercurrent.nlp import load_nlp

    return load_nlp("md")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The shared reference article; tests that need it skip when it is absent."""
    path = SHARED / "seed" / "article.txt"
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def settings(tmp_path):
    from undercurrent.config import load_settings

    return load_settings(env={}, db_url=f"sqlite:///{tmp_path / 'test.db'}")
