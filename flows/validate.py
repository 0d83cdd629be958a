"""Validate: check stored rows against the suites in expectations/ (`negotrack validate`).

New batches are validated on their way in (``negotrack.stages.gate``); this flow
checks what is already stored: rows written since the last validation, or every row with
``everything`` (after a suite or codebook change). Failing articles and statements move to
quarantine; failing runs and ingest_errors rows are flagged there.
"""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from negotrack.config import Settings
from negotrack.runs import RunSummary, tracked_run
from negotrack.stages.validate import TableCounts, count_validated, validate_tables
from negotrack.validate import SUITE_NAMES, DocsBacklog


@task(name="validate-tables", cache_policy=NO_CACHE)
def validate_tables_task(
    settings: Settings, run_id: str, everything: bool, tables: tuple[str, ...], docs: DocsBacklog | None = None
) -> TableCounts:
    return validate_tables(settings, run_id, everything, tables, docs)


def validate_stage(
    settings: Settings,
    summary: RunSummary,
    *,
    everything: bool = False,
    tables: tuple[str, ...] = SUITE_NAMES,
    docs: DocsBacklog | None = None,
) -> TableCounts:
    """Validate stored rows; adds its counts to ``summary``. The Data Docs are built once,
    with the results ``docs`` collected earlier in the run."""
    counts = validate_tables_task(settings, summary.run_id, everything, tables, docs)
    count_validated(summary, counts)
    return counts


@flow(name="negotrack-validate")
def validate_flow(settings: Settings, everything: bool = False) -> RunSummary:
    """Validate the rows stored since the last validation (every row with ``everything``)."""
    with tracked_run(settings, str(flow_run.id), "negotrack-validate", {"all": everything}) as summary:
        validate_stage(settings, summary, everything=everything)
    return summary
