-- Store the new articles of a batch: incoming_articles rows marked "keep" (not stored yet,
-- and the first of their id and of their text within the batch).
INSERT INTO articles (
    article_id, content_hash, title, source, url, language, language_source,
    published, published_source, text, origin, encoding, ingested_at, run_id
)
SELECT
    article_id, content_hash, title, source, url, language, language_source,
    published, published_source, text, origin, encoding,
    now()::TIMESTAMP, CAST($run_id AS VARCHAR)
FROM incoming_articles
WHERE keep
ORDER BY ord
