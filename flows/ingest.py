"""Ingest: sources -> articles + ingest_errors. One task per step of
``negotrack.stages.ingest``; this module only makes them Prefect tasks and a flow."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from negotrack.config import Settings
from negotrack.ingest import IngestBatch, IngestPlan, KnownFiles
from negotrack.runs import RunSummary, tracked_run
from negotrack.stages import ingest as stage
from negotrack.stages.gate import note_data_docs
from negotrack.validate import DocsBacklog


@task(name="plan-sources", cache_policy=NO_CACHE)
def plan_sources_task(sources: list[str], settings: Settings) -> IngestPlan:
    return stage.plan_sources(sources, settings)


@task(name="read-sources", cache_policy=NO_CACHE)
def read_sources_task(
    sources: list, settings: Settings, known: KnownFiles | None = None, done: int = 0, total: int | None = None
) -> IngestBatch:
    return stage.read_chunk(sources, settings, known, done, total)


@task(name="store-articles", cache_policy=NO_CACHE)
def store_articles_task(
    batch: IngestBatch, settings: Settings, run_id: str, docs: DocsBacklog | None = None
) -> stage.StoredArticles:
    return stage.store_articles(batch, settings, run_id, docs)


@task(name="mark-syndicated", cache_policy=NO_CACHE)
def mark_syndicated_task(settings: Settings, run_id: str) -> int:
    return stage.mark_syndicated(settings, run_id)


def ingest_stage(
    sources: list[str], settings: Settings, summary: RunSummary, docs: DocsBacklog | None = None
) -> None:
    """The ingest tasks, shared by this flow and the pipeline: plan (skip files known and
    unchanged), then read, validate and store chunk by chunk, then mark syndicated copies.
    The validation results go to the Data Docs at the end (with ``docs``: at the end of the
    caller's run)."""
    backlog = docs if docs is not None else DocsBacklog()
    plan = plan_sources_task(sources, settings)
    stage.count_skipped(summary, plan)
    done = plan.skipped_files
    for chunk in plan.chunks:
        # quote(): Prefect would otherwise walk every element of these large parameters
        batch = read_sources_task(quote(chunk), settings, quote(plan.known), done, plan.inputs)
        done += len(chunk)
        stage.count_chunk(summary, batch, store_articles_task(batch, settings, summary.run_id, backlog))
    # always: an earlier run killed at this step left articles unchecked (found from the data)
    stage.count_syndicated(summary, mark_syndicated_task(settings, summary.run_id))
    if docs is None:
        backlog.publish(settings)
        note_data_docs(summary, settings)


@flow(name="negotrack-ingest", log_prints=False)
def ingest_flow(sources: list[str], settings: Settings) -> RunSummary:
    """Read articles from files, folders, feeds and URLs into the database."""
    with tracked_run(settings, str(flow_run.id), "negotrack-ingest", {"sources": sources}) as summary:
        ingest_stage(sources, settings, summary)
    return summary
