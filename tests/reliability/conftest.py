"""Fixtures of the reliability tests; helpers live in ``reliability/helpers.py``."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def rel_env(cli_env, tmp_path_factory) -> dict[str, str]:
    """Environment for `negotrack` processes: shared Prefect home, one worker count."""
    env = dict(cli_env)
    env["NEGOTRACK_WORKERS"] = "2"
    env["PYTHONUNBUFFERED"] = "1"
    return env


HOSTILE = {
    # Markup and script URLs in every field that reaches the report.
    "xss-1.md": """---
id: xss-1
title: "<script>alert('XSSMARK-title')</script> Talks in Muscat"
source: "<img src=x onerror=alert('XSSMARK-source')>"
url: "https://evil.example/\\"><script>alert('XSSMARK-url')</script>"
published: 2025-04-20
language: en
---
Iran's foreign minister Abbas Araghchi said on Sunday that enrichment is a non-negotiable right <script>alert('XSSMARK-evidence')</script>.

The U.S. envoy insisted that Iran must give up enrichment entirely <img src=x onerror="alert('XSSMARK-img')">.

Tehran demands that economic sanctions be lifted <a href="javascript:alert('XSSMARK-href')">now</a>, the spokesman said.
""",
    # A javascript: URL fails the articles suite: quarantined, shown in Data Docs.
    "xss-2.json": """{"id": "xss-2", "title": "<svg onload=alert('XSSMARK-t2')>", "url": "javascript:alert('XSSMARK-j')",
 "source": "<b onmouseover=alert('XSSMARK-s2')>Evil</b>", "published": "2025-04-21", "language": "en",
 "text": "Washington refuses to lift sanctions until Iran halts enrichment, the State Department said <script>alert('XSSMARK-q')</script>."}
""",
    "xss-3.html": """<!doctype html><html lang="en"><head><title>&lt;script&gt;alert('XSSMARK-h')&lt;/script&gt; Iran</title>
<meta property="og:site_name" content="&quot;&gt;&lt;img src=x onerror=alert('XSSMARK-og')&gt;">
<script>alert('XSSMARK-inline')</script></head>
<body><article><h1>Iran and sanctions</h1>
<p onclick="alert('XSSMARK-p')">Iran's foreign minister said Tehran will never give up enrichment, whatever Washington demands &lt;iframe src=javascript:alert('XSSMARK-ifr')&gt;.</p>
<p>Washington refuses to lift sanctions, the State Department said.</p></article></body></html>
""",
    # Unreadable inputs: each one an ingest error row.
    "empty.txt": "",
    "broken.json": '{"id": "b1", "text": "unterminated',
}


@pytest.fixture(scope="session")
def pipeline_db(tmp_path_factory, rel_env):
    """One real `negotrack run` over the seeds and hostile articles (XSS payloads, broken
    and empty files, one article the suite quarantines). Shared by the audit and security
    tests; returns (work folder, db path, env, completed process)."""
    import shutil
    import subprocess

    from support import SEEDS
    from reliability.helpers import EXE

    work = tmp_path_factory.mktemp("pipeline")
    hostile = work / "hostile"
    hostile.mkdir()
    for name, text in HOSTILE.items():
        (hostile / name).write_text(text, encoding="utf-8")
    (hostile / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    seeds = work / "seeds"
    shutil.copytree(SEEDS, seeds)
    db = work / "pipeline.duckdb"
    env = {**rel_env, "NEGOTRACK_DB": str(db)}
    res = subprocess.run([str(EXE), "run", str(seeds), str(hostile)], env=env, cwd=work,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr[-3000:]
    return work, db, env, res
