"""Sentences and quotes on the normalised text (all quote marks are '"'), and cutting a
span at break points (units, clauses).

Rules, in order of importance:
- a quotation is never cut: sentence ends inside a quote do not end the sentence;
- quotes pair up within a paragraph (machine translation leaves reversed or doubled
  marks, so pairing is by alternation, not by shape; an odd last mark is ignored);
- a short trailing sentence that is only a speech verb and a speaker ("“…”. وأكد السيد
  عراقتشي.") is glued back to the quote before it, so a speaker is never separated
  from his quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

_QUOTE_RE = re.compile('"')
_PARA_RE = re.compile(r"\n")
# a sentence end: . ! ? ؟ (and runs of them), not inside a number (3.67)
_END_RE = re.compile(r"[.!?؟…]+")
_ABBREV = frozenset({"m", "mr", "mrs", "ms", "dr", "st", "u.s", "u.n", "jr", "gen", "sen", "mm", "no", "vs", "etc", "j.d", "a.m", "p.m"})
_ABBREV_TAIL_RE = re.compile(r"(?:^|[\s(])([\w.]{1,4})$")


@dataclass(slots=True)
class Quotes:
    """Quotation spans (open mark, close mark) and a fast membership test."""

    spans: list[tuple[int, int]]
    _opens: list[int]

    def inside(self, pos: int) -> bool:
        """True if ``pos`` lies strictly between an opening and its closing mark."""
        i = bisect_right(self._opens, pos) - 1
        return i >= 0 and self.spans[i][0] < pos < self.spans[i][1]

    def span_at(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self._opens, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos <= self.spans[i][1]:
            return self.spans[i]
        return None

    def first_open(self, a: int, b: int) -> int | None:
        """The opening mark of the first quotation that opens in [a, b), if any."""
        i = bisect_left(self._opens, a)
        if i < len(self._opens) and self._opens[i] < b:
            return self._opens[i]
        return None


def find_quotes(norm: str) -> Quotes:
    marks = [m.start() for m in _QUOTE_RE.finditer(norm)]
    if not marks:
        return Quotes([], [])
    breaks = [m.start() for m in _PARA_RE.finditer(norm)]
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    para = bisect_right(breaks, marks[0])
    for pos in marks:
        p = bisect_right(breaks, pos)
        if p != para:  # a new paragraph: an unclosed quote is dropped
            open_at, para = None, p
        if open_at is None:
            open_at = pos
        else:
            spans.append((open_at, pos))
            open_at = None
    return Quotes(spans, [s for s, _ in spans])


def _is_abbreviation(norm: str, pos: int) -> bool:
    m = _ABBREV_TAIL_RE.search(norm, max(0, pos - 6), pos)
    return bool(m) and (m.group(1) in _ABBREV or (len(m.group(1)) == 1 and m.group(1).isalpha()))


def split_sentences(norm: str, quotes: Quotes, original: str | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) covering the text, quotes kept whole. ``original``
    (same length as ``norm``, i.e. Latin text) lets an upper-case letter after
    '…end." ' start a new sentence."""
    cuts: list[int] = []
    for m in _PARA_RE.finditer(norm):
        cuts.append(m.start())
    n = len(norm)
    for m in _END_RE.finditer(norm):
        s, e = m.start(), m.end()
        if quotes.inside(s):
            continue
        if s > 0 and e < n and norm[s] == "." and norm[s - 1].isdigit() and norm[e].isdigit():
            continue  # 3.67
        if norm[s] == "." and _is_abbreviation(norm, s):
            continue
        # a closing quote right after the mark belongs to this sentence
        while e < n and norm[e] == '"' and quotes.span_at(e) is not None and quotes.span_at(e)[1] == e:
            e += 1
        cuts.append(e)
    # a quote that ends a sentence inside it ("... for us." Next) ends the sentence
    # when an upper-case letter follows (Latin scripts only: Arabic has no case)
    if original is not None and len(original) == n:
        for qs, qe in quotes.spans:
            if qe - 1 > qs and norm[qe - 1] in ".!?" and qe + 2 < n and norm[qe + 1] == " " and original[qe + 2].isupper():
                cuts.append(qe + 1)
    cuts.sort()
    cuts.append(n)
    out: list[tuple[int, int]] = []
    start = 0
    for c in cuts:
        if c > start:
            # trimmed here rather than by a helper per sentence (a call per span cost
            # as much as the trimming)
            a, b = start, c
            while a < b and norm[a] in " \n\t\r.":
                a += 1
            while b > a and norm[b - 1] in " \n\t\r":
                b -= 1
            if b > a:
                out.append((a, b))
        start = c
    return out


def cut_points(spans: list[tuple[int, int]], a: int, b: int) -> list[tuple[int, int]]:
    """Split [a, b) at the given break spans (each break starts a new piece)."""
    pieces: list[tuple[int, int]] = []
    start = a
    for s, _ in spans:
        if a < s < b and s > start:
            pieces.append((start, s))
            start = s
    pieces.append((start, b))
    return pieces
