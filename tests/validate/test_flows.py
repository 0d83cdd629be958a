"""Validation inside the real Prefect flows: ingest, extract, validate, and the pipeline."""

from __future__ import annotations

import json

import polars as pl
import pytest

from negotrack import store
from support import SEEDS

pytestmark = pytest.mark.slow


def _quarantine(settings) -> list[dict]:
    with store.connect(settings, read_only=True) as con:
        cur = con.execute("SELECT * FROM quarantine ORDER BY quarantine_id")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]


def _run_row(settings, run_id) -> dict:
    with store.connect(settings, read_only=True) as con:
        cur = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id])
        cols = [d[0] for d in cur.description]
        return dict(zip(cols, cur.fetchall()[0]))


def test_ingest_flow_quarantines_a_failing_article_and_stores_the_rest(prefect_harness, settings, tmp_path):
    from negotrack.flows.ingest import ingest_flow

    src = tmp_path / "batch.jsonl"
    records = [
        {"id": "ok-1", "language": "en", "published": "2025-04-12", "text": "Iran said enrichment is its right."},
        {"id": "future", "language": "en", "published": "2099-01-01", "text": "A dispatch from the future."},
        {"id": "ok-2", "language": "fr", "published": "2025-04-13", "text": "Téhéran exige la levée des sanctions."},
    ]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    summary = ingest_flow([str(src)], settings)

    assert summary.inputs == 3 and summary.articles_new == 2 and summary.articles_quarantined == 1
    assert summary.ingest_adds_up and summary.rows_checked == 3
    with store.connect(settings, read_only=True) as con:
        assert sorted(r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()) == ["ok-1", "ok-2"]
    (q,) = _quarantine(settings)
    assert q["row_key"] == "future" and q["run_id"] == summary.run_id
    assert q["failed_expectations"] == ["expect_column_values_to_be_between(published_days_ahead)"]
    assert summary.data_docs and summary.data_docs.endswith("index.html")
    assert _run_row(settings, summary.run_id)["rows_checked"] == 3


def test_store_statements_task_keeps_and_quarantines_in_one_transaction(prefect_harness, settings, rows):
    """The extract flow's storing task, on a hand-built batch (any extractor output)."""
    from negotrack.flows.extract import store_statements_task
    from negotrack.extract.batch import ExtractedBatch

    rows.ingest([rows.article("a1")])
    rows.con.close()  # the task opens its own connection
    good = rows.good_statements()
    bad = rows.statement("bad", stance="concede", hardness=1)
    frame = rows.statements_frame([good[0], bad, good[1]])
    batch = ExtractedBatch(
        statements=frame,
        articles=pl.DataFrame({"article_id": ["a1"], "n_statements": [3]}, schema={"article_id": pl.String, "n_statements": pl.Int32}),
    )
    kept, quarantined = store_statements_task.fn(batch, settings, "run-x")
    assert (kept, quarantined) == (2, 1)
    with store.connect(settings, read_only=True) as con:
        assert sorted(r[0] for r in con.execute("SELECT statement_id FROM statements").fetchall()) == ["s1", "s2"]
        assert con.execute("SELECT n_statements FROM extractions").fetchall() == [(3,)]
    (q,) = _quarantine(settings)
    assert q["failed_expectations"] == ["expect_column_values_to_be_in_set(stance_hardness)"]
    row = json.loads(q["row_json"])
    assert row["run_id"] == "run-x" and row["extractor_version"]  # a full statements row


def test_validate_flow_records_what_it_checked(prefect_harness, settings, rows):
    from negotrack.flows.validate import validate_flow

    rows.ingest([rows.article("a1")])
    frame = rows.statements_frame([*rows.good_statements(), rows.statement("s3", confidence=4.0)])
    rows.con.register("s_in", frame)
    rows.con.execute(
        "INSERT INTO statements BY NAME SELECT *, 'x' AS extractor_version, 'c' AS codebook_hash, "
        "'old' AS run_id, now()::TIMESTAMP AS extracted_at FROM s_in"
    )
    rows.con.close()

    summary = validate_flow(settings, everything=True)
    assert summary.statements == 3 and summary.statements_kept == 2 and summary.statements_quarantined == 1
    assert summary.rows_checked == 1 + 3  # the article, the statements (no finished runs before this one)
    assert summary.rows_quarantined == 1 and summary.data_docs
    row = _run_row(settings, summary.run_id)
    assert row["status"] == "completed" and row["rows_checked"] == 4 and row["statements_quarantined"] == 1
    # the run rows it wrote pass the runs suite on the next validation
    again = validate_flow(settings, everything=True)
    assert again.rows_quarantined == 0
    assert [q["table_name"] for q in _quarantine(settings)] == ["statements"]


def test_a_clean_run_over_the_seeds_quarantines_nothing(prefect_harness, settings):
    from negotrack.flows.pipeline import pipeline_flow

    summary = pipeline_flow([str(SEEDS)], settings)
    assert summary.statements > 0
    assert summary.rows_quarantined == 0 and summary.statements_quarantined == 0
    assert summary.rows_checked >= summary.inputs + summary.statements
    assert _quarantine(settings) == []
    assert summary.data_docs and (settings.data_docs_dir.resolve() / "gx").is_dir()
