"""How `negotrack run` stops on a signal: SIGTERM (or SIGINT) to the main process only,
at a chosen moment, many times; prints how many tries exited within the bound, the
slowest exit, runs left `running` and processes left behind.

usage: python bench/bench_signals.py [--tries 50] [--moment extract|ingest|start|after] [--signal TERM|INT]
       [--articles 2000] [--bound 10]

Each try uses a fresh database and a fresh corpus folder; the moment is found by watching
the process tree and the database (not by sleeping). Processes left behind are found by a
tag in their environment, which every child inherits. A try that does not exit within
60 s is counted as a hang and SIGKILLed.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from reliability.helpers import (  # noqa: E402
    extraction_workers, kill_tagged, make_corpus, read_retry, start, wait_untagged,
)

HANG_S = 60.0


def _running_runs(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        return read_retry(db, "SELECT count(*) FROM runs WHERE status = 'running'", timeout=5)[0][0][0]
    except Exception:
        return 0


def _extracted(db: Path) -> int:
    """Articles extracted so far (validation, de-duplication and the report come next)."""
    if not db.exists():
        return 0
    try:
        return read_retry(db, "SELECT count(DISTINCT article_id) FROM extractions", timeout=5)[0][0][0]
    except Exception:
        return 0


def one_try(corpus: Path, work: Path, env: dict[str, str], moment: str, signum: int, n_articles: int) -> dict:
    tag = uuid.uuid4().hex
    db = work / "s.duckdb"
    env = {**env, "NEGOTRACK_DB": str(db), "NEGOTRACK_SIGNAL_TAG": tag}
    p = start(["run", str(corpus)], env, work)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and p.popen.poll() is None:
        if moment == "start" or (moment == "ingest" and _running_runs(db)) or (
                moment == "extract" and extraction_workers(p.pid)) or (
                moment == "after" and _extracted(db) >= n_articles):
            break
        time.sleep(0.05)
    if p.popen.poll() is not None:
        return {"missed": True}
    t0 = time.monotonic()
    os.kill(p.pid, signum)
    try:
        code = p.popen.wait(timeout=HANG_S)
    except Exception:
        code = None
    took = time.monotonic() - t0
    if code is None:
        p.kill_group()
    left = wait_untagged(tag, 5.0)  # the watchdog takes up to ~3 s to end what the command started
    kill_tagged(tag)
    p.kill_group()
    return {"code": code, "took": took, "left": len(left), "running": _running_runs(db), "missed": False}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tries", type=int, default=50)
    ap.add_argument("--moment", choices=("start", "ingest", "extract", "after"), default="extract",
                    help="after = once every article is extracted (validation, de-duplication, report)")
    ap.add_argument("--signal", choices=("TERM", "INT"), default="TERM")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--bound", type=float, default=10.0)
    args = ap.parse_args(argv)
    signum = getattr(signal, f"SIG{args.signal}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEGOTRACK_", "PREFECT_"))}
    # the temporary server is part of what a stop must take down ("start" moment)
    env.update(NEGOTRACK_WORKERS="2", PYTHONUNBUFFERED="1", NEGOTRACK_PREFECT_SERVER="temporary")
    results = []
    with tempfile.TemporaryDirectory(prefix="negotrack-signals-") as tmp:
        corpus = Path(tmp) / "corpus"
        n_articles = make_corpus(corpus, args.articles, seed=5)
        env["PREFECT_HOME"] = str(Path(tmp) / "prefect")
        for i in range(args.tries):
            work = Path(tmp) / f"try{i}"
            r = one_try(corpus, work, env, args.moment, signum, n_articles)
            results.append(r)
            print(f"try {i + 1}: {r}", flush=True)
    done = [r for r in results if not r["missed"]]
    hangs = [r for r in done if r["code"] is None]
    slow = [r for r in done if r["code"] is not None and r["took"] > args.bound]
    print(f"\n{len(done)} tries at '{args.moment}' with SIG{args.signal} ({len(results) - len(done)} missed the moment): "
          f"{len(hangs)} hung (> {HANG_S:.0f} s), {len(slow)} exited after the {args.bound:.0f} s bound, "
          f"slowest exit {max((r['took'] for r in done), default=0):.1f} s; "
          f"runs left running: {sum(r['running'] for r in done)}; "
          f"tries leaving processes behind: {sum(1 for r in done if r['left'])}")


if __name__ == "__main__":
    main()
