"""Attribution: who holds the position of each unit, and with whom.

The speaker of a unit is found in the zone before the reported content: the subject of
the speech verb (after it in Arabic, before it elsewhere, after it in an inversion or as
the agent of a passive), a place or a side for an anonymous source («À Paris, une source
diplomatique»), the last speaker for a pronoun, an Arabic verb with no subject or a
French inversion; a sentence that is only a quotation goes on quoting the last speaker.
Holders with no speech verb (line labels, transcripts, frames, communiqués) come from
``holders``; so do the other holders of the unit (coordinated parties, a collective
subject, a document's authors) and demands reported next to their holder.

``extract_article`` calls these per unit, in this order: ``labelled_speaker``,
``unit_speaker``, then the fallbacks; ``co_speakers`` and ``demand_found`` add holders.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from negotrack.extract import stance as st
from negotrack.extract.clauses import Found, split_clauses
from negotrack.extract.doc import HOLDER_WORDS, Doc
from negotrack.extract.holders import LineLabel, coordinated, demand_holders
from negotrack.extract.segment import cut_points
from negotrack.extract.speakers import Hit, Mention, Speaker, SpeakerState, resolve


AR_SUBJECT_REACH = 6  # words between an Arabic verb and its subject, at most


NAME_AFTER_FUNCTION = 40  # characters between a bare function ("the spokesman") and a name


INVERTED_SUBJECT_REACH = 12  # en/fr: words between an inverted verb and its subject (before any relative), at most


ZONE_WORDS_AFTER_VERB = 12  # en/fr: how far after the speech verb the speaker zone may reach


def glue_speaker_only(doc: Doc) -> list[tuple[int, int]]:
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


def units(doc: Doc, s: int, e: int) -> list[tuple[int, int]]:
    """A sentence split where a new speaker may start ("…, while Y said …")."""
    if not doc.has_kind(_SPEAKER_BREAKS, s, e):
        return [(s, e)]  # most sentences: one unit, no need to look at their hits
    breaks = [(h.start, h.end) for h in doc.hits_in(s, e) if "sbreak" in h.kinds and not h.quoted]
    return cut_points(breaks, s, e)


_SPEAKER_BREAKS = frozenset({"sbreak"})


def _content_start(doc: Doc, verb: Hit, unit_end: int, subject_before: bool = False) -> int:
    """Where the reported content starts: a complementizer, a colon or a quote after the verb."""
    comp = doc.first_kind(_COMPLEMENTIZERS, verb.end, unit_end)
    cs = unit_end if comp is None else comp
    colon = doc.norm.find(":", verb.end, cs)
    if colon >= 0:
        cs = colon
    quote = doc.quotes.first_open(verb.end, cs)
    if quote is not None:
        cs = quote
    if doc.language != "ar":
        # English and French often drop "that" ("Treasury said the networks had…"): the
        # zone is the verb and its adverbials, a few words at most
        cap = _after_words(doc.norm, verb.end, ZONE_WORDS_AFTER_VERB)
        cs = min(cs, cap)
        if subject_before:
            cs = _bare_content_start(doc, verb, cs)
    return cs


# Hits that can only belong to the reported clause, not to the adverbials of the speech
# verb ("said on Friday", "told reporters in Moscow"): its subject, a pronoun, a stance
# word, a negation or a modal.
_CONTENT_KINDS = frozenset({"actor", "title", "party", "anon", "carry", "anaphor", "backref", "cue", "negatable",
                            "by_speaker", "neg", "modal", "limit", "fallback"})
_NAMING_KINDS = frozenset({"party", "actor", "title", "anon"})


def _bare_content_start(doc: Doc, verb: Hit, cs: int) -> int:
    """Indirect speech without "that" ("the ministry said it opposed…", "Rubio told
    reporters Washington would…"): when the speaker stands before the verb, the content
    starts at the first word after the verb that belongs to a clause of its own (a
    subject that is no oblique, a pronoun, a stance word or an issue term)."""
    first = cs
    for m in doc.mentions_in(verb.end, cs):
        if m.subject:
            first = m.start
            break
    for h in doc.hits_in(verb.end, first):
        if h.kinds & _CONTENT_KINDS and not (h.kinds & _NAMING_KINDS):
            first = h.start
            break
    terms = doc.terms_in(verb.end, first)
    if terms:
        first = min(first, terms[0][0])
    return first


def _after_words(norm: str, i: int, n: int) -> int:
    """The offset ``n`` words after ``i``: the (n+1)-th space after ``i``, or the end of
    the text (one regex match instead of a ``find`` per word)."""
    rx = _N_SPACES.get(n)
    if rx is None:
        rx = _N_SPACES[n] = re.compile(f"(?:[^ ]* ){{{n + 1}}}")
    m = rx.match(norm, i + 1)
    return m.end() - 1 if m is not None else len(norm)


_N_SPACES: dict[int, re.Pattern[str]] = {}  # word count → its regex


def unit_speaker(doc: Doc, a: int, b: int, state: SpeakerState) -> tuple[Speaker | None, int, Mention | None]:
    """(speaker, zone end, the mention chosen as speaker) of the unit [a, b); zone =
    speaker + verb."""
    # a quotation that opens with the verb quotes a text's own words: le texte « souligne
    # la nécessité… », البيان «يؤكد أن…»: the verb attributes as if unquoted
    a = _after_opening_participle(doc, a, b)
    hs = [h for h in doc.hits_in(a, b) if not h.quoted]
    verbs = [h for h in hs if "verb" in h.kinds or "according" in h.kinds]
    if not verbs:
        hs = [h for h in doc.hits_in(a, b) if not h.quoted or ("verb" in h.kinds and _opens_quote(doc, h)
                                                             and not _comp_before(doc, a, h.start))]
        verbs = [h for h in hs if "verb" in h.kinds]
    if not verbs:
        colon = _colon_before_quote(doc, a, b)
        if colon is not None:
            # no speech verb, but the sentence hands its subject a quotation: "But he
            # set a limit: "…"", « Le Kremlin, lui, est clair : « … » »
            holder = next((m for m in doc.mentions_in(a, colon) if m.subject and m.kind != "nonparty"), None)
            if holder is not None:
                return resolve(holder, state), colon + 1, holder
        # no attribution, but a named subject is who "he" will refer to next
        topic = next((m for m in doc.mentions_in(a, b) if m.subject and m.kind in ("actor", "title")), None)
        if topic is not None and topic.party:
            state.push(Speaker(topic.party, topic.actor, topic.method, topic.role_kinds))
        return None, a, None
    verb = verbs[0]
    if doc.language != "ar" and len(verbs) > 1 and not doc.norm[a:verb.start].strip(' "-—'):
        # an opening participle is no attribution: "Asked whether…, Trump replied",
        # "Speaking at the summit, Trump said", « Interrogé sur…, il a répondu »
        verb = verbs[1]
        # the participle's own clause ("Asked what Iran would get in return, the
        # secretary described…") holds no subject: it ends at its last comma
        comma = max(doc.norm.rfind(",", a, verb.start), doc.norm.rfind("،", a, verb.start))
        if comma > verbs[0].end:
            a = comma + 1
    inverted = '"' in doc.norm[max(a, verb.start - 4):verb.start]
    subject_before = doc.language != "ar" and not inverted and any(
        m.subject and m.kind != "nonparty" for m in doc.mentions_in(a, verb.start))
    cs = _content_start(doc, verb, b, subject_before)
    ms = [m for m in doc.mentions_in(a, b) if m.start < cs]
    # "according to X" / «بحسب X» / « selon lui » names the source outright
    for h in hs:
        if "according" in h.kinds and h.start < cs:
            if "carry" in h.kinds:  # « selon lui », "according to him"
                return resolve(next((m for m in ms if m.start == h.start), None), state), cs, None
            src = next((m for m in ms if m.start >= h.end and m.start - h.end <= 3), None)
            if src is not None:
                return resolve(src, state), cs, src
    subjects = [m for m in ms if m.subject and m.kind != "carry" or (m.kind == "carry" and m.start != verb.start)]
    before = [m for m in subjects if m.end <= verb.start]
    if len(before) > 1 and doc.language != "ar" and any("rel" in h.kinds for h in hs if h.start < verb.start):
        before = [m for m in before if not _in_relative(doc, a, m.start, verb.start)]
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
        # a subject after the verb only in an inversion ('"…," said Witkoff', "…, said
        # the minister", "Said Araghchi:"), right after the verb: "it insists Iran
        # must…" and "said Arjun Mehta, who tracks… for a London firm" name no speaker
        near_after = _inverted_subjects(doc, verb, after, b) if after and (inverted or not before) else []
        if inverted and after:
            pick = near_after[0] if near_after else None
        elif before:
            pick = before[-1]
            if (pick.kind == "carry" and len(before) > 1 and before[-2].kind != "carry"
                    and doc.norm[pick.start:pick.end] in _POSSESSIVES):
                # "Trump, for his part, signalled…", « Lavrov, de son côté, a jugé… »:
                # the pronoun of an incise is the named subject's own
                pick = before[-2]
        else:
            lead = doc.norm[a:verb.start].rstrip()
            agent = next((m for m in near_after if _AGENT_BEFORE_RE.search(doc.norm, verb.end, m.start)), None)
            pick = near_after[0] if near_after and (not lead or lead.endswith((",", '"', ":", "—"))) else agent
    if pick is None:
        # an Arabic verb with no subject («وأضاف», «قال.») or a French inversion
        # («a-t-il ajouté») is the last speaker's; in English and French a verb with no
        # subject at all is a participle or the journalist's ("written into the resolution")
        last = state.last
        if last is None or last.nonparty or (doc.language != "ar" and "carry" not in verb.kinds):
            return None, cs, None
        return Speaker(last.party, last.actor, "carry_over", last.role_kinds, date_hint=last.date_hint), cs, None
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
            return None, cs, None
        return Speaker(place.party, None, "anonymous"), cs, None
    sp = resolve(pick, state)
    if pick.kind == "anaphor" and sp is not None:
        # "As for Washington, the spokesman said…", «أما في واشنطن، فقال المتحدث»: the
        # place or side of the unit outranks the last spokesman of another party
        place = next((m for m in reversed(doc.mentions_in(a, pick.start))
                      if m.party and m.kind in ("party", "anon") and not m.subject
                      and not doc.norm.startswith("'s", m.end)), None)
        if place is not None and place.party != sp.party and any(
                c in doc.norm[place.end:pick.start] for c in ",،"):
            return Speaker(place.party, None, "anonymous"), cs, None
    if sp is not None and not sp.nonparty and sp.actor is None:
        # a named actor of the same party in the zone ("the European Union, by the voice of Kaja Kallas")
        named = next((m for m in subjects if m.actor and m.party == sp.party), None)
        if named is None:
            # or the one a trailing attribution names: "Russia has offered to take…,
            # Deputy Foreign Minister Sergei Ryabkov told reporters"
            named = next((m for m in doc.mentions_in(cs, b) if m.actor and m.party == sp.party and m.subject
                          and _speech_verb_follows(doc, m, hs)), None)
        if named is not None:
            sp = Speaker(sp.party, named.actor, named.method, named.role_kinds)
    return sp, cs, pick


# An opening participle or gerund clause: "Referring to Western demands, the leader
# said", "Asked about…,", « Interrogé sur…, », « En réponse à…, ».
_OPENING_PARTICIPLE_RE = re.compile(
    r"\s*\"?\s*(?:\w+ing|asked|questioned|pressed|interviewed|interroge\w*|questionne\w*|invite\w*|"
    r"en \w+ant|\w+ant|en reponse|repondant)\b", re.I)


def _in_relative(doc: Doc, a: int, at: int, verb_at: int) -> bool:
    """True if ``at`` lies in a relative clause that opens before it and is still open
    at the verb: "Araghchi, who tends to answer Washington in long threads, posted…"
    (Washington is no subject of "posted"). English and French only."""
    rel = next((h for h in reversed(doc.hits_in(a, at)) if "rel" in h.kinds), None)
    if rel is None or doc.norm[rel.start - 2:rel.start].strip() not in (",", ""):
        return False
    close = doc.norm.find(",", rel.end, verb_at)
    return close < 0 or close > at


def _inverted_subjects(doc: Doc, verb: Hit, after: list[Mention], b: int) -> list[Mention]:
    """Mentions after the verb that can be its subject: close to it, before any relative
    pronoun, second verb or complementizer."""
    stop = next((h.start for h in doc.hits_in(verb.end, b) if h.kinds & _AFTER_SUBJECT_STOPS), b)
    return [m for m in after if m.start < stop and doc.norm.count(" ", verb.end, m.start) <= INVERTED_SUBJECT_REACH]


_AFTER_SUBJECT_STOPS = frozenset({"rel", "verb", "comp"})


def _after_opening_participle(doc: Doc, a: int, b: int) -> int:
    """Where the main clause of an English or French unit starts when the unit opens
    with a participle clause: after its comma, so that nothing in it (the demands it
    refers to, the person who asked) is read as the subject of the main verb."""
    m = _OPENING_PARTICIPLE_RE.match(doc.norm, a, b) if doc.language != "ar" else None
    if m is None or doc.mentions_in(a, m.end()):
        return a  # "Beijing said…" is a name, not a gerund
    comma = doc.norm.find(",", a, b)
    if comma < 0 or doc.quotes.inside(comma):
        return a
    return comma + 1


def _comp_before(doc: Doc, a: int, b: int) -> bool:
    """True if a complementizer stands in [a, b): what follows it is reported content."""
    return doc.any_kind(_COMPLEMENTIZERS, a, b)


_COMPLEMENTIZERS = frozenset({"comp"})


def _opens_quote(doc: Doc, h: Hit) -> bool:
    span = doc.quotes.span_at(h.start)
    return span is not None and not doc.norm[span[0] + 1:h.start].strip()


# the agent of a passive speech verb: "was described by Araghchi as", « qualifié par »
_AGENT_BEFORE_RE = re.compile(r"\b(?:by|par)\s+\S*\s*$")


# possessive pronouns: "for his part", « de son côté », never the subject themselves
_POSSESSIVES = frozenset({"his", "her", "their", "its", "son", "sa", "ses", "leur", "leurs"})


def _colon_before_quote(doc: Doc, a: int, b: int) -> int | None:
    """The colon that opens a quotation in [a, b), if the unit has one outside quotes."""
    norm = doc.norm
    colon = norm.find(":", a, b)
    while colon >= 0:
        if not doc.quotes.inside(colon) and norm[colon + 1:colon + 4].lstrip(" ").startswith('"'):
            return colon
        colon = norm.find(":", colon + 1, b)
    return None


def _speech_verb_follows(doc: Doc, m: Mention, hs: list[Hit]) -> bool:
    """True if a speech verb comes right after the mention (a word or two at most)."""
    return any("verb" in h.kinds and m.end <= h.start and doc.norm.count(" ", m.end, h.start) <= 2 for h in hs)


def points_back(doc: Doc, a: int, b: int) -> bool:
    """True if the unit names no issue but points back to one ("it", «ها», « cela »)."""
    return not doc.terms_in(a, b) and doc.any_kind(_BACK_REFERENCES, a, b)


_BACK_REFERENCES = frozenset({"backref"})


def same_speaker(sp: Speaker, prev: Speaker | None) -> bool:
    return prev is not None and sp.party == prev.party and (sp.actor == prev.actor or sp.method == "carry_over")


def continued_quote(doc: Doc, a: int, b: int, spoke_until: int, state: SpeakerState) -> Speaker | None:
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


def demand_found(doc: Doc, ua: int, ub: int, speaker: Speaker,
                  state: SpeakerState) -> list[tuple[Speaker, list[Found]]]:
    """Positions the unit reports of another holder, with no speech verb of theirs:
    demands ("the US demand that Iran give up enrichment", "as Tehran has demanded")
    and moves ("the E3's move to reimpose sanctions")."""
    out: list[tuple[Speaker, list[Found]]] = []
    if not doc.has_kind(HOLDER_WORDS, ua, ub) or not doc.terms_in(ua, ub):
        return out
    holders = [(m, hs, he, "insist") for m, hs, he in demand_holders(doc, ua, ub)]
    # "the E3's move to reimpose sanctions", « la démarche de la troïka visant à
    # réactiver les sanctions»: the move is its holder's pressure
    for m, hs, he in demand_holders(doc, ua, ub, "attempt"):
        cue = next((h for h in doc.hits_in(he, ub) if doc.norm.count(" ", he, h.start) <= st.ATTEMPT_WINDOW
                    and any(p[0] == "cue" and p[1] == "pressure" for p in h.payloads)), None)
        if cue is not None:
            holders.append((m, cue.start, cue.end, "pressure"))
    if not holders:
        return out
    clauses = split_clauses(doc, ua, ub)
    for m, hs, he, stance in holders:
        holder = resolve(m, state)
        if holder is None or holder.party is None or holder.party in doc.lex.mediators \
                or (holder.party == speaker.party and stance == "insist"):
            continue  # (a speaker's own demand is read from the unit itself)
        named = _issues_near(doc, clauses, hs)
        r = st.Reading(stance, hs, he, "demand_holder")
        found = [(issue, r, ua, ub) for issue, only in named if only is None or stance in only]
        if found:
            out.append((Speaker(holder.party, holder.actor, m.method, holder.role_kinds), found))
    return out


def _issues_near(doc: Doc, clauses: list[tuple[int, int, str]], at: int) -> list[tuple[str, tuple | None]]:
    """The issues of the clause holding ``at``, else of the clause before it, else after
    ("…until Iran ships out its uranium, as Israel has demanded")."""
    i = next((k for k, (a, b, _kind) in enumerate(clauses) if a <= at < b), None)
    if i is None:
        return []
    for k in (i, i - 1, i + 1):
        if 0 <= k < len(clauses):
            named = doc.issues_in(clauses[k][0], clauses[k][1])
            if named:
                return named
    return []


def line_before(line_starts: list[int], start: int) -> int:
    i = bisect_right(line_starts, start) - 1
    return line_starts[i - 1] if i > 0 else -1


def labelled_speaker(doc: Doc, label: LineLabel | None, guest: Mention | None, ua: int, ub: int,
                      state: SpeakerState) -> tuple[Speaker | None, int, Mention | None]:
    """The holder a line label gives the unit: the interviewee for an answer, the holder
    named before the colon for a labelled line ("• Trump, on Truth Social: «…»")."""
    if label is None or label.kind == "question":
        return None, ua, None
    pick = guest if label.kind == "answer" else label.mention
    if pick is None:
        return None, ua, None
    sp = resolve(pick, state)
    if sp is None:
        return None, ua, None
    zone_end = max(ua, label.content_start)
    if label.kind == "answer":
        sp = Speaker(sp.party, sp.actor, sp.method, sp.role_kinds)
        return sp, zone_end, None
    return sp, zone_end, pick


GROUP_ACTOR_LOOKBACK = 1500  # characters searched for the delegate of a party in a group


def delegate(doc: Doc, sp: Speaker, at: int) -> Speaker:
    """A party speaking as one of a group ("China, Russia and Iran issued a joint
    statement…") is represented by the last person of that party named before
    (the delegates who met or signed); the party alone if none is named."""
    if sp.actor is not None:
        return sp
    named = next((m for m in reversed(doc.mentions_in(max(0, at - GROUP_ACTOR_LOOKBACK), at))
                  if m.party == sp.party and m.actor and m.kind in ("actor", "title")), None)
    if named is None:
        return sp
    return Speaker(sp.party, named.actor, sp.method, named.role_kinds, date_hint=sp.date_hint)


def coordinated_speakers(doc: Doc, pick: Mention | None, ua: int, zone_end: int, state: SpeakerState) -> list[Speaker]:
    """The other holders coordinated with the speaker ("Russia and China said")."""
    if pick is None:
        return []
    pool = doc.mentions_in(ua, max(zone_end, pick.end))
    if len(pool) < 2:
        return []
    out: list[Speaker] = []
    seen = set()
    for m in coordinated(doc, pick, pool):
        sp = resolve(m, state)
        if sp is None or sp.nonparty or sp.party is None or sp.party in seen or sp.party in doc.lex.mediators:
            continue
        seen.add(sp.party)
        out.append(sp)
    return out
