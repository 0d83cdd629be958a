"""Sources: folders, explicit files, missing paths, URL schemes, limits, progress, imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT as PROJECT_ROOT
from negotrack.ingest import list_inputs, read_sources


def _tree(src: Path) -> None:
    (src / "ar").mkdir()
    (src / "ar" / "deep").mkdir()
    (src / ".hidden").mkdir()
    (src / "a.txt").write_text("English text one about talks.")
    (src / "ar" / "b.md").write_text("---\ntitle: B\n---\nنص عربي عن المحادثات.")
    (src / "ar" / "deep" / "c.html").write_text("<html><body><p>Texte français sur les pourparlers.</p></body></html>")
    (src / "d.jsonl").write_text(json.dumps({"id": "d1", "text": "JSONL one."}) + "\n" + json.dumps({"id": "d2", "text": "JSONL two."}))
    (src / "e.JSON").write_text(json.dumps({"id": "e1", "text": "Upper-case extension."}))
    (src / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    (src / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(50))
    (src / "README").write_text("no extension: not an article in a folder")
    (src / ".hidden" / "x.txt").write_text("hidden folder file")
    (src / ".y.txt").write_text("hidden file")


def test_folder_is_read_recursively_known_extensions_only(ingest, src):
    _tree(src)
    batch = ingest(src)
    origins = sorted(o.split("#")[0][len(str(src)) + 1 :] for o in batch.articles["origin"])
    assert origins == ["a.txt", "ar/b.md", "ar/deep/c.html", "d.jsonl", "d.jsonl", "e.JSON"]
    # a Word file is a known kind: the broken one is an error row, never skipped in silence
    assert [Path(o).name for o in batch.errors["origin"]] == ["notes.docx"]
    assert batch.inputs == 7


def test_progress_counts_inputs(cfg, src):
    _tree(src)
    seen: list[int] = []
    read_sources([src, src / "a.txt"], cfg, progress=seen.append)
    total = len(list_inputs([src, src / "a.txt"]))
    assert total == 7
    assert seen == list(range(1, total + 1))


def test_missing_path_is_unreadable(ingest, one_error, tmp_path):
    err = one_error(ingest(tmp_path / "nope.txt"))
    assert err["reason"] == "unreadable"
    assert err["origin"] == os.path.abspath(tmp_path / "nope.txt")
    assert "No such file" in err["detail"]


def test_explicit_unknown_extension_tried_as_text(ingest, one, src):
    f = src / "README"
    f.write_text("A plain text article without an extension.")
    assert one(ingest(f))["text"] == "A plain text article without an extension."


def test_explicit_unknown_extension_binary_is_unsupported(ingest, one_error, src):
    f = src / "notes.xlsx"
    f.write_bytes(b"PK\x03\x04" + bytes(50))
    err = one_error(ingest(f))
    assert err["reason"] == "unsupported" and "ZIP" in err["detail"]


def test_explicit_unknown_extension_html_is_sniffed(ingest, one, src):
    f = src / "page.php"
    f.write_text("<!DOCTYPE html><html><head><title>Sniffed</title></head><body><p>Body text of a sniffed page.</p></body></html>")
    art = one(ingest(f))
    assert art["text"] == "Body text of a sniffed page." and art["title"] == "Sniffed"


@pytest.mark.parametrize("url", ["ftp://example.com/feed.xml", "file:///etc/passwd", "javascript://x"])
def test_non_http_schemes_are_unsupported(ingest, one_error, url):
    err = one_error(ingest(url))
    assert err["reason"] == "unsupported" and err["origin"] == url


def test_file_over_max_file_bytes(ingest, one_error, src, cfg):
    f = src / "big.txt"
    f.write_text("x" * 2000)
    err = one_error(ingest(f, settings=cfg.model_copy(update={"max_file_bytes": 1000})))
    assert err["reason"] == "too_large" and "2,000" in err["detail"]


def test_text_over_max_article_chars(ingest, src, cfg):
    f = src / "long.jsonl"
    f.write_text(json.dumps({"id": "s", "text": "short text"}) + "\n" + json.dumps({"id": "l", "text": "y" * 500}))
    batch = ingest(f, settings=cfg.model_copy(update={"max_article_chars": 100}))
    assert batch.articles["article_id"].to_list() == ["s"]
    assert batch.errors.select("reason", "line").rows() == [("too_large", 2)]


def test_several_sources_and_duplicates_are_all_inputs(ingest, src):
    f = src / "a.txt"
    f.write_text("Same text twice.")
    batch = ingest(f, str(f))
    assert batch.inputs == 2 and batch.articles.height == 2  # de-duplication happens when storing


def test_programmer_errors_raise(cfg, src):
    with pytest.raises(TypeError):
        read_sources(str(src), cfg)  # a single path, not a sequence
    with pytest.raises(TypeError):
        read_sources([42], cfg)


def test_import_is_light():
    code = (
        "import sys, negotrack.ingest, negotrack.ingest.load\n"
        "heavy = [m for m in ('trafilatura', 'feedparser', 'httpx', 'py3langid', 'charset_normalizer', 'frontmatter')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
