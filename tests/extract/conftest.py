from __future__ import annotations

from datetime import date

import pytest

from negotrack.codebook import Codebook, load_codebook
from negotrack.extract import extract_article
from negotrack.models import Article, Statement


@pytest.fixture(scope="session")
def cb() -> Codebook:
    return load_codebook()


@pytest.fixture(scope="session")
def run(cb):
    """run(text, language, published) -> set of (party, issue, stance, actor, date)."""

    def _run(text: str, language: str, published: date = date(2026, 2, 7)) -> list[Statement]:
        return extract_article(Article("t", text, language, published), cb)

    return _run


def _tuples(statements: list[Statement]) -> set[tuple[str, str, str]]:
    return {(s.party, s.issue, s.stance) for s in statements}


def _one(statements: list[Statement], party: str, issue: str, stance: str) -> Statement:
    found = [s for s in statements if (s.party, s.issue, s.stance) == (party, issue, stance)]
    assert found, f"no {party}/{issue}/{stance} in {[(s.party, s.issue, s.stance) for s in statements]}"
    return found[0]


@pytest.fixture(scope="session")
def tuples():
    return _tuples


@pytest.fixture(scope="session")
def one():
    return _one
