"""Fixtures of the ingest tests: settings in tmp_path, a reader that checks the batch invariants."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from negotrack.config import Settings
from negotrack.ingest import IngestBatch, read_sources
from negotrack.models import ARTICLE_SCHEMA, INGEST_ERROR_SCHEMA

TODAY = date(2025, 6, 1)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def cfg(tmp_path: Path) -> Settings:
    return Settings(db=tmp_path / "t.duckdb", data_dir=tmp_path / "data")


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


def check_batch(batch: IngestBatch) -> IngestBatch:
    """What every batch must satisfy, whatever the input."""
    assert dict(batch.articles.schema) == ARTICLE_SCHEMA
    assert dict(batch.errors.schema) == INGEST_ERROR_SCHEMA
    assert batch.inputs == batch.articles.height + batch.errors.height
    for col in ("article_id", "content_hash", "language", "language_source", "published", "published_source", "text", "origin"):
        assert batch.articles[col].null_count() == 0, col
    assert set(batch.articles["language_source"]) <= {"metadata", "detected"}
    assert set(batch.articles["published_source"]) <= {"metadata", "text", "ingest"}
    for text in batch.articles["text"]:
        assert text == text.strip() and text and "\r" not in text and "\x00" not in text
    for col in ("origin", "reason", "detail"):
        assert batch.errors[col].null_count() == 0, col
    assert all(e is None or len(e) <= 200 for e in batch.errors["excerpt"])
    return batch


@pytest.fixture
def ingest(cfg: Settings):
    """read_sources with the test settings and a fixed 'today', invariants checked."""

    def run(*sources, settings: Settings | None = None, today: date = TODAY, progress=None) -> IngestBatch:
        return check_batch(read_sources(list(sources), settings or cfg, today=today, progress=progress))

    return run


def only_article(batch: IngestBatch) -> dict:
    assert batch.errors.height == 0, batch.errors.to_dicts()
    assert batch.articles.height == 1, batch.articles.to_dicts()
    return batch.articles.row(0, named=True)


def only_error(batch: IngestBatch) -> dict:
    assert batch.articles.height == 0, batch.articles.to_dicts()
    assert batch.errors.height == 1, batch.errors.to_dicts()
    return batch.errors.row(0, named=True)


@pytest.fixture
def one():
    return only_article


@pytest.fixture
def one_error():
    return only_error
