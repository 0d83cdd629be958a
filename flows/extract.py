"""Extract: pending articles -> statements (validated before they are stored)."""

from __future__ import annotations

import math

import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from negotrack import store
from negotrack.codebook import load_codebook
from negotrack.config import Settings
from negotrack.extract.batch import (
    MIN_ARTICLES_FOR_POOL,
    ExtractedBatch,
    cached_codebook,
    close_shared_pool,
    extract_frame,
    shared_pool,
    worker_count,
)
from negotrack.extract.load import articles_by_id, pending_articles, pending_ids, replace_statements
from negotrack.llm.backend import extract_frame_llm, extractor_version
from negotrack.llm.cache import record_failures
from negotrack.runs import RunSummary, tracked_run
from negotrack.validate import data_docs_index, publish_quietly, store_quarantine, validate_statements


@task(name="pending-articles", cache_policy=NO_CACHE)
def pending_task(settings: Settings, everything: bool) -> pl.Series:
    """The ids of the articles to extract (all of them with ``everything``), no texts. A
    Series, not a list: Prefect would track every element of a list result."""
    codebook = load_codebook(settings.codebook)
    with store.connect(settings) as con:
        ids = pending_ids(con, extractor_version(settings, codebook), codebook.hash, everything=everything)
    return pl.Series("article_id", ids, dtype=pl.String)


@task(name="extract-statements", cache_policy=NO_CACHE)
def extract_task(
    settings: Settings,
    everything: bool = False,
    article_ids: pl.Series | list[str] | None = None,
    done: int = 0,
    total: int | None = None,
) -> ExtractedBatch:
    """Extract the articles ``article_ids`` (default: every pending one) on this machine's
    cores, through the process's extraction pool (started once per run), or with the
    model (``Settings.extractor`` llm or hybrid: negotrack/llm/backend.py)."""
    codebook = load_codebook(settings.codebook)
    with store.connect(settings) as con:
        if article_ids is None:
            version = extractor_version(settings, codebook)
            articles = pending_articles(con, version, codebook.hash, everything=everything)
        else:
            articles = articles_by_id(con, list(article_ids))
    if settings.extractor != "rules":
        return extract_frame_llm(articles, codebook, settings, progress_done=done, progress_total=total)
    n = worker_count(settings.workers)
    pool = shared_pool(n, settings.codebook) if n > 1 and articles.height >= MIN_ARTICLES_FOR_POOL else None
    return extract_frame(
        articles,
        codebook,
        codebook_path=settings.codebook,
        workers=settings.workers,
        chunk_size=settings.batch_size,
        pool=pool,
        progress_done=done,
        progress_total=total,
    )


@task(name="extract-chunk", cache_policy=NO_CACHE)
def extract_chunk_task(articles: pl.DataFrame, codebook_path: str | None, codebook_hash: str) -> ExtractedBatch:
    """Extract one chunk wherever the task runner runs it (a Dask worker): no database,
    one process; the worker loads the codebook once and checks it is the flow's."""
    return extract_frame(articles, cached_codebook(codebook_path, codebook_hash), workers=1)


@task(name="store-statements", cache_policy=NO_CACHE)
def store_statements_task(batch: ExtractedBatch, settings: Settings, run_id: str) -> tuple[int, int]:
    """Validate the batch (expectations/statements.json), then store the statements that
    pass and quarantine the others in one transaction; returns (kept, quarantined)."""
    codebook = load_codebook(settings.codebook)
    version = extractor_version(settings, codebook)
    # Validation is CPU work (Great Expectations): do it on a read-only connection, which
    # analysts' read-only queries can share, and hold the write lock only to store.
    with store.connect(settings, read_only=True) as con:
        outcome = validate_statements(con, batch.statements, run_id, codebook=codebook)
    with store.connect(settings) as con:
        with store.transaction(con):
            replace_statements(
                con,
                batch.articles,
                outcome.kept,
                run_id=run_id,
                extractor_version=version,
                codebook_hash=codebook.hash,
            )
            if batch.failures is not None:  # the model failed them: recorded, left pending
                record_failures(con, batch.failures, run_id=run_id, model=settings.llm_model)
            store_quarantine(
                con,
                outcome,
                run_id,
                extra={"extractor_version": version, "codebook_hash": codebook.hash},
            )
    publish_quietly(settings, [outcome])
    return outcome.kept.height, outcome.quarantined.height


def extract_stage(settings: Settings, summary: RunSummary, *, everything: bool = False) -> None:
    """Extract the pending articles chunk by chunk (``Settings.extract_chunk`` articles: load,
    extract, validate, store), so memory stays flat however many are pending. With
    ``Settings.dask_address`` the chunks run on the Dask cluster's workers (the flow's task
    runner, see flows/runners.py); reading and writing the database stay in this process."""
    ids = pending_task(settings, everything)
    try:
        if settings.dask_address and settings.extractor == "rules":  # the model's calls are I/O: here
            _extract_on_task_runner(ids, settings, summary)
        else:
            size = settings.extract_chunk
            for lo in range(0, len(ids), size):
                batch = extract_task(settings, everything, ids[lo : lo + size], lo, len(ids))
                _store(batch, settings, summary)
    except BaseException:
        close_shared_pool(abort=True)  # a signal or an error: running chunks are not waited for
        raise
    close_shared_pool()
    if summary.rows_checked and data_docs_index(settings).exists():
        summary.data_docs = str(data_docs_index(settings))


def _store(batch: ExtractedBatch, settings: Settings, summary: RunSummary) -> None:
    kept, quarantined = store_statements_task(batch, settings, summary.run_id)
    summary.articles_extracted += batch.articles.height
    summary.statements += batch.statements.height
    summary.statements_kept += kept
    summary.statements_quarantined += quarantined
    summary.rows_checked += kept + quarantined
    summary.rows_quarantined += quarantined
    for name, n in (batch.counts or {}).items():  # the model's calls, tokens, drops and failures
        setattr(summary, name, getattr(summary, name) + n)


IN_FLIGHT = 8  # chunks submitted to the task runner ahead of the one being stored


def _extract_on_task_runner(ids: pl.Series, settings: Settings, summary: RunSummary) -> None:
    """Submit the chunks to the flow's task runner (Dask) and store each result here, in
    order, with at most IN_FLIGHT chunks out (memory of the flow process stays bounded)."""
    from negotrack.config import DEFAULT_CODEBOOK_DIR

    codebook = load_codebook(settings.codebook)
    bundled = settings.codebook.resolve() == DEFAULT_CODEBOOK_DIR.resolve()
    path = None if bundled else str(settings.codebook.resolve())  # workers use their own install's
    # several chunks per worker even for a small batch, at most extract_chunk articles each
    size = max(1, min(settings.extract_chunk, math.ceil(len(ids) / IN_FLIGHT)))
    parts = [ids[lo : lo + size] for lo in range(0, len(ids), size)]
    futures = []
    for i in range(len(parts) + IN_FLIGHT):
        if i < len(parts):
            with store.connect(settings, read_only=True) as con:
                articles = articles_by_id(con, parts[i].to_list())
            futures.append(extract_chunk_task.submit(articles, path, codebook.hash))
        if i >= IN_FLIGHT - 1 and futures:
            _store(futures.pop(0).result(), settings, summary)
    for future in futures:
        _store(future.result(), settings, summary)


@flow(name="negotrack-extract")
def extract_flow(settings: Settings, everything: bool = False) -> RunSummary:
    """Extract statements from articles not yet extracted with this extractor and codebook."""
    with tracked_run(settings, str(flow_run.id), "negotrack-extract", {"all": everything}) as summary:
        extract_stage(settings, summary, everything=everything)
    return summary
