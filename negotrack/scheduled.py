"""What a scheduled run reads and prints, without Prefect: the feeds file, the run line.

``negotrack serve`` (``negotrack.flows.deployment``) runs the scheduled flow
(``negotrack.flows.serve``) again and again; these are the parts of it that are plain
text in and out, kept here so they are tested without starting a flow or a server.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from negotrack.runs import RunSummary


def read_feeds(path: str | Path | None) -> list[str]:
    """Feed URLs from a text file: one per line; blank lines and '#' comments ignored."""
    if not path:
        return []
    urls = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            urls.append(line)
    return urls


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _model_counts(summary: RunSummary) -> list[str]:
    """The model's share of a run (llm or hybrid extractor), when it was asked anything."""
    if not (summary.llm_calls or summary.llm_failures or summary.statements_unverified or summary.statements_unknown):
        return []
    return [_count(summary.llm_calls, "model call"), f"{summary.llm_tokens:,} tokens",
            _count(summary.llm_failures, "failed call"),
            f"{summary.statements_unverified + summary.statements_unknown} model positions dropped"]


def run_line(
    name: str,
    started: datetime,
    seconds: float,
    *,
    summary: RunSummary | None = None,
    reports: Sequence[str] = (),
    error: str | None = None,
) -> str:
    """The one line ``serve`` prints for a scheduled run: when it started, what it read and
    stored, what failed, and where its report is. ``summary`` is None when the inbox and
    feeds had nothing to read (only the report was written); ``error`` marks a failed run.
    """
    from negotrack.ingest.fetch import redact_text

    head = f"{started.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S} UTC run {name}"
    if error is not None:
        return f"{head} failed after {seconds:.0f} s: {' '.join(redact_text(error).split())}"
    if summary is None:
        what = "nothing to read in the inbox or feeds"
    else:
        what = ", ".join([
            _count(summary.inputs, "input"),
            f"{summary.articles_new} new",
            f"{summary.articles_known + summary.articles_syndicated} already known or syndicated",
            _count(summary.ingest_errors, "ingest error"),
            _count(summary.statements, "statement"),
            f"{summary.rows_quarantined} quarantined",
            *_model_counts(summary),
        ])
    html = [r for r in reports if str(r).endswith(".html")]
    report = (html or list(reports) or ["none written"])[0]
    return f"{head} completed in {seconds:.0f} s: {what}; report {report}"
