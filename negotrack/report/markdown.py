"""The Markdown report: the same content as the HTML one, readable in a terminal or a repo.

Article-derived text is escaped for Markdown (no raw HTML gets through, no table breaks);
links are only plain http(s) URLs. Arabic quotes display right-to-left by the Unicode
bidi algorithm in any viewer; each quote sits on its own list line.
"""

from __future__ import annotations

import re

from negotrack.report.data import _fmt_day, carrying_quotes, move, moves_caption, period_label, stance_text
from negotrack.report.html import _num
from negotrack.report.labels import Labels

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
    """The report as Markdown: one function per section, in reading order."""
    lines: list[str] = []
    for section in (_header, _summary, _current, _shifts, _over_time, _sources, _footer):
        lines += section(report, labels)
    return "\n".join(lines)


def _header(report: dict, labels: Labels) -> list[str]:
    s, opts = report["summary"], report["options"]
    since = opts["since"] or s["first_date"]
    until = opts["until"] or s["last_date"]
    auto = " (chosen from the span of the data)" if opts.get("period_auto") else ""
    meta = [f"{_fmt_day(since)} – {_fmt_day(until)}", f"per {opts['period']}{auto}"]
    if opts["parties"]:
        meta.append("parties: " + ", ".join(labels.party(p) for p in opts["parties"]))
    if opts["issues"]:
        meta.append("issues: " + ", ".join(labels.issue(i) for i in opts["issues"]))
    meta.append("generated " + report["generated_at"].replace("T", " ").replace("Z", " UTC"))
    return [
        "# Who moved, on what, when",
        "",
        "*" + md(" · ".join(meta)) + "*",
        "",
        f"**{s['positions']}** positions · **{s['stories']}** independent sources · **{s['articles']}** articles · "
        f"**{s['outlets']}** outlets · **{s['syndicated_copies']}** syndicated copies · **{s['shifts']}** shifts",
        "",
    ]


def _summary(report: dict, labels: Labels) -> list[str]:
    out = ["## Summary", ""]
    out += [f"- {md(line)}" for line in report["headline"]]
    sl = report.get("since_last_report")
    if sl:
        out.append("")
        out.append(f"**Since the last report** ({md(sl.get('previous_generated_at'))}): {len(sl['new_shifts'])} new "
                   f"shifts, {len(sl['changed_positions'])} changed positions.")
        for c in sl["changed_positions"]:
            before = f"{c['before']['stance']} → " if c["before"] else "new: "
            out.append(f"- {md(labels.party(c['party']))} on {md(labels.issue(c['issue']).lower())}: "
                       f"{before}{c['after']['stance']}")
    out.append("")
    return out


def _current(report: dict, labels: Labels) -> list[str]:
    out = ["## Current positions", ""]
    if not report["current"]:
        out.append("No positions yet.")
    for issue in report["issues"]:
        rows = [c for c in report["current"] if c["issue"] == issue]
        if not rows:
            continue
        out += [f"### {md(labels.issue(issue))}", "",
                "| Party | Stance | Hardness | Last stated | Sources | Trend |", "|---|---|---:|---|---:|---|"]
        for c in rows:
            trend = ""
            if c["previous"]:
                word = {"harder": "harder than", "softer": "softer than", "same": "unchanged since"}[c["trend"]]
                trend = f"{word} {_fmt_day(c['previous']['date'])} ({_stance(c['previous'])})"
            out.append(f"| {md(labels.party(c['party']))} | {stance_text(c)} | {_num(c['hardness'])} | "
                       f"{_fmt_day(c['date'])} | {c['sources']} | {md(trend)} |")
        out.append("")
        for c in rows:
            out += [f"- **{md(labels.party(c['party']))}**, {line}"
                    for line in _quotes(carrying_quotes(c), show_date=False)]
        out.append("")
    return out


def _shifts(report: dict, labels: Labels) -> list[str]:
    opts = report["options"]
    listed, total = len(report["shifts"]), report["summary"]["shifts"]
    count = f"{total}" if listed == total else f"the {listed} most recent of {total}"
    out = [f"## Shifts ({count}, per {opts['period']})", ""]
    if not report["shifts"]:
        out += ["No party changed its stance or hardness in this window.", ""]
    for sh in report["shifts"]:
        verb = {"harder": "hardened", "softer": "softened"}.get(sh["direction"], "changed stance")
        new = " **(new)**" if sh.get("new_since_last_report") else ""
        out += [f"### {md(labels.party(sh['party']))} · {md(labels.issue(sh['issue']))}: {verb} ({md(move(sh))}){new}",
                ""]
        for name, side in (("Before", sh["before"]), ("After", sh["after"])):
            out.append(f"- **{name}** ({period_label(side, opts['period'])}, {_stance(side)}):")
            out += [f"  - {line}" for line in _quotes(side["shown"])]
        out.append("")
    return out


def _over_time(report: dict, labels: Labels) -> list[str]:
    period = report["options"]["period"]
    out = [
        "## Over time",
        "",
        f"Dominant stance and mean hardness per party and {period} ({labels.scale(' … ')}), "
        "with the number of independent sources in brackets. Hardness is how firmly a party holds its own "
        "line: compare a party with its own past, not with another party.",
        "",
    ]
    for issue in report["issues"]:
        series = report["timeline"].get(issue, {})
        if series:
            out += _issue_table(report, labels, issue, series)
    return out


def _issue_table(report: dict, labels: Labels, issue: str, series: dict[str, list[dict]]) -> list[str]:
    """One issue's periods as rows, the parties as columns."""
    period = report["options"]["period"]
    parties = [p for p in report["parties"] if p in series]
    cells: dict[str, dict[str, dict]] = {}
    for party in parties:
        for p in series[party]:
            cells.setdefault(p["period_start"], {})[party] = p
    periods = sorted(cells)
    out = [f"### {md(labels.issue(issue))}", ""]
    if len(periods) > MAX_MD_PERIODS:
        out += [f"Last {MAX_MD_PERIODS} of {len(periods)} {period}s with statements (the JSON has them all).", ""]
        periods = periods[-MAX_MD_PERIODS:]
    out.append("| " + " | ".join([period.capitalize()] + [md(labels.party_short(p)) for p in parties]) + " |")
    out.append("|---|" + "---|" * len(parties))
    for start in periods:
        row = [period_label({"period_start": start}, period)]
        for party in parties:
            p = cells[start].get(party)
            row.append(f"{stance_text(p)} {_num(p['hardness'])} ({p['sources']})" if p else "")
        out.append("| " + " | ".join(row) + " |")
    caption = moves_caption(report, issue, labels)
    if caption:
        out += ["", md(caption)]
    out.append("")
    return out


def _sources(report: dict, labels: Labels) -> list[str]:
    out = [f"## Sources ({len(report['sources'])} cited, of {report['summary']['stories']} independent sources "
           "in the window)", "",
           "| Published | Story | Outlet | Outlets carrying it | Positions |", "|---|---|---|---:|---:|"]
    for src in report["sources"]:
        title = _link(md(src["title"] or src["story_id"]), src["url"], src["story_id"])
        also = ""
        if len(src["carried_by"]) > 1:
            also = " — also: " + "; ".join(
                _link(md(c["outlet"]), c["url"], c["article_id"]) for c in src["carried_by"][1:]
            )
        out.append(f"| {_fmt_day(src['published'])} | {title}{also} | {md(src['source'] or 'unknown')} | "
                   f"{src['outlets']} | {src['positions']} |")
    out.append("")
    return out


def _footer(report: dict, labels: Labels) -> list[str]:
    stances = "; ".join(f"**{code}** {md(st.description)}" for code, st in labels.stances.items())
    return ["---", "",
            f"Stances: {stances}. Syndicated copies (near-identical text in several outlets) count as one "
            "independent source.", ""]
