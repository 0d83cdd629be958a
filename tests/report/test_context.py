"""Evidence stands alone: a quote is shown with the rest of its sentence, bounded."""

from __future__ import annotations

from negotrack.report.context import locate, sentence_around


def _show(text: str, evidence: str, limit: int = 420) -> str:
    span = locate(text, evidence)
    assert span is not None
    before, after = sentence_around(text, *span, limit=limit)
    return before + evidence + after


def test_a_fragment_gets_its_whole_sentence():
    text = ("Talks resumed in Muscat. Iran would cap enrichment at 3.67% if sanctions are lifted, "
            "the minister said. Nothing else was agreed.")
    assert _show(text, "if sanctions are lifted") == \
        "Iran would cap enrichment at 3.67% if sanctions are lifted, the minister said."


def test_french_and_arabic_sentences():
    fr = ("Le ministre a parlé. « Nous accepterons un plafond en cas d'accord vérifiable, sans "
          "renoncer à nos droits », a-t-il dit. Fin.")
    assert _show(fr, "en cas d'accord vérifiable, sans") == (
        "« Nous accepterons un plafond en cas d'accord vérifiable, sans renoncer à nos droits », a-t-il dit.")
    ar = "بدأت الجولة. وقال عراقجي إن التخصيب سيستمر مهما حدث. وانتهى اللقاء؟ نعم."
    assert _show(ar, "التخصيب سيستمر") == "وقال عراقجي إن التخصيب سيستمر مهما حدث."


def test_a_paragraph_break_ends_the_sentence():
    text = "Headline without a full stop\nIran said enrichment will continue\nNext paragraph."
    assert _show(text, "enrichment will continue") == "Iran said enrichment will continue"


def test_a_long_sentence_is_bounded_at_words_with_ellipses():
    words = " ".join(f"w{i}" for i in range(200))
    text = f"{words} KEY PHRASE {words}."
    shown = _show(text, "KEY PHRASE", limit=80)
    assert "KEY PHRASE" in shown and shown.startswith("…") and shown.endswith("…")
    assert len(shown) <= 82
    assert " w" in shown and not shown[1:].startswith(" ")  # cut at a word, not inside one
    inner = shown.strip("…").split()
    assert all(w.startswith("w") or w in ("KEY", "PHRASE") for w in inner)


def test_evidence_that_is_the_sentence_gets_nothing_added():
    text = "First. The programme is not negotiable. Last."
    span = locate(text, "The programme is not negotiable")
    assert sentence_around(text, *span) == ("", ".")
    assert locate(text, "absent") is None and locate(text, "") is None
