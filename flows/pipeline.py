"""The end-to-end pipeline: ingest -> extract -> validate -> report, one flow run."""

from __future__ import annotations

from prefect import flow
from prefect.runtime import flow_run

from negotrack.flows.extract import extract_stage
from negotrack.flows.ingest import ingest_stage
from negotrack.flows.report import report_stage
from negotrack.flows.validate import validate_stage
from negotrack.config import Settings
from negotrack.runs import RunSummary, extractor_params, tracked_run
from negotrack.validate import DocsBacklog


@flow(name="negotrack-pipeline")
def pipeline_flow(sources: list[str], settings: Settings, report: bool = True) -> RunSummary:
    """Ingest the sources, extract statements from what is new, validate, report
    (``report=False``: no report, as ``negotrack eval`` runs it)."""
    with tracked_run(settings, str(flow_run.id), "negotrack-pipeline", {"sources": sources, **extractor_params(settings)}) as summary:
        docs = DocsBacklog()  # every batch's validation result, published once with the last
        ingest_stage(sources, settings, summary, docs)
        extract_stage(settings, summary, docs=docs)
        # Articles and statements were validated on their way in; check the other tables.
        validate_stage(settings, summary, tables=("ingest_errors", "runs"), docs=docs)
        if report:
            report_stage(settings, summary)  # reports/latest.{html,md,json} + dated copies
    return summary
