-- Move stored articles that failed validation out of `articles` (their rows are already in
-- quarantine). Reads `held_rows` (_rowid, article_id). An article with no row left loses
-- its extractions row too, so that once released it is pending and gets extracted again.
DELETE FROM articles WHERE rowid IN (SELECT _rowid FROM held_rows);
DELETE FROM extractions
WHERE article_id IN (SELECT article_id FROM held_rows)
  AND article_id NOT IN (SELECT article_id FROM articles)
