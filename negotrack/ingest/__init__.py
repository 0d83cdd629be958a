"""The ingest stage: sources (files, folders, feeds, URLs) to a batch of articles and errors.

``read_sources`` reads; ``negotrack.ingest.load.store_batch`` stores. No Prefect here.

Every input ends up either as one article row or as one error row, so
``inputs == len(articles) + len(errors)`` for every batch, plus ``skipped_inputs`` when
files already read are skipped (``known_files``, see :func:`plan_inputs`).

At scale the ingest stage works in chunks: :func:`plan_inputs` lists the inputs, drops
the files already read (same path, size and modification time: no read at all) and cuts
the rest into chunks of about ``Settings.ingest_chunk_bytes``; each chunk is read, validated
and stored before the next, so memory does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from negotrack.config import Settings
from negotrack.models import ARTICLE_SCHEMA, INGEST_ERROR_SCHEMA, frame

__all__ = ["IngestBatch", "IngestPlan", "Input", "KnownFiles", "list_inputs", "plan_inputs", "read_sources"]

FILE_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String,
    "size": pl.Int64,
    "mtime_ns": pl.Int64,
    "sha256": pl.String,
    "n_inputs": pl.Int32,
    "content_hashes": pl.List(pl.String),  # None: skipped by hash, the stored file's hashes apply
    "clean": pl.Boolean,  # no ingest error from this file
}


@dataclass
class IngestBatch:
    articles: pl.DataFrame  # models.ARTICLE_SCHEMA columns
    errors: pl.DataFrame  # models.INGEST_ERROR_SCHEMA columns
    inputs: int  # number of articles offered (records/items/files), readable or not
    files: pl.DataFrame | None = None  # FILE_SCHEMA: the files read (with ``known_files`` only)
    skipped_inputs: int = 0  # inputs of files skipped because their bytes were read before


@dataclass(frozen=True)
class KnownFiles:
    """Files read completely before (table ``source_files``), for skipping them."""

    by_path: dict[str, tuple[int, int, int]]  # path -> (size, mtime_ns, n_inputs)
    by_hash: dict[str, int]  # sha256 of the bytes -> n_inputs

    @classmethod
    def empty(cls) -> KnownFiles:
        return cls({}, {})


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
URL_WEIGHT = 1 << 20  # bytes a URL counts for when cutting chunks (its size is unknown)


@dataclass
class IngestPlan:
    """What to read, in chunks, after dropping the files known unchanged."""

    chunks: list[list[Input]]
    inputs: int  # items listed (files, URLs, missing sources), skipped ones included
    skipped_files: int = 0
    skipped_inputs: int = 0  # the records of the skipped files: already known articles
    known: KnownFiles | None = None  # for the chunks' readers: skip files whose bytes are known


def plan_inputs(
    sources: Sequence[str | Path], settings: Settings, known: KnownFiles | None = None
) -> IngestPlan:
    """List the inputs, skip the files of ``known`` whose path, size and modification time
    are unchanged (a ``stat``, no read), and cut the rest into chunks of about
    ``settings.ingest_chunk_bytes``."""
    items = list_inputs(sources)
    chunks: list[list[Input]] = [[]]
    weight = 0
    skipped_files = skipped_inputs = 0
    for item in items:
        size = URL_WEIGHT
        if item.path is not None and item.missing is None:
            try:
                st = item.path.stat()
            except OSError:
                st = None  # reading it reports why
            if st is not None:
                size = st.st_size
                hit = known.by_path.get(item.origin) if known is not None else None
                if hit is not None and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
                    skipped_files += 1
                    skipped_inputs += hit[2]
                    continue
        if chunks[-1] and weight + size > settings.ingest_chunk_bytes:
            chunks.append([])
            weight = 0
        chunks[-1].append(item)
        weight += size
    return IngestPlan(
        chunks=[c for c in chunks if c],
        inputs=len(items),
        skipped_files=skipped_files,
        skipped_inputs=skipped_inputs,
        known=known,
    )


def list_inputs(sources: Sequence[str | Path]) -> list[Input]:
    """Expand sources: folders recursively (known extensions only, hidden entries skipped).

    The CLI can use ``len(list_inputs(...))`` as the total of the progress bar.
    """
    from negotrack.ingest.formats import EXTENSIONS
    from negotrack.ingest.records import escape_surrogates

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
        origin = _origin(path)
        if path.is_dir():
            found: list[Input] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                # one absolute path and one Path per folder, not per file: a plain file
                # name appended to them is what _origin(Path(root) / name) would give
                folder, abs_folder = Path(root), os.path.abspath(root)
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    kind = EXTENSIONS.get(os.path.splitext(name)[1].lower())
                    if kind is None:
                        continue
                    origin = escape_surrogates(os.path.join(abs_folder, name))
                    found.append(Input(origin=origin, path=folder / name, kind=kind))
            items.extend(found)
        elif path.exists():
            kind = EXTENSIONS.get(path.suffix.lower())
            items.append(Input(origin=origin, path=path, kind=kind))
        else:
            items.append(
                Input(origin=origin, missing="No such file or folder; check the path (relative to the working directory).")
            )
    return items


def _origin(path: Path) -> str:
    """The absolute path as stored (``articles.origin``, ``ingest_errors``, ``source_files``).

    A file name that is not valid UTF-8 comes from ``os.walk`` with its odd bytes as lone
    surrogates, which neither Polars nor DuckDB can store; they are written as backslash
    escapes instead (``b'\\xff.txt'`` -> ``\\xff.txt``), so the file still lands and its
    origin stays readable. The file itself is opened by its real ``path``.
    """
    from negotrack.ingest.records import escape_surrogates

    return escape_surrogates(os.path.abspath(path))


def read_sources(
    sources: Sequence[str | Path],
    settings: Settings,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    known_files: KnownFiles | None = None,
) -> IngestBatch:
    """Read files, folders (recursive), and http(s) URLs (feeds or HTML pages).

    Never raises for bad input: every unreadable file, line or item becomes an error row.
    ``progress`` is called with the number of inputs (see :func:`list_inputs`) done so far.
    ``sources`` may also be a list of :class:`Input` (a chunk of :func:`plan_inputs`).

    With ``known_files`` the batch also lists the files it read (``files``, to record them
    in ``source_files``), and a file whose bytes hash to a known file is not parsed again:
    its records count as ``skipped_inputs``.
    """
    from negotrack.ingest.records import Collector

    out = Collector(settings=settings, today=today or date.today())
    if sources and all(isinstance(s, Input) for s in sources):
        inputs = list(sources)
    else:
        inputs = list_inputs(sources)
    files: list[tuple] | None = [] if known_files is not None else None
    skipped = [0]
    client = None
    try:
        for done, item in enumerate(inputs, 1):
            if item.url is not None:
                if client is None:
                    from negotrack.ingest.fetch import new_client

                    client = new_client(settings)
                _read_url(item, client, out)
            else:
                _read_path(item, out, files, known_files, skipped)
            if progress is not None:
                progress(done)
    finally:
        if client is not None:
            client.close()
    return IngestBatch(
        articles=frame(out.articles, ARTICLE_SCHEMA),
        errors=frame(out.errors, INGEST_ERROR_SCHEMA),
        inputs=out.inputs,
        files=pl.DataFrame(files, schema=FILE_SCHEMA, orient="row") if files is not None else None,
        skipped_inputs=skipped[0],
    )


def _read_path(item: Input, out, files: list | None = None, known: KnownFiles | None = None,
               skipped: list[int] | None = None) -> None:
    if item.missing is not None or item.path is None:
        reason = "unsupported" if "://" in item.origin else "unreadable"
        out.error(item.origin, reason, item.missing or "Cannot read this source.")
        return
    limit = out.settings.max_file_bytes
    try:
        st = item.path.stat()
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
            # A FIFO would block the open (or the read) forever, a device may never end or
            # have side effects on open: never opened, an error row instead.
            out.error(item.origin, "unreadable", _not_regular(st.st_mode))
            return
        size = st.st_size
        if size > limit:
            with _open_regular(item.path) as fh:
                head = fh.read(400)
            out.error(
                item.origin,
                "too_large",
                f"The file is {size:,} bytes, over the limit of {limit:,} (NEGOTRACK_MAX_FILE_BYTES); "
                "split it or raise the limit.",
                raw=head,
            )
            return
        with _open_regular(item.path) as fh:
            data = fh.read(limit + 1)
    except _NotRegular as exc:
        out.error(item.origin, "unreadable", _not_regular(exc.mode))
        return
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
    if files is None:
        _dispatch(data, item.origin, item.kind, out, explicit_unknown=item.kind is None)
        return
    # record the file (its stat, its bytes' hash, what it gave) for later runs to skip it
    try:
        mtime_ns = item.path.stat().st_mtime_ns
    except OSError:
        mtime_ns = -1
    digest = hashlib.sha256(data).hexdigest()
    n_known = known.by_hash.get(digest) if known is not None else None
    if n_known is not None:  # the same bytes as a file read before: its records are known
        out.inputs += n_known
        if skipped is not None:
            skipped[0] += n_known
        files.append((item.origin, len(data), mtime_ns, digest, n_known, None, True))
        return
    inputs, n_articles, n_errors = out.inputs, len(out.articles), len(out.errors)
    _dispatch(data, item.origin, item.kind, out, explicit_unknown=item.kind is None)
    files.append((
        item.origin, len(data), mtime_ns, digest, out.inputs - inputs,
        [a.content_hash for a in out.articles[n_articles:]], len(out.errors) == n_errors,
    ))


class _NotRegular(OSError):
    def __init__(self, mode: int) -> None:
        super().__init__("not a regular file")
        self.mode = mode


def _not_regular(mode: int) -> str:
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"This is {kind}, not a regular file: it was not opened. Move it out of the input folder."


def _open_regular(path: Path):
    """Open ``path`` for reading without blocking, and only if it is a regular file.

    The caller checked ``stat`` already; this closes the gap where the file is replaced by
    a FIFO in between: ``O_NONBLOCK`` makes opening a FIFO return at once, and ``fstat``
    on the opened descriptor tells what was really opened.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise _NotRegular(mode)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


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
        kind = sniffed if sniffed in ("feed", "html", "pdf", "docx") else None
    try:
        if kind in formats.DOCUMENT_KINDS:
            from negotrack.ingest.documents import read_document

            read_document(kind, data, origin, out)
        elif kind == "feed":
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
