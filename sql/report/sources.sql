-- Report: the stories (independent sources) whose quotes the report cites ($article_ids),
-- each with its original article, every outlet that carried it, and how many positions
-- in the window and filters it backs.
WITH cited AS (
    SELECT DISTINCT story_id FROM report_stories
    WHERE article_id IN (SELECT unnest($article_ids::VARCHAR[]))
),
used AS (
    SELECT c.story_id, count(ip.story_id) AS n_positions,
           list(DISTINCT ip.party ORDER BY ip.party) FILTER (WHERE ip.party IS NOT NULL) AS parties,
           list(DISTINCT ip.issue ORDER BY ip.issue) FILTER (WHERE ip.issue IS NOT NULL) AS issues
    FROM cited AS c
    LEFT JOIN report_independent AS ip
      ON ip.story_id = c.story_id
     AND ip.date BETWEEN $since AND $until
     AND (len($parties::VARCHAR[]) = 0 OR list_contains($parties::VARCHAR[], ip.party))
     AND (len($issues::VARCHAR[]) = 0 OR list_contains($issues::VARCHAR[], ip.issue))
    GROUP BY c.story_id
),
carriers AS (
    SELECT st.story_id,
           list(struct_pack(st.article_id, st.outlet, st.url, st.title, st.published, st.is_copy, st.similarity)
                ORDER BY st.is_copy, st.published, st.article_id) AS articles
    FROM report_stories AS st
    SEMI JOIN cited USING (story_id)
    GROUP BY st.story_id
)
SELECT u.story_id, o.title, o.source, o.url, o.published, o.language,
       o.story_articles, o.story_outlets, o.story_outlet_names,
       u.n_positions, u.parties, u.issues, c.articles
FROM used AS u
JOIN report_stories AS o ON o.article_id = u.story_id
JOIN carriers AS c ON c.story_id = u.story_id
ORDER BY o.published, u.story_id;
