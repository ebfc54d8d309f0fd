"""Issue 13, end to end: a folder of good files and every bad input seen so far, through the CLI.

Each bad input is one line on stderr (what, where, why), a failure that is counted
and tried again on the next run; every good file is stored; no traceback; the
re-run gives the same lines and stores nothing twice.
"""

from __future__ import annotations

import json
import os
import shutil
import zlib
from pathlib import Path

from tests.test_concurrency import FACTS, finish, start_ingest, write_corpus
from undercurrent.store import Store

SAMPLE = Path(__file__).resolve().parents[1] / "undercurrent" / "data" / "sample"
# The sample corpus's 15 article files hold 20 documents (JSON Lines, feeds and the WARC hold several).
SAMPLE_DOCUMENTS = 20
OWN_TEXTS = 4


def _article(n: int) -> str:
    """A distinct short article (facts n, n+1, n+2), so deduplication keeps every one."""
    return " ".join(FACTS[(n + k) % len(FACTS)] for k in range(3))


def _rss(body: str, encoding: str = "UTF-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>Talks</title><description>{body}</description></item></channel></rss>"
    )


def _gzip_of_blank_lines(path: Path, megabytes: int) -> None:
    """A gzip of ``megabytes`` MB of newlines, written without holding them in memory (about 1,000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\n" * (1024 * 1024)
    with open(path, "wb") as out:
        for _ in range(megabytes):
            out.write(packer.compress(chunk))
        out.write(packer.flush())


def _warc_record(uri: str, html: str, declared_length: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html.encode("utf-8")
    length = len(http) if declared_length is None else declared_length
    return (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:7d3c9f6e-0b1a-4c2d-9e8f-1a2b3c4d5e6f>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    ).encode("ascii") + http + b"\r\n\r\n"


def write_bad_inputs(folder: Path, blank_megabytes: int = 60) -> dict[str, str]:
    """Every bad input of issue 13 as files in ``folder``.

    Returns:
        For each bad input, the text its one stderr line must hold (the name as printed
        and a word of the reason).
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nested.jsonl").write_text(
        json.dumps({"text": _article(20), "meta": "x"}).replace('"x"', "[" * 5000 + "]" * 5000) + "\n", encoding="utf-8"
    )
    (folder / "bad_codepoint.rss").write_text(_rss(_article(21) + " &#x110000;"), encoding="utf-8")
    (folder / "surrogate_ref.rss").write_text(_rss(_article(22) + " &#xD800;"), encoding="utf-8")
    (folder / "math.html").write_text("<MATH><P><P>", encoding="utf-8")
    # json.dumps writes the lone surrogate as the six characters \ud800, as a buggy writer would
    fields = ("title", "source", "author")
    lines = [json.dumps({"text": _article(23 + i), name: "Moscow \ud800 desk"}) for i, name in enumerate(fields)]
    (folder / "surrogate.jsonl").write_text("\n".join(lines) + "\n", encoding="ascii")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(_article(26), encoding="utf-8")
    _gzip_of_blank_lines(folder / "blank.jsonl.gz", blank_megabytes)
    (folder / "garbage.txt").write_bytes(b"\xff\xfe" + bytes(range(40, 240, 3))[:66])
    (folder / "negative.warc").write_bytes(
        _warc_record("https://herald.example.org/a", f"<p>{_article(27)}</p>", declared_length=-5)
    )
    (folder / "\x1b[31mred\x1b[0m.txt").write_bytes(b"")
    return {
        "nested.jsonl#1": "nested too deeply",
        "bad_codepoint.rss": "&#x110000;",
        "surrogate_ref.rss": "&#xD800;",
        "math.html": "no article text",
        "surrogate.jsonl#1": "field 'title' has a lone surrogate",
        "surrogate.jsonl#2": "field 'source' has a lone surrogate",
        "surrogate.jsonl#3": "field 'author' has a lone surrogate",
        "caf\\xe9.txt": "not valid UTF-8",
        "blank.jsonl.gz": "more than",
        "garbage.txt": "UTF-16",
        "negative.warc#1": "invalid Content-Length ('-5')",
        "\\x1b[31mred\\x1b[0m.txt": "file is empty",
    }


def write_recoverable_inputs(folder: Path) -> int:
    """Valid inputs that were skipped or lost their text before; returns how many documents they hold."""
    (folder / "utf16.rss").write_bytes(_rss(_article(30), "UTF-16").encode("utf-16"))
    prolog = "<!-- " + "licence text " * 400 + "-->"
    (folder / "prolog.rss").write_text(_rss(_article(31)).replace("<rss", prolog + "<rss", 1), encoding="utf-8")
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 300 + f"<p>{_article(32)}</p>" + "</div>" * 300 + "</body></html>", encoding="utf-8"
    )
    (folder / "control.html").write_text(f"<html><body><br>\x01<p>{_article(33)}</p></body></html>", encoding="utf-8")
    (folder / "math_text.html").write_text(f"<MATH><P><P>{_article(34)}", encoding="utf-8")
    # the two feeds with invalid character references still give their one item each
    return 5 + 2


def write_scenario(folder: Path, blank_megabytes: int = 60) -> tuple[dict[str, str], int]:
    """19 good files, the recoverable inputs and every bad input; (bad lines expected, documents expected)."""
    folder.mkdir(parents=True)
    for path in sorted(SAMPLE.iterdir()):
        if path.name != "MANIFEST.yaml":
            shutil.copy(path, folder / path.name)
    write_corpus(folder / "own", OWN_TEXTS)
    bad = write_bad_inputs(folder, blank_megabytes)
    recovered = write_recoverable_inputs(folder)
    return bad, SAMPLE_DOCUMENTS + OWN_TEXTS + recovered


def failed_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("failed: ")]


def check_run(run, bad: dict[str, str]) -> None:
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert "\x1b" not in run.stderr and "WARNING" not in run.stderr
    lines = failed_lines(run.stderr)
    for where, why in bad.items():
        mine = [line for line in lines if f"/{where}: " in line]
        assert len(mine) == 1, (where, lines)
        assert why in mine[0], mine[0]
    assert len(lines) == len(bad), lines


def test_bad_input_folder_every_good_file_stored_each_bad_one_line_and_rerun_the_same(tmp_path):
    bad, expected_documents = write_scenario(tmp_path / "inputs")
    db_url = f"sqlite:///{tmp_path / 'bad.db'}"
    first = finish(start_ingest([str(tmp_path / "inputs")], db_url, "--model", "sm"))
    check_run(first, bad)
    store = Store.open(db_url)
    assert store.count("documents") == expected_documents
    assert store.count("rejections") == len(bad)

    again = finish(start_ingest([str(tmp_path / "inputs")], db_url, "--model", "sm"))
    check_run(again, bad)
    assert failed_lines(again.stderr) == failed_lines(first.stderr)
    assert store.count("documents") == expected_documents
    assert "already stored (resumed)" in again.stdout
    store.dispose()
