"""Two ingests at once into the same database: no error, nothing doubled, nothing lost.

Each ingest is a real OS process running the command line, over overlapping inputs,
once into one SQLite file and once into one PostgreSQL database.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from undercurrent.store import Store
from undercurrent.store import schema as t

ROOT = Path(__file__).resolve().parents[1]

# Facts about real meetings and agreements, one sentence each; articles combine four.
FACTS: tuple[str, ...] = (
    "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on 21 March 2023.",
    "Putin met North Korean leader Kim Jong Un at the Vostochny Cosmodrome on 13 September 2023.",
    "Putin and Kim signed a comprehensive strategic partnership treaty in Pyongyang on 19 June 2024.",
    "US President Joe Biden met Xi at the Filoli estate near San Francisco on 15 November 2023.",
    "Indian Prime Minister Narendra Modi held talks with Putin in Moscow on 9 July 2024.",
    "Putin arrived in Beijing on 16 May 2024 for a two-day state visit to China.",
    "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Beijing on 9 April 2024.",
    "Chinese Defence Minister Li Shangfu met Russian Defence Minister Sergei Shoigu in Moscow on 16 April 2023.",
    "Gazprom and CNPC signed a 30-year contract for gas supplies through the Power of Siberia pipeline in May 2014.",
    "Xi and Putin met in Astana on 3 July 2024 on the sidelines of the Shanghai Cooperation Organisation summit.",
    "Kim Jong Un met Putin in Vladivostok on 25 April 2019, their first summit.",
    "Xi Jinping visited Pyongyang on 20 June 2019, the first visit by a Chinese leader in 14 years.",
    "Belarusian President Alexander Lukashenko held talks with Xi in Beijing on 1 March 2023.",
    "Russia and Belarus agreed in March 2023 to station Russian tactical nuclear weapons in Belarus.",
    "Japan and South Korea held their first bilateral summit in 12 years in Tokyo on 16 March 2023.",
)
HEADLINES: tuple[str, ...] = ("Summit diary", "Week in diplomacy", "Talks roundup", "Background briefing")
FACTS_PER_ARTICLE = 4
# Upper bound for one CLI ingest of a few tens of short articles on a loaded 2-core machine.
SUBPROCESS_TIMEOUT_S = 600


def write_corpus(folder: Path, count: int, start: int = 0) -> list[Path]:
    """Write ``count`` distinct short articles (numbered from ``start``) as .txt files.

    Article ``i`` always has the same text, so two corpora with overlapping
    ranges share exactly those files' content.
    """
    combos = list(itertools.combinations(range(len(FACTS)), FACTS_PER_ARTICLE))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        # A stride coprime with len(combos) spreads neighbouring articles over different facts.
        picked = combos[(i * 97) % len(combos)]
        body = " ".join(FACTS[k] for k in picked)
        path = folder / f"article_{i:03d}.txt"
        path.write_text(f"{HEADLINES[i % len(HEADLINES)]}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def cli_env(**extra: str) -> dict[str, str]:
    """Environment for a CLI subprocess: the small model, small batches, no user config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNDERCURRENT_")}
    env.update({"UNDERCURRENT_MODEL": "sm", "UNDERCURRENT_BATCH_SIZE": "2", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def start_ingest(paths: list[str], db_url: str, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "undercurrent.cli", "ingest", *paths, "--db", db_url, *extra]
    return subprocess.Popen(cmd, cwd=ROOT, env=env or cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def stored_texts(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return [r[0] for r in conn.execute(select(t.documents.c.text))]


def assert_consistent(store: Store) -> None:
    """No half-written document: each row has its origin; extractions point at stored documents."""
    with store.engine.connect() as conn:
        docs = {r[0] for r in conn.execute(select(t.documents.c.id))}
        with_origin = {r[0] for r in conn.execute(select(t.document_origins.c.document_id))}
        event_docs = {r[0] for r in conn.execute(select(t.events.c.document_id))}
        mention_docs = {r[0] for r in conn.execute(select(t.mentions.c.document_id))}
    assert docs == with_origin
    assert event_docs <= docs and mention_docs <= docs


def run_two_at_once(tmp_path: Path, db_url: str) -> tuple[list[subprocess.CompletedProcess], list[Path]]:
    first = write_corpus(tmp_path / "a", 12, start=0)
    second = write_corpus(tmp_path / "b", 12, start=6)  # articles 6..11 are in both
    Store.open(db_url).dispose()  # an empty, migrated database, as a user would have
    procs = [start_ingest([str(tmp_path / "a")], db_url), start_ingest([str(tmp_path / "b")], db_url)]
    return [finish(p) for p in procs], first + second


def finish(proc: subprocess.Popen, timeout: float = SUBPROCESS_TIMEOUT_S) -> subprocess.CompletedProcess:
    """Wait for a CLI subprocess; kill it (and fail) if it hangs."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"{proc.args} did not finish in {timeout} s: {err[-2000:]}") from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def check_two_at_once(done: list[subprocess.CompletedProcess], inputs: list[Path], db_url: str) -> None:
    for run in done:
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
    store = Store.open(db_url)
    texts = stored_texts(store)
    distinct = {p.read_text(encoding="utf-8").strip() for p in inputs}
    assert len(texts) == len(set(texts)) == len(distinct) == 18  # nothing doubled, nothing lost
    assert set(texts) == distinct
    assert store.known_origins() == {str(p) for p in inputs}  # every input accounted for
    with store.engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(t.events)).scalar_one()
        distinct_events = conn.execute(
            select(func.count()).select_from(select(t.events.c.document_id, t.events.c.local_id).distinct().subquery())
        ).scalar_one()
    assert events == distinct_events
    assert_consistent(store)
    store.dispose()


def test_concurrency_two_ingests_into_one_sqlite_file(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'shared.db'}"
    done, inputs = run_two_at_once(tmp_path, db_url)
    check_two_at_once(done, inputs, db_url)


def test_concurrency_two_ingests_into_one_postgresql_database(tmp_path, pg_url):
    done, inputs = run_two_at_once(tmp_path, pg_url)
    check_two_at_once(done, inputs, pg_url)


def test_concurrency_two_first_opens_migrate_once(tmp_path, pg_url):
    """Both ingests may find an empty database: the migrations must not race."""
    write_corpus(tmp_path / "a", 2)
    procs = [start_ingest([str(tmp_path / "a")], pg_url) for _ in range(2)]
    for run in [finish(p) for p in procs]:
        assert run.returncode == 0, run.stderr
    store = Store.open(pg_url)
    with store.engine.connect() as conn:
        names = [r[0] for r in conn.execute(select(t.schema_migrations.c.name))]
    assert sorted(names) == sorted(set(names))
    assert store.count("documents") == 2
    store.dispose()


def test_concurrency_corpus_texts_are_distinct(tmp_path):
    paths = write_corpus(tmp_path, 60)
    assert len({p.read_text(encoding="utf-8") for p in paths}) == 60
