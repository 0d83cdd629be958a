"""``negotrack audit``: check the whole database for what must never happen.

Each check is one query in ``sql/audit/NN_name.sql`` that returns the offending rows as
``(item, detail)``; an empty result means the check passed. One check needs Python: a
run still marked ``running`` is only a problem when its process is gone (killed), and
that can only be told on the host that ran it.

What is checked (see the SQL files for the exact rules):

- every statement has its article, and its evidence is the article text at its offsets;
- no duplicate article ids, texts, statement ids, run ids, extraction records;
- no extraction record without its article, no statement without its extraction record,
  and each extraction's statement count = statements stored + held in quarantine;
- every finished run adds up (inputs = new + known + syndicated + ingest errors +
  articles quarantined; statements = kept + quarantined) and what it says it stored is
  there (its ingest_errors rows, its articles);
- no rows written by an unrecorded run, no syndication record without its articles, no
  article never checked for syndicated copies (outside runs in progress);
- no run left ``running`` without a live process.

The database is only read (a read-only connection, so it runs beside analysts' queries);
a database whose schema is behind is migrated first, in one short write.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from negotrack import store
from negotrack.config import SQL_DIR, Settings

EXAMPLES = 10  # offending rows shown per finding


@dataclass(frozen=True)
class Check:
    name: str  # e.g. "statements_without_article"
    title: str  # what a finding means, in a sentence


CHECKS: tuple[Check, ...] = (
    Check("statements_without_article", "statements whose article is not stored"),
    Check("evidence_outside_text", "statements whose evidence is not the article text at their offsets"),
    Check("duplicate_article_ids", "article ids stored more than once"),
    Check("duplicate_article_texts", "the same article text stored under several ids"),
    Check("duplicate_statement_ids", "statement ids stored more than once"),
    Check("extractions_without_article", "extraction records of articles that are not stored"),
    Check("duplicate_extractions", "articles with more than one extraction record"),
    Check("statements_without_extraction", "statements with no extraction record (a half-stored batch)"),
    Check("extraction_counts", "extraction records whose statement count does not match what is stored"),
    Check("run_counts", "runs whose summary does not add up"),
    Check("run_rows", "completed runs whose stored rows differ from their summary"),
    Check("rows_without_run", "rows written by a run that is not recorded in runs"),
    Check("duplicate_runs", "run ids recorded more than once"),
    Check("syndication_orphans", "syndication records whose article or original is not stored"),
    Check("articles_not_deduplicated", "articles never checked for syndicated copies (a run killed at that step)"),
)
RUNNING_CHECK = Check("runs_left_running", "runs marked 'running' whose process is gone (killed)")
DAMAGE_CHECK = Check("database_damaged", "parts of the database file cannot be read (damaged blocks); restore it "
                                         "from a backup, or move it away and run again from the sources")


@dataclass
class Finding:
    check: Check
    count: int
    examples: list[tuple[str, str]]  # (item, detail), at most EXAMPLES


@dataclass
class AuditReport:
    findings: list[Finding] = field(default_factory=list)
    checks_run: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # rows per table
    notes: list[str] = field(default_factory=list)  # not problems: runs in progress, other hosts

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def problems(self) -> int:
        return sum(f.count for f in self.findings)

    def names(self) -> set[str]:
        return {f.check.name for f in self.findings}

    def lines(self) -> list[str]:
        """The report as plain text lines (what ``negotrack audit`` prints)."""
        out = [f"{n:>8,} {t}" for t, n in self.counts.items()]
        for f in self.findings:
            out.append(f"PROBLEM {f.check.name}: {f.count} {f.check.title}")
            for item, detail in f.examples:
                out.append(f"    {item}: {detail}" if detail else f"    {item}")
            if f.count > len(f.examples):
                out.append(f"    ... and {f.count - len(f.examples)} more")
        out.extend(f"note: {n}" for n in self.notes)
        if self.ok:
            out.append(f"{self.checks_run} checks, no problems found.")
        else:
            out.append(
                f"{self.checks_run} checks: {len(self.findings)} failed, {self.problems} problem row(s)."
            )
        return out


def _sql_file(check: Check) -> str:
    matches = sorted((SQL_DIR / "audit").glob(f"[0-9][0-9]_{check.name}.sql"))
    if not matches:
        raise FileNotFoundError(f"SQL file not found: {SQL_DIR / 'audit'}/NN_{check.name}.sql")
    return f"audit/{matches[0].name}"


def _read_every_row(con: duckdb.DuckDBPyConnection, report: AuditReport) -> list[tuple[str, str]]:
    """Read every column of every table (each block's checksum is verified on read): the
    tables that cannot be read, with DuckDB's reason. Counts rows on the way."""
    damaged = []
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name").fetchall()]
    for name in names:
        try:
            n = con.execute(f'SELECT count(*), sum(hash(t)) FROM "{name}" AS t').fetchall()[0][0]
        except duckdb.Error as exc:
            if not store.is_damage(exc):
                raise
            damaged.append((name, " ".join(str(exc).split())[:300]))
            continue
        if name != "schema_migrations":
            report.counts[name] = n
    return damaged


def audit(con: duckdb.DuckDBPyConnection) -> AuditReport:
    """Run every check on ``con`` (only read). A damaged file is a finding, not an error:
    the checks that meet damaged blocks are listed under ``database_damaged``."""
    report = AuditReport()
    damaged = _read_every_row(con, report)
    report.checks_run += 1
    for check in CHECKS:
        try:
            rows = store.run_script(con, _sql_file(check))
        except duckdb.Error as exc:
            if not store.is_damage(exc):
                raise
            damaged.append((f"check {check.name}", " ".join(str(exc).split())[:300]))
            continue
        finally:
            report.checks_run += 1
        if rows:
            examples = [(str(r[0]), "" if r[1] is None else str(r[1])) for r in rows[:EXAMPLES]]
            report.findings.append(Finding(check, len(rows), examples))
    host = socket.gethostname()
    dead: list[tuple[str, str]] = []
    from negotrack.runs import ProcessId

    try:
        rows = store.run_script(con, _sql_file(Check("running_runs", "")))
    except duckdb.Error as exc:
        if not store.is_damage(exc) and not damaged:  # (a damaged file may also be left unmigrated)
            raise
        damaged.append(("check runs_left_running", " ".join(str(exc).split())[:300]))
        rows = []
    for run_id, pid, run_host, started_at, flow_name, proc_start, boot in rows:
        since = started_at.strftime("%Y-%m-%d %H:%M") if isinstance(started_at, datetime) else str(started_at)
        if run_host != host:
            report.notes.append(
                f"run {run_id} ({flow_name}) is marked running on host {run_host!r} since {since}; "
                "its process can only be checked there."
            )
        elif ProcessId(pid, proc_start, boot).alive():
            report.notes.append(f"run {run_id} ({flow_name}) is in progress (process {pid}, since {since}).")
        else:
            dead.append((run_id, f"{flow_name}, process {pid} is gone (or its PID now belongs to another "
                                 f"process), started {since}; the next run marks it failed"))
    report.checks_run += 1
    if dead:
        report.findings.append(Finding(RUNNING_CHECK, len(dead), dead[:EXAMPLES]))
    if damaged:
        report.findings.insert(0, Finding(DAMAGE_CHECK, len(damaged), damaged[:EXAMPLES]))
    return report


def _schema_behind(settings: Settings) -> bool:
    with store.connect(settings, read_only=True) as con:
        try:
            applied = {r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()}
        except duckdb.Error as exc:
            if store.is_damage(exc):
                return False  # not migrated: audit() lists what cannot be read
            if not isinstance(exc, duckdb.CatalogException):
                raise
            raise FileNotFoundError(
                f"{settings.db} is not a negotrack database (it has no schema_migrations table)."
            ) from None
    return any(f.name not in applied for f in store.schema_files() if not f.is_view)


def audit_database(settings: Settings) -> AuditReport:
    """Audit the database file of ``settings`` (FileNotFoundError when there is none)."""
    if _schema_behind(settings):
        with store.connect(settings):  # migrates, in one short write
            pass
    with store.connect(settings, read_only=True) as con:
        return audit(con)
