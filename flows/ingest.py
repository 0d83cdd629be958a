"""Ingest: sources -> articles + ingest_errors."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from negotrack import store
from negotrack.config import Settings
from negotrack.ingest import IngestBatch, read_sources
from negotrack.ingest.load import LoadCounts, store_batch
from negotrack.runs import RunSummary, tracked_run


@task(name="read-sources", cache_policy=NO_CACHE)
def read_sources_task(sources: list[str], settings: Settings) -> IngestBatch:
    return read_sources(sources, settings)


@task(name="store-articles", cache_policy=NO_CACHE)
def store_articles_task(batch: IngestBatch, settings: Settings, run_id: str) -> LoadCounts:
    with store.connect(settings) as con:
        return store_batch(con, batch, run_id)


def ingest_stage(sources: list[str], settings: Settings, summary: RunSummary) -> None:
    """The ingest tasks, shared by this flow and the pipeline."""
    batch = read_sources_task(sources, settings)
    counts = store_articles_task(batch, settings, summary.run_id)
    summary.inputs = batch.inputs
    summary.articles_new = counts.new
    summary.articles_known = counts.known
    summary.articles_syndicated = getattr(counts, "syndicated", 0)
    summary.ingest_errors = counts.errors


@flow(name="negotrack-ingest", log_prints=False)
def ingest_flow(sources: list[str], settings: Settings) -> RunSummary:
    """Read articles from files, folders, feeds and URLs into the database."""
    with tracked_run(settings, str(flow_run.id), "negotrack-ingest", {"sources": sources}) as summary:
        ingest_stage(sources, settings, summary)
    return summary
