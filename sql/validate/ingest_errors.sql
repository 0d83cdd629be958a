-- Derived columns for expectations/ingest_errors.json: none needed yet. Reads `validate_batch`.
SELECT b.*
FROM validate_batch AS b
ORDER BY b._row_id
