"""The ``negotrack`` command line.

Commands that run a flow (run, ingest, extract, ...) import Prefect and the flows
lazily; commands that only read the database (status, query, export) never import
Prefect, so they answer in a fraction of a second.

Exit codes: 0 success; 1 the work failed; 2 bad usage; 3 the database stayed locked by
another process; 4 ``--strict`` and rows were quarantined or inputs failed; 5 the database
path cannot be used (a folder, not a DuckDB file, damaged, not writable); 130 and 143
stopped by Ctrl-C (SIGINT) and SIGTERM (negotrack/shutdown.py).
"""

from __future__ import annotations

import json
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from negotrack.cli_help import App, plain_message
from negotrack.config import Settings, get_settings
from negotrack.store import StoreLockedError

EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_STRICT, EXIT_DATABASE = 1, 2, 3, 4, 5
DEFAULT_INBOX = Settings.model_fields["data_dir"].default / "inbox"  # serve's, unless NEGOTRACK_DATA_DIR is set

app = App(  # typer.Typer with readable value names in help and plain usage errors
    name="negotrack",
    help="Track who said what, on which issue, how hard: negotiation positions from the news.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)  # results: stdout
err = Console(stderr=True, highlight=False)  # progress and messages: stderr


class State:
    settings: Settings
    shutdown = None  # negotrack.shutdown.Shutdown, installed by main()


state = State()


@app.callback()
def main_options(
    ctx: typer.Context,
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
    from pydantic import ValidationError

    try:
        state.settings = get_settings(db=db, codebook=codebook, workers=workers)
    except ValidationError as exc:  # a bad --workers or NEGOTRACK_* value: one line, not a traceback
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first.get("loc") else "?"
        where = "--workers" if name == "workers" and workers is not None else f"NEGOTRACK_{name.upper()}"
        raise _fail(f"invalid value for {where}: {plain_message(first['msg'])}", EXIT_USAGE) from None
    if state.shutdown is not None:
        state.shutdown.grace_s = state.settings.stop_grace_s
    if ctx.invoked_subcommand in WARM_COMMANDS:
        _run_in_warm_worker()


# Commands that run a flow: their start-up (Prefect, Great Expectations, the compiled
# codebook) is what the warm worker has already paid.
WARM_COMMANDS = frozenset({"run", "ingest", "extract", "validate", "eval"})


def _run_in_warm_worker() -> None:
    """Hand this flow command to the data directory's warm worker (flows/warm_worker.py)
    and exit with its status; when none is ready, go on here and leave one warming up for
    the next command (it waits for this one to end first)."""
    import os

    settings = state.settings
    if settings.warm_worker != "on" or settings.prefect_server != "persistent":
        return
    from negotrack.flows import warm_worker

    # once the worker has the command, a signal here is forwarded to it, not a stop of this process
    handed_over = state.shutdown.hand_over if state.shutdown is not None else None
    try:
        code = warm_worker.delegate(settings.data_dir, f"{__name__}:main", sys.argv[1:], on_accepted=handed_over)
    except warm_worker.WorkerLostError as exc:
        raise _fail(str(exc)) from None
    if code is not None:
        raise typer.Exit(code)
    # before this command starts any process of its own (see warm_worker.launch)
    warm_worker.launch(settings.data_dir, settings.prefect_idle_s, dict(os.environ), after_pid=os.getpid())


# --------------------------------------------------------------------------- helpers


def _fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", soft_wrap=True)  # one line, even in a log
    return typer.Exit(code)


ErrorKinds = type[BaseException] | tuple[type[BaseException], ...]


@contextmanager
def user_errors(*mapped: tuple[ErrorKinds, int]) -> Iterator[None]:
    """The one place that turns a user-level problem into the README's one-line message
    and exit code, never a traceback.

    Always: a database held by another process for longer than NEGOTRACK_LOCK_TIMEOUT_S
    (``StoreLockedError``) exits 3; a missing file or database (``FileNotFoundError``), 2.
    ``mapped`` adds a command's own, ``(ErrorType, exit code)``, first match wins
    (``(UnknownFilterError, EXIT_USAGE)`` for a report filter nobody knows). Anything
    else propagates to ``main()``: a database problem (exit 5), a stop signal (130/143),
    or a bug, whose traceback is wanted.
    """
    from rich.markup import escape

    try:
        yield
    except (typer.Exit, typer.Abort):  # click's Exit is a RuntimeError: already said, pass it on
        raise
    except StoreLockedError as exc:
        raise _fail(escape(str(exc)), EXIT_LOCKED) from None
    except FileNotFoundError as exc:
        raise _fail(escape(str(exc)), EXIT_USAGE) from None
    except Exception as exc:
        for kinds, code in mapped:
            if isinstance(exc, kinds):
                raise _fail(escape(str(exc)), code) from None
        raise


def _run_flow(label: str, fn, *args, **kwargs):
    """Run a flow with Prefect set up, progress on stderr, and clean error exits."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from negotrack import progress
    from negotrack.flows.prefect_setup import prefect_session

    if state.shutdown is not None:
        state.shutdown.reap_children()  # before Prefect's server or any worker starts
    bar = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    overall = bar.add_task(label, total=None)
    stages: dict[str, int] = {}

    def on_progress(stage: str, done: int, total: int | None) -> None:
        if stage not in stages:
            stages[stage] = bar.add_task(stage, total=total)
        bar.update(stages[stage], completed=done, total=total)

    with user_errors(), prefect_session(state.settings), bar, progress.listening(on_progress):
        _quiet_database_tracebacks()
        result = fn(*args, **kwargs)
    bar.remove_task(overall)
    return result


def _prefect_env() -> None:
    """Set Prefect up for a flow command, before Prefect is imported: the project's
    defaults, and the data directory's long-lived local server (flows/prefect_server.py),
    started if needed, unless PREFECT_API_URL is set or NEGOTRACK_PREFECT_SERVER=temporary."""
    from negotrack.flows.prefect_setup import configure_prefect_env

    configure_prefect_env(state.settings)
    if state.settings.prefect_server != "persistent":
        return
    from rich.markup import escape

    from negotrack.flows.prefect_server import attach

    def warn(message: str) -> None:
        err.print(f"[yellow]warning:[/] {escape(message)}", soft_wrap=True)

    server = attach(state.settings.data_dir, state.settings.prefect_idle_s, warn)
    if server is not None and server.new:
        err.print(f"Prefect server started: {server.url} (UI); it stops after {state.settings.prefect_idle_s:g} s "
                  "unused, or with `negotrack server stop`", soft_wrap=True, highlight=False, markup=False)


def _preflight_database() -> None:
    """Open the database for writing (and migrate it) before Prefect starts: a folder, a
    damaged or foreign file, or an unwritable place fails here in one line (exit 5),
    not inside the flow run as pages of Prefect logs."""
    from negotrack import store

    try:
        with store.connect(state.settings):
            pass
    except StoreLockedError:
        pass  # the flow waits for the lock itself (NEGOTRACK_LOCK_TIMEOUT_S)


class _NoDatabaseTraceback:
    """A logging filter: Prefect logs a failed flow or task run with its traceback; for a
    database problem (a full disk, a damaged file: exit 5, said in one line by main())
    the traceback is dropped and the record kept."""

    def filter(self, record) -> bool:
        if record.exc_info and _database_problem(record.exc_info[1]) is not None:
            record.exc_info = None
            record.exc_text = None
        return True


def _quiet_database_tracebacks() -> None:
    import logging

    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoDatabaseTraceback) for f in logger.filters):
            logger.addFilter(_NoDatabaseTraceback())


def _warn_install() -> None:
    """A broken install is said at every run and status, never silently worked around."""
    from rich.markup import escape

    from negotrack.ingest.formats import html_parser_problem

    problem = html_parser_problem()
    if problem:
        err.print(f"[yellow]warning:[/] the HTML parser is unavailable ({escape(problem)}): HTML pages lose their "
                  "title, date and site name. Reinstall: pip install -c constraints.txt -e .", soft_wrap=True)


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
    if summary.articles_quarantined:
        rows.insert(5, ("articles quarantined", summary.articles_quarantined))
    if summary.rows_checked:
        rows.append(("rows validated", summary.rows_checked))
    if summary.llm_calls or summary.llm_failures or summary.statements_unverified or summary.statements_unknown:
        rows += [
            ("model calls", summary.llm_calls),
            ("model tokens", summary.llm_tokens),
            ("  dropped: evidence not in text", summary.statements_unverified),
            ("  dropped: unknown label", summary.statements_unknown),
            ("  articles failed (pending)", summary.llm_failures),
        ]
    for name, value in rows:
        table.add_row(name, str(value))
    out.print(table)
    if summary.inputs and summary.articles_new == 0 and summary.ingest_errors == 0 and summary.articles_known:
        out.print("Nothing new: every input was already in the database.")
    if summary.ingest_errors:
        _print_ingest_errors(summary)
    if summary.rows_quarantined:
        out.print(
            f"[yellow]{summary.rows_quarantined} row(s) failed validation and were quarantined[/]: "
            "see `negotrack quarantine`"
        )
    if summary.llm_failures:
        out.print(
            f"[yellow]{summary.llm_failures} article(s) got no answer from the model[/] and stay pending for the "
            "next run; reasons: negotrack query \"select article_id, reason from llm_failures where run_id = "
            f"'{summary.run_id}'\"", soft_wrap=True,
        )
    for path in summary.reports:
        out.print(f"report: {path}")
    if summary.data_docs:
        out.print(f"data docs: {summary.data_docs}", soft_wrap=True)
    out.print(f"run id: {summary.run_id}", style="dim")
    _warn_install()


ERRORS_SHOWN = 5  # the first few; the query printed after them lists them all


def _print_ingest_errors(summary) -> None:
    """The run's first ingest errors with their reasons, then the query for all of them."""
    from rich.markup import escape

    from negotrack import store
    from negotrack.ingest.errors import run_errors

    out.print(f"[yellow]{summary.ingest_errors} input(s) could not be read[/]:")
    try:
        with store.connect(state.settings, read_only=True) as con:
            errors = run_errors(con, summary.run_id, ERRORS_SHOWN)
    except StoreLockedError:  # another process writes: the query below still finds them
        errors = []
    for error in errors:
        out.print(f"  {escape(error.describe())}", soft_wrap=True)  # one line each, even in a log
    rest = summary.ingest_errors - len(errors)
    more = f"… and {rest} more; " if rest > 0 else ""
    out.print(
        escape(f"  {more}all of them: negotrack query \"select origin, line, reason, detail from ingest_errors "
               f"where run_id = '{summary.run_id}'\""),
        soft_wrap=True,
    )


Strict = Annotated[
    bool,
    typer.Option("--strict", help="Exit with code 4 when rows were quarantined (or inputs could not be read)."),
]


def _exit_if_strict(strict: bool, summary) -> None:
    if strict and (summary.rows_quarantined or summary.ingest_errors):
        err.print("[yellow]--strict:[/] exiting with code 4 (rows quarantined or inputs unreadable).")
        raise typer.Exit(EXIT_STRICT)


def _check_sources(sources: list[str]) -> list[str]:
    missing = [s for s in sources if "://" not in s and not Path(s).exists()]
    if missing:
        raise _fail("no such file or folder: " + ", ".join(missing), EXIT_USAGE)
    from negotrack.ingest.records import escape_surrogates

    odd = [s for s in sources if escape_surrogates(s) != s]
    if odd:  # the flow's parameters travel as JSON (Prefect), which cannot carry these bytes
        from rich.markup import escape

        names = ", ".join(escape_surrogates(s) for s in odd)
        raise _fail(escape(f"this path is not valid UTF-8: {names}; pass the folder that holds it (files found "
                           "in a folder are read whatever their name) or rename it"), EXIT_USAGE)
    return [s if "://" in s else str(Path(s)) for s in sources]


def _require_codebook() -> None:
    """Load the codebook before Prefect starts: a broken one would otherwise fail inside
    the flow run, seconds later, as a page of Prefect logs and tracebacks."""
    from rich.markup import escape

    from negotrack.codebook import FILES, CodebookError, load_codebook

    folder = Path(state.settings.codebook)
    if not folder.exists():
        raise _fail(escape(f"codebook folder not found: {folder}"), EXIT_USAGE)
    try:
        load_codebook(folder)
    except CodebookError as exc:
        text = str(exc)  # "parties.yaml: key: problem", or "<folder>: not a folder"
        if text.split(":", 1)[0] in FILES:
            text = f"{folder / text}"  # name the file with its folder, the key stays after it
        raise _fail(escape(f"bad codebook: {text}"), EXIT_USAGE) from None


Sources = Annotated[list[str], typer.Argument(help="Files, folders (recursive), feed files or http(s) URLs.")]


class ExtractorName(str, Enum):
    rules = "rules"
    llm = "llm"
    hybrid = "hybrid"


ExtractorOpt = Annotated[
    ExtractorName | None,
    typer.Option(
        "--extractor",
        case_sensitive=False,
        help="rules (offline, default), llm or hybrid (a model at NEGOTRACK_LLM_BASE_URL; see README "
             "\"Using a language model\") [default: NEGOTRACK_EXTRACTOR or rules].",
    ),
]


def _require_extractor(choice: ExtractorName | None) -> None:
    """Apply --extractor and check the model settings it needs before Prefect starts:
    a missing URL would otherwise fail every article, one by one, inside the flow."""
    if choice is not None:
        state.settings = state.settings.model_copy(update={"extractor": choice.value})
    problem = state.settings.extractor_problem()
    if problem:
        raise _fail(problem, EXIT_USAGE)


Dask = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        envvar="NEGOTRACK_DASK_ADDRESS",
        help="Dask scheduler (tcp://host:8786): extraction runs on its workers (needs the dask extra).",
    ),
]


def _with_dask(flow_obj, address: str | None):
    """The flow on the Dask cluster at ``address`` (flows/runners.py); settings record it."""
    if address:
        state.settings = state.settings.model_copy(update={"dask_address": address})
    from negotrack.flows.runners import with_task_runner

    with user_errors((RuntimeError, EXIT_USAGE)):
        return with_task_runner(flow_obj, state.settings)


# --------------------------------------------------------------------------- flows


@app.command()
def run(sources: Sources, strict: Strict = False, dask: Dask = None, extractor: ExtractorOpt = None) -> None:
    """Run the whole pipeline (ingest, extract, validate, report) as one Prefect flow.

    Rows that fail validation are quarantined and the run still succeeds (exit 0) unless
    --strict is given.
    """
    sources = _check_sources(sources)
    _require_codebook()
    _require_extractor(extractor)
    _preflight_database()
    _prefect_env()  # before Prefect is imported
    from negotrack.flows.pipeline import pipeline_flow

    flow_obj = _with_dask(pipeline_flow, dask)
    summary = _run_flow("Running the pipeline", flow_obj, sources, state.settings)
    _print_summary(summary, "negotrack run")
    _exit_if_strict(strict, summary)


@app.command()
def ingest(sources: Sources) -> None:
    """Read articles into the database (txt, md, html, json, jsonl, RSS/Atom, URLs)."""
    sources = _check_sources(sources)
    _require_codebook()  # the articles suite takes value sets from the codebook
    _preflight_database()
    _prefect_env()
    from negotrack.flows.ingest import ingest_flow

    summary = _run_flow("Ingesting", ingest_flow, sources, state.settings)
    _print_summary(summary, "negotrack ingest")


@app.command()
def extract(
    everything: Annotated[
        bool, typer.Option("--all", help="Re-extract every article, not only pending ones.")
    ] = False,
    dask: Dask = None,
    extractor: ExtractorOpt = None,
) -> None:
    """Extract statements from articles not yet extracted with this extractor and codebook.

    After a codebook change (or another extractor or model) every article is pending
    again; --all forces a full pass. Each article's statements are replaced atomically.
    """
    _require_codebook()
    _require_extractor(extractor)
    _preflight_database()
    _prefect_env()
    from negotrack.flows.extract import extract_flow

    flow_obj = _with_dask(extract_flow, dask)
    summary = _run_flow("Extracting", flow_obj, state.settings, everything)
    _print_summary(summary, "negotrack extract")


@app.command()
def validate(
    everything: Annotated[
        bool, typer.Option("--all", help="Check every stored row, not only those written since the last validation.")
    ] = False,
    strict: Strict = False,
) -> None:
    """Check stored rows against the Great Expectations suites in expectations/.

    Failing articles and statements move to the quarantine table; failing runs and
    ingest_errors rows are flagged there. Use --all after changing a suite or the codebook.
    """
    _require_codebook()
    _preflight_database()
    _prefect_env()
    from negotrack.flows.validate import validate_flow

    summary = _run_flow("Validating", validate_flow, state.settings, everything)
    out.print(
        f"{summary.rows_checked} row(s) checked, {summary.rows_quarantined} quarantined"
        + (f" ({summary.statements_quarantined} statement(s))" if summary.statements_quarantined else "")
        + "."
    )
    if summary.rows_quarantined:
        out.print("see `negotrack quarantine`")
    if summary.data_docs:
        out.print(f"data docs: {summary.data_docs}", soft_wrap=True)
    out.print(f"run id: {summary.run_id}", style="dim")
    _exit_if_strict(strict, summary)


@app.command()
def quarantine(
    release_id: Annotated[
        int | None,
        typer.Option("--release", metavar="ID", help="Validate quarantined row ID again and restore it if it passes."),
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="List released rows too.")] = False,
) -> None:
    """List the rows that failed validation, or release one once the codebook or data is fixed."""
    from negotrack import store
    from negotrack.codebook import CodebookError
    from negotrack.validate.suites import SuiteError

    with user_errors(((SuiteError, CodebookError), EXIT_FAILED)):  # a broken suite or codebook: say which file
        if release_id is None:
            from negotrack.validate.quarantine import list_quarantine

            with store.connect(state.settings, read_only=True) as con:
                df = list_quarantine(con, include_released=everything)
        else:
            from negotrack.validate import release

            with store.connect(state.settings) as con:
                result = release(con, release_id, state.settings)
    from rich.markup import escape

    if release_id is not None:
        if not result.released:
            raise _fail(escape(result.message))
        out.print(escape(result.message))
        return
    if df.height == 0:
        out.print("Quarantine is empty." if not everything else "Nothing was ever quarantined.")
        return
    # One block per row: expectation names are long, a table would fold them.
    for r in df.iter_rows(named=True):
        flag = " (flagged: the row also stays in its table)" if r["disposition"] == "flagged" else ""
        released = f", released {str(r['released_at'])[:16]}" if r["released_at"] else ""
        out.print(
            f"[bold]#{r['quarantine_id']}[/] {r['table_name']} {escape(r['row_key'] or '(no key)')}{flag}  "
            f"[dim]run {(r['run_id'] or '-')[:8]}, {str(r['quarantined_at'])[:16]}{released}[/]",
            soft_wrap=True,
        )
        for label in r["failed_expectations"] or []:
            out.print(f"    {escape(label)}", soft_wrap=True)
    err.print("Rows: `negotrack query \"select row_json from quarantine where quarantine_id = ID\"`; "
              "release: `negotrack quarantine --release ID`.")


@app.command(name="eval")
def eval_command(
    gold_dir: Annotated[
        Path, typer.Argument(metavar="GOLD_DIR", help="Folder with articles.jsonl and gold.jsonl (../shared/ANNOTATION.md).")
    ],
    errors: Annotated[
        bool, typer.Option("--errors", help="List every missed position and false alarm, by article.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores (and --errors) as JSON.")] = False,
    extractor: ExtractorOpt = None,
) -> None:
    """Measure the extractor on a gold corpus: P/R/F1 overall and per language, party,
    issue and stance, and actor and date accuracy, as ../shared/eval/score.py computes them.

    The articles go through the same flow as `negotrack run` (no report) into a temporary
    database, deleted afterwards; the --db database is never opened. Positions are
    exported as `negotrack export positions` writes them, then scored.
    """
    import tempfile

    from rich.markup import escape

    from negotrack import evaluate, store
    from negotrack.codebook import load_codebook

    with user_errors((evaluate.GoldError, EXIT_USAGE)):
        gold = evaluate.load_gold(gold_dir)
    _require_codebook()
    _require_extractor(extractor)
    codebook = load_codebook(state.settings.codebook)
    scheme = evaluate.Scheme.from_codebook(codebook)
    for note in scheme.differences(codebook):
        err.print(f"[yellow]note:[/] {escape(note)}", soft_wrap=True)
    _prefect_env()  # the user's Prefect home and server; nothing else of theirs is used
    from negotrack.flows.pipeline import pipeline_flow

    with tempfile.TemporaryDirectory(prefix="negotrack-eval-") as tmp:
        scratch = state.settings.model_copy(update={
            "db": Path(tmp) / "eval.duckdb", "data_dir": Path(tmp) / "data", "reports_dir": Path(tmp) / "reports",
            "skip_known_files": False, "dask_address": None,
        })
        summary = _run_flow("Evaluating", pipeline_flow, [str(gold.articles_path)], scratch, report=False)
        with store.connect(scratch, read_only=True) as con:
            exported = store.query_frame(con, "export/positions.sql").to_dicts()
            why = store.query_frame(con, "eval/position_rules.sql").to_dicts()
    result = evaluate.evaluate(gold, evaluate.predictions_from_export(exported, why), scheme)

    if summary.ingest_errors:
        err.print(f"[yellow]{summary.ingest_errors} article line(s) could not be read[/]: "
                  "their gold positions count as missed", soft_wrap=True)
    if summary.articles_known:
        err.print(f"[yellow]{summary.articles_known} article(s) repeat another article's text[/] and were not "
                  "stored under their own id: their gold positions count as missed", soft_wrap=True)
    if summary.articles_quarantined or summary.statements_quarantined:
        err.print(f"[yellow]{summary.articles_quarantined} article(s) and {summary.statements_quarantined} "
                  "statement(s) failed validation[/] and are not scored", soft_wrap=True)
    if as_json:
        report = result.to_dict(errors=errors)
        report["run"] = summary.as_params()
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    lines = result.lines()
    if errors:
        lines = lines[:-3] + [""] + result.error_lines() + lines[-3:]  # the totals stay last
    for line in lines:
        out.print(line, markup=False, highlight=False, soft_wrap=True)


# --------------------------------------------------------------------------- reading


class OutFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def status() -> None:
    """Row counts per table and the last runs."""
    from negotrack import store

    with user_errors(), store.connect(state.settings, read_only=True) as con:
        counts = store.table_counts(con)
        runs = store.query_frame(con, "status/last_runs.sql").rows()
    table = Table(title=f"{state.settings.db}", title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    out.print(table)
    runs_table = Table(title="last runs", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("started", "flow", "status", "inputs", "new", "stmts", "quarantined"):
        runs_table.add_column(col, no_wrap=True, justify="left" if col in ("started", "flow", "status") else "right")
    for r in runs:
        runs_table.add_row(*("" if v is None else str(v) for v in r))
    out.print(runs_table)
    _warn_install()


@app.command()
def audit() -> None:
    """Check the whole database: every run adds up, no statement without its article or
    outside its text, no duplicates, no half-stored batch, no run left running by a killed
    process. Prints what it finds; exit 0 when clean, 1 when it finds problems.
    """
    from negotrack.audit import audit_database

    with user_errors():
        report = audit_database(state.settings)
    for line in report.lines():
        out.print(line, highlight=False, markup=False, soft_wrap=True)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run.")],
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")] = OutFormat.table,
    write: Annotated[
        bool, typer.Option("--write", help="Open the database read-write (deliberate changes).")
    ] = False,
    limit: Annotated[int, typer.Option(help="Rows shown in table format.")] = 200,
) -> None:
    """Run SQL on the database; read-only unless --write is given.

    Read-only also means no file access from SQL (COPY TO, read_csv, ATTACH, INSTALL):
    use --format csv/json or `negotrack export` for files, --write for everything.
    """
    import duckdb

    from negotrack import store

    if not write and _LOGGING.search(_code_only(sql)):
        # DuckDB aborts the whole process (rc 134) when file logging is refused by the
        # read-only guard (enable_external_access=false) instead of raising an error
        raise _fail("a read-only query cannot change DuckDB's logging (enable_logging and its settings); "
                    "add --write to allow it", EXIT_USAGE)
    with user_errors():  # a missing or locked database; the query's own errors below
        try:
            with store.connect(state.settings, read_only=not write) as con:
                if not write:
                    con.execute("SET enable_external_access = false")
                # then every column as text (what Polars cannot hold); never twice with --write,
                # where running the statement again could change the data again
                attempts = (False,) if write else (False, True)
                for as_text in attempts:
                    rel = con.sql(sql)
                    if rel is None:  # a statement with no result (only possible with --write)
                        err.print("done.")
                        return
                    try:
                        rendered = _render(_frame(rel, all_text=as_text), fmt, limit)
                        break
                    except BaseException as exc:  # pyo3's PanicException is a BaseException
                        if not _is_conversion_error(exc) or as_text is attempts[-1]:
                            raise
        except duckdb.Error as exc:
            from rich.markup import escape

            damaged = store.damaged_error(Path(state.settings.db), exc)
            if damaged is not None:  # the file, not the query
                raise _fail(escape(str(damaged)), EXIT_DATABASE) from None
            hint = ""
            if not write and "read-only" in str(exc):
                hint = " (the database is opened read-only; add --write to change it)"
            elif not write and "disabled by configuration" in str(exc):
                hint = " (a read-only query cannot read or write files; add --write to allow it)"
            raise _fail(" ".join(f"{exc}{hint}".split())) from None
        except BaseException as exc:
            if not _is_conversion_error(exc):
                raise
            raise _fail(f"the result has values that cannot be shown ({type(exc).__name__}: "
                        f"{' '.join(str(exc).split())[:200]}); cast the column to VARCHAR in the query") from None
    text, more = rendered
    if isinstance(text, str):
        sys.stdout.write(text)
    else:
        out.print(text)
    if more:
        err.print(more)


# identifiers that reach DuckDB's logging (its functions and settings), outside strings and comments
_LOGGING = re.compile(r"logging", re.IGNORECASE)
# BLOB, BIT, INTERVAL and UNION values do not convert to Polars (or not to CSV): shown as text
_AS_TEXT = re.compile(r"\b(BLOB|BIT|BITSTRING|INTERVAL|UNION|VARINT|BIGNUM)\b")


def _code_only(sql: str) -> str:
    """``sql`` without its string literals and comments (what a keyword guard looks at)."""
    return re.sub(r"'(?:[^']|'')*'|\$(\w*)\$.*?\$\1\$|--[^\n]*|/\*.*?\*/", " ", sql, flags=re.S)


def _frame(rel, *, all_text: bool):
    """The result as a Polars frame; columns of types Polars cannot hold (or ``all_text``:
    every column) are cast to VARCHAR by DuckDB first, and so are date and time columns
    holding values Python cannot represent ('infinity', year 10000): converting those
    panics inside Polars."""
    cols = [(name, str(type_)) for name, type_ in zip(rel.columns, rel.types)]
    cast = {name for name, type_ in cols if all_text or _AS_TEXT.search(type_.upper())}
    df = _cast(rel, cols, cast).pl()
    odd = _out_of_range(df)
    return _cast(rel, cols, cast | odd).pl() if odd else df


def _cast(rel, cols: list[tuple[str, str]], cast: set[str]):
    if not cast:
        return rel

    def q(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    exprs = ", ".join(f"CAST({q(n)} AS VARCHAR) AS {q(n)}" if n in cast else q(n) for n, _ in cols)
    return rel.query("query_result", f"SELECT {exprs} FROM query_result")


def _out_of_range(df) -> set[str]:
    """Date and datetime columns with values outside Python's years 1-9999."""
    import datetime as dt

    import polars as pl

    lo, hi = (dt.date(1, 1, 1) - dt.date(1970, 1, 1)).days, (dt.date(9999, 12, 31) - dt.date(1970, 1, 1)).days
    per_day = {"ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}
    odd = set()
    for name, dtype in df.schema.items():
        if dtype == pl.Date:
            scale = 1
        elif isinstance(dtype, pl.Datetime):
            scale = per_day[dtype.time_unit]
        else:
            continue
        phys = df[name].to_physical().drop_nulls()
        if phys.len() and (phys.min() < lo * scale or phys.max() > (hi + 1) * scale):
            odd.add(name)
    return odd


def _is_conversion_error(exc: BaseException) -> bool:
    """Polars refusing a value (an out-of-range date such as 'infinity', an Arrow type it
    cannot import): a ComputeError, or a Rust panic surfacing as PanicException."""
    import polars as pl

    return isinstance(exc, (pl.exceptions.PolarsError, OverflowError, ValueError)) or \
        type(exc).__name__ == "PanicException"


def _render(df, fmt, limit: int):
    """The whole output, built before anything is printed: (text or rich Table, note)."""
    if fmt is OutFormat.csv:
        return _flat(df).write_csv(), None
    if fmt is OutFormat.json:
        return json.dumps(df.to_dicts(), ensure_ascii=False, default=str, indent=1) + "\n", None
    table = Table(show_lines=False)
    for col in df.columns:
        table.add_column(col, overflow="fold")
    for row in df.head(limit).iter_rows():
        table.add_row(*("" if v is None else str(v) for v in row))
    more = f"({df.height} rows, {limit} shown; use --format csv for all)" if df.height > limit else None
    return table, more


def _flat(df):
    """CSV has no lists, structs or maps (issue_moves has MAPs): write those as JSON text."""
    import polars as pl

    nested = [c for c, t in df.schema.items() if t.is_nested()]
    return df.with_columns(
        pl.Series(c, [None if v is None else json.dumps(v, ensure_ascii=False, default=str) for v in df[c].to_list()])
        for c in nested
    )


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
    with user_errors(), store.connect(state.settings, read_only=True) as con:
        df = store.query_frame(con, f"export/{what.value}.sql")
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


# --------------------------------------------------------------------------- reports and schedule


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"


def _day(value: str | None, option: str):
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option} wants a date as YYYY-MM-DD, not {value!r}", EXIT_USAGE) from None


@app.command()
def report(
    since: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD [default: the first position].")] = None,
    until: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD [default: the latest position].")] = None,
    party: Annotated[
        list[str] | None, typer.Option("--party", "-p", help="Only this party code (repeatable), e.g. iran, usa.")
    ] = None,
    issue: Annotated[
        list[str] | None, typer.Option("--issue", "-i", help="Only this issue code (repeatable), e.g. enrichment.")
    ] = None,
    period: Annotated[
        Period | None,
        typer.Option(case_sensitive=False,
                     help="Granularity of the timeline, shifts and charts [default: from the span of the "
                          "data: day up to a month, week up to six months, else month]."),
    ] = None,
    fmt: Annotated[
        list[ReportFormat] | None,
        typer.Option("--format", "-f", help="md, html or json (repeatable) [default: all three]."),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder [default: reports/, or NEGOTRACK_REPORTS_DIR].")
    ] = None,
) -> None:
    """Write the change-over-time report (Markdown, self-contained HTML, JSON) from the database.

    Files are dated (`report-YYYYmmdd-HHMMSS.*`) and copied to `latest.*`; the database
    is only read. No Prefect needed.
    """
    from negotrack.report import ReportOptions
    from negotrack.report.write import UnknownFilterError, generate_report

    with user_errors((ValueError, EXIT_USAGE)):  # --since after --until, an unknown --period
        options = ReportOptions(
            since=_day(since, "--since"), until=_day(until, "--until"),
            parties=tuple(p.strip().lower() for p in party or ()),
            issues=tuple(i.strip().lower() for i in issue or ()),
            period=period.value if period else None,
        )
    formats = [f.value for f in fmt] if fmt else ["html", "md", "json"]
    with user_errors((UnknownFilterError, EXIT_USAGE)):
        data, paths = generate_report(state.settings, options, formats, out_dir)
    for line in data["headline"]:
        out.print(f"• {line}", highlight=False, markup=False)
    for path in paths:
        out.print(f"report: {path}", highlight=False, markup=False)
    latest = paths[0].parent / f"latest.{paths[0].suffix.lstrip('.')}" if paths else None
    if latest is not None:
        err.print(f"latest: {latest}", highlight=False, markup=False)


@app.command()
def serve(
    cron: Annotated[
        str | None, typer.Option(help='Cron schedule in UTC [default: "0 6 * * *", daily at 06:00].')
    ] = None,
    interval: Annotated[
        float | None, typer.Option(help="Run every N seconds instead of on a cron schedule.", min=1)
    ] = None,
    inbox: Annotated[
        Path | None,
        typer.Option(help=f"Folder to ingest new articles from [default: {DEFAULT_INBOX}, inbox/ in NEGOTRACK_DATA_DIR]."),
    ] = None,
    feeds: Annotated[
        Path | None, typer.Option(help="Text file with one RSS/Atom feed URL per line.")
    ] = None,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "scheduled",
    now: Annotated[bool, typer.Option("--now", help="Also run once right away.")] = False,
) -> None:
    """Run the pipeline on a schedule (a served Prefect deployment) and write reports/latest.*.

    With no PREFECT_API_URL, starts a local Prefect server (state in the data dir) and stops
    it on Ctrl-C / SIGTERM; with PREFECT_API_URL set, uses that server. See prefect.yaml
    for the work-pool route.
    """
    from negotrack.flows.deployment import serve as serve_forever

    if cron and interval:
        raise _fail("give --cron or --interval, not both", EXIT_USAGE)
    _require_codebook()  # each scheduled run would otherwise fail on it, unattended
    _require_extractor(None)  # likewise a missing model URL
    if state.shutdown is not None:
        state.shutdown.reap_children()
    try:
        with user_errors(((RuntimeError, TimeoutError), EXIT_FAILED)):
            serve_forever(
                state.settings, cron=cron, interval=interval, inbox=inbox, feeds=feeds, name=name,
                run_now=now, echo=lambda m: err.print(m, highlight=False, markup=False),
            )
    finally:
        _end_in_flight_runs()


server_app = App(
    name="server",
    help="The local Prefect server and warm worker that flow commands share (see README \"The Prefect server\").",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
app.add_typer(server_app, name="server")


@server_app.command(name="status")
def server_status() -> None:
    """Say whether the data directory's Prefect server and warm worker run, and the UI's address.

    Exit 0 when it runs or when none runs; 1 when its process runs but does not answer.
    """
    import os

    from negotrack.flows import prefect_server

    settings = state.settings
    where = prefect_server.state_dir(settings.data_dir)
    if os.environ.get("PREFECT_API_URL"):
        out.print(f"PREFECT_API_URL is set: flow commands use {os.environ['PREFECT_API_URL']}", markup=False)
    elif settings.prefect_server == "temporary":
        out.print("NEGOTRACK_PREFECT_SERVER=temporary: each flow command starts its own temporary server")
    _warm_worker_status()
    info, answers = prefect_server.status(settings.data_dir)
    if info is None:
        out.print(f"no local Prefect server running (state: {where})", markup=False, soft_wrap=True)
        return
    out.print(f"local Prefect server running: {info.url} (UI), API {info.api_url}", markup=False, soft_wrap=True)
    out.print(f"pid {info.pid}, started {info.started_at}, stops after {info.idle_s:g} s unused; state: {where}",
              markup=False, soft_wrap=True)
    if not answers:
        raise _fail(f"the server (pid {info.pid}) does not answer on {info.api_url}; `negotrack server stop` ends it "
                    "and the next flow command starts a new one")


def _warm_worker_status() -> None:
    from negotrack.flows import warm_worker

    settings = state.settings
    info = warm_worker.running_worker(settings.data_dir)
    if info is None:
        why = "" if settings.warm_worker == "on" else " (NEGOTRACK_WARM_WORKER=off)"
        out.print(f"no warm worker running{why}", markup=False)
        return
    out.print(f"warm worker running: pid {info.pid}, {info.phase}, started {info.started_at}, "
              f"{info.served} command(s) served, stops after {info.idle_s:g} s unused; "
              f"state: {warm_worker.state_dir(settings.data_dir)}", markup=False, soft_wrap=True)


@server_app.command(name="stop")
def server_stop() -> None:
    """Stop the data directory's warm worker and Prefect server (the next flow command starts new ones).

    Exit 0 whether or not they were running.
    """
    from negotrack.flows import prefect_server, warm_worker

    worker = warm_worker.stop(state.settings.data_dir)  # first: it is a user of the server
    if worker is not None:
        out.print(f"stopped the warm worker (pid {worker.pid})", markup=False)
    try:
        info = prefect_server.stop(state.settings.data_dir)
    except prefect_server.ServerStartError as exc:  # a command held the start lock all along
        raise _fail(str(exc)) from None
    if info is None:
        out.print("no local Prefect server running")
    else:
        out.print(f"stopped the local Prefect server (pid {info.pid}, {info.url})", markup=False)


def _end_in_flight_runs() -> None:
    """``serve`` is ending: a scheduled run still going in its child process is stopped
    with it and marked failed, not left `running` (the next run completes its work)."""
    from negotrack import store
    from negotrack.runs import fail_orphaned_runs

    if state.shutdown is not None:
        state.shutdown.stop_children()
    if Path(state.settings.db).exists():
        try:
            with store.connect(state.settings.model_copy(update={"lock_timeout_s": 5.0})) as con:
                fail_orphaned_runs(con)
        except (StoreLockedError, OSError):
            pass  # the next run marks them failed


def _fail_runs_on_forced_exit() -> None:
    settings = getattr(state, "settings", None)
    if settings is not None:
        from negotrack.runs import fail_runs_of_this_process

        fail_runs_of_this_process(settings, "stopped by a signal before the run could finish")


def main() -> None:
    """The console script: every command runs inside one shutdown path (negotrack/shutdown.py):
    SIGTERM or Ctrl-C stops it within ``NEGOTRACK_STOP_GRACE_S``, with exit 143 or 130."""
    from negotrack import shutdown

    with shutdown.graceful(on_forced_exit=_fail_runs_on_forced_exit) as sd:
        state.shutdown = sd
        try:
            app(prog_name="negotrack")  # the same name in usage lines when run by the warm worker
        except SystemExit:
            raise  # the command's own exit (it may have finished its work despite a late signal)
        except BaseException as exc:
            signum = _stop_signal(exc)
            if signum is None:
                damaged = _database_problem(exc)
                if damaged is not None:
                    from rich.markup import escape

                    err.print(f"[bold red]error:[/] {escape(str(damaged))}", soft_wrap=True)
                    raise SystemExit(EXIT_DATABASE) from None
                raise
            err.print(f"[yellow]stopped by {signal.Signals(signum).name}[/]: work in progress was rolled back and the "
                      "run marked failed; run the command again to complete it.", soft_wrap=True)
            raise SystemExit(shutdown.exit_code(signum)) from None


def _database_problem(exc: BaseException):
    """The StoreDamagedError behind ``exc`` (raised as such, or DuckDB's error about the
    file itself: damaged blocks met while reading, a full disk), else None."""
    import duckdb

    from negotrack.store import StoreDamagedError, damaged_error

    seen: BaseException | None = exc
    for _ in range(5):  # the error may be wrapped by the code it interrupted
        if seen is None:
            break
        if isinstance(seen, StoreDamagedError):
            return seen
        settings = getattr(state, "settings", None)
        if isinstance(seen, duckdb.Error) and settings is not None:
            found = damaged_error(Path(settings.db), seen)
            if found is not None:
                return found
        seen = seen.__cause__ or seen.__context__
    return None


def _stop_signal(exc: BaseException) -> int | None:
    """The signal behind ``exc`` if it is a stop request (ours, or Prefect's
    TerminationSignal raised by its own SIGTERM handler during a flow run), else None."""
    from negotrack.shutdown import StopRequested

    seen = exc
    for _ in range(5):  # the stop may be wrapped by the code it interrupted
        if isinstance(seen, StopRequested):
            return seen.signum
        if type(seen).__name__ == "TerminationSignal" and isinstance(getattr(seen, "signal", None), int):
            return seen.signal
        if state.shutdown is not None and state.shutdown.first is not None and isinstance(seen, KeyboardInterrupt):
            return state.shutdown.first[0]
        seen = seen.__cause__ or seen.__context__
        if seen is None:
            break
    if state.shutdown is not None and state.shutdown.first is not None:
        return state.shutdown.first[0]  # any error raised while unwinding after a signal
    return None


if __name__ == "__main__":
    main()
