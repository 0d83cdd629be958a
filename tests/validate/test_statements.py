"""The statements suite: each expectation, broken by one row of a batch whose good rows land."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from negotrack.validate import load_suite
from negotrack.validate.engine import expectation_label

P = dt.date(2025, 4, 12)


# (case id, changes to a good statement, the expectation that must be named)
CASES = [
    ("null statement_id", {"statement_id": None}, "expect_column_values_to_not_be_null(statement_id)"),
    ("null article_id", {"article_id": None}, "expect_column_values_to_not_be_null(article_id)"),
    ("orphan article_id", {"article_id": "no-such-article"}, "expect_column_values_to_be_in_set(article_exists)"),
    ("null party", {"party": None}, "expect_column_values_to_not_be_null(party)"),
    ("unknown party", {"party": "atlantis"}, "expect_column_values_to_be_in_set(party)"),
    ("null issue", {"issue": None}, "expect_column_values_to_not_be_null(issue)"),
    ("unknown issue", {"issue": "fisheries"}, "expect_column_values_to_be_in_set(issue)"),
    ("null stance", {"stance": None}, "expect_column_values_to_not_be_null(stance)"),
    ("unknown stance", {"stance": "shrug"}, "expect_column_values_to_be_in_set(stance)"),
    ("null hardness", {"hardness": None}, "expect_column_values_to_not_be_null(hardness)"),
    ("hardness does not match stance", {"stance": "refuse", "hardness": 1},
     "expect_column_values_to_be_in_set(stance_hardness)"),
    ("concede with hardness +2", {"stance": "concede", "hardness": 2},
     "expect_column_values_to_be_in_set(stance_hardness)"),
    ("null stated_on", {"stated_on": None}, "expect_column_values_to_not_be_null(stated_on)"),
    ("dated five years after its article", {"stated_on": dt.date(2030, 4, 12)},
     "expect_column_values_to_be_between(stated_days_after_article)"),
    ("dated two years before its article", {"stated_on": dt.date(2023, 4, 1)},
     "expect_column_values_to_be_between(stated_days_after_article)"),
    ("dated 31 days after its article", {"stated_on": P + dt.timedelta(days=31)},
     "expect_column_values_to_be_between(stated_days_after_article)"),
    ("unknown date_source", {"date_source": "guess"}, "expect_column_values_to_be_in_set(date_source)"),
    ("null date_source", {"date_source": None}, "expect_column_values_to_not_be_null(date_source)"),
    ("null evidence", {"evidence": None}, "expect_column_values_to_not_be_null(evidence)"),
    ("empty evidence", {"evidence": ""}, "expect_column_value_lengths_to_be_between(evidence)"),
    ("evidence over 2,000 characters", {"evidence": "x" * 2001},
     "expect_column_value_lengths_to_be_between(evidence)"),
    ("evidence not at its offsets (shifted by one)", {"shift": 1},
     "expect_column_values_to_be_in_set(evidence_at_offsets)"),
    ("evidence not in the text", {"evidence": "enrichment is NOT our right and must continue."},
     "expect_column_values_to_be_in_set(evidence_at_offsets)"),
    ("null char_start", {"char_start": None}, "expect_column_values_to_not_be_null(char_start)"),
    ("negative char_start", {"char_start": -3}, "expect_column_values_to_be_between(char_start)"),
    ("null char_end", {"char_end": None}, "expect_column_values_to_not_be_null(char_end)"),
    ("char_end not after char_start", {"same_offsets": True},
     "expect_column_pair_values_a_to_be_greater_than_b(char_end, char_start)"),
    ("null confidence", {"confidence": None}, "expect_column_values_to_not_be_null(confidence)"),
    ("confidence above 1", {"confidence": 1.5}, "expect_column_values_to_be_between(confidence)"),
    ("negative confidence", {"confidence": -0.1}, "expect_column_values_to_be_between(confidence)"),
]
DUPLICATE = "expect_column_values_to_be_unique(statement_id)"


def _bad_row(rows, changes: dict) -> dict:
    changes = dict(changes)
    bad = rows.statement("bad", rows.EVIDENCE_1)
    if changes.pop("shift", None):
        bad["char_start"] += 1
        bad["char_end"] += 1
    if changes.pop("same_offsets", None):
        bad["char_end"] = bad["char_start"]
    if changes.get("evidence") is not None:
        changes.setdefault("char_end", bad["char_start"] + len(changes["evidence"]))
    bad.update(changes)
    return bad


@pytest.mark.parametrize("changes,label", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_row_breaking_an_expectation_is_quarantined_and_good_rows_land(with_article, changes, label):
    rows = with_article
    good = rows.good_statements()
    bad = _bad_row(rows, changes)
    outcome = rows.extract([good[0], bad, good[1]], run_id="run-7")

    assert outcome.checked == 3
    # the good rows landed, in statements
    assert sorted(rows.column("SELECT statement_id FROM statements")) == ["s1", "s2"]
    # the bad one is in quarantine, whole, naming the expectation it broke
    held = rows.quarantine("statements")
    assert len(held) == 1, held
    q = held[0]
    assert label in q["failed_expectations"], q["failed_expectations"]
    assert q["disposition"] == "held" and q["run_id"] == "run-7" and q["released_at"] is None
    row = json.loads(q["row_json"])
    assert row["statement_id"] == bad["statement_id"] and row["evidence"] == bad["evidence"]
    assert row["extractor_version"] == "test-extractor" and row["run_id"] == "run-7"
    assert row["extracted_at"] is not None


def test_every_statements_expectation_has_a_case():
    """Adding an expectation to expectations/statements.json needs a case above."""
    suite = load_suite("statements", check=False, codebook=_FakeCodebook())
    labels = {expectation_label(e["type"], e["kwargs"]) for e in suite.expectations}
    assert labels == {c[2] for c in CASES} | {DUPLICATE}


class _FakeCodebook:
    parties = issues = stances = languages = ("x",)
    hardness = {"x": 0}


def test_a_clean_batch_is_all_kept(with_article):
    rows = with_article
    outcome = rows.extract(rows.good_statements())
    assert outcome.quarantined.height == 0 and outcome.kept.height == 2
    assert rows.quarantine() == []
    assert rows.column("SELECT count(*) FROM statements") == [2]


def test_several_failures_of_one_row_are_all_named(with_article):
    rows = with_article
    bad = rows.statement("bad", party="atlantis", stance="refuse", hardness=-1, confidence=3.0)
    outcome = rows.extract([*rows.good_statements(), bad])
    (labels,) = outcome.quarantined["failed_expectations"].to_list()
    assert labels == [
        "expect_column_values_to_be_in_set(party)",
        "expect_column_values_to_be_in_set(stance_hardness)",
        "expect_column_values_to_be_between(confidence)",
    ]


def test_duplicate_statement_ids_are_both_held(with_article):
    rows = with_article
    s1, s2 = rows.good_statements()
    twin = rows.statement("s1", rows.EVIDENCE_1, confidence=0.4)
    outcome = rows.extract([s1, s2, twin])
    assert rows.column("SELECT statement_id FROM statements") == ["s2"]
    held = rows.quarantine("statements")
    assert [q["row_key"] for q in held] == ["s1", "s1"]
    assert all(DUPLICATE in q["failed_expectations"] for q in held)
    assert sorted(json.loads(q["row_json"])["confidence"] for q in held) == [0.4, 0.9]
    assert outcome.failures[DUPLICATE] == 2


def test_empty_batch_checks_nothing_and_does_not_import_gx(tmp_path):
    """GX costs ~2 s to import: a run with nothing new must not pay it."""
    import subprocess
    import sys

    code = f"""
import sys, polars as pl
from negotrack import store
from negotrack.config import Settings
from negotrack.models import STATEMENT_SCHEMA
from negotrack.validate import validate_statements, store_quarantine
with store.connect(Settings(db={str(tmp_path / 'e.duckdb')!r})) as con:
    frame = pl.DataFrame(schema={{"statement_id": pl.String, **STATEMENT_SCHEMA}})
    o = validate_statements(con, frame, "r")
    assert o.checked == 0 and o.results is None and o.kept.height == 0
    assert store_quarantine(con, o, "r") == 0
assert "great_expectations" not in sys.modules, "GX was imported"
print("ok")
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr
