"""Extract: pending articles -> statements (validated before they are stored). One task per
step of ``negotrack.stages.extract``; this module only makes them Prefect tasks and a flow,
and, with ``Settings.dask_address``, submits the chunks to the flow's task runner (Dask,
see flows/runners.py)."""

from __future__ import annotations

import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from negotrack.codebook import load_codebook
from negotrack.config import Settings
from negotrack.extract.batch import ExtractedBatch, close_shared_pool
from negotrack.runs import RunSummary, extractor_params, tracked_run
from negotrack.stages import extract as stage
from negotrack.stages.gate import note_data_docs
from negotrack.validate import DocsBacklog


@task(name="pending-articles", cache_policy=NO_CACHE)
def pending_task(settings: Settings, everything: bool) -> pl.Series:
    return stage.pending(settings, everything)


@task(name="extract-statements", cache_policy=NO_CACHE)
def extract_task(
    settings: Settings,
    everything: bool = False,
    article_ids: pl.Series | list[str] | None = None,
    done: int = 0,
    total: int | None = None,
) -> ExtractedBatch:
    return stage.extract_articles(settings, everything, article_ids, done, total)


@task(name="extract-chunk", cache_policy=NO_CACHE)
def extract_chunk_task(articles: pl.DataFrame, codebook_path: str | None, codebook_hash: str) -> ExtractedBatch:
    return stage.extract_chunk(articles, codebook_path, codebook_hash)


@task(name="store-statements", cache_policy=NO_CACHE)
def store_statements_task(
    batch: ExtractedBatch, settings: Settings, run_id: str, docs: DocsBacklog | None = None
) -> tuple[int, int]:
    """Returns (kept, quarantined)."""
    gated = stage.store_statements(batch, settings, run_id, docs)
    return gated.kept, gated.quarantined


def extract_stage(
    settings: Settings, summary: RunSummary, *, everything: bool = False, docs: DocsBacklog | None = None
) -> None:
    """Extract the pending articles chunk by chunk (``Settings.extract_chunk`` articles: load,
    extract, validate, store). With ``Settings.dask_address`` the chunks run on the Dask
    cluster's workers; the model's calls (llm, hybrid) are I/O and stay here. The validation
    results go to the Data Docs at the end (with ``docs``: at the end of the caller's run)."""
    backlog = docs if docs is not None else DocsBacklog()
    ids = pending_task(settings, everything)
    try:
        if settings.dask_address and settings.extractor == "rules":
            _extract_on_task_runner(ids, settings, summary, backlog)
        else:
            for lo, part in stage.chunks(ids, settings.extract_chunk):
                _store(extract_task(settings, everything, part, lo, len(ids)), settings, summary, backlog)
    except BaseException:
        close_shared_pool(abort=True)  # a signal or an error: running chunks are not waited for
        raise
    close_shared_pool()
    if docs is None:
        backlog.publish(settings)
        note_data_docs(summary, settings)


def _store(batch: ExtractedBatch, settings: Settings, summary: RunSummary, docs: DocsBacklog) -> None:
    kept, quarantined = store_statements_task(batch, settings, summary.run_id, docs)
    stage.count_stored(summary, batch, kept, quarantined)


def _extract_on_task_runner(ids: pl.Series, settings: Settings, summary: RunSummary, docs: DocsBacklog) -> None:
    """Submit the chunks to the flow's task runner and store each result here, in order,
    with at most ``stage.IN_FLIGHT`` chunks out."""
    codebook_hash = load_codebook(settings.codebook).hash
    path = stage.worker_codebook(settings)
    parts = [part for _, part in stage.chunks(ids, stage.runner_chunk_size(len(ids), settings.extract_chunk))]
    futures = []
    for i in range(len(parts) + stage.IN_FLIGHT):
        if i < len(parts):
            futures.append(extract_chunk_task.submit(stage.load_articles(settings, parts[i]), path, codebook_hash))
        if i >= stage.IN_FLIGHT - 1 and futures:
            _store(futures.pop(0).result(), settings, summary, docs)
    for future in futures:
        _store(future.result(), settings, summary, docs)


@flow(name="negotrack-extract")
def extract_flow(settings: Settings, everything: bool = False) -> RunSummary:
    """Extract statements from articles not yet extracted with this extractor and codebook."""
    with tracked_run(settings, str(flow_run.id), "negotrack-extract", {"all": everything, **extractor_params(settings)}) as summary:
        extract_stage(settings, summary, everything=everything)
    return summary
