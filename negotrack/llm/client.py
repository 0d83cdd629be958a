"""A small client for OpenAI-compatible ``/v1/chat/completions`` (Ollama, vLLM,
llama.cpp's server, hosted APIs), on plain ``httpx``: no SDK, no framework.

What it does beyond one POST:
- asks for structured output with ``response_format`` as a JSON schema, and falls back
  to ``{"type": "json_object"}`` for good when the server rejects the schema (HTTP 400),
  as older llama.cpp and some hosted APIs do;
- retries 429, 5xx, timeouts and dropped connections with exponential backoff (a
  ``Retry-After`` header is honoured up to a cap); anything else fails at once;
- counts tokens from the answer's ``usage``;
- runs many requests at once with a bounded thread pool (``map``).

The API key is only ever put in the Authorization header; errors never quote it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

log = logging.getLogger("negotrack.llm")

RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
BACKOFF_BASE_S = 0.5
BACKOFF_MAX_S = 30.0


class LlmError(RuntimeError):
    """A request that failed for good (after its retries); the message is the reason."""


@dataclass(frozen=True)
class Reply:
    content: str
    prompt_tokens: int
    completion_tokens: int
    attempts: int  # HTTP requests this reply took (retries included)


T = TypeVar("T")
R = TypeVar("R")


class ChatClient:
    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        retries: int = 4,
        concurrency: int = 4,
        backoff_base_s: float = BACKOFF_BASE_S,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.model = model
        self.retries = retries
        self.concurrency = concurrency
        self.backoff_base_s = backoff_base_s
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._http = httpx.Client(headers=headers, timeout=httpx.Timeout(timeout_s),
                                  limits=httpx.Limits(max_connections=concurrency))
        self._schema_ok = True  # until the server rejects a JSON schema
        self._lock = threading.Lock()
        self.requests = 0  # HTTP requests sent (all threads)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _body(self, messages: list[dict[str, str]], schema: dict[str, Any] | None) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": 0}
        if schema is not None and self._schema_ok:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "positions", "strict": True, "schema": schema}}
        else:
            body["response_format"] = {"type": "json_object"}
        return body

    def _post(self, body: dict[str, Any]) -> httpx.Response:
        with self._lock:
            self.requests += 1
        return self._http.post(self._url, json=body)

    def chat(self, messages: list[dict[str, str]], schema: dict[str, Any] | None = None) -> Reply:
        """The model's answer to ``messages`` (its message content, not yet parsed)."""
        attempt = 0
        while True:
            attempt += 1
            body = self._body(messages, schema)
            try:
                resp = self._post(body)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                reason = f"{'timeout' if isinstance(exc, httpx.TimeoutException) else 'connection failed'}: " \
                         f"{type(exc).__name__}"
                if attempt > self.retries:
                    raise LlmError(f"{reason} (after {attempt} attempts)") from None
                self._sleep(attempt, None)
                continue
            except httpx.HTTPError as exc:  # a bad URL, an unreadable response: no retry helps
                raise LlmError(f"request failed: {type(exc).__name__}: {exc}") from None
            if resp.status_code == 400 and body["response_format"]["type"] == "json_schema":
                # the server does not take a JSON schema: JSON mode from now on (no retry spent)
                log.info("server rejected response_format json_schema (%s); using json_object", _short(resp))
                self._schema_ok = False
                attempt -= 1
                continue
            if resp.status_code in RETRY_STATUS:
                if attempt > self.retries:
                    raise LlmError(f"HTTP {resp.status_code} (after {attempt} attempts): {_short(resp)}")
                self._sleep(attempt, resp.headers.get("retry-after"))
                continue
            if resp.status_code != 200:
                raise LlmError(f"HTTP {resp.status_code}: {_short(resp)}")
            return _reply(resp, attempt)

    def _sleep(self, attempt: int, retry_after: str | None) -> None:
        delay = min(BACKOFF_MAX_S, self.backoff_base_s * 2 ** (attempt - 1))
        if retry_after:
            try:
                delay = min(BACKOFF_MAX_S, max(delay, float(retry_after)))
            except ValueError:
                pass  # an HTTP date: keep our own backoff
        time.sleep(delay)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | BaseException]]:
        """``fn(item)`` for each item on ``concurrency`` threads, yielded as they finish
        (an exception is yielded, not raised, so one failure does not stop the batch)."""
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="llm")
        futures = {pool.submit(fn, item): item for item in items}
        try:
            for future in as_completed(futures):
                exc = future.exception()
                yield futures[future], (exc if exc is not None else future.result())
        finally:
            # stopping early (a signal): queued requests are not sent, and the ones in
            # flight are not waited for (each would take up to its timeout)
            pool.shutdown(wait=False, cancel_futures=True)


def _short(resp: httpx.Response) -> str:
    return " ".join(resp.text[:200].split()) or resp.reason_phrase


def _reply(resp: httpx.Response, attempts: int) -> Reply:
    try:
        data = resp.json()
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LlmError(f"not a chat-completions answer: {_short(resp)}") from None
    usage = data.get("usage") or {}
    return Reply(
        content=content if isinstance(content, str) else "",
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        completion_tokens=int(usage.get("completion_tokens") or 0),
        attempts=attempts,
    )
