-- Put a released statement back. Reads `release_row` (one row, the statements columns).
-- A statement already stored under the same id (re-extracted since) is not stored twice.
INSERT INTO statements BY NAME
SELECT r.* FROM release_row AS r
WHERE NOT EXISTS (SELECT 1 FROM statements AS s WHERE s.statement_id = r.statement_id);
UPDATE quarantine SET released_at = now()::TIMESTAMP WHERE quarantine_id = $quarantine_id
