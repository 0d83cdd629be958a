"""Validate, then store what passed and quarantine the rest: the gate every batch crosses.

Both the ingest and the extract stage run it (articles, statements). Validation is CPU work
(Great Expectations), so it runs on a read-only connection, which analysts' read-only
queries can share; the write lock is held only to store. The kept rows and the quarantined
ones land in one transaction: a crash leaves neither. The Data Docs are written after the
data is stored (or collected in a run's ``DocsBacklog`` and written once at its end), and a
failure to write them does not fail the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import duckdb
import polars as pl

from negotrack import store
from negotrack.config import Settings
from negotrack.runs import RunSummary
from negotrack.validate import DocsBacklog, ValidationOutcome, data_docs_index, publish_quietly, store_quarantine

T = TypeVar("T")


@dataclass(frozen=True)
class Gated(Generic[T]):
    """What crossed the gate: ``stored`` is what the store function returned."""

    stored: T
    outcome: ValidationOutcome

    @property
    def kept(self) -> int:
        return self.outcome.kept.height

    @property
    def quarantined(self) -> int:
        return self.outcome.quarantined.height

    @property
    def checked(self) -> int:
        return self.outcome.checked


def validate_then_store(
    settings: Settings,
    run_id: str,
    validate: Callable[[duckdb.DuckDBPyConnection], ValidationOutcome],
    store_kept: Callable[[duckdb.DuckDBPyConnection, pl.DataFrame], T],
    *,
    quarantine_extra: dict[str, Any] | None = None,
    docs: DocsBacklog | None = None,
) -> Gated[T]:
    """``validate(con)`` on a read-only connection; then, in one transaction,
    ``store_kept(con, outcome.kept)`` and the failing rows into ``quarantine`` (with
    ``quarantine_extra`` columns added to their stored JSON). The result goes to the Data
    Docs now, or into ``docs`` for the run to publish at its end."""
    with store.connect(settings, read_only=True) as con:
        outcome = validate(con)
    with store.connect(settings) as con, store.transaction(con):
        stored = store_kept(con, outcome.kept)
        store_quarantine(con, outcome, run_id, extra=quarantine_extra)
    if docs is None:
        publish_quietly(settings, [outcome])
    else:
        docs.add([outcome])
    return Gated(stored, outcome)


def note_data_docs(summary: RunSummary, settings: Settings) -> None:
    """Point the summary at the Data Docs index page once rows were validated and the page
    exists (a failure to write it is not an error: see ``publish_quietly``)."""
    if summary.rows_checked and data_docs_index(settings).exists():
        summary.data_docs = str(data_docs_index(settings))
