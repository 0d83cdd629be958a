-- The llm and hybrid extractors (negotrack/llm).
--
-- llm_cache: the model's answer per (article content, model, prompt version), so a
-- re-run, `extract --all` or a report never asks the model again for the same article.
-- The answer is stored as the model returned it (JSON text) and checked against the
-- article again each time it is used.
CREATE TABLE IF NOT EXISTS llm_cache (
    content_hash       VARCHAR   NOT NULL,  -- sha256 of what the model reads: language, publication date, text
    model              VARCHAR   NOT NULL,
    prompt_version     VARCHAR   NOT NULL,  -- hash of prompt template, annotation rules, codebook, mode
    answer             VARCHAR   NOT NULL,  -- the model's JSON answer
    prompt_tokens      INTEGER   NOT NULL,
    completion_tokens  INTEGER   NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (content_hash, model, prompt_version)
);

-- llm_failures: articles whose model call still failed after its retries. They get no
-- extractions row, so they stay pending and the next run asks again.
CREATE TABLE IF NOT EXISTS llm_failures (
    run_id             VARCHAR,
    article_id         VARCHAR   NOT NULL,
    model              VARCHAR   NOT NULL,
    reason             VARCHAR   NOT NULL,
    failed_at          TIMESTAMP NOT NULL
);

-- the model's share of a run
ALTER TABLE runs ADD COLUMN IF NOT EXISTS llm_calls INTEGER;              -- answers received from the model (cache hits excluded)
ALTER TABLE runs ADD COLUMN IF NOT EXISTS llm_tokens BIGINT;              -- prompt + completion tokens of those answers
ALTER TABLE runs ADD COLUMN IF NOT EXISTS llm_failures INTEGER;           -- articles left pending: their call failed
ALTER TABLE runs ADD COLUMN IF NOT EXISTS statements_unverified INTEGER;  -- positions dropped: evidence not in the article
ALTER TABLE runs ADD COLUMN IF NOT EXISTS statements_unknown INTEGER;     -- positions dropped: party, issue or stance not in the codebook
