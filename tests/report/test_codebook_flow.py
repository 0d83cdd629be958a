"""The codebook is the single source of truth: an analyst adds an issue, a party, a stance
colour and a language in the YAML files only, and the expectation suites, the report's
labels, its CSS and its charts follow, with no Python or JSON edit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from negotrack.codebook import DEFAULT_DIR, load_codebook
from negotrack.report.labels import load_labels
from negotrack.report.write import generate_report
from negotrack.validate.suites import load_suite

NEW_PARTY = """  - code: turkey
    label: {en: Türkiye, fr: Turquie}
    short: {en: TR}
    colour: "#654321"
    names:
      en: [Ankara, Turkey]
"""
NEW_ISSUE = """  - code: oil_exports
    label: {en: Oil exports}
    colour: "#2266aa"
    terms:
      en: [oil exports, crude exports]
"""
ARTICLE_TEXT = ("ANKARA - Turkey said on Monday it was ready to discuss oil exports with all sides, "
                "according to a statement from the foreign ministry.")
EVIDENCE = "it was ready to discuss oil exports with all sides"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def extended_codebook(tmp_path: Path) -> Path:
    """A copy of the packaged codebook with YAML edits only."""
    folder = tmp_path / "codebook"
    shutil.copytree(DEFAULT_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    _edit(folder / "cues.yaml", "languages:\n", "languages:\n  de: {name: {en: German}}\n")
    # a new colour for "open", no text colour: the text colour is worked out (dark blue -> white)
    _edit(folder / "cues.yaml", 'colour: "#b2abd2", text_colour: "#17122b",', 'colour: "#123456",')
    _edit(folder / "parties.yaml", "\nparties:\n", "\nparties:\n" + NEW_PARTY)
    _edit(folder / "issues.yaml", "\nissues:\n", "\nissues:\n" + NEW_ISSUE)
    return folder


def test_new_codes_reach_the_suites(tmp_path):
    codebook = load_codebook(extended_codebook(tmp_path))
    statements = load_suite("statements", codebook)
    sets = {e["kwargs"]["column"]: e["kwargs"]["value_set"] for e in statements.expectations
            if "value_set" in e["kwargs"]}
    assert "turkey" in sets["party"] and "oil_exports" in sets["issue"]
    assert "open:-1" in sets["stance_hardness"]
    articles = load_suite("articles", codebook)
    languages = next(e["kwargs"]["value_set"] for e in articles.expectations
                     if e["kwargs"].get("column") == "language" and "value_set" in e["kwargs"])
    assert sorted(languages) == ["ar", "de", "en", "fr"]


def test_new_codes_reach_the_labels(tmp_path):
    labels = load_labels(extended_codebook(tmp_path))
    assert labels.party("turkey") == "Türkiye" and labels.party_short("turkey") == "TR"
    assert labels.issue("oil_exports") == "Oil exports"
    assert labels.languages["de"] == "German"
    assert labels.style(["turkey", "usa"])["turkey"]["colour"] == "#654321"
    assert labels.stances["open"].colour == "#123456" and labels.stances["open"].text_colour == "#fff"
    assert load_labels(extended_codebook(tmp_path / "fr"), language="fr").party("turkey") == "Turquie"


def test_new_codes_reach_the_report(tmp_path, settings, corpus):
    settings.codebook = extended_codebook(tmp_path)
    article = {"article_id": "tr-oil", "title": "Ankara on oil", "source": "Wire", "url": None,
               "published": "2025-04-16", "language": "de", "text": ARTICLE_TEXT}
    position = {"article_id": "tr-oil", "party": "turkey", "issue": "oil_exports", "stance": "open",
                "actor": None, "date": "2025-04-16", "evidence": EVIDENCE}
    corpus.build_db(settings, extra_articles=[article], extra_positions=[position])
    report, written = generate_report(settings, formats=("md", "html", "json"))
    by_ext = {p.suffix: p.read_text(encoding="utf-8") for p in written}

    assert "turkey" in report["parties"] and "oil_exports" in report["issues"]
    assert json.loads(by_ext[".json"])["labels"]["parties"]["turkey"] == "Türkiye"
    md = by_ext[".md"]
    assert "### Oil exports" in md and "| Türkiye | open | −1 |" in md
    html = by_ext[".html"]
    assert ".st-open{background:#123456;color:#fff}" in html
    assert "figure.issue-oil_exports{border-left:4px solid #2266aa" in html
    assert '<figure class="issue issue-oil_exports"><h3>Oil exports</h3>' in html
    assert 'stroke="#654321"' in html or 'fill="#654321"' in html  # Türkiye's marker in the chart
