"""negotrack.dates: date mentions in ar/en/fr, their resolution, metadata values.

Calendar facts used below (checked with datetime): 2026-02-06 is a Friday, 2026-02-07 a
Saturday, 2026-02-08 a Sunday, 2026-02-13 a Friday, 2025-02-06 a Thursday.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from negotrack.dates import (
    DateMention,
    find_date_mentions,
    infer_published_date,
    parse_date_value,
    resolve_mention,
    statement_date,
)

SUN_8_FEB = date(2026, 2, 8)
SAT_7_FEB = date(2026, 2, 7)
FRI_13_FEB = date(2026, 2, 13)
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_8c9efbd2f6262e81.txt"


def one(text: str, language: str | None) -> DateMention:
    ms = find_date_mentions(text, language)
    assert len(ms) == 1, ms
    m = ms[0]
    assert text[m.start : m.end] == m.text
    return m


def fields(m: DateMention) -> tuple:
    return (m.year, m.month, m.day, m.weekday, m.relative_days)


# ---------------------------------------------------------------- Arabic


@pytest.mark.parametrize(
    "text, expected_text, expected",
    [
        # Levantine / Iraqi, with the dual forms
        ("قال الوزير يوم الجمعة 6 شباط/فبراير إن المحادثات إيجابية", "يوم الجمعة 6 شباط/فبراير", (None, 2, 6, 4, None)),
        ("وعقد الاجتماع في 12 نيسان (أبريل) 2026 في مسقط", "12 نيسان (أبريل) 2026", (2026, 4, 12, None, None)),
        ("وصل الوفد في 8 تشرين الأول الماضي", "8 تشرين الأول", (None, 10, 8, None, None)),
        ("جرت الجولة في 21 كانون الثاني/يناير", "21 كانون الثاني/يناير", (None, 1, 21, None, None)),
        ("المهلة تنتهي في 3 أيار", "3 أيار", (None, 5, 3, None, None)),
        # Egyptian / Gulf
        ("وذكر البيان أن اللقاء عقد في 5 مارس بالعاصمة", "5 مارس", (None, 3, 5, None, None)),
        ("تم التوقيع في 19 يونيه 2025", "19 يونيه 2025", (2025, 6, 19, None, None)),
        ("وفي 30 إبريل أعلنت الوزارة", "30 إبريل", (None, 4, 30, None, None)),
        # Maghrebi
        ("انطلقت المشاورات يوم 14 جويلية", "14 جويلية", (None, 7, 14, None, None)),
        ("وأكد المتحدث في 2 أفريل أن", "2 أفريل", (None, 4, 2, None, None)),
        ("ستجري الانتخابات في 15 أوت", "15 أوت", (None, 8, 15, None, None)),
        # ordinal day
        ("وفي السادس من آذار أعلنت طهران", "السادس من آذار", (None, 3, 6, None, None)),
        # Eastern Arabic and Persian digits
        ("قال في ٧ شباط ٢٠٢٦ إن", "٧ شباط ٢٠٢٦", (2026, 2, 7, None, None)),
        ("ووقع الاتفاق في ۱۵ آذار ۲۰۲۶", "۱۵ آذار ۲۰۲۶", (2026, 3, 15, None, None)),
        # weekdays and relative days, with prefixes
        ("وقال مساء السبت إن بلاده", "مساء السبت", (None, None, None, 5, None)),
        ("أعلن الوزير الإثنين أن", "الإثنين", (None, None, None, 0, None)),
        ("وصرح بالأمس بأن", "بالأمس", (None, None, None, None, -1)),
        ("وكان قد قال أول أمس إن", "أول أمس", (None, None, None, None, -2)),
        ("ستستأنف المحادثات غداً في جنيف", "غداً", (None, None, None, None, 1)),
        ("أكد اليوم أن طهران لن تتراجع", "اليوم", (None, None, None, None, 0)),
        ("وأعلن والأربعاء", "والأربعاء", (None, None, None, 2, None)),
    ],
)
def test_arabic_mentions(text, expected_text, expected):
    m = one(text, "ar")
    assert m.text == expected_text
    assert fields(m) == expected


def test_arabic_dual_month_year_without_day():
    m = one("تعود المفاوضات إلى شباط/فبراير 2026 حين", "ar")
    assert m.text == "شباط/فبراير 2026"
    assert fields(m) == (2026, 2, None, None, None)
    assert resolve_mention(m, SUN_8_FEB) is None


def test_arabic_last_friday_and_same_weekday():
    last = one("وقال الجمعة الماضي إن", "ar")
    assert last.text == "الجمعة الماضي" and last.direction == -1
    assert resolve_mention(last, FRI_13_FEB) == date(2026, 2, 6)
    plain = one("وقال الجمعة إن", "ar")
    assert resolve_mention(plain, FRI_13_FEB) == FRI_13_FEB


def test_arabic_false_positives():
    assert find_date_mentions("وانعقدت الجمعية العامة للأمم المتحدة", "ar") == []
    assert find_date_mentions("مارس الضغط على الحكومة", "ar") == []
    assert find_date_mentions("القمع الذي مارسته القوات", "ar") == []
    assert find_date_mentions("وقال ماي إن الاتفاق", "ar") == []
    assert find_date_mentions("في اليوم التالي للهجوم", "ar") == []
    # «مارس» is a month next to a number, a year or «شهر»
    assert fields(one("في شهر مارس", "ar")) == (None, 3, None, None, None)
    assert fields(one("منذ مارس 2025", "ar")) == (2025, 3, None, None, None)


def test_arabic_offsets_with_diacritics_and_tatweel():
    text = "قَالَ الوزيرُ إنّ الجولةَ المقبلة ستُعقد غداً يومَ الخمـــيس"
    ms = find_date_mentions(text, "ar")
    assert [m.text for m in ms] == ["غداً", "يومَ الخمـــيس"]
    for m in ms:
        assert text[m.start : m.end] == m.text
    assert [m.relative_days for m in ms] == [1, None]
    assert ms[1].weekday == 3


def test_arabic_year_only():
    m = one("منذ توقيع الاتفاق عام 2015", "ar")
    assert fields(m) == (2015, None, None, None, None)
    assert resolve_mention(m, SUN_8_FEB) is None


def test_arabic_month_only():
    m = one("خلال الحرب في يونيو", "ar")
    assert fields(m) == (None, 6, None, None, None)
    assert resolve_mention(m, SUN_8_FEB) is None


# ---------------------------------------------------------------- English


@pytest.mark.parametrize(
    "text, expected_text, expected",
    [
        ("Talks were held on February 6 in Muscat.", "February 6", (None, 2, 6, None, None)),
        ("Talks were held on Feb. 6 in Muscat.", "Feb. 6", (None, 2, 6, None, None)),
        ("Talks were held on 6 February in Muscat.", "6 February", (None, 2, 6, None, None)),
        ("Talks were held on February 6, 2026, in Muscat.", "February 6, 2026", (2026, 2, 6, None, None)),
        ("The minister spoke on Friday, February 6 in Muscat.", "Friday, February 6", (None, 2, 6, 4, None)),
        ("The minister spoke on Friday to reporters.", "Friday", (None, None, None, 4, None)),
        ("He spoke on Thursday night to reporters.", "Thursday night", (None, None, None, 3, None)),
        ("He said yesterday that Iran would not yield.", "yesterday", (None, None, None, None, -1)),
        ("He said today that Iran would not yield.", "today", (None, None, None, None, 0)),
        ("The statement is dated 2026-02-06.", "2026-02-06", (2026, 2, 6, None, None)),
        ("It was signed on the 3rd of March.", "3rd of March", (None, 3, 3, None, None)),
        ("He left the day before yesterday.", "the day before yesterday", (None, None, None, None, -2)),
        ("The deal was reached in 2015 in Vienna.", "2015", (2015, None, None, None, None)),
    ],
)
def test_english_mentions(text, expected_text, expected):
    m = one(text, "en")
    assert m.text == expected_text
    assert fields(m) == expected


def test_english_last_friday():
    m = one("He said last Friday that talks would resume.", "en")
    assert m.text == "last Friday" and m.direction == -1
    assert resolve_mention(m, FRI_13_FEB) == date(2026, 2, 6)
    assert resolve_mention(m, SUN_8_FEB) == date(2026, 2, 6)


def test_english_false_positives():
    assert find_date_mentions("Officials may meet again soon.", "en") == []
    assert find_date_mentions("They may 2 times refuse before agreeing.", "en") == []
    assert find_date_mentions("Protesters march 3 kilometres to the embassy.", "en") == []
    assert find_date_mentions("Supporters will march on the capital.", "en") == []
    assert fields(one("The round opened on May 2 in Rome.", "en")) == (None, 5, 2, None, None)
    assert fields(one("The round opened in May 2026.", "en")) == (2026, 5, None, None, None)


# ---------------------------------------------------------------- French


@pytest.mark.parametrize(
    "text, expected_text, expected",
    [
        ("Les discussions ont eu lieu le 6 février à Mascate.", "6 février", (None, 2, 6, None, None)),
        ("Les discussions ont eu lieu le 6 février 2026 à Mascate.", "6 février 2026", (2026, 2, 6, None, None)),
        ("Il l'a déclaré vendredi 6 février à Mascate.", "vendredi 6 février", (None, 2, 6, 4, None)),
        ("Il l'a déclaré vendredi à Mascate.", "vendredi", (None, None, None, 4, None)),
        ("Il l'a déclaré hier à Mascate.", "hier", (None, None, None, None, -1)),
        ("Il l'a déclaré avant-hier à Mascate.", "avant-hier", (None, None, None, None, -2)),
        ("Il l'a déclaré aujourd'hui à Mascate.", "aujourd'hui", (None, None, None, None, 0)),
        ("Il l’a déclaré aujourd’hui à Mascate.", "aujourd’hui", (None, None, None, None, 0)),
        ("La réunion est prévue le 1er mars.", "1er mars", (None, 3, 1, None, None)),
        ("Signé le 6 fevrier sans accent.", "6 fevrier", (None, 2, 6, None, None)),
        ("Signé le 15 aout sans accent.", "15 aout", (None, 8, 15, None, None)),
        ("Signé le 24 decembre sans accent.", "24 decembre", (None, 12, 24, None, None)),
        ("Signé le 8 mai 2025.", "8 mai 2025", (2025, 5, 8, None, None)),
        ("L'accord de 2015 reste la référence.", "2015", (2015, None, None, None, None)),
    ],
)
def test_french_mentions(text, expected_text, expected):
    m = one(text, "fr")
    assert m.text == expected_text
    assert fields(m) == expected


def test_french_vendredi_dernier_and_false_positives():
    m = one("Il a parlé vendredi dernier devant la presse.", "fr")
    assert m.text == "vendredi dernier" and m.direction == -1
    assert resolve_mention(m, date(2026, 2, 10)) == date(2026, 2, 6)
    assert find_date_mentions("La mission vers Mars a été reportée.", "fr") == []
    assert find_date_mentions("La navette vers Mars partira en 3 étapes.", "fr") == []
    assert find_date_mentions("Il en parle mai 3 fois.", "fr") == []  # "mai" needs a day before it or a year


def test_language_none_tries_all():
    ms = find_date_mentions("قال السبت إن ... and on Friday, then vendredi 6 février")
    got = [(m.text, m.weekday, m.day) for m in ms]
    assert got == [("السبت", 5, None), ("Friday", 4, None), ("vendredi 6 février", 4, 6)]
    # an unknown language code behaves like None
    assert [m.weekday for m in find_date_mentions("Sie sagte am Friday", "de")] == [4]


# ---------------------------------------------------------------- resolution


@pytest.mark.parametrize(
    "text, language, anchor, expected",
    [
        ("on Saturday", "en", SUN_8_FEB, date(2026, 2, 7)),
        ("on Saturday", "en", SAT_7_FEB, SAT_7_FEB),  # same weekday = the publication day
        ("on Sunday", "en", SAT_7_FEB, date(2026, 2, 1)),
        ("next Monday", "en", SAT_7_FEB, date(2026, 2, 9)),
        ("السبت", "ar", SUN_8_FEB, date(2026, 2, 7)),
        ("samedi", "fr", SAT_7_FEB, SAT_7_FEB),
        ("yesterday", "en", SUN_8_FEB, date(2026, 2, 7)),
        ("أول أمس", "ar", SUN_8_FEB, date(2026, 2, 6)),
        ("February 6", "en", SUN_8_FEB, date(2026, 2, 6)),
        ("December 30", "en", date(2026, 1, 3), date(2025, 12, 30)),  # the previous year
        ("January 3", "en", date(2025, 12, 28), date(2026, 1, 3)),  # the coming week
        ("6 February 2024", "en", SUN_8_FEB, date(2024, 2, 6)),
        # weekday + date: the latest year in which 6 February is that weekday
        ("Friday, February 6", "en", date(2026, 11, 25), date(2026, 2, 6)),
        ("Thursday 6 February", "en", SUN_8_FEB, date(2025, 2, 6)),
        ("الجمعة 6 شباط/فبراير", "ar", date(2027, 1, 10), date(2026, 2, 6)),
    ],
)
def test_resolve_mention(text, language, anchor, expected):
    assert resolve_mention(one(text, language), anchor) == expected


def test_statement_date():
    got = statement_date("In 2015 he had refused, but on Saturday he said yes.", SUN_8_FEB, "en")
    assert got is not None
    d, m = got
    assert d == date(2026, 2, 7) and m.text == "Saturday"
    # a date more than ~60 days back is background, not the statement's date
    assert statement_date("He said on 3 March 2025 that talks were over.", SUN_8_FEB, "en") is None
    assert statement_date("Iran insists on its right to enrich.", SUN_8_FEB, "en") is None
    # one day after the publication date is tolerated, two are not
    assert statement_date("وقال غداً", SUN_8_FEB, "ar")[0] == date(2026, 2, 9)
    assert statement_date("the day after tomorrow", SUN_8_FEB, "en") is None


# ---------------------------------------------------------------- publication date inference


def test_infer_published_date_from_seed():
    if not SEED.exists():
        pytest.skip("seed article not available")
    text = SEED.read_text(encoding="utf-8")
    assert infer_published_date(text, date(2026, 11, 25)) == date(2026, 2, 7)


def test_infer_published_date_synthetic():
    text = "Talks opened on Friday, February 6. On Sunday the minister said the next round was near."
    assert infer_published_date(text, date(2026, 11, 25)) == date(2026, 2, 8)
    # an explicit year is kept; a later weekday moves the date forward within the week
    text = "Le 6 février 2025, les délégués se sont réunis. Samedi, le ministre a parlé."
    assert infer_published_date(text, date(2026, 11, 25)) == date(2025, 2, 8)  # 2025-02-06 is a Thursday
    assert infer_published_date("On Saturday the minister spoke.", date(2026, 11, 25)) is None
    # never after today
    assert infer_published_date("Talks on 20 November and 28 November.", date(2026, 11, 25)) == date(2026, 11, 20)


# ---------------------------------------------------------------- metadata values


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-02-06", date(2026, 2, 6)),
        ("2026-02-06T10:00:00Z", date(2026, 2, 6)),
        ("2026-02-06T23:30:00-05:00", date(2026, 2, 6)),
        ("2026-02-06T10:00:00.123+03:00", date(2026, 2, 6)),
        ("Fri, 06 Feb 2026 10:00:00 GMT", date(2026, 2, 6)),
        ("6 February 2026", date(2026, 2, 6)),
        ("February 6, 2026", date(2026, 2, 6)),
        ("06/02/2026", date(2026, 2, 6)),  # day first
        ("2026/02/06", date(2026, 2, 6)),
        ("6 شباط 2026", date(2026, 2, 6)),
        ("٦ فبراير ٢٠٢٦", date(2026, 2, 6)),
        ("6 février 2026", date(2026, 2, 6)),
        ("2026-02-30", None),
        ("February 2026", None),
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


# ---------------------------------------------------------------- speed


def test_arabic_paragraph_is_fast():
    sentence = (
        "وقال وزير الخارجية يوم الجمعة 6 شباط/فبراير إن المحادثات كانت إيجابية، "
        "وأضاف أن الجولة المقبلة ستعقد قريباً. "
    )
    text = (sentence * 20)[:2000]
    find_date_mentions(text, "ar")
    t0 = time.perf_counter()
    for _ in range(50):
        ms = find_date_mentions(text, "ar")
    per_call = (time.perf_counter() - t0) / 50
    assert len(ms) >= 15
    assert per_call < 0.005  # measured ~0.2 ms; generous bound for slow machines
