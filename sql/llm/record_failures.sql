-- Record the articles whose model call failed (registered frame `failed_articles`:
-- article_id, reason), inside the caller's transaction.
INSERT INTO llm_failures BY NAME
SELECT $run_id AS run_id, article_id, $model AS model, reason, now()::TIMESTAMP AS failed_at
FROM failed_articles;
