"""The command line through its runner: ingest, read, schema, resolve; exit codes and messages."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from undercurrent.cli import app
from undercurrent.store import Store

SAMPLE = Path(__file__).resolve().parents[1] / "undercurrent" / "data" / "sample"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "sample.db"
    result = invoke("ingest", str(SAMPLE), "--db", str(db), "--model", "sm")
    return db, result


def test_cli_ingest_sample_corpus_summary(sample_db):
    db, result = sample_db
    assert result.exit_code == 0, result.output
    store = Store.open(f"sqlite:///{db}")
    analysed = store.count("documents")
    # 20 articles: 19 English analysed plus the Russian one stored as skipped
    assert analysed == 20
    assert "skipped: language ru" in result.output
    assert "near-duplicates" in result.output
    # the syndicated Vostochny copy (WARC) joins the story of the wire report (JSON Lines)
    from sqlalchemy import select

    from undercurrent.store import schema as t

    with store.engine.connect() as conn:
        near = conn.execute(select(t.documents.c.origin).where(t.documents.c.near_duplicate_of.is_not(None))).all()
    assert [o for (o,) in near] == [f"{SAMPLE}/crawl_2023.warc.gz#2"]
    assert store.count("events") > 0 and store.count("actors") > 0


def test_cli_ingest_again_resumes_and_adds_nothing(sample_db):
    db, _ = sample_db
    store = Store.open(f"sqlite:///{db}")
    before = {name: store.count(name) for name in ("documents", "events", "actors", "roles", "mentions")}
    result = invoke("ingest", str(SAMPLE), "--db", str(db), "--model", "sm")
    assert result.exit_code == 0, result.output
    assert {name: store.count(name) for name in before} == before
    assert "already stored (resumed)" in result.output


def test_cli_ingest_bad_file_exit_1_others_go_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(
        "Russian President Vladimir Putin met Belarusian President Alexander Lukashenko in Minsk on Friday. "
        "The two leaders discussed the Union State budget and gas prices for the coming year.",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02\xff" * 50)
    db = tmp_path / "x.db"
    result = invoke("ingest", str(tmp_path), "--db", str(db), "--model", "sm")
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "binary.html" in result.output
    assert "Traceback" not in result.output
    assert Store.open(f"sqlite:///{db}").count("documents") == 1


def test_cli_ingest_failed_line_once_and_terminal_escapes_shown_not_sent(tmp_path):
    (tmp_path / "\x1b[31mred\x1b[0m.txt").write_bytes(b"")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = invoke("ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--model", "sm")
    assert result.exit_code == 1
    assert result.output.count("failed: ") == 2
    assert "\x1b" not in result.output
    assert f"failed: {tmp_path}/\\x1b[31mred\\x1b[0m.txt: file is empty" in result.output


def test_cli_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["read", str(tmp_path / "a.txt"), "--date", "yesterday"]).exit_code == 2
    assert runner.invoke(app, ["ingest"]).exit_code == 2


def test_cli_read_json_validates_against_shipped_schema():
    result = invoke("read", str(SAMPLE / "xi_moscow_2023_wire.txt"), "--json", "--model", "sm")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    schema = json.loads(resources.files("undercurrent.schema").joinpath("read-v1.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    text = data["document"]["text"]
    for actor in data["actors"]:
        for m in actor["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    for event in data["events"]:
        ev = event["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]
    assert any(e["type"] == "CONSULT" for e in data["events"])


def test_cli_read_date_flag_fills_missing_page_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Beijing last month. "
        "They discussed preparations for a summit.",
        encoding="utf-8",
    )
    result = invoke("read", str(path), "--json", "--date", "2024-05-02", "--model", "sm")
    data = json.loads(result.output)
    assert data["document"]["claimed_date"] == "2024-05-02"


def test_cli_schema_prints_the_json_schema():
    result = invoke("schema")
    assert json.loads(result.output)["$id"] == "undercurrent/read/v1"


def test_cli_resolve_merges_garbled_name_and_undo(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Chinese President Xi Jinping arrived in Moscow on Monday for a three-day state visit. "
        "Xi Jinping held talks with Russian President Vladimir Putin in the Kremlin.",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Chinese President Shi Jinping told reporters in Moscow that the partnership with Russia was stable. "
        "Shi Jinping then left for Beijing after the talks.",
        encoding="utf-8",
    )
    db = tmp_path / "r.db"
    assert invoke("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--model", "sm").exit_code == 0
    assert invoke("ingest", str(tmp_path / "b.txt"), "--db", str(db), "--model", "sm").exit_code == 0
    store = Store.open(f"sqlite:///{db}")
    merges = store.list_judgements()
    pairs = [{m["left_name"], m["right_name"]} for m in merges]
    assert {"Xi Jinping", "Shi Jinping"} in pairs
    jid = next(m["id"] for m in merges if {m["left_name"], m["right_name"]} == {"Xi Jinping", "Shi Jinping"})
    merged_view = invoke("actor", "Shi Jinping", "--db", str(db)).output
    assert merged_view.count("mentioned ") == 2  # both documents, through the merge
    listed = invoke("resolve", "list", "--db", str(db))
    assert "Shi Jinping" in listed.output
    assert invoke("resolve", "undo", str(jid), "--db", str(db)).exit_code == 0
    assert store.list_judgements() == [m for m in merges if m["id"] != jid]
    assert invoke("actor", "Shi Jinping", "--db", str(db)).output.count("mentioned ") == 1
    again = runner.invoke(app, ["resolve", "undo", str(jid), "--db", str(db)])
    assert again.exit_code == 2


def test_cli_entry_point_exit_codes_without_traceback(tmp_path):
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "undercurrent.cli", *args], capture_output=True, text=True, cwd=tmp_path)

    usage = run("ingest")
    assert usage.returncode == 2 and "Missing argument" in usage.stderr and "Traceback" not in usage.stderr
    missing = run("read", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr
    assert run("nosuch").returncode == 2


def test_progress_reading_lines_are_not_documents_and_controls_are_escaped():
    import io

    from rich.console import Console

    from undercurrent.progress import Progress, printable

    buffer = io.StringIO()
    with Progress(Console(file=buffer, force_terminal=False, soft_wrap=True)) as progress:
        progress.notify("reading", "big.jsonl.gz: 100,000 lines read")
        progress.notify("failed", "\x1b]0;title\x07x.txt: file is empty")
    assert buffer.getvalue().splitlines() == ["big.jsonl.gz: 100,000 lines read",
                                              "failed: \\x1b]0;title\\x07x.txt: file is empty"]
    assert progress.counts == {"failed": 1}
    assert printable("a\u202egnp.txt\ud800") == "a\\u202egnp.txt\\ud800"


def test_cli_events_unknown_type_is_a_usage_error_listing_the_valid_ones(sample_db):
    db, _ = sample_db
    typo = runner.invoke(app, ["events", "--type", "SANCTIONS", "--db", str(db)])
    assert typo.exit_code == 2
    assert "unknown event type 'SANCTIONS'" in typo.output and "SANCTION" in typo.output and "CONSULT" in typo.output
    lower = runner.invoke(app, ["events", "--type", "consult", "--db", str(db)])
    assert lower.exit_code == 0, lower.output
    assert "CONSULT" in lower.output
