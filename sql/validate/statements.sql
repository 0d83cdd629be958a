-- Derived columns checked by expectations/statements.json: what needs the article.
-- Reads the registered frame `validate_batch` (_row_id + statement columns); returns one
-- row per input row, in _row_id order.
--   article_exists              the article_id is in articles
--   evidence_at_offsets         evidence = substring of the article text at [char_start, char_end)
--                               (code points, as in Python); NULL when the article is missing
--   stated_days_after_article   stated_on - articles.published, in days
--   stance_hardness             'stance:hardness', checked against the allowed pairs
WITH art AS (
    SELECT a.article_id, a.text, a.published
    FROM articles AS a
    WHERE a.article_id IN (SELECT article_id FROM validate_batch)
    QUALIFY row_number() OVER (PARTITION BY a.article_id ORDER BY a.ingested_at) = 1
)
SELECT
    b.*,
    art.article_id IS NOT NULL AS article_exists,
    CASE
        WHEN art.article_id IS NULL THEN NULL
        ELSE coalesce(
            b.char_start >= 0
            AND b.char_end - b.char_start = length(b.evidence)
            AND substring(art.text, b.char_start + 1, b.char_end - b.char_start) = b.evidence,
            false)
    END AS evidence_at_offsets,
    date_diff('day', art.published, b.stated_on) AS stated_days_after_article,
    b.stance || ':' || CAST(b.hardness AS VARCHAR) AS stance_hardness
FROM validate_batch AS b
LEFT JOIN art ON art.article_id = b.article_id
ORDER BY b._row_id
