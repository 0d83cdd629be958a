"""The lexicon matcher finds hits by searching after a non-word character (fast) but
must give exactly the matches of its reference regex, ``(?<!\\w)`` + the entries, run
with ``finditer``: at the start of the text, after an entry that ends in a full stop
("the u.s."), inside a range (``_scan_range``), in Arabic with proclitics."""

from __future__ import annotations

import random

import pytest

from negotrack.extract.lexicon import compile_matcher
from negotrack.text import normalize

ENTRIES = {
    "the u.s.": [("party", "US")], "u.s.": [("party", "US")], "iran": [("party", "IR")],
    "said": [("verb", None)], "enrich*": [("term", "enrichment")], "red line": [("cue", "refuse")],
    "not even #": [("cue", "refuse")], "_ said": [("verb", None)], "(iaea)": [("party", "IAEA")],
}
AR_ENTRIES = {"ايران": [("party", "IR")], "الخارجية": [("actor", 1)], "قال": [("verb", None)],
              "عقوب*": [("term", "sanctions")], "خط احمر": [("cue", "refuse")]}
PIECES = ["the u.s.", "u.s.", "iran", "iranian", "said", "enrichment", "enrich", "red line", "not even 3",
          "not even", "(iaea)", "x", "'", '"', ".", ",", "-", " ", " ", " ", "\n", "theu.s.", "u.s.iran",
          "u.s.said", "said.iran", "_", "9", "ab_said"]
AR_PIECES = ["ايران", "وايران", "لايران", "الخارجية", "للخارجية", "وقال", "قال", "العقوبات", "عقوبات",
             "خط احمر", "خطوط", " ", " ", ".", "،", '"', "x"]


def _reference(matcher, text: str, pos: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    return [m.span() for m in matcher.pattern.finditer(text, pos, end)]


@pytest.mark.parametrize("entries,pieces,arabic", [(ENTRIES, PIECES, False), (AR_ENTRIES, AR_PIECES, True)])
def test_spans_equal_the_reference_regex(entries, pieces, arabic):
    matcher = compile_matcher(entries, arabic)
    rng = random.Random(3)
    slow_path_seen = False
    for _ in range(3000):
        text = normalize("".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))).norm
        spans = matcher._spans(text, 0, len(text))
        assert spans == _reference(matcher, text), text
        slow_path_seen |= any(not text[b - 1].isalnum() for _a, b in spans)
        if text:
            a = rng.randrange(len(text))
            b = rng.randint(a, len(text))
            assert matcher._spans(text, a, b) == _reference(matcher, text, a, b), (text, a, b)
    assert arabic or slow_path_seen  # a match ending in "." (the u.s.) was met


def test_a_hit_right_after_an_entry_that_ends_in_a_full_stop():
    matcher = compile_matcher(ENTRIES, arabic=False)
    text = "u.s.iran said"
    assert matcher._spans(text, 0, len(text)) == [(0, 4), (4, 8), (9, 13)] == _reference(matcher, text)
