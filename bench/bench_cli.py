"""Time `negotrack ingest` end to end (real processes, real Prefect) and split off Prefect.

    .venv/bin/python bench/bench_cli.py [-n 1000]

For the seeds and for a generated folder of N files it prints the wall time of the CLI,
the time of the ingest library alone (read_sources + store_batch, in-process, warm), the
Python + CLI start-up (`negotrack --help`), and the rest, which is Prefect: its import,
its temporary API server, and flow/task orchestration. Each CLI figure is the best of
--repeat runs into a fresh database (the Prefect home is kept, as on a user's machine).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import generate  # noqa: E402

from negotrack.config import Settings  # noqa: E402
from negotrack.ingest import read_sources  # noqa: E402
from negotrack.ingest.load import store_batch  # noqa: E402
from negotrack.store import connect  # noqa: E402

EXE = Path(sys.executable).parent / "negotrack"


def wall(args: list[str], env: dict[str, str], cwd: Path) -> float:
    t0 = time.perf_counter()
    res = subprocess.run([str(EXE), *args], env=env, cwd=cwd, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"negotrack {' '.join(args)} failed:\n{res.stderr}")
    return time.perf_counter() - t0


def library_time(source: Path, work: Path) -> float:
    settings = Settings(db=work / "lib.duckdb")
    read_sources([str(source)], settings)  # warm: lazy imports, language model
    (work / "lib.duckdb").unlink(missing_ok=True)
    t0 = time.perf_counter()
    batch = read_sources([str(source)], settings)
    with connect(settings) as con:
        store_batch(con, batch, "bench")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000, help="generated files")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "articles"
        generate(folder, args.n)
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEGOTRACK_")}
        env.setdefault("PREFECT_HOME", str(work / "prefect"))
        wall(["--db", str(work / "warmup.duckdb"), "ingest", str(ROOT / "seeds")], env, work)  # Prefect's first-run set-up
        startup = min(wall(["--help"], env, work) for _ in range(args.repeat))
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        print(f"{'input':<22} {'CLI wall':>9} {'library':>9} {'py+CLI':>8} {'Prefect':>8} {'Prefect %':>9}")
        for label, source in (("seeds/", ROOT / "seeds"), (f"{args.n} files", folder)):
            runs = []
            for i in range(args.repeat):
                db = work / f"{label[:5]}-{i}.duckdb"
                runs.append(wall(["--db", str(db), "ingest", str(source)], env, work))
            cli = min(runs)
            lib = library_time(source, work)
            prefect = max(0.0, cli - lib - startup)
            print(f"{label:<22} {cli:>8.2f}s {lib:>8.2f}s {startup:>7.2f}s {prefect:>7.2f}s {100 * prefect / cli:>8.0f}%")


if __name__ == "__main__":
    main()
