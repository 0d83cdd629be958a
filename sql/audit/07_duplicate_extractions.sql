-- An article with more than one extraction record (storing an extraction replaces the
-- article's record and statements in one transaction, so there is at most one).
SELECT article_id AS item, count(*) || ' extraction records' AS detail
FROM extractions
GROUP BY article_id
HAVING count(*) > 1
ORDER BY article_id
