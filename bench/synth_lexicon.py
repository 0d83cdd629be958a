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
            "en": ["Secretary of State Marco Rubio", "Rubio", "the secretary of state"],
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

# Neutral sentences (no issue, no position), with slots filled from POOLS.
NEUTRAL: dict[str, list[str]] = {
    "en": [
        "The {ord} round of talks lasted about {n} hours in {city}, according to people familiar with the schedule.",
        "The delegations arrived in {city} late in the evening and were driven to a {venue} on the outskirts.",
        "About {n2} journalists waited outside the {venue}, where security was tight.",
        "Brent crude moved {pct} percent in {market} trading after the news, to {price} dollars a barrel.",
        "The rial traded at about {rial} to the dollar on the open market in Tehran.",
        "Omani mediators carried messages between the two rooms of the {venue} throughout the day.",
        "A date for the next meeting has not been set, diplomats in {city} said.",
        "Local media in {city} showed images of the convoy crossing the {district}.",
        "The mood at the {venue} was described as {mood} by several participants.",
        "Technical teams are expected to meet in {city} within {n} weeks to work on the details of a text.",
        "Shares on the {market} exchange closed {pct} percent {updown} on the day.",
        "Traffic in the {district} of {city} was disrupted for {n} hours as the motorcade passed.",
        "Both delegations included {n} legal and technical experts, according to a list seen by reporters.",
        "Weather in {city} was {weather}, with temperatures around {temp} degrees.",
        "The session in {city} ended shortly after {hour} in the evening, local time.",
        "Television channels across the region carried the arrival of the delegations live from {city}.",
        "Residents of {city} said they followed the talks closely on {medium}.",
        "A manager of the {venue} declined to comment on the arrangements for the {ord} round.",
        "Trade across the Gulf was worth about {bn} billion dollars last year, according to {source}.",
        "More than {n3} people attended a conference on regional security held in {city} the same month.",
        "The {venue} in {city} had been booked for {n} days, a hotel employee said.",
        "Interpreters worked in {n} languages during the {ord} session, an organiser in {city} said.",
        "Several {mood} remarks were reported by the {medium} of {city} during the day.",
        "Flights to {city} were full for most of the week, travel agents in {city2} said.",
    ],
    "fr": [
        "La {ord} session de pourparlers a duré environ {n} heures à {city}, selon des personnes proches du dossier.",
        "Les délégations sont arrivées à {city} en fin de soirée avant d'être conduites vers {venue}, en périphérie.",
        "Environ {n2} journalistes attendaient devant {venue}, où la sécurité avait été renforcée.",
        "Le baril de Brent a évolué de {pct} % sur le marché de {market} après l'annonce, à {price} dollars.",
        "Le rial s'échangeait autour de {rial} pour un dollar sur le marché libre de Téhéran.",
        "Les médiateurs omanais ont fait la navette entre les deux salles de {venue} toute la journée.",
        "Aucune date n'a été fixée pour la prochaine rencontre, selon des diplomates en poste à {city}.",
        "Les médias locaux de {city} ont montré les images du convoi traversant {district}.",
        "L'ambiance à {venue} a été décrite comme {mood} par plusieurs participants.",
        "Des équipes techniques doivent se retrouver à {city} d'ici {n} semaines pour travailler sur un texte.",
        "La Bourse de {market} a terminé la séance en {updown} de {pct} %.",
        "La circulation dans {district} de {city} a été perturbée pendant {n} heures au passage du cortège.",
        "Chaque délégation comptait {n} experts juridiques et techniques, selon une liste consultée par la presse.",
        "Le temps était {weather} à {city}, avec des températures autour de {temp} degrés.",
        "La séance de {city} s'est achevée peu après {hour} heures du soir, heure locale.",
        "Les chaînes de la région ont retransmis en direct l'arrivée des délégations à {city}.",
        "Des habitants de {city} disent suivre les discussions de près sur {medium}.",
        "Un responsable de {venue} n'a pas souhaité commenter l'organisation de la {ord} session.",
        "Les échanges commerciaux dans le Golfe ont représenté environ {bn} milliards de dollars l'an dernier, selon {source}.",
        "Plus de {n3} personnes ont assisté le même mois à une conférence sur la sécurité régionale organisée à {city}.",
        "À {city}, la salle de {venue} était réservée pour {n} jours, selon un employé.",
        "Des interprètes ont travaillé en {n} langues pendant la {ord} session, selon un organisateur à {city}.",
        "Les vols vers {city} étaient complets une bonne partie de la semaine, selon des agences de voyage de {city2}.",
    ],
    "ar": [
        "واستمرت الجولة {ord} من المحادثات نحو {n} ساعات في {city}، وفق أشخاص مطلعين على الجدول.",
        "ووصلت الوفود إلى {city} في ساعة متأخرة من المساء ونقلت إلى {venue} في الضواحي.",
        "وانتظر نحو {n2} صحفيا أمام {venue} وسط إجراءات أمنية مشددة.",
        "وتحرك سعر خام برنت بنسبة {pct} في المئة في تعاملات {market} بعد الإعلان، إلى {price} دولارا للبرميل.",
        "وجرى تداول الريال عند نحو {rial} مقابل الدولار في السوق الحرة في طهران.",
        "وتنقل الوسطاء العمانيون بين قاعتي {venue} طوال اليوم.",
        "ولم يحدد بعد موعد الاجتماع المقبل، بحسب دبلوماسيين في {city}.",
        "وعرضت وسائل الإعلام المحلية في {city} صور الموكب وهو يعبر {district}.",
        "ووصف عدد من المشاركين الأجواء في {venue} بأنها {mood}.",
        "ومن المقرر أن تجتمع فرق فنية في {city} خلال {n} أسابيع للعمل على تفاصيل النص.",
        "وأغلقت بورصة {market} على تغير بنسبة {pct} في المئة في نهاية الجلسة.",
        "وتعطلت حركة السير في {district} في {city} لمدة {n} ساعات أثناء مرور الموكب.",
        "وضم كل وفد {n} خبراء قانونيين وفنيين، وفق قائمة اطلع عليها الصحفيون.",
        "وكان الطقس في {city} {weather}، مع درجات حرارة تقارب {temp} درجة.",
        "وانتهت جلسة {city} بعد الساعة {hour} مساء بقليل بالتوقيت المحلي.",
        "ونقلت القنوات التلفزيونية في المنطقة وصول الوفود إلى {city} على الهواء مباشرة.",
        "ويتابع سكان {city} المحادثات عن كثب عبر {medium}.",
        "وامتنع مدير {venue} عن التعليق على ترتيبات الجولة {ord}.",
        "وبلغت قيمة التجارة في منطقة الخليج نحو {bn} مليار دولار العام الماضي، وفق {source}.",
        "وحضر أكثر من {n3} شخص مؤتمرا حول الأمن الإقليمي عقد في {city} في الشهر نفسه.",
        "وكان {venue} في {city} محجوزا لمدة {n} أيام، بحسب أحد الموظفين.",
        "وعمل مترجمون بـ{n} لغات خلال الجولة {ord}، بحسب أحد المنظمين في {city}.",
        "وكانت الرحلات إلى {city} ممتلئة معظم أيام الأسبوع، بحسب وكالات سفر في {city2}.",
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
