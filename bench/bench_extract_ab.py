"""Extraction speed of two checkouts, taken in one run: the ratio new/old.

usage: python bench/bench_extract_ab.py OLD_CHECKOUT [NEW_CHECKOUT] [--rounds N]

Each round runs, in a fresh subprocess per checkout and alternating between them, the
dev corpus through ``extract_article`` ten times and keeps the CPU time; the best round
of each is compared (the minimum is the least disturbed by other processes on a shared
machine). ``OLD_CHECKOUT`` is typically a ``git worktree`` of an earlier commit.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside the checkout being measured: its own negotrack and bench/score_dev.py.
_PROBE = """
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
t = time.process_time()
for _ in range(10):
    for a in articles:
        extract_article(a, cb)
print(len(articles) * 10 / (time.process_time() - t))
"""


def _rate(checkout: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _PROBE, str(checkout)], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path, nargs="?", default=ROOT)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    best = {"old": 0.0, "new": 0.0}
    for _ in range(args.rounds):
        for name in ("old", "new"):
            best[name] = max(best[name], _rate(getattr(args, name)))
    print(f"old {best['old']:.0f} articles/s · new {best['new']:.0f} articles/s (one core, CPU time, best of "
          f"{args.rounds}) · new/old {best['new'] / best['old']:.2f}")


if __name__ == "__main__":
    main()
