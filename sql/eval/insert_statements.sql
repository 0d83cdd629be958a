-- bench/score_dev.py: store extracted statements (registered frame dev_statements:
-- statement_id + models.STATEMENT_SCHEMA) so that the real positions view scores them.
INSERT INTO statements BY NAME
SELECT *, $extractor_version AS extractor_version, $codebook_hash AS codebook_hash,
       NULL AS run_id, now()::TIMESTAMP AS extracted_at
FROM dev_statements;
