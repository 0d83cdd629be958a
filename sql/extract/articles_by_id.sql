-- The articles to extract (registered frame wanted_ids: article_id), by id.
SELECT a.article_id, a.text, a.language, a.published
FROM articles a SEMI JOIN wanted_ids USING (article_id)
ORDER BY a.article_id;
