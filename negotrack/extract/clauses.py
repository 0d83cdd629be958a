"""Clauses of one attribution unit and the statements they make, as read for the
unit's speaker.

A unit (one speaker) is cut into clauses where a second statement may start: at
contrast words ("but", « mais », «لكن»), at a second "that"-clause ("…and that…",
«وإن»), at a coordinated clause with its own subject ("and we", «ونحن»), at a speech
or act verb inside the reported content that has its own "that" or follows "and"
("…, a day after saying that…", "…and threatened new sanctions"), and at conditions
("if", "until"). Questions and denials are skipped, unless the question is answered
with a yes. Each clause gets, per issue it names, the strongest stance reading as said
by the speaker (``stance``); a condition is a demand when it conditions an offer or a
refusal, and names the issue of a threat that has none; a clause that points back
("this is our red line") takes the issues of the clause before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from negotrack.extract import stance as st
from negotrack.extract.doc import Doc
from negotrack.extract.segment import cut_points
from negotrack.extract.speakers import Hit, Speaker

# Clause ends: a semicolon, a sentence mark inside a quotation, a colon glued to a word
# and followed by a clause of its own ("the president's position has not changed: no
# enrichment in Iran, not today, not tomorrow"; not "On our missiles: never"), and in
# Arabic a comma
# followed by «و» glued to the next word, the way Arabic coordinates clauses
# («التخصيب سيستمر، وأي حديث عن تنازلات لا أساس له»), unless a pronoun continues the
# same predicate («هدفنا واضح، وهو رفع العقوبات») or a definite noun goes on a list of
# objects («وافقت على تعليق العقوبات، والسماح بالوصول إلى الأصول»); words whose root
# starts with «و» (وزير، واشنطن، وقف) are no conjunction.
#
# Each regex opens with the class of every clause-ending mark and then checks, by
# looking back at that mark, which rule applies: a pattern that starts with a character
# class lets ``re`` skip straight to the marks instead of trying every position of the
# unit (five times faster; the same matches as "[;؛]|[.!?؟](?=\s)|(?<=\w):(?=…)|…").
_CLAUSE_PUNCT_RE = re.compile(r"[;؛.!?؟:](?:(?<=[;؛])|(?<=[.!?؟])(?=\s)|(?<=\w:)(?=\s+\w+\s+\w+\s+\w))")
_AR_CLAUSE_PUNCT_RE = re.compile(
    r"[;؛.!?؟:،,](?:(?<=[;؛])|(?<=[.!?؟])(?=\s)|(?<=\w:)(?=\s+\w+\s+\w+\s+\w)"
    r"|(?<=[،,])(?=\s*\"?\s*و(?!(?:هو|هي|هذا|هذه|ذلك|تلك|هم)\b|زير|زار|اشنطن|كال|فد|قف|ضع|ال)\w))")
_BREAK_KINDS = frozenset({"break", "cond"})
_MOOD_KINDS = frozenset({"denial", "rhetoric", "hypo"})  # what split_clauses reads a clause's mood from
REPORTED_VERB_REACH = 8  # words from a speech verb inside the content to its "that"


def split_clauses(doc: Doc, a: int, b: int, content: int | None = None) -> list[tuple[int, int, str]]:
    """Clauses of a unit as (start, end, kind) with kind 'main', 'cond' or 'skip'.
    ``content`` is where the reported content starts: a speech verb with its own "that"
    after it reports a second statement ("…, a day after saying that Iran need not…")."""
    breaks: list[tuple[int, int]] = []
    hits = doc.hits_in(a, b)
    for i, h in enumerate(hits):
        if h.kinds & _BREAK_KINDS and h.start > a:
            breaks.append((h.start, h.end))
        elif (content is not None and h.start > content and "verb" in h.kinds and not h.quoted
              and (_comp_follows(doc, hits, i) or _coordinated(doc, h))):
            breaks.append((h.start, h.start))
    for m in (_AR_CLAUSE_PUNCT_RE if doc.language == "ar" else _CLAUSE_PUNCT_RE).finditer(doc.norm, a, b):
        breaks.append((m.end(), m.end()))
    breaks.sort()
    out = []
    pieces = []
    for s, e in cut_points(breaks, a, b):
        hs = doc.hits_in(s, e)
        if hs and "cond" in hs[0].kinds and doc.norm[s:hs[0].start].strip(" ,،\"") in ("", "and", "et", "و"):
            # "if X, Y": the condition ends at its comma, the rest is a main clause
            comma = _condition_end(doc.norm, hs[0].end, e)
            if comma > 0 and doc.norm[comma + 1:e].strip(" \"."):
                pieces += [(s, comma + 1, "cond"), (comma + 1, e, "main")]
            else:
                pieces.append((s, e, "cond"))
        else:
            pieces.append((s, e, "main"))
    answered = None
    for s, e, kind in pieces:
        # (most clauses hold no denial, question or rhetoric: the index spares them the union)
        kinds = frozenset().union(*(h.kinds for h in doc.hits_in(s, e))) if doc.any_kind(_MOOD_KINDS, s, e) \
            else frozenset()
        if "denial" in kinds:
            kind = "skip"
        elif "rhetoric" in kinds:
            pass  # a rhetorical question states its answer: "How could we give up our right?"
        elif "hypo" in kinds or doc.norm[s:e].rstrip(' "').endswith(("?", "؟")):
            # a question is no statement, unless the speaker answers it with a yes:
            # "Asked whether he would bomb Iran again if…, Trump replied: "Sure.""
            answered = _answered_yes(doc, a, b) if answered is None else answered
            if not answered:
                kind = "skip"
        out.append((s, e, kind))
    return out


CONDITION_MIN_WORDS = 3  # a condition's comma closes it only after a few words


def _condition_end(norm: str, a: int, e: int) -> int:
    """The comma that closes a condition opened at ``a``: not one of the commas of an
    incise right after "if" (« si, en contrepartie, toutes les sanctions sont levées »)."""
    comma = _next_comma(norm, a, e)
    while comma > 0 and norm.count(" ", a, comma) < CONDITION_MIN_WORDS:
        comma = _next_comma(norm, comma + 1, e)
    return comma


def _next_comma(norm: str, a: int, e: int) -> int:
    """The first comma (Latin or Arabic) in [a, e), or -1."""
    found = [i for i in (norm.find(",", a, e), norm.find("،", a, e)) if i >= 0]
    return min(found) if found else -1


def _answered_yes(doc: Doc, a: int, b: int) -> bool:
    """True if the unit holds a quoted reply that opens with a yes ("Sure.", « Oui »)."""
    for h in doc.hits_in(a, b):
        if "affirm" in h.kinds and doc.norm[max(a, h.start - 3):h.start].replace(" ", "") in ('"', ":", ':"'):
            return True
    return False


def _coordinated(doc: Doc, h: Hit) -> bool:
    """True if a speech or act verb is joined by "and" to what came before: "said Iran
    must dismantle its centrifuges and threatened new sanctions", « et a menacé »,
    «وهدد»: a second statement of the same speaker."""
    if h.prefix and doc.norm[h.start] == "و":
        return True
    return doc.lex.coordinators.before(doc.norm, h.start)


def _comp_follows(doc: Doc, hits: list[Hit], i: int) -> bool:
    """True if a complementizer follows ``hits[i]`` within a few words, before any other verb."""
    h = hits[i]
    for k in range(i + 1, len(hits)):  # by index: a slice would copy the rest of a long clause
        nxt = hits[k]
        if doc.norm.count(" ", h.end, nxt.start) > REPORTED_VERB_REACH or "verb" in nxt.kinds:
            return False
        if "comp" in nxt.kinds:
            return True
    return False


@dataclass(slots=True)
class Clause:
    """One clause of a unit and what it says, as read for the unit's speaker."""

    start: int
    end: int
    kind: str  # "main", "cond" (a condition of the clause next to it) or "skip"
    rs: list[st.Reading] = field(default_factory=list)  # every reading, implied ones too
    named: list[tuple[str, tuple | None]] = field(default_factory=list)  # issue terms (code, only_with)
    issues: list[tuple[str, st.Reading]] = field(default_factory=list)  # issue → its stance
    reading: st.Reading | None = None  # the clause's own stance (first issue's, or none)


def _read_clause(doc: Doc, cs: int, ce: int, kind: str, party: str | None) -> Clause:
    cl = Clause(cs, ce, kind)
    if kind == "skip":
        return cl
    lex = doc.lex
    terms = doc.terms_in(cs, ce)
    hits = doc.hits_in(cs, ce)
    cl.rs = st.readings(hits, doc.norm, lex.negation_window, lex.modal_window, doc.quotes, terms,
                        doc.any_kind(_ATTEMPTS, cs, ce)) + st.implied(terms) + _announced_measure(doc, hits, terms)
    cl.named = doc.issues_in(cs, ce)  # shared with the holders' look-up of the same clause
    cl.issues = _by_issue(cl.rs, cl.named, party, lex)
    cl.reading = cl.issues[0][1] if cl.issues else st.strongest(st.for_party(cl.rs, party, None), lex.priority)
    return cl


MEASURE_VERBS = frozenset({"measureverb"})
_ATTEMPTS = frozenset({"attempt"})
_STANCE_WORDS = frozenset({"cue", "negatable", "by_speaker"})


def _announced_measure(doc: Doc, hits: list, terms: list[tuple]) -> list[st.Reading]:
    """A weak pressure reading for a measure announced or adopted in the clause ("the
    Treasury announced on Tuesday sanctions against…"): a measure verb and an issue
    whose terms are themselves coercive measures (issues.yaml `implies: pressure`)."""
    if not hits or not doc.has_kind(MEASURE_VERBS, hits[0].start, hits[-1].end):
        return []
    verb = next((h for h in hits if "measureverb" in h.kinds), None)
    if verb is None or any(h.kinds & _STANCE_WORDS for h in hits):
        return []  # "announced that it would lift sanctions": the clause says what
    if not any(code in doc.lex.measures for code, _only in st.issue_terms(terms)):
        return []
    return [st.Reading("pressure", verb.start, verb.end, "announced_measure", weak=True)]


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


def unit_statements(doc: Doc, a: int, b: int, speaker: Speaker, content: int | None = None,
                     before: list[tuple[str, tuple | None]] | None = None) -> tuple[list[Found], list]:
    """What the unit states, and the issues its last clause named without a stance (for
    a "this" in the speaker's next sentence). ``before``: the same, from the speaker's
    previous sentence."""
    party = speaker.party
    if not party:
        return [], []
    read = [_read_clause(doc, cs, ce, kind, party) for cs, ce, kind in split_clauses(doc, a, b, content)]
    _borrow_issues(doc, read, party, doc.lex, before or [])
    _drop_embedded_speakers(doc, read, party)
    mains = [cl for cl in read if cl.kind == "main" and cl.named]
    pending = mains[-1].named if mains else []
    out: list[Found] = []
    # conditions first: a threat replaces the weak reading of the clause it conditions
    for i, cl in enumerate(read):
        if cl.kind == "cond":
            out.extend(_condition(doc, read, i, speaker))
    for cl in read:
        if cl.kind == "main":
            out.extend((issue, r, cl.start, cl.end) for issue, r in cl.issues)
    return _one_statement(out), pending


# Stances that are two readings of one hard statement: a unit (one speaker, one
# sentence) that rules an issue out and asserts the contrary in coordinated clauses
# ("called the snapback illegal and said Tehran did not recognise it") keeps the
# stronger only (annotation, "one statement, two readings").
_HARD_READINGS = ("refuse", "insist")


def _one_statement(found: list[Found]) -> list[Found]:
    """Drop an ``insist`` on an issue the same unit also ``refuse``s, unless it is the
    condition of an offer or a refusal (a separate position: "…limits if sanctions are
    lifted first")."""
    refused = {issue for issue, r, _a, _b in found if r.stance == _HARD_READINGS[0]}
    if not refused:
        return found
    return [f for f in found if not (f[1].stance == _HARD_READINGS[1] and f[0] in refused
                                     and f[1].rule != "condition_of_offer")]


def _condition(doc: Doc, read: list[Clause], i: int, speaker: Speaker) -> list[Found]:
    """A condition belongs to the clause before it (or after, if it comes first)."""
    cl = read[i]
    main = _main_of(read, i)
    if main is not None and main.reading is None and cl.named and _demands(doc, cl):
        # "inspectors will return only once sanctions are lifted": what the speaker
        # waits for is his demand
        cond_r = st.Reading("insist", *_cond_word(doc, cl), "condition_of_offer")
        return [(issue, cond_r, cl.start, cl.end) for issue, only in cl.named if only is None or "insist" in only]
    if main is not None and main.named and (main.reading is None or main.reading.fallback):
        threat = _threat(doc, cl, main, speaker)
        if threat:
            main.issues = []  # "sanctions like they have never seen": the threat, not a refusal
            return threat
        if main.reading is None:
            return []
    if main is None or main.reading is None:
        return []
    mr = main.reading
    terms = doc.terms_in(cl.start, cl.end)
    demand = _demands(doc, cl)
    if mr.stance == "refuse" and not main.issues and not demand and cl.named:
        # a refusal with a plain "if" rules out what the condition names: "if the goal
        # is to deprive us of enrichment, there will be no deal" refuses that demand;
        # with "unless"/"until" the condition is the speaker's demand (below)
        trig = replace(mr, rule="condition_issue")
        pairs = _by_issue([trig], st.issue_terms(terms), speaker.party, doc.lex)
        a, b = (main.start, cl.end) if i > read.index(main) else (cl.start, main.end)
        return [(issue, r, a, b) for issue, r in pairs]
    if mr.stance in ("open", "refuse") and cl.named:
        # an offer's condition is a demand: "…limits if sanctions are lifted first"; so is
        # what a refusal waits for: "will not lift any sanctions until Iran gives up enrichment"
        r = cl.reading
        cond_r = st.Reading("insist", *((r.cue_start, r.cue_end) if r else _cond_word(doc, cl)),
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


def _cond_word(doc: Doc, cl: Clause) -> tuple[int, int]:
    """The span of the word that opens a condition ("if", "unless"): the cue of what
    the condition says."""
    cond = next((h for h in doc.hits_in(cl.start, cl.end) if "cond" in h.kinds), None)
    return (cond.start, cond.end) if cond else (cl.start, cl.start)


def _demands(doc: Doc, cl: Clause) -> bool:
    """True if the condition is the speaker's demand ("unless", "until", "once")."""
    return doc.any_kind(_DEMAND_CONDITIONS, cl.start, min(cl.end, cl.start + 24))


_DEMAND_CONDITIONS = frozenset({"demand_cond"})
_BACK_REFERENCES = frozenset({"backref"})


def _threat(doc: Doc, cl: Clause, main: Clause, speaker: Speaker) -> list[Found]:
    """A measure promised on a negative condition is a threat: "if there is no deal,
    sanctions like they have never seen", «إذا لم توقع… فستعود العقوبات». The main clause
    names an issue that is itself a coercive measure (one whose terms imply pressure in
    issues.yaml: sanctions) and the condition is negated."""
    negative = any("neg" in h.kinds for h in doc.hits_in(cl.start, cl.end)) or (
        cl.reading is not None and cl.reading.stance == "refuse")  # "if there is no deal"
    if not negative:
        return []
    named = [(issue, only) for issue, only in main.named if issue in doc.lex.measures]
    r = st.Reading("pressure", *_cond_word(doc, cl), "threat")
    pairs = _by_issue([r], named, speaker.party, doc.lex)
    return [(issue, rr, min(cl.start, main.start), max(cl.end, main.end)) for issue, rr in pairs]


EMBEDDED_SUBJECT_REACH = 4  # words between an embedded subject and its verb, at most


def _drop_embedded_speakers(doc: Doc, read: list[Clause], party: str) -> None:
    """A clause opened by a speech or demand verb of another party inside the reported
    content is that party's words, not the speaker's: "Araghchi said the United States
    had not demanded that Iran end its enrichment" is no demand of Iran's."""
    if doc.language == "ar":
        return  # VSO: the subject of an embedded Arabic verb follows it
    for cl in read[1:]:
        if cl.kind != "main" or not cl.issues:
            continue
        head = next(iter(doc.hits_in(cl.start, cl.start + 1)), None)
        if head is None or not head.kinds & {"verb", "demandword"}:
            continue
        subj = [m for m in doc.mentions_in(max(read[0].start, cl.start - 80), cl.start)
                if doc.norm.count(" ", m.end, cl.start) <= EMBEDDED_SUBJECT_REACH]
        if subj and subj[-1].party and subj[-1].party != party and subj[-1].kind in ("actor", "title", "party", "anon"):
            cl.issues = []


def _main_of(read: list[Clause], i: int) -> Clause | None:
    """The main clause a condition belongs to: the one before it, else the one after
    ("And if they try again, we'll knock them out"); a fragment with no stance ("And")
    is skipped."""
    before = read[i - 1] if i > 0 and read[i - 1].kind == "main" else None
    after = read[i + 1] if i + 1 < len(read) and read[i + 1].kind == "main" else None
    if before is None or after is None:
        return before or after
    # the one with a stance, else the one that names an issue ("if they do not sign,
    # sanctions will return"), else the one before
    weight = lambda cl: (cl.reading is not None, bool(cl.named))  # noqa: E731
    return after if weight(after) > weight(before) else before


def _borrow_issues(doc: Doc, read: list[Clause], party: str | None, lex,
                   before: list[tuple[str, tuple | None]]) -> None:
    """A stance without an issue that points back ("this", "it", «هذا», « c'est ») takes
    the issues of the last clause before it that named one, in the same sentence or the
    speaker's previous one: «برنامج التخصيب "لا يمكن أن يوجد أبدا". هذا هو خطنا الأحمر» —
    "this is our red line" is about enrichment; "he abandoned the effort" points back to
    nothing."""
    for i, cl in enumerate(read):
        r = cl.reading
        if cl.kind != "main" or r is None or cl.issues or r.weak:
            continue
        if not doc.any_kind(_BACK_REFERENCES, cl.start, cl.end):
            continue
        named = before  # the speaker's previous sentence, if nothing closer
        for j in range(i - 1, -1, -1):
            prev = read[j]
            if prev.kind == "main" and prev.named:
                named = prev.named
                break
        if named:
            cl.issues = _by_issue(cl.rs, named, party, lex)
