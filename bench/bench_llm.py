"""The llm extractor's own overhead and its request concurrency, against the local stub.

usage: python bench/bench_llm.py [-n ARTICLES] [--latency S] [--concurrency 1,4,8]

The stub (tests/llm_stub.py) answers every article after ``--latency`` seconds with one
verifiable position, so the wall time shows what the client adds (prompt, HTTP, answer
checks, cache writes) and how NEGOTRACK_LLM_CONCURRENCY overlaps the model's latency. A
second pass over the same articles is answered from the DuckDB cache (no request).
A real model's latency is seconds per article: divide by the concurrency the server
really sustains.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import polars as pl  # noqa: E402

from llm_stub import start_stub, stop_stub  # noqa: E402
from negotrack.codebook import load_codebook  # noqa: E402
from negotrack.config import Settings  # noqa: E402
from negotrack.llm.backend import extract_frame_llm  # noqa: E402

SENTENCE = "Foreign Minister Abbas Araghchi said enrichment is our inalienable right and will continue."


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--concurrency", default="1,4,8")
    args = ap.parse_args(argv)
    cb = load_codebook()
    stub = start_stub()
    stub.on("Araghchi said", positions=[{"party": "iran", "issue": "enrichment", "stance": "insist",
                                         "actor": "Araghchi", "evidence": SENTENCE[:-1], "date": None}],
            delay_s=args.latency)
    try:
        for c in (int(x) for x in args.concurrency.split(",")):
            with tempfile.TemporaryDirectory() as tmp:
                arts = pl.DataFrame({
                    "article_id": [f"a{i}" for i in range(args.n)],
                    "text": [f"Dispatch {i}. {SENTENCE} The talks go on." for i in range(args.n)],
                    "language": ["en"] * args.n, "published": [date(2026, 2, 8)] * args.n})
                s = Settings(db=Path(tmp) / "b.duckdb", data_dir=Path(tmp), extractor="llm",
                             llm_base_url=stub.base_url, llm_model="m", llm_concurrency=c)
                t0 = time.perf_counter()
                batch = extract_frame_llm(arts, cb, s)
                t1 = time.perf_counter()
                extract_frame_llm(arts, cb, s)
                t2 = time.perf_counter()
                assert batch.statements.height == args.n
                print(f"concurrency {c:>2}: {args.n} articles in {t1 - t0:6.2f} s "
                      f"({args.n / (t1 - t0):6.1f}/s; latency floor {args.n * args.latency / c:6.2f} s); "
                      f"cached re-run {t2 - t1:5.2f} s ({args.n / (t2 - t1):7.0f}/s)")
    finally:
        stop_stub(stub)


if __name__ == "__main__":
    main()
