"""The prompt, built from the codebook and the annotation rules, never written per issue.

A new codebook (a party, an actor, an issue, a stance) gives a new prompt and a new
JSON schema with no code change. ``prompt_version`` hashes everything that shapes the
prompt (the template here, ``annotation.yaml``, the codebook's hash and the mode), so
any change to them makes the model's cached answers stale and the articles pending.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from negotrack.codebook import Codebook

ANNOTATION_FILE = Path(__file__).resolve().parent / "annotation.yaml"

# The system message; {placeholders} are filled from the codebook and annotation.yaml.
TEMPLATE = """{task}

Parties (code: names; actors who speak for it):
{parties}

Issues (code: words that name it in the articles):
{issues}

Stances (code: meaning):
{stances}

Rules:
{rules}

Evidence: {evidence}

Answer with one JSON object and nothing else:
{{"positions": [{{"party": "<party code>", "issue": "<issue code>", "stance": "<stance code>", "actor": "<name>" or null, "evidence": "<verbatim text from the article>", "date": "YYYY-MM-DD" or null}}]}}
Use only the codes listed above. No position in the article: {{"positions": []}}."""

# Added to the user message in hybrid mode: the rule extractor's candidates.
CANDIDATES_NOTE = (
    "A rule-based extractor proposed the positions below. Confirm those that are right, correct "
    "those that are wrong (party, issue, stance, actor or date), drop those that are no position, "
    "and add any it missed. Answer with the complete list.\n"
)

ALIASES_PER_ACTOR = 3  # a few spellings (the model knows the rest); keeps the prompt near 3k tokens


@lru_cache(maxsize=1)
def annotation() -> dict[str, Any]:
    return yaml.safe_load(ANNOTATION_FILE.read_text(encoding="utf-8"))


def _parties(codebook: Codebook) -> str:
    actors: dict[str, list[str]] = {}
    for actor in codebook.actors:
        spellings = list(dict.fromkeys(a for lang in ("en", "fr", "ar") for a in actor.aliases.get(lang, [])))
        spellings = [s for s in spellings if s != actor.name][:ALIASES_PER_ACTOR]
        actors.setdefault(actor.party, []).append(
            actor.name + (f" ({', '.join(spellings)})" if spellings else ""))
    lines = []
    for party in codebook.parties_file.parties:
        names = ", ".join(party.names.get("en", [])[:5])
        role = " [mediator]" if party.mediator else ""
        who = "; ".join(actors.get(party.code, []))
        lines.append(f"- {party.code}{role}: {names}" + (f"; actors: {who}" if who else ""))
    return "\n".join(lines)


def _issues(codebook: Codebook) -> str:
    lines = []
    for issue in codebook.issues_file.issues:
        terms = list(dict.fromkeys(t.rstrip("*") for lang in ("en", "fr", "ar") for t in issue.terms.get(lang, [])))
        lines.append(f"- {issue.code}: {', '.join(terms)}")
    return "\n".join(lines)


def _stances(codebook: Codebook) -> str:
    meanings = annotation().get("stances", {})
    return "\n".join(f"- {s}: {meanings.get(s, '(see the rules)')}" for s in codebook.cues_file.priority)


def system_prompt(codebook: Codebook) -> str:
    notes = annotation()
    return TEMPLATE.format(
        task=notes["task"].strip(),
        parties=_parties(codebook),
        issues=_issues(codebook),
        stances=_stances(codebook),
        rules="\n".join(f"- {r}" for r in notes["rules"]),
        evidence=notes["evidence"].strip(),
    )


def user_prompt(text: str, language: str, published: object, candidates: list[dict] | None = None) -> str:
    head = f"Article (language: {language}, published: {published}):\n<<<\n{text}\n>>>"
    if candidates is None:
        return head
    return head + "\n\n" + CANDIDATES_NOTE + json.dumps({"positions": candidates}, ensure_ascii=False)


def messages(codebook: Codebook, text: str, language: str, published: object,
             candidates: list[dict] | None = None) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": system_prompt(codebook)},
        {"role": "user", "content": user_prompt(text, language, published, candidates)},
    ]


def answer_schema(codebook: Codebook) -> dict[str, Any]:
    """The JSON schema of an answer, with the codebook's codes as enums (servers that
    support structured output then cannot answer an unknown code)."""
    position = {
        "type": "object",
        "properties": {
            "party": {"type": "string", "enum": sorted(codebook.parties)},
            "issue": {"type": "string", "enum": sorted(codebook.issues)},
            "stance": {"type": "string", "enum": list(codebook.cues_file.priority)},
            "actor": {"type": ["string", "null"]},
            "evidence": {"type": "string"},
            "date": {"type": ["string", "null"]},
        },
        "required": ["party", "issue", "stance", "actor", "evidence", "date"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"positions": {"type": "array", "items": position}},
        "required": ["positions"],
        "additionalProperties": False,
    }


def prompt_version(codebook: Codebook, mode: str, rules_version: str | None = None) -> str:
    """A short hash of everything that shapes the request: the template, the annotation
    rules, the codebook and the mode (hybrid also names the rule extractor whose
    candidates it sends)."""
    digest = hashlib.sha256()
    for part in (TEMPLATE, CANDIDATES_NOTE, ANNOTATION_FILE.read_text(encoding="utf-8"), codebook.hash,
                 mode, rules_version or "", str(ALIASES_PER_ACTOR)):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:12]
