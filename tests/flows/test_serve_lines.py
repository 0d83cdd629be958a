"""`negotrack serve` prints one line per scheduled run: start, counts, report, failures."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from negotrack.runs import RunSummary
from negotrack.scheduled import run_line
from support import SEEDS

STARTED = datetime(2025, 6, 1, 6, 0, 2, tzinfo=timezone.utc)


def test_a_completed_run_is_one_line_with_its_counts_and_report():
    summary = RunSummary(run_id="r1", inputs=7, articles_new=4, articles_known=1, articles_syndicated=1,
                         ingest_errors=1, statements=23, rows_quarantined=2)
    line = run_line("brave-otter", STARTED, 12.4, summary=summary,
                    reports=["/r/report-1.md", "/r/report-1.html", "/r/report-1.json"])
    assert "\n" not in line
    assert line.startswith("2025-06-01 06:00:02 UTC run brave-otter completed in 12 s: ")
    for part in ("7 inputs", "4 new", "2 already known or syndicated", "1 ingest error,", "23 statements",
                 "2 quarantined", "report /r/report-1.html"):
        assert part in line, (part, line)


def test_a_run_that_asked_a_model_says_how_much():
    summary = RunSummary(run_id="r2", inputs=3, articles_new=3, statements=5, llm_calls=3, llm_tokens=1234,
                         llm_failures=1, statements_unverified=2, statements_unknown=1)
    line = run_line("calm-heron", STARTED, 3.0, summary=summary)
    for part in ("3 model calls", "1,234 tokens", "1 failed call", "3 model positions dropped"):
        assert part in line, (part, line)
    rules_only = run_line("calm-heron", STARTED, 3.0, summary=RunSummary(run_id="r3", inputs=1, articles_new=1))
    assert "model" not in rules_only and "tokens" not in rules_only


def test_a_failed_run_is_one_line_with_the_error_and_no_secret():
    line = run_line("brave-otter", STARTED, 3, error="FetchError: 500 from\nhttps://u:pw@feeds.example/rss?token=abc")
    assert "\n" not in line
    assert line.startswith("2025-06-01 06:00:02 UTC run brave-otter failed after 3 s: FetchError: 500 from https://")
    assert "pw" not in line and "abc" not in line


def test_a_run_with_nothing_to_read_still_names_its_report():
    line = run_line("calm-heron", STARTED, 1, reports=["/r/report-2.html"])
    assert "nothing to read" in line and line.endswith("report /r/report-2.html")


# --------------------------------------------------------------------------- the flow itself


@pytest.mark.slow
def test_the_scheduled_flow_prints_one_line_per_run(prefect_harness, settings, tmp_path, capfd):
    from negotrack.flows.serve import scheduled_flow

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = sorted(SEEDS.iterdir())[0]
    shutil.copy(seed, inbox / seed.name)
    (inbox / "broken.json").write_text("{not json")
    params = {"db": str(settings.db), "data_dir": str(settings.data_dir),
              "reports_dir": str(settings.reports_dir), "workers": 1}
    capfd.readouterr()
    scheduled_flow(params, str(inbox), None)
    lines = [line for line in capfd.readouterr().out.splitlines() if " UTC run " in line]
    assert len(lines) == 1, lines
    line = lines[0]
    assert " completed in " in line and "2 inputs, 1 new" in line and "1 ingest error," in line
    report = Path(line.rsplit("; report ", 1)[1])
    assert report.suffix == ".html" and report.exists()


@pytest.mark.slow
def test_a_failing_scheduled_run_prints_its_failure(prefect_harness, settings, tmp_path, capfd):
    from negotrack.flows.serve import scheduled_flow

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(sorted(SEEDS.iterdir())[0], inbox / "a.md")
    not_a_db = tmp_path / "db-is-a-folder"
    not_a_db.mkdir()
    params = {"db": str(not_a_db), "data_dir": str(settings.data_dir), "reports_dir": str(settings.reports_dir)}
    capfd.readouterr()
    with pytest.raises(Exception):
        scheduled_flow(params, str(inbox), None)
    lines = [line for line in capfd.readouterr().out.splitlines() if " UTC run " in line]
    assert len(lines) == 1 and " failed after " in lines[0], lines


def test_a_crashed_run_gets_its_line_from_the_hook(capsys):
    """The hook Prefect's runner calls in the serve process when a run's process dies."""
    from types import SimpleNamespace

    from negotrack.flows.serve import _print_crash, scheduled_flow

    assert _print_crash in scheduled_flow.on_crashed_hooks
    run = SimpleNamespace(name="lost-lynx", start_time=STARTED, expected_start_time=None)
    _print_crash(scheduled_flow, run, SimpleNamespace(message="Flow run process exited with code -9", name="Crashed"))
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("2025-06-01 06:00:02 UTC run lost-lynx failed after ")
    assert out[0].endswith(": crashed: Flow run process exited with code -9")
