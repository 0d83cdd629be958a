-- Store rows that failed validation. Reads the registered frame `quarantine_rows`
-- (_ord, row_key, row: the full table row as a STRUCT, stable: the same without run ids
-- and timestamps, failed_expectations VARCHAR[]). A row already waiting in quarantine
-- with the same content and the same failures (a re-run over the same input) is not
-- stored again.
INSERT INTO quarantine (table_name, row_key, row_json, row_hash, failed_expectations,
                        disposition, run_id, quarantined_at)
SELECT CAST($table_name AS VARCHAR), q.row_key, to_json(q.row), q.row_hash, q.failed_expectations,
       CAST($disposition AS VARCHAR), CAST($run_id AS VARCHAR), now()::TIMESTAMP
FROM (
    SELECT *, md5(CAST(to_json(stable) AS VARCHAR)) AS row_hash,
           row_number() OVER (PARTITION BY row_key, md5(CAST(to_json(stable) AS VARCHAR)),
                              failed_expectations ORDER BY _ord) AS nth
    FROM quarantine_rows
) AS q
WHERE q.nth = 1
  AND NOT EXISTS (
    SELECT 1 FROM quarantine AS x
    WHERE x.table_name = $table_name
      AND x.row_key IS NOT DISTINCT FROM q.row_key
      AND x.row_hash = q.row_hash
      AND x.failed_expectations = q.failed_expectations
      AND x.released_at IS NULL)
ORDER BY q._ord
