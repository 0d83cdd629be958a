"""The scheduled flow that ``negotrack serve`` deploys: inbox + feeds -> pipeline -> reports.

Parameters are plain JSON (paths as strings) because they are stored in the deployment.
Each run re-reads the feeds file, so feeds can be added without restarting ``serve``;
what was already ingested is recognised and skipped by the ingest stage.

Each run prints one line (``negotrack.scheduled.run_line``) on standard output: the served
deployment runs it in a child process whose output ``serve`` passes on, so the person
watching ``serve`` sees every run. A run that crashes outright (killed, out of memory)
cannot print; its line comes from the ``on_crashed`` hook, which Prefect's runner calls
in the ``serve`` process itself (``negotrack.flows.deployment``).
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.runtime import flow_run

from negotrack.config import Settings
from negotrack.runs import RunSummary
from negotrack.scheduled import read_feeds, run_line


def _print_crash(flow_obj, run, state) -> None:
    started = run.start_time or run.expected_start_time or datetime.now(timezone.utc)
    seconds = (datetime.now(timezone.utc) - started).total_seconds()
    print(run_line(run.name, started, seconds, error=f"crashed: {state.message or state.name}"), flush=True)


@flow(name="negotrack-scheduled", log_prints=False, on_crashed=[_print_crash])
def scheduled_flow(settings: dict[str, Any], inbox: str | None = None, feeds_file: str | None = None) -> dict:
    """Ingest what is new in the inbox folder and the listed feeds, run the pipeline, report."""
    started, t0 = datetime.now(timezone.utc), time.monotonic()
    name = flow_run.name or "?"
    try:
        result, summary = _scheduled_work(settings, inbox, feeds_file)
    except Exception as exc:
        print(run_line(name, started, time.monotonic() - t0, error=f"{type(exc).__name__}: {exc}"), flush=True)
        raise
    print(run_line(name, started, time.monotonic() - t0, summary=summary, reports=result["reports"]), flush=True)
    return result


def _scheduled_work(
    settings: dict[str, Any], inbox: str | None, feeds_file: str | None
) -> tuple[dict, RunSummary | None]:
    s = Settings(**{k: v for k, v in settings.items() if v is not None})
    sources: list[str] = []
    if inbox and Path(inbox).is_dir() and any(p.is_file() for p in Path(inbox).rglob("*")):
        sources.append(inbox)
    sources += read_feeds(feeds_file)
    if sources:
        from negotrack.flows.pipeline import pipeline_flow

        summary = pipeline_flow(sources, s)
        return {"sources": sources, "articles_new": summary.articles_new, "reports": summary.reports}, summary
    from negotrack.flows.report import report_flow
    from negotrack import store

    with store.connect(s):  # a first run with an empty inbox still gets a (empty) database and report
        pass
    return {"sources": [], "articles_new": 0, "reports": report_flow(s)}, None
