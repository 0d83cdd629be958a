"""Input folders a real `negotrack run` must survive (issue 12 §1, §2).

- A file name that is not valid UTF-8 (bytes a Linux file system allows, e.g. Latin-1
  ``café`` copied from an old archive) once stopped every run over its folder: writing
  ``source_files`` raised ``UnicodeEncodeError``, 0 articles were stored and a ``serve``
  inbox holding such a file failed on every schedule. Every file must land; the odd name
  is stored escaped (``caf\\xe9``), and the next run knows the file.
- A FIFO in an input folder once hung ingest forever (``open`` blocks until a writer
  comes), leaving the run ``running``. It is skipped with an ingest error row.

One real console-script run over a folder holding both and two ordinary articles, then a
second run over the same folder. A timeout on the process is the hang's failure mode.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from reliability.helpers import EXE

pytestmark = pytest.mark.slow

ODD_NAME = b"caf\xe9-muscat.txt"  # Latin-1 'é': not valid UTF-8
ODD_TEXT = "Tehran demands that economic sanctions be lifted before any other step."
PLAIN = {
    "plain-en.txt": "Washington refuses to lift sanctions until Iran halts enrichment, the State Department said.",
    "plain-fr.txt": "Téhéran exige la levée des sanctions économiques avant toute autre étape.",
}


def _run(folder: Path, db: Path, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(EXE), "--db", str(db), "run", str(folder)],
        env={**env, "NEGOTRACK_DATA_DIR": str(cwd / "data")}, cwd=cwd, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "inbox"
    folder.mkdir()
    for name, text in PLAIN.items():
        (folder / name).write_text(text, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), ODD_NAME), "wb") as fh:
        fh.write(ODD_TEXT.encode("utf-8"))
    os.mkfifo(folder / "pipe.txt")  # a known extension: it would be opened if not checked
    return folder


@pytest.fixture(scope="module")
def two_runs(hostile_folder, rel_env, tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile-work")
    db = work / "h.duckdb"
    first = _run(hostile_folder, db, rel_env, work)
    second = _run(hostile_folder, db, rel_env, work)
    return db, first, second


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_file_lands_beside_an_odd_name_and_a_fifo(two_runs, hostile_folder):
    db, first, _ = two_runs
    assert "Traceback" not in first.stderr, first.stderr[-3000:]
    assert first.returncode == 0, first.stderr[-3000:]
    origins = sorted(Path(o).name for (o,) in _rows(db, "SELECT origin FROM articles"))
    # the odd name is stored escaped: readable, and the same string on every run
    assert origins == ["caf\\xe9-muscat.txt", "plain-en.txt", "plain-fr.txt"]
    texts = {Path(o).name: t for o, t in _rows(db, "SELECT origin, text FROM articles")}
    assert texts["caf\\xe9-muscat.txt"] == ODD_TEXT
    (status,) = _rows(db, "SELECT status FROM runs ORDER BY started_at LIMIT 1")[0]
    assert status == "completed"


def test_the_fifo_is_an_ingest_error_row_not_a_hang(two_runs, hostile_folder):
    db, first, _ = two_runs
    rows = _rows(db, "SELECT origin, reason, detail FROM ingest_errors")
    fifo_rows = [r for r in rows if Path(r[0]).name == "pipe.txt"]
    assert len(fifo_rows) >= 1, rows
    origin, reason, detail = fifo_rows[0]
    assert origin == str(hostile_folder / "pipe.txt")
    assert "FIFO" in detail and "Move it out of the input folder" in detail
    # nothing else failed: the odd name is not an error
    assert all(Path(r[0]).name == "pipe.txt" for r in rows), rows


def test_the_next_run_knows_the_odd_file_and_adds_nothing(two_runs):
    db, _, second = two_runs
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Traceback" not in second.stderr, second.stderr[-3000:]
    (n_articles,) = _rows(db, "SELECT count(*) FROM articles")[0]
    assert n_articles == 3  # nothing duplicated
    known = [Path(p).name for (p,) in _rows(db, "SELECT path FROM source_files")]
    assert "caf\\xe9-muscat.txt" in known
    statuses = [s for (s,) in _rows(db, "SELECT status FROM runs ORDER BY started_at")]
    assert statuses == ["completed", "completed"]
