"""The real HTML path imports: a broken install must fail here, not fall back silently.

lxml 6.2 dropped the ``html_clean`` extra that jusText (under trafilatura) imports; pip
only warns, and the page then silently went through the light parser, losing its title,
date and site name. These tests import the whole chain and check that a page's metadata
comes from trafilatura."""

from __future__ import annotations

import importlib

import pytest

from negotrack.ingest.formats import extract_html, missing_html_parser


@pytest.mark.parametrize("module", ["trafilatura", "justext", "lxml.html", "lxml_html_clean", "htmldate", "courlan"])
def test_html_parsers_import(module):
    importlib.import_module(module)


def test_extract_html_uses_trafilatura_metadata():
    page = """<html><head><title>Ignored title</title>
    <meta property="og:title" content="Araghchi rejects zero enrichment">
    <meta property="og:site_name" content="Example Wire">
    <meta property="article:published_time" content="2026-02-07T10:00:00Z">
    </head><body><nav>Menu</nav><article><p>Iran's foreign minister said on Saturday that
    enrichment is an inalienable right and must continue, whatever Washington demands.</p>
    <p>He added that the missile programme is not up for negotiation.</p></article></body></html>"""
    text, meta = extract_html(page)
    assert missing_html_parser() is None
    assert "inalienable right" in text
    assert meta.get("title") == "Araghchi rejects zero enrichment"
    assert meta.get("sitename") == "Example Wire"
    assert str(meta.get("date")).startswith("2026-02-07")


def test_a_missing_html_parser_is_said_by_status_and_every_run(tmp_path, monkeypatch):
    """`status` (and the run summary, through the same warning) name a missing module of
    the HTML chain instead of working around it in silence."""
    import importlib.util

    from typer.testing import CliRunner

    from negotrack import cli
    from negotrack.ingest import formats

    assert formats.html_parser_problem() is None  # this install is whole
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a, **k: None if name == "lxml_html_clean" else real_find_spec(name, *a, **k))
    assert formats.html_parser_problem() == "lxml_html_clean is not installed"
    from negotrack import store
    from negotrack.config import Settings

    db = tmp_path / "s.duckdb"
    with store.connect(Settings(db=db)):
        pass
    res = CliRunner().invoke(cli.app, ["--db", str(db), "status"])
    assert "HTML parser is unavailable (lxml_html_clean is not installed)" in " ".join(res.output.split())
