-- issue_gaps: per issue and period, each party's hardness side by side, carried forward
-- from its last observation (a party that said nothing this period keeps its last known
-- position; parties that never spoke on the issue yet are absent). spread = hardest minus
-- softest party; trend compares it with the previous period: 'converging' | 'diverging' |
-- 'steady' (NULL for the first period or fewer than two parties).
--   SELECT period_start, hardness_by_party['iran'] AS iran, hardness_by_party['usa'] AS usa, spread
--   FROM issue_gaps WHERE issue = 'enrichment' AND period = 'week' ORDER BY period_start;
CREATE OR REPLACE VIEW issue_gaps AS
WITH periods AS (
    SELECT DISTINCT period, issue, period_start FROM position_timeline
),
parties AS (
    SELECT DISTINCT period, issue, party FROM position_timeline
),
grid AS (
    SELECT p.period, p.issue, p.period_start, q.party
    FROM periods AS p JOIN parties AS q USING (period, issue)
),
carried AS (
    SELECT g.period, g.issue, g.period_start, g.party,
           t.mean_hardness, t.dominant_stance, t.period_start AS as_of
    FROM grid AS g
    ASOF JOIN position_timeline AS t
      ON g.period = t.period AND g.issue = t.issue AND g.party = t.party
     AND g.period_start >= t.period_start
),
per_period AS (
    SELECT period, issue, period_start,
           map(list(party ORDER BY party), list(mean_hardness ORDER BY party))  AS hardness_by_party,
           map(list(party ORDER BY party), list(dominant_stance ORDER BY party)) AS stance_by_party,
           map(list(party ORDER BY party), list(as_of ORDER BY party))           AS as_of_by_party,
           list(party ORDER BY party) FILTER (WHERE as_of = period_start)       AS stated_by,
           count(*)                                                             AS n_parties,
           CASE WHEN count(*) >= 2 THEN round(max(mean_hardness) - min(mean_hardness), 2) END AS spread,
           CASE WHEN max(mean_hardness) > min(mean_hardness) THEN arg_max(party, mean_hardness) END AS hardest_party,
           CASE WHEN max(mean_hardness) > min(mean_hardness) THEN arg_min(party, mean_hardness) END AS softest_party
    FROM carried
    GROUP BY ALL
)
SELECT
    period, issue, period_start,
    hardness_by_party,    -- MAP(party -> mean hardness, carried forward)
    stance_by_party,      -- MAP(party -> dominant stance, carried forward)
    as_of_by_party,       -- MAP(party -> period_start of its last observation)
    coalesce(stated_by, []) AS stated_by,  -- parties that spoke on the issue in this period
    n_parties,
    spread,               -- max − min hardness across parties (NULL with one party)
    lag(spread) OVER (PARTITION BY period, issue ORDER BY period_start) AS previous_spread,
    CASE
        WHEN spread IS NULL OR lag(spread) OVER (PARTITION BY period, issue ORDER BY period_start) IS NULL THEN NULL
        WHEN spread < lag(spread) OVER (PARTITION BY period, issue ORDER BY period_start) THEN 'converging'
        WHEN spread > lag(spread) OVER (PARTITION BY period, issue ORDER BY period_start) THEN 'diverging'
        ELSE 'steady'
    END AS trend,
    hardest_party,        -- party with the highest hardness (NULL when all are equal)
    softest_party
FROM per_period;
