-- Report: issue_moves (materialised as report_moves) inside the window (who hardened, softened, held each period),
-- each list cut to the parties the report is filtered to (all when none).
WITH m AS (
    SELECT *
    FROM report_moves
    WHERE period = $period
      AND period_start BETWEEN $since AND $until
      AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], issue))
)
SELECT issue, period_start,
       list_filter(stated_by, lambda p: len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], p)) AS stated_by,
       list_filter(hardened, lambda p: len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], p)) AS hardened,
       list_filter(softened, lambda p: len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], p)) AS softened,
       list_filter(changed, lambda p: len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], p)) AS changed,
       list_filter(held, lambda p: len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], p)) AS held,
       list_filter(first_stated, lambda p: len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], p)) AS first_stated
FROM m
ORDER BY issue, period_start;
