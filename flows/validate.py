"""Validate: check stored rows against the suites in expectations/ (`negotrack validate`).

New batches are validated on their way in (flows/ingest.py, flows/extract.py); this flow
checks what is already stored: rows written since the last validation, or every row with
``everything`` (after a suite or codebook change). Failing articles and statements move to
quarantine; failing runs and ingest_errors rows are flagged there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from negotrack import store
from negotrack.config import Settings
from negotrack.runs import RunSummary, tracked_run
from negotrack.validate import SUITE_NAMES, publish_quietly, validate_database


@dataclass
class TableCounts:
    checked: dict[str, int] = field(default_factory=dict)
    quarantined: dict[str, int] = field(default_factory=dict)  # held or flagged, per table
    data_docs: str | None = None


@task(name="validate-tables", cache_policy=NO_CACHE)
def validate_tables_task(
    settings: Settings, run_id: str, everything: bool, tables: tuple[str, ...]
) -> TableCounts:
    from negotrack.codebook import load_codebook

    codebook = load_codebook(settings.codebook) if {"articles", "statements"} & set(tables) else None
    with store.connect(settings) as con:
        result = validate_database(con, run_id, codebook=codebook, everything=everything, tables=tables)
    docs = publish_quietly(settings, result.outcomes)
    return TableCounts(
        checked={o.table: o.checked for o in result.outcomes},
        quarantined={o.table: o.quarantined.height for o in result.outcomes},
        data_docs=str(docs) if docs else None,
    )


def validate_stage(
    settings: Settings,
    summary: RunSummary,
    *,
    everything: bool = False,
    tables: tuple[str, ...] = SUITE_NAMES,
) -> TableCounts:
    """Validate stored rows; adds its counts to ``summary``."""
    counts = validate_tables_task(settings, summary.run_id, everything, tables)
    summary.rows_checked += sum(counts.checked.values())
    summary.rows_quarantined += sum(counts.quarantined.values())
    if "statements" in counts.checked:
        # A validate run's statements are those it checked: kept + quarantined adds up.
        summary.statements += counts.checked["statements"]
        summary.statements_quarantined += counts.quarantined.get("statements", 0)
        summary.statements_kept += counts.checked["statements"] - counts.quarantined.get("statements", 0)
    if counts.data_docs:
        summary.data_docs = counts.data_docs
    return counts


@flow(name="negotrack-validate")
def validate_flow(settings: Settings, everything: bool = False) -> RunSummary:
    """Validate the rows stored since the last validation (every row with ``everything``)."""
    with tracked_run(settings, str(flow_run.id), "negotrack-validate", {"all": everything}) as summary:
        validate_stage(settings, summary, everything=everything)
    return summary
