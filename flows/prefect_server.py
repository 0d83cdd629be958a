"""A local Prefect API server that outlives one command, the way build tools keep a daemon.

Without ``PREFECT_API_URL`` every flow command used to start Prefect's temporary API
server (6-8 s) and stop it on exit: most of a warm ``negotrack run``. Now the first flow
command starts one server under the data directory and later commands reuse it:

- **Where.** ``<data_dir>/prefect-api/``: ``state.json`` (pid, its /proc start time, port,
  URL; replaced atomically), ``start.lock`` (flock around find-or-start, so two commands
  started at once share one server), ``users.lock`` (each command holds it *shared* for as
  long as it runs), ``last-used`` (mtime), ``server.log``, and the server's own SQLite
  ``prefect.db`` (its ``PREFECT_HOME``). It listens on a free port of 127.0.0.1, with the UI.
- **Life.** The server is launched through a short-lived launcher that forks it off and
  exits, so it is never in the command's process tree: the command's ``ChildReaper``
  (negotrack/shutdown.py) never sees it, and a command stopped by a signal, even SIGKILL,
  only drops its shared lock. The server runs uvicorn *in its own process* (no child,
  as ``prefect server start`` does), so killing it leaves nothing behind. A thread stops it
  once nobody has held ``users.lock`` for ``NEGOTRACK_PREFECT_IDLE_S`` (default 15 min), or
  as soon as ``state.json`` no longer names it (the data directory was deleted, or
  ``negotrack server stop``): it never lingers as an orphan.
- **Replacement.** A command that finds a dead, recycled or unanswering server kills what
  is left of it (after checking its start time) and starts a new one.

The client part (everything a command runs) is standard library only: it must not import
Prefect, which reads ``PREFECT_API_URL`` once, at import, and so must be pointed at the
server before. Only the server process (``run``, below) imports Prefect and uvicorn.
Linux and other POSIX systems (flock, fork); elsewhere ``attach`` falls back to the
temporary server.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock, no fork; commands use the temporary server
    fcntl = None  # type: ignore[assignment]

STATE_DIR = "prefect-api"  # under the data directory
START_TIMEOUT_S = 90.0  # a fresh database runs Prefect's migrations first; a busy box is slow
LOCK_TIMEOUT_S = START_TIMEOUT_S + 30.0  # another command may be starting the server meanwhile
POLL_S = 0.5  # the server's idle check
STOP_BACKSTOP_S = 10.0  # a server asked to stop that has not exited by then exits at once
LOG_KEEP_BYTES = 2 * 1024 * 1024

# Run as ``python -m`` this module is ``__main__``; the launcher needs its real name
# (the flows package may be installed under another parent package).
MODULE = __spec__.name if __spec__ is not None and __spec__.name != "__main__" else __name__


class ServerStartError(RuntimeError):
    """The local server could not be started or reached (the message says why, in a line)."""


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    start_time: str | None  # field 22 of /proc/<pid>/stat: a recycled pid has another
    port: int
    started_at: str
    idle_s: float

    @property
    def url(self) -> str:
        """The UI's address."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"


@dataclass(frozen=True)
class Attached:
    info: ServerInfo
    new: bool  # started by this command

    @property
    def url(self) -> str:
        return self.info.url


def state_dir(data_dir: Path) -> Path:
    return Path(data_dir).resolve() / STATE_DIR


# --------------------------------------------------------------------------- processes and files


def process_start_time(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] == b"Z":  # a zombie has exited; its parent has not collected it yet
        return None
    return fields[19].decode()


def alive(info: ServerInfo) -> bool:
    """The recorded process still runs (and is the same process, not a recycled pid)."""
    if os.path.isdir("/proc"):
        return info.start_time is not None and process_start_time(info.pid) == info.start_time
    try:
        os.kill(info.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running(pid: int, start_time: str | None) -> bool:
    """Process ``pid`` runs and started at ``start_time`` (not a recycled pid)."""
    return alive(ServerInfo(pid, start_time, 0, "", 0))


def healthy(info: ServerInfo, timeout: float = 2.0) -> bool:
    """``GET /api/health`` answers 200 (no proxy: the server is on 127.0.0.1)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{info.api_url}/health", timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def read_state(folder: Path) -> ServerInfo | None:
    try:
        raw = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        return ServerInfo(pid=int(raw["pid"]), start_time=raw.get("start_time"), port=int(raw["port"]),
                          started_at=str(raw.get("started_at", "")), idle_s=float(raw.get("idle_s", 0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none, or not ours to trust: treated as no server


def _write_state(folder: Path, info: ServerInfo) -> None:
    tmp = folder / f"state.json.{os.getpid()}.part"
    tmp.write_text(json.dumps(asdict(info)), encoding="utf-8")
    os.replace(tmp, folder / "state.json")  # readers see the old file or the whole new one


def _touch(path: Path) -> None:
    path.touch()
    os.utime(path)


@contextlib.contextmanager
def _locked(path: Path, timeout: float) -> Iterator[int]:
    """Hold an exclusive flock on ``path``, waiting up to ``timeout`` (polled, so a signal
    to the command still stops it)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ServerStartError(f"another negotrack command held {path} for {timeout:.0f} s") from None
                time.sleep(0.05)
        yield fd
    finally:
        os.close(fd)


def _in_use(folder: Path) -> bool:
    """Some command holds ``users.lock`` shared (it is running against this server)."""
    fd = os.open(folder / "users.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # releases the probe's lock too


def _terminate(info: ServerInfo, wait_s: float = STOP_BACKSTOP_S + 5) -> None:
    """SIGTERM the recorded server, then SIGKILL it if it is still there ``wait_s`` later."""
    for signum, wait in ((signal.SIGTERM, wait_s), (signal.SIGKILL, 5.0)):
        if not alive(info):
            return
        with contextlib.suppress(OSError):
            os.kill(info.pid, signum)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and alive(info):
            time.sleep(0.05)


# --------------------------------------------------------------------------- the client (commands)

_users_fd: int | None = None  # this process's shared hold on users.lock, kept until it exits


def attach(data_dir: Path, idle_s: float, warn: Callable[[str], None]) -> Attached | None:
    """Point this process's Prefect at the data directory's server, starting it if needed.

    Call before Prefect is imported. Does nothing when ``PREFECT_API_URL`` is set (the
    user's server wins). If the server cannot be started, says so through ``warn`` and
    returns None: the command then runs on Prefect's temporary server, as before."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    if fcntl is None or not hasattr(os, "fork"):
        return None
    try:
        attached = find_or_start(state_dir(data_dir), idle_s)
    except (ServerStartError, OSError) as exc:
        warn(f"the local Prefect server could not be used ({exc}); this command starts a temporary one")
        return None
    os.environ["PREFECT_API_URL"] = attached.info.api_url
    return attached


def find_or_start(folder: Path, idle_s: float, timeout: float = START_TIMEOUT_S) -> Attached:
    """The running server of ``folder``, or a new one; this process is then a user of it
    until it exits (the server does not stop while a user runs)."""
    global _users_fd
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder / "start.lock", LOCK_TIMEOUT_S):
        info = read_state(folder)
        # a second, patient look before a live server is replaced: under load a busy one
        # can miss a short deadline, and killing it would fail the commands using it
        new = info is None or not (alive(info) and (healthy(info) or healthy(info, timeout=10.0)))
        if new:
            if info is not None:
                _terminate(info)  # dead, a recycled pid (then nothing is sent), or not answering
            info = _launch(folder, idle_s, timeout)
        if _users_fd is None:
            fd = os.open(folder / "users.lock", os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_SH)  # the server's idle probe holds it for microseconds
            _users_fd = fd
        _touch(folder / "last-used")
    return Attached(info, new)


def _server_env(folder: Path) -> dict[str, str]:
    """The command's environment minus its own settings: one command's NEGOTRACK_DB (or a
    test's tag) means nothing to a server shared by many."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("NEGOTRACK_") and k not in ("PREFECT_API_URL", "PREFECT_API_KEY")}
    env["PREFECT_HOME"] = str(folder)
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no telemetry from a user's machine
    return env


def _rotate_log(log: Path) -> None:
    with contextlib.suppress(OSError):
        if log.stat().st_size > LOG_KEEP_BYTES:
            os.replace(log, log.with_name(log.name + ".1"))


def _launch(folder: Path, idle_s: float, timeout: float) -> ServerInfo:
    """Start a server (the caller holds ``start.lock``) and wait until it answers."""
    (folder / "state.json").unlink(missing_ok=True)
    log = folder / "server.log"
    _rotate_log(log)
    with open(log, "ab") as logfh:
        launcher = subprocess.Popen(
            [sys.executable, "-m", MODULE, "run", "--dir", str(folder), "--idle", repr(float(idle_s))],
            env=_server_env(folder), cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=logfh, start_new_session=True, close_fds=True,
        )
    try:
        out, _ = launcher.communicate(timeout=30)  # it forks the server off and exits at once
    except subprocess.TimeoutExpired:
        launcher.kill()
        launcher.wait()
        raise ServerStartError(f"the server launcher did not return (log: {log})") from None
    try:
        pid = int(out.split()[0])
    except (IndexError, ValueError):
        raise ServerStartError(f"the server did not start (exit {launcher.returncode}; log: {log})") from None
    deadline = time.monotonic() + timeout
    pid_start = process_start_time(pid)
    while True:
        info = read_state(folder)
        if info is not None and info.pid == pid and healthy(info):
            return info
        if not running(pid, pid_start):
            raise ServerStartError(f"the server exited while starting: {_log_tail(log)} (log: {log})")
        if time.monotonic() > deadline:
            _terminate(ServerInfo(pid, pid_start, 0, "", 0))
            raise ServerStartError(f"the server did not answer within {timeout:.0f} s (log: {log})")
        time.sleep(0.1)


def _log_tail(log: Path) -> str:
    try:
        lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return "no log"
    return lines[-1][:300] if lines else "no log"


def status(data_dir: Path) -> tuple[ServerInfo | None, bool]:
    """(the recorded server if its process runs, whether it answers)."""
    info = read_state(state_dir(data_dir))
    if info is None or not alive(info):
        return None, False
    return info, healthy(info, timeout=10.0)


def stop(data_dir: Path) -> ServerInfo | None:
    """Stop the data directory's server (None: none was running). Commands running
    against it lose their API; the next command starts a new one."""
    folder = state_dir(data_dir)
    if not folder.is_dir():
        return None
    with _locked(folder / "start.lock", LOCK_TIMEOUT_S):
        info = read_state(folder)
        (folder / "state.json").unlink(missing_ok=True)
        if info is None or not alive(info):
            return None
        _terminate(info)
        return info


# --------------------------------------------------------------------------- the server process


def _launch_detached(folder: Path, idle_s: float) -> None:
    """The launcher: fork the server off, print its pid and exit, so the server is
    reparented and never in the command's process tree."""
    pid = os.fork()
    if pid:
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()
        os._exit(0)
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # stderr is server.log (opened by the command)
    _serve(folder, idle_s)


def _serve(folder: Path, idle_s: float) -> None:
    # Bind first: the port is free by construction, and its number is known before
    # Prefect builds its settings (the UI needs to know where the API is).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    os.environ.update(PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_SERVER_API_PORT=str(port), PREFECT_HOME=str(folder))
    me = ServerInfo(pid=os.getpid(), start_time=process_start_time(os.getpid()), port=port,
                    started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), idle_s=idle_s)
    _write_state(folder, me)
    # watching from now on: a start-up that hangs (a locked database) still ends
    stopper = _Stopper()
    threading.Thread(target=_watch_idle, args=(folder, me, idle_s, stopper), name="idle-stop", daemon=True).start()

    import uvicorn
    from prefect.server.api.server import create_app

    level = os.environ.get("PREFECT_SERVER_LOGGING_LEVEL", "WARNING").lower()
    config = uvicorn.Config(
        create_app(final=True), log_level=level if level in ("critical", "error", "warning", "info", "debug")
        else "warning", timeout_graceful_shutdown=5, access_log=False,
    )
    server = uvicorn.Server(config)
    stopper.server = server
    if stopper.requested:
        return
    server.run(sockets=[sock])


class _Stopper:
    """``should_exit`` of the uvicorn server, before and after it exists."""

    server = None
    requested = False

    @property
    def should_exit(self) -> bool:
        return self.requested or (self.server is not None and self.server.should_exit)

    @should_exit.setter
    def should_exit(self, value: bool) -> None:
        self.requested = True
        if self.server is not None:
            self.server.should_exit = True


def _watch_idle(folder: Path, me: ServerInfo, idle_s: float, server) -> None:
    """Stop the server once no command has used it for ``idle_s``, or once ``state.json``
    no longer names it; a stop that hangs ends in ``os._exit``. Any error here stops the
    server too: without this thread it would never stop."""
    try:
        _wait_until_idle(folder, me, idle_s, server)
    finally:
        server.should_exit = True
        timer = threading.Timer(STOP_BACKSTOP_S, os._exit, args=(0,))
        timer.daemon = True
        timer.start()


def _wait_until_idle(folder: Path, me: ServerInfo, idle_s: float, server) -> None:
    last_busy = time.time()
    while not server.should_exit:
        time.sleep(POLL_S)
        current = read_state(folder)
        if current is None or current.pid != me.pid:
            break  # replaced, stopped, or the data directory is gone: nobody can find us
        if _in_use(folder):
            last_busy = time.time()
            continue
        if time.time() - max(last_busy, _mtime(folder / "last-used")) < idle_s:
            continue
        lock = os.open(folder / "start.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock)  # a command is finding or starting a server: it may want this one
            continue
        if _in_use(folder) or time.time() - _mtime(folder / "last-used") < idle_s:
            os.close(lock)
            continue
        (folder / "state.json").unlink(missing_ok=True)
        return  # ``lock`` stays held until the process exits: no command finds a half-stopped server


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog=f"python -m {MODULE}", description="negotrack's local Prefect server.")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="launch the server detached (used by negotrack commands)")
    run.add_argument("--dir", type=Path, required=True)
    run.add_argument("--idle", type=float, required=True)
    args = ap.parse_args(argv)
    _launch_detached(args.dir.resolve(), args.idle)


if __name__ == "__main__":
    main()
