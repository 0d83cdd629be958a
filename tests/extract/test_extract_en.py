"""English: sentences written for these tests (not from the dev corpus)."""
from datetime import date


PUB = date(2025, 11, 20)  # a Thursday


def test_name_variant_and_speaker_after_quote(run, one, tuples):
    st = run('"Our missile programme will never be negotiated," Araqchi said on Tuesday.', "en", PUB)
    s = one(st, "iran", "ballistic_missiles", "refuse")
    assert s.actor == "Abbas Araghchi"
    assert s.stated_on == date(2025, 11, 18) and s.date_source == "text"


def test_unlisted_spelling_is_found_by_skeleton(run, one, tuples):
    st = run('Mr Araktchi said on Monday that enrichment "must continue".', "en", PUB)
    s = one(st, "iran", "enrichment", "insist")
    assert s.actor == "Abbas Araghchi" and s.speaker_method == "variant"


def test_title_resolved_by_role_and_date(run, one, tuples):
    text = "The US Secretary of State said sanctions must stay in place."
    assert one(run(text, "en", PUB), "usa", "sanctions", "insist").actor == "Marco Rubio"
    assert one(run(text, "en", date(2023, 3, 1)), "usa", "sanctions", "insist").actor == "Antony Blinken"


def test_carry_over_to_last_speaker(run, one, tuples):
    text = ("Iran's foreign ministry spokesman Esmaeil Baghaei spoke to reporters on Wednesday. "
            'He added that Iran\'s defensive missiles "are a red line".')
    s = one(run(text, "en", PUB), "iran", "ballistic_missiles", "refuse")
    assert s.actor == "Esmaeil Baghaei" and s.speaker_method == "carry_over"


def test_indirect_speech(run, one, tuples):
    st = run("Grossi said that Iran should account for its stockpile of enriched uranium.", "en", PUB)
    assert one(st, "iaea", "enrichment", "insist").actor == "Rafael Grossi"


def test_negation_is_not_concession(run, one, tuples):
    st = run('Khamenei said Iran "will not accept zero enrichment".', "en", PUB)
    assert ("iran", "enrichment", "concede") not in tuples(st)
    assert tuples(st) & {("iran", "enrichment", "refuse"), ("iran", "enrichment", "insist")}


def test_bare_denial_is_not_labelled(run, one, tuples):
    st = run("Baghaei denied that Tehran had agreed to suspend enrichment.", "en", PUB)
    assert not [s for s in st if s.issue == "enrichment"]


def test_conditional_offer(run, one, tuples):
    st = run("Araghchi said Iran could accept limits on enrichment if sanctions are lifted first.", "en", PUB)
    assert {("iran", "enrichment", "open"), ("iran", "sanctions", "insist")} <= tuples(st)


def test_background_history_is_ignored(run, one, tuples):
    st = run("In 2018, Trump announced that Washington would impose sanctions on Iran's oil sector.", "en", PUB)
    assert st == []


def test_third_party_and_pressure(run, one, tuples):
    st = run("On Wednesday the Treasury Department imposed new sanctions on a network of tankers.", "en", PUB)
    s = one(st, "usa", "sanctions", "pressure")
    assert s.actor == "US Treasury Department" and s.stated_on == date(2025, 11, 19)
