"""Language: normalise a metadata value to ISO 639-1, or detect it from the text.

Detection favours the codebook's languages (``cues.yaml`` ``languages``: ar, en, fr) but
keeps another language when py3langid is confident about it. Arabic script that is not Persian/Urdu is Arabic at once
(no model needed). The py3langid model (~0.8 s to load) is loaded on first use only.
"""

from __future__ import annotations

import threading

CONFIDENT = 0.9  # probability above which a non-preferred language is kept
_MIN_LETTERS_FOR_OTHER = 20

# ISO 639-1 (all 183 codes + 'sh' is left out on purpose: deprecated).
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy
    hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li
    ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa
    pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th
    ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)

# ISO 639-2/3 codes and language names (English and native) seen in metadata.
_ALIASES = {
    "ara": "ar", "arb": "ar", "arabic": "ar", "arabe": "ar", "العربية": "ar", "عربي": "ar", "عربى": "ar",
    "ary": "ar", "arz": "ar", "apc": "ar", "ajp": "ar", "acm": "ar", "afb": "ar", "ayl": "ar",
    "eng": "en", "english": "en", "anglais": "en", "الإنجليزية": "en", "الانجليزية": "en",
    "fra": "fr", "fre": "fr", "french": "fr", "français": "fr", "francais": "fr", "الفرنسية": "fr",
    "deu": "de", "ger": "de", "german": "de", "deutsch": "de", "allemand": "de",
    "spa": "es", "spanish": "es", "español": "es", "espagnol": "es",
    "fas": "fa", "per": "fa", "pes": "fa", "persian": "fa", "farsi": "fa", "فارسی": "fa", "persan": "fa",
    "heb": "he", "hebrew": "he", "hébreu": "he", "iw": "he",
    "rus": "ru", "russian": "ru", "russe": "ru",
    "tur": "tr", "turkish": "tr", "turc": "tr",
    "ita": "it", "italian": "it", "italien": "it",
    "por": "pt", "portuguese": "pt", "portugais": "pt",
    "zho": "zh", "chi": "zh", "chinese": "zh", "chinois": "zh", "yue": "zh", "wuu": "zh",
    "urd": "ur", "urdu": "ur", "nld": "nl", "dut": "nl", "dutch": "nl",
    "uzs": "uz", "ji": "yi", "in": "id",
}

# Letters only Persian/Urdu/Kurdish (not Arabic) use: پ چ ژ گ ک ی ٹ ڈ ڑ ں ہ ھ ے ۆ ێ
_NON_ARABIC_LETTERS = frozenset("\u067e\u0686\u0698\u06af\u06a9\u06cc\u0679\u0688\u0691\u06ba\u06c1\u06be\u06d2\u06c6\u06ce")


def normalise_language(value: object) -> str | None:
    """'Arabic', 'ar-SA', 'ara', 'fr_FR', 'العربية' -> ISO 639-1; None if not recognisable."""
    if not isinstance(value, str):
        return None
    s = value.strip().lower().replace("_", "-")
    if not s:
        return None
    if s in _ALIASES:
        return _ALIASES[s]
    primary = s.split("-", 1)[0].strip()
    if primary in ISO_639_1:
        return primary
    return _ALIASES.get(primary)


_identifier = None
_lock = threading.Lock()


def _get_identifier():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def _script_counts(sample: str) -> tuple[int, int, int]:
    """(Arabic-script letters, of which non-Arabic-language letters, all letters)."""
    arabic = non_arabic = letters = 0
    for c in sample:
        if c.isalpha():
            letters += 1
            if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\ufb50" <= c <= "\ufeff":
                arabic += 1
                if c in _NON_ARABIC_LETTERS:
                    non_arabic += 1
    return arabic, non_arabic, letters


def _label(code: str) -> str:
    return _ALIASES.get(code, code)


def preferred_languages() -> tuple[str, ...]:
    """The languages detection favours: the packaged codebook's."""
    from negotrack.codebook import packaged

    return packaged().languages


def detect_language(text: str, preferred: tuple[str, ...] | None = None) -> str:
    """ISO 639-1 code of ``text`` (best guess; ``preferred``, by default the codebook's
    languages, favoured)."""
    preferred = preferred if preferred is not None else preferred_languages()
    sample = text[:3000]
    arabic, non_arabic, letters = _script_counts(sample)
    if letters and arabic / letters >= 0.5 and non_arabic <= 0.01 * arabic:
        return "ar"
    ranked = _get_identifier().rank(sample)
    top, prob = ranked[0]
    top = _label(top)
    if top in preferred:
        return top
    if prob >= CONFIDENT and len(top) == 2 and letters >= _MIN_LETTERS_FOR_OTHER:
        return top
    for code, _ in ranked:
        code = _label(code)
        if code in preferred:
            return code
    return top if len(top) == 2 else "en"  # unreachable with the bundled model
