"""A plain install (``pip install .``, not ``-e``) runs the seeds from another directory.

The package is built from a copy of the checkout (so nothing is written into it) and
installed into a fresh virtual environment in a temporary folder; then ``negotrack run``
reads the seeds with the working directory elsewhere. That is what proves ``sql/``,
``expectations/`` and the flows ship inside the package and are found through it, not
through paths into a checkout.

Only negotrack itself is installed there (``--no-deps``): its dependencies are reached
through a ``.pth`` line naming this environment's site-packages, which Python appends
*after* the new environment's own (and whose ``.pth`` files, such as the editable
install's finder, it does not run). A full install of the dependencies takes minutes;
that they are declared completely is what ``.ci/run`` checks (``pip install`` into a
fresh environment, then ``pip check``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import duckdb
import pytest

from support import ROOT, SEEDS

pytestmark = pytest.mark.slow

# the repository's folders as pyproject.toml maps them into the installed package
INSTALLED_AS = {"negotrack": "negotrack", "flows": "negotrack/flows", "sql": "negotrack/sql",
                "expectations": "negotrack/expectations"}
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
    ".negotrack", "reports", "*.duckdb*", "out",
)


def _package_files_of_the_checkout() -> set[str]:
    """What must be installed: every tracked file of the mapped folders (all files when
    this is not a git checkout), as paths inside site-packages."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", *INSTALLED_AS], cwd=ROOT, capture_output=True,
                                check=True).stdout.decode().split("\0")
        files = [f for f in listed if f and (ROOT / f).is_file()]
    except (OSError, subprocess.CalledProcessError):
        files = [str(p.relative_to(ROOT)) for top in INSTALLED_AS for p in (ROOT / top).rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts]
    out = set()
    for f in files:
        top, _, rest = f.partition("/")
        out.add(f"{INSTALLED_AS[top]}/{rest}")
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh environment with negotrack installed from a copy of the checkout."""
    base = tmp_path_factory.mktemp("plain_install")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "negotrack_test_dependencies.pth").write_text("".join(f"{p}\n" for p in sorted(here)))
    pip = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(source)],
                         capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr
    return venv


def _env(cli_env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in cli_env.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def test_the_installed_package_holds_the_flows_sql_and_suites(installed, cli_env, tmp_path):
    code = (
        "import json, negotrack, negotrack.config as c, negotrack.flows.pipeline as p\n"
        "try:\n    import flows\n    top = flows.__file__\nexcept ImportError:\n    top = None\n"
        "print(json.dumps([negotrack.__file__, str(c.SQL_DIR), str(c.EXPECTATIONS_DIR), p.__file__, top]))\n"
    )
    out = subprocess.run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, env=_env(cli_env),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    package, sql, suites, pipeline, top_level_flows = json.loads(out.stdout)
    site = Path(package).parent.parent
    assert installed in site.parents  # this environment's copy, not the checkout
    assert Path(sql) == site / "negotrack" / "sql" and Path(suites) == site / "negotrack" / "expectations"
    assert Path(pipeline) == site / "negotrack" / "flows" / "pipeline.py"
    assert top_level_flows is None  # no top-level `flows` package in site-packages

    shipped = {str(p.relative_to(site)) for p in (site / "negotrack").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert _package_files_of_the_checkout() - shipped == set()


def test_negotrack_run_reads_the_seeds_from_another_directory(installed, cli_env, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([str(installed / "bin" / "negotrack"), "run", str(SEEDS)], cwd=elsewhere,
                         env=_env(cli_env), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    con = duckdb.connect(str(elsewhere / "negotrack.duckdb"), read_only=True)
    try:
        (articles,) = con.execute("SELECT count(*) FROM articles").fetchone()
        (statements,) = con.execute("SELECT count(*) FROM statements").fetchone()
        (runs,) = con.execute("SELECT count(*) FROM runs WHERE status = 'completed'").fetchone()
    finally:
        con.close()
    assert articles == len(list(SEEDS.iterdir()))  # one article per seed file
    assert statements > 0 and runs == 1
    assert (elsewhere / "reports" / "latest.html").stat().st_size > 0
