-- Report: the stories (independent sources) behind the positions in the window, each
-- with its original article and every outlet that carried it.
WITH used AS (
    SELECT story_id, count(*) AS n_positions, min(date) AS first_date, max(date) AS last_date,
           list(DISTINCT party ORDER BY party) AS parties, list(DISTINCT issue ORDER BY issue) AS issues
    FROM independent_positions
    WHERE date BETWEEN $since AND $until
      AND (len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], party))
      AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], issue))
    GROUP BY story_id
),
carriers AS (
    SELECT story_id,
           list(struct_pack(article_id, outlet, url, title, published, is_copy, similarity)
                ORDER BY is_copy, published, article_id) AS articles
    FROM article_stories
    GROUP BY story_id
)
SELECT u.story_id, o.title, o.source, o.url, o.published, o.language,
       o.story_articles, o.story_outlets, o.story_outlet_names,
       u.n_positions, u.first_date, u.last_date, u.parties, u.issues, c.articles
FROM used AS u
JOIN article_stories AS o ON o.article_id = u.story_id
JOIN carriers AS c ON c.story_id = u.story_id
ORDER BY o.published, u.story_id;
