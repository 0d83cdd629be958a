"""Concurrent use with real processes: two `negotrack run` at once, analysts reading while
runs write, and a writer that never lets go (the others wait, then exit 3).

DuckDB lets one process open the file while it writes (STACK-NOTES §0.10); negotrack
holds the write lock only for short units of work and every opener retries for up to
NEGOTRACK_LOCK_TIMEOUT_S.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reliability.helpers import EXE, audit_file, make_corpus, read_retry, start

pytestmark = pytest.mark.slow


def _hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    """A process that opens ``db`` read-write and keeps it for ``seconds``."""
    code = (
        "import duckdb, sys, time\n"
        f"con = duckdb.connect({str(db)!r})\n"
        "con.execute('CREATE TABLE IF NOT EXISTS lock_holder (x INTEGER)')\n"
        "print('locked', flush=True)\n"
        f"time.sleep({seconds})\n"
        "con.close()\n"
    )
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "locked"
    return p


def _cli(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    t0 = time.monotonic()
    res = subprocess.run([str(EXE), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    return res, time.monotonic() - t0


def test_a_writer_that_never_lets_go_makes_the_others_wait_then_exit_3(tmp_path, rel_env):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 20)
    db = tmp_path / "locked.duckdb"
    env = {**rel_env, "NEGOTRACK_DB": str(db), "NEGOTRACK_LOCK_TIMEOUT_S": "3"}
    holder = _hold_lock(db, 600)
    try:
        res, took = _cli(["query", "select 1"], env, tmp_path)
        assert res.returncode == 3, res.stderr
        assert "locked" in res.stderr and "NEGOTRACK_LOCK_TIMEOUT_S" in res.stderr and "Traceback" not in res.stderr
        assert 3 <= took < 20
        res, took = _cli(["audit"], env, tmp_path)
        assert res.returncode == 3, res.stderr
        res, took = _cli(["run", str(corpus)], env, tmp_path, timeout=240)
        assert res.returncode == 3, res.stdout + res.stderr
        message = " ".join(res.stderr.rsplit("error:", 1)[-1].split())  # the last thing it says
        assert "is locked" in message and "gave up after 3s" in message and "Traceback" not in message, message
        assert took < 120
    finally:
        holder.kill()
        holder.wait()
    # The failed run never got the lock, so it recorded nothing and left nothing behind.
    assert read_retry(db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'runs'")[0][0][0] == 0

    # A writer that lets go in time: the others wait and succeed.
    holder = _hold_lock(db, 2.5)
    try:
        res, took = _cli(["query", "select 42 as answer", "--format", "csv"], {**env, "NEGOTRACK_LOCK_TIMEOUT_S": "60"}, tmp_path)
        assert res.returncode == 0, res.stderr
        assert res.stdout.splitlines()[1] == "42"
        assert took >= 1.5
    finally:
        holder.wait()


def test_two_runs_at_once_and_readers_during_the_writes(tmp_path, rel_env):
    a, b = tmp_path / "a", tmp_path / "b"
    make_corpus(a, 300, seed=21, start=0)
    make_corpus(b, 300, seed=22, start=10_000)
    shared = sorted(p for p in a.iterdir() if p.suffix == ".jsonl")[:2]  # 100 articles in both
    for p in shared:
        shutil.copy(p, b / f"shared-{p.name}")
    distinct = 600
    db = tmp_path / "shared.duckdb"
    env = {**rel_env, "NEGOTRACK_DB": str(db)}

    # The database exists before the runs and the readers start.
    from negotrack import store
    from negotrack.config import Settings

    with store.connect(Settings(db=db)):
        pass

    waits: list[float] = []
    failures: list[str] = []
    cli_reads: list[tuple[int, float]] = []
    stop = threading.Event()

    def reader() -> None:  # an analyst's notebook: duckdb read-only, retrying on the lock
        while not stop.is_set():
            try:
                rows, waited = read_retry(db, "SELECT count(*) FROM articles", timeout=60)
                waits.append(waited)
            except Exception as exc:  # noqa: BLE001 - every failure is recorded
                failures.append(repr(exc))
            time.sleep(0.1)

    def cli_reader() -> None:  # an analyst at the shell: `negotrack query`
        while not stop.is_set():
            res, took = _cli(["query", "select count(*) as n from statements", "--format", "csv"], env, tmp_path)
            cli_reads.append((res.returncode, took))
            if res.returncode != 0:
                failures.append(res.stderr[-500:])
            time.sleep(2)

    threads = [threading.Thread(target=reader), threading.Thread(target=cli_reader)]
    for t in threads:
        t.start()
    try:
        p1 = start(["run", str(a)], env, tmp_path / "w", tag="a")
        p2 = start(["run", str(b)], env, tmp_path / "w", tag="b")
        try:
            rc1, rc2 = p1.wait(300), p2.wait(300)
        finally:
            p1.kill_group()
            p2.kill_group()
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
    assert rc1 == 0, p1.stderr[-3000:]
    assert rc2 == 0, p2.stderr[-3000:]

    assert not failures, failures[:3]
    assert len(waits) >= 20 and len(cli_reads) >= 2
    max_wait = max(waits)
    max_cli = max(t for _, t in cli_reads)
    print(f"reads: {len(waits)} duckdb read-only (max wait {max_wait:.2f}s), "
          f"{len(cli_reads)} `negotrack query` (max {max_cli:.2f}s)")
    assert max_wait < 10, f"a reader waited {max_wait:.1f}s for the lock"

    report = audit_file(db)
    assert report.ok, report.lines()
    runs = read_retry(db, "SELECT inputs, articles_new + articles_syndicated, articles_known FROM runs "
                          "WHERE flow_name = 'negotrack-pipeline' AND status = 'completed'")[0]
    assert len(runs) == 2 and all(r[0] <= n for r, n in zip(sorted(runs), (300, 400)))
    assert sum(r[1] for r in runs) == distinct  # each article stored once, by one of the runs
    assert sum(r[2] for r in runs) <= 100  # the shared ones are "known" to whichever ran second
    assert read_retry(db, "SELECT count(*), count(DISTINCT article_id) FROM articles")[0][0] == (distinct, distinct)
    assert read_retry(db, "SELECT count(DISTINCT article_id) FROM extractions")[0][0][0] == distinct
