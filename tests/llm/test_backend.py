"""The llm and hybrid backends over a batch: statements, drops, failures, cache (no Prefect)."""

from __future__ import annotations

from datetime import date

import polars as pl

from negotrack import store
from negotrack.extract import EXTRACTOR_VERSION
from negotrack.llm.backend import extract_frame_llm, extractor_version

A1 = ("Iranian Foreign Minister Abbas Araghchi said on Saturday that enrichment is our inalienable right "
      "and will continue. The talks ended without a date for the next round.")
A2 = "Washington said new sanctions on Iran's oil exports would be announced soon."
A3 = "The weather in Muscat was mild and the delegations dined together."
A4 = "Russia's foreign ministry said it opposed the return of the sanctions."

GOOD = [{"party": "iran", "issue": "enrichment", "stance": "insist", "actor": "Araghchi",
         "evidence": "enrichment is our inalienable right and will continue", "date": "2026-02-07"},
        {"party": "iran", "issue": "enrichment", "stance": "refuse", "actor": "Araghchi",
         "evidence": "Iran will never stop enriching", "date": None},  # invented
        {"party": "hezbollah", "issue": "enrichment", "stance": "insist", "actor": None,
         "evidence": "enrichment is our inalienable right", "date": None}]  # unknown party


def _articles(*texts):
    return pl.DataFrame({
        "article_id": [f"a{i + 1}" for i in range(len(texts))],
        "text": list(texts),
        "language": ["en"] * len(texts),
        "published": [date(2026, 2, 8)] * len(texts),
    })


def _llm(settings, stub, mode="llm", **kw):
    return settings.model_copy(update={"extractor": mode, "llm_base_url": stub.base_url, "llm_model": "m",
                                       "llm_retries": 1, "llm_timeout_s": 5.0, **kw})


def test_llm_batch_keeps_verified_statements_counts_drops_and_caches(settings, stub, cb):
    stub.on("Araghchi said", positions=GOOD)
    stub.on("new sanctions", positions=[{"party": "usa", "issue": "sanctions", "stance": "pressure",
                                         "actor": None, "evidence": "new sanctions on Iran’s oil exports",
                                         "date": None}], fail_first=1)  # 429 first
    s = _llm(settings, stub)
    batch = extract_frame_llm(_articles(A1, A2, A3), cb, s)
    got = {(r["article_id"], r["party"], r["issue"], r["stance"]) for r in batch.statements.iter_rows(named=True)}
    assert got == {("a1", "iran", "enrichment", "insist"), ("a2", "usa", "sanctions", "pressure")}
    texts = {"a1": A1, "a2": A2}
    for r in batch.statements.iter_rows(named=True):
        assert texts[r["article_id"]][r["char_start"]:r["char_end"]] == r["evidence"]
    # the curly apostrophe the model wrote is found, and the article's own text is stored
    assert "Iran's oil exports" in batch.statements.filter(pl.col("article_id") == "a2")["evidence"][0]
    assert batch.counts["statements_unverified"] == 1 and batch.counts["statements_unknown"] == 1
    assert batch.counts["llm_calls"] == 4  # three articles, one 429 retried
    assert batch.counts["llm_tokens"] == 3 * 110 and batch.counts["llm_failures"] == 0
    assert dict(batch.articles.iter_rows()) == {"a1": 1, "a2": 1, "a3": 0}
    with store.connect(settings, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM llm_cache WHERE model = 'm'").fetchall()[0][0] == 3

    before = stub.requests
    again = extract_frame_llm(_articles(A1, A2, A3), cb, s)  # e.g. `extract --all`
    assert stub.requests == before and again.counts["llm_calls"] == 0
    assert again.statements.sort("statement_id").equals(batch.statements.sort("statement_id"))

    other = extract_frame_llm(_articles(A1), cb, s.model_copy(update={"llm_model": "m2"}))
    assert other.counts["llm_calls"] == 1  # another model: not the same cache entry


def test_failed_articles_are_reported_not_stored_and_the_rest_lands(settings, stub, cb):
    stub.on("Araghchi said", positions=GOOD)
    stub.on("new sanctions", raw="{\"positions\": [{\"party\": ")  # malformed, every time
    stub.on("weather", positions=[], delay_s=2.0)  # slower than the timeout, every time
    s = _llm(settings, stub, llm_timeout_s=0.5)
    batch = extract_frame_llm(_articles(A1, A2, A3), cb, s)
    assert batch.articles["article_id"].to_list() == ["a1"]
    reasons = dict(batch.failures.iter_rows())
    assert set(reasons) == {"a2", "a3"}
    assert "malformed" in reasons["a2"] and "timeout" in reasons["a3"]
    assert batch.counts["llm_failures"] == 2
    assert stub.hits["new sanctions"] == 2  # a malformed answer is asked again once
    with store.connect(settings, read_only=True) as con:  # only the good answer is cached
        assert con.execute("SELECT count(*) FROM llm_cache").fetchall()[0][0] == 1


def test_hybrid_sends_only_articles_naming_an_issue_with_the_rule_candidates(settings, stub, cb):
    stub.on("Araghchi said", positions=[GOOD[0]])
    stub.on("Russia's foreign ministry", positions=[])  # the model drops the rules' candidate
    s = _llm(settings, stub, mode="hybrid")
    batch = extract_frame_llm(_articles(A1, A3, A4), cb, s)
    assert stub.requests == 2 and "weather" not in str(stub.log)  # A3 names no issue: no call
    sent = [m for r in stub.log for m in r["body"]["messages"] if m["role"] == "user"]
    russia = next(m["content"] for m in sent if "Russia's" in m["content"])
    assert '"party": "russia"' in russia and "Confirm those that are right" in russia
    rows = batch.statements.to_dicts()
    assert [(r["article_id"], r["party"], r["stance"]) for r in rows] == [("a1", "iran", "insist")]
    # the rules found the same position: the model confirmed it and the rules' statement is kept
    assert rows[0]["cue"] != "llm"
    assert dict(batch.articles.iter_rows()) == {"a1": 1, "a2": 0, "a3": 0}


def test_extractor_version_names_backend_and_model(settings, cb):
    rules = extractor_version(settings, cb)
    llm = extractor_version(settings.model_copy(update={"extractor": "llm", "llm_model": "a"}), cb)
    llm_b = extractor_version(settings.model_copy(update={"extractor": "llm", "llm_model": "b"}), cb)
    hybrid = extractor_version(settings.model_copy(update={"extractor": "hybrid", "llm_model": "a"}), cb)
    assert rules == EXTRACTOR_VERSION
    assert len({rules, llm, llm_b, hybrid}) == 4
    assert llm.startswith("llm:a:") and hybrid.startswith("hybrid+") and ":a:" in hybrid
