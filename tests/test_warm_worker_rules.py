"""The warm worker's rules that need no process (flows/warm_worker.py): which variables make
a worker stale, when its code or packages count as changed, the frames of its protocol,
and that a client finding no worker leaves the command to run in-process.
tests/reliability/test_warm_worker.py runs the real thing."""

from __future__ import annotations

import os
import socket
from pathlib import Path

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


def test_frames_round_trip_and_descriptors_travel_with_the_request():
    a, b = socket.socketpair()
    r, w = os.pipe()
    try:
        warm_worker._send_frame(a, {"entry": "m:f", "argv": ["run", "é"], "env": {"K": "v"}}, fds=[w, w, w])
        request, fds = warm_worker._recv_request(b)
        assert request == {"entry": "m:f", "argv": ["run", "é"], "env": {"K": "v"}}
        assert len(fds) == 3
        os.write(fds[1], b"through the passed descriptor")
        assert os.read(r, 100) == b"through the passed descriptor"
        for fd in fds:
            os.close(fd)
        warm_worker._send_frame(b, {"exit": 143})
        assert warm_worker._recv_frame(a) == {"exit": 143}
    finally:
        a.close()
        b.close()
        os.close(r)
        os.close(w)


def test_no_worker_means_the_command_runs_in_process(tmp_path):
    assert warm_worker.delegate(tmp_path / "data", "negotrack.cli:main", ["run", "x"]) is None
    # a socket file left by a worker that died: nobody listens, still in-process
    folder = warm_worker.state_dir(tmp_path / "data")
    folder.mkdir(parents=True)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(folder / "worker.sock"))
    dead.close()
    assert warm_worker.delegate(tmp_path / "data", "negotrack.cli:main", ["run", "x"]) is None
    assert warm_worker.running_worker(tmp_path / "data") is None
