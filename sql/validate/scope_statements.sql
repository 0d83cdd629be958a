-- Stored statements to validate in place: those extracted since $since (NULL = all), and
-- always those of the articles just moved to quarantine (registered as `held_articles`).
SELECT rowid AS _rowid, *
FROM statements
WHERE CAST($since AS TIMESTAMP) IS NULL
   OR extracted_at > CAST($since AS TIMESTAMP)
   OR article_id IN (SELECT article_id FROM held_articles)
ORDER BY rowid
