-- Report: each party's current position on each issue: its latest day-level observation
-- up to the end of the window, with the observation before it (for the trend).
WITH t AS (
    SELECT *,
           lag(dominant_stance) OVER w AS previous_stance,
           lag(mean_hardness)   OVER w AS previous_hardness,
           lag(period_start)    OVER w AS previous_date,
           row_number() OVER (PARTITION BY party, issue ORDER BY period_start DESC) AS recency
    FROM position_timeline
    WHERE period = 'day' AND period_start <= $until
      AND (len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], party))
      AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], issue))
    WINDOW w AS (PARTITION BY party, issue ORDER BY period_start)
)
SELECT party, issue, period_start AS date, dominant_stance, mean_hardness, stances,
       n_statements, n_positions, n_sources, n_articles,
       evidence, actor, evidence_date, evidence_article_id, evidence_url, evidence_source,
       evidence_title, evidence_language, evidence_outlets,
       previous_stance, previous_hardness, previous_date
FROM t
WHERE recency = 1
ORDER BY issue, party;
