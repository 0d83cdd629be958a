"""Bytes to text: BOMs, binary sniffing, encoding detection (Arabic code pages included).

Order: a BOM decides; then strict UTF-8; then a charset the input declares (HTML
``<meta charset>``) if it decodes; then charset-normalizer. Arabic arrives as
Windows-1256 or ISO-8859-6 often enough that a short text charset-normalizer mistakes
for Big5 or EBCDIC is re-decoded as Arabic when that reads as mostly Arabic letters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_SNIFF = 8192
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 0x20 and b not in _ALLOWED_CONTROLS))
_ARABIC_CODEPAGES = ("cp1256", "iso8859-6")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", re.I)


class DecodeError(Exception):
    """The bytes are not text we can read; ``reason`` is an ingest error code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def codec_name(name: str) -> str:
    """Python's canonical name of an encoding (``'windows-1256'`` -> ``'cp1256'``)."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def binary_kind(data: bytes) -> str | None:
    """A description when ``data`` is clearly not text (known magic, NULs, control bytes)."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    sample = data[:_SNIFF]
    if not sample:
        return None
    if b"\x00" in sample:
        return "binary data (NUL bytes)"
    # count the disallowed control bytes in C: delete every other byte value, measure what is left
    controls = len(sample.translate(None, _NOT_CONTROL)) + sample.count(0x7F)
    if controls / len(sample) > 0.05:
        return "binary data (control bytes)"
    return None


def _plausible_text(text: str) -> bool:
    """Decoded text that is mostly printable (used to accept BOM-less UTF-16)."""
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for c in sample if (not c.isprintable() and c not in "\t\n\r\f\v") or c == "\ufffd")
    return bad / len(sample) < 0.02


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """BOM-less UTF-16: NULs on one byte parity only, and few distinct high bytes.

    Text in UTF-16 has high bytes from a handful of Unicode blocks (0x00 for ASCII,
    0x06 for Arabic ...); binary data with NULs has them all over the place.
    """
    if len(data) % 2:
        return None
    sample = data[:_SNIFF]
    evens, odds = sample[0::2], sample[1::2]
    for high, low, enc in ((odds, evens, "utf-16-le"), (evens, odds, "utf-16-be")):
        if not high or high.count(0) < 0.1 * len(high) or low.count(0) > 0.02 * len(low):
            continue
        counts: dict[int, int] = {}
        for b in high:
            counts[b] = counts.get(b, 0) + 1
        top = sorted(counts.values(), reverse=True)[:3]
        if sum(top) < 0.95 * len(high):
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_text(text):
            return Decoded(text, enc)
    return None


def arabic_share(text: str) -> float:
    """Share of Arabic base letters among the letters (harakat count against)."""
    arabic = other = 0
    for c in text[:20000]:
        o = ord(c)
        if 0x0621 <= o <= 0x063A or 0x0641 <= o <= 0x064A:
            arabic += 1
        elif 0x064B <= o <= 0x0652 or c.isalpha():
            other += 1
    total = arabic + other
    return arabic / total if total else 0.0


def _prefer_arabic(data: bytes, current: Decoded | None) -> Decoded | None:
    """Re-decode as Windows-1256 / ISO-8859-6 when that reads as mostly Arabic and the guess does not."""
    current_share = arabic_share(current.text) if current else 0.0
    # Also runs when the guess is one Arabic code page: both share the letters Alef..Dad,
    # and the wrong one shows Latin letters or stray harakat, so the right one scores higher.
    best = current
    best_share = current_share
    for enc in _ARABIC_CODEPAGES:
        if current is not None and enc == current.encoding:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = arabic_share(text)
        if share >= 0.8 and share > best_share + 1e-9:
            best, best_share = Decoded(text, enc), share
    return best


def _declared(data: bytes, kind: str | None) -> str | None:
    head = data[:4096]
    m = None
    if kind == "html":
        m = _META_CHARSET.search(head)
    elif kind == "xml":
        m = _XML_ENCODING.search(head)
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


# Letters and marks of French (and German/Spanish/Italian) text in Windows-1252.
_WESTERN = frozenset(
    "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆñÑáíóúÁÍÓÚßòÒ"
    "«»‘’“”–—…€°·\u00a0"
)


def _prefer_western(data: bytes, current: Decoded | None) -> Decoded | None:
    """Windows-1252 when the guess shows letters French never uses and cp1252 reads cleanly.

    charset-normalizer takes short French cp1252 text for cp1250 ("à Genève" -> "ŕ Genčve").
    """
    if current is None or current.encoding in ("cp1252", "iso8859-1", "iso8859-15", "ascii"):
        return current
    if current.encoding in _ARABIC_CODEPAGES and arabic_share(current.text) >= 0.8:
        return current
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return current
    if not all(c in _WESTERN for c in text if ord(c) > 0x7F):
        return current
    exotic = any(ord(c) > 0x7F and c.isalpha() and c not in _WESTERN for c in current.text)
    return Decoded(text, "cp1252") if exotic else current


def decode_bytes(data: bytes, *, kind: str | None = None) -> Decoded:
    """Decode ``data``; raise :class:`DecodeError` (empty, binary, undecodable).

    ``kind`` ('html', 'xml') lets a declared charset count before statistical detection.
    """
    if not data:
        raise DecodeError("empty", "The file is empty (0 bytes); remove it or re-export the article.")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    "undecodable",
                    f"The file starts with a {enc} byte-order mark but is not valid {enc} "
                    f"(byte {exc.start + len(bom)}); re-save it as UTF-8.",
                ) from None
    kind_desc = binary_kind(data)
    if kind_desc is not None:
        if "NUL" in kind_desc:
            utf16 = _utf16_without_bom(data)
            if utf16 is not None:
                return utf16
        raise DecodeError("binary", f"This is {kind_desc}, not text; convert it to .txt, .html or .json first.")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared(data, kind)
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            guess: Decoded | None = Decoded(data.decode(declared), declared)
        except (UnicodeDecodeError, LookupError):
            guess = None
        if guess is not None:
            return _prefer_arabic(data, guess) or guess
    from charset_normalizer import from_bytes

    match = from_bytes(data[: 256 * 1024] if len(data) > 256 * 1024 else data).best()
    guess = None
    if match is not None:
        enc = codec_name(match.encoding)
        try:
            guess = Decoded(data.decode(enc), enc)
        except (UnicodeDecodeError, LookupError):
            guess = None
    chosen = _prefer_arabic(data, guess)
    if chosen is guess:
        chosen = _prefer_western(data, guess)
    if chosen is None:
        raise DecodeError(
            "undecodable",
            "Could not determine the text encoding (not UTF-8, UTF-16 or a recognisable code page); "
            "re-save the file as UTF-8.",
        )
    return chosen


def clean_text(text: str) -> str:
    """Strip BOMs, drop NULs, normalise newlines to ``\\n``, strip outer whitespace. Nothing else."""
    if "\ufeff" in text[:1]:
        text = text.lstrip("\ufeff")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def excerpt(raw: str | bytes | None, limit: int = 200) -> str | None:
    """A one-line, escaped excerpt of the raw input, at most ``limit`` characters."""
    if raw is None:
        return None
    if isinstance(raw, (bytes, bytearray)):
        raw = bytes(raw[: limit * 2]).decode("utf-8", errors="surrogateescape")
    else:
        raw = raw[: limit * 2]
    out: list[str] = []
    size = 0
    for c in raw:
        if c in _ESCAPES:
            piece = _ESCAPES[c]
        elif c.isprintable() or c == " ":
            piece = c
        else:
            o = ord(c)
            if 0xDC80 <= o <= 0xDCFF:  # an undecodable byte (surrogateescape)
                o -= 0xDC00
            piece = f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"
        if size + len(piece) > limit:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out)
