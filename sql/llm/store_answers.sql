-- Cache the answers in the registered frame `new_answers` (content_hash, answer,
-- prompt_tokens, completion_tokens); an answer already cached is kept.
INSERT INTO llm_cache BY NAME
SELECT content_hash, $model AS model, $prompt_version AS prompt_version, answer,
       prompt_tokens, completion_tokens, now()::TIMESTAMP AS created_at
FROM new_answers
ON CONFLICT DO NOTHING;
