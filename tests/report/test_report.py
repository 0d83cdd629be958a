"""Reports (JSON, Markdown, HTML) from the fixture database: content, links, filters, files."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from html import escape
from pathlib import Path

import pytest

from negotrack import store
from negotrack.report import ReportOptions, build_report, generate
from negotrack.report.html import render_html
from negotrack.report.labels import Labels
from negotrack.report.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]


def _report(settings, **opts) -> dict:
    with store.connect(settings, read_only=True) as con:
        return build_report(con, ReportOptions(**opts), Labels())


def _planted_day(corpus) -> list[tuple]:
    return sorted((w["party"], w["issue"], w["before_date"], w["after_date"], w["before_stance"], w["after_stance"])
                  for w in corpus.shifts()["day"])


def _shift_key(s: dict) -> tuple:
    return (s["party"], s["issue"], s["before"]["period_start"], s["after"]["period_start"],
            s["before"]["stance"], s["after"]["stance"])


def test_report_lists_exactly_the_planted_shifts_with_both_quotes(fixture_db, corpus):
    texts = {a["article_id"]: a for a in corpus.load()}
    report = _report(fixture_db)
    assert sorted(_shift_key(s) for s in report["shifts"]) == _planted_day(corpus)
    md, html = render_markdown(report, Labels()), render_html(report, Labels())
    for s in report["shifts"]:
        for side in ("before", "after"):
            q = s[side]["quote"]
            art = texts[q["article_id"]]
            assert q["text"] in art["text"] and q["url"] == art["url"]
            assert escape(q["text"]) in html
            assert q["url"] in md and escape(q["url"]) in html
    # the Markdown and HTML show as many shift entries as the JSON has
    assert md.count("- **Before**") == md.count("- **After**") == len(report["shifts"]) == 3
    assert html.count('<article class="shift"') == 3
    assert report["summary"]["shifts"] == 3


def test_weekly_report_has_the_weekly_shifts(fixture_db, corpus):
    report = _report(fixture_db, period="week")
    assert sorted((s["party"], s["after"]["period_start"], s["before"]["stance"], s["after"]["stance"])
                  for s in report["shifts"]) == sorted(
        (w["party"], w["after_date"], w["before_stance"], w["after_stance"]) for w in corpus.shifts()["week"])
    assert "week of 14 Apr 2025" in render_html(report, Labels())


def test_current_positions_and_the_syndicated_source(fixture_db):
    report = _report(fixture_db)
    cur = {(c["party"], c["issue"]): c for c in report["current"]}
    assert (cur["usa", "enrichment"]["stance"], cur["usa", "enrichment"]["date"]) == ("refuse", "2025-04-15")
    assert (cur["iran", "enrichment"]["stance"], cur["iran", "enrichment"]["trend"]) == ("open", "softer")
    assert cur["iran", "enrichment"]["quote"]["dir"] == "rtl"
    story = next(s for s in report["sources"] if s["story_id"] == "2025-04-14-en-meridian-witkoff-interview")
    assert (story["outlets"], story["articles"]) == (3, 3)
    assert [c["outlet"] for c in story["carried_by"]] == ["Meridian Wire", "Capital Daily Online", "Lakeside Times"]
    assert [c["copy"] for c in story["carried_by"]] == [False, True, True]
    # the copies are not listed as sources of their own
    ids = {s["story_id"] for s in report["sources"]}
    assert not ids & {"2025-04-14-en-capital-daily-witkoff", "2025-04-15-en-lakeside-witkoff"}
    summary = report["summary"]
    assert (summary["stories"], summary["articles"], summary["syndicated_copies"]) == (7, 9, 2)
    html = render_html(report, Labels())
    assert "carried by 3 outlets" in html and "Also carried by" in html
    assert "carried by 3 outlets" in render_markdown(report, Labels())


def test_every_quote_links_to_its_article(tmp_path, corpus):
    from negotrack.config import Settings

    article, position = corpus.injection_article()  # no usable URL: a javascript: one
    settings = corpus.build_db(Settings(db=tmp_path / "i.duckdb"), extra_articles=[article],
                               extra_positions=[position])
    report = _report(settings)
    html, md = render_html(report, Labels()), render_markdown(report, Labels())
    quoted = [c["quote"] for c in report["current"]] + [
        s[side]["quote"] for s in report["shifts"] for side in ("before", "after")
    ]
    charted = [p["quote"] for parties in report["timeline"].values() for pts in parties.values() for p in pts]
    assert quoted and charted and all(q["article_id"] for q in quoted + charted)
    for q in quoted + charted:
        if q["url"]:
            assert q["url"].startswith("https://")
            assert f'href="{escape(q["url"])}"' in html  # chart points link to their article too
            if q in quoted:
                assert f"(<{q['url']}>)" in md
        else:
            assert q["article_id"] == "zz-injection"
            assert f"<code>{escape(q['article_id'])}</code>" in html and "(article zz-injection)" in md
    # a javascript: URL never becomes a link
    assert "javascript:" not in html.lower() and "javascript:" not in md.lower()


def test_article_text_is_escaped_everywhere(tmp_path, corpus):
    from negotrack.config import Settings

    article, position = corpus.injection_article()
    settings = corpus.build_db(Settings(db=tmp_path / "i.duckdb"), extra_articles=[article],
                               extra_positions=[position])
    report = _report(settings)
    html = render_html(report, Labels())
    assert "<script" not in html.lower()
    assert "<img" not in html.lower() and "<b>feed" not in html.lower()
    assert escape(corpus.injection) in html
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src 'none'" in html
    md = render_markdown(report, Labels())
    assert not re.search(r"(?<!\\)<(script|img|b>)", md) and "\\<script\\>" in md  # only escaped markup
    data = json.loads(json.dumps(report))
    assert any(corpus.injection in q["quote"]["text"] for q in data["current"])  # JSON keeps the text as is


def test_filters_since_until_party_issue(fixture_db):
    only_iran = _report(fixture_db, parties=("iran",))
    assert {s["party"] for s in only_iran["shifts"]} == {"iran"} and only_iran["parties"] == ["iran"]
    sanctions = _report(fixture_db, issues=("sanctions",))
    assert sanctions["issues"] == ["sanctions"] and sanctions["shifts"] == []
    late = _report(fixture_db, since=date(2025, 4, 15))
    assert [s["after"]["period_start"] for s in late["shifts"]] == ["2025-04-15", "2025-04-17"]
    early = _report(fixture_db, until=date(2025, 4, 14))
    assert [_shift_key(s)[:2] for s in early["shifts"]] == [("usa", "enrichment")]
    cur = {(c["party"], c["issue"]): c["stance"] for c in early["current"]}
    assert cur["usa", "enrichment"] == "open" and cur["iran", "enrichment"] == "refuse"
    with pytest.raises(ValueError):
        ReportOptions(period="year")
    with pytest.raises(ValueError):
        ReportOptions(since=date(2025, 5, 1), until=date(2025, 4, 1))


def test_files_are_dated_plus_latest_and_the_next_report_says_what_changed(fixture_db, corpus):
    t1 = datetime(2025, 4, 15, 6, 0, tzinfo=timezone.utc)
    first = generate(fixture_db, ReportOptions(until=date(2025, 4, 14)), now=t1)
    out = Path(fixture_db.reports_dir)
    assert sorted(p.name for p in first) == ["report-20250415-060000.html", "report-20250415-060000.json",
                                             "report-20250415-060000.md"]
    for ext in ("html", "md", "json"):
        assert (out / f"latest.{ext}").read_text(encoding="utf-8") == (out / f"report-20250415-060000.{ext}").read_text(
            encoding="utf-8")
    assert json.loads((out / "latest.json").read_text())["since_last_report"] is None

    second = generate(fixture_db, ReportOptions(), now=datetime(2025, 4, 18, 6, 0, tzinfo=timezone.utc))
    assert len(second) == 3 and len(list(out.glob("report-*"))) == 6
    latest = json.loads((out / "latest.json").read_text())
    since = latest["since_last_report"]
    assert since["previous_generated_at"] == "2025-04-15T06:00:00Z"
    new = [s for s in latest["shifts"] if s["new_since_last_report"]]
    assert sorted((s["party"], s["after"]["period_start"]) for s in new) == [("iran", "2025-04-17"),
                                                                              ("usa", "2025-04-15")]
    assert {(c["party"], c["issue"]) for c in since["changed_positions"]} >= {("usa", "enrichment"),
                                                                             ("iran", "enrichment")}
    assert "Since the last report" in (out / "latest.html").read_text()
    assert not list(out.glob("*.part")) and not list(out.glob(".*"))  # no temp files left behind


def test_only_the_requested_formats_into_the_requested_folder(fixture_db, tmp_path):
    paths = generate(fixture_db, ReportOptions(), formats=["md"], out_dir=tmp_path / "elsewhere")
    assert [p.suffix for p in paths] == [".md"]
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir())[0] == "latest.md"
    assert not Path(fixture_db.reports_dir).exists()


def test_empty_database_gives_an_empty_report(settings):
    with store.connect(settings):
        pass
    paths = generate(settings)
    data = json.loads(Path(paths[-1]).read_text())
    assert data["shifts"] == [] and data["current"] == [] and data["headline"][0].startswith("No positions")
    assert "<svg" not in Path(paths[0]).read_text().split("<main>")[1].split("Over time")[1].split("Sources")[0]


def test_report_command(fixture_db, cli_env, tmp_path):
    """`negotrack report` reads the database (no Prefect) and honours its options."""
    out = tmp_path / "cli-reports"
    res = _run_cli(["--db", str(fixture_db.db), "report", "--period", "week", "--party", "usa", "-p", "iran",
                    "--issue", "enrichment", "--since", "2025-04-01", "--until", "2025-04-30",
                    "--format", "json", "-f", "md", "--out", str(out)], cli_env, tmp_path)
    assert res.returncode == 0, res.stderr
    assert sorted(p.suffix for p in out.glob("report-*")) == [".json", ".md"]
    data = json.loads((out / "latest.json").read_text())
    assert data["options"] == {"since": "2025-04-01", "until": "2025-04-30", "parties": ["usa", "iran"],
                               "issues": ["enrichment"], "period": "week", "period_auto": False}
    assert len(data["shifts"]) == 2
    assert "report: " in res.stdout and "shift" in res.stdout
    assert "prefect" not in (res.stdout + res.stderr).lower()

    bad = _run_cli(["--db", str(fixture_db.db), "report", "--since", "April"], cli_env, tmp_path)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    missing = _run_cli(["--db", str(tmp_path / "nope.duckdb"), "report"], cli_env, tmp_path)
    assert missing.returncode == 2 and "No database" in missing.stderr
    assert not (tmp_path / "nope.duckdb").exists()


def _run_cli(args, env, cwd):
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "negotrack"
    return subprocess.run([str(exe), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_markdown_survives_hostile_ids_titles_and_sources_in_a_commonmark_renderer(tmp_path, corpus):
    """Every value from the input reaches Markdown escaped: an article id holding "|", a
    newline and an <img onerror> neither breaks a table nor renders live HTML."""
    from markdown_it import MarkdownIt

    from negotrack.config import Settings

    article, position = corpus.injection_article()
    hostile = "zz|id\n<img src=x onerror=alert(1)>`x`"
    article = {**article, "article_id": hostile, "url": None, "source": "Feed | <b>bold</b>\n# heading"}
    position = {**position, "article_id": hostile}
    settings = corpus.build_db(Settings(db=tmp_path / "h.duckdb"), extra_articles=[article],
                               extra_positions=[position])
    text = render_markdown(_report(settings), Labels())
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<img" not in html and "<b>" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    # every table row has as many cells as its header
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        header = len(re.findall(r"<th[ >]", table.split("</thead>")[0]))
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S):
            assert len(re.findall(r"<td", row)) == header, row
    assert "zz|id" in html.replace("\\|", "|")  # the id is still shown, as text


def test_chart_markers_at_the_same_place_do_not_hide_each_other():
    """Four parties at the same hardness on the same day: four markers, none on top of another."""
    from negotrack.report import svg

    point = {"period_start": "2025-04-12", "period_end": "2025-04-12", "hardness": 1.0, "stance": "insist",
             "stances": ["insist"], "sources": 1, "quote": {"text": "q", "article_id": "a"}}
    later = {**point, "period_start": "2025-05-20", "period_end": "2025-05-20"}
    parties = ["usa", "iran", "e3", "russia"]
    series = {p: [point, later] for p in parties}
    labels = Labels()
    out = svg.chart("enrichment", series, labels.style(parties), labels, svg.domain({"enrichment": series}))
    centres = [(round(float(x)), round(float(y))) for x, y in
               re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', out)]
    centres += [(round(float(x) + 4.6), round(float(y) + 4.6)) for x, y in
                re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="9.2"', out)]
    shapes = len(re.findall(r'<g class="pt">', out))
    assert shapes == 8
    # markers drawn with a centre we can read: no two share (nearly) the same spot
    for i, a in enumerate(centres):
        for b in centres[i + 1:]:
            assert abs(a[0] - b[0]) >= 8 or abs(a[1] - b[1]) >= 7, (a, b)
    # and none strays further than 0.3 hardness (16 px) from its value
    y_value = svg.TOP + (svg.H - svg.TOP - svg.BOTTOM) * (2 - 1.0) / 4
    assert all(abs(y - y_value) <= 17 for _, y in centres)


def test_each_chart_spans_its_own_issue():
    from negotrack.report import svg

    early = {"period_start": "2025-01-02", "period_end": "2025-01-02"}
    late = {"period_start": "2025-12-20", "period_end": "2025-12-21"}
    lo, hi = svg.domain({"sanctions": {"usa": [late, {**late, "period_start": "2025-12-18"}]}})
    assert lo.year == 2025 and lo.month == 12 and hi.month == 12  # not stretched to January
    lo, hi = svg.domain({"x": {"usa": [early, late]}})
    span = (hi - lo).days
    assert (date(2025, 1, 2) - lo).days >= span // 20 and (hi - date(2025, 12, 21)).days >= span // 20
