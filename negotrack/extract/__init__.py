"""Extraction: from one article to the statements it reports (no Prefect, no network).

``extract_article(article, codebook) -> list[Statement]``. The steps, each in its own
module:

1. ``negotrack.text``: normalise for matching, keep the map back to the stored text;
2. ``lexicon``: one scan per article with the codebook compiled into trie regexes;
3. ``segment``: sentences that keep quotes whole, units (one speaker each), clauses;
4. ``speakers``: mentions, the speaker of each unit, carry-over to the last speaker;
5. ``stance``: issues and the strongest stance reading of each clause;
6. ``when``: the date the statement was made; past background is skipped.

Every statement keeps its evidence as ``article.text[char_start:char_end]``, the cue
that fired, the rule, how the speaker was found, and a confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date

from negotrack.codebook import Codebook
from negotrack.extract import stance as st
from negotrack.extract.segment import Quotes, cut_points, find_quotes, split_sentences
from negotrack.extract.speakers import Hit, Mention, Speaker, SpeakerState, build_mentions, resolve
from negotrack.extract.when import blank_quotes, is_background, narrative_dates, stated_on
from negotrack.models import Article, Statement
from negotrack.text import NormText, normalize

EXTRACTOR_VERSION = "rules-2026.1"

__all__ = ["EXTRACTOR_VERSION", "extract_article"]

_SUPPORTED = ("ar", "en", "fr")
ZONE_WORDS_AFTER_VERB = 12  # en/fr: how far after the speech verb the speaker zone may reach
NARRATIVE_WINDOW = 700  # characters before an undated statement searched for its day
_CLAUSE_PUNCT_RE = re.compile(r"[;؛]|[.!?؟](?=\s)")
_TRIM = " \t\n\r,،;؛:.-–—"

# How much a statement is worth, by how its speaker was found and by the rule.
_SPEAKER_CONFIDENCE = {"name": 0.9, "title": 0.85, "variant": 0.8, "party": 0.75, "anonymous": 0.7,
                       "carry_over": 0.75, "anaphor": 0.75}
_RULE_CONFIDENCE = {"cue": 1.0, "negation": 0.95, "negated_offer": 0.9, "universal_negation": 0.95,
                    "modal_offer": 0.9, "deferral": 0.85, "condition_of_offer": 0.8, "implied": 0.7,
                    "condition_issue": 0.8}


class _Doc:
    """One article during extraction: normalised text, hits, quotes, mentions."""

    def __init__(self, article: Article, cb: Codebook) -> None:
        lang = article.language if article.language in _SUPPORTED else "en"
        self.article = article
        self.language = lang
        self.cb = cb
        self.lex = cb.lexicon(lang)
        self.nt: NormText = normalize(article.text)
        norm = self.nt.norm
        self.norm = norm
        self.hits = [Hit(*t) for t in self.lex.words.scan(norm)]
        self.hit_starts = [h.start for h in self.hits]
        self.terms = self.lex.terms.scan(norm)
        self.term_starts = [t[0] for t in self.terms]
        self.quotes: Quotes = find_quotes(norm)
        latin_original = article.text if len(article.text) == len(norm) and lang != "ar" else None
        self.sentences = split_sentences(norm, self.quotes, latin_original)
        self.mentions: list[Mention] = build_mentions(self.hits, norm, article.text, self.quotes, cb,
                                                      self.lex, article.published, lang)
        self.mention_starts = [m.start for m in self.mentions]

    def hits_in(self, a: int, b: int) -> list[Hit]:
        return self.hits[bisect_left(self.hit_starts, a):bisect_left(self.hit_starts, b)]

    def terms_in(self, a: int, b: int) -> list[tuple]:
        return self.terms[bisect_left(self.term_starts, a):bisect_left(self.term_starts, b)]

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

    def zone_text(self, a: int, b: int) -> str:
        """Original text of [a, b) with quoted words blanked (same length)."""
        s, e = self.nt.orig_span(a, b)
        spans = []
        for qs, qe in self.quotes.between(a, b):
            os_, oe = self.nt.orig_span(qs, qe)
            spans.append((os_ - s, oe - s))
        return blank_quotes(self.article.text[s:e], spans)


def _glue_speaker_only(doc: _Doc) -> list[tuple[int, int]]:
    """Join a short sentence that only names the speaker ("وأكد السيد عراقتشي.") to the
    quote that precedes it."""
    out: list[tuple[int, int]] = []
    norm = doc.norm
    for s, e in doc.sentences:
        if out and e - s <= 60 and '"' not in norm[s:e] and "\n" not in norm[out[-1][1]:s]:
            hs = doc.hits_in(s, e)
            prev_s, prev_e = out[-1]
            if (any("verb" in h.kinds for h in hs) and not any("comp" in h.kinds for h in hs)
                    and not doc.terms_in(s, e) and '"' in norm[max(prev_s, prev_e - 3):prev_e]):
                out[-1] = (prev_s, e)
                continue
        out.append((s, e))
    return out


def _units(doc: _Doc, s: int, e: int) -> list[tuple[int, int]]:
    """A sentence split where a new speaker may start ("…, while Y said …")."""
    breaks = [(h.start, h.end) for h in doc.hits_in(s, e) if "sbreak" in h.kinds and not doc.quotes.inside(h.start)]
    return cut_points(breaks, s, e)


def _content_start(doc: _Doc, verb: Hit, unit_end: int) -> int:
    """Where the reported content starts: a complementizer, a colon or a quote after the verb."""
    cs = unit_end
    for h in doc.hits_in(verb.end, unit_end):
        if "comp" in h.kinds and not doc.quotes.inside(h.start):
            cs = h.start
            break
    colon = doc.norm.find(":", verb.end, cs)
    if colon >= 0:
        cs = colon
    for qs, _qe in doc.quotes.between(verb.end, cs):
        cs = min(cs, qs)
        break
    if doc.language != "ar":
        # English and French often drop "that" ("Treasury said the networks had…"): the
        # zone is the verb and its adverbials, a few words at most
        cap = _after_words(doc.norm, verb.end, ZONE_WORDS_AFTER_VERB)
        cs = min(cs, cap)
    return cs


def _after_words(norm: str, i: int, n: int) -> int:
    """The offset ``n`` words after ``i``."""
    for _ in range(n + 1):
        j = norm.find(" ", i + 1)
        if j < 0:
            return len(norm)
        i = j
    return i


def _speaker(doc: _Doc, a: int, b: int, state: SpeakerState) -> tuple[Speaker | None, int, int]:
    """(speaker, zone end, verb start) of the unit [a, b); zone = speaker + verb."""
    hs = [h for h in doc.hits_in(a, b) if not doc.quotes.inside(h.start)]
    verbs = [h for h in hs if "verb" in h.kinds or "according" in h.kinds]
    if not verbs:
        # no attribution, but a named subject is who "he" will refer to next
        topic = next((m for m in doc.mentions_in(a, b) if m.subject and m.kind in ("actor", "title")), None)
        if topic is not None and topic.party:
            state.push(Speaker(topic.party, topic.actor, topic.method, topic.role_kinds))
        return None, a, a
    verb = verbs[0]
    cs = _content_start(doc, verb, b)
    ms = [m for m in doc.mentions_in(a, b) if m.start < cs]
    # "according to X" / «بحسب X» / « selon lui » names the source outright
    for h in hs:
        if "according" in h.kinds and h.start < cs:
            if "carry" in h.kinds:  # « selon lui », "according to him"
                return resolve(next((m for m in ms if m.start == h.start), None), state), cs, verb.start
            src = next((m for m in ms if m.start >= h.end and m.start - h.end <= 3), None)
            if src is not None:
                return resolve(src, state), cs, verb.start
    subjects = [m for m in ms if m.subject and m.kind != "carry" or (m.kind == "carry" and m.start != verb.start)]
    before = [m for m in subjects if m.end <= verb.start]
    after = [m for m in subjects if m.start >= verb.end]
    pick: Mention | None
    if "carry" in verb.kinds:
        # a French inversion carries its own subject: « L'Iran, a-t-il ajouté, doit… »
        # is said by "il", and "l'Iran" is what he talks about
        pick = None
    elif doc.language == "ar":
        pick = after[0] if after else (before[-1] if before else None)
    else:
        inverted = '"' in doc.norm[max(a, verb.start - 4):verb.start]
        if inverted and after:
            pick = after[0]
        else:
            pick = before[-1] if before else (after[0] if after else None)
    if pick is None:
        # an Arabic verb with no subject («وأضاف», «قال.») or a French inversion
        # («a-t-il ajouté») is the last speaker's; in English and French a verb with no
        # subject at all is a participle or the journalist's ("written into the resolution")
        last = state.last
        if last is None or last.nonparty or (doc.language != "ar" and "carry" not in verb.kinds):
            return None, cs, verb.start
        return Speaker(last.party, last.actor, "carry_over", last.role_kinds, date_hint=last.date_hint), cs, verb.start
    if pick.kind == "anon" and pick.party is None:
        # "À Paris, une source diplomatique", «وفي واشنطن، قال مسؤول»: the place gives the party
        place = next((m for m in reversed(doc.mentions_in(a, pick.start)) if m.kind == "party"), None)
        if place is None:
            return None, cs, verb.start
        return Speaker(place.party, None, "anonymous"), cs, verb.start
    sp = resolve(pick, state)
    if sp is not None and not sp.nonparty and sp.actor is None:
        # a named actor of the same party in the zone ("the European Union, by the voice of Kaja Kallas")
        named = next((m for m in subjects if m.actor and m.party == sp.party), None)
        if named is not None:
            sp = Speaker(sp.party, named.actor, named.method, named.role_kinds)
    return sp, cs, verb.start


def _clauses(doc: _Doc, a: int, b: int) -> list[tuple[int, int, str]]:
    """Clauses of a unit as (start, end, kind) with kind 'main', 'cond' or 'skip'."""
    breaks: list[tuple[int, int]] = []
    for h in doc.hits_in(a, b):
        if h.kinds & {"break", "cond"} and h.start > a:
            breaks.append((h.start, h.end))
    for m in _CLAUSE_PUNCT_RE.finditer(doc.norm, a, b):
        breaks.append((m.end(), m.end()))
    breaks.sort()
    out = []
    pieces = []
    for s, e in cut_points(breaks, a, b):
        hs = doc.hits_in(s, e)
        if hs and "cond" in hs[0].kinds and doc.norm[s:hs[0].start].strip(" ,،\"") in ("", "and", "et", "و"):
            # "if X, Y": the condition ends at its comma, the rest is a main clause
            comma = doc.norm.find(",", hs[0].end, e)
            if comma > 0 and doc.norm[comma + 1:e].strip(" \"."):
                pieces += [(s, comma + 1, "cond"), (comma + 1, e, "main")]
            else:
                pieces.append((s, e, "cond"))
        else:
            pieces.append((s, e, "main"))
    for s, e, kind in pieces:
        hs = doc.hits_in(s, e)
        if any(h.kinds & {"denial", "hypo"} for h in hs) or doc.norm[s:e].rstrip(' "').endswith(("?", "؟")):
            kind = "skip"
        out.append((s, e, kind))
    return out


def _confidence(method: str, rule: str) -> float:
    return round(_SPEAKER_CONFIDENCE.get(method, 0.7) * _RULE_CONFIDENCE.get(rule, 0.8), 3)


def extract_article(article: Article, codebook: Codebook) -> list[Statement]:
    """The statements (party, issue, stance, date, evidence) reported in ``article``."""
    doc = _Doc(article, codebook)
    state = SpeakerState()
    out: list[Statement] = []
    dated: dict[str, date] = {}  # actor → the first day the article says he spoke
    narrative: dict[int, date | None] = {}  # unit start → last news day before it
    lex = doc.lex
    for s, e in _glue_speaker_only(doc):
        for ua, ub in _units(doc, s, e):
            speaker, zone_end, _verb_at = _speaker(doc, ua, ub, state)
            if speaker is None:
                continue
            if speaker.nonparty or speaker.party is None:
                state.push(Speaker(None, None, "nonparty", nonparty=True))
                continue
            found = _unit_statements(doc, ua, ub, speaker, article.published, "published", lex)
            if not found:
                # no position here, but the day a named speaker spoke carries over to
                # what he "added" next
                if speaker.actor is not None and speaker.method not in ("carry_over", "anaphor"):
                    day = stated_on(doc.zone_text(ua, zone_end), article.published, doc.language)
                    if day is not None:
                        speaker.date_hint = day
                        dated.setdefault(speaker.actor, day)
                state.push(speaker)
                continue
            # dates are read only for units that state something (they are the costly part)
            zone = doc.zone_text(ua, zone_end)
            if is_background(zone, article.published, doc.language) or any(
                    "background" in h.kinds for h in doc.hits_in(ua, zone_end)):
                state.push(speaker)
                continue
            when = stated_on(zone, article.published, doc.language) or stated_on(
                doc.zone_text(ua, ub), article.published, doc.language)
            source = "text"
            if when is None:
                # the same speaker, said earlier in the article to be speaking on a given day
                when = speaker.date_hint if speaker.method in ("carry_over", "anaphor") else None
                when = when or (dated.get(speaker.actor) if speaker.actor else None)
            if when is None:
                # the last news day mentioned shortly before (dates are costly to read:
                # only a window of text before the unit, and only when needed)
                at = doc.nt.orig_start(ua)
                if at not in narrative:
                    days = narrative_dates(article.text[max(0, at - NARRATIVE_WINDOW):at],
                                           article.published, doc.language)
                    narrative[at] = days[-1][1] if days else None
                when = narrative[at]
            if when is None:
                when, source = article.published, "published"
            elif speaker.actor:
                dated[speaker.actor] = when
            speaker.date_hint = when if source == "text" else speaker.date_hint
            state.push(speaker)
            out.extend(replace(x, stated_on=when, date_source=source) for x in found)
    return _date_from_later(out, dated)


def _date_from_later(out: list[Statement], dated: dict[str, date]) -> list[Statement]:
    """A lead that sums up a statement the body dates later ("Witkoff has signalled…",
    then "…, Witkoff said in an interview that aired on Monday") takes that date."""
    if not any(s.date_source == "published" and s.actor in dated for s in out):
        return out
    return [replace(s, stated_on=dated[s.actor], date_source="text")
            if s.date_source == "published" and s.actor in dated else s for s in out]


@dataclass(slots=True)
class _Clause:
    """One clause of a unit and what it says, as read for the unit's speaker."""

    start: int
    end: int
    kind: str  # "main", "cond" (a condition of the clause next to it) or "skip"
    rs: list[st.Reading] = field(default_factory=list)  # every reading, implied ones too
    named: list[tuple[str, tuple | None]] = field(default_factory=list)  # issue terms (code, only_with)
    issues: list[tuple[str, st.Reading]] = field(default_factory=list)  # issue → its stance
    reading: st.Reading | None = None  # the clause's own stance (first issue's, or none)


def _read_clause(doc: _Doc, cs: int, ce: int, kind: str, party: str | None) -> _Clause:
    cl = _Clause(cs, ce, kind)
    if kind == "skip":
        return cl
    lex = doc.lex
    terms = doc.terms_in(cs, ce)
    cl.rs = st.readings(doc.hits_in(cs, ce), doc.norm, lex.negation_window, lex.modal_window,
                        doc.quotes, terms) + st.implied(terms)
    cl.named = st.issue_terms(terms)
    cl.issues = _by_issue(cl.rs, cl.named, party, lex)
    cl.reading = cl.issues[0][1] if cl.issues else st.strongest(st.for_party(cl.rs, party, None), lex.priority)
    return cl


def _by_issue(rs: list[st.Reading], issues: list[tuple[str, tuple | None]], party: str | None,
              lex, stance: str | None = None) -> list[tuple[str, st.Reading]]:
    """The strongest reading of ``rs`` for each issue, as said by ``party`` (a context
    term counts only with its stances). ``stance`` forces one stance for all."""
    out: list[tuple[str, st.Reading]] = []
    memo: dict[str | None, st.Reading | None] = {}
    for issue, only in issues:
        target = lex.targets.get(issue)
        if target not in memo:
            pool = st.for_party(rs, party, target)
            if stance is not None:
                pool = [r for r in pool if r.stance == stance]
            memo[target] = st.strongest(pool, lex.priority)
        r = memo[target]
        if r is None or (only is not None and r.stance not in only):
            continue
        out.append((issue, r))
    return out


def _unit_statements(doc: _Doc, a: int, b: int, speaker: Speaker, when: date, source: str, lex) -> list[Statement]:
    party = speaker.party
    read = [_read_clause(doc, cs, ce, kind, party) for cs, ce, kind in _clauses(doc, a, b)]
    _borrow_issues(read, party, lex)
    out: list[Statement] = []
    for i, cl in enumerate(read):
        if cl.kind == "skip":
            continue
        if cl.kind == "cond":
            out.extend(_condition(doc, read, i, speaker, when, source))
            continue
        if cl.issues:
            out.extend(_make(doc, speaker, when, source, cl.start, cl.end, cl.issues))
    return out


def _condition(doc: _Doc, read: list[_Clause], i: int, speaker: Speaker, when: date,
               source: str) -> list[Statement]:
    """A condition belongs to the clause before it (or after, if it comes first)."""
    cl = read[i]
    main = read[i - 1] if i > 0 and read[i - 1].kind == "main" else (
        read[i + 1] if i + 1 < len(read) and read[i + 1].kind == "main" else None)
    if main is None or main.reading is None:
        return []
    mr = main.reading
    terms = doc.terms_in(cl.start, cl.end)
    if mr.stance == "open" and cl.named:
        # an offer's condition is a demand: "…limits if sanctions are lifted first"
        r = cl.reading
        cond_r = st.Reading("insist", r.cue_start if r else cl.start, r.cue_end if r else cl.start,
                            "condition_of_offer")
        pairs = [(issue, cond_r) for issue, only in st.issue_terms(terms) if only is None or "insist" in only]
        return _make(doc, speaker, when, source, cl.start, cl.end, _unique(pairs))
    if not main.issues and mr.stance in ("pressure", "refuse", "insist"):
        # a threat's trigger names its issue: "if they try to enrich again, we'll knock them out"
        trig = replace(mr, rule="condition_issue")
        pairs = _by_issue([trig], st.issue_terms(terms), speaker.party, doc.lex)
        a, b = (main.start, cl.end) if i > read.index(main) else (cl.start, main.end)
        return _make(doc, speaker, when, source, a, b, pairs)
    return []


def _unique(pairs: list[tuple[str, st.Reading]]) -> list[tuple[str, st.Reading]]:
    seen: set[str] = set()
    out = []
    for issue, r in pairs:
        if issue not in seen:
            seen.add(issue)
            out.append((issue, r))
    return out


def _borrow_issues(read: list[_Clause], party: str | None, lex) -> None:
    """A stance without an issue takes the issue of the clause before it that named one
    without a stance: «برنامج التخصيب "لا يمكن أن يوجد أبدا". هذا هو خطنا الأحمر» —
    "this is our red line" is about enrichment."""
    for i, cl in enumerate(read):
        r = cl.reading
        if cl.kind != "main" or r is None or cl.issues or r.weak:
            continue
        for j in range(i - 1, -1, -1):
            prev = read[j]
            if prev.kind == "main" and prev.reading is None and prev.named:
                cl.issues = _by_issue(cl.rs, prev.named, party, lex)
                break
            if prev.reading is not None:
                break


def _make(doc: _Doc, sp: Speaker, when: date, source: str, a: int, b: int,
          pairs: list[tuple[str, st.Reading]]) -> list[Statement]:
    out: list[Statement] = []
    if not sp.party:
        return out
    for issue, r in pairs:
        s, e, evidence = doc.original(min(a, r.cue_start), max(b, r.cue_end))
        if e <= s:
            continue
        cue = doc.original(r.cue_start, r.cue_end)[2] or None
        out.append(Statement(article_id=doc.article.article_id, party=sp.party, actor=sp.actor, issue=issue,
                             stance=r.stance, stated_on=when, date_source=source, char_start=s, char_end=e,
                             evidence=evidence, cue=cue, rule=r.rule, speaker_method=sp.method,
                             confidence=_confidence(sp.method, r.rule)))
    return out
