-- A statement id stored more than once (the same mention counted twice).
SELECT statement_id AS item, count(*) || ' rows (article ' || min(article_id) || ')' AS detail
FROM statements
GROUP BY statement_id
HAVING count(*) > 1
ORDER BY statement_id
