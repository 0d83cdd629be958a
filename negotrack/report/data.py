"""Report data: one JSON-ready dict assembled from the report views (``sql/report/*.sql``).

Every renderer (Markdown, HTML, JSON) reads this dict and nothing else, so the three
formats carry the same content. Dates are ISO strings; every quote is a dict with its
text, language, article id, URL (when known), outlet, date and actor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from negotrack import store
from negotrack.report.context import locate, sentence_around
from negotrack.report.labels import Labels

PERIODS = ("day", "week", "month")
MIN_DATE = date(1, 1, 1)
MAX_DATE = date(9999, 12, 31)
MAX_SHIFTS = 150  # listed in a report; the position_shifts view has them all
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.I)


@dataclass(frozen=True)
class ReportOptions:
    since: date | None = None
    until: date | None = None
    parties: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    period: str | None = None  # None: chosen from the span of the data (``choose_period``)
    period_auto: bool = False  # the period was chosen that way

    def __post_init__(self) -> None:
        if self.period is not None and self.period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {self.period!r}")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"--since {self.since} is after --until {self.until}")

    def params(self) -> dict[str, object]:
        return {
            "since": self.since or MIN_DATE,
            "until": self.until or MAX_DATE,
            "parties": list(self.parties),
            "issues": list(self.issues),
            "period": self.period or "day",
        }

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["since"] = _iso(self.since)
        d["until"] = _iso(self.until)
        d["parties"] = list(self.parties)
        d["issues"] = list(self.issues)
        return d


# With no --period, the granularity that suits the span of the positions in the window:
# a month of news reads day by day, a season week by week, a longer story month by month
# (40 articles over a year give ~60 day-level shifts and unreadable charts).
DAY_SPAN_MAX = 31
WEEK_SPAN_MAX = 183


def choose_period(first: date | None, last: date | None) -> str:
    """The period for a window whose positions run from ``first`` to ``last``."""
    if first is None or last is None:
        return "day"
    span = (last - first).days
    return "day" if span <= DAY_SPAN_MAX else "week" if span <= WEEK_SPAN_MAX else "month"


def _iso(d) -> str | None:
    if d is None:
        return None
    return d.isoformat() if isinstance(d, (date, datetime)) else str(d)


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) address, else None (no javascript:, data:, ...)."""
    if url and _SAFE_URL.match(url.strip()):
        return url.strip()
    return None


def text_direction(language: str | None, rtl: frozenset[str] | set[str]) -> str:
    """'rtl' for a language the codebook marks ``direction: rtl`` (``Labels.rtl``; only
    the codebook's languages get through validation), else 'auto' (the browser decides)."""
    code = (language or "").split("-")[0].lower()
    return "rtl" if code in rtl else "auto"


def quote(text, *, language, article_id, url, source, rtl: frozenset[str], title=None, date_=None, actor=None,
          outlets=None) -> dict:
    return {
        "text": text,
        "language": language,
        "dir": text_direction(language, rtl),
        "article_id": article_id,
        "url": safe_url(url),
        "source": source,
        "title": title,
        "date": _iso(date_),
        "actor": actor,
        "outlets": outlets,
    }


def _struct_quote(q: dict, rtl: frozenset[str]) -> dict:
    """A quote from one element of a view's ``quotes`` list, with its stance."""
    out = quote(q["evidence"], language=q["language"], article_id=q["article_id"], url=q["url"],
                source=q["source"], title=q.get("title"), date_=q["date"], actor=q["actor"], outlets=q["outlets"],
                rtl=rtl)
    out["stance"] = q["stance"]
    out["hardness"] = q["hardness"]
    out["positions"] = q["n_positions"]
    return out


def _row_quote(r: dict, rtl: frozenset[str], prefix: str = "evidence_", text: str = "evidence") -> dict:
    """The representative quote of a timeline, current or shift row."""
    return quote(r[text], language=r[f"{prefix}language"], article_id=r[f"{prefix}article_id"],
                 url=r[f"{prefix}url"], source=r[f"{prefix}source"], title=r.get(f"{prefix}title"),
                 date_=r[f"{prefix}date"], actor=r["actor"] if prefix == "evidence_" else r[f"{prefix}actor"],
                 outlets=r[f"{prefix}outlets"], rtl=rtl)


def top_stances(quotes: list[dict]) -> list[str]:
    """The stances that share the top count of a period (one, unless the period is mixed)."""
    if not quotes:
        return []
    top = quotes[0]["positions"]
    return [q["stance"] for q in quotes if q["positions"] == top]


def carrying_quotes(side: dict, direction: str | None = None, before_hardness: float | None = None) -> list[dict]:
    """The quotes a card shows for one period, each beside the stance it carries: the
    dominant stance's, or every tied stance's for a mixed period; and, on the "after"
    side of a move, also the quote of the stance that made the move when the dominant
    one does not (refuse kept its count but an "open" came in: the "open" quote is what
    softened)."""
    quotes = side.get("quotes") or []
    tied = top_stances(quotes)
    shown = [q for q in quotes if q["stance"] in tied]
    if direction in ("harder", "softer") and before_hardness is not None and shown:
        def moves(q: dict) -> bool:
            return q["hardness"] > before_hardness if direction == "harder" else q["hardness"] < before_hardness
        if not any(moves(q) for q in shown):
            extra = [q for q in quotes if moves(q)]
            if extra:
                pick = max(extra, key=lambda q: q["hardness"]) if direction == "harder" else \
                    min(extra, key=lambda q: q["hardness"])
                shown.append(pick)
    return shown


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> list[dict]:
    return store.query_frame(con, f"report/{name}.sql", params).to_dicts()


@dataclass
class _ViewRows:
    """What the report views return for one window, read in one materialised pass."""

    timeline: list[dict]
    shifts: list[dict]
    shifts_total: int
    current: list[dict]
    moves: list[dict]
    summary: dict
    sources: list[dict]


@contextmanager
def _materialised(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The view chain's period-free steps copied once (``materialise.sql``) for the span
    and the report queries; dropped again (``release.sql``) whatever happens."""
    store.run_script(con, "report/materialise.sql")
    try:
        yield
    finally:
        store.run_script(con, "report/release.sql")


def _read_views(con: duckdb.DuckDBPyConnection, params: dict, max_shifts: int) -> _ViewRows:
    """Run the report queries inside :func:`_materialised`, after the period's steps
    (``materialise_periods.sql``); the sources are the stories whose quotes the report cites."""
    store.run_script(con, "report/materialise_periods.sql", params)
    shift_rows = _rows(con, "shifts", params)
    current_rows = _rows(con, "current", params)
    listed = shift_rows[-max_shifts:] if max_shifts else []  # the most recent ones
    cited = sorted(
        {r["evidence_article_id"] for r in current_rows}
        | {r[f"{side}_article_id"] for r in listed for side in ("before", "after")}
    )
    return _ViewRows(
        timeline=_rows(con, "timeline", params),
        shifts=listed,
        shifts_total=len(shift_rows),
        current=current_rows,
        moves=_rows(con, "moves", params),
        summary=_rows(con, "summary", params)[0],
        sources=_rows(con, "sources", {**params, "article_ids": cited}),
    )


def build_report(
    con: duckdb.DuckDBPyConnection,
    options: ReportOptions,
    labels: Labels | None = None,
    *,
    previous: dict | None = None,
    generated_at: datetime | None = None,
    database: str | None = None,
    max_shifts: int = MAX_SHIFTS,
) -> dict:
    """Assemble the report for ``options`` from the views; ``previous`` is the last report's JSON.

    The most recent ``max_shifts`` shifts are listed (``summary.shifts`` counts them all);
    the sources are the stories whose quotes the report cites. Each section of the dict
    has its own function below, in the order the renderers show them.
    """
    labels = labels or Labels()
    with _materialised(con):
        if options.period is None:
            span = store.query_frame(con, "report/span.sql", {**options.params(), "period": "day"}).row(0)
            options = replace(options, period=choose_period(*span), period_auto=True)
        rows = _read_views(con, options.params(), max_shifts)
    generated_at = generated_at or datetime.now(timezone.utc).replace(microsecond=0)
    rtl = labels.rtl

    parties = labels.sort_parties({r["party"] for r in rows.timeline} | {r["party"] for r in rows.current})
    issues = labels.sort_issues({r["issue"] for r in rows.timeline} | {r["issue"] for r in rows.current})
    shifts = _shifts(rows.shifts, previous, rtl)
    report = {
        "report": "negotrack positions report",
        "format_version": 1,
        "generated_at": generated_at.isoformat().replace("+00:00", "Z"),
        "database": database,
        "options": options.as_dict(),
        "labels": {
            "parties": {p: labels.party(p) for p in parties},
            "issues": {i: labels.issue(i) for i in issues},
            "stances": labels.hardness,
        },
        "parties": parties,
        "issues": issues,
        "summary": _summary(rows, len(shifts), labels),
        "current": _current(rows.current, rtl),
        "shifts": shifts,
        "timeline": _timeline(rows.timeline, rtl),
        "moves": _moves(rows.moves),
        "sources": _sources(rows.sources, rtl),
    }
    _add_context(con, report)
    report["since_last_report"] = _since_last(report, previous)
    report["headline"] = headline(report, labels)
    return report


def _timeline(rows: list[dict], rtl: frozenset[str]) -> dict[str, dict[str, list[dict]]]:
    """Issue -> party -> its periods with statements, oldest first."""
    timeline: dict[str, dict[str, list[dict]]] = {}
    for r in rows:
        timeline.setdefault(r["issue"], {}).setdefault(r["party"], []).append({
            "period_start": _iso(r["period_start"]),
            "period_end": _iso(r["period_end"]),
            "stance": r["dominant_stance"],
            "mixed": r["mixed"],
            "hardness": r["mean_hardness"],
            "stances": r["stances"],
            "quotes": [_struct_quote(q, rtl) for q in r["quotes"]],
            "statements": r["n_statements"],
            "positions": r["n_positions"],
            "sources": r["n_sources"],
            "articles": r["n_articles"],
            "quote": _row_quote(r, rtl),
        })
    return timeline


def _current(rows: list[dict], rtl: frozenset[str]) -> list[dict]:
    """Each party's latest position on each issue, with its own previous one and the trend."""
    return [
        {
            "party": r["party"],
            "issue": r["issue"],
            "date": _iso(r["date"]),
            "stance": r["dominant_stance"],
            "mixed": r["mixed"],
            "hardness": r["mean_hardness"],
            "stances": r["stances"],
            "quotes": [_struct_quote(q, rtl) for q in r["quotes"]],
            "sources": r["n_sources"],
            "articles": r["n_articles"],
            "previous": None if r["previous_stance"] is None else {
                "stance": r["previous_stance"], "mixed": r["previous_mixed"],
                "stances": r["previous_stances"], "hardness": r["previous_hardness"],
                "date": _iso(r["previous_date"]),
            },
            "trend": r["trend"],
            "quote": _row_quote(r, rtl),
        }
        for r in rows
    ]


def _shifts(rows: list[dict], previous: dict | None, rtl: frozenset[str]) -> list[dict]:
    """The listed shifts, each with the quotes that carry its before and after sides."""
    previous_ids = {s.get("shift_id") for s in previous.get("shifts", [])} if previous else set()
    shifts = []
    for r in rows:
        side = {}
        for key in ("before", "after"):
            side[key] = {
                "period_start": _iso(r[f"{key}_period_start"]),
                "period_end": _iso(r[f"{key}_period_end"]),
                "stance": r[f"{key}_stance"],
                "mixed": r[f"{key}_mixed"],
                "stances": r[f"{key}_stances"],
                "hardness": r[f"{key}_hardness"],
                "quotes": [_struct_quote(q, rtl) for q in r[f"{key}_quotes"]],
                "sources": r[f"{key}_sources"],
                "quote": _row_quote(r, rtl, prefix=f"{key}_", text=f"{key}_evidence"),
            }
        side["before"]["shown"] = carrying_quotes(side["before"])
        side["after"]["shown"] = carrying_quotes(side["after"], r["direction"], r["before_hardness"])
        shifts.append({
            "shift_id": r["shift_id"],
            "party": r["party"],
            "issue": r["issue"],
            "direction": r["direction"],
            "delta": r["delta"],
            "stance_changed": r["stance_changed"],
            "new_since_last_report": bool(previous) and r["shift_id"] not in previous_ids,
            **side,
        })
    return shifts


def _moves(rows: list[dict]) -> dict[str, list[dict]]:
    """Issue -> per period, who hardened, softened, held (``moves.sql`` keeps only the
    parties the report is filtered to)."""
    moves: dict[str, list[dict]] = {}
    for r in rows:
        moves.setdefault(r["issue"], []).append({
            "period_start": _iso(r["period_start"]),
            **{k: r[k] for k in ("stated_by", "hardened", "softened", "changed", "held", "first_stated")},
        })
    return moves


def _sources(rows: list[dict], rtl: frozenset[str]) -> list[dict]:
    """The cited stories, each with every outlet that carried it."""
    return [
        {
            "story_id": r["story_id"],
            "title": r["title"],
            "source": r["source"],
            "url": safe_url(r["url"]),
            "published": _iso(r["published"]),
            "language": r["language"],
            "dir": text_direction(r["language"], rtl),
            "articles": r["story_articles"],
            "outlets": r["story_outlets"],
            "outlet_names": r["story_outlet_names"],
            "positions": r["n_positions"],
            "parties": r["parties"],
            "issues": r["issues"],
            "carried_by": [
                {
                    "article_id": a["article_id"],
                    "outlet": a["outlet"],
                    "url": safe_url(a["url"]),
                    "title": a["title"],
                    "published": _iso(a["published"]),
                    "copy": a["is_copy"],
                    "similarity": a["similarity"],
                }
                for a in r["articles"]
            ],
        }
        for r in rows
    ]


def _summary(rows: _ViewRows, shifts_listed: int, labels: Labels) -> dict:
    s = rows.summary
    return {
        "articles": s["articles"],
        "stories": s["stories"],
        "syndicated_copies": s["syndicated_copies"],
        "outlets": s["outlets"],
        "positions": s["positions"],
        "statements": s["statements"],
        "parties": labels.sort_parties(s["parties"] or []),
        "issues": s["issues"] or [],
        "first_date": _iso(s["first_date"]),
        "last_date": _iso(s["last_date"]),
        "shifts": rows.shifts_total,
        "shifts_listed": shifts_listed,
        "sources_cited": len(rows.sources),
        "articles_in_database": s["articles_in_database"],
        "latest_published": _iso(s["latest_published"]),
    }


def _shown_quotes(report: dict):
    """Every quote a reader sees on a card or in the current positions."""
    for c in report["current"]:
        yield c["quote"]
        yield from c["quotes"]
    for sh in report["shifts"]:
        for side in ("before", "after"):
            yield sh[side]["quote"]
            yield from sh[side]["shown"]


def _add_context(con: duckdb.DuckDBPyConnection, report: dict) -> None:
    """Give each shown quote the rest of its sentence (``before``, ``after``): evidence
    that is a fragment ("if sanctions are lifted") must stand alone for a reader."""
    quotes = [q for q in _shown_quotes(report) if q.get("text")]
    ids = sorted({q["article_id"] for q in quotes})
    if not ids:
        return
    texts = dict(store.query_frame(con, "report/article_texts.sql", {"article_ids": ids}).iter_rows())
    for q in quotes:
        text = texts.get(q["article_id"])
        span = locate(text, q["text"]) if text else None
        q["before"], q["after"] = sentence_around(text, *span) if span else ("", "")


def _since_last(report: dict, previous: dict | None) -> dict | None:
    """What changed since the previous report: new shifts and changed current positions."""
    if not previous:
        return None
    before = {(c["party"], c["issue"]): c for c in previous.get("current", [])}
    changed = []
    for c in report["current"]:
        old = before.get((c["party"], c["issue"]))
        if old is None or old.get("stance") != c["stance"] or old.get("hardness") != c["hardness"]:
            changed.append({
                "party": c["party"], "issue": c["issue"],
                "before": None if old is None else {"stance": old.get("stance"), "hardness": old.get("hardness"),
                                                    "date": old.get("date")},
                "after": {"stance": c["stance"], "hardness": c["hardness"], "date": c["date"]},
            })
    return {
        "previous_generated_at": previous.get("generated_at"),
        "new_shifts": [s["shift_id"] for s in report["shifts"] if s["new_since_last_report"]],
        "changed_positions": changed,
    }


def _fmt_day(iso: str | None) -> str:
    if not iso:
        return "?"
    d = date.fromisoformat(iso)
    return f"{d.day} {d:%b %Y}"


def period_label(side: dict, period: str) -> str:
    """'14 Apr 2025', 'week of 14 Apr 2025' or 'April 2025' for a period's start."""
    if period == "day":
        return _fmt_day(side["period_start"])
    start = date.fromisoformat(side["period_start"])
    if period == "week":
        return f"week of {start.day} {start:%b %Y}"
    return f"{start:%B %Y}"


def _signed(x: float | None) -> str:
    if x is None:
        return "?"
    if x == 0:
        return "0"
    s = f"{x:+.1f}" if x != int(x) else f"{int(x):+d}"
    return s.replace("-", "−")


def headline(report: dict, labels: Labels) -> list[str]:
    """A few plain sentences: coverage, the moves, where the parties stand apart."""
    s = report["summary"]
    period = report["options"]["period"]
    out: list[str] = []
    if not s["positions"]:
        return ["No positions in this window: nothing to report yet."]
    copies = s["syndicated_copies"]
    out.append(
        f"From {_fmt_day(s['first_date'])} to {_fmt_day(s['last_date'])}, {s['articles']} articles from "
        f"{s['outlets']} outlets gave {s['positions']} positions of {len(s['parties'])} "
        f"part{'y' if len(s['parties']) == 1 else 'ies'} on {len(s['issues'])} "
        f"issue{'' if len(s['issues']) == 1 else 's'}, from {s['stories']} independent "
        f"source{'' if s['stories'] == 1 else 's'}"
        + (f" ({copies} syndicated cop{'y' if copies == 1 else 'ies'} counted once)." if copies else ".")
    )
    shifts = report["shifts"]
    if shifts:
        n = s["shifts"]
        ranked = sorted(shifts, key=lambda x: (-abs(x["delta"] or 0), x["after"]["period_start"]))[:5]
        ranked.sort(key=lambda x: x["after"]["period_start"])
        parts = [
            f"{labels.party(x['party'])} {_verb(x['direction'])} on {labels.issue(x['issue']).lower()} "
            f"({move(x)}, {period_label(x['after'], period)})"
            for x in ranked
        ]
        more = n - len(ranked)
        recent = " (among the most recent)" if n > len(shifts) else ""
        out.append(
            f"{n} shift{'' if n == 1 else 's'}"
            + (f"; the largest{recent}: " if more else ": ")
            + "; ".join(parts)
            + (f"; and {more} more." if more else ".")
        )
    else:
        out.append("No party changed its stance or hardness in this window.")
    for issue in report["issues"]:
        pair = main_pair(report, issue)
        if pair:
            out.append(pair_sentence(report, issue, pair, labels))
    return out


def stance_text(point: dict) -> str:
    """A period's stance in words that hold: 'refuse'; 'mixed: refuse / open' when two
    stances share the top count; 'mostly insist' when others were taken less often."""
    quotes = point.get("quotes") or []
    tied = top_stances(quotes)
    if point.get("mixed") and len(tied) > 1:
        return "mixed: " + " / ".join(tied)
    others = [x for x in point.get("stances") or [] if x != point["stance"]]
    return f"mostly {point['stance']}" if others else point["stance"]


def own_move(points: list[dict], period: str) -> tuple[str, str]:
    """(kind, phrase) for one party's course on an issue over the window, measured
    against its own first observation: kind is 'hardened', 'softened', 'moved', 'held',
    'returned' or 'once'."""
    first, last = points[0], points[-1]
    when_first, when_last = period_label(first, period), period_label(last, period)
    if first is last:
        return "once", f"stated its position once ({stance_text(last)}, {when_last})"
    at = {"day": "on", "week": "in the"}.get(period, "in")
    course = f"{stance_text(first)} {at} {when_first} → {stance_text(last)} {at} {when_last}"
    if last["hardness"] > first["hardness"]:
        return "hardened", f"hardened ({course})"
    if last["hardness"] < first["hardness"]:
        return "softened", f"softened ({course})"
    if stance_text(last) != stance_text(first):
        return "moved", f"moved at the same hardness ({course})"
    moved = sum(1 for a, b in zip(points, points[1:])
                if a["hardness"] != b["hardness"] or stance_text(a) != stance_text(b))
    if moved:
        return "returned", (f"came back to where it began after {moved} shift{'' if moved == 1 else 's'} "
                            f"({course})")
    return "held", f"held its line ({stance_text(last)} from {when_first} to {when_last})"


_BOTH = {"hardened": "both hardened", "softened": "both softened", "held": "both held their line",
         "returned": "both came back to where they began", "once": "each stated a position once"}


def pair_sentence(report: dict, issue: str, pair: tuple[str, str], labels: Labels) -> str:
    """One sentence on how two parties moved on an issue, each against its own past
    (never against each other: equal hardness is no agreement)."""
    period = report["options"]["period"]
    series = report["timeline"][issue]
    (ka, pa), (kb, pb) = (own_move(series[p], period) for p in pair)
    a, b = (labels.party(p) for p in pair)
    topic = labels.issue(issue).lower()
    if ka == kb and ka in _BOTH:
        return f"On {topic}, {a} and {b} {_BOTH[ka]}: {a} {_drop_verb(pa)}; {b} {_drop_verb(pb)}."
    return f"On {topic}, {a} {pa}, while {b} {pb}."


def _drop_verb(phrase: str) -> str:
    """'hardened (open → refuse…)' → '(open → refuse…)': the shared verb is said once."""
    head, sep, rest = phrase.partition(" (")
    return f"({rest}" if sep else phrase


def moves_caption(report: dict, issue: str, labels: Labels) -> str | None:
    """Who moved in the last period with a statement on ``issue``, each against its own
    previous observation: 'Latest (May 2025): hardened: United States; softened: Iran.'"""
    series = report["moves"].get(issue) or []
    if not series:
        return None
    last = series[-1]
    parts = [f"{word}: {', '.join(labels.party(p) for p in last[key])}"
             for key, word in (("hardened", "hardened"), ("softened", "softened"),
                               ("changed", "changed stance at the same hardness"), ("held", "said the same again"),
                               ("first_stated", "first statement"))
             if last[key]]
    if not parts:
        return None
    return f"Latest ({period_label(last, report['options']['period'])}), each party against its own previous " \
           f"statement: {'; '.join(parts)}."


def main_pair(report: dict, issue: str) -> tuple[str, str] | None:
    """The two parties with the most observations on an issue: whose gap the headline follows."""
    counts = {p: len(pts) for p, pts in report["timeline"].get(issue, {}).items()}
    if len(counts) < 2:
        return None
    a, b = sorted(counts, key=lambda p: (-counts[p], report["parties"].index(p)))[:2]
    return a, b


def move(shift: dict) -> str:
    """'insist → open', 'refuse → mixed: refuse / open', or 'mostly insist, mean +1.5 →
    +1' when only the mean hardness moved."""
    b, a = stance_text(shift["before"]), stance_text(shift["after"])
    if b != a:
        return f"{b} → {a}"
    return f"{a}, mean {_signed(shift['before']['hardness'])} → {_signed(shift['after']['hardness'])}"


def _verb(direction: str) -> str:
    return {"harder": "hardened", "softer": "softened"}.get(direction, "changed stance")


def load_previous(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("report") == "negotrack positions report" else None
