-- Articles not yet fingerprinted with the current scheme, ids only. Within a batch the
-- original is the earliest published, then the most complete version (the longest).
SELECT a.article_id
FROM articles a
WHERE NOT EXISTS (SELECT 1 FROM article_fingerprints f WHERE f.article_id = a.article_id AND f.scheme = $scheme)
ORDER BY a.published, length(a.text) DESC, a.article_id;
