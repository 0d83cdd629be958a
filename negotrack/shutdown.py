"""Stopping cleanly: one shutdown path for every command.

Services get SIGTERM (systemd, container stops, schedulers) and people press Ctrl-C. On
the first SIGTERM or SIGINT a command stops taking new work: the signal becomes a
``StopRequested`` exception in the main thread, the stage under way unwinds (its
transaction rolls back, the run is marked failed), and the command exits with
``EXIT_SIGTERM`` (143) or ``EXIT_SIGINT`` (130). Two guarantees do not depend on that
unwinding going well:

- **A bounded exit.** The first signal arms a deadline (``grace_s``). If the process is
  still alive then (a thread stuck on a cancelled future, a server that does not
  answer), it marks its runs failed, has its child processes killed and leaves with
  ``os._exit``. A second signal, more than ``REPEAT_DEBOUNCE_S`` after the first, does the
  same at once.
- **No process left behind.** ``ChildReaper`` is a tiny watchdog process that notes the
  command's descendants (Prefect's temporary API server, extraction workers) and kills
  them when the command's end of a pipe closes, which happens however the command ends,
  SIGKILL included.

The signal is seen through ``signal.set_wakeup_fd``, so the deadline is armed even when
another library (Prefect, during a flow run) has put its own Python handler in place.
Nothing here imports Prefect.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator

EXIT_SIGINT = 128 + signal.SIGINT  # 130, as shells report Ctrl-C
EXIT_SIGTERM = 128 + signal.SIGTERM  # 143
STOP_GRACE_S = 8.0  # from the first signal to the forced exit
# A repeat this soon after the first signal is the same request (a double key press, or
# a library re-raising the signal it caught), not an insistence.
REPEAT_DEBOUNCE_S = 1.0
_SIGNALS = (signal.SIGTERM, signal.SIGINT)
BACKSTOP_S = 5.0
REAPER_TAGS_ENV = "NEGOTRACK_REAPER_TAGS"  # the watchdog's tags, inherited by every descendant  # after the grace period, the watchdog SIGKILLs a command still alive


class StopRequested(BaseException):
    """The command was asked to stop by a signal (not an error of the work).

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` swallows
    it; but not a KeyboardInterrupt, which the CLI framework would turn into "Aborted!"
    and exit 1."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


def exit_code(signum: int) -> int:
    return EXIT_SIGINT if signum == signal.SIGINT else EXIT_SIGTERM


class Shutdown:
    """The process's signal handling, installed once by the CLI (main thread only).

    ``on_forced_exit`` runs before a forced exit (mark this process's runs failed); it
    must be quick and must not raise."""

    def __init__(self, grace_s: float = STOP_GRACE_S, on_forced_exit: Callable[[], None] | None = None) -> None:
        self.grace_s = grace_s
        self.on_forced_exit = on_forced_exit
        self.reaper: ChildReaper | None = None
        self.first: tuple[int, float] | None = None  # (signal, monotonic time) of the first signal
        self._raised = False
        self._lock = threading.Lock()
        # held by a forced exit from start to os._exit, and by uninstall: a command that
        # has returned is never forced out half-way (a thread inside DuckDB during
        # interpreter shutdown would abort the process)
        self._exit_lock = threading.Lock()
        self._closed = False
        self._timer: threading.Timer | None = None
        self._previous: dict[int, object] = {}
        self._wakeup_previous: int = -1

    # ------------------------------------------------------------------ install

    def install(self) -> None:
        read_end, write_end = os.pipe()
        os.set_blocking(write_end, False)  # set_wakeup_fd needs it; a full pipe only drops bytes
        self._wakeup_previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
        for signum in _SIGNALS:
            self._previous[signum] = signal.signal(signum, self._handler)
        threading.Thread(target=self._watch, args=(read_end,), name="negotrack-shutdown", daemon=True).start()

    def reap_children(self) -> None:
        """Start the watchdog that kills this process's descendants when it ends (call
        before starting any child process; commands that start none never pay for it)."""
        if self.reaper is None:
            self.reaper = ChildReaper()
            self.reaper.start()

    def stop_children(self) -> None:
        """Kill this process's descendants now and wait for it (``serve`` ending: its
        in-flight flow run is a child process)."""
        if self.reaper is not None:
            reaper, self.reaper = self.reaper, None
            reaper.kill_now()

    def uninstall(self) -> None:
        for signum, handler in self.hand_over().items():
            signal.signal(signum, handler)  # type: ignore[arg-type]

    def hand_over(self) -> dict[int, object]:
        """Stop watching (no grace timer, no forced exit, the wake-up descriptor given
        back) but leave the handlers as they are: for a command that now runs elsewhere
        (the warm worker) while its caller's handlers forward signals there. Returns the
        handlers to set once it is done, as ``uninstall`` sets them."""
        with self._exit_lock:  # waits for a forced exit under way (it ends in os._exit)
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
        signal.set_wakeup_fd(self._wakeup_previous)
        # the command has returned and the process is on its way out: a signal now must
        # not kill it by the default action half-way through its exit (exit -15 with
        # nothing said); the watchdog still ends a process that hangs there
        return {signum: signal.SIG_IGN if handler in (signal.SIG_DFL, None) else handler
                for signum, handler in self._previous.items()}

    # ------------------------------------------------------------------ signals

    def _handler(self, signum: int, _frame) -> None:
        """Python-level handler (main thread): the first signal stops the work."""
        self._note(signum)
        if not self._raised:
            self._raised = True
            raise StopRequested(signum)
        # a repeat: the watcher thread decides whether it forces the exit

    def _watch(self, read_end: int) -> None:
        """Every signal's number arrives on the wakeup pipe, whoever handles it in Python."""
        while True:
            try:
                data = os.read(read_end, 16)
            except OSError:
                return
            if not data:
                return
            for signum in data:
                if signum in _SIGNALS:
                    self._note(signum, repeat_forces=True)

    def _note(self, signum: int, repeat_forces: bool = False) -> None:
        now = time.monotonic()
        with self._lock:
            if self.first is None:
                self.first = (signum, now)
                self._timer = threading.Timer(self.grace_s, self.force_exit, args=(signum, "the grace period ran out"))
                self._timer.daemon = True
                self._timer.start()
                if self.reaper is not None:
                    self.reaper.arm(self.grace_s + BACKSTOP_S)
                return
            first_signum, first_at = self.first
        if repeat_forces and now - first_at > REPEAT_DEBOUNCE_S:
            self.force_exit(first_signum, "a second signal")

    # ------------------------------------------------------------------ the forced exit

    def force_exit(self, signum: int, why: str) -> None:
        """Mark the runs failed, kill the children, leave now (from any thread)."""
        if not self._exit_lock.acquire(blocking=False):
            return  # already leaving
        if self._closed or sys.is_finalizing():
            self._exit_lock.release()
            return  # the command has returned: the watchdog is the backstop
        try:
            sys.stderr.write(f"negotrack: stopping now ({why}); the next run completes the work\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - a closed stderr must not stop the exit
            pass
        if self.on_forced_exit is not None:
            with contextlib.suppress(BaseException):
                self.on_forced_exit()
        if self.reaper is not None:
            self.reaper.kill_now()
        os._exit(exit_code(signum))


# The watchdog's own code: standard library only, started with -I -S so it starts fast.
_REAPER_CODE = r"""
import os, select, signal, sys, time
parent, me = int(sys.argv[1]), os.getpid()

def start_time(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None

def descendants(root):
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                with open(f"/proc/{pid}/task/{t}/children") as f:
                    kids = [int(k) for k in f.read().split()]
            except OSError:
                continue
            for k in kids:
                if k != me:
                    out.append(k)
                    todo.append(k)
    return out

known, buffer, deadline = {}, b"", None
while True:
    ready = select.select([0], [], [], 0.25)[0]
    for pid in descendants(parent):
        if pid not in known:
            known[pid] = start_time(pid)
    if ready:
        data = os.read(0, 64)
        if not data:
            break  # the command ended, however it ended
        buffer += data
        *lines, buffer = buffer.split(b"\n")
        if b"k" in lines:
            break
        for line in lines:
            if line.startswith(b"d"):  # the command was signalled: it must be gone by then
                deadline = time.monotonic() + float(line[1:])
    if deadline is not None and time.monotonic() > deadline:
        try:
            os.kill(parent, signal.SIGKILL)  # stuck even past its own forced exit
        except OSError:
            pass
        break
for pid in descendants(parent):
    known.setdefault(pid, start_time(pid))
# A child started in the last poll interval, and already orphaned by the command's death,
# is no longer in the tree: find it by the tag every descendant inherits in its environment.
marker = b"NEGOTRACK_REAPER_TAGS="
tag = sys.argv[2].encode()
for name in os.listdir("/proc"):
    if not name.isdigit() or int(name) in (me, parent):
        continue
    try:
        with open(f"/proc/{name}/environ", "rb") as f:
            env = f.read()
    except OSError:
        continue
    for var in env.split(b"\0"):
        if var.startswith(marker) and tag in var[len(marker):].split(b" "):
            known.setdefault(int(name), start_time(int(name)))
            break
def ignores_sigterm(pid):
    # e.g. multiprocessing's resource tracker: waiting for it to obey SIGTERM is time lost
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("SigIgn:"):
                    return bool(int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1)
    except (OSError, ValueError):
        pass
    return False

alive = [p for p, st in known.items() if st is not None and start_time(p) == st]
for p in alive:
    try:
        os.kill(p, signal.SIGKILL if ignores_sigterm(p) else signal.SIGTERM)
    except OSError:
        pass
def running(pid):
    # a zombie is dead: only its parent (the command, waiting on us) can reap it
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return fields[19] == known[pid] and fields[0] != b"Z"
    except (OSError, IndexError):
        return False

deadline = time.monotonic() + 3
while time.monotonic() < deadline and any(running(p) for p in alive):
    time.sleep(0.05)
for p in alive:
    if running(p):
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass
"""


class ChildReaper:
    """A watchdog process that kills this process's descendants once this process ends
    (or when told to): nothing the command started outlives it, even after a SIGKILL.

    It polls ``/proc`` for the descendants four times a second and remembers each with
    its start time (a recycled PID is never killed). It runs in a session of its own, so
    the Ctrl-C that reaches the command's process group does not reach it. Linux only
    (``/proc``); elsewhere it is not started."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None

    def start(self) -> None:
        if self._proc is not None or not os.path.isdir("/proc"):
            return
        # Every process started from now on inherits this tag (added to any tag of an
        # enclosing command, e.g. `serve`'s): the watchdog finds it by the tag even when
        # it was orphaned before the watchdog's next look at the process tree.
        tag = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        inherited = os.environ.get(REAPER_TAGS_ENV, "").split()
        os.environ[REAPER_TAGS_ENV] = " ".join([*inherited, tag])
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REAPER_CODE, str(os.getpid()), tag],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True,
        )

    def _send(self, message: bytes) -> None:
        if self._proc is not None:
            with contextlib.suppress(OSError, ValueError):
                self._proc.stdin.write(message + b"\n")
                self._proc.stdin.flush()

    def arm(self, seconds: float) -> None:
        """The command was signalled: if it is still alive ``seconds`` from now (stuck
        somewhere its own forced exit cannot reach, such as interpreter shutdown), the
        watchdog SIGKILLs it, then its descendants."""
        self._send(f"d{seconds:.3f}".encode())

    def kill_now(self) -> None:
        """Have the descendants killed now (before a forced exit) and wait briefly."""
        if self._proc is None:
            return
        self._send(b"k")
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._proc.wait(timeout=4)


@contextlib.contextmanager
def graceful(grace_s: float = STOP_GRACE_S, on_forced_exit: Callable[[], None] | None = None,
             reap_children: bool = False) -> Iterator[Shutdown]:
    """Install the shutdown path for the duration of a command (main thread only)."""
    shutdown = Shutdown(grace_s, on_forced_exit)
    if threading.current_thread() is not threading.main_thread():
        yield shutdown
        return
    if reap_children:
        shutdown.reap_children()
    shutdown.install()
    try:
        yield shutdown
    finally:
        shutdown.uninstall()
