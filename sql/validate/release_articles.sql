-- Put a released article back. Reads `release_row` (one row, the articles columns).
-- An identical article already stored is not stored twice. With no extractions row the
-- article is pending, so the next `negotrack extract` extracts it.
INSERT INTO articles BY NAME
SELECT r.* FROM release_row AS r
WHERE NOT EXISTS (SELECT 1 FROM articles AS a WHERE a.article_id = r.article_id);
UPDATE quarantine SET released_at = now()::TIMESTAMP WHERE quarantine_id = $quarantine_id
