-- Store every error row of a batch (registered as incoming_errors). error_id is a hash of
-- run, origin, line and reason.
INSERT INTO ingest_errors (error_id, run_id, origin, line, reason, detail, excerpt, created_at)
SELECT
    left(sha256(concat_ws('|', coalesce(CAST($run_id AS VARCHAR), ''), origin,
                          coalesce(CAST(line AS VARCHAR), ''), reason)), 32),
    CAST($run_id AS VARCHAR), origin, line, reason, detail, excerpt, now()::TIMESTAMP
FROM incoming_errors
ORDER BY ord
