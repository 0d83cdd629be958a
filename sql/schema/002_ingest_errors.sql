-- ingest_errors: every input that could not become an article, with the reason.
CREATE TABLE IF NOT EXISTS ingest_errors (
    error_id    VARCHAR   NOT NULL,  -- hash of run, origin, line and reason
    run_id      VARCHAR,
    origin      VARCHAR   NOT NULL,  -- file path or URL
    line        INTEGER,             -- 1-based line (JSONL) or item number (JSON list, feed); NULL for a whole file
    reason      VARCHAR   NOT NULL,  -- short code: empty, binary, undecodable, broken_json, bad_record, no_text, too_large, unsupported, fetch_failed, unreadable
    detail      VARCHAR   NOT NULL,  -- a sentence a person can act on
    excerpt     VARCHAR,             -- the start of the offending input (escaped), so nothing is lost unseen
    created_at  TIMESTAMP NOT NULL
);
