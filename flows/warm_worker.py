"""A warm worker: flow commands run in a process that has already paid the start-up.

Of a warm ``negotrack run`` over a few files, most of the time went into work that is the
same for every command: importing Great Expectations (~2-4 s) and Prefect (~1.4 s), and
compiling the codebook's matchers for three languages (~1 s). The worker does that once
and then forks a child per command, the way pre-fork servers and build daemons do; the
command itself (``negotrack run ...``) is the same code, run in the child with the
caller's arguments, environment, working directory and terminal.

- **Where.** ``<data_dir>/warm-worker/`` (mode 0700): ``worker.sock`` (a Unix socket),
  ``state.json`` (pid, start time, commands served), ``worker.lock`` (held by the worker
  for its whole life: "a worker runs" is "the lock is held"), ``worker.log``.
- **A command.** The client (a flow command, standard library only) connects, sends its
  argv, working directory and environment as one JSON frame with its descriptors 0, 1, 2
  (``SCM_RIGHTS``), and waits. The worker forks; the child takes over those descriptors,
  runs the entry point the client names (the console script's) and exits; the worker
  sends back the exit status (a child killed by signal N gives 128+N). Ctrl-C, SIGTERM and SIGHUP reaching the client are
  forwarded to the child, which stops through the CLI's usual shutdown path (130, 143).
- **No orphans.** A client that goes away (killed, even with SIGKILL) closes its socket:
  the worker sends the child SIGTERM, then SIGKILL after the stop grace. A child dies with
  the worker (``PR_SET_PDEATHSIG``); the client then reports a lost worker (exit 1).
- **Life.** A flow command that found no worker runs in-process as before and, once its
  own work is done (not to compete with it for the CPU), launches one detached (double
  fork: never in the command's process tree). The worker stops after
  ``NEGOTRACK_PREFECT_IDLE_S`` without a command, on ``negotrack server stop``, or when a
  request shows it is stale: negotrack's code or the installed packages changed on disk,
  the caller's Prefect or Python environment differs from the one it warmed up with, or
  the Prefect server it was pointed at is gone. It then declines, the command runs
  in-process and launches a fresh worker after itself.
- **Fork safety.** The worker never starts a thread and checks before every fork that it
  has none (forking a threaded process can deadlock the child); it imports and compiles,
  but never runs a flow, opens a database or creates a GX context: those happen in the
  child. ``gc.freeze`` after the warm-up keeps the children's collections from touching
  (and so copying) the inherited objects.

``NEGOTRACK_WARM_WORKER=off`` turns it off; it is only used with the local Prefect server
(``NEGOTRACK_PREFECT_SERVER=persistent``, the default). Linux (``/proc``, ``prctl``) and
other POSIX systems; elsewhere commands run in-process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import selectors
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock, no fork, no SCM_RIGHTS
    fcntl = None  # type: ignore[assignment]

STATE_DIR = "warm-worker"  # under the data directory
MODULE = __spec__.name if __spec__ is not None and __spec__.name != "__main__" else __name__
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, 104 on the BSDs
CONNECT_TIMEOUT_S = 2.0
REQUEST_TIMEOUT_S = 10.0  # a client that connects and sends nothing is dropped
MAX_FRAME = 16 * 1024 * 1024
HEADER = struct.Struct("!I")
FORWARDED_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
KILL_AFTER_S = 10.0  # a child whose client went away and that ignores SIGTERM
LOG_KEEP_BYTES = 1024 * 1024
RETIRE_WAIT_S = 5.0  # a new worker waits this long for a stale one to exit
REAPER_TAGS_ENV = "NEGOTRACK_REAPER_TAGS"  # negotrack/shutdown.py's: the worker is no command's descendant

# What a flow command imports on its way (the stages import lazily, to keep commands that
# do not need them quick): preloaded once here. A module missing from the list is only
# imported by the command itself, as without a worker.
WARM_MODULES = (
    "negotrack.flows.pipeline", "negotrack.flows.ingest", "negotrack.flows.extract", "negotrack.flows.validate",
    "negotrack.flows.report", "negotrack.flows.runners", "negotrack.validate.engine", "negotrack.validate.docs",
    "negotrack.ingest.formats", "negotrack.ingest.records", "negotrack.ingest.fetch", "negotrack.ingest.htmltext",
    "negotrack.ingest.lang", "negotrack.dates", "negotrack.syndication", "datasketch", "negotrack.report.write",
    "negotrack.report.html", "negotrack.report.markdown", "negotrack.report.svg", "negotrack.shutdown",
    "negotrack.cli_help",
)

# Parts of the environment a process reads once, at start-up or at import (Prefect's
# settings, the interpreter's flags, the locale, the time zone): a caller whose values
# differ gets a fresh process. The rest (NEGOTRACK_* included) is read per command.
_FROZEN_ENV_PREFIXES = ("PREFECT_", "PYTHON", "LC_")
_FROZEN_ENV_NAMES = frozenset({"LANG", "LANGUAGE", "TZ", "HOME"})


def state_dir(data_dir: Path) -> Path:
    return Path(data_dir).resolve() / STATE_DIR


def socket_path(data_dir: Path) -> Path:
    return state_dir(data_dir) / "worker.sock"


def supported() -> bool:
    return (fcntl is not None and hasattr(os, "fork") and hasattr(socket, "AF_UNIX")
            and hasattr(socket, "send_fds"))


def frozen_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(_FROZEN_ENV_PREFIXES) or k in _FROZEN_ENV_NAMES}


# --------------------------------------------------------------------------- frames


def _send_frame(sock: socket.socket, payload: dict, fds: list[int] | None = None) -> None:
    body = json.dumps(payload).encode()
    data = HEADER.pack(len(body)) + body
    if fds:
        sent = socket.send_fds(sock, [data], fds)
        data = data[sent:]
    if data:
        sock.sendall(data)


def _recv_exact(sock: socket.socket, n: int, buf: bytes = b"") -> bytes:
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("the other end closed the socket")
        buf += chunk
    return buf


def _recv_frame(sock: socket.socket) -> dict:
    (size,) = HEADER.unpack(_recv_exact(sock, HEADER.size))
    if size > MAX_FRAME:
        raise ValueError(f"frame of {size} bytes")
    return json.loads(_recv_exact(sock, size))


def _recv_request(sock: socket.socket) -> tuple[dict, list[int]]:
    """The first frame and the descriptors that came with its first bytes."""
    data, fds, _flags, _addr = socket.recv_fds(sock, 64 * 1024, 3)
    try:
        if not data:
            raise EOFError("the client sent nothing")
        if len(data) < HEADER.size:
            data = _recv_exact(sock, HEADER.size, data)
        (size,) = HEADER.unpack(data[:HEADER.size])
        if size > MAX_FRAME:
            raise ValueError(f"frame of {size} bytes")
        body = _recv_exact(sock, size, data[HEADER.size:])
        return json.loads(body), fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


# --------------------------------------------------------------------------- the client (commands)


class WorkerLostError(RuntimeError):
    """The worker ended while it ran the command (the message says what to do)."""


def delegate(data_dir: Path, entry: str, argv: list[str], on_accepted: Callable[[], None] | None = None) -> int | None:
    """Run this command in the data directory's warm worker: ``entry`` (``module:function``,
    the console script's: the worker knows nothing of the CLI) with ``argv`` (without the
    program name) as ``sys.argv[1:]``; return its exit status; None when no worker takes it (none runs, it is
    stale or still warming up): the caller then runs the command itself. ``on_accepted``
    runs once the worker has started it (the caller's own stop handling steps aside).

    Raises ``WorkerLostError`` when the worker ended before the command did."""
    if not supported():
        return None
    path = socket_path(data_dir)
    if len(os.fsencode(str(path))) > MAX_SOCKET_PATH or not path.exists():
        return None
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)  # a closed descriptor cannot be passed: run in-process
    except OSError:
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        try:
            sock.settimeout(CONNECT_TIMEOUT_S)
            sock.connect(str(path))
            sock.settimeout(REQUEST_TIMEOUT_S)
            _send_frame(sock, {"entry": entry, "argv": argv, "cwd": os.getcwd(), "env": dict(os.environ),
                               "stdio": _stdio_encodings()}, fds=[0, 1, 2])
            reply = _recv_frame(sock)
        except (OSError, EOFError, ValueError):
            return None  # no worker listening (a stale socket file), or it went away at once
        if reply.get("status") != "started":
            return None
        sock.settimeout(None)
        if on_accepted is not None:
            on_accepted()
        return _wait_for_exit(sock, int(reply["pid"]), path.parent)
    finally:
        sock.close()


def _stdio_encodings() -> list[list[str | None]]:
    return [[getattr(s, "encoding", None), getattr(s, "errors", None)] for s in (sys.stdin, sys.stdout, sys.stderr)]


def _wait_for_exit(sock: socket.socket, child: int, folder: Path) -> int:
    """Wait for the child's exit status, forwarding the stop signals this process gets."""

    def forward(signum: int, _frame) -> None:
        with contextlib.suppress(OSError):
            _send_frame(sock, {"signal": signum})

    previous: dict[int, Callable | int | None] = {}
    for name in FORWARDED_SIGNALS:
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, forward)
    try:
        reply = _recv_frame(sock)
    except (OSError, EOFError, ValueError):
        raise WorkerLostError(
            f"the warm worker ended before the command did (its command process {child} was stopped; log: "
            f"{folder / 'worker.log'}); run the command again") from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return int(reply["exit"])


def running_worker(data_dir: Path) -> WorkerInfo | None:
    """The data directory's worker if its process runs."""
    info = read_state(state_dir(data_dir))
    return info if info is not None and _running(info) else None


def launch(data_dir: Path, idle_s: float, env: dict[str, str], cwd: Path, after_pid: int | None = None) -> bool:
    """Start a worker for ``data_dir`` detached unless one runs or is warming up; True
    when one was launched. Returns at once.

    Call it before the command starts any child process: the worker is forked off by a
    launcher that exits at once, so it is never in the command's process tree, where the
    command's watchdog (negotrack/shutdown.py) would kill it when the command ends. With
    ``after_pid`` (the command) it waits for that process to end before it warms up, so
    that it does not compete with the command for the CPU."""
    if not supported():
        return False
    folder = state_dir(data_dir)
    if len(os.fsencode(str(folder / "worker.sock"))) > MAX_SOCKET_PATH:
        return False
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if running_worker(data_dir) is not None:
        return False  # one is ready or warming up (a retiring one has removed its state.json)
    log = folder / "worker.log"
    with contextlib.suppress(OSError):
        if log.stat().st_size > LOG_KEEP_BYTES:
            os.replace(log, log.with_name(log.name + ".1"))
    with open(log, "ab") as logfh:
        launcher = subprocess.Popen(
            [sys.executable, "-m", MODULE, "--data-dir", str(Path(data_dir).resolve()), "--idle", repr(float(idle_s)),
             *(["--after-pid", str(after_pid)] if after_pid else [])],
            env={k: v for k, v in env.items() if k != REAPER_TAGS_ENV}, cwd=cwd, stdin=subprocess.DEVNULL, stdout=logfh, stderr=logfh,
            start_new_session=True, close_fds=True,
        )
    try:
        launcher.wait(timeout=30)  # it forks the worker off and exits at once
    except subprocess.TimeoutExpired:
        launcher.kill()
        launcher.wait()
        return False
    return launcher.returncode == 0


def stop(data_dir: Path, wait_s: float = 5.0) -> WorkerInfo | None:
    """Ask the data directory's worker to stop (None: none ran). Commands it is running
    finish first; it takes no new ones."""
    folder = state_dir(data_dir)
    info = read_state(folder)
    (folder / "state.json").unlink(missing_ok=True)  # from now on nobody finds it; it sees that too
    if info is None or not _running(info):
        return None
    with contextlib.suppress(OSError):
        os.kill(info.pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and _running(info) and (folder / "worker.sock").exists():
        time.sleep(0.05)
    return info


# --------------------------------------------------------------------------- state


@dataclass(frozen=True)
class WorkerInfo:
    pid: int
    start_time: str | None  # /proc start time: a recycled pid has another
    started_at: str
    idle_s: float
    served: int = 0
    warm_up_s: float = 0.0
    phase: str = "ready"  # "warming up" until it takes commands


def read_state(folder: Path) -> WorkerInfo | None:
    try:
        raw = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        return WorkerInfo(**{k: raw[k] for k in WorkerInfo.__dataclass_fields__ if k in raw})
    except (OSError, ValueError, TypeError):
        return None


def _write_state(folder: Path, info: WorkerInfo) -> None:
    tmp = folder / f"state.json.{os.getpid()}.part"
    tmp.write_text(json.dumps(asdict(info)), encoding="utf-8")
    os.replace(tmp, folder / "state.json")


def _running(info: WorkerInfo) -> bool:
    from negotrack.flows.prefect_server import running

    return running(info.pid, info.start_time)


# --------------------------------------------------------------------------- the worker process


@dataclass
class _Job:
    pid: int
    conn: socket.socket
    buffer: bytes = b""
    client_gone_at: float | None = None
    killed: bool = False


@dataclass
class _Warm:
    """What the worker warmed up with: a request that differs gets a fresh process."""

    env: dict[str, str]
    modules: dict[str, int]  # negotrack's source files -> mtime_ns
    packages: tuple[str, int]  # site-packages folder -> mtime_ns (a package installed or removed)
    prefect_server: tuple[int, str | None] | None  # (pid, start time) of the local server pointed at
    prefect_state: Path | None = None
    data_dir: Path = field(default=Path("."))

    def stale(self, env: dict[str, str]) -> str | None:
        if frozen_env(env) != self.env:
            names = sorted(set(frozen_env(env).items()) ^ set(self.env.items()))
            return f"the environment differs ({', '.join(sorted({k for k, _ in names}))})"
        for path, mtime in self.modules.items():
            if _mtime_ns(path) != mtime:
                return f"{path} changed"
        if _mtime_ns(self.packages[0]) != self.packages[1]:
            return "the installed packages changed"
        if self.prefect_server is not None:
            from negotrack.flows import prefect_server

            info = prefect_server.read_state(self.prefect_state)
            if (info is None or (info.pid, info.start_time) != self.prefect_server
                    or not prefect_server.running(info.pid, info.start_time)):
                return "the local Prefect server changed"
        return None


def _mtime_ns(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


def _warm_up(data_dir: Path, log: Callable[[str], None]) -> _Warm:
    """Import and compile what every flow command needs; nothing that starts a thread."""
    import sysconfig

    env = frozen_env(dict(os.environ))  # before configure_prefect_env adds its defaults
    from negotrack.config import Settings
    from negotrack.flows import prefect_server
    from negotrack.flows.prefect_setup import configure_prefect_env

    settings = Settings(data_dir=data_dir)
    configure_prefect_env(settings)
    server = None
    if settings.prefect_server == "persistent":
        attached = prefect_server.attach(settings.data_dir, settings.prefect_idle_s, log)
        if attached is not None:
            server = (attached.info.pid, attached.info.start_time)
    import great_expectations  # noqa: F401  the largest import of all
    import prefect  # noqa: F401
    import rich.progress  # noqa: F401  the CLI's own imports, but not negotrack.cli: its consoles
    import typer  # noqa: F401          must see the caller's terminal, so the child creates them

    import importlib

    for module in WARM_MODULES:
        try:
            importlib.import_module(module)
        except ImportError as exc:  # an optional part missing: the command says so itself
            log(f"not preloaded: {module} ({exc})")
    from negotrack.codebook import load_codebook
    from negotrack.extract.lexicon import lexicon_for

    with contextlib.suppress(Exception):  # a broken codebook is the command's to report
        codebook = load_codebook(settings.codebook)
        for language in codebook.languages:
            lexicon_for(codebook, language)
    modules = {m.__file__: _mtime_ns(m.__file__) for name, m in list(sys.modules.items())
               if name.split(".")[0] == "negotrack" and getattr(m, "__file__", None)}
    purelib = sysconfig.get_paths()["purelib"]
    return _Warm(env=env, modules=modules, packages=(purelib, _mtime_ns(purelib)), prefect_server=server,
                 prefect_state=prefect_server.state_dir(settings.data_dir), data_dir=Path(data_dir))


class _Worker:
    def __init__(self, folder: Path, warm: _Warm, idle_s: float, me: WorkerInfo, lock_fd: int) -> None:
        self.folder, self.warm, self.idle_s, self.me = folder, warm, idle_s, me
        self.lock_fd = lock_fd  # worker.lock, held while this worker takes commands
        self.sel = selectors.DefaultSelector()
        self.jobs: dict[int, _Job] = {}
        self.stopping = False
        self.last_used = time.monotonic()
        self.sock_path = folder / "worker.sock"
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        part = folder / f"worker.sock.{os.getpid()}"
        part.unlink(missing_ok=True)
        old_umask = os.umask(0o177)  # the socket file: this user only
        try:
            self.listener.bind(str(part))
        finally:
            os.umask(old_umask)
        self.listener.listen(16)
        os.replace(part, self.sock_path)  # clients see no socket, or one that answers
        self.sel.register(self.listener, selectors.EVENT_READ, self._accept)
        # SIGCHLD and SIGTERM wake the loop through a pipe (no thread, no polling delay)
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)
        os.set_blocking(self.wake_r, False)
        signal.set_wakeup_fd(self.wake_w, warn_on_full_buffer=False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, self._on_stop)
        signal.signal(signal.SIGINT, self._on_stop)
        self.sel.register(self.wake_r, selectors.EVENT_READ, self._drain_wakeups)

    def _on_stop(self, *_: object) -> None:
        self.stopping = True

    def _drain_wakeups(self, _key) -> None:
        with contextlib.suppress(BlockingIOError):
            while os.read(self.wake_r, 512):
                pass

    def loop(self) -> None:
        next_look = 0.0
        while True:
            for key, _ in self.sel.select(timeout=0.5):
                key.data(key)
            self._reap()
            self._kill_abandoned()
            now = time.monotonic()
            if now >= next_look:  # `server stop` removed state.json, or another worker took over
                next_look = now + 1.0
                current = read_state(self.folder)
                if current is None or current.pid != self.me.pid:
                    self.stopping = True
            if self.stopping or (not self.jobs and now - self.last_used > self.idle_s):
                self._close_listener()
                if not self.jobs:
                    return

    def _close_listener(self) -> None:
        """Take no more commands: the socket and state.json go, and so does the lock, so
        that a new worker can start while this one finishes the commands it runs."""
        if self.listener.fileno() < 0:
            return
        with contextlib.suppress(OSError, KeyError, ValueError):
            self.sel.unregister(self.listener)
        self.listener.close()
        with contextlib.suppress(OSError):
            if self.sock_path.exists() and (read_state(self.folder) or self.me).pid == self.me.pid:
                self.sock_path.unlink()
                (self.folder / "state.json").unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            os.close(self.lock_fd)  # the children closed their copies when they started

    def _accept(self, _key) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        fds: list[int] = []
        try:
            conn.settimeout(REQUEST_TIMEOUT_S)
            if not self._same_user(conn):
                conn.close()
                return
            request, fds = _recv_request(conn)
            reason = self._decline_reason(request, fds)
            if reason is not None:
                print(f"{_now()} declined a command: {reason}", flush=True)
                _send_frame(conn, {"status": "declined", "reason": reason})
                conn.close()
                return
            self._start(conn, request, fds)
        except (OSError, EOFError, ValueError) as exc:
            print(f"{_now()} a request failed: {exc}", flush=True)
            conn.close()
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)

    @staticmethod
    def _same_user(conn: socket.socket) -> bool:
        if not hasattr(socket, "SO_PEERCRED"):
            return True  # the socket file's mode (0600, in a 0700 folder) is the guard there
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", creds)
        return uid == os.getuid()

    def _decline_reason(self, request: dict, fds: list[int]) -> str | None:
        if self.stopping:
            return "the worker is stopping"
        if (len(fds) != 3 or not isinstance(request.get("argv"), list) or not isinstance(request.get("env"), dict)
                or not isinstance(request.get("entry"), str) or request["entry"].count(":") != 1):
            return "a malformed request"
        import threading

        reason = self.warm.stale(request["env"])
        if reason is not None:
            reason = f"stale: {reason}"
        elif threading.active_count() != 1:  # never fork a threaded process (the child can deadlock)
            reason = f"the worker has {threading.active_count() - 1} thread(s) besides its main one"
        if reason is not None:
            # retire, and be gone from state.json before the answer: the declined command
            # launches a fresh worker after itself, which must not find this one
            self.stopping = True
            self._close_listener()
        return reason

    def _start(self, conn: socket.socket, request: dict, fds: list[int]) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            self._child(conn, request, list(fds))  # never returns
        self.jobs[pid] = _Job(pid, conn)
        self.last_used = time.monotonic()
        self.me = replace(self.me, served=self.me.served + 1)
        _write_state(self.folder, self.me)
        _send_frame(conn, {"status": "started", "pid": pid})
        conn.setblocking(False)
        self.sel.register(conn, selectors.EVENT_READ, lambda _key, job=self.jobs[pid]: self._from_client(job))

    def _from_client(self, job: _Job) -> None:
        try:
            data = job.conn.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the client is gone: so must its command be
            with contextlib.suppress(KeyError, ValueError):
                self.sel.unregister(job.conn)
            if job.client_gone_at is None:
                job.client_gone_at = time.monotonic()
                with contextlib.suppress(OSError):
                    os.kill(job.pid, signal.SIGTERM)
            return
        job.buffer += data
        while len(job.buffer) >= HEADER.size:
            (size,) = HEADER.unpack(job.buffer[:HEADER.size])
            if len(job.buffer) < HEADER.size + size:
                break
            frame, job.buffer = job.buffer[HEADER.size:HEADER.size + size], job.buffer[HEADER.size + size:]
            with contextlib.suppress(ValueError, TypeError, KeyError, OSError):
                signum = int(json.loads(frame)["signal"])
                if signum in {getattr(signal, n) for n in FORWARDED_SIGNALS if hasattr(signal, n)}:
                    os.kill(job.pid, signum)

    def _kill_abandoned(self) -> None:
        now = time.monotonic()
        for job in self.jobs.values():
            if job.client_gone_at is not None and not job.killed and now - job.client_gone_at > KILL_AFTER_S:
                job.killed = True
                with contextlib.suppress(OSError):
                    os.kill(job.pid, signal.SIGKILL)

    def _reap(self) -> None:
        while self.jobs:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            job = self.jobs.pop(pid, None)
            if job is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            code = 128 - code if code < 0 else code
            with contextlib.suppress(KeyError, ValueError):
                self.sel.unregister(job.conn)
            with contextlib.suppress(OSError):
                job.conn.setblocking(True)
                job.conn.settimeout(2.0)
                _send_frame(job.conn, {"exit": code})
            job.conn.close()
            self.last_used = time.monotonic()

    # ----------------------------------------------------------------------- the child

    def _child(self, conn: socket.socket, request: dict, fds: list[int]) -> None:
        code = 1
        try:
            signal.set_wakeup_fd(-1)
            for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
                signal.signal(sig, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            _die_with_parent()
            keep = set(fds)
            self.sel.close()
            for fd in (self.wake_r, self.wake_w, self.lock_fd, self.listener.fileno(), conn.fileno(),
                       *(job.conn.fileno() for job in self.jobs.values())):
                if fd >= 0 and fd not in keep:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            for target, fd in zip((0, 1, 2), fds):
                if fd != target:
                    os.dup2(fd, target)
            for fd in fds:
                if fd > 2:
                    os.close(fd)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            os.environ["NEGOTRACK_WARM_WORKER"] = "off"  # it runs here: it must not be sent on again
            _reopen_stdio(request.get("stdio") or [])
            sys.argv = ["negotrack", *request["argv"]]
            code = _run_entry(request["entry"])
        except BaseException:  # noqa: BLE001  whatever happens, the child never returns into the worker's loop
            with contextlib.suppress(BaseException):
                import traceback

                traceback.print_exc()
        finally:
            with contextlib.suppress(BaseException):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)


def _die_with_parent() -> None:
    """SIGTERM this child if the worker dies (Linux): a command never outlives its worker
    unseen by its client, which gets no exit status and says so."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _reopen_stdio(encodings: list) -> None:
    """New ``sys.std*`` objects over descriptors 0-2, with the caller's encodings and a
    terminal's line buffering: the worker's were made for its log file."""
    import io

    def spec(i: int, default_errors: str) -> tuple[str, str]:
        enc, errors = (encodings[i] if i < len(encodings) else None) or (None, None)
        return enc or io.text_encoding(None), errors or default_errors

    enc, errors = spec(0, "strict")
    sys.stdin = open(0, encoding=enc, errors=errors, closefd=False)  # noqa: SIM115
    for i, name, default_errors in ((1, "stdout", "strict"), (2, "stderr", "backslashreplace")):
        enc, errors = spec(i, default_errors)
        tty = os.isatty(i)
        stream = open(i, "w", encoding=enc, errors=errors, closefd=False, buffering=1 if tty or i == 2 else -1)  # noqa: SIM115
        setattr(sys, name, stream)


def _run_entry(entry: str) -> int:
    """The command's function (``module:function``) as the interpreter would run a console
    script, then what its exit does (non-daemon threads joined, ``atexit`` handlers run)."""
    import atexit
    import importlib
    import threading

    module, function = entry.split(":")
    try:
        getattr(importlib.import_module(module), function)()
        code = 0
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except KeyboardInterrupt:
        code = 130
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()  # noqa: SLF001  what interpreter shutdown would call
    return code


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _wait_for_exit_of(pid: int, start_time: str | None, idle_s: float) -> None:
    from negotrack.flows.prefect_server import running

    deadline = time.monotonic() + max(idle_s, 60.0)  # a command that runs for ever: warm up anyway
    while time.monotonic() < deadline and running(pid, start_time):
        time.sleep(0.2)


def _take_lock(fd: int, wait_s: float) -> bool:
    """The worker's lock, waiting ``wait_s`` for a retiring worker to let go of it."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)


def _serve(data_dir: Path, idle_s: float, after: tuple[int, str | None] | None) -> None:
    folder = state_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = os.open(folder / "worker.lock", os.O_RDWR | os.O_CREAT, 0o600)
    if not _take_lock(lock, RETIRE_WAIT_S):  # held until this process exits
        return  # another worker runs or is warming up
    from negotrack.flows.prefect_server import process_start_time

    me = WorkerInfo(pid=os.getpid(), start_time=process_start_time(os.getpid()), started_at=_now(), idle_s=idle_s,
                    phase="warming up")
    _write_state(folder, me)
    try:
        if after is not None:
            _wait_for_exit_of(*after, idle_s)
        t0 = time.monotonic()
        warm = _warm_up(data_dir, lambda message: print(f"{_now()} {message}", flush=True))
        import gc

        gc.collect()
        gc.freeze()  # the children's collections leave the inherited objects (and their pages) alone
        me = replace(me, phase="ready", warm_up_s=round(time.monotonic() - t0, 2))
        current = read_state(folder)
        if current is None or current.pid != me.pid:
            return  # `negotrack server stop` while it warmed up
        _write_state(folder, me)
        worker = _Worker(folder, warm, idle_s, me, lock)
    except BaseException:
        if (read_state(folder) or me).pid == me.pid:
            (folder / "state.json").unlink(missing_ok=True)
        raise
    print(f"{_now()} ready after {me.warm_up_s} s (pid {me.pid})", flush=True)
    try:
        worker.loop()
    finally:
        worker._close_listener()
        print(f"{_now()} stopped after {worker.me.served} command(s)", flush=True)


def _launch_detached(data_dir: Path, idle_s: float, after_pid: int | None) -> None:
    """Fork the worker off and exit, so that it is reparented and never in the command's
    process tree (whose watchdog would kill it when the command ends)."""
    from negotrack.flows.prefect_server import process_start_time

    # the command's start time is taken now, while it surely runs: a recycled pid is not waited for
    after = (after_pid, process_start_time(after_pid)) if after_pid else None
    if os.fork():
        os._exit(0)
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    _serve(data_dir, idle_s, after)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog=f"python -m {MODULE}", description="negotrack's warm worker.")
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--idle", type=float, required=True)
    ap.add_argument("--after-pid", type=int, help="warm up once this process (the launching command) has ended")
    args = ap.parse_args(argv)
    _launch_detached(args.data_dir.resolve(), args.idle, args.after_pid)


if __name__ == "__main__":
    main()
