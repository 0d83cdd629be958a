"""The extract stage over a batch: articles frame in, statements frame out, on all cores.

``extract_article`` is pure Python and CPU-bound, so large batches are split into chunks
and sent to worker processes (spawned, not forked: the parent runs Prefect's threads,
and forking a threaded process can deadlock). Small batches stay in-process, where a
worker's start-up would cost more than it saves.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path

import polars as pl

from negotrack import progress
from negotrack.models import STATEMENT_SCHEMA, Article, Statement

# Below this many articles a process pool costs more than it saves (spawn + codebook load).
MIN_ARTICLES_FOR_POOL = 400

ArticleRow = tuple[str, str, str, date]  # article_id, text, language, published
STATEMENT_COLUMNS = ["statement_id", *STATEMENT_SCHEMA]


@dataclass(frozen=True)
class ExtractedBatch:
    """Statements of a batch plus, per article, how many were extracted (zero included)."""

    statements: pl.DataFrame  # statement_id + STATEMENT_SCHEMA
    articles: pl.DataFrame  # article_id, n_statements
    # the llm and hybrid backends (negotrack/llm/backend.py): articles whose model call
    # failed (article_id, reason; not in ``articles``, so they stay pending) and the
    # RunSummary counters of the batch (llm_calls, llm_tokens, statements_unverified, ...)
    failures: pl.DataFrame | None = None
    counts: dict[str, int] | None = None


def statement_id(s: Statement) -> str:
    key = "\x1f".join((s.article_id, str(s.char_start), str(s.char_end), s.party, s.issue, s.stance))
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def _rows(statements: Iterable[Statement]) -> Iterator[tuple]:
    for s in statements:
        yield (statement_id(s), *(getattr(s, name) for name in STATEMENT_SCHEMA))


def extract_rows(rows: list[ArticleRow], codebook) -> list[tuple]:
    """Extract a chunk; returns statement rows in ``STATEMENT_COLUMNS`` order."""
    from negotrack.extract import extract_article

    out: list[tuple] = []
    for article_id, text, language, published in rows:
        article = Article(article_id=article_id, text=text, language=language, published=published)
        out.extend(_rows(extract_article(article, codebook)))
    return out


_worker_codebook = None


def _exit_with_parent(parent: int, every_s: float = 1.0) -> None:
    """Exit this worker once the process that started it is gone.

    A parent killed outright (SIGKILL, the OOM killer) cannot shut its pool down, and
    its workers would otherwise keep running, each with a codebook in memory.
    """
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every_s)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _init_worker(codebook_path: str | None, parent: int | None = None) -> None:
    global _worker_codebook  # one codebook per worker process, loaded once
    from negotrack.codebook import load_codebook

    # The parent's pid comes from the parent: if it died while this worker was starting,
    # os.getppid() here would already be the reaper's.
    _exit_with_parent(parent or os.getppid())
    _worker_codebook = load_codebook(Path(codebook_path) if codebook_path else None)


def _extract_in_worker(rows: list[ArticleRow]) -> list[tuple]:
    return extract_rows(rows, _worker_codebook)


def worker_count(requested: int) -> int:
    return requested if requested > 0 else (os.cpu_count() or 1)


class ExtractionPool:
    """Worker processes that stay up across batches, each with the codebook loaded once.

    A run that extracts in several chunks (``Settings.extract_chunk``) pays the spawn and
    the codebook load once, not once per chunk. Use as a context manager, or through
    :func:`shared_pool` / :func:`close_shared_pool`.
    """

    def __init__(self, workers: int, codebook_path: Path | None = None) -> None:
        self.workers = workers
        self.codebook_path = str(codebook_path) if codebook_path else None
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.codebook_path, os.getpid()),
        )

    def map(self, chunks: list[list[ArticleRow]]) -> Iterator[list[tuple]]:
        # Submitting starts the worker processes (spawn, on demand). Submit from a helper
        # thread: a signal's Python handler runs in the main thread only, so a stop
        # (StopRequested, Prefect's TerminationSignal) cannot cut a worker's start-up
        # message half-way, which made that worker print a traceback on Ctrl-C. The
        # main thread still waits interruptibly, and ``abort`` ends what was started.
        submitted: list = []

        def submit() -> None:
            try:
                submitted.append(self._executor.map(_extract_in_worker, chunks))
            except BaseException as exc:  # the pool was aborted meanwhile: say so in the caller
                submitted.append(exc)

        thread = threading.Thread(target=submit, name="negotrack-pool-submit", daemon=True)
        thread.start()
        thread.join()
        if isinstance(submitted[0], BaseException):
            raise submitted[0]
        return submitted[0]

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Stop now (the command is stopping): drop the queued chunks, do not wait for the
        running ones (their results would be thrown away), end the workers. A clean
        ``shutdown(wait=True)`` here is what kept a stopped run alive for seconds."""
        processes = list(getattr(self._executor, "_processes", {}).values())  # no public API for them
        self._executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            if proc.is_alive():
                proc.terminate()
        for proc in processes:
            proc.join(timeout=2)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_shared: ExtractionPool | None = None


def shared_pool(workers: int, codebook_path: Path | None = None) -> ExtractionPool:
    """The process's extraction pool for ``workers`` and this codebook (created on first use)."""
    global _shared
    key = str(codebook_path) if codebook_path else None
    if _shared is not None and (_shared.workers, _shared.codebook_path) != (workers, key):
        close_shared_pool()
    if _shared is None:
        _shared = ExtractionPool(workers, codebook_path)
    return _shared


def close_shared_pool(abort: bool = False) -> None:
    """Stop the shared pool's workers (the extract stage calls it when it is done;
    ``abort`` when it is stopping on an error or a signal: nothing is waited for)."""
    global _shared
    if _shared is not None:
        pool, _shared = _shared, None
        pool.abort() if abort else pool.close()


_codebooks: dict[tuple[str | None, str | None], object] = {}


def cached_codebook(codebook_path: str | None, expected_hash: str | None = None):
    """The codebook at ``codebook_path`` (None: the bundled one), loaded once per process.

    Where extraction runs on another machine (a Dask worker), ``expected_hash`` guards
    against a worker whose codebook differs from the one the flow records.
    """
    from negotrack.codebook import load_codebook

    key = (codebook_path, expected_hash)
    if key not in _codebooks:
        codebook = load_codebook(Path(codebook_path) if codebook_path else None)
        if expected_hash is not None and codebook.hash != expected_hash:
            raise RuntimeError(
                f"the codebook at {codebook_path or 'the bundled default'} on this worker has hash "
                f"{codebook.hash}, the flow's has {expected_hash}: install the same negotrack and codebook "
                "on every Dask worker"
            )
        _codebooks[key] = codebook
    return _codebooks[key]


def extract_frame(
    articles: pl.DataFrame,
    codebook,
    *,
    codebook_path: Path | None = None,
    workers: int = 0,
    chunk_size: int = 2000,
    pool: ExtractionPool | None = None,
    progress_done: int = 0,
    progress_total: int | None = None,
) -> ExtractedBatch:
    """Run the extractor over ``articles`` (article_id, text, language, published).

    With ``pool``, large batches go to its (already running) workers instead of a pool
    started for this call. ``progress_done``/``progress_total`` place this batch within a
    larger run for the progress bar.
    """
    rows: list[ArticleRow] = list(
        articles.select("article_id", "text", "language", "published").iter_rows()
    )
    n_workers = pool.workers if pool is not None else worker_count(workers)
    n_workers = min(n_workers, max(1, len(rows) // max(1, chunk_size // 4)))
    total = progress_total if progress_total is not None else len(rows)
    report = progress.reporter("Extracting", total)

    def tick(done: int) -> None:
        report(progress_done + done)

    out: list[tuple] = []
    if n_workers <= 1 or len(rows) < MIN_ARTICLES_FOR_POOL:
        step = 500
        for i in range(0, len(rows), step):
            out.extend(extract_rows(rows[i : i + step], codebook))
            tick(min(i + step, len(rows)))
    else:
        # Chunks small enough that every worker gets several (load balance), large
        # enough that pickling overhead stays small.
        size = max(50, min(chunk_size, len(rows) // (n_workers * 4) or 1))
        chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
        own = pool is None
        if own:
            pool = ExtractionPool(n_workers, codebook_path)
        try:
            done = 0
            for chunk, result in zip(chunks, pool.map(chunks)):
                out.extend(result)
                done += len(chunk)
                tick(done)
        except BaseException:
            if own:
                pool.abort()  # stopping: the running chunks are not waited for
            raise
        if own:
            pool.close()
    statements = pl.DataFrame(
        out, schema={"statement_id": pl.String, **STATEMENT_SCHEMA}, orient="row"
    )
    per_article = (
        pl.DataFrame({"article_id": [r[0] for r in rows]}, schema={"article_id": pl.String})
        .join(statements.group_by("article_id").len("n_statements"), on="article_id", how="left")
        .with_columns(pl.col("n_statements").fill_null(0).cast(pl.Int32))
    )
    return ExtractedBatch(statements=statements, articles=per_article)
