"""A warm worker: flow commands run in a process that has already paid the start-up.

Of a warm ``negotrack run`` over a few files, most of the time went into work that is the
same for every command: importing Great Expectations (~2-4 s) and Prefect (~1.4 s), and
compiling the codebook's matchers for three languages (~1 s). The worker does that once
and then forks a child per command, the way pre-fork servers and build daemons do; the
command itself (``negotrack run ...``) is the same code, run in the child with the
caller's arguments, environment, working directory, terminal, umask, priority and
resource limits.

- **Where.** ``<data_dir>/warm-worker/`` (mode 0700, owned by the user; a folder that is
  not is not used): ``worker.sock`` (a Unix socket, 0600), ``state.json`` (pid, start
  time, commands served), ``worker.lock`` (held by the worker while it takes commands:
  "a worker runs" is "the lock is held"), ``worker.log``. Both ends check that the other
  is the same user (``SO_PEERCRED``).
- **A command.** The client (a flow command, standard library only) connects and sends
  its argv, environment and process traits as one JSON frame with its descriptors 0, 1,
  2 and one for its working directory (``SCM_RIGHTS``). The worker forks a child that
  waits; it answers "started" with the child's pid; the client answers "go" and only
  then does the child run the entry point the client names (the console script's). A
  client that gives up or goes away before its "go" (a timeout, Ctrl-C) gets its child
  cancelled unrun, so a command never runs twice (in the worker and then in-process) nor
  unobserved. The worker sends back the exit status (a child killed by signal N gives
  128+N). Signals reaching the client are forwarded: Ctrl-C, SIGTERM, SIGHUP, SIGQUIT
  stop the command through the CLI's usual shutdown path (130, 143); those the caller
  ignores (``nohup``) stay ignored; Ctrl-Z stops it with the client and ``fg`` resumes
  both; SIGWINCH passes on.
- **No orphans.** A client that goes away (killed, even with SIGKILL) closes its socket:
  the worker sends the child SIGTERM, then SIGKILL after the stop grace. A child dies with
  the worker (``PR_SET_PDEATHSIG``); the client then reports a lost worker (exit 1).
- **Life.** A flow command that found no worker runs in-process as before and, once its
  own work is done (not to compete with it for the CPU), launches one detached (double
  fork: never in the command's process tree). The worker stops after
  ``NEGOTRACK_PREFECT_IDLE_S`` without a command, on ``negotrack server stop``, or when a
  request shows it is stale: negotrack's code or the installed packages changed on disk,
  the caller runs another interpreter or installation, its Prefect or Python environment
  differs from the one the worker warmed up with, it has resource limits or a priority
  the worker cannot give a child, or the Prefect server the worker was pointed at is
  gone. It then declines, the command runs in-process and launches a fresh worker after
  itself. A worker that could not attach to the local Prefect server does not serve.
- **Fork safety.** The worker never starts a thread and checks before every fork that it
  has none (``/proc/self/task``: native threads count too; forking a threaded process can
  deadlock the child); it imports and compiles, but never runs a flow, opens a database
  or creates a GX context: those happen in the child. It reads requests without blocking,
  so a client that connects and stalls holds up nobody. ``gc.freeze`` after the warm-up
  keeps the children's collections from touching (and so copying) the inherited objects.

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
import stat
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

try:
    import fcntl
    import resource
except ImportError:  # Windows: no flock, no fork, no SCM_RIGHTS
    fcntl = None  # type: ignore[assignment]
    resource = None  # type: ignore[assignment]

STATE_DIR = "warm-worker"  # under the data directory
MODULE = __spec__.name if __spec__ is not None and __spec__.name != "__main__" else __name__
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, 104 on the BSDs
CONNECT_TIMEOUT_S = 2.0
REQUEST_TIMEOUT_S = 10.0  # a client that does not complete its request, or its "go", in this time is dropped
SEND_TIMEOUT_S = 2.0  # the worker's few-byte answers; a client that does not read them is dropped
MAX_FRAME = 16 * 1024 * 1024
HEADER = struct.Struct("!I")
PASSED_FDS = 4  # stdin, stdout, stderr, the working directory
# Forwarded from the client to its command. SIGTSTP (Ctrl-Z) becomes SIGSTOP there: the
# child's process group is orphaned (the worker is a session of its own), and the kernel
# discards SIGTSTP for those.
FORWARDED_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGTSTP", "SIGCONT", "SIGWINCH")
_ENDING_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")  # a stopped child is continued to take them
# The worker's own handlers (and the parent's default for the job-control ones): blocked
# across fork, so none of them runs in a child before it has reset them.
_CHILD_RESETS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGCHLD", "SIGTSTP", "SIGCONT", "SIGWINCH")
KILL_AFTER_S = 10.0  # a child whose client went away and that ignores SIGTERM
LOG_KEEP_BYTES = 1024 * 1024
RETIRE_WAIT_S = 5.0  # a new worker waits this long for a stale one to exit
REAPER_TAGS_ENV = "NEGOTRACK_REAPER_TAGS"  # negotrack/shutdown.py's: the worker is no command's descendant
# Libraries the worker imports start threads of their own unless told not to, and a fork
# copies none of them (a lock one of them held stays held in the child): OpenBLAS's pool
# (numpy, under Great Expectations) and the background purge threads of the jemalloc
# builds in pyarrow and polars. The worker is started without them; its children share
# that set-up (single-threaded BLAS: negotrack does no linear algebra worth threads).
WORKER_ENV = {"OPENBLAS_NUM_THREADS": "1"}
WORKER_MALLOC_CONF = ("JE_ARROW_MALLOC_CONF", "_RJEM_MALLOC_CONF")  # + "background_thread:false" (the last word wins)
# Native threads that may run in the worker when it forks, by their /proc name (15
# characters). polars (2.x) starts its spill-file cleaner at import, and no setting stops
# it: it waits on a channel the worker never sends to, so it holds no lock at a fork. A
# child has no cleaner: spill files (out-of-core queries only) are left to the next
# polars process's sweep of dead processes' folders.
FORK_TOLERATED_THREADS = frozenset({"polars-ooc-clea"})
# The resource limits a child takes from its caller (setrlimit can lower a hard limit,
# not raise it: a caller allowed more than the worker gets a fresh worker).
LIMITS = ("RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_MEMLOCK",
          "RLIMIT_NOFILE", "RLIMIT_NPROC")

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
            and hasattr(socket, "send_fds") and hasattr(signal, "pthread_sigmask"))


def frozen_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(_FROZEN_ENV_PREFIXES) or k in _FROZEN_ENV_NAMES}


def installation() -> list[str]:
    """The interpreter and the negotrack code this process runs: a caller from another
    virtual environment or checkout must not run this worker's code."""
    import negotrack

    import sysconfig

    # sys.prefix and purelib: two virtual environments share one interpreter (their
    # python is a link to it) and differ in these
    return [os.path.realpath(sys.executable), os.path.realpath(sys.prefix),
            os.path.realpath(sysconfig.get_paths()["purelib"]),
            os.path.realpath(os.path.dirname(negotrack.__file__)), os.path.realpath(__file__)]


def process_traits() -> dict:
    """What a command inherits from its shell that the worker's child would otherwise take
    from the worker: the umask, the priority, the resource limits."""
    umask = os.umask(0o022)
    os.umask(umask)
    nice = os.getpriority(os.PRIO_PROCESS, 0) if hasattr(os, "getpriority") else None
    limits = {name: list(resource.getrlimit(getattr(resource, name)))
              for name in LIMITS if resource is not None and hasattr(resource, name)}
    return {"umask": umask, "nice": nice, "limits": limits}


def private_folder(folder: Path) -> bool:
    """``folder`` is a real directory of this user that nobody else can enter: the only
    kind where a socket found in it is trusted, or a worker started."""
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def peer_is_same_user(sock: socket.socket) -> bool:
    if not hasattr(socket, "SO_PEERCRED"):
        return True  # the socket file's mode (0600, in a private folder) is the guard there
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def _signals(names: tuple[str, ...]) -> set[int]:
    return {getattr(signal, n) for n in names if hasattr(signal, n)}


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
    frame = json.loads(_recv_exact(sock, size))
    if not isinstance(frame, dict):
        raise ValueError("a frame that is not an object")
    return frame


def _split_frames(buffer: bytes) -> tuple[list[dict], bytes]:
    """The complete frames at the head of ``buffer`` and what remains of it."""
    frames = []
    while len(buffer) >= HEADER.size:
        (size,) = HEADER.unpack(buffer[:HEADER.size])
        if size > MAX_FRAME:
            raise ValueError(f"frame of {size} bytes")
        if len(buffer) < HEADER.size + size:
            break
        frame = json.loads(buffer[HEADER.size:HEADER.size + size])
        if not isinstance(frame, dict):
            raise ValueError("a frame that is not an object")
        frames.append(frame)
        buffer = buffer[HEADER.size + size:]
    return frames, buffer


# --------------------------------------------------------------------------- the client (commands)


class WorkerLostError(RuntimeError):
    """The worker ended while it ran the command (the message says what to do)."""


def delegate(data_dir: Path, entry: str, argv: list[str],
             on_accepted: Callable[[], dict[int, object] | None] | None = None) -> int | None:
    """Run this command in the data directory's warm worker: ``entry`` (``module:function``,
    the console script's: the worker knows nothing of the CLI) with ``argv`` (without the
    program name) as ``sys.argv[1:]``; return its exit status; None when no worker took it
    (none runs, it is stale or still warming up, it did not answer in time, or a stop
    signal came first): the caller then runs the command itself, and it has not run
    anywhere else. ``on_accepted`` runs once the command is the worker's: the caller's own
    stop handling steps aside without touching the signal handlers (they forward signals
    from then on), and may return the handlers to set once the command is done.

    Raises ``WorkerLostError`` when the worker ended before the command did."""
    if not supported():
        return None
    try:
        folder = state_dir(data_dir)
        path = folder / "worker.sock"
        if len(os.fsencode(str(path))) > MAX_SOCKET_PATH or not private_folder(folder) or not path.exists():
            return None
        for fd in (0, 1, 2):
            os.fstat(fd)  # a closed descriptor cannot be passed: run in-process
        cwd_fd = os.open(".", getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError:  # no socket to be had (out of descriptors): nothing was sent
        os.close(cwd_fd)
        return None
    try:
        with _ClientSignals() as signals:
            try:
                sock.settimeout(CONNECT_TIMEOUT_S)
                sock.connect(str(path))
                if not peer_is_same_user(sock):
                    return None
                sock.settimeout(REQUEST_TIMEOUT_S)
                _send_frame(sock, _request(entry, argv, signals.ignored), fds=[0, 1, 2, cwd_fd])
                reply = _recv_frame(sock)
            except (OSError, EOFError, ValueError):
                return None  # no worker listening (a stale socket file), it went away, or it did not answer in time
            if reply.get("status") != "started" or signals.held:
                # declined, or the user stopped this command while it waited: the
                # worker's child was never told to go, and goes when the socket closes
                return None
            try:
                _send_frame(sock, {"go": True})
            except OSError:
                return None
            sock.settimeout(None)
            # a signal handled since the look at ``held`` is in it now: forwarded with the
            # rest (a signal may reach another thread, so blocking here would not hold it)
            signals.forward_to(sock)
            if on_accepted is not None:
                signals.previous.update({signum: handler for signum, handler in (on_accepted() or {}).items()
                                         if signum in signals.previous})
            return _wait_for_exit(sock, int(reply["pid"]), folder)
    finally:
        sock.close()
        os.close(cwd_fd)


def _request(entry: str, argv: list[str], ignored: set[int] | None = None) -> dict:
    try:
        cwd = os.getcwd()
    except OSError:  # removed since: the descriptor still reaches it
        cwd = ""
    return {"entry": entry, "argv": argv, "cwd": cwd, "env": dict(os.environ), "stdio": _stdio_encodings(),
            "installation": installation(), "ignored_signals": sorted(ignored or ()), **process_traits()}


def _stdio_encodings() -> list[list[str | None]]:
    return [[getattr(s, "encoding", None), getattr(s, "errors", None)] for s in (sys.stdin, sys.stdout, sys.stderr)]


@contextlib.contextmanager
def _blocked(signums: set[int]) -> Iterator[None]:
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signums)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _ClientSignals:
    """The client's signals while it deals with the worker: held until the command is the
    worker's (and handled again here if it never becomes so: the command then stops
    in-process, as it would have without a worker), forwarded after. A signal the caller
    ignores (``nohup``'s SIGHUP) is left ignored here and in the command's child
    (``ignored``, sent with the request)."""

    def __init__(self) -> None:
        self.held: list[int] = []
        self.sock: socket.socket | None = None
        self.previous: dict[int, Callable | int | None] = {}
        self.ignored: set[int] = set()

    def __enter__(self) -> _ClientSignals:
        self.ignored = {s for s in _signals(FORWARDED_SIGNALS) if signal.getsignal(s) == signal.SIG_IGN}
        self._install()
        return self

    def _install(self) -> None:
        for signum in _signals(FORWARDED_SIGNALS) - self.ignored:
            self.previous[signum] = signal.signal(signum, self._on_signal)

    def forward_to(self, sock: socket.socket) -> None:
        """Forward from now on, starting with what was held: the caller looked at
        ``held`` before it said "go", so whatever is in it came after and belongs to
        the command."""
        self.sock = sock
        late, self.held = self.held, []
        for signum in late:
            self._forward(signum)

    def _on_signal(self, signum: int, _frame) -> None:
        if self.sock is None:
            if signum not in _signals(("SIGCONT", "SIGWINCH")):
                self.held.append(signum)
            return
        self._forward(signum)

    def _forward(self, signum: int) -> None:
        with contextlib.suppress(OSError):
            _send_frame(self.sock, {"signal": signum})
        if signum == getattr(signal, "SIGTSTP", None):
            os.kill(os.getpid(), signal.SIGSTOP)  # stop beside the command: the shell sees a stopped job

    def __exit__(self, *_exc: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if self.sock is None:
            for signum in self.held:
                handler = self.previous.get(signum)
                if callable(handler):
                    # called, not raised again: a handler that also watches the wake-up
                    # pipe (negotrack/shutdown.py) saw this signal arrive once already,
                    # and a raised copy would look like a second one
                    handler(signum, None)
                else:
                    signal.raise_signal(signum)


def _wait_for_exit(sock: socket.socket, child: int, folder: Path) -> int:
    """Wait for the command's exit status (the signals are forwarded meanwhile)."""
    try:
        reply = _recv_frame(sock)
        code = int(reply["exit"])
    except (OSError, EOFError, ValueError, KeyError, TypeError):
        raise WorkerLostError(
            f"the warm worker ended before the command did (its command process {child} was stopped; log: "
            f"{folder / 'worker.log'}); run the command again") from None
    if reply.get("ran") is False:  # its process ended before the "go" reached it: not a status of the command
        raise WorkerLostError(
            f"the warm worker's process for this command ended before the command began (status {code}; log: "
            f"{folder / 'worker.log'}); nothing ran: run the command again")
    return code


def running_worker(data_dir: Path) -> WorkerInfo | None:
    """The data directory's worker if its process runs."""
    folder = state_dir(data_dir)
    if not private_folder(folder):  # another user's, or a link: nothing in it is ours to trust
        return None
    info = read_state(folder)
    return info if info is not None and _running(info) else None


def launch(data_dir: Path, idle_s: float, env: dict[str, str], after_pid: int | None = None) -> bool:
    """Start a worker for ``data_dir`` detached unless one runs or is warming up; True
    when one was launched. Returns at once; anything in the way (a folder that is not
    private, no room for the log) means no worker, never a failed command.

    Call it before the command starts any child process: the worker is forked off by a
    launcher that exits at once, so it is never in the command's process tree, where the
    command's watchdog (negotrack/shutdown.py) would kill it when the command ends. With
    ``after_pid`` (the command) it waits for that process to end before it warms up, so
    that it does not compete with the command for the CPU."""
    if not supported():
        return False
    folder = state_dir(data_dir)
    try:
        if len(os.fsencode(str(folder / "worker.sock"))) > MAX_SOCKET_PATH:
            return False
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not private_folder(folder) or running_worker(data_dir) is not None:
            return False  # one is ready or warming up (a retiring one has removed its state.json)
        log = folder / "worker.log"
        with contextlib.suppress(OSError):
            if log.stat().st_size > LOG_KEEP_BYTES:
                os.replace(log, log.with_name(log.name + ".1"))
        with open(log, "ab") as logfh:
            # -P and the state folder as cwd: nothing in the command's directory (a
            # negotrack/ or typer.py there) shadows the installed code in the worker
            launcher = subprocess.Popen(
                [sys.executable, "-P", "-m", MODULE, "--data-dir", str(Path(data_dir).resolve()),
                 "--idle", repr(float(idle_s)), *(["--after-pid", str(after_pid)] if after_pid else [])],
                env=worker_env(env), cwd=folder, stdin=subprocess.DEVNULL,
                stdout=logfh, stderr=logfh, start_new_session=True, close_fds=True,
            )
        try:
            launcher.wait(timeout=30)  # it forks the worker off and exits at once
        except subprocess.TimeoutExpired:
            launcher.kill()
            launcher.wait()
            return False
    except OSError:
        return False
    return launcher.returncode == 0


def worker_env(env: dict[str, str]) -> dict[str, str]:
    """The worker's environment: the launching command's, without the watchdog's tag, with
    the libraries' own threads turned off (see ``WORKER_ENV``)."""
    out = {k: v for k, v in env.items() if k != REAPER_TAGS_ENV}
    out.update(WORKER_ENV)
    for name in WORKER_MALLOC_CONF:
        out[name] = ",".join(filter(None, (out.get(name), "background_thread:false")))
    return out


def stop(data_dir: Path, wait_s: float = 5.0) -> WorkerInfo | None:
    """Ask the data directory's worker to stop (None: none ran). Commands it is running
    finish first; it takes no new ones."""
    folder = state_dir(data_dir)
    if not private_folder(folder):  # another user's, or a link: not a pid to signal
        return None
    info = read_state(folder)
    with contextlib.suppress(OSError):
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
class _Pending:
    """A connection whose request is still arriving (read without blocking)."""

    conn: socket.socket
    deadline: float
    data: bytes = b""
    fds: list[int] = field(default_factory=list)


@dataclass
class _Job:
    pid: int
    conn: socket.socket
    go_w: int | None  # the child waits on this pipe until the client's "go"; closed unwritten: cancelled
    go_deadline: float
    buffer: bytes = b""
    client_gone_at: float | None = None
    killed: bool = False
    went: bool = False  # the child was told to go (it may have run the command)


@dataclass
class _Warm:
    """What the worker warmed up with: a request that differs gets a fresh process."""

    env: dict[str, str]
    modules: dict[str, int]  # negotrack's source files -> mtime_ns
    packages: tuple[str, int]  # site-packages folder -> mtime_ns (a package installed or removed)
    prefect_server: tuple[int, str | None] | None  # (pid, start time) of the local server pointed at
    prefect_state: Path | None = None
    data_dir: Path = field(default=Path("."))
    installation: list[str] = field(default_factory=list)

    def stale(self, env: dict[str, str], installation: list[str] | None = None) -> str | None:
        if installation is not None and installation != self.installation:
            return "another Python or negotrack installation"
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


def unreproducible(traits: dict) -> str | None:
    """Why a child of this process cannot take on a caller's ``traits`` (``process_traits``)."""
    mine = process_traits()
    nice = traits.get("nice")
    if nice is not None and mine["nice"] is not None and nice < mine["nice"] and os.geteuid() != 0:
        return "the caller runs at a higher priority than the worker"
    for name, (soft, hard) in sorted(traits["limits"].items()):
        if name not in mine["limits"]:
            continue
        if os.geteuid() != 0 and not _within(hard, mine["limits"][name][1]):
            return f"the caller's {name} is above the worker's"
    return None


def _within(value: int, limit: int) -> bool:
    infinity = resource.RLIM_INFINITY
    return limit == infinity or (value != infinity and value <= limit)


def _mtime_ns(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


def _unsafe_threads() -> list[str]:
    """The threads besides the main one that make a fork unsafe: every Python thread, and
    every native one (/proc/self/task) but the tolerated."""
    import threading

    names = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    with contextlib.suppress(OSError):
        for tid in os.listdir("/proc/self/task"):
            if int(tid) != os.getpid():
                with contextlib.suppress(OSError):
                    name = Path(f"/proc/self/task/{tid}/comm").read_text().strip()
                    if name not in FORK_TOLERATED_THREADS and name not in names:
                        names.append(name)
    return names


def _open_fds() -> set[int]:
    try:
        listed = {int(n) for n in os.listdir("/proc/self/fd")}
    except OSError:
        listed = set(range(256))
    return {fd for fd in listed if _is_open(fd)}  # not the listing's own descriptor, closed by now


def _identity(fd: int) -> tuple[int, int] | None:
    try:
        st = os.fstat(fd)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def _well_formed(request: dict) -> bool:
    """The request has the shape ``delegate`` gives it (anything else is declined, not a
    crash of the worker's loop)."""
    def ints(values: object) -> bool:
        return isinstance(values, list) and len(values) == 2 and all(isinstance(v, int) for v in values)

    return (isinstance(request.get("argv"), list) and all(isinstance(a, str) for a in request["argv"])
            and isinstance(request.get("env"), dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in request["env"].items())
            and isinstance(request.get("installation"), list)
            and isinstance(request.get("entry"), str) and request["entry"].count(":") == 1
            and isinstance(request.get("umask"), int) and isinstance(request.get("nice", 0), (int, type(None)))
            and isinstance(request.get("limits"), dict) and all(ints(v) for v in request["limits"].values())
            and isinstance(request.get("ignored_signals", []), list)
            and all(isinstance(v, int) for v in request.get("ignored_signals", [])))


class NotServing(RuntimeError):
    """The warm-up found a reason not to take commands (said in the worker's log)."""


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
    if settings.prefect_server == "persistent" and not os.environ.get("PREFECT_API_URL"):
        attached = prefect_server.attach(settings.data_dir, settings.prefect_idle_s, log)
        if attached is None:  # Prefect would be frozen without the server's address
            raise NotServing("the local Prefect server could not be used")
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
    if threads := _unsafe_threads():  # a library started one: every fork would be refused
        raise NotServing(f"threads started during the warm-up ({', '.join(sorted(threads))})")
    purelib = sysconfig.get_paths()["purelib"]
    return _Warm(env=env, modules=modules, packages=(purelib, _mtime_ns(purelib)), prefect_server=server,
                 prefect_state=prefect_server.state_dir(settings.data_dir), data_dir=Path(data_dir),
                 installation=installation())


class _Worker:
    def __init__(self, folder: Path, warm: _Warm, idle_s: float, me: WorkerInfo, lock_fd: int) -> None:
        self.folder, self.warm, self.idle_s, self.me = folder, warm, idle_s, me
        self.lock_fd = lock_fd  # worker.lock, held while this worker takes commands
        # descriptors the imported libraries hold (their objects close them): a child keeps
        # these and closes every other one the worker has
        self.library_fds = {fd: _identity(fd) for fd in _open_fds() - {0, 1, 2, lock_fd}}
        self.sel = selectors.DefaultSelector()
        self.pending: dict[int, _Pending] = {}  # by descriptor
        self.jobs: dict[int, _Job] = {}  # by child pid
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
        self.listener.setblocking(False)
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
                try:
                    key.data(key)
                except Exception:  # noqa: BLE001  one bad request must not end the worker
                    import traceback

                    self._log(f"unexpected error: {traceback.format_exc()}")
            self._reap()
            self._expire()
            now = time.monotonic()
            if now >= next_look:  # `server stop` removed state.json, or another worker took over
                next_look = now + 1.0
                current = read_state(self.folder)
                if current is None or current.pid != self.me.pid:
                    self.stopping = True
            if self.stopping or (not self.jobs and not self.pending and now - self.last_used > self.idle_s):
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
            os.close(self.lock_fd)  # the children close their copies when they start
        for pending in list(self.pending.values()):
            self._drop(pending, "the worker is stopping")

    def _log(self, message: str) -> None:
        print(f"{_now()} {message}", flush=True)

    def _write_state(self) -> None:
        with contextlib.suppress(OSError):  # the count is for `server status`: a full disk must not fail a command
            if (read_state(self.folder) or self.me).pid == self.me.pid and not self.stopping:
                _write_state(self.folder, self.me)

    # ----------------------------------------------------------------------- requests

    def _accept(self, _key) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        if not peer_is_same_user(conn):
            conn.close()
            return
        conn.setblocking(False)
        pending = _Pending(conn, time.monotonic() + REQUEST_TIMEOUT_S)
        self.pending[conn.fileno()] = pending
        self.sel.register(conn, selectors.EVENT_READ, lambda _key, p=pending: self._read_request(p))

    def _read_request(self, pending: _Pending) -> None:
        try:
            while True:
                data, fds, _flags, _addr = socket.recv_fds(pending.conn, 64 * 1024, PASSED_FDS)
                pending.fds += fds
                if not data:
                    raise EOFError("the client left before its request was complete")
                pending.data += data
                frames, rest = _split_frames(pending.data)
                if frames:
                    break
        except BlockingIOError:
            return
        except (OSError, EOFError, ValueError) as exc:
            self._drop(pending, f"a request failed: {exc}")
            return
        self.sel.unregister(pending.conn)
        del self.pending[pending.conn.fileno()]
        conn, fds = pending.conn, pending.fds
        try:
            conn.setblocking(True)
            conn.settimeout(SEND_TIMEOUT_S)
            request = frames[0]
            reason = "a malformed request" if rest or len(frames) > 1 else self._decline_reason(request, fds)
            if reason is not None:
                self._log(f"declined a command: {reason}")
                with contextlib.suppress(OSError):
                    _send_frame(conn, {"status": "declined", "reason": reason})
                conn.close()
                return
            self._start(conn, request, fds)
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _drop(self, pending: _Pending, why: str) -> None:
        self._log(why)
        with contextlib.suppress(KeyError, ValueError):
            self.sel.unregister(pending.conn)
        self.pending.pop(pending.conn.fileno(), None)
        pending.conn.close()
        for fd in pending.fds:
            with contextlib.suppress(OSError):
                os.close(fd)

    def _decline_reason(self, request: dict, fds: list[int]) -> str | None:
        if self.stopping:
            return "the worker is stopping"
        if len(fds) != PASSED_FDS or not _well_formed(request):
            return "a malformed request"
        reason = self.warm.stale(request["env"], request["installation"]) or unreproducible(request)
        if reason is not None:
            reason = f"stale: {reason}"
        elif threads := _unsafe_threads():  # never fork a threaded process (the child can deadlock)
            reason = f"the worker has threads besides its main one ({', '.join(sorted(threads))})"
        if reason is not None:
            # retire, and be gone from state.json before the answer: the declined command
            # launches a fresh worker after itself, which must not find this one
            self.stopping = True
            self._close_listener()
        return reason

    def _start(self, conn: socket.socket, request: dict, fds: list[int]) -> None:
        """Fork the command's child, which waits for the client's "go" (see ``_child``)."""
        sys.stdout.flush()
        sys.stderr.flush()
        go_r, go_w = os.pipe()
        with _blocked(_signals(_CHILD_RESETS)):
            try:
                pid = os.fork()
            except OSError as exc:
                os.close(go_r)
                os.close(go_w)
                self._log(f"could not start a command: {exc}")
                conn.close()
                return
            if pid == 0:
                os.close(go_w)  # only the worker writes "go": end-of-file when it closes its end
                self._child(conn, request, fds, go_r)  # never returns
        os.close(go_r)
        job = _Job(pid, conn, go_w, time.monotonic() + REQUEST_TIMEOUT_S)
        self.jobs[pid] = job
        self.last_used = time.monotonic()
        try:
            _send_frame(conn, {"status": "started", "pid": pid})
            conn.setblocking(False)
            self.sel.register(conn, selectors.EVENT_READ, lambda _key, job=job: self._from_client(job))
        except OSError as exc:
            self._cancel(job, f"could not answer a client ({exc})")

    def _cancel(self, job: _Job, why: str) -> None:
        """The client never said "go": its child ends without running the command."""
        self._log(f"cancelled a command before it ran: {why}")
        if job.go_w is not None:
            os.close(job.go_w)  # the child reads end-of-file and exits
            job.go_w = None
        with contextlib.suppress(KeyError, ValueError):
            self.sel.unregister(job.conn)
        job.conn.close()

    def _go(self, job: _Job) -> None:
        try:
            os.write(job.go_w, b"g")
            job.went = True
        except OSError as exc:  # the child died waiting: _reap tells the client it never ran
            self._log(f"a command's process ended before it was told to go ({exc})")
        os.close(job.go_w)
        job.go_w = None
        if job.went:
            self.me = replace(self.me, served=self.me.served + 1)
            self._write_state()

    def _from_client(self, job: _Job) -> None:
        try:
            data = job.conn.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the client is gone: so must its command be
            if job.go_w is not None:
                self._cancel(job, "the client left")
                return
            with contextlib.suppress(KeyError, ValueError):
                self.sel.unregister(job.conn)
            if job.client_gone_at is None:
                job.client_gone_at = time.monotonic()
                self._signal(job, signal.SIGTERM)
            return
        try:
            frames, job.buffer = _split_frames(job.buffer + data)
        except ValueError:
            frames, job.buffer = [], b""
        for frame in frames:
            if job.go_w is not None:
                if frame.get("go") is True:
                    self._go(job)
                continue  # nothing else counts before it
            with contextlib.suppress(ValueError, TypeError, KeyError):
                signum = int(frame["signal"])
                if signum in _signals(FORWARDED_SIGNALS):
                    self._signal(job, signum)

    @staticmethod
    def _signal(job: _Job, signum: int) -> None:
        if signum == getattr(signal, "SIGTSTP", None):
            signum = signal.SIGSTOP
        with contextlib.suppress(OSError):
            os.kill(job.pid, signum)
            if signum in _signals(_ENDING_SIGNALS):
                os.kill(job.pid, signal.SIGCONT)  # a command stopped with Ctrl-Z takes it at once

    def _expire(self) -> None:
        now = time.monotonic()
        for pending in [p for p in self.pending.values() if now > p.deadline]:
            self._drop(pending, "a client sent no complete request in time")
        for job in self.jobs.values():
            if job.go_w is not None and now > job.go_deadline:
                self._from_client(job)  # a "go" that came since the select still counts
                if job.go_w is not None and job.conn.fileno() >= 0:
                    self._cancel(job, "the client did not confirm in time")
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
            if job.go_w is not None:
                os.close(job.go_w)
            if job.conn.fileno() >= 0:
                with contextlib.suppress(KeyError, ValueError):
                    self.sel.unregister(job.conn)
                with contextlib.suppress(OSError):
                    job.conn.setblocking(True)
                    job.conn.settimeout(SEND_TIMEOUT_S)
                    _send_frame(job.conn, {"exit": code, "ran": job.went})
                job.conn.close()
            self.last_used = time.monotonic()

    # ----------------------------------------------------------------------- the child

    def _child(self, conn: socket.socket, request: dict, fds: list[int], go_r: int) -> None:
        """In the forked child: wait for "go", become the caller's process, run its command.
        Never returns into the worker's loop."""
        try:
            signal.set_wakeup_fd(-1)
            for signum in _signals(_CHILD_RESETS):
                signal.signal(signum, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            for signum in set(request.get("ignored_signals") or ()) & _signals(FORWARDED_SIGNALS):
                signal.signal(signum, signal.SIG_IGN)  # as the caller had it (nohup: a hang-up is no stop)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _signals(_CHILD_RESETS))
            _die_with_parent(self.me.pid)
            self._let_go_of_worker_objects(conn)
            if os.read(go_r, 1) != b"g":
                os._exit(0)  # cancelled: the command does not run here
            for target, fd in enumerate(fds[:3]):
                os.dup2(fd, target)
            os.fchdir(fds[3])
            for fd in _open_fds() - {0, 1, 2}:
                if self.library_fds.get(fd) != _identity(fd):  # by file, not number: a number can be reused
                    with contextlib.suppress(OSError):
                        os.close(fd)  # the worker's: its lock, socket, pipes, log, other clients' descriptors
            _take_on(request)
            os.environ.clear()
            os.environ.update(request["env"])
            os.environ["NEGOTRACK_WARM_WORKER"] = "off"  # it runs here: it must not be sent on again
            _reopen_stdio(request.get("stdio") or [])
            sys.argv = ["negotrack", *request["argv"]]
        except KeyboardInterrupt:  # a SIGINT before the command began: interrupted, as the interpreter says it
            os._exit(130)
        except BaseException as exc:  # noqa: BLE001  one line on the caller's terminal, never the worker's loop
            with contextlib.suppress(BaseException):
                os.write(2, (f"error: the warm worker could not start this command ({type(exc).__name__}: {exc}); "
                             "run it again with NEGOTRACK_WARM_WORKER=off\n").encode(errors="replace"))
            os._exit(1)
        code = 1
        try:
            code = _run_entry(request["entry"])
        finally:
            os._exit(code)

    def _let_go_of_worker_objects(self, conn: socket.socket) -> None:
        """Close the worker's selector, lock, wake-up pipe and other clients' sockets and
        "go" pipes before waiting (a cancelled sibling must see its pipe's end), detaching
        the socket objects first: no finaliser may later close a number the command reuses."""
        self.sel.close()
        sockets = (self.listener, conn, *(p.conn for p in self.pending.values()), *(j.conn for j in self.jobs.values()))
        numbers = [s.detach() for s in sockets if s.fileno() >= 0]
        numbers += [self.lock_fd, self.wake_r, self.wake_w, *(j.go_w for j in self.jobs.values() if j.go_w is not None)]
        for fd in numbers:
            with contextlib.suppress(OSError):
                os.close(fd)


def _take_on(request: dict) -> None:
    """The caller's umask, priority and resource limits (``unreproducible`` said they can be had)."""
    os.umask(int(request["umask"]))
    nice = request.get("nice")
    if nice is not None and hasattr(os, "setpriority") and os.getpriority(os.PRIO_PROCESS, 0) != nice:
        os.setpriority(os.PRIO_PROCESS, 0, int(nice))
    for name, (soft, hard) in request["limits"].items():
        if resource is not None and hasattr(resource, name):
            which = getattr(resource, name)
            if list(resource.getrlimit(which)) != [soft, hard]:
                resource.setrlimit(which, (int(soft), int(hard)))


def _die_with_parent(parent: int) -> None:
    """SIGTERM this child if the worker dies (Linux): a command never outlives its worker
    unseen by its client, which gets no exit status and says so."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the worker died before the request took effect
        os._exit(1)


def _reopen_stdio(encodings: list) -> None:
    """New ``sys.std*`` objects over descriptors 0-2, with the caller's encodings and a
    terminal's line buffering: the worker's were made for its log file."""
    import io

    def spec(i: int, default_errors: str) -> tuple[str, str]:
        enc, errors = (encodings[i] if i < len(encodings) else None) or (None, None)
        return enc or io.text_encoding(None), errors or default_errors

    replaced = {id(sys.stdout): 1, id(sys.stderr): 2, id(sys.__stdout__): 1, id(sys.__stderr__): 2}
    enc, errors = spec(0, "strict")
    sys.stdin = open(0, encoding=enc, errors=errors, closefd=False)  # noqa: SIM115
    for i, name, default_errors in ((1, "stdout", "strict"), (2, "stderr", "backslashreplace")):
        enc, errors = spec(i, default_errors)
        tty = os.isatty(i)
        stream = open(i, "w", encoding=enc, errors=errors, closefd=False, buffering=1 if tty or i == 2 else -1)  # noqa: SIM115
        setattr(sys, name, stream)
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
    _repoint_log_handlers(replaced)


def _repoint_log_handlers(replaced: dict[int, int]) -> None:
    """Log handlers made in the worker over its stdout or stderr (Prefect's console handler
    is configured at import) write to the caller's instead; a rich console in one (Prefect's)
    looks at the new stream again, so that a terminal gets colour."""
    import logging

    loggers = [logging.getLogger(), *(lg for lg in logging.Logger.manager.loggerDict.values()
                                      if isinstance(lg, logging.Logger))]
    for handler in {h for lg in loggers for h in lg.handlers}:
        fd = replaced.get(id(getattr(handler, "stream", None)))
        if fd is None or not isinstance(handler, logging.StreamHandler):
            continue
        stream = sys.stdout if fd == 1 else sys.stderr
        handler.setStream(stream)
        console = getattr(handler, "console", None)
        if console is not None and hasattr(console, "file"):
            with contextlib.suppress(Exception):  # rich's, made without explicit sizes or colour (Prefect's)
                _refresh_console(console, stream)


def _refresh_console(console, stream) -> None:
    """What a rich console decides once, when it is made, from its stream and environment
    (colour system, NO_COLOR, COLUMNS and LINES, interactivity), decided again for the
    caller's: the worker made it over its log file, in its own environment."""
    environ = os.environ  # the caller's by now; rich reads FORCE_COLOR and TTY_COMPATIBLE from it live
    console.file = stream
    console.no_color = environ.get("NO_COLOR", "") != ""
    columns, lines = environ.get("COLUMNS", ""), environ.get("LINES", "")
    console._width = int(columns) if columns.isdigit() else None  # noqa: SLF001
    console._height = int(lines) if lines.isdigit() else None  # noqa: SLF001
    interactive = {"0": False, "1": True}.get(environ.get("TTY_INTERACTIVE", ""))
    console.is_interactive = (console.is_terminal and not console.is_dumb_terminal) if interactive is None else interactive
    console._color_system = console._detect_color_system()  # noqa: SLF001


def _run_entry(entry: str) -> int:
    """The command's function (``module:function``) as the interpreter runs a console
    script, then what its exit does: an uncaught exception printed by ``sys.excepthook``,
    non-daemon threads joined (and threading's own exit callbacks run), ``atexit``
    handlers run, the standard streams flushed."""
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
    except BaseException:  # noqa: BLE001  what the interpreter does with an uncaught exception
        sys.excepthook(*sys.exc_info())
        code = 1
    with contextlib.suppress(BaseException):
        threading._shutdown()  # noqa: SLF001  what interpreter shutdown calls first
    with contextlib.suppress(BaseException):
        atexit._run_exitfuncs()  # noqa: SLF001  then this
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BaseException):
            stream.flush()
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
    if not private_folder(folder):
        print(f"{_now()} not serving: {folder} is not a private folder of this user", flush=True)
        return
    lock = os.open(folder / "worker.lock", os.O_RDWR | os.O_CREAT, 0o600)
    if not _take_lock(lock, RETIRE_WAIT_S):  # held until this process exits
        return  # another worker runs or is warming up
    from negotrack.flows.prefect_server import process_start_time

    me = WorkerInfo(pid=os.getpid(), start_time=process_start_time(os.getpid()), started_at=_now(), idle_s=idle_s,
                    phase="warming up")
    _write_state(folder, me)
    worker = None
    try:
        if after is not None:
            _wait_for_exit_of(*after, idle_s)
        t0 = time.monotonic()
        warm = _warm_up(data_dir, lambda message: print(f"{_now()} {message}", flush=True))
        import gc

        gc.collect()
        gc.freeze()  # the children's collections leave the inherited objects (and their pages) alone
        current = read_state(folder)
        if current is None or current.pid != me.pid:
            return  # `negotrack server stop` while it warmed up
        me = replace(me, phase="ready", warm_up_s=round(time.monotonic() - t0, 2))
        worker = _Worker(folder, warm, idle_s, me, lock)  # the socket is bound and listening ...
        _write_state(folder, me)  # ... before `server status` can say "ready"
    except NotServing as exc:
        print(f"{_now()} not serving: {exc}", flush=True)
        return
    finally:
        if worker is None and (read_state(folder) or me).pid == me.pid:
            (folder / "state.json").unlink(missing_ok=True)
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
    os.close(devnull)
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
