"""The gate every batch crosses (negotrack.stages): validate, then store what passed and
quarantine the rest in one transaction. Real DuckDB file, real suites, no Prefect."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from negotrack import store
from negotrack.extract.batch import ExtractedBatch
from negotrack.ingest import IngestBatch
from negotrack.ingest.load import store_batch
from negotrack.models import INGEST_ERROR_SCHEMA
from negotrack.stages import extract, ingest
from negotrack.stages.gate import validate_then_store
from negotrack.validate import validate_articles


def _table(settings, sql: str) -> list[tuple]:
    with store.connect(settings, read_only=True) as con:
        return con.execute(sql).fetchall()


def _ingest_batch(rows, records: list[dict]) -> IngestBatch:
    return IngestBatch(
        articles=rows.articles_frame(records), errors=pl.DataFrame(schema=INGEST_ERROR_SCHEMA), inputs=len(records)
    )


def test_store_articles_keeps_the_valid_ones_and_quarantines_the_rest(settings, rows):
    rows.con.close()  # the stage opens its own connections
    future = rows.article("future", text="A dispatch from the future.", published=dt.date(2099, 1, 1))
    batch = _ingest_batch(rows, [rows.article("a1"), future, rows.article("a2", text="Iran said no.")])

    stored = ingest.store_articles(batch, settings, "run-1")

    assert (stored.counts.new, stored.counts.known, stored.quarantined, stored.checked) == (2, 0, 1, 3)
    assert _table(settings, "SELECT article_id FROM articles ORDER BY 1") == [("a1",), ("a2",)]
    assert _table(settings, "SELECT table_name, row_key, run_id FROM quarantine") == [("articles", "future", "run-1")]


def test_store_statements_keeps_the_valid_ones_and_records_the_extractor(settings, rows):
    rows.ingest([rows.article("a1")])
    rows.con.close()
    good = rows.good_statements()
    bad = rows.statement("bad", stance="concede", hardness=1)  # concede is soft: hardness must be -1
    batch = ExtractedBatch(
        statements=rows.statements_frame([good[0], bad, good[1]]),
        articles=pl.DataFrame({"article_id": ["a1"], "n_statements": [3]},
                              schema={"article_id": pl.String, "n_statements": pl.Int32}),
    )

    gated = extract.store_statements(batch, settings, "run-2")

    assert (gated.kept, gated.quarantined, gated.checked) == (2, 1, 3)
    assert _table(settings, "SELECT statement_id FROM statements ORDER BY 1") == [("s1",), ("s2",)]
    ((row_json, failed),) = _table(settings, "SELECT row_json, failed_expectations FROM quarantine")
    assert failed == ["expect_column_values_to_be_in_set(stance_hardness)"]
    quarantined = json.loads(row_json)
    assert quarantined["statement_id"] == "bad" and quarantined["codebook_hash"] == rows.codebook.hash


def test_a_crash_while_storing_leaves_neither_the_kept_rows_nor_the_quarantine(settings, rows):
    rows.con.close()
    future = rows.article("future", text="A dispatch from the future.", published=dt.date(2099, 1, 1))
    frame = rows.articles_frame([rows.article("a1"), future])

    def store_then_fail(con, kept: pl.DataFrame) -> None:
        counts = store_batch(con, IngestBatch(kept, pl.DataFrame(schema=INGEST_ERROR_SCHEMA), kept.height), "run-3")
        assert counts.new == 1  # stored, inside the gate's transaction
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        validate_then_store(
            settings, "run-3", lambda con: validate_articles(con, frame, "run-3", codebook=rows.codebook),
            store_then_fail,
        )
    assert _table(settings, "SELECT count(*) FROM articles") == [(0,)]
    assert _table(settings, "SELECT count(*) FROM quarantine") == [(0,)]


def test_a_runs_batches_reach_the_data_docs_together_at_its_end(settings, rows):
    """A run collects each gate's result and builds the Data Docs once (a build costs the
    same for one result as for ten); until then nothing is written, and then every batch
    has its page."""
    from negotrack.validate import DocsBacklog, data_docs_index

    rows.con.close()
    backlog = DocsBacklog()
    for n in range(3):
        batch = _ingest_batch(rows, [rows.article(f"a{n}", text=f"Round {n}: Iran said no to the demand.")])
        stored = ingest.store_articles(batch, settings, f"run-{n}", docs=backlog)
        assert stored.counts.new == 1  # stored at once; only the docs wait

    assert len(backlog) == 3
    assert not data_docs_index(settings).exists()
    assert backlog.publish(settings) == data_docs_index(settings)
    assert len(backlog) == 0
    pages = list((data_docs_index(settings).parent / "validations").rglob("*.html"))
    assert len(pages) == 3, pages
