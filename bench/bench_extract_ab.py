"""Extraction speed of two checkouts, taken in one run: the ratio new/old.

usage: python bench/bench_extract_ab.py OLD_CHECKOUT [NEW_CHECKOUT] [--rounds N]

Each round runs, in a fresh subprocess per checkout (which goes first alternates), the
dev corpus through ``extract_article`` several times and keeps the best pass's CPU time.
Two figures: the best round of each checkout (the least disturbed by other processes on
a shared machine), and the median over rounds of the paired ratio new/old with its
range (two probes of a round run back to back, under about the same load).
``OLD_CHECKOUT`` is typically a ``git worktree`` of an earlier commit.

``--instructions`` counts instead the machine instructions of one pass (valgrind's
callgrind, switched on only around the pass, after imports and warm-up): a figure that
does not move with the machine's load, to a fraction of a percent. About 30 s a checkout.

"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside the checkout being measured: its own negotrack and bench/score_dev.py; the
# codebook loaded and every article extracted once (imports, compiled lexicons, caches).
_SETUP = """
import sys, time
root = sys.argv[1]
sys.path[:0] = [root, root + "/bench"]
from score_dev import DEV, read_articles
from negotrack.codebook import load_codebook
from negotrack.extract import extract_article
cb = load_codebook()
articles = read_articles(DEV)
for a in articles:
    extract_article(a, cb)
"""

_PROBE = _SETUP + """
best = float("inf")
for _ in range(5):
    t = time.process_time()
    for a in articles:
        extract_article(a, cb)
    best = min(best, time.process_time() - t)
print(len(articles) / best)
"""


# The pass alone is counted: callgrind_control switches instrumentation on and off.
_COUNT_PROBE = _SETUP + """
import os, subprocess
subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
for a in articles:
    extract_article(a, cb)
subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True, capture_output=True)
"""


def _instructions(checkout: Path, work: Path) -> int:
    """Instructions of one pass over the dev corpus with ``checkout``'s extractor."""
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--cache-sim=no",
         f"--callgrind-out-file={work / 'callgrind.out'}", sys.executable, "-c", _COUNT_PROBE, str(checkout)],
        check=True, capture_output=True, text=True)
    refs = [line for line in out.stderr.splitlines() if "refs:" in line]
    return int(refs[-1].rsplit(":", 1)[1].replace(",", "").strip())


def _rate(checkout: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _PROBE, str(checkout)], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path, nargs="?", default=ROOT)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--instructions", action="store_true", help="count instructions (valgrind) instead of timing")
    args = ap.parse_args(argv)
    if args.instructions:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            old, new = (_instructions(c, Path(tmp)) for c in (args.old, args.new))
        print(f"old {old / 1e6:,.1f} M instructions · new {new / 1e6:,.1f} M instructions (one pass over the dev "
              f"corpus) · new/old {new / old:.3f}")
        return
    best = {"old": 0.0, "new": 0.0}
    ratios: list[float] = []
    for i in range(args.rounds):
        rates = {}
        for name in (("old", "new") if i % 2 == 0 else ("new", "old")):
            rates[name] = _rate(getattr(args, name))
            best[name] = max(best[name], rates[name])
        ratios.append(rates["new"] / rates["old"])
    ratios.sort()
    print(f"old {best['old']:.0f} articles/s · new {best['new']:.0f} articles/s (one core, CPU time, best of "
          f"{args.rounds}) · new/old {best['new'] / best['old']:.2f}; paired rounds: median new/old "
          f"{statistics.median(ratios):.2f} (range {ratios[0]:.2f}–{ratios[-1]:.2f})")


if __name__ == "__main__":
    main()
