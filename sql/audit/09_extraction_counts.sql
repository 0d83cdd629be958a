-- An extraction record says how many statements the extractor found (kept + quarantined):
-- the statements stored for it plus those held in quarantine must be exactly that many.
WITH kept AS (
    SELECT article_id, extractor_version, codebook_hash, count(*) AS n
    FROM statements
    GROUP BY ALL
),
held AS (
    SELECT json_extract_string(row_json, '$.article_id') AS article_id,
           json_extract_string(row_json, '$.extractor_version') AS extractor_version,
           json_extract_string(row_json, '$.codebook_hash') AS codebook_hash,
           count(DISTINCT row_key) AS n
    FROM quarantine
    WHERE table_name = 'statements' AND disposition = 'held' AND released_at IS NULL
    GROUP BY ALL
)
SELECT e.article_id AS item,
       'extraction says ' || e.n_statements || ', found ' || coalesce(k.n, 0) || ' stored + '
           || coalesce(h.n, 0) || ' quarantined' AS detail
FROM extractions AS e
LEFT JOIN kept AS k USING (article_id, extractor_version, codebook_hash)
LEFT JOIN held AS h USING (article_id, extractor_version, codebook_hash)
WHERE e.n_statements <> coalesce(k.n, 0) + coalesce(h.n, 0)
ORDER BY e.article_id
