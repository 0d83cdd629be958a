"""Unlisted spellings of known names, by phonetic skeleton and fuzzy matching.

Transliteration varies mostly in vowels and in how a few consonants are written
(Araghchi / Araqchi / Araghtchi; عراقجي / عراقتشي / أراغتشي / عرقجي). A *skeleton*
keeps the consonant frame and merges the consonants that transliterations confuse, so
all of those reduce to the same key. Only words in a speaker position (after an
honorific or a title, next to a speech verb) are tried, so a rare collision with an
ordinary word does no harm.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from negotrack.text import fold

_LATIN_RULES = [
    (re.compile(r"tch|tsch|ch|sh|zh|dj|j"), "j"),
    (re.compile(r"gh|kh|q|ck|c|g|k"), "k"),
    (re.compile(r"ph|v"), "f"),
    (re.compile(r"[aeiouyhw']"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
]
# folded Arabic (see negotrack.text): alef forms are already ا, ة → ه, ى → ي
_AR_RULES = [
    (re.compile("تش|چ|ش|ج"), "ج"),
    (re.compile("[قغكگ]"), "ق"),
    (re.compile("[ثصس]"), "س"),
    (re.compile("[ذظضز]"), "ز"),
    (re.compile("[طت]"), "ت"),
    (re.compile("[اويعءه]"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
]
_ARABIC_RE = re.compile("[\u0600-\u06ff]")


def skeleton(word: str) -> str:
    """The consonant frame of a (folded) name."""
    w = fold(word).replace(" ", "")
    rules = _AR_RULES if _ARABIC_RE.search(w) else _LATIN_RULES
    for rx, rep in rules:
        w = rx.sub(rep, w)
    return w


class NameIndex:
    """Skeletons and spellings of single-word aliases → actor index."""

    def __init__(self, aliases: list[tuple[str, int]]) -> None:
        by_skel: dict[str, set[int]] = {}
        self._spellings: dict[str, int] = {}
        for alias, actor in aliases:
            key = fold(alias)
            if " " in key or len(key) < 4:
                continue
            self._spellings[key] = actor
            sk = skeleton(key)
            if len(sk) >= 3:
                by_skel.setdefault(sk, set()).add(actor)
        # a skeleton shared by two actors says nothing
        self._by_skeleton = {k: next(iter(v)) for k, v in by_skel.items() if len(v) == 1}
        self._choices = list(self._spellings)
        self._memo: dict[str, tuple[int, str] | None] = {}

    def lookup(self, word: str) -> tuple[int, str] | None:
        """(actor index, method) for an unlisted spelling, or None (memoised)."""
        if word in self._memo:
            return self._memo[word]
        if len(self._memo) > 100_000:
            self._memo.clear()
        found = self._memo[word] = self._lookup(word)
        return found

    def _lookup(self, word: str) -> tuple[int, str] | None:
        key = fold(word)
        if len(key) < 4:
            return None
        sk = skeleton(key)
        if len(sk) >= 3 and sk in self._by_skeleton:
            return self._by_skeleton[sk], "skeleton"
        best = process.extractOne(key, self._choices, scorer=fuzz.ratio, score_cutoff=84)
        if best is not None:
            return self._spellings[best[0]], "fuzzy"
        return None
