-- Fingerprints of another scheme are not comparable with the current one: drop them
-- (their articles are fingerprinted again).
DELETE FROM article_lsh_bands WHERE article_id IN
    (SELECT article_id FROM article_fingerprints WHERE scheme <> $scheme);
DELETE FROM article_fingerprints WHERE scheme <> $scheme;
