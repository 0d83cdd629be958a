"""Checking the model's answer: codebook labels, verbatim evidence, actors, dates."""

from __future__ import annotations

from datetime import date

import pytest

from negotrack.llm.answer import BadAnswer, check, locate, parse_answer
from negotrack.models import Article

TEXT = ("Iranian Foreign Minister Abbas Araghchi said on Saturday: « Enrichment   is our right, "
        "it will continue. » The US envoy said sanctions relief was on the table.")
AR = "وقال عراقجي إنَّ التخصيبَ حقٌّ لإيران"


def _article(text=TEXT, language="en"):
    return Article(article_id="a1", text=text, language=language, published=date(2026, 2, 8))


def test_exact_evidence_is_found_at_its_offsets():
    s, e, how = locate(TEXT, "The US envoy said sanctions relief was on the table.")
    assert how == "exact" and TEXT[s:e] == "The US envoy said sanctions relief was on the table."


@pytest.mark.parametrize("given", [
    '"Enrichment is our right, it will continue."',  # other quotation marks, one space
    "enrichment IS our right",  # case
    "Enrichment is our right, it will continue. »",
])
def test_evidence_found_after_normalisation_is_the_articles_own_text(given):
    found = locate(TEXT, given)
    assert found is not None and found[2] == "normalised"
    s, e, _ = found
    assert "Enrichment   is our right" in TEXT[s:e] or TEXT[s:e].lower().startswith("enrichment   is our right")


def test_arabic_evidence_without_diacritics_maps_back_to_the_vowelled_text():
    s, e, how = locate(AR, "ان التخصيب حق لايران")
    assert how == "normalised"
    assert AR[s:e] == "إنَّ التخصيبَ حقٌّ لإيران"


def test_invented_or_paraphrased_evidence_is_not_found():
    assert locate(TEXT, "Araghchi said Iran will never give up enrichment") is None
    assert locate(TEXT, "Enrichment is our right ... on the table") is None
    assert locate(TEXT, "   ") is None


def test_check_keeps_known_verifiable_positions_and_counts_the_rest(cb):
    answer = parse_answer("""{"positions": [
      {"party": "iran", "issue": "enrichment", "stance": "insist", "actor": "Araghchi",
       "evidence": "Enrichment   is our right, it will continue.", "date": "2026-02-07"},
      {"party": "usa", "issue": "sanctions", "stance": "open", "actor": null,
       "evidence": "sanctions relief was on the table", "date": null},
      {"party": "iran", "issue": "ballistic_missiles", "stance": "refuse", "actor": "Abbas Araghchi",
       "evidence": "Our missiles are not negotiable.", "date": null},
      {"party": "hamas", "issue": "sanctions", "stance": "insist", "actor": null,
       "evidence": "sanctions relief was on the table", "date": null},
      {"party": "usa", "issue": "prisoners", "stance": "open", "actor": null,
       "evidence": "sanctions relief was on the table", "date": null},
      {"party": "usa", "issue": "sanctions", "stance": "maybe", "actor": null,
       "evidence": "sanctions relief was on the table", "date": null}
    ]}""")
    out = check(answer, _article(), cb, "m")
    assert out.unverified == 1 and out.unknown == 3
    assert [(s.party, s.issue, s.stance) for s in out.statements] == [
        ("iran", "enrichment", "insist"), ("usa", "sanctions", "open")]
    iran, usa = out.statements
    for s in out.statements:
        assert TEXT[s.char_start:s.char_end] == s.evidence
        assert s.cue == "llm" and s.rule == "m" and 0 < s.confidence <= 1
    assert iran.actor == "Abbas Araghchi" and iran.speaker_method == "name"  # alias -> canonical name
    assert iran.stated_on == date(2026, 2, 7) and iran.date_source == "text"
    assert usa.actor is None and usa.speaker_method == "party"
    assert usa.stated_on == date(2026, 2, 8) and usa.date_source == "published"
    assert iran.hardness == 1 and usa.hardness == -1


def test_unlisted_actor_is_kept_and_implausible_date_falls_back(cb):
    answer = parse_answer('{"positions": [{"party": "usa", "issue": "sanctions", "stance": "open", '
                          '"actor": "A State  Department official", "evidence": "sanctions relief", '
                          '"date": "1999-01-01"}]}')
    (s,) = check(answer, _article(), cb, "m").statements
    assert s.actor == "A State Department official" and s.speaker_method == "llm_actor"
    assert s.stated_on == date(2026, 2, 8) and s.date_source == "published"


@pytest.mark.parametrize("content", ["{not json", '{"positions": "none"}', "[]", '{"answer": []}',
                                     '{"positions": [{"party": "iran"}]}'])
def test_malformed_answers_are_rejected_whole(content):
    with pytest.raises(BadAnswer):
        parse_answer(content)


def test_fenced_json_is_read():
    assert parse_answer('```json\n{"positions": []}\n```').positions == []
