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

from .config import Settings, db_url_from, load_settings
from .errors import UndercurrentError

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
            err.print(f"error: {exc}", markup=False, highlight=False)
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
        table.add_row(label, str(n))
    out.print(table)
    rate = summary.ingested / summary.seconds if summary.seconds else 0.0
    out.print(f"{summary.seconds:.1f} s, {rate:.1f} documents/s")
    for origin, reason in summary.failed:
        err.print(f"failed: {origin}: {reason}", markup=False, highlight=False)
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


# ----------------------------------------------------------------------------- entry point


def main() -> None:
    """Console entry point: UndercurrentError becomes one line and an exit code."""
    try:
        app(standalone_mode=False)
    except UndercurrentError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # click usage errors arrive here with standalone_mode=False
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
        raise


if __name__ == "__main__":
    main()
