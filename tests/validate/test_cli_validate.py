"""`negotrack validate`, `negotrack quarantine [--release ID]` and `--strict`, as users run them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from negotrack import store
from negotrack.config import EXPECTATIONS_DIR, Settings
from support import run_cli

pytestmark = pytest.mark.slow


def test_quarantine_lists_and_releases_through_the_cli(tmp_path, cli_env, rows, settings):
    db = Path(settings.db)
    env = {**cli_env, "NEGOTRACK_DB": str(db)}
    rows.extract([rows.statement("s1")])  # orphan: its article is not stored yet
    rows.con.close()

    listed = run_cli(["quarantine"], env, tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "statements" in listed.stdout and "s1" in listed.stdout and "article_exists" in listed.stdout

    refused = run_cli(["quarantine", "--release", "1"], env, tmp_path)
    assert refused.returncode == 1
    assert "still fails" in refused.stderr and "article_exists" in refused.stderr

    with store.connect(settings) as con:
        type(rows)(con, rows.codebook).ingest([rows.article("a1")])
    released = run_cli(["quarantine", "--release", "1"], env, tmp_path)
    assert released.returncode == 0, released.stderr
    assert "restored to statements" in released.stdout
    assert "Quarantine is empty" in run_cli(["quarantine"], env, tmp_path).stdout
    assert "s1" in run_cli(["quarantine", "--all"], env, tmp_path).stdout


def test_validate_reports_quarantine_and_strict_exits_4(tmp_path, cli_env, rows, settings):
    env = {**cli_env, "NEGOTRACK_DB": str(settings.db), "NEGOTRACK_DATA_DIR": str(tmp_path / "data")}
    rows.ingest([rows.article("a1")])
    frame = rows.statements_frame([*rows.good_statements(), rows.statement("s3", party="atlantis")])
    rows.con.register("s_in", frame)
    rows.con.execute(
        "INSERT INTO statements BY NAME SELECT *, 'x' AS extractor_version, 'c' AS codebook_hash, "
        "'old' AS run_id, now()::TIMESTAMP AS extracted_at FROM s_in"
    )
    rows.con.close()

    first = run_cli(["validate", "--all"], env, tmp_path)
    assert first.returncode == 0, first.stderr  # quarantining is not a failure, unless --strict
    assert "1 quarantined" in first.stdout and "negotrack quarantine" in first.stdout
    docs = next(line for line in first.stdout.splitlines() if line.startswith("data docs: "))
    assert Path(docs.removeprefix("data docs: ")).is_file()
    assert str((tmp_path / "data").resolve()) in docs

    with store.connect(settings) as con:
        con.register("s_in", frame.filter(frame["statement_id"] == "s3"))
        con.execute(
            "INSERT INTO statements BY NAME SELECT *, 'x' AS extractor_version, 'c' AS codebook_hash, "
            "'old' AS run_id, now()::TIMESTAMP AS extracted_at FROM s_in"
        )
    strict = run_cli(["validate", "--all", "--strict"], env, tmp_path)
    assert strict.returncode == 4, (strict.stdout, strict.stderr)


def test_a_broken_suite_file_is_a_clear_cli_error(tmp_path, rows, settings, monkeypatch):
    from typer.testing import CliRunner

    from negotrack.cli import app
    from negotrack.validate import suites

    rows.extract([rows.statement("s1")])
    rows.con.close()
    folder = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, folder)
    (folder / "statements.json").write_text("{ not json")
    monkeypatch.setattr(suites, "EXPECTATIONS_DIR", folder)
    result = CliRunner().invoke(app, ["--db", str(settings.db), "quarantine", "--release", "1"])
    assert result.exit_code == 1
    text = "".join((result.output + (result.stderr if hasattr(result, "stderr") else "")).split())
    assert "expectations/statements.json" in text and "invalidJSON" in text
    assert json.loads((EXPECTATIONS_DIR / "statements.json").read_text())  # the real file untouched
