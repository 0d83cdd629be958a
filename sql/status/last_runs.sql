-- `negotrack status`: the five most recent runs, newest first.
SELECT strftime(started_at, '%m-%d %H:%M') AS started,
       replace(flow_name, 'negotrack-', '') AS flow,
       status, inputs, articles_new, statements, statements_quarantined
FROM runs
ORDER BY started_at DESC
LIMIT 5;
