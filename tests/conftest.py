"""Shared fixtures.

Prefect is set up once per session, in a temporary PREFECT_HOME, and only for the tests
that ask for ``prefect_harness`` (starting its test server costs ~10 s). Everything
else tests the library without Prefect.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Flow commands run in tests (subprocesses and in-process CliRunner alike) keep Prefect's
# temporary server, one per process, as before: a shared long-lived server would outlive
# the test that started it. tests/reliability/test_prefect_server.py tests that server.
os.environ["NEGOTRACK_PREFECT_SERVER"] = "temporary"
# Nor a warm worker (it lives as long as that server); tests/reliability/test_warm_worker.py tests it.
os.environ["NEGOTRACK_WARM_WORKER"] = "off"

@pytest.fixture(scope="session")
def prefect_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("prefect_home")
    return home


@pytest.fixture(scope="session")
def prefect_harness(prefect_home):
    """A real Prefect API (test server) for flow runs in this process."""
    os.environ["PREFECT_HOME"] = str(prefect_home)
    from negotrack.config import Settings
    from negotrack.flows.prefect_setup import configure_prefect_env

    configure_prefect_env(Settings(data_dir=prefect_home))
    from prefect.settings import temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120), temporary_settings(
        updates={"flows.heartbeat_frequency": None}
    ):
        yield


@pytest.fixture
def settings(tmp_path):
    """Settings pointing every file the project writes into this test's folder."""
    from negotrack.config import Settings

    return Settings(db=tmp_path / "t.duckdb", data_dir=tmp_path / "data", reports_dir=tmp_path / "reports")


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory) -> dict[str, str]:
    """Environment for `negotrack` subprocesses: a shared Prefect home, quiet logs."""
    home = tmp_path_factory.mktemp("cli_prefect_home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEGOTRACK_", "PREFECT_"))}
    env["PREFECT_HOME"] = str(home)
    env["NEGOTRACK_PREFECT_SERVER"] = "temporary"
    env["NEGOTRACK_WARM_WORKER"] = "off"
    return env
