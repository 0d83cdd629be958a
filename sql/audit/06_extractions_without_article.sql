-- Extraction records of articles that are not in `articles`.
SELECT e.article_id AS item, 'extracted by run ' || coalesce(e.run_id, '?') AS detail
FROM extractions AS e
WHERE NOT EXISTS (SELECT 1 FROM articles AS a WHERE a.article_id = e.article_id)
ORDER BY e.article_id
