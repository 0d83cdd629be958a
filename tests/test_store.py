"""The DuckDB store: migrations, the lock, SQL files, and the file format users' shells read."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from negotrack import store
from negotrack.config import Settings


# The migrations of this repository, listed by hand (a new file adds to them).
SCHEMA_FILES = {f"schema/{n}" for n in (
    "001_articles.sql", "002_ingest_errors.sql", "003_runs.sql", "004_statements.sql", "005_extractions.sql",
    "006_quarantine.sql", "007_syndication.sql", "008_run_accounting.sql", "009_source_files.sql",
    "010_run_process.sql", "011_llm.sql")}
VIEW_FILES = {f"views/{n}" for n in (
    "010_positions.sql", "020_article_stories.sql", "021_independent_positions.sql", "022_position_timeline.sql",
    "023_position_shifts.sql", "024_issue_moves.sql")}


def test_migrations_create_the_documented_tables_once(settings):
    with store.connect(settings) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        applied = [r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()]
    assert {"articles", "ingest_errors", "runs", "statements", "extractions"} <= tables
    assert {"positions", "article_stories", "independent_positions", "position_timeline", "position_shifts",
            "issue_moves"} <= views
    assert SCHEMA_FILES | VIEW_FILES <= set(applied) and len(applied) == len(set(applied))
    # a second open applies nothing and keeps the data
    with store.connect(settings) as con:
        assert store.migrate(con) == []
        con.execute("INSERT INTO runs (run_id, flow_name, started_at, status) VALUES ('r', 'f', now(), 'running')")
    with store.connect(settings) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchall()[0][0] == 1


def test_schema_version_is_the_highest_numbered_schema_file(tmp_path, monkeypatch):
    """Numbers, not names: 010 beats 009 and 002; a view's number does not count."""
    for sub, name in (("schema", "002_b.sql"), ("schema", "010_c.sql"), ("schema", "009_d.sql"),
                      ("views", "030_v.sql")):
        (tmp_path / sub).mkdir(exist_ok=True)
        (tmp_path / sub / name).write_text("SELECT 1;\n", encoding="utf-8")
    monkeypatch.setattr(store, "SQL_DIR", tmp_path)
    assert store.schema_version() == 10


def test_this_repository_is_at_schema_version_11_or_later():
    assert store.schema_version() >= 11  # 011_llm.sql


def test_read_only_open_of_a_missing_file_does_not_create_it(tmp_path):
    s = Settings(db=tmp_path / "absent.duckdb")
    with pytest.raises(FileNotFoundError, match="absent.duckdb"):
        with store.connect(s, read_only=True):
            pass
    assert not (tmp_path / "absent.duckdb").exists()


def test_run_script_passes_each_statement_only_its_parameters(settings):
    with store.connect(settings) as con:
        store.run_script(con, "runs/start.sql", {
            "run_id": "abc", "flow_name": "x", "pid": 1, "proc_start": 7, "boot_id": "b", "host": "h", "params": "{}", "unused": 5,
        })
        assert con.execute("SELECT run_id, status FROM runs").fetchall() == [("abc", "running")]


def test_file_opens_in_the_duckdb_1_5_shell(settings):
    """Users query the file with `pip install duckdb-cli` (1.5.x), which cannot read 2.0's format."""
    shell = Path(sys.executable).parent / "duckdb"
    assert shell.exists(), "duckdb-cli is a test dependency"
    with store.connect(settings) as con:
        con.execute("INSERT INTO runs (run_id, flow_name, started_at, status) VALUES ('r1', 'f', now(), 'completed')")
    res = subprocess.run([str(shell), "-readonly", "-csv", str(settings.db), "-c", "SELECT run_id, status FROM runs"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert "r1,completed" in res.stdout


def test_a_second_writer_waits_then_fails_clearly(tmp_path):
    db = tmp_path / "locked.duckdb"
    with store.connect(Settings(db=db)):
        pass
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, time, sys
        con = duckdb.connect({str(db)!r})
        print("locked", flush=True)
        time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        t0 = time.monotonic()
        with pytest.raises(store.StoreLockedError, match="locked by process"):
            with store.connect(Settings(db=db, lock_timeout_s=1.0)):
                pass
        waited = time.monotonic() - t0
        assert 0.9 <= waited < 10
    finally:
        holder.kill()
        holder.wait()
    # once the holder is gone the lock is free again
    with store.connect(Settings(db=db, lock_timeout_s=5)) as con:
        assert con.execute("SELECT 1").fetchall() == [(1,)]


def test_nested_transactions_commit_or_roll_back_together(settings):
    with store.connect(settings) as con:
        with pytest.raises(RuntimeError):
            with store.transaction(con):
                con.execute("INSERT INTO runs (run_id, flow_name, started_at, status) VALUES ('a', 'f', now(), 'x')")
                with store.transaction(con):
                    con.execute("INSERT INTO runs (run_id, flow_name, started_at, status) VALUES ('b', 'f', now(), 'x')")
                raise RuntimeError("crash after the inner block")
        assert con.execute("SELECT count(*) FROM runs").fetchall()[0][0] == 0
        with store.transaction(con):
            with store.transaction(con):
                con.execute("INSERT INTO runs (run_id, flow_name, started_at, status) VALUES ('c', 'f', now(), 'x')")
        assert con.execute("SELECT run_id FROM runs").fetchall() == [("c",)]


def test_a_statement_stopped_by_a_signal_is_a_stop_not_an_error(settings):
    """When a stop signal's handler raises during a statement, DuckDB drops that exception
    and raises RuntimeError("Query interrupted") (seen with SIGALRM and a raising handler;
    whether DuckDB polls for signals at all during a statement varies, so that is not
    re-enacted here); an interrupted connection raises InterruptException. The store gives
    both back as a stop (a BaseException), so nothing reports them as failures."""
    import threading

    with pytest.raises(store.QueryInterrupted) as caught:
        with store.connect(settings):
            raise RuntimeError("Query interrupted")
    assert not isinstance(caught.value, Exception)
    done = threading.Event()
    with pytest.raises(store.QueryInterrupted):
        with store.connect(settings) as con:
            def interrupt() -> None:  # again and again: one that came before the statement began does nothing
                while not done.wait(0.2):
                    try:
                        con.interrupt()
                    except Exception:  # noqa: BLE001  closed meanwhile: the statement has ended
                        return

            threading.Thread(target=interrupt, daemon=True).start()
            try:
                con.sql("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000000) "
                        "SELECT count(*) FROM r").pl()
            finally:
                done.set()


def test_any_other_error_in_a_unit_of_work_is_what_it_was(settings):
    with pytest.raises(RuntimeError, match="something else"):
        with store.connect(settings):
            raise RuntimeError("something else")
