"""The warm worker's rules that need no process (flows/warm_worker.py): which variables make
a worker stale, when its code or packages count as changed, the frames of its protocol,
and that a client finding no worker leaves the command to run in-process.
tests/reliability/test_warm_worker.py runs the real thing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import site
import socket
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

import pytest

from negotrack.flows import warm_worker
from negotrack.flows.warm_worker import _Warm, frozen_env


def test_frozen_env_keeps_what_a_process_reads_once_and_drops_per_command_settings():
    env = {"PREFECT_API_URL": "http://x/api", "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8",
           "TZ": "UTC", "HOME": "/home/a", "NEGOTRACK_DB": "a.duckdb", "PATH": "/bin", "TERM": "xterm",
           "MY_PREFECT_NOTE": "not a Prefect setting"}
    assert frozen_env(env) == {"PREFECT_API_URL": "http://x/api", "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8",
                               "LANG": "fr_FR.UTF-8", "TZ": "UTC", "HOME": "/home/a"}


def _warm(tmp_path: Path, env: dict[str, str]) -> tuple[_Warm, Path, Path]:
    source = tmp_path / "module.py"
    source.write_text("x = 1\n")
    packages = tmp_path / "site-packages"
    packages.mkdir()
    warm = _Warm(env=frozen_env(env), modules={str(source): os.stat(source).st_mtime_ns},
                 packages=(str(packages), os.stat(packages).st_mtime_ns), prefect_server=None)
    return warm, source, packages


def test_a_request_is_stale_when_a_read_once_variable_differs_not_when_a_setting_does(tmp_path):
    warm, _, _ = _warm(tmp_path, {"PREFECT_LOGGING_LEVEL": "WARNING", "NEGOTRACK_DB": "a.duckdb"})
    assert warm.stale({"PREFECT_LOGGING_LEVEL": "WARNING", "NEGOTRACK_DB": "b.duckdb", "NEGOTRACK_WORKERS": "1"}) is None
    why = warm.stale({"PREFECT_LOGGING_LEVEL": "DEBUG"})
    assert why is not None and "PREFECT_LOGGING_LEVEL" in why
    why = warm.stale({"PREFECT_LOGGING_LEVEL": "WARNING", "TZ": "Asia/Tehran"})  # one more is a difference too
    assert why is not None and "TZ" in why


def test_a_request_is_stale_once_loaded_code_or_the_installed_packages_change(tmp_path):
    warm, source, packages = _warm(tmp_path, {})
    assert warm.stale({}) is None
    stat = os.stat(source)
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert "module.py changed" in warm.stale({})

    (tmp_path / "b").mkdir()
    warm, _, packages = _warm(tmp_path / "b", {})
    (packages / "newpkg-1.0.dist-info").mkdir()  # pip install adds a folder: the folder's mtime moves
    stat = os.stat(packages)
    os.utime(packages, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert warm.stale({}) == "the installed packages changed"


def test_frames_round_trip_and_split_where_they_end():
    a, b = socket.socketpair()
    try:
        warm_worker._send_frame(a, {"entry": "m:f", "argv": ["run", "é"]})
        warm_worker._send_frame(a, {"go": True})
        data = b.recv(65536)
        frames, rest = warm_worker._split_frames(data[:-3])  # the second frame cut short
        assert frames == [{"entry": "m:f", "argv": ["run", "é"]}] and rest
        frames, rest = warm_worker._split_frames(rest + data[-3:])
        assert frames == [{"go": True}] and rest == b""
        warm_worker._send_frame(b, {"exit": 143})
        assert warm_worker._recv_frame(a) == {"exit": 143}
    finally:
        a.close()
        b.close()
    with pytest.raises(ValueError):
        warm_worker._split_frames(warm_worker.HEADER.pack(warm_worker.MAX_FRAME + 1) + b"{}")


def test_a_request_from_another_installation_is_stale(tmp_path):
    warm, _, _ = _warm(tmp_path, {})
    warm.installation = ["/venv-a/bin/python", "/venv-a/negotrack"]
    assert warm.stale({}, ["/venv-a/bin/python", "/venv-a/negotrack"]) is None
    assert warm.stale({}, ["/venv-b/bin/python", "/venv-a/negotrack"]) == "another Python or negotrack installation"


def test_a_caller_the_worker_cannot_reproduce_gets_a_fresh_worker(monkeypatch):
    import resource

    mine = warm_worker.process_traits()
    assert warm_worker.unreproducible(mine) is None
    monkeypatch.setattr(os, "geteuid", lambda: 1000)  # the rules of an unprivileged user, even under root
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert warm_worker.unreproducible({**mine, "limits": {"RLIMIT_NOFILE": [soft, max(soft, 1)]}}) is None  # lower: fine
    if hard != resource.RLIM_INFINITY:
        above = {**mine, "limits": {"RLIMIT_NOFILE": [soft, hard + 1]}}
        assert warm_worker.unreproducible(above) == "the caller's RLIMIT_NOFILE is above the worker's"
    assert warm_worker.unreproducible({**mine, "nice": mine["nice"] - 1}) == "the caller runs at a higher priority than the worker"
    assert warm_worker.unreproducible({**mine, "nice": mine["nice"] + 5}) is None


def test_only_well_formed_requests_are_served():
    good = {"entry": "m:f", "argv": ["run"], "env": {"K": "v"}, "installation": [], **warm_worker.process_traits()}
    assert warm_worker._well_formed(good)
    for bad in ({"entry": "mf"}, {"argv": "run"}, {"env": {"K": 1}}, {"umask": "022"},
                {"limits": {"RLIMIT_NOFILE": ["many", 1]}}, {"limits": {"RLIMIT_NOFILE": [1]}}):
        assert not warm_worker._well_formed({**good, **bad}), bad


def test_the_worker_starts_without_the_libraries_own_threads():
    env = warm_worker.worker_env({"PATH": "/bin", "NEGOTRACK_REAPER_TAGS": "x", "_RJEM_MALLOC_CONF": "narenas:2"})
    assert "NEGOTRACK_REAPER_TAGS" not in env and env["PATH"] == "/bin"
    assert env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["_RJEM_MALLOC_CONF"] == "narenas:2,background_thread:false"  # the user's setting kept, the last word ours
    assert env["JE_ARROW_MALLOC_CONF"] == "background_thread:false"


def test_a_worker_that_cannot_reach_the_prefect_server_does_not_serve(tmp_path, monkeypatch):
    from negotrack.flows import prefect_server

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("NEGOTRACK_PREFECT_SERVER", "persistent")
    monkeypatch.setattr(prefect_server, "attach", lambda *a, **k: None)
    monkeypatch.setattr("negotrack.flows.prefect_setup.configure_prefect_env", lambda settings: None)
    with pytest.raises(warm_worker.NotServing, match="Prefect server"):
        warm_worker._warm_up(tmp_path / "data", lambda message: None)


def test_no_worker_means_the_command_runs_in_process():
    short = Path(tempfile.mkdtemp(prefix="nt-", dir="/tmp"))  # a socket path must fit: not vacuous
    try:
        data = short / "data"
        assert warm_worker.delegate(data, "negotrack.cli:main", ["run", "x"]) is None
        # a socket file left by a worker that died: nobody listens, still in-process
        folder = warm_worker.state_dir(data)
        folder.mkdir(parents=True, mode=0o700)
        assert len(os.fsencode(str(folder / "worker.sock"))) <= warm_worker.MAX_SOCKET_PATH
        dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        dead.bind(str(folder / "worker.sock"))
        dead.close()
        assert warm_worker.delegate(data, "negotrack.cli:main", ["run", "x"]) is None
        assert warm_worker.running_worker(data) is None
    finally:
        shutil.rmtree(short, ignore_errors=True)


def test_another_virtual_environment_on_the_same_interpreter_is_another_installation(tmp_path):
    """A venv's python is a link to the base interpreter: the interpreter alone cannot tell
    two environments apart, their prefix and site-packages do."""
    other = tmp_path / "other-venv"
    venv.EnvBuilder(symlinks=True, with_pip=False).create(other)
    here = warm_worker.installation()
    # the other environment borrows this one's packages (and so the same negotrack code)
    borrowed = site.getsitepackages()
    out = subprocess.run(
        [str(other / "bin" / "python"), "-c",
         f"import json, site; [site.addsitedir(p) for p in {borrowed!r}]; "
         "from negotrack.flows import warm_worker as w; print(json.dumps(w.installation()))"],
        env=os.environ, capture_output=True, text=True, check=True)
    there = json.loads(out.stdout)
    assert there[0] == here[0]  # the same interpreter behind both links: not enough to tell
    assert there != here
    warm = _Warm(env={}, modules={}, packages=("", 0), prefect_server=None, installation=here)
    assert warm.stale({}, there) == "another Python or negotrack installation"


def test_a_state_folder_another_user_could_write_is_never_acted_on(tmp_path):
    """Neither ``server status`` nor ``server stop`` trusts a pid from a folder that is not
    private: stop would otherwise signal whatever process it names."""
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        data = tmp_path / "data"
        folder = warm_worker.state_dir(data)
        folder.mkdir(parents=True, mode=0o700)
        from negotrack.flows.prefect_server import process_start_time

        info = warm_worker.WorkerInfo(pid=bystander.pid, start_time=process_start_time(bystander.pid),
                                      started_at="now", idle_s=60.0)
        warm_worker._write_state(folder, info)
        assert warm_worker.running_worker(data) == info  # the control: a private folder is read
        folder.chmod(0o777)
        assert warm_worker.running_worker(data) is None
        assert warm_worker.stop(data, wait_s=0.5) is None
        assert bystander.poll() is None  # not signalled
        assert (folder / "state.json").exists()  # nor anything in the folder touched
    finally:
        bystander.kill()
        bystander.wait()


def test_a_signal_that_came_after_the_look_at_the_held_ones_is_forwarded_not_lost():
    """Between the client's look at its held signals and the moment it forwards, a signal
    is put with the held ones (it may be handled whenever the main thread next runs
    Python, whichever thread the kernel gave it to): forwarding starts with those."""
    a, b = socket.socketpair()
    try:
        with warm_worker._ClientSignals() as signals:
            assert not signals.held  # the look: nothing yet, so "go" is sent
            signals._on_signal(signal.SIGINT, None)  # then Ctrl-C, before forwarding began
            signals.forward_to(a)
            signals._on_signal(signal.SIGTERM, None)
        b.settimeout(5)
        assert [warm_worker._recv_frame(b), warm_worker._recv_frame(b)] == [{"signal": signal.SIGINT},
                                                                          {"signal": signal.SIGTERM}]
    finally:
        a.close()
        b.close()


def test_a_held_signal_is_handled_once_when_the_command_stays_here():
    """A command that does not go to the worker (the user stopped it while it waited) gets
    the held signal through its own handler, called, not raised again: a handler that also
    counts arrivals on the wake-up pipe (negotrack/shutdown.py) must see one signal, not two."""
    calls: list[int] = []
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    os.set_blocking(read_end, False)
    previous_wakeup = signal.set_wakeup_fd(write_end)
    previous_handler = signal.signal(signal.SIGHUP, lambda signum, _frame: calls.append(signum))
    try:
        with warm_worker._ClientSignals() as signals:
            signal.raise_signal(signal.SIGHUP)
            assert signals.held == [signal.SIGHUP] and not calls
        assert calls == [signal.SIGHUP]
        assert os.read(read_end, 64) == bytes([signal.SIGHUP])  # one arrival on the pipe
    finally:
        signal.set_wakeup_fd(previous_wakeup)
        signal.signal(signal.SIGHUP, previous_handler)
        os.close(read_end)
        os.close(write_end)


def test_a_status_from_a_process_that_never_ran_the_command_is_not_passed_off_as_its_status(tmp_path):
    a, b = socket.socketpair()
    try:
        warm_worker._send_frame(b, {"exit": 137, "ran": False})
        with pytest.raises(warm_worker.WorkerLostError, match="ended before the command began"):
            warm_worker._wait_for_exit(a, 4242, tmp_path)
        warm_worker._send_frame(b, {"exit": 3, "ran": True})
        assert warm_worker._wait_for_exit(a, 4242, tmp_path) == 3
    finally:
        a.close()
        b.close()
