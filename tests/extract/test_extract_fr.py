"""French: sentences written for these tests."""
from datetime import date


PUB = date(2026, 1, 14)  # un mercredi


def test_title_and_inverted_verb(run, one, tuples):
    st = run("« Nos missiles ne seront jamais négociables », a déclaré mardi le chef de la diplomatie iranienne.",
             "fr", PUB)
    s = one(st, "iran", "ballistic_missiles", "refuse")
    assert s.actor == "Abbas Araghchi" and s.stated_on == date(2026, 1, 13)


def test_name_variant_and_indirect_speech(run, one, tuples):
    st = run("M. Araghtchi a affirmé que l'enrichissement « se poursuivra ».", "fr", PUB)
    assert one(st, "iran", "enrichment", "insist").actor == "Abbas Araghchi"


def test_carry_over_inversion(run, one, tuples):
    text = ("Le porte-parole de la diplomatie iranienne, Esmaïl Baghaï, a parlé lundi à la presse. "
            "« Ces sanctions sont illégales et doivent être levées », a-t-il ajouté.")
    s = one(run(text, "fr", PUB), "iran", "sanctions", "insist")
    assert s.actor == "Esmaeil Baghaei"


def test_negation_ne_pas(run, one, tuples):
    st = run("Téhéran a affirmé qu'il ne renoncera pas à l'enrichissement.", "fr", PUB)
    assert ("iran", "enrichment", "concede") not in tuples(st)
    assert ("iran", "enrichment", "refuse") in tuples(st)


def test_conditional_offer(run, one, tuples):
    st = run("Kaja Kallas a jugé que l'Union pourrait envisager un allègement des sanctions si l'Iran "
             "réduit son stock d'uranium enrichi.", "fr", PUB)
    assert ("eu", "sanctions", "open") in tuples(st)
    assert ("eu", "enrichment", "insist") in tuples(st)


def test_french_date(run, one, tuples):
    st = run("Le 9 janvier, Jean-Noël Barrot a estimé que l'Iran « doit renoncer à l'enrichissement ».", "fr", PUB)
    assert one(st, "e3", "enrichment", "insist").stated_on == date(2026, 1, 9)


def test_background_is_ignored(run, one, tuples):
    st = run("En 2018, Donald Trump a annoncé qu'il allait imposer des sanctions massives.", "fr", PUB)
    assert st == []
