"""A killed run whose PID is reused is still marked failed (issue 12 §5).

Every container entrypoint is PID 1, so "is process <pid> alive?" says yes for a run
killed in an earlier life of the container. A run row records its process's start time
(/proc/<pid>/stat field 22) and boot id too (sql/schema/010_run_process.sql); a live PID
with another start time is another process.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap

import duckdb
import pytest

from negotrack import store
from negotrack.runs import ProcessId, fail_orphaned_runs, fail_runs_of_this_process, start_run
from reliability.helpers import EXE, audit_file, make_corpus, read_retry
from support import ROOT

HOST = socket.gethostname()


def _insert_running(con, run_id: str, proc: ProcessId) -> None:
    con.execute(
        "INSERT INTO runs (run_id, flow_name, started_at, status, pid, proc_start, boot_id, host) "
        "VALUES (?, 'negotrack-pipeline', now(), 'running', ?, ?, ?, ?)",
        [run_id, proc.pid, proc.start, proc.boot, HOST],
    )


def _statuses(con) -> dict[str, str]:
    return dict(con.execute("SELECT run_id, status FROM runs").fetchall())


def test_a_run_row_with_this_pid_but_another_start_time_is_marked_failed(settings):
    me = ProcessId.current()
    assert me.start is not None and me.boot is not None, "this test needs /proc"
    with store.connect(settings) as con:
        _insert_running(con, "earlier-life", ProcessId(me.pid, me.start - 1, me.boot))  # PID reused
        _insert_running(con, "other-boot", ProcessId(me.pid, me.start, "another-boot"))
        _insert_running(con, "mine", me)  # a run this process has under way
    report = audit_file(settings.db)
    assert report.names() == {"runs_left_running"}
    assert {item for f in report.findings for item, _ in f.examples} == {"earlier-life", "other-boot"}
    assert any("mine" in n and "in progress" in n for n in report.notes), report.notes

    start_run(settings, "next", "negotrack-pipeline", {})  # what every run does first
    with store.connect(settings, read_only=True) as con:
        assert _statuses(con) == {"earlier-life": "failed", "other-boot": "failed", "mine": "running",
                                  "next": "running"}
        row = con.execute("SELECT pid, proc_start, boot_id FROM runs WHERE run_id = 'next'").fetchall()[0]
    assert row == (me.pid, me.start, me.boot)  # the new run records its process whole

    fail_runs_of_this_process(settings, "stopped")  # a forced exit fails this process's runs only
    with store.connect(settings, read_only=True) as con:
        assert set(_statuses(con).values()) == {"failed"}


def test_a_live_process_with_another_start_time_is_not_the_run_s_process(settings):
    """Another live process (a `sleep`) at the recorded PID, with another start time."""
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        real = ProcessId(sleeper.pid, None, None)
        from negotrack.runs import boot_id, process_start

        start = process_start(sleeper.pid)
        assert start is not None
        with store.connect(settings) as con:
            _insert_running(con, "same", ProcessId(sleeper.pid, start, boot_id()))
            _insert_running(con, "reused", ProcessId(sleeper.pid, start + 100, boot_id()))
            _insert_running(con, "pid-only", real)  # recorded without /proc: the PID decides
            assert fail_orphaned_runs(con) == 1
            assert _statuses(con) == {"same": "running", "reused": "failed", "pid-only": "running"}
    finally:
        sleeper.kill()
        sleeper.wait()
    with store.connect(settings) as con:
        assert fail_orphaned_runs(con) == 2  # the sleeper is gone: both of its runs were killed


KILLED_AS_PID_1 = textwrap.dedent(
    """
    import os, sys
    sys.path[:0] = [{root!r}]
    from negotrack.config import Settings
    from negotrack.runs import start_run
    assert os.getpid() == 1, os.getpid()
    start_run(Settings(db={db!r}), "killed-as-pid-1", "negotrack-pipeline", {{}})
    os._exit(137)  # no cleanup at all, as SIGKILL (which PID 1 cannot send itself)
    """
)


def _unshare(args: list[str], env, cwd, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def test_a_run_killed_as_pid_1_is_marked_failed_by_the_next_pid_1(tmp_path, rel_env):
    """Two lives of a container, for real: each command runs as PID 1 of its own PID
    namespace (`unshare --pid`). The first dies inside its run; the second, the real
    `negotrack ingest`, has the same PID and marks it failed."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) on this machine: the faked PID reuse tests above cover the logic")
    probe = _unshare(["true"], rel_env, tmp_path, 30)
    if probe.returncode != 0:
        print(f"unshare --pid is not allowed here: {probe.stderr.strip()}")
        pytest.skip(f"unshare --pid is not allowed here ({probe.stderr.strip()[:200]})")
    db = tmp_path / "pid1.duckdb"
    env = {**rel_env, "NEGOTRACK_DB": str(db)}
    first = _unshare([sys.executable, "-c", KILLED_AS_PID_1.format(root=str(ROOT), db=str(db))], env, tmp_path)
    assert first.returncode == 137, first.stderr[-2000:]
    (row,) = read_retry(db, "SELECT pid, status FROM runs")[0]
    assert row == (1, "running")
    # Seen from here, PID 1 is alive (this namespace's init), but it is not that process.
    assert audit_file(db).names() == {"runs_left_running"}

    corpus = tmp_path / "corpus"
    make_corpus(corpus, 20, seed=4)
    second = _unshare([str(EXE), "ingest", str(corpus)], env, tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr[-3000:]
    runs = read_retry(db, "SELECT run_id, pid, status, message FROM runs ORDER BY started_at")[0]
    assert [(r[0] == "killed-as-pid-1", r[1], r[2]) for r in runs] == [(True, 1, "failed"), (False, 1, "completed")]
    assert "killed" in runs[0][3]
    report = audit_file(db)
    assert report.ok, report.lines()
