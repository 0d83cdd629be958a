"""The model's answer: parsed with pydantic, checked against the codebook and the article.

Nothing the model says is stored on trust:
- an answer that is not the JSON object asked for is a failed call (retried, then
  recorded), never a half-read list;
- a position with a party, issue or stance the codebook does not know is dropped and
  counted (``unknown``);
- a position whose evidence is not in the article is dropped and counted
  (``unverified``): the evidence is looked up verbatim first, then in the normalised
  text the rules match against (``negotrack.text``: case, accents, quotation marks,
  Arabic letter forms, runs of spaces), and what is stored is always the article's own
  text between the offsets found, so ``evidence == text[char_start:char_end]``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from negotrack.codebook import Codebook
from negotrack.models import Article, Statement
from negotrack.text import fold, normalize

CUE = "llm"
# Confidence by how the speaker is known and how the evidence was found (cf. the rules'
# speaker x rule product): a listed actor, exact evidence is the best an answer gets.
SPEAKER_CONFIDENCE = {"name": 0.85, "llm_actor": 0.75, "party": 0.7}
MATCH_CONFIDENCE = {"exact": 1.0, "normalised": 0.9}
# The window the statements suite accepts for a statement date, relative to the article.
DAYS_BEFORE, DAYS_AFTER = 365, 30


class BadAnswer(ValueError):
    """The model's content is not the JSON object asked for."""


class Position(BaseModel):
    model_config = ConfigDict(extra="ignore")

    party: str
    issue: str
    stance: str
    actor: str | None = None
    evidence: str = Field(min_length=1)
    date: str | None = None


class Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    positions: list[Position]


def parse_answer(content: str) -> Answer:
    """The answer in ``content``; a fenced ```json block is accepted (some servers in
    JSON-object mode still wrap it)."""
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        return Answer.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0][:160]
        raise BadAnswer(f"malformed answer: {first}") from None


@dataclass
class Checked:
    statements: list[Statement] = field(default_factory=list)
    unknown: int = 0  # positions with a party, issue or stance not in the codebook
    unverified: int = 0  # positions whose evidence is not in the article


def locate(text: str, evidence: str) -> tuple[int, int, str] | None:
    """Offsets of ``evidence`` in ``text`` and how it was found (exact | normalised)."""
    ev = evidence.strip().strip('"“”«»')
    if not ev:
        return None
    i = text.find(ev)
    if i >= 0:
        return i, i + len(ev), "exact"
    words = fold(ev).split()
    if not words:
        return None
    nt = normalize(text)
    # the normalised article keeps its spacing (offsets map back): any run of spaces
    # (or of hyphens folded to spaces) between the words matches
    m = re.search(r"\s+".join(re.escape(w) for w in words), nt.norm)
    if m is None:
        return None
    s, e = nt.orig_span(m.start(), m.end())
    return s, e, "normalised"


def _actor_names(codebook: Codebook) -> dict[str, tuple[str, str]]:
    """Folded name or alias -> (canonical name, party)."""
    names: dict[str, tuple[str, str]] = {}
    for actor in codebook.actors:
        for spelling in [actor.name, *(a for v in actor.aliases.values() for a in v)]:
            names.setdefault(fold(spelling), (actor.name, actor.party))
    return names


_actor_cache: dict[str, dict[str, tuple[str, str]]] = {}


def _actor(codebook: Codebook, given: str | None) -> tuple[str | None, str]:
    """(actor, speaker_method): a codebook actor by any spelling gets its canonical name."""
    if not given or not given.strip() or given.strip().lower() in ("null", "none", "unknown"):
        return None, "party"
    names = _actor_cache.setdefault(codebook.hash, _actor_names(codebook))
    known = names.get(fold(given))
    if known is not None:
        return known[0], "name"
    return " ".join(given.split())[:200], "llm_actor"


def _day(given: str | None, published: date) -> tuple[date, str]:
    if given:
        try:
            day = date.fromisoformat(given.strip()[:10])
        except ValueError:
            day = None
        if day is not None and published - timedelta(days=DAYS_BEFORE) <= day <= published + timedelta(days=DAYS_AFTER):
            return day, "text"
    return published, "published"


def check(answer: Answer, article: Article, codebook: Codebook, model: str) -> Checked:
    """The answer's positions that the codebook knows and the article contains, as
    statements (one per party, issue, stance and evidence span)."""
    out = Checked()
    stances = set(codebook.cues_file.priority)
    seen: set[tuple] = set()
    for pos in answer.positions:
        party, issue, stance = pos.party.strip().lower(), pos.issue.strip().lower(), pos.stance.strip().lower()
        if party not in codebook.parties or issue not in codebook.issues or stance not in stances:
            out.unknown += 1
            continue
        found = locate(article.text, pos.evidence)  # "a … b" is not in the text: unverified
        if found is None or found[1] <= found[0]:
            out.unverified += 1
            continue
        s, e, how = found
        key = (party, issue, stance, s, e)
        if key in seen:
            continue
        seen.add(key)
        actor, method = _actor(codebook, pos.actor)
        day, source = _day(pos.date, article.published)
        out.statements.append(Statement(
            article_id=article.article_id, party=party, actor=actor, issue=issue, stance=stance,
            hardness=codebook.hardness[stance],
            stated_on=day, date_source=source, char_start=s, char_end=e, evidence=article.text[s:e],
            cue=CUE, rule=model, speaker_method=method,
            confidence=round(SPEAKER_CONFIDENCE[method] * MATCH_CONFIDENCE[how], 3),
        ))
    return out
