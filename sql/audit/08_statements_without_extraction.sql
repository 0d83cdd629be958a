-- Statements with no extraction record of their extractor version and codebook: a half
-- stored batch, or statements left behind by a re-extraction.
SELECT s.statement_id AS item,
       'article ' || s.article_id || ', ' || s.extractor_version || ' / ' || s.codebook_hash AS detail
FROM statements AS s
WHERE NOT EXISTS (
    SELECT 1 FROM extractions AS e
    WHERE e.article_id = s.article_id
      AND e.extractor_version = s.extractor_version
      AND e.codebook_hash = s.codebook_hash)
ORDER BY s.article_id, s.statement_id
