"""A report killed midway (SIGKILL) leaves every latest.* from one report, and the next
report removes the .part files it left (issue 12 §8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timezone

import pytest

from support import ROOT

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    sys.path[:0] = [{root!r}]
    from datetime import datetime, timezone
    from pathlib import Path
    from negotrack.config import Settings
    from negotrack.report import write

    point = {point!r}
    real_render, real_part = write.render, write._write_part

    def render(report, fmt, labels):
        if point == "render-md" and fmt == "md":
            os.kill(os.getpid(), signal.SIGKILL)  # html rendered, md not yet
        return real_render(report, fmt, labels)

    def write_part(path, text):
        part = real_part(path, text)
        if point == "latest-part" and path.name == "latest.md":
            os.kill(os.getpid(), signal.SIGKILL)  # latest.html.part and latest.md.part written
        return part

    write.render, write._write_part = render, write_part
    settings = Settings(db=Path({db!r}), reports_dir=Path({reports!r}), codebook=Path({codebook!r}))
    write.generate_report(settings, now=datetime(2031, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    """
)


def _latest(reports) -> dict[str, str]:
    return {ext: (reports / f"latest.{ext}").read_text(encoding="utf-8") for ext in ("html", "md", "json")}


@pytest.mark.parametrize("point", ["render-md", "latest-part"])
def test_a_report_killed_midway_leaves_latest_files_of_one_report(fixture_db, tmp_path, point):
    from negotrack.report.write import generate_report

    settings = fixture_db
    reports = tmp_path / "reports-out"
    first_at = datetime(2030, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
    generate_report(settings, out_dir=reports, now=first_at)
    first = _latest(reports)
    for ext, text in first.items():  # latest.* are the first report's dated files
        assert (reports / f"report-20300101-000000.{ext}").read_text(encoding="utf-8") == text

    code = CHILD.format(root=str(ROOT), point=point, db=str(settings.db), reports=str(reports),
                        codebook=str(settings.codebook))
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == -signal.SIGKILL, res.stderr[-3000:]
    assert _latest(reports) == first  # all three still from the first report
    left = sorted(p.name for p in reports.glob(".*.part"))
    if point == "latest-part":
        assert len(left) >= 2, left  # what the killed report was writing

    generate_report(settings, out_dir=reports, now=datetime(2032, 1, 1, tzinfo=timezone.utc))
    assert not list(reports.glob(".*.part")), "stale .part files left behind"
    latest = _latest(reports)
    for ext, text in latest.items():
        assert (reports / f"report-20320101-000000.{ext}").read_text(encoding="utf-8") == text


def test_a_part_file_of_a_report_in_progress_is_kept(tmp_path):
    """Another process writing its report now: its .part file is not removed."""
    from negotrack.report.write import remove_stale_parts

    mine = tmp_path / f".latest.html.{os.getpid()}.abc123.part"
    mine.write_text("in progress")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".latest.md.{dead.pid}.def456.part"
    stale.write_text("left by a killed report")
    assert remove_stale_parts(tmp_path) == 1
    assert mine.exists() and not stale.exists()
