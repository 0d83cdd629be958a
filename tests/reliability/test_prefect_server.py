"""The local Prefect server that outlives one command (flows/prefect_server.py), with real
processes: the first flow command starts it, later ones reuse it, two commands started at
once share one, it stops by itself when unused (also after a command was SIGKILLed), a
killed server is replaced by the next command, nothing is left behind, ``PREFECT_API_URL``
wins, and every flow run is in the server's API (what the Prefect UI shows).

Each test has its own data directory, so its own server; the server's processes are found
by that directory in their command line (the server drops the commands' NEGOTRACK_*
variables, so the signal tag of the other reliability tests cannot find it). Nothing is
timed here: waits poll with generous deadlines; ``bench/bench_cli.py`` measures speed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import httpx
import pytest

from reliability.helpers import alive, children, cmdline, make_corpus, poll, read_retry, start, zombie
from support import SEEDS, run_cli

pytestmark = pytest.mark.slow



class Place:
    """A data directory, its server's state folder and the environment of its commands."""

    def __init__(self, root: Path, cli_env: dict[str, str], idle_s: float = 900,
                 migrated: Path | None = None) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.data = root / "data"
        self.state = self.data / "prefect-api"
        if migrated is not None:
            # a Prefect database already migrated: a fresh one costs each test's first
            # server start its migrations (10-20 s on a loaded box); the start is still real
            self.state.mkdir(parents=True)
            shutil.copy(migrated, self.state / "prefect.db")
        self.env = {**cli_env, "NEGOTRACK_PREFECT_SERVER": "persistent", "NEGOTRACK_DATA_DIR": str(self.data),
                    "NEGOTRACK_DB": str(root / "t.duckdb"), "NEGOTRACK_PREFECT_IDLE_S": str(idle_s),
                    "NEGOTRACK_WORKERS": "1"}

    def cli(self, *args: str, **env: str):
        return run_cli(list(args), {**self.env, **env}, self.root)

    def recorded(self) -> dict | None:
        try:
            return json.loads((self.state / "state.json").read_text())
        except FileNotFoundError:
            return None

    def processes(self) -> list[int]:
        """Live processes started for this data directory's server (launcher or server)."""
        needle = f"--dir {self.state}"
        found = []
        for d in Path("/proc").iterdir():
            if d.name.isdigit() and needle in cmdline(int(d.name)) and not zombie(int(d.name)):
                found.append(int(d.name))
        return found

    def kill_all(self) -> None:
        for pid in self.processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _run_id(stdout: str) -> str:
    return next(line.split("run id:", 1)[1].strip() for line in stdout.splitlines() if "run id:" in line)


def _flow_run(api_url: str, run_id: str) -> tuple[str, str]:
    """(flow name, state type) of a flow run, read from the server's REST API."""
    run = httpx.get(f"{api_url}/flow_runs/{run_id}", timeout=30, trust_env=False)
    assert run.status_code == 200, (run.status_code, run.text[:500])
    flow = httpx.get(f"{api_url}/flows/{run.json()['flow_id']}", timeout=30, trust_env=False)
    return flow.json()["name"], run.json()["state_type"]


@pytest.fixture(scope="module")
def migrated_prefect_db(tmp_path_factory, cli_env) -> Path:
    """A server's Prefect database after its migrations (one real server start, stopped)."""
    first = Place(tmp_path_factory.mktemp("migrated"), cli_env)
    try:
        res = first.cli("validate")
        assert res.returncode == 0, res.stderr[-3000:]
        stop = first.cli("server", "stop")
        assert stop.returncode == 0, stop.stderr[-3000:]
    finally:
        first.kill_all()
    db = first.state / "prefect.db"
    assert db.exists()
    return db


@pytest.fixture
def place(tmp_path, cli_env, migrated_prefect_db):
    made: list[Place] = []

    def make(name: str = "a", idle_s: float = 900) -> Place:
        made.append(Place(tmp_path / name, cli_env, idle_s, migrated=migrated_prefect_db))
        return made[-1]

    yield make
    for p in made:  # a failed check must not leave a server for the rest of the session
        p.kill_all()


def test_first_command_starts_the_server_next_reuses_it_runs_are_in_its_api_and_stop_ends_it(place):
    a = place()
    first = a.cli("ingest", str(SEEDS))
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Prefect server started: http://127.0.0.1:" in first.stderr
    state = a.recorded()
    assert state is not None and alive(state["pid"])
    api = f"http://127.0.0.1:{state['port']}/api"
    assert f"http://127.0.0.1:{state['port']}" in first.stderr  # the address printed is the server's
    # detached: not a child of anything the command left behind, and no uvicorn child of its own
    assert a.processes() == [state["pid"]]
    assert children(state["pid"]) == []

    second = a.cli("validate")
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Prefect server started" not in second.stderr
    assert a.recorded() == state  # same process, same port
    assert _flow_run(api, _run_id(first.stdout)) == ("negotrack-ingest", "COMPLETED")
    assert _flow_run(api, _run_id(second.stdout)) == ("negotrack-validate", "COMPLETED")

    status = a.cli("server", "status")
    assert status.returncode == 0, status.stderr
    assert f"running: http://127.0.0.1:{state['port']}" in status.stdout
    assert f"pid {state['pid']}" in status.stdout

    stop = a.cli("server", "stop")
    assert stop.returncode == 0, stop.stderr
    assert f"pid {state['pid']}" in stop.stdout
    poll(lambda: not a.processes(), "the stopped server to be gone", 30)
    assert a.recorded() is None
    status = a.cli("server", "status")
    assert status.returncode == 0 and "no local Prefect server running" in status.stdout, status.stdout
    again = a.cli("server", "stop")
    assert again.returncode == 0 and "no local Prefect server running" in again.stdout, again.stdout


def test_two_commands_started_at_once_share_one_server(place):
    a = place()
    procs = [start(["ingest", str(SEEDS)], {**a.env, "NEGOTRACK_DB": str(a.root / f"db{i}.duckdb")}, a.root / f"w{i}")
             for i in range(2)]
    for p in procs:
        assert p.wait(300) == 0, p.stderr[-3000:]
    started = [p for p in procs if "Prefect server started" in p.stderr]
    assert len(started) == 1, [p.stderr[-500:] for p in procs]
    state = a.recorded()
    assert a.processes() == [state["pid"]]
    api = f"http://127.0.0.1:{state['port']}/api"
    for p in procs:
        assert _flow_run(api, _run_id(p.stdout)) == ("negotrack-ingest", "COMPLETED")


def _run_under_way(a: Place, seed: int):
    """A `negotrack run` over 200 new articles, returned once it is attached to the server
    and its run row exists."""
    corpus = a.root / "corpus"
    make_corpus(corpus, 200, seed=seed)
    p = start(["run", str(corpus)], a.env, a.root / "w")
    db = Path(a.env["NEGOTRACK_DB"])
    try:
        poll(lambda: a.recorded() is not None and db.exists()
              and read_retry(db, "SELECT count(*) FROM runs")[0][0][0] >= 1, "the run to start", 300)
    except BaseException:
        p.kill_group()
        raise
    return p


def test_idle_server_stops_by_itself_even_after_a_killed_command_and_leaves_nothing(place):
    a = place(idle_s=3)
    p = _run_under_way(a, seed=3)
    try:
        # the command is attached and working (its run row exists): kill it outright
        state = a.recorded()
        p.kill()  # SIGKILL to the command alone, as the OOM killer would
    finally:
        p.kill_group()
    # the command's watchdog ends its workers; the server, now unused, stops after about 3 s
    poll(lambda: not alive(state["pid"]), "the idle server to stop", 60)
    poll(lambda: not a.processes(), "no process of the server left", 30)
    assert a.recorded() is None
    # the next command starts a new one
    res = a.cli("validate")
    assert res.returncode == 0, res.stderr[-3000:]
    assert "Prefect server started" in res.stderr
    new = a.recorded()
    assert new["pid"] != state["pid"]
    poll(lambda: not a.processes(), "the second idle server to stop", 60)


def test_a_killed_or_hung_server_is_replaced_by_the_next_command(place):
    a = place()
    res = a.cli("ingest", str(SEEDS))
    assert res.returncode == 0, res.stderr[-3000:]
    old = a.recorded()
    os.kill(old["pid"], signal.SIGKILL)
    poll(lambda: not alive(old["pid"]), "the killed server to die", 30)
    assert a.recorded() == old  # a stale record, as a crash leaves it

    res = a.cli("validate")
    assert res.returncode == 0, res.stderr[-3000:]
    assert "Prefect server started" in res.stderr
    new = a.recorded()
    assert new["pid"] != old["pid"] and alive(new["pid"])
    assert a.processes() == [new["pid"]]
    assert _flow_run(f"http://127.0.0.1:{new['port']}/api", _run_id(res.stdout)) == ("negotrack-validate", "COMPLETED")

    # a server that runs but does not answer (SIGSTOP: alive, holding its port): status
    # says so and exits 1; the next command kills it and starts another
    hung = new
    os.kill(hung["pid"], signal.SIGSTOP)
    try:
        status = a.cli("server", "status")
        assert status.returncode == 1, (status.stdout, status.stderr)
        assert "does not answer" in status.stderr and "Traceback" not in status.stderr
        res = a.cli("validate")
        assert res.returncode == 0, res.stderr[-3000:]
        newest = a.recorded()
        assert newest["pid"] not in (old["pid"], hung["pid"]) and alive(newest["pid"])
        poll(lambda: not alive(hung["pid"]), "the hung server to be killed", 30)
        assert a.processes() == [newest["pid"]]
    finally:
        try:
            os.kill(hung["pid"], signal.SIGCONT)
        except OSError:
            pass


def test_prefect_api_url_wins_and_temporary_mode_starts_no_server(place):
    a, b, c = place("a"), place("b"), place("c")
    res = a.cli("ingest", str(SEEDS))
    assert res.returncode == 0, res.stderr[-3000:]
    api = f"http://127.0.0.1:{a.recorded()['port']}/api"

    # b has its own data directory, but the user's PREFECT_API_URL points at a's server
    res = b.cli("ingest", str(SEEDS), PREFECT_API_URL=api)
    assert res.returncode == 0, res.stderr[-3000:]
    assert not (b.state / "state.json").exists() and "Prefect server started" not in res.stderr
    assert _flow_run(api, _run_id(res.stdout)) == ("negotrack-ingest", "COMPLETED")
    status = b.cli("server", "status", PREFECT_API_URL=api)
    assert status.returncode == 0 and f"PREFECT_API_URL is set: flow commands use {api}" in status.stdout

    # the old behaviour: a temporary server in the command, nothing left running
    res = c.cli("ingest", str(SEEDS), NEGOTRACK_PREFECT_SERVER="temporary")
    assert res.returncode == 0, res.stderr[-3000:]
    assert not (c.state / "state.json").exists() and "Prefect server started" not in res.stderr
    gone = httpx.get(f"{api}/flow_runs/{_run_id(res.stdout)}", timeout=30, trust_env=False)
    assert gone.status_code == 404  # its run went to its own temporary server, not to a's


def test_sigterm_to_a_run_leaves_the_server_serving_the_next_one(place):
    """A stopped command only drops its hold on the server: the server stays up (it is
    not among what the command's watchdog kills) and serves the next command."""
    a = place()
    p = _run_under_way(a, seed=4)
    try:
        state = a.recorded()
        os.kill(p.pid, signal.SIGTERM)
        code = p.popen.wait(60)
        assert code in (0, 143), p.stderr[-3000:]
    finally:
        p.kill_group()
    assert alive(state["pid"]) and a.recorded() == state
    res = a.cli("run", str(a.root / "corpus"))
    assert res.returncode == 0, res.stderr[-3000:]
    assert a.recorded() == state
    assert _flow_run(f"http://127.0.0.1:{state['port']}/api", _run_id(res.stdout)) == \
        ("negotrack-pipeline", "COMPLETED")
