"""The Markdown report: the same content as the HTML one, readable in a terminal or a repo.

Article-derived text is escaped for Markdown (no raw HTML gets through, no table breaks);
links are only plain http(s) URLs. Arabic quotes display right-to-left by the Unicode
bidi algorithm in any viewer; each quote sits on its own list line.
"""

from __future__ import annotations

import re

from negotrack.report.data import _fmt_day, carrying_quotes, move, moves_caption, period_label, stance_text
from negotrack.report.html import _num
from negotrack.report.labels import STANCE_HELP, STANCES, Labels

MAX_MD_PERIODS = 60
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text) -> str:
    """Escape Markdown (and HTML) syntax; fold newlines."""
    if text is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _link(label: str, url: str | None, article_id: str) -> str:
    """A link to the article, or its id. Ids come from input files and can hold anything
    ("|", a newline, markup): escaped like every other value, never in a raw code span."""
    if url:
        # safe_url allows no space, "<", ">" or quote; "|" would still end a table cell
        return f"[{label}](<{url.replace('|', '%7C')}>)"
    return f"{label} (article {md(article_id)})"


def _quote(q: dict, *, show_date: bool = True) -> str:
    if not q or not q.get("text"):
        return ""
    who = md(q["actor"]) + ", " if q.get("actor") else ""
    outlet = md(q.get("source") or "article")
    if show_date and q.get("date"):
        outlet += f", {_fmt_day(q['date'])}"
    carried = f" — carried by {q['outlets']} outlets" if (q.get("outlets") or 0) > 1 else ""
    # the whole sentence that carries the evidence (verbatim from the article), not a fragment
    sentence = f"{q.get('before') or ''}{q['text']}{q.get('after') or ''}"
    return f"“{md(sentence)}” — {who}{_link(outlet, q.get('url'), q['article_id'])}{carried}"


def _stance(side: dict) -> str:
    """'refuse +2', or 'mixed: refuse / open, mean +0.5' (never a tie read as one stance)."""
    text = stance_text(side)
    if text == side["stance"]:
        return f"{text} {_num(side['hardness'])}"
    return f"{text}, mean {_num(side['hardness'])}"


def _quotes(shown: list[dict], *, show_date: bool = True) -> list[str]:
    """Each quote beside the stance it carries."""
    return [f"*{q['stance']}*: {_quote(q, show_date=show_date)}" for q in shown]


def render_markdown(report: dict, labels: Labels) -> str:
    s, opts = report["summary"], report["options"]
    lines: list[str] = []
    w = lines.append
    since = opts["since"] or s["first_date"]
    until = opts["until"] or s["last_date"]
    w("# Who moved, on what, when")
    w("")
    auto = " (chosen from the span of the data)" if opts.get("period_auto") else ""
    meta = [f"{_fmt_day(since)} – {_fmt_day(until)}", f"per {opts['period']}{auto}"]
    if opts["parties"]:
        meta.append("parties: " + ", ".join(labels.party(p) for p in opts["parties"]))
    if opts["issues"]:
        meta.append("issues: " + ", ".join(labels.issue(i) for i in opts["issues"]))
    meta.append("generated " + report["generated_at"].replace("T", " ").replace("Z", " UTC"))
    w("*" + md(" · ".join(meta)) + "*")
    w("")
    w(f"**{s['positions']}** positions · **{s['stories']}** independent sources · **{s['articles']}** articles · "
      f"**{s['outlets']}** outlets · **{s['syndicated_copies']}** syndicated copies · **{s['shifts']}** shifts")
    w("")
    w("## Summary")
    w("")
    for line in report["headline"]:
        w(f"- {md(line)}")
    sl = report.get("since_last_report")
    if sl:
        w("")
        w(f"**Since the last report** ({md(sl.get('previous_generated_at'))}): {len(sl['new_shifts'])} new shifts, "
          f"{len(sl['changed_positions'])} changed positions.")
        for c in sl["changed_positions"]:
            before = f"{c['before']['stance']} → " if c["before"] else "new: "
            w(f"- {md(labels.party(c['party']))} on {md(labels.issue(c['issue']).lower())}: {before}{c['after']['stance']}")
    w("")
    w("## Current positions")
    w("")
    if not report["current"]:
        w("No positions yet.")
    for issue in report["issues"]:
        rows = [c for c in report["current"] if c["issue"] == issue]
        if not rows:
            continue
        w(f"### {md(labels.issue(issue))}")
        w("")
        w("| Party | Stance | Hardness | Last stated | Sources | Trend |")
        w("|---|---|---:|---|---:|---|")
        for c in rows:
            trend = ""
            if c["previous"]:
                word = {"harder": "harder than", "softer": "softer than", "same": "unchanged since"}[c["trend"]]
                trend = f"{word} {_fmt_day(c['previous']['date'])} ({_stance(c['previous'])})"
            w(f"| {md(labels.party(c['party']))} | {stance_text(c)} | {_num(c['hardness'])} | {_fmt_day(c['date'])} | "
              f"{c['sources']} | {md(trend)} |")
        w("")
        for c in rows:
            for line in _quotes(carrying_quotes(c), show_date=False):
                w(f"- **{md(labels.party(c['party']))}**, {line}")
        w("")
    listed, total = len(report["shifts"]), s["shifts"]
    count = f"{total}" if listed == total else f"the {listed} most recent of {total}"
    w(f"## Shifts ({count}, per {opts['period']})")
    w("")
    if not report["shifts"]:
        w("No party changed its stance or hardness in this window.")
        w("")
    for sh in report["shifts"]:
        verb = {"harder": "hardened", "softer": "softened"}.get(sh["direction"], "changed stance")
        b, a = sh["before"], sh["after"]
        new = " **(new)**" if sh.get("new_since_last_report") else ""
        w(f"### {md(labels.party(sh['party']))} · {md(labels.issue(sh['issue']))}: {verb} ({md(move(sh))}){new}")
        w("")
        for name, side in (("Before", b), ("After", a)):
            w(f"- **{name}** ({period_label(side, opts['period'])}, {_stance(side)}):")
            for line in _quotes(side["shown"]):
                w(f"  - {line}")
        w("")
    w("## Over time")
    w("")
    w(f"Dominant stance and mean hardness per party and {opts['period']} (refuse +2 … concede −2), "
      "with the number of independent sources in brackets. Hardness is how firmly a party holds its own "
      "line: compare a party with its own past, not with another party.")
    w("")
    for issue in report["issues"]:
        series = report["timeline"].get(issue, {})
        if not series:
            continue
        parties = [p for p in report["parties"] if p in series]
        cells: dict[str, dict[str, dict]] = {}
        for party in parties:
            for p in series[party]:
                cells.setdefault(p["period_start"], {})[party] = p
        periods = sorted(cells)
        w(f"### {md(labels.issue(issue))}")
        w("")
        if len(periods) > MAX_MD_PERIODS:
            w(f"Last {MAX_MD_PERIODS} of {len(periods)} {opts['period']}s with statements (the JSON has them all).")
            w("")
            periods = periods[-MAX_MD_PERIODS:]
        w("| " + " | ".join([opts["period"].capitalize()] + [md(labels.party_short(p)) for p in parties]) + " |")
        w("|---|" + "---|" * len(parties))
        for start in periods:
            row = [period_label({"period_start": start}, opts["period"])]
            for party in parties:
                p = cells[start].get(party)
                row.append(f"{stance_text(p)} {_num(p['hardness'])} ({p['sources']})" if p else "")
            w("| " + " | ".join(row) + " |")
        caption = moves_caption(report, issue, labels)
        if caption:
            w("")
            w(md(caption))
        w("")
    w(f"## Sources ({len(report['sources'])} cited, of {s['stories']} independent sources in the window)")
    w("")
    w("| Published | Story | Outlet | Outlets carrying it | Positions |")
    w("|---|---|---|---:|---:|")
    for src in report["sources"]:
        title = _link(md(src["title"] or src["story_id"]), src["url"], src["story_id"])
        also = ""
        if len(src["carried_by"]) > 1:
            also = " — also: " + "; ".join(
                _link(md(c["outlet"]), c["url"], c["article_id"]) for c in src["carried_by"][1:]
            )
        w(f"| {_fmt_day(src['published'])} | {title}{also} | {md(src['source'] or 'unknown')} | {src['outlets']} | "
          f"{src['positions']} |")
    w("")
    w("---")
    w("")
    w("Stances: " + "; ".join(f"**{st}** {STANCE_HELP[st]}" for st in STANCES) + ". "
      "Syndicated copies (near-identical text in several outlets) count as one independent source.")
    w("")
    return "\n".join(lines)
