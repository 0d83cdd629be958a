"""store_batch: new vs known articles, error rows, one transaction, real DuckDB file."""

from __future__ import annotations

import json

import polars as pl
import pytest

from negotrack.ingest import IngestBatch
from negotrack.ingest.load import LoadCounts, store_batch
from negotrack.store import connect


def _articles(con) -> list[tuple]:
    return con.execute(
        "SELECT article_id, content_hash, title, language, published, text, origin, run_id "
        "FROM articles ORDER BY article_id"
    ).fetchall()


def _jsonl(path, records) -> None:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")


def test_store_and_reingest_is_a_no_op(ingest, src, cfg):
    _jsonl(src / "a.jsonl", [{"id": f"a{i}", "text": f"Article number {i} about sanctions."} for i in range(5)])
    (src / "b.txt").write_text("A plain text article.")
    (src / "c.html").write_text("<html><body><p>An HTML article about enrichment.</p></body></html>")
    batch = ingest(src)
    with connect(cfg) as con:
        first = store_batch(con, batch, "run-1")
        assert first == LoadCounts(new=7, known=0, errors=0)
        before = _articles(con)
        assert len(before) == 7 and {r[-1] for r in before} == {"run-1"}
    again = ingest(src)
    with connect(cfg) as con:
        second = store_batch(con, again, "run-2")
        assert second == LoadCounts(new=0, known=7, errors=0)
        assert _articles(con) == before
        assert con.execute("SELECT count(*) FROM ingest_errors").fetchall()[0][0] == 0


def test_same_text_under_another_id_is_known(ingest, src, cfg):
    _jsonl(src / "first.jsonl", [{"id": "orig-1", "text": "Tehran said enrichment will continue."}])
    with connect(cfg) as con:
        assert store_batch(con, ingest(src / "first.jsonl"), None).new == 1
    _jsonl(
        src / "second.jsonl",
        [
            {"id": "copy-9", "text": "  TEHRAN said   enrichment will continue. "},  # same normalised text
            {"id": "orig-1", "text": "A corrected text under the same id."},  # same id
            {"id": "fresh", "text": "Something new."},
        ],
    )
    with connect(cfg) as con:
        counts = store_batch(con, ingest(src / "second.jsonl"), "r2")
        assert counts == LoadCounts(new=1, known=2, errors=0)
        rows = con.execute("SELECT article_id, text FROM articles ORDER BY article_id").fetchall()
    assert rows == [("fresh", "Something new."), ("orig-1", "Tehran said enrichment will continue.")]


def test_duplicates_within_one_batch(ingest, src, cfg):
    _jsonl(
        src / "dups.jsonl",
        [
            {"id": "x", "text": "One."},
            {"id": "x", "text": "Same id, other text."},
            {"id": "y", "text": "one."},  # same text as x (casefold)
            {"id": "z", "text": "Same id, other text."},  # text of a dropped row, not stored: new
        ],
    )
    with connect(cfg) as con:
        counts = store_batch(con, ingest(src / "dups.jsonl"), None)
        ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY article_id").fetchall()]
    assert counts == LoadCounts(new=2, known=2, errors=0)
    assert ids == ["x", "z"]


def test_error_rows_are_stored(ingest, src, cfg):
    (src / "bad.jsonl").write_text('{"id": "ok", "text": "Fine."}\n{broken\n')
    (src / "empty.txt").write_bytes(b"")
    batch = ingest(src)
    with connect(cfg) as con:
        counts = store_batch(con, batch, "run-e")
        rows = con.execute(
            "SELECT run_id, reason, line, length(error_id), excerpt IS NOT NULL, created_at IS NOT NULL "
            "FROM ingest_errors ORDER BY reason"
        ).fetchall()
    assert counts == LoadCounts(new=1, known=0, errors=2)
    assert batch.inputs == counts.new + counts.known + counts.errors
    assert rows == [("run-e", "broken_json", 2, 32, True, True), ("run-e", "empty", None, 32, False, True)]


def test_one_transaction_all_or_nothing(ingest, src, cfg):
    _jsonl(src / "a.jsonl", [{"id": "a", "text": "Text A."}])
    batch = ingest(src / "a.jsonl")
    broken = IngestBatch(
        articles=batch.articles,
        errors=pl.DataFrame(
            {"origin": [None], "line": [None], "reason": ["x"], "detail": ["d"], "excerpt": [None]},
            schema=batch.errors.schema,
        ),  # origin NULL violates NOT NULL
        inputs=2,
    )
    with connect(cfg) as con:
        with pytest.raises(Exception):
            store_batch(con, broken, None)
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 0
        assert store_batch(con, batch, None) == LoadCounts(new=1, known=0, errors=0)


def test_empty_batch(ingest, cfg, src):
    batch = ingest(src)  # an empty folder
    assert batch.inputs == 0
    with connect(cfg) as con:
        assert store_batch(con, batch, None) == LoadCounts(0, 0, 0)


def test_stored_values_round_trip(ingest, src, cfg, today):
    _jsonl(src / "r.jsonl", [{"id": "r1", "title": "T", "language": "fr", "published": "2025-02-03", "text": "Bonjour."}])
    batch = ingest(src / "r.jsonl")
    with connect(cfg) as con:
        store_batch(con, batch, "run-r")
        got = con.sql("SELECT * EXCLUDE (ingested_at, run_id) FROM articles").pl()
    assert got.to_dicts() == batch.articles.to_dicts()
