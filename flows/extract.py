"""Extract: pending articles -> statements (validated before they are stored)."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from negotrack import store
from negotrack.codebook import load_codebook
from negotrack.config import Settings
from negotrack.extract import EXTRACTOR_VERSION
from negotrack.extract.batch import ExtractedBatch, extract_frame
from negotrack.extract.load import pending_articles, replace_statements
from negotrack.runs import RunSummary, tracked_run
from negotrack.validate import data_docs_index, publish_quietly, store_quarantine, validate_statements


@task(name="extract-statements", cache_policy=NO_CACHE)
def extract_task(settings: Settings, everything: bool) -> ExtractedBatch:
    codebook = load_codebook(settings.codebook)
    with store.connect(settings) as con:
        articles = pending_articles(con, EXTRACTOR_VERSION, codebook.hash, everything=everything)
    return extract_frame(
        articles,
        codebook,
        codebook_path=settings.codebook,
        workers=settings.workers,
        chunk_size=settings.batch_size,
    )


@task(name="store-statements", cache_policy=NO_CACHE)
def store_statements_task(batch: ExtractedBatch, settings: Settings, run_id: str) -> tuple[int, int]:
    """Validate the batch (expectations/statements.json), then store the statements that
    pass and quarantine the others in one transaction; returns (kept, quarantined)."""
    codebook = load_codebook(settings.codebook)
    # Validation is CPU work (Great Expectations): do it on a read-only connection, which
    # analysts' read-only queries can share, and hold the write lock only to store.
    with store.connect(settings, read_only=True) as con:
        outcome = validate_statements(con, batch.statements, run_id, codebook=codebook)
    with store.connect(settings) as con:
        with store.transaction(con):
            replace_statements(
                con,
                batch.articles,
                outcome.kept,
                run_id=run_id,
                extractor_version=EXTRACTOR_VERSION,
                codebook_hash=codebook.hash,
            )
            store_quarantine(
                con,
                outcome,
                run_id,
                extra={"extractor_version": EXTRACTOR_VERSION, "codebook_hash": codebook.hash},
            )
    publish_quietly(settings, [outcome])
    return outcome.kept.height, outcome.quarantined.height


def extract_stage(settings: Settings, summary: RunSummary, *, everything: bool = False) -> None:
    batch = extract_task(settings, everything)
    kept, quarantined = store_statements_task(batch, settings, summary.run_id)
    summary.articles_extracted = batch.articles.height
    summary.statements = batch.statements.height
    summary.statements_kept = kept
    summary.statements_quarantined = quarantined
    summary.rows_checked += kept + quarantined
    summary.rows_quarantined += quarantined
    if kept + quarantined and data_docs_index(settings).exists():
        summary.data_docs = str(data_docs_index(settings))


@flow(name="negotrack-extract")
def extract_flow(settings: Settings, everything: bool = False) -> RunSummary:
    """Extract statements from articles not yet extracted with this extractor and codebook."""
    with tracked_run(settings, str(flow_run.id), "negotrack-extract", {"all": everything}) as summary:
        extract_stage(settings, summary, everything=everything)
    return summary
