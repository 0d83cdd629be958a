"""The extract stage over a batch: articles frame in, statements frame out, on all cores.

``extract_article`` is pure Python and CPU-bound, so large batches are split into chunks
and sent to worker processes (spawned, not forked: the parent runs Prefect's threads,
and forking a threaded process can deadlock). Small batches stay in-process, where a
worker's start-up would cost more than it saves.
"""

from __future__ import annotations

import hashlib
import os
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


def _init_worker(codebook_path: str | None) -> None:
    global _worker_codebook  # one codebook per worker process, loaded once
    from negotrack.codebook import load_codebook

    _worker_codebook = load_codebook(Path(codebook_path) if codebook_path else None)


def _extract_in_worker(rows: list[ArticleRow]) -> list[tuple]:
    return extract_rows(rows, _worker_codebook)


def worker_count(requested: int) -> int:
    return requested if requested > 0 else (os.cpu_count() or 1)


def extract_frame(
    articles: pl.DataFrame,
    codebook,
    *,
    codebook_path: Path | None = None,
    workers: int = 0,
    chunk_size: int = 2000,
) -> ExtractedBatch:
    """Run the extractor over ``articles`` (article_id, text, language, published)."""
    rows: list[ArticleRow] = list(
        articles.select("article_id", "text", "language", "published").iter_rows()
    )
    n_workers = min(worker_count(workers), max(1, len(rows) // max(1, chunk_size // 4)))
    tick = progress.reporter("Extracting", len(rows))
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
        with ProcessPoolExecutor(
            max_workers=n_workers,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(str(codebook_path) if codebook_path else None,),
        ) as pool:
            done = 0
            for chunk, result in zip(chunks, pool.map(_extract_in_worker, chunks)):
                out.extend(result)
                done += len(chunk)
                tick(done)
    statements = pl.DataFrame(
        out, schema={"statement_id": pl.String, **STATEMENT_SCHEMA}, orient="row"
    )
    per_article = (
        pl.DataFrame({"article_id": [r[0] for r in rows]}, schema={"article_id": pl.String})
        .join(statements.group_by("article_id").len("n_statements"), on="article_id", how="left")
        .with_columns(pl.col("n_statements").fill_null(0).cast(pl.Int32))
    )
    return ExtractedBatch(statements=statements, articles=per_article)
