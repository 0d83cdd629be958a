-- Report: each party's current position on each issue: its latest day-level observation
-- inside the window (a party silent in the window has no current position there), with
-- its own observation before it (for the trend; that one may predate the window).
WITH t AS (
    SELECT *,
           lag(dominant_stance) OVER w AS previous_stance,
           lag(mixed)           OVER w AS previous_mixed,
           lag(stances)         OVER w AS previous_stances,
           lag(mean_hardness)   OVER w AS previous_hardness,
           lag(period_start)    OVER w AS previous_date,
           row_number() OVER (PARTITION BY party, issue ORDER BY period_start DESC) AS recency
    FROM report_timeline
    WHERE period = 'day' AND period_start <= $until
      AND (len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], party))
      AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], issue))
    WINDOW w AS (PARTITION BY party, issue ORDER BY period_start)
)
SELECT party, issue, period_start AS date, dominant_stance, mixed, quotes, mean_hardness, stances,
       n_statements, n_positions, n_sources, n_articles,
       evidence, actor, evidence_date, evidence_article_id, evidence_url, evidence_source,
       evidence_title, evidence_language, evidence_outlets,
       previous_stance, previous_mixed, previous_stances, previous_hardness, previous_date,
       -- against its own previous observation (never against another party)
       CASE WHEN previous_hardness IS NULL THEN NULL
            WHEN mean_hardness > previous_hardness THEN 'harder'
            WHEN mean_hardness < previous_hardness THEN 'softer'
            ELSE 'same' END AS trend
FROM t
WHERE recency = 1 AND period_start >= $since
ORDER BY issue, party;
