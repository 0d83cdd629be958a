-- Ingest errors to validate: those written since $since (NULL = all).
SELECT rowid AS _rowid, *
FROM ingest_errors
WHERE CAST($since AS TIMESTAMP) IS NULL OR created_at > CAST($since AS TIMESTAMP)
ORDER BY rowid
