"""A real local stub of the OpenAI chat-completions API, for the llm extractor's tests.

A ``ThreadingHTTPServer`` on 127.0.0.1 in a thread, answering ``POST /v1/chat/completions``
with canned answers chosen by a substring of the article in the user message:

    stub.on("Witkoff told reporters", positions=[{...}])     # well-formed answer
    stub.on("snapback", raw="{not json")                     # malformed JSON
    stub.on("Khamenei", positions=[...], fail_first=1)        # 429 once, then the answer
    stub.on("tariffs", positions=[...], delay_s=3)            # slower than the client's timeout

It counts requests (``stub.requests``, per key in ``stub.hits``) and keeps every
request's headers and body, so tests can see what the client sent.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Canned:
    positions: list[dict] | None = None
    raw: str | None = None  # content sent as is (malformed JSON)
    fail_first: int = 0  # answer this many requests with `fail_status` first
    fail_status: int = 429
    delay_s: float = 0.0  # sleep before answering, every time (a timeout)
    delay_first: int | None = None  # only the first N requests are slow
    seen: int = 0


@dataclass
class Stub:
    rules: dict[str, Canned] = field(default_factory=dict)
    requests: int = 0
    hits: dict[str, int] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0  # most requests being answered at once
    reject_schema: bool = False  # answer 400 to response_format json_schema (old servers)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    def on(self, marker: str, **kw: Any) -> None:
        self.rules[marker] = Canned(**kw)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def answer(self, headers: dict[str, str], body: dict[str, Any]) -> tuple[int, dict[str, Any], float]:
        user = next((m["content"] for m in body.get("messages", []) if m.get("role") == "user"), "")
        with self.lock:
            self.requests += 1
            self.log.append({"headers": headers, "body": body})
            fmt = (body.get("response_format") or {}).get("type")
            if self.reject_schema and fmt == "json_schema":
                return 400, {"error": {"message": "response_format json_schema is not supported"}}, 0.0
            marker = next((k for k in self.rules if k in user), None)
            self.hits[marker] = self.hits.get(marker, 0) + 1
            canned = self.rules.get(marker) or Canned(positions=[])
            canned.seen += 1
            if canned.seen <= canned.fail_first:
                return canned.fail_status, {"error": {"message": "slow down"}}, 0.0
            slow = canned.delay_first is None or canned.seen <= canned.delay_first
            delay = canned.delay_s if slow else 0.0
        content = canned.raw if canned.raw is not None else json.dumps({"positions": canned.positions},
                                                                       ensure_ascii=False)
        reply = {
            "id": "stub", "object": "chat.completion", "model": body.get("model"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
        }
        return 200, reply, delay


def _handler(stub: Stub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path.rstrip("/") != "/v1/chat/completions":
                status, reply, delay = 404, {"error": {"message": "not found"}}, 0.0
            else:
                status, reply, delay = stub.answer(dict(self.headers), body)
            with stub.lock:
                stub.in_flight += 1
                stub.max_in_flight = max(stub.max_in_flight, stub.in_flight)
            time.sleep(delay or 0.05)  # every answer takes a moment, so concurrent requests overlap
            with stub.lock:
                stub.in_flight -= 1
            data = json.dumps(reply).encode()
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout): expected in the timeout tests

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


def start_stub(host: str = "127.0.0.1", port: int = 0) -> Stub:
    stub = Stub()
    stub.server = ThreadingHTTPServer((host, port), _handler(stub))
    stub.server.daemon_threads = True
    threading.Thread(target=stub.server.serve_forever, name="llm-stub", daemon=True).start()
    return stub


def stop_stub(stub: Stub) -> None:
    stub.server.shutdown()
    stub.server.server_close()


if __name__ == "__main__":  # a stub for trying the CLI by hand: python tests/llm_stub.py
    s = start_stub(port=8765)
    print(f"NEGOTRACK_LLM_BASE_URL={s.base_url}")
    threading.Event().wait()
