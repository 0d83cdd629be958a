"""The warm worker's protocol with real processes but no warm-up (flows/warm_worker.py): a
bare worker (the real ``_Worker`` loop, with nothing imported) serves probe commands from
a module of this test, to clients that are real processes calling ``delegate``, or raw
sockets that misbehave on purpose.

What it pins down: a command runs as its caller (working directory, umask, priority,
resource limits, environment, descriptors: none of the worker's), a client that never
confirms never has its command run, a stalled client holds up nobody, a malformed request
is declined and the worker goes on, Ctrl-Z and ``fg`` stop and resume the command with its
client, an uncaught exception ends the command the way the interpreter would (traceback,
status 1, threads joined, ``atexit`` run). tests/reliability/test_warm_worker.py runs the
real, warmed-up worker with the CLI.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import signal
import socket
import subprocess
import shutil
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from negotrack.flows import warm_worker
from reliability.helpers import alive, poll

pytestmark = pytest.mark.slow

NOT_TAKEN = 99  # the client's exit status when no worker took the command

PROBE = '''
import atexit, json, os, resource, sys, threading, time

def report():
    fds = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            fds[name] = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            pass
    print(json.dumps({"cwd": os.getcwd(), "umask": os.umask(0), "nice": os.getpriority(os.PRIO_PROCESS, 0),
                      "nofile": list(resource.getrlimit(resource.RLIMIT_NOFILE)), "argv": sys.argv[1:],
                      "env": os.environ.get("PROBE_VALUE"), "tty": os.isatty(1), "fds": fds}))

def mark():
    open(sys.argv[1], "w").close()

def wait():
    open(sys.argv[1], "w").write(str(os.getpid()))
    while True:
        time.sleep(0.1)

def log():
    import logging
    logging.getLogger("probe").warning("a warning from the command")
    console = logging.getLogger("probe").handlers[1].console
    print(json.dumps({"console_terminal": console.is_terminal, "colour": console.color_system,
                      "no_color": console.no_color, "width": console.width}))

def dispositions():
    import signal
    print(json.dumps({name: signal.getsignal(getattr(signal, name)) == signal.SIG_IGN
                      for name in ("SIGHUP", "SIGINT", "SIGTERM")}))

def crash():
    def late():
        time.sleep(0.5)
        print("thread done", flush=True)
    threading.Thread(target=late).start()
    atexit.register(lambda: print("atexit ran", flush=True))
    raise ValueError("a probe that fails")
'''

HARNESS = '''
import json, os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from negotrack.flows import warm_worker as ww
ww.REQUEST_TIMEOUT_S = float(sys.argv[3])
folder = ww.state_dir(Path(sys.argv[1]))
folder.mkdir(parents=True, mode=0o700)
lock = os.open(folder / "worker.lock", os.O_RDWR | os.O_CREAT, 0o600)
me = ww.WorkerInfo(pid=os.getpid(), start_time=None, started_at="now", idle_s=600.0)
ww._write_state(folder, me)
warm = ww._Warm(env=ww.frozen_env(dict(os.environ)), modules={}, packages=(sys.prefix, os.stat(sys.prefix).st_mtime_ns),
                prefect_server=None, installation=ww.installation())
import logging
from rich.console import Console
handler = logging.StreamHandler(sys.stderr)  # made in the worker, as Prefect's are at import
rich_handler = logging.StreamHandler(sys.stderr)
rich_handler.console = Console(file=sys.stderr)
logging.getLogger("probe").addHandler(handler)
logging.getLogger("probe").addHandler(rich_handler)
worker = ww._Worker(folder, warm, 600.0, me, lock)
print(json.dumps(sorted(worker.library_fds)), flush=True)
worker.loop()
'''

CLIENT = '''
import sys
from negotrack.flows import warm_worker as ww
code = ww.delegate(sys.argv[1], sys.argv[2], sys.argv[3:])
sys.exit(99 if code is None else code)
'''

# A client handed over as the CLI does: its stop handling steps aside once the command is
# the worker's, and names the handlers to set once it is done.
HANDING_OVER_CLIENT = '''
import json, signal, sys
from negotrack.flows import warm_worker as ww
accepted = []

def hand_over():
    accepted.append(signal.getsignal(signal.SIGTERM) != signal.SIG_DFL)  # the forwarding handler is in place
    return {signal.SIGTERM: signal.SIG_IGN}

code = ww.delegate(sys.argv[1], sys.argv[2], sys.argv[3:], on_accepted=hand_over)
print(json.dumps({"code": code, "accepted": accepted, "term_ignored": signal.getsignal(signal.SIGTERM) == signal.SIG_IGN}))
'''


class BareWorker:
    def __init__(self, root: Path, request_timeout_s: float = 2.0, worker_env: dict | None = None) -> None:
        self.root = root
        self.data = root / "data"
        (root / "probe").mkdir()
        (root / "probe" / "warm_probe.py").write_text(PROBE)
        self.env = {k: v for k, v in os.environ.items() if k not in ("PROBE_VALUE", "NO_COLOR", "COLUMNS", "LINES")}
        self.proc = subprocess.Popen([sys.executable, "-c", HARNESS, str(self.data), str(root / "probe"),
                                      str(request_timeout_s)],
                                     env={**self.env, **(worker_env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.library_fds = json.loads(self.proc.stdout.readline())
        self.folder = warm_worker.state_dir(self.data)

    def client(self, probe: str, *args: str, env: dict | None = None, preexec=None, **kw) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", CLIENT, str(self.data), f"warm_probe:{probe}", *args],
                                env={**self.env, **(env or {})}, preexec_fn=preexec, **kw)

    def log(self) -> str:
        return self.proc.stdout.read() + self.proc.stderr.read() if self.proc.poll() is not None else ""

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def close(self) -> None:
        for pid in [*self.children(), self.proc.pid]:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        self.proc.wait(30)


@pytest.fixture
def short_tmp():
    """A folder with a short path: a socket's path must fit in 100 bytes, and a test whose
    path is too long would see "no worker" for that reason alone."""
    folder = Path(tempfile.mkdtemp(prefix="nt-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def bare(short_tmp):
    worker = BareWorker(short_tmp)
    assert len(os.fsencode(str(worker.folder / "worker.sock"))) <= warm_worker.MAX_SOCKET_PATH
    yield worker
    worker.close()


def _as_a_shell_would_start_it() -> None:
    os.umask(0o027)
    os.nice(3)
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, 200), hard))


def test_a_command_runs_as_its_caller_with_none_of_the_workers_descriptors(bare, short_tmp):
    cwd = short_tmp / "where the analyst is"
    cwd.mkdir()
    p = bare.client("report", "run", "é", env={"PROBE_VALUE": "from the caller"}, cwd=cwd,
                    preexec=_as_a_shell_would_start_it, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    seen = json.loads(out)
    assert seen["cwd"] == str(cwd)
    assert seen["umask"] == 0o027
    assert seen["nice"] == os.getpriority(os.PRIO_PROCESS, 0) + 3
    assert seen["nofile"][0] == 200
    assert seen["argv"] == ["run", "é"] and seen["env"] == "from the caller"
    assert not seen["tty"]
    # 0-2 are the client's pipes; nothing of the worker's (its socket, lock, pipes, log) came along
    extra = {int(fd): target for fd, target in seen["fds"].items() if int(fd) > 2}
    listing = [fd for fd, target in extra.items() if target.startswith("/proc/")]  # the probe's own listing
    assert set(extra) - set(listing) <= set(bare.library_fds), extra
    assert not any("worker" in target for target in extra.values()), extra


def _on_a_terminal(bare: BareWorker, probe: str) -> dict:
    primary, secondary = pty.openpty()
    try:
        p = bare.client(probe, stdin=secondary, stdout=secondary, stderr=secondary, env={"TERM": "xterm-256color"})
        os.close(secondary)
        assert p.wait(60) == 0
        out = b""
        while not out.rstrip().endswith(b"}"):
            out += os.read(primary, 65536)
        return json.loads([line for line in out.decode().splitlines() if line.startswith("{")][-1])
    finally:
        os.close(primary)


def test_a_command_on_a_terminal_sees_a_terminal(bare):
    assert _on_a_terminal(bare, "report")["tty"] is True
    # log handlers made in the worker write there too, and a rich console in one sees a terminal (colour)
    seen = _on_a_terminal(bare, "log")
    assert seen["console_terminal"] is True and seen["colour"] is not None


def test_log_handlers_made_in_the_worker_write_to_the_callers_stderr(bare):
    p = bare.client("log", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert err.count("a warning from the command") == 2  # the plain handler and the rich one
    seen = json.loads(out)
    assert seen["console_terminal"] is False and seen["colour"] is None and seen["no_color"] is False
    bare.close()
    assert "a warning from the command" not in bare.log()


def test_a_rich_console_made_in_the_worker_follows_the_callers_colour_and_width_settings(short_tmp):
    # the worker's console was made with COLUMNS=200 and without NO_COLOR: the caller's
    # settings win, and so does their absence
    bare = BareWorker(short_tmp, worker_env={"COLUMNS": "200"})
    try:
        seen = []
        for env in ({"NO_COLOR": "1", "COLUMNS": "57"}, {}):
            p = bare.client("log", env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err
            seen.append(json.loads(out))
        assert seen[0]["no_color"] is True and seen[0]["width"] == 57
        assert seen[1]["no_color"] is False and seen[1]["width"] == 80  # rich's default off a terminal
    finally:
        bare.close()


def _raw_request(bare: BareWorker, probe: str, *args: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(str(bare.folder / "worker.sock"))
    cwd = os.open(".", os.O_PATH | os.O_DIRECTORY)
    request = warm_worker._request(f"warm_probe:{probe}", list(args))
    request["env"] = bare.env
    warm_worker._send_frame(sock, request, fds=[0, 1, 2, cwd])
    os.close(cwd)
    return sock


@pytest.mark.parametrize("how", ["closes after 'started'", "never says go"])
def test_a_client_that_never_confirms_never_has_its_command_run(bare, short_tmp, how):
    marker = short_tmp / "ran"
    sock = _raw_request(bare, "mark", str(marker))
    reply = warm_worker._recv_frame(sock)
    assert reply["status"] == "started"
    if how == "closes after 'started'":
        sock.close()
    poll(lambda: not alive(reply["pid"]), "the unconfirmed child to end", 60)
    assert not marker.exists()
    sock.close()
    # and the worker goes on: a proper client is served
    p = bare.client("mark", str(marker))
    assert p.wait(60) == 0 and marker.exists()


def _stalled_client(bare: BareWorker) -> socket.socket:
    stalled = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stalled.connect(str(bare.folder / "worker.sock"))
    stalled.sendall(b"\x00\x00")  # half a header, then nothing
    return stalled


def test_a_client_handed_over_gets_the_handlers_its_stop_handling_named(bare, short_tmp):
    marker = short_tmp / "ran"
    out = subprocess.run([sys.executable, "-c", HANDING_OVER_CLIENT, str(bare.data), "warm_probe:mark", str(marker)],
                         env=bare.env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"code": 0, "accepted": [True], "term_ignored": True}
    assert marker.exists()


def test_a_command_whose_process_died_before_its_go_is_reported_as_never_run(bare, short_tmp):
    marker = short_tmp / "ran"
    sock = _raw_request(bare, "mark", str(marker))
    reply = warm_worker._recv_frame(sock)
    assert reply["status"] == "started"
    os.kill(reply["pid"], signal.SIGKILL)  # dies waiting for its go
    sock.settimeout(60)
    assert warm_worker._recv_frame(sock) == {"exit": 128 + signal.SIGKILL, "ran": False}
    sock.close()
    assert not marker.exists()


def test_a_stalled_client_holds_up_nobody(short_tmp):
    # the worker gives a request 120 s: a worker that waited on the stalled client would
    # serve the next one only after that, and the 60 s wait below would run out first
    bare = BareWorker(short_tmp, request_timeout_s=120.0)
    try:
        stalled = _stalled_client(bare)
        marker = short_tmp / "ran"
        p = bare.client("mark", str(marker))
        assert p.wait(60) == 0 and marker.exists()
        stalled.setblocking(False)
        with pytest.raises(BlockingIOError):
            stalled.recv(10)  # and the stalled one is still waiting: neither answered nor dropped
        stalled.close()
    finally:
        bare.close()


def test_a_client_that_sends_no_complete_request_is_dropped_once_its_time_is_up(bare):
    stalled = _stalled_client(bare)
    stalled.settimeout(60)
    assert stalled.recv(10) == b""  # the worker closed it (its limit here is 2 s)
    stalled.close()


def test_a_malformed_request_is_declined_and_the_worker_goes_on(bare, short_tmp):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(str(bare.folder / "worker.sock"))
    warm_worker._send_frame(sock, {"entry": 5, "argv": "run", "limits": {"RLIMIT_NOFILE": "many"}}, fds=[0, 1, 2, 0])
    assert warm_worker._recv_frame(sock) == {"status": "declined", "reason": "a malformed request"}
    sock.close()
    marker = short_tmp / "ran"
    assert bare.client("mark", str(marker)).wait(60) == 0 and marker.exists()


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_ctrl_z_stops_the_command_with_its_client_and_fg_resumes_both(bare, short_tmp):
    pidfile = short_tmp / "pid"
    p = bare.client("wait", str(pidfile))
    child = int(poll(lambda: pidfile.exists() and pidfile.read_text(), "the command to start"))
    os.kill(p.pid, signal.SIGTSTP)
    poll(lambda: _state(p.pid) == "T" and _state(child) == "T", "the client and its command to stop", 30)
    os.kill(p.pid, signal.SIGCONT)
    poll(lambda: _state(p.pid) != "T" and _state(child) != "T", "the client and its command to resume", 30)
    os.kill(p.pid, signal.SIGTERM)
    assert p.wait(60) == 128 + signal.SIGTERM  # the probe has no handler: killed by it, and the status says so
    assert not alive(child)


def _ignoring_hangups() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # what nohup does


def test_a_signal_the_caller_ignores_stays_ignored_in_its_command(bare, short_tmp):
    p = bare.client("dispositions", preexec=_ignoring_hangups, stdout=subprocess.PIPE, text=True)
    out, _ = p.communicate(timeout=60)
    assert p.returncode == 0
    assert json.loads(out) == {"SIGHUP": True, "SIGINT": False, "SIGTERM": False}
    # and a hang-up of the client (its terminal closing) does not stop the command
    pidfile = short_tmp / "pid"
    p = bare.client("wait", str(pidfile), preexec=_ignoring_hangups)
    child = int(poll(lambda: pidfile.exists() and pidfile.read_text(), "the command to start"))
    os.kill(p.pid, signal.SIGHUP)
    os.kill(child, signal.SIGHUP)  # even sent to the command itself
    os.kill(p.pid, signal.SIGTERM)  # forwarded after the hang-ups: the command ends by this one
    assert p.wait(60) == 128 + signal.SIGTERM
    assert not alive(child)


def test_an_uncaught_exception_ends_the_command_as_the_interpreter_would(bare):
    p = bare.client("crash", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 1
    assert "Traceback" in err and "ValueError: a probe that fails" in err
    assert out.splitlines() == ["thread done", "atexit ran"]  # the thread joined first, then atexit


def _connections_while(sock: socket.socket, call) -> tuple[int, object]:
    """How many clients connected to ``sock`` while ``call()`` ran (each is answered with
    end-of-file), and what it returned."""
    seen: list[int] = []
    sock.settimeout(0.2)
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            seen.append(1)
            conn.close()

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        result = call()
    finally:
        done.set()
        thread.join()
    return len(seen), result


def test_a_folder_another_user_could_enter_is_not_trusted(short_tmp):
    data = short_tmp / "d"
    folder = warm_worker.state_dir(data)
    folder.mkdir(parents=True, mode=0o700)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(folder / "worker.sock"))
    sock.listen(4)  # a listener that takes the request, and closes it
    try:
        # the control: in a private folder the client does ask (and gets nothing back: None)
        assert _connections_while(sock, lambda: warm_worker.delegate(data, "warm_probe:mark", [])) == (1, None)
        for mode in (0o755, 0o733):
            folder.chmod(mode)
            assert _connections_while(sock, lambda: warm_worker.delegate(data, "warm_probe:mark", [])) == (0, None)
            assert not warm_worker.launch(data, 60, dict(os.environ))
        folder.chmod(0o700)
        if os.getuid() == 0:  # root can give the folder away: someone else's folder is not used either
            os.chown(folder, 65534, 65534)
            assert _connections_while(sock, lambda: warm_worker.delegate(data, "warm_probe:mark", [])) == (0, None)
            assert not warm_worker.launch(data, 60, dict(os.environ))
    finally:
        sock.close()
