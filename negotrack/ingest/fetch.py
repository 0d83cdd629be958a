"""Fetching http(s) sources with a timeout, a size cap and no other schemes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

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


def new_client(settings: Settings):
    import httpx

    return httpx.Client(
        timeout=httpx.Timeout(settings.fetch_timeout_s),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, text/html;q=0.9, */*;q=0.5"},
    )


def fetch(client, url: str, settings: Settings) -> Fetched:
    """GET ``url``; raise :class:`FetchError` ('fetch_failed' or 'too_large')."""
    import httpx

    if not is_http_url(url):
        raise FetchError("unsupported", f"Only http:// and https:// URLs are fetched, not {url!r}.")
    limit = settings.fetch_max_bytes
    deadline = time.monotonic() + settings.fetch_timeout_s
    try:
        with client.stream("GET", url) as response:
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
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(
                        "too_large",
                        f"The response is over the limit of {limit:,} bytes (NEGOTRACK_FETCH_MAX_BYTES); "
                        "download stopped.",
                    )
                if time.monotonic() > deadline:
                    raise FetchError(
                        "fetch_failed",
                        f"The download took longer than {settings.fetch_timeout_s:g} s "
                        "(NEGOTRACK_FETCH_TIMEOUT_S); try again later or raise the limit.",
                    )
                chunks.append(chunk)
            return Fetched(b"".join(chunks), response.headers.get("content-type"), str(response.url))
    except FetchError:
        raise
    except httpx.TimeoutException:
        raise FetchError(
            "fetch_failed",
            f"No answer within {settings.fetch_timeout_s:g} s (NEGOTRACK_FETCH_TIMEOUT_S); "
            "check the URL or the network and try again.",
        ) from None
    except httpx.TooManyRedirects:
        raise FetchError("fetch_failed", f"More than {MAX_REDIRECTS} redirects; check the URL.") from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
        raise FetchError(
            "fetch_failed", f"Could not fetch the URL ({type(exc).__name__}: {exc}); check it and the network."
        ) from None
