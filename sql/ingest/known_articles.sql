-- Rows of the incoming batch (registered as incoming_articles, with a row number "ord")
-- whose article_id or content_hash is already stored: these are "known", not new.
SELECT i.ord
FROM incoming_articles AS i
WHERE EXISTS (SELECT 1 FROM articles AS a WHERE a.article_id = i.article_id)
   OR EXISTS (SELECT 1 FROM articles AS a WHERE a.content_hash = i.content_hash)
ORDER BY i.ord
