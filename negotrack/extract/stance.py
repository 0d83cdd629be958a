"""Issue and stance of one clause, from codebook cues.

A clause's stance is the strongest of its cue readings (codebook ``priority``):
- a stance cue gives its stance ("must" → insist, "red line" → refuse);
- a negatable word takes its negated stance when a negation precedes it within the
  window ("not negotiable", «لا يمكن التفاوض», « ne sera jamais négocié » → refuse;
  "will not allow" → insist, or refuse with a universal: "not allow any", «حتى 1%»);
- negated offers and concessions are refusals ("will never accept"), negated pressure
  is nothing ("did not take part in the strikes");
- a negation reaches no further than the quotation it stands in («لا تعني نهاية
  الدبلوماسية»، مؤكدين استعدادهم… is no refusal);
  and a negated hesitation cancels out ("will not hesitate to reimpose" is pressure);
- a concession under a modal is an offer ("could accept" → open); pressure right after
  a deferral is an offer ("offer to delay triggering snapback" → open);
- a concession that heads its clause governs the rest, which is what was conceded
  ("accepted that any deal would keep enrichment at 3.67%" is concede, not insist);
- a cue right after a relative pronoun describes a noun, not the speaker's stance
  ("tariffs on countries that continue to trade"): it counts only if nothing else does;
- a cue word inside a longer issue term is part of the term ("droits de douane");
- weak readings implied by a term (a tariff is pressure) count only without any other.
Who speaks matters for two things (``for_party``): the party an issue is about (its
``target``) cannot pressure itself, and "limit"-type words are an offer from it but a
demand from anyone else. Issues are the issue terms in the clause; a context term
counts only with its stances.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate

from negotrack.extract.segment import Quotes
from negotrack.extract.speakers import Hit

@dataclass(slots=True)
class Reading:
    stance: str
    cue_start: int
    cue_end: int
    rule: str
    weak: bool = False  # counts only if the clause has no strong reading
    by_other: str | None = None  # the stance when the speaker is not the issue's target
    fallback: bool = False  # weaker still: a bare "continue" or "never"
    # a concession or an offer verb that heads its clause governs what follows; a word
    # whose stance depends on a negation is often a noun ("Suspending enrichment is not
    # on the table"): it governs nothing
    governs: bool = True


_STANCE_KINDS = frozenset({"cue", "negatable", "by_speaker"})
ATTEMPT_WINDOW = 8  # words from "any attempt" to the measure it names


def _words_between(norm: str, a: int, b: int) -> int:
    return norm.count(" ", a, b) if b > a else 0


def _in_scope(quotes: Quotes, neg: Hit, cue: Hit) -> bool:
    """False if the quotation holding ``neg`` ends before ``cue``."""
    span = quotes.span_at(neg.start)
    return span is None or cue.start < span[1]


def _negation_before(hits: list[Hit], i: int, norm: str, window: int, quotes: Quotes) -> Hit | None:
    cue = hits[i]
    for j in range(i - 1, -1, -1):
        h = hits[j]
        if _words_between(norm, h.end, cue.start) > window:
            return None
        if "neg" in h.kinds or "rhetoric" in h.kinds:
            # "how could we give up…?" denies what it asks about, as "not" would
            return h if _in_scope(quotes, h, cue) else None
    return None


def _kind_before(hits: list[Hit], i: int, norm: str, window: int, kind: str) -> bool:
    cue = hits[i]
    for j in range(i - 1, -1, -1):
        h = hits[j]
        if _words_between(norm, h.end, cue.start) > window:
            return False
        if kind in h.kinds:
            return True
    return False


def _universal_near(hits: list[Hit], neg: Hit, cue: Hit, norm: str) -> bool:
    """A universal word with the negation: "not allow any", «شيئا لن يتغير» (just before it)."""
    first, limit = neg.start - 12, cue.end + 30
    return any("univ" in h.kinds and first <= h.start <= limit and h is not cue
               and not _CLAUSE_END_RE.search(norm, min(h.end, neg.start), max(h.start, cue.end))
               for h in hits)


# A universal beyond a colon or a semicolon belongs to the next clause: "conditions had
# not changed: all enriched material must leave" is no "not … all".
_CLAUSE_END_RE = re.compile(r"[:;؛]")


def _after_relative(hits: list[Hit], i: int, norm: str) -> bool:
    """True if the hit right before ``hits[i]`` is a relative pronoun next to it."""
    if i == 0:
        return False
    prev = hits[i - 1]
    return "rel" in prev.kinds and not norm[prev.end:hits[i].start].strip()


class _TermCover:
    """Answers "does ``h`` lie inside a longer issue term?" ("droits" in "droits de douane")
    for the hits of one clause. ``terms`` are in order of start (``Doc.terms_in``); a
    running maximum of their ends stops the search as soon as no earlier term reaches the
    hit, so a clause of thousands of terms (a run-on text with no full stop) costs a
    bisection per hit, not a pass over every term."""

    def __init__(self, terms: list[tuple]) -> None:
        self._terms = terms
        self._starts = [t[0] for t in terms]
        self._reach = list(accumulate((t[1] for t in terms), max))  # max end of terms[0..k]

    def covers(self, h: Hit) -> bool:
        k = bisect_right(self._starts, h.start) - 1
        while k >= 0 and self._reach[k] >= h.end:
            ts, te = self._terms[k][0], self._terms[k][1]
            if h.end <= te and te - ts > h.end - h.start:
                return True
            k -= 1
        return False


def readings(hits: list[Hit], norm: str, neg_window: int, modal_window: int,
             quotes: Quotes | None = None, terms: list[tuple] | None = None,
             attempts: bool | None = None) -> list[Reading]:
    """Every stance reading of the clause's hits (before choosing the strongest).
    ``attempts``: whether an "attempt" word is among ``hits``, if the caller knows."""
    quotes = quotes if quotes is not None else Quotes([], [])
    cover = _TermCover(terms or [])
    out: list[Reading] = []
    used: set[int] = set()  # a negation governs the first cue after it only («لن تسمح بتوقف»)
    if attempts is None:
        attempts = any("attempt" in h.kinds for h in hits)
    for i, h in enumerate(hits):
        if "litotes" in h.kinds:
            # "will not hesitate to reimpose": the negation is spent on the hesitation,
            # both its parts in French (« n'hésitera pas à »)
            neg = _negation_before(hits, i, norm, neg_window, quotes)
            if neg is not None:
                used.add(neg.start)
                nxt = hits[i + 1] if i + 1 < len(hits) else None
                if nxt is not None and "neg" in nxt.kinds and _words_between(norm, h.end, nxt.start) <= 1:
                    used.add(nxt.start)
            continue
        if "limit" in h.kinds:
            out.append(Reading("open", h.start, h.end, "limit"))
        if not (h.kinds & _STANCE_KINDS) or cover.covers(h):
            continue
        neg = _negation_before(hits, i, norm, neg_window, quotes) if "neg" not in h.kinds else None
        if neg is not None:
            if neg.start in used:
                neg = None
            elif _takes_negation(h):
                used.add(neg.start)
        found = _hit_readings(hits, i, h, neg, norm, modal_window)
        if attempts and _kind_before(hits, i, norm, ATTEMPT_WINDOW, "attempt"):
            # "any attempt to reimpose sanctions": the move judged, not the speaker's
            found = [r for r in found if r.stance != "pressure"]
        if _after_relative(hits, i, norm):
            found = [replace(r, weak=True) for r in found]
        out.extend(found)
    return _governed(out)


def _takes_negation(h: Hit) -> bool:
    """False for a word a negation passes over: a demand or a refusal cue keeps its
    stance negated or not, so "how could anyone ask us to give up…" spends its negation
    on "give up", not on "ask"."""
    return any(p[0] != "cue" or p[1] not in ("insist", "refuse") for p in h.payloads
               if p[0] in ("cue", "negatable", "by_speaker"))


def _hit_readings(hits: list[Hit], i: int, h: Hit, neg: Hit | None, norm: str, modal_window: int) -> list[Reading]:
    out: list[Reading] = []
    for p in h.payloads:
        if p[0] == "cue":
            stance, rule = p[1], "cue"
            if neg is not None:
                if stance in ("open", "concede"):
                    stance, rule = "refuse", "negated_offer"
                elif stance == "pressure":
                    continue
            weak = p[2] and neg is None  # a fallback cue ("continue", a bare "never")
            # only a willingness ("ready to", « prêts à », «مستعد») governs the clause
            # after it; "proposed to limit Iran's missiles" is a demand
            if stance == "concede" and _kind_before(hits, i, norm, modal_window, "modal"):
                stance, rule = "open", "modal_offer"
            elif stance == "insist" and weak and _kind_before(hits, i, norm, modal_window, "modal"):
                # "Iran could keep enriching": a permission, an offer
                stance, rule, weak = "open", "modal_offer", False
            if stance == "pressure" and _kind_before(hits, i, norm, modal_window, "defer"):
                stance, rule = "open", "deferral"
            out.append(Reading(stance, h.start, h.end, rule, weak=weak, fallback=weak and p[2],
                               governs=stance != "open" or "modal" in h.kinds))
        elif p[0] == "negatable":
            positive, negated, weak = p[1], p[2], p[3]
            if neg is not None:
                if negated is None:
                    continue
                stance, rule = negated, "negation"
                if stance == "insist" and _universal_near(hits, neg, h, norm):
                    stance, rule = "refuse", "universal_negation"
                out.append(Reading(stance, neg.start, h.end, rule))
            elif positive is not None:
                stance = positive
                rule = "cue"
                if stance == "concede" and _kind_before(hits, i, norm, modal_window, "modal"):
                    stance, rule = "open", "modal_offer"
                out.append(Reading(stance, h.start, h.end, rule, weak=weak, governs=False))
            elif negated == "refuse" and _kind_before(hits, i, norm, modal_window, "modal"):
                # talk of negotiation under a modal is an offer: "all of this can be
                # discussed", « nous pourrions négocier », «يمكن التفاوض بشأن»
                out.append(Reading("open", h.start, h.end, "modal_offer", governs=False))
        elif p[0] == "by_speaker" and neg is None:
            out.append(Reading(p[1], h.start, h.end, "by_speaker", by_other=p[2]))
    return out


def _governed(rs: list[Reading]) -> list[Reading]:
    """A plain concession that opens the clause governs what follows it: the later cues
    describe what was conceded ("had accepted that any deal would keep enrichment at
    3.67%", « a accepté le principe d'une levée progressive, comme il l'exigeait »)."""
    strong = [r for r in rs if not r.weak]
    if not strong:
        return rs
    head = min(strong, key=lambda r: r.cue_start)
    if not head.governs:
        return rs
    if head.stance == "open" and head.rule == "cue":
        # readiness governs what the speaker is ready for: "prêts à donner des
        # garanties, à accepter des inspections" offers, it does not concede
        # (and "ready to help reduce its enrichment" offers help, it demands nothing)
        return [replace(r, stance="open", rule="modal_offer", by_other=None)
                if r.cue_start > head.cue_start and (r.stance == "concede" or r.by_other is not None)
                else r for r in rs]
    if head.stance != "concede" or head.rule != "cue":
        return rs
    return [r for r in rs if r.cue_start <= head.cue_start or r.weak]


def for_party(rs: list[Reading], party: str | None, target: str | None) -> list[Reading]:
    """The readings as said by ``party`` about an issue whose measures aim at ``target``:
    the target cannot pressure itself (Iran warning that a snapback would end
    cooperation is no pressure of Iran's), and a "limit" is its offer but anyone
    else's demand."""
    out: list[Reading] = []
    for r in rs:
        if r.by_other is not None and party != target:
            r = replace(r, stance=r.by_other, by_other=None)
        if r.stance == "pressure" and target is not None and party == target:
            continue
        out.append(r)
    return out


def strongest(rs: list[Reading], priority: dict[str, int]) -> Reading | None:
    """The reading of highest priority among the strong ones, else among the weak ones
    (a term's own: "tariffs" are pressure), else the fallbacks ("maximum pressure will
    continue" is pressure; "enrichment will continue" is insist)."""
    pool = [r for r in rs if not r.weak] or [r for r in rs if not r.fallback] or rs
    if not pool:
        return None
    return min(pool, key=lambda r: (priority.get(r.stance, 99), r.cue_start))


def issue_terms(terms: list[tuple]) -> list[tuple[str, tuple | None]]:
    """Issues named in the clause, in order, as (code, only_with): ``only_with`` is None
    for a plain term, else the stances a context term counts with ("nuclear sites" is
    enrichment only when struck or threatened)."""
    found: dict[str, tuple | None] = {}
    for _s, _e, pls, _pre, _k in terms:
        for p in pls:
            if p[0] != "issue":
                continue
            code, only = p[1], p[2]
            if code not in found:
                found[code] = only
            elif found[code] is not None:
                found[code] = None if only is None else tuple(set(found[code]) | set(only))
    return list(found.items())


def implied(terms: list[tuple]) -> list[Reading]:
    """Weak readings carried by terms themselves (a tariff is a coercive measure)."""
    out = []
    for s, e, pls, _pre, _k in terms:
        for p in pls:
            if p[0] == "implies":
                out.append(Reading(p[1], s, e, "implied", weak=True))
    return out
