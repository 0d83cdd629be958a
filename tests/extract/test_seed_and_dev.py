"""The seed article's exact positions, and the dev corpus: verbatim evidence and scores,
computed with the same code as bench/score_dev.py and ../shared/eval/score.py."""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from datetime import date
from pathlib import Path

import pytest

from negotrack.models import Article

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_8c9efbd2f6262e81.txt"
DEV = SHARED / "corpus" / "dev"
SCORED = {"enrichment", "ballistic_missiles", "sanctions"}


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_seed_positions_exactly(run):
    st = run(SEED.read_text(encoding="utf-8"), "ar", date(2026, 2, 7))
    got = {(s.party, s.issue, s.stance, s.actor) for s in st if s.issue in SCORED}
    assert got == {
        ("iran", "enrichment", "insist", "Abbas Araghchi"),
        ("iran", "enrichment", "open", "Abbas Araghchi"),
        ("iran", "ballistic_missiles", "refuse", "Abbas Araghchi"),
        ("usa", "sanctions", "pressure", "Donald Trump"),
    }


CORPORA = {"dev": DEV, "dev2": SHARED / "corpus" / "dev2"}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request, cb):
    """(name, score_dev module, articles, statements) of one labelled corpus."""
    path = CORPORA[request.param]
    if not (path / "articles.jsonl").exists():
        pytest.skip(f"shared corpus {request.param} not present")
    score_dev = _load("negotrack_bench_score_dev", ROOT / "bench" / "score_dev.py")
    articles = score_dev.read_articles(path)
    statements = score_dev.extract_corpus(articles, cb)
    return request.param, score_dev, articles, statements


def test_evidence_is_verbatim(corpus):
    _, _, articles, statements = corpus
    texts = {a.article_id: a.text for a in articles}
    assert statements
    for s in statements:
        assert s.evidence == texts[s.article_id][s.char_start:s.char_end]
        assert s.evidence.strip() == s.evidence and s.evidence
        assert 0 < s.confidence <= 1 and s.rule and s.speaker_method


def _report(corpus, tmp_path) -> dict:
    name, score_dev, _, statements = corpus
    out = tmp_path / "positions.jsonl"
    score_dev.write_jsonl(score_dev.positions(statements), out)
    scorer = _load("negotrack_shared_score", SHARED / "eval" / "score.py")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        scorer.main([str(CORPORA[name]), str(out), "--json"])
    return json.loads(buf.getvalue())


# What the extractor reaches today, with a little slack: a drop below these is a
# regression. dev2 is the corpus of unseen styles (wire copy, transcripts, posts,
# communiqués, live pages); the product bars (DESIGN.md) hold on both corpora.
FLOORS = {
    "dev": {"f1": 0.90, "language": 0.85, "actor": 0.93, "date": 0.90},
    "dev2": {"f1": 0.83, "language": 0.80, "actor": 0.88, "date": 0.85},
}
# The product's quality bars (DESIGN.md).
BARS = {"f1": 0.85, "language": 0.80}
BARS_MET = ("dev", "dev2")


def _check(report: dict, bars: dict) -> None:
    facets = report["facets"]
    assert facets["all"]["all"]["f1"] >= bars["f1"]
    for lang in ("ar", "en", "fr"):
        assert facets["language"][lang]["f1"] >= bars["language"], lang
    if "actor" in bars:
        assert report["actor_accuracy"] >= bars["actor"]
    if "date" in bars:
        assert report["date_accuracy"] >= bars["date"]


def test_scores_no_regression(corpus, tmp_path):
    _check(_report(corpus, tmp_path), FLOORS[corpus[0]])


@pytest.mark.parametrize("name", BARS_MET)
def test_scores_meet_quality_bars(name, cb, tmp_path):
    score_dev = _load("negotrack_bench_score_dev", ROOT / "bench" / "score_dev.py")
    if not (CORPORA[name] / "articles.jsonl").exists():
        pytest.skip(f"shared corpus {name} not present")
    statements = score_dev.extract_corpus(score_dev.read_articles(CORPORA[name]), cb)
    _check(_report((name, score_dev, None, statements), tmp_path), BARS)
