"""Benchmark: the workbench under 20 concurrent clients on a store of 100,000 events.

Starts ``undercurrent serve`` (uvicorn, one process) on a free loopback port
over a synthetic SQLite store (the generator of ``bench_report.py``), then
runs N client threads for a fixed time, alternating the pair endpoint
(``/api/v1/pairs/RUS/CHN``, the full dyad report as JSON) and a document page
(``/document/ID``). Prints p50 and p99 latency, requests per second, errors
and the ratio p99/p50 (aim: no 5xx, p99 < 10 x p50).

    .venv/bin/python bench/bench_web.py [--events 100000] [--clients 20] [--seconds 60] [--dir /tmp]
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import EVENTS_PER_DOC, PAIR_EVENTS, generate  # noqa: E402

# Seconds to wait for the server to accept connections.
START_TIMEOUT_S = 60
# Per-request timeout: a request slower than this counts as an error.
REQUEST_TIMEOUT_S = 30
# Upper bound on requests per client, so a loop cannot run away if the clock misbehaves.
MAX_REQUESTS_PER_CLIENT = 1_000_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with status {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def _client(port: int, pair: str, documents: list[str], until: float, seed: int, out: list[tuple[str, float, int]]) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
    for i in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= until:
            break
        kind, path = ("pair", pair) if i % 2 == 0 else ("document", rng.choice(documents))
        t0 = time.perf_counter()
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
        out.append((kind, time.perf_counter() - t0, status))
    conn.close()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--dir", default="/tmp")
    args = parser.parse_args()
    path = Path(args.dir) / f"undercurrent-bench-web-{args.events}.db"
    if not path.exists():
        t0 = time.perf_counter()
        generate(path, args.events)
        print(f"generated {args.events:,} events in {time.perf_counter() - t0:.1f} s -> {path}")
    base = args.events // EVENTS_PER_DOC + 1
    pair_docs = [f"doc_{base + j}" for j in range(PAIR_EVENTS // EVENTS_PER_DOC)]
    documents = [f"/document/{d}" for d in pair_docs]
    port = _free_port()
    cmd = [sys.executable, "-m", "undercurrent.cli", "serve", "--db", str(path), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, proc)
        results: list[list[tuple[str, float, int]]] = [[] for _ in range(args.clients)]
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=_client, args=(port, "/api/v1/pairs/RUS/CHN", documents, until, i, results[i]), daemon=True)
            for i in range(args.clients)
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + REQUEST_TIMEOUT_S * 2)
        elapsed = time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    rows = [r for part in results for r in part]
    print(f"{args.clients} clients, {elapsed:.1f} s, store of {args.events:,} events ({path})")
    for kind in ("pair", "document", "all"):
        sel = [r for r in rows if kind == "all" or r[0] == kind]
        ok = [lat for _k, lat, st in sel if 200 <= st < 400]
        errors = sum(1 for _k, _l, st in sel if st == 0 or st >= 500)
        if not ok:
            print(f"{kind:>8}: no successful requests ({errors} errors)")
            continue
        p50, p99 = _pct(ok, 0.50), _pct(ok, 0.99)
        print(
            f"{kind:>8}: {len(sel):6d} requests, {len(sel) / elapsed:6.1f} req/s, p50 {p50 * 1000:7.1f} ms, "
            f"p99 {p99 * 1000:7.1f} ms, p99/p50 {p99 / p50:5.2f}, mean {statistics.mean(ok) * 1000:7.1f} ms, "
            f"errors {errors}"
        )


if __name__ == "__main__":
    main()
