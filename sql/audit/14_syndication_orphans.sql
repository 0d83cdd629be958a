-- Syndication records pointing at articles that are not stored (the copy or its original).
SELECT y.article_id AS item,
       CASE WHEN a.article_id IS NULL THEN 'the copy is not in articles'
            ELSE 'its original ' || y.original_id || ' is not in articles' END AS detail
FROM syndication AS y
LEFT JOIN articles AS a ON a.article_id = y.article_id
LEFT JOIN articles AS o ON o.article_id = y.original_id
WHERE a.article_id IS NULL OR o.article_id IS NULL
ORDER BY y.article_id
