"""The validate stage: Great Expectations suites from ``expectations/`` over every batch.

Library API (no Prefect here; GX is imported lazily, only when a non-empty batch is checked):

- ``validate_articles(con, frame, run_id)`` / ``validate_statements(con, frame, run_id)``
  -> :class:`ValidationOutcome` (``kept``, ``quarantined`` with ``failed_expectations``,
  ``checked``, ``results``: the GX result). Nothing is written.
- ``store_quarantine(con, outcome, run_id)``: write the failing rows to ``quarantine``
  (in the caller's transaction, next to storing ``outcome.kept``).
- ``validate_database(con, run_id, everything=...)``: check rows already stored
  (``negotrack validate``), moving failing ones to quarantine.
- ``release(con, quarantine_id, settings)``: validate a quarantined row again and restore
  it if it passes (``negotrack quarantine --release ID``).
- ``publish_data_docs(settings, outcomes)``: GX Data Docs under ``settings.data_docs_dir``.

How the checks run: ``sql/validate/<table>.sql`` adds derived columns for what needs
other tables (the article of a statement, its text at the evidence offsets, its date), and
GX's pandas datasource evaluates every expectation of the suite on those columns
(STACK-NOTES §2: GX on DuckDB's SQL path silently checks nothing).
"""

from negotrack.validate.database import DatabaseValidation, validate_database
from negotrack.validate.docs import DocsBacklog, data_docs_index, publish_data_docs, publish_quietly
from negotrack.validate.engine import (
    FAILED,
    ValidationOutcome,
    ValidationRunError,
    expectation_label,
    validate_articles,
    validate_frame,
    validate_statements,
)
from negotrack.validate.quarantine import ReleaseResult, list_quarantine, release, store_quarantine
from negotrack.validate.suites import SUITE_NAMES, Suite, SuiteError, load_suite, load_suites

__all__ = [
    "FAILED",
    "SUITE_NAMES",
    "DatabaseValidation",
    "DocsBacklog",
    "ReleaseResult",
    "Suite",
    "SuiteError",
    "ValidationOutcome",
    "ValidationRunError",
    "data_docs_index",
    "expectation_label",
    "list_quarantine",
    "load_suite",
    "load_suites",
    "publish_data_docs",
    "publish_quietly",
    "release",
    "store_quarantine",
    "validate_articles",
    "validate_database",
    "validate_frame",
    "validate_statements",
]
