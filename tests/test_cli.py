"""The command line, through the real `negotrack` console script in separate processes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from support import SEEDS, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, cli_env):
    """One database with the seeds ingested by `negotrack ingest`, shared by the tests below."""
    work = tmp_path_factory.mktemp("cli")
    env = {**cli_env, "NEGOTRACK_DB": str(work / "seeds.duckdb")}
    first = run_cli(["ingest", str(SEEDS)], env, work)
    return work, env, first


def test_ingest_seeds_reports_what_it_stored(seeded):
    _, _, first = seeded
    assert first.returncode == 0, first.stderr
    n_seed_files = len(list(SEEDS.iterdir()))
    assert "new articles" in first.stdout
    line = next(l for l in first.stdout.splitlines() if l.strip().startswith("new articles"))
    assert int(line.split()[-1]) == n_seed_files


def test_query_shows_the_seeds_by_language(seeded):
    work, env, _ = seeded
    res = run_cli(["query", "select language, count(*) as n from articles group by 1 order by 1",
                   "--format", "json"], env, work)
    assert res.returncode == 0, res.stderr
    by_lang = {r["language"]: r["n"] for r in json.loads(res.stdout)}
    assert set(by_lang) == {"ar", "en", "fr"}
    assert sum(by_lang.values()) == len(list(SEEDS.iterdir()))


def test_reingest_changes_nothing_and_says_so(seeded):
    work, env, _ = seeded
    before = run_cli(["query", "select count(*) as n from articles", "--format", "csv"], env, work).stdout
    again = run_cli(["ingest", str(SEEDS)], env, work)
    assert again.returncode == 0, again.stderr
    assert "Nothing new" in again.stdout
    after = run_cli(["query", "select count(*) as n from articles", "--format", "csv"], env, work).stdout
    assert before == after


def test_query_is_read_only_unless_write(seeded):
    work, env, _ = seeded
    res = run_cli(["query", "delete from articles"], env, work)
    assert res.returncode == 1
    assert "--write" in res.stderr
    count = run_cli(["query", "select count(*) as n from articles", "--format", "csv"], env, work).stdout
    assert count.splitlines()[1] != "0"


def test_status_lists_tables_and_runs(seeded):
    work, env, _ = seeded
    res = run_cli(["status"], env, work)
    assert res.returncode == 0, res.stderr
    assert "articles" in res.stdout and "ingest_errors" in res.stdout
    assert "ingest" in res.stdout and "completed" in res.stdout


def test_export_articles_as_jsonl_csv_parquet(seeded):
    work, env, _ = seeded
    res = run_cli(["export", "articles", "--format", "jsonl"], env, work)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(l) for l in res.stdout.splitlines()]
    assert len(rows) == len(list(SEEDS.iterdir()))
    assert all(r["published"][:2] == "20" for r in rows)
    for fmt in ("csv", "parquet"):
        out = work / f"articles.{fmt}"
        res = run_cli(["export", "articles", "--format", fmt, "--out", str(out)], env, work)
        assert res.returncode == 0, res.stderr
        assert out.stat().st_size > 100
    import polars as pl
    assert pl.read_parquet(work / "articles.parquet").height == len(rows)


def test_bad_usage_exit_codes(tmp_path, cli_env):
    env = {**cli_env, "NEGOTRACK_DB": str(tmp_path / "none.duckdb")}
    missing = run_cli(["ingest", str(tmp_path / "no-such-folder")], env, tmp_path)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    no_db = run_cli(["query", "select 1"], env, tmp_path)
    assert no_db.returncode == 2 and "No database" in no_db.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_reading_commands_do_not_import_prefect(seeded):
    """status, query, export, server status and --help must answer without Prefect's start-up cost."""
    work, env, _ = seeded
    probe = textwrap.dedent(f"""
        import sys
        from typer.testing import CliRunner
        from negotrack.cli import app
        r = CliRunner()
        for args in (["--help"], ["status"], ["query", "select 1"], ["export", "articles"], ["server", "status"]):
            res = r.invoke(app, ["--db", {str(env["NEGOTRACK_DB"])!r}, *args])
            assert res.exit_code == 0, (args, res.output)
        print("prefect" in sys.modules)
    """)
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "False"


def test_query_csv_writes_nested_values_as_json(seeded):
    work, env, _ = seeded
    res = run_cli(["query", "select [1, 2] as l, map {'iran': 2} as m, 'x' as s", "--format", "csv"], env, work)
    assert res.returncode == 0, res.stderr
    header, row = res.stdout.splitlines()[:2]
    assert header == "l,m,s"
    assert row == '"[1, 2]","{""iran"": 2}",x'  # commas inside a value: quoted
