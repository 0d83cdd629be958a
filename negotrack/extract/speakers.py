"""Who speaks: mentions of actors, titles, party nouns and pronouns, and the speaker of
each attribution unit.

A *mention* is a span that can name a speaker. Its party and actor come from the
codebook: a name → that actor; a title → whoever held the role on the article's date;
a party noun ("Tehran") → the party, actor null; a body ("the White House") → the body;
an anonymous noun ("a US official") → the party, actor null; a pronoun or an anaphoric
title ("he", "the minister", "وأضاف") → the last speaker (carry-over).

The speaker of a unit is the subject of its attribution verb: for English and French the
nearest mention before the verb (or after it, in inversions: '"…," said Witkoff',
'« … », a déclaré M. Araghchi'); for Arabic the first mention after the verb (VSO:
«وقال وزير الخارجية عباس عراقجي إن»), else one before it. Mentions inside quotes, after
the complementizer (the reported content), after a preposition (places, addressees:
looked up in the word before, see ``lexicon.Obliques``) or before a possessive are not
subjects. A bare function followed by its party («وزراء الخارجية الأوروبيون») is one
anonymous speaker of that party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from negotrack.codebook import Codebook
    from negotrack.extract.lexicon import Lexicon
    from negotrack.extract.segment import Quotes

# Strength of the readings a hit can carry, most specific first.
_MENTION_ORDER = ("actor", "title", "anaphor", "anon", "party", "carry", "document", "nonparty")
_MENTION_KINDS = frozenset(_MENTION_ORDER)
_GLUE_RE = re.compile(r"[\s,،:()\-–—]*")
_WORD_RE = re.compile(r"\w+")
_OBLIQUE_PROCLITIC = frozenset("بلك")


@dataclass(slots=True)
class Hit:
    """One lexicon hit on the normalised text."""

    start: int
    end: int
    payloads: tuple
    prefix: int  # length of an Arabic proclitic prefix (و، ب، لل، ...)
    kinds: frozenset[str]
    quoted: bool = False  # starts inside a quotation

    def payload(self, kind: str) -> tuple | None:
        for p in self.payloads:
            if p[0] == kind:
                return p
        return None


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    kind: str  # one of _MENTION_ORDER
    party: str | None = None
    actor: str | None = None
    method: str = "name"
    role_kinds: frozenset[str] = frozenset()
    anaphor_kinds: tuple[str, ...] = ()
    subject: bool = True  # False after a preposition or before a possessive


@dataclass(slots=True)
class Speaker:
    party: str | None
    actor: str | None
    method: str
    role_kinds: frozenset[str] = frozenset()
    nonparty: bool = False
    # the day of this speaker's last statement, for carry-over; or the (start, end) of an
    # attribution zone whose day is read only if a carried-over statement needs it
    date_hint: date | tuple[int, int] | None = None


@dataclass(slots=True)
class SpeakerState:
    """What carry-over needs: the last speaker and the ones before (for anaphors)."""

    last: Speaker | None = None
    history: list[Speaker] = field(default_factory=list)

    def push(self, sp: Speaker) -> None:
        self.last = sp
        if not sp.nonparty:
            self.history.append(sp)

    def anaphor(self, kinds: tuple[str, ...]) -> Speaker | None:
        if kinds:
            for sp in reversed(self.history):
                if sp.role_kinds & set(kinds):
                    return sp
        return self.last if self.last is not None and not self.last.nonparty else None


def _role_kinds(cb: Codebook, actor_index: int) -> frozenset[str]:
    roles = cb.roles
    return frozenset(roles[r.role].kind for r in cb.actors[actor_index].roles if r.role in roles)


def build_mentions(hits: list[Hit], norm: str, original: str, quotes: Quotes, cb: Codebook,
                   lex: Lexicon, on: date, language: str) -> list[Mention]:
    """Mentions outside quotes, with adjacent title + name merged into one."""
    out: list[Mention] = []
    for h in hits:
        kinds = h.kinds
        if kinds & _MENTION_KINDS and not h.quoted:
            m = _mention(h, cb, on)
            if m is not None:
                m.subject = not _is_oblique(h, norm, lex)
                out.append(m)
    out.extend(_unlisted_names(hits, norm, original, quotes, cb, lex, language))
    out.sort(key=lambda m: m.start)
    return _objects_of_lists(_merge(out, norm, lex.genitive), norm)


_LIST_GAP_RE = re.compile(r"\s*(?:(?:[,،]|\band\b|\bet\b)\s*)+")
_CONJ_RE = re.compile(r"\band\b|\bet\b")
_LIST_GAP_MAX = 8  # characters: ", and " is the longest gap inside a list


def _objects_of_lists(ms: list[Mention], norm: str) -> list[Mention]:
    """A mention coordinated with an object is an object too: "under pressure from
    Britain, France and Germany", « avec Moscou et Pékin », «مع روسيا والصين». A list
    needs a conjunction: "In Brussels, the EU's Kaja Kallas said" is a place and a
    speaker."""
    i = 0
    while i < len(ms):
        j = i
        conj = False
        while j + 1 < len(ms):
            a, b = ms[j].end, ms[j + 1].start
            if b - a > _LIST_GAP_MAX:
                break
            gap = norm[a:b]
            if not gap.strip() and norm[b:b + 1] == "و":
                conj = True
            elif gap.strip() and _LIST_GAP_RE.fullmatch(gap):
                conj = conj or bool(_CONJ_RE.search(gap))
            else:
                break
            j += 1
            if conj:
                break  # "Britain, France and Germany, Tehran agreed": the list ends at its "and"
        if j > i and conj and not ms[i].subject:
            for m in ms[i + 1:j + 1]:
                m.subject = False
        i = j + 1
    return ms


# (codebook id, id of the readings tuple, date) → (the readings tuple, the mention they
# make). Keyed on the tuple's identity: hashing the nested tuple itself cost more than
# the lookup saved. The entry holds the tuple, so its id cannot be reused meanwhile; the
# tuples are the matcher's own (one per distinct hit text), so the keys stay few.
_MENTION_CACHE: dict[tuple[int, int, date], tuple[tuple, Mention | None]] = {}


def _mention(h: Hit, cb: Codebook, on: date) -> Mention | None:
    """The mention a hit makes (cached per codebook, readings and date: a title's holder
    depends on the date)."""
    key = (id(cb), id(h.payloads), on)
    cached = _MENTION_CACHE.get(key)
    if cached is not None and cached[0] is h.payloads:
        proto = cached[1]
    else:
        if len(_MENTION_CACHE) > 50_000:
            _MENTION_CACHE.clear()
        proto = _make_mention(h, cb, on)
        _MENTION_CACHE[key] = (h.payloads, proto)
    if proto is None:
        return None
    return Mention(h.start, h.end, proto.kind, proto.party, proto.actor, proto.method, proto.role_kinds,
                   proto.anaphor_kinds)


def _make_mention(h: Hit, cb: Codebook, on: date) -> Mention | None:
    for kind in _MENTION_ORDER:
        p = h.payload(kind)
        if p is None:
            continue
        if kind == "actor":
            a = cb.actors[p[1]]
            return Mention(h.start, h.end, "actor", a.party, a.name, "name", _role_kinds(cb, p[1]))
        if kind == "title":
            role = cb.roles[p[1]]
            holder = cb.holder(role.id, on)
            if holder is None:
                return Mention(h.start, h.end, "title", role.party, None, "title", frozenset({role.kind}))
            idx = next(i for i, a in enumerate(cb.actors) if a is holder)
            return Mention(h.start, h.end, "title", holder.party, holder.name, "title", _role_kinds(cb, idx))
        if kind == "anaphor":
            return Mention(h.start, h.end, "anaphor", None, None, "anaphor", anaphor_kinds=p[1])
        if kind == "anon":
            if p[1] is None and h.payload("party") is None:
                return Mention(h.start, h.end, "anon", None, None, "anonymous")
            if p[1] is None:
                continue
            return Mention(h.start, h.end, "anon", p[1], None, "anonymous")
        if kind == "party":
            return Mention(h.start, h.end, "party", p[1], None, "party")
        if kind == "carry":
            return Mention(h.start, h.end, "carry", None, None, "carry_over")
        if kind == "document":
            return Mention(h.start, h.end, "document", None, None, "document")
        if kind == "nonparty":
            return Mention(h.start, h.end, "nonparty", None, None, "nonparty")
    return None


def _is_oblique(h: Hit, norm: str, lex: Lexicon) -> bool:
    if h.prefix and _OBLIQUE_PROCLITIC & set(norm[h.start:h.start + h.prefix]):
        return True  # «للرئيس», «بطهران»: a genitive or an object, not a subject
    if norm.startswith("'s", h.end) or norm.startswith("' ", h.end):
        return True  # "Trump's envoy"
    # "in Tehran", "à Paris", «في واشنطن», "met Araghchi"
    return lex.obliques.before(norm, h.start)


def _unlisted_names(hits: list[Hit], norm: str, original: str, quotes: Quotes, cb: Codebook,
                    lex: Lexicon, language: str) -> list[Mention]:
    """Words right after an honorific or a title, or next to a speech verb, that are not
    in the codebook but sound like a known name (عراقشي, Araktchi)."""
    out: list[Mention] = []
    starts = {h.start for h in hits}
    ends = {h.end for h in hits}
    latin = language != "ar"
    # in Latin script a name is capitalised: that test is cheap, so it comes first
    cased = original if latin and len(original) == len(norm) else None
    for h in hits:
        if h.quoted or not (h.kinds & _NAME_NEIGHBOURS):
            continue
        nxt = _WORD_RE.match(norm, _skip_space(norm, h.end))
        cands = [(nxt.start(), nxt.end())] if nxt else []
        if latin and "verb" in h.kinds:
            before = _word_before(norm, h.start)
            if before is not None:
                cands.append(before)
        for ws, we in cands:
            if cased is not None and not cased[ws].isupper():
                continue
            if ws in starts or we in ends or quotes.inside(ws):
                continue
            found = lex.names.lookup(norm[ws:we])
            if found is None:
                continue
            idx, _method = found
            a = cb.actors[idx]
            out.append(Mention(ws, we, "actor", a.party, a.name, "variant", _role_kinds(cb, idx)))
    return out


_JOINABLE = frozenset({"actor", "title", "anon", "party", "anaphor"})
_NAME_NEIGHBOURS = frozenset({"honorific", "title", "verb"})


def _skip_space(norm: str, i: int) -> int:
    while i < len(norm) and norm[i] == " ":
        i += 1
    return i


def _word_before(norm: str, i: int) -> tuple[int, int] | None:
    """The word ending at most two non-word characters before ``i`` ('Araqchi," said')."""
    k = i
    while k > 0 and i - k < 2 and not _is_word(norm[k - 1]):
        k -= 1
    m = k
    while m > 0 and k - m < 40 and _is_word(norm[m - 1]):
        m -= 1
    return (m, k) if m < k else None


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _merge(ms: list[Mention], norm: str, genitive: frozenset[str] = frozenset()) -> list[Mention]:
    """Merge a title and the name next to it ("Iran's foreign minister, Abbas Araghchi",
    «وزير الخارجية الإيراني عباس عراقجي»): the name decides the actor."""
    if not ms:
        return ms
    out = [ms[0]]
    for m in ms[1:]:
        p = out[-1]
        if m.start < p.end:  # overlap (an unlisted name inside a hit): keep the first
            continue
        joinable = p.kind in _JOINABLE and m.kind in _JOINABLE and not (
            p.kind == m.kind == "actor" and p.actor != m.actor) and not (
            p.kind == "party" and m.kind == "party") and not (
            # a place before the speaker ("À Bruxelles, la haute représentante, Kaja Kallas")
            p.kind == "party" and not p.subject)
        # a bare function and the party right after it («وزراء الخارجية الأوروبيون»,
        # "the head of the UN watchdog", « un responsable iranien » written apart) are
        # one anonymous speaker of that party
        anon_party = p.kind == "anon" and p.party is None and m.party is not None
        if anon_party:
            gap = norm[p.end:m.start].strip()
            anon_party = (m.kind == "party" or m.kind == "actor" and gap in genitive) and (not gap or gap in genitive)
        joinable = joinable or anon_party
        if anon_party or joinable and _GLUE_RE.fullmatch(norm, p.end, m.start) and (
                "actor" in (p.kind, m.kind) or "title" in (p.kind, m.kind)):
            best = p if anon_party or _MENTION_ORDER.index(p.kind) <= _MENTION_ORDER.index(m.kind) else m
            other = m if best is p else p
            # "an official at the White House" is anonymous: the body names only the party
            merged = Mention(p.start, m.end, best.kind, best.party or other.party,
                             best.actor or (None if anon_party else other.actor),
                             best.method if best.actor or anon_party else other.method,
                             best.role_kinds | other.role_kinds,
                             best.anaphor_kinds, p.subject)
            out[-1] = merged
        else:
            out.append(m)
    return out


def resolve(mention: Mention | None, state: SpeakerState) -> Speaker | None:
    """The speaker a chosen mention stands for (carry-over through the state)."""
    if mention is None:
        return None
    if mention.kind == "nonparty":
        return Speaker(None, None, "nonparty", nonparty=True)
    if mention.kind in ("carry", "document"):
        # a pronoun, or a document that speaks ("the statement says"): its author is
        # the last speaker (a group of authors is read by ``holders.document_authors``)
        last = state.last
        if last is None or last.nonparty:
            return None
        return Speaker(last.party, last.actor, "carry_over" if mention.kind == "carry" else "document",
                       last.role_kinds, date_hint=last.date_hint)
    if mention.kind == "anaphor":
        sp = state.anaphor(mention.anaphor_kinds)
        if sp is None:
            return None
        return Speaker(sp.party, sp.actor, "anaphor", sp.role_kinds, date_hint=sp.date_hint)
    if mention.party is None:
        return None
    return Speaker(mention.party, mention.actor, mention.method, mention.role_kinds)
