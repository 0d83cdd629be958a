"""When a statement was made, and whether it is past background.

An article's date expressions are found once (``ArticleDates``, built on first use:
articles with no statement never pay for it) and every question is then a lookup by
offset into the original text:
- ``stated_on(a, b)``: the day a statement was made, from the first date in its
  attribution zone (speaker and verb) that can be a day of the news;
- ``is_background(a, b)``: the zone places the statement well in the past (an older
  year, a month long gone, a full date months back);
- ``last_news_day(at)``: the last day of the news mentioned shortly before ``at``
  ("…met on Friday. Araghchi said afterwards…").
Dates inside quotations do not date the statement ("the 2015 deal"), except for the
narrative lookup, which reads everything. Dates come from ``negotrack.dates``
(imported lazily: extraction must not fail to import when only dates are being worked
on).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

# A statement dated from a mention further back than this is a recollection, not news.
BACKGROUND_DAYS = 90
# How far back (days before publication) a mention can be a day of the news.
NEWS_DAYS = 60
# Characters before an undated statement searched for the last news day.
NARRATIVE_WINDOW = 700


@dataclass(frozen=True, slots=True)
class Dated:
    start: int  # offsets into the original text
    end: int
    year: int | None
    month: int | None
    day: date | None  # the calendar day, when the mention names one
    quoted: bool  # inside a quotation


class ArticleDates:
    """The date mentions of one article, resolved against its publication date.

    Paragraphs are scanned on first use (a date never spans two), so the paragraphs
    with no statement near them are never read."""

    def __init__(self, text: str, published: date, language: str, quoted: Callable[[int], bool]) -> None:
        self.text = text
        self.published = published
        self.language = language
        self._quoted = quoted
        self._paras: list[tuple[int, int]] = []  # paragraph spans
        start = 0
        for line in text.split("\n"):
            if line:
                self._paras.append((start, start + len(line)))
            start += len(line) + 1
        self._para_starts = [a for a, _ in self._paras]
        self._scanned: dict[int, list[Dated]] = {}
        self._lo = published - timedelta(days=NEWS_DAYS)
        self._hi = published + timedelta(days=1)

    def _para(self, k: int) -> list[Dated]:
        found = self._scanned.get(k)
        if found is None:
            from negotrack import dates

            a, b = self._paras[k]
            found = self._scanned[k] = [
                Dated(a + m.start, a + m.end, m.year, m.month, dates.resolve_mention(m, self.published),
                      self._quoted(a + m.start))
                for m in dates.find_date_mentions(self.text[a:b], self.language)]
        return found

    def within(self, a: int, b: int) -> list[Dated]:
        """Mentions starting in [a, b), in order."""
        out: list[Dated] = []
        k = max(0, bisect_right(self._para_starts, a) - 1)
        while k < len(self._paras) and self._paras[k][0] < b:
            if self._paras[k][1] > a:
                out.extend(d for d in self._para(k) if a <= d.start < b)
            k += 1
        return out

    def _news_day(self, d: Dated) -> bool:
        return d.day is not None and self._lo <= d.day <= self._hi

    def stated_on(self, a: int, b: int) -> date | None:
        """The first day of the news named in [a, b), outside quotations."""
        for d in self.within(a, b):
            if not d.quoted and self._news_day(d):
                return d.day
        return None

    def is_background(self, a: int, b: int) -> bool:
        """True if [a, b) places the statement well in the past: an older year, a month
        or a day older than BACKGROUND_DAYS ("in June" read in February is last June)."""
        pub = self.published
        limit = pub - timedelta(days=BACKGROUND_DAYS)
        for d in self.within(a, b):
            if d.quoted:
                continue
            if d.day is not None:
                if d.day < limit:
                    return True
                continue
            if d.month is None:
                if d.year is not None and d.year < pub.year:
                    return True
                continue
            year = d.year if d.year is not None else (pub.year if d.month <= pub.month else pub.year - 1)
            if date(year, d.month, 28) < limit:
                return True
        return False

    def last_news_day(self, at: int) -> date | None:
        """The last day of the news mentioned in the NARRATIVE_WINDOW characters before ``at``."""
        for d in reversed(self.within(max(0, at - NARRATIVE_WINDOW), at)):
            if self._news_day(d):
                return d.day
        return None
