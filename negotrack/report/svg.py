"""Inline SVG charts: hardness over time, one line per party (no JavaScript, no fonts).

Every string that comes from an article (quotes in the point tooltips) goes through
``html.escape``. Colour is never the only cue: each party has its own marker shape and
dash pattern, and lines are labelled directly at their last point.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from negotrack.report.data import stance_text
from negotrack.report.labels import Labels

W, H = 880, 270
LEFT, RIGHT, TOP, BOTTOM = 128, 132, 18, 38


def _marker(shape: str, x: float, y: float, colour: str, r: float = 4.6) -> str:
    common = f'fill="{colour}" stroke="#fff" stroke-width="1.4"'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {common}/>'
    if shape == "diamond":
        r *= 1.3
        return f'<path d="M{x:.1f} {y - r:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + r:.1f}L{x - r:.1f} {y:.1f}Z" {common}/>'
    if shape in ("triangle", "triangle-down"):
        r *= 1.3
        s = -1 if shape == "triangle" else 1
        return (f'<path d="M{x:.1f} {y + s * r:.1f}L{x + r:.1f} {y - s * r * 0.8:.1f}'
                f'L{x - r:.1f} {y - s * r * 0.8:.1f}Z" {common}/>')
    if shape == "cross":
        r *= 1.1
        return (f'<path d="M{x - r:.1f} {y - r:.1f}L{x + r:.1f} {y + r:.1f}M{x - r:.1f} {y + r:.1f}'
                f'L{x + r:.1f} {y - r:.1f}" stroke="{colour}" stroke-width="2.6" fill="none"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {common}/>'


def legend_swatch(style: dict[str, str]) -> str:
    """A small inline SVG with the party's line and marker, for legends and tables."""
    dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
    return (
        '<svg class="swatch" width="34" height="14" viewBox="0 0 34 14" aria-hidden="true">'
        f'<line x1="1" y1="7" x2="33" y2="7" stroke="{style["colour"]}" stroke-width="2.4"{dash}/>'
        f'{_marker(style["marker"], 17, 7, style["colour"], 4)}</svg>'
    )


def _ticks(start: date, end: date) -> list[date]:
    span = (end - start).days
    if span <= 14:
        step = 1 if span <= 8 else 2
        return [start + timedelta(days=i) for i in range(0, span + 1, step)]
    if span <= 120:
        step = 7 if span <= 70 else 14
        first = start + timedelta(days=(7 - start.weekday()) % 7)  # Mondays
        return [first + timedelta(days=i) for i in range(0, (end - first).days + 1, step)]
    months = []
    y, m = start.year, start.month
    stride = 1 if span <= 400 else 3 if span <= 1200 else 12
    while date(y, m, 1) <= end:
        if date(y, m, 1) >= start and (m - 1) % stride == 0:
            months.append(date(y, m, 1))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return months


def _tick_label(d: date, span_days: int) -> str:
    if span_days > 120:
        return f"{d:%b %Y}" if d.month == 1 or span_days > 1200 else f"{d:%b}"
    return f"{d.day} {d:%b}"


def domain(timeline: dict[str, dict[str, list[dict]]]) -> tuple[date, date]:
    days = [
        date.fromisoformat(p[k])
        for parties in timeline.values() for points in parties.values() for p in points
        for k in ("period_start", "period_end")
    ]
    if not days:
        today = date.today()
        return today - timedelta(days=1), today + timedelta(days=1)
    lo, hi = min(days), max(days)
    pad = max(2, (hi - lo).days // 12)  # room around the first and last points
    return lo - timedelta(days=pad), hi + timedelta(days=pad)


def _clip(text: str, n: int = 280) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _mid(p: dict) -> date:
    a, b = date.fromisoformat(p["period_start"]), date.fromisoformat(p["period_end"])
    return a + (b - a) / 2


MARKER_GAP = 8.0  # px between the centres of two markers drawn at the same place
MAX_DODGE = 2 * MARKER_GAP  # px; 0.3 on the hardness scale at most, so no point reads as another value


def _dodge(x: float, y: float, placed: list[tuple[float, float]]) -> float:
    """The y at which a marker at (x, y) hides no marker already drawn: the value itself
    when free, else the nearest free slot above or below it, within MAX_DODGE (parties
    at the same hardness on the same day stay visible side by side)."""
    for offset in (0.0, -MARKER_GAP, MARKER_GAP, -2 * MARKER_GAP, 2 * MARKER_GAP):
        cy = y + offset
        if abs(offset) <= MAX_DODGE and all(abs(px - x) >= MARKER_GAP or abs(py - cy) >= MARKER_GAP
                                            for px, py in placed):
            placed.append((x, cy))
            return cy
    placed.append((x, y))
    return y


def chart(
    issue: str,
    series: dict[str, list[dict]],
    styles: dict[str, dict[str, str]],
    labels: Labels,
    dom: tuple[date, date],
    emphasis: tuple[str, ...] | None = None,
) -> str:
    """One issue's chart: an inline ``<svg>`` string; ``emphasis`` parties get the bold lines."""
    start, end = dom
    span = max(1, (end - start).days)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x_of(d: date) -> float:
        return LEFT + pw * ((d - start).days + (d - start).seconds / 86400) / span

    axis = labels.axis()  # the codebook's hardness scale, hardest first
    top, bottom = max(axis), min(axis)

    def y_of(h: float) -> float:
        return TOP + ph * (top - h) / max(1, top - bottom)

    zero = y_of(0)

    title_id = f"chart-{escape(issue)}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{title_id}-t {title_id}-d" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit">',
        f'<title id="{title_id}-t">{escape(labels.issue(issue))}: hardness over time</title>',
        f'<desc id="{title_id}-d">Mean hardness ({escape(labels.scale(" to "))}) of each party\'s stated positions, '
        f'per period; one line per party.</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{zero - TOP:.1f}" fill="#f6f3ef"/>',
        f'<rect x="{LEFT}" y="{zero:.1f}" width="{pw}" height="{TOP + ph - zero:.1f}" fill="#f1f3f7"/>',
        f'<text x="{LEFT + 6}" y="{TOP + 13}" class="zone">harder ↑</text>',
        f'<text x="{LEFT + 6}" y="{TOP + ph - 6}" class="zone">softer ↓</text>',
    ]
    for h, name in axis.items():
        y = y_of(h)
        stroke, width = ("#8a8f98", 1.2) if h == 0 else ("#d5d8de", 0.8)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + pw}" y2="{y:.1f}" stroke="{stroke}" stroke-width="{width}"/>')
        num = f"{h:+d}".replace("-", "−") if h else "0"
        parts.append(f'<text x="{LEFT - 10}" y="{y + 4:.1f}" text-anchor="end" class="ylab">'
                     f'<tspan class="ynum">{num}</tspan>{"  " + name if name else ""}</text>')
    for t in _ticks(start, end):
        x = x_of(t)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP + ph}" x2="{x:.1f}" y2="{TOP + ph + 5}" stroke="#8a8f98"/>')
        parts.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + ph}" stroke="#e6e8ec" stroke-width="0.6"/>')
        parts.append(f'<text x="{x:.1f}" y="{TOP + ph + 19}" text-anchor="middle" class="xlab">{_tick_label(t, span)}</text>')

    ends: list[tuple[float, float, str, str]] = []
    lines, points_svg = [], []
    placed: list[tuple[float, float]] = []  # markers drawn so far, for dodging
    for party, points in series.items():
        st = styles[party]
        xy = [(x, _dodge(x, y_of(p["hardness"]), placed), p) for x, p in ((x_of(_mid(p)), p) for p in points)]
        dash = f' stroke-dasharray="{st["dash"]}"' if st["dash"] else ""
        strong = not emphasis or party in emphasis
        width, opacity = ("2.6", "1") if strong else ("1.6", "0.75")
        if len(xy) > 1:
            # a step line: a position holds until the party states another one
            d = f"M{xy[0][0]:.1f} {xy[0][1]:.1f}" + "".join(f"H{x:.1f}V{y:.1f}" for x, y, _ in xy[1:])
            lines.append(f'<path class="line" data-party="{escape(party)}" d="{d}" fill="none" '
                         f'stroke="{st["colour"]}" stroke-width="{width}" stroke-opacity="{opacity}" '
                         f'stroke-linejoin="round"{dash}/>')
        for x, y, p in xy:
            q = p["quote"]
            tip = (
                f"{labels.party(party)} · {p['period_start']}"
                + (f" to {p['period_end']}" if p["period_end"] != p["period_start"] else "")
                + f" · {stance_text(p)} ({p['hardness']:+g}) · {p['sources']} source{'s' if p['sources'] != 1 else ''}"
                + (f"\n“{_clip(q['text'])}”" if q.get("text") else "")
                + (f"\n— {q['actor']}" if q.get("actor") else "")
                + (f", {q['source']}" if q.get("source") else "")
                + ("" if q.get("url") else f" (article {q['article_id']})")
            )
            point = f'<g class="pt"><title>{escape(tip)}</title>{_marker(st["marker"], x, y, st["colour"])}</g>'
            if q.get("url"):  # a click on the point opens the quoted article
                point = f'<a href="{escape(q["url"])}" rel="noopener noreferrer">{point}</a>'
            points_svg.append(point)
        x, y, _ = xy[-1]
        ends.append((y, x, party, st["colour"]))
    parts += lines + points_svg  # markers above every line

    # direct labels at each line's end, nudged apart vertically
    ends.sort()
    placed: list[float] = []
    for y, x, party, colour in ends:
        ly = max(y, placed[-1] + 14) if placed else y
        placed.append(ly)
        parts.append(f'<text x="{x + 9:.1f}" y="{ly + 4:.1f}" class="endlab" fill="{colour}">'
                     f'{escape(labels.party_short(party))}</text>')
    parts.append("</svg>")
    return "".join(parts)
