"""Normalisation for matching only, with a map back to the original offsets.

Extraction matches codebook entries against a *normalised* copy of the article and
reports evidence as a verbatim span of the *stored* text. Normalisation is therefore
almost length-preserving: every character maps to exactly one character, except the
few that are deleted (Arabic diacritics and tatweel, zero-width and bidi marks). The
map back is a sorted list of deletion points, so it costs nothing for Latin text and
O(log n) per offset otherwise.

What is folded (for matching, never for storage):
- Unicode NFKC per character (only where it gives one character: "…" stays "…");
- Latin: lower case, accents folded (é → e), hyphens → space, typographic apostrophes → ';
- Arabic: diacritics and tatweel removed, أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي,
  Persian ک/ی → ك/ي, Eastern Arabic and Persian digits → ASCII;
- every quotation mark (« » “ ” „ ‟ ″ ‹ › ") → '"'.

Speed: the per-character table is computed once per distinct character. An article of
Latin and Arabic text is folded by one numpy lookup per character in a code-point table
(``str.translate`` with a dict costs a lookup and a one-character string per character:
it was a tenth of the extractor's time); a short text, or one with a character outside
the table, goes through ``str.translate`` with the lazily filled dict. Both give the same
result (tests/extract/test_text.py checks them against each other).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

QUOTE = '"'

# Characters removed outright: Arabic harakat, superscript alef, tatweel, zero-width and
# directional marks, soft hyphen, BOM. Keep in sync with _DELETED_RE below.
_DELETED = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u00ad", "\ufeff"]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_DELETED_RE = re.compile("[" + "".join(re.escape(c) for c in _DELETED) + "]")

_FIXED: dict[str, str] = {
    # Arabic letter unification
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي", "ۀ": "ه", "ٰ": "",
    # quotation marks → one
    "«": QUOTE, "»": QUOTE, "“": QUOTE, "”": QUOTE, "„": QUOTE, "‟": QUOTE, "″": QUOTE,
    "‹": QUOTE, "›": QUOTE, "〝": QUOTE, "〞": QUOTE, "＂": QUOTE, '"': QUOTE,
    # apostrophes (also the French elision mark) → ASCII apostrophe
    "’": "'", "‘": "'", "‚": "'", "‛": "'", "ʼ": "'", "′": "'", "`": "'",
    # hyphens join words the same way spaces do ("non-negotiable" = "non negotiable")
    "-": " ", "‐": " ", "‑": " ", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}
for _i in range(10):
    _FIXED[chr(0x0660 + _i)] = str(_i)  # Eastern Arabic digits
    _FIXED[chr(0x06F0 + _i)] = str(_i)  # Persian digits
for _c in _DELETED:
    _FIXED[_c] = ""


def _fold_char(c: str) -> str:
    """One character's normalised form (always one character, or '' for deletions)."""
    if c in _FIXED:
        return _FIXED[c]
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:
        n = c
    low = n.lower()
    if len(low) == 1:
        n = low
    if n.isascii():
        return n
    # fold Latin accents: é → e (decompose, keep the base letter if it is ASCII)
    base = unicodedata.normalize("NFD", n)[0]
    if base.isascii() and base.isalpha():
        return base
    return n


class _FoldTable(dict):
    """A translate table filled lazily: each new character is folded once, ever."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


_TABLE = _FoldTable()

# The characters of Latin and Arabic news (Latin up to Latin Extended-B, Arabic, General
# Punctuation) folded once at import into a plain dict: ``str.translate`` looks up a
# plain dict faster than the lazily filled subclass (normalisation a third faster). A
# text with any other character is translated with the lazy table.
_COMMON_RANGES = ((0x0000, 0x0250), (0x0600, 0x0700), (0x2000, 0x2070))
_COMMON_TABLE = {c: _fold_char(chr(c)) for lo, hi in _COMMON_RANGES for c in range(lo, hi)}
_UNCOMMON_RE = re.compile("[^" + "".join(f"{chr(lo)}-{chr(hi - 1)}" for lo, hi in _COMMON_RANGES) + "]")


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalised copy of ``original`` and the map from its offsets back."""

    original: str
    norm: str
    _gaps: tuple[int, ...]  # normalised offsets where deleted characters were removed

    def orig_start(self, i: int) -> int:
        """Original offset of the character at normalised offset ``i`` (span starts)."""
        if not self._gaps:
            return i
        return i + bisect_right(self._gaps, i)

    def orig_end(self, j: int) -> int:
        """Original offset for an exclusive normalised end ``j``: marks deleted right
        after the last character (an Arabic vowel sign) stay inside the span."""
        if not self._gaps:
            return j
        return j + bisect_right(self._gaps, j)

    def orig_span(self, i: int, j: int) -> tuple[int, int]:
        return self.orig_start(i), self.orig_end(j)

    def norm_offset(self, k: int) -> int:
        """Normalised offset of original offset ``k`` (inverse of ``orig_start``)."""
        if not self._gaps:
            return k
        # number of deletions at original positions < k: gaps g with g + index < k
        lo, hi = 0, len(self._gaps)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._gaps[mid] + mid < k:
                lo = mid + 1
            else:
                hi = mid
        return k - lo


def normalize(text: str) -> NormText:
    """Normalise ``text`` for matching; see the module docstring."""
    if len(text) >= _ARRAY_MIN_CHARS:
        done = _normalize_as_array(text)
        if done is not None:
            return done
    norm = text.translate(_COMMON_TABLE if _UNCOMMON_RE.search(text) is None else _TABLE)
    if len(norm) == len(text):
        return NormText(text, norm, ())
    # only deletions change the length: record where each one falls in ``norm``
    gaps = tuple(m.start() - n for n, m in enumerate(_DELETED_RE.finditer(text)))
    return NormText(text, norm, gaps)


# Below this length the fixed cost of the array calls outweighs the per-character work.
_ARRAY_MIN_CHARS = 200
_GONE = 0xFFFFFFFF  # a deleted character, in the code-point table


@cache
def _code_table():
    """The common characters' folded code points as one numpy array indexed by code
    point (``_GONE`` for a deletion), and which code points it covers."""
    import numpy as np

    size = _COMMON_RANGES[-1][1]
    table = np.full(size, _GONE, dtype=np.uint32)
    covered = np.zeros(size, dtype=bool)
    for c, folded in _COMMON_TABLE.items():
        table[c] = ord(folded) if folded else _GONE
        covered[c] = True
    return table, covered


def _normalize_as_array(text: str) -> NormText | None:
    """``normalize`` by one table lookup per character in numpy: ``str.translate``
    calls a dictionary lookup and builds a string per character, a tenth of the
    extractor's time. None when a character lies outside the table (the translate
    path handles it) or cannot be encoded (a lone surrogate)."""
    import numpy as np

    table, covered = _code_table()
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    except UnicodeEncodeError:
        return None
    if int(codes.max()) >= len(table) or not covered[codes].all():
        return None
    folded = table[codes]
    gone = folded == _GONE
    if not gone.any():
        return NormText(text, folded.tobytes().decode("utf-32-le"), ())
    at = gone.nonzero()[0]  # original offsets of the deleted characters
    gaps = tuple(int(g) - n for n, g in enumerate(at.tolist()))
    return NormText(text, folded[~gone].tobytes().decode("utf-32-le"), gaps)


def fold(s: str) -> str:
    """Normalise a short string (a codebook entry) the same way as an article; spaces
    are collapsed so entries can be written naturally."""
    return " ".join(s.translate(_TABLE).split())
