-- independent_positions: positions counted once per story. A position that a wire story
-- and its syndicated copies all carry is one row here, with how many articles and
-- outlets carried it; its evidence, actor and date come from the original article
-- (else the most confident copy).
-- The logic is a table macro over the name of its input (positions and article_stories rows), so that a report can
-- run it over its own materialised copy (sql/report/materialise.sql); the view applies
-- it to the positions and article_stories views.
CREATE OR REPLACE MACRO independent_positions_of(positions_table, stories_table) AS TABLE
WITH p AS (
    SELECT p.*, st.story_id, st.is_copy, st.outlet, st.source, st.url, st.title,
           st.language, st.published
    FROM query_table(positions_table) AS p
    JOIN query_table(stories_table) AS st USING (article_id)
),
ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY story_id, party, issue, stance
                              ORDER BY is_copy, confidence DESC, published, article_id) AS rn
    FROM p
),
carried AS (
    SELECT story_id, party, issue, stance,
           count(*)                              AS n_articles,
           count(DISTINCT outlet)                AS n_outlets,
           list(DISTINCT outlet ORDER BY outlet) AS outlets
    FROM p
    GROUP BY ALL
)
SELECT
    r.story_id, r.party, r.issue, r.stance, r.hardness,
    r.actor,
    r.date,                  -- the day it was stated (from the representative article)
    r.evidence,
    r.article_id,            -- the representative article (the original when it carries the position)
    r.url, r.source, r.title, r.language, r.published,
    r.confidence,
    r.n_statements,          -- mentions in the representative article
    c.n_articles,            -- articles carrying this position in this story (copies included)
    c.n_outlets,             -- distinct outlets among them
    c.outlets
FROM ranked AS r
JOIN carried AS c USING (story_id, party, issue, stance)
WHERE r.rn = 1;
CREATE OR REPLACE VIEW independent_positions AS SELECT * FROM independent_positions_of('positions', 'article_stories');
