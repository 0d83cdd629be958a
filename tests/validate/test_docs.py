"""Data Docs: GX's static site under settings.data_docs_dir, with article text escaped."""

from __future__ import annotations

import json

from negotrack.validate import data_docs_index, publish_data_docs
from negotrack.validate.docs import DOCS_VALUES

SCRIPT = "<script>alert('pwned')</script>"


def _pages(settings):
    return {p: p.read_text(encoding="utf-8") for p in settings.data_docs_dir.rglob("*.html")}


def test_data_docs_are_built_under_the_data_dir_and_escape_evidence(with_article, settings):
    rows = with_article
    text = rows.TEXT + " " + SCRIPT + "y" * 2100
    rows.ingest([rows.article("evil", text=text)])
    evidence = SCRIPT + "y" * 2100  # too long: fails a check on the evidence column itself
    bad = rows.statement("s-evil", evidence, text=text, article_id="evil")
    outcome = rows.extract([*rows.good_statements(), bad])
    assert "expect_column_value_lengths_to_be_between(evidence)" in outcome.quarantined["failed_expectations"][0]

    index = publish_data_docs(settings, [outcome])
    assert index == data_docs_index(settings) and index.is_file()
    assert settings.data_docs_dir.resolve() in index.parents
    pages = _pages(settings)
    validation_pages = [p for p in pages if "validations" in p.parts]
    assert validation_pages, list(pages)
    assert any("&lt;script&gt;" in pages[p] for p in validation_pages)  # the value is shown...
    for path, html in pages.items():
        assert "<script>alert" not in html, f"raw <script> from evidence in {path}"  # ...but never raw
    page = pages[validation_pages[0]]
    assert "evidence" in page and "statements" in page


def test_published_results_are_cut_to_a_readable_size(with_article, settings):
    rows = with_article
    bad = [rows.statement(f"b{i}", confidence=2.0 + i) for i in range(DOCS_VALUES + 15)]
    outcome = rows.extract([*rows.good_statements(), *bad])
    assert outcome.quarantined.height == DOCS_VALUES + 15
    publish_data_docs(settings, [outcome])
    stored = list((settings.data_docs_dir / "gx" / "uncommitted" / "validations").rglob("*.json"))
    assert len(stored) == 1
    result = json.loads(stored[0].read_text())
    conf = next(r for r in result["results"]
                if r["expectation_config"]["kwargs"].get("column") == "confidence"
                and r["expectation_config"]["type"] == "expect_column_values_to_be_between")
    assert conf["result"]["unexpected_count"] == DOCS_VALUES + 15  # the true count...
    assert len(conf["result"]["unexpected_index_list"]) == DOCS_VALUES  # ...and a sample of rows


def test_nothing_validated_builds_nothing(settings):
    assert publish_data_docs(settings, []) is None
    assert not settings.data_docs_dir.exists()
