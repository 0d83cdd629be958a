"""The extract stage's task bodies, its chunking and its run-summary arithmetic.

The pending articles are extracted in chunks of ``Settings.extract_chunk`` (load, extract,
validate, store), so memory stays flat however many are pending. ``negotrack.flows.extract``
makes each function a Prefect task; with ``Settings.dask_address`` the flow submits
:func:`extract_chunk` to the Dask cluster's workers, and reading and writing the database
stay in the flow's process.
"""

from __future__ import annotations

import math

import polars as pl

from negotrack import store
from negotrack.codebook import load_codebook
from negotrack.config import DEFAULT_CODEBOOK_DIR, Settings
from negotrack.extract.batch import (
    MIN_ARTICLES_FOR_POOL,
    ExtractedBatch,
    cached_codebook,
    extract_frame,
    shared_pool,
    worker_count,
)
from negotrack.extract.load import articles_by_id, pending_articles, pending_ids, replace_statements
from negotrack.llm.backend import extract_frame_llm, extractor_version
from negotrack.llm.cache import record_failures
from negotrack.runs import RunSummary
from negotrack.stages.gate import Gated, validate_then_store
from negotrack.validate import DocsBacklog, validate_statements

IN_FLIGHT = 8
"""Chunks out on a task runner (Dask) ahead of the one being stored: bounds the memory of
the flow process, and keeps every worker busy."""


def pending(settings: Settings, everything: bool) -> pl.Series:
    """The ids of the articles to extract (all of them with ``everything``), no texts. A
    Series, not a list: Prefect would track every element of a list result."""
    codebook = load_codebook(settings.codebook)
    with store.connect(settings) as con:
        ids = pending_ids(con, extractor_version(settings, codebook), codebook.hash, everything=everything)
    return pl.Series("article_id", ids, dtype=pl.String)


def chunks(ids: pl.Series, size: int) -> list[tuple[int, pl.Series]]:
    """``ids`` cut into runs of at most ``size``, each with its offset (for the progress bar)."""
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, not {size}")
    return [(lo, ids[lo : lo + size]) for lo in range(0, len(ids), size)]


def runner_chunk_size(n_ids: int, extract_chunk: int, in_flight: int = IN_FLIGHT) -> int:
    """Articles per chunk sent to a task runner: several chunks per worker even for a small
    batch (``n_ids`` spread over ``in_flight`` chunks), at most ``extract_chunk`` each."""
    return max(1, min(extract_chunk, math.ceil(n_ids / in_flight)))


def worker_codebook(settings: Settings) -> str | None:
    """The codebook path a remote worker should load: None for the bundled codebook (the
    worker uses its own install's), else this absolute path (the worker must see it)."""
    if settings.codebook.resolve() == DEFAULT_CODEBOOK_DIR.resolve():
        return None
    return str(settings.codebook.resolve())


def extract_articles(
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


def load_articles(settings: Settings, ids: pl.Series) -> pl.DataFrame:
    """The articles ``ids``, texts included (what a remote chunk is sent)."""
    with store.connect(settings, read_only=True) as con:
        return articles_by_id(con, ids.to_list())


def extract_chunk(articles: pl.DataFrame, codebook_path: str | None, codebook_hash: str) -> ExtractedBatch:
    """Extract one chunk wherever it runs (a Dask worker): no database, one process; the
    worker loads the codebook once and checks it is the flow's."""
    return extract_frame(articles, cached_codebook(codebook_path, codebook_hash), workers=1)


def store_statements(
    batch: ExtractedBatch, settings: Settings, run_id: str, docs: DocsBacklog | None = None
) -> Gated[None]:
    """Validate the batch (``expectations/statements.json``), then store the statements that
    pass, the model's failures and the quarantined rows in one transaction (the result goes
    into ``docs`` when given, see ``gate.validate_then_store``)."""
    codebook = load_codebook(settings.codebook)
    version = extractor_version(settings, codebook)

    def store_kept(con, kept: pl.DataFrame) -> None:
        replace_statements(
            con, batch.articles, kept, run_id=run_id, extractor_version=version, codebook_hash=codebook.hash
        )
        if batch.failures is not None:  # the model failed them: recorded, left pending
            record_failures(con, batch.failures, run_id=run_id, model=settings.llm_model)

    return validate_then_store(
        settings,
        run_id,
        lambda con: validate_statements(con, batch.statements, run_id, codebook=codebook),
        store_kept,
        quarantine_extra={"extractor_version": version, "codebook_hash": codebook.hash},
        docs=docs,
    )


def count_stored(summary: RunSummary, batch: ExtractedBatch, kept: int, quarantined: int) -> None:
    """Add one stored chunk: its articles, statements (kept + quarantined), and the model's
    calls, tokens, drops and failures (``batch.counts``, the llm and hybrid extractors)."""
    summary.articles_extracted += batch.articles.height
    summary.statements += batch.statements.height
    summary.statements_kept += kept
    summary.statements_quarantined += quarantined
    summary.rows_checked += kept + quarantined
    summary.rows_quarantined += quarantined
    for name, n in (batch.counts or {}).items():
        if not isinstance(getattr(summary, name, None), int):
            raise ValueError(f"an extractor counted {name!r}, which is not a run-summary counter")
        setattr(summary, name, getattr(summary, name) + n)
