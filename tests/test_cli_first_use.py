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
