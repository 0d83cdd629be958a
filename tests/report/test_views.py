"""The report views on the fixture corpus (hand-labelled positions, real DuckDB file)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from negotrack import store


def _shifts(con, period: str) -> list[dict]:
    return con.sql(
        "SELECT * FROM position_shifts WHERE period = $p ORDER BY after_period_start, party, issue",
        params={"p": period},
    ).pl().to_dicts()


def test_shifts_view_lists_exactly_the_planted_shifts_with_both_quotes(fixture_db, corpus):
    planted = corpus.shifts()
    texts = {a["article_id"]: a for a in corpus.load()}
    with store.connect(fixture_db, read_only=True) as con:
        for period in ("day", "week"):
            got = _shifts(con, period)
            want = planted[period]
            assert sorted(
                (r["party"], r["issue"], r["before_period_start"].isoformat(), r["after_period_start"].isoformat(),
                 r["before_stance"], r["after_stance"], r["direction"]) for r in got
            ) == sorted(
                (w["party"], w["issue"], w["before_date"], w["after_date"], w["before_stance"], w["after_stance"],
                 w["direction"]) for w in want
            ), period
            for r in got:
                for side in ("before", "after"):
                    quote, aid = r[f"{side}_evidence"], r[f"{side}_article_id"]
                    assert quote and quote in texts[aid]["text"], (side, r)
                    assert r[f"{side}_url"] == texts[aid]["url"]
        # the day-level quotes come from the planted articles
        for r, w in zip(_shifts(con, "day"), sorted(planted["day"], key=lambda w: (w["after_date"], w["party"]))):
            assert r["before_article_id"] == Path(w["before_file"]).stem
            if w["after_file"]:
                assert r["after_article_id"] == Path(w["after_file"]).stem


def test_no_shift_when_a_party_repeats_itself(fixture_db):
    with store.connect(fixture_db, read_only=True) as con:
        repeated = con.execute(
            "SELECT count(*) FROM position_timeline WHERE period = 'day' AND issue = 'sanctions'"
        ).fetchall()[0][0]
        shifts = con.execute("SELECT count(*) FROM position_shifts WHERE issue = 'sanctions'").fetchall()[0][0]
    assert repeated == 5  # US pressure twice, Iran insist three times
    assert shifts == 0


def test_a_syndicated_copy_is_not_a_second_source(fixture_db):
    q = ("SELECT n_sources, n_positions, n_articles, evidence_outlets, evidence_article_id FROM position_timeline "
         "WHERE period = 'day' AND party = 'usa' AND issue = 'enrichment' AND period_start = ?")
    with store.connect(fixture_db, read_only=True) as con:
        copies = con.execute("SELECT article_id, original_id FROM syndication ORDER BY article_id").fetchall()
        monday = con.execute(q, [date(2025, 4, 14)]).fetchall()
        tuesday = con.execute(q, [date(2025, 4, 15)]).fetchall()
        story = con.execute(
            "SELECT story_articles, story_outlets, story_outlet_names FROM article_stories "
            "WHERE article_id = '2025-04-14-en-meridian-witkoff-interview'"
        ).fetchall()
    # the Monday interview ran in three outlets: one independent source, three articles
    assert copies == [
        ("2025-04-14-en-capital-daily-witkoff", "2025-04-14-en-meridian-witkoff-interview"),
        ("2025-04-15-en-lakeside-witkoff", "2025-04-14-en-meridian-witkoff-interview"),
    ]
    assert monday == [(1, 1, 3, 3, "2025-04-14-en-meridian-witkoff-interview")]
    assert story == [(3, 3, ["Capital Daily Online", "Lakeside Times", "Meridian Wire"])]
    # the Tuesday reversal was reported by two outlets independently: two sources
    assert tuesday[0][:3] == (2, 2, 2)


def test_without_syndication_the_copies_would_count_as_sources(fixture_db):
    """Control for the test above: the count it checks does depend on the syndication table."""
    with store.connect(fixture_db) as con:
        con.execute("DELETE FROM syndication")
        n = con.execute(
            "SELECT n_sources FROM position_timeline WHERE period = 'day' AND party = 'usa' "
            "AND issue = 'enrichment' AND period_start = DATE '2025-04-14'"
        ).fetchall()
    assert n == [(3,)]


def test_timeline_periods_and_dominant_stance(fixture_db):
    with store.connect(fixture_db, read_only=True) as con:
        rows = con.execute(
            "SELECT period, period_start, period_end, dominant_stance, mean_hardness, n_sources, stances "
            "FROM position_timeline WHERE party = 'usa' AND issue = 'enrichment' ORDER BY period, period_start"
        ).fetchall()
    by_period = {}
    for r in rows:
        by_period.setdefault(r[0], []).append(r[1:])
    assert [r[0] for r in by_period["day"]] == [date(2025, 4, 12), date(2025, 4, 14), date(2025, 4, 15)]
    # week of Monday 14 April: open once, refuse from two sources -> refuse dominates, mean (−1+2+2)/3
    assert by_period["week"][1] == (date(2025, 4, 14), date(2025, 4, 20), "refuse", 1.0, 3, ["open", "refuse"])
    assert by_period["month"] == [(date(2025, 4, 1), date(2025, 4, 30), "refuse", 1.0, 4, ["insist", "open", "refuse"])]


def test_issue_gaps_carry_each_party_forward(fixture_db):
    with store.connect(fixture_db, read_only=True) as con:
        rows = con.execute(
            "SELECT period_start, hardness_by_party, stated_by, spread, trend FROM issue_gaps "
            "WHERE period = 'day' AND issue = 'enrichment' ORDER BY period_start"
        ).fetchall()
    got = {r[0].isoformat(): r for r in rows}
    assert got["2025-04-14"][1] == {"iran": 2.0, "usa": -1.0}  # Iran carried from the 12th
    assert got["2025-04-14"][2] == ["usa"]
    assert (got["2025-04-14"][3], got["2025-04-14"][4]) == (3.0, "diverging")
    assert (got["2025-04-15"][3], got["2025-04-15"][4]) == (0.0, "converging")
    assert got["2025-04-17"][1] == {"e3": 1.0, "iran": -1.0, "usa": 2.0}


def test_views_answer_queries_in_the_duckdb_shell(fixture_db):
    """Analysts query the file with the duckdb shell (1.5.x); the views must work there too."""
    shell = Path(sys.executable).parent / "duckdb"
    res = subprocess.run(
        [str(shell), "-readonly", "-csv", str(fixture_db.db), "-c",
         "SELECT party, before_stance, after_stance FROM position_shifts WHERE period = 'day' "
         "ORDER BY after_period_start; SELECT spread FROM issue_gaps WHERE period = 'day' "
         "AND issue = 'enrichment' ORDER BY period_start DESC LIMIT 1"],
        capture_output=True, text=True, timeout=60,
    )
    assert res.returncode == 0, res.stderr
    assert "usa,insist,open\nusa,open,refuse\niran,refuse,open" in res.stdout
    assert "spread\n3.0" in res.stdout
