"""The ``runs`` table: one row per flow run, and the run summary that must add up."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

import duckdb

from negotrack import store
from negotrack.config import Settings


@dataclass
class RunSummary:
    """What a run did. ``inputs`` = new + known + syndicated + errors + articles quarantined;
    statements = kept + quarantined. ``rows_checked`` and ``rows_quarantined`` count rows
    validated and set aside (all tables); ``data_docs`` is the Data Docs index page when
    something was validated."""

    run_id: str = ""
    inputs: int = 0
    articles_new: int = 0
    articles_known: int = 0
    articles_syndicated: int = 0
    ingest_errors: int = 0
    articles_quarantined: int = 0  # failed the articles suite: in quarantine, not in articles
    articles_extracted: int = 0
    statements: int = 0
    statements_kept: int = 0
    statements_quarantined: int = 0
    rows_checked: int = 0
    rows_quarantined: int = 0  # rows set aside by validation, all tables (held or flagged)
    # the llm and hybrid extractors (zero with the rules)
    llm_calls: int = 0  # answers received from the model (cache hits are free and not counted)
    llm_tokens: int = 0  # prompt + completion tokens of those answers
    llm_failures: int = 0  # articles whose call failed after its retries: left pending
    statements_unverified: int = 0  # the model's positions dropped: evidence not in the article
    statements_unknown: int = 0  # the model's positions dropped: party/issue/stance not in the codebook
    reports: list[str] = field(default_factory=list)
    data_docs: str | None = None

    def as_params(self) -> dict[str, object]:
        d = asdict(self)
        d.pop("reports")
        d.pop("data_docs")
        return d

    @property
    def ingest_adds_up(self) -> bool:
        return self.inputs == (
            self.articles_new
            + self.articles_known
            + self.articles_syndicated
            + self.ingest_errors
            + self.articles_quarantined
        )


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_orphaned_runs(con: duckdb.DuckDBPyConnection) -> int:
    """Mark 'running' runs of this host whose process is gone as failed (killed runs)."""
    host = socket.gethostname()
    rows = con.execute(
        "SELECT run_id, pid FROM runs WHERE status = 'running' AND host = ?", [host]
    ).fetchall()
    dead = [run_id for run_id, pid in rows if pid != os.getpid() and not _pid_alive(pid)]
    for run_id in dead:
        con.execute(
            "UPDATE runs SET status = 'failed', ended_at = now()::TIMESTAMP, "
            "message = 'process ended without finishing the run (killed?)' WHERE run_id = ?",
            [run_id],
        )
    return len(dead)


def start_run(settings: Settings, run_id: str, flow_name: str, params: dict[str, object]) -> None:
    from negotrack.ingest.fetch import redact_text  # source URLs may carry credentials

    params_json = redact_text(json.dumps(params, default=str, ensure_ascii=False))
    with store.connect(settings) as con:
        fail_orphaned_runs(con)
        store.run_script(
            con,
            "runs/start.sql",
            {
                "run_id": run_id,
                "flow_name": flow_name,
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "params": params_json,
            },
        )


def finish_run(settings: Settings, summary: RunSummary, status: str, message: str | None = None) -> None:
    with store.connect(settings) as con:
        store.run_script(
            con, "runs/finish.sql", {**summary.as_params(), "status": status, "message": message}
        )


@contextmanager
def tracked_run(
    settings: Settings, run_id: str, flow_name: str, params: dict[str, object]
) -> Iterator[RunSummary]:
    """Record a run in ``runs``: 'running' now, then 'completed' or 'failed' with the counts.

    A run killed outright (SIGKILL) cannot record anything; ``fail_orphaned_runs``
    marks it failed when the next run starts.
    """
    start_run(settings, run_id, flow_name, params)
    summary = RunSummary(run_id=run_id)
    try:
        yield summary
    except BaseException as exc:
        from negotrack.ingest.fetch import redact_text

        finish_run(settings, summary, "failed", redact_text(f"{type(exc).__name__}: {exc}")[:2000])
        raise
    finish_run(settings, summary, "completed")


def fail_runs_of_this_process(settings: Settings, message: str) -> None:
    """Mark the runs this process has under way as failed: it is about to leave (a
    forced exit after a signal) and will not reach ``finish_run``. Best effort, quick: a
    lock held elsewhere is not waited for (the next run marks them failed anyway)."""
    quick = settings.model_copy(update={"lock_timeout_s": 1.0})
    with store.connect(quick) as con:
        store.run_script(con, "runs/fail_process.sql",
                         {"message": message, "pid": os.getpid(), "host": socket.gethostname()})
