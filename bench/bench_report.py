"""Benchmark: time the dyad report (JSON) on synthetic stores of 10,000 and 1,000,000 events.

The pair under study (RUS-CHN) has the same records in both stores; only the
background grows (events among 40 states, RUS and CHN included with other
partners). A report whose queries start from indexes costs about the same on
both; one that scans the events table costs 100 times more. Prints both
timings and their ratio (aim: <= 3).

    .venv/bin/python bench/bench_report.py [--sizes 10000 1000000] [--dir /tmp] [--repeat 3]

Stores are generated once and reused (delete the files to regenerate).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from pathlib import Path

from undercurrent.analyze.dyad import build_dyad
from undercurrent.ontology import country_table
from undercurrent.report.render import render_json
from undercurrent.store import Store

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODALITIES = ("asserted", "asserted", "asserted", "reported", "hedged", "planned", "negated")
PAIR = ("RUS", "CHN")
PAIR_EVENTS = 300  # the studied pair's events: the same in every store
PAIR_MEETINGS = 20
EVENTS_PER_DOC = 10
STATES = 40
BATCH = 50_000
NOW = "2026-01-01T00:00:00+00:00"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def generate(path: Path, n_events: int, seed: int = 7) -> None:
    """Write a synthetic store of ``n_events`` events (plus the fixed pair) to ``path``."""
    Store.open(f"sqlite:///{path}").dispose()
    rng = random.Random(seed)
    codes = [c.code for c in country_table()][:STATES]
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    db.executemany("INSERT INTO actors (id, kind, name, country, first_seen) VALUES (?, 'state', ?, ?, ?)",
                   [(f"state:{c}", c, c, NOW) for c in codes])
    persons = [(f"person_{i}", "person", f"Person {i}", rng.choice(codes), NOW) for i in range(2000)]
    db.executemany("INSERT INTO actors (id, kind, name, country, first_seen) VALUES (?, ?, ?, ?, ?)", persons)
    db.executemany(
        "INSERT INTO roles (id, actor_id, document_id, title, country, sector, status, start, source, evidence_start,"
        " evidence_end, evidence_text) VALUES (?, ?, 'doc_0', 'Minister', ?, ?, 'current', '2015', 'text', 0, 9, 'Synthetic')",
        [(f"role_{p[0]}", p[0], p[3], rng.choice(("defense", "finance", "energy", "space"))) for p in persons],
    )
    n_docs = n_events // EVENTS_PER_DOC + PAIR_EVENTS // EVENTS_PER_DOC + 1
    docs, clusters = [], []
    for d in range(n_docs):
        docs.append((f"doc_{d}", f"hash_{d}", f"synthetic/{d}.txt", "text", f"Synthetic story {d}", _date(rng),
                     0, 0, "analysed", 12, f"story_{d}", "Synthetic text.", NOW))
        clusters.append((f"story_{d}", f"doc_{d}", NOW))
    db.executemany("INSERT INTO story_clusters (id, first_document_id, created_at) VALUES (?, ?, ?)", clusters)
    db.executemany(
        "INSERT INTO documents (id, content_hash, origin, format, title, claimed_date, date_conflict, republished, status,"
        " sentence_count, cluster_id, text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
    pair_people = [p for p in persons if p[3] in PAIR][:12]
    ev, parts, evid, ments = [], [], [], []

    def flush() -> None:
        db.executemany(
            "INSERT INTO events (id, local_id, document_id, cluster_id, signature, canonical_id, type, mode, occurred_start,"
            " occurred_end, occurred_granularity, modality, confidence, extractor, evidence_start, evidence_end,"
            " evidence_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'day', ?, 0.5, 'bench', 0, 20, ?)", ev)
        db.executemany("INSERT INTO event_participants (event_id, actor_id, role, country) VALUES (?, ?, ?, ?)", parts)
        db.executemany('INSERT INTO event_evidence (event_id, document_id, start, "end", text) VALUES (?, ?, 0, 20, ?)', evid)
        db.executemany('INSERT OR IGNORE INTO mentions (document_id, start, "end", actor_id, text) VALUES (?, ?, ?, ?, ?)', ments)
        for rows in (ev, parts, evid, ments):
            rows.clear()

    def add(i: int, a: str, b: str, doc: int) -> None:
        eid = f"event_{i}"
        date = _date(rng)
        ty = rng.choice(TYPES)
        text = f"Synthetic sentence {i} about {a} and {b}."
        ev.append((eid, eid, f"doc_{doc}", f"story_{doc}", eid, eid, ty, None, date, date, rng.choice(MODALITIES), text))
        parts.append((eid, f"state:{a}", "actor", a))
        parts.append((eid, f"state:{b}", "recipient", b))
        evid.append((eid, f"doc_{doc}", text))
        ments.append((f"doc_{doc}", 2 * i, 2 * i + 1, f"state:{a}", a))
        ments.append((f"doc_{doc}", 2 * i + 1, 2 * i + 2, f"state:{b}", b))

    for i in range(n_events):
        a, b = rng.sample(codes, 2)
        if {a, b} == set(PAIR):
            b = codes[-1] if a != codes[-1] else codes[-2]
        add(i, a, b, i // EVENTS_PER_DOC)
        if len(ev) >= BATCH:
            flush()
            db.commit()
    base = n_events // EVENTS_PER_DOC + 1
    for j in range(PAIR_EVENTS):
        a, b = PAIR if j % 2 else PAIR[::-1]
        add(n_events + j, a, b, base + j // EVENTS_PER_DOC)
    flush()
    meetings = [f"event_{n_events + j}" for j in range(PAIR_MEETINGS)]
    db.executemany(
        "INSERT INTO meetings (event_id, document_id, date_start, date_end, date_granularity, place, hosts, guests,"
        " agenda_reasons, declared_gap) SELECT id, document_id, occurred_start, occurred_end, 'day', 'Moscow', '[\"RUS\"]',"
        " '[\"CHN\"]', '[]', 0 FROM events WHERE id = ?", [(m,) for m in meetings])
    db.executemany(
        "INSERT INTO meeting_participants (event_id, position, actor_id, name, side, sector) VALUES (?, ?, ?, ?, ?, 'defense')",
        [(m, k, p[0], p[2], p[3]) for m in meetings for k, p in enumerate(pair_people)])
    db.executemany(
        "INSERT INTO claims (id, document_id, kind, subject, object, domain, cue, modality, evidence_start, evidence_end,"
        " evidence_text) VALUES (?, ?, 'dependency', ?, ?, 'economic', 'depends on', 'asserted', 0, 20, 'Synthetic')",
        [(f"claim_{j}", f"doc_{base + j}", *(PAIR if j % 3 else PAIR[::-1])) for j in range(30)])
    db.commit()
    db.close()


def time_report(path: Path, repeat: int) -> tuple[float, int]:
    """Best of ``repeat`` runs of build + render JSON; returns (seconds, events in the report)."""
    store = Store.open(f"sqlite:///{path}", migrate=False)
    best, n = float("inf"), 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        with store.engine.connect() as conn:
            dyad = build_dyad(conn, *PAIR)
        render_json(dyad)
        best = min(best, time.perf_counter() - t0)
        n = len(dyad.events)
    store.dispose()
    return best, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--dir", default="/tmp")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    timings = []
    for size in args.sizes:
        path = Path(args.dir) / f"undercurrent-bench-report-{size}.db"
        if not path.exists():
            t0 = time.perf_counter()
            generate(path, size)
            print(f"generated {size:,} events in {time.perf_counter() - t0:.1f} s -> {path}")
        seconds, n = time_report(path, args.repeat)
        timings.append(seconds)
        print(f"{size:>9,} events: report JSON in {seconds * 1000:.0f} ms ({n} pair events)")
    if len(timings) >= 2:
        print(f"ratio largest/smallest: {timings[-1] / timings[0]:.2f} (aim <= 3)")


if __name__ == "__main__":
    main()
