-- Report: first and last day of the positions inside the window and filters (to choose
-- the period when none is given), over materialise.sql's copy of independent_positions.
SELECT min(date) AS first_date, max(date) AS last_date
FROM report_independent
WHERE date BETWEEN $since AND $until
  AND (len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], party))
  AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], issue));
