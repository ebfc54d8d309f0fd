"""The command line: one Typer app; every command a thin wrapper around a library call.

Exit status: 0 when every input was handled (ingested or deliberately
skipped), 1 when any input could not be read, 2 for usage errors.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .config import Settings, db_url_from, load_settings
from .errors import UndercurrentError
from .progress import printable

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="undercurrent: what is really going on between two states, every statement sourced.",
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOpt = typer.Option(None, "--db", help="Database URL or SQLite file (default: UNDERCURRENT_DB_URL or undercurrent.db).")


def handled(func):
    """Turn an UndercurrentError into one clear line on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except UndercurrentError as exc:
            err.print(printable(f"error: {exc}"), markup=False, highlight=False)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def _settings(**flags: object) -> Settings:
    if "db_url" in flags:
        flags["db_url"] = db_url_from(flags["db_url"])  # type: ignore[arg-type]
    return load_settings(**flags)


def _store(settings: Settings):
    from .store import Store

    return Store.open(settings.db_url)


# ----------------------------------------------------------------------------- ingest


@app.command()
@handled
def ingest(
    paths: list[str] = typer.Argument(..., help="Files and directories (recursive); - reads one text from stdin."),
    db: Optional[str] = DbOpt,
    processes: Optional[int] = typer.Option(None, "--processes", help="Worker processes for the NLP stage."),
    engine: str = typer.Option("local", "--engine", help="local or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, tcp://HOST:8786."),
    model: Optional[str] = typer.Option(None, "--model", help="auto, md, sm or a pipeline path."),
) -> None:
    """Read articles into the store: clean, deduplicate, analyse; a summary at the end."""
    from .pipeline import ingest_paths
    from .progress import Progress

    settings = _settings(db_url=db, processes=processes, model=model)
    store = _store(settings)
    with Progress(err) as progress:
        summary = ingest_paths(paths, settings, store, notify=progress.notify, engine=engine, scheduler=scheduler)
    table = Table(title=f"ingest into {settings.db_url}", show_header=True)
    table.add_column("outcome")
    table.add_column("documents", justify="right")
    for label, n in summary.rows():
        table.add_row(Text(printable(label)), str(n))  # a skip reason can hold a path: no markup, no controls
    out.print(table)
    rate = summary.ingested / summary.seconds if summary.seconds else 0.0
    out.print(f"{summary.seconds:.1f} s, {rate:.1f} documents/s")
    # Each failure was printed once, as it happened ("failed: origin: reason"), above the table.
    raise typer.Exit(summary.exit_code)


# ----------------------------------------------------------------------------- read one article


@app.command()
@handled
def read(
    file: str = typer.Argument(..., help="An article file (any ingest format; the first article) or - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON following docs/output-schema.md."),
    date: Optional[str] = typer.Option(None, "--date", help="Page date YYYY-MM-DD when the file carries none."),
    url: Optional[str] = typer.Option(None, "--url", help="The article's URL."),
    model: Optional[str] = typer.Option(None, "--model", help="auto, md, sm or a pipeline path."),
) -> None:
    """Analyse one article without a database and print what was read."""
    from .pipeline import read_path
    from .summary import render_analysis_text

    if date is not None:
        _check_date(date)
    settings = _settings(model=model)
    analysis = read_path(file, settings, date=date, url=url)
    if as_json:
        sys.stdout.write(json.dumps(analysis.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(render_analysis_text(analysis), markup=False, highlight=False)


def _check_date(value: str) -> None:
    from datetime import date as _date

    try:
        _date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from exc


@app.command()
@handled
def schema() -> None:
    """Print the JSON Schema of `read --json` output (undercurrent/read/v1)."""
    from importlib import resources

    sys.stdout.write(resources.files("undercurrent.schema").joinpath("read-v1.json").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- report, export, listings

FromOpt = typer.Option(None, "--from", help="Start of the period, YYYY[-MM[-DD]].")
ToOpt = typer.Option(None, "--to", help="End of the period, YYYY[-MM[-DD]].")


@app.command()
@handled
def report(
    a: str = typer.Argument(..., help="First state: name or code (Russia, RUS)."),
    b: str = typer.Argument(..., help="Second state: name or code (China, PRC, CHN)."),
    since: Optional[str] = FromOpt,
    until: Optional[str] = ToOpt,
    fmt: str = typer.Option("html", "--format", help="html, md or json."),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="File to write (default: print to stdout)."),
    db: Optional[str] = DbOpt,
) -> None:
    """The dyad report: what the store says about two states, every statement linked to its sentence."""
    from .api import Corpus

    settings = _settings(db_url=db)
    text = Corpus(_store(settings), settings).dyad(a, b, since=since, until=until).report(format=fmt, path=output)
    if output is None:
        sys.stdout.write(text)
    else:
        err.print(f"wrote {output}", markup=False, highlight=False)


@app.command()
@handled
def export(
    fmt: str = typer.Option(..., "--format", help="plover-jsonl, csv, parquet, graphml or ftm."),
    dyad: Optional[tuple[str, str]] = typer.Option(None, "--dyad", help="Only the events of two states: --dyad RUS CHN."),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="File (folder for csv and parquet)."),
    db: Optional[str] = DbOpt,
) -> None:
    """Export the store (or one pair of states) for other programs."""
    from .api import Corpus

    defaults = {"plover-jsonl": "events.jsonl", "csv": "export-csv", "parquet": "export-parquet",
                "graphml": "actors.graphml", "ftm": "entities.ftm.jsonl"}
    settings = _settings(db_url=db)
    pair = dyad if dyad and dyad[0] else None
    target = output or defaults.get(fmt, "export")
    counts = Corpus(_store(settings), settings).export(fmt, target, dyad=pair)
    out.print(f"{target}: " + ", ".join(f"{k} {v}" for k, v in counts.items()), markup=False, highlight=False)


@app.command()
@handled
def events(
    actor: Optional[str] = typer.Option(None, "--actor", help="A person, organisation or state."),
    dyad: Optional[tuple[str, str]] = typer.Option(None, "--dyad", help="Two states: --dyad RUS CHN."),
    event_type: Optional[str] = typer.Option(None, "--type", help="PLOVER type, e.g. SANCTION."),
    since: Optional[str] = FromOpt,
    until: Optional[str] = ToOpt,
    modality: Optional[str] = typer.Option(None, "--modality", help="asserted, reported, hedged, negated, planned..."),
    limit: int = typer.Option(100, "--limit", help="At most this many events."),
    db: Optional[str] = DbOpt,
) -> None:
    """List events with their sentences (one per event, however many copies reported it)."""
    from .analyze.listing import list_events

    store = _store(_settings(db_url=db))
    with store.engine.connect() as conn:
        found = list_events(conn, actor=actor, dyad=dyad if dyad and dyad[0] else None, event_type=event_type,
                            modality=modality, since=since, until=until, limit=limit)
    for e in found:
        out.print(f"{e.occurred or 'undated'}  {e.headline}  [{e.modality}, {len(e.sources)} source(s)]", markup=False, highlight=False)
        for s in e.sources:
            out.print(f"    {s.title or s.document_id} ({s.date or 'undated'}): {s.text}", markup=False, highlight=False)
    err.print(f"{len(found)} events", markup=False, highlight=False)


@app.command()
@handled
def actors(
    country: Optional[str] = typer.Option(None, "--country", help="State name or code."),
    sector: Optional[str] = typer.Option(None, "--sector", help="Role sector, e.g. defense."),
    limit: int = typer.Option(100, "--limit", help="At most this many actors."),
    db: Optional[str] = DbOpt,
) -> None:
    """List actors by country and by the sector of their roles."""
    from .analyze.listing import list_actors

    store = _store(_settings(db_url=db))
    with store.engine.connect() as conn:
        found = list_actors(conn, country=country, sector=sector, limit=limit)
    table = Table(show_header=True)
    for col in ("name", "kind", "country", "sectors", "id"):
        table.add_column(col)
    for a in found:
        table.add_row(a.name, a.kind, a.country or "", ", ".join(a.sectors), a.id)
    out.print(table)


@app.command()
@handled
def actor(
    name: str = typer.Argument(..., help="A name or alias, e.g. 'Li Shangfu'."),
    db: Optional[str] = DbOpt,
) -> None:
    """One actor's roles over time, with the sentences behind them and the documents that mention them."""
    from .analyze.listing import actor_profiles

    store = _store(_settings(db_url=db))
    with store.engine.connect() as conn:
        profiles = actor_profiles(conn, name)
    for p in profiles:
        a = p.actor
        out.print(f"{a.name} ({a.kind}, {a.country or 'no country'}) {a.id}", markup=False, highlight=False)
        for r in p.roles:
            when = f"{r.start or '?'} to {r.end or ''}" if (r.start or r.end) else (r.status or "")
            where = f", {r.organization}" if r.organization else ""
            out.print(f"  role: {r.title or '?'}{where} [{r.sector or 'no sector'}] {when}", markup=False, highlight=False)
            if r.evidence:
                out.print(f"    {r.evidence.title or r.document_id} ({r.evidence.date or 'undated'}): {r.evidence.text}",
                          markup=False, highlight=False)
        for d, n in p.documents:
            out.print(f"  mentioned {n}x in: {d.title or d.origin} ({d.claimed_date or 'undated'})", markup=False, highlight=False)


# ----------------------------------------------------------------------------- eval


@app.command("eval")
@handled
def eval_(
    task: str = typer.Argument(..., help="ner (CoNLL-2003), timex (TempEval-3), events (PLOVER GSR, CASE 2021), news (real news with gold, e.g. ir_news_dev) or ours."),
    data: Optional[str] = typer.Option(None, "--data", help="File or folder of the set (ours: default tests/fixtures)."),
    model: Optional[str] = typer.Option(None, "--model", help="md, sm, auto or a pipeline path."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N records (not for ours)."),
    floors: Optional[str] = typer.Option(None, "--floors", help="Floors file for ours (default: undercurrent/evaluate/floors.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON (news) instead of tables."),
    errors: bool = typer.Option(False, "--errors", help="news: also list missed and false events with their sentences."),
) -> None:
    """Score undercurrent on an evaluation set and print a table; `ours` exits 1 when a figure is below its floor."""
    from .evaluate.runner import run_eval

    result = run_eval(task, data, _settings(model=model), limit=limit, floors_path=floors, errors=errors)
    if as_json:
        payload = result.data if result.data is not None else {
            "tables": [{"title": t.title, "columns": list(t.columns), "rows": [list(r) for r in t.rows], "notes": list(t.notes)}
                       for t in result.tables]}  # fmt: skip
        sys.stdout.write(json.dumps({**payload, "failures": list(result.failures)}, ensure_ascii=False, indent=2) + "\n")
        if result.failures:
            raise typer.Exit(1)
        return
    for t in result.tables:
        table = Table(title=t.title, show_header=True)
        for col in t.columns:
            # Figures and their names never wrap; the free-text support column takes what width is left.
            table.add_column(col, no_wrap=col != "support", overflow="fold")
        for row in t.rows:
            table.add_row(*row)
        out.print(table)
        for note in t.notes:
            out.print(note, markup=False, highlight=False)
    for line in result.failures:
        err.print(f"below floor: {line}", markup=False, highlight=False)
    if result.failures:
        raise typer.Exit(1)


# ----------------------------------------------------------------------------- resolve

resolve_app = typer.Typer(
    help="Cross-document merges of people and links of one happening across stories, stored as reversible judgements.",
    no_args_is_help=True,
)
app.add_typer(resolve_app, name="resolve")


@resolve_app.command("list")
@handled
def resolve_list(
    db: Optional[str] = DbOpt,
    all_: bool = typer.Option(False, "--all", help="Include undone judgements."),
    kind: Optional[str] = typer.Option(None, "--kind", help="merge (people) or same_happening (events)."),
) -> None:
    """List judgements: id, kind, the two actors (or events' sentences), score and reason."""
    settings = _settings(db_url=db)
    table = Table(show_header=True)
    for col in ("id", "kind", "left", "right", "score", "reason", "undone"):
        table.add_column(col)
    for j in _store(settings).list_judgements(include_undone=all_, kind=kind):
        table.add_row(
            str(j["id"]), j["kind"], j["left_name"], j["right_name"], f"{j['score']:.2f}", j["reason"], j["undone_at"] or ""
        )
    out.print(table)


@resolve_app.command("undo")
@handled
def resolve_undo(judgement_id: int = typer.Argument(..., help="Judgement id (see `resolve list`)."), db: Optional[str] = DbOpt) -> None:
    """Undo a judgement: the two actors (or events) are separate again; the judgement is kept, marked undone."""
    from .errors import UsageError

    settings = _settings(db_url=db)
    if not _store(settings).undo_judgement(judgement_id):
        raise UsageError(f"no active judgement with id {judgement_id} (see `undercurrent resolve list --all`)")
    out.print(f"judgement {judgement_id} undone")


# ----------------------------------------------------------------------------- web


@app.command()
@handled
def serve(
    db: Optional[str] = DbOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; other than loopback needs UNDERCURRENT_TOKEN."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    allow_ingest: bool = typer.Option(False, "--allow-ingest", help="Enable POST /api/v1/documents (needs UNDERCURRENT_TOKEN)."),
    allowed_host: Optional[list[str]] = typer.Option(
        None, "--allowed-host", help="Another host name the server answers to (its DNS name, a proxy's); repeatable."),
    get: Optional[str] = typer.Option(None, "--get", help="Print the response to GET PATH and exit (non-zero on an error status)."),
) -> None:
    """Run the web workbench and JSON API (http://127.0.0.1:8000/)."""
    import os

    from .web.app import create_app
    from .web.serve import get_once, run

    token = os.environ.get("UNDERCURRENT_TOKEN") or None
    settings = _settings(db_url=db, allowed_hosts=",".join(allowed_host) if allowed_host else None)
    application = create_app(settings, allow_ingest=allow_ingest, token=token, host=host)
    if get is not None:
        reply = get_once(application, get, host=host, token=token)
        sys.stdout.write(reply.status_line + "\n\n")
        sys.stdout.write(reply.body.decode("utf-8", errors="replace") + "\n")
        sys.stdout.flush()
        raise typer.Exit(0 if reply.status < 400 else 1)
    if token:
        err.print("every page and API call needs the token: open /?token=$UNDERCURRENT_TOKEN once in a browser "
                  "(it sets a cookie), or send 'Authorization: Bearer $UNDERCURRENT_TOKEN'", markup=False, highlight=False)
    run(application, host, port)


# ----------------------------------------------------------------------------- entry point


def main() -> None:
    """Console entry point: UndercurrentError becomes one line and an exit code."""
    try:
        # Without standalone mode, click returns a typer.Exit's code instead of raising it.
        code = app(standalone_mode=False)
    except UndercurrentError as exc:
        err.print(printable(f"error: {exc}"), markup=False, highlight=False)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # click usage errors arrive here with standalone_mode=False
        # typer vendors its own click, so recognise its exceptions by what they offer
        show, exit_code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(exit_code, int):
            show()
            sys.exit(exit_code)
        raise
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":
    main()
