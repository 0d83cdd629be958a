"""The ingest stage's task bodies and its run-summary arithmetic.

Plan (skip the files read before and unchanged, cut the rest into chunks of about
``Settings.ingest_chunk_bytes``), then per chunk: read, validate, store the articles that
pass and quarantine the others; then mark syndicated copies. ``negotrack.flows.ingest``
makes each a Prefect task.

The counts must add up (``RunSummary.ingest_adds_up``): every input is a new, known,
syndicated, unreadable (ingest error) or quarantined article.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from negotrack import progress, store
from negotrack.config import Settings
from negotrack.ingest import IngestBatch, IngestPlan, KnownFiles, list_inputs, plan_inputs, read_sources
from negotrack.ingest.load import LoadCounts, load_known_files, store_batch
from negotrack.runs import RunSummary
from negotrack.stages.gate import validate_then_store
from negotrack.validate import DocsBacklog, validate_articles


@dataclass(frozen=True)
class StoredArticles:
    """One chunk after the gate: what ``store_batch`` counted, and what validation set aside."""

    counts: LoadCounts
    quarantined: int
    checked: int


def plan_sources(sources: list[str], settings: Settings) -> IngestPlan:
    """List the inputs, skip the files read before and unchanged (``Settings.skip_known_files``),
    and cut the rest into chunks."""
    known = None
    if settings.skip_known_files:
        with store.connect(settings, read_only=True) as con:
            known = load_known_files(con)
    return plan_inputs(sources, settings, known)


def read_chunk(
    sources: list, settings: Settings, known: KnownFiles | None = None, done: int = 0, total: int | None = None
) -> IngestBatch:
    """Read ``sources`` (paths, URLs, or a chunk of :func:`plan_sources`); ``done``/``total``
    place the chunk on the progress bar."""
    if total is None:
        total = len(list_inputs(sources))
    report = progress.reporter("Reading sources", total)
    return read_sources(sources, settings, progress=lambda n: report(done + n), known_files=known)


def store_articles(
    batch: IngestBatch, settings: Settings, run_id: str, docs: DocsBacklog | None = None
) -> StoredArticles:
    """Validate the batch's articles (``expectations/articles.json``); store those that pass
    with the batch's error rows and file records, quarantine the others (the result goes
    into ``docs`` when given, see ``gate.validate_then_store``)."""
    from negotrack.codebook import load_codebook

    codebook = load_codebook(settings.codebook)
    gated = validate_then_store(
        settings,
        run_id,
        lambda con: validate_articles(con, batch.articles, run_id, codebook=codebook),
        lambda con, kept: store_batch(con, replace(batch, articles=kept), run_id),
        docs=docs,
    )
    return StoredArticles(gated.stored, gated.quarantined, gated.checked)


def mark_syndicated(settings: Settings, run_id: str) -> int:
    """Fingerprint every article not checked yet (MinHash) and record syndicated copies;
    returns how many of run ``run_id``'s new articles are copies. The pending articles are
    found from the data, so the articles of a run killed at this step are checked by the
    next run."""
    from negotrack import syndication

    with store.connect(settings) as con, store.transaction(con):
        return syndication.mark_syndicated(con).copies_in_run(con, run_id)


# -- the run summary --------------------------------------------------------------------


def count_skipped(summary: RunSummary, plan: IngestPlan) -> None:
    """The records of files skipped as read before: inputs, and articles already known."""
    summary.inputs += plan.skipped_inputs
    summary.articles_known += plan.skipped_inputs


def count_chunk(summary: RunSummary, batch: IngestBatch, stored: StoredArticles) -> None:
    """Add one stored chunk. Its new articles count as new until :func:`count_syndicated`
    moves the copies among them; records of files whose bytes were read before are known."""
    summary.inputs += batch.inputs
    summary.articles_new += stored.counts.new
    summary.articles_known += stored.counts.known + batch.skipped_inputs
    summary.ingest_errors += stored.counts.errors
    summary.articles_quarantined += stored.quarantined
    summary.rows_quarantined += stored.quarantined
    summary.rows_checked += stored.checked


def count_syndicated(summary: RunSummary, syndicated: int) -> None:
    """A syndicated copy is stored (its positions are extracted) but counted as syndicated,
    not new."""
    summary.articles_new -= syndicated
    summary.articles_syndicated += syndicated
