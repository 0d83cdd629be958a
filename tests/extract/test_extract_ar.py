"""Arabic: sentences written for these tests."""
from datetime import date


PUB = date(2026, 2, 8)  # a Sunday


def test_title_before_quote_and_dual_month(run, one, tuples):
    st = run("وقال رئيس الدبلوماسية الإيرانية يوم 6 شباط/فبراير إن «التخصيب حق لا يمكن التفاوض عليه أبدا».",
             "ar", PUB)
    s = one(st, "iran", "enrichment", "refuse")
    assert s.actor == "Abbas Araghchi" and s.stated_on == date(2026, 2, 6)


def test_unlisted_spelling_and_speaker_after_quote(run, one, tuples):
    st = run("«برنامجنا الصاروخي خط أحمر» قال السيد عراغتشي السبت.", "ar", PUB)
    s = one(st, "iran", "ballistic_missiles", "refuse")
    assert s.actor == "Abbas Araghchi" and s.stated_on == date(2026, 2, 7)


def test_carry_over_wa_adaf(run, one, tuples):
    text = "وأعلن المتحدث باسم الخارجية الإيرانية إسماعيل بقائي السبت أن الجولة انتهت. وأضاف أن «العقوبات يجب أن ترفع فورا»."
    s = one(run(text, "ar", PUB), "iran", "sanctions", "insist")
    assert s.actor == "Esmaeil Baghaei" and s.speaker_method == "carry_over"


def test_negation_of_acceptance(run, one, tuples):
    st = run("وقال عراقجي إن إيران لن تقبل أبدا الإثراء الصفري.", "ar", PUB)
    assert ("iran", "enrichment", "concede") not in tuples(st)
    assert ("iran", "enrichment", "refuse") in tuples(st)


def test_denial(run, one, tuples):
    st = run("ونفت الخارجية الإيرانية موافقة طهران على نقل اليورانيوم المخصب إلى روسيا.", "ar", PUB)
    assert not [s for s in st if s.issue == "enrichment"]


def test_eastern_digits_date(run, one, tuples):
    st = run("وأكد ويتكوف يوم ٣ شباط/فبراير أن على إيران أن توقف التخصيب.", "ar", PUB)
    assert one(st, "usa", "enrichment", "insist").stated_on == date(2026, 2, 3)


def test_background_year(run, one, tuples):
    st = run("وفي عام 2018 أعلن ترامب انسحاب بلاده من الاتفاق وأعاد فرض العقوبات.", "ar", PUB)
    assert st == []
