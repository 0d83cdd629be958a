-- An article id stored more than once.
SELECT article_id AS item, count(*) || ' rows' AS detail
FROM articles
GROUP BY article_id
HAVING count(*) > 1
ORDER BY article_id
