"""Records that cross stage boundaries, and the Polars schemas of the batches.

Stages hand each other Polars frames (bulk, Arrow into DuckDB); single records are
these frozen dataclasses. Column order and names match the tables in ``sql/schema``.

A stance's hardness is the codebook's (``cues.yaml`` ``stances``): the extractor passes
the one of the codebook it runs with; a statement built without it (tests, tools) takes
the packaged codebook's. ``STANCE_HARDNESS`` is that packaged mapping, read on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl


def __getattr__(name: str) -> Any:
    if name == "STANCE_HARDNESS":  # lazily: loading the codebook costs a YAML parse
        from negotrack.codebook import packaged

        return dict(packaged().hardness)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class Article:
    """An article ready to store (ingest output) or to extract from (extract input)."""

    article_id: str
    text: str
    language: str
    published: date
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language_source: str = "metadata"
    published_source: str = "metadata"
    origin: str = ""
    encoding: str | None = None
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class IngestError:
    origin: str
    reason: str
    detail: str
    line: int | None = None
    excerpt: str | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """One extracted mention of a position, with its evidence span in ``Article.text``."""

    article_id: str
    party: str
    actor: str | None
    issue: str
    stance: str
    stated_on: date
    date_source: str  # 'text' | 'published'
    char_start: int
    char_end: int
    evidence: str
    cue: str | None = None
    rule: str | None = None
    speaker_method: str | None = None
    confidence: float = 0.5
    hardness: int | None = None  # the codebook's hardness of ``stance`` (filled in when None)

    def __post_init__(self) -> None:
        if self.hardness is None:
            from negotrack.codebook import packaged

            object.__setattr__(self, "hardness", packaged().hardness[self.stance])


ARTICLE_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "content_hash": pl.String,
    "title": pl.String,
    "source": pl.String,
    "url": pl.String,
    "language": pl.String,
    "language_source": pl.String,
    "published": pl.Date,
    "published_source": pl.String,
    "text": pl.String,
    "origin": pl.String,
    "encoding": pl.String,
}

INGEST_ERROR_SCHEMA: dict[str, pl.DataType] = {
    "origin": pl.String,
    "line": pl.Int32,
    "reason": pl.String,
    "detail": pl.String,
    "excerpt": pl.String,
}

STATEMENT_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "party": pl.String,
    "actor": pl.String,
    "issue": pl.String,
    "stance": pl.String,
    "hardness": pl.Int8,
    "stated_on": pl.Date,
    "date_source": pl.String,
    "evidence": pl.String,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "cue": pl.String,
    "rule": pl.String,
    "speaker_method": pl.String,
    "confidence": pl.Float64,
}


def frame(rows: list, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """A frame of dataclass records with exactly ``schema``'s columns (empty-safe)."""
    data = {name: [getattr(r, name) for r in rows] for name in schema}
    return pl.DataFrame(data, schema=schema)
