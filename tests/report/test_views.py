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


def test_issue_moves_measure_each_party_against_its_own_past(fixture_db):
    """Planted: US insist → open (14th) → refuse (15th); Iran refuse (12th) → open (17th);
    the E3 have spoken by the 17th. Nobody is compared with anybody else."""
    with store.connect(fixture_db, read_only=True) as con:
        cur = con.execute("SELECT * FROM issue_moves WHERE period = 'day' AND issue = 'enrichment' "
                          "ORDER BY period_start")
        columns = [d[0] for d in cur.description]
        rows = {r[2].isoformat(): dict(zip(columns, r)) for r in cur.fetchall()}
    # nothing that reads equal hardness as agreement or a difference as distance
    assert not {"spread", "trend", "hardest_party", "softest_party", "previous_spread"} & set(columns)
    day14 = rows["2025-04-14"]
    assert day14["stance_by_party"] == {"iran": "refuse", "usa": "open"}  # Iran carried from the 12th
    assert (day14["stated_by"], day14["softened"], day14["hardened"]) == (["usa"], ["usa"], [])
    assert (rows["2025-04-15"]["hardened"], rows["2025-04-15"]["softened"]) == (["usa"], [])
    day17 = rows["2025-04-17"]
    assert day17["softened"] == ["iran"]
    assert "e3" in day17["stance_by_party"]
    assert "usa" not in day17["hardened"] + day17["softened"]


def test_views_answer_queries_in_the_duckdb_shell(fixture_db):
    """Analysts query the file with the duckdb shell (1.5.x); the views must work there too."""
    shell = Path(sys.executable).parent / "duckdb"
    res = subprocess.run(
        [str(shell), "-readonly", "-csv", str(fixture_db.db), "-c",
         "SELECT party, before_stance, after_stance FROM position_shifts WHERE period = 'day' "
         "ORDER BY after_period_start; SELECT softened FROM issue_moves WHERE period = 'day' "
         "AND issue = 'enrichment' AND period_start = DATE '2025-04-17'"],
        capture_output=True, text=True, timeout=60,
    )
    assert res.returncode == 0, res.stderr
    assert "usa,insist,open\nusa,open,refuse\niran,refuse,open" in res.stdout
    assert "softened\n[iran]" in res.stdout


def _timeline_over(con, rows: list[tuple], periods: list[str]) -> list[dict]:
    """``position_timeline_of`` over hand-made independent positions of one party and issue:
    rows are (article_id, stance, date, n_outlets, confidence)."""
    con.execute("CREATE OR REPLACE TEMP TABLE hand_positions AS SELECT * FROM independent_positions LIMIT 0")
    for article_id, stance, day, n_outlets, confidence in rows:
        con.execute(
            "INSERT INTO hand_positions BY NAME SELECT ? AS article_id, ? AS story_id, 'iran' AS party, "
            "'enrichment' AS issue, ? AS stance, 1 AS hardness, ? AS date, ? AS evidence, ? AS n_outlets, "
            "? AS confidence, 1 AS n_statements, 1 AS n_articles",
            [article_id, article_id, stance, day, f"quote of {article_id}", n_outlets, confidence])
    return con.sql("SELECT * FROM position_timeline_of('hand_positions', periods := $p) "
                   "ORDER BY period, period_start", params={"p": periods}).pl().to_dicts()


def test_representative_quote_most_outlets_then_confidence_then_latest_then_smallest_id(tmp_path):
    from negotrack.config import Settings

    with store.connect(Settings(db=tmp_path / "t.duckdb")) as con:
        week = date(2026, 3, 2)  # a Monday
        # each pair differs only in the criterion that must decide between them
        cases = {
            "outlets":    [("a1", "refuse", week, 1, 0.9), ("a2", "refuse", week, 3, 0.1)],
            "confidence": [("b1", "refuse", week, 2, 0.5), ("b2", "refuse", week, 2, 0.8)],
            "latest":     [("c1", "refuse", week, 2, 0.5), ("c2", "refuse", date(2026, 3, 4), 2, 0.5)],
            "smallest":   [("d2", "refuse", week, 2, 0.5), ("d1", "refuse", week, 2, 0.5)],
            "no confidence ranks last": [("e1", "refuse", week, 2, None), ("e2", "refuse", week, 2, 0.1)],
        }
        want = {"outlets": "a2", "confidence": "b2", "latest": "c2", "smallest": "d1",
                "no confidence ranks last": "e2"}
        for name, rows in cases.items():
            (week_row,) = _timeline_over(con, rows, ["week"])
            assert week_row["evidence_article_id"] == want[name], name
            assert week_row["evidence"] == f"quote of {want[name]}", name
            assert week_row["n_positions"] == 2, name


def test_timeline_macro_computes_each_asked_period_once(tmp_path):
    from negotrack.config import Settings

    with store.connect(Settings(db=tmp_path / "t.duckdb")) as con:
        rows = [("a1", "refuse", date(2026, 3, 2), 1, 0.9), ("a2", "insist", date(2026, 3, 3), 1, 0.9)]
        got = _timeline_over(con, rows, ["week", "day", "week"])
        assert [(r["period"], r["n_positions"]) for r in got] == [("day", 1), ("day", 1), ("week", 2)]
        assert {r["period"] for r in _timeline_over(con, rows, ["month"])} == {"month"}
        # the view itself still has every period
        assert {r[0] for r in con.execute("SELECT DISTINCT period FROM position_timeline_of('hand_positions')")
                .fetchall()} == {"day", "week", "month"}


def test_positions_take_actor_and_date_from_the_first_mention_and_evidence_from_the_most_confident(tmp_path):
    from negotrack.config import Settings

    # (statement_id, char_start, actor, stated_on, evidence, confidence) of one position
    mentions = [
        ("s3", 300, "Araghchi", date(2026, 3, 5), "third, most confident", 0.9),
        ("s1", 100, None, date(2026, 3, 3), "first in the text", 0.5),
        ("s2", 200, "Baghaei", date(2026, 3, 4), "second", 0.5),
        ("s4", 400, None, date(2026, 3, 6), "fourth, as confident as the third", 0.9),
    ]
    with store.connect(Settings(db=tmp_path / "t.duckdb")) as con:
        for sid, start, actor, day, evidence, confidence in mentions:
            con.execute(
                "INSERT INTO statements BY NAME SELECT ? AS statement_id, 'a1' AS article_id, 'iran' AS party, "
                "? AS actor, 'enrichment' AS issue, 'refuse' AS stance, 2 AS hardness, ? AS stated_on, "
                "'stated' AS date_source, ? AS evidence, ? AS char_start, ? + 10 AS char_end, ? AS confidence, "
                "'test' AS extractor_version, 'test' AS codebook_hash, now()::TIMESTAMP AS extracted_at",
                [sid, actor, day, evidence, start, start, confidence])
        (row,) = con.sql("SELECT * FROM positions").pl().to_dicts()
    assert row["n_statements"] == 4
    assert row["date"] == date(2026, 3, 3)  # the first mention's, though it names nobody
    assert row["actor"] == "Baghaei"  # the first mention that names someone
    # the most confident; between the two at 0.9, the first in the text
    assert (row["evidence"], row["char_start"], row["confidence"]) == ("third, most confident", 300, 0.9)
