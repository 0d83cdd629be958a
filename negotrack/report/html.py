"""The self-contained HTML report: one file, inline CSS and SVG, no script, no fetches.

Everything that comes from an article or the codebook is escaped with ``html.escape``;
links are only ever plain http(s) URLs (``data.safe_url``). Quotes carry their language
and ``dir`` ("rtl" for Arabic, else "auto") so mixed-direction text displays correctly.
A Content-Security-Policy forbids scripts and any network fetch, as a second line of
defence.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

from negotrack.report import svg
from negotrack.report.data import _fmt_day, carrying_quotes, main_pair, move, moves_caption, period_label, top_stances
from negotrack.report.labels import Labels

# The stylesheet around the codebook's stance and issue colours (``css``).
CSS_BASE = """
:root{--ink:#1d2330;--muted:#5b6472;--line:#e3e6eb;--bg:#ffffff;--panel:#f7f8fa;--accent:#0b5cad}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 28px 60px}
header.top{border-bottom:3px solid var(--ink);padding-bottom:14px;margin-bottom:22px}
.kicker{font-size:12px;letter-spacing:.12em;text-transform:uppercase;color:var(--muted);font-weight:600}
h1{font-size:30px;line-height:1.2;margin:4px 0 6px;font-weight:750;letter-spacing:-.01em}
h2{font-size:20px;margin:38px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:22px 0 6px}
.meta{color:var(--muted);font-size:13px}
.meta span+span:before{content:"·";margin:0 8px;color:#b4bac4}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;margin:18px 0}
.figure{background:var(--panel);border-radius:8px;padding:10px 14px}
.figure b{display:block;font-size:24px;line-height:1.2;font-variant-numeric:tabular-nums}
.figure small{color:var(--muted);font-size:12px}
.headline{font-size:16px;margin:8px 0 0;padding-left:20px}
.headline li{margin:6px 0}
.news{background:#fff8e6;border-left:4px solid #e69f00;padding:8px 14px;margin:14px 0;border-radius:0 6px 6px 0;font-size:14px}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;margin:6px 0 4px;font-size:13.5px;align-items:center}
.legend .item{display:inline-flex;align-items:center;gap:6px}
.swatch{vertical-align:middle;flex:none}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:start;vertical-align:top;padding:9px 10px;border-bottom:1px solid var(--line)}
thead th{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);border-bottom:2px solid #c9ced6;white-space:nowrap}
table.positions{table-layout:fixed}
table.positions th[scope=row]{font-size:14.5px}
table.positions col.issue{width:150px}
.empty{color:#a0a7b2}
.badge{display:inline-block;border-radius:999px;padding:1px 9px 2px;font-size:12.5px;font-weight:650;white-space:nowrap;border:1px solid transparent}
"""

CSS_REST = """
.hard{font-variant-numeric:tabular-nums;font-weight:650;margin-left:5px;white-space:nowrap}
.also{font-size:12.5px;color:var(--muted)}
.trend{font-size:12.5px;color:var(--muted);margin-left:6px;white-space:nowrap}
.when{font-size:12.5px;color:var(--muted)}
blockquote{overflow-wrap:anywhere;margin:6px 0 2px;padding:2px 0 2px 10px;border-left:3px solid #c9ced6;font-size:14px;color:#2b3240}
blockquote[dir=rtl]{border-left:0;border-right:3px solid #c9ced6;padding:2px 10px 2px 0}
blockquote mark{background:#fff3bf;color:inherit;padding:0 1px}
:lang(ar){font-family:"Noto Naskh Arabic","Noto Sans Arabic","Geeza Pro","Segoe UI","Arial",sans-serif;font-size:1.06em;line-height:1.7}
.cite{font-size:12.5px;color:var(--muted)}
.cite a{color:var(--accent);text-decoration:none}
.cite a:hover{text-decoration:underline}
.cite code,.aid{font-size:11.5px;background:#f0f2f5;border-radius:4px;padding:0 4px}
.carried{display:inline-block;font-size:11.5px;background:#e8f1fa;color:#0b4a8a;border-radius:4px;padding:0 6px;margin-left:4px}
.shift{border:1px solid var(--line);border-radius:10px;margin:12px 0;overflow:hidden}
.shift>header{display:flex;flex-wrap:wrap;align-items:center;gap:6px 12px;padding:9px 14px;background:var(--panel);font-size:14.5px}
.shift .dir{font-weight:700}
.shift .dir.harder{color:#a04a00}
.shift .dir.softer{color:#4b3587}
.shift .new{background:#e69f00;color:#1d1206;font-size:11px;font-weight:700;border-radius:4px;padding:1px 6px;text-transform:uppercase;letter-spacing:.05em}
.sides{display:grid;grid-template-columns:1fr 1fr}
.side{padding:10px 14px}
.side+.side{border-left:1px solid var(--line)}
.side h4{margin:0 0 2px;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-weight:600}
.side h4 .badge,.side h4 .also,.side h4 .hard{text-transform:none;letter-spacing:0}
figure.issue{margin:8px 0 26px}
figure.issue figcaption{font-size:13px;color:var(--muted);margin-top:2px}
svg.chart{width:100%;height:auto;display:block}
svg.chart .ylab{font-size:12px;fill:#4a5260}
svg.chart .ynum{font-weight:700;fill:#1d2330}
svg.chart .xlab{font-size:11.5px;fill:#4a5260}
svg.chart .zone{font-size:11px;fill:#8a909a;letter-spacing:.04em}
svg.chart .endlab{font-size:12.5px;font-weight:700}
svg.chart .pt:hover circle,svg.chart .pt:hover rect,svg.chart .pt:hover path{stroke:#1d2330}
table.sources td:first-child{white-space:nowrap}
.src-title{font-weight:600}
.src-title:lang(ar){font-weight:700}
.src-title a{color:#12325c;text-decoration:none}
.src-title a:hover{text-decoration:underline}
.copies{font-size:12.5px;color:var(--muted);margin-top:2px}
.copies a{color:var(--accent)}
footer{margin-top:44px;padding-top:12px;border-top:1px solid var(--line);color:var(--muted);font-size:12.5px}
footer dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:8px 0}
footer dt{font-weight:600;color:var(--ink)}
@media (max-width:720px){main{padding:16px}.sides{grid-template-columns:1fr}.side+.side{border-left:0;border-top:1px solid var(--line)}}
@media print{main{max-width:none;padding:0}.shift,figure.issue,tr{break-inside:avoid}a{color:inherit}}
"""

_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def css_class(prefix: str, code: str) -> str:
    """A CSS class for a codebook code (codes are analyst-written: anything else becomes '-')."""
    return f"{prefix}-{_CLASS_SAFE.sub('-', code)}"


def css(labels: Labels) -> str:
    """The stylesheet: the fixed rules plus one rule per stance badge and issue colour."""
    stance_rules = "".join(f".{css_class('st', code)}{{background:{st.colour};color:{st.text_colour}}}\n"
                           for code, st in labels.stances.items() if st.colour)
    issue_rules = "".join(f"figure.{css_class('issue', code)}{{border-left:4px solid {colour};padding-left:10px}}\n"
                          for code, colour in labels.issue_colours.items())
    return CSS_BASE + stance_rules + CSS_REST.lstrip("\n") + issue_rules


CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def esc(value) -> str:
    return "" if value is None else escape(str(value), quote=True)


def anchor(article_id: str) -> str:
    return "a-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


def _num(h: float | None) -> str:
    if h is None:
        return ""
    if h == 0:
        return "0"
    s = f"{h:+.2f}".rstrip("0").rstrip(".") if h != int(h) else f"{int(h):+d}"
    return s.replace("-", "−")


class _Ctx:
    """What every section needs: the report, the labels, the party styles, the anchors."""

    def __init__(self, report: dict, labels: Labels):
        self.report = report
        self.labels = labels
        self.styles = labels.style(report["parties"])
        self.anchors: set[str] = set()
        for s in report["sources"]:
            for a in s["carried_by"]:
                self.anchors.add(a["article_id"])

    def badge(self, stance: str) -> str:
        cls = css_class("st", stance) if stance in self.labels.stances else ""
        title = esc(self.labels.stance_help(stance))
        return f'<span class="badge {cls}" title="{title}">{esc(stance)}</span>'

    def stance_badge(self, stance: str | None, hardness: float | None = None, stances: list[str] | None = None,
                     tied: list[str] | None = None) -> str:
        """The stance as a coloured label, with the mean hardness; a tie of stances shows as
        "mixed" with each of them, and the other stances of a period after it."""
        if not stance:
            return ""
        if tied and len(tied) > 1:
            out = '<span class="also">mixed: </span>' + '<span class="also"> / </span>'.join(self.badge(t) for t in tied)
        else:
            out = self.badge(stance)
            tied = [stance]
        others = [x for x in (stances or []) if x not in tied]
        if others:
            out += f'<span class="also"> + {esc(", ".join(others))}</span>'
        if hardness is not None:
            label = "mean " if others or len(tied) > 1 else ""
            out += f'<span class="hard" title="mean hardness">{label}{_num(hardness)}</span>'
        return out

    def point_badge(self, point: dict) -> str:
        """The badge of one period (a current position or a side of a shift)."""
        return self.stance_badge(point["stance"], point["hardness"], point.get("stances"),
                                 top_stances(point.get("quotes") or []) if point.get("mixed") else None)

    def article_ref(self, article_id: str, url: str | None, text: str) -> str:
        """A link to the article: its URL when known, else its row in Sources, else its id."""
        if url:
            return f'<a href="{esc(url)}" rel="noopener noreferrer">{text}</a>'
        if article_id in self.anchors:
            return f'<a href="#{anchor(article_id)}">{text}</a> <code>{esc(article_id)}</code>'
        return f"{text} <code>{esc(article_id)}</code>"

    def quotes(self, shown: list[dict], *, show_date: bool = True) -> str:
        """Each quote under the stance it carries (one, or each stance of a tie)."""
        if len(shown) == 1:
            return self.quote(shown[0], show_date=show_date)
        return "".join(f'<div class="carries">{self.badge(q["stance"])}{self.quote(q, show_date=show_date)}</div>'
                       for q in shown)

    def quote(self, q: dict, *, show_date: bool = True) -> str:
        if not q or not q.get("text"):
            return ""
        lang = esc(q.get("language") or "")
        bits = []
        if q.get("actor"):
            bits.append(f"<bdi>{esc(q['actor'])}</bdi>")
        outlet = f"<bdi>{esc(q.get('source') or 'article')}</bdi>"
        if show_date and q.get("date"):
            outlet += f", {esc(_fmt_day(q['date']))}"
        bits.append(self.article_ref(q["article_id"], q.get("url"), outlet + " ↗" if q.get("url") else outlet))
        # the whole sentence (verbatim), the evidence the extractor read marked inside it
        before, after = q.get("before") or "", q.get("after") or ""
        body = f"{esc(before)}<mark>{esc(q['text'])}</mark>{esc(after)}" if before or after else esc(q["text"])
        carried = ""
        if (q.get("outlets") or 0) > 1:
            carried = f'<span class="carried" title="syndicated: the same story in {q["outlets"]} outlets">carried by {q["outlets"]} outlets</span>'
        return (
            f'<blockquote lang="{lang}" dir="{esc(q.get("dir") or "auto")}">{body}</blockquote>'
            f'<div class="cite">— {" · ".join(bits)}{carried}</div>'
        )


def render_html(report: dict, labels: Labels) -> str:
    """The whole page: one function per section, in reading order."""
    ctx = _Ctx(report, labels)
    out: list[str] = []
    for section in (_head, _top, _figures, _summary, _current, _shifts, _over_time, _sources, _footer):
        out += section(ctx)
    return "\n".join(out)


def _window(report: dict) -> str:
    s, opts = report["summary"], report["options"]
    return (f"{_fmt_day(opts['since']) if opts['since'] else _fmt_day(s['first_date'])} – "
            f"{_fmt_day(opts['until']) if opts['until'] else _fmt_day(s['last_date'])}")


def _head(ctx: _Ctx) -> list[str]:
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>Negotiation positions · {esc(_window(ctx.report))}</title>",
        f"<style>{css(ctx.labels)}</style></head><body><main>",
    ]


def _top(ctx: _Ctx) -> list[str]:
    report, labels, opts = ctx.report, ctx.labels, ctx.report["options"]
    filters = []
    if opts["parties"]:
        filters.append("parties: " + ", ".join(labels.party(p) for p in opts["parties"]))
    if opts["issues"]:
        filters.append("issues: " + ", ".join(labels.issue(i) for i in opts["issues"]))
    auto = " (chosen from the span of the data)" if opts.get("period_auto") else ""
    return [
        '<header class="top"><div class="kicker">negotrack · positions report</div>',
        "<h1>Who moved, on what, when</h1>",
        '<div class="meta">',
        f"<span>{esc(_window(report))}</span><span>per {esc(opts['period'])}{esc(auto)}</span>",
        *(f"<span>{esc(f)}</span>" for f in filters),
        f"<span>generated {esc(report['generated_at'].replace('T', ' ').replace('Z', ' UTC'))}</span>",
        "</div></header>",
    ]


def _figures(ctx: _Ctx) -> list[str]:
    s = ctx.report["summary"]
    figures = [
        (s["positions"], "positions"),
        (s["stories"], "independent sources"),
        (s["articles"], "articles"),
        (s["outlets"], "outlets"),
        (s["syndicated_copies"], "syndicated copies"),
        (s["shifts"], "shifts"),
    ]
    return ['<section class="figures" aria-label="Key figures">',
            *(f'<div class="figure"><b>{esc(n)}</b><small>{esc(label)}</small></div>' for n, label in figures),
            "</section>"]


def _summary(ctx: _Ctx) -> list[str]:
    report, labels = ctx.report, ctx.labels
    out = ['<section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2><ul class="headline">']
    out += [f"<li>{esc(line)}</li>" for line in report["headline"]]
    out.append("</ul>")
    since = report.get("since_last_report")
    if since:
        n_new, n_changed = len(since["new_shifts"]), len(since["changed_positions"])
        when = esc((since.get("previous_generated_at") or "").replace("T", " ").replace("Z", " UTC"))
        out.append(f'<div class="news"><b>Since the last report</b> ({when}): {n_new} new '
                   f'shift{"s" if n_new != 1 else ""}, {n_changed} changed position{"s" if n_changed != 1 else ""}.')
        if n_changed:
            out.append(" " + esc("; ".join(
                f"{labels.party(c['party'])} on {labels.issue(c['issue']).lower()}: "
                + (f"{c['before']['stance']} → " if c["before"] else "new: ") + c["after"]["stance"]
                for c in since["changed_positions"][:8]
            )) + ("…" if n_changed > 8 else "."))
        out.append("</div>")
    out.append("</section>")
    return out


def _current(ctx: _Ctx) -> list[str]:
    report, labels = ctx.report, ctx.labels
    out = ['<section aria-labelledby="h-current"><h2 id="h-current">Current positions</h2>',
           '<p class="meta">Each party\'s latest stated position on each issue (the dominant stance of its last day '
           f'with a statement; hardness from {esc(labels.scale(" to "))}), with the evidence.</p>']
    cur = {(c["issue"], c["party"]): c for c in report["current"]}
    if not cur:
        return out + ['<p class="empty">No positions yet.</p>', "</section>"]
    # issues as rows and parties as columns; with many parties, the other way round
    by_party = len(report["parties"]) > 4 and len(report["parties"]) > len(report["issues"])
    rows = report["parties"] if by_party else report["issues"]
    cols = report["issues"] if by_party else report["parties"]

    def party_head(code: str) -> str:
        return f"{svg.legend_swatch(ctx.styles[code])} {esc(labels.party(code))}"

    min_width = 150 + 230 * len(cols)
    out.append(f'<div class="scroll"><table class="positions" style="min-width:{min_width}px"><colgroup>'
               '<col class="issue">' + "<col>" * len(cols)
               + f'</colgroup><thead><tr><th scope="col">{"Party" if by_party else "Issue"}</th>')
    out += [f'<th scope="col">{esc(labels.issue(col)) if by_party else party_head(col)}</th>' for col in cols]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append(f'<tr><th scope="row">{party_head(row) if by_party else esc(labels.issue(row))}</th>')
        for col in cols:
            c = cur.get((col, row) if by_party else (row, col))
            out.append(_current_cell(ctx, c) if c else '<td class="empty">—</td>')
        out.append("</tr>")
    out += ["</tbody></table></div>", "</section>"]
    return out


def _current_cell(ctx: _Ctx, c: dict) -> str:
    trend = ""
    if c["previous"]:
        arrow = {"harder": "↑ harder than", "softer": "↓ softer than", "same": "= unchanged since"}[c["trend"]]
        prev = c["previous"]
        prev_text = ("mixed: " if prev.get("mixed") else "") + ", ".join(prev.get("stances") or [prev["stance"]])
        trend = (f'<span class="trend" title="previous: {esc(prev_text)} '
                 f'{_num(prev["hardness"])} on {esc(prev["date"])}">{arrow} '
                 f'{esc(_fmt_day(prev["date"]))}</span>')
    return (f"<td>{ctx.point_badge(c)}{trend}"
            f'<div class="when">{esc(_fmt_day(c["date"]))} · {c["sources"]} source{"s" if c["sources"] != 1 else ""}</div>'
            f"{ctx.quotes(carrying_quotes(c), show_date=False)}</td>")


def _shifts(ctx: _Ctx) -> list[str]:
    report, labels, styles = ctx.report, ctx.labels, ctx.styles
    period = report["options"]["period"]
    listed, total = len(report["shifts"]), report["summary"]["shifts"]
    count = f"{total}" if listed == total else f"the {listed} most recent of {total}"
    out = [f'<section aria-labelledby="h-shifts"><h2 id="h-shifts">Shifts <span class="meta">({count}, '
           f'per {esc(period)})</span></h2>']
    if not report["shifts"]:
        out.append('<p class="empty">No party changed its stance or hardness in this window.</p>')
    for sh in report["shifts"]:
        verb = {"harder": "hardened", "softer": "softened"}.get(sh["direction"], "changed stance")
        b, a = sh["before"], sh["after"]
        new = '<span class="new">new</span>' if sh.get("new_since_last_report") else ""
        out.append(
            f'<article class="shift" id="shift-{esc(sh["shift_id"][:12])}"><header>'
            f"{svg.legend_swatch(styles.get(sh['party'], styles[next(iter(styles))]))}"
            f"<b>{esc(labels.party(sh['party']))}</b> <span>{esc(labels.issue(sh['issue']))}</span>"
            f'<span class="dir {esc(sh["direction"])}">{verb}</span>'
            f"<span>{esc(move(sh))}</span>"
            f'<span class="when">{esc(period_label(b, period))} → {esc(period_label(a, period))}</span>{new}'
            "</header><div class=\"sides\">")
        out += [f'<div class="side"><h4>{name} · {esc(period_label(side, period))} · '
                f'{ctx.point_badge(side)}</h4>{ctx.quotes(side["shown"])}</div>'
                for name, side in (("Before", b), ("After", a))]
        out.append("</div></article>")
    out.append("</section>")
    return out


def _over_time(ctx: _Ctx) -> list[str]:
    report, labels, styles = ctx.report, ctx.labels, ctx.styles
    out = ['<section aria-labelledby="h-time"><h2 id="h-time">Over time</h2>',
           '<p class="meta">Mean hardness per party and ' + esc(report["options"]["period"])
           + ' (independent sources only: a syndicated story counts once). '
           'Hardness is how firmly a party holds its own line: read each line against its own past, not against '
           'another party\'s (two parties at +2 may refuse opposite things). Hover a point for its evidence.</p>',
           '<div class="legend" aria-label="Parties">' + "".join(
               f'<span class="item">{svg.legend_swatch(styles[p])}{esc(labels.party(p))}</span>'
               for p in report["parties"]) + "</div>"]
    for issue in report["issues"]:
        series = {p: report["timeline"][issue][p] for p in report["parties"] if p in report["timeline"].get(issue, {})}
        if not series:
            continue
        # each chart spans its own issue's statements: two points at the edge of the
        # whole report's span look like an empty chart
        dom = svg.domain({issue: series})
        accent = f" {css_class('issue', issue)}" if issue in labels.issue_colours else ""
        out.append(f'<figure class="issue{accent}"><h3>{esc(labels.issue(issue))}</h3>')
        out.append(svg.chart(issue, series, styles, labels, dom,
                             emphasis=main_pair(report, issue) if len(series) > 3 else None))
        caption = moves_caption(report, issue, labels)
        if caption:
            out.append(f"<figcaption>{esc(caption)}</figcaption>")
        out.append("</figure>")
    out.append("</section>")
    return out


def _sources(ctx: _Ctx) -> list[str]:
    report = ctx.report
    out = [f'<section aria-labelledby="h-sources"><h2 id="h-sources">Sources <span class="meta">'
           f'({len(report["sources"])} cited, of {report["summary"]["stories"]} independent sources in the window)'
           '</span></h2>',
           '<div class="scroll"><table class="sources"><thead><tr><th>Published</th><th>Story</th><th>Outlets</th>'
           "<th>Positions</th></tr></thead><tbody>"]
    out += [_source_row(src) for src in report["sources"]]
    out.append("</tbody></table></div></section>")
    return out


def _source_row(src: dict) -> str:
    carriers = src["carried_by"]
    original = carriers[0] if carriers else {"article_id": src["story_id"], "url": src["url"]}
    title = esc(src["title"] or src["story_id"])
    link = (f'<a href="{esc(src["url"])}" rel="noopener noreferrer">{title}</a>' if src["url"] else title)
    copies = ""
    if len(carriers) > 1:
        items = []
        for c in carriers[1:]:
            label = f"<bdi>{esc(c['outlet'])}</bdi>" + (f", {esc(_fmt_day(c['published']))}" if c["published"] else "")
            ref = f'<a href="{esc(c["url"])}" rel="noopener noreferrer">{label}</a>' if c["url"] else label
            items.append(f'<span id="{anchor(c["article_id"])}">{ref} <code class="aid">{esc(c["article_id"])}</code></span>')
        copies = f'<div class="copies">Also carried by: {"; ".join(items)}</div>'
    outlets = f'{src["outlets"]}' + (' <span class="carried">syndicated</span>' if src["outlets"] > 1 else "")
    return (f'<tr id="{anchor(original["article_id"])}"><td>{esc(_fmt_day(src["published"]))}</td>'
            f'<td><div class="src-title" lang="{esc(src["language"])}" dir="{esc(src["dir"])}">{link}</div>'
            f'<div class="copies"><bdi>{esc(src["source"] or "unknown outlet")}</bdi> · {esc(src["language"])} · '
            f'<code class="aid">{esc(src["story_id"])}</code></div>'
            f"{copies}</td><td>{outlets}</td><td>{src['positions']}</td></tr>")


def _footer(ctx: _Ctx) -> list[str]:
    s = ctx.report["summary"]
    out = ["<footer><b>How to read this report</b><dl>"]
    out += [f"<dt>{ctx.stance_badge(code)}</dt><dd>{esc(st.description)} (hardness {_num(st.hardness)})</dd>"
            for code, st in ctx.labels.stances.items()]
    out += [
        "</dl><p>A <i>position</i> is one party's stance on one issue in one article. Articles that are near-identical "
        "copies of the same wire story (MinHash similarity) form one <i>independent source</i>: they are counted once, "
        "and the report shows how many outlets carried them. A <i>shift</i> is a change of dominant stance or mean "
        "hardness between two consecutive periods in which the party spoke on the issue.</p>",
        f"<p>Database: <code>{esc(ctx.report.get('database') or '')}</code> · {esc(s['articles_in_database'])} "
        f"articles stored, latest published "
        f"{esc(_fmt_day(s['latest_published']) if s['latest_published'] else '—')}.</p></footer>",
        "</main></body></html>",
    ]
    return out
