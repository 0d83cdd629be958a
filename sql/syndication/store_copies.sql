-- Record the copies found (registered frame new_copies: article_id, original_id,
-- similarity); an article already recorded keeps its first original.
INSERT INTO syndication BY NAME
SELECT *, $scheme AS method, now()::TIMESTAMP AS detected_at
FROM new_copies
WHERE article_id NOT IN (SELECT article_id FROM syndication);
