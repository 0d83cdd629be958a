from negotrack.text import QUOTE, fold, normalize


def test_offsets_round_trip_with_deletions():
    text = "قالَ عراقجيّ: «التخصيـــب حقٌّ» — l’Iran « doit »"
    nt = normalize(text)
    assert len(nt.norm) < len(text)  # diacritics and tatweel removed
    for i, ch in enumerate(nt.norm):
        o = nt.orig_start(i)
        assert fold(text[o]) in (ch, "") or ch == " "
        assert nt.norm_offset(o) == i
    # a span found in the normalised text maps back to a verbatim span
    i = nt.norm.index("حق")
    s, e = nt.orig_span(i, i + 2)
    assert text[s:e].startswith("حق")


def test_length_preserving_for_latin():
    text = "Le chef de la diplomatie iranienne, « Téhéran » — non-négociable"
    nt = normalize(text)
    assert len(nt.norm) == len(text)
    assert nt.norm == "le chef de la diplomatie iranienne, \" teheran \" — non negociable"


def test_quotes_and_arabic_letters_unified():
    assert normalize("«”“„‟″‹›").norm == QUOTE * 8
    assert fold("أإآ ى ة ٣٫٦٧") == "ااا ي ه 3٫67"
    assert fold("Araghchi") == "araghchi"
