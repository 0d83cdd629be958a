-- independent_positions: positions counted once per story. A position that a wire story
-- and its syndicated copies all carry is one row here, with how many articles and
-- outlets carried it; its evidence, actor and date come from the original article
-- (else the most confident copy).
CREATE OR REPLACE VIEW independent_positions AS
WITH p AS (
    SELECT p.*, st.story_id, st.is_copy, st.outlet, st.source, st.url, st.title,
           st.language, st.published
    FROM positions AS p
    JOIN article_stories AS st USING (article_id)
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
