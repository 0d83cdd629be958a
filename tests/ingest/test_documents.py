"""PDF and Word files: real small documents built here, read as articles with their metadata."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest


def minimal_pdf(lines: list[str], *, info: dict[str, str] | None = None, lang: str | None = None) -> bytes:
    """A valid one-page PDF whose content stream writes ``lines`` in Helvetica.

    Built by hand (objects, cross-reference table, trailer) so that the test does not
    depend on the reader under test to make its input.
    """

    def literal(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL", *(f"({literal(line)}) Tj T*" for line in lines), "ET"]
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        ("<< /Type /Catalog /Pages 2 0 R" + (f" /Lang ({lang})" if lang else "") + " >>").encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if info:
        objects.append(("<< " + " ".join(f"/{k} ({literal(v)})" for k, v in info.items()) + " >>").encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    info_ref = b" /Info %d 0 R" % len(objects) if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, info_ref, xref)
    return bytes(out)


def word_file(paragraphs: list[str], *, table: list[list[str]] | None = None, title: str | None = None,
              author: str | None = None, created: datetime | None = None, language: str | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    props = document.core_properties
    props.title, props.author, props.language = title or "", author or "", language or ""
    if created is not None:
        props.created = created
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


EN = ["Iran's foreign minister said that enrichment", "is our inalienable right and must continue."]
FR = ["Le ministre iranien des affaires etrangeres a declare que l'enrichissement",
      "est un droit inalienable et qu'il se poursuivra sans aucune limite."]


# --------------------------------------------------------------------------- PDF


def test_pdf_text_and_metadata(ingest, one, src):
    f = src / "statement.pdf"
    f.write_bytes(minimal_pdf(EN, info={"Title": "Statement on the talks", "Author": "Ministry",
                                        "CreationDate": "D:20250412093000Z"}, lang="en-US"))
    art = one(ingest(f))
    assert art["text"] == "\n".join(EN)  # one line of the page per line
    assert art["title"] == "Statement on the talks"
    assert (art["published"], art["published_source"]) == (date(2025, 4, 12), "metadata")
    assert (art["language"], art["language_source"]) == ("en", "metadata")
    assert art["origin"] == str(f)


def test_pdf_without_metadata_detects_language(ingest, one, src, today):
    f = src / "note.pdf"
    f.write_bytes(minimal_pdf(FR))
    art = one(ingest(f))
    assert (art["language"], art["language_source"]) == ("fr", "detected")
    assert art["title"] is None and art["published"] == today and art["published_source"] == "ingest"


def test_pdf_without_text_layer_is_an_error(ingest, one_error, src):
    f = src / "scan.pdf"
    f.write_bytes(minimal_pdf([]))
    err = one_error(ingest(f))
    assert err["reason"] == "no_text" and "OCR" in err["detail"]


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_pdf_is_an_error_with_its_reason(ingest, one_error, src, cut):
    whole = minimal_pdf(EN)
    f = src / "broken.pdf"
    f.write_bytes(whole[: int(len(whole) * cut)])
    err = one_error(ingest(f))
    assert err["reason"] == "unreadable" and "PDF" in err["detail"]


@pytest.mark.parametrize("user_password", ["secret", ""])
def test_encrypted_pdf(ingest, src, user_password):
    """A PDF that needs a password to open is an error; one only restricted (empty user
    password, common for "no copying" statements) is read."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf(EN))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    f = src / "protected.pdf"
    with open(f, "wb") as fh:
        writer.write(fh)
    batch = ingest(f)
    if user_password:
        assert batch.errors["reason"].to_list() == ["unreadable"]
        assert "password" in batch.errors["detail"][0]
    else:
        assert batch.articles["text"].to_list() == ["\n".join(EN)]


def test_pdf_served_under_another_name_is_sniffed(ingest, one, src):
    f = src / "download.bin"  # an explicit file: its bytes decide
    f.write_bytes(minimal_pdf(EN))
    assert one(ingest(f))["text"].startswith("Iran's foreign minister")


# --------------------------------------------------------------------------- Word


def test_docx_text_tables_and_metadata(ingest, one, src):
    f = src / "transcript.docx"
    f.write_bytes(word_file(
        ["Transcript of the press conference.", "The minister said sanctions must be lifted first."],
        table=[["Speaker", "Position"], ["Araghchi", "Enrichment will continue"]],
        title="Press conference", author="Desk", created=datetime(2025, 3, 2, 8, 0, tzinfo=timezone.utc),
        language="en-GB",
    ))
    art = one(ingest(f))
    assert art["text"].splitlines() == [
        "Transcript of the press conference.",
        "The minister said sanctions must be lifted first.",
        "Speaker | Position",
        "Araghchi | Enrichment will continue",
    ]
    assert art["title"] == "Press conference"
    assert (art["published"], art["published_source"]) == (date(2025, 3, 2), "metadata")
    assert (art["language"], art["language_source"]) == ("en", "metadata")


def test_docx_arabic_language_is_detected(ingest, one, src):
    f = src / "bayan.docx"
    f.write_bytes(word_file(["قال وزير الخارجية الإيراني إن التخصيب حق غير قابل للتصرف وسيستمر."]))
    art = one(ingest(f))
    assert (art["language"], art["language_source"]) == ("ar", "detected")


@pytest.mark.parametrize("make", [
    lambda: word_file(["Some text."])[:300],  # truncated archive
    lambda: b"PK\x03\x04" + bytes(50),
    lambda: _zip({"word/document.xml": b"<not-closed"}),
    lambda: _zip({"content.xml": b"<office:document/>"}),  # a ZIP, but not a Word document
])
def test_broken_docx_is_an_error_with_its_reason(ingest, one_error, src, make):
    f = src / "broken.docx"
    f.write_bytes(make())
    err = one_error(ingest(f))
    assert err["reason"] in ("unreadable", "unsupported") and err["detail"]


def test_docx_that_expands_past_the_limit_is_too_large(ingest, one_error, cfg, src):
    f = src / "bomb.docx"
    f.write_bytes(_zip({"word/document.xml": b"<w:document>" + b" " * 200_000 + b"</w:document>"}))
    assert f.stat().st_size < 10_000  # small on disk, under the file limit below
    err = one_error(ingest(f, settings=cfg.model_copy(update={"max_file_bytes": 100_000})))
    assert err["reason"] == "too_large"


def test_old_binary_doc_is_unsupported_not_silent(ingest, one_error, src):
    f = src / "old.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    err = one_error(ingest(f))
    assert err["reason"] == "unsupported" and ".docx" in err["detail"]


# --------------------------------------------------------------------------- a folder of them


def test_folder_with_pdf_and_docx_reads_both(ingest, src):
    (src / "a.pdf").write_bytes(minimal_pdf(EN))
    (src / "b.docx").write_bytes(word_file(["The envoy said the talks would resume next week in Muscat."]))
    batch = ingest(src)
    assert batch.inputs == 2 and batch.errors.height == 0
    assert sorted(Path(o).name for o in batch.articles["origin"]) == ["a.pdf", "b.docx"]


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()
