"""The synthetic corpus generator (bench/synth.py): deterministic from its seed, files the
pipeline reads without an error, and a planted-positions file that matches the texts."""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402

ISSUES = {"enrichment", "ballistic_missiles", "sanctions"}
STANCES = {"refuse", "insist", "pressure", "open", "concede"}


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "c"
    synth.generate(out, 1200, seed=11, workers=1)
    return out


def test_same_seed_same_bytes_other_seed_other_corpus(corpus, tmp_path):
    again = tmp_path / "again"
    synth.generate(again, 1200, seed=11, workers=2)  # processes do not change the result
    assert _digest(again) == _digest(corpus)
    other = tmp_path / "other"
    synth.generate(other, 1200, seed=12, workers=1)
    assert (other / "planted.jsonl").read_bytes() != (corpus / "planted.jsonl").read_bytes()


def test_a_smaller_corpus_is_the_start_of_a_larger_one(corpus):
    small = [synth.synth_article(11, i) for i in range(50)]
    planted = [p for p in _jsonl(corpus / "planted.jsonl") if int(p["article_id"].split("-")[1]) < 50]
    assert [g for a in small for g in a.gold()] == planted


def test_the_manifest_counts_what_was_written(corpus):
    manifest = json.loads((corpus / "manifest.json").read_text())
    assert manifest["articles"] == 1200 == manifest["md_files"] + manifest["jsonl_records"]
    md = list((corpus / "articles").rglob("*.md"))
    records = [r for p in (corpus / "articles").rglob("*.jsonl") for r in _jsonl(p)]
    assert len(md) == manifest["md_files"] and len(records) == manifest["jsonl_records"]
    assert manifest["positions"] == len(_jsonl(corpus / "planted.jsonl"))
    assert manifest["copies"] == len(_jsonl(corpus / "copies.jsonl")) > 0
    assert {p.parent.parent.name for p in md} <= {"ar", "en", "fr"}


def test_articles_are_news_sized_multilingual_and_dated_in_the_past():
    arts = [synth.synth_article(11, i) for i in range(400)]
    words = [len(a.text.split()) for a in arts]
    assert min(words) >= 100 and max(words) <= 1500
    assert {a.language for a in arts} == {"ar", "en", "fr"}
    assert all(synth.START <= a.published <= synth.START + timedelta(days=synth.DAYS) for a in arts)
    assert max(a.published for a in arts) < date(2026, 11, 20)  # no article in the future
    assert sum(1 for a in arts if a.copy_of) > 10
    assert sum(1 for a in arts if not a.positions) > 5  # some articles state no position at all


def test_planted_positions_are_in_their_articles(corpus):
    by_id = {}
    for p in (corpus / "articles").rglob("*.jsonl"):
        for r in _jsonl(p):
            by_id[r["id"]] = r
    for p in (corpus / "articles").rglob("*.md"):
        head, text = p.read_text(encoding="utf-8").split("\n---\n\n", 1)
        meta = dict(line.split(": ", 1) for line in head.splitlines()[1:])
        by_id[meta["id"]] = {"text": text.rstrip("\n"), "published": meta["published"], "language": meta["language"]}
    planted = _jsonl(corpus / "planted.jsonl")
    keys = [(p["article_id"], p["party"], p["issue"], p["stance"]) for p in planted]
    assert len(keys) == len(set(keys))  # one line per (article, party, issue, stance), as in gold.jsonl
    for p in planted:
        art = by_id[p["article_id"]]
        assert p["evidence"] in art["text"]
        assert p["issue"] in ISSUES and p["stance"] in STANCES
        assert p["language"] == art["language"]
        published = date.fromisoformat(art["published"])
        assert published - timedelta(days=6) <= date.fromisoformat(p["date"]) <= published
    copies = _jsonl(corpus / "copies.jsonl")
    for c in copies:
        assert c["original_id"] in by_id and c["original_id"] < c["article_id"]
        assert synth.synth_article(11, int(c["article_id"].split("-")[1])).copy_of == c["original_id"]


def test_the_files_ingest_without_a_single_error(corpus, settings):
    from negotrack.ingest import read_sources

    batch = read_sources([str(corpus / "articles")], settings)
    assert batch.errors.height == 0
    assert batch.articles.height == batch.inputs == 1200
    assert batch.articles["article_id"].n_unique() == 1200
    assert set(batch.articles["language_source"].to_list()) == {"metadata"}
    assert set(batch.articles["published_source"].to_list()) == {"metadata"}


def test_the_templates_read_as_planted(codebook):
    """The extractor finds the planted positions (templates written so a correct extractor
    finds exactly them): a loose floor, bench/synth_check.py shows every miss."""
    from synth_check import compare, positions_of

    arts = [synth.synth_article(11, i) for i in range(150)]
    gold = [g for a in arts for g in a.gold()]
    found = positions_of(arts, codebook)
    res = compare(gold, found)
    assert res["recall"] >= 0.9 and res["precision"] >= 0.9, {k: res[k] for k in ("recall", "precision")}


@pytest.fixture
def codebook():
    from negotrack.codebook import load_codebook

    return load_codebook()
