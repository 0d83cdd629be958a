"""Holders of a position that no speech verb introduces.

News gives the holder of a position without a speech verb in a few recurring shapes,
the same in all three languages:

- a **labelled line**: a line that opens with its holder and a colon, the way posts,
  bulleted round-ups and transcripts print speech ("• Trump, on Truth Social on
  Sunday: «…»", "E3: «…»", "ARAGHCHI: …", « Le Kremlin : … »);
- an **interview transcript**: "Q:"/"A:" (« Q : »/« R : », «س:»/«ج:») lines, where every
  answer is the interviewee's and every question the journalist's;
- a **framing phrase**: "For Washington, X is a red line", « Pour Téhéran, … »,
  «بالنسبة لطهران، …»: the party after "for" holds the rest of the clause;
- **coordinated holders**: "Russia and China said", « Paris, Berlin et Londres
  réclament », «وقالت روسيا والصين»: every party named is a holder.

Each function reads the normalised text of a ``Doc`` and returns offsets and mentions;
``extract_article`` decides what to do with them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from negotrack.extract.doc import Doc
from negotrack.extract.speakers import Mention

# A transcript label at the start of a line: "Q:", "A:", « R : », «س:», «ج:», with an
# optional bullet or dash before it.
_QA_RE = re.compile(r"[ \t]*(?:[-–—•*·▪][ \t]*)?(q|a|r|question|answer|reponse|س|ج|سؤال|جواب)[ \t]*[:：]", re.I)
_QUESTION_LABELS = frozenset({"q", "question", "س", "سؤال"})
_BULLET_RE = re.compile(r"[ \t]*(?:[-–—•*·▪][ \t]*)?")
LABEL_HEAD_WORDS = 3  # words before the holder in a label ("the official account of")
LABEL_MAX_WORDS = 14  # a holder label is short: "Foreign Minister Abbas Araghchi, on X on Monday"
# what may stand between the members of a list of holders: commas, conjunctions, and
# the articles and prepositions of a list of genitives ("of China, of Russia and of
# Iran", « de la Chine, de la Russie et de l'Iran »)
_CONNECTORS = frozenset({",", "،", "and", "et", "و", "as", "well", "ainsi", "que", "&", "of", "the", "de", "la",
                         "du", "des", "d'", "l'"})
# "For Washington, …" / « Pour Téhéran, … » / «بالنسبة لطهران، …» / «وبالنسبة إلى واشنطن،»
_FRAME_RE = re.compile(r"(?:for|pour|بالنسبه ل|بالنسبه الي|وبالنسبه ل|وبالنسبه الي|بالنسبه لل|وبالنسبه لل)\s*", re.I)


@dataclass(frozen=True, slots=True)
class LineLabel:
    """What a line's opening says about who speaks in it."""

    kind: str  # "question", "answer" or "holder"
    content_start: int  # first offset of what the holder says (after the colon)
    mention: Mention | None = None  # the holder of a "holder" line


def line_labels(doc: Doc) -> dict[int, LineLabel]:
    """Labels by line start offset, for lines that open with a holder or a Q/A label.

    In a transcript an answer runs on over the unlabelled paragraphs after it, up to the
    next question; an interview printed with dialogue dashes ("— Vos inspecteurs
    pourront-ils… ?" / "— Un cadre.") has a question in each dash line that ends with a
    question mark and an answer in the others."""
    norm = doc.norm
    lines: list[tuple[int, int]] = []
    start, n = 0, len(norm)
    while start < n:
        end = norm.find("\n", start)
        end = n if end < 0 else end
        if norm[start:end].strip():
            lines.append((start, end))
        start = end + 1
    dashed = sum(1 for a, b in lines if _DASH_RE.match(norm, a, b)) >= DIALOGUE_MIN_LINES
    out: dict[int, LineLabel] = {}
    answering = False
    for a, b in lines:
        label = _label(doc, a, b)
        if label is None and dashed:
            m = _DASH_RE.match(norm, a, b)
            if m is not None:
                label = LineLabel("question" if norm[a:b].rstrip(' "').endswith(("?", "؟")) else "answer", m.end())
        if label is None and answering:
            label = LineLabel("answer", a)  # the answer goes on
        if label is not None:
            out[a] = label
            answering = label.kind == "answer"
    return out


# a dialogue dash opening a line: « — Un cadre. »
_DASH_RE = re.compile(r"[ \t]*[—–-][ \t]+")
DIALOGUE_MIN_LINES = 4  # dash lines that make an article an interview printed as dialogue


def _label(doc: Doc, a: int, b: int) -> LineLabel | None:
    norm = doc.norm
    m = _QA_RE.match(norm, a, b)
    if m is not None:
        kind = "question" if m.group(1).lower() in _QUESTION_LABELS else "answer"
        return LineLabel(kind, m.end())
    colon = norm.find(":", a, b)
    if colon < 0:
        return None
    head = norm[a:colon]
    # a quoted name may stand in the label ("on «X»"), a quotation may not
    if head.count('"') % 2 or not head.strip() or head.count(" ") > LABEL_MAX_WORDS:
        return None
    if any("verb" in h.kinds or "according" in h.kinds for h in doc.hits_in(a, colon)):
        return None  # "Araghchi said:" is ordinary attribution
    if not norm[colon + 1:b].strip():
        return None
    bullet = _BULLET_RE.match(norm, a, colon)
    first = bullet.end() if bullet else a
    # the holder, or the holder's account, office or post ("the official account of
    # the Supreme Leader, on X:", «الحساب الرسمي للمرشد»): the first party named
    holders = [mm for mm in doc.mentions_in(first, colon) if mm.party and mm.kind != "nonparty"]
    if not holders or norm.count(" ", first, holders[0].start) > LABEL_HEAD_WORDS:
        return None  # the line must open with its holder
    return LineLabel("holder", colon + 1, holders[0])


def interviewee(doc: Doc, labels: dict[int, LineLabel]) -> Mention | None:
    """The person a transcript interviews: the first named party actor before its first
    question or answer ("Iran's foreign minister, Abbas Araqchi, spoke to…")."""
    qa = [at for at, lab in labels.items() if lab.kind in ("question", "answer")]
    if not qa:
        return None
    first_qa = min(qa)
    for mm in doc.mentions_in(0, first_qa):
        if mm.party and mm.actor and mm.kind in ("actor", "title"):
            return mm
    for mm in doc.mentions_in(0, first_qa):
        if mm.party and mm.kind in ("anon", "party"):
            return mm
    return None


def label_of(labels: dict[int, LineLabel], line_starts: list[int], pos: int) -> LineLabel | None:
    """The label of the line holding ``pos``, if any."""
    i = bisect_right(line_starts, pos) - 1
    return labels.get(line_starts[i]) if i >= 0 else None


def frame_holder(doc: Doc, a: int, b: int) -> Mention | None:
    """The party a clause is framed for: "For Washington, X is a red line"."""
    norm = doc.norm
    i = a
    while i < b and norm[i] in ' "-–—•':
        i += 1
    m = _FRAME_RE.match(norm, i, b)
    if m is None:
        return None
    ms = doc.mentions_in(m.start(), min(b, m.end() + 60))
    if not ms or ms[0].start - m.end() > 4 or not ms[0].party:
        return None
    mm = ms[0]
    comma = norm[mm.end:mm.end + 3].lstrip(" ")
    if not comma.startswith((",", "،")):
        return None
    return mm


def coordinated(doc: Doc, pick: Mention, pool: list[Mention]) -> list[Mention]:
    """Other holders joined to ``pick`` by "and" or commas ("Russia and China",
    « la France, l'Allemagne et le Royaume-Uni », «روسيا والصين»), in text order. A
    chain needs a conjunction somewhere: "Iran, he went on, must…" is no list."""
    if pick.kind not in _HOLDER_KINDS or len(pool) < 2:
        return []
    norm = doc.norm
    ordered = sorted((m for m in pool if m.kind in _HOLDER_KINDS), key=lambda m: m.start)
    i = next((k for k, m in enumerate(ordered) if m.start == pick.start), None)
    if i is None:
        return []
    chain: list[Mention] = []
    conj = False
    cur = pick
    for m in reversed(ordered[:i]):
        joint = _joint(norm, m.end, cur.start)
        if joint is None or m.subject != pick.subject:
            break  # (objects listed before a subject are no co-subjects)
        conj = conj or joint
        chain.append(m)
        cur = m
    cur = pick
    for m in ordered[i + 1:]:
        joint = _joint(norm, cur.end, m.start, m)
        if joint is None or m.subject != pick.subject:
            break
        conj = conj or joint
        chain.append(m)
        cur = m
    if not conj:
        return []
    return [m for m in chain if m.party and m.party != pick.party]


_HOLDER_KINDS = frozenset({"actor", "title", "party", "anon"})
_CONJUNCTIONS = frozenset({"and", "et", "و", "&"})


def _joint(norm: str, a: int, b: int, right: Mention | None = None) -> bool | None:
    """None if more than connectors stand between a and b; else whether a conjunction
    is among them (an Arabic «و» may be glued to the next mention)."""
    gap = norm[a:b].strip()
    if not gap:
        if right is not None and norm[b:b + 1] == "و":
            return True
        return None
    words = gap.replace(",", " , ").replace("،", " ، ").split()
    if not words or len(words) > 4 or not all(w in _CONNECTORS for w in words):
        return None
    return any(w in _CONJUNCTIONS for w in words)


# A list item or a quoted paragraph: what a colon-ended line may introduce.
_ITEM_RE = re.compile(
    r'[ \t]*(?:[-–—•*·▪"]|\d{1,2}[.)\-]|[a-z][.)]\s|'
    r"(?:first|second|third|fourth|fifth|sixth|seventh|firstly|secondly|thirdly|finally|"
    r"premierement|deuxiemement|troisiemement|quatriemement|cinquiemement|enfin|"
    r"اولا|ثانيا|ثالثا|رابعا|خامسا|سادسا|سابعا|ثامنا|تاسعا|عاشرا|اخيرا)\b)", re.I)


def block_lines(doc: Doc) -> dict[int, int]:
    """Lines that continue a text introduced by a line ending with a colon — the points
    of a communiqué ("Here are the main points of the statement:" then "First: …",
    «أولا: …»), a bulleted list, or a quotation that runs over several paragraphs —
    mapped to the start of the introducing line. Whoever speaks in the introducing line
    (or just before it) speaks in them."""
    norm = doc.norm
    out: dict[int, int] = {}
    if ":\n" not in norm and ": \n" not in norm:
        return out  # no line ends with a colon: nothing is introduced
    intro: int | None = None
    open_quote = False
    start, n = 0, len(norm)
    while start < n:
        end = norm.find("\n", start)
        end = n if end < 0 else end
        line = norm[start:end].strip()
        if intro is not None and line:
            if open_quote or _ITEM_RE.match(line):
                out[start] = intro
                if line.count('"') % 2 == 1:
                    open_quote = not open_quote
            else:
                intro, open_quote = None, False
        if line.endswith(":") and not open_quote:
            intro = start
        start = end + 1
    return out


GROUP_LOOKBACK = 4000  # characters before the collective subject searched for its group


def collective_group(doc: Doc, a: int, b: int) -> list[Mention]:
    """The parties a collective subject in [a, b) stands for ("the three countries",
    cues.yaml `collectives`): the last group of exactly that many parties named together
    (coordinated) before it; [] if none."""
    hit = next((h for h in doc.hits_in(a, b) if "collective" in h.kinds and not h.quoted), None)
    if hit is None:
        return []
    size = hit.payload("collective")[1]
    before = [mm for mm in doc.mentions_in(max(0, a - GROUP_LOOKBACK), a) if mm.kind in _HOLDER_KINDS and mm.party]
    for mm in reversed(before):
        parties = _distinct_parties([mm, *coordinated(doc, mm, doc.mentions_in(max(0, mm.start - 300), mm.end + 300))])
        if len(parties) == size:
            return parties
    return []


def _distinct_parties(chain: list[Mention]) -> list[Mention]:
    """The first mention of each party in a chain of holders, in text order."""
    parties: dict[str, Mention] = {}
    for c in sorted(chain, key=lambda x: x.start):
        parties.setdefault(c.party, c)
    return list(parties.values())


def document_authors(doc: Doc, pick: Mention) -> list[Mention]:
    """The parties that signed a document that speaks, named together in its own
    sentence before it (« signé par le chinois Ma Zhaoxu, le russe Sergueï Riabkov et
    l'iranien Kazem Gharibabadi, le texte souligne… »), or as the subjects of a sentence
    shortly before ("Russia and China sent a joint letter. The letter says…"); [] if
    none."""
    before = [mm for mm in doc.mentions_in(max(0, pick.start - DOCUMENT_LOOKBACK), pick.start)
              if mm.kind in _HOLDER_KINDS and mm.party]
    for mm in reversed(before):
        chain = sorted([mm, *coordinated(doc, mm, doc.mentions_in(max(0, mm.start - 300), pick.start))],
                       key=lambda x: x.start)
        if _BETWEEN_RE.search(doc.norm, max(0, chain[0].start - 12), chain[0].start):
            continue  # talks "between Iran and the United States" wrote no text
        parties = _distinct_parties(chain)
        if len(parties) >= 2:
            return parties
    return []


_BETWEEN_RE = re.compile(r"(?:\bbetween|\bentre|\bavec|\bwith|بين|مع)\s*(?:l'|la|le|les|the)?\s*$")


DOCUMENT_LOOKBACK = 800  # characters before a speaking document searched for its authors
HOLDER_GAP_WORDS = 2  # words between a demand word and its holder, at most
_GAP_OK_RE = re.compile(r"[\s'’]*(?:s|de|du|des|d'|l'|la|le|by|par|of|the|has|have|had|a|ont|avait|est|sont|ete|quoted)?"
                        r"(?:[\s'’]+(?:s|de|du|des|d'|l'|la|le|by|par|of|the|has|have|had|a|ont|avait|ete|been))*[\s'’]*$")


_AGENT_RE = re.compile(r"\s*(?:of|by|from|de|du|des|d'|par)\b")
_INVERSION_RE = re.compile(r"(?:\bas|\bcomme|\bainsi que|\bque|\bqu')\s*(?:l'|le|la|les)?\s*$")


def _holder_may_follow(norm: str, a: int, at: int, gap: str) -> bool:
    """In English and French a holder follows its demand word only as an agent or a
    genitive ("demanded by Washington", « l'exigence de Washington ») or in an inversion
    (« comme l'exige Washington », "as demanded by")."""
    return bool(_AGENT_RE.match(gap)) or bool(_INVERSION_RE.search(norm, max(a, at - 14), at))


def demand_holders(doc: Doc, a: int, b: int, kind: str = "demandword") -> list[tuple[Mention, int, int]]:
    """(holder, demand word start, end) for the demand words of [a, b) that sit next to
    a holder: "the US demand that…", "as Tehran has demanded", « l'exigence
    américaine », « souhaité par Washington », «مطالبة واشنطن»."""
    norm = doc.norm
    out: list[tuple[Mention, int, int]] = []
    for h in doc.hits_in(a, b):
        if kind not in h.kinds or h.quoted:
            continue
        near = doc.mentions_in(max(a, h.start - 40), min(b, h.end + 40))
        for m in near:
            if m.kind not in _HOLDER_KINDS or not m.party:
                continue
            after = m.start >= h.end
            gap = norm[h.end:m.start] if after else norm[m.end:h.start]
            if gap.count(" ") > HOLDER_GAP_WORDS + 1 or not _GAP_OK_RE.match(gap):
                continue
            if after and doc.language != "ar" and not _holder_may_follow(norm, a, h.start, gap):
                continue  # "it insists Iran must…": Iran is what is demanded of
            out.append((m, h.start, h.end))
            break
    return out
