"""The validate stage's task body and its run-summary arithmetic (``negotrack validate``,
and the pipeline's check of the tables not validated on their way in)."""

from __future__ import annotations

from dataclasses import dataclass, field

from negotrack import store
from negotrack.config import Settings
from negotrack.runs import RunSummary
from negotrack.validate import DocsBacklog, validate_database


@dataclass
class TableCounts:
    checked: dict[str, int] = field(default_factory=dict)
    quarantined: dict[str, int] = field(default_factory=dict)  # held or flagged, per table
    data_docs: str | None = None


def validate_tables(
    settings: Settings, run_id: str, everything: bool, tables: tuple[str, ...], docs: DocsBacklog | None = None
) -> TableCounts:
    """Check the stored rows of ``tables`` (those written since the last validation, or all
    with ``everything``): failing articles and statements move to quarantine, failing runs
    and ingest_errors rows are flagged there. The results are published as Data Docs with
    what ``docs`` holds (the run's earlier batches): one build per run."""
    from negotrack.codebook import load_codebook

    codebook = load_codebook(settings.codebook) if {"articles", "statements"} & set(tables) else None
    with store.connect(settings) as con:
        result = validate_database(con, run_id, codebook=codebook, everything=everything, tables=tables)
    backlog = docs if docs is not None else DocsBacklog()
    backlog.add(result.outcomes)
    index = backlog.publish(settings)
    return TableCounts(
        checked={o.table: o.checked for o in result.outcomes},
        quarantined={o.table: o.quarantined.height for o in result.outcomes},
        data_docs=str(index) if index else None,
    )


def count_validated(summary: RunSummary, counts: TableCounts) -> None:
    """Add what was checked. A validate run's statements are those it checked, so
    kept + quarantined adds up for it as for an extract run."""
    summary.rows_checked += sum(counts.checked.values())
    summary.rows_quarantined += sum(counts.quarantined.values())
    if "statements" in counts.checked:
        quarantined = counts.quarantined.get("statements", 0)
        summary.statements += counts.checked["statements"]
        summary.statements_quarantined += quarantined
        summary.statements_kept += counts.checked["statements"] - quarantined
    if counts.data_docs:
        summary.data_docs = counts.data_docs
