"""http(s) sources, served by a local http.server on 127.0.0.1 that stops after the test."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local Wire</title><language>en</language>
<item><guid>local-1</guid><title>First</title><link>http://127.0.0.1/1</link>
<pubDate>Mon, 14 Apr 2025 09:00:00 GMT</pubDate><description>The first local item text.</description></item>
<item><guid>local-2</guid><title>Second</title><description>&lt;p&gt;The second local item.&lt;/p&gt;</description></item>
</channel></rss>"""

PAGE = (
    "<html lang='ar'><head><title>صفحة</title><meta name='date' content='2025-04-15'></head>"
    "<body><article><p>قال المتحدث إن المحادثات ستستأنف الأسبوع المقبل في مسقط.</p></article></body></html>"
).encode("utf-8")

ROUTES = {
    "/feed": (200, "application/rss+xml", RSS),
    "/feed-as-xml": (200, "text/xml", RSS),
    "/page": (200, "text/html; charset=utf-8", PAGE),
    "/big": (200, "text/plain", b"x" * 5000),
    "/text": (200, "text/plain; charset=utf-8", "A plain text article served over HTTP.".encode()),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/feed")
            self.end_headers()
            return
        status, ctype, body = ROUTES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def local_cfg(cfg, monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    return cfg.model_copy(update={"fetch_timeout_s": 0.5})


@pytest.mark.parametrize("path", ["/feed", "/feed-as-xml", "/redirect"])
def test_feed_over_http(ingest, server, local_cfg, path):
    url = server + path
    batch = ingest(url, settings=local_cfg)
    assert batch.errors.height == 0, batch.errors.to_dicts()
    assert batch.articles["article_id"].to_list() == ["local-1", "local-2"]
    assert batch.articles["origin"].to_list() == [f"{url}#item=1", f"{url}#item=2"]
    assert batch.articles["text"].to_list() == ["The first local item text.", "The second local item."]
    assert batch.articles["source"].to_list() == ["Local Wire", "Local Wire"]


def test_html_page_over_http(ingest, one, server, local_cfg):
    url = server + "/page"
    art = one(ingest(url, settings=local_cfg))
    assert art["origin"] == url
    assert art["url"] == url
    assert art["title"] == "صفحة"
    assert (art["language"], art["language_source"]) == ("ar", "metadata")
    assert art["published"].isoformat() == "2025-04-15"
    assert "المحادثات ستستأنف" in art["text"]


def test_text_over_http(ingest, one, server, local_cfg):
    assert one(ingest(server + "/text", settings=local_cfg))["text"] == "A plain text article served over HTTP."


def test_http_errors_become_rows(ingest, server, local_cfg):
    batch = ingest(server + "/missing", server + "/slow", server + "/big", server + "/feed",
                   settings=local_cfg.model_copy(update={"fetch_max_bytes": 1000}))
    reasons = dict(zip(batch.errors["origin"], batch.errors["reason"]))
    assert reasons == {
        server + "/missing": "fetch_failed",
        server + "/slow": "fetch_failed",
        server + "/big": "too_large",
    }
    assert "404" in batch.errors.filter(batch.errors["origin"] == server + "/missing")["detail"][0]
    assert batch.articles.height == 2  # the feed still lands


def test_unreachable_host(ingest, one_error, local_cfg):
    # port 9 on localhost: nothing listens, connection refused at once
    err = one_error(ingest("http://127.0.0.1:9/feed", settings=local_cfg))
    assert err["reason"] == "fetch_failed"


@pytest.mark.parametrize("mode", ["headers", "body"])
def test_a_trickling_server_is_cut_off_by_the_fetch_timeout(ingest, one_error, cfg, monkeypatch, mode):
    """NEGOTRACK_FETCH_TIMEOUT_S bounds the whole fetch: a server sending one byte a second
    (its headers, or its body) never trips a per-read timeout, yet the fetch ends with a
    timeout error row, and the server sees the client hang up (not its own 60 s give-up)."""
    from reliability.helpers import TrickleServer

    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    with TrickleServer(mode, give_up_s=60) as server:
        err = one_error(ingest(server.url, settings=cfg.model_copy(update={"fetch_timeout_s": 3.0})))
        deadline = time.monotonic() + 10
        while not server.abandoned and time.monotonic() < deadline:
            time.sleep(0.05)  # the server notices the hang-up at its next byte
        assert (server.connections, server.abandoned, server.gave_up) == (1, 1, 0)
    assert err["reason"] == "fetch_failed"
    assert "NEGOTRACK_FETCH_TIMEOUT_S" in err["detail"] and "whole response" in err["detail"]
