-- position_timeline: per party, issue and period (period = 'day' | 'week' | 'month'; weeks
-- start on Monday), the dominant stance, the mean hardness, how many statements, positions
-- and independent sources back it, and a representative evidence quote with its article.
-- Built on independent_positions, so a syndicated story counts once.
-- Dominant stance: the most frequent; ties go to the harder stance, and the period is
-- `mixed` (two or more stances share the top count: a report shows it as mixed, with a
-- quote for each, never as the harder one alone).
-- Representative quote of a stance: a position with that stance, carried by the most
-- outlets, then the most confident, then the latest. `evidence` … is the dominant
-- stance's; `quotes` lists one per stance taken, most frequent first (ties: harder first).
-- The logic is a table macro over the name of its input (independent_positions rows), so that a report can
-- run it over its own materialised copy (sql/report/materialise.sql); the view applies
-- it to the independent_positions view. `periods` lists the period kinds to compute: a
-- report asks for its own and 'day' only (each kind is a full copy of the input's rows).
CREATE OR REPLACE MACRO position_timeline_of(independent_table, periods := ['day', 'week', 'month']) AS TABLE
-- obs holds one row per input row and period kind, with only the columns the counts
-- and the ranking need; the texts (evidence, title, URL, outlets) are joined back for
-- the representative rows alone (best_by_stance).
WITH obs AS NOT MATERIALIZED (
    SELECT g.period,
           CASE g.period
               WHEN 'day'  THEN ip.date
               WHEN 'week' THEN date_trunc('week', ip.date)::DATE
               ELSE date_trunc('month', ip.date)::DATE
           END AS period_start,
           ip.party, ip.issue, ip.stance, ip.hardness, ip.date, ip.story_id, ip.article_id,
           ip.n_statements, ip.n_articles, ip.n_outlets, ip.confidence
    FROM query_table(independent_table) AS ip
    CROSS JOIN (SELECT unnest(list_distinct(periods)) AS period) AS g
),
stance_counts AS (
    SELECT period, party, issue, period_start, stance,
           any_value(hardness) AS hardness, count(*) AS n
    FROM obs
    GROUP BY ALL
),
ranked_stances AS (
    SELECT *,
           row_number() OVER (PARTITION BY period, party, issue, period_start
                              ORDER BY n DESC, hardness DESC, stance) AS rank,
           max(n) OVER (PARTITION BY period, party, issue, period_start) AS top_n
    FROM stance_counts
),
dominant AS (
    SELECT period, party, issue, period_start, stance AS dominant_stance, rank AS rn
    FROM ranked_stances
),
agg AS (
    SELECT period, party, issue, period_start,
           round(avg(hardness), 2)                  AS mean_hardness,
           min(hardness)                            AS min_hardness,
           max(hardness)                            AS max_hardness,
           sum(n_statements)::BIGINT                AS n_statements,
           count(*)                                 AS n_positions,
           count(DISTINCT story_id)                 AS n_sources,
           sum(n_articles)::BIGINT                  AS n_articles,
           list(DISTINCT stance ORDER BY stance)    AS stances,
           min(date)                                AS first_date,
           max(date)                                AS last_date
    FROM obs
    GROUP BY ALL
),
-- The representative position of each stance: the least key (most outlets, most
-- confident, latest, then the smallest article id; a missing value ranks last) picked by
-- an aggregate, not a window that would sort every row with its evidence text. Within a
-- (period, party, issue, period start, stance) an article id is unique, so the order is total.
best_article AS (
    SELECT period, party, issue, period_start, stance,
           min_by(article_id, struct_pack(
               outlets    := coalesce(-n_outlets, 9223372036854775807),
               confidence := coalesce(-confidence, 'infinity'::DOUBLE),
               day        := coalesce(DATE '1970-01-01' - date, 2147483647),
               article    := article_id)) AS article_id
    FROM obs
    GROUP BY ALL
),
-- (article, party, issue, stance) is unique in independent positions (an article
-- belongs to one story), so the join finds exactly the representative row.
best_by_stance AS (
    SELECT k.period, k.period_start, ip.*
    FROM best_article AS k
    JOIN query_table(independent_table) AS ip
      ON ip.article_id = k.article_id AND ip.party = k.party AND ip.issue = k.issue
     AND ip.stance = k.stance
),
rep AS (
    SELECT b.*, 1 AS rn
    FROM best_by_stance AS b
    JOIN dominant AS d
      ON d.rn = 1 AND d.period = b.period AND d.party = b.party AND d.issue = b.issue
     AND d.period_start = b.period_start AND d.dominant_stance = b.stance
),
quotes AS (
    SELECT b.period, b.party, b.issue, b.period_start,
           list(struct_pack(stance := b.stance, hardness := b.hardness, n_positions := r.n,
                            evidence := b.evidence, actor := b.actor, date := b.date,
                            article_id := b.article_id, url := b.url, source := b.source,
                            title := b.title, language := b.language, outlets := b.n_outlets)
                ORDER BY r.rank) AS quotes,
           count(*) FILTER (WHERE r.n = r.top_n) > 1 AS mixed
    FROM best_by_stance AS b
    JOIN ranked_stances AS r USING (period, party, issue, period_start, stance)
    GROUP BY ALL
)
SELECT
    a.period,                   -- 'day' | 'week' | 'month'
    a.party, a.issue,
    a.period_start,             -- first day of the period
    (CASE a.period
         WHEN 'day'  THEN a.period_start
         WHEN 'week' THEN a.period_start + INTERVAL 6 DAY
         ELSE a.period_start + INTERVAL 1 MONTH - INTERVAL 1 DAY
     END)::DATE AS period_end,  -- last day of the period
    d.dominant_stance,          -- most frequent stance (a tie: the harder one, and mixed is true)
    q.mixed,                    -- two or more stances share the top count
    a.mean_hardness,            -- mean of refuse +2 … concede −2 over the independent positions
    a.min_hardness, a.max_hardness,
    a.stances,                  -- every stance taken in the period
    a.n_statements,             -- extracted mentions behind it (one article per story)
    a.n_positions,              -- independent positions (article, party, issue, stance), copies collapsed
    a.n_sources,                -- independent sources: distinct stories (a wire story and its copies count once)
    a.n_articles,               -- articles behind it, syndicated copies included
    a.first_date, a.last_date,
    r.evidence,                 -- representative quote, verbatim
    r.actor,
    r.date       AS evidence_date,
    r.article_id AS evidence_article_id,
    r.url        AS evidence_url,
    r.source     AS evidence_source,
    r.title      AS evidence_title,
    r.language   AS evidence_language,
    r.n_outlets  AS evidence_outlets,    -- outlets that carried the quote's story
    r.outlets    AS evidence_outlet_names,
    q.quotes                    -- one representative quote per stance taken, most frequent first
FROM agg AS a
JOIN dominant AS d
  ON d.rn = 1 AND d.period = a.period AND d.party = a.party AND d.issue = a.issue AND d.period_start = a.period_start
JOIN rep AS r
  ON r.period = a.period AND r.party = a.party AND r.issue = a.issue AND r.period_start = a.period_start
JOIN quotes AS q
  ON q.period = a.period AND q.party = a.party AND q.issue = a.issue AND q.period_start = a.period_start;
CREATE OR REPLACE VIEW position_timeline AS SELECT * FROM position_timeline_of('independent_positions');
