-- Move stored articles that failed validation out of `articles` (their rows are already in
-- quarantine). Reads `held_rows` (_rowid, article_id). An article with no row left loses
-- its extractions row too, so that once released it is pending and gets extracted again.
DELETE FROM articles WHERE rowid IN (SELECT _rowid FROM held_rows);
DELETE FROM extractions
WHERE article_id IN (SELECT article_id FROM held_rows)
  AND article_id NOT IN (SELECT article_id FROM articles);
-- Their syndication records go with them (sql/schema/007_syndication.sql): a held copy's
-- own record, and the records of the copies of a held original. Those copies lose their
-- fingerprints too, so that the caller (negotrack/validate/quarantine.py) checks them
-- again at once and the earliest of them becomes the story's original.
CREATE OR REPLACE TEMP TABLE gone_articles AS
SELECT DISTINCT article_id FROM held_rows
WHERE article_id NOT IN (SELECT article_id FROM articles);
CREATE OR REPLACE TEMP TABLE recheck_articles AS
SELECT article_id FROM gone_articles
UNION
SELECT article_id FROM syndication WHERE original_id IN (SELECT article_id FROM gone_articles);
DELETE FROM syndication
WHERE article_id IN (SELECT article_id FROM gone_articles)
   OR original_id IN (SELECT article_id FROM gone_articles);
DELETE FROM article_lsh_bands WHERE article_id IN (SELECT article_id FROM recheck_articles);
DELETE FROM article_fingerprints WHERE article_id IN (SELECT article_id FROM recheck_articles);
DROP TABLE gone_articles;
DROP TABLE recheck_articles
