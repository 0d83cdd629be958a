"""The ingest stage: sources (files, folders, feeds, URLs) to a batch of articles and errors.

``read_sources`` reads; ``negotrack.ingest.load.store_batch`` stores. No Prefect here.

Every input ends up either as one article row or as one error row, so
``inputs == len(articles) + len(errors)`` for every batch.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from negotrack.config import Settings
from negotrack.models import ARTICLE_SCHEMA, INGEST_ERROR_SCHEMA, frame

__all__ = ["IngestBatch", "Input", "list_inputs", "read_sources"]


@dataclass
class IngestBatch:
    articles: pl.DataFrame  # models.ARTICLE_SCHEMA columns
    errors: pl.DataFrame  # models.INGEST_ERROR_SCHEMA columns
    inputs: int  # number of articles offered (records/items/files), readable or not


@dataclass(frozen=True, slots=True)
class Input:
    """One unit of reading: a file (``path`` set), a URL, or a source that does not exist."""

    origin: str  # absolute path or the URL as given
    path: Path | None = None
    kind: str | None = None  # reader kind from the extension; None = sniff the content
    url: str | None = None
    missing: str | None = None  # why the source cannot be read at all


log = logging.getLogger("negotrack.ingest")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def list_inputs(sources: Sequence[str | Path]) -> list[Input]:
    """Expand sources: folders recursively (known extensions only, hidden entries skipped).

    The CLI can use ``len(list_inputs(...))`` as the total of the progress bar.
    """
    from negotrack.ingest.formats import EXTENSIONS

    if isinstance(sources, (str, Path)):
        raise TypeError("read_sources expects a sequence of sources, e.g. [path], not a single path")
    items: list[Input] = []
    for source in sources:
        if not isinstance(source, (str, Path)):
            raise TypeError(f"a source must be a str or a Path, not {type(source).__name__}")
        text = str(source)
        if isinstance(source, str) and _SCHEME.match(text):
            from negotrack.ingest.fetch import redact_url

            scheme = text.split("://", 1)[0].lower()
            if scheme in ("http", "https"):
                items.append(Input(origin=redact_url(text), url=text))
            else:
                items.append(
                    Input(
                        origin=redact_url(text),
                        missing=f"Only http:// and https:// URLs are fetched, not {scheme}://.",
                    )
                )
            continue
        path = Path(source).expanduser()
        origin = os.path.abspath(path)
        if path.is_dir():
            found: list[Input] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    kind = EXTENSIONS.get(os.path.splitext(name)[1].lower())
                    if kind is None:
                        continue
                    full = Path(root) / name
                    found.append(Input(origin=os.path.abspath(full), path=full, kind=kind))
            items.extend(found)
        elif path.exists():
            kind = EXTENSIONS.get(path.suffix.lower())
            items.append(Input(origin=origin, path=path, kind=kind))
        else:
            items.append(
                Input(origin=origin, missing="No such file or folder; check the path (relative to the working directory).")
            )
    return items


def read_sources(
    sources: Sequence[str | Path],
    settings: Settings,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestBatch:
    """Read files, folders (recursive), and http(s) URLs (feeds or HTML pages).

    Never raises for bad input: every unreadable file, line or item becomes an error row.
    ``progress`` is called with the number of inputs (see :func:`list_inputs`) done so far.
    """
    from negotrack.ingest.records import Collector

    out = Collector(settings=settings, today=today or date.today())
    inputs = list_inputs(sources)
    client = None
    try:
        for done, item in enumerate(inputs, 1):
            if item.url is not None:
                if client is None:
                    from negotrack.ingest.fetch import new_client

                    client = new_client(settings)
                _read_url(item, client, out)
            else:
                _read_path(item, out)
            if progress is not None:
                progress(done)
    finally:
        if client is not None:
            client.close()
    return IngestBatch(
        articles=frame(out.articles, ARTICLE_SCHEMA),
        errors=frame(out.errors, INGEST_ERROR_SCHEMA),
        inputs=out.inputs,
    )


def _read_path(item: Input, out) -> None:
    if item.missing is not None or item.path is None:
        reason = "unsupported" if "://" in item.origin else "unreadable"
        out.error(item.origin, reason, item.missing or "Cannot read this source.")
        return
    limit = out.settings.max_file_bytes
    try:
        size = item.path.stat().st_size
        if size > limit:
            with open(item.path, "rb") as fh:
                head = fh.read(400)
            out.error(
                item.origin,
                "too_large",
                f"The file is {size:,} bytes, over the limit of {limit:,} (NEGOTRACK_MAX_FILE_BYTES); "
                "split it or raise the limit.",
                raw=head,
            )
            return
        with open(item.path, "rb") as fh:
            data = fh.read(limit + 1)
    except IsADirectoryError:
        out.error(item.origin, "unreadable", "This is a folder that could not be listed.")
        return
    except OSError as exc:
        out.error(
            item.origin,
            "unreadable",
            f"The file could not be read ({exc.strerror or type(exc).__name__}); check its permissions.",
        )
        return
    if len(data) > limit:
        out.error(
            item.origin,
            "too_large",
            f"The file is over the limit of {limit:,} bytes (NEGOTRACK_MAX_FILE_BYTES); split it or raise the limit.",
            raw=data[:400],
        )
        return
    _dispatch(data, item.origin, item.kind, out, explicit_unknown=item.kind is None)


def _read_url(item: Input, client, out) -> None:
    from negotrack.ingest.fetch import FetchError, fetch, redact_text, redact_url

    assert item.url is not None
    try:
        fetched = fetch(client, item.url, out.settings)
    except FetchError as exc:
        out.error(item.origin, exc.reason, redact_text(exc.detail))
        return
    from negotrack.ingest.formats import sniff_kind

    kind = sniff_kind(fetched.data, fetched.content_type)
    _dispatch(
        fetched.data, item.origin, kind, out, url=redact_url(fetched.final_url), content_type=fetched.content_type
    )


def _dispatch(
    data: bytes,
    origin: str,
    kind: str | None,
    out,
    *,
    explicit_unknown: bool = False,
    url: str | None = None,
    content_type: str | None = None,
) -> None:
    from negotrack.ingest import formats

    if not data:
        out.error(origin, "empty", "The file is empty (0 bytes); remove it or re-export the article.")
        return
    if kind is None:
        sniffed = formats.sniff_kind(data)
        kind = sniffed if sniffed in ("feed", "html") else None
    try:
        if kind == "feed":
            formats.read_feed(data, origin, out, content_type=content_type)
        elif kind == "html":
            formats.read_html(data, origin, out, url=url)
        elif kind == "json":
            formats.read_json(data, origin, out)
        elif kind == "jsonl":
            formats.read_jsonl(data, origin, out)
        else:
            formats.read_text(data, origin, out, explicit_unknown=kind is None and explicit_unknown)
    except RecursionError:
        out.error(origin, "unreadable", "The input is nested too deeply to be read; simplify or convert it.")
    except MemoryError:
        out.error(origin, "too_large", "The input is too large to be read in memory; split it.")
    except Exception as exc:  # a parser tripping on hostile input must not stop the batch
        log.warning("unexpected error reading %s", origin, exc_info=True)
        out.error(
            origin,
            "unreadable",
            f"Unexpected error while reading ({type(exc).__name__}: {exc}); "
            "the rest of the batch was read. Please report this input.",
            raw=data,
        )
