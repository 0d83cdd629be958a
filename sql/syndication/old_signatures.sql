-- Signatures of the stored articles among the candidates (registered frame old_ids),
-- each with the first article of its story.
SELECT f.article_id, f.signature, coalesce(s.original_id, f.article_id) AS root
FROM article_fingerprints f SEMI JOIN old_ids USING (article_id)
LEFT JOIN syndication s USING (article_id)
WHERE f.signature IS NOT NULL;
