"""Plain text and Markdown, with and without YAML front matter; the text clean-up."""

from __future__ import annotations

import os
from datetime import date


def test_plain_text_file(ingest, one, src, today):
    f = src / "note.txt"
    f.write_text("The minister said enrichment will continue.\n", encoding="utf-8")
    art = one(ingest(f))
    assert art["text"] == "The minister said enrichment will continue."
    assert art["origin"] == os.path.abspath(f)
    assert art["encoding"] == "utf-8"
    assert art["article_id"].startswith("sha:") and len(art["article_id"]) == 20
    assert art["title"] is None and art["source"] is None and art["url"] is None
    assert (art["published"], art["published_source"]) == (today, "ingest")
    assert (art["language"], art["language_source"]) == ("en", "detected")


def test_markdown_front_matter_metadata(ingest, one, src):
    f = src / "a.md"
    f.write_text(
        "---\n"
        "id: fm-42\n"
        "title: Talks   resume\n"
        "source: Le Monde\n"
        "link: https://example.org/a\n"
        "lang: French\n"
        "date: 2025-04-13\n"
        "---\n"
        "# Reprise\n\nLe ministre a déclaré que l'enrichissement continuerait.\n",
        encoding="utf-8",
    )
    art = one(ingest(f))
    assert art["article_id"] == "fm-42"
    assert art["title"] == "Talks resume"
    assert art["source"] == "Le Monde"
    assert art["url"] == "https://example.org/a"
    assert (art["language"], art["language_source"]) == ("fr", "metadata")
    assert (art["published"], art["published_source"]) == (date(2025, 4, 13), "metadata")
    assert art["text"] == "# Reprise\n\nLe ministre a déclaré que l'enrichissement continuerait."
    assert "---" not in art["text"]


def test_txt_with_front_matter_and_string_date(ingest, one, src):
    f = src / "a.txt"
    f.write_text('---\ntitle: "T"\npublished: "12 April 2025"\n---\nBody text of the article.\n')
    art = one(ingest(f))
    assert art["title"] == "T"
    assert (art["published"], art["published_source"]) == (date(2025, 4, 12), "metadata")
    assert art["text"] == "Body text of the article."


def test_markdown_without_front_matter_keeps_everything(ingest, one, src):
    f = src / "plain.md"
    body = "# Heading\n\n* a list item about sanctions\n* another one"
    f.write_text(body)
    assert one(ingest(f))["text"] == body


def test_horizontal_rules_are_not_front_matter(ingest, one, src):
    f = src / "rules.md"
    body = "---\nJust a paragraph between two rules, not metadata.\n---\nMore text."
    f.write_text(body)
    assert one(ingest(f))["text"] == body


def test_broken_front_matter_is_bad_record(ingest, one_error, src):
    f = src / "broken.md"
    f.write_text("---\ntitle: [unclosed\nsource: x\n---\nText.\n")
    err = one_error(ingest(f))
    assert err["reason"] == "bad_record"
    assert "front matter" in err["detail"]
    assert err["origin"] == os.path.abspath(f) and err["line"] is None


def test_front_matter_without_body_is_no_text(ingest, one_error, src):
    f = src / "empty_body.md"
    f.write_text("---\ntitle: Only a title\n---\n\n   \n")
    assert one_error(ingest(f))["reason"] == "no_text"


def test_front_matter_with_wrong_type_is_bad_record(ingest, one_error, src):
    f = src / "wrong.md"
    f.write_text("---\ntitle:\n  - a\n  - list\n---\nText of the article.\n")
    err = one_error(ingest(f))
    assert err["reason"] == "bad_record" and "'title'" in err["detail"]


def test_clean_up_only_bom_newlines_nul_and_outer_whitespace(ingest, one, src):
    f = src / "messy.txt"
    raw = "\ufeff  \r\n  First  line,  two spaces.\r\nSecond\tline\x00 here.\rThird.  \n\n"
    f.write_bytes(raw.encode("utf-8"))
    art = one(ingest(f))
    # BOM (utf-8-sig), CRLF/CR -> LF, NUL dropped, outer whitespace stripped; inner spacing intact
    assert art["text"] == "First  line,  two spaces.\nSecond\tline here.\nThird."
    assert art["encoding"] == "utf-8-sig"


def test_whitespace_only_file_is_an_error(ingest, one_error, src):
    f = src / "blank.txt"
    f.write_text(" \n\t \r\n")
    err = one_error(ingest(f))
    assert err["reason"] == "empty"
    assert err["excerpt"] == " \\n\\t \\r\\n"
