"""Report: the views -> Markdown, HTML and JSON files in ``reports/`` (dated + latest.*)."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from negotrack.config import Settings
from negotrack.report import ReportOptions, generate
from negotrack.runs import RunSummary


@task(name="write-report", cache_policy=NO_CACHE)
def report_task(settings: Settings, options: ReportOptions | None = None,
                formats: list[str] | None = None, out_dir: str | None = None) -> list[str]:
    paths = generate(settings, options, formats or ["html", "md", "json"], out_dir)
    return [str(p) for p in paths]


def report_stage(settings: Settings, summary: RunSummary) -> None:
    """The report task, shared by this flow, the pipeline and the scheduled flow."""
    summary.reports = report_task(settings)


@flow(name="negotrack-report")
def report_flow(
    settings: Settings,
    since: date | None = None,
    until: date | None = None,
    parties: list[str] | None = None,
    issues: list[str] | None = None,
    period: str | None = None,
    formats: list[str] | None = None,
    out_dir: str | None = None,
) -> list[str]:
    """Write the report from what is in the database (no ingest, no extraction)."""
    options = ReportOptions(since=since, until=until, parties=tuple(parties or ()),
                            issues=tuple(issues or ()), period=period)
    return report_task(settings, options, formats, out_dir)
