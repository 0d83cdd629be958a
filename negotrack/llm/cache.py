"""The model's answers, cached in DuckDB by (article content hash, model, prompt version).

Keyed on the article's *content*, not its id: the same text under another id (a
re-ingested file, an eval corpus) is not paid for twice. A changed prompt (template,
annotation rules, codebook or mode) has another version and misses the cache.
"""

from __future__ import annotations

import duckdb
import polars as pl

from negotrack import store

ANSWER_SCHEMA = {"content_hash": pl.String, "answer": pl.String,
                 "prompt_tokens": pl.Int32, "completion_tokens": pl.Int32}


def cached_answers(con: duckdb.DuckDBPyConnection, hashes: list[str], model: str,
                   prompt_version: str) -> dict[str, str]:
    """content_hash -> cached answer, for those of ``hashes`` that have one."""
    wanted = pl.DataFrame({"content_hash": hashes}, schema={"content_hash": pl.String})
    with store.registered(con, wanted_hashes=wanted):
        rows = store.query_frame(con, "llm/cached_answers.sql",
                                 {"model": model, "prompt_version": prompt_version})
    return dict(zip(rows["content_hash"].to_list(), rows["answer"].to_list()))


def store_answers(con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str, int, int]], model: str,
                  prompt_version: str) -> None:
    """Cache ``rows`` of (content_hash, answer, prompt_tokens, completion_tokens)."""
    if not rows:
        return
    frame = pl.DataFrame(rows, schema=ANSWER_SCHEMA, orient="row").unique("content_hash", keep="first")
    with store.registered(con, new_answers=frame), store.transaction(con):
        store.run_script(con, "llm/store_answers.sql", {"model": model, "prompt_version": prompt_version})


def record_failures(con: duckdb.DuckDBPyConnection, failures: pl.DataFrame, *, run_id: str | None,
                    model: str) -> None:
    """Record ``failures`` (article_id, reason) of a run; caller's transaction."""
    if failures.height == 0:
        return
    with store.registered(con, failed_articles=failures.select("article_id", "reason")):
        store.run_script(con, "llm/record_failures.sql", {"run_id": run_id, "model": model})
