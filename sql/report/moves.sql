-- Report: issue_moves inside the window (who hardened, softened, held each period).
SELECT issue, period_start, stated_by, hardened, softened, changed, held, first_stated
FROM issue_moves
WHERE period = $period
  AND period_start BETWEEN $since AND $until
  AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], issue))
ORDER BY issue, period_start;
