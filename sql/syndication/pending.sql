-- Articles not yet fingerprinted with the current scheme, ids only. Within a batch the
-- original is the earliest published, then the most complete version (the longest).
-- The ids are found first (a set difference of ids) and only those articles' texts are
-- read for the order: a re-run with nothing pending reads no text at all.
WITH missing AS (
    SELECT article_id FROM articles
    EXCEPT
    SELECT article_id FROM article_fingerprints WHERE scheme = $scheme
)
SELECT a.article_id
FROM articles AS a
JOIN missing USING (article_id)
ORDER BY a.published, length(a.text) DESC, a.article_id;
