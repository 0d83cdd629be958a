"""Extraction: from one article to the statements it reports (no Prefect, no network).

``extract_article(article, codebook) -> list[Statement]``. The steps, each in its own
module:

1. ``negotrack.text``: normalise for matching, keep the map back to the stored text;
2. ``lexicon``: one scan per article with the codebook compiled into trie regexes (an
   article that names no issue stops here);
3. ``segment``: sentences that keep quotes whole, units (one speaker each), clauses;
4. ``speakers``: mentions, the speaker of each unit, carry-over to the last speaker;
5. ``stance``: issues and the strongest stance reading of each clause, as said by
   that speaker;
6. ``when``: the date the statement was made; past background is skipped.

This module joins them. Where one sentence holds several statements, it cuts it into
clauses: at contrast words ("but"), at a second "that"-clause ("…and that…", «وإن»), at
a coordinated clause with its own subject («ونحن», "and we"), at a speech verb inside
the reported content ("…, a day after saying that…"); a condition belongs to the
clause next to it. Speakers are found in the zone before the content: the subject of
the speech verb (after it in Arabic, before it elsewhere, after it in an inversion),
with places and sides for anonymous sources; a sentence that is only a quotation goes
on quoting the last speaker.

Every statement keeps its evidence as ``article.text[char_start:char_end]``, the cue
that fired, the rule, how the speaker was found, and a confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from negotrack.codebook import Codebook
from negotrack.extract import stance as st
from negotrack.extract.segment import Quotes, cut_points, find_quotes, split_sentences
from negotrack.extract.speakers import Hit, Mention, Speaker, SpeakerState, build_mentions, resolve
from negotrack.extract.when import ArticleDates
from negotrack.models import Article, Statement
from negotrack.text import NormText, normalize

EXTRACTOR_VERSION = "rules-2026.1"

__all__ = ["EXTRACTOR_VERSION", "extract_article"]

_SUPPORTED = ("ar", "en", "fr")
AR_SUBJECT_REACH = 6  # words between an Arabic verb and its subject, at most
NAME_AFTER_FUNCTION = 40  # characters between a bare function ("the spokesman") and a name
ZONE_WORDS_AFTER_VERB = 12  # en/fr: how far after the speech verb the speaker zone may reach
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
        self.terms = self.lex.terms.scan(norm)
        self.term_starts = [t[0] for t in self.terms]
        self.relevant = bool(self.terms)
        if not self.relevant:
            return  # no issue named anywhere: nothing to extract, nothing more to read
        self.quotes: Quotes = find_quotes(norm)
        found = self.lex.words.scan(norm)
        self.hit_starts = [t[0] for t in found]
        quoted = self.quotes.inside_all(self.hit_starts) if self.quotes.spans else [False] * len(found)
        self.hits = [Hit(*t, q) for t, q in zip(found, quoted)]
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

    @cached_property
    def dates(self) -> ArticleDates:
        """The article's dates, found once and only if a unit needs one."""
        return ArticleDates(self.article.text, self.article.published, self.language,
                            lambda at: self.quotes.inside(self.nt.norm_offset(at)))


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
    breaks = [(h.start, h.end) for h in doc.hits_in(s, e) if "sbreak" in h.kinds and not h.quoted]
    return cut_points(breaks, s, e)


def _content_start(doc: _Doc, verb: Hit, unit_end: int) -> int:
    """Where the reported content starts: a complementizer, a colon or a quote after the verb."""
    cs = unit_end
    for h in doc.hits_in(verb.end, unit_end):
        if "comp" in h.kinds and not h.quoted:
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
    hs = [h for h in doc.hits_in(a, b) if not h.quoted]
    verbs = [h for h in hs if "verb" in h.kinds or "according" in h.kinds]
    if not verbs:
        # no attribution, but a named subject is who "he" will refer to next
        topic = next((m for m in doc.mentions_in(a, b) if m.subject and m.kind in ("actor", "title")), None)
        if topic is not None and topic.party:
            state.push(Speaker(topic.party, topic.actor, topic.method, topic.role_kinds))
        return None, a, a
    verb = verbs[0]
    if doc.language != "ar" and len(verbs) > 1 and not doc.norm[a:verb.start].strip(' "-—'):
        # an opening participle is no attribution: "Asked whether…, Trump replied",
        # "Speaking at the summit, Trump said", « Interrogé sur…, il a répondu »
        verb = verbs[1]
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
    # a name inside a verb entry with a gap («وقبل السيد غروسي بأن») follows the verb
    after = [m for m in subjects if m.start >= verb.end or verb.start < m.start < verb.end]
    pick: Mention | None
    if "carry" in verb.kinds:
        # a French inversion carries its own subject: « L'Iran, a-t-il ajouté, doit… »
        # is said by "il", and "l'Iran" is what he talks about
        pick = None
    elif doc.language == "ar":
        # VSO: the subject follows the verb closely («وأضاف في كلمة … لوفاة الرئيس السابق»
        # has none: "the president" there is a genitive, far from the verb)
        near = [m for m in after if doc.norm.count(" ", verb.end, m.start) <= AR_SUBJECT_REACH]
        pick = near[0] if near else (before[-1] if before else None)
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
    if pick.kind in ("anaphor", "anon", "party") and pick.actor is None:
        # a bare function followed by a name: «قال المتحدث باسم وزارة الخارجية إسماعيل
        # بقائي» is Baghaei, not the last "spokesman" mentioned
        named = next((m for m in subjects if m.actor and 0 <= m.start - pick.end <= NAME_AFTER_FUNCTION), None)
        if named is not None:
            pick = named
    if pick.kind == "anon" and pick.party is None:
        # "À Paris, une source diplomatique", «وفي واشنطن، قال مسؤول», "Côté américain, un
        # haut responsable": the place or the side gives the party
        place = next((m for m in reversed(doc.mentions_in(a, pick.start))
                      if m.party and m.kind in ("party", "anon")), None)
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


def _same_speaker(sp: Speaker, prev: Speaker | None) -> bool:
    return prev is not None and sp.party == prev.party and (sp.actor == prev.actor or sp.method == "carry_over")


def _continued_quote(doc: _Doc, a: int, b: int, spoke_until: int, state: SpeakerState) -> Speaker | None:
    """A sentence that is only a quotation, right after a quoted speaker in the same
    paragraph, goes on quoting him: '"…," he said. "And if they try again, we'll…"'."""
    last = state.last
    if last is None or last.nonparty or last.party is None or spoke_until < 0:
        return None
    if doc.norm[a] != '"' or "\n" in doc.norm[spoke_until:a] or doc.norm[spoke_until:a].strip(' .!?"'):
        return None
    span = doc.quotes.span_at(a)
    if span is None or doc.norm[span[1] + 1:b].strip(" .!?,;"):
        return None
    return Speaker(last.party, last.actor, "carry_over", last.role_kinds, date_hint=last.date_hint)


REPORTED_VERB_REACH = 8  # words from a speech verb inside the content to its "that"


def _clauses(doc: _Doc, a: int, b: int, content: int | None = None) -> list[tuple[int, int, str]]:
    """Clauses of a unit as (start, end, kind) with kind 'main', 'cond' or 'skip'.
    ``content`` is where the reported content starts: a speech verb with its own "that"
    after it reports a second statement ("…, a day after saying that Iran need not…")."""
    breaks: list[tuple[int, int]] = []
    hits = doc.hits_in(a, b)
    for i, h in enumerate(hits):
        if h.kinds & {"break", "cond"} and h.start > a:
            breaks.append((h.start, h.end))
        elif (content is not None and h.start > content and "verb" in h.kinds
              and not h.quoted and _comp_follows(doc, hits, i)):
            breaks.append((h.start, h.start))
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
    answered = None
    for s, e, kind in pieces:
        hs = doc.hits_in(s, e)
        if any("denial" in h.kinds for h in hs):
            kind = "skip"
        elif any("hypo" in h.kinds for h in hs) or doc.norm[s:e].rstrip(' "').endswith(("?", "؟")):
            # a question is no statement, unless the speaker answers it with a yes:
            # "Asked whether he would bomb Iran again if…, Trump replied: "Sure.""
            answered = _answered_yes(doc, a, b) if answered is None else answered
            if not answered:
                kind = "skip"
        out.append((s, e, kind))
    return out


def _answered_yes(doc: _Doc, a: int, b: int) -> bool:
    """True if the unit holds a quoted reply that opens with a yes ("Sure.", « Oui »)."""
    for h in doc.hits_in(a, b):
        if "affirm" in h.kinds and doc.norm[max(a, h.start - 3):h.start].replace(" ", "") in ('"', ":", ':"'):
            return True
    return False


def _comp_follows(doc: _Doc, hits: list[Hit], i: int) -> bool:
    """True if a complementizer follows ``hits[i]`` within a few words, before any other verb."""
    h = hits[i]
    for nxt in hits[i + 1:]:
        if doc.norm.count(" ", h.end, nxt.start) > REPORTED_VERB_REACH or "verb" in nxt.kinds:
            return False
        if "comp" in nxt.kinds:
            return True
    return False


def _confidence(method: str, rule: str) -> float:
    return round(_SPEAKER_CONFIDENCE.get(method, 0.7) * _RULE_CONFIDENCE.get(rule, 0.8), 3)


class _SpeakerDays:
    """The day the article says each actor spoke, read lazily: the zone of a sentence
    with no position ("Araghchi spoke to reporters on Monday.") is only dated if a
    later statement of his needs it. Later statements override, earlier zones only
    fill in (the first dated zone wins)."""

    def __init__(self, doc: _Doc) -> None:
        self._doc = doc
        self._notes: dict[str, list[date | tuple[int, int]]] = {}

    def zone(self, actor: str, za: int, zb: int) -> None:
        self._notes.setdefault(actor, []).append((za, zb))

    def day(self, actor: str, when: date) -> None:
        self._notes.setdefault(actor, []).append(when)

    def get(self, actor: str | None) -> date | None:
        value: date | None = None
        for note in self._notes.get(actor, ()) if actor else ():
            if isinstance(note, date):
                value = note
            elif value is None:
                value = self._doc.dates.stated_on(*note)
        return value


def extract_article(article: Article, codebook: Codebook) -> list[Statement]:
    """The statements (party, issue, stance, date, evidence) reported in ``article``."""
    doc = _Doc(article, codebook)
    if not doc.relevant:
        return []
    state = SpeakerState()
    out: list[Statement] = []
    days = _SpeakerDays(doc)
    last_day: date | None = None  # the day of the last statement dated by the text
    spoke_until = -1  # end of the last unit with a speaker
    pending: list = []  # issues the last speaker named without a stance
    pending_by: Speaker | None = None
    for s, e in _glue_speaker_only(doc):
        for ua, ub in _units(doc, s, e):
            speaker, zone_end, _verb_at = _speaker(doc, ua, ub, state)
            if speaker is None:
                speaker = _continued_quote(doc, ua, ub, spoke_until, state)
                if speaker is None:
                    continue
            spoke_until = ub
            if speaker.nonparty or speaker.party is None:
                state.push(Speaker(None, None, "nonparty", nonparty=True))
                continue
            # no issue named and none to point back to: skip the clause analysis (most units)
            before = pending if pending and _same_speaker(speaker, pending_by) else None
            found, pending = _unit_statements(doc, ua, ub, speaker, zone_end, before) if (
                before or doc.terms_in(ua, ub)) else ([], [])
            pending_by = speaker
            za, zb = doc.nt.orig_span(ua, zone_end)
            if not found:
                # no position here, but the day a named speaker spoke carries over to
                # what he "added" next (dated only if needed)
                if speaker.actor is not None and speaker.method not in ("carry_over", "anaphor"):
                    speaker.date_hint = (za, zb)
                    days.zone(speaker.actor, za, zb)
                state.push(speaker)
                continue
            when = doc.dates.stated_on(za, zb)
            if when is None and (doc.dates.is_background(za, zb) or any(
                    "background" in h.kinds for h in doc.hits_in(ua, zone_end))):
                # told as history, with no day of the news: "since the war in June, when…"
                state.push(speaker)
                continue
            if any("sameday" in h.kinds for h in doc.hits_in(ua, zone_end)):
                when = last_day  # "on the same day", «في اليوم نفسه»
            when = when or _undated_statement_day(doc, ua, ub, za, speaker, days)
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
    return _date_from_later(out, days)


def _undated_statement_day(doc: _Doc, ua: int, ub: int, za: int, speaker: Speaker,
                           days: _SpeakerDays) -> date | None:
    """The day of a statement whose attribution zone names none: a day in the rest of
    the sentence, the day the same speaker was said to speak earlier in the article,
    or the last day of the news mentioned shortly before."""
    when = doc.dates.stated_on(*doc.nt.orig_span(ua, ub))
    if when is None and speaker.method in ("carry_over", "anaphor"):
        hint = speaker.date_hint
        when = doc.dates.stated_on(*hint) if isinstance(hint, tuple) else hint
    return when or days.get(speaker.actor) or doc.dates.last_news_day(za)


def _date_from_later(out: list[Statement], days: _SpeakerDays) -> list[Statement]:
    """A lead that sums up a statement the body dates later ("Witkoff has signalled…",
    then "…, Witkoff said in an interview that aired on Monday") takes that date."""
    later = {a: days.get(a) for a in {s.actor for s in out if s.date_source == "published" and s.actor}}
    if not any(later.values()):
        return out
    return [replace(s, stated_on=later[s.actor], date_source="text")
            if s.date_source == "published" and later.get(s.actor) else s for s in out]


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


# What a unit states, before it is dated: (issue, reading, clause start, clause end).
Found = tuple[str, st.Reading, int, int]


def _unit_statements(doc: _Doc, a: int, b: int, speaker: Speaker, content: int | None = None,
                     before: list[tuple[str, tuple | None]] | None = None) -> tuple[list[Found], list]:
    """What the unit states, and the issues its last clause named without a stance (for
    a "this" in the speaker's next sentence). ``before``: the same, from the speaker's
    previous sentence."""
    party = speaker.party
    if not party:
        return [], []
    read = [_read_clause(doc, cs, ce, kind, party) for cs, ce, kind in _clauses(doc, a, b, content)]
    _borrow_issues(doc, read, party, doc.lex, before or [])
    mains = [cl for cl in read if cl.kind == "main"]
    pending = mains[-1].named if mains and mains[-1].reading is None else []
    out: list[Found] = []
    for i, cl in enumerate(read):
        if cl.kind == "skip":
            continue
        if cl.kind == "cond":
            out.extend(_condition(doc, read, i, speaker))
            continue
        out.extend((issue, r, cl.start, cl.end) for issue, r in cl.issues)
    return out, pending


def _condition(doc: _Doc, read: list[_Clause], i: int, speaker: Speaker) -> list[Found]:
    """A condition belongs to the clause before it (or after, if it comes first)."""
    cl = read[i]
    main = _main_of(read, i)
    if main is None or main.reading is None:
        return []
    mr = main.reading
    terms = doc.terms_in(cl.start, cl.end)
    if mr.stance == "open" and cl.named:
        # an offer's condition is a demand: "…limits if sanctions are lifted first"
        r = cl.reading
        cond_r = st.Reading("insist", r.cue_start if r else cl.start, r.cue_end if r else cl.start,
                            "condition_of_offer")
        return [(issue, cond_r, cl.start, cl.end) for issue, only in st.issue_terms(terms)
                if only is None or "insist" in only]
    if not main.issues and mr.stance in ("pressure", "refuse", "insist"):
        # a threat's trigger names its issue: "if they try to enrich again, we'll knock them out"
        trig = replace(mr, rule="condition_issue")
        pairs = _by_issue([trig], st.issue_terms(terms), speaker.party, doc.lex)
        a, b = (main.start, cl.end) if i > read.index(main) else (cl.start, main.end)
        return [(issue, r, a, b) for issue, r in pairs]
    return []


def _main_of(read: list[_Clause], i: int) -> _Clause | None:
    """The main clause a condition belongs to: the one before it, else the one after
    ("And if they try again, we'll knock them out"); a fragment with no stance ("And")
    is skipped."""
    before = read[i - 1] if i > 0 and read[i - 1].kind == "main" else None
    after = read[i + 1] if i + 1 < len(read) and read[i + 1].kind == "main" else None
    if before is not None and (before.reading is not None or after is None or after.reading is None):
        return before
    return after


def _borrow_issues(doc: _Doc, read: list[_Clause], party: str | None, lex,
                   before: list[tuple[str, tuple | None]]) -> None:
    """A stance without an issue that points back ("this", "it", «هذا») takes the issue
    of the clause before it that named one without a stance: «برنامج التخصيب "لا يمكن أن
    يوجد أبدا". هذا هو خطنا الأحمر» — "this is our red line" is about enrichment; "he
    abandoned the effort" points back to nothing."""
    for i, cl in enumerate(read):
        r = cl.reading
        if cl.kind != "main" or r is None or cl.issues or r.weak:
            continue
        if not any("backref" in h.kinds for h in doc.hits_in(cl.start, cl.end)):
            continue
        named = before  # the speaker's previous sentence, if nothing closer
        for j in range(i - 1, -1, -1):
            prev = read[j]
            if prev.kind == "main" and prev.reading is None and prev.named:
                named = prev.named
                break
            if prev.reading is not None:
                named = []
                break
        if named:
            cl.issues = _by_issue(cl.rs, named, party, lex)


def _make(doc: _Doc, sp: Speaker, when: date, source: str, found: list[Found]) -> list[Statement]:
    out: list[Statement] = []
    for issue, r, a, b in found:
        s, e, evidence = doc.original(min(a, r.cue_start), max(b, r.cue_end))
        if e <= s:
            continue
        cue = doc.original(r.cue_start, r.cue_end)[2] or None
        out.append(Statement(article_id=doc.article.article_id, party=sp.party, actor=sp.actor, issue=issue,
                             stance=r.stance, stated_on=when, date_source=source, char_start=s, char_end=e,
                             evidence=evidence, cue=cue, rule=r.rule, speaker_method=sp.method,
                             confidence=_confidence(sp.method, r.rule)))
    return out
