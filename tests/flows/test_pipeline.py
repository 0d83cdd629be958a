"""The real Prefect flows, run by Prefect (test server), on the seeds and the dev corpus."""

from __future__ import annotations

import importlib.util
import io
import json
import uuid
from contextlib import redirect_stdout

import pytest

from support import DEV_CORPUS, SEEDS
from negotrack import store

pytestmark = pytest.mark.slow


def _run_row(settings, run_id):
    with store.connect(settings, read_only=True) as con:
        cols = [d[0] for d in con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]).description]
        rows = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]).fetchall()
    assert len(rows) == 1
    return dict(zip(cols, rows[0]))


def test_pipeline_on_seeds_is_a_prefect_flow_run_that_adds_up(prefect_harness, settings):
    from prefect.client.orchestration import get_client

    from negotrack.flows.pipeline import pipeline_flow

    summary = pipeline_flow([str(SEEDS)], settings)
    n_files = len(list(SEEDS.iterdir()))
    assert summary.inputs == n_files
    assert summary.articles_new == n_files
    assert summary.ingest_adds_up
    assert summary.statements > 0
    assert summary.statements == summary.statements_kept + summary.statements_quarantined

    row = _run_row(settings, summary.run_id)
    assert row["status"] == "completed" and row["flow_name"] == "negotrack-pipeline"
    assert row["articles_new"] == n_files and row["statements"] == summary.statements
    # the run is a real flow run known to the Prefect API
    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(uuid.UUID(summary.run_id))
    assert flow_run.state.is_completed()

    # a second run over unchanged input does nothing
    again = pipeline_flow([str(SEEDS)], settings)
    assert again.articles_new == 0 and again.articles_known == n_files
    assert again.articles_extracted == 0 and again.statements == 0


def test_seed_article_date_is_inferred_from_its_text(prefect_harness, settings):
    from negotrack.flows.ingest import ingest_flow

    ingest_flow([str(SEEDS / "000_8c9efbd2f6262e81.txt")], settings)
    with store.connect(settings, read_only=True) as con:
        published, source = con.execute("SELECT published, published_source FROM articles").fetchall()[0]
    assert source == "text"
    assert published.isoformat() in {"2026-02-06", "2026-02-07"}


def _score(gold_dir, predictions_path) -> str:
    spec = importlib.util.spec_from_file_location("score", DEV_CORPUS.parent.parent / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    buf = io.StringIO()
    with redirect_stdout(buf):
        score.main([str(gold_dir), str(predictions_path), "--json"])
    return json.loads(buf.getvalue())


def test_dev_corpus_through_the_real_flow_meets_the_quality_bars(prefect_harness, settings, tmp_path):
    from negotrack.flows.pipeline import pipeline_flow

    summary = pipeline_flow([str(DEV_CORPUS / "articles.jsonl")], settings)
    assert summary.articles_new == 40 and summary.ingest_errors == 0
    with store.connect(settings, read_only=True) as con:
        positions = store.query_frame(con, "export/positions.sql")
    out = tmp_path / "positions.jsonl"
    positions.write_ndjson(out)
    report = _score(DEV_CORPUS, out)
    f1 = report["facets"]["all"]["all"]["f1"]
    by_lang = {k: v["f1"] for k, v in report["facets"]["language"].items()}
    assert f1 >= 0.85, report["facets"]["all"]
    assert min(by_lang.values()) >= 0.75, by_lang
    assert report["actor_accuracy"] >= 0.90
    assert report["date_accuracy"] >= 0.90
