"""The Dask route: extraction chunks on a real local Dask cluster (separate worker
processes), database reads and writes in the flow's process, the same statements as
without Dask."""

from __future__ import annotations

import shutil
import uuid

import pytest

from support import DEV_CORPUS
from negotrack import store

pytestmark = pytest.mark.slow

distributed = pytest.importorskip("distributed")
pytest.importorskip("prefect_dask")

COLUMNS = (
    "statement_id, article_id, party, actor, issue, stance, hardness, stated_on, date_source, evidence, "
    "char_start, char_end, cue, rule, speaker_method, confidence, extractor_version, codebook_hash"
)


def _statements(settings) -> set[tuple]:
    with store.connect(settings, read_only=True) as con:
        return set(con.execute(f"SELECT {COLUMNS} FROM statements").fetchall())


def _extractions(settings) -> set[tuple]:
    with store.connect(settings, read_only=True) as con:
        return set(con.execute("SELECT article_id, n_statements FROM extractions").fetchall())


def test_extraction_on_a_local_dask_cluster_gives_the_same_statements(prefect_harness, tmp_path):
    import logging

    from prefect.client.orchestration import get_client

    from negotrack.flows.extract import extract_flow
    from negotrack.flows.ingest import ingest_flow
    from negotrack.flows.runners import with_task_runner
    from negotrack.config import Settings

    def settings(name: str, **extra) -> Settings:
        return Settings(db=tmp_path / f"{name}.duckdb", data_dir=tmp_path / f"data-{name}",
                        reports_dir=tmp_path / f"reports-{name}", **extra)

    local = settings("local")
    ingest_flow([str(DEV_CORPUS / "articles.jsonl")], local)
    shutil.copy(local.db, tmp_path / "dask.duckdb")  # the same articles, not extracted yet
    expected = extract_flow(local)
    assert expected.articles_extracted == 40 and expected.statements > 0

    logging.getLogger("distributed").setLevel(logging.WARNING)  # its INFO lines are noise here
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        local_directory=str(tmp_path / "dask-scratch"),
    ) as cluster:
        on_dask = settings("dask", dask_address=cluster.scheduler_address)
        with distributed.Client(cluster) as client:
            worker_pids = set(client.run(lambda: __import__("os").getpid()).values())
        summary = with_task_runner(extract_flow, on_dask)(on_dask)

    assert summary.articles_extracted == 40
    assert summary.statements == expected.statements
    assert summary.statements_kept == expected.statements_kept
    assert _statements(on_dask) == _statements(local)
    assert _extractions(on_dask) == _extractions(local)
    assert len(worker_pids) == 2

    # the chunks were separate task runs, submitted to the cluster; storing stayed in the flow
    with get_client(sync_client=True) as client:
        from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[uuid.UUID(summary.run_id)]))
        )
    names = [r.name for r in runs]
    assert sum(n.startswith("extract-chunk") for n in names) >= 2, names
    assert sum(n.startswith("store-statements") for n in names) >= 2, names
    assert all(r.state.is_completed() for r in runs)


def test_without_prefect_dask_the_dask_option_says_what_to_install(monkeypatch, settings):
    import builtins

    from negotrack.flows.runners import with_task_runner

    real_import = builtins.__import__

    def no_prefect_dask(name, *args, **kwargs):
        if name == "prefect_dask":
            raise ImportError("No module named 'prefect_dask'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_prefect_dask)
    sentinel = object()
    assert with_task_runner(sentinel, settings) is sentinel  # no address: the flow as it is
    with pytest.raises(RuntimeError, match=r"pip install"):
        with_task_runner(sentinel, settings.model_copy(update={"dask_address": "tcp://127.0.0.1:1"}))
