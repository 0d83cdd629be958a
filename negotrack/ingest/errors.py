"""The ingest errors of a run, as the run summary lists them (no Prefect here)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from negotrack import store


@dataclass(frozen=True, slots=True)
class RunError:
    origin: str
    line: int | None
    reason: str
    detail: str

    def describe(self) -> str:
        """'/in/a.jsonl line 4: broken_json: Line 4 is not valid JSON (...)' on one line."""
        where = f"{self.origin} line {self.line}" if self.line is not None else self.origin
        return " ".join(f"{where}: {self.reason}: {self.detail}".split())


def run_errors(con: duckdb.DuckDBPyConnection, run_id: str, limit: int) -> list[RunError]:
    """The first ``limit`` ingest errors of run ``run_id``, by origin and line."""
    df = store.query_frame(con, "ingest/run_errors.sql", {"run_id": run_id, "limit": limit})
    return [RunError(**row) for row in df.iter_rows(named=True)]
