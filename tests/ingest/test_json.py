"""JSON (object or list) and JSON Lines: fields, types, ids, broken lines."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date

import pytest


def _write_json(path, obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


def test_json_object_with_all_fields(ingest, one, src):
    f = src / "one.json"
    _write_json(
        f,
        {
            "id": "dev-ar-001",
            "title": "عنوان الخبر",
            "source": "موقع إخباري",
            "url": "https://example.net/ar/1",
            "language": "ar-SA",
            "published": "2025-04-13T10:20:00Z",
            "text": "قال الوزير إن التخصيب سيستمر.",
        },
    )
    art = one(ingest(f))
    assert art["article_id"] == "dev-ar-001"
    assert (art["title"], art["source"], art["url"]) == ("عنوان الخبر", "موقع إخباري", "https://example.net/ar/1")
    assert (art["language"], art["language_source"]) == ("ar", "metadata")
    assert (art["published"], art["published_source"]) == (date(2025, 4, 13), "metadata")
    assert art["origin"] == os.path.abspath(f)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"id": 1, "link": "https://e.x/1", "lang": "en", "date": "2025-03-02", "body": "Body field text."},
         {"url": "https://e.x/1", "language": "en", "published": date(2025, 3, 2), "text": "Body field text."}),
        ({"id": 2, "published_at": "2025-03-03", "content": "Content field text.", "language": "English"},
         {"published": date(2025, 3, 3), "text": "Content field text.", "language": "en"}),
    ],
)
def test_json_field_aliases(ingest, one, src, record, expected):
    f = src / "alias.json"
    _write_json(f, record)
    art = one(ingest(f))
    for key, value in expected.items():
        assert art[key] == value, key
    assert art["article_id"] == str(record["id"])


def test_json_list_items_have_item_origins(ingest, src):
    f = src / "list.json"
    _write_json(f, [{"id": "a", "text": "First article."}, 42, {"id": "c", "text": "Third article."}])
    batch = ingest(f)
    assert batch.inputs == 3
    assert batch.articles["origin"].to_list() == [f"{os.path.abspath(f)}#item=1", f"{os.path.abspath(f)}#item=3"]
    err = batch.errors.row(0, named=True)
    assert (err["reason"], err["line"], err["origin"]) == ("bad_record", 2, os.path.abspath(f))
    assert err["excerpt"] == "42"


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"text": 12345}, "text"),
        ({"text": ["a", "list"]}, "text"),
        ({"body": {"nested": "object"}}, "body"),
        ({"text": "ok", "title": 7}, "title"),
        ({"text": "ok", "source": {"name": "AFP"}}, "source"),
        ({"text": "ok", "url": ["https://x"]}, "url"),
        ({"text": "ok", "language": 1}, "language"),
        ({"text": "ok", "id": ["x"]}, "id"),
        ({"text": "ok", "id": True}, "id"),
        ({"text": "ok", "published": ["2025-01-01"]}, "published"),
        ({"text": "ok", "date": {"y": 2025}}, "date"),
    ],
)
def test_wrong_types_are_bad_records(ingest, one_error, src, record, field):
    f = src / "bad.json"
    _write_json(f, record)
    err = one_error(ingest(f))
    assert err["reason"] == "bad_record"
    assert f"'{field}'" in err["detail"]


def test_record_without_text_is_no_text(ingest, one_error, src):
    f = src / "notext.json"
    _write_json(f, {"id": "x", "title": "Only a title"})
    err = one_error(ingest(f))
    assert err["reason"] == "no_text" and "text" in err["detail"]


def test_top_level_scalar_is_bad_record(ingest, one_error, src):
    f = src / "scalar.json"
    f.write_text('"just a string"')
    assert one_error(ingest(f))["reason"] == "bad_record"


def test_broken_json_file(ingest, one_error, src):
    f = src / "broken.json"
    f.write_text('{"id": "x",\n "text": "unterminated}\n')
    err = one_error(ingest(f))
    assert err["reason"] == "broken_json"
    assert "line 2" in err["detail"]
    assert err["excerpt"].startswith('{"id": "x",\\n')


def test_empty_json_list(ingest, one_error, src):
    f = src / "none.json"
    f.write_text("[]")
    assert one_error(ingest(f))["reason"] == "empty"


def test_jsonl_broken_line_in_the_middle(ingest, src):
    f = src / "dump.jsonl"
    lines = [
        json.dumps({"id": "l1", "text": "Line one article."}),
        "",
        json.dumps({"id": "l3", "text": "Line three article."}),
        '{"id": "l4", "text": "broken',
        "   ",
        json.dumps({"id": "l6", "text": "Line six article."}),
    ]
    f.write_text("\n".join(lines) + "\n")
    batch = ingest(f)
    assert batch.articles["article_id"].to_list() == ["l1", "l3", "l6"]
    assert batch.articles["origin"].to_list() == [f"{os.path.abspath(f)}#line={n}" for n in (1, 3, 6)]
    assert batch.inputs == 4  # blank lines are not inputs
    err = batch.errors.row(0, named=True)
    assert (err["reason"], err["line"]) == ("broken_json", 4)
    assert "Line 4" in err["detail"]
    assert err["excerpt"] == '{"id": "l4", "text": "broken'


def test_jsonl_with_crlf_and_a_non_object_line(ingest, src):
    f = src / "crlf.jsonl"
    f.write_bytes(b'{"id": "a", "text": "A text."}\r\n[1, 2]\r\n{"id": "c", "text": "C text."}\r\n')
    batch = ingest(f)
    assert batch.articles["article_id"].to_list() == ["a", "c"]
    assert batch.articles["text"].to_list() == ["A text.", "C text."]
    assert batch.errors.select("reason", "line").rows() == [("bad_record", 2)]


def test_jsonl_invalid_utf8_line_keeps_the_others(ingest, src):
    f = src / "mixed.jsonl"
    good1 = json.dumps({"id": "g1", "text": "Good one."}).encode()
    bad = '{"id": "b", "text": "مرحبا"}'.encode("cp1256")
    good2 = json.dumps({"id": "g2", "text": "Good two."}).encode()
    good3 = json.dumps({"id": "g3", "text": "Good three."}).encode()
    f.write_bytes(b"\n".join([good1, bad, good2, good3]))
    batch = ingest(f)
    assert batch.articles["article_id"].to_list() == ["g1", "g2", "g3"]
    assert batch.errors.select("reason", "line").rows() == [("undecodable", 2)]


def test_integer_id_is_stringified_and_sha_id_otherwise(ingest, src):
    f = src / "ids.jsonl"
    f.write_text(json.dumps({"id": 12, "text": "Numbered."}) + "\n" + json.dumps({"text": "Hello   World"}) + "\n")
    batch = ingest(f)
    ids = batch.articles["article_id"].to_list()
    assert ids[0] == "12"
    digest = hashlib.sha256(b"hello world").hexdigest()
    assert ids[1] == "sha:" + digest[:16]
    assert batch.articles["content_hash"].to_list()[1] == digest[:32]


def test_same_text_same_hash_across_spelling_variants(ingest, src):
    f = src / "variants.jsonl"
    texts = [
        "قال الوزير إن التخصيب سيستمر",
        "قَالَ الوزيـــر  إنّ التخصيب\nسيستمر",  # diacritics, tatweel, spacing
        "\ufed7\ufe8e\ufedd الوزير إن التخصيب سيستمر",  # قال in presentation forms (NFKC)
        "قال الوزير إن التخصيب توقف",  # a different text
    ]
    f.write_text("\n".join(json.dumps({"id": f"v{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)))
    batch = ingest(f)
    hashes = batch.articles["content_hash"].to_list()
    assert hashes[0] == hashes[1] == hashes[2]
    assert hashes[3] != hashes[0]
    assert batch.articles["text"][1] == texts[1]  # the stored text itself is not normalised
    en = src / "en.jsonl"
    en.write_text(json.dumps({"text": "The Minister SAID"}) + "\n" + json.dumps({"text": "the   minister said"}))
    b2 = ingest(en)
    assert b2.articles["content_hash"][0] == b2.articles["content_hash"][1]


def test_metadata_date_that_does_not_parse_falls_through_to_the_text(ingest, one, src):
    f = src / "d.json"
    _write_json(f, {"published": "sometime soon", "text": "Talks were held on Saturday, April 12, 2025 in Muscat."})
    art = one(ingest(f))
    assert (art["published"], art["published_source"]) == (date(2025, 4, 12), "text")


def test_future_metadata_date_is_kept_as_given(ingest, one, src, today):
    f = src / "future.json"
    _write_json(f, {"published": "2031-01-02", "text": "Some text."})
    art = one(ingest(f))
    assert (art["published"], art["published_source"]) == (date(2031, 1, 2), "metadata")


def test_unknown_language_metadata_is_detected_instead(ingest, one, src):
    f = src / "lang.json"
    _write_json(f, {"language": "klingon-ish", "text": "The minister said the talks were useful and constructive."})
    art = one(ingest(f))
    assert (art["language"], art["language_source"]) == ("en", "detected")
