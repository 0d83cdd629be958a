-- Report: shifts at one period granularity whose "after" side falls in the window.
SELECT *
FROM report_shifts
WHERE period = $period
  AND after_period_start BETWEEN $since AND $until
  AND (len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], party))
  AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], issue))
ORDER BY after_period_start, issue, party;
