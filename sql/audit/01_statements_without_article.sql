-- Statements whose article is not in `articles` (every statement must point at the text
-- that proves it).
SELECT s.statement_id AS item,
       'article ' || s.article_id || ' is missing' AS detail
FROM statements AS s
WHERE NOT EXISTS (SELECT 1 FROM articles AS a WHERE a.article_id = s.article_id)
ORDER BY s.article_id, s.statement_id
