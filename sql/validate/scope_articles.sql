-- Stored articles to validate in place (`negotrack validate`), with DuckDB's rowid so that
-- exactly these rows can be moved to quarantine. $since NULL = every row.
SELECT rowid AS _rowid, *
FROM articles
WHERE CAST($since AS TIMESTAMP) IS NULL OR ingested_at > CAST($since AS TIMESTAMP)
ORDER BY rowid
