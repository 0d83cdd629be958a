"""Fixtures for the validation tests: a real DuckDB file, real GX, rows built by hand.

Rows are plain dicts with the columns of ``models.ARTICLE_SCHEMA`` / ``statement_id`` +
``models.STATEMENT_SCHEMA``; ``Rows`` turns them into frames and stores them the way the
flows do (validate, then store the kept rows and quarantine the rest together).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import polars as pl
import pytest

from negotrack import store
from negotrack.models import ARTICLE_SCHEMA, INGEST_ERROR_SCHEMA, STATEMENT_SCHEMA

STATEMENT_COLUMNS = {"statement_id": pl.String, **STATEMENT_SCHEMA}
PUBLISHED = dt.date(2025, 4, 12)
# Arabic, an emoji (one code point, two UTF-16 units) and a combining accent before the
# evidence, so that offsets are code points as in Python.
TEXT = (
    "مسقط 🇴🇲 – café\u0301. "
    "Iranian Foreign Minister Abbas Araghchi said: enrichment is our right and must continue. "
    "US envoy Steve Witkoff said sanctions relief is on the table if Iran complies."
)
EVIDENCE_1 = "enrichment is our right and must continue."
EVIDENCE_2 = "sanctions relief is on the table if Iran complies."


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def article(article_id: str = "a1", text: str = TEXT, **over) -> dict:
    row = {
        "article_id": article_id,
        "content_hash": content_hash(text),
        "title": "Araghchi: enrichment is our right",
        "source": "test wire",
        "url": f"https://news.example.org/{article_id}",
        "language": "en",
        "language_source": "metadata",
        "published": PUBLISHED,
        "published_source": "metadata",
        "text": text,
        "origin": f"/tmp/{article_id}.jsonl#line=1",
        "encoding": "utf-8",
    }
    row.update(over)
    return row


def statement(statement_id: str = "s1", evidence: str = EVIDENCE_1, text: str = TEXT, **over) -> dict:
    start = text.index(evidence)
    row = {
        "statement_id": statement_id,
        "article_id": "a1",
        "party": "iran",
        "actor": "Abbas Araghchi",
        "issue": "enrichment",
        "stance": "insist",
        "hardness": 1,
        "stated_on": PUBLISHED,
        "date_source": "published",
        "evidence": evidence,
        "char_start": start,
        "char_end": start + len(evidence),
        "cue": "right",
        "rule": "test",
        "speaker_method": "name",
        "confidence": 0.9,
    }
    row.update(over)
    return row


def good_statements() -> list[dict]:
    return [
        statement("s1"),
        statement(
            "s2", EVIDENCE_2, party="usa", actor="Steve Witkoff", issue="sanctions", stance="open", hardness=-1,
            cue="on the table",
        ),
    ]


class Rows:
    """Frames from dicts, and storing them the way the flows do."""

    article = staticmethod(article)
    statement = staticmethod(statement)
    good_statements = staticmethod(good_statements)
    TEXT, EVIDENCE_1, EVIDENCE_2, PUBLISHED = TEXT, EVIDENCE_1, EVIDENCE_2, PUBLISHED

    def __init__(self, con, codebook):
        self.con = con
        self.codebook = codebook

    @staticmethod
    def articles_frame(rows: list[dict]) -> pl.DataFrame:
        return pl.DataFrame(rows, schema=ARTICLE_SCHEMA)

    @staticmethod
    def statements_frame(rows: list[dict]) -> pl.DataFrame:
        return pl.DataFrame(rows, schema=STATEMENT_COLUMNS)

    def ingest(self, rows: list[dict], run_id: str = "run-ingest"):
        """negotrack.stages.ingest.store_articles, on this test's connection."""
        from negotrack.ingest import IngestBatch
        from negotrack.ingest.load import store_batch
        from negotrack.validate import store_quarantine, validate_articles

        frame = self.articles_frame(rows)
        outcome = validate_articles(self.con, frame, run_id, codebook=self.codebook)
        batch = IngestBatch(articles=outcome.kept, errors=pl.DataFrame(schema=INGEST_ERROR_SCHEMA), inputs=frame.height)
        counts = store_batch(self.con, batch, run_id)
        with store.transaction(self.con):
            store_quarantine(self.con, outcome, run_id)
        return outcome, counts

    def extract(self, rows: list[dict], run_id: str = "run-extract"):
        """negotrack.stages.extract.store_statements, on this test's connection (no extractor)."""
        from negotrack.extract.load import replace_statements
        from negotrack.validate import store_quarantine, validate_statements

        frame = self.statements_frame(rows)
        outcome = validate_statements(self.con, frame, run_id, codebook=self.codebook)
        per_article = (
            frame.filter(pl.col("article_id").is_not_null())
            .group_by("article_id", maintain_order=True)
            .len("n_statements")
            .with_columns(pl.col("n_statements").cast(pl.Int32))
        )
        with store.transaction(self.con):
            replace_statements(
                self.con, per_article, outcome.kept, run_id=run_id,
                extractor_version="test-extractor", codebook_hash=self.codebook.hash,
            )
            store_quarantine(
                self.con, outcome, run_id,
                extra={"extractor_version": "test-extractor", "codebook_hash": self.codebook.hash},
            )
        return outcome

    def column(self, sql: str, params: list | None = None) -> list:
        return [r[0] for r in self.con.execute(sql, params or []).fetchall()]

    def quarantine(self, table: str | None = None) -> list[dict]:
        where = "WHERE table_name = ?" if table else ""
        cur = self.con.execute(
            f"SELECT * FROM quarantine {where} ORDER BY quarantine_id", [table] if table else []
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]


@pytest.fixture(scope="session")
def codebook():
    from negotrack.codebook import load_codebook

    return load_codebook()


@pytest.fixture
def con(settings):
    with store.connect(settings) as connection:
        yield connection


@pytest.fixture
def rows(con, codebook) -> Rows:
    return Rows(con, codebook)


@pytest.fixture
def with_article(rows) -> Rows:
    """A database holding the article ``a1`` (TEXT)."""
    outcome, counts = rows.ingest([article("a1")])
    assert counts.new == 1 and outcome.quarantined.height == 0
    return rows
