-- What a completed run says it stored must be in the database: its ingest_errors rows,
-- and its new + syndicated articles (stored, or moved to quarantine since by a later
-- validation, minus articles it quarantined that were released back).
WITH stored AS (
    SELECT run_id, count(*) AS n FROM articles GROUP BY run_id
),
moved AS (  -- held later by another run's validation, not released
    SELECT json_extract_string(row_json, '$.run_id') AS run_id, count(*) AS n
    FROM quarantine
    WHERE table_name = 'articles' AND disposition = 'held' AND released_at IS NULL
      AND run_id IS DISTINCT FROM json_extract_string(row_json, '$.run_id')
    GROUP BY 1
),
released AS (  -- quarantined on the way in by this run, released into articles later
    SELECT run_id, count(*) AS n
    FROM quarantine
    WHERE table_name = 'articles' AND disposition = 'held' AND released_at IS NOT NULL
      AND run_id IS NOT DISTINCT FROM json_extract_string(row_json, '$.run_id')
    GROUP BY 1
),
errors AS (
    SELECT run_id, count(*) AS n FROM ingest_errors GROUP BY run_id
)
SELECT r.run_id AS item,
       concat_ws(' / ',
           CASE WHEN coalesce(e.n, 0) <> coalesce(r.ingest_errors, 0)
                THEN 'says ' || coalesce(r.ingest_errors, 0) || ' ingest errors, '
                     || coalesce(e.n, 0) || ' stored' END,
           CASE WHEN coalesce(s.n, 0) + coalesce(m.n, 0) - coalesce(x.n, 0)
                     <> coalesce(r.articles_new, 0) + coalesce(r.articles_syndicated, 0)
                THEN 'says ' || (coalesce(r.articles_new, 0) + coalesce(r.articles_syndicated, 0))
                     || ' articles stored (new + syndicated), found ' || coalesce(s.n, 0)
                     || ' in articles + ' || coalesce(m.n, 0) || ' moved to quarantine - '
                     || coalesce(x.n, 0) || ' released' END
       ) AS detail
FROM runs AS r
LEFT JOIN stored AS s ON s.run_id = r.run_id
LEFT JOIN moved AS m ON m.run_id = r.run_id
LEFT JOIN released AS x ON x.run_id = r.run_id
LEFT JOIN errors AS e ON e.run_id = r.run_id
WHERE r.status = 'completed'
  AND (coalesce(e.n, 0) <> coalesce(r.ingest_errors, 0)
       OR coalesce(s.n, 0) + coalesce(m.n, 0) - coalesce(x.n, 0)
          <> coalesce(r.articles_new, 0) + coalesce(r.articles_syndicated, 0))
ORDER BY r.started_at, r.run_id
