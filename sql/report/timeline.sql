-- Report: the timeline at one period granularity, inside the window and filters.
SELECT period, party, issue, period_start, period_end, dominant_stance, mixed, quotes, mean_hardness,
       stances, n_statements, n_positions, n_sources, n_articles,
       evidence, actor, evidence_date, evidence_article_id, evidence_url, evidence_source,
       evidence_title, evidence_language, evidence_outlets
FROM report_timeline
WHERE period = $period
  AND period_end >= $since AND period_start <= $until
  AND (len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], party))
  AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], issue))
ORDER BY issue, party, period_start;
