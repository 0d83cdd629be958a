"""The extractor backends behind one interface: articles frame in, ``ExtractedBatch`` out.

- ``rules``: the offline rule extractor (negotrack/extract), the default.
- ``llm``: each article goes to a language model (client.py) with a prompt built from
  the codebook (prompt.py); its answer is checked (answer.py) and becomes the same
  ``Statement`` records the rules produce, so tables, validation, reports and
  ``negotrack eval`` work unchanged.
- ``hybrid``: rules first; an article that names an issue of the codebook goes to the
  model with the rules' candidates to confirm, correct or add to. A candidate the
  model confirms (same party, issue and stance, overlapping evidence) is kept as the
  rules wrote it (its cue, rule, speaker and date); the rest is the model's.

An article whose call fails after the retries is returned in ``failures`` with its
reason and left out of ``articles``: it gets no extractions row and stays pending, and
the rest of the batch is stored. Answers are cached (cache.py) as soon as they arrive,
in small groups, so a run that stops half-way has not paid for nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from negotrack import progress, store
from negotrack.codebook import Codebook
from negotrack.config import Settings
from negotrack.extract import EXTRACTOR_VERSION, extract_article
from negotrack.extract.batch import STATEMENT_COLUMNS, ExtractedBatch, statement_id
from negotrack.llm import cache, prompt
from negotrack.llm.answer import Answer, BadAnswer, check, parse_answer
from negotrack.llm.client import ChatClient, LlmError
from negotrack.models import STATEMENT_SCHEMA, Article, Statement

ANSWER_ATTEMPTS = 2  # a malformed answer is asked again once (sampling differs), then it fails
CACHE_EVERY = 16  # answers cached together (one short write transaction)


def prompt_version(settings: Settings, codebook: Codebook) -> str:
    return prompt.prompt_version(codebook, settings.extractor,
                                 EXTRACTOR_VERSION if settings.extractor == "hybrid" else None)


def extractor_version(settings: Settings, codebook: Codebook) -> str:
    """What produced the statements: the rules' version, or backend, model and prompt
    version, so switching backend or model (or changing the prompt) makes every
    article pending, like a codebook change."""
    if settings.extractor == "rules":
        return EXTRACTOR_VERSION
    base = "llm" if settings.extractor == "llm" else f"hybrid+{EXTRACTOR_VERSION}"
    return f"{base}:{settings.llm_model}:{prompt_version(settings, codebook)}"


def content_key(article: Article) -> str:
    """The cache key of what the model reads (the prompt and model are keyed apart)."""
    raw = f"{article.language}\x1f{article.published}\x1f{article.text}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


@dataclass
class _Job:
    article: Article
    key: str
    candidates: list[Statement] | None  # hybrid: the rules' statements


def _candidate(s: Statement) -> dict:
    return {"party": s.party, "issue": s.issue, "stance": s.stance, "actor": s.actor,
            "evidence": s.evidence, "date": s.stated_on.isoformat() if s.date_source == "text" else None}


def _confirmed(found: list[Statement], rules: list[Statement]) -> list[Statement]:
    """The model's statements, where each one a rule candidate matches is the candidate."""
    out: list[Statement] = []
    for s in found:
        same = next((r for r in rules if (r.party, r.issue, r.stance) == (s.party, s.issue, s.stance)
                     and r.char_start < s.char_end and s.char_start < r.char_end), None)
        out.append(same or s)
    return out


class _Asker:
    """One model request per article, answer parsed (asked again once if malformed)."""

    def __init__(self, client: ChatClient, codebook: Codebook) -> None:
        self.client = client
        self.codebook = codebook
        self.schema = prompt.answer_schema(codebook)

    def __call__(self, job: _Job) -> tuple[Answer, str, int, int]:
        cands = None if job.candidates is None else [_candidate(s) for s in job.candidates]
        msgs = prompt.messages(self.codebook, job.article.text, job.article.language, job.article.published, cands)
        tokens_in = tokens_out = 0
        reason = ""
        for _ in range(ANSWER_ATTEMPTS):
            reply = self.client.chat(msgs, self.schema)
            tokens_in += reply.prompt_tokens
            tokens_out += reply.completion_tokens
            try:
                return parse_answer(reply.content), reply.content, tokens_in, tokens_out
            except BadAnswer as exc:
                reason = str(exc)
        raise LlmError(f"{reason} (after {ANSWER_ATTEMPTS} answers)")


def client_for(settings: Settings) -> ChatClient:
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key is not None else None
    return ChatClient(settings.llm_base_url, settings.llm_model, api_key=key, timeout_s=settings.llm_timeout_s,
                      retries=settings.llm_retries, concurrency=settings.llm_concurrency)


def extract_frame_llm(
    articles: pl.DataFrame,
    codebook: Codebook,
    settings: Settings,
    *,
    progress_done: int = 0,
    progress_total: int | None = None,
    client: ChatClient | None = None,
) -> ExtractedBatch:
    """Extract ``articles`` (article_id, text, language, published) with the model
    (``settings.extractor`` llm or hybrid). Reads and writes the answer cache."""
    hybrid = settings.extractor == "hybrid"
    model = settings.llm_model
    version = prompt_version(settings, codebook)
    done_rows: dict[str, list[Statement]] = {}
    jobs: list[_Job] = []
    for article_id, text, language, published in articles.select(
            "article_id", "text", "language", "published").iter_rows():
        article = Article(article_id=article_id, text=text, language=language, published=published)
        candidates = None
        if hybrid:
            from negotrack.extract.doc import Doc

            candidates = extract_article(article, codebook)
            if not candidates and not Doc(article, codebook).relevant:
                done_rows[article_id] = []  # names no issue: nothing for the model to read
                continue
        jobs.append(_Job(article, content_key(article), candidates))

    counts = {"llm_calls": 0, "llm_tokens": 0, "statements_unverified": 0, "statements_unknown": 0,
              "llm_failures": 0}
    answers: dict[str, Answer | None] = {}
    if jobs:
        with store.connect(settings) as con:  # (a write open migrates: the cache table exists)
            cached = cache.cached_answers(con, [j.key for j in jobs], model, version)
        for key, raw in cached.items():
            try:
                answers[key] = parse_answer(raw)
            except BadAnswer:
                pass  # (cannot happen: only parsed answers are cached) asked again
    missing = list({j.key: j for j in jobs if j.key not in answers}.values())  # one call per distinct text
    failures: dict[str, str] = {}  # key -> reason
    total = progress_total if progress_total is not None else articles.height
    report = progress.reporter("Asking the model", total)
    done = articles.height - len(missing)
    report(progress_done + done)
    if missing:
        own = client is None
        client = client or client_for(settings)
        sent_before = client.requests
        pending_rows: list[tuple[str, str, int, int]] = []
        try:
            for job, result in client.map(_Asker(client, codebook), missing):
                if isinstance(result, BaseException):
                    if not isinstance(result, LlmError | OSError):
                        raise result  # a bug, not the model: stop the run
                    failures[job.key] = str(result)[:500]
                else:
                    answer, raw, t_in, t_out = result
                    answers[job.key] = answer
                    counts["llm_tokens"] += t_in + t_out
                    pending_rows.append((job.key, raw, t_in, t_out))
                    if len(pending_rows) >= CACHE_EVERY:
                        _cache(settings, pending_rows, model, version)
                        pending_rows = []
                done += 1
                report(progress_done + done)
        finally:
            counts["llm_calls"] += client.requests - sent_before
            _cache(settings, pending_rows, model, version)  # what arrived is kept, even when stopping
            if own:
                client.close()

    failed: list[tuple[str, str]] = []
    for job in jobs:
        answer = answers.get(job.key)
        if answer is None:
            failed.append((job.article.article_id, failures.get(job.key, "no answer")))
            continue
        checked = check(answer, job.article, codebook, model)
        counts["statements_unverified"] += checked.unverified
        counts["statements_unknown"] += checked.unknown
        found = checked.statements
        done_rows[job.article.article_id] = _confirmed(found, job.candidates) if hybrid else found
    counts["llm_failures"] = len(failed)
    return _batch(done_rows, failed, counts)


def _cache(settings: Settings, rows: list[tuple[str, str, int, int]], model: str, version: str) -> None:
    if rows:
        with store.connect(settings) as con:
            cache.store_answers(con, rows, model, version)


def _batch(per_article: dict[str, list[Statement]], failed: list[tuple[str, str]],
           counts: dict[str, int]) -> ExtractedBatch:
    rows, seen = [], set()
    for statements in per_article.values():
        for s in statements:
            sid = statement_id(s)
            if sid not in seen:
                seen.add(sid)
                rows.append((sid, *(getattr(s, name) for name in STATEMENT_SCHEMA)))
    frame = pl.DataFrame(rows, schema={"statement_id": pl.String, **STATEMENT_SCHEMA}, orient="row")
    assert frame.columns == STATEMENT_COLUMNS
    ids = pl.DataFrame({"article_id": list(per_article)}, schema={"article_id": pl.String})
    n = (ids.join(frame.group_by("article_id").len("n_statements"), on="article_id", how="left")
         .with_columns(pl.col("n_statements").fill_null(0).cast(pl.Int32)))
    failures = pl.DataFrame(failed, schema={"article_id": pl.String, "reason": pl.String}, orient="row")
    return ExtractedBatch(statements=frame, articles=n, failures=failures, counts=counts)


__all__ = ["extract_frame_llm", "extractor_version", "prompt_version", "content_key"]
