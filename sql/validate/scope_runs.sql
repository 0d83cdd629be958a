-- Runs to validate: every finished run (a running run is still being written).
SELECT rowid AS _rowid, *
FROM runs
WHERE status <> 'running' AND (CAST($since AS TIMESTAMP) IS NULL OR started_at > CAST($since AS TIMESTAMP))
ORDER BY rowid
