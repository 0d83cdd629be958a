"""The articles suite: each expectation, broken by one article of an ingest batch whose good
articles are stored; the bad one goes to quarantine, not to articles."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from negotrack.validate import load_suite
from negotrack.validate.engine import expectation_label

TODAY = dt.date.today()

# (case id, changes to a good article "bad", the expectation that must be named)
CASES = [
    ("null article_id", {"article_id": None}, "expect_column_values_to_not_be_null(article_id)"),
    ("empty article_id", {"article_id": ""}, "expect_column_value_lengths_to_be_between(article_id)"),
    ("article_id over 512 characters", {"article_id": "x" * 513},
     "expect_column_value_lengths_to_be_between(article_id)"),
    ("null content_hash", {"content_hash": None}, "expect_column_values_to_not_be_null(content_hash)"),
    ("malformed content_hash", {"content_hash": "XYZ"}, "expect_column_values_to_match_regex(content_hash)"),
    ("empty text", {"text": ""}, "expect_column_values_to_be_in_set(text_has_content)"),
    ("whitespace-only text", {"text": " \n\t\u00a0 "}, "expect_column_values_to_be_in_set(text_has_content)"),
    ("null text", {"text": None}, "expect_column_values_to_be_in_set(text_has_content)"),
    ("null language", {"language": None}, "expect_column_values_to_not_be_null(language)"),
    ("unsupported language", {"language": "de"}, "expect_column_values_to_be_in_set(language)"),
    ("unknown language_source", {"language_source": "oracle"},
     "expect_column_values_to_be_in_set(language_source)"),
    ("null published", {"published": None}, "expect_column_values_to_not_be_null(published)"),
    ("published before 1990", {"published": dt.date(1989, 12, 31)},
     "expect_column_values_to_be_between(published_year)"),
    ("published in the future", {"published": TODAY + dt.timedelta(days=30)},
     "expect_column_values_to_be_between(published_days_ahead)"),
    ("unknown published_source", {"published_source": "rumour"},
     "expect_column_values_to_be_in_set(published_source)"),
    ("null published_source", {"published_source": None},
     "expect_column_values_to_not_be_null(published_source)"),
    ("title on two lines", {"title": "Line one\nline two"}, "expect_column_values_to_match_regex(title)"),
    ("title with trailing space", {"title": "A title "}, "expect_column_values_to_match_regex(title)"),
    ("title over 1,000 characters", {"title": "t" * 1001}, "expect_column_value_lengths_to_be_between(title)"),
    ("url that is not http(s)", {"url": "ftp://news.example.org/a"}, "expect_column_values_to_match_regex(url)"),
    ("url with a space", {"url": "https://news.example.org/a b"}, "expect_column_values_to_match_regex(url)"),
    ("null origin", {"origin": None}, "expect_column_values_to_not_be_null(origin)"),
]
DUPLICATE = "expect_column_values_to_be_unique(article_key)"
STORED_CONFLICT = "expect_column_values_to_be_in_set(no_stored_id_conflict)"


def _bad(rows, changes: dict) -> dict:
    bad = rows.article("bad", text="A different article text about sanctions.")
    bad.update(changes)
    return bad


@pytest.mark.parametrize("changes,label", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_an_article_breaking_an_expectation_is_quarantined_and_good_ones_stored(rows, changes, label):
    good1 = rows.article("good1", text="First good article.")
    good2 = rows.article("good2", text="Second good article.", title=None, url=None)  # absent is fine
    bad = _bad(rows, changes)
    outcome, counts = rows.ingest([good1, bad, good2], run_id="run-3")

    assert outcome.checked == 3 and counts.new == 2
    assert sorted(rows.column("SELECT article_id FROM articles")) == ["good1", "good2"]
    held = rows.quarantine("articles")
    assert len(held) == 1, held
    assert label in held[0]["failed_expectations"], held[0]["failed_expectations"]
    row = json.loads(held[0]["row_json"])
    assert row["text"] == bad["text"] and row["article_id"] == bad["article_id"]
    assert row["run_id"] == "run-3" and row["ingested_at"] is not None  # the full articles row


def test_two_texts_under_one_id_in_a_batch_are_both_held(rows):
    a = rows.article("dup", text="One text.")
    b = rows.article("dup", text="Another text.")
    outcome, counts = rows.ingest([a, rows.article("ok", text="Fine."), b])
    assert rows.column("SELECT article_id FROM articles") == ["ok"]
    held = rows.quarantine("articles")
    assert [json.loads(q["row_json"])["text"] for q in held] == ["One text.", "Another text."]
    assert all(DUPLICATE in q["failed_expectations"] for q in held)


def test_an_exact_repeat_in_a_batch_is_known_not_quarantined(rows):
    a = rows.article("same", text="Same text.")
    outcome, counts = rows.ingest([a, dict(a)])
    assert outcome.quarantined.height == 0
    assert counts.new == 1 and counts.known == 1
    assert rows.quarantine() == []


def test_a_known_id_with_another_text_is_held_not_silently_dropped(rows):
    rows.ingest([rows.article("x1", text="The first version.")])
    outcome, counts = rows.ingest([rows.article("x1", text="An edited version.")])
    assert counts.new == 0 and outcome.quarantined.height == 1
    (q,) = rows.quarantine("articles")
    assert STORED_CONFLICT in q["failed_expectations"]
    assert rows.column("SELECT text FROM articles") == ["The first version."]


def test_reingesting_the_same_input_is_known_and_adds_nothing(rows):
    batch = [rows.article("a", text="Text A."), rows.article("b", text="Text B.", language="de")]
    rows.ingest(batch)
    again, counts = rows.ingest(batch, run_id="run-2")
    assert counts.known == 1 and again.quarantined.height == 1
    # the held German article is not stored twice in quarantine while it waits
    assert len(rows.quarantine("articles")) == 1


def test_every_articles_expectation_has_a_case():
    suite = load_suite("articles", check=False, codebook=_FakeCodebook())
    labels = {expectation_label(e["type"], e["kwargs"]) for e in suite.expectations}
    assert labels == {c[2] for c in CASES} | {DUPLICATE, STORED_CONFLICT}


class _FakeCodebook:
    parties = issues = stances = languages = ("x",)
    hardness = {"x": 0}


def test_the_seed_articles_pass(rows):
    from negotrack.config import Settings
    from negotrack.ingest import read_sources
    from support import SEEDS

    batch = read_sources([str(SEEDS)], Settings())
    assert batch.articles.height == len(list(SEEDS.iterdir()))
    outcome, counts = rows.ingest(batch.articles.to_dicts())
    assert outcome.quarantined.height == 0, outcome.quarantined.select("article_id", "failed_expectations")
    assert counts.new == batch.articles.height


def test_the_dev_corpus_articles_pass(rows):
    from negotrack.config import Settings
    from negotrack.ingest import read_sources
    from support import DEV_CORPUS

    batch = read_sources([str(DEV_CORPUS / "articles.jsonl")], Settings())
    assert batch.articles.height == 40
    outcome, _ = rows.ingest(batch.articles.to_dicts())
    assert outcome.quarantined.height == 0, outcome.quarantined.select("article_id", "failed_expectations")
