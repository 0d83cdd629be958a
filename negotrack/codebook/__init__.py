"""The codebook: parties, actors, issues and cue words, as YAML an analyst can edit.

``load_codebook(path)`` reads ``parties.yaml``, ``issues.yaml`` and ``cues.yaml`` from a
folder (this package's folder by default), validates them with pydantic and returns a
:class:`Codebook`. Any error names the file and the key path, e.g.
``parties.yaml: actors[3].roles[0].since: not a date``.

The codebook is the one place where the project's vocabulary is defined: the stances
(hardness, description, colour) in ``cues.yaml``, the parties and issues (display names
per language, colours) in ``parties.yaml`` and ``issues.yaml``, and the languages in
``cues.yaml``. The statement model, the expectation suites' value sets and the report's
labels, CSS and charts all read them from here, so adding a stance colour, an issue, a
party or a language is a YAML change only.

``Codebook.hash`` is a stable hash of what extraction reads; it is stored on every
statement so a position can be traced to the codebook that produced it. It is taken
over the parsed content minus the display-only keys (``DISPLAY_KEYS``: names, short
names, colours, descriptions) and minus comments, so an analyst who recolours a party
or renames an issue for readers does not make every article be extracted again.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
import json
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, model_validator

DEFAULT_DIR = Path(__file__).resolve().parent
FILES = ("parties.yaml", "issues.yaml", "cues.yaml")

LangMap = dict[str, list[str]]
Texts = dict[str, str]  # one display text per language code ("en": "Uranium enrichment")
Colour = Annotated[str, StringConstraints(pattern=r"^#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")]


class CodebookError(ValueError):
    """A codebook file is missing, not YAML, or does not validate."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- parties.yaml -------------------------------------------------------------------


class Party(_Model):
    code: str
    # a mediator carries proposals between the parties: what it proposes is nobody's
    # position (annotation: "Mediators' proposals")
    mediator: bool = False
    names: LangMap = {}
    adjectives: LangMap = {}
    # display only (not in the hash): what reports call the party, and its line colour
    label: Texts = {}
    short: Texts = {}
    colour: Colour | None = None


class Anonymous(_Model):
    order: Literal["adjective_first", "noun_first"]
    nouns: list[str]


class Role(_Model):
    id: str
    party: str
    kind: str
    titles: LangMap = {}


class RoleSpan(_Model):
    role: str
    since: date
    until: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> RoleSpan:
        if self.until is not None and self.until < self.since:
            raise ValueError("until is before since")
        return self


class Actor(_Model):
    name: str
    party: str
    kind: Literal["person", "body"] = "person"
    aliases: LangMap = {}
    roles: list[RoleSpan] = []


class PartiesFile(_Model):
    parties: list[Party]
    report_order: list[str] = []  # display only: parties listed first in reports, in this order
    anonymous: dict[str, Anonymous] = {}
    roles: list[Role] = []
    actors: list[Actor] = []

    @model_validator(mode="after")
    def _references(self) -> PartiesFile:
        codes = {p.code for p in self.parties}
        role_ids = {r.id for r in self.roles}
        for i, code in enumerate(self.report_order):
            if code not in codes:
                raise ValueError(f"report_order[{i}]: unknown party {code!r}")
        for i, r in enumerate(self.roles):
            if r.party not in codes:
                raise ValueError(f"roles[{i}].party: unknown party {r.party!r}")
        for i, a in enumerate(self.actors):
            if a.party not in codes:
                raise ValueError(f"actors[{i}].party: unknown party {a.party!r}")
            for j, span in enumerate(a.roles):
                if span.role not in role_ids:
                    raise ValueError(f"actors[{i}].roles[{j}].role: unknown role {span.role!r}")
        return self


# --- issues.yaml ----------------------------------------------------------------------


class ContextTerms(_Model):
    only_with: list[str]
    terms: LangMap


class Issue(_Model):
    code: str
    target: str | None = None  # the party the issue's measures aim at (it cannot pressure itself)
    terms: LangMap
    context_terms: list[ContextTerms] = []
    implies: dict[str, LangMap] = {}
    label: Texts = {}  # display only
    colour: Colour | None = None  # display only


class IssuesFile(_Model):
    issues: list[Issue]


# --- cues.yaml ------------------------------------------------------------------------


class Negatable(_Model):
    positive: str | None = None
    negated: str | None = None
    weak: bool = False  # the positive reading counts only if the clause has no other
    words: LangMap


class Windowed(_Model):
    window: int
    words: LangMap


class BySpeaker(_Model):
    """Words whose stance depends on who says them (see cues.yaml ``by_speaker``)."""

    target: str
    other: str
    words: LangMap


class Anaphor(_Model):
    text: str
    kinds: list[str] = []


class Collective(_Model):
    """A collective subject standing for a group of that many parties ("the three
    countries")."""

    size: int
    words: LangMap


class Stance(_Model):
    """A stance: its hardness is stored on every statement (how firmly the party holds
    its own line); the rest is display only."""

    hardness: int
    description: Texts = {}
    colour: Colour | None = None
    text_colour: Colour | None = None  # on the colour; derived from its lightness when absent


class Language(_Model):
    name: Texts = {}  # display only
    direction: Literal["ltr", "rtl"] = "ltr"  # display only


class CuesFile(_Model):
    languages: dict[str, Language]
    stances: dict[str, Stance]
    priority: list[str]
    stance_cues: dict[str, LangMap]
    fallback_cues: dict[str, LangMap] = {}
    negatable: list[Negatable] = []
    by_speaker: list[BySpeaker] = []
    negation: Windowed
    universal: LangMap = {}
    modal: Windowed
    litotes: LangMap = {}
    defer: LangMap = {}
    limits: LangMap = {}
    denial: LangMap = {}
    conditional: LangMap = {}
    hypothetical: LangMap = {}
    affirmative: LangMap = {}
    inert: LangMap = {}
    clause_break: LangMap = {}
    not_a_break: LangMap = {}
    relative: LangMap = {}
    back_reference: LangMap = {}
    speaker_break: LangMap = {}
    attribution_verbs: LangMap = {}
    carry_over: LangMap = {}
    anaphors: dict[str, list[Anaphor]] = {}
    honorifics: LangMap = {}
    complementizers: LangMap = {}
    according_to: LangMap = {}
    oblique: LangMap = {}
    coordinators: LangMap = {}
    genitive: LangMap = {}
    non_party: LangMap = {}
    documents: LangMap = {}
    attempts: LangMap = {}
    demand_conditions: LangMap = {}
    rhetorical: LangMap = {}
    demands: LangMap = {}
    measure_verbs: LangMap = {}
    collectives: list[Collective] = []
    verb_adverbs: LangMap = {}
    proposals: LangMap = {}
    background: LangMap = {}
    same_day: LangMap = {}
    day_before: LangMap = {}
    day_after: LangMap = {}

    @model_validator(mode="after")
    def _stances(self) -> CuesFile:
        if not self.languages:
            raise ValueError("languages: list at least one language")
        if not self.stances:
            raise ValueError("stances: list at least one stance")
        if set(self.priority) != set(self.stances) or len(self.priority) != len(set(self.priority)):
            raise ValueError("priority: must list each stance of `stances` exactly once")
        known = set(self.priority)
        for section in ("stance_cues", "fallback_cues"):
            for s in getattr(self, section):
                if s not in known:
                    raise ValueError(f"{section}.{s}: not a stance listed in priority")
        for i, n in enumerate(self.negatable):
            for key in ("positive", "negated"):
                v = getattr(n, key)
                if v is not None and v not in known:
                    raise ValueError(f"negatable[{i}].{key}: not a stance listed in priority")
        for i, b in enumerate(self.by_speaker):
            for key in ("target", "other"):
                if getattr(b, key) not in known:
                    raise ValueError(f"by_speaker[{i}].{key}: not a stance listed in priority")
        return self


# --- loading --------------------------------------------------------------------------


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(err: dict[str, Any]) -> str:
    kind = str(err.get("type", ""))
    if kind.startswith("date"):
        return "not a date"
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown key"
    msg = str(err.get("msg", ""))
    return msg.removeprefix("Value error, ")


def _validate(model: type[_Model], data: Any, filename: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = _loc(tuple(first.get("loc", ())))
        msg = _message(first)
        # model-level validators put the key path in the message itself
        raise CodebookError(f"{filename}: {where + ': ' if where else ''}{msg}") from None


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: ~5x faster
    """YAML 1.2-style booleans: only true/false. Cue lists hold the words "no", "on",
    "yes" and "off", which YAML 1.1 would silently turn into booleans. (The resolver is
    Python's in both loaders, so the C parser changes nothing in what is read.)"""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


# Keys that only change what readers see; left out of ``Codebook.hash`` (by file: the
# list or mapping they sit in, then the keys).
DISPLAY_KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "parties.yaml": {"parties": ("label", "short", "colour"), "": ("report_order",)},
    "issues.yaml": {"issues": ("label", "colour")},
    "cues.yaml": {"stances": ("description", "colour", "text_colour"), "languages": ("name", "direction")},
}


def _extraction_content(filename: str, data: Any) -> Any:
    """``data`` without its display-only keys (a copy), for the hash."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for section, keys in DISPLAY_KEYS.get(filename, {}).items():
        if section == "":
            for k in keys:
                out.pop(k, None)
            continue
        items = out.get(section)
        if isinstance(items, list):
            out[section] = [{k: v for k, v in x.items() if k not in keys} if isinstance(x, dict) else x
                            for x in items]
        elif isinstance(items, dict):
            out[section] = {n: {k: v for k, v in x.items() if k not in keys} if isinstance(x, dict) else x
                            for n, x in items.items()}
    return out


def _read_bytes(folder: Path, filename: str) -> bytes:
    try:
        return (folder / filename).read_bytes()
    except OSError as e:
        raise CodebookError(f"{filename}: cannot read ({e.strerror or e})") from None


def _parse(filename: str, raw: bytes) -> Any:
    try:
        data = yaml.load(raw, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise CodebookError(f"{filename}:{where} not valid YAML: {getattr(e, 'problem', e)}") from None
    if data is None:  # pydantic would say "Input should be a valid dictionary", which hides the cause
        raise CodebookError(f"{filename}: empty (no YAML content)")
    return data


@dataclass(frozen=True, eq=False)
class Codebook:
    """A validated codebook. Plain data: the extractor compiles its matchers from it
    (``negotrack.extract.lexicon.lexicon_for``), the data model knows no extractor."""

    folder: Path
    hash: str
    parties_file: PartiesFile
    issues_file: IssuesFile
    cues_file: CuesFile

    @cached_property
    def parties(self) -> frozenset[str]:
        return frozenset(p.code for p in self.parties_file.parties)

    @cached_property
    def issues(self) -> frozenset[str]:
        return frozenset(i.code for i in self.issues_file.issues)

    @cached_property
    def stances(self) -> frozenset[str]:
        return frozenset(self.cues_file.priority)

    @cached_property
    def stance_order(self) -> tuple[str, ...]:
        """The stances hardest first, as ``cues.yaml`` lists them under ``stances``
        (the order readers see; ``priority`` is the extractor's tie-break)."""
        return tuple(self.cues_file.stances)

    @cached_property
    def hardness(self) -> dict[str, int]:
        """Stance -> hardness, as stored on every statement."""
        return {code: s.hardness for code, s in self.cues_file.stances.items()}

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """The languages the codebook is written in (articles in others are not accepted)."""
        return tuple(self.cues_file.languages)

    @property
    def actors(self) -> list[Actor]:
        return self.parties_file.actors

    @cached_property
    def roles(self) -> dict[str, Role]:
        return {r.id: r for r in self.parties_file.roles}

    def holder(self, role_id: str, on: date) -> Actor | None:
        """The actor who held ``role_id`` on ``on`` (None if nobody is listed)."""
        for actor in self.parties_file.actors:
            for span in actor.roles:
                if span.role == role_id and span.since <= on and (span.until is None or on <= span.until):
                    return actor
        return None


@functools.cache
def packaged() -> Codebook:
    """The packaged codebook, loaded once per process (defaults for tools and tests)."""
    return load_codebook(None)


def load_codebook(path: Path | None = None) -> Codebook:
    """Load and validate the codebook in folder ``path`` (default: the packaged one).

    A run's stages each ask for the codebook; it is parsed and validated once per process
    while its files hold the same bytes, so that a run pays for one load, not six, and the
    matchers compiled from it are reused too."""
    folder = Path(path) if path is not None else DEFAULT_DIR
    if not folder.is_dir():
        raise CodebookError(f"{folder}: not a folder")
    raws = {name: _read_bytes(folder, name) for name in FILES}
    key = (str(folder.resolve()), hashlib.sha256(b"\0".join(raws[name] for name in FILES)).hexdigest())
    cached = _LOADED.get(key)
    if cached is None:
        cached = _load_codebook(folder, raws)
        _LOADED.clear()  # one codebook per process at a time is what runs use
        _LOADED[key] = cached
    return cached


# (folder, hash of the files' bytes) -> the codebook read from them
_LOADED: dict[tuple[str, str], Codebook] = {}


def _load_codebook(folder: Path, raws: dict[str, bytes]) -> Codebook:
    digest = hashlib.sha256()
    loaded: dict[str, Any] = {}
    for filename in FILES:
        data = _parse(filename, raws[filename])
        content = json.dumps(_extraction_content(filename, data), sort_keys=True, ensure_ascii=False, default=str)
        digest.update(filename.encode() + b"\0" + content.encode() + b"\0")
        loaded[filename] = data
    parties = _validate(PartiesFile, loaded["parties.yaml"], "parties.yaml")
    issues = _validate(IssuesFile, loaded["issues.yaml"], "issues.yaml")
    cues = _validate(CuesFile, loaded["cues.yaml"], "cues.yaml")
    known = set(cues.priority)
    party_codes = {p.code for p in parties.parties}
    for i, issue in enumerate(issues.issues):
        if issue.target is not None and issue.target not in party_codes:
            raise CodebookError(f"issues.yaml: issues[{i}].target: unknown party {issue.target!r}")
        for j, ctx in enumerate(issue.context_terms):
            for s in ctx.only_with:
                if s not in known:
                    raise CodebookError(f"issues.yaml: issues[{i}].context_terms[{j}].only_with: unknown stance {s!r}")
        for s in issue.implies:
            if s not in known:
                raise CodebookError(f"issues.yaml: issues[{i}].implies.{s}: unknown stance")
    return Codebook(folder=folder, hash=digest.hexdigest()[:16], parties_file=parties,
                    issues_file=issues, cues_file=cues)


__all__ = ["Codebook", "CodebookError", "load_codebook", "packaged"]
