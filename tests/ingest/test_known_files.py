"""Skipping files already read: by path + size + mtime (no read), then by the bytes' hash
(no parse); only files read cleanly whose articles are all still stored."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from negotrack import store
from negotrack.ingest import KnownFiles, plan_inputs, read_sources
from negotrack.ingest.load import load_known_files, store_batch


def _write_jsonl(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


def _record(i: int) -> dict:
    return {"id": f"a{i}", "language": "en", "published": "2025-05-01",
            "text": f"Article number {i}: the delegations met in Muscat for {i} hours."}


def _ingest(settings, sources):
    """What the ingest stage does per chunk, without Prefect: plan, read, store."""
    with store.connect(settings) as con:
        known = load_known_files(con)
    plan = plan_inputs(sources, settings, known)
    batches = []
    for chunk in plan.chunks:
        batch = read_sources(chunk, settings, known_files=known)
        with store.connect(settings) as con:
            store_batch(con, batch, "r")
        batches.append(batch)
    return plan, batches


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _write_jsonl(folder / "one.jsonl", [_record(i) for i in range(3)])
    _write_jsonl(folder / "two.jsonl", [_record(i) for i in range(3, 5)])
    (folder / "three.md").write_text("---\nid: md1\nlanguage: fr\npublished: 2025-05-02\n---\nUn article en français.\n")
    return folder


def test_a_second_run_skips_unchanged_files_without_reading_them(settings, corpus):
    plan, batches = _ingest(settings, [str(corpus)])
    assert plan.skipped_files == 0 and sum(b.inputs for b in batches) == 6
    with store.connect(settings, read_only=True) as con:
        assert con.execute("SELECT count(*), sum(n_inputs) FROM source_files").fetchall() == [(3, 6)]

    plan, batches = _ingest(settings, [str(corpus)])
    assert plan.skipped_files == 3 and plan.skipped_inputs == 6
    assert plan.chunks == [] and batches == []


def test_a_changed_file_is_read_again_and_a_touched_one_is_not_parsed(settings, corpus):
    _ingest(settings, [str(corpus)])
    _write_jsonl(corpus / "two.jsonl", [_record(i) for i in range(3, 6)])  # one record more
    st = (corpus / "one.jsonl").stat()
    os.utime(corpus / "one.jsonl", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched, same bytes

    plan, batches = _ingest(settings, [str(corpus)])
    assert plan.skipped_files == 1  # three.md
    read = {os.path.basename(p) for b in batches for p in b.files["path"].to_list()}
    assert read == {"one.jsonl", "two.jsonl"}
    batch = batches[0]
    assert batch.skipped_inputs == 3  # one.jsonl: same bytes as before, not parsed
    assert sorted(batch.articles["article_id"].to_list()) == ["a3", "a4", "a5"]
    assert batch.inputs == batch.articles.height + batch.errors.height + batch.skipped_inputs

    plan, _ = _ingest(settings, [str(corpus)])  # both recorded again under their new stat
    assert plan.skipped_files == 3 and plan.skipped_inputs == 7


def test_files_with_errors_are_never_skipped(settings, corpus):
    (corpus / "bad.jsonl").write_text(json.dumps(_record(9)) + "\n{not json\n")
    _ingest(settings, [str(corpus)])
    plan, batches = _ingest(settings, [str(corpus)])
    assert plan.skipped_files == 3
    assert [os.path.basename(p) for p in batches[0].files["path"].to_list()] == ["bad.jsonl"]
    assert batches[0].errors.height == 1  # reported again, as without skipping


def test_a_file_whose_articles_were_deleted_is_read_again(settings, corpus):
    _ingest(settings, [str(corpus)])
    with store.connect(settings) as con:
        con.execute("DELETE FROM articles WHERE article_id = 'a1'")
    plan, batches = _ingest(settings, [str(corpus)])
    assert plan.skipped_files == 2
    assert batches[0].articles["article_id"].to_list() == ["a0", "a1", "a2"]


def test_quarantined_articles_keep_their_file_unrecorded(settings, corpus):
    with store.connect(settings) as con:
        known = load_known_files(con)
    batch = read_sources([str(corpus)], settings, known_files=known)
    kept = batch.articles.filter(batch.articles["article_id"] != "a4")  # as if a4 failed validation
    with store.connect(settings) as con:
        store_batch(con, replace(batch, articles=kept), "r")
        assert sorted(os.path.basename(p) for (p,) in con.execute("SELECT path FROM source_files").fetchall()) == [
            "one.jsonl", "three.md"]


def test_chunks_are_cut_by_bytes_and_nothing_is_lost(settings, corpus):
    small = settings.model_copy(update={"ingest_chunk_bytes": 1})
    plan = plan_inputs([str(corpus)], small, KnownFiles.empty())
    assert [len(c) for c in plan.chunks] == [1, 1, 1]
    assert plan.inputs == 3
    whole = plan_inputs([str(corpus)], settings)
    assert [len(c) for c in whole.chunks] == [3]


def test_skipping_can_be_switched_off(prefect_harness, settings, corpus):
    from negotrack.flows.ingest import ingest_flow

    first = ingest_flow([str(corpus)], settings)
    again = ingest_flow([str(corpus)], settings)
    assert first.inputs == again.inputs == 6
    assert again.articles_known == 6 and again.articles_new == 0 and again.ingest_adds_up
    off = ingest_flow([str(corpus)], settings.model_copy(update={"skip_known_files": False}))
    assert off.inputs == 6 and off.articles_known == 6 and off.ingest_adds_up
