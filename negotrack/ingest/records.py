"""From raw fields (a JSON record, front matter, HTML or feed metadata) to an ``Article``.

Everything format-independent lives here: field names and types, the text clean-up,
ids and content hashes, language and publication date with their provenance.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from negotrack.config import Settings
from negotrack.ingest.decode import clean_text, excerpt
from negotrack.ingest.lang import detect_language, normalise_language
from negotrack.models import Article, IngestError

# Accepted names of each field, first present non-null wins.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title",),
    "source": ("source",),
    "url": ("url", "link"),
    "language": ("language", "lang"),
    "published": ("published", "date", "published_at"),
    "text": ("text", "body", "content"),
}

# Arabic tatweel and diacritics (harakat, Quranic marks, superscript alef).
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_WS = re.compile(r"\s+")


class RecordError(Exception):
    """A record that cannot become an article; ``reason`` is an ingest error code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(slots=True)
class Fields:
    """Raw metadata and text of one article, before normalisation."""

    text: str
    id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    published: Any = None  # str | date | datetime | int, as the input gave it
    published_fallback: date | None = None  # e.g. feedparser's own parse of the entry date


_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(value: str) -> str:
    """``value`` with lone surrogates written as visible escapes (``\\xe9``, ``\\ud800``).

    They come from file names that are not UTF-8 (``os.walk`` keeps the raw bytes as
    surrogates) and from JSON escapes such as ``"\\ud800"``; they cannot be encoded as
    UTF-8, so Polars and DuckDB would reject the whole batch.
    """
    if not _SURROGATE.search(value):
        return value

    def _escape(m: re.Match) -> str:
        o = ord(m.group())
        return f"\\x{o - 0xDC00:02x}" if 0xDC80 <= o <= 0xDCFF else f"\\u{o:04x}"

    return _SURROGATE.sub(_escape, value)


def _check_unicode(value: str | None, name: str) -> None:
    if value is not None and (m := _SURROGATE.search(value)):
        raise RecordError(
            "undecodable",
            f"Field '{name}' contains invalid Unicode (a lone surrogate \\u{ord(m.group()):04x}, "
            "e.g. from a broken JSON escape); fix the record.",
        )


def normalise_for_hash(text: str) -> str:
    """NFKC, no tatweel/diacritics, casefolded, whitespace collapsed: same article, same string."""
    t = unicodedata.normalize("NFKC", text)
    if _ARABIC_MARKS.search(t):  # most texts have none: skip the rewrite
        t = _ARABIC_MARKS.sub("", t)
    # str.split() splits on exactly the characters re's \s matches (str.isspace), so this is
    # _WS.sub(" ", ...).strip(), two to three times faster on long texts
    return " ".join(t.casefold().split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def _meta_str(value: object, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(
            "bad_record", f"Field '{name}' must be a string, not {_type_name(value)}; fix the record."
        )
    value = _WS.sub(" ", value).strip()
    return value or None


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _pick(record: dict, name: str) -> tuple[str | None, object]:
    for key in FIELD_NAMES[name]:
        if key in record and record[key] is not None:
            return key, record[key]
    return None, None


def fields_from_record(record: object, *, body: str | None = None) -> Fields:
    """Validate a JSON object / front-matter mapping; ``body`` overrides its text fields.

    Raises :class:`RecordError` ('bad_record' for wrong types, 'no_text' without text).
    """
    if not isinstance(record, dict):
        raise RecordError(
            "bad_record",
            f"Expected an article object with a 'text' field, found {_type_name(record)}; "
            "each record must be a JSON object.",
        )
    key, raw_id = _pick(record, "id")
    if raw_id is None:
        art_id = None
    elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        raise RecordError(
            "bad_record", f"Field 'id' must be a string or an integer, not {_type_name(raw_id)}; fix the record."
        )
    else:
        art_id = str(raw_id).strip() or None
    values: dict[str, str | None] = {}
    for name in ("title", "source", "url", "language"):
        key, value = _pick(record, name)
        values[name] = _meta_str(value, key or name)
    key, published = _pick(record, "published")
    if published is not None and (
        isinstance(published, bool) or not isinstance(published, (str, int, float, date, datetime))
    ):
        raise RecordError(
            "bad_record",
            f"Field '{key}' must be a date string, not {_type_name(published)}; use e.g. \"2025-04-12\".",
        )
    if body is not None and body.strip():
        text: object = body
    else:
        key, text = _pick(record, "text")
        if text is None:
            raise RecordError(
                "no_text",
                "The record has no 'text', 'body' or 'content' field; add the article text.",
            )
        if not isinstance(text, str):
            raise RecordError(
                "bad_record", f"Field '{key}' must be a string, not {_type_name(text)}; fix the record."
            )
    return Fields(text=text, id=art_id, published=published, **values)


@dataclass
class Collector:
    """Accumulates the articles and error rows of one ``read_sources`` call."""

    settings: Settings
    today: date
    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    inputs: int = 0

    def error(
        self, origin: str, reason: str, detail: str, *, line: int | None = None, raw: str | bytes | None = None
    ) -> None:
        """One input that could not become an article."""
        self.inputs += 1
        self.errors.append(
            IngestError(
                origin=escape_surrogates(origin),
                reason=reason,
                detail=escape_surrogates(detail),
                line=line,
                excerpt=excerpt(raw),
            )
        )

    def add(
        self,
        fields: Fields,
        *,
        origin: str,
        encoding: str | None,
        line: int | None = None,
        fragment: str | None = None,
        raw: str | bytes | None = None,
    ) -> None:
        """One input offered as an article: it lands as an article or as an error row."""
        try:
            article = build_article(
                fields,
                origin=f"{origin}#{fragment}" if fragment else origin,
                encoding=encoding,
                settings=self.settings,
                today=self.today,
            )
        except RecordError as exc:
            self.error(origin, exc.reason, exc.detail, line=line, raw=raw if raw is not None else fields.text)
            return
        self.inputs += 1
        self.articles.append(article)


def _tidy(value: object) -> str | None:
    """Metadata strings on one line, without outer whitespace; anything else -> None."""
    if not isinstance(value, str):
        return None
    value = _WS.sub(" ", value).strip()
    return value or None


def _published(fields: Fields, text: str, today: date) -> tuple[date, str]:
    from negotrack import dates

    if fields.published is not None:
        value = fields.published
        parsed = None
        if isinstance(value, datetime):
            parsed = value.date()
        elif isinstance(value, date):
            parsed = value
        else:
            try:
                parsed = dates.parse_date_value(value)
            except (ValueError, TypeError, OverflowError):
                parsed = None
        if parsed is not None:
            return parsed, "metadata"
    if fields.published_fallback is not None:
        return fields.published_fallback, "metadata"
    inferred = dates.infer_published_date(text, today)
    if inferred is not None:
        return inferred, "text"
    return today, "ingest"


def build_article(
    fields: Fields, *, origin: str, encoding: str | None, settings: Settings, today: date
) -> Article:
    """Clean the text, compute ids, resolve language and date. Raises :class:`RecordError`."""
    _check_unicode(fields.text, "text")
    for name in ("id", "title", "source", "url", "language"):
        _check_unicode(getattr(fields, name), name)
    if isinstance(fields.published, str):
        _check_unicode(fields.published, "published")
    origin = escape_surrogates(origin)
    text = clean_text(fields.text)
    if not text:
        raise RecordError("no_text", "The article text is empty or only whitespace; nothing to analyse.")
    if len(text) > settings.max_article_chars:
        raise RecordError(
            "too_large",
            f"The article text has {len(text):,} characters, over the limit of "
            f"{settings.max_article_chars:,} (NEGOTRACK_MAX_ARTICLE_CHARS); split it or raise the limit.",
        )
    digest = text_hash(text)
    language = normalise_language(fields.language)
    if language is not None:
        language_source = "metadata"
    else:
        language, language_source = detect_language(text), "detected"
    published, published_source = _published(fields, text, today)
    return Article(
        article_id=fields.id or f"sha:{digest[:16]}",
        text=text,
        language=language,
        published=published,
        title=_tidy(fields.title),
        source=_tidy(fields.source),
        url=_tidy(fields.url),
        language_source=language_source,
        published_source=published_source,
        origin=origin,
        encoding=encoding,
        content_hash=digest[:32],
    )
