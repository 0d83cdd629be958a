"""Hostile text at the extractor: bidi controls, zero-width and combining characters,
NFKC-expanding letters, controls, huge lines, inside and around the cue sentences. The
extractor must not crash, every evidence must be the verbatim text at its offsets, and
the output must be the same on a second pass (statement ids are stable).
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from reliability.helpers import CUES, HOSTILE_CHARS

FUZZ = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MORE_CUES = CUES + [
    "Washington refuses to lift sanctions until Iran halts enrichment, the State Department said.",
    "« Nous n'accepterons jamais l'arrêt de l'enrichissement », a déclaré le porte-parole iranien.",
    "وقال المتحدث باسم الخارجية الإيرانية إن طهران ترفض أي تفاوض على برنامجها الصاروخي.",
    "Araghchi: \"Iran will never give up enrichment.\"",
]


@st.composite
def sabotaged(draw) -> str:
    """Cue sentences with hostile characters dropped in anywhere (inside words too)."""
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        sentence = draw(st.sampled_from(MORE_CUES))
        for _ in range(draw(st.integers(0, 4))):
            i = draw(st.integers(0, len(sentence)))
            junk = draw(st.text(alphabet=st.sampled_from(HOSTILE_CHARS), min_size=1, max_size=4))
            sentence = sentence[:i] + junk + sentence[i:]
        parts.append(sentence)
        parts.append(draw(st.sampled_from([" ", "\n", "\n\n", "\u2029", " \u200f", "\t", "", "\r\n"])))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), draw(st.text(max_size=60)))
    return "".join(parts)


@pytest.fixture(scope="module")
def codebook():
    from negotrack.codebook import load_codebook

    return load_codebook()


COUNT = {"articles": 0, "statements": 0}


def _check(text: str, rows: list[tuple], codebook) -> None:
    from negotrack.extract.batch import STATEMENT_COLUMNS

    for row in rows:
        s = dict(zip(STATEMENT_COLUMNS, row))
        assert 0 <= s["char_start"] < s["char_end"] <= len(text), s
        assert text[s["char_start"] : s["char_end"]] == s["evidence"], s
        assert s["stance"] in {"refuse", "insist", "pressure", "open", "concede"}
        assert s["issue"] and s["party"] and 0 <= s["confidence"] <= 1
        assert s["stated_on"] is not None and s["date_source"] in {"text", "published"}
        COUNT["statements"] += 1


@FUZZ
@given(text=sabotaged(), lang=st.sampled_from(["en", "fr", "ar", "fa", "zz", ""]))
def test_hostile_text_never_crashes_the_extractor_and_evidence_stays_verbatim(text, lang, codebook):
    from negotrack.extract.batch import extract_rows

    row = ("fuzz-1", text, lang, date(2025, 4, 12))
    first = extract_rows([row], codebook)
    _check(text, first, codebook)
    assert extract_rows([row], codebook) == first  # deterministic: same ids on a re-run
    COUNT["articles"] += 1


@FUZZ
@given(text=st.text(min_size=0, max_size=400))
def test_any_unicode_text_never_crashes_the_extractor(text, codebook):
    from negotrack.extract.batch import extract_rows

    _check(text, extract_rows([("any", text, "en", date(2025, 4, 12))], codebook), codebook)
    COUNT["articles"] += 1


def test_batch_of_hostile_articles_through_extract_frame(codebook):
    """The flow's entry point, on big and hostile articles together: per-article counts add
    up to the statements, every evidence verbatim."""
    from negotrack.extract.batch import extract_frame

    cue = MORE_CUES[0] + " "
    texts = {
        "huge-line": (cue.replace(". ", " \u200b ") * 2_000)[:150_000],  # one 150k-char sentence
        "many-sentences": cue * 5_000,
        "bidi": "\u202e" + "\u2067".join(MORE_CUES) + "\u202c",
        "zero-width": "\u200b".join(MORE_CUES[1]),
        "nfkc": MORE_CUES[0].replace("fi", "\ufb01").replace("I", "\uff29"),
        "empty": "",
        "controls": "\x00\x01\x1b[31m" + MORE_CUES[2] + "\x7f",
    }
    frame = pl.DataFrame(
        {"article_id": list(texts), "text": list(texts.values()), "language": ["en"] * len(texts),
         "published": [date(2025, 4, 12)] * len(texts)},
        schema={"article_id": pl.String, "text": pl.String, "language": pl.String, "published": pl.Date},
    )
    batch = extract_frame(frame, codebook, workers=1)
    assert batch.articles.height == len(texts)
    assert batch.articles["n_statements"].sum() == batch.statements.height
    for s in batch.statements.iter_rows(named=True):
        text = texts[s["article_id"]]
        assert text[s["char_start"] : s["char_end"]] == s["evidence"]
    assert batch.statements["statement_id"].n_unique() == batch.statements.height
    COUNT["articles"] += len(texts)
    COUNT["statements"] += batch.statements.height
    print(f"extractor fuzz: {COUNT['articles']} articles, {COUNT['statements']} statements checked verbatim")
