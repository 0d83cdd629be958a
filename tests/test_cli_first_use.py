"""The command line as a new user meets it: bad configuration, help text, error messages.

Each test drives the real Typer app (in a child process where it matters which modules
get imported) and asserts on what a person would read.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from negotrack.codebook import DEFAULT_DIR
from support import SEEDS

# --------------------------------------------------------------------------- 1. --codebook


def _empty_file(d: Path) -> tuple[Path, str]:
    shutil.copytree(DEFAULT_DIR, d, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (d / "parties.yaml").write_text("")
    return d, "parties.yaml"


def _broken_yaml(d: Path) -> tuple[Path, str]:
    shutil.copytree(DEFAULT_DIR, d, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (d / "issues.yaml").write_text("issues: [\n  - code: x\n", encoding="utf-8")
    return d, "issues.yaml"


def _bad_key(d: Path) -> tuple[Path, str]:
    shutil.copytree(DEFAULT_DIR, d, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (d / "cues.yaml").write_text("no_such_key: 1\n", encoding="utf-8")
    return d, "cues.yaml"


def _empty_folder(d: Path) -> tuple[Path, str]:
    d.mkdir()
    return d, "parties.yaml"


def _missing_folder(d: Path) -> tuple[Path, str]:
    return d, d.name


_PROBE = textwrap.dedent("""
    import json, sys
    from typer.testing import CliRunner
    from negotrack.cli import app
    res = CliRunner().invoke(app, sys.argv[1:])
    print(json.dumps({"code": res.exit_code, "stdout": res.stdout, "stderr": res.stderr,
                      "prefect": "prefect" in sys.modules}))
""")


@pytest.mark.parametrize("make", [_empty_file, _broken_yaml, _bad_key, _empty_folder, _missing_folder])
@pytest.mark.parametrize(
    "command",
    [["ingest", str(SEEDS)], ["run", str(SEEDS)], ["extract"], ["validate"], ["serve", "--interval", "3600"]],
    ids=["ingest", "run", "extract", "validate", "serve"],
)
def test_a_broken_codebook_is_one_line_and_exit_2_before_prefect(tmp_path, cli_env, make, command):
    folder, file_name = make(tmp_path / "codebook")
    db = tmp_path / "t.duckdb"
    res = subprocess.run(
        [sys.executable, "-c", _PROBE, "--db", str(db), "--codebook", str(folder), *command],
        capture_output=True, text=True, env=cli_env, cwd=tmp_path, timeout=120,
    )
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    assert got["code"] == 2, got
    lines = got["stderr"].strip().splitlines()
    assert len(lines) == 1, got["stderr"]
    assert lines[0].startswith("error: ") and file_name in lines[0], lines[0]
    assert "Traceback" not in got["stderr"] and got["stdout"] == ""
    assert got["prefect"] is False  # refused before Prefect was even imported
    assert not db.exists()


def test_a_bad_codebook_value_is_named_by_file_and_key(tmp_path, cli_env):
    import yaml

    folder = tmp_path / "codebook"
    shutil.copytree(DEFAULT_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    parties = yaml.safe_load((folder / "parties.yaml").read_text(encoding="utf-8"))
    parties["parties"][1]["mediator"] = "perhaps"
    (folder / "parties.yaml").write_text(yaml.safe_dump(parties, allow_unicode=True), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-c", _PROBE, "--db", str(tmp_path / "t.duckdb"), "--codebook", str(folder), "extract"],
        capture_output=True, text=True, env=cli_env, cwd=tmp_path, timeout=120,
    )
    line = json.loads(res.stdout)["stderr"].strip()
    assert f"{folder / 'parties.yaml'}: parties[1].mediator:" in line, line


# --------------------------------------------------------------------------- help and usage errors


def _invoke(*args: str, env: dict[str, str] | None = None):
    from typer.testing import CliRunner

    from negotrack.cli import app

    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})


def _commands() -> list[str]:
    from negotrack.cli import app

    return [c.name or c.callback.__name__ for c in app.registered_commands]


def test_serve_help_shows_the_inbox_default_in_full():
    res = _invoke("serve", "--help")
    assert res.exit_code == 0, res.output
    assert "[default: .negotrack/inbox" in res.output  # README: the data dir defaults to .negotrack
    assert "[default: /inbox]" not in res.output


@pytest.mark.parametrize("args", [[], *([c] for c in ["run", "ingest", "extract", "validate", "quarantine", "eval",
                                                     "status", "audit", "query", "export", "report", "serve"])])
def test_help_shows_no_python_types(args):
    import re

    res = _invoke(*args, "--help")
    assert res.exit_code == 0, res.output
    python_types = re.findall(r"<(?:bool|str|int|float|path|list\[[^>]*\]|[a-z]+ range)>", res.output)
    assert python_types == [], python_types
    help_row = next(line for line in res.output.splitlines() if "--help" in line)
    assert re.search(r"--help\s+Show this message", help_row), help_row  # a flag takes no value


def test_every_command_is_covered_by_the_help_test():
    assert sorted(_commands()) == sorted(["run", "ingest", "extract", "validate", "quarantine", "eval", "status",
                                          "audit", "query", "export", "report", "serve"])


def test_value_types_are_named_for_a_shell_user():
    res = _invoke("serve", "--help")
    rows = {line.split()[1]: line for line in res.output.splitlines() if line.startswith("│ --")}
    assert "PATH" in rows["--inbox"] and "NUMBER" in rows["--interval"] and "TEXT" in rows["--cron"]
    assert "Also run once" in rows["--now"] and "<" not in rows["--now"]


@pytest.mark.parametrize(("args", "expected"), [
    (["export", "tweets"], "'tweets' is not one of 'positions', 'statements', 'articles'"),
    (["export", "articles", "--format", "xml"], "'xml' is not one of 'jsonl', 'csv', 'parquet'"),
    (["query", "select 1", "--format", "xml"], "'xml' is not one of 'table', 'csv', 'json'"),
])
def test_bad_choices_read_without_pydantic_prefix(args, expected):
    res = _invoke(*args)
    assert res.exit_code == 2
    assert expected in " ".join(res.output.replace("│", " ").split())
    assert "Value error" not in res.output


@pytest.mark.parametrize(("args", "env", "name"), [
    (["--workers", "-1", "status"], {}, "--workers"),
    (["status"], {"NEGOTRACK_LOCK_TIMEOUT_S": "-3"}, "NEGOTRACK_LOCK_TIMEOUT_S"),
])
def test_bad_settings_are_one_line_not_a_traceback(tmp_path, args, env, name):
    res = _invoke("--db", str(tmp_path / "t.duckdb"), *args, env=env)
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: invalid value for {name}:"), res.output
    assert "Traceback" not in res.output


# --------------------------------------------------------------------------- the ingest summary


@pytest.mark.slow
def test_ingest_summary_lists_the_first_errors_with_their_reasons(tmp_path, cli_env):
    from support import run_cli

    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text("The envoy said the talks would resume next week in Muscat.")
    (src / "a.txt").write_bytes(b"")
    (src / "b.jsonl").write_text('{"id": "b1", "text": "fine"}\n{"id": \n')
    (src / "c.json").write_text("{not json")
    (src / "d.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    (src / "e.docx").write_bytes(b"PK\x03\x04" + bytes(50))
    (src / "f.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    (src / "g.txt").write_text("   \n")
    env = {**cli_env, "NEGOTRACK_DB": str(tmp_path / "t.duckdb"), "COLUMNS": "300"}
    res = run_cli(["ingest", str(src)], env, tmp_path)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "7 input(s) could not be read" in line)
    shown = [line.strip() for line in lines[start + 1 : start + 6]]
    expected = [(f"{src}/a.txt: ", "empty"), (f"{src}/b.jsonl line 2: ", "broken_json"),
                (f"{src}/c.json: ", "broken_json"), (f"{src}/d.pdf: ", "unreadable"),
                (f"{src}/e.docx: ", "unreadable")]
    for line, (where, reason) in zip(shown, expected, strict=True):
        assert line.startswith(where + reason + ": ") and len(line) > len(where + reason) + 10, line
    assert "… and 2 more" in lines[start + 6] and "negotrack query" in lines[start + 6]
