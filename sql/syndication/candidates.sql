-- Candidate pairs: a new article (registered frame new_bands) and any article, stored or
-- new, that shares an LSH band with it.
SELECT DISTINCT n.article_id AS article_id, o.article_id AS other_id, o.is_new
FROM new_bands n
JOIN (SELECT article_id, band_key, false AS is_new FROM article_lsh_bands
      UNION ALL SELECT article_id, band_key, true AS is_new FROM new_bands) o USING (band_key)
WHERE n.article_id <> o.article_id;
