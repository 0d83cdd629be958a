"""The HTML report in headless Chromium: charts render, Arabic reads right-to-left, no script runs."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from negotrack.report import ReportOptions, generate

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--virtual-time-budget=3000",
]


def _chromium(exe: str, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        return subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)


@pytest.fixture
def html_report(tmp_path, corpus) -> Path:
    from negotrack.config import Settings

    article, position = corpus.injection_article()
    settings = corpus.build_db(
        Settings(db=tmp_path / "b.duckdb", reports_dir=tmp_path / "reports"),
        extra_articles=[article], extra_positions=[position],
    )
    generate(settings, ReportOptions(), formats=["html"])
    return Path(settings.reports_dir) / "latest.html"


def test_charts_and_arabic_quotes_render_and_injected_script_does_not_run(html_report, chromium, corpus):
    res = _chromium(chromium, "--dump-dom", html_report.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    dom = res.stdout
    assert dom.startswith("<html") or "<html" in dom[:200]
    # the page's own title survived: the script in the article text did not run
    title = re.search(r"<title>([^<]*)</title>", dom).group(1)
    assert title.startswith("Negotiation positions") and "PWNED" not in dom.split("<body")[0]
    assert 'id="pwned"' not in dom and "id=pwned>" not in dom  # the element it would add
    assert not re.search(r"<script", dom, re.I)  # no script element at all in the parsed page
    assert "&lt;script&gt;document.title='PWNED'" in dom  # it is shown as text instead
    # one chart per issue, one line per party with two or more observations
    charts = re.findall(r'<svg class="chart".*?</svg>', dom, re.S)
    assert len(charts) == 3
    enrichment = next(c for c in charts if "Uranium enrichment" in c)
    assert sorted(re.findall(r'<path class="line" data-party="(\w+)"', enrichment)) == ["iran", "usa"]
    assert len(re.findall(r'<g class="pt">', enrichment)) == 6  # US 3 days, Iran 2, E3 1
    # Arabic evidence sits in right-to-left elements
    arabic = [a["text"] for a in corpus.load() if a["language"] == "ar"]
    # each quote is its whole sentence, the evidence marked inside it
    rtl_blocks = [re.sub(r"</?mark>", "", b) for b in
                  re.findall(r'<blockquote lang="ar" dir="rtl">(.*?)</blockquote>', dom, re.S)]
    assert any("نحن مستعدون لطمأنة العالم بشأن مستوى التخصيب" in b for b in rtl_blocks)
    assert all(any(q in t for t in arabic) for q in rtl_blocks)
    # two pieces of evidence, the enrichment offer (current + shift) and the sanctions
    # condition, marked inside their one sentence
    marked = re.findall(r'<blockquote lang="ar" dir="rtl">[^<]*<mark>([^<]*)</mark>', dom)
    assert len(set(marked)) == 2 and all(any(m in b for b in rtl_blocks) for m in marked)


def test_screenshot_is_drawn(html_report, chromium, tmp_path):
    shot = tmp_path / "report.png"
    res = _chromium(chromium, "--window-size=1280,2400", f"--screenshot={shot}", html_report.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 100_000  # a page of text, tables and charts, not a blank canvas


def test_report_needs_nothing_from_the_network(html_report):
    html = html_report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//(?!(meridian-wire|capitaldaily|lakeside-times|atlanticdesk|courrier-diplomatique|alsharq-alyawm)\.example)""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html


# Claims of distance or agreement between parties that hardness cannot support (issue 11).
_CROSS_PARTY = re.compile(r"\b(level|apart|converg\w*|diverg\w*|drifting|spread)\b", re.I)
DEV_ARTICLES = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "dev" / "articles.jsonl"


@pytest.fixture(scope="module")
def dev_report(tmp_path_factory) -> tuple[Path, dict]:
    """The dev corpus through the real `negotrack run`, as an analyst would read it."""
    import json
    import os
    import sys

    home = tmp_path_factory.mktemp("dev-report")
    env = {**os.environ, "NEGOTRACK_DATA_DIR": str(home / ".negotrack"), "PREFECT_HOME": str(home / ".prefect")}
    env.pop("NEGOTRACK_REPORTS_DIR", None)
    exe = Path(sys.executable).parent / "negotrack"
    res = subprocess.run([str(exe), "--db", str(home / "dev.duckdb"), "run", str(DEV_ARTICLES)],
                         cwd=home, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    reports = home / "reports"
    return reports / "latest.html", json.loads((reports / "latest.json").read_text(encoding="utf-8"))


def test_dev_report_in_chromium_claims_nothing_from_equal_hardness(dev_report, chromium, tmp_path):
    html_path, data = dev_report
    res = _chromium(chromium, "--dump-dom", html_path.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    dom = res.stdout.split('id="h-sources"')[0]  # sources are the outlets' titles, not our claims
    # our prose only: quotes, citations, chart hover texts and the stylesheet are not claims
    prose = re.sub(r"<(style|blockquote|svg)\b.*?</\1>|<div class=\"cite\">.*?</div>", " ", dom, flags=re.S)
    lines = [ln.strip() for ln in re.sub(r"<[^>]+>", "\n", prose).splitlines() if ln.strip()]
    claims = [ln for ln in lines if _CROSS_PARTY.search(ln) and "not against" not in ln]
    assert not claims, claims[:5]
    assert dom.count('<article class="shift"') == len(data["shifts"]) > 0
    shot = tmp_path / "dev.png"
    res = _chromium(chromium, "--window-size=1280,2400", f"--screenshot={shot}", html_path.as_uri())
    assert res.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(shot.read_bytes()) > 100_000


def test_dev_report_every_shift_card_quote_carries_its_stance(dev_report, chromium):
    html_path, data = dev_report
    dom = _chromium(chromium, "--dump-dom", html_path.as_uri()).stdout
    cards = re.findall(r'<article class="shift".*?</article>', dom, re.S)
    assert len(cards) == len(data["shifts"])
    for card, sh in zip(cards, data["shifts"]):
        for side in ("before", "after"):
            shown = sh[side]["shown"]
            assert shown and {q["stance"] for q in shown} <= set(sh[side]["stances"]), sh["shift_id"]
            for q in shown:  # each quote is on the card, in the browser's text
                assert q["text"][:40].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in card
        after = [q["hardness"] for q in sh["after"]["shown"]]
        if sh["direction"] == "softer":
            assert min(after) < sh["before"]["hardness"], sh["shift_id"]
        elif sh["direction"] == "harder":
            assert max(after) > sh["before"]["hardness"], sh["shift_id"]
        if sh["after"]["mixed"]:
            assert "mixed" in card
