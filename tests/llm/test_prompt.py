"""The prompt comes from the codebook and the annotation rules: a new codebook, a new prompt."""

from __future__ import annotations

import shutil

import yaml

from negotrack.codebook import DEFAULT_DIR, load_codebook
from negotrack.llm import prompt


def test_prompt_lists_the_codebooks_parties_actors_issues_and_stances(cb):
    text = prompt.system_prompt(cb)
    for code in [*cb.parties, *cb.issues, *cb.stances]:
        assert f"- {code}" in text
    assert "Abbas Araghchi" in text and "Natanz" in text
    assert "rules the issue out of negotiation" in text  # refuse's meaning, from annotation.yaml
    schema = prompt.answer_schema(cb)["properties"]["positions"]["items"]["properties"]
    assert set(schema["party"]["enum"]) == set(cb.parties)
    assert set(schema["stance"]["enum"]) == set(cb.stances)


def test_a_new_codebook_gives_a_new_prompt_schema_and_version(tmp_path, cb):
    folder = tmp_path / "codebook"
    shutil.copytree(DEFAULT_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    issues = yaml.safe_load((folder / "issues.yaml").read_text(encoding="utf-8"))
    issues["issues"].append({"code": "prisoners", "terms": {"en": ["prisoner swap"], "fr": [], "ar": []}})
    (folder / "issues.yaml").write_text(yaml.safe_dump(issues, allow_unicode=True), encoding="utf-8")
    other = load_codebook(folder)
    assert "- prisoners: prisoner swap" in prompt.system_prompt(other)
    assert "prisoners" in prompt.answer_schema(other)["properties"]["positions"]["items"]["properties"]["issue"]["enum"]
    assert prompt.prompt_version(other, "llm") != prompt.prompt_version(cb, "llm")
    assert prompt.prompt_version(cb, "llm") != prompt.prompt_version(cb, "hybrid", "rules-x")
    assert prompt.prompt_version(cb, "llm") == prompt.prompt_version(load_codebook(), "llm")


def test_hybrid_user_message_carries_the_candidates():
    msg = prompt.user_prompt("Text.", "en", "2026-02-08", [{"party": "iran", "issue": "sanctions"}])
    assert "Text." in msg and '"party": "iran"' in msg and "Confirm those that are right" in msg
    assert "Confirm" not in prompt.user_prompt("Text.", "en", "2026-02-08")
