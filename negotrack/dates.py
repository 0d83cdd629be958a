"""Date expressions in Arabic, English and French news text.

``find_date_mentions(text, language)`` returns every date expression found in ``text`` as
:class:`DateMention` objects whose ``start``/``end`` are offsets into the text passed in
(the original text, not a normalised copy).  Recognised:

- Arabic: Levantine/Iraqi (شباط، نيسان، كانون الثاني ...), Egyptian/Gulf (فبراير، أبريل ...),
  Maghrebi (فيفري، أفريل، جوان، جويلية، أوت ...) month names and the dual forms
  «6 شباط/فبراير», «6 شباط (فبراير)», «شباط/فبراير 2026»; ordinal days
  («السادس من فبراير»); weekdays with optional prefixes و ف ب ل, «يوم/مساء/صباح ...» before
  and «الماضي/المقبل ...» after; أمس، أول أمس، اليوم، غدا، بعد غد.  Matching is insensitive
  to hamza forms (أ إ آ ٱ → ا), ى/ي, ة/ه, diacritics, tatweel and bidi marks.
- English: "February 6", "Feb. 6", "6 February", "the 6th of February", "February 6, 2026",
  "Friday, February 6", "(last|next) Friday (night)", yesterday/today/tomorrow/tonight.
- French: "6 février", "1er mars", "vendredi 6 février 2026", "vendredi (dernier|prochain)",
  hier, avant-hier, aujourd'hui, demain, après-demain; accents optional.
- All: ISO 2026-02-06, 2026/02/06, and (ar, fr) day-first 06/02/2026; year-only mentions
  ("en 2018", «عام 2015»), month-only and month+year mentions (``day`` None).
- Digits may be ASCII, Eastern Arabic (٠-٩) or Persian (۰-۹).

Ambiguous month words (English "May"/"March" — which must also be capitalised —, French
"mai"/"mars", Arabic مارس، ماي، آب، أوت، جوان) count as months only next to a day number or
a year (or after «شهر»).

``DateMention.direction`` is -1 for "last Friday" / «الجمعة الماضي» / "vendredi dernier",
+1 for "next Friday" / «الجمعة المقبل» / "vendredi prochain", else 0.

``resolve_mention(m, anchor)`` turns a mention into a calendar date relative to the
article's publication date; ``statement_date`` picks the date of a statement's clause;
``infer_published_date`` guesses a publication date from the text; ``parse_date_value``
parses metadata date strings.

How it stays fast: diacritics are removed only when present (with an offset map), then
cheap "trigger" regexes find digit runs and the rarest letters of date words; the big
per-language regex is tried only at the one or two word starts before each trigger.

Known limits: ranges give only their last day ("6 and 7 February" → 7 February); a bare
four-digit number from 1900 to 2099 counts as a year ("2000 people"); «الاثنين» meaning
"the two" and «غدا» meaning "became" read as dates; "aout" without accent and without a
day number is not found.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

__all__ = [
    "DateMention",
    "find_date_mentions",
    "resolve_mention",
    "statement_date",
    "infer_published_date",
    "parse_date_value",
]


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # offsets into the text passed in
    end: int
    text: str  # text[start:end]
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # 0 = Monday ... 6 = Sunday
    relative_days: int | None  # yesterday = -1, today = 0, day before yesterday = -2, tomorrow = +1
    direction: int = 0  # -1 "last Friday" (strictly before), +1 "next Friday" (strictly after), else 0


# --------------------------------------------------------------------------------------
# character-level normalisation (applied to short matched strings only; the big text is
# matched with character classes so offsets stay those of the original)
# --------------------------------------------------------------------------------------

_DELETABLE = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"  # Arabic marks
    "\u0640"  # tatweel
    "\u200b-\u200f\u061c\u00ad\u202a-\u202e\u2066-\u2069\ufeff"  # zero-width / bidi
)
_DEL_RE = re.compile(f"[{_DELETABLE}]")
_MARKS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]*")

_FOLD = {
    **{ord(c): "ا" for c in "أإآٱ"},
    ord("ى"): "ي",
    ord("ی"): "ي",
    ord("ة"): "ه",
    ord("ک"): "ك",
    **{ord(c): "a" for c in "àâäáã"},
    **{ord(c): "e" for c in "éèêë"},
    **{ord(c): "i" for c in "îïí"},
    **{ord(c): "o" for c in "ôöó"},
    **{ord(c): "u" for c in "ûùüú"},
    ord("ç"): "c",
    **{ord(c): "'" for c in "’ʼ‘`´"},
    **{ord(c): "-" for c in "‐‑–—"},
}


_FOLD_CACHE: dict[str, str] = {}


def _fold(s: str) -> str:
    """Normalise a short matched string to the spelling used in the lookup tables."""
    r = _FOLD_CACHE.get(s)
    if r is None:
        r = " ".join(_DEL_RE.sub("", s).lower().translate(_FOLD).replace("-", " ").split())
        if len(_FOLD_CACHE) < 20000:
            _FOLD_CACHE[s] = r
    return r


# --------------------------------------------------------------------------------------
# pattern builders
# --------------------------------------------------------------------------------------

_AR_CLASS = {"ا": "[اأإآٱ]", "ي": "[يىی]", "ه": "[هة]", "ك": "[كک]", " ": r"\s+"}
_FR_CLASS = {
    "a": "[aàâäá]",
    "e": "[eéèêë]",
    "i": "[iîïí]",
    "o": "[oôöó]",
    "u": "[uûùüú]",
    "c": "[cç]",
    "'": "['’ʼ‘]",
    "-": r"[\-‐‑\s]\s*",
    " ": r"\s+",
}
_EN_CLASS = {" ": r"\s+"}


def _alt(words, classes: dict[str, str]) -> str:
    """A regex matching any of ``words`` (given in folded spelling), built as a character
    trie so that ``re`` rejects a non-matching position after one or two characters.
    Longer words are tried first."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [classes.get(ch) or re.escape(ch) for ch in node if ch]
        alts = [a + emit(node[ch]) for a, ch in zip(alts, [c for c in node if c])]
        if "" in node:
            alts.append("")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return "(?:" + emit(root) + ")"


def _ar(word: str) -> str:
    return _alt([word], _AR_CLASS)


def _table(groups: dict[int, list[str]]) -> dict[str, int]:
    return {_fold(w): n for n, ws in groups.items() for w in ws}


# digits: \d matches ASCII, Eastern Arabic and Persian digits; int() reads all three.
_YEAR = r"(?:[1١۱][9٩۹]|[2٢۲][0٠۰])\d\d(?!\d)"
_NUM_L = r"(?<!\d[.,/:])"  # a number not continuing another one ("3/2026", "1.2026")
_YMD = r"(?P<y>\d{4})[-/.](?P<mn>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"
_DMY = r"(?P<d2>\d{1,2})[/.\-](?P<mn2>\d{1,2})[/.\-](?P<y2>\d{4})(?!\d)"  # day first

# ---- Arabic -------------------------------------------------------------------------

_AR_MONTHS = {
    1: ["كانون الثاني", "كانون ثاني", "يناير", "جانفي"],
    2: ["شباط", "فبراير", "فيفري"],
    3: ["اذار", "مارس"],
    4: ["نيسان", "ابريل", "افريل"],
    5: ["ايار", "مايو", "ماي"],
    6: ["حزيران", "يونيو", "يونيه", "جوان"],
    7: ["تموز", "يوليو", "يوليه", "جويليه", "يوليوز"],
    8: ["اب", "اغسطس", "اوت", "غشت"],
    9: ["ايلول", "سبتمبر", "شتنبر"],
    10: ["تشرين الاول", "تشرين اول", "اكتوبر"],
    11: ["تشرين الثاني", "تشرين ثاني", "نوفمبر", "نونبر"],
    12: ["كانون الاول", "كانون اول", "ديسمبر", "دجنبر"],
}
_AR_AMBIGUOUS = {"مارس", "ماي", "اب", "اوت", "جوان"}
_AR_WEEKDAYS = {6: ["احد"], 0: ["اثنين"], 1: ["ثلاثاء"], 2: ["اربعاء"], 3: ["خميس"], 4: ["جمعه"], 5: ["سبت"]}
_AR_PAST = ["الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته", "السابق", "السابقه"]
_AR_NEXT = ["المقبل", "المقبله", "القادم", "القادمه"]
_AR_UNITS = ["الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
_AR_ORDINALS: dict[int, list[str]] = {i + 1: [u] for i, u in enumerate(_AR_UNITS)}
_AR_ORDINALS[10] = ["العاشر"]
_AR_ORDINALS[11] = ["الحادي عشر"]
for _i, _u in enumerate(_AR_UNITS[1:], start=12):
    _AR_ORDINALS[_i] = [_u + " عشر"]
_AR_ORDINALS[20] = ["العشرين"]
_AR_ORDINALS[21] = ["الحادي والعشرين", "الواحد والعشرين"]
for _i, _u in enumerate(_AR_UNITS[1:], start=22):
    _AR_ORDINALS[_i] = [_u + " والعشرين"]
_AR_ORDINALS[30] = ["الثلاثين"]
_AR_ORDINALS[31] = ["الحادي والثلاثين", "الواحد والثلاثين"]

_AR_MONTH = _alt([w for ws in _AR_MONTHS.values() for w in ws], _AR_CLASS)
_AR_WD = _alt([w for ws in _AR_WEEKDAYS.values() for w in ws], _AR_CLASS)
_AR_Q = _alt(_AR_PAST + _AR_NEXT, _AR_CLASS)
_AR_ORD = _alt([w for ws in _AR_ORDINALS.values() for w in ws], _AR_CLASS)
_AR_TIME = _alt(["يوم", "مساء", "صباح", "ظهر", "عصر", "ليل", "ليله", "فجر", "نهار", "ظهيره", "منتصف ليل"], _AR_CLASS)
_AR_DUAL = rf"(?:\s*[/\\\-]\s*{_AR_MONTH}(?!\w)|\s*\(\s*{_AR_MONTH}(?!\w)(?:\s*\))?)?"
_AR_YEARWORD = _alt(["عام", "العام", "سنه", "لعام"], _AR_CLASS)
_AR_MIN = _ar("من")
_AR_SHAHR = _ar("شهر")
_AR_AL = _ar("ال")


def _ar_year_tail(y: str) -> str:
    return rf"(?:\s*[,،]?\s*(?:(?:{_AR_MIN}\s+)?{_AR_YEARWORD}\s+)?(?P<{y}>{_YEAR})(?:\s*م(?!\w))?)?"


def _ar_day_month(d: str, m: str, y: str, sh: str) -> str:
    return (
        rf"(?P<{d}>\d{{1,2}})\s*(?:{_AR_MIN}\s+)?(?P<{sh}>{_AR_SHAHR}\s+)?(?P<{m}>{_AR_MONTH})(?!\w)"
        rf"{_AR_DUAL}{_ar_year_tail(y)}"
    )


_AR_TODAY_EXCL = _alt(  # «اليوم التالي» "the next day", «اليوم الوطني» ... are not "today"
    ["التالي", "السابق", "الاول", "الثاني", "الثالث", "الاخير", "الوطني", "العالمي", "الدولي", "نفسه", "ذاته"]
    + ["الموعود"],
    _AR_CLASS,
)
_AR_RELATIVE = (
    rf"(?P<r>{_ar('اول')}\s+(?:{_AR_MIN}\s+)?{_ar('امس')}|{_ar('امس')}\s+{_ar('الاول')}"
    rf"|(?:{_AR_AL})?{_ar('امس')}"
    rf"|(?:{_AR_AL}|(?<=ل)ل){_ar('يوم')}(?!\s+{_AR_TODAY_EXCL}(?!\w))"
    rf"|{_ar('غدا')}|{_ar('بعد غد')})(?!\w)"
)

# Each language has two branches: one for mentions starting with a digit, one for
# mentions starting with a word.  (Group names are made unique per branch; a trailing
# number in a group name is dropped when the match is read.)
_AR_BRANCHES = [
    rf"(?=[وفبل]?\d)[وفبل]?{_NUM_L}(?:{_YMD}|{_DMY}"
    rf"|{_ar_day_month('d3', 'm3', 'y3', 'sh3')}|(?P<y4>{_YEAR})(?![.,]\d))",
    rf"[وف]?[بل]?(?:"
    # weekday / relative day, optionally after a time of day: «مساء يوم الجمعة», «صباح اليوم»
    rf"(?:{_AR_TIME}\s+[وف]?[بل]?)?(?:"
    rf"(?:{_AR_AL}|(?<=ل)ل)(?P<w>{_AR_WD})(?!\w)(?:\s+(?P<q>{_AR_Q})(?!\w))?"
    rf"(?:\s*[,،\-]?\s*\(?\s*(?:{_ar('الموافق')}\s+)?{_ar_day_month('d', 'm', 'y', 'sh')}(?:\s*\))?)?"
    rf"|{_AR_RELATIVE})"
    # «السادس من شباط»
    rf"|(?P<o>{_AR_ORD})\s+{_AR_MIN}\s+(?P<sh2>{_AR_SHAHR}\s+)?(?P<m2>{_AR_MONTH})(?!\w){_AR_DUAL}{_ar_year_tail('y2')}"
    # «شباط/فبراير 2026», «في يونيو», «شهر مارس»
    rf"|(?P<sh3>{_AR_SHAHR}\s+)?(?P<m3>{_AR_MONTH})(?!\w){_AR_DUAL}{_ar_year_tail('y3')}"
    r")",
]

# ---- English ------------------------------------------------------------------------

_EN_MONTHS = {
    1: ["january", "jan"],
    2: ["february", "feb"],
    3: ["march", "mar"],
    4: ["april", "apr"],
    5: ["may"],
    6: ["june", "jun"],
    7: ["july", "jul"],
    8: ["august", "aug"],
    9: ["september", "sept", "sep"],
    10: ["october", "oct"],
    11: ["november", "nov"],
    12: ["december", "dec"],
}
_EN_SAFE = {"january", "february", "april", "june", "july", "august", "september", "october", "november", "december"}
_EN_WEEKDAYS = {
    0: ["monday"], 1: ["tuesday"], 2: ["wednesday"], 3: ["thursday"], 4: ["friday"], 5: ["saturday"], 6: ["sunday"]
}
_EN_RELATIVE = {
    -2: ["the day before yesterday"],
    -1: ["yesterday"],
    0: ["today", "tonight", "this morning", "this afternoon", "this evening"],
    1: ["tomorrow"],
    2: ["the day after tomorrow"],
}
_EN_MONTH = _alt([w for ws in _EN_MONTHS.values() for w in ws], _EN_CLASS)
_EN_WD = _alt([w for ws in _EN_WEEKDAYS.values() for w in ws], _EN_CLASS)
_EN_ORD = r"(?:st|nd|rd|th)?"


def _en_year_tail(y: str) -> str:
    return rf"(?:\.?\s*,?\s+(?P<{y}>{_YEAR}))?"


def _en_md(m: str, d: str, y: str) -> str:
    return rf"(?P<{m}>{_EN_MONTH})\.?\s+(?P<{d}>\d{{1,2}}){_EN_ORD}(?!\w){_en_year_tail(y)}"


def _en_dm(d: str, m: str, y: str) -> str:
    return rf"(?P<{d}>\d{{1,2}}){_EN_ORD}\s+(?:of\s+)?(?P<{m}>{_EN_MONTH})(?!\w){_en_year_tail(y)}"


_EN_BRANCHES = [
    rf"(?=\d){_NUM_L}(?:{_YMD}|{_en_dm('d2', 'm2', 'y2')}|(?P<y3>{_YEAR})(?![.,]\d))",
    rf"(?:(?:(?P<q>last|next)\s+)?(?P<w>{_EN_WD})(?!\w)(?:\s+(?:night|morning|evening|afternoon))?"
    rf"(?:\s*,?\s+(?:the\s+)?(?:{_en_md('m', 'd', 'y')}|{_en_dm('d2', 'm2', 'y2')}))?"
    rf"|{_en_md('m3', 'd3', 'y3')}"
    rf"|(?P<m4>{_EN_MONTH})(?:\.?,?\s+(?P<y4>{_YEAR}))?(?!\w)"
    rf"|(?P<r>{_alt([w for ws in _EN_RELATIVE.values() for w in ws], _EN_CLASS)})(?!\w))",
]

# ---- French -------------------------------------------------------------------------

_FR_MONTHS = {
    1: ["janvier", "janv"],
    2: ["fevrier", "fevr", "fev"],
    3: ["mars"],
    4: ["avril", "avr"],
    5: ["mai"],
    6: ["juin"],
    7: ["juillet", "juil"],
    8: ["aout"],
    9: ["septembre", "sept"],
    10: ["octobre", "oct"],
    11: ["novembre", "nov"],
    12: ["decembre", "dec"],
}
_FR_SAFE = {"janvier", "fevrier", "avril", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"}
_FR_WEEKDAYS = {
    0: ["lundi"], 1: ["mardi"], 2: ["mercredi"], 3: ["jeudi"], 4: ["vendredi"], 5: ["samedi"], 6: ["dimanche"]
}
_FR_RELATIVE = {
    -2: ["avant-hier"],
    -1: ["hier"],
    0: ["aujourd'hui", "aujourd hui", "ce soir", "ce matin", "cet apres-midi", "cette nuit"],
    1: ["demain"],
    2: ["apres-demain"],
}
_FR_MONTH = _alt([w for ws in _FR_MONTHS.values() for w in ws], _FR_CLASS)
_FR_WD = _alt([w for ws in _FR_WEEKDAYS.values() for w in ws], _FR_CLASS)
_FR_TIME = _alt(["soir", "matin", "midi", "apres-midi"], _FR_CLASS)


def _fr_dm(d: str, m: str, y: str) -> str:
    return rf"(?P<{d}>\d{{1,2}})(?:er|re|eme|e)?\s+(?P<{m}>{_FR_MONTH})(?!\w)(?:\.?\s+(?P<{y}>{_YEAR}))?"


_FR_BRANCHES = [
    rf"(?=\d){_NUM_L}(?:{_YMD}|{_DMY}"
    rf"|{_fr_dm('d3', 'm3', 'y3')}|(?P<y4>{_YEAR})(?![.,]\d))",
    rf"(?:(?P<w>{_FR_WD})(?!\w)(?:\s+{_FR_TIME}(?!\w))?(?:\s+(?P<q>{_alt(['dernier', 'prochain'], _FR_CLASS)})(?!\w))?"
    rf"(?:\s*,?\s+{_fr_dm('d', 'm', 'y')})?"
    rf"|(?P<m2>{_FR_MONTH})(?:\.?\s+(?P<y2>{_YEAR}))?(?!\w)"
    rf"|(?P<r>{_alt([w for ws in _FR_RELATIVE.values() for w in ws], _FR_CLASS)})(?!\w)(?:\s+{_FR_TIME}(?!\w))?)",
]

_GROUP_RE = re.compile(r"\(\?P<(\w+)>")


def _trigger_res(alternatives: list[str], common: str, flags: int = 0) -> list[re.Pattern]:
    """Regexes that find the trigger words.  Each alternative starts with a literal
    character.  Alternatives starting with a rare character share one regex (``re`` skips
    ahead with a first-character set); those starting with a character in ``common`` get
    one regex per character (``re`` then skips ahead with a fast literal search)."""
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        groups.setdefault(alt[0], []).append(alt[1:] + r"(?!\w)")
    rare = [re.escape(c) + "(?:" + "|".join(rs) + ")" for c, rs in groups.items() if c not in common]
    out = [re.compile("|".join(rare), flags)] if rare else []
    out += [re.compile(re.escape(c) + "(?:" + "|".join(rs) + ")", flags) for c, rs in groups.items() if c in common]
    return out


class _Lang:
    """One combined regex for a language, each branch wrapped in a group ``b<k>``, plus a
    cheap trigger regex of the words that every mention without a digit contains."""

    __slots__ = (
        "name", "regex", "regex_i", "branch_groups", "triggers", "triggers_i", "months", "safe_months",
        "weekdays", "relative", "qualifiers", "lower",
    )

    def __init__(self, name, branches, lower, triggers, common, months, safe_months, weekdays, relative, qualifiers):
        parts = []
        names: list[list[tuple[str, str]]] = []
        for k, b in enumerate(branches):
            local: list[tuple[str, str]] = []

            def rename(mo, k=k, local=local):
                base = mo.group(1)
                local.append((base.rstrip("0123456789"), f"{base}_{k}"))
                return f"(?P<{base}_{k}>"

            parts.append(f"(?P<b{k}>{_GROUP_RE.sub(rename, b)})")
            names.append(local)
        source = r"(?<!\w)(?:" + "|".join(parts) + ")"
        self.name = name
        self.lower = lower  # match on lower-cased text
        self.regex = re.compile(source)
        self.regex_i = re.compile(source, re.IGNORECASE) if lower else self.regex
        gi = self.regex.groupindex
        # branch group index -> [(base name, index into match.groups())]
        self.branch_groups = {
            gi[f"b{k}"]: [(base, gi[full] - 1) for base, full in local] for k, local in enumerate(names)
        }
        self.triggers = _trigger_res(triggers, common)
        self.triggers_i = _trigger_res(triggers, common, re.IGNORECASE) if lower else self.triggers
        self.months = _table(months)
        self.safe_months = {_fold(w) for w in safe_months}
        self.weekdays = _table(weekdays)
        self.relative = relative
        self.qualifiers = qualifiers


def _ar_relative(s: str) -> int | None:
    s = _fold(s)
    if "امس" in s:
        return -2 if ("اول" in s) else -1
    if s.endswith("يوم"):
        return 0
    if "بعد غد" in s:
        return 2
    if s.endswith("غدا"):
        return 1
    return None


def _table_relative(groups: dict[int, list[str]]):
    tab = _table(groups)
    return lambda s: tab.get(_fold(s))


# Trigger words: every mention without a digit ends one of these words (ambiguous month
# words are included because «السادس من مارس» has no digit).  Each alternative starts at
# the word's rarest letter, with a look-behind for the letters before it, so that few
# positions of ordinary text need a closer look.
_AR_TRIGGERS = [
    "ح(?<=[اأإ]ح)د", "ثنين", "ثلاثاء", "ء(?<=ربعاء)", "خميس", "جمع[هة]", "سبت",  # weekdays
    "س(?<=[اأإ]مس)", "غد[اأإآ]?", "م(?<=ليوم)", "شهر",  # أمس، غدا، اليوم، شهر
    "كانون", "شرين", "جانفي", "شباط", "فبراير", "فيفري", "ذار", "س(?<=مارس)", "سان(?<=نيسان)",
    "بريل", "فريل", "أيار", "ر(?<=[اإ]يار)", "مايو", "ماي", "زيران", "و(?<=يونيو)", "ه(?<=يوني)",
    "ة(?<=يوني)", "جوان", "ز(?<=تموز)", "و(?<=يوليو)", "ز(?<=يوليوز)", "ه(?<=يولي)", "ة(?<=يولي)",
    "جويلي[هة]", "آب", "أب", "أوت", "غسطس", "غشت", "ل(?<=يلول)", "سبتمبر", "شتنبر", "كتوبر",
    "فمبر", "ب(?<=نونب)ر", "سمبر", "جنبر", "ر(?<=يناير)",
]
_AR_COMMON = "ايلمونرتب"
_EN_TRIGGERS = [
    "y(?<=day)", "w(?<=tomorrow)", "g(?<=tonig)ht", "g(?<=rning)", "g(?<=ening)", "f(?<=af)ternoon",
    "y(?<=uary)", "p(?<=ap)ril", "june", "july", "g(?<=au)ust", "b(?<=mb)er", "b(?<=octob)er",
]
_EN_COMMON = "etaonis"
_FR_TRIGGERS = [
    "di", "dimanche", "demain", "hier", "jourd", "matin", "ce\\s+soir", "cette\\s+nuit", "cet\\s+apr",
    "janvier", "vrier", "vril", "juin", "juillet", "ût", "b(?<=mb)re", "b(?<=octob)re",
]
_FR_COMMON = "etaonisr"

_LANGS: dict[str, _Lang] = {
    "ar": _Lang(
        "ar",
        _AR_BRANCHES,
        False,
        _AR_TRIGGERS,
        _AR_COMMON,
        _AR_MONTHS,
        [w for ws in _AR_MONTHS.values() for w in ws if w not in _AR_AMBIGUOUS],
        _AR_WEEKDAYS,
        _ar_relative,
        {**{_fold(w): -1 for w in _AR_PAST}, **{_fold(w): 1 for w in _AR_NEXT}},
    ),
    "en": _Lang(
        "en", _EN_BRANCHES, True, _EN_TRIGGERS, _EN_COMMON, _EN_MONTHS, _EN_SAFE, _EN_WEEKDAYS,
        _table_relative(_EN_RELATIVE), {"last": -1, "next": 1},
    ),
    "fr": _Lang(
        "fr", _FR_BRANCHES, True, _FR_TRIGGERS, _FR_COMMON, _FR_MONTHS, _FR_SAFE, _FR_WEEKDAYS,
        _table_relative(_FR_RELATIVE), {"dernier": -1, "prochain": 1},
    ),
}
_AR_ORD_TABLE = _table(_AR_ORDINALS)
_EN_CAPITALISED = {"may", "march", "mar"}  # a month only when written "May", "March", "Mar"

_HAS_ARABIC = re.compile("[\u0600-\u06ff]")
_HAS_LATIN = re.compile("[A-Za-zÀ-ÿ]")
_DIGIT_RUN = re.compile("[0-9٠-٩۰-۹][0-9٠-٩۰-۹]*")  # not "+": a leading set lets re skip ahead
_WORD_START = re.compile(r"(?<!\w)\w")
_BACK = 32  # a mention starts at most this many characters (and 3 words) before its trigger
_LONG_LEAD = ("من", "شهر")  # words before a month that may follow an ordinal day


def _emit(L: _Lang, mo: re.Match, orig: str, adj: list[int] | None, out: list[DateMention]) -> None:
    year = month = day = weekday = rel = None
    direction = 0
    groups = mo.groups()
    month_at = -1
    month_key = None
    shahr = False
    for base, idx in L.branch_groups[mo.lastindex]:
        v = groups[idx]
        if v is None:
            continue
        if base == "y":
            year = int(v)
        elif base == "d":
            day = int(v)
            if not 1 <= day <= 31:
                return
        elif base == "mn":
            month = int(v)
            if not 1 <= month <= 12:
                return
        elif base == "m":
            month_key = _fold(v)
            month = L.months.get(month_key)
            if month is None:
                return
            month_at = mo.start(idx + 1)
        elif base == "w":
            weekday = L.weekdays.get(_fold(v))
        elif base == "q":
            direction = L.qualifiers.get(_fold(v), 0)
        elif base == "o":
            day = _AR_ORD_TABLE.get(_fold(v))
            if day is None:
                return
        elif base == "r":
            rel = L.relative(v)
            if rel is None:
                return
        elif base == "sh":
            shahr = True
    if month_key is not None and year is None:
        if day is None and not shahr and month_key not in L.safe_months:
            return  # "may", "mars", «مارس» alone: a verb, not a month
        if L.name == "en" and month_key in _EN_CAPITALISED:
            if adj is not None:
                month_at += bisect_right(adj, month_at)
            if not orig[month_at].isupper():
                return  # "they may 2 ...", "march 5 miles"
    if year is not None and month is not None and day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return
    start, end = mo.span()
    if adj is not None:
        start = start + bisect_right(adj, start)
        end = end - 1 + bisect_right(adj, end - 1) + 1
        end = _MARKS_RE.match(orig, end).end()
    out.append(DateMention(start, end, orig[start:end], year, month, day, weekday, rel, direction))


def _scan(L: _Lang, s: str, folded: bool, digit_hits: list[int], orig: str, adj, out: list[DateMention]) -> None:
    """Try the language regex only at the word starts just before each trigger (a digit
    run or a trigger word).  ``s`` is the text the regex runs on."""
    hits = list(digit_hits)
    for rx in L.triggers if folded else L.triggers_i:
        hits += [m.start() for m in rx.finditer(s)]
    hits.sort()
    if not hits:
        return
    match = (L.regex if folded else L.regex_i).match
    ws_iter = _WORD_START.finditer
    covered = 0
    for h in hits:
        if h < covered:
            continue
        lo = h - _BACK
        if lo < covered:
            lo = covered
        starts = [w.start() for w in ws_iter(s, lo, h + 1)]
        # A mention starts at the trigger's word or the word before ("يوم الجمعة", "last
        # Friday", "Feb. 6"), except «الحادي والعشرين من (شهر) شباط»: up to 3 words before.
        if len(starts) > 2 and s.startswith(_LONG_LEAD, starts[-2]):
            starts = starts[-4:]
        else:
            starts = starts[-2:]
        for w in starts:
            if w < covered:
                continue
            mo = match(s, w)
            if mo is not None:
                covered = mo.end()
                _emit(L, mo, orig, adj, out)
                if covered > h:
                    break


def find_date_mentions(text: str, language: str | None = None) -> list[DateMention]:
    """All date expressions in ``text``, in order of position.

    ``language`` is "ar", "en", "fr" or None (try all that the script allows; so does
    any other value)."""
    if not text:
        return []
    if language not in _LANGS:  # None, or a language we do not know: try all
        langs = []
        if not text.isascii() and _HAS_ARABIC.search(text):
            langs.append("ar")
        if _HAS_LATIN.search(text):
            langs += ["en", "fr"]
        if not langs:
            langs = ["en"]
    else:
        langs = [language]
    out: list[DateMention] = []
    lowered = None
    latin_digits = None
    for lang in langs:
        L = _LANGS[lang]
        if L.lower:
            # diacritics and zero-width marks are only removed for Arabic
            if lowered is None:
                lowered = text.lower()
                latin_digits = [m.start() for m in _DIGIT_RUN.finditer(text)]
            if len(lowered) == len(text):
                _scan(L, lowered, True, latin_digits, text, None, out)
            else:  # rare characters whose lower case is longer: match case-insensitively
                _scan(L, text, False, latin_digits, text, None, out)
        else:
            adj = None
            work = text
            if _DEL_RE.search(text):
                parts = _DEL_RE.split(text)
                work = "".join(parts)
                adj = []  # for each deleted character: its offset in ``work``
                pos = 0
                for part in parts[:-1]:
                    pos += len(part)
                    adj.append(pos)
            _scan(L, work, True, [m.start() for m in _DIGIT_RUN.finditer(work)], text, adj, out)
    if len(langs) > 1 and out:
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        merged: list[DateMention] = []
        for m in out:
            if merged and m.start < merged[-1].end:
                continue
            merged.append(m)
        out = merged
    return out


# --------------------------------------------------------------------------------------
# resolution
# --------------------------------------------------------------------------------------


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _day_month(month: int, day: int, anchor: date, ahead: int, allow_future: bool) -> date | None:
    """Year for a day+month: the latest candidate not after anchor+ahead; when that is more
    than ~6 months back and ``allow_future``, the closest candidate overall."""
    cands = [c for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (c := _safe_date(y, month, day))]
    if not cands:  # 29 February in a non-leap neighbourhood
        cands = [c for y in range(anchor.year - 4, anchor.year + 1) if (c := _safe_date(y, month, day))]
        return cands[-1] if cands else None
    limit = anchor + timedelta(days=ahead)
    past = [c for c in cands if c <= limit]
    future = [c for c in cands if c > limit]
    best = past[-1] if past else None
    if allow_future and future and (best is None or (anchor - best).days > 183):
        f = future[0]
        if best is None or abs((f - anchor).days) < abs((anchor - best).days):
            best = f
    return best


def _day_month_weekday(month: int, day: int, weekday: int, anchor: date, ahead: int, allow_future: bool) -> date | None:
    limit = anchor + timedelta(days=ahead)
    for y in range(limit.year, limit.year - 11, -1):
        c = _safe_date(y, month, day)
        if c is not None and c <= limit and c.weekday() == weekday:
            return c
    return _day_month(month, day, anchor, ahead, allow_future)


def _weekday(weekday: int, anchor: date, direction: int) -> date:
    if direction < 0:
        return anchor - timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)
    if direction > 0:
        return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _resolve(m: DateMention, anchor: date, ahead: int, allow_future: bool) -> date | None:
    if m.relative_days is not None:
        return anchor + timedelta(days=m.relative_days)
    if m.day is not None and m.month is not None:
        if m.year is not None:
            return _safe_date(m.year, m.month, m.day)
        if m.weekday is not None:
            return _day_month_weekday(m.month, m.day, m.weekday, anchor, ahead, allow_future)
        return _day_month(m.month, m.day, anchor, ahead, allow_future)
    if m.weekday is not None and m.month is None:
        return _weekday(m.weekday, anchor, m.direction)
    return None


def resolve_mention(m: DateMention, anchor: date) -> date | None:
    """The calendar date ``m`` refers to, relative to ``anchor`` (the publication date).

    Weekday alone: the most recent such day on or before anchor (same weekday = anchor);
    "last X" strictly before, "next X" strictly after.  Day+month without year: the latest
    year not after anchor+7 days (unless that is over ~6 months back and the next year is
    closer).  With a weekday too: the latest year (not after anchor+7 days, within 10 years)
    in which the date falls on that weekday.  Year-only, month-only, month+year: None."""
    return _resolve(m, anchor, 7, True)


def statement_date(text: str, anchor: date, language: str | None = None) -> tuple[date, DateMention] | None:
    """Date of a statement whose sentence/clause is ``text``: the first mention resolving to a
    date in [anchor - 60 days, anchor + 1 day]; None when there is none."""
    lo = anchor - timedelta(days=60)
    hi = anchor + timedelta(days=1)
    for m in find_date_mentions(text, language):
        d = _resolve(m, anchor, 7, True)
        if d is not None and lo <= d <= hi:
            return d, m
    return None


def infer_published_date(text: str, today: date) -> date | None:
    """Publication date of an article without date metadata, inferred from its text.

    The latest explicit day+month date (resolved against ``today``, never after it), moved
    forward to the nearest later weekday mentioned bare after it (within 6 days) but not
    past ``today``.  None when the text has no explicit day+month date."""
    mentions = find_date_mentions(text)
    best: date | None = None
    best_idx = -1
    for i, m in enumerate(mentions):
        if m.day is None or m.month is None:
            continue
        d = _resolve(m, today, 0, False)
        if d is None or d > today:
            continue
        if best is None or d >= best:
            best, best_idx = d, i
    if best is None:
        return None
    deltas = [
        (m.weekday - best.weekday()) % 7
        for m in mentions[best_idx + 1 :]
        if m.weekday is not None and m.day is None and m.direction <= 0
    ]
    deltas = [x for x in deltas if x > 0]
    if deltas:
        moved = best + timedelta(days=min(deltas))
        if moved <= today:
            best = moved
    return best


# --------------------------------------------------------------------------------------
# metadata values
# --------------------------------------------------------------------------------------

_ISO_RE = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T\s_]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?\s*$",
    re.I,
)
_COMPACT_RE = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?:T\d{2}:?\d{2}(?::?\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_YMD_RE = re.compile(r"\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_DMY_RE = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def parse_date_value(value: str) -> date | None:
    """Parse a metadata date: ISO 8601 (date or datetime, Z/offset), RFC 2822, "6 February
    2026", "February 6, 2026", "06/02/2026" (day first), "2026/02/06", or an Arabic/French
    date with month name and year.  The date is taken as written (no time-zone shift)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip().translate(_DIGITS)
    if not s:
        return None
    for rx in (_ISO_RE, _COMPACT_RE, _YMD_RE):
        if mo := rx.match(s):
            return _safe_date(int(mo[1]), int(mo[2]), int(mo[3]))
    if mo := _DMY_RE.match(s):
        return _safe_date(int(mo[3]), int(mo[2]), int(mo[1]))
    if "," in s[:5] or re.match(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", s):
        try:
            return parsedate_to_datetime(s).date()
        except (TypeError, ValueError, IndexError):
            pass
    for m in find_date_mentions(s):
        if m.year is not None and m.month is not None and m.day is not None:
            return date(m.year, m.month, m.day)
    return None
