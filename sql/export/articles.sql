SELECT
    article_id, title, source, url, language, language_source,
    strftime(published, '%Y-%m-%d') AS published, published_source,
    origin, encoding, content_hash, text,
    strftime(ingested_at, '%Y-%m-%dT%H:%M:%S') AS ingested_at, run_id
FROM articles
ORDER BY published, article_id;
