"""Language data of the synthetic corpus (bench/synth.py): speakers, position clauses,
sentence frames, background history and neutral filler, in Arabic, English and French.

Every position clause states exactly one (issue, stance) for the party of whoever says
it, in plain news wording; background sentences report past history (years before the
articles) and neutral sentences carry no position at all. ``tests/bench`` checks the
templates against the extractor on a sample, so a wording the extractor reads another
way shows up as a miss there and in the harness' recall and precision.

Speakers: (actor, gender, {language: [surface forms]}). ``actor`` is the canonical
English name the extractor should give (None when the text names only the party or an
anonymous official); gender picks the pronoun of a follow-up sentence ("He added that");
None means the speaker is no person and gets no follow-up.
"""

from __future__ import annotations

PARTY_WEIGHTS = {
    "iran": 34, "usa": 28, "e3": 10, "israel": 7, "iaea": 7, "eu": 4, "russia": 6, "china": 4,
}

SPEAKERS: dict[str, list[tuple[str | None, str | None, dict[str, list[str]]]]] = {
    "iran": [
        ("Abbas Araghchi", "m", {
            "en": ["Iran's foreign minister Abbas Araghchi", "Foreign Minister Abbas Araghchi", "Araghchi",
                   "Abbas Araqchi", "Iran's foreign minister"],
            "fr": ["le ministre iranien des Affaires étrangères Abbas Araghchi", "Abbas Araghchi",
                   "le chef de la diplomatie iranienne Abbas Araghtchi", "Araghchi",
                   "le chef de la diplomatie iranienne"],
            "ar": ["وزير الخارجية الإيراني عباس عراقجي", "عراقجي", "عباس عراقتشي",
                   "رئيس الدبلوماسية الإيرانية"],
        }),
        ("Esmaeil Baghaei", "m", {
            "en": ["foreign ministry spokesman Esmaeil Baghaei", "Esmail Baghaei", "Baghaei",
                   "Iran's foreign ministry spokesman"],
            "fr": ["le porte-parole de la diplomatie iranienne Esmaeil Baghaei", "Esmaeil Baghaei", "Baghaei"],
            "ar": ["المتحدث باسم الخارجية الإيرانية إسماعيل بقائي", "بقائي", "إسماعيل بقائي"],
        }),
        ("Ali Khamenei", "m", {
            "en": ["Supreme Leader Ali Khamenei", "Ayatollah Ali Khamenei"],
            "fr": ["le guide suprême Ali Khamenei", "l'ayatollah Ali Khamenei"],
            "ar": ["المرشد الأعلى علي خامنئي", "خامنئي"],
        }),
        ("Masoud Pezeshkian", "m", {
            "en": ["President Masoud Pezeshkian", "Pezeshkian"],
            "fr": ["le président iranien Massoud Pezeshkian", "Massoud Pezeshkian"],
            "ar": ["الرئيس الإيراني مسعود بزشكيان", "بزشكيان"],
        }),
        (None, None, {
            "en": ["Tehran", "Iranian officials", "a senior Iranian official"],
            "fr": ["Téhéran", "le gouvernement iranien", "un responsable iranien"],
            "ar": ["طهران", "السلطات الإيرانية", "مسؤول إيراني"],
        }),
    ],
    "usa": [
        ("Donald Trump", "m", {
            "en": ["President Donald Trump", "Trump", "US President Donald Trump"],
            "fr": ["le président américain Donald Trump", "Donald Trump"],
            "ar": ["الرئيس الأمريكي دونالد ترامب", "ترامب"],
        }),
        ("Steve Witkoff", "m", {
            "en": ["US envoy Steve Witkoff", "Witkoff", "Steven Witkoff"],
            "fr": ["l'émissaire américain Steve Witkoff", "Steve Witkoff"],
            "ar": ["المبعوث الأمريكي ستيف ويتكوف", "ويتكوف"],
        }),
        ("Marco Rubio", "m", {
            "en": ["Secretary of State Marco Rubio", "Rubio", "US Secretary of State Marco Rubio"],
            "fr": ["le secrétaire d'Etat américain Marco Rubio", "Marco Rubio"],
            "ar": ["وزير الخارجية الأمريكي ماركو روبيو", "روبيو"],
        }),
        ("Karoline Leavitt", "f", {
            "en": ["White House press secretary Karoline Leavitt", "Leavitt"],
            "fr": ["la porte-parole de la Maison Blanche Karoline Leavitt", "Karoline Leavitt"],
            "ar": ["المتحدثة باسم البيت الأبيض كارولين ليفيت", "ليفيت"],
        }),
        (None, None, {
            "en": ["Washington", "a senior US official", "the Trump administration"],
            "fr": ["Washington", "un responsable américain"],
            "ar": ["واشنطن", "مسؤول أمريكي"],
        }),
    ],
    "e3": [
        ("Jean-Noël Barrot", "m", {
            "en": ["French Foreign Minister Jean-Noel Barrot", "Barrot"],
            "fr": ["le ministre français des Affaires étrangères Jean-Noël Barrot", "Jean-Noël Barrot"],
            "ar": ["وزير الخارجية الفرنسي جان نويل بارو", "بارو"],
        }),
        ("Emmanuel Macron", "m", {
            "en": ["French President Emmanuel Macron", "Macron"],
            "fr": ["Emmanuel Macron", "le président Emmanuel Macron"],
            "ar": ["الرئيس الفرنسي إيمانويل ماكرون", "ماكرون"],
        }),
        (None, None, {
            "en": ["the Europeans", "the E3", "a European diplomat"],
            "fr": ["Paris", "un diplomate européen"],
            "ar": ["الترويكا الأوروبية", "الدول الأوروبية الثلاث", "دبلوماسي أوروبي"],
        }),
    ],
    "israel": [
        ("Benjamin Netanyahu", "m", {
            "en": ["Israeli Prime Minister Benjamin Netanyahu", "Netanyahu"],
            "fr": ["le premier ministre israélien Benyamin Netanyahou", "Benyamin Netanyahou"],
            "ar": ["رئيس الوزراء الإسرائيلي بنيامين نتنياهو", "نتنياهو"],
        }),
        ("Israel Katz", "m", {
            "en": ["Israeli Defence Minister Israel Katz", "Israel Katz"],
            "fr": ["le ministre israélien de la Défense Israel Katz", "Israel Katz"],
            "ar": ["وزير الدفاع الإسرائيلي يسرائيل كاتس", "كاتس"],
        }),
    ],
    "iaea": [
        ("Rafael Grossi", "m", {
            "en": ["IAEA chief Rafael Grossi", "Grossi", "Rafael Mariano Grossi"],
            "fr": ["le directeur général de l'AIEA Rafael Grossi", "Rafael Grossi"],
            "ar": ["المدير العام للوكالة الدولية للطاقة الذرية رافائيل غروسي", "غروسي"],
        }),
    ],
    "eu": [
        ("Kaja Kallas", "f", {
            "en": ["EU foreign policy chief Kaja Kallas", "Kallas"],
            "fr": ["la cheffe de la diplomatie européenne Kaja Kallas", "Kaja Kallas"],
            "ar": ["مسؤولة السياسة الخارجية في الاتحاد الأوروبي كايا كالاس", "كالاس"],
        }),
    ],
    "russia": [
        ("Sergei Lavrov", "m", {
            "en": ["Russian Foreign Minister Sergei Lavrov", "Lavrov", "Sergey Lavrov"],
            "fr": ["le chef de la diplomatie russe Sergueï Lavrov", "Sergueï Lavrov"],
            "ar": ["وزير الخارجية الروسي سيرغي لافروف", "لافروف"],
        }),
        ("Maria Zakharova", "f", {
            "en": ["Russian foreign ministry spokeswoman Maria Zakharova", "Zakharova"],
            "fr": ["Maria Zakharova"],
            "ar": ["ماريا زاخاروفا"],
        }),
    ],
    "china": [
        ("Guo Jiakun", "m", {
            "en": ["Chinese foreign ministry spokesman Guo Jiakun", "Guo Jiakun"],
            "fr": ["le porte-parole de la diplomatie chinoise Guo Jiakun", "Guo Jiakun"],
            "ar": ["المتحدث باسم وزارة الخارجية الصينية غوو جياكون"],
        }),
        ("Wang Yi", "m", {
            "en": ["Chinese Foreign Minister Wang Yi", "Wang Yi"],
            "fr": ["Wang Yi"],
            "ar": ["وزير الخارجية الصيني وانغ يي"],
        }),
    ],
}

E, B, S = "enrichment", "ballistic_missiles", "sanctions"

# Position clauses: CLAUSES[language][(party, issue, stance)]. Reported speech in the
# third person, as it follows "X said that ...".
CLAUSES: dict[str, dict[tuple[str, str, str], list[str]]] = {
    "en": {
        ("iran", E, "refuse"): [
            "enrichment is a red line for Iran",
            "zero enrichment is out of the question",
            "Iran's right to enrich uranium is not negotiable",
            "Tehran will never give up enrichment",
        ],
        ("iran", E, "insist"): [
            "enrichment on Iranian soil will continue",
            "enrichment is an inalienable right of the Iranian people",
            "Iran has every right to enrich uranium for peaceful purposes",
        ],
        ("iran", E, "open"): [
            "Iran is ready to accept temporary limits on the level of its enrichment",
            "Tehran is prepared to give guarantees on its enrichment programme",
            "Iran could consider a regional consortium for uranium enrichment",
        ],
        ("iran", E, "concede"): [
            "Iran has agreed to cap enrichment at 3.67 percent",
            "Tehran agreed to dilute part of its stock of highly enriched uranium",
        ],
        ("iran", B, "refuse"): [
            "Iran's missile programme is not on the table",
            "the country's defensive capabilities are a red line",
            "Tehran will never negotiate over its ballistic missiles",
        ],
        ("iran", B, "insist"): [
            "Iran will continue to develop its missile programme",
            "Iran has the right to build ballistic missiles for its defence",
        ],
        ("iran", S, "insist"): [
            "all sanctions must be lifted before any agreement",
            "the US sanctions are illegal and must end",
            "Washington has to lift the sanctions first",
        ],
        ("iran", S, "refuse"): [
            "Iran rejects the return of UN sanctions",
            "Tehran will never recognise the snapback of UN sanctions",
        ],
        ("usa", E, "refuse"): [
            "there can be no enrichment in Iran, not even 1 percent",
            "zero enrichment is a red line for Washington",
        ],
        ("usa", E, "insist"): [
            "Iran must dismantle its enrichment programme",
            "Tehran has to hand over its stock of enriched uranium",
        ],
        ("usa", E, "pressure"): [
            "the United States will strike Iran's nuclear sites if the talks fail",
            "American bombers struck the enrichment plant at Fordow overnight",
        ],
        ("usa", E, "open"): [
            "Washington could accept low-level enrichment for a limited period",
            "the administration is open to a civilian enrichment consortium",
        ],
        ("usa", B, "insist"): [
            "any deal must also cover Iran's ballistic missiles",
            "Iran has to curb its missile programme",
        ],
        ("usa", S, "pressure"): [
            "Washington will impose new sanctions on Iranian oil exports",
            "countries buying Iranian oil will face new tariffs",
        ],
        ("usa", S, "open"): [
            "sanctions relief is on the table if Iran complies",
            "Washington is willing to discuss sanctions relief",
        ],
        ("usa", S, "insist"): [
            "the sanctions will remain in force until a deal is signed",
        ],
        ("e3", E, "insist"): [
            "Iran must account for its stockpile of enriched uranium",
            "Tehran has to reduce its stock of enriched uranium",
        ],
        ("e3", B, "insist"): [
            "Iran has to limit its ballistic missile programme",
        ],
        ("e3", S, "pressure"): [
            "the Europeans will trigger the snapback of UN sanctions",
            "UN sanctions will be reimposed at the end of the month",
        ],
        ("e3", S, "open"): [
            "the Europeans are ready to delay the snapback of sanctions",
        ],
        ("israel", E, "pressure"): [
            "Israel will strike Iran's nuclear facilities again if needed",
        ],
        ("israel", E, "insist"): [
            "Iran's enrichment programme must be dismantled",
        ],
        ("israel", B, "pressure"): [
            "the army will keep striking missile launchers in western Iran",
        ],
        ("iaea", E, "insist"): [
            "inspectors must be able to verify Iran's stock of enriched uranium",
            "Iran has to account for its uranium enriched to 60 percent",
        ],
        ("eu", S, "open"): [
            "the EU could consider sanctions relief under a verifiable agreement",
        ],
        ("eu", S, "pressure"): [
            "the EU will impose new sanctions on Iranian entities",
        ],
        ("russia", S, "insist"): [
            "the sanctions against Iran are illegal",
            "Moscow opposes any return of UN sanctions",
        ],
        ("russia", E, "open"): [
            "Russia is ready to take Iran's enriched uranium",
        ],
        ("china", S, "insist"): [
            "unilateral sanctions have no legal basis",
            "Beijing opposes unilateral sanctions against Iran",
        ],
    },
    "fr": {
        ("iran", E, "refuse"): [
            "l'enrichissement est une ligne rouge pour l'Iran",
            "le zéro enrichissement est hors de question",
            "le droit de l'Iran à l'enrichissement n'est pas négociable",
            "Téhéran ne renoncera jamais à l'enrichissement",
        ],
        ("iran", E, "insist"): [
            "l'enrichissement se poursuivra sur le sol iranien",
            "l'enrichissement est un droit inaliénable du peuple iranien",
        ],
        ("iran", E, "open"): [
            "l'Iran est prêt à accepter des limites temporaires sur le niveau d'enrichissement",
            "Téhéran est disposé à donner des garanties sur son programme d'enrichissement",
        ],
        ("iran", E, "concede"): [
            "l'Iran a accepté de plafonner l'enrichissement à 3,67 %",
            "Téhéran a accepté de diluer une partie de son stock d'uranium hautement enrichi",
        ],
        ("iran", B, "refuse"): [
            "le programme balistique iranien n'est pas sur la table",
            "les capacités défensives du pays sont une ligne rouge",
            "Téhéran ne négociera jamais sur ses missiles",
        ],
        ("iran", B, "insist"): [
            "l'Iran continuera à développer son programme balistique",
            "l'Iran a le droit de se doter de missiles pour sa défense",
        ],
        ("iran", S, "insist"): [
            "toutes les sanctions doivent être levées avant tout accord",
            "les sanctions américaines sont illégales et doivent cesser",
        ],
        ("iran", S, "refuse"): [
            "l'Iran rejette le retour des sanctions de l'ONU",
            "Téhéran ne reconnaîtra jamais le rétablissement des sanctions",
        ],
        ("usa", E, "refuse"): [
            "il ne peut y avoir aucun enrichissement en Iran, pas même 1 %",
            "le zéro enrichissement est une ligne rouge pour Washington",
        ],
        ("usa", E, "insist"): [
            "l'Iran doit démanteler son programme d'enrichissement",
            "Téhéran doit remettre son stock d'uranium enrichi",
        ],
        ("usa", E, "pressure"): [
            "les Etats-Unis frapperont les sites nucléaires iraniens si les pourparlers échouent",
            "des bombardiers américains ont frappé le site d'enrichissement de Fordo",
        ],
        ("usa", E, "open"): [
            "Washington pourrait envisager un enrichissement à bas niveau pour une durée temporaire",
            "Washington est prêt à discuter d'un consortium régional d'enrichissement",
        ],
        ("usa", B, "insist"): [
            "tout accord doit aussi couvrir les missiles balistiques iraniens",
            "l'Iran doit réduire la portée de ses missiles",
        ],
        ("usa", S, "pressure"): [
            "Washington imposera de nouvelles sanctions sur le pétrole iranien",
            "les pays qui achètent du pétrole iranien paieront des droits de douane",
        ],
        ("usa", S, "open"): [
            "un allègement des sanctions est envisageable en cas d'accord",
        ],
        ("usa", S, "insist"): [
            "Washington maintiendra les sanctions jusqu'à la signature d'un accord",
        ],
        ("e3", E, "insist"): [
            "l'Iran doit rendre compte de son stock d'uranium enrichi",
            "Téhéran doit réduire ses stocks d'uranium enrichi",
        ],
        ("e3", B, "insist"): [
            "l'Iran doit limiter son programme balistique",
        ],
        ("e3", S, "pressure"): [
            "les Européens déclencheront le mécanisme de snapback",
            "les sanctions de l'ONU seront rétablies à la fin du mois",
        ],
        ("e3", S, "open"): [
            "les Européens sont prêts à reporter le retour des sanctions",
        ],
        ("israel", E, "pressure"): [
            "Israël frappera de nouveau les installations nucléaires iraniennes si nécessaire",
        ],
        ("israel", E, "insist"): [
            "le programme d'enrichissement iranien doit être démantelé",
        ],
        ("israel", B, "pressure"): [
            "l'armée continuera de frapper les lanceurs de missiles dans l'ouest de l'Iran",
        ],
        ("iaea", E, "insist"): [
            "les inspecteurs doivent pouvoir vérifier le stock d'uranium enrichi de l'Iran",
        ],
        ("eu", S, "open"): [
            "l'Union pourrait envisager un allègement des sanctions en cas d'accord vérifiable",
        ],
        ("eu", S, "pressure"): [
            "l'UE imposera de nouvelles sanctions à des entités iraniennes",
        ],
        ("russia", S, "insist"): [
            "les sanctions contre l'Iran sont illégales",
            "Moscou s'oppose à tout retour des sanctions de l'ONU",
        ],
        ("russia", E, "open"): [
            "la Russie est prête à récupérer l'uranium enrichi iranien",
        ],
        ("china", S, "insist"): [
            "les sanctions unilatérales n'ont aucune base légale",
            "Pékin s'oppose aux sanctions unilatérales contre l'Iran",
        ],
    },
    "ar": {
        ("iran", E, "refuse"): [
            "التخصيب خط أحمر بالنسبة لإيران",
            "التخصيب الصفري غير مقبول",
            "حق إيران في التخصيب غير قابل للتفاوض",
            "طهران لن تتخلى أبدا عن التخصيب",
        ],
        ("iran", E, "insist"): [
            "التخصيب على الأراضي الإيرانية سيستمر",
            "من حق إيران تخصيب اليورانيوم لأغراض سلمية",
        ],
        ("iran", E, "open"): [
            "إيران مستعدة لقبول قيود مؤقتة على مستوى التخصيب",
            "طهران مستعدة لتقديم ضمانات بشأن برنامج التخصيب",
        ],
        ("iran", E, "concede"): [
            "إيران وافقت على تحديد سقف للتخصيب عند 3.67 في المئة",
            "طهران وافقت على تخفيف جزء من مخزونها من اليورانيوم العالي التخصيب",
        ],
        ("iran", B, "refuse"): [
            "البرنامج الصاروخي ليس مطروحا على الطاولة",
            "القدرات الدفاعية للبلاد خط أحمر",
            "طهران لن تتفاوض أبدا على صواريخها",
        ],
        ("iran", B, "insist"): [
            "إيران ستواصل تطوير برنامجها الصاروخي",
            "من حق إيران امتلاك صواريخ باليستية للدفاع عن نفسها",
        ],
        ("iran", S, "insist"): [
            "يجب رفع جميع العقوبات قبل أي اتفاق",
            "العقوبات الأمريكية غير قانونية ويجب أن تتوقف",
        ],
        ("iran", S, "refuse"): [
            "إيران ترفض عودة عقوبات الأمم المتحدة",
            "طهران لن تعترف أبدا بإعادة فرض العقوبات",
        ],
        ("usa", E, "refuse"): [
            "لا تخصيب في إيران، ولا حتى بنسبة 1 في المئة",
            "التخصيب الصفري خط أحمر بالنسبة لواشنطن",
        ],
        ("usa", E, "insist"): [
            "على إيران أن تفكك برنامج التخصيب",
            "يجب على طهران تسليم مخزونها من اليورانيوم المخصب",
        ],
        ("usa", E, "pressure"): [
            "الولايات المتحدة ستشن ضربات على المواقع النووية الإيرانية إذا فشلت المحادثات",
            "قاذفات أمريكية قصفت منشأة فوردو للتخصيب",
        ],
        ("usa", E, "open"): [
            "واشنطن يمكن أن تقبل بتخصيب على مستوى منخفض لفترة مؤقتة",
        ],
        ("usa", B, "insist"): [
            "أي اتفاق يجب أن يشمل الصواريخ الباليستية الإيرانية",
            "على إيران أن تحد من برنامجها الصاروخي",
        ],
        ("usa", S, "pressure"): [
            "واشنطن ستفرض عقوبات جديدة على صادرات النفط الإيرانية",
            "الدول التي تشتري النفط الإيراني ستخضع لرسوم جمركية إضافية",
        ],
        ("usa", S, "open"): [
            "تخفيف العقوبات مطروح على الطاولة إذا التزمت إيران",
        ],
        ("usa", S, "insist"): [
            "واشنطن ستواصل تطبيق العقوبات حتى توقيع اتفاق",
        ],
        ("e3", E, "insist"): [
            "على إيران أن تقدم تقريرا عن مخزونها من اليورانيوم المخصب",
            "يجب على طهران خفض مخزونها من اليورانيوم المخصب",
        ],
        ("e3", B, "insist"): [
            "يجب على إيران تقييد برنامجها الصاروخي",
        ],
        ("e3", S, "pressure"): [
            "الدول الأوروبية الثلاث ستفعل آلية الزناد",
            "إعادة فرض عقوبات الأمم المتحدة ستتم في نهاية الشهر",
        ],
        ("e3", S, "open"): [
            "الدول الأوروبية مستعدة لتأجيل عودة العقوبات",
        ],
        ("israel", E, "pressure"): [
            "إسرائيل ستشن غارات جديدة على المنشآت النووية الإيرانية إذا لزم الأمر",
        ],
        ("israel", E, "insist"): [
            "يجب تفكيك برنامج التخصيب الإيراني",
        ],
        ("israel", B, "pressure"): [
            "الجيش سيواصل ضرب منصات إطلاق الصواريخ في غرب إيران",
        ],
        ("iaea", E, "insist"): [
            "يجب أن يتمكن المفتشون من التحقق من مخزون إيران من اليورانيوم المخصب",
        ],
        ("eu", S, "open"): [
            "الاتحاد الأوروبي قد يدرس تخفيف العقوبات في حال التوصل إلى اتفاق",
        ],
        ("eu", S, "pressure"): [
            "الاتحاد الأوروبي سيفرض عقوبات جديدة على كيانات إيرانية",
        ],
        ("russia", S, "insist"): [
            "العقوبات المفروضة على إيران غير قانونية",
            "موسكو تعارض أي عودة لعقوبات الأمم المتحدة",
        ],
        ("russia", E, "open"): [
            "روسيا مستعدة لتسلم اليورانيوم الإيراني المخصب",
        ],
        ("china", S, "insist"): [
            "العقوبات الأحادية لا أساس لها في القانون الدولي",
            "بكين تعارض العقوبات الأحادية ضد إيران",
        ],
    },
}

# Sentence frames: {S} speaker, {C} clause, {D} the day (" on Monday", " lundi",
# " يوم الاثنين", or ""). Frames starting with {C} capitalise it.
FRAMES: dict[str, list[str]] = {
    "en": [
        "{S} said{D} that {C}.",
        "{C}, {S} said{D}.",
        "{S} told reporters{D} that {C}.",
        "“{C},” {S} said{D}.",
        "Speaking to state television{D}, {S} said {C}.",
        "{S} said in a statement{D} that {C}.",
    ],
    "fr": [
        "{S} a déclaré{D} que {C}.",
        "{C}, a affirmé{D} {S}.",
        "« {C} », a déclaré{D} {S}.",
        "{S} a estimé{D} que {C}.",
        "{S} a assuré{D} devant la presse que {C}.",
    ],
    "ar": [
        "وقال {S}{D} إن {C}.",
        "وأكد {S}{D} أن {C}.",
        "وأوضح {S}{D} أن {C}.",
        "وقال {S}{D}: «{C}».",
        "وصرح {S}{D} بأن {C}.",
    ],
}

# A second position of the same speaker, right after the first one.
FOLLOW_UP: dict[str, dict[str, list[str]]] = {
    "en": {"m": ["He added that {C}.", "He also said {C}."], "f": ["She added that {C}.", "She also said {C}."]},
    "fr": {"m": ["Il a ajouté que {C}.", "« {C} », a-t-il ajouté."],
           "f": ["Elle a ajouté que {C}.", "« {C} », a-t-elle ajouté."]},
    "ar": {"m": ["وأضاف أن {C}."], "f": ["وأضافت أن {C}."]},
}

WEEKDAYS = {
    "en": [" on Monday", " on Tuesday", " on Wednesday", " on Thursday", " on Friday", " on Saturday", " on Sunday"],
    "fr": [" lundi", " mardi", " mercredi", " jeudi", " vendredi", " samedi", " dimanche"],
    "ar": [" يوم الاثنين", " يوم الثلاثاء", " يوم الأربعاء", " يوم الخميس", " يوم الجمعة", " يوم السبت", " يوم الأحد"],
}
YESTERDAY = {"en": " yesterday", "fr": " hier", "ar": " أمس"}

# Past history: positions of years ago, which must not be extracted.
BACKGROUND: dict[str, list[str]] = {
    "en": [
        "In May 2018, during his first term, Donald Trump withdrew the United States from the 2015 agreement "
        "and reimposed sanctions on Iran.",
        "Under the 2015 agreement, Iran had accepted a ceiling of 3.67 percent on enrichment in exchange for "
        "the lifting of international sanctions.",
        "A year later, in 2019, Tehran began to exceed the limits the accord had set on its stock of enriched uranium.",
        "The 2015 deal, negotiated over almost two years in Vienna and Lausanne, lifted most United Nations "
        "sanctions at the time.",
    ],
    "fr": [
        "En mai 2018, lors de son premier mandat, Donald Trump avait retiré les Etats-Unis de l'accord de 2015 "
        "et rétabli les sanctions contre l'Iran.",
        "En vertu de l'accord de 2015, l'Iran avait accepté un plafond de 3,67 % pour l'enrichissement en "
        "échange de la levée des sanctions internationales.",
        "Un an plus tard, en 2019, Téhéran avait commencé à dépasser les limites fixées par l'accord à son "
        "stock d'uranium enrichi.",
        "L'accord de 2015, négocié pendant près de deux ans à Vienne et à Lausanne, avait levé à l'époque "
        "la plupart des sanctions de l'ONU.",
    ],
    "ar": [
        "وفي أيار/مايو 2018، خلال ولايته الأولى، أعلن ترامب انسحاب بلاده من الاتفاق وأعاد فرض العقوبات على إيران.",
        "وبموجب اتفاق عام 2015، قبلت إيران سقفا للتخصيب عند 3.67 في المئة مقابل رفع العقوبات الدولية.",
        "وبعد عام، في 2019، بدأت طهران تتجاوز القيود التي حددها الاتفاق لمخزونها من اليورانيوم المخصب.",
        "وكان اتفاق عام 2015، الذي استغرقت مفاوضاته نحو عامين في فيينا ولوزان، قد رفع آنذاك معظم عقوبات الأمم المتحدة.",
    ],
}

# Neutral sentences (no issue, no stance word, no day name), with slots filled from
# POOLS and alternatives written [a|b|c]: the many combinations keep unrelated articles
# from looking like copies of one another to the syndication detector (MinHash).
NEUTRAL: dict[str, list[str]] = {
    "en": [
        "The {ord} [round|session|meeting] [lasted|went on for|ran for] [about|nearly|more than|just under] {n} hours in {city}, [according to people familiar with the schedule|said {person}, an aide to one delegation|a host government aide said].",
        "[Delegations|The two teams|Negotiators|The visiting delegations] [arrived in|reached|flew into] {city} [late in the evening|shortly before midnight|in the early afternoon|around dawn] and [were driven|went straight|headed] to a {venue} [on the outskirts|near the {district}|in the {district}].",
        "[About|Some|Roughly|Nearly] {n2} [journalists|reporters|camera crews|photographers] [waited|gathered|stood] [outside|near|at the gates of] the {venue}, [where security was tight|behind metal barriers|in the {weather} weather|as police closed the street].",
        "Brent crude [moved|slipped|edged up|edged down] {pct} percent in {market} trading [after the news|on the reports|in a nervous session|as traders watched {city}], [settling at|to|at] {price} dollars a barrel.",
        "The rial [traded at|stood at|was quoted at|changed hands at] [about|around|nearly] {rial} to the dollar [on the open market in Tehran|in exchange shops in Tehran|on Tehran's street market].",
        "[Omani|Host|Swiss] mediators [carried messages|shuttled|passed notes] between the [two|separate] [rooms|halls|wings] of the {venue} [throughout the day|for {n} hours|until late at night].",
        "[A date for the next meeting|The timing of the next round|The venue of the next session] [has not been set|is still unclear|was not announced|remains undecided], [diplomats|aides|people close to the organisers] in {city} said.",
        "[Local media|State television|Regional channels|News sites] in {city} [showed|broadcast|published] [images|footage|pictures] of the [convoy|motorcade|delegation cars] [crossing|driving through|entering] the {district}.",
        "The [mood|atmosphere|tone] [at|inside] the {venue} was described as {mood} by [several participants|one attendee|a member of staff|{person}, who attended].",
        "[Technical teams|Experts|Legal advisers|Working groups] are [expected|scheduled|due] to [meet|gather|reconvene] in {city} [within|in about|after] {n} weeks to [work on|go over|draft|review] the [details|wording|annexes|technical parts] of a text.",
        "Shares on the {market} exchange [closed|ended|finished] {pct} percent {updown} [on the day|in thin trading|after a volatile session].",
        "Traffic in the {district} of {city} was [disrupted|slowed|diverted] for [about|nearly|more than] {n} hours as the [motorcade|convoy|delegation] [passed|went by|drove through].",
        "Each delegation [included|brought|counted] {n} [legal|technical|financial] [experts|advisers|specialists], [according to a list seen by reporters|a staff member said|organisers said].",
        "[Weather|The weather] in {city} was {weather}, with temperatures [around|near|close to|of about] {temp} degrees [during the day|in the afternoon|by evening].",
        "The [session|meeting|round] in {city} [ended|broke up|finished|closed] [shortly after|just before|around] {hour} [in the evening|at night|p.m.] local time.",
        "Television [channels|networks|stations] [across|throughout|in] the region [carried|broadcast|showed] the arrival of the delegations [live|in full|on a split screen] from {city}.",
        "Residents of {city} [said they|told reporters they] [followed|watched|tracked] the [talks|meeting|session] [closely|with interest|from afar] on {medium}, [among them|including] {person}, a {job}.",
        "[A manager|An employee|A receptionist|A spokesman] [of|at] the {venue} declined to comment on the [arrangements|bookings|security] for the {ord} [round|session|meeting].",
        "Trade across the Gulf was worth [about|roughly|nearly] {bn} billion dollars [last year|in the past twelve months|over the previous year], according to {source}.",
        "[More than|Over|Some] {n3} [people|guests|visitors|delegates] [attended|joined|came to] a [conference|forum|seminar] on [regional security|shipping|energy markets|water resources] held in {city} the same month.",
        "The {venue} in {city} had been [booked|reserved|set aside] for {n} days, said {person}, a {job}.",
        "Interpreters [worked|were on hand] in {n} languages during the {ord} [session|round|meeting], [an organiser|a staff member|an aide] in {city} said.",
        "Flights to {city} were [full|fully booked|sold out] for [most of the week|several days|the whole weekend], [travel agents|airline staff|{person}, a {job},] in {city2} said.",
        "[Hotel|Restaurant|Shop] owners in {city} [reported|noted|saw] [busy|crowded|quiet] [streets|evenings|terraces] as [foreign|visiting] [journalists|crews|delegations] [filled|crowded|left] the {district}.",
        "\"[It was a long day|We worked late|Nobody slept much|The coffee ran out early],\" said {person}, a {job} at the {venue}.",
        "[Police|Security guards|Soldiers] [checked|searched|waved through] [cars|bags|visitors] at [the entrance|a checkpoint|the gates] of the {district} [all day|from early morning|until the evening].",
    ],
    "fr": [
        "La {ord} [session|séance|réunion] a [duré|pris] [environ|près de|plus de] {n} heures à {city}, [selon des personnes proches du dossier|selon {person}, un conseiller d'une délégation|d'après un collaborateur du pays hôte].",
        "[Les délégations|Les deux équipes|Les négociateurs] sont [arrivés|parvenus] à {city} [en fin de soirée|peu avant minuit|en début d'après-midi|à l'aube] avant de [rejoindre|gagner|se rendre à] {venue}, [en périphérie|près de {district}|dans {district}].",
        "[Environ|Quelque|Près de] {n2} [journalistes|reporters|photographes|équipes de télévision] [attendaient|patientaient|se pressaient] [devant|près de|aux portes de] {venue}, [où la sécurité avait été renforcée|derrière des barrières métalliques|sous un temps {weather}].",
        "Le baril de Brent a [évolué|varié|glissé|gagné] de {pct} % sur le marché de {market} [après l'annonce|dans une séance nerveuse|dans l'attente de nouvelles], à {price} dollars.",
        "Le rial [s'échangeait|valait|cotait] [autour de|environ|près de] {rial} pour un dollar [sur le marché libre de Téhéran|dans les bureaux de change de Téhéran|au marché noir de Téhéran].",
        "Les médiateurs [omanais|du pays hôte|suisses] ont fait la navette entre les [deux|différentes] [salles|ailes] de {venue} [toute la journée|pendant {n} heures|jusque tard dans la nuit].",
        "[Aucune date n'a été fixée pour la prochaine rencontre|Le calendrier de la suite reste flou|Le lieu de la prochaine séance n'a pas été annoncé], [selon des diplomates|selon des collaborateurs|d'après l'entourage des organisateurs] à {city}.",
        "[Les médias locaux|La télévision d'Etat|Les chaînes régionales|Les sites d'information] de {city} ont [montré|diffusé|publié] [les images|des photos|une vidéo] du [convoi|cortège] traversant {district}.",
        "L'ambiance à {venue} a été [décrite|qualifiée] comme {mood} par [plusieurs participants|un invité|un membre du personnel|{person}, présent sur place].",
        "[Des équipes techniques|Des experts|Des juristes|Des groupes de travail] doivent se [retrouver|réunir] à {city} [d'ici|dans environ|après] {n} semaines pour [travailler sur|relire|rédiger] [les détails|la formulation|les annexes] d'un texte.",
        "La Bourse de {market} a terminé la séance en {updown} de {pct} % [dans un marché calme|après une séance agitée|avec de faibles volumes].",
        "La circulation dans {district} de {city} a été [perturbée|ralentie|déviée] pendant [environ|près de|plus de] {n} heures au passage du [cortège|convoi].",
        "Chaque délégation [comptait|comprenait] {n} [experts|conseillers|spécialistes] [juridiques|techniques|financiers], [selon une liste consultée par la presse|selon un membre du personnel|selon les organisateurs].",
        "Le temps était {weather} à {city}, avec des températures [autour de|proches de|d'environ] {temp} degrés [dans la journée|l'après-midi|en soirée].",
        "La [séance|réunion] de {city} s'est [achevée|terminée] [peu après|juste avant|vers] {hour} heures du soir, heure locale.",
        "Les [chaînes|télévisions] de la région ont [retransmis|diffusé] [en direct|en intégralité] l'arrivée des délégations à {city}.",
        "Des habitants de {city} [disent suivre|suivent] les discussions [de près|avec intérêt|de loin] sur {medium}, [parmi eux|dont] {person}, {job}.",
        "[Un responsable|Un employé|Une réceptionniste] de {venue} n'a pas souhaité commenter [l'organisation|les réservations|la sécurité] de la {ord} [session|réunion].",
        "Les échanges commerciaux dans le Golfe ont représenté [environ|près de|quelque] {bn} milliards de dollars [l'an dernier|sur les douze derniers mois], selon {source}.",
        "[Plus de|Quelque|Près de] {n3} [personnes|invités|visiteurs] ont assisté le même mois à [une conférence|un forum|un séminaire] sur [la sécurité régionale|le transport maritime|l'énergie|l'eau] organisé à {city}.",
        "À {city}, la salle de {venue} était [réservée|retenue] pour {n} jours, selon {person}, {job}.",
        "Des interprètes ont travaillé en {n} langues pendant la {ord} [session|réunion], selon [un organisateur|un membre du personnel] à {city}.",
        "Les vols vers {city} étaient [complets|pleins] [une bonne partie de la semaine|plusieurs jours|tout le week-end], selon [des agences de voyage|des employés de compagnies aériennes] de {city2}.",
        "« [La journée a été longue|Nous avons travaillé tard|Personne n'a beaucoup dormi] », raconte {person}, {job} à {venue}.",
        "[Les policiers|Des agents de sécurité|Des militaires] ont [contrôlé|fouillé] [les voitures|les sacs|les visiteurs] à [l'entrée|un point de contrôle] de {district} [toute la journée|dès le matin|jusqu'au soir].",
    ],
    "ar": [
        "واستمرت الجولة {ord} من [المحادثات|الاجتماعات|اللقاءات] [نحو|قرابة|أكثر من] {n} ساعات في {city}، [وفق أشخاص مطلعين على الجدول|بحسب {person}، أحد مساعدي الوفود|بحسب مساعد في الحكومة المضيفة].",
        "[ووصلت الوفود|ووصل الفريقان|ووصل المفاوضون] إلى {city} [في ساعة متأخرة من المساء|قبيل منتصف الليل|بعد الظهر|عند الفجر] [ونقلوا|وتوجهوا|وانتقلوا] إلى {venue} [في الضواحي|قرب {district}|في {district}].",
        "[وانتظر|وتجمع|ووقف] [نحو|قرابة|حوالي] {n2} [صحفيا|مراسلا|مصورا] [أمام|قرب|عند بوابة] {venue} [وسط إجراءات أمنية مشددة|خلف حواجز معدنية|في طقس {weather}].",
        "وتحرك سعر خام برنت بنسبة {pct} في المئة في تعاملات {market} [بعد الإعلان|في جلسة متقلبة|مع ترقب الأخبار]، إلى {price} دولارا للبرميل.",
        "[وجرى تداول|واستقر|وبلغ سعر] الريال عند [نحو|حوالي|قرابة] {rial} مقابل الدولار [في السوق الحرة في طهران|في محلات الصرافة في طهران|في سوق طهران].",
        "[وتنقل|وتحرك] الوسطاء [العمانيون|السويسريون|من البلد المضيف] بين [قاعتي|جناحي] {venue} [طوال اليوم|لمدة {n} ساعات|حتى وقت متأخر من الليل].",
        "[ولم يحدد بعد موعد الاجتماع المقبل|ولا يزال موعد الجولة التالية غير واضح|ولم يعلن مكان الجلسة المقبلة]، [بحسب دبلوماسيين|بحسب مساعدين|وفق مقربين من المنظمين] في {city}.",
        "[وعرضت وسائل الإعلام المحلية|وبث التلفزيون الرسمي|ونشرت المواقع الإخبارية] في {city} [صور|لقطات] [الموكب|القافلة|سيارات الوفود] وهو يعبر {district}.",
        "ووصف [عدد من المشاركين|أحد الحاضرين|أحد الموظفين|{person}، الذي حضر اللقاء،] الأجواء في {venue} بأنها {mood}.",
        "ومن المقرر أن [تجتمع|تلتقي] [فرق فنية|فرق من الخبراء|مجموعات عمل] في {city} [خلال|بعد نحو|في غضون] {n} أسابيع [للعمل على|لمراجعة|لصياغة] [تفاصيل|ملاحق|صياغة] النص.",
        "وأغلقت بورصة {market} على تغير بنسبة {pct} في المئة [في نهاية الجلسة|في تداولات هادئة|بعد جلسة متقلبة].",
        "[وتعطلت|وتباطأت] حركة السير في {district} في {city} لمدة [نحو|قرابة|أكثر من] {n} ساعات أثناء مرور [الموكب|القافلة].",
        "وضم كل وفد {n} [خبراء|مستشارين|مختصين] [قانونيين|فنيين|ماليين]، [وفق قائمة اطلع عليها الصحفيون|بحسب أحد الموظفين|بحسب المنظمين].",
        "وكان الطقس في {city} {weather}، مع درجات حرارة [تقارب|تناهز|نحو] {temp} درجة [خلال النهار|بعد الظهر|في المساء].",
        "[وانتهت|واختتمت] جلسة {city} [بعد|قبل|قرابة] الساعة {hour} مساء [بقليل|تقريبا] بالتوقيت المحلي.",
        "[ونقلت|وبثت] القنوات التلفزيونية في المنطقة وصول الوفود إلى {city} [على الهواء مباشرة|بشكل كامل].",
        "ويتابع سكان {city} المحادثات [عن كثب|باهتمام|من بعيد] عبر {medium}، [ومنهم|ومن بينهم] {person}، {job}.",
        "[وامتنع مدير|وامتنع موظف في|ورفض مسؤول في] {venue} عن التعليق على [ترتيبات|حجوزات|أمن] الجولة {ord}.",
        "وبلغت قيمة التجارة في منطقة الخليج [نحو|حوالي|قرابة] {bn} مليار دولار [العام الماضي|خلال الأشهر الاثني عشر الماضية]، وفق {source}.",
        "وحضر [أكثر من|نحو|قرابة] {n3} [شخص|ضيف|زائر] [مؤتمرا|منتدى|ندوة] حول [الأمن الإقليمي|النقل البحري|أسواق الطاقة|الموارد المائية] عقد في {city} في الشهر نفسه.",
        "وكان {venue} في {city} محجوزا لمدة {n} أيام، بحسب {person}، {job}.",
        "وعمل مترجمون بـ{n} لغات خلال الجولة {ord}، بحسب [أحد المنظمين|أحد الموظفين|أحد المساعدين] في {city}.",
        "وكانت الرحلات إلى {city} [ممتلئة|محجوزة بالكامل] [معظم أيام الأسبوع|لعدة أيام|طوال عطلة نهاية الأسبوع]، بحسب [وكالات سفر|موظفين في شركات طيران] في {city2}.",
        "«[كان يوما طويلا|عملنا حتى وقت متأخر|لم ينم أحد كثيرا]»، يقول {person}، {job} في {venue}.",
        "[وفتش|وراقب|ودقق] [رجال الشرطة|عناصر الأمن|الجنود] [السيارات|الحقائب|الزوار] عند [مدخل|نقطة تفتيش في] {district} [طوال اليوم|منذ الصباح الباكر|حتى المساء].",
    ],
}

POOLS: dict[str, dict[str, list[str]]] = {
    "en": {
        "ord": ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"],
        "city": ["Muscat", "Geneva", "Vienna", "Rome", "Doha", "Oslo", "Istanbul", "Cairo", "Brussels", "New York",
                 "Lausanne", "Baghdad", "Ankara", "Abu Dhabi", "Beirut", "Amman", "Kuwait City", "Manama"],
        "venue": ["hotel", "villa", "conference centre", "residence", "palace", "guest house", "embassy annex",
                  "convention hall", "resort", "club"],
        "district": ["old town", "business district", "harbour area", "diplomatic quarter", "city centre",
                     "northern suburbs", "airport road", "seafront"],
        "market": ["Asian", "London", "New York", "Dubai", "Tokyo", "Frankfurt", "Singapore"],
        "mood": ["calm", "businesslike", "tense", "cordial", "serious", "frank", "slow", "constructive"],
        "updown": ["higher", "lower"],
        "weather": ["mild", "hot", "humid", "cool", "windy", "rainy", "dry"],
        "medium": ["social media", "local radio", "satellite television", "news websites", "messaging apps"],
        "source": ["customs data", "a regional chamber of commerce", "central bank figures", "port statistics"],
    },
    "fr": {
        "ord": ["première", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième"],
        "city": ["Mascate", "Genève", "Vienne", "Rome", "Doha", "Oslo", "Istanbul", "Le Caire", "Bruxelles",
                 "New York", "Lausanne", "Bagdad", "Ankara", "Abou Dhabi", "Beyrouth", "Amman", "Koweït", "Manama"],
        "venue": ["l'hôtel", "la villa", "le centre de conférences", "la résidence", "le palais", "la maison d'hôtes",
                  "l'annexe de l'ambassade", "le palais des congrès", "le complexe hôtelier", "le cercle"],
        "district": ["la vieille ville", "le quartier d'affaires", "le port", "le quartier diplomatique",
                     "le centre-ville", "la banlieue nord", "la route de l'aéroport", "le front de mer"],
        "market": ["Tokyo", "Londres", "New York", "Dubaï", "Francfort", "Singapour", "Hong Kong"],
        "mood": ["calme", "studieuse", "tendue", "cordiale", "sérieuse", "franche", "lente", "constructive"],
        "updown": ["hausse", "baisse", "légère hausse", "légère baisse"],
        "weather": ["doux", "chaud", "humide", "frais", "venteux", "pluvieux", "sec"],
        "medium": ["les réseaux sociaux", "la radio locale", "la télévision par satellite", "les sites d'information"],
        "source": ["les douanes", "une chambre de commerce régionale", "la banque centrale", "les statistiques portuaires"],
    },
    "ar": {
        "ord": ["الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة"],
        "city": ["مسقط", "جنيف", "فيينا", "روما", "الدوحة", "أوسلو", "إسطنبول", "القاهرة", "نيويورك", "لوزان",
                 "بغداد", "أنقرة", "أبوظبي", "بيروت", "عمّان", "الكويت", "المنامة", "الرباط"],
        "venue": ["الفندق", "الفيلا", "مركز المؤتمرات", "مقر الإقامة", "القصر", "دار الضيافة", "ملحق السفارة",
                  "قاعة المؤتمرات", "المنتجع", "النادي"],
        "district": ["المدينة القديمة", "الحي التجاري", "منطقة الميناء", "الحي الدبلوماسي", "وسط المدينة",
                     "الضواحي الشمالية", "طريق المطار", "الواجهة البحرية"],
        "market": ["آسيا", "لندن", "نيويورك", "دبي", "طوكيو", "فرانكفورت", "سنغافورة"],
        "mood": ["هادئة", "عملية", "متوترة", "ودية", "جدية", "صريحة", "بطيئة", "بناءة"],
        "updown": [""],
        "weather": ["معتدلا", "حارا", "رطبا", "باردا", "عاصفا", "ممطرا", "جافا"],
        "medium": ["وسائل التواصل الاجتماعي", "الإذاعة المحلية", "القنوات الفضائية", "المواقع الإخبارية"],
        "source": ["بيانات الجمارك", "غرفة تجارة إقليمية", "أرقام البنك المركزي", "إحصاءات الموانئ"],
    },
}
_FIRST = {"en": ["Omar", "Lina", "Sami", "Nadia", "Karim", "Huda", "Youssef", "Rana", "Tariq", "Maya", "Hassan",
                 "Leila", "Farid", "Dina", "Walid", "Salma", "Rami", "Noor", "Ziad", "Amal"],
          "ar": ["عمر", "لينا", "سامي", "نادية", "كريم", "هدى", "يوسف", "رنا", "طارق", "مايا", "حسن", "ليلى",
                 "فريد", "دينا", "وليد", "سلمى", "رامي", "نور", "زياد", "أمل"]}
_LAST = {"en": ["Haddad", "Khoury", "Saleh", "Mansour", "Hamdan", "Darwish", "Farhat", "Jaber", "Barakat",
                "Yassin", "Habib", "Sabbagh", "Tannous", "Marouf", "Awad", "Bitar"],
         "ar": ["حداد", "خوري", "صالح", "منصور", "حمدان", "درويش", "فرحات", "جابر", "بركات", "ياسين",
                "حبيب", "صباغ", "طنوس", "معروف", "عوض", "بيطار"]}
POOLS["en"]["person"] = POOLS["fr"]["person"] = [f"{a} {b}" for a in _FIRST["en"] for b in _LAST["en"]]
POOLS["ar"]["person"] = [f"{a} {b}" for a in _FIRST["ar"] for b in _LAST["ar"]]
POOLS["en"]["job"] = ["hotel manager", "taxi driver", "shop owner", "tour guide", "translator", "security guard",
                      "student", "engineer", "café owner", "photographer", "teacher", "retired banker"]
POOLS["fr"]["job"] = ["gérant d'hôtel", "chauffeur de taxi", "commerçant", "guide touristique", "traducteur",
                      "agent de sécurité", "étudiant", "ingénieur", "patron de café", "photographe", "enseignant"]
POOLS["ar"]["job"] = ["مدير فندق", "سائق سيارة أجرة", "صاحب متجر", "مرشد سياحي", "مترجم", "حارس أمن", "طالب",
                      "مهندس", "صاحب مقهى", "مصور", "مدرس", "مصرفي متقاعد"]
for _p in POOLS.values():
    _p["city2"] = _p["city"]

# Arabic verbs agree with a feminine subject: cities, plural bodies, women.
AR_FEMININE = {"طهران", "واشنطن", "السلطات الإيرانية", "الترويكا الأوروبية", "الدول الأوروبية الثلاث",
               "المتحدثة باسم البيت الأبيض كارولين ليفيت", "ليفيت", "مسؤولة السياسة الخارجية في الاتحاد الأوروبي كايا كالاس",
               "كالاس", "ماريا زاخاروفا"}
AR_FEMININE_VERBS = {"وقال ": "وقالت ", "وأكد ": "وأكدت ", "وأوضح ": "وأوضحت ", "وصرح ": "وصرحت "}

AGENCIES = {
    "en": ["Gulf Wire", "Capital Post", "Daily Courier", "World Desk", "Levant Times", "Harbour News",
           "Meridian Press", "The Observer Line"],
    "fr": ["Dépêche du Golfe", "Le Quotidien", "Agence Méridien", "Le Courrier du Levant", "Actualités Monde",
           "Le Journal du Soir"],
    "ar": ["وكالة الخليج", "صحيفة العاصمة", "البريد اليومي", "المشرق اليوم", "أخبار الساحل", "الميدان"],
}
DATELINE = {
    "en": "{CITY} ({AGENCY}) – ",
    "fr": "{CITY} ({AGENCY}) – ",
    "ar": "{CITY} ({AGENCY}) – ",
}
TITLES = {
    "en": ["Talks in {city}: positions harden on {topic}", "{city} round ends with no date for next meeting",
           "Diplomats weigh {topic} as talks resume in {city}", "What each side said on {topic} in {city}"],
    "fr": ["Pourparlers à {city} : les positions se durcissent sur {topic}",
           "Fin de la session de {city} sans date pour la suite", "A {city}, les diplomates pèsent {topic}"],
    "ar": ["محادثات {city}: تشدد في المواقف بشأن {topic}", "انتهاء جولة {city} دون موعد للجولة المقبلة",
           "ما قاله كل طرف حول {topic} في {city}"],
}
TOPICS = {
    "en": {E: "enrichment", B: "missiles", S: "sanctions"},
    "fr": {E: "l'enrichissement", B: "les missiles", S: "les sanctions"},
    "ar": {E: "التخصيب", B: "الصواريخ", S: "العقوبات"},
}

# Free sentences: WHO + DID + WHERE + WHEN, each built from small parts drawn from their
# own pools (occupations, verbs, objects, places, quarters, numbers, names), so that two
# unrelated articles share about as few three-word sequences as two real ones do (the
# syndication detector compares word shingles; real articles of one topic overlap by about
# 2%). Parts carry no issue word, no stance word, no negation and no day name; English and
# French subjects are singular, Arabic ones masculine singular in subject-verb order.
GRAMMAR: dict[str, dict[str, list[str]]] = {
    "en": {
        "who": ["A taxi driver", "A photographer", "A hotel clerk", "An engineer", "A street vendor", "A teacher",
                "A waiter", "A tour guide", "A night guard", "A student", "A shopkeeper", "A radio reporter",
                "An airport clerk", "A lecturer", "A delivery rider", "A fisherman", "A bookseller", "A florist",
                "A gardener", "A baker", "A museum curator", "A translator", "A parking attendant", "A café owner",
                "A nurse", "A plumber", "An electrician", "A pharmacist", "A tailor", "A barber", "A carpenter",
                "A mechanic", "A librarian", "A chef", "A bus driver", "A painter", "An architect", "A lawyer",
                "An accountant", "A postman"],
        "from": ["from {city}", "from the {quarter} quarter", "from a village near {city}", "born in {city}",
                 "who lives in {quarter}", "working in {quarter}"],
        "did": ["counted", "carried", "sold", "moved", "stacked", "sorted", "checked", "unloaded", "labelled",
                "arranged", "delivered", "collected", "bought", "loaded", "displayed", "returned", "ordered",
                "handed out", "weighed", "wrapped"],
        "what": ["chairs", "boxes", "flags", "bottles of water", "umbrellas", "newspapers", "lamps", "bicycles",
                 "tables", "crates of fruit", "posters", "tickets", "maps", "sandwiches", "bags of rice",
                 "flower pots", "cups", "blankets", "folders", "cables", "keys", "benches", "carpets", "plates",
                 "notebooks", "batteries", "jackets", "banners", "signs", "tyres", "books", "radios", "candles",
                 "baskets", "pens", "shoes", "ladders", "bricks", "tiles", "mattresses"],
        "prep": ["near", "behind", "opposite", "next to", "outside", "inside", "beside", "across from", "around",
                 "along", "past", "beyond"],
        "place": ["the market", "the bakery", "the bus station", "the square", "the library", "the harbour",
                  "the stadium", "the pharmacy", "the cinema", "the bridge", "the fountain", "the school",
                  "the clinic", "the park", "the garage", "the bazaar", "the mosque", "the church",
                  "the post office", "the warehouse", "the hospital", "the museum", "the courthouse", "the theatre",
                  "the gallery", "the clock tower", "the pier", "the canal", "the arcade", "the fire station"],
        "of": ["of {quarter}", "in {quarter}", "of {city}", "on {quarter} street"],
        "when": ["at {hour}:{mm}", "around {hour} o'clock", "for {n} hours", "{n} minutes later",
                 "after {n} hours of waiting", "before {hour}:{mm}", "in {n} trips", "within {n} minutes"],
        "quarter": ["Al-Mina", "Mutrah", "Ruwi", "Qurum", "Al-Khuwair", "Bawshar", "Seeb", "Al-Amerat",
                    "Al-Hail", "Madinat Sultan", "Wadi Kabir", "Darsait", "Al-Wadi", "Al-Ghubra", "Azaiba",
                    "Al-Khoud", "Bandar Jissah", "Sidab", "Al-Bustan", "Halban", "Fanja", "Yiti", "Quriyat",
                    "Barka", "Nizwa Road", "Al-Ansab", "Misfah", "Jibroo", "Hamriya", "Wattayah"],
    },
    "fr": {
        "who": ["Un chauffeur de taxi", "Un photographe", "Un réceptionniste", "Un ingénieur", "Un marchand ambulant",
                "Un enseignant", "Un serveur", "Un guide", "Un veilleur de nuit", "Un étudiant", "Un commerçant",
                "Un reporter de radio", "Un employé de l'aéroport", "Un chercheur", "Un livreur", "Un pêcheur",
                "Un libraire", "Un fleuriste", "Un jardinier", "Un boulanger", "Un conservateur de musée",
                "Un traducteur", "Un gardien de parking", "Un patron de café", "Un infirmier", "Un plombier",
                "Un électricien", "Un pharmacien", "Un tailleur", "Un coiffeur", "Un menuisier", "Un mécanicien",
                "Un bibliothécaire", "Un cuisinier", "Un chauffeur de bus", "Un peintre", "Un architecte",
                "Un avocat", "Un comptable", "Un facteur"],
        "from": ["originaire de {city}", "du quartier {quarter}", "venu d'un village près de {city}", "né à {city}",
                 "qui habite à {quarter}", "qui travaille à {quarter}"],
        "did": ["a compté", "a porté", "a vendu", "a déplacé", "a empilé", "a trié", "a vérifié", "a déchargé",
                "a étiqueté", "a rangé", "a livré", "a ramassé", "a acheté", "a chargé", "a exposé", "a rapporté",
                "a commandé", "a distribué", "a pesé", "a emballé"],
        "what": ["chaises", "cartons", "drapeaux", "bouteilles d'eau", "parapluies", "journaux", "lampes", "vélos",
                 "tables", "cageots de fruits", "affiches", "tickets", "cartes", "sandwichs", "sacs de riz",
                 "pots de fleurs", "tasses", "couvertures", "dossiers", "câbles", "clés", "bancs", "tapis",
                 "assiettes", "carnets", "piles", "vestes", "banderoles", "panneaux", "pneus", "livres", "radios",
                 "bougies", "paniers", "stylos", "chaussures", "échelles", "briques", "carreaux", "matelas"],
        "prep": ["près de", "derrière", "en face de", "à côté de", "devant", "dans", "autour de", "le long de",
                 "au-delà de", "non loin de"],
        "place": ["le marché", "la boulangerie", "la gare routière", "la place", "la bibliothèque", "le port",
                  "le stade", "la pharmacie", "le cinéma", "le pont", "la fontaine", "l'école", "la clinique",
                  "le parc", "le garage", "le bazar", "la mosquée", "l'église", "la poste", "l'entrepôt",
                  "l'hôpital", "le musée", "le palais de justice", "le théâtre", "la galerie", "la tour de l'horloge",
                  "la jetée", "le canal", "les arcades", "la caserne des pompiers"],
        "of": ["de {quarter}", "à {quarter}", "de {city}", "dans la rue {quarter}"],
        "when": ["à {hour} h {mm}", "vers {hour} heures", "pendant {n} heures", "{n} minutes plus tard",
                 "après {n} heures d'attente", "avant {hour} h {mm}", "en {n} allers-retours", "en moins de {n} minutes"],
    },
    "ar": {
        "who": ["سائق سيارة أجرة", "مصور", "موظف استقبال", "مهندس", "بائع متجول", "مدرس", "نادل", "مرشد سياحي",
                "حارس ليلي", "طالب", "صاحب متجر", "مراسل إذاعي", "موظف في المطار", "باحث", "عامل توصيل", "صياد",
                "بائع كتب", "بائع زهور", "بستاني", "خباز", "أمين متحف", "مترجم", "حارس موقف", "صاحب مقهى",
                "ممرض", "سباك", "كهربائي", "صيدلي", "خياط", "حلاق", "نجار", "ميكانيكي", "أمين مكتبة", "طباخ",
                "سائق حافلة", "رسام", "مهندس معماري", "محام", "محاسب", "ساعي بريد"],
        "from": ["من {city}", "من حي {quarter}", "من قرية قرب {city}", "مولود في {city}", "يسكن في {quarter}",
                 "يعمل في {quarter}"],
        "did": ["أحصى", "حمل", "باع", "نقل", "كدس", "فرز", "فحص", "أنزل", "رقم", "رتب", "أوصل", "جمع", "اشترى",
                "شحن", "عرض", "أعاد", "طلب", "وزع", "وزن", "غلف"],
        "what": ["كرسيا", "صندوقا", "علما", "قارورة ماء", "مظلة", "صحيفة", "مصباحا", "دراجة", "طاولة",
                 "صندوق فاكهة", "ملصقا", "تذكرة", "خريطة", "شطيرة", "كيس أرز", "أصيص زهور", "فنجانا", "بطانية",
                 "ملفا", "كابلا", "مفتاحا", "مقعدا", "سجادة", "طبقا", "دفترا", "بطارية", "سترة", "لافتة",
                 "إطارا", "كتابا", "مذياعا", "شمعة", "سلة", "قلما", "حذاء", "سلما", "حجرا", "بلاطة", "فراشا"],
        "prep": ["قرب", "خلف", "قبالة", "بجوار", "أمام", "داخل", "حول", "على طول", "وراء", "بالقرب من"],
        "place": ["السوق", "المخبز", "محطة الحافلات", "الساحة", "المكتبة", "الميناء", "الملعب", "الصيدلية",
                  "السينما", "الجسر", "النافورة", "المدرسة", "العيادة", "الحديقة", "المرآب", "البازار", "الجامع",
                  "الكنيسة", "مكتب البريد", "المستودع", "المستشفى", "المتحف", "المحكمة", "المسرح", "المعرض",
                  "برج الساعة", "الرصيف البحري", "القناة", "الأروقة", "مركز الإطفاء"],
        "of": ["في حي {quarter}", "في {city}", "في شارع {quarter}", "في منطقة {quarter}"],
        "when": ["عند الساعة {hour}:{mm}", "نحو الساعة {hour}", "لمدة {n} ساعات", "بعد {n} دقائق",
                 "بعد انتظار دام {n} ساعات", "قبل الساعة {hour}:{mm}", "في {n} رحلات", "خلال {n} دقائق"],
    },
}
GRAMMAR["fr"]["quarter"] = GRAMMAR["en"]["quarter"]
GRAMMAR["ar"]["quarter"] = ["الميناء", "مطرح", "روي", "القرم", "الخوير", "بوشر", "السيب", "العامرات", "الحيل",
                            "مدينة السلطان", "وادي الكبير", "دارسيت", "الوادي", "الغبرة", "العذيبة", "الخوض",
                            "بندر الجصة", "سداب", "البستان", "حلبان", "فنجا", "يتي", "قريات", "بركاء", "الأنصب",
                            "مسفاة", "جبروه", "الحمرية", "الوطية", "الخويرية"]
