-- Rows written by a run that has no row in `runs` (every write happens inside a recorded run).
SELECT 'articles' AS item, run_id || ': ' || count(*) || ' rows' AS detail
FROM articles WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT run_id FROM runs) GROUP BY run_id
UNION ALL
SELECT 'statements', run_id || ': ' || count(*) || ' rows'
FROM statements WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT run_id FROM runs) GROUP BY run_id
UNION ALL
SELECT 'extractions', run_id || ': ' || count(*) || ' rows'
FROM extractions WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT run_id FROM runs) GROUP BY run_id
UNION ALL
SELECT 'ingest_errors', run_id || ': ' || count(*) || ' rows'
FROM ingest_errors WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT run_id FROM runs) GROUP BY run_id
ORDER BY 1, 2
