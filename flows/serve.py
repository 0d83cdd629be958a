"""The scheduled flow that ``negotrack serve`` deploys: inbox + feeds -> pipeline -> reports.

Parameters are plain JSON (paths as strings) because they are stored in the deployment.
Each run re-reads the feeds file, so feeds can be added without restarting ``serve``;
what was already ingested is recognised and skipped by the ingest stage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow

from negotrack.config import Settings


@flow(name="negotrack-scheduled", log_prints=False)
def scheduled_flow(settings: dict[str, Any], inbox: str | None = None, feeds_file: str | None = None) -> dict:
    """Ingest what is new in the inbox folder and the listed feeds, run the pipeline, report."""
    from negotrack.serve import read_feeds

    s = Settings(**{k: v for k, v in settings.items() if v is not None})
    sources: list[str] = []
    if inbox and Path(inbox).is_dir() and any(p.is_file() for p in Path(inbox).rglob("*")):
        sources.append(inbox)
    sources += read_feeds(feeds_file)
    if sources:
        from flows.pipeline import pipeline_flow

        summary = pipeline_flow(sources, s)
        return {"sources": sources, "articles_new": summary.articles_new, "reports": summary.reports}
    from flows.report import report_flow
    from negotrack import store

    with store.connect(s):  # a first run with an empty inbox still gets a (empty) database and report
        pass
    return {"sources": [], "articles_new": 0, "reports": report_flow(s)}
