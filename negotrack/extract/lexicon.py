"""Compile the codebook's word lists into two regexes per language, once.

Every entry (a name, a title, a cue, a negation...) becomes a path in a character trie
and the trie becomes one regex alternation, so a whole article is scanned in one C-level
``finditer`` per regex instead of hundreds of separate searches. Each trie leaf ends in
an empty named group; ``match.lastgroup`` says which entry matched, and the entry's
*payloads* (several categories can share one string: "rejected" is a refuse cue and a
speech verb) say what it means.

Entry syntax (after ``text.fold``): words separated by spaces; ``word*`` any ending;
``_`` any one word; a final ``#`` means "followed by a number". Arabic entries accept
the proclitics و ف ب ك ل and the article ال in front.

Two regexes, because issue words overlap cue words ("zero enrichment" is both a refuse
cue and the enrichment issue): one for issue terms, one for everything else.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from negotrack.extract.names import NameIndex
from negotrack.text import fold, normalize

if TYPE_CHECKING:
    from negotrack.codebook import Codebook

Payload = tuple[Any, ...]

_AR_PROCLITICS = "(?:[وف]?(?:[بك]?ال|لل|[بكل])?)"
# lazy in the scanning regex: a literal entry that starts like a proclitic («بأي حال»)
# is tried before the proclitic reading («ب» + «أي»). Written out, the lazy
# ``_AR_PROCLITICS + "??"`` tries: no prefix, then و/ف with each second proclitic (or
# none), then each second proclitic alone, then (again) no prefix. This alternation
# tries the same prefixes in the same order without the two repeated empty readings,
# each of which ran the whole trie once more at every word that matches nothing (a
# third of the Arabic scan).
_AR_PROCLITICS_LAZY = "(?:|[وف](?:[بك]?ال|لل|[بكل])?|[بك]?ال|لل|[بكل])"
# ``\w`` with the common word characters spelled out first: the regex engine tests a
# character against a set's items in order, and an explicit range is a table lookup
# where ``\w`` alone is a Unicode category lookup. Same set, so the same matches; the
# lookbehind runs at every position of every article (a fifth of the scan's cost).
_WORD = "[0-9a-z_\u0621-\u064a\\w]"
_NOT_AFTER_WORD = f"(?<!{_WORD})"
_NON_WORD = "[^" + _WORD[1:]  # one character that is not a word character
_STAR = _WORD + "*"
_WILD = '[^\\s"]+'
_NUM = "(?=\\s*\\d)"
# words of an entry may be split by a quotation mark: «على طهران "أن تقدم»
_GAP = '\\s+"?\\s*'


def _atoms(entry: str) -> list[str] | None:
    """Regex atoms of one folded entry, or None if it is empty."""
    words = entry.split()
    if not words:
        return None
    atoms: list[str] = []
    for i, w in enumerate(words):
        if i:
            if w == "#":
                atoms.append(_NUM)
                continue
            atoms.append(_GAP)
        if w == "_":
            atoms.append(_WILD)
        elif w.endswith("*") and len(w) > 1:
            atoms.extend(re.escape(c) for c in w[:-1])
            atoms.append(_STAR)
        else:
            atoms.extend(re.escape(c) for c in w)
    return atoms


def _is_special(atom: str) -> bool:
    return atom in (_STAR, _WILD, _NUM, _GAP)


class _Trie:
    __slots__ = ("children", "leaf")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.leaf: int | None = None

    def add(self, atoms: list[str], leaf: int) -> None:
        node = self
        for a in atoms:
            node = node.children.setdefault(a, _Trie())
        node.leaf = leaf

    def regex(self, leaf_suffix: dict[int, str]) -> str:
        # literal continuations first, then wildcards, then the leaf: the regex engine
        # takes the first branch that matches, so this prefers the longest literal entry
        literal = [(a, c) for a, c in self.children.items() if not _is_special(a)]
        special = [(a, c) for a, c in self.children.items() if _is_special(a)]
        alts = [a + c.regex(leaf_suffix) for a, c in literal + special]
        if self.leaf is not None:
            alts.append(leaf_suffix[self.leaf])
        if not alts:
            return ""
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"


class Matcher:
    """One compiled alternation and the payloads of each of its entries.

    The regex has no capture groups (a thousand named groups make ``re`` ten times
    slower); a hit is identified afterwards from its text: exact entries by a dict
    lookup, wildcard entries by their own small regex, memoised per distinct string.

    The entries are searched behind one non-word character, which the match consumes
    (``_after_gap``): the engine then tries a match only after a space or a punctuation
    mark and skips word characters in a tight loop, where the plain form, ``(?<!\\w)``
    + the entries (``pattern``), runs a match and a lookbehind at every character.
    ``_spans`` gives exactly the matches of ``pattern.finditer``; ``pattern`` itself is
    compiled only if asked for (tests compare with it; compiling costs a tenth of a
    second per language).
    """

    def __init__(self, entries: str, exact: dict[str, tuple[Payload, ...]],
                 wild: list[tuple[re.Pattern[str], tuple[Payload, ...]]], arabic: bool,
                 gapped: list[re.Pattern[str]] | None = None) -> None:
        self._entries = entries
        self._after_gap = re.compile(_NON_WORD + entries)
        self._exact = exact
        self._wild = wild
        self._gapped = gapped or []  # entries with a "_" word: what they span is scanned too
        self._arabic = arabic
        self._memo: dict[str, tuple[tuple[Payload, ...], int, frozenset[str], bool]] = {}

    def _identify(self, hit: str) -> tuple[tuple[Payload, ...], int]:
        """(payloads, length of the Arabic proclitic prefix) of a hit's text."""
        key = " ".join(hit.split())
        cores = [(key, 0)]
        if self._arabic:
            cores += [(key[i:], i) for i in range(1, min(5, len(key))) if _PROCLITIC_RX.fullmatch(key[:i])]
            # «للخارجية»: the proclitic ل took the alef of the article
            cores += [("ا" + core, off) for core, off in cores if off and core.startswith("ل") and key[off - 1] == "ل"]
        # "وقال" is both an entry of its own and و + "قال": keep every reading
        merged_exact: list[Payload] = []
        first_off: int | None = None
        for core, off in cores:
            found = self._exact.get(core)
            if found is not None:
                merged_exact.extend(p for p in found if p not in merged_exact)
                if first_off is None:
                    first_off = off
        if merged_exact:
            return tuple(merged_exact), first_off or 0
        for core, off in cores:
            merged: list[Payload] = []
            for rx, pls in self._wild:
                if rx.fullmatch(core):
                    merged.extend(p for p in pls if p not in merged)
            if merged:
                return tuple(merged), off
        return (), 0

    def scan(self, norm: str, make: Callable[..., Any] | None = None) -> list[Any]:
        """Hits left to right, each ``make(start, end, payloads, proclitic length, kinds)``
        (a tuple of those without ``make``)."""
        memo = self._memo
        out: list[Any] = []
        append = out.append
        for a, b in self._spans(norm, 0, len(norm)):
            s = norm[a:b]
            found = memo.get(s)
            if found is None:
                found = memo[s] = self._reading(s)
            if found[0]:
                append(make(a, b, found[0], found[1], found[2]) if make is not None
                       else (a, b, found[0], found[1], found[2]))
                if found[3]:
                    # «وقبل السيد غروسي بأن»: the words the "_" stood for (a name) are hits too
                    first = norm.find(" ", a, b)
                    out.extend(make(*h) if make is not None else h
                               for h in self._scan_range(norm, first, b) if h[0] > a)
        return out

    def _reading(self, s: str) -> tuple[tuple[Payload, ...], int, frozenset[str], bool]:
        """(payloads, proclitic length, kinds, has a gap) of a hit's text."""
        pls, off = self._identify(s)
        gapped = any(rx.fullmatch(" ".join(s.split())[off:]) for rx in self._gapped)
        return pls, off, frozenset(p[0] for p in pls), gapped

    def _scan_range(self, norm: str, a: int, b: int) -> list[tuple]:
        out = []
        for s, e in self._spans(norm, a, b):
            pls, off = self._identify(norm[s:e])
            if pls:
                out.append((s, e, pls, off, frozenset(p[0] for p in pls)))
        return out

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The reference form: ``(?<!\\w)`` + the entries."""
        return re.compile(_NOT_AFTER_WORD + self._entries)

    def _spans(self, norm: str, pos: int, end: int) -> list[tuple[int, int]]:
        """The spans of ``pattern.finditer(norm, pos, end)``, found faster."""
        out: list[tuple[int, int]] = []
        # a match at ``pos`` itself needs no non-word character before it at the start of
        # the text, and the one before ``pos`` otherwise (outside the range, as a lookbehind sees it)
        if pos == 0:
            m = self._after_gap.match(" " + norm[:end])
            first = None if m is None else (0, m.end() - 1)
        elif not _is_word_char(norm[pos - 1]):
            m = self._after_gap.match(norm, pos - 1, end)
            first = None if m is None else (pos, m.end())
        else:
            first = None
        if first is not None:
            out.append(first)
            pos = first[1]
            if not _is_word_char(norm[pos - 1]):
                return self._spans_slowly(norm, pos - 1, end, out)
        for m in self._after_gap.finditer(norm, pos, end):
            b = m.end()
            out.append((m.start() + 1, b))
            if not _is_word_char(norm[b - 1]):
                # a match that ends in a non-word character ("the u.s.") lets the next
                # one start right after it, where ``finditer`` cannot see that character
                return self._spans_slowly(norm, b - 1, end, out)
        return out

    def _spans_slowly(self, norm: str, pos: int, end: int, out: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``_spans`` from ``pos``, one search per match (each may use the last character
        of the match before as the non-word character it needs)."""
        search = self._after_gap.search
        while (m := search(norm, pos, end)) is not None:
            b = m.end()
            out.append((m.start() + 1, b))
            pos = b - 1
        return out


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


_PROCLITIC_RX = re.compile(_AR_PROCLITICS)


def compile_matcher(entries: dict[str, list[Payload]], arabic: bool) -> Matcher:
    """Compile ``entries`` (raw entry text → payloads) into one trie regex."""
    by_folded: dict[str, list[Payload]] = defaultdict(list)
    for raw, pls in entries.items():
        key = fold(raw)
        if not key:
            continue
        for p in pls:
            if p not in by_folded[key]:
                by_folded[key].append(p)
    wild: list[tuple[re.Pattern[str], tuple[Payload, ...]]] = []
    for key, pls in by_folded.items():
        if _is_wild(key):
            wild.append((re.compile(_anchor(key)), tuple(pls)))
    # An exact entry that a wildcard entry also covers takes both payloads, because
    # the trie prefers the exact one ("accepted" is a concede cue and an "accept*").
    exact = {key: list(pls) for key, pls in by_folded.items() if not _is_wild(key)}
    plain = sorted(exact)
    for (rx, wpls), key in zip(wild, (k for k in by_folded if _is_wild(k))):
        for candidate in _starting_with(plain, _literal_start(key)):
            if rx.fullmatch(candidate):
                merged = exact[candidate]
                merged.extend(p for p in wpls if p not in merged)
    exact_payloads = {key: tuple(pls) for key, pls in exact.items()}
    trie = _Trie()
    leaf_suffix: dict[int, str] = {}
    for n, key in enumerate(sorted(by_folded)):
        atoms = _atoms(key)
        if not atoms:
            continue
        if arabic and atoms[:2] == ["ا", "ل"]:
            # ل + ال is written لل: «للخارجية» is «ل» + «الخارجية»
            atoms = ["ا?", *atoms[1:]]
        # an entry ending in a letter must end at a word boundary ("iran" ≠ "iranian")
        last = atoms[-1]
        ends_word = last in (_STAR, _WILD) or re.fullmatch(r"\w", last.replace("\\", "")) is not None
        leaf_suffix[n] = "(?!\\w)" if ends_word else ""
        trie.add(atoms, n)
    body = trie.regex(leaf_suffix) or "(?!)"
    entries = (_AR_PROCLITICS_LAZY if arabic else "") + body
    gapped = [re.compile(_anchor(key)) for key in by_folded if "_" in key.split()]
    return Matcher(entries, exact_payloads, wild, arabic, gapped)


def _literal_start(wild_key: str) -> str:
    """What every text a wildcard entry matches starts with: its first word up to the
    ``*`` ("" when it starts with ``_`` or ``#``)."""
    first = wild_key.split()[0]
    if first in ("_", "#"):
        return ""
    return first[:-1] if first.endswith("*") else first


def _starting_with(sorted_keys: list[str], prefix: str) -> list[str]:
    lo = bisect.bisect_left(sorted_keys, prefix)
    hi = bisect.bisect_left(sorted_keys, prefix + "\U0010ffff") if prefix else len(sorted_keys)
    return sorted_keys[lo:hi]


def _is_wild(key: str) -> bool:
    words = key.split()
    return "*" in key or "_" in words or "#" in words


def _anchor(key: str) -> str:
    # the number lookahead was checked by the trie; the hit text itself ends before it
    atoms = [a for a in (_atoms(key) or []) if a != _NUM]
    return "".join(atoms)


_LONGEST_WORD = 40  # characters: no oblique entry word is longer


class Obliques:
    """Small words looked up in the text right before a hit rather than scanned for
    (prepositions are a third of all word hits). Prepositions and object-taking verbs
    ("in", « à », «في», "met"): a name right after one is a place, an addressee or an
    object, not a speaker. Coordinators ("and", « et »): a verb right after one starts a
    second statement. Entries are plain words (no "*")."""

    def __init__(self, entries: list[str], arabic: bool) -> None:
        self._words = frozenset(f for f in (fold(e) for e in entries) if f)
        self._max_words = max((w.count(" ") + 1 for w in self._words), default=0)
        # the last words of the entries of several words: a word that ends none of them
        # (most words) is looked up alone, without the words before it
        self._last_of_longer = frozenset(w.rsplit(" ", 1)[1] for w in self._words if " " in w)
        self._arabic = arabic

    def _known(self, word: str) -> bool:
        # «وفي واشنطن», «فمن»: a conjunction glued to the preposition
        return word in self._words or (self._arabic and len(word) > 2 and word[0] in "وف"
                                       and word[1:] in self._words)

    def before(self, norm: str, i: int) -> bool:
        """True if the one to three words right before ``i`` (only spaces or "(" between)
        are an entry ("in", "par rapport à", «في», « d'Iran »)."""
        j = i
        while j > 0 and norm[j - 1] in " (":
            j -= 1
        k = j
        for n in range(self._max_words):
            # start of the next word back ("meeting," is no entry); no entry is longer
            # than a few dozen characters, so the search stops there; a line break ends
            # a word too («…sanctions.\n\nÀ Téhéran») and no entry spans one
            lo = k - _LONGEST_WORD if k > _LONGEST_WORD else 0
            k = norm.rfind(" ", lo, k) + 1 or lo
            nl = norm.rfind("\n", k, j)
            if nl >= 0:
                return nl + 1 < j and self._known(norm[nl + 1:j])
            if k >= j:
                return False
            if self._known(norm[k:j]):
                return True
            if n == 0 and k > 0 and norm[k - 1] == " " and norm[k:j] not in self._last_of_longer:
                return False  # the last word is no entry and ends none of several words
            k -= 1
            if k <= 0:
                return False
        return False


@dataclass
class Lexicon:
    """Everything extraction needs for one language."""

    language: str
    terms: Matcher  # issue terms
    words: Matcher  # names, titles, party nouns, cues, verbs, grammar words
    negation_window: int
    modal_window: int
    priority: dict[str, int]  # stance → rank (0 = strongest)
    targets: dict[str, str | None]  # issue → the party its measures aim at
    mediators: frozenset[str]  # parties whose proposals are no position
    measures: frozenset[str]  # issues whose terms are coercive measures (implies: pressure)
    names: NameIndex  # unlisted spellings of single-word aliases
    obliques: Obliques  # prepositions and object-taking verbs
    coordinators: Obliques  # "and", « et »: a word looked up before a verb the same way
    genitive: frozenset[str]  # "of", « de », «باسم»: between a function and its party
    adverb_gap: re.Pattern[str] | None = None  # French adverbs between auxiliary and participle


def _lang_lists(langmap: dict[str, list[str]], language: str) -> list[str]:
    return list(langmap.get(language, []))


def _latin(language: str) -> tuple[str, ...]:
    # names written in Latin script appear in both English and French text
    return ("en", "fr") if language in ("en", "fr") else (language, "en", "fr")


def build_lexicon(cb: Codebook, language: str) -> Lexicon:
    """Compile ``cb``'s entries for ``language``."""
    arabic = language == "ar"
    terms: dict[str, list[Payload]] = defaultdict(list)
    for issue in cb.issues_file.issues:
        for t in _lang_lists(issue.terms, language):
            terms[t].append(("issue", issue.code, None))
        for ctx in issue.context_terms:
            for t in _lang_lists(ctx.terms, language):
                terms[t].append(("issue", issue.code, tuple(ctx.only_with)))
        for stance, lm in issue.implies.items():
            for t in _lang_lists(lm, language):
                # the term names its issue too (one regex: the longer entry wins)
                terms[t].append(("implies", stance, issue.code))
                terms[t].append(("issue", issue.code, None))

    words: dict[str, list[Payload]] = defaultdict(list)
    pf = cb.parties_file
    for n, actor in enumerate(pf.actors):
        for lang in _latin(language):
            for alias in actor.aliases.get(lang, []):
                words[alias].append(("actor", n))
        if language != "ar":
            words[actor.name].append(("actor", n))
    for role in pf.roles:
        for t in _lang_lists(role.titles, language):
            words[t].append(("title", role.id))
    anon = pf.anonymous.get(language)
    for party in pf.parties:
        for t in _lang_lists(party.names, language):
            words[t].append(("party", party.code))
        if anon is not None:
            for adj in _lang_lists(party.adjectives, language):
                for noun in anon.nouns:
                    combo = f"{adj} {noun}" if anon.order == "adjective_first" else f"{noun} {adj}"
                    words[combo].append(("anon", party.code))
    if anon is not None:
        for noun in anon.nouns:
            words[noun].append(("anon", None))

    cf = cb.cues_file
    for stance, lm in cf.stance_cues.items():
        for t in _lang_lists(lm, language):
            words[t].append(("cue", stance, False))
    for stance, lm in cf.fallback_cues.items():
        for t in _lang_lists(lm, language):
            words[t].append(("cue", stance, True))
    for neg in cf.negatable:
        for t in _lang_lists(neg.words, language):
            words[t].append(("negatable", neg.positive, neg.negated, neg.weak))
    for col in cf.collectives:
        for t in _lang_lists(col.words, language):
            words[t].append(("collective", col.size))
    for bs in cf.by_speaker:
        for t in _lang_lists(bs.words, language):
            words[t].append(("by_speaker", bs.target, bs.other))
    simple = {
        "neg": cf.negation.words, "univ": cf.universal, "modal": cf.modal.words,
        "denial": cf.denial, "defer": cf.defer, "litotes": cf.litotes, "rel": cf.relative,
        "nobreak": cf.not_a_break, "backref": cf.back_reference, "limit": cf.limits, "cond": cf.conditional, "hypo": cf.hypothetical, "affirm": cf.affirmative, "inert": cf.inert,
        "break": cf.clause_break, "sbreak": cf.speaker_break, "verb": cf.attribution_verbs,
        "carry": cf.carry_over, "honorific": cf.honorifics, "comp": cf.complementizers,
        "according": cf.according_to, "nonparty": cf.non_party, "document": cf.documents, "attempt": cf.attempts, "demand_cond": cf.demand_conditions, "rhetoric": cf.rhetorical, "demandword": cf.demands, "measureverb": cf.measure_verbs, "proposal": cf.proposals,
        "background": cf.background, "sameday": cf.same_day, "daybefore": cf.day_before, "dayafter": cf.day_after,
    }
    for kind, lm in simple.items():
        entries = _lang_lists(lm, language)
        if kind == "verb" and language == "fr":
            entries = french_compound_tenses(entries)
        for t in entries:
            words[t].append((kind,))
    for a in cf.anaphors.get(language, []):
        words[a.text].append(("anaphor", tuple(a.kinds)))
    _inherit_stances(words)
    _inherit_verbs(words)

    return Lexicon(
        language=language,
        terms=compile_matcher(terms, arabic),
        words=compile_matcher(words, arabic),
        negation_window=cf.negation.window,
        modal_window=cf.modal.window,
        priority={s: i for i, s in enumerate(cf.priority)},
        targets={i.code: i.target for i in cb.issues_file.issues},
        mediators=frozenset(p.code for p in pf.parties if p.mediator),
        measures=frozenset(i.code for i in cb.issues_file.issues if "pressure" in i.implies),
        adverb_gap=_adverb_gap(_lang_lists(cf.verb_adverbs, language)) if language == "fr" else None,
        obliques=Obliques(_lang_lists(cf.oblique, language), arabic),
        coordinators=Obliques(_lang_lists(cf.coordinators, language), False),
        genitive=frozenset(fold(g) for g in _lang_lists(cf.genitive, language)),
        names=NameIndex([(alias, n) for n, actor in enumerate(pf.actors) if actor.kind == "person"
                         for lang in _latin(language) for alias in actor.aliases.get(lang, [])]),
    )


# French compound tenses: a verb listed as "a déclaré" is also said "avait déclaré",
# "ont déclaré", "aurait déclaré" (reported speech), and with an adverb between the
# auxiliary and the participle ("a encore déclaré") only where the participle is
# listed alone: a wildcard between auxiliary and participle would be tried after every
# "a" of a French text.
# (inversions, "a-t-il déclaré", are read by the carry-over entry "a-t-il" itself)
_FR_AUXILIARIES = ("a", "ont", "avait", "avaient", "aura", "auront", "aurait", "auraient")
_FR_AUX_RE = re.compile(r"^(?:a|ont|avait|avaient|aura|auront|aurait|auraient) (\S+)$")


def _adverb_gap(adverbs: list[str]) -> re.Pattern[str] | None:
    """A regex for adverbs between a French auxiliary and a participle; group 1 is what
    the matching copy blanks out."""
    words = sorted({fold(a) for a in adverbs if fold(a)}, key=len, reverse=True)
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in words)
    aux = "|".join(_FR_AUXILIARIES)
    return re.compile(rf"\b(?:{aux}) ((?:(?:{alt}),? )+)(?=\w+(?:e|es|ee|ees|i|is|it|u|us)\b)")


def blank_adverbs(norm: str, gap: re.Pattern[str] | None) -> str:
    """``norm`` with the adverbs matched by ``gap`` replaced by spaces (same length:
    offsets do not move; entries allow several spaces between their words)."""
    if gap is None or gap.search(norm) is None:
        return norm
    parts: list[str] = []
    last = 0
    for m in gap.finditer(norm):
        a, b = m.span(1)
        parts.append(norm[last:a])
        parts.append(" " * (b - a))
        last = b
    parts.append(norm[last:])
    return "".join(parts)


def french_compound_tenses(entries: list[str]) -> list[str]:
    """``entries`` plus every auxiliary form of each "aux participle" entry."""
    out = list(entries)
    seen = set(entries)
    for e in entries:
        m = _FR_AUX_RE.match(e)
        if m is None:
            continue
        part = m.group(1)
        for aux in _FR_AUXILIARIES:
            form = f"{aux} {part}"
            if form not in seen:
                seen.add(form)
                out.append(form)

    return out


def _inherit_verbs(words: dict[str, list[Payload]]) -> None:
    """A longer entry that starts with a speech verb is a speech verb too: the scan
    keeps the longest match, and "called for", « a annoncé des sanctions » must not hide
    "called", « a annoncé » from the speaker search."""
    verbs = {fold(k) for k, pls in words.items() if ("verb",) in pls}
    for key, pls in words.items():
        if ("verb",) in pls:
            continue
        parts = fold(key).split()
        if len(parts) > 1 and any(" ".join(parts[:n]) in verbs for n in range(1, len(parts))):
            pls.append(("verb",))


_STANCE_PAYLOADS = ("cue", "negatable", "by_speaker")


def _inherit_stances(words: dict[str, list[Payload]]) -> None:
    """A longer entry keeps the stance of its last word: the compound tense « a exigé »
    (a speech verb) still demands like « exige », « a menacé » still threatens. Without
    this the longer entry, which wins the scan, would hide the shorter one."""
    folded: dict[str, list[Payload]] = defaultdict(list)
    for raw, pls in words.items():
        folded[fold(raw)].extend(pls)
    # one-word wildcard entries ("exig*"), by what the words they match start with
    wild: dict[str, list[tuple[re.Pattern[str], list[Payload]]]] = defaultdict(list)
    for k, pls in folded.items():
        if "*" in k and " " not in k:
            wild[_literal_start(k)].append((re.compile(_anchor(k)), pls))
    for raw, pls in list(words.items()):
        parts = fold(raw).split()
        if len(parts) < 2 or "_" in parts or "#" in parts or any(p[0] in _STANCE_PAYLOADS for p in pls):
            continue
        last = parts[-1]
        found = list(folded.get(last, ()))
        for n in range(len(last) + 1):
            found += [p for rx, wpls in wild.get(last[:n], ()) if rx.fullmatch(last) for p in wpls]
        for p in found:
            if p[0] in _STANCE_PAYLOADS and p not in pls:
                pls.append(p)


def scan(lex: Lexicon, text: str) -> tuple[str, list, list]:
    """Normalise ``text`` and return (norm, word hits, term hits) — a debugging aid."""
    nt = normalize(text)
    return nt.norm, lex.words.scan(nt.norm), lex.terms.scan(nt.norm)


# Compiled once per codebook object and language, and dropped with the codebook. The cache
# lives here, not on the Codebook: the data model must not call into the extractor (that
# was an import circle codebook <-> extract.lexicon).
_COMPILED: weakref.WeakKeyDictionary[Codebook, dict[str, Lexicon]] = weakref.WeakKeyDictionary()


def lexicon_for(cb: Codebook, language: str) -> Lexicon:
    """The compiled matchers of ``cb`` for ``language`` (built on first use, then cached)."""
    per_language = _COMPILED.setdefault(cb, {})
    lex = per_language.get(language)
    if lex is None:
        lex = per_language[language] = build_lexicon(cb, language)
    return lex
