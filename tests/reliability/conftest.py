"""Fixtures of the reliability tests; helpers live in ``reliability/helpers.py``."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def rel_env(cli_env, tmp_path_factory) -> dict[str, str]:
    """Environment for `negotrack` processes: shared Prefect home, one worker count."""
    env = dict(cli_env)
    env["NEGOTRACK_WORKERS"] = "2"
    env["PYTHONUNBUFFERED"] = "1"
    return env
