"""Fetching http(s) sources with a timeout, a size cap and no other schemes.

``NEGOTRACK_FETCH_TIMEOUT_S`` bounds the whole fetch, not each read: httpx's timeouts
apply to one socket operation at a time, so a server trickling its headers one byte a
second would never trip them. :class:`_Deadline` shuts the connection's socket down when
the time is up, whatever phase the fetch is in (TLS handshake, headers, body), and the
blocked read returns at once.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from negotrack.config import Settings

USER_AGENT = "negotrack/0.1 (news ingest)"
MAX_REDIRECTS = 5


class FetchError(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Fetched:
    data: bytes
    content_type: str | None
    final_url: str


def is_http_url(value: str) -> bool:
    return urlsplit(value).scheme.lower() in ("http", "https")


# Query parameters whose value is a credential: ?token=, ?api_key=, ?access_token=,
# ?X-Amz-Signature=, ?password=, ?sig=, ?session= ...
_SECRET_PARAM = re.compile(r"token|key|secret|passw|pwd|auth|sig|session|credential|ticket", re.I)
_URL_IN_TEXT = re.compile(r"""[A-Za-z][A-Za-z0-9+.-]*://[^\s'"<>]+""")
REDACTED = "REDACTED"


def redact_url(url: str) -> str:
    """``url`` without credentials: user:password@ and secret query values are replaced.

    URLs end up in ``articles.origin``, ``ingest_errors``, ``runs.params`` and logs; the
    credentials a feed URL may carry must not. The unredacted URL is only used to fetch.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return _URL_IN_TEXT.sub(lambda m: m.group().split("://", 1)[0] + "://" + REDACTED, url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rsplit('@', 1)[1]}"
    query = parts.query
    if query:
        pieces = []
        for piece in query.split("&"):
            name, eq, _value = piece.partition("=")
            pieces.append(f"{name}={REDACTED}" if eq and _SECRET_PARAM.search(name) else piece)
        query = "&".join(pieces)
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_text(text: str) -> str:
    """Every URL in ``text`` passed through :func:`redact_url` (error messages, logs)."""
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group()), text)


def new_client(settings: Settings):
    import httpx

    for name in ("httpx", "httpcore"):  # their INFO/DEBUG lines carry full URLs
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)

    return httpx.Client(
        timeout=httpx.Timeout(settings.fetch_timeout_s),
        # a new connection per fetch: _Deadline learns the socket when it is connected
        limits=httpx.Limits(max_keepalive_connections=0),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "application/rss+xml, application/atom+xml, text/html;q=0.9, */*;q=0.5",
            "Accept-Encoding": "gzip, deflate",  # decoded here, with the size limit (_Decoder)
        },
    )


class _Decoder:
    """Content-Encoding decoding that never produces more than ``limit`` bytes at once.

    httpx decodes a whole network chunk in one go: a gzip bomb expands 64 KiB into
    ~64 MiB before any size check can run. Here each raw chunk is decompressed with
    ``max_length``, so memory stays at the limit whatever the compression ratio.
    """

    def __init__(self, encoding: str | None) -> None:
        import zlib

        enc = (encoding or "identity").strip().lower()
        if enc in ("", "identity"):
            self._z = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchError(
                "fetch_failed", f"The server sent the body in an encoding negotrack does not read ({enc})."
            )

    def decode(self, raw: bytes, room: int) -> bytes:
        """Up to ``room`` + 1 decoded bytes of ``raw`` (more than ``room``: over the limit)."""
        import zlib

        if self._z is None:
            return raw
        try:
            out = self._z.decompress(raw, room + 1)
        except zlib.error as exc:
            raise FetchError("fetch_failed", f"The compressed body is corrupt ({exc}).") from None
        return out

    def finish(self) -> bytes:
        return self._z.flush() if self._z is not None else b""


class _Deadline:
    """Shut down the fetch's sockets when ``seconds`` have passed.

    The sockets are learnt from httpcore's ``trace`` request extension (a public hook):
    the stream returned by each TCP connect and TLS start. A timer thread then calls
    ``shutdown`` on them, which wakes a read blocked in another thread (``close`` would
    not). Connections are not kept alive (:func:`new_client`), so every request of a
    fetch, redirects included, connects and is seen here.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._streams: list = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def trace(self, event: str, info: dict) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            if stream is not None:
                self._streams.append(stream)
                if self.expired:  # connected just as the time ran out
                    self._shutdown(stream)

    def _expire(self) -> None:
        self.expired = True
        for stream in list(self._streams):
            self._shutdown(stream)

    @staticmethod
    def _shutdown(stream) -> None:
        try:
            sock = stream.get_extra_info("socket")
            if sock is not None:
                # socket.socket's own shutdown: an SSLSocket's would also drop its TLS
                # state under the reading thread's feet
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except (OSError, ValueError, AttributeError):
            pass  # already closed

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()


def fetch(client, url: str, settings: Settings) -> Fetched:
    """GET ``url``; raise :class:`FetchError` ('fetch_failed' or 'too_large')."""
    import httpx

    try:
        http = is_http_url(url)
    except ValueError as exc:  # e.g. "http://[::1/x": urlsplit raises
        raise FetchError("fetch_failed", f"The URL is not valid ({exc}); check it.") from None
    if not http:
        raise FetchError("unsupported", f"Only http:// and https:// URLs are fetched, not {url!r}.")
    limit = settings.fetch_max_bytes
    deadline = time.monotonic() + settings.fetch_timeout_s
    too_slow = FetchError(
        "fetch_failed",
        f"The server did not send the whole response within {settings.fetch_timeout_s:g} s "
        "(NEGOTRACK_FETCH_TIMEOUT_S); try again later or raise the limit.",
    )
    watch = _Deadline(settings.fetch_timeout_s)
    try:
        with watch, client.stream("GET", url, extensions={"trace": watch.trace}) as response:
            if response.status_code >= 400:
                raise FetchError(
                    "fetch_failed",
                    f"The server answered HTTP {response.status_code} {response.reason_phrase}; "
                    "check the URL or try again later.",
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(
                    "too_large",
                    f"The response is {int(declared):,} bytes, over the limit of {limit:,} "
                    "(NEGOTRACK_FETCH_MAX_BYTES).",
                )
            decoder = _Decoder(response.headers.get("content-encoding"))
            chunks: list[bytes] = []
            size = 0
            for raw in response.iter_raw():
                chunk = decoder.decode(raw, limit - size)
                size += len(chunk)
                if size > limit:
                    raise FetchError(
                        "too_large",
                        f"The response is over the limit of {limit:,} bytes (NEGOTRACK_FETCH_MAX_BYTES); "
                        "download stopped.",
                    )
                if time.monotonic() > deadline:
                    raise too_slow
                chunks.append(chunk)
            if watch.expired:  # the socket was shut down under the last read
                raise too_slow
            chunks.append(decoder.finish())
            if sum(len(c) for c in chunks) > limit:
                raise FetchError(
                    "too_large",
                    f"The response is over the limit of {limit:,} bytes (NEGOTRACK_FETCH_MAX_BYTES); "
                    "download stopped.",
                )
            return Fetched(b"".join(chunks), response.headers.get("content-type"), str(response.url))
    except FetchError:
        raise
    except httpx.TimeoutException:
        if watch.expired:
            raise too_slow from None
        raise FetchError(
            "fetch_failed",
            f"No answer within {settings.fetch_timeout_s:g} s (NEGOTRACK_FETCH_TIMEOUT_S); "
            "check the URL or the network and try again.",
        ) from None
    except httpx.TooManyRedirects:
        raise FetchError("fetch_failed", f"More than {MAX_REDIRECTS} redirects; check the URL.") from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
        if watch.expired:  # what the socket shut down by _Deadline made httpx raise
            raise too_slow from None
        raise FetchError(
            "fetch_failed", f"Could not fetch the URL ({type(exc).__name__}: {exc}); check it and the network."
        ) from None
