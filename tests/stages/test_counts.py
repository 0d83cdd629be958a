"""The run-summary arithmetic and the chunking of the stages, as plain functions (no Prefect,
no database): the numbers are worked out by hand in each test."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from negotrack.extract.batch import ExtractedBatch
from negotrack.ingest import IngestBatch, IngestPlan
from negotrack.ingest.load import LoadCounts
from negotrack.models import ARTICLE_SCHEMA, INGEST_ERROR_SCHEMA
from negotrack.runs import RunSummary
from negotrack.stages import extract, ingest, validate


def _batch(inputs: int, skipped_inputs: int = 0) -> IngestBatch:
    return IngestBatch(
        articles=pl.DataFrame(schema=ARTICLE_SCHEMA),
        errors=pl.DataFrame(schema=INGEST_ERROR_SCHEMA),
        inputs=inputs,
        skipped_inputs=skipped_inputs,
    )


def test_ingest_counts_add_up_over_skipped_files_chunks_and_syndicated_copies():
    summary = RunSummary(run_id="r")
    # 4 records of files read before and unchanged: known articles
    ingest.count_skipped(summary, IngestPlan(chunks=[], inputs=6, skipped_files=2, skipped_inputs=4))
    # chunk 1: 10 inputs = 5 new + 2 known + 1 file whose bytes were read before + 1 error + 1 quarantined
    ingest.count_chunk(summary, _batch(10, skipped_inputs=1),
                       ingest.StoredArticles(LoadCounts(new=5, known=2, errors=1), quarantined=1, checked=8))
    # chunk 2: 3 new
    ingest.count_chunk(summary, _batch(3), ingest.StoredArticles(LoadCounts(new=3, known=0, errors=0), 0, 3))
    # 2 of the 8 new ones are copies of stored articles
    ingest.count_syndicated(summary, 2)

    assert summary.inputs == 17
    assert (summary.articles_new, summary.articles_known, summary.articles_syndicated) == (6, 7, 2)
    assert (summary.ingest_errors, summary.articles_quarantined) == (1, 1)
    assert (summary.rows_checked, summary.rows_quarantined) == (11, 1)
    assert summary.ingest_adds_up


def test_ingest_counts_that_do_not_add_up_are_seen():
    summary = RunSummary(run_id="r")
    ingest.count_chunk(summary, _batch(5), ingest.StoredArticles(LoadCounts(new=3, known=0, errors=0), 0, 3))
    assert not summary.ingest_adds_up  # 5 inputs, 3 accounted for


def _extracted(n_articles: int, n_statements: int, counts: dict | None = None) -> ExtractedBatch:
    return ExtractedBatch(
        statements=pl.DataFrame({"statement_id": [f"s{i}" for i in range(n_statements)]}),
        articles=pl.DataFrame({"article_id": [f"a{i}" for i in range(n_articles)]}),
        counts=counts,
    )


def test_extract_counts_add_chunks_and_the_models_counters():
    summary = RunSummary(run_id="r", rows_checked=3, rows_quarantined=1)  # ingest's, before
    extract.count_stored(summary, _extracted(4, 5, {"llm_calls": 4, "llm_tokens": 900}), kept=4, quarantined=1)
    extract.count_stored(summary, _extracted(2, 0, {"llm_calls": 1, "llm_failures": 1}), kept=0, quarantined=0)

    assert (summary.articles_extracted, summary.statements) == (6, 5)
    assert (summary.statements_kept, summary.statements_quarantined) == (4, 1)
    assert (summary.rows_checked, summary.rows_quarantined) == (8, 2)
    assert (summary.llm_calls, summary.llm_tokens, summary.llm_failures) == (5, 900, 1)


def test_an_unknown_counter_from_an_extractor_is_an_error_not_a_new_attribute():
    summary = RunSummary(run_id="r")
    with pytest.raises(ValueError, match="llm_cals"):
        extract.count_stored(summary, _extracted(1, 0, {"llm_cals": 1}), kept=0, quarantined=0)


def test_validate_counts_a_validate_runs_statements_as_kept_plus_quarantined():
    summary = RunSummary(run_id="r")
    counts = validate.TableCounts(
        checked={"articles": 10, "statements": 7, "runs": 2},
        quarantined={"articles": 1, "statements": 3},
        data_docs="/tmp/docs/index.html",
    )
    validate.count_validated(summary, counts)
    assert (summary.rows_checked, summary.rows_quarantined) == (19, 4)
    assert (summary.statements, summary.statements_kept, summary.statements_quarantined) == (7, 4, 3)
    assert summary.data_docs == "/tmp/docs/index.html"


def test_validate_counts_without_statements_leave_the_statement_counters_alone():
    summary = RunSummary(run_id="r", statements=5, statements_kept=5)
    validate.count_validated(summary, validate.TableCounts(checked={"runs": 1, "ingest_errors": 2}))
    assert (summary.rows_checked, summary.rows_quarantined) == (3, 0)
    assert (summary.statements, summary.statements_kept) == (5, 5) and summary.data_docs is None


def test_chunks_cover_every_id_once_in_order_with_their_offsets():
    ids = pl.Series("article_id", ["a", "b", "c", "d", "e"])
    parts = extract.chunks(ids, 2)
    assert [lo for lo, _ in parts] == [0, 2, 4]
    assert [part.to_list() for _, part in parts] == [["a", "b"], ["c", "d"], ["e"]]
    assert extract.chunks(ids, 5)[0][1].to_list() == ["a", "b", "c", "d", "e"]
    assert extract.chunks(ids.head(0), 3) == []
    with pytest.raises(ValueError):
        extract.chunks(ids, 0)


@pytest.mark.parametrize(
    ("n_ids", "extract_chunk", "expected"),
    [
        (100, 10_000, 13),  # 100 over 8 chunks in flight: 12.5, rounded up
        (3, 10_000, 1),  # fewer ids than chunks in flight: one article each
        (0, 10_000, 1),  # nothing pending: still a valid size
        (1_000_000, 10_000, 10_000),  # capped by Settings.extract_chunk
    ],
)
def test_runner_chunk_size_spreads_a_batch_over_the_chunks_in_flight(n_ids, extract_chunk, expected):
    assert extract.IN_FLIGHT == 8
    assert extract.runner_chunk_size(n_ids, extract_chunk) == expected


def test_remote_workers_use_their_own_bundled_codebook_or_the_given_folder(settings, tmp_path):
    from negotrack.config import DEFAULT_CODEBOOK_DIR

    assert extract.worker_codebook(settings) is None
    folder = tmp_path / "my codebook"
    shutil.copytree(DEFAULT_CODEBOOK_DIR, folder)
    mine = settings.model_copy(update={"codebook": folder})
    assert extract.worker_codebook(mine) == str(folder.resolve())
