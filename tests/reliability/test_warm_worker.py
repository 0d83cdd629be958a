"""The warm worker (flows/warm_worker.py), with real processes: the first flow command runs
in-process and leaves a worker warming up; the next ones run in it with the same output,
exit codes and usage lines; Ctrl-C reaches the command there; a client killed outright
takes its command with it; a caller whose Prefect environment differs gets a fresh
worker; ``server status`` shows it and ``server stop`` ends it; unused, it stops by itself.

The tests of this module share one data directory (one Prefect server, one worker) and
run in order, in one test process (``--dist loadfile``). Nothing is timed: waits poll
with generous deadlines; ``bench/bench_server.py`` measures the speed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
from pathlib import Path

import pytest

from reliability.helpers import alive, children, cmdline, poll, read_retry, start
from support import SEEDS, run_cli

pytestmark = pytest.mark.slow

DEADLINE_S = 180.0  # a Prefect server's first start plus a worker's warm-up on a loaded box


class Place:
    """A data directory with the warm worker on, and the environment of its commands."""

    def __init__(self, root: Path, cli_env: dict[str, str], idle_s: float = 900) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.data = root / "data"
        self.worker_dir = self.data / "warm-worker"
        self.env = {**cli_env, "NEGOTRACK_PREFECT_SERVER": "persistent", "NEGOTRACK_WARM_WORKER": "on",
                    "NEGOTRACK_DATA_DIR": str(self.data), "NEGOTRACK_PREFECT_IDLE_S": str(idle_s),
                    "NEGOTRACK_WORKERS": "1"}
        self.n = 0

    def db(self) -> str:
        self.n += 1
        return str(self.root / f"db{self.n}.duckdb")

    def cli(self, *args: str, **env: str):
        return run_cli(list(args), {**self.env, **env}, self.root)

    def worker(self) -> dict | None:
        try:
            return json.loads((self.worker_dir / "state.json").read_text())
        except (FileNotFoundError, ValueError):
            return None

    def ready_worker(self) -> dict:
        return poll(lambda: (w := self.worker()) is not None and w["phase"] == "ready" and alive(w["pid"]) and w,
                     "the warm worker to be ready", DEADLINE_S)

    def processes(self) -> list[int]:
        """Live processes of this data directory's worker and Prefect server."""
        needle = str(self.data)
        return [int(d.name) for d in Path("/proc").iterdir()
                if d.name.isdigit() and needle in cmdline(int(d.name)) and alive(int(d.name))]

    def kill_all(self) -> None:
        for pid in self.processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


@pytest.fixture(scope="module")
def place(tmp_path_factory, cli_env):
    p = Place(tmp_path_factory.mktemp("warm"), cli_env)
    yield p
    p.kill_all()  # a failed check must not leave a worker or a server for the rest of the session


def _summary(stdout: str) -> list[str]:
    """The run summary's lines, without what differs from run to run (paths, ids, times)."""
    return [line for line in stdout.splitlines()
            if line.strip() and "/" not in line and not line.startswith(("report:", "run id:", "data docs:"))]


def test_first_command_leaves_a_worker_and_the_next_runs_there_with_the_same_output(place):
    first = place.cli("--db", place.db(), "run", str(SEEDS))
    assert first.returncode == 0, first.stderr[-3000:]
    w = place.ready_worker()
    assert w["served"] == 0
    # detached: its parent is not the command (which has ended), and it is in a session of its own
    assert os.getsid(w["pid"]) == w["pid"]

    db = place.db()
    second = place.cli("--db", db, "run", str(SEEDS))
    assert second.returncode == 0, second.stderr[-3000:]
    assert place.worker()["served"] == 1 and place.worker()["pid"] == w["pid"]
    assert _summary(second.stdout) == _summary(first.stdout)
    assert len(_summary(first.stdout)) >= 10
    assert "articles extracted   8" in second.stdout  # all eight seed files, in this fresh database
    rows, _ = read_retry(Path(db), "SELECT count(*) FROM positions")
    assert rows[0][0] > 0

    here = place.cli("--db", place.db(), "run", str(SEEDS), NEGOTRACK_WARM_WORKER="off")
    assert here.returncode == 0, here.stderr[-3000:]
    assert place.worker()["served"] == 1  # off: run in-process
    assert _summary(here.stdout) == _summary(second.stdout)


def test_exit_codes_messages_and_usage_come_back_from_the_worker(place):
    before = place.ready_worker()["served"]
    missing = place.cli("--db", place.db(), "run", str(place.root / "no-such-folder"))
    assert missing.returncode == 2, missing.stderr
    assert "error: no such file or folder" in missing.stderr and "Traceback" not in missing.stderr
    usage = place.cli("--db", place.db(), "run")
    assert usage.returncode == 2
    assert "Usage: negotrack run" in usage.stderr and "Missing argument" in usage.stderr
    assert place.worker()["served"] == before + 2


class HangingServer:
    """An HTTP server that accepts connections and never answers: a feed that takes for
    ever, so that a command is certainly under way when a test stops it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/feed.xml"

    def _accept(self) -> None:
        while True:
            try:
                self.conns.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        self.sock.close()
        for c in self.conns:
            c.close()


@pytest.fixture
def hanging():
    server = HangingServer()
    yield server
    server.close()


def _command_in_worker(place: Place, hanging: HangingServer, tag: str):
    w = place.ready_worker()
    p = start(["--db", place.db(), "run", hanging.url], {**place.env, "NEGOTRACK_FETCH_TIMEOUT_S": "600"},
              place.root / tag)
    child = poll(lambda: children(w["pid"]), "the command to start in the worker", 60)[0]
    poll(lambda: hanging.conns, "the command to fetch the feed", 120)
    return w, p, child


def test_ctrl_c_stops_the_command_in_the_worker(place, hanging):
    w, p, child = _command_in_worker(place, hanging, "int")
    os.kill(p.pid, signal.SIGINT)
    assert p.wait(120) == 130, p.stderr[-3000:]
    assert "stopped by SIGINT" in p.stderr
    poll(lambda: not alive(child), "the command in the worker to end", 30)
    assert alive(w["pid"]) and place.worker()["pid"] == w["pid"]  # the worker itself goes on


def test_a_client_killed_outright_takes_its_command_with_it(place, hanging):
    w, p, child = _command_in_worker(place, hanging, "kill")
    p.kill()  # SIGKILL: no handler runs in the client
    poll(lambda: not alive(child), "the orphaned command to be stopped", 60)
    assert alive(w["pid"])
    ok = place.cli("--db", place.db(), "run", str(SEEDS))
    assert ok.returncode == 0, ok.stderr[-3000:]


def test_a_caller_with_another_prefect_environment_gets_a_fresh_worker(place):
    old = place.ready_worker()
    served = old["served"]
    other = place.cli("--db", place.db(), "run", str(SEEDS), PREFECT_LOGGING_COLORS="false")
    assert other.returncode == 0, other.stderr[-3000:]
    poll(lambda: not alive(old["pid"]), "the stale worker to retire", 60)
    assert "stale: the environment differs (PREFECT_LOGGING_COLORS)" in (place.worker_dir / "worker.log").read_text()
    new = place.ready_worker()  # launched by the declined command, with its environment
    assert new["pid"] != old["pid"] and new["served"] == 0 and served >= 1
    again = place.cli("--db", place.db(), "run", str(SEEDS), PREFECT_LOGGING_COLORS="false")
    assert again.returncode == 0, again.stderr[-3000:]
    assert place.worker()["served"] == 1


def test_server_status_shows_the_worker_and_stop_ends_it(place):
    w = place.ready_worker()
    status = place.cli("server", "status")
    assert status.returncode == 0, status.stderr
    assert f"warm worker running: pid {w['pid']}" in status.stdout
    stop = place.cli("server", "stop")
    assert stop.returncode == 0, stop.stderr
    assert f"stopped the warm worker (pid {w['pid']})" in stop.stdout
    poll(lambda: not place.processes(), "the worker and the server to be gone", 60)
    assert place.worker() is None and not (place.worker_dir / "worker.sock").exists()
    status = place.cli("server", "status")
    assert "no warm worker running" in status.stdout


def test_an_unused_worker_stops_by_itself(tmp_path, cli_env):
    p = Place(tmp_path, cli_env, idle_s=3)
    try:
        first = p.cli("--db", p.db(), "ingest", str(SEEDS))
        assert first.returncode == 0, first.stderr[-3000:]
        w = p.ready_worker()
        poll(lambda: not alive(w["pid"]), "the idle worker to stop", 60)
        assert p.worker() is None and not (p.worker_dir / "worker.sock").exists()
        # and the next command runs in-process and leaves a new one
        second = p.cli("--db", p.db(), "ingest", str(SEEDS))
        assert second.returncode == 0, second.stderr[-3000:]
        assert p.ready_worker()["pid"] != w["pid"]
    finally:
        p.kill_all()
