"""Extraction speed on one core: the dev corpus repeated to at least 10,000 articles.

usage: python bench/bench_extract.py [--min-articles N]

Prints articles/s for extraction alone (no I/O, no database). The codebook is loaded and
compiled before the clock starts, as it is once per worker in production.

The rate is measured on the process's CPU time, which is what one core does; the
wall-clock rate is printed too, and is lower when other processes share the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))
from score_dev import DEV, read_articles  # noqa: E402
from negotrack.codebook import load_codebook  # noqa: E402
from negotrack.extract import extract_article  # noqa: E402


def main(argv: list[str] | None = None) -> float:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-articles", type=int, default=10_000)
    args = ap.parse_args(argv)
    base = read_articles(DEV)
    copies = -(-args.min_articles // len(base))
    # distinct ids, same texts: what a large corpus of similar news looks like
    articles = [replace(a, article_id=f"{a.article_id}#{i}") for i in range(copies) for a in base]
    cb = load_codebook()
    from negotrack.extract.lexicon import lexicon_for

    for lang in ("ar", "en", "fr"):
        lexicon_for(cb, lang)
    for a in base:  # warm the per-character and per-hit caches
        extract_article(a, cb)
    t0, c0 = time.perf_counter(), time.process_time()
    n_statements = 0
    for a in articles:
        n_statements += len(extract_article(a, cb))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rate = len(articles) / cpu
    print(f"{len(articles)} articles, {n_statements} statements in {cpu:.2f} s of CPU: {rate:,.0f} articles/s "
          f"(one core; wall clock {wall:.2f} s, {len(articles) / wall:,.0f} articles/s)")
    return rate


if __name__ == "__main__":
    main()
