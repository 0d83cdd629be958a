"""The sentence around a quote, so that evidence stands alone.

The extractor keeps the evidence span it read (verbatim, with its offsets), which can be
a fragment: "if sanctions are lifted", « …en cas d'accord vérifiable, sans ». A reader
needs the sentence that carries it. Reports show that sentence, bounded, cut from the
stored article text (so still verbatim), with the evidence marked inside it.
"""

from __future__ import annotations

import re

# Where a sentence ends: terminal punctuation followed by a space or a line break, or a
# line break (a paragraph, a list item). Quotes and brackets after the mark stay with it.
_END_RE = re.compile(r"[.!?؟…](?:[\"'”’»)\]]+)?(?=\s)|\n")
MAX_CONTEXT_CHARS = 420  # the whole sentence shown, up to this many characters
_ELLIPSIS = "…"


def sentence_around(text: str, start: int, end: int, limit: int = MAX_CONTEXT_CHARS) -> tuple[str, str]:
    """(before, after): the rest of the sentence holding ``text[start:end]`` on each side,
    bounded so that the three together stay within ``limit`` characters (cut at a word,
    with an ellipsis)."""
    s = 0
    for m in _END_RE.finditer(text, 0, start):
        s = m.end()
    m = _END_RE.search(text, end)
    e = m.end() if m and m.group() != "\n" else (m.start() if m else len(text))
    before, after = text[s:start].lstrip(), text[end:e].rstrip()
    room = max(0, limit - (end - start))
    if len(before) + len(after) > room:
        half = room // 2
        keep_before = min(len(before), max(half, room - len(after)))
        keep_after = min(len(after), room - keep_before)
        if keep_before < len(before):
            cut = before[len(before) - keep_before:]
            before = _ELLIPSIS + cut[cut.find(" ") + 1:] if " " in cut else _ELLIPSIS + cut
        if keep_after < len(after):
            cut = after[:keep_after]
            after = (cut[:cut.rfind(" ")] if " " in cut else cut) + _ELLIPSIS
    return before, after


def locate(text: str, evidence: str) -> tuple[int, int] | None:
    """Offsets of ``evidence`` in ``text`` (verbatim; evidence is always cut from it)."""
    i = text.find(evidence)
    return (i, i + len(evidence)) if i >= 0 and evidence else None
