-- Derived columns checked by expectations/articles.json. Reads the registered frame
-- `validate_batch` (_row_id + article columns); $batch_mode is true for an incoming
-- batch (not stored yet), false when checking rows already in the table.
--   article_key            article_id; NULL for an exact repeat (same id and text) later in
--                          an incoming batch, which ingest counts as known, not as a conflict
--   no_stored_id_conflict  batch: no stored article has this id with another text;
--                          table: no other stored row has this id
--   text_has_content       the text has a visible character (not whitespace, a separator,
--                          a control or a format character such as a zero-width space)
--   published_year         year of the publication date
--   published_days_ahead   days from today to the publication date (> 0 = future)
SELECT
    b.*,
    CASE
        WHEN $batch_mode AND row_number() OVER (
                 PARTITION BY b.article_id, b.content_hash ORDER BY b._row_id) > 1 THEN NULL
        ELSE b.article_id
    END AS article_key,
    CASE
        WHEN $batch_mode THEN NOT EXISTS (
            SELECT 1 FROM articles AS a
            WHERE a.article_id = b.article_id AND a.content_hash IS DISTINCT FROM b.content_hash)
        ELSE (SELECT count(*) FROM articles AS a WHERE a.article_id = b.article_id) <= 1
    END AS no_stored_id_conflict,
    coalesce(regexp_matches(b.text, '[^\s\p{Z}\p{C}]'), false) AS text_has_content,
    year(b.published) AS published_year,
    date_diff('day', current_date, b.published) AS published_days_ahead
FROM validate_batch AS b
ORDER BY b._row_id
