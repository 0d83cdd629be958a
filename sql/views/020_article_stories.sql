-- article_stories: every article with the story it belongs to. A story is an original
-- article plus its syndicated copies (table `syndication`); story_id is the original's
-- article_id. Counting distinct story_id counts independent sources.
CREATE OR REPLACE VIEW article_stories AS
WITH base AS (
    SELECT
        a.article_id,
        coalesce(s.original_id, a.article_id) AS story_id,
        s.original_id IS NOT NULL             AS is_copy,
        s.similarity,
        coalesce(nullif(trim(a.source), ''), a.article_id) AS outlet,
        a.source, a.url, a.title, a.language, a.published
    FROM articles AS a
    LEFT JOIN syndication AS s USING (article_id)
),
per_story AS (
    SELECT story_id,
           count(*)                                 AS story_articles,
           count(DISTINCT outlet)                   AS story_outlets,
           list(DISTINCT outlet ORDER BY outlet)    AS story_outlet_names
    FROM base
    GROUP BY story_id
)
SELECT
    b.article_id,      -- the article
    b.story_id,        -- its story: the original article's id
    b.is_copy,         -- true for a syndicated copy
    b.similarity,      -- copy's similarity to the original (NULL for originals)
    b.outlet,          -- articles.source, or the article id when the source is unknown
    b.source, b.url, b.title, b.language, b.published,
    p.story_articles,  -- articles carrying the story (original + copies)
    p.story_outlets,   -- distinct outlets that carried it
    p.story_outlet_names
FROM base AS b
JOIN per_story AS p USING (story_id);
