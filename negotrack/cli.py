"""The ``negotrack`` command line.

Commands that run a flow (run, ingest, extract, ...) import Prefect and the flows
lazily; commands that only read the database (status, query, export) never import
Prefect, so they answer in a fraction of a second.

Exit codes: 0 success; 1 the work failed; 2 bad usage; 3 the database stayed locked by
another process; 4 ``--strict`` and rows were quarantined or inputs failed.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from negotrack.config import Settings, get_settings

EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_STRICT = 1, 2, 3, 4

app = typer.Typer(
    name="negotrack",
    help="Track who said what, on which issue, how hard: negotiation positions from the news.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
out = Console()  # results: stdout
err = Console(stderr=True)  # progress and messages: stderr


class State:
    settings: Settings


state = State()


@app.callback()
def main_options(
    db: Annotated[
        Path | None,
        typer.Option("--db", envvar="NEGOTRACK_DB", help="DuckDB file (default: ./negotrack.duckdb)."),
    ] = None,
    codebook: Annotated[
        Path | None,
        typer.Option("--codebook", envvar="NEGOTRACK_CODEBOOK", help="Codebook folder (YAML)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Extraction processes (0 = one per core).")
    ] = None,
) -> None:
    state.settings = get_settings(db=db, codebook=codebook, workers=workers)


# --------------------------------------------------------------------------- helpers


def _fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _run_flow(label: str, fn, *args, **kwargs):
    """Run a flow with Prefect set up, a spinner on stderr, and clean error exits."""
    from negotrack.orchestration import prefect_session
    from negotrack.store import StoreLockedError

    try:
        with prefect_session(state.settings), err.status(f"[bold]{label}[/]…", spinner="dots"):
            return fn(*args, **kwargs)
    except StoreLockedError as exc:
        raise _fail(str(exc), EXIT_LOCKED) from None
    except FileNotFoundError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None


def _print_summary(summary, title: str) -> None:
    table = Table(title=title, show_header=False, title_justify="left", box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("inputs", summary.inputs),
        ("new articles", summary.articles_new),
        ("already known", summary.articles_known),
        ("syndicated copies", summary.articles_syndicated),
        ("ingest errors", summary.ingest_errors),
        ("articles extracted", summary.articles_extracted),
        ("statements", summary.statements),
        ("  kept", summary.statements_kept),
        ("  quarantined", summary.statements_quarantined),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    out.print(table)
    if summary.inputs and summary.articles_new == 0 and summary.ingest_errors == 0 and summary.articles_known:
        out.print("Nothing new: every input was already in the database.")
    if summary.ingest_errors:
        out.print(
            f"[yellow]{summary.ingest_errors} input(s) could not be read[/]: "
            "see `negotrack query \"select origin, line, reason, detail from ingest_errors "
            f"where run_id = '{summary.run_id}'\"`"
        )
    for path in summary.reports:
        out.print(f"report: {path}")
    out.print(f"run id: {summary.run_id}", style="dim")


def _check_sources(sources: list[str]) -> list[str]:
    missing = [s for s in sources if "://" not in s and not Path(s).exists()]
    if missing:
        raise _fail("no such file or folder: " + ", ".join(missing), EXIT_USAGE)
    return [s if "://" in s else str(Path(s)) for s in sources]


Sources = Annotated[list[str], typer.Argument(help="Files, folders (recursive), feed files or http(s) URLs.")]


# --------------------------------------------------------------------------- flows


@app.command()
def run(sources: Sources) -> None:
    """Run the whole pipeline (ingest, extract, validate, report) as one Prefect flow."""
    sources = _check_sources(sources)
    from negotrack.orchestration import configure_prefect_env

    configure_prefect_env(state.settings)  # before Prefect is imported
    from flows.pipeline import pipeline_flow

    summary = _run_flow("Running the pipeline", pipeline_flow, sources, state.settings)
    _print_summary(summary, "negotrack run")


@app.command()
def ingest(sources: Sources) -> None:
    """Read articles into the database (txt, md, html, json, jsonl, RSS/Atom, URLs)."""
    sources = _check_sources(sources)
    from negotrack.orchestration import configure_prefect_env

    configure_prefect_env(state.settings)
    from flows.ingest import ingest_flow

    summary = _run_flow("Ingesting", ingest_flow, sources, state.settings)
    _print_summary(summary, "negotrack ingest")


@app.command()
def extract(
    everything: Annotated[
        bool, typer.Option("--all", help="Re-extract every article, not only pending ones.")
    ] = False,
) -> None:
    """Extract statements from articles not yet extracted with this extractor and codebook.

    After a codebook change every article is pending again; --all forces a full pass.
    Each article's statements are replaced atomically.
    """
    from negotrack.orchestration import configure_prefect_env

    configure_prefect_env(state.settings)
    from flows.extract import extract_flow

    summary = _run_flow("Extracting", extract_flow, state.settings, everything)
    _print_summary(summary, "negotrack extract")


# --------------------------------------------------------------------------- reading


class OutFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def status() -> None:
    """Row counts per table and the last runs."""
    from negotrack import store

    try:
        with store.connect(state.settings, read_only=True) as con:
            counts = store.table_counts(con)
            runs = con.execute(
                "SELECT run_id, flow_name, status, started_at, ended_at, inputs, articles_new, "
                "statements, statements_quarantined FROM runs ORDER BY started_at DESC LIMIT 5"
            ).fetchall()
    except FileNotFoundError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    except store.StoreLockedError as exc:
        raise _fail(str(exc), EXIT_LOCKED) from None
    table = Table(title=f"{state.settings.db}", title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    out.print(table)
    runs_table = Table(title="last runs", title_justify="left")
    for col in ("run", "flow", "status", "started", "ended", "inputs", "new", "statements", "quarantined"):
        runs_table.add_column(col)
    for r in runs:
        runs_table.add_row(*(str(v)[:19] if v is not None else "" for v in r))
    out.print(runs_table)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run.")],
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")] = OutFormat.table,
    write: Annotated[
        bool, typer.Option("--write", help="Open the database read-write (deliberate changes).")
    ] = False,
    limit: Annotated[int, typer.Option(help="Rows shown in table format.")] = 200,
) -> None:
    """Run SQL on the database; read-only unless --write is given."""
    import duckdb

    from negotrack import store

    try:
        with store.connect(state.settings, read_only=not write) as con:
            rel = con.sql(sql)
            if rel is None:  # a statement with no result (only possible with --write)
                err.print("done.")
                return
            df = rel.pl()
    except FileNotFoundError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    except store.StoreLockedError as exc:
        raise _fail(str(exc), EXIT_LOCKED) from None
    except duckdb.Error as exc:
        hint = " (the database is opened read-only; add --write to change it)" if (
            not write and "read-only" in str(exc)
        ) else ""
        raise _fail(f"{exc}{hint}") from None
    if fmt is OutFormat.csv:
        sys.stdout.write(df.write_csv())
    elif fmt is OutFormat.json:
        sys.stdout.write(json.dumps(df.to_dicts(), ensure_ascii=False, default=str, indent=1) + "\n")
    else:
        table = Table(show_lines=False)
        for col in df.columns:
            table.add_column(col, overflow="fold")
        for row in df.head(limit).iter_rows():
            table.add_row(*("" if v is None else str(v) for v in row))
        out.print(table)
        if df.height > limit:
            err.print(f"({df.height} rows, {limit} shown; use --format csv for all)")


class ExportWhat(str, Enum):
    positions = "positions"
    statements = "statements"
    articles = "articles"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


@app.command()
def export(
    what: Annotated[ExportWhat, typer.Argument(help="What to export.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file [default: standard output].")
    ] = None,
) -> None:
    """Export positions, statements or articles as JSON Lines, CSV or Parquet."""
    from negotrack import store

    if fmt is ExportFormat.parquet and out_file is None:
        raise _fail("--format parquet needs --out FILE", EXIT_USAGE)
    try:
        with store.connect(state.settings, read_only=True) as con:
            df = store.query_frame(con, f"export/{what.value}.sql")
    except FileNotFoundError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    except store.StoreLockedError as exc:
        raise _fail(str(exc), EXIT_LOCKED) from None
    if out_file is not None:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = out_file.with_name(out_file.name + ".part")  # never leave half a file behind
        {
            ExportFormat.jsonl: df.write_ndjson,
            ExportFormat.csv: df.write_csv,
            ExportFormat.parquet: df.write_parquet,
        }[fmt](tmp)
        tmp.replace(out_file)
        err.print(f"{df.height} {what.value} written to {out_file}")
    elif fmt is ExportFormat.jsonl:
        sys.stdout.write(df.write_ndjson())
    else:
        sys.stdout.write(df.write_csv())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
