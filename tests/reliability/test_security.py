"""Security: hostile markup through the whole pipeline into the HTML report and Data Docs,
`negotrack query` read-only, URL fetching limits, and no credentials in rows or logs.
"""

from __future__ import annotations

import json
import logging
import subprocess
import threading
import time
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from reliability.helpers import EXE

MARK = "XSSMARK"
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
DANGEROUS_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base", "meta"}


class _Scan(HTMLParser):
    """Everything executable in a page: scripts, event handlers, script URLs, frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []  # content (and src) of every <script>
        self.handlers: list[tuple[str, str, str]] = []  # (tag, on* attribute, value)
        self.script_urls: list[tuple[str, str, str]] = []
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            squashed = "".join(value.split()).lower()
            if name in URL_ATTRS and squashed.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.script_urls.append((tag, name, value))
        if tag == "script":
            self._in_script = True
            self.scripts.append(dict(attrs).get("src") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def _scan(path: Path) -> _Scan:
    s = _Scan()
    s.feed(path.read_text(encoding="utf-8"))
    s.close()
    return s


@pytest.mark.slow
def test_hostile_markup_never_becomes_executable_in_the_report_or_data_docs(pipeline_db):
    import subprocess

    from reliability.helpers import EXE

    work, db, env, res = pipeline_db
    # day by day, so that every hostile statement is a shift or a current position on the
    # page (with no --period the span of this data picks months, whose quotes differ)
    rep = subprocess.run([str(EXE), "report", "--period", "day", "-f", "html"], env=env, cwd=work,
                         capture_output=True, text=True, timeout=300)
    assert rep.returncode == 0, rep.stderr[-3000:]
    report = work / "reports" / "latest.html"
    page = _scan(report)
    # The hostile articles are in the report, shown as text ...
    shown = "".join(page.text)
    for what in ("title", "source", "evidence", "img", "href"):
        assert f"{MARK}-{what}" in shown, f"the {what} payload is not in the report: the probe proves nothing"
    # ... and nothing of them executes. The report ships no script and no handler of its own.
    assert page.scripts == [], page.scripts
    assert page.handlers == [], page.handlers
    assert page.script_urls == [], page.script_urls
    assert not [t for t, _ in page.tags if t in DANGEROUS_TAGS - {"meta"}]
    metas = [dict(a) for t, a in page.tags if t == "meta"]
    assert not [m for m in metas if (m.get("http-equiv") or "").lower() == "refresh" or MARK in str(m)], metas
    for tag, attrs in page.tags:  # e.g. the hostile url must not break out of an attribute
        for name, value in attrs:
            assert MARK not in name, (tag, name)
            if name == "href" and value and MARK in value:
                assert value.startswith("https://evil.example/"), (tag, name, value)

    # Data Docs (Great Expectations) ship their own scripts; none may carry article content.
    docs = list((work / ".negotrack" / "data_docs").rglob("*.html"))
    assert docs, "no Data Docs were written"
    seen_in_docs = False
    for path in docs:
        page = _scan(path)
        assert not [s for s in page.scripts if MARK in s], path
        assert not [h for h in page.handlers if MARK in h[2]], path
        assert not [u for u in page.script_urls if MARK in u[2]], path
        assert not [t for t, a in page.tags if t in DANGEROUS_TAGS and MARK in str(a)], path
        seen_in_docs |= MARK in "".join(page.text)
    assert seen_in_docs, "the quarantined javascript: URL should show (as text) in Data Docs"


@pytest.mark.slow
def test_query_is_read_only_and_reads_no_files_unless_write(pipeline_db, tmp_path):
    work, db, env, _ = pipeline_db
    copy = tmp_path / "q.duckdb"
    copy.write_bytes(db.read_bytes())
    env = {**env, "NEGOTRACK_DB": str(copy)}
    outside = tmp_path / "exported.csv"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET\n")

    def q(*args):
        return subprocess.run([str(EXE), "query", *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)

    for sql in ("DELETE FROM statements", "DROP TABLE articles", "UPDATE runs SET status = 'x'",
                "CREATE TABLE evil AS SELECT 1", "INSERT INTO articles SELECT * FROM articles"):
        res = q(sql)
        assert res.returncode == 1 and "--write" in res.stderr, (sql, res.stderr)
    for sql in (f"COPY articles TO '{outside}'", f"SELECT * FROM read_csv('{secret}')",
                f"ATTACH '{tmp_path / 'other.duckdb'}' AS other", "INSTALL httpfs"):
        res = q(sql)
        assert res.returncode == 1, (sql, res.stdout)
        assert "TOP-SECRET" not in res.stdout and "--write" in res.stderr, (sql, res.stderr)
    assert not outside.exists() and not (tmp_path / "other.duckdb").exists()
    res = q("SELECT count(*) AS n FROM statements", "--format", "csv")
    assert res.returncode == 0 and int(res.stdout.splitlines()[1]) > 0
    # --write is the deliberate way to change things
    res = q("CREATE TABLE notes AS SELECT 1 AS x", "--write")
    assert res.returncode == 0, res.stderr


# --------------------------------------------------------------------------- fetching


_BOMB: list[bytes] = []


def _bomb() -> bytes:
    if not _BOMB:
        import gzip
        import io

        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
            block = b"Iran " * 200_000  # 1 MB
            for _ in range(300):
                gz.write(block)
        _BOMB.append(buf.getvalue())
    return _BOMB[0]


class _Handler(BaseHTTPRequestHandler):
    ARTICLE = (b"<!doctype html><html lang='en'><head><title>Feed article</title></head><body><article>"
               b"<p>Iran's foreign minister said enrichment is a non-negotiable right.</p></article></body></html>")

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.split("?", 1)[0]
        if path == "/article":
            self._send(200, self.ARTICLE, "text/html")
        elif path == "/article-gz":
            import gzip

            body = gzip.compress(self.ARTICLE)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/slow":  # no answer within the timeout
            time.sleep(4)
            self._send(200, self.ARTICLE, "text/html")
        elif path == "/trickle":  # answers at once, then one byte every 0.2 s for ever
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
        elif path == "/declared-huge":  # says 10 GB up front
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(10 * 1024**3))
            self.end_headers()
            try:
                self.wfile.write(b"x" * 65536)
            except OSError:
                pass
        elif path == "/endless":  # no Content-Length, streams without end
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            chunk = b"Iran " * 13107
            try:
                for _ in range(2000):  # up to ~130 MB if nobody stops reading
                    self.wfile.write(chunk)
            except OSError:
                pass
        elif path == "/gzip-bomb":  # 300 KB on the wire, 300 MB once decompressed
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(_bomb())))
            self.end_headers()
            try:
                self.wfile.write(_bomb())
            except OSError:
                pass
        elif path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, code, body, ctype):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _read(urls, **limits):
    from negotrack.config import Settings
    from negotrack.ingest import read_sources

    settings = Settings(db="unused.duckdb", **limits)
    t0 = time.monotonic()
    batch = read_sources(urls, settings)
    assert batch.inputs == batch.articles.height + batch.errors.height
    return batch, time.monotonic() - t0


def test_only_http_urls_are_fetched(server):
    batch, _ = _read(["file:///etc/passwd", "ftp://user:pw@ftp.example/x.xml", "gopher://x/", f"{server}/to-file"])
    assert batch.articles.height == 0
    rows = batch.errors.to_dicts()
    assert [r["reason"] for r in rows] == ["unsupported", "unsupported", "unsupported", "fetch_failed"]
    assert "root:" not in json.dumps(rows)  # the redirect to file:// was not followed
    assert "pw@" not in json.dumps(rows)


def test_plain_and_compressed_pages_are_read(server):
    batch, _ = _read([f"{server}/article", f"{server}/article-gz"])
    assert batch.errors.height == 0 and batch.articles.height == 2
    assert len(set(batch.articles["text"])) == 1 and "enrichment" in batch.articles["text"][0]


def test_a_server_that_does_not_answer_times_out(server):
    batch, took = _read([f"{server}/slow"], fetch_timeout_s=1.0)
    (row,) = batch.errors.to_dicts()
    assert row["reason"] == "fetch_failed" and "NEGOTRACK_FETCH_TIMEOUT_S" in row["detail"]
    assert took < 3.5


def test_a_server_that_trickles_is_cut_at_the_timeout(server):
    batch, took = _read([f"{server}/trickle"], fetch_timeout_s=1.0)
    (row,) = batch.errors.to_dicts()
    assert row["reason"] == "fetch_failed" and "whole response within" in row["detail"]
    assert took < 3.5


@pytest.mark.parametrize("path", ["/declared-huge", "/endless", "/gzip-bomb"])
def test_an_oversized_body_is_cut(server, path):
    import tracemalloc

    _bomb()  # built before measuring (the test server runs in this process)
    _read([f"{server}/article"])  # imports and first-use caches, before measuring
    tracemalloc.start()
    try:
        batch, took = _read([f"{server}{path}"], fetch_max_bytes=1024 * 1024, fetch_timeout_s=20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (row,) = batch.errors.to_dicts()
    assert row["reason"] == "too_large" and "NEGOTRACK_FETCH_MAX_BYTES" in row["detail"]
    assert peak < 16 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB for a 1 MB limit"
    assert took < 10


def test_credentials_in_urls_stay_out_of_rows_runs_and_logs(server, tmp_path, caplog):
    from negotrack import runs, store
    from negotrack.config import Settings
    from negotrack.ingest import read_sources
    from negotrack.ingest.load import store_batch

    host = server.split("://", 1)[1]
    secrets = ["hunter2", "tok-123456", "key-abcdef", "sig-999"]
    urls = [
        f"http://analyst:hunter2@{host}/article?token=tok-123456&page=2",
        f"http://analyst:hunter2@{host}/missing?api_key=key-abcdef",
        f"ftp://analyst:hunter2@{host}/feed.xml?X-Amz-Signature=sig-999",
        "http://[::1/broken?token=tok-123456",
    ]
    settings = Settings(db=tmp_path / "s.duckdb", data_dir=tmp_path / "data")
    caplog.set_level(logging.DEBUG)
    with runs.tracked_run(settings, "run-secret", "test", {"sources": urls}) as summary:
        batch = read_sources(urls, settings)
        with store.connect(settings) as con:
            counts = store_batch(con, batch, "run-secret")
        summary.inputs, summary.articles_new, summary.ingest_errors = batch.inputs, counts.new, counts.errors
    assert batch.articles.height == 1 and batch.errors.height == 3
    con = duckdb.connect(str(settings.db), read_only=True)
    try:
        dump = json.dumps(
            [con.execute(f"SELECT * FROM {t}").fetchall() for t in ("articles", "ingest_errors", "runs")],
            default=str,
        )
        origin = con.execute("SELECT origin FROM articles").fetchall()[0][0]
    finally:
        con.close()
    assert "REDACTED" in origin and "page=2" in origin  # still says where it came from
    for secret in secrets:
        assert secret not in dump, f"{secret} stored"
        assert secret not in caplog.text, f"{secret} logged"
