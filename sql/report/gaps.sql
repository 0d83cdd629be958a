-- Report: issue_gaps in long form (one row per issue, period and party) inside the window.
SELECT g.issue, g.period_start, e.key AS party, e.value AS hardness,
       g.stance_by_party[e.key] AS stance,
       list_contains(g.stated_by, e.key) AS stated,
       g.spread, g.previous_spread, g.trend, g.hardest_party, g.softest_party
FROM issue_gaps AS g, unnest(map_entries(g.hardness_by_party)) AS u(e)
WHERE g.period = $period
  AND g.period_start BETWEEN $since AND $until
  AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], g.issue))
  AND (len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], e.key))
ORDER BY g.issue, g.period_start, party;
