-- position_shifts: for each party and issue, every change of dominant stance or of mean
-- hardness between two consecutive observations (consecutive rows of position_timeline
-- at the same period), with both sides' dates, evidence quotes and articles.
-- direction: 'harder' (hardness went up), 'softer' (down) or 'same' (stance changed at
-- equal hardness, e.g. insist -> pressure).
-- The logic is a table macro over the name of its input (position_timeline rows), so that a report can
-- run it over its own materialised copy (sql/report/materialise.sql); the view applies
-- it to the position_timeline view.
CREATE OR REPLACE MACRO position_shifts_of(timeline_table) AS TABLE
WITH t AS (
    SELECT *,
           lag(period_start)        OVER w AS b_period_start,
           lag(period_end)          OVER w AS b_period_end,
           lag(dominant_stance)     OVER w AS b_stance,
           lag(mean_hardness)       OVER w AS b_hardness,
           lag(stances)             OVER w AS b_stances,
           lag(evidence)            OVER w AS b_evidence,
           lag(actor)               OVER w AS b_actor,
           lag(evidence_date)       OVER w AS b_date,
           lag(evidence_article_id) OVER w AS b_article_id,
           lag(evidence_url)        OVER w AS b_url,
           lag(evidence_source)     OVER w AS b_source,
           lag(evidence_language)   OVER w AS b_language,
           lag(n_sources)           OVER w AS b_sources,
           lag(evidence_outlets)    OVER w AS b_outlets,
           lag(mixed)               OVER w AS b_mixed,
           lag(quotes)              OVER w AS b_quotes
    FROM query_table(timeline_table)
    WINDOW w AS (PARTITION BY period, party, issue ORDER BY period_start)
)
SELECT
    md5(concat_ws('|', period, party, issue, period_start::VARCHAR)) AS shift_id,
    period, party, issue,
    CASE WHEN mean_hardness > b_hardness THEN 'harder'
         WHEN mean_hardness < b_hardness THEN 'softer'
         ELSE 'same' END                       AS direction,
    round(mean_hardness - b_hardness, 2)       AS delta,
    dominant_stance <> b_stance                AS stance_changed,
    b_period_start   AS before_period_start,
    b_period_end     AS before_period_end,
    b_stance         AS before_stance,
    b_hardness       AS before_hardness,
    b_stances        AS before_stances,   -- every stance taken in the before period
    b_evidence       AS before_evidence,
    b_actor          AS before_actor,
    b_date           AS before_date,
    b_article_id     AS before_article_id,
    b_url            AS before_url,
    b_source         AS before_source,
    b_language       AS before_language,
    b_sources        AS before_sources,
    b_outlets        AS before_outlets,   -- outlets that carried the before quote's story
    b_mixed          AS before_mixed,     -- two or more stances shared the top count
    b_quotes         AS before_quotes,    -- one quote per stance taken (see position_timeline)
    period_start     AS after_period_start,
    period_end       AS after_period_end,
    dominant_stance  AS after_stance,
    mean_hardness    AS after_hardness,
    stances          AS after_stances,
    evidence         AS after_evidence,
    actor            AS after_actor,
    evidence_date    AS after_date,
    evidence_article_id AS after_article_id,
    evidence_url     AS after_url,
    evidence_source  AS after_source,
    evidence_language AS after_language,
    n_sources        AS after_sources,
    evidence_outlets AS after_outlets,
    mixed            AS after_mixed,
    quotes           AS after_quotes
FROM t
WHERE b_period_start IS NOT NULL
  AND (dominant_stance <> b_stance OR mean_hardness <> b_hardness);
CREATE OR REPLACE VIEW position_shifts AS SELECT * FROM position_shifts_of('position_timeline');
