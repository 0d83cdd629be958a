"""The ``quarantine`` table: store failing rows whole, list them, release fixed ones.

A *held* row (articles, statements) lives only in ``quarantine`` until released; a
*flagged* row (runs, ingest_errors) stays in its table too. ``row_json`` is the full row
as it would have been stored (columns the batch did not carry, such as ``run_id`` or
``extracted_at``, are filled in), so a release restores it exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from negotrack import store
from negotrack.config import Settings
from negotrack.validate.engine import FAILED, ValidationOutcome, validate_frame
from negotrack.validate.suites import load_suite

ROWID = "_rowid"  # DuckDB rowid of a row validated in place


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, type) of ``table``'s columns, in order."""
    return [(r[0], r[1]) for r in store.run_script(con, "validate/table_columns.sql", {"table": table})]


def _volatile(name: str, type_: str) -> bool:
    """Columns that differ between two runs storing the same row."""
    return name == "run_id" or (type_.startswith("TIMESTAMP") and name.endswith("_at"))


def _full_rows(
    frame: pl.DataFrame, columns: list[tuple[str, str]], run_id: str | None, extra: dict[str, Any]
) -> pl.DataFrame:
    """``frame`` with every table column; missing ones from ``extra``, the run, or now."""
    now = dt.datetime.now()
    adds = []
    for name, type_ in columns:
        if name in frame.columns:
            continue
        if name in extra:
            value = extra[name]
        elif name == "run_id":
            value = run_id
        elif _volatile(name, type_):
            value = now
        else:
            value = None
        adds.append(pl.lit(value).alias(name))
    return frame.with_columns(adds) if adds else frame


def store_quarantine(
    con: duckdb.DuckDBPyConnection,
    outcome: ValidationOutcome,
    run_id: str | None,
    *,
    extra: dict[str, Any] | None = None,
) -> int:
    """Write ``outcome.quarantined`` to ``quarantine``; returns the rows written.

    Rows validated in place (``batch_mode=False``) whose suite holds them are also deleted
    from their table (by rowid, so exactly the failing rows move). Run it inside the
    caller's transaction, together with storing ``outcome.kept``.
    """
    bad = outcome.quarantined
    if bad.height == 0:
        return 0
    suite = outcome.suite
    columns = table_columns(con, suite.table)
    if not columns:
        raise RuntimeError(f"table {suite.table!r} does not exist")
    full = _full_rows(bad, columns, run_id, extra or {})
    stable = [name for name, type_ in columns if not _volatile(name, type_)]
    rows = full.select(
        pl.int_range(pl.len()).alias("_ord"),
        pl.col(suite.key).cast(pl.String).alias("row_key"),
        pl.struct([name for name, _ in columns]).alias("row"),
        pl.struct(stable).alias("stable"),
        pl.col(FAILED),
    )
    disposition = "held" if suite.on_failure == "hold" else "flagged"
    with store.registered(con, quarantine_rows=rows):
        written = store.run_script(
            con,
            "validate/quarantine_insert.sql",
            {"table_name": suite.table, "disposition": disposition, "run_id": run_id},
        )
    if disposition == "held" and not outcome.batch_mode:
        with store.registered(con, held_rows=bad.select(ROWID, suite.key)):
            store.run_script(con, f"validate/hold_{suite.table}.sql")
        if suite.table == "articles":  # copies of a held original: check them again now
            from negotrack import syndication

            syndication.mark_syndicated(con)
    return int(written[0][0]) if written else 0


def list_quarantine(con: duckdb.DuckDBPyConnection, *, include_released: bool = False) -> pl.DataFrame:
    return store.query_frame(con, "validate/quarantine_list.sql", {"include_released": include_released})


@dataclass
class ReleaseResult:
    quarantine_id: int
    released: bool
    message: str
    table: str | None = None
    row_key: str | None = None
    failed_expectations: list[str] = field(default_factory=list)
    outcome: ValidationOutcome | None = None


def _quarantined_row(con: duckdb.DuckDBPyConnection, table: str, quarantine_id: int) -> pl.DataFrame:
    """The stored ``row_json`` as a one-row frame typed like ``table``."""
    import json

    structure = json.dumps({name: type_ for name, type_ in table_columns(con, table)})
    return con.sql(
        "SELECT unnest(json_transform(row_json, $structure)) FROM quarantine WHERE quarantine_id = $id",
        params={"structure": structure, "id": quarantine_id},
    ).pl()


def release(
    con: duckdb.DuckDBPyConnection,
    quarantine_id: int,
    settings: Settings | None = None,
    *,
    codebook: Any = None,
    run_id: str | None = None,
) -> ReleaseResult:
    """Validate quarantined row ``quarantine_id`` again (current suites, codebook, data) and,
    if it passes, restore it to its table and mark it released; else say what still fails.

    A released article has no ``extractions`` row, so the next extract run picks it up.
    """
    found = con.execute(
        "SELECT table_name, row_key, disposition, released_at FROM quarantine WHERE quarantine_id = ?",
        [quarantine_id],
    ).fetchall()
    if not found:
        return ReleaseResult(quarantine_id, False, f"No quarantined row with id {quarantine_id}.")
    table, row_key, disposition, released_at = found[0]
    if released_at is not None:
        return ReleaseResult(
            quarantine_id, False, f"Row {quarantine_id} was already released on {released_at:%Y-%m-%d %H:%M}.",
            table, row_key,
        )
    if codebook is None and settings is not None and table in ("articles", "statements"):
        from negotrack.codebook import load_codebook

        codebook = load_codebook(settings.codebook)
    suite = load_suite(table, codebook)
    if disposition == "flagged":
        current = con.sql(
            f'SELECT rowid AS _rowid, * FROM "{suite.table}" WHERE "{suite.key}" = $key', params={"key": row_key}
        ).pl()
        if current.height == 0:
            return ReleaseResult(
                quarantine_id, False, f"{table} has no row {row_key!r} any more; nothing to check.", table, row_key
            )
        outcome = validate_frame(con, table, current, run_id, batch_mode=False, suite=suite)
    else:
        current = _quarantined_row(con, table, quarantine_id)
        outcome = validate_frame(con, table, current, run_id, batch_mode=True, suite=suite)
    if outcome.quarantined.height:
        failed = sorted({lab for labels in outcome.quarantined[FAILED].to_list() for lab in labels})
        return ReleaseResult(
            quarantine_id, False,
            f"Row {quarantine_id} ({table} {row_key}) still fails: " + "; ".join(failed),
            table, row_key, failed, outcome,
        )
    with store.transaction(con):
        if disposition == "flagged":
            store.run_script(con, "validate/release_flagged.sql", {"quarantine_id": quarantine_id})
            message = f"Row {quarantine_id} ({table} {row_key}) passes now; flag cleared."
        else:
            present = con.execute(
                f'SELECT count(*) FROM "{suite.table}" WHERE "{suite.key}" = ?', [row_key]
            ).fetchall()[0][0]
            with store.registered(con, release_row=current):
                store.run_script(con, f"validate/release_{table}.sql", {"quarantine_id": quarantine_id})
            if table == "articles":  # back in articles: check it for syndicated copies like any new one
                from negotrack import syndication

                syndication.mark_syndicated(con)
            if present:
                message = f"Row {quarantine_id} passes; {table} already has {row_key!r}, so it was marked released without a second copy."
            else:
                message = f"Row {quarantine_id} restored to {table} ({row_key})."
                if table == "articles":
                    message += " It is pending: the next `negotrack extract` extracts it."
    return ReleaseResult(quarantine_id, True, message, table, row_key, [], outcome)
