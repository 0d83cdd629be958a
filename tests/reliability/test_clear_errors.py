"""One line and a documented exit code, never a traceback (issue 12 §7).

Each case runs the real console script on a real file: query results Polars cannot hold,
DuckDB logging refused by the read-only guard, and a database path that cannot be used
(a folder, not a DuckDB file, truncated, bytes flipped, a read-only or full filesystem).
Exit codes: README "exit codes" (2 usage, 5 the database path cannot be used).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from negotrack import store
from negotrack.config import Settings
from reliability.helpers import EXE


def _cli(args: list[str], env, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXE), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def _one_clear_line(res: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in res.stderr and "panicked" not in res.stderr, res.stderr[-3000:]
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, res.stderr[-3000:]
    return errors[0]


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("clear") / "empty.duckdb"
    with store.connect(Settings(db=db)):
        pass
    return db


QUERIES = [
    # (sql, format, what the output must hold)
    ("SELECT INTERVAL 3 DAY AS i, 1 AS n", "csv", "i,n\n3 days,1\n"),
    ("SELECT INTERVAL 3 DAY AS i", "table", "3 days"),
    ("SELECT 'infinity'::DATE AS d, DATE '2025-04-01' AS ok", "csv", "d,ok\ninfinity,2025-04-01\n"),
    ("SELECT '-infinity'::TIMESTAMP AS t", "json", '"t": "-infinity"'),
    ("SELECT 'infinity'::DATE AS d", "table", "infinity"),
    ("SELECT union_value(k := 7) AS u", "csv", "u\n7\n"),
    ("SELECT 1 AS a UNION SELECT 2 ORDER BY a", "csv", "a\n1\n2\n"),
    ("SELECT 'ab'::BLOB AS b, '101'::BIT AS t", "csv", "b,t\nab,101\n"),
    ("SELECT '\\xFF'::BLOB AS b", "json", '"b": "\\\\xFF"'),
    ("SELECT [INTERVAL 1 DAY] AS l", "csv", "l\n[1 day]\n"),
]


@pytest.mark.parametrize("sql,fmt,expected", QUERIES, ids=[f"{q[0][:40]}-{q[1]}" for q in QUERIES])
def test_query_results_polars_cannot_hold_are_shown_as_text(empty_db, rel_env, tmp_path, sql, fmt, expected):
    res = _cli(["--db", str(empty_db), "query", sql, "--format", fmt], rel_env, tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "Traceback" not in res.stderr and "panicked" not in res.stderr, res.stderr[-3000:]
    assert expected in res.stdout, res.stdout


@pytest.mark.parametrize("sql", [
    "CALL enable_logging(storage='file', storage_path='{log}')",
    "call ENABLE_LOGGING(storage = 'file', storage_path = '{log}')",
    "SET logging_storage = 'file'",
])
def test_a_read_only_query_cannot_touch_duckdb_logging(empty_db, rel_env, tmp_path, sql):
    """CALL enable_logging(storage='file', ...) under the read-only guard aborted the
    process (rc 134, DuckDB's uncaught exception): refused before DuckDB sees it."""
    log = tmp_path / "duck.log"
    res = _cli(["--db", str(empty_db), "query", sql.format(log=log)], rel_env, tmp_path)
    assert res.returncode == 2, (res.returncode, res.stderr[-2000:])
    assert "logging" in _one_clear_line(res) and "--write" in res.stderr
    assert not log.exists()
    # a string that merely says 'logging' is data, not a call
    res = _cli(["--db", str(empty_db), "query", "SELECT 'enable_logging' AS word", "-f", "csv"], rel_env, tmp_path)
    assert res.returncode == 0 and res.stdout == "word\nenable_logging\n", res.stderr


def _not_duckdb(tmp: Path) -> Path:
    bad = tmp / "notes.duckdb"
    bad.write_text("these are my notes, not a database\n" * 100)
    return bad


def _folder(tmp: Path) -> Path:
    folder = tmp / "folder.duckdb"
    folder.mkdir()
    return folder


def _truncated(tmp: Path, source: Path) -> Path:
    db = tmp / "truncated.duckdb"
    data = source.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    return db


@pytest.mark.parametrize("kind", ["not_duckdb", "folder", "truncated"])
@pytest.mark.parametrize("command", ["status", "audit", "report", "run", "query"])
def test_an_unusable_database_path_is_one_line_with_exit_5(pipeline_db, rel_env, tmp_path, kind, command):
    _, good, _, _ = pipeline_db
    db = {"not_duckdb": _not_duckdb, "folder": _folder,
          "truncated": lambda t: _truncated(t, good)}[kind](tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Iran said enrichment is a non-negotiable right, the minister said.")
    args = {"run": ["run", str(tmp_path / "in")], "query": ["query", "SELECT count(*) FROM articles"]}.get(
        command, [command])
    before = db.read_bytes() if kind == "not_duckdb" else None
    res = _cli(["--db", str(db), *args], rel_env, tmp_path)
    if kind == "truncated" and res.returncode != 5:
        # What does not meet a missing block works; audit reads every row, so it finds them.
        assert "Traceback" not in res.stderr, res.stderr[-3000:]
        if command == "audit":
            assert res.returncode == 1 and "PROBLEM database_damaged" in res.stdout, res.stdout
        else:
            assert res.returncode == 0, (res.returncode, res.stderr[-3000:])
    else:
        assert res.returncode == 5, (res.returncode, res.stdout[-1000:], res.stderr[-3000:])
        line = _one_clear_line(res)
        assert str(db.name) in line
        assert {"not_duckdb": "not a DuckDB database", "folder": "is a folder",
                "truncated": "damaged"}[kind] in line
    if before is not None:
        assert db.read_bytes() == before  # nothing written into a file that is not ours


def _flip_a_data_block(db: Path, table: str) -> None:
    """Flip bytes inside one of ``table``'s data blocks (located with storage_info): the
    catalog stays readable, the block's checksum no longer matches."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchall()[0][0]
        blocks = [r[0] for r in con.execute(
            f"SELECT DISTINCT block_id FROM pragma_storage_info('{table}') WHERE block_id >= 0 "
            "AND NOT persistent = false ORDER BY block_id").fetchall()]
    finally:
        con.close()
    assert blocks, f"{table} has no data block"
    data = bytearray(db.read_bytes())
    start = 3 * 4096 + blocks[-1] * block_size + 64  # after the file's three header blocks
    for i in range(start, start + 512):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))


def test_bytes_flipped_mid_file_are_an_audit_finding(pipeline_db, rel_env, tmp_path):
    _, good, _, _ = pipeline_db
    db = tmp_path / "flipped.duckdb"
    shutil.copy(good, db)
    _flip_a_data_block(db, "articles")
    res = _cli(["--db", str(db), "audit"], rel_env, tmp_path)
    assert res.returncode == 1, (res.returncode, res.stdout[-2000:], res.stderr[-3000:])
    assert "Traceback" not in res.stderr
    assert "PROBLEM database_damaged" in res.stdout and "    articles: " in res.stdout, res.stdout
    # status only counts rows: it may not meet the block, but never tracebacks
    res = _cli(["--db", str(db), "status"], rel_env, tmp_path)
    assert res.returncode in (0, 5) and "Traceback" not in res.stderr, res.stderr[-3000:]
    res = _cli(["--db", str(db), "query", "SELECT text FROM articles", "-f", "csv"], rel_env, tmp_path)
    assert res.returncode == 5 and "damaged" in _one_clear_line(res)


NAMESPACE = """
set -e
mount --bind {ro} {ro}
mount -o remount,bind,ro {ro} {ro}
mount -t tmpfs -o size=300k tmpfs {full}
set +e
{exe} --db {ro}/new.duckdb run {inbox} >{out}/ro-new.out 2>{out}/ro-new.err; echo $? >{out}/ro-new.rc
{exe} --db {ro}/has.duckdb status >{out}/ro-status.out 2>{out}/ro-status.err; echo $? >{out}/ro-status.rc
{exe} --db {ro}/has.duckdb run {inbox} >{out}/ro-run.out 2>{out}/ro-run.err; echo $? >{out}/ro-run.rc
{exe} --db {full}/new.duckdb run {inbox} >{out}/full.out 2>{out}/full.err; echo $? >{out}/full.rc
"""


def test_read_only_and_full_filesystems(pipeline_db, rel_env, tmp_path):
    """A real read-only mount and a real 300 KiB tmpfs, in a mount namespace of the test's
    own (`unshare --mount`, as root); skipped with the reason where that is not allowed."""
    _, good, _, _ = pipeline_db
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1): cannot make a read-only or a full filesystem here")
    probe = subprocess.run(["unshare", "--mount", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {tmp_path}"],
                           capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        print(f"skipped: mounting in a mount namespace is not allowed here: {probe.stderr.strip()}")
        pytest.skip(f"mounting in a mount namespace is not allowed here ({probe.stderr.strip()[:200]})")
    ro, full, out, inbox = (tmp_path / n for n in ("ro", "full", "out", "in"))
    for d in (ro, full, out, inbox):
        d.mkdir()
    (inbox / "a.txt").write_text("Iran said enrichment is a non-negotiable right, the minister said on Sunday.")
    with store.connect(Settings(db=ro / "has.duckdb")):
        pass  # a current database (nothing to migrate), on what becomes a read-only mount
    script = NAMESPACE.format(ro=ro, full=full, out=out, inbox=inbox, exe=EXE)
    res = subprocess.run(["unshare", "--mount", "bash", "-c", script], env=rel_env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr

    def outcome(name: str) -> tuple[int, str, str]:
        return (int((out / f"{name}.rc").read_text()), (out / f"{name}.out").read_text(),
                (out / f"{name}.err").read_text())

    rc, _, err = outcome("ro-status")  # reading works on a read-only mount
    assert rc == 0 and "Traceback" not in err, err[-2000:]
    for name in ("ro-new", "ro-run"):
        rc, _, err = outcome(name)
        assert rc == 5 and "Traceback" not in err, (name, rc, err[-3000:])
        assert "Read-only file system" in err and "writable place" in err
    rc, _, err = outcome("full")
    assert rc == 5 and "Traceback" not in err, err[-3000:]
    assert "No space left on device" in err
