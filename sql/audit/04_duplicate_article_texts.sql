-- The same normalised text stored under several ids (ingest treats a second copy as
-- "already known", so this should never happen).
SELECT content_hash AS item,
       count(*) || ' articles: ' || string_agg(article_id, ', ' ORDER BY article_id) AS detail
FROM articles
GROUP BY content_hash
HAVING count(*) > 1
ORDER BY content_hash
