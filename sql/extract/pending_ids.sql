-- The ids of the articles the extractor has not seen in its current version with the
-- current codebook; the extract stage loads and extracts them chunk by chunk.
SELECT a.article_id
FROM articles AS a
WHERE NOT EXISTS (
    SELECT 1 FROM extractions AS e
    WHERE e.article_id = a.article_id
      AND e.extractor_version = $extractor_version
      AND e.codebook_hash = $codebook_hash
)
ORDER BY a.article_id;
