"""Prefect's processes print nothing a user did not ask for (its temporary API server
inherits the command's terminal)."""

from __future__ import annotations

import os
import subprocess
import sys

# A process that sets Prefect's logging up the way its API server does, then logs what
# SQLAlchemy's pool logs when the server is stopped during a rollback.
_SERVER_LIKE = """
import logging, sys
if sys.argv[1:] == ["quiet"]:
    from negotrack.config import Settings
    from negotrack.flows.prefect_setup import configure_prefect_env
    configure_prefect_env(Settings())
from prefect.logging.configuration import setup_logging
setup_logging()
try:
    raise RuntimeError("interrupted rollback")
except RuntimeError:
    logging.getLogger("sqlalchemy.pool.impl.AsyncAdaptedQueuePool").exception("Exception during reset or similar")
logging.getLogger("negotrack.probe").warning("negotrack warning still shown")
"""


def _stderr(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run([sys.executable, "-c", _SERVER_LIKE, *args], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stderr


def test_a_library_traceback_in_prefects_processes_stays_off_the_terminal(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    base["PREFECT_HOME"] = str(tmp_path / "prefect")
    # Without the quiet settings the same record reaches the terminal: the probe can fail.
    assert "Exception during reset" in _stderr(base)
    quiet = _stderr(base, "quiet")  # as every negotrack command sets Prefect up
    assert "Exception during reset" not in quiet and "Traceback" not in quiet, quiet
    assert "negotrack warning still shown" in quiet
    assert "UserWarning" not in quiet, quiet
