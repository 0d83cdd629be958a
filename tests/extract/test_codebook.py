import shutil
from pathlib import Path

import pytest
import yaml

from negotrack.codebook import DEFAULT_DIR, CodebookError, load_codebook


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "cb"
    shutil.copytree(DEFAULT_DIR, dst, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dst


def test_loads_and_exposes_sets(cb):
    assert {"iran", "usa", "israel", "e3", "eu", "iaea", "russia", "china"} <= cb.parties
    assert cb.issues == {"enrichment", "ballistic_missiles", "sanctions"}
    assert cb.stances == {"refuse", "insist", "pressure", "open", "concede"}
    assert len(cb.hash) == 16 and load_codebook().hash == cb.hash


def test_roles_resolve_by_date(cb):
    from datetime import date

    assert cb.holder("us_president", date(2025, 6, 1)).name == "Donald Trump"
    assert cb.holder("us_president", date(2024, 6, 1)).name == "Joe Biden"
    assert cb.holder("iran_foreign_minister", date(2026, 2, 7)).name == "Abbas Araghchi"


def test_broken_date_names_file_and_key(tmp_path):
    folder = _copy(tmp_path)
    data = yaml.safe_load((folder / "parties.yaml").read_text(encoding="utf-8"))
    data["actors"][3]["roles"][0]["since"] = "2024-13-45"
    (folder / "parties.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CodebookError, match=r"^parties\.yaml: actors\[3\]\.roles\[0\]\.since: not a date$"):
        load_codebook(folder)


def test_unknown_role_and_bad_yaml(tmp_path):
    folder = _copy(tmp_path)
    data = yaml.safe_load((folder / "parties.yaml").read_text(encoding="utf-8"))
    data["actors"][0]["roles"][0]["role"] = "pope"
    (folder / "parties.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CodebookError, match=r"parties\.yaml: actors\[0\]\.roles\[0\]\.role: unknown role"):
        load_codebook(folder)
    folder2 = _copy(tmp_path / "2")
    (folder2 / "cues.yaml").write_text("priority: [refuse\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"^cues\.yaml:"):
        load_codebook(folder2)


def test_hash_follows_what_extraction_reads(tmp_path, cb):
    """A word list or a hardness changes the hash (stored statements are re-extracted);
    a comment, a display name, a colour or a description does not."""
    display = _copy(tmp_path / "display")
    with open(display / "issues.yaml", "a", encoding="utf-8") as f:
        f.write("\n# analyst note\n")
    for name, old, new in (
        ("issues.yaml", "label: {en: Sanctions,", "label: {en: Economic sanctions,"),
        ("parties.yaml", 'colour: "#D55E00"', 'colour: "#AA0000"'),
        ("cues.yaml", "description: {en: rules it out / red line}", "description: {en: says no}"),
    ):
        text = (display / name).read_text(encoding="utf-8")
        assert old in text
        (display / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    assert load_codebook(display).hash == cb.hash

    terms = _copy(tmp_path / "terms")
    text = (terms / "issues.yaml").read_text(encoding="utf-8")
    (terms / "issues.yaml").write_text(text.replace("Natanz, ", "Natanz, Arak, ", 1), encoding="utf-8")
    assert load_codebook(terms).hash != cb.hash

    hardness = _copy(tmp_path / "hardness")
    text = (hardness / "cues.yaml").read_text(encoding="utf-8")
    (hardness / "cues.yaml").write_text(text.replace("pressure: {hardness: 1,", "pressure: {hardness: 2,", 1),
                                        encoding="utf-8")
    assert load_codebook(hardness).hash != cb.hash


def test_a_codebook_is_parsed_once_while_its_files_hold_the_same_bytes(tmp_path):
    folder = tmp_path / "cb"
    shutil.copytree(DEFAULT_DIR, folder)
    first = load_codebook(folder)
    assert load_codebook(folder) is first  # the stages of a run share one load
    issues = folder / "issues.yaml"
    # an edit of the same length, at once: a new codebook all the same
    text = issues.read_text(encoding="utf-8")
    assert "# Issues" in text
    issues.write_text(text.replace("# Issues", "# ISSUES", 1), encoding="utf-8")
    second = load_codebook(folder)
    assert second is not first
    assert load_codebook(folder) is second
