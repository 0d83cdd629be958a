"""Crash safety: SIGKILL at several moments leaves a consistent database, and the next run
finishes the work.

Two layers:

- ``test_sigkill_inside_a_transaction_*``: a child process runs the storing code of a stage
  and SIGKILLs itself at an exact point (inside the transaction, after a given statement
  of the SQL file, or just after the commit). Deterministic.
- ``test_sigkill_real_runs_*``: the real ``negotrack run`` on a generated corpus, killed
  while it ingests, while it extracts (its worker processes are up), and right after the
  extraction (validation, storing, report), then a run that completes. The kill moments
  are found by watching the database and the process tree, not by sleeping.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reliability.helpers import audit_file, extraction_workers, make_corpus, read_retry, start
from support import ROOT

pytestmark = pytest.mark.slow


# --------------------------------------------------------------------------- deterministic kill points

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    sys.path[:0] = [{root!r}, {tests!r}]
    from negotrack import store
    from negotrack.config import Settings

    settings = Settings(db={db!r}, lock_timeout_s=30)
    point = {point!r}
    real_run_script = store.run_script

    def run_script(con, name, params=None):
        # kill after the n-th statement of one SQL file, inside the caller's transaction
        target, _, nth = point.partition("#")
        if name != target:
            return real_run_script(con, name, params)
        stmts = store.split_statements(store.sql_text(name))
        params = params or {{}}
        rows = []
        for i, stmt in enumerate(stmts, 1):
            used = {{p: params[p] for p in dict.fromkeys(store._PARAM.findall(stmt))}}
            rows = con.execute(stmt, used).fetchall() if used else con.execute(stmt).fetchall()
            if i == int(nth):
                os.kill(os.getpid(), signal.SIGKILL)
        return rows

    store.run_script = run_script
    from reliability.crash_child import {func}
    {func}(settings, point)
    """
)


def _child(db: Path, func: str, point: str) -> tuple[int, str]:
    code = CHILD.format(root=str(ROOT), tests=str(ROOT / "tests"), db=str(db), point=point, func=func)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    return res.returncode, res.stderr


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """A database with 80 articles extracted once (run 'r1'), built with the library."""
    from reliability.crash_child import build_base

    work = tmp_path_factory.mktemp("crash_base")
    make_corpus(work / "corpus", 80, seed=5)
    db = work / "base.duckdb"
    build_base(db, work / "corpus")
    return db


def _snapshot(db: Path) -> dict:
    q = {
        "articles": "SELECT count(*) FROM articles",
        "statements": "SELECT count(*) FROM statements",
        "statement_ids": "SELECT list(statement_id ORDER BY statement_id) FROM statements",
        "extractions": "SELECT list(article_id || '/' || run_id ORDER BY article_id) FROM extractions",
        "errors": "SELECT count(*) FROM ingest_errors",
        "runs": "SELECT list(run_id || ':' || status ORDER BY run_id) FROM runs",
        "files": "SELECT count(*) FROM source_files",
    }
    return {k: read_retry(db, sql)[0][0][0] for k, sql in q.items()}


KILL_POINTS = [
    # (what the child does, where it dies, what must survive)
    ("reextract", "extract/replace_statements.sql#1", "old"),  # old statements deleted, not yet replaced
    ("reextract", "extract/replace_statements.sql#3", "old"),  # new statements in, extractions not yet
    ("reextract", "extract/replace_statements.sql#4", "old"),  # all written, transaction not committed
    ("reextract", "after_commit", "new"),  # committed, run never finished
    ("ingest_more", "ingest/insert_articles.sql#1", "old"),  # new articles inserted, errors not yet
    ("ingest_more", "ingest/insert_errors.sql#1", "old"),  # articles and errors written, no commit
    ("ingest_more", "ingest/record_files.sql#5", "old"),  # files recorded as read, no commit
    ("ingest_more", "after_commit", "new"),
]


@pytest.mark.parametrize("func,point,survives", KILL_POINTS, ids=[f"{f}-{p}" for f, p, _ in KILL_POINTS])
def test_sigkill_inside_a_transaction_leaves_the_old_or_the_new_state(base_db, tmp_path, func, point, survives):
    from reliability.crash_child import finish_pending_work

    db = tmp_path / "db.duckdb"
    shutil.copy(base_db, db)
    before = _snapshot(db)
    code, stderr = _child(db, func, point)
    assert code == -signal.SIGKILL, f"the child was not killed at {point}: rc={code}\n{stderr[-2000:]}"
    after = _snapshot(db)
    if survives == "old":
        assert after == {**before, "runs": after["runs"]}, "a killed transaction left part of its writes"
    else:
        assert after != before
    # The killed run is the only problem, and the next run marks it failed and finishes the work.
    report = audit_file(db)
    assert report.names() == {"runs_left_running"}, report.lines()
    finish_pending_work(db, tmp_path)
    report = audit_file(db)
    assert report.ok, report.lines()
    final = _snapshot(db)
    statuses = [r.rsplit(":", 1)[1] for r in final["runs"]]
    assert statuses.count("running") == 0 and statuses.count("failed") == 1, final["runs"]
    assert final["articles"] >= before["articles"] and final["statements"] >= before["statements"]
    ids = read_retry(db, "SELECT count(*), count(DISTINCT statement_id) FROM statements")[0][0]
    assert ids[0] == ids[1]


# --------------------------------------------------------------------------- real `negotrack run`, killed


def _wait_for(predicate, timeout: float, what: str, proc=None) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if predicate():
            return time.monotonic() - t0
        if proc is not None and proc.popen.poll() is not None:
            raise AssertionError(f"the run ended (rc={proc.popen.returncode}) before {what}:\n{proc.stderr[-3000:]}")
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cpu(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1
    return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks


def _idle(workers: list[int]):
    """A predicate: true once the workers have worked and then used no CPU for 0.3 s."""
    last: list = [None, 0]

    def check() -> bool:
        now = sum(_cpu(w) for w in workers)
        if now != last[0]:
            last[0], last[1] = now, time.monotonic()
            return False
        return now > 50 and time.monotonic() - last[1] >= 0.3

    return check


def _count(db: Path, sql: str) -> int:
    return read_retry(db, sql)[0][0][0]


def test_sigkill_real_runs_at_three_moments_then_the_next_run_completes(tmp_path, rel_env):
    from negotrack.codebook import load_codebook
    from negotrack.extract.batch import extract_rows

    corpus = tmp_path / "corpus"
    n = make_corpus(corpus, 1000, seed=3)
    db = tmp_path / "crash.duckdb"
    env = {**rel_env, "NEGOTRACK_DB": str(db)}
    work = tmp_path / "work"
    kills: list[str] = []

    def running_runs() -> int:
        return _count(db, "SELECT count(*) FROM runs WHERE status = 'running'") if db.exists() else 0

    # 1. While it reads the sources: the run row is there, nothing stored yet.
    p = start(["run", str(corpus)], env, work)
    try:
        _wait_for(lambda: running_runs() == 1, 120, "the run to start", p)
        p.kill()
    finally:
        p.kill_group()
    kills.append("ingest")
    assert _count(db, "SELECT count(*) FROM articles") in (0, n), "half an ingest batch stored"
    report = audit_file(db)
    assert report.names() == {"runs_left_running"}, report.lines()

    # 2. While it extracts: articles stored, worker processes up, no statement stored yet.
    p = start(["run", str(corpus)], env, work)
    try:
        _wait_for(lambda: extraction_workers(p.pid), 180, "the extraction workers", p)
        workers = extraction_workers(p.pid)
        p.kill()
        # Orphaned extraction workers notice that their parent is gone and exit by themselves.
        _wait_for(lambda: not [w for w in workers if _alive(w)], 20, "the orphaned workers to exit")
    finally:
        p.kill_group()
    kills.append("extract")
    assert _count(db, "SELECT count(*) FROM articles") == n
    assert _count(db, "SELECT count(*) FROM extractions") == 0
    assert _count(db, "SELECT count(*) FROM statements") == 0
    assert _count(db, "SELECT count(*) FROM runs WHERE status = 'failed'") == 1  # run 1, marked by run 2
    report = audit_file(db)
    assert report.names() == {"runs_left_running"}, report.lines()

    # 3. When the workers fall idle: the parent validates and stores the statements.
    p = start(["run", str(corpus)], env, work)
    try:
        _wait_for(lambda: extraction_workers(p.pid), 180, "the extraction workers", p)
        workers = extraction_workers(p.pid)
        _wait_for(_idle(workers), 180, "the extraction workers to fall idle", p)
        p.kill()
    finally:
        p.kill_group()
    extracted = _count(db, "SELECT count(*) FROM extractions")
    kills.append(f"statement validation/store ({'after' if extracted else 'before'} the commit)")
    assert extracted in (0, n), f"half an extraction batch stored: {extracted} of {n}"
    report = audit_file(db)
    assert report.names() == {"runs_left_running"}, report.lines()

    # 4. Once the workers are gone: validating the other tables, writing the report.
    p = start(["run", str(corpus)], env, work)
    try:
        _wait_for(lambda: extraction_workers(p.pid) or _count(db, "SELECT count(*) FROM runs WHERE status = 'running'") == 1,
                  180, "the run to start", p)
        _wait_for(lambda: not extraction_workers(p.pid) and _count(db, "SELECT count(*) FROM extractions") == n,
                  180, "the extraction to be stored", p)
        finished = p.popen.poll() is not None  # too late: the run ended on its own (rare)
        if not finished:
            p.kill()
    finally:
        p.kill_group()
    assert _count(db, "SELECT count(*) FROM extractions") == n
    report = audit_file(db)
    if not finished:
        kills.append("validation/report")
        assert report.names() == {"runs_left_running"}, report.lines()

    # 5. The next run marks the killed runs failed and completes the work.
    p = start(["run", str(corpus)], env, work)
    try:
        assert p.wait(240) == 0, p.stderr[-3000:]
    finally:
        p.kill_group()
    report = audit_file(db)
    assert report.ok, report.lines()
    runs = read_retry(db, "SELECT status, message, inputs, articles_new, articles_known FROM runs ORDER BY started_at")[0]
    statuses = [r[0] for r in runs]
    assert statuses[-1] == "completed" and statuses.count("failed") == len(kills) >= 3, runs
    assert "running" not in statuses
    assert all("killed" in (r[1] or "") for r in runs if r[0] == "failed")
    assert runs[-1][3] == 0 and runs[-1][2] == runs[-1][4]  # everything was already stored by run 2
    assert _count(db, "SELECT count(*) FROM articles") == n
    assert _count(db, "SELECT count(DISTINCT article_id) FROM extractions") == n
    total, distinct = read_retry(db, "SELECT count(*), count(DISTINCT statement_id) FROM statements")[0][0]
    assert total == distinct > n  # no duplicates; about two statements per article
    # Nothing lost: the stored statements of a sample are exactly what the extractor finds.
    sample = read_retry(
        db, "SELECT article_id, text, language, published FROM articles ORDER BY hash(article_id) LIMIT 100"
    )[0]
    expected = {r[0] for r in extract_rows([tuple(r) for r in sample], load_codebook())}
    ids = ", ".join(f"'{r[0]}'" for r in sample)
    stored = {r[0] for r in read_retry(db, f"SELECT statement_id FROM statements WHERE article_id IN ({ids})")[0]}
    held = _count(db, "SELECT count(*) FROM quarantine WHERE table_name = 'statements'")
    assert stored <= expected and len(expected) - len(stored) <= held
    print(f"kill points: {kills}; articles {n}, statements {total}")


# --------------------------------------------------------------------------- killed at the de-duplication step

STORY = (
    "Iran's foreign minister Abbas Araghchi said on Sunday that enrichment is a non-negotiable right "
    "and that Tehran would not accept any deal that ends it. The U.S. envoy insisted that Iran must give "
    "up enrichment entirely before sanctions are eased. Diplomats from both sides met for three hours in "
    "Muscat with Omani mediators carrying messages between two rooms, and agreed to meet again next week "
    "to discuss a framework for verification, inspections and the sequencing of sanctions relief."
)
OUTLETS = ["Wire One", "Daily Two", "Courier Three", "Gazette Four"]

DEDUP_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from negotrack import syndication

    real = syndication.mark_syndicated

    def dying(con):  # the step's writes are done, its transaction not committed
        real(con)
        os.kill(os.getpid(), signal.SIGKILL)

    syndication.mark_syndicated = dying
    sys.argv = ["negotrack", "run", {corpus!r}]
    from negotrack.cli import main
    main()
    """
)


def test_sigkill_at_the_deduplication_step_then_the_next_run_restores_the_syndication_record(tmp_path, rel_env):
    """A real `negotrack run` (its Prefect flow, in its own process) SIGKILLed inside the
    de-duplication step: the four outlets' copies of one story are stored, their
    syndication record is not. `audit` sees the unchecked articles once the killed run is
    marked failed, and the next run checks them: one story, three copies."""
    from reliability.helpers import EXE

    corpus = tmp_path / "corpus"
    make_corpus(corpus, 30, seed=8)
    for i, outlet in enumerate(OUTLETS):
        (corpus / f"story-{i}.md").write_text(
            f"---\nid: story-{i}\ntitle: Talks in Muscat ({outlet})\nsource: {outlet}\npublished: 2025-04-13\n"
            f"language: en\n---\nMUSCAT ({outlet}) - {STORY} Reporting by the {outlet} desk.\n",
            encoding="utf-8",
        )
    db = tmp_path / "dedup.duckdb"
    env = {**rel_env, "NEGOTRACK_DB": str(db)}
    child = subprocess.Popen([sys.executable, "-c", DEDUP_KILLER.format(corpus=str(corpus))], env=env,
                             cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        _, stderr = child.communicate(timeout=300)
    finally:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert child.returncode == -signal.SIGKILL, f"rc={child.returncode}\n{stderr[-3000:]}"
    assert _count(db, "SELECT count(*) FROM articles") == 34  # stored before the step
    assert _count(db, "SELECT count(*) FROM syndication") == 0  # the step was rolled back
    assert _count(db, "SELECT count(*) FROM article_fingerprints") == 0

    # Once the killed run is marked failed, audit names the articles never checked.
    assert audit_file(db).names() == {"runs_left_running"}  # its articles: the killed run's own business
    report = audit_file(_with_killed_runs_failed(db))
    assert report.names() == {"articles_not_deduplicated"}, report.lines()
    assert next(f for f in report.findings if f.check.name == "articles_not_deduplicated").count == 34

    res = subprocess.run([str(EXE), "run", str(corpus)], env=env, cwd=tmp_path, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr[-3000:]
    assert "Traceback" not in res.stderr
    report = audit_file(db)
    assert report.ok, report.lines()
    copies = read_retry(db, "SELECT article_id, original_id FROM syndication ORDER BY article_id")[0]
    assert len(copies) == 3 and {c[0] for c in copies} | {copies[0][1]} == {f"story-{i}" for i in range(4)}
    assert len({c[1] for c in copies}) == 1  # every copy points at the one original
    stories = _count(db, "SELECT count(DISTINCT story_id) FROM article_stories WHERE article_id LIKE 'story-%'")
    assert stories == 1
    assert _count(db, "SELECT count(*) FROM article_fingerprints") == 34


def _with_killed_runs_failed(db: Path) -> Path:
    """A copy of ``db`` where the killed run is marked failed, as the next run's start does."""
    from negotrack import store
    from negotrack.config import Settings
    from negotrack.runs import fail_orphaned_runs

    copy = db.with_name("marked.duckdb")
    shutil.copy(db, copy)
    with store.connect(Settings(db=copy)) as con:
        assert fail_orphaned_runs(con) == 1
    return copy
