"""A failure inside one extractor loses only that document, and a re-run picks it up."""

from __future__ import annotations

import undercurrent.extract.events as events_module
from undercurrent.config import load_settings
from undercurrent.pipeline import ingest_paths
from undercurrent.store import Store


def fail_on_boom(monkeypatch) -> None:
    """Make the events extractor raise on any document containing BOOM."""
    real = events_module.extract_events

    def failing(sdoc, *args, **kwargs):
        if "BOOM" in sdoc.text:
            raise RuntimeError("injected fault")
        return real(sdoc, *args, **kwargs)

    monkeypatch.setattr(events_module, "extract_events", failing)


def test_pipeline_extractor_failure_is_one_clear_rejection_then_retried(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Indian Prime Minister Narendra Modi held talks with Vladimir Putin in Moscow on 8 July 2024.", encoding="utf-8"
    )
    (corpus / "b.txt").write_text(
        "Turkish President Recep Tayyip Erdogan met Ukrainian President Volodymyr Zelensky in Istanbul in July 2023. BOOM",
        encoding="utf-8",
    )
    real = events_module.extract_events
    fail_on_boom(monkeypatch)
    settings = load_settings(env={}, db_url=f"sqlite:///{tmp_path / 's.db'}", model="sm")
    store = Store.open(settings.db_url)
    summary = ingest_paths([str(corpus)], settings, store)
    assert summary.ingested == 1
    assert len(summary.failed) == 1
    origin, reason = summary.failed[0]
    assert origin.endswith("b.txt")
    assert reason.startswith("extraction failed (RuntimeError: injected fault")
    assert summary.exit_code == 1

    monkeypatch.setattr(events_module, "extract_events", real)
    again = ingest_paths([str(corpus)], settings, store)
    assert (again.ingested, again.resumed, again.failed) == (1, 1, [])
    assert store.count("documents") == 2


# --------------------------------------------------------------------------- one path for every entry point

XI = ("Chinese President Xi Jinping arrived in Moscow on Monday for a three-day state visit. "
      "Xi Jinping held talks with Russian President Vladimir Putin in the Kremlin.")
SHI = ("Chinese President Shi Jinping told reporters in Moscow that the partnership with Russia was stable. "
       "Shi Jinping then left for Beijing after the talks.")
GERMAN = ("Der russische Präsident Wladimir Putin hat am Dienstag in Moskau den chinesischen Staatschef Xi Jinping "
          "empfangen. Beide Seiten unterzeichneten mehrere Abkommen über die wirtschaftliche Zusammenarbeit.")
BOOM = "Turkish President Recep Tayyip Erdogan met Ukrainian President Volodymyr Zelensky in Istanbul. BOOM"
# (name, field, body, status): the same inputs through the CLI, the web upload and Corpus.add.
INPUTS = [
    ("a.txt", "text", XI, "ingested"),
    ("b.txt", "text", SHI, "ingested"),  # a garbled Xi Jinping: a merge judgement
    ("c.txt", "text", XI, "duplicate"),
    ("d.txt", "text", GERMAN, "skipped"),
    ("e.txt", "text", BOOM, "failed"),  # the extractor fails on it
    ("f.html", "html", "<MATH><P><P>", "failed"),  # trafilatura asserts on it
]


def _store_state(store):
    from sqlalchemy import select

    from undercurrent.store import schema as t

    with store.engine.connect() as conn:
        docs = sorted(conn.execute(select(t.documents.c.id, t.documents.c.status)).all())
        events = conn.execute(select(t.events.c.id)).all()
        merges = sorted(conn.execute(select(t.judgements.c.left_id, t.judgements.c.right_id)).all())
        rejections = sorted(conn.execute(select(t.rejections.c.stage, t.rejections.c.kind)).all())
    return docs, len(events), merges, rejections


def test_pipeline_cli_web_and_api_ingest_alike(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from undercurrent import Corpus
    from undercurrent.web.app import create_app

    fail_on_boom(monkeypatch)
    files = []
    for name, _field, body, _status in INPUTS:
        (tmp_path / name).write_text(body, encoding="utf-8")
        files.append(str(tmp_path / name))

    cli_settings = load_settings(env={}, db_url=f"sqlite:///{tmp_path / 'cli.db'}", model="sm")
    cli_store = Store.open(cli_settings.db_url)
    told: list[tuple[str, str]] = []
    summary = ingest_paths(files, cli_settings, cli_store, notify=lambda kind, msg: told.append((kind, msg)))
    # Analysed documents are told of when their batch comes back, the others at once: compare by file.
    seen = [next(k for k, msg in told if msg == f or msg.startswith(f + ": ")) for f in files]
    assert seen == [status for *_x, status in INPUTS]
    assert (summary.ingested, summary.exact_duplicates, sum(summary.skipped.values()), len(summary.failed)) == (2, 1, 1, 2)

    with Corpus.open(str(tmp_path / "api.db"), model="sm") as corpus:
        outcomes = [corpus.add(**{field: body}) for _n, field, body, _s in INPUTS]
        api_state = _store_state(corpus.store)
    assert [o.status for o in outcomes] == seen
    assert sorted(r for _o, r in summary.failed) == sorted(o.reason for o in outcomes if o.status == "failed")

    web_settings = load_settings(env={}, db_url=f"sqlite:///{tmp_path / 'web.db'}", model="sm")
    auth = {"Authorization": "Bearer t"}
    with TestClient(create_app(web_settings, allow_ingest=True, token="t"), base_url="http://127.0.0.1") as c:
        answers = [c.post("/api/v1/documents", json={field: body}, headers=auth) for _n, field, body, _s in INPUTS]
    web_status = {201: {"analysed": "ingested", "skipped": "skipped"}, 200: {"duplicate": "duplicate"}}
    assert [web_status[r.status_code][r.json()["status"]] if r.status_code < 300 else "failed" for r in answers] == seen
    assert [r.json()["error"] for r in answers if r.status_code == 422] == [
        f"not stored: {o.reason}" for o in outcomes if o.status == "failed"]
    web_store = Store.open(web_settings.db_url)

    cli_state = _store_state(cli_store)
    assert cli_state == api_state == _store_state(web_store)
    docs, events, merges, rejections = cli_state
    assert len(docs) == 3 and events >= 1 and len(merges) >= 1
    assert rejections == [("clean", "failed"), ("extract", "failed")]
    cli_store.dispose()
    web_store.dispose()
