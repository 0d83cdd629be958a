-- Report: coverage of the window: articles, independent stories, copies, outlets, positions.
WITH ip AS (
    SELECT * FROM report_independent
    WHERE date BETWEEN $since AND $until
      AND (len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], party))
      AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], issue))
),
arts AS (
    SELECT DISTINCT st.article_id, st.story_id, st.is_copy, st.outlet
    FROM report_positions AS p
    JOIN report_stories AS st USING (article_id)
    WHERE p.date BETWEEN $since AND $until
      AND (len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], p.party))
      AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], p.issue))
)
SELECT
    (SELECT count(*) FROM arts)                            AS articles,
    (SELECT count(DISTINCT story_id) FROM arts)            AS stories,
    (SELECT count(*) FROM arts WHERE is_copy)              AS syndicated_copies,
    (SELECT count(DISTINCT outlet) FROM arts)              AS outlets,
    (SELECT count(*) FROM ip)                              AS positions,
    (SELECT coalesce(sum(n_statements), 0)::BIGINT FROM ip) AS statements,
    (SELECT list(DISTINCT party ORDER BY party) FROM ip)   AS parties,
    (SELECT list(DISTINCT issue ORDER BY issue) FROM ip)   AS issues,
    (SELECT min(date) FROM ip)                             AS first_date,
    (SELECT max(date) FROM ip)                             AS last_date,
    (SELECT count(*) FROM articles)                        AS articles_in_database,
    (SELECT max(published) FROM articles)                  AS latest_published;
