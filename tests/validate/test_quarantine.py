"""Quarantine: releasing fixed rows, validating stored rows in place, flags on runs and
ingest_errors (each of their expectations broken once)."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import polars as pl
import pytest

from negotrack.extract.load import pending_articles
from negotrack.validate import (
    list_quarantine,
    load_suite,
    release,
    validate_database,
    validate_frame,
)
from negotrack.validate.engine import expectation_label


def _codebook_with_party(tmp_path, codebook, code):
    from negotrack.codebook import load_codebook

    folder = tmp_path / "codebook-fixed"
    shutil.copytree(codebook.folder, folder)
    text = (folder / "parties.yaml").read_text()
    (folder / "parties.yaml").write_text(text.replace("parties:\n", f"parties:\n  - code: {code}\n", 1))
    return load_codebook(folder)


# ------------------------------------------------------------------ release


def test_release_restores_a_statement_once_the_codebook_knows_its_party(with_article, settings, tmp_path):
    rows = with_article
    bad = rows.statement("s9", party="oman_gulf")
    rows.extract([*rows.good_statements(), bad])
    (q,) = rows.quarantine("statements")
    assert "expect_column_values_to_be_in_set(party)" in q["failed_expectations"]

    # not fixed yet: the release says why and changes nothing
    result = release(rows.con, q["quarantine_id"], settings)
    assert not result.released
    assert "expect_column_values_to_be_in_set(party)" in result.message
    assert rows.column("SELECT count(*) FROM statements") == [2]

    fixed = _codebook_with_party(tmp_path, rows.codebook, "oman_gulf")
    result = release(rows.con, q["quarantine_id"], settings, codebook=fixed)
    assert result.released, result.message
    restored = rows.con.execute(
        "SELECT party, evidence, extractor_version, run_id FROM statements WHERE statement_id = 's9'"
    ).fetchall()
    assert restored == [("oman_gulf", rows.EVIDENCE_1, "test-extractor", "run-extract")]
    assert rows.quarantine("statements")[0]["released_at"] is not None
    assert list_quarantine(rows.con).height == 0  # listing shows unreleased rows only
    assert list_quarantine(rows.con, include_released=True).height == 1

    again = release(rows.con, q["quarantine_id"], settings, codebook=fixed)
    assert not again.released and "already released" in again.message


def test_release_of_an_orphan_statement_once_its_article_arrives(rows, settings):
    rows.extract([rows.statement("s1")])  # no article a1 yet
    (q,) = rows.quarantine("statements")
    assert q["failed_expectations"] == ["expect_column_values_to_be_in_set(article_exists)"]
    rows.ingest([rows.article("a1")])
    result = release(rows.con, q["quarantine_id"], settings, codebook=rows.codebook)
    assert result.released, result.message
    assert rows.column("SELECT statement_id FROM statements") == ["s1"]


def test_released_article_becomes_pending_for_extraction(rows, settings):
    rows.ingest([rows.article("x1", text="The first version.")])
    rows.ingest([rows.article("x1", text="The corrected version.")], run_id="run-2")
    (q,) = rows.quarantine("articles")
    assert q["failed_expectations"] == ["expect_column_values_to_be_in_set(no_stored_id_conflict)"]

    # the data is fixed: the stale version is removed, then the held one is released
    assert not release(rows.con, q["quarantine_id"], settings, codebook=rows.codebook).released
    rows.con.execute("DELETE FROM articles WHERE article_id = 'x1'")
    result = release(rows.con, q["quarantine_id"], settings, codebook=rows.codebook)
    assert result.released, result.message
    assert rows.column("SELECT text FROM articles") == ["The corrected version."]
    assert "x1" in pending_articles(rows.con, "any-version", "any-codebook")["article_id"].to_list()


def test_release_of_an_unknown_id_says_so(con, settings):
    result = release(con, 999, settings)
    assert not result.released and "No quarantined row with id 999" in result.message


def test_quarantine_keeps_the_row_whole_and_typed(with_article, settings, tmp_path):
    rows = with_article
    bad = rows.statement("s9", party="oman_gulf", actor=None, cue=None, confidence=0.25)
    rows.extract([bad])
    (q,) = rows.quarantine("statements")
    row = json.loads(q["row_json"])
    columns = [r[0] for r in rows.con.execute("DESCRIBE statements").fetchall()]
    assert list(row) == columns  # every column of the table, in order
    assert row["actor"] is None and row["stated_on"] == "2025-04-12" and row["hardness"] == 1
    fixed = _codebook_with_party(tmp_path, rows.codebook, "oman_gulf")
    assert release(rows.con, q["quarantine_id"], settings, codebook=fixed).released
    back = rows.con.execute("SELECT actor, cue, confidence, stated_on FROM statements WHERE statement_id='s9'").fetchall()
    assert back == [(None, None, 0.25, dt.date(2025, 4, 12))]


# ------------------------------------------------------------------ in place (negotrack validate)


def _insert_unvalidated(rows, articles: list[dict], statements: list[dict]):
    """Rows that reached the tables without validation (an older version, a manual edit)."""
    con = rows.con
    con.register("a_in", rows.articles_frame(articles))
    con.execute("INSERT INTO articles BY NAME SELECT *, now()::TIMESTAMP AS ingested_at, 'old' AS run_id FROM a_in")
    con.unregister("a_in")
    con.register("s_in", rows.statements_frame(statements))
    con.execute(
        "INSERT INTO statements BY NAME SELECT *, 'old-x' AS extractor_version, 'old-c' AS codebook_hash, "
        "'old' AS run_id, now()::TIMESTAMP AS extracted_at FROM s_in"
    )
    con.execute(
        "INSERT INTO extractions SELECT article_id, 'old-x', 'old-c', count(*), 'old', now()::TIMESTAMP "
        "FROM s_in GROUP BY article_id"
    )
    con.unregister("s_in")


def test_validate_all_moves_failing_stored_rows_and_the_statements_of_held_articles(rows, codebook):
    german = "Der Außenminister sagte: Die Anreicherung ist unser Recht."
    _insert_unvalidated(
        rows,
        [rows.article("a1"), rows.article("de1", text=german, language="de")],
        [
            *rows.good_statements(),
            rows.statement("s3", stance="open", hardness=2),  # hardness does not match
            rows.statement("sd", "Anreicherung", text=german, article_id="de1"),
        ],
    )
    result = validate_database(rows.con, "run-v", codebook=codebook, everything=True)
    assert result.checked == 2 + 4  # + runs and ingest_errors, empty here
    assert rows.column("SELECT article_id FROM articles") == ["a1"]
    assert sorted(rows.column("SELECT statement_id FROM statements")) == ["s1", "s2"]
    held = {q["row_key"]: q["failed_expectations"] for q in rows.quarantine()}
    assert held["de1"] == ["expect_column_values_to_be_in_set(language)"]
    assert held["s3"] == ["expect_column_values_to_be_in_set(stance_hardness)"]
    assert held["sd"] == ["expect_column_values_to_be_in_set(article_exists)"]
    # the held article lost its extractions row: released, it would be extracted again
    assert rows.column("SELECT article_id FROM extractions ORDER BY 1") == ["a1"]
    # a second pass finds nothing more and stores nothing twice
    again = validate_database(rows.con, "run-v2", codebook=codebook, everything=True)
    assert again.held == 0 and len(rows.quarantine()) == 3


def test_validate_without_all_checks_rows_written_since_the_last_validation(rows, codebook):
    _insert_unvalidated(rows, [rows.article("a1")], [rows.statement("s1", confidence=7.0)])
    later = dt.datetime.now() + dt.timedelta(hours=1)
    result = validate_database(rows.con, "run-v", codebook=codebook, since=later)
    assert result.checked == 0 and rows.quarantine() == []
    result = validate_database(rows.con, "run-v", codebook=codebook)  # no validation run yet: all rows
    assert result.count("statements") == 1 and result.count("statements", "checked") == 1


# ------------------------------------------------------------------ runs and ingest_errors (flagged)


def _run_row(**over) -> dict:
    t0 = dt.datetime(2025, 5, 1, 12, 0, 0)
    row = {
        "run_id": "r1", "flow_name": "negotrack-pipeline", "started_at": t0, "ended_at": t0 + dt.timedelta(seconds=5),
        "status": "completed", "inputs": 3, "articles_new": 3, "articles_known": 0, "articles_syndicated": 0,
        "ingest_errors": 0, "articles_extracted": 3, "statements": 5, "statements_kept": 4,
        "statements_quarantined": 1, "rows_checked": 8, "pid": 1, "host": "h", "params": "{}", "message": None,
    }
    row.update(over)
    return row


RUN_CASES = [
    ("null run_id", {"run_id": None}, "expect_column_values_to_not_be_null(run_id)"),
    ("unknown status", {"status": "paused"}, "expect_column_values_to_be_in_set(status)"),
    ("null flow_name", {"flow_name": None}, "expect_column_values_to_not_be_null(flow_name)"),
    ("finished without an end", {"ended_at": None}, "expect_column_values_to_be_in_set(ended_when_finished)"),
    ("ended before it started", {"ended_at": dt.datetime(2025, 5, 1, 11, 0)},
     "expect_column_pair_values_a_to_be_greater_than_b(ended_at, started_at)"),
    ("statements do not add up", {"statements_kept": 2}, "expect_column_values_to_be_in_set(statements_add_up)"),
    ("negative inputs", {"inputs": -1}, "expect_column_values_to_be_between(inputs)"),
    ("negative articles_new", {"articles_new": -1}, "expect_column_values_to_be_between(articles_new)"),
    ("negative ingest_errors", {"ingest_errors": -2}, "expect_column_values_to_be_between(ingest_errors)"),
    ("negative statements", {"statements": -1, "statements_kept": -1, "statements_quarantined": 0},
     "expect_column_values_to_be_between(statements)"),
    ("negative rows_checked", {"rows_checked": -5}, "expect_column_values_to_be_between(rows_checked)"),
]
RUN_DUPLICATE = "expect_column_values_to_be_unique(run_id)"

ERROR_CASES = [
    ("null error_id", {"error_id": None}, "expect_column_values_to_not_be_null(error_id)"),
    ("null origin", {"origin": None}, "expect_column_values_to_not_be_null(origin)"),
    ("unknown reason", {"reason": "gremlins"}, "expect_column_values_to_be_in_set(reason)"),
    ("empty detail", {"detail": ""}, "expect_column_value_lengths_to_be_between(detail)"),
    ("line 0", {"line": 0}, "expect_column_values_to_be_between(line)"),
]
ERROR_DUPLICATE = "expect_column_values_to_be_unique(error_id)"


def _error_row(**over) -> dict:
    row = {"error_id": "e1", "run_id": "r1", "origin": "/tmp/x.jsonl", "line": 3, "reason": "broken_json",
           "detail": "Line 3 is not valid JSON.", "excerpt": "{oops", "created_at": dt.datetime(2025, 5, 1)}
    row.update(over)
    return row


@pytest.mark.parametrize("changes,label", [c[1:] for c in RUN_CASES], ids=[c[0] for c in RUN_CASES])
def test_a_run_breaking_an_expectation_is_flagged(con, changes, label):
    frame = pl.DataFrame([_run_row(run_id="good"), _run_row(**{"run_id": "bad", **changes})])
    outcome = validate_frame(con, "runs", frame, batch_mode=False)
    assert outcome.kept["run_id"].to_list() == ["good"]
    (labels,) = outcome.quarantined["failed_expectations"].to_list()
    assert label in labels


@pytest.mark.parametrize("changes,label", [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_an_ingest_error_row_breaking_an_expectation_is_flagged(con, changes, label):
    frame = pl.DataFrame([_error_row(error_id="good"), _error_row(**{"error_id": "bad", **changes})])
    outcome = validate_frame(con, "ingest_errors", frame, batch_mode=False)
    assert outcome.kept["error_id"].to_list() == ["good"]
    (labels,) = outcome.quarantined["failed_expectations"].to_list()
    assert label in labels


def test_duplicate_run_and_error_ids_are_flagged(con):
    runs = validate_frame(con, "runs", pl.DataFrame([_run_row(), _run_row()]), batch_mode=False)
    assert runs.failures == {RUN_DUPLICATE: 2}
    errors = validate_frame(con, "ingest_errors", pl.DataFrame([_error_row(), _error_row()]), batch_mode=False)
    assert errors.failures == {ERROR_DUPLICATE: 2}


def test_every_runs_and_ingest_errors_expectation_has_a_case():
    for name, cases, extra in (("runs", RUN_CASES, RUN_DUPLICATE), ("ingest_errors", ERROR_CASES, ERROR_DUPLICATE)):
        suite = load_suite(name, check=False)
        labels = {expectation_label(e["type"], e["kwargs"]) for e in suite.expectations}
        assert labels == {c[2] for c in cases} | {extra}, name


def test_flagged_rows_stay_in_their_table_and_are_flagged_once(rows, settings, codebook):
    con = rows.con
    con.register("r_in", pl.DataFrame([_run_row(run_id="r-bad", statements_kept=0), _run_row(run_id="r-ok")]))
    con.execute("INSERT INTO runs BY NAME SELECT * FROM r_in")
    con.unregister("r_in")
    validate_database(con, "v1", codebook=codebook, everything=True)
    validate_database(con, "v2", codebook=codebook, everything=True)
    (q,) = rows.quarantine("runs")
    assert q["row_key"] == "r-bad" and q["disposition"] == "flagged"
    assert q["failed_expectations"] == ["expect_column_values_to_be_in_set(statements_add_up)"]
    assert sorted(rows.column("SELECT run_id FROM runs")) == ["r-bad", "r-ok"]  # still there

    assert not release(con, q["quarantine_id"], settings).released
    con.execute("UPDATE runs SET statements_kept = 4 WHERE run_id = 'r-bad'")
    result = release(con, q["quarantine_id"], settings)
    assert result.released, result.message


# ------------------------------------------------------------------ syndicated copies


STORY = (
    "Iran's foreign minister said on Sunday that enrichment is a non-negotiable right and that Tehran would "
    "not accept any deal that ends it. The U.S. envoy insisted that Iran must give up enrichment entirely "
    "before sanctions are eased. Diplomats met for three hours in Muscat with Omani mediators and agreed to "
    "meet again next week to discuss verification, inspections and the sequencing of sanctions relief."
)


@pytest.mark.parametrize("held", ["copy", "original"])
def test_holding_a_syndicated_article_leaves_no_orphan_syndication_record(rows, codebook, held):
    """Quarantining a copy drops its syndication record; quarantining the original makes
    the earliest remaining copy the story's original. Either way `audit` stays clean, and
    releasing the article checks it for copies again."""
    from negotrack import syndication
    from negotrack.audit import audit

    con = rows.con
    story = [rows.article(f"w{i}", text=f"MUSCAT (Outlet {i}) - {STORY} End of dispatch {i}.",
                          published=dt.date(2025, 4, 10 + i), source=f"outlet {i}") for i in range(3)]
    outcome, counts = rows.ingest(story)
    assert counts.new == 3
    syndication.mark_syndicated(con)
    assert con.execute("SELECT article_id, original_id FROM syndication ORDER BY 1").fetchall() == [
        ("w1", "w0"), ("w2", "w0")]
    victim = "w1" if held == "copy" else "w0"
    con.execute("UPDATE articles SET language = 'xx' WHERE article_id = ?", [victim])  # now fails the suite
    validate_database(con, "run-v", codebook=codebook, everything=True)
    assert con.execute("SELECT count(*) FROM articles WHERE article_id = ?", [victim]).fetchall() == [(0,)]
    expected = [("w2", "w0")] if held == "copy" else [("w2", "w1")]
    assert con.execute("SELECT article_id, original_id FROM syndication ORDER BY 1").fetchall() == expected
    report = audit(con)
    assert not {"syndication_orphans", "articles_not_deduplicated"} & report.names(), report.lines()

    # fixed and released: back in articles, checked for copies at once
    (q,) = [r for r in rows.quarantine("articles") if r["row_key"] == victim]
    con.execute("UPDATE quarantine SET row_json = replace(row_json, '\"xx\"', '\"en\"') WHERE quarantine_id = ?",
                [q["quarantine_id"]])
    assert release(con, q["quarantine_id"], codebook=codebook).released
    report = audit(con)
    assert not {"syndication_orphans", "articles_not_deduplicated"} & report.names(), report.lines()
    assert con.execute("SELECT count(*) FROM syndication WHERE article_id = ?", [victim]).fetchall() == [(1,)]
