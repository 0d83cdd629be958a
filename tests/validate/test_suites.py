"""The suite files: loaded as written, in step with the codebook, and loud when broken."""

from __future__ import annotations

import json
import shutil

import pytest

from negotrack.config import EXPECTATIONS_DIR
from negotrack.models import STANCE_HARDNESS
from negotrack.validate import SUITE_NAMES, SuiteError, load_suite, load_suites
from negotrack.validate import suites as suites_module


def test_every_table_users_rely_on_has_a_suite_file():
    assert {p.stem for p in EXPECTATIONS_DIR.glob("*.json")} == set(SUITE_NAMES)
    for name in SUITE_NAMES:
        raw = json.loads((EXPECTATIONS_DIR / f"{name}.json").read_text())
        assert raw["name"] == name and raw["meta"]["negotrack"]["table"] == name
        assert all("id" not in e for e in raw["expectations"]), "hand-written suites carry no ids"


def test_suites_load_into_a_real_file_backed_context(tmp_path, codebook):
    import great_expectations as gx

    suites = load_suites(codebook)
    ctx = gx.get_context(mode="file", project_root_dir=str(tmp_path))
    for suite in suites.values():
        ctx.suites.add(gx.ExpectationSuite(**suite.definition))
    # a second context on the same folder reads them back from disk
    again = gx.get_context(mode="file", project_root_dir=str(tmp_path))
    for name, suite in suites.items():
        stored = again.suites.get(name)
        assert [e.expectation_type for e in stored.expectations] == [e["type"] for e in suite.expectations]
        assert (tmp_path / "gx" / "expectations" / f"{name}.json").is_file()
    # the repo's files were not rewritten (no ids added)
    assert all("id" not in e for e in json.loads((EXPECTATIONS_DIR / "statements.json").read_text())["expectations"])


def test_statement_value_sets_come_from_the_codebook(codebook):
    suite = load_suite("statements", codebook)
    sets = {e["kwargs"]["column"]: set(e["kwargs"]["value_set"]) for e in suite.expectations
            if e["type"] == "expect_column_values_to_be_in_set" and e["kwargs"]["column"] in ("party", "issue", "stance")}
    assert sets == {"party": set(codebook.parties), "issue": set(codebook.issues), "stance": set(codebook.stances)}
    assert {"iran", "usa"} <= sets["party"] and {"enrichment", "sanctions"} <= sets["issue"]


def test_a_party_added_to_the_codebook_is_accepted_without_editing_the_suite(tmp_path, codebook):
    from negotrack.codebook import load_codebook

    folder = tmp_path / "codebook"
    shutil.copytree(codebook.folder, folder)
    text = (folder / "parties.yaml").read_text()
    (folder / "parties.yaml").write_text(text.replace("parties:\n", "parties:\n  - code: atlantis\n", 1))
    bigger = load_codebook(folder)
    assert "atlantis" in bigger.parties
    suite = load_suite("statements", bigger)
    party_set = next(e["kwargs"]["value_set"] for e in suite.expectations
                     if e["kwargs"].get("column") == "party" and "value_set" in e["kwargs"])
    assert "atlantis" in party_set


def test_hardness_pairs_come_from_the_codebook(codebook):
    raw = json.loads((EXPECTATIONS_DIR / "statements.json").read_text())
    written = next(e["kwargs"]["value_set"] for e in raw["expectations"]
                   if e["kwargs"].get("column") == "stance_hardness")
    assert written == {"$codebook": "stance_hardness"}  # no copy of the codebook in the suite file
    suite = load_suite("statements", codebook)
    pairs = next(e["kwargs"]["value_set"] for e in suite.expectations
                 if e["kwargs"].get("column") == "stance_hardness")
    # the annotation guide's scale: refuse +2, insist +1, pressure +1, open -1, concede -2
    assert sorted(pairs) == ["concede:-2", "insist:1", "open:-1", "pressure:1", "refuse:2"]


def test_codebook_stances_are_the_annotated_ones(codebook):
    assert codebook.hardness == {"refuse": 2, "insist": 1, "pressure": 1, "open": -1, "concede": -2}
    assert STANCE_HARDNESS == codebook.hardness


def test_languages_come_from_the_codebook(codebook):
    suite = load_suite("articles", codebook)
    langs = next(e["kwargs"]["value_set"] for e in suite.expectations
                 if e["kwargs"].get("column") == "language" and "value_set" in e["kwargs"])
    assert set(langs) == set(codebook.languages) == {"ar", "en", "fr"}


# ------------------------------------------------------------------ broken files


@pytest.fixture
def suite_dir(tmp_path, monkeypatch):
    """A copy of expectations/ that the loader reads instead of the repo's."""
    folder = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, folder)
    monkeypatch.setattr(suites_module, "EXPECTATIONS_DIR", folder)
    return folder


def _edit(path, fn):
    data = json.loads(path.read_text())
    fn(data)
    path.write_text(json.dumps(data))


def test_a_missing_suite_file_is_an_error_naming_it(suite_dir, codebook):
    (suite_dir / "statements.json").unlink()
    with pytest.raises(SuiteError, match=r"not found: .*expectations/statements\.json"):
        load_suite("statements", codebook)


def test_invalid_json_is_an_error_naming_the_file_and_line(suite_dir, codebook):
    (suite_dir / "articles.json").write_text('{"name": "articles",\n "expectations": [,]}')
    with pytest.raises(SuiteError, match=r"articles\.json: invalid JSON at line 2"):
        load_suite("articles", codebook)


def test_an_unknown_expectation_type_is_an_error_not_a_silent_drop(suite_dir, codebook):
    # GX 1.24 itself only logs this and validates with the expectation missing.
    _edit(suite_dir / "statements.json",
          lambda d: d["expectations"].append({"type": "expect_column_values_to_be_fabulous", "kwargs": {"column": "party"}}))
    with pytest.raises(SuiteError, match=r"statements\.json, expectation #\d+ \(expect_column_values_to_be_fabulous\): unknown"):
        load_suite("statements", codebook)


def test_wrong_arguments_are_an_error_naming_the_expectation(suite_dir, codebook):
    def spoil(d):
        d["expectations"][0]["kwargs"]["colum"] = d["expectations"][0]["kwargs"].pop("column")

    _edit(suite_dir / "statements.json", spoil)
    with pytest.raises(SuiteError, match=r"statements\.json, expectation #1 .*invalid arguments"):
        load_suite("statements", codebook)


def test_an_unknown_codebook_set_is_an_error(suite_dir, codebook):
    def spoil(d):
        for e in d["expectations"]:
            if e["kwargs"].get("column") == "party" and "value_set" in e["kwargs"]:
                e["kwargs"]["value_set"] = {"$codebook": "planets"}

    _edit(suite_dir / "statements.json", spoil)
    with pytest.raises(SuiteError, match=r"statements\.json.*\$codebook"):
        load_suite("statements", codebook, check=False)


def test_a_broken_suite_stops_validation_naming_the_file(suite_dir, with_article):
    rows = with_article
    _edit(suite_dir / "statements.json",
          lambda d: d["expectations"].append({"type": "expect_nothing_at_all", "kwargs": {}}))
    with pytest.raises(SuiteError, match=r"statements\.json"):
        rows.extract(rows.good_statements())
    # nothing was stored, nothing quarantined: the batch is still pending
    assert rows.column("SELECT count(*) FROM statements") == [0]
    assert rows.quarantine() == []


def test_a_suite_reading_a_column_nobody_provides_is_an_error(suite_dir, with_article):
    rows = with_article
    _edit(suite_dir / "statements.json",
          lambda d: d["expectations"].append({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "mood"}}))
    with pytest.raises(SuiteError, match=r"statements\.json reads column\(s\) \['mood'\]"):
        rows.extract(rows.good_statements())
