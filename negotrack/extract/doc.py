"""One article during extraction: its normalised text and everything found in it once
(issue terms, word hits, quotations, sentences, speaker mentions, dates), with fast
lookups by offset."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property

from negotrack.codebook import Codebook
from negotrack.extract.lexicon import blank_adverbs, lexicon_for
from negotrack.extract.segment import Quotes, find_quotes, split_sentences
from negotrack.extract.speakers import Hit, Mention, build_mentions
from negotrack.extract.stance import issue_terms
from negotrack.extract.when import ArticleDates
from negotrack.models import Article
from negotrack.text import NormText, normalize

_NEWLINE_RE = re.compile("\n")
HOLDER_WORDS = frozenset({"demandword", "attempt"})
COLLECTIVES = frozenset({"collective"})
PROPOSALS = frozenset({"proposal"})
_TRIM = " \t\n\r,،;؛:.-–—"


# A line break inside a sentence: the line before ends on a letter, a digit or a comma,
# and the next line goes on with a letter that opens no list item, label or entry.
_WRAP_RE = re.compile(r"\n(?=[^\W\d_])(?![qar] ?:|[سج] ?:)(?<=[\w,،;)%]\n)", re.I)
WRAPPED_MIN_BREAKS = 3  # soft breaks that make an article hard-wrapped


def unwrap_lines(norm: str) -> str:
    """A hard-wrapped page (lines cut at a fixed width, paragraphs split by blank lines)
    read as whole sentences: each line break inside a sentence becomes a space, so that
    speaker, verb and quote meet again. Same length, so offsets do not move; articles
    with fewer than ``WRAPPED_MIN_BREAKS`` such breaks are left alone (a title or a
    dateline before a line break is no wrap)."""
    if norm.count("\n") < WRAPPED_MIN_BREAKS:
        return norm
    found = 0
    for _m in _WRAP_RE.finditer(norm):
        found += 1
        if found == WRAPPED_MIN_BREAKS:
            break
    else:
        return norm
    return _WRAP_RE.sub(" ", norm)


class Doc:
    """One article during extraction: normalised text, hits, quotes, mentions."""

    def __init__(self, article: Article, cb: Codebook) -> None:
        lang = article.language if article.language in cb.languages else "en"
        self.article = article
        self.language = lang
        self.cb = cb
        self.lex = lexicon_for(cb, lang)
        self.nt: NormText = normalize(article.text)
        norm = blank_adverbs(unwrap_lines(self.nt.norm), self.lex.adverb_gap)
        self.norm = norm
        self.terms = self.lex.terms.scan(norm)
        self.term_starts = [t[0] for t in self.terms]
        self.relevant = bool(self.terms)
        self._kind_starts: dict[frozenset[str], list[int]] = {}  # for has_kind
        self._any_kind_starts: dict[frozenset[str], list[int]] = {}  # for any_kind
        self._issues_in: dict[tuple[int, int], list[tuple[str, tuple | None]]] = {}  # for issues_in
        if not self.relevant:
            return  # no issue named anywhere: nothing to extract, nothing more to read
        self.quotes: Quotes = find_quotes(norm)
        self.hits: list[Hit] = self.lex.words.scan(norm, Hit)
        self.hit_starts = [h.start for h in self.hits]
        # mark the hits that start inside a quotation: a bisection per quotation rather
        # than a test per hit (most hits are not quoted, and ``quoted`` is False already)
        hits, starts = self.hits, self.hit_starts
        for qs, qe in self.quotes.spans:
            for i in range(bisect_right(starts, qs), bisect_left(starts, qe)):
                hits[i].quoted = True
        latin_original = article.text if len(article.text) == len(norm) and lang != "ar" else None
        self.sentences = split_sentences(norm, self.quotes, latin_original)
        self.mentions: list[Mention] = build_mentions(self.hits, norm, article.text, self.quotes, cb,
                                                      self.lex, article.published, lang)
        self.mention_starts = [m.start for m in self.mentions]

    def hits_in(self, a: int, b: int) -> list[Hit]:
        return self.hits[bisect_left(self.hit_starts, a):bisect_left(self.hit_starts, b)]

    def terms_in(self, a: int, b: int) -> list[tuple]:
        return self.terms[bisect_left(self.term_starts, a):bisect_left(self.term_starts, b)]

    def issues_in(self, a: int, b: int) -> list[tuple[str, tuple | None]]:
        """The issues the terms in ``[a, b)`` name (``stance.issue_terms``), worked out once
        per span: every holder of a clause asks for its clause's issues, and a run-on clause
        can hold thousands of both. Read-only: callers share the list."""
        found = self._issues_in.get((a, b))
        if found is None:
            found = self._issues_in[(a, b)] = issue_terms(self.terms_in(a, b))
        return found

    def mentions_in(self, a: int, b: int) -> list[Mention]:
        return self.mentions[bisect_left(self.mention_starts, a):bisect_left(self.mention_starts, b)]

    def original(self, a: int, b: int) -> tuple[int, int, str]:
        s, e = self.nt.orig_span(a, b)
        text = self.article.text
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        return s, e, text[s:e]

    def has_kind(self, kinds: frozenset[str], a: int, b: int) -> bool:
        """True if an unquoted hit of one of ``kinds`` starts in [a, b). The rare kinds
        (demands, moves, collectives) are indexed once per article, so that most units
        skip the searches that need them."""
        starts = self._kind_starts.get(kinds)
        if starts is None:
            if not self._kinds_seen & kinds:
                starts = self._kind_starts[kinds] = []
            else:
                starts = self._kind_starts[kinds] = [h.start for h in self.hits if h.kinds & kinds and not h.quoted]
        i = bisect_left(starts, a)
        return i < len(starts) and starts[i] < b

    def first_kind(self, kinds: frozenset[str], a: int, b: int) -> int | None:
        """Where the first unquoted hit of one of ``kinds`` in [a, b) starts (the index
        of ``has_kind``), if there is one."""
        starts = self._kind_starts.get(kinds)
        if starts is None:
            self.has_kind(kinds, a, b)
            starts = self._kind_starts[kinds]
        i = bisect_left(starts, a)
        return starts[i] if i < len(starts) and starts[i] < b else None

    def any_kind(self, kinds: frozenset[str], a: int, b: int) -> bool:
        """True if a hit of one of ``kinds``, quoted or not, starts in [a, b) (indexed
        once per article like ``has_kind``)."""
        starts = self._any_kind_starts.get(kinds)
        if starts is None:
            if not self._kinds_seen & kinds:
                starts = self._any_kind_starts[kinds] = []
            else:
                starts = self._any_kind_starts[kinds] = [h.start for h in self.hits if h.kinds & kinds]
        i = bisect_left(starts, a)
        return i < len(starts) and starts[i] < b

    @cached_property
    def line_starts(self) -> list[int]:
        """Offsets where each line of the text starts (for line labels and blocks)."""
        return [0, *(m.end() for m in _NEWLINE_RE.finditer(self.norm))]

    @cached_property
    def _kinds_seen(self) -> frozenset[str]:
        """Every kind of hit in the article (one pass), so that an absent kind costs nothing."""
        return frozenset().union(*(h.kinds for h in self.hits)) if self.hits else frozenset()

    @cached_property
    def dates(self) -> ArticleDates:
        """The article's dates, found once and only if a unit needs one."""
        return ArticleDates(self.article.text, self.article.published, self.language,
                            lambda at: self.quotes.inside(self.nt.norm_offset(at)))
