"""Warm `negotrack run seeds/` against `negotrack status`, in one run: with the warm worker
and the local long-lived Prefect server (the default), with that server and the command
in-process (NEGOTRACK_WARM_WORKER=off), and with Prefect's temporary server (the old
behaviour).

    .venv/bin/python bench/bench_server.py [--tries 7]

Issue 14's target: a warm run within 8× the time of `status` (about 28× with the temporary
server). Both are the real console script in a fresh process. Every try runs into a fresh
database (all 8 seed files ingested, extracted, validated, reported), then `status` reads
it. "Warm" means the Prefect home and, in persistent mode, the server (and the warm worker,
once it is ready) already exist (one untimed run first in each mode), as on a user's
machine after the first command. The modes
are interleaved try by try, so that both see the same load on a shared machine; the
figures are medians, with the range beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "negotrack"


def wall(args: list[str], env: dict[str, str], cwd: Path) -> float:
    t0 = time.perf_counter()
    res = subprocess.run([str(EXE), *args], env=env, cwd=cwd, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"negotrack {' '.join(args)} failed:\n{res.stderr[-3000:]}")
    return took


def worker_ready(state: Path, timeout: float = 120.0) -> None:
    """Wait until the warm worker launched by the untimed run takes commands."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if json.loads(state.read_text())["phase"] == "ready":
                return
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"the warm worker was not ready after {timeout:.0f} s ({state.parent / 'worker.log'})")


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tries", type=int, default=7)
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="negotrack-bench-server-") as tmp:
        work = Path(tmp)
        base = {k: v for k, v in os.environ.items() if not k.startswith(("NEGOTRACK_", "PREFECT_"))}
        base.update(PREFECT_HOME=str(work / "prefect-home"), NEGOTRACK_DATA_DIR=str(work / "data"))
        modes = {"warm worker": {**base, "NEGOTRACK_PREFECT_SERVER": "persistent", "NEGOTRACK_WARM_WORKER": "on"},
                 "persistent": {**base, "NEGOTRACK_PREFECT_SERVER": "persistent", "NEGOTRACK_WARM_WORKER": "off"},
                 "temporary": {**base, "NEGOTRACK_PREFECT_SERVER": "temporary"}}
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load()}")
        t0 = time.perf_counter()
        for mode, env in modes.items():  # untimed: Prefect's first-run set-up, the server's start
            wall(["--db", str(work / f"warm-{mode}.duckdb"), "run", str(args.seeds)], env, work)
        worker_ready(work / "data" / "warm-worker" / "state.json")
        print(f"warm-up (every mode, first server start and the worker's warm-up included): {time.perf_counter() - t0:.1f} s")
        runs: dict[str, list[float]] = {m: [] for m in modes}
        status: dict[str, list[float]] = {m: [] for m in modes}
        state = work / "data" / "warm-worker" / "state.json"
        try:
            for i in range(args.tries):
                for mode, env in modes.items():
                    db = work / f"{mode.replace(' ', '-')}-{i}.duckdb"
                    runs[mode].append(wall(["--db", str(db), "run", str(args.seeds)], env, work))
                    status[mode].append(wall(["--db", str(db), "status"], env, work))
            served = json.loads(state.read_text())["served"]
            if served != args.tries:  # each timed run of that mode ran in the worker, none in-process
                raise SystemExit(f"the warm worker served {served} of {args.tries} runs: see {state.parent}")
        finally:
            subprocess.run([str(EXE), "server", "stop"], env=modes["persistent"], cwd=work, capture_output=True)
        print(f"load average at the end {load()}; {args.tries} tries, interleaved; median (min-max) seconds")
        print(f"{'mode':<16} {'run seeds/':>18} {'status':>16} {'run / status':>13}")
        for mode in modes:
            r, s = runs[mode], status[mode]
            ratio = statistics.median(r) / statistics.median(s)
            print(f"{mode:<16} {statistics.median(r):>6.2f} ({min(r):.2f}-{max(r):.2f}) "
                  f"{statistics.median(s):>5.2f} ({min(s):.2f}-{max(s):.2f}) {ratio:>12.1f}×")
        per_try = [a / b for a, b in zip(runs["temporary"], runs["persistent"])]
        print(f"temporary / persistent run, per try: median {statistics.median(per_try):.2f}× "
              f"({min(per_try):.2f}-{max(per_try):.2f})")
        per_try = [a / b for a, b in zip(runs["persistent"], runs["warm worker"])]
        print(f"in-process / warm worker run, per try: median {statistics.median(per_try):.2f}× "
              f"({min(per_try):.2f}-{max(per_try):.2f})")


if __name__ == "__main__":
    main()
