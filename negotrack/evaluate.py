"""Score extracted positions against a gold corpus (``negotrack eval``).

A gold corpus is a folder with ``articles.jsonl`` and ``gold.jsonl`` in the format of
the annotation guide (``../shared/ANNOTATION.md``, "Files"). Scoring follows the guide's
"Scoring" section and gives exactly the numbers of ``../shared/eval/score.py``, which
analysts do not have beside their install:

- the unit is the distinct ``(article_id, party, issue, stance)``, over the issues the
  guide scores (:data:`SCORED_ISSUES`); other issues are ignored on both sides;
- a key in both sets is a true positive, only predicted a false alarm, only in gold a
  miss; precision, recall and F1 overall and per language (of the gold article),
  party, issue and stance;
- an article with no gold line counts (all its predictions are false alarms);
  predictions for articles that are not in the corpus are ignored;
- when a key appears on several lines, the gold file's *last* line and the
  predictions' *first* line stand for it (as in score.py);
- actor accuracy (:func:`same_actor`) and date accuracy over the matched keys whose
  gold line has an actor, respectively a date.

Scored issues come from the annotation guide, not the codebook: the codebook may name
issues the gold corpus never annotates (scoring them would make every such prediction a
false alarm), and a gold position on an issue the codebook lacks must still count as
missed. Stances can come from the codebook (:meth:`Scheme.from_codebook`); a predicted
stance outside the scheme is counted in ``invalid_stance_labels`` (it is still a false
alarm). With the bundled codebook both are the guide's.

A pure library module: no Prefect, no database; ``negotrack.cli`` runs the pipeline and
hands the exported positions to :func:`evaluate`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

# The annotation guide's scored issues and stances (ANNOTATION.md, "Issues", "Stances").
SCORED_ISSUES: tuple[str, ...] = ("enrichment", "ballistic_missiles", "sanctions")
GUIDE_STANCES: tuple[str, ...] = ("refuse", "insist", "pressure", "open", "concede")
FACETS: tuple[str, ...] = ("issue", "language", "party", "stance")  # score.py's order

Key = tuple[str, Any, Any, Any]  # (article_id, party, issue, stance)


class GoldError(ValueError):
    """A gold corpus that cannot be read; the message is one line naming file and line."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Position:
    """One position, gold or predicted. ``cue`` and ``rule`` (of the statement whose
    evidence the position shows) are only known for predictions."""

    article_id: str
    party: str | None
    issue: str | None
    stance: str | None
    actor: str | None = None
    date: str | None = None
    evidence: str | None = None
    cue: str | None = None
    rule: str | None = None

    @property
    def key(self) -> Key:
        return (self.article_id, self.party, self.issue, self.stance)

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any]) -> Position:
        """A gold line or an exported position (extra fields are ignored)."""

        def text(name: str) -> str | None:
            value = row.get(name)
            return None if value is None else str(value)

        return cls(
            article_id=str(row.get("article_id")),
            party=row.get("party"),
            issue=row.get("issue"),
            stance=row.get("stance"),
            actor=row.get("actor"),
            date=text("date"),
            evidence=text("evidence"),
            cue=text("cue"),
            rule=text("rule"),
        )


@dataclass(frozen=True)
class GoldArticle:
    article_id: str
    language: str | None
    title: str | None = None


@dataclass
class GoldCorpus:
    """The articles (in file order, by id) and every gold line (scored issues or not)."""

    folder: Path
    articles: dict[str, GoldArticle]
    positions: list[Position]

    @property
    def articles_path(self) -> Path:
        return self.folder / "articles.jsonl"


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict]]:
    """(line number, object) for each non-blank line; GoldError on anything else."""
    try:
        f = open(path, encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(f"{path.parent}: no {path.name} in the gold folder") from None
    except OSError as exc:
        raise GoldError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with f:
        try:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldError(f"{path}:{n}: not JSON ({exc.msg} at column {exc.colno})") from None
                if not isinstance(row, dict):
                    raise GoldError(f"{path}:{n}: expected a JSON object, found {type(row).__name__}")
                yield n, row
        except UnicodeDecodeError:
            raise GoldError(f"{path}: not UTF-8 text") from None


def load_gold(folder: Path) -> GoldCorpus:
    """Read ``folder/articles.jsonl`` and ``folder/gold.jsonl``.

    Raises GoldError (one line) when the folder or a file is missing, a line is not a
    JSON object, an article has no ``id``, a gold line lacks a label, or a scored gold
    line names an article that is not in ``articles.jsonl``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such folder" if not folder.exists() else f"{folder}: not a folder")
    for name in ("articles.jsonl", "gold.jsonl"):  # both checked before reading either
        if not (folder / name).is_file():
            raise GoldError(f"{folder}: no {name} in the gold folder")
    articles: dict[str, GoldArticle] = {}
    path = folder / "articles.jsonl"
    for n, row in _read_jsonl(path):
        raw_id = row.get("id")
        if raw_id is None or isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or str(raw_id) == "":
            raise GoldError(f"{path}:{n}: an article needs an 'id' (string)")
        article_id = str(raw_id)
        articles[article_id] = GoldArticle(article_id, row.get("language"), row.get("title"))
    positions: list[Position] = []
    path = folder / "gold.jsonl"
    for n, row in _read_jsonl(path):
        missing = [f for f in ("article_id", "party", "issue", "stance") if row.get(f) in (None, "")]
        if missing:
            raise GoldError(f"{path}:{n}: missing {', '.join(missing)}")
        pos = Position.from_mapping(row)
        if pos.issue in SCORED_ISSUES and pos.article_id not in articles:
            raise GoldError(f"{path}:{n}: article {pos.article_id!r} is not in articles.jsonl")
        positions.append(pos)
    return GoldCorpus(folder, articles, positions)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Scheme:
    """What is scored: the issues, and the stances a prediction may carry."""

    issues: tuple[str, ...] = SCORED_ISSUES
    stances: tuple[str, ...] = GUIDE_STANCES

    @classmethod
    def from_codebook(cls, codebook: Any) -> Scheme:
        """The guide's scored issues; the codebook's stances (in the guide's order, then any
        the guide does not know)."""
        stances = tuple(s for s in GUIDE_STANCES if s in codebook.stances)
        stances += tuple(sorted(s for s in codebook.stances if s not in GUIDE_STANCES))
        return cls(SCORED_ISSUES, stances)

    def differences(self, codebook: Any) -> list[str]:
        """How the codebook departs from the scheme (empty for the bundled codebook)."""
        notes = [f"issue {i!r} is scored but not in the codebook: its gold positions can only be missed"
                 for i in self.issues if i not in codebook.issues]
        notes += [f"stance {s!r} is in the guide but not in the codebook" for s in GUIDE_STANCES
                  if s not in codebook.stances]
        notes += [f"stance {s!r} is in the codebook but not in the annotation guide" for s in self.stances
                  if s not in GUIDE_STANCES]
        return notes


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None


def _norm_actor(name: str | None) -> str | None:
    return " ".join(str(name).lower().replace("-", " ").replace("'", " ").split()) if name else None


def same_actor(gold: str | None, pred: str | None) -> bool:
    """Same person or body: equal once lower-cased (hyphens and apostrophes as spaces),
    or one name's words all found in the other's ("Araghchi" / "Abbas Araghchi")."""
    g, p = _norm_actor(gold), _norm_actor(pred)
    if not g or not p:
        return False
    gw, pw = set(g.split()), set(p.split())
    return g == p or gw <= pw or pw <= gw


def same_date(gold: str | None, pred: str | None) -> bool:
    """The predicted day (its first 10 characters: a timestamp counts by its day)."""
    return gold is not None and pred is not None and pred[:10] == gold


@dataclass
class Evaluation:
    """The scores of one set of predictions against one gold corpus."""

    n_articles: int
    facets: dict[str, dict[str, Counts]]  # "all" -> {"all": ...}, then FACETS
    actor: Accuracy
    date: Accuracy
    invalid_stance_labels: int
    gold: dict[Key, Position] = field(repr=False)
    predicted: dict[Key, Position] = field(repr=False)
    articles: dict[str, GoldArticle] = field(repr=False)

    @property
    def overall(self) -> Counts:
        return self.facets.get("all", {}).get("all", Counts())

    @property
    def misses(self) -> list[Position]:
        """Gold positions not predicted, in gold-file order."""
        return [g for k, g in self.gold.items() if k not in self.predicted]

    @property
    def false_alarms(self) -> list[Position]:
        """Predicted positions not in gold, in prediction order."""
        return [p for k, p in self.predicted.items() if k not in self.gold]

    # ------------------------------------------------------------------ output

    def to_dict(self, errors: bool = False) -> dict[str, Any]:
        """score.py's ``--json`` report (same keys, same values), plus ``articles`` and,
        with ``errors``, the ``misses`` and ``false_alarms``."""
        d: dict[str, Any] = {
            "facets": {facet: {value: c.as_dict() for value, c in values.items()}
                       for facet, values in self.facets.items()},
            "actor_accuracy": self.actor.value,
            "date_accuracy": self.date.value,
            "invalid_stance_labels": self.invalid_stance_labels,
            "gold": len(self.gold),
            "predicted": len(self.predicted),
            "articles": self.n_articles,
        }
        if errors:
            d["misses"] = [asdict(p) for p in self.misses]
            d["false_alarms"] = [asdict(p) for p in self.false_alarms]
        return d

    def lines(self) -> list[str]:
        """The report as text: the figures score.py prints, in the same order."""
        out = [f"gold positions {len(self.gold)}, predicted {len(self.predicted)}, articles {self.n_articles}"]

        def head(title: str) -> str:
            return f"{title:<22} {'tp':>4} {'fp':>4} {'fn':>4}   {'P':>5}  {'R':>5}  {'F1':>5}"

        def row(label: str, c: Counts) -> str:
            return (f"  {label:<20} {c.tp:>4} {c.fp:>4} {c.fn:>4}   "
                    f"{c.precision:.3f}  {c.recall:.3f}  {c.f1:.3f}")

        out += ["", head("overall"), row("all", self.overall)]
        for facet, values in self.facets.items():
            if facet == "all":
                continue
            out += ["", head(facet)]
            out += [row(value, c) for value, c in values.items()]
        out.append("")
        if self.actor.value is not None:
            out.append(f"actor accuracy on matched positions: {self.actor.value:.3f} "
                       f"({self.actor.correct}/{self.actor.total})")
        if self.date.value is not None:
            out.append(f"date accuracy on matched positions:  {self.date.value:.3f} "
                       f"({self.date.correct}/{self.date.total})")
        if self.invalid_stance_labels:
            out.append(f"predictions with a stance outside the guide: {self.invalid_stance_labels}")
        o = self.overall
        out += ["", f"P {o.precision:.3f} R {o.recall:.3f}", f"F1 {o.f1:.3f}"]
        return out

    def error_lines(self, width: int = 160) -> list[str]:
        """Misses and false alarms, grouped by article (corpus order)."""
        by_article: dict[str, list[tuple[str, Position]]] = defaultdict(list)
        for g in self.misses:
            by_article[g.article_id].append(("missed", g))
        for p in self.false_alarms:
            by_article[p.article_id].append(("false alarm", p))
        n_miss, n_fa = len(self.misses), len(self.false_alarms)
        out = [f"errors: {n_miss} missed, {n_fa} false alarm{'s' if n_fa != 1 else ''}, "
               f"in {len(by_article)} article{'s' if len(by_article) != 1 else ''}"]
        # the other side's stances on the same article, party and issue: a wrong label, not a blind spot
        other: dict[tuple, dict[str, list[str]]] = defaultdict(lambda: {"missed": [], "false alarm": []})
        for k in self.predicted:
            other[k[:3]]["missed"].append(str(k[3]))
        for k in self.gold:
            other[k[:3]]["false alarm"].append(str(k[3]))
        order = {a: i for i, a in enumerate(self.articles)}
        for article_id in sorted(by_article, key=lambda a: order.get(a, len(order))):
            art = self.articles.get(article_id)
            lang = f" ({art.language})" if art and art.language else ""
            out += ["", f"{article_id}{lang}"]
            for kind, pos in by_article[article_id]:
                label = f"{pos.party} / {pos.issue} / {pos.stance}"
                who = ", ".join(x for x in (pos.actor, pos.date) if x)
                instead = [s for s in other[pos.key[:3]][kind] if s != pos.stance]
                hint = f"  ({'predicted' if kind == 'missed' else 'gold'}: {', '.join(instead)})" if instead else ""
                out.append(f"  {kind:<11}  {label}" + (f"  [{who}]" if who else "") + hint)
                what = "gold evidence" if kind == "missed" else "evidence"
                out.append(f"      {what}: {_clip(pos.evidence, width)}")
                if kind != "missed":
                    out.append(f"      cue: {_clip(pos.cue, 60)}   rule: {pos.rule or '-'}")
        return out


def _clip(text: str | None, width: int) -> str:
    if not text:
        return "-"
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def predictions_from_export(
    positions: Iterable[Mapping[str, Any]], representatives: Iterable[Mapping[str, Any]] = ()
) -> list[Position]:
    """Predicted positions from the rows of ``sql/export/positions.sql`` (what ``negotrack
    export positions`` writes), with the cue and rule of each one's representative
    statement (``sql/eval/position_rules.sql``) where given."""
    why = {(str(r["article_id"]), r["party"], r["issue"], r["stance"]): r for r in representatives}
    out = []
    for row in positions:
        pos = Position.from_mapping(row)
        rep = why.get(pos.key)
        if rep is not None:
            pos = replace(pos, cue=rep.get("cue") or pos.cue, rule=rep.get("rule"))
        out.append(pos)
    return out


def evaluate(
    gold: GoldCorpus,
    predictions: Iterable[Position | Mapping[str, Any]],
    scheme: Scheme | None = None,
) -> Evaluation:
    """Score ``predictions`` (positions, or mappings such as exported rows) on ``gold``."""
    scheme = scheme or Scheme()
    issues, stances = set(scheme.issues), set(scheme.stances)
    articles = gold.articles
    gold_by_key: dict[Key, Position] = {}
    for g in gold.positions:
        if g.issue in issues:
            gold_by_key[g.key] = g  # the last line for a key stands for it
    pred_by_key: dict[Key, Position] = {}
    for p in predictions:
        pos = p if isinstance(p, Position) else Position.from_mapping(p)
        if pos.article_id in articles and pos.issue in issues:
            pred_by_key.setdefault(pos.key, pos)  # the first line for a key stands for it
    invalid = sum(1 for k in pred_by_key if k[3] not in stances)

    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    for k in gold_by_key.keys() | pred_by_key.keys():
        slot = 0 if (k in gold_by_key and k in pred_by_key) else (1 if k in pred_by_key else 2)
        values = {"all": "all", "language": articles[k[0]].language, "party": k[1], "issue": k[2], "stance": k[3]}
        for facet, value in values.items():
            counts[(facet, str(value))][slot] += 1
    facets: dict[str, dict[str, Counts]] = {}
    for (facet, value), (tp, fp, fn) in sorted(counts.items(), key=lambda kv: (kv[0][0] != "all", kv[0])):
        facets.setdefault(facet, {})[value] = Counts(tp, fp, fn)

    matched = [k for k in gold_by_key if k in pred_by_key]
    with_actor = [k for k in matched if gold_by_key[k].actor]
    with_date = [k for k in matched if gold_by_key[k].date]
    actor = Accuracy(sum(same_actor(gold_by_key[k].actor, pred_by_key[k].actor) for k in with_actor), len(with_actor))
    date = Accuracy(sum(same_date(gold_by_key[k].date, pred_by_key[k].date) for k in with_date), len(with_date))
    return Evaluation(
        n_articles=len(articles), facets=facets, actor=actor, date=date, invalid_stance_labels=invalid,
        gold=gold_by_key, predicted=pred_by_key, articles=articles,
    )
