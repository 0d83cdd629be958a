"""The stages' storing code, run by a child process that test_crash.py kills at exact points.

Each function mirrors what flows/ingest.py and flows/extract.py do around the database
(a run row, one connection per unit of work, one transaction per batch), without Prefect
and without Great Expectations, so that a child starts in a fraction of a second.
"""

from __future__ import annotations

import os
import signal
import uuid
from pathlib import Path

from negotrack import runs, store
from negotrack.codebook import load_codebook
from negotrack.config import Settings
from negotrack.extract import EXTRACTOR_VERSION
from negotrack.extract.batch import extract_frame
from negotrack.extract.load import pending_articles, replace_statements
from negotrack.ingest import read_sources
from negotrack.ingest.load import store_batch


def _extract_and_store(settings: Settings, run_id: str, summary: runs.RunSummary, *,
                       everything: bool, point: str = "") -> None:
    codebook = load_codebook()
    with store.connect(settings) as con:
        articles = pending_articles(con, EXTRACTOR_VERSION, codebook.hash, everything=everything)
    batch = extract_frame(articles, codebook, workers=1)
    with store.connect(settings) as con, store.transaction(con):
        replace_statements(con, batch.articles, batch.statements, run_id=run_id,
                           extractor_version=EXTRACTOR_VERSION, codebook_hash=codebook.hash)
    if point == "after_commit":
        os.kill(os.getpid(), signal.SIGKILL)
    summary.articles_extracted = batch.articles.height
    summary.statements = summary.statements_kept = batch.statements.height


def _ingest(settings: Settings, sources: list[Path], run_id: str, summary: runs.RunSummary, point: str = "") -> None:
    try:  # as flows/ingest.py: remember the files read, so that later runs skip them
        from negotrack.ingest.load import load_known_files

        with store.connect(settings, read_only=True) as con:
            known = load_known_files(con)
        batch = read_sources(sources, settings, known_files=known)
    except ImportError:
        batch = read_sources(sources, settings)
    with store.connect(settings) as con, store.transaction(con):
        counts = store_batch(con, batch, run_id)
    if point == "after_commit":
        os.kill(os.getpid(), signal.SIGKILL)
    _deduplicate(settings)
    summary.inputs = batch.inputs
    summary.articles_new, summary.articles_known, summary.ingest_errors = counts.new, counts.known, counts.errors


def _deduplicate(settings: Settings) -> None:
    """As flows/ingest.py's de-duplication step: every article not checked yet, own transaction."""
    from negotrack import syndication

    with store.connect(settings) as con, store.transaction(con):
        syndication.mark_syndicated(con)


def build_base(db: Path, corpus: Path) -> None:
    settings = Settings(db=db)
    with runs.tracked_run(settings, "r1-base", "test-base", {}) as summary:
        _ingest(settings, [corpus], "r1-base", summary)
        _extract_and_store(settings, "r1-base", summary, everything=False)


def reextract(settings: Settings, point: str) -> None:
    """Re-extract every article (statements replaced), dying at ``point``."""
    with runs.tracked_run(settings, "r2-reextract", "test-reextract", {}) as summary:
        _extract_and_store(settings, "r2-reextract", summary, everything=True, point=point)


def ingest_more(settings: Settings, point: str) -> None:
    """Ingest 60 new articles and a broken file, dying at ``point``."""
    from reliability.helpers import make_corpus

    more = Path(settings.db).parent / "more"
    make_corpus(more, 60, seed=9, start=5000)
    (more / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    with runs.tracked_run(settings, "r3-ingest", "test-ingest", {}) as summary:
        _ingest(settings, [more], "r3-ingest", summary, point)


def finish_pending_work(db: Path, work: Path) -> None:
    """The next run: marks killed runs failed (start_run) and extracts what is pending."""
    settings = Settings(db=db)
    run_id = f"r4-{uuid.uuid4().hex[:8]}"
    with runs.tracked_run(settings, run_id, "test-next", {}) as summary:
        _deduplicate(settings)  # what a killed run left unchecked
        _extract_and_store(settings, run_id, summary, everything=False)
