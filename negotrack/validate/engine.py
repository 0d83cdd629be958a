"""Run a suite over a batch: SQL for the derived columns, Great Expectations for the checks.

The path (STACK-NOTES §0.3, §2): the batch (a Polars frame) is registered in DuckDB, the
table's ``sql/validate/<table>.sql`` adds the derived columns that need other tables
(does the article exist, is the evidence at its offsets, ...), the columns the suite reads
go to pandas, and GX's pandas datasource validates them in an ephemeral context. Failing
rows are found by the surrogate ``_row_id`` (``unexpected_index_column_names``) and every
failing row is accounted for: an expectation that fails without naming its rows fails the
whole batch, and one that raised is an error, never a pass.

Great Expectations is imported here, inside the functions, and only for a non-empty
batch: its import costs ~2 s.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from negotrack import store
from negotrack.validate.suites import Suite, SuiteError, check_suite, load_suite

ROW_ID = "_row_id"
FAILED = "failed_expectations"
RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ROW_ID],
    # Without this GX stops listing failing rows after a few (STACK-NOTES §2).
    "partial_unexpected_count": 10**9,
}


class ValidationRunError(RuntimeError):
    """GX could not evaluate an expectation, or did not account for every failing row."""


@dataclass
class ValidationOutcome:
    """One batch through one suite.

    ``kept`` has the input's columns; ``quarantined`` has them plus ``failed_expectations``
    (list of labels such as ``expect_column_values_to_be_in_set(stance)``).
    """

    table: str
    kept: pl.DataFrame
    quarantined: pl.DataFrame
    checked: int
    suite: Suite
    batch_mode: bool = True
    results: Any = None  # great_expectations ExpectationSuiteValidationResult; None for an empty batch
    failures: dict[str, int] = field(default_factory=dict)  # label -> failing rows

    @property
    def success(self) -> bool:
        return self.quarantined.height == 0

    @property
    def on_failure(self) -> str:
        return self.suite.on_failure


def expectation_label(type_: str, kwargs: dict[str, Any]) -> str:
    """``type(column, ...)``: what failed, readable in a table cell."""
    cols = [kwargs[k] for k in ("column", "column_A", "column_B") if isinstance(kwargs.get(k), str)]
    for k in ("column_list", "column_set"):
        if isinstance(kwargs.get(k), list):
            cols.extend(str(c) for c in kwargs[k])
    return f"{type_}({', '.join(cols)})"


def validate_frame(
    con: duckdb.DuckDBPyConnection,
    suite_name: str,
    frame: pl.DataFrame,
    run_id: str | None = None,
    *,
    codebook: Any = None,
    batch_mode: bool = True,
    suite: Suite | None = None,
) -> ValidationOutcome:
    """Validate ``frame`` against ``expectations/<suite_name>.json``; nothing is written.

    ``codebook`` fills the suite's codebook value sets (default: the packaged codebook).
    ``batch_mode`` is true for rows about to be stored, false for rows already in the table
    (``negotrack validate``). ``con`` is only read (the cross-table checks).
    """
    if suite is None:
        # GX-level checks of the suite happen in run_suite, only for a non-empty batch
        # (GX's import costs ~2 s); the file is read and its codebook sets filled here.
        suite = load_suite(suite_name, codebook, check=False)
    if frame.height == 0:
        empty = frame.with_columns(pl.lit(None, pl.List(pl.String)).alias(FAILED)).clear()
        return ValidationOutcome(suite.table, frame, empty, 0, suite, batch_mode)

    indexed = frame.with_row_index(ROW_ID)
    with store.registered(con, validate_batch=indexed):
        derived = store.query_frame(con, f"validate/{suite.table}.sql", {"batch_mode": batch_mode})
    if derived.height != indexed.height:
        raise ValidationRunError(
            f"sql/validate/{suite.table}.sql returned {derived.height} rows for {indexed.height}: one row in, one row out"
        )
    columns = suite.columns()
    missing = [c for c in columns if c not in derived.columns]
    if missing:
        raise SuiteError(
            f"Expectation suite {suite.path} reads column(s) {missing} that neither the {suite.table} "
            f"rows nor sql/validate/{suite.table}.sql provide"
        )
    pdf = derived.select(ROW_ID, *columns).to_pandas()
    results = run_suite(suite, pdf, run_id)
    bad, failures = failing_rows(suite, results, derived[ROW_ID])

    bad_frame = pl.DataFrame(
        {ROW_ID: list(bad), FAILED: list(bad.values())},
        schema={ROW_ID: indexed.schema[ROW_ID], FAILED: pl.List(pl.String)},
    )
    quarantined = indexed.join(bad_frame, on=ROW_ID, how="inner", maintain_order="left").drop(ROW_ID)
    kept = indexed.join(bad_frame, on=ROW_ID, how="anti", maintain_order="left").drop(ROW_ID)
    return ValidationOutcome(
        suite.table, kept, quarantined, frame.height, suite, batch_mode, results, failures
    )


def quiet_gx_logging() -> None:
    """GX logs routine INFO lines ("Created temporary directory ..." for every context);
    keep them out of the run's output unless the user chose a level. Call after importing
    GX: one of its modules sets its own logger to INFO on import."""
    logger = logging.getLogger("great_expectations")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)
    chatty = logging.getLogger("great_expectations.data_context.types.base")
    if chatty.level == logging.INFO:  # GX's hard-coded level, not a user's choice
        chatty.setLevel(logging.NOTSET)


def run_suite(suite: Suite, pdf, run_id: str | None = None):
    """Validate a pandas frame with a fresh ephemeral GX context; returns the GX result."""
    import great_expectations as gx

    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig

    quiet_gx_logging()
    check_suite(suite.definition, suite.path)
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    batch_definition = (
        ctx.data_sources.add_pandas("negotrack")
        .add_dataframe_asset(suite.table)
        .add_batch_definition_whole_dataframe("batch")
    )
    gx_suite = ctx.suites.add(gx.ExpectationSuite(**copy.deepcopy(suite.definition)))
    if len(gx_suite.expectations) != len(suite.expectations):
        raise SuiteError(f"Broken expectation suite {suite.path}: GX kept {len(gx_suite.expectations)} of {len(suite.expectations)} expectations")
    vd = gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=gx_suite)
    run = RunIdentifier(run_name=run_id or "negotrack", run_time=dt.datetime.now(dt.timezone.utc))
    return vd.run(batch_parameters={"dataframe": pdf}, result_format=RESULT_FORMAT, run_id=run)


def _raised(exception_info: Any) -> str | None:
    """The message of an exception GX caught while evaluating, if any."""
    if not isinstance(exception_info, dict):
        return None
    if exception_info.get("raised_exception"):
        return str(exception_info.get("exception_message") or "error")
    for value in exception_info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message") or "error")
    return None


def failing_rows(suite: Suite, results, row_ids: pl.Series) -> tuple[dict[int, list[str]], dict[str, int]]:
    """Row id -> labels of the expectations it failed (in suite order); label -> row count."""
    if len(results.results) != len(suite.expectations):
        raise ValidationRunError(
            f"{suite.path}: GX returned {len(results.results)} results for {len(suite.expectations)} expectations"
        )
    order = {expectation_label(e["type"], e["kwargs"]): i for i, e in enumerate(suite.expectations)}
    everyone = [int(v) for v in row_ids.to_list()]
    hits: dict[int, list[str]] = {}
    failures: dict[str, int] = {}
    for r in results.results:
        cfg = r.expectation_config
        label = expectation_label(cfg.type, dict(cfg.kwargs))
        message = _raised(r.exception_info)
        if message is not None:
            raise ValidationRunError(f"{suite.path}: {label} could not be evaluated: {message}")
        if r.success:
            continue
        index_list = (r.result or {}).get("unexpected_index_list")
        count = (r.result or {}).get("unexpected_count")
        if index_list is None:  # a table-level expectation: the whole batch fails it
            rows = everyone
        else:
            rows = sorted({int(item[ROW_ID]) for item in index_list})
            if count is not None and len(rows) < int(count):
                raise ValidationRunError(
                    f"{suite.path}: {label}: GX named {len(rows)} of {int(count)} failing rows"
                )
            if not rows:
                rows = everyone
        failures[label] = failures.get(label, 0) + len(rows)
        for row in rows:
            hits.setdefault(row, []).append(label)
    for labels in hits.values():
        labels.sort(key=lambda lab: order.get(lab, len(order)))
    return hits, failures


def validate_statements(
    con: duckdb.DuckDBPyConnection,
    frame: pl.DataFrame,
    run_id: str | None = None,
    *,
    codebook: Any = None,
    batch_mode: bool = True,
) -> ValidationOutcome:
    """Validate statements (``statement_id`` + ``models.STATEMENT_SCHEMA``) against the
    stored articles and the codebook."""
    return validate_frame(con, "statements", frame, run_id, codebook=codebook, batch_mode=batch_mode)


def validate_articles(
    con: duckdb.DuckDBPyConnection,
    frame: pl.DataFrame,
    run_id: str | None = None,
    *,
    codebook: Any = None,
    batch_mode: bool = True,
) -> ValidationOutcome:
    """Validate articles (``models.ARTICLE_SCHEMA``) before they are stored."""
    return validate_frame(con, "articles", frame, run_id, codebook=codebook, batch_mode=batch_mode)
