"""Language: metadata normalised to ISO 639-1, otherwise detected (ar/en/fr favoured)."""

from __future__ import annotations

import json

import pytest

from negotrack.ingest.lang import detect_language, normalise_language


@pytest.mark.parametrize(
    ("value", "code"),
    [("Arabic", "ar"), ("ar-SA", "ar"), ("AR", "ar"), ("ara", "ar"), ("العربية", "ar"), ("en_US", "en"),
     ("English", "en"), ("fr-FR", "fr"), ("Français", "fr"), ("fre", "fr"), ("de", "de"), ("deu", "de")],
)
def test_normalise_language(value, code):
    assert normalise_language(value) == code


@pytest.mark.parametrize("value", [None, "", "  ", "xx-unknown", "klingon", 12])
def test_normalise_language_rejects(value):
    assert normalise_language(value) is None


TEXTS = {
    "ar": "أكد المتحدث باسم وزارة الخارجية الإيرانية أن طهران لن تقبل بأي اتفاق لا يضمن رفع العقوبات.",
    "en": "The State Department spokesperson said Washington would not accept a deal that allows enrichment.",
    "fr": "Le porte-parole du Quai d'Orsay a indiqué que la France restait attachée à une solution négociée.",
}


def test_detected_languages_without_metadata(ingest, src):
    f = src / "mixed.jsonl"
    f.write_text("\n".join(json.dumps({"id": k, "text": v}, ensure_ascii=False) for k, v in TEXTS.items()))
    batch = ingest(f)
    got = dict(zip(batch.articles["article_id"], batch.articles["language"]))
    assert got == {"ar": "ar", "en": "en", "fr": "fr"}
    assert set(batch.articles["language_source"]) == {"detected"}


def test_other_language_kept_when_confident():
    de = "Der Außenminister sagte am Samstag, dass die Gespräche in der nächsten Woche fortgesetzt werden sollen."
    assert detect_language(de) == "de"


def test_short_ambiguous_text_falls_back_to_a_project_language():
    assert detect_language("Araghchi: no deal yet") in ("en", "fr")
    assert detect_language("2025-04-12 12:00") in ("ar", "en", "fr")


def test_persian_is_not_taken_for_arabic():
    fa = "وزیر امور خارجه ایران گفت که گفتگوها در هفته آینده در مسقط ادامه پیدا خواهد کرد و ما آماده‌ایم."
    assert detect_language(fa) == "fa"
