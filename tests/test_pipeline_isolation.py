"""A failure inside one extractor loses only that document, and a re-run picks it up."""

from __future__ import annotations

import undercurrent.extract.events as events_module
from undercurrent.config import load_settings
from undercurrent.pipeline import ingest_paths
from undercurrent.store import Store


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

    def failing(sdoc, *args, **kwargs):
        if "BOOM" in sdoc.text:
            raise RuntimeError("injected fault")
        return real(sdoc, *args, **kwargs)

    monkeypatch.setattr(events_module, "extract_events", failing)
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
