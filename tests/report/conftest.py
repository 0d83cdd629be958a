"""The report fixture corpus, loaded into a real DuckDB file.

``load_corpus`` reads ``tests/fixtures/report_corpus/articles/*.md`` (front matter + text).
``build_db`` stores those articles and the hand-labelled positions of
``positions.jsonl`` as statements (what a perfect extractor would store), runs the
syndication detector over them, and returns the settings. No Prefect, no extractor.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from negotrack import store, syndication
from negotrack.config import Settings
from negotrack.models import STANCE_HARDNESS

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "report_corpus"

INJECTION = "<script>document.title='PWNED';document.body.insertAdjacentHTML('beforeend','<div id=pwned>x</div>')</script>"


def parse_front_matter(path: Path) -> dict:
    raw = path.read_text(encoding="utf-8")
    _, head, body = raw.split("---\n", 2)
    meta: dict = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if value.startswith('"') and value.endswith('"'):
            value = json.loads(value)
        meta[key.strip()] = value
    meta["text"] = body.strip("\n")
    meta["file"] = path.name
    meta["article_id"] = path.stem
    return meta


def load_corpus() -> list[dict]:
    return [parse_front_matter(p) for p in sorted((CORPUS / "articles").glob("*.md"))]


def planted_positions() -> list[dict]:
    return [json.loads(line) for line in (CORPUS / "positions.jsonl").read_text(encoding="utf-8").splitlines() if line]


def planted_shifts() -> dict:
    return json.loads((CORPUS / "shifts.json").read_text(encoding="utf-8"))


def insert_articles(con, articles: list[dict]) -> None:
    now = datetime(2025, 4, 18, 12, 0, 0)
    df = pl.DataFrame(
        {
            "article_id": [a["article_id"] for a in articles],
            "content_hash": [a["article_id"] for a in articles],
            "title": [a.get("title") for a in articles],
            "source": [a.get("source") for a in articles],
            "url": [a.get("url") for a in articles],
            "language": [a["language"] for a in articles],
            "language_source": ["metadata"] * len(articles),
            "published": [date.fromisoformat(a["published"]) for a in articles],
            "published_source": ["metadata"] * len(articles),
            "text": [a["text"] for a in articles],
            "origin": [a.get("file", a["article_id"]) for a in articles],
            "encoding": ["utf-8"] * len(articles),
            "ingested_at": [now] * len(articles),
            "run_id": [a.get("run_id", "fixture") for a in articles],
        }
    )
    con.register("fixture_articles", df)
    con.execute("INSERT INTO articles BY NAME SELECT * FROM fixture_articles")
    con.unregister("fixture_articles")


def insert_statements(con, positions: list[dict], texts: dict[str, str]) -> None:
    rows = []
    for i, p in enumerate(positions):
        aid = p.get("article_id") or Path(p["file"]).stem
        text = texts[aid]
        start = text.find(p["evidence"])
        assert start >= 0, f"evidence not in {aid}: {p['evidence']!r}"
        rows.append(
            {
                "statement_id": f"st{i:04d}",
                "article_id": aid,
                "party": p["party"],
                "actor": p.get("actor"),
                "issue": p["issue"],
                "stance": p["stance"],
                "hardness": STANCE_HARDNESS[p["stance"]],
                "stated_on": date.fromisoformat(p["date"]),
                "date_source": "text",
                "evidence": p["evidence"],
                "char_start": start,
                "char_end": start + len(p["evidence"]),
                "cue": None,
                "rule": "fixture",
                "speaker_method": "name",
                "confidence": p.get("confidence", 0.9),
                "extractor_version": "fixture",
                "codebook_hash": "fixture",
                "run_id": "fixture",
                "extracted_at": datetime(2025, 4, 18, 12, 0, 0),
            }
        )
    df = pl.DataFrame(rows, schema_overrides={"hardness": pl.Int8, "char_start": pl.Int32, "char_end": pl.Int32})
    con.register("fixture_statements", df)
    con.execute("INSERT INTO statements BY NAME SELECT * FROM fixture_statements")
    con.unregister("fixture_statements")


def build_db(settings: Settings, *, extra_articles: list[dict] = (), extra_positions: list[dict] = ()) -> Settings:
    articles = load_corpus() + list(extra_articles)
    with store.connect(settings) as con:
        insert_articles(con, articles)
        syndication.mark_syndicated(con)
        insert_statements(con, planted_positions() + list(extra_positions), {a["article_id"]: a["text"] for a in articles})
    return settings


def injection_article() -> tuple[dict, dict]:
    """An article whose title, URL and quoted text carry markup that must stay text."""
    text = (
        "TEHRAN - Iran's foreign ministry spokesman Esmaeil Baghaei said on Thursday that "
        f"\"the missile programme is not up for discussion {INJECTION} with anyone\", according to a "
        "transcript posted on a government website."
    )
    article = {
        "article_id": "zz-injection",
        "title": "Missiles <img src=x onerror=\"document.title='PWNED-IMG'\"> & talks",
        "source": "Scraped <b>Feed</b>",
        "url": "javascript:document.title='PWNED-URL'",
        "published": "2025-04-17",
        "language": "en",
        "text": text,
        "file": "zz-injection.txt",
    }
    position = {
        "article_id": "zz-injection",
        "party": "iran",
        "issue": "ballistic_missiles",
        "stance": "refuse",
        "actor": "Esmaeil Baghaei",
        "date": "2025-04-17",
        "evidence": f"the missile programme is not up for discussion {INJECTION} with anyone",
    }
    return article, position


@pytest.fixture
def fixture_db(tmp_path) -> Settings:
    settings = Settings(db=tmp_path / "r.duckdb", data_dir=tmp_path / "data", reports_dir=tmp_path / "reports")
    return build_db(settings)


@pytest.fixture
def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        pytest.fail("headless Chromium is required (Debian: apt-get install chromium)")
    return exe


class _Corpus:
    """Helpers for tests (``--import-mode=importlib`` makes conftest functions unimportable)."""

    dir = CORPUS
    injection = INJECTION
    load = staticmethod(load_corpus)
    positions = staticmethod(planted_positions)
    shifts = staticmethod(planted_shifts)
    build_db = staticmethod(build_db)
    insert_articles = staticmethod(insert_articles)
    insert_statements = staticmethod(insert_statements)
    injection_article = staticmethod(injection_article)


@pytest.fixture(scope="session")
def corpus() -> type[_Corpus]:
    return _Corpus
