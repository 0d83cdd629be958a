"""End to end: `negotrack run` on the fixture corpus (real ingest, extractor, validation)
ends with a report; syndicated copies are detected at ingest and counted as such."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from negotrack import store
from negotrack.config import Settings

pytestmark = pytest.mark.slow


def _run(args, env, cwd):
    exe = Path(sys.executable).parent / "negotrack"
    return subprocess.run([str(exe), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_run_detects_syndication_and_writes_the_report(tmp_path, cli_env, corpus):
    env = dict(cli_env, NEGOTRACK_DATA_DIR=str(tmp_path / "data"), NEGOTRACK_REPORTS_DIR=str(tmp_path / "reports"))
    db = tmp_path / "run.duckdb"
    res = _run(["--db", str(db), "run", str(corpus.dir / "articles")], env, tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    lines = {ln.rsplit(None, 1)[0].strip(): ln.rsplit(None, 1)[-1] for ln in res.stdout.splitlines()
             if ln.strip() and ln.rsplit(None, 1)[-1].isdigit()}
    assert (lines["inputs"], lines["new articles"], lines["syndicated copies"]) == ("9", "7", "2")
    assert res.stdout.count("report: ") == 3  # the run's summary names the report files
    reports = sorted((tmp_path / "reports").glob("report-*"))
    assert [p.suffix for p in reports] == [".html", ".json", ".md"]
    latest = json.loads((tmp_path / "reports" / "latest.json").read_text())

    settings = Settings(db=db)
    with store.connect(settings, read_only=True) as con:
        copies = con.execute(
            "SELECT regexp_extract(c.origin, '[^/]+$'), regexp_extract(o.origin, '[^/]+$') FROM syndication s "
            "JOIN articles c ON c.article_id = s.article_id JOIN articles o ON o.article_id = s.original_id "
            "ORDER BY 1"
        ).fetchall()
        view = con.sql("SELECT shift_id, party, issue, before_period_start, after_period_start, before_stance, "
                       "after_stance FROM position_shifts WHERE period = 'day'").pl().to_dicts()
        monday = con.execute(
            "SELECT n_sources, n_articles FROM position_timeline WHERE period = 'day' AND party = 'usa' "
            "AND issue = 'enrichment' AND period_start = DATE '2025-04-14'"
        ).fetchall()
        runs = con.execute("SELECT articles_new, articles_syndicated FROM runs").fetchall()
    assert copies == [
        ("2025-04-14-en-capital-daily-witkoff.md", "2025-04-14-en-meridian-witkoff-interview.md"),
        ("2025-04-15-en-lakeside-witkoff.md", "2025-04-14-en-meridian-witkoff-interview.md"),
    ]
    assert runs == [(7, 2)]
    assert monday == [(1, 3)]  # three articles, one independent source

    # the report lists exactly the shifts of the view, each with both quotes
    assert sorted(s["shift_id"] for s in latest["shifts"]) == sorted(v["shift_id"] for v in view)
    assert all(s[side]["quote"]["text"] and s[side]["quote"]["url"] for s in latest["shifts"]
               for side in ("before", "after"))
    # the US envoy's planted turn: open on Monday, then "not even one percent" on Tuesday
    got = {(v["party"], v["issue"], v["after_period_start"].isoformat()): (v["before_stance"], v["after_stance"])
           for v in view}
    assert got[("usa", "enrichment", "2025-04-14")][1] == "open"
    assert got[("usa", "enrichment", "2025-04-15")] == ("open", "refuse")
    current = {(c["party"], c["issue"]): c for c in latest["current"]}
    assert current[("iran", "enrichment")]["stance"] == "open"
    assert current[("iran", "enrichment")]["quote"]["dir"] == "rtl"

    # a second run over the same folder: nothing new, nothing syndicated twice
    again = _run(["--db", str(db), "run", str(corpus.dir / "articles")], env, tmp_path)
    assert again.returncode == 0, again.stderr
    with store.connect(settings, read_only=True) as con:
        last = con.execute("SELECT inputs, articles_new, articles_known, articles_syndicated FROM runs "
                           "ORDER BY started_at DESC LIMIT 1").fetchall()
        assert con.execute("SELECT count(*) FROM syndication").fetchall()[0][0] == 2
    assert last == [(9, 0, 9, 0)]
