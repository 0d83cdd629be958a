"""Ingest: sources -> articles + ingest_errors."""

from __future__ import annotations

from dataclasses import replace

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from negotrack import progress, store
from negotrack.config import Settings
from negotrack.ingest import IngestBatch, IngestPlan, KnownFiles, list_inputs, plan_inputs, read_sources
from negotrack.ingest.load import LoadCounts, load_known_files, store_batch
from negotrack.runs import RunSummary, tracked_run
from negotrack.validate import data_docs_index, publish_quietly, store_quarantine, validate_articles


@task(name="plan-sources", cache_policy=NO_CACHE)
def plan_sources_task(sources: list[str], settings: Settings) -> IngestPlan:
    """List the inputs, skip the files read before and unchanged (Settings.skip_known_files),
    and cut the rest into chunks of about Settings.ingest_chunk_bytes."""
    known = None
    if settings.skip_known_files:
        with store.connect(settings, read_only=True) as con:
            known = load_known_files(con)
    return plan_inputs(sources, settings, known)


@task(name="read-sources", cache_policy=NO_CACHE)
def read_sources_task(
    sources: list, settings: Settings, known: KnownFiles | None = None, done: int = 0, total: int | None = None
) -> IngestBatch:
    """Read ``sources`` (paths, URLs, or a chunk of :func:`plan_inputs`); ``done``/``total``
    place the chunk on the progress bar."""
    if total is None:
        total = len(list_inputs(sources))
    report = progress.reporter("Reading sources", total)
    return read_sources(sources, settings, progress=lambda n: report(done + n), known_files=known)


@task(name="store-articles", cache_policy=NO_CACHE)
def store_articles_task(batch: IngestBatch, settings: Settings, run_id: str) -> tuple[LoadCounts, int, int]:
    """Validate the articles (expectations/articles.json); store those that pass, quarantine
    the others. Returns (counts of the stored batch, articles quarantined, articles checked)."""
    from negotrack.codebook import load_codebook

    codebook = load_codebook(settings.codebook)
    # Validation is CPU work (Great Expectations): do it on a read-only connection, which
    # analysts' read-only queries can share, and hold the write lock only to store.
    with store.connect(settings, read_only=True) as con:
        outcome = validate_articles(con, batch.articles, run_id, codebook=codebook)
    with store.connect(settings) as con, store.transaction(con):  # articles and quarantine together
        counts = store_batch(con, replace(batch, articles=outcome.kept), run_id)
        store_quarantine(con, outcome, run_id)
    publish_quietly(settings, [outcome])
    return counts, outcome.quarantined.height, outcome.checked


@task(name="mark-syndicated", cache_policy=NO_CACHE)
def mark_syndicated_task(settings: Settings, run_id: str) -> int:
    """Fingerprint every article not checked yet (MinHash) and record syndicated copies;
    returns how many of this run's new articles are copies (negotrack/syndication.py).
    The pending articles are found from the data, so the articles of a run killed at this
    step are checked by the next run."""
    from negotrack import syndication

    with store.connect(settings) as con, store.transaction(con):
        return syndication.mark_syndicated(con).copies_in_run(con, run_id)


def ingest_stage(sources: list[str], settings: Settings, summary: RunSummary) -> None:
    """The ingest tasks, shared by this flow and the pipeline: plan (skip files known and
    unchanged), then read, validate and store chunk by chunk, then mark syndicated copies."""
    plan = plan_sources_task(sources, settings)
    inputs = known = plan.skipped_inputs  # records of skipped files: articles already known
    new = errors = quarantined = checked = 0
    done = plan.skipped_files
    for chunk in plan.chunks:
        # quote(): Prefect would otherwise walk every element of these large parameters
        batch = read_sources_task(quote(chunk), settings, quote(plan.known), done, plan.inputs)
        done += len(chunk)
        counts, chunk_quarantined, chunk_checked = store_articles_task(batch, settings, summary.run_id)
        inputs += batch.inputs
        new += counts.new
        known += counts.known + batch.skipped_inputs
        errors += counts.errors
        quarantined += chunk_quarantined
        checked += chunk_checked
    summary.inputs = inputs
    # a syndicated copy is stored (its positions are extracted) but counted as syndicated, not new
    # always: an earlier run killed at this step left articles unchecked (found from the data)
    syndicated = mark_syndicated_task(settings, summary.run_id)
    summary.articles_new = new - syndicated
    summary.articles_known = known
    summary.articles_syndicated = syndicated
    summary.ingest_errors = errors
    summary.articles_quarantined = quarantined
    summary.rows_quarantined += quarantined
    summary.rows_checked += checked
    if checked and data_docs_index(settings).exists():
        summary.data_docs = str(data_docs_index(settings))


@flow(name="negotrack-ingest", log_prints=False)
def ingest_flow(sources: list[str], settings: Settings) -> RunSummary:
    """Read articles from files, folders, feeds and URLs into the database."""
    with tracked_run(settings, str(flow_run.id), "negotrack-ingest", {"sources": sources}) as summary:
        ingest_stage(sources, settings, summary)
    return summary
