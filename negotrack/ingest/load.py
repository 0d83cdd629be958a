"""Store an ``IngestBatch``: new articles and all error rows, in one transaction.

An article is *known* when an article with the same ``article_id`` or the same
``content_hash`` is already stored, or appeared earlier in the same batch. Frames enter
DuckDB through Arrow (registered views), never row by row; SQL is in ``sql/ingest/``.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from negotrack import store
from negotrack.ingest import IngestBatch, KnownFiles
from negotrack.models import ARTICLE_SCHEMA, INGEST_ERROR_SCHEMA


@dataclass
class LoadCounts:
    new: int
    known: int
    errors: int


def _check(df: pl.DataFrame, schema: dict, what: str) -> None:
    missing = [c for c in schema if c not in df.columns]
    if missing:
        raise ValueError(f"{what} frame lacks columns {missing}")


def store_batch(con: duckdb.DuckDBPyConnection, batch: IngestBatch, run_id: str | None) -> LoadCounts:
    """Insert the batch's new articles and all its error rows; returns the counts."""
    _check(batch.articles, ARTICLE_SCHEMA, "articles")
    _check(batch.errors, INGEST_ERROR_SCHEMA, "errors")
    articles = batch.articles.select(list(ARTICLE_SCHEMA)).with_row_index("ord")
    errors = batch.errors.select(list(INGEST_ERROR_SCHEMA)).with_row_index("ord")
    params = {"run_id": run_id}
    new = 0
    with store.transaction(con):
        if articles.height:
            with store.registered(con, incoming_articles=articles):
                known_rows = {r[0] for r in store.run_script(con, "ingest/known_articles.sql")}
            keep = _first_unseen(articles, known_rows)
            new = sum(keep)
            if new:
                with store.registered(con, incoming_articles=articles.with_columns(pl.Series("keep", keep, pl.Boolean))):
                    store.run_script(con, "ingest/insert_articles.sql", params)
        if errors.height:
            with store.registered(con, incoming_errors=errors):
                store.run_script(con, "ingest/insert_errors.sql", params)
        if batch.files is not None and batch.files.height:
            record_files(con, batch.files, run_id)
    return LoadCounts(new=new, known=articles.height - new, errors=errors.height)


def record_files(con: duckdb.DuckDBPyConnection, files: pl.DataFrame, run_id: str | None) -> None:
    """Remember the files of a batch (``IngestBatch.files``) so that later runs skip them;
    only those read cleanly whose articles are all stored (sql/ingest/record_files.sql).
    Runs in the caller's transaction, after the articles are stored."""
    with store.registered(con, incoming_files=files.unique(subset="path", keep="last", maintain_order=True)):
        store.run_script(con, "ingest/record_files.sql", {"run_id": run_id})


def load_known_files(con: duckdb.DuckDBPyConnection) -> KnownFiles:
    """The files a run may skip: read completely before, every article still stored."""
    rows = store.query_frame(con, "ingest/known_files.sql")
    by_path = {
        p: (size, mtime, n)
        for p, size, mtime, n in zip(
            rows["path"].to_list(), rows["size"].to_list(), rows["mtime_ns"].to_list(), rows["n_inputs"].to_list()
        )
    }
    by_hash = dict(zip(rows["sha256"].to_list(), rows["n_inputs"].to_list()))
    return KnownFiles(by_path, by_hash)


def _first_unseen(articles: pl.DataFrame, known_rows: set[int]) -> list[bool]:
    """Keep a row when neither its id nor its hash is stored or kept earlier in the batch."""
    ids: set[str] = set()
    hashes: set[str] = set()
    keep: list[bool] = []
    for ord_, art_id, digest in zip(
        articles["ord"].to_list(), articles["article_id"].to_list(), articles["content_hash"].to_list()
    ):
        ok = ord_ not in known_rows and art_id not in ids and digest not in hashes
        if ok:
            ids.add(art_id)
            hashes.add(digest)
        keep.append(ok)
    return keep
