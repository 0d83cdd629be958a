"""The ``runs`` table: one row per flow run, and the run summary that must add up."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

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
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return isinstance(pid, int) and pid > 0  # PermissionError: alive, another user's
    return True


def process_start(pid: int) -> int | None:
    """When process ``pid`` started, in clock ticks since boot (/proc/<pid>/stat field 22);
    None without /proc or without that process. With the PID it names one process: a
    reused PID has a later start."""
    try:
        text = Path(f"/proc/{int(pid)}/stat").read_text()
        return int(text.rsplit(")", 1)[1].split()[19])  # fields after "(comm)" start at 3
    except (OSError, ValueError, IndexError):
        return None


def boot_id() -> str | None:
    """This boot's id (/proc/sys/kernel/random/boot_id); start times are only comparable
    within one boot."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip() or None
    except OSError:
        return None


@dataclass(frozen=True)
class ProcessId:
    """A process as a run row records it: PID, start time and boot (None: not known)."""

    pid: int | None
    start: int | None = None
    boot: str | None = None

    @classmethod
    def current(cls) -> ProcessId:
        return cls(os.getpid(), process_start(os.getpid()), boot_id())

    def alive(self) -> bool:
        """Is the process that recorded this still running? A PID alone is not enough:
        after a restart the same PID (1 in a container) is another process, told apart
        by its start time; a recorded boot that is over means the process is gone."""
        if self.boot is not None and (now := boot_id()) is not None and now != self.boot:
            return False
        if not _pid_alive(self.pid):
            return False
        if self.start is None:
            return True  # recorded without /proc (or before sql/schema/010): the PID must do
        start = process_start(self.pid)  # type: ignore[arg-type]
        return start is None or start == self.start


def fail_orphaned_runs(con: duckdb.DuckDBPyConnection) -> int:
    """Mark 'running' runs of this host whose process is gone as failed (killed runs),
    the process told by PID, start time and boot (:class:`ProcessId`), so a killed run
    whose PID now belongs to this very process (PID 1 in a container) is marked too."""
    host = socket.gethostname()
    rows = store.run_script(con, "runs/running_here.sql", {"host": host})
    me = ProcessId.current()
    dead = []
    for run_id, pid, start, boot in rows:
        proc = ProcessId(pid, start, boot)
        if proc.pid == me.pid and (proc.start is None or me.start is None):
            continue  # can't tell it from this process's own runs: leave it (the old rule)
        if proc != me and not proc.alive():
            dead.append(run_id)
    for run_id in dead:
        store.run_script(con, "runs/fail_orphaned.sql", {"run_id": run_id})
    return len(dead)


def extractor_params(settings: Settings) -> dict[str, object]:
    """What a run that extracts records of its extractor: the backend and, for a model,
    its name (never its address or key: either may carry credentials)."""
    if settings.extractor == "rules":
        return {"extractor": "rules"}
    return {"extractor": settings.extractor, "llm_model": settings.llm_model}


def start_run(settings: Settings, run_id: str, flow_name: str, params: dict[str, object]) -> None:
    from negotrack.ingest.fetch import redact_text  # source URLs may carry credentials

    params_json = redact_text(json.dumps(params, default=str, ensure_ascii=False))
    me = ProcessId.current()
    with store.connect(settings) as con:
        fail_orphaned_runs(con)
        store.run_script(
            con,
            "runs/start.sql",
            {
                "run_id": run_id,
                "flow_name": flow_name,
                "pid": me.pid,
                "proc_start": me.start,
                "boot_id": me.boot,
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
    me = ProcessId.current()
    with store.connect(quick) as con:
        store.run_script(con, "runs/fail_process.sql",
                         {"message": message, "pid": me.pid, "proc_start": me.start,
                          "host": socket.gethostname()})
