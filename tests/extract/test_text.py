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


# --- the two ways of normalising agree -------------------------------------------------
# Articles of 200 characters or more are normalised by a numpy table lookup, shorter ones
# (and any text with a character outside the table) by ``str.translate``; both must give
# the same text and the same deletion points, character for character.

import random  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hyp  # noqa: E402

from negotrack import text as text_module  # noqa: E402

# Latin, Arabic (with harakat and tatweel), punctuation, the deleted marks, and a few
# characters outside the table (Greek, CJK, an emoji) that send a text down the other path.
_ALPHABET = ("abcdefghijklmnopqrstuvwxyz ABCXYZ éèçàÉÇœæßµ -‐—…«»“”’'\".,;:!?\n0123456789"
             "الأإآٱىةؤئکیۀ٠١٢٣۴ًٌٍَُِّْٰـ\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069"
             "ΣσςΑ中文😀\ufeff\u00a0\u202f\u2009")


def _translated(text: str) -> tuple[str, tuple[int, ...]]:
    """What the ``str.translate`` path gives (the reference)."""
    table = text_module._COMMON_TABLE if text_module._UNCOMMON_RE.search(text) is None else text_module._TABLE
    norm = text.translate(table)
    if len(norm) == len(text):
        return norm, ()
    return norm, tuple(m.start() - n for n, m in enumerate(text_module._DELETED_RE.finditer(text)))


@settings(max_examples=300, deadline=None)
@given(hyp.text(alphabet=_ALPHABET, min_size=0, max_size=600))
def test_array_and_translate_paths_agree(text):
    nt = normalize(text)
    assert (nt.norm, nt._gaps) == _translated(text)


def test_array_path_is_taken_and_agrees_on_long_mixed_text():
    rng = random.Random(5)
    for _ in range(50):
        text = "".join(rng.choice(_ALPHABET[:-12]) for _ in range(rng.randint(200, 3000)))  # table chars only
        assert text_module._normalize_as_array(text) is not None
        nt = normalize(text)
        assert (nt.norm, nt._gaps) == _translated(text)
        for k in range(0, len(text), 7):  # a kept character's offset maps there and back
            if text[k] not in text_module._DELETED:
                assert nt.orig_start(nt.norm_offset(k)) == k


def test_text_the_table_does_not_cover_takes_the_translate_path():
    text = "Iran " * 60 + "中文 Σ"
    assert text_module._normalize_as_array(text) is None
    assert normalize(text).norm == _translated(text)[0]
    lone = "Iran " * 60 + "\ud800"  # a lone surrogate cannot be encoded: no crash
    assert text_module._normalize_as_array(lone) is None
