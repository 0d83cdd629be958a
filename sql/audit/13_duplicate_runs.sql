-- A run id recorded more than once.
SELECT run_id AS item, count(*) || ' rows' AS detail
FROM runs GROUP BY run_id HAVING count(*) > 1
ORDER BY run_id
