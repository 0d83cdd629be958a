-- A finished run's summary must add up: inputs = new + known + syndicated + ingest errors
-- + articles quarantined; statements = kept + quarantined; no count below zero.
-- Failed runs stopped part-way, so only their signs are checked.
SELECT run_id AS item,
       flow_name || ' (' || status || '): '
       || concat_ws(' / ',
            CASE WHEN status = 'completed'
                  AND coalesce(inputs, 0) <> coalesce(articles_new, 0) + coalesce(articles_known, 0)
                      + coalesce(articles_syndicated, 0) + coalesce(ingest_errors, 0)
                      + coalesce(articles_quarantined, 0)
                 THEN 'inputs ' || coalesce(inputs, 0) || ' <> new ' || coalesce(articles_new, 0)
                      || ' + known ' || coalesce(articles_known, 0) || ' + syndicated '
                      || coalesce(articles_syndicated, 0) || ' + errors ' || coalesce(ingest_errors, 0)
                      || ' + quarantined ' || coalesce(articles_quarantined, 0) END,
            CASE WHEN status = 'completed'
                  AND coalesce(statements, 0) <> coalesce(statements_kept, 0) + coalesce(statements_quarantined, 0)
                 THEN 'statements ' || coalesce(statements, 0) || ' <> kept ' || coalesce(statements_kept, 0)
                      || ' + quarantined ' || coalesce(statements_quarantined, 0) END,
            CASE WHEN least(inputs, articles_new, articles_known, articles_syndicated, ingest_errors,
                            articles_quarantined, articles_extracted, statements, statements_kept,
                            statements_quarantined, rows_checked) < 0
                 THEN 'a count is negative' END,
            CASE WHEN status = 'completed' AND ended_at IS NULL THEN 'completed without an end time' END
          ) AS detail
FROM runs
WHERE (status = 'completed' AND (
          coalesce(inputs, 0) <> coalesce(articles_new, 0) + coalesce(articles_known, 0)
              + coalesce(articles_syndicated, 0) + coalesce(ingest_errors, 0) + coalesce(articles_quarantined, 0)
       OR coalesce(statements, 0) <> coalesce(statements_kept, 0) + coalesce(statements_quarantined, 0)
       OR ended_at IS NULL))
   OR least(inputs, articles_new, articles_known, articles_syndicated, ingest_errors, articles_quarantined,
            articles_extracted, statements, statements_kept, statements_quarantined, rows_checked) < 0
ORDER BY started_at, run_id
