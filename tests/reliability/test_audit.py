"""`negotrack audit` on a clean database and on deliberately damaged copies of it.

The clean database comes from one real `negotrack run` (seeds + hostile inputs, so it
has ingest errors and a quarantined article too). Each damage is applied to a copy and
must be found by exactly the checks that describe it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys

import duckdb
import pytest

from reliability.helpers import EXE, audit_file

pytestmark = pytest.mark.slow


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


HOST = socket.gethostname()

# name -> (SQL that damages the copy, the checks that must report it, exactly)
DAMAGES: dict[str, tuple[str, set[str]]] = {
    "statement_without_article": (
        "INSERT INTO statements SELECT * REPLACE ('ghost-article' AS article_id, 'st-ghost' AS statement_id) "
        "FROM statements LIMIT 1",
        {"statements_without_article", "statements_without_extraction"},
    ),
    "evidence_changed": (
        "UPDATE statements SET evidence = evidence || 'x' WHERE statement_id = (SELECT min(statement_id) FROM statements)",
        {"evidence_outside_text"},
    ),
    "offsets_out_of_range": (
        "UPDATE statements SET char_end = char_end + 100000 WHERE statement_id = (SELECT min(statement_id) FROM statements)",
        {"evidence_outside_text"},
    ),
    "article_text_changed": (
        "UPDATE articles SET text = 'X' || text WHERE article_id = (SELECT min(article_id) FROM statements)",
        {"evidence_outside_text"},
    ),
    "duplicate_article_row": (
        "INSERT INTO articles SELECT * FROM articles WHERE article_id = (SELECT min(article_id) FROM articles)",
        {"duplicate_article_ids", "duplicate_article_texts", "run_rows"},
    ),
    "same_text_other_id": (
        "INSERT INTO articles SELECT * REPLACE ('copy-' || article_id AS article_id) FROM articles "
        "WHERE article_id = (SELECT min(article_id) FROM articles)",
        {"duplicate_article_texts", "run_rows", "articles_not_deduplicated"},  # the copy was never fingerprinted
    ),
    "duplicate_statement_row": (
        "INSERT INTO statements SELECT * FROM statements WHERE statement_id = (SELECT min(statement_id) FROM statements)",
        {"duplicate_statement_ids", "extraction_counts"},
    ),
    "extraction_without_article": (
        "INSERT INTO extractions SELECT * REPLACE ('ghost-article' AS article_id, 0 AS n_statements) FROM extractions LIMIT 1",
        {"extractions_without_article"},
    ),
    "duplicate_extraction": (
        "INSERT INTO extractions SELECT * FROM extractions WHERE article_id = (SELECT min(article_id) FROM statements)",
        {"duplicate_extractions"},
    ),
    "half_batch_no_extraction_record": (
        "DELETE FROM extractions WHERE article_id = (SELECT min(article_id) FROM statements)",
        {"statements_without_extraction"},
    ),
    "extraction_count_wrong": (
        "UPDATE extractions SET n_statements = n_statements + 1 WHERE article_id = (SELECT min(article_id) FROM statements)",
        {"extraction_counts"},
    ),
    "statement_lost": (
        "DELETE FROM statements WHERE statement_id = (SELECT min(statement_id) FROM statements)",
        {"extraction_counts"},
    ),
    "run_inputs_do_not_add_up": (
        "UPDATE runs SET inputs = inputs + 1 WHERE flow_name = 'negotrack-pipeline'",
        {"run_counts"},
    ),
    "run_statements_do_not_add_up": (
        "UPDATE runs SET statements_kept = statements_kept - 1 WHERE flow_name = 'negotrack-pipeline'",
        {"run_counts"},
    ),
    "negative_count": (
        "UPDATE runs SET rows_checked = -1 WHERE flow_name = 'negotrack-pipeline'",
        {"run_counts"},
    ),
    "ingest_error_lost": (
        "DELETE FROM ingest_errors WHERE error_id = (SELECT min(error_id) FROM ingest_errors)",
        {"run_rows"},
    ),
    "article_lost": (  # an article vanishes with everything that pointed at it
        "CREATE TEMP TABLE victim AS SELECT min(article_id) AS id FROM articles "
        "WHERE article_id NOT IN (SELECT article_id FROM syndication) "
        "AND article_id NOT IN (SELECT original_id FROM syndication); "
        "DELETE FROM statements WHERE article_id IN (SELECT id FROM victim); "
        "DELETE FROM extractions WHERE article_id IN (SELECT id FROM victim); "
        "DELETE FROM articles WHERE article_id IN (SELECT id FROM victim)",
        {"run_rows"},
    ),
    "article_of_unrecorded_run": (
        "UPDATE articles SET run_id = 'ghost-run' WHERE article_id = (SELECT min(article_id) FROM articles)",
        {"rows_without_run", "run_rows"},
    ),
    "duplicate_run_row": (
        "INSERT INTO runs SELECT * FROM runs WHERE flow_name = 'negotrack-pipeline'",
        {"duplicate_runs"},
    ),
    "syndication_orphan": (
        "INSERT INTO syndication VALUES ((SELECT min(article_id) FROM articles), 'ghost-original', 0.9, 'test', now())",
        {"syndication_orphans"},
    ),
    "article_never_deduplicated": (  # as a run killed at its de-duplication step leaves it
        "DELETE FROM article_fingerprints WHERE article_id = (SELECT min(article_id) FROM articles)",
        {"articles_not_deduplicated"},
    ),
    "run_left_running_by_a_dead_process": (
        "INSERT INTO runs (run_id, flow_name, started_at, status, pid, host) "
        f"VALUES ('killed-run', 'negotrack-pipeline', now(), 'running', {{dead_pid}}, '{HOST}')",
        {"runs_left_running"},
    ),
}


@pytest.fixture(scope="module")
def clean_db(pipeline_db):
    _, db, _, _ = pipeline_db
    return db


def _copy(db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    return copy


def test_audit_of_the_pipeline_database_is_clean(clean_db):
    report = audit_file(clean_db)
    assert report.ok, report.lines()
    assert report.checks_run == 17
    counts = report.counts
    # the material the checks ran on: statements, ingest errors, a quarantined article
    assert counts["statements"] > 10 and counts["ingest_errors"] >= 3 and counts["quarantine"] >= 1
    con = duckdb.connect(str(clean_db), read_only=True)
    try:
        (row,) = con.execute(
            "SELECT inputs, articles_new, articles_known, articles_syndicated, ingest_errors, articles_quarantined "
            "FROM runs WHERE flow_name = 'negotrack-pipeline'"
        ).fetchall()
    finally:
        con.close()
    inputs, new, known, syndicated, errors, quarantined = row
    assert quarantined >= 1 and errors >= 3
    assert inputs == new + known + syndicated + errors + quarantined


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_each_kind_of_damage_is_found(clean_db, tmp_path, damage):
    sql, expected = DAMAGES[damage]
    db = _copy(clean_db, tmp_path)
    con = duckdb.connect(str(db))
    try:
        changed = con.execute(sql.replace("{dead_pid}", str(_dead_pid()))).fetchall()
        assert changed and changed[0][0] >= 1, "the damage changed nothing"
    finally:
        con.close()
    report = audit_file(db)
    assert not report.ok
    assert report.names() == expected, report.lines()
    for finding in report.findings:
        assert finding.count >= 1 and finding.examples


def test_cli_audit_exit_codes_and_output(clean_db, tmp_path, rel_env):
    db = _copy(clean_db, tmp_path)
    env = {**rel_env, "NEGOTRACK_DB": str(db)}
    res = subprocess.run([str(EXE), "audit"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "17 checks, no problems found." in res.stdout

    # A run in progress (this process is alive) is a note, not a problem.
    con = duckdb.connect(str(db))
    con.execute(
        "INSERT INTO runs (run_id, flow_name, started_at, status, pid, host) "
        "VALUES ('live-run', 'negotrack-pipeline', now(), 'running', ?, ?)", [os.getpid(), HOST],
    )
    con.close()
    res = subprocess.run([str(EXE), "audit"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout
    assert "live-run" in res.stdout and "in progress" in res.stdout

    con = duckdb.connect(str(db))
    con.execute("UPDATE statements SET evidence = 'forged' WHERE statement_id = (SELECT min(statement_id) FROM statements)")
    con.execute("UPDATE runs SET pid = ? WHERE run_id = 'live-run'", [_dead_pid()])
    con.close()
    res = subprocess.run([str(EXE), "audit"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "PROBLEM evidence_outside_text: 1 " in res.stdout
    assert "PROBLEM runs_left_running: 1 " in res.stdout and "live-run" in res.stdout
    assert "17 checks: 2 failed" in res.stdout

    res = subprocess.run([str(EXE), "--db", str(tmp_path / "none.duckdb"), "audit"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "No database" in res.stderr
    foreign = tmp_path / "foreign.duckdb"
    duckdb.connect(str(foreign)).close()
    res = subprocess.run([str(EXE), "--db", str(foreign), "audit"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "not a negotrack database" in " ".join(res.stderr.split())
