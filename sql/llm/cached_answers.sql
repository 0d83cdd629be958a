-- The cached answers for the registered frame `wanted_hashes` (content_hash) with this
-- model and prompt version.
SELECT c.content_hash, c.answer
FROM llm_cache AS c
SEMI JOIN wanted_hashes AS w USING (content_hash)
WHERE c.model = $model AND c.prompt_version = $prompt_version;
