"""The DuckDB store: short-lived connections, schema migrations from ``sql/``, SQL files.

DuckDB's file lock is exclusive across processes and fails at once (STACK-NOTES §0.10),
so every caller opens a connection for one unit of work and closes it; openers retry
until ``lock_timeout_s``. The file is created in the v1.5.0 storage format so that the
``duckdb`` shell from PyPI (1.5.x) can open it too (STACK-NOTES §0.9).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from negotrack.config import SQL_DIR, Settings

log = logging.getLogger("negotrack.store")

STORAGE_VERSION = "v1.5.0"
SCHEMA_DIRS = ("schema", "views")  # applied in this order; files sorted by name within each


class StoreLockedError(RuntimeError):
    """Another process held the database for longer than the configured timeout."""


class QueryInterrupted(BaseException):
    """A DuckDB statement stopped by a signal. DuckDB turns the exception the signal's
    handler raised (negotrack/shutdown.py's StopRequested, a KeyboardInterrupt) into a
    plain ``RuntimeError("Query interrupted")`` and drops it; this puts back what it was:
    a stop, not an error. A BaseException like the stop itself, so that no ``except
    Exception`` reports it as a failure (Prefect logs a crash, without a traceback) and
    the CLI ends with its usual stop message and exit code."""


def _interrupted(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.InterruptException) or (
        type(exc) is RuntimeError and str(exc) == "Query interrupted")


class StoreDamagedError(RuntimeError):
    """The database path cannot be used: a folder, not a DuckDB file, a damaged file, or
    a place that cannot be written. The message says which and what to do."""


# DuckDB's words for a file that is not (or no longer) a readable database
_DAMAGED = re.compile(r"not a valid DuckDB database|Corrupt database|checksum|Could not read enough bytes|"
                      r"database file with version number", re.I)
_UNWRITABLE = re.compile(r"Read-only file system|Permission denied|No space left on device|Disk full", re.I)


def is_damage(exc: BaseException) -> bool:
    """Is DuckDB's ``exc`` about the file itself (damaged, foreign, unwritable)?"""
    text = " ".join(str(exc).split())
    return bool(_DAMAGED.search(text) or _UNWRITABLE.search(text))


def damaged_error(path: Path, exc: BaseException) -> StoreDamagedError | None:
    """The :class:`StoreDamagedError` for DuckDB's ``exc`` on ``path``, or None when
    ``exc`` is not about the file itself (a bad query, a lock)."""
    text = " ".join(str(exc).split())
    if path.is_dir():
        return StoreDamagedError(f"{path} is a folder, not a database file; point NEGOTRACK_DB (or --db) at a file.")
    if _UNWRITABLE.search(text):
        return StoreDamagedError(f"cannot use {path}: {text}. Free some space, fix the permissions, or point "
                                 "NEGOTRACK_DB (or --db) at a writable place.")
    if "not a valid DuckDB database" in text:
        return StoreDamagedError(f"{path} is not a DuckDB database; point NEGOTRACK_DB (or --db) at the negotrack "
                                 "database, or move this file away to start a new one.")
    if _DAMAGED.search(text):
        return StoreDamagedError(f"{path} is damaged ({text}); restore it from a backup, or move it away and "
                                 "run again from the sources.")
    return None


@dataclass(frozen=True)
class SqlFile:
    name: str  # e.g. "schema/001_articles.sql"
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()[:16]

    @property
    def is_view(self) -> bool:
        return self.name.startswith("views/")


def sql_text(name: str) -> str:
    """The text of ``sql/<name>``; raises FileNotFoundError naming the path."""
    path = SQL_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"SQL file not found: {path}")
    return path.read_text(encoding="utf-8")


def schema_files() -> list[SqlFile]:
    files: list[SqlFile] = []
    for sub in SCHEMA_DIRS:
        for path in sorted((SQL_DIR / sub).glob("*.sql")):
            files.append(SqlFile(f"{sub}/{path.name}", path.read_text(encoding="utf-8")))
    return files


def schema_version() -> int:
    """The highest numbered file under ``sql/schema`` (``007_x.sql`` -> 7)."""
    numbers = [int(m.group(1)) for f in schema_files() if (m := re.match(r"schema/(\d+)_", f.name))]
    return max(numbers, default=0)


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def _open(path: Path, read_only: bool, timeout_s: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + timeout_s
    delay = 0.02
    config = {} if read_only else {"storage_compatibility_version": STORAGE_VERSION}
    if path.is_dir():
        raise damaged_error(path, IsADirectoryError(str(path)))  # type: ignore[misc]
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                damaged = damaged_error(path, exc)
                if damaged is not None:
                    raise damaged from exc
                raise
            if time.monotonic() >= deadline:
                holder = re.search(r"\(PID (\d+)\)", str(exc))
                who = f" by process {holder.group(1)}" if holder else ""
                raise StoreLockedError(
                    f"{path} is locked{who} (another negotrack run is writing); "
                    f"gave up after {timeout_s:.0f}s. Retry later or raise NEGOTRACK_LOCK_TIMEOUT_S."
                ) from exc
            time.sleep(delay)
            delay = min(delay * 1.5, 0.25)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the files of ``sql/schema`` once and (re)apply ``sql/views`` when changed.

    Each file runs in its own transaction together with its bookkeeping row, so a crash
    never leaves a half-applied file behind. Returns the names applied.
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " name VARCHAR PRIMARY KEY, checksum VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    applied = dict(con.execute("SELECT name, checksum FROM schema_migrations").fetchall())
    done: list[str] = []
    for f in schema_files():
        if f.name in applied and (applied[f.name] == f.checksum or not f.is_view):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f.sql)
            con.execute(
                "INSERT OR REPLACE INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)",
                [f.name, f.checksum],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        done.append(f.name)
    if done:
        log.debug("applied %s", ", ".join(done))
    return done


@contextmanager
def connect(settings: Settings, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the database for one unit of work; migrate when writing.

    A read-only open of a file that does not exist yet fails with FileNotFoundError
    rather than creating an empty database.
    """
    path = Path(settings.db)
    if read_only and not path.exists():
        raise FileNotFoundError(f"No database at {path}: run `negotrack run PATH` first.")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreDamagedError(f"cannot create the folder of {path} ({exc.strerror}); point NEGOTRACK_DB "
                                    "(or --db) at a writable place.") from exc
    con = _open(path, read_only, settings.lock_timeout_s)
    try:
        if not read_only:
            try:
                migrate(con)
            except duckdb.Error as exc:
                damaged = damaged_error(path, exc)
                if damaged is not None:
                    raise damaged from exc
                raise
        yield con
    except Exception as exc:
        if _interrupted(exc):
            raise QueryInterrupted(str(exc)) from exc
        raise
    finally:
        con.close()


_in_transaction: weakref.WeakSet = weakref.WeakSet()  # connections with an open transaction


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit on success, roll back on any exception.

    Nests: inside an open transaction it joins it, so a caller can make several
    library writes (each wrapped in ``transaction``) commit together. (A second BEGIN
    cannot be used to find out: DuckDB aborts the open transaction when it fails.)
    """
    if con in _in_transaction:
        yield con  # the outer transaction commits or rolls back
        return
    con.execute("BEGIN TRANSACTION")
    _in_transaction.add(con)
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")
    finally:
        _in_transaction.discard(con)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the user-facing tables (not views)."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
            "AND table_name <> 'schema_migrations' ORDER BY table_name"
        ).fetchall()
    ]
    return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0][0] for n in names}


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


def split_statements(sql: str) -> list[str]:
    """Statements of a ``sql/`` file. Our files keep ';' out of strings and comments."""
    body = _COMMENT.sub("", sql)
    return [s.strip() for s in body.split(";") if s.strip()]


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, **frames: object) -> Iterator[duckdb.DuckDBPyConnection]:
    """Make each frame (Polars, Arrow) visible to SQL under its keyword's name for the
    block: ``with registered(con, new_bands=bands): query_frame(con, ...)``.

    The names are unregistered when the block ends, also when it fails: a name left
    registered would answer for a later statement on the same connection.
    """
    done: list[str] = []
    try:
        for name, frame in frames.items():
            con.register(name, frame)
            done.append(name)
        yield con
    finally:
        for name in reversed(done):
            con.unregister(name)


def run_script(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None) -> list:
    """Run every statement of ``sql/<name>`` with the ``$named`` parameters each one uses.

    DuckDB prepares only one statement at a time and rejects unused parameters, so the
    file is split and each statement gets exactly its own parameters. Returns the rows of
    the last statement.
    """
    params = params or {}
    rows: list = []
    for stmt in split_statements(sql_text(name)):
        used = {p: params[p] for p in dict.fromkeys(_PARAM.findall(stmt))}
        rows = con.execute(stmt, used).fetchall() if used else con.execute(stmt).fetchall()
    return rows


def query_frame(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None):
    """The result of the single-statement file ``sql/<name>`` as a Polars frame."""
    stmts = split_statements(sql_text(name))
    if len(stmts) != 1:
        raise ValueError(f"sql/{name}: expected one statement, found {len(stmts)}")
    params = params or {}
    used = {p: params[p] for p in dict.fromkeys(_PARAM.findall(stmts[0]))}
    return con.sql(stmts[0], params=used).pl() if used else con.sql(stmts[0]).pl()
