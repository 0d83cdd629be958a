"""The shutdown path (negotrack/shutdown.py) in real processes: a stuck command still
exits within its grace period, a second signal exits at once, the forced exit marks its
work failed, and what the command started dies with it, even after SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A command whose unwinding never ends: it swallows the stop and sleeps on.
STUCK = textwrap.dedent("""
    import subprocess, sys, time
    sys.path.insert(0, {root!r})
    from negotrack import shutdown

    def forced():
        open({marker!r}, "w").write("forced")

    with shutdown.graceful(grace_s={grace}, on_forced_exit=forced, reap_children=True):
        child = subprocess.Popen({child_cmd!r})
        print(child.pid, flush=True)
        while True:
            try:
                time.sleep(0.05)
            except shutdown.StopRequested:
                print("stop requested", flush=True)  # and carry on, as a stuck thread would
""")


SLEEPER = ["sleep", "300"]
# A child that ignores SIGTERM, as multiprocessing's resource tracker does.
DEAF_SLEEPER = [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)"]


def _start(tmp_path: Path, grace: float, child_cmd: list[str] = SLEEPER) -> tuple[subprocess.Popen, int, Path]:
    marker = tmp_path / "forced"
    code = STUCK.format(root=str(ROOT), marker=str(marker), grace=grace, child_cmd=child_cmd)
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    child = int(p.stdout.readline())
    return p, child, marker


def _gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def test_a_stuck_command_is_forced_out_when_the_grace_period_ends(tmp_path):
    p, child, marker = _start(tmp_path, grace=2)
    time.sleep(0.3)
    p.send_signal(signal.SIGTERM)
    assert p.wait(timeout=30) == 143
    assert "stop requested" in p.stdout.read()
    assert "grace period ran out" in p.stderr.read()
    assert marker.read_text() == "forced"  # its runs were marked failed before it left
    assert _gone(child), "the child it started outlived it"


def test_a_second_signal_forces_the_exit_at_once(tmp_path):
    p, child, marker = _start(tmp_path, grace=300)
    time.sleep(0.3)
    p.send_signal(signal.SIGINT)
    time.sleep(1.5)  # past the debounce: a repeat now is an insistence
    p.send_signal(signal.SIGINT)
    assert p.wait(timeout=30) == 130  # long before the 300 s grace
    assert "a second signal" in p.stderr.read()
    assert marker.read_text() == "forced"
    assert _gone(child)


def test_children_die_with_a_sigkilled_command(tmp_path):
    p, child, _ = _start(tmp_path, grace=300)
    time.sleep(0.6)  # the watchdog has seen the child (it looks four times a second)
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=30)
    assert _gone(child), "the child outlived a SIGKILLed parent"


def test_a_repeat_within_the_debounce_is_the_same_request(tmp_path):
    """Ctrl-C pressed twice in a row (or a library re-raising the signal it caught) is
    one request: the command still gets its grace period."""
    p, child, marker = _start(tmp_path, grace=3)
    time.sleep(0.3)
    p.send_signal(signal.SIGINT)
    p.send_signal(signal.SIGINT)
    assert p.wait(timeout=30) == 130
    assert "grace period ran out" in p.stderr.read()
    assert _gone(child)


def test_a_child_that_ignores_sigterm_still_dies_with_the_command(tmp_path):
    p, child, _ = _start(tmp_path, grace=300, child_cmd=DEAF_SLEEPER)
    time.sleep(0.6)
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=30)
    assert _gone(child), "a child deaf to SIGTERM outlived its SIGKILLed parent"


HANDED_OVER = textwrap.dedent("""
    import json, os, signal, sys, time
    sys.path.insert(0, {root!r})
    from negotrack import shutdown

    before = {{str(int(s)): str(signal.getsignal(s)) for s in (signal.SIGTERM, signal.SIGINT)}}
    guard = shutdown.Shutdown(grace_s=0.3, on_forced_exit=lambda: print("forced", flush=True))
    guard.install()
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # the grace timer starts ...
        time.sleep(5)
    except shutdown.StopRequested:
        pass
    after = guard.hand_over()  # ... and is cancelled here: the command now runs elsewhere
    seen = {{"before": before, "after": {{str(int(k)): str(v) for k, v in after.items()}},
             "handler_kept": signal.getsignal(signal.SIGTERM) == guard._handler,
             "wakeup_given_back": signal.set_wakeup_fd(-1) == -1}}
    time.sleep(0.8)  # past the grace period: no forced exit
    print(json.dumps(seen), flush=True)
""")


def test_handing_over_stops_the_watch_and_leaves_the_handlers(tmp_path):
    script = tmp_path / "handed_over.py"
    script.write_text(HANDED_OVER.format(root=str(ROOT)))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "forced" not in out.stdout
    import json

    seen = json.loads(out.stdout)
    assert seen["handler_kept"] and seen["wakeup_given_back"]
    # what to set once the command is done: the handlers from before, with ignore where
    # the default would kill it mid-exit (SIGINT is Python's handler, or ignored when the
    # tests run as a background job)
    dfl, ign = str(signal.SIG_DFL), str(signal.SIG_IGN)
    assert seen["after"] == {k: ign if v == dfl else v for k, v in seen["before"].items()}
    assert seen["after"][str(int(signal.SIGTERM))] == ign
