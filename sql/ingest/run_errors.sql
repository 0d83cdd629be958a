-- The first $limit ingest errors of one run, file by file and line by line: the run
-- summary of `negotrack ingest` and `negotrack run` lists them with their reasons.
SELECT origin, line, reason, detail
FROM ingest_errors
WHERE run_id = $run_id
ORDER BY origin, line NULLS FIRST, reason
LIMIT $limit
