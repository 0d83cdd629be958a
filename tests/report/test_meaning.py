"""Reports say only what the data supports (issue 11): hardness is each party's own
scale, a tie is mixed, a quote carries the stance beside it, the window bounds every
date, and filters that name nothing fail loudly."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from negotrack import store
from negotrack.config import Settings
from negotrack.report import ReportOptions, build_report
from negotrack.report.data import carrying_quotes, choose_period, stance_text
from negotrack.report.html import render_html
from negotrack.report.labels import Labels
from negotrack.report.markdown import _stance, render_markdown

# Claims of distance or agreement between parties that equal or different hardness cannot support.
_CROSS_PARTY = re.compile(r"\b(level|apart|converg\w*|diverg\w*|drifting|spread|gap)\b", re.I)


def _report(settings, **opts) -> dict:
    with store.connect(settings, read_only=True) as con:
        return build_report(con, ReportOptions(**opts), Labels())


def _q(stance: str, hardness: int, positions: int) -> dict:
    return {"stance": stance, "hardness": hardness, "positions": positions, "text": f"{stance} quote"}


def test_headline_compares_each_party_with_its_own_past(fixture_db):
    # planted on enrichment: Iran refuse (12 Apr) → open (17 Apr); the US insist → open → refuse (15 Apr)
    report = _report(fixture_db, period="day")
    lines = report["headline"]
    enrichment = next(line for line in lines if line.startswith("On uranium enrichment"))
    assert "Iran softened (refuse on 12 Apr 2025 → open on 17 Apr 2025)" in enrichment
    assert "United States hardened (insist on " in enrichment and "→ refuse on 15 Apr 2025)" in enrichment
    for line in lines:
        assert not _CROSS_PARTY.search(line), line


def test_no_cross_party_claim_anywhere_in_the_rendered_reports(fixture_db):
    report = _report(fixture_db, period="day")
    md = render_markdown(report, Labels())
    html = render_html(report, Labels())
    # the report's own prose, before the list of sources (whose titles are the outlets' words)
    md = md.split("## Sources")[0]
    html = html.split('id="h-sources"')[0]
    # quotes, their citations, the charts' hover texts and the stylesheet are not claims of ours
    html = re.sub(r"<(style|blockquote|svg)\b.*?</\1>|<div class=\"cite\">.*?</div>", " ", html, flags=re.S)
    for text in (md, re.sub(r"<[^>]+>", "\n", html)):
        prose = [ln for ln in text.splitlines() if "“" not in ln and "blockquote" not in ln]
        hits = [ln for ln in prose if _CROSS_PARTY.search(ln) and "not against" not in ln]
        assert not hits, hits[:3]
    assert "gaps" not in report and "moves" in report


def test_a_tie_is_mixed_with_a_quote_for_each_stance():
    side = {"stance": "refuse", "hardness": 0.5, "stances": ["open", "refuse"], "mixed": True,
            "quotes": [_q("refuse", 2, 1), _q("open", -1, 1)]}
    assert stance_text(side) == "mixed: refuse / open"
    assert [q["stance"] for q in carrying_quotes(side)] == ["refuse", "open"]
    # the label of a tie is never "refuse +0.5"
    assert _stance(side) == "mixed: refuse / open, mean +0.5"


def test_a_softened_card_shows_the_quote_that_softened():
    # refuse still dominates (2 of 3) but an "open" came in: the mean fell from +2 to +1
    after = {"stance": "refuse", "hardness": 1.0, "stances": ["open", "refuse"], "mixed": False,
             "quotes": [_q("refuse", 2, 2), _q("open", -1, 1)]}
    shown = carrying_quotes(after, "softer", before_hardness=2.0)
    assert [q["stance"] for q in shown] == ["refuse", "open"]
    assert stance_text(after) == "mostly refuse"
    # when the dominant stance itself carries the move, it alone is shown
    after2 = {"stance": "open", "hardness": -1.0, "stances": ["open"], "mixed": False, "quotes": [_q("open", -1, 1)]}
    assert [q["stance"] for q in carrying_quotes(after2, "softer", before_hardness=2.0)] == ["open"]
    # a hardening never borrows a softer quote
    after3 = {"stance": "insist", "hardness": 1.0, "stances": ["insist"], "mixed": False,
              "quotes": [_q("insist", 1, 1)]}
    assert [q["stance"] for q in carrying_quotes(after3, "harder", before_hardness=-1.0)] == ["insist"]


def test_every_shift_card_quote_carries_a_stance_of_its_period(fixture_db):
    for period in ("day", "week", "month"):
        for sh in _report(fixture_db, period=period)["shifts"]:
            for side in ("before", "after"):
                shown = sh[side]["shown"]
                assert shown
                assert {q["stance"] for q in shown} <= set(sh[side]["stances"])
            if sh["direction"] == "softer":
                assert min(q["hardness"] for q in sh["after"]["shown"]) < sh["before"]["hardness"]
            if sh["direction"] == "harder":
                assert max(q["hardness"] for q in sh["after"]["shown"]) > sh["before"]["hardness"]


def test_current_positions_lie_inside_the_window_and_agree_with_the_summary(fixture_db):
    report = _report(fixture_db, since=date(2025, 4, 16))
    current = {(c["party"], c["issue"]) for c in report["current"]}
    assert ("usa", "enrichment") not in current  # the US last spoke on it on the 15th
    assert ("iran", "enrichment") in current  # Iran on the 17th
    assert all(c["date"] >= "2025-04-16" for c in report["current"])
    assert {p for p, _ in current} <= set(report["summary"]["parties"])


@pytest.mark.parametrize(("first", "last", "period"), [
    (date(2025, 4, 1), date(2025, 4, 1), "day"),
    (date(2025, 4, 1), date(2025, 5, 2), "day"),       # 31 days
    (date(2025, 4, 1), date(2025, 5, 3), "week"),
    (date(2025, 4, 1), date(2025, 10, 1), "week"),     # 183 days
    (date(2025, 4, 1), date(2025, 10, 2), "month"),
    (None, None, "day"),
])
def test_the_period_suits_the_span(first, last, period):
    assert choose_period(first, last) == period


def test_no_period_picks_one_from_the_data(fixture_db):
    report = _report(fixture_db)  # the fixture spans a week of April 2025
    assert report["options"]["period"] == "day" and report["options"]["period_auto"] is True


def test_reports_belong_beside_their_database(tmp_path, monkeypatch):
    monkeypatch.delenv("NEGOTRACK_REPORTS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Settings(db=tmp_path / "other" / "x.duckdb").reports_dir == tmp_path / "other" / "reports"
    assert Settings(db=tmp_path / "x.duckdb", reports_dir=tmp_path / "r").reports_dir == tmp_path / "r"
    monkeypatch.setenv("NEGOTRACK_REPORTS_DIR", str(tmp_path / "env"))
    assert Settings(db=tmp_path / "other" / "x.duckdb").reports_dir == tmp_path / "env"


def _cli(args, env, cwd) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "negotrack"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def test_unknown_party_or_issue_is_a_usage_error_listing_the_known_ones(fixture_db, cli_env, tmp_path):
    res = _cli(["--db", str(fixture_db.db), "report", "-p", "irn", "--out", str(tmp_path / "r")], cli_env, tmp_path)
    assert res.returncode == 2, res.stderr
    message = res.stderr + res.stdout
    assert "'irn'" in message and "iran" in message and "usa" in message
    assert "Traceback" not in message
    assert not (tmp_path / "r").exists()  # no empty report written
    res = _cli(["--db", str(fixture_db.db), "report", "-i", "enrichmnt", "--out", str(tmp_path / "r")],
               cli_env, tmp_path)
    assert res.returncode == 2 and "enrichment" in res.stderr + res.stdout


def test_period_is_case_insensitive(fixture_db, cli_env, tmp_path):
    out = tmp_path / "r"
    res = _cli(["--db", str(fixture_db.db), "report", "--period", "WEEK", "-f", "json", "--out", str(out)],
               cli_env, tmp_path)
    assert res.returncode == 0, res.stderr
    assert json.loads((out / "latest.json").read_text())["options"]["period"] == "week"
