-- Every stored article (`extract --all`), by id.
SELECT article_id FROM articles ORDER BY article_id;
