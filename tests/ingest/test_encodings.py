"""Encodings: BOMs, UTF-8, Windows-1256 and ISO-8859-6 Arabic, binary and empty files."""

from __future__ import annotations

import codecs

import pytest
from charset_normalizer import from_bytes

from negotrack.ingest.decode import arabic_share, decode_bytes

ARABIC = (
    "قال وزير الخارجية الإيراني عباس عراقجي يوم السبت إن التخصيب حق غير قابل للتفاوض، "
    "وإن بلاده مستعدة لمواصلة المحادثات مع الولايات المتحدة في مسقط."
)
SHORT_ARABIC = "مسقط - اختتمت الجولة"


def test_windows_1256_file(ingest, one, src):
    f = src / "cp1256.txt"
    f.write_bytes(ARABIC.encode("cp1256"))
    art = one(ingest(f))
    assert art["text"] == ARABIC
    assert art["encoding"] == "cp1256"
    assert art["language"] == "ar"


def test_iso_8859_6_file(ingest, one, src):
    f = src / "iso.txt"
    f.write_bytes(ARABIC.encode("iso-8859-6"))
    art = one(ingest(f))
    assert art["text"] == ARABIC
    assert art["encoding"] == "iso8859-6"


@pytest.mark.parametrize("codec", ["cp1256", "iso-8859-6"])
def test_short_arabic_decodes_whatever_the_detector_guesses(ingest, one, src, codec):
    # Short legacy Arabic is where charset-normalizer guesses differ between releases
    # (3.5.2 misreads this text as another code page, 3.5.3 gets cp1256 right); the
    # ingest must decode it correctly either way.
    data = SHORT_ARABIC.encode(codec)
    f = src / "short.txt"
    f.write_bytes(data)
    art = one(ingest(f))
    assert art["text"] == SHORT_ARABIC
    assert art["encoding"] == codecs.lookup(codec).name


@pytest.mark.parametrize(("codec", "bom", "name"), [
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
])
def test_files_with_a_bom(ingest, one, src, codec, bom, name):
    text = "Le ministre a déclaré : « l'enrichissement continuera ». " + ARABIC
    f = src / f"{name}.txt"
    f.write_bytes(bom + text.encode(codec))
    art = one(ingest(f))
    assert art["text"] == text
    assert art["encoding"] == name
    assert not art["text"].startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["Plain English text saved as UTF-16 without a byte-order mark.", ARABIC])
def test_utf16_without_bom_is_not_binary(text, codec):
    decoded = decode_bytes(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, codec)


def test_nul_bytes_on_one_parity_are_still_binary():
    # NULs only at even offsets, but the other bytes are ASCII letters: not UTF-16 text
    assert decode_bytes_reason(b"\x00\x01\x02\x03binary\x00content" * 10) == "binary"


def decode_bytes_reason(data: bytes) -> str | None:
    from negotrack.ingest.decode import DecodeError

    try:
        decode_bytes(data)
    except DecodeError as exc:
        return exc.reason
    return None


def test_french_latin1_file(ingest, one, src):
    text = "Le ministre français a déclaré mercredi que les négociations reprendraient à Genève."
    f = src / "latin.txt"
    f.write_bytes(text.encode("cp1252"))
    art = one(ingest(f))
    assert art["text"] == text
    assert art["encoding"] == "cp1252"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03binary\x00content" * 10,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 20 + b"some text",
    ],
)
def test_binary_file(ingest, one_error, src, data):
    f = src / "blob.txt"
    f.write_bytes(data)
    err = one_error(ingest(f))
    assert err["reason"] == "binary"
    assert len(err["excerpt"]) <= 200 and "\x00" not in err["excerpt"]


def test_binary_file_with_unknown_extension_is_unsupported(ingest, one_error, src):
    f = src / "photo.jpg"
    f.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100))
    err = one_error(ingest(f))
    assert err["reason"] == "unsupported"


def test_empty_file(ingest, one_error, src):
    f = src / "empty.txt"
    f.write_bytes(b"")
    err = one_error(ingest(f))
    assert err["reason"] == "empty" and "empty" in err["detail"]


@pytest.mark.parametrize("name", ["empty.json", "empty.jsonl", "empty.html", "empty.rss", "empty.md"])
def test_empty_file_of_every_format(ingest, one_error, src, name):
    f = src / name
    f.write_bytes(b"")
    assert one_error(ingest(f))["reason"] == "empty"


def test_invalid_bom_is_undecodable(ingest, one_error, src):
    f = src / "badbom.txt"
    f.write_bytes(codecs.BOM_UTF16_LE + b"abc")  # odd byte count: not UTF-16
    assert one_error(ingest(f))["reason"] == "undecodable"
