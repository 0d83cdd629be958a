"""Hostile and broken input at ingest: read_sources + store_batch must never crash, every
input must end as exactly one article or one error row with a reason, and the limits
(NEGOTRACK_MAX_FILE_BYTES, _MAX_ARTICLE_CHARS, _MAX_FEED_ENTRIES) must hold without
reading an oversized file into memory.

Hypothesis is bounded (max_examples, derandomize) so that the file runs in CI in well
under a minute; every article that comes out also goes through the extractor, whose
evidence must stay verbatim.
"""

from __future__ import annotations

import json
import os
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from reliability.helpers import CUES, HOSTILE_CHARS

REASONS = {"empty", "binary", "undecodable", "broken_json", "bad_record", "no_text", "too_large",
           "unsupported", "fetch_failed", "unreadable"}
LIMITS = dict(max_file_bytes=256 * 1024, max_article_chars=40_000, max_feed_entries=40)
FUZZ = settings(max_examples=350, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

hostile_text = st.lists(
    st.one_of(
        st.sampled_from(CUES),
        st.text(alphabet=st.sampled_from(HOSTILE_CHARS), max_size=12),
        st.text(max_size=40),  # any Unicode (no surrogates)
    ),
    max_size=8,
).map(" ".join)


def _json_value(leaf):
    return st.recursive(
        leaf,
        lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)),
        max_leaves=12,
    )


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text)
field_value = st.one_of(json_leaf, _json_value(json_leaf))
record = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=30), st.integers(), field_value),
        "text": st.one_of(hostile_text, field_value),
        "body": field_value,
        "title": st.one_of(hostile_text, field_value),
        "url": st.one_of(st.just("javascript:alert(1)"), st.text(max_size=30), field_value),
        "language": st.one_of(st.sampled_from(["en", "ar", "fr", "Arabic", "xx-YY", "", "العربية"]), field_value),
        "published": st.one_of(st.sampled_from(["2025-04-12", "9999-99-99", "12/31/1899", "", "yesterday"]),
                               st.integers(), st.floats(), field_value),
    },
)


def _json_text(value, ascii_only: bool = False) -> str:
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=True)


@st.composite
def html_doc(draw) -> str:
    tags = ["div", "p", "span", "article", "script", "style", "table", "td", "svg", "math", "template",
            "iframe", "head", "body", "html", "title", "a", "b", "br", "img", "!--", "![CDATA["]
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 5))
        tag = draw(st.sampled_from(tags))
        if kind == 0:
            parts.append(f"<{tag} {draw(st.text(max_size=15))}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(hostile_text))
        elif kind == 3:
            parts.append(draw(st.sampled_from(["&#xD800;", "&#0;", "&#x110000;", "&amp", "&nbsp;", "&#9999999999;", "<", ">", "<!", "<?xml"])))
        elif kind == 4:
            depth = draw(st.integers(1, 3000))
            parts.append(f"<{tag}>" * depth)
        else:
            parts.append(draw(st.sampled_from(CUES)))
    head = draw(st.sampled_from(["", "<!doctype html>", "<html lang='ar'>", "<?xml version='1.0'?>", "<html><head><meta charset='cp1256'>"]))
    return head + "".join(parts)


@st.composite
def feed_doc(draw) -> str:
    n = draw(st.integers(0, 60))
    items = []
    for i in range(n):
        title = draw(st.one_of(st.just(""), hostile_text)).replace("]]>", "")
        body = draw(st.one_of(st.just(""), hostile_text, html_doc())).replace("]]>", "")
        guid = draw(st.one_of(st.just(f"g{i}"), st.just("dup"), st.just("")))
        items.append(f"<item><title><![CDATA[{title}]]></title><guid>{guid}</guid>"
                     f"<pubDate>{draw(st.sampled_from(['Sat, 12 Apr 2025 10:00:00 GMT', 'garbage', '']))}</pubDate>"
                     f"<description><![CDATA[{body}]]></description></item>")
    kind = draw(st.sampled_from(["rss", "atom", "broken"]))
    if kind == "rss":
        return f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{''.join(items)}</channel></rss>"
    if kind == "atom":
        return "<feed xmlns='http://www.w3.org/2005/Atom'>" + "".join(i.replace("item>", "entry>") for i in items)
    return "<rss><channel>" + "".join(items)[: draw(st.integers(0, 400))]


@st.composite
def encoded(draw, text_strategy) -> bytes:
    """Text in a random encoding, possibly mixed with others and truncated mid-character."""
    chunks = []
    for _ in range(draw(st.integers(1, 3))):
        text = draw(text_strategy)
        enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256", "iso8859-6",
                                    "latin-1", "cp1252", "shift_jis", "koi8-r"]))
        chunks.append(text.encode(enc, errors="replace"))
    data = b"".join(chunks)
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]  # truncated, e.g. inside a UTF-8 sequence
    return data


@st.composite
def hostile_file(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["bytes", "txt", "md", "html", "json", "jsonl", "feed", "giant_line"]))
    if kind == "bytes":
        ext = draw(st.sampled_from([".txt", ".json", ".jsonl", ".html", ".xml", ".md"]))
        return ext, draw(st.binary(max_size=3000))
    if kind == "txt":
        return ".txt", draw(encoded(hostile_text))
    if kind == "md":
        meta = draw(st.one_of(
            st.text(max_size=80),
            st.builds(lambda r: "\n".join(f"{k}: {json.dumps(v, default=str)}" for k, v in r.items()), record),
            st.sampled_from(["title: !!python/object/apply:os.system ['true']", "a: &a [1]\nb: [*a, *a]\ntitle: *b",
                             ": : :", "title: [unclosed"]),
        ))
        return ".md", f"---\n{meta}\n---\n{draw(hostile_text)}".encode("utf-8", errors="surrogatepass")
    if kind == "html":
        return ".html", draw(encoded(html_doc()))
    if kind == "json":
        value = draw(st.one_of(record, st.lists(record, max_size=6), field_value))
        text = _json_text(value, draw(st.booleans()))
        if draw(st.booleans()):
            text = text.replace('"text": "', '"text": "\\ud800', 1)  # a lone surrogate escape
        if draw(st.booleans()):
            text = text[: draw(st.integers(0, len(text)))]
        return ".json", text.encode()
    if kind == "jsonl":
        lines = [_json_text(r) for r in draw(st.lists(record, max_size=8))]
        lines += draw(st.lists(st.sampled_from(["", "{", "[1,2]", "null", '{"text": 5}', "\x00\x01"]), max_size=3))
        return ".jsonl", draw(encoded(st.just("\n".join(lines)))) if draw(st.booleans()) else "\n".join(lines).encode()
    if kind == "feed":
        return draw(st.sampled_from([".xml", ".rss", ".atom"])), draw(encoded(feed_doc()))
    size = draw(st.sampled_from([50_000, 200_000, 300_000]))  # below / above the char and byte limits
    return ".txt", ((draw(st.sampled_from(CUES)) + " ") * (size // 80) + "x" * (size % 80)).encode()


@pytest.fixture(scope="module")
def store_con(tmp_path_factory):
    from negotrack import store
    from negotrack.config import Settings

    s = Settings(db=tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")
    with store.connect(s) as con:
        yield con


@pytest.fixture(scope="module")
def codebook():
    from negotrack.codebook import load_codebook

    return load_codebook()


TRIED = {"files": 0, "articles": 0, "errors": 0, "statements": 0}


def _check_batch(batch, files: list[Path], limits: dict) -> None:
    assert batch.inputs == batch.articles.height + batch.errors.height
    assert batch.inputs >= len(files)  # every file is at least one input
    origins = {os.path.abspath(f) for f in files}
    for r in batch.errors.iter_rows(named=True):
        assert r["reason"] in REASONS, r
        assert r["detail"] and r["detail"].strip(), r
        assert r["origin"] in origins or any(r["origin"].startswith(o) for o in origins), r
        assert r["line"] is None or r["line"] >= 1
    for r in batch.articles.iter_rows(named=True):
        assert r["article_id"] and r["text"] and r["text"] == r["text"].strip()
        assert len(r["text"]) <= limits["max_article_chars"]
        assert "\x00" not in r["text"]
        assert r["language"] and r["published"] is not None and r["content_hash"]


def _check_extraction(batch, codebook) -> None:
    from negotrack.extract.batch import STATEMENT_COLUMNS, extract_rows

    for row in batch.articles.select("article_id", "text", "language", "published").iter_rows():
        text = row[1]  # ids may repeat within a batch (store_batch keeps the first): one by one
        for st_row in extract_rows([row], codebook):
            s = dict(zip(STATEMENT_COLUMNS, st_row))
            assert 0 <= s["char_start"] < s["char_end"] <= len(text), s
            assert text[s["char_start"] : s["char_end"]] == s["evidence"], s
            TRIED["statements"] += 1


@FUZZ
@given(files=st.lists(hostile_file(), min_size=1, max_size=4))
def test_hostile_files_never_crash_ingest_and_every_input_is_accounted_for(files, store_con, codebook):
    from negotrack.config import Settings
    from negotrack.ingest import read_sources
    from negotrack.ingest.load import store_batch

    settings = Settings(db="unused.duckdb", **LIMITS)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (ext, data) in enumerate(files):
            name = ["plain", "sp ace", "ünï\u202ecod", "-dash", "x" * 100][i % 5]
            p = Path(tmp) / f"{name}{i}{ext}"
            p.write_bytes(data)
            paths.append(p)
        batch = read_sources([tmp], settings)
    _check_batch(batch, paths, LIMITS)
    counts = store_batch(store_con, batch, "fuzz-run")
    assert counts.new + counts.known == batch.articles.height and counts.errors == batch.errors.height
    _check_extraction(batch, codebook)
    TRIED["files"] += len(files)
    TRIED["articles"] += batch.articles.height
    TRIED["errors"] += batch.errors.height


def test_fuzz_stored_everything_it_counted(store_con):
    """After the fuzzing above: the database holds what the batches said (nothing lost)."""
    n_errors = store_con.execute("SELECT count(*) FROM ingest_errors").fetchall()[0][0]
    n_articles = store_con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchall()[0]
    assert n_errors == TRIED["errors"]
    assert n_articles[0] == n_articles[1] <= TRIED["articles"]
    print(f"fuzz: {TRIED['files']} hostile files -> {TRIED['articles']} articles, "
          f"{TRIED['errors']} error rows, {TRIED['statements']} statements checked verbatim")


def test_a_100_mb_file_is_rejected_without_reading_it(tmp_path):
    from negotrack.config import Settings
    from negotrack.ingest import read_sources

    big = tmp_path / "huge.jsonl"
    line = (json.dumps({"text": "Iran insists on enrichment. " * 30}) + "\n").encode()
    with big.open("wb") as fh:
        for _ in range(100 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size >= 100 * 1024 * 1024
    tracemalloc.start()
    try:
        batch = read_sources([big], Settings(db="unused.duckdb"))  # default limit: 50 MiB
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert batch.inputs == 1 and batch.articles.height == 0
    (row,) = batch.errors.to_dicts()
    assert row["reason"] == "too_large" and "NEGOTRACK_MAX_FILE_BYTES" in row["detail"]
    assert row["excerpt"].startswith('{"text": "Iran insists')
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB while rejecting a 100 MB file"
    # the limit is configurable: a lower one rejects a small file
    small = tmp_path / "small.txt"
    small.write_text("Iran insists on enrichment. " * 100)
    batch = read_sources([small], Settings(db="unused.duckdb", max_file_bytes=1000))
    assert batch.errors.to_dicts()[0]["reason"] == "too_large"


def test_a_giant_single_line_is_one_error_not_a_crash(tmp_path):
    from negotrack.config import Settings
    from negotrack.ingest import read_sources

    giant = tmp_path / "giant.txt"
    giant.write_text("Iran insists on enrichment\u200f\u202e and sanctions. " * 600_000)  # ~30 MB, one line
    batch = read_sources([giant], Settings(db="unused.duckdb"))
    (row,) = batch.errors.to_dicts()
    assert row["reason"] == "too_large" and "NEGOTRACK_MAX_ARTICLE_CHARS" in row["detail"]


def test_a_feed_with_thousands_of_entries_is_read_up_to_the_limit(tmp_path, store_con):
    from negotrack.config import Settings
    from negotrack.ingest import read_sources
    from negotrack.ingest.load import store_batch

    items = "".join(
        f"<item><title>Entry {i} \u202e</title><guid>thousands-{i}</guid><pubDate>Sat, 12 Apr 2025 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Tehran demands that sanctions be lifted, item {i}.&lt;/p&gt;</description></item>"
        for i in range(3000)
    )
    feed = tmp_path / "big.rss"
    feed.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Big</title>{items}</channel></rss>")
    batch = read_sources([feed], Settings(db="unused.duckdb", max_feed_entries=1000))
    assert batch.articles.height == 1000 and batch.inputs == 1001
    (row,) = batch.errors.to_dicts()
    assert row["reason"] == "too_large" and "NEGOTRACK_MAX_FEED_ENTRIES" in row["detail"] and "3,000" in row["detail"]
    counts = store_batch(store_con, batch, "feed-run")
    assert counts.new == 1000 and counts.errors == 1
    TRIED["files"] += 1
    TRIED["articles"] += 1000
    TRIED["errors"] += 1


@pytest.mark.parametrize("case", ["surrogate_file_name", "surrogate_json_escape", "malformed_url"])
def test_inputs_that_used_to_crash_the_whole_batch(tmp_path, case):
    """Found by this suite: each of these once raised out of read_sources (the whole batch lost)."""
    from negotrack.config import Settings
    from negotrack.ingest import read_sources

    ok = tmp_path / "ok.txt"
    ok.write_text("Tehran demands that economic sanctions be lifted before any other step.")
    if case == "surrogate_file_name":  # not UTF-8: os.walk returns it with surrogates
        with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as fh:
            fh.write(b"Iran insists on enrichment.")
        sources = [tmp_path]
    elif case == "surrogate_json_escape":
        (tmp_path / "s.jsonl").write_text('{"id": "s1", "text": "Iran \\ud800 insists"}\n{"id": "s2", "text": "Iran insists."}\n')
        sources = [tmp_path]
    else:
        sources = [ok, "http://[::1/feed?token=abc"]
    batch = read_sources(sources, Settings(db="unused.duckdb"))
    assert batch.inputs == batch.articles.height + batch.errors.height
    assert batch.articles.height >= 1
    if case == "surrogate_file_name":
        assert batch.articles.height == 2 and any("caf\\xe9.txt" in o for o in batch.articles["origin"])
    elif case == "surrogate_json_escape":
        ids = set(batch.articles["article_id"])
        assert "s2" in ids and "s1" not in ids  # the good line survives, the bad one is an error
        (row,) = batch.errors.to_dicts()
        assert row["reason"] == "undecodable" and row["line"] == 1
    else:
        (row,) = batch.errors.to_dicts()
        assert row["reason"] == "fetch_failed" and "abc" not in row["origin"]
