"""`negotrack serve`: a real local Prefect server, a real scheduled run, a clean stop."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from negotrack.flows.deployment import LocalPrefectServer
from negotrack.scheduled import read_feeds

pytestmark = pytest.mark.slow


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is not alive
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_read_feeds_skips_comments_and_blanks(tmp_path):
    f = tmp_path / "feeds.txt"
    f.write_text("# wires\nhttps://a.example/rss\n\n  https://b.example/atom.xml  # evening\n")
    assert read_feeds(f) == ["https://a.example/rss", "https://b.example/atom.xml"]
    assert read_feeds(None) == []


def test_scheduled_run_writes_the_report_and_serve_stops_its_server(tmp_path, cli_env, corpus):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("2025-04-12-en-meridian-muscat-eve.md", "2025-04-14-en-meridian-witkoff-interview.md"):
        shutil.copy(corpus.dir / "articles" / name, inbox / name)
    data, reports = tmp_path / "data", tmp_path / "reports"
    env = {k: v for k, v in cli_env.items() if k != "PREFECT_API_URL"}
    env.update(NEGOTRACK_DATA_DIR=str(data), NEGOTRACK_REPORTS_DIR=str(reports))
    exe = Path(sys.executable).parent / "negotrack"
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [str(exe), "--db", str(tmp_path / "s.duckdb"), "serve", "--interval", "5", "--inbox", str(inbox)],
        env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    server_info = data / "prefect-server" / "server.json"
    server_pid = None
    try:
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline and not (reports / "latest.json").exists():
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            if server_pid is None and server_info.exists():
                server_pid = json.loads(server_info.read_text())["pid"]
            time.sleep(1)
        assert (reports / "latest.json").exists(), (tmp_path / "serve.log").read_text()
        report = json.loads((reports / "latest.json").read_text())
        assert report["summary"]["articles"] >= 2 and report["current"]
        assert sorted(p.suffix for p in reports.glob("report-*"))[:3] == [".html", ".json", ".md"]

        # the run came from the schedule, not from a manual trigger
        info = json.loads(server_info.read_text())
        server_pid = info["pid"]
        deadline = time.monotonic() + 60  # the report is written just before the run completes
        while True:
            req = urllib.request.Request(f"{info['url']}/api/flow_runs/filter", data=b"{}", method="POST",
                                         headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=10) as resp:
                runs = json.loads(resp.read())
            scheduled = [r for r in runs if r.get("deployment_id") and r.get("auto_scheduled")]
            done = [r for r in scheduled if r["state_type"] == "COMPLETED"]
            if done or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert done, [(r["name"], r["state_type"], r.get("auto_scheduled")) for r in runs]
        assert (data / "prefect-server" / "prefect.db").exists()  # the server's state lives in the data dir

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, (tmp_path / "serve.log").read_text()
        deadline = time.monotonic() + 20
        while _alive(server_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(server_pid), "the local Prefect server outlived serve"
        assert not server_info.exists()
        assert "stopped." in (tmp_path / "serve.log").read_text()
        # one line per scheduled run, passed on from the run's process to serve's output
        run_lines = [l for l in (tmp_path / "serve.log").read_text().splitlines() if " UTC run " in l]
        assert run_lines and " completed in " in run_lines[0] and "2 inputs, 2 new" in run_lines[0], run_lines
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if server_pid and _alive(server_pid):
            os.killpg(server_pid, signal.SIGKILL)
        log.close()


def test_local_server_starts_answers_and_stops(tmp_path):
    server = LocalPrefectServer(tmp_path / "srv")
    with server:
        pid = server.process.pid
        with urllib.request.urlopen(f"{server.api_url}/health", timeout=5) as resp:
            assert resp.status == 200
        assert server.api_url.startswith("http://127.0.0.1:")
    deadline = time.monotonic() + 20
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(pid)


def test_serve_uses_a_configured_server_and_runs_now(tmp_path, cli_env):
    """With PREFECT_API_URL set, serve starts no server of its own; --now runs at once."""
    data, reports = tmp_path / "data", tmp_path / "reports"
    with LocalPrefectServer(tmp_path / "shared-server") as shared:
        env = dict(cli_env, PREFECT_API_URL=shared.api_url, NEGOTRACK_DATA_DIR=str(data),
                   NEGOTRACK_REPORTS_DIR=str(reports))
        exe = Path(sys.executable).parent / "negotrack"
        log = (tmp_path / "serve.log").open("w")
        proc = subprocess.Popen(
            [str(exe), "--db", str(tmp_path / "e.duckdb"), "serve", "--cron", "0 0 1 1 *", "--now",
             "--name", "external"],
            env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not (reports / "latest.html").exists():
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(1)
            assert (reports / "latest.html").exists(), (tmp_path / "serve.log").read_text()
            assert not (data / "prefect-server").exists()  # no server of its own
            data_ = json.loads((reports / "latest.json").read_text())
            assert data_["summary"]["positions"] == 0  # empty inbox: an empty database, still a report
            req = urllib.request.Request(f"{shared.api_url}/deployments/filter", data=b"{}", method="POST",
                                         headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=10) as resp:
                names = [d["name"] for d in json.loads(resp.read())]
            assert "external" in names
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0, (tmp_path / "serve.log").read_text()
            assert "using the Prefect server at" in (tmp_path / "serve.log").read_text()
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            log.close()
