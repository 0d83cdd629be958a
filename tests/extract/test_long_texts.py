"""Texts with no sentence end: a run-on page, or a PDF whose full stops were lost, makes one
clause of the whole article. Every statement in it must still carry a bounded, verbatim
piece of the text around its own cue, and the work must grow with the text, not with
the square of it (the timing itself is bench territory; memory and size are checked here)."""
from __future__ import annotations

import resource
from datetime import date

import pytest

from negotrack.codebook import load_codebook
from negotrack.extract import EVIDENCE_MAX_CHARS, extract_article
from negotrack.models import Article

RUN_ON = {
    "en": "Iran rejects any halt to uranium enrichment and the United States demands sanctions relief talks, ",
    "fr": "l'Iran refuse tout arrêt de l'enrichissement d'uranium et les États-Unis exigent des sanctions, ",
    "ar": "ترفض إيران أي وقف لتخصيب اليورانيوم وتطالب الولايات المتحدة بفرض العقوبات، ",
}


@pytest.mark.parametrize("lang", sorted(RUN_ON))
def test_a_run_on_text_gives_bounded_verbatim_evidence_around_each_cue(lang):
    text = (RUN_ON[lang] * 3000).rstrip(" ,،") + "."  # ~300 kB, one sentence
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    statements = extract_article(Article(f"run-on-{lang}", text, lang, date(2026, 3, 12)), load_codebook())
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert len(statements) >= 3000  # the repeated positions are all still read
    for s in statements:
        assert s.evidence == text[s.char_start:s.char_end]
        assert len(s.evidence) <= EVIDENCE_MAX_CHARS
        assert s.cue and s.cue in s.evidence
    # one copy of the clause per statement would be ~1 GB here
    assert grown_mb < 300, f"extraction grew the process by {grown_mb:.0f} MB"


def test_a_clause_of_ordinary_length_keeps_its_whole_evidence():
    text = ("Iran's foreign minister said on Tuesday that Tehran would never give up uranium enrichment, "
            "a right it would not negotiate away under any pressure from Washington or its allies.")
    (s,) = extract_article(Article("short", text, "en", date(2026, 3, 12)), load_codebook())
    assert (s.party, s.issue, s.stance) == ("iran", "enrichment", "refuse")
    assert s.evidence == text.rstrip(".")  # the whole sentence, as before the bound existed
