"""PDF and Word files: their text and document properties as one article each.

Analysts' inputs include statements, transcripts and think-tank notes as PDF and Word
(.docx) files. Each file becomes one article: the text of every page (PDF) or of the
body's paragraphs and tables in document order (.docx), with the document's title,
creation date (as the published date) and language when the file records them; without
a recorded language, the text's language is detected as for every other format.

Whatever cannot be read (a corrupt or password-protected file, a PDF with no text
layer such as a scan, an old binary .doc) becomes an error row with its reason. The
author is not kept: articles have no author field, and ``source`` is the outlet.

pypdf and python-docx are pure Python and imported only when such a file is read.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from datetime import datetime

from negotrack.ingest.records import Collector, Fields

DOCX_BODY = "word/document.xml"


class DocumentError(Exception):
    """A document that cannot become an article; ``reason`` is an ingest error code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Document:
    """The text of a document and the properties it records (None when absent)."""

    text: str
    title: str | None = None
    created: datetime | None = None
    language: str | None = None


def read_document(kind: str, data: bytes, origin: str, out: Collector) -> None:
    """One PDF ('pdf'), Word ('docx') or old Word ('doc') file: an article or an error row."""
    try:
        if kind == "pdf":
            doc = pdf_document(data)
        elif kind == "docx":
            doc = docx_document(data, max_body_bytes=out.settings.max_file_bytes)
        else:
            raise DocumentError(
                "unsupported",
                "This is an old binary Word document (.doc), which is not read; save it as .docx or PDF.",
            )
    except DocumentError as exc:
        out.error(origin, exc.reason, exc.detail, raw=data[:400])
        return
    fields = Fields(text=doc.text, title=doc.title, language=doc.language, published=doc.created)
    out.add(fields, origin=origin, encoding=None, raw=doc.text)


# --- PDF -------------------------------------------------------------------------------------


def pdf_document(data: bytes) -> Document:
    """Text of every page (in order, a blank line between pages) and the PDF's properties."""
    from pypdf import PdfReader

    pypdf_log = logging.getLogger("pypdf")
    if pypdf_log.level == logging.NOTSET:  # malformed-but-readable files warn once per object
        pypdf_log.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # opened with no password, or not at all
            raise DocumentError("unreadable", "The PDF is password-protected; save an unprotected copy.")
        pages = reader.pages
        n_pages = len(pages)
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types on hostile or truncated files
        raise DocumentError(
            "unreadable", f"The PDF could not be read ({_short(exc)}); it may be corrupt or truncated."
        ) from None
    texts: list[str] = []
    for n in range(n_pages):
        try:
            texts.append(pages[n].extract_text() or "")
        except Exception as exc:  # one unreadable page must not pass as a shorter article
            raise DocumentError(
                "unreadable", f"Page {n + 1} of {n_pages} of the PDF could not be read ({_short(exc)})."
            ) from None
    text = "\n\n".join(t.strip() for t in texts if t.strip())
    if not text:
        raise DocumentError(
            "no_text",
            f"The PDF has {n_pages} page(s) but no text layer (a scan or images only?); run OCR on it first.",
        )
    return Document(text=text, title=_pdf_title(reader), created=_pdf_created(reader), language=_pdf_language(reader))


def _pdf_title(reader) -> str | None:
    try:
        meta = reader.metadata
        title = meta.title if meta is not None else None
    except Exception:  # broken Info dictionaries are common; the text is what matters
        return None
    return str(title) if isinstance(title, str) and title.strip() else None


def _pdf_created(reader) -> datetime | None:
    try:
        meta = reader.metadata
        return meta.creation_date if meta is not None else None
    except Exception:  # e.g. "D:2025-04-12": not the PDF date format
        return None


def _pdf_language(reader) -> str | None:
    """The catalog's /Lang ("en-US"), which accessible PDFs carry."""
    try:
        lang = reader.trailer["/Root"].get("/Lang")
    except Exception:
        return None
    return str(lang) if isinstance(lang, str) and lang.strip() else None


# --- Word (.docx) ----------------------------------------------------------------------------


def docx_document(data: bytes, *, max_body_bytes: int) -> Document:
    """Paragraphs and table rows of the body in document order, and the core properties.

    ``max_body_bytes`` bounds the uncompressed body XML: a small .docx can expand to
    gigabytes (a zip bomb), so its size is checked in the archive's directory first.
    """
    _check_docx_archive(data, max_body_bytes)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(_docx_blocks(document))
        props = document.core_properties
        title, created, language = props.title, props.created, props.language
    except Exception as exc:  # python-docx and lxml raise many types on broken parts
        raise DocumentError(
            "unreadable", f"The Word file could not be read ({_short(exc)}); it may be corrupt."
        ) from None
    if not text.strip():
        raise DocumentError("no_text", "The Word file has no text in its body.")
    return Document(
        text=text,
        title=title if title and title.strip() else None,
        created=created,
        language=language if language and language.strip() else None,
    )


def _check_docx_archive(data: bytes, max_body_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = archive.getinfo(DOCX_BODY)
    except zipfile.BadZipFile:
        raise DocumentError(
            "unreadable", "The .docx file is not a valid ZIP archive; it may be corrupt or truncated."
        ) from None
    except KeyError:
        raise DocumentError(
            "unsupported", f"This ZIP archive has no {DOCX_BODY}: it is not a Word document."
        ) from None
    if body.file_size > max_body_bytes:
        raise DocumentError(
            "too_large",
            f"The Word file's text expands to {body.file_size:,} bytes, over the limit of {max_body_bytes:,} "
            "(NEGOTRACK_MAX_FILE_BYTES); split it or raise the limit.",
        )


def _docx_blocks(document) -> list[str]:
    """One string per paragraph, one per table row (cells joined by ' | ')."""
    from docx.table import Table

    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if value and (not cells or cells[-1] != value):  # a merged cell repeats per column
                        cells.append(value)
                if cells:
                    blocks.append(" | ".join(cells))
        elif item.text.strip():
            blocks.append(item.text)
    return blocks


def _short(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
