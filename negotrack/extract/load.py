"""The extract stage's database side: which articles are pending, and storing statements.

Storing replaces an article's statements atomically: the old statements, the new ones
and the bookkeeping row change in one transaction, so a crash leaves either the old
state or the new one, never a half batch.
"""

from __future__ import annotations

import duckdb
import polars as pl

from negotrack import store
from negotrack.models import STATEMENT_SCHEMA


def pending_articles(
    con: duckdb.DuckDBPyConnection,
    extractor_version: str,
    codebook_hash: str,
    *,
    everything: bool = False,
) -> pl.DataFrame:
    """Articles to extract: never extracted, or with another extractor or codebook."""
    return articles_by_id(con, pending_ids(con, extractor_version, codebook_hash, everything=everything))


def pending_ids(
    con: duckdb.DuckDBPyConnection,
    extractor_version: str,
    codebook_hash: str,
    *,
    everything: bool = False,
) -> list[str]:
    """The ids of the articles to extract (sorted), without loading any text."""
    if everything:
        return store.query_frame(con, "extract/all_ids.sql")["article_id"].to_list()
    return store.query_frame(
        con,
        "extract/pending_ids.sql",
        {"extractor_version": extractor_version, "codebook_hash": codebook_hash},
    )["article_id"].to_list()


def articles_by_id(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> pl.DataFrame:
    ids = pl.DataFrame({"article_id": article_ids}, schema={"article_id": pl.String})
    with store.registered(con, wanted_ids=ids):
        return store.query_frame(con, "extract/articles_by_id.sql")


def replace_statements(
    con: duckdb.DuckDBPyConnection,
    articles: pl.DataFrame,
    kept: pl.DataFrame,
    *,
    run_id: str | None,
    extractor_version: str,
    codebook_hash: str,
) -> None:
    """Swap in the new statements of ``articles`` (article_id, n_statements); caller's transaction."""
    columns = ["statement_id", *STATEMENT_SCHEMA]
    with store.registered(con, batch_articles=articles.select("article_id", "n_statements"),
                          batch_statements=kept.select(columns)):
        store.run_script(
            con,
            "extract/replace_statements.sql",
            {"run_id": run_id, "extractor_version": extractor_version, "codebook_hash": codebook_hash},
        )
