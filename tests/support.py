"""Paths and helpers shared by the tests (importable: pytest runs with pythonpath=tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"
DEV_CORPUS = SHARED / "corpus" / "dev"


def run_cli(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real `negotrack` console script in a separate process."""
    exe = Path(sys.executable).parent / "negotrack"
    return subprocess.run(
        [str(exe), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
