"""Data Docs: the validation results as Great Expectations' static HTML site.

The site lives in a GX *file* context used only for documentation, under
``settings.data_docs_dir`` (``.negotrack/data_docs/`` by default; its ``uncommitted/`` is
ignored by git). Open :func:`data_docs_index` in a browser. The pages load Bootstrap and
JavaScript from CDNs, so offline they render unstyled but complete.

What is published is a copy of each result made for reading: failing values are cut to
the first :data:`DOCS_VALUES` per expectation (a 100,000-row failure would otherwise make
a page of megabytes), and every string value is HTML-escaped, because GX 1.24 writes the
values of its "unexpected index" table into the page unescaped (a ``<script>`` in evidence
would run).
"""

from __future__ import annotations

import dataclasses
import html
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from negotrack.config import Settings
from negotrack.validate.engine import ValidationOutcome, quiet_gx_logging

log = logging.getLogger("negotrack.validate")

DOCS_VALUES = 20
DOCS_KEEP = 100  # validation results kept on the site; older ones are pruned (the index grows with them)
_LIST_KEYS = (
    "unexpected_list",
    "unexpected_index_list",
    "partial_unexpected_list",
    "partial_unexpected_index_list",
    "partial_unexpected_counts",
)
SITE_PATH = Path("gx") / "uncommitted" / "data_docs" / "local_site" / "index.html"


def data_docs_index(settings: Settings) -> Path:
    """Where the Data Docs index page is (it exists after the first validation)."""
    return (Path(settings.data_docs_dir) / SITE_PATH).resolve()


def _escape(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, dict):
        return {k: _escape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escape(v) for v in value]
    return value


def _for_reading(result_dict: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in result_dict.items():
        if key == "unexpected_index_query":
            continue  # a pandas filter over every failing row id: long and of no use in a page
        if key in _LIST_KEYS and isinstance(value, list):
            value = value[:DOCS_VALUES]
        out[key] = _escape(value)
    return out


def docs_result(results):
    """A copy of a GX suite result fit for publishing (cut and escaped)."""
    from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult

    copies = [
        ExpectationValidationResult(
            success=r.success,
            expectation_config=r.expectation_config,
            result=_for_reading(dict(r.result or {})),
            meta=r.meta,
            exception_info=r.exception_info,
        )
        for r in results.results
    ]
    return ExpectationSuiteValidationResult(
        success=results.success,
        results=copies,
        suite_name=results.suite_name,
        statistics=results.statistics,
        meta=results.meta,
        batch_id=results.batch_id,
    )


def publish_data_docs(settings: Settings, outcomes: Iterable[ValidationOutcome]) -> Path | None:
    """Add these validation results (and their suites) to the Data Docs site; returns the
    index page, or None when nothing was validated and no site exists yet."""
    done = [o for o in outcomes if o.results is not None]
    index = data_docs_index(settings)
    if not done:
        return index if index.exists() else None
    import great_expectations as gx
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    quiet_gx_logging()

    root = Path(settings.data_docs_dir)
    root.mkdir(parents=True, exist_ok=True)
    ctx = gx.get_context(mode="file", project_root_dir=str(root.resolve()))
    identifiers: list = []
    for outcome in done:
        suite_id = ExpectationSuiteIdentifier(name=outcome.suite.name)
        # The docs context keeps its own copy of each suite for the suite pages; it is
        # regenerated freely (this folder is not versioned).
        ctx.suites.add_or_update(gx.ExpectationSuite(**_copy(outcome.suite.definition)))
        result = docs_result(outcome.results)
        result_id = ValidationResultIdentifier(
            expectation_suite_identifier=suite_id,
            run_id=result.meta["run_id"],
            batch_identifier=f"{outcome.table}-{'batch' if outcome.batch_mode else 'table'}",
        )
        ctx.validation_results_store.store_validation_results(
            suite_validation_result=result,
            suite_validation_result_identifier=result_id,
            expectation_suite_identifier=suite_id,
        )
        identifiers += [result_id, suite_id]
    _prune(root.resolve() / "gx" / "uncommitted", DOCS_KEEP)
    ctx.build_data_docs(resource_identifiers=identifiers)
    return index


def _prune(uncommitted: Path, keep: int) -> None:
    """Drop all but the ``keep`` newest validation results and their pages."""
    results_dir = uncommitted / "validations"
    pages_dir = uncommitted / "data_docs" / "local_site" / "validations"
    results = sorted(results_dir.rglob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in results[keep:]:
        relative = old.relative_to(results_dir).with_suffix(".html")
        old.unlink(missing_ok=True)
        (pages_dir / relative).unlink(missing_ok=True)
        for folder in (old.parent, (pages_dir / relative).parent):
            while folder not in (results_dir, pages_dir) and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent


def publish_quietly(settings: Settings, outcomes: Iterable[ValidationOutcome]) -> Path | None:
    """:func:`publish_data_docs`, but a failure to write documentation is logged, not raised:
    the data is already stored by then."""
    try:
        return publish_data_docs(settings, outcomes)
    except Exception:  # noqa: BLE001 - docs are a by-product; never fail a run for them
        log.warning("could not build the Data Docs under %s", settings.data_docs_dir, exc_info=True)
        return None


def _copy(definition: dict[str, Any]) -> dict[str, Any]:
    import copy

    return copy.deepcopy(definition)


class DocsBacklog:
    """Validation results waiting to be published as Data Docs.

    A run validates once per chunk, and building the site costs the same for one result as
    for ten (about 0.4 s: GX renders the index and the pages again), so a run collects its
    results here and publishes them once, at its end. Only what the pages need is kept (the
    suite and GX's results), not the validated rows. Results of a run that crashes before
    its end are not published: the docs are a by-product, the data is stored.
    """

    def __init__(self) -> None:
        self._outcomes: list[ValidationOutcome] = []

    def add(self, outcomes: Iterable[ValidationOutcome]) -> None:
        for o in outcomes:
            if o.results is not None:
                self._outcomes.append(dataclasses.replace(o, kept=o.kept.clear(), quarantined=o.quarantined.clear()))

    def __len__(self) -> int:
        return len(self._outcomes)

    def publish(self, settings: Settings) -> Path | None:
        """Publish what was collected (quietly, see :func:`publish_quietly`) and empty the backlog."""
        outcomes, self._outcomes = self._outcomes, []
        return publish_quietly(settings, outcomes)
