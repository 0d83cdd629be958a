"""`negotrack run --extractor llm` end to end: the real console script against a real
HTTP stub of the chat-completions API on 127.0.0.1 (no model, no network)."""

from __future__ import annotations

import json

from pathlib import Path

import duckdb
import pytest

from llm_stub import Canned
from support import SEEDS, run_cli

pytestmark = pytest.mark.slow

SECRET = "sk-never-store-this-8c1f"

MUSCAT = "Witkoff told reporters"
SNAPBACK = "snapback mechanism"
WITKOFF = {"party": "usa", "issue": "enrichment", "stance": "open", "actor": "Steve Witkoff", "date": "2025-04-12",
           "evidence": "Washington was open to a deal in which Iran could keep enriching uranium at a low level"}
ARAGHCHI = {"party": "iran", "issue": "sanctions", "stance": "insist", "actor": "Araghchi", "date": None,
            # other case and spacing than the article's: found after normalisation
            "evidence": "“any agreement must begin with the lifting of sanctions,  all of them”"}
INVENTED = {"party": "iran", "issue": "ballistic_missiles", "stance": "refuse", "actor": "Abbas Araghchi",
            "date": None, "evidence": "Iran will never negotiate over its missiles"}
BAGHAEI = {"party": "iran", "issue": "sanctions", "stance": "refuse", "actor": "Esmaeil Baghaei", "date": "2025-08-28",
           "evidence": 'the move was "illegal and null and void" and that Tehran did not recognise it'}
UNKNOWN = {"party": "un_security_council", "issue": "sanctions", "stance": "pressure", "actor": None, "date": None,
           "evidence": "restore United Nations sanctions on Iran"}


def _env(cli_env, work: Path, stub, **extra) -> dict[str, str]:
    return {**cli_env, "NEGOTRACK_DB": str(work / "llm.duckdb"), "NEGOTRACK_EXTRACTOR": "llm",
            "NEGOTRACK_LLM_BASE_URL": stub.base_url, "NEGOTRACK_LLM_MODEL": "m",
            "NEGOTRACK_LLM_API_KEY": SECRET, "NEGOTRACK_LLM_RETRIES": "2", **extra}


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_llm_run_stores_verified_positions_and_a_second_run_asks_nothing(tmp_path, cli_env, stub):
    stub.on(MUSCAT, positions=[WITKOFF, ARAGHCHI, INVENTED])
    stub.on(SNAPBACK, positions=[BAGHAEI, UNKNOWN], fail_first=1)  # 429, then the answer
    env = _env(cli_env, tmp_path, stub)
    n_articles = len(list(SEEDS.iterdir()))

    first = run_cli(["run", str(SEEDS)], env, tmp_path)
    assert first.returncode == 0, first.stderr
    assert stub.requests == n_articles + 1  # one per article, the 429 once more
    assert all(r["headers"].get("Authorization") == f"Bearer {SECRET}" for r in stub.log)
    db = tmp_path / "llm.duckdb"
    stored = _rows(db, "SELECT party, issue, stance, actor, evidence, cue, rule, extractor_version, "
                       "evidence = substr(a.text, char_start + 1, char_end - char_start) "
                       "FROM statements JOIN articles a USING (article_id) ORDER BY party, stance")
    assert {(r[0], r[1], r[2]) for r in stored} == {
        ("usa", "enrichment", "open"), ("iran", "sanctions", "insist"), ("iran", "sanctions", "refuse")}
    assert all(r[8] for r in stored)  # evidence is the article's text at the offsets
    assert all(r[5] == "llm" and r[6] == "m" and r[7].startswith("llm:m:") for r in stored)
    by_stance = {r[2]: r for r in stored}
    assert by_stance["insist"][4] == "Any agreement must begin with the lifting of sanctions, all of them"
    assert by_stance["insist"][3] == "Abbas Araghchi" and by_stance["refuse"][3] == "Esmaeil Baghaei"
    assert not any("never negotiate" in r[4] for r in stored)
    (run,) = _rows(db, "SELECT llm_calls, llm_tokens, statements_unverified, statements_unknown, llm_failures, "
                       "statements, statements_kept, params FROM runs")
    assert run[:5] == (n_articles + 1, n_articles * 110, 1, 1, 0)
    assert run[5] == run[6] == 3
    params = json.loads(run[7])  # the run says which extractor and model, not where or with what key
    assert params["extractor"] == "llm" and params["llm_model"] == "m"
    assert stub.base_url not in run[7] and SECRET not in run[7]
    assert "model calls" in first.stdout and "evidence not in text" in first.stdout

    second = run_cli(["run", str(SEEDS)], env, tmp_path)
    assert second.returncode == 0, second.stderr
    assert stub.requests == n_articles + 1  # no model call: nothing pending
    assert len(_rows(db, "SELECT * FROM statements")) == 3

    # the API key is in no file the runs wrote (database, Prefect's database and logs)
    # and in no output
    for out in (first.stdout, first.stderr, second.stdout, second.stderr):
        assert SECRET not in out
    leaks = [p for root in (tmp_path, Path(cli_env["PREFECT_HOME"])) for p in root.rglob("*")
             if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert leaks == []


def test_failed_article_stays_pending_and_the_next_run_asks_only_for_it(tmp_path, cli_env, stub):
    stub.on(SNAPBACK, raw='{"positions": [{"party": "iran", ')  # malformed every time
    env = _env(cli_env, tmp_path, stub)
    n_articles = len(list(SEEDS.iterdir()))

    first = run_cli(["run", str(SEEDS)], env, tmp_path)
    assert first.returncode == 0, first.stderr
    db = tmp_path / "llm.duckdb"
    assert "stay pending" in first.stdout
    (failure,) = _rows(db, "SELECT a.text, f.reason FROM llm_failures f JOIN articles a USING (article_id)")
    assert SNAPBACK in failure[0] and "malformed" in failure[1]
    assert _rows(db, "SELECT count(*) FROM extractions")[0][0] == n_articles - 1
    assert _rows(db, "SELECT llm_failures, articles_extracted FROM runs")[0] == (1, n_articles - 1)

    stub.rules[SNAPBACK] = Canned(positions=[BAGHAEI])  # the server answers properly now
    before = stub.requests
    second = run_cli(["run", str(SEEDS)], env, tmp_path)
    assert second.returncode == 0, second.stderr
    assert stub.requests == before + 1  # only the article that failed
    assert _rows(db, "SELECT count(*) FROM extractions")[0][0] == n_articles
    assert _rows(db, "SELECT party, stance FROM statements") == [("iran", "refuse")]


def test_rules_stay_the_default_and_ask_no_model(tmp_path, cli_env, stub):
    env = {**_env(cli_env, tmp_path, stub), "NEGOTRACK_EXTRACTOR": ""}
    env.pop("NEGOTRACK_EXTRACTOR")
    res = run_cli(["run", str(SEEDS)], env, tmp_path)
    assert res.returncode == 0, res.stderr
    assert stub.requests == 0
    versions = _rows(tmp_path / "llm.duckdb", "SELECT DISTINCT extractor_version FROM extractions")
    assert len(versions) == 1 and versions[0][0].startswith("rules-")
    (params,) = _rows(tmp_path / "llm.duckdb", "SELECT params FROM runs")[0]
    assert json.loads(params)["extractor"] == "rules" and "llm_model" not in json.loads(params)
    assert "model calls" not in res.stdout


@pytest.mark.parametrize("env_extra, args, says", [
    ({"NEGOTRACK_EXTRACTOR": "llm"}, ["run"], "NEGOTRACK_LLM_BASE_URL and NEGOTRACK_LLM_MODEL"),
    ({"NEGOTRACK_LLM_MODEL": "m"}, ["run", "--extractor", "hybrid"], "needs NEGOTRACK_LLM_BASE_URL"),
    ({"NEGOTRACK_EXTRACTOR": "llm", "NEGOTRACK_LLM_MODEL": "m", "NEGOTRACK_LLM_BASE_URL": "localhost:11434"},
     ["run"], "must start with http"),
    ({"NEGOTRACK_EXTRACTOR": "gpt"}, ["run"], "NEGOTRACK_EXTRACTOR"),
])
def test_llm_config_errors_are_one_line_exit_2_before_anything_runs(tmp_path, cli_env, env_extra, args, says):
    env = {**cli_env, "NEGOTRACK_DB": str(tmp_path / "x.duckdb"), **env_extra}
    res = run_cli([*args, str(SEEDS)], env, tmp_path, timeout=60)
    assert res.returncode == 2, res.stderr
    assert says in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.duckdb").exists()  # nothing ran


def test_eval_scores_the_llm_backend(tmp_path, cli_env, stub):
    """`negotrack eval --extractor llm` scores what the model said: one right, one wrong."""
    import json

    arts = [
        {"id": "g1", "language": "en", "published": "2026-02-08", "title": "t",
         "text": "Araghchi said on Saturday that enrichment is our right and will continue."},
        {"id": "g2", "language": "en", "published": "2026-02-08", "title": "t",
         "text": "Washington said it could ease sanctions if Iran complies."},
    ]
    gold = [{"article_id": "g1", "party": "iran", "issue": "enrichment", "stance": "insist",
             "actor": "Abbas Araghchi", "date": "2026-02-07", "evidence": arts[0]["text"]},
            {"article_id": "g2", "party": "usa", "issue": "sanctions", "stance": "open",
             "actor": None, "date": "2026-02-08", "evidence": arts[1]["text"]}]
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
    (folder / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    stub.on("enrichment is our right", positions=[{
        "party": "iran", "issue": "enrichment", "stance": "insist", "actor": "Araghchi", "date": "2026-02-07",
        "evidence": "enrichment is our right and will continue"}])
    stub.on("ease sanctions", positions=[{  # the wrong stance: a false alarm and a miss
        "party": "usa", "issue": "sanctions", "stance": "pressure", "actor": None, "date": None,
        "evidence": "it could ease sanctions"}])
    env = {k: v for k, v in _env(cli_env, tmp_path, stub).items() if k != "NEGOTRACK_EXTRACTOR"}
    res = run_cli(["eval", str(folder), "--extractor", "llm", "--json"], env, tmp_path)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    overall = report["facets"]["all"]["all"]
    assert (overall["tp"], overall["fp"], overall["fn"]) == (1, 1, 1)
    assert report["actor_accuracy"] == 1.0 and report["date_accuracy"] == 1.0
    assert report["run"]["llm_calls"] == 2
    assert stub.requests == 2
