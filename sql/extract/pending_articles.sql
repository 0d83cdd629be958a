-- Articles the extractor has not seen in its current version with the current codebook.
SELECT a.article_id, a.text, a.language, a.published
FROM articles AS a
WHERE NOT EXISTS (
    SELECT 1 FROM extractions AS e
    WHERE e.article_id = a.article_id
      AND e.extractor_version = $extractor_version
      AND e.codebook_hash = $codebook_hash
)
ORDER BY a.article_id;
