"""One reader per input format. Each turns bytes into articles and error rows on a Collector.

Readers never raise for bad input: whatever cannot be read becomes an error row with a
reason code. The heavy parsers (trafilatura, feedparser, python-frontmatter) are imported
inside the reader that needs them.
"""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import date

from negotrack.ingest.decode import Decoded, DecodeError, binary_kind, clean_text, decode_bytes
from negotrack.ingest.htmltext import html_to_text, looks_like_html
from negotrack.ingest.records import Collector, Fields, RecordError, fields_from_record

# Extension -> reader kind. Folders are scanned for these only.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",  # listed so that a folder's old Word files become error rows, not silence
}
DOCUMENT_KINDS = ("pdf", "docx", "doc")  # read by negotrack.ingest.documents

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)\b", re.I)
_HTML_LANG = re.compile(
    r"""<html\b[^>]{0,500}?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?)"""
    r"""|<meta\b[^>]{0,200}?(?:http-equiv\s*=\s*["']?content-language["']?|property\s*=\s*["']?og:locale["']?)"""
    r"""[^>]{0,200}?content\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?)""",
    re.I,
)
_FAR_FUTURE = "2099-12-31"
_KEY_LINE = re.compile(r"[A-Za-z_][\w -]{0,40}:")


def sniff_kind(data: bytes, content_type: str | None = None) -> str:
    """'pdf' | 'docx' | 'feed' | 'html' | 'json' | 'jsonl' | 'text' from the bytes (and a Content-Type)."""
    ct = (content_type or "").lower()
    if "application/pdf" in ct or data.startswith(b"%PDF-"):
        return "pdf"
    if "wordprocessingml" in ct or (data.startswith(b"PK\x03\x04") and b"word/document.xml" in data):
        return "docx"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if "rss" in ct or "atom" in ct or _FEED_ROOT.search(head[:2048]):
        return "feed"
    if "html" in ct or _HTML_ROOT.search(head[:1024]):
        return "html"
    if "ndjson" in ct or "jsonl" in ct or "json-seq" in ct:
        return "jsonl"
    if "json" in ct:
        return "json"
    if head[:1] in (b"{", b"["):
        first_line = head.split(b"\n", 1)[0].strip()
        if head[:1] == b"{" and first_line.endswith(b"}") and b"\n{" in data[:65536]:
            return "jsonl"
        return "json"
    if "xml" in ct or head.startswith(b"<?xml"):
        return "feed"  # the feed reader says 'unsupported' when it is not a feed
    return "text"


def _decode(data: bytes, origin: str, out: Collector, kind: str | None = None) -> Decoded | None:
    try:
        return decode_bytes(data, kind=kind)
    except DecodeError as exc:
        out.error(origin, exc.reason, exc.detail, raw=data)
        return None


# --- plain text and Markdown, with optional YAML front matter --------------------------------


def read_text(data: bytes, origin: str, out: Collector, *, explicit_unknown: bool = False) -> None:
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        if explicit_unknown and exc.reason == "binary":
            out.error(
                origin,
                "unsupported",
                f"Unsupported file type: {exc.detail.split(';')[0].replace('This is', 'this is')}. "
                "Supported: .txt, .md, .html, .json, .jsonl, RSS/Atom feeds, .pdf, .docx.",
                raw=data,
            )
        else:
            out.error(origin, exc.reason, exc.detail, raw=data)
        return
    text = decoded.text
    if not clean_text(text):
        out.error(origin, "empty", "The file contains only whitespace; remove it or re-export the article.", raw=text)
        return
    if text.lstrip("\ufeff").startswith("---"):
        try:
            meta, body = _front_matter(text)
        except RecordError as exc:
            out.error(origin, exc.reason, exc.detail, raw=text)
            return
        if meta is not None:
            try:
                fields = fields_from_record(meta, body=body)
            except RecordError as exc:
                if exc.reason == "no_text":
                    exc = RecordError("no_text", "The file has front matter but no article text after it.")
                out.error(origin, exc.reason, exc.detail, raw=text)
                return
            out.add(fields, origin=origin, encoding=decoded.encoding, raw=text)
            return
        text = body
    out.add(Fields(text=text), origin=origin, encoding=decoded.encoding, raw=text)


def _front_matter(text: str) -> tuple[dict | None, str]:
    """(metadata, body) of a text that may open with a YAML block between '---' lines."""
    from frontmatter.default_handlers import YAMLHandler

    handler = YAMLHandler()
    text = text.lstrip("\ufeff")
    if not handler.detect(text):
        return None, text
    try:
        fm, body = handler.split(text)
    except ValueError:
        return None, text  # '---' with no closing fence: not front matter
    try:
        meta = handler.load(fm)
    except Exception as exc:  # yaml.YAMLError and friends
        if not _KEY_LINE.match(fm.lstrip("\r\n")):
            return None, text  # prose between two '---' rules, not front matter
        mark = getattr(exc, "problem_mark", None)
        where = f" (front matter line {mark.line + 1})" if mark is not None else ""
        raise RecordError(
            "bad_record", f"The YAML front matter is not valid{where}: {_short(exc)}; fix it or remove the '---' block."
        ) from None
    if meta is None:
        return None, body  # an empty '---' block
    if not isinstance(meta, dict):
        return None, text  # prose between two '---' rules, not front matter
    return meta, body


def _short(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- JSON and JSON Lines ---------------------------------------------------------------------


def read_json(data: bytes, origin: str, out: Collector) -> None:
    decoded = _decode(data, origin, out)
    if decoded is None:
        return
    text = decoded.text
    if not text.strip():
        out.error(origin, "empty", "The file contains only whitespace; remove it or re-export the articles.", raw=text)
        return
    try:
        obj = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        out.error(
            origin,
            "broken_json",
            f"The file is not valid JSON{where}: {getattr(exc, 'msg', 'nested too deeply')}; "
            "fix it (JSON Lines files should end in .jsonl).",
            raw=text,
        )
        return
    if isinstance(obj, list):
        if not obj:
            out.error(origin, "empty", "The JSON list is empty; there is no article in this file.", raw=text)
        for i, item in enumerate(obj, 1):
            _add_record(item, origin, out, decoded.encoding, line=i, fragment=f"item={i}")
        return
    _add_record(obj, origin, out, decoded.encoding, line=None, fragment=None)


def _add_record(
    record: object, origin: str, out: Collector, encoding: str | None, *, line: int | None, fragment: str | None
) -> None:
    try:
        fields = fields_from_record(record)
    except RecordError as exc:
        out.error(origin, exc.reason, exc.detail, line=line, raw=_dump(record))
        return
    out.add(fields, origin=origin, encoding=encoding, line=line, fragment=fragment, raw=_dump(record))


def _dump(record: object) -> str:
    try:
        return json.dumps(record, ensure_ascii=False, default=str)[:400]
    except (TypeError, ValueError, RecursionError):
        return repr(record)[:400]


def read_jsonl(data: bytes, origin: str, out: Collector) -> None:
    lines: list[str]
    encoding: str
    if not data.strip():
        out.error(
            origin,
            "empty",
            "The file is empty or only whitespace; remove it or re-export the articles.",
            raw=data,
        )
        return
    per_line_bytes: list[bytes] | None = None
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or _is_utf8(data):
        attempt = "whole"
    else:
        raw_lines = data.split(b"\n")
        valid = sum(1 for b in raw_lines if _is_utf8(b))
        # Mostly UTF-8 with a few bad lines: keep the good ones, report the others.
        attempt = "lines" if valid >= len(raw_lines) / 2 and binary_kind(data) is None else "whole"
    if attempt == "lines":
        lines, encoding, per_line_bytes = [], "utf-8", raw_lines
    else:
        try:
            decoded = decode_bytes(data)
        except DecodeError as exc:
            out.error(origin, exc.reason, exc.detail, raw=data)
            return
        lines, encoding = decoded.text.split("\n"), decoded.encoding
    if per_line_bytes is None:
        if not any(line.strip() for line in lines):
            out.error(origin, "empty", "The file contains only whitespace.", raw=data)
            return
    count = len(per_line_bytes) if per_line_bytes is not None else len(lines)
    for n in range(count):
        lineno = n + 1
        if per_line_bytes is not None:
            raw_b = per_line_bytes[n]
            try:
                line = raw_b.decode("utf-8")
            except UnicodeDecodeError as exc:
                out.error(
                    origin,
                    "undecodable",
                    f"Line {lineno} is not valid UTF-8 (byte {exc.start}); JSON Lines must be UTF-8, re-save it.",
                    line=lineno,
                    raw=raw_b,
                )
                continue
        else:
            line = lines[n]
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            col = f", column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
            out.error(
                origin,
                "broken_json",
                f"Line {lineno} is not valid JSON ({msg}{col}); fix or delete that line.",
                line=lineno,
                raw=line,
            )
            continue
        _add_record(record, origin, out, encoding, line=lineno, fragment=f"line={lineno}")


def _is_utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- HTML ------------------------------------------------------------------------------------


def _quiet(*names: str) -> None:
    for name in names:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.CRITICAL)


def read_html(data: bytes, origin: str, out: Collector, *, url: str | None = None) -> None:
    decoded = _decode(data, origin, out, kind="html")
    if decoded is None:
        return
    html = decoded.text
    if not html.strip():
        out.error(origin, "empty", "The file contains only whitespace.", raw=html)
        return
    text, meta = extract_html(html, url=url)
    lang = _html_language(html)
    if not text:
        out.error(
            origin,
            "no_text",
            "No article text found in this HTML page (only markup, scripts or navigation); "
            "check that it is the article page, not an index or a login wall.",
            raw=html,
        )
        return
    fields = Fields(
        text=text,
        title=meta.get("title"),
        source=meta.get("sitename") or meta.get("hostname"),
        url=meta.get("url") or url,
        language=lang,
        published=meta.get("date"),
    )
    out.add(fields, origin=origin, encoding=decoded.encoding, raw=html)


def _html_language(html: str) -> str | None:
    m = _HTML_LANG.search(html[:20000])
    if not m:
        return None
    return m.group(1) or m.group(2)


_MISSING_PARSER: list[str] = []  # the import error of trafilatura, once, if it cannot load


def _trafilatura():
    """trafilatura, or None with a warning (once) when the install is broken.

    A missing HTML parser is an install fault, never a property of the page: it is
    reported loudly (and by ``missing_html_parser()``) instead of silently falling
    through to the light parser, which loses titles, dates and site names."""
    try:
        import trafilatura

        return trafilatura
    except ImportError as exc:
        if not _MISSING_PARSER:
            _MISSING_PARSER.append(f"{type(exc).__name__}: {exc}")
            logging.getLogger("negotrack.ingest").warning(
                "trafilatura cannot be imported (%s): HTML pages lose their title, date and site name. "
                "Reinstall negotrack with its declared dependencies (pip install -c constraints.txt -e .).", exc)
        return None


def missing_html_parser() -> str | None:
    """The import error of the HTML parser, if it could not be loaded in this process."""
    return _MISSING_PARSER[0] if _MISSING_PARSER else None


# The HTML path end to end: trafilatura needs jusText, which needs lxml's HTML cleaner
# (a package of its own since lxml 5.2).
HTML_PARSER_CHAIN = ("trafilatura", "justext", "lxml_html_clean")


def html_parser_problem() -> str | None:
    """Why HTML pages would lose their metadata on this install, or None: the import
    error seen in this process, else a module of the chain that is not installed
    (looked up without importing it, so commands stay fast)."""
    import importlib.util

    if missing_html_parser():
        return missing_html_parser()
    for name in HTML_PARSER_CHAIN:
        if importlib.util.find_spec(name) is None:
            return f"{name} is not installed"
    return None


def extract_html(html: str, *, url: str | None = None) -> tuple[str, dict[str, str | None]]:
    """(main text, metadata) of a page; trafilatura first, the light parser when it gives up."""
    _quiet("trafilatura", "htmldate", "courlan", "readability", "justext")
    meta: dict[str, str | None] = {}
    text = ""
    trafilatura = _trafilatura()
    try:
        doc = None if trafilatura is None else trafilatura.bare_extraction(
            html,
            url=url,
            fast=True,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            prune_xpath=["//noscript", "//template"],
            date_extraction_params={"original_date": True, "extensive_search": False, "max_date": _FAR_FUTURE},
        )
        if doc is not None:
            text = doc.text or ""
            meta = {k: getattr(doc, k, None) for k in ("title", "sitename", "hostname", "url", "date")}
    except Exception:  # hostile markup can break any parser; fall through to the light one
        doc = None
    if not text.strip():
        if not meta:
            meta = _html_metadata(html, url)
        text = html_to_text(html)
    return text, meta


def _html_metadata(html: str, url: str | None) -> dict[str, str | None]:
    if _trafilatura() is None:
        return {}
    try:
        from trafilatura.metadata import extract_metadata
        from trafilatura.utils import load_html

        tree = load_html(html)
        if tree is None:
            return {}
        doc = extract_metadata(
            tree,
            default_url=url,
            date_config={"original_date": True, "extensive_search": False, "max_date": _FAR_FUTURE},
        )
        return {k: getattr(doc, k, None) for k in ("title", "sitename", "hostname", "url", "date")}
    except Exception:
        return {}


# --- RSS / Atom ------------------------------------------------------------------------------


def read_feed(data: bytes, origin: str, out: Collector, *, content_type: str | None = None) -> None:
    if not data.strip():
        out.error(origin, "empty", "The file is empty (0 bytes); remove it or re-export the feed.", raw=data)
        return
    binary = None
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        binary = binary_kind(data)
    if binary is not None:
        out.error(origin, "binary", f"This is {binary}, not an RSS/Atom feed.", raw=data)
        return
    import feedparser

    headers = {"content-type": content_type} if content_type else {}
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, resolve_relative_uris=False)
    except Exception as exc:
        out.error(origin, "unreadable", f"The feed could not be parsed: {_short(exc)}.", raw=data)
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("version"):
            out.error(origin, "empty", "The feed has no entries (items); nothing to ingest.", raw=data)
        else:
            problem = parsed.get("bozo_exception")
            why = f" ({_short(problem)})" if problem else ""
            out.error(
                origin,
                "unsupported",
                f"This XML is not an RSS or Atom feed{why}; only feeds, .txt, .md, .html, .json, .jsonl, .pdf and .docx are read.",
                raw=data,
            )
        return
    feed = parsed.get("feed") or {}
    encoding = parsed.get("encoding") or None
    limit = out.settings.max_feed_entries
    for i, entry in enumerate(entries[:limit], 1):
        try:
            fields = _entry_fields(entry, feed)
        except RecordError as exc:
            out.error(origin, exc.reason, exc.detail, line=i, raw=_dump(dict(entry)))
            continue
        except Exception as exc:  # a malformed entry must not stop the others
            out.error(origin, "bad_record", f"Entry {i} could not be read: {_short(exc)}.", line=i)
            continue
        out.add(fields, origin=origin, encoding=encoding, line=i, fragment=f"item={i}")
    if len(entries) > limit:
        out.error(
            origin,
            "too_large",
            f"The feed has {len(entries):,} entries; only the first {limit:,} were read "
            "(NEGOTRACK_MAX_FEED_ENTRIES). Split the feed or raise the limit.",
            line=limit + 1,
        )


def _entry_fields(entry, feed) -> Fields:
    text = ""
    language = None
    contents = entry.get("content") or []
    best = max(contents, key=lambda c: len(c.get("value") or ""), default=None)
    if best is not None and (best.get("value") or "").strip():
        text, language = _detail_text(best), best.get("language")
    elif (entry.get("summary") or "").strip():
        detail = entry.get("summary_detail") or {"value": entry.get("summary"), "type": "text/html"}
        text, language = _detail_text(detail), detail.get("language")
    if not text.strip():
        raise RecordError("no_text", "The feed entry has no content or summary text.")
    title_detail = entry.get("title_detail") or {}
    title = entry.get("title")
    if title and title_detail.get("type") == "text/html":
        title = html_to_text(title)
    source = (entry.get("source") or {}).get("title") or feed.get("title")
    published_raw = entry.get("published") or entry.get("updated") or entry.get("created")
    struct = entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    fallback = None
    if struct is not None:
        try:
            fallback = date(struct.tm_year, struct.tm_mon, struct.tm_mday)
        except (ValueError, AttributeError):
            fallback = None
    link = entry.get("link")
    entry_id = entry.get("id") or None
    return Fields(
        text=text,
        id=str(entry_id).strip() or None if entry_id is not None else None,
        title=title or None,
        source=source or None,
        url=link or None,
        language=language or entry.get("language") or feed.get("language"),
        published=published_raw,
        published_fallback=fallback,
    )


def _detail_text(detail) -> str:
    value = detail.get("value") or ""
    kind = (detail.get("type") or "").lower()
    if kind in ("text/plain", "text") and not looks_like_html(value):
        return value
    return html_to_text(value)
