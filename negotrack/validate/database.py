"""Validate the rows already in the database (``negotrack validate [--all]``).

Tables are checked in dependency order: articles first, so that the statements of an
article moved to quarantine are checked (and held, as orphans) in the same pass. The
whole pass is one transaction: moved rows and their quarantine rows land together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from negotrack import store
from negotrack.validate.engine import ValidationOutcome, validate_frame
from negotrack.validate.quarantine import store_quarantine
from negotrack.validate.suites import SUITE_NAMES, load_suite


@dataclass
class DatabaseValidation:
    outcomes: list[ValidationOutcome] = field(default_factory=list)
    since: dt.datetime | None = None  # rows written after this were checked (None: all rows)

    @property
    def checked(self) -> int:
        return sum(o.checked for o in self.outcomes)

    def count(self, table: str, what: str = "quarantined") -> int:
        o = self.get(table)
        if o is None:
            return 0
        return o.checked if what == "checked" else o.quarantined.height

    def get(self, table: str) -> ValidationOutcome | None:
        return next((o for o in self.outcomes if o.table == table), None)

    @property
    def held(self) -> int:
        return sum(o.quarantined.height for o in self.outcomes if o.on_failure == "hold")


def last_validation(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """Start of the last completed validating run: rows written after it are unchecked."""
    rows = store.run_script(con, "validate/last_validation.sql")
    return rows[0][0] if rows else None


def validate_database(
    con: duckdb.DuckDBPyConnection,
    run_id: str | None,
    *,
    codebook: Any = None,
    everything: bool = False,
    tables: tuple[str, ...] = SUITE_NAMES,
    since: dt.datetime | None = None,
) -> DatabaseValidation:
    """Validate stored rows: all of them (``everything``), else those written after
    ``since`` (default: the start of the last completed validating run).

    Failing rows of held tables (articles, statements) move to ``quarantine``; failing
    rows of flagged tables (runs, ingest_errors) are recorded there and stay.
    """
    unknown = set(tables) - set(SUITE_NAMES)
    if unknown:
        raise ValueError(f"no suite for table(s) {sorted(unknown)}; known: {SUITE_NAMES}")
    if everything:
        since = None
    elif since is None:
        since = last_validation(con)
    suites = {name: load_suite(name, codebook, check=False) for name in SUITE_NAMES if name in tables}
    out = DatabaseValidation(since=since)
    held_articles = pl.DataFrame({"article_id": []}, schema={"article_id": pl.String})
    with store.transaction(con):
        for name in SUITE_NAMES:  # dependency order: articles before their statements
            if name not in tables:
                continue
            with store.registered(con, held_articles=held_articles):
                frame = store.query_frame(con, f"validate/scope_{name}.sql", {"since": since})
            outcome = validate_frame(con, name, frame, run_id, batch_mode=False, suite=suites[name])
            store_quarantine(con, outcome, run_id)
            if name == "articles":
                held_articles = outcome.quarantined.select("article_id")
            out.outcomes.append(outcome)
    return out
