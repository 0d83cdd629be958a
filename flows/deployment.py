"""``negotrack serve``: run the pipeline on a schedule, as a served Prefect deployment.

Prefect schedules flow runs only against a running API server; the temporary server of
a plain ``negotrack run`` refuses to (STACK-NOTES §0.7). So:

- **no ``PREFECT_API_URL``**: ``serve`` starts a local ``prefect server start`` itself on
  a free port of 127.0.0.1, with its state (SQLite database, log) under
  ``<data_dir>/prefect-server/``, waits until it answers, points ``PREFECT_API_URL`` at
  it (the flow runs it spawns inherit that), and stops it, with everything it started,
  when ``serve`` ends (Ctrl-C, SIGTERM, or an error). The Prefect UI is at the URL
  printed on start.
- **``PREFECT_API_URL`` set**: ``serve`` uses that server and starts nothing. (For a
  shared server with work pools and workers instead of one serving process, see
  ``prefect.yaml``.)

In both modes one long-lived process serves the deployment ``negotrack-scheduled/<name>``
(``negotrack.flows.serve``, ``flows/serve.py`` in the repository): on each scheduled run it ingests what is new in the inbox folder
and the listed feeds, extracts, validates and writes a dated report plus
``reports/latest.{html,md,json}``. The schedule is paused when ``serve`` stops.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from negotrack.config import Settings

log = logging.getLogger("negotrack.serve")

DEFAULT_CRON = "0 6 * * *"  # every day at 06:00 UTC
DEPLOYMENT_FLOW = "negotrack-scheduled"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _prefect_executable() -> list[str]:
    exe = Path(sys.executable).parent / "prefect"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("prefect")
    return [found] if found else [sys.executable, "-m", "prefect"]


@dataclass
class LocalPrefectServer:
    """A ``prefect server start`` child process that this process owns and stops."""

    state_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    startup_timeout_s: float = 120.0
    process: subprocess.Popen | None = field(default=None, init=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    @property
    def pid_file(self) -> Path:
        return self.state_dir / "server.json"

    @property
    def log_file(self) -> Path:
        return self.state_dir / "server.log"

    def start(self) -> LocalPrefectServer:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port(self.host)
        env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_API_KEY")}
        env.update(
            PREFECT_HOME=str(self.state_dir.resolve()),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_SERVER_LOGGING_LEVEL=os.environ.get("PREFECT_SERVER_LOGGING_LEVEL", "WARNING"),
            PREFECT_LOGGING_LEVEL="WARNING",
        )
        logfh = open(self.log_file, "ab")  # noqa: SIM115 - the child writes to it for its lifetime
        try:
            self.process = subprocess.Popen(
                [*_prefect_executable(), "server", "start", "--host", self.host, "--port", str(self.port)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=logfh,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends it and its children
                cwd=self.state_dir,
            )
        finally:
            logfh.close()
        self.pid_file.write_text(json.dumps({"pid": self.process.pid, "url": self.url}))
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_file.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"prefect server exited with code {self.process.returncode}:\n{tail}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise TimeoutError(f"prefect server did not answer on {self.api_url} within {self.startup_timeout_s:.0f}s "
                           f"(log: {self.log_file})")

    def stop(self, timeout_s: float = 20.0) -> None:
        """SIGTERM the server's process group, then SIGKILL what is left."""
        proc = self.process
        if proc is None:
            return
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                pass
        try:  # children that outlived the leader, or a leader that ignored SIGTERM
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.pid_file.unlink(missing_ok=True)
        self.process = None

    def __enter__(self) -> LocalPrefectServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def deployment_parameters(settings: Settings, inbox: Path | None, feeds: Path | None) -> dict:
    """JSON parameters of the scheduled flow: absolute paths, so runs find the same files."""
    return {
        "settings": {
            "db": str(Path(settings.db).resolve()),
            "data_dir": str(Path(settings.data_dir).resolve()),
            "reports_dir": str(Path(settings.reports_dir).resolve()),
            "codebook": str(Path(settings.codebook).resolve()),
            "workers": settings.workers,
        },
        "inbox": str(inbox.resolve()) if inbox else None,
        "feeds_file": str(feeds.resolve()) if feeds else None,
    }


def serve(
    settings: Settings,
    *,
    cron: str | None = None,
    interval: float | None = None,
    inbox: Path | None = None,
    feeds: Path | None = None,
    name: str = "scheduled",
    run_now: bool = False,
    echo=print,
) -> None:
    """Serve the scheduled pipeline until interrupted (blocking)."""
    from negotrack.flows.prefect_setup import configure_prefect_env

    if cron and interval:
        raise ValueError("give --cron or --interval, not both")
    if not cron and not interval:
        cron = DEFAULT_CRON
    inbox = Path(inbox) if inbox else Path(settings.data_dir) / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    if feeds is not None and not Path(feeds).is_file():
        raise FileNotFoundError(f"feeds file not found: {feeds}")

    server: LocalPrefectServer | None = None
    previous_api = os.environ.get("PREFECT_API_URL")

    def _on_sigterm(signum, frame):  # until the runner installs its own graceful handler
        raise KeyboardInterrupt

    old_handler = signal.signal(signal.SIGTERM, _on_sigterm)
    old_int = signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even if started ignoring it
    try:
        if not previous_api:
            server = LocalPrefectServer(Path(settings.data_dir).resolve() / "prefect-server")
            echo(f"starting a local Prefect server (state in {server.state_dir}) …")
            server.start()  # stops what it started if it fails or is interrupted
            os.environ["PREFECT_API_URL"] = server.api_url
            echo(f"Prefect UI: {server.url}")
        else:
            echo(f"using the Prefect server at {previous_api}")
        configure_prefect_env(settings)  # before Prefect is imported
        import asyncio

        from prefect.runner import Runner
        from prefect.types.entrypoint import EntrypointType

        from negotrack.flows.serve import scheduled_flow

        params = deployment_parameters(settings, inbox, feeds)
        runner = Runner(name=f"negotrack-{name}", pause_on_shutdown=True, limit=1)
        runner.add_flow(
            scheduled_flow,
            name=name,
            cron=cron,
            interval=interval,
            parameters=params,
            description="Ingest what is new in the inbox and feeds, extract, validate, write reports/latest.*",
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
        schedule = f"cron {cron!r} (UTC)" if cron else f"every {interval:g} s"
        echo(f"serving {DEPLOYMENT_FLOW}/{name}: {schedule}; inbox {inbox}; "
             f"feeds {feeds or '—'}; reports {Path(settings.reports_dir).resolve()}")
        if run_now:
            from prefect.deployments import run_deployment

            run_deployment(f"{DEPLOYMENT_FLOW}/{name}", timeout=0)
        asyncio.run(runner.start())
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, old_handler if old_handler is not None else signal.SIG_DFL)
        signal.signal(signal.SIGINT, old_int if old_int is not None else signal.SIG_DFL)
        if server is not None:
            echo("stopping the local Prefect server …")
            server.stop()
            if previous_api is None:
                os.environ.pop("PREFECT_API_URL", None)
    echo("stopped.")
