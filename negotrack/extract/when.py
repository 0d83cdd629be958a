"""When a statement was made, and whether it is past background.

Both read the *original* text of the attribution zone (speaker and verb) with quoted
words blanked out, so a date or a year inside a quotation ("the 2015 deal") does not
date the statement. Dates come from ``negotrack.dates`` (imported lazily: extraction
must not fail to import when only dates are being worked on).
"""

from __future__ import annotations

from datetime import date, timedelta

# A statement dated from a mention further back than this is a recollection, not news.
BACKGROUND_DAYS = 90


def blank_quotes(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters inside each (start, end) span replaced by spaces."""
    if not spans:
        return text
    parts = []
    pos = 0
    for s, e in spans:
        s, e = max(s, pos), min(e, len(text))
        if s >= e:
            continue
        parts.append(text[pos:s])
        parts.append(" " * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def stated_on(text: str, published: date, language: str) -> date | None:
    """The date the statement in ``text`` was made, if the text says."""
    from negotrack import dates

    found = dates.statement_date(text, published, language)
    return found[0] if found else None


def is_background(text: str, published: date, language: str) -> bool:
    """True if ``text`` (an attribution zone) places the statement well in the past:
    a year-only or month mention, or a full date, older than BACKGROUND_DAYS."""
    from negotrack import dates

    limit = published - timedelta(days=BACKGROUND_DAYS)
    for m in dates.find_date_mentions(text, language):
        if m.year is None:
            continue
        if m.month is None:
            if m.year < published.year:
                return True
            continue
        last_day = date(m.year, m.month, m.day or 28)
        if last_day < limit:
            return True
    return False


def narrative_dates(text: str, published: date, language: str) -> list[tuple[int, date]]:
    """(offset, day) of every date in the article that could be a day of the news
    (within 60 days before publication): an undated statement is taken to be made on
    the last such day mentioned before it ("…met on Friday. Araghchi said afterwards…")."""
    from negotrack import dates

    lo, hi = published - timedelta(days=60), published + timedelta(days=1)
    out = []
    for m in dates.find_date_mentions(text, language):
        d = dates.resolve_mention(m, published)
        if d is not None and lo <= d <= hi:
            out.append((m.start, d))
    return out
