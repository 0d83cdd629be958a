"""Extraction: from one article to the statements it reports (no Prefect, no network).

``extract_article(article, codebook) -> list[Statement]``. The steps, each in its own
module:

1. normalise (``negotrack.text``, ``doc``): the matching copy of the text and the map
   back to the stored text;
2. scan (``lexicon``): one pass per article with the codebook compiled into trie
   regexes (an article that names no issue stops here); ``doc`` holds what is found;
3. segment (``segment``): sentences that keep quotes whole, and units (one speaker
   each) here;
4. attribute (``attribute``, ``holders``, ``speakers``): who holds each unit's
   positions, and with whom;
5. detect (``clauses``, ``stance``): the clauses of a unit and, for each issue it
   names, the strongest stance reading as said by that holder;
6. date (``dating``, ``when``): the day the statement was made; past background is
   skipped;
7. emit (here): statements with verbatim evidence.

How each step reads news, and which codebook list it uses, is in docs/EXTRACTOR.md.

Every statement keeps its evidence as ``article.text[char_start:char_end]``, the cue
that fired, the rule, how the speaker was found, and a confidence.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from datetime import date, timedelta

from negotrack.codebook import Codebook
from negotrack.extract.attribute import (
    coordinated_speakers,
    continued_quote,
    delegate,
    demand_found,
    glue_speaker_only,
    labelled_speaker,
    line_before,
    points_back,
    same_speaker,
    unit_speaker,
    units,
)
from negotrack.extract.clauses import Found, unit_statements
from negotrack.extract.dating import SpeakerDays, date_from_later, undated_statement_day
from negotrack.extract.doc import COLLECTIVES, PROPOSALS, Doc
from negotrack.extract.holders import (
    block_lines,
    collective_group,
    document_authors,
    frame_holder,
    interviewee,
    label_of,
    line_labels,
)
from negotrack.extract import stance as st
from negotrack.extract.speakers import Speaker, SpeakerState, resolve
from negotrack.models import Article, Statement

# Bumped whenever the same article can give other statements: stored articles of an older
# version become pending and are extracted again. 2026.4: evidence bounded on run-on clauses.
EXTRACTOR_VERSION = "rules-2026.4"

__all__ = ["EXTRACTOR_VERSION", "extract_article"]

# How much a statement is worth, by how its speaker was found and by the rule.
_SPEAKER_CONFIDENCE = {"name": 0.9, "title": 0.85, "variant": 0.8, "party": 0.75, "anonymous": 0.7,
                       "carry_over": 0.75, "anaphor": 0.75, "document": 0.7}
_RULE_CONFIDENCE = {"cue": 1.0, "negation": 0.95, "negated_offer": 0.9, "universal_negation": 0.95,
                    "modal_offer": 0.9, "deferral": 0.85, "condition_of_offer": 0.8, "implied": 0.7,
                    "condition_issue": 0.8, "limit": 0.85, "by_speaker": 0.9, "threat": 0.8,
                    "demand_holder": 0.75, "announced_measure": 0.7}


BACKGROUND = frozenset({"background"})
RELATIVE_DAYS = frozenset({"sameday", "daybefore", "dayafter"})


def _mediator_proposal(doc: Doc, speaker: Speaker, ua: int, ub: int) -> bool:
    """True if a mediator speaks of a proposal: its terms for the parties are nobody's
    position (annotation guide), while what it says for itself counts."""
    return speaker.party in doc.lex.mediators and doc.has_kind(PROPOSALS, ua, ub)


def _product_confidence(method: str, rule: str) -> float:
    return round(_SPEAKER_CONFIDENCE.get(method, 0.7) * _RULE_CONFIDENCE.get(rule, 0.8), 3)


# every known (speaker method, rule) pair, computed once
_CONFIDENCE = {(m, r): _product_confidence(m, r) for m in _SPEAKER_CONFIDENCE for r in _RULE_CONFIDENCE}


def _confidence(method: str, rule: str) -> float:
    found = _CONFIDENCE.get((method, rule))
    return _product_confidence(method, rule) if found is None else found


def extract_article(article: Article, codebook: Codebook) -> list[Statement]:
    """The statements (party, issue, stance, date, evidence) reported in ``article``."""
    doc = Doc(article, codebook)
    if not doc.relevant:
        return []
    state = SpeakerState()
    out: list[Statement] = []
    days = SpeakerDays(doc)
    last_day: date | None = None  # the day of the last statement dated by the text
    spoke_until = -1  # end of the last unit with a speaker
    pending: list = []  # issues the last speaker named without a stance
    pending_by: Speaker | None = None
    pending_until = last_ub = -1  # end of the unit that set ``pending``; end of the last unit
    labels = line_labels(doc)
    guest = interviewee(doc, labels) if labels else None
    blocks = block_lines(doc)
    line_starts = doc.line_starts if labels or blocks else []
    line_speaker: dict[int, Speaker] = {}  # the last speaker of each line (for blocks)
    last_group: list[Speaker] = []  # the last unit's holders, when several spoke together
    for s, e in glue_speaker_only(doc):
        for ua, ub in units(doc, s, e):
            adjacent, last_ub = pending_until == last_ub, ub  # no unit between this and the pending one
            label = label_of(labels, line_starts, ua) if labels else None
            speaker, zone_end, pick = labelled_speaker(doc, label, guest, ua, ub, state)
            if speaker is None:
                if label is not None and label.kind == "question" and ua < label.content_start:
                    # the journalist asks: nobody before him is carried over into it
                    state.push(Speaker(None, None, "nonparty", nonparty=True))
                speaker, zone_end, pick = unit_speaker(doc, ua, ub, state)
            if speaker is None and pick is not None and pick.kind == "document":
                # a document speaks before anyone has: its signatories in the sentence
                authors = [sp for sp in (resolve(m, state) for m in document_authors(doc, pick)) if sp]
                speaker = authors[0] if authors else None
            if speaker is None:
                frame = frame_holder(doc, ua, ub)
                if frame is not None:
                    pick, speaker, zone_end = frame, resolve(frame, state), frame.end + 1
            line = line_starts[bisect_right(line_starts, ua) - 1] if line_starts else 0
            if speaker is None and line in blocks:
                intro = blocks[line]
                block_sp = (line_speaker.get(line) or line_speaker.get(intro)
                            or line_speaker.get(line_before(line_starts, intro)))
                if block_sp is not None:
                    speaker, zone_end, pick = replace(block_sp, method="carry_over"), ua, None
            if speaker is None:
                speaker = continued_quote(doc, ua, ub, spoke_until, state)
                if speaker is None:
                    continue
            co_speakers = coordinated_speakers(doc, pick, ua, zone_end, state)
            group = (collective_group(doc, ua, zone_end)
                     if not speaker.nonparty and doc.has_kind(COLLECTIVES, ua, zone_end) else []) or (
                document_authors(doc, pick) if pick is not None and pick.kind == "document" else [])
            if group:
                # "The three countries stressed…": each party of the group named before
                group_sp = [delegate(doc, sp, ua) for sp in (resolve(m, state) for m in group) if sp is not None]
                if group_sp:
                    speaker, co_speakers = group_sp[0], group_sp[1:]
            elif pick is not None and pick.kind in ("document", "carry") and last_group and \
                    same_speaker(speaker, last_group[0]):
                # "China, Russia and Iran issued a joint statement. The statement says…",
                # "Russia and China said… They added…": the group speaks on
                co_speakers = last_group[1:]
            if not speaker.nonparty and speaker.party is not None:
                last_group = [speaker, *co_speakers]
            if not speaker.nonparty and speaker.party is not None:
                line_speaker[line] = speaker
            spoke_until = ub
            if speaker.nonparty or speaker.party is None:
                state.push(Speaker(None, None, "nonparty", nonparty=True))
                continue
            # no issue named and none to point back to: skip the clause analysis (most
            # units); a mediator's proposals are nobody's position
            # or, for a reply in the very next sentence, the measure it answers: "the E3
            # triggered the snapback. Baghaei said … Tehran did not recognise it"
            before = pending if pending and (same_speaker(speaker, pending_by) or (
                adjacent and pending_by is not None and speaker.party != pending_by.party
                and points_back(doc, ua, ub))) else None
            found, pending = unit_statements(doc, ua, ub, speaker, zone_end, before) if (
                (before or doc.terms_in(ua, ub)) and not _mediator_proposal(doc, speaker, ua, ub)) else ([], [])
            pending_until = ub
            pending_by = speaker
            za, zb = doc.nt.orig_span(ua, zone_end)
            demands = demand_found(doc, ua, ub, speaker, state)
            if not found and not demands:
                # no position here, but the day a named speaker spoke carries over to
                # what he "added" next (dated only if needed)
                if speaker.actor is not None and speaker.method not in ("carry_over", "anaphor"):
                    speaker.date_hint = (za, zb)
                    days.zone(speaker.actor, za, zb)
                state.push(speaker)
                continue
            when = doc.dates.stated_on(za, zb)
            if when is None and (doc.dates.is_background(za, zb) or doc.any_kind(BACKGROUND, ua, zone_end)):
                # told as history, with no day of the news: "since the war in June, when…"
                state.push(speaker)
                continue
            if doc.any_kind(RELATIVE_DAYS, ua, zone_end):  # (rare: the index spares most zones the union)
                zone_kinds = {k for h in doc.hits_in(ua, zone_end) for k in h.kinds}
                if "sameday" in zone_kinds:
                    when = last_day  # "on the same day", «في اليوم نفسه»
                elif last_day is not None and zone_kinds & {"daybefore", "dayafter"}:
                    # « la veille », "the next day": a day from the statement before
                    when = last_day + timedelta(days=-1 if "daybefore" in zone_kinds else 1)
            when = when or undated_statement_day(doc, ua, ub, za, speaker, days)
            source = "text"
            if when is None:
                when, source = article.published, "published"
            else:
                last_day = when
                if speaker.actor:
                    days.day(speaker.actor, when)
                speaker.date_hint = when
            state.push(speaker)
            out.extend(_make(doc, speaker, when, source, found))
            for holder, holder_found in demands:
                out.extend(_make(doc, holder, when, source, holder_found))
            for co in co_speakers:
                co_found, _ = unit_statements(doc, ua, ub, co, zone_end, before)
                out.extend(_make(doc, co, when, source, co_found))
    return date_from_later(out, days)


# The longest evidence kept, in characters. A clause is normally a few hundred characters
# (the dev corpora's longest evidence is under 350); a text with no sentence ends (a
# run-on page, a PDF's lost punctuation) can make one clause of the whole article, and
# every statement in it would carry a copy of it: 8,000 statements of 400 kB each.
EVIDENCE_MAX_CHARS = 1000


def _evidence_window(doc: Doc, issue: str, r: st.Reading, lo: int, hi: int) -> tuple[int, int]:
    """Within a clause ``[lo, hi)`` longer than EVIDENCE_MAX_CHARS, the part that carries
    the statement: the cue and the nearest term of ``issue`` (when it is near), widened
    evenly to the limit and cut at spaces."""
    a, b = r.cue_start, r.cue_end
    near = doc.terms_in(max(lo, a - EVIDENCE_MAX_CHARS), min(hi, b + EVIDENCE_MAX_CHARS))
    named = [t for t in near if any(p[0] == "issue" and p[1] == issue for p in t[2])]
    if named:
        t = min(named, key=lambda t: abs(t[0] - a))
        if max(b, t[1]) - min(a, t[0]) <= EVIDENCE_MAX_CHARS:
            a, b = min(a, t[0]), max(b, t[1])
    pad = max(0, EVIDENCE_MAX_CHARS - (b - a)) // 2
    wa, wb = max(lo, a - pad), min(hi, b + pad)
    norm = doc.norm
    if wa > lo:  # start after a space, not inside a word
        cut = norm.find(" ", wa, a)
        wa = cut + 1 if cut >= 0 else wa
    if wb < hi:  # end before a space
        cut = norm.rfind(" ", b, wb)
        wb = cut if cut >= 0 else wb
    return wa, wb


def _make(doc: Doc, sp: Speaker, when: date, source: str, found: list[Found]) -> list[Statement]:
    out: list[Statement] = []
    for issue, r, a, b in found:
        lo, hi = min(a, r.cue_start), max(b, r.cue_end)
        if hi - lo > EVIDENCE_MAX_CHARS:
            lo, hi = _evidence_window(doc, issue, r, lo, hi)
        s, e, evidence = doc.original(lo, hi)
        if e <= s:
            continue
        cue = doc.original(r.cue_start, r.cue_end)[2] or None
        out.append(Statement(article_id=doc.article.article_id, party=sp.party, actor=sp.actor, issue=issue,
                             stance=r.stance, hardness=doc.cb.hardness[r.stance], stated_on=when, date_source=source, char_start=s, char_end=e,
                             evidence=evidence, cue=cue, rule=r.rule, speaker_method=sp.method,
                             confidence=_confidence(sp.method, r.rule)))
    return out
