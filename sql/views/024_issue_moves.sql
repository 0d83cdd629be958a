-- issue_moves: per issue and period, who hardened, who softened and who held, each party
-- measured against its own previous observation on the issue (never against another
-- party: hardness says how firmly a party holds its own line, and two parties at +2 may
-- refuse opposite things). Each party's last known stance is carried forward; parties
-- that never spoke on the issue yet are absent.
--   SELECT period_start, hardened, softened, held FROM issue_moves
--   WHERE issue = 'enrichment' AND period = 'month' ORDER BY period_start;
-- Replaces issue_gaps, whose spread between parties measured nothing real.
DROP VIEW IF EXISTS issue_gaps;
-- The logic is a table macro over the name of its input (position_timeline rows), so that a report can
-- run it over its own materialised copy (sql/report/materialise.sql); the view applies
-- it to the position_timeline view.
CREATE OR REPLACE MACRO issue_moves_of(timeline_table) AS TABLE
WITH observed AS (
    SELECT period, issue, party, period_start, dominant_stance, mean_hardness, mixed,
           CASE
               WHEN lag(mean_hardness) OVER w IS NULL THEN 'first'
               WHEN mean_hardness > lag(mean_hardness) OVER w THEN 'harder'
               WHEN mean_hardness < lag(mean_hardness) OVER w THEN 'softer'
               WHEN dominant_stance <> lag(dominant_stance) OVER w THEN 'changed'
               ELSE 'held'
           END AS move
    FROM query_table(timeline_table)
    WINDOW w AS (PARTITION BY period, issue, party ORDER BY period_start)
),
periods AS (
    SELECT DISTINCT period, issue, period_start FROM observed
),
parties AS (
    SELECT DISTINCT period, issue, party FROM observed
),
grid AS (
    SELECT p.period, p.issue, p.period_start, q.party
    FROM periods AS p JOIN parties AS q USING (period, issue)
),
carried AS (
    SELECT g.period, g.issue, g.period_start, g.party,
           o.mean_hardness, o.dominant_stance, o.mixed, o.period_start AS as_of,
           CASE WHEN o.period_start = g.period_start THEN o.move END AS move
    FROM grid AS g
    ASOF JOIN observed AS o
      ON g.period = o.period AND g.issue = o.issue AND g.party = o.party
     AND g.period_start >= o.period_start
)
SELECT
    period, issue, period_start,
    map(list(party ORDER BY party), list(dominant_stance ORDER BY party)) AS stance_by_party,   -- carried forward
    map(list(party ORDER BY party), list(mixed ORDER BY party))           AS mixed_by_party,
    map(list(party ORDER BY party), list(mean_hardness ORDER BY party))   AS hardness_by_party, -- each on its own line's scale
    map(list(party ORDER BY party), list(as_of ORDER BY party))           AS as_of_by_party,    -- its last observation
    coalesce(list(party ORDER BY party) FILTER (WHERE move IS NOT NULL), []) AS stated_by,      -- spoke this period
    coalesce(list(party ORDER BY party) FILTER (WHERE move = 'harder'), [])  AS hardened,
    coalesce(list(party ORDER BY party) FILTER (WHERE move = 'softer'), [])  AS softened,
    coalesce(list(party ORDER BY party) FILTER (WHERE move = 'changed'), []) AS changed,       -- other stance, same hardness
    coalesce(list(party ORDER BY party) FILTER (WHERE move = 'held'), [])    AS held,          -- said the same again
    coalesce(list(party ORDER BY party) FILTER (WHERE move = 'first'), [])   AS first_stated,  -- first observation
    count(*) AS n_parties
FROM carried
GROUP BY ALL;
CREATE OR REPLACE VIEW issue_moves AS SELECT * FROM issue_moves_of('position_timeline');
