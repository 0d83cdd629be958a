-- The texts of one slice of pending articles (registered frame stream_ids: article_id, ord),
-- in batch order.
SELECT a.article_id, a.text
FROM stream_ids i JOIN articles a USING (article_id)
ORDER BY i.ord;
