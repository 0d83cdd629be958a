"""Short multi-speaker articles, written for these tests: journalist background, history,
analysts and several speakers around the positions, so that the whole pipeline
(speakers, clauses, stances, background, dates) is checked at once.

What these are, honestly: they were written while the rules were developed and the
rules were tuned until they passed, so they are *not* held out and say nothing about
quality on unseen text (the dev2 corpus and ../shared/eval do that, with floors, in
test_seed_and_dev.py). Two kinds of check:

- ``CASES`` (``test_output_snapshot``): the extractor's exact output on each article,
  recorded from the extractor (not labelled independently). A change detector: a
  refactor of the extractor must not change it. When a deliberate change moves it,
  check the new output against ../shared/ANNOTATION.md and update the set in the same
  commit, saying why.
- ``SUBSET_CASES`` (``test_main_positions``): the clear positions a reader would label,
  which must be found (a floor, not equality), and the parties allowed to hold any.
"""
from __future__ import annotations

from datetime import date

import pytest

EN = """VIENNA — The head of the UN nuclear watchdog said on Monday that Iran must give inspectors access to its stock of highly enriched uranium "without further delay", as diplomats prepared for a new round of talks.

Rafael Grossi told reporters that the agency had lost track of the material since the strikes of last June. "We need to know where it is," he said.

Iran's foreign ministry spokesman rejected the demand. "Our cooperation depends on the lifting of sanctions," he said, adding that Tehran would consider limited inspections if Washington offered guarantees.

In 2018, the United States withdrew from the nuclear deal and reimposed sanctions on Iranian oil exports. Analysts say the stockpile question will dominate the talks.

A senior European diplomat said Britain, France and Germany were ready to discuss a gradual easing of sanctions if Iran cooperated fully with the agency."""

FR = """Le président iranien, Massoud Pezeshkian, a affirmé mercredi que son pays ne renoncerait « jamais » à l'enrichissement de l'uranium. « C'est notre droit et nous continuerons », a-t-il déclaré lors d'un discours à Téhéran.

Washington, de son côté, maintient sa ligne. Le secrétaire d'État américain, Marco Rubio, a estimé mardi que l'Iran devait démanteler ses centrifugeuses et a menacé de nouvelles sanctions contre les acheteurs de pétrole iranien.

En 2015, l'accord de Vienne avait limité l'enrichissement à 3,67 %. Selon des experts, le stock actuel d'uranium enrichi à 60 % suffirait pour plusieurs armes.

À Moscou, le ministère russe des affaires étrangères a dénoncé des sanctions « illégales »."""

AR = """أكد وزير الخارجية الإيراني عباس عراقجي، الثلاثاء، أن بلاده مستعدة لتقديم ضمانات بشأن سلمية برنامجها النووي، بما في ذلك مستوى التخصيب، لكنه شدد على أن البرنامج الصاروخي «ليس موضوعا للتفاوض».

وفي واشنطن، قالت المتحدثة باسم البيت الأبيض إن الرئيس ترامب «لن يقبل بأي اتفاق يسمح لإيران بالتخصيب».

وكانت الولايات المتحدة قد انسحبت عام 2018 من الاتفاق النووي وأعادت فرض العقوبات على طهران.

ويرى محللون أن فرص التوصل إلى اتفاق ما زالت ضئيلة في ظل التباعد الكبير بين الطرفين."""

# mediators, denials, third parties, conditions of refusals
EN2 = """MUSCAT — Oman's foreign minister proposed on Sunday that Iran cap enrichment at 3.67% for ten years in exchange for a phased lifting of sanctions, according to two diplomats familiar with the plan.

Iran denied reports that it had agreed to ship its enriched uranium abroad. "Enrichment will go on inside Iran," foreign ministry spokesman Esmaeil Baghaei said on Monday.

China's foreign ministry spokesman said Beijing opposed "unilateral sanctions and long-arm jurisdiction" and urged all sides to show restraint.

Russia has offered to take Iran's stockpile of highly enriched uranium, Deputy Foreign Minister Sergei Ryabkov told reporters on Saturday.

Vice President JD Vance said the administration would not lift any sanctions until Iran gave up enrichment entirely."""

FR2 = """Le ministre français des affaires étrangères, Jean-Noël Barrot, a appelé jeudi l'Iran à « rendre des comptes » sur son stock d'uranium enrichi. « Sans cela, nous déclencherons le snapback », a-t-il prévenu.

Téhéran a aussitôt réagi. Le porte-parole de la diplomatie iranienne a qualifié ces propos de « chantage » et a assuré que l'Iran ne se laisserait pas intimider.

Dans un entretien au Monde, le ministre allemand des affaires étrangères a estimé qu'un accord restait possible si l'Iran acceptait des inspections renforcées.

Les sanctions américaines, rétablies en 2018, ont déjà fait chuter les exportations de pétrole iranien."""

AR2 = """قال الرئيس الإيراني مسعود بزشكيان، الأحد، إن بلاده «لن ترضخ للضغوط» ولن توقف التخصيب تحت أي ظرف. وأضاف أن طهران مستعدة للحوار «على أساس الاحترام المتبادل».

من جهتها، دعت الصين إلى رفع العقوبات الأحادية المفروضة على إيران، معتبرة أنها «غير قانونية».

وفي تل أبيب، هدد وزير الدفاع الإسرائيلي بضرب المنشآت النووية الإيرانية إذا استأنفت طهران التخصيب.

ونفى مسؤول أمريكي أن تكون واشنطن قد وافقت على تخفيف العقوبات، مؤكدا أن «الضغوط القصوى ستستمر»."""

CASES = [
    ("en", EN, date(2026, 3, 10), {
        ("iaea", "enrichment", "insist", "Rafael Grossi"),
        ("iran", "sanctions", "insist", "Esmaeil Baghaei"),
        ("e3", "sanctions", "open", None),
    }),
    ("fr", FR, date(2026, 3, 12), {
        ("iran", "enrichment", "refuse", "Masoud Pezeshkian"),
        ("iran", "enrichment", "insist", "Masoud Pezeshkian"),
        ("usa", "enrichment", "insist", "Marco Rubio"),
        ("usa", "sanctions", "pressure", "Marco Rubio"),
        # a ministry speaks under its own name (ANNOTATION, "Actor")
        ("russia", "sanctions", "insist", "Russian Foreign Ministry"),
    }),
    ("ar", AR, date(2026, 3, 11), {
        ("iran", "enrichment", "open", "Abbas Araghchi"),
        ("iran", "ballistic_missiles", "refuse", "Abbas Araghchi"),
        ("usa", "enrichment", "refuse", "Karoline Leavitt"),
    }),
    ("en", EN2, date(2026, 3, 10), {
        ("iran", "enrichment", "insist", "Esmaeil Baghaei"),
        ("china", "sanctions", "insist", None),
        ("russia", "enrichment", "open", "Sergei Ryabkov"),
        ("usa", "sanctions", "refuse", "JD Vance"),
        ("usa", "enrichment", "insist", "JD Vance"),
    }),
    ("fr", FR2, date(2026, 3, 13), {
        ("e3", "enrichment", "insist", "Jean-Noël Barrot"),
        ("e3", "sanctions", "pressure", "Jean-Noël Barrot"),
    }),
    ("ar", AR2, date(2026, 3, 9), {
        ("iran", "enrichment", "refuse", "Masoud Pezeshkian"),
        ("china", "sanctions", "insist", None),
        ("israel", "enrichment", "pressure", "Israel Katz"),
        ("usa", "sanctions", "pressure", None),
    }),
]


@pytest.mark.parametrize("lang,text,published,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_output_snapshot(run, lang, text, published, expected):
    """Exact output (a change detector, see the module docstring)."""
    st = run(text, lang, published)
    for s in st:
        assert s.evidence == text[s.char_start:s.char_end]
    assert {(s.party, s.issue, s.stance, s.actor) for s in st} == expected


def test_snapshot_dates(run):
    st = run(FR, "fr", date(2026, 3, 12))
    by = {(s.party, s.issue, s.stance): s.stated_on for s in st}
    assert by[("iran", "enrichment", "refuse")] == date(2026, 3, 11)  # mercredi
    assert by[("usa", "enrichment", "insist")] == date(2026, 3, 10)  # mardi


# standing positions, offers with conditions, anonymous officials at a body
EN3 = """WASHINGTON — Secretary of State Marco Rubio on Thursday ruled out any easing of sanctions before Iran hands over its stockpile of enriched uranium, calling the demand "the minimum".

"We are not going to pay Iran to do what it is obliged to do," Rubio told reporters at the State Department. He added that the United States was prepared to help Iran build a civilian nuclear programme if it stopped enriching.

Iranian officials have repeatedly said they will never give up their right to enrichment. On Friday, Araghchi wrote on X that the American demand was "a non-starter".

The European Union's foreign policy chief, Kaja Kallas, urged both sides to keep talking and said the bloc stood ready to ease its own sanctions if a deal was reached.

Oil prices rose after the remarks. Traders said the market expected sanctions to remain in place for months."""

FR3 = """L'Agence internationale de l'énergie atomique a exigé lundi un accès immédiat aux sites de Fordo et de Natanz. « Nous devons pouvoir vérifier le stock », a insisté son directeur général, Rafael Grossi.

Le vice-ministre iranien des affaires étrangères, Kazem Gharibabadi, a répondu que l'Iran était prêt à coopérer, mais « pas sous la menace ». Il a ajouté que les missiles de la République islamique ne feraient jamais l'objet d'un marchandage.

Israël, de son côté, a prévenu qu'il frapperait de nouveau les installations nucléaires iraniennes si Téhéran relançait l'enrichissement.

Selon plusieurs analystes, ces déclarations éloignent la perspective d'un accord."""

AR3 = """رفضت إيران، الاثنين، مطالب الولايات المتحدة بوقف التخصيب، مؤكدة أن برنامجها النووي سلمي.

وقال المتحدث باسم الخارجية الإيرانية إسماعيل بقائي في مؤتمره الصحفي الأسبوعي: «التخصيب حقنا، ولن نقبل أي شروط تمس هذا الحق». وأضاف أن بلاده منفتحة على «إجراءات لبناء الثقة» تشمل مستويات التخصيب.

في المقابل، قال مسؤول في البيت الأبيض إن واشنطن «ستفرض مزيدا من العقوبات» إذا لم توقف طهران التخصيب.

وكانت إيران قد وافقت عام 2015 على خفض مخزونها من اليورانيوم المخصب بموجب الاتفاق النووي."""

SUBSET_CASES = [
    ("en", EN3, date(2026, 3, 13),
     {("usa", "sanctions", "refuse", "Marco Rubio"), ("usa", "enrichment", "insist", "Marco Rubio"),
      ("iran", "enrichment", "refuse", None), ("eu", "sanctions", "open", "Kaja Kallas")},
     {"usa", "iran", "eu"}),
    ("fr", FR3, date(2026, 3, 10),
     {("iaea", "enrichment", "insist", None), ("iran", "ballistic_missiles", "refuse", "Kazem Gharibabadi"),
      ("israel", "enrichment", "pressure", None)},
     {"iaea", "iran", "israel"}),
    ("ar", AR3, date(2026, 3, 10),
     {("iran", "enrichment", "refuse", None), ("iran", "enrichment", "open", "Esmaeil Baghaei"),
      ("usa", "sanctions", "pressure", None)},
     {"iran", "usa"}),
]


@pytest.mark.parametrize("lang,text,published,expected,parties", SUBSET_CASES,
                         ids=[c[0] for c in SUBSET_CASES])
def test_main_positions(run, lang, text, published, expected, parties):
    """The clear positions are found; nothing is given to analysts, traders or history
    (the 2015 concession recalled at the end of the Arabic article)."""
    st = run(text, lang, published)
    got = {(s.party, s.issue, s.stance, s.actor) for s in st}
    assert expected <= got
    assert {s.party for s in st} <= parties
    assert ("iran", "enrichment", "concede") not in {(s.party, s.issue, s.stance) for s in st}
