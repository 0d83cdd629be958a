-- Replace the statements of the extracted articles, inside the caller's transaction.
-- Reads the registered frames `batch_articles` (article_id, n_statements) and
-- `batch_statements` (the statements that passed validation).
DELETE FROM statements WHERE article_id IN (SELECT article_id FROM batch_articles);
DELETE FROM extractions WHERE article_id IN (SELECT article_id FROM batch_articles);
INSERT INTO statements BY NAME
SELECT *, $extractor_version AS extractor_version, $codebook_hash AS codebook_hash,
       $run_id AS run_id, now()::TIMESTAMP AS extracted_at
FROM batch_statements;
INSERT INTO extractions BY NAME
SELECT article_id, $extractor_version AS extractor_version, $codebook_hash AS codebook_hash,
       n_statements, $run_id AS run_id, now()::TIMESTAMP AS extracted_at
FROM batch_articles;
