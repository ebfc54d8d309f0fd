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


# --------------------------------------------------------------------------- PostgreSQL
# A throwaway server for the test session: initdb in a temporary folder, started on a free
# loopback port, removed at the end. Skips with the reason when no server binaries exist.

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """Base URL of a running PostgreSQL server (no database part)."""
    env_url = os.environ.get("UNDERCURRENT_TEST_PG")
    if env_url:
        yield env_url.rstrip("/")
        return
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not installed (make system-deps installs them)")
    as_root = os.geteuid() == 0
    run_as: list[str] = []
    if as_root:
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        run_as = ["runuser", "-u", "postgres", "--"]
    base = tempfile.mkdtemp(prefix="uc-pg-")
    data, sock = os.path.join(base, "data"), os.path.join(base, "sock")
    os.makedirs(sock)
    if as_root:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()
    subprocess.run(run_as + [f"{bindir}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    subprocess.run(
        run_as + [f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(base, "log"), "-w", "-o",
                  f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
        check=True, capture_output=True,
    )
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    try:
        yield url
    finally:
        subprocess.run(run_as + [f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the session's server."""
    import psycopg

    name = "uc_" + uuid.uuid4().hex[:12]
    admin = pg_server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{pg_server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Run a store test on both dialects."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")
