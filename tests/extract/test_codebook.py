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


def test_override_folder_changes_hash(tmp_path, cb):
    folder = _copy(tmp_path)
    with open(folder / "issues.yaml", "a", encoding="utf-8") as f:
        f.write("\n# analyst note\n")
    assert load_codebook(folder).hash != cb.hash
