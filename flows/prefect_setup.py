"""Prefect set-up shared by the CLI, the tests and ``serve``.

It lives in the flows package because it is Prefect's business; the library below knows
nothing of Prefect. Importing ``negotrack.flows`` imports no Prefect, so the CLI can call
``configure_prefect_env`` before Prefect reads its settings.

Prefect is imported lazily: commands that run no flow (``query``, ``status``, ``export``,
``--help``) must not pay its ~1 s import, nor start its temporary API server.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from negotrack.config import Settings

# Quiet by default: Prefect's INFO lines and the ephemeral server's harmless
# "database is locked" telemetry tracebacks (STACK-NOTES §1 "Noise") would bury the
# summary an analyst reads. setdefault, so a user's own choice wins.
QUIET_PREFECT_ENV = {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    # Libraries log through the root logger, which Prefect's server levels do not cover:
    # when a command stops its temporary server, SQLAlchemy's pool there logs a
    # CancelledError traceback (an interrupted rollback, harmless) into the user's terminal.
    "PREFECT_LOGGING_ROOT_LEVEL": "CRITICAL",
    # negotrack's own warnings outside a flow run (CLI set-up) go to the terminal only,
    # without Prefect's "no flow run id" UserWarning beside each.
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_EXTRA_LOGGERS": "negotrack",
    # A temporary server on a busy box can take longer than the default 20 s to start.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}


def configure_prefect_env(settings: Settings) -> None:
    """Point Prefect at the project's data folder unless the user configured it.

    Must run before ``prefect`` is first imported: Prefect reads its settings then.
    """
    for key, value in QUIET_PREFECT_ENV.items():
        os.environ.setdefault(key, value)
    # negotrack's own warnings must not follow the quieted root logger down.
    own = logging.getLogger("negotrack")
    if own.level == logging.NOTSET:
        own.setLevel(logging.WARNING)
    if "PREFECT_HOME" not in os.environ:
        home = settings.prefect_home.resolve()
        home.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(home)


@contextmanager
def prefect_session(settings: Settings) -> Iterator[None]:
    """Run flows in this block with the flow-run heartbeat off.

    Each synchronous flow run otherwise waits up to 1 s for its heartbeat thread to
    join (STACK-NOTES §0.5); the setting can only be switched off in-process.
    """
    configure_prefect_env(settings)
    from prefect.settings import temporary_settings

    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


def using_server() -> bool:
    """True when a Prefect API server is configured (not the temporary one)."""
    return bool(os.environ.get("PREFECT_API_URL"))
